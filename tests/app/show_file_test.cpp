// The show file (`omg show FILE.toml`): what it reads, and errors that name the line.
#include "app/show_file.h"

#include <gtest/gtest.h>

namespace omg::app {
namespace {

constexpr const char* kShow = R"(title = "Circus night"
seed = 7
keep_compatible = false

[[cues]]
title = "Opening"
prompt = "upbeat circus march with brass"
duration = 45
hits = ["12.5:accent", { time = 20, kind = "stop" }]
bpm = 140
key = "D major"

[[cues]]
title = "Jugglers"
style = "circus_march"
cue = { intro_bars = 2, vamp_bars = 4, ending = "button" }
ending_on = "beat"
vamp_repeats = 3
transition = { type = "crossfade", seconds = 2.5 }

[[cues]]
title = "Bow"
prompt = "fanfare"
transition = "cut"
)";

TEST(ShowFile, ReadsEveryField) {
    auto show = parse_show_toml(kShow, "circus.toml");
    ASSERT_TRUE(show) << show.error().message;
    EXPECT_EQ(show->title, "Circus night");
    EXPECT_EQ(show->seed, 7);
    EXPECT_FALSE(show->keep_compatible);
    ASSERT_EQ(show->cues.size(), 3u);
    const auto& a = show->cues[0];
    EXPECT_EQ(a.request.duration_s, 45);
    EXPECT_EQ(a.request.bpm, 140);
    EXPECT_EQ(a.request.key, "D major");
    ASSERT_EQ(a.request.hits.size(), 2u);
    EXPECT_EQ(a.request.hits[1].kind, model::HitKind::stop);
    const auto& b = show->cues[1];
    EXPECT_EQ(b.request.style, "circus_march");
    EXPECT_EQ(b.request.cue, (model::CueShape{2, 4, model::CueEnding::button}));
    EXPECT_EQ(b.ending_on, model::EndingOn::beat);
    EXPECT_EQ(b.vamp_repeats, 3);
    EXPECT_EQ(b.transition, (model::Transition{model::TransitionType::crossfade, 2.5}));
    EXPECT_EQ(show->cues[2].transition.type, model::TransitionType::cut);
}

TEST(ShowFile, ErrorsNameTheLineAndTheField) {
    std::string text = kShow;
    text.replace(text.find("vamp_bars = 4"), 13, "vamp_bars = 0");
    auto show = parse_show_toml(text, "circus.toml");
    ASSERT_FALSE(show);
    EXPECT_EQ(show.error().message.rfind("circus.toml:16: cues[1].cue.vamp_bars: 0 is outside 1..64", 0), 0u)
        << show.error().message;

    text = kShow;
    text.replace(text.find("ending_on = \"beat\""), 18, "endign_on = \"beat\"");
    show = parse_show_toml(text, "circus.toml");
    ASSERT_FALSE(show);
    EXPECT_NE(show.error().message.find("circus.toml:17: cues[1].endign_on: unknown key"), std::string::npos)
        << show.error().message;

    text = kShow;
    text.replace(text.find("prompt = \"fanfare\""), 18, "");
    show = parse_show_toml(text, "circus.toml");
    ASSERT_FALSE(show);
    EXPECT_NE(show.error().message.find("cues[2].prompt"), std::string::npos) << show.error().message;

    show = parse_show_toml("title = \"x\"\n[[cues]\n", "bad.toml");
    ASSERT_FALSE(show);
    EXPECT_EQ(show.error().message.rfind("bad.toml:2: ", 0), 0u) << show.error().message;
    EXPECT_FALSE(parse_show_toml("title = \"x\"\n", "empty.toml"));
}

}  // namespace
}  // namespace omg::app
