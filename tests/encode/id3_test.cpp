#include "encode/id3.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace omg::encode {
namespace {

// Splits a tag into frame id -> body, checking the header and frame sizes on the way.
std::map<std::string, std::vector<unsigned char>> frames_of(const std::vector<unsigned char>& tag) {
    std::map<std::string, std::vector<unsigned char>> frames;
    EXPECT_GE(tag.size(), 10u);
    EXPECT_EQ(std::string(tag.begin(), tag.begin() + 3), "ID3");
    EXPECT_EQ(tag[3], 3);  // v2.3
    size_t size = 0;
    for (int i = 6; i < 10; ++i) {
        EXPECT_LT(tag[static_cast<size_t>(i)], 0x80);  // syncsafe
        size = (size << 7) | tag[static_cast<size_t>(i)];
    }
    EXPECT_EQ(size + 10, tag.size());
    for (size_t pos = 10; pos + 10 <= tag.size();) {
        const std::string id(tag.begin() + static_cast<std::ptrdiff_t>(pos), tag.begin() + static_cast<std::ptrdiff_t>(pos + 4));
        const size_t length = (size_t{tag[pos + 4]} << 24) | (size_t{tag[pos + 5]} << 16) |
                              (size_t{tag[pos + 6]} << 8) | tag[pos + 7];
        frames[id].assign(tag.begin() + static_cast<std::ptrdiff_t>(pos + 10),
                          tag.begin() + static_cast<std::ptrdiff_t>(pos + 10 + length));
        pos += 10 + length;
    }
    return frames;
}

TEST(Id3, WritesTheFieldsThatAreSet) {
    Metadata m{"Title", "OMG", "{\"a\":1}", "OMG 0.1.0", "", "2026-05-01", std::nullopt, std::nullopt};
    auto frames = frames_of(id3v2_tag(m));
    EXPECT_EQ(frames.size(), 5u);  // no genre
    const auto& title = frames["TIT2"];
    EXPECT_EQ(title[0], 0);  // ISO-8859-1
    EXPECT_EQ(std::string(title.begin() + 1, title.end()), "Title");
    const auto& comment = frames["COMM"];
    EXPECT_EQ(std::string(comment.begin() + 1, comment.begin() + 4), "eng");
    EXPECT_EQ(comment[4], 0);  // empty description
    EXPECT_EQ(std::string(comment.begin() + 5, comment.end()), "{\"a\":1}");
    const auto& year = frames["TYER"];
    EXPECT_EQ(std::string(year.begin() + 1, year.end()), "2026");
    EXPECT_EQ(frames.count("TSSE"), 1u);
}

TEST(Id3, NonAsciiTextIsUtf16WithSurrogatePairs) {
    Metadata m{"é🎹", "", "", "", "", "", std::nullopt, std::nullopt};
    auto frames = frames_of(id3v2_tag(m));
    const std::vector<unsigned char> expected{1, 0xff, 0xfe, 0xe9, 0x00, 0x3c, 0xd8, 0xb9, 0xdf};
    EXPECT_EQ(frames["TIT2"], expected);
}

TEST(Id3, MalformedUtf8IsWrittenAsReplacementCharacters) {
    // An overlong '/' (C0 AF) is two malformed bytes, not a slash (core/utf8.h).
    Metadata m{"a\xC0\xAF" "b\xFF", "", "", "", "", "", std::nullopt, std::nullopt};
    auto frames = frames_of(id3v2_tag(m));
    const std::vector<unsigned char> expected{1, 0xff, 0xfe, 'a', 0, 0xfd, 0xff, 0xfd, 0xff, 'b', 0, 0xfd, 0xff};
    EXPECT_EQ(frames["TIT2"], expected);
}

TEST(Id3, NothingToSayGivesNoTag) {
    EXPECT_TRUE(id3v2_tag(Metadata{"", "", "", "", "", "soon", std::nullopt, std::nullopt}).empty());
}

}  // namespace
}  // namespace omg::encode
