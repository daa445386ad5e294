// The folder implementation of Artifacts (storage/artifacts.h), and what both share.
#include "storage/artifacts.h"

#include <algorithm>
#include <system_error>
#include <utility>

#include "core/open_file.h"

namespace omg::storage {
namespace fs = std::filesystem;
namespace {

// A file opened when it was asked for (core::OpenFile): a later rename or removal does not
// change what an open reader sends.
class FileReader final : public ArtifactReader {
public:
    explicit FileReader(core::OpenFile file) : file_(std::move(file)) {}

    uint64_t size() const override { return file_.size(); }
    Status read(uint64_t offset, size_t length, std::string* out) const override {
        return file_.read(offset, length, out);
    }

private:
    core::OpenFile file_;
};

class FolderArtifacts final : public Artifacts {
public:
    explicit FolderArtifacts(ArtifactStore& folder) : folder_(folder) {}

    Result<std::shared_ptr<const ArtifactReader>> open(std::string_view job_id,
                                                       std::string_view name) const override {
        auto path = folder_.file_path(job_id, name);
        if (!path) return tl::unexpected(path.error());
        auto file = core::OpenFile::open(*path);
        if (!file) return tl::unexpected(file.error());
        return std::shared_ptr<const ArtifactReader>(
            std::make_shared<const FileReader>(std::move(*file)));
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
