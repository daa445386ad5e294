#include "voice/yin.h"

#include <cmath>

namespace omg::voice::test {

std::vector<PitchFrame> track_pitch(const std::vector<float>& x, int rate, double hop_s,
                                    double min_hz, double max_hz) {
    const auto tau_min = static_cast<size_t>(rate / max_hz);
    const auto tau_max = static_cast<size_t>(rate / min_hz) + 1;
    const size_t window = tau_max + 64;
    constexpr double kThreshold = 0.15, kVoiced = 0.3, kSilence = 1e-4;  // -40 dBFS power
    std::vector<PitchFrame> out;
    std::vector<double> d(tau_max + 2);
    for (size_t f = 0;; ++f) {
        const double centre = static_cast<double>(f) * hop_s;
        const auto c = static_cast<int64_t>(std::llround(centre * rate));
        const int64_t start = c - static_cast<int64_t>(window / 2);
        if (start + static_cast<int64_t>(window + tau_max) > static_cast<int64_t>(x.size())) break;
        PitchFrame pf{centre, 0};
        if (start < 0) {
            out.push_back(pf);
            continue;
        }
        const float* w = x.data() + start;
        double power = 0;
        for (size_t i = 0; i < window; ++i) power += double(w[i]) * w[i];
        if (power / static_cast<double>(window) < kSilence * kSilence * 100) {
            out.push_back(pf);
            continue;
        }
        double running = 0;
        d[0] = 1;
        for (size_t tau = 1; tau <= tau_max; ++tau) {
            double s = 0;
            for (size_t i = 0; i < window; ++i) {
                const double diff = double(w[i]) - w[i + tau];
                s += diff * diff;
            }
            running += s;
            d[tau] = running > 0 ? s * static_cast<double>(tau) / running : 1;
        }
        size_t best = 0;
        for (size_t tau = tau_min; tau < tau_max; ++tau) {
            if (d[tau] < kThreshold) {
                while (tau + 1 < tau_max && d[tau + 1] < d[tau]) ++tau;
                best = tau;
                break;
            }
        }
        if (best == 0) {  // no dip under the threshold: the global minimum, if low enough
            for (size_t tau = tau_min; tau < tau_max; ++tau) {
                if (best == 0 || d[tau] < d[best]) best = tau;
            }
            if (d[best] > kVoiced) best = 0;
        }
        if (best > 0) {
            double shift = 0;
            const double a = d[best - 1], b = d[best], cc = d[best + 1];
            const double den = a - 2 * b + cc;
            if (std::abs(den) > 1e-12) shift = 0.5 * (a - cc) / den;
            pf.hz = rate / (static_cast<double>(best) + shift);
        }
        out.push_back(pf);
    }
    return out;
}

}  // namespace omg::voice::test
