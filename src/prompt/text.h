// Text handling for prompt understanding: byte-safe tokenising of untrusted text.
//
// The prompt is arbitrary bytes. Tokenising is one linear pass; lower-casing is ASCII-only;
// invalid UTF-8, control characters and invisible Unicode marks separate tokens and never end
// up inside one, so every token's text is valid UTF-8. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace omg::prompt {

struct Token {
    enum class Kind { word, number, punct };
    Kind kind = Kind::word;
    // ASCII lower case; '♯'/'♭' after a letter become '#'/'b'; '&' and '+' become "and".
    std::string text;
    size_t begin = 0;  // byte span [begin, end) in the prompt
    size_t end = 0;
    bool glued = false;              // nothing at all between this token and the previous one
    bool hyphen_before = false;      // joined to the previous token by '-', '_' or a dash
    bool apostrophe_before = false;  // an apostrophe or quote mark right before it ('80s)
    double value = 0;                // numbers only; capped at 1e9
    bool operator==(const Token&) const = default;
};

// Splits text into words ("don't", "f#", "café"), numbers ("140", "92.5") and punctuation
// (",", "/", ":" ...). Letters and digits split ("140bpm" -> 140 bpm); hyphens and underscores
// separate ("synth-pop" -> synth pop) and are recorded in `hyphen_before`.
std::vector<Token> tokenize(std::string_view text);

// Characters in the text: UTF-8 code points, each invalid byte counting as one.
size_t count_characters(std::string_view text);
// True if the text holds nothing but whitespace, control characters and invisible marks.
bool is_blank(std::string_view text);
// ASCII-only lower case; other bytes are copied unchanged.
std::string ascii_lower(std::string_view text);

// Punctuation that ends a clause: , ; . ! ? ( ) [ ] { } |
bool is_clause_break(const Token& token);

// The prompt's own words for tokens [first, last): their original spellings joined by the
// plain ASCII text between them (a single space where that text was anything else).
std::string original_words(std::string_view prompt, const std::vector<Token>& tokens, size_t first,
                           size_t last);

}  // namespace omg::prompt
