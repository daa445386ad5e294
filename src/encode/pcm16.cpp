#include "encode/pcm16.h"

#include <algorithm>
#include <cmath>

namespace omg::encode {
namespace {

constexpr uint32_t kDitherSeed = 0x4f4d4721;  // "OMG!"

// xorshift32: tiny, fast, and fully determined by the seed.
class Dither {
public:
    float next_lsb() {  // triangular in (-1, 1) LSB: the sum of two uniforms of +-0.5 LSB
        return uniform() + uniform();
    }

private:
    float uniform() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 17;
        state_ ^= state_ << 5;
        return static_cast<float>(state_ >> 8) * (1.0f / 16777216.0f) - 0.5f;
    }
    uint32_t state_ = kDitherSeed;
};

}  // namespace

std::vector<int16_t> to_pcm16(std::span<const float> samples) {
    std::vector<int16_t> out(samples.size());
    Dither dither;
    for (size_t i = 0; i < samples.size(); ++i) {
        const float v = samples[i];
        if (v == 0.0f) continue;
        const float scaled = std::nearbyint(v * 32768.0f + dither.next_lsb());
        out[i] = static_cast<int16_t>(std::clamp(scaled, -32768.0f, 32767.0f));
    }
    return out;
}

}  // namespace omg::encode
