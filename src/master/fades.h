// Fades: raised-cosine gain ramps at the start and end of a track, in place.
#pragma once

#include "model/pcm.h"

namespace omg::master {

// Fades in over the first `in_s` seconds and out over the last `out_s` seconds; each is
// clamped to the length of the audio. Zero means no fade.
void apply_fades(model::Pcm& pcm, double in_s, double out_s);

}  // namespace omg::master
