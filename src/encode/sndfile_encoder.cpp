#include "encode/sndfile_encoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>

#include <sndfile.h>

#include "encode/loudness_tags.h"
#include "encode/ogg_pages.h"
#include "encode/pcm16.h"

namespace omg::encode {
namespace {

constexpr double kVorbisQuality = 0.5;  // libsndfile's 0..1 scale; ~160 kbps stereo
// FLAC level 0: ~80 ms per minute of stereo instead of ~170 ms at the default (level 5),
// for files ~12 % larger.
constexpr double kFlacCompression = 0.0;
constexpr uint32_t kOggSerial = 0x4f4d4731;  // "OMG1"
constexpr sf_count_t kFramesPerWrite = 4096;  // libvorbis crashes on very large single writes

// A growable in-memory file for sf_open_virtual.
struct MemoryFile {
    std::vector<unsigned char> bytes;
    sf_count_t position = 0;
};

sf_count_t memory_length(void* user) {
    return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size());
}
sf_count_t memory_seek(sf_count_t offset, int whence, void* user) {
    auto* file = static_cast<MemoryFile*>(user);
    const sf_count_t base = whence == SEEK_CUR   ? file->position
                            : whence == SEEK_END ? static_cast<sf_count_t>(file->bytes.size())
                                                 : 0;
    if (base + offset < 0) return -1;
    file->position = base + offset;
    return file->position;
}
sf_count_t memory_read(void* out, sf_count_t count, void* user) {
    auto* file = static_cast<MemoryFile*>(user);
    const auto size = static_cast<sf_count_t>(file->bytes.size());
    const sf_count_t n = std::clamp<sf_count_t>(size - file->position, 0, count);
    if (n > 0) std::memcpy(out, file->bytes.data() + file->position, static_cast<size_t>(n));
    file->position += n;
    return n;
}
sf_count_t memory_write(const void* in, sf_count_t count, void* user) {
    auto* file = static_cast<MemoryFile*>(user);
    const auto end = static_cast<size_t>(file->position + count);
    if (end > file->bytes.size()) file->bytes.resize(end);
    std::memcpy(file->bytes.data() + file->position, in, static_cast<size_t>(count));
    file->position += count;
    return count;
}
sf_count_t memory_tell(void* user) { return static_cast<MemoryFile*>(user)->position; }

struct SndfileCloser {
    void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

int sndfile_format(AudioFormat format) {
    switch (format) {
        case AudioFormat::flac: return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
        case AudioFormat::ogg: return SF_FORMAT_OGG | SF_FORMAT_VORBIS;
        case AudioFormat::wav:
        case AudioFormat::mp3: break;
    }
    return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
}

void set_strings(SNDFILE* file, const Metadata& meta) {
    auto set = [&](int type, const std::string& value) {
        if (!value.empty()) sf_set_string(file, type, value.c_str());
    };
    set(SF_STR_TITLE, meta.title);
    set(SF_STR_ARTIST, meta.artist);
    set(SF_STR_SOFTWARE, meta.software);
    set(SF_STR_GENRE, meta.genre);
    set(SF_STR_DATE, meta.date);
    // Last: libsndfile's WAV reader skips an INFO string of 2 KB or more and every one after it.
    set(SF_STR_COMMENT, meta.comment);
}

// EBU Tech 3285 (BWF) version 2: the loudness values in hundredths; a value not measured is
// 0x7fff.
bool set_bext_loudness(SNDFILE* file, const TrackLoudness& loudness) {
    SF_BROADCAST_INFO bext{};
    bext.version = 2;
    auto hundredths = [](double v) {
        return static_cast<int16_t>(std::clamp(std::lround(v * 100.0), -32767L, 32766L));
    };
    bext.loudness_value = hundredths(loudness.integrated_lufs);
    bext.loudness_range = loudness.loudness_range_lu ? hundredths(*loudness.loudness_range_lu) : int16_t{0x7fff};
    bext.max_true_peak_level = hundredths(loudness.true_peak_dbtp);
    bext.max_momentary_loudness = 0x7fff;
    bext.max_shortterm_loudness = 0x7fff;
    return sf_command(file, SFC_SET_BROADCAST_INFO, &bext, sizeof bext) == SF_TRUE;
}

}  // namespace

Result<std::vector<unsigned char>> encode_with_sndfile(const model::Pcm& pcm, AudioFormat format,
                                                       const Metadata& meta) {
    SF_VIRTUAL_IO io{memory_length, memory_seek, memory_read, memory_write, memory_tell};
    MemoryFile memory;
    SF_INFO info{};
    info.samplerate = pcm.sample_rate;
    info.channels = pcm.channels;
    info.format = sndfile_format(format);
    if (!sf_format_check(&info)) {
        return fail(Errc::invalid_argument, "this audio cannot be stored as " +
                                                std::string(format_name(format)));
    }
    SndfilePtr file(sf_open_virtual(&io, SFM_WRITE, &info, &memory));
    if (!file) return fail(Errc::internal, "cannot start the " + std::string(format_name(format)) + " encoder");
    if (format == AudioFormat::ogg) {
        double quality = kVorbisQuality;
        sf_command(file.get(), SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof quality);
    } else if (format == AudioFormat::flac) {
        double level = kFlacCompression;
        sf_command(file.get(), SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
    }
    set_strings(file.get(), meta);
    if (format == AudioFormat::wav && meta.loudness && !set_bext_loudness(file.get(), *meta.loudness)) {
        return fail(Errc::internal, "the wav encoder did not take the loudness values");
    }

    const auto channels = static_cast<size_t>(pcm.channels);
    const auto frames = static_cast<sf_count_t>(pcm.frames());
    bool ok = true;
    if (format == AudioFormat::ogg) {
        for (sf_count_t pos = 0; ok && pos < frames; pos += kFramesPerWrite) {
            const sf_count_t n = std::min(kFramesPerWrite, frames - pos);
            ok = sf_writef_float(file.get(), pcm.samples.data() + pos * static_cast<sf_count_t>(channels), n) == n;
        }
    } else {
        const std::vector<int16_t> pcm16 = to_pcm16(pcm.samples);
        for (sf_count_t pos = 0; ok && pos < frames; pos += kFramesPerWrite) {
            const sf_count_t n = std::min(kFramesPerWrite, frames - pos);
            ok = sf_writef_short(file.get(), pcm16.data() + pos * static_cast<sf_count_t>(channels), n) == n;
        }
    }
    if (!ok) return fail(Errc::internal, "the " + std::string(format_name(format)) + " encoder failed");
    if (sf_close(file.release()) != 0) {
        return fail(Errc::internal, "the " + std::string(format_name(format)) + " encoder failed");
    }
    if (format == AudioFormat::ogg && !set_ogg_serial(memory.bytes, kOggSerial)) {
        return fail(Errc::internal, "the ogg encoder produced a malformed stream");
    }
    if (format == AudioFormat::ogg && meta.loudness) {
        if (auto s = add_ogg_comments(memory.bytes, replaygain_fields(*meta.loudness)); !s) {
            return fail(Errc::internal, "the ogg encoder produced a malformed stream");
        }
    }
    if (format == AudioFormat::flac && meta.loudness) {
        if (auto s = add_flac_comments(memory.bytes, replaygain_fields(*meta.loudness)); !s) {
            return fail(Errc::internal, "the flac encoder produced a malformed stream");
        }
    }
    return std::move(memory.bytes);
}

}  // namespace omg::encode
