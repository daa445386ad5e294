// Key signatures in Standard MIDI Files: a count of sharps (> 0) or flats (< 0) plus a minor
// flag. A mode is written with its parent major scale's signature and the minor flag when its
// third is minor (D dorian: no accidentals, minor), so players show the right accidentals;
// the exact mode travels in a "Key: D dorian" Text event for modes other than major and minor.
#pragma once

#include "model/theory.h"

namespace omg::encode {

struct KeySignature {
    int sharps = 0;  // -7 .. 7
    bool minor = false;
};

KeySignature key_signature(const model::Key& key);
// Major or (natural) minor key of a signature: what a plain SMF reader can know.
model::Key key_from_signature(const KeySignature& signature);

}  // namespace omg::encode
