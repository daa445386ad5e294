#include "jobs/worker.h"

#include <algorithm>

#include "jobs/job_run.h"

namespace omg::jobs {

using storage::JobRecord;
using storage::JobStatus;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0, Clock::time_point t1) {
    return std::chrono::duration<double>(t1 - t0).count();
}

}  // namespace

Worker::Worker(ClaimsFactory claims, storage::WorkerRegistry* registry, JobEngine& engine,
               storage::ArtifactStore& artifacts, WorkerOptions options)
    : claims_factory_(std::move(claims)),
      registry_(registry),
      engine_(engine),
      artifacts_(artifacts),
      options_(std::move(options)),
      env_(options_.env != nullptr ? *options_.env : core::Env::system()),
      started_at_(storage::now_iso()) {
    options_.concurrency = std::max(1, options_.concurrency);
}

Worker::~Worker() { shutdown(std::chrono::milliseconds(0)); }

void Worker::say(const std::string& line) const {
    if (options_.log) options_.log(line);
}

Status Worker::start() {
    std::vector<std::unique_ptr<storage::JobClaims>> connections;
    for (int i = 0; i < options_.concurrency; ++i) {
        auto c = claims_factory_();
        if (!c) return tl::unexpected(c.error());
        connections.push_back(std::move(*c));
    }
    std::lock_guard lock(mutex_);
    if (stopped_ || !slots_.empty()) return fail(Errc::conflict, "the worker was already started");
    claims_ = std::move(connections);
    running_.resize(claims_.size());
    for (size_t i = 0; i < claims_.size(); ++i) {
        slots_.emplace_back([this, i](std::stop_token st) { slot_loop(st, i); });
    }
    if (registry_ != nullptr) {
        beat_ = std::jthread([this](std::stop_token st) { beat_loop(st); });
    }
    return {};
}

bool Worker::wait_for(std::stop_token stop, std::chrono::milliseconds d) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, stop, d, [&] { return draining_; });
    return !stop.stop_requested() && !draining_;
}

void Worker::fail_poison_jobs(storage::JobClaims& claims) {
    if (options_.max_lease_expiries <= 0) return;
    const std::string reason =
        "The job was failed after its worker stopped " + std::to_string(options_.max_lease_expiries) +
        " times while running it (killed, crashed or cut off); it is not run again so that it "
        "cannot take down more workers";
    auto ids = claims.fail_poisoned(options_.max_lease_expiries, reason, storage::now_iso());
    if (!ids) return;  // the claim that follows reports an unreachable database
    for (const auto& id : *ids) {
        poisoned_.fetch_add(1, std::memory_order_relaxed);
        (void)artifacts_.remove_job(id);
        say("job " + id + " failed as a poison job");
    }
}

void Worker::slot_loop(std::stop_token stop, size_t slot) {
    storage::JobClaims& claims = *claims_[slot];
    bool reported_down = false;
    while (!stop.stop_requested()) {
        {
            std::lock_guard lock(mutex_);
            if (draining_) return;
        }
        fail_poison_jobs(claims);
        storage::ClaimRequest request;
        request.worker = options_.id;
        request.providers = options_.providers;
        request.default_provider = options_.default_provider;
        request.lease = options_.lease;
        request.started_at = storage::now_iso();
        request.max_lease_expiries = options_.max_lease_expiries;
        const auto t0 = env_.steady_now();
        auto claim = claims.claim(request);
        claim_latency_.observe(seconds_since(t0, env_.steady_now()));
        if (!claim) {
            if (!reported_down) say("cannot claim jobs: " + claim.error().message);
            reported_down = true;
            (void)wait_for(stop, options_.poll_interval);
            continue;
        }
        reported_down = false;
        if (!*claim) {
            (void)wait_for(stop, options_.poll_interval);
            continue;
        }
        run_claim(claims, std::move(**claim), slot);
    }
}

void Worker::run_claim(storage::JobClaims& claims, storage::Claim claim, size_t slot) {
    claimed_.fetch_add(1, std::memory_order_relaxed);
    if (claim.after_lease_expiry) taken_over_.fetch_add(1, std::memory_order_relaxed);
    JobRecord record = std::move(claim.job);
    const int attempt = claim.attempt;
    const std::string job_id = record.id;
    std::stop_source render_stop;
    {
        std::lock_guard lock(mutex_);
        running_[slot] = Running{job_id, render_stop};
        // A shutdown whose grace ran out while this claim was being made hands it back now.
        if (handing_back_) render_stop.request_stop();
    }
    say("job " + job_id + " attempt " + std::to_string(attempt) + " claimed" +
        (claim.after_lease_expiry ? " after a lease expired" : ""));
    // The job is not completed and this attempt is now its only owner: whatever its folder
    // holds was left by an attempt that died (kill -9) and is no version's. A stale attempt
    // still writing removes its own files once its next renewal is refused.
    (void)artifacts_.remove_job(job_id);

    std::atomic<bool> lost{false};
    auto lose = [&](const std::string& why) {
        if (!lost.exchange(true)) say("job " + job_id + " attempt " + std::to_string(attempt) + " lost: " + why);
        render_stop.request_stop();
    };

    // The lease is renewed from its own thread, so a render that does not report progress for
    // a while keeps it, and a cancel is seen within one interval.
    std::jthread renewer([&](std::stop_token rs) {
        auto last_ok = env_.steady_now();
        std::mutex m;
        std::condition_variable_any cv;
        while (!rs.stop_requested()) {
            {
                std::unique_lock lock(m);
                cv.wait_for(lock, rs, options_.renew_interval, [] { return false; });
            }
            if (rs.stop_requested()) return;
            auto st = claims.renew(job_id, attempt, options_.lease);
            const auto now = env_.steady_now();
            if (st) {
                last_ok = now;
            } else if (st.error().code == Errc::conflict) {
                lose("cancelled, deleted or claimed by another worker");
                return;
            } else if (now - last_ok + options_.renew_interval >= options_.lease) {
                lose("the database could not be reached for as long as the lease lasts");
                return;
            }
        }
    });

    Clock::time_point last_write{};
    std::string stage;
    std::mutex progress_mutex;  // an engine may report from its render threads
    // Progress and the stage go to the database (and so, through its change feed, to every
    // API node's clients): a new stage at once, progress at most every progress_interval.
    auto on_progress = [&](const std::string& now_stage, double percent) {
        std::lock_guard lock(progress_mutex);
        const bool new_stage = now_stage != stage;
        if (percent <= record.progress && !new_stage) return;
        record.progress = std::max(record.progress, percent);
        stage = now_stage;
        const auto now = env_.steady_now();
        if (!new_stage && now - last_write < options_.progress_interval) return;
        last_write = now;
        auto st = claims.report_progress(job_id, attempt, record.progress, stage);
        if (!st && st.error().code == Errc::conflict) lose("a progress write was refused");
    };
    const auto t0 = env_.steady_now();
    JobRunResult run = run_job_versions(engine_, artifacts_, job_id, record.params, on_progress,
                                        render_stop.get_token());
    renewer.request_stop();
    renewer.join();
    const double ran_s = seconds_since(t0, env_.steady_now());

    auto remove_own_files = [&] {
        for (const auto& v : run.version_ids) (void)artifacts_.remove_version(job_id, v);
    };
    bool handing_back = false;
    {
        std::lock_guard lock(mutex_);
        handing_back = handing_back_;
    }
    std::string outcome;
    if (lost) {
        remove_own_files();
        lost_.fetch_add(1, std::memory_order_relaxed);
        outcome = "stopped after " + std::to_string(static_cast<int>(ran_s * 1000)) + " ms";
    } else if (run.error && run.error->code == Errc::cancelled && handing_back) {
        remove_own_files();
        auto st = claims.release(job_id, attempt);
        handed_back_.fetch_add(1, std::memory_order_relaxed);
        outcome = st ? "handed back" : "not handed back (" + st.error().message + "): its lease will expire";
    } else if (run.error) {
        remove_own_files();
        record.status = JobStatus::failed;
        record.error = run.error->message.empty() ? "Generation failed" : run.error->message;
        record.finished_at = storage::now_iso();
        auto st = claims.update(record, attempt);
        failed_.fetch_add(1, std::memory_order_relaxed);
        outcome = st ? "failed: " + *record.error : "failed, not written: " + st.error().message;
    } else {
        record.status = JobStatus::completed;
        record.progress = 100;
        record.error.reset();
        record.finished_at = storage::now_iso();
        record.versions = std::move(run.versions);
        // A database that is away is waited for while the lease would still be ours. After a
        // write whose answer was lost, a refusal may mean it was committed: the files stay.
        bool ambiguous = false;
        std::vector<storage::StagedFile> staged;
        if (options_.files_in_database) {
            for (const auto& v : record.versions) {
                for (const auto& name : v.files) {
                    if (auto path = artifacts_.file_path(job_id, name)) staged.push_back({name, *path});
                }
            }
        }
        const auto deadline = env_.steady_now() + options_.lease;
        Status st = claims.complete(record, attempt, staged);
        while (!st && st.error().code != Errc::conflict && env_.steady_now() < deadline) {
            ambiguous = true;
            std::this_thread::sleep_for(options_.renew_interval);
            st = claims.complete(record, attempt, staged);
        }
        // Sent or refused, the database holds what counts: the staged copies are done with.
        if (options_.files_in_database) (void)artifacts_.remove_job(job_id);
        if (st) {
            completed_.fetch_add(1, std::memory_order_relaxed);
            outcome = "completed in " + std::to_string(static_cast<int>(ran_s * 1000)) + " ms";
        } else {
            if (!ambiguous && !options_.files_in_database) remove_own_files();
            lost_.fetch_add(1, std::memory_order_relaxed);
            outcome = "finished but lost: " + st.error().message;
        }
    }
    if (!outcome.empty()) say("job " + job_id + " attempt " + std::to_string(attempt) + " " + outcome);
    std::lock_guard lock(mutex_);
    running_[slot] = Running{};
}

storage::WorkerBeat Worker::beat_of() const {
    storage::WorkerBeat b;
    b.id = options_.id;
    b.host = options_.host;
    b.pid = options_.pid;
    b.providers = options_.providers;
    b.current_jobs = current_jobs();
    b.started_at = started_at_;
    const auto latency = claim_latency_.snapshot();
    b.claims = static_cast<int64_t>(latency.count);
    b.claim_seconds = latency.sum;
    return b;
}

void Worker::beat_loop(std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
        (void)registry_->beat(beat_of());
        std::unique_lock lock(m);
        cv.wait_for(lock, stop, options_.beat_interval, [] { return false; });
    }
}

std::vector<std::string> Worker::current_jobs() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> ids;
    for (const auto& r : running_) {
        if (!r.job_id.empty()) ids.push_back(r.job_id);
    }
    return ids;
}

void Worker::shutdown(std::chrono::milliseconds grace) {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
        draining_ = true;
    }
    cv_.notify_all();
    const auto deadline = env_.steady_now() + grace;
    while (env_.steady_now() < deadline && !current_jobs().empty()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    {
        std::lock_guard lock(mutex_);
        handing_back_ = true;
        for (auto& r : running_) {
            if (!r.job_id.empty()) r.stop.request_stop();
        }
    }
    for (auto& s : slots_) s.request_stop();
    cv_.notify_all();
    slots_.clear();  // joins: each slot releases the job it was stopped in
    if (beat_.joinable()) {
        beat_.request_stop();
        beat_.join();
    }
    if (registry_ != nullptr) (void)registry_->leave(options_.id);
}

WorkerStats Worker::stats() const {
    WorkerStats s;
    s.claimed = claimed_.load();
    s.completed = completed_.load();
    s.failed = failed_.load();
    s.lost = lost_.load();
    s.handed_back = handed_back_.load();
    s.taken_over = taken_over_.load();
    s.poisoned = poisoned_.load();
    s.claim_latency = claim_latency_.snapshot();
    return s;
}

}  // namespace omg::jobs
