#include "jobs/event_bus.h"

#include <algorithm>

namespace omg::jobs {

EventBus::EventBus(size_t capacity, uint64_t first_id) : capacity_(capacity == 0 ? 1 : capacity) {
    if (first_id == 0) {
        first_id = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count());
    }
    next_id_ = first_id;
}

uint64_t EventBus::publish(std::string type, std::string data) {
    uint64_t id = 0;
    {
        std::lock_guard lock(mutex_);
        id = next_id_++;
        published_ = true;
        ring_.push_back(Event{id, std::move(type), std::move(data)});
        while (ring_.size() > capacity_) ring_.pop_front();
    }
    cv_.notify_all();
    notify_subscribers();
    return id;
}

bool EventBus::start_after(uint64_t id) {
    std::lock_guard lock(mutex_);
    if (published_) return false;
    next_id_ = id + 1;
    return true;
}

bool EventBus::publish_at(uint64_t id, std::string type, std::string data) {
    {
        std::lock_guard lock(mutex_);
        if (id < next_id_) return false;
        next_id_ = id + 1;
        published_ = true;
        ring_.push_back(Event{id, std::move(type), std::move(data)});
        while (ring_.size() > capacity_) ring_.pop_front();
    }
    cv_.notify_all();
    notify_subscribers();
    return true;
}

EventBus::Batch EventBus::collect_locked(uint64_t after) const {
    Batch batch;
    batch.closed = closed_;
    // An id this bus never gave: the client counted with another numbering.
    if (after >= next_id_) batch.gap = true;
    if (ring_.empty()) return batch;
    // A client that saw an id older than the oldest kept event (and not the one just before it)
    // missed something.
    if (after != 0 && after + 1 < ring_.front().id) batch.gap = true;
    // Ids only grow: find the first newer one by bisection (many readers, a long ring).
    auto first = std::upper_bound(ring_.begin(), ring_.end(), after,
                                  [](uint64_t a, const Event& e) { return a < e.id; });
    batch.events.assign(first, ring_.end());
    return batch;
}

EventBus::Batch EventBus::wait_after(uint64_t after, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, timeout, [&] {
        return closed_ || (!ring_.empty() && ring_.back().id > after);
    });
    return collect_locked(after);
}

EventBus::Batch EventBus::collect_after(uint64_t after) const {
    std::lock_guard lock(mutex_);
    return collect_locked(after);
}

uint64_t EventBus::subscribe(std::function<void()> on_change) {
    std::lock_guard lock(subscribers_mutex_);
    const uint64_t token = next_token_++;
    subscribers_.emplace(token, std::move(on_change));
    return token;
}

void EventBus::unsubscribe(uint64_t token) {
    std::lock_guard calls(calls_mutex_);
    std::lock_guard lock(subscribers_mutex_);
    subscribers_.erase(token);
}

void EventBus::notify_subscribers() {
    std::lock_guard calls(calls_mutex_);
    std::vector<std::function<void()>*> targets;
    {
        std::lock_guard lock(subscribers_mutex_);
        if (subscribers_.empty()) return;
        targets.reserve(subscribers_.size());
        for (auto& [token, fn] : subscribers_) targets.push_back(&fn);
    }
    // The map may not change while calls_mutex_ is held, so the pointers stay valid.
    for (auto* fn : targets) (*fn)();
}

uint64_t EventBus::last_id() const {
    std::lock_guard lock(mutex_);
    return next_id_ - 1;
}

void EventBus::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    cv_.notify_all();
    notify_subscribers();
}

}  // namespace omg::jobs
