#include "style/grammar.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace omg::style {
namespace {

tl::unexpected<std::string> bad(std::string message) {
    return tl::unexpected<std::string>(std::move(message));
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<std::string_view> split_words(std::string_view text) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) ++i;
        const size_t start = i;
        while (i < text.size() && !is_space(text[i])) ++i;
        if (i > start) words.push_back(text.substr(start, i - start));
    }
    return words;
}

// Splits at '|' into bars of words. A leading or trailing '|' does not make an empty bar;
// an empty bar anywhere else is reported as std::nullopt.
std::optional<std::vector<std::vector<std::string_view>>> split_bars(std::string_view text) {
    std::vector<std::vector<std::string_view>> bars;
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '|') continue;
        bars.push_back(split_words(text.substr(start, i - start)));
        start = i + 1;
    }
    if (!bars.empty() && bars.front().empty()) bars.erase(bars.begin());
    if (!bars.empty() && bars.back().empty()) bars.pop_back();
    for (const auto& bar : bars)
        if (bar.empty()) return std::nullopt;
    return bars;
}

bool valid_token(std::string_view token, GridKind kind) {
    switch (kind) {
        case GridKind::drums:
            return token.size() == 1 &&
                   std::string_view("Xxgrf.").find(token[0]) != std::string_view::npos;
        case GridKind::rhythm:
            return token == "x" || token == "." || token == "_";
        case GridKind::pitched: {
            if (token == "." || token == "-" || token == "_") return true;
            if (token.size() == 2 && (token[1] == '!' || token[1] == '?'))
                token = token.substr(0, 1);
            return token.size() == 1 &&
                   std::string_view("135798LAWCcg").find(token[0]) != std::string_view::npos;
        }
    }
    return false;
}

const char* token_help(GridKind kind) {
    switch (kind) {
        case GridKind::drums:
            return "X x g r f .";
        case GridKind::rhythm:
            return "x . _";
        case GridKind::pitched:
            return ". - _ 1 3 5 7 9 8 L A W C c g, optionally ending in ! or ?";
    }
    return "";
}

// Strips `prefix` from the front of `text` if present.
bool eat(std::string_view& text, std::string_view prefix) {
    if (text.substr(0, prefix.size()) != prefix) return false;
    text.remove_prefix(prefix.size());
    return true;
}

// Roman numeral I..VII, all upper or all lower case; the longest match wins.
bool eat_numeral(std::string_view& text) {
    static constexpr std::array<std::string_view, 7> kUpper = {"VII", "III", "IV", "VI",
                                                               "II",  "V",   "I"};
    for (std::string_view upper : kUpper) {
        if (text.size() < upper.size()) continue;
        const std::string_view head = text.substr(0, upper.size());
        bool all_upper = true, all_lower = true;
        for (size_t i = 0; i < upper.size(); ++i) {
            all_upper = all_upper && head[i] == upper[i];
            all_lower = all_lower && head[i] == upper[i] - 'A' + 'a';
        }
        if (all_upper || all_lower) {
            text.remove_prefix(upper.size());
            return true;
        }
    }
    return false;
}

std::optional<int> to_int(std::string_view text) {
    int value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
    return value;
}

}  // namespace

bool is_identifier(std::string_view name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

Checked<GridShape> check_grid(std::string_view grid, GridKind kind) {
    auto bars = split_bars(grid);
    if (!bars) return bad("has an empty bar between two '|'");
    if (bars->empty()) return bad("is empty");
    GridShape shape{static_cast<int>(bars->size()), static_cast<int>(bars->front().size())};
    for (size_t b = 0; b < bars->size(); ++b) {
        const auto& bar = (*bars)[b];
        if (static_cast<int>(bar.size()) != shape.steps)
            return bad("bar " + std::to_string(b + 1) + " has " + std::to_string(bar.size()) +
                       " steps but bar 1 has " + std::to_string(shape.steps) +
                       " (every bar needs the same count)");
        for (std::string_view token : bar)
            if (!valid_token(token, kind))
                return bad("bar " + std::to_string(b + 1) + ": unknown token '" +
                           std::string(token) + "' (allowed: " + token_help(kind) + ")");
    }
    if (shape.steps > kMaxStepsPerBar)
        return bad("has " + std::to_string(shape.steps) + " steps per bar; at most " +
                   std::to_string(kMaxStepsPerBar) + " are allowed");
    return shape;
}

Checked<DrumRow> check_drum_row(std::string_view row) {
    size_t i = 0;
    while (i < row.size() && is_space(row[i])) ++i;
    size_t end = i;
    while (end < row.size() && !is_space(row[end]) && row[end] != '|') ++end;
    const auto key = to_int(row.substr(i, end - i));
    if (!key)
        return bad("must start with a GM drum key number, e.g. \"36 X . . . x . . .\"; got \"" +
                   std::string(row) + "\"");
    if (*key < 27 || *key > 87)
        return bad("drum key " + std::to_string(*key) + " is outside the GM drum map 27..87");
    auto shape = check_grid(row.substr(end), GridKind::drums);
    if (!shape) return bad("drum key " + std::to_string(*key) + ": grid " + shape.error());
    return DrumRow{*key, *shape};
}

Checked<void> check_chord(std::string_view symbol) {
    const std::string original(symbol);
    auto invalid = [&](std::string why) {
        return bad("chord '" + original + "' " + why +
                   " (Roman numeral with optional b/#, °/o ø/h +, a suffix 7 maj7 6 9 add9 sus2 "
                   "sus4 7b9 7#9 m7b5, /V for a secondary chord, /^N for a bass degree; or N.C.)");
    };
    if (symbol == "N.C.") return {};
    if (!eat(symbol, "b")) eat(symbol, "#");
    if (!eat_numeral(symbol)) return invalid("does not start with a Roman numeral");
    if (!eat(symbol, "°") && !eat(symbol, "o") && !eat(symbol, "ø") && !eat(symbol, "h"))
        eat(symbol, "+");
    // Longest suffixes first so "7b9" is not read as "7" followed by junk.
    static constexpr std::array<std::string_view, 10> kSuffixes = {
        "maj7", "m7b5", "add9", "sus2", "sus4", "7b9", "7#9", "7", "6", "9"};
    for (std::string_view suffix : kSuffixes)
        if (eat(symbol, suffix)) break;
    // Optional secondary target: /V, /ii, /bVI ...
    if (symbol.size() > 1 && symbol[0] == '/' && symbol[1] != '^') {
        symbol.remove_prefix(1);
        if (!eat(symbol, "b")) eat(symbol, "#");
        if (!eat_numeral(symbol)) return invalid("has a secondary target that is not a numeral");
    }
    // Optional bass degree: /^3, /^b7.
    if (eat(symbol, "/^")) {
        if (!eat(symbol, "b")) eat(symbol, "#");
        if (symbol.empty() || symbol[0] < '1' || symbol[0] > '7')
            return invalid("has a bass degree that is not 1..7");
        symbol.remove_prefix(1);
    }
    if (!symbol.empty()) return invalid("has unexpected text '" + std::string(symbol) + "'");
    return {};
}

bool is_tonic_chord(std::string_view symbol) {
    if (!check_chord(symbol)) return false;
    std::string_view rest = symbol;
    if (!eat(rest, "I") && !eat(rest, "i")) return false;
    // "II", "IV", "iii" ... are other degrees; a secondary target makes it another chord.
    if (!rest.empty() && (rest[0] == 'I' || rest[0] == 'V' || rest[0] == 'i' || rest[0] == 'v'))
        return false;
    const size_t slash = rest.find('/');
    return slash == std::string_view::npos || rest.substr(slash, 2) == "/^";
}

Checked<int> check_progression(std::string_view progression) {
    auto bars = split_bars(progression);
    if (!bars) return bad("has an empty bar between two '|'");
    if (bars->empty()) return bad("is empty");
    for (size_t b = 0; b < bars->size(); ++b) {
        const auto& bar = (*bars)[b];
        if (bar.size() > 4)
            return bad("bar " + std::to_string(b + 1) + " has " + std::to_string(bar.size()) +
                       " chords; at most 4 share a bar");
        for (std::string_view chord : bar)
            if (auto ok = check_chord(chord); !ok)
                return bad("bar " + std::to_string(b + 1) + ": " + ok.error());
    }
    return static_cast<int>(bars->size());
}

Checked<std::vector<FormEntry>> parse_form(std::string_view form) {
    std::vector<FormEntry> entries;
    bool open = false, seen_group = false;
    size_t group_start = 0;
    for (std::string_view word : split_words(form)) {
        bool closes = false;
        if (eat(word, "[")) {
            if (open || seen_group) return bad("may have only one [ ... ] group");
            open = seen_group = true;
            group_start = entries.size();
        }
        if (!word.empty() && word.back() == ']') {
            word.remove_suffix(1);
            closes = true;
        }
        if (!word.empty()) {
            const size_t colon = word.find(':');
            const std::string_view kind = word.substr(0, colon);
            if (colon == std::string_view::npos || !is_identifier(kind))
                return bad("token '" + std::string(word) +
                           "' is not kind:bars (kind in lower case, e.g. verse:8)");
            const auto bars = to_int(word.substr(colon + 1));
            if (!bars || *bars < 1 || *bars > 256)
                return bad("token '" + std::string(word) + "' needs a bar count of 1..256");
            entries.push_back(FormEntry{std::string(kind), *bars, open});
        }
        if (closes) {
            if (!open) return bad("has ']' without '['");
            if (entries.size() == group_start) return bad("has an empty [ ] group");
            open = false;
        }
    }
    if (open) return bad("has '[' without ']'");
    if (entries.empty()) return bad("is empty");
    return entries;
}

}  // namespace omg::style
