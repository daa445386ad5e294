#include "render/render.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <optional>
#include <thread>

#include "render/balance.h"
#include "render/bus_eq.h"
#include "render/pass.h"
#include "render/progress.h"
#include "render/split.h"
#include "render/tails.h"

namespace omg::render {
namespace {

constexpr double kProgressEverySeconds = 0.5;
constexpr size_t kMaxTracks = 256;  // FluidSynth's MIDI channel limit
// Pan stays within +-44 of centre (CC10 20..108): a part panned hard to one side leaves the other
// channel nothing but its reverb, so its own L/R correlation falls to zero.
constexpr int kMaxPan = 44;

Status check(const model::Score& score, const RenderOptions& options) {
    if (!std::isfinite(score.duration_s) || score.duration_s < 0 || score.duration_s > 3600) {
        return fail(Errc::invalid_argument, "the score's duration must be between 0 and 3600 s");
    }
    if (score.ppq <= 0 || !std::isfinite(score.tempo_qpm) || score.tempo_qpm <= 0) {
        return fail(Errc::invalid_argument, "the score's tempo and resolution must be positive");
    }
    for (size_t i = 0; i < score.tempo_changes.size(); ++i) {
        const model::TempoChange& c = score.tempo_changes[i];
        if (c.tick <= (i == 0 ? 0 : score.tempo_changes[i - 1].tick) || !std::isfinite(c.qpm) || c.qpm <= 0)
            return fail(Errc::invalid_argument, "the score's tempo changes must be positive, at rising ticks after 0");
    }
    if (options.sample_rate < 8000 || options.sample_rate > 96000) {  // FluidSynth's range
        return fail(Errc::invalid_argument, "sample rate must be between 8000 and 96000 Hz");
    }
    if (score.tracks.size() > kMaxTracks) {
        return fail(Errc::invalid_argument, "a score may have at most 256 tracks");
    }
    return {};
}

// One synth per track, on up to `threads` threads (the calling thread is one of them).
// The result does not depend on the number of threads.
// What a pass needs of each whole track besides its notes.
struct TrackSetup {
    double release_cap_s = 0;
    double width = 1;
};

Result<std::vector<model::Pcm>> render_each_track(const model::Score& score, const std::vector<TrackSetup>& setups,
                                                  const RenderOptions& options, int64_t frames,
                                                  Progress& progress) {
    const size_t n = score.tracks.size();
    std::vector<std::optional<Result<model::Pcm>>> results(n);
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < n; i = next++) {
            results[i] = render_pass(score, {{&score.tracks[i], setups[i].release_cap_s, setups[i].width}},
                                     options, frames, progress);
            if (!*results[i]) next = n;  // no point starting more
        }
    };
    {
        const size_t helpers = std::min<size_t>(n, static_cast<size_t>(std::max(options.threads, 1))) - 1;
        std::vector<std::jthread> pool;
        for (size_t i = 0; i < helpers; ++i) pool.emplace_back(work);
        work();
    }
    std::vector<model::Pcm> stems;
    for (auto& r : results) {
        if (!r) continue;  // not started after another track failed
        if (!*r) return tl::unexpected(r->error());
        stems.push_back(std::move(**r));
    }
    if (stems.size() != n) return fail(Errc::internal, "a track was not rendered");
    return stems;
}

// Without stems: the score split into `synths` shares of similar load (see split.h), one synth
// each, rendered in parallel when threads allow. The split never depends on the thread count,
// so the audio is the same on every machine. Each synth has its own reverb and chorus, so a few
// full synths cost less than one synth per track.
Result<model::Pcm> render_groups(const model::Score& score, const std::vector<TrackSetup>& setups,
                                 const RenderOptions& options, size_t synths, int64_t frames,
                                 Progress& progress) {
    const auto shares = split_for_synths(score, synths);
    std::vector<std::vector<PassTrack>> groups;
    for (const auto& share : shares) {
        std::vector<PassTrack> group;
        for (const PartTrack& part : share) {
            const TrackSetup& setup = setups[part.source];
            group.push_back({&part.track, setup.release_cap_s, setup.width});
        }
        groups.push_back(std::move(group));
    }
    std::vector<std::optional<Result<model::Pcm>>> results(groups.size());
    {
        std::vector<std::jthread> pool;
        const bool parallel = options.threads > 1;
        for (size_t g = 1; g < groups.size(); ++g) {
            if (parallel) pool.emplace_back([&, g] { results[g] = render_pass(score, groups[g], options, frames, progress); });
            else results[g] = render_pass(score, groups[g], options, frames, progress);
        }
        results[0] = render_pass(score, groups[0], options, frames, progress);
    }
    for (auto& r : results)
        if (!*r) return tl::unexpected(r->error());
    model::Pcm mix = std::move(**results[0]);
    for (size_t g = 1; g < results.size(); ++g) {
        const auto& part = (**results[g]).samples;
        for (size_t i = 0; i < mix.samples.size(); ++i) mix.samples[i] += part[i];
    }
    return mix;
}

}  // namespace

Result<Rendered> render(const model::Score& composed, const RenderOptions& options) {
    if (auto ok = check(composed, options); !ok) return tl::unexpected(ok.error());
    // The balance sets each track's CC7 from its measured loudness and role (balance.h).
    model::Score score = composed;
    // The vocal track is sung by the voice (voice/), not played by the synthesizer.
    std::erase_if(score.tracks, [](const model::Track& t) { return t.role == "vocal"; });
    // Release caps come from whole tracks, whichever way the tracks are shared out (tails.h).
    std::vector<TrackSetup> setups;
    for (const model::Track& t : score.tracks) setups.push_back({release_cap_s(score, t), 1.0});
    if (options.balance && !score.tracks.empty()) {
        auto levels = balance(score, options.soundfont, options.sample_rate, options.threads,
                              options.balance_cache);
        if (!levels) return tl::unexpected(levels.error());
        for (size_t i = 0; i < score.tracks.size(); ++i) {
            score.tracks[i].volume = (*levels)[i].volume;
            score.tracks[i].pan = std::clamp(score.tracks[i].pan, 64 - kMaxPan, 64 + kMaxPan);
            setups[i].width = (*levels)[i].width;
        }
    }
    const auto frames = static_cast<int64_t>(std::llround(score.duration_s * options.sample_rate));
    const bool per_track = options.stems && !score.tracks.empty();
    const size_t synths = std::clamp<size_t>(static_cast<size_t>(std::max(options.mix_synths, 1)), 1, 8);
    const bool grouped = !options.stems && score.tracks.size() > 1 && synths > 1;
    const int64_t passes = per_track ? static_cast<int64_t>(score.tracks.size())
                                     : grouped ? static_cast<int64_t>(std::min(synths, score.tracks.size()))
                                               : 1;
    Progress progress(options.progress, frames * passes,
                      static_cast<int64_t>(kProgressEverySeconds * options.sample_rate));
    progress.report(0.0);


    Rendered out;
    if (grouped) {
        auto mix = render_groups(score, setups, options, synths, frames, progress);
        if (!mix) return tl::unexpected(mix.error());
        out.mix = std::move(*mix);
        apply_bus_eq(score.mix, out.mix);
        progress.report(1.0);
        return out;
    }
    if (!per_track) {
        std::vector<PassTrack> tracks;
        for (size_t i = 0; i < score.tracks.size(); ++i) tracks.push_back({&score.tracks[i], setups[i].release_cap_s, setups[i].width});
        auto mix = render_pass(score, tracks, options, frames, progress);
        if (!mix) return tl::unexpected(mix.error());
        out.mix = std::move(*mix);
        apply_bus_eq(score.mix, out.mix);
        progress.report(1.0);
        return out;
    }

    // The mix is the sum of the per-track renders, so stems add up to it exactly (FluidSynth's
    // reverb and chorus are linear). It differs from a one-synth render only in FluidSynth's
    // per-voice gain ramps (about -50 dB), because voice slots are reused differently.
    auto stems = render_each_track(score, setups, options, frames, progress);
    if (!stems) return tl::unexpected(stems.error());
    out.mix = model::Pcm(options.sample_rate, 2, std::vector<float>(static_cast<size_t>(frames) * 2));
    std::vector<float>& mix = out.mix.samples;
    for (model::Pcm& stem : *stems) {
        apply_bus_eq(score.mix, stem);  // linear: the EQ'd stems sum to the EQ'd mix
        for (size_t i = 0; i < mix.size(); ++i) mix[i] += stem.samples[i];
    }
    if (options.stems) {
        for (size_t i = 0; i < stems->size(); ++i) {
            out.stems.push_back({score.tracks[i].name, std::move((*stems)[i])});
        }
    }
    progress.report(1.0);
    return out;
}

}  // namespace omg::render
