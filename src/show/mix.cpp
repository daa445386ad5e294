#include "show/mix.h"

namespace omg::show {

model::Pcm empty_mix(const Timeline& timeline, int channels) {
    return model::Pcm(timeline.sample_rate, channels,
                      std::vector<float>(static_cast<size_t>(timeline.frames) * static_cast<size_t>(channels), 0.0f));
}

Status add_cue(model::Pcm& mix, const Timeline& timeline, size_t index, const model::Pcm& cue) {
    if (index >= timeline.cues.size()) return fail(Errc::invalid_argument, "no such cue");
    const Placement& p = timeline.cues[index];
    if (cue.sample_rate != timeline.sample_rate || mix.sample_rate != timeline.sample_rate ||
        cue.channels != mix.channels || cue.channels <= 0)
        return fail(Errc::invalid_argument, "cue " + std::to_string(index + 1) + ": its sample rate or channels differ from the show's");
    if (static_cast<int64_t>(mix.frames()) < p.start + p.frames)
        return fail(Errc::invalid_argument, "the mix is shorter than the timeline");
    const auto ch = static_cast<size_t>(cue.channels);
    const auto cue_frames = static_cast<int64_t>(cue.frames());
    int64_t t = 0;  // frame of the placement's playback
    for (const Piece& piece : p.pieces) {
        if (piece.source_start < 0 || piece.source_start + piece.frames > cue_frames)
            return fail(Errc::invalid_argument, "cue " + std::to_string(index + 1) + ": its file is shorter than its layout");
        for (int64_t f = 0; f < piece.frames; ++f, ++t) {
            const bool fading = t < p.fade_in || t >= p.frames - p.fade_out;
            const auto gain = static_cast<float>(fading ? placement_gain(p, t) : 1.0);
            const float* in = cue.samples.data() + static_cast<size_t>(piece.source_start + f) * ch;
            float* out = mix.samples.data() + static_cast<size_t>(p.start + t) * ch;
            for (size_t c = 0; c < ch; ++c) out[c] += gain * in[c];
        }
    }
    return {};
}

Result<model::Pcm> mix_show(const Timeline& timeline, const std::vector<const model::Pcm*>& cues) {
    if (cues.size() != timeline.cues.size() || cues.empty())
        return fail(Errc::invalid_argument, "one file per cue");
    model::Pcm mix = empty_mix(timeline, cues.front()->channels);
    for (size_t i = 0; i < cues.size(); ++i)
        if (auto st = add_cue(mix, timeline, i, *cues[i]); !st) return tl::unexpected(st.error());
    return mix;
}

Result<model::Pcm> placed_cue(const Timeline& timeline, size_t index, const model::Pcm& cue) {
    model::Pcm track = empty_mix(timeline, cue.channels);
    if (auto st = add_cue(track, timeline, index, cue); !st) return tl::unexpected(st.error());
    return track;
}

}  // namespace omg::show
