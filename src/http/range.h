// Range requests (RFC 9110 §14): which bytes of a sized reply go out.
//
// `parse_range` reads a Range header against a body of `size` bytes. A header it does not
// understand (another unit, bad syntax, first > last, more than kMaxRanges ranges) is ignored
// as the RFC allows: the whole body is sent. Ranges are clamped to the body, and overlapping or
// adjacent ones merged; when none is satisfiable (a start at or past the end, "bytes=-0", any
// range of an empty body) the answer is 416. `apply_range` turns a 200 reply carrying a sized
// Content into a 206 (one range: Content-Range; several: multipart/byteranges) or a 416 with
// `Content-Range: bytes */size`, for GET and HEAD requests without If-Range. Pure functions.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace omg::http {

inline constexpr size_t kMaxRanges = 16;

struct ByteRange {
    uint64_t first = 0;
    uint64_t last = 0;  // inclusive
    bool operator==(const ByteRange&) const = default;
};

struct RangeRequest {
    enum class Kind { whole, partial, unsatisfiable };
    Kind kind = Kind::whole;
    std::vector<ByteRange> ranges;  // partial: sorted, disjoint, within the body
    bool operator==(const RangeRequest&) const = default;
};

RangeRequest parse_range(std::string_view header, uint64_t size);

void apply_range(const Request& req, Reply& res);

}  // namespace omg::http
