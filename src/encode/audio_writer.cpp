#include "encode/audio_writer.h"

#include "core/durable_file.h"
#include "encode/mp3_encoder.h"
#include "encode/sndfile_encoder.h"

namespace omg::encode {

Result<std::vector<unsigned char>> encode_audio(const model::Pcm& pcm, AudioFormat format,
                                                const Metadata& meta) {
    if (pcm.frames() == 0) return fail(Errc::invalid_argument, "there is no audio to encode");
    if (pcm.channels < 1 || pcm.channels > 2) {
        return fail(Errc::invalid_argument, "audio must be mono or stereo");
    }
    if (pcm.sample_rate < 8000 || pcm.sample_rate > 192000) {
        return fail(Errc::invalid_argument, "unsupported sample rate");
    }
    if (meta.loop) {
        if (format == AudioFormat::mp3)
            return fail(Errc::invalid_argument, "a loop cannot be stored as MP3 (it cannot loop gaplessly): "
                                                "use WAV, FLAC or OGG");
        if (meta.loop->start < 0 || meta.loop->length < 1 ||
            meta.loop->start + meta.loop->length > static_cast<int64_t>(pcm.frames()))
            return fail(Errc::invalid_argument, "the loop lies outside the audio");
    }
    if (format == AudioFormat::mp3) return encode_mp3(pcm, meta);
    return encode_with_sndfile(pcm, format, meta);
}

Status write_audio(const model::Pcm& pcm, AudioFormat format, const Metadata& meta,
                   const std::filesystem::path& destination) {
    auto bytes = encode_audio(pcm, format, meta);
    if (!bytes) return tl::unexpected(bytes.error());
    return write_file_durably(destination, *bytes);
}

}  // namespace omg::encode
