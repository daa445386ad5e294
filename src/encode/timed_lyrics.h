// Timed lyrics: the sung lines of a Score as LRC and WebVTT text.
//
// One cue per sung line (Score::vocal.lines): LRC `[mm:ss.xx]line` (with an `[offset:0]` header
// and the song's length), WebVTT `hh:mm:ss.mmm --> hh:mm:ss.mmm` with the section as the cue id's
// comment. Text is the line as written; WebVTT escapes '&', '<' and '>' and an LRC line never
// carries a line break. Pure functions; an instrumental Score gives a file with no cues.
#pragma once

#include <string>

#include "model/score.h"

namespace omg::encode {

std::string lrc_text(const model::Score& score, const std::string& title);
std::string webvtt_text(const model::Score& score);

}  // namespace omg::encode
