#include "master/master.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "signals.h"

namespace omg::master {
namespace {

using namespace testing;

struct Case {
    std::string name;
    model::Pcm pcm;
};

std::vector<Case> signals() {
    std::vector<Case> cases;
    cases.push_back({"music", music(20, 0.3)});
    cases.push_back({"loud music", music(20, 1.5)});  // peaks far above full scale
    cases.push_back({"quiet music", music(20, 0.005)});
    cases.push_back({"loud noise", white_noise(10, 0.99)});
    cases.push_back({"noise bursts", noise_bursts(10)});
    cases.push_back({"sine and clicks", sine_and_clicks(10)});
    cases.push_back({"inter-sample peaks", sine(10, 11025, 0.5, 2, 44100, std::numbers::pi / 4)});
    cases.push_back({"mono", sine(10, 220, 0.1, 1)});
    cases.push_back({"48 kHz", sine(10, 1000, 0.2, 2, 48000)});
    return cases;
}

TEST(Master, HitsTheLoudnessTargetUnderTheTruePeakCeiling) {
    for (Case& c : signals()) {
        SCOPED_TRACE(c.name);
        const size_t frames = c.pcm.frames();
        auto report = master(c.pcm, MasterOptions{});
        ASSERT_TRUE(report) << report.error().message;
        EXPECT_EQ(c.pcm.frames(), frames);
        auto measured = measure(c.pcm);
        ASSERT_TRUE(measured);
        EXPECT_NEAR(measured->integrated_lufs, -14.0, 1.0);
        EXPECT_LE(measured->true_peak_dbtp, -1.0);
        // The report's own (fast) meters agree with libebur128.
        EXPECT_NEAR(report->after.integrated_lufs, measured->integrated_lufs, 0.2);
        EXPECT_NEAR(report->after.true_peak_dbtp, measured->true_peak_dbtp, 0.25);
    }
}

TEST(Master, HonoursOtherTargets) {
    model::Pcm pcm = music(15, 0.3);
    MasterOptions o;
    o.target_lufs = -23;
    o.ceiling_dbtp = -2;
    ASSERT_TRUE(master(pcm, o));
    auto measured = measure(pcm);
    ASSERT_TRUE(measured);
    EXPECT_NEAR(measured->integrated_lufs, -23.0, 0.5);
    EXPECT_LE(measured->true_peak_dbtp, -2.0);
}

TEST(Master, ReportsLevelsBeforeAndTheGain) {
    model::Pcm pcm = music(15, 0.3);
    auto before = measure(pcm);
    auto report = master(pcm, MasterOptions{});
    ASSERT_TRUE(before && report);
    EXPECT_NEAR(report->before.integrated_lufs, before->integrated_lufs, 0.1);
    EXPECT_NEAR(report->before.true_peak_dbtp, before->true_peak_dbtp, 0.2);
    EXPECT_NEAR(report->gain_db, -14.0 - before->integrated_lufs, 1.0);
}

TEST(Master, QuietSignalWithoutPeaksIsOnlyAmplified) {
    model::Pcm pcm = sine(10, 440, 0.01);
    const model::Pcm original = pcm.clone();
    auto report = master(pcm, MasterOptions{});
    ASSERT_TRUE(report);
    // Away from the end fade, the output is the input times one constant gain.
    const double ratio = pcm.samples[2000] / original.samples[2000];
    EXPECT_NEAR(20 * std::log10(ratio), report->gain_db, 1e-3);
    for (size_t i = 0; i < pcm.samples.size() - 2 * 44100 / 10; i += 97) {
        ASSERT_NEAR(pcm.samples[i], original.samples[i] * ratio, 1e-5);
    }
}

TEST(Master, StemsGetTheSameGainCurveAndStillSumToTheMix) {
    model::Pcm a = music(10, 0.8);
    model::Pcm b = sine_and_clicks(10);
    model::Pcm mix = a.clone();
    for (size_t i = 0; i < mix.samples.size(); ++i) mix.samples[i] += b.samples[i];
    MasterOptions o;
    o.fade_in_s = 0.5;
    o.fade_out_s = 2;
    ASSERT_TRUE(master(mix, o, {&a, &b}));
    double worst = 0;
    for (size_t i = 0; i < mix.samples.size(); ++i) {
        worst = std::max(worst, static_cast<double>(std::fabs(mix.samples[i] - a.samples[i] - b.samples[i])));
    }
    EXPECT_LT(worst, 1e-5);
}

TEST(Master, FadesInAndOut) {
    model::Pcm pcm = white_noise(10, 0.3);
    MasterOptions o;
    o.fade_in_s = 1.0;
    o.fade_out_s = 3.0;
    ASSERT_TRUE(master(pcm, o));
    auto rms = [&](double from, double to) {
        double sum = 0;
        const auto a = static_cast<size_t>(from * 44100) * 2, b = static_cast<size_t>(to * 44100) * 2;
        for (size_t i = a; i < b; ++i) sum += pcm.samples[i] * pcm.samples[i];
        return std::sqrt(sum / static_cast<double>(b - a));
    };
    const double full = rms(3, 6);
    EXPECT_LT(rms(0, 0.05), full * 0.01);
    EXPECT_NEAR(rms(0.45, 0.55), full * 0.5, full * 0.1);  // raised cosine: half way, half gain
    EXPECT_NEAR(rms(8.45, 8.55), full * 0.5, full * 0.1);
    EXPECT_LT(rms(9.95, 10), full * 0.01);
    EXPECT_EQ(pcm.samples[0], 0.0f);
    EXPECT_EQ(pcm.samples.back(), 0.0f);
}

TEST(Master, AlwaysEndsWithAShortFade) {
    model::Pcm pcm = sine(5, 440, 0.2);
    ASSERT_TRUE(master(pcm, MasterOptions{}));
    EXPECT_EQ(pcm.samples.back(), 0.0f);
    EXPECT_EQ(pcm.samples[pcm.samples.size() - 2], 0.0f);
    // 15 ms before the end the level is full again.
    const size_t before_fade = pcm.frames() - static_cast<size_t>(0.02 * 44100);
    float peak = 0;
    for (size_t n = before_fade - 441; n < before_fade; ++n) peak = std::max(peak, std::fabs(pcm.samples[2 * n]));
    EXPECT_GT(peak, 0.2f);
}

TEST(Master, IsDeterministic) {
    model::Pcm a = music(10, 1.2);
    model::Pcm b = a.clone();
    ASSERT_TRUE(master(a, MasterOptions{}));
    ASSERT_TRUE(master(b, MasterOptions{}));
    EXPECT_TRUE(a.samples == b.samples);
}

TEST(Master, RejectsSilenceEmptinessAndBadInput) {
    model::Pcm quiet = silence(5);
    auto r = master(quiet, MasterOptions{});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::invalid_argument);

    model::Pcm empty(44100, 2, {});
    EXPECT_EQ(master(empty, MasterOptions{}).error().code, Errc::invalid_argument);

    model::Pcm bad = sine(2, 440, 0.1);
    bad.samples[100] = NAN;
    EXPECT_EQ(master(bad, MasterOptions{}).error().code, Errc::invalid_argument);

    model::Pcm six(44100, 6, std::vector<float>(6000, 0.1f));
    EXPECT_EQ(master(six, MasterOptions{}).error().code, Errc::invalid_argument);

    model::Pcm mix = sine(2, 440, 0.1);
    model::Pcm short_stem = sine(1, 440, 0.1);
    EXPECT_EQ(master(mix, MasterOptions{}, {&short_stem}).error().code, Errc::invalid_argument);

    EXPECT_EQ(measure(quiet).error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace omg::master
