// Hit points (compose/hits.h, issue 14 item 1): for random hits in every style, each lands on a
// downbeat within 10 ms of its time in the Score's tempo map or is reported with a reason; the
// tempo stays within the style's flex; each kind does what it says in the notes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "compose/compose.h"
#include "support/hit_fixture.h"
#include "support/style_library.h"

namespace omg::compose {
namespace {

const model::StyleLibrary& library() { return testing::style_library(); }

using testing::bar_seconds;
using testing::hit_at;
using testing::style_ids;

// The time of bar `bars`'s downbeat (0-based) if the piece played 1 % slower: a time every
// style's flex can reach.
double reachable(const model::Style& style, int bars) {
    return bars * bar_seconds(testing::style_brief(style, 60, true)) * 1.01;
}

Result<model::Score> compose_with(const model::Style& style, double duration, const std::vector<model::Hit>& hits,
                                  uint64_t seed = 3) {
    ComposeOptions options{seed};
    options.hits = hits;
    return compose(testing::style_brief(style, duration, true), style, options);
}

// Every hit met on a downbeat within 10 ms in the tempo map, or unmet with a reason; every tempo
// within the style's flex of the piece's own.
void expect_landed_or_explained(const model::Score& score, const model::Style& style, const model::Brief& brief,
                                size_t asked) {
    ASSERT_EQ(score.hits.size(), asked);
    for (const model::HitMark& m : score.hits) {
        if (m.met) {
            EXPECT_EQ(m.tick % score.ticks_per_bar(), 0) << "not a downbeat: " << model::hit_text(m.asked);
            EXPECT_EQ(m.tick, m.bar * score.ticks_per_bar());
            EXPECT_NEAR(score.seconds_at(m.tick), m.time_s, model::kHitToleranceS) << model::hit_text(m.asked);
            EXPECT_LE(m.tick, score.ticks_per_bar() * (score.bars - 1)) << "after the final downbeat";
        } else {
            EXPECT_FALSE(m.reason.empty()) << model::hit_text(m.asked);
        }
    }
    const double qpm = brief.tempo_bpm * brief.time_signature.beat_quarters();
    const double flex = style.tempo_flex + 1e-9;
    EXPECT_LE(std::abs(score.tempo_qpm / qpm - 1), flex);
    for (const model::TempoChange& c : score.tempo_changes) {
        EXPECT_LE(std::abs(c.qpm / qpm - 1), flex) << style.id << " at tick " << c.tick;
        EXPECT_GT(c.tick, 0);
    }
    for (size_t i = 1; i < score.tempo_changes.size(); ++i)
        EXPECT_GT(score.tempo_changes[i].tick, score.tempo_changes[i - 1].tick);
}

class HitsEveryStyle : public testing::EveryStyleTest {};

TEST_P(HitsEveryStyle, RandomHitsLandOnDownbeatsOrSayWhy) {
    for (uint64_t seed : {1u, 2u, 3u}) {
        std::mt19937 rng(static_cast<unsigned>(seed * 7919 + std::hash<std::string>{}(GetParam()) % 1000));
        std::uniform_real_distribution<double> when(0.5, 58.0);
        std::uniform_int_distribution<int> kind(0, 5);
        std::uniform_int_distribution<int> count(2, 6);
        std::vector<model::Hit> hits;
        const int n = count(rng);
        for (int i = 0; i < n; ++i) hits.push_back(hit_at(when(rng), static_cast<model::HitKind>(kind(rng))));
        const model::Brief brief = testing::style_brief(style(), 60, true);
        auto score = compose_with(style(), 60, hits, seed);
        ASSERT_TRUE(score) << score.error().message;
        expect_landed_or_explained(*score, style(), brief, hits.size());
    }
}

TEST_P(HitsEveryStyle, RandomReachableHitsAllLand) {
    // Hits 2 to 8 bars apart in the first 70 s of 120, each reached by a random tempo within 80 % of
    // the style's flex (faster and slower by turns, so the drift stays inside what the bars after
    // can take back), asked in random order: every one must land.
    const model::Brief brief = testing::style_brief(style(), 120, true);
    const double bar_s = bar_seconds(brief);
    for (uint64_t seed : {1u, 2u, 3u}) {
        std::mt19937 rng(static_cast<unsigned>(seed * 104729 + std::hash<std::string>{}(GetParam()) % 1000));
        std::uniform_int_distribution<int> gap(2, 8);
        std::uniform_real_distribution<double> change(0, 0.8 * style().tempo_flex);
        std::uniform_int_distribution<int> kind(0, 5);
        std::vector<model::Hit> hits;
        double t = 0;
        for (double sign = 1;; sign = -sign) {
            const int n = gap(rng);
            const double next = t + n * bar_s / (1 + sign * change(rng));
            if (next > 70) break;
            t = next;
            hits.push_back(hit_at(t, static_cast<model::HitKind>(kind(rng))));
        }
        ASSERT_GE(hits.size(), 2u);
        std::shuffle(hits.begin(), hits.end(), rng);
        auto score = compose_with(style(), 120, hits, seed);
        ASSERT_TRUE(score) << score.error().message;
        expect_landed_or_explained(*score, style(), brief, hits.size());
        for (const auto& m : score->hits) EXPECT_TRUE(m.met) << GetParam() << " " << model::hit_text(m.asked) << ": " << m.reason;
    }
}

TEST_P(HitsEveryStyle, ABarBeatHitLandsOnThatBar) {
    // A bar:beat asks for a bar's own downbeat at the style's tempo: met exactly there.
    std::vector<model::Hit> hits(1);
    hits[0].kind = model::HitKind::accent;
    hits[0].bar_beat = model::BarBeat{5, 1};
    const model::Brief brief = testing::style_brief(style(), 60, true);
    auto score = compose_with(style(), 60, hits);
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_EQ(score->hits.size(), 1u);
    ASSERT_TRUE(score->hits[0].met) << score->hits[0].reason;
    EXPECT_EQ(score->hits[0].bar, 4);
    expect_landed_or_explained(*score, style(), brief, 1);
}

INSTANTIATE_TEST_SUITE_P(All, HitsEveryStyle, ::testing::ValuesIn(style_ids()));

const model::Style& march() { return *library().find("circus_march"); }

TEST(Hits, WithoutHitsTheTempoIsConstant) {
    auto score = compose_with(march(), 30, {});
    ASSERT_TRUE(score);
    EXPECT_TRUE(score->tempo_changes.empty());
    EXPECT_TRUE(score->hits.empty());
}

TEST(Hits, AHitBetweenBarsMovesTheTempoWithinTheFlex) {
    // Half a bar off the grid: the tempo must move to land it.
    const model::Brief brief = testing::style_brief(march(), 40, true);
    const double bar_s = brief.time_signature.bar_quarters() * 60.0 /
                         (brief.tempo_bpm * brief.time_signature.beat_quarters());
    const std::vector<model::Hit> hits{hit_at(10.5 * bar_s, model::HitKind::accent)};
    auto score = compose_with(march(), 40, hits);
    ASSERT_TRUE(score);
    ASSERT_TRUE(score->hits[0].met) << score->hits[0].reason;
    EXPECT_FALSE(score->tempo_changes.empty() && score->tempo_qpm == brief.tempo_bpm * brief.time_signature.beat_quarters());
    expect_landed_or_explained(*score, march(), brief, 1);
}

TEST(Hits, ASmallTempoChangeIsSpreadOverTheBarsBeforeTheHit) {
    // A fifth of a bar late after ten bars: about 2 % slower on average, within half the march's
    // 6 %, so the tempo eases there bar by bar.
    const model::Brief brief = testing::style_brief(march(), 40, true);
    const double qpm = brief.tempo_bpm * brief.time_signature.beat_quarters();
    auto score = compose_with(march(), 40, {hit_at(10.2 * bar_seconds(brief), model::HitKind::accent)});
    ASSERT_TRUE(score);
    const model::HitMark& m = score->hits[0];
    ASSERT_TRUE(m.met) << m.reason;
    ASSERT_EQ(m.bar, 10);
    double previous = qpm;
    int steps = 0;
    for (int bar = 0; bar < m.bar; ++bar) {
        const double q = score->qpm_at(bar * score->ticks_per_bar());
        EXPECT_LE(std::abs(q - previous), 0.01 * qpm) << "bar " << bar << ": " << previous << " -> " << q;
        steps += q != previous ? 1 : 0;
        previous = q;
    }
    EXPECT_EQ(steps, m.bar) << "a change on every bar";
    EXPECT_LT(previous, qpm * 0.97) << "the ramp ends slower than the average it needs";
}

TEST(Hits, TheEndingSlowsDown) {
    const std::vector<model::Hit> hits{hit_at(8, model::HitKind::accent)};
    auto score = compose_with(march(), 40, hits);
    ASSERT_TRUE(score);
    ASSERT_TRUE(score->hits[0].met);
    const int64_t final_tick = score->ticks_per_bar() * (score->bars - 1);
    EXPECT_LT(score->qpm_at(final_tick - 1), score->qpm_at(final_tick - 2 * score->ticks_per_bar()));
}

TEST(Hits, UnreachableHitsAreReportedWithTheirReasons) {
    const std::vector<model::Hit> hits{hit_at(10, model::HitKind::accent), hit_at(10.2, model::HitKind::stinger),
                                       hit_at(45, model::HitKind::accent), hit_at(25, model::HitKind::build)};
    auto score = compose_with(march(), 30, hits);
    ASSERT_TRUE(score);
    ASSERT_EQ(score->hits.size(), 4u);
    EXPECT_TRUE(score->hits[0].met);
    EXPECT_FALSE(score->hits[1].met);
    EXPECT_NE(score->hits[1].reason.find("closer than one bar"), std::string::npos) << score->hits[1].reason;
    EXPECT_FALSE(score->hits[2].met);
    EXPECT_NE(score->hits[2].reason.find("outside the track"), std::string::npos) << score->hits[2].reason;
    EXPECT_TRUE(score->hits[3].met) << score->hits[3].reason;
    // Beyond the flex: a dance style's 2 % cannot move a bar by a third.
    const model::Style& house = *library().find("house");
    const model::Brief brief = testing::style_brief(house, 60, true);
    const double bar_s = brief.time_signature.bar_quarters() * 60.0 /
                         (brief.tempo_bpm * brief.time_signature.beat_quarters());
    auto tight = compose_with(house, 60, {hit_at(2.33 * bar_s, model::HitKind::accent)});
    ASSERT_TRUE(tight);
    EXPECT_FALSE(tight->hits[0].met);
    EXPECT_NE(tight->hits[0].reason.find("beyond the 2.0 % this style allows"), std::string::npos)
        << tight->hits[0].reason;
}

const model::Track* drum_track(const model::Score& s) {
    for (const auto& t : s.tracks)
        if (t.drums) return &t;
    return nullptr;
}

TEST(Hits, AnAccentHasACrashAndATuttiStabOnItsDownbeat) {
    auto score = compose_with(march(), 40, {hit_at(reachable(march(), 8), model::HitKind::accent)});
    ASSERT_TRUE(score);
    const model::HitMark& m = score->hits[0];
    ASSERT_TRUE(m.met);
    const model::Track* drums = drum_track(*score);
    ASSERT_NE(drums, nullptr);
    EXPECT_TRUE(std::any_of(drums->notes.begin(), drums->notes.end(),
                            [&](const model::Note& n) { return n.tick == m.tick && n.key == 49 && n.velocity >= 110; }));
    const auto brass = std::find_if(score->tracks.begin(), score->tracks.end(),
                                    [](const model::Track& t) { return t.name == "Hit brass"; });
    ASSERT_NE(brass, score->tracks.end());
    EXPECT_GE(std::count_if(brass->notes.begin(), brass->notes.end(), [&](const model::Note& n) { return n.tick == m.tick; }), 3);
}

TEST(Hits, AStopSilencesEverythingUntilTheNextSection) {
    for (const char* id : {"circus_march", "pop", "piano_ballad", "techno"}) {
        const model::Style& style = *library().find(id);
        auto score = compose_with(style, 50, {hit_at(reachable(style, 9), model::HitKind::stop)});
        ASSERT_TRUE(score) << id;
        const model::HitMark& m = score->hits[0];
        ASSERT_TRUE(m.met) << id << ": " << m.reason;
        const auto next = std::find_if(score->sections.begin(), score->sections.end(),
                                       [&](const model::SectionMark& s) { return s.start_tick > m.tick; });
        ASSERT_NE(next, score->sections.end());
        EXPECT_EQ(next->start_tick, m.tick + score->ticks_per_bar()) << id << ": the silence is one bar";
        for (const auto& t : score->tracks)
            for (const auto& n : t.notes) {
                EXPECT_FALSE(n.tick >= m.tick && n.tick < next->start_tick - model::kPpq / 8)
                    << id << " " << t.name << " plays at " << n.tick << " in the stop";
                EXPECT_FALSE(n.tick < m.tick && n.tick + n.duration > m.tick)
                    << id << " " << t.name << " sounds across the stop";
            }
    }
}

TEST(Hits, ACadenceLandsTheTuneAndTheBassOnTheTonic) {
    for (const char* id : {"circus_march", "pop", "baroque", "blues"}) {
        const model::Style& style = *library().find(id);
        auto score = compose_with(style, 50, {hit_at(reachable(style, 7), model::HitKind::cadence)});
        ASSERT_TRUE(score) << id;
        const model::HitMark& m = score->hits[0];
        ASSERT_TRUE(m.met) << id << ": " << m.reason;
        int transpose = 0;
        for (const auto& s : score->sections)
            if (s.start_tick <= m.tick) transpose = s.transpose;
        const int tonic = (score->key.tonic + transpose + 120) % 12;
        int checked = 0;
        for (const auto& t : score->tracks) {
            if (t.role != "lead" && t.role != "bass") continue;
            const auto n = std::find_if(t.notes.begin(), t.notes.end(), [&](const model::Note& x) { return x.tick == m.tick; });
            ASSERT_NE(n, t.notes.end()) << id << " " << t.name << " has no note on the cadence";
            EXPECT_EQ(n->key % 12, tonic) << id << " " << t.name;
            ++checked;
        }
        EXPECT_GT(checked, 0) << id;
        const auto chord = std::find_if(score->chords.begin(), score->chords.end(),
                                        [&](const model::ChordMark& c) { return c.tick == m.tick; });
        ASSERT_NE(chord, score->chords.end());
        ASSERT_FALSE(chord->tones.empty());
        EXPECT_EQ(chord->tones.front(), tonic) << id << " " << chord->symbol;
    }
}

TEST(Hits, ABuildRisesInDensityAndVelocityIntoItsDownbeat) {
    for (const char* id : {"circus_march", "piano_ballad", "house"}) {
        const model::Style& style = *library().find(id);
        auto score = compose_with(style, 50, {hit_at(reachable(style, 10), model::HitKind::build)});
        ASSERT_TRUE(score) << id;
        const model::HitMark& m = score->hits[0];
        ASSERT_TRUE(m.met) << id << ": " << m.reason;
        const model::Track* drums = drum_track(*score);
        ASSERT_NE(drums, nullptr) << id;
        const int64_t bar = score->ticks_per_bar(), start = m.tick - bar, half = m.tick - bar / 2;
        int first = 0, second = 0;
        double v1 = 0, v2 = 0;
        for (const auto& n : drums->notes) {
            if (n.key != 38) continue;
            if (n.tick >= start && n.tick < half) ++first, v1 += n.velocity;
            if (n.tick >= half && n.tick < m.tick) ++second, v2 += n.velocity;
        }
        ASSERT_GT(first, 0) << id;
        EXPECT_GT(second, first) << id;
        EXPECT_GT(v2 / second, v1 / first) << id;
    }
}

TEST(Hits, ASectionHitStartsASectionAndAStingerPlaysBrass) {
    auto score = compose_with(march(), 50, {hit_at(reachable(march(), 9), model::HitKind::section),
                                            hit_at(reachable(march(), 20), model::HitKind::stinger)});
    ASSERT_TRUE(score);
    ASSERT_TRUE(score->hits[0].met) << score->hits[0].reason;
    ASSERT_TRUE(score->hits[1].met) << score->hits[1].reason;
    EXPECT_TRUE(std::any_of(score->sections.begin(), score->sections.end(),
                            [&](const model::SectionMark& s) { return s.start_tick == score->hits[0].tick; }));
    for (const auto& s : score->sections)
        EXPECT_NEAR(s.start_s, score->seconds_at(s.start_tick), 1e-9) << s.name;
    const auto brass = std::find_if(score->tracks.begin(), score->tracks.end(),
                                    [](const model::Track& t) { return t.name == "Hit brass"; });
    ASSERT_NE(brass, score->tracks.end());
    EXPECT_TRUE(std::any_of(brass->notes.begin(), brass->notes.end(),
                            [&](const model::Note& n) { return n.tick == score->hits[1].tick; }));
}

TEST(Hits, ParsedFromTheCommandLinesForm) {
    auto a = model::parse_hit("12.5:accent");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->kind, model::HitKind::accent);
    EXPECT_EQ(a->time_s, 12.5);
    auto b = model::parse_hit("8:1:stop");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->bar_beat, (model::BarBeat{8, 1}));
    EXPECT_EQ(model::hit_text(*a), "12.5:accent");
    EXPECT_EQ(model::hit_text(*b), "8:1:stop");
    for (const char* bad : {"12.5", "12.5:crash", ":accent", "0:1:stop", "x:accent", "-1:accent", "8:1:2:stop"})
        EXPECT_FALSE(model::parse_hit(bad)) << bad;
}

}  // namespace
}  // namespace omg::compose
