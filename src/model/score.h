// Score: the composed arrangement, as timed MIDI-like events per instrument track.
//
// Output of composition; input of rendering and of the MIDI writer. Times are in ticks at
// `ppq` ticks per quarter note; the tempo is `tempo_qpm` from tick 0, changed at `tempo_changes`
// (model/tempo_map.h; none: one constant tempo), and every tick <-> seconds conversion goes
// through the map (`seconds_at`, `seconds_between`, `ticks_at`). `duration_s` is the exact length
// of the finished track, which the renderer and master honour to the sample. A song with words
// has a vocal part (`vocal`, model/vocal.h): its track's notes carry the syllables. `hits` are the
// hit points asked for (model/hit.h), each where it landed or why it could not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/hit.h"
#include "model/mix.h"
#include "model/tempo_map.h"
#include "model/theory.h"
#include "model/vocal.h"

namespace omg::model {

inline constexpr int kPpq = 480;
inline constexpr int kDrumChannel = 9;

struct Note {
    int64_t tick = 0;      // onset
    int64_t duration = 0;  // ticks, > 0
    int key = 60;          // MIDI key 0..127
    int velocity = 80;     // 1..127
    bool operator==(const Note&) const = default;
};

struct ControlChange {
    int64_t tick = 0;
    int controller = 0;  // 0..127 (7 volume, 10 pan, 11 expression, 64 sustain, 91 reverb, 93 chorus)
    int value = 0;       // 0..127
    bool operator==(const ControlChange&) const = default;
};

struct Track {
    std::string name;   // "Trumpet", "Drums"
    std::string role;   // lead, counter, chords, bass, pad, arp, colour, drums
    int channel = 0;    // 0..15, 9 for drums
    int program = 0;    // GM program 0..127 (for drums, the kit preset number)
    int bank = 0;       // 128 for drum kits
    bool drums = false;
    int volume = 100;   // CC7
    int pan = 64;       // CC10
    int reverb = 40;    // CC91
    int chorus = 0;     // CC93
    double level_db = 0;  // the style's trim on the level the renderer gives this role
    std::vector<Note> notes;            // sorted by tick
    std::vector<ControlChange> controls;  // sorted by tick
    bool operator==(const Track&) const = default;
};

struct SectionMark {
    std::string name;      // "Verse 1", "Chorus 2", "Trio"
    std::string kind;      // the style's section kind: intro, verse, chorus, A, trio ...
    int64_t start_tick = 0;
    int bars = 0;
    double start_s = 0;
    double energy = 0.5;
    int transpose = 0;     // semitones from the home key (a finale a step higher)
    bool operator==(const SectionMark&) const = default;
};

struct ChordMark {
    int64_t tick = 0;
    int64_t duration = 0;
    std::string symbol;  // "Dm7", "G7", "C/E"
    std::string roman;   // as written in the style: "ii7", "V7", "I/^3"
    std::vector<int> tones;  // pitch classes of the chord, root first (empty for N.C.)
    bool operator==(const ChordMark&) const = default;
};

struct Score {
    int ppq = kPpq;
    double tempo_qpm = 120;   // quarter notes per minute at tick 0 (the MIDI tempo)
    std::vector<TempoChange> tempo_changes;  // later tempos (model/tempo_map.h); empty: constant
    double tempo_bpm = 120;   // felt beats per minute, as in the Brief
    TimeSignature time_signature;
    Key key;
    double duration_s = 0;    // exact length of the finished track
    int bars = 0;             // bars of music before the final tail
    std::vector<Track> tracks;
    std::vector<SectionMark> sections;
    std::vector<ChordMark> chords;
    MixSpec mix;              // the style's room and bus EQ
    VocalPart vocal;          // the sung words on the vocal track (empty: instrumental)
    std::vector<HitMark> hits;  // the hit points asked for, met or not (model/hit.h)
    bool operator==(const Score&) const = default;

    TempoView tempo() const { return TempoView{ppq, tempo_qpm, tempo_changes}; }
    double seconds_at(int64_t tick) const { return tempo().seconds_at(tick); }
    double seconds_between(int64_t tick, int64_t duration) const { return tempo().seconds_between(tick, duration); }
    double ticks_at(double seconds) const { return tempo().ticks_at(seconds); }
    double qpm_at(int64_t tick) const { return tempo().qpm_at(tick); }
    int64_t ticks_per_bar() const {
        return static_cast<int64_t>(time_signature.bar_quarters() * ppq + 0.5);
    }
};

}  // namespace omg::model
