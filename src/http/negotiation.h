// Negotiation: the header rules that every answer of `omg serve` shares, as pure functions of
// strings so they are tested without a socket.
//
// - CORS (the Fetch standard): an allowed Origin gets exactly one Access-Control-Allow-Origin
//   (the origin echoed, since credentials are allowed), Allow-Credentials, Expose-Headers and
//   `Vary: Origin`; a disallowed or missing Origin gets none of them. `cors_headers` is applied
//   once per response, in one place (Api's post-routing hook), whatever route, error handler or
//   status produced the answer.
// - A preflight is OPTIONS with Origin and Access-Control-Request-Method; any other OPTIONS is an
//   ordinary request, answered 200 with `Allow`.
// - Accept (RFC 9110 §12.5.1): whether a client prefers HTML to JSON, so `GET /` serves the
//   studio to browsers and the seed APIs' JSON to API clients (axios, HttpClient, curl, requests).
// - `Vary` values are merged rather than repeated.
// Thread-safe: no state.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace omg::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct CorsPolicy {
    // Exact origins ("http://localhost:5173"), or "*" for any origin.
    std::vector<std::string> origins;
    bool allows(std::string_view origin) const;
};

// The CORS headers for an answer to a request with this Origin header ("" when it had none).
HeaderList cors_headers(const CorsPolicy& policy, std::string_view origin);

// The extra headers of a preflight's answer: the methods allowed, the request headers asked for
// (or Content-Type and Authorization) and how long the browser may cache it.
HeaderList preflight_headers(std::string_view requested_headers);

bool is_preflight(std::string_view method, bool has_origin, bool has_request_method);

// True when the Accept header ranks text/html above application/json: by quality, and on equal
// quality by the more specific range (text/html over */*). No header, "*/*" and every API
// client's "application/json, text/plain, */*" give false.
bool prefers_html(std::string_view accept);

// `existing` ("" when none) with the comma-separated `names` added, each once, case-insensitively.
std::string merge_vary(std::string_view existing, std::string_view names);

}  // namespace omg::http
