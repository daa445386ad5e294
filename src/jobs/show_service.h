// ShowService: shows (model/show.h) as the HTTP API and the CLI's server see them. A show's
// cues are ordinary jobs of the JobService; the show follows them and, when every cue is
// complete, its continuous mix and cue sheets are assembled and stored as its files.
//
// Contract: `create` returns once the show's record and every cue's job are durable (a failure
// leaves neither: submitted cue jobs are removed again). A show's status follows its cue jobs
// (storage/show_record.h; `show_status`) and is written to the store when it changes, with an
// event `show` {"id", "status"} on the EventBus. `erase` cancels the unfinished cue jobs and
// removes the record and the show's files (its finished cue jobs stay, as ordinary jobs).
// Thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "jobs/job_service.h"
#include "model/show.h"
#include "storage/show_record.h"

namespace omg::jobs {

struct ShowView {
    storage::ShowRecord record;
    std::vector<std::optional<JobView>> jobs;  // per cue: its job, unset once the job is gone
};

// The status a show's cues give it: failed when a cue failed or its job is gone, cancelled
// when one was cancelled, completed when all are and the show is `assembled`, running once a
// cue started or completed (or all completed and the mix is being made), else queued.
std::string show_status(const std::vector<std::optional<storage::JobStatus>>& cues, bool assembled);

class ShowService {
public:
    virtual ~ShowService() = default;

    // `show` validated and planned (show/plan.h); `adjusted[i]`: the planner moved cue i's key
    // or tempo. Errors as JobService::submit's.
    virtual Result<ShowView> create(model::Show show, std::vector<bool> adjusted) = 0;
    virtual std::optional<ShowView> get(const std::string& show_id) const = 0;
    // Newest first.
    virtual std::vector<storage::ShowRecord> list() const = 0;
    // Errc::not_found if unknown.
    virtual Status erase(const std::string& show_id) = 0;
    // Where the show's file `name` lives (it may not exist yet: a converted mix is written
    // there). Errc::not_found for an unknown show, invalid_argument for a bad name.
    virtual Result<std::filesystem::path> file_path(const std::string& show_id, const std::string& name) const = 0;
};

}  // namespace omg::jobs
