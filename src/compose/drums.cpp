#include "compose/drums.h"

#include <algorithm>
#include <map>

#include "compose/dynamics.h"
#include "compose/grid.h"

namespace omg::compose {
namespace {

constexpr int kKick = 36, kSnare = 38, kCrash = 49;

bool is_cymbal(int key) { return key == 49 || key == 57 || key == 52 || key == 55; }
bool is_kick(int key) { return key == 35 || key == 36; }
bool is_snare(int key) { return key == 38 || key == 40 || key == 37 || key == 39; }
// Time-keepers: hats, ride, shakers, tambourine, cabasa.
bool is_timekeeper(int key) {
    return key == 42 || key == 44 || key == 46 || key == 51 || key == 53 || key == 54 || key == 59 ||
           key == 69 || key == 70 || key == 82;
}

// Players lean on the beat with the time-keeping hand: it is what makes the pulse audible.
int pulse_accent(const Plan& plan, int key, int64_t tick_in_bar) {
    if (!is_timekeeper(key)) return 0;
    if (tick_in_bar % plan.ticks_per_beat == 0) return tick_in_bar == 0 ? 10 : 7;
    return -6;
}

using Rows = std::vector<DrumRow>;

Result<Rows> parse_rows(const std::vector<std::string>& lines) {
    Rows rows;
    for (const auto& line : lines) {
        auto row = parse_drum_row(line);
        if (!row) return tl::unexpected(row.error());
        rows.push_back(std::move(*row));
    }
    return rows;
}

// Seeded variation of a groove: a pushed kick or ghost snares where the feel allows, so two
// seeds of one style do not share an identical groove.
void vary(Rows& rows, const model::Style& style, Rng& rng) {
    if (style.feel == "machine" || style.feel == "classical" || style.feel == "ambient") return;
    for (auto& row : rows) {
        Grid& g = row.grid;
        if (g.steps_per_bar != 16 && g.steps_per_bar != 8) continue;
        const int per_beat = g.steps_per_bar / 4;
        for (auto& bar : g.bars) {
            if (is_kick(row.key) && rng.chance(0.55)) {
                // One extra kick on a weak off-beat that is free in this bar.
                const int candidates[] = {per_beat * 2 + per_beat / 2, per_beat * 3 - 1, per_beat + per_beat / 2};
                const int s = candidates[rng.range(0, 2)];
                if (s > 0 && s < g.steps_per_bar && !bar[static_cast<size_t>(s)].onset()) bar[static_cast<size_t>(s)].symbol = 'x';
            }
            if (is_snare(row.key) && style.feel != "jazz" && per_beat == 4) {
                for (int s = 1; s < g.steps_per_bar; s += 2)
                    if (!bar[static_cast<size_t>(s)].onset() && rng.chance(0.12)) bar[static_cast<size_t>(s)].symbol = 'g';
            }
        }
    }
}

Rows generated_fill(const Plan& plan) {
    // Snare 16ths over the last beat, the last one accented.
    const int steps = plan.ts.compound() ? plan.ts.numerator : static_cast<int>(plan.ts.bar_quarters() * 4);
    const int last_beat = steps - (plan.ts.compound() ? 3 : 4);
    std::string snare = "38";
    for (int s = 0; s < steps; ++s) {
        snare += s >= last_beat ? (s + 1 == steps ? " X" : " x") : " .";
    }
    auto rows = parse_rows({snare});
    return rows ? *rows : Rows{};
}

int token_velocity(char symbol) {
    switch (symbol) {
        case 'X': return 112;
        case 'x': return 88;
        case 'g': return 36;
        case 'r': return 60;
        case 'f': return 92;
        default: return 0;
    }
}

void play_step(model::Track& track, int key, const Step& step, int64_t tick, int64_t step_ticks,
               double energy, int accent, Rng& rng) {
    const double scale = 0.8 + 0.28 * energy;
    int v = static_cast<int>(token_velocity(step.symbol) * scale) + step.accent * 10 + accent;
    const int64_t len = std::max<int64_t>(step_ticks, 60);
    if (step.symbol == 'r') {
        const int64_t n = std::max<int64_t>(step_ticks / (model::kPpq / 8), 2);
        for (int64_t i = 0; i < n; ++i)
            add_note(track, tick + i * step_ticks / n, step_ticks / n, key, v - 10 + static_cast<int>(20 * i / n));
        return;
    }
    if (step.symbol == 'f') add_note(track, std::max<int64_t>(tick - 24, 0), 40, key, v - 40);
    add_note(track, tick, len, key, v + static_cast<int>(rng.jitter(3)));
}

}  // namespace

Status write_drum_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                       model::Track& track, Rng& rng) {
    std::map<std::string, Rows> cache;
    auto rows_for = [&](const std::string& variant) -> Result<const Rows*> {
        auto it = part.patterns.find(variant);
        std::string name = variant;
        if (it == part.patterns.end()) {
            it = part.patterns.find("main");
            name = "main";
        }
        if (it == part.patterns.end()) return static_cast<const Rows*>(nullptr);
        if (!cache.count(name)) {
            auto rows = parse_rows(it->second);
            if (!rows) return fail(Errc::invalid_argument, "style '" + style.id + "' drums '" + name + "': " + rows.error().message);
            if (name != "fill") {
                Rng variation = rng.fork("groove:" + name);
                vary(*rows, style, variation);
            }
            cache.emplace(name, std::move(*rows));
        }
        return &cache.at(name);
    };
    auto fill = rows_for("fill");
    if (!fill) return tl::unexpected(fill.error());
    const Rows fill_rows = (*fill && part.patterns.count("fill")) ? **fill : generated_fill(plan);

    const int ending_bar = plan.bars - 1;
    for (size_t si = 0; si < plan.sections.size(); ++si) {
        const auto& section = plan.sections[si];
        if (!section.plays("drums")) continue;
        auto groove = rows_for(section.variant);
        if (!groove) return tl::unexpected(groove.error());
        if (!*groove) continue;
        const Rows& rows = **groove;
        const int end_bar = std::min(section.start_bar + section.bars, ending_bar);
        const bool next_exists = si + 1 < plan.sections.size() || end_bar == ending_bar;
        for (int bar = section.start_bar; bar < end_bar; ++bar) {
            const int64_t bar_tick = plan.bar_tick(bar);
            const bool fill_bar = section.fill && next_exists && bar == end_bar - 1 && section.bars >= 2;
            // The fill takes over from its first hit; the groove plays up to there.
            double fill_from = 1.0;
            if (fill_bar) {
                for (const auto& row : fill_rows)
                    for (int s = 0; s < plan.steps_in_bar(row.grid.steps_per_bar); ++s)
                        if (row.grid.at(0, s % row.grid.steps_per_bar).onset()) {
                            fill_from = std::min(fill_from, static_cast<double>(plan.step_offset(s, row.grid.steps_per_bar)) /
                                                                static_cast<double>(plan.ticks_per_bar));
                            break;
                        }
            }
            for (const auto& row : rows) {
                const Grid& g = row.grid;
                const int64_t step_ticks = plan.step_offset(1, g.steps_per_bar);
                for (int s = 0; s < plan.steps_in_bar(g.steps_per_bar); ++s) {
                    const int64_t in_bar = plan.step_offset(s, g.steps_per_bar);
                    if (static_cast<double>(in_bar) / static_cast<double>(plan.ticks_per_bar) >= fill_from) break;
                    const Step& step = g.at(bar - section.start_bar, s % g.steps_per_bar);
                    if (!step.onset()) continue;
                    play_step(track, row.key, step, bar_tick + in_bar, step_ticks, section.energy,
                              step.symbol == 'g' ? 0 : pulse_accent(plan, row.key, in_bar), rng);
                }
            }
            if (fill_bar) {
                for (const auto& row : fill_rows) {
                    const Grid& g = row.grid;
                    const int64_t step_ticks = plan.step_offset(1, g.steps_per_bar);
                    for (int s = 0; s < plan.steps_in_bar(g.steps_per_bar); ++s) {
                        const Step& step = g.at(0, s % g.steps_per_bar);
                        const int64_t in_bar = plan.step_offset(s, g.steps_per_bar);
                        if (!step.onset() || static_cast<double>(in_bar) / static_cast<double>(plan.ticks_per_bar) < fill_from)
                            continue;
                        play_step(track, row.key, step, bar_tick + in_bar,
                                  step_ticks, std::min(1.0, section.energy + 0.15), 0, rng);
                    }
                }
            }
        }
        // A crash marks a new section's downbeat, unless the groove has its own cymbal there.
        if (si > 0 && section.energy >= 0.55 && section.start_bar < ending_bar) {
            bool has_cymbal = false;
            for (const auto& row : rows)
                has_cymbal |= is_cymbal(row.key) && row.grid.at(0, 0).onset();
            if (!has_cymbal) add_note(track, plan.bar_tick(section.start_bar), model::kPpq, kCrash, 100);
        }
    }

    // Final hit: crash and kick on the last downbeat (and on the stinger).
    if (plan.sections.back().plays("drums")) {
        add_note(track, plan.final_tick, model::kPpq, kCrash, 110);
        add_note(track, plan.final_tick, model::kPpq / 2, kKick, 112);
        if (style.ending.stinger) {
            const int64_t hit = plan.final_tick + plan.ticks_per_beat;
            add_note(track, hit, model::kPpq, kCrash, 124);
            add_note(track, hit, model::kPpq / 2, kKick, 124);
            add_note(track, hit, model::kPpq / 4, kSnare, 118);
        }
    }
    std::sort(track.notes.begin(), track.notes.end(), [](const auto& a, const auto& b) {
        return a.tick != b.tick ? a.tick < b.tick : a.key < b.key;
    });
    return {};
}

}  // namespace omg::compose
