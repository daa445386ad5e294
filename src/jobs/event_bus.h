// EventBus: job change notifications for Server-Sent Events, with resume.
//
// Every published event gets an id greater than all earlier ones, across restarts too (ids
// start from the wall clock in microseconds). The newest `capacity` events stay in a ring, so
// a client reconnecting with Last-Event-ID gets what it missed; if what it missed has already
// left the ring, `gap` says so and the client should re-read the state. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace omg::jobs {

struct Event {
    uint64_t id = 0;
    std::string type;  // created | started | progress | completed | failed | cancelled | ...
    std::string data;  // a JSON object
};

class EventBus {
public:
    explicit EventBus(size_t capacity = 4096, uint64_t first_id = 0);

    uint64_t publish(std::string type, std::string data);

    struct Batch {
        std::vector<Event> events;
        bool gap = false;     // events after `after` were dropped before this client saw them
        bool closed = false;  // the bus is shutting down
    };
    // The events with id > after; waits up to `timeout` for one to arrive.
    Batch wait_after(uint64_t after, std::chrono::milliseconds timeout);

    uint64_t last_id() const;
    void close();

private:
    Batch collect_locked(uint64_t after) const;

    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Event> ring_;
    uint64_t next_id_;
    bool closed_ = false;
};

}  // namespace omg::jobs
