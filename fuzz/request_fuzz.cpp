// Request validation on any body: every parser answers a typed request or FastAPI-shaped
// errors, never crashes or recurses without bound, and never echoes a huge input back.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "http/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    const omg::http::Limits limits;
    nlohmann::json errors = nlohmann::json::array();
    (void)omg::http::parse_generate(body, limits, &errors);
    (void)omg::http::parse_interpret(body, limits, &errors);
    (void)omg::http::parse_reorder(body, &errors);
    (void)omg::http::validate_lyrics(body, &errors);
    bool blank = false;
    (void)omg::http::parse_track(body, &errors, &blank);
    // What a 422 would carry stays small whatever came in.
    const std::string answer = errors.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (answer.size() > 5 * 16 * omg::http::kMaxEchoBytes + 64 * 1024) std::abort();
    return 0;
}
