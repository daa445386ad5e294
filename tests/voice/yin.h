// A small YIN pitch tracker (de Cheveigne & Kawahara 2002) for the singing tests.
#pragma once

#include <vector>

namespace omg::voice::test {

struct PitchFrame {
    double time_s = 0;  // the window's centre
    double hz = 0;      // 0 when unvoiced
};

// f0 every `hop_s` of mono audio, searched between min_hz and max_hz.
std::vector<PitchFrame> track_pitch(const std::vector<float>& mono, int sample_rate,
                                    double hop_s = 0.005, double min_hz = 100,
                                    double max_hz = 1200);

}  // namespace omg::voice::test
