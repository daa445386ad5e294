#include "compose/song_form.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "model/vocal.h"

namespace omg::compose {
namespace {

int syllables_of(const model::LyricLine& line) {
    int n = 0;
    for (const auto& w : line.words) n += static_cast<int>(w.syllables.size());
    return n;
}

bool has_kind(const model::Style& style, const std::string& kind) { return style.sections.count(kind) > 0; }

std::string first_present(const model::Style& style, std::initializer_list<const char*> kinds) {
    for (const char* k : kinds)
        if (has_kind(style, k)) return k;
    return "";
}

// The style's section kind for each lyric role.
struct KindMap {
    std::string intro, verse, pre, chorus, bridge, instrumental, outro;
    const std::string& of(const std::string& role) const {
        if (role == "intro") return intro;
        if (role == "pre-chorus") return pre;
        if (role == "chorus") return chorus;
        if (role == "bridge") return bridge;
        if (role == "instrumental") return instrumental;
        if (role == "outro") return outro;
        return verse;
    }
};

KindMap kinds_for(const model::Style& style, const ParsedForm& form) {
    KindMap m;
    m.verse = first_present(style, {"verse", "a", "A", "theme", "groove", "first"});
    if (m.verse.empty()) m.verse = form.body.front().kind;
    m.chorus = first_present(style, {"chorus", "hook", "refrain"});
    if (m.chorus.empty())
        for (const auto& it : form.body)
            if (it.kind != m.verse) m.chorus = it.kind;
    if (m.chorus.empty()) m.chorus = m.verse;
    m.pre = first_present(style, {"pre", "pre_chorus", "prechorus", "build"});
    if (m.pre.empty()) m.pre = m.verse;
    m.bridge = first_present(style, {"bridge", "trio", "b", "B", "dub", "breakdown"});
    if (m.bridge.empty() || m.bridge == m.chorus) m.bridge = m.verse;
    m.instrumental = first_present(style, {"solo", "instrumental", "break", "interlude", "dub", "breakdown"});
    if (m.instrumental.empty()) m.instrumental = m.verse;
    m.intro = !form.prefix.empty() ? form.prefix.front().kind : first_present(style, {"intro"});
    if (m.intro.empty()) m.intro = m.verse;
    m.outro = first_present(style, {"outro", "tag", "coda", "finale"});
    if (m.outro.empty()) m.outro = !form.suffix.empty() ? form.suffix.back().kind : m.chorus;
    return m;
}

struct Entry {
    FormItem item;
    int lyric = -1;
    int lines = 0;  // sung lines (0 = instrumental)
    bool added = false;
};

int sum_bars(const std::vector<Entry>& entries) {
    int n = 0;
    for (const auto& e : entries) n += e.item.bars;
    return n;
}

std::string seconds_text(double s) { return std::to_string(static_cast<int>(std::lround(s))) + " s"; }

}  // namespace

int total_bars(const SongForm& form) {
    int n = 0;
    for (const auto& it : form.items) n += it.bars;
    return n;
}

SongForm song_form(const model::SungText& text, const model::Style& style, const ParsedForm& form,
                   SongTiming timing, int bars) {
    SongForm out;
    const KindMap kinds = kinds_for(style, form);
    const double bar_s = std::max(0.2, timing.bar_s);

    // Bars per line: a line lasts about 3-6 s and holds the longer lines' syllables at about five a
    // second, with a held last note and a breath.
    std::vector<int> counts;
    for (const auto& s : text.sections)
        for (const auto& l : s.lines) counts.push_back(syllables_of(l));
    std::sort(counts.begin(), counts.end());
    const int longest = counts.empty() ? 8 : counts[counts.size() * 9 / 10 == counts.size() ? counts.size() - 1 : counts.size() * 9 / 10];
    auto fits = [&](int bpl) { return bpl * bar_s >= longest * 0.2 + 0.6; };
    // At least 2.5 s a line: a march's 0.7 s bars give four bars (2.9 s), not eight (5.7 s).
    const model::SungLayout layout = model::sung_layout(bar_s);
    int bpl = layout.min_bars_per_line;
    while (bpl < 8 && !fits(bpl)) bpl *= 2;
    out.bars_per_line = bpl;
    const int break_bars = layout.break_bars;
    const int intro_bars = layout.intro_bars;
    const int outro_bars = layout.outro_bars;

    std::vector<Entry> entries;
    const bool starts_sung = !text.sections.empty() && !text.sections.front().lines.empty();
    if (text.sections.empty() || starts_sung)
        entries.push_back({{kinds.intro, intro_bars}, -1, 0, true});
    for (size_t i = 0; i < text.sections.size(); ++i) {
        const auto& s = text.sections[i];
        const int lines = static_cast<int>(s.lines.size());
        const int b = lines > 0 ? lines * bpl : (s.role == "intro" ? intro_bars : s.role == "outro" ? outro_bars : break_bars);
        entries.push_back({{kinds.of(s.role), b}, static_cast<int>(i), lines, false});
    }
    if (text.sections.empty() || !text.sections.back().lines.empty())
        entries.push_back({{kinds.outro, outro_bars}, -1, 0, true});

    auto relayout = [&](int new_bpl) {
        for (auto& e : entries)
            if (e.lines > 0) e.item.bars = e.lines * new_bpl;
        out.bars_per_line = new_bpl;
    };
    if (bars > 0) {
        // Too long: instrumental bars first, then fewer bars a line, then sections from the end.
        auto shrink_instrumental = [&](int floor_bars) {
            for (size_t i = entries.size(); i-- > 0 && sum_bars(entries) > bars;) {
                auto& e = entries[i];
                if (e.lines > 0) continue;
                const int floor = (i + 1 == entries.size()) ? 1 : floor_bars;
                e.item.bars = std::max(floor, e.item.bars - (sum_bars(entries) - bars));
            }
        };
        shrink_instrumental(2);
        for (size_t i = entries.size() - 1; i-- > 1 && sum_bars(entries) > bars;)
            if (entries[i].lines == 0) {
                if (!entries[i].added)
                    out.dropped.push_back("[" + text.sections[static_cast<size_t>(entries[i].lyric)].tag +
                                          "] left out: no room in " + seconds_text(bars * bar_s));
                entries.erase(entries.begin() + static_cast<long>(i));
            }
        while (sum_bars(entries) > bars && out.bars_per_line > 1 &&
               out.bars_per_line / 2 * bar_s >= longest * 0.13 + 0.3)
            relayout(out.bars_per_line / 2);
        shrink_instrumental(1);
        // Sung sections from the end (never the first), each reported.
        while (sum_bars(entries) > bars) {
            size_t victim = entries.size();
            for (size_t i = entries.size(); i-- > 0;)
                if (entries[i].lines > 0) {
                    victim = i;
                    break;
                }
            size_t sung = 0;
            for (const auto& e : entries) sung += e.lines > 0;
            if (victim == entries.size()) break;
            auto& e = entries[victim];
            const auto& ls = text.sections[static_cast<size_t>(e.lyric)];
            if (sung > 1) {
                out.dropped.push_back(ls.tag + " (" + std::to_string(e.lines) + " lines): no room in " +
                                      seconds_text(bars * bar_s));
                entries.erase(entries.begin() + static_cast<long>(victim));
                continue;
            }
            // The only sung section left loses lines from its end.
            const int over = sum_bars(entries) - bars;
            const int cut = std::min(e.lines - 1, (over + out.bars_per_line - 1) / out.bars_per_line);
            if (cut <= 0) break;
            out.dropped.push_back(ls.tag + ": its last " + std::to_string(cut) + " line(s) do not fit in " +
                                  seconds_text(bars * bar_s));
            e.lines -= cut;
            e.item.bars = e.lines * out.bars_per_line;
        }
        // Too short: the intro back to its own length, breaks after choruses, then the outro as
        // long as the intro, then both two bars at a time up to twice the intro's own length
        // (a song may wind down longer than it starts, but not wait half a minute for its
        // first word), the rest in the outro.
        int missing = bars - sum_bars(entries);
        auto grow_to = [&](Entry& e, int limit) {
            const int grow = std::min(missing, limit - e.item.bars);
            if (grow > 0) {
                e.item.bars += grow;
                missing -= grow;
            }
        };
        const bool open_intro = entries.front().lines == 0 && entries.size() > 1;
        if (missing > 0 && open_intro) grow_to(entries.front(), intro_bars);
        int breaks = 0;
        for (size_t i = 1; i + 1 < entries.size() && missing >= break_bars && breaks < 3; ++i) {
            const auto& e = entries[i];
            if (e.lyric < 0 || e.lines == 0 || text.sections[static_cast<size_t>(e.lyric)].role != "chorus") continue;
            if (entries[i + 1].lines == 0) continue;
            entries.insert(entries.begin() + static_cast<long>(i) + 1, Entry{{kinds.instrumental, break_bars}, -1, 0, true});
            missing -= break_bars;
            ++breaks;
            ++i;
        }
        Entry& outro = entries.back();
        if (open_intro && outro.lines == 0) {
            grow_to(outro, std::max(outro.item.bars, entries.front().item.bars));
            for (; missing >= 4 && entries.front().item.bars + 2 <= 2 * intro_bars; missing -= 4) {
                outro.item.bars += 2;
                entries.front().item.bars += 2;
            }
        }
        if (missing > 0) outro.item.bars += missing;
    }
    for (const auto& e : entries) {
        out.items.push_back(e.item);
        out.lyric.push_back(e.lyric);
        out.lines.push_back(e.lines);
    }
    return out;
}

}  // namespace omg::compose
