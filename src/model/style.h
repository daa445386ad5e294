// Style: one musical style of the library, as read from styles/<id>.toml.
//
// Plain data; the meaning of every field and the pattern language are in docs/style-format.md.
// Styles are data, not code: the composer reads these values and never names a style.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/mix.h"
#include "model/theory.h"

namespace omg::model {

struct MelodySpec {
    double density = 1.0;      // average notes per beat
    double leap = 0.25;        // share of intervals of a third or more
    double chromatic = 0.05;   // share of chromatic neighbour and passing notes
    double syncopation = 0.1;  // share of onsets off the beat
    double rest = 0.1;         // share of silence inside phrases
    int phrase_bars = 4;       // 2, 4 or 8
    std::string scale = "mode";         // mode | pentatonic | blues
    std::vector<std::string> rhythms;   // one-bar rhythm cells: x onset, . hold, _ rest
    bool operator==(const MelodySpec&) const = default;
};

struct PartSpec {
    std::string role;   // lead | counter | chords | bass | pad | arp | colour | drums
    std::string name;   // "Trumpet", "Rhythm guitar L"
    int program = 0;    // GM program, 0-based; for drums the kit number (bank 128)
    std::vector<int> alternatives;
    int low = 36;       // range, MIDI keys
    int high = 96;
    int volume = 100;   // CC7
    int pan = 0;        // -64 (left) .. +63 (right)
    int reverb = 40;    // CC91
    int chorus = 0;     // CC93
    double level_db = 0;  // trim (dB) on the level the renderer gives the part's role
    double articulation = 0.85;  // sounding share of the written length
    std::string voicing = "close";  // close | open | spread | power | shell | rootless | octave | unison
    int voices = 3;                 // notes per chord for chord voicings
    std::string doubles;            // role this part doubles (colour parts), e.g. "lead"
    int transpose = 0;              // semitones, for doubling parts
    int offset_ms = 0;              // systematic timing offset (snare late = positive)
    MelodySpec melody;              // lead and counter parts
    // Pattern variants by name ("main", "chorus", "fill" ...). Pitched parts hold one grid string;
    // drums hold one string per drum key ("36 X . . . x . . .").
    std::map<std::string, std::vector<std::string>> patterns;
    bool operator==(const PartSpec&) const = default;
};

struct SectionSpec {
    double energy = 0.6;                    // 0..1
    std::vector<std::string> progressions;  // "| I | IV V |" ; one chosen per occurrence
    std::vector<std::string> parts;         // roles that play; empty = every part
    std::string variant = "main";           // pattern variant used by the parts
    int transpose = 0;                      // semitones from the home key (trio in IV = 5)
    bool fill = true;                       // drum fill in the last bar before the next section
    bool operator==(const SectionSpec&) const = default;
};

struct EndingSpec {
    double tail_s = 2.0;                 // how long the final chord rings
    std::vector<std::string> cadence = {"V7", "I"};  // the closing chords, one per bar
    bool stinger = false;                // detached tutti hit after the last downbeat
    bool fade = false;                   // fade out instead of a held chord
    // The section kinds the piece peaks on before it closes, in preference order (the first the
    // chosen form names): a fitted form's last statement before its closing section is one.
    // Empty: the piece closes as its form is written (a waltz's return to A, a jazz head out).
    std::vector<std::string> peak;
    bool operator==(const EndingSpec&) const = default;
};

struct Style {
    std::string id;           // file stem: "circus_march"
    std::string name;         // "Circus march"
    std::string description;
    std::vector<std::string> aliases;  // words and phrases that select the style
    std::vector<std::string> moods;
    // What its songs are about when a prompt asks for words but names no topic ("a pop song
    // with lyrics"): lyric topics a songwriter of the style reaches for, each naming a world the
    // built-in writer knows.
    std::vector<std::string> topics;
    double energy = 0.5;
    std::string feel = "band";  // machine | band | groove | jazz | classical | ambient
    double tempo_min = 90, tempo_max = 130, tempo_default = 110;  // felt beats per minute
    // What "slow" and "fast" mean in this style, where it differs from a musician's plain
    // slow (about 66) and fast (about 150): slow techno is still 122. 0 = not given.
    double tempo_slow = 0, tempo_fast = 0;
    // How far the tempo may move from the piece's own to land a hit point on a downbeat (a share:
    // 0.06 = 6 %): tight for dance music a DJ beat-matches, loose for rubato ballads and film.
    double tempo_flex = 0.04;
    std::vector<TimeSignature> meters = {TimeSignature{}};        // first = default
    double swing = 0.5;        // 0.5 straight .. 0.75
    int swing_unit = 8;        // 8 or 16
    // Compound metres' lilt: the first 8th of each dotted-quarter beat is longer by this share of
    // the beat, taken from the second (a jig's long-short-medium). 0 = even threes.
    double lilt = 0;
    std::vector<int> tonics;   // pitch classes the style likes
    Mode mode = Mode::major;
    std::vector<Mode> modes;   // modes that suit it
    EndingSpec ending;
    std::vector<std::string> forms;               // "intro:4 [verse:8 chorus:8] outro:4"
    std::map<std::string, SectionSpec> sections;  // by kind
    std::vector<PartSpec> parts;
    MixSpec mix;
    bool operator==(const Style&) const = default;
};

struct StyleLibrary {
    std::vector<Style> styles;  // sorted by id
    const Style* find(std::string_view id) const {
        for (const auto& s : styles)
            if (s.id == id) return &s;
        return nullptr;
    }
};

}  // namespace omg::model
