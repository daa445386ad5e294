// The words prompt understanding knows besides styles and instruments: moods, energy words,
// tempo words, metre words, negations, intensifiers and the function words that are neither
// understood nor ignored. Static data; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "model/theory.h"

namespace omg::prompt {

struct MoodWord {
    std::string_view mood;                  // canonical mood, as it goes into the Brief
    std::vector<std::string_view> phrases;  // spellings and synonyms, the mood itself included
    int tonality = 0;                       // -1 suggests a minor key, +1 major, 0 neither
};
const std::vector<MoodWord>& mood_words();
// The family of a canonical mood ("joy", "sorrow", "calm", "dark", "power", "tender",
// "groove"), or "" if it has none. Moods of one family are near each other when a style is
// guessed: a "happy" prompt leans towards a "cheerful" style.
std::string_view mood_family(std::string_view mood);

struct EnergyWord {
    std::string_view phrase;
    double delta;  // added to the style's energy (before intensifiers)
};
const std::vector<EnergyWord>& energy_words();

// Tempo words mean what a musician means: "slow" is about 66 bpm whatever the style, unless
// the style says what slow means for it (`[tempo] slow`, `fast` in its file).
struct TempoWord {
    std::string_view phrase;
    double bpm = 0;   // > 0: an absolute tempo (Italian markings)
    double feel = 0;  // otherwise: a musician's tempo for the word ("slow" 66, "fast" 152);
                      // 0 = the style's default ("mid tempo")
};
const std::vector<TempoWord>& tempo_words();
// A musician's plain slow and fast, the anchors of `feel`.
inline constexpr double kPlainSlowBpm = 66;
inline constexpr double kPlainFastBpm = 152;

// Ensembles ("big band", "string quartet") and occasions ("lullaby", "workout"): a style and
// the instruments that make the sound, with what else the word implies.
struct OccasionWord {
    std::string_view phrase;
    std::string_view style;                     // style id; skipped if not in the library
    std::vector<std::string_view> instruments;  // canonical instrument names it brings
    bool no_drums = false;                      // a lullaby or a string quartet has no kit
    double tempo = 0;                           // a musician's tempo it implies; 0 = none
    double duration_s = 0;                      // a length it implies (a jingle); 0 = none
    std::string_view mood;                      // canonical mood it implies; "" = none
    std::string_view caveat;  // what the engine cannot honour, said in the Interpretation
    // The ensemble is exactly these players (a trio, a quartet): they play alone, the first of
    // them that is neither bass nor drums leading, as "solo" would have it.
    bool closed = false;
};
const std::vector<OccasionWord>& occasion_words();

// Words that make the instrument next to them carry the piece.
struct RoleWord {
    std::string_view phrase;
    bool before = true;  // "solo cello" (before) or "cello solo" (after)
    bool solo = false;   // thins the accompaniment too ("solo", "just", "only"), or not
                         // ("featuring", "lead")
};
const std::vector<RoleWord>& role_words();

struct MetreWord {
    std::string_view phrase;
    model::TimeSignature time_signature;
};
const std::vector<MetreWord>& metre_words();

// "very" 2, "slightly" 0.5: scales the energy or tempo word that follows.
struct Intensifier {
    std::string_view phrase;
    double factor;
};
const std::vector<Intensifier>& intensifiers();

// "no", "without", "minus" ...: what follows is excluded.
const std::vector<std::string_view>& negation_words();
// A single word that excludes an instrument by itself: "instrumental" -> vocals.
struct ExclusionWord {
    std::string_view phrase;
    std::string_view instrument;  // canonical instrument name
};
const std::vector<ExclusionWord>& exclusion_words();

// Words with no content of their own ("a", "the", "with", "song", "please"): never reported
// as ignored.
bool is_function_word(std::string_view word);
// Words that keep a negation going over a list: "no drums or bass", "without any piano".
bool is_connector(std::string_view word);
// Words after "80s" that make it a decade rather than 80 seconds ("80s music").
bool is_decade_context(std::string_view word);

}  // namespace omg::prompt
