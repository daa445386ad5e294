// The server killed again and again under load, with a poison job among the others: real child
// processes over one SQLite database, each killed (SIGKILL) at a random moment, or dying when
// the poison job aborts it. No acknowledged job is lost or failed for being interrupted, and the
// poison job is failed after max_crashes with a clear reason.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "jobs/crash_guard.h"
#include "jobs/event_bus.h"
#include "jobs/job_queue.h"
#include "storage/artifact_store.h"
#include "storage/ids.h"
#include "storage/job_store.h"
#include "support/fake_job_engine.h"

namespace omg::jobs {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

constexpr int kNormalJobs = 12;

// One life of the server: recover, (first life only) submit, run until killed or crashed, or
// (with `until_done`) until nothing but the failed poison job is left, then exit 0.
[[noreturn]] void server_life(const fs::path& dir, bool first, bool until_done) {
    const fs::path log = dir / "crashes.log";
    auto guard = CrashGuard::install(log);
    storage::SqliteOptions so;
    so.path = dir / "omg.db";
    auto store = storage::open_sqlite_job_store(so);
    auto artifacts = storage::ArtifactStore::open(dir);
    if (!guard || !store || !artifacts) ::_exit(3);
    testing::FakeJobEngine engine;
    engine.version_ms = 40;
    EventBus bus;
    QueueOptions qo;
    qo.workers = 2;
    qo.crash_counts = read_crash_counts(log);
    qo.crash_backoff = 20ms;
    JobQueue queue(**store, *artifacts, engine, bus, qo);
    if (!queue.recover()) ::_exit(4);
    if (first) {
        // Every job is acknowledged before a worker starts: otherwise the poison job could
        // abort the process before the last submits (a loaded machine inserts slowly), and
        // those jobs were never acknowledged. The marker tells the parent to start its clock.
        for (int i = 0; i < kNormalJobs; ++i) {
            storage::JobParams p;
            p.prompt = i == 3 ? "ABORT poison" : "job " + std::to_string(i);
            p.duration_s = 10;
            p.num_versions = 2;
            if (!queue.submit(p)) ::_exit(5);
        }
        std::ofstream(dir / "submitted") << "12\n";
    }
    queue.start();
    for (int i = 0; i < 3000; ++i) {
        if (until_done) {
            auto s = queue.stats();
            if (s.pending == 0 && s.processing == 0) {
                queue.shutdown(0ms);
                ::_exit(0);
            }
        }
        std::this_thread::sleep_for(10ms);
    }
    ::_exit(6);
}

int live(const fs::path& dir, bool first, bool until_done, int kill_after_ms) {
    pid_t pid = ::fork();
    if (pid == 0) server_life(dir, first, until_done);
    if (first) {
        for (int i = 0; i < 6000 && !fs::exists(dir / "submitted"); ++i) {
            if (::waitpid(pid, nullptr, WNOHANG) == pid) return -1;
            std::this_thread::sleep_for(10ms);
        }
    }
    if (kill_after_ms > 0) {
        for (int waited = 0; waited < kill_after_ms; waited += 5) {
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : WEXITSTATUS(status);
            }
            std::this_thread::sleep_for(5ms);
        }
        ::kill(pid, SIGKILL);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) ? 1000 + WTERMSIG(status) : WEXITSTATUS(status);
}

}  // namespace

TEST(CrashLoop, KillsLoseNothingAndThePoisonJobIsFailedAfterThreeCrashes) {
    if (kSanitized) GTEST_SKIP() << "sanitizers install their own fatal-signal handlers";
    const fs::path dir = fs::temp_directory_path() / ("omg-crashloop-" + storage::new_uuid());
    fs::create_directories(dir);
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> when(20, 120);
    int kills = 0;
    int crashes = 0;
    for (int life = 0; life < 60; ++life) {
        // The first life submits every job before its clock starts (see server_life).
        int end = live(dir, life == 0, false, when(rng));
        if (end == 1000 + SIGKILL) ++kills;
        if (end == 1000 + SIGABRT) ++crashes;
        ASSERT_TRUE(end == 1000 + SIGKILL || end == 1000 + SIGABRT) << "life " << life << ": " << end;
    }
    // Then lives without kills until the queue is done; the poison job still crashes some.
    bool done = false;
    for (int life = 0; life < 10 && !done; ++life) {
        int end = live(dir, false, true, 0);
        if (end == 1000 + SIGABRT) ++crashes;
        done = end == 0;
    }
    EXPECT_TRUE(done) << "the queue never finished";
    EXPECT_GT(kills, 20);
    // The crash log is what the server counts. A SIGKILL can land while the dying process is in
    // its handler, after the log line is written: that life ends by SIGKILL though the poison job
    // crashed it, so the parent's SIGABRT count is a lower bound, never more than the log's.
    const auto logged = read_crash_counts(dir / "crashes.log");
    ASSERT_EQ(logged.size(), 1u) << "only the poison job ever crashes the server";
    EXPECT_EQ(logged.begin()->second, 3) << "the poison job ran until its third crash, and never again";
    EXPECT_LE(crashes, 3);
    EXPECT_GE(crashes, 1);

    storage::SqliteOptions so;
    so.path = dir / "omg.db";
    auto store = storage::open_sqlite_job_store(so);
    ASSERT_TRUE(store);
    auto all = (*store)->load_all();
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), static_cast<size_t>(kNormalJobs)) << "every acknowledged job is there";
    for (const auto& r : *all) {
        if (r.params.prompt.find("ABORT") != std::string::npos) {
            EXPECT_EQ(r.status, storage::JobStatus::failed);
            ASSERT_TRUE(r.error);
            EXPECT_NE(r.error->find("crashed the server 3 times"), std::string::npos) << *r.error;
        } else {
            EXPECT_EQ(r.status, storage::JobStatus::completed)
                << r.params.prompt << " after " << r.attempts << " starts: "
                << r.error.value_or("");
            EXPECT_EQ(r.versions.size(), 2u);
        }
    }
    fs::remove_all(dir);
}

}  // namespace omg::jobs
