// The voice's vocoder: per-frame minimum-phase spectra from mel-cepstra, excited pulse by pulse,
// made directly at the song's sample rate.
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

using Complex = std::complex<double>;

constexpr double kResponseS = 0.032;  // a vocal tract's response has died away by then
// Samples each excitation is placed after the start of its transform: the band-edge taper is
// zero-phase, so its (short) ringing reaches before the pulse, and would otherwise wrap around
// to the transform's end.
constexpr size_t kLead = 64;

// The smallest n >= at_least whose prime factors are 2, 3 and 5 (sizes FFTW is fastest at).
size_t fft_size(size_t at_least) {
    for (size_t n = std::max<size_t>(at_least, 16);; ++n) {
        size_t m = n;
        for (size_t p : {2u, 3u, 5u})
            while (m % p == 0) m /= p;
        if (m == 1) return n;
    }
}

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
    int rate, fperiod, order, out_rate;
    size_t fft, bins;  // transform length at out_rate; bins carrying the voice (below its Nyquist)
    size_t row;        // `bins` rounded up to whole SIMD vectors: the tables' row length
    std::vector<double> cos_table, sin_table;  // [m * row + bin]: cos(m w~), sin(m w~)
    std::vector<double> taper;                 // per bin: 1, falling to 0 at the voice's Nyquist
    std::vector<double> re_sum, im_sum;        // row each: one frame's sums
    double density_gain;                        // keeps the spectral density at any rate
    std::unique_ptr<double, FftwFree> time;
    std::unique_ptr<fftw_complex, FftwFree> freq;
    Plan to_time, to_freq;

    Impl(int r, int fp, double alpha, int m, int out)
        : rate(r), fperiod(fp), order(m), out_rate(out),
          fft(fft_size(static_cast<size_t>(std::ceil(kResponseS * out)))) {
        // Bins up to the lower of the two Nyquists; the top 10 % fade out (no brick-wall ringing).
        const double top_hz = 0.5 * std::min(rate, out_rate);
        const double bin_hz = static_cast<double>(out_rate) / static_cast<double>(fft);
        bins = std::min(fft / 2 + 1, static_cast<size_t>(std::ceil(top_hz / bin_hz)));
        row = (bins + 7) / 8 * 8;
        const auto width = static_cast<size_t>(order + 1);
        cos_table.assign(row * width, 0.0);
        sin_table.assign(row * width, 0.0);
        taper.assign(bins, 1.0);
        re_sum.resize(row);
        im_sum.resize(row);
        for (size_t k = 0; k < bins; ++k) {
            const double hz = static_cast<double>(k) * bin_hz;
            const double w = 2 * std::numbers::pi * hz / rate;
            const double warped = std::atan2((1 - alpha * alpha) * std::sin(w), (1 + alpha * alpha) * std::cos(w) - 2 * alpha);
            for (size_t i = 0; i < width; ++i) {
                cos_table[i * row + k] = std::cos(static_cast<double>(i) * warped);
                sin_table[i * row + k] = std::sin(static_cast<double>(i) * warped);
            }
            const double fade = (hz - 0.9 * top_hz) / (0.1 * top_hz);
            if (fade > 0) taper[k] = 0.5 + 0.5 * std::cos(std::numbers::pi * std::min(fade, 1.0));
        }
        // A unit-power excitation at the voice's rate spreads over rate / 2 Hz; at out_rate over
        // out_rate / 2: the same density (the same sound) needs this gain.
        density_gain = std::sqrt(static_cast<double>(out_rate) / rate);
        time.reset(fftw_alloc_real(fft));
        freq.reset(fftw_alloc_complex(fft / 2 + 1));
        std::lock_guard lock(planner_lock());
        to_time.reset(fftw_plan_dft_c2r_1d(static_cast<int>(fft), freq.get(), time.get(), FFTW_ESTIMATE));
        to_freq.reset(fftw_plan_dft_r2c_1d(static_cast<int>(fft), time.get(), freq.get(), FFTW_ESTIMATE));
    }

    // log H(w_k) = sum_m c_m e^{-j m w~_k} of one frame: log magnitude and (minimum) phase.
    // (Bins run in the inner loop, coefficients in the outer, so the compiler vectorizes it.)
    void log_response(const double* c, std::vector<Complex>& out) {
        const auto width = static_cast<size_t>(order + 1);
        std::fill(re_sum.begin(), re_sum.end(), 0.0);
        std::fill(im_sum.begin(), im_sum.end(), 0.0);
        double* re = re_sum.data();
        double* im = im_sum.data();
        for (size_t i = 0; i < width; ++i) {
            const double ci = c[i];
            const double* cs = &cos_table[i * row];
            const double* sn = &sin_table[i * row];
            for (size_t k = 0; k < row; ++k) {
                re[k] += ci * cs[k];
                im[k] -= ci * sn[k];
            }
        }
        out.resize(bins);
        for (size_t k = 0; k < bins; ++k) out[k] = Complex(re[k], im[k]);
    }

    // Adds the inverse transform of `freq` (scaled by 1/N) into out, its sample kLead at `at`.
    void add_back(std::vector<float>& out, size_t at) {
        fftw_complex* f = freq.get();
        for (size_t k = bins; k < fft / 2 + 1; ++k) f[k][0] = f[k][1] = 0;
        fftw_execute(to_time.get());
        const double scale = 1.0 / static_cast<double>(fft);
        const size_t first = at >= kLead ? 0 : kLead - at;
        for (size_t i = first; i < fft && at + i - kLead < out.size(); ++i)
            out[at + i - kLead] += static_cast<float>(time.get()[i] * scale);
    }

    // One pulse at fractional position `pos` with amplitude `amp`: the log spectrum interpolated
    // between two frames (`mix` of the way from a to b, as the MLSA filter interpolates its
    // coefficients), delayed by the fraction of a sample.
    void pulse(std::vector<float>& out, double pos, double amp, const std::vector<Complex>& a,
               const std::vector<Complex>& b, double mix) {
        const auto at = static_cast<size_t>(std::floor(pos));
        const double delay = -2 * std::numbers::pi * (static_cast<double>(kLead) + pos - std::floor(pos)) /
                             static_cast<double>(fft);
        fftw_complex* f = freq.get();
        for (size_t k = 0; k < bins; ++k) {
            const Complex l = a[k] + mix * (b[k] - a[k]);
            const Complex v = std::polar(amp * taper[k] * std::exp(l.real()), l.imag() + delay * static_cast<double>(k));
            f[k][0] = v.real();
            f[k][1] = v.imag();
        }
        add_back(out, at);
    }

    // A block of `n` samples of noise (unit variance at the voice's rate), filtered by
    // exp(`log_h`), added from `at` on.
    void noise(std::vector<float>& out, size_t at, size_t n, const std::vector<Complex>& log_h, Rng& rng) {
        double* t = time.get();
        std::fill(t, t + fft, 0.0);
        n = std::min(n, fft - kLead);
        for (size_t i = 0; i < n; i += 2) {  // Box-Muller: two Gaussians a draw
            const double u1 = std::max(rng.uniform(), 1e-300), u2 = rng.uniform();
            const double r = density_gain * std::sqrt(-2 * std::log(u1));
            t[kLead + i] = r * std::cos(2 * std::numbers::pi * u2);
            if (i + 1 < n) t[kLead + i + 1] = r * std::sin(2 * std::numbers::pi * u2);
        }
        fftw_execute(to_freq.get());
        fftw_complex* f = freq.get();
        for (size_t k = 0; k < bins; ++k) {
            const Complex v = Complex(f[k][0], f[k][1]) * std::exp(log_h[k]) * taper[k];
            f[k][0] = v.real();
            f[k][1] = v.imag();
        }
        add_back(out, at);
    }
};

PulseVocoder::PulseVocoder(int rate, int fperiod, double alpha, int order, int out_rate)
    : impl_(std::make_unique<Impl>(rate, fperiod, alpha, order, out_rate)) {}
PulseVocoder::~PulseVocoder() = default;
PulseVocoder::PulseVocoder(PulseVocoder&&) noexcept = default;
PulseVocoder& PulseVocoder::operator=(PulseVocoder&&) noexcept = default;

int PulseVocoder::out_rate() const { return impl_->out_rate; }

size_t PulseVocoder::samples_for(size_t frames) const {
    const Impl& v = *impl_;
    return static_cast<size_t>(std::llround(static_cast<double>(frames) * v.fperiod * v.out_rate / v.rate));
}

std::vector<float> PulseVocoder::synthesize(const VocoderInput& in, uint64_t noise_seed) {
    Impl& v = *impl_;
    const size_t frames = in.frames();
    const auto width = static_cast<size_t>(v.order + 1);
    std::vector<float> out(samples_for(frames), 0.0f);
    if (frames == 0 || in.order != v.order || in.mcep.size() < frames * width) return out;
    Rng rng(noise_seed);
    // As the MLSA filter runs, frame t's samples move from frame t-1's spectrum and pitch to
    // frame t's (frame 0 starts from itself).
    std::vector<Complex> before, now, middle(v.bins);
    v.log_response(&in.mcep[0], before);
    double phase = 1.0;  // cycles since the last pulse: 1 makes a voiced run start on a pulse
    for (size_t t = 0; t < frames; ++t) {
        v.log_response(&in.mcep[t * width], now);
        const size_t start = samples_for(t), end = samples_for(t + 1);
        if (in.f0[t] <= 0) {
            for (size_t k = 0; k < v.bins; ++k) middle[k] = 0.5 * (before[k] + now[k]);
            v.noise(out, start, end - start, middle, rng);
            phase = 1.0;
        } else {
            const double f_b = in.f0[t], f_a = t > 0 && in.f0[t - 1] > 0 ? in.f0[t - 1] : f_b;
            const double length = static_cast<double>(end - start);
            for (size_t i = start; i < end; ++i) {
                const double mix = static_cast<double>(i - start) / length;
                const double step = (f_a + mix * (f_b - f_a)) / v.out_rate;  // cycles per sample
                if (phase >= 1.0) {
                    // The pulse fell (phase - 1) cycles ago: that many periods before this sample.
                    const double pos = std::max(0.0, static_cast<double>(i) - (phase - 1.0) / step);
                    v.pulse(out, pos, v.density_gain * std::sqrt(1.0 / step), before, now, mix);
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
