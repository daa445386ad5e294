// PowerProfile: a signal's K-weighted power per frame (ITU-R BS.1770-4), kept so that the
// gated integrated loudness of the signal under any per-frame gain costs one cheap pass.
// That lets master() re-measure after limiting without filtering the audio again.
//
// Agrees with libebur128's integrated loudness to within a few hundredths of a LU, and its
// loudness range to within a few tenths (it takes a short-term reading every second, this every 100 ms) (same filter,
// 400 ms blocks every 100 ms, -70 LUFS absolute and -10 LU relative gates). Channels weigh 1.
#pragma once

#include <span>
#include <vector>

#include "model/pcm.h"

namespace omg::master {

class PowerProfile {
public:
    explicit PowerProfile(const model::Pcm& pcm);

    // Integrated loudness of (static_gain * gain[n] * signal) in LUFS; -infinity when nothing
    // passes the gates (silence, or shorter than one 400 ms block). An empty `gain` means 1.
    double integrated_lufs(double static_gain = 1.0, std::span<const float> gain = {}) const;
    // Loudness range (EBU Tech 3342) of the same signal in LU: the spread between the 10th and
    // 95th percentiles of its short-term loudness (3 s windows every 100 ms, gated at -70 LUFS
    // and 20 LU under their mean); 0 when shorter than one window or silent.
    double loudness_range_lu(double static_gain = 1.0, std::span<const float> gain = {}) const;

private:
    // Energy (sum of power) of each whole 100 ms quarter under the gains.
    std::vector<double> quarter_energy(double static_gain, std::span<const float> gain) const;
    std::vector<float> power_;  // sum over channels of the squared K-weighted sample
    int block_frames_ = 0;      // 100 ms
};

}  // namespace omg::master
