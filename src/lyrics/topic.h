// Internal to the built-in writer: what a topic is about, read from its own words.
//
// `read_topic` splits any English topic into the phrase a hook can sing ("the lighthouse keeper
// misses the sea"), shorter forms of it, the topic's own nouns, people and actions ("miss the
// sea"), and picks up to two vocabulary themes whose keywords the topic names. `World` is the
// union the lines draw from: the topic's own words first, then its themes'. Pure and
// deterministic.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lyrics/vocabulary.h"

namespace omg::lyrics {

struct Topic {
    std::string phrase;                 // the topic as a singable phrase, lower case
    std::string kind = "np";            // "np", "ing" (gerund phrase) or "clause"
    std::vector<std::string> phrases;   // phrase, then shorter forms, longest first
    std::vector<std::string> nouns;     // the topic's nouns and compounds ("lighthouse keeper")
    std::vector<std::string> people;    // those of them that are people
    std::vector<std::string> places;    // those that can be a place ("circus")
    std::vector<std::string> actions;   // base form, sung after "I" ("miss the sea")
    std::vector<std::string> adjectives;
    // The topic's nouns by the slot type they fill: the vocabulary's type when a theme lists the
    // word (or its head: "lighthouse keeper" -> person), else read from the topic; singular.
    std::map<NounType, std::vector<std::string>> typed;
    std::set<std::string> words;        // every content word of the topic, and its stems
    std::vector<const Theme*> themes;   // best first; never empty when the vocabulary has "life"
};

Topic read_topic(const std::string& text, const Vocabulary& vocabulary);

// The topic's world: what slots are filled from. Topic items come first in each list.
struct World {
    std::map<NounType, std::vector<std::string>> typed;       // slot pools, topic items first
    std::map<NounType, std::vector<std::string>> adjectives_for;  // adjectives that suit each type
    // A noun's own adjectives: those its themes list for its type (a theme's "mossy" for its
    // meadow, never for another theme's dance floor).
    std::map<std::string, std::vector<std::string>> adjectives_of;
    std::vector<std::string> people, places, nouns, adjectives, actions;  // flat views
    std::vector<std::string> topic_items;  // every item that came from the topic itself
    std::set<std::string> words;           // every word of the world (topic and themes)
};

World make_world(const Topic& topic, const std::vector<std::string>& mood_adjectives);

// "torches" -> "torch", "stories" -> "story" (a heuristic).
std::string singular(const std::string& word);

// "juggle the flame" -> "juggling the flame"; "miss" -> "missing".
std::string gerund(const std::string& action);
// "juggling" -> "juggle", "misses" -> "miss" (a heuristic for topic words).
std::string base_of_gerund(const std::string& word);
std::string base_of_third_person(const std::string& word);

}  // namespace omg::lyrics
