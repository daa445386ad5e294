#include "prompt/quantities.h"

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "prompt/vocabulary.h"

namespace omg::prompt {
namespace {

enum class Unit { none, hour, minute, second };

double unit_seconds(Unit unit) {
    switch (unit) {
        case Unit::hour:
            return 3600;
        case Unit::minute:
            return 60;
        case Unit::second:
            return 1;
        case Unit::none:
            break;
    }
    return 0;
}

std::optional<double> number_word(std::string_view w) {
    static constexpr std::array<std::string_view, 20> kSmall = {
        "zero",     "one",     "two",     "three",     "four",     "five",    "six",
        "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    static constexpr std::array<std::string_view, 8> kTens = {
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    for (size_t i = 0; i < kSmall.size(); ++i)
        if (w == kSmall[i]) return static_cast<double>(i);
    for (size_t i = 0; i < kTens.size(); ++i)
        if (w == kTens[i]) return static_cast<double>(20 + 10 * i);
    return std::nullopt;
}

class Reader {
public:
    Reader(const std::vector<Token>& tokens, std::vector<bool>& used,
           const std::function<bool(size_t)>& genre_at)
        : t_(tokens), used_(used), decade_(tokens.size(), false), genre_at_(genre_at) {}

    Quantities run() {
        for (size_t i = 0; i < t_.size(); ++i) read_decade(i);
        for (size_t i = 0; i < t_.size(); ++i) read_metre(i);
        for (size_t i = 0; i < t_.size(); ++i) read_tempo(i);
        for (size_t i = 0; i < t_.size(); ++i) read_duration(i);
        return std::move(out_);
    }

private:
    bool free(size_t i) const { return i < t_.size() && !used_[i] && !decade_[i]; }
    bool word(size_t i, std::string_view w) const {
        return free(i) && t_[i].kind == Token::Kind::word && t_[i].text == w;
    }
    bool word_in(size_t i, std::initializer_list<std::string_view> words) const {
        for (auto w : words)
            if (word(i, w)) return true;
        return false;
    }
    bool number(size_t i) const { return free(i) && t_[i].kind == Token::Kind::number; }
    bool punct(size_t i, char c) const {
        return free(i) && t_[i].kind == Token::Kind::punct && t_[i].text.size() == 1 &&
               t_[i].text[0] == c;
    }
    bool end_of_clause(size_t i) const { return i >= t_.size() || is_clause_break(t_[i]); }
    void mark(size_t first, size_t last) {
        for (size_t k = first; k < last && k < t_.size(); ++k) used_[k] = true;
    }
    bool integer(size_t i) const { return t_[i].text.find('.') == std::string::npos; }

    // --- decades -------------------------------------------------------------------------

    void read_decade(size_t i) {
        if (!free(i)) return;
        const Token& tok = t_[i];
        if (tok.kind == Token::Kind::word) {
            static constexpr std::array<std::string_view, 8> kWords = {
                "twenties", "thirties",  "forties",  "fifties",
                "sixties",  "seventies", "eighties", "nineties"};
            for (size_t k = 0; k < kWords.size(); ++k)
                if (tok.text == kWords[k]) add_decade(1920 + 10 * static_cast<int>(k), i, i + 1);
            return;
        }
        if (tok.kind != Token::Kind::number || !integer(i)) return;
        const size_t s = i + 1;
        if (!word(s, "s")) return;
        const bool apostrophe_s = t_[s].apostrophe_before && t_[s].begin == tok.end + 1;
        if (!t_[s].glued && !apostrophe_s) return;
        const auto value = static_cast<int>(tok.value);
        if (tok.text.size() == 4 && value >= 1900 && value <= 2090 && value % 10 == 0) {
            add_decade(value, i, s + 1);
            return;
        }
        if (tok.text.size() != 2 || value % 10 != 0) return;
        const bool after_the = i > 0 && t_[i - 1].text == "the";
        const bool before_genre =
            s + 1 < t_.size() && (genre_at_(s + 1) || is_decade_context(t_[s + 1].text));
        // A style may list the decade itself as an alias ("80s" for synth-pop).
        const bool is_alias = genre_at_(i);
        if (apostrophe_s || tok.apostrophe_before || after_the || before_genre || is_alias)
            add_decade(value < 20 ? 2000 + value : 1900 + value, i, s + 1);
    }

    void add_decade(int year, size_t first, size_t last) {
        for (size_t k = first; k < last; ++k) decade_[k] = true;
        out_.decades.push_back({year, first, last});
    }

    // --- time signatures -----------------------------------------------------------------

    void read_metre(size_t i) {
        if (!number(i) || !punct(i + 1, '/') || !number(i + 2)) return;
        if (i > 0 && t_[i - 1].kind == Token::Kind::punct && t_[i - 1].text == "/") return;
        if (punct(i + 3, '/') || word(i + 3, "of")) return;  // a date or a fraction
        const auto ts = model::parse_time_signature(t_[i].text + "/" + t_[i + 2].text);
        if (!ts || ts->numerator < 2) return;
        size_t last = i + 3;
        if (word(last, "time") && word(last + 1, "signature")) {
            last += 2;
        } else if (word_in(last, {"time", "meter", "metre", "signature", "feel"})) {
            ++last;
        }
        mark(i, last);
        out_.metres.push_back({*ts, i, last});
    }

    // --- tempo ---------------------------------------------------------------------------

    // Length of a bpm unit at i: "bpm", "beats per minute", "beats a minute", "beats/min".
    size_t bpm_unit(size_t i) const {
        if (word_in(i, {"bpm", "bpms"})) return 1;
        if (word_in(i, {"beats", "beat"}) &&
            (word_in(i + 1, {"per", "a", "each"}) || punct(i + 1, '/')) &&
            word_in(i + 2, {"minute", "min"})) {
            return 3;
        }
        return 0;
    }

    void read_tempo(size_t i) {
        if (number(i)) {
            double bpm = t_[i].value;
            size_t j = i + 1;
            bool range = false;
            if (number(j) && t_[j].hyphen_before) {
                bpm = (bpm + t_[j].value) / 2, range = true, ++j;
            } else if (word(j, "to") && number(j + 1)) {
                bpm = (bpm + t_[j + 1].value) / 2, range = true, j += 2;
            }
            if (const size_t unit = bpm_unit(j)) {
                mark(i, j + unit);
                out_.tempos.push_back({bpm, i, j + unit, range});
            }
            return;
        }
        // "bpm 140", "tempo: 100", "tempo of about 96"
        if (word_in(i, {"bpm", "tempo", "metronome"})) {
            size_t j = i + 1;
            while (punct(j, ':') || punct(j, '=') || punct(j, '~') ||
                   word_in(j, {"of", "at", "is", "around", "about", "approximately", "roughly"}))
                ++j;
            if (j - i > 4 || !number(j)) return;
            size_t last = j + 1;
            last += bpm_unit(last);
            mark(i, last);
            out_.tempos.push_back({t_[j].value, i, last, false});
            return;
        }
        // "at 120", "@ 96": a bare number closing a clause reads as a tempo.
        if ((word(i, "at") || punct(i, '@')) && number(i + 1) && end_of_clause(i + 2) &&
            t_[i + 1].value >= 40 && t_[i + 1].value <= 300) {
            mark(i, i + 2);
            out_.tempos.push_back({t_[i + 1].value, i, i + 2, false});
        }
    }

    // --- durations -----------------------------------------------------------------------

    Unit unit_at(size_t i, bool after_number, size_t* length) const {
        *length = 1;
        if (!free(i) || t_[i].kind != Token::Kind::word) return Unit::none;
        const std::string& w = t_[i].text;
        if (w == "minutes" || w == "minute" || w == "mins" || w == "min") return Unit::minute;
        if (w == "seconds" || w == "second" || w == "secs" || w == "sec") return Unit::second;
        // Spanish, German, French.
        if (w == "minutos" || w == "minuto" || w == "minuten") return Unit::minute;
        if (w == "segundos" || w == "segundo" || w == "sekunden" || w == "sekunde" ||
            w == "secondes" || w == "seconde")
            return Unit::second;
        if (w == "hours" || w == "hour" || w == "hrs" || w == "hr") return Unit::hour;
        if (after_number && t_[i].glued) {
            if (w == "m") return Unit::minute;
            if (w == "h") return Unit::hour;
        }
        if (after_number && w == "s") return Unit::second;
        return Unit::none;
    }

    // An amount before a unit: 3, 2.5, "three", "twenty five", "a", "a couple of", "a few".
    size_t amount_at(size_t i, double* value, bool* article) const {
        *article = false;
        if (number(i)) {
            *value = t_[i].value;
            return 1;
        }
        if (!free(i) || t_[i].kind != Token::Kind::word) return 0;
        size_t j = i;
        if (word_in(j, {"a", "an"})) {
            if (word(j + 1, "couple")) {
                *value = 2;
                return word(j + 2, "of") ? 3 : 2;
            }
            if (word(j + 1, "few")) {
                *value = 3;
                return 2;
            }
            *value = 1;
            *article = true;
            return 1;
        }
        if (word(j, "couple")) {
            *value = 2;
            return word(j + 1, "of") ? 2 : 1;
        }
        if (auto v = number_word(t_[j].text)) {
            *value = *v;
            if (*v >= 20 && j + 1 < t_.size() && free(j + 1)) {
                if (auto units = number_word(t_[j + 1].text); units && *units >= 1 && *units <= 9) {
                    *value += *units;
                    return 2;
                }
            }
            return 1;
        }
        return 0;
    }

    // "and a half", "and half"
    size_t and_a_half(size_t i) const {
        if (word(i, "and") && word(i + 1, "a") && word(i + 2, "half")) return 3;
        if (word(i, "and") && word(i + 1, "half")) return 2;
        return 0;
    }

    void read_duration(size_t i) {
        if (!free(i)) return;
        // Clock time: "2:30", "1:05:00".
        if (number(i) && integer(i) && punct(i + 1, ':') && number(i + 2) &&
            t_[i + 2].text.size() == 2 && t_[i + 1].glued && t_[i + 2].glued) {
            double seconds = t_[i].value * 60 + t_[i + 2].value;
            size_t last = i + 3;
            if (punct(last, ':') && number(last + 1) && t_[last + 1].text.size() == 2 &&
                t_[last].glued && t_[last + 1].glued) {
                seconds = t_[i].value * 3600 + t_[i + 2].value * 60 + t_[last + 1].value;
                last += 2;
            }
            size_t unit_length = 0;
            if (unit_at(last, true, &unit_length) != Unit::none) last += unit_length;
            mark(i, last);
            out_.durations.push_back({seconds, i, last});
            return;
        }
        // "half a minute", "half an hour", "half minute"
        if (word(i, "half")) {
            size_t j = i + 1;
            if (word_in(j, {"a", "an"})) ++j;
            size_t unit_length = 0;
            const Unit unit = unit_at(j, false, &unit_length);
            if (unit == Unit::minute || unit == Unit::hour) {
                mark(i, j + unit_length);
                out_.durations.push_back({0.5 * unit_seconds(unit), i, j + unit_length});
            }
            return;
        }
        double amount = 0;
        bool article = false;
        const size_t amount_length = amount_at(i, &amount, &article);
        if (amount_length == 0) return;
        size_t j = i + amount_length;
        // "a half minute", "one and a half minutes"
        if (article && word(j, "half")) {
            amount = 0.5, ++j;
        } else if (const size_t half = and_a_half(j)) {
            amount += 0.5, j += half;
        }
        size_t unit_length = 0;
        const Unit unit = unit_at(j, !article && number(i), &unit_length);
        if (unit == Unit::none) return;
        if (article && unit == Unit::second) return;  // "a second verse"
        // "808s" are drum machines, not a duration.
        if (unit == Unit::second && t_[j].text == "s" &&
            (amount == 808 || amount == 909 || amount == 303))
            return;
        double seconds = amount * unit_seconds(unit);
        j += unit_length;
        if (const size_t half = and_a_half(j)) {
            seconds += 0.5 * unit_seconds(unit), j += half;
        }
        // "3 minutes 30 seconds", "3m30s", "1 hour and 5 minutes"
        if (unit != Unit::second) {
            size_t k = word(j, "and") ? j + 1 : j;
            size_t sub_length = 0;
            const Unit smaller = unit == Unit::hour ? Unit::minute : Unit::second;
            if (number(k) && unit_at(k + 1, true, &sub_length) == smaller) {
                seconds += t_[k].value * unit_seconds(smaller);
                j = k + 1 + sub_length;
            }
        }
        mark(i, j);
        out_.durations.push_back({seconds, i, j});
    }

    const std::vector<Token>& t_;
    std::vector<bool>& used_;
    std::vector<bool> decade_;
    const std::function<bool(size_t)>& genre_at_;
    Quantities out_;
};

}  // namespace

Quantities read_quantities(const std::vector<Token>& tokens, std::vector<bool>& used,
                           const std::function<bool(size_t)>& genre_at) {
    return Reader(tokens, used, genre_at).run();
}

}  // namespace omg::prompt
