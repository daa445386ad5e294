// Api: every HTTP route of `omg serve`, installed on a Router (http/router.h).
//
// Four faces over one job queue: the OMG backend API (/api/v1, field for field with the seed
// backend, plus formats, MIDI, stems, peaks, SSE, DELETE, prompt interpretation and the style
// list), the sergiecode API (/music), the documentation (/openapi.json, /docs, /redoc), and the
// web studio (web/dist: index.html at / for browsers, JSON there for API clients; its other
// files under their own paths). CORS headers are set once per answer, in one place. Errors
// are JSON {"detail": ...} with the seeds' status codes; validation errors are FastAPI-shaped
// 422s; no reply ever carries a stack trace or a server path (the one catch-all is the
// Router's). Thread-safe: routes run on the transport's handler threads and only touch the (thread-safe) queue,
// bus, artifact store and prompt service.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include "http/lyrics_service.h"
#include "http/metrics.h"
#include "http/negotiation.h"
#include "http/prompt_service.h"
#include "http/router.h"
#include "http/provider_catalog.h"
#include "http/validation.h"
#include "jobs/event_bus.h"
#include "jobs/job_engine.h"
#include "jobs/job_service.h"
#include "jobs/shared_queue.h"
#include "jobs/show_service.h"
#include "storage/artifact_store.h"

namespace omg::http {

// Which seed backend `omg serve` introduces itself as at GET /, in /health's "service" and in the
// OpenAPI title. Both serve every API; only these self-descriptions differ, because the two seeds'
// test suites each assert their own (`omg serve --identity sergiecode` passes the sergiecode
// backend's suite unchanged).
enum class ApiIdentity { omg, sergiecode };

struct ApiOptions {
    ApiIdentity identity = ApiIdentity::omg;
    std::vector<std::string> cors_origins = {
        "http://localhost:5173", "http://127.0.0.1:5173", "http://localhost:3000",
        "http://127.0.0.1:3000", "http://localhost:4200", "http://127.0.0.1:4200"};
    std::optional<std::string> api_key;  // when set, write endpoints need "Bearer <key>"
    Limits limits;
    std::filesystem::path web_dir;     // web/dist (the studio), optional
    // Prompt interpretation and the style list (/api/v1/interpret, /api/v1/styles); not
    // owned, must outlive the Api. Unset: those routes answer 503.
    const PromptService* prompts = nullptr;
    // Lyrics (POST /api/v1/lyrics/generate, /model/v1/lyrics/generate) and the music providers
    // (GET /api/v1/providers, /model/v1/provider*); not owned. Unset: lyrics answer 503 and
    // only the built-in provider is listed.
    const LyricsService* lyrics = nullptr;
    const ProviderCatalog* providers = nullptr;
    std::filesystem::path vendor_dir;  // web/vendor/node_modules (Swagger UI, ReDoc)
    int sse_keepalive_s = 15;
    // /model/v1 versions carry the absolute audio_path (for a seed backend on the same host).
    bool model_service_paths = false;
    // Free bytes on the data disk (nullopt: unknown); below `min_free_bytes` /health says
    // "degraded" and submits answer 507. Unset: measured with statvfs on the artifact folder.
    std::function<std::optional<uint64_t>()> free_bytes;
    uint64_t min_free_bytes = 64ull << 20;
    // Listings (GET /api/v1/queue) answer at most this many items per page.
    size_t max_page_items = 1000;
    // An API node over a database shared with worker processes (`omg serve --workers 0`):
    // what it last read of the database and the workers table, for /health, /metrics and
    // GET /api/v1/workers. Unset in the one-process mode, whose workers are its own threads.
    std::function<jobs::ClusterState()> cluster;
    // Shows (/api/v1/shows); not owned, must outlive the Api. Unset: those routes answer 503.
    jobs::ShowService* shows = nullptr;
};

struct ApiContext;

class Api {
public:
    Api(jobs::JobService& queue, jobs::EventBus& events, storage::ArtifactStore& artifacts,
        jobs::JobEngine& engine, ApiOptions options);
    ~Api();
    Api(const Api&) = delete;
    Api& operator=(const Api&) = delete;

    void install(Router& router);
    // Ends SSE streams and refuses new writes; called at shutdown.
    void begin_shutdown() { shutting_down_ = true; }

private:
    std::optional<uint64_t> free_bytes() const;
    bool below_min_free(std::optional<uint64_t> free) const;
    bool disk_low() const;
    jobs::JobService& queue_;
    jobs::EventBus& events_;
    storage::ArtifactStore& artifacts_;
    jobs::JobEngine& engine_;
    ApiOptions options_;
    std::atomic<bool> shutting_down_{false};
    HttpMetrics http_metrics_;
    CorsPolicy cors_;
    std::unique_ptr<ApiContext> ctx_;  // what the route groups answer from (http/routes.h)
};

// The OpenAPI 3 document, as JSON text, titled `title`.
std::string openapi_json(const std::string& title = "Music Generation API");

}  // namespace omg::http
