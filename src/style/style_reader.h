// StyleReader: one parsed style table -> model::Style, checked strictly (docs/style-format.md).
//
// style_reader.cpp reads the style as a whole (identity, tempo, key, mix, ending, form and
// sections) and checks that section and part variants match; part_reader.cpp reads the
// [[parts]] (instrument, range, mix, melody traits, patterns) and checks them together. Every
// message comes from TomlFields ("<origin>:<line>: <key path>: <problem>"); the first problem
// stops the read. Deterministic; private to src/style; one reader per style, not shared.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "model/style.h"
#include "style/toml_fields.h"

namespace omg::style {

// The closed vocabularies of a style file.
inline constexpr std::array<std::string_view, 8> kRoles = {"lead", "counter", "chords", "bass",
                                                           "pad",  "arp",     "colour", "drums"};
inline constexpr std::array<std::string_view, 6> kFeels = {"machine", "band",      "groove",
                                                           "jazz",    "classical", "ambient"};
inline constexpr std::array<std::string_view, 8> kVoicings = {
    "close", "open", "spread", "power", "shell", "rootless", "octave", "unison"};
inline constexpr std::array<std::string_view, 3> kScales = {"mode", "pentatonic", "blues"};

class StyleReader : private TomlFields {
public:
    using TomlFields::TomlFields;

    Result<model::Style> read(const toml::table& root);

private:
    // style_reader.cpp
    Status read_style(const toml::table& root, model::Style& style);
    Status read_words(const toml::table& root, std::string_view key,
                      std::vector<std::string>& out);
    Status read_tempo(const toml::table& t, model::Style& style);
    Status read_key(const toml::table& t, model::Style& style);
    Status read_mix(const toml::table& t, model::MixSpec& mix);
    Status read_ending(const toml::table& t, model::EndingSpec& ending);
    Status read_section(const toml::table& t, const std::string& path, const model::Style& style,
                        model::SectionSpec& section);
    Status check_variants(const toml::table& root, const model::Style& style);

    // part_reader.cpp
    Status read_part(const toml::table& t, const std::string& path, model::PartSpec& part);
    Status read_melody(const toml::table& t, const std::string& path, model::MelodySpec& melody);
    Status read_patterns(const toml::table& t, const std::string& path, model::PartSpec& part);
    Status check_parts_together(const toml::node& parts_node, const model::Style& style);
};

}  // namespace omg::style
