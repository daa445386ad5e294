#include "style/loader.h"

#include <gtest/gtest.h>

#include <fstream>

namespace omg::style {
namespace {

// The smallest style the loader accepts, plus a few optional keys.
const std::string kMinimal = R"(
id = "tiny"
name = "Tiny"
description = "A test style."
aliases = ["tiny", "very small"]
moods = ["calm"]
energy = 0.4
feel = "band"
meters = ["3/4", "6/8"]
swing = 0.58
swing_unit = 8
x_note = "free text for the musician"

[tempo]
min = 80
max = 120
default = 96

[key]
tonics = ["D", "Bb"]
mode = "minor"
modes = ["minor", "harmonic_minor", "dorian"]

[ending]
tail = 3
cadence = ["iv", "V7", "i"]
stinger = false
fade = true

[form]
options = ["intro:2 [a:8 b:8] a:8", "[a:8]"]

[sections.intro]
energy = 0.3
progressions = ["| i | V7 |"]
parts = ["chords"]
variant = "soft"
fill = false

[sections.a]
energy = 0.6
progressions = ["| i | iv | bVII | bIII |", "| i | i | V7/V | V7 |"]

[sections.b]
energy = 0.8
progressions = ["| bVI | bVII | i/^5 | V7b9 |"]
transpose = 3

[[parts]]
role = "lead"
name = "Violin"
program = 40
alternatives = [41, 73]
range = [62, 91]
pan = -30

[parts.melody]
density = 1.25
leap = 0.3
phrase_bars = 8
scale = "pentatonic"
rhythms = ["x . . . x x", "x . _ x x x"]

[[parts]]
role = "colour"
name = "Glockenspiel"
program = 9
doubles = "lead"
transpose = 12

[[parts]]
role = "chords"
name = "Piano"
program = 0
voicing = "close"
voices = 3
articulation = 0.6

[parts.patterns]
main = ". . c . c ."
soft = "| C . . . . . | c . . . . . |"

[[parts]]
role = "bass"
name = "Contrabass"
program = 43
range = [28, 55]

[parts.patterns]
main = "1 . . . . ."

[[parts]]
role = "drums"
name = "Brushes"
program = 40

[parts.patterns]
main = ["35 x . . . . .", "38 . . g . g ."]
fill = ["38 . . . r x X"]
)";

std::string replaced(std::string text, std::string_view from, std::string_view to) {
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << "test setup: '" << from << "' not found";
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
}

TEST(ParseStyle, ReadsEveryField) {
    auto style = parse_style(kMinimal, "tiny.toml");
    ASSERT_TRUE(style) << style.error().message;
    EXPECT_EQ(style->id, "tiny");
    EXPECT_EQ(style->name, "Tiny");
    EXPECT_EQ(style->aliases, (std::vector<std::string>{"tiny", "very small"}));
    EXPECT_EQ(style->moods, (std::vector<std::string>{"calm"}));
    EXPECT_DOUBLE_EQ(style->energy, 0.4);
    EXPECT_EQ(style->feel, "band");
    ASSERT_EQ(style->meters.size(), 2u);
    EXPECT_EQ(style->meters[0], (model::TimeSignature{3, 4}));
    EXPECT_EQ(style->meters[1], (model::TimeSignature{6, 8}));
    EXPECT_DOUBLE_EQ(style->swing, 0.58);
    EXPECT_EQ(style->swing_unit, 8);
    EXPECT_DOUBLE_EQ(style->tempo_min, 80);
    EXPECT_DOUBLE_EQ(style->tempo_max, 120);
    EXPECT_DOUBLE_EQ(style->tempo_default, 96);
    EXPECT_EQ(style->tonics, (std::vector<int>{2, 10}));
    EXPECT_EQ(style->mode, model::Mode::minor);
    EXPECT_EQ(style->modes,
              (std::vector<model::Mode>{model::Mode::minor, model::Mode::harmonic_minor,
                                        model::Mode::dorian}));
    EXPECT_DOUBLE_EQ(style->ending.tail_s, 3.0);
    EXPECT_EQ(style->ending.cadence, (std::vector<std::string>{"iv", "V7", "i"}));
    EXPECT_FALSE(style->ending.stinger);
    EXPECT_TRUE(style->ending.fade);
    EXPECT_EQ(style->forms.size(), 2u);
    EXPECT_EQ(style->forms[0], "intro:2 [a:8 b:8] a:8");

    ASSERT_EQ(style->sections.size(), 3u);
    const auto& intro = style->sections.at("intro");
    EXPECT_DOUBLE_EQ(intro.energy, 0.3);
    EXPECT_EQ(intro.parts, (std::vector<std::string>{"chords"}));
    EXPECT_EQ(intro.variant, "soft");
    EXPECT_FALSE(intro.fill);
    const auto& a = style->sections.at("a");
    EXPECT_EQ(a.progressions.size(), 2u);
    EXPECT_TRUE(a.parts.empty());
    EXPECT_EQ(a.variant, "main");
    EXPECT_TRUE(a.fill);
    EXPECT_EQ(style->sections.at("b").transpose, 3);

    ASSERT_EQ(style->parts.size(), 5u);
    const auto& lead = style->parts[0];
    EXPECT_EQ(lead.role, "lead");
    EXPECT_EQ(lead.program, 40);
    EXPECT_EQ(lead.alternatives, (std::vector<int>{41, 73}));
    EXPECT_EQ(lead.low, 62);
    EXPECT_EQ(lead.high, 91);
    EXPECT_EQ(lead.pan, -30);
    EXPECT_DOUBLE_EQ(lead.melody.density, 1.25);
    EXPECT_DOUBLE_EQ(lead.melody.leap, 0.3);
    EXPECT_DOUBLE_EQ(lead.melody.chromatic, model::MelodySpec{}.chromatic);  // default kept
    EXPECT_EQ(lead.melody.phrase_bars, 8);
    EXPECT_EQ(lead.melody.scale, "pentatonic");
    EXPECT_EQ(lead.melody.rhythms.size(), 2u);
    EXPECT_TRUE(lead.patterns.empty());
    EXPECT_EQ(style->parts[1].doubles, "lead");
    EXPECT_EQ(style->parts[1].transpose, 12);
    const auto& chords = style->parts[2];
    EXPECT_EQ(chords.voices, 3);
    EXPECT_DOUBLE_EQ(chords.articulation, 0.6);
    EXPECT_EQ(chords.patterns.at("main"), (std::vector<std::string>{". . c . c ."}));
    EXPECT_EQ(chords.patterns.at("soft").size(), 1u);
    const auto& drums = style->parts[4];
    EXPECT_EQ(drums.patterns.at("main").size(), 2u);
    EXPECT_EQ(drums.patterns.at("main")[1], "38 . . g . g .");
    EXPECT_EQ(drums.patterns.at("fill").size(), 1u);
}

TEST(ParseStyle, DefaultsForOptionalKeys) {
    std::string text =
        replaced(kMinimal, "modes = [\"minor\", \"harmonic_minor\", \"dorian\"]\n", "");
    text = replaced(text, "fade = true", "");
    auto style = parse_style(text, "tiny.toml");
    ASSERT_TRUE(style) << style.error().message;
    EXPECT_EQ(style->modes, (std::vector<model::Mode>{model::Mode::minor}));
    EXPECT_FALSE(style->ending.fade);
    EXPECT_EQ(style->parts[3].volume, model::PartSpec{}.volume);
}

TEST(ParseStyle, ReadsTheMixAndPartTrims) {
    std::string text = replaced(kMinimal, "[tempo]",
                                "[mix]\nreverb_room = 0.3\nreverb_level = 0.5\nsub_db = 5.0\n"
                                "presence_db = -4\n\n[tempo]");
    text = replaced(text, "voices = 3", "voices = 3\nlevel = -3.5");
    auto style = parse_style(text, "tiny.toml");
    ASSERT_TRUE(style) << style.error().message;
    EXPECT_DOUBLE_EQ(style->mix.reverb_room, 0.3);
    EXPECT_DOUBLE_EQ(style->mix.reverb_level, 0.5);
    EXPECT_DOUBLE_EQ(style->mix.sub_db, 5.0);
    EXPECT_DOUBLE_EQ(style->mix.presence_db, -4.0);
    EXPECT_DOUBLE_EQ(style->mix.reverb_damp, model::MixSpec{}.reverb_damp);
    EXPECT_DOUBLE_EQ(style->parts[2].level_db, -3.5);
    EXPECT_DOUBLE_EQ(style->parts[0].level_db, 0.0);

    auto plain = parse_style(kMinimal, "tiny.toml");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->mix, model::MixSpec{});
}

struct BadCase {
    const char* what;
    const char* from;
    const char* to;
    const char* expect;  // must appear in the message
};

class RejectsInvalid : public ::testing::TestWithParam<BadCase> {};

TEST_P(RejectsInvalid, NamingFileAndKey) {
    const BadCase& c = GetParam();
    auto style = parse_style(replaced(kMinimal, c.from, c.to), "tiny.toml");
    ASSERT_FALSE(style) << c.what;
    EXPECT_EQ(style.error().code, Errc::invalid_argument);
    EXPECT_NE(style.error().message.find("tiny.toml"), std::string::npos) << style.error().message;
    EXPECT_NE(style.error().message.find(c.expect), std::string::npos)
        << c.what << ": " << style.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Style, RejectsInvalid,
    ::testing::Values(
        BadCase{"toml syntax", "name = \"Tiny\"", "name = \"Tiny", "TOML syntax"},
        BadCase{"id charset", "id = \"tiny\"", "id = \"Tiny-Style\"", "id"},
        BadCase{"missing name", "name = \"Tiny\"", "", "name: is required"},
        BadCase{"unknown top key", "energy = 0.4", "energy = 0.4\ntempi = 3", "tempi: unknown key"},
        BadCase{"alias case", "\"very small\"", "\"Very Small\"", "aliases[1]"},
        BadCase{"energy range", "energy = 0.4", "energy = 1.4", "energy"},
        BadCase{"feel", "feel = \"band\"", "feel = \"rocking\"", "feel"},
        BadCase{"meter", "\"6/8\"", "\"6/7\"", "meters[1]"},
        BadCase{"swing unit", "swing_unit = 8", "swing_unit = 12", "swing_unit"},
        BadCase{"tempo order", "default = 96", "default = 130", "tempo.default"},
        BadCase{"tempo range", "min = 80", "min = 10", "tempo.min"},
        BadCase{"tempo missing", "max = 120", "", "tempo.max: is required"},
        BadCase{"tonic", "\"Bb\"]", "\"H\"]", "key.tonics[1]"},
        BadCase{"mode", "mode = \"minor\"", "mode = \"sad\"", "key.mode"},
        BadCase{"mode not in modes", "mode = \"minor\"", "mode = \"major\"", "key.modes"},
        BadCase{"unknown key in key", "mode = \"minor\"", "mode = \"minor\"\nscale = 1",
                "key.scale"},
        BadCase{"cadence chord", "\"iv\", \"V7\"", "\"iv\", \"V13\"", "ending.cadence[1]"},
        BadCase{"cadence off the tonic", "\"V7\", \"i\"]", "\"V7\", \"iv\"]", "ending.cadence[2]"},
        BadCase{"stinger and fade", "stinger = false", "stinger = true", "ending"},
        BadCase{"peak without section", "stinger = false", "stinger = false\npeak = [\"a\", \"chorus\"]", "ending.peak[1]"},
        BadCase{"peak not strings", "stinger = false", "stinger = false\npeak = [1]", "ending.peak"},
        BadCase{"form token", "\"[a:8]\"", "\"[a8]\"", "form.options[1]"},
        BadCase{"form group", "\"[a:8]\"", "\"[a:8] [b:8]\"", "form.options[1]"},
        BadCase{"form kind without section", "\"[a:8]\"", "\"[a:8 c:8]\"", "form.options[1]"},
        BadCase{"unused section", "[sections.b]",
                "[sections.bb]\nenergy = 0.1\nprogressions = [\"I\"]\n[sections.b]", "sections.bb"},
        BadCase{"section energy", "energy = 0.8", "energy = 8", "sections.b.energy"},
        BadCase{"progression", "| bVI | bVII |", "| bVI | bVIII |", "sections.b.progressions[0]"},
        BadCase{"empty bar", "| i | iv |", "| i | | iv |", "sections.a.progressions[0]"},
        BadCase{"section role", "parts = [\"chords\"]", "parts = [\"keys\"]",
                "sections.intro.parts[0]"},
        BadCase{"section role absent", "parts = [\"chords\"]", "parts = [\"pad\"]",
                "sections.intro.parts[0]"},
        BadCase{"section variant", "variant = \"soft\"", "variant = \"sofft\"",
                "sections.intro.variant"},
        BadCase{"section typo", "fill = false", "fil = false", "sections.intro.fil"},
        BadCase{"transpose", "transpose = 3", "transpose = 30", "sections.b.transpose"},
        BadCase{"role", "role = \"bass\"", "role = \"bassline\"", "parts[3].role"},
        BadCase{"program", "program = 43", "program = 128", "parts[3] (Contrabass).program"},
        BadCase{"alternatives", "[41, 73]", "[41, 200]", "parts[0] (Violin).alternatives[1]"},
        BadCase{"range order", "[28, 55]", "[55, 28]", "parts[3] (Contrabass).range"},
        BadCase{"range size", "[28, 55]", "[28]", "parts[3] (Contrabass).range"},
        BadCase{"pan", "pan = -30", "pan = -70", "parts[0] (Violin).pan"},
        BadCase{"voicing", "voicing = \"close\"", "voicing = \"tight\"",
                "parts[2] (Piano).voicing"},
        BadCase{"part typo", "voices = 3", "voice = 3", "parts[2] (Piano).voice"},
        BadCase{"melody key", "leap = 0.3", "leaps = 0.3", "melody.leaps"},
        BadCase{"phrase bars", "phrase_bars = 8", "phrase_bars = 3", "melody.phrase_bars"},
        BadCase{"scale", "\"pentatonic\"", "\"chromatic\"", "melody.scale"},
        BadCase{"rhythm cell token", "\"x . . . x x\"", "\"x . . . x o\"", "melody.rhythms[0]"},
        BadCase{"rhythm cell bars", "\"x . . . x x\"", "\"x . . | x x x\"", "melody.rhythms[0]"},
        BadCase{"melody on chords", "voices = 3", "voices = 3\nmelody = { density = 1.0 }",
                "(Piano).melody"},
        BadCase{"missing main", "main = \"1 . . . . .\"", "walk = \"1 . . . . .\"",
                "(Contrabass).patterns"},
        BadCase{"grid token", "main = \"1 . . . . .\"", "main = \"1 . . 2 . .\"",
                "(Contrabass).patterns.main"},
        BadCase{"uneven bars", "| c . . . . . |", "| c . . . . |", "(Piano).patterns.soft"},
        BadCase{"unused variant", "main = \"1 . . . . .\"",
                "main = \"1 . . . . .\"\nbrige = \"1 . . . . .\"", "(Contrabass).patterns.brige"},
        BadCase{"pitched grid as list", "main = \"1 . . . . .\"", "main = [\"1 . . . . .\"]",
                "patterns.main"},
        BadCase{"drum key", "\"35 x . . . . .\"", "\"95 x . . . . .\"",
                "(Brushes).patterns.main[0]"},
        BadCase{"drum token", "\"35 x . . . . .\"", "\"35 x . . 1 . .\"",
                "(Brushes).patterns.main[0]"},
        BadCase{"drum row shape", "\"38 . . g . g .\"", "\"38 . . g . g . . .\"",
                "(Brushes).patterns.main[1]"},
        BadCase{"drum row twice", "\"38 . . g . g .\"", "\"35 . . g . g .\"",
                "(Brushes).patterns.main[1]"},
        BadCase{"drum grid string", "fill = [\"38 . . . r x X\"]", "fill = \"38 . . . r x X\"",
                "(Brushes).patterns.fill"},
        BadCase{"doubles role", "doubles = \"lead\"", "doubles = \"counter\"",
                "(Glockenspiel).doubles"},
        BadCase{"doubles on chords", "voices = 3", "voices = 3\ndoubles = \"lead\"",
                "(Piano).doubles"},
        BadCase{"no lead", "role = \"lead\"", "role = \"counter\"", "lead part"},
        BadCase{"volume", "articulation = 0.6", "articulation = 0.6\nvolume = 130",
                "(Piano).volume"},
        BadCase{"level", "articulation = 0.6", "articulation = 0.6\nlevel = 10", "(Piano).level"},
        BadCase{"mix range", "[tempo]", "[mix]\nsub_db = 12\n[tempo]", "mix.sub_db"},
        BadCase{"mix width", "[tempo]", "[mix]\nreverb_width = 0.9\n[tempo]", "mix.reverb_width"},
        BadCase{"mix typo", "[tempo]", "[mix]\nreverb_size = 0.5\n[tempo]", "mix.reverb_size"},
        BadCase{"mix not a table", "energy = 0.4", "energy = 0.4\nmix = 3", "mix"}));

TEST(LoadStyle, IdMustMatchTheFileName) {
    const auto dir = std::filesystem::temp_directory_path() / "omg_style_loader_test";
    std::filesystem::create_directories(dir);
    const auto file = dir / "other.toml";
    std::ofstream(file) << kMinimal;
    auto style = load_style(file);
    ASSERT_FALSE(style);
    EXPECT_NE(style.error().message.find("other.toml"), std::string::npos) << style.error().message;
    EXPECT_NE(style.error().message.find("id"), std::string::npos);

    std::filesystem::rename(file, dir / "tiny.toml");
    auto ok = load_style(dir / "tiny.toml");
    EXPECT_TRUE(ok) << ok.error().message;

    EXPECT_EQ(load_style(dir / "missing.toml").error().code, Errc::io);
    std::filesystem::remove_all(dir);
}

TEST(LoadLibrary, RejectsAnAliasThatSelectsTwoStyles) {
    const auto dir = std::filesystem::temp_directory_path() / "omg_style_library_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto variant = [](const std::string& id, const std::string& aliases) {
        return replaced(replaced(kMinimal, "id = \"tiny\"", "id = \"" + id + "\""),
                        "aliases = [\"tiny\", \"very small\"]", "aliases = " + aliases);
    };
    std::ofstream(dir / "tiny.toml") << kMinimal;
    std::ofstream(dir / "small.toml") << variant("small", "[\"small\"]");
    auto ok = load_library(dir);
    ASSERT_TRUE(ok) << ok.error().message;
    ASSERT_EQ(ok->styles.size(), 2u);
    EXPECT_EQ(ok->styles[0].id, "small");  // sorted by id
    EXPECT_NE(ok->find("tiny"), nullptr);

    std::ofstream(dir / "wee.toml") << variant("wee", "[\"wee\", \"very small\"]");
    auto clash = load_library(dir);
    ASSERT_FALSE(clash);
    EXPECT_NE(clash.error().message.find("wee.toml"), std::string::npos) << clash.error().message;
    EXPECT_NE(clash.error().message.find("very small"), std::string::npos);
    std::filesystem::remove_all(dir);
    EXPECT_EQ(load_library(dir).error().code, Errc::not_found);
}

}  // namespace
}  // namespace omg::style
