#include "compose/vocal.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

namespace omg::compose {
namespace {

struct Syl {
    int section = 0, line = 0, word = 0, syllable = 0;
    bool stressed = false;
};

// 3 on the downbeat, 2 on a felt beat, 1 on a half (or third) of a beat, 0 elsewhere.
int strength(const Plan& plan, int64_t tick) {
    const int64_t pos = tick % plan.ticks_per_bar;
    if (pos == 0) return 3;
    if (pos % plan.ticks_per_beat == 0) return 2;
    const int64_t sub = plan.ts.compound() ? plan.ticks_per_beat / 3 : plan.ticks_per_beat / 2;
    if (sub > 0 && pos % sub == 0) return 1;
    return 0;
}

// For each note, the syllable sung on it (-1: left out). Every syllable gets at least one note, in
// order; consecutive notes of one syllable are a melisma. Requires notes.size() >= syls.size().
std::vector<int> align(const Plan& plan, const std::vector<Syl>& syls, const std::vector<model::Note>& notes) {
    const size_t n = syls.size(), m = notes.size();
    constexpr double kInf = std::numeric_limits<double>::infinity();
    constexpr size_t kMaxGroup = 4;
    std::vector<double> cost((n + 1) * (m + 1), kInf);
    std::vector<int> from((n + 1) * (m + 1), -1);  // previous j; negative = skip
    auto at = [&](size_t i, size_t j) -> double& { return cost[i * (m + 1) + j]; };
    auto back = [&](size_t i, size_t j) -> int& { return from[i * (m + 1) + j]; };
    at(0, 0) = 0;
    for (size_t i = 0; i <= n; ++i) {
        for (size_t j = 0; j <= m; ++j) {
            const double c = at(i, j);
            if (c == kInf) continue;
            if (j < m) {  // leave note j out (a rest)
                const double skip = (i == 0 ? 0.6 : 1.1) + 0.2 * strength(plan, notes[j].tick);
                if (c + skip < at(i, j + 1)) {
                    at(i, j + 1) = c + skip;
                    back(i, j + 1) = -static_cast<int>(j) - 1;
                }
            }
            if (i == n) continue;
            const int s = strength(plan, notes[j < m ? j : m - 1].tick);
            if (j == m) continue;
            const double stress = syls[i].stressed ? (3 - s) * 0.8 : (s == 3 ? 0.8 : s == 2 ? 0.3 : 0.0);
            const bool last = i + 1 == n;
            for (size_t k = j + 1; k <= std::min(m, j + kMaxGroup); ++k) {
                const double melisma = static_cast<double>(k - j - 1) * (last ? 0.25 : (syls[i].stressed ? 0.7 : 1.0));
                const double total = c + stress + melisma;
                if (total < at(i + 1, k)) {
                    at(i + 1, k) = total;
                    back(i + 1, k) = static_cast<int>(j);
                }
            }
        }
    }
    std::vector<int> owner(m, -1);
    size_t i = n, j = m;
    while (i > 0 || j > 0) {
        const int b = back(i, j);
        if (b < 0) {
            j = static_cast<size_t>(-b - 1);
            continue;
        }
        for (size_t k = static_cast<size_t>(b); k < j; ++k) owner[k] = static_cast<int>(i - 1);
        j = static_cast<size_t>(b);
        --i;
    }
    return owner;
}

// Splits the longest notes (never below `min_len`) until there are `count`.
void split_notes(std::vector<model::Note>& notes, size_t count, int64_t min_len) {
    while (notes.size() < count) {
        auto longest = std::max_element(notes.begin(), notes.end(), [](const auto& a, const auto& b) {
            return a.duration < b.duration;
        });
        if (longest == notes.end() || longest->duration < 2 * min_len) return;
        int64_t half = longest->duration / 2 / min_len * min_len;
        half = std::max(half, min_len);
        model::Note second = *longest;
        second.tick = longest->tick + half;
        second.duration = longest->duration - half;
        longest->duration = half;
        notes.insert(longest + 1, second);
    }
}

int nearest_chord_tone(const Plan& plan, int64_t tick, int around) {
    const auto tones = plan.chord_at(tick).chord.pitch_classes();
    if (tones.empty()) return around;
    int best = around, dist = 99;
    for (int k = around - 6; k <= around + 6; ++k)
        for (int pc : tones)
            if (((k % 12) + 12) % 12 == pc && std::abs(k - around) < dist) {
                dist = std::abs(k - around);
                best = k;
            }
    return best;
}

// The line re-set evenly over [start, end) on the tune's pitches (or on chord tones).
std::vector<model::Note> even_setting(const Plan& plan, const std::vector<model::Note>& tune, size_t count,
                                      int64_t start, int64_t end, int64_t grid) {
    std::vector<model::Note> out;
    int64_t step = (end - start) / static_cast<int64_t>(std::max<size_t>(count, 1));
    if (step >= grid) step = step / grid * grid;
    step = std::max<int64_t>(step, 1);
    int previous = tune.empty() ? kVoiceMiddle : tune.front().key;
    for (size_t i = 0; i < count; ++i) {
        const int64_t t = start + static_cast<int64_t>(i) * step;
        int key = previous;
        const model::Note* sounding = nullptr;
        for (const auto& n : tune)
            if (n.tick <= t) sounding = &n;
        if (sounding) key = sounding->key;
        else key = nearest_chord_tone(plan, t, previous + ((i % 4 < 2) ? 2 : -2));
        const int64_t d = i + 1 == count ? std::max<int64_t>(end - t, step) : step;
        out.push_back({t, d, key, tune.empty() ? 80 : tune.front().velocity});
        previous = key;
    }
    return out;
}

// How badly a setting puts its syllables against the metre: a stressed syllable off the beat, an
// unstressed one on the downbeat.
double stress_cost(const Plan& plan, const std::vector<Syl>& syls, const std::vector<model::Note>& notes,
                   const std::vector<int>& owner) {
    double cost = 0;
    int current = -1;
    for (size_t i = 0; i < notes.size(); ++i) {
        if (owner[i] < 0 || owner[i] == current) continue;
        current = owner[i];
        const int s = strength(plan, notes[i].tick);
        cost += syls[static_cast<size_t>(current)].stressed ? (s >= 2 ? 0 : 1) : (s == 3 ? 1 : 0);
    }
    return cost;
}

// The words' own rhythm: syllables on a grid in [start, end), stressed ones on beats, unstressed
// ones between, each held until the next; the pitches are the tune's at each moment, and where the
// tune moves during a held syllable the vowel follows it (melisma).
void prosodic_setting(const Plan& plan, const std::vector<Syl>& syls, const std::vector<model::Note>& tune,
                      int64_t start, int64_t end, int64_t grid, int64_t quick,
                      std::vector<model::Note>& notes, std::vector<int>& owner) {
    const size_t n = syls.size();
    const auto slots = static_cast<size_t>(std::max<int64_t>(1, (end - start) / grid));
    constexpr double kInf = std::numeric_limits<double>::infinity();
    constexpr size_t kLongest = 6;
    auto onset_cost = [&](size_t i, size_t p) {
        const int s = strength(plan, start + static_cast<int64_t>(p) * static_cast<int64_t>(grid));
        return syls[i].stressed ? (3 - s) * 1.0 : (s == 3 ? 1.0 : s == 2 ? 0.4 : 0.0);
    };
    // cost[i][p]: syllables 0..i placed, syllable i starting at slot p.
    std::vector<double> cost(n * slots, kInf);
    std::vector<size_t> from(n * slots, 0);
    for (size_t p = 0; p < std::min(slots, kLongest); ++p) cost[p] = onset_cost(0, p) + 0.15 * static_cast<double>(p);
    for (size_t i = 1; i < n; ++i)
        for (size_t p = i; p < slots; ++p)
            for (size_t q = (p > kLongest ? p - kLongest : 0); q < p; ++q) {
                const double c = cost[(i - 1) * slots + q];
                if (c == kInf) continue;
                const bool same_word = syls[i].word == syls[i - 1].word;
                const double spread = static_cast<double>(p - q - 1) * (same_word ? 0.5 : 0.15);
                const double total = c + onset_cost(i, p) + spread;
                if (total < cost[i * slots + p]) {
                    cost[i * slots + p] = total;
                    from[i * slots + p] = q;
                }
            }
    size_t best = slots - 1;
    double best_cost = kInf;
    for (size_t p = n - 1; p < slots; ++p) {
        // The last syllable is held: at least two slots.
        const double c = cost[(n - 1) * slots + p] + (slots - p < 2 ? 1.5 : 0.0);
        if (c < best_cost) {
            best_cost = c;
            best = p;
        }
    }
    std::vector<size_t> at(n);
    at[n - 1] = best;
    for (size_t i = n - 1; i > 0; --i) at[i - 1] = from[i * slots + at[i]];
    auto pitch_at = [&](int64_t t) {
        const model::Note* sounding = tune.empty() ? nullptr : &tune.front();
        for (const auto& note : tune)
            if (note.tick <= t) sounding = &note;
        return sounding ? sounding->key : nearest_chord_tone(plan, t, kVoiceMiddle);
    };
    const int velocity = tune.empty() ? 80 : tune.front().velocity;
    notes.clear();
    owner.clear();
    for (size_t i = 0; i < n; ++i) {
        const int64_t a = start + static_cast<int64_t>(at[i]) * grid;
        const int64_t b = i + 1 < n ? start + static_cast<int64_t>(at[i + 1]) * grid : end;
        notes.push_back({a, b - a, pitch_at(a), velocity});
        owner.push_back(static_cast<int>(i));
        for (const auto& t : tune) {  // the tune moving under a held vowel
            if (t.tick <= a + quick || t.tick + quick > b || t.key == notes.back().key) continue;
            notes.back().duration = t.tick - notes.back().tick;
            notes.push_back({t.tick, b - t.tick, t.key, velocity});
            owner.push_back(static_cast<int>(i));
        }
    }
}

}  // namespace

Status write_vocal_part(const Plan& plan, const model::SungText& text, const model::Track& lead,
                        model::Track& vocal, model::VocalPart& part) {
    part.text = text;
    const double spt = 60.0 / (plan.qpm * model::kPpq);
    const int64_t sixteenth = plan.ts.compound() ? plan.ticks_per_beat / 6 : plan.ticks_per_beat / 4;
    const int64_t min_len = std::max<int64_t>(sixteenth, static_cast<int64_t>(0.11 / spt));
    const int64_t breath = std::max<int64_t>(sixteenth, static_cast<int64_t>(0.16 / spt));

    struct LineSetting {
        std::vector<model::Note> notes;
        std::vector<int> owner;  // syllable (index into syls) per note
        std::vector<Syl> syls;
        int section = 0, line = 0;
        int64_t span_start = 0, span_end = 0;
    };
    std::vector<LineSetting> settings;
    std::map<std::string, size_t> sung_before;
    const int64_t quick = std::max<int64_t>(min_len * 3 / 4, static_cast<int64_t>(0.08 / spt));
    for (const auto& section : plan.sections) {
        if (section.lyric < 0 || section.lyric_lines <= 0) continue;
        const auto& ls = text.sections[static_cast<size_t>(section.lyric)];
        for (int l = 0; l < section.lyric_lines && l < static_cast<int>(ls.lines.size()); ++l) {
            const auto& line = ls.lines[static_cast<size_t>(l)];
            LineSetting set;
            set.section = section.lyric;
            set.line = l;
            for (size_t w = 0; w < line.words.size(); ++w)
                for (size_t s = 0; s < line.words[w].syllables.size(); ++s)
                    set.syls.push_back({section.lyric, l, static_cast<int>(w), static_cast<int>(s),
                                        line.words[w].syllables[s].stressed});
            if (set.syls.empty()) {
                part.dropped.push_back(ls.tag + ", line " + std::to_string(l + 1) + " (\"" + line.text +
                                       "\"): no word the voice can say");
                continue;
            }
            const int64_t start = plan.bar_tick(section.start_bar + l * section.bars_per_line);
            const int64_t end = plan.bar_tick(section.start_bar + (l + 1) * section.bars_per_line);
            set.span_end = end - breath;
            // A section kind's line is sung to the same notes every time it returns with the same
            // syllables (the tune's realisation may lean on what came before it).
            const std::string reuse_key = section.kind + "|" + std::to_string(l) + "|" + line.text + "|" +
                                          std::to_string(set.syls.size());
            if (auto it = sung_before.find(reuse_key); it != sung_before.end()) {
                const LineSetting& earlier = settings[it->second];
                set.owner = earlier.owner;
                const int64_t shift = start - earlier.span_start;
                for (auto n : earlier.notes) {
                    n.tick += shift;
                    set.notes.push_back(n);
                }
                set.span_start = start;
                set.span_end = earlier.span_end + shift;
                settings.push_back(std::move(set));
                continue;
            }
            set.span_start = start;
            std::vector<model::Note> tune;
            for (const auto& n : lead.notes) {
                if (n.tick < start || n.tick + min_len > set.span_end) continue;
                model::Note note = n;
                note.duration = std::min(note.duration, set.span_end - note.tick);
                if (!tune.empty() && tune.back().tick == note.tick) continue;  // one pitch at a time
                if (!tune.empty()) tune.back().duration = std::min(tune.back().duration, note.tick - tune.back().tick);
                // An ornament too quick to sing a syllable on is merged into the note before it.
                if (!tune.empty() && tune.back().duration < quick) {
                    tune.back().key = note.key;
                    tune.back().duration = note.tick + note.duration - tune.back().tick;
                    continue;
                }
                tune.push_back(note);
            }
            if (!tune.empty() && tune.back().duration < quick) tune.pop_back();
            std::vector<model::Note> notes = tune;
            if (notes.size() < set.syls.size()) split_notes(notes, set.syls.size(), min_len);
            if (notes.size() < set.syls.size())
                notes = even_setting(plan, tune, set.syls.size(), start, set.span_end, sixteenth);
            set.owner = align(plan, set.syls, notes);
            set.notes = std::move(notes);
            // Where the tune's rhythm fights the words' stresses, the words' rhythm wins.
            const double tune_cost = stress_cost(plan, set.syls, set.notes, set.owner);
            if (tune_cost > 0.2 * static_cast<double>(set.syls.size())) {
                std::vector<model::Note> sung;
                std::vector<int> owner;
                const int64_t eighth = plan.ts.compound() ? plan.ticks_per_beat / 3 : plan.ticks_per_beat / 2;
                const int64_t usable = set.span_end - start;
                const int64_t grid = (static_cast<int64_t>(set.syls.size()) + 1) * eighth > usable ? sixteenth : eighth;
                prosodic_setting(plan, set.syls, tune, start, set.span_end, std::max<int64_t>(grid, 1), quick, sung, owner);
                if (stress_cost(plan, set.syls, sung, owner) < tune_cost) {
                    set.notes = std::move(sung);
                    set.owner = std::move(owner);
                }
            }
            sung_before[reuse_key] = settings.size();
            settings.push_back(std::move(set));
        }
    }
    if (settings.empty()) return {};

    // Into the voice's range by octaves, outliers folded.
    std::vector<int> keys;
    for (const auto& s : settings)
        for (size_t i = 0; i < s.notes.size(); ++i)
            if (s.owner[i] >= 0) keys.push_back(s.notes[i].key);
    std::nth_element(keys.begin(), keys.begin() + static_cast<long>(keys.size() / 2), keys.end());
    const int median = keys[keys.size() / 2];
    const int shift = 12 * static_cast<int>(std::lround((kVoiceMiddle - median) / 12.0));

    vocal.notes.clear();
    for (const auto& s : settings) {
        int current = -1;
        model::SungSyllable* syllable = nullptr;
        const size_t first_note = vocal.notes.size();
        for (size_t i = 0; i < s.notes.size(); ++i) {
            if (s.owner[i] < 0) continue;
            model::Note note = s.notes[i];
            note.key += shift;
            while (note.key < kVoiceLow) note.key += 12;
            while (note.key > kVoiceHigh) note.key -= 12;
            note.velocity = std::clamp(note.velocity, 40, 120);
            if (!vocal.notes.empty()) {
                auto& prev = vocal.notes.back();
                // Legato within a syllable's melisma; never overlapping.
                if (s.owner[i] == current) prev.duration = note.tick - prev.tick;
                else prev.duration = std::min(prev.duration, note.tick - prev.tick);
                prev.duration = std::max<int64_t>(prev.duration, 1);
            }
            if (s.owner[i] != current) {
                current = s.owner[i];
                const Syl& sy = s.syls[static_cast<size_t>(current)];
                part.syllables.push_back({sy.section, sy.line, sy.word, sy.syllable, {}, current == 0});
                syllable = &part.syllables.back();
            }
            syllable->notes.push_back(static_cast<int>(vocal.notes.size()));
            vocal.notes.push_back(note);
        }
        if (vocal.notes.size() == first_note) continue;
        auto& last = vocal.notes.back();
        last.duration = std::max<int64_t>(1, std::min(last.duration, s.span_end - last.tick));
        part.lines.push_back({s.section, s.line, vocal.notes[first_note].tick, last.tick + last.duration,
                              text.sections[static_cast<size_t>(s.section)].lines[static_cast<size_t>(s.line)].text});
    }
    return {};
}

void make_room_for_voice(const model::VocalPart& part, std::vector<model::Track>& tracks,
                         const std::vector<bool>& doubles_lead) {
    // The spans the voice sings: a section's lines joined, so the lead does not answer in the breaths.
    std::vector<std::pair<int64_t, int64_t>> spans;
    for (size_t i = 0; i < part.lines.size(); ++i) {
        const auto& l = part.lines[i];
        if (!spans.empty() && i > 0 && part.lines[i - 1].section == l.section && l.start_tick >= spans.back().first)
            spans.back().second = std::max(spans.back().second, l.end_tick);
        else
            spans.push_back({l.start_tick, l.end_tick});
    }
    auto inside = [&](const model::Note& n) {
        for (auto [a, b] : spans)
            if (n.tick < b && n.tick + n.duration > a) return true;
        return false;
    };
    auto starts_inside = [&](const model::Note& n) {
        for (auto [a, b] : spans)
            if (n.tick >= a && n.tick < b) return true;
        return false;
    };
    for (size_t i = 0; i < tracks.size(); ++i) {
        auto& t = tracks[i];
        if (t.drums) continue;
        const bool doubling = i < doubles_lead.size() && doubles_lead[i];
        if (t.role == "lead" || doubling) {
            std::erase_if(t.notes, starts_inside);
            for (auto& n : t.notes)  // a note rung into a sung span stops where the voice starts
                for (auto [a, b] : spans)
                    if (n.tick < a && n.tick + n.duration > a) n.duration = std::max<int64_t>(1, a - n.tick);
            continue;
        }
        const bool under = t.role == "chords" || t.role == "pad" || t.role == "arp";
        if (!under && t.role != "counter" && t.role != "colour") continue;
        for (auto& n : t.notes) {
            if (!inside(n)) continue;
            if (under && n.key > kVoiceMiddle - 3 && n.key - 12 >= 40) n.key -= 12;
            n.velocity = std::max(1, n.velocity * 85 / 100);
        }
    }
}

}  // namespace omg::compose
