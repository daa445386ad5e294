#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "voice/voice.h"

namespace omg::voice {
namespace {

constexpr int kRate = 44100;

// A mono take: a 220 Hz tone in [a, b) seconds, silence elsewhere.
void tone(std::vector<float>& x, double a, double b) {
    const auto start = static_cast<size_t>(a * kRate);
    for (size_t i = start; i < static_cast<size_t>(b * kRate) && i < x.size(); ++i)
        x[i] = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 220 * static_cast<double>(i - start) / kRate));
}

double peak(const std::vector<float>& x, double a, double b) {
    double p = 0;
    for (auto i = static_cast<size_t>(a * kRate); i < static_cast<size_t>(b * kRate) && i < x.size(); ++i)
        p = std::max(p, static_cast<double>(std::abs(x[i])));
    return p;
}

model::MixSpec hall() {
    model::MixSpec mix;
    mix.reverb_room = 0.6;
    mix.reverb_level = 0.8;
    mix.reverb_width = 0.9;
    return mix;
}

TEST(VocalChain, SilenceStaysSilentAndTheReverbTailRunsOutBeforeTheNextLine) {
    std::vector<float> take(static_cast<size_t>(30.0 * kRate), 0.0f);
    tone(take, 2.0, 3.0);
    tone(take, 20.0, 21.0);
    const model::Pcm wet = produce(model::Pcm(kRate, 1, take), hall());
    ASSERT_EQ(wet.frames(), take.size());
    auto side = [&](int c) {
        std::vector<float> v(wet.frames());
        for (size_t i = 0; i < v.size(); ++i) v[i] = wet.samples[2 * i + static_cast<size_t>(c)];
        return v;
    };
    for (int c = 0; c < 2; ++c) {
        const auto s = side(c);
        EXPECT_EQ(peak(s, 0.0, 2.0), 0.0) << "nothing before the first note";
        EXPECT_GT(peak(s, 3.2, 3.5), 1e-3) << "the reverb rings on after the line";
        EXPECT_EQ(peak(s, 17.0, 20.0), 0.0) << "the tail has run out and the silence is silent";
    }
    // Once the tail has run out, the second line sounds exactly as it would on its own.
    std::vector<float> alone(static_cast<size_t>(12.0 * kRate), 0.0f);
    tone(alone, 2.0, 3.0);
    const model::Pcm fresh = produce(model::Pcm(kRate, 1, alone), hall());
    const size_t shift = static_cast<size_t>(18.0 * kRate) * 2;
    for (size_t i = static_cast<size_t>(2.0 * kRate) * 2; i < fresh.samples.size(); ++i)
        ASSERT_EQ(wet.samples[i + shift], fresh.samples[i]) << "frame " << i / 2;
}

}  // namespace
}  // namespace omg::voice
