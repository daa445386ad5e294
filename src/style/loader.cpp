// The edge between toml++ and OMG: the only file that includes toml++ and catches its exceptions.
#include "style/loader.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "style/grammar.h"

namespace omg::style {
namespace {

constexpr std::array<std::string_view, 8> kRoles = {"lead", "counter", "chords", "bass",
                                                    "pad",  "arp",     "colour", "drums"};
constexpr std::array<std::string_view, 6> kFeels = {"machine", "band",      "groove",
                                                    "jazz",    "classical", "ambient"};
constexpr std::array<std::string_view, 8> kVoicings = {"close", "open",     "spread", "power",
                                                       "shell", "rootless", "octave", "unison"};
constexpr std::array<std::string_view, 3> kScales = {"mode", "pentatonic", "blues"};

template <size_t N>
bool one_of(std::string_view value, const std::array<std::string_view, N>& allowed) {
    return std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}

template <size_t N>
std::string list(const std::array<std::string_view, N>& allowed) {
    std::string out;
    for (std::string_view v : allowed) out += (out.empty() ? "" : ", ") + std::string(v);
    return out;
}

std::string join(std::string_view path, std::string_view key) {
    return path.empty() ? std::string(key) : std::string(path) + "." + std::string(key);
}

std::string indexed(std::string_view path, size_t i) {
    return std::string(path) + "[" + std::to_string(i) + "]";
}

bool has_lower_case_only(std::string_view text) {
    return std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string in_quotes(std::string_view text) { return "'" + std::string(text) + "'"; }

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

// Reads one style table. Every check reports "<origin>:<line>: <key path>: <problem>" through
// error(); the first problem stops the read.
class Reader {
public:
    explicit Reader(std::string origin) : origin_(std::move(origin)) {}

    Result<model::Style> read(const toml::table& root) {
        model::Style style;
        if (auto s = read_style(root, style); !s) return tl::unexpected(s.error());
        return style;
    }

private:
    tl::unexpected<Error> error(const toml::node* node, std::string_view path,
                                std::string_view message) const {
        std::string where = origin_;
        if (node != nullptr && node->source().begin.line > 0)
            where += ":" + std::to_string(node->source().begin.line);
        return fail(Errc::invalid_argument, where + ": " + std::string(path) +
                                                (path.empty() ? "" : ": ") + std::string(message));
    }

    Status check_keys(const toml::table& table, std::string_view path,
                      std::initializer_list<std::string_view> allowed) const {
        for (auto&& [key, node] : table) {
            const std::string_view name = key.str();
            if (name.substr(0, 2) == "x_") continue;  // free for the musician's notes
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                std::string known;
                for (std::string_view a : allowed)
                    known += (known.empty() ? "" : ", ") + std::string(a);
                return error(
                    &node, join(path, name),
                    "unknown key (known here: " + known + "; keys starting with x_ are notes)");
            }
        }
        return {};
    }

    const toml::node* find(const toml::table& table, std::string_view key) const {
        return table.get(key);
    }

    Status missing(const toml::table& table, std::string_view path, std::string_view key) const {
        return error(&table, join(path, key), "is required");
    }

    const toml::table* table_at(const toml::table& parent, std::string_view path,
                                std::string_view key, Status& status) const {
        const toml::node* node = find(parent, key);
        if (node == nullptr) {
            status = missing(parent, path, key);
            return nullptr;
        }
        if (!node->is_table()) {
            status = error(node, join(path, key), "must be a table");
            return nullptr;
        }
        return node->as_table();
    }

    Status get_string(const toml::table& t, std::string_view path, std::string_view key,
                      std::string& out, bool required) const {
        const toml::node* node = find(t, key);
        if (node == nullptr) return required ? missing(t, path, key) : Status{};
        if (!node->is_string()) return error(node, join(path, key), "must be a string");
        out = node->as_string()->get();
        if (required && out.empty()) return error(node, join(path, key), "must not be empty");
        return {};
    }

    Status get_number(const toml::table& t, std::string_view path, std::string_view key,
                      double& out, double lo, double hi, bool required) const {
        const toml::node* node = find(t, key);
        if (node == nullptr) return required ? missing(t, path, key) : Status{};
        if (!node->is_number()) return error(node, join(path, key), "must be a number");
        const double v = node->value<double>().value_or(0.0);
        if (v < lo || v > hi)
            return error(
                node, join(path, key),
                number_text(v) + " is outside " + number_text(lo) + ".." + number_text(hi));
        out = v;
        return {};
    }

    Status get_int(const toml::node* node, std::string_view path, int& out, int lo, int hi) const {
        if (!node->is_integer()) return error(node, path, "must be a whole number");
        const int64_t v = node->as_integer()->get();
        if (v < lo || v > hi)
            return error(node, path,
                         std::to_string(v) + " is outside " + std::to_string(lo) + ".." +
                             std::to_string(hi));
        out = static_cast<int>(v);
        return {};
    }

    Status get_int(const toml::table& t, std::string_view path, std::string_view key, int& out,
                   int lo, int hi, bool required) const {
        const toml::node* node = find(t, key);
        if (node == nullptr) return required ? missing(t, path, key) : Status{};
        return get_int(node, join(path, key), out, lo, hi);
    }

    Status get_bool(const toml::table& t, std::string_view path, std::string_view key,
                    bool& out) const {
        const toml::node* node = find(t, key);
        if (node == nullptr) return {};
        if (!node->is_boolean()) return error(node, join(path, key), "must be true or false");
        out = node->as_boolean()->get();
        return {};
    }

    // An array of strings; `nodes` (optional) receives each element's node for later messages.
    Status get_strings(const toml::table& t, std::string_view path, std::string_view key,
                       std::vector<std::string>& out, bool required,
                       std::vector<const toml::node*>* nodes = nullptr) const {
        const toml::node* node = find(t, key);
        if (node == nullptr) return required ? missing(t, path, key) : Status{};
        if (!node->is_array()) return error(node, join(path, key), "must be a list of strings");
        const toml::array& array = *node->as_array();
        if (required && array.empty()) return error(node, join(path, key), "must not be empty");
        out.clear();
        for (size_t i = 0; i < array.size(); ++i) {
            const toml::node& item = *array.get(i);
            if (!item.is_string())
                return error(&item, indexed(join(path, key), i), "must be a string");
            out.push_back(item.as_string()->get());
            if (nodes != nullptr) nodes->push_back(&item);
        }
        return {};
    }

    Status read_style(const toml::table& root, model::Style& style) {
        if (auto s = check_keys(
                root, "",
                {"id", "name", "description", "aliases", "moods", "energy", "feel", "meters",
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

    Status read_words(const toml::table& root, std::string_view key,
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

    Status read_tempo(const toml::table& t, model::Style& style) {
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

    Status read_key(const toml::table& t, model::Style& style) {
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

    Status read_mix(const toml::table& t, model::MixSpec& mix) {
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

    Status read_ending(const toml::table& t, model::EndingSpec& ending) {
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

    Status read_section(const toml::table& t, const std::string& path, const model::Style& style,
                        model::SectionSpec& section) {
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

    Status read_part(const toml::table& t, const std::string& path, model::PartSpec& part) {
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

    Status read_melody(const toml::table& t, const std::string& path, model::MelodySpec& melody) {
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

    Status read_patterns(const toml::table& t, const std::string& path, model::PartSpec& part) {
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

    Status check_parts_together(const toml::node& parts_node, const model::Style& style) {
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

    // Variant names are free, so a typo would silently fall back to `main`: every section
    // variant must exist in some part, and every part variant must be used by some section.
    Status check_variants(const toml::table& root, const model::Style& style) {
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

    std::string origin_;
};

}  // namespace

Result<model::Style> parse_style(std::string_view toml_text, std::string_view origin) {
    toml::table root;
    try {
        root = toml::parse(toml_text, origin);
    } catch (const toml::parse_error& e) {
        return fail(Errc::invalid_argument, std::string(origin) + ":" +
                                                std::to_string(e.source().begin.line) + ":" +
                                                std::to_string(e.source().begin.column) +
                                                ": TOML syntax: " + std::string(e.description()));
    }
    return Reader(std::string(origin)).read(root);
}

Result<model::Style> load_style(const std::filesystem::path& file) {
    const std::string origin = file.filename().string();
    std::ifstream in(file, std::ios::binary);
    if (!in) return fail(Errc::io, "cannot read style file " + origin);
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(Errc::io, "cannot read style file " + origin);
    auto style = parse_style(text.str(), origin);
    if (!style) return style;
    if (style->id != file.stem().string())
        return fail(Errc::invalid_argument, origin + ": id: " + in_quotes(style->id) +
                                                " must equal the file name " +
                                                in_quotes(file.stem().string()));
    return style;
}

Result<model::StyleLibrary> load_library(const std::filesystem::path& dir) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    // The error_code overloads throughout: a vanished or unreadable folder is a value, not a throw.
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->path().extension() == ".toml" && it->is_regular_file(type_ec))
            files.push_back(it->path());
    }
    if (ec)
        return fail(Errc::not_found, "cannot list the styles folder " + dir.filename().string());
    if (files.empty())
        return fail(Errc::not_found, "no *.toml style files in " + dir.filename().string());
    std::sort(files.begin(), files.end());

    model::StyleLibrary library;
    std::map<std::string, std::string> alias_owner;  // alias -> style id
    for (const auto& file : files) {
        auto style = load_style(file);
        if (!style) return tl::unexpected(style.error());
        for (const auto& alias : style->aliases) {
            auto [it, inserted] = alias_owner.emplace(alias, style->id);
            if (!inserted)
                return fail(Errc::invalid_argument,
                            file.filename().string() + ": aliases: " + in_quotes(alias) +
                                " already selects style " + in_quotes(it->second));
        }
        library.styles.push_back(std::move(*style));
    }
    std::sort(library.styles.begin(), library.styles.end(),
              [](const model::Style& a, const model::Style& b) { return a.id < b.id; });
    return library;
}

}  // namespace omg::style
