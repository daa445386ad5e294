#include "encode/mp3_encoder.h"

#include <lame/lame.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "encode/id3.h"
#include "encode/mp3_stream.h"

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

// Tracks of at least this length are encoded as two halves on two threads and spliced at an
// MP3 frame boundary, which halves the wall time of the encode. Each half is encoded without
// LAME's bit reservoir, so no frame borrows bytes from a frame of the other half. The second
// half starts kPrerollFrames early so that its filterbank and psychoacoustic state match the
// first half's at the splice (those frames are dropped), and the first half runs
// kLookaheadFrames past it so its last kept frames are encoded as in a whole-track encode.
// The split depends only on the length, so the file is the same on any machine.
constexpr double kSplitSeconds = 8.0;
constexpr size_t kPrerollFrames = 8;
constexpr size_t kLookaheadFrames = 4;

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

Result<LamePtr> open_encoder(const model::Pcm& pcm, bool info_frame, bool reservoir) {
    LamePtr lame(lame_init());
    if (!lame) return fail(Errc::internal, "cannot start the MP3 encoder");
    lame_set_in_samplerate(lame.get(), pcm.sample_rate);
    lame_set_out_samplerate(lame.get(), pcm.sample_rate);
    lame_set_num_channels(lame.get(), pcm.channels);
    lame_set_mode(lame.get(), pcm.channels == 1 ? MONO : JOINT_STEREO);
    lame_set_VBR(lame.get(), vbr_default);
    lame_set_VBR_quality(lame.get(), kVbrQuality);
    lame_set_quality(lame.get(), kAlgorithmQuality);
    lame_set_bWriteVbrTag(lame.get(), info_frame ? 1 : 0);
    lame_set_disable_reservoir(lame.get(), reservoir ? 0 : 1);
    lame_set_write_id3tag_automatic(lame.get(), 0);
    if (lame_init_params(lame.get()) < 0) {
        return fail(Errc::invalid_argument, "the MP3 encoder does not support this sample rate");
    }
    return lame;
}

// Encodes frames [begin, end) of `pcm` and flushes: the MPEG frames, LAME's Info frame first
// when the encoder writes one (some of its fields are rewritten after splicing).
Result<std::vector<unsigned char>> encode_range(lame_global_flags* lame, const model::Pcm& pcm,
                                                size_t begin, size_t end) {
    std::vector<unsigned char> out;
    // LAME's worst case: 1.25 bytes per sample plus 7200.
    std::vector<unsigned char> chunk(kFramesPerCall * 5 / 4 + 7200);
    const auto chunk_size = static_cast<int>(chunk.size());
    for (size_t pos = begin; pos < end; pos += kFramesPerCall) {
        const int count = static_cast<int>(std::min<size_t>(kFramesPerCall, end - pos));
        const float* in = pcm.samples.data() + pos * static_cast<size_t>(pcm.channels);
        const int written = pcm.channels == 2 ? lame_encode_buffer_interleaved_ieee_float(
                                                    lame, in, count, chunk.data(), chunk_size)
                                              : lame_encode_buffer_ieee_float(
                                                    lame, in, in, count, chunk.data(), chunk_size);
        if (written < 0) return fail(Errc::internal, "the MP3 encoder failed");
        out.insert(out.end(), chunk.begin(), chunk.begin() + written);
    }
    const int flushed = lame_encode_flush(lame, chunk.data(), chunk_size);
    if (flushed < 0) return fail(Errc::internal, "the MP3 encoder failed");
    out.insert(out.end(), chunk.begin(), chunk.begin() + flushed);
    // LAME wrote a placeholder for the Info frame; the real one is ready after the flush.
    const size_t info = lame_get_lametag_frame(lame, chunk.data(), chunk.size());
    if (info > 0 && info <= chunk.size() && info <= out.size())
        std::copy_n(chunk.begin(), info, out.begin());
    return out;
}

// The first encoder's Info frame and its frames before the splice (all of them without one),
// then the second encoder's frames from the splice on: the MPEG stream, without tags.
Result<std::vector<unsigned char>> splice(const std::vector<unsigned char>& head,
                                          const std::vector<unsigned char>* tail,
                                          size_t head_audio_frames) {
    const auto head_frames = mp3_frame_offsets(head);
    const size_t keep = tail ? 1 + head_audio_frames : head_frames.size();
    if (head_frames.empty() || head_frames.front() != 0 || head_frames.size() < keep) {
        return fail(Errc::internal, "the MP3 encoder wrote an unexpected stream");
    }
    const size_t head_end = keep < head_frames.size() ? head_frames[keep] : head.size();
    std::vector<unsigned char> stream(head.begin(),
                                      head.begin() + static_cast<std::ptrdiff_t>(head_end));
    if (tail) {
        const auto tail_frames = mp3_frame_offsets(*tail);
        if (tail_frames.size() <= kPrerollFrames)
            return fail(Errc::internal, "the MP3 encoder wrote an unexpected stream");
        stream.insert(stream.end(),
                      tail->begin() + static_cast<std::ptrdiff_t>(tail_frames[kPrerollFrames]),
                      tail->end());
    }
    return stream;
}

// Makes the stream's Info frame (length, gapless delay and padding, seek table, CRCs) describe
// the whole stream.
Status finish_info_frame(std::span<unsigned char> stream, int encoder_delay, size_t samples,
                         size_t per_frame) {
    const auto offsets = mp3_frame_offsets(stream);
    if (offsets.empty()) return fail(Errc::internal, "the MP3 encoder wrote an unexpected stream");
    const size_t audio_at = offsets.size() > 1 ? offsets[1] : stream.size();
    StreamFacts facts;
    facts.frame_offsets.assign(offsets.begin() + 1, offsets.end());
    facts.stream_bytes = stream.size();
    facts.encoder_delay = encoder_delay;
    facts.samples = static_cast<int64_t>(samples);
    facts.samples_per_frame = static_cast<int>(per_frame);
    facts.music_crc = crc16(stream.subspan(audio_at));
    if (!rewrite_info_frame(stream.first(audio_at), facts))
        return fail(Errc::internal, "the MP3 encoder wrote no Info frame");
    return {};
}

}  // namespace

Result<std::vector<unsigned char>> encode_mp3(const model::Pcm& pcm, const Metadata& meta) {
    if (pcm.channels != 1 && pcm.channels != 2) {
        return fail(Errc::invalid_argument, "MP3 needs mono or stereo audio");
    }
    initialise_lame_once();
    const size_t frames = pcm.frames();
    const bool split = pcm.seconds() >= kSplitSeconds;
    auto first = open_encoder(pcm, true, !split);
    if (!first) return tl::unexpected(first.error());
    const auto per_frame = static_cast<size_t>(lame_get_framesize(first->get()));
    const int delay = lame_get_encoder_delay(first->get());
    // The splice: a multiple of the frame size near the middle.
    const size_t at = split ? frames / 2 / per_frame * per_frame : frames;

    std::optional<Result<std::vector<unsigned char>>> second;
    std::jthread helper;
    if (split) {
        helper = std::jthread([&] {
            auto lame = open_encoder(pcm, false, false);
            second = lame ? encode_range(lame->get(), pcm, at - kPrerollFrames * per_frame, frames)
                          : Result<std::vector<unsigned char>>(tl::unexpected(lame.error()));
        });
    }
    auto head = encode_range(first->get(), pcm, 0,
                             split ? std::min(frames, at + kLookaheadFrames * per_frame) : frames);
    if (helper.joinable()) helper.join();
    if (!head) return tl::unexpected(head.error());
    if (second && !*second) return tl::unexpected(second->error());

    auto stream = splice(*head, second ? &**second : nullptr, at / per_frame);
    if (!stream) return tl::unexpected(stream.error());
    if (auto ok = finish_info_frame(*stream, delay, frames, per_frame); !ok)
        return tl::unexpected(ok.error());
    std::vector<unsigned char> out = id3v2_tag(meta);
    out.insert(out.end(), stream->begin(), stream->end());
    return out;
}

}  // namespace omg::encode
