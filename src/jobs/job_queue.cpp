#include "jobs/job_queue.h"

#include "jobs/crash_guard.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <random>

#include <nlohmann/json.hpp>

#include "storage/ids.h"

namespace omg::jobs {

using storage::JobRecord;
using storage::JobStatus;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

uint64_t random_seed() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    // 31 bits, like the seed UI: exact in JavaScript numbers and in every client.
    return rng() & 0x7fffffffULL;
}

std::string version_metadata(const storage::JobParams& params, int index, uint64_t seed,
                             const std::string& engine_json) {
    json meta = {
        {"prompt", params.prompt},
        {"lyrics", params.lyrics ? json(*params.lyrics) : json(nullptr)},
        {"duration", params.duration_s},
        {"model", "omg-builtin"},
        {"version", index + 1},
        {"format", "mp3"},
        {"seed", seed},
    };
    json extra = json::parse(engine_json, nullptr, false);
    if (extra.is_object()) {
        for (auto it = extra.begin(); it != extra.end(); ++it) meta[it.key()] = it.value();
    }
    return meta.dump();
}

}  // namespace

JobQueue::JobQueue(storage::JobStore& store, storage::ArtifactStore& artifacts, JobEngine& engine,
                   EventBus& events, QueueOptions options)
    : store_(store),
      artifacts_(artifacts),
      engine_(engine),
      events_(events),
      options_(options),
      speed_(options.initial_speed > 0 ? options.initial_speed : 0.05) {
    if (options_.workers < 1) options_.workers = 1;
}

JobQueue::~JobQueue() { shutdown(std::chrono::milliseconds(0)); }

Status JobQueue::recover() {
    auto loaded = store_.load_all();
    if (!loaded) return tl::unexpected(loaded.error());
    std::vector<std::string> touched;
    {
        std::lock_guard lock(mutex_);
        for (auto& rec : *loaded) {
            std::chrono::steady_clock::time_point not_before{};
            if (rec.status == JobStatus::processing) {
                // Interrupted: by a crash this job caused (the crash log names it), or by a
                // kill, a power cut or another job's crash (it does not).
                auto crashed = options_.crash_counts.find(rec.id);
                const int crashes = crashed == options_.crash_counts.end() ? 0 : crashed->second;
                if (options_.max_crashes > 0 && crashes >= options_.max_crashes) {
                    rec.status = JobStatus::failed;
                    rec.error = "This job crashed the server " + std::to_string(crashes) +
                                " times; it will not be run again";
                    rec.finished_at = storage::now_iso();
                } else if (options_.max_interruptions > 0 &&
                           rec.attempts >= options_.max_interruptions) {
                    rec.status = JobStatus::failed;
                    rec.error = "Generation was interrupted " + std::to_string(rec.attempts) +
                                " times; giving up";
                    rec.finished_at = storage::now_iso();
                } else {
                    rec.status = JobStatus::pending;
                    if (crashes > 0) {
                        // A suspect goes behind the others and waits before running again.
                        rec.queue_pos = 0;
                        not_before = std::chrono::steady_clock::now() +
                                     options_.crash_backoff * (1 << std::min(crashes - 1, 10));
                    }
                }
                rec.progress = 0;
                touched.push_back(rec.id);
            }
            if (rec.status == JobStatus::pending && !rec.queue_pos) {
                // A pending job must be runnable; put it back at the end.
                rec.queue_pos = 0;
                touched.push_back(rec.id);
            }
            for (const auto& v : rec.versions) version_to_job_[v.id] = rec.id;
            Slot slot;
            slot.not_before = not_before;
            slot.record = std::move(rec);
            std::string id = slot.record.id;
            jobs_.emplace(id, std::move(slot));
        }
        std::vector<std::pair<int64_t, std::string>> queued;
        for (const auto& [id, slot] : jobs_) {
            if (slot.record.queue_pos) queued.emplace_back(*slot.record.queue_pos, id);
        }
        std::stable_sort(queued.begin(), queued.end(), [](const auto& a, const auto& b) {
            // position 0 marks "append": after every real position
            auto key = [](int64_t p) { return p == 0 ? INT64_MAX : p; };
            return key(a.first) < key(b.first);
        });
        for (const auto& [pos, id] : queued) order_.push_back(id);
        std::vector<std::pair<std::string, std::optional<int64_t>>> positions;
        renumber_locked(&positions);
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

double JobQueue::remaining_work_locked(const Slot& slot) const {
    const auto& rec = slot.record;
    double total = rec.params.num_versions * rec.params.duration_s * speed_;
    if (rec.status == JobStatus::processing) return total * (1.0 - rec.progress / 100.0);
    if (rec.status == JobStatus::pending) return total;
    return 0;
}

JobView JobQueue::view_locked(const Slot& slot) const {
    JobView v;
    v.record = slot.record;
    v.stage = slot.stage;
    v.queue_position = position_locked(slot.record.id);
    const auto status = slot.record.status;
    if (status == JobStatus::processing) {
        v.eta_s = remaining_work_locked(slot);
    } else if (status == JobStatus::pending) {
        double ahead = 0;
        for (const auto& [id, other] : jobs_) {
            if (other.record.status == JobStatus::processing) ahead += remaining_work_locked(other);
        }
        for (const auto& id : order_) {
            if (id == slot.record.id) break;
            const auto& other = jobs_.at(id);
            if (other.record.status == JobStatus::pending) ahead += remaining_work_locked(other);
        }
        v.eta_s = ahead / options_.workers + remaining_work_locked(slot);
    }
    return v;
}

std::optional<JobView> JobQueue::get(const std::string& job_id) const {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(job_id);
    if (it == jobs_.end() || it->second.erased) return std::nullopt;
    return view_locked(it->second);
}

std::vector<JobView> JobQueue::list_queue() const { return list_queue(false); }

std::vector<JobView> JobQueue::list_queue(bool include_cancelled) const {
    std::lock_guard lock(mutex_);
    std::vector<JobView> out;
    out.reserve(order_.size());
    double running = 0;
    for (const auto& [id, slot] : jobs_) {
        if (slot.record.status == JobStatus::processing) running += remaining_work_locked(slot);
    }
    double ahead = 0;
    int pos = 1;
    for (const auto& id : order_) {
        const auto& slot = jobs_.at(id);
        JobView v;
        v.record = slot.record;
        v.stage = slot.stage;
        v.queue_position = pos++;
        if (slot.record.status == JobStatus::processing) {
            v.eta_s = remaining_work_locked(slot);
        } else if (slot.record.status == JobStatus::pending) {
            double own = remaining_work_locked(slot);
            v.eta_s = (running + ahead) / options_.workers + own;
            ahead += own;
        }
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
    const auto now = std::chrono::steady_clock::now();
    for (const auto& id : order_) {
        if (runnable_locked(jobs_.at(id), now)) return true;
    }
    return false;
}

std::chrono::steady_clock::time_point JobQueue::next_wake_locked() const {
    // Woken by the condition variable for anything else; an hour is only the idle re-check.
    auto wake = std::chrono::steady_clock::now() + std::chrono::hours(1);
    for (const auto& id : order_) {
        const auto& slot = jobs_.at(id);
        if (slot.record.status == JobStatus::pending && !slot.running &&
            slot.not_before > std::chrono::steady_clock::now()) {
            wake = std::min(wake, slot.not_before);
        }
    }
    return wake;
}

void JobQueue::worker_loop(std::stop_token worker_stop) {
    while (!worker_stop.stop_requested()) {
        std::string id;
        {
            std::unique_lock lock(mutex_);
            // A job in crash backoff wakes the workers when its delay is over.
            cv_.wait_until(lock, worker_stop, next_wake_locked(),
                           [&] { return has_runnable_locked(); });
            if (worker_stop.stop_requested() || !has_runnable_locked()) continue;
            const auto now = std::chrono::steady_clock::now();
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
    const auto t0 = Clock::now();
    std::vector<storage::VersionRecord> versions;
    std::optional<Error> error;

    for (int i = 0; i < count && !error; ++i) {
        if (token.stop_requested()) {
            error = Error{Errc::cancelled, "Generation was cancelled"};
            break;
        }
        VersionTask task;
        task.job_id = job_id;
        task.version_id = storage::new_uuid();
        task.index = i;
        task.count = count;
        // Versions after the first get the next seeds (the seed backend reused one seed for
        // every version, making them identical).
        task.seed = params.seed ? static_cast<uint64_t>(*params.seed) + static_cast<uint64_t>(i)
                                : random_seed();
        task.params = params;
        auto on_progress = [&, i](const VersionProgress& p) {
            double f = std::clamp(p.fraction, 0.0, 1.0);
            double overall = (i + f) / count * 100.0;
            bool persist_now = false;
            bool event_now = false;
            {
                std::lock_guard lock(mutex_);
                auto it = jobs_.find(job_id);
                if (it == jobs_.end() || it->second.cancel_requested) return;
                auto& slot = it->second;
                bool stage_changed = slot.stage != p.stage;
                slot.stage = p.stage;
                if (overall > slot.record.progress) slot.record.progress = overall;
                auto now = Clock::now();
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
        Result<VersionOutput> out = fail(Errc::internal, "Generation failed unexpectedly");
        try {
            out = engine_.generate(task, artifacts_, on_progress, token);
        } catch (const std::exception&) {
            out = fail(Errc::internal, "Generation failed unexpectedly");
        } catch (...) {
            out = fail(Errc::internal, "Generation failed unexpectedly");
        }
        if (!out) {
            error = out.error();
            break;
        }
        storage::VersionRecord v;
        v.id = task.version_id;
        v.index = i;
        v.metadata_json = version_metadata(params, i, task.seed, out->metadata_json);
        v.files = std::move(out->files);
        versions.push_back(std::move(v));
    }

    const double elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
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
        } else if (slot.cancel_requested) {
            event.clear();  // published when the cancel was requested
        } else if (error && error->code == Errc::cancelled && shutting_down_) {
            // Stopped by shutdown, not by a user: run it again on the next start.
            slot.record.status = JobStatus::pending;
            slot.record.progress = 0;
            slot.record.attempts = std::max(0, slot.record.attempts - 1);
            slot.record.started_at.reset();
            event = "requeued";
        } else if (error) {
            slot.record.status = JobStatus::failed;
            slot.record.error = error->message.empty() ? "Generation failed" : error->message;
            slot.record.finished_at = storage::now_iso();
            event = "failed";
        } else {
            slot.record.status = JobStatus::completed;
            slot.record.progress = 100;
            slot.record.error.reset();
            slot.record.finished_at = storage::now_iso();
            slot.record.versions = versions;
            for (const auto& v : versions) version_to_job_[v.id] = job_id;
            remove_files = false;
            double audio = count * params.duration_s;
            if (audio > 0 && elapsed > 0) {
                double sample = elapsed / audio;
                speed_ = 0.5 * speed_ + 0.5 * sample;
            }
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

std::string JobQueue::event_json_locked(const Slot& slot) const {
    JobView v = view_locked(slot);
    const auto& r = v.record;
    json j = {
        {"job_id", r.id},
        {"status", storage::status_name(r.status)},
        {"progress", r.progress},
        {"queue_position", v.queue_position ? json(*v.queue_position) : json(nullptr)},
        {"stage", v.stage},
        {"eta_seconds", v.eta_s ? json(*v.eta_s) : json(nullptr)},
        {"error", r.error ? json(*r.error) : json(nullptr)},
    };
    if (r.status == JobStatus::completed) {
        json ids = json::array();
        for (const auto& ver : r.versions) ids.push_back(ver.id);
        j["versions"] = ids;
    }
    return j.dump();
}

void JobQueue::publish(const std::string& type, const std::string& job_id) {
    std::string data;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        if (it == jobs_.end() || it->second.erased) {
            data = json{{"job_id", job_id}, {"status", "deleted"}}.dump();
        } else {
            data = event_json_locked(it->second);
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
    const auto deadline = Clock::now() + grace;
    while (Clock::now() < deadline) {
        {
            std::lock_guard lock(mutex_);
            bool any = std::any_of(jobs_.begin(), jobs_.end(),
                                   [](const auto& kv) { return kv.second.running; });
            if (!any) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
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
    s.speed = speed_;
    s.accepting = accepting_;
    return s;
}

int JobQueue::retry_after_s() const {
    std::lock_guard lock(mutex_);
    double work = 0;
    for (const auto& [id, slot] : jobs_) {
        if (slot.record.status == JobStatus::processing) work += remaining_work_locked(slot);
    }
    // The time until one queue slot frees up: the soonest running job to finish, roughly.
    double per_worker = work / options_.workers;
    return std::max(1, static_cast<int>(std::ceil(per_worker)));
}

double JobQueue::estimate_s(const storage::JobParams& params) const {
    std::lock_guard lock(mutex_);
    return params.num_versions * params.duration_s * speed_;
}

}  // namespace omg::jobs
