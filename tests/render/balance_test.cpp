// The balance and the stereo image of rendered parts (issue 10), measured on the audio.
#include "render/balance.h"

#include <gtest/gtest.h>

#include <cmath>

#include "render/render.h"
#include "support/mix_meter.h"
#include "test_scores.h"

namespace omg::render {
namespace {

RenderOptions options(bool stems) {
    RenderOptions o;
    o.soundfont = OMG_TEST_SOUNDFONT;
    o.stems = stems;
    return o;
}

// Six seconds at 120 qpm: a vibraphone tune over electric-piano chords, at equal volumes and
// velocities. FluidR3's vibraphone sounds some 15 dB under its electric piano.
model::Score vibes_over_keys() {
    model::Score s = testing::small_score();
    s.duration_s = 6.0;
    model::Track lead;
    lead.name = "Vibraphone";
    lead.role = "lead";
    lead.program = 11;
    const int tune[] = {67, 69, 71, 72, 74, 72, 71, 69, 67, 64};
    for (int i = 0; i < 10; ++i) lead.notes.push_back({i * 480, 440, tune[i], 90});
    model::Track keys;
    keys.name = "Electric piano";
    keys.role = "chords";
    keys.program = 4;
    keys.channel = 1;
    for (int bar = 0; bar < 3; ++bar) {
        for (const int key : {53, 57, 60, 64}) keys.notes.push_back({bar * 1920, 1900, key, 90});
    }
    s.tracks = {lead, keys};
    return s;
}

TEST(Balance, TheLeadSitsOverTheCompingWhateverTheSoundFontsLevels) {
    auto balanced = render(vibes_over_keys(), options(true));
    RenderOptions raw = options(true);
    raw.balance = false;
    auto unbalanced = render(vibes_over_keys(), raw);
    ASSERT_TRUE(balanced && unbalanced);
    const double lead = omg::testing::integrated_lufs(balanced->stems[0].pcm);
    const double keys = omg::testing::integrated_lufs(balanced->stems[1].pcm);
    EXPECT_GT(lead - keys, 1.5) << lead << " " << keys;  // the role's +3.5 dB, give or take
    EXPECT_LT(lead - keys, 6.5) << lead << " " << keys;
    // Left to the SoundFont, the tune is buried.
    const double raw_lead = omg::testing::integrated_lufs(unbalanced->stems[0].pcm);
    const double raw_keys = omg::testing::integrated_lufs(unbalanced->stems[1].pcm);
    EXPECT_LT(raw_lead - raw_keys, -6) << raw_lead << " " << raw_keys;
}

TEST(Balance, RolesOrderTheLevels) {
    EXPECT_GT(model::role_level_db("lead"), model::role_level_db("chords") + 2.9);
    EXPECT_LT(model::role_level_db("lead"), model::role_level_db("chords") + 6.1);
    EXPECT_NEAR(model::role_level_db("bass"), model::role_level_db("chords"), 3);
    EXPECT_NEAR(model::role_level_db("drums"), model::role_level_db("chords"), 3);
    EXPECT_LE(model::role_level_db("pad"), model::role_level_db("chords") - 6);
    EXPECT_GE(model::role_level_db("pad"), model::role_level_db("chords") - 10);
}

TEST(Balance, IsTheSameFromTheCacheAndTrimsMoveAPart) {
    const model::Score score = vibes_over_keys();
    auto first = balance(score, OMG_TEST_SOUNDFONT, 44100);
    auto again = balance(score, OMG_TEST_SOUNDFONT, 44100);
    ASSERT_TRUE(first && again);
    ASSERT_EQ(first->size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
        EXPECT_EQ((*first)[i].volume, (*again)[i].volume);
        EXPECT_EQ((*first)[i].loudness_db, (*again)[i].loudness_db);
    }
    // The loudest part needed gets CC7 127; a 6 dB trim on the other lowers it by ~6 dB.
    model::Score trimmed = score;
    trimmed.tracks[1].level_db = -6;
    auto t = balance(trimmed, OMG_TEST_SOUNDFONT, 44100);
    ASSERT_TRUE(t);
    const double db = 40 * std::log10(double((*t)[1].volume) / (*first)[1].volume);
    EXPECT_NEAR(db, -6, 1.0);
}

TEST(Balance, MissingSoundFontIsNotFound) {
    auto b = balance(vibes_over_keys(), "/nonexistent/omg.sf2", 44100);
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code, Errc::not_found);
}

// FluidR3's grand piano is a stereo pair recorded with spaced microphones, and FluidSynth's
// chorus returns ten times its natural width, mostly out of phase: a chorused, reverberant
// piano chord part used to measure -0.4 L/R correlation and lose 5 dB in mono.
TEST(StereoImage, AChorusedStereoPianoStaysMonoCompatible) {
    model::Score s = testing::small_score();
    s.duration_s = 5.0;
    model::Track piano;
    piano.name = "Piano";
    piano.role = "chords";
    piano.program = 0;
    piano.chorus = 127;
    piano.reverb = 100;
    for (int beat = 0; beat < 8; ++beat) {
        for (const int key : {48, 55, 64, 67, 72, 79}) piano.notes.push_back({beat * 480, 460, key, 100});
    }
    s.tracks = {piano};
    auto out = render(s, options(false));
    ASSERT_TRUE(out);
    EXPECT_GE(omg::testing::lr_correlation(out->mix), 0.4);
    EXPECT_LT(omg::testing::mono_loss_db(out->mix), 2.0);
}

TEST(StereoImage, AHardPannedPartKeepsBothChannels) {
    model::Score s = testing::small_score();
    s.tracks = {testing::piano_scale()};
    s.tracks[0].program = 24;  // nylon guitar, a mono sample
    s.tracks[0].pan = 0;       // hard left
    s.tracks[0].reverb = 40;
    auto out = render(s, options(false));
    ASSERT_TRUE(out);
    EXPECT_GE(omg::testing::lr_correlation(out->mix), 0.5);
}

}  // namespace
}  // namespace omg::render
