// measure(): the reference meter, libebur128. master() uses its own faster meters
// (power_profile.h, true_peak.h), which the tests hold to this one.
#include <algorithm>
#include <cmath>
#include <memory>

#include <ebur128.h>

#include "master/levels.h"
#include "master/master.h"

namespace omg::master {
namespace {

struct StateDeleter {
    void operator()(ebur128_state* state) const { ebur128_destroy(&state); }
};
using StatePtr = std::unique_ptr<ebur128_state, StateDeleter>;

}  // namespace

Result<Loudness> measure(const model::Pcm& pcm) {
    if (pcm.channels < 1 || pcm.channels > 2) {
        return fail(Errc::invalid_argument, "audio must be mono or stereo");
    }
    if (pcm.sample_rate < 8000 || pcm.sample_rate > 384000) {
        return fail(Errc::invalid_argument, "unsupported sample rate");
    }
    if (pcm.frames() == 0) return fail(Errc::invalid_argument, "the audio is empty");
    StatePtr state(ebur128_init(static_cast<unsigned>(pcm.channels),
                                static_cast<unsigned long>(pcm.sample_rate),
                                EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK));
    if (!state) return fail(Errc::internal, "cannot create a loudness meter");
    if (ebur128_add_frames_float(state.get(), pcm.samples.data(), pcm.frames()) != EBUR128_SUCCESS) {
        return fail(Errc::internal, "the loudness meter failed");
    }
    Loudness out;
    double peak = 0;
    for (unsigned c = 0; c < static_cast<unsigned>(pcm.channels); ++c) {
        double channel_peak = 0;
        if (ebur128_true_peak(state.get(), c, &channel_peak) != EBUR128_SUCCESS) {
            return fail(Errc::internal, "the true-peak meter failed");
        }
        peak = std::max(peak, channel_peak);
    }
    if (ebur128_loudness_global(state.get(), &out.integrated_lufs) != EBUR128_SUCCESS ||
        !std::isfinite(out.integrated_lufs)) {
        return fail(Errc::invalid_argument, "the audio is silent or too short to measure");
    }
    if (ebur128_loudness_range(state.get(), &out.loudness_range_lu) != EBUR128_SUCCESS) {
        return fail(Errc::internal, "the loudness range meter failed");
    }
    out.true_peak_dbtp = to_db(peak);
    return out;
}

}  // namespace omg::master
