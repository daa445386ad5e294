#include "show/cue_sheet.h"

#include <cmath>
#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

namespace omg::show {

namespace {

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

// A text cell: quoted where it holds a comma, quote or line break; and one that a spreadsheet
// would read as a formula (it starts with = + - @, a tab or a carriage return: a cue's title is
// the user's) gets a leading apostrophe, so it stays text.
std::string csv_field(const std::string& text) {
    const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
    const std::string s = formula ? "'" + text : text;
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string hits_text(const std::vector<SheetHit>& hits) {
    std::string out;
    for (const SheetHit& h : hits) {
        if (!out.empty()) out += ';';
        out += number(h.time_s) + ":" + h.kind + "@" + (h.met && h.landed_s ? number(*h.landed_s) : "unmet");
    }
    return out;
}

}  // namespace

std::string cue_sheet_csv(const std::vector<CueSheetRow>& rows) {
    std::string out =
        "cue,title,kind,start_s,length_s,file_length_s,tempo_bpm,time_signature,key,transition,hits,recipe\r\n";
    for (const CueSheetRow& r : rows) {
        std::string transition(model::transition_name(r.transition.type));
        if (r.transition.type == model::TransitionType::crossfade) transition += " " + number(r.transition.seconds);
        const std::string fields[] = {std::to_string(r.number), csv_field(r.title), r.kind, number(r.start_s),
                                      number(r.length_s), number(r.file_length_s), number(r.tempo_bpm),
                                      csv_field(r.time_signature), csv_field(r.key), transition,
                                      csv_field(hits_text(r.hits)), csv_field(r.recipe_json)};
        for (size_t i = 0; i < std::size(fields); ++i) out += (i ? "," : "") + fields[i];
        out += "\r\n";
    }
    return out;
}

std::string cue_sheet_json(const std::string& title, double length_s, const std::vector<CueSheetRow>& rows) {
    using json = nlohmann::json;
    json cues = json::array();
    for (const CueSheetRow& r : rows) {
        json hits = json::array();
        for (const SheetHit& h : r.hits) {
            json hit = {{"time", round3(h.time_s)}, {"kind", h.kind}, {"met", h.met}};
            hit["landed_at"] = h.landed_s ? json(round3(*h.landed_s)) : json();
            hit["show_time"] = round3(r.start_s + (h.landed_s ? *h.landed_s : h.time_s));
            hit["reason"] = h.reason.empty() ? json() : json(h.reason);
            hits.push_back(std::move(hit));
        }
        json recipe = json::parse(r.recipe_json, nullptr, false);
        if (recipe.is_discarded()) recipe = json::object();
        cues.push_back({{"number", r.number},
                        {"title", r.title},
                        {"kind", r.kind},
                        {"start_s", round3(r.start_s)},
                        {"length_s", round3(r.length_s)},
                        {"file_length_s", round3(r.file_length_s)},
                        {"tempo_bpm", round3(r.tempo_bpm)},
                        {"time_signature", r.time_signature},
                        {"key", r.key},
                        {"transition", {{"type", std::string(model::transition_name(r.transition.type))},
                                        {"seconds", r.transition.seconds}}},
                        {"hits", std::move(hits)},
                        {"recipe", std::move(recipe)}});
    }
    return json{{"title", title}, {"length_s", round3(length_s)}, {"cues", std::move(cues)}}.dump(2);
}

}  // namespace omg::show
