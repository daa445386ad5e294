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

// "a song about juggling fire" asks for words; the topic is what follows "about" (up to a
// comma or a musical word), else the content words nothing else claimed.
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
