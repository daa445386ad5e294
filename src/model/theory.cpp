#include "model/theory.h"

#include <algorithm>
#include <cctype>

namespace omg::model {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

}  // namespace

const std::array<int, 7>& mode_intervals(Mode mode) {
    static const std::array<int, 7> kMajor{0, 2, 4, 5, 7, 9, 11};
    static const std::array<int, 7> kMinor{0, 2, 3, 5, 7, 8, 10};
    static const std::array<int, 7> kDorian{0, 2, 3, 5, 7, 9, 10};
    static const std::array<int, 7> kPhrygian{0, 1, 3, 5, 7, 8, 10};
    static const std::array<int, 7> kLydian{0, 2, 4, 6, 7, 9, 11};
    static const std::array<int, 7> kMixolydian{0, 2, 4, 5, 7, 9, 10};
    static const std::array<int, 7> kHarmonicMinor{0, 2, 3, 5, 7, 8, 11};
    static const std::array<int, 7> kLocrian{0, 1, 3, 5, 6, 8, 10};
    switch (mode) {
        case Mode::major: return kMajor;
        case Mode::minor: return kMinor;
        case Mode::dorian: return kDorian;
        case Mode::phrygian: return kPhrygian;
        case Mode::lydian: return kLydian;
        case Mode::mixolydian: return kMixolydian;
        case Mode::harmonic_minor: return kHarmonicMinor;
        case Mode::locrian: return kLocrian;
    }
    return kMajor;
}

std::string_view mode_name(Mode mode) {
    switch (mode) {
        case Mode::major: return "major";
        case Mode::minor: return "minor";
        case Mode::dorian: return "dorian";
        case Mode::phrygian: return "phrygian";
        case Mode::lydian: return "lydian";
        case Mode::mixolydian: return "mixolydian";
        case Mode::harmonic_minor: return "harmonic minor";
        case Mode::locrian: return "locrian";
    }
    return "major";
}

std::optional<Mode> parse_mode(std::string_view name) {
    const std::string n = lower(trim(name));
    if (n == "major" || n == "maj" || n == "ionian") return Mode::major;
    if (n == "minor" || n == "min" || n == "aeolian" || n == "natural minor") return Mode::minor;
    if (n == "dorian") return Mode::dorian;
    if (n == "phrygian") return Mode::phrygian;
    if (n == "lydian") return Mode::lydian;
    if (n == "mixolydian") return Mode::mixolydian;
    if (n == "harmonic minor" || n == "harmonic_minor") return Mode::harmonic_minor;
    if (n == "locrian") return Mode::locrian;
    return std::nullopt;
}

bool mode_is_minor(Mode mode) { return mode_intervals(mode)[2] == 3; }

std::string pitch_class_name(int pc, Mode mode) {
    static const char* kFlats[12] = {"C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"};
    static const char* kSharps[12] = {"C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"};
    pc = ((pc % 12) + 12) % 12;
    // Sharp keys: major G D A E B F#; their relative minors E B F# C# G# D#.
    const int major_tonic = mode_is_minor(mode) ? (pc + 3) % 12 : pc;
    const bool sharp_key = major_tonic == 7 || major_tonic == 2 || major_tonic == 9 ||
                           major_tonic == 4 || major_tonic == 11 || major_tonic == 6;
    if (pc == 6 && !sharp_key) return "F#";  // F# reads better than Gb as a tonic
    return sharp_key ? kSharps[pc] : kFlats[pc];
}

std::optional<int> parse_pitch_class(std::string_view name) {
    std::string n = lower(trim(name));
    if (n.empty()) return std::nullopt;
    static const int kNatural[7] = {9, 11, 0, 2, 4, 5, 7};  // a b c d e f g
    if (n[0] < 'a' || n[0] > 'g') return std::nullopt;
    int pc = kNatural[n[0] - 'a'];
    std::string_view rest = trim(std::string_view(n).substr(1));
    if (rest.empty()) return pc;
    if (rest == "#" || rest == "sharp" || rest == "♯" || rest == "-sharp") return (pc + 1) % 12;
    if (rest == "b" || rest == "flat" || rest == "♭" || rest == "-flat") return (pc + 11) % 12;
    return std::nullopt;
}

std::optional<Key> parse_key(std::string_view text) {
    std::string t = lower(trim(text));
    if (t.empty()) return std::nullopt;
    // Longest tonic prefix that parses, then the mode word.
    for (size_t len = std::min<size_t>(t.size(), 8); len >= 1; --len) {
        auto pc = parse_pitch_class(std::string_view(t).substr(0, len));
        if (!pc) continue;
        std::string_view rest = trim(std::string_view(t).substr(len));
        if (rest.empty()) return Key{*pc, Mode::major};
        if (rest == "m") return Key{*pc, Mode::minor};
        if (auto mode = parse_mode(rest)) return Key{*pc, *mode};
    }
    // Keep "Am"/"C#m" working when the original text used an upper-case tonic.
    return std::nullopt;
}

std::string key_name(const Key& key) {
    return pitch_class_name(key.tonic, key.mode) + " " + std::string(mode_name(key.mode));
}

std::string TimeSignature::text() const {
    return std::to_string(numerator) + "/" + std::to_string(denominator);
}

std::optional<TimeSignature> parse_time_signature(std::string_view text) {
    text = trim(text);
    const auto slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size()) return std::nullopt;
    auto to_int = [](std::string_view s) -> std::optional<int> {
        if (s.empty() || s.size() > 2) return std::nullopt;
        int v = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return std::nullopt;
            v = v * 10 + (c - '0');
        }
        return v;
    };
    auto num = to_int(trim(text.substr(0, slash)));
    auto den = to_int(trim(text.substr(slash + 1)));
    if (!num || !den) return std::nullopt;
    if (*num < 1 || *num > 16) return std::nullopt;
    if (*den != 2 && *den != 4 && *den != 8 && *den != 16) return std::nullopt;
    return TimeSignature{*num, *den};
}

bool in_scale(int key, int tonic, Mode mode) {
    const int rel = (((key - tonic) % 12) + 12) % 12;
    const auto& iv = mode_intervals(mode);
    return std::find(iv.begin(), iv.end(), rel) != iv.end();
}

}  // namespace omg::model
