// Vocabulary: the words and line patterns the built-in lyrics writer draws from.
//
// Loaded from data files in the repository (resources/lyrics): `couplets/<theme>.toml` (the
// written, rhymed couplets of a theme's world by story stage: what the writer sings first),
// `templates.toml` (line patterns by
// the part of the story they tell: verse1, verse2, verse3, bridge, chorus, prechorus; hook
// wrappers; common end nouns; a small lexicon of verbs and adjectives for reading topics),
// `themes/<name>.toml` (a topic's world: the topic words that select it, its nouns by the slot
// type they can fill (people, places, objects, nature, abstract), adjectives per type, actions) and `moods/<name>.toml` (the feel: which prompt moods it
// serves, its adjectives and line patterns). A pattern is plain text with slots (templates.toml
// lists them): typed noun slots `{place}`, `{object}`, `{person}`, `{nature}`, `{abstract}` (the
// last slot of a line is its rhyme), `{act}` ... A word has one type across every file: a word
// listed under two types, or a pattern naming an unknown slot, is a load error.
// Immutable after loading; thread-safe to read.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace omg::lyrics {

// The kinds of noun a slot asks for: a place you can be in, at or by ("the big top"); an
// object you can hold ("the torch"); a person or creature ("the clown"); a thing of the sky,
// weather or elements ("the moon", "the fire"); an abstract ("the promise").
enum class NounType { person, place, object, nature, abstract };
constexpr NounType kNounTypes[] = {NounType::person, NounType::place, NounType::object, NounType::nature,
                                   NounType::abstract};
std::string_view type_name(NounType type);                 // "person", "place" ...
std::optional<NounType> type_of_slot(std::string_view slot);  // "place", "people", "objects" ...

// A world's written lines: rhymed couplets ("line / line") by the story stage they tell
// ("verse1" sets the scene, "verse2" moves it, "verse3" lands it, "bridge" turns, "chorus"
// answers the hook). Slots name the song's cast, filled from the topic's own words first:
// {who} a person, {where} a place, {what} a thing, {do} / {doing} the action; words in
// parentheses are optional, kept or dropped to make the line scan.
// A couplet that brings a picture of its own ("There's a photograph upon the wall") is
// `pictured`: written for "life", it is sung only by a topic with no world of its own (a circus
// song hangs no photograph on the wall).
struct Couplet {
    std::string first, second;
    bool pictured = false;
    bool operator==(const Couplet&) const = default;
};
using CoupletStages = std::map<std::string, std::vector<Couplet>, std::less<>>;

struct Theme {
    std::string name;
    std::vector<std::string> keywords;  // topic words that choose this theme
    std::map<NounType, std::vector<std::string>> typed;       // place -> "big top", "ring" ...
    std::map<NounType, std::vector<std::string>> typed_adjectives;  // the adjectives each type takes
    std::vector<std::string> actions;   // base-form verb phrases sung after "I": "walk the wire"
    // Flat views: people, places, the other nouns, every adjective.
    std::vector<std::string> people, places, nouns, adjectives;
};

struct Mood {
    std::string name;
    std::vector<std::string> moods;     // prompt moods this file serves ("sad", "melancholic")
    std::vector<std::string> nouns;
    std::vector<std::string> adjectives;
    std::vector<std::string> lines;
    std::vector<std::string> fillers;   // one-syllable pads that open a line ("oh", "so")
    // Couplets in this mood (see Couplet): "verse" serves verses and bridges, "chorus" answers.
    CoupletStages couplets;
};

struct Vocabulary {
    std::vector<std::string> lines;        // general patterns, any verse
    std::map<std::string, std::vector<std::string>, std::less<>> stages;  // "verse1" -> patterns
    std::map<std::string, std::vector<std::string>, std::less<>> hooks;   // "any", "np", "ing", "clause"
    std::map<NounType, std::vector<std::string>> common_typed;  // nouns any song may use, by type
    std::vector<std::string> common;        // all of them
    std::map<std::string, NounType, std::less<>> types;  // every typed noun -> its one type
    std::vector<std::string> verbs;        // lexicon for reading topics ("miss", "misses")
    std::vector<std::string> known_adjectives;
    std::vector<std::string> stopwords;    // topic words that carry no meaning ("a", "about")
    std::vector<Theme> themes;
    std::vector<Mood> moods;
    // couplets/<theme>.toml: the written lines of a theme's world; "life" serves any topic.
    std::map<std::string, CoupletStages, std::less<>> couplets;

    const Theme* theme(std::string_view name) const;
    const Mood* mood(std::string_view name) const;
};

// Errc::not_found (no folder or no templates.toml), Errc::invalid_argument (a malformed file,
// named in the message).
Result<Vocabulary> load_vocabulary(const std::filesystem::path& dir);

}  // namespace omg::lyrics
