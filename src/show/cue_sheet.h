// The show's cue sheet: one row per cue, in show order, as CSV and as JSON.
//
// A row says the cue's number (1-based), title, kind (track | vamp), start in the continuous
// show mix and length there (seconds), its file's length, tempo (see CueTempo), metre, key,
// transition, its
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
    double tempo_bpm = 0;              // felt beats per minute (the Brief's: dotted quarters in 6/8)
    std::string time_signature = "4/4";
    std::string key;                   // "D major"
    model::Transition transition;
    std::vector<SheetHit> hits;
    std::string recipe_json = "{}";    // a JSON object
    bool operator==(const CueSheetRow&) const = default;
};

// A cue's tempo said without ambiguity: quarter notes per minute (the MIDI tempo), and as a
// musician reads it, the felt beat and its count per minute: 6/8 at 60 felt beats ->
// {90, "dotted quarter", 60, "6/8, dotted quarter = 60"}; 4/4 at 120 -> {120, "quarter", 120,
// "4/4, quarter = 120"}; 2/2 at 80 -> {160, "half", 80, ...}. An unreadable metre counts as 4/4.
struct CueTempo {
    double qpm = 120;
    std::string beat = "quarter";
    double beats_per_minute = 120;
    std::string text;
    bool operator==(const CueTempo&) const = default;
};
CueTempo cue_tempo(const std::string& time_signature, double beats_per_minute);

// RFC 4180 (CRLF, quoted cells where needed); a text cell starting with = + - @ (a spreadsheet
// formula) gets a leading apostrophe.
std::string cue_sheet_csv(const std::vector<CueSheetRow>& rows);
// Columns: cue, title, kind, start_s, length_s, file_length_s, tempo_qpm, beat,
// beats_per_minute, tempo, time_signature, key, transition, hits, recipe.
// {"title", "length_s", "cues": [{number, title, kind, start_s, length_s, file_length_s,
//  tempo_qpm, beat, beats_per_minute, tempo, time_signature, key, transition: {type, seconds}, hits: [{time, kind, met,
//  landed_at, show_time, reason}], recipe: {...}}]}
std::string cue_sheet_json(const std::string& title, double length_s, const std::vector<CueSheetRow>& rows);

}  // namespace omg::show
