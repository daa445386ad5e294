// A small in-memory style library for prompt tests: enough styles to exercise aliases, moods,
// instrument hints, metres and modes without depending on the files in styles/.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "model/style.h"

namespace omg::prompt::testing {

inline model::Style fake_style(std::string id, std::string name, std::vector<std::string> aliases,
                               std::vector<std::string> moods, double energy, double tempo_min,
                               double tempo_max, double tempo_default, model::TimeSignature meter,
                               std::vector<int> tonics, model::Mode mode,
                               std::vector<model::Mode> modes) {
    model::Style s;
    s.id = std::move(id);
    s.name = std::move(name);
    s.aliases = std::move(aliases);
    s.moods = std::move(moods);
    s.energy = energy;
    s.tempo_min = tempo_min;
    s.tempo_max = tempo_max;
    s.tempo_default = tempo_default;
    s.meters = {meter};
    s.tonics = std::move(tonics);
    s.mode = mode;
    s.modes = std::move(modes);
    return s;
}

inline const model::StyleLibrary& fake_library() {
    using model::Mode;
    static const model::StyleLibrary kLibrary = [] {
        model::StyleLibrary lib;
        lib.styles = {
            fake_style("pop", "Pop", {"pop", "pop song", "dance-pop", "catchy"},
                       {"happy", "upbeat", "bright", "catchy"}, 0.65, 96, 128, 112, {4, 4}, {0, 7},
                       Mode::major, {Mode::major, Mode::minor}),
            fake_style("circus_march", "Circus march", {"circus", "circus march", "big top"},
                       {"playful", "festive", "silly"}, 0.9, 140, 200, 168, {2, 4}, {5, 10},
                       Mode::major, {Mode::major}),
            fake_style("heavy_metal", "Heavy metal", {"metal", "heavy metal", "thrash"},
                       {"dark", "aggressive", "angry"}, 0.95, 100, 200, 160, {4, 4}, {4},
                       Mode::minor, {Mode::minor, Mode::phrygian}),
            fake_style("waltz", "Waltz", {"waltz", "viennese waltz"}, {"romantic", "elegant"}, 0.5,
                       84, 180, 150, {3, 4}, {2, 7}, Mode::major, {Mode::major, Mode::minor}),
            fake_style("celtic_jig", "Celtic jig", {"jig", "celtic", "irish", "reel", "slip jig", "hornpipe"},
                       {"lively", "playful"}, 0.75, 100, 130, 116, {6, 8}, {2, 7}, Mode::major,
                       {Mode::major, Mode::dorian, Mode::mixolydian}),
            fake_style("meditation", "Meditation", {"meditation", "yoga", "sleep music"},
                       {"calm", "peaceful", "meditative", "relaxing", "zen"}, 0.15, 50, 70, 60,
                       {4, 4}, {0}, Mode::major, {Mode::major, Mode::lydian}),
            fake_style("synth_pop", "Synth-pop", {"synth pop", "synthpop", "new wave"},
                       {"nostalgic", "bright", "retro"}, 0.7, 100, 130, 118, {4, 4}, {9},
                       Mode::minor, {Mode::minor, Mode::major}),
            fake_style("lofi_hip_hop", "Lo-fi hip hop", {"lofi", "lo-fi", "study beats"},
                       {"chill", "relaxing", "nostalgic", "focused"}, 0.35, 70, 90, 80, {4, 4}, {5},
                       Mode::major, {Mode::major, Mode::dorian}),
            fake_style("hip_hop", "Hip hop", {"hip hop", "hip-hop", "rap", "boom bap"},
                       {"confident"}, 0.7, 85, 100, 92, {4, 4}, {1}, Mode::minor, {Mode::minor}),
            fake_style("piano_ballad", "Piano ballad", {"ballad", "piano ballad", "piano"},
                       {"sad", "romantic", "tender", "melancholic"}, 0.35, 60, 80, 68, {4, 4}, {3},
                       Mode::major, {Mode::major, Mode::minor}),
            fake_style("polka", "Polka", {"polka", "oompah"}, {"cheerful", "happy"}, 0.8, 110, 140,
                       126, {2, 4}, {10}, Mode::major, {Mode::major}),
            fake_style("drum_and_bass", "Drum and bass", {"drum and bass", "dnb", "jungle"},
                       {"intense"}, 0.9, 160, 180, 174, {4, 4}, {5}, Mode::minor, {Mode::minor}),
        };
        std::sort(lib.styles.begin(), lib.styles.end(),
                  [](const auto& a, const auto& b) { return a.id < b.id; });
        return lib;
    }();
    return kLibrary;
}

}  // namespace omg::prompt::testing
