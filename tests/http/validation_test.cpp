#include <gtest/gtest.h>

#include "http/validation.h"

#include "http/api.h"

namespace omg::http {

using json = nlohmann::json;

TEST(Validation, AcceptsTheSeedRequestShape) {
    json errors = json::array();
    auto p = parse_generate(R"({"prompt":"circus march","duration":30,"num_versions":2,"seed":-5,
                               "lyrics":null,"provider":"ace-step"})", {}, &errors);
    ASSERT_TRUE(p) << errors.dump();
    EXPECT_EQ(p->prompt, "circus march");
    EXPECT_EQ(p->duration_s, 30);
    EXPECT_EQ(p->num_versions, 2);
    EXPECT_EQ(p->seed, -5);
    EXPECT_EQ(p->provider, "ace-step");
}

TEST(Validation, ReportsEachBadFieldPydanticStyle) {
    json errors = json::array();
    auto p = parse_generate(R"({"duration":0,"num_versions":9,"seed":1.5})", {}, &errors);
    ASSERT_FALSE(p);
    ASSERT_EQ(errors.size(), 4u) << errors.dump();
    EXPECT_EQ(errors[0]["type"], "missing");
    EXPECT_EQ(errors[0]["loc"], json::array({"body", "prompt"}));
    EXPECT_EQ(errors[0]["msg"], "Field required");
    EXPECT_EQ(errors[1]["type"], "greater_than");
    EXPECT_EQ(errors[1]["ctx"]["gt"], 0);
    EXPECT_EQ(errors[2]["type"], "less_than_equal");
    EXPECT_EQ(errors[3]["type"], "int_from_float");
}

TEST(Validation, LoudnessIsAPresetNameOrAlias) {
    json errors = json::array();
    auto p = parse_generate(R"({"prompt":"x","duration":30,"loudness":"broadcast"})", {}, &errors);
    ASSERT_TRUE(p) << errors.dump();
    EXPECT_EQ(p->loudness, model::LoudnessPreset::broadcast);
    p = parse_generate(R"({"prompt":"x","duration":30,"loudness":"apple"})", {}, &errors);
    ASSERT_TRUE(p) << errors.dump();
    EXPECT_EQ(p->loudness, model::LoudnessPreset::podcast);
    p = parse_generate(R"({"prompt":"x","duration":30,"loudness":null})", {}, &errors);
    ASSERT_TRUE(p) << errors.dump();
    EXPECT_FALSE(p->loudness);
    for (const char* bad : {R"("LOUD")", "-14", "true"}) {
        errors = json::array();
        p = parse_generate(std::string(R"({"prompt":"x","duration":30,"loudness":)") + bad + "}", {}, &errors);
        ASSERT_FALSE(p) << bad;
        ASSERT_EQ(errors.size(), 1u);
        EXPECT_EQ(errors[0]["type"], "enum");
        EXPECT_EQ(errors[0]["loc"], json::array({"body", "loudness"}));
    }
}

TEST(Validation, QualityIsFastOrBestAndBestOnlyWhenInstalled) {
    json errors = json::array();
    auto p = parse_generate(R"({"prompt":"x","duration":30,"quality":"best"})", {}, &errors);
    ASSERT_TRUE(p) << errors.dump();
    EXPECT_EQ(p->quality, model::SoundQuality::best);
    p = parse_generate(R"({"prompt":"x","duration":30,"quality":null})", {}, &errors);
    ASSERT_TRUE(p) << errors.dump();
    EXPECT_FALSE(p->quality);
    for (const char* bad : {R"("Best")", R"("hifi")", "2", "true"}) {
        errors = json::array();
        p = parse_generate(std::string(R"({"prompt":"x","duration":30,"quality":)") + bad + "}", {}, &errors);
        ASSERT_FALSE(p) << bad;
        ASSERT_EQ(errors.size(), 1u);
        EXPECT_EQ(errors[0]["type"], "enum");
        EXPECT_EQ(errors[0]["loc"], json::array({"body", "quality"}));
    }
    // A server without MuseScore_General refuses "best" (never renders it with FluidR3 instead)
    // and still takes "fast".
    Limits without_best;
    without_best.best_quality_installed = false;
    errors = json::array();
    p = parse_generate(R"({"prompt":"x","duration":30,"quality":"best"})", without_best, &errors);
    ASSERT_FALSE(p);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0]["type"], "quality_unavailable");
    EXPECT_NE(errors[0]["msg"].get<std::string>().find("musescore-general-soundfont"), std::string::npos);
    errors = json::array();
    EXPECT_TRUE(parse_generate(R"({"prompt":"x","duration":30,"quality":"fast"})", without_best, &errors));
}

TEST(Validation, DurationLimitsAndPromptLimit) {
    json errors = json::array();
    EXPECT_FALSE(parse_generate(R"({"prompt":"x","duration":300.5})", {}, &errors));
    EXPECT_TRUE(parse_generate(R"({"prompt":"x","duration":"300"})", {}, &errors));
    Limits small;
    small.max_prompt_chars = 3;
    errors = json::array();
    EXPECT_FALSE(parse_generate(R"({"prompt":"\u00e9\u00e9\u00e9\u00e9","duration":5})", small, &errors));
    EXPECT_EQ(errors[0]["type"], "string_too_long");
    errors = json::array();
    EXPECT_TRUE(parse_generate(R"({"prompt":"\u00e9\u00e9\u00e9","duration":5})", small, &errors));
}

// A NUL inside a string no store can keep (PostgreSQL refuses it): 422 naming the field, on
// every string the requests carry.
TEST(Validation, NulCharactersAreRefusedInEveryString) {
    for (const char* body : {R"({"prompt":"a\u0000b","duration":5})", R"({"prompt":"a","lyrics":"x\u0000","duration":5})",
                             R"({"prompt":"a","duration":5,"key":"C\u0000"})", R"({"prompt":"a","duration":5,"provider":"\u0000"})"}) {
        json errors = json::array();
        EXPECT_FALSE(parse_generate(body, {}, &errors)) << body;
        ASSERT_FALSE(errors.empty()) << body;
        EXPECT_EQ(errors[0]["type"], "string_nul") << body;
    }
    json errors = json::array();
    EXPECT_TRUE(parse_generate(R"({"prompt":"tabs\tand\nlines are fine","duration":5})", {}, &errors)) << errors.dump();
}

TEST(Validation, BadJsonAndNonObjects) {
    for (const char* body : {"{", "nope", "[1,2]", "\"str\"", ""}) {
        json errors = json::array();
        EXPECT_FALSE(parse_generate(body, {}, &errors)) << body;
        ASSERT_EQ(errors.size(), 1u) << body;
    }
    json errors = json::array();
    parse_generate("{", {}, &errors);
    EXPECT_EQ(errors[0]["type"], "json_invalid");
}

TEST(Validation, SergiecodeTrackRules) {
    json errors = json::array();
    bool blank = false;
    auto t = parse_track(R"({"prompt":"  piano  "})", &errors, &blank);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->prompt, "piano");
    EXPECT_EQ(t->duration, 30);
    EXPECT_TRUE(parse_track(R"({"prompt":"p","duration":null})", &errors, &blank));
    EXPECT_TRUE(parse_track(R"({"prompt":"p","duration":30.0})", &errors, &blank));
    EXPECT_TRUE(parse_track(R"({"prompt":"p","duration":"30"})", &errors, &blank));
    for (const char* bad : {R"({"prompt":""})", R"({"prompt":"p","duration":4})",
                            R"({"prompt":"p","duration":301})", R"({"prompt":"p","duration":30.5})",
                            R"({"duration":30})"}) {
        errors = json::array();
        EXPECT_FALSE(parse_track(bad, &errors, &blank)) << bad;
        EXPECT_FALSE(errors.empty()) << bad;
    }
    errors = json::array();
    std::string long_prompt = R"({"prompt":")" + std::string(501, 'a') + "\"}";
    EXPECT_FALSE(parse_track(long_prompt, &errors, &blank));
    errors = json::array();
    EXPECT_FALSE(parse_track(R"({"prompt":"   "})", &errors, &blank));
    EXPECT_TRUE(blank);
    EXPECT_TRUE(errors.empty());
}

TEST(Validation, Reorder) {
    json errors = json::array();
    EXPECT_TRUE(parse_reorder(R"({"job_id":"x","new_position":1})", &errors));
    EXPECT_FALSE(parse_reorder(R"({"job_id":"x","new_position":0})", &errors));
    EXPECT_EQ(errors.back()["type"], "greater_than_equal");
}

TEST(Validation, ACueIsParsedAndBadValuesAreLocated) {
    json errors = json::array();
    auto p = parse_generate(R"({"prompt":"x","duration":30,"cue":{"intro_bars":2,"vamp_bars":4,"ending":"stinger"}})", {},
                            &errors);
    ASSERT_TRUE(p) << errors.dump();
    EXPECT_EQ(p->cue, (model::CueShape{2, 4, model::CueEnding::stinger}));
    p = parse_generate(R"({"prompt":"x","duration":30,"cue":{"vamp_bars":1}})", {}, &errors);
    ASSERT_TRUE(p);
    EXPECT_EQ(p->cue, (model::CueShape{0, 1, model::CueEnding::ring_out}));
    p = parse_generate(R"({"prompt":"x","duration":30,"cue":null})", {}, &errors);
    ASSERT_TRUE(p);
    EXPECT_FALSE(p->cue);

    struct Case {
        const char* cue;
        json loc;
        const char* type;
    };
    const Case cases[] = {
        {R"({"vamp_bars":0})", {"body", "cue", "vamp_bars"}, "greater_than_equal"},
        {R"({"vamp_bars":65})", {"body", "cue", "vamp_bars"}, "less_than_equal"},
        {R"({"vamp_bars":2.5})", {"body", "cue", "vamp_bars"}, "int_type"},
        {R"({"intro_bars":-1,"vamp_bars":2})", {"body", "cue", "intro_bars"}, "greater_than_equal"},
        {R"({"intro_bars":2})", {"body", "cue", "vamp_bars"}, "missing"},
        {R"({"vamp_bars":2,"ending":"explode"})", {"body", "cue", "ending"}, "enum"},
        {R"({"vamp_bars":2,"ending":3})", {"body", "cue", "ending"}, "enum"},
        {R"({"vamp_bars":2,"loops":3})", {"body", "cue", "loops"}, "extra_forbidden"},
        {R"("vamp")", {"body", "cue"}, "model_type"},
    };
    for (const Case& c : cases) {
        errors = json::array();
        EXPECT_FALSE(parse_generate(std::string(R"({"prompt":"x","duration":30,"cue":)") + c.cue + "}", {}, &errors))
            << c.cue;
        ASSERT_EQ(errors.size(), 1u) << c.cue << " " << errors.dump();
        EXPECT_EQ(errors[0]["loc"], c.loc) << c.cue;
        EXPECT_EQ(errors[0]["type"], c.type) << c.cue;
    }
}

TEST(Validation, HitsAreParsedAndBadOnesAreLocated) {
    json errors = json::array();
    auto p = parse_generate(
        R"({"prompt":"x","duration":30,"hits":[{"time":12.5,"kind":"accent"},{"bar_beat":"8:1","kind":"stop"}]})", {},
        &errors);
    ASSERT_TRUE(p) << errors.dump();
    ASSERT_EQ(p->hits.size(), 2u);
    EXPECT_EQ(p->hits[0].time_s, 12.5);
    EXPECT_EQ(p->hits[0].kind, model::HitKind::accent);
    EXPECT_EQ(p->hits[1].bar_beat, (model::BarBeat{8, 1}));
    EXPECT_EQ(p->hits[1].kind, model::HitKind::stop);
    p = parse_generate(R"({"prompt":"x","duration":30,"hits":null})", {}, &errors);
    ASSERT_TRUE(p);
    EXPECT_TRUE(p->hits.empty());

    struct Case {
        const char* hits;
        json loc;
        const char* type;
    };
    const Case cases[] = {
        {R"([{"time":-1,"kind":"accent"}])", {"body", "hits", 0, "time"}, "greater_than_equal"},
        {R"([{"time":601,"kind":"accent"}])", {"body", "hits", 0, "time"}, "less_than_equal"},
        {R"([{"time":"soon","kind":"accent"}])", {"body", "hits", 0, "time"}, "float_type"},
        {R"([{"time":1,"kind":"accent"},{"kind":"stop"}])", {"body", "hits", 1, "time"}, "missing"},
        {R"([{"time":1,"bar_beat":"2:1","kind":"stop"}])", {"body", "hits", 0, "bar_beat"}, "value_error"},
        {R"([{"bar_beat":"2","kind":"stop"}])", {"body", "hits", 0, "bar_beat"}, "string_pattern_mismatch"},
        {R"([{"bar_beat":"0:1","kind":"stop"}])", {"body", "hits", 0, "bar_beat"}, "string_pattern_mismatch"},
        {R"([{"bar_beat":"1000:1","kind":"stop"}])", {"body", "hits", 0, "bar_beat"}, "less_than_equal"},
        {R"([{"time":3,"kind":"explode"}])", {"body", "hits", 0, "kind"}, "enum"},
        {R"([{"time":3}])", {"body", "hits", 0, "kind"}, "missing"},
        {R"([{"time":3,"kind":"stop","loud":true}])", {"body", "hits", 0, "loud"}, "extra_forbidden"},
        {R"([3])", {"body", "hits", 0}, "model_type"},
        {R"({"time":3,"kind":"stop"})", {"body", "hits"}, "list_type"},
    };
    for (const Case& c : cases) {
        errors = json::array();
        EXPECT_FALSE(parse_generate(std::string(R"({"prompt":"x","duration":30,"hits":)") + c.hits + "}", {}, &errors))
            << c.hits;
        ASSERT_EQ(errors.size(), 1u) << c.hits << " " << errors.dump();
        EXPECT_EQ(errors[0]["loc"], c.loc) << c.hits;
        EXPECT_EQ(errors[0]["type"], c.type) << c.hits;
    }
    std::string many = "[";
    for (int i = 0; i < 65; ++i) many += std::string(i ? "," : "") + R"({"time":1,"kind":"accent"})";
    errors = json::array();
    EXPECT_FALSE(parse_generate(std::string(R"({"prompt":"x","duration":30,"hits":)") + many + "]}", {}, &errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0]["type"], "too_long");
}

TEST(Validation, TheOpenApiDocumentDescribesTheHits) {
    const json doc = json::parse(openapi_json());
    const json& hits = doc["components"]["schemas"]["GenerationRequest"]["properties"]["hits"]["anyOf"][0];
    EXPECT_EQ(hits["type"], "array");
    EXPECT_EQ(hits["items"]["properties"]["kind"]["enum"].size(), 6u);
}

TEST(Validation, TheOpenApiDocumentDescribesTheCue) {
    const json doc = json::parse(openapi_json());
    const json& cue = doc["components"]["schemas"]["GenerationRequest"]["properties"]["cue"]["anyOf"][0];
    EXPECT_EQ(cue["type"], "object");
    EXPECT_EQ(cue["required"], json::array({"vamp_bars"}));
    EXPECT_EQ(cue["properties"]["vamp_bars"]["maximum"], model::kMaxCueBars);
    EXPECT_EQ(cue["properties"]["intro_bars"]["maximum"], model::kMaxCueBars);
    EXPECT_EQ(cue["properties"]["ending"]["enum"], json::array({"button", "stinger", "fade", "ring_out"}));
}

}  // namespace omg::http
