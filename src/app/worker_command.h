// `omg worker`: a worker process for the shared PostgreSQL queue (jobs/worker.h), over the same
// engine and provider router as `omg serve`.
//
// Settings come from flags, then the environment (OMG_DATABASE_URL, OMG_DATA_DIR,
// OMG_ARTIFACTS_DIR, OMG_STYLES_DIR, OMG_SOUNDFONT, the providers' variables as for `omg serve`),
// then defaults. A job's files go into the database with its completion (storage/artifacts.h);
// `--data-dir` is then this worker's own folder where they are written first. `--artifacts DIR`
// instead names a folder every API node mounts, and the files are written there. SIGTERM or SIGINT: no more claims; running
// jobs get the grace period to finish, then are handed back; exit 0. Each event is one line on
// stdout ("omg worker: job <id> attempt <n> claimed", "... completed in <ms> ms", "... lost: ...").
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "app/config.h"

namespace omg::app {

struct WorkerCommandOptions {
    std::string database;                // postgresql://...
    std::string providers = "builtin";   // comma-separated
    int concurrency = 1;
    std::string data_dir = "./data";
    std::string artifacts_dir;           // a shared folder; empty = the files go into the database
    DataPaths paths;
    double grace_s = 30;
    double lease_s = 10;
    int max_lease_expiries = 3;
};

int run_worker(const WorkerCommandOptions& options);
void add_worker_command(CLI::App& app, int& exit_code);

}  // namespace omg::app
