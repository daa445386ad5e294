#include "jobs/engine_adapter.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include <nlohmann/json.hpp>

#include "encode/audio_writer.h"
#include "encode/midi.h"
#include "encode/timed_lyrics.h"

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

json instruments_json(const std::vector<model::InstrumentRef>& list) {
    json a = json::array();
    for (const auto& i : list) a.push_back(i.name);
    return a;
}

// The sung lines with their times in seconds, the same spans as the .lrc and .vtt (one per
// line of Score::vocal.lines), for players that show the words as the song plays.
json sung_lines_json(const model::Score& score) {
    json lines = json::array();
    const auto& sections = score.vocal.text.sections;
    for (const auto& line : score.vocal.lines) {
        const bool known = line.section >= 0 && static_cast<size_t>(line.section) < sections.size();
        lines.push_back({{"start_s", round4(score.seconds_at(line.start_tick))},
                         {"end_s", round4(score.seconds_at(line.end_tick))},
                         {"section", known ? sections[static_cast<size_t>(line.section)].tag : ""},
                         {"text", line.text}});
    }
    return lines;
}

std::string song_metadata(const engine::Song& song, const std::vector<std::string>& stems) {
    json understood = json::array();
    for (const auto& f : song.interpretation.understood) {
        understood.push_back({{"field", f.field}, {"value", f.value}, {"words", f.words}});
    }
    json sections = json::array();
    for (const auto& s : song.score.sections) {
        sections.push_back({{"name", s.name}, {"kind", s.kind}, {"start_s", round4(s.start_s)},
                            {"bars", s.bars}, {"energy", round4(s.energy)}});
    }
    json timings = json::array();
    for (const auto& t : song.timings) {
        timings.push_back({{"stage", t.stage}, {"seconds", round4(t.seconds)}});
    }
    const auto& b = song.brief;
    json meta = {
        {"engine", engine::kEngineName},
        {"engine_version", engine::engine_version()},
        {"interpretation",
         {{"understood", understood},
          {"guessed", song.interpretation.guessed},
          {"ignored", song.interpretation.ignored}}},
        {"brief",
         {{"style", b.style},
          {"tempo_bpm", round4(b.tempo_bpm)},
          {"key", model::key_name(b.key)},
          {"time_signature", b.time_signature.text()},
          {"duration_s", round4(b.duration_s)},
          {"energy", round4(b.energy)},
          {"moods", b.moods},
          {"instruments", instruments_json(b.instruments)},
          {"excluded", instruments_json(b.excluded)}}},
        {"sections", sections},
        {"integrated_lufs", round4(song.integrated_lufs)},
        {"true_peak_dbtp", round4(song.true_peak_dbtp)},
        {"timings", timings},
        {"command_line", song.recipe.command_line()},
        {"stems", stems},
        {"vocals", !song.score.vocal.empty()},
        {"lines", sung_lines_json(song.score)},
    };
    json recipe = json::parse(song.recipe.to_json(), nullptr, false);
    if (!recipe.is_discarded()) meta["recipe"] = recipe;
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
    engine::Request req;
    req.prompt = task.params.prompt;
    req.duration_s = task.params.duration_s;
    req.seed = task.seed;
    const auto& asked = task.params;
    req.bpm = asked.bpm;
    req.key = asked.key;
    req.time_signature = asked.time_signature;
    req.style = asked.style;
    req.stems = asked.stems;
    req.vocals = asked.vocals;
    // The seed's `lyrics` field: the words are sung (vocals unset: on when there are words).
    if (asked.lyrics && !asked.lyrics->empty()) req.lyrics = *asked.lyrics;
    constexpr double kEngineShare = 0.85;
    auto on_progress = [&](const engine::Progress& p) {
        if (progress) progress(VersionProgress{p.stage, p.fraction * kEngineShare});
    };
    auto song = engine_.generate(req, on_progress, stop);
    if (!song) return tl::unexpected(song.error());

    VersionOutput out;
    encode::Metadata meta;
    meta.title = task.params.prompt.substr(0, 80);
    meta.comment = song->recipe.to_json();
    if (task.params.lyrics && !task.params.lyrics->empty()) {
        // The lyrics travel in the file too: the comment is the recipe plus the words sung.
        json comment = json::parse(meta.comment, nullptr, false);
        if (comment.is_object()) {
            comment["lyrics"] = *task.params.lyrics;
            meta.comment = comment.dump();
        }
    }
    meta.software = std::string("OMG ") + engine::engine_version();
    meta.genre = song->brief.style;

    auto write = [&](const std::string& name, const model::Pcm& pcm,
                     encode::AudioFormat format) -> Status {
        if (stop.stop_requested()) return fail(Errc::cancelled, "Generation was cancelled");
        auto bytes = encode::encode_audio(pcm, format, meta);
        if (!bytes) return tl::unexpected(bytes.error());
        if (auto st = artifacts.write_file(task.job_id, name, *bytes); !st) return st;
        out.files.push_back(name);
        return {};
    };
    const std::string& vid = task.version_id;
    if (progress) progress(VersionProgress{"encode", kEngineShare});
    if (auto st = write(vid + ".flac", song->audio, encode::AudioFormat::flac); !st) {
        return tl::unexpected(st.error());
    }
    if (progress) progress(VersionProgress{"encode", 0.92});
    if (auto st = write(vid + ".mp3", song->audio, encode::AudioFormat::mp3); !st) {
        return tl::unexpected(st.error());
    }
    std::vector<std::string> stem_names;
    for (const auto& stem : song->stems) {
        std::string name = vid + ".stem-" + slug(stem.name) + ".flac";
        if (std::find(out.files.begin(), out.files.end(), name) != out.files.end()) continue;
        if (auto st = write(name, stem.pcm, encode::AudioFormat::flac); !st) {
            return tl::unexpected(st.error());
        }
        stem_names.push_back(slug(stem.name));
    }
    {
        auto bytes = encode::midi_bytes(song->score, song->recipe.to_json());
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
                                       peaks_json(song->audio, 1000));
        !st) {
        return tl::unexpected(st.error());
    }
    out.files.push_back(vid + ".peaks.json");
    out.metadata_json = song_metadata(*song, stem_names);
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
    return encode::write_audio(*pcm, *fmt, meta, destination);
}

std::string EngineJobEngine::describe() const {
    return std::string(engine::kEngineName) + " " + engine::engine_version();
}

}  // namespace omg::jobs
