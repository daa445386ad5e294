// The `omg` command line as a user runs it: real binary, real files.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "encode/audio_writer.h"
#include "encode/midi.h"

namespace {

namespace fs = std::filesystem;

struct Run {
    int code = -1;
    std::string out, err;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

Run run(const std::vector<std::string>& args) {
    static int counter = 0;
    const fs::path err = fs::temp_directory_path() / ("omg-cli-err-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::string cmd = quote(OMG_BINARY);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " 2>" + quote(err.string());
    Run r;
    FILE* p = popen(cmd.c_str(), "r");
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
    const int status = pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream e(err);
    r.err.assign(std::istreambuf_iterator<char>(e), {});
    fs::remove(err);
    return r;
}

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("omg-cli-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    size_t files() const {
        size_t n = 0;
        for (const auto& e : fs::recursive_directory_iterator(dir_)) n += e.is_regular_file();
        return n;
    }
    fs::path dir_;
};

TEST_F(Cli, InterpretPrintsTheBrief) {
    auto r = run({"interpret", "upbeat circus march with brass, 140 bpm"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["genre"], "circus_march");
    EXPECT_EQ(j["tempo_bpm"], 140);
    for (const char* field : {"key", "mode", "time_signature", "instruments", "moods", "energy", "duration_s", "ignored"})
        EXPECT_TRUE(j.contains(field)) << field;
}

TEST_F(Cli, GenerateWritesAudioMidiAndStemsWithAJsonSummary) {
    const auto out = dir_ / "song.flac";
    auto r = run({"generate", "acoustic folk in G", "--duration", "6", "--seed", "4", "-o", out.string(), "--midi",
                  (dir_ / "song.mid").string(), "--stems", (dir_ / "stems").string(), "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["seed"], 4);
    EXPECT_TRUE(j["sections"].is_array());
    EXPECT_TRUE(j["timings"].contains("render"));
    EXPECT_EQ(j["brief"]["genre"], "acoustic_folk");
    // Each version as the server's version metadata has it (engine::song_json).
    const auto& v = j["versions"][0];
    for (const char* field : {"seed", "brief", "sections", "timings", "loudness", "recipe", "command_line", "vocals", "lines"})
        EXPECT_TRUE(v.contains(field)) << field;
    EXPECT_EQ(v["recipe"]["seed"], 4);
    EXPECT_EQ(v["vocals"], false);
    auto audio = omg::encode::read_audio(out);
    ASSERT_TRUE(audio) << audio.error().message;
    EXPECT_NEAR(audio->seconds(), 6.0, 0.001);
    EXPECT_TRUE(omg::encode::read_midi(dir_ / "song.mid"));
    EXPECT_GE(files(), 4u);
    // Each part: what it is, its role, its stem file and its measured loudness.
    const auto& version = j["versions"][0];
    ASSERT_TRUE(version["parts"].is_array());
    ASSERT_FALSE(version["parts"].empty());
    for (const auto& part : version["parts"]) {
        SCOPED_TRACE(part.dump());
        EXPECT_TRUE(part["name"].is_string());
        EXPECT_TRUE(part["program"].is_number_integer());
        EXPECT_TRUE(part["role"].is_string());
        ASSERT_TRUE(part["stem"].is_string());
        EXPECT_TRUE(fs::exists(part["stem"].get<std::string>()));
        ASSERT_TRUE(part["loudness_lufs"].is_number());
        EXPECT_LT(part["loudness_lufs"].get<double>(), -3.0);
        EXPECT_GT(part["loudness_lufs"].get<double>(), -70.0);
    }
    // The loudness the master aimed at and measured, also written as the file's tags.
    EXPECT_EQ(version["loudness"]["preset"], "streaming");
    EXPECT_NEAR(version["loudness"]["integrated_lufs"].get<double>(), -14.0, 0.5);
    auto tags = omg::encode::read_metadata(out);
    ASSERT_TRUE(tags && tags->loudness);
    EXPECT_NEAR(tags->loudness->integrated_lufs, version["loudness"]["integrated_lufs"].get<double>(), 0.02);
    EXPECT_NEAR(tags->loudness->true_peak_dbtp, version["loudness"]["true_peak_dbtp"].get<double>(), 0.02);
}

TEST_F(Cli, LoudnessPresetMastersToItsTargetAndTagsTheFile) {
    const auto out = dir_ / "cue.mp3";
    auto r = run({"generate", "energetic pop", "--duration", "6", "--seed", "2", "--loudness", "broadcast", "-o",
                  out.string(), "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    const auto& loudness = j["versions"][0]["loudness"];
    EXPECT_EQ(loudness["preset"], "broadcast");
    EXPECT_EQ(loudness["target_lufs"], -23.0);
    EXPECT_NEAR(loudness["integrated_lufs"].get<double>(), -23.0, 0.5);
    EXPECT_LE(loudness["true_peak_dbtp"].get<double>(), -1.0);
    EXPECT_TRUE(loudness["loudness_range_lu"].is_number());
    EXPECT_EQ(j["versions"][0]["recipe"]["loudness"], "broadcast");
    // Without stems the parts are listed with no stem and no loudness of their own.
    for (const auto& part : j["versions"][0]["parts"]) {
        EXPECT_TRUE(part["stem"].is_null());
        EXPECT_TRUE(part["loudness_lufs"].is_null());
    }
    auto tags = omg::encode::read_metadata(out);
    ASSERT_TRUE(tags && tags->loudness);  // ReplayGain: REPLAYGAIN_TRACK_GAIN about +5 dB
    EXPECT_NEAR(tags->loudness->integrated_lufs, loudness["integrated_lufs"].get<double>(), 0.02);
}

// --quality best renders with MuseScore_General and the recipe says so; the same request twice
// gives the same bytes; the fast default names FluidR3.
TEST_F(Cli, BestQualityPlaysMuseScoreGeneralDeterministically) {
    auto best = [&](const char* name) {
        return run({"generate", "calm acoustic guitar", "--duration", "6", "--seed", "3", "--quality", "best",
                    "-o", (dir_ / name).string(), "--json"});
    };
    auto a = best("a.wav"), b = best("b.wav");
    ASSERT_EQ(a.code, 0) << a.err;
    ASSERT_EQ(b.code, 0) << b.err;
    const auto recipe = nlohmann::json::parse(a.out)["versions"][0]["recipe"];
    EXPECT_EQ(recipe["quality"], "best");
    EXPECT_EQ(recipe["soundfont"], "MuseScore_General.sf3");
    std::ifstream fa(dir_ / "a.wav", std::ios::binary), fb(dir_ / "b.wav", std::ios::binary);
    const std::string wa((std::istreambuf_iterator<char>(fa)), {}), wb((std::istreambuf_iterator<char>(fb)), {});
    EXPECT_GT(wa.size(), 100000u);
    EXPECT_TRUE(wa == wb);
    auto fast = run({"generate", "calm acoustic guitar", "--duration", "6", "--seed", "3", "-o",
                     (dir_ / "c.wav").string(), "--json"});
    ASSERT_EQ(fast.code, 0) << fast.err;
    const auto fast_recipe = nlohmann::json::parse(fast.out)["versions"][0]["recipe"];
    EXPECT_FALSE(fast_recipe.contains("quality"));
    EXPECT_EQ(fast_recipe["soundfont"], "FluidR3_GM.sf2");
    std::ifstream fc(dir_ / "c.wav", std::ios::binary);
    const std::string wc((std::istreambuf_iterator<char>(fc)), {});
    EXPECT_FALSE(wc == wa);
}

TEST_F(Cli, VersionsWriteOneFilePerVersion) {
    auto r = run({"generate", "techno", "--duration", "5", "--seed", "1", "--versions", "2", "-o", (dir_ / "t.wav").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir_ / "t-1.wav"));
    EXPECT_TRUE(fs::exists(dir_ / "t-2.wav"));
}

struct BadCase {
    std::vector<std::string> args;
    const char* says;
};

// A cue (issue 14): the one file with loop points and its segments beside it, the cue in --json.
TEST_F(Cli, AVampWritesTheLoopFileAndItsSegments) {
    const fs::path out = dir_ / "groove.flac";
    auto r = run({"generate", "funky groove", "--style", "funk", "--seed", "3", "--intro", "1", "--vamp", "2",
                  "--ending", "fade", "-o", out.string(), "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    const auto& cue = summary["versions"][0]["cue"];
    EXPECT_EQ(cue["vamp_bars"], 2);
    EXPECT_EQ(cue["ending"], "fade");
    for (const char* name : {"groove.flac", "groove-intro.flac", "groove-loop.flac", "groove-ending.flac"})
        EXPECT_TRUE(fs::exists(dir_ / name)) << name;
    EXPECT_EQ(files(), 4u);
    EXPECT_NE(summary["versions"][0]["command_line"].get<std::string>().find("--vamp 2 --ending fade"), std::string::npos);
}

TEST_F(Cli, HitsLandAndTheSummarySaysWhere) {
    const fs::path out = dir_ / "act.wav";
    auto r = run({"generate", "a pop song", "--style", "pop", "--bpm", "112", "--seed", "7", "--duration", "30",
                  "--hit", "8.6:stop", "--hit", "4:1:accent", "--hit", "29.9:accent", "-o", out.string(), "--json"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto summary = nlohmann::json::parse(r.out);
    const auto& hits = summary["versions"][0]["hits"];
    ASSERT_EQ(hits.size(), 3u);
    EXPECT_EQ(hits[0]["met"], true);
    EXPECT_EQ(hits[1]["bar_beat"], "4:1");
    EXPECT_EQ(hits[1]["met"], true);
    EXPECT_EQ(hits[1]["bar"], 4);
    EXPECT_EQ(hits[2]["met"], false);
    EXPECT_FALSE(hits[2]["reason"].get<std::string>().empty());
    EXPECT_NE(summary["versions"][0]["command_line"].get<std::string>().find("--hit 8.6:stop --hit 4:1:accent"),
              std::string::npos);
}

TEST_F(Cli, BadInputExitsNonZeroWithOneClearLineAndLeavesNothing) {
    const std::string out = (dir_ / "x.mp3").string();
    const std::vector<BadCase> cases = {
        {{"generate", "", "-o", out}, "empty"},
        {{"generate", "pop", "--duration", "3", "-o", out}, "duration"},
        {{"generate", "pop", "--duration", "601", "-o", out}, "duration"},
        {{"generate", "pop", "--key", "H major", "-o", out}, "key"},
        {{"generate", "pop", "--time-signature", "4/3", "-o", out}, "time signature"},
        {{"generate", "pop", "-o", (dir_ / "missing" / "x.mp3").string()}, "does not exist"},
        {{"generate", "pop", "-o", (dir_ / "x.xyz").string()}, ".mp3"},
        {{"generate", "pop", "--loudness", "loud", "-o", out}, "--loudness"},
        {{"generate", "pop", "--quality", "hifi", "-o", out}, "--quality"},
        {{"generate", "pop", "--quality", "best", "--best-soundfont", (dir_ / "none.sf3").string(), "-o", out},
         "musescore-general-soundfont"},
        {{"generate", "pop", "--vamp", "4", "-o", out}, "MP3"},
        {{"generate", "pop", "--vamp", "0", "-o", (dir_ / "x.wav").string()}, "--vamp"},
        {{"generate", "pop", "--vamp", "4", "--ending", "boom", "-o", (dir_ / "x.wav").string()}, "--ending"},
        {{"generate", "pop", "--intro", "2", "-o", (dir_ / "x.wav").string()}, "--vamp"},
        {{"generate", "pop", "--bpm", "20", "--vamp", "64", "--intro", "64", "-o", (dir_ / "x.wav").string()}, "600 s"},
        {{"generate", "pop", "--hit", "12.5:crash", "-o", out}, "--hit '12.5:crash'"},
        {{"generate", "pop", "--hit", "8:0:stop", "-o", out}, "BAR:BEAT:KIND"},
        {{"generate", "pop", "--hit", "1000:1:stop", "-o", out}, "the bar must be"},
        {{"generate", "pop", "--hit", "700:accent", "-o", out}, "the time must be"},
    };
    for (const auto& c : cases) {
        auto r = run(c.args);
        EXPECT_NE(r.code, 0) << c.says;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
    EXPECT_EQ(files(), 0u);
}

}  // namespace

// The SoundFont's preset measurements kept between runs (render/balance.h) change nothing in the
// music: a run that measures and writes the cache, and one that reads it, give the same bytes.
TEST_F(Cli, TheMeasurementCacheChangesNoByte) {
    const fs::path cache = dir_ / "cache";
    ::setenv("OMG_CACHE_DIR", cache.c_str(), 1);
    auto first = run({"generate", "lo-fi hip hop with vibraphone", "--duration", "6", "--seed", "2",
                      "-o", (dir_ / "a.wav").string()});
    auto second = run({"generate", "lo-fi hip hop with vibraphone", "--duration", "6", "--seed", "2",
                       "-o", (dir_ / "b.wav").string()});
    ::unsetenv("OMG_CACHE_DIR");
    ASSERT_EQ(first.code, 0) << first.err;
    ASSERT_EQ(second.code, 0) << second.err;
    size_t lines = 0;
    for (const auto& e : fs::directory_iterator(cache)) {
        std::ifstream in(e.path());
        for (std::string line; std::getline(in, line);) ++lines;
    }
    EXPECT_GE(lines, 4u) << "the first run kept its measurements";
    std::ifstream a(dir_ / "a.wav", std::ios::binary), b(dir_ / "b.wav", std::ios::binary);
    const std::string wa((std::istreambuf_iterator<char>(a)), {}), wb((std::istreambuf_iterator<char>(b)), {});
    EXPECT_FALSE(wa.empty());
    EXPECT_TRUE(wa == wb);
}
