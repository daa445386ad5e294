// The vocal part and the song's form from lyrics (compose/song_form.h, compose/vocal.h), on
// hand-made syllables: no voice needed.
#include "compose/vocal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "compose/compose.h"
#include "compose/song_form.h"
#include "style/loader.h"
#include "support/style_library.h"

namespace omg::compose {
namespace {

const model::StyleLibrary& library() { return testing::style_library(); }

model::Brief brief_for(const model::Style& s, double duration, bool given = true) {
    model::Brief b = testing::style_brief(s, duration, given);
    b.vocals = true;
    return b;
}

// A word of `n` syllables, stressed on the first (a one-syllable word only when `stressed`).
model::LyricWord word(const std::string& text, int n, bool stressed) {
    model::LyricWord w{text, {}};
    for (int i = 0; i < n; ++i) w.syllables.push_back({text + std::to_string(i), i == 0 && (n > 1 || stressed), {}, {}});
    return w;
}

// A line of `syllables` syllables as English runs: "the", "moun-tain", "and", "sky" ... (function
// words unstressed, content words stressed on their first syllable).
model::LyricLine line(const std::string& text, int syllables) {
    model::LyricLine l{text, {}, {}};
    int left = syllables;
    int k = 0;
    while (left > 0) {
        const int n = (left >= 2 && k % 3 == 1) ? 2 : 1;
        l.words.push_back(word("w" + std::to_string(k), n, k % 3 != 0));
        ++k;
        left -= n;
    }
    return l;
}

model::LyricSection section(const std::string& tag, const std::string& role, int lines, int syllables) {
    model::LyricSection s{tag, role, "", {}};
    for (int i = 0; i < lines; ++i) s.lines.push_back(line(tag + " line " + std::to_string(i + 1), syllables + (i % 2)));
    return s;
}

model::SungText song() {
    model::SungText t;
    t.voice = "test";
    t.sections = {section("Verse 1", "verse", 4, 7), section("Chorus", "chorus", 4, 6),
                  section("Verse 2", "verse", 4, 7), section("Chorus", "chorus", 4, 6),
                  {"Guitar Solo", "instrumental", "", {}}, section("Chorus", "chorus", 4, 6)};
    // Every chorus has the same words.
    t.sections[3].lines = t.sections[1].lines;
    t.sections[5].lines = t.sections[1].lines;
    return t;
}

size_t syllable_count(const model::SungText& t) {
    size_t n = 0;
    for (const auto& s : t.sections)
        for (const auto& l : s.lines)
            for (const auto& w : l.words) n += w.syllables.size();
    return n;
}

const model::Track& vocal_track(const model::Score& s) { return s.tracks.at(static_cast<size_t>(s.vocal.track)); }

TEST(SongForm, FollowsTheLyricsOrderWithAnIntroAndAnOutro) {
    const auto& style = *library().find("pop");
    const auto form = parse_form(style.forms.front());
    ASSERT_TRUE(form);
    const auto text = song();
    const SongForm f = song_form(text, style, *form, SongTiming{2.0, 4}, 0);
    ASSERT_EQ(f.items.size(), text.sections.size() + 2);
    EXPECT_EQ(f.lyric.front(), -1);
    EXPECT_EQ(f.lyric.back(), -1);
    for (size_t i = 0; i < text.sections.size(); ++i) EXPECT_EQ(f.lyric[i + 1], static_cast<int>(i));
    EXPECT_EQ(f.items[1].kind, "verse");
    EXPECT_EQ(f.items[2].kind, "chorus");
    EXPECT_EQ(f.items[4].bars, f.items[2].bars);  // every chorus as long
    EXPECT_EQ(f.items[1].bars, 4 * f.bars_per_line);
}

TEST(SongForm, FitsEveryLengthFromTenSecondsToTenMinutesAndReportsWhatIsLeftOut) {
    const auto& style = *library().find("pop");
    const auto form = parse_form(style.forms.front());
    ASSERT_TRUE(form);
    const auto text = song();
    for (int bars : {5, 8, 12, 20, 30, 45, 60, 90, 150, 300}) {
        const SongForm f = song_form(text, style, *form, SongTiming{2.0, 4}, bars);
        EXPECT_EQ(total_bars(f), bars) << bars;
        int sung_lines = 0;
        for (size_t i = 0; i < f.items.size(); ++i) sung_lines += f.lines[i];
        // Every line that is not sung is accounted for.
        if (sung_lines < 20) {
            EXPECT_FALSE(f.dropped.empty()) << bars;
        } else {
            for (const auto& d : f.dropped) EXPECT_EQ(d.find("line"), std::string::npos) << d;
        }
        EXPECT_GT(sung_lines, 0) << bars;
        // The song opens on the added intro or on the lyrics' own first section.
        EXPECT_LE(f.lyric.front(), 0) << bars;
    }
}

// Spare bars are shared out: a short song sung a bar a line does not open on a long intro while
// its outro is a single bar (a 40 s country song once waited 15 s for its first word).
TEST(SongForm, SpareBarsAreSharedBetweenTheIntroAndTheOutro) {
    const auto& style = *library().find("pop");
    const auto form = parse_form(style.forms.front());
    ASSERT_TRUE(form);
    const auto text = song();
    for (int bars = 5; bars <= 120; ++bars) {
        const SongForm f = song_form(text, style, *form, SongTiming{2.0, 4}, bars);
        ASSERT_EQ(total_bars(f), bars);
        const int intro = f.lines.front() == 0 ? f.items.front().bars : 0;
        const int outro = f.lines.back() == 0 ? f.items.back().bars : 0;
        // Past its own four bars (at 2 s a bar) the intro grows only once the outro is as long.
        if (intro > 4) {
            EXPECT_GE(outro, intro) << bars << " bars: intro " << intro << ", outro " << outro;
        }
    }
}

TEST(VocalPart, EverySyllableIsSungInOrderOnTheTune) {
    const auto& style = *library().find("pop");
    const auto text = song();
    auto score = compose(brief_for(style, 110), style, {11, &text});
    ASSERT_TRUE(score) << score.error().message;
    ASSERT_FALSE(score->vocal.empty());
    const auto& vocal = vocal_track(*score);
    EXPECT_EQ(vocal.role, "vocal");
    EXPECT_EQ(score->vocal.syllables.size(), syllable_count(text));
    std::set<int> used;
    int64_t previous = -1;
    for (const auto& s : score->vocal.syllables) {
        ASSERT_FALSE(s.notes.empty());
        for (int n : s.notes) {
            EXPECT_TRUE(used.insert(n).second) << "a note carries two syllables";
            const auto& note = vocal.notes.at(static_cast<size_t>(n));
            EXPECT_GT(note.tick, previous);
            previous = note.tick;
            EXPECT_GE(note.key, kVoiceLow);
            EXPECT_LE(note.key, kVoiceHigh);
        }
    }
    EXPECT_EQ(used.size(), vocal.notes.size());
    for (size_t i = 1; i < vocal.notes.size(); ++i)
        EXPECT_LE(vocal.notes[i - 1].tick + vocal.notes[i - 1].duration, vocal.notes[i].tick) << "overlap at " << i;
    EXPECT_TRUE(score->vocal.dropped.empty());
    EXPECT_EQ(score->vocal.lines.size(), 20u);
}

TEST(VocalPart, EveryChorusIsSungToTheSameTune) {
    const auto& style = *library().find("pop");
    const auto text = song();
    auto score = compose(brief_for(style, 90), style, {3, &text});
    ASSERT_TRUE(score) << score.error().message;
    const auto& vocal = vocal_track(*score);
    // Per chorus occurrence: (key, tick from the chorus's first note, notes per syllable).
    std::map<int, std::vector<std::tuple<int, int64_t, size_t>>> tunes;
    std::map<int, int64_t> first;
    for (const auto& s : score->vocal.syllables) {
        if (text.sections[static_cast<size_t>(s.section)].role != "chorus") continue;
        const auto& n = vocal.notes[static_cast<size_t>(s.notes.front())];
        if (!first.count(s.section)) first[s.section] = n.tick;
        tunes[s.section].push_back({n.key, n.tick - first[s.section], s.notes.size()});
    }
    ASSERT_EQ(tunes.size(), 3u);
    EXPECT_EQ(tunes[1], tunes[3]);
    EXPECT_EQ(tunes[1], tunes[5]);
}

TEST(VocalPart, StressedSyllablesLandOnStrongBeatsMoreOftenThanUnstressed) {
    const auto& style = *library().find("pop");
    const auto text = song();
    auto score = compose(brief_for(style, 90), style, {5, &text});
    ASSERT_TRUE(score) << score.error().message;
    const auto& vocal = vocal_track(*score);
    const int64_t beat = model::kPpq;  // pop is in 4/4
    int stressed = 0, stressed_strong = 0, unstressed = 0, unstressed_strong = 0;
    for (const auto& s : score->vocal.syllables) {
        const auto& syl = text.sections[static_cast<size_t>(s.section)].lines[static_cast<size_t>(s.line)]
                              .words[static_cast<size_t>(s.word)].syllables[static_cast<size_t>(s.syllable)];
        const bool strong = vocal.notes[static_cast<size_t>(s.notes.front())].tick % beat == 0;
        (syl.stressed ? stressed : unstressed)++;
        (syl.stressed ? stressed_strong : unstressed_strong) += strong;
    }
    ASSERT_GT(stressed, 0);
    ASSERT_GT(unstressed, 0);
    EXPECT_GT(double(stressed_strong) / stressed, double(unstressed_strong) / unstressed);
}

TEST(VocalPart, MoreSyllablesThanTuneSplitsNotesAndFewerHoldsVowels) {
    const auto& style = *library().find("pop");
    model::SungText dense, sparse;
    dense.sections = {section("Verse", "verse", 2, 15)};
    sparse.sections = {section("Verse", "verse", 2, 2)};
    auto a = compose(brief_for(style, 30), style, {9, &dense});
    auto b = compose(brief_for(style, 30), style, {9, &sparse});
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->vocal.syllables.size(), syllable_count(dense));
    EXPECT_EQ(b->vocal.syllables.size(), syllable_count(sparse));
    size_t melisma = 0;
    for (const auto& s : b->vocal.syllables) melisma += s.notes.size() > 1;
    EXPECT_GT(melisma, 0u) << "a sparse line holds some vowels over several notes";
}

TEST(VocalPart, TheLeadRestsWhileTheVoiceSingsAndTheWordsSetTheLength) {
    const auto& style = *library().find("pop");
    const auto text = song();
    auto score = compose(brief_for(style, 60, false), style, {2, &text});
    ASSERT_TRUE(score) << score.error().message;
    EXPECT_GT(score->duration_s, 60.0) << "20 lines at pop's tempo need more than the default minute";
    EXPECT_TRUE(score->vocal.dropped.empty());
    for (const auto& t : score->tracks) {
        if (t.role != "lead") continue;
        for (const auto& l : score->vocal.lines)
            for (const auto& n : t.notes) EXPECT_FALSE(n.tick >= l.start_tick && n.tick < l.end_tick) << t.name;
    }
}

TEST(VocalPart, ChordsAndPadsMakeRoomUnderTheVoice) {
    const auto& style = *library().find("pop");
    const auto text = song();
    auto sung = compose(brief_for(style, 110), style, {6, &text});
    ASSERT_TRUE(sung) << sung.error().message;
    size_t under = 0;
    for (const auto& t : sung->tracks) {
        if (t.role != "chords" && t.role != "pad" && t.role != "arp") continue;
        for (const auto& l : sung->vocal.lines)
            for (const auto& n : t.notes) {
                if (n.tick < l.start_tick || n.tick >= l.end_tick) continue;
                ++under;
                // Above the voice's middle only where an octave lower would sink below the register floor.
                EXPECT_TRUE(n.key <= kVoiceMiddle - 3 || n.key - 12 < 40) << t.name << " key " << n.key;
            }
    }
    EXPECT_GT(under, 0u);
}

TEST(VocalPart, WithoutLyricsThereIsNoVocalAndTheScoreIsUnchanged) {
    const auto& style = *library().find("pop");
    model::Brief b = brief_for(style, 40);
    auto plain = compose(b, style, {4});
    model::SungText empty;
    auto with_empty = compose(b, style, {4, &empty});
    ASSERT_TRUE(plain && with_empty);
    EXPECT_TRUE(plain->vocal.empty());
    EXPECT_EQ(*plain, *with_empty);
}

class EveryStyleSings : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryStyleSings, AllTheLinesFitAndAreSungInTheVoicesRange) {
    const auto& style = *library().find(GetParam());
    const auto text = song();
    auto score = compose(brief_for(style, 60, false), style, {1, &text});
    ASSERT_TRUE(score) << score.error().message;
    EXPECT_EQ(score->vocal.syllables.size(), syllable_count(text));
    EXPECT_TRUE(score->vocal.dropped.empty());
    for (const auto& n : vocal_track(*score).notes) {
        EXPECT_GE(n.key, kVoiceLow);
        EXPECT_LE(n.key, kVoiceHigh);
        EXPECT_GE(score->seconds_at(n.duration), 0.05) << "a note too short to sing";
    }
    EXPECT_LT(score->seconds_at(score->vocal.lines.back().end_tick), score->duration_s - 0.5);
}

INSTANTIATE_TEST_SUITE_P(Library, EveryStyleSings, ::testing::ValuesIn(testing::style_ids()));

}  // namespace
}  // namespace omg::compose
