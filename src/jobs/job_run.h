// run_job_versions: one run of a job, all of its versions, through a JobEngine. The one place
// that turns a job into versions, for the in-process queue (jobs/job_queue.h) and for worker
// processes (jobs/worker.h) alike: the same seeds (the job's seed, then the next ones; a fresh
// seed when none is set), the same version metadata, the same progress arithmetic.
//
// Versions run one after another; the first failure (or a stop, Errc::cancelled) ends the run.
// A throwing engine is a failed run with a message fit for users (this is the worker loop's
// catch-all). `progress` gets the stage and the job's overall progress, 0..100, on the engine's
// thread. The files of every version the run began are named in `version_ids`, so a caller
// that drops the run (a failure, a lost lease) removes exactly what it wrote.
// Thread-safe as far as the engine and the artifact store are.
#pragma once

#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/result.h"
#include "jobs/job_engine.h"
#include "storage/artifact_store.h"
#include "storage/job_record.h"

namespace omg::jobs {

struct JobRunResult {
    std::vector<storage::VersionRecord> versions;  // complete when !error
    std::optional<Error> error;
    std::vector<std::string> version_ids;          // every version begun, finished or not
};

using JobProgressFn = std::function<void(const std::string& stage, double percent)>;

JobRunResult run_job_versions(JobEngine& engine, storage::ArtifactStore& artifacts,
                              const std::string& job_id, const storage::JobParams& params,
                              const JobProgressFn& progress, std::stop_token stop);

}  // namespace omg::jobs
