// ArtifactStore: the files a job produces, under <data dir>/artifacts/<job id>/<file name>.
//
// Every id and file name is validated (storage/ids.h) before it becomes part of a path, so no
// request can name a file outside the store. Every file is written through
// `write_file_durably` (core/durable_file.h): a ".tmp-" name in the same folder, fsync, rename,
// fsync of the folder, so a reader (or a restart after kill -9 or a power cut) sees a file whole
// or not at all, and a job is marked completed only after its files are on the disk. `sweep` is
// the restart-time cleanup that removes temporary files, folders of jobs that are gone or did
// not complete, and files no version owns. Thread-safe for distinct jobs.
#pragma once

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/durable_file.h"
#include "core/result.h"

namespace omg::storage {

class ArtifactStore {
public:
    // Creates <root>/artifacts if needed. Errc::io on failure.
    // `fs` (not owned, must outlive the store) carries the writes; tests inject faults there.
    static Result<ArtifactStore> open(const std::filesystem::path& data_dir,
                                      FileSystem& fs = posix_file_system());

    const std::filesystem::path& root() const { return root_; }

    // The job's folder (not created). Errc::invalid_argument for a malformed id.
    Result<std::filesystem::path> job_dir(std::string_view job_id) const;
    // A file inside the job's folder. Errc::invalid_argument for a malformed id or name.
    Result<std::filesystem::path> file_path(std::string_view job_id, std::string_view name) const;
    Status write_file(std::string_view job_id, std::string_view name, std::string_view bytes);
    Status write_file(std::string_view job_id, std::string_view name,
                      std::span<const unsigned char> bytes);
    Result<std::string> read_file(std::string_view job_id, std::string_view name) const;
    bool exists(std::string_view job_id, std::string_view name) const;
    Status remove_job(std::string_view job_id);
    // One version's files ("<version_id>.*") and any temporary a cut-short write of them left,
    // leaving the folder's other files: a worker that lost its job removes what it wrote
    // without touching the files of the attempt that took the job over.
    Status remove_version(std::string_view job_id, std::string_view version_id);

    // Restart cleanup. `keep(job_id, file_name)` says whether a file belongs; `job_complete`
    // says whether a folder's job exists and completed (others are removed whole).
    struct SweepStats {
        int removed_dirs = 0;
        int removed_files = 0;
    };
    SweepStats sweep(const std::function<bool(const std::string&)>& job_complete,
                     const std::function<bool(const std::string&, const std::string&)>& keep);

private:
    ArtifactStore(std::filesystem::path root, FileSystem& fs) : root_(std::move(root)), fs_(&fs) {}
    std::filesystem::path root_;
    FileSystem* fs_;
};

}  // namespace omg::storage
