// Loop points (audio_writer.h's LoopPoints) in WAV (`smpl` and `cue ` chunks), FLAC and OGG
// (LOOPSTART/LOOPLENGTH and LOOP_START/LOOP_END comments), read back; MP3 refused.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <numbers>
#include <string>

#include "encode/audio_writer.h"
#include "encode/loudness_tags.h"
#include "encode/sndfile_encoder.h"

namespace omg::encode {
namespace {

model::Pcm tone(size_t frames) {
    model::Pcm pcm(44100, 2, std::vector<float>(frames * 2));
    for (size_t i = 0; i < frames; ++i)
        pcm.samples[2 * i] = pcm.samples[2 * i + 1] =
            0.3f * static_cast<float>(
                       std::sin(2 * std::numbers::pi * 220.0 * static_cast<double>(i) / 44100.0));
    return pcm;
}

uint32_t le32(const std::vector<unsigned char>& b, size_t at) {
    return b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (static_cast<uint32_t>(b[at + 3]) << 24);
}

// The payload of a RIFF chunk, or empty.
std::vector<unsigned char> riff_chunk(const std::vector<unsigned char>& wav, const char* id) {
    for (size_t at = 12; at + 8 <= wav.size();) {
        const uint32_t size = le32(wav, at + 4);
        if (std::memcmp(wav.data() + at, id, 4) == 0)
            return {wav.begin() + static_cast<std::ptrdiff_t>(at + 8),
                    wav.begin() +
                        static_cast<std::ptrdiff_t>(std::min<size_t>(wav.size(), at + 8 + size))};
        at += 8 + size + (size & 1);
    }
    return {};
}

std::string field(const std::vector<std::pair<std::string, std::string>>& fields,
                  const std::string& name) {
    for (const auto& [k, v] : fields)
        if (k == name) return v;
    return "";
}

constexpr LoopPoints kLoop{44100, 22050};

TEST(LoopPoints, WavCarriesSmplAndCueChunks) {
    Metadata meta;
    meta.loop = kLoop;
    auto wav = encode_audio(tone(88200), AudioFormat::wav, meta);
    ASSERT_TRUE(wav) << wav.error().message;
    const auto smpl = riff_chunk(*wav, "smpl");
    ASSERT_GE(smpl.size(), 60u);
    EXPECT_EQ(le32(smpl, 28), 1u);                        // one loop
    EXPECT_EQ(le32(smpl, 36 + 4), 0u);                    // forward
    EXPECT_EQ(le32(smpl, 36 + 8), 44100u);                // start
    EXPECT_EQ(le32(smpl, 36 + 12), 44100u + 22050u - 1);  // end: the loop's last frame
    const auto cue = riff_chunk(*wav, "cue ");
    ASSERT_GE(cue.size(), 4u + 2 * 24u);
    EXPECT_EQ(le32(cue, 0), 2u);
    EXPECT_EQ(le32(cue, 4 + 20), 44100u);  // sample offsets: start and end
    EXPECT_EQ(le32(cue, 4 + 24 + 20), 44100u + 22050u);
}

TEST(LoopPoints, FlacAndOggCarryTheComments) {
    Metadata meta;
    meta.loop = kLoop;
    meta.loudness = TrackLoudness{-14, -1, std::nullopt};  // the loudness tags stay beside them
    auto flac = encode_audio(tone(88200), AudioFormat::flac, meta);
    auto ogg = encode_audio(tone(88200), AudioFormat::ogg, meta);
    ASSERT_TRUE(flac && ogg);
    for (const auto& fields : {flac_comments(*flac), ogg_comments(*ogg)}) {
        EXPECT_EQ(field(fields, "LOOPSTART"), "44100");
        EXPECT_EQ(field(fields, "LOOPLENGTH"), "22050");
        EXPECT_EQ(field(fields, "LOOP_START"), "44100");
        EXPECT_EQ(field(fields, "LOOP_END"), "66150");
        EXPECT_FALSE(field(fields, "REPLAYGAIN_TRACK_GAIN").empty());
    }
}

TEST(LoopPoints, ReadBackFromEveryFormatAndDeterministic) {
    const auto dir = std::filesystem::temp_directory_path() / "omg-loop-points-test";
    std::filesystem::create_directories(dir);
    Metadata meta;
    meta.title = "loop";
    meta.loop = kLoop;
    for (AudioFormat f : {AudioFormat::wav, AudioFormat::flac, AudioFormat::ogg}) {
        SCOPED_TRACE(std::string(format_name(f)));
        const auto path = dir / ("loop." + std::string(format_name(f)));
        ASSERT_TRUE(write_audio(tone(88200), f, meta, path));
        auto back = read_metadata(path);
        ASSERT_TRUE(back);
        EXPECT_EQ(back->loop, kLoop);
        EXPECT_EQ(back->title, "loop");
        auto pcm = read_audio(path);
        ASSERT_TRUE(pcm);
        EXPECT_EQ(pcm->frames(), 88200u);
        EXPECT_EQ(*encode_audio(tone(88200), f, meta), *encode_audio(tone(88200), f, meta));
        // Without a loop, none is read.
        ASSERT_TRUE(write_audio(tone(4410), f, Metadata{}, path));
        EXPECT_FALSE(read_metadata(path)->loop.has_value());
    }
    std::filesystem::remove_all(dir);
}

TEST(LoopPoints, Mp3AndLoopsOutsideTheAudioAreRefused) {
    Metadata meta;
    meta.loop = kLoop;
    auto mp3 = encode_audio(tone(88200), AudioFormat::mp3, meta);
    ASSERT_FALSE(mp3);
    EXPECT_EQ(mp3.error().code, Errc::invalid_argument);
    EXPECT_NE(mp3.error().message.find("MP3"), std::string::npos);
    meta.loop = LoopPoints{80000, 10000};
    EXPECT_FALSE(encode_audio(tone(88200), AudioFormat::wav, meta));
    meta.loop = LoopPoints{0, 0};
    EXPECT_FALSE(encode_audio(tone(88200), AudioFormat::flac, meta));
}

TEST(LoopPoints, CommentsParseEitherConvention) {
    EXPECT_EQ(loop_from_fields({{"LOOP_START", "10"}, {"LOOP_END", "30"}}), (LoopPoints{10, 20}));
    EXPECT_EQ(loop_from_fields({{"LOOPSTART", "5"}, {"LOOPLENGTH", "7"}}), (LoopPoints{5, 7}));
    EXPECT_FALSE(loop_from_fields({{"LOOPSTART", "x"}, {"LOOPLENGTH", "7"}}));
    EXPECT_FALSE(loop_from_fields({{"LOOPSTART", "5"}}));
}

}  // namespace
}  // namespace omg::encode
