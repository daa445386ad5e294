// The real style library in styles/: it must load, and its musical content must keep the
// signatures the composer relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "style/grammar.h"
#include "style/loader.h"

namespace omg::style {
namespace {

const model::StyleLibrary& library() {
    static const model::StyleLibrary lib = [] {
        auto loaded = load_library(std::filesystem::path(OMG_SOURCE_DIR) / "styles");
        if (!loaded) {
            ADD_FAILURE() << loaded.error().message;
            return model::StyleLibrary{};
        }
        return *loaded;
    }();
    return lib;
}

const model::Style& style(std::string_view id) {
    const model::Style* s = library().find(id);
    if (s == nullptr) {
        ADD_FAILURE() << "no style " << id;
        static const model::Style kEmpty;
        return kEmpty;
    }
    return *s;
}

const model::PartSpec* part_with_role(const model::Style& s, std::string_view role) {
    for (const auto& p : s.parts)
        if (p.role == role) return &p;
    return nullptr;
}

TEST(Library, LoadsAllThirtyOneStyles) {
    const std::set<std::string> expected = {
        "circus_march", "military_march", "waltz",        "sea_shanty",    "celtic_jig",
        "polka",        "heavy_metal",    "hard_rock",    "punk",          "pop",
        "synth_pop",    "house",          "techno",       "drum_and_bass", "hip_hop",
        "lofi_hip_hop", "swing_jazz",     "bossa_nova",   "reggae",        "funk",
        "blues",        "country",        "baroque",      "cinematic",     "hymn",
        "ambient",      "meditation",     "piano_ballad", "acoustic_folk", "chiptune",
        "tango"};
    std::set<std::string> ids;
    for (const auto& s : library().styles)
        EXPECT_TRUE(ids.insert(s.id).second) << "duplicate id " << s.id;
    EXPECT_EQ(ids, expected);
    EXPECT_TRUE(std::is_sorted(library().styles.begin(), library().styles.end(),
                               [](const auto& a, const auto& b) { return a.id < b.id; }));
}

TEST(Library, AnAliasSelectsOneStyle) {
    std::map<std::string, std::string> owner;
    for (const auto& s : library().styles)
        for (const auto& alias : s.aliases) {
            auto [it, inserted] = owner.emplace(alias, s.id);
            EXPECT_TRUE(inserted) << "'" << alias << "' selects " << it->second << " and " << s.id;
        }
    // The words people actually type.
    const std::map<std::string, std::string> typical = {{"edm", "house"},
                                                        {"dance", "house"},
                                                        {"club", "house"},
                                                        {"8-bit", "chiptune"},
                                                        {"video game", "chiptune"},
                                                        {"retro game", "chiptune"},
                                                        {"nes", "chiptune"},
                                                        {"orchestral", "cinematic"},
                                                        {"epic", "cinematic"},
                                                        {"film score", "cinematic"},
                                                        {"trailer", "cinematic"},
                                                        {"classical", "baroque"},
                                                        {"bach", "baroque"},
                                                        {"harpsichord", "baroque"},
                                                        {"lofi", "lofi_hip_hop"},
                                                        {"lo-fi", "lofi_hip_hop"},
                                                        {"chillhop", "lofi_hip_hop"},
                                                        {"study beats", "lofi_hip_hop"},
                                                        {"jazz", "swing_jazz"},
                                                        {"big band", "swing_jazz"},
                                                        {"swing", "swing_jazz"},
                                                        {"metal", "heavy_metal"},
                                                        {"thrash", "heavy_metal"},
                                                        {"rock", "hard_rock"},
                                                        {"march", "military_march"},
                                                        {"circus", "circus_march"},
                                                        {"meditation", "meditation"},
                                                        {"yoga", "meditation"},
                                                        {"spa", "meditation"},
                                                        {"relaxing", "meditation"},
                                                        {"new age", "meditation"},
                                                        {"sleep", "meditation"},
                                                        {"ballad", "piano_ballad"},
                                                        {"piano ballad", "piano_ballad"},
                                                        {"folk", "acoustic_folk"},
                                                        {"acoustic", "acoustic_folk"},
                                                        {"hymn", "hymn"},
                                                        {"anthem", "hymn"},
                                                        {"church", "hymn"},
                                                        {"choir", "hymn"},
                                                        {"pop", "pop"},
                                                        {"waltz", "waltz"},
                                                        {"tango", "tango"},
                                                        {"reggae", "reggae"},
                                                        {"hip hop", "hip_hop"},
                                                        {"ambient", "ambient"},
                                                        {"punk", "punk"},
                                                        {"funk", "funk"},
                                                        {"blues", "blues"},
                                                        {"country", "country"},
                                                        {"polka", "polka"},
                                                        {"techno", "techno"},
                                                        {"bossa nova", "bossa_nova"},
                                                        {"jig", "celtic_jig"},
                                                        {"sea shanty", "sea_shanty"},
                                                        {"synthwave", "synth_pop"},
                                                        {"drum and bass", "drum_and_bass"}};
    for (const auto& [alias, id] : typical) {
        auto it = owner.find(alias);
        ASSERT_NE(it, owner.end()) << "no style answers to '" << alias << "'";
        EXPECT_EQ(it->second, id) << "'" << alias << "'";
    }
}

TEST(Library, EveryStyleIsDescribed) {
    for (const auto& s : library().styles) {
        EXPECT_GE(s.moods.size(), 4u) << s.id;
        EXPECT_LE(s.moods.size(), 10u) << s.id;
        EXPECT_GE(s.aliases.size(), 2u) << s.id;
        EXPECT_GT(s.description.size(), 30u) << s.id;
        EXPECT_FALSE(s.forms.empty()) << s.id;
        for (const auto& form : s.forms) {
            auto entries = parse_form(form);
            ASSERT_TRUE(entries) << s.id;
            EXPECT_TRUE(
                std::any_of(entries->begin(), entries->end(), [](const auto& e) { return e.body; }))
                << s.id << ": form '" << form << "' has no repeating [ ] body";
        }
    }
}

// A progression either fills its section a whole number of times or is cut at a section
// boundary that is a multiple of the section length, so phrases end where sections do.
TEST(Library, ProgressionsFitTheirSections) {
    for (const auto& s : library().styles)
        for (const auto& form : s.forms) {
            auto entries = parse_form(form);
            ASSERT_TRUE(entries) << s.id;
            for (const auto& entry : *entries)
                for (const auto& progression : s.sections.at(entry.kind).progressions) {
                    const int bars = *check_progression(progression);
                    EXPECT_TRUE(entry.bars % bars == 0 || bars % entry.bars == 0)
                        << s.id << " " << entry.kind << ":" << entry.bars << " vs " << bars
                        << "-bar progression " << progression;
                }
        }
}

// Steps must divide the default metre into ordinary note values (quarters .. 32nds, or triplets).
TEST(Library, GridsFitTheDefaultMetre) {
    const std::set<int> per_quarter = {1, 2, 3, 4, 6, 8};
    for (const auto& s : library().styles) {
        const double bar_quarters = s.meters.front().bar_quarters();
        auto check = [&](const std::string& grid, GridKind kind, const std::string& where) {
            auto shape = kind == GridKind::drums
                             ? check_drum_row(grid).map([](DrumRow r) { return r.shape; })
                             : check_grid(grid, kind);
            ASSERT_TRUE(shape) << where;
            const double steps = shape->steps / bar_quarters;
            EXPECT_TRUE(steps == static_cast<int>(steps) &&
                        per_quarter.contains(static_cast<int>(steps)))
                << s.id << " " << where << ": " << shape->steps << " steps in "
                << s.meters.front().text();
        };
        for (const auto& p : s.parts) {
            for (const auto& [name, rows] : p.patterns)
                for (const auto& row : rows)
                    check(row, p.role == "drums" ? GridKind::drums : GridKind::pitched,
                          p.name + "." + name);
            for (const auto& cell : p.melody.rhythms)
                check(cell, GridKind::rhythm, p.name + ".rhythms");
        }
    }
}

TEST(Library, SignaturesAreKept) {
    EXPECT_EQ(style("military_march").meters.front(), (model::TimeSignature{2, 4}));
    EXPECT_EQ(style("circus_march").meters.front(), (model::TimeSignature{2, 4}));
    EXPECT_EQ(style("polka").meters.front(), (model::TimeSignature{2, 4}));
    EXPECT_EQ(style("waltz").meters.front(), (model::TimeSignature{3, 4}));
    EXPECT_EQ(style("celtic_jig").meters.front(), (model::TimeSignature{6, 8}));
    EXPECT_TRUE(style("circus_march").ending.stinger);
    EXPECT_TRUE(style("military_march").ending.stinger);
    EXPECT_GT(style("swing_jazz").swing, 0.6);
    EXPECT_GT(style("blues").swing, 0.6);
    EXPECT_DOUBLE_EQ(style("techno").swing, 0.5);
    for (const char* id : {"ambient", "meditation", "baroque", "hymn", "tango"})
        EXPECT_EQ(part_with_role(style(id), "drums"), nullptr) << id << " has drums";
    for (const char* id : {"circus_march", "military_march"}) {
        const model::PartSpec* bells = part_with_role(style(id), "colour");
        ASSERT_NE(bells, nullptr) << id;
        EXPECT_EQ(bells->doubles, "lead") << id;
        EXPECT_GE(bells->transpose, 12) << id;
    }
    // A sea shanty's only percussion is the crew: stomps and claps.
    const model::PartSpec* crew = part_with_role(style("sea_shanty"), "drums");
    ASSERT_NE(crew, nullptr);
    for (const auto& [name, rows] : crew->patterns)
        for (const auto& row : rows) {
            const int key = check_drum_row(row)->key;
            EXPECT_TRUE(key == 36 || key == 39 || key == 41) << "sea shanty uses drum key " << key;
        }
    for (const char* id : {"heavy_metal", "punk"}) {
        const model::PartSpec* guitar = part_with_role(style(id), "chords");
        ASSERT_NE(guitar, nullptr) << id;
        EXPECT_EQ(guitar->voicing, "power") << id;
    }
}

}  // namespace
}  // namespace omg::style
