#include "show/plan.h"

#include <gtest/gtest.h>

namespace omg::show {
namespace {

model::Key key(const char* text) { return *model::parse_key(text); }

model::Show three_cues() {
    model::Show show;
    show.title = "Circus night";
    for (const char* title : {"Opening", "Jugglers", "Trapeze"}) {
        model::ShowCue cue;
        cue.title = title;
        cue.request.prompt = "circus march";
        show.cues.push_back(cue);
    }
    return show;
}

TEST(RelatedKeys, MajorAndMinor) {
    EXPECT_EQ(related_keys(key("C major")),
              (std::vector<model::Key>{key("C major"), key("A minor"), key("G major"), key("F major")}));
    EXPECT_EQ(related_keys(key("A minor")),
              (std::vector<model::Key>{key("A minor"), key("C major"), key("E minor"), key("D minor")}));
    EXPECT_TRUE(is_related(key("D major"), key("B minor")));
    EXPECT_FALSE(is_related(key("D major"), key("Eb major")));
}

TEST(PlanShow, SegueMovesAnUnrelatedKeyAndAFarTempo) {
    const model::Show show = three_cues();
    const std::vector<Tonality> alone = {{120, key("C major")}, {150, key("Eb major")}, {100, key("F# minor")}};
    auto plans = plan_show(show, alone);
    ASSERT_TRUE(plans);
    ASSERT_EQ(plans->size(), 3u);
    EXPECT_FALSE((*plans)[0].adjusted);
    EXPECT_FALSE((*plans)[0].request.key);
    for (size_t i = 1; i < 3; ++i) {
        const CuePlan& before = (*plans)[i - 1];
        const CuePlan& plan = (*plans)[i];
        EXPECT_TRUE(plan.adjusted);
        EXPECT_TRUE(is_related(before.tonality.key, plan.tonality.key)) << i;
        EXPECT_LE(std::abs(plan.tonality.bpm / before.tonality.bpm - 1), kSegueTempoRatio + 1e-9) << i;
        ASSERT_TRUE(plan.request.key);
        EXPECT_EQ(*model::parse_key(*plan.request.key), plan.tonality.key);
        EXPECT_EQ(plan.request.bpm, plan.tonality.bpm);
    }
    // Eb major after C major: F major (one fifth from Eb, Bb's neighbour) beats A minor or G.
    EXPECT_EQ((*plans)[1].tonality.key, key("F major"));
    EXPECT_DOUBLE_EQ((*plans)[1].tonality.bpm, 120 * (1 + kSegueTempoRatio));
}

TEST(PlanShow, OwnKeyAndTempoCutAndKeepCompatibleOffAreLeftAlone) {
    model::Show show = three_cues();
    show.cues[1].request.key = "Eb major";
    show.cues[1].request.bpm = 150;
    show.cues[1].transition.type = model::TransitionType::cut;
    const std::vector<Tonality> alone = {{120, key("C major")}, {150, key("Eb major")}, {90, key("E major")}};
    auto plans = plan_show(show, alone);
    ASSERT_TRUE(plans);
    EXPECT_FALSE((*plans)[1].adjusted);
    EXPECT_EQ((*plans)[1].request.key, "Eb major");
    EXPECT_FALSE((*plans)[2].adjusted);  // after a cut
    EXPECT_EQ((*plans)[2].tonality, alone[2]);

    show.cues[1].transition.type = model::TransitionType::segue;
    show.keep_compatible = false;
    plans = plan_show(show, alone);
    ASSERT_TRUE(plans);
    EXPECT_FALSE((*plans)[2].adjusted);
}

TEST(PlanShow, LoudnessAndSeedsForEveryCue) {
    model::Show show = three_cues();
    show.seed = 7;
    show.cues[2].request.seed = 99;
    auto plans = plan_show(show, {{120, key("C")}, {120, key("C")}, {120, key("C")}});
    ASSERT_TRUE(plans);
    EXPECT_EQ((*plans)[0].request.seed, 7);
    EXPECT_EQ((*plans)[1].request.seed, 8);
    EXPECT_EQ((*plans)[2].request.seed, 99);
    for (const auto& plan : *plans) EXPECT_EQ(plan.request.loudness, model::LoudnessPreset::show);
    EXPECT_FALSE(plan_show(show, {{120, key("C")}}));
}

TEST(ValidateShow, NamesTheField) {
    model::Show show = three_cues();
    EXPECT_TRUE(validate_show(show));
    show.cues[2].vamp_repeats = 0;
    auto st = validate_show(show);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("cues[2].vamp_repeats"), std::string::npos);
    show = three_cues();
    show.cues[1].transition = {model::TransitionType::crossfade, 20};
    st = validate_show(show);
    ASSERT_FALSE(st);
    EXPECT_NE(st.error().message.find("cues[1].transition.seconds"), std::string::npos);
    show = three_cues();
    show.cues[0].request.prompt.clear();
    EXPECT_FALSE(validate_show(show));
    show.cues.clear();
    EXPECT_FALSE(validate_show(show));
    show = three_cues();
    show.title.clear();
    EXPECT_FALSE(validate_show(show));
}

}  // namespace
}  // namespace omg::show
