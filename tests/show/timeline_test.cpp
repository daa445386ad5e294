#include "show/timeline.h"

#include <gtest/gtest.h>

#include <cmath>

#include "show/mix.h"

namespace omg::show {
namespace {

constexpr int kRate = 1000;

TimelineCue track(int64_t frames, int64_t tail, model::Transition t = {}) {
    TimelineCue cue;
    cue.frames = frames;
    cue.tail_frames = tail;
    cue.transition = t;
    return cue;
}

// A cue file whose every sample says which cue and which frame it is: cue * 1e4 + frame (+ 0.5
// on the right channel), so a mix tells which frames were played.
model::Pcm numbered(int cue, int64_t frames) {
    model::Pcm pcm(kRate, 2, {});
    for (int64_t f = 0; f < frames; ++f) {
        pcm.samples.push_back(static_cast<float>(cue * 10000 + f));
        pcm.samples.push_back(static_cast<float>(cue * 10000 + f) + 0.5f);
    }
    return pcm;
}

TEST(Timeline, SegueStartsTheNextCueWhereTheMusicEnds) {
    auto t = plan_timeline({track(500, 100), track(300, 50), track(200, 0)}, kRate);
    ASSERT_TRUE(t);
    ASSERT_EQ(t->cues.size(), 3u);
    EXPECT_EQ(t->cues[0].start, 0);
    EXPECT_EQ(t->cues[1].start, 400);  // 500 less its 100-frame tail
    EXPECT_EQ(t->cues[2].start, 650);
    EXPECT_EQ(t->frames, 850);
    EXPECT_EQ(t->cues[0].frames, 500);  // the tail still plays, under the next cue
}

TEST(Timeline, VampRepeatsItsLoop) {
    TimelineCue vamp = track(100 + 200 + 150, 120);
    vamp.segments = CueSegments{100, 200, 150};
    vamp.vamp_repeats = 3;
    auto t = plan_timeline({vamp, track(100, 0)}, kRate);
    ASSERT_TRUE(t);
    const Placement& p = t->cues[0];
    EXPECT_EQ(p.pieces, (std::vector<Piece>{{0, 100}, {100, 200}, {100, 200}, {100, 200}, {300, 150}}));
    EXPECT_EQ(p.frames, 100 + 3 * 200 + 150);
    EXPECT_EQ(t->cues[1].start, 850 - 120);
    EXPECT_EQ(source_frame(p, 0), 0);
    EXPECT_EQ(source_frame(p, 100), 100);
    EXPECT_EQ(source_frame(p, 300), 100);  // the second time round
    EXPECT_EQ(source_frame(p, 700), 300);  // the ending
    vamp.segments = CueSegments{100, 200, 100};
    EXPECT_FALSE(plan_timeline({vamp}, kRate));
}

TEST(Timeline, CutDropsTheTailSampleExactly) {
    auto t = plan_timeline({track(500, 100, {model::TransitionType::cut, 0}), track(300, 0)}, kRate);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->cues[0].frames, 400);
    EXPECT_EQ(t->cues[1].start, 400);
    const model::Pcm a = numbered(1, 500);
    const model::Pcm b = numbered(2, 300);
    auto mix = mix_show(*t, {&a, &b});
    ASSERT_TRUE(mix);
    ASSERT_EQ(mix->frames(), 700u);
    EXPECT_FLOAT_EQ(mix->samples[0], 10000.0f);
    EXPECT_FLOAT_EQ(mix->samples[2 * 300], 10300.0f);  // before the declick
    EXPECT_LT(std::abs(mix->samples[2 * 399]), 10399.0f * 0.02f);  // the declick's last frame
    EXPECT_FLOAT_EQ(mix->samples[2 * 400], 20000.0f);  // the next cue's first frame, alone
    EXPECT_FLOAT_EQ(mix->samples[2 * 699 + 1], 20299.5f);
}

TEST(Timeline, CrossfadeIsEqualPower) {
    auto t = plan_timeline({track(500, 100, {model::TransitionType::crossfade, 0.2}), track(300, 0)}, kRate);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->cues[1].start, 300);  // 500 - 200 frames
    EXPECT_EQ(t->frames, 600);
    for (int64_t f = 0; f < 200; ++f) {
        const double out = placement_gain(t->cues[0], 300 + f);
        const double in = placement_gain(t->cues[1], f);
        EXPECT_NEAR(out * out + in * in, 1.0, 1e-9) << f;
    }
    EXPECT_NEAR(placement_gain(t->cues[0], 299), 1.0, 1e-12);
    EXPECT_NEAR(placement_gain(t->cues[1], 200), 1.0, 1e-12);
}

TEST(Mix, PlacedCuesSumToTheMix) {
    TimelineCue vamp = track(60 + 80 + 90, 40, {model::TransitionType::crossfade, 0.05});
    vamp.segments = CueSegments{60, 80, 90};
    auto t = plan_timeline({track(300, 30), vamp, track(200, 20, {model::TransitionType::cut, 0}), track(100, 10)},
                           kRate);
    ASSERT_TRUE(t);
    std::vector<model::Pcm> files;
    files.push_back(numbered(1, 300));
    files.push_back(numbered(2, 230));
    files.push_back(numbered(3, 200));
    files.push_back(numbered(4, 100));
    std::vector<const model::Pcm*> refs;
    for (const auto& f : files) refs.push_back(&f);
    auto mix = mix_show(*t, refs);
    ASSERT_TRUE(mix);
    std::vector<double> sum(mix->samples.size(), 0.0);
    for (size_t i = 0; i < files.size(); ++i) {
        auto placed = placed_cue(*t, i, files[i]);
        ASSERT_TRUE(placed);
        ASSERT_EQ(placed->samples.size(), mix->samples.size());  // every show stem as long as the mix
        for (size_t s = 0; s < sum.size(); ++s) sum[s] += placed->samples[s];
    }
    for (size_t s = 0; s < sum.size(); ++s) ASSERT_NEAR(sum[s], mix->samples[s], 1e-2) << s;
    // A file shorter than its layout is refused, not read past its end.
    const model::Pcm short_file = numbered(2, 100);
    EXPECT_FALSE(placed_cue(*t, 1, short_file));
}

// The show of PlacedCuesSumToTheMix: a segue, a vamp crossfading into a cut, a segue.
struct SmallShow {
    Timeline timeline;
    std::vector<model::Pcm> files;
};
SmallShow small_show() {
    TimelineCue vamp = track(60 + 80 + 90, 40, {model::TransitionType::crossfade, 0.05});
    vamp.segments = CueSegments{60, 80, 90};
    SmallShow s;
    s.timeline = *plan_timeline({track(300, 30), vamp, track(200, 20, {model::TransitionType::cut, 0}), track(100, 10)},
                                kRate);
    s.files.push_back(numbered(1, 300));
    s.files.push_back(numbered(2, 230));
    s.files.push_back(numbered(3, 200));
    s.files.push_back(numbered(4, 100));
    return s;
}

Result<MixStats> stream_into(const SmallShow& s, int64_t block, std::vector<float>* out, size_t* largest_sink_block) {
    auto open = [&s](size_t i) -> Result<std::unique_ptr<CueReader>> { return pcm_reader(s.files[i]); };
    auto sink = [&](std::span<const float> b) -> Status {
        *largest_sink_block = std::max(*largest_sink_block, b.size());
        out->insert(out->end(), b.begin(), b.end());
        return {};
    };
    return stream_mix(s.timeline, 2, open, sink, block);
}

TEST(Mix, StreamedMixIsThePlacedCuesAddedInOrderWhateverTheBlockSize) {
    const SmallShow s = small_show();
    // The placed cues added one after the other into a silent mix: add_cue's floats.
    model::Pcm summed = empty_mix(s.timeline, 2);
    for (size_t i = 0; i < s.files.size(); ++i) ASSERT_TRUE(add_cue(summed, s.timeline, i, s.files[i]));
    for (int64_t block : {int64_t{1}, int64_t{7}, int64_t{37}, int64_t{64}, int64_t{1000}, kMixBlockFrames}) {
        std::vector<float> streamed;
        size_t largest = 0;
        auto stats = stream_into(s, block, &streamed, &largest);
        ASSERT_TRUE(stats) << block;
        EXPECT_EQ(stats->frames, s.timeline.frames);
        ASSERT_EQ(streamed.size(), summed.samples.size()) << block;
        for (size_t i = 0; i < streamed.size(); ++i) ASSERT_EQ(streamed[i], summed.samples[i]) << block << " " << i;
        EXPECT_LE(largest, static_cast<size_t>(block) * 2);
    }
}

TEST(Mix, StreamedMixHoldsABlockAndTheCuesSoundingInIt) {
    // 40 cues of 10 s crossfading by 1 s: a 6.5-minute mix at 1 kHz, mixed in 100-frame blocks.
    std::vector<TimelineCue> cues(40, track(10000, 500, {model::TransitionType::crossfade, 1.0}));
    auto t = plan_timeline(cues, kRate);
    ASSERT_TRUE(t);
    const model::Pcm file = numbered(1, 10000);
    size_t open_now = 0;
    size_t opened = 0;
    // A reader that counts itself, so that closing is checked too.
    struct Counted final : CueReader {
        std::unique_ptr<CueReader> inner;
        size_t* open_now;
        Counted(std::unique_ptr<CueReader> r, size_t* n) : inner(std::move(r)), open_now(n) { ++*open_now; }
        ~Counted() override { --*open_now; }
        int sample_rate() const override { return inner->sample_rate(); }
        int channels() const override { return inner->channels(); }
        int64_t frames() const override { return inner->frames(); }
        Status read(int64_t start, int64_t count, float* out) override { return inner->read(start, count, out); }
    };
    size_t most_open = 0;
    auto open = [&](size_t) -> Result<std::unique_ptr<CueReader>> {
        ++opened;
        auto r = std::make_unique<Counted>(pcm_reader(file), &open_now);
        most_open = std::max(most_open, open_now);
        return std::unique_ptr<CueReader>(std::move(r));
    };
    int64_t frames = 0;
    auto sink = [&](std::span<const float> b) -> Status {
        frames += static_cast<int64_t>(b.size() / 2);
        return {};
    };
    auto stats = stream_mix(*t, 2, open, sink, 100);
    ASSERT_TRUE(stats);
    EXPECT_EQ(frames, t->frames);
    EXPECT_EQ(opened, 40u);           // each cue opened once
    EXPECT_EQ(open_now, 0u);          // and let go
    EXPECT_LE(most_open, 2u);         // never more than the two of a crossfade
    EXPECT_EQ(stats->most_open_readers, most_open);
    EXPECT_LE(stats->largest_block, 200u);  // one block of 100 stereo frames, not the show
}

TEST(Mix, StreamedMixRefusesAShortFileAndStopsWhenAsked) {
    const SmallShow s = small_show();
    const model::Pcm short_file = numbered(2, 100);
    auto open = [&](size_t i) -> Result<std::unique_ptr<CueReader>> {
        return pcm_reader(i == 1 ? short_file : s.files[i]);
    };
    auto sink = [](std::span<const float>) -> Status { return {}; };
    auto st = stream_mix(s.timeline, 2, open, sink, 50);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, Errc::invalid_argument);
    std::stop_source stop;
    stop.request_stop();
    auto cancelled = stream_mix(s.timeline, 2, open, sink, 50, stop.get_token());
    ASSERT_FALSE(cancelled);
    EXPECT_EQ(cancelled.error().code, Errc::cancelled);
}

}  // namespace
}  // namespace omg::show
