#include "encode/pcm16.h"

#include <algorithm>
#include <cmath>

namespace omg::encode {
namespace {

// xorshift32: tiny, fast, and fully determined by the seed.
float uniform(uint32_t& state) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return static_cast<float>(state >> 8) * (1.0f / 16777216.0f) - 0.5f;
}

}  // namespace

void Pcm16Converter::convert(std::span<const float> samples, int16_t* out) {
    for (size_t i = 0; i < samples.size(); ++i) {
        const float v = samples[i];
        if (v == 0.0f) {
            out[i] = 0;
            continue;
        }
        // Triangular in (-1, 1) LSB: the sum of two uniforms of +-0.5 LSB.
        const float lsb = uniform(state_);
        const float dither = lsb + uniform(state_);
        const float scaled = std::nearbyint(v * 32768.0f + dither);
        out[i] = static_cast<int16_t>(std::clamp(scaled, -32768.0f, 32767.0f));
    }
}

std::vector<int16_t> to_pcm16(std::span<const float> samples) {
    std::vector<int16_t> out(samples.size());
    Pcm16Converter converter;
    converter.convert(samples, out.data());
    return out;
}

}  // namespace omg::encode
