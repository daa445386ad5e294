// Internal to voice/: the HTS engine with one voice loaded, driven phrase by phrase.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "voice/pulse_vocoder.h"

struct _HTS_Engine;

namespace omg::voice::detail {

class HtsSynth {
public:
    // Errc::unavailable when the voice file cannot be loaded.
    static Result<HtsSynth> load(const std::filesystem::path& htsvoice);
    ~HtsSynth();
    HtsSynth(HtsSynth&&) noexcept;
    HtsSynth& operator=(HtsSynth&&) noexcept;

    int sample_rate() const { return rate_; }
    int frame_period() const { return fperiod_; }  // samples per frame
    int states() const { return nstate_; }         // frames a phone needs at least

    // The frames the voice's duration model gives each label (full-context, no times).
    Result<std::vector<int>> predict_frames(const std::vector<std::string>& labels);

    // Samples at out_rate, int16 scale, for labels forced to `frames` each (>= states()), with
    // the log-f0 of every voiced frame replaced by log(hz[frame]), made by PulseVocoder
    // (pulse_vocoder.h; one kept per output rate).
    Result<std::vector<float>> synthesize(const std::vector<std::string>& labels,
                                          const std::vector<int>& frames,
                                          const std::vector<double>& hz, int out_rate);
    // The same through the HTS engine's own MLSA vocoder, at sample_rate(): about 2.5x the CPU,
    // kept as the reference the tests hold PulseVocoder to.
    Result<std::vector<float>> synthesize_mlsa(const std::vector<std::string>& labels,
                                               const std::vector<int>& frames,
                                               const std::vector<double>& hz);

private:
    struct Deleter {
        void operator()(_HTS_Engine* e) const;
    };
    explicit HtsSynth(std::unique_ptr<_HTS_Engine, Deleter> e);
    std::unique_ptr<_HTS_Engine, Deleter> engine_;
    // Parameters for the labels with the pitch overwritten, left in the engine; their frames.
    Result<size_t> generate(const std::vector<std::string>& labels, const std::vector<int>& frames,
                            const std::vector<double>& hz);
    std::map<int, std::unique_ptr<PulseVocoder>> vocoders_;  // by output rate
    int rate_ = 0, fperiod_ = 0, nstate_ = 0;
};

}  // namespace omg::voice::detail
