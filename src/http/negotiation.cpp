#include "http/negotiation.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "http/message.h"

namespace omg::http {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    size_t start = 0;
    while (start <= s.size()) {
        size_t end = s.find(sep, start);
        if (end == std::string_view::npos) end = s.size();
        parts.push_back(trim_ows(s.substr(start, end - start)));
        start = end + 1;
    }
    return parts;
}

// How a media range of an Accept header matches one type: quality and specificity (2 exact,
// 1 "type/*", 0 "*/*"); specificity -1 when it does not match.
struct Match {
    double q = 0.0;
    int specificity = -1;
};

Match best_match(std::string_view accept, std::string_view type) {
    const std::string wanted = lower(type);
    const std::string major = wanted.substr(0, wanted.find('/'));
    Match best;
    for (std::string_view range : split(accept, ',')) {
        if (range.empty()) continue;
        auto params = split(range, ';');
        const std::string media = lower(params.front());
        int specificity = -1;
        if (media == wanted) specificity = 2;
        else if (media == major + "/*") specificity = 1;
        else if (media == "*/*") specificity = 0;
        if (specificity < 0) continue;
        double q = 1.0;
        for (size_t i = 1; i < params.size(); ++i) {
            std::string p = lower(params[i]);
            if (p.starts_with("q=")) q = std::clamp(std::strtod(p.c_str() + 2, nullptr), 0.0, 1.0);
        }
        // The most specific range that matches decides (RFC 9110 §12.5.1).
        if (specificity > best.specificity) best = {q, specificity};
    }
    return best;
}

}  // namespace

bool CorsPolicy::allows(std::string_view origin) const {
    if (origin.empty()) return false;
    return std::any_of(origins.begin(), origins.end(),
                       [&](const std::string& o) { return o == "*" || o == origin; });
}

HeaderList cors_headers(const CorsPolicy& policy, std::string_view origin) {
    if (!policy.allows(origin)) return {};
    // Credentials are allowed, so the origin is echoed rather than "*".
    return {{"Access-Control-Allow-Origin", std::string(origin)},
            {"Access-Control-Allow-Credentials", "true"},
            {"Access-Control-Expose-Headers",
             "Content-Disposition, Content-Range, Accept-Ranges, Retry-After"}};
}

HeaderList preflight_headers(std::string_view requested_headers) {
    requested_headers = trim_ows(requested_headers);
    return {{"Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS"},
            {"Access-Control-Allow-Headers", requested_headers.empty()
                                                 ? std::string("Content-Type, Authorization")
                                                 : std::string(requested_headers)},
            {"Access-Control-Max-Age", "600"}};
}

bool is_preflight(std::string_view method, bool has_origin, bool has_request_method) {
    return method == "OPTIONS" && has_origin && has_request_method;
}

bool prefers_html(std::string_view accept) {
    if (trim_ows(accept).empty()) return false;
    const Match html = best_match(accept, "text/html");
    const Match json = best_match(accept, "application/json");
    if (html.specificity < 0 || html.q <= 0.0) return false;
    if (json.specificity < 0 || html.q > json.q) return true;
    return html.q == json.q && html.specificity > json.specificity;
}

std::string merge_vary(std::string_view existing, std::string_view names) {
    std::string out(trim_ows(existing));
    std::vector<std::string> have;
    for (auto part : split(existing, ',')) {
        if (!part.empty()) have.push_back(lower(part));
    }
    for (auto name : split(names, ',')) {
        if (name.empty()) continue;
        if (std::find(have.begin(), have.end(), lower(name)) != have.end()) continue;
        have.push_back(lower(name));
        out += out.empty() ? "" : ", ";
        out += name;
    }
    return out;
}

}  // namespace omg::http
