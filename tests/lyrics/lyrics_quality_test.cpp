// Lyrics worth singing: for a table of topics (and held-out ones the vocabulary was not tuned
// on), the words come from the topic's world, the hook carries the topic, the chorus comes after
// verse 1 and returns, sections are even, rhymes rhyme by pronunciation, lines scan. And refine
// applies what the user asks, keeps the rest byte for byte, and says what it changed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "engine/engine.h"
#include "lyrics/lyrics.h"
#include "lyrics/couplets.h"
#include "lyrics/song.h"
#include "lyrics/topic.h"
#include "support/lyrics_fixture.h"
#include "support/test_engine.h"

namespace omg::lyrics {
namespace {

using testing::form_for;
using testing::pron;
using testing::vocab;

struct Case {
    const char* prompt;
    const char* topic;
    double duration;
};
const Case kTuned[] = {
    {"circus march", "juggling fire at the circus", 60},
    {"sea shanty with accordion", "a lighthouse keeper who misses the sea", 60},
    {"sad piano ballad", "leaving home for the city", 120},
    {"folk song with acoustic guitar", "my grandmother's garden", 60},
    {"synth pop, upbeat", "a robot learning to dance", 90},
    {"country song", "a baker who wakes at 4am", 75},
    {"upbeat pop song with synths", "summer love", 150},
    {"chill lofi hip hop", "rainy night in the city", 60},
    {"heavy metal, aggressive", "the last battle", 45},
    {"circus march", "juggling fire at the circus", 120},
    {"gentle lullaby", "the moon over the night city", 60},
    {"sad piano ballad", "rain on the window", 60},
    {"pop punk", "the last day of school", 60},
    {"folk", "a long winter", 90},
    {"epic orchestral", "war and peace", 60},
    {"soft rock", "working the night shift at the factory", 60},
    {"country song", "coming home", 60},
    {"soft acoustic love song", "falling in love", 60},
};
// Topics the vocabulary was not written for: structure and the topic's own words must hold.
const Case kHeldOut[] = {
    {"soft acoustic ballad", "a nurse on the night shift", 60},
    {"indie rock", "my first car", 90},
    {"jazz waltz", "chess in the park", 60},
    {"ambient", "an astronaut far from earth", 75},
    {"folk", "the old bookshop on main street", 60},
    {"reggae", "a beekeeper and her hives", 60},
    // Added with the new worlds (love, friendship, a birthday, money ...), before their lyrics
    // were read: none of these has a world of its own.
    {"pop", "my grandfather's watch", 60},
    {"country song", "a truck driver crossing texas", 90},
    {"synth pop", "a video game high score", 60},
    {"blues", "a tailor and his needle", 60},
    {"hymn", "a candle in the window", 60},
    {"punk", "a broken skateboard", 45},
    {"bossa nova", "coffee on a sunday morning", 90},
    {"waltz", "an old photograph", 120},
};

// Words of sung lines that are content words: in any theme's lists, the common end nouns or
// a mood's adjectives, or the topic's own. Glue words of the patterns ("I", "the", "every") are
// not, so the share measures the images, which is where random lyrics drift.
double world_share(const Lyrics& lyrics, const std::string& topic_text, int* content_out) {
    const Topic topic = read_topic(topic_text, vocab());
    std::vector<std::string> mood_adjs;
    for (const auto& m : vocab().moods) mood_adjs.insert(mood_adjs.end(), m.adjectives.begin(), m.adjectives.end());
    const World world = make_world(topic, {});
    std::set<std::string> lexicon(world.words.begin(), world.words.end());
    for (const auto& th : vocab().themes) {
        for (const auto* list : {&th.people, &th.places, &th.nouns, &th.adjectives, &th.actions}) {
            for (const auto& item : *list) {
                for (const auto& w : split_words(item)) lexicon.insert(w);
            }
        }
    }
    for (const auto& w : vocab().common) lexicon.insert(w);
    for (const auto& w : mood_adjs) lexicon.insert(w);
    const std::set<std::string> stop(vocab().stopwords.begin(), vocab().stopwords.end());
    int content = 0;
    int in_world = 0;
    for (const auto& s : lyrics.sections) {
        for (const auto& line : s.lines) {
            for (const auto& w : split_words(line)) {
                if (stop.count(w) || !lexicon.count(w)) continue;
                ++content;
                if (world.words.count(w) || topic.words.count(w)) ++in_world;
            }
        }
    }
    if (content_out) *content_out = content;
    return content == 0 ? 0 : static_cast<double>(in_world) / content;
}

// Two lines that differ by one or two words (added, dropped or changed), punctuation and case
// aside, and share two words besides "oh", "and" and articles: a hook sung again with a word
// changed ("Juggling fire is all I know" / "Juggling fire, that's all I know") sounds like a
// slip, where the hook word for word is a refrain.
bool near_copy_of(const std::string& a, const std::string& b) {
    const auto x = split_words(a);
    const auto y = split_words(b);
    if (x == y) return false;
    std::vector<std::vector<size_t>> d(x.size() + 1, std::vector<size_t>(y.size() + 1, 0));
    for (size_t i = 0; i <= x.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= y.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= x.size(); ++i)
        for (size_t j = 1; j <= y.size(); ++j)
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0u : 1u)});
    if (d[x.size()][y.size()] > 2) return false;
    // Alike in what they say, not only in shape: "Oh, the lighthouse keeper" / "Oh, the open sea"
    // are two lines.
    const std::set<std::string> glue = {"oh", "and", "the", "a", "an"};
    std::multiset<std::string> rest(y.begin(), y.end());
    int shared = 0;
    for (const auto& w : x)
        if (!glue.count(w) && rest.count(w)) {
            rest.erase(rest.find(w));
            ++shared;
        }
    return shared >= 2;
}

std::string lowered(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool names_topic(const std::string& line, const Topic& topic) {
    for (const auto& w : split_words(line)) {
        if (topic.words.count(w)) return true;
    }
    return false;
}

bool names_world(const std::string& line, const Topic& topic) {
    for (const auto& w : split_words(line)) {
        if (topic.words.count(w)) return true;
        for (const Theme* th : topic.themes) {
            if (th->name != "life" && std::find(th->keywords.begin(), th->keywords.end(), w) != th->keywords.end())
                return true;
        }
    }
    return false;
}

// The words of a song that carry no image: pronouns, articles, prepositions, auxiliaries,
// conjunctions, common adverbs and the glue of every song ("oh", "never", "every").
const std::set<std::string>& function_words() {
    static const std::set<std::string> w = {
        "a", "an", "the", "i", "me", "my", "mine", "you", "your", "yours", "we", "us", "our", "they",
        "them", "their", "he", "him", "his", "she", "her", "it", "its", "it's", "i'm", "i'll", "i've",
        "you're", "we're", "we'll", "you'd", "i'd", "there's", "that's", "what's", "don't", "can't",
        "doesn't", "didn't", "won't", "couldn't", "nothing's", "everybody's", "this", "that", "these",
        "those", "there", "here", "where", "when", "what", "who", "why", "how", "and", "but", "or",
        "so", "if", "as", "than", "then", "now", "still", "just", "all", "every", "each", "some",
        "any", "no", "not", "never", "ever", "always", "again", "once", "more", "much", "many", "one",
        "only", "too", "very", "way", "oh", "come", "on", "in", "at", "by", "to", "of", "for", "from",
        "with", "up", "down", "out", "off", "over", "under", "into", "upon", "through", "across",
        "around", "above", "along", "away", "back", "till", "until", "like", "is", "are", "was",
        "were", "be", "been", "am", "do", "does", "did", "have", "has", "had", "will", "would",
        "can", "could", "should", "let", "get", "got", "go", "goes", "know", "knows", "say", "said",
        "make", "made", "keep", "take", "see", "tell", "all", "everything", "nothing", "something",
        "everybody", "nobody", "somebody", "someone", "no-one", "thing", "things", "about", "before",
        "after", "behind", "still", "yeah", "hey", "ooh", "la", "na"};
    return w;
}

// The share of a song's content words (any word but the function words) that come from the
// topic's own world: the topic's words, and its themes' keywords, nouns, adjectives, actions
// and written couplets. A song that drifts into random images scores low.
double own_world_share(const Lyrics& lyrics, const std::string& topic_text, int* content_out) {
    const Topic topic = read_topic(topic_text, vocab());
    std::set<std::string> world(topic.words.begin(), topic.words.end());
    auto add_text = [&](const std::string& text) {
        for (const auto& w : split_words(lowered(text))) world.insert(w);
    };
    for (const Theme* th : topic.themes) {
        if (th->name == "life") continue;  // the world of every topic is no topic's own
        for (const auto& k : th->keywords) add_text(k);
        for (const auto* list : {&th->people, &th->places, &th->nouns, &th->adjectives, &th->actions}) {
            for (const auto& item : *list) add_text(item);
        }
        if (auto it = vocab().couplets.find(th->name); it != vocab().couplets.end()) {
            for (const auto& [stage, list] : it->second) {
                for (const auto& c : list) {
                    add_text(c.first);
                    add_text(c.second);
                }
            }
        }
    }
    int content = 0;
    int own = 0;
    for (const auto& s : lyrics.sections) {
        for (const auto& line : s.lines) {
            for (const auto& w : split_words(lowered(line))) {
                if (function_words().count(w)) continue;
                ++content;
                if (world.count(w) || world.count(singular(w))) ++own;
            }
        }
    }
    if (content_out) *content_out = content;
    return content == 0 ? 0 : static_cast<double>(own) / content;
}

// The share of a song's content words that are the topic's own words ("fire", "juggling").
double topic_word_share(const Lyrics& lyrics, const std::string& topic_text) {
    const Topic topic = read_topic(topic_text, vocab());
    int content = 0;
    int own = 0;
    for (const auto& s : lyrics.sections)
        for (const auto& line : s.lines)
            for (const auto& w : split_words(lowered(line))) {
                if (function_words().count(w)) continue;
                ++content;
                if (topic.words.count(w) || topic.words.count(singular(w))) ++own;
            }
    return content == 0 ? 0 : static_cast<double>(own) / content;
}

// What a table of songs measured, for its thresholds.
struct Stats {
    int songs = 0;
    int lines = 0;
    int lines_on_target = 0;  // within one syllable of the phrase
    int pairs = 0;            // lines the form asks to rhyme
    int rhymed = 0;           // ... that rhyme by pronunciation
    double own_share = 0;     // summed over songs
    double min_own_share = 1;
    double topic_share = 0;   // the topic's own words among a song's content words, summed
    int choruses = 0;
    int near_copies = 0;      // choruses with two lines one or two words apart
};

void check_song(const Case& c, uint64_t seed, const LyricForm& form, const Lyrics& lyrics, bool held_out,
                Stats& stats) {
    SCOPED_TRACE(std::string(c.topic) + " / " + c.prompt + " seed " + std::to_string(seed) + "\n" + lyrics.text());
    const Topic topic = read_topic(c.topic, vocab());
    ASSERT_EQ(lyrics.sections.size(), form.sections.size());
    std::vector<size_t> sung;
    for (size_t s = 0; s < form.sections.size(); ++s) {
        const auto& plan = form.sections[s];
        const auto& lines = lyrics.sections[s].lines;
        if (!is_sung(plan.role)) {
            EXPECT_TRUE(lines.empty());
            continue;
        }
        sung.push_back(s);
        EXPECT_FALSE(lines.empty()) << plan.tag;
        EXPECT_EQ(lines.size() % 2, 0u) << plan.tag;
        ASSERT_EQ(lines.size(), plan.lines.size());
        std::set<std::string> seen;
        for (size_t i = 0; i < lines.size(); ++i) {
            // Scansion: every line within two syllables of its phrase (the tune takes one more
            // by melisma or a split note), and nearly all within one (the table's threshold).
            const int syl = pron().syllables(lines[i]);
            EXPECT_NEAR(syl, plan.lines[i].syllables, 2) << lines[i];
            ++stats.lines;
            stats.lines_on_target += std::abs(syl - plan.lines[i].syllables) <= 1 ? 1 : 0;
            if (plan.role == Role::verse) {
                EXPECT_TRUE(seen.insert(lines[i]).second) << "repeated: " << lines[i];
            }
            for (size_t j = i + 1; j < lines.size(); ++j) {
                if (plan.lines[i].rhyme != plan.lines[j].rhyme) continue;
                ++stats.pairs;
                stats.rhymed += pron().rhymes(lines[i], lines[j]) ? 1 : 0;
                EXPECT_TRUE(pron().rhymes(lines[i], lines[j])) << lines[i] << " / " << lines[j];
                EXPECT_NE(split_words(lines[i]).back(), split_words(lines[j]).back());
            }
        }
        // A chorus sings its hook again word for word or not at all: never a near copy of it.
        if (plan.role == Role::chorus) {
            ++stats.choruses;
            bool near = false;
            for (size_t i = 0; i < lines.size(); ++i)
                for (size_t j = i + 1; j < lines.size(); ++j)
                    if (near_copy_of(lines[i], lines[j])) {
                        near = true;
                        ADD_FAILURE() << "near copy: " << lines[i] << " / " << lines[j];
                    }
            stats.near_copies += near ? 1 : 0;
        }
        // Every verse is about the topic: it sings the topic's own words or its world's keywords.
        if (plan.role == Role::verse) {
            EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return names_world(l, topic); }))
                << plan.tag;
        }
    }
    ASSERT_FALSE(sung.empty());
    // The chorus: right after verse 1 (a pre-chorus may stand between), and back again.
    std::vector<size_t> choruses;
    for (size_t s : sung) {
        if (form.sections[s].role == Role::chorus) choruses.push_back(s);
    }
    EXPECT_EQ(form.sections[sung[0]].role, Role::verse);
    if (c.duration >= 60) {
        EXPECT_GE(choruses.size(), 2u);
    }
    if (!choruses.empty()) {
        ASSERT_GE(sung.size(), 2u);
        const Role next = form.sections[sung[1]].role;
        EXPECT_TRUE(next == Role::chorus || (next == Role::pre_chorus && form.sections[sung[2]].role == Role::chorus));
        const auto& hook = lyrics.sections[choruses[0]].lines.front();
        EXPECT_TRUE(names_topic(hook, topic)) << "hook: " << hook;
        for (size_t k : choruses) {
            const auto& a = lyrics.sections[k].lines;
            const auto& first = lyrics.sections[choruses[0]].lines;
            EXPECT_TRUE(std::equal(a.begin(), a.begin() + static_cast<long>(std::min(a.size(), first.size())), first.begin()));
        }
    }
    int content = 0;
    const double share = world_share(lyrics, c.topic, nullptr);
    // At least half of every song's images from the topic's world, and 65 % over the table
    // (measured ~70 %): the rest are common song nouns ("night", "home") that partner rhymes,
    // and the mood's adjectives.
    (void)share;
    const double own = own_world_share(lyrics, c.topic, &content);
    // A song's images come from its topic's world: most of them on a topic a world was
    // written for, the topic's own words at least on others.
    EXPECT_GE(own, held_out ? 0.1 : 0.3) << "content words " << content;
    ++stats.songs;
    stats.own_share += own;
    stats.min_own_share = std::min(stats.min_own_share, own);
    stats.topic_share += topic_word_share(lyrics, c.topic);
    // Sections of even length: sung sections of one role have the same number of lines.
    std::map<Role, size_t> length;
    for (size_t s : sung) {
        const auto role = form.sections[s].role;
        if (role == Role::chorus) continue;  // a later chorus may repeat only the first's start
        auto [it, fresh] = length.emplace(role, lyrics.sections[s].lines.size());
        if (!fresh && role == Role::verse) {
            EXPECT_EQ(lyrics.sections[s].lines.size(), it->second) << form.sections[s].tag;
        }
    }
}

void print_stats(const char* what, const Stats& st) {
    std::printf("%s: %d songs, own-world share mean %.3f min %.3f; topic-word share %.3f; lines within 1 syllable "
                "%.3f; rhymed %d/%d; choruses with a near-copy line %d/%d\n",
                what, st.songs, st.own_share / st.songs, st.min_own_share, st.topic_share / st.songs,
                static_cast<double>(st.lines_on_target) / st.lines, st.rhymed, st.pairs, st.near_copies, st.choruses);
}

TEST(LyricsQuality, TunedTopics) {
    Stats stats;
    double total = 0;
    int n = 0;
    for (const auto& c : kTuned) {
        for (uint64_t seed : {1u, 2u, 3u}) {
            const auto form = form_for(c.prompt, c.duration, seed);
            auto lyrics = write_lyrics(form, WriteOptions{c.topic, seed, "", ""}, vocab(), pron());
            ASSERT_TRUE(lyrics.has_value()) << c.topic << ": " << lyrics.error().message;
            check_song(c, seed, form, *lyrics, false, stats);
            total += world_share(*lyrics, c.topic, nullptr);
            ++n;
        }
    }
    std::printf("mean world share, tuned topics: %.3f over %d songs\n", total / n, n);
    print_stats("tuned topics", stats);
    // Measured 0.79 mean, 0.44 at worst (the old measure, a share of the vocabulary's listed
    // words only, ~0.65, is printed for comparison).
    EXPECT_GE(stats.own_share / stats.songs, 0.7);
    EXPECT_GE(stats.min_own_share, 0.4);
    EXPECT_GE(static_cast<double>(stats.lines_on_target) / stats.lines, 0.9);
    EXPECT_EQ(stats.rhymed, stats.pairs);
}

TEST(LyricsQuality, HeldOutTopics) {
    Stats stats;
    double total = 0;
    int n = 0;
    for (const auto& c : kHeldOut) {
        for (uint64_t seed : {4u, 5u}) {
            const auto form = form_for(c.prompt, c.duration, seed);
            auto lyrics = write_lyrics(form, WriteOptions{c.topic, seed, "", ""}, vocab(), pron());
            ASSERT_TRUE(lyrics.has_value()) << c.topic << ": " << lyrics.error().message;
            check_song(c, seed, form, *lyrics, true, stats);
            total += world_share(*lyrics, c.topic, nullptr);
            ++n;
        }
    }
    std::printf("mean world share, held-out topics: %.3f over %d songs\n", total / n, n);
    print_stats("held-out topics", stats);
    EXPECT_GE(static_cast<double>(stats.lines_on_target) / stats.lines, 0.9);
    EXPECT_EQ(stats.rhymed, stats.pairs);
}

TEST(LyricsQuality, Examples) {
    for (const auto& [prompt, topic] : std::initializer_list<std::pair<const char*, const char*>>{
             {"circus march", "juggling fire at the circus"},
             {"sea shanty", "a lighthouse keeper who misses the sea"},
             {"folk ballad", "a nurse on the night shift"},
             {"gentle lullaby", "the moon over the night city"},
             {"soft acoustic love song", "falling in love"},
             {"indie rock", "a road trip across the country"},
             {"sad piano ballad", "rain on the window"},
             {"country song", "coming home"},
             {"pop punk", "the last day of school"},
             {"folk", "a long winter"},
             {"upbeat pop", "summer at the beach"},
             {"epic orchestral", "war and peace"},
             {"blues", "working the night shift at the factory"},
             {"jazz waltz", "chess in the park"}}) {
        auto lyrics = write_lyrics(form_for(prompt, 60, 1), WriteOptions{topic, 1, "", ""}, vocab(), pron());
        ASSERT_TRUE(lyrics.has_value());
        std::printf("=== %s (%s, 60 s, seed 1)\n%s\n", topic, prompt, lyrics->text().c_str());
    }
}

TEST(LyricsQuality, Deterministic) {
    const auto form = form_for("circus march", 60, 9);
    auto a = write_lyrics(form, WriteOptions{"juggling fire at the circus", 9, "", ""}, vocab(), pron());
    auto b = write_lyrics(form, WriteOptions{"juggling fire at the circus", 9, "", ""}, vocab(), pron());
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->text(), b->text());
}

}  // namespace
}  // namespace omg::lyrics

namespace omg::lyrics {
namespace {

// Every written couplet can be sung: its two lines end on words that rhyme by pronunciation
// (a couplet that does not is never chosen, so it would be dead data).
TEST(LyricsQuality, EveryWrittenCoupletRhymes) {
    int couplets = 0;
    auto check = [&](const std::string& where, const Couplet& c) {
        ++couplets;
        EXPECT_TRUE(testing::pron().rhymes(c.first, c.second)) << where << ": " << c.first << " / " << c.second;
    };
    for (const auto& [theme, stages] : testing::vocab().couplets) {
        for (const auto& [stage, list] : stages) {
            for (const auto& c : list) check(theme + " " + stage, c);
        }
    }
    for (const auto& m : testing::vocab().moods) {
        for (const auto& [stage, list] : m.couplets) {
            for (const auto& c : list) check("mood " + m.name + " " + stage, c);
        }
    }
    std::printf("written couplets: %d\n", couplets);
    EXPECT_GE(couplets, 200);
}

// The song's cast comes from the topic's own words first; the world fills the rest.
TEST(LyricsQuality, TheCastSingsTheTopicsOwnWords) {
    auto cast_of = [](const char* t) { return make_cast(read_topic(t, testing::vocab()), t); };
    const Cast keeper = cast_of("a lighthouse keeper who misses the sea");
    ASSERT_FALSE(keeper.who.empty());
    EXPECT_EQ(keeper.who.front().text, "the lighthouse keeper");
    EXPECT_TRUE(keeper.who.front().from_topic);
    EXPECT_EQ(keeper.act.front().text, "miss the sea");
    const Cast love = cast_of("falling in love");
    EXPECT_EQ(love.act.front().text, "fall in love");  // not "falle in love"
    for (const auto& w : love.where) EXPECT_NE(w.text, "the love") << "'in love' names no place";
    const Cast chess = cast_of("chess in the park");
    EXPECT_EQ(chess.where.front().text, "the park");
    EXPECT_EQ(chess.what.front().text, "chess");
    const Cast garden = cast_of("my grandmother's garden");
    ASSERT_FALSE(garden.who.empty());
    EXPECT_EQ(garden.who.front().text, "my grandmother");
}

}  // namespace
}  // namespace omg::lyrics

namespace omg::lyrics {
namespace {

// A two-line chorus (a very short song's) is its hook and an answer that rhymes with it by
// pronunciation, like every other couplet: written on a verse-chorus form of two-line sections
// at six to nine syllables for every topic of the tables, and on the engine's own forms of
// short songs.
TEST(LyricsQuality, TwoLineChorusRhymes) {
    EXPECT_EQ(line_specs(Role::chorus, 2, 8)[0].rhyme, line_specs(Role::chorus, 2, 8)[1].rhyme);
    int choruses = 0;
    auto check = [&](const Lyrics& lyrics, const std::string& what) {
        for (const auto& s : lyrics.sections) {
            if (role_of_tag(s.tag) != Role::chorus || s.lines.size() != 2) continue;
            ++choruses;
            EXPECT_TRUE(pron().rhymes(s.lines[0], s.lines[1])) << what << "\n" << lyrics.text();
        }
    };
    std::vector<Case> cases(std::begin(kTuned), std::end(kTuned));
    cases.insert(cases.end(), std::begin(kHeldOut), std::end(kHeldOut));
    for (const auto& c : cases) {
        for (const int syllables : {6, 7, 8, 9}) {
            LyricForm form;
            form.style = "acoustic_folk";
            form.duration_s = 30;
            form.energy = 0.4;
            auto section = [&](const char* tag, Role role) {
                SectionPlan s;
                s.tag = tag;
                s.role = role;
                s.lines = line_specs(role, 2, syllables);
                return s;
            };
            form.sections = {section("Verse 1", Role::verse), section("Chorus", Role::chorus),
                             section("Verse 2", Role::verse), section("Chorus", Role::chorus)};
            const auto lyrics = write_lyrics(form, WriteOptions{c.topic, 1, "", ""}, vocab(), pron());
            ASSERT_TRUE(lyrics.has_value()) << c.topic << ": " << lyrics.error().message;
            check(*lyrics, std::string(c.topic) + ", " + std::to_string(syllables) + " syllables");
        }
    }
    for (const auto& c : kTuned) {
        for (const double duration : {20.0, 30.0}) {
            const auto form = form_for(c.prompt, duration, 1);
            const auto lyrics = write_lyrics(form, WriteOptions{c.topic, 1, "", ""}, vocab(), pron());
            ASSERT_TRUE(lyrics.has_value()) << c.topic << ": " << lyrics.error().message;
            check(*lyrics, std::string(c.topic) + " (" + c.prompt + ", " + std::to_string(static_cast<int>(duration)) + " s)");
        }
    }
    EXPECT_GE(choruses, static_cast<int>(cases.size()) * 4 * 2);
}

// A written line's longest run of words that are always sung (no slot, no optional word):
// "There's a photograph upon the wall" whole, "is standing young and tall".
std::string fixed_run(const std::string& line) {
    std::vector<std::string> runs(1);
    int depth = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char ch = line[i];
        if (ch == '(' || ch == ')' || ch == '{' || ch == '}') {
            depth += (ch == '(' || ch == '{') ? 1 : -1;
            runs.emplace_back();
            continue;
        }
        if (depth == 0) runs.back() += ch;
    }
    std::string best;
    size_t best_words = 0;
    for (const auto& r : runs) {
        const auto words = split_words(lowered(r));
        if (words.size() <= best_words) continue;
        best_words = words.size();
        best.clear();
        for (const auto& w : words) best += " " + w;
    }
    return best + " ";
}

// The cast and the couplets come from the topic's world. A song whose topic has a world of its
// own sings no "life" couplet that brings a picture of its own (the circus song hangs no
// photograph on the wall); a topic with none has a neutral cast; and no song sings a default
// cast member ("the neighbor") that neither its topic nor its own world names.
TEST(LyricsQuality, CastAndCoupletsComeFromTheTopicsWorld) {
    std::vector<std::string> pictured;
    for (const auto& [stage, list] : vocab().couplets.at("life")) {
        for (const auto& c : list) {
            if (!c.pictured) continue;
            pictured.push_back(fixed_run(c.first));
            pictured.push_back(fixed_run(c.second));
        }
    }
    ASSERT_GE(pictured.size(), 2u);
    EXPECT_EQ(fixed_run("There's a photograph upon the wall"), " there's a photograph upon the wall ");
    const Cast photo = make_cast(read_topic("an old photograph", vocab()), "an old photograph");
    ASSERT_FALSE(photo.who.empty());
    EXPECT_EQ(photo.who.front().text, "my friend");

    std::vector<Case> cases(std::begin(kTuned), std::end(kTuned));
    cases.insert(cases.end(), std::begin(kHeldOut), std::end(kHeldOut));
    cases.push_back({"a folk song about an old photograph, with lyrics", "an old photograph", 60});
    cases.push_back({"a cheerful circus song about juggling fire, with lyrics", "juggling fire", 60});
    cases.push_back({"a slow ballad about the sea, with lyrics", "the sea", 60});
    int own_world_songs = 0;
    for (const auto& c : cases) {
        const Topic topic = read_topic(c.topic, vocab());
        bool own_world = false;
        bool names_neighbor = topic.words.count("neighbor") > 0;
        for (const Theme* th : topic.themes) {
            if (th->name == "life") continue;
            own_world = true;
            if (std::find(th->people.begin(), th->people.end(), "neighbor") != th->people.end()) names_neighbor = true;
        }
        for (const uint64_t seed : {1u, 7u}) {
            const auto lyrics =
                write_lyrics(form_for(c.prompt, c.duration, seed), WriteOptions{c.topic, seed, "", ""}, vocab(), pron());
            ASSERT_TRUE(lyrics.has_value()) << c.topic << ": " << lyrics.error().message;
            own_world_songs += own_world;
            for (const auto& s : lyrics->sections) {
                for (const auto& line : s.lines) {
                    std::string words;
                    for (const auto& w : split_words(lowered(line))) words += " " + w;
                    words += " ";
                    for (const auto& p : pictured) {
                        if (own_world) {
                            EXPECT_EQ(words.find(p), std::string::npos) << c.topic << " sings \"" << line << "\"";
                        }
                    }
                    if (!names_neighbor) {
                        EXPECT_EQ(words.find(" neighbor"), std::string::npos) << c.topic << " sings \"" << line << "\"";
                    }
                }
            }
        }
    }
    EXPECT_GE(own_world_songs, 20);
}

}  // namespace
}  // namespace omg::lyrics
