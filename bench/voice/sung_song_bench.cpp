// Singing benchmark (not a test): the voice's cost against the band's on the same song.
//
// Composes a sung song with the real engine (prompt "<prompt> with lyrics", the built-in lyric
// writer, the real voice), then times, one after the other on the same Score: the instrumental
// render (render::render of the band, as the engine calls it) and Voice::sing, each with 1
// thread and with the engine's thread count, plus the front end (Voice::analyse of the song's
// text). CPU is user + sys of the process (getrusage) over each call, so nothing else of ours
// runs meanwhile; "per s" is per second of song. Median of the runs.
// Usage: omg_sung_song_bench [runs] [seconds] [prompt]   (default 3, 60, "a pop song")
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "common/clocks.h"
#include "common/percentile.h"
#include "engine/engine.h"
#include "render/render.h"
#include "voice/voice.h"

namespace {

using omg::bench::cpu_seconds;
using omg::bench::median;
using omg::bench::now_s;

struct Cost {
    std::vector<double> cpu, wall;
};

}  // namespace

int main(int argc, char** argv) {
    using namespace omg;
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    const double seconds = argc > 2 ? std::atof(argv[2]) : 60;
    const std::string prompt = std::string(argc > 3 ? argv[3] : "a pop song") + " with lyrics";
    engine::Config config;
    config.styles_dir = std::filesystem::path(OMG_SOURCE_DIR) / "styles";
    config.lyrics_dir = std::filesystem::path(OMG_SOURCE_DIR) / "resources" / "lyrics";
    config.soundfont = OMG_BENCH_SOUNDFONT;
    auto engine = engine::Engine::open(config);
    if (!engine) {
        std::fprintf(stderr, "bench: %s\n", engine.error().message.c_str());
        return 1;
    }
    engine::Request request;
    request.prompt = prompt;
    request.duration_s = seconds;
    request.seed = 7;
    auto song = engine->generate(request);
    if (!song) {
        std::fprintf(stderr, "generate: %s\n", song.error().message.c_str());
        return 1;
    }
    const model::Score& score = song->score;
    if (score.vocal.empty()) {
        std::fprintf(stderr, "the song has no vocal part\n");
        return 1;
    }
    auto voice = voice::Voice::open(voice::Config{});
    if (!voice) {
        std::fprintf(stderr, "voice: %s\n", voice.error().message.c_str());
        return 1;
    }
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    double sung_s = 0;
    for (const auto& line : score.vocal.lines) {
        sung_s += score.seconds_at(line.end_tick) - score.seconds_at(line.start_tick);
    }
    size_t text_lines = 0;
    auto sections = score.vocal.text.sections;
    for (auto& s : sections) {
        for (auto& l : s.lines) l.words.clear(), l.pause_labels.clear(), ++text_lines;
    }

    Cost band1, bandn, sing1, singn, analyse;
    for (int r = 0; r < runs; ++r) {
        for (int threads : {1, cores}) {
            render::RenderOptions ro;
            ro.soundfont = config.soundfont;
            ro.sample_rate = config.sample_rate;
            ro.threads = threads;
            double c0 = cpu_seconds(), t0 = now_s();
            auto band = render::render(score, ro);
            if (!band) {
                std::fprintf(stderr, "render: %s\n", band.error().message.c_str());
                return 1;
            }
            auto& b = threads == 1 ? band1 : bandn;
            b.cpu.push_back(cpu_seconds() - c0), b.wall.push_back(now_s() - t0);
            c0 = cpu_seconds(), t0 = now_s();
            auto sung = voice->sing(score, config.sample_rate, {}, threads);
            if (!sung) {
                std::fprintf(stderr, "sing: %s\n", sung.error().message.c_str());
                return 1;
            }
            auto& v = threads == 1 ? sing1 : singn;
            v.cpu.push_back(cpu_seconds() - c0), v.wall.push_back(now_s() - t0);
        }
        const double t0 = now_s();
        auto text = voice->analyse(sections);
        if (!text) {
            std::fprintf(stderr, "analyse: %s\n", text.error().message.c_str());
            return 1;
        }
        analyse.wall.push_back(now_s() - t0);
    }
    const double d = score.duration_s;
    std::printf("# \"%s\", seed 7: %.1f s of song, %zu syllables, %.1f s inside sung lines, "
                "%zu lines of text; %d run%s, median; %d cores\n\n",
                prompt.c_str(), d, score.vocal.syllables.size(), sung_s, text_lines, runs,
                runs > 1 ? "s" : "", cores);
    std::printf("| stage | threads | wall s | CPU s | CPU s per s of song | CPU s per s sung |\n");
    std::printf("|---|---:|---:|---:|---:|---:|\n");
    auto row = [&](const char* name, int threads, const Cost& c, bool sung) {
        std::printf("| %s | %d | %.3f | %.3f | %.4f | %s |\n", name, threads, median(c.wall),
                    median(c.cpu), median(c.cpu) / d,
                    sung ? std::to_string(median(c.cpu) / sung_s).substr(0, 6).c_str() : "");
    };
    row("band render (render::render)", 1, band1, false);
    row("band render (render::render)", cores, bandn, false);
    row("voice (Voice::sing)", 1, sing1, true);
    row("voice (Voice::sing)", cores, singn, true);
    std::printf("| front end (Voice::analyse, wall) | - | %.3f | | | |\n", median(analyse.wall));
    std::printf("\nTarget: the voice at most 0.3 CPU s per s of sung audio.\n");
    return 0;
}
