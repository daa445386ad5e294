// Multipart bodies (RFC 2046 §5.1) as remote engines send results: acestep.cpp answers a batch
// as "multipart/mixed; boundary=..." with one part per track.
//
// Untrusted input from another server: parsing never throws, never reads past the body, and
// copies nothing (each part is a view into the body, valid while the body lives). A body
// without its closing delimiter, a part without the blank line after its headers, or a
// boundary over 70 characters (the RFC's limit) is Errc::invalid_argument with a reason.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace omg::providers {

struct MultipartPart {
    std::string content_type;  // lower-cased, parameters dropped: "audio/mpeg" ("" when none)
    std::string_view headers;  // the part's header block as sent
    std::string_view body;
};

// The `boundary` parameter of a multipart Content-Type (quoted or not); nullopt when the type
// is not multipart or names no boundary.
std::optional<std::string> multipart_boundary(std::string_view content_type);

// The parts between "--boundary" lines, in order; the preamble and epilogue are skipped.
Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace omg::providers
