// Ogg page surgery. libsndfile picks each Ogg stream's serial number at random (seeded from the
// clock), which would make two encodes of the same audio differ; we set a fixed serial and
// recompute each page's CRC so the same Pcm always gives the same bytes. libsndfile also writes
// only a fixed set of Vorbis comments, so the comment header packet can be replaced: the header
// pages after the first are laid out anew and later pages renumbered. Pure; deterministic.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace omg::encode {

// Rewrites the serial number of every page. Returns false if the bytes are not a well-formed
// sequence of Ogg pages (then they are left unchanged).
bool set_ogg_serial(std::vector<unsigned char>& bytes, uint32_t serial);

// The second packet of a single-stream Ogg file (a Vorbis stream's comment header), from as many
// pages as `head` holds; nullopt when it is not there whole.
std::optional<std::vector<unsigned char>> ogg_second_packet(std::span<const unsigned char> head);

// Replaces the second packet with what `edit` makes of it (nullopt from `edit`: no change). The
// third packet (Vorbis setup) ends its page, as the Vorbis spec requires. Returns false, leaving
// the bytes unchanged, if they are not a well-formed single-stream Ogg file or `edit` declined.
bool replace_ogg_second_packet(
    std::vector<unsigned char>& bytes,
    const std::function<std::optional<std::vector<unsigned char>>(std::span<const unsigned char>)>& edit);

}  // namespace omg::encode
