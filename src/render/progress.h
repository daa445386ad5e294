// Progress over all the synth passes of one render call, which may run on several threads.
// Any thread adds rendered frames; only the thread that called render() invokes the callback,
// so callers never see their callback on a thread they did not create.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

namespace omg::render {

class Progress {
public:
    Progress(const std::function<void(double)>& callback, int64_t total_frames, int64_t step_frames)
        : callback_(callback), total_(std::max<int64_t>(total_frames, 1)), step_(step_frames) {}

    void advance(int64_t frames) {
        const int64_t done = done_.fetch_add(frames, std::memory_order_relaxed) + frames;
        if (!callback_ || std::this_thread::get_id() != owner_ || done < next_) return;
        callback_(std::min(1.0, static_cast<double>(done) / static_cast<double>(total_)));
        next_ = done + step_;
    }
    void report(double fraction) {
        if (callback_) callback_(fraction);
    }

private:
    const std::function<void(double)>& callback_;
    const int64_t total_;
    const int64_t step_;
    const std::thread::id owner_ = std::this_thread::get_id();
    std::atomic<int64_t> done_{0};
    int64_t next_ = 0;  // touched by the owner only
};

}  // namespace omg::render
