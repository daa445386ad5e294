#include "render/schedule.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>

namespace omg::render {
namespace {

uint8_t midi_byte(int value) { return static_cast<uint8_t>(std::clamp(value, 0, 127)); }

struct Interval {
    int key = 0;
    int64_t on = 0;
    int64_t off = 0;
    int velocity = 0;
    size_t order = 0;  // position in the track, for a stable, deterministic result
};

struct Sequenced {
    SynthEvent event;
    size_t sequence = 0;
};

// For each key, the channel it is choked on (see ChokedKey), or -1.
using ChokeChannels = std::array<int, 128>;

// The notes of one track as frame intervals, retriggers resolved (see the header); choked keys
// held for the longest ring.
std::vector<Interval> note_intervals(const model::Score& score, const model::Track& track,
                                     int sample_rate, const ChokeChannels& choke) {
    const auto ring = static_cast<int64_t>(kMaxRingSeconds * sample_rate);
    std::vector<Interval> notes;
    notes.reserve(track.notes.size());
    for (size_t i = 0; i < track.notes.size(); ++i) {
        const model::Note& n = track.notes[i];
        if (n.key < 0 || n.key > 127 || n.velocity <= 0) continue;
        const int64_t on = grid_frame(score, n.tick, sample_rate);
        int64_t off = grid_frame(score, n.tick + std::max<int64_t>(n.duration, 0), sample_rate);
        if (choke[static_cast<size_t>(n.key)] >= 0) off = on + ring;
        notes.push_back({n.key, on, std::max(off, on + kSynthBlock), std::min(n.velocity, 127), i});
    }
    std::sort(notes.begin(), notes.end(), [](const Interval& a, const Interval& b) {
        return std::tie(a.key, a.on, a.order) < std::tie(b.key, b.on, b.order);
    });
    for (size_t i = 0; i + 1 < notes.size(); ++i) {
        if (notes[i + 1].key == notes[i].key) notes[i].off = std::min(notes[i].off, notes[i + 1].on);
    }
    std::erase_if(notes, [](const Interval& n) { return n.off <= n.on; });
    return notes;
}

}  // namespace

int64_t grid_frame(const model::Score& score, int64_t tick, int sample_rate) {
    const double seconds = score.seconds_at(std::max<int64_t>(tick, 0));
    const auto frame = static_cast<int64_t>(std::llround(seconds * sample_rate));
    return (frame + kSynthBlock / 2) / kSynthBlock * kSynthBlock;
}

std::vector<SynthEvent> schedule(const model::Score& score,
                                 const std::vector<const model::Track*>& tracks, int sample_rate,
                                 int64_t total_frames, const std::vector<ChokedKey>& choked) {
    std::vector<Sequenced> all;
    auto add = [&](const SynthEvent& e) {
        if (e.frame < total_frames) all.push_back({e, all.size()});
    };
    for (size_t t = 0; t < tracks.size(); ++t) {
        const model::Track& track = *tracks[t];
        std::vector<uint8_t> channels{static_cast<uint8_t>(t)};  // the track's, then its chokes'
        ChokeChannels choke;
        choke.fill(-1);
        for (const ChokedKey& c : choked) {
            if (c.track != t || c.key < 0 || c.key > 127) continue;
            choke[static_cast<size_t>(c.key)] = c.channel;
            if (std::find(channels.begin(), channels.end(), c.channel) == channels.end()) channels.push_back(c.channel);
        }
        for (const model::ControlChange& cc : track.controls) {
            if (cc.controller < 0 || cc.controller > 127) continue;
            for (const uint8_t channel : channels) {
                add({grid_frame(score, cc.tick, sample_rate), EventKind::control, channel,
                     midi_byte(cc.controller), midi_byte(cc.value)});
            }
        }
        for (const Interval& n : note_intervals(score, track, sample_rate, choke)) {
            if (n.on >= total_frames) continue;
            const int choked_on = choke[static_cast<size_t>(n.key)];
            const auto channel = static_cast<uint8_t>(choked_on >= 0 ? choked_on : t);
            add({n.on, EventKind::note_on, channel, midi_byte(n.key), midi_byte(n.velocity)});
            add({n.off, EventKind::note_off, channel, midi_byte(n.key), 0});
        }
    }
    std::sort(all.begin(), all.end(), [](const Sequenced& a, const Sequenced& b) {
        return std::tie(a.event.frame, a.event.kind, a.sequence) <
               std::tie(b.event.frame, b.event.kind, b.sequence);
    });
    std::vector<SynthEvent> events;
    events.reserve(all.size());
    for (const Sequenced& s : all) events.push_back(s.event);
    return events;
}

}  // namespace omg::render
