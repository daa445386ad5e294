#include "http/api.h"

#include <sys/statvfs.h>

#include <algorithm>

#include "http/route_helpers.h"
#include "http/routes.h"

namespace omg::http {

namespace {

bool constant_time_equal(const std::string& a, const std::string& b) {
    // Compares every byte of the longer input whatever the contents, so timing says nothing
    // about where the first difference is.
    const size_t n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < n; ++i) {
        unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff = static_cast<unsigned char>(diff | (x ^ y));
    }
    return diff == 0;
}

// The routes whose answers come from the job queue, and so from the database on an API node.
// /health, /metrics, /api/v1/workers and the event stream keep answering through an outage:
// they report it (and an open stream picks up again when the database returns).
bool uses_queue(const std::string& pattern) {
    for (const char* prefix : {"/api/v1/generate", "/api/v1/jobs", "/api/v1/queue", "/api/v1/versions",
                               "/music", "/downloads/", "/model/v1/generate", "/model/v1/jobs"}) {
        if (pattern.starts_with(prefix)) return true;
    }
    return false;
}

}  // namespace

Api::Api(jobs::JobService& queue, jobs::EventBus& events, storage::ArtifactStore& artifacts,
         jobs::JobEngine& engine, ApiOptions options)
    : queue_(queue),
      events_(events),
      artifacts_(artifacts),
      engine_(engine),
      options_(std::move(options)),
      cors_{options_.cors_origins},
      ctx_(std::make_unique<ApiContext>(ApiContext{
          queue_, events_, artifacts_, engine_, options_, shutting_down_, http_metrics_,
          [this] { return free_bytes(); },
          [this](std::optional<uint64_t> free) { return below_min_free(free); }})) {}

Api::~Api() = default;

std::optional<uint64_t> Api::free_bytes() const {
    if (options_.free_bytes) return options_.free_bytes();
    struct statvfs st {};
    if (::statvfs(artifacts_.root().c_str(), &st) != 0) return std::nullopt;
    return static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
}

bool Api::below_min_free(std::optional<uint64_t> free) const {
    return free && *free < options_.min_free_bytes;
}

bool Api::disk_low() const { return below_min_free(free_bytes()); }

void Api::install(Router& router) {
    auto authorized = [this](const Request& req) {
        if (!options_.api_key || options_.api_key->empty()) return true;
        const std::string header = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        if (header.size() < prefix.size() || lower(header.substr(0, prefix.size())) != "bearer ") {
            return false;
        }
        return constant_time_equal(header.substr(prefix.size()), *options_.api_key);
    };

    const AddRoute route = [&, authorized](const std::string& method, const std::string& pattern,
                                           RouteKind kind, Handler handler) {
        const bool write = kind == RouteKind::write || kind == RouteKind::submit;
        // The routes that create jobs refuse work while the disk is nearly full (507), rather
        // than failing it halfway; every other route (DELETE to free space too) still answers.
        const bool creates_job = kind == RouteKind::submit;
        const bool needs_database = uses_queue(pattern);
        Handler wrapped = [this, authorized, write, creates_job, needs_database,
                           handler = std::move(handler)](const Request& req, Reply& res) {
            if (write && !authorized(req)) {
                res.set_header("WWW-Authenticate", "Bearer");
                detail(res, 401, "Not authenticated");
                return;
            }
            if (creates_job && disk_low()) {
                detail(res, 507, "The server's disk is full; the job was not accepted");
                return;
            }
            // 503 with Retry-After (the finish hook) rather than a stale answer or a change
            // that cannot be made.
            if (needs_database) {
                if (auto ready = queue_.database_ready(write); !ready) {
                    detail(res, 503, ready.error().message);
                    return;
                }
            }
            handler(req, res);
        };
        router.add(method, pattern, std::move(wrapped), kind != RouteKind::quick_read);
    };

    install_site_routes(route, *ctx_);
    install_job_routes(route, *ctx_);
    install_lyrics_routes(route, options_.lyrics);
    install_provider_routes(route, options_.providers);
    install_model_service_routes(route, queue_, artifacts_, options_.lyrics, options_.providers,
                                 &engine_, options_.model_service_paths);
    install_version_routes(route, *ctx_);
    install_show_routes(route, *ctx_);
    install_event_routes(route, *ctx_);
    install_worker_routes(route, *ctx_);
    install_music_routes(route, *ctx_);

    // ---- OPTIONS, CORS, the studio's other files -------------------------------------------------
    router.set_options([this](const Request& req, Reply& res, const std::string& allow) {
        if (is_preflight(req.method, req.has_header("Origin"),
                         req.has_header("Access-Control-Request-Method"))) {
            if (!cors_.allows(req.get_header_value("Origin"))) {
                detail(res, 400, "Disallowed CORS origin");
                return;
            }
            for (auto& [name, value] :
                 preflight_headers(req.get_header_value("Access-Control-Request-Headers"))) {
                res.set_header(name, value);
            }
            res.status = 200;
            res.set_content("OK", "text/plain");
            return;
        }
        // A plain OPTIONS asks what the path supports (RFC 9110 §9.3.7).
        if (allow.empty() && req.path != "*") {
            detail(res, 404, "Not Found");
            return;
        }
        res.set_header("Allow", allow.empty() ? "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
                                              : allow + ", OPTIONS");
        // 200 with an empty body rather than 204: the sergiecode backend's own test suite accepts
        // only 200 (or 405) here.
        res.status = 200;
    });
    // The studio's other files (favicon ...) by path. The studio is one page at /, so any other
    // path that names no file is a plain 404.
    router.set_fallback([this](const Request& req, Reply& res) {
        if (req.path.starts_with("/api/") || req.path.starts_with("/music") ||
            req.path.starts_with("/downloads/")) {
            return;
        }
        serve_static(req, res, options_.web_dir);
    });
    // The one place CORS headers are set: after every handler and error alike, so each answer
    // carries them once.
    router.set_finish([this](const Request& req, Reply& res) {
        // Every 503 and 429 says when to come back, whichever route produced it.
        if ((res.status == 503 || res.status == 429) && !res.has_header("Retry-After")) {
            res.set_header("Retry-After", std::to_string(queue_.retry_after_s()));
        }
        http_metrics_.count(res.status);
        const std::string vary = merge_vary(res.get_header_value("Vary"), "Origin");
        res.set_header("Vary", vary);
        if (!req.has_header("Origin")) return;
        for (auto& [name, value] : cors_headers(cors_, req.get_header_value("Origin"))) {
            res.set_header(name, value);
        }
    });
}

}  // namespace omg::http
