// Hit points on a cue (issue 14): where each hit of a cue falls and how it lands.
//
// A cue's file is its intro, ONE pass of the loop and its ending, so a hit's time (seconds, or a
// bar:beat counted from 1 at the cue's base tempo) counts from the file's start and falls in one
// of the three:
//   intro   lands as a track's hit does: on a downbeat within model::kHitToleranceS, by a tempo
//           map inside the intro (constant between landed hits, within the style's tempo flex)
//           that still ends the intro exactly where the base tempo ends it, so the loop and the
//           ending keep their times and their whole-sample bars;
//   loop    recurs on every pass, so the loop keeps ONE tempo (the same at its start and its end:
//           the seam stays seamless); it lands only when a loop downbeat at the base tempo is
//           within the tolerance. The engine chooses the base tempo (within the style's range)
//           that lands the most such hits (`cue_downbeats_met`);
//   ending  the same, on the ending's downbeats (its first; a fade's four).
// A hit that cannot land is reported with the reason: how far it is from the nearest downbeat,
// which bar that is and the bar:beat that would land on it. A build's roll needs the bar before
// it, so it cannot be on the cue's first downbeat nor on the ending's first (that bar is the
// loop's last and would roll on every pass); a stop needs music after it.
//
// Reported marks (`CueHitPlan::hits.marks`, one per asked hit in the order asked) give the bar
// and the time in the cue's FILE; their tick is the Score's (the render is intro, vamp, vamp,
// ending): a loop hit's tick is its first pass, in the first vamp. What plays is split in two:
// `before_copy` (intro hits, and loop hits on both vamps, written before the second vamp becomes
// the first's copy, so the copy carries them and a build's roll into the loop's first bar sits in
// the loop's last) and `after_copy` (the ending's). Deterministic; pure.
#pragma once

#include <span>
#include <vector>

#include "compose/hits.h"
#include "compose/plan.h"
#include "core/result.h"
#include "model/cue.h"
#include "model/hit.h"
#include "model/style.h"

namespace omg::compose {

struct CueHitPlan {
    HitPlan hits;                           // the tempo map (intro only) and the reported marks
    std::vector<model::HitMark> before_copy;  // render bars and ticks
    std::vector<model::HitMark> after_copy;
};

// `plan` is the cue's (make_plan with the cue); its tempo is the base tempo. Splits sections for
// `section` hits and sets a cadence's chords, as for a track.
Result<CueHitPlan> plan_cue_hits(Plan& plan, const model::Style& style, const model::CueShape& cue,
                                 std::span<const model::Hit> hits);

// How many of the hits given in seconds that fall after the intro land on a loop or ending
// downbeat when a bar lasts `bar_s` (the constant tempo's; bar:beat hits move with the tempo and
// are not counted).
int cue_downbeats_met(std::span<const model::Hit> hits, const model::CueShape& cue, double bar_s);

}  // namespace omg::compose
