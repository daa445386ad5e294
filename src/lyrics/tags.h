// Song text to sections: what the user, the built-in writer or an LLM wrote, read as the song's form.
//
// Section tags are read in any case, with or without numbers, and in ACE-Step's commented form:
// "[Verse]", "[verse 2]", "[VERSE2]", "[Pre-Chorus]", "[Chorus - anthemic]", "[Guitar Solo]",
// "[Hook]", "[Refrain]", "[Interlude]", "[Coda]". Each becomes a `model::LyricSection` with a role
// (intro, verse, pre-chorus, chorus, bridge, instrumental, outro), a shown tag and the comment as
// `note`. A tag nobody knows is sung as a verse and reported. A sung section without lines is
// dropped and reported; instrumental tags keep no lines (words under them are reported, not sung).
// Untagged text is split at blank lines into stanzas: a stanza that comes back word for word is the
// chorus, the others verses; one long block is cut into verses of four lines. Lines are trimmed,
// very long ones split at a comma or in the middle; the whole text is capped (kMaxSongLines lines,
// kMaxLineWords words a line) and what was cut is reported. Pure, deterministic, linear time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/vocal.h"

namespace omg::lyrics {

inline constexpr int kMaxSongLines = 200;
inline constexpr int kMaxLineWords = 16;

struct SongText {
    std::vector<model::LyricSection> sections;  // lines carry only `text`
    std::vector<std::string> notes;             // what was read differently, cut or dropped, and why
};

SongText read_song_text(std::string_view text);

// "Verse 1", "Chorus": the role of a tag's words, or "" when nobody knows them.
std::string role_of_tag(std::string_view words);

}  // namespace omg::lyrics
