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

}  // namespace

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
    for (const char* kind : {"any", "np", "ing", "clause"}) {
        v.hooks[kind] = strings(*root, std::string("hooks_") + kind);
    }
    v.common = strings(*root, "common");
    v.verbs = strings(*root, "verbs");
    v.known_adjectives = strings(*root, "adjectives");
    for (const auto& path : toml_files(dir / "themes")) {
        auto t = parse_file(path);
        if (!t) return tl::unexpected(t.error());
        Theme theme;
        theme.name = path.stem().string();
        theme.keywords = strings(*t, "keywords");
        theme.people = strings(*t, "people");
        theme.places = strings(*t, "places");
        theme.nouns = strings(*t, "nouns");
        theme.adjectives = strings(*t, "adjectives");
        theme.actions = strings(*t, "actions");
        theme.lines = strings(*t, "lines");
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
        v.moods.push_back(std::move(mood));
    }
    if (v.lines.empty() || v.themes.empty() || v.moods.empty() || v.stages["chorus"].empty() ||
        v.hooks["any"].empty()) {
        return fail(Errc::invalid_argument,
                    "the lyrics vocabulary needs lines, chorus lines, hooks, themes and moods");
    }
    return v;
}

}  // namespace omg::lyrics
