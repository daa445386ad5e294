// The voice's vocoder: per-frame minimum-phase spectra from mel-cepstra, excited pulse by pulse.
#include "voice/pulse_vocoder.h"

#include <fftw3.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <mutex>
#include <numbers>

#include "core/rng.h"

namespace omg::voice::detail {
namespace {

constexpr int kFft = 1024;  // 32 ms at 32 kHz: a vocal tract's response has died away by then
constexpr int kBins = kFft / 2 + 1;
using Complex = std::complex<double>;

std::mutex& planner_lock() {
    static std::mutex lock;
    return lock;
}

struct PlanDeleter {
    void operator()(fftw_plan_s* plan) const {
        std::lock_guard lock(planner_lock());
        fftw_destroy_plan(plan);
    }
};
using Plan = std::unique_ptr<fftw_plan_s, PlanDeleter>;

struct FftwFree {
    void operator()(void* p) const { fftw_free(p); }
};

}  // namespace

struct PulseVocoder::Impl {
    int rate, fperiod, order;
    std::vector<float> cos_table, sin_table;  // [bin * (order + 1) + m]: cos(m w~), sin(m w~)
    std::unique_ptr<double, FftwFree> time;
    std::unique_ptr<fftw_complex, FftwFree> freq;
    Plan to_time, to_freq;

    Impl(int r, int fp, double alpha, int m) : rate(r), fperiod(fp), order(m) {
        const auto width = static_cast<size_t>(order + 1);
        cos_table.resize(kBins * width);
        sin_table.resize(kBins * width);
        for (int k = 0; k < kBins; ++k) {
            const double w = 2 * std::numbers::pi * k / kFft;
            const double warped = std::atan2((1 - alpha * alpha) * std::sin(w), (1 + alpha * alpha) * std::cos(w) - 2 * alpha);
            for (size_t i = 0; i < width; ++i) {
                cos_table[k * width + i] = static_cast<float>(std::cos(static_cast<double>(i) * warped));
                sin_table[k * width + i] = static_cast<float>(std::sin(static_cast<double>(i) * warped));
            }
        }
        time.reset(fftw_alloc_real(kFft));
        freq.reset(fftw_alloc_complex(kBins));
        std::lock_guard lock(planner_lock());
        to_time.reset(fftw_plan_dft_c2r_1d(kFft, freq.get(), time.get(), FFTW_ESTIMATE));
        to_freq.reset(fftw_plan_dft_r2c_1d(kFft, time.get(), freq.get(), FFTW_ESTIMATE));
    }

    // log H(w_k) = sum_m c_m e^{-j m w~_k} of one frame: log magnitude and (minimum) phase.
    void log_response(const double* c, std::vector<Complex>& out) const {
        const auto width = static_cast<size_t>(order + 1);
        out.resize(kBins);
        for (size_t k = 0; k < kBins; ++k) {
            const float* cs = &cos_table[k * width];
            const float* sn = &sin_table[k * width];
            double re = 0, im = 0;
            for (size_t i = 0; i < width; ++i) {
                re += c[i] * static_cast<double>(cs[i]);
                im -= c[i] * static_cast<double>(sn[i]);
            }
            out[k] = Complex(re, im);
        }
    }

    // Adds the inverse transform of `freq` (scaled by 1/N) into out from `at` on.
    void add_back(std::vector<float>& out, size_t at) {
        fftw_execute(to_time.get());
        const size_t n = std::min<size_t>(kFft, out.size() > at ? out.size() - at : 0);
        for (size_t i = 0; i < n; ++i) out[at + i] += static_cast<float>(time.get()[i] / kFft);
    }

    // One pulse at fractional position `pos` with amplitude `amp`: the log spectrum interpolated
    // between two frames (`mix` of the way from a to b, as the MLSA filter interpolates its
    // coefficients), delayed by the fraction of a sample.
    void pulse(std::vector<float>& out, double pos, double amp, const std::vector<Complex>& a,
               const std::vector<Complex>& b, double mix) {
        const auto at = static_cast<size_t>(std::floor(pos));
        const double delay = -2 * std::numbers::pi * (pos - std::floor(pos)) / kFft;
        const double log_amp = std::log(amp);
        fftw_complex* f = freq.get();
        for (size_t k = 0; k < kBins; ++k) {
            const Complex l = a[k] + mix * (b[k] - a[k]);
            const Complex v = std::polar(std::exp(l.real() + log_amp), l.imag() + delay * static_cast<double>(k));
            f[k][0] = v.real();
            f[k][1] = v.imag();
        }
        add_back(out, at);
    }

    // One frame-long block of unit-variance noise, filtered by exp(`log_h`), added from `at` on.
    void noise(std::vector<float>& out, size_t at, const std::vector<Complex>& log_h, Rng& rng) {
        double* t = time.get();
        std::fill(t, t + kFft, 0.0);
        for (int i = 0; i < fperiod; i += 2) {  // Box-Muller: two Gaussians a draw
            const double u1 = std::max(rng.uniform(), 1e-300), u2 = rng.uniform();
            const double r = std::sqrt(-2 * std::log(u1));
            t[i] = r * std::cos(2 * std::numbers::pi * u2);
            if (i + 1 < fperiod) t[i + 1] = r * std::sin(2 * std::numbers::pi * u2);
        }
        fftw_execute(to_freq.get());
        fftw_complex* f = freq.get();
        for (size_t k = 0; k < kBins; ++k) {
            const Complex v = Complex(f[k][0], f[k][1]) * std::exp(log_h[k]);
            f[k][0] = v.real();
            f[k][1] = v.imag();
        }
        add_back(out, at);
    }
};

PulseVocoder::PulseVocoder(int rate, int fperiod, double alpha, int order)
    : impl_(std::make_unique<Impl>(rate, fperiod, alpha, order)) {}
PulseVocoder::~PulseVocoder() = default;
PulseVocoder::PulseVocoder(PulseVocoder&&) noexcept = default;
PulseVocoder& PulseVocoder::operator=(PulseVocoder&&) noexcept = default;

std::vector<float> PulseVocoder::synthesize(const VocoderInput& in, uint64_t noise_seed) {
    Impl& v = *impl_;
    const size_t frames = in.frames();
    const auto width = static_cast<size_t>(v.order + 1);
    std::vector<float> out(frames * static_cast<size_t>(v.fperiod), 0.0f);
    if (frames == 0 || in.order != v.order || in.mcep.size() < frames * width) return out;
    Rng rng(noise_seed);
    // As the MLSA filter runs, frame t's samples move from frame t-1's spectrum and pitch to
    // frame t's (frame 0 starts from itself).
    std::vector<Complex> before, now, middle(kBins);
    v.log_response(&in.mcep[0], before);
    double phase = 1.0;  // cycles since the last pulse: 1 makes a voiced run start on a pulse
    for (size_t t = 0; t < frames; ++t) {
        v.log_response(&in.mcep[t * width], now);
        const size_t start = t * static_cast<size_t>(v.fperiod);
        if (in.f0[t] <= 0) {
            for (size_t k = 0; k < kBins; ++k) middle[k] = 0.5 * (before[k] + now[k]);
            v.noise(out, start, middle, rng);
            phase = 1.0;
        } else {
            const double f_b = in.f0[t], f_a = t > 0 && in.f0[t - 1] > 0 ? in.f0[t - 1] : f_b;
            for (int i = 0; i < v.fperiod; ++i) {
                const double mix = static_cast<double>(i) / v.fperiod;
                const double step = (f_a + mix * (f_b - f_a)) / v.rate;  // cycles per sample
                if (phase >= 1.0) {
                    // The pulse fell (phase - 1) cycles ago: that many periods before this sample.
                    const double back = (phase - 1.0) / step;
                    const double pos = std::max(0.0, static_cast<double>(start + static_cast<size_t>(i)) - back);
                    v.pulse(out, pos, std::sqrt(1.0 / step), before, now, mix);
                    phase -= 1.0;
                }
                phase += step;
            }
        }
        std::swap(before, now);
    }
    return out;
}

}  // namespace omg::voice::detail
