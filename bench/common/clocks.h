// The clocks the benchmarks read: this process's CPU time (user + sys, getrusage: every thread
// of ours) and a monotonic wall clock, both in seconds. Not thread-safe to compare across
// processes; thread-safe to call.
#pragma once

#include <sys/resource.h>

#include <chrono>

namespace omg::bench {

inline double cpu_seconds() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

inline double now_s() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace omg::bench
