// LlmWriter: lyrics from an OpenAI-compatible chat-completions service (llama.cpp's
// llama-server, Ollama, vLLM ...), configured by the operator only (OMG_LLM_URL, OMG_LLM_MODEL,
// OMG_LLM_API_KEY, OMG_LLM_TIMEOUT_S): no request can point it elsewhere.
//
// It sends the seed system's songwriting instructions (write, or refine when current lyrics are
// given) plus the sections and line lengths of the form OMG will compose, with an explicit
// temperature and max_tokens and stream=false. The reply is cleaned into OMG's lyrics format:
// <think> blocks, Markdown fences and chat tokens removed, a preamble before the first section
// dropped, "[verse]"/"Verse 1:" headings normalised to "[Verse 1]", a reply cut off by the
// token limit trimmed to its last whole section. Errors: Errc::unavailable when the service
// cannot be reached, is loading (503, retried with backoff first), refuses the key (401) or
// lacks the model (404); Errc::internal for an unreadable or empty reply. Messages name the
// setting to fix, never the URL's credentials. Thread-safe: each call opens its own client.
#pragma once

#include "core/env.h"

#include <optional>
#include <string>

#include "core/result.h"

namespace omg::lyrics {

struct LlmConfig {
    std::string url;      // base URL: "http://127.0.0.1:8080" (a trailing "/v1" is accepted)
    std::string model = "default";
    std::string api_key;  // sent as "Authorization: Bearer <key>" when set
    double timeout_s = 300;
    int max_tokens = 1024;
    double temperature = 0.9;
    double top_p = 0.9;
    int retries = 2;       // extra attempts after a 503 or a dropped connection
    double backoff_s = 1;  // first wait between attempts (doubles)

    // From OMG_LLM_URL, OMG_LLM_MODEL, OMG_LLM_API_KEY, OMG_LLM_TIMEOUT_S; nullopt when
    // OMG_LLM_URL is unset or empty.
    static std::optional<LlmConfig> from_env(const core::Env& env);
};

struct LlmAsk {
    std::string prompt;    // the music description
    double duration_s = 30;
    std::string topic;
    std::string current_lyrics;  // non-empty: refine
    std::string form_hint;       // "[Verse 1]: 4 lines of about 9 syllables ..." (optional)
    std::optional<int64_t> seed;
};

struct LlmReply {
    std::string lyrics;  // cleaned
    std::string model;   // as the service reports it
    bool truncated = false;
};

class LlmWriter {
public:
    explicit LlmWriter(LlmConfig config) : config_(std::move(config)) {}
    Result<LlmReply> write(const LlmAsk& ask) const;
    // GET /health (llama-server) or /v1/models (Ollama): true when either answers 200.
    bool healthy(double timeout_s = 3) const;
    const LlmConfig& config() const { return config_; }

private:
    LlmConfig config_;
};

// The cleaning step alone (for tests and for other services' output).
std::string clean_lyrics(const std::string& raw, bool truncated = false);

}  // namespace omg::lyrics
