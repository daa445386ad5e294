// Hit points on a cue: where each falls in the cue's file and how it lands (see cue_hits.h).
#include "compose/cue_hits.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "compose/hit_landing.h"

namespace omg::compose {
namespace {

constexpr double kTol = model::kHitToleranceS;

int ending_downbeats(const model::CueShape& cue) {
    return cue.ending == model::CueEnding::fade ? model::kFadeEndingBars : 1;
}

std::string ms_text(double seconds) { return seconds_text(seconds, 3); }

// "0.213 s after the downbeat of bar 5 (8.000 s): 5:1 lands on it" for the file's bar nearest `t`.
std::string nearest_downbeat(double t, double bar_s, int last_bar) {
    const int k = std::clamp(static_cast<int>(std::lround(t / bar_s)), 0, last_bar);
    const double off = t - k * bar_s;
    return ms_text(std::abs(off)) + (off >= 0 ? " after" : " before") + " the downbeat of bar " +
           std::to_string(k + 1) + " (" + ms_text(k * bar_s) + "); ask for " + std::to_string(k + 1) +
           ":1 to land on it";
}

struct Landing {
    bool met = false;
    int file_bar = -1;
    std::string reason;
};

// A hit at file time `t` after the intro, at the base tempo.
Landing land_after_intro(const Plan& plan, const model::CueShape& cue, model::HitKind kind, double t, double bar_s) {
    const int intro = cue.intro_bars, vamp = cue.vamp_bars;
    const int final_bar = intro + vamp + ending_downbeats(cue) - 1;  // the file's last downbeat
    const int k = static_cast<int>(std::lround(t / bar_s));
    Landing out;
    if (k > final_bar || (k == final_bar && t - k * bar_s > kTol)) {
        out.reason = "after the ending's final downbeat (bar " + std::to_string(final_bar + 1) + " at " +
                     ms_text(final_bar * bar_s) + "): the music has ended there; ask for " +
                     std::to_string(final_bar + 1) + ":1 to land on it";
        return out;
    }
    const bool in_loop = k < intro + vamp;
    if (std::abs(t - k * bar_s) > kTol) {
        out.reason = std::string(in_loop ? "in the loop, which keeps one tempo so that it repeats seamlessly"
                                         : "in the ending, which keeps the loop's tempo") +
                     ": " + nearest_downbeat(t, bar_s, final_bar);
        return out;
    }
    const int render_bar = in_loop ? k : k + vamp;
    if (kind == model::HitKind::build && k == intro + vamp)
        return {false, -1,
                "a build rolls through the bar before it, here the loop's last bar: it would roll on every pass "
                "(put it on the loop's first downbeat, bar " + std::to_string(intro + 1) + ", or later in the ending)"};
    if (kind == model::HitKind::build && k == 0)
        return {false, -1, "a build cannot be on the first downbeat (it needs a bar before it to rise through)"};
    if (kind == model::HitKind::stop && k == final_bar)
        return {false, -1, "a stop needs music after it: bar " + std::to_string(k + 1) + " is the final downbeat"};
    if (kind == model::HitKind::section && !can_start_section(plan, render_bar))
        return {false, -1, "a new section cannot start on bar " + std::to_string(k + 1)};
    out.met = true;
    out.file_bar = k;
    return out;
}

bool allowed_in_intro(const Plan& plan, model::HitKind kind, int bar) {
    switch (kind) {
        case model::HitKind::build: return bar >= 1;
        case model::HitKind::section: return can_start_section(plan, bar);
        default: return true;
    }
}

struct Point {
    int bar = 0;
    double time_s = 0;
};

// The tempo factor from `from` to `to` (1: the base tempo), or nothing when the flex cannot.
std::optional<double> rate(const Point& from, const Point& to, double bar_s, double flex) {
    if (to.bar == from.bar) return std::abs(to.time_s - from.time_s) <= kTol ? std::optional<double>(1.0) : std::nullopt;
    if (to.bar < from.bar || to.time_s <= from.time_s) return std::nullopt;
    const double r = (to.bar - from.bar) * bar_s / (to.time_s - from.time_s);
    if (std::abs(r - 1) > flex) return std::nullopt;
    return r;
}

// The intro's hits (sorted by time): the most that land with the intro still ending at its own
// time, then the least tempo change. An exact search (dynamic programming over hits and bars).
std::vector<std::optional<int>> land_in_intro(const Plan& plan, int intro, const std::vector<TimedHit>& hits,
                                              double bar_s, double flex) {
    const Point end{intro, intro * bar_s};
    struct State {
        bool reachable = false;
        int count = 0;
        double cost = 0;
        Point at;
        int prev = -1;
        size_t prev_choice = 0;
    };
    std::vector<std::vector<int>> bars(hits.size());
    std::vector<std::vector<State>> best(hits.size());
    for (size_t j = 0; j < hits.size(); ++j) {
        for (int b = 0; b < intro; ++b)
            if (allowed_in_intro(plan, hits[j].kind, b) && std::abs(b * bar_s - hits[j].time_s) <= flex * hits[j].time_s + kTol)
                bars[j].push_back(b);
        best[j].resize(bars[j].size());
        for (size_t c = 0; c < bars[j].size(); ++c) {
            const int b = bars[j][c];
            const Point to{b, b == 0 ? 0.0 : hits[j].time_s};
            State& s = best[j][c];
            auto consider = [&](int count, double cost, Point at, int prev, size_t choice) {
                if (!s.reachable || count > s.count || (count == s.count && cost < s.cost - 1e-12))
                    s = {true, count, cost, at, prev, choice};
            };
            if (auto r = rate({0, 0}, {b, hits[j].time_s}, bar_s, flex)) consider(1, std::abs(*r - 1), to, -1, 0);
            for (size_t i = 0; i < j; ++i)
                for (size_t p = 0; p < bars[i].size(); ++p) {
                    const State& from = best[i][p];
                    if (!from.reachable) continue;
                    if (auto r = rate(from.at, {b, hits[j].time_s}, bar_s, flex))
                        consider(from.count + 1, from.cost + std::abs(*r - 1), b == from.at.bar ? from.at : to,
                                 static_cast<int>(i), p);
                }
        }
    }
    int last = -1;
    size_t choice = 0;
    int top_count = 0;
    double top_cost = 0;
    for (size_t j = 0; j < hits.size(); ++j)
        for (size_t c = 0; c < bars[j].size(); ++c) {
            const State& s = best[j][c];
            if (!s.reachable) continue;
            const auto r = rate(s.at, end, bar_s, flex);
            if (!r) continue;
            const double cost = s.cost + std::abs(*r - 1);
            if (s.count > top_count || (s.count == top_count && cost < top_cost - 1e-12)) {
                top_count = s.count;
                top_cost = cost;
                last = static_cast<int>(j);
                choice = c;
            }
        }
    std::vector<std::optional<int>> out(hits.size());
    for (int j = last; j >= 0;) {
        const auto ju = static_cast<size_t>(j);
        out[ju] = bars[ju][choice];
        j = best[ju][choice].prev;
        choice = best[ju][choice].prev_choice;
    }
    return out;
}

std::string percent_text(double share) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", share * 100);
    return buf;
}

// Why an intro hit did not land.
std::string intro_reason(const Plan& plan, const model::CueShape& cue, const TimedHit& hit, double bar_s,
                         double flex) {
    const double t = hit.time_s;
    const int intro = cue.intro_bars;
    const std::string nearest = nearest_downbeat(t, bar_s, intro);
    if (hit.kind == model::HitKind::build && t < bar_s * (1 - flex))
        return "a build needs a whole bar before it to rise through: " + nearest;
    if (hit.kind == model::HitKind::section && std::lround(t / bar_s) < intro &&
        !can_start_section(plan, static_cast<int>(std::lround(t / bar_s))))
        return "a new section cannot start there: " + nearest;
    const int k = std::clamp(static_cast<int>(std::lround(t / bar_s)), 1, std::max(1, intro));
    const double need = k * bar_s / t - 1;
    if (std::abs(need) > flex)
        return "in the intro, landing on bar " + std::to_string(k + 1) + " needs the tempo moved by " +
               (need >= 0 ? "+" : "") + percent_text(need) + ", beyond the " + percent_text(flex) +
               " this style allows (the intro must still end on the loop's first downbeat): " + nearest;
    return "in the intro, it and the other hits cannot all land within the tempo this style allows with the "
           "intro still ending on the loop's first downbeat: " + nearest;
}

}  // namespace

int cue_downbeats_met(std::span<const model::Hit> hits, const model::CueShape& cue, double bar_s) {
    const double intro_s = cue.intro_bars * bar_s;
    const int final_bar = cue.intro_bars + cue.vamp_bars + ending_downbeats(cue) - 1;
    int met = 0;
    for (const model::Hit& h : hits) {
        if (!h.time_s || *h.time_s < intro_s - kTol) continue;
        const long k = std::lround(*h.time_s / bar_s);
        if (k <= final_bar && std::abs(*h.time_s - static_cast<double>(k) * bar_s) <= kTol) ++met;
    }
    return met;
}

Result<CueHitPlan> plan_cue_hits(Plan& plan, const model::Style& style, const model::CueShape& cue,
                                 std::span<const model::Hit> hits) {
    CueHitPlan out;
    out.hits.qpm = plan.qpm;
    const double spt = 60.0 / (plan.qpm * model::kPpq);
    const double bar_s = static_cast<double>(plan.ticks_per_bar) * spt;
    const double beat_s = static_cast<double>(plan.ticks_per_beat) * spt;
    const double flex = std::clamp(style.tempo_flex, 0.0, 0.15);
    const int intro = cue.intro_bars, vamp = cue.vamp_bars;
    const double intro_s = intro * bar_s;
    const double file_s = static_cast<double>(plan.end_tick) * spt - vamp * bar_s;

    auto& marks = out.hits.marks;
    marks.resize(hits.size());
    std::vector<size_t> in_intro;
    for (size_t i = 0; i < hits.size(); ++i) {
        model::HitMark& m = marks[i];
        m.asked = hits[i];
        if (!set_asked_time(m, plan, bar_s, beat_s)) continue;
        if (!(m.time_s >= 0) || m.time_s > file_s) {
            m.reason = "outside the cue's file (0 to " + seconds_text(file_s) + ": intro, one pass of the loop, ending)";
            continue;
        }
        if (m.time_s < intro_s - kTol) {
            in_intro.push_back(i);
            continue;
        }
        const Landing l = land_after_intro(plan, cue, m.asked.kind, m.time_s, bar_s);
        if (!l.met) {
            m.reason = l.reason;
            continue;
        }
        m.met = true;
        m.bar = l.file_bar;
        m.landed_s = l.file_bar * bar_s;
        const bool in_loop = l.file_bar < intro + vamp;
        m.tick = plan.bar_tick(l.file_bar);
        model::HitMark play = m;
        if (in_loop) {
            out.before_copy.push_back(play);
            play.bar += vamp;
            play.tick = plan.bar_tick(play.bar);
            out.before_copy.push_back(play);
        } else {
            play.bar += vamp;
            play.tick = plan.bar_tick(play.bar);
            m.tick = play.tick;
            out.after_copy.push_back(play);
        }
    }

    // The intro: its own tempo map, ending where the base tempo ends it.
    std::stable_sort(in_intro.begin(), in_intro.end(), [&](size_t a, size_t b) { return marks[a].time_s < marks[b].time_s; });
    std::vector<TimedHit> timed;
    for (size_t i : in_intro) timed.push_back({marks[i].asked.kind, marks[i].time_s});
    const auto landed = land_in_intro(plan, intro, timed, bar_s, flex);
    std::vector<Point> anchors{{0, 0}};
    for (size_t k = 0; k < in_intro.size(); ++k) {
        model::HitMark& m = marks[in_intro[k]];
        if (!landed[k]) {
            m.reason = intro_reason(plan, cue, timed[k], bar_s, flex);
            continue;
        }
        m.met = true;
        m.bar = *landed[k];
        if (m.bar != anchors.back().bar) anchors.push_back({m.bar, m.time_s});
    }
    if (anchors.size() > 1) {
        anchors.push_back({intro, intro_s});
        for (size_t a = 1; a < anchors.size(); ++a) {
            const double qpm = plan.qpm * (anchors[a].bar - anchors[a - 1].bar) * bar_s /
                               (anchors[a].time_s - anchors[a - 1].time_s);
            if (a == 1) out.hits.qpm = qpm;
            else out.hits.changes.push_back({plan.bar_tick(anchors[a - 1].bar), qpm});
        }
        out.hits.changes.push_back({plan.bar_tick(intro), plan.qpm});
    }
    const model::TempoView tempo = out.hits.tempo();
    for (size_t i : in_intro) {
        model::HitMark& m = marks[i];
        if (!m.met) continue;
        m.tick = plan.bar_tick(m.bar);
        m.landed_s = tempo.seconds_at(m.tick);
        if (std::abs(m.landed_s - m.time_s) > kTol) {  // cannot happen: each segment's tempo lands it
            m.met = false;
            m.reason = "the tempo map reaches bar " + std::to_string(m.bar + 1) + " at " + seconds_text(m.landed_s);
            continue;
        }
        out.before_copy.push_back(m);
    }

    // The kinds that reshape the plan, on every bar that plays the hit. A cadence sets the bar
    // before too, except where that bar is the second vamp's last (the first vamp's copy).
    std::vector<model::HitMark> all = out.before_copy;
    all.insert(all.end(), out.after_copy.begin(), out.after_copy.end());
    const int ending_start = intro + 2 * vamp;
    for (const auto& m : all) {
        switch (m.asked.kind) {
            case model::HitKind::section: start_section_at(plan, m.bar, "hit"); break;
            case model::HitKind::cadence: {
                // A fade's bars are the vamp's copies: its cadence is the tune's and the bass's alone.
                const bool fade = cue.ending == model::CueEnding::fade;
                if (m.bar > ending_start || (fade && m.bar == ending_start)) break;
                if (auto s = set_cadence_at(plan, style, m.bar, m.bar != ending_start); !s)
                    return tl::unexpected(s.error());
                break;
            }
            default: break;
        }
    }
    plan.chords.back().duration = std::max<int64_t>(plan.release_tick - plan.chords.back().tick, 1);
    return out;
}

}  // namespace omg::compose
