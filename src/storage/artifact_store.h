// ArtifactStore: the files a job produces, under <data dir>/artifacts/<job id>/<file name>.
//
// Every id and file name is validated (storage/ids.h) before it becomes part of a path, so no
// request can name a file outside the store. Files are written to a ".tmp-" name in the same
// folder, flushed, and renamed, so a reader (or a restart after kill -9) sees a file whole or
// not at all. `sweep` is the restart-time cleanup that removes temporary files, folders of
// jobs that are gone or did not complete, and files no version owns. Thread-safe for distinct
// jobs.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace omg::storage {

class ArtifactStore {
public:
    // Creates <root>/artifacts if needed. Errc::io on failure.
    static Result<ArtifactStore> open(const std::filesystem::path& data_dir);

    const std::filesystem::path& root() const { return root_; }

    // The job's folder (not created). Errc::invalid_argument for a malformed id.
    Result<std::filesystem::path> job_dir(std::string_view job_id) const;
    // A file inside the job's folder. Errc::invalid_argument for a malformed id or name.
    Result<std::filesystem::path> file_path(std::string_view job_id, std::string_view name) const;
    // A fresh temporary path inside the job's folder (creating the folder), for writers that
    // rename into place themselves.
    Result<std::filesystem::path> temp_path(std::string_view job_id) const;

    Status write_file(std::string_view job_id, std::string_view name, std::string_view bytes);
    Result<std::string> read_file(std::string_view job_id, std::string_view name) const;
    bool exists(std::string_view job_id, std::string_view name) const;
    Status remove_job(std::string_view job_id);

    // Restart cleanup. `keep(job_id, file_name)` says whether a file belongs; `job_complete`
    // says whether a folder's job exists and completed (others are removed whole).
    struct SweepStats {
        int removed_dirs = 0;
        int removed_files = 0;
    };
    SweepStats sweep(const std::function<bool(const std::string&)>& job_complete,
                     const std::function<bool(const std::string&, const std::string&)>& keep);

private:
    explicit ArtifactStore(std::filesystem::path root) : root_(std::move(root)) {}
    std::filesystem::path root_;
};

}  // namespace omg::storage
