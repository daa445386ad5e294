#include "app/show_render.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "engine/outputs.h"
#include "encode/audio_stream.h"
#include "show/mix.h"

namespace omg::app {

namespace {

std::string cue_label(size_t i, const model::Show& show) {
    return "cue " + std::to_string(i + 1) + " (" + show.cues[i].title + ")";
}

std::optional<uint64_t> seed_of(const model::GenerationRequest& r) {
    return r.seed ? std::optional<uint64_t>(static_cast<uint64_t>(*r.seed)) : std::nullopt;
}

show::RenderedCue facts(const engine::Song& song, int64_t frames) {
    show::RenderedCue c;
    c.frames = frames;
    c.sample_rate = song.audio.sample_rate;
    if (song.cue) {
        c.segments = show::CueSegments{song.cue->intro_frames, song.cue->vamp_frames, song.cue->ending_frames};
        c.tail_frames = show::ending_tail_frames(song.cue->shape.ending, song.cue->frames_per_bar, song.cue->ending_frames);
    }
    c.tempo_bpm = song.brief.tempo_bpm;
    c.time_signature = song.brief.time_signature.text();
    c.key = model::key_name(song.brief.key);
    for (const model::HitMark& m : song.score.hits) {
        show::SheetHit h;
        h.time_s = m.time_s;
        h.kind = std::string(model::hit_kind_name(m.asked.kind));
        h.met = m.met;
        if (m.met) h.landed_s = m.landed_s;
        h.reason = m.reason;
        c.hits.push_back(std::move(h));
    }
    c.recipe_json = song.recipe.to_json();
    return c;
}

}  // namespace

std::string cue_file_stem(size_t index, const std::string& title) {
    std::string s;
    for (char ch : title) {
        if (std::isalnum(static_cast<unsigned char>(ch))) s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(ch))));
        else if (!s.empty() && s.back() != '-') s.push_back('-');
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    const std::string num = std::to_string(index + 1);
    return (num.size() < 2 ? "0" + num : num) + "-" + (s.empty() ? "cue" : s.substr(0, 40));
}

Result<std::vector<show::CuePlan>> plan_with_engine(const engine::Engine& engine, const model::Show& show) {
    std::vector<show::Tonality> alone;
    for (size_t i = 0; i < show.cues.size(); ++i) {
        engine::Request r = engine::request_for(show.cues[i].request, seed_of(show.cues[i].request));
        auto brief = engine.interpret(r);
        if (!brief) return fail(brief.error().code, cue_label(i, show) + ": " + brief.error().message);
        alone.push_back({brief->tempo_bpm, brief->key});
    }
    return show::plan_show(show, alone);
}

Result<RenderedShow> render_show(const engine::Engine& engine, const model::Show& asked, const ShowRenderOptions& options) {
    RenderedShow out;
    auto plans = plan_with_engine(engine, asked);
    if (!plans) return tl::unexpected(plans.error());
    out.show = asked;
    for (size_t i = 0; i < plans->size(); ++i) out.show.cues[i].request = (*plans)[i].request;
    out.plans = std::move(*plans);
    const size_t n = out.show.cues.size();
    out.cues.resize(n);
    out.files.resize(n);
    out.render_seconds.resize(n);
    std::vector<std::optional<model::Pcm>> audio(n);
    if (options.out_dir) {
        std::error_code ec;
        std::filesystem::create_directories(*options.out_dir / "cues", ec);
        if (ec) return fail(Errc::io, "cannot create '" + (*options.out_dir / "cues").string() + "'");
    }

    std::atomic<size_t> next{0};
    std::atomic<size_t> done{0};
    std::mutex error_mutex;
    std::optional<Error> first_error;
    std::stop_source cancel;
    auto work = [&] {
        for (size_t i = next++; i < n; i = next++) {
            if (cancel.stop_requested() || options.stop.stop_requested()) return;
            const auto t0 = std::chrono::steady_clock::now();
            const model::GenerationRequest& req = out.show.cues[i].request;
            engine::Request r = engine::request_for(req, seed_of(req));
            std::stop_callback relay(options.stop, [&] { cancel.request_stop(); });
            auto song = engine.generate(r, {}, cancel.get_token());
            auto record_error = [&](const Error& e) {
                std::lock_guard lock(error_mutex);
                if (!first_error) first_error = Error{e.code, cue_label(i, out.show) + ": " + e.message};
                cancel.request_stop();
            };
            if (!song) return record_error(song.error());
            out.render_seconds[i] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            if (options.out_dir) {
                const std::string stem = cue_file_stem(i, out.show.cues[i].title);
                engine::OutputPaths paths;
                paths.audio = *options.out_dir / "cues" / (stem + ".wav");
                paths.midi = *options.out_dir / "cues" / (stem + ".mid");
                if (!song->stems.empty()) paths.stems_dir = *options.out_dir / "cues" / (stem + "-stems");
                auto written = engine::write_outputs(*song, engine.styles(), paths);
                if (!written) return record_error(written.error());
                for (const auto& w : *written) out.files[i].push_back(w.path);
            }
            model::Pcm file = song->cue ? engine::cue_segment(song->audio, *song->cue, engine::CueSegment::one_file)
                                        : std::move(song->audio);
            out.cues[i] = facts(*song, static_cast<int64_t>(file.frames()));
            audio[i] = std::move(file);
            if (options.on_cue_done) options.on_cue_done(++done, n);
        }
    };
    unsigned threads = options.parallel > 0 ? static_cast<unsigned>(options.parallel)
                                            : std::max(1u, std::thread::hardware_concurrency());
    threads = std::min<unsigned>(threads, static_cast<unsigned>(n));
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
    }
    if (first_error) return tl::unexpected(*first_error);
    if (options.stop.stop_requested()) return fail(Errc::cancelled, "the show was cancelled");

    auto timeline = show::show_timeline(out.show, out.cues);
    if (!timeline) return tl::unexpected(timeline.error());
    out.timeline = std::move(*timeline);
    for (auto& a : audio) out.audio.push_back(std::move(*a));
    out.rows = show::cue_sheet_rows(out.show, out.cues, out.timeline);
    return out;
}

Result<double> write_show_mix(const RenderedShow& show, encode::AudioFormat format, const encode::Metadata& meta,
                              const std::filesystem::path& path) {
    if (show.audio.empty() || show.audio.size() != show.timeline.cues.size())
        return fail(Errc::invalid_argument, "one file per cue");
    const int channels = show.audio.front().channels;
    auto writer = encode::AudioFileWriter::open(path, format, show.timeline.sample_rate, channels, meta);
    if (!writer) return tl::unexpected(writer.error());
    auto open = [&show](size_t i) -> Result<std::unique_ptr<show::CueReader>> { return show::pcm_reader(show.audio[i]); };
    auto sink = [&writer](std::span<const float> block) { return (*writer)->write(block); };
    auto mixed = show::stream_mix(show.timeline, channels, open, sink);
    if (!mixed) return tl::unexpected(mixed.error());
    if (auto st = (*writer)->finish(); !st) return tl::unexpected(st.error());
    return static_cast<double>(mixed->frames) / show.timeline.sample_rate;
}

}  // namespace omg::app
