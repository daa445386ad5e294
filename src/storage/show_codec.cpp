#include "storage/show_codec.h"

#include <nlohmann/json.hpp>

#include "storage/request_codec.h"

namespace omg::storage {

using json = nlohmann::json;

namespace {

json request_json(const model::GenerationRequest& r) {
    json j = {{"prompt", r.prompt}, {"duration_s", r.duration_s}, {"num_versions", r.num_versions}};
    if (r.lyrics) j["lyrics"] = *r.lyrics;
    if (r.seed) j["seed"] = *r.seed;
    if (r.provider) j["provider"] = *r.provider;
    j["options"] = json::parse(encode_options(r));
    return j;
}

Status read_request(const json& j, model::GenerationRequest& r) {
    if (!j.is_object() || !j.value("prompt", json()).is_string() || !j.value("duration_s", json()).is_number() ||
        !j.value("options", json()).is_object())
        return fail(Errc::invalid_argument, "stored show cue is malformed");
    r.prompt = j["prompt"].get<std::string>();
    r.duration_s = j["duration_s"].get<double>();
    r.num_versions = j.value("num_versions", 1);
    if (j.contains("lyrics")) r.lyrics = j["lyrics"].get<std::string>();
    if (j.contains("seed")) r.seed = j["seed"].get<int64_t>();
    if (j.contains("provider")) r.provider = j["provider"].get<std::string>();
    return decode_options(j["options"].dump(), r);
}

}  // namespace

std::string encode_show_spec(const ShowRecord& record) {
    const model::Show& show = record.show;
    json cues = json::array();
    for (size_t i = 0; i < show.cues.size(); ++i) {
        const model::ShowCue& c = show.cues[i];
        json cue = {{"title", c.title},
                    {"request", request_json(c.request)},
                    {"ending_on", std::string(model::ending_on_name(c.ending_on))},
                    {"vamp_repeats", c.vamp_repeats},
                    {"transition", {{"type", std::string(model::transition_name(c.transition.type))},
                                    {"seconds", c.transition.seconds}}}};
        if (i < record.cues.size()) {
            cue["job_id"] = record.cues[i].job_id;
            cue["adjusted"] = record.cues[i].adjusted;
        }
        cues.push_back(std::move(cue));
    }
    json j = {{"title", show.title},
              {"loudness", std::string(model::loudness_name(show.loudness))},
              {"keep_compatible", show.keep_compatible},
              {"cues", std::move(cues)}};
    if (show.seed) j["seed"] = *show.seed;
    return j.dump();
}

Status decode_show_spec(std::string_view text, ShowRecord& record) {
    const json j = json::parse(text, nullptr, false);
    const auto bad = [] { return fail(Errc::invalid_argument, "stored show spec is malformed"); };
    if (!j.is_object() || !j.value("cues", json()).is_array()) return bad();
    try {
        model::Show show;
        show.title = j.at("title").get<std::string>();
        const auto loudness = model::parse_loudness(j.at("loudness").get<std::string>());
        if (!loudness) return bad();
        show.loudness = *loudness;
        show.keep_compatible = j.at("keep_compatible").get<bool>();
        if (j.contains("seed")) show.seed = j["seed"].get<int64_t>();
        std::vector<ShowCueRecord> cue_records;
        for (const json& c : j["cues"]) {
            model::ShowCue cue;
            cue.title = c.at("title").get<std::string>();
            if (auto st = read_request(c.at("request"), cue.request); !st) return st;
            const auto on = model::parse_ending_on(c.at("ending_on").get<std::string>());
            const auto type = model::parse_transition(c.at("transition").at("type").get<std::string>());
            if (!on || !type) return bad();
            cue.ending_on = *on;
            cue.vamp_repeats = c.at("vamp_repeats").get<int>();
            cue.transition = {*type, c.at("transition").at("seconds").get<double>()};
            show.cues.push_back(std::move(cue));
            cue_records.push_back({c.value("job_id", std::string()), c.value("adjusted", false)});
        }
        record.show = std::move(show);
        record.cues = std::move(cue_records);
    } catch (const json::exception&) {
        return bad();
    }
    return {};
}

std::string encode_show_result(const ShowRecord& record) {
    return json{{"starts_s", record.starts_s}, {"files", record.files}}.dump();
}

Status decode_show_result(std::string_view text, ShowRecord& record) {
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return fail(Errc::invalid_argument, "stored show result is malformed");
    try {
        record.starts_s = j.value("starts_s", std::vector<double>{});
        record.files = j.value("files", std::vector<std::string>{});
    } catch (const json::exception&) {
        return fail(Errc::invalid_argument, "stored show result is malformed");
    }
    return {};
}

}  // namespace omg::storage
