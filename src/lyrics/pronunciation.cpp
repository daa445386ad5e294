#include "lyrics/pronunciation.h"

#include <espeak-ng/speak_lib.h>

#include <cctype>

namespace omg::lyrics {
namespace {

// The library session shared by every Pronouncer: espeak-ng has one global state, and it cannot
// be initialised again after espeak_Terminate in the same process, so the session opens with the
// first Pronouncer and closes when the process ends (this object's destructor).
std::mutex& library_mutex() {
    static std::mutex m;
    return m;
}

struct Session {
    bool ok = false;
    std::string error;
    Session() {
        int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (rate <= 0) {
            error = "espeak-ng could not be initialised (install espeak-ng-data)";
            return;
        }
        if (espeak_SetVoiceByName("en-us") != EE_OK && espeak_SetVoiceByName("en") != EE_OK) {
            error = "espeak-ng has no English voice";
            return;
        }
        ok = true;
    }
    ~Session() { espeak_Terminate(); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
};

// Called with library_mutex() held.
const Session& session() {
    static Session s;
    return s;
}

bool is_vowel_phoneme(std::string_view p) {
    size_t i = 0;
    while (i < p.size() && (p[i] == '\'' || p[i] == ',' || p[i] == '%' || p[i] == '=')) ++i;
    if (i >= p.size()) return false;
    char c = p[i];
    return std::string_view("aeiouAEIOUV@03").find(c) != std::string_view::npos;
}

bool has_primary_stress(std::string_view p) { return !p.empty() && p[0] == '\''; }
bool has_stress(std::string_view p) { return !p.empty() && (p[0] == '\'' || p[0] == ','); }

std::string strip_stress(std::string_view p) {
    std::string out;
    for (char c : p) {
        if (c != '\'' && c != ',' && c != '%' && c != '=') out.push_back(c);
    }
    return out;
}

// espeak spells a few weak vowels differently in different words ("@2", "a#", "I2"); folding
// the variants keeps rhymes like "away"/"today" whole.
std::string fold_vowel(std::string p) {
    if (p == "@2" || p == "@5" || p == "a#") return "@";
    if (p == "I2" || p == "I#") return "I";
    if (p == "i") return "i:";
    if (p == "O2") return "O";
    if (p == "t#") return "t";
    return p;
}

}  // namespace

std::string normalize_word(std::string_view word) {
    std::string out;
    for (char c : word) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '\'' || u >= 0x80) out.push_back(static_cast<char>(std::tolower(u)));
    }
    while (!out.empty() && out.front() == '\'') out.erase(out.begin());
    while (!out.empty() && out.back() == '\'') out.pop_back();
    return out;
}

std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        auto w = normalize_word(cur);
        if (!w.empty()) out.push_back(w);
        cur.clear();
    };
    for (char c : line) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == '-' || c == ',' || c == '.' ||
            c == '!' || c == '?' || c == ';' || c == ':' || c == '"' || c == '(' || c == ')') {
            flush();
        } else {
            cur.push_back(c);
        }
    }
    flush();
    return out;
}

Result<std::unique_ptr<Pronouncer>> Pronouncer::open() {
    std::lock_guard lock(library_mutex());
    const Session& s = session();
    if (!s.ok) return fail(Errc::unavailable, s.error);
    return std::unique_ptr<Pronouncer>(new Pronouncer());
}

Pronouncer::~Pronouncer() = default;

std::vector<std::string> Pronouncer::phonemes_locked(const std::string& text) {
    std::vector<std::string> out;
    const void* ptr = text.c_str();
    // Separator '|' between phonemes; words come back separated by spaces.
    const int mode = static_cast<int>('|') << 8;
    while (ptr != nullptr) {
        const char* ph = espeak_TextToPhonemes(&ptr, espeakCHARS_UTF8, mode);
        if (ph == nullptr) break;
        std::string cur;
        for (const char* c = ph; *c != '\0'; ++c) {
            if (*c == '|' || *c == ' ' || *c == '\n' || *c == '_') {
                if (!cur.empty()) out.push_back(cur);
                cur.clear();
            } else {
                cur.push_back(*c);
            }
        }
        if (!cur.empty()) out.push_back(cur);
    }
    return out;
}

WordSound Pronouncer::word(std::string_view raw) {
    const std::string w = normalize_word(raw);
    WordSound sound;
    if (w.empty()) return sound;
    {
        std::lock_guard lock(cache_mutex_);
        if (auto it = cache_.find(w); it != cache_.end()) return it->second;
    }
    {
        std::lock_guard lock(library_mutex());
        sound.phonemes = phonemes_locked(w);
    }
    size_t last_stressed = std::string::npos;
    size_t last_vowel = std::string::npos;
    for (size_t i = 0; i < sound.phonemes.size(); ++i) {
        const auto& p = sound.phonemes[i];
        if (!is_vowel_phoneme(p)) continue;
        ++sound.syllables;
        last_vowel = i;
        if (has_primary_stress(p) || (last_stressed == std::string::npos && has_stress(p))) {
            last_stressed = i;
        }
    }
    size_t from = last_stressed != std::string::npos ? last_stressed : last_vowel;
    if (from != std::string::npos) {
        for (size_t i = from; i < sound.phonemes.size(); ++i) {
            if (!sound.rhyme.empty()) sound.rhyme.push_back(' ');
            sound.rhyme += fold_vowel(strip_stress(sound.phonemes[i]));
        }
    }
    std::lock_guard lock(cache_mutex_);
    cache_.emplace(w, sound);
    return sound;
}

int Pronouncer::syllables(std::string_view text) {
    int n = 0;
    for (const auto& w : split_words(text)) n += word(w).syllables;
    return n;
}

std::string Pronouncer::rhyme_of_line(std::string_view line) {
    auto words = split_words(line);
    if (words.empty()) return {};
    return word(words.back()).rhyme;
}

bool Pronouncer::rhymes(std::string_view a, std::string_view b) {
    auto ra = rhyme_of_line(a);
    return !ra.empty() && ra == rhyme_of_line(b);
}

}  // namespace omg::lyrics
