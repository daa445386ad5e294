#include "prompt/phrases.h"

#include <algorithm>
#include <optional>

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
    return ends_with(word, "y") && ends_with(token, "ies") && token.size() == word.size() + 2 &&
           token.substr(0, word.size() - 1) == word.substr(0, word.size() - 1);
}

// Singular spellings a one-word token might stand for.
std::vector<std::string> singular_candidates(std::string_view token) {
    std::vector<std::string> out;
    if (token.size() > 2 && ends_with(token, "s"))
        out.emplace_back(token.substr(0, token.size() - 1));
    if (token.size() > 3 && ends_with(token, "es"))
        out.emplace_back(token.substr(0, token.size() - 2));
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

bool is_role_word_before(std::string_view word) {
    for (const auto& r : role_words())
        if (r.before && r.phrase == word) return true;
    return false;
}

std::optional<size_t> adjective_style(const Lexicon& lexicon, const std::string& word) {
    if (word.size() < 4 || word.back() != 'y') return std::nullopt;
    std::string stem = word.substr(0, word.size() - 1);
    for (int attempt = 0; attempt < 2; ++attempt) {
        for (const auto* e : lexicon.single_word(stem))
            if (e->sense == Sense::style && e->words.front() == stem) return e->index;
        // "poppy" -> "pop": undo a doubled final consonant.
        if (stem.size() < 3 || stem[stem.size() - 1] != stem[stem.size() - 2]) break;
        stem.pop_back();
    }
    return std::nullopt;
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
    const auto& occasions = occasion_words();
    for (size_t i = 0; i < occasions.size(); ++i) add(occasions[i].phrase, Sense::occasion, i);
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
        // "Baroque / classical": each half names the style too.
        for (size_t begin = 0; begin <= style.name.size();) {
            const size_t slash = std::min(style.name.find('/', begin), style.name.size());
            if (slash == style.name.size() && begin == 0) break;
            add(std::string_view(style.name).substr(begin, slash - begin), Sense::style, i);
            begin = slash + 1;
        }
        for (const auto& alias : style.aliases) add(alias, Sense::style, i);
        // A style's mood words are moods too, so "zen" counts even if the vocabulary lacks it.
        // Not when the word already means something else: punk's "fast" is a tempo.
        for (const auto& mood : style.moods) {
            const std::string key = phrase_key(mood);
            if (key.empty() || mood_of_phrase_.count(key) || has_other_sense(key)) continue;
            add(mood, Sense::mood, 0, key);
        }
    }
}

bool Lexicon::has_other_sense(const std::string& key) const {
    const auto words = tokenize(key);
    if (words.empty()) return false;
    const auto it = by_first_word_.find(words.front().text);
    if (it == by_first_word_.end()) return false;
    for (size_t i : it->second) {
        const Entry& e = entries_[i];
        if (e.sense == Sense::style || e.sense == Sense::mood || e.sense == Sense::energy) continue;
        if (e.words.size() != words.size()) continue;
        bool same = true;
        for (size_t k = 0; k < words.size(); ++k) same = same && e.words[k] == words[k].text;
        if (same) return true;
    }
    return false;
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
                                                       const std::vector<bool>& used, size_t at,
                                                       size_t* length) const {
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

namespace {

// One left-to-right pass: at each token the longest phrase, or a word-formation rule
// ("drumless", "jazzy"), or nothing. Carries two pieces of state between tokens: a pending
// intensifier and the reach of a negation.
class PhraseScanner {
public:
    PhraseScanner(const std::vector<Token>& tokens, std::vector<bool>& used, const Lexicon& lexicon)
        : tokens_(tokens), used_(used), lexicon_(lexicon) {}

    std::vector<Mention> run() {
        for (size_t i = 0; i < tokens_.size();) i = step(i);
        return std::move(mentions_);
    }

private:
    // A negation covers the first thing named after it (within kNegationReach words: "not a
    // fan of guitar"), then more instruments joined by connectors ("no drums or bass"); any
    // other word or a clause break ends it ("no drums, bass" wants a bass).
    static constexpr int kNegationReach = 3;
    struct Negation {
        bool active = false;
        bool found = false;  // it has negated something already
        int budget = 0;      // words left before it gives up
    };

    size_t step(size_t i) {
        if (used_[i]) {
            if (negation_.found) negation_.active = false;
            return i + 1;
        }
        if (tokens_[i].kind == Token::Kind::punct) {
            if (is_clause_break(tokens_[i])) negation_.active = false;
            intensity_ = 1;
            return i + 1;
        }
        // "solo piano", "lead synth": the role word is read with the instrument after it
        // (prompt.cpp), not as part of a style alias that swallows the instrument.
        if (is_role_word_before(tokens_[i].text) && i + 1 < tokens_.size() &&
            lexicon_.starts(tokens_, used_, i + 1, Sense::instrument))
            return unknown_word(i);
        size_t length = 0;
        const auto entries = lexicon_.longest_at(tokens_, used_, i, &length);
        return entries.empty() ? unknown_word(i) : phrase(i, length, entries);
    }

    size_t unknown_word(size_t i) {
        const std::string& word = tokens_[i].text;
        // "drumless", "guitarless": an instrument with a privative suffix.
        if (word.size() > 5 && ends_with(word, "less")) {
            for (const auto* e : lexicon_.single_word(word.substr(0, word.size() - 4))) {
                if (e->sense != Sense::instrument) continue;
                add(Sense::instrument, e->index, i, i + 1).negated = true;
                used_[i] = true;
                return i + 1;
            }
        }
        // "jazzy", "bluesy", "poppy": an adjective made from a one-word alias; weak evidence.
        if (auto style = adjective_style(lexicon_, word)) {
            Mention& m = add(Sense::style, *style, i, i + 1);
            m.shared = true;
            m.negated = negate_next(false);
            used_[i] = true;
            return i + 1;
        }
        if (negation_.active && !is_connector(word)) {
            if (negation_.found || --negation_.budget < 0) negation_.active = false;
        }
        if (!is_function_word(word)) intensity_ = 1;
        return i + 1;
    }

    size_t phrase(size_t i, size_t length, const std::vector<const Lexicon::Entry*>& entries) {
        auto has = [&](Sense s) {
            return std::any_of(entries.begin(), entries.end(),
                               [s](const Lexicon::Entry* e) { return e->sense == s; });
        };
        size_t last = i + length;
        for (size_t k = i; k < last; ++k) used_[k] = true;

        if (has(Sense::negation)) {
            negation_ = {true, false, kNegationReach};
            return last;
        }
        if (has(Sense::intensifier) && entries.size() == 1) {
            intensity_ = intensifiers()[entries.front()->index].factor;
            intensity_first_ = i;
            return last;
        }
        bool negated = negate_next(has(Sense::instrument));
        // "drum-free", "vocal-less"
        if (has(Sense::instrument) && last < tokens_.size() && !used_[last] &&
            tokens_[last].hyphen_before &&
            (tokens_[last].text == "free" || tokens_[last].text == "less")) {
            negated = true;
            used_[last++] = true;
        }
        // An alias that also means something else ("piano", "chill", "three four") is a
        // weaker sign of the style than a plain genre word.
        const bool shared = has(Sense::style) && !std::all_of(entries.begin(), entries.end(),
                                                              [](const Lexicon::Entry* e) {
                                                                  return e->sense == Sense::style ||
                                                                         e->sense == Sense::occasion;
                                                              });
        const size_t first = intensity_ != 1 ? intensity_first_ : i;
        for (const Lexicon::Entry* e : entries) {
            Mention& m = add(e->sense, e->index, first, last);
            m.mood = e->mood;
            m.negated = negated;
            m.shared = shared && e->sense == Sense::style;
            m.intensity = intensity_;
        }
        // "instrumental hip hop" is a style alias and still means no vocals.
        if (has(Sense::style) && !has(Sense::exclusion)) {
            for (size_t k = i; k < last; ++k)
                for (const auto* e : lexicon_.single_word(tokens_[k].text))
                    if (e->sense == Sense::exclusion) add(Sense::exclusion, e->index, k, k + 1);
        }
        intensity_ = 1;
        return last;
    }

    // Whether the phrase about to be recorded is negated, advancing the negation's state.
    bool negate_next(bool instrument) {
        if (!negation_.active) return false;
        if (instrument || !negation_.found) {
            // "not sad", "no heavy drums": the first thing named is what is negated.
            negation_.found = true;
            return true;
        }
        negation_.active = false;
        return false;
    }

    Mention& add(Sense sense, size_t index, size_t first, size_t last) {
        Mention m;
        m.sense = sense;
        m.index = index;
        m.first = first;
        m.last = last;
        mentions_.push_back(std::move(m));
        return mentions_.back();
    }

    const std::vector<Token>& tokens_;
    std::vector<bool>& used_;
    const Lexicon& lexicon_;
    std::vector<Mention> mentions_;
    Negation negation_;
    double intensity_ = 1;
    size_t intensity_first_ = 0;  // where the intensifier began: "very fast" is one finding
};

}  // namespace

std::vector<Mention> scan_phrases(const std::vector<Token>& tokens, std::vector<bool>& used,
                                  const Lexicon& lexicon) {
    return PhraseScanner(tokens, used, lexicon).run();
}

}  // namespace omg::prompt
