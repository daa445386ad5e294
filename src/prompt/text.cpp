#include "prompt/text.h"

#include <algorithm>
#include <optional>

namespace omg::prompt {
namespace {

struct CodePoint {
    char32_t value = 0;
    size_t length = 1;
    bool valid = false;
};

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. An invalid byte is
// reported as a one-byte invalid code point so the caller can step over it.
CodePoint decode(std::string_view s, size_t i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) return {lead, 1, true};
    size_t length = 0;
    char32_t value = 0;
    char32_t smallest = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, value = lead & 0x1Fu, smallest = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, value = lead & 0x0Fu, smallest = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, value = lead & 0x07u, smallest = 0x10000;
    } else {
        return {};
    }
    if (i + length > s.size()) return {};
    for (size_t k = 1; k < length; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return {};
        value = (value << 6) | (b & 0x3Fu);
    }
    if (value < smallest || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
    return {value, length, true};
}

enum class CharClass {
    space,       // whitespace, controls, invisible marks, invalid bytes
    soft,        // quotes and other marks dropped without a token
    hyphen,      // - _ and Unicode dashes
    apostrophe,  // ' and typographic single quotes
    letter,      // ASCII letters and every other visible non-ASCII character
    digit,
    sharp,      // '#' or '♯'
    flat_sign,  // '♭'
    ampersand,  // & +
    punct,      // other ASCII punctuation: its own token
};

CharClass classify(const CodePoint& cp) {
    if (!cp.valid) return CharClass::space;
    const char32_t c = cp.value;
    if (c < 0x80) {
        if (c <= 0x20 || c == 0x7F) return CharClass::space;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::letter;
        if (c >= '0' && c <= '9') return CharClass::digit;
        switch (c) {
            case '-':
            case '_':
                return CharClass::hyphen;
            case '\'':
                return CharClass::apostrophe;
            case '"':
            case '`':
                return CharClass::soft;
            case '#':
                return CharClass::sharp;
            case '&':
            case '+':
                return CharClass::ampersand;
            default:
                return CharClass::punct;
        }
    }
    if (c <= 0xA0 || c == 0xAD || c == 0x034F || c == 0x061C || c == 0x1680 || c == 0x180E ||
        (c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F) ||
        (c >= 0x205F && c <= 0x206F) || c == 0x3000 || (c >= 0xFE00 && c <= 0xFE0F) ||
        c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFF) || (c >= 0xE0000 && c <= 0xE0FFF)) {
        return CharClass::space;
    }
    if (c == 0x2018 || c == 0x2019 || c == 0x02BC) return CharClass::apostrophe;
    if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212) return CharClass::hyphen;
    if (c == 0x266F) return CharClass::sharp;
    if (c == 0x266D) return CharClass::flat_sign;
    if ((c >= 0x2016 && c <= 0x205E) || (c >= 0x3001 && c <= 0x3003) || c == 0xAB || c == 0xBB) {
        return CharClass::soft;
    }
    return CharClass::letter;
}

double number_value(std::string_view digits) {
    constexpr double kCap = 1e9;
    double value = 0;
    double scale = 0;  // 0 before the decimal point, then 0.1, 0.01 ...
    for (char c : digits) {
        if (c == '.') {
            scale = 0.1;
            continue;
        }
        const double d = c - '0';
        if (scale == 0) {
            value = std::min(value * 10 + d, kCap);
        } else {
            value += d * scale;
            scale /= 10;
        }
    }
    return value;
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

char lower_ascii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

class Tokenizer {
public:
    explicit Tokenizer(std::string_view text) : text_(text) {}

    std::vector<Token> run() {
        size_t i = 0;
        while (i < text_.size()) {
            const CodePoint cp = decode(text_, i);
            step(classify(cp), i, cp.length);
            i += cp.length;
        }
        close();
        return std::move(tokens_);
    }

private:
    void step(CharClass cls, size_t at, size_t length) {
        const std::string_view bytes = text_.substr(at, length);
        switch (cls) {
            case CharClass::space:
                close();
                return;
            case CharClass::soft:
                close();
                return;
            case CharClass::hyphen:
                close();
                hyphen_ = true;
                return;
            case CharClass::apostrophe:
                if (open_ == Token::Kind::word && at + length < text_.size() &&
                    is_ascii_letter(text_[at + length])) {
                    append("'", at + length);
                    return;
                }
                close();
                apostrophe_ = true;
                return;
            case CharClass::letter:
                if (open_ != Token::Kind::word) start(Token::Kind::word, at);
                for (char c : bytes) append_char(lower_ascii(c));
                tokens_.back().end = at + length;
                return;
            case CharClass::digit:
                if (open_ != Token::Kind::number) start(Token::Kind::number, at);
                append(bytes, at + length);
                return;
            case CharClass::sharp:
            case CharClass::flat_sign:
                if (open_ == Token::Kind::word) {
                    append(cls == CharClass::sharp ? "#" : "b", at + length);
                    return;
                }
                close();
                return;
            case CharClass::ampersand:
                start(Token::Kind::word, at);
                append("and", at + length);
                close();
                return;
            case CharClass::punct:
                if (bytes == "." && open_ == Token::Kind::number && !decimal_ &&
                    at + 1 < text_.size() && is_ascii_digit(text_[at + 1])) {
                    decimal_ = true;
                    append(".", at + 1);
                    return;
                }
                start(Token::Kind::punct, at);
                append(bytes, at + length);
                close();
                return;
        }
    }

    void start(Token::Kind kind, size_t at) {
        close();
        Token t;
        t.kind = kind;
        t.begin = at;
        t.end = at;
        t.glued = !tokens_.empty() && tokens_.back().end == at;
        t.hyphen_before = hyphen_;
        t.apostrophe_before = apostrophe_;
        hyphen_ = apostrophe_ = false;
        tokens_.push_back(std::move(t));
        open_ = kind;
    }

    void append(std::string_view s, size_t end) {
        tokens_.back().text.append(s);
        tokens_.back().end = end;
    }
    void append_char(char c) { tokens_.back().text.push_back(c); }

    void close() {
        if (open_ == Token::Kind::number) tokens_.back().value = number_value(tokens_.back().text);
        open_.reset();
        decimal_ = false;
    }

    std::string_view text_;
    std::vector<Token> tokens_;
    std::optional<Token::Kind> open_;  // the token still growing, if any
    bool decimal_ = false;
    bool hyphen_ = false;
    bool apostrophe_ = false;
};

}  // namespace

std::vector<Token> tokenize(std::string_view text) { return Tokenizer(text).run(); }

size_t count_characters(std::string_view text) {
    size_t count = 0;
    for (size_t i = 0; i < text.size(); i += decode(text, i).length) ++count;
    return count;
}

bool is_blank(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const CodePoint cp = decode(text, i);
        if (!cp.valid || classify(cp) != CharClass::space) return false;
        i += cp.length;
    }
    return true;
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = lower_ascii(c);
    return out;
}

bool is_clause_break(const Token& token) {
    if (token.kind != Token::Kind::punct || token.text.size() != 1) return false;
    return std::string_view(",;.!?()[]{}|").find(token.text[0]) != std::string_view::npos;
}

std::string original_words(std::string_view prompt, const std::vector<Token>& tokens, size_t first,
                           size_t last) {
    std::string out;
    last = std::min(last, tokens.size());
    for (size_t i = first; i < last; ++i) {
        const Token& t = tokens[i];
        if (i > first) {
            const size_t gap_begin = std::min(tokens[i - 1].end, t.begin);
            const std::string_view gap = prompt.substr(gap_begin, t.begin - gap_begin);
            const bool plain = gap.size() <= 8 && std::all_of(gap.begin(), gap.end(), [](char c) {
                                   return c >= 0x20 && c <= 0x7E;
                               });
            out += plain ? std::string(gap) : std::string(" ");
        }
        out += prompt.substr(t.begin, t.end - t.begin);
    }
    return out;
}

}  // namespace omg::prompt
