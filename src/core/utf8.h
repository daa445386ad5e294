// UTF-8 text for places that must receive valid UTF-8: file tags (Vorbis comments in FLAC and
// Ogg must be UTF-8; libsndfile's FLAC writer goes on with an uninitialised comment when libFLAC
// refuses one, and crashed the server on a title cut inside a character), and any cut of user
// text to a byte budget.
//
// `valid_utf8` returns the text with every malformed sequence (a stray continuation byte, a
// sequence cut short, an overlong form, a surrogate, a code point past U+10FFFF) replaced by
// U+FFFD; valid text comes back unchanged. `decode_utf8` returns the text's code points, read the
// same way (each byte of a malformed sequence one U+FFFD), for writers of other encodings (the
// UTF-16 of ID3 tags). `utf8_prefix` returns the longest prefix of at most `max_bytes` bytes
// that does not end inside a character. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace omg::core {

std::string valid_utf8(std::string_view text);
std::u32string decode_utf8(std::string_view text);
std::string utf8_prefix(std::string_view text, size_t max_bytes);

}  // namespace omg::core
