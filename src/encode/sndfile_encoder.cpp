#include "encode/sndfile_encoder.h"

#include "core/durable_file.h"
#include "core/utf8.h"
#include "encode/audio_stream.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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
        // Vorbis comments (FLAC, Ogg) must be UTF-8; libsndfile writes a FLAC file with an
        // uninitialised comment when libFLAC refuses one, so nothing malformed reaches it.
        if (!value.empty()) sf_set_string(file, type, core::valid_utf8(value).c_str());
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

// WAV's `smpl` chunk (one forward loop) and `cue ` chunk (its start and end). libsndfile takes
// the loop's end exclusively and writes the chunk's inclusive end (the loop's last frame).
bool set_wav_loop(SNDFILE* file, const LoopPoints& loop) {
    SF_INSTRUMENT inst{};
    inst.gain = 1;
    inst.basenote = 60;
    inst.velocity_lo = 0;
    inst.velocity_hi = 127;
    inst.key_lo = 0;
    inst.key_hi = 127;
    inst.loop_count = 1;
    inst.loops[0].mode = SF_LOOP_FORWARD;
    inst.loops[0].start = static_cast<unsigned int>(loop.start);
    inst.loops[0].end = static_cast<unsigned int>(loop.start + loop.length);
    inst.loops[0].count = 0;  // endless
    if (sf_command(file, SFC_SET_INSTRUMENT, &inst, sizeof inst) != SF_TRUE) return false;
    SF_CUES cues{};
    cues.cue_count = 2;
    const int64_t points[2] = {loop.start, loop.start + loop.length};
    for (uint32_t i = 0; i < 2; ++i) {
        SF_CUE_POINT& c = cues.cue_points[i];
        c.indx = static_cast<int32_t>(i + 1);
        c.position = static_cast<uint32_t>(points[i]);
        c.fcc_chunk = 0x61746164;  // "data"
        c.chunk_start = 0;
        c.block_start = 0;
        c.sample_offset = static_cast<uint32_t>(points[i]);
        std::snprintf(c.name, sizeof c.name, "%s", i == 0 ? "loop start" : "loop end");
    }
    return sf_command(file, SFC_SET_CUE, &cues, sizeof cues) == SF_TRUE;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> loop_fields(const LoopPoints& loop) {
    return {{"LOOPSTART", std::to_string(loop.start)},
            {"LOOPLENGTH", std::to_string(loop.length)},
            {"LOOP_START", std::to_string(loop.start)},
            {"LOOP_END", std::to_string(loop.start + loop.length)}};
}

std::optional<LoopPoints> loop_from_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::optional<int64_t> start, length, end;
    for (const auto& [name, value] : fields) {
        char* stop = nullptr;
        const long long v = std::strtoll(value.c_str(), &stop, 10);
        if (value.empty() || stop == nullptr || *stop != '\0' || v < 0) continue;
        if (name == "LOOPSTART") start = v;
        else if (name == "LOOPLENGTH") length = v;
        else if (name == "LOOP_START" && !start) start = v;
        else if (name == "LOOP_END") end = v;
    }
    if (!start) return std::nullopt;
    if (!length && end && *end > *start) length = *end - *start;
    if (!length || *length < 1) return std::nullopt;
    return LoopPoints{*start, *length};
}

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
    if (format == AudioFormat::wav && meta.loop && !set_wav_loop(file.get(), *meta.loop)) {
        return fail(Errc::internal, "the wav encoder did not take the loop points");
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
    std::vector<std::pair<std::string, std::string>> comments;
    if (meta.loudness) comments = replaygain_fields(*meta.loudness);
    if (meta.loop)
        for (auto& field : loop_fields(*meta.loop)) comments.push_back(std::move(field));
    if (format == AudioFormat::ogg && !comments.empty()) {
        if (auto s = add_ogg_comments(memory.bytes, comments); !s) {
            return fail(Errc::internal, "the ogg encoder produced a malformed stream");
        }
    }
    if (format == AudioFormat::flac && !comments.empty()) {
        if (auto s = add_flac_comments(memory.bytes, comments); !s) {
            return fail(Errc::internal, "the flac encoder produced a malformed stream");
        }
    }
    return std::move(memory.bytes);
}

namespace {

// A 16-bit WAV or FLAC file written by libsndfile to a temporary name, block by block, with
// the settings encode_with_sndfile uses.
class SndfileWriter final : public AudioFileWriter {
public:
    SndfileWriter(SndfilePtr file, std::filesystem::path temp, std::filesystem::path destination, int channels)
        : file_(std::move(file)), temp_(std::move(temp)), destination_(std::move(destination)), channels_(channels) {}
    ~SndfileWriter() override {
        if (file_) {
            file_.reset();
            std::error_code ec;
            std::filesystem::remove(temp_, ec);
        }
    }
    SndfileWriter(const SndfileWriter&) = delete;
    SndfileWriter& operator=(const SndfileWriter&) = delete;

    Status write(std::span<const float> samples) override {
        if (!file_) return fail(Errc::invalid_argument, "the file is finished");
        const auto ch = static_cast<size_t>(channels_);
        if (samples.size() % ch != 0) return fail(Errc::invalid_argument, "a block of whole frames");
        pcm16_.resize(std::min(samples.size(), static_cast<size_t>(kFramesPerWrite) * ch));
        for (size_t at = 0; at < samples.size(); at += pcm16_.size()) {
            const size_t n = std::min(pcm16_.size(), samples.size() - at);
            converter_.convert(samples.subspan(at, n), pcm16_.data());
            const auto frames = static_cast<sf_count_t>(n / ch);
            if (sf_writef_short(file_.get(), pcm16_.data(), frames) != frames)
                return fail(Errc::io, "cannot write '" + destination_.filename().string() + "'");
        }
        frames_ += static_cast<int64_t>(samples.size() / ch);
        return {};
    }

    Status finish() override {
        if (!file_) return fail(Errc::invalid_argument, "the file is finished");
        if (frames_ == 0) return fail(Errc::invalid_argument, "no audio to write");
        if (sf_close(file_.release()) != 0) {
            std::error_code ec;
            std::filesystem::remove(temp_, ec);
            return fail(Errc::io, "cannot write '" + destination_.filename().string() + "'");
        }
        return commit_file_durably(temp_, destination_);
    }

private:
    SndfilePtr file_;
    std::filesystem::path temp_;
    std::filesystem::path destination_;
    int channels_;
    int64_t frames_ = 0;
    Pcm16Converter converter_;
    std::vector<int16_t> pcm16_;
};

}  // namespace

Result<std::unique_ptr<AudioFileWriter>> AudioFileWriter::open(const std::filesystem::path& destination,
                                                               AudioFormat format, int sample_rate,
                                                               int channels, const Metadata& meta) {
    if (format != AudioFormat::wav && format != AudioFormat::flac)
        return fail(Errc::invalid_argument, "only wav and flac are written a block at a time");
    if (meta.loudness || meta.loop)
        return fail(Errc::invalid_argument, "loudness tags and loop points are not written a block at a time");
    SF_INFO info{};
    info.samplerate = sample_rate;
    info.channels = channels;
    info.format = sndfile_format(format);
    if (channels <= 0 || !sf_format_check(&info))
        return fail(Errc::invalid_argument, "this audio cannot be stored as " + std::string(format_name(format)));
    std::filesystem::path temp = temp_path_for(destination);
    SndfilePtr file(sf_open(temp.c_str(), SFM_WRITE, &info));
    if (!file) return fail(Errc::io, "cannot write '" + destination.filename().string() + "'");
    if (format == AudioFormat::flac) {
        double level = kFlacCompression;
        sf_command(file.get(), SFC_SET_COMPRESSION_LEVEL, &level, sizeof level);
    }
    set_strings(file.get(), meta);
    return std::unique_ptr<AudioFileWriter>(
        std::make_unique<SndfileWriter>(std::move(file), std::move(temp), destination, channels));
}

}  // namespace omg::encode
