// The Voice: Festival for the text, the HTS engine for the singing, libsamplerate for the rate.
#include "voice/voice.h"

#include <samplerate.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <mutex>

#include "voice/front_end.h"
#include "voice/hts_synth.h"
#include "voice/retime.h"

namespace omg::voice {

namespace {

constexpr size_t kMaxText = 256u << 10;
constexpr double kGlide = 0.015;
constexpr double kEdgeFade = 0.010;
constexpr float kPeak = 0.891f;  // -1 dBFS

// Native-rate phrase -> `rate`, one call (the phrase starts and ends in silence).
Result<std::vector<float>> resample(const std::vector<float>& in, int from, int to) {
    if (from == to) return in;
    const double ratio = static_cast<double>(to) / from;
    std::vector<float> out(static_cast<size_t>(std::ceil(static_cast<double>(in.size()) * ratio)) +
                           16);
    SRC_DATA d{};
    d.data_in = in.data();
    d.input_frames = static_cast<long>(in.size());
    d.data_out = out.data();
    d.output_frames = static_cast<long>(out.size());
    d.src_ratio = ratio;
    d.end_of_input = 1;
    if (src_simple(&d, SRC_SINC_MEDIUM_QUALITY, 1) != 0) {
        return fail(Errc::internal, "the voice could not be resampled");
    }
    out.resize(static_cast<size_t>(d.output_frames_gen));
    return out;
}

// HTS's output carries a little DC: a one-pole high-pass at 20 Hz.
void remove_dc(std::vector<float>& x, int rate) {
    const double r = 1 - 2 * 3.141592653589793 * 20 / rate;
    double prev_x = 0, prev_y = 0;
    for (float& s : x) {
        const double y = s - prev_x + r * prev_y;
        prev_x = s, prev_y = y;
        s = static_cast<float>(y);
    }
}

void fade_edges(std::vector<float>& x, size_t n) {
    n = std::min(n, x.size() / 2);
    for (size_t i = 0; i < n; ++i) {
        float g = static_cast<float>(i) / static_cast<float>(n);
        x[i] *= g;
        x[x.size() - 1 - i] *= g;
    }
}

}  // namespace

struct Voice::Impl {
    Config config;
    std::filesystem::path festival_lib;
    mutable std::mutex engine_mutex;
    mutable detail::HtsSynth synth;
    explicit Impl(detail::HtsSynth s) : synth(std::move(s)) {}
};

Voice::Voice(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Voice::~Voice() = default;
Voice::Voice(Voice&&) noexcept = default;
Voice& Voice::operator=(Voice&&) noexcept = default;

Result<Voice> Voice::open(const Config& config) {
    if (::access(config.festival.c_str(), X_OK) != 0) {
        return fail(Errc::unavailable, "Festival is not installed (apt-get install festival)");
    }
    if (!std::filesystem::exists(config.festival_lib / "init.scm")) {
        return fail(Errc::unavailable, "Festival's Scheme library (init.scm) is missing");
    }
    if (!std::filesystem::exists(config.htsvoice)) {
        return fail(Errc::unavailable,
                    "the HTS voice cmu_us_slt_arctic_hts is not installed (festvox-us-slt-hts)");
    }
    auto synth = detail::HtsSynth::load(config.htsvoice);
    if (!synth) return tl::unexpected(synth.error());
    auto impl = std::make_unique<Impl>(std::move(*synth));
    impl->config = config;
    impl->festival_lib = config.festival_lib;
    return Voice(std::move(impl));
}

Result<model::SungText> Voice::analyse(std::vector<model::LyricSection> sections) const {
    size_t bytes = 0;
    std::vector<std::vector<detail::TextWord>> lines;
    for (const auto& section : sections) {
        for (const auto& line : section.lines) {
            bytes += line.text.size() + 1;
            lines.push_back(detail::split_words(line.text));
        }
    }
    if (bytes > kMaxText) return fail(Errc::too_large, "the lyrics are longer than 256 KiB");
    model::SungText sung;
    sung.voice = "slt";
    if (!lines.empty()) {
        auto analysed = detail::run_festival(impl_->config.festival, impl_->festival_lib, lines,
                                             impl_->config.festival_timeout_s);
        if (!analysed) return tl::unexpected(analysed.error());
        size_t k = 0;
        for (auto& section : sections) {
            for (auto& line : section.lines) {
                line.words = std::move((*analysed)[k].words);
                line.pause_labels = std::move((*analysed)[k].pause_labels);
                ++k;
            }
        }
    }
    sung.sections = std::move(sections);
    return sung;
}

Result<model::Pcm> Voice::sing(const model::Score& score, int sample_rate,
                               std::stop_token stop) const {
    if (sample_rate < 8000 || sample_rate > 192000) {
        return fail(Errc::invalid_argument, "the sample rate must be 8000..192000 Hz");
    }
    if (!std::isfinite(score.duration_s) || score.duration_s < 0 || score.duration_s > 3600) {
        return fail(Errc::invalid_argument, "the score's duration must be 0..3600 s");
    }
    const auto frames = static_cast<size_t>(std::llround(score.duration_s * sample_rate));
    model::Pcm pcm(sample_rate, 1, std::vector<float>(frames, 0.0f));
    auto planned = detail::plan_syllables(score);
    if (!planned) return tl::unexpected(planned.error());
    if (planned->empty()) return pcm;
    const double sixteenth = score.seconds_at(score.ppq / 4);
    auto phrases = detail::group_phrases(std::move(*planned), sixteenth * 1.05);

    std::lock_guard lock(impl_->engine_mutex);
    auto& synth = impl_->synth;
    const double frame_s = static_cast<double>(synth.frame_period()) / synth.sample_rate();
    for (const auto& phrase : phrases) {
        if (stop.stop_requested()) return fail(Errc::cancelled, "the singing was cancelled");
        const auto labels = detail::phrase_labels(phrase);
        auto predicted = synth.predict_frames(labels);
        if (!predicted) return tl::unexpected(predicted.error());
        const auto timing = detail::retime(phrase, *predicted, frame_s, synth.states());
        const auto hz = detail::pitch_track(phrase, timing, frame_s, kGlide);
        auto native = synth.synthesize(labels, timing.frames, hz);
        if (!native) return tl::unexpected(native.error());
        remove_dc(*native, synth.sample_rate());
        fade_edges(*native, static_cast<size_t>(kEdgeFade * synth.sample_rate()));
        auto out = resample(*native, synth.sample_rate(), sample_rate);
        if (!out) return tl::unexpected(out.error());
        const int64_t at = std::llround(timing.start_s * sample_rate);
        for (size_t i = 0; i < out->size(); ++i) {
            const int64_t j = at + static_cast<int64_t>(i);
            if (j >= 0 && static_cast<size_t>(j) < frames) {
                pcm.samples[static_cast<size_t>(j)] += (*out)[i];
            }
        }
    }
    // HTS speaks in int16 units and its level varies by phrase: the song's peak goes to -1 dBFS.
    float peak = 0;
    for (float s : pcm.samples) peak = std::max(peak, std::abs(s));
    if (peak > 0) {
        const float gain = kPeak / peak;
        for (float& s : pcm.samples) s *= gain;
    }
    return pcm;
}

}  // namespace omg::voice
