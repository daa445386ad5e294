// The voice's vocoder: level, pitch and envelope of its own, then against the HTS engine's MLSA
// vocoder on the same generated parameters (the reference it replaces).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <cstdio>

#include "support/spectrum.h"
#include "voice/hts_synth.h"
#include "voice/pulse_vocoder.h"
#include "voice/voice.h"

namespace omg::voice::detail {
namespace {

constexpr int kRate = 32000, kPeriod = 160, kOrder = 24;
constexpr double kAlpha = 0.45;

double rms(const std::vector<float>& x, size_t from, size_t to) {
    double s = 0;
    for (size_t i = from; i < to; ++i) s += static_cast<double>(x[i]) * x[i];
    return std::sqrt(s / static_cast<double>(to - from));
}

VocoderInput flat(size_t frames, double gain, double hz, double c1 = 0) {
    VocoderInput in;
    in.order = kOrder;
    in.mcep.assign(frames * (kOrder + 1), 0.0);
    for (size_t t = 0; t < frames; ++t) {
        in.mcep[t * (kOrder + 1)] = std::log(gain);
        in.mcep[t * (kOrder + 1) + 1] = c1;
    }
    in.f0.assign(frames, hz);
    return in;
}

// The band [lo, hi) Hz's share of x's power, in dB (Welch, 2048-point windows).
double band_db(const std::vector<float>& x, double lo, double hi) {
    testing::SpectrumMeter meter(2048);
    return meter.band_share_db(model::Pcm(kRate, 1, std::vector<float>(x)), lo, hi);
}

// A flat envelope of gain g leaves the excitation's unit power at g, but for the fade of the
// top tenth of the band (-0.3 dB) and, where pulses fall between samples, the ringing of
// band-limited delays: within 0.5 dB.
TEST(PulseVocoder, AFlatEnvelopeKeepsTheExcitationsLevelVoicedOrNot) {
    PulseVocoder v(kRate, kPeriod, kAlpha, kOrder, kRate);
    const auto whole = v.synthesize(flat(400, 1000.0, 200.0), 1);
    ASSERT_EQ(whole.size(), 400u * kPeriod);
    EXPECT_NEAR(20 * std::log10(rms(whole, 8000, 56000) / 1000.0), -0.28, 0.05);
    const auto voiced = v.synthesize(flat(400, 1000.0, 220.0), 1);
    EXPECT_NEAR(20 * std::log10(rms(voiced, 8000, 56000) / 1000.0), 0.0, 0.5);
    const auto unvoiced = v.synthesize(flat(400, 1000.0, 0.0), 1);
    EXPECT_NEAR(20 * std::log10(rms(unvoiced, 8000, 56000) / 1000.0), 0.0, 0.5);
}

// The pulses' period, from the autocorrelation over many periods, is the pitch asked for to a cent.
TEST(PulseVocoder, PulsesComeOncePerPeriodOfTheGivenPitch) {
    PulseVocoder v(kRate, kPeriod, kAlpha, kOrder, kRate);
    for (double hz : {110.0, 261.6, 523.3, 880.0}) {
        const auto x = v.synthesize(flat(200, 1000.0, hz), 1);
        const size_t from = 4000, n = 16000;
        auto corr = [&](size_t lag) {
            double s = 0;
            for (size_t i = from; i < from + n; ++i) s += static_cast<double>(x[i]) * x[i + lag];
            return s;
        };
        // Many periods at once (the lag nearest 3000 samples): the peak's error is shared out.
        const double period = kRate / hz;
        const double periods = std::floor(3000 / period);
        const auto centre = static_cast<size_t>(std::lround(period * periods));
        size_t best = centre;
        for (size_t lag = centre - 8; lag <= centre + 8; ++lag)
            if (corr(lag) > corr(best)) best = lag;
        const double a = corr(best - 1), b = corr(best), c = corr(best + 1);
        const double lag = (static_cast<double>(best) + 0.5 * (a - c) / (a - 2 * b + c)) / periods;
        EXPECT_NEAR(1200 * std::log2(kRate / lag / hz), 0.0, 1.0) << hz << " Hz";
    }
}

// At the song's rate the frames keep their time and the level its spectral density: a flat
// envelope gives the same voiced level, and noise the same level within the voice's band.
TEST(PulseVocoder, SynthesizesAtTheSongsRateWithTheSameTimingAndLevel) {
    PulseVocoder native(kRate, kPeriod, kAlpha, kOrder, kRate);
    PulseVocoder song(kRate, kPeriod, kAlpha, kOrder, 44100);
    EXPECT_EQ(song.samples_for(400), 400u * kPeriod * 44100 / kRate);
    const auto a = native.synthesize(flat(400, 1000.0, 200.0), 1);
    const auto b = song.synthesize(flat(400, 1000.0, 200.0), 1);
    ASSERT_EQ(b.size(), song.samples_for(400));
    EXPECT_NEAR(20 * std::log10(rms(b, 11025, 77175) / rms(a, 8000, 56000)), 0.0, 0.5);
    const auto na = native.synthesize(flat(400, 1000.0, 0.0), 1);
    const auto nb = song.synthesize(flat(400, 1000.0, 0.0), 1);
    EXPECT_NEAR(20 * std::log10(rms(nb, 11025, 77175) / rms(na, 8000, 56000)), 0.0, 0.5);
    // Nothing above the voice's own Nyquist (16 kHz).
    EXPECT_LT(testing::SpectrumMeter(2048).band_share_db(model::Pcm(44100, 1, std::vector<float>(nb)), 16100, 22050), -60);
}

TEST(PulseVocoder, TheFirstCepstralCoefficientTiltsTheSpectrum) {
    PulseVocoder v(kRate, kPeriod, kAlpha, kOrder, kRate);
    for (double c1 : {-0.8, 0.8}) {
        const auto x = v.synthesize(flat(300, 1000.0, 0.0, c1), 3);
        const double low = band_db(x, 100, 1500), high = band_db(x, 8000, 9400);
        if (c1 > 0) EXPECT_GT(low, high + 6) << "c1 > 0 lifts the lows";
        else EXPECT_GT(high, low + 6) << "c1 < 0 lifts the highs";
    }
}

TEST(PulseVocoder, IsDeterministicAndANoiseSeedChangesOnlyTheNoise) {
    PulseVocoder v(kRate, kPeriod, kAlpha, kOrder, kRate);
    EXPECT_EQ(v.synthesize(flat(100, 500.0, 0.0), 9), v.synthesize(flat(100, 500.0, 0.0), 9));
    EXPECT_NE(v.synthesize(flat(100, 500.0, 0.0), 9), v.synthesize(flat(100, 500.0, 0.0), 10));
    EXPECT_EQ(v.synthesize(flat(100, 500.0, 200.0), 9), v.synthesize(flat(100, 500.0, 200.0), 10));
}

// The same phrase, its parameters generated once by the HTS engine, through both vocoders: the
// same length, level within 1 dB, and the same spectral envelope (octave bands within 2 dB).
TEST(PulseVocoder, SoundsAsTheHtsEnginesOwnVocoderOnTheSamePhrase) {
    if (!std::filesystem::exists(kSltVoice) || !std::filesystem::exists("/usr/bin/festival"))
        GTEST_SKIP() << "festival or the slt HTS voice is not installed";
    auto voice = Voice::open(Config{});
    ASSERT_TRUE(voice) << voice.error().message;
    model::LyricSection section;
    section.tag = "Verse";
    section.role = "verse";
    model::LyricLine text_line;
    text_line.text = "shine on me, the morning sun is singing";
    section.lines.push_back(text_line);
    auto sung = voice->analyse({section});
    ASSERT_TRUE(sung) << sung.error().message;
    std::vector<std::string> labels;
    const auto& line = sung->sections.at(0).lines.at(0);
    labels.push_back(line.pause_labels.at(0));
    for (const auto& w : line.words)
        for (const auto& s : w.syllables) labels.insert(labels.end(), s.labels.begin(), s.labels.end());
    labels.push_back(line.pause_labels.at(1));

    auto synth = HtsSynth::load(kSltVoice);
    ASSERT_TRUE(synth) << synth.error().message;
    auto frames = synth->predict_frames(labels);
    ASSERT_TRUE(frames);
    size_t total = 0;
    for (int& f : *frames) total += static_cast<size_t>(f = std::max(f, synth->states()));
    std::vector<double> hz(total);
    for (size_t t = 0; t < total; ++t) hz[t] = 196.0 * std::pow(2.0, static_cast<double>(t / 40 % 5) / 12.0);

    auto pulse = synth->synthesize(labels, *frames, hz, synth->sample_rate());
    auto mlsa = synth->synthesize_mlsa(labels, *frames, hz);
    ASSERT_TRUE(pulse && mlsa);
    ASSERT_EQ(pulse->size(), mlsa->size());
    const double level_db = 20 * std::log10(rms(*pulse, 0, pulse->size()) / rms(*mlsa, 0, mlsa->size()));
    std::printf("[vocoder] level against mlsa: %+.2f dB\n", level_db);
    EXPECT_NEAR(level_db, 0.0, 1.0);
    for (double lo = 125; lo < 12000; lo *= 2) {
        std::printf("[vocoder] %g-%g Hz: pulse %.1f dB, mlsa %.1f dB of the whole\n", lo, lo * 2,
                    band_db(*pulse, lo, lo * 2), band_db(*mlsa, lo, lo * 2));
        EXPECT_NEAR(band_db(*pulse, lo, lo * 2), band_db(*mlsa, lo, lo * 2), 2.0) << lo << "-" << lo * 2 << " Hz";
    }
}

}  // namespace
}  // namespace omg::voice::detail
