// Planning a show (model/show.h) before anything renders: checking the show-level fields, and
// choosing each cue's key, tempo and seed so that neighbouring cues fit together.
//
// `validate_show` checks what is the show's own (titles, cue count, vamp repeats, transitions)
// and names the field it refuses ("cues[2].vamp_repeats"); each cue's generation fields are
// checked by whoever parsed them, as for a single generation.
//
// `plan_show` takes each cue's key and tempo as it would be alone (from the prompt, then the
// style: the caller asks the engine's interpretation) and returns each cue's request to queue.
// A cue entered by a segue or a crossfade from the previous cue, in a show that keeps keys
// compatible, and that does not set its own key (or bpm), gets the related key of the previous
// cue's planned key closest to its own (same, relative, dominant or subdominant) and a tempo
// within kSegueTempoRatio of the previous cue's. A cut is a clean break: the cue keeps its own.
// Every cue's request gets the show's loudness, stems (a show delivers them) and its seed (the
// cue's, else show seed + index).
// Pure and deterministic; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/request.h"
#include "model/show.h"
#include "model/theory.h"

namespace omg::show {

// A segue's tempo stays within this fraction of the previous cue's.
inline constexpr double kSegueTempoRatio = 0.06;

Status validate_show(const model::Show& show);

struct Tonality {
    double bpm = 120;
    model::Key key;
    bool operator==(const Tonality&) const = default;
};

// The keys a segue may go to from `key`: itself, its relative, its dominant and subdominant
// (in that order; the relative of a minor-family mode is the major a minor third up, of a
// major-family mode the minor a minor third down).
std::vector<model::Key> related_keys(const model::Key& key);
bool is_related(const model::Key& from, const model::Key& to);

struct CuePlan {
    model::GenerationRequest request;  // what to queue: the cue's, with the planned bpm, key, seed
    Tonality tonality;                 // the planned (or the cue's own) key and tempo
    bool adjusted = false;             // the planner moved its key or tempo
    bool operator==(const CuePlan&) const = default;
};

// `alone[i]`: cue i's key and tempo by itself. Errc::invalid_argument when the sizes differ.
Result<std::vector<CuePlan>> plan_show(const model::Show& show, const std::vector<Tonality>& alone);

}  // namespace omg::show
