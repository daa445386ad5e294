#include "app/engine_prompt_service.h"

#include "engine/json.h"

namespace omg::app {

using json = nlohmann::json;

Result<json> EnginePromptService::interpret(const http::InterpretRequest& request) const {
    engine::Request r = engine::request_for(request.asked, std::nullopt);
    r.duration_s = request.duration_s;
    model::Interpretation interpretation;
    auto brief = engine_.interpret(r, &interpretation);
    if (!brief) return tl::unexpected(brief.error());
    return engine::brief_json(*brief, interpretation, engine_.styles());
}

json EnginePromptService::styles() const {
    json out = json::array();
    for (const auto& s : engine_.styles().styles) {
        json meters = json::array();
        for (const auto& m : s.meters) meters.push_back(m.text());
        out.push_back(
            {{"id", s.id},
             {"name", s.name},
             {"description", s.description},
             {"tempo", {{"min", s.tempo_min}, {"max", s.tempo_max}, {"default", s.tempo_default}}},
             {"meters", meters},
             {"moods", s.moods},
             {"energy", s.energy}});
    }
    return out;
}

}  // namespace omg::app
