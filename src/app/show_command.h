// `omg show FILE.toml -o DIR`: a whole show on this machine (app/show_render.h), its cues
// rendered in parallel, written as DIR/show.wav (the continuous mix), DIR/cues/... (each cue's
// file, stems and loop segments), DIR/cue-sheet.csv and .json, and DIR/show.zip of all of them.
#pragma once

#include <CLI/CLI.hpp>

namespace omg::app {

void add_show_command(CLI::App& app, int& exit_code);

}  // namespace omg::app
