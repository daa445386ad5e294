// Delivery loudness presets (model/loudness.h) on rendered music: every preset lands within
// 0.5 LU of its target with its true peak at or under its ceiling, measured by the reference
// meter (libebur128), for a few styles of different dynamics; and each part's reported
// loudness is its stem's.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/engine.h"
#include "engine/json.h"
#include "master/master.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

struct Case {
    model::LoudnessPreset preset;
    const char* prompt;
};

std::string name_of(const ::testing::TestParamInfo<Case>& info) {
    std::string prompt = info.param.prompt;
    for (char& c : prompt)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return std::string(model::loudness_name(info.param.preset)) + "_" + prompt;
}

class Preset : public ::testing::TestWithParam<Case> {};

TEST_P(Preset, MeetsItsTargetAndCeilingOnRenderedAudio) {
    Request r;
    r.prompt = GetParam().prompt;
    r.duration_s = 8;
    r.seed = 7;
    r.loudness = GetParam().preset;
    auto song = testing::test_engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    const model::LoudnessTarget target = model::loudness_target(GetParam().preset);
    auto measured = master::measure(song->audio);
    ASSERT_TRUE(measured);
    EXPECT_NEAR(measured->integrated_lufs, target.integrated_lufs, 0.5);
    EXPECT_LE(measured->true_peak_dbtp, target.ceiling_dbtp + 1e-6);
    // What the song reports is what the reference meter reads.
    EXPECT_EQ(song->loudness, GetParam().preset);
    EXPECT_NEAR(song->integrated_lufs, measured->integrated_lufs, 0.05);
    EXPECT_NEAR(song->true_peak_dbtp, measured->true_peak_dbtp, 0.2);
    // On 8 s the range rests on a few 3 s windows (libebur128 takes one a second, the master ten),
    // so only its sanity is checked here; tests/master/meters_test.cpp compares it on longer audio.
    EXPECT_GE(song->loudness_range_lu, 0.0);
    EXPECT_LT(song->loudness_range_lu, 15.0);
    const auto j = loudness_json(*song);
    EXPECT_EQ(j["preset"], std::string(model::loudness_name(GetParam().preset)));
    EXPECT_EQ(j["target_lufs"], target.integrated_lufs);
    // The recipe regenerates it with the same preset.
    ASSERT_TRUE(song->recipe.loudness);
    EXPECT_NE(song->recipe.command_line().find(" --loudness " + std::string(model::loudness_name(GetParam().preset))),
              std::string::npos);
}

std::vector<Case> cases() {
    std::vector<Case> out;
    for (model::LoudnessPreset p : model::kLoudnessPresets)
        for (const char* prompt : {"energetic pop", "calm ambient pads", "upbeat circus march"})
            out.push_back({p, prompt});
    return out;
}

INSTANTIATE_TEST_SUITE_P(Presets, Preset, ::testing::ValuesIn(cases()), name_of);

TEST(Loudness, ShowPresetGivesEveryCueTheSameLoudness) {
    double first = 0;
    for (const char* prompt : {"tense cinematic strings", "happy ukulele jingle", "slow blues"}) {
        Request r;
        r.prompt = prompt;
        r.duration_s = 8;
        r.seed = 3;
        r.loudness = model::LoudnessPreset::show;
        auto song = testing::test_engine().generate(r);
        ASSERT_TRUE(song) << song.error().message;
        auto measured = master::measure(song->audio);
        ASSERT_TRUE(measured);
        if (first == 0) first = measured->integrated_lufs;
        EXPECT_NEAR(measured->integrated_lufs, first, 0.6) << prompt;
    }
}

TEST(Loudness, UnsetIsStreamingAndLeavesTheRecipeAsBefore) {
    Request r;
    r.prompt = "energetic pop";
    r.duration_s = 6;
    r.seed = 7;
    auto song = testing::test_engine().generate(r);
    ASSERT_TRUE(song);
    EXPECT_EQ(song->loudness, model::LoudnessPreset::streaming);
    EXPECT_FALSE(song->recipe.loudness);
    EXPECT_EQ(song->recipe.command_line().find("--loudness"), std::string::npos);
}

TEST(Parts, ListEveryTrackAndMeasureEachStem) {
    Request r;
    r.prompt = "energetic pop";
    r.duration_s = 8;
    r.seed = 7;
    r.stems = true;
    auto song = testing::test_engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    ASSERT_EQ(song->parts.size(), song->score.tracks.size());
    std::vector<std::string> files;
    for (size_t i = 0; i < song->stems.size(); ++i) files.push_back("stem-" + std::to_string(i));
    const auto j = parts_json(*song, files);
    ASSERT_EQ(j.size(), song->parts.size());
    for (size_t i = 0; i < song->parts.size(); ++i) {
        const Part& p = song->parts[i];
        const model::Track& t = song->score.tracks[i];
        SCOPED_TRACE(p.name);
        EXPECT_EQ(p.name, t.name);
        EXPECT_EQ(p.program, t.program);
        EXPECT_EQ(p.role, t.role);
        ASSERT_TRUE(p.stem);
        EXPECT_EQ(song->stems[*p.stem].name, t.name);
        ASSERT_TRUE(p.loudness_lufs);
        auto reference = master::measure(song->stems[*p.stem].pcm);
        ASSERT_TRUE(reference);
        EXPECT_NEAR(*p.loudness_lufs, reference->integrated_lufs, 0.05);
        EXPECT_EQ(j[i]["stem"], files[*p.stem]);
        EXPECT_EQ(j[i]["role"], t.role);
    }
    // Without stems the parts are listed, with no stem and no loudness.
    r.stems = false;
    auto plain = testing::test_engine().generate(r);
    ASSERT_TRUE(plain);
    ASSERT_EQ(plain->parts.size(), song->parts.size());
    for (const Part& p : plain->parts) {
        EXPECT_FALSE(p.stem);
        EXPECT_FALSE(p.loudness_lufs);
    }
}

}  // namespace
}  // namespace omg::engine
