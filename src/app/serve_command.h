// `omg serve`: the HTTP server, its job queue and workers, over the engine.
//
// Settings come from flags, then the environment (the seed's BACKEND_PORT and QUEUE_DB_PATH,
// and OMG_HOST, OMG_PORT, OMG_DATA_DIR, OMG_WORKERS, OMG_API_KEY, OMG_CORS_ORIGINS,
// OMG_GRACE_S, OMG_MAX_QUEUE, OMG_HTTP_THREADS, OMG_STYLES_DIR, OMG_SOUNDFONT, OMG_DATABASE_URL),
// then defaults. Jobs live in SQLite in the data folder unless --database names a PostgreSQL
// database. With PostgreSQL, the server either runs its own workers (one server per database:
// a second is refused) or, with --workers 0, is an API node (jobs/shared_queue.h) that runs no
// jobs: any number of API nodes and `omg worker` processes share the database, which also holds
// the jobs' files (storage/artifacts.h), unless --artifacts (OMG_ARTIFACTS_DIR) names a folder
// every node and worker mounts. The data folder is then the node's own (conversions' scratch).
// SIGTERM or SIGINT: stop taking jobs, let running jobs finish within the grace period,
// requeue the rest, exit 0.
#pragma once

#include <cstddef>
#include <string>

#include <CLI/CLI.hpp>

#include "app/config.h"

namespace omg::app {

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8000;
    std::string data_dir = "./data";
    std::string db_path;            // default <data_dir>/omg.db
    std::string database;           // postgresql://... ; empty = SQLite at db_path
    std::string artifacts_dir;      // an API node's shared file folder; empty = in the database
    int workers = -1;               // unset (or 0 with SQLite) = one per core; 0 with PostgreSQL = API node
    DataPaths paths;
    double grace_s = 30;
    size_t max_queue = 256;
    int max_crashes = 3;            // crashes a job may cause before it is failed
    size_t http_threads = 16;  // handler threads; connections hold none
    size_t max_body_bytes = 1 << 20;
    size_t max_prompt_chars = 2000;
    std::string cors_origins;       // comma-separated; empty = the seed clients' origins
    std::string api_key;            // empty = no auth
    std::string web_dir;            // the studio build (web/dist)
    std::string vendor_dir;         // web/vendor/node_modules
    std::string port_file;          // if set, the bound port is written here (for port 0)
    bool model_service_paths = false;  // /model/v1 answers carry absolute file paths
    std::string identity = "omg";   // omg | sergiecode: how GET /, /health and OpenAPI introduce it
};

// Fills the defaults from the environment (call before parsing flags).
ServeOptions serve_options_from_env();
int run_serve(const ServeOptions& options);
void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace omg::app
