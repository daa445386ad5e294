#include "encode/pcm16.h"

#include <gtest/gtest.h>

#include "encode/ogg_pages.h"

namespace omg::encode {
namespace {

TEST(Pcm16, DitheredButDeterministicSilenceStaysSilentAndClips) {
    std::vector<float> in(1000, 0.25f);
    in[0] = 0.0f;
    in[1] = 2.0f;
    in[2] = -2.0f;
    in[3] = 1.0f;
    const auto a = to_pcm16(in);
    const auto b = to_pcm16(in);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a[0], 0);
    EXPECT_EQ(a[1], 32767);
    EXPECT_EQ(a[2], -32768);
    EXPECT_EQ(a[3], 32767);
    bool varies = false;
    for (size_t i = 4; i < a.size(); ++i) {
        EXPECT_NEAR(a[i], 8192, 1);  // TPDF: within one LSB of the exact value
        varies = varies || a[i] != a[4];
    }
    EXPECT_TRUE(varies);
}

TEST(OggPages, RejectsWhatIsNotOgg) {
    std::vector<unsigned char> bytes{'R', 'I', 'F', 'F', 0, 0, 0, 0};
    EXPECT_FALSE(set_ogg_serial(bytes, 1));
    EXPECT_EQ(bytes[0], 'R');
}

}  // namespace
}  // namespace omg::encode
