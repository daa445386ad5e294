#include "master/true_peak.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <thread>

namespace omg::master {
namespace {

constexpr size_t kChunk = 256;  // frames decided together: oversample or not
constexpr int kHalf = 6;        // taps either side of the interpolated point
constexpr size_t kParallelChunks = 64;  // from about 0.4 s of audio, two threads share the work

double sinc(double t) {
    if (std::fabs(t) < 1e-12) return 1.0;
    const double x = std::numbers::pi * t;
    return std::sin(x) / x;
}

}  // namespace

TruePeak::TruePeak() {
    // Phase p interpolates at n + p/4 from x[n-5] .. x[n+6]; a Hann-windowed sinc, each phase
    // normalised to unity gain at DC.
    for (int p = 1; p < kPhases; ++p) {
        const double frac = static_cast<double>(p) / kPhases;
        double sum = 0;
        double abs_sum = 0;
        std::array<double, kTaps> h{};
        for (int k = 0; k < kTaps; ++k) {
            const double t = frac - static_cast<double>(k - (kHalf - 1));
            const double window = 0.5 * (1.0 + std::cos(std::numbers::pi * t / kHalf));
            h[static_cast<size_t>(k)] = sinc(t) * window;
            sum += h[static_cast<size_t>(k)];
        }
        for (int k = 0; k < kTaps; ++k) {
            coefficients_[p - 1][k] = static_cast<float>(h[static_cast<size_t>(k)] / sum);
            abs_sum += std::fabs(h[static_cast<size_t>(k)] / sum);
        }
        worst_gain_ = std::max(worst_gain_, static_cast<float>(abs_sum));
    }
}

std::vector<float> TruePeak::frame_peaks(const model::Pcm& pcm, float floor) const {
    const size_t frames = pcm.frames();
    const auto channels = static_cast<size_t>(pcm.channels);
    const float* x = pcm.samples.data();
    std::vector<float> peaks(frames);
    // The chunks are independent: the second half of them runs on a helper thread.
    auto chunks = [&](size_t first, size_t last) {
        // kChunk + 1 points are needed; kPoints rounds that up for whole vector lengths.
        constexpr size_t kPoints = kChunk + 8;
        constexpr size_t kSpan = kPoints + kTaps;
        std::vector<float> planar(channels * kSpan);
        std::array<float, kPoints> between{};
        for (size_t start = first; start < last; start += kChunk) {
            const size_t count = std::min(frames, start + kChunk) - start;
            // Planar copy of the chunk plus the frames around it that the filter reaches (zeros
            // past the ends), and its sample peak.
            float sample_peak = 0;
            for (size_t i = 0; i < kSpan; ++i) {
                const auto n = static_cast<std::ptrdiff_t>(start + i) - kHalf;
                const bool inside = n >= 0 && static_cast<size_t>(n) < frames;
                for (size_t c = 0; c < channels; ++c) {
                    const float v = inside ? x[static_cast<size_t>(n) * channels + c] : 0.0f;
                    planar[c * kSpan + i] = v;
                    sample_peak = std::max(sample_peak, std::fabs(v));
                }
            }
            // Points between frames start+i-1 and start+i, if they can matter.
            between.fill(0.0f);
            if (sample_peak * worst_gain_ > floor) {
                for (size_t c = 0; c < channels; ++c) {
                    // Those points use frames start+i-6 .. start+i+5, which begin at row index i.
                    // One phase for the whole chunk at a time, eight points at once with their sums
                    // in registers across all taps: the compiler makes vector code of it.
                    const float* row = planar.data() + c * kSpan;
                    for (int p = 0; p < kPhases - 1; ++p) {
                        const float* h = coefficients_[p];
                        for (size_t i = 0; i < kPoints; i += 8) {
                            float sum[8] = {};
                            for (int k = 0; k < kTaps; ++k) {
                                for (size_t j = 0; j < 8; ++j) sum[j] += row[i + j + static_cast<size_t>(k)] * h[k];
                            }
                            for (size_t j = 0; j < 8; ++j) between[i + j] = std::max(between[i + j], std::fabs(sum[j]));
                        }
                    }
                }
            }
            for (size_t i = 0; i < count; ++i) {
                float peak = std::max(between[i], between[i + 1]);
                for (size_t c = 0; c < channels; ++c) {
                    peak = std::max(peak, std::fabs(planar[c * kSpan + kHalf + i]));
                }
                peaks[start + i] = peak;
            }
        }
    };
    const size_t total_chunks = (frames + kChunk - 1) / kChunk;
    const size_t split = total_chunks >= kParallelChunks ? total_chunks / 2 * kChunk : frames;
    {
        std::jthread helper;
        if (split < frames) helper = std::jthread([&] { chunks(split, frames); });
        chunks(0, split);
    }
    return peaks;
}

}  // namespace omg::master
