#include "engine/outputs.h"

#include <cctype>
#include <cstdio>

#include "core/durable_file.h"
#include "encode/midi.h"
#include "encode/timed_lyrics.h"

namespace omg::engine {

encode::Metadata metadata_for(const Song& song, const model::StyleLibrary& styles) {
    encode::Metadata m;
    m.title = song.recipe.prompt.substr(0, 200);
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

Result<std::vector<WrittenFile>> write_outputs(const Song& song, const model::StyleLibrary& styles,
                                               const OutputPaths& paths) {
    std::vector<WrittenFile> written;
    auto undo = [&](const Error& e) -> Result<std::vector<WrittenFile>> {
        std::error_code ec;
        for (const auto& f : written) std::filesystem::remove(f.path, ec);
        return tl::unexpected(e);
    };
    const auto meta = metadata_for(song, styles);
    if (paths.audio) {
        auto format = encode::format_from_path(*paths.audio);
        if (!format)
            return fail(Errc::invalid_argument, "unknown audio format for '" + paths.audio->filename().string() +
                                                    "' (use .mp3, .wav, .flac or .ogg)");
        if (auto s = encode::write_audio(song.audio, *format, meta, *paths.audio); !s) return undo(s.error());
        written.push_back({"audio", *paths.audio});
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
            if (auto s = encode::write_audio(song.stems[i].pcm, paths.stems_format, stem_meta, path); !s)
                return undo(s.error());
            written.push_back({"stem", path});
        }
    }
    return written;
}

}  // namespace omg::engine
