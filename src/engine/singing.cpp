#include "engine/singing.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "lyrics/tags.h"
#include "master/master.h"

namespace omg::engine {
namespace {

// The distinct lines a form will have: every section's, a chorus's once.
size_t distinct_lines(const lyrics::LyricForm& form) {
    size_t lines = 0;
    bool chorus = false;
    for (const auto& section : form.sections) {
        if (section.role == lyrics::Role::chorus) {
            if (chorus) continue;
            chorus = true;
        }
        lines += section.lines.size();
    }
    return lines;
}

}  // namespace

Result<const voice::Voice*> Singer::voice() const {
    std::call_once(voice_once_, [&] { voice_.emplace(voice::Voice::open(voice_config_)); });
    if (!*voice_) return fail(Errc::unavailable, "singing is not available: " + (*voice_).error().message);
    return &**voice_;
}

Result<Singer::Writer*> Singer::writer() const {
    std::call_once(writer_once_, [&]() {
        auto vocabulary = lyrics::load_vocabulary(lyrics_dir_);
        if (!vocabulary) {
            writer_.emplace(tl::unexpected(vocabulary.error()));
            return;
        }
        auto pronouncer = lyrics::Pronouncer::open();
        if (!pronouncer) {
            writer_.emplace(tl::unexpected(pronouncer.error()));
            return;
        }
        writer_.emplace(Writer{std::move(*vocabulary), std::move(*pronouncer)});
    });
    if (!*writer_)
        return fail(Errc::unavailable, "the built-in lyric writer is not available: " + (*writer_).error().message);
    return &**writer_;
}

Result<Words> Singer::words(const std::string& user_text, const model::Brief& brief, const model::Score& composed,
                            uint64_t seed) const {
    Words out;
    out.text = user_text;
    const bool write = out.text.find_first_not_of(" \t\r\n") == std::string::npos;
    std::optional<lyrics::LyricForm> form;
    std::optional<voice::Voice::PendingAnalysis> pending;
    if (write) {
        // Festival loads (~40 ms a process) while the voice and the writer load and the words
        // are written. (Should it not start, the analysis below starts it again and says why.)
        form = lyrics::plan_form(brief, composed);
        if (auto started = voice::Voice::start_analysis(voice_config_, distinct_lines(*form))) pending.emplace(std::move(*started));
    }
    auto v = voice();
    if (!v) return tl::unexpected(v.error());
    if (write) {
        auto w = writer();
        if (!w) return tl::unexpected(w.error());
        // The engine gives a prompt that names no topic one of its style's; a style file without
        // topics sings of life, never of the prompt's own words ("a pop song with lyrics").
        const std::string topic = brief.topic.empty() ? std::string("life") : brief.topic;
        auto written = lyrics::write_lyrics(*form, lyrics::WriteOptions{topic, seed}, (*w)->vocabulary, *(*w)->pronouncer);
        if (!written) return tl::unexpected(written.error());
        out.text = written->text();
        out.written = true;
    }
    auto read = lyrics::read_song_text(out.text);
    out.notes = std::move(read.notes);
    if (std::none_of(read.sections.begin(), read.sections.end(), [](const model::LyricSection& s) { return !s.lines.empty(); }))
        return fail(Errc::invalid_argument, "the lyrics have no line to sing");
    auto sung = pending ? pending->analyse(**v, std::move(read.sections)) : (*v)->analyse(std::move(read.sections));
    if (!sung) return tl::unexpected(sung.error());
    // A line the voice cannot say takes no bars: it is reported, and a sung section left with no
    // line is left out.
    for (auto& section : sung->sections) {
        const bool sung_role = !section.lines.empty();
        std::erase_if(section.lines, [&](const model::LyricLine& line) {
            if (!line.words.empty()) return false;
            out.notes.push_back(section.tag + ": \"" + line.text + "\" has no word the voice can say; not sung");
            return true;
        });
        if (sung_role && section.lines.empty()) out.notes.push_back("[" + section.tag + "] has nothing to sing; left out");
    }
    std::erase_if(sung->sections, [](const model::LyricSection& s) {
        return s.lines.empty() && s.role != "instrumental" && s.role != "intro" && s.role != "outro";
    });
    if (std::none_of(sung->sections.begin(), sung->sections.end(), [](const model::LyricSection& s) { return !s.lines.empty(); }))
        return fail(Errc::invalid_argument, "the lyrics have no word the voice can sing (it sings English)");
    out.sung = std::move(*sung);
    return out;
}

namespace {

// The part of `pcm` inside the sung lines, as one buffer (for loudness).
model::Pcm sung_spans(const model::Pcm& pcm, const model::Score& score) {
    std::vector<float> out;
    const auto ch = static_cast<size_t>(pcm.channels);
    for (const auto& line : score.vocal.lines) {
        const auto a = static_cast<size_t>(std::max(0.0, score.seconds_at(line.start_tick)) * pcm.sample_rate);
        const auto b = std::min(pcm.frames(), static_cast<size_t>(score.seconds_at(line.end_tick) * pcm.sample_rate));
        if (b > a) out.insert(out.end(), pcm.samples.begin() + static_cast<long>(a * ch), pcm.samples.begin() + static_cast<long>(b * ch));
    }
    return model::Pcm(pcm.sample_rate, pcm.channels, std::move(out));
}

}  // namespace

double mix_vocal(model::Pcm& mix, model::Pcm& vocal, const model::Score& score) {
    if (vocal.channels != mix.channels || vocal.sample_rate != mix.sample_rate) return 0;
    // BS.1770 integrated loudness by master's own meter (libebur128's true peak, which this
    // does not need, cost 0.2 s of CPU per sung minute).
    const double band = master::integrated_lufs(sung_spans(mix, score));
    const double voice = master::integrated_lufs(sung_spans(vocal, score));
    double gain = 1.0;
    if (std::isfinite(band) && std::isfinite(voice) && voice > -69 && band > -69)
        gain = std::pow(10.0, (band + kVocalOverBandDb - voice) / 20.0);
    gain = std::clamp(gain, 0.01, 30.0);
    const size_t n = std::min(mix.samples.size(), vocal.samples.size());
    for (size_t i = 0; i < n; ++i) {
        vocal.samples[i] = static_cast<float>(vocal.samples[i] * gain);
        mix.samples[i] += vocal.samples[i];
    }
    return gain;
}

}  // namespace omg::engine
