// Env: what code reads from the process's surroundings, behind one interface (leveldb's Env is
// the model): environment variables and the clocks. Configuration is read once, in app/, from
// `Env::system()`; a test hands a FakeEnv instead of calling setenv, and advances its clocks
// instead of sleeping. Both are thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace omg::core {

class Env {
public:
    virtual ~Env() = default;
    // The variable's value, "" when unset.
    virtual std::string var(std::string_view name) const = 0;
    virtual std::chrono::system_clock::time_point now() const = 0;
    virtual std::chrono::steady_clock::time_point steady_now() const = 0;

    // The real environment and clocks.
    static const Env& system();
};

// Variables from a map; clocks that move only when told to.
class FakeEnv final : public Env {
public:
    void set(std::string name, std::string value);
    void advance(std::chrono::nanoseconds by);

    std::string var(std::string_view name) const override;
    std::chrono::system_clock::time_point now() const override;
    std::chrono::steady_clock::time_point steady_now() const override;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string, std::less<>> vars_;
    std::chrono::nanoseconds elapsed_{0};
};

}  // namespace omg::core
