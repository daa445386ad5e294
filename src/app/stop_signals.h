// How a long-running command (omg serve, omg worker) stops: SIGTERM and SIGINT are blocked in
// the calling thread before any other starts, so every thread inherits the mask and no handler
// ever runs mid-generation; the main thread then waits for one with sigwait on the returned
// set. SIGPIPE is ignored (a client gone mid-reply is an error value, not a kill).
// Call once, from main's thread, before starting threads.
#pragma once

#include <pthread.h>

#include <csignal>

namespace omg::app {

inline sigset_t block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    return signals;
}

}  // namespace omg::app
