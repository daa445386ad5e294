// The continuous show mix: every cue's playback (show/timeline.h) added, with its transition
// gains, into one Pcm as long as the timeline.
//
// The mix is the plain sum of its cues as placed (no limiter after it: every cue is already
// mastered to the show's loudness), so the placed cues ("show stems", each as long as the mix)
// add up to it sample for sample. `add_cue` lets a caller hold one decoded cue at a time.
// Pure, deterministic; thread-safe for distinct outputs.
#pragma once

#include <cstddef>
#include <vector>

#include "core/result.h"
#include "model/pcm.h"
#include "show/timeline.h"

namespace omg::show {

// A silent mix of the timeline's length.
model::Pcm empty_mix(const Timeline& timeline, int channels);

// Adds cue `index`'s playback of `cue` (its whole file) into `mix`. Errc::invalid_argument when
// the sample rates or channel counts differ, the file is shorter than the placement reads, or
// the mix is shorter than the timeline.
Status add_cue(model::Pcm& mix, const Timeline& timeline, size_t index, const model::Pcm& cue);

// The whole mix from every cue's file, in order.
Result<model::Pcm> mix_show(const Timeline& timeline, const std::vector<const model::Pcm*>& cues);

// Cue `index` alone as it sounds in the mix, as long as the mix.
Result<model::Pcm> placed_cue(const Timeline& timeline, size_t index, const model::Pcm& cue);

}  // namespace omg::show
