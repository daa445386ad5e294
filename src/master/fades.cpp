#include "master/fades.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace omg::master {
namespace {

// Raised cosine from 0 (i = 0) towards 1 (i = length): smooth at both ends, no click.
float ramp(size_t i, size_t length) {
    const double t = static_cast<double>(i) / static_cast<double>(length);
    return static_cast<float>(0.5 - 0.5 * std::cos(std::numbers::pi * t));
}

size_t frames_of(double seconds, const model::Pcm& pcm) {
    if (!(seconds > 0)) return 0;
    const double frames = std::ceil(seconds * pcm.sample_rate);
    return static_cast<size_t>(std::min(frames, static_cast<double>(pcm.frames())));
}

}  // namespace

void apply_fades(model::Pcm& pcm, double in_s, double out_s) {
    const size_t frames = pcm.frames();
    const auto channels = static_cast<size_t>(pcm.channels);
    const size_t fade_in = frames_of(in_s, pcm);
    for (size_t n = 0; n < fade_in; ++n) {
        const float g = ramp(n, fade_in);
        for (size_t c = 0; c < channels; ++c) pcm.samples[n * channels + c] *= g;
    }
    // The last frame lands on zero gain.
    const size_t fade_out = frames_of(out_s, pcm);
    for (size_t i = 0; i < fade_out; ++i) {
        const size_t n = frames - 1 - i;
        const float g = ramp(i, fade_out);
        for (size_t c = 0; c < channels; ++c) pcm.samples[n * channels + c] *= g;
    }
}

}  // namespace omg::master
