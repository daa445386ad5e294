// Song text to sections (lyrics/tags.h): every tag form, junk tags, empty sections, untagged text
// and huge or hostile input.
#include "lyrics/tags.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>

#include <nlohmann/json.hpp>

namespace omg::lyrics {
namespace {

std::vector<std::string> roles(const SongText& t) {
    std::vector<std::string> out;
    for (const auto& s : t.sections) out.push_back(s.role);
    return out;
}

std::vector<std::string> tags(const SongText& t) {
    std::vector<std::string> out;
    for (const auto& s : t.sections) out.push_back(s.tag);
    return out;
}

TEST(Tags, EveryTagFormNamesItsRole) {
    struct Case {
        const char* tag;
        const char* role;
        const char* shown;
    };
    for (const Case& c : {Case{"[Verse]", "verse", "Verse"}, Case{"[verse 2]", "verse", "Verse 2"},
                          Case{"[VERSE2]", "verse", "Verse 2"}, Case{"[Pre-Chorus]", "pre-chorus", "Pre-Chorus"},
                          Case{"[prechorus]", "pre-chorus", "Pre-Chorus"}, Case{"[Pre Chorus 1]", "pre-chorus", "Pre-Chorus 1"},
                          Case{"[Chorus]", "chorus", "Chorus"}, Case{"[CHORUS 3]", "chorus", "Chorus"},
                          Case{"[Hook]", "chorus", "Chorus"}, Case{"[Refrain]", "chorus", "Chorus"},
                          Case{"[Bridge]", "bridge", "Bridge"}, Case{"[Outro]", "outro", "Outro"},
                          Case{"[Intro]", "intro", "Intro"}, Case{"[Coda]", "outro", "Outro"},
                          Case{"[Chorus - anthemic]", "chorus", "Chorus"}, Case{"[Verse 1: whispered]", "verse", "Verse 1"},
                          Case{"Chorus:", "chorus", "Chorus"}}) {
        const auto t = read_song_text(std::string(c.tag) + "\nWe sing a line here\n");
        ASSERT_EQ(t.sections.size(), 1u) << c.tag;
        EXPECT_EQ(t.sections[0].role, c.role) << c.tag;
        EXPECT_EQ(t.sections[0].tag, c.shown) << c.tag;
        ASSERT_EQ(t.sections[0].lines.size(), 1u) << c.tag;
        EXPECT_EQ(t.sections[0].lines[0].text, "We sing a line here");
    }
    EXPECT_EQ(read_song_text("[Chorus - anthemic]\nla la\n").sections[0].note, "anthemic");
    EXPECT_EQ(read_song_text("[Verse 1: whispered]\nla la\n").sections[0].note, "whispered");
}

TEST(Tags, InstrumentalTagsKeepNoWordsAndSayWhy) {
    const auto t = read_song_text("[Intro]\n\n[Verse]\nA line to sing\n[Guitar Solo]\nthese are not sung\n[Instrumental]\n[Outro]\n");
    EXPECT_EQ(roles(t), (std::vector<std::string>{"intro", "verse", "instrumental", "instrumental", "outro"}));
    EXPECT_EQ(t.sections[2].tag, "Guitar Solo");
    EXPECT_TRUE(t.sections[2].lines.empty());
    ASSERT_EQ(t.notes.size(), 1u);
    EXPECT_NE(t.notes[0].find("not sung"), std::string::npos);
}

TEST(Tags, JunkTagsAreSungAsVersesAndEmptySungSectionsAreLeftOutBothReported) {
    const auto t = read_song_text("[Banana Phone]\nstill a line\n[Verse]\n\n[Chorus]\nthe hook\n[]\nafter an empty tag\n");
    EXPECT_EQ(roles(t), (std::vector<std::string>{"verse", "chorus", "verse"}));
    ASSERT_EQ(t.notes.size(), 3u);
    EXPECT_NE(t.notes[0].find("Banana Phone"), std::string::npos);
    EXPECT_NE(t.notes[1].find("no lines"), std::string::npos);
}

TEST(Tags, UntaggedTextIsSplitAtStanzasAndARepeatedStanzaIsTheChorus) {
    const auto t = read_song_text(
        "one a\none b\n\nhook a\nhook b\n\ntwo a\ntwo b\n\nhook a\nhook b\n");
    EXPECT_EQ(roles(t), (std::vector<std::string>{"verse", "chorus", "verse", "chorus"}));
    EXPECT_EQ(tags(t), (std::vector<std::string>{"Verse 1", "Chorus", "Verse 2", "Chorus"}));
    // One long block becomes verses of four lines.
    std::string block;
    for (int i = 0; i < 10; ++i) block += "line " + std::to_string(i) + "\n";
    const auto b = read_song_text(block);
    ASSERT_EQ(b.sections.size(), 3u);
    EXPECT_EQ(b.sections[0].lines.size(), 4u);
    EXPECT_EQ(b.sections[2].lines.size(), 2u);
    EXPECT_FALSE(b.notes.empty());
}

TEST(Tags, LinesBeforeTheFirstTagAreAVerseAndCrlfAndSpacesAreTrimmed) {
    const auto t = read_song_text("  first words  \r\n[Chorus]\r\n  the hook \r\n");
    EXPECT_EQ(roles(t), (std::vector<std::string>{"verse", "chorus"}));
    EXPECT_EQ(t.sections[0].lines[0].text, "first words");
    EXPECT_EQ(t.sections[1].lines[0].text, "the hook");
}

TEST(Tags, LongLinesAreSplitAndHugeTextIsCappedAndReported) {
    std::string line;
    for (int i = 0; i < 40; ++i) line += "word" + std::to_string(i) + (i == 19 ? ", " : " ");
    const auto t = read_song_text("[Verse]\n" + line + "\n");
    ASSERT_EQ(t.sections.size(), 1u);
    EXPECT_GE(t.sections[0].lines.size(), 3u);
    for (const auto& l : t.sections[0].lines) {
        const auto words = std::count(l.text.begin(), l.text.end(), ' ') + 1;
        EXPECT_LE(words, kMaxLineWords) << l.text;
    }
    std::string huge;
    for (int i = 0; i < 5000; ++i) huge += (i % 50 == 0 ? "[Verse]\n" : "") + std::string("la la la\n");
    const auto start = std::chrono::steady_clock::now();
    const auto h = read_song_text(huge);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 2.0);
    size_t lines = 0;
    for (const auto& s : h.sections) lines += s.lines.size();
    EXPECT_EQ(lines, static_cast<size_t>(kMaxSongLines));
    EXPECT_NE(h.notes.back().find("not sung"), std::string::npos);
}

TEST(Tags, HostileStringsNeverCrashAndComeBackAsText) {
    std::ifstream in(std::string(OMG_SOURCE_DIR) + "/tests/prompt/data/blns.json");
    ASSERT_TRUE(in) << "tests/prompt/data/blns.json";
    const auto strings = nlohmann::json::parse(in, nullptr, false);
    ASSERT_TRUE(strings.is_array());
    std::string all;
    for (const auto& s : strings) {
        if (!s.is_string()) continue;
        const std::string text = s.get<std::string>();
        all += "[" + text + "]\n" + text + "\n";
        const auto t = read_song_text("[Verse]\n" + text + "\n");
        for (const auto& sec : t.sections)
            for (const auto& l : sec.lines) EXPECT_EQ(l.text.find('\n'), std::string::npos);
    }
    const auto t = read_song_text(all);
    EXPECT_FALSE(t.sections.empty());
    EXPECT_TRUE(read_song_text("").sections.empty());
    EXPECT_TRUE(read_song_text("\n\n  \n").sections.empty());
    EXPECT_EQ(read_song_text(std::string("[Verse]\n\0x\n", 11)).sections.size(), 1u);
}

}  // namespace
}  // namespace omg::lyrics
