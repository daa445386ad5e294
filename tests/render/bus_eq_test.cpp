#include "render/bus_eq.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace omg::render {
namespace {

model::Pcm sine(double hz, double seconds = 2.0, int rate = 44100) {
    std::vector<float> samples(static_cast<size_t>(seconds * rate) * 2);
    for (size_t i = 0; i < samples.size() / 2; ++i) {
        const auto v = static_cast<float>(0.25 * std::sin(2 * std::numbers::pi * hz * static_cast<double>(i) / rate));
        samples[2 * i] = v;
        samples[2 * i + 1] = v;
    }
    return model::Pcm(rate, 2, std::move(samples));
}

// Gain in dB of the EQ at `hz`, over the second half (past the filters' start-up).
double gain_db(const model::MixSpec& mix, double hz) {
    model::Pcm in = sine(hz);
    model::Pcm out = in.clone();
    apply_bus_eq(mix, out);
    double a = 0, b = 0;
    for (size_t i = in.samples.size() / 2; i < in.samples.size(); ++i) {
        a += double(in.samples[i]) * in.samples[i];
        b += double(out.samples[i]) * out.samples[i];
    }
    return 10 * std::log10(b / a);
}

TEST(BusEq, SubShelfLiftsTheSubBassAndLeavesTheMids) {
    model::MixSpec mix;
    mix.sub_db = 5;
    EXPECT_NEAR(gain_db(mix, 35), 5, 1.0);
    EXPECT_NEAR(gain_db(mix, 1000), 0, 0.3);
}

TEST(BusEq, PresenceBellTamesTwoToFiveKilohertz) {
    model::MixSpec mix;
    mix.presence_db = -4;
    EXPECT_NEAR(gain_db(mix, 3200), -4, 0.3);
    EXPECT_LT(gain_db(mix, 2000), -2);
    EXPECT_LT(gain_db(mix, 5000), -2);
    EXPECT_NEAR(gain_db(mix, 150), 0, 0.3);
}

TEST(BusEq, AirShelfBrightensTheTop) {
    model::MixSpec mix;
    mix.air_db = -3;
    EXPECT_NEAR(gain_db(mix, 14000), -3, 0.6);
    EXPECT_NEAR(gain_db(mix, 300), 0, 0.2);
}

TEST(BusEq, FlatSettingsLeaveTheAudioUntouched) {
    model::Pcm in = sine(440);
    model::Pcm out = in.clone();
    apply_bus_eq(model::MixSpec{}, out);
    EXPECT_TRUE(in.samples == out.samples);
}

}  // namespace
}  // namespace omg::render
