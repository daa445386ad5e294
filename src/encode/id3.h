// ID3v2.3 tags for MP3 files: title (TIT2), artist (TPE1), comment (COMM), software (TSSE),
// genre (TCON), year (TYER) and the ReplayGain fields (TXXX, loudness_tags.h). Text is
// ISO-8859-1 when it is plain ASCII, else UTF-16 with a byte-order mark (v2.3 has no UTF-8). Empty fields are left out. Pure; deterministic.
#pragma once

#include <vector>

#include "encode/audio_writer.h"

namespace omg::encode {

// The complete tag (header and frames), or empty when there is nothing to say.
std::vector<unsigned char> id3v2_tag(const Metadata& meta);

}  // namespace omg::encode
