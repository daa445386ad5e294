// Internal to the built-in writer: one line at a time, from patterns and the topic's world.
//
// A LineMaker fills a pattern's slots from the World (topic items first), keeps the line
// within one syllable of its target by pronunciation (a filler such as "oh" may pad a short
// one), and ends it on a noun with the rhyme asked for. Deterministic for a given Rng state.
#pragma once

#include <optional>
#include <set>
#include <string>
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
    std::set<std::string> rhyme_ends;  // last words of the lines this one rhymes with
    bool loose_rhyme = false;          // last resort: any end word when none rhymes
    bool topic = false;                // at least one slot sings the topic's own words
    std::set<std::string> avoid_ends;  // last words already used in the section
    std::set<std::string> avoid_lines; // lines already sung in the song
};

class LineMaker {
public:
    LineMaker(const World& world, const Vocabulary& vocabulary, std::vector<std::string> fillers,
              Pronouncer& pronouncer, Rng& rng);

    // A line from `patterns` (unused ones first), or nullopt when none fits.
    std::optional<std::string> line(const std::vector<std::string>& patterns, int target, const Need& need);
    // The chorus's first line: the topic phrase, shortened or wrapped to fit the target.
    std::string hook(const Topic& topic, int target);

    std::string rhyme_of(const std::string& line) { return p_.rhyme_of_line(line); }
    // `line` opened with lead-ins ("oh", "and now", ...) until it reaches `target` syllables.
    std::string pad(const std::string& line, int target);

private:
    std::optional<std::string> fill(const std::string& pattern, int target, const Need& need,
                                    const std::vector<std::string>& ends);
    std::vector<std::string> end_candidates(const Need& need);
    const std::string& pick(const std::vector<std::string>& pool, bool from_topic);

    const World& world_;
    const Vocabulary& vocab_;
    std::vector<std::string> fillers_;
    Pronouncer& p_;
    Rng& rng_;
    std::vector<std::string> ends_;  // every noun a line may end on, topic first
    std::set<std::string> topic_items_;
    std::set<std::string> used_patterns_;
};

// "a apple" -> "an apple", "the my garden" -> "my garden", first letter upper case.
std::string tidy_line(std::string line);

}  // namespace omg::lyrics
