// True-peak detection: 4x oversampled peak levels (ITU-R BS.1770-4 Annex 2 style), per frame.
//
// Interpolation is a 48-tap windowed-sinc polyphase filter (like libebur128's, within ~0.1 dB).
// 256-frame chunks whose sample peaks prove, by the filter's worst-case gain, that they cannot
// reach a level of interest are not oversampled (quiet passages, fades). A full pass costs
// ~35 ms per minute of stereo. Pure; thread-safe.
#pragma once

#include <vector>

#include "model/pcm.h"

namespace omg::master {

class TruePeak {
public:
    TruePeak();

    // Per-frame peak over channels of |pcm|, including the interpolated points on either side of
    // the frame. Exact (oversampled) wherever the result may exceed `floor`; elsewhere the
    // sample peak, which is then known to be <= the true peak <= floor.
    std::vector<float> frame_peaks(const model::Pcm& pcm, float floor) const;

private:
    static constexpr int kPhases = 4;
    static constexpr int kTaps = 12;  // per phase: 6 samples either side

    float coefficients_[kPhases - 1][kTaps] = {};
    float worst_gain_ = 1;  // max over phases of the sum of |coefficient|
};

}  // namespace omg::master
