#include "encode/ogg_pages.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

namespace omg::encode {
namespace {

constexpr size_t kHeaderSize = 27;    // up to and including the segment count
constexpr size_t kSerialOffset = 14;
constexpr size_t kCrcOffset = 22;
constexpr size_t kSequenceOffset = 18;
constexpr unsigned char kContinued = 0x01;

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

struct Page {
    size_t offset = 0;
    size_t length = 0;
    size_t segments = 0;
};

// Every page of `bytes`, or nullopt if they are not a well-formed sequence of Ogg pages. With
// `partial`, a cut-off last page ends the list instead.
std::optional<std::vector<Page>> pages_of(std::span<const unsigned char> bytes, bool partial = false) {
    std::vector<Page> pages;
    for (size_t pos = 0; pos < bytes.size();) {
        const bool whole_header = bytes.size() - pos >= kHeaderSize && bytes.size() - pos >= kHeaderSize + bytes[pos + 26];
        if (!whole_header) {
            if (partial) break;
            return std::nullopt;
        }
        if (std::memcmp(&bytes[pos], "OggS", 4) != 0) return std::nullopt;
        const size_t segments = bytes[pos + 26];
        size_t body = 0;
        for (size_t s = 0; s < segments; ++s) body += bytes[pos + kHeaderSize + s];
        const size_t length = kHeaderSize + segments + body;
        if (bytes.size() - pos < length) {
            if (partial) break;
            return std::nullopt;
        }
        pages.push_back({pos, length, segments});
        pos += length;
    }
    return pages;
}

// Packets 2 and 3 (index 1 and 2) and the number of pages, from the second, that hold them.
struct HeaderPackets {
    std::vector<unsigned char> comment, setup;
    size_t pages = 0;
};

std::optional<HeaderPackets> header_packets(std::span<const unsigned char> bytes, const std::vector<Page>& pages) {
    if (pages.size() < 2) return std::nullopt;
    HeaderPackets out;
    std::vector<unsigned char>* packet = &out.comment;
    size_t finished = 0;
    for (size_t p = 1; p < pages.size() && finished < 2; ++p) {
        const Page& page = pages[p];
        size_t body = page.offset + kHeaderSize + page.segments;
        for (size_t s = 0; s < page.segments; ++s) {
            const size_t lace = bytes[page.offset + kHeaderSize + s];
            if (finished >= 2) return std::nullopt;  // audio sharing the setup's page: not Vorbis
            packet->insert(packet->end(), bytes.begin() + static_cast<std::ptrdiff_t>(body),
                           bytes.begin() + static_cast<std::ptrdiff_t>(body + lace));
            body += lace;
            if (lace < 255) {
                ++finished;
                packet = &out.setup;
            }
        }
        out.pages = p;
    }
    if (finished < 2) return std::nullopt;
    return out;
}

void put_le64(std::vector<unsigned char>& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

// `packets` laid out as pages numbered from `sequence`: at most 255 segments a page; a page on
// which a packet ends has granule position 0 (header packets), one on which none does -1.
std::vector<unsigned char> header_pages(const std::vector<const std::vector<unsigned char>*>& packets,
                                        uint32_t serial, uint32_t& sequence) {
    struct Segment {
        const unsigned char* data;
        unsigned char lace;
    };
    std::vector<Segment> segments;
    for (const auto* packet : packets) {
        size_t at = 0;
        for (; packet->size() - at >= 255; at += 255) segments.push_back({packet->data() + at, 255});
        segments.push_back({packet->data() + at, static_cast<unsigned char>(packet->size() - at)});
    }
    std::vector<unsigned char> out;
    bool continued = false;
    for (size_t first = 0; first < segments.size(); first += 255) {
        const size_t count = std::min<size_t>(255, segments.size() - first);
        const size_t start = out.size();
        bool ends_packet = false;
        for (size_t i = first; i < first + count; ++i) ends_packet = ends_packet || segments[i].lace < 255;
        out.insert(out.end(), {'O', 'g', 'g', 'S', 0, static_cast<unsigned char>(continued ? kContinued : 0)});
        put_le64(out, ends_packet ? 0 : std::numeric_limits<uint64_t>::max());
        for (uint32_t v : {serial, sequence++, 0u})
            for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
        out.push_back(static_cast<unsigned char>(count));
        for (size_t i = first; i < first + count; ++i) out.push_back(segments[i].lace);
        for (size_t i = first; i < first + count; ++i) out.insert(out.end(), segments[i].data, segments[i].data + segments[i].lace);
        put_le32(&out[start + kCrcOffset], ogg_crc(&out[start], out.size() - start));
        continued = segments[first + count - 1].lace == 255;
    }
    return out;
}

uint32_t le32_at(std::span<const unsigned char> b, size_t at) {
    return static_cast<uint32_t>(b[at]) | static_cast<uint32_t>(b[at + 1]) << 8 |
           static_cast<uint32_t>(b[at + 2]) << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
}

}  // namespace

std::optional<std::vector<unsigned char>> ogg_second_packet(std::span<const unsigned char> head) {
    const auto pages = pages_of(head, true);
    if (!pages || pages->size() < 2) return std::nullopt;
    // Only the comment is needed: it may be read even when the setup packet is cut off.
    std::vector<unsigned char> packet;
    for (size_t p = 1; p < pages->size(); ++p) {
        const Page& page = (*pages)[p];
        size_t body = page.offset + kHeaderSize + page.segments;
        for (size_t s = 0; s < page.segments; ++s) {
            const size_t lace = head[page.offset + kHeaderSize + s];
            packet.insert(packet.end(), head.begin() + static_cast<std::ptrdiff_t>(body),
                          head.begin() + static_cast<std::ptrdiff_t>(body + lace));
            body += lace;
            if (lace < 255) return packet;
        }
    }
    return std::nullopt;
}

bool replace_ogg_second_packet(
    std::vector<unsigned char>& bytes,
    const std::function<std::optional<std::vector<unsigned char>>(std::span<const unsigned char>)>& edit) {
    const auto pages = pages_of(bytes);
    if (!pages) return false;
    auto headers = header_packets(bytes, *pages);
    if (!headers) return false;
    auto comment = edit(headers->comment);
    if (!comment) return false;
    const uint32_t serial = le32_at(bytes, kSerialOffset);
    uint32_t sequence = le32_at(bytes, (*pages)[1].offset + kSequenceOffset);
    const std::vector<unsigned char> laid = header_pages({&*comment, &headers->setup}, serial, sequence);
    // Later pages follow on from the new header pages' numbers.
    std::vector<unsigned char> out(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>((*pages)[1].offset));
    out.insert(out.end(), laid.begin(), laid.end());
    for (size_t p = headers->pages + 1; p < pages->size(); ++p) {
        const Page& page = (*pages)[p];
        const size_t start = out.size();
        out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(page.offset),
                   bytes.begin() + static_cast<std::ptrdiff_t>(page.offset + page.length));
        put_le32(&out[start + kSequenceOffset], sequence++);
        put_le32(&out[start + kCrcOffset], 0);
        put_le32(&out[start + kCrcOffset], ogg_crc(&out[start], page.length));
    }
    bytes = std::move(out);
    return true;
}

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
