// Bus EQ: a style's tone on the whole mix, as three fixed-frequency bands (model::MixSpec):
// a low shelf at 60 Hz (sub bass), a bell at 3.2 kHz spanning about 2-5 kHz (presence, the
// harshness of distorted guitars) and a high shelf at 8 kHz (brightness). Biquads after the RBJ
// Audio EQ Cookbook, run in double precision; a band at 0 dB is skipped, so a style without EQ
// renders exactly as before.
// Deterministic; linear, so stems EQ'd one by one still sum to the EQ'd mix; thread-safe for
// distinct buffers.
#pragma once

#include "model/mix.h"
#include "model/pcm.h"

namespace omg::render {

// Filters interleaved stereo `pcm` in place.
void apply_bus_eq(const model::MixSpec& mix, model::Pcm& pcm);

}  // namespace omg::render
