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

}  // namespace omg::storage
