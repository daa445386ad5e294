#include "master/limiter.h"

#include <gtest/gtest.h>

#include <cmath>

namespace omg::master {
namespace {

TEST(Limiter, NoCurveWhenNothingExceedsTheThreshold) {
    std::vector<float> peaks(1000, 0.5f);
    EXPECT_TRUE(limiter_gain(peaks, 1.0, 0.9, {}).empty());
    EXPECT_FALSE(limiter_gain(peaks, 2.0, 0.9, {}).empty());
}

TEST(Limiter, CurveKeepsEveryPeakUnderTheThresholdAndMovesSmoothly) {
    std::vector<float> peaks(20000, 0.3f);
    peaks[5000] = 2.0f;                                     // one spike
    for (size_t n = 12000; n < 12400; ++n) peaks[n] = 1.2f;  // a loud passage
    const LimiterSettings settings;
    const auto gain = limiter_gain(peaks, 1.5, 0.9, settings);
    ASSERT_EQ(gain.size(), peaks.size());
    float biggest_step = 0;
    for (size_t n = 0; n < peaks.size(); ++n) {
        ASSERT_LE(1.5 * gain[n] * peaks[n], 0.9 * (1 + 1e-6)) << n;
        ASSERT_GT(gain[n], 0.0f);
        ASSERT_LE(gain[n], 1.0f);
        if (n > 0) biggest_step = std::max(biggest_step, std::fabs(gain[n] - gain[n - 1]));
    }
    // The deepest reduction (0.3) is reached over the look-ahead, not in one step.
    EXPECT_LT(biggest_step, 1.0f / static_cast<float>(settings.lookahead_frames) + 1e-4f);
    EXPECT_EQ(gain[0], 1.0f);                               // untouched far from peaks
    EXPECT_LT(gain[5000 - 10], 1.0f);                       // look-ahead: already falling
    EXPECT_NEAR(gain[5000], 0.9f / 3.0f, 1e-4f);            // exactly at the threshold
    // Exponential release (80 ms): a reduction to 0.3 recovers to ~1 - 0.7/e after 80 ms.
    EXPECT_NEAR(gain[5000 + 3528], 1.0f - 0.7f / std::exp(1.0f), 0.02f);
    EXPECT_GT(gain[5000 + 6000], gain[5000 + 3528]);
}

TEST(Limiter, PeakRightAtTheStartIsAlsoHeld) {
    std::vector<float> peaks(5000, 0.2f);
    peaks[3] = 1.0f;
    peaks[40] = 1.5f;
    const auto gain = limiter_gain(peaks, 1.0, 0.5, {});
    ASSERT_EQ(gain.size(), peaks.size());
    for (size_t n = 0; n < peaks.size(); ++n) ASSERT_LE(gain[n] * peaks[n], 0.5f * (1 + 1e-6f)) << n;
}

TEST(Limiter, RandomPeaksNeverExceedTheThreshold) {
    std::vector<float> peaks(100000);
    uint32_t state = 12345;
    for (float& p : peaks) {
        state = state * 1664525u + 1013904223u;
        const float u = static_cast<float>(state >> 8) / 16777216.0f;
        p = u < 0.01f ? 1.0f + 3.0f * u * 100.0f : 0.5f * u;
    }
    for (int lookahead : {1, 7, 66, 200}) {
        LimiterSettings settings;
        settings.lookahead_frames = lookahead;
        const auto gain = limiter_gain(peaks, 2.0, 0.9, settings);
        ASSERT_EQ(gain.size(), peaks.size());
        for (size_t n = 0; n < peaks.size(); ++n) {
            ASSERT_LE(2.0 * gain[n] * peaks[n], 0.9 * (1 + 1e-6)) << lookahead << " @" << n;
        }
    }
}

}  // namespace
}  // namespace omg::master
