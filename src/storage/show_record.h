// Show records: what the job store keeps of a show (issue 14 item 3), as plain data.
//
// A show is acknowledged once its record is durable; its cues are ordinary jobs (their ids are
// in `cues`). Its status follows them: queued until a cue starts, running while any cue is
// unfinished or the show mix is being assembled, completed once the assembled files are stored
// (`files` set, written in the same update as the status), failed (a cue failed, or the
// assembly did, with `error`) or cancelled. Plain structs: copyable, comparable, no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/show.h"

namespace omg::storage {

// queued | running | completed | failed | cancelled
inline constexpr const char* kShowQueued = "queued";
inline constexpr const char* kShowRunning = "running";
inline constexpr const char* kShowCompleted = "completed";
inline constexpr const char* kShowFailed = "failed";
inline constexpr const char* kShowCancelled = "cancelled";

struct ShowCueRecord {
    std::string job_id;
    bool adjusted = false;  // the planner moved its key or tempo (show/plan.h)
    bool operator==(const ShowCueRecord&) const = default;
};

struct ShowRecord {
    std::string id;
    std::string title;
    std::string status = kShowQueued;
    std::optional<std::string> error;
    std::string created_at;
    std::optional<std::string> finished_at;
    model::Show show;                  // as asked, each cue's request as planned
    std::vector<ShowCueRecord> cues;   // one per show.cues, in order
    // Once assembled: each cue's start in the show mix (seconds) and the show's files.
    std::vector<double> starts_s;
    std::vector<std::string> files;
    bool operator==(const ShowRecord&) const = default;
};

}  // namespace omg::storage
