#include "compose/chord.h"

#include <algorithm>
#include <array>

namespace omg::compose {
namespace {

constexpr std::array<int, 7> kMajorScale{0, 2, 4, 5, 7, 9, 11};

int pc_of(int v) { return ((v % 12) + 12) % 12; }

struct Numeral {
    int degree = 0;     // 0..6
    bool upper = true;
    size_t length = 0;  // characters consumed
};

std::optional<Numeral> read_numeral(std::string_view s) {
    static const char* kUpper[7] = {"VII", "III", "IV", "VI", "II", "V", "I"};
    static const int kDegree[7] = {6, 2, 3, 5, 1, 4, 0};
    for (int i = 0; i < 7; ++i) {
        const std::string_view up = kUpper[i];
        if (s.size() < up.size()) continue;
        bool match_upper = true, match_lower = true;
        for (size_t k = 0; k < up.size(); ++k) {
            match_upper &= s[k] == up[k];
            match_lower &= s[k] == static_cast<char>(up[k] - 'A' + 'a');
        }
        if (match_upper || match_lower) return Numeral{kDegree[i], match_upper, up.size()};
    }
    return std::nullopt;
}

// Reads accidentals ("b", "#") in front of a numeral.
int read_accidentals(std::string_view& s) {
    int shift = 0;
    while (!s.empty() && (s.front() == 'b' || s.front() == '#')) {
        // "b" followed by a numeral letter is a flat; a lone "b" is not a numeral anyway.
        shift += s.front() == '#' ? 1 : -1;
        s.remove_prefix(1);
    }
    return shift;
}

bool consume(std::string_view& s, std::string_view token) {
    if (s.substr(0, token.size()) == token) {
        s.remove_prefix(token.size());
        return true;
    }
    return false;
}

std::string chord_symbol(int root, const std::vector<int>& iv, int bass, const model::Key& key) {
    auto has = [&](int x) { return std::find(iv.begin(), iv.end(), x) != iv.end(); };
    std::string s = model::pitch_class_name(root, key.mode);
    const bool minor = has(3) && !has(4);
    if (has(3) && has(6) && has(9)) s += "dim7";
    else if (has(3) && has(6) && has(10)) s += "m7b5";
    else if (has(3) && has(6)) s += "dim";
    else if (has(4) && has(8)) s += "aug";
    else if (minor) s += has(10) ? (has(14) ? "m9" : "m7") : (has(9) ? "m6" : "m");
    else if (has(11)) s += has(14) ? "maj9" : "maj7";
    else if (has(10)) s += has(14) ? "9" : (has(13) ? "7b9" : (has(15) ? "7#9" : "7"));
    else if (has(9)) s += has(14) ? "6/9" : "6";
    else if (has(14)) s += "add9";
    if (!has(3) && !has(4)) s += has(2) ? "sus2" : (has(5) ? "sus4" : "5");
    if (bass != root) s += "/" + model::pitch_class_name(bass, key.mode);
    return s;
}

}  // namespace

std::vector<int> Chord::pitch_classes() const {
    std::vector<int> out;
    for (int i : intervals) out.push_back(pc_of(root + i));
    return out;
}

bool Chord::contains_pc(int pc) const {
    for (int i : intervals)
        if (pc_of(root + i) == pc_of(pc)) return true;
    return false;
}

bool Chord::minor_third() const {
    return std::find(intervals.begin(), intervals.end(), 3) != intervals.end() &&
           std::find(intervals.begin(), intervals.end(), 4) == intervals.end();
}

int Chord::degree_pc(int degree) const {
    auto has = [&](int x) { return std::find(intervals.begin(), intervals.end(), x) != intervals.end(); };
    switch (degree) {
        case 1: return root;
        case 3:
            if (has(4)) return pc_of(root + 4);
            if (has(3)) return pc_of(root + 3);
            if (has(5)) return pc_of(root + 5);
            return pc_of(root + 2);
        case 5:
            if (has(7)) return pc_of(root + 7);
            if (has(6)) return pc_of(root + 6);
            if (has(8)) return pc_of(root + 8);
            return pc_of(root + 7);
        case 7:
            if (has(11)) return pc_of(root + 11);
            if (has(10)) return pc_of(root + 10);
            if (has(9) && has(6)) return pc_of(root + 9);
            return pc_of(root + 10);
        case 9:
            if (has(13)) return pc_of(root + 13);
            if (has(15)) return pc_of(root + 15);
            return pc_of(root + 14);
        default: return root;
    }
}

Result<Chord> parse_roman(std::string_view numeral, const model::Key& key) {
    const std::string original(numeral);
    std::string_view s = numeral;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    Chord chord;
    chord.roman = std::string(s);
    if (s == "N.C." || s == "NC" || s == "N.C") {
        chord.none = true;
        chord.symbol = "N.C.";
        return chord;
    }
    auto bad = [&](std::string_view why) {
        return fail(Errc::invalid_argument,
                    "chord '" + original + "' is not a Roman numeral OMG understands (" +
                        std::string(why) + ")");
    };

    // Split off "/^N" (bass degree) and "/X" (secondary target); "6/9" is a suffix, not a slash.
    std::string_view target_text, bass_text;
    {
        const auto caret = s.find("/^");
        if (caret != std::string_view::npos) {
            bass_text = s.substr(caret + 2);
            s = s.substr(0, caret);
        }
        const auto slash = s.find('/');
        if (slash != std::string_view::npos && s.substr(slash > 0 ? slash - 1 : 0, 3) != "6/9") {
            target_text = s.substr(slash + 1);
            s = s.substr(0, slash);
        }
    }

    const int accidental = read_accidentals(s);
    auto num = read_numeral(s);
    if (!num) return bad("no numeral");
    s.remove_prefix(num->length);

    // Quality marks.
    bool dim = false, half_dim = false, aug = false;
    if (consume(s, "°") || consume(s, "o")) dim = true;
    else if (consume(s, "ø") || consume(s, "h")) half_dim = true;
    else if (consume(s, "+")) aug = true;

    std::vector<int> iv;
    if (dim || half_dim) iv = {0, 3, 6};
    else if (aug) iv = {0, 4, 8};
    else if (num->upper) iv = {0, 4, 7};
    else iv = {0, 3, 7};
    const bool upper_major = num->upper && !dim && !half_dim && !aug;

    auto add = [&](int x) {
        if (std::find(iv.begin(), iv.end(), x) == iv.end()) iv.push_back(x);
    };
    auto remove = [&](int x) { iv.erase(std::remove(iv.begin(), iv.end(), x), iv.end()); };
    auto seventh = [&] {
        if (dim) add(9);
        else if (half_dim) add(10);
        else add(10);
    };

    if (half_dim) add(10);  // ø is a seventh chord by definition
    if (consume(s, "m7b5")) { iv = {0, 3, 6, 10}; }
    else if (consume(s, "maj9")) { add(11); add(14); }
    else if (consume(s, "maj7")) { add(11); }
    else if (consume(s, "6/9")) { add(9); add(14); }
    else if (consume(s, "add9")) { add(14); }
    else if (consume(s, "7sus4")) { remove(3); remove(4); add(5); add(10); }
    else if (consume(s, "7b9")) { seventh(); add(13); }
    else if (consume(s, "7#9")) { seventh(); add(15); }
    else if (consume(s, "13")) { seventh(); add(14); add(21); }
    else if (consume(s, "11")) { seventh(); add(14); add(17); }
    else if (consume(s, "9")) { seventh(); add(14); }
    else if (consume(s, "7")) { seventh(); }
    else if (consume(s, "6")) { add(9); }
    if (consume(s, "sus4")) { remove(3); remove(4); add(5); }
    else if (consume(s, "sus2")) { remove(3); remove(4); add(2); }
    if (consume(s, "b9")) add(13);
    if (!s.empty()) return bad("unknown suffix '" + std::string(s) + "'");
    (void)upper_major;
    std::sort(iv.begin(), iv.end());

    int root = key.tonic + kMajorScale[static_cast<size_t>(num->degree)] + accidental;
    if (!target_text.empty()) {
        std::string_view t = target_text;
        const int t_acc = read_accidentals(t);
        auto target = read_numeral(t);
        if (!target || target->length != t.size()) return bad("unknown secondary target");
        // The numeral counts within the major scale of the target chord's root.
        const int target_root =
            key.tonic + kMajorScale[static_cast<size_t>(target->degree)] + t_acc;
        root = target_root + kMajorScale[static_cast<size_t>(num->degree)] + accidental;
    }
    chord.root = pc_of(root);
    chord.intervals = iv;
    chord.bass = chord.root;
    if (!bass_text.empty()) {
        const int bass_shift = read_accidentals(bass_text);
        if (bass_text.size() != 1 || bass_text[0] < '1' || bass_text[0] > '7')
            return bad("bass degree must be ^1..^7, optionally with b or #");
        const auto& scale = model::mode_intervals(key.mode);
        int bass = pc_of(key.tonic + scale[static_cast<size_t>(bass_text[0] - '1')] + bass_shift);
        // A scale degree a half step from a chord tone means that chord tone (V/^7 in minor).
        if (!chord.contains_pc(bass)) {
            if (chord.contains_pc(bass + 1)) bass = pc_of(bass + 1);
            else if (chord.contains_pc(bass - 1)) bass = pc_of(bass - 1);
        }
        chord.bass = bass;
    }
    chord.symbol = chord_symbol(chord.root, chord.intervals, chord.bass, key);
    return chord;
}

Result<std::vector<std::vector<std::string>>> split_progression(std::string_view text) {
    std::vector<std::vector<std::string>> bars;
    std::vector<std::string> current;
    std::string word;
    bool any_bar_content = false;
    auto flush_word = [&] {
        if (!word.empty()) {
            current.push_back(word);
            word.clear();
            any_bar_content = true;
        }
    };
    for (char c : text) {
        if (c == '|') {
            flush_word();
            if (!current.empty()) bars.push_back(current);
            current.clear();
        } else if (c == ' ' || c == '\t' || c == '\n') {
            flush_word();
        } else {
            word.push_back(c);
        }
    }
    flush_word();
    if (!current.empty()) bars.push_back(current);
    if (bars.empty() || !any_bar_content)
        return fail(Errc::invalid_argument, "progression '" + std::string(text) + "' has no chords");
    return bars;
}

}  // namespace omg::compose
