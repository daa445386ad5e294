// Audio files read and written a block at a time, for audio too long to hold (a show's mix).
//
// AudioFileReader: any file read_audio reads, opened for its header (rate, channels, frames:
// exact for WAV and FLAC) and read from any frame; the floats are those read_audio gives.
// AudioFileWriter: 16-bit WAV or FLAC written as it is made: the same Pcm written in blocks of
// any size gives the same bytes as write_audio / encode_audio (same settings, the dither
// carried across blocks), for a Metadata without loudness or loop. It writes a temporary name
// beside the destination; `finish` closes it and makes it durable as write_file_durably does
// (fsync, rename, fsync of the folder); a writer dropped unfinished removes its temporary.
// Not thread-safe (one owner each); distinct files may be written at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

#include "core/result.h"
#include "encode/audio_writer.h"

namespace omg::encode {

class AudioFileReader {
public:
    // Errors: not_found, io.
    static Result<std::unique_ptr<AudioFileReader>> open(const std::filesystem::path& path);
    virtual ~AudioFileReader() = default;
    virtual int sample_rate() const = 0;
    virtual int channels() const = 0;
    virtual int64_t frames() const = 0;
    // Frames [start, start + count) into `out` (count * channels floats). Errc::invalid_argument
    // outside the file, io when it cannot be decoded.
    virtual Status read(int64_t start, int64_t count, float* out) = 0;
};

class AudioFileWriter {
public:
    // `format` wav or flac; `meta` without loudness or loop (Errc::invalid_argument).
    static Result<std::unique_ptr<AudioFileWriter>> open(const std::filesystem::path& destination,
                                                         AudioFormat format, int sample_rate,
                                                         int channels, const Metadata& meta);
    virtual ~AudioFileWriter() = default;
    // Interleaved samples, whole frames. Errors: invalid_argument, io.
    virtual Status write(std::span<const float> samples) = 0;
    // Errors: invalid_argument (nothing written), io.
    virtual Status finish() = 0;
};

}  // namespace omg::encode
