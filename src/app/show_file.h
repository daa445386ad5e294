// `omg show FILE.toml`: a show description (model/show.h) read from TOML, the same fields as
// POST /api/v1/shows. The edge between toml++ and the show: the only file that reads a show's
// TOML and catches toml++'s exceptions.
//
//   title = "Circus night"            loudness = "show"   keep_compatible = true   seed = 7
//   [[cues]]
//   title = "Opening"                 prompt = "circus march"   style = "circus_march"
//   duration = 45                     # seconds, 5..600; or a vamp cue:
//   cue = { intro_bars = 2, vamp_bars = 4, ending = "button" }
//   hits = ["12.5:accent", "8:1:stop"]   # or [{ time = 12.5, kind = "accent" }]
//   bpm = 140    key = "D major"    time_signature = "3/4"    seed = 3
//   ending_on = "bar"                 vamp_repeats = 2
//   transition = "segue"              # or { type = "crossfade", seconds = 2 } or "cut"
//
// Every error names the place: "show.toml:12: cues[1].cue.vamp_bars: 0 is outside 1..64"; a
// show-level error names the cue's line. Unknown keys are refused (keys starting with x_ are
// notes). Pure but for reading the file; thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/show.h"

namespace omg::app {

Result<model::Show> read_show_file(const std::filesystem::path& path);
// The same from text; `origin` names it in messages.
Result<model::Show> parse_show_toml(std::string_view text, const std::string& origin);

}  // namespace omg::app
