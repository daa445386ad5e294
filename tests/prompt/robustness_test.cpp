// Untrusted input: every string of the Big List of Naughty Strings, random bytes and
// pathological repetitions must give a Brief or an invalid_argument Error, never a crash, an
// exception or text that is not UTF-8 in the Interpretation.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "fake_styles.h"
#include "prompt/prompt.h"

namespace omg::prompt::testing {
namespace {

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80           ? 1
                   : (c >> 5) == 0x6  ? 2
                   : (c >> 4) == 0xE  ? 3
                   : (c >> 3) == 0x1E ? 4
                                      : 0;
        if (n == 0 || i + n > s.size()) return false;
        uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
        for (size_t k = 1; k < n; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if ((b & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (b & 0x3F);
        }
        const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += n;
    }
    return true;
}

// The contract for any input at all.
void expect_sane(const std::string& prompt) {
    SCOPED_TRACE(::testing::Message() << "prompt bytes: " << prompt.size());
    Result<Understanding> result = fail(Errc::internal, "not run");
    ASSERT_NO_THROW(result = understand(prompt, {}, fake_library()));
    if (!result) {
        EXPECT_EQ(result.error().code, Errc::invalid_argument) << result.error().message;
        return;
    }
    const auto& brief = result->brief;
    EXPECT_EQ(brief.prompt, prompt);
    EXPECT_NE(fake_library().find(brief.style), nullptr);
    EXPECT_GE(brief.tempo_bpm, 20);
    EXPECT_LE(brief.tempo_bpm, 400);
    EXPECT_GE(brief.duration_s, kMinDuration);
    EXPECT_LE(brief.duration_s, kMaxDuration);
    EXPECT_GE(brief.energy, 0);
    EXPECT_LE(brief.energy, 1);
    EXPECT_GE(brief.key.tonic, 0);
    EXPECT_LT(brief.key.tonic, 12);
    const auto& in = result->interpretation;
    for (const auto& w : in.ignored) EXPECT_TRUE(valid_utf8(w));
    for (const auto& g : in.guessed) EXPECT_TRUE(valid_utf8(g));
    for (const auto& f : in.understood) {
        EXPECT_TRUE(valid_utf8(f.value));
        EXPECT_TRUE(valid_utf8(f.words));
    }
}

TEST(Robustness, BigListOfNaughtyStrings) {
    std::ifstream file(std::string(OMG_SOURCE_DIR) + "/tests/prompt/data/blns.txt",
                       std::ios::binary);
    ASSERT_TRUE(file) << "tests/prompt/data/blns.txt is missing";
    std::string line;
    size_t lines = 0;
    while (std::getline(file, line)) {
        ++lines;
        expect_sane(line);
    }
    EXPECT_GT(lines, 500u);
}

TEST(Robustness, RandomBytes) {
    uint64_t state = 0x9E3779B97F4A7C15ull;
    auto next = [&state] {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        return state;
    };
    for (int round = 0; round < 2000; ++round) {
        std::string s(next() % 160, '\0');
        for (auto& c : s) c = static_cast<char>(next() & 0xFF);
        expect_sane(s);
    }
}

TEST(Robustness, RandomWordSalad) {
    // Real vocabulary in random order reaches the deeper paths of every reader.
    const std::vector<std::string> words = {
        "no",    "not",    "without", "drums", "bass",    "in",    "a",       "minor",
        "key",   "of",     "D",       "E",     "flat",    "major", "3/4",     "6/8",
        "bpm",   "140",    "80s",     "90s",   "the",     "2:30",  "minutes", "seconds",
        "and",   "half",   "very",    "slow",  "fast",    "waltz", "time",    "pop",
        "metal", "circus", "march",   "piano", "strings", ",",     "-",       "tempo",
        ":",     "at",     "Am",      "#",     "dorian",  "808s",  "one",     "hour",
    };
    uint64_t state = 42;
    auto next = [&state] {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return state >> 33;
    };
    for (int round = 0; round < 2000; ++round) {
        std::string s;
        const size_t n = 1 + next() % 14;
        for (size_t k = 0; k < n; ++k) {
            s += words[next() % words.size()];
            s += (next() % 4 == 0) ? "" : " ";
        }
        expect_sane(s);
    }
}

TEST(Robustness, PathologicalRepetitions) {
    const std::vector<std::string> units = {
        "no ", "in a ", "a ",     "9",      "99 bpm ", "1:", "3/",   "'", "-",
        "é",   "\xFF",  "\u202E", "drums ", "very ",   ",",  "80s ", "😀", "and a half ",
    };
    for (const auto& unit : units) {
        std::string s;
        while (s.size() + unit.size() <= kMaxPromptLength) s += unit;
        expect_sane(s);
        expect_sane(s + s);  // over the limit: an error, still linear to find out
    }
}

TEST(Robustness, OddNumbers) {
    for (const char* prompt : {"0 bpm",
                               "99999999999999999999999999 bpm",
                               "1e309 bpm",
                               "-5 minutes",
                               "0 seconds",
                               "0:00",
                               "99:99",
                               "3//4",
                               "0/4 pop",
                               "16/16",
                               "17/8",
                               "bpm bpm bpm",
                               ":::",
                               "tempo",
                               "tempo tempo 0",
                               "at",
                               "in",
                               "key of",
                               "in the key of",
                               "a minute and a half and a half",
                               "half",
                               "half a",
                               "1.2.3 bpm",
                               "0.0001 minutes",
                               "9999 hours"}) {
        expect_sane(prompt);
    }
}

}  // namespace
}  // namespace omg::prompt::testing
