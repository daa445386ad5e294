// Assembler (assembler.h): the style (from aliases, ensembles and occasions, moods,
// instruments, else a default), the time signature, the moods and the energy.
#include <algorithm>

#include "prompt/assembler.h"
#include "prompt/style_match.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {

void Assembler::resolve_style() {
    StyleClues clues;
    for (const Mention* m : mentions(Sense::style)) clues.aliases.push_back(*m);
    for (const Mention* m : mentions(Sense::mood))
        if (std::find(clues.moods.begin(), clues.moods.end(), m->mood) == clues.moods.end())
            clues.moods.push_back(m->mood);
    for (const Mention* m : mentions(Sense::instrument)) clues.instruments.push_back(m->index);
    for (const auto& d : quantities_.decades) clues.decades.push_back(d.year);
    if (auto ts = text_metre()) clues.metre = ts->time_signature;
    for (const Mention* m : mentions(Sense::energy))
        clues.energy_shift += energy_words()[m->index].delta * m->intensity;
    if (!quantities_.tempos.empty()) clues.bpm = quantities_.tempos.front().bpm;
    for (const Mention* m : mentions(Sense::tempo)) {
        const TempoWord& w = tempo_words()[m->index];
        if (w.bpm > 0 && !clues.bpm) clues.bpm = w.bpm;
        if (w.bpm <= 0 && w.feel > 0) clues.tempo_feel = w.feel;
    }
    for (const Mention* m : mentions(Sense::occasion)) clues.occasions.push_back(*m);

    const StyleChoice choice = choose_style(styles_, clues, lexicon_);
    if (overrides_.style) {
        style_ = styles_.find(*overrides_.style);
        understood("style", style_->id, "");
        if (choice.alias && styles_.styles[choice.index].id != style_->id) {
            guessed("style: the option \"" + style_->id + "\" replaces \"" +
                    words(choice.alias->first, choice.alias->last) + "\" in the prompt");
        }
    } else {
        style_ = &styles_.styles[choice.index];
        if (choice.alias) {
            understood("style", style_->id, words(choice.alias->first, choice.alias->last));
        } else {
            guessed("style: " + style_->id + " (" + choice.reason + ")");
        }
        for (const Mention& m : choice.passed_over) {
            guessed("style: \"" + words(m.first, m.last) + "\" also names " +
                    styles_.styles[m.index].id + "; " + style_->id + " was named more clearly");
        }
    }
    brief_.style = style_->id;
}

// The first time signature in the prompt, numeric ("6/8") or in words ("waltz time").
std::optional<Assembler::TextMetre> Assembler::text_metre() const {
    std::optional<TextMetre> best;
    for (const auto& m : quantities_.metres)
        if (!best || m.first < best->first) best = TextMetre{m.time_signature, m.first, m.last};
    for (const Mention* m : mentions(Sense::metre))
        if (!best || m->first < best->first)
            best = TextMetre{metre_words()[m->index].time_signature, m->first, m->last};
    return best;
}

void Assembler::resolve_time_signature() {
    const model::TimeSignature style_default =
        style_->meters.empty() ? model::TimeSignature{} : style_->meters.front();
    if (overrides_.time_signature) {
        brief_.time_signature = *model::parse_time_signature(*overrides_.time_signature);
        understood("time_signature", brief_.time_signature.text(), "");
    } else if (auto ts = text_metre()) {
        brief_.time_signature = ts->time_signature;
        understood("time_signature", ts->time_signature.text(), words(ts->first, ts->last));
    } else {
        brief_.time_signature = style_default;
        guessed("time signature: " + style_default.text() + " (the style's default)");
    }
}

void Assembler::resolve_moods_and_energy() {
    for (const Mention* m : mentions(Sense::mood)) {
        if (std::find(brief_.moods.begin(), brief_.moods.end(), m->mood) ==
            brief_.moods.end()) {
            brief_.moods.push_back(m->mood);
            understood("mood", m->mood, words(m->first, m->last));
        }
    }
    for (const Mention* m : mentions(Sense::occasion)) {
        const std::string mood(occasion_words()[m->index].mood);
        if (mood.empty() ||
            std::find(brief_.moods.begin(), brief_.moods.end(), mood) != brief_.moods.end())
            continue;
        brief_.moods.push_back(mood);
        understood("mood", mood, words(m->first, m->last));
    }
    double energy = style_->energy;
    std::string energy_words_text;
    for (const Mention* m : mentions(Sense::energy)) {
        energy += energy_words()[m->index].delta * m->intensity;
        if (!energy_words_text.empty()) energy_words_text += ", ";
        energy_words_text += words(m->first, m->last);
    }
    brief_.energy = std::clamp(energy, 0.0, 1.0);
    if (energy_words_text.empty()) {
        guessed("energy: " + format_number(brief_.energy, 2) + " (the style's typical energy)");
    } else {
        understood("energy", format_number(brief_.energy, 2), energy_words_text);
    }
}

}  // namespace omg::prompt
