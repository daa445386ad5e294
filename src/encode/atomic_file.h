// Writing a whole file so that it appears complete or not at all: the bytes go to
// "<destination>.partial-<random>" in the same directory, which is renamed over the destination
// when complete and removed on any failure.
#pragma once

#include <filesystem>
#include <span>

#include "core/result.h"

namespace omg::encode {

// Errors: io (the message names the destination's file name only).
Status write_file_atomically(const std::filesystem::path& destination,
                             std::span<const unsigned char> bytes);

}  // namespace omg::encode
