// What the show needs to know of each rendered cue, however it was rendered (the server's
// version metadata, the CLI's Song), and the two things made from it: the show's timeline and
// its cue sheet rows.
//
// A vamp cue's release tail is its ending's decay after the ending's music: a fade ending has
// none (it falls to silence over its kFadeEndingBars bars), the other endings' music is their
// one bar and the rest is tail (engine.h CueLayout). A track's tail is 0 (its length is exact).
// Pure, deterministic; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/cue.h"
#include "model/show.h"
#include "show/cue_sheet.h"
#include "show/timeline.h"

namespace omg::show {

struct RenderedCue {
    int64_t frames = 0;                   // its file (a vamp cue: its one file)
    int sample_rate = 44100;
    std::optional<CueSegments> segments;  // a vamp cue
    int64_t tail_frames = 0;
    double tempo_bpm = 120;
    std::string time_signature = "4/4";
    std::string key;                      // "D major"
    std::vector<SheetHit> hits;
    std::string recipe_json = "{}";
    bool operator==(const RenderedCue&) const = default;
};

// The tail of a vamp cue's ending (see above), at most `ending_frames`.
int64_t ending_tail_frames(model::CueEnding ending, int64_t frames_per_bar, int64_t ending_frames);

// Errc::invalid_argument when the counts differ or the cues' sample rates do.
Result<Timeline> show_timeline(const model::Show& show, const std::vector<RenderedCue>& cues);

std::vector<CueSheetRow> cue_sheet_rows(const model::Show& show, const std::vector<RenderedCue>& cues,
                                        const Timeline& timeline);

}  // namespace omg::show
