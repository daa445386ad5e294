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

// A slow song's sections, as a listener expects them: verses and choruses of four lines (an
// even number, four or more), and from a minute on the chorus heard twice at least. Slow styles
// at 76-100 bpm, 45-90 s, wherever sixteen lines of the fewest whole bars that last 2 s fit
// with a two-bar intro and a one-bar outro: there a line takes one bar (a slow bar holds six to
// nine syllables), not two with every section cut to two lines. The lyric form, the words
// written on it and the Score sung on them all sing so, every line in a bar of 2 s or more.
TEST(SungForm, SlowSongsSingFourLineSections) {
    const auto& library = omg::testing::style_library();
    int checked = 0;
    for (const char* id : {"piano_ballad", "acoustic_folk", "hymn", "reggae", "lofi_hip_hop", "waltz", "country"}) {
        const model::Style* style = nullptr;
        for (const auto& s : library.styles)
            if (s.id == id) style = &s;
        ASSERT_NE(style, nullptr) << id;
        for (const double tempo : {76.0, 84.0, 92.0, 100.0}) {
            for (const double duration : {45.0, 60.0, 75.0, 90.0}) {
                SCOPED_TRACE(std::string(id) + " " + std::to_string(static_cast<int>(tempo)) + " bpm " +
                             std::to_string(static_cast<int>(duration)) + " s");
                model::Brief brief = omg::testing::style_brief(*style, duration, true);
                brief.tempo_bpm = tempo;
                brief.vocals = true;
                const uint64_t seed = 7;
                const auto plain = compose::compose(brief, *style, compose::ComposeOptions{seed});
                ASSERT_TRUE(plain) << plain.error().message;
                int bars = 0;
                for (const auto& m : plain->sections) bars += m.bars;
                const double bar_s = brief.time_signature.beats_per_bar() * 60.0 / tempo;
                int bpl = 1;
                while (bpl * bar_s < 2.0) bpl *= 2;
                if (bars < 16 * bpl + 3) continue;  // no room for V4 C4 V4 C4 at all
                ++checked;
                const LyricForm form = plan_form(brief, *plain);
                std::string shape;
                int choruses = 0;
                for (const auto& s : form.sections) {
                    if (!is_sung(s.role)) continue;
                    shape += std::string(role_name(s.role)) + std::to_string(s.lines.size()) + " ";
                    choruses += s.role == Role::chorus;
                }
                for (const auto& s : form.sections) {
                    if (!is_sung(s.role)) continue;
                    EXPECT_TRUE(s.lines.size() >= 4 && s.lines.size() % 2 == 0) << s.tag << " in " << shape;
                }
                if (duration >= 60) {
                    EXPECT_GE(choruses, 2) << shape;
                }

                const auto lyrics =
                    write_lyrics(form, WriteOptions{"a folk song about an old photograph", seed}, vocab(), pron());
                ASSERT_TRUE(lyrics) << lyrics.error().message;
                const model::SungText words = sung_text(lyrics->text());
                compose::ComposeOptions co{seed};
                co.lyrics = &words;
                const auto sung = compose::compose(brief, *style, co);
                ASSERT_TRUE(sung) << sung.error().message;
                for (const auto& d : sung->vocal.dropped) EXPECT_TRUE(d.starts_with("[")) << d;
                int heard_choruses = 0;
                for (const auto& m : sung->sections) heard_choruses += role_of_tag(m.name) == "chorus";
                if (duration >= 60) {
                    EXPECT_GE(heard_choruses, 2) << lyrics->text();
                }
                // Each line has 2 s or more of its section (a bar of a slow song): the Score's
                // sung sections, in order, hold the lyrics' sections with lines.
                std::vector<size_t> sung_lines;
                for (const auto& ls : words.sections)
                    if (!ls.lines.empty()) sung_lines.push_back(ls.lines.size());
                std::vector<const model::SectionMark*> sung_marks;
                for (const auto& m : sung->sections) {
                    const std::string role = role_of_tag(m.name);
                    if (role == "verse" || role == "chorus" || role == "bridge" || role == "pre-chorus")
                        sung_marks.push_back(&m);
                }
                ASSERT_EQ(sung_marks.size(), sung_lines.size());
                for (size_t k = 0; k < sung_marks.size(); ++k) {
                    EXPECT_GE(sung_marks[k]->bars * bar_s / static_cast<double>(sung_lines[k]), 1.95)
                        << sung_marks[k]->name;
                }
            }
        }
    }
    // Every style above is checked at several tempos and lengths.
    EXPECT_GE(checked, 40);
}

}  // namespace
}  // namespace omg::lyrics
