// Prompt adherence on the Brief: the rows of tests/prompt/data/adherence.tsv (style, tempo
// range, named instruments, drums, solo) against the real styles/, plus the wording rules that
// the table cannot state (who leads, what the Interpretation admits).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "expect.h"
#include "prompt/prompt.h"
#include "style/loader.h"
#include "support/adherence_table.h"

namespace omg::prompt::testing {
namespace {

using omg::testing::AdherenceRow;

const Result<model::StyleLibrary>& library() {
    static const Result<model::StyleLibrary> kLibrary =
        style::load_library(std::string(OMG_SOURCE_DIR) + "/styles");
    return kLibrary;
}

const std::vector<AdherenceRow>& rows() {
    static const std::vector<AdherenceRow> kRows = omg::testing::read_adherence_table();
    return kRows;
}

class AdherenceBrief : public ::testing::TestWithParam<AdherenceRow> {};

TEST_P(AdherenceBrief, PromptGivesTheBriefItAsksFor) {
    const AdherenceRow& row = GetParam();
    ASSERT_TRUE(library()) << library().error().message;
    ASSERT_NE(row.prompt.front(), '<') << row.prompt;
    const auto u = understand(row.prompt, {}, *library());
    ASSERT_TRUE(u) << u.error().message;
    SCOPED_TRACE(describe(*u));
    const model::Brief& b = u->brief;
    if (row.style) {
        EXPECT_EQ(b.style, *row.style);
    }
    if (row.bpm_low) {
        EXPECT_GE(b.tempo_bpm, *row.bpm_low);
        EXPECT_LE(b.tempo_bpm, *row.bpm_high);
    }
    for (const auto& name : row.instruments) EXPECT_TRUE(has_name(b.instruments, name)) << name;
    if (row.lead) {
        EXPECT_TRUE(has_name(b.instruments, *row.lead)) << *row.lead;
    }
    if (row.drums) {
        const bool kit_out = has_name(b.excluded, "drums") ||
                             (b.solo && !has_name(b.instruments, "drums"));
        EXPECT_EQ(!kit_out, *row.drums);
    }
    if (row.solo) {
        EXPECT_EQ(b.solo, *row.solo);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, AdherenceBrief, ::testing::ValuesIn(rows()));

TEST(AdherenceBrief, TableIsLargeAndWellFormed) {
    EXPECT_GE(rows().size(), 60u);
    for (const auto& row : rows()) EXPECT_NE(row.prompt.front(), '<') << row;
}

Understanding read(const std::string& prompt) {
    auto u = understand(prompt, {}, *library());
    EXPECT_TRUE(u) << prompt;
    return u ? *u : Understanding{};
}

const model::InstrumentRef* find(const model::Brief& b, const std::string& name) {
    for (const auto& r : b.instruments)
        if (r.name == name) return &r;
    return nullptr;
}

struct RoleRow {
    const char* prompt;
    const char* instrument;
    const char* role;  // the role the Brief must carry for it
    bool solo;
};

const RoleRow kRoleRows[] = {
    {"solo cello", "cello", "lead", true},
    {"cello solo", "cello", "lead", true},
    {"just a piano", "piano", "lead", true},
    {"only guitar", "guitar", "lead", true},
    {"a lone violin", "violin", "lead", true},
    {"flute alone", "flute", "lead", true},
    {"featuring saxophone", "saxophone", "lead", false},
    {"funk, led by trumpet", "trumpet", "lead", false},
    {"trumpet lead over strings", "trumpet", "lead", false},
    {"pop with flute", "flute", "", false},
    {"nur Geige", "violin", "lead", true},
    {"guitare seule", "guitar", "lead", true},
    {"big band", "saxophone", "section", false},
};

class RoleWords : public ::testing::TestWithParam<RoleRow> {};

TEST_P(RoleWords, WordingSetsTheRole) {
    ASSERT_TRUE(library());
    const RoleRow& row = GetParam();
    const auto u = read(row.prompt);
    SCOPED_TRACE(describe(u));
    const auto* ref = find(u.brief, row.instrument);
    ASSERT_NE(ref, nullptr) << row.instrument;
    EXPECT_EQ(ref->role, row.role);
    EXPECT_EQ(u.brief.solo, row.solo);
}

INSTANTIATE_TEST_SUITE_P(Table, RoleWords, ::testing::ValuesIn(kRoleRows));

TEST(AdherenceBrief, OnlyOneInstrumentLeads) {
    ASSERT_TRUE(library());
    const auto u = read("just violin and piano");
    ASSERT_NE(find(u.brief, "violin"), nullptr);
    ASSERT_NE(find(u.brief, "piano"), nullptr);
    EXPECT_EQ(find(u.brief, "violin")->role, "lead");
    EXPECT_EQ(find(u.brief, "piano")->role, "");
    EXPECT_TRUE(u.brief.solo);
}

TEST(AdherenceBrief, AskedForDrumsOutweighAnOccasionsQuiet) {
    ASSERT_TRUE(library());
    const auto u = read("a lullaby with soft drums");
    EXPECT_TRUE(has_name(u.brief.instruments, "drums"));
    EXPECT_FALSE(has_name(u.brief.excluded, "drums"));
}

TEST(AdherenceBrief, AnEnsemblesQuietHoldsOnlyWhereItChoseTheStyle) {
    ASSERT_TRUE(library());
    EXPECT_TRUE(has_name(read("a choir").brief.excluded, "drums"));
    const auto film = read("epische Filmmusik mit Chor");
    EXPECT_EQ(film.brief.style, "cinematic");
    EXPECT_TRUE(has_name(film.brief.instruments, "choir"));
    EXPECT_FALSE(has_name(film.brief.excluded, "drums"));
}

TEST(AdherenceBrief, ANamedGenreBeatsAnOccasion) {
    ASSERT_TRUE(library());
    EXPECT_EQ(read("a jazz lullaby").brief.style, "swing_jazz");
    EXPECT_EQ(read("reggae for a party").brief.style, "reggae");
}

TEST(AdherenceBrief, WhatCannotBeHonouredIsSaid) {
    ASSERT_TRUE(library());
    for (const char* prompt : {"gamelan", "mariachi"}) {
        const auto u = read(prompt);
        EXPECT_TRUE(std::any_of(u.interpretation.guessed.begin(), u.interpretation.guessed.end(),
                                [](const std::string& g) { return g.rfind("instruments: ", 0) == 0; }))
            << prompt;
    }
}

TEST(AdherenceBrief, TempoWordsOutsideTheStylesRangeAreReported) {
    ASSERT_TRUE(library());
    const auto u = read("slow blues");
    EXPECT_LT(u.brief.tempo_bpm, 90);  // blues' range starts at 90: a slow blues is below it
    EXPECT_TRUE(std::any_of(u.interpretation.guessed.begin(), u.interpretation.guessed.end(),
                            [](const std::string& g) { return g.rfind("tempo: ", 0) == 0; }));
}

TEST(AdherenceBrief, OccasionsImplyLengths) {
    ASSERT_TRUE(library());
    EXPECT_DOUBLE_EQ(read("a jingle").brief.duration_s, 30);
    EXPECT_DOUBLE_EQ(read("podcast intro").brief.duration_s, 20);
    EXPECT_DOUBLE_EQ(read("a jingle, 45 seconds").brief.duration_s, 45);
}

}  // namespace
}  // namespace omg::prompt::testing
