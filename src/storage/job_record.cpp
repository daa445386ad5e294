#include "storage/job_record.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace omg::storage {

std::string_view status_name(JobStatus status) {
    switch (status) {
        case JobStatus::pending: return "pending";
        case JobStatus::processing: return "processing";
        case JobStatus::completed: return "completed";
        case JobStatus::failed: return "failed";
        case JobStatus::cancelled: return "cancelled";
    }
    return "failed";
}

std::optional<JobStatus> parse_status(std::string_view name) {
    for (auto s : {JobStatus::pending, JobStatus::processing, JobStatus::completed,
                   JobStatus::failed, JobStatus::cancelled}) {
        if (status_name(s) == name) return s;
    }
    return std::nullopt;
}

std::string now_iso() { return iso_time(std::chrono::system_clock::now()); }

std::string iso_time(std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    auto secs = system_clock::to_time_t(now);
    auto micros = duration_cast<microseconds>(now.time_since_epoch()).count() % 1000000;
    std::tm tm{};
    localtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(micros));
    return buf;
}

}  // namespace omg::storage
