// Headroom for the tune: the chordal parts (chords, pads, arpeggios) voiced below the lead.
//
// An arranger keeps the melody the top voice: a chord tone that would sound at or above the lead,
// or crowd it from just below, drops by octaves until it sits at least `kLeadRoom` semitones under
// every lead note it sounds with; a tone that would fall below the part's floor (where it muddies
// the bass) is left out, the rest of the chord still sounding. Runs on the written notes, before
// humanisation. Deterministic; no shared state.
#pragma once

#include "model/score.h"

namespace omg::compose {

inline constexpr int kLeadRoom = 3;  // a minor third of air under the tune
inline constexpr int kLowestUnderLead = 43;  // G2: lower, a chord tone muddies the bass

// True for the roles voiced under the lead.
bool sits_under_lead(const model::Track& track);

// Moves `part`'s notes under `lead` (both sorted by tick); `floor` is the lowest key a moved
// note may take.
void voice_below_lead(const model::Track& lead, model::Track& part, int floor);

}  // namespace omg::compose
