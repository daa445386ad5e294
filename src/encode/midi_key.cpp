#include "encode/midi_key.h"

namespace omg::encode {
namespace {

// Where a mode's tonic sits in its parent major scale, in semitones.
int offset_in_parent_major(model::Mode mode) {
    switch (mode) {
        case model::Mode::major: return 0;
        case model::Mode::dorian: return 2;
        case model::Mode::phrygian: return 4;
        case model::Mode::lydian: return 5;
        case model::Mode::mixolydian: return 7;
        case model::Mode::minor:
        case model::Mode::harmonic_minor: return 9;
        case model::Mode::locrian: return 11;
    }
    return 0;
}

}  // namespace

KeySignature key_signature(const model::Key& key) {
    // Sharps of each major key by tonic pitch class, preferring fewer accidentals.
    static const int kMajorSharps[12] = {0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5};
    const int tonic = ((key.tonic % 12) + 12) % 12;
    const int parent = ((tonic - offset_in_parent_major(key.mode)) % 12 + 12) % 12;
    int sharps = kMajorSharps[parent];
    // F# major or Gb major: follow how the tonic itself is spelled.
    if (parent == 6 && model::pitch_class_name(tonic, key.mode).find('b') != std::string::npos) {
        sharps = -6;
    }
    return {sharps, model::mode_is_minor(key.mode)};
}

model::Key key_from_signature(const KeySignature& signature) {
    const int major_tonic = (((signature.sharps * 7) % 12) + 12) % 12;  // a fifth per sharp
    if (signature.minor) return {(major_tonic + 9) % 12, model::Mode::minor};
    return {major_tonic, model::Mode::major};
}

}  // namespace omg::encode
