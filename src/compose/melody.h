// Melody, counter-melody and doubling parts.
//
// The melody is built from motifs: each section kind gets a tune (rhythm cells from the style and
// scale-step contours) in phrases of 2/4/8 bars (a a' b cadence), realised against the chords so
// strong beats carry chord tones, motion is mostly stepwise with purposeful leaps, antecedent
// phrases end open and consequent phrases on the tonic. Every repeat of a section kind replays its
// tune against the same harmony: the chorus hook returns each time.
#pragma once

#include "compose/plan.h"
#include "core/result.h"
#include "core/rng.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::compose {

Status write_melody_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                         model::Track& track, Rng& rng);

// A guide-tone line (3rds and 7ths, stepwise) that moves where the melody holds.
Status write_counter_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                          model::Track& track, Rng& rng);

// Copies another track's notes (octave doubling) in the sections where `part` plays.
void write_doubling_part(const Plan& plan, const model::PartSpec& part, const model::Track& source,
                         model::Track& track);

}  // namespace omg::compose
