// The text side: Festival's own syllables, stress and labels; hostile lyrics stay data.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "support/voice_fixture.h"
#include "voice/front_end.h"
#include "voice/voice.h"

namespace omg::voice {
namespace {

using testing::the_voice;

model::SungText analyse_lines(const std::vector<std::string>& lines) {
    model::LyricSection s{"Verse", "verse", "", {}};
    for (const auto& l : lines) s.lines.push_back({l, {}, {}});
    auto r = the_voice()->analyse({s});
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
    return r ? *r : model::SungText{};
}

TEST(Analyse, SyllablesAndStressComeFromFestivalsLexicon) {
    REQUIRE_VOICE();
    auto text = analyse_lines({"The circus, beautiful fire; every juggling!"});
    ASSERT_EQ(text.sections.size(), 1u);
    EXPECT_EQ(text.voice, "slt");
    const auto& line = text.sections[0].lines[0];
    EXPECT_EQ(line.text, "The circus, beautiful fire; every juggling!");
    ASSERT_EQ(line.words.size(), 6u);
    // Festival 2.5's CMU lexicon (as it answered): fire is "f ay / er", every "eh / v er / iy".
    const std::vector<std::pair<std::string, size_t>> expected = {
        {"The", 1}, {"circus", 2}, {"beautiful", 3}, {"fire", 2}, {"every", 3}, {"juggling", 3}};
    for (size_t w = 0; w < expected.size(); ++w) {
        EXPECT_EQ(line.words[w].text, expected[w].first);
        EXPECT_EQ(line.words[w].syllables.size(), expected[w].second) << expected[w].first;
    }
    const auto& circus = line.words[1].syllables;
    EXPECT_TRUE(circus[0].stressed);
    EXPECT_FALSE(circus[1].stressed);
    EXPECT_EQ(circus[0].text + circus[1].text, "circus");
    const auto& beautiful = line.words[2].syllables;
    EXPECT_TRUE(beautiful[0].stressed);
    EXPECT_FALSE(beautiful[1].stressed);
    EXPECT_FALSE(beautiful[2].stressed);
    EXPECT_EQ(line.words[0].syllables[0].phones, (std::vector<std::string>{"dh", "ax"}));
    for (const auto& word : line.words) {
        for (const auto& syl : word.syllables) {
            ASSERT_EQ(syl.phones.size(), syl.labels.size());
            for (size_t p = 0; p < syl.phones.size(); ++p) {
                EXPECT_NE(syl.labels[p].find("-" + syl.phones[p] + "+"), std::string::npos)
                    << syl.labels[p];
                EXPECT_EQ(syl.labels[p].find(' '), std::string::npos) << "times left in the label";
            }
        }
    }
    ASSERT_EQ(line.pause_labels.size(), 2u);
    EXPECT_NE(line.pause_labels[0].find("-pau+"), std::string::npos);
    EXPECT_NE(line.pause_labels[1].find("-pau+"), std::string::npos);
    EXPECT_EQ(analyse_lines({"The circus, beautiful fire; every juggling!"}),
              text);  // deterministic
}

// Festival 2.5 with the slt voice as it answered before the front end was made faster (its
// default 10M-cell heap, one process per song): the labels must not change.
TEST(Analyse, LabelsAreFestivalsOwn) {
    REQUIRE_VOICE();
    auto text = analyse_lines({"twinkle twinkle little star", "how i wonder what you are"});
    ASSERT_EQ(text.sections[0].lines.size(), 2u);
    const auto& twinkle = text.sections[0].lines[0].words.at(0).syllables;
    ASSERT_EQ(twinkle.size(), 2u);
    EXPECT_EQ(twinkle[0].labels.at(0),
              "x^x-t+w=ih@1_4/A:0_0_0/B:1-1-4@1-2&1-7#1-4$1-4!0-2;0-2|ih/C:0+0+3/D:0_0/"
              "E:content+2@1+4&0+3#0+1/F:content_2/G:0_0/H:7=4@1=1|L-L%/I:0=0/J:7+4-1");
    EXPECT_EQ(twinkle[0].labels.at(2),
              "t^w-ih+ng=x@3_2/A:0_0_0/B:1-1-4@1-2&1-7#1-4$1-4!0-2;0-2|ih/C:0+0+3/D:0_0/"
              "E:content+2@1+4&0+3#0+1/F:content_2/G:0_0/H:7=4@1=1|L-L%/I:0=0/J:7+4-1");
    const auto& how = text.sections[0].lines[1].words.at(0).syllables.at(0);
    EXPECT_EQ(how.labels.at(1),
              "x^hh-aw+x=x@2_1/A:0_0_0/B:1-0-2@1-1&1-7#1-6$1-3!0-1;0-1|aw/C:1+1+1/D:0_0/"
              "E:wp+1@1+6&0+3#0+1/F:content_1/G:0_0/H:7=6@1=1|L-L%/I:0=0/J:7+6-1");
}

// Repeated lines are analysed once and long lyrics are shared between processes: every line
// must come back as it does in a short call of its own.
TEST(Analyse, EveryLineIsAnsweredAsInAShortCall) {
    REQUIRE_VOICE();
    const std::vector<std::string> chorus = {"Twinkle twinkle little star",
                                             "How I wonder what you are",
                                             "Don't stop believin', hold on!", "Café at 42"};
    std::vector<std::string> song;
    for (int verse = 0; verse < 5; ++verse) {
        for (int l = 0; l < 4; ++l) {
            song.push_back("verse " + std::to_string(verse) + " line " + std::to_string(l) +
                           " juggling the xylophone");
        }
        for (const auto& c : chorus) song.push_back(c);
    }
    auto alone = analyse_lines(chorus);
    auto whole = analyse_lines(song);
    ASSERT_EQ(whole.sections.at(0).lines.size(), song.size());
    for (size_t i = 0; i < song.size(); ++i) {
        const auto& line = whole.sections[0].lines[i];
        EXPECT_EQ(line.text, song[i]);
        EXPECT_FALSE(line.words.empty()) << song[i];
        if (i % 8 < 4) continue;
        const auto& ref = alone.sections.at(0).lines.at(i % 8 - 4);
        EXPECT_EQ(line.words, ref.words) << song[i];
        EXPECT_EQ(line.pause_labels, ref.pause_labels) << song[i];
    }
    // The last verse's lines sit in the second half of the distinct lines.
    const auto& last = whole.sections[0].lines[32].words;
    ASSERT_EQ(last.size(), 7u);
    EXPECT_EQ(last[1].text, "4");
}

TEST(Analyse, LinesWithoutWordsComeBackEmptyAndSectionsKeepTheirShape) {
    REQUIRE_VOICE();
    model::LyricSection a{"Intro", "intro", "soft", {{"", {}, {}}, {"... !!! --- ?!", {}, {}}}};
    model::LyricSection b{"Solo", "instrumental", "", {}};
    model::LyricSection c{"Chorus", "chorus", "", {{"Numbers: 42", {}, {}}}};
    auto r = the_voice()->analyse({a, b, c});
    ASSERT_TRUE(r.has_value()) << r.error().message;
    ASSERT_EQ(r->sections.size(), 3u);
    EXPECT_EQ(r->sections[0].note, "soft");
    EXPECT_TRUE(r->sections[0].lines[0].words.empty());
    EXPECT_TRUE(r->sections[0].lines[1].words.empty());
    EXPECT_TRUE(r->sections[0].lines[1].pause_labels.empty());
    EXPECT_TRUE(r->sections[1].lines.empty());
    const auto& words = r->sections[2].lines[0].words;
    ASSERT_EQ(words.size(), 2u);
    EXPECT_EQ(words[1].text, "42");
    EXPECT_EQ(words[1].syllables.size(), 3u);  // for-ty-two
}

TEST(Analyse, HostileLyricsAreDataNeverCode) {
    REQUIRE_VOICE();
    const auto dir = std::filesystem::temp_directory_path() / "omg_voice_hostile";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string marker = (dir / "pwned").string();
    std::vector<std::string> lines = {
        "\") (system \"touch " + marker + "\") (\"",
        "(system \"touch " + marker + "\")",
        "'(system \"touch " + marker + "\") ; \\\" \\\\ ) ) ) (((",
        "`touch " + marker + "` $(touch " + marker + ") | touch " + marker,
        "caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x99til \xF0\x9F\x8E\xB5 \xE6\x97\xA5\xE6\x9C\xAC "
        "\xFF\xFE",
        std::string(5000, '('),
        std::string("nul\0byte", 8),
    };
    std::ifstream blns(std::string(OMG_SOURCE_DIR) + "/../shared/data/blns/blns.txt");
    if (!blns) blns.open("/work/shared/data/blns/blns.txt");
    for (std::string l; std::getline(blns, l);) {
        if (!l.empty() && l[0] != '#') lines.push_back(l);
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto text = analyse_lines(lines);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(text.sections.size(), 1u);
    ASSERT_EQ(text.sections[0].lines.size(), lines.size());
    EXPECT_FALSE(std::filesystem::exists(marker)) << "a lyric ran a command";
    EXPECT_FALSE(std::filesystem::exists("/tmp/pwned"));
    EXPECT_EQ(text.sections[0].lines[0].words.size(),
              7u);  // system touch tmp omg voice hostile pwned
    const auto& cafe = text.sections[0].lines[4].words;
    ASSERT_GE(cafe.size(), 3u);
    EXPECT_EQ(cafe[0].text, "caf\xC3\xA9");
    EXPECT_EQ(cafe[2].text, "til");
    std::cout << "[voice] " << lines.size() << " hostile lines analysed in " << s << " s\n";
    std::filesystem::remove_all(dir);
}

TEST(Analyse, ALineOfThreeHundredWordsReturns) {
    REQUIRE_VOICE();
    std::string line;
    for (int i = 0; i < 300; ++i) line += (i % 3 == 0 ? "singing " : i % 3 == 1 ? "in " : "rain ");
    const auto t0 = std::chrono::steady_clock::now();
    auto text = analyse_lines({line});
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_EQ(text.sections.size(), 1u);
    EXPECT_EQ(text.sections[0].lines[0].words.size(), 300u);
    std::cout << "[voice] a 300-word line analysed in " << s << " s\n";
}

TEST(Analyse, TooMuchTextIsRefused) {
    REQUIRE_VOICE();
    model::LyricSection s{"Verse", "verse", "", {{std::string(300000, 'a'), {}, {}}}};
    auto r = the_voice()->analyse({s});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, Errc::too_large);
}

TEST(TextWords, SplitKeepsTheSpellingAndSendsPlainAscii) {
    auto w = detail::split_words("Don't stop, caf\xC3\xA9! 'round rock-n-roll \"x\"");
    ASSERT_EQ(w.size(), 8u);  // Don't stop café round rock n roll x
    EXPECT_EQ(w[0].written, "Don't");
    EXPECT_EQ(w[0].spoken, "don't");
    EXPECT_EQ(w[2].written, "caf\xC3\xA9");
    EXPECT_EQ(w[2].spoken, "cafe");
    EXPECT_EQ(w[3].spoken, "round");
    EXPECT_EQ(w[4].spoken, "rock");
    EXPECT_TRUE(detail::split_words("\") (system \"x\") (\"").size() == 2);
    for (const auto& word : detail::split_words("a;b(c)d\\e\"f`g$h|i")) {
        for (char c : word.spoken)
            EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '\'');
    }
}

TEST(TextWords, SpellingIsCutAtVowelGroups) {
    EXPECT_EQ(detail::split_spelling("circus", 2), (std::vector<std::string>{"cir", "cus"}));
    EXPECT_EQ(detail::split_spelling("happy", 2), (std::vector<std::string>{"hap", "py"}));
    EXPECT_EQ(detail::split_spelling("father", 2), (std::vector<std::string>{"fa", "ther"}));
    EXPECT_EQ(detail::split_spelling("beautiful", 3),
              (std::vector<std::string>{"beau", "ti", "ful"}));
    for (std::string word : {"juggling", "rhythm", "42", "caf\xC3\xA9", "fire", "a"}) {
        for (size_t n = 1; n <= 4; ++n) {
            auto pieces = detail::split_spelling(word, n);
            ASSERT_EQ(pieces.size(), n);
            std::string joined;
            for (const auto& p : pieces) joined += p;
            EXPECT_EQ(joined, word);
        }
    }
}

}  // namespace
}  // namespace omg::voice
