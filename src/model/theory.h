// Music-theory vocabulary shared by every stage: pitch classes, modes, time signatures.
//
// Pure functions over small values; no I/O; thread-safe. Pitch classes are 0..11 with C = 0.
// MIDI keys follow the GM convention C4 = 60.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace omg::model {

enum class Mode {
    major,           // Ionian
    minor,           // natural minor (Aeolian); V and vii° borrow the raised 7th
    dorian,
    phrygian,
    lydian,
    mixolydian,
    harmonic_minor,
    locrian,
};

// Semitone offsets of the seven scale degrees of a mode, from its tonic.
const std::array<int, 7>& mode_intervals(Mode mode);
std::string_view mode_name(Mode mode);                 // "major", "minor", "dorian" ...
std::optional<Mode> parse_mode(std::string_view name);  // accepts "aeolian", "ionian" too
// True if the mode's third is minor (minor, dorian, phrygian, harmonic minor, locrian).
bool mode_is_minor(Mode mode);

// "C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B": the spelling a musician
// expects for the key of the given pitch class in the given mode.
std::string pitch_class_name(int pc, Mode mode = Mode::major);
// Parses "C", "c#", "Eb", "E flat", "F sharp", "Bb" ... into a pitch class.
std::optional<int> parse_pitch_class(std::string_view name);

struct Key {
    int tonic = 0;  // pitch class
    Mode mode = Mode::major;
    bool operator==(const Key&) const = default;
};
// Parses "D minor", "Eb major", "F# dorian", "Am", "C". Mode defaults to major.
std::optional<Key> parse_key(std::string_view text);
std::string key_name(const Key& key);  // "D minor"

struct TimeSignature {
    int numerator = 4;
    int denominator = 4;
    bool operator==(const TimeSignature&) const = default;

    // Compound metres (6/8, 9/8, 12/8) are felt in dotted quarters.
    bool compound() const { return denominator == 8 && numerator % 3 == 0 && numerator > 3; }
    // Felt beats per bar: 6/8 -> 2, 12/8 -> 4, 3/4 -> 3.
    int beats_per_bar() const { return compound() ? numerator / 3 : numerator; }
    // Length of the felt beat in quarter notes: 6/8 -> 1.5, 2/2 -> 2, 4/4 -> 1.
    double beat_quarters() const {
        return compound() ? 1.5 : 4.0 / static_cast<double>(denominator);
    }
    double bar_quarters() const { return numerator * 4.0 / static_cast<double>(denominator); }
    std::string text() const;
};
// Parses "3/4", "6/8", "4/4" (denominators 2, 4, 8, 16; numerators 1..16).
std::optional<TimeSignature> parse_time_signature(std::string_view text);

// True if MIDI key `key` belongs to the scale of `tonic`/`mode`.
bool in_scale(int key, int tonic, Mode mode);

}  // namespace omg::model
