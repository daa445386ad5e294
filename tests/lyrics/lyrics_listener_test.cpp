// Listener lint: what a listener hears as template salad, checked mechanically over a table of
// topics x seeds x lengths. Every slot holds a word of its own type (by the trace write_lyrics
// keeps), no line sings a noun twice, a topic noun never opens a line bare, a section pads at
// most one line with a lead-in and never stacks them, no pattern returns outside the chorus,
// and the chorus's hook carries the topic's words and comes back to them.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "engine/engine.h"
#include "lyrics/lyrics.h"
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
    std::vector<std::string> main_words;  // the hook sings every one of them
};
const std::vector<Case> kCases = {
    {"circus march", "juggling fire", {"juggling", "fire"}},
    {"gentle lullaby", "a lullaby about the moon", {"moon"}},
    {"sea shanty with accordion", "a lighthouse keeper who misses the sea", {"keeper"}},
    {"soft acoustic ballad", "a nurse on the night shift", {"nurse"}},
    {"country song", "a baker at 4am", {"baker"}},
    {"folk song with acoustic guitar", "my grandmother's garden", {"garden"}},
    {"synth pop, upbeat", "a robot learning to dance", {"robot"}},
    {"sad piano ballad", "leaving home for the city", {"leaving", "home"}},
    {"upbeat rock", "a road trip", {"road", "trip"}},
    {"indie folk", "a lost dog", {"dog"}},
};

std::string lowered(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool has_words(const std::string& line, const std::vector<std::string>& words) {
    const auto w = split_words(lowered(line));
    return std::all_of(words.begin(), words.end(), [&](const auto& x) { return std::find(w.begin(), w.end(), x) != w.end(); });
}

void check_song(const Case& c, const LyricForm& form, const Lyrics& lyrics,
                const std::vector<std::vector<LineTrace>>& trace) {
    const Topic topic = read_topic(c.topic, vocab());
    // Every noun the writer knows, singular, and the topic's own.
    std::set<std::string> nouns;
    for (const auto& [word, type] : vocab().types) {
        for (const auto& w : split_words(word)) nouns.insert(singular(lowered(w)));
    }
    std::set<std::string> topic_nouns;  // single-word countable topic nouns
    for (const auto& [type, items] : topic.typed) {
        for (const auto& x : items) {
            for (const auto& w : split_words(x)) nouns.insert(singular(lowered(w)));
            if (split_words(x).size() == 1) topic_nouns.insert(singular(lowered(x)));
        }
    }
    auto typed_as = [&](const std::string& word, NounType type) {
        if (auto it = vocab().types.find(word); it != vocab().types.end()) return it->second == type;
        auto it = topic.typed.find(type);
        return it != topic.typed.end() && std::find(it->second.begin(), it->second.end(), word) != it->second.end();
    };
    auto adjective_for = [&](const std::string& adj, NounType type) {
        for (const auto& th : vocab().themes) {
            auto it = th.typed_adjectives.find(type);
            if (it != th.typed_adjectives.end() && std::find(it->second.begin(), it->second.end(), adj) != it->second.end())
                return true;
        }
        return false;
    };
    const std::set<std::string> kPads = {"oh", "and", "now", "so", "then", "but", "hey", "yeah"};
    ASSERT_EQ(trace.size(), form.sections.size());
    std::set<std::string> patterns;
    bool chorus_seen = false;
    for (size_t s = 0; s < form.sections.size(); ++s) {
        const auto& lines = lyrics.sections[s].lines;
        ASSERT_EQ(trace[s].size(), lines.size()) << form.sections[s].tag;
        const bool chorus = form.sections[s].role == Role::chorus;
        int fillers = 0;
        for (size_t i = 0; i < lines.size(); ++i) {
            const auto& line = lines[i];
            const auto& t = trace[s][i];
            const auto words = split_words(lowered(line));
            std::set<std::string> seen;
            for (const auto& w : words) {
                const std::string sw = singular(w);
                EXPECT_FALSE(nouns.count(sw) && !seen.insert(sw).second) << "noun twice: " << line;
            }
            for (const auto& [type, word] : t.slots) {
                EXPECT_TRUE(typed_as(word, type)) << "'" << word << "' in a " << type_name(type) << " slot: " << line;
            }
            for (const auto& [type, adj] : t.adjectives) {
                EXPECT_TRUE(adjective_for(adj, type)) << "'" << adj << "' on a " << type_name(type) << ": " << line;
            }
            // A topic noun opens no line bare ("Moon is all I need"), after a lead-in neither.
            size_t k = 0;
            while (k < words.size() && kPads.count(words[k])) ++k;
            if (k < words.size()) {
                EXPECT_FALSE(topic_nouns.count(words[k]) && words[k] == singular(words[k])) << "bare noun: " << line;
            }
            EXPECT_LT(k, 3u) << "stacked lead-ins: " << line;
            if (!t.filler.empty()) ++fillers;
            if (!t.pattern.empty() && (!chorus || !chorus_seen)) {
                EXPECT_TRUE(patterns.insert(t.pattern).second) << "pattern again: " << t.pattern << " -> " << line;
            }
        }
        EXPECT_LE(fillers, 1) << form.sections[s].tag;
        if (chorus && !lines.empty() && !chorus_seen) {
            chorus_seen = true;
            EXPECT_TRUE(has_words(lines.front(), c.main_words)) << "hook: " << lines.front();
            if (lines.size() >= 4) {  // two lines are the hook and its answer
                EXPECT_TRUE(std::any_of(lines.begin() + 1, lines.end(), [&](const auto& l) { return has_words(l, c.main_words); }))
                    << "the chorus never comes back to its hook";
            }
        }
    }
}

TEST(LyricsListener, LintOverTopicsSeedsAndLengths) {
    int songs = 0;
    for (const auto& c : kCases) {
        for (uint64_t seed : {1u, 2u, 3u}) {
            for (double duration : {30.0, 60.0, 120.0}) {
                const auto form = form_for(c.prompt, duration, seed);
                std::vector<std::vector<LineTrace>> trace;
                auto lyrics = write_lyrics_traced(form, WriteOptions{c.topic, seed, "", ""}, vocab(), pron(), &trace);
                ASSERT_TRUE(lyrics.has_value()) << c.topic << ": " << lyrics.error().message;
                SCOPED_TRACE(std::string(c.topic) + " seed " + std::to_string(seed) + " " +
                             std::to_string(static_cast<int>(duration)) + " s\n" + lyrics->text());
                check_song(c, form, *lyrics, trace);
                ++songs;
            }
        }
    }
    EXPECT_EQ(songs, 90);
}

TEST(LyricsListener, Examples) {
    for (const auto& [prompt, topic] : std::initializer_list<std::pair<const char*, const char*>>{
             {"cheerful circus march", "juggling fire"},
             {"gentle lullaby", "a lullaby about the moon"},
             {"jazz waltz", "an old man teaching his granddaughter to fish"}}) {
        auto lyrics = write_lyrics(form_for(prompt, 60, 3), WriteOptions{topic, 3, "", ""}, vocab(), pron());
        ASSERT_TRUE(lyrics.has_value());
        std::printf("=== %s (%s, 60 s, seed 3)\n%s\n", topic, prompt, lyrics->text().c_str());
    }
}

TEST(LyricsListener, AWordUnderTwoTypesIsADataError) {
    const auto dir = std::filesystem::temp_directory_path() / "omg_lyrics_listener_vocab";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir / "themes");
    std::filesystem::create_directories(dir / "moods");
    const auto src = std::filesystem::path(OMG_SOURCE_DIR) / "resources/lyrics";
    std::filesystem::copy_file(src / "templates.toml", dir / "templates.toml");
    std::filesystem::copy_file(src / "moods/calm.toml", dir / "moods/calm.toml");
    {
        std::FILE* f = std::fopen((dir / "themes/bad.toml").c_str(), "w");
        ASSERT_NE(f, nullptr);
        std::fputs("keywords = [\"x\"]\npeople = [\"nurse\", \"sea\"]\nplaces = [\"ward\"]\nobjects = [\"chart\"]\n"
                   "nature = [\"sea\"]\n", f);
        std::fclose(f);
    }
    auto loaded = load_vocabulary(dir);
    ASSERT_FALSE(loaded.has_value());
    EXPECT_NE(loaded.error().message.find("sea"), std::string::npos) << loaded.error().message;
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace omg::lyrics
