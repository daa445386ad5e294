// Assembler (assembler.h): the tempo (override, number, word as a musician means it, occasion,
// else the style's default in the felt beats of the metre) and the duration.
#include <algorithm>
#include <cmath>

#include "prompt/assembler.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {

// The style's tempo range in the felt beats of the chosen metre: a style written in 4/4
// played in 6/8 keeps its eighth-note pulse, so its felt beat slows by 2/3.
double Assembler::metre_scale() const {
    const model::TimeSignature style_default =
        style_->meters.empty() ? model::TimeSignature{} : style_->meters.front();
    if (brief_.time_signature.compound() && !style_default.compound()) return 2.0 / 3.0;
    if (!brief_.time_signature.compound() && style_default.compound()) return 1.5;
    return 1.0;
}

// A tempo word as a musician means it. `feel` is the word's plain tempo ("slow" 66, "fast"
// 152); a style that says what slow or fast means for it moves the anchor, and a fast word
// never slows a style down (nor a slow word speed it up). Intensifiers ("very slow") scale
// the step away from the style's default geometrically.
double Assembler::word_tempo(double feel, double intensity, double base, double scale) const {
    const bool slow = feel < 100;
    const bool fast = feel > 120;
    double target = feel;
    if (slow) {
        target = style_->tempo_slow > 0
                     ? style_->tempo_slow * scale * feel / kPlainSlowBpm
                     : std::min(feel, base * 0.85 * feel / kPlainSlowBpm);
        target = std::min(target, base);
    } else if (fast) {
        target = style_->tempo_fast > 0
                     ? style_->tempo_fast * scale * feel / kPlainFastBpm
                     : std::max(feel, base * 1.15 * feel / kPlainFastBpm);
        target = std::max(target, base);
    }
    const double k = std::clamp(intensity, 0.5, 1.5);
    return std::clamp(std::round(base * std::pow(target / base, k)), 30.0, 300.0);
}

void Assembler::resolve_tempo() {
    if (overrides_.bpm) {
        brief_.tempo_bpm = *overrides_.bpm;
        understood("tempo", bpm_text(brief_.tempo_bpm), "");
        if (!quantities_.tempos.empty())
            guessed("tempo: the option " + bpm_text(*overrides_.bpm) + " replaces \"" +
                    words(quantities_.tempos.front().first, quantities_.tempos.front().last) +
                    "\" in the prompt");
        return;
    }
    if (!quantities_.tempos.empty()) {
        const TempoReading& t = quantities_.tempos.front();
        brief_.tempo_bpm = std::clamp(t.bpm, kMinBpm, kMaxBpm);
        understood("tempo", bpm_text(brief_.tempo_bpm), words(t.first, t.last));
        if (t.range)
            guessed("tempo: the middle of the range \"" + words(t.first, t.last) + "\"");
        if (brief_.tempo_bpm != t.bpm)
            guessed("tempo: " + bpm_text(t.bpm) + " is out of range; using " +
                    bpm_text(brief_.tempo_bpm));
        return;
    }
    const double scale = metre_scale();
    const double lo = style_->tempo_min * scale;
    const double hi = style_->tempo_max * scale;
    const double fallback = std::round(style_->tempo_default * scale);
    const auto tempo_mentions = mentions(Sense::tempo);
    for (const Mention* m : tempo_mentions) {
        const TempoWord& w = tempo_words()[m->index];
        if (w.bpm <= 0) continue;
        brief_.tempo_bpm = w.bpm;
        understood("tempo", bpm_text(w.bpm), words(m->first, m->last));
        return;
    }
    if (!tempo_mentions.empty()) {
        const Mention* m = tempo_mentions.back();
        const TempoWord& w = tempo_words()[m->index];
        const double bpm = w.feel > 0 ? word_tempo(w.feel, m->intensity, fallback, scale)
                                      : fallback;
        brief_.tempo_bpm = bpm;
        understood("tempo", bpm_text(bpm), words(m->first, m->last));
        if (w.feel > 0 && (bpm < lo || bpm > hi))
            guessed("tempo: \"" + words(m->first, m->last) + "\" means " + bpm_text(bpm) +
                    " to a musician, outside the style's usual " + bpm_text(lo) + " to " +
                    bpm_text(hi));
        return;
    }
    for (const Mention* m : mentions(Sense::occasion)) {
        const OccasionWord& o = occasion_words()[m->index];
        if (o.tempo <= 0) continue;
        brief_.tempo_bpm = o.tempo;
        understood("tempo", bpm_text(o.tempo), words(m->first, m->last));
        return;
    }
    brief_.tempo_bpm = fallback;
    if (scale != 1.0) {
        guessed("tempo: " + bpm_text(fallback) +
                " (the style's default, in the felt beats of " + brief_.time_signature.text() +
                ")");
    } else {
        guessed("tempo: " + bpm_text(fallback) + " (the style's default)");
    }
}

void Assembler::resolve_duration() {
    if (overrides_.duration_s) {
        brief_.duration_s = *overrides_.duration_s;
        brief_.duration_given = true;
        understood("duration", seconds_text(brief_.duration_s), "");
        return;
    }
    if (!quantities_.durations.empty()) {
        const DurationReading& d = quantities_.durations.front();
        brief_.duration_s = std::clamp(d.seconds, kMinDuration, kMaxDuration);
        brief_.duration_given = true;
        understood("duration", seconds_text(brief_.duration_s), words(d.first, d.last));
        if (brief_.duration_s != d.seconds)
            guessed("duration: " + seconds_text(d.seconds) + " is outside " +
                    format_number(kMinDuration) + ".." + format_number(kMaxDuration) +
                    " s; using " + seconds_text(brief_.duration_s));
        return;
    }
    for (const Mention* m : mentions(Sense::occasion)) {
        const OccasionWord& o = occasion_words()[m->index];
        if (o.duration_s <= 0) continue;
        brief_.duration_s = o.duration_s;
        brief_.duration_given = true;
        understood("duration", seconds_text(o.duration_s), words(m->first, m->last));
        return;
    }
    brief_.duration_s = kDefaultDuration;
    guessed("duration: " + seconds_text(kDefaultDuration) + " (the default)");
}

}  // namespace omg::prompt
