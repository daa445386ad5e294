// Loudness tags (audio_writer.h's TrackLoudness) in the bytes of each format: the ReplayGain
// fields as text, their ID3v2 TXXX frames, a FLAC stream's Vorbis comment block rewritten with
// them, an Ogg Vorbis file's comment header likewise, and the readers that find them again. Pure functions over bytes; deterministic.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "encode/audio_writer.h"

namespace omg::encode {

// {"REPLAYGAIN_TRACK_GAIN", "-4.00 dB"}, {"REPLAYGAIN_TRACK_PEAK", "0.891251"}.
std::vector<std::pair<std::string, std::string>> replaygain_fields(const TrackLoudness& loudness);
// The loudness those fields say (no loudness range); nullopt when either is missing or malformed.
std::optional<TrackLoudness> loudness_from_fields(const std::vector<std::pair<std::string, std::string>>& fields);

// Appends `fields` to the Vorbis comment block of a complete FLAC stream (adding one if there
// is none). Errors: invalid_argument (not a FLAC stream, malformed metadata blocks).
Status add_flac_comments(std::vector<unsigned char>& flac,
                         const std::vector<std::pair<std::string, std::string>>& fields);
// Appends `fields` to the comment header of an Ogg Vorbis file (its pages re-laid, see
// ogg_pages.h). Errors: invalid_argument (not a well-formed Ogg Vorbis file).
Status add_ogg_comments(std::vector<unsigned char>& ogg,
                        const std::vector<std::pair<std::string, std::string>>& fields);
// The Vorbis comments of an Ogg Vorbis file (`head`: at least its first pages).
std::vector<std::pair<std::string, std::string>> ogg_comments(std::span<const unsigned char> head);
// The Vorbis comments of a FLAC stream's metadata (`head`: at least its metadata blocks).
std::vector<std::pair<std::string, std::string>> flac_comments(std::span<const unsigned char> head);
// The TXXX frames (description, value) of an ID3v2.3/2.4 tag at the start of `head`.
std::vector<std::pair<std::string, std::string>> id3_user_texts(std::span<const unsigned char> head);

}  // namespace omg::encode
