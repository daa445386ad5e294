// Audio encoding: Pcm -> WAV (16-bit), FLAC (16-bit), OGG Vorbis, MP3, with metadata.
//
// Files are written to a temporary name beside the destination and renamed when complete, so a
// failed or cancelled write never leaves a half-written file. Every Metadata field is written in
// every format: RIFF INFO in WAV, Vorbis comments in FLAC and OGG, an ID3v2.3 tag in MP3 (the
// date as a four-digit year). Same Pcm and Metadata, same bytes (fixed-seed TPDF dither for
// 16-bit output, fixed Ogg serial numbers). Encoding happens in memory, then the file is
// written. Thread-safe for distinct files.
//
// Settings and CPU cost for 60 s of stereo on the development machine: WAV 16-bit ~35 ms, FLAC
// 16-bit level 0 ~95 ms, OGG Vorbis quality 0.5 ~650 ms (libvorbis has no faster mode), MP3
// LAME VBR V2 with algorithm quality 7 ~350 ms.
#pragma once

#include <filesystem>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/pcm.h"

namespace omg::encode {

enum class AudioFormat { wav, flac, ogg, mp3 };

std::string_view format_name(AudioFormat format);       // "wav"
std::string_view format_mime(AudioFormat format);       // "audio/mpeg"
std::optional<AudioFormat> parse_format(std::string_view name);  // "mp3", "MP3"
std::optional<AudioFormat> format_from_path(const std::filesystem::path& path);  // by extension

// A track's measured loudness, written as tags: ReplayGain 2.0 (REPLAYGAIN_TRACK_GAIN, the
// gain to -18 LUFS, and REPLAYGAIN_TRACK_PEAK, the true peak as a linear value) in MP3 (ID3v2
// TXXX frames), FLAC and OGG (Vorbis comments), and EBU R128's values in WAV (the BWF `bext`
// chunk, version 2: LoudnessValue, LoudnessRange, MaxTruePeakLevel, in hundredths).
struct TrackLoudness {
    double integrated_lufs = 0;
    double true_peak_dbtp = 0;
    std::optional<double> loudness_range_lu;  // read back from WAV only
    bool operator==(const TrackLoudness&) const = default;
};

// A loop inside the file, in sample frames from its start: WAV's `smpl` chunk (one forward loop)
// and `cue ` chunk (cue points at its start and end), and in FLAC and OGG the Vorbis comments
// LOOPSTART / LOOPLENGTH and LOOP_START / LOOP_END (end exclusive: start + length), the
// conventions game engines and samplers read. MP3 cannot carry one (its encoder delay and
// padding make no gapless loop): writing a loop as MP3 is refused.
struct LoopPoints {
    int64_t start = 0;
    int64_t length = 0;
    bool operator==(const LoopPoints&) const = default;
};

struct Metadata {
    std::string title;
    std::string artist = "OMG";
    std::string comment;   // the recipe, as JSON
    std::string software;  // "OMG 0.1.0"
    std::string genre;
    std::string date;      // optional, "2026"
    std::optional<TrackLoudness> loudness;  // the mix's; stems carry none
    std::optional<LoopPoints> loop;         // a cue's loop (read back by read_metadata)
};

// Errors: invalid_argument (empty audio, a loop in MP3 or outside the audio), io (cannot write; the message names no server paths
// beyond the file name given).
Status write_audio(const model::Pcm& pcm, AudioFormat format, const Metadata& meta,
                   const std::filesystem::path& destination);

// Encodes into memory (for HTTP responses and tests).
Result<std::vector<unsigned char>> encode_audio(const model::Pcm& pcm, AudioFormat format,
                                                const Metadata& meta);

// Reads back any of the four formats (for tests and transcoding). MP3 decodes gaplessly (the
// LAME Info frame trims encoder delay and padding). Errors: not_found, io.
Result<model::Pcm> read_audio(const std::filesystem::path& path);

// Reads the metadata a file kept (fields it could not store come back empty; `loudness` from
// the tags above, to the precision they are written in: 0.01 dB, 0.000001 linear peak). libsndfile's
// readers append nothing, but its writers add " (libsndfile-x.y.z)" to `software` in WAV, FLAC
// and OGG, and its WAV reader drops a comment of 2 KB or more (the file still holds it).
// Errors: not_found, io.
Result<Metadata> read_metadata(const std::filesystem::path& path);

}  // namespace omg::encode
