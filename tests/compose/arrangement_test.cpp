// The arrangement, measured on the Score over every style, three seeds and three lengths (issue
// 10, item 2): the lead on top of the chords and pads, its long notes consonant with the chord
// sounding under them and inside the key, the form in whole phrases, the lead's bars recurring
// and breathing. The measures are tests/support/arrangement_measures.h; the first test to run
// prints the table of them per style.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "compose/compose.h"
#include "style/loader.h"
#include "support/arrangement_measures.h"
#include "support/style_library.h"

namespace omg::compose {
namespace {

const model::StyleLibrary& library() { return testing::style_library(); }

model::Score compose_style(const model::Style& s, double duration, uint64_t seed) {
    const model::Brief b = testing::style_brief(s, duration, true);
    auto score = compose(b, s, {seed, nullptr});
    if (!score) ADD_FAILURE() << s.id << ": " << score.error().message;
    return score ? *score : model::Score{};
}

constexpr uint64_t kSeeds[] = {1, 2, 3};
constexpr double kDurations[] = {60, 95, 150};

// Each measure, averaged over the seeds and durations, per style.
struct StyleMeasures {
    double lead_top = 0, clash = 0, bar_repeat = 0, breath = 0;
    int scale_errors = 0;
};

const std::map<std::string, StyleMeasures>& measures() {
    static const std::map<std::string, StyleMeasures> all = [] {
        std::map<std::string, StyleMeasures> out;
        for (const auto& style : library().styles) {
            StyleMeasures m;
            constexpr double kRuns = std::size(kSeeds) * std::size(kDurations);
            for (double duration : kDurations)
                for (uint64_t seed : kSeeds) {
                    const auto score = compose_style(style, duration, seed);
                    const auto harmony = testing::melody_harmony(score);
                    m.lead_top += testing::lead_top_fraction(score) / kRuns;
                    m.clash += harmony.clash_fraction() / kRuns;
                    m.scale_errors += harmony.scale_errors;
                    m.bar_repeat += testing::lead_bar_repeat(score) / kRuns;
                    m.breath += testing::lead_breath_fraction(score) / kRuns;
                }
            out[style.id] = m;
        }
        double top = 0, clash = 0, repeat = 0, breath = 0;
        int errors = 0;
        std::printf("%-16s %8s %8s %6s %8s %8s\n", "style", "lead-top", "clash", "scale", "repeat", "breath");
        for (const auto& [id, m] : out) {
            std::printf("%-16s %8.3f %8.3f %6d %8.3f %8.3f\n", id.c_str(), m.lead_top, m.clash, m.scale_errors,
                        m.bar_repeat, m.breath);
            top += m.lead_top;
            clash += m.clash;
            errors += m.scale_errors;
            repeat += m.bar_repeat;
            breath += m.breath;
        }
        const auto n = static_cast<double>(out.size());
        std::printf("%-16s %8.3f %8.3f %6d %8.3f %8.3f\n", "mean", top / n, clash / n, errors, repeat / n, breath / n);
        return out;
    }();
    return all;
}

TEST(Arrangement, TheLeadIsTheTopVoice) {
    for (const auto& [id, m] : measures()) EXPECT_GE(m.lead_top, 0.85) << id;
}

TEST(Arrangement, LongMelodyNotesFitTheChordSoundingUnderThem) {
    for (const auto& [id, m] : measures()) {
        EXPECT_LE(m.clash, 0.08) << id;
        EXPECT_EQ(m.scale_errors, 0) << id;
    }
}

// Motifs recur (a bar's rhythm and intervals heard again, exactly or transposed) and phrases
// breathe (a circus cornet rests too).
TEST(Arrangement, TheLeadsBarsRecurAndBreathe) {
    for (const auto& [id, m] : measures()) {
        EXPECT_GE(m.bar_repeat, 0.25) << id;
        EXPECT_GE(m.breath, 0.5) << id;
    }
}

// Sections on the phrase grid: a multiple of four bars, or two (a short opening intro); the last
// one may also hold the ending bar. From 40 s up some section is heard twice.
TEST(Arrangement, FormsAreWholePhrases) {
    for (const auto& style : library().styles) {
        for (double duration : {15.0, 25.0, 40.0, 60.0, 95.0, 150.0}) {
            const auto score = compose_style(style, duration, 1);
            std::string form;
            std::map<std::string, int> heard;
            for (const auto& s : score.sections) {
                form += s.kind + ":" + std::to_string(s.bars) + " ";
                ++heard[s.kind];
            }
            for (size_t i = 0; i < score.sections.size(); ++i) {
                const auto& s = score.sections[i];
                const int bars = i + 1 == score.sections.size() && s.bars % 4 == 1 ? s.bars - 1 : s.bars;
                EXPECT_TRUE(bars % 4 == 0 || (i == 0 && bars == 2) || score.sections.size() == 1)
                    << style.id << " at " << duration << " s: " << form;
            }
            int most = 0, longest = 0;
            for (const auto& [kind, n] : heard) most = std::max(most, n);
            for (const auto& s : score.sections) longest = std::max(longest, s.bars);
            // Twice, where two statements fit (a 12-bar blues chorus in 17 bars does not).
            if (duration >= 40 && 2 * longest <= score.bars) {
                EXPECT_GE(most, 2) << style.id << " at " << duration << " s: " << form;
            }
        }
    }
}


// The dynamics arc: a style that peaks before it closes ([ending] peak) ends on its peak at every
// length: its last peak statement is the last section or the one before the closing section, and
// plays at the song's highest energy. (Before: a folk song ended on a verse after its last chorus,
// a drum and bass track lost its drop, a 45 s hip hop track ended verse-hook-verse.)
TEST(Arrangement, AStyleThatPeaksEndsOnItsPeak) {
    int checked = 0;
    for (const auto& style : library().styles) {
        if (style.ending.peak.empty()) continue;
        for (double duration : {25.0, 45.0, 70.0, 100.0, 150.0}) {
            for (const uint64_t seed : kSeeds) {
                const auto score = compose_style(style, duration, seed);
                std::string form;
                int last_peak = -1;
                double most = 0;
                for (size_t i = 0; i < score.sections.size(); ++i) {
                    const auto& s = score.sections[i];
                    form += s.kind + ":" + std::to_string(s.bars) + " ";
                    if (std::find(style.ending.peak.begin(), style.ending.peak.end(), s.kind) != style.ending.peak.end())
                        last_peak = static_cast<int>(i);
                    most = std::max(most, s.energy);
                }
                const std::string where = style.id + " at " + std::to_string(duration) + " s, seed " +
                                          std::to_string(seed) + ": " + form;
                ASSERT_GE(last_peak, 0) << where;
                EXPECT_GE(last_peak + 2, static_cast<int>(score.sections.size())) << where;
                EXPECT_GE(score.sections[static_cast<size_t>(last_peak)].energy, most - 1e-9) << where;
                ++checked;
            }
        }
    }
    EXPECT_GE(checked, 20 * 15);
}

}  // namespace
}  // namespace omg::compose
