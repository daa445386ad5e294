// The show's timeline: where each cue plays in the continuous show mix, and which of its frames,
// computed from lengths alone (no audio), so that a cue sheet can be written before any mixing.
//
// A track cue plays its file once. A vamp cue plays intro, its loop `vamp_repeats` times, and
// its ending, all cut from its one file (intro + loop + ending, engine.h CueLayout). A cue's
// "music end" is where its last note's release begins to ring: its file's end less its tail
// (a button, stinger or ring-out ending's decay after its final bar; 0 when unknown). The
// transition to the next cue (model/show.h):
//   segue      next.start = this.start + music end; this cue's tail sounds under the next
//   crossfade  next.start = this.end - n, n = the fade's frames (at most either cue's length);
//              this cue's gain falls as cos, the next's rises as sin over those n frames
//   cut        this cue stops at its music end (a kDeclickFrames fall so the cut does not
//              click); the next starts on that frame
// All positions are whole frames at the show's sample rate. Pure, deterministic, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/result.h"
#include "model/show.h"

namespace omg::show {

inline constexpr int64_t kDeclickFrames = 64;

// A vamp cue's pieces in its one file, in frames.
struct CueSegments {
    int64_t intro_frames = 0;
    int64_t loop_frames = 0;
    int64_t ending_frames = 0;
    bool operator==(const CueSegments&) const = default;
};

struct TimelineCue {
    int64_t frames = 0;                   // the cue's file
    std::optional<CueSegments> segments;  // a vamp cue; intro + loop + ending == frames
    int vamp_repeats = model::kDefaultVampRepeats;
    int64_t tail_frames = 0;              // its release tail at the end of the file
    model::Transition transition;         // to the next cue
    bool operator==(const TimelineCue&) const = default;
};

// A run of the cue file's frames: [source_start, source_start + frames).
struct Piece {
    int64_t source_start = 0;
    int64_t frames = 0;
    bool operator==(const Piece&) const = default;
};

struct Placement {
    int64_t start = 0;          // the mix frame of the cue's first frame
    std::vector<Piece> pieces;  // what it plays, in order
    int64_t frames = 0;         // sum of the pieces
    int64_t music_end = 0;      // frames from `start` to where its tail begins
    int64_t fade_in = 0;        // frames of its equal-power rise (a crossfade into it)
    int64_t fade_out = 0;       // frames of its fall (a crossfade out, or a cut's declick)
    bool equal_power_out = false;  // cos-shaped fall (a crossfade), else linear (a declick)
    bool operator==(const Placement&) const = default;
};

struct Timeline {
    int sample_rate = 44100;
    std::vector<Placement> cues;
    int64_t frames = 0;  // the whole mix
    bool operator==(const Timeline&) const = default;
};

// Errc::invalid_argument for an empty list, a negative length, or segments that do not add up.
Result<Timeline> plan_timeline(const std::vector<TimelineCue>& cues, int sample_rate);

// The gain of a placement at frame `t` of its own playback (0 <= t < frames).
double placement_gain(const Placement& placement, int64_t t);

// Which frame of its file a placement plays at frame `t` of its playback.
int64_t source_frame(const Placement& placement, int64_t t);

}  // namespace omg::show
