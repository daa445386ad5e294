// `omg show FILE.toml -o DIR` as a user runs it: a small show (a track and a vamp cue) rendered
// for real; every file is written and the cue sheet lists every cue.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "encode/audio_writer.h"

namespace {

namespace fs = std::filesystem;

int run(const std::string& args, std::string* err) {
    const fs::path err_file = fs::temp_directory_path() / ("omg-show-err-" + std::to_string(::getpid()));
    const int status = std::system((std::string("'") + OMG_BINARY + "' " + args + " >/dev/null 2>'" + err_file.string() + "'").c_str());
    std::ifstream e(err_file);
    err->assign(std::istreambuf_iterator<char>(e), {});
    fs::remove(err_file);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class ShowCli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-show-cli-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    void write(const std::string& text) { std::ofstream(dir_ / "show.toml") << text; }
    fs::path dir_;
};

TEST_F(ShowCli, WritesTheMixEveryCueAndTheCueSheets) {
    write(R"(title = "Tiny show"
seed = 3
[[cues]]
title = "Opening"
prompt = "circus march"
duration = 6
[[cues]]
title = "Vamp"
prompt = "circus march"
cue = { vamp_bars = 1, ending = "button" }
vamp_repeats = 2
transition = "cut"
)");
    std::string err;
    ASSERT_EQ(run("show '" + (dir_ / "show.toml").string() + "' -o '" + (dir_ / "out").string() + "' -j 2", &err), 0) << err;
    const fs::path out = dir_ / "out";
    for (const char* f : {"show.wav", "cue-sheet.csv", "cue-sheet.json", "show.zip", "cues/01-opening.wav",
                          "cues/02-vamp.wav", "cues/02-vamp-loop.wav", "cues/02-vamp-ending.wav", "cues/01-opening.mid"})
        EXPECT_TRUE(fs::is_regular_file(out / f)) << f;
    std::ifstream in(out / "cue-sheet.json");
    const auto sheet = nlohmann::json::parse(in);
    ASSERT_EQ(sheet["cues"].size(), 2u);
    EXPECT_EQ(sheet["cues"][1]["kind"], "vamp");
    EXPECT_GT(sheet["cues"][1]["start_s"].get<double>(), 4.0);
    EXPECT_EQ(sheet["cues"][0]["recipe"]["seed"], 3);
    auto mix = omg::encode::read_audio(out / "show.wav");
    ASSERT_TRUE(mix);
    EXPECT_NEAR(mix->seconds(), sheet["length_s"].get<double>(), 0.01);
    // Each cue's stems are as long as its file.
    auto cue = omg::encode::read_audio(out / "cues/01-opening.wav");
    ASSERT_TRUE(cue);
    size_t stems = 0;
    for (const auto& e : fs::directory_iterator(out / "cues/01-opening-stems")) {
        auto stem = omg::encode::read_audio(e.path());
        ASSERT_TRUE(stem);
        EXPECT_EQ(stem->frames(), cue->frames()) << e.path();
        ++stems;
    }
    EXPECT_GT(stems, 0u);
}

TEST_F(ShowCli, ABadFileIsALocatedError) {
    write("title = \"x\"\n[[cues]]\ntitle = \"A\"\nprompt = \"march\"\ncue = { vamp_bars = 99 }\n");
    std::string err;
    EXPECT_EQ(run("show '" + (dir_ / "show.toml").string() + "' -o '" + (dir_ / "out").string() + "'", &err), 2);
    EXPECT_NE(err.find("show.toml:5: cues[0].cue.vamp_bars"), std::string::npos) << err;
}

}  // namespace
