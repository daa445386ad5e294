// CrashGuard: tells a job that crashed the server apart from one that was only running when the
// server was killed.
//
// While a worker runs a job it holds a `CrashGuard::Scope` naming the job. If the process then
// dies of a fatal signal raised by its own code (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT; a stack
// overflow too, since each worker thread gets an alternate signal stack), the handler appends
// "<signal> <job id>" to the crash log (a pre-opened O_APPEND file, write and fsync: only
// async-signal-safe calls) and the signal's default action ends the process. `kill -9`, an
// orderly shutdown or a power cut write nothing. On the next start, `read_crash_counts` says how
// many crashes each job caused, and the queue fails a job only on that evidence (after
// QueueOptions::max_crashes), instead of blaming every job that happened to be running.
//
// One guard per process; its handlers stay installed until it is destroyed. Scope is per thread
// and costs a thread-local copy of the id.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace omg::jobs {

class CrashGuard {
public:
    // Opens (creating) the crash log and installs the fatal-signal handlers. Errc::io when the
    // log cannot be opened, Errc::conflict when a guard is already installed.
    static Result<std::unique_ptr<CrashGuard>> install(const std::filesystem::path& log_path);
    ~CrashGuard();
    CrashGuard(const CrashGuard&) = delete;
    CrashGuard& operator=(const CrashGuard&) = delete;

    // Marks the calling thread as running `job_id` until destroyed. Harmless without a guard.
    class Scope {
    public:
        explicit Scope(std::string_view job_id);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;
    };

private:
    explicit CrashGuard(int fd) : fd_(fd) {}
    int fd_;
};

// Crashes per job id recorded in a crash log (empty when the file does not exist).
std::map<std::string, int> read_crash_counts(const std::filesystem::path& log_path);

}  // namespace omg::jobs
