#include "http/show_validation.h"

#include "model/limits.h"
#include "show/plan.h"

namespace omg::http {

using json = nlohmann::json;

namespace {

constexpr const char* kErrors = "https://errors.pydantic.dev/2.7/v/";

void add(json* errors, json loc, const std::string& type, const std::string& msg, const json& input) {
    errors->push_back({{"type", type}, {"loc", std::move(loc)}, {"msg", msg}, {"input", echo_input(input)},
                       {"url", std::string(kErrors) + type}});
}

json loc_of(std::initializer_list<json> parts) {
    json loc = json::array({"body"});
    for (const json& p : parts) loc.push_back(p);
    return loc;
}

// The cue's own fields, taken out of `cue` (which is then a generation request).
void read_cue_fields(json& cue, size_t i, model::ShowCue& out, json* errors) {
    auto here = [&](const char* field) { return loc_of({"cues", i, field}); };
    if (!cue.contains("title")) {
        add(errors, here("title"), "missing", "Field required", cue);
    } else if (!cue["title"].is_string() || cue["title"].get<std::string>().empty() ||
               utf8_length(cue["title"].get<std::string>()) > model::kMaxShowTitleChars) {
        add(errors, here("title"), "string_type", "Input should be a string of 1..200 characters", cue["title"]);
    } else {
        out.title = cue["title"].get<std::string>();
    }
    if (cue.contains("ending_on") && !cue["ending_on"].is_null()) {
        const auto on = cue["ending_on"].is_string() ? model::parse_ending_on(cue["ending_on"].get<std::string>())
                                                     : std::nullopt;
        if (!on) add(errors, here("ending_on"), "enum", "Input should be 'bar' or 'beat'", cue["ending_on"]);
        else out.ending_on = *on;
    }
    if (cue.contains("vamp_repeats") && !cue["vamp_repeats"].is_null()) {
        const json& v = cue["vamp_repeats"];
        if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > model::kMaxVampRepeats)
            add(errors, here("vamp_repeats"), "int_type", "Input should be a whole number 1..64", v);
        else out.vamp_repeats = v.get<int>();
    }
    if (cue.contains("transition") && !cue["transition"].is_null()) {
        const json& t = cue["transition"];
        const json type = t.is_object() ? t.value("type", json("segue")) : json();
        const auto kind = type.is_string() ? model::parse_transition(type.get<std::string>()) : std::nullopt;
        if (!kind) {
            add(errors, loc_of({"cues", i, "transition", "type"}), "enum",
                "Input should be 'segue', 'crossfade' or 'cut'", type);
        } else {
            out.transition.type = *kind;
            const bool fade = *kind == model::TransitionType::crossfade;
            const json seconds = t.value("seconds", json(fade ? model::kDefaultCrossfadeS : 0.0));
            if (!seconds.is_number() ||
                (fade && !(seconds.get<double>() >= model::kMinCrossfadeS && seconds.get<double>() <= model::kMaxCrossfadeS)))
                add(errors, loc_of({"cues", i, "transition", "seconds"}), "float_type",
                    "A crossfade lasts 0.5..10 seconds", seconds);
            else
                out.transition.seconds = fade ? seconds.get<double>() : 0.0;
        }
    }
    for (const char* own : {"title", "ending_on", "vamp_repeats", "transition"}) cue.erase(own);
}

}  // namespace

json body_loc(std::string_view path) {
    json loc = json::array({"body"});
    std::string name;
    auto flush = [&] {
        if (!name.empty()) loc.push_back(name);
        name.clear();
    };
    for (size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            flush();
        } else if (c == '[') {
            flush();
            const size_t close = path.find(']', i);
            if (close == std::string_view::npos) break;
            int64_t index = 0;
            bool digits = close > i + 1;
            for (size_t k = i + 1; k < close; ++k) {
                if (path[k] < '0' || path[k] > '9' || index > 1000000) digits = false;
                else index = index * 10 + (path[k] - '0');
            }
            if (digits) loc.push_back(index);
            i = close;
        } else {
            name.push_back(c);
        }
    }
    flush();
    return loc;
}

std::optional<model::Show> parse_show(const std::string& body, const Limits& limits, json* errors) {
    const json j = parse_body(body);
    if (!j.is_object()) {
        add(errors, loc_of({}), j.is_discarded() ? "json_invalid" : "model_attributes_type",
            "Input should be a JSON object", nullptr);
        return std::nullopt;
    }
    const size_t before = errors->size();
    model::Show show;
    const json title = j.value("title", json());
    if (!title.is_string() || title.get<std::string>().empty() ||
        utf8_length(title.get<std::string>()) > model::kMaxShowTitleChars)
        add(errors, loc_of({"title"}), title.is_null() ? "missing" : "string_type",
            "Input should be a string of 1..200 characters", title);
    else
        show.title = title.get<std::string>();
    if (j.contains("loudness") && !j["loudness"].is_null()) {
        const auto preset = j["loudness"].is_string() ? model::parse_loudness(j["loudness"].get<std::string>())
                                                      : std::nullopt;
        if (!preset) add(errors, loc_of({"loudness"}), "enum", "Input should be a loudness preset", j["loudness"]);
        else show.loudness = *preset;
    }
    if (j.contains("keep_compatible") && !j["keep_compatible"].is_null()) {
        if (!j["keep_compatible"].is_boolean())
            add(errors, loc_of({"keep_compatible"}), "bool_type", "Input should be a valid boolean", j["keep_compatible"]);
        else show.keep_compatible = j["keep_compatible"].get<bool>();
    }
    if (j.contains("seed") && !j["seed"].is_null()) {
        if (!j["seed"].is_number_integer())
            add(errors, loc_of({"seed"}), "int_type", "Input should be a valid integer", j["seed"]);
        else show.seed = j["seed"].get<int64_t>();
    }
    const json cues = j.value("cues", json());
    if (!cues.is_array() || cues.empty() || cues.size() > model::kMaxShowCues) {
        add(errors, loc_of({"cues"}), cues.is_null() ? "missing" : "list_type", "Input should be a list of 1..50 cues",
            cues);
        return std::nullopt;
    }
    for (size_t i = 0; i < cues.size(); ++i) {
        if (!cues[i].is_object()) {
            add(errors, loc_of({"cues", i}), "model_type", "Input should be an object", cues[i]);
            continue;
        }
        json cue = cues[i];
        model::ShowCue out;
        read_cue_fields(cue, i, out, errors);
        if (!cue.contains("prompt") && !cue.contains("style")) {
            add(errors, loc_of({"cues", i, "prompt"}), "missing", "A cue needs a prompt or a style", nullptr);
            continue;
        }
        if (!cue.contains("prompt") || (cue["prompt"].is_string() && cue["prompt"].get<std::string>().empty()))
            cue["prompt"] = cue.contains("style") && cue["style"].is_string()
                                ? show::prompt_of_style(cue["style"].get<std::string>()) : std::string();
        // A cue's length is the engine's (5..600 s), named "duration" as in the contract.
        if (cue.contains("duration") && !cue.contains("duration_s")) cue["duration_s"] = cue["duration"];
        cue.erase("duration");
        if (!cue.contains("duration_s")) cue["duration_s"] = 30;
        json cue_errors = json::array();
        auto request = parse_generate(cue.dump(), limits, &cue_errors);
        for (json e : cue_errors) {
            json loc = loc_of({"cues", i});
            const json old = e.value("loc", json::array());
            for (size_t k = 1; k < old.size(); ++k) loc.push_back(old[k] == "duration_s" ? json("duration") : old[k]);
            e["loc"] = loc;
            errors->push_back(std::move(e));
        }
        if (request) out.request = std::move(*request);
        show.cues.push_back(std::move(out));
    }
    if (errors->size() != before) return std::nullopt;
    return show;
}

}  // namespace omg::http
