// OmgProcess: one child process running the `omg` binary for end-to-end tests, its stdout and
// stderr appended to a log file; started with fork and execv (no shell), killed with SIGKILL
// when the test lets go of it. `start_api_node` starts `omg serve` on 127.0.0.1, port 0, and
// waits for the port it bound (--port-file). Kill, terminate, pause and resume act on the
// process by its id; the log is read whole, for assertions on what the process said
// (`count_of` counts a line's occurrences in it).
// Not thread-safe: one owner.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace omg::testing {

class OmgProcess {
public:
    OmgProcess(const std::string& binary, std::vector<std::string> args, std::filesystem::path log)
        : log_(std::move(log)) {
        // The child's freopen would write out whatever the parent had not flushed yet.
        std::fflush(nullptr);
        pid_ = fork();
        if (pid_ == 0) {
            FILE* f = std::freopen(log_.c_str(), "a", stdout);
            (void)f;
            dup2(fileno(stdout), STDERR_FILENO);
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(binary.c_str()));
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            execv(binary.c_str(), argv.data());
            _exit(127);
        }
    }
    ~OmgProcess() {
        if (pid_ > 0) kill9();
    }
    OmgProcess(const OmgProcess&) = delete;
    OmgProcess& operator=(const OmgProcess&) = delete;

    bool running() const { return pid_ > 0; }
    // Started and not exited yet.
    bool alive() const {
        int status = 0;
        return pid_ > 0 && waitpid(pid_, &status, WNOHANG) == 0;
    }
    void kill9() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    // SIGSTOP and SIGCONT: the process keeps its sockets and its state, and runs nothing.
    void pause() const { ::kill(pid_, SIGSTOP); }
    void resume() const { ::kill(pid_, SIGCONT); }
    // SIGTERM; the exit code, or -1 if it did not exit within `timeout`.
    int terminate(std::chrono::seconds timeout) {
        ::kill(pid_, SIGTERM);
        const auto end = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < end) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return -1;
    }
    std::string log() const {
        std::ifstream in(log_);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    bool logged(const std::string& text) const { return log().find(text) != std::string::npos; }
    const std::filesystem::path& log_path() const { return log_; }

private:
    std::filesystem::path log_;
    pid_t pid_ = -1;
};

// How many times `needle` occurs in `haystack` (a process's log), overlapping ones included.
inline size_t count_of(const std::string& haystack, const std::string& needle) {
    size_t n = 0;
    for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
    return n;
}

// `omg serve --workers 0` (an API node when `database` is a PostgreSQL URL) with its log in
// `log`; *port stays 0 if the node never said which port it bound within 30 s.
inline std::unique_ptr<OmgProcess> start_api_node(const std::string& binary,
                                                  const std::string& database,
                                                  const std::filesystem::path& data_dir,
                                                  const std::filesystem::path& log, int* port,
                                                  std::vector<std::string> extra = {}) {
    std::filesystem::path port_file = log;
    port_file.replace_extension(".port");
    std::error_code ec;
    std::filesystem::remove(port_file, ec);
    std::vector<std::string> args{"serve", "--host", "127.0.0.1", "--port", "0", "--port-file",
                                  port_file.string(), "--data-dir", data_dir.string(),
                                  "--database", database, "--workers", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto node = std::make_unique<OmgProcess>(binary, std::move(args), log);
    *port = 0;
    for (int i = 0; i < 600 && *port == 0; ++i) {
        std::ifstream in(port_file);
        if (!(in >> *port)) {
            *port = 0;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    }
    return node;
}

// `omg worker` on `database` and `data_dir` with `extra` flags, its log in `log`.
inline std::unique_ptr<OmgProcess> start_worker(const std::string& binary,
                                                const std::string& database,
                                                const std::filesystem::path& data_dir,
                                                const std::filesystem::path& log,
                                                std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"worker", "--database", database, "--data-dir", data_dir.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<OmgProcess>(binary, std::move(args), log);
}

}  // namespace omg::testing
