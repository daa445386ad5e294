#include "prompt/keys.h"

#include <initializer_list>
#include <string>
#include <utility>

namespace omg::prompt {
namespace {

using model::Mode;

class KeyReader {
public:
    KeyReader(std::string_view prompt, const std::vector<Token>& tokens, std::vector<bool>& used)
        : prompt_(prompt), t_(tokens), used_(used) {}

    std::vector<KeyReading> keys() {
        std::vector<KeyReading> out;
        for (size_t i = 0; i < t_.size(); ++i) {
            if (auto key = solfege_key_at(i)) {
                out.push_back(*key);
            } else if (auto letter_key = key_at(i)) {
                out.push_back(*letter_key);
            }
        }
        return out;
    }

    std::vector<KeyReading> modes() {
        std::vector<KeyReading> out;
        for (size_t i = 0; i < t_.size(); ++i) {
            if (word_in(i, {"maj", "min"})) continue;  // too ambiguous alone ("3 min")
            size_t length = 0;
            const auto mode = mode_at(i, &length);
            if (!mode) continue;
            const size_t last = i + length + suffix_at(i + length);
            mark(i, last);
            out.push_back({std::nullopt, mode, i, last});
        }
        return out;
    }

private:
    bool free_word(size_t i) const {
        return i < t_.size() && !used_[i] && t_[i].kind == Token::Kind::word;
    }
    bool word(size_t i, std::string_view w) const { return free_word(i) && t_[i].text == w; }
    bool word_in(size_t i, std::initializer_list<std::string_view> words) const {
        for (auto w : words)
            if (word(i, w)) return true;
        return false;
    }
    void mark(size_t first, size_t last) {
        for (size_t k = first; k < last; ++k) used_[k] = true;
    }

    std::optional<Mode> mode_at(size_t i, size_t* length) const {
        *length = 2;
        if (word(i, "harmonic") && word(i + 1, "minor")) return Mode::harmonic_minor;
        if (word_in(i, {"natural", "melodic"}) && word(i + 1, "minor")) return Mode::minor;
        *length = 1;
        // Spanish, German, French: "la menor", "d-Moll", "ré majeur" (tonic letters only).
        if (word_in(i, {"menor", "moll", "mineur"})) return Mode::minor;
        if (word_in(i, {"mayor", "dur", "majeur"})) return Mode::major;
        if (!word_in(i, {"major", "minor", "maj", "min", "ionian", "aeolian", "dorian", "phrygian",
                         "lydian", "mixolydian", "locrian"}))
            return std::nullopt;
        return model::parse_mode(t_[i].text);
    }

    // Spanish and French keys name the tonic in solfège: "re menor", "sol mayor", "si bémol
    // majeur". Only before a Spanish or French mode word, since "la", "si" and "do" are also
    // everyday words.
    std::optional<KeyReading> solfege_key_at(size_t i) {
        static constexpr std::pair<std::string_view, int> kNames[] = {
            {"do", 0}, {"re", 2}, {"r\u00e9", 2}, {"mi", 4}, {"fa", 5},
            {"sol", 7}, {"la", 9}, {"si", 11}};
        if (!free_word(i)) return std::nullopt;
        int tonic = -1;
        for (const auto& [name, pc] : kNames)
            if (t_[i].text == name) tonic = pc;
        if (tonic < 0) return std::nullopt;
        size_t j = i + 1;
        if (word_in(j, {"sostenido", "di\u00e8se", "diese"})) {
            tonic = (tonic + 1) % 12, ++j;
        } else if (word_in(j, {"bemol", "b\u00e9mol"})) {
            tonic = (tonic + 11) % 12, ++j;
        }
        if (!word_in(j, {"menor", "mayor", "mineur", "majeur"})) return std::nullopt;
        size_t length = 0;
        const auto mode = mode_at(j, &length);
        if (!mode) return std::nullopt;
        j += length;
        mark(i, j);
        return KeyReading{tonic, mode, i, j};
    }

    // "key", "scale", "mode" or "tonality" after a key: part of it.
    size_t suffix_at(size_t i) const {
        return word_in(i, {"key", "scale", "mode", "tonality"}) ? 1 : 0;
    }

    enum class Cue { none, in, key };
    // What comes right before token i: "in", "key", "key of", "tonic", with ':' or '=' skipped.
    Cue cue_before(size_t i) const {
        size_t k = i;
        while (k > 0 && t_[k - 1].kind == Token::Kind::punct &&
               (t_[k - 1].text == ":" || t_[k - 1].text == "="))
            --k;
        if (k == 0) return Cue::none;
        const std::string& prev = t_[k - 1].text;
        if (prev == "in") return Cue::in;
        if (prev == "key" || prev == "tonic" || prev == "tonality" || prev == "root")
            return Cue::key;
        if (prev == "of" && k >= 2 && t_[k - 2].text == "key") return Cue::key;
        return Cue::none;
    }

    bool end_of_clause(size_t i) const { return i >= t_.size() || is_clause_break(t_[i]); }

    std::optional<KeyReading> key_at(size_t i) {
        if (!free_word(i)) return std::nullopt;
        const std::string& text = t_[i].text;
        if (text.empty() || text[0] < 'a' || text[0] > 'g') return std::nullopt;
        const char first_raw = prompt_[t_[i].begin];
        const bool upper = first_raw >= 'A' && first_raw <= 'G';
        const Cue cue = cue_before(i);
        const bool lower_a = text[0] == 'a' && !upper;

        std::string tonic_name(1, text[0]);
        size_t j = i + 1;
        std::optional<Mode> mode;
        bool accept = false;

        const bool accidental = text.size() >= 2 && (text[1] == '#' || text[1] == 'b');
        const std::string_view rest = std::string_view(text).substr(accidental ? 2 : 1);
        if (accidental) tonic_name += text[1];

        if (!rest.empty()) {
            // Compact chord-symbol keys: "Am", "C#m", "Bbmin", "Fmaj".
            if (rest == "m" || rest == "min") {
                mode = Mode::minor;
            } else if (rest == "maj") {
                mode = Mode::major;
            } else {
                return std::nullopt;
            }
            const std::string_view raw_rest = prompt_.substr(t_[i].end - rest.size(), rest.size());
            accept = cue != Cue::none || (upper && raw_rest[0] == rest[0]);
        } else {
            bool accidental_word = false;
            if (!accidental && word_in(j, {"flat", "sharp"})) {
                tonic_name += t_[j].text == "flat" ? "b" : "#";
                accidental_word = true;
                ++j;
            }
            size_t mode_length = 0;
            mode = mode_at(j, &mode_length);
            const bool suffix = mode && suffix_at(j + mode_length) > 0;
            if (mode) j += mode_length;
            if (mode) {
                // "in a minor key" is an article and a mode; "in A minor" is a key.
                accept = !lower_a || cue == Cue::key || (cue == Cue::in && !suffix);
            } else if (accidental && text[1] == '#') {
                accept = true;
            } else if (accidental || accidental_word) {
                accept = upper || cue != Cue::none || (!lower_a && accidental_word);
            } else if (cue == Cue::key) {
                accept = true;
            } else if (cue == Cue::in) {
                accept = !lower_a || end_of_clause(j);
            }
        }
        if (!accept) return std::nullopt;
        const auto pc = model::parse_pitch_class(tonic_name);
        if (!pc) return std::nullopt;
        j += suffix_at(j);
        mark(i, j);
        return KeyReading{*pc, mode, i, j};
    }

    std::string_view prompt_;
    const std::vector<Token>& t_;
    std::vector<bool>& used_;
};

}  // namespace

std::vector<KeyReading> read_keys(std::string_view prompt, const std::vector<Token>& tokens,
                                  std::vector<bool>& used) {
    return KeyReader(prompt, tokens, used).keys();
}

std::vector<KeyReading> read_modes(const std::vector<Token>& tokens, std::vector<bool>& used) {
    return KeyReader({}, tokens, used).modes();
}

}  // namespace omg::prompt
