#include "jobs/crash_guard.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

namespace omg::jobs {

namespace {

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
constexpr size_t kMaxIdBytes = 96;

std::atomic<int> g_log_fd{-1};

// The running job of this thread, readable from a signal handler (no allocation, no locks).
thread_local char t_job_id[kMaxIdBytes + 1] = {};
thread_local volatile std::sig_atomic_t t_job_id_len = 0;
// An alternate signal stack for each thread that ever runs a job, so a stack overflow is recorded.
// Disabled before its memory is freed when the thread ends.
class AltStack {
public:
    AltStack() {
        stack_t current{};
        // A thread that has one already (a sanitizer's runtime sets its own) keeps it.
        if (::sigaltstack(nullptr, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
        memory_ = std::make_unique<char[]>(kSize);
        stack_t ss{};
        ss.ss_sp = memory_.get();
        ss.ss_size = kSize;
        if (::sigaltstack(&ss, nullptr) != 0) memory_.reset();
    }
    ~AltStack() {
        if (!memory_) return;
        stack_t off{};
        off.ss_flags = SS_DISABLE;
        ::sigaltstack(&off, nullptr);
    }
    AltStack(const AltStack&) = delete;
    AltStack& operator=(const AltStack&) = delete;

private:
    static constexpr size_t kSize = 64 * 1024;
    std::unique_ptr<char[]> memory_;
};

void append_digits(char* buf, size_t* len, int value) {
    char digits[12];
    int n = 0;
    unsigned v = value < 0 ? 0u : static_cast<unsigned>(value);
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v > 0 && n < 11);
    while (n > 0) buf[(*len)++] = digits[--n];
}

extern "C" void on_fatal_signal(int signo) {
    const int saved_errno = errno;
    const int fd = g_log_fd.load(std::memory_order_relaxed);
    if (fd >= 0 && t_job_id_len > 0) {
        char line[kMaxIdBytes + 32];
        size_t len = 0;
        append_digits(line, &len, signo);
        line[len++] = ' ';
        const auto id_len = static_cast<size_t>(t_job_id_len);
        std::memcpy(line + len, t_job_id, id_len);
        len += id_len;
        line[len++] = '\n';
        ssize_t ignored = ::write(fd, line, len);
        (void)ignored;
        ::fsync(fd);
    }
    errno = saved_errno;
    // The default action ends the process once this handler returns (the signal is blocked
    // until then), for a fault and a raise() alike.
    ::signal(signo, SIG_DFL);
    ::raise(signo);
}

void ensure_alt_stack() { thread_local AltStack alt_stack; }

}  // namespace

Result<std::unique_ptr<CrashGuard>> CrashGuard::install(const std::filesystem::path& log_path) {
    int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return fail(Errc::io, "cannot open the crash log");
    int expected = -1;
    if (!g_log_fd.compare_exchange_strong(expected, fd)) {
        ::close(fd);
        return fail(Errc::conflict, "a crash guard is already installed");
    }
    struct sigaction sa {};
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_ONSTACK;
    for (int signo : kFatalSignals) ::sigaction(signo, &sa, nullptr);
    return std::unique_ptr<CrashGuard>(new CrashGuard(fd));
}

CrashGuard::~CrashGuard() {
    for (int signo : kFatalSignals) ::signal(signo, SIG_DFL);
    g_log_fd.store(-1);
    ::close(fd_);
}

CrashGuard::Scope::Scope(std::string_view job_id) {
    ensure_alt_stack();
    const size_t n = std::min(job_id.size(), kMaxIdBytes);
    t_job_id_len = 0;  // never half-written when a signal lands
    std::atomic_signal_fence(std::memory_order_seq_cst);
    std::memcpy(t_job_id, job_id.data(), n);
    t_job_id[n] = '\0';
    std::atomic_signal_fence(std::memory_order_seq_cst);
    t_job_id_len = static_cast<std::sig_atomic_t>(n);
}

CrashGuard::Scope::~Scope() { t_job_id_len = 0; }

std::map<std::string, int> read_crash_counts(const std::filesystem::path& log_path) {
    std::map<std::string, int> counts;
    std::ifstream in(log_path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        int signo = 0;
        std::string id;
        if (fields >> signo >> id) ++counts[id];
    }
    return counts;
}

}  // namespace omg::jobs
