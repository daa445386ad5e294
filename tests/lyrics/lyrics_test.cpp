// The built-in writer on forms the real engine composes: structure matches the form, rhymes
// rhyme by pronunciation, syllables fit the phrases, refine keeps structure, determinism.
#include "lyrics/lyrics.h"

#include <gtest/gtest.h>

#include <cstdio>

#include <map>
#include <set>

#include "engine/engine.h"
#include "support/lyrics_fixture.h"
#include "support/test_engine.h"

namespace omg::lyrics {
namespace {

using testing::form_for;
using testing::pron;
using testing::vocab;

const engine::Engine& eng() { return omg::testing::test_engine(); }

struct Case {
    const char* prompt;
    const char* topic;
    double duration;
};
const Case kCases[] = {
    {"upbeat pop song with synths", "summer love", 120},
    {"sad piano ballad", "leaving my hometown", 150},
    {"sea shanty with accordion", "pirates", 90},
    {"heavy metal, aggressive", "the last battle", 120},
    {"chill lofi hip hop", "rainy night in the city", 90},
    {"country song", "driving home", 60},
    {"swing jazz", "coffee", 100},
    {"waltz", "", 45},
    {"ambient meditation", "the ocean", 120},
    {"circus march", "clowns", 60},
};

// Every case, a few seeds.
std::vector<std::tuple<Case, uint64_t, LyricForm, Lyrics>> corpus() {
    static std::vector<std::tuple<Case, uint64_t, LyricForm, Lyrics>> all = [] {
        std::vector<std::tuple<Case, uint64_t, LyricForm, Lyrics>> out;
        for (const auto& c : kCases) {
            for (uint64_t seed : {1u, 7u, 42u}) {
                auto form = form_for(c.prompt, c.duration, seed);
                auto lyrics = write_lyrics(form, WriteOptions{c.topic, seed}, vocab(), pron());
                EXPECT_TRUE(lyrics.has_value()) << c.prompt << " seed " << seed << ": "
                                                << (lyrics ? "" : lyrics.error().message);
                if (lyrics) out.emplace_back(c, seed, form, *lyrics);
            }
        }
        return out;
    }();
    return all;
}

TEST(Lyrics, StructureMatchesTheComposedForm) {
    for (const auto& [c, seed, form, lyrics] : corpus()) {
        SCOPED_TRACE(std::string(c.prompt) + " seed " + std::to_string(seed));
        ASSERT_EQ(lyrics.sections.size(), form.sections.size());
        bool sung = false;
        for (size_t i = 0; i < form.sections.size(); ++i) {
            EXPECT_EQ(lyrics.sections[i].tag, form.sections[i].tag);
            EXPECT_EQ(lyrics.sections[i].lines.size(), form.sections[i].lines.size());
            if (!is_sung(form.sections[i].role)) {
                EXPECT_TRUE(lyrics.sections[i].lines.empty());
            }
            sung = sung || !lyrics.sections[i].lines.empty();
        }
        EXPECT_TRUE(sung);
        // The text round-trips through the parser.
        auto parsed = parse_lyrics(lyrics.text());
        ASSERT_EQ(parsed.size(), lyrics.sections.size());
        for (size_t i = 0; i < parsed.size(); ++i) EXPECT_EQ(parsed[i], lyrics.sections[i]);
    }
}

TEST(Lyrics, FormFollowsTheArrangement) {
    engine::Request r;
    r.prompt = "upbeat pop song with synths";
    r.duration_s = 120;
    r.seed = 3;
    auto a = eng().compose(r);
    ASSERT_TRUE(a.has_value());
    auto form = plan_form(a->brief, a->score);
    ASSERT_EQ(form.sections.size(), a->score.sections.size());
    for (size_t i = 0; i < form.sections.size(); ++i) {
        EXPECT_EQ(form.sections[i].bars, a->score.sections[i].bars);
        EXPECT_DOUBLE_EQ(form.sections[i].start_s, a->score.sections[i].start_s);
        const std::string& kind = a->score.sections[i].kind;
        if (kind == "chorus") {
            EXPECT_EQ(form.sections[i].role, Role::chorus);
        } else if (kind == "verse") {
            EXPECT_EQ(form.sections[i].role, Role::verse);
        } else if (kind == "intro") {
            EXPECT_TRUE(form.sections[i].lines.empty());
        }
        // A line per phrase: between ~2 and ~6 seconds of music.
        if (!form.sections[i].lines.empty()) {
            double line_s = form.sections[i].seconds / static_cast<double>(form.sections[i].lines.size());
            EXPECT_GT(line_s, 1.5);
            EXPECT_LT(line_s, 7.0);
        }
    }
}

TEST(Lyrics, RhymePairsRhymeByPronunciation) {
    for (const auto& [c, seed, form, lyrics] : corpus()) {
        SCOPED_TRACE(std::string(c.prompt) + " seed " + std::to_string(seed));
        for (size_t s = 0; s < form.sections.size(); ++s) {
            const auto& specs = form.sections[s].lines;
            const auto& lines = lyrics.sections[s].lines;
            for (size_t i = 0; i < specs.size(); ++i) {
                for (size_t j = i + 1; j < specs.size(); ++j) {
                    if (specs[i].rhyme != specs[j].rhyme) continue;
                    EXPECT_TRUE(pron().rhymes(lines[i], lines[j])) << lines[i] << " / " << lines[j];
                    // A rhyme is two different words, not one word twice.
                    auto wi = split_words(lines[i]);
                    auto wj = split_words(lines[j]);
                    EXPECT_NE(wi.back(), wj.back()) << lines[i] << " / " << lines[j];
                }
            }
        }
    }
}

// Scansion: every line within two syllables of its phrase (the tune takes the difference by
// melisma or a split note), and nine lines in ten within one.
TEST(Lyrics, SyllablesFitThePhrases) {
    int lines = 0;
    int close = 0;
    for (const auto& [c, seed, form, lyrics] : corpus()) {
        SCOPED_TRACE(std::string(c.prompt) + " seed " + std::to_string(seed));
        for (size_t s = 0; s < form.sections.size(); ++s) {
            for (size_t i = 0; i < form.sections[s].lines.size(); ++i) {
                const int want = form.sections[s].lines[i].syllables;
                const auto& line = lyrics.sections[s].lines[i];
                EXPECT_NEAR(pron().syllables(line), want, 2) << line;
                ++lines;
                close += std::abs(pron().syllables(line) - want) <= 1 ? 1 : 0;
            }
        }
    }
    std::printf("lines within one syllable: %d of %d\n", close, lines);
    EXPECT_GE(close, lines * 9 / 10);
}

TEST(Lyrics, ChorusRepeatsAndNamesTheTopic) {
    int songs_with_chorus = 0;
    for (const auto& [c, seed, form, lyrics] : corpus()) {
        SCOPED_TRACE(std::string(c.prompt) + " seed " + std::to_string(seed));
        std::vector<const LyricSection*> choruses;
        for (size_t s = 0; s < form.sections.size(); ++s) {
            if (form.sections[s].role == Role::chorus) choruses.push_back(&lyrics.sections[s]);
        }
        if (choruses.empty()) {
            // Forms without a chorus close every verse with the same refrain line.
            std::set<std::string> refrains;
            for (size_t s = 0; s < form.sections.size(); ++s) {
                const auto& specs = form.sections[s].lines;
                if (!specs.empty() && specs.back().refrain) refrains.insert(lyrics.sections[s].lines.back());
            }
            EXPECT_LE(refrains.size(), 1u);
            continue;
        }
        ++songs_with_chorus;
        for (const auto* ch : choruses) {
            // Every chorus sings the same words (a shorter one, the first of them).
            const auto& a = ch->lines.size() <= choruses.front()->lines.size() ? ch->lines : choruses.front()->lines;
            const auto& b = ch->lines.size() <= choruses.front()->lines.size() ? choruses.front()->lines : ch->lines;
            EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin()));
        }
        std::string topic = c.topic;
        if (!topic.empty()) {
            // The hook (first chorus line) carries a word of the topic.
            auto hook = split_words(choruses.front()->lines.front());
            auto words = split_words(topic);
            bool named = false;
            for (const auto& w : words) {
                if (w.size() >= 3 && std::find(hook.begin(), hook.end(), w) != hook.end()) named = true;
            }
            EXPECT_TRUE(named) << choruses.front()->lines.front();
        }
    }
    EXPECT_GE(songs_with_chorus, 10);
}

TEST(Lyrics, WordsSuitTheTopic) {
    auto form = form_for("sea shanty", 90, 5);
    auto lyrics = write_lyrics(form, WriteOptions{"pirates on the ocean", 5}, vocab(), pron());
    ASSERT_TRUE(lyrics.has_value());
    EXPECT_EQ(lyrics->theme, "sea");
    auto sad = write_lyrics(form_for("sad slow piano ballad", 90, 5), WriteOptions{"my first love", 5},
                            vocab(), pron());
    ASSERT_TRUE(sad.has_value());
    EXPECT_EQ(sad->theme, "love");
    EXPECT_EQ(sad->mood, "sad");
}

TEST(Lyrics, DeterministicPerSeed) {
    auto form = form_for("upbeat pop song", 90, 11);
    auto a = write_lyrics(form, WriteOptions{"summer nights", 11}, vocab(), pron());
    auto b = write_lyrics(form, WriteOptions{"summer nights", 11}, vocab(), pron());
    auto c = write_lyrics(form, WriteOptions{"summer nights", 12}, vocab(), pron());
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(a->text(), b->text());
    EXPECT_NE(a->text(), c->text());
    // A fresh pronouncer (empty cache) changes nothing.
    auto fresh = Pronouncer::open();
    ASSERT_TRUE(fresh.has_value());
    auto d = write_lyrics(form, WriteOptions{"summer nights", 11}, vocab(), **fresh);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(a->text(), d->text());
}

TEST(Lyrics, RefineKeepsStructureAndRewritesMarkedLines) {
    const std::string mine =
        "[Verse 1]\n"
        "I walked along the empty road\n"
        "I carried all my heavy load\n"
        "banana telephone *\n"
        "...\n"
        "\n"
        "[Chorus]\n"
        "Summer nights are calling me\n"
        "out across the open sea\n"
        "\n"
        "[Verse 2]\n"
        "the morning came and went away\n"
        "purple elephants sing zebra xylophone quickly\n"
        "\n"
        "[Chorus]\n"
        "Summer nights are calling me\n"
        "out across the open sea\n";
    auto form = form_for("upbeat pop song", 90, 4);
    auto out = refine_lyrics(mine, form, WriteOptions{"summer nights", 4}, vocab(), pron());
    ASSERT_TRUE(out.has_value());
    auto before = parse_lyrics(mine);
    ASSERT_EQ(out->sections.size(), before.size());
    for (size_t i = 0; i < before.size(); ++i) {
        EXPECT_EQ(out->sections[i].tag, before[i].tag);
        EXPECT_EQ(out->sections[i].lines.size(), before[i].lines.size());
    }
    // Lines that fit stay; marked ones are rewritten and rhyme with their partner.
    EXPECT_EQ(out->sections[0].lines[0], "I walked along the empty road");
    EXPECT_EQ(out->sections[0].lines[1], "I carried all my heavy load");
    EXPECT_NE(out->sections[0].lines[2], "banana telephone *");
    EXPECT_NE(out->sections[0].lines[3], "...");
    EXPECT_TRUE(pron().rhymes(out->sections[0].lines[2], out->sections[0].lines[3]));
    EXPECT_EQ(out->sections[1].lines, before[1].lines);
    EXPECT_EQ(out->sections[3].lines, out->sections[1].lines);
    // The line far off its phrase is rewritten to rhyme with the kept one.
    EXPECT_EQ(out->sections[2].lines[0], "the morning came and went away");
    EXPECT_NE(out->sections[2].lines[1], before[2].lines[1]);
    EXPECT_TRUE(pron().rhymes(out->sections[2].lines[0], out->sections[2].lines[1]));
    // Deterministic.
    auto again = refine_lyrics(mine, form, WriteOptions{"summer nights", 4}, vocab(), pron());
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->text(), out->text());
}

TEST(Lyrics, ParsesLooseText) {
    auto s = parse_lyrics("hello there\n\n[verse]\na\nb\n[pre-chorus]\n[CHORUS]\nc\n");
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[0].tag, "Verse");
    EXPECT_EQ(s[1].tag, "Verse");
    EXPECT_EQ(s[2].tag, "Pre-Chorus");
    EXPECT_EQ(s[2].lines.size(), 0u);
    EXPECT_EQ(s[3].tag, "CHORUS");
}

TEST(Lyrics, EveryStyleAndLengthGetsFittingLyrics) {
    const char* topics[] = {"", "home", "a long road", "stars above the city at night"};
    int n = 0;
    int lines = 0;
    int close = 0;
    for (const auto& style : eng().styles().styles) {
        for (double duration : {20.0, 75.0, 240.0}) {
            const uint64_t seed = 100 + static_cast<uint64_t>(n);
            engine::Request r;
            r.prompt = style.name;
            r.style = style.id;
            r.duration_s = duration;
            r.seed = seed;
            auto a = eng().compose(r);
            ASSERT_TRUE(a.has_value()) << style.id;
            auto form = plan_form(a->brief, a->score);
            const char* topic = topics[n++ % 4];
            auto lyrics = write_lyrics(form, WriteOptions{topic, seed}, vocab(), pron());
            ASSERT_TRUE(lyrics.has_value()) << style.id << " " << duration << ": " << lyrics.error().message;
            for (size_t s = 0; s < form.sections.size(); ++s) {
                for (size_t i = 0; i < form.sections[s].lines.size(); ++i) {
                    const int syl = pron().syllables(lyrics->sections[s].lines[i]);
                    EXPECT_NEAR(syl, form.sections[s].lines[i].syllables, 2)
                        << style.id << ": " << lyrics->sections[s].lines[i];
                    ++lines;
                    close += std::abs(syl - form.sections[s].lines[i].syllables) <= 1 ? 1 : 0;
                }
            }
        }
    }
    std::printf("every style: lines within one syllable: %d of %d\n", close, lines);
    EXPECT_GE(close, lines * 9 / 10);
}

TEST(Lyrics, EmptyFormIsAnError) {
    LyricForm empty;
    auto r = write_lyrics(empty, WriteOptions{"x", 1}, vocab(), pron());
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace omg::lyrics

namespace omg::lyrics {
namespace {

TEST(Lyrics, NamesKeepTheirCapitals) {
    // "a birthday song for my sister Anna": the topic is read in lower case, but Anna is sung
    // (and shown, and timed in the LRC) as the prompt wrote her.
    const LyricForm form = testing::form_for("a pop song with lyrics", 60, 7);
    int names = 0;
    for (const char* topic : {"my sister Anna's birthday", "my dog Max", "Paris in the spring"}) {
        for (uint64_t seed : {1, 7}) {
            auto lyrics = write_lyrics(form, WriteOptions{topic, seed}, testing::vocab(), testing::pron());
            ASSERT_TRUE(lyrics) << lyrics.error().message;
            for (const auto& section : lyrics->sections) {
                for (const auto& line : section.lines) {
                    for (const char* lower : {" anna", " max", " paris"}) EXPECT_EQ((" " + line).find(lower), std::string::npos) << line;
                    names += static_cast<int>(line.find("Anna") != std::string::npos || line.find("Max") != std::string::npos ||
                                              line.find("Paris") != std::string::npos);
                }
            }
        }
    }
    EXPECT_GT(names, 6) << "the names are sung";
}

}  // namespace
}  // namespace omg::lyrics
