// PowerProfile: a signal's K-weighted power per frame (ITU-R BS.1770-4), kept so that the
// gated integrated loudness of the signal under any per-frame gain costs one cheap pass.
// That lets master() re-measure after limiting without filtering the audio again.
//
// Agrees with libebur128's integrated loudness to within a few hundredths of a LU (same filter,
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

private:
    std::vector<float> power_;  // sum over channels of the squared K-weighted sample
    int block_frames_ = 0;      // 100 ms
};

}  // namespace omg::master
