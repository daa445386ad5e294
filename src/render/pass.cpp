#include "render/pass.h"

#include <algorithm>

#include "render/schedule.h"
#include "render/synth.h"
#include "render/tails.h"

namespace omg::render {
namespace {

constexpr int64_t kMaxBlockFrames = 4096;  // between cancellation checks: ~0.1 s of audio
constexpr int kMaxChannels = 256;          // FluidSynth's limit

bool sends_to(const model::Track& track, int controller, int base_value) {
    if (base_value > 0) return true;
    return std::any_of(track.controls.begin(), track.controls.end(), [&](const auto& cc) {
        return cc.controller == controller && cc.value > 0;
    });
}

}  // namespace

Result<model::Pcm> render_pass(const model::Score& score, const std::vector<PassTrack>& pass_tracks,
                               const RenderOptions& options, int64_t frames, Progress& progress) {
    if (options.stop.stop_requested()) return fail(Errc::cancelled, "rendering was cancelled");
    model::Pcm pcm(options.sample_rate, 2, std::vector<float>(static_cast<size_t>(frames) * 2));
    std::vector<const model::Track*> tracks;
    std::vector<double> release_caps;
    for (const PassTrack& p : pass_tracks) {
        tracks.push_back(p.track);
        release_caps.push_back(p.release_cap_s);
    }
    if (tracks.empty()) {
        progress.advance(frames);
        return pcm;
    }
    // Effects units cost time even when silent, so a synth gets only those its tracks use.
    const auto candidates = drum_keys(tracks);
    SynthConfig config;
    config.soundfont = options.soundfont;
    config.sample_rate = options.sample_rate;
    config.channels = static_cast<int>(std::min<size_t>(tracks.size() + candidates.size(), kMaxChannels));
    config.mix = score.mix;
    config.channel_widths = std::any_of(pass_tracks.begin(), pass_tracks.end(),
                                        [](const PassTrack& p) { return p.width < 1; });
    config.reverb = std::any_of(tracks.begin(), tracks.end(),
                                [](const model::Track* t) { return sends_to(*t, 91, t->reverb); });
    config.chorus = std::any_of(tracks.begin(), tracks.end(),
                                [](const model::Track* t) { return sends_to(*t, 93, t->chorus); });
    auto synth = Synth::open(config);
    if (!synth) return tl::unexpected(synth.error());
    for (size_t i = 0; i < tracks.size(); ++i) synth->setup_channel(static_cast<int>(i), *tracks[i]);
    cap_releases(*synth, tracks, release_caps);
    const std::vector<ChokedKey> choked = set_up_chokes(*synth, tracks, candidates, kMaxChannels);
    if (config.channel_widths) {
        for (size_t i = 0; i < tracks.size(); ++i) synth->set_width(static_cast<int>(i), pass_tracks[i].width);
        for (const ChokedKey& c : choked) synth->set_width(c.channel, pass_tracks[c.track].width);
    }

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
