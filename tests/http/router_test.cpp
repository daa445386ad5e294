// The Router without a socket: matching and captures, the answers no route gives (404, 405,
// HEAD, OPTIONS, the fallback), the one catch-all, Range applied to sized bodies, the finish
// hook on every reply, and the one Errc -> status mapping. Also the whole Api's route table,
// checked against the OpenAPI document so no route goes undocumented.
#include <gtest/gtest.h>

#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "http/api.h"
#include "http/router.h"
#include "support/api_server.h"
#include "support/fake_job_engine.h"

namespace omg::http {
namespace {

using json = nlohmann::json;

Request request(std::string method, std::string path, Headers headers = {}) {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    r.headers = std::move(headers);
    return r;
}

json body_of(const Reply& r) { return json::parse(r.body, nullptr, false); }

class RouterTest : public ::testing::Test {
protected:
    void SetUp() override {
        router_.add("GET", "/jobs/{id}", [](const Request& req, Reply& res) {
            reply_json(res, 200, {{"id", req.matches.at(1)}});
        });
        router_.add("DELETE", "/jobs/{id}", [](const Request&, Reply& res) { reply_json(res, 200, {}); });
        router_.add("GET", "/jobs/{id}/files/{name}", [](const Request& req, Reply& res) {
            reply_json(res, 200, {{"id", req.matches.at(1)}, {"name", req.matches.at(2)}});
        });
        router_.add("GET", "/downloads/{id}.mp3", [](const Request& req, Reply& res) {
            reply_json(res, 200, {{"id", req.matches.at(1)}});
        });
        router_.add("GET", "/assets/{path...}", [](const Request& req, Reply& res) {
            reply_json(res, 200, {{"path", req.matches.at(1)}});
        });
        router_.add("GET", "/music/", [](const Request&, Reply& res) { reply_json(res, 200, {{"slash", true}}); });
        router_.add("GET", "/boom", [](const Request&, Reply&) { throw std::runtime_error("/secret/path"); });
        router_.add("GET", "/file", [](const Request&, Reply& res) {
            res.set_content(text_content("0123456789"), "text/plain");
            res.set_header("Accept-Ranges", "bytes");
        });
        router_.set_finish([](const Request&, Reply& res) { res.set_header("X-Finished", "1"); });
    }
    Router router_;
};

TEST_F(RouterTest, CapturesLandInMatchesInOrder) {
    auto r = router_.handle(request("GET", "/jobs/abc/files/piano.flac"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(body_of(r), json({{"id", "abc"}, {"name", "piano.flac"}}));
    EXPECT_EQ(body_of(router_.handle(request("GET", "/downloads/track_1.mp3")))["id"], "track_1");
    EXPECT_EQ(body_of(router_.handle(request("GET", "/assets/a/b.js")))["path"], "a/b.js");
    EXPECT_EQ(body_of(router_.handle(request("GET", "/music/")))["slash"], true);
}

TEST_F(RouterTest, NearMissesAreNotMatches) {
    for (const char* path : {"/jobs", "/jobs/", "/jobs/a/b", "/downloads/.mp3", "/downloads/x.ogg",
                             "/assets/", "/music", "", "jobs/x"}) {
        auto r = router_.handle(request("GET", path));
        EXPECT_EQ(r.status, 404) << path;
        EXPECT_EQ(r.get_header_value("Content-Type"), "application/json") << path;
        EXPECT_EQ(body_of(r), json({{"detail", "Not Found"}})) << path;
    }
}

TEST_F(RouterTest, AKnownPathWithAnotherMethodIs405WithAllow) {
    auto r = router_.handle(request("POST", "/jobs/x"));
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.get_header_value("Allow"), "GET, DELETE, HEAD");
    EXPECT_EQ(body_of(r), json({{"detail", "Method Not Allowed"}}));
    EXPECT_EQ(router_.allowed("/nowhere"), "");
}

TEST_F(RouterTest, HeadIsAnsweredAsGet) {
    auto r = router_.handle(request("HEAD", "/jobs/7"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(body_of(r)["id"], "7");  // the transport drops the body, keeps its length
}

TEST_F(RouterTest, OptionsGetsTheAllowListAndUnknownPathsFallBack) {
    std::string seen;
    router_.set_options([&](const Request&, Reply& res, const std::string& allow) {
        seen = allow;
        res.status = 200;
    });
    EXPECT_EQ(router_.handle(request("OPTIONS", "/jobs/1")).status, 200);
    EXPECT_EQ(seen, "GET, DELETE, HEAD");
    router_.set_fallback([](const Request& req, Reply& res) {
        if (req.path != "/favicon.ico") return;  // declines: the status stays 404
        res.status = 200;
        res.set_content("icon", "image/x-icon");
    });
    auto icon = router_.handle(request("GET", "/favicon.ico"));
    EXPECT_EQ(icon.status, 200);
    EXPECT_EQ(icon.body, "icon");
    EXPECT_EQ(router_.handle(request("GET", "/robots.txt")).status, 404);
    EXPECT_EQ(router_.handle(request("POST", "/favicon.ico")).status, 404);
}

TEST_F(RouterTest, AThrowingHandlerIsA500InTheJsonShapeAndTheFinishHookStillRuns) {
    auto r = router_.handle(request("GET", "/boom"));
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(body_of(r), json({{"detail", "Internal Server Error"}}));
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
    EXPECT_EQ(r.get_header_value("X-Finished"), "1");
    EXPECT_EQ(router_.handle(request("GET", "/nope")).get_header_value("X-Finished"), "1");
}

TEST_F(RouterTest, RangeAppliesToSizedBodies) {
    Headers h;
    h.set("Range", "bytes=2-4");
    auto r = router_.handle(request("GET", "/file", h));
    EXPECT_EQ(r.status, 206);
    EXPECT_EQ(r.get_header_value("Content-Range"), "bytes 2-4/10");
    ASSERT_EQ(r.slices.size(), 1u);
    EXPECT_EQ(r.slices[0].offset, 2u);
    EXPECT_EQ(r.slices[0].length, 3u);
    EXPECT_EQ(r.body_size(), 3u);
    h.set("Range", "bytes=10-");
    r = router_.handle(request("GET", "/file", h));
    EXPECT_EQ(r.status, 416);
    EXPECT_EQ(r.get_header_value("Content-Range"), "bytes */10");
    EXPECT_EQ(body_of(r)["detail"], "Requested range not satisfiable");
}

TEST_F(RouterTest, BadPatternsAreRefusedWhenAdded) {
    Router r;
    EXPECT_THROW(r.add("GET", "/jobs/{id", [](const Request&, Reply&) {}), std::invalid_argument);
}

TEST(StatusOf, EveryErrorCodeHasOneStatus) {
    EXPECT_EQ(status_of(Errc::invalid_argument), 422);
    EXPECT_EQ(status_of(Errc::not_found), 404);
    EXPECT_EQ(status_of(Errc::conflict), 409);
    EXPECT_EQ(status_of(Errc::too_large), 413);
    EXPECT_EQ(status_of(Errc::unavailable), 503);
    EXPECT_EQ(status_of(Errc::io), 500);
    EXPECT_EQ(status_of(Errc::internal), 500);
    Reply r;
    reply_error(r, Error{Errc::io, "disk /var/lib/omg failed"});
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(r.body.find("/var/lib"), std::string::npos);
}

TEST(Query, DecodesPercentAndPlusAndKeepsOrder) {
    auto q = parse_query("a=1&b=%20x+y&c&&d=%zz&a=2");
    ASSERT_EQ(q.size(), 5u);
    EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"a", "1"}));
    EXPECT_EQ(q[1].second, " x y");
    EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"c", ""}));
    EXPECT_EQ(q[3].second, "%zz");
    Request r;
    r.query = q;
    EXPECT_EQ(r.get_param_value("a"), "1");
    EXPECT_TRUE(r.has_param("c"));
    EXPECT_FALSE(r.has_param("z"));
    EXPECT_EQ(percent_decode("a+b%2Fc%", false), "a+b/c%");
}

TEST(HeadersTest, NamesCompareWithoutCase) {
    Headers h;
    h.add("Content-Type", "a");
    h.add("X-Two", "1");
    h.add("x-two", "2");
    EXPECT_TRUE(h.has("content-type"));
    EXPECT_EQ(h.get("X-TWO"), "1");
    h.set("X-TWO", "3");
    EXPECT_EQ(h.size(), 2u);
    EXPECT_EQ(h.get("x-two"), "3");
    h.erase("CONTENT-TYPE");
    EXPECT_FALSE(h.has("Content-Type"));
}

// Every route the server answers is in /openapi.json and every documented path is a route.
TEST(OpenApi, DocumentsEveryRouteAndNothingElse) {
    testing::FakeJobEngine engine;
    testing::ApiServer server(engine);
    std::string why;
    ASSERT_TRUE(server.start({}, {}, 64 * 1024, &why)) << why;
    auto normal = [](std::string path) {
        std::string out;
        bool in = false;
        for (char c : path) {
            if (c == '{') {
                in = true;
                out += "{}";
            } else if (c == '}') {
                in = false;
            } else if (!in) {
                out += c;
            }
        }
        return out;
    };
    std::set<std::string> routes;
    for (const auto& r : server.routes()) {
        std::string m = r.method;
        for (auto& ch : m) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        routes.insert(m + " " + normal(r.pattern));
    }
    std::set<std::string> documented;
    json doc = json::parse(openapi_json());
    for (auto& [path, item] : doc["paths"].items()) {
        for (auto& [method, op] : item.items()) documented.insert(method + " " + normal(path));
    }
    for (const auto& r : routes) EXPECT_TRUE(documented.count(r)) << "undocumented route: " << r;
    for (const auto& d : documented) EXPECT_TRUE(routes.count(d)) << "documented, not served: " << d;
    EXPECT_GE(routes.size(), 40u);
}

// Where each route runs is declared at its registration (RouteKind): everything that changes
// state, and every read that converts, lists or pages, runs off the event loops.
TEST(RouteKinds, WritesAndSlowReadsRunOffTheEventLoops) {
    testing::FakeJobEngine engine;
    testing::ApiServer server(engine);
    std::string why;
    ASSERT_TRUE(server.start({}, {}, 64 * 1024, &why)) << why;
    const std::set<std::string> slow_gets = {
        "/api/v1/queue", "/api/v1/versions/{id}/audio", "/api/v1/versions/{id}/stems.zip",
        "/api/v1/versions/{id}/stems/{name}", "/api/v1/versions/{id}/segments/{segment}",
        "/api/v1/versions/{id}/peaks", "/api/v1/styles",
        "/downloads/{id}.mp3", "/model/v1/generate/{id}/status",
        "/api/v1/shows/{id}/mix", "/api/v1/shows/{id}/zip"};
    size_t quick = 0;
    for (const auto& r : server.routes()) {
        if (r.method != "GET") {
            EXPECT_TRUE(r.may_block) << r.method << " " << r.pattern;
        } else {
            EXPECT_EQ(r.may_block, slow_gets.count(r.pattern) == 1) << r.pattern;
            quick += r.may_block ? 0 : 1;
        }
    }
    EXPECT_GE(quick, 15u) << "status, health and the site's files stay on the loops";
}

}  // namespace
}  // namespace omg::http
