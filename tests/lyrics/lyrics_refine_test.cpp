// refine_lyrics applies the instruction it is given: the part asked for changes, everything
// else stays byte for byte, and `changes` names what changed.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "lyrics/lyrics.h"
#include "lyrics/song.h"
#include "support/lyrics_fixture.h"
#include "support/test_engine.h"

namespace omg::lyrics {
namespace {

using testing::pron;
using testing::vocab;

struct Song {
    LyricForm form;
    std::string text;
    std::vector<LyricSection> sections;  // as refine reads them back
};

// A song with verse 1, a chorus, verse 2 and the chorus again.
const Song& song() {
    static const Song s = [] {
        engine::Request r;
        r.prompt = "upbeat pop song";
        r.duration_s = 120;
        r.seed = 3;
        auto a = omg::testing::test_engine().compose(r);
        EXPECT_TRUE(a.has_value());
        Song out;
        out.form = plan_form(a->brief, a->score);
        auto lyrics = write_lyrics(out.form, WriteOptions{"summer love", 3}, vocab(), pron());
        EXPECT_TRUE(lyrics.has_value()) << (lyrics ? "" : lyrics.error().message);
        if (lyrics) out.text = lyrics->text();
        out.sections = parse_lyrics(out.text);
        return out;
    }();
    return s;
}

Lyrics refine(const std::string& instruction) {
    auto out = refine_lyrics(song().text, song().form, WriteOptions{"summer love", 3, "", instruction}, vocab(),
                             pron());
    EXPECT_TRUE(out.has_value()) << instruction << ": " << (out ? "" : out.error().message);
    return out ? *out : Lyrics{};
}

// The same sections with the same line counts as the song refined.
void expect_same_shape(const Lyrics& out) {
    const auto& before = song().sections;
    ASSERT_EQ(out.sections.size(), before.size()) << out.text();
    for (size_t s = 0; s < before.size(); ++s) {
        EXPECT_EQ(out.sections[s].tag, before[s].tag);
        EXPECT_EQ(out.sections[s].lines.size(), before[s].lines.size()) << before[s].tag;
    }
}

bool mentions(const std::vector<std::string>& changes, const std::string& what) {
    for (const auto& c : changes) {
        if (c.find(what) != std::string::npos) return true;
    }
    return false;
}

std::vector<size_t> sections_of(Role role) {
    std::vector<size_t> out;
    for (size_t s = 0; s < song().sections.size(); ++s) {
        if (role_of_tag(song().sections[s].tag) == role && !song().sections[s].lines.empty()) out.push_back(s);
    }
    return out;
}

size_t first_sung() {
    for (size_t s = 0; s < song().sections.size(); ++s) {
        if (!song().sections[s].lines.empty()) return s;
    }
    return 0;
}

TEST(LyricsRefine, TheSongHasVersesAndChoruses) {
    ASSERT_FALSE(song().text.empty());
    EXPECT_GE(sections_of(Role::verse).size(), 2u) << song().text;
    EXPECT_GE(sections_of(Role::chorus).size(), 1u) << song().text;
    // Verse 1 is the first sung section: its third line is the song's third line.
    ASSERT_FALSE(sections_of(Role::verse).empty());
    EXPECT_EQ(sections_of(Role::verse).front(), first_sung()) << song().text;
    EXPECT_GE(song().sections[first_sung()].lines.size(), 3u);
}

TEST(LyricsRefine, MakeItAboutANewTopic) {
    const Lyrics out = refine("make it about the sea");
    expect_same_shape(out);
    EXPECT_NE(out.text(), song().text);
    ASSERT_FALSE(out.changes.empty());
    EXPECT_TRUE(mentions(out.changes, "the sea")) << out.changes.front();
    EXPECT_EQ(out.theme, "sea");
    // Every sung section is rewritten.
    for (size_t s = 0; s < out.sections.size(); ++s) {
        if (song().sections[s].lines.empty()) continue;
        EXPECT_NE(out.sections[s].lines, song().sections[s].lines) << song().sections[s].tag;
    }
}

TEST(LyricsRefine, AMoodWordChangesTheMoodAndKeepsTheHook) {
    const Lyrics out = refine("make it sadder");
    expect_same_shape(out);
    EXPECT_EQ(out.mood, "sad");
    EXPECT_NE(out.text(), song().text);
    ASSERT_FALSE(out.changes.empty());
    EXPECT_TRUE(mentions(out.changes, "sad")) << out.changes.front();
    for (size_t s : sections_of(Role::chorus)) {
        EXPECT_EQ(out.sections[s].lines.front(), song().sections[s].lines.front());
    }
}

TEST(LyricsRefine, RewriteTheChorusTouchesOnlyChoruses) {
    const Lyrics out = refine("rewrite the chorus");
    expect_same_shape(out);
    const auto choruses = sections_of(Role::chorus);
    ASSERT_FALSE(choruses.empty());
    for (size_t s = 0; s < out.sections.size(); ++s) {
        const bool chorus = role_of_tag(song().sections[s].tag) == Role::chorus;
        if (chorus && !song().sections[s].lines.empty()) {
            EXPECT_NE(out.sections[s].lines, song().sections[s].lines) << song().sections[s].tag;
        }
        if (!chorus) {
            EXPECT_EQ(out.sections[s].lines, song().sections[s].lines) << song().sections[s].tag;
        }
    }
    // Every chorus still sings the same words.
    for (size_t s : choruses) {
        const auto& first = out.sections[choruses.front()].lines;
        for (size_t i = 0; i < out.sections[s].lines.size() && i < first.size(); ++i) {
            EXPECT_EQ(out.sections[s].lines[i], first[i]);
        }
    }
    ASSERT_FALSE(out.changes.empty());
    for (const auto& c : out.changes) EXPECT_NE(c.find(song().sections[choruses.front()].tag), std::string::npos) << c;
}

TEST(LyricsRefine, RewriteVerseTwoTouchesOnlyVerseTwo) {
    const Lyrics out = refine("rewrite verse 2");
    expect_same_shape(out);
    const auto verses = sections_of(Role::verse);
    ASSERT_GE(verses.size(), 2u);
    const size_t second = verses[1];
    for (size_t s = 0; s < out.sections.size(); ++s) {
        if (s == second) {
            EXPECT_NE(out.sections[s].lines, song().sections[s].lines);
        } else {
            EXPECT_EQ(out.sections[s].lines, song().sections[s].lines) << song().sections[s].tag;
        }
    }
    ASSERT_EQ(out.changes.size(), 1u);
    EXPECT_NE(out.changes.front().find(song().sections[second].tag), std::string::npos) << out.changes.front();
}

TEST(LyricsRefine, RewriteLineThreeTouchesOnlyThatLine) {
    const Lyrics out = refine("rewrite line 3");
    expect_same_shape(out);
    for (size_t s = 0; s < out.sections.size(); ++s) {
        for (size_t i = 0; i < out.sections[s].lines.size() && i < song().sections[s].lines.size(); ++i) {
            if (s == first_sung() && i == 2) {
                EXPECT_NE(out.sections[s].lines[i], song().sections[s].lines[i]);
            } else {
                EXPECT_EQ(out.sections[s].lines[i], song().sections[s].lines[i]) << s << ":" << i;
            }
        }
    }
    ASSERT_EQ(out.changes.size(), 1u);
    EXPECT_TRUE(mentions(out.changes, "1 line of " + song().sections[first_sung()].tag)) << out.changes.front();
}

TEST(LyricsRefine, ANewTopicThatKeepsTheChorusRewritesOnlyTheRest) {
    const Lyrics out = refine("make it about the sea, but keep the chorus");
    expect_same_shape(out);
    EXPECT_EQ(out.theme, "sea");
    for (size_t s = 0; s < out.sections.size(); ++s) {
        if (song().sections[s].lines.empty()) continue;
        if (role_of_tag(song().sections[s].tag) == Role::chorus) {
            EXPECT_EQ(out.sections[s].lines, song().sections[s].lines) << song().sections[s].tag;
        } else {
            EXPECT_NE(out.sections[s].lines, song().sections[s].lines) << song().sections[s].tag;
        }
    }
    EXPECT_TRUE(mentions(out.changes, "the sea")) << out.changes.front();
    EXPECT_TRUE(mentions(out.changes, "kept every chorus")) << out.changes.back();
    EXPECT_FALSE(mentions(out.changes, "keep")) << "the keep clause is not part of the topic";
}

TEST(LyricsRefine, RewriteEverythingButTheVerses) {
    const Lyrics out = refine("make it sadder and keep the verses");
    expect_same_shape(out);
    EXPECT_EQ(out.mood, "sad");
    bool changed = false;
    for (size_t s = 0; s < out.sections.size(); ++s) {
        if (role_of_tag(song().sections[s].tag) == Role::verse) {
            EXPECT_EQ(out.sections[s].lines, song().sections[s].lines) << song().sections[s].tag;
        } else {
            changed = changed || out.sections[s].lines != song().sections[s].lines;
        }
    }
    EXPECT_TRUE(changed) << out.text();
}

TEST(LyricsRefine, AMoodRewriteSingsTheMoodsOwnLines) {
    const Lyrics out = refine("make it sadder");
    const Mood* sad = vocab().mood("sad");
    ASSERT_NE(sad, nullptr);
    ASSERT_FALSE(sad->couplets.empty());
    // Some written line of the sad mood is sung: the words differ, not only the seed.
    const std::string text = lower(out.text());
    bool found = false;
    for (const auto& [stage, list] : sad->couplets) {
        for (const auto& c : list) {
            for (const auto* line : {&c.first, &c.second}) {
                // The fixed end of a written line ("anymore", "too late") is enough to know it.
                auto words = split_words(*line);
                if (words.size() >= 2 && text.find(words[words.size() - 2] + " " + words.back()) != std::string::npos)
                    found = true;
            }
        }
    }
    EXPECT_TRUE(found) << text;
}

TEST(LyricsRefine, SameInstructionSameResult) {
    EXPECT_EQ(refine("rewrite the chorus").text(), refine("rewrite the chorus").text());
}

}  // namespace
}  // namespace omg::lyrics
