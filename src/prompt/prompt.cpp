// Understanding a prompt (prompt.h): the checks of the overrides and of the text, then the
// Assembler (assembler.h): its run in order, the readers, the helpers every resolver uses, and
// the report of the words that changed nothing.
#include "prompt/prompt.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

#include "prompt/assembler.h"
#include "prompt/style_match.h"
#include "prompt/text.h"
#include "prompt/vocabulary.h"

namespace omg::prompt {
namespace {

Status check_overrides(const Overrides& o, const model::StyleLibrary& styles) {
    if (o.duration_s && (!std::isfinite(*o.duration_s) || *o.duration_s < kMinDuration ||
                         *o.duration_s > kMaxDuration)) {
        return fail(Errc::invalid_argument, "the duration must be between " +
                                                format_number(kMinDuration) + " and " +
                                                format_number(kMaxDuration) + " seconds");
    }
    if (o.bpm && (!std::isfinite(*o.bpm) || *o.bpm < kMinBpm || *o.bpm > kMaxBpm)) {
        return fail(Errc::invalid_argument, "the tempo must be between " + format_number(kMinBpm) +
                                                " and " + format_number(kMaxBpm) + " bpm");
    }
    if (o.key && !model::parse_key(*o.key) && !model::parse_mode(*o.key)) {
        return fail(Errc::invalid_argument,
                    "unknown key \"" + *o.key + "\" (try \"D minor\", \"Eb major\" or \"F#m\")");
    }
    if (o.time_signature && !model::parse_time_signature(*o.time_signature)) {
        return fail(Errc::invalid_argument, "bad time signature \"" + *o.time_signature +
                                                "\" (try \"4/4\", \"3/4\" or \"6/8\")");
    }
    if (o.style && !styles.find(*o.style)) {
        return fail(Errc::invalid_argument, "unknown style \"" + *o.style + "\"");
    }
    return {};
}

}  // namespace

std::string format_number(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string out(buffer);
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0') out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    return out;
}

Understanding Assembler::run() {
    read();
    brief_.prompt = std::string(text_);
    resolve_style();
    resolve_time_signature();
    resolve_moods_and_energy();
    resolve_instruments();
    resolve_tempo();
    resolve_key();
    resolve_duration();
    report_eras_and_negations();
    resolve_vocals_and_topic();
    report_ignored();
    return Understanding{std::move(brief_), std::move(interpretation_)};
}

void Assembler::read() {
    const std::function<bool(size_t)> genre_at = [this](size_t i) {
        return lexicon_.starts(tokens_, used_, i, Sense::style) ||
               lexicon_.starts(tokens_, used_, i, Sense::instrument);
    };
    quantities_ = read_quantities(tokens_, used_, genre_at);
    keys_ = read_keys(text_, tokens_, used_);
    mentions_ = scan_phrases(tokens_, used_, lexicon_);
    modes_ = read_modes(tokens_, used_);
}

std::string Assembler::words(size_t first, size_t last) const {
    return original_words(text_, tokens_, first, last);
}

void Assembler::understood(std::string field, std::string value, std::string words) {
    interpretation_.understood.push_back(
        model::Interpretation::Finding{std::move(field), std::move(value), std::move(words)});
}

void Assembler::guessed(std::string note) {
    interpretation_.guessed.push_back(std::move(note));
}

std::vector<const Mention*> Assembler::mentions(Sense sense, bool negated) const {
    std::vector<const Mention*> out;
    for (const auto& m : mentions_)
        if (m.sense == sense && m.negated == negated) out.push_back(&m);
    return out;
}

void Assembler::report_ignored() {
    std::vector<bool> extra(tokens_.size(), false);
    for (auto [first, last] : extra_words_)
        for (size_t k = first; k < last; ++k) extra[k] = true;
    std::set<std::string> seen;
    for (size_t i = 0; i < tokens_.size(); ++i) {
        const Token& t = tokens_[i];
        if (t.kind == Token::Kind::punct) continue;
        if (used_[i] && !extra[i]) continue;
        if (!extra[i] && is_function_word(t.text)) continue;
        if (seen.insert(t.text).second) interpretation_.ignored.push_back(t.text);
    }
}

Result<Understanding> understand(std::string_view text, const Overrides& overrides,
                                 const model::StyleLibrary& styles) {
    if (is_blank(text)) return fail(Errc::invalid_argument, "the prompt is empty");
    if (count_characters(text) > kMaxPromptLength) {
        return fail(Errc::invalid_argument, "the prompt is longer than " +
                                                std::to_string(kMaxPromptLength) + " characters");
    }
    if (styles.styles.empty()) return fail(Errc::not_found, "no styles are loaded");
    if (auto ok = check_overrides(overrides, styles); !ok) return tl::unexpected(ok.error());
    return Assembler(text, overrides, styles).run();
}

}  // namespace omg::prompt
