// The Score's tempo map (model/tempo_map.h) and MIDI's Set Tempo events: constant-tempo
// arithmetic unchanged to the bit, ticks <-> seconds inverse across changes, and a MIDI file
// written and read back keeps every change.
#include <gtest/gtest.h>

#include <cmath>

#include "encode/midi.h"
#include "model/score.h"

namespace omg::encode {
namespace {

model::Score mapped() {
    model::Score s;
    s.tempo_qpm = 120;
    s.tempo_bpm = 120;
    s.duration_s = 20;
    s.tempo_changes = {{1920, 60'000'000.0 / 480'000}, {3840, 60'000'000.0 / 520'000}, {4320, 100}};
    model::Track t;
    t.name = "Piano";
    for (int i = 0; i < 16; ++i) t.notes.push_back({i * 480, 400, 60 + i % 12, 80});
    s.tracks = {t};
    s.sections = {{"A", "A", 0, 4, 0, 0.5}, {"B", "B", 3840, 4, 0, 0.5}};
    return s;
}

TEST(TempoMap, WithoutChangesItIsTheConstantTempoToTheBit) {
    model::Score s;
    s.tempo_qpm = 137.31;
    const double spt = 60.0 / (s.tempo_qpm * s.ppq);
    for (int64_t tick : {int64_t{0}, int64_t{1}, int64_t{479}, int64_t{123457}, int64_t{-5}}) {
        EXPECT_EQ(s.seconds_at(tick), static_cast<double>(tick) * spt);
        EXPECT_EQ(s.seconds_between(tick, 333), 333.0 * spt);
    }
    for (double sec : {0.0, 0.1, 12.345, 599.9}) EXPECT_EQ(s.ticks_at(sec), sec / spt);
}

TEST(TempoMap, SecondsFollowEachChangeAndTicksInvertThem) {
    const model::Score s = mapped();
    EXPECT_DOUBLE_EQ(s.seconds_at(1920), 2.0);               // 4 quarters at 120
    EXPECT_DOUBLE_EQ(s.seconds_at(3840), 2.0 + 4 * 0.48);    // then 125 qpm
    EXPECT_DOUBLE_EQ(s.seconds_at(4320), 3.92 + 0.52);       // one quarter at 0.52 s
    EXPECT_DOUBLE_EQ(s.seconds_at(4800), 4.44 + 0.6);        // then 100 qpm
    EXPECT_DOUBLE_EQ(s.qpm_at(1919), 120);
    EXPECT_DOUBLE_EQ(s.qpm_at(4320), 100);
    EXPECT_NEAR(s.seconds_between(1800, 240), s.seconds_at(2040) - s.seconds_at(1800), 1e-12);
    for (int64_t tick = 0; tick < 10000; tick += 37) EXPECT_NEAR(s.ticks_at(s.seconds_at(tick)), static_cast<double>(tick), 1e-6);
}

TEST(TempoMap, MidiKeepsTheTempoMap) {
    const model::Score in = mapped();
    auto out = parse_midi(midi_bytes(in));
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_DOUBLE_EQ(out->tempo_qpm, in.tempo_qpm);
    ASSERT_EQ(out->tempo_changes.size(), in.tempo_changes.size());
    for (size_t i = 0; i < in.tempo_changes.size(); ++i) {
        EXPECT_EQ(out->tempo_changes[i].tick, in.tempo_changes[i].tick);
        EXPECT_NEAR(out->tempo_changes[i].qpm, in.tempo_changes[i].qpm, 1e-9);
    }
    EXPECT_NEAR(out->duration_s, in.duration_s, 0.002);
    ASSERT_EQ(out->sections.size(), 2u);
    EXPECT_DOUBLE_EQ(out->sections[1].start_s, in.seconds_at(3840));
}

TEST(TempoMap, ConstantTempoMidiHasOneSetTempo) {
    model::Score s = mapped();
    s.tempo_changes.clear();
    const auto bytes = midi_bytes(s);
    int tempos = 0;
    for (size_t i = 0; i + 2 < bytes.size(); ++i)
        if (bytes[i] == 0xff && bytes[i + 1] == 0x51 && bytes[i + 2] == 0x03) ++tempos;
    EXPECT_EQ(tempos, 1);
    auto out = parse_midi(bytes);
    ASSERT_TRUE(out);
    EXPECT_TRUE(out->tempo_changes.empty());
}

}  // namespace
}  // namespace omg::encode
