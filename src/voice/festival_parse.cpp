// Festival's answer (the front-end script's line protocol) -> words, syllables, phones, labels.
#include <string>

#include "voice/front_end.h"

namespace omg::voice::detail {
namespace {

struct Word {
    std::string name;
    std::vector<model::Syllable> syllables;
};
struct Token {
    std::string name;
    std::vector<Word> words;
};

// "     0    2000000 x^x-pau+..." -> "x^x-pau+...": the times are Festival's guess, not ours.
std::string strip_times(std::string_view s) {
    auto skip_space = [&] {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    };
    for (int field = 0; field < 2; ++field) {
        skip_space();
        size_t end = s.find(' ');
        if (end == std::string_view::npos) return std::string(s);
        s.remove_prefix(end);
    }
    skip_space();
    return std::string(s);
}

std::vector<model::LyricWord> build_words(const std::vector<Token>& tokens,
                                          const std::vector<TextWord>& asked) {
    const bool same_count = tokens.size() == asked.size();
    std::vector<model::LyricWord> words;
    for (size_t t = 0; t < tokens.size(); ++t) {
        model::LyricWord word;
        word.text = same_count ? asked[t].written : tokens[t].name;
        size_t voiced_words = 0;
        for (const auto& w : tokens[t].words) voiced_words += w.syllables.empty() ? 0 : 1;
        for (const auto& w : tokens[t].words) {
            if (w.syllables.empty()) continue;
            // One word said as written: cut its own spelling; otherwise ("42" -> "forty two")
            // the spelling of what Festival says.
            auto pieces = split_spelling(
                voiced_words == 1 ? std::string_view(word.text) : std::string_view(w.name),
                w.syllables.size());
            for (size_t s = 0; s < w.syllables.size(); ++s) {
                model::Syllable syl = w.syllables[s];
                syl.text = pieces[s];
                word.syllables.push_back(std::move(syl));
            }
        }
        if (!word.syllables.empty()) words.push_back(std::move(word));
    }
    return words;
}

}  // namespace

Result<std::vector<FrontEndLine>> parse_festival_output(
    std::string_view out, const std::vector<std::vector<TextWord>>& lines) {
    std::vector<FrontEndLine> result;
    std::vector<Token> tokens;
    std::vector<std::string> pauses;
    bool in_line = false, failed = false, done = false;
    auto bad = [] { return fail(Errc::unavailable, "Festival's answer could not be read"); };
    while (!out.empty() && !done) {
        size_t nl = out.find('\n');
        std::string_view rec = out.substr(0, nl);
        out = nl == std::string_view::npos ? std::string_view() : out.substr(nl + 1);
        if (rec.empty()) continue;
        // A record is one letter alone, or one letter, a space and its argument.
        if (rec.size() > 1 && rec[1] != ' ' && rec != "DONE") continue;
        const char kind = rec[0];
        std::string_view arg = rec.size() > 2 ? rec.substr(2) : std::string_view();
        if (kind == 'D' && rec == "DONE") {
            done = true;
        } else if (kind == 'L') {
            if (in_line) return bad();
            in_line = true, failed = false;
            tokens.clear(), pauses.clear();
        } else if (!in_line) {
            continue;  // anything Festival says outside a line is not ours
        } else if (kind == 'T') {
            tokens.push_back({std::string(arg), {}});
        } else if (kind == 'W') {
            if (tokens.empty()) return bad();
            tokens.back().words.push_back({std::string(arg), {}});
        } else if (kind == 'S') {
            if (tokens.empty() || tokens.back().words.empty()) return bad();
            model::Syllable syl;
            syl.stressed = arg != "0";
            tokens.back().words.back().syllables.push_back(std::move(syl));
        } else if (kind == 'F') {
            if (tokens.empty() || tokens.back().words.empty() ||
                tokens.back().words.back().syllables.empty()) {
                return bad();
            }
            size_t sp = arg.find(' ');
            if (sp == std::string_view::npos || sp == 0) return bad();
            auto& syl = tokens.back().words.back().syllables.back();
            syl.phones.emplace_back(arg.substr(0, sp));
            syl.labels.push_back(strip_times(arg.substr(sp + 1)));
        } else if (kind == 'P') {
            pauses.push_back(strip_times(arg));
        } else if (kind == 'X') {
            failed = true;
        } else if (kind == 'E') {
            if (result.size() >= lines.size()) return bad();
            FrontEndLine line;
            if (!failed) line.words = build_words(tokens, lines[result.size()]);
            if (!line.words.empty() && !pauses.empty()) {
                line.pause_labels = {pauses.front(), pauses.back()};
            }
            result.push_back(std::move(line));
            in_line = false;
        }
    }
    if (!done || in_line || result.size() != lines.size()) {
        return fail(Errc::unavailable, "Festival stopped before it had read every line");
    }
    return result;
}

}  // namespace omg::voice::detail
