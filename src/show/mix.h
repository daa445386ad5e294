// The continuous show mix: every cue's playback (show/timeline.h) added, with its transition
// gains, into audio as long as the timeline.
//
// The mix is the plain sum of its cues as placed (no limiter after it: every cue is already
// mastered to the show's loudness), so the placed cues ("show stems", each as long as the mix)
// add up to it sample for sample. `stream_mix` makes it block by block, in order, and hands
// each block to a sink (an encoder writing the file): it reads each cue's frames from a
// CueReader as the block needs them, so it holds one block of the mix and one of cue audio,
// and a reader for each cue sounding in the block, whatever the show's length (MixStats
// counts it). Cues are added in show order into a silent block, with the gains `add_cue`
// uses, so every way here gives the same floats. Deterministic; thread-safe for distinct
// outputs.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <stop_token>
#include <vector>

#include "core/result.h"
#include "model/pcm.h"
#include "show/timeline.h"

namespace omg::show {

// One cue's file, read from any frame.
class CueReader {
public:
    virtual ~CueReader() = default;
    virtual int sample_rate() const = 0;
    virtual int channels() const = 0;
    virtual int64_t frames() const = 0;
    // Frames [start, start + count) into `out` (count * channels floats).
    virtual Status read(int64_t start, int64_t count, float* out) = 0;
};

// A cue file held in memory (not owned: it must outlive the reader).
std::unique_ptr<CueReader> pcm_reader(const model::Pcm& cue);

// Opens cue `index`'s file; called once per cue, when the mix first reaches it.
using OpenCue = std::function<Result<std::unique_ptr<CueReader>>(size_t index)>;
// Takes the next block of the mix (interleaved, whole frames).
using MixSink = std::function<Status(std::span<const float> block)>;

struct MixStats {
    int64_t frames = 0;            // written to the sink
    size_t largest_block = 0;      // most floats in one buffer (the mix block or a cue's)
    size_t most_open_readers = 0;  // cue readers held at once
};

inline constexpr int64_t kMixBlockFrames = 65536;

// The mix of `timeline` in blocks of at most `block_frames`. Errc::invalid_argument as add_cue
// (a reader's rate or channels differ, its file is shorter than its placement), cancelled when
// `stop` is requested; the sink's and the readers' errors are passed on.
Result<MixStats> stream_mix(const Timeline& timeline, int channels, const OpenCue& open, const MixSink& sink,
                            int64_t block_frames = kMixBlockFrames, std::stop_token stop = {});

// A silent mix of the timeline's length.
model::Pcm empty_mix(const Timeline& timeline, int channels);

// Adds cue `index`'s playback of `cue` (its whole file) into `mix`. Errc::invalid_argument when
// the sample rates or channel counts differ, the file is shorter than the placement reads, or
// the mix is shorter than the timeline.
Status add_cue(model::Pcm& mix, const Timeline& timeline, size_t index, const model::Pcm& cue);

// The whole mix from every cue's file, in order (stream_mix into one Pcm).
Result<model::Pcm> mix_show(const Timeline& timeline, const std::vector<const model::Pcm*>& cues);

// Cue `index` alone as it sounds in the mix, as long as the mix.
Result<model::Pcm> placed_cue(const Timeline& timeline, size_t index, const model::Pcm& cue);

}  // namespace omg::show
