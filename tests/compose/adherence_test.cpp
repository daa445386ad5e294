// Prompt adherence on the Score: a named instrument sounds, in the role its wording asks for,
// whatever the style and the seed. Runs prompt understanding for the Brief (the compose stage
// is what is under test) and never renders.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compose/compose.h"
#include "prompt/prompt.h"
#include "style/loader.h"
#include "support/adherence_table.h"

namespace omg::compose {
namespace {

using omg::testing::AdherenceRow;

constexpr uint64_t kSeeds[] = {1, 2, 3};

const Result<model::StyleLibrary>& library() {
    static const Result<model::StyleLibrary> kLibrary =
        style::load_library(std::string(OMG_SOURCE_DIR) + "/styles");
    return kLibrary;
}

const model::InstrumentRef* wanted(const model::Brief& b, const std::string& name) {
    for (const auto& r : b.instruments)
        if (r.name == name) return &r;
    return nullptr;
}

bool sounds(const model::Score& score, const model::InstrumentRef& ref) {
    return std::any_of(score.tracks.begin(), score.tracks.end(), [&](const model::Track& t) {
        return !t.drums && !t.notes.empty() &&
               std::find(ref.programs.begin(), ref.programs.end(), t.program) != ref.programs.end();
    });
}

const model::Track* lead_track(const model::Score& score) {
    for (const auto& t : score.tracks)
        if (t.role == "lead" && !t.notes.empty()) return &t;
    return nullptr;
}

bool has_kit(const model::Score& score) {
    return std::any_of(score.tracks.begin(), score.tracks.end(),
                       [](const model::Track& t) { return t.drums && !t.notes.empty(); });
}

std::string describe(const model::Score& score) {
    std::string out = "tracks:";
    for (const auto& t : score.tracks)
        out += " [" + t.role + " " + t.name + " p" + std::to_string(t.program) + " n" +
               std::to_string(t.notes.size()) + "]";
    return out;
}

struct Composed {
    model::Brief brief;
    model::Score score;
};

Result<Composed> compose_prompt(const std::string& prompt, uint64_t seed,
                                const prompt::Overrides& overrides = {}) {
    prompt::Overrides o = overrides;
    if (!o.duration_s) o.duration_s = 30;  // long enough for every section kind to come
    auto u = prompt::understand(prompt, o, *library());
    if (!u) return tl::unexpected(u.error());
    const model::Style* style = library()->find(u->brief.style);
    if (!style) return fail(Errc::not_found, "no style " + u->brief.style);
    auto score = compose(u->brief, *style, ComposeOptions{seed});
    if (!score) return tl::unexpected(score.error());
    return Composed{u->brief, std::move(*score)};
}

class AdherenceScore : public ::testing::TestWithParam<AdherenceRow> {};

TEST_P(AdherenceScore, NamedInstrumentsSoundInTheirRoles) {
    ASSERT_TRUE(library()) << library().error().message;
    const AdherenceRow& row = GetParam();
    for (uint64_t seed : kSeeds) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        const auto c = compose_prompt(row.prompt, seed);
        ASSERT_TRUE(c) << c.error().message;
        SCOPED_TRACE(describe(c->score));
        for (const auto& name : row.instruments) {
            const auto* ref = wanted(c->brief, name);
            ASSERT_NE(ref, nullptr) << name;
            EXPECT_TRUE(sounds(c->score, *ref)) << name << " is silent";
        }
        if (row.lead) {
            const auto* ref = wanted(c->brief, *row.lead);
            ASSERT_NE(ref, nullptr) << *row.lead;
            const model::Track* lead = lead_track(c->score);
            ASSERT_NE(lead, nullptr) << "no lead plays";
            EXPECT_NE(std::find(ref->programs.begin(), ref->programs.end(), lead->program),
                      ref->programs.end())
                << *row.lead << " does not lead";
        }
        if (row.drums) {
            EXPECT_EQ(has_kit(c->score), *row.drums);
        }
        if (row.solo && *row.solo) {
            // The named instruments plus at most a chordal part and a bass.
            EXPECT_LE(c->score.tracks.size(), c->brief.instruments.size() + 2);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Table, AdherenceScore,
                         ::testing::ValuesIn(omg::testing::read_adherence_table()));

// Every style, several seeds: "with X" makes X sound; "solo X" makes X the lead without a kit.
TEST(AdherenceScore, NamedInstrumentSoundsInEveryStyle) {
    ASSERT_TRUE(library()) << library().error().message;
    const char* kInstruments[] = {"cello", "saxophone", "flute", "acoustic guitar", "piano"};
    int checked = 0, silent = 0;
    for (const auto& style : library()->styles) {
        for (const char* instrument : kInstruments) {
            for (uint64_t seed : kSeeds) {
                prompt::Overrides o;
                o.style = style.id;
                const auto c = compose_prompt(std::string("with ") + instrument, seed, o);
                ASSERT_TRUE(c) << style.id << " " << instrument << ": " << c.error().message;
                const auto* ref = wanted(c->brief, instrument);
                ASSERT_NE(ref, nullptr) << instrument;
                ++checked;
                if (!sounds(c->score, *ref)) {
                    ++silent;
                    ADD_FAILURE() << style.id << " seed " << seed << ": " << instrument
                                  << " is silent; " << describe(c->score);
                }
            }
        }
    }
    EXPECT_EQ(silent, 0) << "of " << checked;
}

TEST(AdherenceScore, SoloInstrumentLeadsInEveryStyle) {
    ASSERT_TRUE(library()) << library().error().message;
    const char* kInstruments[] = {"cello", "trumpet", "piano"};
    for (const auto& style : library()->styles) {
        for (const char* instrument : kInstruments) {
            for (uint64_t seed : kSeeds) {
                prompt::Overrides o;
                o.style = style.id;
                const auto c = compose_prompt(std::string("solo ") + instrument, seed, o);
                ASSERT_TRUE(c) << style.id << " " << instrument << ": " << c.error().message;
                SCOPED_TRACE(style.id + " seed " + std::to_string(seed) + " " + instrument +
                             "; " + describe(c->score));
                const auto* ref = wanted(c->brief, instrument);
                ASSERT_NE(ref, nullptr);
                const model::Track* lead = lead_track(c->score);
                ASSERT_NE(lead, nullptr);
                EXPECT_NE(std::find(ref->programs.begin(), ref->programs.end(), lead->program),
                          ref->programs.end());
                EXPECT_FALSE(has_kit(c->score));
                EXPECT_LE(c->score.tracks.size(), 3u);
            }
        }
    }
}


// A closed ensemble keeps to its players: a jazz trio is piano, bass and drums (before: the
// swing style's trumpet led it), a string quartet has no harpsichord continuo.
TEST(AdherenceScore, AClosedEnsembleKeepsToItsPlayers) {
    ASSERT_TRUE(library()) << library().error().message;
    struct Case {
        const char* prompt;
        std::vector<std::string> allowed;  // canonical instrument names the tracks may play
    };
    const Case cases[] = {{"a jazz trio", {"piano", "double bass", "drums"}},
                          {"a jazz trio with piano", {"piano", "double bass", "drums"}},
                          {"a string quartet", {"violin", "viola", "cello", "strings"}},
                          {"rock trio", {"electric guitar", "bass", "drums"}},
                          {"jazz quartet", {"saxophone", "piano", "double bass", "drums"}}};
    for (const auto& c : cases)
        for (uint64_t seed : kSeeds) {
            const auto composed = compose_prompt(c.prompt, seed);
            ASSERT_TRUE(composed) << composed.error().message;
            for (const auto& t : composed->score.tracks) {
                if (t.drums) continue;
                const bool member = std::any_of(c.allowed.begin(), c.allowed.end(), [&](const std::string& name) {
                    const auto* ref = wanted(composed->brief, name);
                    return ref && std::find(ref->programs.begin(), ref->programs.end(), t.program) != ref->programs.end();
                });
                EXPECT_TRUE(member) << c.prompt << ", seed " << seed << ": " << t.name << " (program " << t.program
                                    << ") is not one of the ensemble; " << describe(composed->score);
            }
        }
}

}  // namespace
}  // namespace omg::compose
