// Assembler (assembler.h): what the words said beyond the musical fields: eras and negations
// for the Interpretation, whether the piece is sung, and its topic.
#include <algorithm>
#include <set>

#include "prompt/assembler.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {

void Assembler::report_eras_and_negations() {
    for (const auto& d : quantities_.decades) {
        bool claimed = false;
        for (size_t k = d.first; k < d.last; ++k) claimed = claimed || used_[k];
        if (claimed) continue;  // an alias such as "80s" took it
        for (size_t k = d.first; k < d.last; ++k) used_[k] = true;
        understood("era", std::to_string(d.year) + "s", words(d.first, d.last));
    }
    std::set<std::pair<size_t, size_t>> reported;
    for (const auto& m : mentions_)  // excluded instruments are reported as such
        if (m.negated && m.sense == Sense::instrument) reported.insert({m.first, m.last});
    for (const auto& m : mentions_) {
        if (!m.negated) continue;
        if (!reported.insert({m.first, m.last}).second) continue;
        understood("negated", words(m.first, m.last), words(m.first, m.last));
    }
}

namespace {

bool is_possessive(const std::string& w) {
    return w == "my" || w == "our" || w == "your" || w == "his" || w == "her" || w == "their";
}

// Occasions whose songs are sung ("a birthday song", "a wedding song"), not only played.
bool is_sung_occasion(std::string_view phrase) {
    return phrase == "birthday" || phrase == "cumplea\u00f1os" || phrase == "cumpleanos" ||
           phrase == "geburtstag" || phrase == "anniversaire" || phrase == "wedding" || phrase == "boda" ||
           phrase == "hochzeit" || phrase == "mariage";
}

}  // namespace

// The words after "for" that name someone: a possessive and up to three words ("my sister
// Anna"), or a capitalised name ("Anna", "Uncle Joe"). None for "for the summer", or for "for my
// workout" (a word another reading claimed).
size_t Assembler::dedicatee_end(size_t from) const {
    if (from >= tokens_.size() || used_[from] || tokens_[from].kind != Token::Kind::word) return from;
    const std::string& first = tokens_[from].text;
    const char initial = text_[tokens_[from].begin];
    const bool possessive = is_possessive(first);
    const bool name = initial >= 'A' && initial <= 'Z' && !is_function_word(first);
    if (!possessive && !name) return from;
    size_t end = from + 1;
    while (end < tokens_.size() && end - from < 4) {
        const Token& t = tokens_[end];
        if (t.kind != Token::Kind::word || used_[end] || is_function_word(t.text) || t.text == "with")
            break;
        ++end;
    }
    return possessive && end == from + 1 ? from : end;
}

// "a song about juggling fire" asks for words; the topic is what follows "about" (up to a
// comma or a musical word), else the content words nothing else claimed. A song for someone
// ("a birthday song for my sister Anna") is sung too, and about them and the occasion; so is
// "a birthday song" or "a wedding song".
void Assembler::resolve_vocals_and_topic() {
    const bool no_vocals = std::any_of(brief_.excluded.begin(), brief_.excluded.end(),
                                       [](const model::InstrumentRef& r) { return r.name == "vocals"; });
    if (no_vocals) brief_.vocals = false;
    size_t about = tokens_.size();
    for (size_t i = 0; i < tokens_.size(); ++i) {
        const std::string& w = tokens_[i].text;
        if (w == "about" || w == "sobre" || w == "über" || w == "ueber") { about = i; break; }
    }
    auto is_song_word = [](const std::string& w) {
        // Forms that are sung by nature: "a shanty about ..." has words.
        return w == "song" || w == "songs" || w == "ballad" || w == "anthem" || w == "shanty" ||
               w == "lullaby" || w == "hymn" || w == "carol" || w == "serenade" || w == "canción" ||
               w == "cancion" || w == "lied" || w == "chanson" || w == "berceuse" || w == "schlaflied";
    };
    std::vector<std::string> topic;
    if (about < tokens_.size()) {
        for (size_t i = about + 1; i < tokens_.size(); ++i) {
            const Token& t = tokens_[i];
            if (t.kind == Token::Kind::punct || used_[i] || t.text == "with" || t.text == "in")
                break;
            topic.push_back(original_words(text_, tokens_, i, i + 1));
        }
        used_[about] = true;
        for (size_t i = about + 1; i < about + 1 + topic.size(); ++i) used_[i] = true;
        bool song = false;
        for (size_t i = 0; i < about; ++i) song = song || is_song_word(tokens_[i].text);
        if (song && !no_vocals && !brief_.vocals) {
            brief_.vocals = true;
            understood("vocals", "sung", words(0, about + 1));
        }
    }
    size_t song_at = tokens_.size();
    for (size_t i = 0; i < tokens_.size() && song_at == tokens_.size(); ++i)
        if (is_song_word(tokens_[i].text)) song_at = i;
    std::string occasion;  // a sung occasion right before the song word ("birthday song")
    size_t occasion_at = song_at;
    for (const Mention* m : mentions(Sense::occasion)) {
        const std::string_view phrase = occasion_words()[m->index].phrase;
        if (is_sung_occasion(phrase) && song_at < tokens_.size() && m->last == song_at) {
            occasion = phrase;
            occasion_at = m->first;
        }
    }
    size_t for_at = tokens_.size(), dedicatee = tokens_.size();
    for (size_t i = song_at + 1; i < tokens_.size(); ++i) {
        if (tokens_[i].text != "for" || used_[i]) continue;
        dedicatee = dedicatee_end(i + 1);
        if (dedicatee > i + 1) for_at = i;
        break;
    }
    const bool dedicated = for_at < tokens_.size();
    if ((dedicated || !occasion.empty()) && !no_vocals && !brief_.vocals) {
        brief_.vocals = true;
        understood("vocals", "sung", words(occasion_at, dedicated ? dedicatee : song_at + 1));
    }
    if (dedicated && topic.empty()) {
        std::string someone = words(for_at + 1, dedicatee);
        topic.push_back(occasion.empty() ? someone : someone + "'s " + occasion);
        for (size_t i = for_at; i < dedicatee; ++i) used_[i] = true;
    } else if (!occasion.empty() && topic.empty()) {
        topic.push_back("a " + occasion);
    }
    if (topic.empty()) {
        for (size_t i = 0; i < tokens_.size(); ++i) {
            const Token& t = tokens_[i];
            if (t.kind != Token::Kind::word || used_[i] || is_function_word(t.text)) continue;
            if (is_song_word(t.text) || t.text == "lyrics" || t.text == "music") continue;
            topic.push_back(original_words(text_, tokens_, i, i + 1));
        }
    }
    for (const auto& w : topic) {
        if (!brief_.topic.empty()) brief_.topic += ' ';
        brief_.topic += w;
    }
    if (!brief_.topic.empty()) understood("topic", brief_.topic, brief_.topic);
}

}  // namespace omg::prompt
