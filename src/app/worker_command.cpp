#include "app/worker_command.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>

#include "app/config.h"
#include "app/stop_signals.h"
#include "core/env.h"
#include "engine/engine.h"
#include "jobs/engine_adapter.h"
#include "jobs/worker.h"
#include "providers/registry.h"
#include "storage/artifact_store.h"
#include "storage/ids.h"
#include "storage/job_claims.h"
#include "storage/job_store.h"
#include "storage/worker_registry.h"

namespace omg::app {
namespace fs = std::filesystem;
namespace {

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0) return "unknown";
    return buf;
}

std::mutex g_log_mutex;

void log_line(const std::string& line) {
    std::lock_guard lock(g_log_mutex);
    std::printf("omg worker: %s\n", line.c_str());
    std::fflush(stdout);
}

}  // namespace

int run_worker(const WorkerCommandOptions& options) {
    if (!storage::is_postgres_url(options.database)) {
        std::fprintf(stderr, "omg worker: --database (or OMG_DATABASE_URL) must be a postgresql:// URL\n");
        return 2;
    }
    auto providers = split_list(options.providers);
    if (providers.empty()) {
        std::fprintf(stderr, "omg worker: --providers names no provider\n");
        return 2;
    }
    const sigset_t signals = block_stop_signals();

    const bool files_in_database = options.artifacts_dir.empty();
    const std::string files_dir = files_in_database ? options.data_dir : options.artifacts_dir;
    std::error_code ec;
    fs::create_directories(files_dir, ec);
    auto artifacts = storage::ArtifactStore::open(files_dir);
    if (!artifacts) {
        std::fprintf(stderr, "omg worker: %s\n", artifacts.error().message.c_str());
        return 1;
    }
    const int concurrency = std::max(1, options.concurrency);
    auto engine = engine::Engine::open(resolve_config(options.paths, concurrency));
    if (!engine) {
        std::fprintf(stderr, "omg worker: %s\n", engine.error().message.c_str());
        return 1;
    }
    jobs::EngineJobEngine builtin_engine(*engine);
    auto providers_config = providers::ProvidersConfig::from_env(core::Env::system());
    const std::string default_provider = providers_config.default_provider;
    providers::ProviderEngine job_engine(builtin_engine, std::move(providers_config));

    auto registry = storage::open_postgres_worker_registry(options.database);
    if (!registry) {
        std::fprintf(stderr, "omg worker: %s\n", registry.error().message.c_str());
        return 1;
    }
    jobs::WorkerOptions wo;
    wo.host = host_name();
    wo.pid = static_cast<int64_t>(::getpid());
    wo.id = wo.host + "-" + std::to_string(wo.pid) + "-" + storage::new_uuid().substr(0, 8);
    wo.providers = providers;
    wo.default_provider = default_provider;
    wo.concurrency = concurrency;
    wo.lease = std::chrono::milliseconds(static_cast<long long>(std::max(1.0, options.lease_s) * 1000));
    wo.max_lease_expiries = options.max_lease_expiries;
    wo.files_in_database = files_in_database;
    wo.log = log_line;
    const std::string url = options.database;
    jobs::Worker worker([url] { return storage::open_postgres_job_claims(url); }, registry->get(),
                        job_engine, *artifacts, wo);
    if (auto st = worker.start(); !st) {
        std::fprintf(stderr, "omg worker: %s\n", st.error().message.c_str());
        return 1;
    }
    log_line("started as " + wo.id + " (" + options.providers + ", " + std::to_string(concurrency) +
             " at once, files " +
             (files_in_database ? "into the database (written first in " + files_dir + ")"
                                : "in " + files_dir) +
             ")");

    int sig = 0;
    sigwait(&signals, &sig);
    log_line("stopping (grace " + std::to_string(static_cast<int>(options.grace_s)) + " s)");
    worker.shutdown(std::chrono::milliseconds(static_cast<long long>(options.grace_s * 1000)));
    log_line("stopped");
    return 0;
}

void add_worker_command(CLI::App& app, int& exit_code) {
    auto options = std::make_shared<WorkerCommandOptions>();
    const core::Env& env = core::Env::system();
    options->database = env.var("OMG_DATABASE_URL");
    if (auto v = env.var("OMG_DATA_DIR"); !v.empty()) options->data_dir = v;
    options->artifacts_dir = env.var("OMG_ARTIFACTS_DIR");
    CLI::App* cmd = app.add_subcommand("worker", "Run jobs from a shared PostgreSQL queue");
    cmd->add_option("--database", options->database,
                    "PostgreSQL URL of the shared queue (postgresql://user@host/db)");
    cmd->add_option("--providers", options->providers,
                    "Comma-separated providers this worker runs (builtin, ace-step, ...)")
        ->capture_default_str();
    cmd->add_option("--concurrency", options->concurrency, "Jobs run at once")
        ->check(CLI::Range(1, 256))
        ->capture_default_str();
    cmd->add_option("--data-dir", options->data_dir,
                    "This worker's folder, where a job's files are written before they go into "
                    "the database")
        ->capture_default_str();
    cmd->add_option("--artifacts", options->artifacts_dir,
                    "A folder every API node mounts (their --artifacts): the files are written "
                    "there instead of into the database");
    cmd->add_option("--styles", options->paths.styles_dir, "Folder of style files");
    cmd->add_option("--soundfont", options->paths.soundfont,
                    "General MIDI SoundFont (.sf2) of the fast quality");
    cmd->add_option("--best-soundfont", options->paths.best_soundfont,
                    "SoundFont of the best quality");
    cmd->add_option("--grace", options->grace_s,
                    "Seconds running jobs get to finish on SIGTERM before they are handed back")
        ->capture_default_str();
    cmd->add_option("--lease", options->lease_s,
                    "Seconds a job stays this worker's without a heartbeat")
        ->check(CLI::Range(1.0, 3600.0))
        ->capture_default_str();
    cmd->add_option("--max-lease-expiries", options->max_lease_expiries,
                    "Lease expiries (worker deaths) a job may cause before it is failed (0: no limit)")
        ->check(CLI::Range(0, 1000))
        ->capture_default_str();
    cmd->callback([options, &exit_code] { exit_code = run_worker(*options); });
}

}  // namespace omg::app
