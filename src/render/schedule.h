// Scheduling: a Score's tracks -> one time-sorted list of synthesizer events, in frames.
//
// FluidSynth starts events on its internal 64-frame block grid (an event given mid-block takes
// effect at the next block), so events are placed on the nearest grid frame: timing error is
// at most +-32 frames (0.73 ms at 44.1 kHz), with no average latency. At one frame, note-offs
// come before controls and controls before note-ons, so a retriggered key is released first.
// Pure and deterministic.
#pragma once

#include <cstdint>
#include <vector>

#include "model/score.h"

namespace omg::render {

inline constexpr int64_t kSynthBlock = 64;  // FluidSynth's FLUID_BUFSIZE

enum class EventKind : uint8_t { note_off, control, note_on };

struct SynthEvent {
    int64_t frame = 0;
    EventKind kind = EventKind::note_on;
    uint8_t channel = 0;
    uint8_t data1 = 0;  // key or controller
    uint8_t data2 = 0;  // velocity or value
    bool operator==(const SynthEvent&) const = default;
};

// The frame (on the synth's block grid) at which something at `tick` starts.
int64_t grid_frame(const model::Score& score, int64_t tick, int sample_rate);

// A drum key that rings until it is struck again, as a struck cymbal or drum head does: the
// key's notes play on a channel of their own, whose release the caller makes short, and each
// note is held until the key's next strike (at most kMaxRingSeconds). The old ring then dies
// away under the new hit instead of sounding on beside it, which also keeps the number of
// voices the synth computes down (a ride played in eighths otherwise stacks a dozen). Keys of
// one exclusive class may share a channel.
struct ChokedKey {
    size_t track = 0;  // index into the scheduled tracks
    int key = 0;
    uint8_t channel = 0;
};
inline constexpr double kMaxRingSeconds = 12.0;

// Events of `tracks`, track i on synth channel i (choked keys on theirs, with the track's
// controls repeated there), sorted by (frame, kind, input order). Events at or after
// `total_frames` are dropped. Overlapping notes on one key are cut where the next one starts;
// a note shorter than one block lasts one block.
std::vector<SynthEvent> schedule(const model::Score& score,
                                 const std::vector<const model::Track*>& tracks, int sample_rate,
                                 int64_t total_frames, const std::vector<ChokedKey>& choked = {});

}  // namespace omg::render
