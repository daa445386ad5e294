// PostgresCluster: a throwaway PostgreSQL server for tests, started from Debian's binaries.
//
// `start` makes a private folder (mode 700) under the temp dir (/tmp when the server's user
// could not reach TMPDIR) holding `data/` and `sock/`, runs
// initdb (trust authentication, UTF-8, no sync), writes its settings into postgresql.conf (a
// free port on 127.0.0.1, the socket folder, fsync off) and starts the server with pg_ctl.
// PostgreSQL refuses to run as root, so under root (CI) every server program runs as the
// `postgres` user that Debian's package creates; otherwise as the caller. Programs are started
// with only stdin, stdout and stderr open (all three on a log file), so the server never holds a
// pipe of the test harness open. A port taken by a parallel test between choosing and binding
// is retried with another. Failures are values whose message says what is missing (binaries,
// the postgres user) and ends with the tail of the server's log: a test ASSERTs on it, so a
// machine that cannot run the server fails loudly instead of skipping.
// `dump` and `restore` run Debian's pg_dump and pg_restore from the same folder.
// The destructor stops the server (immediate mode) and removes the folder.
// One cluster per test process; `create_database` gives each test a fresh database.
// Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.h"

namespace omg::test {

class PostgresCluster {
public:
    // bin_dir: where initdb and pg_ctl live (/usr/lib/postgresql/<v>/bin).
    static Result<std::unique_ptr<PostgresCluster>> start(const std::filesystem::path& bin_dir);
    ~PostgresCluster();
    PostgresCluster(const PostgresCluster&) = delete;
    PostgresCluster& operator=(const PostgresCluster&) = delete;

    int port() const { return port_; }
    // A new, empty database; returns its postgresql:// URL. `name`: [a-z0-9_], chosen by tests.
    Result<std::string> create_database(const std::string& name);
    std::string url(const std::string& database) const;

    // Stops the server now (immediate: like a crash) and starts it again on the same port.
    Status stop();
    Status restart();

    // A backup of `database` as an operator takes one: `pg_dump --format=custom`, into a file
    // in the cluster's folder; returns its path.
    Result<std::filesystem::path> dump(const std::string& database);
    // A new database `database` made from a dump by `pg_restore`; returns its URL.
    Result<std::string> restore(const std::filesystem::path& dump, const std::string& database);

private:
    PostgresCluster() = default;
    Status run(const std::vector<std::string>& args, const std::string& what);
    std::string log_tail() const;

    std::filesystem::path bin_dir_;
    std::filesystem::path root_;
    int port_ = 0;
    bool as_postgres_ = false;  // running as root: server programs run as `postgres`
    unsigned uid_ = 0;
    unsigned gid_ = 0;
    bool running_ = false;
};

}  // namespace omg::test
