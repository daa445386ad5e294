// Vocal: the words a song sings and where each syllable sits on the melody.
//
// Two halves. `SungText` is the text side: the lyrics' sections (tag and role, in the order the
// user or the writer gave them) of lines of words of syllables, split by the singing voice's own
// front end (its lexicon, never spelling). `phones` and `labels` belong to that front end: compose
// never reads them, the voice reads them back when it sings (one label per phone, no times).
//
// `VocalPart` is the Score side: every sung syllable, in singing order, with the notes it is sung on
// (one note, or several for a melisma: the vowel held across them, each note its own pitch). Those
// notes are also the notes of the vocal Track (`track`), so MIDI, stems and the renderer see an
// ordinary part. `lines` gives each sung line's time span and text (LRC, WebVTT, karaoke); `dropped`
// lists what could not be sung, with the reason. An empty VocalPart (track < 0) means instrumental.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace omg::model {

// How the composer lays a sung song out around its lines, by the length of a bar in seconds:
// the intro and outro it adds, an instrumental break's length, and the fewest whole bars a line
// takes (a line lasts at least 2.5 s). compose/song_form lays songs out by it and lyrics/form
// sizes the shapes it writes by it, so the two agree.
struct SungLayout {
    int intro_bars = 4, outro_bars = 2, break_bars = 4, min_bars_per_line = 2;
};
inline SungLayout sung_layout(double bar_s) {
    SungLayout l;
    l.intro_bars = bar_s < 1.2 ? 8 : (bar_s <= 2.5 ? 4 : 2);
    l.outro_bars = bar_s < 1.2 ? 4 : 2;
    l.break_bars = bar_s < 1.2 ? 8 : 4;
    l.min_bars_per_line = 1;
    while (l.min_bars_per_line < 8 && l.min_bars_per_line * bar_s < 2.5) l.min_bars_per_line *= 2;
    return l;
}

struct Syllable {
    std::string text;       // the spelling shown for it: "jug", "gling"; a one-syllable word whole
    bool stressed = false;  // lexical stress (primary or secondary) in the front end's lexicon
    std::vector<std::string> phones;  // the front end's phone names, onset to coda
    std::vector<std::string> labels;  // one context label per phone, as the front end made it
    bool operator==(const Syllable&) const = default;
};

struct LyricWord {
    std::string text;  // as written, punctuation stripped
    std::vector<Syllable> syllables;  // at least one
    bool operator==(const LyricWord&) const = default;
};

struct LyricLine {
    std::string text;  // the line as written (shown in LRC/VTT and the studio)
    std::vector<LyricWord> words;
    // The front end's labels for the pauses around the line (before, after); the voice's own data.
    std::vector<std::string> pause_labels;
    bool operator==(const LyricLine&) const = default;
};

struct LyricSection {
    std::string tag;   // as shown: "Verse 1", "Chorus"
    std::string role;  // intro | verse | pre-chorus | chorus | bridge | instrumental | outro
    std::string note;  // the tag's comment: "anthemic" in "[Chorus - anthemic]"
    std::vector<LyricLine> lines;  // empty for instrumental sections
    bool operator==(const LyricSection&) const = default;
};

struct SungText {
    std::string voice;  // the voice whose front end split it ("slt")
    std::vector<LyricSection> sections;
    bool operator==(const SungText&) const = default;
};

// A syllable of SungText placed on the melody.
struct SungSyllable {
    int section = 0, line = 0, word = 0, syllable = 0;  // indices into SungText
    std::vector<int> notes;     // indices into the vocal Track's notes, in order, at least one
    bool phrase_start = false;  // first syllable after a rest: the singer breathes before it
    bool operator==(const SungSyllable&) const = default;
};

struct SungLineSpan {
    int section = 0, line = 0;
    int64_t start_tick = 0, end_tick = 0;
    std::string text;
    bool operator==(const SungLineSpan&) const = default;
};

struct VocalPart {
    int track = -1;  // index into Score::tracks; -1 = no vocal
    SungText text;
    std::vector<SungSyllable> syllables;
    std::vector<SungLineSpan> lines;
    std::vector<std::string> dropped;  // "Verse 3 (4 lines): no room in a 30 s song"
    bool operator==(const VocalPart&) const = default;
    bool empty() const { return track < 0; }
};

}  // namespace omg::model
