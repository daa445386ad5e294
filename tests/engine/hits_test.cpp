// Hit points through the whole engine (issue 14 item 1): in the rendered, mastered audio a stop
// is silent until the next section and an accent strikes on its downbeat; the result and the
// recipe say where each hit landed or why not; the typed request carries them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "engine/engine.h"
#include "engine/json.h"
#include "support/hit_fixture.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

using testing::hit_at;

Request hit_request() {
    Request r;
    r.prompt = "a pop song";
    r.style = "pop";
    r.bpm = 112;  // a 4/4 bar is 2.14 s: the stop's silent bar is long enough to measure
    r.duration_s = 40;
    r.seed = 7;
    // Four bars after the start at 0.35 % slower; four more at the same; then after the end.
    r.hits = {hit_at(8.6, model::HitKind::stop), hit_at(17.2, model::HitKind::accent),
              hit_at(39.5, model::HitKind::accent)};
    return r;
}

const Song& hit_song() {
    static const Song song = [] {
        auto s = testing::test_engine().generate(hit_request());
        if (!s) {
            ADD_FAILURE() << s.error().message;
            std::abort();
        }
        return std::move(*s);
    }();
    return song;
}

// RMS in dBFS of [from, to) seconds, both channels.
double rms_db(const model::Pcm& pcm, double from, double to) {
    const auto a = static_cast<size_t>(std::max(0.0, from) * pcm.sample_rate);
    const auto b = std::min(pcm.frames(), static_cast<size_t>(to * pcm.sample_rate));
    double sum = 0;
    size_t n = 0;
    for (size_t i = a * static_cast<size_t>(pcm.channels); i < b * static_cast<size_t>(pcm.channels); ++i, ++n)
        sum += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
    return 10 * std::log10(std::max(sum / static_cast<double>(std::max<size_t>(n, 1)), 1e-20));
}

TEST(Hits, EveryHitIsReportedAndTheMetOnesLandWithin10Ms) {
    const Song& song = hit_song();
    ASSERT_EQ(song.score.hits.size(), 3u);
    for (size_t i = 0; i < 2; ++i) {
        const model::HitMark& m = song.score.hits[i];
        ASSERT_TRUE(m.met) << m.reason;
        EXPECT_EQ(m.tick % song.score.ticks_per_bar(), 0);
        EXPECT_NEAR(song.score.seconds_at(m.tick), m.time_s, 0.010);
    }
    // 39.5 s is after the final downbeat of a 40 s track.
    EXPECT_FALSE(song.score.hits[2].met);
    EXPECT_FALSE(song.score.hits[2].reason.empty());
    const auto unmet = std::find_if(song.interpretation.guessed.begin(), song.interpretation.guessed.end(),
                                    [](const std::string& g) { return g.rfind("hit 39.5:accent: not met", 0) == 0; });
    EXPECT_NE(unmet, song.interpretation.guessed.end());
    const nlohmann::json j = song_json(song, testing::test_engine().styles());
    ASSERT_TRUE(j.contains("hits"));
    EXPECT_EQ(j["hits"][0]["kind"], "stop");
    EXPECT_EQ(j["hits"][0]["met"], true);
    EXPECT_EQ(j["hits"][2]["met"], false);
    EXPECT_TRUE(j["hits"][2].contains("reason"));
    ASSERT_TRUE(j.contains("tempo_map"));
    EXPECT_EQ(j["recipe"]["hits"].size(), 3u);
    EXPECT_NE(song.recipe.command_line().find("--hit 8.6:stop --hit 17.2:accent --hit 39.5:accent"), std::string::npos)
        << song.recipe.command_line();
}

TEST(Hits, AStopIsSilentInTheAudioUntilTheNextSection) {
    const Song& song = hit_song();
    const model::HitMark& stop = song.score.hits[0];
    ASSERT_TRUE(stop.met);
    const auto next = std::find_if(song.score.sections.begin(), song.score.sections.end(),
                                   [&](const model::SectionMark& s) { return s.start_tick > stop.tick; });
    ASSERT_NE(next, song.score.sections.end());
    const double cut = stop.landed_s, resume = next->start_s;
    ASSERT_GT(resume - cut, 0.9);
    const double before = rms_db(song.audio, cut - 1.0, cut);
    // The room's reverb dies away; then nothing sounds until the next section.
    const double silence = rms_db(song.audio, cut + 0.6, resume - 0.05);
    const double after = rms_db(song.audio, resume, resume + 1.0);
    EXPECT_LT(silence, before - 35) << "before " << before << " dB, in the stop " << silence << " dB";
    EXPECT_LT(silence, after - 35) << "after " << after << " dB, in the stop " << silence << " dB";
}

// The energy of the signal's first difference (its highs: a crash's) in [from, to), in dB.
double highs_db(const model::Pcm& pcm, double from, double to) {
    const auto a = static_cast<size_t>(from * pcm.sample_rate) + 1;
    const auto b = std::min(pcm.frames(), static_cast<size_t>(to * pcm.sample_rate));
    const auto ch = static_cast<size_t>(pcm.channels);
    double sum = 0;
    for (size_t i = a; i < b; ++i)
        for (size_t c = 0; c < ch; ++c) {
            const double d = static_cast<double>(pcm.samples[i * ch + c]) - pcm.samples[(i - 1) * ch + c];
            sum += d * d;
        }
    return 10 * std::log10(std::max(sum / static_cast<double>(std::max<size_t>(b - a, 1)), 1e-20));
}

TEST(Hits, AnAccentStrikesOnItsDownbeat) {
    // The same song without the accent: its bar 9 downbeat has no crash and no stab.
    Request plain = hit_request();
    plain.hits = {plain.hits[0]};
    auto without = testing::test_engine().generate(plain);
    ASSERT_TRUE(without) << without.error().message;
    const Song& song = hit_song();
    const model::HitMark& accent = song.score.hits[1];
    ASSERT_TRUE(accent.met);
    const double t = accent.landed_s;
    const double t0 = without->score.seconds_at(accent.tick);
    const double with_db = highs_db(song.audio, t, t + 0.25), without_db = highs_db(without->audio, t0, t0 + 0.25);
    EXPECT_GT(with_db, without_db + 5) << "with the accent " << with_db << " dB, without " << without_db << " dB";
}

TEST(Hits, RequestForCarriesTheHitsAndACueRefusesThem) {
    model::GenerationRequest asked;
    asked.prompt = "x";
    asked.hits = {hit_at(3, model::HitKind::build)};
    EXPECT_EQ(request_for(asked, 1).hits, asked.hits);

    Request r;
    r.prompt = "funky groove";
    r.style = "funk";
    r.seed = 3;
    r.cue = model::CueShape{0, 2, model::CueEnding::button};
    r.hits = {hit_at(2, model::HitKind::accent)};
    auto arrangement = testing::test_engine().compose(r);
    ASSERT_TRUE(arrangement) << arrangement.error().message;
    ASSERT_EQ(arrangement->score.hits.size(), 1u);
    EXPECT_FALSE(arrangement->score.hits[0].met);
    EXPECT_TRUE(arrangement->score.tempo_changes.empty());
}

}  // namespace
}  // namespace omg::engine
