#include "render/pass.h"

#include <algorithm>
#include <set>

#include "render/schedule.h"
#include "render/synth.h"

namespace omg::render {
namespace {

constexpr int64_t kMaxBlockFrames = 4096;  // between cancellation checks: ~0.1 s of audio
constexpr int kMaxChannels = 256;          // FluidSynth's limit

// A choked ring fades over this release (timecents: 2^(-2400/1200) = 0.25 s from full level to
// silence, -20 dB after 50 ms), masked by the new strike's attack.
constexpr double kChokeReleaseTc = -2400;

bool sends_to(const model::Track& track, int controller, int base_value) {
    if (base_value > 0) return true;
    return std::any_of(track.controls.begin(), track.controls.end(), [&](const auto& cc) {
        return cc.controller == controller && cc.value > 0;
    });
}

// The distinct keys of each drum track, in key order: the candidates for choking.
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

// Gives each candidate key that rings on after its note-off (a zone release longer than the
// choke's) and belongs to no exclusive class (hi-hats already choke each other) a channel of
// its own, set up like its track with the short release. Candidates past the channel limit
// stay on their track's channel.
std::vector<ChokedKey> set_up_chokes(Synth& synth, const std::vector<const model::Track*>& tracks,
                                     const std::vector<std::pair<size_t, int>>& candidates) {
    std::vector<ChokedKey> choked;
    int channel = static_cast<int>(tracks.size());
    for (const auto& [track, key] : candidates) {
        if (channel >= kMaxChannels) break;
        synth.setup_channel(channel, *tracks[track]);
        const Synth::KeyZone zone = synth.probe(channel, key);
        if (!zone.sounds || zone.exclusive_class != 0 || zone.release_tc <= kChokeReleaseTc) continue;
        synth.offset_release(channel, kChokeReleaseTc - zone.release_tc);
        choked.push_back({track, key, static_cast<uint8_t>(channel)});
        ++channel;
    }
    return choked;
}

}  // namespace

Result<model::Pcm> render_pass(const model::Score& score,
                               const std::vector<const model::Track*>& tracks,
                               const RenderOptions& options, int64_t frames, Progress& progress) {
    if (options.stop.stop_requested()) return fail(Errc::cancelled, "rendering was cancelled");
    model::Pcm pcm(options.sample_rate, 2, std::vector<float>(static_cast<size_t>(frames) * 2));
    if (tracks.empty()) {
        progress.advance(frames);
        return pcm;
    }
    // Effects units cost time even when silent, so a synth gets only those its tracks use.
    const auto candidates = drum_keys(tracks);
    SynthConfig config{options.soundfont, options.sample_rate,
                       static_cast<int>(std::min<size_t>(tracks.size() + candidates.size(), kMaxChannels))};
    config.reverb = std::any_of(tracks.begin(), tracks.end(),
                                [](const model::Track* t) { return sends_to(*t, 91, t->reverb); });
    config.chorus = std::any_of(tracks.begin(), tracks.end(),
                                [](const model::Track* t) { return sends_to(*t, 93, t->chorus); });
    auto synth = Synth::open(config);
    if (!synth) return tl::unexpected(synth.error());
    for (size_t i = 0; i < tracks.size(); ++i) synth->setup_channel(static_cast<int>(i), *tracks[i]);
    const std::vector<ChokedKey> choked = set_up_chokes(*synth, tracks, candidates);

    const std::vector<SynthEvent> events = schedule(score, tracks, options.sample_rate, frames, choked);
    size_t next = 0;
    int64_t pos = 0;
    while (pos < frames) {
        while (next < events.size() && events[next].frame <= pos) synth->apply(events[next++]);
        int64_t end = std::min(frames, pos + kMaxBlockFrames);
        if (next < events.size()) end = std::min(end, events[next].frame);
        synth->write(pcm.samples.data() + pos * 2, static_cast<int>(end - pos));
        progress.advance(end - pos);
        pos = end;
        if (options.stop.stop_requested()) return fail(Errc::cancelled, "rendering was cancelled");
    }
    return pcm;
}

}  // namespace omg::render
