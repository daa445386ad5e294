#include "show/mix.h"

#include <algorithm>

namespace omg::show {

namespace {

class PcmReader final : public CueReader {
public:
    explicit PcmReader(const model::Pcm& pcm) : pcm_(pcm) {}
    int sample_rate() const override { return pcm_.sample_rate; }
    int channels() const override { return pcm_.channels; }
    int64_t frames() const override { return static_cast<int64_t>(pcm_.frames()); }
    Status read(int64_t start, int64_t count, float* out) override {
        if (start < 0 || count < 0 || start + count > frames()) return fail(Errc::invalid_argument, "read past the end");
        const auto ch = static_cast<size_t>(pcm_.channels);
        std::copy_n(pcm_.samples.data() + static_cast<size_t>(start) * ch, static_cast<size_t>(count) * ch, out);
        return {};
    }

private:
    const model::Pcm& pcm_;
};

std::string cue_label(size_t index) { return "cue " + std::to_string(index + 1); }

}  // namespace

std::unique_ptr<CueReader> pcm_reader(const model::Pcm& cue) { return std::make_unique<PcmReader>(cue); }

Result<MixStats> stream_mix(const Timeline& timeline, int channels, const OpenCue& open, const MixSink& sink,
                            int64_t block_frames, std::stop_token stop) {
    if (channels <= 0 || block_frames <= 0) return fail(Errc::invalid_argument, "bad channels or block size");
    const auto ch = static_cast<size_t>(channels);
    const size_t n_cues = timeline.cues.size();
    std::vector<std::unique_ptr<CueReader>> readers(n_cues);
    std::vector<bool> done(n_cues, false);
    std::vector<float> block;
    std::vector<float> source;
    MixStats stats;
    size_t open_now = 0;
    for (int64_t b = 0; b < timeline.frames; b += block_frames) {
        if (stop.stop_requested()) return fail(Errc::cancelled, "stopping");
        const int64_t b_end = std::min(timeline.frames, b + block_frames);
        block.assign(static_cast<size_t>(b_end - b) * ch, 0.0f);
        for (size_t i = 0; i < n_cues; ++i) {
            const Placement& p = timeline.cues[i];
            if (done[i] || p.start >= b_end || p.start + p.frames <= b) continue;
            if (!readers[i]) {
                auto opened = open(i);
                if (!opened) return tl::unexpected(opened.error());
                if (!*opened) return fail(Errc::invalid_argument, cue_label(i) + ": no file");
                if ((*opened)->sample_rate() != timeline.sample_rate || (*opened)->channels() != channels)
                    return fail(Errc::invalid_argument, cue_label(i) + ": its sample rate or channels differ from the show's");
                readers[i] = std::move(*opened);
                stats.most_open_readers = std::max(stats.most_open_readers, ++open_now);
            }
            CueReader& reader = *readers[i];
            // This block's part of the cue's playback: [lo, hi) in its own frames.
            const int64_t lo = std::max(b, p.start) - p.start;
            const int64_t hi = std::min(b_end, p.start + p.frames) - p.start;
            int64_t piece_at = 0;  // playback frame of the piece's first frame
            for (const Piece& piece : p.pieces) {
                const int64_t from = std::max(lo, piece_at);
                const int64_t to = std::min(hi, piece_at + piece.frames);
                if (from < to) {
                    if (piece.source_start < 0 || piece.source_start + piece.frames > reader.frames())
                        return fail(Errc::invalid_argument, cue_label(i) + ": its file is shorter than its layout");
                    source.resize(static_cast<size_t>(to - from) * ch);
                    if (auto st = reader.read(piece.source_start + (from - piece_at), to - from, source.data()); !st)
                        return tl::unexpected(st.error());
                    stats.largest_block = std::max(stats.largest_block, source.size());
                    for (int64_t t = from; t < to; ++t) {
                        const bool fading = t < p.fade_in || t >= p.frames - p.fade_out;
                        const auto gain = static_cast<float>(fading ? placement_gain(p, t) : 1.0);
                        const float* in = source.data() + static_cast<size_t>(t - from) * ch;
                        float* out = block.data() + static_cast<size_t>(p.start + t - b) * ch;
                        for (size_t c = 0; c < ch; ++c) out[c] += gain * in[c];
                    }
                }
                piece_at += piece.frames;
                if (piece_at >= hi) break;
            }
            if (p.start + p.frames <= b_end) {
                readers[i].reset();
                done[i] = true;
                --open_now;
            }
        }
        stats.largest_block = std::max(stats.largest_block, block.size());
        if (auto st = sink(block); !st) return tl::unexpected(st.error());
        stats.frames += b_end - b;
    }
    return stats;
}

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
    model::Pcm mix(timeline.sample_rate, cues.front()->channels, {});
    mix.samples.reserve(static_cast<size_t>(timeline.frames) * static_cast<size_t>(mix.channels));
    auto open = [&cues](size_t i) -> Result<std::unique_ptr<CueReader>> { return pcm_reader(*cues[i]); };
    auto sink = [&mix](std::span<const float> block) -> Status {
        mix.samples.insert(mix.samples.end(), block.begin(), block.end());
        return {};
    };
    if (auto st = stream_mix(timeline, mix.channels, open, sink); !st) return tl::unexpected(st.error());
    return mix;
}

Result<model::Pcm> placed_cue(const Timeline& timeline, size_t index, const model::Pcm& cue) {
    model::Pcm track = empty_mix(timeline, cue.channels);
    if (auto st = add_cue(track, timeline, index, cue); !st) return tl::unexpected(st.error());
    return track;
}

}  // namespace omg::show
