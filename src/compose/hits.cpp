// Landing hit points: the bars, the tempo map and the plan's reshaping (see hits.h).
#include "compose/hits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <vector>

#include "compose/hit_landing.h"
#include "compose/mode_adapt.h"

namespace omg::compose {

// Splits the section holding `bar` so that a new one starts there (nothing when one does).
void start_section_at(Plan& plan, int bar, const std::string& why) {
    if (section_starts_at(plan, bar)) return;
    for (size_t i = 0; i < plan.sections.size(); ++i) {
        PlannedSection& s = plan.sections[i];
        if (bar <= s.start_bar || bar >= s.start_bar + s.bars) continue;
        PlannedSection after = s;
        after.start_bar = bar;
        after.bars = s.start_bar + s.bars - bar;
        after.name = s.name + " (" + why + ")";
        s.bars = bar - s.start_bar;
        plan.sections.insert(plan.sections.begin() + static_cast<std::ptrdiff_t>(i) + 1, after);
        return;
    }
}

// Puts one chord (a numeral of the style's) over the whole of `bar`.
Status set_bar_chord(Plan& plan, const model::Style& style, int bar, const std::string& numeral) {
    auto chord = chord_in_mode(numeral, plan.key_at_bar(bar), style.mode);
    if (!chord) return fail(Errc::invalid_argument, "style '" + style.id + "' cadence: " + chord.error().message);
    const int64_t start = plan.bar_tick(bar);
    const int64_t end = start + plan.ticks_per_bar;
    std::erase_if(plan.chords, [&](const TimedChord& c) { return c.tick >= start && c.tick < end; });
    // A chord from before the bar lets go at its line.
    for (auto& c : plan.chords)
        if (c.tick < start && c.tick + c.duration > start) c.duration = start - c.tick;
    plan.chords.push_back({start, plan.ticks_per_bar, *chord});
    std::sort(plan.chords.begin(), plan.chords.end(), [](const auto& a, const auto& b) { return a.tick < b.tick; });
    return {};
}

// The style's closing chords: its last over `bar`, the one before it over the bar before.
Status set_cadence_at(Plan& plan, const model::Style& style, int bar, bool with_bar_before) {
    const auto& cadence = style.ending.cadence;
    if (cadence.empty()) return {};
    if (with_bar_before && cadence.size() >= 2 && bar >= 1)
        if (auto s = set_bar_chord(plan, style, bar - 1, cadence[cadence.size() - 2]); !s) return s;
    return set_bar_chord(plan, style, bar, cadence.back());
}

namespace {

// Per-bar tempos for `bars` bars starting from `from_qpm`: a straight line to the tempo that
// makes them last `seconds` (the first bar already a step along it); nothing when that line
// would leave [low, high].
std::optional<std::vector<double>> ramp(double from_qpm, int bars, double bar_quarters, double seconds, double low,
                                        double high) {
    auto tempo = [&](double to, int k) { return from_qpm + (to - from_qpm) * (k + 1) / bars; };
    auto length = [&](double to) {
        double s = 0;
        for (int k = 0; k < bars; ++k) s += bar_quarters * 60 / tempo(to, k);
        return s;
    };
    // The length falls as the last tempo rises.
    double lo = low, hi = high;
    if (bars < 1 || length(lo) < seconds || length(hi) > seconds) return std::nullopt;
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        (length(mid) > seconds ? lo : hi) = mid;
    }
    std::vector<double> tempos;
    for (int k = 0; k < bars; ++k) tempos.push_back(tempo(0.5 * (lo + hi), k));
    return tempos;
}

// A tempo a MIDI file can say exactly: whole microseconds per quarter, kept inside [low, high].
double midi_tempo(double qpm, double low, double high) {
    const double fewest = std::ceil(60'000'000.0 / high), most = std::floor(60'000'000.0 / low);
    if (fewest > most) return std::clamp(qpm, low, high);  // no whole number fits: a flex of 0
    return 60'000'000.0 / std::clamp(std::round(60'000'000.0 / qpm), fewest, most);
}

}  // namespace

Result<HitPlan> plan_hits(Plan& plan, const model::Style& style, double duration_s,
                          std::span<const model::Hit> hits) {
    HitPlan out;
    out.qpm = plan.qpm;
    const double spt = 60.0 / (plan.qpm * model::kPpq);
    const double bar_s = static_cast<double>(plan.ticks_per_bar) * spt;
    const double beat_s = static_cast<double>(plan.ticks_per_beat) * spt;
    const double flex = std::clamp(style.tempo_flex, 0.0, 0.15);
    const double low = plan.qpm * (1 - flex), high = plan.qpm * (1 + flex);

    // When each is asked for, and the order to land them in.
    out.marks.resize(hits.size());
    std::vector<size_t> order;
    for (size_t i = 0; i < hits.size(); ++i) {
        model::HitMark& m = out.marks[i];
        m.asked = hits[i];
        if (!set_asked_time(m, plan, bar_s, beat_s)) continue;
        if (!(m.time_s >= 0) || m.time_s > duration_s) {
            m.reason = "outside the track (0 to " + seconds_text(duration_s) + ")";
            continue;
        }
        order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return out.marks[a].time_s < out.marks[b].time_s; });

    struct Anchor {
        int bar = 0;
        double time_s = 0;
    };
    std::vector<Anchor> anchors{{0, 0}};
    std::vector<TimedHit> timed;
    for (size_t i : order) timed.push_back({out.marks[i].asked.kind, out.marks[i].time_s});
    const std::vector<HitLanding> landings = land_hits(plan, timed, HitTiming{bar_s, flex, duration_s});
    for (size_t k = 0; k < order.size(); ++k) {
        model::HitMark& m = out.marks[order[k]];
        if (!landings[k].bar) {
            m.reason = landings[k].reason;
            continue;
        }
        m.bar = *landings[k].bar;
        m.met = true;
        if (m.bar != anchors.back().bar) anchors.push_back({m.bar, m.time_s});
    }
    if (anchors.size() == 1) return out;  // nothing landed: the piece keeps its one tempo

    // The tempo map: between landed hits the tempo moves bar by bar in a straight line from the
    // one sounding to the one that lands the next hit (constant when such a ramp would leave the
    // flex), each segment measured from where the one before really landed, so rounding never
    // adds up.
    auto set_tempo = [&](int64_t tick, double qpm) {
        if (tick <= 0) {
            out.qpm = qpm;
            return;
        }
        if (!out.changes.empty() && out.changes.back().tick == tick) out.changes.pop_back();
        const double current = out.changes.empty() ? out.qpm : out.changes.back().qpm;
        if (qpm != current) out.changes.push_back({tick, qpm});
    };
    const double bar_quarters = static_cast<double>(plan.ticks_per_bar) / model::kPpq;
    for (size_t a = 1; a < anchors.size(); ++a) {
        const int64_t start = plan.bar_tick(anchors[a - 1].bar);
        const double start_s = out.tempo().seconds_at(start);
        const int bars = anchors[a].bar - anchors[a - 1].bar;
        const double seconds = anchors[a].time_s - start_s;
        const double sounding = out.changes.empty() ? out.qpm : out.changes.back().qpm;
        if (const auto tempos = ramp(std::clamp(sounding, low, high), bars, bar_quarters, seconds, low, high)) {
            for (int k = 0; k < bars; ++k)
                set_tempo(plan.bar_tick(anchors[a - 1].bar + k), midi_tempo((*tempos)[static_cast<size_t>(k)], low, high));
        } else {
            set_tempo(start, midi_tempo(bar_quarters * bars * 60 / seconds, low, high));
        }
    }
    // After the last hit: the final downbeat where it was (or as near as the flex allows), with
    // a ritardando into it over its last two bars.
    const int final_bar = plan.bars - 1;
    const Anchor last = anchors.back();
    if (last.bar < final_bar) {
        const int64_t start = plan.bar_tick(last.bar);
        const double start_s = out.tempo().seconds_at(start);
        const int bars = final_bar - last.bar;
        const int rit_bars = std::min(2, bars);
        const double rest_q = bar_quarters * (bars - rit_bars);
        const int beats = rit_bars * plan.ts.beats_per_bar();
        const double beat_q = static_cast<double>(plan.ticks_per_beat) / model::kPpq;
        const double total_q = rest_q + beat_q * beats;
        double target = static_cast<double>(plan.final_tick) * spt;
        target = std::clamp(target, start_s + total_q * 60 / high, start_s + total_q * 60 / low);
        target = std::min(target, duration_s - kMinTailS);
        double depth = 0.6 * flex;
        double rest_qpm = plan.qpm;
        for (int attempt = 0; attempt < 8; ++attempt, depth *= 0.5) {
            double weighted = rest_q;
            for (int k = 0; k < beats; ++k) weighted += beat_q / (1 - depth * (k + 1) / beats);
            rest_qpm = weighted * 60 / (target - start_s);
            if (rest_qpm <= high && rest_qpm * (1 - depth) >= low) break;
        }
        rest_qpm = std::clamp(rest_qpm, low, high);
        const int64_t rit_start = plan.bar_tick(final_bar - rit_bars);
        set_tempo(start, midi_tempo(rest_qpm, low, high));
        for (int k = 0; k < beats; ++k)
            set_tempo(rit_start + plan.ticks_per_beat * k, midi_tempo(rest_qpm * (1 - depth * (k + 1) / beats), low, high));
    }

    // Where each landed, in the map.
    const model::TempoView tempo = out.tempo();
    for (auto& m : out.marks) {
        if (!m.met) continue;
        m.tick = plan.bar_tick(m.bar);
        m.landed_s = tempo.seconds_at(m.tick);
        if (std::abs(m.landed_s - m.time_s) > model::kHitToleranceS) {
            m.met = false;
            m.reason = "the tempo map reaches bar " + std::to_string(m.bar + 1) + " at " + seconds_text(m.landed_s) +
                       ", off by more than 10 ms";
        }
    }

    // The plan in the new map: the track's end and the final chord's release.
    plan.end_tick = static_cast<int64_t>(std::llround(tempo.ticks_at(duration_s)));
    const double final_s = tempo.seconds_at(plan.final_tick);
    const double decay = std::clamp(0.4 * (duration_s - final_s), 0.25, 5.0);
    plan.release_tick = std::max(plan.final_tick + 1, static_cast<int64_t>(std::llround(tempo.ticks_at(duration_s - decay))));

    // The kinds that reshape the plan.
    for (const auto& m : out.marks) {
        if (!m.met) continue;
        switch (m.asked.kind) {
            case model::HitKind::section: start_section_at(plan, m.bar, "hit"); break;
            case model::HitKind::stop: start_section_at(plan, m.bar + 1, "after the stop"); break;
            case model::HitKind::cadence:
                if (auto s = set_cadence_at(plan, style, m.bar, true); !s) return tl::unexpected(s.error());
                break;
            default: break;
        }
    }
    plan.chords.back().duration = std::max<int64_t>(plan.release_tick - plan.chords.back().tick, 1);
    return out;
}

}  // namespace omg::compose
