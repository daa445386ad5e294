// GET /, /health, /metrics, the API documentation (/openapi.json, /docs, /redoc and their files) and the
// studio build's hashed assets.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "http/route_helpers.h"
#include "http/static_files.h"
#include "http/routes.h"
#include "storage/ids.h"
#include "storage/job_record.h"

namespace omg::http {

using json = nlohmann::json;
using storage::JobStatus;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The studio's index.html, never cached: it names the current build's hashed assets.
bool serve_index(Reply& res, const fs::path& web_dir) {
    if (web_dir.empty()) return false;
    std::error_code ec;
    const fs::path index = web_dir / "index.html";
    if (!fs::is_regular_file(index, ec)) return false;
    res.status = 200;
    res.set_header("Cache-Control", "no-cache");
    res.set_content(read_text(index), "text/html; charset=utf-8");
    return true;
}

const char* kHomePage = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OMG - Open Music Generator</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;
background:#141414;color:#faf5f5}a{color:#66f2ff}code{color:#00ff00}</style></head><body>
<h1>OMG &mdash; Open Music Generator</h1>
<p>The server is running. The web studio is not built yet; use the API:</p>
<ul>
<li><code>POST /api/v1/generate</code> &mdash; queue a track</li>
<li><code>GET /api/v1/jobs/{id}</code>, <code>GET /api/v1/queue</code>,
<code>GET /api/v1/events</code> (Server-Sent Events)</li>
<li><code>GET /api/v1/versions/{id}/audio?format=mp3|wav|flac|ogg</code></li>
<li><code>POST /music/generate</code>, <code>GET /music/status/{id}</code></li>
</ul>
<p><a href="/docs">Swagger UI</a> &middot; <a href="/redoc">ReDoc</a> &middot;
<a href="/openapi.json">openapi.json</a> &middot; <a href="/health">health</a></p>
</body></html>
)html";

}  // namespace

void install_site_routes(const AddRoute& route, const ApiContext& ctx) {
    // Browsers get the studio; API clients (their Accept ranks JSON first, or names no type)
    // get the seed APIs' JSON, with OMG's own entry points beside it.
    route("GET", "/", RouteKind::quick_read, [&ctx](const Request& req, Reply& res) {
        res.set_header("Vary", "Accept");
        if (!prefers_html(req.get_header_value("Accept"))) {
            const bool sergiecode = ctx.options.identity == ApiIdentity::sergiecode;
            json root = {{"message", introduction(ctx.options.identity).message},
                   {"version", kApiVersion},
                   {"docs", "/docs"},
                   {"status", "running"},
                   {"service", "omg"},
                   {"links",
                    {{"studio", "/"},
                     {"openapi", "/openapi.json"},
                     {"docs", "/docs"},
                     {"redoc", "/redoc"},
                     {"health", "/health"},
                     {"generate", "/api/v1/generate"},
                     {"queue", "/api/v1/queue"},
                     {"events", "/api/v1/events"},
                     {"styles", "/api/v1/styles"},
                     {"interpret", "/api/v1/interpret"},
                     {"music", "/music/"},
                     {"model_service", "/model/v1/generate"}}}};
            if (sergiecode) root["created_by"] = "Sergie Code";
            reply_json(res, 200, root);
            return;
        }
        if (serve_index(res, ctx.options.web_dir)) return;
        res.status = 200;
        res.set_content(kHomePage, "text/html; charset=utf-8");
    });
    // Prometheus scrapes without a key, like /health: counts and times, no job's content.
    route("GET", "/metrics", RouteKind::quick_read, [&ctx](const Request&, Reply& res) {
        res.status = 200;
        res.set_header("Cache-Control", "no-store");
        std::optional<jobs::ClusterState> cluster;
        if (ctx.options.cluster) cluster = ctx.options.cluster();
        res.set_content(prometheus_text(ctx.queue.stats(), ctx.queue.metrics().snapshot(), ctx.http_metrics,
                                        cluster ? &*cluster : nullptr),
                        "text/plain; version=0.0.4; charset=utf-8");
    });
    route("GET", "/health", RouteKind::quick_read, [&ctx](const Request&, Reply& res) {
        auto s = ctx.queue.stats();
        const auto free = ctx.free_bytes();
        const bool low = ctx.below_min_free(free);
        std::optional<jobs::ClusterState> cluster;
        if (ctx.options.cluster) cluster = ctx.options.cluster();
        const bool db_down = cluster && !cluster->database_reachable;
        json body =
              {{"status", s.accepting && !low && !db_down ? "healthy" : "degraded"},
               {"disk", {{"free_bytes", free ? json(*free) : json(nullptr)}, {"low", low}}},
               {"model_service", "available"},
               {"service", introduction(ctx.options.identity).service},
               {"engine", ctx.engine.describe()},
               {"workers", s.workers},
               {"pending", s.pending},
               {"processing", s.processing},
               {"speed", std::round(s.speed * 10000.0) / 10000.0}};
        if (cluster) {
            body["database"] = {{"reachable", cluster->database_reachable}};
            body["worker_processes"] = workers_json(cluster->workers);
        }
        reply_json(res, 200, body);
    });
    route("GET", "/openapi.json", RouteKind::quick_read, [&ctx](const Request&, Reply& res) {
        res.status = 200;
        res.set_content(openapi_json(introduction(ctx.options.identity).title), "application/json");
    });
    // The documentation viewers, from the npm-installed files under web/vendor.
    auto viewer = [&ctx](std::string needed_file, std::string name, std::string page) {
        return [&ctx, needed_file, name, page](const Request&, Reply& res) {
            std::error_code ec;
            if (!fs::is_regular_file(ctx.options.vendor_dir / needed_file, ec)) {
                res.status = 503;
                res.set_content("<p>" + name + " is not installed: run <code>npm ci</code> in "
                                "web/vendor. The API description is at <a href=\"/openapi.json\">"
                                "/openapi.json</a>.</p>",
                                "text/html; charset=utf-8");
                return;
            }
            res.status = 200;
            res.set_content(page, "text/html; charset=utf-8");
        };
    };
    route("GET", "/docs", RouteKind::quick_read, viewer("swagger-ui-dist/swagger-ui-bundle.js", "Swagger UI",
                                        R"html(<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>OMG API - Swagger UI</title><link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head><body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui",
presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "BaseLayout"});</script>
</body></html>)html"));
    route("GET", "/redoc", RouteKind::quick_read, viewer("redoc/bundles/redoc.standalone.js", "ReDoc",
                                         R"html(<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>OMG API - ReDoc</title></head><body><redoc spec-url="/openapi.json"></redoc>
<script src="/redoc/assets/redoc.standalone.js"></script></body></html>)html"));
    auto vendor_asset = [&ctx](const std::string& package, const std::string& sub) {
        return [&ctx, package, sub](const Request& req, Reply& res) {
            const std::string name = req.matches[1];
            if (!storage::is_safe_file_name(name)) {
                detail(res, 404, "Not Found");
                return;
            }
            fs::path path = ctx.options.vendor_dir / package / sub / name;
            std::string mime = "application/octet-stream";
            if (name.ends_with(".js")) mime = "application/javascript";
            else if (name.ends_with(".css")) mime = "text/css";
            else if (name.ends_with(".png")) mime = "image/png";
            else if (name.ends_with(".map")) mime = "application/json";
            std::error_code ec;
            if (!fs::is_regular_file(path, ec)) {
                detail(res, 404, "Not Found");
                return;
            }
            serve_file(res, path, mime, "");
        };
    };
    route("GET", "/docs/assets/{name}", RouteKind::quick_read, vendor_asset("swagger-ui-dist", ""));
    route("GET", "/redoc/assets/{name}", RouteKind::quick_read, vendor_asset("redoc", "bundles"));

    route("GET", "/assets/{path...}", RouteKind::quick_read, [&ctx](const Request& req, Reply& res) {
        if (!serve_static(req, res, ctx.options.web_dir)) detail(res, 404, "Not Found");
    });

}

}  // namespace omg::http
