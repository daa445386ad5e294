// Job and version records: what the job store keeps, as plain data.
//
// A job is one user request (prompt, duration, N versions ...). It is acknowledged once its
// record is durable; it ends completed (with exactly its versions), failed (with a reason) or
// cancelled. Versions are written in the same transaction that marks the job completed, so a
// job never has some of its versions. Plain structs: copyable, comparable, no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/request.h"

namespace omg::storage {

enum class JobStatus { pending, processing, completed, failed, cancelled };

std::string_view status_name(JobStatus status);  // "pending" ...
std::optional<JobStatus> parse_status(std::string_view name);
inline bool is_terminal(JobStatus s) {
    return s == JobStatus::completed || s == JobStatus::failed || s == JobStatus::cancelled;
}

// What the client asked for: the typed request (model/request.h). Its options that are not columns
// of their own are stored as one JSON object by storage/request_codec.h.
using JobParams = model::GenerationRequest;

struct VersionRecord {
    std::string id;                  // uuid4, also the stem of its file names
    int index = 0;                   // 0-based
    std::string metadata_json = "{}";
    std::vector<std::string> files;  // file names inside the job's artifact folder
    bool operator==(const VersionRecord&) const = default;
};

struct JobRecord {
    std::string id;
    std::string kind = "omg";  // "omg" (/api/v1) or "track" (/music)
    JobStatus status = JobStatus::pending;
    JobParams params;
    double progress = 0;       // 0..100
    std::optional<std::string> error;
    std::optional<int64_t> queue_pos;  // ordering key while in the queue; unset = removed
    int attempts = 0;                  // times a worker started it
    std::string created_at;            // ISO 8601, naive local time with microseconds
    std::optional<std::string> started_at;
    std::optional<std::string> finished_at;
    std::vector<VersionRecord> versions;
    bool operator==(const JobRecord&) const = default;
};

// Local time as Python's datetime.now().isoformat(): "2025-11-20T14:03:07.123456".
std::string now_iso();
// A moment in the seed's timestamp format (local time, microseconds): "2026-11-21T13:05:01.123456".
std::string iso_time(std::chrono::system_clock::time_point t);

}  // namespace omg::storage
