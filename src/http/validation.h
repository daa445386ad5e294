// Request validation with FastAPI/pydantic-v2-shaped errors.
//
// Each parser reads a JSON body and either returns the typed request or fills `errors` with a
// `detail` array: [{"type","loc":["body",field],"msg","input","ctx"?,"url"}], the shape the seed
// clients already display. Limits follow the seeds (duration 0 < d <= 300, versions 1..5,
// sergiecode prompt 1..500 and duration 5..300) plus OMG's own prompt length limit. Pure
// functions: thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/prompt_service.h"
#include "model/limits.h"
#include "storage/job_record.h"

namespace omg::http {

// The configurable part of the limits (`omg serve --max-prompt-chars`); the rest is model/limits.h.
struct Limits {
    size_t max_prompt_chars = model::kMaxPromptChars;
    size_t max_lyrics_chars = model::kMaxLyricsChars;
    // The "best" sound quality's SoundFont is installed; when not, asking for it is a 422
    // (never a quiet fallback to "fast").
    bool best_quality_installed = true;
};

// OMG's own track length range (the engine's): the `duration_s` extension and /interpret.
inline constexpr double kMinDurationS = model::kMinDurationS;
inline constexpr double kMaxDurationS = model::kMaxDurationS;

// POST /api/v1/generate. Besides the seed's fields, the OMG extensions bpm, key,
// time_signature, style, stems, vocals, loudness (a preset of model/loudness.h), quality
// (model/sound_quality.h), cue (model/cue.h: {vamp_bars 1..64, intro_bars 0..64, ending}; errors
// located at ["body","cue",field]), hits (http/hit_validation.h; errors located at
// ["body","hits",index,field]) and duration_s: a track length of 5..600 s that replaces
// `duration` (which keeps the seed's 0 < d <= 300) and makes it optional.
std::optional<storage::JobParams> parse_generate(const std::string& body, const Limits& limits,
                                                 nlohmann::json* errors);

// POST /api/v1/interpret: prompt (1.., non-blank), duration 5..600, bpm 20..400, key,
// time_signature, style; every field but the prompt optional and nullable.
std::optional<InterpretRequest> parse_interpret(const std::string& body, const Limits& limits,
                                                nlohmann::json* errors);

// PATCH /api/v1/queue/reorder
struct ReorderRequest {
    std::string job_id;
    int new_position = 1;
};
std::optional<ReorderRequest> parse_reorder(const std::string& body, nlohmann::json* errors);

// POST /api/v1/lyrics/generate (validated, then answered 501 until lyrics land)
bool validate_lyrics(const std::string& body, nlohmann::json* errors);

// POST /music/generate. `blank_prompt` is set (and nullopt returned, errors empty) for a
// prompt of only whitespace, which the seed answers with 400.
struct TrackRequest {
    std::string prompt;  // trimmed
    int duration = 30;
};
std::optional<TrackRequest> parse_track(const std::string& body, nlohmann::json* errors,
                                        bool* blank_prompt);

size_t utf8_length(const std::string& s);

// The deepest nesting of arrays and objects a request body may have. Parsing, copying, dumping
// and destroying JSON all recurse per level; a 200 KB body of "[[[[..." must never get there.
inline constexpr size_t kMaxJsonDepth = 64;

// Every request body is parsed through here: the nesting is measured on the raw text first (no
// allocation, strings and escapes skipped), and a body nested deeper than kMaxJsonDepth, like
// invalid JSON, gives a discarded value (`is_discarded()`).
nlohmann::json parse_body(const std::string& body);
size_t json_nesting_depth(const std::string& text);

// A value fit to echo back as an error's "input": itself when its JSON text is at most
// kMaxEchoBytes, else a string of its first part ending in "...". An answer never repeats a huge
// body back to the client.
inline constexpr size_t kMaxEchoBytes = 1024;
nlohmann::json echo_input(const nlohmann::json& value);

}  // namespace omg::http
