// Internal to voice/: sung syllables -> phrases -> phone durations and a pitch track.
//
// Pure functions on plain data, so the timing rules are unit-tested without the engine.
// Times are seconds from the start of the song; frames are the voice's (5 ms for slt).
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "model/score.h"

namespace omg::voice::detail {

struct PlanNote {
    double start_s = 0, end_s = 0;
    int key = 69;
};

struct PlanSyllable {
    std::vector<std::string> phones;
    std::vector<std::string> labels;
    std::vector<PlanNote> notes;  // at least one; the first carries the onset
    bool phrase_start = false;
    std::string pause_before, pause_after;  // the line's pause labels (may be empty)
};

// The syllables sung without a rest between them.
struct Phrase {
    std::vector<PlanSyllable> syllables;
};

// score.vocal -> syllables in singing order. Errc::invalid_argument for bad indices.
Result<std::vector<PlanSyllable>> plan_syllables(const model::Score& score);

// Splits at phrase_start and at every gap between notes longer than `rest_s`.
std::vector<Phrase> group_phrases(std::vector<PlanSyllable> syllables, double rest_s);

// The phrase's labels: a pause, every phone of every syllable, a pause.
std::vector<std::string> phrase_labels(const Phrase& phrase);

struct Timing {
    double start_s = 0;       // the time of the phrase's frame 0
    std::vector<int> frames;  // per label of phrase_labels(), each >= min_frames
};

// Onset consonants before the beat (predicted length, capped at 40 % of the note and at 20 % of
// the previous syllable, at least 25 ms), the vowel from 20 ms before the note's start to the
// end of the syllable's notes, short codas at the end, a pause before and after. `predicted` is
// the duration model's frames per label.
Timing retime(const Phrase& phrase, const std::vector<int>& predicted, double frame_s,
              int min_frames);

// The melody in Hz for each frame of the phrase: each note's key from its start, with a glide
// of `glide_s` ending on every change of key; before the first note, the first note's key.
std::vector<double> pitch_track(const Phrase& phrase, const Timing& timing, double frame_s,
                                double glide_s);

// Index of the syllable's vowel (the nucleus named in its labels, else the first vowel phone).
size_t vowel_index(const PlanSyllable& syllable);

}  // namespace omg::voice::detail
