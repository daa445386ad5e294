// The one storage codec of a GenerationRequest's options: the fields that are not columns of their
// own (everything but prompt, lyrics, duration, versions, seed and provider) as one JSON object.
//
// `encode_options` writes only what is set, in a fixed order, so equal requests store equal text.
// `decode_options` reads what `encode_options` wrote, and rows written before a field existed: an
// unknown key is ignored (a newer OMG's option), a known key of the wrong type is an error
// (Errc::invalid_argument naming the key), text that is not a JSON object too. Round-trips exactly.
//
// A version's file names are stored as one text column too, one name a line (names never hold a
// line break: storage/ids.h validates them); empty lines are skipped when reading.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/request.h"

namespace omg::storage {

std::string encode_options(const model::GenerationRequest& request);
Status decode_options(std::string_view text, model::GenerationRequest& request);

std::string encode_file_list(const std::vector<std::string>& files);
std::vector<std::string> decode_file_list(std::string_view text);

}  // namespace omg::storage
