// Feel (issue 10, item 4), measured on composed Scores: a chord's notes struck together, bass
// and kick in one pocket, timing that drifts with the band rather than jittering note by note,
// swing that narrows as the tempo rises, the jig's lilt, and melodic phrases shaped in velocity.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "compose/compose.h"
#include "support/style_library.h"

namespace omg::compose {
namespace {

const model::StyleLibrary& library() { return testing::style_library(); }

model::Score compose_style(const std::string& id, double bpm, uint64_t seed, double seconds = 60) {
    const auto* style = library().find(id);
    EXPECT_NE(style, nullptr) << id;
    if (style == nullptr) return {};
    auto brief = testing::style_brief(*style, seconds, true);
    if (bpm > 0) brief.tempo_bpm = bpm;
    auto score = compose(brief, *style, {seed});
    EXPECT_TRUE(score) << id << ": " << score.error().message;
    return score ? *score : model::Score{};
}

double ms_per_tick(const model::Score& s) { return 60000.0 / (s.tempo_qpm * s.ppq); }

double mean(const std::vector<double>& v) {
    return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

double sd(const std::vector<double>& v) {
    const double m = mean(v);
    double sum = 0;
    for (double x : v) sum += (x - m) * (x - m);
    return v.size() < 2 ? 0 : std::sqrt(sum / static_cast<double>(v.size() - 1));
}

const std::vector<std::string> kStyles = {"pop", "country", "funk", "blues", "swing_jazz", "bossa_nova",
                                          "piano_ballad", "hard_rock", "reggae", "acoustic_folk", "waltz"};

TEST(Feel, AChordsNotesAreStruckTogether) {
    for (const auto& id : kStyles) {
        for (uint64_t seed : {1u, 2u}) {
            const auto score = compose_style(id, 0, seed);
            const int64_t near = std::llround(20 / ms_per_tick(score));  // attacks 20 ms apart are one
            int chords = 0, spread = 0;
            for (const auto& t : score.tracks) {
                if (t.drums || (t.role != "chords" && t.role != "pad")) continue;
                for (size_t i = 0; i < t.notes.size();) {
                    size_t j = i + 1;
                    while (j < t.notes.size() && t.notes[j].tick - t.notes[i].tick <= near) ++j;
                    if (j - i >= 2) {
                        ++chords;
                        spread += t.notes[j - 1].tick != t.notes[i].tick;
                    }
                    i = j;
                }
            }
            if (chords == 0) continue;
            EXPECT_LE(spread * 20, chords) << id << " seed " << seed << ": " << spread << " of " << chords
                                           << " chords sounded as separate attacks";
        }
    }
}

TEST(Feel, BassAndKickPlayInOnePocket) {
    int styles = 0;
    for (const auto& id : kStyles) {
        const auto score = compose_style(id, 0, 3);
        const model::Track* bass = nullptr;
        const model::Track* kit = nullptr;
        for (const auto& t : score.tracks) {
            if (t.role == "bass" && !bass) bass = &t;
            if (t.drums && !kit) kit = &t;
        }
        if (!bass || !kit) continue;
        const double mpt = ms_per_tick(score);
        std::vector<double> gaps;  // bass onset minus the kick's beside it, ms
        const int64_t ending = static_cast<int64_t>(score.bars - 1) * score.ticks_per_bar();  // exact
        for (const auto& b : bass->notes) {
            if (b.tick >= ending) continue;
            for (const auto& k : kit->notes) {
                if (k.key != 35 && k.key != 36) continue;
                const double gap = static_cast<double>(b.tick - k.tick) * mpt;
                if (std::abs(gap) < 30) gaps.push_back(gap);
            }
        }
        if (gaps.size() < 16) continue;
        ++styles;
        EXPECT_LE(sd(gaps), 3.0) << id << ": bass against kick varies by " << sd(gaps) << " ms over "
                                 << gaps.size() << " shared beats";
    }
    EXPECT_GE(styles, 5);
}

// A soloist sits behind the band: in jazz and groove styles the lead's attacks fall later than
// the comping's at the same moment.
TEST(Feel, TheSoloistLaysBack) {
    for (const char* id : {"swing_jazz", "blues", "funk", "bossa_nova"}) {
        const auto score = compose_style(id, 0, 6);
        const model::Track* lead = nullptr;
        std::vector<const model::Track*> comping;
        for (const auto& t : score.tracks) {
            if (t.role == "lead" && !lead) lead = &t;
            if (t.role == "chords" || t.role == "bass") comping.push_back(&t);
        }
        ASSERT_TRUE(lead && !comping.empty()) << id;
        const double mpt = ms_per_tick(score);
        std::vector<double> behind;
        for (const auto& n : lead->notes)
            for (const auto* t : comping)
                for (const auto& c : t->notes) {
                    const double gap = static_cast<double>(n.tick - c.tick) * mpt;
                    if (std::abs(gap) < 30) behind.push_back(gap);
                }
        ASSERT_GT(behind.size(), 20u) << id;
        EXPECT_GE(mean(behind), 5) << id << ": the lead sits " << mean(behind) << " ms behind the comping";
    }
}

// Straight styles: each onset's distance from the 16th grid drifts from note to note (lag-one
// correlation of the deviations), as a band's time does, instead of jumping at random.
TEST(Feel, TimingDriftsWithTheBand) {
    for (const char* id : {"pop", "country", "hard_rock", "acoustic_folk", "piano_ballad", "circus_march"}) {
        for (uint64_t seed : {4u, 5u}) {
            const auto score = compose_style(id, 0, seed);
            const double mpt = ms_per_tick(score);
            const int64_t sixteenth = score.ppq / 4;
            std::vector<double> lag0, lag1;
            for (const auto& t : score.tracks) {
                if (t.drums || (t.role != "lead" && t.role != "chords")) continue;
                std::vector<double> dev;
                int64_t last = -1;
                for (const auto& n : t.notes) {
                    if (n.tick == last) continue;  // one value per attack
                    last = n.tick;
                    const int64_t r = n.tick % sixteenth;
                    const double d = static_cast<double>(r <= sixteenth / 2 ? r : r - sixteenth) * mpt;
                    if (std::abs(d) < 25) dev.push_back(d);
                }
                if (dev.size() < 20) continue;
                const double m = mean(dev);
                for (size_t i = 0; i + 1 < dev.size(); ++i) {
                    lag0.push_back((dev[i] - m) * (dev[i] - m));
                    lag1.push_back((dev[i] - m) * (dev[i + 1] - m));
                }
            }
            ASSERT_FALSE(lag0.empty()) << id;
            const double r = mean(lag1) / mean(lag0);
            EXPECT_GE(r, 0.4) << id << " seed " << seed << ": lag-one correlation " << r;
        }
    }
}

// Where the swung off-beat 8th falls, as the ratio long:short, over every pitched and drum note
// that sits in the off-beat half of a quarter.
double swing_ratio(const model::Score& s) {
    std::vector<double> at;
    for (const auto& t : s.tracks)
        for (const auto& n : t.notes) {
            const double f = static_cast<double>(n.tick % s.ppq) / s.ppq;
            if (f > 0.52 && f < 0.85) at.push_back(f);
        }
    const double f = mean(at);
    return f / (1 - f);
}

TEST(Feel, SwingNarrowsAsTheTempoRises) {
    for (uint64_t seed : {1u, 2u}) {
        const double slow = swing_ratio(compose_style("swing_jazz", 100, seed));
        const double fast = swing_ratio(compose_style("swing_jazz", 240, seed));
        EXPECT_GE(slow, 2.15) << "seed " << seed;
        EXPECT_LE(fast, 1.85) << "seed " << seed;
        EXPECT_GT(slow - fast, 0.5) << "seed " << seed << ": " << slow << " vs " << fast;
    }
    // A straight style stays straight at any tempo: its off-beat 8ths stay in the middle.
    const auto pop = compose_style("pop", 90, 1);
    std::vector<double> off;
    for (const auto& t : pop.tracks)
        for (const auto& n : t.notes) {
            const double f = static_cast<double>(n.tick % pop.ppq) / pop.ppq;
            if (f > 0.4 && f < 0.6) off.push_back(f);
        }
    ASSERT_GT(off.size(), 50u);
    EXPECT_NEAR(mean(off), 0.5, 0.03);
}

TEST(Feel, TheJigLilts) {
    for (uint64_t seed : {1u, 2u, 3u}) {
        const auto score = compose_style("celtic_jig", 0, seed);
        ASSERT_TRUE(score.time_signature.compound());
        const int64_t beat = score.ppq * 3 / 2;  // the dotted quarter
        std::vector<double> second;              // where the second 8th of a beat falls, 0..1
        for (const auto& t : score.tracks) {
            if (t.drums) continue;
            for (const auto& n : t.notes) {
                const double f = static_cast<double>(n.tick % beat) / static_cast<double>(beat);
                if (f > 0.25 && f < 0.45) second.push_back(f);
            }
        }
        ASSERT_GT(second.size(), 30u);
        EXPECT_GE(mean(second), 0.36) << "seed " << seed << ": the second 8th at " << mean(second)
                                      << " of the beat (even: 0.333)";
    }
}

// Melodic phrases rise and fall: the lead is louder in the middle of its four-bar phrases than
// at their edges.
TEST(Feel, MelodicPhrasesArchInVelocity) {
    int shaped = 0, styles = 0;
    for (const auto& id : kStyles) {
        for (uint64_t seed : {1u, 2u}) {
            const auto score = compose_style(id, 0, seed, 90);
            const int64_t bar = score.ticks_per_bar();
            std::vector<int> section_start;  // bar where the section holding each bar starts
            std::vector<int> section_bars;
            for (const auto& m : score.sections)
                for (int b = 0; b < m.bars; ++b) {
                    section_start.push_back(static_cast<int>(section_start.size()) - b);
                    section_bars.push_back(m.bars);
                }
            std::vector<double> middle, edges;
            for (const auto& t : score.tracks) {
                if (t.role != "lead") continue;
                for (const auto& n : t.notes) {
                    const auto b = static_cast<size_t>(n.tick / bar);
                    if (b >= section_start.size()) continue;
                    const int length = std::clamp(section_bars[b], 1, 4);
                    const int first = section_start[b] + (static_cast<int>(b) - section_start[b]) / length * length;
                    const double pos = static_cast<double>(n.tick - first * bar) / static_cast<double>(length * bar);
                    if (pos > 0.45 && pos < 0.75) middle.push_back(n.velocity);
                    if (pos < 0.1 || pos > 0.9) edges.push_back(n.velocity);
                }
            }
            if (middle.size() < 10 || edges.size() < 10) continue;
            ++styles;
            shaped += mean(middle) - mean(edges) >= 3;
        }
    }
    ASSERT_GE(styles, 10);
    EXPECT_GE(shaped * 10, styles * 8) << shaped << " of " << styles << " leads shaped";
}

}  // namespace
}  // namespace omg::compose
