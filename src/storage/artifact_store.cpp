#include "storage/artifact_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <system_error>

#include "storage/ids.h"

namespace omg::storage {
namespace fs = std::filesystem;

namespace {

struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

void fsync_dir(const fs::path& dir) {
    Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY));
    if (d.fd >= 0) ::fsync(d.fd);
}

}  // namespace

Result<ArtifactStore> ArtifactStore::open(const fs::path& data_dir) {
    std::error_code ec;
    fs::path root = data_dir / "artifacts";
    fs::create_directories(root, ec);
    if (ec) return fail(Errc::io, "cannot create the artifact folder");
    return ArtifactStore(root);
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

Result<fs::path> ArtifactStore::temp_path(std::string_view job_id) const {
    auto dir = job_dir(job_id);
    if (!dir) return dir;
    std::error_code ec;
    fs::create_directories(*dir, ec);
    if (ec) return fail(Errc::io, "cannot create the job's artifact folder");
    return *dir / (".tmp-" + new_uuid());
}

Status ArtifactStore::write_file(std::string_view job_id, std::string_view name,
                                 std::string_view bytes) {
    auto dest = file_path(job_id, name);
    if (!dest) return tl::unexpected(dest.error());
    auto tmp = temp_path(job_id);
    if (!tmp) return tl::unexpected(tmp.error());
    {
        Fd f(::open(tmp->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
        if (f.fd < 0) return fail(Errc::io, "cannot write " + std::string(name));
        size_t off = 0;
        while (off < bytes.size()) {
            ssize_t n = ::write(f.fd, bytes.data() + off, bytes.size() - off);
            if (n <= 0) {
                std::error_code ec;
                fs::remove(*tmp, ec);
                return fail(Errc::io, "cannot write " + std::string(name));
            }
            off += static_cast<size_t>(n);
        }
        ::fsync(f.fd);
    }
    std::error_code ec;
    fs::rename(*tmp, *dest, ec);
    if (ec) {
        fs::remove(*tmp, ec);
        return fail(Errc::io, "cannot write " + std::string(name));
    }
    fsync_dir(dest->parent_path());
    return {};
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
            if (!file.is_regular_file(ec) || !is_safe_file_name(fname) || !keep(name, fname)) {
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
