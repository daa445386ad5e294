// ShowQueue: the ShowService over a JobService (either queue), the job store's show records and
// an artifact store of the shows' own files (<data dir>/shows).
//
// A background thread (`start`) looks at every unfinished show each `interval`: it derives the
// show's status from its cue jobs, stores and announces changes, and when all cues are complete
// it calls `assemble` (jobs/show_assembly.h in the server; a fake in tests), then stores the
// files and starts with the status "completed" in one update. A show whose record says running
// without files after a restart is simply assembled again on the first pass, so a server killed
// mid-assembly finishes it on start. An assembly that fails marks the show failed with its
// message. `tick` runs one pass (tests call it instead of starting the thread). Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <stop_token>
#include <thread>

#include "jobs/event_bus.h"
#include "jobs/show_service.h"
#include "storage/artifact_store.h"
#include "storage/job_store.h"

namespace omg::jobs {

struct AssembledShow {
    std::vector<double> starts_s;    // each cue's start in the mix
    std::vector<std::string> files;  // the show's files, written durably under its folder
};
using AssembleFn = std::function<Result<AssembledShow>(const storage::ShowRecord& show,
                                                       const std::vector<JobView>& cue_jobs,
                                                       storage::ArtifactStore& show_files,
                                                       std::stop_token stop)>;

class ShowQueue final : public ShowService {
public:
    ShowQueue(storage::JobStore& store, JobService& jobs, storage::ArtifactStore& show_files, EventBus& events,
              AssembleFn assemble);
    ~ShowQueue() override;
    ShowQueue(const ShowQueue&) = delete;
    ShowQueue& operator=(const ShowQueue&) = delete;

    Status recover();  // loads the stored shows; call once, before start
    void start(std::chrono::milliseconds interval = std::chrono::milliseconds(250));
    void stop();       // joins the thread; idempotent
    void tick(std::stop_token stop = {});

    Result<ShowView> create(model::Show show, std::vector<bool> adjusted) override;
    std::optional<ShowView> get(const std::string& show_id) const override;
    std::vector<storage::ShowRecord> list() const override;
    Status erase(const std::string& show_id) override;
    Result<std::filesystem::path> file_path(const std::string& show_id, const std::string& name) const override;

private:
    void publish(const storage::ShowRecord& record);
    // Stores `updated` if the show still exists; false when it was erased meanwhile.
    bool commit(const storage::ShowRecord& updated);

    storage::JobStore& store_;
    JobService& jobs_;
    storage::ArtifactStore& show_files_;
    EventBus& events_;
    AssembleFn assemble_;
    mutable std::mutex mutex_;
    std::map<std::string, storage::ShowRecord> shows_;
    std::vector<std::string> order_;  // oldest first
    std::jthread thread_;
};

}  // namespace omg::jobs
