#include "render/tails.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "render/synth.h"

namespace omg::render {
namespace {

// A choked ring fades over this release (timecents: 2^(-2400/1200) = 0.25 s from full level to
// silence, -20 dB after 50 ms), masked by the new strike's attack.
constexpr double kChokeReleaseTc = -2400;

// A melodic release is capped at this many times the part's median time between onsets, and
// never below kMinReleaseCapS. FluidSynth's release fades 96 dB linearly in dB, so a 0.46 s
// cap (a detached 16th-note part at 130 bpm) is -40 dB after about 0.19 s.
constexpr double kReleasePerOnset = 4.0;
constexpr double kMinReleaseCapS = 0.4;
// A legato part (notes held for at least this share of the time between them: pads, held
// chords, slurred lines) has its release capped at half its time between notes: each chord's
// tail crossfades into the next (-20 dB a tenth of a chord in) instead of smearing two
// harmonies for seconds (FluidR3's pads release over 3 to 10 s).
constexpr double kLegatoShare = 0.75;
constexpr double kLegatoReleasePerOnset = 0.5;
// Onsets closer than this are one event: a chord, a strum, humanised chord tones.
constexpr double kChordSpreadS = 0.06;

// Pitched percussion (timpani, and GM 112-119: bells, agogo, steel drums, woodblock, taiko,
// melodic tom, synth drum, reverse cymbal) rings out like a drum: its tail is the sound.
bool pitched_percussion(int program) {
    return program == 47 || (program >= 112 && program <= 119);
}

double seconds_to_tc(double s) {
    return 1200.0 * std::log2(s);
}

}  // namespace

std::vector<std::pair<size_t, int>> drum_keys(const std::vector<const model::Track*>& tracks) {
    std::vector<std::pair<size_t, int>> keys;
    for (size_t t = 0; t < tracks.size(); ++t) {
        if (!tracks[t]->drums) continue;
        std::set<int> distinct;
        for (const model::Note& n : tracks[t]->notes)
            if (n.key >= 0 && n.key <= 127 && n.velocity > 0) distinct.insert(n.key);
        for (const int key : distinct) keys.push_back({t, key});
    }
    return keys;
}

std::vector<ChokedKey> set_up_chokes(Synth& synth, const std::vector<const model::Track*>& tracks,
                                     const std::vector<std::pair<size_t, int>>& candidates,
                                     int max_channels) {
    const int first = static_cast<int>(tracks.size());
    if (first >= max_channels) return {};
    // Probe every candidate on the first spare channel, set up like its track.
    struct Probed {
        size_t track;
        int key;
        Synth::KeyZone zone;
    };
    std::vector<Probed> probed;
    for (const auto& [track, key] : candidates) {
        if (probed.empty() || probed.back().track != track)
            synth.setup_channel(first, *tracks[track]);
        probed.push_back({track, key, synth.probe(first, key)});
    }
    // Channels: one per ringing key, one per exclusive class of a track (the class's keys must
    // share a channel to cut each other off) whose keys all ring.
    std::vector<ChokedKey> choked;
    int channel = first;
    for (size_t i = 0; i < probed.size() && channel < max_channels; ++i) {
        const Probed& p = probed[i];
        const auto rings = [](const Probed& q) {
            return q.zone.sounds && q.zone.release_tc > kChokeReleaseTc;
        };
        if (p.zone.exclusive_class == 0) {
            if (!rings(p)) continue;
            synth.setup_channel(channel, *tracks[p.track]);
            synth.offset_release(channel, kChokeReleaseTc - p.zone.release_tc);
            choked.push_back({p.track, p.key, static_cast<uint8_t>(channel++)});
            continue;
        }
        std::vector<const Probed*> members;
        for (const Probed& q : probed) {
            if (q.track == p.track && q.zone.exclusive_class == p.zone.exclusive_class)
                members.push_back(&q);
        }
        if (members.front() != &p) continue;  // the class was handled at its first key
        if (!std::all_of(members.begin(), members.end(),
                         [&](const Probed* q) { return rings(*q); }))
            continue;
        double shortest = members.front()->zone.release_tc;
        for (const Probed* q : members) shortest = std::min(shortest, q->zone.release_tc);
        synth.setup_channel(channel, *tracks[p.track]);
        synth.offset_release(channel, kChokeReleaseTc - shortest);
        for (const Probed* q : members)
            choked.push_back({q->track, q->key, static_cast<uint8_t>(channel)});
        ++channel;
    }
    return choked;
}

double release_cap_s(const model::Score& score, const model::Track& track) {
    if (track.drums || pitched_percussion(track.program)) return 0;
    std::vector<double> onsets;
    std::vector<double> lengths;
    for (const model::Note& n : track.notes) {
        if (n.velocity <= 0) continue;
        onsets.push_back(score.seconds_at(n.tick));
        lengths.push_back(score.seconds_between(n.tick, n.duration));
    }
    std::sort(onsets.begin(), onsets.end());
    std::vector<double> gaps;
    for (size_t i = 1, event = 0; i < onsets.size(); ++i) {
        if (onsets[i] - onsets[event] < kChordSpreadS) continue;
        gaps.push_back(onsets[i] - onsets[event]);
        event = i;
    }
    if (gaps.empty()) return 0;
    const auto median = [](std::vector<double>& v) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    const double gap = median(gaps);
    const bool legato = median(lengths) >= kLegatoShare * gap;
    return std::max(kMinReleaseCapS, (legato ? kLegatoReleasePerOnset : kReleasePerOnset) * gap);
}

void cap_releases(Synth& synth, const std::vector<const model::Track*>& tracks,
                  const std::vector<double>& caps) {
    for (size_t t = 0; t < tracks.size() && t < caps.size(); ++t) {
        const double cap = caps[t];
        if (cap <= 0) continue;
        // The release of the part's middle key stands for the preset's.
        std::vector<int> keys;
        for (const model::Note& n : tracks[t]->notes)
            if (n.velocity > 0 && n.key >= 0 && n.key <= 127) keys.push_back(n.key);
        if (keys.empty()) continue;
        std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(keys.size() / 2),
                         keys.end());
        const int channel = static_cast<int>(t);
        const Synth::KeyZone zone = synth.probe(channel, keys[keys.size() / 2]);
        const double cap_tc = seconds_to_tc(cap);
        if (zone.sounds && zone.release_tc > cap_tc)
            synth.offset_release(channel, cap_tc - zone.release_tc);
    }
}

}  // namespace omg::render
