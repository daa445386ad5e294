// Job files in PostgreSQL (storage/artifacts.h): how fast a worker's completion sends a file,
// and how fast a node reads it back in the transport's 256 KiB pieces, against the data folder
// on the same machine. Not a test: prints numbers.
//
//   omg_artifacts_bench [--mib N] [--database postgresql://...]
//
// Without --database it starts a throwaway PostgreSQL cluster (fsync off: it measures OMG's and
// the server's work, not the disk's).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "storage/artifacts.h"
#include "storage/ids.h"
#include "storage/job_claims.h"
#include "storage/job_store.h"
#include "common/bench_database.h"
#include "support/postgres_cluster.h"

namespace {

using namespace omg;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Reads the whole file in 256 KiB pieces; false on any error.
bool read_all(const storage::Artifacts& files, const std::string& job, const std::string& name) {
    auto r = files.open(job, name);
    if (!r) return false;
    std::string piece;
    for (uint64_t at = 0; at < (*r)->size(); at += 256 * 1024) {
        piece.clear();
        if (!(*r)->read(at, static_cast<size_t>(std::min<uint64_t>(256 * 1024, (*r)->size() - at)),
                        &piece)) {
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    int mib = 64;
    std::string url;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--mib") == 0)
            mib = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--database") == 0)
            url = argv[i + 1];
    }
    const fs::path dir = fs::temp_directory_path() / ("omg-artifacts-bench-" + storage::new_uuid());
    fs::create_directories(dir);
    const fs::path file = dir / "v.wav";
    {
        std::ofstream out(file, std::ios::binary);
        std::string block(1 << 20, '\0');
        for (size_t i = 0; i < block.size(); ++i)
            block[i] = static_cast<char>((i * 2654435761u) >> 13);
        for (int i = 0; i < mib; ++i) out << block;
    }
    std::unique_ptr<test::PostgresCluster> cluster;
    auto database = bench::bench_database(url, &cluster);
    if (!database) return std::fprintf(stderr, "%s\n", database.error().message.c_str()), 1;
    url = *database;
    auto store = storage::open_postgres_job_store({url});
    auto claims = storage::open_postgres_job_claims(url);
    auto files = storage::open_postgres_artifacts(url, dir / "scratch");
    if (!store || !claims || !files) return std::fprintf(stderr, "cannot open the database\n"), 1;
    storage::JobRecord job;
    job.id = storage::new_uuid();
    job.params.prompt = "bench";
    job.params.duration_s = 10;
    job.params.num_versions = 1;
    job.created_at = storage::now_iso();
    job.queue_pos = 1;
    if (!(*store)->insert(job)) return 1;
    storage::ClaimRequest request;
    request.worker = "bench";
    request.providers = {"builtin"};
    request.started_at = storage::now_iso();
    auto claim = (*claims)->claim(request);
    if (!claim || !*claim) return std::fprintf(stderr, "no claim\n"), 1;
    storage::JobRecord done = (*claim)->job;
    done.status = storage::JobStatus::completed;
    done.versions = {{storage::new_uuid(), 0, "{}", {"v.wav"}}};
    const std::vector<storage::StagedFile> staged = {{"v.wav", file}};
    auto t0 = Clock::now();
    if (!(*claims)->complete(done, (*claim)->attempt, staged))
        return std::fprintf(stderr, "complete failed\n"), 1;
    const double write_s = seconds_since(t0);
    t0 = Clock::now();
    if (!read_all(**files, job.id, "v.wav")) return std::fprintf(stderr, "read failed\n"), 1;
    const double read_s = seconds_since(t0);
    t0 = Clock::now();
    auto one = (*files)->open(job.id, "v.wav");
    std::string piece;
    const int ranges = 200;
    for (int i = 0; one && i < ranges; ++i) {
        piece.clear();
        const uint64_t at = (static_cast<uint64_t>(i) * 7919 * 4096) % ((*one)->size() - 300000);
        if (!(*one)->read(at, 256 * 1024, &piece)) return 1;
    }
    const double range_ms = seconds_since(t0) * 1000 / ranges;

    auto folder = storage::ArtifactStore::open(dir / "folder");
    if (!folder) return 1;
    fs::create_directories(dir / "folder" / "artifacts" / job.id);
    fs::copy_file(file, dir / "folder" / "artifacts" / job.id / "v.wav");
    auto local = storage::folder_artifacts(*folder);
    t0 = Clock::now();
    if (!read_all(*local, job.id, "v.wav")) return 1;
    const double folder_read_s = seconds_since(t0);

    std::printf("postgresql completion with a %d MiB file   %7.3f s   %7.1f MiB/s\n", mib, write_s,
                mib / write_s);
    std::printf("postgresql read in 256 KiB pieces          %7.3f s   %7.1f MiB/s\n", read_s,
                mib / read_s);
    std::printf("postgresql one 256 KiB range (2 chunks)    %7.3f ms\n", range_ms);
    std::printf("folder read in 256 KiB pieces              %7.3f s   %7.1f MiB/s\n", folder_read_s,
                mib / folder_read_s);
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}
