#include "http/range.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace omg::http {

namespace {

// A run of 1..19 digits (no sign, no space), or nullopt; 19 digits always fit in 64 bits.
std::optional<uint64_t> number(std::string_view s) {
    if (s.empty() || s.size() > 19) return std::nullopt;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    return v;
}

}  // namespace

RangeRequest parse_range(std::string_view header, uint64_t size) {
    const RangeRequest whole{};
    header = trim_ows(header);
    const size_t eq = header.find('=');
    if (eq == std::string_view::npos || !iequals(trim_ows(header.substr(0, eq)), "bytes")) return whole;
    std::string_view set = header.substr(eq + 1);
    std::vector<ByteRange> wanted;
    size_t specs = 0;
    while (true) {
        const size_t comma = set.find(',');
        const std::string_view spec = trim_ows(set.substr(0, comma));
        if (!spec.empty()) {
            if (++specs > kMaxRanges) return whole;
            const size_t dash = spec.find('-');
            if (dash == std::string_view::npos) return whole;
            const std::string_view a = spec.substr(0, dash);
            const std::string_view b = spec.substr(dash + 1);
            if (a.empty()) {  // "-N": the last N bytes
                auto n = number(b);
                if (!n) return whole;
                if (*n > 0 && size > 0) wanted.push_back({size - std::min(*n, size), size - 1});
            } else {
                auto first = number(a);
                if (!first) return whole;
                std::optional<uint64_t> last;
                if (!b.empty()) {
                    last = number(b);
                    if (!last || *last < *first) return whole;
                }
                if (*first < size) wanted.push_back({*first, std::min(last.value_or(size - 1), size - 1)});
            }
        }
        if (comma == std::string_view::npos) break;
        set = set.substr(comma + 1);
    }
    if (specs == 0) return whole;
    if (wanted.empty()) return {RangeRequest::Kind::unsatisfiable, {}};
    std::sort(wanted.begin(), wanted.end(),
              [](const ByteRange& x, const ByteRange& y) { return x.first < y.first; });
    std::vector<ByteRange> merged;
    for (const auto& r : wanted) {
        if (!merged.empty() && r.first <= merged.back().last + 1) {
            merged.back().last = std::max(merged.back().last, r.last);
        } else {
            merged.push_back(r);
        }
    }
    return {RangeRequest::Kind::partial, std::move(merged)};
}

void apply_range(const Request& req, Reply& res) {
    if (!res.content || res.status != 200) return;
    if (req.method != "GET" && req.method != "HEAD") return;
    const std::string header = req.get_header_value("Range");
    if (header.empty() || req.has_header("If-Range")) return;
    const uint64_t size = res.content->size();
    const RangeRequest r = parse_range(header, size);
    if (r.kind == RangeRequest::Kind::whole) return;
    if (r.kind == RangeRequest::Kind::unsatisfiable) {
        detail(res, 416, "Requested range not satisfiable");
        res.set_header("Content-Range", "bytes */" + std::to_string(size));
        return;
    }
    const std::string type = res.get_header_value("Content-Type");
    res.status = 206;
    res.slices.clear();
    res.trailer.clear();
    auto content_range = [size](const ByteRange& b) {
        return "bytes " + std::to_string(b.first) + "-" + std::to_string(b.last) + "/" +
               std::to_string(size);
    };
    if (r.ranges.size() == 1) {
        const auto& b = r.ranges.front();
        res.slices.push_back({"", b.first, b.last - b.first + 1});
        res.set_header("Content-Range", content_range(b));
        return;
    }
    // A boundary that depends only on the request, so replies are reproducible.
    uint64_t h = 1469598103934665603ull;
    for (const auto& b : r.ranges) h = (h ^ b.first ^ (b.last << 1)) * 1099511628211ull;
    static const char* kHex = "0123456789abcdef";
    std::string boundary = "omg-byteranges-";
    for (int i = 0; i < 16; ++i) boundary += kHex[(h >> (i * 4)) & 15];
    for (const auto& b : r.ranges) {
        std::string prefix = res.slices.empty() ? "" : "\r\n";
        prefix += "--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: " +
                  content_range(b) + "\r\n\r\n";
        res.slices.push_back({std::move(prefix), b.first, b.last - b.first + 1});
    }
    res.trailer = "\r\n--" + boundary + "--\r\n";
    res.set_header("Content-Type", "multipart/byteranges; boundary=" + boundary);
}

}  // namespace omg::http
