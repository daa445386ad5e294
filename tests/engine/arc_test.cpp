// The dynamics arc on rendered audio (issue 10: "a dynamics arc that ends as strong as the style
// wants"): in every style that peaks before it closes ([ending] peak), the last statement of the
// peak is, measured as mastered (EBU R128 integrated loudness of each section's span), within
// 1 dB of the loudest section and ends in the last 40 % of the track (only the closing section
// follows it). Soft-closing styles
// (ambient, a waltz's return to A, a jazz head out) name no peak and are not held to it.
// 60 s per render, two seeds, the styles in parallel under ctest.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "support/mix_meter.h"
#include "support/style_library.h"
#include "support/test_engine.h"

namespace omg::engine {
namespace {

constexpr double kPeakWithinDb = 1.0;

std::vector<std::string> peaking_styles() {
    std::vector<std::string> ids;
    for (const auto& style : testing::style_library().styles)
        if (!style.ending.peak.empty()) ids.push_back(style.id);
    return ids;
}

model::Pcm span(const model::Pcm& pcm, double from_s, double to_s) {
    model::Pcm out;
    out.sample_rate = pcm.sample_rate;
    out.channels = pcm.channels;
    const size_t frames = pcm.samples.size() / 2;
    const size_t a = std::min(frames, static_cast<size_t>(from_s * pcm.sample_rate));
    const size_t b = std::min(frames, static_cast<size_t>(to_s * pcm.sample_rate));
    if (a < b) out.samples.assign(pcm.samples.begin() + static_cast<long>(2 * a), pcm.samples.begin() + static_cast<long>(2 * b));
    return out;
}

class Arc : public ::testing::TestWithParam<std::string> {};

TEST_P(Arc, TheLastPeakIsTheLoudestSectionNearTheEnd) {
    const model::Style* style = testing::style_library().find(GetParam());
    ASSERT_NE(style, nullptr);
    for (const uint64_t seed : {1u, 2u}) {
        Request r;
        r.prompt = "music";
        r.style = GetParam();
        r.duration_s = 60;
        r.seed = seed;
        auto song = testing::test_engine().generate(r);
        ASSERT_TRUE(song) << song.error().message;
        const auto& sections = song->score.sections;
        double loudest = -HUGE_VAL, last_peak = -HUGE_VAL, last_peak_end = 0;
        std::string form;
        for (size_t i = 0; i < sections.size(); ++i) {
            const double end = i + 1 < sections.size() ? sections[i + 1].start_s : song->score.duration_s;
            const double lufs = testing::integrated_lufs(span(song->audio, sections[i].start_s, end));
            char text[96];
            std::snprintf(text, sizeof text, "%s:%d %.1f  ", sections[i].kind.c_str(), sections[i].bars, lufs);
            form += text;
            loudest = std::max(loudest, lufs);
            if (std::find(style->ending.peak.begin(), style->ending.peak.end(), sections[i].kind) != style->ending.peak.end()) {
                last_peak = lufs;
                last_peak_end = end;
            }
        }
        std::printf("ARC %s seed %u: %s\n", GetParam().c_str(), static_cast<unsigned>(seed), form.c_str());
        EXPECT_GE(last_peak, loudest - kPeakWithinDb) << "seed " << seed << ": " << form;
        EXPECT_GE(last_peak_end, 0.6 * song->score.duration_s) << "seed " << seed << ": " << form;
    }
}

INSTANTIATE_TEST_SUITE_P(PeakingStyles, Arc, ::testing::ValuesIn(peaking_styles()),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace omg::engine
