// WAV (16-bit PCM), FLAC (16-bit) and OGG Vorbis encoding into memory with libsndfile.
// Deterministic: 16-bit output uses fixed-seed dither, and Ogg serial numbers are fixed.
#pragma once

#include <vector>

#include "core/result.h"
#include "encode/audio_writer.h"
#include "model/pcm.h"

namespace omg::encode {

// `format` must not be mp3. Errors: invalid_argument, internal.
Result<std::vector<unsigned char>> encode_with_sndfile(const model::Pcm& pcm, AudioFormat format,
                                                       const Metadata& meta);

}  // namespace omg::encode
