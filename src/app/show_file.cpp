#include "app/show_file.h"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "model/limits.h"
#include "show/plan.h"

namespace omg::app {

namespace {

class Reader {
public:
    explicit Reader(std::string origin) : origin_(std::move(origin)) {}

    tl::unexpected<Error> error(const toml::node* node, const std::string& path, const std::string& message) const {
        std::string where = origin_;
        if (node != nullptr && node->source().begin.line > 0) where += ":" + std::to_string(node->source().begin.line);
        return fail(Errc::invalid_argument, where + ": " + path + (path.empty() ? "" : ": ") + message);
    }

    Status keys(const toml::table& t, const std::string& path, std::initializer_list<std::string_view> allowed) const {
        for (auto&& [key, node] : t) {
            if (key.str().substr(0, 2) == "x_") continue;
            if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
                return error(&node, path + (path.empty() ? "" : ".") + std::string(key.str()), "unknown key");
        }
        return {};
    }

    Status text(const toml::table& t, const std::string& path, const char* key, std::optional<std::string>& out,
                size_t max_chars) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) return {};
        if (!n->is_string()) return error(n, path + key, "must be a string");
        out = n->as_string()->get();
        if (out->size() > max_chars) return error(n, path + key, "is longer than " + std::to_string(max_chars) + " characters");
        return {};
    }

    Status number(const toml::table& t, const std::string& path, const char* key, std::optional<double>& out, double lo,
                  double hi) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) return {};
        if (!n->is_number()) return error(n, path + key, "must be a number");
        const double v = n->value<double>().value_or(0.0);
        if (!(v >= lo && v <= hi)) {
            std::ostringstream m;
            m << v << " is outside " << lo << ".." << hi;
            return error(n, path + key, m.str());
        }
        out = v;
        return {};
    }

    Status whole(const toml::table& t, const std::string& path, const char* key, std::optional<int64_t>& out, int64_t lo,
                 int64_t hi) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) return {};
        if (!n->is_integer()) return error(n, path + key, "must be a whole number");
        const int64_t v = n->value<int64_t>().value_or(0);
        if (v < lo || v > hi) return error(n, path + key, std::to_string(v) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
        out = v;
        return {};
    }

    Status hits(const toml::node& n, const std::string& path, std::vector<model::Hit>& out) const {
        if (!n.is_array()) return error(&n, path, "must be a list");
        size_t i = 0;
        for (const toml::node& item : *n.as_array()) {
            const std::string at = path + "[" + std::to_string(i++) + "]";
            std::optional<model::Hit> hit;
            if (item.is_string()) {
                hit = model::parse_hit(item.as_string()->get());
            } else if (item.is_table()) {
                const toml::table& h = *item.as_table();
                if (auto st = keys(h, at, {"time", "bar_beat", "kind"}); !st) return st;
                const auto kind = h["kind"].value<std::string>();
                const auto when = h["time"].value<double>();
                const auto bar = h["bar_beat"].value<std::string>();
                if (kind && (when || bar)) hit = model::parse_hit((bar ? *bar : std::to_string(*when)) + ":" + *kind);
            }
            if (!hit) return error(&item, at, "must be \"SECONDS:KIND\", \"BAR:BEAT:KIND\" or { time = S, kind = \"accent\" }");
            out.push_back(*hit);
        }
        if (out.size() > model::kMaxHits) return error(&n, path, "at most " + std::to_string(model::kMaxHits) + " hits");
        return {};
    }

    Status cue(const toml::table& t, size_t index, model::ShowCue& out) const {
        const std::string path = "cues[" + std::to_string(index) + "].";
        if (auto st = keys(t, "cues[" + std::to_string(index) + "]",
                           {"title", "prompt", "style", "duration", "cue", "hits", "bpm", "key", "time_signature", "seed",
                            "ending_on", "vamp_repeats", "transition", "quality"});
            !st)
            return st;
        std::optional<std::string> title, prompt, on, quality;
        if (auto st = text(t, path, "title", title, model::kMaxShowTitleChars); !st) return st;
        if (!title || title->empty()) return error(&t, path + "title", "is required");
        out.title = *title;
        if (auto st = text(t, path, "prompt", prompt, model::kMaxPromptChars); !st) return st;
        out.request.prompt = prompt.value_or("");
        if (auto st = text(t, path, "style", out.request.style, model::kMaxOptionChars); !st) return st;
        if (auto st = text(t, path, "key", out.request.key, model::kMaxOptionChars); !st) return st;
        if (out.request.key && !model::parse_key(*out.request.key))
            return error(t.get("key"), path + "key", "is not a key (\"D major\", \"F# minor\")");
        if (auto st = text(t, path, "time_signature", out.request.time_signature, model::kMaxOptionChars); !st) return st;
        if (auto st = text(t, path, "quality", quality, model::kMaxOptionChars); !st) return st;
        if (quality) {
            out.request.quality = model::parse_sound_quality(*quality);
            if (!out.request.quality) return error(t.get("quality"), path + "quality", "must be fast or best");
        }
        std::optional<double> duration;
        if (auto st = number(t, path, "duration", duration, model::kMinDurationS, model::kMaxDurationS); !st) return st;
        out.request.duration_s = duration.value_or(30);
        if (auto st = number(t, path, "bpm", out.request.bpm, model::kMinBpm, model::kMaxBpm); !st) return st;
        std::optional<int64_t> seed, repeats;
        if (auto st = whole(t, path, "seed", seed, INT64_MIN, INT64_MAX); !st) return st;
        out.request.seed = seed;
        if (auto st = whole(t, path, "vamp_repeats", repeats, 1, model::kMaxVampRepeats); !st) return st;
        if (repeats) out.vamp_repeats = static_cast<int>(*repeats);
        if (auto st = text(t, path, "ending_on", on, 8); !st) return st;
        if (on) {
            const auto parsed = model::parse_ending_on(*on);
            if (!parsed) return error(t.get("ending_on"), path + "ending_on", "must be bar or beat");
            out.ending_on = *parsed;
        }
        if (const toml::node* h = t.get("hits")) {
            if (auto st = hits(*h, path + "hits", out.request.hits); !st) return st;
        }
        if (const toml::node* c = t.get("cue")) {
            if (!c->is_table()) return error(c, path + "cue", "must be a table { intro_bars, vamp_bars, ending }");
            const toml::table& shape = *c->as_table();
            if (auto st = keys(shape, path + "cue", {"intro_bars", "vamp_bars", "ending"}); !st) return st;
            std::optional<int64_t> intro, vamp;
            std::optional<std::string> ending;
            if (auto st = whole(shape, path + "cue.", "intro_bars", intro, 0, model::kMaxCueBars); !st) return st;
            if (auto st = whole(shape, path + "cue.", "vamp_bars", vamp, 1, model::kMaxCueBars); !st) return st;
            if (auto st = text(shape, path + "cue.", "ending", ending, 16); !st) return st;
            model::CueShape s;
            s.intro_bars = static_cast<int>(intro.value_or(0));
            s.vamp_bars = static_cast<int>(vamp.value_or(4));
            if (ending) {
                const auto e = model::parse_cue_ending(*ending);
                if (!e) return error(shape.get("ending"), path + "cue.ending", "must be button, stinger, fade or ring_out");
                s.ending = *e;
            }
            out.request.cue = s;
        }
        if (const toml::node* tr = t.get("transition")) {
            std::optional<std::string> type;
            std::optional<double> seconds;
            if (tr->is_string()) {
                type = tr->as_string()->get();
            } else if (tr->is_table()) {
                if (auto st = keys(*tr->as_table(), path + "transition", {"type", "seconds"}); !st) return st;
                if (auto st = text(*tr->as_table(), path + "transition.", "type", type, 16); !st) return st;
                if (auto st = number(*tr->as_table(), path + "transition.", "seconds", seconds, 0, model::kMaxCrossfadeS); !st)
                    return st;
            } else {
                return error(tr, path + "transition", "must be \"segue\", \"cut\" or { type = \"crossfade\", seconds = 2 }");
            }
            const auto kind = model::parse_transition(type.value_or("segue"));
            if (!kind) return error(tr, path + "transition.type", "must be segue, crossfade or cut");
            const bool fade = *kind == model::TransitionType::crossfade;
            out.transition = {*kind, fade ? seconds.value_or(model::kDefaultCrossfadeS) : 0.0};
        }
        return {};
    }

    Result<model::Show> show(const toml::table& root) const {
        if (auto st = keys(root, "", {"title", "loudness", "keep_compatible", "seed", "cues"}); !st)
            return tl::unexpected(st.error());
        model::Show show;
        std::optional<std::string> title, loudness;
        if (auto st = text(root, "", "title", title, model::kMaxShowTitleChars); !st) return tl::unexpected(st.error());
        if (!title || title->empty()) return error(nullptr, "title", "is required");
        show.title = *title;
        if (auto st = text(root, "", "loudness", loudness, 32); !st) return tl::unexpected(st.error());
        if (loudness) {
            const auto preset = model::parse_loudness(*loudness);
            if (!preset) return error(root.get("loudness"), "loudness", "is not a loudness preset");
            show.loudness = *preset;
        }
        if (const toml::node* k = root.get("keep_compatible")) {
            if (!k->is_boolean()) return error(k, "keep_compatible", "must be true or false");
            show.keep_compatible = k->as_boolean()->get();
        }
        std::optional<int64_t> seed;
        if (auto st = whole(root, "", "seed", seed, INT64_MIN, INT64_MAX); !st) return tl::unexpected(st.error());
        show.seed = seed;
        const toml::node* cues = root.get("cues");
        if (cues == nullptr || !cues->is_array_of_tables())
            return error(cues, "cues", "is required: one [[cues]] table per cue");
        std::vector<const toml::node*> where;
        size_t i = 0;
        for (const toml::node& c : *cues->as_array()) {
            model::ShowCue cue;
            if (auto st = this->cue(*c.as_table(), i++, cue); !st) return tl::unexpected(st.error());
            show.cues.push_back(std::move(cue));
            where.push_back(&c);
        }
        if (auto st = show::validate_show(show); !st) {
            // "cues[2].vamp_repeats: ..." names a cue: point at its table's line.
            const std::string& m = st.error().message;
            const toml::node* at = nullptr;
            if (m.rfind("cues[", 0) == 0) {
                const size_t n = static_cast<size_t>(std::atoi(m.c_str() + 5));
                if (n < where.size()) at = where[n];
            }
            return error(at, "", m);
        }
        return show;
    }

private:
    std::string origin_;
};

}  // namespace

Result<model::Show> parse_show_toml(std::string_view text, const std::string& origin) {
    toml::table root;
    try {
        root = toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        return fail(Errc::invalid_argument, origin + ":" + std::to_string(e.source().begin.line) + ": " +
                                                std::string(e.description()));
    }
    return Reader(origin).show(root);
}

Result<model::Show> read_show_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return fail(Errc::not_found, "show file '" + path.string() + "' not found");
    if (std::filesystem::file_size(path, ec) > 1024 * 1024)
        return fail(Errc::invalid_argument, "show file '" + path.string() + "' is larger than 1 MiB");
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse_show_toml(text, path.filename().string());
}

}  // namespace omg::app
