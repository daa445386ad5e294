// Rendering a whole show on this machine (`omg show`, and bench/show): each cue's key and tempo
// alone from the engine's interpretation, the plan (show/plan.h), every cue rendered as its own
// generation -- `parallel` at a time, one per core by default -- with its files written as it
// finishes, then the timeline and the cue sheet; `write_show_mix` streams the continuous mix into
// a file (show/mix.h stream_mix), never holding it whole.
//
// Per cue, under `out_dir` (when set): cues/NN-title.wav (a vamp cue: its one file with loop
// points, and NN-title-intro/-loop/-ending.wav beside it), its stems of the same length in
// cues/NN-title-stems/, and NN-title.mid. Same show and seeds -> the same files, whatever
// `parallel` is (each cue is its own deterministic generation). Memory: each cue's one file is
// kept for the mix; its stems are written and dropped. Cancelled within a render's stop latency.
// The Engine is shared by the threads (it is thread-safe; open it with render_threads 1 when
// rendering cues in parallel).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/result.h"
#include "encode/audio_writer.h"
#include "engine/engine.h"
#include "model/show.h"
#include "show/cue_sheet.h"
#include "show/plan.h"
#include "show/rendered.h"

namespace omg::app {

// Plans `show` with each cue's key and tempo from the engine's interpretation (errors name the
// cue: "cue 3 (Trapeze): ...").
Result<std::vector<show::CuePlan>> plan_with_engine(const engine::Engine& engine, const model::Show& show);

struct ShowRenderOptions {
    int parallel = 0;                       // cues at once; 0 = one per core
    std::optional<std::filesystem::path> out_dir;
    std::function<void(size_t done, size_t total)> on_cue_done;  // called from the render threads
    std::stop_token stop;
};

struct RenderedShow {
    model::Show show;                       // as planned
    std::vector<show::CuePlan> plans;
    std::vector<show::RenderedCue> cues;
    std::vector<std::vector<std::filesystem::path>> files;  // per cue: what was written
    std::vector<double> render_seconds;     // per cue, wall time of its generation
    show::Timeline timeline;
    std::vector<model::Pcm> audio;          // per cue: its one file, for the mix
    std::vector<show::CueSheetRow> rows;
};

// "03-trapeze": a cue's file name stem.
std::string cue_file_stem(size_t index, const std::string& title);

// The show's continuous mix written to `path` (16-bit WAV or FLAC) block by block; its length
// in seconds. Errors as encode::AudioFileWriter's and show::stream_mix's.
Result<double> write_show_mix(const RenderedShow& show, encode::AudioFormat format, const encode::Metadata& meta,
                              const std::filesystem::path& path);

Result<RenderedShow> render_show(const engine::Engine& engine, const model::Show& show, const ShowRenderOptions& options);

}  // namespace omg::app
