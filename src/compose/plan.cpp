#include "compose/plan.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "compose/mode_adapt.h"
#include "compose/song_form.h"
#include "model/score.h"

namespace omg::compose {
namespace {

std::string display_name(const std::string& kind) {
    std::string out;
    bool up = true;
    for (char c : kind) {
        if (c == '_') {
            out.push_back(' ');
            up = false;
            continue;
        }
        out.push_back(up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
        up = false;
    }
    return out;
}

}  // namespace

bool PlannedSection::plays(const std::string& role) const {
    return roles.empty() || std::find(roles.begin(), roles.end(), role) != roles.end();
}

const PlannedSection& Plan::section_at_bar(int bar) const {
    for (const auto& s : sections)
        if (bar >= s.start_bar && bar < s.start_bar + s.bars) return s;
    return sections.back();
}

const TimedChord& Plan::chord_at(int64_t tick) const {
    auto it = std::upper_bound(chords.begin(), chords.end(), tick,
                               [](int64_t t, const TimedChord& c) { return t < c.tick; });
    if (it == chords.begin()) return chords.front();
    return *(it - 1);
}

const TimedChord& Plan::next_chord(int64_t tick) const {
    auto it = std::upper_bound(chords.begin(), chords.end(), tick,
                               [](int64_t t, const TimedChord& c) { return t < c.tick; });
    if (it == chords.end()) return chords.back();
    return *it;
}

model::Key Plan::key_at_bar(int bar) const {
    const auto& s = section_at_bar(bar);
    return model::Key{(key.tonic + s.transpose + 120) % 12, key.mode};
}

Result<Plan> make_plan(const model::Brief& brief, const model::Style& style, Rng& rng,
                       const model::SungText* lyrics, std::vector<std::string>* dropped,
                       const model::CueShape* cue) {
    Plan plan;
    plan.ts = brief.time_signature;
    plan.key = brief.key;
    plan.qpm = brief.tempo_bpm * plan.ts.beat_quarters();
    plan.ticks_per_bar = static_cast<int64_t>(std::llround(plan.ts.bar_quarters() * model::kPpq));
    plan.ticks_per_beat = static_cast<int64_t>(std::llround(plan.ts.beat_quarters() * model::kPpq));
    const bool style_metre = std::find(style.meters.begin(), style.meters.end(), plan.ts) != style.meters.end();
    plan.grid_bar_ticks = style_metre || style.meters.empty()
                              ? plan.ticks_per_bar
                              : static_cast<int64_t>(std::llround(style.meters.front().bar_quarters() * model::kPpq));
    const double spt = 60.0 / (plan.qpm * model::kPpq);
    const double bar_s = static_cast<double>(plan.ticks_per_bar) * spt;
    const double total = brief.duration_s;

    // The final chord lands on a downbeat and rings out inside the duration (styles.md §1.7).
    const double beat_s = static_cast<double>(plan.ticks_per_beat) * spt;
    const double min_tail = style.ending.stinger ? beat_s + 0.6 : 0.6;
    const double tail = std::min(std::max(std::min(style.ending.tail_s, std::max(min_tail, 0.3 * total)), min_tail),
                                 total * 0.6);
    int bars = static_cast<int>(std::floor((total - tail) / bar_s)) + 1;
    bars = std::max(bars, 1);
    while (bars > 1 && (bars - 1) * bar_s > total - 0.4) --bars;

    // Form.
    if (style.forms.empty()) return fail(Errc::invalid_argument, "style '" + style.id + "' has no form");
    const auto& form_text = style.forms[static_cast<size_t>(rng.range(0, static_cast<int>(style.forms.size()) - 1))];
    auto form = parse_form(form_text);
    if (!form) return fail(Errc::invalid_argument, "style '" + style.id + "': " + form.error().message);
    std::vector<FormItem> items;
    std::vector<int> lyric_of, bars_per_line, lyric_lines;
    if (lyrics) {
        SongForm song = song_form(*lyrics, style, *form, SongTiming{bar_s, plan.ts.beats_per_bar()}, bars);
        items = std::move(song.items);
        lyric_of = std::move(song.lyric);
        lyric_lines = std::move(song.lines);
        bars_per_line.assign(items.size(), song.bars_per_line);
        if (dropped) *dropped = std::move(song.dropped);
    } else if (cue) {
        const std::string vamp_kind = main_kind(*form);
        if (cue->intro_bars > 0)
            items.push_back({form->prefix.empty() ? vamp_kind : form->prefix.front().kind, cue->intro_bars});
        items.push_back({vamp_kind, cue->vamp_bars});
        items.push_back({vamp_kind, cue->vamp_bars});
        items.push_back({vamp_kind, cue->ending == model::CueEnding::fade ? model::kFadeEndingBars : 1});
        int cue_bars = 0;
        for (const auto& it : items) cue_bars += it.bars;
        if ((cue_bars - 1) * bar_s >= total)
            return fail(Errc::invalid_argument, "the duration is too short for the cue's bars");
    } else {
        // From 40 s up the main section is heard at least twice (a compact form where needed).
        items = fit_form(*form, bars, {total >= 40 ? 2 : 1, style.ending.peak});
    }
    // Whole phrases may leave the form a bar or two short: the final chord rings over them.
    bars = 0;
    for (const auto& it : items) bars += it.bars;
    plan.bars = bars;
    plan.final_tick = plan.ticks_per_bar * (bars - 1);
    plan.end_tick = static_cast<int64_t>(std::llround(total / spt));
    const double remaining = total - static_cast<double>(plan.final_tick) * spt;
    const double decay = std::clamp(0.4 * remaining, 0.25, 5.0);
    plan.release_tick = plan.final_tick + static_cast<int64_t>(std::llround((remaining - decay) / spt));
    // A button is a short hit: it lets go after half a beat and the room rings on.
    if (cue && cue->ending == model::CueEnding::button) plan.release_tick = plan.final_tick + plan.ticks_per_beat / 2;

    std::map<std::string, int> kind_count, kind_seen, progression_choice;
    for (const auto& it : items) ++kind_count[it.kind];
    size_t item_index = 0;
    int bar = 0;
    for (const auto& it : items) {
        auto spec_it = style.sections.find(it.kind);
        if (spec_it == style.sections.end())
            return fail(Errc::invalid_argument,
                        "style '" + style.id + "' form names section '" + it.kind + "' it does not define");
        const auto& spec = spec_it->second;
        PlannedSection s;
        s.kind = it.kind;
        s.occurrence = kind_seen[it.kind]++;
        s.name = display_name(it.kind);
        if (kind_count[it.kind] > 1) s.name += " " + std::to_string(s.occurrence + 1);
        s.start_bar = bar;
        s.bars = it.bars;
        s.transpose = spec.transpose;
        s.variant = spec.variant.empty() ? "main" : spec.variant;
        s.roles = spec.parts;
        s.fill = spec.fill;
        if (!lyric_of.empty() && lyric_of[item_index] >= 0) {
            s.lyric = lyric_of[item_index];
            s.bars_per_line = bars_per_line[item_index];
            s.lyric_lines = lyric_lines[item_index];
            const auto& ls = lyrics->sections[static_cast<size_t>(s.lyric)];
            s.name = ls.tag;
            // The tune is sung: the lead line is written wherever words are.
            if (!ls.lines.empty() && !s.roles.empty() && !s.plays("lead")) s.roles.push_back("lead");
        } else if (!lyric_of.empty()) {
            s.name = display_name(it.kind);
            if (item_index == 0) s.name = "Intro";
            else if (item_index + 1 == items.size()) s.name = "Outro";
            else s.name = "Instrumental";
        }
        if (cue) {
            const bool has_intro = cue->intro_bars > 0;
            const size_t vamp_first = has_intro ? 1 : 0;
            s.vamp = item_index == vamp_first || item_index == vamp_first + 1;
            s.name = item_index + 1 == items.size() ? "Ending"
                     : item_index == vamp_first     ? "Vamp"
                     : s.vamp                       ? "Vamp (loop)"
                                                    : "Intro";
        }
        ++item_index;
        double e = spec.energy + (brief.energy - style.energy) * 0.6 + 0.04 * s.occurrence;
        s.energy = std::clamp(e, 0.05, 1.0);
        plan.sections.push_back(s);
        bar += it.bars;
    }

    // Harmony: one progression per section kind (repeats return with the same harmony).
    for (const auto& s : plan.sections) {
        const auto& spec = style.sections.at(s.kind);
        if (spec.progressions.empty())
            return fail(Errc::invalid_argument, "style '" + style.id + "' section '" + s.kind + "' has no progression");
        if (!progression_choice.count(s.kind))
            progression_choice[s.kind] = rng.range(0, static_cast<int>(spec.progressions.size()) - 1);
        const auto& text = spec.progressions[static_cast<size_t>(progression_choice[s.kind])];
        auto cells = split_progression(text);
        if (!cells) return fail(Errc::invalid_argument, "style '" + style.id + "': " + cells.error().message);
        const model::Key local{(plan.key.tonic + s.transpose + 120) % 12, plan.key.mode};
        for (int b = 0; b < s.bars; ++b) {
            const bool vamp_turn = s.vamp && b + 1 == s.bars;  // leads back into the vamp's first bar
            const auto& cell = vamp_turn ? cells->back() : (*cells)[static_cast<size_t>(b) % cells->size()];
            const int64_t start = plan.bar_tick(s.start_bar + b);
            const int64_t each = plan.ticks_per_bar / static_cast<int64_t>(cell.size());
            for (size_t c = 0; c < cell.size(); ++c) {
                auto chord = chord_in_mode(cell[c], local, style.mode);
                if (!chord) return fail(Errc::invalid_argument, "style '" + style.id + "': " + chord.error().message);
                const int64_t t = start + each * static_cast<int64_t>(c);
                const int64_t d = c + 1 == cell.size() ? plan.ticks_per_bar - each * static_cast<int64_t>(c) : each;
                plan.chords.push_back({t, d, *chord});
            }
        }
    }

    // A fade ending plays on the vamp's own bars (compose.cpp copies its notes): its harmony too.
    if (cue && cue->ending == model::CueEnding::fade) {
        const int64_t vamp_start = plan.bar_tick(cue->intro_bars);
        const int64_t vamp_ticks = plan.bar_tick(cue->vamp_bars);
        const int64_t ending_start = vamp_start + 2 * vamp_ticks;
        std::erase_if(plan.chords, [&](const TimedChord& c) { return c.tick >= ending_start; });
        std::vector<TimedChord> vamp;
        for (const auto& c : plan.chords)
            if (c.tick >= vamp_start && c.tick < vamp_start + vamp_ticks) vamp.push_back(c);
        const int64_t end = plan.bar_tick(plan.bars);
        for (int64_t offset = 2 * vamp_ticks; vamp_start + offset < end; offset += vamp_ticks)
            for (TimedChord c : vamp) {
                c.tick += offset;
                if (c.tick < end) plan.chords.push_back(c);
            }
    }

    // A cue's intro ends as the vamp does: its last bar is the vamp's turnaround (compose.cpp
    // copies its notes), so what sounds into the loop's first downbeat after the intro is what
    // sounds into it after every pass.
    if (cue && cue->intro_bars > 0) {
        const int64_t vamp_start = plan.bar_tick(cue->intro_bars);
        const int64_t turn = vamp_start + plan.bar_tick(cue->vamp_bars - 1);
        const int64_t shift = plan.bar_tick(cue->vamp_bars);
        std::erase_if(plan.chords, [&](const TimedChord& c) { return c.tick >= vamp_start - plan.ticks_per_bar && c.tick < vamp_start; });
        for (auto& c : plan.chords)
            if (c.tick < vamp_start - plan.ticks_per_bar && c.tick + c.duration > vamp_start - plan.ticks_per_bar)
                c.duration = vamp_start - plan.ticks_per_bar - c.tick;
        std::vector<TimedChord> turnaround;
        for (const auto& c : plan.chords)
            if (c.tick >= turn && c.tick < turn + plan.ticks_per_bar) turnaround.push_back({c.tick - shift, c.duration, c.chord});
        plan.chords.insert(plan.chords.end(), turnaround.begin(), turnaround.end());
        std::sort(plan.chords.begin(), plan.chords.end(), [](const auto& a, const auto& b) { return a.tick < b.tick; });
    }

    // Final cadence: the style's closing chords, one per bar, the tonic on the ending bar. A cue's
    // vamp keeps its own harmony (only the ending bar is the tonic); a fade has no cadence.
    const auto& cadence = style.ending.cadence;
    int n = std::min<int>(static_cast<int>(cadence.size()), plan.bars);
    if (cue) n = cue->ending == model::CueEnding::fade ? 0 : std::min(n, 1);
    for (int i = 0; i < n; ++i) {
        const int target_bar = plan.bars - n + i;
        const int64_t start = plan.bar_tick(target_bar);
        auto chord = chord_in_mode(cadence[cadence.size() - static_cast<size_t>(n - i)], plan.key, style.mode);
        if (!chord) return fail(Errc::invalid_argument, "style '" + style.id + "' ending: " + chord.error().message);
        std::erase_if(plan.chords, [&](const TimedChord& c) { return c.tick >= start && c.tick < start + plan.ticks_per_bar; });
        plan.chords.push_back({start, plan.ticks_per_bar, *chord});
    }
    std::sort(plan.chords.begin(), plan.chords.end(), [](const auto& a, const auto& b) { return a.tick < b.tick; });
    // The ending chord lasts to the release.
    plan.chords.back().duration = std::max<int64_t>(plan.release_tick - plan.chords.back().tick, 1);
    return plan;
}

}  // namespace omg::compose
