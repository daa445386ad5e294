// EngineJobEngine: the real JobEngine, over omg::engine::Engine and omg::encode.
//
// One version = one Engine::generate call, then its files, each written atomically into the
// job's artifact folder: "<vid>.flac" (lossless master, the source for transcoding),
// "<vid>.mp3" (what the seed clients play), "<vid>.mid", "<vid>.peaks.json" (waveform for
// the player) and, when asked, one "<vid>.stem-<name>.flac" per instrument. The version's
// metadata carries the Interpretation, Brief, sections and recipe. Thread-safe: the Engine is
// immutable after open.
#pragma once

#include "engine/engine.h"
#include "jobs/job_engine.h"

namespace omg::jobs {

class EngineJobEngine final : public JobEngine {
public:
    explicit EngineJobEngine(const engine::Engine& engine) : engine_(engine) {}

    Result<VersionOutput> generate(const VersionTask& task, storage::ArtifactStore& artifacts,
                                   const VersionProgressFn& progress,
                                   std::stop_token stop) override;
    Status convert_audio(const std::filesystem::path& source,
                         const std::filesystem::path& destination,
                         const std::string& format) override;
    std::string describe() const override;

private:
    const engine::Engine& engine_;
};

// Waveform peaks of a track: `points` buckets of (min, max) over both channels, as JSON.
std::string peaks_json(const model::Pcm& pcm, int points);

}  // namespace omg::jobs
