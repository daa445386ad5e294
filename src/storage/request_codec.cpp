#include "storage/request_codec.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace omg::storage {

using json = nlohmann::json;

std::string encode_options(const model::GenerationRequest& r) {
    json j = json::object();
    if (r.bpm) j["bpm"] = *r.bpm;
    if (r.key) j["key"] = *r.key;
    if (r.time_signature) j["time_signature"] = *r.time_signature;
    if (r.style) j["style"] = *r.style;
    if (r.stems) j["stems"] = true;
    if (r.vocals) j["vocals"] = *r.vocals;
    if (r.arrangement_guided) j["arrangement_guided"] = true;
    if (r.cover_strength) j["cover_strength"] = *r.cover_strength;
    if (r.loudness) j["loudness"] = std::string(model::loudness_name(*r.loudness));
    if (r.quality) j["quality"] = std::string(model::sound_quality_name(*r.quality));
    if (r.cue)
        j["cue"] = {{"intro_bars", r.cue->intro_bars},
                    {"vamp_bars", r.cue->vamp_bars},
                    {"ending", std::string(model::cue_ending_name(r.cue->ending))}};
    // Hit points as the command line writes them ("12.5:accent", "8:1:stop"): exact both ways.
    if (!r.hits.empty()) {
        j["hits"] = json::array();
        for (const model::Hit& hit : r.hits) j["hits"].push_back(model::hit_text(hit));
    }
    if (r.format) j["format"] = *r.format;
    if (r.client_job_id) j["client_job_id"] = *r.client_job_id;
    return j.dump();
}

Status decode_options(std::string_view text, model::GenerationRequest& r) {
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return fail(Errc::invalid_argument, "stored options are not a JSON object");
    auto bad = [](const char* key) { return fail(Errc::invalid_argument, std::string("stored option '") + key + "' has the wrong type"); };
    auto number = [&](const char* key, std::optional<double>& out) -> Status {
        if (!j.contains(key)) return {};
        if (!j[key].is_number()) return bad(key);
        out = j[key].get<double>();
        return {};
    };
    auto text_field = [&](const char* key, std::optional<std::string>& out) -> Status {
        if (!j.contains(key)) return {};
        if (!j[key].is_string()) return bad(key);
        out = j[key].get<std::string>();
        return {};
    };
    auto flag = [&](const char* key, bool& out) -> Status {
        if (!j.contains(key)) return {};
        if (!j[key].is_boolean()) return bad(key);
        out = j[key].get<bool>();
        return {};
    };
    if (auto s = number("bpm", r.bpm); !s) return s;
    if (auto s = text_field("key", r.key); !s) return s;
    if (auto s = text_field("time_signature", r.time_signature); !s) return s;
    if (auto s = text_field("style", r.style); !s) return s;
    if (auto s = flag("stems", r.stems); !s) return s;
    if (j.contains("vocals")) {
        if (!j["vocals"].is_boolean()) return bad("vocals");
        r.vocals = j["vocals"].get<bool>();
    }
    if (auto s = flag("arrangement_guided", r.arrangement_guided); !s) return s;
    if (auto s = number("cover_strength", r.cover_strength); !s) return s;
    if (j.contains("loudness")) {
        const auto preset = j["loudness"].is_string() ? model::parse_loudness(j["loudness"].get<std::string>())
                                                      : std::nullopt;
        if (!preset) return bad("loudness");
        r.loudness = *preset;
    }
    if (j.contains("quality")) {
        const json& q = j["quality"];
        const auto quality =
            q.is_string() ? model::parse_sound_quality(q.get<std::string>()) : std::nullopt;
        if (!quality) return bad("quality");
        r.quality = *quality;
    }
    if (j.contains("cue")) {
        const json& c = j["cue"];
        if (!c.is_object() || !c.contains("intro_bars") || !c["intro_bars"].is_number_integer() ||
            !c.contains("vamp_bars") || !c["vamp_bars"].is_number_integer() || !c.contains("ending") ||
            !c["ending"].is_string())
            return bad("cue");
        const auto ending = model::parse_cue_ending(c["ending"].get<std::string>());
        if (!ending) return bad("cue");
        r.cue = model::CueShape{c["intro_bars"].get<int>(), c["vamp_bars"].get<int>(), *ending};
    }
    if (j.contains("hits")) {
        if (!j["hits"].is_array()) return bad("hits");
        r.hits.clear();
        for (const json& h : j["hits"]) {
            const auto hit = h.is_string() ? model::parse_hit(h.get<std::string>()) : std::nullopt;
            if (!hit) return bad("hits");
            r.hits.push_back(*hit);
        }
    }
    if (auto s = text_field("format", r.format); !s) return s;
    if (auto s = text_field("client_job_id", r.client_job_id); !s) return s;
    return {};
}

std::string encode_file_list(const std::vector<std::string>& files) {
    std::string out;
    for (const auto& name : files) {
        if (!out.empty()) out.push_back('\n');
        out += name;
    }
    return out;
}

std::vector<std::string> decode_file_list(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const size_t end = std::min(text.find('\n'), text.size());
        if (end > 0) out.emplace_back(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
    }
    return out;
}

}  // namespace omg::storage
