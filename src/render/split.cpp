#include "render/split.h"

#include <algorithm>
#include <array>
#include <map>

namespace omg::render {
namespace {

// Estimated seconds a drum hit rings before the next hit on its key chokes it (see tails.h),
// and a melodic note's release tail, for the load estimate only.
constexpr double kDrumRingS = 1.5;
constexpr double kReleaseS = 0.5;

// Keys of a General MIDI kit that share an exclusive class (FluidR3 and most GM fonts).
constexpr std::array<std::array<int, 4>, 4> kExclusiveDrumKeys{{
    {42, 44, 46, -1},  // closed, pedal, open hi-hat
    {73, 74, 80, 81},  // short and long guiro, mute and open triangle
    {78, 79, -1, -1},  // mute and open cuica
    {86, 87, -1, -1},  // open and mute surdo
}};

int drum_unit_key(int key) {
    for (const auto& group : kExclusiveDrumKeys)
        if (std::find(group.begin(), group.end(), key) != group.end()) return group[0];
    return key;
}

// How many sample layers a note of the programme sounds: strings, choirs and pads stack several.
double layers(const model::Track& track) {
    const int p = track.program;
    if (track.drums) return 2.0;
    return (p >= 48 && p <= 54) || (p >= 88 && p <= 95) ? 2.5 : 1.5;
}

struct Unit {
    size_t track = 0;
    int key = 0;  // the unit's key (the first key of an exclusive drum group)
    double load = 0;
};

}  // namespace

std::vector<std::vector<PartTrack>> split_for_synths(const model::Score& score, size_t synths) {
    synths = std::max<size_t>(synths, 1);
    // The units, in (track, key) order, with their estimated voice-seconds.
    std::vector<Unit> units;
    for (size_t t = 0; t < score.tracks.size(); ++t) {
        const model::Track& track = score.tracks[t];
        std::map<int, std::vector<const model::Note*>> by_key;
        for (const model::Note& n : track.notes)
            if (n.velocity > 0) by_key[track.drums ? drum_unit_key(n.key) : n.key].push_back(&n);
        for (const auto& [key, notes] : by_key) {
            double seconds = 0;
            for (size_t i = 0; i < notes.size(); ++i) {
                const double on = score.seconds_at(notes[i]->tick);
                if (track.drums) {
                    const double next = i + 1 < notes.size() ? score.seconds_at(notes[i + 1]->tick)
                                                             : on + kDrumRingS;
                    seconds += std::min(kDrumRingS, next - on);
                } else {
                    seconds += score.seconds_between(notes[i]->tick, notes[i]->duration) + kReleaseS;
                }
            }
            units.push_back({t, key, seconds * layers(track)});
        }
    }
    // Each track is shared out on its own, largest unit first to the synth with the least of
    // that track, ties to the least loaded synth overall: every heavy track ends up split about
    // evenly, so the estimate's errors between instruments (a pad's real release against a
    // pluck's) cancel out.
    std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
        return a.track != b.track ? a.track < b.track : a.load > b.load;
    });
    std::map<std::pair<size_t, int>, size_t> synth_of;
    std::vector<double> total(synths, 0.0);
    for (size_t first = 0; first < units.size();) {
        size_t last = first;
        while (last < units.size() && units[last].track == units[first].track) ++last;
        std::vector<double> of_track(synths, 0.0);
        for (size_t i = first; i < last; ++i) {
            size_t best = 0;
            for (size_t s = 1; s < synths; ++s) {
                if (of_track[s] < of_track[best] ||
                    (of_track[s] == of_track[best] && total[s] < total[best]))
                    best = s;
            }
            synth_of[{units[i].track, units[i].key}] = best;
            of_track[best] += units[i].load;
            total[best] += units[i].load;
        }
        first = last;
    }

    std::vector<std::vector<PartTrack>> shares(synths);
    for (size_t t = 0; t < score.tracks.size(); ++t) {
        const model::Track& track = score.tracks[t];
        std::vector<PartTrack*> parts(synths, nullptr);  // this track's part on each synth
        for (const model::Note& n : track.notes) {
            if (n.velocity <= 0) continue;
            const size_t s = synth_of.at({t, track.drums ? drum_unit_key(n.key) : n.key});
            if (parts[s] == nullptr) {
                model::Track part = track;
                part.notes.clear();
                shares[s].push_back({t, std::move(part)});
                parts[s] = &shares[s].back();
            }
            parts[s]->track.notes.push_back(n);
        }
    }
    return shares;
}

}  // namespace omg::render
