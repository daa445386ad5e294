// The plan of a piece: bars, sections and the chord timeline, before any note is written.
//
// Built once per composition from the Brief, the Style and the seed; every part writer reads it.
// Deterministic; no shared state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compose/chord.h"
#include "compose/form.h"
#include "core/result.h"
#include "core/rng.h"
#include "model/brief.h"
#include "model/cue.h"
#include "model/style.h"
#include "model/vocal.h"

namespace omg::compose {

struct PlannedSection {
    std::string kind;       // the style's section kind
    std::string name;       // "Verse 2"
    int start_bar = 0;
    int bars = 0;
    int occurrence = 0;     // 0 for the first of its kind
    double energy = 0.5;
    int transpose = 0;
    std::string variant;
    std::vector<std::string> roles;  // empty = all
    bool fill = true;
    int lyric = -1;          // index of the sung lyric section (SungText::sections), -1 = none
    int bars_per_line = 0;   // a sung section's bars per lyric line
    int lyric_lines = 0;     // lines sung here (its first ones; fewer when the song is too short)
    bool vamp = false;       // a cue's vamp: its last bar leads back into its first
    bool plays(const std::string& role) const;
};

struct TimedChord {
    int64_t tick = 0;
    int64_t duration = 0;
    Chord chord;
};

struct Plan {
    model::TimeSignature ts;
    double qpm = 120;                 // quarter notes per minute
    int64_t ticks_per_bar = 0;
    int64_t ticks_per_beat = 0;       // felt beat
    int bars = 0;                     // including the ending bar
    int64_t final_tick = 0;           // downbeat of the ending bar
    int64_t release_tick = 0;         // where the final chord lets go (its decay fits the track)
    int64_t end_tick = 0;             // the track's exact end
    std::vector<PlannedSection> sections;
    std::vector<TimedChord> chords;   // sorted, covering [0, release_tick)
    model::Key key;                   // home key
    int64_t grid_bar_ticks = 0;       // the bar the style's grids were written for

    // Grids spread over the bar when the piece is in a metre the style plays. In a foreign
    // metre (a waltz-timed techno, rock in 7/8) each step keeps its written length, so every
    // onset stays on a real subdivision, and the grid is cut or wraps to fill the bar.
    bool grid_fits() const { return grid_bar_ticks == ticks_per_bar; }
    int steps_in_bar(int written_steps) const {
        if (grid_fits() || written_steps <= 0) return written_steps;
        return static_cast<int>(ticks_per_bar * written_steps / grid_bar_ticks);
    }
    int64_t step_offset(int step, int written_steps) const {
        return (grid_fits() ? ticks_per_bar : grid_bar_ticks) * step / written_steps;
    }

    const PlannedSection& section_at_bar(int bar) const;
    const TimedChord& chord_at(int64_t tick) const;
    // The chord after the one sounding at `tick` (itself at the end).
    const TimedChord& next_chord(int64_t tick) const;
    model::Key key_at_bar(int bar) const;
    int64_t bar_tick(int bar) const { return ticks_per_bar * bar; }
};

struct SongForm;

// Chooses a form, fits it to the duration, picks progressions and builds the chord timeline.
// With `lyrics`, the form is the song's (compose/song_form.h): its sections in the lyrics' order.
// With `cue` (and no lyrics), the form is the cue's: intro (the style's opening section kind),
// the vamp twice (the form's main kind; each vamp's last bar plays its progression's last cell,
// which leads back to its first), and the ending (its final bar on the tonic; a fade ending
// continues the vamp's harmony). An intro's last bar has the vamp's last bar's chords (the intro
// ends as the vamp does, so the loop's start follows it seamlessly). The brief's duration must
// hold those bars.
Result<Plan> make_plan(const model::Brief& brief, const model::Style& style, Rng& rng,
                       const model::SungText* lyrics = nullptr, std::vector<std::string>* dropped = nullptr,
                       const model::CueShape* cue = nullptr);

}  // namespace omg::compose
