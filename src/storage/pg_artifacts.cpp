#include "storage/pg_artifacts.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "storage/artifacts.h"
#include "storage/ids.h"

namespace omg::storage::pg {
namespace {

// The descriptor of the file being stored, closed on every path out.
class ReadFd {
public:
    explicit ReadFd(const std::filesystem::path& path)
        : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
    ~ReadFd() {
        if (fd_ >= 0) ::close(fd_);
    }
    ReadFd(const ReadFd&) = delete;
    ReadFd& operator=(const ReadFd&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

// Up to `want` bytes into *buf (fewer only at the end of the file); false on a read error.
bool read_piece(int fd, size_t want, std::string* buf) {
    buf->resize(want);
    size_t got = 0;
    while (got < want) {
        const ssize_t n = ::read(fd, buf->data() + got, want - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) break;
        got += static_cast<size_t>(n);
    }
    buf->resize(got);
    return true;
}

}  // namespace

Status store_artifact(Session& db, std::string_view job_id, std::string_view name,
                      const std::filesystem::path& file, IfStored if_stored) {
    if (!is_valid_id(job_id)) return fail(Errc::invalid_argument, "malformed job id");
    if (!is_safe_file_name(name)) return fail(Errc::invalid_argument, "malformed file name");
    ReadFd fd(file);
    if (fd.get() < 0) return fail(Errc::io, "cannot open the file to store: " + std::string(name));
    if (if_stored == IfStored::replace) {
        auto del = db.exec("DELETE FROM artifacts WHERE job_id = $1 AND name = $2",
                           Params().text(job_id).text(name));
        if (!del) return tl::unexpected(del.error());
    }
    // The size is written last: the file is read to its end, whatever its size was at the start.
    auto row = db.exec(
        "INSERT INTO artifacts(job_id, name, size, chunk_size) VALUES($1, $2, 0, $3) "
        "ON CONFLICT (job_id, name) DO NOTHING RETURNING id",
        Params().text(job_id).text(name).integer(kArtifactChunkBytes));
    if (!row) return tl::unexpected(row.error());
    if (row->size() == 0) return {};  // IfStored::keep, and another node stored it first
    const int64_t id = row->integer(0, 0);
    std::string chunk;
    int64_t size = 0;
    for (int64_t seq = 0;; ++seq) {
        if (!read_piece(fd.get(), kArtifactChunkBytes, &chunk)) {
            return fail(Errc::io, "cannot read the file to store: " + std::string(name));
        }
        if (chunk.empty() && seq > 0) break;
        // An empty file is one empty chunk, so every file has a chunk 0.
        auto r = db.exec("INSERT INTO artifact_chunks(artifact_id, seq, data) VALUES($1, $2, $3)",
                         Params().integer(id).integer(seq).bytes(chunk));
        if (!r) return tl::unexpected(r.error());
        size += static_cast<int64_t>(chunk.size());
        if (chunk.size() < kArtifactChunkBytes) break;
    }
    auto done =
        db.exec("UPDATE artifacts SET size = $2 WHERE id = $1", Params().integer(id).integer(size));
    if (!done) return tl::unexpected(done.error());
    return {};
}

}  // namespace omg::storage::pg
