#include "encode/id3.h"

#include "core/utf8.h"
#include "encode/loudness_tags.h"

#include <cctype>
#include <cstdint>
#include <string_view>

namespace omg::encode {
namespace {

enum Encoding : unsigned char { kLatin1 = 0, kUtf16 = 1 };

bool is_ascii(std::string_view text) {
    for (char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

void put_utf16(std::vector<unsigned char>& out, std::string_view text) {
    auto unit = [&](uint32_t u) {
        out.push_back(static_cast<unsigned char>(u & 0xff));
        out.push_back(static_cast<unsigned char>(u >> 8));
    };
    unit(0xfeff);  // byte-order mark: little endian
    for (char32_t cp : core::decode_utf8(text)) {
        if (cp >= 0x10000) {
            const uint32_t v = static_cast<uint32_t>(cp) - 0x10000;
            unit(0xd800 + (v >> 10));
            unit(0xdc00 + (v & 0x3ff));
        } else {
            unit(static_cast<uint32_t>(cp));
        }
    }
}

void put_text(std::vector<unsigned char>& out, Encoding encoding, std::string_view text) {
    if (encoding == kLatin1) {
        out.insert(out.end(), text.begin(), text.end());
    } else {
        put_utf16(out, text);
    }
}

void put_be32(std::vector<unsigned char>& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(v >> shift));
}

void put_frame(std::vector<unsigned char>& tag, const char* id,
               const std::vector<unsigned char>& body) {
    tag.insert(tag.end(), id, id + 4);
    put_be32(tag, static_cast<uint32_t>(body.size()));
    tag.push_back(0);  // flags
    tag.push_back(0);
    tag.insert(tag.end(), body.begin(), body.end());
}

void put_text_frame(std::vector<unsigned char>& tag, const char* id, std::string_view text) {
    if (text.empty()) return;
    const Encoding encoding = is_ascii(text) ? kLatin1 : kUtf16;
    std::vector<unsigned char> body{encoding};
    put_text(body, encoding, text);
    put_frame(tag, id, body);
}

void put_comment_frame(std::vector<unsigned char>& tag, std::string_view text) {
    if (text.empty()) return;
    const Encoding encoding = is_ascii(text) ? kLatin1 : kUtf16;
    std::vector<unsigned char> body{encoding, 'e', 'n', 'g'};
    if (encoding == kLatin1) {
        body.push_back(0);  // empty description, terminated
    } else {
        put_utf16(body, "");
        body.push_back(0);
        body.push_back(0);
    }
    put_text(body, encoding, text);
    put_frame(tag, "COMM", body);
}

// TYER holds exactly four digits: the year at the start of `date`, if there is one.
std::string_view year_of(std::string_view date) {
    if (date.size() < 4) return {};
    for (size_t i = 0; i < 4; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(date[i]))) return {};
    }
    return date.substr(0, 4);
}

}  // namespace

std::vector<unsigned char> id3v2_tag(const Metadata& meta) {
    std::vector<unsigned char> frames;
    put_text_frame(frames, "TIT2", meta.title);
    put_text_frame(frames, "TPE1", meta.artist);
    put_comment_frame(frames, meta.comment);
    put_text_frame(frames, "TSSE", meta.software);
    put_text_frame(frames, "TCON", meta.genre);
    put_text_frame(frames, "TYER", year_of(meta.date));
    if (meta.loudness) {
        for (const auto& [description, value] : replaygain_fields(*meta.loudness)) {
            std::vector<unsigned char> body{kLatin1};  // both are plain ASCII
            body.insert(body.end(), description.begin(), description.end());
            body.push_back(0);
            body.insert(body.end(), value.begin(), value.end());
            put_frame(frames, "TXXX", body);
        }
    }
    if (frames.empty()) return {};

    std::vector<unsigned char> tag{'I', 'D', '3', 3, 0, 0};  // version 2.3.0, no flags
    const auto size = static_cast<uint32_t>(frames.size());  // syncsafe: 7 bits per byte
    for (int shift = 21; shift >= 0; shift -= 7) tag.push_back(static_cast<unsigned char>((size >> shift) & 0x7f));
    tag.insert(tag.end(), frames.begin(), frames.end());
    return tag;
}

}  // namespace omg::encode
