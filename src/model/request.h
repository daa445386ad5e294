// GenerationRequest: what a user asks for, typed, from the HTTP body or the command line through
// the queue and the store to the engine and the remote providers.
//
// One struct for every path: a new option is a new field here, read where it is used, stored by
// storage's codec (storage/request_codec.h) and checked against model/limits.h where it is parsed.
// The seed's fields (prompt, lyrics, duration, num_versions, seed, provider), OMG's extensions
// (musical overrides, stems, vocals, arrangement-guided rendering, the loudness preset, the sound quality,
// a cue's shape, hit points) and the model service's own
// (format, client job id). Plain data: copyable, comparable, no JSON, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/cue.h"
#include "model/hit.h"
#include "model/loudness.h"
#include "model/sound_quality.h"

namespace omg::model {

struct GenerationRequest {
    std::string prompt;
    std::optional<std::string> lyrics;   // words to sing ([Verse]/[Chorus] tags or none)
    double duration_s = 30;              // seconds (the seed's default)
    int num_versions = 1;
    std::optional<int64_t> seed;         // unset: a fresh seed per version
    std::optional<std::string> provider; // builtin, ace-step ... (unset: the server's default)

    // OMG's extensions: unset means "from the prompt, then the style".
    std::optional<double> bpm;
    std::optional<std::string> key;             // "D minor"
    std::optional<std::string> time_signature;  // "3/4"
    std::optional<std::string> style;           // a style id
    bool stems = false;
    std::optional<bool> vocals;                 // unset: sung when there are words to sing
    bool arrangement_guided = false;            // the built-in arrangement guides a neural provider
    std::optional<double> cover_strength;       // 0..1, for arrangement-guided rendering
    std::optional<LoudnessPreset> loudness;     // unset: streaming (model/loudness.h)
    std::optional<SoundQuality> quality;        // unset: fast (model/sound_quality.h)
    std::optional<CueShape> cue;                // intro, vamp and ending (model/cue.h); unset: a track
    std::vector<Hit> hits;                      // hit points (model/hit.h), at most kMaxHits

    // The model service's (/model/v1) own fields.
    std::optional<std::string> format;          // mp3 | wav | flac | ogg
    std::optional<std::string> client_job_id;   // the id the client chose

    bool operator==(const GenerationRequest&) const = default;
};

}  // namespace omg::model
