// Vocabulary: the words and line patterns the built-in lyrics writer draws from.
//
// Loaded from data files in the repository (resources/lyrics): `templates.toml` (line patterns by
// the part of the story they tell: verse1, verse2, verse3, bridge, chorus, prechorus; hook
// wrappers; common end nouns; a small lexicon of verbs and adjectives for reading topics),
// `themes/<name>.toml` (a topic's world: the topic words that select it, its people, places,
// objects, adjectives and actions) and `moods/<name>.toml` (the feel: which prompt moods it
// serves, its adjectives and line patterns). A pattern is plain text with slots (templates.toml
// lists them): `{end}` the rhyming noun that ends the line, `{noun}`, `{place}`, `{act}` ...
// Immutable after loading; thread-safe to read.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace omg::lyrics {

struct Theme {
    std::string name;
    std::vector<std::string> keywords;  // topic words that choose this theme
    std::vector<std::string> people;    // "clown", "ringmaster"
    std::vector<std::string> places;    // "big top", "ring"
    std::vector<std::string> nouns;     // objects and images: "torch", "rope"
    std::vector<std::string> adjectives;
    std::vector<std::string> actions;   // base-form verb phrases sung after "I": "walk the wire"
    std::vector<std::string> lines;     // patterns that suit the theme
};

struct Mood {
    std::string name;
    std::vector<std::string> moods;     // prompt moods this file serves ("sad", "melancholic")
    std::vector<std::string> nouns;
    std::vector<std::string> adjectives;
    std::vector<std::string> lines;
    std::vector<std::string> fillers;   // one-syllable pads that open a line ("oh", "so")
};

struct Vocabulary {
    std::vector<std::string> lines;        // general patterns, any verse
    std::map<std::string, std::vector<std::string>, std::less<>> stages;  // "verse1" -> patterns
    std::map<std::string, std::vector<std::string>, std::less<>> hooks;   // "any", "np", "ing", "clause"
    std::vector<std::string> common;       // end nouns any song may use ("night", "home")
    std::vector<std::string> verbs;        // lexicon for reading topics ("miss", "misses")
    std::vector<std::string> known_adjectives;
    std::vector<std::string> stopwords;    // topic words that carry no meaning ("a", "about")
    std::vector<Theme> themes;
    std::vector<Mood> moods;

    const Theme* theme(std::string_view name) const;
    const Mood* mood(std::string_view name) const;
};

// Errc::not_found (no folder or no templates.toml), Errc::invalid_argument (a malformed file,
// named in the message).
Result<Vocabulary> load_vocabulary(const std::filesystem::path& dir);

}  // namespace omg::lyrics
