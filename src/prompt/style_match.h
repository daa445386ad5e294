// Choosing the style: named by an alias, else by an ensemble or occasion ("string quartet",
// "lullaby": the first whose style is in the library), else guessed from the moods,
// instruments, decade and metre of the prompt, else the default ("pop"). A guess scores 2 per mood the style
// lists, 1 per mood of the same family, 2.5 / 1.5 per instrument hint, 1 per decade or metre
// hint; ties go to the style whose energy and tempo fit the prompt best, then to the default.
//
// Among several named styles the longest alias wins ("lofi hip hop" over "hip hop"), and an
// alias that also means something else, an instrument, a mood or a metre ("piano", "chill"),
// counts less than a plain genre word ("meditation"); ties go to the first named. Deterministic;
// pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "model/style.h"
#include "prompt/phrases.h"

namespace omg::prompt {

struct StyleClues {
    std::vector<Mention> aliases;     // style mentions, not negated, prompt order
    std::vector<std::string> moods;   // canonical moods
    std::vector<size_t> instruments;  // wanted instruments (instrument_table indices)
    std::vector<int> decades;         // 1980 ...
    std::optional<model::TimeSignature> metre;
    double energy_shift = 0;     // sum of the energy words
    std::optional<double> bpm;   // a tempo in numbers or an Italian marking
    double tempo_feel = 0;       // a musician's tempo from words ("slow" 66); 0 when none
    std::vector<Mention> occasions;  // ensembles and occasions ("big band", "lullaby")
};

struct StyleChoice {
    size_t index = 0;                  // in the library
    std::optional<Mention> alias;      // the words that named it, if any
    std::string reason;                // why, when guessed
    std::vector<Mention> passed_over;  // aliases of other styles, also named
};

// The default style id when nothing points anywhere.
inline constexpr const char* kDefaultStyle = "pop";

// `styles` must not be empty.
StyleChoice choose_style(const model::StyleLibrary& styles, const StyleClues& clues,
                         const Lexicon& lexicon);

}  // namespace omg::prompt
