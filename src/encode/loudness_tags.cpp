#include "encode/loudness_tags.h"

#include "encode/ogg_pages.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace omg::encode {
namespace {

constexpr double kReplayGainReferenceLufs = -18.0;  // ReplayGain 2.0
constexpr unsigned char kFlacComment = 4;
constexpr unsigned char kLastBlock = 0x80;

uint32_t le32(std::span<const unsigned char> b, size_t at) {
    return static_cast<uint32_t>(b[at]) | static_cast<uint32_t>(b[at + 1]) << 8 |
           static_cast<uint32_t>(b[at + 2]) << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
}

void put_le32(std::vector<unsigned char>& out, size_t v) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<unsigned char>((v >> shift) & 0xff));
}

struct Block {
    size_t header = 0;  // offset of its 4-byte header
    unsigned char type = 0;
    bool last = false;
    size_t length = 0;
};

// The metadata blocks of a FLAC stream, as far as `bytes` holds them whole.
std::optional<std::vector<Block>> flac_blocks(std::span<const unsigned char> bytes) {
    if (bytes.size() < 4 || bytes[0] != 'f' || bytes[1] != 'L' || bytes[2] != 'a' || bytes[3] != 'C') {
        return std::nullopt;
    }
    std::vector<Block> blocks;
    for (size_t at = 4; at + 4 <= bytes.size();) {
        Block b{at, static_cast<unsigned char>(bytes[at] & 0x7f), (bytes[at] & kLastBlock) != 0,
                static_cast<size_t>(bytes[at + 1]) << 16 | static_cast<size_t>(bytes[at + 2]) << 8 | bytes[at + 3]};
        if (at + 4 + b.length > bytes.size()) break;
        blocks.push_back(b);
        if (b.last) break;
        at += 4 + b.length;
    }
    if (blocks.empty()) return std::nullopt;
    return blocks;
}

// A Vorbis comment block's vendor string and comments ("KEY=value").
struct Comments {
    std::string vendor;
    std::vector<std::string> entries;
};

std::optional<Comments> parse_comments(std::span<const unsigned char> body) {
    Comments c;
    if (body.size() < 8) return std::nullopt;
    const size_t vendor = le32(body, 0);
    if (vendor > body.size() - 8) return std::nullopt;
    c.vendor.assign(body.begin() + 4, body.begin() + 4 + static_cast<std::ptrdiff_t>(vendor));
    size_t at = 4 + vendor;
    const size_t count = le32(body, at);
    at += 4;
    for (size_t i = 0; i < count; ++i) {
        if (at + 4 > body.size()) return std::nullopt;
        const size_t length = le32(body, at);
        at += 4;
        if (length > body.size() - at) return std::nullopt;
        c.entries.emplace_back(body.begin() + static_cast<std::ptrdiff_t>(at),
                               body.begin() + static_cast<std::ptrdiff_t>(at + length));
        at += length;
    }
    return c;
}

std::vector<unsigned char> comment_block_body(const Comments& c) {
    std::vector<unsigned char> out;
    put_le32(out, c.vendor.size());
    out.insert(out.end(), c.vendor.begin(), c.vendor.end());
    put_le32(out, c.entries.size());
    for (const auto& e : c.entries) {
        put_le32(out, e.size());
        out.insert(out.end(), e.begin(), e.end());
    }
    return out;
}

constexpr unsigned char kVorbisCommentHeader[] = {3, 'v', 'o', 'r', 'b', 'i', 's'};

bool is_vorbis_comment(std::span<const unsigned char> packet) {
    return packet.size() > sizeof kVorbisCommentHeader &&
           std::equal(std::begin(kVorbisCommentHeader), std::end(kVorbisCommentHeader), packet.begin());
}

std::vector<std::pair<std::string, std::string>> split_entries(const Comments& comments) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& e : comments.entries) {
        const size_t eq = e.find('=');
        if (eq != std::string::npos) out.emplace_back(e.substr(0, eq), e.substr(eq + 1));
    }
    return out;
}

std::string upper(std::string s) {
    for (char& ch : s)
        if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    return s;
}

// A decimal number at the start of `text` (strtod, so "-4.00 dB" reads -4).
std::optional<double> number_in(const std::string& text) {
    const char* begin = text.c_str();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> replaygain_fields(const TrackLoudness& loudness) {
    char gain[32];
    char peak[32];
    std::snprintf(gain, sizeof gain, "%.2f dB", kReplayGainReferenceLufs - loudness.integrated_lufs);
    std::snprintf(peak, sizeof peak, "%.6f", std::pow(10.0, loudness.true_peak_dbtp / 20.0));
    return {{"REPLAYGAIN_TRACK_GAIN", gain}, {"REPLAYGAIN_TRACK_PEAK", peak}};
}

std::optional<TrackLoudness> loudness_from_fields(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::optional<double> gain, peak;
    for (const auto& [key, value] : fields) {
        const std::string k = upper(key);
        if (k == "REPLAYGAIN_TRACK_GAIN") gain = number_in(value);
        if (k == "REPLAYGAIN_TRACK_PEAK") peak = number_in(value);
    }
    if (!gain || !peak || *peak <= 0) return std::nullopt;
    return TrackLoudness{kReplayGainReferenceLufs - *gain, 20.0 * std::log10(*peak), std::nullopt};
}

Status add_flac_comments(std::vector<unsigned char>& flac,
                         const std::vector<std::pair<std::string, std::string>>& fields) {
    auto blocks = flac_blocks(flac);
    if (!blocks || blocks->front().type != 0 || !blocks->back().last) {
        return fail(Errc::invalid_argument, "not a FLAC stream with whole metadata blocks");
    }
    Comments comments;
    const Block* found = nullptr;
    for (const Block& b : *blocks)
        if (b.type == kFlacComment) found = &b;
    if (found) {
        auto parsed = parse_comments(std::span(flac).subspan(found->header + 4, found->length));
        if (!parsed) return fail(Errc::invalid_argument, "the FLAC stream's comment block is malformed");
        comments = std::move(*parsed);
    } else {
        comments.vendor = "OMG";
    }
    for (const auto& [key, value] : fields) comments.entries.push_back(key + "=" + value);
    const std::vector<unsigned char> body = comment_block_body(comments);
    if (body.size() >= (1u << 24)) return fail(Errc::invalid_argument, "the FLAC comments are too long");

    // The new block replaces the old one, or follows STREAMINFO; it is last only if that was.
    const Block& at = found ? *found : blocks->front();
    const bool last = at.last;
    std::vector<unsigned char> block{static_cast<unsigned char>(kFlacComment | (last ? kLastBlock : 0)),
                                     static_cast<unsigned char>(body.size() >> 16),
                                     static_cast<unsigned char>(body.size() >> 8),
                                     static_cast<unsigned char>(body.size())};
    block.insert(block.end(), body.begin(), body.end());
    const size_t end_of_at = at.header + 4 + at.length;
    if (found) {
        flac.erase(flac.begin() + static_cast<std::ptrdiff_t>(at.header),
                   flac.begin() + static_cast<std::ptrdiff_t>(end_of_at));
        flac.insert(flac.begin() + static_cast<std::ptrdiff_t>(at.header), block.begin(), block.end());
    } else {
        flac[at.header] = static_cast<unsigned char>(flac[at.header] & 0x7f);  // STREAMINFO no longer last
        flac.insert(flac.begin() + static_cast<std::ptrdiff_t>(end_of_at), block.begin(), block.end());
    }
    return {};
}

std::vector<std::pair<std::string, std::string>> flac_comments(std::span<const unsigned char> head) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto blocks = flac_blocks(head);
    if (!blocks) return out;
    for (const Block& b : *blocks) {
        if (b.type != kFlacComment) continue;
        const auto comments = parse_comments(head.subspan(b.header + 4, b.length));
        if (!comments) continue;
        for (auto& field : split_entries(*comments)) out.push_back(std::move(field));
    }
    return out;
}

Status add_ogg_comments(std::vector<unsigned char>& ogg,
                        const std::vector<std::pair<std::string, std::string>>& fields) {
    const bool ok = replace_ogg_second_packet(ogg, [&](std::span<const unsigned char> packet)
                                                       -> std::optional<std::vector<unsigned char>> {
        if (!is_vorbis_comment(packet)) return std::nullopt;
        auto comments = parse_comments(packet.subspan(sizeof kVorbisCommentHeader));
        if (!comments) return std::nullopt;
        for (const auto& [key, value] : fields) comments->entries.push_back(key + "=" + value);
        std::vector<unsigned char> out(std::begin(kVorbisCommentHeader), std::end(kVorbisCommentHeader));
        const auto body = comment_block_body(*comments);
        out.insert(out.end(), body.begin(), body.end());
        out.push_back(1);  // the framing bit
        return out;
    });
    if (!ok) return fail(Errc::invalid_argument, "not a well-formed Ogg Vorbis file");
    return {};
}

std::vector<std::pair<std::string, std::string>> ogg_comments(std::span<const unsigned char> head) {
    const auto packet = ogg_second_packet(head);
    if (!packet || !is_vorbis_comment(*packet)) return {};
    const auto comments = parse_comments(std::span(*packet).subspan(sizeof kVorbisCommentHeader));
    return comments ? split_entries(*comments) : std::vector<std::pair<std::string, std::string>>{};
}

std::vector<std::pair<std::string, std::string>> id3_user_texts(std::span<const unsigned char> head) {
    std::vector<std::pair<std::string, std::string>> out;
    if (head.size() < 10 || head[0] != 'I' || head[1] != 'D' || head[2] != '3') return out;
    const unsigned version = head[3];
    if (version != 3 && version != 4) return out;
    auto syncsafe = [&](size_t at) {
        return static_cast<size_t>(head[at] & 0x7f) << 21 | static_cast<size_t>(head[at + 1] & 0x7f) << 14 |
               static_cast<size_t>(head[at + 2] & 0x7f) << 7 | static_cast<size_t>(head[at + 3] & 0x7f);
    };
    const size_t end = std::min(head.size(), 10 + syncsafe(6));
    for (size_t at = 10; at + 10 <= end;) {
        if (head[at] == 0) break;  // padding
        const size_t size = version == 4 ? syncsafe(at + 4)
                                         : static_cast<size_t>(head[at + 4]) << 24 | static_cast<size_t>(head[at + 5]) << 16 |
                                               static_cast<size_t>(head[at + 6]) << 8 | head[at + 7];
        const size_t body = at + 10;
        if (size > end - body) break;
        const bool txxx = head[at] == 'T' && head[at + 1] == 'X' && head[at + 2] == 'X' && head[at + 3] == 'X';
        // Latin-1 or UTF-8 text: description, a zero byte, the value.
        if (txxx && size > 1 && (head[body] == 0 || head[body] == 3)) {
            const std::string text(head.begin() + static_cast<std::ptrdiff_t>(body + 1),
                                   head.begin() + static_cast<std::ptrdiff_t>(body + size));
            const size_t zero = text.find('\0');
            if (zero != std::string::npos) {
                std::string value = text.substr(zero + 1);
                while (!value.empty() && value.back() == '\0') value.pop_back();
                out.emplace_back(text.substr(0, zero), value);
            }
        }
        at = body + size;
    }
    return out;
}

}  // namespace omg::encode
