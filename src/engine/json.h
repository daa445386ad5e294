// JSON views of the engine's values, shared by the CLI and the HTTP server so both speak the
// same field names (`omg interpret` prints brief_json).
#pragma once

#include <nlohmann/json.hpp>

#include "engine/engine.h"

namespace omg::engine {

// genre, style_name, tempo_bpm, key, mode, time_signature, instruments, excluded, moods, energy,
// duration_s, vocals, topic, ignored, understood, guessed.
nlohmann::json brief_json(const model::Brief& brief, const model::Interpretation& interpretation,
                          const model::StyleLibrary& styles);
// [{name, kind, start_s, bars, energy}]
nlohmann::json sections_json(const model::Score& score);
// {voice, lines: [{start_s, end_s, section, text}], syllables, dropped}: what the voice sings.
nlohmann::json vocal_json(const model::Score& score);
// {stage: seconds}
nlohmann::json timings_json(const std::vector<StageTiming>& timings);
nlohmann::json recipe_json(const Recipe& recipe);

}  // namespace omg::engine
