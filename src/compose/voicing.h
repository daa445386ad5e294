// Voicings: concrete MIDI keys for a chord inside a part's range, voice-led from the previous
// voicing (least total motion, styles.md §1.2) and kept under the melody's register.
#pragma once

#include <string_view>
#include <vector>

#include "compose/chord.h"

namespace omg::compose {

struct VoicingRequest {
    std::string_view type = "close";  // close | open | spread | power | shell | rootless | octave | unison
    int voices = 3;
    int low = 48;
    int high = 76;
};

// Ascending MIDI keys. `previous` may be empty (first chord: centred in the range).
std::vector<int> voice_chord(const Chord& chord, const VoicingRequest& request,
                             const std::vector<int>& previous);

// The key of pitch class `pc` nearest to `near`, folded into [low, high] by octaves.
int nearest_key(int pc, int near, int low, int high);

}  // namespace omg::compose
