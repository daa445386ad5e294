#include "jobs/job_queue.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "jobs/crash_guard.h"
#include "jobs/job_events.h"
#include "jobs/job_run.h"
#include "jobs/recovery.h"
#include "storage/ids.h"

namespace omg::jobs {

using storage::JobRecord;
using storage::JobStatus;

namespace {


Work work_of(const JobRecord& r) { return Work{r.status, r.params.num_versions, r.params.duration_s, r.progress}; }

}  // namespace

JobQueue::JobQueue(storage::JobStore& store, storage::ArtifactStore& artifacts, JobEngine& engine,
                   EventBus& events, QueueOptions options)
    : store_(store),
      artifacts_(artifacts),
      engine_(engine),
      events_(events),
      options_(options),
      env_(options.env != nullptr ? *options.env : core::Env::system()),
      speed_(options.initial_speed) {
    if (options_.workers < 1) options_.workers = 1;
}

JobQueue::~JobQueue() { shutdown(std::chrono::milliseconds(0)); }

Status JobQueue::recover() {
    auto loaded = store_.load_all();
    if (!loaded) return tl::unexpected(loaded.error());
    RecoveryRules rules{options_.max_crashes, options_.max_interruptions, options_.crash_counts,
                        options_.crash_backoff};
    RecoveryPlan plan = plan_recovery(std::move(*loaded), rules, storage::now_iso());
    std::vector<std::string> touched;
    {
        std::lock_guard lock(mutex_);
        const auto now = env_.steady_now();
        for (auto& job : plan.jobs) {
            if (job.changed) touched.push_back(job.record.id);
            for (const auto& v : job.record.versions) version_to_job_[v.id] = job.record.id;
            Slot slot;
            slot.queued = now;
            if (job.wait.count() > 0) slot.not_before = now + job.wait;
            slot.record = std::move(job.record);
            std::string id = slot.record.id;
            jobs_.emplace(id, std::move(slot));
        }
        order_ = std::move(plan.order);
        renumber_locked(nullptr);
    }
    for (const auto& id : touched) persist(id);
    {
        std::vector<std::pair<std::string, std::optional<int64_t>>> positions;
        {
            std::lock_guard lock(mutex_);
            for (const auto& id : order_) positions.emplace_back(id, jobs_.at(id).record.queue_pos);
        }
        std::lock_guard plock(persist_mutex_);
        if (auto st = store_.set_queue_positions(positions); !st) return st;
    }
    // Files: exactly the completed versions' files survive.
    std::lock_guard lock(mutex_);
    artifacts_.sweep(
        [&](const std::string& job_id) {
            auto it = jobs_.find(job_id);
            return it != jobs_.end() && it->second.record.status == JobStatus::completed;
        },
        [&](const std::string& job_id, const std::string& file) {
            const auto& rec = jobs_.at(job_id).record;
            for (const auto& v : rec.versions) {
                if (file.rfind(v.id + ".", 0) == 0) return true;
            }
            return false;
        });
    return {};
}

void JobQueue::start() {
    std::lock_guard lock(mutex_);
    if (!workers_.empty() || stopped_) return;
    for (int i = 0; i < options_.workers; ++i) {
        workers_.emplace_back([this](std::stop_token st) { worker_loop(st); });
    }
}

void JobQueue::renumber_locked(std::vector<std::pair<std::string, std::optional<int64_t>>>* out) {
    int64_t pos = 1;
    for (const auto& id : order_) {
        auto& rec = jobs_.at(id).record;
        rec.queue_pos = pos;
        if (out != nullptr) out->emplace_back(id, pos);
        ++pos;
    }
    next_pos_ = pos;
}

Result<JobView> JobQueue::submit(storage::JobParams params, std::string kind) {
    std::lock_guard plock(persist_mutex_);
    JobRecord rec;
    {
        std::lock_guard lock(mutex_);
        if (!accepting_) return fail(Errc::unavailable, "The server is shutting down");
        size_t pending = 0;
        for (const auto& id : order_) {
            if (jobs_.at(id).record.status == JobStatus::pending) ++pending;
        }
        if (pending >= options_.max_pending) {
            return fail(Errc::unavailable, "The queue is full; try again later");
        }
        rec.id = kind == "track" ? storage::new_track_id() : storage::new_uuid();
        while (jobs_.count(rec.id) != 0) {
            rec.id = kind == "track" ? storage::new_track_id() : storage::new_uuid();
        }
        rec.kind = std::move(kind);
        rec.status = JobStatus::pending;
        rec.params = std::move(params);
        rec.created_at = storage::now_iso();
        rec.queue_pos = next_pos_++;
    }
    if (auto st = store_.insert(rec); !st) {
        // The store's own message (SQLite's) stays here: callers show this one to users.
        return fail(Errc::io, "The job could not be saved; try again later");
    }
    std::string id = rec.id;
    {
        std::lock_guard lock(mutex_);
        Slot slot;
        slot.record = std::move(rec);
        slot.queued = env_.steady_now();
        jobs_.emplace(id, std::move(slot));
        order_.push_back(id);
    }
    cv_.notify_all();
    publish("created", id);
    std::lock_guard lock(mutex_);
    return view_locked(jobs_.at(id));
}

std::optional<int> JobQueue::position_locked(const std::string& job_id) const {
    auto it = std::find(order_.begin(), order_.end(), job_id);
    if (it == order_.end()) return std::nullopt;
    return static_cast<int>(it - order_.begin()) + 1;
}

std::vector<std::optional<double>> JobQueue::etas_locked() const {
    std::vector<Work> queue;
    queue.reserve(order_.size());
    for (const auto& id : order_) queue.push_back(work_of(jobs_.at(id).record));
    // Jobs still running outside the queue (deleted while running) hold a worker too.
    double elsewhere = 0;
    for (const auto& [id, slot] : jobs_)
        if (slot.running && std::find(order_.begin(), order_.end(), id) == order_.end())
            elsewhere += speed_.remaining(work_of(slot.record));
    return queue_etas(queue, speed_, options_.workers, elsewhere);
}

JobView JobQueue::view_locked(const Slot& slot) const {
    JobView v;
    v.record = slot.record;
    v.stage = slot.stage;
    v.queue_position = position_locked(slot.record.id);
    if (v.queue_position) v.eta_s = etas_locked()[static_cast<size_t>(*v.queue_position - 1)];
    return v;
}

std::optional<JobView> JobQueue::get(const std::string& job_id) const {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(job_id);
    if (it == jobs_.end() || it->second.erased) return std::nullopt;
    return view_locked(it->second);
}

std::vector<JobView> JobQueue::list_queue(bool include_cancelled) const {
    std::lock_guard lock(mutex_);
    std::vector<JobView> out;
    out.reserve(order_.size());
    const auto etas = etas_locked();
    for (size_t i = 0; i < order_.size(); ++i) {
        const auto& slot = jobs_.at(order_[i]);
        JobView v;
        v.record = slot.record;
        v.stage = slot.stage;
        v.queue_position = static_cast<int>(i) + 1;
        v.eta_s = etas[i];
        out.push_back(std::move(v));
    }
    if (include_cancelled) {
        std::vector<const Slot*> gone;
        for (const auto& [id, slot] : jobs_) {
            if (slot.erased || slot.record.status != JobStatus::cancelled) continue;
            if (std::find(order_.begin(), order_.end(), id) != order_.end()) continue;
            gone.push_back(&slot);
        }
        std::stable_sort(gone.begin(), gone.end(), [](const Slot* a, const Slot* b) {
            return a->record.created_at < b->record.created_at;
        });
        for (const Slot* slot : gone) {
            JobView v;
            v.record = slot->record;
            out.push_back(std::move(v));
        }
    }
    return out;
}

Status JobQueue::remove_from_queue(const std::string& job_id) {
    std::vector<std::pair<std::string, std::optional<int64_t>>> positions;
    bool cancelled = false;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        auto pos = std::find(order_.begin(), order_.end(), job_id);
        if (it == jobs_.end() || pos == order_.end()) {
            return fail(Errc::not_found, "Queue item " + job_id + " not found");
        }
        order_.erase(pos);
        auto& slot = it->second;
        slot.record.queue_pos.reset();
        positions.emplace_back(job_id, std::nullopt);
        if (!storage::is_terminal(slot.record.status)) {
            slot.record.status = JobStatus::cancelled;
            slot.record.finished_at = storage::now_iso();
            slot.cancel_requested = true;
            slot.stage.clear();
            slot.stop.request_stop();
            if (!slot.running) metrics_.cancelled_waiting();  // a running one counts when it stops
            cancelled = true;
        }
        renumber_locked(&positions);
    }
    persist(job_id);
    {
        std::lock_guard plock(persist_mutex_);
        (void)store_.set_queue_positions(positions);
    }
    publish(cancelled ? "cancelled" : "removed", job_id);
    return {};
}

Status JobQueue::reorder(const std::string& job_id, int new_position) {
    std::vector<std::pair<std::string, std::optional<int64_t>>> positions;
    {
        std::lock_guard lock(mutex_);
        auto pos = std::find(order_.begin(), order_.end(), job_id);
        if (pos == order_.end()) return fail(Errc::not_found, "Queue item not found");
        if (new_position < 1 || static_cast<size_t>(new_position) > order_.size()) {
            return fail(Errc::invalid_argument, "Invalid position");
        }
        if (jobs_.at(job_id).record.status == JobStatus::processing) {
            return fail(Errc::conflict, "The job is processing");
        }
        order_.erase(pos);
        order_.insert(order_.begin() + (new_position - 1), job_id);
        renumber_locked(&positions);
    }
    {
        std::lock_guard plock(persist_mutex_);
        if (auto st = store_.set_queue_positions(positions); !st) return st;
    }
    cv_.notify_all();
    publish("reordered", job_id);
    return {};
}

Status JobQueue::erase(const std::string& job_id) {
    std::vector<std::pair<std::string, std::optional<int64_t>>> positions;
    bool running = false;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        if (it == jobs_.end() || it->second.erased) {
            return fail(Errc::not_found, "Job " + job_id + " not found");
        }
        auto pos = std::find(order_.begin(), order_.end(), job_id);
        if (pos != order_.end()) order_.erase(pos);
        renumber_locked(&positions);
        running = it->second.running;
        for (const auto& v : it->second.record.versions) version_to_job_.erase(v.id);
    }
    {
        // The record goes first: a crash after this leaves only an orphan folder, which the
        // next start sweeps away.
        std::lock_guard plock(persist_mutex_);
        if (auto st = store_.erase(job_id); !st && st.error().code != Errc::not_found) return st;
        (void)store_.set_queue_positions(positions);
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        if (it != jobs_.end()) {
            if (running) {
                it->second.erased = true;
                it->second.cancel_requested = true;
                it->second.stop.request_stop();
            } else {
                jobs_.erase(it);
            }
        }
    }
    if (!running) (void)artifacts_.remove_job(job_id);
    publish("deleted", job_id);
    return {};
}

std::optional<JobQueue::VersionRef> JobQueue::find_version(const std::string& version_id) const {
    std::lock_guard lock(mutex_);
    auto it = version_to_job_.find(version_id);
    if (it == version_to_job_.end()) return std::nullopt;
    auto job = jobs_.find(it->second);
    if (job == jobs_.end() || job->second.erased) return std::nullopt;
    for (const auto& v : job->second.record.versions) {
        if (v.id == version_id) return VersionRef{job->first, v};
    }
    return std::nullopt;
}

bool JobQueue::runnable_locked(const Slot& slot, std::chrono::steady_clock::time_point now) {
    return slot.record.status == JobStatus::pending && !slot.running && slot.not_before <= now;
}

bool JobQueue::has_runnable_locked() const {
    if (!accepting_ || shutting_down_) return false;
    const auto now = env_.steady_now();
    for (const auto& id : order_) {
        if (runnable_locked(jobs_.at(id), now)) return true;
    }
    return false;
}

std::chrono::nanoseconds JobQueue::wake_delay_locked() const {
    // Woken by the condition variable for anything else; an hour is only the idle re-check.
    std::chrono::nanoseconds delay = std::chrono::hours(1);
    const auto now = env_.steady_now();
    for (const auto& id : order_) {
        const auto& slot = jobs_.at(id);
        if (slot.record.status == JobStatus::pending && !slot.running && slot.not_before > now)
            delay = std::min<std::chrono::nanoseconds>(delay, slot.not_before - now);
    }
    return delay;
}

void JobQueue::wake() { cv_.notify_all(); }

void JobQueue::worker_loop(std::stop_token worker_stop) {
    while (!worker_stop.stop_requested()) {
        std::string id;
        {
            std::unique_lock lock(mutex_);
            // A job in crash backoff wakes the workers when its delay is over (measured on the
            // queue's clock; a test that moves a fake clock calls wake()).
            cv_.wait_for(lock, worker_stop, wake_delay_locked(), [&] { return has_runnable_locked(); });
            if (worker_stop.stop_requested() || !has_runnable_locked()) continue;
            const auto now = env_.steady_now();
            for (const auto& qid : order_) {
                auto& slot = jobs_.at(qid);
                if (runnable_locked(slot, now)) {
                    slot.running = true;
                    slot.stop = std::stop_source();
                    slot.stage = "starting";
                    slot.record.status = JobStatus::processing;
                    slot.record.progress = 0;
                    slot.record.attempts += 1;
                    slot.record.started_at = storage::now_iso();
                    metrics_.started(std::chrono::duration<double>(now - slot.queued).count());
                    id = qid;
                    break;
                }
            }
        }
        if (id.empty()) continue;
        persist(id);
        publish("started", id);
        CrashGuard::Scope crash_scope(id);
        run_job(id);
    }
}

void JobQueue::run_job(const std::string& job_id) {
    storage::JobParams params;
    std::stop_token token;
    {
        std::lock_guard lock(mutex_);
        const auto& slot = jobs_.at(job_id);
        params = slot.record.params;
        token = slot.stop.get_token();
    }
    const int count = std::max(1, params.num_versions);
    const auto t0 = env_.steady_now();
    auto on_progress = [&](const std::string& stage, double overall) {
        bool persist_now = false;
        bool event_now = false;
        {
            std::lock_guard lock(mutex_);
            auto it = jobs_.find(job_id);
            if (it == jobs_.end() || it->second.cancel_requested) return;
            auto& slot = it->second;
            bool stage_changed = slot.stage != stage;
            slot.stage = stage;
            if (overall > slot.record.progress) slot.record.progress = overall;
            auto now = env_.steady_now();
            if (now - slot.last_persist >= options_.progress_persist_interval) {
                slot.last_persist = now;
                persist_now = true;
            }
            if (stage_changed || now - slot.last_event >= std::chrono::milliseconds(100)) {
                slot.last_event = now;
                event_now = true;
            }
        }
        if (persist_now) persist(job_id);
        if (event_now) publish("progress", job_id);
    };
    JobRunResult run = run_job_versions(engine_, artifacts_, job_id, params, on_progress, token);
    std::vector<storage::VersionRecord> versions = std::move(run.versions);
    std::optional<Error> error = std::move(run.error);

    const double elapsed = std::chrono::duration<double>(env_.steady_now() - t0).count();
    std::string event = "completed";
    bool remove_files = true;
    bool keep_slot = true;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        auto& slot = it->second;
        slot.running = false;
        slot.stage.clear();
        if (slot.erased) {
            keep_slot = false;
            event.clear();
            metrics_.finished(Outcome::cancelled, elapsed);
        } else if (slot.cancel_requested) {
            event.clear();  // published when the cancel was requested
            metrics_.finished(Outcome::cancelled, elapsed);
        } else if (error && error->code == Errc::cancelled && shutting_down_) {
            // Stopped by shutdown, not by a user: run it again on the next start.
            slot.record.status = JobStatus::pending;
            slot.record.progress = 0;
            slot.record.attempts = std::max(0, slot.record.attempts - 1);
            slot.record.started_at.reset();
            slot.queued = env_.steady_now();
            event = "requeued";
            metrics_.finished(Outcome::requeued, elapsed);
        } else if (error) {
            slot.record.status = JobStatus::failed;
            slot.record.error = error->message.empty() ? "Generation failed" : error->message;
            slot.record.finished_at = storage::now_iso();
            event = "failed";
            metrics_.finished(Outcome::failed, elapsed);
        } else {
            slot.record.status = JobStatus::completed;
            slot.record.progress = 100;
            slot.record.error.reset();
            slot.record.finished_at = storage::now_iso();
            slot.record.versions = versions;
            for (const auto& v : versions) version_to_job_[v.id] = job_id;
            remove_files = false;
            speed_.measured(elapsed, count * params.duration_s);
            metrics_.finished(Outcome::completed, elapsed);
        }
        if (!keep_slot) jobs_.erase(it);
    }
    if (remove_files) (void)artifacts_.remove_job(job_id);
    if (keep_slot) persist(job_id, event == "completed");
    if (!event.empty()) publish(event, job_id);
    cv_.notify_all();
}

void JobQueue::persist(const std::string& job_id, bool complete) {
    std::lock_guard plock(persist_mutex_);
    JobRecord snapshot;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        if (it == jobs_.end() || it->second.erased) return;
        snapshot = it->second.record;
    }
    // A failed write leaves memory ahead of disk; the next write of this job catches up, and a
    // crash before then replays the job, which is safe.
    if (complete) {
        (void)store_.complete(snapshot);
    } else {
        (void)store_.update(snapshot);
    }
}

void JobQueue::publish(const std::string& type, const std::string& job_id) {
    std::string data;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        if (it == jobs_.end() || it->second.erased) {
            data = deleted_event_json(job_id);
        } else {
            data = job_event_json(view_locked(it->second));
        }
    }
    events_.publish(type, std::move(data));
}

void JobQueue::shutdown(std::chrono::milliseconds grace) {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        accepting_ = false;
    }
    cv_.notify_all();
    {
        // Running jobs get the grace period (real time: it is threads being waited for); each
        // finishing job notifies.
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, grace, [&] {
            return std::none_of(jobs_.begin(), jobs_.end(), [](const auto& kv) { return kv.second.running; });
        });
    }
    std::vector<std::jthread> workers;
    {
        std::lock_guard lock(mutex_);
        shutting_down_ = true;
        stopped_ = true;
        for (auto& [id, slot] : jobs_) {
            if (slot.running) slot.stop.request_stop();
        }
        workers = std::move(workers_);
    }
    for (auto& w : workers) w.request_stop();
    cv_.notify_all();
    workers.clear();  // joins
}

QueueStats JobQueue::stats() const {
    std::lock_guard lock(mutex_);
    QueueStats s;
    s.workers = options_.workers;
    s.total = static_cast<int>(jobs_.size());
    for (const auto& [id, slot] : jobs_) {
        if (slot.record.status == JobStatus::pending) ++s.pending;
        if (slot.record.status == JobStatus::processing) ++s.processing;
    }
    s.speed = speed_.speed();
    s.accepting = accepting_;
    return s;
}

int JobQueue::retry_after_s() const {
    std::lock_guard lock(mutex_);
    std::vector<Work> running;
    for (const auto& [id, slot] : jobs_)
        if (slot.record.status == JobStatus::processing) running.push_back(work_of(slot.record));
    return jobs::retry_after_s(running, speed_, options_.workers);
}

double JobQueue::estimate_s(const storage::JobParams& params) const {
    std::lock_guard lock(mutex_);
    return speed_.remaining(Work{JobStatus::pending, params.num_versions, params.duration_s, 0});
}

}  // namespace omg::jobs
