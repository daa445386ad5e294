// Identifiers: unguessable ids, and the validation every id passes before it names a file.
//
// Job and version ids are uuid4 strings (122 random bits from the OS). Sergiecode-compatible
// track ids keep that client's "track_<8 hex>" shape. `is_valid_id` accepts exactly these
// shapes (lowercase hex, no separators other than '-'), so a valid id is always a safe single
// path component. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace omg::storage {

std::string new_uuid();      // "3f2b...-4...-[89ab]...-..."
std::string new_track_id();  // "track_1a2b3c4d"
bool is_uuid(std::string_view id);
bool is_track_id(std::string_view id);
inline bool is_valid_id(std::string_view id) { return is_uuid(id) || is_track_id(id); }

// A file name we are willing to create or serve inside an artifact folder: 1..128 characters
// of [A-Za-z0-9._-], not starting with '.', and without "..".
bool is_safe_file_name(std::string_view name);

}  // namespace omg::storage
