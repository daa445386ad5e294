// The test process's one throwaway PostgreSQL server (support/postgres_cluster.h), started on
// first use and stopped when the process exits, and a fresh database for each test.
// A server that cannot start is an ASSERT failure carrying the reason, never a skip; only the
// multi-process e2e tests skip, and only where Debian's server binaries are not installed at all
// (`postgres_binaries_missing`).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "support/postgres_cluster.h"

namespace omg::test {

// Why no throwaway server can be started here: Debian's postgresql package (initdb, pg_ctl in
// OMG_PG_BINDIR) is not installed; nullopt when it is. For GTEST_SKIP in a test's SetUp.
inline std::optional<std::string> postgres_binaries_missing() {
    const std::filesystem::path bin = OMG_PG_BINDIR;
    if (!bin.empty() && std::filesystem::exists(bin / "initdb") &&
        std::filesystem::exists(bin / "pg_ctl")) {
        return std::nullopt;
    }
    return "PostgreSQL's server binaries (initdb, pg_ctl: Debian's postgresql package) are "
           "missing, so no throwaway database can be started";
}

// The cluster, or the reason it could not start (the same reason for every later call).
inline Result<PostgresCluster*> shared_postgres() {
    static std::unique_ptr<PostgresCluster> cluster;
    static std::optional<Error> failure;
    if (!cluster && !failure) {
        auto started = PostgresCluster::start(OMG_PG_BINDIR);
        if (started) cluster = std::move(*started);
        else failure = started.error();
    }
    if (failure) return tl::unexpected(*failure);
    return cluster.get();
}

// A URL of a new empty database; "" after adding a fatal failure that says why.
inline std::string fresh_postgres_database() {
    static int counter = 0;
    auto cluster = shared_postgres();
    if (!cluster) {
        ADD_FAILURE() << "cannot start a throwaway PostgreSQL server: " << cluster.error().message;
        return "";
    }
    auto url = (*cluster)->create_database("omg_test_" + std::to_string(++counter));
    if (!url) {
        ADD_FAILURE() << "cannot create a test database: " << url.error().message;
        return "";
    }
    return *url;
}

}  // namespace omg::test
