// Internal to voice/: the voice's vocoder. Mel-cepstra and a pitch per frame -> speech samples.
//
// The HTS engine's own vocoder (an MLSA filter run sample by sample, order 44 at 32 kHz) cost
// about 1 s of CPU per sung minute, a third of a sung song's whole CPU, which kept the sung
// pipeline slower than plain `fluidsynth -F` (issue 11). This one makes the same signal model
// frame-wise with FFTW: the filter of frame t is H(w) = exp(sum_m c_m e^{-j m w~}), w~ the
// all-pass (alpha) warped frequency, which is minimum phase as it stands (the exponential of a
// causal cepstrum), so no cepstral folding is needed. Voiced frames are excited by one pulse per
// pitch period (amplitude sqrt(period), as HTS's excitation), each pulse placed at its
// fractional sample position and given the response of the log spectrum interpolated at that
// instant; unvoiced frames by unit-variance Gaussian noise, one frame-long block at a time.
// The responses are added into the output (overlap-add). Same level and spectrum as the MLSA
// filter up to the frequency sampling, at a small fraction of its cost. It synthesizes straight
// at the song's rate (the frames keep their 5 ms; bins above the voice's own Nyquist are empty,
// the top tenth below it fades out), so the voice needs no resampling afterwards. The per-bin
// exponentials (its main cost) use branch-free polynomial exp and sincos that the compiler
// vectorizes (the file is built at -O3), accurate to ~1e-12, far below the float output.
//
// Deterministic: the same frames give the same samples (the noise comes from omg::Rng seeded by
// the caller). One PulseVocoder per thread; construction plans FFTW transforms under a process
// wide lock (planning is not thread-safe in FFTW; executing distinct plans is).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace omg::voice::detail {

struct VocoderInput {
    int order = 0;                 // mel-cepstral order M (M + 1 coefficients a frame)
    std::vector<double> mcep;      // frames x (M + 1), c_0 first
    std::vector<double> f0;        // Hz per frame; 0 for an unvoiced frame
    size_t frames() const { return f0.size(); }
};

class PulseVocoder {
public:
    // rate: the voice's samples per second; fperiod: its samples per frame; alpha: the cepstra's
    // warping; order: M; out_rate: the rate to synthesize at (8000..192000).
    PulseVocoder(int rate, int fperiod, double alpha, int order, int out_rate);
    ~PulseVocoder();
    PulseVocoder(PulseVocoder&&) noexcept;
    PulseVocoder& operator=(PulseVocoder&&) noexcept;

    int out_rate() const;
    // Output samples for the first `frames` frames: round(frames * fperiod * out_rate / rate).
    size_t samples_for(size_t frames) const;

    // samples_for(in.frames()) samples at out_rate, int16 scale as HTS's output. `in.order` must
    // equal the order given at construction; noise_seed seeds the unvoiced excitation.
    std::vector<float> synthesize(const VocoderInput& in, uint64_t noise_seed);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace omg::voice::detail
