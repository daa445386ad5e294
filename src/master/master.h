// Mastering: loudness normalisation to a target (EBU R128 integrated loudness), a true-peak
// look-ahead limiter (never hard clipping), fades, and exact length.
//
// Order: fades, then one static gain to the target, then a stereo-linked look-ahead limiter
// (~1.8 ms linear attack, 80 ms release) on 4x-oversampled peaks, aiming 0.3 dB under the
// ceiling; if limiting cost more than 0.3 LU the gain is raised and the limiter rerun. master()
// meters with its own BS.1770 loudness and true-peak code (~70 ms per minute of stereo), held
// by the tests to libebur128, which measure() uses (~250 ms per minute: true peak is costly).
// Deterministic; operates in place; thread-safe for distinct buffers.
#pragma once

#include <vector>

#include "core/result.h"
#include "model/pcm.h"

namespace omg::master {

struct MasterOptions {
    double target_lufs = -14.0;
    double ceiling_dbtp = -1.0;   // true-peak ceiling
    double fade_in_s = 0.0;
    double fade_out_s = 0.0;      // the track's last seconds fade to silence
    double end_fade_s = 0.015;    // always: a click-free end
};

struct Loudness {
    double integrated_lufs = -70;
    double true_peak_dbtp = -70;
    double loudness_range_lu = 0;  // EBU Tech 3342 (in MasterReport: `after` only)
};

struct MasterReport {
    Loudness before;              // after the fades, before any gain
    Loudness after;
    double gain_db = 0;           // the static gain applied before the limiter
};

// Errors: invalid_argument (empty or silent audio, bad channel count).
Result<Loudness> measure(const model::Pcm& pcm);
// Integrated loudness (LUFS) by master()'s own fast meter (~70 ms per minute of stereo, within
// a few hundredths of a LU of measure()); -infinity for silence or under 0.4 s.
double integrated_lufs(const model::Pcm& pcm);
// Masters `pcm` in place. `companions` (stems) get the same gain and limiter gain curve, so
// they keep summing to the mix.
Result<MasterReport> master(model::Pcm& pcm, const MasterOptions& options,
                            std::vector<model::Pcm*> companions = {});

}  // namespace omg::master
