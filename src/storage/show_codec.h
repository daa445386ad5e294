// The storage codec of a show record's two JSON columns: `spec` (the show as asked and planned,
// with each cue's job id; written once) and `result` (the assembled files and the cues' starts;
// written on completion). Each cue's request goes through request_codec.h. Equal records give
// equal text; decoding what encoding wrote round-trips exactly; text that is not what it should
// be is Errc::invalid_argument. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "storage/show_record.h"

namespace omg::storage {

std::string encode_show_spec(const ShowRecord& record);
Status decode_show_spec(std::string_view text, ShowRecord& record);

std::string encode_show_result(const ShowRecord& record);
Status decode_show_result(std::string_view text, ShowRecord& record);

}  // namespace omg::storage
