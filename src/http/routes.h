// Route groups, one file each, installed by Api::install through its one route wrapper (auth
// for writes, the full-disk check on submits, which routes may block). Each function registers
// its paths with `route(method, pattern, write, handler)`; the groups over the job queue share
// an ApiContext, which must outlive the Router they were installed on.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http/api.h"
#include "http/lyrics_service.h"
#include "http/metrics.h"
#include "http/provider_catalog.h"
#include "http/router.h"
#include "jobs/job_service.h"
#include "storage/artifact_store.h"

namespace omg::http {

// What a route does, declared where it is registered; the Api derives from it where the route
// runs and what it checks first.
enum class RouteKind {
    // Answers at once, from memory or by opening a local file that the transport sends in
    // pieces as the socket drains: runs on an event loop.
    quick_read,
    // Converts audio, runs the prompt stage, reads a database page or lists everything: may
    // block, so it runs on the handler pool.
    slow_read,
    // Changes state or costs real work: needs the API key when one is set; on the pool.
    write,
    // Creates a job: a write that is refused (507) while the data disk is nearly full.
    submit,
};

using AddRoute = std::function<void(const std::string& method, const std::string& pattern,
                                    RouteKind kind, Handler handler)>;

// What the route groups over the job queue answer from.
struct ApiContext {
    jobs::JobService& queue;
    jobs::EventBus& events;
    storage::ArtifactStore& artifacts;
    jobs::JobEngine& engine;
    const ApiOptions& options;
    const std::atomic<bool>& shutting_down;
    const HttpMetrics& http_metrics;
    std::function<std::optional<uint64_t>()> free_bytes;
    std::function<bool(std::optional<uint64_t>)> below_min_free;

    bool disk_low() const { return below_min_free(free_bytes()); }
};

// GET /, /health, /metrics, /openapi.json, /docs, /redoc (and their files), /assets/*.
void install_site_routes(const AddRoute& route, const ApiContext& ctx);
// /api/v1/generate, /jobs, /queue, /interpret, /styles.
void install_job_routes(const AddRoute& route, const ApiContext& ctx);
// /api/v1/versions/{id}/...: audio, MIDI, peaks, stems, stems.zip.
void install_version_routes(const AddRoute& route, const ApiContext& ctx);
// /api/v1/shows: create, list, read, delete a show; its mix, cue sheets and zip.
void install_show_routes(const AddRoute& route, const ApiContext& ctx);
// GET /api/v1/workers: the worker processes seen recently (an API node over a shared database);
// an empty list with "mode": "in_process" in the one-process mode.
void install_worker_routes(const AddRoute& route, const ApiContext& ctx);
// /api/v1/events (Server-Sent Events).
void install_event_routes(const AddRoute& route, const ApiContext& ctx);
// The sergiecode API: /music, /music/generate, /music/status/{id}, /downloads/{id}.mp3.
void install_music_routes(const AddRoute& route, const ApiContext& ctx);

// POST /api/v1/lyrics/generate.
void install_lyrics_routes(const AddRoute& route, const LyricsService* lyrics);

// GET /api/v1/providers.
void install_provider_routes(const AddRoute& route, const ProviderCatalog* providers);

// The seed's model-service API (/model/v1/...) over OMG's own queue, so the seed backend can
// use `omg serve` as its MODEL_SERVICE_URL unchanged. `expose_paths`: versions carry the
// absolute `audio_path` a seed backend on the same host reads (otherwise "").
void install_model_service_routes(const AddRoute& route, jobs::JobService& queue,
                                  storage::ArtifactStore& artifacts, const LyricsService* lyrics,
                                  const ProviderCatalog* providers, jobs::JobEngine* engine,
                                  bool expose_paths);

}  // namespace omg::http
