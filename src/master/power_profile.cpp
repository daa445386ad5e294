#include "master/power_profile.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace omg::master {
namespace {

struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

// The two K-weighting stages of BS.1770, designed for any sample rate from the analogue
// prototype parameters (the standard gives 48 kHz coefficients only).
Biquad shelving_stage(double rate) {
    const double f0 = 1681.974450955533;
    const double gain_db = 3.999843853973347;
    const double q = 0.7071752369554196;
    const double k = std::tan(std::numbers::pi * f0 / rate);
    const double vh = std::pow(10.0, gain_db / 20.0);
    const double vb = std::pow(vh, 0.4996667741545416);
    const double a0 = 1.0 + k / q + k * k;
    return {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0,
            2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
}

Biquad highpass_stage(double rate) {
    const double f0 = 38.13547087602444;
    const double q = 0.5003270373238773;
    const double k = std::tan(std::numbers::pi * f0 / rate);
    const double a0 = 1.0 + k / q + k * k;
    return {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
}

// Direct form II transposed state for one channel through both stages.
struct KState {
    double s1 = 0, s2 = 0, h1 = 0, h2 = 0;

    double step(const Biquad& sh, const Biquad& hp, double x) {
        const double y = sh.b0 * x + s1;
        s1 = sh.b1 * x - sh.a1 * y + s2;
        s2 = sh.b2 * x - sh.a2 * y;
        const double z = hp.b0 * y + h1;
        h1 = hp.b1 * y - hp.a1 * z + h2;
        h2 = hp.b2 * y - hp.a2 * z;
        return z;
    }
};

double lufs(double mean_power) { return -0.691 + 10.0 * std::log10(mean_power); }

}  // namespace

PowerProfile::PowerProfile(const model::Pcm& pcm)
    : power_(pcm.frames()), block_frames_((pcm.sample_rate + 5) / 10) {
    const Biquad sh = shelving_stage(pcm.sample_rate);
    const Biquad hp = highpass_stage(pcm.sample_rate);
    const size_t frames = pcm.frames();
    const float* x = pcm.samples.data();
    if (pcm.channels == 2) {
        // Both channels in one loop: two independent recursions keep the CPU busy.
        KState left, right;
        for (size_t n = 0; n < frames; ++n) {
            const double l = left.step(sh, hp, x[2 * n]);
            const double r = right.step(sh, hp, x[2 * n + 1]);
            power_[n] = static_cast<float>(l * l + r * r);
        }
        return;
    }
    const auto channels = static_cast<size_t>(pcm.channels);
    for (size_t c = 0; c < channels; ++c) {
        KState state;
        for (size_t n = 0; n < frames; ++n) {
            const double y = state.step(sh, hp, x[n * channels + c]);
            power_[n] += static_cast<float>(y * y);
        }
    }
}

double PowerProfile::integrated_lufs(double static_gain, std::span<const float> gain) const {
    const size_t quarter = static_cast<size_t>(block_frames_);
    const size_t quarters = quarter > 0 ? power_.size() / quarter : 0;
    if (quarters < 4) return -std::numeric_limits<double>::infinity();

    std::vector<double> energy(quarters);
    for (size_t q = 0; q < quarters; ++q) {
        double sum = 0;
        const size_t begin = q * quarter;
        if (gain.empty()) {
            for (size_t n = begin; n < begin + quarter; ++n) sum += power_[n];
        } else {
            for (size_t n = begin; n < begin + quarter; ++n) {
                sum += static_cast<double>(power_[n]) * gain[n] * gain[n];
            }
        }
        energy[q] = sum * static_gain * static_gain;
    }
    // 400 ms gating blocks overlapping by 75 %: four consecutive 100 ms quarters.
    std::vector<double> blocks;
    blocks.reserve(quarters - 3);
    for (size_t q = 0; q + 3 < quarters; ++q) {
        const double e = energy[q] + energy[q + 1] + energy[q + 2] + energy[q + 3];
        blocks.push_back(e / static_cast<double>(4 * quarter));
    }
    auto gated_mean = [&](double threshold_lufs) {
        double sum = 0;
        size_t count = 0;
        for (double b : blocks) {
            if (b > 0 && lufs(b) > threshold_lufs) {
                sum += b;
                ++count;
            }
        }
        return count > 0 ? sum / static_cast<double>(count) : 0.0;
    };
    const double absolute = gated_mean(-70.0);
    if (absolute <= 0) return -std::numeric_limits<double>::infinity();
    const double relative = gated_mean(lufs(absolute) - 10.0);
    return relative > 0 ? lufs(relative) : -std::numeric_limits<double>::infinity();
}

}  // namespace omg::master
