// The timing rules on plain data: consonants before the beat, vowels on it, rests split phrases.
#include "voice/retime.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace omg::voice::detail {
namespace {

constexpr double kFrame = 0.005;

PlanSyllable syllable(std::vector<std::string> phones, double start, double end, int key) {
    PlanSyllable s;
    for (const auto& p : phones) {
        s.labels.push_back("x^x-" + p + "+x=x@1_1/A:0_0_0/B:1-1-1@1-1&1-1#1-1$1-1!0-0;0-0|" +
                           (p == "s" || p == "t" || p == "r" ? std::string("ah") : p) + "/C:0+0+0");
    }
    s.phones = std::move(phones);
    s.notes.push_back({start, end, key});
    return s;
}

TEST(Retime, OnsetsGoBeforeTheBeatAndTheVowelLandsOnIt) {
    Phrase p;
    p.syllables.push_back(syllable({"s", "t", "ah", "r"}, 1.0, 1.6, 62));  // "star"
    p.syllables.push_back(syllable({"s", "ah"}, 1.6, 1.9, 69));
    const auto labels = phrase_labels(p);
    ASSERT_EQ(labels.size(), 8u);
    std::vector<int> predicted = {40, 20, 15, 30, 12, 25, 30, 40};
    Timing t = retime(p, predicted, kFrame, 5);
    ASSERT_EQ(t.frames.size(), labels.size());
    for (int f : t.frames) EXPECT_GE(f, 5);
    // Frame where each label starts.
    std::vector<int64_t> at{0};
    for (int f : t.frames) at.push_back(at.back() + f);
    auto time_of = [&](size_t label) {
        return t.start_s + static_cast<double>(at[label]) * kFrame;
    };
    EXPECT_NEAR(time_of(3), 0.98, kFrame);            // "ah" of star on its beat (20 ms ahead)
    EXPECT_NEAR(time_of(6), 1.58, kFrame);            // "ah" of the second syllable on its beat
    EXPECT_LT(time_of(1), 1.0);                       // "s t" before the beat
    EXPECT_LE(1.0 - time_of(1), 0.4 * 0.6 + kFrame);  // capped at 40 % of the note
    EXPECT_NEAR(time_of(7), 1.9, kFrame);             // the pause after the last note
    EXPECT_NEAR(time_of(8), 2.0, kFrame);             // and a short release
    EXPECT_LT(time_of(5), 1.6);                       // the next onset "s" before its beat
}

TEST(Retime, ShortNotesStillGiveEveryPhoneFiveFrames) {
    Phrase p;
    for (int i = 0; i < 4; ++i)
        p.syllables.push_back(
            syllable({"s", "t", "ah", "s", "t"}, 0.5 + 0.06 * i, 0.56 + 0.06 * i, 60));
    std::vector<int> predicted(phrase_labels(p).size(), 20);
    Timing t = retime(p, predicted, kFrame, 5);
    for (int f : t.frames) EXPECT_GE(f, 5);
}

TEST(Retime, RestsAndPhraseStartsSplitPhrases) {
    std::vector<PlanSyllable> s = {syllable({"ah"}, 0, 0.5, 60), syllable({"ah"}, 0.55, 1.0, 62),
                                   syllable({"ah"}, 1.5, 2.0, 64), syllable({"ah"}, 2.0, 2.5, 65)};
    s[3].phrase_start = true;
    auto phrases = group_phrases(s, 0.15);
    ASSERT_EQ(phrases.size(), 3u);
    EXPECT_EQ(phrases[0].syllables.size(), 2u);
}

TEST(Retime, PitchFollowsTheNotesWithShortGlides) {
    Phrase p;
    p.syllables.push_back(syllable({"ah"}, 1.0, 1.5, 60));
    p.syllables.back().notes.push_back({1.5, 2.0, 72});  // a melisma up an octave
    std::vector<int> predicted(phrase_labels(p).size(), 20);
    Timing t = retime(p, predicted, kFrame, 5);
    auto hz = pitch_track(p, t, kFrame, 0.015);
    auto at = [&](double s) {
        return hz[static_cast<size_t>(std::llround((s - t.start_s) / kFrame))];
    };
    const double c4 = 261.6256, c5 = 523.2511;
    EXPECT_NEAR(at(0.95), c4, 0.01);
    EXPECT_NEAR(at(1.25), c4, 0.01);
    EXPECT_NEAR(at(1.48), c4, 0.01);
    EXPECT_GT(at(1.4925), c4 * 1.2);
    EXPECT_LT(at(1.4925), c5 / 1.2);
    EXPECT_NEAR(at(1.5), c5, 0.01);
    EXPECT_NEAR(at(1.9), c5, 0.01);
}

}  // namespace
}  // namespace omg::voice::detail
