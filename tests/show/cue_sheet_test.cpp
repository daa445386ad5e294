#include "show/cue_sheet.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace omg::show {
namespace {

std::vector<CueSheetRow> rows() {
    std::vector<CueSheetRow> out;
    for (int i = 1; i <= 3; ++i) {
        CueSheetRow r;
        r.number = i;
        r.title = i == 2 ? "Jugglers, \"the\" best" : "Cue " + std::to_string(i);
        r.start_s = (i - 1) * 30.5;
        r.length_s = 30.5;
        r.file_length_s = 31;
        r.tempo_bpm = 120 + i;
        r.key = "D major";
        r.recipe_json = R"({"prompt":"march, brass","seed":)" + std::to_string(i) + "}";
        if (i == 3) r.hits = {{12.5, "accent", true, 12.503, ""}, {20, "stop", false, std::nullopt, "too close"}};
        out.push_back(r);
    }
    return out;
}

TEST(CueSheet, CsvListsEveryCueQuoted) {
    const std::string csv = cue_sheet_csv(rows());
    size_t lines = 0;
    for (size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) ++lines;
    EXPECT_EQ(lines, 4u);  // the header and three cues
    EXPECT_EQ(csv.rfind("cue,title,kind,start_s", 0), 0u);
    EXPECT_NE(csv.find("\r\n1,Cue 1,track,0.000,30.500,"), std::string::npos);
    EXPECT_NE(csv.find("\"Jugglers, \"\"the\"\" best\""), std::string::npos);
    EXPECT_NE(csv.find("\r\n3,Cue 3,track,61.000,"), std::string::npos);
    EXPECT_NE(csv.find("12.500:accent@12.503;20.000:stop@unmet"), std::string::npos);
    EXPECT_NE(csv.find("\"{\"\"prompt\"\":\"\"march, brass\"\",\"\"seed\"\":3}\""), std::string::npos);
}

// A title a spreadsheet would run as a formula stays text (CSV injection).
TEST(CueSheet, CsvKeepsFormulaLikeTitlesAsText) {
    auto sheet = rows();
    sheet[0].title = "=HYPERLINK(\"http://x\",\"y\")";
    sheet[1].title = "@SUM(A1)";
    sheet[2].title = "-2+3";
    const std::string csv = cue_sheet_csv(sheet);
    EXPECT_NE(csv.find("\r\n1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",track,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\n2,'@SUM(A1),track,"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\r\n3,'-2+3,track,"), std::string::npos) << csv;
}

TEST(CueSheet, JsonListsEveryCueWithItsRecipe) {
    const auto j = nlohmann::json::parse(cue_sheet_json("Circus night", 91.5, rows()));
    EXPECT_EQ(j["title"], "Circus night");
    ASSERT_EQ(j["cues"].size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(j["cues"][i]["number"], i + 1);
        EXPECT_EQ(j["cues"][i]["recipe"]["seed"], i + 1);
    }
    EXPECT_DOUBLE_EQ(j["cues"][2]["start_s"].get<double>(), 61.0);
    EXPECT_DOUBLE_EQ(j["cues"][2]["hits"][0]["show_time"].get<double>(), 73.503);
    EXPECT_TRUE(j["cues"][2]["hits"][1]["landed_at"].is_null());
    EXPECT_EQ(j["cues"][2]["hits"][1]["reason"], "too close");
}

// A compound metre's felt beat is the dotted quarter: the sheet says so, and gives quarters too.
TEST(CueSheet, TempoSaysItsBeatUnit) {
    EXPECT_EQ(cue_tempo("6/8", 60), (CueTempo{90, "dotted quarter", 60, "6/8, dotted quarter = 60"}));
    EXPECT_EQ(cue_tempo("4/4", 120), (CueTempo{120, "quarter", 120, "4/4, quarter = 120"}));
    EXPECT_EQ(cue_tempo("2/2", 80).qpm, 160);
    EXPECT_EQ(cue_tempo("12/8", 50).text, "12/8, dotted quarter = 50");
    EXPECT_EQ(cue_tempo("3/8", 140).beat, "eighth");
    EXPECT_EQ(cue_tempo("3/4", 92.5).text, "3/4, quarter = 92.5");
    auto sheet = rows();
    sheet[1].time_signature = "6/8";
    sheet[1].tempo_bpm = 60;
    const auto j = nlohmann::json::parse(cue_sheet_json("Circus night", 91.5, sheet));
    EXPECT_EQ(j["cues"][1]["tempo_qpm"], 90);
    EXPECT_EQ(j["cues"][1]["beat"], "dotted quarter");
    EXPECT_EQ(j["cues"][1]["beats_per_minute"], 60);
    EXPECT_EQ(j["cues"][1]["tempo"], "6/8, dotted quarter = 60");
    EXPECT_EQ(j["cues"][0]["tempo_qpm"], 121);
    EXPECT_FALSE(j["cues"][0].contains("tempo_bpm"));
    const std::string csv = cue_sheet_csv(sheet);
    EXPECT_NE(csv.find(",tempo_qpm,beat,beats_per_minute,tempo,time_signature,"), std::string::npos);
    EXPECT_NE(csv.find(",90.000,dotted quarter,60.000,\"6/8, dotted quarter = 60\",6/8,"), std::string::npos) << csv;
}

}  // namespace
}  // namespace omg::show
