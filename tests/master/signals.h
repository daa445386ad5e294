// Deterministic synthetic test signals for the master tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "model/pcm.h"

namespace omg::master::testing {

inline constexpr double kTwoPi = 2.0 * std::numbers::pi;

class Noise {
public:
    explicit Noise(uint32_t seed) : state_(seed) {}
    float next() {  // uniform in [-1, 1)
        state_ = state_ * 1664525u + 1013904223u;
        return static_cast<float>(state_ >> 8) / 8388608.0f - 1.0f;
    }

private:
    uint32_t state_;
};

inline model::Pcm silence(double seconds, int channels = 2, int rate = 44100) {
    const auto frames = static_cast<size_t>(seconds * rate);
    return model::Pcm(rate, channels, std::vector<float>(frames * static_cast<size_t>(channels)));
}

inline model::Pcm sine(double seconds, double hz, double amplitude, int channels = 2,
                       int rate = 44100, double phase = 0) {
    model::Pcm pcm = silence(seconds, channels, rate);
    for (size_t n = 0; n < pcm.frames(); ++n) {
        const auto v = static_cast<float>(amplitude * std::sin(kTwoPi * hz * static_cast<double>(n) / rate + phase));
        for (int c = 0; c < channels; ++c) pcm.samples[n * static_cast<size_t>(channels) + static_cast<size_t>(c)] = v;
    }
    return pcm;
}

// Chords of decaying harmonic tones with a bass line and noisy hi-hats: music-like crest factor.
inline model::Pcm music(double seconds, double level, int rate = 44100) {
    model::Pcm pcm = silence(seconds, 2, rate);
    Noise noise(7);
    const double roots[] = {130.81, 110.0, 174.61, 196.0};
    for (size_t n = 0; n < pcm.frames(); ++n) {
        const double t = static_cast<double>(n) / rate;
        const double root = roots[static_cast<int>(t / 2.0) % 4];
        const double beat = std::fmod(t, 0.5);
        const double env = std::exp(-beat * 6.0);
        double v = 0;
        for (double ratio : {1.0, 1.25, 1.5, 2.0}) {
            for (int h = 1; h <= 4; ++h) v += 0.12 / h * std::sin(kTwoPi * root * ratio * h * t);
        }
        v += 0.5 * env * std::sin(kTwoPi * root / 2 * t);
        const double hat = std::exp(-std::fmod(t, 0.25) * 60.0) * 0.3 * noise.next();
        pcm.samples[2 * n] = static_cast<float>(level * (v + hat));
        pcm.samples[2 * n + 1] = static_cast<float>(level * (0.9 * v - hat));
    }
    return pcm;
}

inline model::Pcm white_noise(double seconds, double amplitude, uint32_t seed = 1) {
    model::Pcm pcm = silence(seconds);
    Noise noise(seed);
    for (float& v : pcm.samples) v = static_cast<float>(amplitude) * noise.next();
    return pcm;
}

// 150 ms bursts of loud noise every second, near silence between.
inline model::Pcm noise_bursts(double seconds) {
    model::Pcm pcm = silence(seconds);
    Noise noise(3);
    for (size_t n = 0; n < pcm.frames(); ++n) {
        const double t = static_cast<double>(n) / pcm.sample_rate;
        const float amp = std::fmod(t, 1.0) < 0.15 ? 0.9f : 0.001f;
        pcm.samples[2 * n] = amp * noise.next();
        pcm.samples[2 * n + 1] = amp * noise.next();
    }
    return pcm;
}

// A quiet sine with full-scale single-sample clicks four times a second.
inline model::Pcm sine_and_clicks(double seconds) {
    model::Pcm pcm = sine(seconds, 440, 0.03);
    for (size_t n = 1000; n < pcm.frames(); n += static_cast<size_t>(pcm.sample_rate / 4)) {
        pcm.samples[2 * n] = 1.0f;
        pcm.samples[2 * n + 1] = -1.0f;
    }
    return pcm;
}

}  // namespace omg::master::testing
