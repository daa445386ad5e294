// The voice's vocoder: per-frame minimum-phase spectra from mel-cepstra, excited pulse by pulse,
// made directly at the song's sample rate.
#include "voice/pulse_vocoder.h"

#include <fftw3.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <mutex>
#include <numbers>

#include "core/rng.h"

namespace omg::voice::detail {
namespace {

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

// The per-bin exponentials are most of the vocoder's work (a complex exponential per bin per
// pulse). libm's exp and sincos are calls the compiler cannot vectorize; these two are
// branch-free arithmetic on doubles and their bit patterns (SSE2 has every operation they use),
// accurate to ~1e-12 relative over the ranges that occur, far below the float the voice ends in.
constexpr double kShifter = 0x1.8p52;  // adding it rounds a double below 2^51 to an integer

// The integer a double holding kShifter + n stands for (n rounded to nearest), as int64.
inline int64_t shifted_integer(double t) {
    return std::bit_cast<int64_t>(t) - std::bit_cast<int64_t>(kShifter);
}

// The ranges the two functions below hold for; log_response clamps each frame's spectrum to
// them (an interpolation between two frames stays inside), so the loops carry no branch.
constexpr double kMaxLogMagnitude = 700;  // e^700 ~ 1e304
constexpr double kMaxPhase = 1e5;         // radians; the linear phase of a pulse adds < 300

// e^x for |x| <= kMaxLogMagnitude.
inline double fast_exp(double x) {
    constexpr double kLog2e = 1.4426950408889634;
    constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
    const double t = x * kLog2e + kShifter;
    const double n = t - kShifter;
    const double r = (x - n * kLn2Hi) - n * kLn2Lo;  // |r| <= ln(2) / 2
    // Taylor to r^12: the remainder is below 3e-16 relative for |r| <= 0.347.
    double p = 1.0 / 479001600;
    p = p * r + 1.0 / 39916800;
    p = p * r + 1.0 / 3628800;
    p = p * r + 1.0 / 362880;
    p = p * r + 1.0 / 40320;
    p = p * r + 1.0 / 5040;
    p = p * r + 1.0 / 720;
    p = p * r + 1.0 / 120;
    p = p * r + 1.0 / 24;
    p = p * r + 1.0 / 6;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    const uint64_t scale = static_cast<uint64_t>(shifted_integer(t) + 1023) << 52;  // 2^n
    return p * std::bit_cast<double>(scale);
}

// sin(x) and cos(x) for |x| < 2^20 (kMaxPhase and a pulse's delay are well inside): reduced by the nearest multiple of pi/2 (pi/2 in three
// parts, so the reduction is exact to double precision), Taylor polynomials on [-pi/4, pi/4],
// then the quadrant's swap and signs applied to the bit patterns.
inline void fast_sincos(double x, double& sin_out, double& cos_out) {
    constexpr double k2OverPi = 0.63661977236758134308;
    constexpr double kPio2A = 1.57079632673412561417e+00, kPio2B = 6.07710050630396597660e-11,
                     kPio2C = 2.02226624879595063154e-21;
    const double t = x * k2OverPi + kShifter;
    const double n = t - kShifter;
    const double r = ((x - n * kPio2A) - n * kPio2B) - n * kPio2C;
    const uint64_t q = static_cast<uint64_t>(shifted_integer(t));
    const double r2 = r * r;
    // Remainders below 8e-12 (sine, r^13 / 13!) and 5e-13 (cosine, r^14 / 14!) at pi/4.
    const double s = r + r * r2 * (-1.0 / 6 + r2 * (1.0 / 120 + r2 * (-1.0 / 5040 + r2 * (1.0 / 362880 + r2 * (-1.0 / 39916800)))));
    const double c = 1.0 + r2 * (-0.5 + r2 * (1.0 / 24 + r2 * (-1.0 / 720 + r2 * (1.0 / 40320 + r2 * (-1.0 / 3628800 + r2 * (1.0 / 479001600))))));
    // sin(r + q pi/2): q = 0: (s, c), 1: (c, -s), 2: (-s, -c), 3: (-c, s).
    const uint64_t swap = -(q & 1);
    const uint64_t sb = std::bit_cast<uint64_t>(s), cb = std::bit_cast<uint64_t>(c);
    const uint64_t sin_bits = ((cb & swap) | (sb & ~swap)) ^ ((q & 2) << 62);
    const uint64_t cos_bits = ((sb & swap) | (cb & ~swap)) ^ (((q + 1) & 2) << 62);
    sin_out = std::bit_cast<double>(sin_bits);
    cos_out = std::bit_cast<double>(cos_bits);
}

// A pulse's spectrum, bin by bin: amp * taper * exp(log H) with log H interpolated `mix` of the
// way from frame a to frame b, and the linear phase of its `delay` (radians per bin). A free
// function with __restrict parameters: otherwise the loop needs more alias checks than GCC will
// version it for, and stays scalar.
struct PulseInputs {
    const double *a_re, *a_im, *b_re, *b_im, *taper, *bin_index;
};
void pulse_spectrum(const PulseInputs& in, size_t n, double amp, double mix, double delay,
                    double* __restrict out_re, double* __restrict out_im) {
    const double* __restrict ar = in.a_re;
    const double* __restrict ai = in.a_im;
    const double* __restrict br = in.b_re;
    const double* __restrict bi = in.b_im;
    const double* __restrict tp = in.taper;
    const double* __restrict kd = in.bin_index;
    for (size_t k = 0; k < n; ++k) {
        const double magnitude = amp * tp[k] * fast_exp(ar[k] + mix * (br[k] - ar[k]));
        double s, c;
        fast_sincos(ai[k] + mix * (bi[k] - ai[k]) + delay * kd[k], s, c);
        out_re[k] = magnitude * c;
        out_im[k] = magnitude * s;
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
using FftwArray = std::unique_ptr<double, FftwFree>;

// One frame's log H(w_k): log magnitude (re) and minimum phase (im), `row` bins each (zero past
// the voice's bins).
struct LogSpectrum {
    std::vector<double> re, im;
};

}  // namespace

struct PulseVocoder::Impl {
    int rate, fperiod, order, out_rate;
    size_t fft, bins;  // transform length at out_rate; bins carrying the voice (below its Nyquist)
    size_t row;        // `bins` rounded up to whole SIMD vectors: the tables' row length
    size_t half;       // fft / 2 + 1: the transform's complex bins
    std::vector<double> cos_table, sin_table;  // [m * row + bin]: cos(m w~), sin(m w~)
    std::vector<double> taper;                 // per bin (row): 1, falling to 0 at the voice's Nyquist
    std::vector<double> bin_index;             // per bin (row): k as a double
    double density_gain;                        // keeps the spectral density at any rate
    FftwArray time, freq_re, freq_im;           // the transforms' arrays (split complex)
    Plan to_time, to_freq;

    Impl(int r, int fp, double alpha, int m, int out)
        : rate(r), fperiod(fp), order(m), out_rate(out),
          fft(fft_size(static_cast<size_t>(std::ceil(kResponseS * out)))) {
        // Bins up to the lower of the two Nyquists; the top 10 % fade out (no brick-wall ringing).
        const double top_hz = 0.5 * std::min(rate, out_rate);
        const double bin_hz = static_cast<double>(out_rate) / static_cast<double>(fft);
        half = fft / 2 + 1;
        bins = std::min(half, static_cast<size_t>(std::ceil(top_hz / bin_hz)));
        row = (bins + 7) / 8 * 8;
        const auto width = static_cast<size_t>(order + 1);
        cos_table.assign(row * width, 0.0);
        sin_table.assign(row * width, 0.0);
        taper.assign(row, 0.0);
        bin_index.resize(row);
        for (size_t k = 0; k < row; ++k) bin_index[k] = static_cast<double>(k);
        for (size_t k = 0; k < bins; ++k) {
            const double hz = static_cast<double>(k) * bin_hz;
            const double w = 2 * std::numbers::pi * hz / rate;
            const double warped = std::atan2((1 - alpha * alpha) * std::sin(w), (1 + alpha * alpha) * std::cos(w) - 2 * alpha);
            for (size_t i = 0; i < width; ++i) {
                cos_table[i * row + k] = std::cos(static_cast<double>(i) * warped);
                sin_table[i * row + k] = std::sin(static_cast<double>(i) * warped);
            }
            const double fade = (hz - 0.9 * top_hz) / (0.1 * top_hz);
            taper[k] = fade > 0 ? 0.5 + 0.5 * std::cos(std::numbers::pi * std::min(fade, 1.0)) : 1.0;
        }
        // A unit-power excitation at the voice's rate spreads over rate / 2 Hz; at out_rate over
        // out_rate / 2: the same density (the same sound) needs this gain.
        density_gain = std::sqrt(static_cast<double>(out_rate) / rate);
        const size_t spectrum = std::max(half, row);
        time.reset(fftw_alloc_real(fft));
        freq_re.reset(fftw_alloc_real(spectrum));
        freq_im.reset(fftw_alloc_real(spectrum));
        fftw_iodim dim{static_cast<int>(fft), 1, 1};
        std::lock_guard lock(planner_lock());
        to_time.reset(fftw_plan_guru_split_dft_c2r(1, &dim, 0, nullptr, freq_re.get(), freq_im.get(), time.get(), FFTW_ESTIMATE));
        to_freq.reset(fftw_plan_guru_split_dft_r2c(1, &dim, 0, nullptr, time.get(), freq_re.get(), freq_im.get(), FFTW_ESTIMATE));
    }

    // log H(w_k) = sum_m c_m e^{-j m w~_k} of one frame: log magnitude and (minimum) phase.
    // (Bins run in the inner loop, coefficients in the outer, so the loop vectorizes.)
    void log_response(const double* c, LogSpectrum& out) const {
        const auto width = static_cast<size_t>(order + 1);
        out.re.assign(row, 0.0);
        out.im.assign(row, 0.0);
        double* re = out.re.data();
        double* im = out.im.data();
        for (size_t i = 0; i < width; ++i) {
            const double ci = c[i];
            const double* cs = &cos_table[i * row];
            const double* sn = &sin_table[i * row];
            for (size_t k = 0; k < row; ++k) {
                re[k] += ci * cs[k];
                im[k] -= ci * sn[k];
            }
        }
        for (size_t k = 0; k < row; ++k) {
            re[k] = std::clamp(re[k], -kMaxLogMagnitude, kMaxLogMagnitude);
            im[k] = std::clamp(im[k], -kMaxPhase, kMaxPhase);
        }
    }

    // Adds the inverse transform of the spectrum (scaled by 1/N) into out, its sample kLead at `at`.
    void add_back(std::vector<float>& out, size_t at) {
        // (row can pass half at some rates, e.g. 11025 Hz: 184 against 181; nothing to clear then.)
        const size_t from = std::min(row, half);
        std::fill(freq_re.get() + from, freq_re.get() + half, 0.0);
        std::fill(freq_im.get() + from, freq_im.get() + half, 0.0);
        fftw_execute(to_time.get());
        const double scale = 1.0 / static_cast<double>(fft);
        const size_t first = at >= kLead ? 0 : kLead - at;
        for (size_t i = first; i < fft && at + i - kLead < out.size(); ++i)
            out[at + i - kLead] += static_cast<float>(time.get()[i] * scale);
    }

    // One pulse at fractional position `pos` with amplitude `amp`: the log spectrum interpolated
    // between two frames (`mix` of the way from a to b, as the MLSA filter interpolates its
    // coefficients), delayed by the fraction of a sample.
    void pulse(std::vector<float>& out, double pos, double amp, const LogSpectrum& a,
               const LogSpectrum& b, double mix) {
        const auto at = static_cast<size_t>(std::floor(pos));
        const double delay = -2 * std::numbers::pi * (static_cast<double>(kLead) + pos - std::floor(pos)) /
                             static_cast<double>(fft);
        pulse_spectrum({a.re.data(), a.im.data(), b.re.data(), b.im.data(), taper.data(), bin_index.data()},
                       row, amp, mix, delay, freq_re.get(), freq_im.get());
        add_back(out, at);
    }

    // A block of `n` samples of noise (unit variance at the voice's rate), filtered by
    // exp(`log_h`), added from `at` on.
    void noise(std::vector<float>& out, size_t at, size_t n, const LogSpectrum& log_h, Rng& rng) {
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
        const double *hr = log_h.re.data(), *hi = log_h.im.data(), *tp = taper.data();
        double* fr = freq_re.get();
        double* fi = freq_im.get();
        for (size_t k = 0; k < row; ++k) {
            const double magnitude = tp[k] * fast_exp(hr[k]);
            double s, c;
            fast_sincos(hi[k], s, c);
            const double x = fr[k], y = fi[k];
            fr[k] = magnitude * (x * c - y * s);
            fi[k] = magnitude * (x * s + y * c);
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
    LogSpectrum before, now, middle{std::vector<double>(v.row), std::vector<double>(v.row)};
    v.log_response(&in.mcep[0], before);
    double phase = 1.0;  // cycles since the last pulse: 1 makes a voiced run start on a pulse
    for (size_t t = 0; t < frames; ++t) {
        v.log_response(&in.mcep[t * width], now);
        const size_t start = samples_for(t), end = samples_for(t + 1);
        if (in.f0[t] <= 0) {
            for (size_t k = 0; k < v.row; ++k) {
                middle.re[k] = 0.5 * (before.re[k] + now.re[k]);
                middle.im[k] = 0.5 * (before.im[k] + now.im[k]);
            }
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
