// A cue's shape (issue 14 item 2): an optional intro, a vamp (a loopable section of whole bars
// that can repeat any number of times without a seam) and an ending.
//
//   button    a short tutti hit on the tonic on the downbeat after the vamp, then its release
//   stinger   the downbeat hit and a detached tutti flourish a beat later
//   fade      the vamp keeps playing for kFadeEndingBars bars while its level falls to silence
//   ring_out  a held tonic chord that decays
//
// The engine composes intro + vamp + vamp + ending as one Score and cuts the second vamp out as
// the loop (engine.h, `CueLayout`). Plain data and pure functions; no I/O.
#pragma once

#include <optional>
#include <string_view>

namespace omg::model {

enum class CueEnding { button, stinger, fade, ring_out };

struct CueShape {
    int intro_bars = 0;                   // 0..kMaxCueBars (0: the vamp opens the cue)
    int vamp_bars = 4;                    // 1..kMaxCueBars
    CueEnding ending = CueEnding::ring_out;
    bool operator==(const CueShape&) const = default;
};

// A fade ending's length in bars (the other endings are their final bar and its decay).
inline constexpr int kFadeEndingBars = 4;

inline constexpr std::string_view cue_ending_name(CueEnding ending) {
    switch (ending) {
        case CueEnding::button: return "button";
        case CueEnding::stinger: return "stinger";
        case CueEnding::fade: return "fade";
        case CueEnding::ring_out: return "ring_out";
    }
    return "ring_out";
}

// "button", "stinger", "fade", "ring_out" (also "ring-out"), exact lower case.
inline std::optional<CueEnding> parse_cue_ending(std::string_view name) {
    if (name == "ring-out") return CueEnding::ring_out;
    for (CueEnding e : {CueEnding::button, CueEnding::stinger, CueEnding::fade, CueEnding::ring_out})
        if (cue_ending_name(e) == name) return e;
    return std::nullopt;
}

}  // namespace omg::model
