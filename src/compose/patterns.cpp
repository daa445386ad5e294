#include "compose/patterns.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "compose/dynamics.h"
#include "compose/grid.h"
#include "compose/voicing.h"

namespace omg::compose {
namespace {

int pc_of(int v) { return ((v % 12) + 12) % 12; }

struct Event {
    int64_t tick = 0;
    Step step;
};

// Keeps the state a part carries from note to note: its last voicing and bass key.
class PatternVoice {
public:
    PatternVoice(const Plan& plan, const model::PartSpec& part)
        : plan_(plan), part_(part), bass_(part.role == "bass"), prev_bass_(part.low + 7) {}

    std::vector<int> keys(const Step& step, const TimedChord& tc) {
        const Chord& chord = tc.chord;
        if (tc.tick != chord_tick_) {
            chord_tick_ = tc.tick;
            voicing_.clear();
            root_key_ = -1;
        }
        return bass_ ? bass_keys(step.symbol, tc) : upper_keys(step.symbol, chord);
    }

    std::vector<int> final_keys(const Chord& chord) {
        if (bass_) return {lowest_root(chord)};
        return voice_chord(chord, request(), previous_);
    }

private:
    VoicingRequest request() const {
        return VoicingRequest{part_.voicing, part_.voices, part_.low, part_.high};
    }

    int lowest_root(const Chord& chord) const {
        int k = nearest_key(chord.bass, part_.low + 5, part_.low, part_.high);
        while (k - 12 >= part_.low && k > part_.low + 10) k -= 12;
        return k;
    }

    int root_key(const Chord& chord) {
        if (root_key_ < 0) {
            root_key_ = nearest_key(chord.bass, prev_bass_, part_.low, part_.high);
            // The bass owns the bottom: keep roots in the lower part of the range.
            if (root_key_ > part_.low + 16 && root_key_ - 12 >= part_.low) root_key_ -= 12;
        }
        return root_key_;
    }

    std::vector<int> bass_keys(char symbol, const TimedChord& tc) {
        const Chord& chord = tc.chord;
        const int root = root_key(chord);
        int key = root;
        switch (symbol) {
            case '1': case 'C': case 'c': case 'g': key = root; break;
            case '8': key = root + 12 <= part_.high ? root + 12 : root; break;
            case '3': case '5': case '7': case '9': {
                const int pc = chord.degree_pc(symbol - '0');
                key = root + pc_of(pc - chord.bass);
                if (symbol == '9') key += 12;
                if (key > part_.high) key -= 12;
                break;
            }
            case 'L': {
                key = root - pc_of(chord.bass - chord.degree_pc(5));
                if (key == root) key -= 12;
                if (key < part_.low) key += 12;
                break;
            }
            case 'A': {
                const auto& next = plan_.next_chord(tc.tick);
                const int target = nearest_key(next.chord.bass, prev_bass_, part_.low, part_.high);
                key = target - 1 >= part_.low ? target - 1 : target + 1;
                if (prev_bass_ > target && target + 1 <= part_.high && std::abs(prev_bass_ - target) < 3)
                    key = target + 1;
                break;
            }
            case 'W': {
                const auto& next = plan_.next_chord(tc.tick);
                const int target = nearest_key(next.chord.bass, prev_bass_, part_.low, part_.high);
                const int dir = target > prev_bass_ ? 1 : (target < prev_bass_ ? -1 : (prev_bass_ > root ? -1 : 1));
                key = prev_bass_;
                const model::Key local = plan_.key_at_bar(static_cast<int>(tc.tick / plan_.ticks_per_bar));
                for (int d = 1; d <= 4; ++d) {
                    const int k = prev_bass_ + dir * d;
                    if (k < part_.low || k > part_.high) break;
                    if (chord.contains_pc(k) || (d <= 2 && model::in_scale(k, local.tonic, local.mode))) {
                        key = k;
                        if (chord.contains_pc(k) || d == 2) break;
                    }
                }
                if (key == prev_bass_) key = root;
                break;
            }
            default: break;
        }
        key = std::clamp(key, part_.low, part_.high);
        prev_bass_ = key;
        return {key};
    }

    std::vector<int> upper_keys(char symbol, const Chord& chord) {
        if (voicing_.empty()) {
            voicing_ = voice_chord(chord, request(), previous_);
            previous_ = voicing_;
        }
        if (symbol == 'C' || symbol == 'c' || symbol == 'g' || symbol == 'L' || symbol == 'A' || symbol == 'W')
            return voicing_;
        const int base = voicing_.front();
        int pc = chord.root;
        int skip = 0;
        if (symbol == '8') skip = 1;
        else if (symbol >= '1' && symbol <= '9') pc = chord.degree_pc(symbol - '0');
        int k = base;
        while (pc_of(k) != pc_of(pc)) ++k;
        k += 12 * skip;
        if (symbol == '9' && k < base + 12) k += 12;
        while (k > part_.high + 5 && k - 12 >= part_.low) k -= 12;
        return {k};
    }

    const Plan& plan_;
    const model::PartSpec& part_;
    bool bass_;
    int prev_bass_;
    int root_key_ = -1;
    int64_t chord_tick_ = -1;
    std::vector<int> voicing_, previous_;
};

const std::string* pattern_for(const model::PartSpec& part, const std::string& variant) {
    auto it = part.patterns.find(variant);
    if (it == part.patterns.end()) it = part.patterns.find("main");
    if (it == part.patterns.end() || it->second.empty()) return nullptr;
    return &it->second.front();
}

}  // namespace

Status write_pattern_part(const Plan& plan, const model::Style& style, const model::PartSpec& part,
                          model::Track& track, Rng& rng) {
    PatternVoice voice(plan, part);
    std::map<std::string, Grid> grids;
    const bool sustained = part.role == "pad" || part.role == "chords" || part.role == "bass";
    const int ending_bar = plan.bars - 1;

    for (const auto& section : plan.sections) {
        if (!section.plays(part.role)) continue;
        const std::string* text = pattern_for(part, section.variant);
        if (!text) continue;
        if (!grids.count(*text)) {
            auto g = parse_grid(*text);
            if (!g) return fail(Errc::invalid_argument, "style '" + style.id + "' part '" + part.name + "': " + g.error().message);
            grids.emplace(*text, std::move(*g));
        }
        const Grid& grid = grids.at(*text);
        const int end_bar = std::min(section.start_bar + section.bars, ending_bar);
        if (end_bar <= section.start_bar) continue;
        const int64_t start_tick = plan.bar_tick(section.start_bar);
        const int64_t end_tick = plan.bar_tick(end_bar);

        std::vector<Event> events;
        for (int bar = section.start_bar; bar < end_bar; ++bar) {
            for (int s = 0; s < plan.steps_in_bar(grid.steps_per_bar); ++s) {
                const Step& step = grid.at(bar - section.start_bar, s % grid.steps_per_bar);
                if (!step.onset() && step.symbol != '_') continue;
                events.push_back({plan.bar_tick(bar) + plan.step_offset(s, grid.steps_per_bar), step});
            }
        }
        // A held note re-sounds where the harmony changes under it (not where a bar repeats
        // the chord: "| i9 | i9 |" is one harmony held).
        if (sustained) {
            for (size_t c = 0; c < plan.chords.size(); ++c) {
                const auto& tc = plan.chords[c];
                if (tc.tick < start_tick || tc.tick >= end_tick) continue;
                if (c > 0 && plan.chords[c - 1].chord.symbol == tc.chord.symbol) continue;
                auto at = std::find_if(events.begin(), events.end(), [&](const Event& e) { return e.tick >= tc.tick; });
                if (at != events.end() && at->tick == tc.tick) continue;
                if (at == events.begin()) continue;
                const Event& before = *(at - 1);
                if (before.step.symbol == '_') continue;
                Step again = before.step;
                if (again.symbol == 'A' || again.symbol == 'W' || again.symbol == 'L') again.symbol = '1';
                again.accent = -1;
                events.insert(at, Event{tc.tick, again});
            }
        }
        const int base_velocity = energy_velocity(section.energy);
        for (size_t i = 0; i < events.size(); ++i) {
            const Event& e = events[i];
            if (e.step.symbol == '_') continue;
            const int64_t next = i + 1 < events.size() ? events[i + 1].tick : end_tick;
            int64_t duration = static_cast<int64_t>(static_cast<double>(next - e.tick) * part.articulation);
            const TimedChord& tc = plan.chord_at(e.tick);
            if (tc.chord.none) continue;
            int velocity = base_velocity + metric_accent(plan, (e.tick - plan.bar_tick(static_cast<int>(e.tick / plan.ticks_per_bar))));
            if (e.step.symbol == 'C') velocity += 8;
            if (e.step.symbol == 'g') {
                velocity -= 30;
                duration = std::min<int64_t>(duration, model::kPpq / 4);
            }
            velocity += e.step.accent * 12;
            const auto keys = voice.keys(e.step, tc);
            for (size_t k = 0; k < keys.size(); ++k) {
                // Inner voices a touch softer than the outer ones.
                const bool inner = keys.size() > 2 && k > 0 && k + 1 < keys.size();
                add_note(track, e.tick, duration, keys[k], velocity - (inner ? 4 : 0) + static_cast<int>(rng.jitter(2)));
            }
        }
    }

    // A pianist's sustain pedal in lyrical styles: lifted at each chord change and pressed
    // again just after the new chord sounds, so broken chords ring without smearing harmonies.
    const bool pedal = part.program <= 7 && (part.role == "chords" || part.role == "arp") &&
                       (style.feel == "classical" || style.feel == "ambient");
    if (pedal && !track.notes.empty()) {
        int64_t last_change = -1;
        for (const auto& tc : plan.chords) {
            if (tc.tick >= plan.release_tick) break;
            if (last_change >= 0 && plan.chord_at(last_change).chord.symbol == tc.chord.symbol) continue;
            track.controls.push_back({tc.tick, 64, 0});
            track.controls.push_back({tc.tick + model::kPpq / 8, 64, 127});
            last_change = tc.tick;
        }
        track.controls.push_back({plan.release_tick, 64, 0});
    }

    // The ending: the final chord held into its decay, or a detached stinger.
    const auto& last = plan.sections.back();
    if (last.plays(part.role) && pattern_for(part, last.variant)) {
        const Chord& final_chord = plan.chords.back().chord;
        const auto keys = voice.final_keys(final_chord);
        const int velocity = energy_velocity(std::max(last.energy, 0.7)) + 6;
        if (style.ending.stinger) {
            const int64_t hit = plan.final_tick + plan.ticks_per_beat;
            for (int k : keys) {
                add_note(track, plan.final_tick, model::kPpq / 2, k, velocity);
                add_note(track, hit, model::kPpq / 3, k, std::min(127, velocity + 14));
            }
        } else {
            const int64_t duration = std::max<int64_t>(plan.release_tick - plan.final_tick, model::kPpq / 2);
            for (int k : keys) add_note(track, plan.final_tick, duration, k, velocity);
        }
    }
    return {};
}

}  // namespace omg::compose
