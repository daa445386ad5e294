// Look-ahead peak limiter gain curve: stereo-linked, never clipping.
//
// Given per-frame peak levels, computes a smooth gain curve g[n] <= threshold / (static_gain *
// peak[n]) for every frame: the gain starts falling before a peak (a linear ramp over the
// look-ahead, so no click) and recovers exponentially afterwards. The curve is computed on a
// 16-frame grid and interpolated linearly, with the grid points bounded by both blocks they
// span, so the guarantee holds for every frame at a fraction of the per-frame cost.
// Pure; deterministic.
#pragma once

#include <span>
#include <vector>

namespace omg::master {

struct LimiterSettings {
    int lookahead_frames = 66;  // ~1.5 ms at 44.1 kHz (rounded up to whole 16-frame blocks)
    double release_s = 0.08;
    int sample_rate = 44100;
};

// Empty when no frame needs limiting (the gain is 1 throughout).
std::vector<float> limiter_gain(std::span<const float> peaks, double static_gain,
                                double threshold, const LimiterSettings& settings);

}  // namespace omg::master
