// A show (issue 14 item 3): an ordered list of cues, each an ordinary generation request (a
// prompt or style, a length or a vamp, hits, bpm and key), with how it leads into the next cue
// and how often its vamp plays in the continuous show mix.
//
//   segue      the next cue starts right after this cue's music ends; this cue's release tail
//              (reverb, the ring of its last chord) sounds under the next cue's start
//   crossfade  the two overlap by `seconds` (0.5..10), equal-power
//   cut        a hard cut at the end of this cue's music (its button); its tail is dropped
//
// `keep_compatible` asks the planner (show/plan.h) to give a cue that follows a segue or a
// crossfade a related key and a close tempo, unless the cue sets its own bpm or key. The same
// struct comes from the HTTP body and from `omg show FILE.toml`. Plain data: copyable,
// comparable, no JSON, no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/loudness.h"
#include "model/request.h"

namespace omg::model {

enum class TransitionType { segue, crossfade, cut };
enum class EndingOn { bar, beat };  // where the player's "to ending" cuts in

inline constexpr size_t kMaxShowCues = 50;
inline constexpr size_t kMaxShowTitleChars = 200;
inline constexpr int kMaxVampRepeats = 64;
inline constexpr int kDefaultVampRepeats = 2;
inline constexpr double kMinCrossfadeS = 0.5;
inline constexpr double kMaxCrossfadeS = 10;
inline constexpr double kDefaultCrossfadeS = 2;

struct Transition {
    TransitionType type = TransitionType::segue;
    double seconds = 0;  // the crossfade's length; 0 for a segue or a cut
    bool operator==(const Transition&) const = default;
};

struct ShowCue {
    std::string title;
    GenerationRequest request;  // prompt, style, duration or cue, hits, bpm, key, seed
    EndingOn ending_on = EndingOn::bar;
    int vamp_repeats = kDefaultVampRepeats;  // 1..kMaxVampRepeats, vamp cues only
    Transition transition;                   // to the next cue (the last cue's is unused)
    bool operator==(const ShowCue&) const = default;
};

struct Show {
    std::string title;
    LoudnessPreset loudness = LoudnessPreset::show;
    bool keep_compatible = true;
    std::optional<int64_t> seed;  // cue i uses seed + i when it has none
    std::vector<ShowCue> cues;    // 1..kMaxShowCues
    bool operator==(const Show&) const = default;
};

inline constexpr std::string_view transition_name(TransitionType type) {
    switch (type) {
        case TransitionType::segue: return "segue";
        case TransitionType::crossfade: return "crossfade";
        case TransitionType::cut: return "cut";
    }
    return "segue";
}

inline std::optional<TransitionType> parse_transition(std::string_view name) {
    for (TransitionType t : {TransitionType::segue, TransitionType::crossfade, TransitionType::cut})
        if (transition_name(t) == name) return t;
    return std::nullopt;
}

inline constexpr std::string_view ending_on_name(EndingOn on) { return on == EndingOn::beat ? "beat" : "bar"; }

inline std::optional<EndingOn> parse_ending_on(std::string_view name) {
    if (name == "bar") return EndingOn::bar;
    if (name == "beat") return EndingOn::beat;
    return std::nullopt;
}

}  // namespace omg::model
