#include "app/serve_command.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "app/config.h"
#include "app/stop_signals.h"
#include "engine/engine.h"
#include "http/api.h"
#include "http/server.h"
#ifndef OMG_SERVE_WITHOUT_ENGINE
#include "app/engine_prompt_service.h"
#include "app/lyrics_service.h"
#include "app/provider_catalog.h"
#include "core/env.h"
#include "jobs/crash_guard.h"
#include "jobs/engine_adapter.h"
#include "jobs/show_assembly.h"
#include "jobs/show_queue.h"
#include "providers/registry.h"
#endif
#include "jobs/event_bus.h"
#include "jobs/job_queue.h"
#include "jobs/shared_queue.h"
#include "storage/artifact_store.h"
#include "storage/job_store.h"
#include "storage/artifacts.h"
#include "storage/shared_queue_store.h"
#include "storage/worker_registry.h"

namespace omg::app {
namespace fs = std::filesystem;

namespace {

// Each open connection (an SSE client, a slow one) is a descriptor: allow as many as the
// hard limit lets this process have.
void raise_open_file_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &lim);
    }
}

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v != nullptr ? std::string(v) : std::string();
}

template <typename T>
void env_number(const char* name, T* out) {
    std::string v = env(name);
    if (v.empty()) return;
    std::istringstream in(v);
    T parsed{};
    if (in >> parsed) *out = parsed;
}

// One server per data folder: a second one would corrupt the queue's assumptions.
struct DataDirLock {
    int fd = -1;
    ~DataDirLock() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

ServeOptions serve_options_from_env() {
    ServeOptions o;
    if (auto v = env("OMG_HOST"); !v.empty()) o.host = v;
    env_number("BACKEND_PORT", &o.port);
    env_number("OMG_PORT", &o.port);
    if (auto v = env("OMG_DATA_DIR"); !v.empty()) o.data_dir = v;
    if (auto v = env("QUEUE_DB_PATH"); !v.empty()) o.db_path = v;
    o.database = core::Env::system().var("OMG_DATABASE_URL");
    o.artifacts_dir = env("OMG_ARTIFACTS_DIR");
    env_number("OMG_WORKERS", &o.workers);
    env_number("OMG_GRACE_S", &o.grace_s);
    env_number("OMG_MAX_QUEUE", &o.max_queue);
    env_number("OMG_MAX_CRASHES", &o.max_crashes);
    env_number("OMG_HTTP_THREADS", &o.http_threads);
    env_number("OMG_MAX_BODY_BYTES", &o.max_body_bytes);
    o.cors_origins = env("OMG_CORS_ORIGINS");
    o.api_key = env("OMG_API_KEY");
    o.model_service_paths = env("OMG_MODEL_SERVICE_PATHS") == "1";
    if (auto v = env("OMG_IDENTITY"); !v.empty()) o.identity = v;
    o.web_dir = env("OMG_WEB_DIR");
    if (o.web_dir.empty()) o.web_dir = OMG_SERVE_WEB_DIR;
    o.vendor_dir = env("OMG_VENDOR_DIR");
    if (o.vendor_dir.empty()) o.vendor_dir = OMG_SERVE_VENDOR_DIR;
    return o;
}

int run_serve(const ServeOptions& options) {
#ifdef OMG_SERVE_WITHOUT_ENGINE
    (void)options;
    std::fprintf(stderr, "omg serve: this build has no encoder (src/encode), so no engine\n");
    return 1;
#else
    if (options.identity != "omg" && options.identity != "sergiecode") {
        std::fprintf(stderr, "omg serve: unknown identity '%s' (omg or sergiecode)\n",
                     options.identity.c_str());
        return 2;
    }
    // Signals are taken by one thread with sigwait (app/stop_signals.h).
    const sigset_t signals = block_stop_signals();

    std::error_code ec;
    fs::create_directories(options.data_dir, ec);
    if (ec) {
        std::fprintf(stderr, "omg serve: cannot create the data folder %s\n", options.data_dir.c_str());
        return 1;
    }
    // An API node (PostgreSQL, --workers 0) runs no jobs: the database is the source of truth,
    // `omg worker` processes run the jobs, and every node serves their files from the database
    // (or from the --artifacts folder every node mounts).
    const bool api_node = storage::is_postgres_url(options.database) && options.workers == 0;
    if (options.workers == 0 && !api_node)
        std::fprintf(stderr,
                     "omg serve: --workers 0 without a PostgreSQL --database (or OMG_DATABASE_URL) is "
                     "not an API node: this server runs one worker per core on its own SQLite queue\n");
    if (!options.artifacts_dir.empty() && !api_node) {
        std::fprintf(stderr, "omg serve: --artifacts (OMG_ARTIFACTS_DIR) is for an API node (--workers 0 "
                             "with a PostgreSQL --database); this server keeps its files in --data-dir\n");
        return 2;
    }
    DataDirLock lock;
    if (!api_node) {
        lock.fd = ::open((fs::path(options.data_dir) / ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (lock.fd < 0 || ::flock(lock.fd, LOCK_EX | LOCK_NB) != 0) {
            std::fprintf(stderr, "omg serve: another server is using %s\n", options.data_dir.c_str());
            return 1;
        }
    }

    // One worker a core by default; their renders share the cores (config.h's resolve_config).
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int workers = options.workers > 0 ? options.workers : cores;
    auto engine = engine::Engine::open(resolve_config(options.paths, workers));
    if (!engine) {
        std::fprintf(stderr, "omg serve: %s\n", engine.error().message.c_str());
        return 1;
    }
    jobs::EngineJobEngine builtin_engine(*engine);
    EnginePromptService prompts(*engine);
    // Issue 5: every job goes through the provider router (builtin or a remote engine), and
    // lyrics come from the LLM when OMG_LLM_URL is set, from the built-in writer otherwise.
    providers::ProviderEngine job_engine(builtin_engine, providers::ProvidersConfig::from_env(core::Env::system()));
    RegistryCatalog provider_catalog(job_engine);
    EngineLyricsService lyrics_service(*engine, default_lyrics_dir(), lyrics::LlmConfig::from_env(core::Env::system()));

    // An API node reads the jobs' files from the database unless a shared folder is named; the
    // one-process server keeps them in its data folder.
    const bool files_in_database = api_node && options.artifacts_dir.empty();
    auto artifacts = storage::ArtifactStore::open(api_node && !files_in_database ? options.artifacts_dir
                                                                                 : options.data_dir);
    if (!artifacts) {
        std::fprintf(stderr, "omg serve: %s\n", artifacts.error().message.c_str());
        return 1;
    }
    std::unique_ptr<storage::Artifacts> files;
    if (files_in_database) {
        auto opened = storage::open_postgres_artifacts(options.database, fs::path(options.data_dir) / "scratch");
        if (!opened) {
            std::fprintf(stderr, "omg serve: %s\n", opened.error().message.c_str());
            return 1;
        }
        files = std::move(*opened);
    }
    jobs::EventBus events;
    std::unique_ptr<storage::JobStore> store;
    std::unique_ptr<jobs::CrashGuard> crash_guard;
    std::unique_ptr<jobs::JobQueue> queue;
    std::unique_ptr<storage::SharedQueueStore> shared_store;
    std::unique_ptr<storage::WorkerRegistry> registry;
    std::unique_ptr<jobs::SharedQueue> shared;
    jobs::JobService* service = nullptr;
    if (api_node) {
        auto opened = storage::open_postgres_shared_queue(options.database);
        if (!opened) {
            std::fprintf(stderr, "omg serve: %s\n", opened.error().message.c_str());
            return 1;
        }
        shared_store = std::move(*opened);
        auto reg = storage::open_postgres_worker_registry(options.database);
        if (!reg) {
            std::fprintf(stderr, "omg serve: %s\n", reg.error().message.c_str());
            return 1;
        }
        registry = std::move(*reg);
        jobs::SharedQueueOptions so;
        so.max_pending = options.max_queue;
        shared = std::make_unique<jobs::SharedQueue>(*shared_store, registry.get(), *artifacts, events, so);
        if (auto st = shared->refresh(); !st) {
            std::fprintf(stderr, "omg serve: %s\n", st.error().message.c_str());
            return 1;
        }
        service = shared.get();
    } else {
        storage::DatabaseOptions db;
        db.url = options.database;
        db.sqlite_path = options.db_path.empty() ? fs::path(options.data_dir) / "omg.db" : fs::path(options.db_path);
        if (db.url.empty() && db.sqlite_path.has_parent_path()) {
            fs::create_directories(db.sqlite_path.parent_path(), ec);
        }
        auto opened = storage::open_job_store(db);
        if (!opened) {
            std::fprintf(stderr, "omg serve: %s\n", opened.error().message.c_str());
            return 1;
        }
        store = std::move(*opened);
        // Crashes caused by a job are recorded against it; kills and power cuts are not.
        const fs::path crash_log = fs::path(options.data_dir) / "crashes.log";
        auto guard = jobs::CrashGuard::install(crash_log);
        if (!guard) {
            std::fprintf(stderr, "omg serve: %s\n", guard.error().message.c_str());
            return 1;
        }
        crash_guard = std::move(*guard);
        jobs::QueueOptions qo;
        qo.crash_counts = jobs::read_crash_counts(crash_log);
        qo.max_crashes = options.max_crashes;
        qo.workers = workers;
        qo.max_pending = options.max_queue;
        queue = std::make_unique<jobs::JobQueue>(*store, *artifacts, job_engine, events, qo);
        if (auto st = queue->recover(); !st) {
            std::fprintf(stderr, "omg serve: %s\n", st.error().message.c_str());
            return 1;
        }
        service = queue.get();
    }
    // Shows (issue 14): their records in the job store, their own files under <data>/shows. An
    // API node over a shared database does not offer them (its routes answer 503).
    std::optional<storage::ArtifactStore> show_files;
    std::unique_ptr<jobs::ShowQueue> shows;
    if (store) {
        auto opened = storage::ArtifactStore::open(fs::path(options.data_dir) / "shows");
        if (!opened) {
            std::fprintf(stderr, "omg serve: %s\n", opened.error().message.c_str());
            return 1;
        }
        show_files.emplace(std::move(*opened));
        storage::ArtifactStore& job_files = *artifacts;
        shows = std::make_unique<jobs::ShowQueue>(
            *store, *service, *show_files, events,
            [&job_files](const storage::ShowRecord& show, const std::vector<jobs::JobView>& cue_jobs,
                         storage::ArtifactStore& show_out, std::stop_token stop) {
                return jobs::assemble_show(show, cue_jobs, job_files, show_out, stop);
            });
        if (auto st = shows->recover(); !st) {
            std::fprintf(stderr, "omg serve: %s\n", st.error().message.c_str());
            return 1;
        }
    }

    http::ApiOptions ao;
    if (!options.cors_origins.empty()) ao.cors_origins = split_list(options.cors_origins);
    if (!options.api_key.empty()) ao.api_key = options.api_key;
    ao.model_service_paths = options.model_service_paths;
    ao.identity = options.identity == "sergiecode" ? http::ApiIdentity::sergiecode
                                                   : http::ApiIdentity::omg;
    ao.limits.max_prompt_chars = options.max_prompt_chars;
    ao.limits.best_quality_installed = engine->soundfont_for(model::SoundQuality::best).has_value();
    ao.web_dir = options.web_dir;
    ao.vendor_dir = options.vendor_dir;
    ao.prompts = &prompts;
    ao.lyrics = &lyrics_service;
    ao.providers = &provider_catalog;
    if (shared) ao.cluster = [&shared] { return shared->cluster(); };
    ao.files = files.get();
    ao.shows = shows.get();
    http::Api api(*service, events, *artifacts, job_engine, ao);

    http::Router router;
    api.install(router);
    http::ServerOptions so;
    so.host = options.host;
    so.port = options.port;
    so.handler_threads = std::max<size_t>(options.http_threads, 4);
    so.max_body_bytes = options.max_body_bytes;
    raise_open_file_limit();
    http::HttpServer server(so, router);
    auto port = server.bind();
    if (!port) {
        std::fprintf(stderr, "omg serve: %s\n", port.error().message.c_str());
        return 1;
    }
    if (!options.port_file.empty()) {
        std::string tmp = options.port_file + ".tmp";
        std::ofstream(tmp) << *port << "\n";
        fs::rename(tmp, options.port_file, ec);
    }
    if (queue) queue->start();
    if (shared) shared->start();
    if (shows) shows->start();
    std::jthread http_thread([&server] { server.run(); });
    if (api_node) {
        std::printf("omg serve: listening on http://%s:%d (API node: jobs run by omg worker "
                    "processes, jobs in PostgreSQL, files in %s)\n",
                    options.host.c_str(), *port,
                    files_in_database ? "PostgreSQL" : options.artifacts_dir.c_str());
    } else {
        std::printf("omg serve: listening on http://%s:%d (%d workers, data in %s, jobs in %s)\n",
                    options.host.c_str(), *port, workers, options.data_dir.c_str(),
                    options.database.empty() ? "SQLite" : "PostgreSQL");
    }
    std::fflush(stdout);

    int sig = 0;
    sigwait(&signals, &sig);
    std::printf("omg serve: stopping (grace %.0f s)\n", options.grace_s);
    std::fflush(stdout);
    api.begin_shutdown();
    if (shows) shows->stop();
    if (queue) queue->shutdown(std::chrono::milliseconds(static_cast<long long>(options.grace_s * 1000)));
    if (shared) shared->shutdown();
    events.close();
    server.stop();
    http_thread.join();
    std::printf("omg serve: stopped\n");
    return 0;
#endif
}

void add_serve_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<ServeOptions>(serve_options_from_env());
    CLI::App* cmd = app.add_subcommand("serve", "Run the HTTP server with its job queue");
    cmd->add_option("--host", options->host, "Address to listen on")->capture_default_str();
    cmd->add_option("--port", options->port, "Port (0 = any free port)")->capture_default_str();
    cmd->add_option("--data-dir", options->data_dir, "Folder for the database and the audio files")
        ->capture_default_str();
    cmd->add_option("--database", options->database,
                    "PostgreSQL URL for the jobs (postgresql://user@host/db); default: SQLite in "
                    "the data folder");
    cmd->add_option("--artifacts", options->artifacts_dir,
                    "An API node's shared folder of the jobs' files (the workers' --artifacts); "
                    "default: the files are in the PostgreSQL database");
    cmd->add_option("--workers", options->workers,
                    "Generation threads (default: one per core); 0 with a PostgreSQL --database: "
                    "an API node that runs no jobs (omg worker processes run them)");
    cmd->add_option("--styles", options->paths.styles_dir, "Folder of style files");
    cmd->add_option("--soundfont", options->paths.soundfont,
                    "General MIDI SoundFont (.sf2) of the fast quality");
    cmd->add_option("--best-soundfont", options->paths.best_soundfont,
                    "SoundFont of the best quality");
    cmd->add_option("--grace", options->grace_s, "Seconds running jobs get to finish on SIGTERM")
        ->capture_default_str();
    cmd->add_option("--max-queue", options->max_queue, "Pending jobs before 429")->capture_default_str();
    cmd->add_option("--max-crashes", options->max_crashes,
                    "Crashes of the server a job may cause before it is failed (kills never count)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    cmd->add_option("--http-threads", options->http_threads, "threads running HTTP handlers (connections, SSE included, hold none)")
        ->capture_default_str();
    cmd->add_option("--cors-origins", options->cors_origins, "Comma-separated allowed origins, or *");
    cmd->add_option("--web-dir", options->web_dir, "The built web studio (index.html)");
    cmd->add_flag("--model-service-paths", options->model_service_paths,
                  "Give /model/v1 versions their absolute audio_path (a seed backend on this host)");
    cmd->add_option("--identity", options->identity,
                    "Which seed backend GET /, /health and OpenAPI introduce the server as")
        ->check(CLI::IsMember({"omg", "sergiecode"}))
        ->capture_default_str();
    cmd->add_option("--port-file", options->port_file, "Write the bound port to this file");
    cmd->callback([options, &exit_code] { exit_code = run_serve(*options); });
}

}  // namespace omg::app
