// Engine benchmark, side by side in one run (issue 2):
//  1. each stage for 30, 60 and 180 s tracks (median of 3 runs, in-process);
//  2. our render against plain `fluidsynth -F` on the same MIDI file (the floor);
//  3. our arranging step against MMA (Debian's `mma`) for a comparable style and length;
//  4. the whole CLI, prompt to 60 s MP3 file, wall clock and peak memory (a child process);
//  5. the same for every style of the library (its name as the prompt), the slowest first.
// Usage: omg_engine_bench [--quick]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/percentile.h"
#include "encode/audio_writer.h"
#include "encode/midi.h"
#include "engine/engine.h"
#include "engine/outputs.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using omg::bench::median;

namespace {

double now_s() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

struct ChildResult {
    double wall_s = 0;
    long max_rss_kb = 0;
    int status = -1;
};

// Runs argv as a child, discarding its output; wall time and the child's peak RSS.
ChildResult run_child(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ChildResult r;
    const double t0 = now_s();
    std::fflush(stdout);
    const pid_t pid = fork();
    if (pid == 0) {
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        execvp(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    r.wall_s = now_s() - t0;
    r.max_rss_kb = usage.ru_maxrss;
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

std::string mma_file(const omg::model::Score& score, const std::string& groove) {
    std::string text = "Tempo " + std::to_string(static_cast<int>(score.tempo_qpm)) + "\nGroove " + groove + "\n";
    const char* chords[4] = {"C", "Am", "Dm", "G7"};
    for (int bar = 1; bar <= score.bars; ++bar) text += std::to_string(bar) + " " + chords[(bar - 1) % 4] + "\n";
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
    omg::engine::Config config;
    config.styles_dir = fs::path(OMG_SOURCE_DIR) / "styles";
    config.soundfont = OMG_BENCH_SOUNDFONT;
    auto engine = omg::engine::Engine::open(config);
    if (!engine) {
        std::fprintf(stderr, "bench: %s\n", engine.error().message.c_str());
        return 1;
    }
    const fs::path dir = fs::temp_directory_path() / ("omg-bench-" + std::to_string(getpid()));
    fs::create_directories(dir);
    const std::string prompt = "swing jazz with saxophone";
    const int runs = quick ? 1 : 3;

    std::printf("# OMG engine benchmark (%s, %d run%s per row, median)\n\n", prompt.c_str(), runs, runs > 1 ? "s" : "");
    std::printf("| track | interpret | compose | render | master | encode mp3 | total | x real time |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::map<int, double> render_s, compose_s;
    for (int seconds : {30, 60, 180}) {
        std::map<std::string, std::vector<double>> t;
        for (int run = 0; run < runs; ++run) {
            omg::engine::Request r;
            r.prompt = prompt;
            r.duration_s = seconds;
            r.seed = 1234;
            const double t0 = now_s();
            auto song = engine->generate(r);
            if (!song) {
                std::fprintf(stderr, "bench: %s\n", song.error().message.c_str());
                return 1;
            }
            const double t1 = now_s();
            omg::engine::OutputPaths paths;
            paths.audio = dir / "bench.mp3";
            if (auto w = omg::engine::write_outputs(*song, engine->styles(), paths); !w) return 1;
            const double t2 = now_s();
            for (const auto& st : song->timings) t[st.stage].push_back(st.seconds);
            t["encode"].push_back(t2 - t1);
            t["total"].push_back(t2 - t0);
            if (seconds == 60 && run == 0) {
                (void)omg::encode::write_midi(song->score, "", dir / "bench60.mid");
                std::ofstream(dir / "bench60.mma") << mma_file(song->score, "Swing");
            }
        }
        render_s[seconds] = median(t["render"]);
        compose_s[seconds] = median(t["compose"]);
        const double total = median(t["total"]);
        std::printf("| %d s | %.4f | %.4f | %.3f | %.3f | %.3f | %.3f | %.0fx |\n", seconds, median(t["interpret"]),
                    median(t["compose"]), median(t["render"]), median(t["master"]), median(t["encode"]), total,
                    seconds / total);
    }

    std::printf("\n## Render against plain FluidSynth (the same 60 s MIDI file)\n\n");
    std::vector<double> fluid;
    for (int run = 0; run < runs; ++run)
        fluid.push_back(run_child({"fluidsynth", "-ni", "-q", "-F", (dir / "fluid.wav").string(), "-r", "44100",
                                   OMG_BENCH_SOUNDFONT, (dir / "bench60.mid").string()})
                            .wall_s);
    const double fl = median(fluid);
    std::printf("| | seconds | ratio |\n|---|---:|---:|\n");
    std::printf("| fluidsynth -F (wall, incl. SoundFont load) | %.3f | 1.00 |\n", fl);
    std::printf("| omg render stage | %.3f | %.2f |\n", render_s[60], render_s[60] / fl);

    std::printf("\n## Arranging against MMA (Swing groove, same bar count)\n\n");
    std::vector<double> mma;
    for (int run = 0; run < runs; ++run)
        mma.push_back(run_child({"mma", "-f", (dir / "mma.mid").string(), (dir / "bench60.mma").string()}).wall_s);
    std::printf("| | seconds |\n|---|---:|\n| mma (wall) | %.3f |\n| omg compose stage | %.4f |\n", median(mma), compose_s[60]);

    std::printf("\n## Prompt to 60 s MP3 file, the whole CLI (child process)\n\n");
    std::vector<double> wall;
    long rss = 0;
    for (int run = 0; run < runs; ++run) {
        auto c = run_child({OMG_BINARY, "generate", prompt, "--duration", "60", "--seed", "7", "-o", (dir / "cli.mp3").string()});
        if (c.status != 0) std::fprintf(stderr, "bench: omg exited %d\n", c.status);
        wall.push_back(c.wall_s);
        rss = std::max(rss, c.max_rss_kb);
    }
    std::printf("| wall clock | peak memory |\n|---:|---:|\n| %.3f s (%.0fx real time) | %.1f MB |\n", median(wall),
                60.0 / median(wall), static_cast<double>(rss) / 1024.0);

    std::printf("\n## Every style, prompt to 60 s MP3 file (the whole CLI, %d runs)\n\n", runs);
    struct StyleTime {
        double median = 0, best = 0;
        std::string id;
    };
    std::vector<StyleTime> by_style;
    for (const auto& style : engine->styles().styles) {
        std::vector<double> w;
        for (int run = 0; run < runs; ++run) {
            auto c = run_child({OMG_BINARY, "generate", style.name, "--duration", "60", "--seed", "1", "-o",
                                (dir / "style.mp3").string()});
            if (c.status != 0) std::fprintf(stderr, "bench: omg exited %d for %s\n", c.status, style.id.c_str());
            w.push_back(c.wall_s);
            rss = std::max(rss, c.max_rss_kb);
        }
        by_style.push_back({median(w), *std::min_element(w.begin(), w.end()), style.id});
    }
    std::sort(by_style.begin(), by_style.end(), [](const auto& a, const auto& b) { return a.median > b.median; });
    size_t under = 0, best_under = 0;
    std::printf("| style | median | best |\n|---|---:|---:|\n");
    for (const auto& t : by_style) {
        std::printf("| %s | %.3f s | %.3f s |\n", t.id.c_str(), t.median, t.best);
        under += t.median < 1.0;
        best_under += t.best < 1.0;
    }
    std::printf("\nUnder 1 s: %zu of %zu styles by the median, %zu by the best run; peak memory over all runs %.1f MB.\n",
                under, by_style.size(), best_under, static_cast<double>(rss) / 1024.0);
    std::printf("\nTargets: 60 s MP3 < 1 s wall (>= 60x), render <= 1.3x plain FluidSynth, peak memory < 400 MB.\n");
    fs::remove_all(dir);
    return 0;
}
