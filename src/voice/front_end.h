// Internal to voice/: the text front end (Festival as a subprocess) and its helpers.
#pragma once

#include <filesystem>
#include <memory>
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

// Festival processes started before their lines are known: each loads its lexicon and voice
// (~40 ms) while the caller writes the words, then waits (on a pipe) for them. `analyse` hands
// the distinct lines out between the processes (once; a second call is Errc::internal), reads
// and parses the answers; the destructor kills and reaps whatever still runs. Move-only.
class FestivalRun {
public:
    static Result<FestivalRun> start(const std::filesystem::path& festival,
                                     const std::filesystem::path& festival_lib, size_t processes);
    // How many processes `distinct_lines` lines are worth: one per three, up to the cores (4 at most).
    static size_t processes_for(size_t distinct_lines);
    FestivalRun(FestivalRun&&) noexcept;
    FestivalRun& operator=(FestivalRun&&) = delete;
    ~FestivalRun();
    size_t processes() const;
    Result<std::vector<FrontEndLine>> analyse(const std::vector<std::vector<TextWord>>& lines,
                                              double timeout_s);

private:
    FestivalRun();
    struct State;
    std::unique_ptr<State> state_;
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
