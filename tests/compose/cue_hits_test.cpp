// Hit points on a cue (compose/cue_hits.h, issue 14): times count in the cue's file (intro, one
// pass of the loop, ending). For random hits in every style each lands on a downbeat within
// 10 ms or says why; the intro's tempo map stays within the flex and ends the intro where the
// base tempo does; the vamps keep one tempo and the second is still the first's copy; each kind
// plays as on a track, a loop hit on every pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <type_traits>

#include "compose/compose.h"
#include "compose/cue_hits.h"
#include "support/hit_fixture.h"
#include "support/style_library.h"

namespace omg::compose {
namespace {

const model::StyleLibrary& library() { return testing::style_library(); }

using testing::bar_seconds;
using testing::cue_brief;
using testing::cue_ending_bars;
using testing::hit_at;
using testing::hit_at_bar;
using testing::style_ids;

Result<model::Score> compose_cue(const model::Style& style, const model::CueShape& cue,
                                 const std::vector<model::Hit>& hits, uint64_t seed = 3) {
    ComposeOptions options{seed};
    options.cue = &cue;
    options.hits = hits;
    return compose(cue_brief(style, cue), style, options);
}

template <typename Event>
std::vector<Event> window(const std::vector<Event>& events, int64_t from, int64_t to, int64_t shift) {
    std::vector<Event> out;
    for (Event e : events)
        if (e.tick >= from && e.tick < to) {
            if constexpr (std::is_same_v<Event, model::Note>) e.duration = std::min(e.duration, to - e.tick);
            e.tick -= shift;
            out.push_back(e);
        }
    return out;
}

// Every hit met on a file downbeat within 10 ms (the Score's tick on that bar, in the second
// vamp's place for the ending), or unmet with a reason; the intro's tempos within the flex and
// the intro ending where the base tempo ends it; the vamps and the ending at the base tempo; the
// second vamp still the first's copy.
void expect_cue_landed_or_explained(const model::Score& score, const model::Style& style, const model::Brief& brief,
                                    const model::CueShape& cue, size_t asked) {
    ASSERT_EQ(score.hits.size(), asked);
    const double qpm = brief.tempo_bpm * brief.time_signature.beat_quarters();
    const double bar_s = bar_seconds(brief);
    const int64_t bar = score.ticks_per_bar();
    const int intro = cue.intro_bars, vamp = cue.vamp_bars;
    const int final_bar = intro + vamp + cue_ending_bars(cue) - 1;
    for (const model::HitMark& m : score.hits) {
        const std::string what = style.id + " " + model::hit_text(m.asked);
        if (!m.met) {
            EXPECT_FALSE(m.reason.empty()) << what;
            continue;
        }
        EXPECT_GE(m.bar, 0) << what;
        EXPECT_LE(m.bar, final_bar) << what;
        EXPECT_NEAR(m.landed_s, m.time_s, model::kHitToleranceS) << what;
        const int render_bar = m.bar < intro + vamp ? m.bar : m.bar + vamp;
        EXPECT_EQ(m.tick, render_bar * bar) << what;
        const double shift = m.bar < intro + vamp ? 0.0 : vamp * bar_s;
        EXPECT_NEAR(score.seconds_at(m.tick), m.landed_s + shift, 1e-6) << what;
    }
    const double flex = style.tempo_flex + 1e-9;
    EXPECT_LE(std::abs(score.tempo_qpm / qpm - 1), flex) << style.id;
    for (const model::TempoChange& c : score.tempo_changes) {
        EXPECT_LE(std::abs(c.qpm / qpm - 1), flex) << style.id << " at tick " << c.tick;
        EXPECT_LE(c.tick, intro * bar) << style.id << ": a tempo change after the intro";
    }
    EXPECT_NEAR(score.seconds_at(intro * bar), intro * bar_s, 1e-9) << style.id;
    EXPECT_DOUBLE_EQ(score.qpm_at(intro * bar), qpm);
    EXPECT_DOUBLE_EQ(score.qpm_at((intro + 2 * vamp) * bar), qpm);
    const int64_t v = intro * bar, loop = (intro + vamp) * bar, ending = (intro + 2 * vamp) * bar;
    for (const auto& t : score.tracks) {
        EXPECT_EQ(window(t.notes, v, loop, 0), window(t.notes, loop, ending, loop - v)) << style.id << " " << t.name;
        EXPECT_EQ(window(t.controls, v, loop, 0), window(t.controls, loop, ending, loop - v)) << style.id << " " << t.name;
    }
}

class CueHitsEveryStyle : public testing::EveryStyleTest {};

TEST_P(CueHitsEveryStyle, RandomHitsLandOnDownbeatsOrSayWhy) {
    for (uint64_t seed : {1u, 2u, 3u}) {
        std::mt19937 rng(static_cast<unsigned>(seed * 7919 + std::hash<std::string>{}(GetParam()) % 1000));
        const model::CueShape cue{static_cast<int>(seed % 3) + 1, 4,
                                  seed == 2 ? model::CueEnding::fade : model::CueEnding::ring_out};
        const model::Brief brief = cue_brief(style(), cue);
        const double bar_s = bar_seconds(brief);
        const double file_s = (cue.intro_bars + cue.vamp_bars + cue_ending_bars(cue)) * bar_s;
        std::uniform_real_distribution<double> when(0.2, file_s);
        std::uniform_int_distribution<int> kind(0, 5);
        std::uniform_int_distribution<int> downbeat(1, cue.intro_bars + cue.vamp_bars + cue_ending_bars(cue) - 1);
        std::vector<model::Hit> hits;
        for (int i = 0; i < 4; ++i) hits.push_back(hit_at(when(rng), static_cast<model::HitKind>(kind(rng))));
        // Some exactly on downbeats, so that the landed paths are taken too.
        for (int i = 0; i < 3; ++i)
            hits.push_back(hit_at(downbeat(rng) * bar_s, static_cast<model::HitKind>(kind(rng))));
        auto score = compose_cue(style(), cue, hits, seed);
        ASSERT_TRUE(score) << score.error().message;
        expect_cue_landed_or_explained(*score, style(), brief, cue, hits.size());
    }
}

TEST_P(CueHitsEveryStyle, ReachableHitsAllLand) {
    // An intro of 4 bars with a hit on its third downbeat, 1 % late (the intro's first half a
    // little slower, its second a little faster), accents on the loop's downbeats and the
    // ending's: every one lands.
    const model::CueShape cue{4, 4, model::CueEnding::ring_out};
    const model::Brief brief = cue_brief(style(), cue);
    const double bar_s = bar_seconds(brief);
    const double late = std::min(0.01, 0.5 * style().tempo_flex);
    std::vector<model::Hit> hits = {hit_at(2 * bar_s * (1 + late), model::HitKind::accent),
                                    hit_at(4 * bar_s, model::HitKind::build),
                                    hit_at(6 * bar_s + 0.004, model::HitKind::accent),
                                    hit_at(8 * bar_s - 0.003, model::HitKind::cadence)};
    auto score = compose_cue(style(), cue, hits);
    ASSERT_TRUE(score) << score.error().message;
    expect_cue_landed_or_explained(*score, style(), brief, cue, hits.size());
    for (const auto& m : score->hits) {
        EXPECT_TRUE(m.met) << GetParam() << " " << model::hit_text(m.asked) << ": " << m.reason;
    }
    if (style().tempo_flex > 0) {
        EXPECT_FALSE(score->tempo_changes.empty());
    }
}

TEST_P(CueHitsEveryStyle, ABarBeatHitInTheLoopLandsExactly) {
    const model::CueShape cue{2, 4, model::CueEnding::button};
    const model::Brief brief = cue_brief(style(), cue);
    auto score = compose_cue(style(), cue,
                             {hit_at_bar(5, 1, model::HitKind::accent), hit_at_bar(6, 1, model::HitKind::stinger)});
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_EQ(score->hits.size(), 2u);
    const double bar_s = bar_seconds(brief);
    for (const auto& m : score->hits) {
        ASSERT_TRUE(m.met) << m.reason;
        EXPECT_EQ(m.bar, m.asked.bar_beat->bar - 1);
        EXPECT_DOUBLE_EQ(m.landed_s, m.bar * bar_s);
        EXPECT_DOUBLE_EQ(score->seconds_at(m.tick), m.bar * bar_s);
    }
    expect_cue_landed_or_explained(*score, style(), brief, cue, 2);
}

INSTANTIATE_TEST_SUITE_P(All, CueHitsEveryStyle, ::testing::ValuesIn(style_ids()));

const model::Style& funk() { return *library().find("funk"); }

bool has_note(const model::Track& t, int64_t tick, int key) {
    return std::any_of(t.notes.begin(), t.notes.end(), [&](const model::Note& n) { return n.tick == tick && n.key == key; });
}

TEST(CueHits, ALoopAccentPlaysOnEveryPass) {
    const model::CueShape cue{1, 2, model::CueEnding::button};
    auto score = compose_cue(funk(), cue, {hit_at_bar(3, 1, model::HitKind::accent)});
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_TRUE(score->hits[0].met) << score->hits[0].reason;
    const int64_t bar = score->ticks_per_bar();
    const auto drums = std::find_if(score->tracks.begin(), score->tracks.end(), [](const model::Track& t) { return t.drums; });
    ASSERT_NE(drums, score->tracks.end());
    EXPECT_TRUE(has_note(*drums, 2 * bar, 49));  // the loop's second bar, first pass
    EXPECT_TRUE(has_note(*drums, 4 * bar, 49));  // and every later one (the second vamp)
    const auto brass = std::find_if(score->tracks.begin(), score->tracks.end(),
                                    [](const model::Track& t) { return t.name == "Hit brass"; });
    ASSERT_NE(brass, score->tracks.end());
    EXPECT_TRUE(std::any_of(brass->notes.begin(), brass->notes.end(), [&](const model::Note& n) { return n.tick == 4 * bar; }));
}

TEST(CueHits, ABuildIntoTheLoopRollsInTheIntroAndTheLoopsLastBar) {
    const model::CueShape cue{2, 2, model::CueEnding::ring_out};
    auto score = compose_cue(funk(), cue, {hit_at_bar(3, 1, model::HitKind::build)});
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_TRUE(score->hits[0].met) << score->hits[0].reason;
    const int64_t bar = score->ticks_per_bar();
    const auto drums = std::find_if(score->tracks.begin(), score->tracks.end(), [](const model::Track& t) { return t.drums; });
    ASSERT_NE(drums, score->tracks.end());
    auto snares = [&](int64_t from) {
        return std::count_if(drums->notes.begin(), drums->notes.end(),
                             [&](const model::Note& n) { return n.key == 38 && n.tick >= from && n.tick < from + bar; });
    };
    EXPECT_GE(snares(1 * bar), 12);  // the intro's last bar
    EXPECT_GE(snares(5 * bar), 12);  // the loop's last bar (before every repeat)
}

TEST(CueHits, AStopInTheLoopSilencesOneBarOnEveryPass) {
    const model::CueShape cue{1, 4, model::CueEnding::ring_out};
    auto score = compose_cue(funk(), cue, {hit_at_bar(3, 1, model::HitKind::stop)});
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_TRUE(score->hits[0].met) << score->hits[0].reason;
    const int64_t bar = score->ticks_per_bar();
    for (int64_t from : {2 * bar, 6 * bar})
        for (const auto& t : score->tracks)
            for (const auto& n : t.notes) {
                EXPECT_FALSE(n.tick >= from && n.tick < from + bar - model::kPpq / 8) << t.name << " at " << n.tick;
                EXPECT_FALSE(n.tick < from && n.tick + n.duration > from) << t.name << " rings over the stop";
            }
}

TEST(CueHits, UnreachableHitsSayWhyAndWhere) {
    const model::CueShape cue{1, 2, model::CueEnding::ring_out};
    const model::Brief brief = cue_brief(funk(), cue);
    const double bar_s = bar_seconds(brief);
    auto score = compose_cue(funk(), cue,
                             {hit_at(2 * bar_s + 0.3, model::HitKind::accent),   // in the loop, 300 ms late
                              hit_at(3 * bar_s, model::HitKind::build),          // the ending's first downbeat
                              hit_at(3 * bar_s + 1.0, model::HitKind::accent),   // after the final downbeat
                              hit_at_bar(2, 2, model::HitKind::accent),          // the loop, not a downbeat
                              hit_at(500, model::HitKind::accent)});
    ASSERT_TRUE(score) << score.error().message;
    const auto& h = score->hits;
    ASSERT_EQ(h.size(), 5u);
    for (const auto& m : h) EXPECT_FALSE(m.met) << model::hit_text(m.asked);
    EXPECT_NE(h[0].reason.find("in the loop"), std::string::npos) << h[0].reason;
    EXPECT_NE(h[0].reason.find("0.300 s after the downbeat of bar 3"), std::string::npos) << h[0].reason;
    EXPECT_NE(h[0].reason.find("ask for 3:1"), std::string::npos) << h[0].reason;
    EXPECT_NE(h[1].reason.find("every pass"), std::string::npos) << h[1].reason;
    EXPECT_NE(h[2].reason.find("final downbeat"), std::string::npos) << h[2].reason;
    EXPECT_NE(h[3].reason.find("ask for 2:1"), std::string::npos) << h[3].reason;
    EXPECT_NE(h[4].reason.find("outside the cue"), std::string::npos) << h[4].reason;
}

TEST(CueHits, IntroHitsBeyondTheFlexSayHowFar) {
    const model::CueShape cue{4, 2, model::CueEnding::ring_out};
    const model::Brief brief = cue_brief(funk(), cue);
    const double bar_s = bar_seconds(brief);
    auto score = compose_cue(funk(), cue, {hit_at(2.5 * bar_s, model::HitKind::accent)});
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_FALSE(score->hits[0].met);
    EXPECT_NE(score->hits[0].reason.find("in the intro"), std::string::npos) << score->hits[0].reason;
    EXPECT_TRUE(score->tempo_changes.empty());
}

TEST(CueHits, DownbeatsMetCountsTheLoopAndTheEnding) {
    const model::CueShape cue{1, 2, model::CueEnding::button};
    const std::vector<model::Hit> hits = {hit_at(0.5, model::HitKind::accent),    // the intro: not counted
                                          hit_at(4.0, model::HitKind::accent),    // bar 3 at 2 s a bar
                                          hit_at(6.005, model::HitKind::accent),  // the ending's downbeat
                                          hit_at(8.0, model::HitKind::accent),    // after it
                                          hit_at_bar(3, 1, model::HitKind::accent)};
    EXPECT_EQ(cue_downbeats_met(hits, cue, 2.0), 2);
    EXPECT_EQ(cue_downbeats_met(hits, cue, 2.1), 0);
}

}  // namespace
}  // namespace omg::compose
