// LyricsService: what the HTTP layer asks for POST /api/v1/lyrics/generate (and the model
// service's /model/v1/lyrics/generate): lyrics for a prompt, a topic and a duration, or a
// refinement of lyrics the user already has.
//
// An interface so that http never links the engine or the lyrics stage: `omg serve` wires in
// the real one (app/lyrics_service.h: the LLM when OMG_LLM_URL is set, the built-in writer
// otherwise), tests a fake. Implementations must be thread-safe. Errors: Errc::unavailable
// (the chosen writer cannot run now; 503), Errc::invalid_argument (422-worthy input), others 500.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace omg::http {

struct LyricsRequest {
    std::string prompt;
    double duration_s = 30;
    std::string topic;
    std::optional<std::string> current_lyrics;  // non-empty: refine
    std::optional<int64_t> seed;                 // OMG: the seed of the song they are for
    std::string writer;                          // OMG: "", "builtin" or "llm"
    std::string instruction;                     // OMG: what refine changes; empty: the topic is read as one
};

struct LyricsResult {
    std::string lyrics;
    std::string writer;  // "builtin" | "llm": who wrote them
    std::string model;   // the LLM's model name, or the built-in writer's version
    std::optional<int64_t> seed;  // the song seed whose form the lyrics fit (built-in)
    std::vector<std::string> changes;  // refine (built-in): what it changed
    nlohmann::json sections = nlohmann::json::array();  // the form: [{tag, role, start_s, bars, lines, syllables}]
};

class LyricsService {
public:
    virtual ~LyricsService() = default;
    virtual Result<LyricsResult> write(const LyricsRequest& request) const = 0;
    // {"default": "builtin"|"llm", "writers": [{"name", "available", "detail"}]}
    virtual nlohmann::json describe() const = 0;
};

}  // namespace omg::http
