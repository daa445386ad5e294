#include "render/tails.h"

#include <gtest/gtest.h>

#include "test_scores.h"

namespace omg::render {
namespace {

// 120 qpm: 480 ticks = 0.5 s.
model::Score with_track(model::Track t) {
    model::Score s = testing::small_score();
    s.tracks = {std::move(t)};
    return s;
}

// `notes` onsets `step` ticks apart, each held for `held` of the step, as chords of
// `chord_tones` keys spread `spread` ticks apart.
model::Track part(int program, int64_t step, int notes, double held = 0.5, int chord_tones = 1,
                  int64_t spread = 0) {
    model::Track t;
    t.name = "Part";
    t.program = program;
    const auto length = static_cast<int64_t>(static_cast<double>(step) * held);
    for (int i = 0; i < notes; ++i)
        for (int c = 0; c < chord_tones; ++c)
            t.notes.push_back({i * step + c * spread, length, 60 + 4 * c, 90});
    return t;
}

TEST(Tails, DetachedPartsReleaseIsCappedAtFourTimesTheMedianTimeBetweenNotes) {
    const model::Score s = with_track(part(48, 240, 16));  // eighths: 0.25 s
    EXPECT_DOUBLE_EQ(release_cap_s(s, s.tracks[0]), 1.0);
    const model::Score fast = with_track(part(48, 60, 16));  // 32nds: never below 0.4 s
    EXPECT_DOUBLE_EQ(release_cap_s(fast, fast.tracks[0]), 0.4);
}

TEST(Tails, LegatoPartsReleaseIsCappedAtHalfTheirTimeBetweenNotes) {
    const model::Score pad = with_track(part(89, 1920, 8, 1.0, 4));  // held whole-note chords: 2 s
    EXPECT_DOUBLE_EQ(release_cap_s(pad, pad.tracks[0]), 1.0);
    const model::Score almost = with_track(part(89, 1920, 8, 0.8, 4));
    EXPECT_DOUBLE_EQ(release_cap_s(almost, almost.tracks[0]), 1.0);
    const model::Score detached = with_track(part(89, 1920, 8, 0.5, 4));
    EXPECT_DOUBLE_EQ(release_cap_s(detached, detached.tracks[0]), 8.0);
}

TEST(Tails, ChordTonesAndStrumsCountAsOneOnset) {
    // Half-note chords (1 s apart) held for half their length, their three tones 10 ticks
    // (~10 ms) apart.
    const model::Score s = with_track(part(48, 960, 8, 0.5, 3, 10));
    EXPECT_DOUBLE_EQ(release_cap_s(s, s.tracks[0]), 4.0);
}

TEST(Tails, DrumsPitchedPercussionAndSingleNotesAreNotCapped) {
    model::Track drums = part(0, 120, 16);
    drums.drums = true;
    const model::Score d = with_track(drums);
    EXPECT_EQ(release_cap_s(d, d.tracks[0]), 0);
    for (int program : {47, 112, 116, 119}) {
        const model::Score p = with_track(part(program, 120, 16));
        EXPECT_EQ(release_cap_s(p, p.tracks[0]), 0) << program;
    }
    const model::Score one = with_track(part(48, 120, 1, 0.5, 3));
    EXPECT_EQ(release_cap_s(one, one.tracks[0]), 0);
}

TEST(Tails, DrumKeysAreTheDistinctKeysOfDrumTracks) {
    model::Track drums = testing::drum_beat();
    const model::Track piano = testing::piano_scale();
    const auto keys = drum_keys({&piano, &drums});
    const std::vector<std::pair<size_t, int>> expected{{1, 36}, {1, 38}, {1, 42}};
    EXPECT_EQ(keys, expected);
}

}  // namespace
}  // namespace omg::render
