// StyleReader (style_reader.h), the [[parts]]: role, instrument, range, mix, voicing,
// doubling, melody traits and patterns, then the parts checked together (a lead; what a colour
// part doubles exists).
#include <algorithm>
#include <set>

#include "style/grammar.h"
#include "style/style_reader.h"

namespace omg::style {

Status StyleReader::read_part(const toml::table& t, const std::string& path,
                              model::PartSpec& part) {
    // Messages name the part ("parts[2] (Bass).range") as soon as its name is known.
    std::string where = path;
    if (const toml::node* name = find(t, "name"); name != nullptr && name->is_string())
        where += " (" + name->as_string()->get() + ")";
    if (auto s = check_keys(t, where,
                            {"role", "name", "program", "alternatives", "range", "volume",
                             "pan", "reverb", "chorus", "level", "articulation", "voicing", "voices",
                             "doubles", "transpose", "offset_ms", "melody", "patterns"});
        !s)
        return s;
    if (auto s = get_string(t, path, "role", part.role, true); !s) return s;
    if (!one_of(part.role, kRoles))
        return error(find(t, "role"), join(path, "role"),
                     in_quotes(part.role) + " is not one of " + list(kRoles));
    if (auto s = get_string(t, path, "name", part.name, true); !s) return s;
    if (auto s = get_int(t, where, "program", part.program, 0, 127, true); !s) return s;
    if (const toml::node* node = find(t, "alternatives")) {
        if (!node->is_array())
            return error(node, join(where, "alternatives"), "must be a list of programs");
        const toml::array& array = *node->as_array();
        for (size_t i = 0; i < array.size(); ++i) {
            int program = 0;
            if (auto s = get_int(array.get(i), indexed(join(where, "alternatives"), i), program,
                                 0, 127);
                !s)
                return s;
            part.alternatives.push_back(program);
        }
    }
    if (const toml::node* node = find(t, "range")) {
        const std::string range_path = join(where, "range");
        if (!node->is_array() || node->as_array()->size() != 2)
            return error(node, range_path, "must be [low, high] MIDI keys");
        if (auto s = get_int(node->as_array()->get(0), range_path, part.low, 0, 127); !s)
            return s;
        if (auto s = get_int(node->as_array()->get(1), range_path, part.high, 0, 127); !s)
            return s;
        if (part.low >= part.high) return error(node, range_path, "low must be below high");
    }
    if (auto s = get_int(t, where, "volume", part.volume, 0, 127, false); !s) return s;
    if (auto s = get_int(t, where, "pan", part.pan, -64, 63, false); !s) return s;
    if (auto s = get_int(t, where, "reverb", part.reverb, 0, 127, false); !s) return s;
    if (auto s = get_int(t, where, "chorus", part.chorus, 0, 127, false); !s) return s;
    if (auto s = get_number(t, where, "level", part.level_db, -12.0, 6.0, false); !s) return s;
    if (auto s = get_number(t, where, "articulation", part.articulation, 0.05, 1.2, false); !s)
        return s;
    if (auto s = get_string(t, where, "voicing", part.voicing, false); !s) return s;
    if (!one_of(part.voicing, kVoicings))
        return error(find(t, "voicing"), join(where, "voicing"),
                     in_quotes(part.voicing) + " is not one of " + list(kVoicings));
    if (auto s = get_int(t, where, "voices", part.voices, 1, 8, false); !s) return s;
    if (auto s = get_string(t, where, "doubles", part.doubles, false); !s) return s;
    if (find(t, "doubles") != nullptr) {
        if (part.role != "colour")
            return error(find(t, "doubles"), join(where, "doubles"),
                         "only colour parts double another part");
        if (!one_of(part.doubles, kRoles) || part.doubles == "drums" ||
            part.doubles == "colour")
            return error(find(t, "doubles"), join(where, "doubles"),
                         in_quotes(part.doubles) + " is not a pitched role to double");
    }
    if (auto s = get_int(t, where, "transpose", part.transpose, -36, 36, false); !s) return s;
    if (find(t, "transpose") != nullptr && part.doubles.empty())
        return error(find(t, "transpose"), join(where, "transpose"),
                     "is only for parts that set doubles");
    if (auto s = get_int(t, where, "offset_ms", part.offset_ms, -100, 100, false); !s) return s;

    if (const toml::node* node = find(t, "melody")) {
        if (part.role != "lead" && part.role != "counter")
            return error(node, join(where, "melody"),
                         "only lead and counter parts have a melody");
        if (!node->is_table()) return error(node, join(where, "melody"), "must be a table");
        if (auto s = read_melody(*node->as_table(), join(where, "melody"), part.melody); !s)
            return s;
    }
    if (const toml::node* node = find(t, "patterns")) {
        if (!node->is_table()) return error(node, join(where, "patterns"), "must be a table");
        if (auto s = read_patterns(*node->as_table(), join(where, "patterns"), part); !s)
            return s;
    }
    const bool needs_main =
        part.role != "lead" && part.role != "counter" && part.doubles.empty();
    if (needs_main && !part.patterns.contains("main"))
        return error(&t, join(where, "patterns.main"),
                     "is required for a " + part.role + " part");
    return {};
}

Status StyleReader::read_melody(const toml::table& t, const std::string& path,
                                model::MelodySpec& melody) {
    if (auto s = check_keys(t, path,
                            {"density", "leap", "chromatic", "syncopation", "rest",
                             "phrase_bars", "scale", "rhythms"});
        !s)
        return s;
    if (auto s = get_number(t, path, "density", melody.density, 0.05, 6.0, false); !s) return s;
    if (auto s = get_number(t, path, "leap", melody.leap, 0.0, 1.0, false); !s) return s;
    if (auto s = get_number(t, path, "chromatic", melody.chromatic, 0.0, 1.0, false); !s)
        return s;
    if (auto s = get_number(t, path, "syncopation", melody.syncopation, 0.0, 1.0, false); !s)
        return s;
    if (auto s = get_number(t, path, "rest", melody.rest, 0.0, 1.0, false); !s) return s;
    if (auto s = get_int(t, path, "phrase_bars", melody.phrase_bars, 2, 8, false); !s) return s;
    if (melody.phrase_bars != 2 && melody.phrase_bars != 4 && melody.phrase_bars != 8)
        return error(find(t, "phrase_bars"), join(path, "phrase_bars"), "must be 2, 4 or 8");
    if (auto s = get_string(t, path, "scale", melody.scale, false); !s) return s;
    if (!one_of(melody.scale, kScales))
        return error(find(t, "scale"), join(path, "scale"),
                     in_quotes(melody.scale) + " is not one of " + list(kScales));
    std::vector<const toml::node*> nodes;
    if (auto s = get_strings(t, path, "rhythms", melody.rhythms, false, &nodes); !s) return s;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const std::string cell_path = indexed(join(path, "rhythms"), i);
        auto shape = check_grid(melody.rhythms[i], GridKind::rhythm);
        if (!shape) return error(nodes[i], cell_path, "rhythm cell " + shape.error());
        if (shape->bars != 1)
            return error(nodes[i], cell_path, "a rhythm cell is one bar (no '|' inside)");
        if (melody.rhythms[i].find('x') == std::string::npos)
            return error(nodes[i], cell_path, "a rhythm cell needs at least one onset 'x'");
    }
    return {};
}

Status StyleReader::read_patterns(const toml::table& t, const std::string& path,
                                  model::PartSpec& part) {
    const bool drums = part.role == "drums";
    for (auto&& [name, node] : t) {
        const std::string variant(name.str());
        const std::string vpath = join(path, variant);
        if (variant.substr(0, 2) == "x_") continue;
        if (!is_identifier(variant))
            return error(&node, vpath,
                         "variant names use only lower-case letters, digits and '_'");
        if (variant == "fill" && !drums)
            return error(&node, vpath, "fill variants are for drums only");
        std::vector<std::string> rows;
        if (!drums) {
            if (!node.is_string())
                return error(&node, vpath, "a pitched part's pattern is one grid string");
            rows.push_back(node.as_string()->get());
            auto shape = check_grid(rows.back(), GridKind::pitched);
            if (!shape) return error(&node, vpath, "grid " + shape.error());
        } else {
            if (!node.is_array() || node.as_array()->empty())
                return error(&node, vpath, "a drum pattern is a list of \"KEY grid\" strings");
            std::set<int> keys;
            GridShape first;
            const toml::array& array = *node.as_array();
            for (size_t i = 0; i < array.size(); ++i) {
                const toml::node& item = *array.get(i);
                if (!item.is_string())
                    return error(&item, indexed(vpath, i), "must be a string");
                rows.push_back(item.as_string()->get());
                auto row = check_drum_row(rows.back());
                if (!row) return error(&item, indexed(vpath, i), row.error());
                if (!keys.insert(row->key).second)
                    return error(
                        &item, indexed(vpath, i),
                        "drum key " + std::to_string(row->key) + " has two rows; merge them");
                // Rows may loop over different bar counts, but they share one step grid.
                if (i == 0) first = row->shape;
                if (row->shape.steps != first.steps)
                    return error(&item, indexed(vpath, i),
                                 "has " + std::to_string(row->shape.steps) +
                                     " steps per bar but the first row has " +
                                     std::to_string(first.steps));
            }
        }
        part.patterns.emplace(variant, std::move(rows));
    }
    return {};
}

Status StyleReader::check_parts_together(const toml::node& parts_node, const model::Style& style) {
    const bool has_lead =
        std::any_of(style.parts.begin(), style.parts.end(),
                    [](const model::PartSpec& p) { return p.role == "lead"; });
    if (!has_lead) return error(&parts_node, "parts", "a style needs a lead part (the melody)");
    for (size_t i = 0; i < style.parts.size(); ++i) {
        const auto& part = style.parts[i];
        if (part.doubles.empty()) continue;
        const bool found =
            std::any_of(style.parts.begin(), style.parts.end(), [&](const model::PartSpec& p) {
                return p.role == part.doubles && p.doubles.empty();
            });
        if (!found)
            return error(&parts_node, indexed("parts", i) + " (" + part.name + ").doubles",
                         "no part has the role " + in_quotes(part.doubles));
    }
    return {};
}

}  // namespace omg::style
