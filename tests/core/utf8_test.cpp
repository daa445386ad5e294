// core/utf8.h: valid text passes unchanged, malformed bytes become U+FFFD, cuts never split a
// character.
#include "core/utf8.h"

#include <gtest/gtest.h>

namespace omg::core {
namespace {

TEST(Utf8, ValidTextComesBackUnchanged) {
    const std::string text = "caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\xB5 \xF3\xA0\x80\x81 plain";
    EXPECT_EQ(valid_utf8(text), text);
    EXPECT_EQ(valid_utf8(""), "");
}

TEST(Utf8, MalformedSequencesBecomeReplacementCharacters) {
    const std::string r = "\xEF\xBF\xBD";
    EXPECT_EQ(valid_utf8("a\xFF" "b"), "a" + r + "b");                 // not a lead byte
    EXPECT_EQ(valid_utf8("a\x80"), "a" + r);                           // stray continuation
    EXPECT_EQ(valid_utf8("x\xF0\x9F\x8E"), "x" + r + r + r);           // cut short at the end
    EXPECT_EQ(valid_utf8("\xC0\xAF"), r + r);                          // overlong '/'
    EXPECT_EQ(valid_utf8("\xED\xA0\x80"), r + r + r);                  // a surrogate
    EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), r + r + r + r);          // past U+10FFFF
    EXPECT_EQ(valid_utf8(valid_utf8("\xF0\x9F\x8E")), valid_utf8("\xF0\x9F\x8E"));
}

TEST(Utf8, DecodesCodePointsWithMalformedBytesAsReplacementCharacters) {
    EXPECT_EQ(decode_utf8(""), U"");
    EXPECT_EQ(decode_utf8("caf\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x8E\xB5"), U"caf\u00E9 \u65E5 \U0001F3B5");
    EXPECT_EQ(decode_utf8("\xF4\x8F\xBF\xBF"), U"\U0010FFFF");
    const std::u32string r = U"\uFFFD";
    EXPECT_EQ(decode_utf8("a\xFF" "b"), U"a" + r + U"b");              // not a lead byte
    EXPECT_EQ(decode_utf8("a\x80"), U"a" + r);                        // stray continuation
    EXPECT_EQ(decode_utf8("x\xF0\x9F\x8E"), U"x" + r + r + r);        // cut short at the end
    EXPECT_EQ(decode_utf8("\xC0\xAF"), r + r);                       // overlong '/'
    EXPECT_EQ(decode_utf8("\xED\xA0\x80"), r + r + r);               // a surrogate
    EXPECT_EQ(decode_utf8("\xF4\x90\x80\x80"), r + r + r + r);       // past U+10FFFF
}

TEST(Utf8, APrefixNeverEndsInsideACharacter) {
    const std::string tags = "\xF3\xA0\x80\x81\xF3\xA0\x80\xA0\xF3\xA0\x80\xA1";  // three 4-byte characters
    for (size_t max = 0; max <= tags.size() + 1; ++max) {
        const std::string p = utf8_prefix(tags, max);
        EXPECT_LE(p.size(), max);
        EXPECT_EQ(p.size() % 4, 0u) << max;
        EXPECT_EQ(valid_utf8(p), p) << max;
    }
    EXPECT_EQ(utf8_prefix("abc", 2), "ab");
    EXPECT_EQ(utf8_prefix("abc", 10), "abc");
}

}  // namespace
}  // namespace omg::core
