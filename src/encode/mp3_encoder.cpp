#include "encode/mp3_encoder.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include <lame/lame.h>

#include "encode/id3.h"

namespace omg::encode {
namespace {

// VBR -V2: transparent for most music at ~170-210 kbps.
constexpr float kVbrQuality = 2.0f;
// LAME's algorithm quality, 0 (slowest) .. 9. Measured on a 60 s stereo mix: 7 -> ~0.32 s,
// 5 -> ~0.53 s, LAME's default (3, all libsndfile offers) -> ~0.65 s. MP3 time is a large
// share of the one-second pipeline budget; 7 is LAME's "fast, ok quality" and stays clean
// at V2.
constexpr int kAlgorithmQuality = 7;
constexpr int kFramesPerCall = 8192;

struct LameDeleter {
    void operator()(lame_global_flags* lame) const { lame_close(lame); }
};
using LamePtr = std::unique_ptr<lame_global_flags, LameDeleter>;

// LAME fills some process-wide tables the first time an encoder is set up, guarded by a plain
// flag; doing that once, before any concurrent use, keeps parallel encodes race-free.
void initialise_lame_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        LamePtr lame(lame_init());
        if (lame) lame_init_params(lame.get());
    });
}

}  // namespace

Result<std::vector<unsigned char>> encode_mp3(const model::Pcm& pcm, const Metadata& meta) {
    if (pcm.channels != 1 && pcm.channels != 2) {
        return fail(Errc::invalid_argument, "MP3 needs mono or stereo audio");
    }
    initialise_lame_once();
    LamePtr lame(lame_init());
    if (!lame) return fail(Errc::internal, "cannot start the MP3 encoder");
    lame_set_in_samplerate(lame.get(), pcm.sample_rate);
    lame_set_out_samplerate(lame.get(), pcm.sample_rate);
    lame_set_num_channels(lame.get(), pcm.channels);
    lame_set_mode(lame.get(), pcm.channels == 1 ? MONO : JOINT_STEREO);
    lame_set_VBR(lame.get(), vbr_default);
    lame_set_VBR_quality(lame.get(), kVbrQuality);
    lame_set_quality(lame.get(), kAlgorithmQuality);
    lame_set_bWriteVbrTag(lame.get(), 1);
    lame_set_write_id3tag_automatic(lame.get(), 0);
    if (lame_init_params(lame.get()) < 0) {
        return fail(Errc::invalid_argument, "the MP3 encoder does not support this sample rate");
    }

    std::vector<unsigned char> out = id3v2_tag(meta);
    const size_t audio_start = out.size();  // where LAME's placeholder Info frame will be
    // LAME's worst case: 1.25 bytes per sample plus 7200.
    std::vector<unsigned char> chunk(kFramesPerCall * 5 / 4 + 7200);
    const auto chunk_size = static_cast<int>(chunk.size());
    const size_t frames = pcm.frames();
    for (size_t pos = 0; pos < frames; pos += kFramesPerCall) {
        const int count = static_cast<int>(std::min<size_t>(kFramesPerCall, frames - pos));
        const float* in = pcm.samples.data() + pos * static_cast<size_t>(pcm.channels);
        const int written =
            pcm.channels == 2
                ? lame_encode_buffer_interleaved_ieee_float(lame.get(), in, count, chunk.data(), chunk_size)
                : lame_encode_buffer_ieee_float(lame.get(), in, in, count, chunk.data(), chunk_size);
        if (written < 0) return fail(Errc::internal, "the MP3 encoder failed");
        out.insert(out.end(), chunk.begin(), chunk.begin() + written);
    }
    const int flushed = lame_encode_flush(lame.get(), chunk.data(), chunk_size);
    if (flushed < 0) return fail(Errc::internal, "the MP3 encoder failed");
    out.insert(out.end(), chunk.begin(), chunk.begin() + flushed);

    // The Info frame (length, encoder delay and padding) replaces LAME's placeholder.
    const size_t info = lame_get_lametag_frame(lame.get(), chunk.data(), chunk.size());
    if (info > 0 && info <= chunk.size() && audio_start + info <= out.size()) {
        std::copy_n(chunk.begin(), info, out.begin() + static_cast<std::ptrdiff_t>(audio_start));
    }
    return out;
}

}  // namespace omg::encode
