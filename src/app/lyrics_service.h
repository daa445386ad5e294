// EngineLyricsService: the real http::LyricsService of `omg serve`.
//
// The form comes from the engine: the request's prompt and duration are composed (no audio)
// with the request's seed, or a fresh one that the reply reports, so the lyrics fit the song
// the same seed will render. The LLM writes when OMG_LLM_URL is configured (or "writer":"llm"
// is asked), the built-in writer otherwise (or "writer":"builtin"); there is no silent
// fallback from a failing LLM, its error is the answer (503 with the reason). Thread-safe.
#pragma once

#include <memory>
#include <optional>

#include "engine/engine.h"
#include "http/lyrics_service.h"
#include "lyrics/llm_writer.h"
#include "lyrics/lyrics.h"

namespace omg::app {

class EngineLyricsService final : public http::LyricsService {
public:
    // `vocabulary_dir` holds resources/lyrics; a missing vocabulary or espeak-ng leaves only the LLM
    // (and says why in describe()).
    EngineLyricsService(const engine::Engine& engine, const std::filesystem::path& vocabulary_dir,
                        std::optional<lyrics::LlmConfig> llm);

    Result<http::LyricsResult> write(const http::LyricsRequest& request) const override;
    nlohmann::json describe() const override;

private:
    const engine::Engine& engine_;
    std::optional<lyrics::Vocabulary> vocabulary_;
    std::unique_ptr<lyrics::Pronouncer> pronouncer_;
    std::string builtin_error_;
    std::optional<lyrics::LlmWriter> llm_;
};

// resources/lyrics: OMG_LYRICS_DIR, else the source tree's folder.
std::filesystem::path default_lyrics_dir();

}  // namespace omg::app
