#include "master/true_peak.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace omg::master {
namespace {

constexpr size_t kChunk = 256;  // frames decided together: oversample or not
constexpr int kHalf = 6;        // taps either side of the interpolated point

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

// Walks the signal chunk by chunk and calls emit(frame, peak) for every frame of every chunk
// that skip(start, end) rejects, where peak covers the frame's samples and the interpolated
// points between it and both neighbours. `floor` may rise while scanning (it is read for each
// chunk).
template <typename Skip, typename Emit>
void TruePeak::scan(const model::Pcm& pcm, float static_gain, std::span<const float> gain,
                    const float& floor, Skip&& skip, Emit&& emit) const {
    const size_t frames = pcm.frames();
    const auto channels = static_cast<size_t>(pcm.channels);
    const float* x = pcm.samples.data();
    // kChunk + 1 points are needed; kPoints rounds that up for whole vector lengths.
    constexpr size_t kPoints = kChunk + 8;
    constexpr size_t kSpan = kPoints + kTaps;
    std::vector<float> planar(channels * kSpan);
    std::array<float, kPoints> between{};

    for (size_t start = 0; start < frames; start += kChunk) {
        const size_t end = std::min(frames, start + kChunk);
        if (skip(start, end)) continue;
        // Planar, gained copy of the chunk plus kHalf frames either side (zeros past the ends).
        float sample_peak = 0;
        for (size_t i = 0; i < kSpan; ++i) {
            const auto n = static_cast<std::ptrdiff_t>(start + i) - kHalf;
            const bool inside = n >= 0 && static_cast<size_t>(n) < frames;
            const float g = !inside ? 0.0f
                            : gain.empty() ? static_gain
                                           : static_gain * gain[static_cast<size_t>(n)];
            for (size_t c = 0; c < channels; ++c) {
                const float v = inside ? x[static_cast<size_t>(n) * channels + c] * g : 0.0f;
                planar[c * kSpan + i] = v;
                sample_peak = std::max(sample_peak, std::fabs(v));
            }
        }
        const size_t count = end - start;
        if (sample_peak * worst_gain_ <= floor) {
            for (size_t i = 0; i < count; ++i) {
                float peak = 0;
                for (size_t c = 0; c < channels; ++c) {
                    peak = std::max(peak, std::fabs(planar[c * kSpan + kHalf + i]));
                }
                emit(start + i, peak);
            }
            continue;
        }
        // between[i]: the largest interpolated value between frames start+i-1 and start+i. The
        // points of one phase for the whole chunk are accumulated tap by tap: independent sums
        // over a fixed length, which the compiler turns into vector code.
        between.fill(0.0f);
        for (size_t c = 0; c < channels; ++c) {
            // Points between frames start+i-1 and start+i use frames start+i-6 .. start+i+5,
            // which begin at row index i.
            const float* row = planar.data() + c * kSpan;
            for (int p = 0; p < kPhases - 1; ++p) {
                const float* h = coefficients_[p];
                // Eight points at a time, their sums held in registers across all taps.
                for (size_t i = 0; i < kPoints; i += 8) {
                    float sum[8] = {};
                    for (int k = 0; k < kTaps; ++k) {
                        for (size_t j = 0; j < 8; ++j) sum[j] += row[i + j + static_cast<size_t>(k)] * h[k];
                    }
                    for (size_t j = 0; j < 8; ++j) between[i + j] = std::max(between[i + j], std::fabs(sum[j]));
                }
            }
        }
        for (size_t i = 0; i < count; ++i) {
            float peak = std::max(between[i], between[i + 1]);
            for (size_t c = 0; c < channels; ++c) {
                peak = std::max(peak, std::fabs(planar[c * kSpan + kHalf + i]));
            }
            emit(start + i, peak);
        }
    }
}

std::vector<float> TruePeak::frame_peaks(const model::Pcm& pcm, float floor) const {
    std::vector<float> peaks(pcm.frames());
    scan(pcm, 1.0f, {}, floor, [](size_t, size_t) { return false; },
         [&](size_t n, float peak) { peaks[n] = peak; });
    return peaks;
}

float TruePeak::max_peak(const model::Pcm& pcm, float static_gain, std::span<const float> gain,
                         std::span<const float> input_peaks) const {
    const size_t frames = pcm.frames();
    float best = 0;
    // Where the gain is 1 around a chunk, its peaks are the input's, scaled.
    auto known = [&](size_t start, size_t end) {
        if (input_peaks.size() != frames) return false;
        if (!gain.empty()) {
            const auto half = static_cast<size_t>(kHalf);
            const size_t from = start >= half ? start - half : 0;
            const size_t to = std::min(frames, end + half);
            for (size_t n = from; n < to; ++n) {
                if (gain[n] != 1.0f) return false;
            }
        }
        for (size_t n = start; n < end; ++n) best = std::max(best, static_gain * input_peaks[n]);
        return true;
    };
    // Known chunks first, so that the floor is as high as possible for the rest: only chunks
    // that could beat the largest peak found so far need oversampling.
    std::vector<bool> done((frames + kChunk - 1) / kChunk);
    for (size_t start = 0, c = 0; start < frames; start += kChunk, ++c) {
        done[c] = known(start, std::min(frames, start + kChunk));
    }
    scan(pcm, static_gain, gain, best, [&](size_t start, size_t) { return done[start / kChunk]; },
         [&](size_t, float peak) { best = std::max(best, peak); });
    return best;
}

}  // namespace omg::master
