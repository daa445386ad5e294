// Our fast meters against the reference, libebur128.
#include <gtest/gtest.h>

#include <algorithm>

#include "master/levels.h"
#include "master/master.h"
#include "master/power_profile.h"
#include "master/true_peak.h"
#include "signals.h"

namespace omg::master {
namespace {

using namespace testing;

TEST(PowerProfile, AgreesWithLibebur128) {
    std::vector<model::Pcm> cases;
    cases.push_back(music(12, 0.3));
    cases.push_back(music(12, 0.3, 48000));
    cases.push_back(noise_bursts(8));
    cases.push_back(sine(5, 60, 0.5, 1));
    cases.push_back(sine(5, 8000, 0.5));
    for (const model::Pcm& pcm : cases) {
        auto reference = measure(pcm);
        ASSERT_TRUE(reference);
        EXPECT_NEAR(PowerProfile(pcm).integrated_lufs(), reference->integrated_lufs, 0.02);
    }
}

// A loudness range to measure: the music in 8 s steps of 0, -6, -12 and -3 dB.
model::Pcm stepped_music(double seconds) {
    model::Pcm pcm = music(seconds, 0.3);
    const double steps[] = {0, -6, -12, -3};
    for (size_t n = 0; n < pcm.frames(); ++n) {
        const double t = static_cast<double>(n) / pcm.sample_rate;
        const auto g = static_cast<float>(from_db(steps[static_cast<size_t>(t / 8.0) % 4]));
        pcm.samples[2 * n] *= g;
        pcm.samples[2 * n + 1] *= g;
    }
    return pcm;
}

TEST(PowerProfile, LoudnessRangeAgreesWithLibebur128) {
    for (const model::Pcm& pcm : {stepped_music(48), music(12, 0.3)}) {
        auto reference = measure(pcm);
        ASSERT_TRUE(reference);
        // libebur128 reads the short-term loudness once a second, we every 100 ms (Tech 3342).
        EXPECT_NEAR(PowerProfile(pcm).loudness_range_lu(), reference->loudness_range_lu, 0.6);
    }
    EXPECT_GT(PowerProfile(stepped_music(48)).loudness_range_lu(), 6.0);
    EXPECT_LT(PowerProfile(music(12, 0.3)).loudness_range_lu(), 1.0);
    // A static gain moves every window alike: the range stays.
    const PowerProfile profile(stepped_music(48));
    EXPECT_NEAR(profile.loudness_range_lu(3.0), profile.loudness_range_lu(), 1e-9);
    EXPECT_EQ(PowerProfile(sine(2, 440, 0.5)).loudness_range_lu(), 0.0);  // shorter than 3 s
}

TEST(PowerProfile, GainShiftsLoudnessByItsDecibels) {
    const PowerProfile profile(music(8, 0.3));
    const double base = profile.integrated_lufs();
    EXPECT_NEAR(profile.integrated_lufs(2.0), base + to_db(2.0), 1e-6);
    std::vector<float> half(8 * 44100, 0.5f);
    EXPECT_NEAR(profile.integrated_lufs(1.0, half), base + to_db(0.5), 1e-6);
}

TEST(PowerProfile, SilenceAndTooShortAreMinusInfinity) {
    EXPECT_TRUE(std::isinf(PowerProfile(silence(3)).integrated_lufs()));
    EXPECT_TRUE(std::isinf(PowerProfile(sine(0.3, 440, 0.5)).integrated_lufs()));
}

TEST(TruePeak, AgreesWithLibebur128) {
    const TruePeak meter;
    std::vector<model::Pcm> cases;
    cases.push_back(sine(2, 11025, 0.5, 2, 44100, std::numbers::pi / 4));  // +3 dB between samples
    cases.push_back(sine(2, 997, 0.5));
    cases.push_back(music(5, 0.3));
    cases.push_back(sine_and_clicks(3));
    cases.push_back(white_noise(3, 0.5));
    for (const model::Pcm& pcm : cases) {
        auto reference = measure(pcm);
        ASSERT_TRUE(reference);
        const auto peaks = meter.frame_peaks(pcm, 0.0f);
        const double ours = to_db(*std::max_element(peaks.begin(), peaks.end()));
        EXPECT_NEAR(ours, reference->true_peak_dbtp, 0.15);
    }
}

TEST(TruePeak, SeesPeaksBetweenSamples) {
    const TruePeak meter;
    const model::Pcm pcm = sine(1, 11025, 0.5, 2, 44100, std::numbers::pi / 4);
    float sample_peak = 0;
    for (float v : pcm.samples) sample_peak = std::max(sample_peak, std::fabs(v));
    EXPECT_NEAR(sample_peak, 0.3536, 1e-3);
    const auto peaks = meter.frame_peaks(pcm, 0.0f);
    EXPECT_NEAR(*std::max_element(peaks.begin(), peaks.end()), 0.5, 0.01);
}

TEST(TruePeak, FloorSkipsOnlyWhatCannotReachIt) {
    const TruePeak meter;
    const model::Pcm pcm = music(5, 0.3);
    const auto exact = meter.frame_peaks(pcm, 0.0f);
    const float floor = 0.2f;
    const auto fast = meter.frame_peaks(pcm, floor);
    for (size_t n = 0; n < exact.size(); ++n) {
        if (exact[n] > floor) {
            ASSERT_EQ(fast[n], exact[n]) << n;
        } else {
            ASSERT_LE(fast[n], floor) << n;
        }
    }
}

}  // namespace
}  // namespace omg::master
