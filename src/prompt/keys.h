// Keys and modes in a prompt: "in D minor", "E flat major", "key of F#", "Am", "in A",
// "C# dorian", "d-Moll", "re menor", "si bémol majeur" (solfège only before a Spanish or French
// mode word); and modes alone: "dorian", "minor", "in a minor key".
//
// "a" is usually an article, so a bare letter counts as a tonic only after "in" / "key of",
// and a lower-case "a" before a mode word needs "in" or "key of" too ("in a minor key" is the
// minor mode, "in A minor" is A minor). Compact forms ("Am", "Bbm") need an upper-case tonic or
// a key cue, so "I am" stays English. Pure; linear in the number of tokens.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "model/theory.h"
#include "prompt/text.h"

namespace omg::prompt {

struct KeyReading {
    std::optional<int> tonic;  // pitch class
    std::optional<model::Mode> mode;
    size_t first = 0, last = 0;  // token span [first, last)
};

// Keys with a tonic. Marks their tokens in `used`.
std::vector<KeyReading> read_keys(std::string_view prompt, const std::vector<Token>& tokens,
                                  std::vector<bool>& used);
// Mode words on their own; run after the phrases so that aliases such as "minor blues" win.
std::vector<KeyReading> read_modes(const std::vector<Token>& tokens, std::vector<bool>& used);

}  // namespace omg::prompt
