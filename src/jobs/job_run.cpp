#include "jobs/job_run.h"

#include <algorithm>
#include <exception>

#include "core/rng.h"
#include "jobs/job_events.h"
#include "storage/ids.h"

namespace omg::jobs {

JobRunResult run_job_versions(JobEngine& engine, storage::ArtifactStore& artifacts,
                              const std::string& job_id, const storage::JobParams& params,
                              const JobProgressFn& progress, std::stop_token stop) {
    JobRunResult result;
    const int count = std::max(1, params.num_versions);
    for (int i = 0; i < count; ++i) {
        if (stop.stop_requested()) {
            result.error = Error{Errc::cancelled, "Generation was cancelled"};
            break;
        }
        VersionTask task;
        task.job_id = job_id;
        task.version_id = storage::new_uuid();
        task.index = i;
        task.count = count;
        // Versions after the first get the next seeds (the seed backend reused one seed for
        // every version, making them identical).
        task.seed = params.seed ? static_cast<uint64_t>(*params.seed) + static_cast<uint64_t>(i)
                                : fresh_seed();
        task.params = params;
        result.version_ids.push_back(task.version_id);
        auto on_progress = [&progress, i, count](const VersionProgress& p) {
            if (!progress) return;
            const double f = std::clamp(p.fraction, 0.0, 1.0);
            progress(p.stage, (i + f) / count * 100.0);
        };
        Result<VersionOutput> out = fail(Errc::internal, "Generation failed unexpectedly");
        try {
            out = engine.generate(task, artifacts, on_progress, stop);
        } catch (const std::exception&) {
            out = fail(Errc::internal, "Generation failed unexpectedly");
        } catch (...) {
            out = fail(Errc::internal, "Generation failed unexpectedly");
        }
        if (!out) {
            result.error = out.error();
            break;
        }
        storage::VersionRecord v;
        v.id = task.version_id;
        v.index = i;
        v.metadata_json = version_metadata_json(params, i, task.seed, out->metadata_json);
        v.files = std::move(out->files);
        result.versions.push_back(std::move(v));
    }
    return result;
}

}  // namespace omg::jobs
