// Job store latency: what one submit (insert), one progress write (update) and one claim cost,
// SQLite against PostgreSQL on the same machine. Not a test: prints numbers.
//
//   omg_store_bench [--queued N] [--samples M] [--database postgresql://...]
//
// Without --database it starts a throwaway PostgreSQL cluster (tests/support/postgres_cluster.h,
// fsync off: it measures OMG's and the server's work, not the disk's). SQLite runs as OMG runs it
// (WAL, synchronous=FULL) in a temp folder. Claims are measured with N jobs queued.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "storage/ids.h"
#include "storage/job_claims.h"
#include "storage/job_store.h"
#include "common/bench_database.h"
#include "common/percentile.h"
#include "support/postgres_cluster.h"

namespace {

using namespace omg;
using Clock = std::chrono::steady_clock;

storage::JobRecord make_job(int64_t pos) {
    storage::JobRecord j;
    j.id = storage::new_uuid();
    j.params.prompt = "a calm lo-fi beat with piano, 90 bpm";
    j.params.duration_s = 30;
    j.params.num_versions = 2;
    j.params.bpm = 90;
    j.created_at = storage::now_iso();
    j.queue_pos = pos;
    return j;
}

// Median and 99th percentile, in milliseconds, of `samples` calls of `op`.
void report(const char* what, int samples, const std::function<bool(int)>& op) {
    std::vector<double> ms;
    for (int i = 0; i < samples; ++i) {
        const auto t0 = Clock::now();
        if (!op(i)) {
            std::printf("%-34s failed at sample %d\n", what, i);
            return;
        }
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    std::printf("%-34s median %7.3f ms   p99 %7.3f ms   (%d samples)\n", what, bench::median(ms),
                bench::percentile(ms, 99), samples);
}

void bench_store(const char* name, storage::JobStore& store, int samples) {
    std::vector<storage::JobRecord> jobs;
    for (int i = 0; i < samples; ++i) jobs.push_back(make_job(i + 1));
    report((std::string(name) + " submit (insert)").c_str(), samples,
           [&](int i) { return store.insert(jobs[static_cast<size_t>(i)]).has_value(); });
    report((std::string(name) + " progress (update)").c_str(), samples, [&](int i) {
        auto& j = jobs[static_cast<size_t>(i)];
        j.progress = 50;
        return store.update(j).has_value();
    });
}

}  // namespace

int main(int argc, char** argv) {
    int queued = 10000;
    int samples = 300;
    std::string url;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--queued") == 0) queued = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--samples") == 0) samples = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--database") == 0) url = argv[i + 1];
    }
    samples = std::max(samples, 1);
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("omg-store-bench-" + storage::new_uuid());
    fs::create_directories(dir);
    {
        auto sqlite = storage::open_sqlite_job_store({dir / "omg.db"});
        if (!sqlite) return std::fprintf(stderr, "%s\n", sqlite.error().message.c_str()), 1;
        bench_store("sqlite", **sqlite, samples);
    }
    fs::remove_all(dir);

    std::unique_ptr<test::PostgresCluster> cluster;
    auto database = bench::bench_database(url, &cluster);
    if (!database) return std::fprintf(stderr, "%s\n", database.error().message.c_str()), 1;
    url = *database;
    auto pg = storage::open_postgres_job_store({url});
    if (!pg) return std::fprintf(stderr, "%s\n", pg.error().message.c_str()), 1;
    bench_store("postgresql", **pg, samples);

    // Claims with `queued` jobs waiting (the ones above are claimable too).
    for (int i = 0; i < queued; ++i) {
        if (!(*pg)->insert(make_job(samples + i + 1))) return 1;
    }
    auto claims = storage::open_postgres_job_claims(url);
    if (!claims) return std::fprintf(stderr, "%s\n", claims.error().message.c_str()), 1;
    storage::ClaimRequest request;
    request.worker = "bench";
    request.providers = {"builtin"};
    request.started_at = storage::now_iso();
    char label[64];
    std::snprintf(label, sizeof label, "postgresql claim (%d queued)", queued + samples);
    report(label, samples, [&](int) {
        auto c = (*claims)->claim(request);
        return c && c->has_value();
    });
    return 0;
}
