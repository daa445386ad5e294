// Pronunciation: syllables and rhymes by sound, from espeak-ng's phonemes (American English).
//
// A rhyme is decided by pronunciation, never by spelling: two words rhyme when the phonemes
// from their last stressed vowel to the end are the same ("night"/"light", "fire"/"desire"),
// so "again"/"rain" do not, while "dreams"/"streams" do. Syllables are the vowel phonemes.
//
// espeak-ng keeps process-wide state and cannot be initialised twice in one process, so every
// Pronouncer shares one library session, opened with the first instance and closed at process
// exit; all calls into the library are serialised by one mutex, which makes a Pronouncer safe
// to use from several threads. Results are cached per instance and word. Deterministic: the
// same word always gets the same phonemes.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace omg::lyrics {

struct WordSound {
    std::vector<std::string> phonemes;  // espeak ASCII names, stress marks kept ("'aI")
    int syllables = 0;
    std::string rhyme;  // phonemes from the last stressed vowel, stress removed ("aI t")
};

class Pronouncer {
public:
    // Errc::unavailable when espeak-ng or its English voice cannot be loaded.
    static Result<std::unique_ptr<Pronouncer>> open();
    ~Pronouncer();
    Pronouncer(const Pronouncer&) = delete;
    Pronouncer& operator=(const Pronouncer&) = delete;

    // One word (punctuation ignored). An empty or unpronounceable word has 0 syllables.
    WordSound word(std::string_view word);
    // Syllables of a whole line of text.
    int syllables(std::string_view text);
    // The rhyme part of the line's last word.
    std::string rhyme_of_line(std::string_view line);
    bool rhymes(std::string_view a, std::string_view b);

private:
    Pronouncer() = default;
    std::vector<std::string> phonemes_locked(const std::string& text);

    std::mutex cache_mutex_;
    std::map<std::string, WordSound, std::less<>> cache_;
};

// Lower-case letters, digits and apostrophes of a word ("Night," -> "night").
std::string normalize_word(std::string_view word);
// The words of a line, normalised, empty ones dropped.
std::vector<std::string> split_words(std::string_view line);

}  // namespace omg::lyrics
