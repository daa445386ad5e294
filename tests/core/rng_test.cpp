#include "core/rng.h"

#include <gtest/gtest.h>

namespace omg {
namespace {

TEST(Rng, SameSeedSameSequence) {
    Rng a(42), b(42);
    for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next_u64(), b.next_u64());
}

TEST(Rng, DifferentSeedsDiffer) {
    Rng a(1), b(2);
    int same = 0;
    for (int i = 0; i < 100; ++i) same += a.next_u64() == b.next_u64();
    EXPECT_LT(same, 2);
}

TEST(Rng, RangeIsInclusiveAndCoversAll) {
    Rng r(7);
    int seen[5] = {};
    for (int i = 0; i < 1000; ++i) {
        const int v = r.range(3, 7);
        ASSERT_GE(v, 3);
        ASSERT_LE(v, 7);
        ++seen[v - 3];
    }
    for (int c : seen) EXPECT_GT(c, 100);
}

TEST(Rng, ForkIsIndependentOfParentUse) {
    Rng a(9);
    Rng fa = a.fork("melody");
    a.next_u64();
    Rng fb = Rng(9).fork("melody");
    EXPECT_EQ(fa.next_u64(), fb.next_u64());
    EXPECT_NE(Rng(9).fork("melody").next_u64(), Rng(9).fork("drums").next_u64());
}

TEST(Rng, WeightedRespectsZeroWeights) {
    Rng r(3);
    const double w[] = {0.0, 1.0, 0.0};
    for (int i = 0; i < 50; ++i) EXPECT_EQ(r.weighted(w), 1u);
}

}  // namespace
}  // namespace omg
