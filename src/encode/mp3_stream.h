// MP3 stream surgery for the split encoder: finding MPEG audio frames in LAME's output, and
// rewriting the LAME Info frame for a stream spliced from several encoders.
//
// The Info frame is the first frame of the stream: a silent MPEG frame whose payload holds the
// Xing fields (frame count, byte count, a 100-entry seek table) and LAME's extension (encoder
// delay and padding for gapless playback, stream length and two CRC-16s). Pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace omg::encode {

// Byte length of the MPEG-1/2/2.5 Layer III frame whose header starts at `header`, or 0 if
// the four bytes are not such a header.
size_t mp3_frame_length(std::span<const unsigned char> header);

// Start offsets of the consecutive frames from `from`, stopping at the first non-frame or at
// a frame that runs past the end.
std::vector<size_t> mp3_frame_offsets(std::span<const unsigned char> stream, size_t from = 0);

// CRC-16 as the LAME tag uses it (polynomial 0x8005 reflected, initial value 0).
uint16_t crc16(std::span<const unsigned char> bytes, uint16_t crc = 0);

// What the Info frame must say about the stream that follows it.
struct StreamFacts {
    std::vector<size_t> frame_offsets;  // of the audio frames, counted from the Info frame start
    size_t stream_bytes = 0;            // Info frame plus audio frames
    int encoder_delay = 0;              // samples before the music starts
    int64_t samples = 0;                // samples per channel of music
    int samples_per_frame = 1152;
    uint16_t music_crc = 0;  // crc16 of the audio frames
};

// Rewrites the counts, seek table, padding, length and CRCs of the Info frame `info` (LAME's,
// which must carry the "Xing"/"Info" and "LAME" markers). False if it does not.
bool rewrite_info_frame(std::span<unsigned char> info, const StreamFacts& facts);

}  // namespace omg::encode
