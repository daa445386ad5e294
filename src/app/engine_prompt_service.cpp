#include "app/engine_prompt_service.h"

#include "engine/json.h"

namespace omg::app {

using json = nlohmann::json;

namespace {
constexpr uint64_t kHitPreviewSeed = 1;
}  // namespace

Result<json> EnginePromptService::interpret(const http::InterpretRequest& request) const {
    engine::Request r = engine::request_for(request.asked, std::nullopt);
    r.duration_s = request.duration_s;
    if (!r.hits.empty()) {
        // Where hits land depends on the form, so the preview composes (without rendering) for
        // the seed asked, or for a fixed one that it names.
        r.seed = request.asked.seed ? static_cast<uint64_t>(*request.asked.seed) : kHitPreviewSeed;
        auto arrangement = engine_.compose(r);
        if (!arrangement) return tl::unexpected(arrangement.error());
        json j = engine::brief_json(arrangement->brief, arrangement->interpretation, engine_.styles());
        j["hits"] = engine::hit_marks_json(arrangement->score);
        j["tempo_map"] = engine::tempo_map_json(arrangement->score);
        j["hits_seed"] = arrangement->seed;
        return j;
    }
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
