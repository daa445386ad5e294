// A whole show against its cues one by one (issue 14): a show of `--cues` cues (default 14)
// lasting about `--minutes` (default 20) -- tracks and vamp cues, segues, crossfades and cuts --
// rendered with its cues in parallel (`--parallel`, default one per core) and then with one cue
// at a time, each on one render thread. Prints the wall time of each, the sum of the cues' own
// render times, and the mix's length; the timed part ends with the mix streamed into a WAV.
// Not a test: bench/run.sh runs it.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "app/config.h"
#include "app/show_render.h"

using namespace omg;

namespace {

model::Show make_show(int cues, double minutes) {
    const char* prompts[] = {"upbeat circus march with brass", "gentle waltz for the trapeze",
                             "tense cinematic strings", "funky groove for the jugglers",
                             "playful polka for the clowns", "heroic fanfare for the strongman"};
    model::Show show;
    show.title = "Bench show";
    show.seed = 1;
    const double per_cue = minutes * 60 / cues;
    for (int i = 0; i < cues; ++i) {
        model::ShowCue cue;
        cue.title = "Act " + std::to_string(i + 1);
        cue.request.prompt = prompts[i % 6];
        if (i % 4 == 3) {
            cue.request.cue = model::CueShape{2, 8, model::CueEnding::button};
            cue.vamp_repeats = 4;
        } else {
            cue.request.duration_s = std::min(600.0, std::max(5.0, per_cue));
        }
        if (i % 3 == 1) cue.transition = {model::TransitionType::crossfade, 2};
        if (i % 5 == 4) cue.transition = {model::TransitionType::cut, 0};
        show.cues.push_back(cue);
    }
    return show;
}

}  // namespace

int main(int argc, char** argv) {
    int cues = 14;
    double minutes = 20;
    int parallel = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--cues")) cues = std::atoi(argv[i + 1]);
        if (!std::strcmp(argv[i], "--minutes")) minutes = std::atof(argv[i + 1]);
        if (!std::strcmp(argv[i], "--parallel")) parallel = std::atoi(argv[i + 1]);
    }
    engine::Config config = app::resolve_config({OMG_SOURCE_DIR "/styles", OMG_BENCH_SOUNDFONT, ""});
    config.render_threads = 1;
    auto engine = engine::Engine::open(config);
    if (!engine) {
        std::fprintf(stderr, "show_bench: %s\n", engine.error().message.c_str());
        return 1;
    }
    const model::Show show = make_show(cues, minutes);
    double sum_parallel = 0;
    for (int p : {parallel, 1}) {
        app::ShowRenderOptions options;
        options.parallel = p;
        const auto t0 = std::chrono::steady_clock::now();
        auto rendered = app::render_show(*engine, show, options);
        if (!rendered) {
            std::fprintf(stderr, "show_bench: %s\n", rendered.error().message.c_str());
            return 1;
        }
        // The continuous mix, streamed into a WAV as `omg show` writes it.
        const auto mix_path = std::filesystem::temp_directory_path() / ("omg-show-bench-" + std::to_string(::getpid()) + ".wav");
        auto mixed = app::write_show_mix(*rendered, encode::AudioFormat::wav, {}, mix_path);
        std::error_code ec;
        std::filesystem::remove(mix_path, ec);
        if (!mixed) {
            std::fprintf(stderr, "show_bench: %s\n", mixed.error().message.c_str());
            return 1;
        }
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double sum = 0;
        for (double s : rendered->render_seconds) sum += s;
        if (p == parallel) sum_parallel = wall;
        std::printf("show_bench: %d cues, mix %.1f s, parallel %d: wall %.2f s (sum of the cues' own render times %.2f s)\n",
                    cues, *mixed, p, wall, sum);
        if (p == 1) std::printf("show_bench: speed-up of the parallel show over one by one: %.2fx\n", wall / sum_parallel);
    }
    return 0;
}
