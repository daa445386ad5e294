// Route groups kept in their own files and installed by Api::install through its one route
// wrapper (CORS, auth for writes, the catch-all). Each function registers its paths with
// `route(method, pattern, write, handler)`.
#pragma once

#include <functional>
#include <string>

#include "http/lyrics_service.h"
#include "http/provider_catalog.h"
#include "http/router.h"
#include "jobs/job_queue.h"
#include "storage/artifact_store.h"

namespace omg::http {

using RouteHandler = Handler;
using AddRoute = std::function<void(const std::string& method, const std::string& pattern,
                                    bool write, RouteHandler handler)>;

// POST /api/v1/lyrics/generate.
void install_lyrics_routes(const AddRoute& route, const LyricsService* lyrics);

// GET /api/v1/providers.
void install_provider_routes(const AddRoute& route, const ProviderCatalog* providers);

// The seed's model-service API (/model/v1/...) over OMG's own queue, so the seed backend can
// use `omg serve` as its MODEL_SERVICE_URL unchanged. `expose_paths`: versions carry the
// absolute `audio_path` a seed backend on the same host reads (otherwise "").
void install_model_service_routes(const AddRoute& route, jobs::JobQueue& queue,
                                  storage::ArtifactStore& artifacts, const LyricsService* lyrics,
                                  const ProviderCatalog* providers, jobs::JobEngine* engine,
                                  bool expose_paths);

}  // namespace omg::http
