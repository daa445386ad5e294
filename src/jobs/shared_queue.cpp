#include "jobs/shared_queue.h"

#include <algorithm>
#include <condition_variable>

#include "jobs/job_events.h"
#include "storage/ids.h"

namespace omg::jobs {

using storage::JobRecord;
using storage::JobStatus;

namespace {

constexpr const char* kDatabaseUnreachable = "The database cannot be reached; try again later";

Work work_of(const JobRecord& r) {
    return Work{r.status, r.params.num_versions, r.params.duration_s, r.progress};
}

}  // namespace

SharedQueue::SharedQueue(storage::SharedQueueStore& store, storage::WorkerRegistry* registry,
                         storage::ArtifactStore& artifacts, EventBus& events,
                         SharedQueueOptions options)
    : store_(store),
      registry_(registry),
      artifacts_(artifacts),
      events_(events),
      options_(options),
      speed_(options.initial_speed) {}

SharedQueue::~SharedQueue() { shutdown(); }

void SharedQueue::start() {
    std::lock_guard lock(mutex_);
    if (refresher_.joinable() || !accepting_) return;
    refresher_ = std::jthread([this](std::stop_token st) {
        std::mutex m;
        std::condition_variable_any cv;
        while (!st.stop_requested()) {
            // Woken by the database's NOTIFY at once, or at the interval as a fallback (a lost
            // notification, the cluster's workers); a database away is waited out between tries.
            auto woke = store_.wait_for_change(options_.refresh_interval);
            if (st.stop_requested()) break;
            (void)refresh();
            if (!woke) {
                std::unique_lock wait_lock(m);
                cv.wait_for(wait_lock, st, options_.refresh_interval, [] { return false; });
            }
        }
    });
}

void SharedQueue::shutdown() {
    std::jthread refresher;
    {
        std::lock_guard lock(mutex_);
        accepting_ = false;
        refresher = std::move(refresher_);
    }
    if (refresher.joinable()) {
        refresher.request_stop();
        refresher.join();
    }
}

ClusterState SharedQueue::cluster() const {
    std::lock_guard lock(mutex_);
    return cluster_;
}

Status SharedQueue::refresh() {
    std::lock_guard refresh_lock(refresh_mutex_);
    read_cluster();
    Status st = loaded_ ? follow_feed() : load_snapshot();
    std::lock_guard lock(mutex_);
    if (!st) {
        cluster_.database_reachable = false;
        was_away_ = true;
        return st;
    }
    cluster_.database_reachable = true;
    last_good_read_ = std::chrono::steady_clock::now();
    return {};
}

void SharedQueue::read_cluster() {
    const auto now = std::chrono::steady_clock::now();
    if (cluster_read_ && now - *cluster_read_ < options_.cluster_interval) return;
    std::optional<std::vector<storage::WorkerSeen>> workers;
    if (registry_ != nullptr) {
        if (auto w = registry_->seen_within(options_.workers_seen_within)) workers = std::move(*w);
    }
    auto expiries = store_.lease_expiries();
    std::lock_guard lock(mutex_);
    if (workers) {
        workers_seen_ = static_cast<int>(workers->size());
        cluster_.workers = std::move(*workers);
    }
    if (expiries) {
        cluster_.lease_expiries = *expiries;
        cluster_read_ = now;
    }
}

Status SharedQueue::load_snapshot() {
    auto snap = store_.snapshot(options_.replay_events);
    if (!snap) return tl::unexpected(snap.error());
    std::vector<std::pair<storage::JobEvent, std::string>> out;
    {
        std::lock_guard lock(mutex_);
        jobs_.clear();
        for (auto& r : snap->jobs) {
            std::string id = r.id;
            jobs_.emplace(std::move(id), std::move(r));
        }
        stages_ = std::move(snap->stages);
        index_locked();
        if (!loaded_) {
            // A node that just started numbers its events from the feed, and keeps the newest
            // ones for clients that reconnect to it from another node.
            const int64_t before =
                snap->recent.empty() ? snap->last_event : snap->recent.front().id - 1;
            (void)events_.start_after(static_cast<uint64_t>(before));
            const Views views = views_locked();
            for (auto& e : snap->recent) {
                std::string data = event_data_locked(e, views);
                out.emplace_back(std::move(e), std::move(data));
            }
        } else if (snap->last_event > seen_) {
            // The feed no longer reaches back to what this node saw: clients re-read.
            storage::JobEvent e;
            e.id = snap->last_event;
            e.kind = "resync";
            out.emplace_back(std::move(e), "{}");
        }
        seen_ = snap->last_event;
        loaded_ = true;
        was_away_ = false;
    }
    for (auto& [e, data] : out) {
        (void)events_.publish_at(static_cast<uint64_t>(e.id), e.kind, std::move(data));
    }
    return {};
}

Status SharedQueue::follow_feed() {
    bool away = false;
    int64_t seen = 0;
    {
        std::lock_guard lock(mutex_);
        away = was_away_;
        seen = seen_;
    }
    if (away) {
        // The feed is durable: after an outage this node reads on from where it was, unless
        // what it missed has been pruned meanwhile.
        auto holds = store_.feed_holds(seen);
        if (!holds) return tl::unexpected(holds.error());
        if (!*holds) return load_snapshot();
        std::lock_guard lock(mutex_);
        was_away_ = false;
    }
    for (;;) {
        auto events = store_.events_after(seen, options_.feed_batch);
        if (!events) return tl::unexpected(events.error());
        if (events->empty()) return {};
        auto changed = store_.load_changed(seen, events->back().id);
        if (!changed) return tl::unexpected(changed.error());
        seen = events->back().id;
        apply(std::move(*events), std::move(*changed));
        if (events->size() < options_.feed_batch) return {};
    }
}

void SharedQueue::apply(std::vector<storage::JobEvent> events, std::vector<JobRecord> changed) {
    std::vector<std::pair<storage::JobEvent, std::string>> out;
    {
        std::lock_guard lock(mutex_);
        std::map<std::string, JobRecord*> by_id;
        for (auto& r : changed) by_id[r.id] = &r;
        for (const auto& e : events) {
            auto it = by_id.find(e.job_id);
            if (it == by_id.end()) {
                jobs_.erase(e.job_id);
                stages_.erase(e.job_id);
            } else {
                jobs_[e.job_id] = *it->second;
            }
        }
        for (const auto& e : events) {
            if (e.status == "processing" && jobs_.count(e.job_id) != 0) {
                stages_[e.job_id] = e.stage;
            } else {
                stages_.erase(e.job_id);
            }
        }
        // Stages last written before a later change of the same job belong to the job as it is.
        for (auto it = stages_.begin(); it != stages_.end();) {
            auto job = jobs_.find(it->first);
            if (job == jobs_.end() || job->second.status != JobStatus::processing) {
                it = stages_.erase(it);
            } else {
                ++it;
            }
        }
        const auto now = std::chrono::steady_clock::now();
        for (const auto& e : events) {
            if (e.kind == "started") started_seen_[e.job_id] = now;
            if (e.kind == "completed") {
                auto job = jobs_.find(e.job_id);
                if (job != jobs_.end()) measure_locked(job->second, now);
            }
            if (e.kind != "started" && e.kind != "progress") started_seen_.erase(e.job_id);
        }
        index_locked();
        const Views views = views_locked();
        for (auto& e : events) {
            std::string data = event_data_locked(e, views);
            out.emplace_back(std::move(e), std::move(data));
        }
        seen_ = std::max(seen_, out.empty() ? seen_ : out.back().first.id);
    }
    // A job's own change first; places that moved because of it after (the feed's order
    // already is: the renumbering follows the change in its transaction).
    for (auto& [e, data] : out) {
        (void)events_.publish_at(static_cast<uint64_t>(e.id), e.kind, std::move(data));
    }
}

void SharedQueue::measure_locked(const JobRecord& rec, std::chrono::steady_clock::time_point now) {
    // Measured from this node's own sight of the job's start and end (the stored times are
    // local wall-clock text of whichever machine wrote them).
    auto started = started_seen_.find(rec.id);
    if (started == started_seen_.end()) return;
    const double compute_s = std::chrono::duration<double>(now - started->second).count();
    const double audio_s = rec.params.duration_s * std::max(1, rec.params.num_versions);
    if (audio_s > 0 && compute_s > 0) speed_.measured(compute_s, audio_s);
}

SharedQueue::Views SharedQueue::views_locked() const {
    Views v;
    v.etas = etas_locked();
    for (size_t i = 0; i < order_.size(); ++i) v.position[order_[i]] = i;
    return v;
}

std::string SharedQueue::event_data_locked(const storage::JobEvent& e, const Views& views) const {
    if (e.kind == "deleted") return deleted_event_json(e.job_id);
    JobView v;
    auto job = jobs_.find(e.job_id);
    if (job != jobs_.end()) {
        v.record = job->second;
        auto pos = views.position.find(e.job_id);
        if (pos != views.position.end()) {
            v.queue_position = static_cast<int>(pos->second) + 1;
            v.eta_s = views.etas[pos->second];
        }
    } else {
        v.record.id = e.job_id;
    }
    // The job as of this change: the same on every node, whenever it reads the feed.
    if (auto st = storage::parse_status(e.status)) v.record.status = *st;
    v.record.progress = e.progress;
    v.stage = e.stage;
    return job_event_json(v);
}

void SharedQueue::index_locked() {
    std::vector<const JobRecord*> queued;
    version_to_job_.clear();
    for (const auto& [id, rec] : jobs_) {
        if (rec.queue_pos) queued.push_back(&rec);
        for (const auto& v : rec.versions) version_to_job_[v.id] = id;
    }
    std::stable_sort(queued.begin(), queued.end(), [](const JobRecord* a, const JobRecord* b) {
        return *a->queue_pos < *b->queue_pos;
    });
    order_.clear();
    for (const JobRecord* r : queued) order_.push_back(r->id);
}

std::vector<std::optional<double>> SharedQueue::etas_locked() const {
    std::vector<Work> queue;
    queue.reserve(order_.size());
    for (const auto& id : order_) queue.push_back(work_of(jobs_.at(id)));
    return queue_etas(queue, speed_, std::max(1, workers_seen_));
}

JobView SharedQueue::view_locked(const JobRecord& record) const {
    JobView v;
    v.record = record;
    if (auto stage = stages_.find(record.id); stage != stages_.end()) v.stage = stage->second;
    auto it = std::find(order_.begin(), order_.end(), record.id);
    if (it != order_.end()) {
        v.queue_position = static_cast<int>(it - order_.begin()) + 1;
        v.eta_s = etas_locked()[static_cast<size_t>(*v.queue_position - 1)];
    }
    return v;
}

Result<JobView> SharedQueue::submit(storage::JobParams params, std::string kind) {
    JobRecord rec;
    {
        std::lock_guard lock(mutex_);
        if (!accepting_) return fail(Errc::unavailable, "The server is shutting down");
        size_t pending = 0;
        for (const auto& id : order_) {
            if (jobs_.at(id).status == JobStatus::pending) ++pending;
        }
        if (pending >= options_.max_pending) {
            return fail(Errc::unavailable, "The queue is full; try again later");
        }
    }
    rec.id = kind == "track" ? storage::new_track_id() : storage::new_uuid();
    rec.kind = std::move(kind);
    rec.status = JobStatus::pending;
    rec.params = std::move(params);
    rec.created_at = storage::now_iso();
    auto pos = store_.enqueue(rec);
    if (!pos) {
        if (pos.error().code == Errc::unavailable) return tl::unexpected(database_error(pos.error()));
        return fail(Errc::io, "The job could not be saved; try again later");
    }
    rec.queue_pos = *pos;
    (void)refresh();
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(rec.id);
    if (it != jobs_.end()) return view_locked(it->second);
    JobView v;
    v.record = std::move(rec);
    return v;
}

std::optional<JobView> SharedQueue::get(const std::string& job_id) const {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(job_id);
    if (it == jobs_.end()) return std::nullopt;
    return view_locked(it->second);
}

std::vector<JobView> SharedQueue::list_queue(bool include_cancelled) const {
    std::lock_guard lock(mutex_);
    std::vector<JobView> out;
    const auto etas = etas_locked();
    for (size_t i = 0; i < order_.size(); ++i) {
        JobView v;
        v.record = jobs_.at(order_[i]);
        if (auto stage = stages_.find(order_[i]); stage != stages_.end()) v.stage = stage->second;
        v.queue_position = static_cast<int>(i) + 1;
        v.eta_s = etas[i];
        out.push_back(std::move(v));
    }
    if (include_cancelled) {
        std::vector<const JobRecord*> gone;
        for (const auto& [id, rec] : jobs_) {
            if (rec.status == JobStatus::cancelled && !rec.queue_pos) gone.push_back(&rec);
        }
        std::stable_sort(gone.begin(), gone.end(), [](const JobRecord* a, const JobRecord* b) {
            return a->created_at < b->created_at;
        });
        for (const JobRecord* rec : gone) {
            JobView v;
            v.record = *rec;
            out.push_back(std::move(v));
        }
    }
    return out;
}

Status SharedQueue::remove_from_queue(const std::string& job_id) {
    auto was = store_.remove_from_queue(job_id, storage::now_iso());
    if (!was) return tl::unexpected(database_error(was.error()));
    if (*was == JobStatus::pending) metrics_.cancelled_waiting();
    (void)refresh();
    return {};
}

Status SharedQueue::reorder(const std::string& job_id, int new_position) {
    if (auto st = store_.move(job_id, new_position); !st) return tl::unexpected(database_error(st.error()));
    (void)refresh();
    return {};
}

Status SharedQueue::erase(const std::string& job_id) {
    // The record goes first: a worker still rendering the job is refused at its next renewal
    // and removes the files it wrote; the folder goes here.
    if (auto st = store_.erase(job_id); !st) return tl::unexpected(database_error(st.error()));
    (void)artifacts_.remove_job(job_id);
    (void)refresh();
    return {};
}

std::optional<VersionRef> SharedQueue::find_version(const std::string& version_id) const {
    std::lock_guard lock(mutex_);
    auto it = version_to_job_.find(version_id);
    if (it == version_to_job_.end()) return std::nullopt;
    auto job = jobs_.find(it->second);
    if (job == jobs_.end()) return std::nullopt;
    for (const auto& v : job->second.versions) {
        if (v.id == version_id) return VersionRef{job->first, v};
    }
    return std::nullopt;
}

QueueStats SharedQueue::stats() const {
    std::lock_guard lock(mutex_);
    QueueStats s;
    s.workers = workers_seen_;
    s.total = static_cast<int>(jobs_.size());
    for (const auto& [id, rec] : jobs_) {
        if (rec.status == JobStatus::pending) ++s.pending;
        if (rec.status == JobStatus::processing) ++s.processing;
    }
    s.speed = speed_.speed();
    s.accepting = accepting_;
    return s;
}

Error SharedQueue::database_error(Error e) {
    if (e.code == Errc::unavailable) {
        // Changes are refused from now until the refresher reads the database again.
        std::lock_guard lock(mutex_);
        cluster_.database_reachable = false;
        e.message = kDatabaseUnreachable;
    }
    return e;
}

Status SharedQueue::database_ready(bool write) const {
    std::lock_guard lock(mutex_);
    if (!loaded_) return fail(Errc::unavailable, kDatabaseUnreachable);
    if (write && !cluster_.database_reachable) return fail(Errc::unavailable, kDatabaseUnreachable);
    if (std::chrono::steady_clock::now() - last_good_read_ > options_.stale_after) {
        return fail(Errc::unavailable, kDatabaseUnreachable);
    }
    return {};
}

int SharedQueue::retry_after_s() const {
    std::lock_guard lock(mutex_);
    if (!cluster_.database_reachable) return std::max(1, options_.database_retry_after_s);
    std::vector<Work> running;
    for (const auto& [id, rec] : jobs_) {
        if (rec.status == JobStatus::processing) running.push_back(work_of(rec));
    }
    return jobs::retry_after_s(running, speed_, std::max(1, workers_seen_));
}

double SharedQueue::estimate_s(const storage::JobParams& params) const {
    std::lock_guard lock(mutex_);
    return speed_.remaining(Work{JobStatus::pending, params.num_versions, params.duration_s, 0});
}

}  // namespace omg::jobs
