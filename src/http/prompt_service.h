// PromptService: what the HTTP layer may ask of the engine without generating anything: how
// a prompt will be understood (POST /api/v1/interpret, the studio's live preview) and which
// styles exist (GET /api/v1/styles, the studio's quick-picks).
//
// An interface so that http never links the engine: `omg serve` wires in the real one
// (app/engine_prompt_service.h), tests a fake. Implementations must be thread-safe (routes
// run on the transport's handler threads) and fast (they answer on every keystroke, debounced).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "model/request.h"

namespace omg::http {

// What the live preview asks: the musical fields of the request the studio would submit (prompt,
// bpm, key, time signature, style: the same typed request the queue takes) and a duration that
// stays unset when none was given, so that the prompt, then the style, choose it (as `omg
// interpret` does).
struct InterpretRequest {
    model::GenerationRequest asked;
    std::optional<double> duration_s;
    bool operator==(const InterpretRequest&) const = default;
};

class PromptService {
public:
    virtual ~PromptService() = default;

    // The brief as `omg interpret` prints it (engine::brief_json: genre, style_name, tempo_bpm,
    // key, mode, time_signature, instruments, excluded, moods, energy, duration_s, ignored,
    // understood, guessed). Errc::invalid_argument (or not_found) for input the engine refuses,
    // with a message fit for the user.
    virtual Result<nlohmann::json> interpret(const InterpretRequest& request) const = 0;

    // [{id, name, description, tempo: {min, max, default}, meters: ["4/4", ...], moods, energy}],
    // sorted by id.
    virtual nlohmann::json styles() const = 0;
};

}  // namespace omg::http
