// The held-out mix set (tests/engine/data/heldout_mix_prompts.tsv, issue 10): twelve prompts
// rendered with stems and measured as an engineer and an arranger would (see the file's header).
// One test per prompt; HELDOUT-MIX counts the prompts that pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "prompt/instruments.h"
#include "support/arrangement_measures.h"
#include "support/mix_meter.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

struct MixRow {
    std::string prompt;
    std::vector<std::string> instruments;
    int line = 0;
};

std::ostream& operator<<(std::ostream& os, const MixRow& row) {
    return os << "line " << row.line << ": \"" << row.prompt << "\"";
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

std::vector<MixRow> rows() {
    std::vector<MixRow> out;
    std::ifstream in(std::string(OMG_SOURCE_DIR) + "/tests/engine/data/heldout_mix_prompts.tsv");
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        text = trim(text);
        if (text.empty() || text[0] == '#') continue;
        const auto bar = text.find(" | ");
        MixRow row{trim(text.substr(0, bar)), {}, line};
        const std::string names = bar == std::string::npos ? "<missing column>" : trim(text.substr(bar + 3));
        if (names != "-")
            for (size_t at = 0;;) {
                const size_t comma = names.find(',', at);
                row.instruments.push_back(trim(names.substr(at, comma - at)));
                if (comma == std::string::npos) break;
                at = comma + 1;
            }
        out.push_back(row);
    }
    if (out.empty()) out.push_back({"<heldout_mix_prompts.tsv not found>", {}, 0});
    return out;
}

int& passed() {
    static int n = 0;
    return n;
}

class HeldOutMix : public ::testing::TestWithParam<MixRow> {};

TEST_P(HeldOutMix, SoundsMixedAndArranged) {
    const MixRow& row = GetParam();
    for (const uint64_t seed : {1u, 2u}) {
        Request r;
        r.prompt = row.prompt;
        r.seed = seed;
        r.duration_s = 30;
        r.stems = true;
        auto song = testing::test_engine().generate(r);
        ASSERT_TRUE(song) << song.error().message;
        ASSERT_EQ(song->stems.size(), song->score.tracks.size());
        const std::string where = "seed " + std::to_string(seed) + " (" + song->brief.style + ")";
        std::vector<double> lufs(song->stems.size());
        double loudest = -HUGE_VAL, quietest = HUGE_VAL;
        for (size_t i = 0; i < song->stems.size(); ++i) {
            const auto& pcm = song->stems[i].pcm;
            lufs[i] = testing::integrated_lufs(pcm);
            std::printf("HELDOUT-MIX %s %s %-8s %-20s %6.1f LUFS corr %5.2f\n", row.prompt.c_str(), where.c_str(),
                        song->score.tracks[i].role.c_str(), song->stems[i].name.c_str(), lufs[i],
                        testing::lr_correlation(pcm));
            if (!(lufs[i] > -70)) continue;  // silent in these seconds
            loudest = std::max(loudest, lufs[i]);
            quietest = std::min(quietest, lufs[i]);
            EXPECT_GE(testing::lr_correlation(pcm), 0.2) << where << ": " << song->stems[i].name;
            if (song->score.tracks[i].role == "lead") {
                EXPECT_LT(testing::mono_loss_db(pcm), 3.0) << where << ": " << song->stems[i].name;
            }
        }
        EXPECT_LE(loudest - quietest, 18.0) << where;
        EXPECT_GE(testing::lr_correlation(song->audio), 0.4) << where;
        for (const auto& name : row.instruments) {
            const auto* entry = prompt::find_instrument(name);
            ASSERT_NE(entry, nullptr) << name;
            const auto ref = prompt::instrument_ref(*entry);
            double heard = -HUGE_VAL;
            for (size_t i = 0; i < song->score.tracks.size(); ++i) {
                const auto& t = song->score.tracks[i];
                if (!t.drums && std::find(ref.programs.begin(), ref.programs.end(), t.program) != ref.programs.end())
                    heard = std::max(heard, lufs[i]);
            }
            EXPECT_GE(heard, loudest - 6.0) << where << ": " << name << " (loudest part " << loudest << " LUFS)";
        }
        EXPECT_GE(testing::lead_top_fraction(song->score), 0.85) << where;
        EXPECT_LE(testing::melody_harmony(song->score).clash_fraction(), 0.08) << where;
    }
    passed() += !HasFailure();
}

INSTANTIATE_TEST_SUITE_P(Set, HeldOutMix, ::testing::ValuesIn(rows()));

class Summary : public ::testing::Environment {
public:
    void TearDown() override { std::printf("HELDOUT-MIX %d of %zu prompts pass\n", passed(), rows().size()); }
};
const auto* const kSummary = ::testing::AddGlobalTestEnvironment(new Summary);

}  // namespace
}  // namespace omg::engine
