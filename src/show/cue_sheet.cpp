#include "show/cue_sheet.h"

#include <cmath>
#include <cstdio>
#include <string_view>

#include <nlohmann/json.hpp>

#include "model/theory.h"

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

std::string beat_name(const model::TimeSignature& ts) {
    if (ts.compound()) return "dotted quarter";
    switch (ts.denominator) {
        case 1: return "whole";
        case 2: return "half";
        case 8: return "eighth";
        case 16: return "sixteenth";
        default: return "quarter";
    }
}

// 60, 62.5: as few digits as the value needs (at most three decimals).
std::string short_number(double v) {
    std::string s = number(v);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

}  // namespace

CueTempo cue_tempo(const std::string& time_signature, double beats_per_minute) {
    const auto parsed = model::parse_time_signature(time_signature);
    const model::TimeSignature ts = parsed.value_or(model::TimeSignature{});
    CueTempo t;
    t.beats_per_minute = beats_per_minute;
    t.qpm = beats_per_minute * ts.beat_quarters();
    t.beat = beat_name(ts);
    t.text = std::to_string(ts.numerator) + "/" + std::to_string(ts.denominator) + ", " + t.beat + " = " +
             short_number(beats_per_minute);
    return t;
}

std::string cue_sheet_csv(const std::vector<CueSheetRow>& rows) {
    std::string out =
        "cue,title,kind,start_s,length_s,file_length_s,tempo_qpm,beat,beats_per_minute,tempo,time_signature,key,"
        "transition,hits,recipe\r\n";
    for (const CueSheetRow& r : rows) {
        std::string transition(model::transition_name(r.transition.type));
        if (r.transition.type == model::TransitionType::crossfade) transition += " " + number(r.transition.seconds);
        const CueTempo tempo = cue_tempo(r.time_signature, r.tempo_bpm);
        const std::string fields[] = {std::to_string(r.number), csv_field(r.title), r.kind, number(r.start_s),
                                      number(r.length_s), number(r.file_length_s), number(tempo.qpm),
                                      tempo.beat, number(tempo.beats_per_minute), csv_field(tempo.text),
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
        const CueTempo tempo = cue_tempo(r.time_signature, r.tempo_bpm);
        cues.push_back({{"number", r.number},
                        {"title", r.title},
                        {"kind", r.kind},
                        {"start_s", round3(r.start_s)},
                        {"length_s", round3(r.length_s)},
                        {"file_length_s", round3(r.file_length_s)},
                        {"tempo_qpm", round3(tempo.qpm)},
                        {"beat", tempo.beat},
                        {"beats_per_minute", round3(tempo.beats_per_minute)},
                        {"tempo", tempo.text},
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
