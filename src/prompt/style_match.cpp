#include "prompt/style_match.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "prompt/instruments.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {
namespace {

struct DecadeHint {
    int year;
    std::string_view style;
};
constexpr DecadeHint kDecadeHints[] = {
    {1920, "swing_jazz"}, {1930, "swing_jazz"}, {1940, "swing_jazz"},
    {1970, "funk"},       {1980, "synth_pop"},
};

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
        out += "\"" + items[i] + "\"";
    }
    return out;
}

// Longer aliases are clearer; an alias that is also an instrument, mood or metre counts less
// than any plain genre word.
int alias_strength(const Mention& m) {
    return m.shared ? 5 : static_cast<int>(m.last - m.first) * 10;
}

std::optional<StyleChoice> choose_named(const StyleClues& clues) {
    if (clues.aliases.empty()) return std::nullopt;
    // Per style: its strongest alias, plus one point per further mention.
    struct Score {
        int value = 0;
        size_t first_token = 0;
        const Mention* best = nullptr;
    };
    std::map<size_t, Score> scores;
    for (const Mention& m : clues.aliases) {
        const int strength = alias_strength(m);
        auto [it, inserted] = scores.try_emplace(m.index);
        Score& s = it->second;
        if (inserted) {
            s.value = strength;
            s.first_token = m.first;
            s.best = &m;
        } else {
            s.value = std::max(s.value, strength) + 1;
            if (strength > alias_strength(*s.best)) s.best = &m;
        }
    }
    const auto winner = std::max_element(scores.begin(), scores.end(), [](auto& a, auto& b) {
        if (a.second.value != b.second.value) return a.second.value < b.second.value;
        return a.second.first_token > b.second.first_token;  // earlier wins
    });
    StyleChoice choice;
    choice.index = winner->first;
    choice.alias = *winner->second.best;
    for (const Mention& m : clues.aliases)
        if (m.index != choice.index) choice.passed_over.push_back(m);
    return choice;
}

}  // namespace

namespace {

struct Guess {
    double score = 0;
    double fit = 0;  // tie-break: how well energy and tempo suit the prompt
    std::vector<std::string> moods, instruments, others;
};

Guess guess(const model::Style& style, const StyleClues& clues, const Lexicon& lexicon) {
    Guess g;
    std::set<std::string> style_moods, families;
    for (const auto& m : style.moods) {
        const std::string mood = lexicon.canonical_mood(m);
        style_moods.insert(mood);
        if (auto f = mood_family(mood); !f.empty()) families.insert(std::string(f));
    }
    for (const auto& mood : clues.moods) {
        if (style_moods.count(mood)) {
            g.score += 2;
            g.moods.push_back(mood);
        } else if (auto f = mood_family(mood); !f.empty() && families.count(std::string(f))) {
            g.score += 1;
            g.moods.push_back(mood);
        }
    }
    const auto& table = instrument_table();
    for (size_t inst : clues.instruments) {
        const auto& hints = table[inst].style_hints;
        for (size_t k = 0; k < hints.size(); ++k) {
            if (hints[k] != style.id) continue;
            // A named instrument is strong evidence: "a calm acoustic guitar piece" is folk
            // played calmly, not ambient pads with a guitar somewhere underneath.
            g.score += k == 0 ? 2.5 : 1.5;
            g.instruments.emplace_back(table[inst].name);
        }
    }
    for (int year : clues.decades) {
        for (const auto& hint : kDecadeHints) {
            if (hint.year != year || hint.style != style.id) continue;
            g.score += 1;
            g.others.push_back("the " + std::to_string(year) + "s");
        }
    }
    if (clues.metre && *clues.metre != model::TimeSignature{} && !style.meters.empty() &&
        style.meters.front() == *clues.metre) {
        g.score += 1;
        g.others.push_back("the metre " + clues.metre->text());
    }
    if (clues.energy_shift != 0) g.fit -= std::abs(style.energy - (0.5 + clues.energy_shift));
    if (clues.bpm && *clues.bpm >= style.tempo_min && *clues.bpm <= style.tempo_max) g.fit += 0.5;
    if (clues.tempo_feel > 0) {
        const bool slow = clues.tempo_feel < 100;
        if (slow ? style.tempo_default <= 100 : style.tempo_default >= 120) g.fit += 0.25;
    }
    return g;
}

}  // namespace

StyleChoice choose_style(const model::StyleLibrary& styles, const StyleClues& clues,
                         const Lexicon& lexicon) {
    // A genre named outright wins; an alias that is only an instrument ("piano") yields to an
    // ensemble or occasion ("a jazz trio with piano" is jazz, not a piano ballad).
    auto named = choose_named(clues);
    if (named && (!named->alias || !named->alias->shared || clues.occasions.empty())) return *named;
    for (const Mention& m : clues.occasions) {
        const model::Style* style = styles.find(occasion_words()[m.index].style);
        if (!style) continue;
        StyleChoice choice;
        choice.index = static_cast<size_t>(style - styles.styles.data());
        choice.alias = m;
        return choice;
    }
    if (named) return *named;

    size_t best = styles.styles.size();
    Guess best_guess;
    for (size_t i = 0; i < styles.styles.size(); ++i) {
        Guess g = guess(styles.styles[i], clues, lexicon);
        if (g.score <= 0) continue;
        const bool better = best == styles.styles.size() || g.score > best_guess.score ||
                            (g.score == best_guess.score &&
                             (g.fit > best_guess.fit ||
                              (g.fit == best_guess.fit && styles.styles[i].id == kDefaultStyle)));
        if (better) {
            best = i;
            best_guess = std::move(g);
        }
    }

    StyleChoice choice;
    if (best == styles.styles.size()) {
        const model::Style* fallback = styles.find(kDefaultStyle);
        choice.index = fallback ? static_cast<size_t>(fallback - styles.styles.data()) : 0;
        choice.reason = "nothing in the prompt names or suggests a style; the default";
        return choice;
    }
    choice.index = best;
    std::vector<std::string> parts;
    if (!best_guess.moods.empty()) parts.push_back("the moods " + quoted_list(best_guess.moods));
    if (!best_guess.instruments.empty())
        parts.push_back("the instruments " + quoted_list(best_guess.instruments));
    for (auto& other : best_guess.others) parts.push_back(other);
    choice.reason = "guessed from ";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) choice.reason += i + 1 == parts.size() ? " and " : ", ";
        choice.reason += parts[i];
    }
    return choice;
}

}  // namespace omg::prompt
