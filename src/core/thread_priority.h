// Thread priority: the calling thread made to yield the CPU to the process's other threads.
//
// Linux keeps a nice value per thread and a thread it creates inherits it. A thread whose work
// can wait (the voice, while the band it will be mixed with is still rendering) lowers its own
// priority so that on a machine with fewer free cores than busy threads the scheduler runs the
// longest piece of work first instead of sharing every core evenly. Lowering cannot be undone
// without privileges, so it is meant for threads started for one piece of work that end with
// it, never for a pool's long-lived threads or the process's main thread. Nothing else changes:
// results never depend on scheduling.
#pragma once

#include "core/result.h"

namespace omg::core {

// Raises the calling thread's nice value by `steps` (1..19, capped at 19). Errc::invalid_argument
// for steps out of range; Errc::io when the system refuses.
Status lower_thread_priority(int steps);

// The calling thread's nice value (-20..19).
int thread_nice();

}  // namespace omg::core
