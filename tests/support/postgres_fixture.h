// The test process's one throwaway PostgreSQL server (support/postgres_cluster.h), started on
// first use and stopped when the process exits, and a fresh database for each test.
// A server that cannot start is an ASSERT failure carrying the reason, never a skip.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "support/postgres_cluster.h"

namespace omg::test {

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
