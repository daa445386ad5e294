#include "render/split.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "test_scores.h"

namespace omg::render {
namespace {

// A pad holding four-note chords for 8 bars (heavy), and a drum beat with hi-hats (light).
model::Score pad_and_drums() {
    model::Score s = testing::small_score();
    s.duration_s = 20;
    model::Track pad;
    pad.name = "Pad";
    pad.program = 89;
    pad.controls = {{0, 64, 127}, {1920, 64, 0}};
    for (int bar = 0; bar < 8; ++bar)
        for (int key : {48, 55, 60, 64}) pad.notes.push_back({bar * 1920, 1900, key + bar % 2, 70});
    model::Track drums = testing::drum_beat();
    drums.notes.push_back({480, 60, 46, 90});  // an open hi-hat beside the closed ones
    drums.notes.push_back({960, 60, 44, 90});  // and a pedal hi-hat
    s.tracks = {pad, drums};
    return s;
}

TEST(Split, EveryNoteGoesToExactlyOneSynthWithItsTracksSettings) {
    const model::Score s = pad_and_drums();
    const auto shares = split_for_synths(s, 2);
    ASSERT_EQ(shares.size(), 2u);
    std::map<size_t, size_t> notes_of_track;
    for (const auto& share : shares) {
        size_t last = 0;
        for (const PartTrack& part : share) {
            EXPECT_GE(part.source, last);  // in score track order
            last = part.source;
            const model::Track& whole = s.tracks[part.source];
            EXPECT_EQ(part.track.name, whole.name);
            EXPECT_EQ(part.track.program, whole.program);
            EXPECT_EQ(part.track.controls, whole.controls);
            notes_of_track[part.source] += part.track.notes.size();
        }
    }
    EXPECT_EQ(notes_of_track[0], s.tracks[0].notes.size());
    EXPECT_EQ(notes_of_track[1], s.tracks[1].notes.size());
}

TEST(Split, AKeyStaysOnOneSynthAndTheHiHatsStayTogether) {
    const auto shares = split_for_synths(pad_and_drums(), 2);
    std::map<std::pair<size_t, int>, std::set<size_t>> synths_of_key;
    for (size_t g = 0; g < shares.size(); ++g)
        for (const PartTrack& part : shares[g])
            for (const model::Note& n : part.track.notes)
                synths_of_key[{part.source, n.key}].insert(g);
    for (const auto& [key, synths] : synths_of_key) EXPECT_EQ(synths.size(), 1u) << key.second;
    using Key = std::pair<size_t, int>;
    const std::set<size_t> hats = synths_of_key[Key(1, 42)];
    const std::set<size_t> pedal = synths_of_key[Key(1, 44)];
    const std::set<size_t> open = synths_of_key[Key(1, 46)];
    EXPECT_EQ(pedal, hats);
    EXPECT_EQ(open, hats);
}

TEST(Split, AHeavyTrackIsSharedOut) {
    const auto shares = split_for_synths(pad_and_drums(), 2);
    for (const auto& share : shares) {
        const bool has_pad = std::any_of(share.begin(), share.end(),
                                         [](const PartTrack& p) { return p.source == 0; });
        EXPECT_TRUE(has_pad);
    }
}

TEST(Split, OneSynthGetsEverythingAndTheSplitIsDeterministic) {
    const model::Score s = pad_and_drums();
    const auto one = split_for_synths(s, 1);
    ASSERT_EQ(one.size(), 1u);
    ASSERT_EQ(one[0].size(), 2u);
    const auto a = split_for_synths(s, 3);
    const auto b = split_for_synths(s, 3);
    ASSERT_EQ(a.size(), 3u);
    for (size_t g = 0; g < 3; ++g) {
        ASSERT_EQ(a[g].size(), b[g].size());
        for (size_t i = 0; i < a[g].size(); ++i) EXPECT_EQ(a[g][i].track, b[g][i].track);
    }
    EXPECT_EQ(split_for_synths(model::Score{}, 2).size(), 2u);
}

}  // namespace
}  // namespace omg::render
