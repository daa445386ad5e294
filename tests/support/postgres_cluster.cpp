#include "support/postgres_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace omg::test {
namespace fs = std::filesystem;

namespace {

// A port nobody listens on now. Another process may take it before the server binds it;
// start() then tries again with another.
Result<int> free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return fail(Errc::io, "no socket for finding a free port");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    ::close(fd);
    if (!ok) return fail(Errc::io, "cannot find a free port on 127.0.0.1");
    return static_cast<int>(ntohs(addr.sin_port));
}

// Under root the server runs as `postgres`, which must be able to reach its folder: a TMPDIR
// inside a private home (/root/tmp) is not reachable, /tmp is.
fs::path temp_root_for(bool as_postgres) {
    fs::path temp = fs::temp_directory_path();
    if (!as_postgres) return temp;
    for (fs::path p = fs::absolute(temp); !p.empty(); p = p.parent_path()) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0 || (st.st_mode & S_IXOTH) == 0) return "/tmp";
        if (p == p.root_path()) break;
    }
    return temp;
}

bool valid_database_name(const std::string& name) {
    if (name.empty() || name.size() > 63) return false;
    for (char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return true;
}

}  // namespace

Result<std::unique_ptr<PostgresCluster>> PostgresCluster::start(const fs::path& bin_dir) {
    std::unique_ptr<PostgresCluster> c(new PostgresCluster());
    c->bin_dir_ = bin_dir;
    std::error_code ec;
    if (bin_dir.empty() || !fs::exists(bin_dir / "initdb", ec) || !fs::exists(bin_dir / "pg_ctl", ec)) {
        return fail(Errc::not_found,
                    "PostgreSQL's server programs (initdb, pg_ctl) were not found" +
                        (bin_dir.empty() ? std::string() : " in " + bin_dir.string()) +
                        ": install Debian's postgresql package (scripts/setup-deps.sh) and "
                        "configure the build again");
    }
    if (::geteuid() == 0) {
        const passwd* pw = ::getpwnam("postgres");
        if (pw == nullptr) {
            return fail(Errc::unavailable,
                        "running as root, PostgreSQL must run as another user, and there is no "
                        "`postgres` user: install Debian's postgresql package, which creates it "
                        "(scripts/setup-deps.sh)");
        }
        c->as_postgres_ = true;
        c->uid_ = pw->pw_uid;
        c->gid_ = pw->pw_gid;
    }
    std::string pattern = (temp_root_for(c->as_postgres_) / "omg-pg-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) return fail(Errc::io, "cannot make a temp folder");
    c->root_ = pattern;
    for (const fs::path& dir : {c->root_, c->root_ / "data", c->root_ / "sock"}) {
        fs::create_directories(dir, ec);
        if (ec || ::chmod(dir.c_str(), 0700) != 0 ||
            (c->as_postgres_ && ::chown(dir.c_str(), c->uid_, c->gid_) != 0)) {
            return fail(Errc::io, "cannot prepare " + dir.string() + " for the server");
        }
    }
    const std::string data = (c->root_ / "data").string();
    if (auto st = c->run({"initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                          "--locale=C.UTF-8", "--no-sync"},
                         "initdb");
        !st) {
        return tl::unexpected(st.error());
    }
    Status started = fail(Errc::io, "not started");
    for (int attempt = 0; attempt < 5 && !started; ++attempt) {
        auto port = free_port();
        if (!port) return tl::unexpected(port.error());
        c->port_ = *port;
        // Settings go into the file, not `pg_ctl -o`: a later plain start (restart()) reads them
        // again. A later line wins, so a retry appends the next port.
        std::ofstream conf(c->root_ / "data" / "postgresql.conf", std::ios::app);
        conf << "\n# omg tests\nport = " << c->port_ << "\nlisten_addresses = '127.0.0.1'\n"
             << "unix_socket_directories = '" << (c->root_ / "sock").string() << "'\n"
             // fsync off: a commit still reaches the OS before it returns, so a server killed
             // by stop() loses nothing; only a power cut would (synchronous_commit stays on).
             << "fsync = off\n"
             << "max_connections = 200\nshared_buffers = 32MB\n";
        conf.close();
        if (!conf) return fail(Errc::io, "cannot write postgresql.conf");
        started = c->restart();
    }
    if (!started) return tl::unexpected(started.error());
    return c;
}

PostgresCluster::~PostgresCluster() {
    if (running_) (void)stop();
    std::error_code ec;
    if (!root_.empty()) fs::remove_all(root_, ec);
}

std::string PostgresCluster::url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

Result<std::string> PostgresCluster::create_database(const std::string& name) {
    if (!valid_database_name(name)) return fail(Errc::invalid_argument, "bad database name");
    if (auto st = run({"createdb", "-h", "127.0.0.1", "-p", std::to_string(port_), "-U",
                       "postgres", name},
                      "createdb");
        !st) {
        return tl::unexpected(st.error());
    }
    return url(name);
}

Result<fs::path> PostgresCluster::dump(const std::string& database) {
    if (!valid_database_name(database)) return fail(Errc::invalid_argument, "bad database name");
    const fs::path file = root_ / (database + ".dump");
    if (auto st = run({"pg_dump", "--format=custom", "-h", "127.0.0.1", "-p", std::to_string(port_),
                       "-U", "postgres", "-f", file.string(), database},
                      "pg_dump");
        !st) {
        return tl::unexpected(st.error());
    }
    return file;
}

Result<std::string> PostgresCluster::restore(const fs::path& dump, const std::string& database) {
    auto url = create_database(database);
    if (!url) return url;
    if (auto st = run({"pg_restore", "--no-owner", "--exit-on-error", "-h", "127.0.0.1", "-p",
                       std::to_string(port_), "-U", "postgres", "-d", database, dump.string()},
                      "pg_restore");
        !st) {
        return tl::unexpected(st.error());
    }
    return url;
}

Status PostgresCluster::stop() {
    auto st = run({"pg_ctl", "-D", (root_ / "data").string(), "-m", "immediate", "-w", "stop"},
                  "pg_ctl stop");
    if (st) running_ = false;
    return st;
}

Status PostgresCluster::restart() {
    auto st = run({"pg_ctl", "-D", (root_ / "data").string(), "-l",
                   (root_ / "server.log").string(), "-w", "-t", "60", "start"},
                  "pg_ctl start");
    if (st) running_ = true;
    return st;
}

Status PostgresCluster::run(const std::vector<std::string>& args, const std::string& what) {
    // Everything the child needs is made before fork: between fork and exec it only calls
    // async-signal-safe functions.
    const std::string program = (bin_dir_ / args[0]).string();
    std::vector<std::string> storage = args;
    storage[0] = program;
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string log = (root_ / "programs.log").string();
    const std::string cwd = root_.string();
    const bool drop = as_postgres_;
    const uid_t uid = uid_;
    const gid_t gid = gid_;

    const pid_t pid = ::fork();
    if (pid < 0) return fail(Errc::io, "cannot start " + what);
    if (pid == 0) {
        const int out = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
        const int in = ::open("/dev/null", O_RDONLY);
        if (out < 0 || in < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0) {
            ::_exit(126);
        }
        // No other descriptor reaches the server: a harness's pipe held open by a daemon
        // would keep the harness waiting until the server exits.
        ::close_range(3, ~0U, 0);
        if (drop && (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)) {
            ::_exit(126);
        }
        if (::chdir(cwd.c_str()) != 0) ::_exit(126);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return fail(Errc::io, "lost " + what);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
    return fail(Errc::io, what + " failed (" +
                              (WIFEXITED(status) ? "exit " + std::to_string(WEXITSTATUS(status))
                                                 : "signal " + std::to_string(WTERMSIG(status))) +
                              "); its log ends:\n" + log_tail());
}

std::string PostgresCluster::log_tail() const {
    std::string text;
    for (const char* name : {"programs.log", "server.log"}) {
        std::ifstream in(root_ / name);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string s = ss.str();
        if (s.size() > 1500) s = s.substr(s.size() - 1500);
        if (!s.empty()) text += std::string("[") + name + "]\n" + s;
    }
    return text;
}

}  // namespace omg::test
