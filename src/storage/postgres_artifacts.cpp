// Artifacts in PostgreSQL (storage/artifacts.h): a small pool of sessions that readers borrow
// for one statement at a time, so a download in progress holds no connection between its
// pieces and a slow client costs the database nothing.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <span>
#include <system_error>
#include <vector>

#include "core/durable_file.h"
#include "storage/artifacts.h"
#include "storage/ids.h"
#include "storage/pg_artifacts.h"
#include "storage/pg_session.h"
#include "storage/postgres_schema.h"

namespace omg::storage {
namespace fs = std::filesystem;
namespace {

// A statement that reads a chunk or two never takes long; one that does is a database in
// trouble, and the HTTP piece waiting on it should fail rather than hang.
Status limit_statements(pg::Session& db) {
    return db.exec_script("SET statement_timeout = 30000");
}

// Sessions lent one at a time. Shared by the store and every reader it opened (a reader sent
// by the transport may outlive the route that opened it).
class SessionPool {
public:
    explicit SessionPool(std::vector<pg::Session> sessions) : free_(std::move(sessions)) {}

    class Lease {
    public:
        Lease(SessionPool& pool, pg::Session s) : pool_(&pool), session_(std::move(s)) {}
        ~Lease() {
            if (pool_ != nullptr) pool_->give_back(std::move(session_));
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        pg::Session& operator*() { return session_; }
        pg::Session* operator->() { return &session_; }

    private:
        SessionPool* pool_;
        pg::Session session_;
    };

    Lease borrow() {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return !free_.empty(); });
        pg::Session s = std::move(free_.back());
        free_.pop_back();
        return Lease(*this, std::move(s));
    }

private:
    void give_back(pg::Session s) {
        {
            std::lock_guard lock(mutex_);
            free_.push_back(std::move(s));
        }
        cv_.notify_one();
    }
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<pg::Session> free_;
};

class ChunkReader final : public ArtifactReader {
public:
    ChunkReader(std::shared_ptr<SessionPool> pool, int64_t id, uint64_t size, uint64_t chunk)
        : pool_(std::move(pool)), id_(id), size_(size), chunk_(chunk) {}

    uint64_t size() const override { return size_; }

    Status read(uint64_t offset, size_t length, std::string* out) const override {
        if (offset > size_ || length > size_ - offset) {
            return fail(Errc::invalid_argument, "read past the end of the file");
        }
        if (length == 0) return {};
        const uint64_t first = offset / chunk_;
        const uint64_t last = (offset + length - 1) / chunk_;
        auto db = pool_->borrow();
        auto rows = db->exec_binary(
            "SELECT data FROM artifact_chunks WHERE artifact_id = $1 AND seq BETWEEN $2 AND $3 "
            "ORDER BY seq",
            pg::Params()
                .integer(id_)
                .integer(static_cast<int64_t>(first))
                .integer(static_cast<int64_t>(last)));
        if (!rows) return tl::unexpected(rows.error());
        if (static_cast<uint64_t>(rows->size()) != last - first + 1) {
            return fail(Errc::not_found, "the file is gone (its job was deleted)");
        }
        for (uint64_t seq = first; seq <= last; ++seq) {
            const std::string data = rows->text(static_cast<int>(seq - first), 0);
            const uint64_t chunk_start = seq * chunk_;
            const uint64_t expect = std::min(chunk_, size_ - chunk_start);
            if (data.size() != expect) return fail(Errc::io, "a stored chunk has the wrong size");
            const uint64_t from = std::max(offset, chunk_start) - chunk_start;
            const uint64_t to = std::min(offset + length, chunk_start + expect) - chunk_start;
            out->append(data, static_cast<size_t>(from), static_cast<size_t>(to - from));
        }
        return {};
    }

private:
    std::shared_ptr<SessionPool> pool_;
    int64_t id_;
    uint64_t size_;
    uint64_t chunk_;
};

// A local temporary file, removed on every path out.
class ScratchFile {
public:
    ScratchFile(const fs::path& dir, std::string_view name)
        : path_(dir / (std::string(kTempFilePrefix) + new_uuid() + "-" + std::string(name))) {}
    ~ScratchFile() {
        std::error_code ec;
        fs::remove(path_, ec);
    }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

class PostgresArtifacts final : public Artifacts {
public:
    PostgresArtifacts(std::string url, std::shared_ptr<SessionPool> pool, fs::path scratch)
        : url_(std::move(url)), pool_(std::move(pool)), scratch_(std::move(scratch)) {}

    Result<std::shared_ptr<const ArtifactReader>> open(std::string_view job_id,
                                                       std::string_view name) const override {
        if (!is_valid_id(job_id)) return fail(Errc::invalid_argument, "malformed job id");
        if (!is_safe_file_name(name)) return fail(Errc::invalid_argument, "malformed file name");
        auto db = pool_->borrow();
        auto rows =
            db->exec("SELECT id, size, chunk_size FROM artifacts WHERE job_id = $1 AND name = $2",
                     pg::Params().text(job_id).text(name));
        if (!rows) return tl::unexpected(rows.error());
        if (rows->size() == 0) return fail(Errc::not_found, "file not found");
        const int64_t chunk = rows->integer(0, 2);
        if (chunk <= 0) return fail(Errc::io, "a stored file has no chunk size");
        return std::shared_ptr<const ArtifactReader>(std::make_shared<const ChunkReader>(
            pool_, rows->integer(0, 0), static_cast<uint64_t>(rows->integer(0, 1)),
            static_cast<uint64_t>(chunk)));
    }

    Status derive(std::string_view job_id, std::string_view source, std::string_view name,
                  const DeriveFn& make) override {
        if (auto made = open(job_id, name); made) {
            return {};
        } else if (made.error().code != Errc::not_found) {
            return tl::unexpected(made.error());
        }
        auto from = open(job_id, source);
        if (!from) return tl::unexpected(from.error());
        std::error_code ec;
        fs::create_directories(scratch_, ec);
        ScratchFile local_source(scratch_, source);
        ScratchFile local_made(scratch_, name);
        if (auto st = copy_out(**from, local_source.path()); !st) return st;
        if (auto st = make(local_source.path(), local_made.path()); !st) return st;
        // A connection of its own: sending a large file takes a while, and the pool's sessions
        // are for the pieces of downloads in progress.
        auto db = pg::Session::connect(url_, limit_statements);
        if (!db) return tl::unexpected(db.error());
        Status st = db->transaction([&]() -> Status {
            return pg::store_artifact(*db, job_id, name, local_made.path(), pg::IfStored::keep);
        });
        if (!st && st.error().code == Errc::conflict)
            return fail(Errc::not_found, "the job is gone");
        return st;
    }

    Status remove_job(std::string_view job_id) override {
        if (!is_valid_id(job_id)) return fail(Errc::invalid_argument, "malformed job id");
        auto db = pool_->borrow();
        auto r = db->exec("DELETE FROM artifacts WHERE job_id = $1", pg::Params().text(job_id));
        if (!r) return tl::unexpected(r.error());
        return {};
    }

    const char* kind() const override { return "database"; }

private:
    // The stored file into a local one, a chunk at a time.
    static Status copy_out(const ArtifactReader& reader, const fs::path& to) {
        FileSystem& files = posix_file_system();
        auto handle = files.create_new(to);
        if (!handle) return tl::unexpected(handle.error());
        Status st;
        std::string piece;
        for (uint64_t at = 0; st && at < reader.size(); at += kArtifactChunkBytes) {
            piece.clear();
            const auto n =
                static_cast<size_t>(std::min<uint64_t>(kArtifactChunkBytes, reader.size() - at));
            st = reader.read(at, n, &piece);
            if (st) {
                st = files.write_all(
                    *handle,
                    std::span<const unsigned char>(
                        reinterpret_cast<const unsigned char*>(piece.data()), piece.size()));
            }
        }
        Status closed = files.close(*handle);
        if (!st) return st;
        return closed;
    }

    std::string url_;
    std::shared_ptr<SessionPool> pool_;
    fs::path scratch_;
};

}  // namespace

Result<std::unique_ptr<Artifacts>> open_postgres_artifacts(const std::string& url,
                                                           const fs::path& scratch,
                                                           int connections) {
    std::vector<pg::Session> sessions;
    for (int i = 0; i < std::max(1, connections); ++i) {
        auto db = pg::Session::connect(url, limit_statements);
        if (!db) return tl::unexpected(db.error());
        if (i == 0) {
            if (auto st = pg::migrate(*db); !st) return tl::unexpected(st.error());
        }
        sessions.push_back(std::move(*db));
    }
    std::error_code ec;
    fs::create_directories(scratch, ec);
    if (ec) return fail(Errc::io, "cannot create the scratch folder");
    // What a crash left there is nobody's; a file younger than an hour may be a conversion of
    // another node sharing the folder (two nodes on one machine).
    const auto cutoff = fs::file_time_type::clock::now() - std::chrono::hours(1);
    for (const auto& e : fs::directory_iterator(scratch, ec)) {
        std::error_code fe;
        if (is_temp_file_name(e.path().filename().string()) && e.last_write_time(fe) < cutoff &&
            !fe) {
            fs::remove(e.path(), fe);
        }
    }
    // shared_ptr: readers handed to the HTTP transport keep the pool for as long as they live.
    auto pool = std::make_shared<SessionPool>(std::move(sessions));
    return std::unique_ptr<Artifacts>(
        std::make_unique<PostgresArtifacts>(url, std::move(pool), scratch));
}

}  // namespace omg::storage
