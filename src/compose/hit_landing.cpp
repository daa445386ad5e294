#include "compose/hit_landing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace omg::compose {
namespace {

std::string percent_text(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", share * 100);
    return buf;
}

std::string kind_text(model::HitKind kind) { return std::string(model::hit_kind_name(kind)); }

bool allowed(model::HitKind kind, const Plan& plan, int bar) {
    const int final_bar = plan.bars - 1;
    switch (kind) {
        case model::HitKind::build: return bar >= 1;
        case model::HitKind::section: return can_start_section(plan, bar);
        case model::HitKind::stop: return bar < final_bar && can_start_section(plan, bar + 1);
        default: return true;
    }
}

bool preferred(model::HitKind kind, const Plan& plan, int bar) {
    switch (kind) {
        case model::HitKind::section:
        case model::HitKind::accent:
        case model::HitKind::build: return bar > 0 && section_starts_at(plan, bar);
        case model::HitKind::stop: return section_starts_at(plan, bar + 1);
        case model::HitKind::cadence: return bar == plan.bars - 1 || section_starts_at(plan, bar + 1);
        case model::HitKind::stinger: return false;
    }
    return false;
}

struct Point {
    int bar = 0;
    double time_s = 0;
};

// The cost of reaching `to` from `from` (lower is better), or nothing when the tempo cannot.
std::optional<double> step_cost(const Point& from, const Point& to, model::HitKind kind, const Plan& plan,
                                const HitTiming& timing) {
    if (to.bar == from.bar) {
        if (std::abs(to.time_s - from.time_s) > model::kHitToleranceS) return std::nullopt;
        return 0.0;
    }
    if (to.bar < from.bar || to.time_s <= from.time_s) return std::nullopt;
    const double rate = static_cast<double>(to.bar - from.bar) * timing.bar_s / (to.time_s - from.time_s);
    const double change = std::abs(rate - 1);
    if (change > timing.flex) return std::nullopt;
    return change - (change <= timing.flex / 2 && preferred(kind, plan, to.bar) ? 1.0 : 0.0);
}

// Why a hit after `from` (the start or the last landed hit) cannot land by itself, or "" when it could.
std::string alone_reason(const Plan& plan, const TimedHit& hit, const Point& from, bool from_hit,
                         const HitTiming& timing) {
    const int final_bar = plan.bars - 1;
    const double span = hit.time_s - from.time_s;
    const double fastest = 1 + timing.flex, slowest = 1 - timing.flex;
    const double bar_s = timing.bar_s;
    for (int b = from.bar + 1; b <= final_bar; ++b) {
        const double rate = static_cast<double>(b - from.bar) * bar_s / span;
        if (rate > fastest) break;
        if (rate >= slowest && allowed(hit.kind, plan, b) &&
            hit.time_s + static_cast<double>(final_bar - b) * bar_s / fastest <= timing.duration_s - kMinTailS)
            return {};
    }
    if (from_hit && std::abs(span) <= model::kHitToleranceS && !allowed(hit.kind, plan, from.bar))
        return "shares its downbeat with another hit, where a " + kind_text(hit.kind) + " cannot be";
    if (!from_hit && hit.time_s <= model::kHitToleranceS)
        return "a " + kind_text(hit.kind) + " cannot be on the first downbeat";
    const std::string after = from_hit ? " after the hit at " + seconds_text(from.time_s) : " after the start";
    if (hit.kind == model::HitKind::build && from.bar == 0 && span < 2 * bar_s * slowest)
        return "a build needs a whole bar before it to rise through";
    if (span < bar_s / fastest)
        return seconds_text(span) + after + ": closer than one bar (" + seconds_text(bar_s / fastest) +
               " at the fastest tempo this style allows)";
    const double last_downbeat = from.time_s + static_cast<double>(final_bar - from.bar) * bar_s / slowest;
    if (hit.time_s > last_downbeat || from.bar >= final_bar)
        return "after the final downbeat (about " + seconds_text(static_cast<double>(final_bar) * bar_s) +
               "): the music has ended there";
    const int nearest = from.bar + std::max(1, static_cast<int>(std::lround(span / bar_s)));
    const double need = static_cast<double>(nearest - from.bar) * bar_s / span - 1;
    if (std::abs(need) <= timing.flex) {
        if (hit.kind == model::HitKind::stop) return "a stop needs music after it, in a section that is not sung";
        if (hit.kind == model::HitKind::section) return "a new section cannot start inside a sung section";
        return "too near the end: the bars after it cannot reach the final downbeat inside the track";
    }
    return "landing on bar " + std::to_string(nearest + 1) + " needs the tempo moved by " + (need >= 0 ? "+" : "") +
           percent_text(need) + ", beyond the " + percent_text(timing.flex) + " this style allows";
}

}  // namespace

bool set_asked_time(model::HitMark& m, const Plan& plan, double bar_s, double beat_s) {
    if (!m.asked.bar_beat) {
        m.time_s = m.asked.time_s.value_or(-1);
        return true;
    }
    const model::BarBeat bb = *m.asked.bar_beat;
    m.time_s = static_cast<double>(bb.bar - 1) * bar_s + static_cast<double>(bb.beat - 1) * beat_s;
    if (bb.beat >= 1 && bb.beat <= plan.ts.beats_per_bar()) return true;
    m.reason = "beat " + std::to_string(bb.beat) + " is not in a bar of " + std::to_string(plan.ts.beats_per_bar()) +
               " beats";
    return false;
}

std::string seconds_text(double seconds, int decimals) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f s", decimals, seconds);
    return buf;
}

bool section_starts_at(const Plan& plan, int bar) {
    return std::any_of(plan.sections.begin(), plan.sections.end(),
                       [bar](const PlannedSection& s) { return s.start_bar == bar; });
}

bool can_start_section(const Plan& plan, int bar) {
    if (bar <= 0 || bar >= plan.bars) return false;
    return section_starts_at(plan, bar) || plan.section_at_bar(bar).lyric < 0;
}

std::vector<HitLanding> land_hits(const Plan& plan, const std::vector<TimedHit>& hits, const HitTiming& timing) {
    const int final_bar = plan.bars - 1;
    const double bar_s = timing.bar_s;
    // Each hit's candidate bars: every tempo on the way is within the flex, so bar b is reached
    // between b * bar_s / (1 + flex) and b * bar_s / (1 - flex).
    std::vector<std::vector<int>> bars(hits.size());
    for (size_t j = 0; j < hits.size(); ++j) {
        const double t = hits[j].time_s;
        const int lo = std::max(0, static_cast<int>(std::floor(t * (1 - timing.flex) / bar_s)));
        const int hi = std::min(final_bar, static_cast<int>(std::ceil(t * (1 + timing.flex) / bar_s)));
        for (int b = lo; b <= hi; ++b) {
            if (!allowed(hits[j].kind, plan, b)) continue;
            if (b == 0 && t > model::kHitToleranceS) continue;
            if (t + static_cast<double>(final_bar - b) * bar_s / (1 + timing.flex) > timing.duration_s - kMinTailS)
                continue;
            bars[j].push_back(b);
        }
    }
    // best[j][c]: the most hits landed, and their least cost, with hit j the last landed, on bars[j][c].
    struct State {
        int count = 0;
        double cost = 0;
        int prev_hit = -1;  // -1: from the start
        size_t prev_choice = 0;
        bool reachable = false;
    };
    auto better = [](int count, double cost, const State& than) {
        return !than.reachable || count > than.count || (count == than.count && cost < than.cost - 1e-12);
    };
    std::vector<std::vector<State>> best(hits.size());
    for (size_t j = 0; j < hits.size(); ++j) {
        best[j].resize(bars[j].size());
        for (size_t c = 0; c < bars[j].size(); ++c) {
            const Point to{bars[j][c], hits[j].time_s};
            State& s = best[j][c];
            if (auto cost = step_cost({0, 0}, to, hits[j].kind, plan, timing)) {
                s = {1, *cost, -1, 0, true};
            }
            for (size_t i = 0; i < j; ++i)
                for (size_t p = 0; p < bars[i].size(); ++p) {
                    const State& from = best[i][p];
                    if (!from.reachable) continue;
                    auto cost = step_cost({bars[i][p], hits[i].time_s}, to, hits[j].kind, plan, timing);
                    if (cost && better(from.count + 1, from.cost + *cost, s))
                        s = {from.count + 1, from.cost + *cost, static_cast<int>(i), p, true};
                }
        }
    }
    std::vector<HitLanding> out(hits.size());
    int last = -1;
    size_t choice = 0;
    State top;
    for (size_t j = 0; j < hits.size(); ++j)
        for (size_t c = 0; c < bars[j].size(); ++c)
            if (best[j][c].reachable && better(best[j][c].count, best[j][c].cost, top)) {
                top = best[j][c];
                last = static_cast<int>(j);
                choice = c;
            }
    for (int j = last; j >= 0;) {
        const auto ju = static_cast<size_t>(j);
        out[ju].bar = bars[ju][choice];
        const State& s = best[ju][choice];
        j = s.prev_hit;
        choice = s.prev_choice;
    }
    // Why each of the others did not land: alone after the last landed hit before it, or in
    // conflict with its neighbours.
    Point from{0, 0};
    bool from_hit = false;
    for (size_t j = 0; j < hits.size(); ++j) {
        if (out[j].bar) {
            from = {*out[j].bar, hits[j].time_s};
            from_hit = true;
            continue;
        }
        out[j].reason = alone_reason(plan, hits[j], from, from_hit, timing);
        if (!out[j].reason.empty()) continue;
        std::optional<double> neighbour;
        for (size_t k = j + 1; k < hits.size() && !neighbour; ++k)
            if (out[k].bar) neighbour = hits[k].time_s;
        if (!neighbour && from_hit) neighbour = from.time_s;
        out[j].reason = neighbour ? "it and the hit at " + seconds_text(*neighbour) +
                                        " cannot both land within the tempo this style allows; the other lands"
                                  : "no bar can carry it within the tempo this style allows";
    }
    return out;
}

}  // namespace omg::compose
