// Singing benchmark (not a test): analyse()'s wall time for a short song's lyrics, and the CPU
// seconds (user + sys, getrusage) sing() spends per second of sung audio on a ~30 s phrase set.
// Usage: omg_voice_bench [runs]   (default 3; prints the median and the best)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "common/clocks.h"
#include "common/percentile.h"
#include "voice/voice.h"

using omg::bench::cpu_seconds;
using omg::bench::median;

int main(int argc, char** argv) {
    using namespace omg;
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    auto voice = voice::Voice::open(voice::Config{});
    if (!voice) {
        std::fprintf(stderr, "voice: %s\n", voice.error().message.c_str());
        return 1;
    }
    model::LyricSection verse{"Verse 1", "verse", "", {}};
    for (const char* l : {"Twinkle twinkle little star", "How I wonder what you are",
                          "Up above the world so high", "Like a diamond in the sky",
                          "When the blazing sun is gone", "When he nothing shines upon",
                          "Then you show your little light", "Twinkle twinkle all the night"}) {
        verse.lines.push_back({l, {}, {}});
    }
    std::vector<double> analyse_s;
    Result<model::SungText> text = fail(Errc::internal, "not run");
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        text = voice->analyse({verse});
        analyse_s.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        if (!text) {
            std::fprintf(stderr, "analyse: %s\n", text.error().message.c_str());
            return 1;
        }
    }
    // A dotted eighth (320 ticks) per syllable at 100 bpm, a rest of two after each line, keys
    // walking a D major scale between A3 and A5.
    model::Score score;
    score.tempo_qpm = score.tempo_bpm = 100;
    model::Track track;
    score.vocal.track = 0;
    score.vocal.text = *text;
    static const int kScale[] = {62, 64, 66, 67, 69, 71, 73, 74, 76, 78, 79, 81, 57, 59};
    int64_t tick = 480;
    int step = 0;
    const auto& lines = text->sections[0].lines;
    for (size_t l = 0; l < lines.size(); ++l) {
        bool first = true;
        for (size_t w = 0; w < lines[l].words.size(); ++w) {
            for (size_t s = 0; s < lines[l].words[w].syllables.size(); ++s) {
                track.notes.push_back({tick, 320, kScale[(step * 5) % 14], 90});
                model::SungSyllable ss;
                ss.line = static_cast<int>(l), ss.word = static_cast<int>(w),
                ss.syllable = static_cast<int>(s);
                ss.notes = {static_cast<int>(track.notes.size() - 1)};
                ss.phrase_start = first;
                first = false;
                score.vocal.syllables.push_back(ss);
                tick += 320, ++step;
            }
        }
        tick += 640;
    }
    score.tracks.push_back(track);
    score.duration_s = score.seconds_at(tick) + 0.5;
    std::vector<double> cpu_per_s;
    for (int r = 0; r < runs; ++r) {
        const double c0 = cpu_seconds();
        auto pcm = voice->sing(score, 44100);
        const double c = cpu_seconds() - c0;
        if (!pcm) {
            std::fprintf(stderr, "sing: %s\n", pcm.error().message.c_str());
            return 1;
        }
        cpu_per_s.push_back(c / score.duration_s);
    }
    std::printf("voice: %zu syllables, %.1f s of song\n", score.vocal.syllables.size(),
                score.duration_s);
    std::printf("analyse (Festival, %zu lines): median %.3f s, best %.3f s wall\n", lines.size(),
                median(analyse_s), *std::min_element(analyse_s.begin(), analyse_s.end()));
    std::printf("sing at 44.1 kHz: median %.4f, best %.4f CPU s per s of audio (target <= 0.3)\n",
                median(cpu_per_s), *std::min_element(cpu_per_s.begin(), cpu_per_s.end()));
    return 0;
}
