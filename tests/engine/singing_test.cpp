// A song with words through the whole pipeline, with the real voice: the user's tags make the form,
// the voice sings on the vocal part's notes (measured with a pitch tracker on the vocal stem), the
// band leaves it room, and the files carry the words (MIDI lyric events, LRC, WebVTT).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "encode/midi.h"
#include "encode/timed_lyrics.h"
#include "engine/engine.h"
#include "master/master.h"
#include "support/test_engine.h"
#include "voice/yin.h"

namespace omg::engine {
namespace {

const Engine& engine() { return testing::test_engine(); }

constexpr const char* kLyrics =
    "[Verse]\nThe lantern burns above the bay\nI keep the light for ships at sea\n"
    "[Chorus - anthemic]\nShine on, shine on, keeper of the light\nCarry me home tonight\n"
    "[Guitar Solo]\n[Chorus]\nShine on, shine on, keeper of the light\nCarry me home tonight\n";

Request sung_request() {
    Request r;
    r.prompt = "a gentle folk song about a lighthouse";
    r.lyrics = kLyrics;
    r.seed = 5;
    r.stems = true;
    return r;
}

const Song& sung() {
    static const Song song = [] {
        auto s = engine().generate(sung_request());
        if (!s) {
            ADD_FAILURE() << s.error().message;
            return Song{};
        }
        return std::move(*s);
    }();
    return song;
}

const model::Pcm* stem(const Song& song, const std::string& name) {
    for (const auto& s : song.stems)
        if (s.name == name) return &s.pcm;
    return nullptr;
}

double rms_db(const model::Pcm& pcm, double a_s, double b_s) {
    const auto ch = static_cast<size_t>(pcm.channels);
    const size_t a = static_cast<size_t>(a_s * pcm.sample_rate) * ch;
    const size_t b = std::min(pcm.samples.size(), static_cast<size_t>(b_s * pcm.sample_rate) * ch);
    double sum = 0;
    for (size_t i = a; i < b; ++i) sum += double(pcm.samples[i]) * pcm.samples[i];
    return b > a ? 10 * std::log10(sum / double(b - a) + 1e-20) : -200;
}

TEST(Singing, TheUsersTagsAreTheFormAndEveryLineIsSung) {
    const Song& song = sung();
    ASSERT_FALSE(song.score.vocal.empty());
    EXPECT_EQ(song.score.vocal.lines.size(), 6u);
    EXPECT_TRUE(song.score.vocal.dropped.empty());
    std::vector<std::string> names;
    for (const auto& s : song.score.sections) names.push_back(s.name);
    // Intro (added), Verse, Chorus, Guitar Solo, Chorus, Outro (added).
    ASSERT_EQ(names.size(), 6u) << ::testing::PrintToString(names);
    EXPECT_EQ(names[1], "Verse");
    EXPECT_EQ(names[2], "Chorus");
    EXPECT_EQ(names[3], "Guitar Solo");
    EXPECT_EQ(names[4], "Chorus");
    EXPECT_EQ(song.score.vocal.text.sections[1].note, "anthemic");
    EXPECT_EQ(song.lyrics, kLyrics);
    EXPECT_FALSE(song.lyrics_written);
    EXPECT_TRUE(std::any_of(song.interpretation.understood.begin(), song.interpretation.understood.end(),
                            [](const auto& f) { return f.field == "vocals" && f.value.find("6 lines") != std::string::npos; }));
}

TEST(Singing, TheVoiceIsAPartWithItsOwnStemAndLoudness) {
    const Song& song = sung();
    ASSERT_EQ(song.parts.size(), song.score.tracks.size());
    const Part& voice = song.parts.at(static_cast<size_t>(song.score.vocal.track));
    EXPECT_EQ(voice.role, "vocal");
    ASSERT_TRUE(voice.stem);
    EXPECT_EQ(song.stems.at(*voice.stem).name, "Vocals");
    ASSERT_TRUE(voice.loudness_lufs);
    auto reference = master::measure(song.stems.at(*voice.stem).pcm);
    ASSERT_TRUE(reference);
    EXPECT_NEAR(*voice.loudness_lufs, reference->integrated_lufs, 0.05);
    for (const Part& p : song.parts) {
        if (p.role != "vocal") {
            EXPECT_NE(song.stems.at(p.stem.value()).name, "Vocals") << p.name;
        }
    }
}

TEST(Singing, TheVoiceSingsTheNotesInTuneAndIsSilentBetweenPhrases) {
    const Song& song = sung();
    const model::Pcm* vocal = stem(song, "Vocals");
    ASSERT_NE(vocal, nullptr);
    ASSERT_EQ(vocal->frames(), song.audio.frames());
    std::vector<float> mono(vocal->frames());
    for (size_t i = 0; i < mono.size(); ++i) mono[i] = 0.5f * (vocal->samples[2 * i] + vocal->samples[2 * i + 1]);
    const auto& track = song.score.tracks.at(static_cast<size_t>(song.score.vocal.track));
    std::vector<double> errors;
    // Each note's body, tracked within a tritone of its target: the chain's reverb and presence
    // lift make a whole-song tracker jump octaves on held notes (the dry voice's octave is checked
    // in tests/voice); this measures the intonation that reaches the stem.
    for (const auto& n : track.notes) {
        const double a = song.score.seconds_at(n.tick), d = song.score.seconds_at(n.duration);
        if (d < 0.15) continue;
        const double target = 440.0 * std::pow(2.0, (n.key - 69) / 12.0);
        const auto from = static_cast<size_t>((a + 0.3 * d) * vocal->sample_rate);
        const auto to = std::min(mono.size(), static_cast<size_t>((a + 0.85 * d) * vocal->sample_rate));
        if (to <= from + 2048) continue;
        const std::vector<float> body(mono.begin() + long(from), mono.begin() + long(to));
        std::vector<double> hz;
        for (const auto& f : voice::test::track_pitch(body, vocal->sample_rate, 0.005, target / 1.41, target * 1.41))
            if (f.hz > 0) hz.push_back(f.hz);
        if (hz.size() < 5) continue;
        std::nth_element(hz.begin(), hz.begin() + long(hz.size() / 2), hz.end());
        errors.push_back(std::abs(1200 * std::log2(hz[hz.size() / 2] / target)));
        if (errors.back() >= 50)
            std::cout << "off: key " << n.key << " at " << a << " s for " << d << " s: " << errors.back() << " cents\n";
    }
    ASSERT_GT(errors.size(), 15u);
    std::sort(errors.begin(), errors.end());
    const double median = errors[errors.size() / 2];
    const double within = double(std::count_if(errors.begin(), errors.end(), [](double e) { return e < 50; })) / double(errors.size());
    std::cout << "sung notes measured: " << errors.size() << ", median error " << median << " cents, within 50 c: "
              << within * 100 << " %\n";
    EXPECT_LT(median, 25.0);
    EXPECT_GE(within, 0.9);
    // Before the first line (the intro) the vocal stem is silent.
    EXPECT_LT(rms_db(*vocal, 0.0, song.score.seconds_at(song.score.vocal.lines.front().start_tick) - 0.3), -40.0);
    // No clipping or NaN anywhere in the mix.
    for (float s : song.audio.samples) ASSERT_TRUE(std::isfinite(s) && std::abs(s) <= 1.0f);
}

TEST(Singing, TheVoiceSitsOverTheBandWhereItSings) {
    const Song& song = sung();
    const model::Pcm* vocal = stem(song, "Vocals");
    ASSERT_NE(vocal, nullptr);
    for (const auto& l : song.score.vocal.lines) {
        const double a = song.score.seconds_at(l.start_tick), b = song.score.seconds_at(l.end_tick);
        double band = -200;
        for (const auto& s : song.stems) {
            if (s.name == "Vocals") continue;
            band = std::max(band, rms_db(s.pcm, a, b));
        }
        EXPECT_GT(rms_db(*vocal, a, b), band) << l.text << ": the voice is the loudest part while it sings";
    }
}

TEST(Singing, FilesCarryTheWords) {
    const Song& song = sung();
    const auto midi = encode::midi_bytes(song.score);
    const std::string bytes(midi.begin(), midi.end());
    size_t lyric_events = 0;
    for (size_t at = bytes.find("\xFF\x05"); at != std::string::npos; at = bytes.find("\xFF\x05", at + 2)) ++lyric_events;
    EXPECT_EQ(lyric_events, song.score.vocal.syllables.size());
    EXPECT_NE(bytes.find("lan-"), std::string::npos);
    const std::string lrc = encode::lrc_text(song.score, "t");
    EXPECT_NE(lrc.find("]The lantern burns above the bay\n"), std::string::npos);
    const std::string vtt = encode::webvtt_text(song.score);
    EXPECT_EQ(vtt.rfind("WEBVTT\n", 0), 0u);
    EXPECT_NE(vtt.find(" --> "), std::string::npos);
    EXPECT_NE(vtt.find("Carry me home tonight"), std::string::npos);
}

TEST(Singing, IsByteIdenticalOnRerunAndVocalsOffIsInstrumental) {
    auto again = engine().generate(sung_request());
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->audio.samples, sung().audio.samples);
    Request off = sung_request();
    off.vocals = false;
    off.stems = false;
    off.duration_s = 12;
    auto plain = engine().generate(off);
    ASSERT_TRUE(plain) << plain.error().message;
    EXPECT_TRUE(plain->score.vocal.empty());
    EXPECT_TRUE(std::any_of(plain->interpretation.guessed.begin(), plain->interpretation.guessed.end(),
                            [](const std::string& g) { return g.find("not sung") != std::string::npos; }));
}

TEST(Singing, WithoutWordsTheBuiltInWriterWritesThemForTheLength) {
    Request r;
    r.prompt = "a cheerful pop song about juggling fire, with lyrics";
    r.duration_s = 30;
    r.seed = 3;
    auto song = engine().generate(r);
    ASSERT_TRUE(song) << song.error().message;
    EXPECT_TRUE(song->lyrics_written);
    EXPECT_FALSE(song->score.vocal.lines.empty());
    EXPECT_NEAR(song->audio.seconds(), 30.0, 1e-3);
}

TEST(Singing, APromptThatNamesNoTopicSingsOneOfItsStylesNeverItsOwnWords) {
    // "a pop song with lyrics" leaves nothing to be about once the style and "lyrics" are read:
    // the words used to be about the prompt itself ("A pop song with lyrics are calling me home").
    const model::Style* pop = engine().styles().find("pop");
    ASSERT_NE(pop, nullptr);
    ASSERT_FALSE(pop->topics.empty());
    std::set<std::string> topics;
    for (uint64_t seed : {1, 2, 3, 4, 5, 6}) {
        Request r;
        r.prompt = "a pop song with lyrics";
        r.duration_s = 30;
        r.seed = seed;
        auto song = engine().generate(r);
        ASSERT_TRUE(song) << song.error().message;
        EXPECT_NE(std::find(pop->topics.begin(), pop->topics.end(), song->brief.topic), pop->topics.end())
            << song->brief.topic;
        topics.insert(song->brief.topic);
        std::string lower = song->lyrics;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        EXPECT_EQ(lower.find("with lyrics"), std::string::npos) << song->lyrics;
        EXPECT_EQ(lower.find("pop song"), std::string::npos) << song->lyrics;
        const auto& guessed = song->interpretation.guessed;
        EXPECT_TRUE(std::any_of(guessed.begin(), guessed.end(),
                                [](const std::string& g) { return g.rfind("topic: ", 0) == 0; }))
            << "the Interpretation says the topic was the style's";
    }
    EXPECT_GT(topics.size(), 1u) << "the seed picks among the style's topics";
}

}  // namespace
}  // namespace omg::engine
