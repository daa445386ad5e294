// Phrase matching: finds the words of the lexicon (style aliases, instruments, moods, energy,
// tempo and metre words, negations) in a token stream.
//
// At each position the longest phrase wins ("drum and bass" beats "drum", "circus march"
// beats "march"); when the same words carry several senses ("upbeat" is a mood, an energy word
// and a tempo word) every sense applies. The last word of a phrase may be plural ("violins",
// "shanties"); an exact spelling beats a plural reading ("voices" is a choir, not vocals).
// Negation ("no drums", "without any bass or piano", "not too fast") marks what it covers.
// Deterministic; a Lexicon is immutable once built and safe to share between threads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/style.h"
#include "prompt/text.h"

namespace omg::prompt {

enum class Sense {
    style,
    instrument,
    mood,
    energy,
    tempo,
    metre,
    negation,
    exclusion,
    intensifier,
    occasion,  // an ensemble or an occasion: "big band", "lullaby"
};

struct Mention {
    Sense sense = Sense::mood;
    size_t index = 0;  // style: index in the library; others: index in their table
    std::string mood;  // Sense::mood: the canonical mood
    size_t first = 0;  // token span [first, last), a preceding intensifier included
    size_t last = 0;
    bool negated = false;  // inside "no ...", "not ...", or "drum-free"
    bool shared = false;   // a style alias that also means something else ("piano", "chill")
    double intensity = 1;  // set by a preceding "very" (2) or "slightly" (0.5)
};

class Lexicon {
public:
    explicit Lexicon(const model::StyleLibrary& styles);

    struct Entry {
        std::vector<std::string> words;
        Sense sense = Sense::mood;
        size_t index = 0;
        std::string mood;
    };

    // Entries of the longest phrase starting at token `at` over tokens not in `used`.
    std::vector<const Entry*> longest_at(const std::vector<Token>& tokens,
                                         const std::vector<bool>& used, size_t at,
                                         size_t* length) const;
    // True if a phrase of the given sense starts at `at`.
    bool starts(const std::vector<Token>& tokens, const std::vector<bool>& used, size_t at,
                Sense sense) const;
    // Entries of the one-word phrase `word` (plural allowed).
    std::vector<const Entry*> single_word(std::string_view word) const;
    // The vocabulary's canonical mood for a mood word ("melancholy" -> "melancholic"); the word
    // itself (ASCII lower case) when it is not in the vocabulary.
    std::string canonical_mood(std::string_view word) const;

private:
    void add(std::string_view phrase, Sense sense, size_t index, std::string_view mood = {});
    // Whether the phrase (a phrase_key) is already a tempo, instrument, metre ... word.
    bool has_other_sense(const std::string& key) const;

    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::vector<size_t>> by_first_word_;
    std::unordered_map<std::string, std::string> mood_of_phrase_;
};

// Scans the tokens not yet `used`, marks the ones it matches and returns what they mean, in
// prompt order. Linear in the number of tokens.
std::vector<Mention> scan_phrases(const std::vector<Token>& tokens, std::vector<bool>& used,
                                  const Lexicon& lexicon);

}  // namespace omg::prompt
