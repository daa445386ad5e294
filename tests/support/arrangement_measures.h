// Measurements of an arrangement as an arranger reads a piano roll, for the tests that hold the
// lead on top, the melody consonant with its chords, the form in whole phrases and the motifs
// recurring (issue 10, item 2). Each reads only the Score (notes, chord marks, section marks), so
// it measures what was composed, not what the composer meant. Pure functions; thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/score.h"

namespace omg::testing {

inline int pitch_class(int key) { return ((key % 12) + 12) % 12; }

// The tonic of the section sounding at `tick` (a section may be written in another key).
inline int local_tonic(const model::Score& score, int64_t tick) {
    int tonic = score.key.tonic;
    for (const auto& s : score.sections)
        if (s.start_tick <= tick) tonic = pitch_class(score.key.tonic + s.transpose);
    return tonic;
}

// The accompaniment the lead must sound above: the chordal and sustained parts.
inline bool accompanies(const model::Track& t) {
    return t.role == "chords" || t.role == "pad" || t.role == "arp";
}

inline const model::Track* lead_track(const model::Score& score) {
    for (const auto& t : score.tracks)
        if (t.role == "lead") return &t;
    return nullptr;
}

// Fraction of the lead's sounding time during which its key is above every accompaniment key
// sounding with it (1 when nothing accompanies it). 1 for a piece without a lead.
inline double lead_top_fraction(const model::Score& score) {
    const model::Track* lead = lead_track(score);
    if (!lead || lead->notes.empty()) return 1.0;
    std::vector<const model::Note*> under;
    for (const auto& t : score.tracks)
        if (accompanies(t))
            for (const auto& n : t.notes) under.push_back(&n);
    std::sort(under.begin(), under.end(), [](auto* a, auto* b) { return a->tick < b->tick; });
    double total = 0, top = 0;
    for (const auto& n : lead->notes) {
        const int64_t end = n.tick + n.duration;
        std::set<int64_t> cuts{n.tick, end};
        std::vector<const model::Note*> with;
        for (const auto* a : under) {
            if (a->tick >= end) break;
            if (a->tick + a->duration <= n.tick) continue;
            with.push_back(a);
            cuts.insert(std::clamp(a->tick, n.tick, end));
            cuts.insert(std::clamp(a->tick + a->duration, n.tick, end));
        }
        for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
            const int64_t from = *it, to = *std::next(it);
            int highest = -1;
            for (const auto* a : with)
                if (a->tick <= from && a->tick + a->duration >= to) highest = std::max(highest, a->key);
            const auto span = static_cast<double>(to - from);
            total += span;
            if (n.key > highest) top += span;
        }
    }
    return total > 0 ? top / total : 1.0;
}

// The chord marks sounding during [tick, tick + duration) for more than a 32nd (a release a
// moment late, from humanisation, is not a note held over the change).
inline std::vector<const model::ChordMark*> chords_over(const model::Score& score, int64_t tick, int64_t duration) {
    std::vector<const model::ChordMark*> out;
    const int64_t least = std::min<int64_t>(model::kPpq / 8, duration);
    for (const auto& c : score.chords) {
        const int64_t overlap = std::min(c.tick + c.duration, tick + duration) - std::max(c.tick, tick);
        if (overlap >= least && !c.tones.empty()) out.push_back(&c);
    }
    return out;
}

inline bool chord_has(const model::ChordMark& c, int key) {
    return std::find(c.tones.begin(), c.tones.end(), pitch_class(key)) != c.tones.end();
}

// True when `key`, not itself a tone of `c`, lies a semitone (or a minor ninth) from one of them.
inline bool clashes(const model::ChordMark& c, int key) {
    if (chord_has(c, key)) return false;
    return std::any_of(c.tones.begin(), c.tones.end(), [&](int pc) {
        const int d = pitch_class(key - pc);
        return d == 1 || d == 11;
    });
}

struct MelodyHarmony {
    int long_notes = 0;    // lead notes of at least a quarter note
    int clashes = 0;       // of those, a semitone against a chord sounding under them
    int scale_errors = 0;  // lead notes of an 8th or more in neither the key nor the chord
    double clash_fraction() const { return long_notes ? static_cast<double>(clashes) / long_notes : 0.0; }
};

// Checks the lead against every chord sounding under each note (a note held over a chord
// change must fit both); scale errors are judged in the section's key.
inline MelodyHarmony melody_harmony(const model::Score& score) {
    MelodyHarmony m;
    const model::Track* lead = lead_track(score);
    if (!lead) return m;
    for (const auto& n : lead->notes) {
        if (n.tick >= static_cast<int64_t>(score.bars - 1) * score.ticks_per_bar()) break;  // the ending
        const auto over = chords_over(score, n.tick, n.duration);
        if (over.empty()) continue;
        if (n.duration >= model::kPpq) {
            ++m.long_notes;
            if (std::any_of(over.begin(), over.end(), [&](auto* c) { return clashes(*c, n.key); })) ++m.clashes;
        }
        // Swing and timing feel move an onset up to about a 16th past the chord it was written on.
        const auto near = chords_over(score, n.tick - model::kPpq / 4, n.duration + model::kPpq / 4);
        if (n.duration >= model::kPpq / 2 && !model::in_scale(n.key, local_tonic(score, n.tick), score.key.mode) &&
            std::none_of(near.begin(), near.end(), [&](auto* c) { return chord_has(*c, n.key); }))
            ++m.scale_errors;
    }
    return m;
}

// One bar of the lead as a shape: onsets on a 32nd grid and pitches relative to the bar's first,
// in semitones (`chromatic`) or in steps of the section's scale (`diatonic`, doubled so a note
// outside the scale sits between its neighbours).
using BarShape = std::vector<std::pair<int64_t, int>>;
struct BarShapes {
    std::vector<BarShape> chromatic, diatonic;
};

// A key's place on the scale of `tonic`/`mode`, in half scale steps.
inline int scale_position(int key, int tonic, model::Mode mode) {
    const auto& steps = model::mode_intervals(mode);
    const int from = key - tonic;
    const int octave = (from >= 0 ? from : from - 11) / 12;
    const int pc = from - 12 * octave;
    int below = 0;
    for (int i = 0; i < 7; ++i)
        if (steps[static_cast<size_t>(i)] <= pc) below = i;
    const bool on = steps[static_cast<size_t>(below)] == pc;
    return 2 * (7 * octave + below) + (on ? 0 : 1);
}

inline BarShapes lead_bar_shapes(const model::Score& score) {
    BarShapes shapes;
    shapes.chromatic.resize(static_cast<size_t>(std::max(score.bars, 0)));
    shapes.diatonic = shapes.chromatic;
    const model::Track* lead = lead_track(score);
    if (!lead) return shapes;
    const int64_t bar_ticks = score.ticks_per_bar(), grid = model::kPpq / 8;
    for (const auto& n : lead->notes) {
        const int64_t q = (n.tick + grid / 2) / grid * grid;
        const auto bar = static_cast<size_t>(q / bar_ticks);
        if (bar >= shapes.chromatic.size()) continue;
        const int64_t at = q - static_cast<int64_t>(bar) * bar_ticks;
        shapes.chromatic[bar].push_back({at, n.key});
        shapes.diatonic[bar].push_back({at, scale_position(n.key, local_tonic(score, n.tick), score.key.mode)});
    }
    for (auto* all : {&shapes.chromatic, &shapes.diatonic})
        for (auto& b : *all) {
            if (b.empty()) continue;
            const int first = b.front().second;
            for (auto& [at, key] : b) key -= first;
        }
    return shapes;
}

// Fraction of the lead's bars (of two notes or more) whose rhythm and intervals recur in another
// bar: exactly, transposed, or sequenced along the scale (a tonal sequence).
inline double lead_bar_repeat(const model::Score& score) {
    const auto shapes = lead_bar_shapes(score);
    std::map<BarShape, int> chromatic, diatonic;
    for (size_t b = 0; b < shapes.chromatic.size(); ++b)
        if (shapes.chromatic[b].size() >= 2) {
            ++chromatic[shapes.chromatic[b]];
            ++diatonic[shapes.diatonic[b]];
        }
    int played = 0, repeated = 0;
    for (size_t b = 0; b < shapes.chromatic.size(); ++b) {
        if (shapes.chromatic[b].size() < 2) continue;
        ++played;
        if (chromatic[shapes.chromatic[b]] >= 2 || diatonic[shapes.diatonic[b]] >= 2) ++repeated;
    }
    return played ? static_cast<double>(repeated) / played : 0.0;
}

// Fraction of the lead's phrase-length spans (four bars; eight of a two-beat metre, a march's or
// a jig's) that hold a rest of about a beat (three quarters of a beat or of a quarter note, the
// shorter, allowing for timing feel), the lead's last rest before the end included: the phrases
// breathe.
inline double lead_breath_fraction(const model::Score& score) {
    const model::Track* lead = lead_track(score);
    if (!lead || lead->notes.empty()) return 1.0;
    const int64_t span = (score.time_signature.beats_per_bar() >= 3 ? 4 : 8) * score.ticks_per_bar();
    const auto beat = static_cast<int64_t>(
        0.75 * std::min(1.0, score.time_signature.beat_quarters()) * model::kPpq);
    std::map<int64_t, bool> breathes;  // span index -> has a rest
    int64_t sounding_until = lead->notes.front().tick;
    auto rest_until = [&](int64_t tick) {
        if (tick - sounding_until >= beat) breathes[sounding_until / span] = true;
    };
    for (const auto& n : lead->notes) {
        breathes.try_emplace(n.tick / span, false);
        rest_until(n.tick);
        if (n.tick - sounding_until >= beat) breathes[n.tick / span] = true;
        sounding_until = std::max(sounding_until, n.tick + n.duration);
    }
    rest_until(static_cast<int64_t>(score.bars) * score.ticks_per_bar());
    int yes = 0;
    for (const auto& [s, b] : breathes) yes += b ? 1 : 0;
    return static_cast<double>(yes) / static_cast<double>(breathes.size());
}

}  // namespace omg::testing
