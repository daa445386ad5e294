#include "encode/ogg_pages.h"

#include <array>
#include <cstring>

namespace omg::encode {
namespace {

constexpr size_t kHeaderSize = 27;    // up to and including the segment count
constexpr size_t kSerialOffset = 14;
constexpr size_t kCrcOffset = 22;

// The Ogg CRC: polynomial 0x04c11db7, MSB first, initial value 0, no final xor.
const std::array<uint32_t, 256>& crc_table() {
    static const std::array<uint32_t, 256> table = [] {
        std::array<uint32_t, 256> t{};
        for (uint32_t i = 0; i < 256; ++i) {
            uint32_t r = i << 24;
            for (int k = 0; k < 8; ++k) r = (r & 0x80000000u) ? (r << 1) ^ 0x04c11db7u : r << 1;
            t[i] = r;
        }
        return t;
    }();
    return table;
}

uint32_t ogg_crc(const unsigned char* data, size_t size) {
    const auto& table = crc_table();
    uint32_t crc = 0;
    for (size_t i = 0; i < size; ++i) crc = (crc << 8) ^ table[((crc >> 24) ^ data[i]) & 0xff];
    return crc;
}

void put_le32(unsigned char* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

}  // namespace

bool set_ogg_serial(std::vector<unsigned char>& bytes, uint32_t serial) {
    // First pass: check the page structure, so a malformed stream is never half rewritten.
    std::vector<std::pair<size_t, size_t>> pages;  // offset, length
    for (size_t pos = 0; pos < bytes.size();) {
        if (bytes.size() - pos < kHeaderSize || std::memcmp(&bytes[pos], "OggS", 4) != 0) return false;
        const size_t segments = bytes[pos + 26];
        if (bytes.size() - pos < kHeaderSize + segments) return false;
        size_t body = 0;
        for (size_t s = 0; s < segments; ++s) body += bytes[pos + kHeaderSize + s];
        const size_t length = kHeaderSize + segments + body;
        if (bytes.size() - pos < length) return false;
        pages.emplace_back(pos, length);
        pos += length;
    }
    for (const auto& [offset, length] : pages) {
        unsigned char* page = &bytes[offset];
        put_le32(page + kSerialOffset, serial);
        put_le32(page + kCrcOffset, 0);
        put_le32(page + kCrcOffset, ogg_crc(page, length));
    }
    return !pages.empty();
}

}  // namespace omg::encode
