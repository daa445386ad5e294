// Lyric text -> words for Festival, and a word's spelling cut into syllables for display.
#include <algorithm>
#include <cctype>

#include "voice/front_end.h"

namespace omg::voice::detail {
namespace {

bool is_ascii_word_char(unsigned char c) {
    return std::isalnum(c) != 0 || c == '\'';
}

// The ASCII letter of a Latin-1 letter written in UTF-8 as C3 xx ("é" -> 'e'), or 0.
char latin1_base(unsigned char second) {
    static constexpr std::string_view kBase =
        "aaaaaaaceeeeiiiidnooooo/ouuuuyts"   // C3 80..9F: upper case, then x and ss
        "aaaaaaaceeeeiiiidnooooo/ouuuuyty";  // C3 A0..BF: lower case
    if (second < 0x80 || second > 0xBF) return 0;
    char c = kBase[second - 0x80];
    return c == '/' ? 0 : c;  // x and / are not letters
}

bool is_vowel_at(std::string_view w, size_t i) {
    auto c = static_cast<unsigned char>(w[i]);
    if (c >= 0x80) return true;  // an accented Latin letter: nearly always a vowel
    c = static_cast<unsigned char>(std::tolower(c));
    if (c == 'y') return i > 0;  // "yes" starts with a consonant, "fly" ends with a vowel
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

bool is_continuation(std::string_view w, size_t i) {
    return i < w.size() && (static_cast<unsigned char>(w[i]) & 0xC0) == 0x80;
}

}  // namespace

std::vector<TextWord> split_words(std::string_view line) {
    std::vector<TextWord> words;
    TextWord current;
    auto flush = [&] {
        std::string& s = current.spoken;
        size_t b = s.find_first_not_of('\'');
        size_t e = s.find_last_not_of('\'');
        s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
        if (std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c); })) {
            std::string& w = current.written;
            while (!w.empty() && w.front() == '\'') w.erase(w.begin());
            while (!w.empty() && w.back() == '\'') w.pop_back();
            words.push_back(std::move(current));
        }
        current = {};
    };
    for (size_t i = 0; i < line.size(); ++i) {
        auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x80 && is_ascii_word_char(c)) {
            current.written.push_back(static_cast<char>(c));
            current.spoken.push_back(static_cast<char>(std::tolower(c)));
        } else if (c == 0xC3 && i + 1 < line.size() &&
                   latin1_base(static_cast<unsigned char>(line[i + 1])) != 0) {
            current.written.append(line.substr(i, 2));
            current.spoken.push_back(latin1_base(static_cast<unsigned char>(line[i + 1])));
            ++i;
        } else if (c == 0xE2 && line.substr(i, 3) == "\xE2\x80\x99") {  // right single quote
            current.written.push_back('\'');
            current.spoken.push_back('\'');
            i += 2;
        } else {
            flush();
        }
    }
    flush();
    return words;
}

std::vector<std::string> split_spelling(std::string_view word, size_t n) {
    if (n <= 1) return {std::string(word)};
    // Vowel groups: [start, end) byte ranges.
    std::vector<std::pair<size_t, size_t>> groups;
    for (size_t i = 0; i < word.size();) {
        if (is_vowel_at(word, i)) {
            size_t j = i;
            while (j < word.size() && (is_vowel_at(word, j) || is_continuation(word, j))) ++j;
            groups.emplace_back(i, j);
            i = j;
        } else {
            ++i;
        }
    }
    std::vector<size_t> cuts;  // byte offsets where a new syllable starts
    for (size_t g = 1; g < groups.size() && cuts.size() + 1 < n; ++g) {
        size_t cluster_start = groups[g - 1].second, cluster_end = groups[g].first;
        size_t len = cluster_end - cluster_start;
        size_t cut = cluster_end;
        if (len >= 2) {
            std::string pair(word.substr(cluster_start, 2));
            for (char& ch : pair)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            bool digraph = pair == "th" || pair == "sh" || pair == "ch" || pair == "ph" ||
                           pair == "wh" || pair == "gh";
            cut = digraph && len == 2 ? cluster_start : cluster_start + 1;
        } else if (len == 1) {
            cut = cluster_start;
        }
        cuts.push_back(cut);
    }
    // Fewer vowel groups than syllables ("42" said "forty two", "rhythm"): halve the longest.
    while (cuts.size() + 1 < n) {
        std::vector<size_t> bounds{0};
        bounds.insert(bounds.end(), cuts.begin(), cuts.end());
        bounds.push_back(word.size());
        size_t best = 0, best_len = 0;
        for (size_t k = 0; k + 1 < bounds.size(); ++k) {
            if (bounds[k + 1] - bounds[k] > best_len)
                best_len = bounds[k + 1] - bounds[k], best = k;
        }
        if (best_len < 2) break;
        size_t mid = bounds[best] + best_len / 2;
        while (mid < bounds[best + 1] && is_continuation(word, mid)) ++mid;
        if (mid >= bounds[best + 1]) break;
        cuts.insert(std::upper_bound(cuts.begin(), cuts.end(), mid), mid);
    }
    std::vector<std::string> pieces;
    size_t from = 0;
    for (size_t cut : cuts) {
        pieces.emplace_back(word.substr(from, cut - from));
        from = cut;
    }
    pieces.emplace_back(word.substr(from));
    while (pieces.size() < n) pieces.emplace_back();  // a word shorter than its syllables
    return pieces;
}

}  // namespace omg::voice::detail
