// Many machines on one (issue 13): throughput of the same jobs through the one-process server
// (`omg serve`, SQLite, its own workers) and through an API node with 1, 2 and 4 `omg worker`
// processes on one PostgreSQL database, side by side; and the p99 of GET /api/v1/jobs/{id} on
// the API node while workers render. Not a test: prints numbers.
//
//   omg_cluster_bench [--jobs N] [--duration S] [--workers 1,2,4] [--serve-workers W]
//
// Every run submits N jobs (one version each, S-second tracks, seeds 1..N, the same prompts) at
// once and times the first submit to the last completion: tracks per minute. A throwaway
// PostgreSQL cluster (tests/support/postgres_cluster.h, fsync off) gets a fresh database per
// run. While the jobs render, one client reads GET /api/v1/jobs/{id} in a loop (one keep-alive
// connection, 5 ms apart) on the server or the API node. All processes share this machine's
// cores: with fewer cores than workers, more workers mostly share the same CPU.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/percentile.h"
#include "storage/ids.h"
#include "support/omg_process.h"
#include "support/postgres_cluster.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using omg::bench::percentile;
using omg::testing::OmgProcess;

const char* kPrompts[] = {"calm piano", "upbeat pop with drums", "lo-fi hip hop beat",
                          "ambient pads", "rock with guitars", "jazz trio"};

struct RunResult {
    double seconds = 0;
    int completed = 0;
    double p50_ms = 0, p99_ms = 0;
    size_t samples = 0;
};

// Submits the jobs to the node at `port`, waits for all of them while measuring status reads.
RunResult run_jobs(int port, int jobs, double duration) {
    RunResult out;
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(60, 0);
    std::vector<std::string> ids;
    const auto t0 = Clock::now();
    for (int i = 0; i < jobs; ++i) {
        json body{{"prompt", kPrompts[i % 6]}, {"duration", duration}, {"seed", i + 1}};
        auto r = c.Post("/api/v1/generate", body.dump(), "application/json");
        if (!r || r->status != 200) {
            std::fprintf(stderr, "submit failed: %s\n", r ? r->body.c_str() : "no answer");
            return out;
        }
        ids.push_back(json::parse(r->body).value("job_id", ""));
    }
    std::atomic<bool> done{false};
    std::vector<double> ms;
    std::jthread reader([&] {
        httplib::Client s("127.0.0.1", port);
        s.set_keep_alive(true);
        size_t i = 0;
        while (!done) {
            const std::string path = "/api/v1/jobs/" + ids[i++ % ids.size()];
            const auto a = Clock::now();
            auto r = s.Get(path.c_str());
            if (r && r->status == 200) {
                ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    std::vector<bool> finished(ids.size(), false);
    int left = jobs;
    while (left > 0 && Clock::now() - t0 < std::chrono::minutes(30)) {
        for (size_t i = 0; i < ids.size(); ++i) {
            if (finished[i]) continue;
            auto r = c.Get(("/api/v1/jobs/" + ids[i]).c_str());
            if (!r || r->status != 200) continue;
            const std::string st = json::parse(r->body).value("status", "");
            if (st == "completed" || st == "failed" || st == "cancelled") {
                finished[i] = true;
                --left;
                if (st == "completed") ++out.completed;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    out.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    done = true;
    reader.join();
    out.samples = ms.size();
    out.p50_ms = percentile(ms, 50);
    out.p99_ms = percentile(ms, 99);
    return out;
}

int wait_port(const fs::path& port_file) {
    for (int i = 0; i < 600; ++i) {
        std::ifstream in(port_file);
        int port = 0;
        if (in >> port) return port;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
}

void print(const std::string& what, int jobs, double duration, const RunResult& r) {
    const double per_min = r.seconds > 0 ? r.completed / (r.seconds / 60.0) : 0;
    std::printf("%-34s %2d/%2d tracks of %4.0f s in %7.1f s: %6.2f tracks/min   "
                "GET job p50 %6.2f ms p99 %7.2f ms (%zu reads)\n",
                what.c_str(), r.completed, jobs, duration, r.seconds, per_min, r.p50_ms, r.p99_ms,
                r.samples);
    std::fflush(stdout);
}

std::vector<int> parse_list(const std::string& s) {
    std::vector<int> out;
    std::stringstream in(s);
    std::string part;
    while (std::getline(in, part, ',')) out.push_back(std::atoi(part.c_str()));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    int jobs = 8;
    double duration = 20;
    std::vector<int> worker_counts{1, 2, 4};
    int serve_workers = 0;  // 0: omg serve's default (one per core)
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--jobs") == 0) jobs = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--duration") == 0) duration = std::atof(argv[i + 1]);
        else if (std::strcmp(argv[i], "--workers") == 0) worker_counts = parse_list(argv[i + 1]);
        else if (std::strcmp(argv[i], "--serve-workers") == 0) serve_workers = std::atoi(argv[i + 1]);
    }
    const fs::path root = fs::temp_directory_path() / ("omg-cluster-bench-" + omg::storage::new_uuid());
    fs::create_directories(root);
    std::printf("cores: %u; %d jobs of %.0f s each, one version\n", std::thread::hardware_concurrency(), jobs,
                duration);

    {
        // The one-process server: SQLite, its own worker threads.
        const fs::path data = root / "sqlite";
        std::vector<std::string> args{"serve", "--host", "127.0.0.1", "--port", "0", "--port-file",
                                      (root / "serve.port").string(), "--data-dir", data.string()};
        if (serve_workers > 0) {
            args.push_back("--workers");
            args.push_back(std::to_string(serve_workers));
        }
        OmgProcess serve(OMG_BINARY, args, root / "serve.log");
        const int port = wait_port(root / "serve.port");
        if (port == 0) {
            std::fprintf(stderr, "omg serve did not start:\n%s\n", serve.log().c_str());
            return 1;
        }
        const int threads = serve_workers > 0 ? serve_workers : static_cast<int>(std::thread::hardware_concurrency());
        print("omg serve (SQLite, " + std::to_string(threads) + " worker threads)", jobs, duration,
              run_jobs(port, jobs, duration));
    }

    auto cluster = omg::test::PostgresCluster::start(OMG_PG_BINDIR);
    if (!cluster) {
        std::fprintf(stderr, "cannot start PostgreSQL: %s\n", cluster.error().message.c_str());
        return 1;
    }
    int run = 0;
    for (int workers : worker_counts) {
        auto url = (*cluster)->create_database("bench_" + std::to_string(++run));
        if (!url) {
            std::fprintf(stderr, "%s\n", url.error().message.c_str());
            return 1;
        }
        const fs::path data = root / ("pg-" + std::to_string(run));
        fs::create_directories(data);
        int port = 0;
        auto node = omg::testing::start_api_node(OMG_BINARY, *url, data,
                                                 root / ("api-" + std::to_string(run) + ".log"), &port);
        if (port == 0) {
            std::fprintf(stderr, "the API node did not start:\n%s\n", node->log().c_str());
            return 1;
        }
        std::vector<std::unique_ptr<OmgProcess>> procs;
        for (int w = 0; w < workers; ++w) {
            procs.push_back(omg::testing::start_worker(
                OMG_BINARY, *url, data, root / ("worker-" + std::to_string(run) + "-" + std::to_string(w) + ".log")));
        }
        // Wait until the node sees every worker, so no run starts with fewer.
        httplib::Client c("127.0.0.1", port);
        for (int i = 0; i < 600; ++i) {
            auto r = c.Get("/api/v1/workers");
            if (r && r->status == 200 && json::parse(r->body)["workers"].size() == static_cast<size_t>(workers)) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        print("API node + " + std::to_string(workers) + " omg worker" + (workers > 1 ? "s" : "") + " (PostgreSQL)",
              jobs, duration, run_jobs(port, jobs, duration));
    }
    std::error_code ec;
    fs::remove_all(root, ec);
    return 0;
}
