// Tails: how long notes ring after they end, set per synth channel before rendering.
//
// Two mix decisions, both about what the ear hears and both cutting the voices the synth must
// compute (its cost grows with the voices sounding at once):
// - A drum key that rings on past its note (cymbals, toms: FluidR3's are long one-shot samples)
//   is choked when struck again, as a struck cymbal is (see ChokedKey in schedule.h).
// - A melodic part's release is capped at a few times its typical time between notes when it
//   plays detached (a 16th-note string ostinato does not smear into a 1.6 s release wash), and
//   at half its time between notes when it plays legato (a pad's chord crossfades into the
//   next instead of sounding under it for 3 to 10 s). The hall reverb carries the tail either way.
// Both read the SoundFont's own release times through Synth::probe, so they adapt to any
// SoundFont and only ever shorten.
// Internal to render/.
#pragma once

#include <utility>
#include <vector>

#include "model/score.h"
#include "render/schedule.h"

namespace omg::render {

class Synth;

// The distinct keys of each drum track (track index, key), in key order: the keys that may be
// choked, each needing a channel.
std::vector<std::pair<size_t, int>> drum_keys(const std::vector<const model::Track*>& tracks);

// Gives each candidate that rings past its note-off a channel from tracks.size() on, set up like
// its track but with a short release. The keys of one exclusive class (the hi-hats) share a
// channel, so that they still cut each other off, and are choked only if all of them ring.
// Candidates past `max_channels` stay on their track's channel.
std::vector<ChokedKey> set_up_chokes(Synth& synth, const std::vector<const model::Track*>& tracks,
                                     const std::vector<std::pair<size_t, int>>& candidates,
                                     int max_channels);

// The release cap for a melodic track, in seconds (0: none), from its notes.
double release_cap_s(const model::Score& score, const model::Track& track);

// Caps the release of track i's channel i at caps[i] seconds (0: no cap).
void cap_releases(Synth& synth, const std::vector<const model::Track*>& tracks,
                  const std::vector<double>& caps);

}  // namespace omg::render
