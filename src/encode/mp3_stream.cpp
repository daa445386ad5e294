#include "encode/mp3_stream.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace omg::encode {
namespace {

constexpr std::array<int, 16> kMpeg1Kbps{0,   32,  40,  48,  56,  64,  80,  96,
                                         112, 128, 160, 192, 224, 256, 320, 0};
constexpr std::array<int, 16> kMpeg2Kbps{0,  8,  16, 24,  32,  40,  48,  56,
                                         64, 80, 96, 112, 128, 144, 160, 0};
constexpr std::array<int, 4> kMpeg1Rates{44100, 48000, 32000, 0};

// Offsets inside the Xing payload and LAME's extension that follows it.
constexpr size_t kXingFrames = 8;
constexpr size_t kXingBytes = 12;
constexpr size_t kXingToc = 16;
constexpr size_t kLameStart = 120;  // "LAME" after the 4-byte marker, flags, counts, TOC, quality
constexpr size_t kLameDelayPadding = 21;
constexpr size_t kLameMusicLength = 28;
constexpr size_t kLameMusicCrc = 32;
constexpr size_t kLameTagCrc = 34;
constexpr size_t kTagCrcSpan = 190;  // the tag CRC covers the frame's first 190 bytes

void put_be32(unsigned char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (24 - 8 * i));
}

void put_be16(unsigned char* p, uint16_t v) {
    p[0] = static_cast<unsigned char>(v >> 8);
    p[1] = static_cast<unsigned char>(v);
}

}  // namespace

size_t mp3_frame_length(std::span<const unsigned char> h) {
    if (h.size() < 4 || h[0] != 0xff || (h[1] & 0xe0) != 0xe0) return 0;
    const int version = (h[1] >> 3) & 3;  // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
    const int layer = (h[1] >> 1) & 3;    // 1: Layer III
    const int bitrate_index = h[2] >> 4;
    const int rate_index = (h[2] >> 2) & 3;
    if (version == 1 || layer != 1 || rate_index == 3) return 0;
    const bool mpeg1 = version == 3;
    const int kbps = (mpeg1 ? kMpeg1Kbps : kMpeg2Kbps)[static_cast<size_t>(bitrate_index)];
    if (kbps == 0) return 0;  // free format and the forbidden index are not LAME's output
    const int rate = kMpeg1Rates[static_cast<size_t>(rate_index)] / (mpeg1          ? 1
                                                                     : version == 2 ? 2
                                                                                    : 4);
    const int padding = (h[2] >> 1) & 1;
    return static_cast<size_t>((mpeg1 ? 144 : 72) * kbps * 1000 / rate + padding);
}

std::vector<size_t> mp3_frame_offsets(std::span<const unsigned char> stream, size_t from) {
    std::vector<size_t> offsets;
    for (size_t pos = from; pos + 4 <= stream.size();) {
        const size_t length = mp3_frame_length(stream.subspan(pos, 4));
        if (length == 0 || pos + length > stream.size()) break;
        offsets.push_back(pos);
        pos += length;
    }
    return offsets;
}

uint16_t crc16(std::span<const unsigned char> bytes, uint16_t crc) {
    // A byte at a time through a table of the reflected polynomial's remainders.
    static constexpr std::array<uint16_t, 256> kTable = [] {
        std::array<uint16_t, 256> table{};
        for (unsigned v = 0; v < 256; ++v) {
            unsigned r = v;
            for (int i = 0; i < 8; ++i) r = (r & 1) ? (r >> 1) ^ 0xa001 : r >> 1;
            table[v] = static_cast<uint16_t>(r);
        }
        return table;
    }();
    for (const unsigned char b : bytes)
        crc = static_cast<uint16_t>((crc >> 8) ^ kTable[(crc ^ b) & 0xff]);
    return crc;
}

bool rewrite_info_frame(std::span<unsigned char> info, const StreamFacts& facts) {
    const auto find = [&](const char* marker) -> size_t {
        for (size_t i = 4; i + 4 <= std::min<size_t>(info.size(), 64); ++i)
            if (std::memcmp(info.data() + i, marker, 4) == 0) return i;
        return 0;
    };
    size_t xing = find("Info");
    if (xing == 0) xing = find("Xing");
    if (xing == 0 || xing + kLameStart + kLameTagCrc + 2 > info.size() || kTagCrcSpan > info.size())
        return false;
    unsigned char* x = info.data() + xing;
    unsigned char* lame = x + kLameStart;
    if (std::memcmp(lame, "LAME", 4) != 0 || facts.stream_bytes == 0) return false;

    const size_t frames = facts.frame_offsets.size();
    put_be32(x + kXingFrames, static_cast<uint32_t>(frames));
    put_be32(x + kXingBytes, static_cast<uint32_t>(facts.stream_bytes));
    // Seek table: entry i is where the frame at i % of the duration starts, in 1/256ths of
    // the stream.
    for (size_t i = 0; i < 100; ++i) {
        const size_t frame = std::min(frames == 0 ? 0 : frames - 1, (i * frames + 50) / 100);
        const size_t at = frames == 0 ? 0 : facts.frame_offsets[frame];
        x[kXingToc + i] =
            static_cast<unsigned char>(std::min<size_t>(255, at * 256 / facts.stream_bytes));
    }
    const int64_t padding = static_cast<int64_t>(frames) * facts.samples_per_frame -
                            facts.encoder_delay - facts.samples;
    const int delay = std::clamp(facts.encoder_delay, 0, 4095);
    const int pad = static_cast<int>(std::clamp<int64_t>(padding, 0, 4095));
    lame[kLameDelayPadding] = static_cast<unsigned char>(delay >> 4);
    lame[kLameDelayPadding + 1] = static_cast<unsigned char>(((delay & 15) << 4) | (pad >> 8));
    lame[kLameDelayPadding + 2] = static_cast<unsigned char>(pad & 0xff);
    put_be32(lame + kLameMusicLength, static_cast<uint32_t>(facts.stream_bytes));
    put_be16(lame + kLameMusicCrc, facts.music_crc);
    put_be16(lame + kLameTagCrc, crc16(info.first(kTagCrcSpan)));
    return true;
}

}  // namespace omg::encode
