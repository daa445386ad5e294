#include "encode/midi.h"

#include <gtest/gtest.h>

#include <string>
#include <unistd.h>

#include "encode/midi_key.h"

namespace omg::encode {
namespace {

model::Score test_score() {
    model::Score s;
    s.ppq = 480;
    s.tempo_qpm = 96;
    s.tempo_bpm = 96;
    s.time_signature = {3, 4};
    s.key = {2, model::Mode::dorian};  // D dorian
    s.duration_s = 12.5;
    s.bars = 4;

    model::Track piano;
    piano.name = "Piano";
    piano.role = "chords";
    piano.channel = 0;
    piano.program = 0;
    piano.volume = 90;
    piano.pan = 40;
    piano.reverb = 50;
    piano.chorus = 10;
    for (int i = 0; i < 8; ++i) {
        const int64_t tick = i * 480;
        piano.notes.push_back({tick, 400, 60 + i, 70 + i});
        piano.notes.push_back({tick, 400, 64 + i, 60});  // chord notes share the onset
    }
    piano.notes.push_back({3840, 1, 72, 100});  // shortest possible note
    piano.controls = {{0, 64, 127}, {1900, 64, 0}, {2000, 11, 90}};

    model::Track strings;
    strings.name = "Strings";
    strings.channel = 3;
    strings.program = 48;
    strings.bank = 1;
    strings.notes = {{0, 1440, 55, 80}, {1440, 1440, 57, 80}};

    model::Track drums;
    drums.name = "Drums";
    drums.role = "drums";
    drums.channel = model::kDrumChannel;
    drums.program = 25;  // a kit
    drums.bank = 128;
    drums.drums = true;
    for (int i = 0; i < 12; ++i) drums.notes.push_back({i * 240, 60, i % 2 ? 38 : 36, 110});

    s.tracks = {piano, strings, drums};
    s.sections = {{"Intro", "intro", 0, 1, 0, 0.3}, {"Verse 1", "verse", 1440, 2, 0, 0.5},
                  {"Outro", "outro", 4320, 1, 0, 0.2}};
    return s;
}

TEST(Midi, RoundTripKeepsTheMusic) {
    const model::Score in = test_score();
    auto out = parse_midi(midi_bytes(in, R"({"prompt":"x"})"));
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(out->ppq, in.ppq);
    EXPECT_NEAR(out->tempo_qpm, in.tempo_qpm, 1e-3);
    EXPECT_EQ(out->time_signature, in.time_signature);
    EXPECT_EQ(out->key, in.key);
    EXPECT_NEAR(out->duration_s, in.duration_s, in.seconds_between(0, 1));
    ASSERT_EQ(out->tracks.size(), in.tracks.size());
    for (size_t i = 0; i < in.tracks.size(); ++i) {
        const model::Track& a = in.tracks[i];
        const model::Track& b = out->tracks[i];
        SCOPED_TRACE(a.name);
        EXPECT_EQ(b.name, a.name);
        EXPECT_EQ(b.channel, a.channel);
        EXPECT_EQ(b.program, a.program);
        EXPECT_EQ(b.bank, a.bank);
        EXPECT_EQ(b.drums, a.drums);
        EXPECT_EQ(b.volume, a.volume);
        EXPECT_EQ(b.pan, a.pan);
        EXPECT_EQ(b.reverb, a.reverb);
        EXPECT_EQ(b.chorus, a.chorus);
        EXPECT_EQ(b.notes, a.notes);
        EXPECT_EQ(b.controls, a.controls);
    }
    ASSERT_EQ(out->sections.size(), in.sections.size());
    for (size_t i = 0; i < in.sections.size(); ++i) {
        EXPECT_EQ(out->sections[i].name, in.sections[i].name);
        EXPECT_EQ(out->sections[i].start_tick, in.sections[i].start_tick);
        EXPECT_NEAR(out->sections[i].start_s, in.seconds_at(in.sections[i].start_tick), 1e-9);
    }
    EXPECT_EQ(out->sections[1].bars, 2);
}

TEST(Midi, RoundTripKeepsEveryKind) {
    for (int tonic = 0; tonic < 12; ++tonic) {
        for (auto mode : {model::Mode::major, model::Mode::minor, model::Mode::mixolydian,
                          model::Mode::harmonic_minor, model::Mode::locrian}) {
            model::Score s = test_score();
            s.key = {tonic, mode};
            auto out = parse_midi(midi_bytes(s));
            ASSERT_TRUE(out);
            EXPECT_EQ(out->key, s.key) << model::key_name(s.key);
        }
    }
    for (model::TimeSignature ts : {model::TimeSignature{6, 8}, model::TimeSignature{4, 4},
                                    model::TimeSignature{2, 2}, model::TimeSignature{12, 8}}) {
        model::Score s = test_score();
        s.time_signature = ts;
        auto out = parse_midi(midi_bytes(s));
        ASSERT_TRUE(out);
        EXPECT_EQ(out->time_signature, ts);
        EXPECT_NEAR(out->tempo_bpm, s.tempo_qpm / ts.beat_quarters(), 1e-3);
    }
}

TEST(Midi, KeySignaturesFollowTheParentMajorScale) {
    auto sig = [](int tonic, model::Mode mode) { return key_signature({tonic, mode}); };
    EXPECT_EQ(sig(2, model::Mode::major).sharps, 2);   // D major
    EXPECT_EQ(sig(4, model::Mode::minor).sharps, 1);   // E minor
    EXPECT_TRUE(sig(4, model::Mode::minor).minor);
    EXPECT_EQ(sig(2, model::Mode::dorian).sharps, 0);  // D dorian: C major's notes
    EXPECT_TRUE(sig(2, model::Mode::dorian).minor);
    EXPECT_EQ(sig(7, model::Mode::mixolydian).sharps, 0);
    EXPECT_FALSE(sig(7, model::Mode::mixolydian).minor);
    EXPECT_EQ(sig(10, model::Mode::major).sharps, -2);  // Bb
    EXPECT_EQ(sig(5, model::Mode::minor).sharps, -4);   // F minor
    EXPECT_EQ(key_from_signature({-3, true}), (model::Key{0, model::Mode::minor}));  // C minor
    EXPECT_EQ(key_from_signature({3, false}), (model::Key{9, model::Mode::major}));  // A major
}

TEST(Midi, HeaderConductorAndDeterminism) {
    const model::Score s = test_score();
    const auto bytes = midi_bytes(s, "recipe");
    EXPECT_EQ(bytes, midi_bytes(s, "recipe"));
    ASSERT_GE(bytes.size(), 14u);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "MThd");
    EXPECT_EQ(bytes[9], 1);                  // format 1
    EXPECT_EQ(bytes[11], 4);                 // conductor + 3 tracks
    EXPECT_EQ((bytes[12] << 8) | bytes[13], 480);
    const std::string text(bytes.begin(), bytes.end());
    EXPECT_NE(text.find("recipe"), std::string::npos);
    // Time signature 3/4: 24 MIDI clocks per click, 8 32nds per quarter.
    EXPECT_NE(text.find(std::string("\xff\x58\x04\x03\x02\x18\x08", 7)), std::string::npos);
    // 96 qpm = 625000 us per quarter.
    EXPECT_NE(text.find(std::string("\xff\x51\x03\x09\x89\x68", 6)), std::string::npos);
    // 6/8 clicks on the dotted quarter: 36 clocks.
    model::Score compound = s;
    compound.time_signature = {6, 8};
    const auto six_eight = midi_bytes(compound);
    EXPECT_NE(std::string(six_eight.begin(), six_eight.end())
                  .find(std::string("\xff\x58\x04\x06\x03\x24\x08", 7)),
              std::string::npos);
}

TEST(Midi, DrumsGoToChannelTenAndMelodicTracksAvoidIt) {
    model::Score s = test_score();
    s.tracks[1].channel = 9;  // a melodic track on the drum channel
    s.tracks[0].channel = 0;
    auto out = parse_midi(midi_bytes(s));
    ASSERT_TRUE(out);
    EXPECT_NE(out->tracks[1].channel, 9);
    EXPECT_NE(out->tracks[1].channel, 0);  // taken by the piano, a different program
    EXPECT_EQ(out->tracks[2].channel, 9);
    EXPECT_TRUE(out->tracks[2].drums);
}

TEST(Midi, OverlappingSameKeyNotesAreCutAtTheRetrigger) {
    model::Score s = test_score();
    s.tracks = {s.tracks[0]};
    s.tracks[0].notes = {{0, 960, 60, 90}, {480, 960, 60, 100}};
    auto out = parse_midi(midi_bytes(s));
    ASSERT_TRUE(out);
    ASSERT_EQ(out->tracks[0].notes.size(), 2u);
    EXPECT_EQ(out->tracks[0].notes[0], (model::Note{0, 480, 60, 90}));
    EXPECT_EQ(out->tracks[0].notes[1], (model::Note{480, 960, 60, 100}));
}

TEST(Midi, ReadsFormatZeroWithRunningStatusAndZeroVelocityOffs) {
    // One track, two channels, running status, note-on velocity 0 as note-off, no tempo.
    const std::vector<unsigned char> bytes{
        'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,
        'M', 'T', 'r', 'k', 0, 0, 0, 35,
        0x00, 0xff, 0x03, 0x03, 'S', 'e', 'q',   // sequence name
        0x00, 0xc1, 0x21,                        // channel 2: program 33
        0x00, 0x90, 60, 100,                     // channel 1: C on
        0x00, 62, 90,                            // running status: D on
        0x60, 60, 0,                             // C off (velocity 0)
        0x00, 62, 0,                             // D off
        0x00, 0x91, 40, 80,                      // channel 2: E on
        0x60, 0x81, 40, 0,                       // E off
        0x00, 0xff, 0x2f, 0x00};
    auto score = parse_midi(bytes);
    ASSERT_TRUE(score) << score.error().message;
    EXPECT_EQ(score->ppq, 96);
    EXPECT_EQ(score->tempo_qpm, 120);
    ASSERT_EQ(score->tracks.size(), 2u);
    EXPECT_EQ(score->tracks[0].channel, 0);
    EXPECT_EQ(score->tracks[0].notes, (std::vector<model::Note>{{0, 96, 60, 100}, {0, 96, 62, 90}}));
    EXPECT_EQ(score->tracks[1].program, 33);
    EXPECT_EQ(score->tracks[1].notes, (std::vector<model::Note>{{96, 96, 40, 80}}));
    EXPECT_EQ(score->tracks[1].name, "Seq (channel 2)");
    EXPECT_NEAR(score->duration_s, 1.0, 1e-9);  // 192 ticks at 96 ppq, 120 qpm
}

TEST(Midi, MalformedInputIsAnErrorNotACrash) {
    const auto good = midi_bytes(test_score(), "text");
    for (size_t cut = 0; cut < good.size(); cut += 7) {
        std::vector<unsigned char> truncated(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut));
        auto out = parse_midi(truncated);
        if (!out) {
            EXPECT_EQ(out.error().code, Errc::invalid_argument);
        }
    }
    std::vector<unsigned char> junk(200);
    for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<unsigned char>(i * 37 + 11);
    EXPECT_FALSE(parse_midi(junk));
    EXPECT_FALSE(parse_midi({}));
}

TEST(Midi, WritesAndReadsFiles) {
    std::string pattern = (std::filesystem::temp_directory_path() / "omg-midi-XXXXXX").string();
    const std::filesystem::path dir = mkdtemp(pattern.data());
    const auto path = dir / "song.mid";
    ASSERT_TRUE(write_midi(test_score(), "recipe", path));
    auto back = read_midi(path);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->tracks.size(), 3u);
    auto missing = read_midi(dir / "missing.mid");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, Errc::not_found);
    auto failed = write_midi(test_score(), "", dir / "no" / "song.mid");
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, Errc::io);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace omg::encode
