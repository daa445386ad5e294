// The mix as an engineer hears it (issue 10), measured on rendered audio for every style of the
// library and several seeds: the stems' loudness stays within 18 dB of each other (the SoundFont's
// sample levels do not decide the balance), every stem and the master stay mono-compatible
// (L/R correlation at least 0.2 and 0.4), and the lead loses under 3 dB when summed to mono.
// Short tracks (10 s) keep this to a few seconds per style; ctest runs the styles in parallel.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "support/mix_meter.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

constexpr double kMaxStemSpreadDb = 18.0;
constexpr double kMinStemCorrelation = 0.2;
constexpr double kMinMasterCorrelation = 0.4;
constexpr double kMaxLeadMonoLossDb = 3.0;
constexpr double kSilentLufs = -70.0;  // a stem that does not play in these seconds

std::vector<std::string> style_ids() {
    std::vector<std::string> ids;
    for (const auto& entry : std::filesystem::directory_iterator(std::filesystem::path(OMG_SOURCE_DIR) / "styles")) {
        if (entry.path().extension() == ".toml") ids.push_back(entry.path().stem().string());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

// Renders `request` with stems for three seeds and checks the mix (see the file comment).
void check_mix(Request request, const std::string& label) {
    for (const uint64_t seed : {1u, 2u, 3u}) {
        Request r = request;
        r.duration_s = 10;
        r.seed = seed;
        r.stems = true;
        auto song = testing::test_engine().generate(r);
        ASSERT_TRUE(song) << song.error().message;
        ASSERT_EQ(song->stems.size(), song->score.tracks.size());

        double loudest = -HUGE_VAL, quietest = HUGE_VAL;
        std::string loudest_name, quietest_name;
        for (size_t i = 0; i < song->stems.size(); ++i) {
            const model::Stem& stem = song->stems[i];
            const std::string& role = song->score.tracks[i].role;
            const double lufs = testing::integrated_lufs(stem.pcm);
            const double corr = testing::lr_correlation(stem.pcm);
            const double loss = testing::mono_loss_db(stem.pcm);
            std::printf("MIX %s seed %u %-8s %-22s %6.1f LUFS corr %5.2f mono loss %5.1f dB\n",
                        label.c_str(), static_cast<unsigned>(seed), role.c_str(), stem.name.c_str(),
                        lufs, corr, loss);
            if (!(lufs > kSilentLufs)) continue;
            if (lufs > loudest) loudest = lufs, loudest_name = stem.name;
            if (lufs < quietest) quietest = lufs, quietest_name = stem.name;
            EXPECT_GE(corr, kMinStemCorrelation) << "seed " << seed << ": " << stem.name;
            if (role == "lead") {
                EXPECT_LT(loss, kMaxLeadMonoLossDb) << "seed " << seed << ": " << stem.name;
            }
        }
        const double master_corr = testing::lr_correlation(song->audio);
        std::printf("MIX %s seed %u master corr %5.2f mono loss %5.1f dB spread %5.1f dB (%s .. %s)\n",
                    label.c_str(), static_cast<unsigned>(seed), master_corr,
                    testing::mono_loss_db(song->audio), loudest - quietest, loudest_name.c_str(),
                    quietest_name.c_str());
        EXPECT_GE(master_corr, kMinMasterCorrelation) << "seed " << seed;
        EXPECT_LE(loudest - quietest, kMaxStemSpreadDb)
            << "seed " << seed << ": " << loudest_name << " vs " << quietest_name;
    }
}

class Mix : public ::testing::TestWithParam<std::string> {};

TEST_P(Mix, BalancedAndMonoCompatible) {
    Request r;
    r.prompt = GetParam();
    r.style = GetParam();
    check_mix(r, GetParam());
}

// The prompts issue 10 heard: the guitar buried under pads, the master out of phase.
TEST(MixOfPrompts, CalmAcousticGuitar) {
    Request r;
    r.prompt = "calm acoustic guitar";
    check_mix(r, "calm_acoustic_guitar");
}

std::string style_name(const ::testing::TestParamInfo<std::string>& style) { return style.param; }

INSTANTIATE_TEST_SUITE_P(EveryStyle, Mix, ::testing::ValuesIn(style_ids()), style_name);

// The best sound quality (MuseScore_General): the balance measures its presets as it does
// FluidR3's, so the same rules hold for it. A few contrasting styles: each render opens and
// decodes the .sf3's presets, seconds per style.
class MixBest : public ::testing::TestWithParam<std::string> {};

TEST_P(MixBest, BalancedAndMonoCompatible) {
    Request r;
    r.prompt = GetParam();
    r.style = GetParam();
    r.quality = model::SoundQuality::best;
    check_mix(r, "best_" + GetParam());
}

INSTANTIATE_TEST_SUITE_P(BestQuality, MixBest,
                         ::testing::Values("pop", "acoustic_folk", "swing_jazz", "cinematic", "heavy_metal",
                                           "piano_ballad"),
                         style_name);

}  // namespace
}  // namespace omg::engine
