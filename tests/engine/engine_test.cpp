// The whole pipeline on the real styles and SoundFont: what a listener and a mastering engineer
// would check.
#include "engine/engine.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <thread>

#include "master/master.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

const Engine& engine() { return testing::test_engine(); }

double rms(const model::Pcm& pcm, double from_s, double to_s) {
    const size_t a = static_cast<size_t>(from_s * pcm.sample_rate) * 2;
    const size_t b = std::min(pcm.samples.size(), static_cast<size_t>(to_s * pcm.sample_rate) * 2);
    double sum = 0;
    for (size_t i = a; i < b; ++i) sum += static_cast<double>(pcm.samples[i]) * pcm.samples[i];
    return b > a ? std::sqrt(sum / static_cast<double>(b - a)) : 0;
}

struct Case {
    const char* prompt;
    double duration;
};

class Rendered : public ::testing::TestWithParam<Case> {};

TEST_P(Rendered, MeetsLengthLoudnessAndPeakAndIsNeverSilent) {
    Request r;
    r.prompt = GetParam().prompt;
    r.duration_s = GetParam().duration;
    r.seed = 42;
    auto song = engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    EXPECT_EQ(song->audio.sample_rate, 44100);
    EXPECT_EQ(song->audio.channels, 2);
    EXPECT_NEAR(song->audio.seconds(), GetParam().duration, 0.001);
    auto loud = master::measure(song->audio);
    ASSERT_TRUE(loud);
    EXPECT_NEAR(loud->integrated_lufs, -14.0, 1.0);
    EXPECT_LE(loud->true_peak_dbtp, -1.0 + 1e-6);
    // Every section sounds (ambient intros fade in, so judge from a little after the start).
    for (const auto& s : song->score.sections) {
        const double from = s.start_s + 0.2, to = std::min(from + 2.0, GetParam().duration - 0.5);
        if (to <= from) continue;
        EXPECT_GT(rms(song->audio, from, to), 0.003) << s.name << " at " << s.start_s;
    }
    // The ending decays rather than being cut: the last 50 ms are much quieter than the track.
    EXPECT_LT(rms(song->audio, GetParam().duration - 0.05, GetParam().duration), rms(song->audio, 0, GetParam().duration));
}

INSTANTIATE_TEST_SUITE_P(Prompts, Rendered,
                         ::testing::Values(Case{"upbeat circus march with brass, 140 bpm", 20},
                                           Case{"calm piano for meditation", 30},
                                           Case{"heavy metal in E minor", 15},
                                           Case{"a waltz in D", 12}, Case{"lofi hip hop", 8}));

TEST(Engine, SameSeedSameAudioDifferentSeedDifferentAudio) {
    Request r;
    r.prompt = "pop song";
    r.duration_s = 8;
    r.seed = 5;
    auto a = engine().generate(r), b = engine().generate(r);
    r.seed = 6;
    auto c = engine().generate(r);
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(a->audio.samples, b->audio.samples);
    EXPECT_EQ(a->score, b->score);
    EXPECT_NE(a->audio.samples, c->audio.samples);
}

// The best quality is deterministic too, and a missing SoundFont for it is an error naming the
// package, never a render with the fast one. The first render decodes MuseScore_General's
// presets, the second finds them kept decoded (render/synth.cpp's PresetKeeper): the same samples.
TEST(Engine, BestQualityIsDeterministicAndNeverFallsBack) {
    Request r;
    r.prompt = "pop song";
    r.duration_s = 6;
    r.seed = 5;
    r.quality = model::SoundQuality::best;
    auto a = engine().generate(r), b = engine().generate(r);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->audio.samples, b->audio.samples);
    EXPECT_EQ(a->recipe.soundfont, "MuseScore_General.sf3");
    r.quality.reset();
    auto fast = engine().generate(r);
    ASSERT_TRUE(fast);
    EXPECT_EQ(fast->score, a->score);  // the same music, another sound
    EXPECT_NE(fast->audio.samples, a->audio.samples);
    EXPECT_EQ(fast->recipe.soundfont, "FluidR3_GM.sf2");

    Config c = engine().config();
    c.best_soundfont = "/nonexistent/MuseScore_General.sf3";
    auto without = Engine::open(c);
    ASSERT_TRUE(without) << without.error().message;
    r.quality = model::SoundQuality::best;
    auto e = without->generate(r);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, Errc::not_found);
    EXPECT_NE(e.error().message.find("musescore-general-soundfont"), std::string::npos) << e.error().message;
    r.quality = model::SoundQuality::fast;
    EXPECT_TRUE(without->generate(r));
}

TEST(Engine, ExplicitValuesWin) {
    Request r;
    r.prompt = "slow sad ballad";
    r.duration_s = 10;
    r.bpm = 140;
    r.key = "F# minor";
    r.time_signature = "3/4";
    r.seed = 1;
    auto song = engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    EXPECT_DOUBLE_EQ(song->score.tempo_bpm, 140);
    EXPECT_EQ(song->score.key.tonic, 6);
    EXPECT_EQ(song->score.time_signature.text(), "3/4");
}

TEST(Engine, CancelsPromptly) {
    Request r;
    r.prompt = "cinematic epic orchestral";
    r.duration_s = 600;
    r.seed = 3;
    std::stop_source stop;
    std::atomic<bool> rendering{false};
    std::thread canceller([&] {
        while (!rendering) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        stop.request_stop();
    });
    auto song = engine().generate(r, [&](const Progress& p) {
        if (p.stage == "render" && !rendering) rendering = true;
    }, stop.get_token());
    canceller.join();
    // A 10-minute render stopped at its start: the stop token reached the render loop.
    ASSERT_FALSE(song);
    EXPECT_EQ(song.error().code, Errc::cancelled);
}

TEST(Engine, ParallelGenerationsAgreeWithSerialOnes) {
    Request r;
    r.prompt = "bossa nova";
    r.duration_s = 6;
    r.seed = 9;
    auto serial = engine().generate(r);
    ASSERT_TRUE(serial);
    std::vector<std::vector<float>> results(3);
    std::vector<std::thread> threads;
    for (int i = 0; i < 3; ++i)
        threads.emplace_back([&, i] {
            auto s = engine().generate(r);
            if (s) results[static_cast<size_t>(i)] = s->audio.samples;
        });
    for (auto& t : threads) t.join();
    for (const auto& res : results) EXPECT_EQ(res, serial->audio.samples);
}

TEST(Engine, BadInputIsAClearError) {
    Request r;
    r.prompt = "   ";
    auto e = engine().generate(r);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().code, Errc::invalid_argument);
    r.prompt = "pop";
    r.duration_s = 2;
    EXPECT_FALSE(engine().generate(r));
    r.duration_s = 30;
    r.key = "H major";
    EXPECT_FALSE(engine().generate(r));
    r.key.reset();
    r.time_signature = "7/5";
    EXPECT_FALSE(engine().generate(r));
}

}  // namespace
}  // namespace omg::engine
