// Range headers, query strings and request paths, as the transport hands them to the HTTP layer:
// the input's first 8 bytes give a body size, the rest is the Range header, the query and the
// path. Checks what must hold for any input: partial ranges are sorted, disjoint, non-empty and
// inside the body; a 206 body's slices add up to its declared size; a 416 names the size; the
// router answers every path with a status from its table and never throws.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "http/range.h"
#include "http/router.h"

using namespace omg::http;

namespace {

const Router& router() {
    static const Router r = [] {
        Router x;
        auto ok = [](const Request& req, Reply& res) { reply_json(res, 200, {{"n", req.matches.size()}}); };
        x.add("GET", "/api/v1/jobs/{id}", ok);
        x.add("DELETE", "/api/v1/jobs/{id}", ok);
        x.add("GET", "/api/v1/versions/{id}/stems/{name}", ok);
        x.add("GET", "/downloads/{id}.mp3", ok);
        x.add("GET", "/assets/{path...}", ok);
        x.add("GET", "/file", [](const Request&, Reply& res) {
            res.set_content(text_content(std::string(1000, 'x')), "audio/mpeg");
            res.set_header("Accept-Ranges", "bytes");
        });
        return x;
    }();
    return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 8) return 0;
    uint64_t body_size = 0;
    std::memcpy(&body_size, data, 8);
    const std::string rest(reinterpret_cast<const char*>(data + 8), size - 8);

    // Any 64-bit size: the parser's arithmetic must not overflow.
    const RangeRequest r = parse_range(rest, body_size);
    if (r.kind == RangeRequest::Kind::partial) {
        if (r.ranges.empty() || r.ranges.size() > kMaxRanges) std::abort();
        for (size_t i = 0; i < r.ranges.size(); ++i) {
            const auto& b = r.ranges[i];
            if (b.first > b.last || b.last >= body_size) std::abort();
            if (i > 0 && b.first <= r.ranges[i - 1].last + 1) std::abort();
        }
    } else if (!r.ranges.empty()) {
        std::abort();
    }

    // A real (small) body through apply_range.
    Request req;
    req.method = "GET";
    req.path = "/x";
    req.headers.set("Range", rest);
    Reply res;
    res.set_content(text_content(std::string(static_cast<size_t>(body_size % 5000), 'b')), "audio/mpeg");
    apply_range(req, res);
    if (res.status == 206) {
        std::string out;
        for (const auto& s : res.slices) {
            out += s.prefix;
            if (!res.content->read(s.offset, static_cast<size_t>(s.length), &out)) std::abort();
        }
        out += res.trailer;
        if (out.size() != res.body_size()) std::abort();
    } else if (res.status == 416) {
        if (res.get_header_value("Content-Range") != "bytes */" + std::to_string(body_size % 5000)) std::abort();
    } else if (res.status != 200) {
        std::abort();
    }

    // The same bytes as a target: path and query, through the router.
    const size_t q = rest.find('?');
    Request routed;
    routed.method = (body_size & 1) ? "GET" : "DELETE";
    routed.path = percent_decode(std::string_view(rest).substr(0, q), false);
    if (q != std::string::npos) routed.query = parse_query(std::string_view(rest).substr(q + 1));
    routed.headers.set("Range", rest);
    const Reply answer = router().handle(routed);
    if (answer.status != 200 && answer.status != 206 && answer.status != 404 && answer.status != 405 &&
        answer.status != 416) {
        std::abort();
    }
    return 0;
}
