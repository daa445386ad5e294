// Internal to the built-in writer: lines sung from the written couplets of the topic's world.
//
// A song has a cast read from its topic: who ({who}), where ({where}), what ({what}) and the
// action ({do}, {doing}), each with its spellings longest first ("the lighthouse keeper", "the
// keeper"), the topic's own words before its world's own (never "life"'s, the world every topic
// shares: a topic with no world of its own takes a neutral cast, "my friend", "this town"). A
// CoupletWriter renders the couplets of the topic's themes (then the "life" couplets every topic
// can use, but for the pictured ones where the topic has a world of its own) for a story stage: it fills
// the slots and keeps or drops the parenthesised words so that each line lands on its syllable
// target, and takes a couplet only when both lines scan within the tolerance and rhyme by
// pronunciation. No couplet is sung twice in a song. Deterministic for a given Rng state.
#pragma once

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

struct CastItem {
    std::string text;        // "the lighthouse keeper"
    bool from_topic = false;
};

struct Cast {
    std::vector<CastItem> who, where, what, act;  // act: base form ("juggle fire")
};

// `text` is the topic as the user wrote it (for "my" before a noun).
Cast make_cast(const Topic& topic, const std::string& text);

struct Written {
    std::string text;
    int syllables = 0;
    bool topic = false;  // sings the topic's own words
};

class CoupletWriter {
public:
    // `mood`'s couplets come before the themes' when `mood_first` (the user asked for the mood),
    // else after them, before "life"'s.
    CoupletWriter(const Topic& topic, const std::string& topic_text, const Vocabulary& vocabulary,
                  Pronouncer& pronouncer, Rng& rng, const Mood* mood = nullptr, bool mood_first = false);

    // A fresh couplet of `stage` ("verse1" ... "chorus") scanning on the two targets within
    // `tolerance`; `want_topic` takes one that sings the topic's words or its world's keywords
    // when there is one, and is cleared when it does.
    std::optional<std::pair<std::string, std::string>> couplet(const std::string& stage, int target_a,
                                                               int target_b, int tolerance, bool& want_topic,
                                                               const std::set<std::string>& avoid);
    // Four short lines from one couplet, each of its lines cut in two at a natural break: the
    // second and fourth lines rhyme (ABCB), for phrases too short for a whole written line.
    std::optional<std::vector<std::string>> quatrain(const std::string& stage, const std::vector<int>& targets,
                                                     int tolerance, bool& want_topic,
                                                     const std::set<std::string>& avoid);
    // A written line that rhymes with `partner` (a line kept as it is), for refining one line.
    std::optional<std::string> partner(const std::string& stage, const std::string& partner, int target,
                                       int tolerance, const std::set<std::string>& avoid);
    // One line that needs no rhyme: the first line of a fresh couplet.
    std::optional<std::string> single(const std::string& stage, int target, int tolerance,
                                      const std::set<std::string>& avoid);

    // The couplets sung so far, to undo a section that could not be finished.
    std::set<std::string> used() const { return used_; }
    void restore(std::set<std::string> used) { used_ = std::move(used); }

    const Cast& cast() const { return cast_; }

private:
    // The stage's couplets, the topic's themes first then "life", each group in a seeded order.
    std::vector<const Couplet*> pool(const std::string& stage);
    Written render(const std::string& line, int target);

    const Topic& topic_;
    const Vocabulary& vocab_;
    const Mood* mood_;
    bool mood_first_;
    Pronouncer& p_;
    Rng& rng_;
    Cast cast_;
    std::set<std::string> used_;  // the first line of every couplet sung, as written
    std::set<std::string> world_words_;  // the keywords of the topic's themes
};

// `line` cut at the word boundary that best gives two phrases of `first` and `second`
// syllables, never after an article, a preposition or a pronoun; the second part capitalised.
std::optional<std::pair<std::string, std::string>> split_line(const std::string& line, int first, int second,
                                                              Pronouncer& pronouncer);

// The stage a section's couplets come from: verse 1, 2, 3+ ("verse3"), bridge, chorus.
std::string stage_of(bool chorus, bool bridge, int verse_no);

}  // namespace omg::lyrics
