#include "app/lyrics_service.h"
#include "core/rng.h"

#include <cmath>
#include <cstdlib>
#include <random>
#include <sstream>

namespace omg::app {

using json = nlohmann::json;

namespace {

constexpr const char* kBuiltinModel = "omg-lyrics 0.1.0";


json sections_json(const lyrics::LyricForm& form) {
    json out = json::array();
    for (const auto& s : form.sections) {
        out.push_back({{"tag", s.tag},
                       {"role", std::string(lyrics::role_name(s.role))},
                       {"kind", s.kind},
                       {"start_s", std::round(s.start_s * 1000.0) / 1000.0},
                       {"bars", s.bars},
                       {"lines", s.lines.size()},
                       {"syllables", s.lines.empty() ? 0 : s.lines.front().syllables}});
    }
    return out;
}

std::string form_hint(const lyrics::LyricForm& form) {
    std::ostringstream out;
    for (const auto& s : form.sections) {
        out << "[" << s.tag << "]";
        if (s.lines.empty()) out << ": instrumental, no lines\n";
        else out << ": " << s.lines.size() << " lines of about " << s.lines.front().syllables << " syllables\n";
    }
    return out.str();
}

}  // namespace

std::filesystem::path default_lyrics_dir() {
    if (const char* v = std::getenv("OMG_LYRICS_DIR"); v != nullptr && *v != '\0') return v;
    return OMG_DEFAULT_LYRICS_DIR;
}

EngineLyricsService::EngineLyricsService(const engine::Engine& engine,
                                         const std::filesystem::path& vocabulary_dir,
                                         std::optional<lyrics::LlmConfig> llm)
    : engine_(engine) {
    auto vocab = lyrics::load_vocabulary(vocabulary_dir);
    auto pron = lyrics::Pronouncer::open();
    if (!vocab) builtin_error_ = vocab.error().message;
    else if (!pron) builtin_error_ = pron.error().message;
    else {
        vocabulary_ = std::move(*vocab);
        pronouncer_ = std::move(*pron);
    }
    if (llm) llm_.emplace(std::move(*llm));
}

Result<http::LyricsResult> EngineLyricsService::write(const http::LyricsRequest& request) const {
    std::string writer = request.writer;
    if (writer.empty()) writer = llm_ ? "llm" : "builtin";
    if (writer == "llm" && !llm_) {
        return fail(Errc::unavailable, "no lyrics model is configured (set OMG_LLM_URL)");
    }
    if (writer == "builtin" && !vocabulary_) {
        return fail(Errc::unavailable, "the built-in lyrics writer is not available: " + builtin_error_);
    }

    engine::Request er;
    er.prompt = request.prompt;
    er.duration_s = request.duration_s;
    const int64_t seed = request.seed.value_or(static_cast<int64_t>(fresh_seed()));
    er.seed = static_cast<uint64_t>(seed);
    auto arrangement = engine_.compose(er);
    if (!arrangement) {
        if (arrangement.error().code == Errc::invalid_argument) return tl::unexpected(arrangement.error());
        return fail(Errc::internal, "the song form could not be composed: " + arrangement.error().message);
    }
    const auto form = lyrics::plan_form(arrangement->brief, arrangement->score);

    http::LyricsResult out;
    out.seed = seed;
    out.sections = sections_json(form);
    if (writer == "llm") {
        lyrics::LlmAsk ask;
        ask.prompt = request.prompt;
        ask.duration_s = request.duration_s;
        ask.topic = request.topic;
        ask.current_lyrics = request.current_lyrics.value_or("");
        ask.form_hint = form_hint(form);
        ask.seed = seed;
        auto reply = llm_->write(ask);
        if (!reply) return tl::unexpected(reply.error());
        out.lyrics = reply->lyrics;
        out.writer = "llm";
        out.model = reply->model;
        return out;
    }
    lyrics::WriteOptions wo{request.topic, static_cast<uint64_t>(seed), "", request.instruction};
    const bool refine = request.current_lyrics && !request.current_lyrics->empty();
    auto written = refine ? lyrics::refine_lyrics(*request.current_lyrics, form, wo, *vocabulary_, *pronouncer_)
                          : lyrics::write_lyrics(form, wo, *vocabulary_, *pronouncer_);
    if (!written) return tl::unexpected(written.error());
    out.lyrics = written->text();
    out.changes = written->changes;
    out.writer = "builtin";
    out.model = kBuiltinModel;
    return out;
}

json EngineLyricsService::describe() const {
    json writers = json::array();
    writers.push_back({{"name", "builtin"},
                       {"available", vocabulary_.has_value()},
                       {"detail", vocabulary_ ? std::string("rule-based, rhymes checked with espeak-ng")
                                              : builtin_error_}});
    if (llm_) {
        writers.push_back({{"name", "llm"},
                           {"available", llm_->healthy(2)},
                           {"detail", "OpenAI-compatible chat completions, model " + llm_->config().model}});
    } else {
        writers.push_back({{"name", "llm"}, {"available", false}, {"detail", "OMG_LLM_URL is not set"}});
    }
    return {{"default", llm_ ? "llm" : "builtin"}, {"writers", writers}};
}

}  // namespace omg::app
