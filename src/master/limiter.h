// Look-ahead peak limiter gain curve: stereo-linked, never clipping.
//
// Given per-frame peak levels, computes a smooth gain curve g[n] <= threshold / (static_gain *
// peak[n]) for every frame: the gain starts falling `lookahead` frames before a peak (a linear
// ramp, so no click) and recovers exponentially afterwards. Pure; deterministic.
#pragma once

#include <span>
#include <vector>

namespace omg::master {

struct LimiterSettings {
    int lookahead_frames = 66;  // ~1.5 ms at 44.1 kHz
    double release_s = 0.08;
    int sample_rate = 44100;
};

// Empty when no frame needs limiting (the gain is 1 throughout).
std::vector<float> limiter_gain(std::span<const float> peaks, double static_gain,
                                double threshold, const LimiterSettings& settings);

}  // namespace omg::master
