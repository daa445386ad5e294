// Ogg page surgery. libsndfile picks each Ogg stream's serial number at random (seeded from the
// clock), which would make two encodes of the same audio differ; we set a fixed serial and
// recompute each page's CRC so the same Pcm always gives the same bytes.
#pragma once

#include <cstdint>
#include <vector>

namespace omg::encode {

// Rewrites the serial number of every page. Returns false if the bytes are not a well-formed
// sequence of Ogg pages (then they are left unchanged).
bool set_ogg_serial(std::vector<unsigned char>& bytes, uint32_t serial);

}  // namespace omg::encode
