// StyleReader (style_reader.h), the style as a whole: identity, tempo, key, mix, ending, form
// and sections, and the check that every variant named is defined and used.
#include "style/style_reader.h"

#include <algorithm>
#include <set>

#include "style/grammar.h"

namespace omg::style {
namespace {

bool has_lower_case_only(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

Result<model::Style> StyleReader::read(const toml::table& root) {
    model::Style style;
    if (auto s = read_style(root, style); !s) return tl::unexpected(s.error());
    return style;
}

Status StyleReader::read_style(const toml::table& root, model::Style& style) {
    if (auto s = check_keys(
            root, "",
            {"id", "name", "description", "aliases", "moods", "topics", "energy", "feel", "meters",
             "swing", "swing_unit", "lilt", "tempo", "key", "ending", "form", "sections", "parts", "mix"});
        !s)
        return s;

    if (auto s = get_string(root, "", "id", style.id, true); !s) return s;
    if (!is_identifier(style.id))
        return error(find(root, "id"), "id",
                     in_quotes(style.id) + " must use only lower-case letters, digits and '_'");
    if (auto s = get_string(root, "", "name", style.name, true); !s) return s;
    if (auto s = get_string(root, "", "description", style.description, true); !s) return s;
    if (auto s = read_words(root, "aliases", style.aliases); !s) return s;
    if (auto s = read_words(root, "moods", style.moods); !s) return s;
    if (auto s = read_words(root, "topics", style.topics); !s) return s;
    if (auto s = get_number(root, "", "energy", style.energy, 0.0, 1.0, false); !s) return s;
    if (auto s = get_string(root, "", "feel", style.feel, false); !s) return s;
    if (!one_of(style.feel, kFeels))
        return error(find(root, "feel"), "feel",
                     in_quotes(style.feel) + " is not one of " + list(kFeels));

    std::vector<std::string> meters;
    std::vector<const toml::node*> meter_nodes;
    if (auto s = get_strings(root, "", "meters", meters, true, &meter_nodes); !s) return s;
    style.meters.clear();
    for (size_t i = 0; i < meters.size(); ++i) {
        auto ts = model::parse_time_signature(meters[i]);
        if (!ts)
            return error(
                meter_nodes[i], indexed("meters", i),
                in_quotes(meters[i]) + " is not a time signature like \"4/4\" or \"6/8\"");
        style.meters.push_back(*ts);
    }
    if (auto s = get_number(root, "", "swing", style.swing, 0.5, 0.8, false); !s) return s;
    if (auto s = get_int(root, "", "swing_unit", style.swing_unit, 8, 16, false); !s) return s;
    if (auto s = get_number(root, "", "lilt", style.lilt, 0, 0.15, false); !s) return s;
    if (style.swing_unit != 8 && style.swing_unit != 16)
        return error(find(root, "swing_unit"), "swing_unit", "must be 8 or 16");

    Status status;
    const toml::table* tempo = table_at(root, "", "tempo", status);
    if (tempo == nullptr) return status;
    if (auto s = read_tempo(*tempo, style); !s) return s;
    const toml::table* key = table_at(root, "", "key", status);
    if (key == nullptr) return status;
    if (auto s = read_key(*key, style); !s) return s;
    if (const toml::node* ending = find(root, "ending")) {
        if (!ending->is_table()) return error(ending, "ending", "must be a table");
        if (auto s = read_ending(*ending->as_table(), style.ending); !s) return s;
    }
    if (const toml::node* mix = find(root, "mix")) {
        if (!mix->is_table()) return error(mix, "mix", "must be a table");
        if (auto s = read_mix(*mix->as_table(), style.mix); !s) return s;
    }
    const toml::node* parts = find(root, "parts");
    if (parts == nullptr) return missing(root, "", "parts");
    if (!parts->is_array_of_tables() || parts->as_array()->empty())
        return error(parts, "parts", "must be one or more [[parts]] tables");
    const toml::array& part_tables = *parts->as_array();
    for (size_t i = 0; i < part_tables.size(); ++i) {
        model::PartSpec part;
        if (auto s = read_part(*part_tables.get(i)->as_table(), indexed("parts", i), part); !s)
            return s;
        style.parts.push_back(std::move(part));
    }
    if (auto s = check_parts_together(*parts, style); !s) return s;

    const toml::table* form = table_at(root, "", "form", status);
    if (form == nullptr) return status;
    std::vector<const toml::node*> form_nodes;
    std::set<std::string> used_kinds;
    if (auto s = check_keys(*form, "form", {"options"}); !s) return s;
    if (auto s = get_strings(*form, "form", "options", style.forms, true, &form_nodes); !s)
        return s;
    const toml::table* sections = table_at(root, "", "sections", status);
    if (sections == nullptr) return status;
    for (size_t i = 0; i < style.forms.size(); ++i) {
        auto entries = parse_form(style.forms[i]);
        if (!entries) return error(form_nodes[i], indexed("form.options", i), entries.error());
        for (const auto& entry : *entries) {
            if (!sections->contains(entry.kind))
                return error(form_nodes[i], indexed("form.options", i),
                             "section kind " + in_quotes(entry.kind) + " has no [sections." +
                                 entry.kind + "] table");
            used_kinds.insert(entry.kind);
        }
    }
    for (auto&& [kind, node] : *sections) {
        const std::string path = join("sections", kind.str());
        if (!node.is_table()) return error(&node, path, "must be a table");
        if (!is_identifier(kind.str()))
            return error(&node, path,
                         "section kinds use only lower-case letters, digits and '_'");
        if (!used_kinds.contains(std::string(kind.str())))
            return error(&node, path, "is not used by any form option");
        model::SectionSpec section;
        if (auto s = read_section(*node.as_table(), path, style, section); !s) return s;
        style.sections.emplace(std::string(kind.str()), std::move(section));
    }
    for (size_t i = 0; i < style.ending.peak.size(); ++i)
        if (!style.sections.contains(style.ending.peak[i]))
            return error(find(root, "ending"), indexed("ending.peak", i),
                         "section kind " + in_quotes(style.ending.peak[i]) + " has no [sections." +
                             style.ending.peak[i] + "] table");
    return check_variants(root, style);
}

Status StyleReader::read_words(const toml::table& root, std::string_view key,
                               std::vector<std::string>& out) {
    std::vector<const toml::node*> nodes;
    if (auto s = get_strings(root, "", key, out, false, &nodes); !s) return s;
    std::set<std::string> seen;
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i].empty() || out[i].front() == ' ' || out[i].back() == ' ')
            return error(nodes[i], indexed(key, i),
                         "must be a word or phrase without outer spaces");
        if (!has_lower_case_only(out[i]))
            return error(nodes[i], indexed(key, i), in_quotes(out[i]) + " must be lower case");
        if (!seen.insert(out[i]).second)
            return error(nodes[i], indexed(key, i), in_quotes(out[i]) + " is listed twice");
    }
    return {};
}

Status StyleReader::read_tempo(const toml::table& t, model::Style& style) {
    if (auto s = check_keys(t, "tempo", {"min", "max", "default", "slow", "fast", "flex"}); !s)
        return s;
    if (auto s = get_number(t, "tempo", "min", style.tempo_min, 20, 400, true); !s) return s;
    if (auto s = get_number(t, "tempo", "max", style.tempo_max, 20, 400, true); !s) return s;
    if (auto s = get_number(t, "tempo", "default", style.tempo_default, 20, 400, true); !s)
        return s;
    if (auto s = get_number(t, "tempo", "slow", style.tempo_slow, 20, 400, false); !s)
        return s;
    if (auto s = get_number(t, "tempo", "fast", style.tempo_fast, 20, 400, false); !s)
        return s;
    if (auto s = get_number(t, "tempo", "flex", style.tempo_flex, 0.0, 0.15, false); !s)
        return s;
    if (style.tempo_min > style.tempo_max)
        return error(find(t, "min"), "tempo", "min must not be above max");
    if (style.tempo_slow > 0 && style.tempo_fast > 0 && style.tempo_slow >= style.tempo_fast)
        return error(find(t, "slow"), "tempo.slow", "must be below tempo.fast");
    if (style.tempo_default < style.tempo_min || style.tempo_default > style.tempo_max)
        return error(find(t, "default"), "tempo.default",
                     "must lie between tempo.min and tempo.max");
    return {};
}

Status StyleReader::read_key(const toml::table& t, model::Style& style) {
    if (auto s = check_keys(t, "key", {"tonics", "mode", "modes"}); !s) return s;
    std::vector<std::string> names;
    std::vector<const toml::node*> nodes;
    if (auto s = get_strings(t, "key", "tonics", names, true, &nodes); !s) return s;
    for (size_t i = 0; i < names.size(); ++i) {
        auto pc = model::parse_pitch_class(names[i]);
        if (!pc)
            return error(nodes[i], indexed("key.tonics", i),
                         in_quotes(names[i]) + " is not a pitch name");
        if (std::find(style.tonics.begin(), style.tonics.end(), *pc) != style.tonics.end())
            return error(nodes[i], indexed("key.tonics", i),
                         in_quotes(names[i]) + " is listed twice");
        style.tonics.push_back(*pc);
    }
    std::string mode_text;
    if (auto s = get_string(t, "key", "mode", mode_text, true); !s) return s;
    auto mode = model::parse_mode(mode_text);
    if (!mode)
        return error(find(t, "mode"), "key.mode", in_quotes(mode_text) + " is not a mode");
    style.mode = *mode;
    nodes.clear();
    if (auto s = get_strings(t, "key", "modes", names, false, &nodes); !s) return s;
    style.modes.clear();
    for (size_t i = 0; i < nodes.size(); ++i) {
        auto m = model::parse_mode(names[i]);
        if (!m)
            return error(nodes[i], indexed("key.modes", i),
                         in_quotes(names[i]) + " is not a mode");
        style.modes.push_back(*m);
    }
    if (style.modes.empty()) style.modes.push_back(style.mode);
    if (std::find(style.modes.begin(), style.modes.end(), style.mode) == style.modes.end())
        return error(find(t, "modes"), "key.modes",
                     "must include key.mode " + in_quotes(mode_text));
    return {};
}

Status StyleReader::read_mix(const toml::table& t, model::MixSpec& mix) {
    if (auto s = check_keys(t, "mix",
                            {"reverb_room", "reverb_damp", "reverb_level", "reverb_width",
                             "chorus_width", "sub_db", "presence_db", "air_db"});
        !s)
        return s;
    if (auto s = get_number(t, "mix", "reverb_room", mix.reverb_room, 0.0, 1.0, false); !s) return s;
    if (auto s = get_number(t, "mix", "reverb_damp", mix.reverb_damp, 0.0, 1.0, false); !s) return s;
    if (auto s = get_number(t, "mix", "reverb_level", mix.reverb_level, 0.0, 1.0, false); !s) return s;
    // Wider returns turn the reverb's two channels unrelated, then out of phase.
    if (auto s = get_number(t, "mix", "reverb_width", mix.reverb_width, 0.0, 0.8, false); !s) return s;
    if (auto s = get_number(t, "mix", "chorus_width", mix.chorus_width, 0.0, 1.0, false); !s) return s;
    if (auto s = get_number(t, "mix", "sub_db", mix.sub_db, -6.0, 9.0, false); !s) return s;
    if (auto s = get_number(t, "mix", "presence_db", mix.presence_db, -8.0, 4.0, false); !s) return s;
    if (auto s = get_number(t, "mix", "air_db", mix.air_db, -6.0, 6.0, false); !s) return s;
    return {};
}

Status StyleReader::read_ending(const toml::table& t, model::EndingSpec& ending) {
    if (auto s = check_keys(t, "ending", {"tail", "cadence", "stinger", "fade", "peak"}); !s) return s;
    if (auto s = get_strings(t, "ending", "peak", ending.peak, false); !s) return s;
    if (auto s = get_number(t, "ending", "tail", ending.tail_s, 0.0, 20.0, false); !s) return s;
    std::vector<const toml::node*> nodes;
    if (find(t, "cadence") != nullptr) {
        if (auto s = get_strings(t, "ending", "cadence", ending.cadence, true, &nodes); !s)
            return s;
        for (size_t i = 0; i < nodes.size(); ++i)
            if (auto ok = check_chord(ending.cadence[i]); !ok)
                return error(nodes[i], indexed("ending.cadence", i),
                             ok.error() + "; one chord per bar");
        if (!is_tonic_chord(ending.cadence.back()))
            return error(nodes.back(), indexed("ending.cadence", nodes.size() - 1),
                         "the cadence must end on the tonic (I or i), not " +
                             in_quotes(ending.cadence.back()));
    }
    if (auto s = get_bool(t, "ending", "stinger", ending.stinger); !s) return s;
    if (auto s = get_bool(t, "ending", "fade", ending.fade); !s) return s;
    if (ending.stinger && ending.fade)
        return error(&t, "ending", "a fade and a stinger exclude each other");
    return {};
}

Status StyleReader::read_section(const toml::table& t, const std::string& path,
                                 const model::Style& style, model::SectionSpec& section) {
    if (auto s = check_keys(
            t, path, {"energy", "progressions", "parts", "variant", "transpose", "fill"});
        !s)
        return s;
    if (auto s = get_number(t, path, "energy", section.energy, 0.0, 1.0, true); !s) return s;
    std::vector<const toml::node*> nodes;
    if (auto s = get_strings(t, path, "progressions", section.progressions, true, &nodes); !s)
        return s;
    for (size_t i = 0; i < nodes.size(); ++i)
        if (auto ok = check_progression(section.progressions[i]); !ok)
            return error(nodes[i], indexed(join(path, "progressions"), i),
                         "progression " + ok.error());
    nodes.clear();
    if (auto s = get_strings(t, path, "parts", section.parts, false, &nodes); !s) return s;
    if (find(t, "parts") != nullptr && section.parts.empty())
        return error(find(t, "parts"), join(path, "parts"),
                     "must name at least one role (omit it for all parts)");
    for (size_t i = 0; i < nodes.size(); ++i) {
        const std::string& role = section.parts[i];
        if (!one_of(role, kRoles))
            return error(nodes[i], indexed(join(path, "parts"), i),
                         in_quotes(role) + " is not a role (" + list(kRoles) + ")");
        const bool present =
            std::any_of(style.parts.begin(), style.parts.end(),
                        [&](const model::PartSpec& p) { return p.role == role; });
        if (!present)
            return error(nodes[i], indexed(join(path, "parts"), i),
                         "no part has the role " + in_quotes(role));
    }
    if (auto s = get_string(t, path, "variant", section.variant, false); !s) return s;
    if (!is_identifier(section.variant))
        return error(find(t, "variant"), join(path, "variant"),
                     "must be a lower-case name like \"chorus\"");
    if (auto s = get_int(t, path, "transpose", section.transpose, -12, 12, false); !s) return s;
    return get_bool(t, path, "fill", section.fill);
}

// Variant names are free, so a typo would silently fall back to `main`: every section
// variant must exist in some part, and every part variant must be used by some section.
Status StyleReader::check_variants(const toml::table& root, const model::Style& style) {
    std::set<std::string> defined, used = {"main", "fill"};
    for (const auto& part : style.parts)
        for (const auto& [name, grid] : part.patterns) defined.insert(name);
    for (const auto& [kind, section] : style.sections) {
        used.insert(section.variant);
        if (section.variant != "main" && !defined.contains(section.variant))
            return error(root.get("sections"), "sections." + kind + ".variant",
                         in_quotes(section.variant) + " is not a pattern variant of any part");
    }
    for (size_t i = 0; i < style.parts.size(); ++i)
        for (const auto& [name, grid] : style.parts[i].patterns)
            if (!used.contains(name))
                return error(
                    root.get("parts"),
                    indexed("parts", i) + " (" + style.parts[i].name + ").patterns." + name,
                    "no section uses the variant " + in_quotes(name));
    return {};
}

}  // namespace omg::style
