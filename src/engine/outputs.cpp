#include "engine/outputs.h"

#include <cctype>
#include <cstdio>

#include "core/durable_file.h"
#include "core/utf8.h"
#include "encode/midi.h"
#include "encode/timed_lyrics.h"

namespace omg::engine {

encode::Metadata metadata_for(const Song& song, const model::StyleLibrary& styles) {
    encode::Metadata m;
    m.title = core::utf8_prefix(song.recipe.prompt, 200);  // a tag must stay valid UTF-8
    m.comment = "omg-recipe " + song.recipe.to_json();
    m.software = std::string("OMG ") + engine_version();
    const model::Style* style = styles.find(song.brief.style);
    m.genre = style ? style->name : song.brief.style;
    m.loudness = encode::TrackLoudness{song.integrated_lufs, song.true_peak_dbtp, song.loudness_range_lu};
    return m;
}

std::string stem_file_name(size_t index, const std::string& track_name, encode::AudioFormat format) {
    char prefix[8];
    std::snprintf(prefix, sizeof prefix, "%02zu-", index + 1);
    std::string name = prefix;
    for (char c : track_name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) name.push_back(static_cast<char>(std::tolower(u)));
        else if (!name.empty() && name.back() != '-') name.push_back('-');
    }
    while (!name.empty() && name.back() == '-') name.pop_back();
    return name + "." + std::string(encode::format_name(format));
}

std::filesystem::path cue_segment_path(const std::filesystem::path& audio, CueSegment which) {
    const char* suffix = which == CueSegment::intro ? "-intro" : which == CueSegment::loop ? "-loop"
                         : which == CueSegment::ending ? "-ending" : "";
    auto p = audio;
    p.replace_filename(audio.stem().string() + suffix + audio.extension().string());
    return p;
}

Result<std::vector<WrittenFile>> write_outputs(const Song& song, const model::StyleLibrary& styles,
                                               const OutputPaths& paths) {
    std::vector<WrittenFile> written;
    auto undo = [&](const Error& e) -> Result<std::vector<WrittenFile>> {
        std::error_code ec;
        for (const auto& f : written) std::filesystem::remove(f.path, ec);
        return tl::unexpected(e);
    };
    const auto meta = metadata_for(song, styles);
    const std::optional<CueLayout>& cue = song.cue;
    if (cue && ((paths.audio && encode::format_from_path(*paths.audio) == encode::AudioFormat::mp3) ||
                (paths.stems_dir && paths.stems_format == encode::AudioFormat::mp3)))
        return fail(Errc::invalid_argument, "a cue cannot be written as MP3 (it cannot loop gaplessly): "
                                            "use .wav, .flac or .ogg");
    // A cue's one file: intro + loop + ending, the loop marked in it.
    const auto one_file_meta = [&](encode::Metadata m) {
        if (cue) m.loop = encode::LoopPoints{cue->intro_frames, cue->vamp_frames};
        return m;
    };
    if (paths.audio) {
        auto format = encode::format_from_path(*paths.audio);
        if (!format)
            return fail(Errc::invalid_argument, "unknown audio format for '" + paths.audio->filename().string() +
                                                    "' (use .mp3, .wav, .flac or .ogg)");
        std::optional<model::Pcm> one_file;
        if (cue) one_file = cue_segment(song.audio, *cue, CueSegment::one_file);
        const model::Pcm& audio = one_file ? *one_file : song.audio;
        if (auto s = encode::write_audio(audio, *format, one_file_meta(meta), *paths.audio); !s) return undo(s.error());
        written.push_back({"audio", *paths.audio});
        if (cue) {
            for (CueSegment which : {CueSegment::intro, CueSegment::loop, CueSegment::ending}) {
                if (which == CueSegment::intro && cue->intro_frames == 0) continue;
                const auto path = cue_segment_path(*paths.audio, which);
                auto segment_meta = meta;
                const char* kind = which == CueSegment::intro ? "intro" : which == CueSegment::loop ? "loop" : "ending";
                segment_meta.title = meta.title + " (" + kind + ")";
                if (which == CueSegment::loop) segment_meta.loop = encode::LoopPoints{0, cue->vamp_frames};
                if (auto s = encode::write_audio(cue_segment(song.audio, *cue, which), *format, segment_meta, path); !s)
                    return undo(s.error());
                written.push_back({kind, path});
            }
        }
    }
    if (paths.midi) {
        if (auto s = encode::write_midi(song.score, meta.comment, *paths.midi); !s) return undo(s.error());
        written.push_back({"midi", *paths.midi});
    }
    if (paths.lrc && !song.score.vocal.empty()) {
        if (auto s = write_file_durably(*paths.lrc, encode::lrc_text(song.score, meta.title)); !s) return undo(s.error());
        written.push_back({"lrc", *paths.lrc});
    }
    if (paths.vtt && !song.score.vocal.empty()) {
        if (auto s = write_file_durably(*paths.vtt, encode::webvtt_text(song.score)); !s) return undo(s.error());
        written.push_back({"vtt", *paths.vtt});
    }
    if (paths.stems_dir) {
        std::error_code ec;
        std::filesystem::create_directories(*paths.stems_dir, ec);
        if (ec) return undo(Error{Errc::io, "cannot create the stems folder '" + paths.stems_dir->filename().string() + "'"});
        for (size_t i = 0; i < song.stems.size(); ++i) {
            const auto path = *paths.stems_dir / stem_file_name(i, song.stems[i].name, paths.stems_format);
            auto stem_meta = meta;
            stem_meta.title = meta.title + " (" + song.stems[i].name + ")";
            stem_meta.loudness.reset();  // the tags say the mix's loudness
            std::optional<model::Pcm> one_file;
            if (cue) one_file = cue_segment(song.stems[i].pcm, *cue, CueSegment::one_file);
            const model::Pcm& pcm = one_file ? *one_file : song.stems[i].pcm;
            if (auto s = encode::write_audio(pcm, paths.stems_format, one_file_meta(stem_meta), path); !s)
                return undo(s.error());
            written.push_back({"stem", path});
        }
    }
    return written;
}

}  // namespace omg::engine
