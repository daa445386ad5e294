// EventBus: job change notifications for Server-Sent Events, with resume.
//
// Every published event gets an id greater than all earlier ones, across restarts too (ids
// start from the wall clock in microseconds). The newest `capacity` events stay in a ring, so
// a client reconnecting with Last-Event-ID gets what it missed; if what it missed has already
// left the ring, `gap` says so and the client should re-read the state. A reader either waits
// (`wait_after`, a thread per reader) or subscribes a callback that is told of each publish and
// of close (`subscribe`; called on the publishing thread, outside the bus's lock, so it must be
// quick: an event loop's wake-up) and then reads without waiting (`collect_after`).
// An API node over a shared database numbers events by the database's change feed instead
// (`start_after`, `publish_at`), so every node gives one change the same id and a client can
// resume on any node. A client resuming after an id this bus has not reached (another
// numbering) is told of a gap. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
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
    // Ids come from elsewhere from now on: the next event is after `id`. Only before the first
    // publish (false after it).
    bool start_after(uint64_t id);
    // Publishes with the given id; false (nothing published) unless it is above the last id.
    bool publish_at(uint64_t id, std::string type, std::string data);

    struct Batch {
        std::vector<Event> events;
        bool gap = false;     // events after `after` were dropped before this client saw them
        bool closed = false;  // the bus is shutting down
    };
    // The events with id > after; waits up to `timeout` for one to arrive.
    Batch wait_after(uint64_t after, std::chrono::milliseconds timeout);

    // The events with id > after, now.
    Batch collect_after(uint64_t after) const;

    // `on_change` runs after every publish and on close until `unsubscribe(token)` returns.
    uint64_t subscribe(std::function<void()> on_change);
    void unsubscribe(uint64_t token);

    uint64_t last_id() const;
    void close();

private:
    Batch collect_locked(uint64_t after) const;
    void notify_subscribers();

    const size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<Event> ring_;
    uint64_t next_id_;
    bool published_ = false;
    bool closed_ = false;

    // Its own lock, so a callback never runs under `mutex_`; `unsubscribe` waits for a running
    // round of callbacks to finish (calls_mutex_) before it returns.
    std::mutex subscribers_mutex_;
    std::mutex calls_mutex_;
    std::map<uint64_t, std::function<void()>> subscribers_;
    uint64_t next_token_ = 1;
};

}  // namespace omg::jobs
