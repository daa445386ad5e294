// Writing a Song to files: audio in any format, the Score as MIDI, stems. Every file is written
// to a temporary name and renamed when complete (encode does that), and carries the recipe in its
// metadata so the track can be regenerated from the file alone.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "core/result.h"
#include "encode/audio_writer.h"
#include "engine/engine.h"

namespace omg::engine {

struct OutputPaths {
    std::optional<std::filesystem::path> audio;  // format from the extension
    std::optional<std::filesystem::path> midi;
    std::optional<std::filesystem::path> stems_dir;
    encode::AudioFormat stems_format = encode::AudioFormat::wav;
    std::optional<std::filesystem::path> lrc;  // the sung lines' times (when the song has words)
    std::optional<std::filesystem::path> vtt;
};

struct WrittenFile {
    // audio | midi | stem | lrc | vtt; a cue's segments: intro | loop | ending
    std::string kind;
    std::filesystem::path path;
};

// The tags of the mix's files: title, the recipe ("omg-recipe {...}"), software, the style's name
// as genre, and the measured loudness (ReplayGain / R128 tags; clear it for a stem's file).
encode::Metadata metadata_for(const Song& song, const model::StyleLibrary& styles);

// Writes what `paths` asks for; on failure, files already written by this call are removed.
// A cue (Song::cue) is written as its one file with loop points at `audio` (intro + loop +
// ending; stems likewise), and its segments beside it: "cue.wav" gives "cue-intro.wav" (when
// there is an intro), "cue-loop.wav" (its loop points: the whole file) and "cue-ending.wav".
// MP3 is refused for a cue: it cannot loop gaplessly.
Result<std::vector<WrittenFile>> write_outputs(const Song& song, const model::StyleLibrary& styles,
                                               const OutputPaths& paths);

// "03-bass.wav": a safe file name for a stem (letters, digits and '-').
std::string stem_file_name(size_t index, const std::string& track_name, encode::AudioFormat format);

// "cue-loop.flac" beside "cue.flac": where write_outputs puts a cue's segment.
std::filesystem::path cue_segment_path(const std::filesystem::path& audio, CueSegment which);

}  // namespace omg::engine
