#include "render/render.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stop_token>
#include <thread>

#include "test_scores.h"

namespace omg::render {
namespace {

using testing::drum_beat;
using testing::piano_scale;
using testing::small_score;

RenderOptions options() {
    RenderOptions o;
    o.soundfont = OMG_TEST_SOUNDFONT;
    return o;
}

double peak(const model::Pcm& pcm, double from_s, double to_s) {
    const auto a = static_cast<size_t>(from_s * pcm.sample_rate) * 2;
    const auto b = std::min(pcm.samples.size(), static_cast<size_t>(to_s * pcm.sample_rate) * 2);
    float p = 0;
    for (size_t i = a; i < b; ++i) p = std::max(p, std::fabs(pcm.samples[i]));
    return p;
}

TEST(Render, LengthIsExactToTheFrame) {
    for (double duration : {3.0, 1.2345, 0.01, 0.0}) {
        model::Score score = small_score();
        score.duration_s = duration;
        auto out = render(score, options());
        ASSERT_TRUE(out) << out.error().message;
        EXPECT_EQ(out->mix.channels, 2);
        EXPECT_EQ(out->mix.sample_rate, 44100);
        EXPECT_EQ(out->mix.frames(), static_cast<size_t>(std::llround(duration * 44100)));
    }
    RenderOptions o = options();
    o.sample_rate = 48000;
    auto out = render(small_score(), o);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->mix.frames(), 144000u);
    EXPECT_EQ(out->mix.sample_rate, 48000);
}

TEST(Render, SilentBeforeTheFirstNoteAndAudibleWhereNotesPlay) {
    auto out = render(small_score(), options());
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_LT(peak(out->mix, 0.0, 0.49), 1e-4);
    EXPECT_GT(peak(out->mix, 0.5, 1.0), 0.05);
    EXPECT_GT(peak(out->mix, 2.0, 2.5), 0.01);
    for (float v : out->mix.samples) ASSERT_TRUE(std::isfinite(v));
}

TEST(Render, IsDeterministic) {
    auto a = render(small_score(), options());
    auto b = render(small_score(), options());
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(a->mix.samples == b->mix.samples);
}

TEST(Render, StemsAreNamedInTrackOrderAndSumToTheMix) {
    RenderOptions o = options();
    o.stems = true;
    auto with_stems = render(small_score(), o);
    ASSERT_TRUE(with_stems) << with_stems.error().message;
    ASSERT_EQ(with_stems->stems.size(), 2u);
    EXPECT_EQ(with_stems->stems[0].name, "Piano");
    EXPECT_EQ(with_stems->stems[1].name, "Drums");
    const model::Pcm& mix = with_stems->mix;
    for (const model::Stem& stem : with_stems->stems) {
        EXPECT_EQ(stem.pcm.frames(), mix.frames());
        EXPECT_GT(peak(stem.pcm, 0.5, 2.5), 0.01) << stem.name;
    }
    for (size_t i = 0; i < mix.samples.size(); ++i) {
        ASSERT_EQ(mix.samples[i],
                  with_stems->stems[0].pcm.samples[i] + with_stems->stems[1].pcm.samples[i]);
    }

    // The summed mix matches a single-synth render closely: FluidSynth reuses voice slots
    // differently with more channels, which changes a voice's first 64-frame gain ramp.
    auto plain = render(small_score(), options());
    ASSERT_TRUE(plain);
    double diff = 0, energy = 0;
    for (size_t i = 0; i < mix.samples.size(); ++i) {
        const double d = mix.samples[i] - plain->mix.samples[i];
        diff += d * d;
        energy += static_cast<double>(plain->mix.samples[i]) * plain->mix.samples[i];
    }
    EXPECT_LT(diff, energy * 1e-4);  // -40 dB
}

TEST(Render, StemEqualsTheTrackRenderedAlone) {
    // At the tracks' own volumes: the balance sets a track's level from all the tracks.
    RenderOptions o = options();
    o.stems = true;
    o.balance = false;
    auto both = render(small_score(), o);
    model::Score piano_only = small_score();
    piano_only.tracks = {piano_scale()};
    RenderOptions alone_options = options();
    alone_options.balance = false;
    auto alone = render(piano_only, alone_options);
    ASSERT_TRUE(both && alone);
    EXPECT_TRUE(both->stems[0].pcm.samples == alone->mix.samples);
}

// Sum of squared differences relative to the energy of `b`.
double relative_error(const model::Pcm& a, const model::Pcm& b) {
    double diff = 0, energy = 0;
    for (size_t i = 0; i < b.samples.size(); ++i) {
        const double d = a.samples[i] - b.samples[i];
        diff += d * d;
        energy += static_cast<double>(b.samples[i]) * b.samples[i];
    }
    return diff / energy;
}

TEST(Render, ThreadedMixIsTheSameForAnyThreadCountAndMatchesTheStemSum) {
    RenderOptions o = options();
    o.stems = true;
    auto stems = render(small_score(), o);
    RenderOptions one = options();
    one.threads = 1;
    auto single = render(small_score(), one);
    ASSERT_TRUE(stems && single);
    for (int threads : {2, 3, 8}) {
        RenderOptions t = options();
        t.threads = threads;
        auto out = render(small_score(), t);
        ASSERT_TRUE(out) << out.error().message;
        EXPECT_TRUE(out->stems.empty());
        EXPECT_TRUE(out->mix.samples == single->mix.samples) << threads << " threads";
    }
    // The mix's synths share the notes out by key, the stems by track: the same music, up to
    // FluidSynth's per-voice gain ramps.
    EXPECT_LT(relative_error(single->mix, stems->mix), 1e-4);  // -40 dB
}

TEST(Render, AHeavyTrackIsSharedBetweenTheMixSynths) {
    // One dense string track: split by key, both synths play part of it, and the mix equals
    // the track rendered as a stem on one synth.
    model::Score score = small_score();
    model::Track strings = piano_scale();
    strings.program = 48;
    score.tracks = {strings};
    RenderOptions o = options();
    o.stems = true;
    auto stem = render(score, o);
    auto mix = render(score, options());
    ASSERT_TRUE(stem && mix);
    EXPECT_LT(relative_error(mix->mix, stem->mix), 1e-4);
}

TEST(Render, OneMixSynthPlaysTheSameMusicAsTwo) {
    // The engine renders the band on one synth while the voice sings: the same mix, up to
    // FluidSynth's per-voice gain ramps, with one reverb and chorus instead of two.
    RenderOptions two = options();
    two.threads = 2;
    RenderOptions one = two;
    one.mix_synths = 1;
    auto a = render(small_score(), two);
    auto b = render(small_score(), one);
    ASSERT_TRUE(a && b);
    EXPECT_FALSE(a->mix.samples == b->mix.samples) << "two synths share the notes out differently";
    EXPECT_LT(relative_error(b->mix, a->mix), 1e-4);  // -40 dB
}

TEST(Render, ThreadedRenderCanBeCancelled) {
    model::Score score = small_score();
    score.duration_s = 600;
    std::stop_source stop;
    RenderOptions o = options();
    o.threads = 2;
    o.stop = stop.get_token();
    o.progress = [&](double p) {
        if (p > 0) stop.request_stop();
    };
    auto out = render(score, o);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, Errc::cancelled);
}

TEST(Render, ConcurrentCallsGiveTheSameResult) {
    auto reference = render(small_score(), options());
    ASSERT_TRUE(reference);
    std::vector<model::Pcm> results(3);
    {
        std::vector<std::jthread> threads;
        for (auto& out : results) {
            threads.emplace_back([&out] { out = std::move(render(small_score(), options())->mix); });
        }
    }
    for (const auto& out : results) EXPECT_TRUE(out.samples == reference->mix.samples);
}

TEST(Render, MissingDrumKitFallsBackToTheStandardKit) {
    model::Score standard = small_score();
    standard.tracks = {drum_beat(480, 0)};
    model::Score missing = small_score();
    missing.tracks = {drum_beat(480, 99)};  // FluidR3_GM has no kit 99
    auto a = render(standard, options());
    auto b = render(missing, options());
    ASSERT_TRUE(a && b);
    EXPECT_GT(peak(b->mix, 0.5, 1.0), 0.05);
    EXPECT_TRUE(a->mix.samples == b->mix.samples);
}

model::Score ride(std::vector<int64_t> strikes) {
    model::Score score = small_score();
    score.duration_s = 4.0;
    model::Track t = drum_beat();
    t.notes.clear();
    for (const int64_t tick : strikes) t.notes.push_back({tick, 60, 51, 110});  // ride cymbal 1
    t.reverb = 0;  // no reverb tail, which the choke leaves alone
    t.chorus = 0;
    score.tracks = {t};
    return score;
}

TEST(Render, ARestruckCymbalChokesItsEarlierRing) {
    // FluidR3's ride rings for about 2.6 s. Struck at 0.5 s and 1.0 s, the first ring is gone
    // 0.5 s after the second strike: the audio then equals the second strike alone.
    auto twice = render(ride({480, 960}), options());
    auto once = render(ride({960}), options());
    ASSERT_TRUE(twice && once);
    EXPECT_GT(peak(once->mix, 1.5, 2.5), 0.01);
    double diff = 0;
    for (size_t i = static_cast<size_t>(1.5 * 44100) * 2; i < once->mix.samples.size(); ++i)
        diff = std::max(diff, static_cast<double>(std::fabs(twice->mix.samples[i] - once->mix.samples[i])));
    EXPECT_LT(diff, 1e-4) << peak(once->mix, 1.5, 2.5) << " " << peak(twice->mix, 1.5, 2.5);
    // A single strike still rings on long after its short note.
    auto single = render(ride({480}), options());
    ASSERT_TRUE(single);
    EXPECT_GT(peak(single->mix, 2.0, 2.5), 0.0003);
}

TEST(Render, AFastPartsReleaseIsCappedAndASlowPartsIsNot) {
    // String ensemble (FluidR3: a 1.6 s release) ending at 1.5 s, in 32nds or as one note.
    auto strings = [](int64_t step) {
        model::Score score = small_score();
        model::Track t = piano_scale();
        t.program = 48;
        t.reverb = 0;
        t.chorus = 0;
        t.notes.clear();
        for (int64_t tick = 1440 - step; tick >= 480; tick -= step) t.notes.insert(t.notes.begin(), {tick, step, 67, 100});
        score.tracks = {t};
        return score;
    };
    auto fast = render(strings(60), options());
    auto slow = render(strings(960), options());
    ASSERT_TRUE(fast && slow);
    EXPECT_GT(peak(fast->mix, 1.0, 1.5), 0.01);
    EXPECT_GT(peak(slow->mix, 2.0, 2.4), 0.003);  // the slow part's own release rings on
    EXPECT_LT(peak(fast->mix, 2.0, 2.4), peak(slow->mix, 2.0, 2.4) / 10);
}

TEST(Render, NoTracksGivesSilenceOfTheRightLength) {
    model::Score score = small_score();
    score.tracks.clear();
    RenderOptions o = options();
    o.stems = true;
    auto out = render(score, o);
    ASSERT_TRUE(out);
    EXPECT_EQ(out->mix.frames(), 132300u);
    EXPECT_TRUE(out->stems.empty());
    EXPECT_EQ(peak(out->mix, 0, 3), 0.0);
}

TEST(Render, NotesPastTheEndAreCut) {
    model::Score score = small_score();
    score.duration_s = 1.0;  // the scale runs to ~1.5 s
    auto out = render(score, options());
    ASSERT_TRUE(out);
    EXPECT_EQ(out->mix.frames(), 44100u);
    EXPECT_GT(peak(out->mix, 0.9, 1.0), 0.01);
}

TEST(Render, MissingSoundFontIsNotFoundAndNamesOnlyTheFile) {
    RenderOptions o = options();
    o.soundfont = "/nonexistent/dir/Missing.sf2";
    auto out = render(small_score(), o);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, Errc::not_found);
    EXPECT_NE(out.error().message.find("Missing.sf2"), std::string::npos);
    EXPECT_EQ(out.error().message.find("/nonexistent"), std::string::npos);
}

TEST(Render, UnreadableSoundFontIsAnIoError) {
    RenderOptions o = options();
    o.soundfont = std::string(OMG_SOURCE_DIR) + "/CMakeLists.txt";  // exists, not a SoundFont
    auto out = render(small_score(), o);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, Errc::io);
    EXPECT_EQ(out.error().message.find(OMG_SOURCE_DIR), std::string::npos);
}

TEST(Render, RejectsBadScores) {
    model::Score score = small_score();
    score.tempo_qpm = 0;
    EXPECT_EQ(render(score, options()).error().code, Errc::invalid_argument);
    score = small_score();
    score.duration_s = -1;
    EXPECT_EQ(render(score, options()).error().code, Errc::invalid_argument);
    RenderOptions too_fast = options();
    too_fast.sample_rate = 192000;
    EXPECT_EQ(render(small_score(), too_fast).error().code, Errc::invalid_argument);
}

TEST(Render, CancelledBeforeStartReturnsCancelled) {
    std::stop_source stop;
    stop.request_stop();
    RenderOptions o = options();
    o.stop = stop.get_token();
    auto out = render(small_score(), o);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, Errc::cancelled);
}

TEST(Render, CancelledMidwayStopsWithinABlock) {
    model::Score score = small_score();
    score.duration_s = 600;  // ten minutes: would take seconds to finish
    std::stop_source stop;
    RenderOptions o = options();
    o.stop = stop.get_token();
    double last = 0;
    int calls = 0;
    o.progress = [&](double p) {
        last = p;
        if (++calls == 3) stop.request_stop();
    };
    auto out = render(score, o);
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code, Errc::cancelled);
    EXPECT_LT(last, 0.01);  // stopped within a block of the request
}

TEST(Render, ReportsProgressFromZeroToOne) {
    std::vector<double> seen;
    RenderOptions o = options();
    o.stems = true;
    o.progress = [&](double p) { seen.push_back(p); };
    ASSERT_TRUE(render(small_score(), o));
    ASSERT_GE(seen.size(), 4u);  // 2 tracks x 3 s, every 0.5 s of audio
    EXPECT_EQ(seen.front(), 0.0);
    EXPECT_EQ(seen.back(), 1.0);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

}  // namespace
}  // namespace omg::render
