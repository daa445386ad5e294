// The sung voice against its score: pitch, timing, voicing, rests, length, determinism.
#include "voice/voice.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "support/voice_fixture.h"
#include "voice/yin.h"

namespace omg::voice {
namespace {

double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

using testing::the_voice;

// "sing a happy song / shine on me now" at 100 bpm: D4..E5 (14 semitones), a melisma on "song",
// a half-note rest, a repeated E5 ("shine on").
struct TestSong {
    model::Score score;
    std::vector<model::Note> notes;
};

TestSong make_song(Voice& voice) {
    TestSong song;
    model::Score& s = song.score;
    s.tempo_qpm = s.tempo_bpm = 100;
    s.duration_s = 8.4;
    const std::vector<std::array<int, 3>> notes = {
        // tick, duration, key
        {480, 480, 62},  {960, 240, 64},  {1200, 240, 67}, {1440, 480, 69}, {1920, 480, 74},
        {2400, 480, 72}, {3840, 480, 76}, {4320, 480, 76}, {4800, 480, 71}, {5280, 960, 62}};
    model::Track track;
    track.name = "Voice";
    track.role = "lead";
    for (auto [tick, dur, key] : notes) track.notes.push_back({tick, dur, key, 90});
    s.tracks.push_back(track);
    song.notes = track.notes;

    model::LyricSection verse{"Verse 1", "verse", "", {}};
    verse.lines.push_back({"Sing a happy song,", {}, {}});
    verse.lines.push_back({"shine on me now!", {}, {}});
    auto text = voice.analyse({verse});
    EXPECT_TRUE(text.has_value());
    if (!text) return song;
    s.vocal.track = 0;
    s.vocal.text = *text;
    // Syllables in order; "song" (the 5th) takes notes 4 and 5.
    std::vector<std::array<int, 3>> syl;  // line, word, syllable
    for (int l = 0; l < 2; ++l) {
        const auto& line = text->sections[0].lines[static_cast<size_t>(l)];
        for (size_t w = 0; w < line.words.size(); ++w) {
            for (size_t k = 0; k < line.words[w].syllables.size(); ++k) {
                syl.push_back({l, static_cast<int>(w), static_cast<int>(k)});
            }
        }
    }
    EXPECT_EQ(syl.size(), 9u) << "sing a hap-py song / shine on me now";
    if (syl.size() != 9) return song;
    const std::vector<std::vector<int>> note_of = {{0}, {1}, {2}, {3}, {4, 5}, {6}, {7}, {8}, {9}};
    for (size_t i = 0; i < syl.size(); ++i) {
        model::SungSyllable ss;
        ss.section = 0, ss.line = syl[i][0], ss.word = syl[i][1], ss.syllable = syl[i][2];
        ss.notes = note_of[i];
        ss.phrase_start = i == 0 || i == 5;
        s.vocal.syllables.push_back(ss);
    }
    return song;
}

double cents(double hz, int key) {
    return 1200 * std::log2(hz / (440.0 * std::pow(2.0, (key - 69) / 12.0)));
}

TEST(Voice, SingsTheMelodyInTuneOnTimeAndExactlyAsLong) {
    REQUIRE_VOICE();
    Voice& voice = *the_voice();
    TestSong song = make_song(voice);
    ASSERT_FALSE(song.score.vocal.syllables.empty());
    const model::Score& score = song.score;
    constexpr int kRate = 44100;

    const double cpu0 = cpu_seconds();
    auto sung = voice.sing(score, kRate);
    const double cpu = cpu_seconds() - cpu0;
    ASSERT_TRUE(sung.has_value()) << sung.error().message;
    const model::Pcm& pcm = *sung;
    ASSERT_EQ(pcm.sample_rate, kRate);
    ASSERT_EQ(pcm.channels, 1);
    ASSERT_EQ(pcm.frames(), static_cast<size_t>(std::llround(score.duration_s * kRate)));
    double sum = 0;
    float peak = 0;
    for (float x : pcm.samples) {
        ASSERT_TRUE(std::isfinite(x));
        peak = std::max(peak, std::abs(x));
        sum += x;
    }
    EXPECT_LT(peak, 1.0f) << "clipping";
    EXPECT_GT(peak, 0.1f) << "no voice";
    EXPECT_LT(std::abs(sum / static_cast<double>(pcm.frames())), 0.01) << "DC offset";

    const auto f0 = test::track_pitch(pcm.samples, kRate);
    constexpr double kHop = 0.005;
    auto frame_at = [&](double t) { return static_cast<size_t>(std::max(0.0, t / kHop + 0.5)); };
    std::vector<double> errors;
    int within = 0;
    double worst_arrival = 0;
    for (size_t n = 0; n < song.notes.size(); ++n) {
        const auto& note = song.notes[n];
        const double a = score.seconds_at(note.tick),
                     b = score.seconds_at(note.tick + note.duration);
        std::vector<double> body;
        size_t frames = 0, voiced = 0;
        for (size_t f = frame_at(a + 0.3 * (b - a));
             f < frame_at(a + 0.85 * (b - a)) && f < f0.size(); ++f) {
            ++frames;
            if (f0[f].hz > 0) ++voiced, body.push_back(cents(f0[f].hz, note.key));
        }
        ASSERT_GT(frames, 0u);
        EXPECT_GE(static_cast<double>(voiced), 0.7 * static_cast<double>(frames))
            << "note " << n << " voicing";
        ASSERT_FALSE(body.empty()) << "note " << n << " unvoiced";
        std::nth_element(body.begin(), body.begin() + static_cast<long>(body.size() / 2),
                         body.end());
        const double err = std::abs(body[body.size() / 2]);
        errors.push_back(err);
        if (err < 50) ++within;
        if (n > 0 && note.key != song.notes[n - 1].key) {  // pitch arrival
            double arrival = 1e9;
            for (size_t f = frame_at(a - 0.1); f + 2 < f0.size() && f < frame_at(b); ++f) {
                auto ok = [&](size_t g) {
                    return f0[g].hz > 0 && std::abs(cents(f0[g].hz, note.key)) < 50;
                };
                if (ok(f) && ok(f + 1) && ok(f + 2)) {
                    arrival = f0[f].time_s - a;
                    break;
                }
            }
            EXPECT_LT(arrival, 0.040) << "note " << n << " arrives late";
            std::cout << "[voice] note " << n << " arrival " << arrival * 1000 << " ms, error "
                      << err << " cents, voiced " << voiced << "/" << frames << "\n";
            worst_arrival = std::max(worst_arrival, arrival);
        }
    }
    std::vector<double> sorted = errors;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[sorted.size() / 2];
    EXPECT_LT(median, 25.0);
    EXPECT_GE(within, static_cast<int>(std::ceil(0.9 * static_cast<double>(song.notes.size()))));

    // The rest between the phrases (after "song", before "shine").
    const double rest_a = score.seconds_at(2880) + 0.15, rest_b = score.seconds_at(3840) - 0.3;
    double energy = 0;
    const auto ra = static_cast<size_t>(rest_a * kRate), rb = static_cast<size_t>(rest_b * kRate);
    for (size_t i = ra; i < rb; ++i) energy += double(pcm.samples[i]) * pcm.samples[i];
    const double rest_db = 10 * std::log10(energy / static_cast<double>(rb - ra) + 1e-20);
    EXPECT_LT(rest_db, -40.0);

    std::cout << "[voice] median pitch error " << median << " cents; " << within << "/"
              << song.notes.size() << " notes within 50 cents; worst arrival "
              << worst_arrival * 1000 << " ms; rest " << rest_db << " dBFS; CPU "
              << cpu / score.duration_s << " s per s of audio\n";

    auto again = voice.sing(score, kRate);
    ASSERT_TRUE(again.has_value());
    EXPECT_TRUE(again->samples == pcm.samples) << "not byte-identical";

    model::Pcm wet = produce(pcm, score.mix);
    EXPECT_EQ(wet.channels, 2);
    EXPECT_EQ(wet.frames(), pcm.frames());
    for (float x : wet.samples) ASSERT_TRUE(std::isfinite(x));
    EXPECT_TRUE(produce(pcm, score.mix).samples == wet.samples);
}

// Level in dBFS of x[a, b) seconds.
double level_db(const std::vector<float>& x, int rate, double a, double b) {
    const auto i = static_cast<size_t>(std::max(0.0, a) * rate),
               j = std::min(x.size(), static_cast<size_t>(b * rate));
    double e = 0;
    for (size_t k = i; k < j; ++k) e += double(x[k]) * x[k];
    return 10 * std::log10(e / static_cast<double>(std::max<size_t>(1, j - i)) + 1e-20);
}

TEST(Voice, ThreadsGiveTheSameBytesAndLongGapsEndInABreath) {
    REQUIRE_VOICE();
    Voice& voice = *the_voice();
    TestSong song = make_song(voice);
    ASSERT_FALSE(song.score.vocal.syllables.empty());
    const model::Score& score = song.score;
    constexpr int kRate = 44100;
    auto one = voice.sing(score, kRate, {}, 1);
    auto three = voice.sing(score, kRate, {}, 3);
    ASSERT_TRUE(one.has_value() && three.has_value());
    EXPECT_TRUE(one->samples == three->samples) << "the thread count changed the bytes";

    // 10 ms levels before the first phrase (its note at 0.6 s) and in the rest before "shine"
    // (4.8 s): silence, then a breath well under the voice, then the voice.
    const auto& x = one->samples;
    const double voice_db = level_db(x, kRate, score.seconds_at(480), score.seconds_at(2880));
    for (const double onset : {score.seconds_at(480), score.seconds_at(3840)}) {
        double loudest = -200, loudest_at = 0;
        // The first consonant comes up to 240 ms before the note, the breath up to 280 ms
        // before that.
        for (double t = std::max(0.0, onset - 0.75); t < onset - 0.55; t += 0.01) {
            EXPECT_LT(level_db(x, kRate, t, t + 0.01), -80.0) << "not silent at " << t << " s";
        }
        // The first consonant: the first 10 ms within 20 dB of the voice; the breath before it.
        double consonant = onset;
        for (double t = onset - 0.55; t < onset; t += 0.01) {
            if (level_db(x, kRate, t, t + 0.01) > voice_db - 20) {
                consonant = t;
                break;
            }
        }
        for (double t = onset - 0.55; t < consonant - 0.02; t += 0.01) {
            const double l = level_db(x, kRate, t, t + 0.01);
            if (l > loudest) loudest = l, loudest_at = t;
        }
        std::cout << "[voice] breath before " << onset << " s: loudest " << loudest - voice_db
                  << " dB under the voice (" << loudest << " dBFS) at " << loudest_at
                  << " s, the consonant at " << consonant << " s\n";
        EXPECT_GT(loudest - voice_db, -40.0) << "no breath before " << onset << " s";
        EXPECT_LT(loudest - voice_db, -20.0) << "the breath is too loud before " << onset;
    }
}

TEST(Voice, AnEmptyVocalPartIsSilenceOfTheScoresLength) {
    REQUIRE_VOICE();
    model::Score score;
    score.duration_s = 1.5;
    auto pcm = the_voice()->sing(score, 48000);
    ASSERT_TRUE(pcm.has_value());
    EXPECT_EQ(pcm->frames(), 72000u);
    EXPECT_TRUE(
        std::all_of(pcm->samples.begin(), pcm->samples.end(), [](float x) { return x == 0; }));
}

TEST(Voice, BadIndicesAreInvalidArguments) {
    REQUIRE_VOICE();
    model::Score score;
    score.duration_s = 1;
    score.vocal.track = 3;
    auto pcm = the_voice()->sing(score, 44100);
    ASSERT_FALSE(pcm.has_value());
    EXPECT_EQ(pcm.error().code, Errc::invalid_argument);
    EXPECT_EQ(the_voice()->sing(model::Score{}, 100).error().code, Errc::invalid_argument);
}

TEST(Voice, OpenNamesWhatIsMissing) {
    Config c;
    c.htsvoice = "/nonexistent/voice.htsvoice";
    auto v = Voice::open(c);
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(v.error().code, Errc::unavailable);
    EXPECT_NE(v.error().message.find("HTS voice"), std::string::npos);
    c = Config{};
    c.festival = "/nonexistent/festival";
    EXPECT_NE(Voice::open(c).error().message.find("Festival"), std::string::npos);
}

}  // namespace
}  // namespace omg::voice
