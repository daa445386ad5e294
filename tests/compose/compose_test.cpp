// Composition invariants for every style of the library (styles/*.toml).
#include "compose/compose.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "compose/orchestration.h"
#include "style/loader.h"
#include "support/style_library.h"

namespace omg::compose {
namespace {

const model::StyleLibrary& library() { return testing::style_library(); }

model::Brief brief_for(const model::Style& s, double duration) { return testing::style_brief(s, duration, false); }

using testing::style_ids;

class EveryStyle : public testing::EveryStyleTest {};

TEST_P(EveryStyle, IsDeterministicAndSeedsDiffer) {
    const auto brief = brief_for(style(), 40);
    auto a = compose(brief, style(), {7});
    auto b = compose(brief, style(), {7});
    auto c = compose(brief, style(), {8});
    ASSERT_TRUE(a) << a.error().message;
    ASSERT_TRUE(b && c);
    EXPECT_EQ(*a, *b);
    EXPECT_NE(*a, *c);
}

TEST_P(EveryStyle, FitsTheDurationAndEndsOnTheTonic) {
    for (double duration : {5.0, 30.0, 95.0, 240.0}) {
        const auto brief = brief_for(style(), duration);
        auto score = compose(brief, style(), {11});
        ASSERT_TRUE(score) << score.error().message;
        EXPECT_DOUBLE_EQ(score->duration_s, duration);
        const double end_s = duration;
        int64_t last_end = 0, last_onset = 0;
        for (const auto& t : score->tracks)
            for (const auto& n : t.notes) {
                last_end = std::max(last_end, n.tick + n.duration);
                last_onset = std::max(last_onset, n.tick);
            }
        // Every note has let go before the end: the decay rings inside the duration.
        EXPECT_LE(score->seconds_at(last_end), end_s - 0.2) << duration;
        const double bar_s = score->seconds_at(score->ticks_per_bar());
        // The form ends in whole phrases, up to two bars early; the final chord rings over them.
        EXPECT_GT(score->seconds_at(last_onset), end_s - std::max(style().ending.tail_s, 0.6) - 3 * bar_s - 0.05)
            << "music stops early at " << duration;
        // The final chord is the home tonic.
        ASSERT_FALSE(score->chords.empty());
        const auto& final_chord = score->chords.back();
        const std::string tonic = model::pitch_class_name(brief.key.tonic, brief.key.mode);
        EXPECT_EQ(final_chord.symbol.rfind(tonic, 0), 0u) << final_chord.symbol << " vs " << tonic;
        // Sections tile the bars.
        int bars = 0;
        for (const auto& s : score->sections) bars += s.bars;
        EXPECT_EQ(bars, score->bars);
        if (score->bars >= 16) {
            EXPECT_GE(score->sections.size(), 2u);
        }
    }
}

TEST_P(EveryStyle, NotesAreInKeyOrInTheChordAndInRange) {
    const auto brief = brief_for(style(), 60);
    auto score = compose(brief, style(), {3});
    ASSERT_TRUE(score) << score.error().message;
    int pitched = 0, outside = 0;
    std::map<std::string, int> per_track;
    for (const auto& t : score->tracks) {
        if (t.drums) continue;
        const auto [lo, hi] = program_range(t.program);
        for (const auto& n : t.notes) {
            ++pitched;
            EXPECT_GE(n.key, lo - 12) << t.name;
            EXPECT_LE(n.key, hi + 12) << t.name;
            // The chord sounding at the note (the last chord mark at or before it, allowing
            // for humanised early attacks).
            const model::ChordMark* chord = &score->chords.front();
            for (const auto& c : score->chords)
                if (c.tick <= n.tick + 30) chord = &c;
            // In the home key's scale, in a section's transposed scale, or a tone of the chord
            // sounding (a deliberate chromatic chord: bII, secondary dominants ...).
            bool ok = model::in_scale(n.key, brief.key.tonic, brief.key.mode) ||
                      std::find(chord->tones.begin(), chord->tones.end(), n.key % 12) != chord->tones.end();
            for (const auto& [kind, spec] : style().sections)
                ok = ok || model::in_scale(n.key, (brief.key.tonic + spec.transpose) % 12, brief.key.mode);
            // Harmonic-minor and chromatic chords account for the rest.
            ok = ok || model::in_scale(n.key, brief.key.tonic, model::Mode::harmonic_minor);
            outside += !ok;
            if (!ok) per_track[t.name] += 1;
        }
    }
    std::string detail;
    for (const auto& [name, count] : per_track) detail += name + ":" + std::to_string(count) + " ";
    ASSERT_GT(pitched, 20);
    EXPECT_LT(static_cast<double>(outside) / pitched, 0.05) << outside << " of " << pitched << " " << detail;
}

TEST_P(EveryStyle, HasAMelodyOrTheStyleIsTexture) {
    const auto brief = brief_for(style(), 60);
    auto score = compose(brief, style(), {5});
    ASSERT_TRUE(score);
    bool drums = false;
    for (const auto& t : score->tracks) drums |= t.drums;
    bool style_has_drums = false;
    for (const auto& p : style().parts) style_has_drums |= p.role == "drums";
    EXPECT_EQ(drums, style_has_drums);
    std::set<int> channels;
    for (const auto& t : score->tracks) {
        EXPECT_TRUE(channels.insert(t.channel).second) << "channel used twice";
        EXPECT_EQ(t.drums, t.channel == 9);
    }
}

INSTANTIATE_TEST_SUITE_P(Library, EveryStyle, ::testing::ValuesIn(style_ids()),
                         [](const auto& p) { return p.param; });

TEST(Orchestration, ExclusionsAndWishes) {
    const auto* pop = library().find("pop");
    ASSERT_NE(pop, nullptr);
    auto brief = brief_for(*pop, 30);
    brief.excluded.push_back({"drums", {}, true, ""});
    brief.excluded.push_back({"piano", {0, 1, 2, 3, 4, 5, 6, 7}, false, ""});
    brief.instruments.push_back({"trumpet", {56}, false, ""});
    auto score = compose(brief, *pop, {1});
    ASSERT_TRUE(score);
    bool trumpet = false;
    for (const auto& t : score->tracks) {
        EXPECT_FALSE(t.drums);
        if (!t.drums) {
            EXPECT_FALSE(t.program <= 7) << t.name;
        }
        trumpet |= t.program == 56;
    }
    EXPECT_TRUE(trumpet);
}

// A held part re-sounds where the harmony changes, not where a bar repeats the chord: drum and
// bass holds its pad through "| i9 | i9 |".
TEST(HeldParts, ARepeatedChordIsHeldNotStruckAgain) {
    const auto* dnb = library().find("drum_and_bass");
    ASSERT_NE(dnb, nullptr);
    auto score = compose(brief_for(*dnb, 60), *dnb, {1});
    ASSERT_TRUE(score) << score.error().message;
    const auto pad = std::find_if(score->tracks.begin(), score->tracks.end(),
                                  [](const model::Track& t) { return t.role == "pad"; });
    ASSERT_NE(pad, score->tracks.end());
    std::vector<int64_t> onsets;  // chords, their tones within a few humanised ticks
    for (const auto& n : pad->notes)
        if (onsets.empty() || n.tick - onsets.back() > 30) onsets.push_back(n.tick);
    ASSERT_GT(onsets.size(), 8u);
    size_t held_two_bars = 0;
    for (size_t i = 1; i < onsets.size(); ++i) held_two_bars += onsets[i] - onsets[i - 1] >= 2 * score->ticks_per_bar() - 30;
    EXPECT_GE(held_two_bars * 5, (onsets.size() - 1) * 4);  // at least 80 %: all but the ending
}

}  // namespace
}  // namespace omg::compose

namespace omg::compose {
namespace {

// A style asked for in a metre it does not list (pop in 7/8, 5/4) keeps its notes on real
// 16th-note subdivisions instead of stretching its grids over the bar.
TEST(ForeignMetre, OnsetsStayOnTheSixteenthGrid) {
    const auto* pop = library().find("pop");
    ASSERT_NE(pop, nullptr);
    for (const char* metre : {"7/8", "5/4", "3/4"}) {
        auto brief = brief_for(*pop, 30);
        brief.time_signature = *model::parse_time_signature(metre);
        auto score = compose(brief, *pop, {2});
        ASSERT_TRUE(score) << score.error().message;
        const int64_t sixteenth = model::kPpq / 4;
        int off_grid = 0, notes = 0;
        for (const auto& t : score->tracks)
            for (const auto& n : t.notes) {
                ++notes;
                const int64_t r = n.tick % sixteenth;
                off_grid += std::min(r, sixteenth - r) > 25;  // humanised by a few ms at most
            }
        ASSERT_GT(notes, 50);
        EXPECT_EQ(off_grid, 0) << metre;
        EXPECT_EQ(score->time_signature.text(), metre);
    }
}

}  // namespace
}  // namespace omg::compose
