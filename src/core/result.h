// Result<T>: the one way OMG code reports an expected failure.
//
// A failure is a value (Error{code, message}), never an exception. Library exceptions are
// caught at the edge file that calls the library and turned into an Error there. The message
// is one human sentence, safe to show to a user: no file paths from the server's disk, no
// stack traces. `Result` is tl::expected today and can become std::expected with C++23.
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace omg {

enum class Errc {
    invalid_argument,  // the caller's input is wrong (bad prompt, duration, key ...)
    not_found,         // a named thing does not exist (job id, style, SoundFont)
    io,                // the disk or a library failed reading or writing
    cancelled,         // the caller asked to stop
    unavailable,       // a service or resource is not there right now
    conflict,          // the request does not fit the current state
    too_large,         // a size limit was hit
    internal,          // a bug: should not happen
};

struct Error {
    Errc code = Errc::internal;
    std::string message;

    bool operator==(const Error&) const = default;
};

template <typename T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(Errc code, std::string message) {
    return tl::unexpected<Error>(Error{code, std::move(message)});
}

const char* errc_name(Errc code);

}  // namespace omg
