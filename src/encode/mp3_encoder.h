// MP3 encoding with LAME: VBR quality 2 (~190 kbps on music) with LAME's fast algorithm
// setting, a LAME/Info frame (exact length for gapless decoders) and our own ID3v2.3 tag.
// Tracks of 8 s or more are encoded as two halves on two threads and spliced (see the .cpp).
// Deterministic (the same bytes on any machine); thread-safe (its own encoders per call).
#pragma once

#include <vector>

#include "core/result.h"
#include "encode/audio_writer.h"
#include "model/pcm.h"

namespace omg::encode {

// Errors: invalid_argument (not mono/stereo, unsupported rate), internal (LAME failed).
Result<std::vector<unsigned char>> encode_mp3(const model::Pcm& pcm, const Metadata& meta);

}  // namespace omg::encode
