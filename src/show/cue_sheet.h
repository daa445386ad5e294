// The show's cue sheet: one row per cue, in show order, as CSV and as JSON.
//
// A row says the cue's number (1-based), title, kind (track | vamp), start in the continuous
// show mix and length there (seconds), its file's length, tempo, metre, key, transition, its
// hits (asked and landed, in the cue's own time and in the show's) and its recipe (the engine's
// recipe JSON of the version, verbatim). CSV: RFC 4180, a header row, fields with commas,
// quotes or line breaks quoted; hits as "12.5:accent@12.503;30:stop@unmet". Deterministic;
// pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/show.h"

namespace omg::show {

struct SheetHit {
    double time_s = 0;                 // asked, in the cue
    std::string kind;                  // accent, stop ...
    bool met = false;
    std::optional<double> landed_s;    // in the cue, when met
    std::string reason;                // when unmet
    bool operator==(const SheetHit&) const = default;
};

struct CueSheetRow {
    int number = 1;
    std::string title;
    std::string kind = "track";        // track | vamp
    double start_s = 0;                // in the show mix
    double length_s = 0;               // how long it plays in the show mix
    double file_length_s = 0;          // its own file
    double tempo_bpm = 0;
    std::string time_signature = "4/4";
    std::string key;                   // "D major"
    model::Transition transition;
    std::vector<SheetHit> hits;
    std::string recipe_json = "{}";    // a JSON object
    bool operator==(const CueSheetRow&) const = default;
};

// RFC 4180 (CRLF, quoted cells where needed); a text cell starting with = + - @ (a spreadsheet
// formula) gets a leading apostrophe.
std::string cue_sheet_csv(const std::vector<CueSheetRow>& rows);
// {"title", "length_s", "cues": [{number, title, kind, start_s, length_s, file_length_s,
//  tempo_bpm, time_signature, key, transition: {type, seconds}, hits: [{time, kind, met,
//  landed_at, show_time, reason}], recipe: {...}}]}
std::string cue_sheet_json(const std::string& title, double length_s, const std::vector<CueSheetRow>& rows);

}  // namespace omg::show
