// Which bar each hit point lands on (compose/hits.h's first step), and why a hit cannot land.
//
// `land_hits` takes the hits in time order and chooses, for as many of them as possible, a bar
// whose downbeat the tempo can bring to the hit's time: between two landed hits (or the start
// and the first) the tempo is constant and within `flex` of the piece's own, the same downbeat
// may carry hits within model::kHitToleranceS of each other, and the bars after a hit must still
// reach the final downbeat inside the track. Among the choices that land the most hits it takes
// the bars the kinds suit (when they need at most half the flex), then the least tempo change.
// An exact search over the hits' candidate bars (dynamic programming), deterministic; pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compose/plan.h"
#include "model/hit.h"

namespace omg::compose {

// The final downbeat keeps at least this much of the track after it (the final chord's decay).
inline constexpr double kMinTailS = 0.5;

struct HitTiming {
    double bar_s = 2;       // a bar at the piece's own tempo
    double flex = 0.04;     // the style's tempo flex (a share)
    double duration_s = 0;  // the track
};

struct TimedHit {
    model::HitKind kind = model::HitKind::accent;
    double time_s = 0;
};

struct HitLanding {
    std::optional<int> bar;  // 0-based; unset: not landed
    std::string reason;      // why not
};

// `hits` sorted by time. One landing per hit.
std::vector<HitLanding> land_hits(const Plan& plan, const std::vector<TimedHit>& hits, const HitTiming& timing);

// A new section can start on `bar` (it does, or the section there is not sung and can be split).
bool can_start_section(const Plan& plan, int bar);
bool section_starts_at(const Plan& plan, int bar);

// When the hit `m.asked` is asked for, written into `m.time_s`: its time, or its bar and beat
// (1-based) at `bar_s` a bar and `beat_s` a beat; -1 when it says neither. False, with
// `m.reason`, for a beat that is not in the plan's bar.
bool set_asked_time(model::HitMark& m, const Plan& plan, double bar_s, double beat_s);

std::string seconds_text(double seconds, int decimals = 2);  // "12.50 s"

}  // namespace omg::compose
