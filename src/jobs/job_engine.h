// JobEngine: what the job queue needs from a music engine, and nothing more.
//
// The queue runs one version at a time through `generate`, which writes the version's files
// into the job's artifact folder (each file whole, via temp + rename) and returns their names
// and the version's metadata. The real implementation (engine_adapter.h) wraps
// omg::engine::Engine and omg::encode; tests use a fake. Implementations must be safe to call
// from several worker threads at once, must report progress as a fraction 0..1 of this
// version, and must return Errc::cancelled soon after `stop` is requested.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/result.h"
#include "storage/artifact_store.h"
#include "storage/job_record.h"

namespace omg::jobs {

struct VersionTask {
    std::string job_id;
    std::string version_id;  // file names of this version start with "<version_id>."
    int index = 0;           // 0-based
    int count = 1;
    uint64_t seed = 0;       // the actual seed of this version
    storage::JobParams params;
};

struct VersionOutput {
    std::string metadata_json = "{}";  // a JSON object: interpretation, sections, recipe ...
    std::vector<std::string> files;    // names inside the job's artifact folder
};

struct VersionProgress {
    std::string stage;      // interpret | compose | render | master | encode
    double fraction = 0;    // of this version, 0..1
};
using VersionProgressFn = std::function<void(const VersionProgress&)>;

class JobEngine {
public:
    virtual ~JobEngine() = default;

    virtual Result<VersionOutput> generate(const VersionTask& task,
                                           storage::ArtifactStore& artifacts,
                                           const VersionProgressFn& progress,
                                           std::stop_token stop) = 0;

    // Re-encodes an audio file (any supported format) into `format` ("wav", "flac", "ogg",
    // "mp3") at `destination`, atomically.
    virtual Status convert_audio(const std::filesystem::path& source,
                                 const std::filesystem::path& destination,
                                 const std::string& format) = 0;

    // "omg-builtin 0.1.0": for /health and version metadata.
    virtual std::string describe() const = 0;
};

}  // namespace omg::jobs
