#include "http/validation.h"

#include "http/hit_validation.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace omg::http {

using json = nlohmann::json;

namespace {

constexpr const char* kErrorsUrl = "https://errors.pydantic.dev/2.12/v/";

class Checker {
public:
    Checker(const json& body, json* errors) : body_(body), errors_(errors) {}

    void add(const std::string& type, const std::string& field, const std::string& msg,
             const json& input, const json& ctx = nullptr) {
        json e = {{"type", type}, {"loc", json::array({"body", field})}, {"msg", msg},
                  {"input", echo_input(input)}};
        if (!ctx.is_null()) e["ctx"] = ctx;
        e["url"] = std::string(kErrorsUrl) + type;
        errors_->push_back(std::move(e));
    }

    const json* field(const std::string& name) const {
        auto it = body_.find(name);
        return it == body_.end() ? nullptr : &*it;
    }

    bool missing(const std::string& name) {
        if (field(name) != nullptr) return false;
        add("missing", name, "Field required", body_);
        return true;
    }

    std::optional<std::string> string(const std::string& name, bool nullable, size_t min_len,
                                      size_t max_len) {
        const json* v = field(name);
        if (v == nullptr || (nullable && v->is_null())) return std::nullopt;
        if (!v->is_string()) {
            add("string_type", name, "Input should be a valid string", *v);
            return std::nullopt;
        }
        std::string s = v->get<std::string>();
        if (s.find('\0') != std::string::npos) {
            // No store keeps it (PostgreSQL's text refuses it, C strings end at it).
            add("string_nul", name, "String should not contain NUL (\\u0000) characters", *v);
            return std::nullopt;
        }
        size_t n = utf8_length(s);
        if (n < min_len) {
            add("string_too_short", name,
                "String should have at least " + std::to_string(min_len) + " character" +
                    (min_len == 1 ? "" : "s"),
                *v, {{"min_length", min_len}});
            return std::nullopt;
        }
        if (n > max_len) {
            add("string_too_long", name,
                "String should have at most " + std::to_string(max_len) + " characters", *v,
                {{"max_length", max_len}});
            return std::nullopt;
        }
        return s;
    }

    std::optional<double> number(const std::string& name) {
        const json* v = field(name);
        if (v == nullptr) return std::nullopt;
        if (v->is_number()) {
            double d = v->get<double>();
            if (!std::isfinite(d)) {
                add("finite_number", name, "Input should be a finite number", *v);
                return std::nullopt;
            }
            return d;
        }
        if (v->is_string()) {
            const std::string s = v->get<std::string>();
            char* end = nullptr;
            double d = std::strtod(s.c_str(), &end);
            if (!s.empty() && end != nullptr && *end == '\0' && std::isfinite(d)) return d;
            add("float_parsing", name,
                "Input should be a valid number, unable to parse string as a number", *v);
            return std::nullopt;
        }
        add("float_type", name, "Input should be a valid number", *v);
        return std::nullopt;
    }

    std::optional<int64_t> integer(const std::string& name) {
        const json* v = field(name);
        if (v == nullptr) return std::nullopt;
        if (v->is_number_integer()) {
            if (v->is_number_unsigned() &&
                v->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
                add("int_parsing_size", name,
                    "Unable to parse input string as an integer, exceeded maximum size", *v);
                return std::nullopt;
            }
            return v->get<int64_t>();
        }
        if (v->is_number_float()) {
            double d = v->get<double>();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) {
                return static_cast<int64_t>(d);
            }
            add("int_from_float", name,
                "Input should be a valid integer, got a number with a fractional part", *v);
            return std::nullopt;
        }
        if (v->is_string()) {
            const std::string s = v->get<std::string>();
            char* end = nullptr;
            errno = 0;
            long long n = std::strtoll(s.c_str(), &end, 10);
            if (!s.empty() && end != nullptr && *end == '\0' && errno == 0) return n;
            add("int_parsing", name,
                "Input should be a valid integer, unable to parse string as an integer", *v);
            return std::nullopt;
        }
        add("int_type", name, "Input should be a valid integer", *v);
        return std::nullopt;
    }

    void greater_than(const std::string& name, double value, double gt) {
        add("greater_than", name, "Input should be greater than " + fmt(gt), *field(name),
            {{"gt", json_num(gt)}});
        (void)value;
    }
    void less_equal(const std::string& name, double le) {
        add("less_than_equal", name, "Input should be less than or equal to " + fmt(le),
            *field(name), {{"le", json_num(le)}});
    }
    void greater_equal(const std::string& name, double ge) {
        add("greater_than_equal", name, "Input should be greater than or equal to " + fmt(ge),
            *field(name), {{"ge", json_num(ge)}});
    }

    static std::string fmt(double v) {
        if (v == std::floor(v)) return std::to_string(static_cast<long long>(v));
        return std::to_string(v);
    }
    static json json_num(double v) {
        if (v == std::floor(v)) return static_cast<long long>(v);
        return v;
    }

private:
    const json& body_;
    json* errors_;
};

// Parses the body as a JSON object, or records the FastAPI error for it.
std::optional<json> parse_object(const std::string& body, json* errors) {
    if (body.empty()) {
        errors->push_back({{"type", "missing"}, {"loc", json::array({"body"})},
                           {"msg", "Field required"}, {"input", nullptr},
                           {"url", std::string(kErrorsUrl) + "missing"}});
        return std::nullopt;
    }
    json j = parse_body(body);
    if (j.is_discarded()) {
        const bool deep = json_nesting_depth(body) > kMaxJsonDepth;
        errors->push_back({{"type", "json_invalid"}, {"loc", json::array({"body", 0})},
                           {"msg", "JSON decode error"}, {"input", json::object()},
                           {"ctx", {{"error", deep ? "JSON nested too deeply" : "Invalid JSON"}}}});
        return std::nullopt;
    }
    if (!j.is_object()) {
        errors->push_back(
            {{"type", "model_attributes_type"}, {"loc", json::array({"body"})},
             {"msg", "Input should be a valid dictionary or object to extract fields from"},
             {"input", echo_input(j)},
             {"url", std::string(kErrorsUrl) + "model_attributes_type"}});
        return std::nullopt;
    }
    return j;
}

// A cue (model/cue.h): {"intro_bars": 0..64, "vamp_bars": 1..64, "ending": "button" | "stinger"
// | "fade" | "ring_out"}; intro_bars and ending optional. Errors are located at ["body", "cue",
// field].
std::optional<model::CueShape> parse_cue(const json& v, json* errors) {
    auto add = [&](const std::string& type, const json& loc, const std::string& msg, const json& input,
                   const json& ctx = nullptr) {
        json e = {{"type", type}, {"loc", loc}, {"msg", msg}, {"input", echo_input(input)}};
        if (!ctx.is_null()) e["ctx"] = ctx;
        e["url"] = std::string(kErrorsUrl) + type;
        errors->push_back(std::move(e));
    };
    if (!v.is_object()) {
        add("model_type", json::array({"body", "cue"}),
            "Input should be an object: {\"vamp_bars\": 1..64, \"intro_bars\": 0..64, \"ending\": "
            "\"button\" | \"stinger\" | \"fade\" | \"ring_out\"}",
            v);
        return std::nullopt;
    }
    const size_t before = errors->size();
    model::CueShape cue;
    auto bars = [&](const char* name, int lo, bool required) -> std::optional<int> {
        const json loc = json::array({"body", "cue", name});
        auto it = v.find(name);
        if (it == v.end() || it->is_null()) {
            if (required) add("missing", loc, "Field required", v);
            return std::nullopt;
        }
        if (!it->is_number_integer() && !(it->is_number_float() && std::isfinite(it->get<double>()) &&
                                          it->get<double>() == std::floor(it->get<double>()))) {
            add("int_type", loc, "Input should be a valid integer (a number of bars)", *it);
            return std::nullopt;
        }
        const double n = it->get<double>();
        if (n < lo) {
            add("greater_than_equal", loc, "Input should be greater than or equal to " + std::to_string(lo), *it,
                {{"ge", lo}});
            return std::nullopt;
        }
        if (n > model::kMaxCueBars) {
            add("less_than_equal", loc, "Input should be less than or equal to " + std::to_string(model::kMaxCueBars),
                *it, {{"le", model::kMaxCueBars}});
            return std::nullopt;
        }
        return static_cast<int>(n);
    };
    if (auto n = bars("vamp_bars", 1, true)) cue.vamp_bars = *n;
    if (auto n = bars("intro_bars", 0, false)) cue.intro_bars = *n;
    if (auto it = v.find("ending"); it != v.end() && !it->is_null()) {
        const auto ending = it->is_string() ? model::parse_cue_ending(it->get<std::string>()) : std::nullopt;
        if (ending) cue.ending = *ending;
        else
            add("enum", json::array({"body", "cue", "ending"}),
                "Input should be 'button', 'stinger', 'fade' or 'ring_out'", *it,
                {{"expected", "'button', 'stinger', 'fade' or 'ring_out'"}});
    }
    for (const auto& [key, value] : v.items())
        if (key != "vamp_bars" && key != "intro_bars" && key != "ending")
            add("extra_forbidden", json::array({"body", "cue", key}), "Extra inputs are not permitted", value);
    if (errors->size() != before) return std::nullopt;
    return cue;
}

}  // namespace

size_t json_nesting_depth(const std::string& text) {
    size_t depth = 0;
    size_t deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

json parse_body(const std::string& body) {
    if (json_nesting_depth(body) > kMaxJsonDepth) return json(json::value_t::discarded);
    return json::parse(body, nullptr, false);
}

json echo_input(const json& value) {
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    if (text.size() <= kMaxEchoBytes) return value;
    std::string head = value.is_string() ? value.get<std::string>() : text;
    size_t cut = std::min(head.size(), kMaxEchoBytes / 4);
    while (cut > 0 && (static_cast<unsigned char>(head[cut]) & 0xc0) == 0x80) --cut;
    head.resize(cut);
    return head + "...";
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) {
        if ((c & 0xc0) != 0x80) ++n;
    }
    return n;
}

namespace {

// The musical overrides (bpm, key, time signature, style): the same rules for a generate
// request and the live preview's interpret request.
void read_musical_overrides(Checker& c, model::GenerationRequest& p) {
    if (c.field("bpm") != nullptr && !c.field("bpm")->is_null()) {
        if (auto d = c.number("bpm")) {
            if (*d < model::kMinBpm) {
                c.greater_equal("bpm", model::kMinBpm);
            } else if (*d > model::kMaxBpm) {
                c.less_equal("bpm", model::kMaxBpm);
            } else {
                p.bpm = *d;
            }
        }
    }
    if (auto s = c.string("key", true, 1, model::kMaxOptionChars)) p.key = *s;
    if (auto s = c.string("time_signature", true, 1, model::kMaxOptionChars)) p.time_signature = *s;
    if (auto s = c.string("style", true, 1, model::kMaxOptionChars)) p.style = *s;
}

}  // namespace

std::optional<storage::JobParams> parse_generate(const std::string& body, const Limits& limits,
                                                 json* errors) {
    auto obj = parse_object(body, errors);
    if (!obj) return std::nullopt;
    Checker c(*obj, errors);
    storage::JobParams p;
    const size_t before = errors->size();

    if (!c.missing("prompt")) {
        if (auto s = c.string("prompt", false, 0, limits.max_prompt_chars)) p.prompt = *s;
    }
    const json* long_duration = c.field("duration_s");
    if (long_duration != nullptr && !long_duration->is_null()) {
        if (auto d = c.number("duration_s")) {
            if (*d < kMinDurationS) {
                c.greater_equal("duration_s", kMinDurationS);
            } else if (*d > kMaxDurationS) {
                c.less_equal("duration_s", kMaxDurationS);
            } else {
                p.duration_s = *d;
            }
        }
        if (c.field("duration") != nullptr) (void)c.number("duration");
    } else if (!c.missing("duration")) {
        if (auto d = c.number("duration")) {
            if (*d <= 0) {
                c.greater_than("duration", *d, 0);
            } else if (*d > model::kSeedApiMaxDurationS) {
                c.less_equal("duration", model::kSeedApiMaxDurationS);
            } else {
                p.duration_s = *d;
            }
        }
    }
    if (auto s = c.string("lyrics", true, 0, limits.max_lyrics_chars)) p.lyrics = *s;
    if (const json* v = c.field("num_versions"); v != nullptr) {
        if (v->is_null()) {
            c.add("int_type", "num_versions", "Input should be a valid integer", nullptr);
        } else if (auto n = c.integer("num_versions")) {
            if (*n < 1) {
                c.greater_equal("num_versions", 1);
            } else if (*n > model::kMaxVersions) {
                c.less_equal("num_versions", model::kMaxVersions);
            } else {
                p.num_versions = static_cast<int>(*n);
            }
        }
    }
    if (c.field("seed") != nullptr && !c.field("seed")->is_null()) {
        if (auto n = c.integer("seed")) p.seed = *n;
    }
    if (auto s = c.string("provider", true, 0, model::kMaxProviderChars)) p.provider = *s;

    // OMG extensions: musical overrides and rendering choices.
    read_musical_overrides(c, p);
    auto flag = [&](const char* name) -> std::optional<bool> {
        const json* v = c.field(name);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (v->is_boolean()) return v->get<bool>();
        c.add("bool_type", name, "Input should be a valid boolean", *v);
        return std::nullopt;
    };
    if (const json* v = c.field("loudness"); v != nullptr && !v->is_null()) {
        const auto preset = v->is_string() ? model::parse_loudness(v->get<std::string>()) : std::nullopt;
        if (preset) {
            p.loudness = *preset;
        } else {
            c.add("enum", "loudness",
                  "Input should be 'streaming', 'podcast', 'broadcast', 'game' or 'show' "
                  "(or 'apple', 'theatre')",
                  *v);
        }
    }
    if (const json* v = c.field("quality"); v != nullptr && !v->is_null()) {
        const auto quality =
            v->is_string() ? model::parse_sound_quality(v->get<std::string>()) : std::nullopt;
        if (!quality) {
            c.add("enum", "quality", "Input should be 'fast' or 'best'", *v);
        } else if (*quality == model::SoundQuality::best && !limits.best_quality_installed) {
            c.add("quality_unavailable", "quality",
                  "The 'best' sound quality needs MuseScore_General (Debian package "
                  "musescore-general-soundfont), which is not installed on this server",
                  *v);
        } else {
            p.quality = *quality;
        }
    }
    // Issue 14: a cue (intro, vamp, ending) instead of a track.
    if (const json* v = c.field("cue"); v != nullptr && !v->is_null()) {
        if (auto cue = parse_cue(*v, errors)) p.cue = *cue;
    }
    // Issue 14: hit points (http/hit_validation.h).
    if (const json* v = c.field("hits"); v != nullptr && !v->is_null()) {
        if (auto hits = parse_hits(*v, errors)) p.hits = std::move(*hits);
    }
    p.vocals = flag("vocals");
    p.stems = flag("stems").value_or(false);
    // Issue 5: arrangement-guided rendering for providers that take source audio.
    p.arrangement_guided = flag("arrangement_guided").value_or(false);
    if (c.field("cover_strength") != nullptr && !c.field("cover_strength")->is_null()) {
        if (auto d = c.number("cover_strength")) {
            if (*d < 0) c.greater_equal("cover_strength", 0);
            else if (*d > 1) c.less_equal("cover_strength", 1);
            else p.cover_strength = *d;
        }
    }
    if (errors->size() != before) return std::nullopt;
    return p;
}

std::optional<InterpretRequest> parse_interpret(const std::string& body, const Limits& limits,
                                                json* errors) {
    auto obj = parse_object(body, errors);
    if (!obj) return std::nullopt;
    Checker c(*obj, errors);
    InterpretRequest r;
    const size_t before = errors->size();
    if (!c.missing("prompt")) {
        if (auto s = c.string("prompt", false, 1, limits.max_prompt_chars)) {
            if (s->find_first_not_of(" \t\n\r\f\v") == std::string::npos) {
                c.add("string_too_short", "prompt", "The prompt is blank", *s);
            } else {
                r.asked.prompt = *s;
            }
        }
    }
    if (c.field("duration") != nullptr && !c.field("duration")->is_null()) {
        if (auto d = c.number("duration")) {
            if (*d < kMinDurationS) c.greater_equal("duration", kMinDurationS);
            else if (*d > kMaxDurationS) c.less_equal("duration", kMaxDurationS);
            else r.duration_s = *d;
        }
    }
    read_musical_overrides(c, r.asked);
    // Issue 14: hit points, previewed where they land (for this seed, when one is given).
    if (c.field("seed") != nullptr && !c.field("seed")->is_null()) {
        if (auto n = c.integer("seed")) r.asked.seed = *n;
    }
    if (const json* v = c.field("hits"); v != nullptr && !v->is_null()) {
        if (auto hits = parse_hits(*v, errors)) r.asked.hits = std::move(*hits);
    }
    if (errors->size() != before) return std::nullopt;
    return r;
}

std::optional<ReorderRequest> parse_reorder(const std::string& body, json* errors) {
    auto obj = parse_object(body, errors);
    if (!obj) return std::nullopt;
    Checker c(*obj, errors);
    ReorderRequest r;
    const size_t before = errors->size();
    if (!c.missing("job_id")) {
        if (auto s = c.string("job_id", false, 0, 200)) r.job_id = *s;
    }
    if (!c.missing("new_position")) {
        if (auto n = c.integer("new_position")) {
            if (*n < 1) {
                c.greater_equal("new_position", 1);
            } else {
                r.new_position = static_cast<int>(std::min<int64_t>(*n, 1 << 30));
            }
        }
    }
    if (errors->size() != before) return std::nullopt;
    return r;
}

bool validate_lyrics(const std::string& body, json* errors) {
    auto obj = parse_object(body, errors);
    if (!obj) return false;
    Checker c(*obj, errors);
    const size_t before = errors->size();
    (void)c.string("current_lyrics", true, 0, 20000);
    if (!c.missing("prompt")) (void)c.string("prompt", false, 0, 2000);
    if (!c.missing("topic")) (void)c.string("topic", false, 0, 2000);
    if (!c.missing("duration")) {
        if (auto d = c.number("duration")) {
            if (*d <= 0) c.greater_than("duration", *d, 0);
            else if (*d > 300) c.less_equal("duration", 300);
        }
    }
    return errors->size() == before;
}

std::optional<TrackRequest> parse_track(const std::string& body, json* errors,
                                        bool* blank_prompt) {
    *blank_prompt = false;
    auto obj = parse_object(body, errors);
    if (!obj) return std::nullopt;
    Checker c(*obj, errors);
    TrackRequest t;
    const size_t before = errors->size();
    std::optional<std::string> prompt;
    if (!c.missing("prompt")) prompt = c.string("prompt", false, 1, 500);
    if (const json* v = c.field("duration"); v != nullptr && !v->is_null()) {
        if (auto n = c.integer("duration")) {
            if (*n < 5) {
                c.greater_equal("duration", 5);
            } else if (*n > 300) {
                c.less_equal("duration", 300);
            } else {
                t.duration = static_cast<int>(*n);
            }
        }
    }
    if (errors->size() != before) return std::nullopt;
    const std::string ws = " \t\n\r\f\v";
    auto a = prompt->find_first_not_of(ws);
    if (a == std::string::npos) {
        *blank_prompt = true;
        return std::nullopt;
    }
    auto b = prompt->find_last_not_of(ws);
    t.prompt = prompt->substr(a, b - a + 1);
    return t;
}

}  // namespace omg::http
