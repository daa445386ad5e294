#include "jobs/engine_adapter.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "encode/audio_writer.h"
#include "encode/midi.h"
#include "encode/timed_lyrics.h"
#include "engine/json.h"
#include "engine/outputs.h"

namespace omg::jobs {

using json = nlohmann::json;

namespace {

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

std::string slug(const std::string& name) {
    std::string s;
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        } else if (!s.empty() && s.back() != '-') {
            s.push_back('-');
        }
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    if (s.empty()) s = "track";
    return s.substr(0, 40);
}

// The version's metadata: the engine's view of the song (engine::song_json, the same as the
// CLI's --json) and the names of its stems. `stem_files`: each of song.stems' name among
// `stems` ("" where two stems' names collided and only the first was kept).
std::string song_metadata(const engine::Song& song, const model::StyleLibrary& styles,
                          const std::vector<std::string>& stems, const std::vector<std::string>& stem_files) {
    json meta = engine::song_json(song, styles, stem_files);
    meta["engine"] = engine::kEngineName;
    meta["engine_version"] = engine::engine_version();
    meta["stems"] = stems;
    return meta.dump();
}

}  // namespace

std::string peaks_json(const model::Pcm& pcm, int points) {
    points = std::clamp(points, 1, 100000);
    const size_t frames = pcm.frames();
    const size_t ch = static_cast<size_t>(std::max(1, pcm.channels));
    json mins = json::array();
    json maxs = json::array();
    for (int p = 0; p < points; ++p) {
        size_t a = frames * static_cast<size_t>(p) / static_cast<size_t>(points);
        size_t e = frames * static_cast<size_t>(p + 1) / static_cast<size_t>(points);
        float lo = 0;
        float hi = 0;
        for (size_t f = a; f < e; ++f) {
            for (size_t c = 0; c < ch; ++c) {
                float v = pcm.samples[f * ch + c];
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        mins.push_back(round4(lo));
        maxs.push_back(round4(hi));
    }
    return json{{"points", points},
                {"duration", round4(pcm.seconds())},
                {"sample_rate", pcm.sample_rate},
                {"min", mins},
                {"max", maxs}}
        .dump();
}

Result<VersionOutput> EngineJobEngine::generate(const VersionTask& task,
                                                storage::ArtifactStore& artifacts,
                                                const VersionProgressFn& progress,
                                                std::stop_token stop) {
    // The seed's `lyrics` field: the words are sung (vocals unset: on when there are words).
    const engine::Request req = engine::request_for(task.params, task.seed);
    constexpr double kEngineShare = 0.85;
    auto on_progress = [&](const engine::Progress& p) {
        if (progress) progress(VersionProgress{p.stage, p.fraction * kEngineShare});
    };
    auto song = engine_.generate(req, on_progress, stop);
    if (!song) return tl::unexpected(song.error());

    VersionOutput out;
    // The same tags as the CLI's files: the recipe (the user's own words included) in the comment.
    // The mix's files also carry its loudness (ReplayGain); the stems' do not.
    const encode::Metadata meta = engine::metadata_for(*song, engine_.styles());
    encode::Metadata stem_meta = meta;
    stem_meta.loudness.reset();
    auto write = [&](const std::string& name, const model::Pcm& pcm, encode::AudioFormat format,
                     const encode::Metadata& tags) -> Status {
        if (stop.stop_requested()) return fail(Errc::cancelled, "Generation was cancelled");
        auto bytes = encode::encode_audio(pcm, format, tags);
        if (!bytes) return tl::unexpected(bytes.error());
        if (auto st = artifacts.write_file(task.job_id, name, *bytes); !st) return st;
        out.files.push_back(name);
        return {};
    };
    const std::string& vid = task.version_id;
    if (progress) progress(VersionProgress{"encode", kEngineShare});
    // A cue's version: its audio is the one file, intro + loop + ending, with the loop points in
    // it (the WAV and OGG made from it on request keep them); its segments are kept beside it as
    // <vid>.intro.flac, <vid>.loop.flac and <vid>.ending.flac, and there is no MP3 (it cannot loop
    // gaplessly). Its stems are laid out as its one file.
    const std::optional<engine::CueLayout>& cue = song->cue;
    std::optional<model::Pcm> one_file;
    encode::Metadata audio_meta = meta;
    if (cue) {
        one_file = engine::cue_segment(song->audio, *cue, engine::CueSegment::one_file);
        audio_meta.loop = encode::LoopPoints{cue->intro_frames, cue->vamp_frames};
        stem_meta.loop = audio_meta.loop;
    }
    const model::Pcm& audio = one_file ? *one_file : song->audio;
    if (auto st = write(vid + ".flac", audio, encode::AudioFormat::flac, audio_meta); !st) {
        return tl::unexpected(st.error());
    }
    if (progress) progress(VersionProgress{"encode", 0.92});
    if (!cue) {
        if (auto st = write(vid + ".mp3", song->audio, encode::AudioFormat::mp3, meta); !st) {
            return tl::unexpected(st.error());
        }
    } else {
        for (engine::CueSegment which : {engine::CueSegment::intro, engine::CueSegment::loop, engine::CueSegment::ending}) {
            if (which == engine::CueSegment::intro && cue->intro_frames == 0) continue;
            const char* kind = which == engine::CueSegment::intro ? "intro" : which == engine::CueSegment::loop ? "loop" : "ending";
            encode::Metadata segment_meta = meta;
            segment_meta.title = meta.title + " (" + kind + ")";
            if (which == engine::CueSegment::loop) segment_meta.loop = encode::LoopPoints{0, cue->vamp_frames};
            if (auto st = write(vid + "." + kind + ".flac", engine::cue_segment(song->audio, *cue, which),
                                encode::AudioFormat::flac, segment_meta);
                !st)
                return tl::unexpected(st.error());
        }
    }
    std::vector<std::string> stem_names;
    std::vector<std::string> stem_files;  // per stem: its name in stem_names, or "" if not kept
    for (const auto& stem : song->stems) {
        std::string name = vid + ".stem-" + slug(stem.name) + ".flac";
        stem_files.push_back("");
        if (std::find(out.files.begin(), out.files.end(), name) != out.files.end()) continue;
        std::optional<model::Pcm> laid_out;
        if (cue) laid_out = engine::cue_segment(stem.pcm, *cue, engine::CueSegment::one_file);
        if (auto st = write(name, laid_out ? *laid_out : stem.pcm, encode::AudioFormat::flac, stem_meta); !st) {
            return tl::unexpected(st.error());
        }
        stem_names.push_back(slug(stem.name));
        stem_files.back() = stem_names.back();
    }
    {
        auto bytes = encode::midi_bytes(song->score, meta.comment);
        if (auto st = artifacts.write_file(task.job_id, vid + ".mid", bytes); !st) {
            return tl::unexpected(st.error());
        }
        out.files.push_back(vid + ".mid");
    }
    if (!song->score.vocal.empty()) {  // the sung lines' times, for players and subtitles
        const std::pair<std::string, std::string> timed[] = {
            {vid + ".lrc", encode::lrc_text(song->score, meta.title)}, {vid + ".vtt", encode::webvtt_text(song->score)}};
        for (const auto& [name, text] : timed) {
            const std::vector<unsigned char> bytes(text.begin(), text.end());
            if (auto st = artifacts.write_file(task.job_id, name, bytes); !st) return tl::unexpected(st.error());
            out.files.push_back(name);
        }
    }
    if (auto st = artifacts.write_file(task.job_id, vid + ".peaks.json",
                                       peaks_json(audio, 1000));
        !st) {
        return tl::unexpected(st.error());
    }
    out.files.push_back(vid + ".peaks.json");
    out.metadata_json = song_metadata(*song, engine_.styles(), stem_names, stem_files);
    if (progress) progress(VersionProgress{"encode", 1.0});
    return out;
}

Status EngineJobEngine::convert_audio(const std::filesystem::path& source,
                                      const std::filesystem::path& destination,
                                      const std::string& format) {
    auto fmt = encode::parse_format(format);
    if (!fmt) return fail(Errc::invalid_argument, "unsupported format");
    auto pcm = encode::read_audio(source);
    if (!pcm) return tl::unexpected(pcm.error());
    encode::Metadata meta;
    meta.software = std::string("OMG ") + engine::engine_version();
    // The source's loudness tags travel on (a WAV made from the FLAC says its R128 values).
    // So does a cue's loop (and MP3 is refused for it: it cannot loop gaplessly).
    if (auto source_meta = encode::read_metadata(source)) {
        meta.loudness = source_meta->loudness;
        meta.loop = source_meta->loop;
    }
    return encode::write_audio(*pcm, *fmt, meta, destination);
}

std::string EngineJobEngine::describe() const {
    return std::string(engine::kEngineName) + " " + engine::engine_version();
}

}  // namespace omg::jobs
