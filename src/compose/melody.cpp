#include "compose/melody.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>

#include "compose/consonance.h"
#include "compose/dynamics.h"
#include "compose/grid.h"
#include "compose/voicing.h"

namespace omg::compose {
namespace {

int pc_of(int v) { return ((v % 12) + 12) % 12; }

// Rhythm of one bar: onsets in steps, each with its length in steps (rests are gaps).
struct Rhythm {
    int steps = 16;
    bool fits_bar = false;  // made for this piece's bar (not a style cell written for another metre)
    std::vector<std::pair<int, int>> notes;  // (step, length)
};

struct BarDesign {
    Rhythm rhythm;
    std::vector<int> contour;  // scale steps from the previous note, one per onset after the first
    int start_offset = 0;      // scale steps from the phrase base for the first onset
    bool cadence = false;
    bool final_cadence = false;  // consequent: lands on the tonic
    // Restates the previous bar's notes moved by this many scale steps (a sequence; 0: repeated).
    std::optional<int> sequence;
};

using Tune = std::vector<BarDesign>;  // one per bar of the section

Rhythm parse_rhythm(const std::string& cell) {
    Rhythm r;
    std::vector<char> tokens;
    for (char c : cell)
        if (c == 'x' || c == '.' || c == '_' || c == '-') tokens.push_back(c);
    r.steps = std::max<int>(1, static_cast<int>(tokens.size()));
    for (int i = 0; i < static_cast<int>(tokens.size()); ++i) {
        if (tokens[static_cast<size_t>(i)] != 'x') continue;
        int len = 1;
        while (i + len < static_cast<int>(tokens.size()) &&
               (tokens[static_cast<size_t>(i + len)] == '.' || tokens[static_cast<size_t>(i + len)] == '-'))
            ++len;
        r.notes.push_back({i, len});
    }
    return r;
}

int steps_per_bar(const Plan& plan) {
    return plan.ts.compound() ? plan.ts.numerator * 2 : static_cast<int>(std::lround(plan.ts.bar_quarters() * 4));
}

// A rhythm from density and syncopation, when the style gives no cells.
Rhythm generated_rhythm(const Plan& plan, const model::MelodySpec& spec, double energy, Rng& rng) {
    Rhythm r;
    r.steps = steps_per_bar(plan);
    r.fits_bar = true;
    const int per_beat = r.steps / plan.ts.beats_per_bar();
    const double density = std::clamp(spec.density * (0.75 + 0.5 * energy), 0.25, 4.0);
    std::vector<int> onsets;
    for (int s = 0; s < r.steps; ++s) {
        const bool beat = s % per_beat == 0;
        const bool half = per_beat % 2 == 0 && s % (per_beat / 2) == 0;
        double p = beat ? std::min(1.0, density) : (half ? std::max(0.0, density - 1.0) * 0.9 : std::max(0.0, density - 2.0) * 0.5);
        if (!beat && half) p += spec.syncopation * 0.4;
        if (s == 0) p = 1.0 - spec.rest * 0.5;
        if (rng.chance(p)) onsets.push_back(s);
    }
    if (onsets.empty()) onsets.push_back(0);
    for (size_t i = 0; i < onsets.size(); ++i) {
        const int next = i + 1 < onsets.size() ? onsets[i + 1] : r.steps;
        r.notes.push_back({onsets[i], next - onsets[i]});
    }
    return r;
}

Rhythm cadence_rhythm(const Plan& plan, Rng& rng) {
    Rhythm r;
    r.steps = steps_per_bar(plan);
    r.fits_bar = true;
    const int per_beat = r.steps / plan.ts.beats_per_bar();
    const int beats = plan.ts.beats_per_bar();
    // The phrase's last note: long, on the downbeat, with a breath of a beat after it (in a
    // two-beat bar, a march's or a jig's, the note takes one beat and the breath the other).
    const int held = std::max(per_beat, (beats >= 3 ? beats - 1 : 1) * per_beat);
    if (beats >= 3 && rng.chance(0.35)) {
        r.notes.push_back({0, per_beat});
        r.notes.push_back({per_beat, std::max(per_beat, held - per_beat)});
    } else {
        r.notes.push_back({0, held});
    }
    // Now and then a pickup: one 8th before the bar line, leading by step into the next phrase;
    // the held note lets go earlier, so the breath before the pickup is still a beat.
    const int eighth = std::max(1, per_beat / 2);
    if (beats >= 3 && r.steps - eighth > held && rng.chance(0.35)) {
        auto& last = r.notes.back();
        last.second = std::max(eighth, std::min(last.second, r.steps - eighth - per_beat - last.first));
        r.notes.push_back({r.steps - eighth, eighth});
    }
    return r;
}

std::vector<int> contour_for(const Rhythm& rhythm, const model::MelodySpec& spec, Rng& rng) {
    std::vector<int> c;
    int direction = rng.chance(0.5) ? 1 : -1;
    for (size_t i = 1; i < rhythm.notes.size(); ++i) {
        int d;
        if (rng.chance(spec.leap)) d = rng.chance(0.75) ? 2 : rng.range(3, 4);
        else if (rng.chance(0.18)) d = 0;
        else d = 1;
        // Leaps turn back (gap-fill); steps keep going a while, then turn.
        if (d >= 2 || rng.chance(0.3)) direction = -direction;
        c.push_back(d * direction);
    }
    return c;
}

// The scale the melody draws on, as pitch-class offsets from the local tonic.
std::vector<int> melody_scale(const std::string& kind, model::Mode mode) {
    const bool minor = model::mode_is_minor(mode);
    if (kind == "pentatonic") return minor ? std::vector<int>{0, 3, 5, 7, 10} : std::vector<int>{0, 2, 4, 7, 9};
    if (kind == "blues") return {0, 3, 5, 6, 7, 10};
    const auto& iv = model::mode_intervals(mode);
    return {iv.begin(), iv.end()};
}

class MelodyWriter {
public:
    MelodyWriter(const Plan& plan, const model::Style& style, const model::PartSpec& part, Rng& rng)
        : plan_(plan), style_(style), part_(part), spec_(part.melody), rng_(rng) {
        for (const auto& cell : spec_.rhythms) {
            Rhythm r = parse_rhythm(cell);
            if (!r.notes.empty()) cells_.push_back(r);
        }
        current_ = (part.low + part.high) / 2;
        closing_.rhythm = cadence_rhythm(plan, rng_);
        closing_.cadence = true;
        closing_.final_cadence = true;
    }

    void write(model::Track& track) {
        for (const auto& section : plan_.sections) {
            if (!section.plays(part_.role)) continue;
            auto it = tunes_.find(section.kind);
            if (it == tunes_.end()) it = tunes_.emplace(section.kind, design(section)).first;
            // Every other repeat of a section keeps its first phrase (the hook) and varies the
            // rest, like a second ending: repeated, not looped. A sung section's tune is the same
            // at every repeat (every chorus is sung to the same notes).
            if (section.occurrence % 2 == 1 && section.lyric < 0) {
                const std::string key = section.kind + "#varied";
                auto varied = tunes_.find(key);
                if (varied == tunes_.end()) varied = tunes_.emplace(key, vary_tune(it->second)).first;
                realise(section, varied->second, track);
            } else {
                realise(section, it->second, track);
            }
        }
        write_final_note(track);
    }

private:
    Rhythm pick_rhythm(double energy, int avoid = -1) {
        if (cells_.empty()) return generated_rhythm(plan_, spec_, energy, rng_);
        int idx = rng_.range(0, static_cast<int>(cells_.size()) - 1);
        if (idx == avoid && cells_.size() > 1) idx = (idx + 1) % static_cast<int>(cells_.size());
        last_cell_ = idx;
        return cells_[static_cast<size_t>(idx)];
    }

    Tune design(const PlannedSection& section) {
        Tune tune(static_cast<size_t>(section.bars));
        int phrase = std::clamp(spec_.phrase_bars, 2, 8);
        if (phrase > section.bars) phrase = std::max(1, section.bars);
        // Motifs a and b shared by the section's phrases: repetition with variation.
        const Rhythm ra = pick_rhythm(section.energy);
        const int a_cell = last_cell_;
        const Rhythm rb = pick_rhythm(section.energy, a_cell);
        const Rhythm rc = pick_rhythm(section.energy, a_cell);
        const auto ca = contour_for(ra, spec_, rng_);
        const auto cb = contour_for(rb, spec_, rng_);
        const auto cc = contour_for(rc, spec_, rng_);
        const int a_start = rng_.range(-1, 2), b_start = rng_.range(0, 3), c_start = rng_.range(-2, 1);
        for (int b = 0; b < section.bars; ++b) {
            const int in_phrase = b % phrase;
            const int phrase_index = b / phrase;
            BarDesign& d = tune[static_cast<size_t>(b)];
            // An eight-bar phrase breathes at its middle too (a half cadence ends its first half).
            const bool last_bar_of_phrase =
                in_phrase == phrase - 1 || b == section.bars - 1 || (phrase == 8 && in_phrase == 3);
            if (last_bar_of_phrase && phrase >= 2) {
                d.rhythm = cadence_rhythm(plan_, rng_);
                d.cadence = true;
                d.final_cadence = (phrase_index % 2 == 1 && in_phrase == phrase - 1) || b == section.bars - 1;
                d.contour = contour_for(d.rhythm, spec_, rng_);
                for (auto& step : d.contour) step = step >= 0 ? 1 : -1;
                continue;
            }
            // Bars of a phrase: a, a (varied), b, a ...; the second half of a long phrase uses b.
            // Answering (consequent) phrases keep a but replace b with c: question and answer.
            const bool use_b = (phrase >= 4 && in_phrase == phrase - 2) || (phrase == 8 && in_phrase == 5);
            const bool answer = phrase_index % 2 == 1;
            if (use_b) {
                d.rhythm = answer ? rc : rb;
                d.contour = answer ? cc : cb;
                d.start_offset = answer ? c_start : b_start;
            } else {
                d.rhythm = ra;
                d.contour = ca;
                d.start_offset = a_start + (in_phrase % 2 == 1 ? 1 : 0) + (answer && in_phrase > 0 ? -1 : 0);
            }
            // Variation: a repeat of a motif bends one of its intervals; the motif's second bar
            // restates the first, sequenced a step up (or, answering, repeated): a cell and its echo.
            if (!use_b && in_phrase > 0 && !d.contour.empty() && rng_.chance(0.4)) {
                const size_t at = static_cast<size_t>(rng_.range(0, static_cast<int>(d.contour.size()) - 1));
                d.contour[at] = -d.contour[at] + (rng_.chance(0.5) ? 1 : -1);
            }
            if (!use_b && in_phrase == 1) d.sequence = d.start_offset - tune[static_cast<size_t>(b - 1)].start_offset;
        }
        return tune;
    }

    Tune vary_tune(const Tune& tune) {
        Tune out = tune;
        const size_t half = std::max<size_t>(1, out.size() / 2);
        for (size_t b = half; b < out.size(); ++b) {
            BarDesign& d = out[b];
            if (d.cadence) {
                if (rng_.chance(0.5)) d.rhythm = cadence_rhythm(plan_, rng_);
                continue;
            }
            if (!d.contour.empty() && rng_.chance(0.35)) {
                for (auto& step : d.contour)
                    if (rng_.chance(0.4)) step = -step + (rng_.chance(0.5) ? 1 : 0);
            }
            if (rng_.chance(0.15)) d.start_offset += rng_.chance(0.5) ? 1 : -1;
        }
        return out;
    }

    int base_for(const PlannedSection& section) const {
        // Choruses (high energy) sit a third to a fifth above verses.
        const int span = part_.high - part_.low;
        return part_.low + static_cast<int>(span * (0.3 + 0.28 * std::clamp(section.energy, 0.0, 1.0)));
    }

    // The chord tone nearest to `key`, preferring the direction of motion and avoiding a
    // repeat of the previous note when the contour asked for movement.
    int snap_to_chord(int key, const Chord& chord, int direction) const {
        if (chord.contains_pc(key) && !(direction != 0 && key == current_)) return key;
        int best = key;
        double best_cost = 1e9;
        for (int k = key - 4; k <= key + 4; ++k) {
            if (!chord.contains_pc(k) || !in_range(k)) continue;
            double cost = std::abs(k - key);
            if (direction != 0 && k == current_) cost += 3;
            if (direction > 0 && k < key) cost += 0.5;
            if (direction < 0 && k > key) cost += 0.5;
            if (cost < best_cost) {
                best_cost = cost;
                best = k;
            }
        }
        return best;
    }

    // A motif's first note: a chord tone near the motif's target that does not jump far from
    // where the melody is.
    int entry_note(int target, const Chord& chord) const {
        int best = fold(target);
        double best_cost = 1e9;
        for (int k = part_.low; k <= part_.high; ++k) {
            if (!chord.contains_pc(k)) continue;
            const double cost = 0.5 * std::abs(k - target) + std::max(0, std::abs(k - current_) - 2) + (k == current_ ? 1.5 : 0.0);
            if (cost < best_cost) {
                best_cost = cost;
                best = k;
            }
        }
        return best;
    }

    bool in_range(int key) const { return key >= part_.low && key <= part_.high; }

    int scale_step(int key, int steps, const std::vector<int>& scale, int tonic) const {
        // Snap onto the scale, then walk.
        auto on_scale = [&](int k) {
            return std::find(scale.begin(), scale.end(), pc_of(k - tonic)) != scale.end();
        };
        while (!on_scale(key)) --key;
        int dir = steps > 0 ? 1 : -1;
        for (int n = 0; n < std::abs(steps); ++n) {
            key += dir;
            while (!on_scale(key)) key += dir;
        }
        return key;
    }

    int fold(int key) const {
        while (key > part_.high) key -= 12;
        while (key < part_.low) key += 12;
        return key;
    }

    void realise(const PlannedSection& section, const Tune& tune, model::Track& track) {
        const int ending_bar = plan_.bars - 1;
        const model::Key local{(plan_.key.tonic + section.transpose + 120) % 12, plan_.key.mode};
        const auto scale = melody_scale(spec_.scale, local.mode);
        const int base = base_for(section);
        // Every occurrence of a section starts from the same place, so its tune comes back
        // note for note (the hook returns), whatever the previous section ended on.
        current_ = base;
        const int velocity_base = energy_velocity(section.energy) + 6;
        int phrase = std::clamp(spec_.phrase_bars, 2, 8);
        if (phrase > section.bars) phrase = std::max(1, section.bars);
        std::vector<int> previous_keys, bar_keys;  // the keys of the bar before, and of this one
        for (int b = 0; b < section.bars; ++b) {
            const int bar = section.start_bar + b;
            if (bar >= ending_bar) break;
            // Each phrase starts from there too: an answering phrase restates the opening motif
            // note for note where the harmony repeats under it.
            if (b % phrase == 0) current_ = base;
            // A repeat longer than the first occurrence replays the tune; a shorter one closes
            // with a cadence bar in its last bar.
            const BarDesign& designed = tune[static_cast<size_t>(b) % tune.size()];
            const BarDesign& d = (b == section.bars - 1 && !designed.cadence) ? closing_ : designed;
            const int64_t bar_tick = plan_.bar_tick(bar);
            // Style cells keep their written step length in a foreign metre; notes past the
            // bar's end are left out.
            auto offset = [&](int step) {
                return d.rhythm.fits_bar ? plan_.ticks_per_bar * step / d.rhythm.steps
                                         : plan_.step_offset(step, d.rhythm.steps);
            };
            const int64_t step_ticks = offset(1);
            const int in_phrase = b % phrase;
            // Phrase arc: louder towards the third bar of four, softer at the cadence.
            const int arc = d.cadence ? -5 : (in_phrase * 4 / std::max(1, phrase) == 2 ? 8 : in_phrase * 3);
            previous_keys = std::move(bar_keys);
            bar_keys.clear();
            const bool restate = d.sequence && previous_keys.size() == d.rhythm.notes.size();
            for (size_t n = 0; n < d.rhythm.notes.size(); ++n) {
                const auto [step, len] = d.rhythm.notes[n];
                if (offset(step) >= plan_.ticks_per_bar) break;
                const int64_t tick = bar_tick + offset(step);
                const TimedChord& tc = plan_.chord_at(tick);
                const bool strong = (tick - bar_tick) % plan_.ticks_per_beat == 0;
                int key;
                if (restate) {
                    key = *d.sequence == 0 ? previous_keys[n]
                                           : scale_step(previous_keys[n], *d.sequence, scale, local.tonic);
                } else if (n == 0) {
                    if (d.cadence) {
                        key = cadence_note(tc.chord, local, d.final_cadence);
                    } else {
                        const int target = scale_step(base, d.start_offset, scale, local.tonic);
                        key = entry_note(target, tc.chord);
                    }
                } else {
                    const int delta = n - 1 < d.contour.size() ? d.contour[n - 1] : 0;
                    key = scale_step(current_, delta, scale, local.tonic);
                    if (!in_range(key)) key = scale_step(current_, -delta, scale, local.tonic);
                    if (strong) key = snap_to_chord(key, tc.chord, delta);
                    else if (spec_.chromatic > 0 && n + 1 < d.rhythm.notes.size() && rng_.chance(spec_.chromatic)) {
                        // A chromatic lower neighbour leading into the next chord tone.
                        const int64_t next_tick = bar_tick + offset(d.rhythm.notes[n + 1].first);
                        const Chord& next_chord = plan_.chord_at(next_tick).chord;
                        const int target = snap_to_chord(key + 1, next_chord, 1);
                        if (target - 1 != current_ && in_range(target - 1)) key = target - 1;
                    }
                }
                key = std::clamp(fold(key), part_.low, part_.high);
                int64_t duration = static_cast<int64_t>(static_cast<double>(len * step_ticks) * part_.articulation);
                duration = std::min<int64_t>(duration, plan_.ticks_per_bar - (tick - bar_tick));
                // The phrase's last long note leaves a breath before the next phrase (a pickup
                // note, when there is one, is the breath's end).
                const bool pickup = d.cadence && n > 0 && n + 1 == d.rhythm.notes.size() && len * 2 <= d.rhythm.steps / 4;
                if (d.cadence && !pickup && n + 1 == d.rhythm.notes.size())
                    duration = std::min<int64_t>(duration, plan_.ticks_per_bar - (tick - bar_tick) - step_ticks);
                const int velocity = velocity_base + arc + metric_accent(plan_, tick - bar_tick) / 2;
                // A held note fits every chord it sounds over, and the key; short passing notes may rub.
                if (duration >= model::kPpq / 2)
                    key = consonant_key(plan_, key, tick, duration, local, part_.low, part_.high, key - current_);
                add_note(track, tick, duration, key, velocity);
                current_ = key;
                bar_keys.push_back(key);
            }
        }
    }

    int cadence_note(const Chord& chord, const model::Key& local, bool final) const {
        // Consequent phrases land on the tonic where the chord has it; antecedents on 3 or 5.
        const int pc = (final && chord.contains_pc(local.tonic)) ? local.tonic : chord.degree_pc(final ? 1 : 3);
        return nearest_key(pc, current_, part_.low, part_.high);
    }

    void write_final_note(model::Track& track) {
        const auto& last = plan_.sections.back();
        if (!last.plays(part_.role)) return;
        const int key = nearest_key(plan_.key.tonic, current_, part_.low, part_.high);
        const int velocity = energy_velocity(std::max(0.6, last.energy)) + 6;
        if (style_.ending.stinger) {
            add_note(track, plan_.final_tick, model::kPpq / 2, key, velocity);
            add_note(track, plan_.final_tick + plan_.ticks_per_beat, model::kPpq / 3, key, std::min(127, velocity + 14));
        } else {
            add_note(track, plan_.final_tick, std::max<int64_t>(plan_.release_tick - plan_.final_tick, model::kPpq / 2),
                     key, velocity);
        }
    }

    const Plan& plan_;
    const model::Style& style_;
    const model::PartSpec& part_;
    const model::MelodySpec& spec_;
    Rng& rng_;
    std::vector<Rhythm> cells_;
    std::map<std::string, Tune> tunes_;
    int current_ = 60;
    int last_cell_ = -1;
    BarDesign closing_;
};

}  // namespace

Status write_melody_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                         model::Track& track, Rng& rng) {
    MelodyWriter writer(plan, style, part, rng);
    writer.write(track);
    return {};
}

Status write_counter_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                          model::Track& track, Rng& rng) {
    (void)style;
    int current = (part.low + part.high) / 2;
    const int ending_bar = plan.bars - 1;
    bool use_seventh = false;
    for (const auto& section : plan.sections) {
        if (!section.plays(part.role)) continue;
        const int64_t start = plan.bar_tick(section.start_bar);
        const int64_t end = plan.bar_tick(std::min(section.start_bar + section.bars, ending_bar));
        const int velocity = energy_velocity(section.energy) - 8;
        for (const auto& tc : plan.chords) {
            if (tc.tick < start || tc.tick >= end || tc.chord.none) continue;
            // Guide tones: the 3rd, or the 7th where the chord has one, nearest to the last note.
            const bool has7 = tc.chord.intervals.size() >= 4;
            const int pc = (use_seventh && has7) ? tc.chord.degree_pc(7) : tc.chord.degree_pc(3);
            use_seventh = !use_seventh;
            const int key = nearest_key(pc, current, part.low, part.high);
            const int64_t half = tc.duration / 2;
            if (tc.duration >= plan.ticks_per_bar && rng.chance(0.6)) {
                // Move in the second half: a step towards the next chord's 3rd.
                add_note(track, tc.tick, static_cast<int64_t>(static_cast<double>(half) * part.articulation), key, velocity);
                const auto& next = plan.next_chord(tc.tick);
                const int target = nearest_key(next.chord.degree_pc(3), key, part.low, part.high);
                int passing = key + (target > key ? 2 : (target < key ? -2 : 0));
                const model::Key local = plan.key_at_bar(static_cast<int>(tc.tick / plan.ticks_per_bar));
                if (!model::in_scale(passing, local.tonic, local.mode) && !tc.chord.contains_pc(passing))
                    passing += target > key ? -1 : 1;
                passing = std::clamp(passing, part.low, part.high);
                add_note(track, tc.tick + half, static_cast<int64_t>(static_cast<double>(half) * part.articulation), passing, velocity - 4);
                current = passing;
            } else {
                add_note(track, tc.tick, static_cast<int64_t>(static_cast<double>(tc.duration) * part.articulation), key,
                         velocity);
                current = key;
            }
        }
    }
    if (plan.sections.back().plays(part.role)) {
        const Chord& final_chord = plan.chords.back().chord;
        const int key = nearest_key(final_chord.degree_pc(3), current, part.low, part.high);
        add_note(track, plan.final_tick, std::max<int64_t>(plan.release_tick - plan.final_tick, model::kPpq / 2), key,
                 energy_velocity(0.6));
    }
    return {};
}

void write_doubling_part(const Plan& plan, const model::PartSpec& part, const model::Track& source,
                         model::Track& track) {
    for (const auto& note : source.notes) {
        const int bar = static_cast<int>(note.tick / plan.ticks_per_bar);
        const auto& section = plan.section_at_bar(std::min(bar, plan.bars - 1));
        if (!section.plays(part.role)) continue;
        int key = note.key + part.transpose;
        while (key > part.high && key - 12 >= part.low) key -= 12;
        while (key < part.low && key + 12 <= part.high) key += 12;
        add_note(track, note.tick, note.duration, key, note.velocity - 14);
    }
}

}  // namespace omg::compose
