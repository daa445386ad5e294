#include "prompt/style_match.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>

#include "prompt/instruments.h"

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

StyleChoice choose_style(const model::StyleLibrary& styles, const StyleClues& clues,
                         const Lexicon& lexicon) {
    if (auto named = choose_named(clues)) return *named;

    const auto& table = instrument_table();
    double best_score = 0;
    size_t best = styles.styles.size();
    double best_energy_gap = 0;
    for (size_t i = 0; i < styles.styles.size(); ++i) {
        const model::Style& style = styles.styles[i];
        double score = 0;
        std::set<std::string> style_moods;
        for (const auto& m : style.moods) style_moods.insert(lexicon.canonical_mood(m));
        for (const auto& mood : clues.moods)
            if (style_moods.count(mood)) score += 2;
        for (size_t inst : clues.instruments) {
            const auto& hints = table[inst].style_hints;
            for (size_t k = 0; k < hints.size(); ++k)
                if (hints[k] == style.id) score += k == 0 ? 1.5 : 1.0;
        }
        for (int year : clues.decades)
            for (const auto& hint : kDecadeHints)
                if (hint.year == year && hint.style == style.id) score += 1;
        if (clues.metre && *clues.metre != model::TimeSignature{} && !style.meters.empty())
            if (style.meters.front() == *clues.metre) score += 1;
        const double energy_gap =
            clues.energy_shift == 0 ? 0 : std::abs(style.energy - (0.5 + clues.energy_shift));
        const bool better =
            score > best_score ||
            (score == best_score && score > 0 &&
             (energy_gap < best_energy_gap ||
              (energy_gap == best_energy_gap && style.id == kDefaultStyle)));
        if (better) {
            best_score = score;
            best = i;
            best_energy_gap = energy_gap;
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
    const model::Style& style = styles.styles[best];
    std::vector<std::string> moods;
    std::set<std::string> style_moods;
    for (const auto& m : style.moods) style_moods.insert(lexicon.canonical_mood(m));
    for (const auto& mood : clues.moods)
        if (style_moods.count(mood)) moods.push_back(mood);
    std::vector<std::string> instruments;
    for (size_t inst : clues.instruments)
        for (auto hint : table[inst].style_hints)
            if (hint == style.id) instruments.emplace_back(table[inst].name);
    std::vector<std::string> parts;
    if (!moods.empty()) parts.push_back("the moods " + quoted_list(moods));
    if (!instruments.empty()) parts.push_back("the instruments " + quoted_list(instruments));
    for (int year : clues.decades)
        for (const auto& hint : kDecadeHints)
            if (hint.year == year && hint.style == style.id)
                parts.push_back("the " + std::to_string(year) + "s");
    if (clues.metre && !style.meters.empty() && style.meters.front() == *clues.metre)
        parts.push_back("the metre " + clues.metre->text());
    choice.reason = "guessed from ";
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) choice.reason += i + 1 == parts.size() ? " and " : ", ";
        choice.reason += parts[i];
    }
    return choice;
}

}  // namespace omg::prompt
