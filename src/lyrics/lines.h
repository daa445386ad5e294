// Internal to the built-in writer: one line at a time, from patterns and the topic's world.
//
// A LineMaker fills a pattern's typed slots from the World (topic items first): a word only
// fills a slot of its own type ("in the {place}" takes "the big top", never "the clown"), no line
// sings the same noun twice, and an adjective is only one the theme lists for that type. A line
// reaches its syllable target by the pattern chosen and by adjectives; a lead-in ("oh", "and
// now") may pad at most one line per section, alone. It ends on a noun with the rhyme asked
// for, and no pattern is used twice in a song. Deterministic for a given Rng state.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/rng.h"
#include "lyrics/pronunciation.h"
#include "lyrics/topic.h"
#include "lyrics/vocabulary.h"

namespace omg::lyrics {

constexpr int kTolerance = 1;  // syllables a line may miss its target by

struct Need {
    std::optional<std::string> rhyme;  // the end word's rhyme (pronounced), when it must rhyme
    bool pair_start = false;           // a later line must rhyme with this one: end on a word that has partners
    size_t min_partners = 1;           // how many words at least must rhyme with a pair's first end word
    std::set<std::string> rhyme_ends;  // last words of the lines this one rhymes with
    bool loose_rhyme = false;          // last resort: any end word when none rhymes
    bool topic = false;                // at least one slot sings the topic's own words
    bool reuse = false;                // last resort: a pattern the song already used
    std::set<std::string> avoid_ends;  // last words already used in the section
    std::set<std::string> avoid_nouns; // nouns the section has sung: others first
    std::set<std::string> avoid_lines; // lines already sung in the song
};

// How a line was made: for tests and debugging.
struct LineTrace {
    std::string pattern;  // empty for a kept line
    std::vector<std::pair<NounType, std::string>> slots;  // each typed slot and its noun
    std::vector<std::pair<NounType, std::string>> adjectives;  // each adjective and its noun's type
    std::string filler;   // the lead-in that padded the line, if any
    bool operator==(const LineTrace&) const = default;
};

class LineMaker {
public:
    LineMaker(const World& world, const Vocabulary& vocabulary, std::vector<std::string> fillers,
              Pronouncer& pronouncer, Rng& rng);

    // A new section: its one lead-in is still free.
    void begin_section() { filler_free_ = true; }
    // The patterns and adjectives sung so far, to undo a section that could not be finished.
    std::pair<std::set<std::string>, std::set<std::string>> sung_state() const { return {used_patterns_, used_adjectives_}; }
    void restore(std::pair<std::set<std::string>, std::set<std::string>> state) {
        used_patterns_ = std::move(state.first);
        used_adjectives_ = std::move(state.second);
    }
    // A line from `patterns` (unused ones first), or nullopt when none fits.
    std::optional<std::string> line(const std::vector<std::string>& patterns, int target, const Need& need);
    // The chorus's first line: the topic phrase in a hook wrapper, fitted to the target. With
    // `accept`, the best fitting hook it accepts (a two-line chorus's hook needs an answer that
    // rhymes with it), else the best.
    std::string hook(const Topic& topic, int target, const std::function<bool(const std::string&)>& accept = {});
    // A later chorus line that comes back to the topic's phrase: a line of its own, never a
    // near copy of `hook` (near_copy); the hook itself, word for word, when no other line fits.
    std::string hook_return(const Topic& topic, int target, const std::string& hook);
    // How the last line from line(), hook() or hook_return() was made.
    const LineTrace& last_trace() const { return trace_; }

    std::string rhyme_of(const std::string& line) { return p_.rhyme_of_line(line); }
    // Whether a line can end on a noun of the world (or the common ones) that rhymes with
    // `line`'s last word, another word than it.
    bool can_rhyme(const std::string& line);

private:
    struct Filled {
        std::string text;
        LineTrace trace;
    };
    std::optional<Filled> fill(const std::string& pattern, int target, const Need& need, bool rhymed);
    std::vector<std::string> end_candidates(NounType type, const Need& need);
    const std::vector<std::string>& pool(NounType type) const;
    bool repeats_noun(const std::string& line) const;
    void accept(const LineTrace& trace);  // the line is sung: its pattern and adjectives are used
    std::optional<std::string> pad(const std::string& line, int target, std::string* filler);
    std::string wrap(const Topic& topic, int target, const std::vector<std::string>& wrappers,
                     const std::string& avoid, const std::function<bool(const std::string&)>& accept = {});

    const World& world_;
    const Vocabulary& vocab_;
    std::vector<std::string> fillers_;
    Pronouncer& p_;
    Rng& rng_;
    std::set<std::string> topic_items_;
    std::set<std::string> nouns_;  // every noun word, singular: what a line may not sing twice
    std::set<std::string> used_patterns_;
    std::set<std::string> used_adjectives_;
    std::map<NounType, std::vector<std::string>> end_cache_;  // end words for the line being made
    bool filler_free_ = true;
    LineTrace trace_;
};

// "a apple" -> "an apple", "the my garden" -> "my garden", first letter upper case.
std::string tidy_line(std::string line);
// Pattern text cut into literal text and slots: "I {act} in the {place}" -> "I ", {act}, ...
struct PatternPart {
    std::string text;  // literal text, or the slot's name
    bool slot = false;
};
std::vector<PatternPart> parse_pattern(const std::string& pattern);

// Two lines that are not the same words but differ by at most two words (added, dropped or
// swapped; case and punctuation ignored) and share two words besides "oh", "and" and articles:
// "Juggling fire is all I know" / "Juggling fire, that's all I know". A chorus sings its hook
// again word for word, or a line of its own.
bool near_copy(std::string_view a, std::string_view b);

}  // namespace omg::lyrics
