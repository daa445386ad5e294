// Overrides win over the prompt; bad overrides and bad prompts are clear errors.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "expect.h"
#include "fake_styles.h"
#include "prompt/prompt.h"

namespace omg::prompt::testing {
namespace {

struct OverrideRow {
    std::string prompt;
    Overrides overrides;
    Expect expect;
};

std::ostream& operator<<(std::ostream& os, const OverrideRow& row) {
    return os << "\"" << row.prompt << "\"";
}

const OverrideRow kOverrideRows[] = {
    {"upbeat circus march, 140 bpm", {.bpm = 150}, {.style = "circus_march", .bpm = 150}},
    {"heavy metal at 180 bpm",
     {.style = "waltz"},
     {.style = "waltz", .bpm = 180, .time_signature = "3/4"}},
    {"pop in D minor", {.key = "F major"}, {.key = "F major"}},
    {"pop in D minor", {.key = "major"}, {.key = "D major"}},
    {"pop", {.key = "minor"}, {.key = "C minor"}},
    {"pop in 3/4", {.time_signature = "6/8"}, {.time_signature = "6/8"}},
    {"pop, 3 minutes", {.duration_s = 30}, {.duration = 30}},
    {"pop", {.duration_s = 5}, {.duration = 5}},
    {"pop", {.duration_s = 600}, {.duration = 600}},
    {"slow pop", {.bpm = 20}, {.bpm = 20}},
    {"banana", {.style = "polka"}, {.style = "polka", .style_guessed = false}},
};

class OverrideTable : public ::testing::TestWithParam<OverrideRow> {};

TEST_P(OverrideTable, OverridesWin) {
    const OverrideRow& row = GetParam();
    const auto result = understand(row.prompt, row.overrides, fake_library());
    ASSERT_TRUE(result) << result.error().message;
    check(*result, row.expect, fake_library());
}

INSTANTIATE_TEST_SUITE_P(Overrides, OverrideTable, ::testing::ValuesIn(kOverrideRows));

struct ErrorRow {
    std::string prompt;
    Overrides overrides;
    std::string message;  // a part of the error message
};

std::ostream& operator<<(std::ostream& os, const ErrorRow& row) {
    return os << "\"" << row.prompt << "\" -> " << row.message;
}

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

const ErrorRow kErrorRows[] = {
    {"", {}, "the prompt is empty"},
    {"   ", {}, "the prompt is empty"},
    {" \t\r\n ", {}, "the prompt is empty"},
    {"\u200B\u00A0\u3000", {}, "the prompt is empty"},
    {std::string(kMaxPromptLength + 1, 'a'), {}, "longer than 2000 characters"},
    {"pop", {.duration_s = 4.9}, "duration"},
    {"pop", {.duration_s = 601}, "duration"},
    {"pop", {.duration_s = 0}, "duration"},
    {"pop", {.duration_s = -60}, "duration"},
    {"pop", {.duration_s = kNan}, "duration"},
    {"pop", {.duration_s = kInf}, "duration"},
    {"pop", {.bpm = 19}, "tempo"},
    {"pop", {.bpm = 401}, "tempo"},
    {"pop", {.bpm = kNan}, "tempo"},
    {"pop", {.key = "H major"}, "unknown key"},
    {"pop", {.key = ""}, "unknown key"},
    {"pop", {.time_signature = "3/5"}, "time signature"},
    {"pop", {.time_signature = "waltz"}, "time signature"},
    {"pop", {.style = "nope"}, "unknown style"},
    {"pop", {.style = ""}, "unknown style"},
};

class ErrorTable : public ::testing::TestWithParam<ErrorRow> {};

TEST_P(ErrorTable, FailsWithAClearMessage) {
    const ErrorRow& row = GetParam();
    const auto result = understand(row.prompt, row.overrides, fake_library());
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::invalid_argument);
    EXPECT_NE(result.error().message.find(row.message), std::string::npos)
        << result.error().message;
}

INSTANTIATE_TEST_SUITE_P(Errors, ErrorTable, ::testing::ValuesIn(kErrorRows));

TEST(Limits, TheLimitCountsCharactersNotBytes) {
    std::string emoji;
    for (size_t i = 0; i < kMaxPromptLength; ++i) emoji += "\xF0\x9F\x8E\xBA";  // 🎺
    EXPECT_TRUE(understand(emoji, {}, fake_library()));
    EXPECT_TRUE(understand(std::string(kMaxPromptLength, 'a'), {}, fake_library()));
    EXPECT_FALSE(understand(emoji + "x", {}, fake_library()));
}

TEST(Limits, AnEmptyLibraryIsNotFound) {
    const auto result = understand("pop", {}, model::StyleLibrary{});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, Errc::not_found);
}

TEST(Overrides, TheReplacedTextIsNoted) {
    const auto u = understand("pop at 140 bpm", {.bpm = 150}, fake_library());
    ASSERT_TRUE(u);
    EXPECT_TRUE(std::any_of(
        u->interpretation.guessed.begin(), u->interpretation.guessed.end(),
        [](const std::string& s) { return s.find("replaces \"140 bpm\"") != std::string::npos; }));
}

}  // namespace
}  // namespace omg::prompt::testing
