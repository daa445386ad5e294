// A cue's Score (compose.h's ComposeOptions::cue) for every style: intro, the vamp twice and the
// ending, the second vamp the first's exact copy, the ending as asked.
#include <gtest/gtest.h>

#include <algorithm>
#include <type_traits>

#include "compose/compose.h"
#include "support/style_library.h"

namespace omg::compose {
namespace {

const model::StyleLibrary& library() {
    return testing::style_library();
}

using testing::cue_brief;
using testing::style_ids;

// The events starting in [from, to), moved back by `shift`; a note's length is cut at `to` (what
// it does after its window is the next window's business).
template <typename Event>
std::vector<Event> window(const std::vector<Event>& events, int64_t from, int64_t to,
                          int64_t shift) {
    std::vector<Event> out;
    for (Event e : events)
        if (e.tick >= from && e.tick < to) {
            if constexpr (std::is_same_v<Event, model::Note>)
                e.duration = std::min(e.duration, to - e.tick);
            e.tick -= shift;
            out.push_back(e);
        }
    return out;
}

class CueEveryStyle : public testing::EveryStyleTest {};

TEST_P(CueEveryStyle, HasTheSectionsAndTheSecondVampIsTheFirst) {
    const model::CueShape cue{2, 4, model::CueEnding::ring_out};
    ComposeOptions options{5};
    options.cue = &cue;
    auto score = compose(cue_brief(style(), cue), style(), options);
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_EQ(score->sections.size(), 4u);
    const int64_t bar = score->ticks_per_bar();
    const std::vector<std::pair<std::string, int>> want = {
        {"Intro", 2}, {"Vamp", 4}, {"Vamp (loop)", 4}, {"Ending", 1}};
    int64_t tick = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(score->sections[i].name, want[i].first);
        EXPECT_EQ(score->sections[i].bars, want[i].second);
        EXPECT_EQ(score->sections[i].start_tick, tick);
        tick += want[i].second * bar;
    }
    EXPECT_EQ(score->sections[1].kind, score->sections[2].kind);
    const int64_t vamp = 2 * bar, loop = 6 * bar, ending = 10 * bar;
    size_t notes = 0;
    for (const auto& t : score->tracks) {
        SCOPED_TRACE(t.name);
        const auto first = window(t.notes, vamp, loop, 0);
        const auto second = window(t.notes, loop, ending, loop - vamp);
        EXPECT_EQ(first, second);
        EXPECT_EQ(window(t.controls, vamp, loop, 0), window(t.controls, loop, ending, loop - vamp));
        notes += first.size();
        // Nothing is humanised across a vamp's or the ending's first downbeat.
        for (const auto& n : t.notes)
            for (int64_t downbeat : {vamp, loop, ending})
                EXPECT_FALSE(n.tick < downbeat && n.tick >= downbeat - model::kPpq / 8);
    }
    EXPECT_GT(notes, 0u);
    // The harmony repeats with the vamp, and the ending bar is on the tonic.
    std::vector<model::ChordMark> first, second;
    for (const auto& c : score->chords) {
        if (c.tick >= vamp && c.tick < loop) first.push_back(c);
        if (c.tick >= loop && c.tick < ending) {
            second.push_back(c);
            second.back().tick -= loop - vamp;
        }
    }
    EXPECT_EQ(first, second);
    ASSERT_FALSE(score->chords.empty());
    const auto& last = score->chords.back();
    EXPECT_EQ(last.tick, ending);
    ASSERT_FALSE(last.tones.empty());
    EXPECT_EQ(last.tones.front(), score->key.tonic);
}

INSTANTIATE_TEST_SUITE_P(Library, CueEveryStyle, ::testing::ValuesIn(style_ids()),
                         [](const auto& p) { return p.param; });

// The last chord of a vamp leads back into its first: it is the progression's last cell (the
// harmony of a vamp that is not a whole number of progressions still turns around).
TEST(Cue, TheVampsLastBarIsTheProgressionsTurnaround) {
    const model::Style& style = *library().find("pop");
    const model::CueShape three{0, 3, model::CueEnding::button};
    const model::CueShape four{0, 4, model::CueEnding::button};
    ComposeOptions a{9}, b{9};
    a.cue = &three;
    b.cue = &four;
    auto s3 = compose(cue_brief(style, three), style, a);
    auto s4 = compose(cue_brief(style, four), style, b);
    ASSERT_TRUE(s3 && s4);
    const int64_t bar = s3->ticks_per_bar();
    auto chord_at = [](const model::Score& s, int64_t tick) {
        std::string symbol;
        for (const auto& c : s.chords)
            if (c.tick <= tick) symbol = c.roman;
        return symbol;
    };
    // Both vamps open on the same chord, and the 3-bar vamp's last bar plays what the 4-bar one's
    // does.
    EXPECT_EQ(chord_at(*s3, 0), chord_at(*s4, 0));
    EXPECT_EQ(chord_at(*s3, 2 * bar), chord_at(*s4, 3 * bar));
}

TEST(Cue, EndingsAreWhatTheyAsk) {
    const model::Style& style = *library().find("pop");
    auto ending_notes = [&](model::CueEnding kind) {
        const model::CueShape cue{1, 2, kind};
        ComposeOptions o{3};
        o.cue = &cue;
        auto s = compose(cue_brief(style, cue), style, o);
        EXPECT_TRUE(s);
        std::vector<model::Note> notes;
        const int64_t ending = 5 * s->ticks_per_bar();
        for (const auto& t : s->tracks)
            if (!t.drums)
                for (const auto& n : t.notes)
                    if (n.tick >= ending) notes.push_back(n);
        return std::make_pair(std::move(notes), std::move(*s));
    };
    // A button lets go after half a beat; a ring-out holds its chord over a bar.
    const auto [button, button_score] = ending_notes(model::CueEnding::button);
    ASSERT_FALSE(button.empty());
    for (const auto& n : button) EXPECT_LE(n.duration, model::kPpq / 2);
    const auto [ring, ring_score] = ending_notes(model::CueEnding::ring_out);
    ASSERT_FALSE(ring.empty());
    EXPECT_GT(std::max_element(ring.begin(), ring.end(),
                               [](auto& x, auto& y) { return x.duration < y.duration; })
                  ->duration,
              ring_score.ticks_per_bar());
    // A stinger hits again a beat after the downbeat.
    const auto [stinger, stinger_score] = ending_notes(model::CueEnding::stinger);
    const int64_t ending = 5 * stinger_score.ticks_per_bar();
    EXPECT_TRUE(std::any_of(stinger.begin(), stinger.end(),
                            [&](const model::Note& n) { return n.tick > ending; }));
    // ... with a brass flourish (GM Brass Section) heard only in the ending, landing on the tonic.
    auto brass_of = [](const model::Score& s) {
        return std::find_if(s.tracks.begin(), s.tracks.end(), [](const model::Track& t) { return t.name == "Stinger brass"; });
    };
    const auto brass = brass_of(stinger_score);
    ASSERT_NE(brass, stinger_score.tracks.end());
    EXPECT_EQ(brass->program, 61);
    EXPECT_GE(brass->notes.size(), 5u);
    for (const auto& n : brass->notes) EXPECT_GE(n.tick, ending);
    const int64_t last = brass->notes.back().tick;
    const int tonic = stinger_score.key.tonic;  // a plain variable: clang 14 cannot capture a binding
    EXPECT_TRUE(std::any_of(brass->notes.begin(), brass->notes.end(), [&](const model::Note& n) {
        return n.tick == last && n.key % 12 == tonic;
    }));
    EXPECT_EQ(brass_of(button_score), button_score.tracks.end());
    EXPECT_EQ(brass_of(ring_score), ring_score.tracks.end());
    // A fade plays the vamp on: its ending's bars are the vamp's notes.
    const auto [fade, fade_score] = ending_notes(model::CueEnding::fade);
    ASSERT_EQ(fade_score.sections.back().bars, model::kFadeEndingBars);
    for (const auto& t : fade_score.tracks) {
        const int64_t bar = fade_score.ticks_per_bar();
        EXPECT_EQ(window(t.notes, 1 * bar, 3 * bar, 0), window(t.notes, 5 * bar, 7 * bar, 4 * bar))
            << t.name;
    }
}

}  // namespace
}  // namespace omg::compose
