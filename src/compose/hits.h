// Hit points (issue 14 item 1): landing each asked hit (model/hit.h) on a downbeat by choosing
// its bar and a tempo map, then writing what each kind does.
//
// `plan_hits` runs on the Plan before any part is written. It lands as many hits as it can
// (compose/hit_landing.h: an exact search over their candidate bars), preferring the bars each
// kind suits (a section's start for `section`, `accent` and `build`; a section's last bar for
// `stop` and `cadence`), then the least tempo change. Between two landed hits (or the start and
// the first) the tempo moves bar by bar in a straight line from the tempo sounding to the one
// that lands the hit, or stays constant where that line would leave the flex; after the last
// one the piece keeps its final downbeat where it was and slows into it (a ritardando over the
// last two bars). Every tempo stays within the style's `tempo_flex` of the piece's own and is a
// whole number of microseconds per quarter (what a MIDI file can say), and each landed downbeat
// is within model::kHitToleranceS of its time. A hit that cannot be landed (closer than a bar to
// the one before, after the final downbeat, beyond the flex, a build with no bar before it) is
// reported with its reason, never dropped. The plan is reshaped for the kinds that need it: a
// section or a stop's following section split off at its bar, a cadence's bar on the tonic (the
// bar before on the style's closing chord), the ending's release and the track's end tick
// measured in the new map.
//
// `play_hits` runs after the parts are written and humanised and writes each landed hit into the
// tracks: a crash and a tutti stab (accent), every note cut until the next section (stop), a
// brass flourish (stinger), the tune and the bass on the tonic (cadence), a snare roll growing
// in density and velocity through the bar before (build). Deterministic (no randomness); pure.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "compose/plan.h"
#include "core/result.h"
#include "model/hit.h"
#include "model/score.h"
#include "model/style.h"

namespace omg::compose {

struct HitPlan {
    double qpm = 120;                         // the tempo at tick 0
    std::vector<model::TempoChange> changes;  // at bar lines (and beats in a ritardando)
    std::vector<model::HitMark> marks;        // one per asked hit, in the order asked
    model::TempoView tempo() const { return {model::kPpq, qpm, changes}; }
};

// `duration_s` is the track's exact length (the brief's).
Result<HitPlan> plan_hits(Plan& plan, const model::Style& style, double duration_s,
                          std::span<const model::Hit> hits);

// Reshaping the plan for a landed hit (also a cue's, compose/cue_hits.h): a section split off at
// `bar` (nothing when one starts there), one chord (a numeral of the style's) over a bar, and a
// cadence: the style's last closing chord over `bar` and, when `with_bar_before` and there is
// one, the chord before it over the bar before (nothing for a style with no cadence).
void start_section_at(Plan& plan, int bar, const std::string& why);
Status set_bar_chord(Plan& plan, const model::Style& style, int bar, const std::string& numeral);
Status set_cadence_at(Plan& plan, const model::Style& style, int bar, bool with_bar_before);

// `tracks` are the band's (the sung vocal is not among them: the words are never cut).
void play_hits(const Plan& plan, const HitPlan& hits, std::vector<model::Track>& tracks);

}  // namespace omg::compose
