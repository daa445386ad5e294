// The form of a song with words: the lyrics' sections, in their order, on the style's sections.
//
// Each lyric section becomes one form section: a verse on the style's verse (or its first body
// section), a chorus on its chorus (or hook, or the body's other section), pre-chorus, bridge,
// instrumental, intro and outro on theirs, falling back to the verse. A sung section lasts
// `bars_per_line` bars a line, one value for the whole song, chosen from the tempo and the longest
// lines so that a line takes about 2.5-5 s and its syllables fit. An instrumental intro is added when
// the lyrics start singing, and an outro when they end singing, so the voice never starts on the
// first beat or sings over the final chord.
// With `bars` > 0 the form lasts exactly that many bars: instrumental bars stretch (a longer intro,
// breaks after choruses, a longer outro) or shrink (shorter, then dropped), lines get fewer bars when
// their syllables still fit, and only then are sung sections dropped from the end, each reported in
// `dropped` with its reason. With `bars` = 0 the form has its natural length. Pure, deterministic.
#pragma once

#include <string>
#include <vector>

#include "compose/plan.h"
#include "model/style.h"
#include "model/vocal.h"

namespace omg::compose {

struct SongTiming {
    double bar_s = 2.0;
    int beats_per_bar = 4;  // felt beats
};

struct SongForm {
    std::vector<FormItem> items;
    std::vector<int> lyric;  // per item: index into SungText::sections, or -1 for an added section
    std::vector<int> lines;  // per item: lines sung (a section cut short sings its first ones)
    int bars_per_line = 2;
    std::vector<std::string> dropped;  // "Chorus (4 lines): no room in 30 s"
};

SongForm song_form(const model::SungText& text, const model::Style& style, const ParsedForm& form,
                   SongTiming timing, int bars);

int total_bars(const SongForm& form);

}  // namespace omg::compose
