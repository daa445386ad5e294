// Standard MIDI File (format 1) writing and reading.
//
// Writing: a conductor track (the tempo map as Set Tempo events, time signature, key signature,
// section markers as Marker meta events, the recipe as a Text event), then one track per instrument with its name, program
// (bank select for drum kits), CC7/10/91/93 and notes. Deterministic: same Score, same bytes.
// Reading parses what we write (and ordinary SMF 0/1 files) back into a Score, tempo map
// included (the first Set Tempo at tick 0 is the opening tempo, later ones its changes), for
// round-trip tests and import. Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "model/score.h"

namespace omg::encode {

std::vector<unsigned char> midi_bytes(const model::Score& score, const std::string& text = {});
Status write_midi(const model::Score& score, const std::string& text,
                  const std::filesystem::path& destination);
Result<model::Score> parse_midi(const std::vector<unsigned char>& bytes);
Result<model::Score> read_midi(const std::filesystem::path& path);

}  // namespace omg::encode
