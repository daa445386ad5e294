// POST /api/v1/lyrics/generate: the seed's request and reply, plus which writer wrote them.
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "http/routes.h"
#include "http/validation.h"

namespace omg::http {

using json = nlohmann::json;

namespace {

// The fields validate_lyrics accepted, plus OMG's optional `seed` and `writer`.
std::optional<LyricsRequest> read_request(const std::string& body, json* errors) {
    if (!validate_lyrics(body, errors)) return std::nullopt;
    json j = parse_body(body);
    LyricsRequest r;
    r.prompt = j.value("prompt", "");
    r.topic = j.value("topic", "");
    // validate_lyrics accepted a number or a numeric string ("30"), as pydantic does.
    const json& duration = j["duration"];
    r.duration_s = duration.is_number() ? duration.get<double>()
                                        : std::strtod(duration.get_ref<const std::string&>().c_str(), nullptr);
    if (j.contains("current_lyrics") && j["current_lyrics"].is_string()) {
        r.current_lyrics = j["current_lyrics"].get<std::string>();
    }
    if (j.contains("instruction") && j["instruction"].is_string()) r.instruction = j["instruction"].get<std::string>();
    if (j.contains("seed") && !j["seed"].is_null()) {
        if (!j["seed"].is_number_integer()) {
            errors->push_back({{"type", "int_type"},
                               {"loc", {"body", "seed"}},
                               {"msg", "Input should be a valid integer"},
                               {"input", j["seed"]}});
            return std::nullopt;
        }
        r.seed = j["seed"].get<int64_t>();
    }
    if (j.contains("writer") && !j["writer"].is_null()) {
        const json& w = j["writer"];
        if (!w.is_string() || (w != "builtin" && w != "llm" && w != "")) {
            errors->push_back({{"type", "literal_error"},
                               {"loc", {"body", "writer"}},
                               {"msg", "Input should be 'builtin' or 'llm'"},
                               {"input", w},
                               {"ctx", {{"expected", "'builtin' or 'llm'"}}}});
            return std::nullopt;
        }
        r.writer = w.get<std::string>();
    }
    return r;
}

}  // namespace

// Shared with the model-service face: the same request, the same answers.
void answer_lyrics(const LyricsService* lyrics, const Request& req, Reply& res) {
    json errors = json::array();
    auto r = read_request(req.body, &errors);
    if (!r) {
        reply_json(res, 422, {{"detail", errors}});
        return;
    }
    if (lyrics == nullptr) {
        reply_json(res, 503, {{"detail", "Failed to generate lyrics: lyrics generation is not configured on this server"}});
        return;
    }
    auto out = lyrics->write(*r);
    if (!out) {
        const int status = out.error().code == Errc::unavailable ? 503
                           : out.error().code == Errc::invalid_argument ? 422
                                                                         : 500;
        if (status == 422) {
            reply_json(res, 422, {{"detail", json::array({{{"type", "value_error"},
                                                           {"loc", {"body"}},
                                                           {"msg", out.error().message},
                                                           {"input", nullptr}}})}});
            return;
        }
        reply_json(res, status, {{"detail", "Failed to generate lyrics: " + out.error().message}});
        return;
    }
    reply_json(res, 200,
               {{"lyrics", out->lyrics},
                {"writer", out->writer},
                {"model", out->model},
                {"seed", out->seed ? json(*out->seed) : json(nullptr)},
                {"sections", out->sections},
                {"changes", out->changes}});
}

void install_lyrics_routes(const AddRoute& route, const LyricsService* lyrics) {
    route("POST", "/api/v1/lyrics/generate", RouteKind::write,
          [lyrics](const Request& req, Reply& res) { answer_lyrics(lyrics, req, res); });
    route("GET", "/api/v1/lyrics/writers", RouteKind::quick_read, [lyrics](const Request&, Reply& res) {
        if (lyrics == nullptr) {
            reply_json(res, 200, {{"default", nullptr}, {"writers", json::array()}});
            return;
        }
        reply_json(res, 200, lyrics->describe());
    });
}

}  // namespace omg::http
