#include "http/hit_validation.h"

#include <cmath>
#include <string>

#include "http/validation.h"
#include "model/limits.h"

namespace omg::http {
namespace {

using json = nlohmann::json;

constexpr const char* kErrorsUrl = "https://errors.pydantic.dev/2.12/v/";
constexpr const char* kKinds = "'accent', 'stop', 'stinger', 'section', 'cadence' or 'build'";

class HitErrors {
public:
    explicit HitErrors(json* errors) : errors_(errors) {}
    void add(const std::string& type, json loc, const std::string& msg, const json& input, const json& ctx = nullptr) {
        json e = {{"type", type}, {"loc", std::move(loc)}, {"msg", msg}, {"input", echo_input(input)}};
        if (!ctx.is_null()) e["ctx"] = ctx;
        e["url"] = std::string(kErrorsUrl) + type;
        errors_->push_back(std::move(e));
    }

private:
    json* errors_;
};

std::optional<model::Hit> parse_one(const json& v, size_t index, HitErrors& errors) {
    auto loc = [index](const char* field) {
        json l = json::array({"body", "hits", index});
        if (field != nullptr) l.push_back(field);
        return l;
    };
    if (!v.is_object()) {
        errors.add("model_type", loc(nullptr),
                   "Input should be an object: {\"time\": seconds} or {\"bar_beat\": \"8:1\"}, and \"kind\"", v);
        return std::nullopt;
    }
    bool ok = true;
    model::Hit hit;
    const auto time = v.find("time");
    const auto bar_beat = v.find("bar_beat");
    const bool has_time = time != v.end() && !time->is_null();
    const bool has_bar_beat = bar_beat != v.end() && !bar_beat->is_null();
    if (has_time == has_bar_beat) {
        errors.add(has_time ? "value_error" : "missing", loc(has_time ? "bar_beat" : "time"),
                   has_time ? "Give either time or bar_beat, not both" : "Field required: time (seconds) or bar_beat (\"8:1\")",
                   v);
        ok = false;
    } else if (has_time) {
        if (!time->is_number() || !std::isfinite(time->get<double>())) {
            errors.add("float_type", loc("time"), "Input should be a valid number (seconds from the start)", *time);
            ok = false;
        } else if (time->get<double>() < 0) {
            errors.add("greater_than_equal", loc("time"), "Input should be greater than or equal to 0", *time, {{"ge", 0}});
            ok = false;
        } else if (time->get<double>() > model::kMaxDurationS) {
            errors.add("less_than_equal", loc("time"),
                       "Input should be less than or equal to " + std::to_string(static_cast<int>(model::kMaxDurationS)),
                       *time, {{"le", model::kMaxDurationS}});
            ok = false;
        } else {
            hit.time_s = time->get<double>();
        }
    } else {
        const auto parsed = bar_beat->is_string() ? model::parse_bar_beat(bar_beat->get<std::string>()) : std::nullopt;
        if (!parsed) {
            errors.add("string_pattern_mismatch", loc("bar_beat"),
                       "Input should be \"BAR:BEAT\", both whole numbers from 1 (\"8:1\" is bar 8's downbeat)",
                       *bar_beat, {{"pattern", "^[1-9][0-9]*:[1-9][0-9]*$"}});
            ok = false;
        } else if (parsed->bar > model::kMaxHitBar) {
            errors.add("less_than_equal", loc("bar_beat"),
                       "The bar should be less than or equal to " + std::to_string(model::kMaxHitBar), *bar_beat,
                       {{"le", model::kMaxHitBar}});
            ok = false;
        } else {
            hit.bar_beat = *parsed;
        }
    }
    const auto kind = v.find("kind");
    if (kind == v.end() || kind->is_null()) {
        errors.add("missing", loc("kind"), "Field required", v);
        ok = false;
    } else {
        const auto parsed = kind->is_string() ? model::parse_hit_kind(kind->get<std::string>()) : std::nullopt;
        if (parsed) {
            hit.kind = *parsed;
        } else {
            errors.add("enum", loc("kind"), std::string("Input should be ") + kKinds, *kind, {{"expected", kKinds}});
            ok = false;
        }
    }
    for (const auto& item : v.items())
        if (item.key() != "time" && item.key() != "bar_beat" && item.key() != "kind") {
            errors.add("extra_forbidden", loc(item.key().c_str()), "Extra inputs are not permitted", item.value());
            ok = false;
        }
    if (!ok) return std::nullopt;
    return hit;
}

}  // namespace

std::optional<std::vector<model::Hit>> parse_hits(const json& value, json* errors) {
    HitErrors e(errors);
    if (!value.is_array()) {
        e.add("list_type", json::array({"body", "hits"}), "Input should be a valid list of hits", value);
        return std::nullopt;
    }
    if (value.size() > model::kMaxHits) {
        e.add("too_long", json::array({"body", "hits"}),
              "List should have at most " + std::to_string(model::kMaxHits) + " items after validation, not " +
                  std::to_string(value.size()),
              value, {{"field_type", "List"}, {"max_length", model::kMaxHits}, {"actual_length", value.size()}});
        return std::nullopt;
    }
    std::vector<model::Hit> hits;
    bool ok = true;
    for (size_t i = 0; i < value.size(); ++i) {
        auto hit = parse_one(value[i], i, e);
        if (hit) hits.push_back(*hit);
        else ok = false;
    }
    if (!ok) return std::nullopt;
    return hits;
}

}  // namespace omg::http
