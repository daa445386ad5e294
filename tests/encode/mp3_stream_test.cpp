#include "encode/mp3_stream.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string_view>

namespace omg::encode {
namespace {

// MPEG-1 Layer III, 128 kbps, 44.1 kHz: 417 bytes, 418 with the padding bit.
constexpr unsigned char kHeader[] = {0xff, 0xfb, 0x90, 0x64};

std::vector<unsigned char> frame(bool padded = false) {
    std::vector<unsigned char> f(padded ? 418 : 417, 0);
    std::memcpy(f.data(), kHeader, 4);
    if (padded) f[2] |= 0x02;
    return f;
}

// A LAME-style Info frame: "Info" after the 32-byte side info, "LAME" 120 bytes later.
std::vector<unsigned char> info_frame() {
    std::vector<unsigned char> f = frame();
    std::memcpy(f.data() + 36, "Info", 4);
    std::memcpy(f.data() + 36 + 120, "LAME3.100", 9);
    return f;
}

uint32_t be32(const unsigned char* p) {
    return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

TEST(Mp3Stream, FrameLengthFromTheHeader) {
    EXPECT_EQ(mp3_frame_length(frame()), 417u);
    EXPECT_EQ(mp3_frame_length(frame(true)), 418u);
    const unsigned char mpeg2_22k[] = {0xff, 0xf3, 0x90,
                                       0x64};  // MPEG-2: 80 kbps at 22.05 kHz, 72*80000/22050
    EXPECT_EQ(mp3_frame_length(mpeg2_22k), 261u);
    const unsigned char not_sync[] = {0xfe, 0xfb, 0x90, 0x64};
    const unsigned char layer_two[] = {0xff, 0xfd, 0x90, 0x64};
    const unsigned char free_format[] = {0xff, 0xfb, 0x00, 0x64};
    const unsigned char bad_rate[] = {0xff, 0xfb, 0x9c, 0x64};
    for (auto h : {not_sync, layer_two, free_format, bad_rate})
        EXPECT_EQ(mp3_frame_length({h, 4}), 0u);
    EXPECT_EQ(mp3_frame_length({kHeader, 3}), 0u);
}

TEST(Mp3Stream, FrameOffsetsStopAtGarbageAndAtATruncatedFrame) {
    std::vector<unsigned char> stream = frame();
    const auto second = frame(true);
    stream.insert(stream.end(), second.begin(), second.end());
    EXPECT_EQ(mp3_frame_offsets(stream), (std::vector<size_t>{0, 417}));
    stream.push_back(0x00);
    EXPECT_EQ(mp3_frame_offsets(stream).size(), 2u);
    const auto third = frame();
    stream.pop_back();
    stream.insert(stream.end(), third.begin(), third.begin() + 100);  // cut short
    EXPECT_EQ(mp3_frame_offsets(stream).size(), 2u);
    EXPECT_EQ(mp3_frame_offsets(stream, 417), (std::vector<size_t>{417}));
}

TEST(Mp3Stream, Crc16IsLamesVariant) {
    constexpr std::string_view check = "123456789";  // CRC-16/ARC's check value
    EXPECT_EQ(crc16({reinterpret_cast<const unsigned char*>(check.data()), check.size()}), 0xbb3d);
    EXPECT_EQ(crc16({}), 0);
}

TEST(Mp3Stream, RewritesTheInfoFrameForTheWholeStream) {
    std::vector<unsigned char> info = info_frame();
    StreamFacts facts;
    for (size_t i = 0; i < 200; ++i) facts.frame_offsets.push_back(417 + i * 417);
    facts.stream_bytes = 417 * 201;
    facts.encoder_delay = 576;
    facts.samples = 200 * 1152 - 576 - 700;
    facts.music_crc = 0x1234;
    ASSERT_TRUE(rewrite_info_frame(info, facts));

    const unsigned char* x = info.data() + 36;
    EXPECT_EQ(be32(x + 8), 200u);
    EXPECT_EQ(be32(x + 12), 417u * 201);
    EXPECT_EQ(x[16], 1);  // the first audio frame, after the Info frame: 417 * 256 / (201 * 417)
    EXPECT_EQ(x[16 + 50], 128);  // half way: frame 100 at 101 * 417 bytes -> 128
    for (int i = 1; i < 100; ++i) EXPECT_GE(x[16 + i], x[16 + i - 1]);
    const unsigned char* lame = x + 120;
    EXPECT_EQ((lame[21] << 4) | (lame[22] >> 4), 576);
    EXPECT_EQ(((lame[22] & 15) << 8) | lame[23], 700);
    EXPECT_EQ(be32(lame + 28), 417u * 201);
    EXPECT_EQ((lame[32] << 8) | lame[33], 0x1234);
    EXPECT_EQ((lame[34] << 8) | lame[35], crc16(std::span(info).first(190)));
}

TEST(Mp3Stream, RefusesAFrameWithoutTheMarkers) {
    StreamFacts facts;
    facts.stream_bytes = 417;
    std::vector<unsigned char> plain = frame();
    EXPECT_FALSE(rewrite_info_frame(plain, facts));
    std::vector<unsigned char> no_lame = info_frame();
    std::memset(no_lame.data() + 156, 0, 4);
    EXPECT_FALSE(rewrite_info_frame(no_lame, facts));
    std::vector<unsigned char> too_short = info_frame();
    too_short.resize(150);
    EXPECT_FALSE(rewrite_info_frame(too_short, facts));
}

}  // namespace
}  // namespace omg::encode
