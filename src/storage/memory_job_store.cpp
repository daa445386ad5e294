#include <algorithm>

#include "storage/job_store.h"

namespace omg::storage {

Result<std::vector<JobRecord>> MemoryJobStore::load_all() {
    std::lock_guard lock(mutex_);
    return jobs_;
}

Status MemoryJobStore::insert(const JobRecord& job) {
    std::lock_guard lock(mutex_);
    for (const auto& j : jobs_) {
        if (j.id == job.id) return fail(Errc::conflict, "a job with this id exists");
    }
    jobs_.push_back(job);
    jobs_.back().versions.clear();
    return {};
}

Status MemoryJobStore::update(const JobRecord& job) {
    std::lock_guard lock(mutex_);
    for (auto& j : jobs_) {
        if (j.id == job.id) {
            auto versions = std::move(j.versions);
            j = job;
            j.versions = std::move(versions);
            return {};
        }
    }
    return fail(Errc::not_found, "job not found");
}

Status MemoryJobStore::complete(const JobRecord& job) {
    std::lock_guard lock(mutex_);
    for (auto& j : jobs_) {
        if (j.id == job.id) {
            j = job;
            return {};
        }
    }
    return fail(Errc::not_found, "job not found");
}

Status MemoryJobStore::set_queue_positions(
    const std::vector<std::pair<std::string, std::optional<int64_t>>>& positions) {
    std::lock_guard lock(mutex_);
    for (const auto& [id, pos] : positions) {
        for (auto& j : jobs_) {
            if (j.id == id) j.queue_pos = pos;
        }
    }
    return {};
}

Status MemoryJobStore::erase(const std::string& job_id) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(jobs_.begin(), jobs_.end(),
                           [&](const JobRecord& j) { return j.id == job_id; });
    if (it == jobs_.end()) return fail(Errc::not_found, "job not found");
    jobs_.erase(it);
    return {};
}

Result<std::vector<ShowRecord>> MemoryJobStore::load_shows() {
    std::lock_guard lock(mutex_);
    return shows_;
}

Status MemoryJobStore::insert_show(const ShowRecord& show) {
    std::lock_guard lock(mutex_);
    for (const auto& s : shows_)
        if (s.id == show.id) return fail(Errc::conflict, "record exists");
    shows_.push_back(show);
    return {};
}

Status MemoryJobStore::update_show(const ShowRecord& show) {
    std::lock_guard lock(mutex_);
    for (auto& s : shows_) {
        if (s.id != show.id) continue;
        s.status = show.status;
        s.error = show.error;
        s.finished_at = show.finished_at;
        s.starts_s = show.starts_s;
        s.files = show.files;
        return {};
    }
    return fail(Errc::not_found, "show not found");
}

Status MemoryJobStore::erase_show(const std::string& show_id) {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(shows_.begin(), shows_.end(), [&](const ShowRecord& s) { return s.id == show_id; });
    if (it == shows_.end()) return fail(Errc::not_found, "show not found");
    shows_.erase(it);
    return {};
}

}  // namespace omg::storage
