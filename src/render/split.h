// Split: a score's notes shared out between the synths that render the mix in parallel.
//
// A synth's cost is the voices it keeps sounding, and a few heavy tracks (a pad, a string
// ostinato) would leave one synth doing most of the work if whole tracks were shared out. So the
// unit of work is one key of one track: the key's notes all go to one synth (retriggers and
// chokes stay intact), and every synth that plays some of a track's keys gets the track's
// programme, mix and controls (sustain pedal included). Drum keys that cut each other off in a
// General MIDI kit (the hi-hats, the guiro and triangles, the cuicas, the surdos) stay together.
// Units go largest first to the least loaded synth, by an estimate of voice-seconds. Rendering
// the shares and summing them equals rendering the whole score on one synth: FluidSynth's
// voices, reverb and chorus are linear and start from the same state.
// Pure and deterministic; the split depends only on the score and the number of synths.
#pragma once

#include <cstddef>
#include <vector>

#include "model/score.h"

namespace omg::render {

// A track, or the part of it (some of its keys) that one synth plays.
struct PartTrack {
    size_t source = 0;  // index into score.tracks
    model::Track track;
};

// `synths` shares (some may be empty), each in score track order.
std::vector<std::vector<PartTrack>> split_for_synths(const model::Score& score, size_t synths);

}  // namespace omg::render
