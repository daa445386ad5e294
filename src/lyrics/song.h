// Internal to the built-in writer: one song's topic, world, mood and line makers, shared by
// write_lyrics and refine_lyrics. Sections are written from the story stage of their role
// (verse 1 sets the scene, verse 2 moves, later verses land, the bridge reflects), the chorus
// opens on the hook and comes back to it, and rhyme letters are honoured by pronunciation.
// Lines come from the written couplets of the topic's world first (couplets.h); only a section
// they cannot fill falls back to typed patterns (lines.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/rng.h"
#include "lyrics/couplets.h"
#include "lyrics/lines.h"
#include "lyrics/lyrics.h"
#include "lyrics/topic.h"

namespace omg::lyrics {

class SongWriter {
public:
    SongWriter(const LyricForm& form, const WriteOptions& options, const Vocabulary& vocabulary,
               Pronouncer& pronouncer);

    const Topic& topic() const { return topic_; }
    std::string theme_name() const;
    std::string mood_name() const { return mood_ ? mood_->name : ""; }

    // Lines for one sung section; non-empty `keep` entries stay as they are. `verse_no` is the
    // verse's number (1-based) for verses, else 0.
    std::optional<std::vector<std::string>> section(Role role, int verse_no, const std::vector<LineSpec>& specs,
                                                    const std::vector<std::string>& keep = {});
    // Lines the song already sings, so no other section repeats them.
    void sung(const std::vector<std::string>& lines);
    // How each line of the last section() was made (kept lines: an empty trace).
    const std::vector<LineTrace>& traces() const { return traces_; }

private:
    std::vector<std::string> patterns(Role role, int verse_no) const;
    std::optional<std::vector<std::string>> written(Role role, int verse_no, const std::vector<LineSpec>& specs,
                                                    const std::vector<std::string>& keep);

    const Vocabulary& vocab_;
    Pronouncer& p_;
    Rng rng_;
    Topic topic_;
    const Mood* mood_ = nullptr;
    World world_;
    std::unique_ptr<LineMaker> maker_;
    std::unique_ptr<CoupletWriter> couplets_;
    std::set<std::string> sung_;
    std::vector<LineTrace> traces_;
};

// write_lyrics, and how every line was made: `trace` gets one entry per form section, one
// LineTrace per line (tests check slot types, fillers and patterns with it).
Result<Lyrics> write_lyrics_traced(const LyricForm& form, const WriteOptions& options, const Vocabulary& vocabulary,
                                   Pronouncer& pronouncer, std::vector<std::vector<LineTrace>>* trace);

Role role_of_tag(const std::string& tag);
Status check_form(const LyricForm& form);
// The rhyme letters plan_form gives a section of `n` lines (ABCB quatrains, AA couplets).
std::vector<LineSpec> line_specs(Role role, size_t n, int syllables);
std::string lower(std::string s);

}  // namespace omg::lyrics
