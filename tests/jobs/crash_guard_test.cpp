// The crash guard in real child processes: a fatal signal inside a job's scope is recorded
// against that job; kill -9, a crash outside any job and a clean exit record nothing.
#include "jobs/crash_guard.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

#include "storage/ids.h"

namespace omg::jobs {
namespace fs = std::filesystem;

namespace {

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;  // the sanitizers own the fatal signals
#else
constexpr bool kSanitized = false;
#endif

// Runs `body` in a child process with a guard on `log`; returns the signal that ended it (0 for
// an exit). `kill_after` > 0 sends SIGKILL after that many milliseconds.
int run_child(const fs::path& log, const std::function<void()>& body, int kill_after = 0) {
    pid_t pid = ::fork();
    if (pid == 0) {
        auto guard = CrashGuard::install(log);
        if (!guard) ::_exit(3);
        body();
        ::_exit(0);
    }
    if (kill_after > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kill_after));
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

volatile int g_depth_limit = 1 << 30;  // far deeper than any stack: the recursion overflows it

int overflow(int depth) {
    volatile char pad[4096];
    pad[0] = static_cast<char>(depth);
    if (depth >= g_depth_limit) return pad[0];
    return overflow(depth + 1) + pad[0];
}

class CrashGuardTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (kSanitized) GTEST_SKIP() << "sanitizers install their own fatal-signal handlers";
        dir_ = fs::temp_directory_path() / ("omg-crash-" + storage::new_uuid());
        fs::create_directories(dir_);
        log_ = dir_ / "crashes.log";
    }
    void TearDown() override {
        std::error_code ec;
        if (!dir_.empty()) fs::remove_all(dir_, ec);
    }
    fs::path dir_;
    fs::path log_;
};

}  // namespace

TEST_F(CrashGuardTest, AnAbortInsideAJobIsRecordedAgainstIt) {
    EXPECT_EQ(run_child(log_, [] {
                  CrashGuard::Scope scope("job-abort");
                  std::abort();
              }),
              SIGABRT);
    EXPECT_EQ(run_child(log_, [] {
                  CrashGuard::Scope scope("job-abort");
                  ::raise(SIGSEGV);
              }),
              SIGSEGV);
    auto counts = read_crash_counts(log_);
    EXPECT_EQ(counts.size(), 1u);
    EXPECT_EQ(counts["job-abort"], 2);
}

TEST_F(CrashGuardTest, AStackOverflowInAWorkerThreadIsRecorded) {
    EXPECT_EQ(run_child(log_, [] {
                  std::thread worker([] {
                      CrashGuard::Scope scope("job-deep");
                      (void)overflow(0);
                  });
                  worker.join();
              }),
              SIGSEGV);
    EXPECT_EQ(read_crash_counts(log_)["job-deep"], 1);
}

TEST_F(CrashGuardTest, KillsCleanExitsAndCrashesOutsideJobsRecordNothing) {
    EXPECT_EQ(run_child(log_, [] {
                  CrashGuard::Scope scope("job-killed");
                  for (;;) std::this_thread::sleep_for(std::chrono::milliseconds(10));
              }, 100),
              SIGKILL);
    EXPECT_EQ(run_child(log_, [] { CrashGuard::Scope scope("job-done"); }), 0);
    EXPECT_EQ(run_child(log_, [] {
                  { CrashGuard::Scope scope("job-finished"); }
                  std::abort();  // after the job: the server's own fault, not the job's
              }),
              SIGABRT);
    EXPECT_TRUE(read_crash_counts(log_).empty());
}

TEST(CrashGuardInstall, OnePerProcessAndAMissingLogReadsEmpty) {
    EXPECT_TRUE(read_crash_counts("/nonexistent/omg/crashes.log").empty());
    if (kSanitized) GTEST_SKIP() << "sanitizers install their own fatal-signal handlers";
    const fs::path log = fs::temp_directory_path() / ("omg-crash-" + storage::new_uuid() + ".log");
    {
        auto first = CrashGuard::install(log);
        ASSERT_TRUE(first);
        auto second = CrashGuard::install(log);
        ASSERT_FALSE(second);
        EXPECT_EQ(second.error().code, Errc::conflict);
    }
    EXPECT_TRUE(CrashGuard::install(log)) << "free again once the first is gone";
    fs::remove(log);
}

}  // namespace omg::jobs
