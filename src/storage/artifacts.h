// Artifacts: where a finished job's files are read from, by whichever node serves them.
//
// Two implementations. The folder one reads the data folder (storage/artifact_store.h): the
// one-process server's own, or a folder every node mounts (`--artifacts DIR`). The database one
// reads PostgreSQL, where worker processes store a job's files in the transaction that marks it
// completed (storage/job_claims.h), so API nodes need no shared folder: the default of the
// many-machines mode.
//
// Why chunked BYTEA rows and not large objects: a file is one `artifacts` row and its bytes
// numbered `artifact_chunks` rows of 256 KiB, both deleted with their job by the database itself
// (ON DELETE CASCADE), in the very statement that deletes the job. Large objects are not owned
// by rows: every delete path would have to lo_unlink them (or a trigger would), and any path
// that forgot would leave orphans no query shows. Chunks are also ordinary rows for pg_dump,
// replication and privileges, and a range is read by chunk number with one indexed query.
//
// A file is read in pieces, never whole: `open` reads the size, each `read` only the chunks
// it needs (at most two for a 256 KiB piece). `derive` makes a file from another on first use
// (WAV and OGG from the FLAC) and stores it for every node; concurrent derivations of one name
// agree on one stored file. Thread-safe; a reader may outlive its `open` call, not the store.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/artifact_store.h"

namespace omg::storage {

// One stored file, opened.
class ArtifactReader {
public:
    virtual ~ArtifactReader() = default;
    virtual uint64_t size() const = 0;
    // Appends exactly `length` bytes at `offset` to *out. Errc::invalid_argument past the end,
    // Errc::not_found once the file is gone (its job deleted), Errc::unavailable or io when
    // the bytes cannot be read.
    virtual Status read(uint64_t offset, size_t length, std::string* out) const = 0;
};

// Makes the file `to` from the local file `from` (an audio conversion).
using DeriveFn =
    std::function<Status(const std::filesystem::path& from, const std::filesystem::path& to)>;

class Artifacts {
public:
    virtual ~Artifacts() = default;
    // The job's file `name`. Errc::not_found when there is none, Errc::invalid_argument for a
    // malformed id or name, Errc::unavailable when the database cannot be reached.
    virtual Result<std::shared_ptr<const ArtifactReader>> open(std::string_view job_id,
                                                               std::string_view name) const = 0;
    // Unless `name` is stored: makes it from the stored `source` with `make` and stores it.
    // Errc::not_found when the source is missing or the job is gone.
    virtual Status derive(std::string_view job_id, std::string_view source, std::string_view name,
                          const DeriveFn& make) = 0;
    // Every file of the job, removed.
    virtual Status remove_job(std::string_view job_id) = 0;
    // "folder" or "database", for logs.
    virtual const char* kind() const = 0;
};

// A small file read whole (a version's peaks); Errc::too_large above `max_bytes`.
Result<std::string> read_whole(const Artifacts& artifacts, std::string_view job_id,
                               std::string_view name, uint64_t max_bytes = 16u << 20);

// The data folder's files. `folder` is not owned and must outlive the result.
std::unique_ptr<Artifacts> folder_artifacts(ArtifactStore& folder);

// The files in the PostgreSQL database at `url` (created and migrated as needed), read through
// a pool of `connections` sessions, each lent for one statement; conversions are made in
// `scratch` (a local folder, created; temporary files there are removed after use, and those a
// crash left are swept at open once an hour old) and stored through a connection of their own.
// Errc::unavailable when the database cannot be reached.
Result<std::unique_ptr<Artifacts>> open_postgres_artifacts(const std::string& url,
                                                           const std::filesystem::path& scratch,
                                                           int connections = 4);

// The size of the database's chunks.
inline constexpr uint32_t kArtifactChunkBytes = 256u * 1024u;

}  // namespace omg::storage
