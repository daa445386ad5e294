#include "render/schedule.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "test_scores.h"

namespace omg::render {
namespace {

model::Score one_track(std::vector<model::Note> notes, std::vector<model::ControlChange> controls = {}) {
    model::Score s;
    s.tempo_qpm = 120;  // 480 ticks = 0.5 s = 22050 frames
    s.duration_s = 10;
    model::Track t;
    t.name = "Lead";
    t.notes = std::move(notes);
    t.controls = std::move(controls);
    s.tracks.push_back(t);
    return s;
}

std::vector<SynthEvent> events_of(const model::Score& s, int64_t frames = 441000) {
    std::vector<const model::Track*> tracks;
    for (const auto& t : s.tracks) tracks.push_back(&t);
    return schedule(s, tracks, 44100, frames);
}

TEST(Schedule, EventsSitOnTheNearestSynthBlock) {
    model::Score s = one_track({});
    EXPECT_EQ(grid_frame(s, 0, 44100), 0);
    EXPECT_EQ(grid_frame(s, 480, 44100), 22080);  // 22050 -> nearest multiple of 64
    for (int64_t tick = 0; tick < 5000; tick += 7) {
        const int64_t exact = std::llround(s.seconds_at(tick) * 44100);
        const int64_t f = grid_frame(s, tick, 44100);
        EXPECT_EQ(f % kSynthBlock, 0);
        EXPECT_LE(std::llabs(f - exact), kSynthBlock / 2);
    }
}

TEST(Schedule, SortedWithOffsBeforeControlsBeforeOns) {
    model::Score s = one_track({{0, 480, 60, 90}, {480, 480, 62, 90}}, {{480, 64, 127}});
    const auto events = events_of(s);
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[0].kind, EventKind::note_on);
    EXPECT_EQ(events[1].kind, EventKind::note_off);
    EXPECT_EQ(events[1].data1, 60);
    EXPECT_EQ(events[2].kind, EventKind::control);
    EXPECT_EQ(events[3].kind, EventKind::note_on);
    EXPECT_EQ(events[3].data1, 62);
    EXPECT_EQ(events[1].frame, events[3].frame);
}

TEST(Schedule, RetriggeredKeyIsReleasedFirstAndNotCutLater) {
    // The second C starts while the first still sounds and lasts longer than it.
    model::Score s = one_track({{0, 960, 60, 90}, {480, 960, 60, 100}});
    const auto events = events_of(s);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].kind, EventKind::note_on);
    EXPECT_EQ(events[1].kind, EventKind::note_off);
    EXPECT_EQ(events[2].kind, EventKind::note_on);
    EXPECT_EQ(events[2].data2, 100);
    EXPECT_EQ(events[1].frame, events[2].frame);
    EXPECT_EQ(events[3].kind, EventKind::note_off);
    EXPECT_EQ(events[3].frame, grid_frame(s, 1440, 44100));
}

TEST(Schedule, DuplicateNoteAtTheSameTimeSoundsOnce) {
    model::Score s = one_track({{0, 480, 60, 90}, {0, 480, 60, 90}});
    EXPECT_EQ(events_of(s).size(), 2u);
}

TEST(Schedule, VeryShortNoteLastsOneBlock) {
    model::Score s = one_track({{480, 1, 60, 90}});
    const auto events = events_of(s);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[1].frame - events[0].frame, kSynthBlock);
}

TEST(Schedule, DropsEventsAtOrAfterTheEndAndInvalidNotes) {
    model::Score s = one_track({{0, 960, 60, 90}, {1920, 10, 60, 90}, {0, 10, 200, 90}, {0, 10, 61, 0}});
    const auto events = events_of(s, 30000);  // ends between the first note's on and off
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].kind, EventKind::note_on);
}

TEST(Schedule, EachTrackGetsItsOwnChannel) {
    model::Score s = testing::small_score();
    const auto events = events_of(s);
    bool saw[2] = {false, false};
    for (const auto& e : events) {
        ASSERT_LT(e.channel, 2);
        saw[e.channel] = true;
    }
    EXPECT_TRUE(saw[0] && saw[1]);
}

TEST(Schedule, ChokedKeyPlaysOnItsChannelAndRingsUntilStruckAgain) {
    // A ride (51) twice, a kick (36) once; the track has one volume change.
    model::Score s = one_track({{0, 10, 51, 90}, {480, 10, 51, 90}, {0, 10, 36, 100}}, {{0, 7, 100}});
    s.tracks[0].drums = true;
    const std::vector<const model::Track*> tracks{&s.tracks[0]};
    const auto events = schedule(s, tracks, 44100, 441000 * 2, {{0, 51, 5}});

    std::vector<SynthEvent> ride;
    std::vector<uint8_t> control_channels;
    for (const auto& e : events) {
        if (e.kind == EventKind::control) control_channels.push_back(e.channel);
        else if (e.data1 == 51) ride.push_back(e);
        else EXPECT_EQ(e.channel, 0);  // the kick stays on the track's channel
    }
    EXPECT_EQ(control_channels, (std::vector<uint8_t>{0, 5}));
    ASSERT_EQ(ride.size(), 4u);
    for (const auto& e : ride) EXPECT_EQ(e.channel, 5);
    // The first strike is held to the second, the second for the longest ring.
    EXPECT_EQ(ride[1].kind, EventKind::note_off);
    EXPECT_EQ(ride[1].frame, grid_frame(s, 480, 44100));
    EXPECT_EQ(ride[3].kind, EventKind::note_off);
    EXPECT_EQ(ride[3].frame, ride[2].frame + static_cast<int64_t>(kMaxRingSeconds * 44100));
}

TEST(Schedule, KeysSharingAChokeChannelGetTheTracksControlsOnce) {
    // Closed and open hi-hat (one exclusive class) on channel 3.
    model::Score s = one_track({{0, 10, 42, 90}, {240, 10, 46, 90}, {480, 10, 42, 90}}, {{0, 7, 100}});
    s.tracks[0].drums = true;
    const std::vector<const model::Track*> tracks{&s.tracks[0]};
    const auto events = schedule(s, tracks, 44100, 441000, {{0, 42, 3}, {0, 46, 3}});
    std::vector<uint8_t> control_channels;
    for (const auto& e : events) {
        if (e.kind == EventKind::control) control_channels.push_back(e.channel);
        else EXPECT_EQ(e.channel, 3);
    }
    EXPECT_EQ(control_channels, (std::vector<uint8_t>{0, 3}));
}

}  // namespace
}  // namespace omg::render
