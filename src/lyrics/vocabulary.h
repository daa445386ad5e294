// Vocabulary: the words and line patterns the built-in lyrics writer draws from.
//
// Loaded from data files in the repository (resources/lyrics): `templates.toml` (line patterns for
// every song), `themes/<name>.toml` (what a song can be about: the topic words that select the
// theme, and its nouns and adjectives) and `moods/<name>.toml` (the feel: which prompt moods it
// serves, its own nouns, adjectives and line patterns). A pattern is plain text with slots:
// `{end}` the rhyming noun that ends the line, `{noun}` another noun, `{adj}` an adjective.
// Immutable after loading; thread-safe to read.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"

namespace omg::lyrics {

struct Theme {
    std::string name;
    std::vector<std::string> keywords;  // topic words that choose this theme
    std::vector<std::string> nouns;
    std::vector<std::string> adjectives;
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
    std::vector<std::string> lines;        // general patterns
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
