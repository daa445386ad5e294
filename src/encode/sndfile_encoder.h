// WAV (16-bit PCM), FLAC (16-bit) and OGG Vorbis encoding into memory with libsndfile.
// Deterministic: 16-bit output uses fixed-seed dither, and Ogg serial numbers are fixed.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "encode/audio_writer.h"
#include "model/pcm.h"

namespace omg::encode {

// `format` must not be mp3. Errors: invalid_argument, internal.
Result<std::vector<unsigned char>> encode_with_sndfile(const model::Pcm& pcm, AudioFormat format,
                                                       const Metadata& meta);

// A loop's Vorbis comments: LOOPSTART, LOOPLENGTH, LOOP_START, LOOP_END (exclusive), in frames.
std::vector<std::pair<std::string, std::string>> loop_fields(const LoopPoints& loop);
// The loop those comments say (LOOPSTART/LOOPLENGTH first, else LOOP_START/LOOP_END); nullopt
// when there is none or it is malformed.
std::optional<LoopPoints> loop_from_fields(const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace omg::encode
