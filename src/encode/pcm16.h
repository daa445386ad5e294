// Float -> 16-bit conversion with TPDF dither from a fixed seed: the same Pcm always gives the
// same integers. Digital silence (exact zeros) stays silent, so quiet intros stay clean and
// compress well in FLAC.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace omg::encode {

std::vector<int16_t> to_pcm16(std::span<const float> samples);

}  // namespace omg::encode
