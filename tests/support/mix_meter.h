// Measurements of a mix as an engineer reads it, for the tests that hold the balance and the
// stereo image (issue 10): integrated loudness (EBU R128, by libebur128, independent of the
// renderer's own level estimates), the L/R correlation and the loss when summed to mono.
// Pure functions of the audio; thread-safe.
#pragma once

#include <ebur128.h>

#include <cmath>
#include <memory>

#include "model/pcm.h"

namespace omg::testing {

// Integrated loudness in LUFS; -inf for silence (below the absolute gate).
inline double integrated_lufs(const model::Pcm& pcm) {
    struct Free {
        void operator()(ebur128_state* s) const { ebur128_destroy(&s); }
    };
    std::unique_ptr<ebur128_state, Free> st(
        ebur128_init(static_cast<unsigned>(pcm.channels), static_cast<unsigned long>(pcm.sample_rate),
                     EBUR128_MODE_I));
    if (!st) return -HUGE_VAL;
    ebur128_add_frames_float(st.get(), pcm.samples.data(), pcm.samples.size() / 2);
    double lufs = -HUGE_VAL;
    if (ebur128_loudness_global(st.get(), &lufs) != EBUR128_SUCCESS) return -HUGE_VAL;
    return lufs;
}

// Pearson correlation of left and right over the whole buffer (1: mono, 0: unrelated,
// -1: out of phase). 1 for digital silence.
inline double lr_correlation(const model::Pcm& pcm) {
    double ll = 0, rr = 0, lr = 0;
    for (size_t i = 0; i + 1 < pcm.samples.size(); i += 2) {
        const double l = pcm.samples[i], r = pcm.samples[i + 1];
        ll += l * l;
        rr += r * r;
        lr += l * r;
    }
    if (ll <= 0 || rr <= 0) return ll <= 0 && rr <= 0 ? 1.0 : 0.0;
    return lr / std::sqrt(ll * rr);
}

// How much quieter (dB) the mono sum (L+R)/2 is than the stereo signal's mean channel power.
// 0 for a centred mono source, 3 dB for unrelated channels, more when out of phase.
inline double mono_loss_db(const model::Pcm& pcm) {
    double stereo = 0, mono = 0;
    for (size_t i = 0; i + 1 < pcm.samples.size(); i += 2) {
        const double l = pcm.samples[i], r = pcm.samples[i + 1];
        stereo += (l * l + r * r) / 2;
        mono += (l + r) * (l + r) / 4;
    }
    if (stereo <= 0) return 0;
    return mono <= 0 ? HUGE_VAL : 10 * std::log10(stereo / mono);
}

}  // namespace omg::testing
