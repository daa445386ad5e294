// A remote engine's multipart result, as the acestep.cpp provider reads it: the input's first
// line is the Content-Type, the rest the body. Checks what must hold for any input: the
// boundary, when found, is 1..70 characters; every part's headers and body are views inside the
// body, in order and not overlapping; errors are invalid_argument, never a crash or a throw.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "providers/multipart.h"

using namespace omg::providers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t eol = input.find('\n');
    const std::string type = input.substr(0, eol);
    const std::string body = eol == std::string::npos ? std::string() : input.substr(eol + 1);
    const auto boundary = multipart_boundary(type);
    if (boundary && (boundary->empty() || boundary->size() > 70)) std::abort();
    auto parts = parse_multipart(body, boundary.value_or("ace-batch-boundary"));
    if (!parts) {
        if (parts.error().code != omg::Errc::invalid_argument) std::abort();
        return 0;
    }
    const char* begin = body.data();
    const char* end = body.data() + body.size();
    const char* last = begin;
    for (const auto& p : *parts) {
        for (std::string_view v : {p.headers, p.body}) {
            if (v.empty()) continue;
            if (v.data() < last || v.data() + v.size() > end) std::abort();
            last = v.data() + v.size();
        }
    }
    return 0;
}
