// Tokenising untrusted text.
#include "prompt/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace omg::prompt {
namespace {

struct TokenRow {
    std::string text;
    std::vector<std::string> tokens;  // token texts
};

std::ostream& operator<<(std::ostream& os, const TokenRow& row) {
    return os << "\"" << row.text << "\"";
}

const TokenRow kTokenRows[] = {
    {"Upbeat Circus March", {"upbeat", "circus", "march"}},
    {"140bpm", {"140", "bpm"}},
    {"140 BPM!", {"140", "bpm", "!"}},
    {"synth-pop", {"synth", "pop"}},
    {"drum_and_bass", {"drum", "and", "bass"}},
    {"R&B", {"r", "and", "b"}},
    {"piano+strings", {"piano", "and", "strings"}},
    {"don't", {"don't"}},
    {"don’t", {"don't"}},
    {"'80s", {"80", "s"}},
    {"80's", {"80", "s"}},
    {"F#m", {"f#m"}},
    {"E♭ major", {"eb", "major"}},
    {"F♯", {"f#"}},
    {"#1 hit", {"1", "hit"}},
    {"92.5 bpm", {"92.5", "bpm"}},
    {"3.", {"3", "."}},
    {"6/8", {"6", "/", "8"}},
    {"2:30", {"2", ":", "30"}},
    {"café olé", {"café", "olé"}},
    {"x\u200By", {"x", "y"}},
    {"x\u00A0y", {"x", "y"}},
    {"ab\xFF"
     "cd",
     {"ab", "cd"}},
    {"\xC0\xAF", {}},      // overlong '/'
    {"\xED\xA0\x80", {}},  // a UTF-16 surrogate
    {"\xF0\x9F\x8E", {}},  // truncated 4-byte sequence
    {"\"quoted\" `tick`", {"quoted", "tick"}},
    {"a\tb\nc\rd", {"a", "b", "c", "d"}},
    {"120–130", {"120", "130"}},
    {"ÄBC", {"Äbc"}},
};

class TokenTable : public ::testing::TestWithParam<TokenRow> {};

TEST_P(TokenTable, Tokenises) {
    const TokenRow& row = GetParam();
    std::vector<std::string> texts;
    for (const auto& t : tokenize(row.text)) texts.push_back(t.text);
    EXPECT_EQ(texts, row.tokens);
}

INSTANTIATE_TEST_SUITE_P(Text, TokenTable, ::testing::ValuesIn(kTokenRows));

TEST(Tokenize, RecordsJoinsAndValues) {
    const auto t = tokenize("80s synth-pop 92.5");
    ASSERT_EQ(t.size(), 5u);
    EXPECT_EQ(t[0].kind, Token::Kind::number);
    EXPECT_DOUBLE_EQ(t[0].value, 80);
    EXPECT_TRUE(t[1].glued);
    EXPECT_FALSE(t[2].glued);
    EXPECT_TRUE(t[3].hyphen_before);
    EXPECT_DOUBLE_EQ(t[4].value, 92.5);
    EXPECT_EQ(t[3].begin, 10u);
    EXPECT_EQ(t[3].end, 13u);
}

TEST(Tokenize, HugeNumbersAreCapped) {
    const auto t = tokenize(std::string(500, '9'));
    ASSERT_EQ(t.size(), 1u);
    EXPECT_DOUBLE_EQ(t[0].value, 1e9);
}

TEST(Text, AsciiLowerLeavesOtherBytesAlone) { EXPECT_EQ(ascii_lower("ÄbC\xFF"), "Äbc\xFF"); }

TEST(Text, CountsCharacters) {
    EXPECT_EQ(count_characters(""), 0u);
    EXPECT_EQ(count_characters("abc"), 3u);
    EXPECT_EQ(count_characters("café"), 4u);
    EXPECT_EQ(count_characters("\xF0\x9F\x8E\xBA"), 1u);
    EXPECT_EQ(count_characters("\xFF\xFE"), 2u);
}

TEST(Text, Blank) {
    EXPECT_TRUE(is_blank(""));
    EXPECT_TRUE(is_blank(" \t\n\x01\u200B\uFEFF"));
    EXPECT_FALSE(is_blank(" a "));
    EXPECT_FALSE(is_blank("\xFF"));
    EXPECT_FALSE(is_blank("!"));
}

TEST(Text, OriginalWordsKeepSpellingAndPlainSeparators) {
    const std::string prompt =
        "80s Synth-Pop\xFF"
        "Now";
    const auto t = tokenize(prompt);
    ASSERT_EQ(t.size(), 5u);
    EXPECT_EQ(original_words(prompt, t, 2, 4), "Synth-Pop");
    EXPECT_EQ(original_words(prompt, t, 2, 5), "Synth-Pop Now");
}

}  // namespace
}  // namespace omg::prompt
