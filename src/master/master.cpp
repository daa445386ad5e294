#include "master/master.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "master/fades.h"
#include "master/levels.h"
#include "master/limiter.h"
#include "master/power_profile.h"
#include "master/true_peak.h"

namespace omg::master {
namespace {

// The limiter aims this far below the ceiling: our true-peak meter and libebur128's differ by
// up to ~0.1 dB on real material, and the limiter's gain changes move inter-sample peaks by a
// few thousandths of a dB.
constexpr double kLimiterMarginDb = 0.3;
// Limiting lowers loudness; the static gain is raised again while the result is this far short.
constexpr double kLoudnessToleranceLu = 0.3;
constexpr int kMaxBoosts = 3;
constexpr double kMaxBoostDb = 9.0;
// Input peaks are oversampled only where a gain this far above the current one could bring
// them to the limiter; a larger boost measures again.
constexpr double kPeakHeadroomDb = 3.0;
constexpr double kLookaheadS = 0.0015;
constexpr double kReleaseS = 0.08;

Status check(const model::Pcm& pcm, const MasterOptions& options,
             const std::vector<model::Pcm*>& companions) {
    if (pcm.channels < 1 || pcm.channels > 2) {
        return fail(Errc::invalid_argument, "audio must be mono or stereo");
    }
    if (pcm.sample_rate < 8000 || pcm.sample_rate > 384000) {
        return fail(Errc::invalid_argument, "unsupported sample rate");
    }
    if (pcm.frames() == 0) return fail(Errc::invalid_argument, "the audio is empty");
    if (!std::isfinite(options.target_lufs) || options.target_lufs < -60 ||
        options.target_lufs > -3) {
        return fail(Errc::invalid_argument, "the loudness target must be between -60 and -3 LUFS");
    }
    if (!std::isfinite(options.ceiling_dbtp) || options.ceiling_dbtp < -20 ||
        options.ceiling_dbtp > 0) {
        return fail(Errc::invalid_argument, "the true-peak ceiling must be between -20 and 0 dBTP");
    }
    for (double s : {options.fade_in_s, options.fade_out_s, options.end_fade_s}) {
        if (!std::isfinite(s) || s < 0) {
            return fail(Errc::invalid_argument, "fade lengths must be zero or positive");
        }
    }
    for (const model::Pcm* c : companions) {
        if (c == nullptr || c->frames() != pcm.frames() || c->sample_rate != pcm.sample_rate) {
            return fail(Errc::invalid_argument, "stems must match the mix in length and rate");
        }
    }
    return {};
}

// The largest |sample|, or NaN if any sample is not finite: one pass for both questions.
// Written as eight independent lanes so that the compiler vectorises it.
float sample_peak_of(const model::Pcm& pcm) {
    constexpr size_t kLanes = 8;
    float peak[kLanes] = {};
    float poison[kLanes] = {};  // stays 0 unless a sample is infinite or NaN (x - x is NaN)
    const float* x = pcm.samples.data();
    const size_t size = pcm.samples.size();
    const size_t whole = size / kLanes * kLanes;
    for (size_t i = 0; i < whole; i += kLanes) {
        for (size_t j = 0; j < kLanes; ++j) {
            const float a = std::fabs(x[i + j]);
            peak[j] = peak[j] < a ? a : peak[j];
            poison[j] += a - a;
        }
    }
    float result = 0;
    float bad = 0;
    for (size_t i = whole; i < size; ++i) {
        const float a = std::fabs(x[i]);
        result = result < a ? a : result;
        bad += a - a;
    }
    for (size_t j = 0; j < kLanes; ++j) {
        result = result < peak[j] ? peak[j] : result;
        bad += poison[j];
    }
    return std::isnan(bad) ? std::numeric_limits<float>::quiet_NaN() : result;
}

// max over n of peaks[n] * curve[n] (curve empty: 1), in vectorisable lanes.
float limited_peak(const std::vector<float>& peaks, const std::vector<float>& curve) {
    if (curve.empty()) return *std::max_element(peaks.begin(), peaks.end());
    constexpr size_t kLanes = 8;
    float lane[kLanes] = {};
    const size_t whole = peaks.size() / kLanes * kLanes;
    for (size_t i = 0; i < whole; i += kLanes) {
        for (size_t j = 0; j < kLanes; ++j) {
            const float v = peaks[i + j] * curve[i + j];
            lane[j] = lane[j] < v ? v : lane[j];
        }
    }
    float result = 0;
    for (size_t i = whole; i < peaks.size(); ++i) result = std::max(result, peaks[i] * curve[i]);
    for (float v : lane) result = std::max(result, v);
    return result;
}

void apply_gain(model::Pcm& pcm, double static_gain, const std::vector<float>& curve) {
    const auto channels = static_cast<size_t>(pcm.channels);
    const auto g = static_cast<float>(static_gain);
    if (curve.empty()) {
        for (float& v : pcm.samples) v *= g;
        return;
    }
    const size_t frames = pcm.frames();
    for (size_t n = 0; n < frames; ++n) {
        const float frame_gain = g * curve[n];
        for (size_t c = 0; c < channels; ++c) pcm.samples[n * channels + c] *= frame_gain;
    }
}

}  // namespace

double integrated_lufs(const model::Pcm& pcm) {
    if (pcm.channels < 1 || pcm.frames() == 0) return -std::numeric_limits<double>::infinity();
    return PowerProfile(pcm).integrated_lufs();
}

Result<MasterReport> master(model::Pcm& pcm, const MasterOptions& options,
                            std::vector<model::Pcm*> companions) {
    if (auto ok = check(pcm, options, companions); !ok) return tl::unexpected(ok.error());
    const float input_peak = sample_peak_of(pcm);
    if (std::isnan(input_peak)) {
        return fail(Errc::invalid_argument, "the audio contains invalid samples");
    }

    // Fades first, so that loudness is measured on what will be heard.
    const double fade_out = std::max(options.fade_out_s, options.end_fade_s);
    apply_fades(pcm, options.fade_in_s, fade_out);
    for (model::Pcm* c : companions) apply_fades(*c, options.fade_in_s, fade_out);

    const PowerProfile profile(pcm);
    MasterReport report;
    report.before.integrated_lufs = profile.integrated_lufs();
    if (!std::isfinite(report.before.integrated_lufs)) {
        return fail(Errc::invalid_argument, "the audio is silent or too short to master");
    }

    const double target = options.target_lufs;
    const double first_gain = from_db(target - report.before.integrated_lufs);
    const double max_gain = first_gain * from_db(kMaxBoostDb);
    const double threshold = from_db(options.ceiling_dbtp - kLimiterMarginDb);

    // Per-frame true peaks of the input. Frames that gains up to `peaks_cover` cannot push
    // into the limiter, and that cannot hold the loudest peak, keep their cheap sample peak.
    // (The input peak was taken before the fades: if a fade lowered the loudest peak,
    // "before" may read that region's sample peak; limiting is unaffected.)
    const TruePeak meter;
    double peaks_cover = 0;
    std::vector<float> peaks;
    auto measure_peaks = [&](double gain) {
        peaks_cover = std::min(max_gain, gain * from_db(kPeakHeadroomDb));
        const double floor = std::min<double>(input_peak, threshold / peaks_cover);
        peaks = meter.frame_peaks(pcm, static_cast<float>(floor));
    };
    measure_peaks(first_gain);
    report.before.true_peak_dbtp = to_db(*std::max_element(peaks.begin(), peaks.end()));

    const LimiterSettings settings{static_cast<int>(std::lround(kLookaheadS * pcm.sample_rate)),
                                   kReleaseS, pcm.sample_rate};
    double gain = first_gain;
    std::vector<float> curve;
    for (int boosts = 0;; ++boosts) {
        if (gain > peaks_cover) measure_peaks(gain);
        curve = limiter_gain(peaks, gain, threshold, settings);
        const double loudness = profile.integrated_lufs(gain, curve);
        if (loudness < target - kLoudnessToleranceLu && boosts < kMaxBoosts && gain < max_gain) {
            gain = std::min(max_gain, gain * from_db(target - loudness));
            continue;
        }
        report.after.integrated_lufs = loudness;
        report.after.loudness_range_lu = profile.loudness_range_lu(gain, curve);
        break;
    }
    // The output's true peaks: the input's, scaled by the gain at each frame.
    report.after.true_peak_dbtp = to_db(gain * limited_peak(peaks, curve));
    report.gain_db = to_db(gain);

    apply_gain(pcm, gain, curve);
    for (model::Pcm* c : companions) apply_gain(*c, gain, curve);
    return report;
}

}  // namespace omg::master
