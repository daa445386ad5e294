// A sung song's form, as a listener hears it: for every style, at 30 s to 3 min, the built-in
// writer's lyrics and the Score composed on them open with a verse, answer every verse with the
// chorus, never put two choruses back to back but for a final repeat, and from 45 s sing at
// least two verses. The song's syllables here are counted by the lyrics' own pronouncer, stressed
// on each word's first: the form does not need the singing voice.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compose/compose.h"
#include "lyrics/lyrics.h"
#include "lyrics/tags.h"
#include "support/lyrics_fixture.h"
#include "support/style_library.h"

namespace omg::lyrics {
namespace {

using testing::pron;
using testing::vocab;

// "" when the sung roles, in order, follow the rules above; else what breaks them.
std::string song_shape_fault(const std::vector<std::string>& roles, double duration_s) {
    std::vector<std::string> sung;
    for (const auto& r : roles)
        if (r == "verse" || r == "chorus" || r == "bridge") sung.push_back(r);
    std::string order;
    for (const auto& r : sung) order += std::string(1, static_cast<char>(std::toupper(r[0])));
    if (sung.empty()) return "nothing sung";
    if (sung.front() != "verse") return order + ": does not open on a verse";
    int verses = 0;
    for (const auto& r : sung) verses += r == "verse";
    if (duration_s >= 45 && verses < 2) return order + ": one verse";
    for (size_t i = 0; i < sung.size(); ++i) {
        const bool last = i + 1 == sung.size();
        if (sung[i] != "chorus" && (last || sung[i + 1] != "chorus"))
            return order + ": a " + sung[i] + " not answered by the chorus";
        if (sung[i] == "chorus" && !last && sung[i + 1] == "chorus" && i + 2 != sung.size())
            return order + ": choruses back to back";
    }
    return "";
}

model::SungText sung_text(const std::string& text) {
    auto read = read_song_text(text);
    model::SungText out;
    out.voice = "test";
    out.sections = std::move(read.sections);
    for (auto& s : out.sections) {
        for (auto& l : s.lines) {
            for (const auto& w : split_words(l.text)) {
                model::LyricWord word{w, {}};
                const int n = std::max(1, pron().syllables(w));
                for (int i = 0; i < n; ++i)
                    word.syllables.push_back({w + std::to_string(i), i == 0, {}, {}});
                l.words.push_back(std::move(word));
            }
        }
    }
    return out;
}

TEST(SungForm, EveryStyleSingsVerseAndChorusInTurn) {
    const auto& library = omg::testing::style_library();
    ASSERT_FALSE(library.styles.empty());
    int songs = 0;
    for (const auto& style : library.styles) {
        for (const double duration : {30.0, 45.0, 60.0, 90.0, 120.0, 180.0}) {
            for (const uint64_t seed : {7u, 21u}) {
                SCOPED_TRACE(style.id + " " + std::to_string(static_cast<int>(duration)) +
                             " s seed " + std::to_string(seed));
                model::Brief brief = omg::testing::style_brief(style, duration, true);
                brief.vocals = true;
                const auto plain = compose::compose(brief, style, compose::ComposeOptions{seed});
                ASSERT_TRUE(plain) << plain.error().message;
                const LyricForm form = plan_form(brief, *plain);
                std::vector<std::string> planned;
                for (const auto& s : form.sections) planned.emplace_back(role_name(s.role));
                EXPECT_EQ(song_shape_fault(planned, duration), "") << "the lyric form";

                const auto lyrics = write_lyrics(
                    form, WriteOptions{"juggling fire at the circus", seed}, vocab(), pron());
                ASSERT_TRUE(lyrics) << lyrics.error().message;
                const std::string text = lyrics->text();
                std::vector<std::string> written;
                for (const auto& s : read_song_text(text).sections) written.push_back(s.role);
                EXPECT_EQ(song_shape_fault(written, duration), "") << "the lyrics\n" << text;

                const model::SungText words = sung_text(text);
                compose::ComposeOptions co{seed};
                co.lyrics = &words;
                const auto sung = compose::compose(brief, style, co);
                ASSERT_TRUE(sung) << sung.error().message;
                std::vector<std::string> heard;
                for (const auto& m : sung->sections) heard.push_back(role_of_tag(m.name));
                EXPECT_EQ(song_shape_fault(heard, duration), "") << "the Score";
                // The Score sings every section the lyrics wrote (an instrumental break may
                // give way: "[Instrumental] left out").
                for (const auto& d : sung->vocal.dropped) EXPECT_TRUE(d.starts_with("[")) << d;
                ++songs;
            }
        }
    }
    EXPECT_EQ(songs, static_cast<int>(library.styles.size()) * 12);
}

}  // namespace
}  // namespace omg::lyrics
