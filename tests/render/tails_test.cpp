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

model::Track part(int program, int64_t step, int notes, int chord_tones = 1, int64_t spread = 0) {
    model::Track t;
    t.name = "Part";
    t.program = program;
    for (int i = 0; i < notes; ++i)
        for (int c = 0; c < chord_tones; ++c) t.notes.push_back({i * step + c * spread, step, 60 + 4 * c, 90});
    return t;
}

TEST(Tails, ReleaseCapIsSixTimesTheMedianTimeBetweenNotes) {
    const model::Score s = with_track(part(48, 240, 16));  // eighths: 0.25 s
    EXPECT_DOUBLE_EQ(release_cap_s(s, s.tracks[0]), 1.5);
    const model::Score fast = with_track(part(48, 60, 16));  // 32nds: never below 0.4 s
    EXPECT_DOUBLE_EQ(release_cap_s(fast, fast.tracks[0]), 0.4);
}

TEST(Tails, ChordTonesAndStrumsCountAsOneOnset) {
    // Half-note chords (1 s apart), their three tones 10 ticks (~10 ms) apart.
    const model::Score s = with_track(part(48, 960, 8, 3, 10));
    EXPECT_DOUBLE_EQ(release_cap_s(s, s.tracks[0]), 6.0);
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
    const model::Score one = with_track(part(48, 120, 1, 3));
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
