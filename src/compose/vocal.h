// The vocal part: the lyrics' syllables placed on the song's tune.
//
// Each sung line takes the lead tune's notes in its bars (the plan's sections with a `lyric`).
// Syllables map to notes one to one by default; where the tune has more notes than the line has
// syllables, a syllable holds its vowel across several notes (melisma) or a note is left out, as a
// dynamic programme decides that puts stressed syllables on strong beats and unstressed ones off
// the downbeat; where it has fewer, its longest notes are split (a repeated pitch), and a line that
// still does not fit is re-set evenly over its bars on the tune's pitches. Every line ends with a
// breath before the next. A section kind's tune is the same at every repeat, so every chorus is
// sung to the same notes. The whole part is moved by octaves into the voice's range (kVoiceLow ..
// kVoiceHigh, about A3-A5), single notes outside it folded in.
// `make_room_for_voice` then gives the voice the tune and the space: the lead instrument and the
// parts doubling it rest while the voice sings, chords, pads and arpeggios above the voice's middle
// move down an octave and play a little softer under it. Deterministic; no shared state.
#pragma once

#include <vector>

#include "compose/plan.h"
#include "core/result.h"
#include "model/score.h"
#include "model/vocal.h"

namespace omg::compose {

inline constexpr int kVoiceLow = 57;   // A3
inline constexpr int kVoiceHigh = 81;  // A5
inline constexpr int kVoiceMiddle = 67;

// Fills `vocal` (its notes) and `part` (syllables, lines, dropped) from the plan's sung sections.
// `lead` is the lead tune as written (may be empty: the line is then set on chord tones).
Status write_vocal_part(const Plan& plan, const model::SungText& text, const model::Track& lead,
                        model::Track& vocal, model::VocalPart& part);

// `tracks` are the other parts; `doubles_lead[i]` says whether track i doubles the lead.
void make_room_for_voice(const model::VocalPart& part, std::vector<model::Track>& tracks,
                         const std::vector<bool>& doubles_lead);

}  // namespace omg::compose
