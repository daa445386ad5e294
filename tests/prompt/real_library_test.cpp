// Prompt understanding against the real style files in styles/. A row whose style is not in
// the library yet is skipped, not failed, so the table can run while styles are being written.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "expect.h"
#include "prompt/prompt.h"
#include "prompt/text.h"
#include "style/loader.h"

namespace omg::prompt::testing {
namespace {

const Result<model::StyleLibrary>& real_library() {
    static const Result<model::StyleLibrary> kLibrary =
        style::load_library(std::string(OMG_SOURCE_DIR) + "/styles");
    return kLibrary;
}

const Row kRealRows[] = {
    {"upbeat circus march with brass, 140 bpm",
     {.style = "circus_march", .bpm = 140, .instruments = {"brass"}}},
    {"calm piano for meditation, 3 minutes",
     {.style = "meditation", .duration = 180, .instruments = {"piano"}}},
    {"heavy metal in E minor at 180 bpm, no drums",
     {.style = "heavy_metal",
      .bpm = 180,
      .key = "E minor",
      .not_instruments = {"drums"},
      .excluded = {"drums"}}},
    {"a waltz", {.style = "waltz", .time_signature = "3/4"}},
    {"6/8 jig in D", {.style = "celtic_jig", .key = "D major", .time_signature = "6/8"}},
    {"80s synth-pop", {.style = "synth_pop", .duration = 60}},
    {"lofi hip hop beats to study to", {.style = "lofi_hip_hop"}},
    {"hip hop with 808s", {.style = "hip_hop", .duration = 60, .instruments = {"808"}}},
    {"instrumental hip hop", {.style = "hip_hop", .excluded = {"vocals"}}},
    {"drum and bass at 174 bpm",
     {.style = "drum_and_bass", .bpm = 174, .not_instruments = {"drums", "bass"}}},
    {"drum & bass", {.style = "drum_and_bass"}},
    {"military march for a parade", {.style = "military_march"}},
    {"a pirate sea shanty", {.style = "sea_shanty"}},
    {"oompah polka with accordion", {.style = "polka", .instruments = {"accordion"}}},
    {"thrash metal, very fast", {.style = "heavy_metal"}},
    {"classic rock anthem", {.style = "hard_rock"}},
    {"pop punk", {.style = "punk"}},
    {"catchy pop song", {.style = "pop"}},
    {"synthwave night drive", {.style = "synth_pop"}},
    {"deep house", {.style = "house"}},
    {"berlin techno at 130 bpm", {.style = "techno", .bpm = 130}},
    {"boom bap hip-hop", {.style = "hip_hop"}},
    {"big band swing", {.style = "swing_jazz"}},
    {"bossa nova with nylon guitar", {.style = "bossa_nova", .instruments = {"nylon guitar"}}},
    {"roots reggae", {.style = "reggae"}},
    {"funky slap bass groove", {.style = "funk"}},
    {"twelve bar blues with harmonica", {.style = "blues", .instruments = {"harmonica"}}},
    {"bluegrass with banjo and fiddle", {.style = "country", .instruments = {"banjo", "fiddle"}}},
    {"baroque harpsichord piece", {.style = "baroque", .instruments = {"harpsichord"}}},
    {"epic cinematic trailer music", {.style = "cinematic"}},
    {"a hymn for choir and organ", {.style = "hymn", .instruments = {"choir", "organ"}}},
    {"ambient soundscape", {.style = "ambient"}},
    {"piano ballad", {.style = "piano_ballad"}},
    {"acoustic folk song", {.style = "acoustic_folk"}},
    {"8-bit chiptune", {.style = "chiptune"}},
    {"argentine tango", {.style = "tango"}},
    {"something in 3/4", {.style = "waltz", .time_signature = "3/4"}},
    {"sad song in D minor", {.key = "D minor"}},
    {"banana", {.style = "pop", .ignored = {"banana"}, .style_guessed = true}},
    {"pop, 90s", {.style = "pop", .duration = 90}},
    {"80s", {.style = "synth_pop", .duration = 60}},
    {"a jazzy tune with saxophone but no piano",
     {.style = "swing_jazz", .instruments = {"saxophone"}, .excluded = {"piano"}}},
    {"happy accordion tune", {.style = "polka", .instruments = {"accordion"}}},
    {"a dark and mysterious piece with strings, slow", {.style = "cinematic"}},
    // Spanish, German and French keys (letter names), lengths and metres.
    {"tango en A menor, 3 minutos",
     {.style = "tango", .key = "A minor", .duration = 180}},
    {"Walzer in d-Moll, 2 Minuten", {.style = "waltz", .key = "D minor", .duration = 120}},
    {"une valse en D majeur, 90 secondes", {.style = "waltz", .key = "D major", .duration = 90}},
    {"marcha militar en 6/8, 45 segundos",
     {.style = "military_march", .time_signature = "6/8", .duration = 45}},
    {"a pop song with vocals", {.style = "pop", .not_instruments = {"vocals"}, .understood_fields = {"vocals"}}},
    {"un vals en re menor", {.style = "waltz", .key = "D minor"}},
    {"balada en si bemol mayor", {.style = "piano_ballad", .key = "Bb major"}},
    {"une valse en fa di\u00e8se mineur", {.style = "waltz", .key = "F# minor"}},
    {"la la la pop", {.style = "pop", .key = "C major"}},
    {"canci\u00f3n folk en tres por cuatro", {.style = "acoustic_folk", .time_signature = "3/4"}},
    {"Volkslied im Dreivierteltakt", {.style = "acoustic_folk", .time_signature = "3/4"}},
    {"chanson folk \u00e0 trois temps", {.style = "acoustic_folk", .time_signature = "3/4"}},
};

class RealLibraryTable : public ::testing::TestWithParam<Row> {};

TEST_P(RealLibraryTable, MatchesExpectations) {
    const auto& lib = real_library();
    if (!lib) GTEST_SKIP() << "styles/ did not load: " << lib.error().message;
    const Row& row = GetParam();
    if (row.expect.style && !lib->find(*row.expect.style))
        GTEST_SKIP() << "style " << *row.expect.style << " is not in styles/ yet";
    const auto result = understand(row.prompt, {}, *lib);
    ASSERT_TRUE(result) << result.error().message;
    check(*result, row.expect, *lib);
}

INSTANTIATE_TEST_SUITE_P(Styles, RealLibraryTable, ::testing::ValuesIn(kRealRows));

// Every style's name, id and aliases select it (unless another style claims the same alias).
TEST(RealLibrary, EveryAliasSelectsItsStyle) {
    const auto& lib = real_library();
    if (!lib) GTEST_SKIP() << "styles/ did not load: " << lib.error().message;
    std::multiset<std::string> all_aliases;
    for (const auto& s : lib->styles)
        for (const auto& a : s.aliases) all_aliases.insert(ascii_lower(a));
    for (const auto& s : lib->styles) {
        std::vector<std::string> phrases = s.aliases;
        phrases.push_back(s.name);
        for (const auto& phrase : phrases) {
            if (all_aliases.count(ascii_lower(phrase)) > 1) continue;
            const auto u = understand(phrase, {}, *lib);
            ASSERT_TRUE(u) << phrase;
            EXPECT_EQ(u->brief.style, s.id) << "\"" << phrase << "\"";
        }
    }
}

}  // namespace
}  // namespace omg::prompt::testing
