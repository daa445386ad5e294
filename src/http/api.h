// Api: every HTTP route of `omg serve`, installed on an httplib::Server.
//
// Three faces over one job queue: the OMG backend API (/api/v1, field for field with the seed
// backend, plus formats, MIDI, stems, peaks, SSE and DELETE), the sergiecode API (/music), and
// the documentation (/openapi.json, /docs, /redoc). Errors are JSON {"detail": ...} with the
// seeds' status codes; validation errors are FastAPI-shaped 422s; no reply ever carries a
// stack trace or a server path. The one catch-all for handlers lives here. Thread-safe: routes
// run on httplib's pool and only touch the (thread-safe) queue, bus and artifact store.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <utility>
#include <optional>
#include <string>
#include <vector>

#include "http/validation.h"
#include "jobs/event_bus.h"
#include "jobs/job_engine.h"
#include "jobs/job_queue.h"
#include "storage/artifact_store.h"

namespace httplib {
class Server;
}

namespace omg::http {

struct ApiOptions {
    std::vector<std::string> cors_origins = {
        "http://localhost:5173", "http://127.0.0.1:5173", "http://localhost:3000",
        "http://127.0.0.1:3000", "http://localhost:4200", "http://127.0.0.1:4200"};
    std::optional<std::string> api_key;  // when set, write endpoints need "Bearer <key>"
    Limits limits;
    std::filesystem::path web_dir;     // web/dist (the studio), optional
    std::filesystem::path vendor_dir;  // web/vendor/node_modules (Swagger UI, ReDoc)
    int sse_keepalive_s = 15;
};

class Api {
public:
    Api(jobs::JobQueue& queue, jobs::EventBus& events, storage::ArtifactStore& artifacts,
        jobs::JobEngine& engine, ApiOptions options);

    void install(httplib::Server& server);
    // Ends SSE streams and refuses new writes; called at shutdown.
    void begin_shutdown() { shutting_down_ = true; }

private:
    jobs::JobQueue& queue_;
    jobs::EventBus& events_;
    storage::ArtifactStore& artifacts_;
    jobs::JobEngine& engine_;
    ApiOptions options_;
    std::atomic<bool> shutting_down_{false};
    std::vector<std::pair<std::string, std::string>> routes_;  // (pattern, method), for 405
};

// The OpenAPI 3 document, as JSON text.
std::string openapi_json();

}  // namespace omg::http
