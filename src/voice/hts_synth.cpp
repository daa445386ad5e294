// The HTS engine: duration prediction, forced-alignment synthesis and the log-f0 overwrite.
#include "voice/hts_synth.h"

#include <cmath>
#include <cstdio>

#include "voice/hts_private.h"

namespace omg::voice::detail {
namespace {

constexpr size_t kLf0Stream = 1;  // the slt voice's streams: MCP, LF0

// FNV-1a over the labels: the unvoiced noise of a phrase depends on the phrase alone.
uint64_t noise_seed(const std::vector<std::string>& labels) {
    uint64_t h = 1469598103934665603ull;
    for (const auto& l : labels)
        for (unsigned char ch : l) h = (h ^ ch) * 1099511628211ull;
    return h;
}

// The HTS engine's own MLSA vocoder on the generated parameters (the reference for PulseVocoder).
Result<std::vector<float>> mlsa_samples(HTS_Engine* e) {
    if (HTS_Engine_generate_sample_sequence(e) != TRUE) {
        HTS_Engine_refresh(e);
        return fail(Errc::internal, "the HTS engine could not make the phrase's samples");
    }
    const size_t n = HTS_Engine_get_nsamples(e);
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<float>(HTS_Engine_get_generated_speech(e, i));
    HTS_Engine_refresh(e);
    return out;
}

std::vector<char*> c_lines(std::vector<std::string>& lines) {
    std::vector<char*> out;
    out.reserve(lines.size());
    for (auto& l : lines) out.push_back(l.data());
    return out;
}

}  // namespace

void HtsSynth::Deleter::operator()(_HTS_Engine* e) const {
    HTS_Engine_clear(e);
    delete e;
}

HtsSynth::HtsSynth(std::unique_ptr<_HTS_Engine, Deleter> e) : engine_(std::move(e)) {}
HtsSynth::~HtsSynth() = default;
HtsSynth::HtsSynth(HtsSynth&&) noexcept = default;
HtsSynth& HtsSynth::operator=(HtsSynth&&) noexcept = default;

Result<HtsSynth> HtsSynth::load(const std::filesystem::path& htsvoice) {
    std::unique_ptr<_HTS_Engine, Deleter> e(new HTS_Engine);
    HTS_Engine_initialize(e.get());
    std::string path = htsvoice.string();
    char* voices[] = {path.data()};
    if (HTS_Engine_load(e.get(), voices, 1) != TRUE) {
        return fail(Errc::unavailable, "the HTS voice file could not be loaded");
    }
    if (HTS_Engine_get_nstream(e.get()) < 2) {
        return fail(Errc::unavailable, "the HTS voice has no pitch stream");
    }
    HtsSynth s(std::move(e));
    s.rate_ = static_cast<int>(HTS_Engine_get_sampling_frequency(s.engine_.get()));
    s.fperiod_ = static_cast<int>(HTS_Engine_get_fperiod(s.engine_.get()));
    s.nstate_ = static_cast<int>(HTS_Engine_get_nstate(s.engine_.get()));
    if (s.rate_ <= 0 || s.fperiod_ <= 0 || s.nstate_ <= 0) {
        return fail(Errc::unavailable, "the HTS voice file has no sampling rate or frame period");
    }
    return s;
}

Result<std::vector<int>> HtsSynth::predict_frames(const std::vector<std::string>& labels) {
    HTS_Engine* e = engine_.get();
    std::vector<std::string> lines = labels;
    auto ptrs = c_lines(lines);
    HTS_Engine_set_phoneme_alignment_flag(e, FALSE);
    if (HTS_Engine_generate_state_sequence_from_strings(e, ptrs.data(), ptrs.size()) != TRUE) {
        HTS_Engine_refresh(e);
        return fail(Errc::internal, "the HTS engine could not read the voice's labels");
    }
    std::vector<int> frames(labels.size(), 0);
    const size_t total = HTS_Engine_get_total_state(e);
    for (size_t s = 0; s < total; ++s) {
        size_t phone = s / static_cast<size_t>(nstate_);
        if (phone < frames.size()) {
            frames[phone] += static_cast<int>(HTS_Engine_get_state_duration(e, s));
        }
    }
    HTS_Engine_refresh(e);
    return frames;
}

Result<size_t> HtsSynth::generate(const std::vector<std::string>& labels,
                                  const std::vector<int>& frames, const std::vector<double>& hz) {
    HTS_Engine* e = engine_.get();
    // Label times are in 100 ns units; whole frames keep HTS's own rounding exact.
    const int64_t unit = static_cast<int64_t>(std::llround(1e7 * fperiod_ / rate_));
    std::vector<std::string> lines;
    lines.reserve(labels.size());
    int64_t frame = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        const int64_t end = frame + frames[i];
        lines.push_back(std::to_string(frame * unit) + " " + std::to_string(end * unit) + " " +
                        labels[i]);
        frame = end;
    }
    auto ptrs = c_lines(lines);
    HTS_Engine_set_phoneme_alignment_flag(e, TRUE);
    if (HTS_Engine_generate_state_sequence_from_strings(e, ptrs.data(), ptrs.size()) != TRUE ||
        HTS_Engine_generate_parameter_sequence(e) != TRUE) {
        HTS_Engine_refresh(e);
        return fail(Errc::internal, "the HTS engine could not generate the phrase");
    }
    HTS_PStreamSet* pss = &e->pss;
    const size_t total = HTS_PStreamSet_get_total_frame(pss);
    size_t voiced = 0;
    for (size_t t = 0; t < total; ++t) {
        if (HTS_PStreamSet_get_msd_flag(pss, kLf0Stream, t) != TRUE) continue;
        double f = t < hz.size() ? hz[t] : (hz.empty() ? 220.0 : hz.back());
        HTS_PStreamSet_get_parameter_vector(pss, kLf0Stream, voiced)[0] = std::log(f);
        ++voiced;
    }
    return total;
}

Result<std::vector<float>> HtsSynth::synthesize_mlsa(const std::vector<std::string>& labels,
                                                     const std::vector<int>& frames,
                                                     const std::vector<double>& hz) {
    auto total = generate(labels, frames, hz);
    if (!total) return tl::unexpected(total.error());
    return mlsa_samples(engine_.get());
}

Result<std::vector<float>> HtsSynth::synthesize(const std::vector<std::string>& labels,
                                                const std::vector<int>& frames,
                                                const std::vector<double>& hz, int out_rate) {
    auto total = generate(labels, frames, hz);
    if (!total) return tl::unexpected(total.error());
    HTS_Engine* e = engine_.get();
    HTS_PStreamSet* pss = &e->pss;
    const int order = static_cast<int>(pss->pstream[0].vector_length) - 1;
    if (order < 1) {
        HTS_Engine_refresh(e);
        return fail(Errc::internal, "the HTS voice has no spectral stream");
    }
    auto& vocoder = vocoders_[out_rate];  // planned once per engine and rate
    if (!vocoder) vocoder = std::make_unique<PulseVocoder>(rate_, fperiod_, HTS_Engine_get_alpha(e), order, out_rate);
    VocoderInput in;
    in.order = order;
    const auto width = static_cast<size_t>(order + 1);
    in.mcep.resize(*total * width);
    in.f0.assign(*total, 0.0);
    size_t voiced = 0;
    for (size_t t = 0; t < *total; ++t) {
        const double* c = HTS_PStreamSet_get_parameter_vector(pss, 0, t);
        std::copy(c, c + width, in.mcep.begin() + static_cast<long>(t * width));
        if (HTS_PStreamSet_get_msd_flag(pss, kLf0Stream, t) != TRUE) continue;
        in.f0[t] = std::exp(HTS_PStreamSet_get_parameter_vector(pss, kLf0Stream, voiced)[0]);
        ++voiced;
    }
    auto out = vocoder->synthesize(in, noise_seed(labels));
    HTS_Engine_refresh(e);
    return out;
}

}  // namespace omg::voice::detail
