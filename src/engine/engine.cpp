#include "engine/engine.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <random>
#include <thread>

#include "core/rng.h"
#include "core/thread_priority.h"
#include "compose/compose.h"
#include "compose/cue_hits.h"
#include "engine/singing.h"
#include "master/master.h"
#include "prompt/prompt.h"
#include "render/render.h"
#include "style/loader.h"

namespace omg::engine {
namespace {

using Clock = std::chrono::steady_clock;

// How far the voice's threads yield to the band's: all the way (nice 19 weighs 15 against the
// band's 1024), so that a voice thread the scheduler puts beside the band takes ~1.5 % of its
// core, not a quarter as at nice 5 (measured: bench/voice/sung_vs_fluidsynth.sh). An idle core
// still runs it at full speed.
constexpr int kVoiceNiceSteps = 19;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

prompt::Overrides overrides_of(const Request& r) {
    prompt::Overrides o;
    o.duration_s = r.duration_s;
    o.bpm = r.bpm;
    o.key = r.key;
    o.time_signature = r.time_signature;
    o.style = r.style;
    return o;
}


// A cue's tempo and length: the tempo moved (by under 32 samples per bar) so that a bar is a
// whole number of synth blocks, and the brief's duration the cue's bars and its ending's decay,
// exactly. With hits given in seconds after the intro (compose/cue_hits.h), the bar is the one
// (in whole blocks) that lands the most of them on the loop's and the ending's downbeats, the
// nearest the asked tempo among those, within the style's tempo range (within its tempo flex of
// a tempo the request gave).
Result<CueLayout> shape_cue(model::Brief& brief, const model::CueShape& cue, int sample_rate,
                            model::Interpretation* notes, std::span<const model::Hit> hits,
                            const model::Style& style, bool tempo_asked) {
    if (cue.intro_bars < 0 || cue.intro_bars > model::kMaxCueBars || cue.vamp_bars < 1 ||
        cue.vamp_bars > model::kMaxCueBars)
        return fail(Errc::invalid_argument, "a cue's intro must be 0.." + std::to_string(model::kMaxCueBars) +
                                                " bars and its vamp 1.." + std::to_string(model::kMaxCueBars));
    const double bar_quarters = brief.time_signature.bar_quarters();
    const double qpm = brief.tempo_bpm * brief.time_signature.beat_quarters();
    const double sr = sample_rate;
    // Whole synth blocks, not only whole samples: the renderer starts notes on FluidSynth's
    // 64-frame blocks, so only a vamp of whole blocks renders the same way both times.
    constexpr int64_t kBlock = 64;
    auto frames = kBlock * std::max<int64_t>(1, std::llround(bar_quarters * 60.0 / qpm * sr / kBlock));
    auto bpm_of = [&](int64_t f) {
        return bar_quarters * 60.0 * sr / static_cast<double>(f) / brief.time_signature.beat_quarters();
    };
    if (bpm_of(frames) > model::kMaxBpm) frames += kBlock;
    if (bpm_of(frames) < model::kMinBpm) frames -= kBlock;
    const double asked_bpm = brief.tempo_bpm;
    std::string hit_note;
    if (std::any_of(hits.begin(), hits.end(), [](const model::Hit& h) { return h.time_s.has_value(); })) {
        const double flex = std::clamp(style.tempo_flex, 0.0, 0.15);
        const double slowest = std::max(model::kMinBpm, tempo_asked ? asked_bpm * (1 - flex) : std::min(style.tempo_min, asked_bpm));
        const double fastest = std::min(model::kMaxBpm, tempo_asked ? asked_bpm * (1 + flex) : std::max(style.tempo_max, asked_bpm));
        auto frames_at = [&](double bpm) { return bar_quarters * 60.0 / (bpm * brief.time_signature.beat_quarters()) * sr; };
        const auto fewest = static_cast<int64_t>(std::ceil(frames_at(fastest) / kBlock));
        const auto most = static_cast<int64_t>(std::floor(frames_at(slowest) / kBlock));
        auto met_at = [&](int64_t f) { return compose::cue_downbeats_met(hits, cue, static_cast<double>(f) / sr); };
        int best = met_at(frames);
        const int64_t asked_frames = frames;
        for (int64_t n = fewest; n <= most; ++n) {
            const int64_t f = n * kBlock;
            const int met = met_at(f);
            if (met > best || (met == best && met > 0 && std::llabs(f - asked_frames) < std::llabs(frames - asked_frames))) {
                best = met;
                frames = f;
            }
        }
        const auto timed = std::count_if(hits.begin(), hits.end(), [&](const model::Hit& h) {
            return h.time_s && *h.time_s >= cue.intro_bars * static_cast<double>(frames) / sr - model::kHitToleranceS;
        });
        char buf[200];
        if (timed > 0 && best < timed)
            std::snprintf(buf, sizeof buf,
                          "; no tempo from %.2f to %.2f bpm lands all %d hits given in seconds in the loop and the "
                          "ending (%d land at this one)",
                          slowest, fastest, static_cast<int>(timed), best);
        else if (timed > 0)
            std::snprintf(buf, sizeof buf, "; chosen so that the hits given in seconds in the loop and the ending land (%d)",
                          static_cast<int>(timed));
        else
            buf[0] = 0;
        hit_note = buf;
    }
    brief.tempo_bpm = bpm_of(frames);
    CueLayout layout;
    layout.shape = cue;
    layout.frames_per_bar = frames;
    layout.intro_frames = cue.intro_bars * frames;
    layout.vamp_frames = cue.vamp_bars * frames;
    auto seconds = [&](double s) { return static_cast<int64_t>(std::llround(s * sr)); };
    switch (cue.ending) {
        case model::CueEnding::fade: layout.ending_frames = model::kFadeEndingBars * frames; break;
        case model::CueEnding::button: layout.ending_frames = frames + seconds(1.5); break;
        case model::CueEnding::stinger: layout.ending_frames = frames + seconds(2.0); break;
        case model::CueEnding::ring_out: layout.ending_frames = frames + seconds(4.0); break;
    }
    const double duration = static_cast<double>(layout.render_frames()) / sr;
    if (duration > model::kMaxDurationS)
        return fail(Errc::invalid_argument, "the cue would last " + std::to_string(std::lround(duration)) +
                                                " s, over " + std::to_string(std::lround(model::kMaxDurationS)) +
                                                " s: ask for fewer bars or a faster tempo");
    brief.duration_s = duration;
    brief.duration_given = true;
    if (notes) {
        auto bars = [](int n) { return std::to_string(n) + (n == 1 ? " bar" : " bars"); };
        char tempo[96];
        std::snprintf(tempo, sizeof tempo, "%.4f bpm (asked %.2f): %lld samples a bar", brief.tempo_bpm, asked_bpm,
                      static_cast<long long>(frames));
        notes->understood.push_back(
            {"cue",
             "intro " + bars(cue.intro_bars) + ", vamp " + bars(cue.vamp_bars) + " (the loop), ending " + std::string(model::cue_ending_name(cue.ending)) + "; " + tempo + hit_note,
             ""});
        for (auto& g : notes->guessed)
            if (g.rfind("duration: ", 0) == 0) g = "duration: set by the cue's bars";
    }
    return layout;
}

// The fade ending: a raised-cosine fall from the ending's first frame to silence at its last.
void fade_ending(model::Pcm& pcm, const CueLayout& layout) {
    const auto channels = static_cast<size_t>(pcm.channels);
    const auto start = static_cast<size_t>(layout.ending_start());
    const auto frames = static_cast<size_t>(layout.ending_frames);
    for (size_t i = 0; i < frames && start + i < pcm.frames(); ++i) {
        const double x = static_cast<double>(i + 1) / static_cast<double>(frames);
        const auto g = static_cast<float>(0.5 * (1.0 + std::cos(x * 3.14159265358979323846)));
        for (size_t c = 0; c < channels; ++c) pcm.samples[(start + i) * channels + c] *= g;
    }
}

// Every hit asked for, in the interpretation: where it landed, or why it could not.
void report_hits(const model::Score& score, model::Interpretation& out) {
    for (const model::HitMark& m : score.hits) {
        const std::string asked = model::hit_text(m.asked);
        if (m.met) {
            char landed[96];
            std::snprintf(landed, sizeof landed, "bar %d at %.3f s", m.bar + 1, m.landed_s);
            out.understood.push_back({"hit", std::string(model::hit_kind_name(m.asked.kind)) + " on " + landed, asked});
        } else {
            out.guessed.push_back("hit " + asked + ": not met (" + m.reason + ")");
        }
    }
}

Status check_stop(const std::stop_token& stop) {
    if (stop.stop_requested()) return fail(Errc::cancelled, "generation cancelled");
    return {};
}

}  // namespace

const char* engine_version() { return "0.1.0"; }

model::Pcm cue_segment(const model::Pcm& render, const CueLayout& layout, CueSegment which) {
    const auto channels = static_cast<size_t>(render.channels);
    model::Pcm out(render.sample_rate, render.channels, {});
    auto append = [&](int64_t from, int64_t frames) {
        const auto a = static_cast<size_t>(std::clamp<int64_t>(from, 0, static_cast<int64_t>(render.frames())));
        const auto b = static_cast<size_t>(std::clamp<int64_t>(from + frames, 0, static_cast<int64_t>(render.frames())));
        out.samples.insert(out.samples.end(), render.samples.begin() + static_cast<std::ptrdiff_t>(a * channels),
                           render.samples.begin() + static_cast<std::ptrdiff_t>(b * channels));
    };
    switch (which) {
        case CueSegment::intro: append(0, layout.intro_frames); break;
        case CueSegment::loop: append(layout.loop_start(), layout.vamp_frames); break;
        case CueSegment::ending: append(layout.ending_start(), layout.ending_frames); break;
        case CueSegment::one_file:
            append(0, layout.intro_frames);
            append(layout.loop_start(), layout.vamp_frames);
            append(layout.ending_start(), layout.ending_frames);
            break;
    }
    return out;
}

Request request_for(const model::GenerationRequest& asked, std::optional<uint64_t> seed) {
    Request r;
    r.prompt = asked.prompt;
    r.duration_s = asked.duration_s;
    r.seed = seed;
    r.bpm = asked.bpm;
    r.key = asked.key;
    r.time_signature = asked.time_signature;
    r.style = asked.style;
    r.stems = asked.stems;
    r.vocals = asked.vocals;
    r.loudness = asked.loudness;
    r.quality = asked.quality;
    r.cue = asked.cue;
    r.hits = asked.hits;
    if (asked.lyrics && !asked.lyrics->empty()) r.lyrics = asked.lyrics;
    return r;
}

namespace {

std::shared_ptr<const Singer> make_singer(const Config& config) {
    voice::Config vc;
    if (!config.festival.empty()) vc.festival = config.festival;
    if (!config.htsvoice.empty()) vc.htsvoice = config.htsvoice;
    return std::make_shared<const Singer>(std::move(vc), config.lyrics_dir);
}

bool blank(const std::optional<std::string>& s) {
    return !s || s->find_first_not_of(" \t\r\n") == std::string::npos;
}

// What the Interpretation says of the words: how many were sung, what was not, and why.
void report_words(const Words& words, const model::Score& score, model::Interpretation& out) {
    size_t lines = 0;
    std::vector<int> sections;
    for (const auto& l : score.vocal.lines) {
        ++lines;
        if (std::find(sections.begin(), sections.end(), l.section) == sections.end()) sections.push_back(l.section);
    }
    out.understood.push_back({"vocals", "sung: " + std::to_string(lines) + " lines in " + std::to_string(sections.size()) +
                                            " sections, " + (words.written ? "words by the built-in writer" : "your words"),
                              ""});
    for (const auto& n : words.notes) out.guessed.push_back("lyrics: " + n);
    if (!words.written) {  // without a duration, the words set the length
        for (auto& g : out.guessed)
            if (g.rfind("duration: ", 0) == 0 && g.find("(the default)") != std::string::npos) {
                const auto s = static_cast<long>(std::lround(score.duration_s));
                g = "duration: " + std::to_string(s) + " s (as long as the words need)";
            }
    }
    for (const auto& d : score.vocal.dropped) out.guessed.push_back("lyrics not sung: " + d);
}

// The Score's tracks as parts. Stems come in track order without the vocal track (the synth does
// not play it), then the voice's, "Vocals", last.
std::vector<Part> parts_of(const model::Score& score, const std::vector<model::Stem>& stems) {
    std::vector<Part> parts;
    size_t played = 0;
    for (const model::Track& t : score.tracks) {
        Part p{t.name, t.program, t.drums, t.role, std::nullopt, std::nullopt};
        const bool sung = t.role == "vocal";
        std::optional<size_t> stem;
        if (sung && !stems.empty() && stems.back().name == "Vocals") stem = stems.size() - 1;
        else if (!sung && played < stems.size()) stem = played;
        if (!sung) ++played;
        if (stem) {
            p.stem = stem;
            const double lufs = master::integrated_lufs(stems[*stem].pcm);
            if (std::isfinite(lufs)) p.loudness_lufs = lufs;
        }
        parts.push_back(std::move(p));
    }
    return parts;
}

}  // namespace

Engine::Engine(Config config, model::StyleLibrary styles)
    : config_(std::move(config)), styles_(std::move(styles)), singer_(make_singer(config_)) {}

Result<Engine> Engine::open(const Config& config) {
    auto library = style::load_library(config.styles_dir);
    if (!library) return tl::unexpected(library.error());
    if (library->styles.empty()) return fail(Errc::not_found, "no styles found in the styles folder");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config.soundfont, ec))
        return fail(Errc::not_found, "SoundFont '" + config.soundfont.filename().string() +
                                         "' not found (install fluid-soundfont-gm or pass --soundfont)");
    return Engine(config, std::move(*library));
}

Result<std::filesystem::path> Engine::soundfont_for(model::SoundQuality quality) const {
    if (quality == model::SoundQuality::fast) return config_.soundfont;
    const std::filesystem::path& best = config_.best_soundfont;
    std::error_code ec;
    if (best.empty() || !std::filesystem::is_regular_file(best, ec))
        return fail(Errc::not_found,
                    "sound quality 'best' needs the SoundFont " +
                        (best.empty() ? std::string("MuseScore_General.sf3")
                                      : "'" + best.string() + "'") +
                        ", which is not installed (Debian package musescore-general-soundfont; "
                        "scripts/setup-deps.sh installs it)");
    return best;
}

Result<model::Brief> Engine::interpret(const Request& request, model::Interpretation* out) const {
    auto understood = prompt::understand(request.prompt, overrides_of(request), styles_);
    if (!understood) return tl::unexpected(understood.error());
    if (out) *out = understood->interpretation;
    return understood->brief;
}

Result<Arrangement> Engine::compose(const Request& request) const {
    auto understood = prompt::understand(request.prompt, overrides_of(request), styles_);
    if (!understood) return tl::unexpected(understood.error());
    const model::Style* style = styles_.find(understood->brief.style);
    if (!style) return fail(Errc::internal, "the prompt chose a style that is not loaded");
    Arrangement out;
    out.brief = understood->brief;
    out.interpretation = understood->interpretation;
    out.seed = request.seed.value_or(fresh_seed());
    compose::ComposeOptions co{out.seed};
    if (request.cue) {
        auto layout = shape_cue(out.brief, *request.cue, config_.sample_rate, &out.interpretation, request.hits,
                                *style, request.bpm.has_value());
        if (!layout) return tl::unexpected(layout.error());
        co.cue = &*request.cue;
    }
    co.hits = request.hits;
    auto score = compose::compose(out.brief, *style, co);
    if (!score) return tl::unexpected(score.error());
    out.score = std::move(*score);
    report_hits(out.score, out.interpretation);
    return out;
}

Result<Song> Engine::generate(const Request& request, const ProgressFn& progress, std::stop_token stop) const {
    auto report = [&](const char* stage, double fraction) {
        if (progress) progress(Progress{stage, fraction});
    };
    Song song;
    report("interpret", 0.0);
    auto t0 = Clock::now();
    auto understood = prompt::understand(request.prompt, overrides_of(request), styles_);
    if (!understood) return tl::unexpected(understood.error());
    song.brief = understood->brief;
    song.interpretation = understood->interpretation;
    song.timings.push_back({"interpret", seconds_since(t0)});
    const model::Style* style = styles_.find(song.brief.style);
    if (!style) return fail(Errc::internal, "the prompt chose a style that is not loaded");
    // Before any work: a quality whose SoundFont is missing fails here, with no fallback.
    auto soundfont = soundfont_for(request.quality.value_or(model::kDefaultSoundQuality));
    if (!soundfont) return tl::unexpected(soundfont.error());
    if (auto s = check_stop(stop); !s) return tl::unexpected(s.error());

    song.seed = request.seed.value_or(fresh_seed());
    report("compose", 0.03);
    t0 = Clock::now();
    if (request.cue) {
        auto layout = shape_cue(song.brief, *request.cue, config_.sample_rate, &song.interpretation, request.hits,
                                *style, request.bpm.has_value());
        if (!layout) return tl::unexpected(layout.error());
        song.cue = *layout;
    }
    const bool vocals = !song.cue && request.vocals.value_or(song.brief.vocals || !blank(request.lyrics));
    if (song.cue && (request.vocals.value_or(false) || !blank(request.lyrics)))
        song.interpretation.guessed.push_back("vocals: not sung (a cue is instrumental)");
    else if (!vocals && !blank(request.lyrics))
        song.interpretation.guessed.push_back("lyrics: not sung (vocals are off)");
    compose::ComposeOptions co{song.seed};
    if (request.cue) co.cue = &*request.cue;
    co.hits = request.hits;
    std::optional<Words> words;
    if (vocals && blank(request.lyrics) && song.brief.topic.empty() && !style->topics.empty()) {
        // Words asked for with nothing to be about: one of the style's own topics, by the seed.
        Rng rng = Rng(song.seed).fork("topic");
        song.brief.topic = rng.pick(style->topics);
        song.interpretation.guessed.push_back("topic: " + song.brief.topic + " (one of the " + style->name +
                                              " style's; the prompt names none)");
    }
    if (vocals) {
        std::optional<model::Score> plain;
        if (blank(request.lyrics)) {  // the writer fits the form the same request has without words
            auto s = compose::compose(song.brief, *style, co);
            if (!s) return tl::unexpected(s.error());
            plain = std::move(*s);
        }
        auto w = singer_->words(request.lyrics.value_or(""), song.brief, plain ? *plain : model::Score{}, song.seed);
        if (!w) return tl::unexpected(w.error());
        words = std::move(*w);
        co.lyrics = &words->sung;
        // The writer wrote for this length; the user's own words set it unless it was given.
        if (words->written) song.brief.duration_given = true;
        song.timings.push_back({"lyrics", seconds_since(t0)});
        t0 = Clock::now();
    }
    auto score = compose::compose(song.brief, *style, co);
    if (!score) return tl::unexpected(score.error());
    song.score = std::move(*score);
    song.brief.duration_s = song.score.duration_s;  // words without a duration set the length
    report_hits(song.score, song.interpretation);
    if (words) {
        report_words(*words, song.score, song.interpretation);
        song.lyrics = words->text;
        song.lyrics_written = words->written;
    }
    song.timings.push_back({"compose", seconds_since(t0)});
    if (auto s = check_stop(stop); !s) return tl::unexpected(s.error());

    report("render", 0.08);
    t0 = Clock::now();
    render::RenderOptions ro;
    ro.soundfont = *soundfont;
    ro.sample_rate = config_.sample_rate;
    ro.balance_cache = config_.cache_dir;
    ro.stems = request.stems;
    ro.threads = config_.render_threads > 0 ? config_.render_threads
                                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    ro.stop = stop;
    ro.progress = [&](double f) { report("render", 0.08 + 0.8 * f); };
    // The voice sings, and goes through its vocal chain, while the band plays: on its own
    // threads, which yield to the band's (core/thread_priority.h). The band is then one synth,
    // the longest piece of work, with a core of its own; a second synth would only add its
    // reverb and chorus (bench/voice/sung_vs_fluidsynth.sh).
    if (!song.score.vocal.empty()) ro.mix_synths = 1;
    std::optional<Result<model::Pcm>> sung;
    double sing_s = 0;
    std::jthread singer;
    if (!song.score.vocal.empty()) {
        singer = std::jthread([&] {
            const auto start = Clock::now();
            (void)core::lower_thread_priority(kVoiceNiceSteps);  // a hint: without it only slower
            auto v = singer_->voice();
            if (!v) {
                sung.emplace(tl::unexpected(v.error()));
            } else if (auto dry = (*v)->sing(song.score, config_.sample_rate, stop, ro.threads); !dry) {
                sung.emplace(tl::unexpected(dry.error()));
            } else {
                sung.emplace(voice::produce(*dry, song.score.mix));
            }
            sing_s = seconds_since(start);
        });
    }
    auto rendered = render::render(song.score, ro);
    if (singer.joinable()) singer.join();
    if (!rendered) return tl::unexpected(rendered.error());
    if (sung) {
        if (!*sung) return tl::unexpected(sung->error());
        model::Pcm& vocal = **sung;
        mix_vocal(rendered->mix, vocal, song.score);
        if (request.stems) rendered->stems.push_back({"Vocals", std::move(vocal)});
        song.timings.push_back({"sing", sing_s});
    }
    song.timings.push_back({"render", seconds_since(t0)});
    if (auto s = check_stop(stop); !s) return tl::unexpected(s.error());

    report("master", 0.9);
    t0 = Clock::now();
    master::MasterOptions mo;
    song.loudness = request.loudness.value_or(model::kDefaultLoudness);
    mo.target_lufs = model::loudness_target(song.loudness).integrated_lufs;
    mo.ceiling_dbtp = model::loudness_target(song.loudness).ceiling_dbtp;
    // A cue gets no fades from the master: one static gain and the limiter over the whole render,
    // so its loop is the same at both ends; a fade ending is applied after.
    if (style->ending.fade && !song.cue) mo.fade_out_s = std::min(10.0, 0.15 * song.brief.duration_s);
    if (style->feel == "ambient" && !song.cue) mo.fade_in_s = std::min(3.0, 0.05 * song.brief.duration_s);
    std::vector<model::Pcm*> companions;
    for (auto& stem : rendered->stems) companions.push_back(&stem.pcm);
    auto report_master = master::master(rendered->mix, mo, companions);
    if (!report_master) return tl::unexpected(report_master.error());
    if (song.cue && song.cue->shape.ending == model::CueEnding::fade) {
        fade_ending(rendered->mix, *song.cue);
        for (auto& stem : rendered->stems) fade_ending(stem.pcm, *song.cue);
        report_master->after.integrated_lufs = master::integrated_lufs(rendered->mix);
    }
    song.integrated_lufs = report_master->after.integrated_lufs;
    song.true_peak_dbtp = report_master->after.true_peak_dbtp;
    song.loudness_range_lu = report_master->after.loudness_range_lu;
    song.audio = std::move(rendered->mix);
    song.stems = std::move(rendered->stems);
    song.parts = parts_of(song.score, song.stems);
    song.timings.push_back({"master", seconds_since(t0)});

    song.recipe.prompt = request.prompt;
    song.recipe.seed = song.seed;
    song.recipe.duration_s = song.brief.duration_s;
    song.recipe.bpm = request.bpm;
    song.recipe.key = request.key;
    song.recipe.time_signature = request.time_signature;
    song.recipe.style = request.style;
    song.recipe.vocals = request.vocals;
    song.recipe.loudness = request.loudness;
    song.recipe.quality = request.quality;
    song.recipe.soundfont = soundfont->filename().string();
    song.recipe.cue = request.cue;
    song.recipe.hits = request.hits;
    if (!blank(request.lyrics)) song.recipe.lyrics = request.lyrics;
    song.recipe.engine_version = engine_version();
    report("master", 0.95);
    return song;
}

}  // namespace omg::engine
