#include "storage/artifact_store.h"

#include <fstream>
#include <system_error>

#include "storage/ids.h"

namespace omg::storage {
namespace fs = std::filesystem;

Result<ArtifactStore> ArtifactStore::open(const fs::path& data_dir, FileSystem& fs) {
    std::error_code ec;
    fs::path root = data_dir / "artifacts";
    fs::create_directories(root, ec);
    if (ec) return fail(Errc::io, "cannot create the artifact folder");
    return ArtifactStore(root, fs);
}

Result<fs::path> ArtifactStore::job_dir(std::string_view job_id) const {
    if (!is_valid_id(job_id)) return fail(Errc::invalid_argument, "malformed job id");
    return root_ / std::string(job_id);
}

Result<fs::path> ArtifactStore::file_path(std::string_view job_id, std::string_view name) const {
    if (!is_safe_file_name(name)) return fail(Errc::invalid_argument, "malformed file name");
    auto dir = job_dir(job_id);
    if (!dir) return dir;
    return *dir / std::string(name);
}

Status ArtifactStore::write_file(std::string_view job_id, std::string_view name,
                                 std::string_view bytes) {
    auto dest = file_path(job_id, name);
    if (!dest) return tl::unexpected(dest.error());
    std::error_code ec;
    fs::create_directories(dest->parent_path(), ec);
    if (ec) return fail(Errc::io, "cannot create the job's artifact folder");
    return write_file_durably(*dest, bytes, *fs_);
}

Status ArtifactStore::write_file(std::string_view job_id, std::string_view name,
                                 std::span<const unsigned char> bytes) {
    return write_file(job_id, name,
                      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<std::string> ArtifactStore::read_file(std::string_view job_id, std::string_view name) const {
    auto path = file_path(job_id, name);
    if (!path) return tl::unexpected(path.error());
    std::ifstream in(*path, std::ios::binary);
    if (!in) return fail(Errc::not_found, "file not found");
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return data;
}

bool ArtifactStore::exists(std::string_view job_id, std::string_view name) const {
    auto path = file_path(job_id, name);
    std::error_code ec;
    return path && fs::is_regular_file(*path, ec);
}

Status ArtifactStore::remove_job(std::string_view job_id) {
    auto dir = job_dir(job_id);
    if (!dir) return tl::unexpected(dir.error());
    std::error_code ec;
    fs::remove_all(*dir, ec);
    if (ec) return fail(Errc::io, "cannot remove the job's files");
    return {};
}

Status ArtifactStore::remove_version(std::string_view job_id, std::string_view version_id) {
    auto dir = job_dir(job_id);
    if (!dir) return tl::unexpected(dir.error());
    if (!is_valid_id(version_id)) return fail(Errc::invalid_argument, "malformed version id");
    const std::string prefix = std::string(version_id) + ".";
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto& file : fs::directory_iterator(*dir, ec)) {
        const std::string name = file.path().filename().string();
        if (name.starts_with(prefix) ||
            (is_temp_file_name(name) && name.find(prefix) != std::string::npos)) {
            doomed.push_back(file.path());
        }
    }
    bool ok = true;
    for (const auto& p : doomed) {
        fs::remove(p, ec);
        if (ec) ok = false;
    }
    if (!ok) return fail(Errc::io, "cannot remove a version's files");
    return {};
}

ArtifactStore::SweepStats ArtifactStore::sweep(
    const std::function<bool(const std::string&)>& job_complete,
    const std::function<bool(const std::string&, const std::string&)>& keep) {
    SweepStats stats;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root_, ec)) {
        std::string name = entry.path().filename().string();
        if (!entry.is_directory(ec) || !is_valid_id(name) || !job_complete(name)) {
            fs::remove_all(entry.path(), ec);
            ++stats.removed_dirs;
            continue;
        }
        std::vector<fs::path> doomed;
        for (const auto& file : fs::directory_iterator(entry.path(), ec)) {
            std::string fname = file.path().filename().string();
            // A temporary is a write a crash cut short, whatever version its name mentions.
            if (!file.is_regular_file(ec) || !is_safe_file_name(fname) || is_temp_file_name(fname) ||
                !keep(name, fname)) {
                doomed.push_back(file.path());
            }
        }
        for (const auto& p : doomed) {
            fs::remove_all(p, ec);
            ++stats.removed_files;
        }
    }
    return stats;
}

}  // namespace omg::storage
