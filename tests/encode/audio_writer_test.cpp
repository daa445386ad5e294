#include "encode/audio_writer.h"

#include "encode/audio_stream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <numbers>
#include <string>
#include <thread>
#include <unistd.h>

namespace omg::encode {
namespace {

const AudioFormat kFormats[] = {AudioFormat::wav, AudioFormat::flac, AudioFormat::ogg,
                                AudioFormat::mp3};

// A few seconds of chords with a decaying envelope: something a lossy codec must keep.
model::Pcm test_audio(double seconds = 3.0, int channels = 2, int rate = 44100) {
    const auto frames = static_cast<size_t>(seconds * rate);
    model::Pcm pcm(rate, channels, std::vector<float>(frames * static_cast<size_t>(channels)));
    for (size_t n = 0; n < frames; ++n) {
        const double t = static_cast<double>(n) / rate;
        const double env = 0.3 + 0.2 * std::exp(-std::fmod(t, 0.5) * 5);
        const double v = env * (std::sin(2 * std::numbers::pi * 220 * t) +
                                0.5 * std::sin(2 * std::numbers::pi * 331 * t) +
                                0.25 * std::sin(2 * std::numbers::pi * 1250 * t)) / 1.75;
        for (int c = 0; c < channels; ++c) {
            pcm.samples[n * static_cast<size_t>(channels) + static_cast<size_t>(c)] =
                static_cast<float>(c == 0 ? v : 0.8 * v);
        }
    }
    return pcm;
}

Metadata test_metadata() {
    Metadata m;
    m.title = "Sunrise Over Kyoto";
    m.artist = "OMG";
    m.comment = R"({"prompt":"calm piano at sunrise","seed":42})";
    m.software = "OMG 0.1.0";
    m.genre = "Ambient";
    m.date = "2026";
    return m;
}

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "omg-encode-XXXXXX").string();
        path_ = mkdtemp(pattern.data());
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    size_t entries() const {
        return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(path_),
                                                 std::filesystem::directory_iterator()));
    }

private:
    std::filesystem::path path_;
};

// Correlation at lag 0 of the left channels: ~1 when the decoded audio lines up with the input.
double correlation(const model::Pcm& a, const model::Pcm& b) {
    double ab = 0, aa = 0, bb = 0;
    const size_t frames = std::min(a.frames(), b.frames());
    for (size_t n = 0; n < frames; ++n) {
        const double x = a.samples[n * static_cast<size_t>(a.channels)];
        const double y = b.samples[n * static_cast<size_t>(b.channels)];
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    return ab / std::sqrt(aa * bb);
}

TEST(AudioFormats, NamesMimeTypesAndParsing) {
    EXPECT_EQ(format_name(AudioFormat::mp3), "mp3");
    EXPECT_EQ(format_mime(AudioFormat::mp3), "audio/mpeg");
    EXPECT_EQ(format_mime(AudioFormat::flac), "audio/flac");
    EXPECT_EQ(parse_format("MP3"), AudioFormat::mp3);
    EXPECT_EQ(parse_format("Flac"), AudioFormat::flac);
    EXPECT_EQ(parse_format("aiff"), std::nullopt);
    EXPECT_EQ(format_from_path("/x/song.OGG"), AudioFormat::ogg);
    EXPECT_EQ(format_from_path("/x/song.wav"), AudioFormat::wav);
    EXPECT_EQ(format_from_path("/x/song"), std::nullopt);
    for (AudioFormat f : kFormats) EXPECT_EQ(parse_format(format_name(f)), f);
}

TEST(AudioWriter, EachFormatReadsBackWithTheRightShape) {
    TempDir dir;
    const model::Pcm pcm = test_audio();
    for (AudioFormat format : kFormats) {
        SCOPED_TRACE(std::string(format_name(format)));
        const auto path = dir.path() / ("song." + std::string(format_name(format)));
        ASSERT_TRUE(write_audio(pcm, format, test_metadata(), path));
        auto back = read_audio(path);
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->sample_rate, 44100);
        EXPECT_EQ(back->channels, 2);
        if (format == AudioFormat::mp3) {
            EXPECT_NEAR(back->seconds(), pcm.seconds(), 0.05);
        } else {
            EXPECT_EQ(back->frames(), pcm.frames());
        }
        EXPECT_GT(correlation(pcm, *back), 0.98);
    }
}

TEST(AudioWriter, LosslessFormatsKeepSamplesToTheDither) {
    TempDir dir;
    const model::Pcm pcm = test_audio(1.0);
    for (AudioFormat format : {AudioFormat::wav, AudioFormat::flac}) {
        const auto path = dir.path() / ("x." + std::string(format_name(format)));
        ASSERT_TRUE(write_audio(pcm, format, {}, path));
        auto back = read_audio(path);
        ASSERT_TRUE(back);
        ASSERT_EQ(back->samples.size(), pcm.samples.size());
        for (size_t i = 0; i < pcm.samples.size(); ++i) {
            ASSERT_NEAR(back->samples[i], pcm.samples[i], 2.0 / 32768) << i;
        }
    }
}

// `pcm` written as an MP3 file and decoded again.
Result<model::Pcm> mp3_round_trip(const model::Pcm& pcm) {
    TempDir dir;
    const auto path = dir.path() / "x.mp3";
    if (auto written = write_audio(pcm, AudioFormat::mp3, test_metadata(), path); !written) {
        return tl::unexpected(written.error());
    }
    return read_audio(path);
}

TEST(AudioWriter, Mp3DecodesWithoutEncoderDelay) {
    const model::Pcm pcm = test_audio(2.0);
    auto back = mp3_round_trip(pcm);
    ASSERT_TRUE(back);
    // The LAME Info frame lets the decoder drop the encoder delay and padding exactly.
    EXPECT_EQ(back->frames(), pcm.frames());
    EXPECT_GT(correlation(pcm, *back), 0.99);
}

// Block-wise signal-to-error ratios (dB) of `decoded` against `original`, left channel.
std::vector<double> block_snr(const model::Pcm& original, const model::Pcm& decoded, size_t block) {
    std::vector<double> snr;
    for (size_t start = 0; start + block <= std::min(original.frames(), decoded.frames()); start += block) {
        double signal = 0, error = 0;
        for (size_t i = start; i < start + block; ++i) {
            const double a = original.samples[i * 2];
            signal += a * a;
            error += (a - decoded.samples[i * 2]) * (a - decoded.samples[i * 2]);
        }
        snr.push_back(10 * std::log10(signal / std::max(error, 1e-20)));
    }
    return snr;
}

TEST(AudioWriter, LongMp3IsEncodedInTwoHalvesWithAnInaudibleSplice) {
    // 20 s: encoded as two halves spliced at the frame boundary nearest 10 s.
    const model::Pcm pcm = test_audio(20.0);
    auto back = mp3_round_trip(pcm);
    ASSERT_TRUE(back);
    // The rewritten Info frame still gives the exact length to a gapless decoder.
    ASSERT_EQ(back->frames(), pcm.frames());
    auto snr = block_snr(pcm, *back, 1152);
    const size_t splice_block = pcm.frames() / 2 / 1152;
    std::vector<double> sorted = snr;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    EXPECT_GT(median, 20.0);
    for (size_t b = splice_block - 2; b <= splice_block + 2; ++b) EXPECT_GT(snr[b], median - 6) << b;
    // The same bytes every time (the halves run on two threads).
    auto again = encode_audio(pcm, AudioFormat::mp3, test_metadata());
    auto once = encode_audio(pcm, AudioFormat::mp3, test_metadata());
    ASSERT_TRUE(again && once);
    EXPECT_TRUE(*again == *once);
}

TEST(AudioWriter, MonoWorksEverywhere) {
    TempDir dir;
    const model::Pcm pcm = test_audio(1.0, 1, 48000);
    for (AudioFormat format : kFormats) {
        const auto path = dir.path() / ("mono." + std::string(format_name(format)));
        ASSERT_TRUE(write_audio(pcm, format, {}, path)) << format_name(format);
        auto back = read_audio(path);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->channels, 1);
        EXPECT_EQ(back->sample_rate, 48000);
    }
}

TEST(AudioWriter, MetadataRoundTripsInEveryFormat) {
    TempDir dir;
    const Metadata meta = test_metadata();
    for (AudioFormat format : kFormats) {
        SCOPED_TRACE(std::string(format_name(format)));
        const auto path = dir.path() / ("meta." + std::string(format_name(format)));
        ASSERT_TRUE(write_audio(test_audio(1.0), format, meta, path));
        auto back = read_metadata(path);
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->title, meta.title);
        EXPECT_EQ(back->artist, meta.artist);
        EXPECT_EQ(back->comment, meta.comment);
        EXPECT_EQ(back->genre, meta.genre);
        EXPECT_EQ(back->date, meta.date);
        // libsndfile's writers append their own version to the software string.
        EXPECT_EQ(back->software.rfind(meta.software, 0), 0u) << back->software;
    }
}

// A title cut inside a character (a user's prompt cut to 200 bytes) and a stray byte: the
// Vorbis-comment formats get valid UTF-8 (U+FFFD in their place). libsndfile's FLAC writer went on
// with an uninitialised comment when libFLAC refused the raw one, and crashed the server.
TEST(AudioWriter, MalformedUtf8TagsAreWrittenAsValidUtf8) {
    TempDir dir;
    Metadata meta = test_metadata();
    meta.title = "tags \xF3\xA0\x80\x81\xF3\xA0\x80";  // the second character cut short
    meta.comment = "a\xFF" "b";
    const std::string r = "\xEF\xBF\xBD";
    for (AudioFormat format : {AudioFormat::flac, AudioFormat::ogg}) {
        SCOPED_TRACE(std::string(format_name(format)));
        const auto path = dir.path() / ("utf8." + std::string(format_name(format)));
        ASSERT_TRUE(write_audio(test_audio(1.0), format, meta, path));
        auto back = read_metadata(path);
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->title, "tags \xF3\xA0\x80\x81" + r + r + r);
        EXPECT_EQ(back->comment, "a" + r + "b");
    }
}

TEST(AudioWriter, LoudnessTagsReadBack) {
    TempDir dir;
    Metadata meta = test_metadata();
    meta.loudness = TrackLoudness{-23.04, -1.37, 6.2};
    for (AudioFormat format : kFormats) {
        SCOPED_TRACE(std::string(format_name(format)));
        const auto path = dir.path() / ("loud." + std::string(format_name(format)));
        ASSERT_TRUE(write_audio(test_audio(1.0), format, meta, path));
        auto back = read_metadata(path);
        ASSERT_TRUE(back) << back.error().message;
        EXPECT_EQ(back->comment, meta.comment);  // the other tags are still there
        ASSERT_TRUE(back->loudness);
        EXPECT_NEAR(back->loudness->integrated_lufs, -23.04, 0.006);
        EXPECT_NEAR(back->loudness->true_peak_dbtp, -1.37, 0.001);
        if (format == AudioFormat::wav) {  // EBU R128 values in the BWF bext chunk
            ASSERT_TRUE(back->loudness->loudness_range_lu);
            EXPECT_NEAR(*back->loudness->loudness_range_lu, 6.2, 0.006);
        } else {  // ReplayGain: a gain and a peak
            EXPECT_FALSE(back->loudness->loudness_range_lu);
        }
        // Decoding is unchanged by the tags.
        auto audio = read_audio(path);
        ASSERT_TRUE(audio);
        EXPECT_GT(audio->frames(), 40000u);
    }
    // Without loudness, no tags: files of stems carry none.
    const auto plain = dir.path() / "plain.flac";
    ASSERT_TRUE(write_audio(test_audio(1.0), AudioFormat::flac, test_metadata(), plain));
    EXPECT_FALSE(read_metadata(plain)->loudness);
}

TEST(AudioWriter, UnicodeAndLongCommentsSurvive) {
    TempDir dir;
    Metadata meta = test_metadata();
    meta.title = "Café at Dawn – 夜明け 🎹";
    meta.comment = "{\"recipe\":\"" + std::string(4000, 'r') + "\"}";
    for (AudioFormat format : kFormats) {
        SCOPED_TRACE(std::string(format_name(format)));
        const auto path = dir.path() / ("long." + std::string(format_name(format)));
        ASSERT_TRUE(write_audio(test_audio(1.0), format, meta, path));
        auto back = read_metadata(path);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->title, meta.title);
        EXPECT_EQ(back->genre, meta.genre);
        if (format == AudioFormat::wav) {
            // The file holds the comment, but libsndfile's WAV reader skips INFO strings of
            // 2 KB or more. Writing it last keeps every other field readable.
            EXPECT_EQ(back->comment, "");
        } else {
            EXPECT_EQ(back->comment, meta.comment);
        }
    }
}

TEST(AudioWriter, EncodedBytesStartWithTheFormatsMagic) {
    const model::Pcm pcm = test_audio(0.5);
    auto starts = [](const std::vector<unsigned char>& b, const char* magic) {
        return b.size() >= std::strlen(magic) && std::memcmp(b.data(), magic, std::strlen(magic)) == 0;
    };
    auto wav = encode_audio(pcm, AudioFormat::wav, test_metadata());
    auto flac = encode_audio(pcm, AudioFormat::flac, test_metadata());
    auto ogg = encode_audio(pcm, AudioFormat::ogg, test_metadata());
    auto mp3 = encode_audio(pcm, AudioFormat::mp3, test_metadata());
    auto bare_mp3 = encode_audio(pcm, AudioFormat::mp3, Metadata{"", "", "", "", "", "", std::nullopt, std::nullopt});
    ASSERT_TRUE(wav && flac && ogg && mp3 && bare_mp3);
    EXPECT_TRUE(starts(*wav, "RIFF"));
    EXPECT_EQ(std::string(wav->begin() + 8, wav->begin() + 12), "WAVE");
    EXPECT_TRUE(starts(*flac, "fLaC"));
    EXPECT_TRUE(starts(*ogg, "OggS"));
    EXPECT_TRUE(starts(*mp3, "ID3"));
    ASSERT_GE(bare_mp3->size(), 2u);  // no tag: an MPEG frame sync right away
    EXPECT_EQ((*bare_mp3)[0], 0xff);
    EXPECT_EQ((*bare_mp3)[1] & 0xe0, 0xe0);
}

TEST(AudioWriter, SamePcmGivesTheSameBytes) {
    const model::Pcm pcm = test_audio(1.0);
    for (AudioFormat format : kFormats) {
        auto a = encode_audio(pcm, format, test_metadata());
        auto b = encode_audio(pcm, format, test_metadata());
        ASSERT_TRUE(a && b);
        EXPECT_TRUE(*a == *b) << format_name(format);
    }
}

TEST(AudioWriter, ConcurrentEncodesGiveTheSameBytes) {
    const model::Pcm pcm = test_audio(0.5);
    for (AudioFormat format : kFormats) {
        auto reference = encode_audio(pcm, format, test_metadata());
        ASSERT_TRUE(reference);
        std::vector<std::vector<unsigned char>> results(3);
        {
            std::vector<std::jthread> threads;
            for (auto& out : results) {
                threads.emplace_back([&] { out = *encode_audio(pcm, format, test_metadata()); });
            }
        }
        for (const auto& out : results) EXPECT_TRUE(out == *reference) << format_name(format);
    }
}

TEST(AudioWriter, FileBytesEqualEncodedBytes) {
    TempDir dir;
    const model::Pcm pcm = test_audio(0.5);
    const auto path = dir.path() / "same.ogg";
    ASSERT_TRUE(write_audio(pcm, AudioFormat::ogg, test_metadata(), path));
    auto bytes = encode_audio(pcm, AudioFormat::ogg, test_metadata());
    ASSERT_TRUE(bytes);
    EXPECT_EQ(std::filesystem::file_size(path), bytes->size());
    EXPECT_EQ(dir.entries(), 1u);  // no temporary left behind
}

TEST(AudioWriter, FailedWriteLeavesNoFileAndNamesNoDirectory) {
    TempDir dir;
    const model::Pcm pcm = test_audio(0.5);
    const auto missing = dir.path() / "no" / "such" / "dir" / "song.wav";
    auto status = write_audio(pcm, AudioFormat::wav, {}, missing);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Errc::io);
    EXPECT_NE(status.error().message.find("song.wav"), std::string::npos);
    EXPECT_EQ(status.error().message.find(dir.path().string()), std::string::npos);
    EXPECT_EQ(dir.entries(), 0u);

    // The rename fails (the destination is a directory): the temporary file is removed.
    const auto occupied = dir.path() / "taken.flac";
    std::filesystem::create_directory(occupied);
    std::filesystem::create_directory(occupied / "keep");
    status = write_audio(pcm, AudioFormat::flac, {}, occupied);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, Errc::io);
    EXPECT_EQ(dir.entries(), 1u);
}

TEST(AudioWriter, RejectsEmptyAudio) {
    const model::Pcm empty(44100, 2, {});
    for (AudioFormat format : kFormats) {
        auto out = encode_audio(empty, format, {});
        ASSERT_FALSE(out);
        EXPECT_EQ(out.error().code, Errc::invalid_argument);
    }
}

TEST(AudioReader, MissingAndGarbageFiles) {
    TempDir dir;
    auto missing = read_audio(dir.path() / "nope.wav");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    const auto garbage = dir.path() / "garbage.wav";
    {
        std::FILE* f = std::fopen(garbage.c_str(), "wb");
        std::fputs("this is not audio at all", f);
        std::fclose(f);
    }
    auto bad = read_audio(garbage);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Errc::io);
    EXPECT_EQ(bad.error().message.find(dir.path().string()), std::string::npos);
}

}  // namespace
}  // namespace omg::encode

namespace omg::encode {
namespace {

std::string file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

TEST(AudioFileWriter, BlockByBlockGivesTheBytesOfTheWholeEncode) {
    TempDir dir;
    model::Pcm pcm = test_audio(2.0);
    // A stretch of digital silence inside: the dither skips it, in blocks as at once.
    std::fill(pcm.samples.begin() + 20000, pcm.samples.begin() + 30001, 0.0f);
    Metadata meta;
    meta.title = "The Show";
    meta.software = "OMG test";
    for (AudioFormat format : {AudioFormat::wav, AudioFormat::flac}) {
        auto whole = encode_audio(pcm, format, meta);
        ASSERT_TRUE(whole);
        const auto path = dir.path() / (std::string("mix.") + std::string(format_name(format)));
        const size_t before = dir.entries();
        auto writer = AudioFileWriter::open(path, format, pcm.sample_rate, pcm.channels, meta);
        ASSERT_TRUE(writer);
        const std::span<const float> all(pcm.samples);
        for (size_t at = 0; at < all.size();) {  // odd block sizes, some beyond one encoder write
            const size_t n = std::min(all.size() - at, size_t{2} * (at % 3 == 0 ? 5003 : 777));
            ASSERT_TRUE((*writer)->write(all.subspan(at, n)));
            at += n;
        }
        EXPECT_EQ(dir.entries(), before + 1);  // its temporary
        EXPECT_FALSE(std::filesystem::exists(path));
        ASSERT_TRUE((*writer)->finish());
        EXPECT_EQ(file_bytes(path), std::string(whole->begin(), whole->end())) << format_name(format);
        // And read back in pieces from any frame, as read_audio reads it whole.
        auto whole_read = read_audio(path);
        ASSERT_TRUE(whole_read);
        auto reader = AudioFileReader::open(path);
        ASSERT_TRUE(reader);
        EXPECT_EQ((*reader)->frames(), static_cast<int64_t>(pcm.frames()));
        std::vector<float> piece(2 * 1000);
        for (int64_t start : {int64_t{40000}, int64_t{0}, int64_t{1000}, int64_t{87000}}) {
            ASSERT_TRUE((*reader)->read(start, 1000, piece.data()));
            for (size_t i = 0; i < piece.size(); ++i)
                ASSERT_EQ(piece[i], whole_read->samples[static_cast<size_t>(start) * 2 + i]) << start;
        }
        EXPECT_FALSE((*reader)->read(static_cast<int64_t>(pcm.frames()) - 10, 11, piece.data()));
    }
    EXPECT_EQ(dir.entries(), 2u);
}

TEST(AudioFileWriter, AnUnfinishedWriterLeavesNothing) {
    TempDir dir;
    {
        auto writer = AudioFileWriter::open(dir.path() / "mix.flac", AudioFormat::flac, 44100, 2, {});
        ASSERT_TRUE(writer);
        std::vector<float> block(2 * 100, 0.25f);
        ASSERT_TRUE((*writer)->write(block));
        EXPECT_FALSE((*writer)->write(std::span<const float>(block).first(3)));  // not whole frames
    }
    EXPECT_EQ(dir.entries(), 0u);
    Metadata looped;
    looped.loop = LoopPoints{0, 10};
    EXPECT_FALSE(AudioFileWriter::open(dir.path() / "mix.flac", AudioFormat::flac, 44100, 2, looped));
    EXPECT_FALSE(AudioFileWriter::open(dir.path() / "mix.ogg", AudioFormat::ogg, 44100, 2, {}));
}

}  // namespace
}  // namespace omg::encode
