// Lyrics: the built-in writer. Topic + prompt (style, moods) + the composed form -> lyrics.
//
//   Score.sections --plan_form--> LyricForm --write_lyrics--> Lyrics --text()--> "[Verse 1]\n..."
//
// `plan_form` turns the arrangement the engine composes for a prompt into sung sections: one
// lyric section per form section, in order ([Intro], [Verse 1], [Pre-Chorus], [Chorus],
// [Bridge], [Instrumental], [Outro]) when that form sings as a song does (it opens on a verse,
// every verse is answered by the chorus, no two choruses back to back but a final repeat, two
// verses of one length from 45 s, and it all fits the bars when sung); else the Score's bars
// re-cut into the richest song shape that fits (V C V C ... B C C), which the composer then
// follows from the lyrics' tags. Each section has as many lines as it has phrases and, per
// line, the syllables that fit the phrase at the song's tempo and energy, and a rhyme letter
// (verses AABB, short phrases ABCB, the chorus hook-answer-hook-answer).
// `write_lyrics` fills the plan with written couplets of the topic's world (couplets.h), its
// cast taken from the topic's own words: every chorus is the same text, it opens on the hook
// (the topic's phrase) and comes back to it, lines sharing a rhyme letter rhyme by
// pronunciation, and each line's syllables are within two of its target (within one for nine
// lines in ten: the tune takes the rest by melisma or a split note). `refine_lyrics` applies an instruction (a new topic,
// a mood, a section or line to rewrite, sections to keep), keeps everything else byte for byte
// and lists its changes; with no instruction it keeps the user's sections and line counts,
// keeps the lines that already fit, and rewrites those marked with a trailing " *" (or written
// as "..."), those far off their syllable target, and second lines of pairs that do not rhyme.
// Same inputs and seed -> the same text. Thread-safe given a thread-safe Pronouncer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "lyrics/pronunciation.h"
#include "lyrics/vocabulary.h"
#include "model/brief.h"
#include "model/score.h"

namespace omg::lyrics {

enum class Role { intro, verse, pre_chorus, chorus, bridge, instrumental, outro };
std::string_view role_name(Role role);  // "verse", "pre-chorus" ...
bool is_sung(Role role);

struct LineSpec {
    int syllables = 8;   // target
    char rhyme = 'A';    // lines of a section with the same letter rhyme
    bool refrain = false;  // the song's refrain line (chorus-less forms)
    bool operator==(const LineSpec&) const = default;
};

struct SectionPlan {
    std::string tag;        // "Verse 1", "Chorus"
    Role role = Role::verse;
    std::string kind;       // the form's section kind ("verse", "A", "trio")
    int bars = 0;
    double start_s = 0;
    double seconds = 0;
    std::vector<LineSpec> lines;  // empty for instrumental sections
    bool operator==(const SectionPlan&) const = default;
};

struct LyricForm {
    std::vector<SectionPlan> sections;
    double tempo_bpm = 120;
    double duration_s = 0;
    std::string style;
    std::vector<std::string> moods;
    double energy = 0.5;
    bool minor = false;
    bool operator==(const LyricForm&) const = default;
};

LyricForm plan_form(const model::Brief& brief, const model::Score& score);

struct LyricSection {
    std::string tag;
    std::vector<std::string> lines;
    bool operator==(const LyricSection&) const = default;
};

struct Lyrics {
    std::vector<LyricSection> sections;
    std::string theme;  // the vocabulary theme used
    std::string mood;   // the vocabulary mood used
    // refine_lyrics: what it changed, one sentence each ("rewrote Chorus (4 lines) for the
    // topic 'the sea'"); write_lyrics leaves it empty.
    std::vector<std::string> changes;
    bool operator==(const Lyrics&) const = default;
    // "[Verse 1]\nline\nline\n\n[Chorus]\n...": sections separated by a blank line.
    std::string text() const;
};

// Reads "[Tag]" headed text (any case, "[verse]" too); lines before the first tag form an
// untagged "Verse" section. Blank lines are dropped.
std::vector<LyricSection> parse_lyrics(const std::string& text);

struct WriteOptions {
    WriteOptions() = default;
    WriteOptions(std::string topic_, uint64_t seed_, std::string mood_ = {}, std::string instruction_ = {})
        : topic(std::move(topic_)), seed(seed_), mood(std::move(mood_)), instruction(std::move(instruction_)) {}
    std::string topic;
    uint64_t seed = 0;
    std::string mood;         // a vocabulary mood ("sad", "dark", "bright" ...) over the prompt's
    // refine_lyrics only: what to change. "make it about X" / "change the topic to X", a mood
    // ("make it sadder"), "rewrite the chorus" / "rewrite verse 2" / "rewrite line 3" /
    // "rewrite line 2 of the chorus" / "rewrite the line '...'". Empty: `topic` is read as the
    // instruction (the seed frontend sends its topic field); a plain topic that the lyrics
    // already sing polishes them, a new one rewrites them on it.
    std::string instruction;
};

// Errc::invalid_argument when the form has no sections.
Result<Lyrics> write_lyrics(const LyricForm& form, const WriteOptions& options,
                            const Vocabulary& vocabulary, Pronouncer& pronouncer);

Result<Lyrics> refine_lyrics(const std::string& current, const LyricForm& form,
                             const WriteOptions& options, const Vocabulary& vocabulary,
                             Pronouncer& pronouncer);

}  // namespace omg::lyrics
