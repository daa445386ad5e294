// Env: the real one reads the process environment; the fake one a map, with clocks that move
// only when a test advances them.
#include <gtest/gtest.h>

#include <cstdlib>

#include "core/env.h"

namespace omg::core {
namespace {

using namespace std::chrono_literals;

TEST(Env, SystemReadsTheProcessEnvironment) {
    ::setenv("OMG_ENV_TEST_VAR", "42", 1);
    EXPECT_EQ(Env::system().var("OMG_ENV_TEST_VAR"), "42");
    ::unsetenv("OMG_ENV_TEST_VAR");
    EXPECT_EQ(Env::system().var("OMG_ENV_TEST_VAR"), "");
}

TEST(Env, TheFakeHoldsVariablesAndAClockThatOnlyMovesWhenTold) {
    FakeEnv env;
    EXPECT_EQ(env.var("X"), "");
    env.set("X", "1");
    EXPECT_EQ(env.var("X"), "1");
    const auto t0 = env.now();
    const auto s0 = env.steady_now();
    EXPECT_EQ(env.now(), t0);
    env.advance(1500ms);
    EXPECT_EQ(env.now() - t0, 1500ms);
    EXPECT_EQ(env.steady_now() - s0, 1500ms);
}

}  // namespace
}  // namespace omg::core
