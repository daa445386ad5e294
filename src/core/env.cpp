#include "core/env.h"

#include <cstdlib>

namespace omg::core {

namespace {

class SystemEnv final : public Env {
public:
    std::string var(std::string_view name) const override {
        const char* v = std::getenv(std::string(name).c_str());
        return v != nullptr ? std::string(v) : std::string();
    }
    std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
    std::chrono::steady_clock::time_point steady_now() const override {
        return std::chrono::steady_clock::now();
    }
};

}  // namespace

const Env& Env::system() {
    static const SystemEnv env;
    return env;
}

void FakeEnv::set(std::string name, std::string value) {
    std::lock_guard lock(mutex_);
    vars_[std::move(name)] = std::move(value);
}

void FakeEnv::advance(std::chrono::nanoseconds by) {
    std::lock_guard lock(mutex_);
    elapsed_ += by;
}

std::string FakeEnv::var(std::string_view name) const {
    std::lock_guard lock(mutex_);
    auto it = vars_.find(name);
    return it == vars_.end() ? std::string() : it->second;
}

std::chrono::system_clock::time_point FakeEnv::now() const {
    std::lock_guard lock(mutex_);
    // A fixed start (2026-01-01T00:00:00Z), so output that names the time is reproducible.
    return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)) +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed_);
}

std::chrono::steady_clock::time_point FakeEnv::steady_now() const {
    std::lock_guard lock(mutex_);
    return std::chrono::steady_clock::time_point(
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(elapsed_));
}

}  // namespace omg::core
