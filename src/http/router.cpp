#include "http/router.h"

#include <algorithm>
#include <stdexcept>

#include "http/range.h"

namespace omg::http {

namespace {

// "/a/b/" -> {"a", "b", ""}; "/" -> {""}.
std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> parts;
    if (path.empty() || path.front() != '/') return parts;
    path.remove_prefix(1);
    while (true) {
        const size_t slash = path.find('/');
        parts.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return parts;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Handler handler, bool may_block) {
    Route route{{std::move(method), pattern, may_block}, {}, std::move(handler)};
    for (auto part : split_path(pattern)) {
        Segment seg;
        const size_t open = part.find('{');
        const size_t close = part.find('}');
        if (open == std::string_view::npos) {
            seg.literal = std::string(part);
        } else {
            if (close == std::string_view::npos || close < open) {
                throw std::invalid_argument("route pattern: unbalanced braces in " + pattern);
            }
            seg.capture = true;
            seg.literal = std::string(part.substr(0, open));
            seg.suffix = std::string(part.substr(close + 1));
            seg.rest = part.substr(open, close - open).ends_with("...");
        }
        route.segments.push_back(std::move(seg));
    }
    routes_.push_back(std::move(route));
}

bool Router::match(const Route& route, const std::vector<std::string_view>& parts,
                   std::vector<std::string>* captures) {
    captures->clear();
    const auto& segs = route.segments;
    for (size_t i = 0; i < segs.size(); ++i) {
        const Segment& s = segs[i];
        if (s.rest) {
            if (i >= parts.size()) return false;
            std::string rest;
            for (size_t j = i; j < parts.size(); ++j) {
                if (j > i) rest += '/';
                rest += parts[j];
            }
            if (rest.empty()) return false;
            captures->push_back(std::move(rest));
            return true;
        }
        if (i >= parts.size()) return false;
        const std::string_view p = parts[i];
        if (!s.capture) {
            if (p != s.literal) return false;
            continue;
        }
        if (p.size() < s.literal.size() + s.suffix.size() + 1 || !p.starts_with(s.literal) ||
            !p.ends_with(s.suffix)) {
            return false;
        }
        captures->emplace_back(p.substr(s.literal.size(), p.size() - s.literal.size() - s.suffix.size()));
    }
    return parts.size() == segs.size();
}

std::string Router::allowed(const std::string& path) const {
    const auto parts = split_path(path);
    std::vector<std::string> methods;
    std::vector<std::string> captures;
    for (const auto& r : routes_) {
        if (std::find(methods.begin(), methods.end(), r.info.method) == methods.end() &&
            match(r, parts, &captures)) {
            methods.push_back(r.info.method);
        }
    }
    if (std::find(methods.begin(), methods.end(), "GET") != methods.end()) methods.push_back("HEAD");
    std::string allow;
    for (const auto& m : methods) allow += (allow.empty() ? "" : ", ") + m;
    return allow;
}

bool Router::may_block(const std::string& method, const std::string& path) const {
    const std::string wanted = method == "HEAD" ? "GET" : method;
    const auto parts = split_path(path);
    std::vector<std::string> captures;
    for (const auto& r : routes_) {
        if (r.info.method == wanted && match(r, parts, &captures)) return r.info.may_block;
    }
    return false;
}

std::vector<RouteInfo> Router::routes() const {
    std::vector<RouteInfo> out;
    for (const auto& r : routes_) out.push_back(r.info);
    return out;
}

void Router::dispatch(Request& req, Reply& res) const {
    if (req.method == "OPTIONS") {
        if (options_) {
            options_(req, res, allowed(req.path));
        } else {
            detail(res, 405, "Method Not Allowed");
        }
        return;
    }
    const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
    const auto parts = split_path(req.path);
    std::vector<std::string> captures;
    for (const auto& r : routes_) {
        if (r.info.method != method || !match(r, parts, &captures)) continue;
        req.matches.clear();
        req.matches.push_back(req.path);
        for (auto& c : captures) req.matches.push_back(std::move(c));
        r.handler(req, res);
        return;
    }
    const std::string allow = allowed(req.path);
    if (!allow.empty()) {
        detail(res, 405, "Method Not Allowed");
        res.set_header("Allow", allow);
        return;
    }
    if (method == "GET" && fallback_) {
        res.status = 404;
        fallback_(req, res);
        if (res.status != 404) return;
    }
    detail(res, 404, "Not Found");
}

Reply Router::handle(Request req) const {
    Reply res;
    try {
        dispatch(req, res);
        apply_range(req, res);
    } catch (...) {
        res = Reply{};
        detail(res, 500, "Internal Server Error");
    }
    if (finish_) {
        try {
            finish_(req, res);
        } catch (...) {
            res = Reply{};
            detail(res, 500, "Internal Server Error");
        }
    }
    return res;
}

}  // namespace omg::http
