// The folder implementation of Artifacts (storage/artifacts.h), and what both share.
#include "storage/artifacts.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

namespace omg::storage {
namespace fs = std::filesystem;
namespace {

// A file opened when it was asked for, read with pread: a later rename or removal does not
// change what an open reader sends.
class FileReader final : public ArtifactReader {
public:
    FileReader(int fd, uint64_t size) : fd_(fd), size_(size) {}
    ~FileReader() override { ::close(fd_); }
    FileReader(const FileReader&) = delete;
    FileReader& operator=(const FileReader&) = delete;

    uint64_t size() const override { return size_; }
    Status read(uint64_t offset, size_t length, std::string* out) const override {
        if (offset > size_ || length > size_ - offset) {
            return fail(Errc::invalid_argument, "read past the end of the file");
        }
        const size_t start = out->size();
        out->resize(start + length);
        size_t done = 0;
        while (done < length) {
            const ssize_t n = ::pread(fd_, out->data() + start + done, length - done,
                                      static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                out->resize(start);
                return fail(Errc::io, "the file shrank or cannot be read");
            }
            done += static_cast<size_t>(n);
        }
        return {};
    }

private:
    int fd_;
    uint64_t size_;
};

class FolderArtifacts final : public Artifacts {
public:
    explicit FolderArtifacts(ArtifactStore& folder) : folder_(folder) {}

    Result<std::shared_ptr<const ArtifactReader>> open(std::string_view job_id,
                                                       std::string_view name) const override {
        auto path = folder_.file_path(job_id, name);
        if (!path) return tl::unexpected(path.error());
        const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return fail(Errc::not_found, "file not found");
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            ::close(fd);
            return fail(Errc::not_found, "file not found");
        }
        return std::shared_ptr<const ArtifactReader>(
            std::make_shared<const FileReader>(fd, static_cast<uint64_t>(st.st_size)));
    }

    Status derive(std::string_view job_id, std::string_view source, std::string_view name,
                  const DeriveFn& make) override {
        auto to = folder_.file_path(job_id, name);
        if (!to) return tl::unexpected(to.error());
        auto from = folder_.file_path(job_id, source);
        if (!from) return tl::unexpected(from.error());
        std::error_code ec;
        if (fs::is_regular_file(*to, ec)) return {};
        if (!fs::is_regular_file(*from, ec)) return fail(Errc::not_found, "source file not found");
        return make(*from, *to);
    }

    Status remove_job(std::string_view job_id) override { return folder_.remove_job(job_id); }
    const char* kind() const override { return "folder"; }

private:
    ArtifactStore& folder_;
};

}  // namespace

Result<std::string> read_whole(const Artifacts& artifacts, std::string_view job_id,
                               std::string_view name, uint64_t max_bytes) {
    auto reader = artifacts.open(job_id, name);
    if (!reader) return tl::unexpected(reader.error());
    const uint64_t size = (*reader)->size();
    if (size > max_bytes) return fail(Errc::too_large, "the file is too large to read whole");
    std::string bytes;
    bytes.reserve(static_cast<size_t>(size));
    for (uint64_t at = 0; at < size; at += kArtifactChunkBytes) {
        const auto piece = static_cast<size_t>(std::min<uint64_t>(kArtifactChunkBytes, size - at));
        if (auto st = (*reader)->read(at, piece, &bytes); !st) return tl::unexpected(st.error());
    }
    return bytes;
}

std::unique_ptr<Artifacts> folder_artifacts(ArtifactStore& folder) {
    return std::make_unique<FolderArtifacts>(folder);
}

}  // namespace omg::storage
