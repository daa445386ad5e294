// The PostgreSQL database a benchmark measures: the one the caller named (--database), else a
// fresh database `omg_bench` on a throwaway cluster (tests/support/postgres_cluster.h: fsync off,
// so a benchmark measures OMG's and the server's work, not the disk's) that `cluster` keeps
// running until the benchmark lets go of it. Failures are values carrying the cluster's reason.
// Not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "support/postgres_cluster.h"

namespace omg::bench {

// `url` when it is not empty; otherwise starts *cluster from OMG_PG_BINDIR and returns the URL
// of its new database.
inline Result<std::string> bench_database(std::string url,
                                          std::unique_ptr<test::PostgresCluster>* cluster) {
    if (!url.empty()) return url;
    auto started = test::PostgresCluster::start(OMG_PG_BINDIR);
    if (!started) return tl::unexpected(started.error());
    *cluster = std::move(*started);
    return (*cluster)->create_database("omg_bench");
}

}  // namespace omg::bench
