// Router: which route answers a Request, and everything every answer shares.
//
// Routes are (method, pattern, handler). A pattern is a path of literal segments and captures:
// "{id}" takes a whole segment, "{id}.mp3" a segment with literal text around the capture,
// "{path...}" (last) the rest of the path, one or more segments. Captures land in
// Request::matches[1..] in order. Matching walks segments, no regular expressions, and the first
// route added that matches wins. `handle` is the HTTP layer's one catch-all: a handler that
// throws answers 500 with the JSON error shape, never a stack trace. Around the handlers it
// answers what no route does: HEAD as GET without a body (the transport drops it), 405 with
// Allow for a known path and another method, OPTIONS (the options hook, given the Allow list),
// the fallback (static files) for other GET paths, else 404; then Range (http/range.h) and the
// finish hook (CORS, Vary, Retry-After) on every reply. Set up on one thread, then `handle` is
// const and may run on many threads at once.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace omg::http {

using Handler = std::function<void(const Request&, Reply&)>;

struct RouteInfo {
    std::string method;
    std::string pattern;
    bool may_block = false;
    bool operator==(const RouteInfo&) const = default;
};

class Router {
public:
    // `may_block`: the handler may wait on a disk, a database or another server, so the
    // transport runs it off its event loops (see may_block()).
    void add(std::string method, std::string pattern, Handler handler, bool may_block = false);
    // GET/HEAD paths no route names; leaving res.status at 404 declines.
    void set_fallback(Handler handler) { fallback_ = std::move(handler); }
    // OPTIONS on any path; `allow` lists the path's methods ("" for an unknown path).
    void set_options(std::function<void(const Request&, Reply&, const std::string& allow)> h) {
        options_ = std::move(h);
    }
    // Runs last, on every reply.
    void set_finish(Handler handler) { finish_ = std::move(handler); }

    Reply handle(Request req) const;

    // Whether the route that would answer (method, path) may block; false for answers the
    // router gives itself (404, 405, OPTIONS) and for the fallback.
    bool may_block(const std::string& method, const std::string& path) const;

    // "GET, HEAD, POST" for the methods `path` answers, "" when none.
    std::string allowed(const std::string& path) const;
    std::vector<RouteInfo> routes() const;

private:
    struct Segment {
        std::string literal;  // a literal segment, or the text before a capture
        std::string suffix;   // the text after a capture
        bool capture = false;
        bool rest = false;
    };
    struct Route {
        RouteInfo info;
        std::vector<Segment> segments;
        Handler handler;
    };
    static bool match(const Route& route, const std::vector<std::string_view>& parts,
                      std::vector<std::string>* captures);
    void dispatch(Request& req, Reply& res) const;

    std::vector<Route> routes_;
    Handler fallback_;
    std::function<void(const Request&, Reply&, const std::string&)> options_;
    Handler finish_;
};

}  // namespace omg::http
