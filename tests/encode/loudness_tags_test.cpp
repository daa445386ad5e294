#include "encode/loudness_tags.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "encode/id3.h"

namespace omg::encode {
namespace {

// "fLaC" and a STREAMINFO block (34 bytes of zeros), the last block.
std::vector<unsigned char> bare_flac() {
    std::vector<unsigned char> f{'f', 'L', 'a', 'C', 0x80, 0, 0, 34};
    f.resize(f.size() + 34, 0);
    f.push_back(0xff);  // the first byte of "audio"
    return f;
}

TEST(LoudnessTags, ReplayGainFieldsAreTheGainToMinus18LufsAndTheLinearPeak) {
    const auto fields = replaygain_fields({-14.0, -1.0, std::nullopt});
    ASSERT_EQ(fields.size(), 2u);
    EXPECT_EQ(fields[0], (std::pair<std::string, std::string>{"REPLAYGAIN_TRACK_GAIN", "-4.00 dB"}));
    EXPECT_EQ(fields[1], (std::pair<std::string, std::string>{"REPLAYGAIN_TRACK_PEAK", "0.891251"}));
    const auto back = loudness_from_fields({{"replaygain_track_peak", "0.5"}, {"REPLAYGAIN_TRACK_GAIN", "+5.00 dB"}});
    ASSERT_TRUE(back);
    EXPECT_NEAR(back->integrated_lufs, -23.0, 1e-9);
    EXPECT_NEAR(back->true_peak_dbtp, -6.0206, 1e-4);
    EXPECT_FALSE(loudness_from_fields({{"REPLAYGAIN_TRACK_GAIN", "loud"}, {"REPLAYGAIN_TRACK_PEAK", "0.5"}}));
    EXPECT_FALSE(loudness_from_fields({{"REPLAYGAIN_TRACK_GAIN", "-4 dB"}}));
}

TEST(LoudnessTags, FlacWithoutCommentsGetsABlockAfterStreaminfo) {
    auto flac = bare_flac();
    ASSERT_TRUE(add_flac_comments(flac, {{"A", "1"}, {"B", "two"}}));
    EXPECT_EQ(flac[4], 0x00);         // STREAMINFO is no longer the last block
    EXPECT_EQ(flac[4 + 4 + 34], 0x84);  // the comment block is, type 4
    EXPECT_EQ(flac.back(), 0xff);       // the audio follows, untouched
    const auto comments = flac_comments(flac);
    ASSERT_EQ(comments.size(), 2u);
    EXPECT_EQ(comments[1], (std::pair<std::string, std::string>{"B", "two"}));
    // A second call appends to the same block.
    ASSERT_TRUE(add_flac_comments(flac, {{"C", "3"}}));
    EXPECT_EQ(flac_comments(flac).size(), 3u);
    EXPECT_EQ(flac.back(), 0xff);
}

TEST(LoudnessTags, MalformedFlacIsRefusedAndReadsAsNothing) {
    std::vector<unsigned char> not_flac{'R', 'I', 'F', 'F', 0, 0, 0, 0};
    EXPECT_FALSE(add_flac_comments(not_flac, {{"A", "1"}}));
    auto cut = bare_flac();
    cut.resize(20);  // STREAMINFO cut short
    EXPECT_FALSE(add_flac_comments(cut, {{"A", "1"}}));
    EXPECT_TRUE(flac_comments(cut).empty());
}

TEST(LoudnessTags, Id3TagCarriesThemAsTxxxFrames) {
    Metadata meta;
    meta.title = "t";
    meta.loudness = TrackLoudness{-16.0, -1.5, 4.0};
    const auto tag = id3v2_tag(meta);
    const auto texts = id3_user_texts(tag);
    ASSERT_EQ(texts.size(), 2u);
    const auto back = loudness_from_fields(texts);
    ASSERT_TRUE(back);
    EXPECT_NEAR(back->integrated_lufs, -16.0, 0.006);
    EXPECT_NEAR(back->true_peak_dbtp, -1.5, 0.001);
    auto cut = tag;
    cut.resize(cut.size() - 5);  // a frame that runs past the data is not read
    EXPECT_EQ(id3_user_texts(cut).size(), 1u);
}

model::Pcm tone(double seconds) {
    const auto frames = static_cast<size_t>(seconds * 44100);
    model::Pcm pcm(44100, 2, std::vector<float>(frames * 2));
    for (size_t n = 0; n < frames; ++n)
        pcm.samples[2 * n] = pcm.samples[2 * n + 1] =
            static_cast<float>(0.3 * std::sin(2 * std::numbers::pi * 440 * static_cast<double>(n) / 44100));
    return pcm;
}

// The comment header re-laid over several pages (a long recipe spans more than one) and the
// pages after it renumbered: the file still decodes to the same audio and reads its tags.
TEST(LoudnessTags, OggCommentHeaderIsReplacedAndTheStreamStillDecodes) {
    for (size_t comment : {size_t{10}, size_t{70000}}) {
        SCOPED_TRACE(comment);
        Metadata meta;
        meta.comment = std::string(comment, 'c');
        auto plain = encode_audio(tone(2.0), AudioFormat::ogg, meta);
        ASSERT_TRUE(plain);
        meta.loudness = TrackLoudness{-20.5, -2.25, std::nullopt};
        auto tagged = encode_audio(tone(2.0), AudioFormat::ogg, meta);
        ASSERT_TRUE(tagged);
        EXPECT_TRUE(ogg_comments(*plain).size() < ogg_comments(*tagged).size());
        const auto back = loudness_from_fields(ogg_comments(*tagged));
        ASSERT_TRUE(back);
        EXPECT_NEAR(back->integrated_lufs, -20.5, 0.006);
        EXPECT_NEAR(back->true_peak_dbtp, -2.25, 0.001);
        // The audio pages are the same bytes but for their sequence numbers and CRCs.
        EXPECT_NEAR(static_cast<double>(tagged->size()), static_cast<double>(plain->size()), 200.0);
    }
    std::vector<unsigned char> not_ogg{'f', 'L', 'a', 'C'};
    EXPECT_FALSE(add_ogg_comments(not_ogg, {{"A", "1"}}));
    EXPECT_TRUE(ogg_comments(not_ogg).empty());
}

}  // namespace
}  // namespace omg::encode
