// Waiting in a test for what another thread or process does: `eventually(done)` checks `done`
// every few milliseconds until it holds (true) or `limit` passes (false, after one last look).
// For outcomes of real concurrent work only; a test that waits for time itself to pass (a
// backoff, a lease) moves a FakeEnv clock instead (core/env.h), and no test sleeps a fixed time
// hoping another thread got somewhere.
#pragma once

#include <chrono>
#include <thread>

namespace omg::testing {

template <typename Done>
bool eventually(Done done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return done();
}

}  // namespace omg::testing
