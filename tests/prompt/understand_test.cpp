// Prompt -> Brief, data-driven over the small fake library in fake_styles.h.
#include <gtest/gtest.h>

#include "expect.h"
#include "fake_styles.h"
#include "prompt/prompt.h"

namespace omg::prompt::testing {
namespace {

const Row kRows[] = {
    // --- the examples --------------------------------------------------------------
    {"upbeat circus march with brass, 140 bpm",
     {.style = "circus_march", .bpm = 140, .instruments = {"brass"}, .moods = {"upbeat"}}},
    {"calm piano for meditation, 3 minutes",
     {.style = "meditation",
      .duration = 180,
      .instruments = {"piano"},
      .moods = {"calm"},
      .energy_direction = -1}},
    {"heavy metal in E minor at 180 bpm, no drums",
     {.style = "heavy_metal",
      .bpm = 180,
      .key = "E minor",
      .not_instruments = {"drums"},
      .excluded = {"drums"}}},
    {"a waltz", {.style = "waltz", .time_signature = "3/4", .style_guessed = false}},
    {"6/8 jig in D", {.style = "celtic_jig", .key = "D major", .time_signature = "6/8"}},
    {"sad song in D minor",
     {.style = "piano_ballad", .key = "D minor", .moods = {"sad"}, .style_guessed = true}},
    {"80s synth-pop", {.style = "synth_pop", .duration = 60, .understood_fields = {"era"}}},
    {"lofi hip hop beats to study to",
     {.style = "lofi_hip_hop", .not_ignored = {"beats", "hip", "hop"}}},
    {"E flat major", {.key = "Eb major"}},
    {"dorian", {.style = "pop", .key = "C dorian"}},
    {"dorian jig", {.style = "celtic_jig", .key = "D dorian"}},
    {"pop song without vocals", {.style = "pop", .excluded = {"vocals"}}},
    {"banana", {.style = "pop", .ignored = {"banana"}, .style_guessed = true}},

    // --- style matching --------------------------------------------------------------------
    {"CIRCUS MARCH", {.style = "circus_march"}},
    {"Big Top madness", {.style = "circus_march", .ignored = {"madness"}}},
    {"circusmarch", {.style = "pop", .ignored = {"circusmarch"}, .style_guessed = true}},
    {"metallic sounds", {.style = "pop", .ignored = {"metallic"}, .style_guessed = true}},
    {"waltzes for a ballroom", {.style = "waltz", .ignored = {"ballroom"}}},
    {"drum and bass", {.style = "drum_and_bass", .not_instruments = {"drums", "bass"}}},
    {"hip hop with 808s", {.style = "hip_hop", .duration = 60, .instruments = {"808"}}},
    {"something with distorted guitar",
     {.style = "heavy_metal", .instruments = {"distorted guitar"}, .style_guessed = true}},
    {"an accordion tune", {.style = "polka", .instruments = {"accordion"}}},
    {"zen", {.style = "meditation", .moods = {"meditative"}}},
    {"not metal, circus please", {.style = "circus_march"}},
    {"pop with bananas and piano",
     {.style = "pop", .instruments = {"piano"}, .ignored = {"bananas"}, .not_ignored = {"with"}}},
    {"music from the 80s", {.style = "synth_pop", .duration = 60, .understood_fields = {"era"}}},
    {"I am happy", {.style = "pop", .key = "C major", .moods = {"happy"}}},
    {"a poppy tune", {.style = "pop", .style_guessed = false}},
    {"happy accordion music", {.style = "polka", .instruments = {"accordion"}}},
    {"something in 3/4", {.style = "waltz", .time_signature = "3/4", .style_guessed = true}},
    {"slow and dark", {.style = "heavy_metal", .style_guessed = true}},

    // --- tempo -----------------------------------------------------------------------------
    {"pop at 140bpm", {.bpm = 140}},
    {"pop at 90 beats per minute", {.bpm = 90, .duration = 60}},
    {"pop, tempo 100", {.bpm = 100}},
    {"bpm: 128 pop", {.bpm = 128}},
    {"pop at 120", {.bpm = 120}},
    {"pop 120-130 bpm", {.bpm = 125}},
    {"pop 92.5 bpm", {.bpm = 92.5}},
    // Tempo words as a musician means them (slow ~66, fast ~152), not squeezed into the
    // style's range; intensifiers step geometrically from the style's default (112).
    {"slow pop", {.bpm = 66}},
    {"fast pop", {.bpm = 152}},
    {"very fast pop", {.bpm = 177}},
    {"very slow pop", {.bpm = 51}},
    {"slightly fast pop", {.bpm = 130}},
    {"laid-back pop", {.bpm = 84}},
    {"mid-tempo pop", {.bpm = 112}},
    {"adagio pop", {.bpm = 70}},
    {"presto pop", {.bpm = 170}},
    {"fast pop at 100 bpm", {.bpm = 100}},
    {"pop, not too fast", {.bpm = 112, .understood_fields = {"negated"}}},
    {"pop", {.bpm = 112}},
    {"jig", {.bpm = 116}},
    {"pop in 6/8", {.bpm = 75, .time_signature = "6/8"}},
    {"pop at 5000 bpm", {.bpm = 400}},

    // --- key and mode ----------------------------------------------------------------------
    {"pop in A", {.key = "A major"}},
    {"pop in a minor key", {.key = "C minor"}},
    {"pop in A minor", {.key = "A minor"}},
    {"pop in a minor", {.key = "A minor"}},
    {"key of F# pop", {.key = "F# major"}},
    {"Am ballad", {.style = "piano_ballad", .key = "A minor"}},
    {"c# minor pop", {.key = "C# minor"}},
    {"Bb major pop", {.key = "Bb major"}},
    {"pop in b flat", {.key = "Bb major"}},
    {"pop in E♭ major", {.key = "Eb major"}},
    {"pop in C mixolydian", {.key = "C mixolydian"}},
    {"happy pop", {.key = "C major"}},
    {"sad pop", {.key = "C minor"}},
    {"not sad pop", {.key = "C major", .not_moods = {"sad"}}},
    {"dark circus march", {.key = "F major"}},
    {"metal in E", {.key = "E minor"}},
    {"pop minor", {.key = "C minor"}},
    {"pop in a hurry", {.key = "C major", .ignored = {"hurry"}}},
    {"a pop tune with a flat feel", {.key = "C major"}},

    // --- time signature --------------------------------------------------------------------
    {"pop in 3/4", {.style = "pop", .time_signature = "3/4"}},
    {"pop in waltz time", {.style = "pop", .time_signature = "3/4"}},
    {"7/8 pop", {.time_signature = "7/8"}},
    {"pop released 3/4/2021", {.time_signature = "4/4"}},
    {"polka", {.time_signature = "2/4"}},
    {"a reel on the fiddle", {.style = "celtic_jig", .time_signature = "4/4"}},
    {"irish jig", {.style = "celtic_jig", .time_signature = "6/8"}},
    {"a slip jig", {.style = "celtic_jig", .time_signature = "9/8"}},
    {"a sailor's hornpipe", {.time_signature = "4/4"}},

    // --- duration --------------------------------------------------------------------------
    {"pop, 90 seconds", {.duration = 90}},
    {"piano ballad, 90s", {.style = "piano_ballad", .duration = 90}},
    {"a 90s piano ballad", {.style = "piano_ballad", .duration = 60}},
    {"the 90s pop", {.duration = 60}},
    {"pop, 2:30", {.duration = 150}},
    {"two minutes of pop", {.duration = 120}},
    {"twenty-five seconds of pop", {.duration = 25}},
    {"half a minute of pop", {.duration = 30}},
    {"a minute and a half of pop", {.duration = 90}},
    {"one and a half minutes of pop", {.duration = 90}},
    {"pop, 1.5 minutes", {.duration = 90}},
    {"pop for 3 min", {.duration = 180}},
    {"pop 3m30s", {.duration = 210}},
    {"3 minutes and 30 seconds of pop", {.duration = 210}},
    {"pop, 2 hours", {.duration = 600}},
    {"pop, 1 second", {.duration = 5}},

    // --- instruments and exclusions --------------------------------------------------------
    {"pop with violins and trumpets", {.instruments = {"violin", "trumpet"}}},
    {"featuring cello", {.instruments = {"cello"}}},
    {"pop on piano", {.style = "pop", .instruments = {"piano"}}},
    {"pop with voices", {.instruments = {"choir"}, .not_instruments = {"vocals"}}},
    {"pop with singing", {.not_instruments = {"vocals"}, .understood_fields = {"vocals"}}},
    {"no drums, with brass",
     {.instruments = {"brass"}, .not_instruments = {"drums"}, .excluded = {"drums"}}},
    {"drumless pop", {.not_instruments = {"drums"}, .excluded = {"drums"}}},
    {"drum-free pop", {.not_instruments = {"drums"}, .excluded = {"drums"}}},
    {"pop without any percussion", {.not_instruments = {"drums"}, .excluded = {"drums"}}},
    {"pop minus the bass", {.not_instruments = {"bass"}, .excluded = {"bass"}}},
    {"pop, not a fan of guitar",
     {.not_instruments = {"guitar"}, .excluded = {"guitar"}, .ignored = {"fan"}}},
    {"instrumental pop", {.excluded = {"vocals"}}},
    {"pop with no drums or bass",
     {.not_instruments = {"drums", "bass"}, .excluded = {"drums", "bass"}}},
    {"no drums and no piano, but with strings",
     {.instruments = {"strings"}, .excluded = {"drums", "piano"}}},
    {"pop with tin whistle and steel drums",
     {.instruments = {"whistle", "steel drums"}, .not_instruments = {"drums"}}},
    {"pop with french horns", {.instruments = {"french horn"}}},
    {"pop with Rhodes and upright bass", {.instruments = {"electric piano", "double bass"}}},

    // --- moods and energy ------------------------------------------------------------------
    {"very energetic pop", {.moods = {"energetic"}, .energy_direction = 1}},
    {"calm pop", {.moods = {"calm"}, .energy_direction = -1}},
    {"dreamy, mysterious and melancholic", {.moods = {"dreamy", "mysterious", "melancholic"}}},
    {"spooky halloween pop", {.moods = {"spooky"}}},
};

class UnderstandTable : public ::testing::TestWithParam<Row> {};

TEST_P(UnderstandTable, MatchesExpectations) {
    const Row& row = GetParam();
    const auto result = understand(row.prompt, {}, fake_library());
    ASSERT_TRUE(result) << result.error().message;
    check(*result, row.expect, fake_library());
    EXPECT_EQ(result->brief.prompt, row.prompt);
}

INSTANTIATE_TEST_SUITE_P(Prompts, UnderstandTable, ::testing::ValuesIn(kRows));

TEST(Understand, AtLeastSixtyRows) { EXPECT_GE(std::size(kRows), 60u); }

struct ProgramRow {
    std::string phrase;
    std::string name;  // canonical instrument name
    int program;       // preferred GM program, 0-based
};

std::ostream& operator<<(std::ostream& os, const ProgramRow& row) {
    return os << "\"" << row.phrase << "\"";
}

const ProgramRow kProgramRows[] = {
    {"piano", "piano", 0},
    {"grand piano", "piano", 0},
    {"electric piano", "electric piano", 4},
    {"rhodes", "electric piano", 4},
    {"harpsichord", "harpsichord", 6},
    {"celesta", "celesta", 8},
    {"glockenspiel", "glockenspiel", 9},
    {"music box", "music box", 10},
    {"vibraphone", "vibraphone", 11},
    {"marimba", "marimba", 12},
    {"xylophone", "xylophone", 13},
    {"tubular bells", "bells", 14},
    {"bells", "bells", 14},
    {"organ", "organ", 19},
    {"church organ", "organ", 19},
    {"accordion", "accordion", 21},
    {"harmonica", "harmonica", 22},
    {"acoustic guitar", "acoustic guitar", 24},
    {"nylon guitar", "nylon guitar", 24},
    {"steel guitar", "steel guitar", 25},
    {"guitar", "guitar", 25},
    {"electric guitar", "electric guitar", 27},
    {"clean guitar", "electric guitar", 27},
    {"distorted guitar", "distorted guitar", 30},
    {"distortion guitars", "distorted guitar", 30},
    {"bass", "bass", 33},
    {"bass guitar", "bass", 33},
    {"double bass", "double bass", 32},
    {"upright bass", "double bass", 32},
    {"contrabass", "double bass", 32},
    {"synth bass", "synth bass", 38},
    {"808", "808", 38},
    {"violin", "violin", 40},
    {"violins", "violin", 40},
    {"fiddle", "fiddle", 110},
    {"viola", "viola", 41},
    {"cello", "cello", 42},
    {"strings", "strings", 48},
    {"pizzicato", "pizzicato", 45},
    {"harp", "harp", 46},
    {"timpani", "timpani", 47},
    {"choir", "choir", 52},
    {"voices", "choir", 52},
    {"trumpet", "trumpet", 56},
    {"trumpets", "trumpet", 56},
    {"trombone", "trombone", 57},
    {"tuba", "tuba", 58},
    {"french horn", "french horn", 60},
    {"horn", "french horn", 60},
    {"brass", "brass", 61},
    {"saxophone", "saxophone", 65},
    {"sax", "saxophone", 65},
    {"alto sax", "saxophone", 65},
    {"tenor sax", "tenor sax", 66},
    {"oboe", "oboe", 68},
    {"bassoon", "bassoon", 70},
    {"clarinet", "clarinet", 71},
    {"piccolo", "piccolo", 72},
    {"flute", "flute", 73},
    {"recorder", "recorder", 74},
    {"pan flute", "pan flute", 75},
    {"whistle", "whistle", 78},
    {"tin whistle", "whistle", 78},
    {"ocarina", "ocarina", 79},
    {"square lead", "square lead", 80},
    {"chiptune lead", "square lead", 80},
    {"synth", "synth", 81},
    {"synth lead", "synth", 81},
    {"pad", "pad", 89},
    {"synth pad", "pad", 89},
    {"sitar", "sitar", 104},
    {"banjo", "banjo", 105},
    {"kalimba", "kalimba", 108},
    {"bagpipes", "bagpipes", 109},
    {"steel drums", "steel drums", 114},
};

class ProgramTable : public ::testing::TestWithParam<ProgramRow> {};

TEST_P(ProgramTable, NamesMapToGmPrograms) {
    const ProgramRow& row = GetParam();
    const auto u = understand("pop with " + row.phrase, {}, fake_library());
    ASSERT_TRUE(u);
    ASSERT_EQ(u->brief.instruments.size(), 1u) << describe(*u);
    EXPECT_EQ(u->brief.instruments[0].name, row.name);
    ASSERT_FALSE(u->brief.instruments[0].programs.empty());
    EXPECT_EQ(u->brief.instruments[0].programs.front(), row.program);
    EXPECT_FALSE(u->brief.instruments[0].drums);
}

INSTANTIATE_TEST_SUITE_P(Instruments, ProgramTable, ::testing::ValuesIn(kProgramRows));

TEST(Understand, DrumsAreTheKitNotAProgram) {
    for (const char* phrase : {"drums", "drum kit", "percussion", "a drum machine"}) {
        const auto u = understand(std::string("pop with ") + phrase, {}, fake_library());
        ASSERT_TRUE(u);
        ASSERT_EQ(u->brief.instruments.size(), 1u) << phrase;
        EXPECT_EQ(u->brief.instruments[0], (model::InstrumentRef{"drums", {}, true}));
    }
}

TEST(Understand, InstrumentRefsCarryProgramsPreferredFirst) {
    const auto u = understand("pop with brass, strings and guitar", {}, fake_library());
    ASSERT_TRUE(u);
    ASSERT_EQ(u->brief.instruments.size(), 3u);
    EXPECT_EQ(u->brief.instruments[0], (model::InstrumentRef{"brass", {61, 56, 57, 60}, false}));
    EXPECT_EQ(u->brief.instruments[1], (model::InstrumentRef{"strings", {48, 49, 40, 42}, false}));
    EXPECT_EQ(u->brief.instruments[2],
              (model::InstrumentRef{"guitar", {25, 24, 27, 30, 29}, false}));
}

TEST(Understand, VocalsAreSungNotPlayed) {
    const auto u = understand("pop with vocals, no drums", {}, fake_library());
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->brief.vocals);
    EXPECT_TRUE(u->brief.instruments.empty()) << "the voice is not a GM instrument";
    ASSERT_EQ(u->brief.excluded.size(), 1u);
    EXPECT_EQ(u->brief.excluded[0], (model::InstrumentRef{"drums", {}, true}));
}

TEST(Understand, SongsWithWordsAndTheirTopic) {
    struct Case {
        const char* prompt;
        bool vocals;
        const char* topic;
    };
    for (const Case& c : {Case{"a cheerful circus song about juggling fire, with lyrics", true, "juggling fire"},
                          Case{"a lullaby about the moon, with lyrics", true, "the moon"},
                          Case{"a pop song about a lighthouse keeper", true, "a lighthouse keeper"},
                          Case{"a sea shanty about a whale", true, "a whale"},
                          Case{"a lullaby about the stars", true, "the stars"},
                          Case{"pop music about my grandmother", false, "my grandmother"},
                          Case{"instrumental pop song about the sea", false, "the sea"},
                          Case{"pop song without vocals", false, ""},
                          Case{"upbeat pop with brass, 140 bpm", false, ""},
                          // A song for someone, or for a birthday or a wedding, is sung, and is
                          // about them.
                          Case{"a happy birthday song for my sister Anna", true, "my sister Anna's birthday"},
                          Case{"a song for Grandpa Joe", true, "Grandpa Joe"},
                          Case{"a wedding song", true, "a wedding"},
                          Case{"a birthday song", true, "a birthday"},
                          Case{"a song for my mom about the garden", true, "the garden"},
                          Case{"an instrumental birthday song for my sister", false, "my sister's birthday"},
                          Case{"a pop song for the summer", false, ""},
                          Case{"birthday party music", false, ""},
                          Case{"a pop song for my workout", false, ""}}) {
        const auto u = understand(c.prompt, {}, fake_library());
        ASSERT_TRUE(u) << c.prompt;
        EXPECT_EQ(u->brief.vocals, c.vocals) << c.prompt;
        EXPECT_EQ(u->brief.topic, c.topic) << c.prompt;
    }
}

TEST(Understand, FindingsQuoteThePromptsOwnWords) {
    const auto u = understand("80s Synth-Pop in E flat Major, 140 BPM", {}, fake_library());
    ASSERT_TRUE(u);
    const auto& found = u->interpretation.understood;
    auto finding = [&](const std::string& field) {
        for (const auto& f : found)
            if (f.field == field) return f;
        return model::Interpretation::Finding{};
    };
    EXPECT_EQ(finding("style").value, "synth_pop");
    EXPECT_EQ(finding("style").words, "Synth-Pop");
    EXPECT_EQ(finding("key").value, "Eb major");
    EXPECT_EQ(finding("key").words, "E flat Major");
    EXPECT_EQ(finding("tempo").value, "140 bpm");
    EXPECT_EQ(finding("tempo").words, "140 BPM");
    EXPECT_EQ(finding("era").value, "1980s");
}

TEST(Understand, IntensifiersBelongToTheirWords) {
    const auto u = understand("very fast pop, a bit calm", {}, fake_library());
    ASSERT_TRUE(u);
    std::vector<std::string> found;
    for (const auto& f : u->interpretation.understood) found.push_back(f.field + ":" + f.words);
    EXPECT_TRUE(contains(found, "tempo:very fast")) << ::testing::PrintToString(found);
    EXPECT_TRUE(contains(found, "energy:a bit calm")) << ::testing::PrintToString(found);
    EXPECT_DOUBLE_EQ(u->brief.energy, 0.65 - 0.15 * 0.5);
}

TEST(Understand, StopWordsAreNeitherUnderstoodNorIgnored) {
    const auto u = understand("a the with and for in", {}, fake_library());
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->interpretation.ignored.empty());
    EXPECT_TRUE(u->interpretation.understood.empty());
}

TEST(Understand, DefaultsAreReportedAsGuesses) {
    const auto u = understand("banana", {}, fake_library());
    ASSERT_TRUE(u);
    const auto& g = u->interpretation.guessed;
    auto has_prefix = [&](const std::string& prefix) {
        return std::any_of(g.begin(), g.end(),
                           [&](const std::string& s) { return s.rfind(prefix, 0) == 0; });
    };
    EXPECT_TRUE(has_prefix("style: pop"));
    EXPECT_TRUE(has_prefix("tempo: 112 bpm"));
    EXPECT_TRUE(has_prefix("key: C major"));
    EXPECT_TRUE(has_prefix("time signature: 4/4"));
    EXPECT_TRUE(has_prefix("duration: 60 s"));
    EXPECT_EQ(u->brief.duration_s, kDefaultDuration);
}

TEST(Understand, ClampedDurationsSayWhy) {
    const auto u = understand("pop, 2 hours", {}, fake_library());
    ASSERT_TRUE(u);
    EXPECT_TRUE(
        std::any_of(u->interpretation.guessed.begin(), u->interpretation.guessed.end(),
                    [](const std::string& s) { return s.rfind("duration: 7200", 0) == 0; }));
}

TEST(Understand, IsDeterministic) {
    const std::string prompt = "sad dreamy waltz with strings and no drums, 2 minutes, slow";
    const auto a = understand(prompt, {}, fake_library());
    const auto b = understand(prompt, {}, fake_library());
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->brief, b->brief);
    EXPECT_EQ(a->interpretation, b->interpretation);
}

}  // namespace
}  // namespace omg::prompt::testing
