#include <algorithm>
#include <fstream>
#include <memory>
#include <string>
#include <system_error>

#include <sndfile.h>

#include "encode/audio_stream.h"
#include "encode/audio_writer.h"
#include "encode/loudness_tags.h"
#include "encode/sndfile_encoder.h"

namespace omg::encode {
namespace {

struct SndfileCloser {
    void operator()(SNDFILE* file) const { sf_close(file); }
};
using SndfilePtr = std::unique_ptr<SNDFILE, SndfileCloser>;

Result<SndfilePtr> open_for_reading(const std::filesystem::path& path, SF_INFO& info) {
    const std::string name = path.filename().string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(Errc::not_found, "audio file '" + name + "' was not found");
    }
    SndfilePtr file(sf_open(path.c_str(), SFM_READ, &info));
    if (!file) return fail(Errc::io, "cannot read audio file '" + name + "'");
    if (info.channels < 1 || info.frames < 0) {
        return fail(Errc::io, "audio file '" + name + "' is malformed");
    }
    return file;
}

// The first bytes of a file: enough for its tags (metadata blocks, an ID3v2 tag).
std::vector<unsigned char> head_of(const std::filesystem::path& path) {
    constexpr std::streamsize kHead = 1 << 20;
    std::ifstream in(path, std::ios::binary);
    std::vector<unsigned char> bytes(static_cast<size_t>(kHead));
    in.read(reinterpret_cast<char*>(bytes.data()), kHead);
    bytes.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    return bytes;
}

std::optional<TrackLoudness> bext_loudness(SNDFILE* file) {
    SF_BROADCAST_INFO bext{};
    if (sf_command(file, SFC_GET_BROADCAST_INFO, &bext, sizeof bext) != SF_TRUE || bext.version < 2) {
        return std::nullopt;
    }
    TrackLoudness out{bext.loudness_value / 100.0, bext.max_true_peak_level / 100.0, std::nullopt};
    if (bext.loudness_range != 0x7fff) out.loudness_range_lu = bext.loudness_range / 100.0;
    return out;
}

// The first loop of WAV's `smpl` chunk (libsndfile gives its end exclusively).
std::optional<LoopPoints> wav_loop(SNDFILE* file) {
    SF_INSTRUMENT inst{};
    if (sf_command(file, SFC_GET_INSTRUMENT, &inst, sizeof inst) != SF_TRUE || inst.loop_count < 1) return std::nullopt;
    const auto& l = inst.loops[0];
    if (l.end <= l.start) return std::nullopt;
    return LoopPoints{static_cast<int64_t>(l.start), static_cast<int64_t>(l.end) - static_cast<int64_t>(l.start)};
}

}  // namespace

Result<Metadata> read_metadata(const std::filesystem::path& path) {
    SF_INFO info{};
    auto file = open_for_reading(path, info);
    if (!file) return tl::unexpected(file.error());
    auto get = [&](int type) {
        const char* value = sf_get_string(file->get(), type);
        return value != nullptr ? std::string(value) : std::string();
    };
    Metadata meta;
    meta.title = get(SF_STR_TITLE);
    meta.artist = get(SF_STR_ARTIST);
    meta.comment = get(SF_STR_COMMENT);
    meta.software = get(SF_STR_SOFTWARE);
    meta.genre = get(SF_STR_GENRE);
    meta.date = get(SF_STR_DATE);
    switch (info.format & SF_FORMAT_TYPEMASK) {
        case SF_FORMAT_WAV:
            meta.loudness = bext_loudness(file->get());
            meta.loop = wav_loop(file->get());
            break;
        case SF_FORMAT_FLAC: {
            const auto fields = flac_comments(head_of(path));
            meta.loudness = loudness_from_fields(fields);
            meta.loop = loop_from_fields(fields);
            break;
        }
        case SF_FORMAT_OGG: {
            const auto fields = ogg_comments(head_of(path));
            meta.loudness = loudness_from_fields(fields);
            meta.loop = loop_from_fields(fields);
            break;
        }
        case SF_FORMAT_MPEG: meta.loudness = loudness_from_fields(id3_user_texts(head_of(path))); break;
        default: break;
    }
    return meta;
}

Result<model::Pcm> read_audio(const std::filesystem::path& path) {
    SF_INFO info{};
    auto opened = open_for_reading(path, info);
    if (!opened) return tl::unexpected(opened.error());
    SndfilePtr& file = *opened;
    model::Pcm pcm(info.samplerate, info.channels, {});
    // Some decoders (MP3) only estimate the length up front: read until the end instead.
    constexpr sf_count_t kChunk = 65536;
    std::vector<float> chunk(static_cast<size_t>(kChunk * info.channels));
    pcm.samples.reserve(static_cast<size_t>(info.frames * info.channels));
    for (;;) {
        const sf_count_t got = sf_readf_float(file.get(), chunk.data(), kChunk);
        if (got <= 0) break;
        pcm.samples.insert(pcm.samples.end(), chunk.begin(),
                           chunk.begin() + static_cast<std::ptrdiff_t>(got * info.channels));
    }
    if (sf_error(file.get()) != SF_ERR_NO_ERROR) {
        return fail(Errc::io, "cannot decode audio file '" + path.filename().string() + "'");
    }
    return pcm;
}

namespace {

class SndfileReader final : public AudioFileReader {
public:
    SndfileReader(SndfilePtr file, const SF_INFO& info, std::string name)
        : file_(std::move(file)), info_(info), name_(std::move(name)) {}
    int sample_rate() const override { return info_.samplerate; }
    int channels() const override { return info_.channels; }
    int64_t frames() const override { return info_.frames; }
    Status read(int64_t start, int64_t count, float* out) override {
        if (start < 0 || count < 0 || start + count > info_.frames)
            return fail(Errc::invalid_argument, "read past the end of '" + name_ + "'");
        if (count == 0) return {};
        // Sequential reads (the usual case) need no seek.
        if (start != position_ && sf_seek(file_.get(), start, SEEK_SET) != start)
            return fail(Errc::io, "cannot seek in audio file '" + name_ + "'");
        position_ = start;
        if (sf_readf_float(file_.get(), out, count) != count) {
            position_ = -1;
            return fail(Errc::io, "cannot decode audio file '" + name_ + "'");
        }
        position_ += count;
        return {};
    }

private:
    SndfilePtr file_;
    SF_INFO info_;
    std::string name_;
    int64_t position_ = 0;
};

}  // namespace

Result<std::unique_ptr<AudioFileReader>> AudioFileReader::open(const std::filesystem::path& path) {
    SF_INFO info{};
    auto opened = open_for_reading(path, info);
    if (!opened) return tl::unexpected(opened.error());
    return std::unique_ptr<AudioFileReader>(
        std::make_unique<SndfileReader>(std::move(*opened), info, path.filename().string()));
}

}  // namespace omg::encode
