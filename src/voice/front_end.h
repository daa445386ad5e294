// Internal to voice/: the text front end (Festival as a subprocess) and its helpers.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/vocal.h"

namespace omg::voice::detail {

// A word of a lyric line: as written (punctuation stripped) and as sent to Festival (lower-case
// ASCII letters, digits and inner apostrophes; accented Latin letters lose their accents).
struct TextWord {
    std::string written;
    std::string spoken;
};

// The words of a line; separators are everything but letters, digits and apostrophes.
std::vector<TextWord> split_words(std::string_view line);

// The spelling of a word cut into `n` pieces for display ("jug", "gling"), at vowel groups.
// The pieces joined give the word back; UTF-8 characters are never cut.
std::vector<std::string> split_spelling(std::string_view word, size_t n);

// What Festival made of one line.
struct FrontEndLine {
    std::vector<model::LyricWord> words;
    std::vector<std::string> pause_labels;  // before, after (empty for a line with no words)
};

// Runs Festival once for all lines (each a list of spoken words) and parses its answer.
Result<std::vector<FrontEndLine>> run_festival(const std::filesystem::path& festival,
                                               const std::filesystem::path& festival_lib,
                                               const std::vector<std::vector<TextWord>>& lines,
                                               double timeout_s);

// Festival's answer (the script's protocol) -> lines; `lines` gives each line's words.
Result<std::vector<FrontEndLine>> parse_festival_output(
    std::string_view out, const std::vector<std::vector<TextWord>>& lines);

}  // namespace omg::voice::detail
