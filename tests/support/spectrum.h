// Spectra of rendered audio for the tests that hold the mix's tone and the seams of loops: a
// Hann-windowed magnitude spectrum of the mono sum at a position (FFTW, a plan per window size),
// and the share of a frequency band in a whole track's power (Welch's average of such windows),
// the way an engineer reads a spectrum analyser: "the sub bass sits 18 dB under the whole".
// Not thread-safe (FFTW's planner is not): each test thread makes its own SpectrumMeter.
#pragma once

#include <fftw3.h>

#include <cmath>
#include <cstddef>
#include <memory>
#include <numbers>
#include <type_traits>
#include <vector>

#include "model/pcm.h"

namespace omg::testing {

class SpectrumMeter {
public:
    explicit SpectrumMeter(size_t window)
        : window_(window),
          in_(static_cast<double*>(fftw_malloc(sizeof(double) * window))),
          out_(static_cast<fftw_complex*>(fftw_malloc(sizeof(fftw_complex) * (window / 2 + 1)))),
          plan_(fftw_plan_dft_r2c_1d(static_cast<int>(window), in_.get(), out_.get(), FFTW_ESTIMATE)),
          hann_(window) {
        for (size_t i = 0; i < window; ++i)
            hann_[i] = 0.5 - 0.5 * std::cos(2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(window));
    }

    size_t window() const { return window_; }

    // Magnitudes of bins 0 .. window/2 - 1 of the mono sum of frames [start, start + window).
    std::vector<double> magnitudes(const model::Pcm& pcm, size_t start) {
        load(pcm, start);
        fftw_execute(plan_.get());
        std::vector<double> mag(window_ / 2);
        for (size_t k = 0; k < mag.size(); ++k) mag[k] = std::hypot(out_.get()[k][0], out_.get()[k][1]);
        return mag;
    }

    // Power per bin averaged over the whole track (windows overlapping by half).
    std::vector<double> average_power(const model::Pcm& pcm) {
        const size_t frames = pcm.samples.size() / static_cast<size_t>(pcm.channels);
        std::vector<double> power(window_ / 2, 0.0);
        size_t windows = 0;
        for (size_t start = 0; start + window_ <= frames; start += window_ / 2, ++windows) {
            load(pcm, start);
            fftw_execute(plan_.get());
            for (size_t k = 0; k < power.size(); ++k)
                power[k] += out_.get()[k][0] * out_.get()[k][0] + out_.get()[k][1] * out_.get()[k][1];
        }
        if (windows > 0)
            for (double& p : power) p /= static_cast<double>(windows);
        return power;
    }

    // The band [lo_hz, hi_hz)'s share of the track's power from 20 Hz up, in dB (0: all of it).
    double band_share_db(const model::Pcm& pcm, double lo_hz, double hi_hz) {
        return band_share_db(average_power(pcm), pcm.sample_rate, lo_hz, hi_hz);
    }
    double band_share_db(const std::vector<double>& power, int sample_rate, double lo_hz, double hi_hz) const {
        const double bin_hz = static_cast<double>(sample_rate) / static_cast<double>(window_);
        double band = 0, total = 0;
        for (size_t k = 0; k < power.size(); ++k) {
            const double hz = static_cast<double>(k) * bin_hz;
            if (hz < 20) continue;
            total += power[k];
            if (hz >= lo_hz && hz < hi_hz) band += power[k];
        }
        if (total <= 0) return -HUGE_VAL;
        return band <= 0 ? -HUGE_VAL : 10 * std::log10(band / total);
    }

private:
    void load(const model::Pcm& pcm, size_t start) {
        const auto ch = static_cast<size_t>(pcm.channels);
        for (size_t i = 0; i < window_; ++i) {
            double m = 0;
            for (size_t c = 0; c < ch; ++c) m += pcm.samples[(start + i) * ch + c];
            in_.get()[i] = m * hann_[i];
        }
    }

    struct FreeMemory {
        void operator()(void* p) const { fftw_free(p); }
    };
    struct DestroyPlan {
        void operator()(fftw_plan p) const { fftw_destroy_plan(p); }
    };

    size_t window_;
    std::unique_ptr<double, FreeMemory> in_;
    std::unique_ptr<fftw_complex, FreeMemory> out_;
    std::unique_ptr<std::remove_pointer_t<fftw_plan>, DestroyPlan> plan_;
    std::vector<double> hann_;
};

}  // namespace omg::testing
