#include "providers/multipart.h"

#include <cctype>

namespace omg::providers {

namespace {

constexpr size_t kMaxBoundary = 70;  // RFC 2046 §5.1.1

std::string lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// The Content-Type of a part's header block, lower-cased, without parameters.
std::string part_type(std::string_view headers) {
    while (!headers.empty()) {
        const size_t eol = headers.find("\r\n");
        std::string_view line = headers.substr(0, eol);
        headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || lower(trim(line.substr(0, colon))) != "content-type") continue;
        std::string_view value = line.substr(colon + 1);
        return lower(trim(value.substr(0, value.find(';'))));
    }
    return {};
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
    const std::string t = lower(content_type);
    if (!trim(t).starts_with("multipart/")) return std::nullopt;
    size_t at = 0;
    while ((at = t.find(';', at)) != std::string::npos) {
        ++at;
        std::string_view param = trim(std::string_view(t).substr(at));
        if (!param.starts_with("boundary=")) continue;
        // The value keeps its case: read it from the original text at the same offset.
        const size_t start = t.find("boundary=", at) + 9;
        std::string_view value = content_type.substr(start);
        if (!value.empty() && value.front() == '"') {
            const size_t close = value.find('"', 1);
            if (close == std::string_view::npos) return std::nullopt;
            value = value.substr(1, close - 1);
        } else {
            value = trim(value.substr(0, value.find(';')));
        }
        if (value.empty() || value.size() > kMaxBoundary) return std::nullopt;
        return std::string(value);
    }
    return std::nullopt;
}

Result<std::vector<MultipartPart>> parse_multipart(std::string_view body, std::string_view boundary) {
    if (boundary.empty() || boundary.size() > kMaxBoundary)
        return fail(Errc::invalid_argument, "the multipart boundary is empty or longer than 70 characters");
    const std::string delimiter = "--" + std::string(boundary);
    // The first delimiter starts the body or follows a line break (the preamble before it).
    size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
    if (pos == std::string_view::npos) return fail(Errc::invalid_argument, "the multipart body has no boundary line");
    if (pos != 0) pos += 2;
    std::vector<MultipartPart> parts;
    while (true) {
        size_t after = pos + delimiter.size();
        if (body.substr(after, 2) == "--") return parts;  // the closing delimiter
        // Transport padding, then the line break that ends the delimiter line.
        while (after < body.size() && (body[after] == ' ' || body[after] == '\t')) ++after;
        if (body.substr(after, 2) != "\r\n")
            return fail(Errc::invalid_argument, "a multipart boundary line does not end in CRLF");
        const size_t headers_start = after + 2;
        size_t headers_end;
        size_t data_start;
        if (body.substr(headers_start, 2) == "\r\n") {  // a part without headers
            headers_end = headers_start;
            data_start = headers_start + 2;
        } else {
            headers_end = body.find("\r\n\r\n", headers_start);
            if (headers_end == std::string_view::npos)
                return fail(Errc::invalid_argument, "a multipart part's headers never end");
            data_start = headers_end + 4;
        }
        const size_t next = body.find("\r\n" + delimiter, data_start > 2 ? data_start - 2 : 0);
        if (next == std::string_view::npos || next + 2 < data_start)
            return fail(Errc::invalid_argument, "the multipart body ends without its closing boundary");
        MultipartPart part;
        part.headers = body.substr(headers_start, headers_end - headers_start);
        part.content_type = part_type(part.headers);
        part.body = next >= data_start ? body.substr(data_start, next - data_start) : std::string_view();
        parts.push_back(part);
        pos = next + 2;
    }
}

}  // namespace omg::providers
