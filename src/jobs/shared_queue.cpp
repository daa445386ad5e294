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

// The event a change of state is published as, with the in-process queue's names.
const char* status_event(JobStatus s) {
    switch (s) {
        case JobStatus::pending: return "requeued";
        case JobStatus::processing: return "started";
        case JobStatus::completed: return "completed";
        case JobStatus::failed: return "failed";
        case JobStatus::cancelled: return "cancelled";
    }
    return "progress";
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
            (void)refresh();
            std::unique_lock wait_lock(m);
            cv.wait_for(wait_lock, st, options_.refresh_interval, [] { return false; });
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
    auto loaded = store_.load_all();
    std::optional<std::vector<storage::WorkerSeen>> workers;
    if (registry_ != nullptr) {
        if (auto w = registry_->seen_within(options_.workers_seen_within)) workers = std::move(*w);
    }
    auto expiries = store_.lease_expiries();
    if (!loaded) {
        std::lock_guard lock(mutex_);
        cluster_.database_reachable = false;
        return tl::unexpected(loaded.error());
    }
    Snapshot next;
    for (auto& r : *loaded) {
        std::string id = r.id;
        next.emplace(std::move(id), std::move(r));
    }
    std::vector<std::pair<std::string, std::string>> changes;  // (type, job id)
    {
        std::lock_guard lock(mutex_);
        cluster_.database_reachable = true;
        last_good_read_ = std::chrono::steady_clock::now();
        if (workers) {
            workers_seen_ = static_cast<int>(workers->size());
            cluster_.workers = std::move(*workers);
        }
        if (expiries) cluster_.lease_expiries = *expiries;
        if (loaded_) {
            for (const auto& [id, rec] : next) {
                auto old = jobs_.find(id);
                if (old == jobs_.end()) {
                    changes.emplace_back("created", id);
                    if (rec.status != JobStatus::pending) changes.emplace_back(status_event(rec.status), id);
                } else if (old->second.status != rec.status) {
                    changes.emplace_back(status_event(rec.status), id);
                } else if (old->second.progress != rec.progress) {
                    changes.emplace_back("progress", id);
                } else if (old->second.queue_pos != rec.queue_pos) {
                    changes.emplace_back(rec.queue_pos ? "reordered" : "removed", id);
                }
            }
            for (const auto& [id, rec] : jobs_) {
                if (next.count(id) == 0) changes.emplace_back("deleted", id);
            }
        }
        loaded_ = true;
        install_locked(std::move(next));
    }
    // A job's own change first; places that moved because of it after.
    std::stable_partition(changes.begin(), changes.end(),
                          [](const std::pair<std::string, std::string>& c) { return c.first != "reordered"; });
    for (const auto& [type, id] : changes) publish(type, id);
    return {};
}

void SharedQueue::install_locked(Snapshot jobs) {
    jobs_ = std::move(jobs);
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
    auto it = std::find(order_.begin(), order_.end(), record.id);
    if (it != order_.end()) {
        v.queue_position = static_cast<int>(it - order_.begin()) + 1;
        v.eta_s = etas_locked()[static_cast<size_t>(*v.queue_position - 1)];
    }
    return v;
}

void SharedQueue::publish(const std::string& type, const std::string& job_id) {
    std::string data;
    {
        std::lock_guard lock(mutex_);
        auto it = jobs_.find(job_id);
        data = it == jobs_.end() ? deleted_event_json(job_id) : job_event_json(view_locked(it->second));
    }
    events_.publish(type, std::move(data));
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
