#include "prompt/phrases.h"

#include <algorithm>

#include "prompt/instruments.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "violins" -> violin, "brasses" -> brass, "shanties" -> shanty.
bool is_plural_of(std::string_view token, std::string_view word) {
    if (word.empty() || token.size() <= word.size()) return false;
    if (token.substr(0, word.size()) == word) {
        const std::string_view rest = token.substr(word.size());
        return rest == "s" || rest == "es";
    }
    return ends_with(word, "y") && ends_with(token, "ies") &&
           token.size() == word.size() + 2 &&
           token.substr(0, word.size() - 1) == word.substr(0, word.size() - 1);
}

// Singular spellings a one-word token might stand for.
std::vector<std::string> singular_candidates(std::string_view token) {
    std::vector<std::string> out;
    if (token.size() > 2 && ends_with(token, "s")) out.emplace_back(token.substr(0, token.size() - 1));
    if (token.size() > 3 && ends_with(token, "es")) out.emplace_back(token.substr(0, token.size() - 2));
    if (token.size() > 4 && ends_with(token, "ies"))
        out.push_back(std::string(token.substr(0, token.size() - 3)) + "y");
    return out;
}

// A phrase as its token texts joined by single spaces: "Chill-Out" -> "chill out".
std::string phrase_key(std::string_view phrase) {
    std::string out;
    for (const auto& t : tokenize(phrase)) {
        if (!out.empty()) out += ' ';
        out += t.text;
    }
    return out;
}

}  // namespace

Lexicon::Lexicon(const model::StyleLibrary& styles) {
    const auto& table = instrument_table();
    for (size_t i = 0; i < table.size(); ++i)
        for (auto phrase : table[i].phrases) add(phrase, Sense::instrument, i);
    for (const auto& mood : mood_words()) {
        for (auto phrase : mood.phrases) {
            add(phrase, Sense::mood, 0, mood.mood);
            mood_of_phrase_.emplace(phrase_key(phrase), std::string(mood.mood));
        }
    }
    const auto& energy = energy_words();
    for (size_t i = 0; i < energy.size(); ++i) add(energy[i].phrase, Sense::energy, i);
    const auto& tempo = tempo_words();
    for (size_t i = 0; i < tempo.size(); ++i) add(tempo[i].phrase, Sense::tempo, i);
    const auto& metres = metre_words();
    for (size_t i = 0; i < metres.size(); ++i) add(metres[i].phrase, Sense::metre, i);
    const auto& negations = negation_words();
    for (size_t i = 0; i < negations.size(); ++i) add(negations[i], Sense::negation, i);
    const auto& exclusions = exclusion_words();
    for (size_t i = 0; i < exclusions.size(); ++i) add(exclusions[i].phrase, Sense::exclusion, i);
    const auto& intensifier = intensifiers();
    for (size_t i = 0; i < intensifier.size(); ++i)
        add(intensifier[i].phrase, Sense::intensifier, i);

    for (size_t i = 0; i < styles.styles.size(); ++i) {
        const model::Style& style = styles.styles[i];
        // The id and the display name always select the style, whatever the aliases say.
        std::string id_words = style.id;
        std::replace(id_words.begin(), id_words.end(), '_', ' ');
        add(id_words, Sense::style, i);
        add(style.name, Sense::style, i);
        for (const auto& alias : style.aliases) add(alias, Sense::style, i);
        // A style's mood words are moods too, so "zen" counts even if the vocabulary lacks it.
        for (const auto& mood : style.moods) {
            const std::string key = phrase_key(mood);
            if (!key.empty() && mood_of_phrase_.count(key) == 0) add(mood, Sense::mood, 0, key);
        }
    }
}

void Lexicon::add(std::string_view phrase, Sense sense, size_t index, std::string_view mood) {
    Entry entry;
    for (auto& t : tokenize(phrase)) entry.words.push_back(std::move(t.text));
    if (entry.words.empty()) return;
    for (size_t i : by_first_word_[entry.words.front()]) {
        const Entry& e = entries_[i];
        if (e.words == entry.words && e.sense == sense && e.index == index && e.mood == mood)
            return;
    }
    entry.sense = sense;
    entry.index = index;
    entry.mood = std::string(mood);
    by_first_word_[entry.words.front()].push_back(entries_.size());
    entries_.push_back(std::move(entry));
}

std::vector<const Lexicon::Entry*> Lexicon::longest_at(const std::vector<Token>& tokens,
                                                       const std::vector<bool>& used,
                                                       size_t at, size_t* length) const {
    *length = 0;
    std::vector<const Entry*> best;
    bool best_exact = false;
    if (at >= tokens.size() || used[at] || tokens[at].kind == Token::Kind::punct) return best;

    auto consider = [&](const Entry& e) {
        const size_t n = e.words.size();
        if (at + n > tokens.size()) return;
        bool exact = true;
        for (size_t k = 0; k < n; ++k) {
            const Token& t = tokens[at + k];
            if (used[at + k]) return;
            if (t.text == e.words[k]) continue;
            if (k + 1 == n && is_plural_of(t.text, e.words[k])) {
                exact = false;
                continue;
            }
            return;
        }
        if (n > *length || (n == *length && exact && !best_exact)) {
            *length = n;
            best_exact = exact;
            best.assign(1, &e);
        } else if (n == *length && exact == best_exact) {
            best.push_back(&e);
        }
    };

    const std::string& first = tokens[at].text;
    if (auto it = by_first_word_.find(first); it != by_first_word_.end())
        for (size_t i : it->second) consider(entries_[i]);
    for (const auto& singular : singular_candidates(first)) {
        if (auto it = by_first_word_.find(singular); it != by_first_word_.end())
            for (size_t i : it->second)
                if (entries_[i].words.size() == 1) consider(entries_[i]);
    }
    return best;
}

bool Lexicon::starts(const std::vector<Token>& tokens, const std::vector<bool>& used, size_t at,
                     Sense sense) const {
    size_t length = 0;
    for (const Entry* e : longest_at(tokens, used, at, &length))
        if (e->sense == sense) return true;
    return false;
}

std::vector<const Lexicon::Entry*> Lexicon::single_word(std::string_view word) const {
    std::vector<Token> one(1);
    one[0].text = std::string(word);
    const std::vector<bool> unused(1, false);
    size_t length = 0;
    return longest_at(one, unused, 0, &length);
}

std::string Lexicon::canonical_mood(std::string_view word) const {
    const std::string key = phrase_key(word);
    if (auto it = mood_of_phrase_.find(key); it != mood_of_phrase_.end()) return it->second;
    return key;
}

std::vector<Mention> scan_phrases(const std::vector<Token>& tokens, std::vector<bool>& used,
                                  const Lexicon& lexicon) {
    std::vector<Mention> mentions;
    // A negation covers the first thing named after it (within three words: "not a fan of
    // guitar"), then more instruments joined by connectors ("no drums or bass"); any other
    // word or a clause break ends it ("no drums, bass" wants a bass).
    struct {
        bool active = false;
        bool found = false;
        int budget = 0;
    } negation;
    double intensity = 1;
    constexpr int kNegationReach = 3;

    for (size_t i = 0; i < tokens.size();) {
        const Token& token = tokens[i];
        if (used[i]) {
            if (negation.found) negation.active = false;
            ++i;
            continue;
        }
        if (token.kind == Token::Kind::punct) {
            if (is_clause_break(token)) negation.active = false;
            intensity = 1;
            ++i;
            continue;
        }
        size_t length = 0;
        const auto entries = lexicon.longest_at(tokens, used, i, &length);
        if (entries.empty()) {
            // "drumless", "guitarless": an instrument with a privative suffix.
            if (token.text.size() > 5 && ends_with(token.text, "less")) {
                for (const auto* e : lexicon.single_word(
                         std::string_view(token.text).substr(0, token.text.size() - 4))) {
                    if (e->sense != Sense::instrument) continue;
                    Mention m;
                    m.sense = Sense::instrument;
                    m.index = e->index;
                    m.first = i;
                    m.last = i + 1;
                    m.negated = true;
                    mentions.push_back(m);
                    used[i] = true;
                    break;
                }
                if (used[i]) {
                    ++i;
                    continue;
                }
            }
            if (negation.active && !is_connector(token.text)) {
                if (negation.found || --negation.budget < 0) negation.active = false;
            }
            if (!is_function_word(token.text)) intensity = 1;
            ++i;
            continue;
        }

        auto has = [&](Sense s) {
            return std::any_of(entries.begin(), entries.end(),
                               [s](const Lexicon::Entry* e) { return e->sense == s; });
        };
        for (size_t k = i; k < i + length; ++k) used[k] = true;

        if (has(Sense::negation)) {
            negation.active = true;
            negation.found = false;
            negation.budget = kNegationReach;
            i += length;
            continue;
        }
        if (has(Sense::intensifier) && entries.size() == 1) {
            intensity = intensifiers()[entries.front()->index].factor;
            i += length;
            continue;
        }

        bool negated = false;
        if (negation.active) {
            if (has(Sense::instrument)) {
                negated = true;
                negation.found = true;
            } else if (negation.found) {
                negation.active = false;
            } else {
                // "not sad", "no heavy drums": the first thing named is what is negated.
                negated = true;
                negation.found = true;
            }
        }
        size_t last = i + length;
        // "drum-free", "vocal-less"
        if (has(Sense::instrument) && last < tokens.size() && !used[last] &&
            tokens[last].hyphen_before &&
            (tokens[last].text == "free" || tokens[last].text == "less")) {
            negated = true;
            used[last] = true;
            ++last;
        }
        // An alias that also means something else ("piano", "chill", "three four") is a
        // weaker sign of the style than a plain genre word.
        const bool shared =
            has(Sense::style) && std::any_of(entries.begin(), entries.end(), [](auto* e) {
                return e->sense != Sense::style;
            });
        for (const Lexicon::Entry* e : entries) {
            Mention m;
            m.sense = e->sense;
            m.index = e->index;
            m.mood = e->mood;
            m.first = i;
            m.last = last;
            m.negated = negated;
            m.shared = shared && e->sense == Sense::style;
            m.intensity = intensity;
            mentions.push_back(std::move(m));
        }
        // "instrumental hip hop" is a style alias and still means no vocals.
        if (has(Sense::style) && !has(Sense::exclusion)) {
            for (size_t k = i; k < last; ++k) {
                for (const auto* e : lexicon.single_word(tokens[k].text)) {
                    if (e->sense != Sense::exclusion) continue;
                    Mention m;
                    m.sense = Sense::exclusion;
                    m.index = e->index;
                    m.first = k;
                    m.last = k + 1;
                    mentions.push_back(m);
                }
            }
        }
        intensity = 1;
        i = last;
    }
    return mentions;
}

}  // namespace omg::prompt
