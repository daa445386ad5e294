// Composition: Brief + Style + seed -> Score.
//
// Form sized to the duration, harmony from the style's progressions, voice-led voicings,
// motif-based melody with a returning hook, bass, drums and accompaniment from the style's
// chord-relative patterns, humanisation; with lyrics, a vocal part on the tune. Same inputs -> the same Score, bit for bit.
// Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <span>

#include "core/result.h"
#include "model/brief.h"
#include "model/cue.h"
#include "model/hit.h"
#include "model/score.h"
#include "model/style.h"
#include "model/vocal.h"

namespace omg::compose {

struct ComposeOptions {
    uint64_t seed = 0;
    // Words to sing (as the voice's front end split them): the song's form follows their sections
    // (compose/song_form.h) and the vocal part carries them on the tune (compose/vocal.h). When the
    // brief's duration was not given, the song lasts as long as the lyrics need.
    const model::SungText* lyrics = nullptr;
    // A cue's shape (model/cue.h; ignored with lyrics): intro, the vamp twice and the ending (see
    // plan.h). The second vamp's notes and controls are the first's, moved by the vamp's length
    // (a note humanised ahead of a vamp's first downbeat, or of the ending's, starts on it), so
    // the second vamp, with the first's tails sounding into it, is what every later repeat
    // sounds like. The intro's last bar becomes the first vamp's last bar (notes sounding in
    // it, controllers as they stand at its start), so the loop's start, which carries the vamp's
    // tails, also follows the intro without a seam. A stinger ending adds a brass section's flourish in the ending only. The
    // brief's duration must hold the bars; its tempo is kept.
    const model::CueShape* cue = nullptr;
    // Hit points (model/hit.h; compose/hits.h): each lands on a downbeat within 10 ms of its time
    // by the choice of its bar and the Score's tempo map, or is reported unmet with its reason in
    // `Score::hits`. None: one constant tempo, as before. With a cue, times count in the cue's
    // file (intro, one pass of the loop, ending) and land as compose/cue_hits.h says.
    std::span<const model::Hit> hits = {};
};

Result<model::Score> compose(const model::Brief& brief, const model::Style& style,
                             const ComposeOptions& options);

}  // namespace omg::compose
