#include "compose/humanize.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace omg::compose {
namespace {

// Standard deviations in ms: the band's shared drift, a part's own drift, one attack; and the
// velocity variation. A drifting band is heard as alive; uncorrelated per-note noise of the
// same size is heard as sloppy, so the per-attack part is the smallest.
struct Feel {
    double band_ms;
    double part_ms;
    double attack_ms;
    int velocity;
    double lead_behind_ms = 0;  // how far a soloist sits behind the band
};

Feel feel_of(const std::string& family) {
    if (family == "machine") return {0, 0, 0, 2};
    if (family == "groove") return {4, 2.5, 2, 9, 8};
    if (family == "jazz") return {5, 3, 2.5, 11, 12};
    if (family == "classical") return {5, 3, 2, 6};
    if (family == "ambient") return {8, 6, 6, 8};
    return {3.5, 2, 1.5, 7, 4};  // band
}

constexpr double kTriangularSd = 0.408248;  // of Rng::jitter(1)
constexpr double kCorrelation = 0.85;       // of the drift from one beat to the next

// A smooth random walk: one value per step, standard deviation `sd`, bounded at 2.5 sd.
std::vector<double> drift(size_t steps, double sd, Rng& rng) {
    std::vector<double> out(steps, 0.0);
    if (sd <= 0) return out;
    const double innovation = std::sqrt(1 - kCorrelation * kCorrelation);
    double x = rng.jitter(1) / kTriangularSd;
    for (auto& v : out) {
        v = std::clamp(x, -2.5, 2.5) * sd;
        x = kCorrelation * x + innovation * rng.jitter(1) / kTriangularSd;
    }
    return out;
}

double at(const std::vector<double>& per_beat, int64_t ticks_per_beat, int64_t tick) {
    if (per_beat.empty()) return 0;
    const double beat = std::max(0.0, static_cast<double>(tick) / static_cast<double>(ticks_per_beat));
    const auto i = std::min(static_cast<size_t>(beat), per_beat.size() - 1);
    const size_t j = std::min(i + 1, per_beat.size() - 1);
    const double f = std::clamp(beat - static_cast<double>(i), 0.0, 1.0);
    return per_beat[i] * (1 - f) + per_beat[j] * f;
}

// Swing: only positions on the straight 16th grid of the pair move (triplet grids already swing).
double swung(double tick, int64_t tick_in_bar, double pair, double swing) {
    const double pos = std::fmod(static_cast<double>(tick_in_bar), pair);
    if (pos <= 0 || static_cast<double>(std::lround(pos * 4 / pair)) * pair / 4 != pos) return tick;
    const double frac = pos / pair;
    const double moved = frac <= 0.5 ? frac / 0.5 * swing : swing + (frac - 0.5) / 0.5 * (1 - swing);
    return tick + (moved - frac) * pair;
}

// Lilt: within each compound beat, 0 -> 0, 1/3 -> 1/3 + lilt, 2/3 and 1 stay (piecewise linear).
double lilted(double tick, int64_t beat_ticks, double lilt) {
    const double beat = static_cast<double>(beat_ticks);
    const double start = std::floor(tick / beat) * beat;
    const double f = (tick - start) / beat;
    const double a = 1.0 / 3, b = 2.0 / 3;
    const double g = f <= a ? f * (a + lilt) / a : f <= b ? (a + lilt) + (f - a) * (b - a - lilt) / (b - a) : f;
    return start + g * beat;
}

bool melodic(const std::string& role) { return role == "lead" || role == "counter" || role == "vocal"; }

// The phrase arch: 0 at a phrase's start and end, 1 at 60 % of it.
double arch(double pos) {
    static const double k = std::log(0.5) / std::log(0.6);
    return std::sin(std::numbers::pi * std::pow(std::clamp(pos, 0.0, 1.0), k));
}

// Where `tick` falls in its four-bar phrase (phrases counted from each section's start), 0..1.
double phrase_position(const Plan& plan, int64_t tick) {
    const int bar = static_cast<int>(tick / plan.ticks_per_bar);
    const PlannedSection& s = plan.section_at_bar(std::min(bar, std::max(0, plan.bars - 1)));
    const int length = std::clamp(s.bars, 1, 4);
    const int64_t start = plan.bar_tick(s.start_bar + (bar - s.start_bar) / length * length);
    return static_cast<double>(tick - start) / static_cast<double>(length * plan.ticks_per_bar);
}

}  // namespace

Pocket::Pocket(const Plan& plan, const model::Style& style, Rng rng)
    : ticks_per_beat_(std::max<int64_t>(1, plan.ticks_per_beat)) {
    const auto beats = static_cast<size_t>(plan.end_tick / ticks_per_beat_ + 2);
    per_beat_ms_ = drift(beats, feel_of(style.feel).band_ms, rng);
}

double Pocket::drift_ms(int64_t tick) const { return at(per_beat_ms_, ticks_per_beat_, tick); }

double swing_at_tempo(const model::Style& style, const Plan& plan) {
    const double swing = std::clamp(style.swing, 0.5, 0.8);
    if (swing <= 0.505 || plan.ts.compound()) return 0.5;
    const double felt_bpm = plan.qpm * model::kPpq / static_cast<double>(std::max<int64_t>(1, plan.ticks_per_beat));
    const double ratio = swing / (1 - swing);
    const double scaled = 1 + (ratio - 1) * std::clamp(style.tempo_default / felt_bpm, 0.4, 1.6);
    const double r = std::clamp(scaled, 1.0, 3.0);
    return r / (1 + r);
}

void humanize(const Plan& plan, const model::Style& style, const Pocket& pocket, int offset_ms,
              model::Track& track, Rng& rng) {
    const Feel feel = feel_of(style.feel);
    const double ms_to_ticks = plan.qpm * model::kPpq / 60000.0;
    const double swing = swing_at_tempo(style, plan);
    const double pair = style.swing_unit == 16 ? model::kPpq / 2.0 : static_cast<double>(model::kPpq);
    const bool lilt = style.lilt > 0 && plan.ts.compound();
    const bool rhythm_section = track.drums || track.role == "bass";
    const int64_t beat = std::max<int64_t>(1, plan.ticks_per_beat);
    const auto own = drift(static_cast<size_t>(plan.end_tick / beat + 2),
                           feel.part_ms * (rhythm_section ? 0.35 : 1.0), rng);
    const double shape = track.drums ? 0 : melodic(track.role) ? 10 : 4;
    const double push_ms = offset_ms + (track.role == "lead" ? feel.lead_behind_ms : 0);

    std::stable_sort(track.notes.begin(), track.notes.end(),
                     [](const model::Note& a, const model::Note& b) { return a.tick < b.tick; });
    int64_t written = -1;
    double attack_ms = 0;
    for (auto& note : track.notes) {
        // One attack per written time: a chord's notes, or a kit's hits together, sound together.
        if (note.tick != written) {
            written = note.tick;
            const double sd_ms = feel.attack_ms * (rhythm_section ? 0.6 : 1.0);
            attack_ms = sd_ms > 0 ? rng.jitter(sd_ms / kTriangularSd) : 0;
        }
        const int64_t in_bar = note.tick % plan.ticks_per_bar;
        double tick = static_cast<double>(note.tick);
        double end = static_cast<double>(note.tick + note.duration);
        if (swing > 0.5) tick = swung(tick, in_bar, pair, swing);
        if (lilt) {
            tick = lilted(tick, beat, style.lilt);
            end = lilted(end, beat, style.lilt);
        }
        // The final downbeat stays exact: the ending is timed to the track's length.
        if (note.tick != plan.final_tick) {
            const double ms = push_ms + pocket.drift_ms(note.tick) + at(own, beat, note.tick) + attack_ms;
            tick += ms * ms_to_ticks;
            end += ms * ms_to_ticks;
        }
        int velocity = note.velocity;
        if (feel.velocity > 0) velocity += static_cast<int>(std::lround(rng.jitter(feel.velocity)));
        if (shape > 0) velocity += static_cast<int>(std::lround(shape * (arch(phrase_position(plan, note.tick)) - 0.6)));
        const auto start = std::max<int64_t>(0, std::llround(tick));
        note.tick = start;
        if (lilt) note.duration = std::max<int64_t>(10, std::llround(end) - start);
        note.velocity = std::clamp(velocity, 1, 127);
    }
    std::stable_sort(track.notes.begin(), track.notes.end(),
                     [](const model::Note& a, const model::Note& b) { return a.tick < b.tick; });
}

}  // namespace omg::compose
