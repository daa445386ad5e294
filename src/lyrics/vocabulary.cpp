// The edge between toml++ and the lyrics stage.
#include "lyrics/vocabulary.h"

#include <toml++/toml.h>

#include <algorithm>

namespace omg::lyrics {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> strings(const toml::table& t, std::string_view key) {
    std::vector<std::string> out;
    if (const auto* arr = t[key].as_array()) {
        for (const auto& v : *arr) {
            if (auto s = v.value<std::string>()) out.push_back(*s);
        }
    }
    return out;
}

Result<toml::table> parse_file(const fs::path& path) {
    try {
        return toml::parse_file(path.string());
    } catch (const toml::parse_error& e) {
        return fail(Errc::invalid_argument, "lyrics vocabulary " + path.filename().string() +
                                                " is malformed: " + std::string(e.description()));
    }
}

std::vector<fs::path> toml_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return out;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (e.path().extension() == ".toml") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());  // stable order: determinism across file systems
    return out;
}

// Slots a pattern may name; the noun slots come from type_of_slot.
bool known_slot(std::string_view slot) {
    return type_of_slot(slot).has_value() || slot == "act" || slot == "acting" || slot == "T";
}

Status check_patterns(const std::vector<std::string>& patterns, const std::string& where) {
    for (const auto& p : patterns) {
        for (size_t i = p.find('{'); i != std::string::npos; i = p.find('{', i + 1)) {
            const size_t e = p.find('}', i);
            if (e == std::string::npos || !known_slot(std::string_view(p).substr(i + 1, e - i - 1))) {
                return fail(Errc::invalid_argument, "lyrics pattern \"" + p + "\" in " + where + " names an unknown slot");
            }
        }
    }
    return {};
}

// One word, one type, across every file: "crowd" cannot be a person in one theme and a thing in
// another, or the writer would sing "in the crowd" where it means a person.
Status add_typed(Vocabulary& v, const std::string& word, NounType type, const std::string& where) {
    auto [it, fresh] = v.types.emplace(word, type);
    if (!fresh && it->second != type) {
        return fail(Errc::invalid_argument, "lyrics vocabulary: \"" + word + "\" is listed as " +
                                                std::string(type_name(type)) + " in " + where + " but as " +
                                                std::string(type_name(it->second)) + " elsewhere");
    }
    return {};
}

// "line one / line two" -> a couplet whose slots are known and parentheses balanced.
Result<Couplet> read_couplet(const std::string& text, const std::string& where) {
    const size_t bar = text.find(" / ");
    auto bad = [&](const char* why) -> Result<Couplet> {
        return fail(Errc::invalid_argument, "lyrics " + where + ": \"" + text + "\" " + why);
    };
    if (bar == std::string::npos || text.find(" / ", bar + 1) != std::string::npos)
        return bad("is not two lines split by ' / '");
    Couplet c{text.substr(0, bar), text.substr(bar + 3), false};
    for (const auto* line : {&c.first, &c.second}) {
        int depth = 0;
        for (size_t i = 0; i < line->size(); ++i) {
            const char ch = (*line)[i];
            if (ch == '(') ++depth;
            if (ch == ')') --depth;
            if (depth < 0 || depth > 1) return bad("has unbalanced parentheses");
            if (ch == '{') {
                const size_t e = line->find('}', i);
                const std::string slot = e == std::string::npos ? "" : line->substr(i + 1, e - i - 1);
                if (slot != "who" && slot != "where" && slot != "what" && slot != "do" && slot != "doing")
                    return bad("names an unknown slot");
            }
        }
        if (depth != 0) return bad("has unbalanced parentheses");
        if (line->empty() || line->back() == ')' || line->back() == '}') return bad("must end on a written word (its rhyme)");
    }
    return c;
}

}  // namespace

std::string_view type_name(NounType type) {
    switch (type) {
        case NounType::person: return "person";
        case NounType::place: return "place";
        case NounType::object: return "object";
        case NounType::nature: return "nature";
        case NounType::abstract: return "abstract";
    }
    return "";
}

std::optional<NounType> type_of_slot(std::string_view slot) {
    if (slot == "people") return NounType::person;
    if (slot.ends_with('s')) slot.remove_suffix(1);
    for (NounType t : kNounTypes) {
        if (type_name(t) == slot) return t;
    }
    return std::nullopt;
}

const Theme* Vocabulary::theme(std::string_view name) const {
    for (const auto& t : themes) {
        if (t.name == name) return &t;
    }
    return nullptr;
}

const Mood* Vocabulary::mood(std::string_view name) const {
    for (const auto& m : moods) {
        if (m.name == name) return &m;
    }
    return nullptr;
}

Result<Vocabulary> load_vocabulary(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_regular_file(dir / "templates.toml", ec)) {
        return fail(Errc::not_found, "the lyrics vocabulary (resources/lyrics/templates.toml) is missing");
    }
    Vocabulary v;
    auto root = parse_file(dir / "templates.toml");
    if (!root) return tl::unexpected(root.error());
    v.lines = strings(*root, "lines");
    v.stopwords = strings(*root, "stopwords");
    for (const char* stage : {"verse1", "verse2", "verse3", "bridge", "chorus", "prechorus"}) {
        v.stages[stage] = strings(*root, stage);
    }
    for (const char* kind : {"any", "np", "ing", "clause", "return"}) {
        v.hooks[kind] = strings(*root, std::string("hooks_") + kind);
    }
    for (NounType type : kNounTypes) {
        auto& list = v.common_typed[type];
        list = strings(*root, "common_" + std::string(type_name(type)));
        for (const auto& w : list) {
            if (auto st = add_typed(v, w, type, "templates.toml"); !st) return tl::unexpected(st.error());
            v.common.push_back(w);
        }
    }
    v.verbs = strings(*root, "verbs");
    v.known_adjectives = strings(*root, "adjectives");
    for (const auto& path : toml_files(dir / "themes")) {
        auto t = parse_file(path);
        if (!t) return tl::unexpected(t.error());
        Theme theme;
        theme.name = path.stem().string();
        theme.keywords = strings(*t, "keywords");
        const std::string where = "themes/" + path.filename().string();
        if (t->contains("nouns") || t->contains("adjectives") || t->contains("lines")) {
            return fail(Errc::invalid_argument, "lyrics " + where +
                                                    ": untyped 'nouns'/'adjectives'/'lines'; list nouns under "
                                                    "people, places, objects, nature, abstract");
        }
        for (NounType type : kNounTypes) {
            const std::string key = type == NounType::person ? "people"
                                    : type == NounType::nature || type == NounType::abstract
                                        ? std::string(type_name(type))
                                        : std::string(type_name(type)) + "s";
            theme.typed[type] = strings(*t, key);
            for (const auto& w : theme.typed[type]) {
                if (auto st = add_typed(v, w, type, where); !st) return tl::unexpected(st.error());
                if (type == NounType::person) theme.people.push_back(w);
                else if (type == NounType::place) theme.places.push_back(w);
                else theme.nouns.push_back(w);
            }
            if (type != NounType::abstract) {
                theme.typed_adjectives[type] = strings(*t, std::string(type_name(type)) + "_adjectives");
                for (const auto& a : theme.typed_adjectives[type]) {
                    if (std::find(theme.adjectives.begin(), theme.adjectives.end(), a) == theme.adjectives.end())
                        theme.adjectives.push_back(a);
                }
            }
        }
        if (theme.people.empty() || theme.places.empty() || theme.typed[NounType::object].empty()) {
            return fail(Errc::invalid_argument, "lyrics " + where + " needs people, places and objects");
        }
        theme.actions = strings(*t, "actions");
        v.themes.push_back(std::move(theme));
    }
    for (const auto& path : toml_files(dir / "moods")) {
        auto t = parse_file(path);
        if (!t) return tl::unexpected(t.error());
        Mood mood;
        mood.name = path.stem().string();
        mood.moods = strings(*t, "moods");
        mood.nouns = strings(*t, "nouns");
        mood.adjectives = strings(*t, "adjectives");
        mood.lines = strings(*t, "lines");
        mood.fillers = strings(*t, "fillers");
        for (const char* stage : {"verse", "chorus"}) {
            for (const auto& text : strings(*t, stage)) {
                auto c = read_couplet(text, "moods/" + path.filename().string());
                if (!c) return tl::unexpected(c.error());
                mood.couplets[stage].push_back(std::move(*c));
            }
        }
        v.moods.push_back(std::move(mood));
    }
    for (const auto& path : toml_files(dir / "couplets")) {
        auto t = parse_file(path);
        if (!t) return tl::unexpected(t.error());
        const std::string name = path.stem().string();
        const std::string where = "couplets/" + path.filename().string();
        if (!v.theme(name)) return fail(Errc::invalid_argument, "lyrics " + where + " names no theme");
        auto& stages = v.couplets[name];
        // [pictured]: couplets with a picture of their own, by the same stages.
        const toml::table* pictured = (*t)["pictured"].as_table();
        for (const char* stage : {"verse1", "verse2", "verse3", "bridge", "chorus"}) {
            for (const auto& text : strings(*t, stage)) {
                auto c = read_couplet(text, where);
                if (!c) return tl::unexpected(c.error());
                stages[stage].push_back(std::move(*c));
            }
            for (const auto& text : pictured ? strings(*pictured, stage) : std::vector<std::string>{}) {
                auto c = read_couplet(text, where + " [pictured]");
                if (!c) return tl::unexpected(c.error());
                c->pictured = true;
                stages[stage].push_back(std::move(*c));
            }
        }
    }
    for (const auto& [stage, list] : v.stages) {
        if (auto st = check_patterns(list, "templates.toml " + stage); !st) return tl::unexpected(st.error());
    }
    for (const auto& [kind, list] : v.hooks) {
        if (auto st = check_patterns(list, "templates.toml hooks_" + kind); !st) return tl::unexpected(st.error());
    }
    if (auto st = check_patterns(v.lines, "templates.toml lines"); !st) return tl::unexpected(st.error());
    for (const auto& m : v.moods) {
        if (auto st = check_patterns(m.lines, "moods/" + m.name + ".toml"); !st) return tl::unexpected(st.error());
    }
    if (v.lines.empty() || v.themes.empty() || v.moods.empty() || v.stages["chorus"].empty() ||
        v.hooks["any"].empty()) {
        return fail(Errc::invalid_argument,
                    "the lyrics vocabulary needs lines, chorus lines, hooks, themes and moods");
    }
    return v;
}

}  // namespace omg::lyrics
