// Table rows for prompt tests: a prompt and the properties its Brief must have. Unset fields
// are not checked, so each row states only what it is about.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "prompt/prompt.h"

namespace omg::prompt::testing {

struct Expect {
    std::optional<std::string> style;
    std::optional<double> bpm;
    std::optional<std::string> key;             // key_name(): "D minor"
    std::optional<std::string> time_signature;  // "3/4"
    std::optional<double> duration;
    std::vector<std::string> instruments;      // names that must be asked for
    std::vector<std::string> not_instruments;  // names that must not be
    std::vector<std::string> excluded;         // names that must be excluded
    std::vector<std::string> moods;            // must be among the moods
    std::vector<std::string> not_moods;
    std::vector<std::string> ignored;  // must be among the ignored words
    std::vector<std::string> not_ignored;
    std::optional<bool> style_guessed;           // a "style: ..." note in `guessed`
    int energy_direction = 0;                    // -1 below the style's energy, +1 above
    std::vector<std::string> understood_fields;  // fields that must have a finding
};

struct Row {
    std::string prompt;
    Expect expect;
};

inline std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << "\"" << row.prompt << "\"";
}

inline bool has_name(const std::vector<model::InstrumentRef>& refs, const std::string& name) {
    return std::any_of(refs.begin(), refs.end(), [&](const auto& r) { return r.name == name; });
}

inline bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

inline std::string describe(const Understanding& u) {
    std::string out = "style=" + u.brief.style + " key=" + model::key_name(u.brief.key) +
                      " ts=" + u.brief.time_signature.text() +
                      " bpm=" + std::to_string(u.brief.tempo_bpm) +
                      " dur=" + std::to_string(u.brief.duration_s) +
                      " energy=" + std::to_string(u.brief.energy) + "\n instruments:";
    for (const auto& i : u.brief.instruments) out += " " + i.name;
    out += "\n excluded:";
    for (const auto& i : u.brief.excluded) out += " " + i.name;
    out += "\n moods:";
    for (const auto& m : u.brief.moods) out += " " + m;
    out += "\n understood:";
    for (const auto& f : u.interpretation.understood)
        out += " [" + f.field + "=" + f.value + " <- \"" + f.words + "\"]";
    out += "\n guessed:";
    for (const auto& g : u.interpretation.guessed) out += " [" + g + "]";
    out += "\n ignored:";
    for (const auto& w : u.interpretation.ignored) out += " " + w;
    return out;
}

inline void check(const Understanding& u, const Expect& e, const model::StyleLibrary& styles) {
    SCOPED_TRACE(describe(u));
    const model::Brief& b = u.brief;
    if (e.style) {
        EXPECT_EQ(b.style, *e.style);
    }
    if (e.bpm) {
        EXPECT_DOUBLE_EQ(b.tempo_bpm, *e.bpm);
    }
    if (e.key) {
        EXPECT_EQ(model::key_name(b.key), *e.key);
    }
    if (e.time_signature) {
        EXPECT_EQ(b.time_signature.text(), *e.time_signature);
    }
    if (e.duration) {
        EXPECT_DOUBLE_EQ(b.duration_s, *e.duration);
    }
    for (const auto& name : e.instruments) EXPECT_TRUE(has_name(b.instruments, name)) << name;
    for (const auto& name : e.not_instruments) EXPECT_FALSE(has_name(b.instruments, name)) << name;
    for (const auto& name : e.excluded) EXPECT_TRUE(has_name(b.excluded, name)) << name;
    for (const auto& mood : e.moods) EXPECT_TRUE(contains(b.moods, mood)) << mood;
    for (const auto& mood : e.not_moods) EXPECT_FALSE(contains(b.moods, mood)) << mood;
    for (const auto& w : e.ignored) EXPECT_TRUE(contains(u.interpretation.ignored, w)) << w;
    for (const auto& w : e.not_ignored) EXPECT_FALSE(contains(u.interpretation.ignored, w)) << w;
    if (e.style_guessed) {
        const bool guessed = std::any_of(
            u.interpretation.guessed.begin(), u.interpretation.guessed.end(),
            [&](const std::string& g) { return g.rfind("style: " + b.style + " (", 0) == 0; });
        EXPECT_EQ(guessed, *e.style_guessed);
    }
    if (e.energy_direction != 0) {
        const model::Style* style = styles.find(b.style);
        ASSERT_NE(style, nullptr);
        if (e.energy_direction > 0) {
            EXPECT_GT(b.energy, style->energy);
        }
        if (e.energy_direction < 0) {
            EXPECT_LT(b.energy, style->energy);
        }
    }
    for (const auto& field : e.understood_fields) {
        EXPECT_TRUE(std::any_of(u.interpretation.understood.begin(),
                                u.interpretation.understood.end(),
                                [&](const auto& f) { return f.field == field; }))
            << field;
    }
    // Invariants of every Brief.
    EXPECT_GE(b.energy, 0.0);
    EXPECT_LE(b.energy, 1.0);
    EXPECT_GE(b.duration_s, kMinDuration);
    EXPECT_LE(b.duration_s, kMaxDuration);
    for (const auto& ref : b.instruments) EXPECT_FALSE(has_name(b.excluded, ref.name)) << ref.name;
}

}  // namespace omg::prompt::testing
