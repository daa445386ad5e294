// The one storage codec of a request's options (storage/request_codec.h).
#include "storage/request_codec.h"

#include <gtest/gtest.h>

namespace omg::storage {
namespace {

TEST(RequestCodec, EveryOptionRoundTripsExactly) {
    model::GenerationRequest full;
    full.bpm = 132.5;
    full.key = "D minor";
    full.time_signature = "6/8";
    full.style = "sea_shanty";
    full.stems = true;
    full.vocals = false;
    full.arrangement_guided = true;
    full.cover_strength = 0.35;
    full.loudness = model::LoudnessPreset::broadcast;
    full.quality = model::SoundQuality::best;
    full.format = "flac";
    full.client_job_id = "client \"7\"";
    model::GenerationRequest back;
    ASSERT_TRUE(decode_options(encode_options(full), back));
    EXPECT_EQ(back, full);
    model::GenerationRequest empty, empty_back;
    EXPECT_EQ(encode_options(empty), "{}");
    ASSERT_TRUE(decode_options("{}", empty_back));
    EXPECT_EQ(empty_back, empty);
}

TEST(RequestCodec, EqualRequestsStoreEqualText) {
    model::GenerationRequest a, b;
    a.style = "pop";
    a.bpm = 100;
    b.bpm = 100;
    b.style = "pop";
    EXPECT_EQ(encode_options(a), encode_options(b));
}

TEST(RequestCodec, OldAndNewerRowsAreReadAndWrongTypesAreNamed) {
    model::GenerationRequest r;
    // A row from before `vocals` existed, with a key from a newer OMG.
    ASSERT_TRUE(decode_options(R"({"bpm":90,"style":"pop","via":"model-service","future":1})", r));
    EXPECT_EQ(r.bpm, 90);
    EXPECT_EQ(r.style, "pop");
    EXPECT_FALSE(r.vocals.has_value());
    auto bad = decode_options(R"({"bpm":"fast"})", r);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("bpm"), std::string::npos);
    EXPECT_FALSE(decode_options("[1,2]", r));
    auto preset = decode_options(R"({"loudness":"deafening"})", r);
    ASSERT_FALSE(preset);
    EXPECT_NE(preset.error().message.find("loudness"), std::string::npos);
    ASSERT_TRUE(decode_options(R"({"loudness":"show"})", r));
    EXPECT_EQ(r.loudness, model::LoudnessPreset::show);
    auto quality = decode_options(R"({"quality":"golden"})", r);
    ASSERT_FALSE(quality);
    EXPECT_NE(quality.error().message.find("quality"), std::string::npos);
    EXPECT_FALSE(decode_options(R"({"quality":1})", r));
    ASSERT_TRUE(decode_options(R"({"quality":"best"})", r));
    EXPECT_EQ(r.quality, model::SoundQuality::best);
    EXPECT_FALSE(decode_options("not json", r));
}

TEST(RequestCodec, ACueRoundTripsAndABadOneIsNamed) {
    model::GenerationRequest r;
    r.cue = model::CueShape{2, 8, model::CueEnding::fade};
    EXPECT_EQ(encode_options(r), R"({"cue":{"ending":"fade","intro_bars":2,"vamp_bars":8}})");
    model::GenerationRequest back;
    ASSERT_TRUE(decode_options(encode_options(r), back));
    EXPECT_EQ(back, r);
    for (const char* bad : {R"({"cue":4})", R"({"cue":{"intro_bars":0,"vamp_bars":4,"ending":"explode"}})",
                            R"({"cue":{"intro_bars":0,"vamp_bars":"4","ending":"button"}})"}) {
        model::GenerationRequest x;
        auto s = decode_options(bad, x);
        ASSERT_FALSE(s) << bad;
        EXPECT_NE(s.error().message.find("cue"), std::string::npos);
    }
}

TEST(RequestCodec, HitsRoundTripExactlyAndABadOneIsNamed) {
    model::GenerationRequest r;
    model::Hit a;
    a.kind = model::HitKind::cadence;
    a.time_s = 12.345678901234;
    model::Hit b;
    b.kind = model::HitKind::stop;
    b.bar_beat = model::BarBeat{8, 1};
    r.hits = {a, b};
    EXPECT_EQ(encode_options(r), R"({"hits":["12.345678901234:cadence","8:1:stop"]})");
    model::GenerationRequest back;
    ASSERT_TRUE(decode_options(encode_options(r), back));
    EXPECT_EQ(back, r);
    for (const char* bad : {R"({"hits":4})", R"({"hits":["3:crash"]})", R"({"hits":[3]})"}) {
        model::GenerationRequest x;
        auto s = decode_options(bad, x);
        ASSERT_FALSE(s) << bad;
        EXPECT_NE(s.error().message.find("hits"), std::string::npos);
    }
}

}  // namespace
}  // namespace omg::storage
