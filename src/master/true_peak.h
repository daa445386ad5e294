// True-peak detection: 4x oversampled peak levels (ITU-R BS.1770-4 Annex 2 style), per frame.
//
// Interpolation is a 48-tap windowed-sinc polyphase filter. Regions whose sample peaks prove
// (by the filter's worst-case gain) that they cannot reach a level of interest are not
// oversampled, which makes detection on typical music several times cheaper than a full pass.
// Pure; thread-safe.
#pragma once

#include <span>
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

    // The largest true peak of (static_gain * gain[n] * pcm), linear. `gain` empty means 1.
    // `input_peaks`, if given, is frame_peaks(pcm, f) for some floor f <= the answer: where
    // `gain` is 1 the result is read from it instead of being oversampled again.
    float max_peak(const model::Pcm& pcm, float static_gain, std::span<const float> gain,
                   std::span<const float> input_peaks = {}) const;

private:
    static constexpr int kPhases = 4;
    static constexpr int kTaps = 12;  // per phase: 6 samples either side

    template <typename Skip, typename Emit>
    void scan(const model::Pcm& pcm, float static_gain, std::span<const float> gain,
              const float& floor, Skip&& skip, Emit&& emit) const;

    float coefficients_[kPhases - 1][kTaps] = {};
    float worst_gain_ = 1;  // max over phases of the sum of |coefficient|
};

}  // namespace omg::master
