// Assembler: the one Brief a prompt asks for, and its Interpretation (prompt.h's understand()).
//
// It runs the readers in order (quantities, keys, phrases, modes: read()), then resolves each
// field as override > prompt > style default, in an order that matters (the style first, the
// metre before the tempo, the instruments before the vocals), and reports every content word
// that changed nothing. The resolvers live by field: assemble_style.cpp (style, time
// signature, moods, energy), assemble_instruments.cpp (instruments, roles, ensembles),
// assemble_tempo.cpp (tempo, duration), assemble_key.cpp (key and mode), assemble_words.cpp
// (eras, negations, vocals and topic); prompt.cpp holds run(), the reading and the ignored
// words. Deterministic; one Assembler per call of understand(), never shared. Private to
// src/prompt.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "prompt/keys.h"
#include "prompt/phrases.h"
#include "prompt/prompt.h"
#include "prompt/quantities.h"
#include "prompt/text.h"

namespace omg::prompt {

// The tempo limits an override and a number in the text are held to (model/limits.h).
inline constexpr double kMinBpm = model::kMinBpm;
inline constexpr double kMaxBpm = model::kMaxBpm;

// Numbers as the Interpretation writes them: at most `decimals` places, no trailing zeros.
std::string format_number(double value, int decimals = 1);
inline std::string bpm_text(double bpm) { return format_number(bpm) + " bpm"; }
inline std::string seconds_text(double s) { return format_number(s) + " s"; }

class Assembler {
public:
    Assembler(std::string_view text, const Overrides& overrides, const model::StyleLibrary& styles)
        : text_(text),
          overrides_(overrides),
          styles_(styles),
          lexicon_(styles),
          tokens_(tokenize(text)),
          used_(tokens_.size(), false) {}

    Understanding run();

private:
    // --- reading (prompt.cpp) -------------------------------------------------------------
    void read();
    std::string words(size_t first, size_t last) const;
    void understood(std::string field, std::string value, std::string words);
    void guessed(std::string note);
    std::vector<const Mention*> mentions(Sense sense, bool negated = false) const;
    void report_ignored();

    // --- style, time signature, moods, energy (assemble_style.cpp) ------------------------
    void resolve_style();
    struct TextMetre {
        model::TimeSignature time_signature;
        size_t first, last;
    };
    // The first time signature in the prompt, numeric ("6/8") or in words ("waltz time").
    std::optional<TextMetre> text_metre() const;
    void resolve_time_signature();
    void resolve_moods_and_energy();

    // --- instruments (assemble_instruments.cpp) --------------------------------------------
    // A role word next to an instrument mention: "solo cello", "cello solo", "featuring sax",
    // "trumpet lead". Articles may sit between ("just a piano"). Marks the words it reads.
    struct RoleReading {
        bool lead = false, solo = false;
        size_t first = 0, last = 0;  // the words, the instrument's included
    };
    bool phrase_at(size_t at, std::string_view phrase) const;
    RoleReading role_at(const Mention& m);
    void resolve_instruments();

    // --- tempo and duration (assemble_tempo.cpp) -------------------------------------------
    double metre_scale() const;
    double word_tempo(double feel, double intensity, double base, double scale) const;
    void resolve_tempo();
    void resolve_duration();

    // --- key (assemble_key.cpp) ------------------------------------------------------------
    model::Mode default_mode(std::string* why) const;
    void resolve_key();

    // --- what else the words said (assemble_words.cpp) ------------------------------------
    void report_eras_and_negations();
    void resolve_vocals_and_topic();
    // "for my sister Anna" after a song word: the end of the words naming someone, or `from`.
    size_t dedicatee_end(size_t from) const;

    std::string_view text_;
    const Overrides& overrides_;
    const model::StyleLibrary& styles_;
    Lexicon lexicon_;
    std::vector<Token> tokens_;
    std::vector<bool> used_;

    Quantities quantities_;
    std::vector<KeyReading> keys_;
    std::vector<Mention> mentions_;
    std::vector<KeyReading> modes_;
    std::vector<std::pair<size_t, size_t>> extra_words_;

    const model::Style* style_ = nullptr;
    model::Brief brief_;
    model::Interpretation interpretation_;
};

}  // namespace omg::prompt
