// The Voice: Festival for the text, the HTS engine and our vocoder for the singing.
#include "voice/voice.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "voice/front_end.h"
#include "voice/hts_synth.h"
#include "voice/retime.h"

namespace omg::voice {

namespace {

constexpr size_t kMaxText = 256u << 10;
constexpr double kGlide = 0.015;
constexpr double kEdgeFade = 0.010;
constexpr float kPeak = 0.891f;  // -1 dBFS
// Breaths before phrases that follow a gap of at least kBreathGap: up to kBreathMax long, ending
// kBreathLead before the first consonant, kBreathDb under the phrase's own level.
constexpr double kBreathGap = 0.300;
constexpr double kBreathMin = 0.150;
constexpr double kBreathMax = 0.250;
constexpr double kBreathLead = 0.030;
constexpr double kBreathDb = -30;
constexpr double kBreathLowHz = 1000;
constexpr double kBreathHighHz = 6000;

// The voice's output carries a little DC: a one-pole high-pass at 20 Hz.
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

// One phrase, sung at the output rate: its samples from `at` (frames of the song), and where its
// first consonant starts and its last phone ends (for the breath before the next phrase).
struct PhraseAudio {
    int64_t at = 0;
    std::vector<float> samples;
    double onset_s = 0, sung_end_s = 0;
    double rms = 0;  // over the sung part
};

Result<PhraseAudio> sing_phrase(detail::HtsSynth& synth, const detail::Phrase& phrase,
                                int sample_rate) {
    const double frame_s = static_cast<double>(synth.frame_period()) / synth.sample_rate();
    const auto labels = detail::phrase_labels(phrase);
    auto predicted = synth.predict_frames(labels);
    if (!predicted) return tl::unexpected(predicted.error());
    const auto timing = detail::retime(phrase, *predicted, frame_s, synth.states());
    const auto hz = detail::pitch_track(phrase, timing, frame_s, kGlide);
    auto out = synth.synthesize(labels, timing.frames, hz, sample_rate);
    if (!out) return tl::unexpected(out.error());
    remove_dc(*out, sample_rate);
    fade_edges(*out, static_cast<size_t>(kEdgeFade * sample_rate));
    PhraseAudio a;
    a.at = std::llround(timing.start_s * sample_rate);
    a.samples = std::move(*out);
    // Label 0 is the leading pause, the last the trailing one.
    int64_t sung_frames = 0;
    for (size_t i = 1; i + 1 < timing.frames.size(); ++i) sung_frames += timing.frames[i];
    const int64_t lead = timing.frames.empty() ? 0 : timing.frames.front();
    a.onset_s = timing.start_s + static_cast<double>(lead) * frame_s;
    a.sung_end_s = a.onset_s + static_cast<double>(sung_frames) * frame_s;
    const auto from = static_cast<size_t>(std::clamp<double>(
        (a.onset_s - timing.start_s) * sample_rate, 0, static_cast<double>(a.samples.size())));
    const auto to = static_cast<size_t>(std::clamp<double>(
        (a.sung_end_s - timing.start_s) * sample_rate, 0, static_cast<double>(a.samples.size())));
    double energy = 0;
    for (size_t i = from; i < to; ++i) energy += static_cast<double>(a.samples[i]) * a.samples[i];
    a.rms = to > from ? std::sqrt(energy / static_cast<double>(to - from)) : 0;
    return a;
}

// Second-order sections (RBJ cookbook), direct form I in double.
struct Biquad {
    double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    static Biquad make(bool high, double hz, double rate) {
        const double w = 2 * 3.141592653589793 * hz / rate, c = std::cos(w),
                     alpha = std::sin(w) / (2 * 0.7071067811865476);
        const double a0 = 1 + alpha;
        Biquad q;
        const double k = high ? (1 + c) / 2 : (1 - c) / 2;
        q.b0 = k / a0;
        q.b1 = (high ? -(1 + c) : 1 - c) / a0;
        q.b2 = k / a0;
        q.a1 = -2 * c / a0;
        q.a2 = (1 - alpha) / a0;
        return q;
    }
    double operator()(double x) {
        const double y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1, x1 = x, y2 = y1, y1 = y;
        return y;
    }
};

// A soft breath in [start, end) frames: white noise (seeded by its position, so the same song
// breathes the same), band-passed to about 1-6 kHz, a raised-cosine rise over 40 % and fall
// over 60 %; `rms` is the level at the top of the envelope.
void add_breath(std::vector<float>& out, int rate, int64_t start, int64_t end, double rms) {
    start = std::max<int64_t>(start, 0);
    end = std::min<int64_t>(end, static_cast<int64_t>(out.size()));
    if (end - start < 16 || rms <= 0) return;
    const auto n = static_cast<size_t>(end - start);
    uint64_t state = 0x9E3779B97F4A7C15ull ^ static_cast<uint64_t>(start);
    auto next = [&] {  // splitmix64 -> uniform in [-1, 1)
        uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        return static_cast<double>(z >> 11) / 4503599627370496.0 - 1.0;
    };
    auto hp1 = Biquad::make(true, kBreathLowHz, rate), hp2 = hp1;
    auto lp1 = Biquad::make(false, std::min(kBreathHighHz, 0.45 * rate), rate), lp2 = lp1;
    std::vector<double> noise(n);
    double energy = 0;
    for (size_t i = 0; i < n; ++i) {
        noise[i] = lp2(lp1(hp2(hp1(next()))));
        energy += noise[i] * noise[i];
    }
    const double gain = energy > 0 ? rms / std::sqrt(energy / static_cast<double>(n)) : 0;
    const double rise = 0.4 * static_cast<double>(n), fall = static_cast<double>(n) - rise;
    for (size_t i = 0; i < n; ++i) {
        const double t = static_cast<double>(i);
        const double env = t < rise ? 0.5 - 0.5 * std::cos(3.141592653589793 * t / rise)
                                    : 0.5 + 0.5 * std::cos(3.141592653589793 * (t - rise) / fall);
        out[static_cast<size_t>(start) + i] += static_cast<float>(gain * env * noise[i]);
    }
}

}  // namespace

struct Voice::Impl {
    Config config;
    std::filesystem::path festival_lib;
    // Idle engines: a sing() borrows one per thread and gives it back, so calls may overlap.
    mutable std::mutex pool_mutex;
    mutable std::vector<detail::HtsSynth> pool;
    explicit Impl(detail::HtsSynth s) { pool.push_back(std::move(s)); }

    Result<detail::HtsSynth> borrow() const {
        {
            std::lock_guard lock(pool_mutex);
            if (!pool.empty()) {
                auto s = std::move(pool.back());
                pool.pop_back();
                return s;
            }
        }
        return detail::HtsSynth::load(config.htsvoice);
    }
    void give_back(detail::HtsSynth s) const {
        std::lock_guard lock(pool_mutex);
        pool.push_back(std::move(s));
    }
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
    return analyse_with(nullptr, std::move(sections));
}

Result<Voice::PendingAnalysis> Voice::start_analysis(const Config& config, size_t expected_lines) {
    auto run = detail::FestivalRun::start(config.festival, config.festival_lib,
                                          detail::FestivalRun::processes_for(expected_lines));
    if (!run) return tl::unexpected(run.error());
    return PendingAnalysis(std::make_unique<detail::FestivalRun>(std::move(*run)));
}

Voice::PendingAnalysis::PendingAnalysis(std::unique_ptr<detail::FestivalRun> run) : run_(std::move(run)) {}
Voice::PendingAnalysis::PendingAnalysis(PendingAnalysis&&) noexcept = default;
Voice::PendingAnalysis::~PendingAnalysis() = default;

Result<model::SungText> Voice::PendingAnalysis::analyse(const Voice& voice,
                                                        std::vector<model::LyricSection> sections) {
    if (!run_) return fail(Errc::internal, "a pending analysis answers once");
    auto run = std::move(run_);
    return voice.analyse_with(run.get(), std::move(sections));
}

Result<model::SungText> Voice::analyse_with(detail::FestivalRun* run,
                                            std::vector<model::LyricSection> sections) const {
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
        auto analysed = run ? run->analyse(lines, impl_->config.festival_timeout_s)
                            : detail::run_festival(impl_->config.festival, impl_->festival_lib, lines,
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

Result<model::Pcm> Voice::sing(const model::Score& score, int sample_rate, std::stop_token stop,
                               int threads) const {
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

    // Phrases are independent utterances: `threads` workers take them in turn, each with its own
    // engine, and the phrases are mixed in their order afterwards, so the bytes do not depend on
    // the thread count.
    std::vector<PhraseAudio> sung(phrases.size());
    std::vector<std::optional<Error>> errors(phrases.size());
    std::vector<char> done(phrases.size(), 0);
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&](detail::HtsSynth& synth) {
        for (size_t i; (i = next.fetch_add(1)) < phrases.size();) {
            if (failed.load() || stop.stop_requested()) return;
            auto r = sing_phrase(synth, phrases[i], sample_rate);
            if (r) {
                sung[i] = std::move(*r);
            } else {
                errors[i] = r.error();
                failed.store(true);
            }
            done[i] = 1;
        }
    };
    const size_t workers =
        std::clamp<size_t>(static_cast<size_t>(std::max(threads, 1)), 1, phrases.size());
    {
        std::vector<detail::HtsSynth> engines;
        for (size_t w = 0; w < workers; ++w) {
            auto synth = impl_->borrow();
            if (!synth) {
                for (auto& e : engines) impl_->give_back(std::move(e));
                return tl::unexpected(synth.error());
            }
            engines.push_back(std::move(*synth));
        }
        {
            std::vector<std::jthread> pool;
            for (size_t w = 1; w < workers; ++w) pool.emplace_back([&, w] { work(engines[w]); });
            work(engines[0]);
        }
        for (auto& e : engines) impl_->give_back(std::move(e));
    }
    if (stop.stop_requested()) return fail(Errc::cancelled, "the singing was cancelled");
    for (const auto& e : errors) {
        if (e) return tl::unexpected(*e);
    }
    double prev_end_s = 0;
    for (size_t p = 0; p < phrases.size(); ++p) {
        if (!done[p]) return fail(Errc::internal, "the voice skipped a phrase");
        const PhraseAudio& a = sung[p];
        for (size_t i = 0; i < a.samples.size(); ++i) {
            const int64_t j = a.at + static_cast<int64_t>(i);
            if (j >= 0 && static_cast<size_t>(j) < frames) {
                pcm.samples[static_cast<size_t>(j)] += a.samples[i];
            }
        }
        const double gap = a.onset_s - prev_end_s;
        if (gap >= kBreathGap) {
            const double end_s = a.onset_s - kBreathLead;
            const double len = std::clamp(gap - kBreathLead - 0.05, kBreathMin, kBreathMax);
            add_breath(pcm.samples, sample_rate, std::llround((end_s - len) * sample_rate),
                       std::llround(end_s * sample_rate), a.rms * std::pow(10.0, kBreathDb / 20));
        }
        prev_end_s = a.sung_end_s;
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
