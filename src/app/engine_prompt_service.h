// EnginePromptService: the HTTP layer's PromptService over the real engine.
//
// `interpret` is Engine::interpret plus engine::brief_json (the JSON `omg interpret` prints);
// with hits asked, it composes (no rendering) and adds "hits" (engine::hit_marks_json),
// "tempo_map" and "hits_seed" (the seed asked, or 1). `styles` lists the engine's style
// library. The Engine is immutable after open, so this is thread-safe; it must outlive the
// service.
#pragma once

#include "engine/engine.h"
#include "http/prompt_service.h"

namespace omg::app {

class EnginePromptService final : public http::PromptService {
public:
    explicit EnginePromptService(const engine::Engine& engine) : engine_(engine) {}

    Result<nlohmann::json> interpret(const http::InterpretRequest& request) const override;
    nlohmann::json styles() const override;

private:
    const engine::Engine& engine_;
};

}  // namespace omg::app
