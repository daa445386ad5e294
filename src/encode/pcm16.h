// Float -> 16-bit conversion with TPDF dither from a fixed seed: the same Pcm always gives the
// same integers. Digital silence (exact zeros) stays silent, so quiet intros stay clean and
// compress well in FLAC.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace omg::encode {

std::vector<int16_t> to_pcm16(std::span<const float> samples);

// The same conversion a block at a time: converting a file's samples in consecutive blocks
// gives exactly what to_pcm16 gives for all of them at once (the dither carries on).
class Pcm16Converter {
public:
    // `out` holds samples.size() values.
    void convert(std::span<const float> samples, int16_t* out);

private:
    uint32_t state_ = 0x4f4d4721;  // "OMG!"
};

}  // namespace omg::encode
