// What each landed hit plays (see hits.h, `play_hits`).
#include <algorithm>
#include <cstdlib>

#include "compose/hits.h"

namespace omg::compose {
namespace {

constexpr int kKick = 36, kSnare = 38, kCrash = 49;
constexpr int kBrassSection = 61;  // GM Brass Section
const char* const kHitBrass = "Hit brass";

int free_channel(const std::vector<model::Track>& tracks) {
    for (int c = 0; c < 16; ++c) {
        if (c == model::kDrumChannel) continue;
        if (std::none_of(tracks.begin(), tracks.end(), [c](const model::Track& t) { return t.channel == c; })) return c;
    }
    return 15;
}

// The drum track, added (a GM kit on the drum channel) when the arrangement has none.
size_t drum_track(std::vector<model::Track>& tracks) {
    for (size_t i = 0; i < tracks.size(); ++i)
        if (tracks[i].drums) return i;
    model::Track t;
    t.name = "Hit percussion";
    t.role = "drums";
    t.channel = model::kDrumChannel;
    t.bank = 128;
    t.drums = true;
    tracks.push_back(std::move(t));
    return tracks.size() - 1;
}

// The brass section that plays the stabs and flourishes.
size_t brass_track(std::vector<model::Track>& tracks) {
    for (size_t i = 0; i < tracks.size(); ++i)
        if (tracks[i].name == kHitBrass) return i;
    model::Track t;
    t.name = kHitBrass;
    t.role = "counter";
    t.program = kBrassSection;
    t.channel = free_channel(tracks);
    t.reverb = 50;
    tracks.push_back(std::move(t));
    return tracks.size() - 1;
}

int key_above(int pc, int floor) { return floor + ((pc - floor) % 12 + 12) % 12; }

// The chord sounding at `tick` as keys from G3 up, root first.
std::vector<int> chord_keys(const Plan& plan, int64_t tick) {
    std::vector<int> tones = plan.chord_at(tick).chord.pitch_classes();
    if (tones.empty()) tones = {plan.key_at_bar(static_cast<int>(tick / plan.ticks_per_bar)).tonic};
    const int low = key_above(tones.front(), 55);
    std::vector<int> keys;
    for (int pc : tones) keys.push_back(key_above(pc, low));
    return keys;
}

// The key with pitch class `pc` nearest `near`.
int nearest_key(int pc, int near) {
    const int below = near - ((near - pc) % 12 + 12) % 12;
    return near - below <= below + 12 - near ? below : below + 12;
}

void accent(const Plan& plan, int64_t at, std::vector<model::Track>& tracks) {
    // The band leans into the downbeat.
    for (auto& t : tracks)
        for (auto& n : t.notes)
            if (std::llabs(n.tick - at) <= model::kPpq / 16) n.velocity = std::max(n.velocity, 108);
    model::Track& drums = tracks[drum_track(tracks)];
    drums.notes.push_back({at, model::kPpq, kCrash, 120});
    drums.notes.push_back({at, model::kPpq / 2, kKick, 112});
    const std::vector<int> keys = chord_keys(plan, at);
    model::Track& brass = tracks[brass_track(tracks)];
    for (int k : keys) brass.notes.push_back({at, plan.ticks_per_beat / 2, k, 112});
}

// The tonic chord hit, a run up its tones in 16ths, and the high chord a beat later.
void stinger(const Plan& plan, int64_t at, std::vector<model::Track>& tracks) {
    const std::vector<int> keys = chord_keys(plan, at);
    const int64_t beat = plan.ticks_per_beat, sixteenth = model::kPpq / 4;
    model::Track& brass = tracks[brass_track(tracks)];
    for (int k : keys) brass.notes.push_back({at, model::kPpq / 2, k, 112});
    std::vector<int> run(keys.begin() + 1, keys.end());
    std::sort(run.begin(), run.end());
    const int64_t run_start = at + beat - sixteenth * static_cast<int64_t>(run.size());
    for (size_t i = 0; i < run.size(); ++i)
        brass.notes.push_back({run_start + sixteenth * static_cast<int64_t>(i), sixteenth, run[i], 96 + 4 * static_cast<int>(i)});
    for (int k : keys) brass.notes.push_back({at + beat, model::kPpq / 3, k + 12, 120});
    tracks[drum_track(tracks)].notes.push_back({at, model::kPpq, kCrash, 116});
}

// Everything lets go on the downbeat; nothing sounds until `until` (the next section).
void stop(int64_t at, int64_t until, std::vector<model::Track>& tracks) {
    const int64_t ahead = model::kPpq / 8;  // humanised a little early still belongs to the silence
    for (auto& t : tracks) {
        std::erase_if(t.notes, [&](const model::Note& n) { return n.tick >= at - ahead && n.tick < until - ahead; });
        for (auto& n : t.notes)
            if (n.tick < at && n.tick + n.duration > at) n.duration = std::max<int64_t>(1, at - n.tick);
        const bool pedal = std::any_of(t.controls.begin(), t.controls.end(),
                                       [](const model::ControlChange& c) { return c.controller == 64; });
        if (pedal) {
            std::erase_if(t.controls, [&](const model::ControlChange& c) {
                return c.controller == 64 && c.tick >= at && c.tick < until;
            });
            t.controls.push_back({at, 64, 0});
            std::stable_sort(t.controls.begin(), t.controls.end(),
                             [](const auto& a, const auto& b) { return a.tick < b.tick; });
        }
    }
}

// A snare roll through the bar before `at`: 8ths, then 16ths, then 32nds, from soft to loud,
// into a crash on the downbeat.
void build(const Plan& plan, int64_t at, std::vector<model::Track>& tracks) {
    model::Track& drums = tracks[drum_track(tracks)];
    const int64_t start = at - plan.ticks_per_bar;
    std::erase_if(drums.notes, [&](const model::Note& n) {
        return n.tick >= start && n.tick < at && (n.key == kSnare || n.key == 40 || n.key == kCrash);
    });
    const int64_t bar = plan.ticks_per_bar;
    for (int64_t tick = start; tick < at;) {
        const int64_t into = tick - start;
        const int64_t step = into < bar / 2 ? model::kPpq / 2 : into < bar * 3 / 4 ? model::kPpq / 4 : model::kPpq / 8;
        const int velocity = 40 + static_cast<int>(80 * into / bar);
        drums.notes.push_back({tick, std::max<int64_t>(1, step / 2), kSnare, velocity});
        tick += step;
    }
    drums.notes.push_back({at, model::kPpq, kCrash, 122});
}

// A note of pitch class `pc` on `at` in `track`, in place of what sounded there.
void land_on(int64_t at, int pc, int64_t length, model::Track& track) {
    const int64_t near = model::kPpq / 8;
    int reference = 0, velocity = 90, count = 0;
    for (const auto& n : track.notes) {
        reference += n.key;
        ++count;
    }
    if (count == 0) return;
    reference /= count;
    for (const auto& n : track.notes)
        if (n.tick <= at + near && n.tick + n.duration > at - near) {
            reference = n.key;
            velocity = n.velocity;
        }
    std::erase_if(track.notes, [&](const model::Note& n) { return std::llabs(n.tick - at) <= near; });
    for (auto& n : track.notes)
        if (n.tick < at && n.tick + n.duration > at) n.duration = std::max<int64_t>(1, at - n.tick);
    int64_t next = at + length;
    for (const auto& n : track.notes)
        if (n.tick > at) next = std::min(next, n.tick);
    track.notes.push_back({at, std::max<int64_t>(1, next - at), nearest_key(pc, reference), velocity});
}

void cadence(const Plan& plan, int bar, std::vector<model::Track>& tracks) {
    const int64_t at = plan.bar_tick(bar);
    const int tonic = plan.key_at_bar(bar).tonic;
    for (auto& t : tracks)
        if (t.role == "lead" || t.role == "bass") land_on(at, tonic, 2 * plan.ticks_per_beat, t);
}

}  // namespace

void play_hits(const Plan& plan, const HitPlan& hits, std::vector<model::Track>& tracks) {
    // Stops last: their silence holds whatever the others added.
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto& m : hits.marks) {
            if (!m.met || (m.asked.kind == model::HitKind::stop) != (pass == 1)) continue;
            switch (m.asked.kind) {
                case model::HitKind::accent: accent(plan, m.tick, tracks); break;
                case model::HitKind::stinger: stinger(plan, m.tick, tracks); break;
                case model::HitKind::build: build(plan, m.tick, tracks); break;
                case model::HitKind::cadence: cadence(plan, m.bar, tracks); break;
                case model::HitKind::section: {
                    for (auto& t : tracks)
                        if (t.drums) t.notes.push_back({m.tick, model::kPpq, kCrash, 110});
                    break;
                }
                case model::HitKind::stop: {
                    // A bar of silence at most (a track's stop has its next section there; a
                    // cue's, in its intro or vamp, may not).
                    int64_t until = plan.bar_tick(m.bar + 1);
                    for (const auto& s : plan.sections)
                        if (s.start_bar > m.bar) {
                            until = std::min(until, plan.bar_tick(s.start_bar));
                            break;
                        }
                    stop(m.tick, until, tracks);
                    break;
                }
            }
        }
    }
    for (auto& t : tracks)
        std::stable_sort(t.notes.begin(), t.notes.end(), [](const model::Note& a, const model::Note& b) { return a.tick < b.tick; });
}

}  // namespace omg::compose
