// The held-out prompt set (tests/engine/data/heldout_prompts.tsv, issue 10): forty prompts as
// users type them, each composed by the engine for seeds 1 and 2 and checked for what the words
// asked (style, tempo, key, metre, duration, named instruments, drums) and for symbolic quality
// (lead on top, consonance with the chord under it, no scale errors). One test per prompt; the
// summary line HELDOUT counts the prompts that pass.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "prompt/instruments.h"
#include "support/arrangement_measures.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

struct HeldOut {
    std::string prompt, style, key, metre, instruments, drums;
    std::optional<double> bpm_low, bpm_high, seconds;
    int line = 0;
};

std::ostream& operator<<(std::ostream& os, const HeldOut& row) {
    return os << "line " << row.line << ": \"" << row.prompt << "\"";
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

std::vector<std::string> split(const std::string& text, const std::string& sep) {
    std::vector<std::string> out;
    for (size_t at = 0;;) {
        const size_t next = text.find(sep, at);
        out.push_back(trim(text.substr(at, next - at)));
        if (next == std::string::npos) return out;
        at = next + sep.size();
    }
}

std::vector<HeldOut> rows() {
    std::vector<HeldOut> out;
    std::ifstream in(std::string(OMG_SOURCE_DIR) + "/tests/engine/data/heldout_prompts.tsv");
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        text = trim(text);
        if (text.empty() || text[0] == '#') continue;
        const auto c = split(text, " | ");
        HeldOut row;
        row.line = line;
        if (c.size() != 8) {
            row.prompt = "<malformed row: " + text + ">";
            out.push_back(row);
            continue;
        }
        auto keep = [](const std::string& v) { return v == "-" ? std::string() : v; };
        row.prompt = c[0];
        row.style = keep(c[1]);
        if (c[2] != "-") {
            const auto lohi = split(c[2], "-");
            row.bpm_low = std::stod(lohi.at(0));
            row.bpm_high = std::stod(lohi.at(1));
        }
        row.key = keep(c[3]);
        row.metre = keep(c[4]);
        if (c[5] != "-") row.seconds = std::stod(c[5]);
        row.instruments = keep(c[6]);
        row.drums = keep(c[7]);
        out.push_back(row);
    }
    if (out.empty()) out.push_back({"<heldout_prompts.tsv not found>", "", "", "", "", "", {}, {}, {}, 0});
    return out;
}

std::string metre_of(const model::TimeSignature& ts) {
    return std::to_string(ts.numerator) + "/" + std::to_string(ts.denominator);
}

bool sounds(const model::Score& score, const std::string& name) {
    const auto* entry = prompt::find_instrument(name);
    if (!entry) return false;
    const auto ref = prompt::instrument_ref(*entry);
    return std::any_of(score.tracks.begin(), score.tracks.end(), [&](const model::Track& t) {
        return !t.drums && !t.notes.empty() &&
               std::find(ref.programs.begin(), ref.programs.end(), t.program) != ref.programs.end();
    });
}

// What the prompt asked that the composed piece does not give; empty when it passes.
std::vector<std::string> misses(const HeldOut& row, const Arrangement& a) {
    std::vector<std::string> out;
    const auto& b = a.brief;
    const auto& s = a.score;
    if (!row.style.empty() && b.style != row.style) out.push_back("style " + b.style + ", not " + row.style);
    if (row.bpm_low && (b.tempo_bpm < *row.bpm_low - 1e-9 || b.tempo_bpm > *row.bpm_high + 1e-9))
        out.push_back("tempo " + std::to_string(b.tempo_bpm));
    if (!row.key.empty()) {
        const auto want = model::parse_key(row.key);
        const bool tonic_only = row.key.find(' ') == std::string::npos;
        if (!want || s.key.tonic != want->tonic || (!tonic_only && s.key.mode != want->mode))
            out.push_back("key " + model::key_name(s.key));
    }
    if (!row.metre.empty()) {
        const std::string m = metre_of(s.time_signature);
        if (m != row.metre && !(row.metre == "4/4" && m == "2/2")) out.push_back("metre " + m);
    }
    if (row.seconds && std::abs(s.duration_s - *row.seconds) > 0.5)
        out.push_back("duration " + std::to_string(s.duration_s));
    if (!row.instruments.empty())
        for (const auto& name : split(row.instruments, ","))
            if (!sounds(s, name)) out.push_back("no " + name);
    const bool kit = std::any_of(s.tracks.begin(), s.tracks.end(), [](const model::Track& t) { return t.drums && !t.notes.empty(); });
    if (row.drums == "on" && !kit) out.push_back("no drums");
    if (row.drums == "off" && kit) out.push_back("drums");
    const double top = testing::lead_top_fraction(s);
    if (top < 0.85) out.push_back("lead on top " + std::to_string(top));
    const auto harmony = testing::melody_harmony(s);
    if (harmony.clash_fraction() > 0.08) out.push_back("clashes " + std::to_string(harmony.clash_fraction()));
    if (harmony.scale_errors > 0) out.push_back(std::to_string(harmony.scale_errors) + " scale errors");
    return out;
}

int& passed() {
    static int n = 0;
    return n;
}

class HeldOutPrompts : public ::testing::TestWithParam<HeldOut> {};

TEST_P(HeldOutPrompts, GiveWhatTheyAskFor) {
    const HeldOut& row = GetParam();
    bool ok = true;
    for (const uint64_t seed : {1u, 2u}) {
        Request r;
        r.prompt = row.prompt;
        r.seed = seed;
        auto a = testing::test_engine().compose(r);
        ASSERT_TRUE(a) << a.error().message;
        std::string why;
        for (const auto& m : misses(row, *a)) why += m + "; ";
        if (!why.empty()) {
            ok = false;
            ADD_FAILURE() << "seed " << seed << ": " << why << "(" << a->brief.style << ", "
                          << a->brief.tempo_bpm << " bpm, " << model::key_name(a->score.key) << ", "
                          << metre_of(a->score.time_signature) << ", " << a->score.duration_s << " s)";
        }
    }
    passed() += ok;
}

INSTANTIATE_TEST_SUITE_P(Set, HeldOutPrompts, ::testing::ValuesIn(rows()));

class Summary : public ::testing::Environment {
public:
    void TearDown() override { std::printf("HELDOUT %d of %zu prompts pass\n", passed(), rows().size()); }
};
const auto* const kSummary = ::testing::AddGlobalTestEnvironment(new Summary);

}  // namespace
}  // namespace omg::engine
