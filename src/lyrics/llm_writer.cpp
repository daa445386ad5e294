// The edge between cpp-httplib and the lyrics stage for the LLM service.
#include "lyrics/llm_writer.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

namespace omg::lyrics {

using json = nlohmann::json;

namespace {

std::string trim(const std::string& s) {
    auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return {};
    auto b = s.find_last_not_of(" \t\r\n");
    return s.substr(a, b - a + 1);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Splits "http://host:port/prefix" into the part httplib::Client takes and the path prefix.
struct Endpoint {
    std::string origin;
    std::string prefix;
};
Endpoint split_url(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    Endpoint e;
    auto scheme = url.find("://");
    auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    e.origin = path == std::string::npos ? url : url.substr(0, path);
    e.prefix = path == std::string::npos ? "" : url.substr(path);
    if (e.prefix.ends_with("/v1")) e.prefix.resize(e.prefix.size() - 3);
    return e;
}

std::string duration_text(double s) {
    std::ostringstream out;
    out << s;
    if (out.str().find('.') == std::string::npos) out << ".0";
    return out.str();
}

// The seed's instructions (seed-systems.md §4.3), with the form OMG will compose added.
json messages(const LlmAsk& a) {
    const bool refine = !trim(a.current_lyrics).empty();
    const std::string d = duration_text(a.duration_s);
    std::string context = "IMPORTANT CONTEXT:\n- Music style/description: " + a.prompt +
                          "\n- Target duration: " + d +
                          " seconds (lyrics must fit this timeframe)\n- Topic/theme: " + a.topic +
                          " (CRITICAL: All lyrics must stay strictly focused on this topic)\n";
    if (!a.form_hint.empty()) {
        context += "- Song form (use these sections, in this order, with about these line "
                   "counts and syllables per line):\n" + a.form_hint + "\n";
    }
    std::string system;
    std::string user;
    if (!refine) {
        system = "You are a professional songwriter. Write original lyrics for songs.";
        user = "Write original lyrics for a song.\n\n" + context +
               "\nREQUIREMENTS:\n"
               "1. Stay STRICTLY on the topic \"" + a.topic + "\" - every line must relate to it; do not deviate.\n"
               "2. Format the lyrics with section tags such as [Verse 1], [Chorus], [Bridge].\n"
               "3. Match the music style \"" + a.prompt + "\" - the lyrics should suit it.\n"
               "4. Fit within " + d + " seconds of music; adjust the length accordingly.\n"
               "5. Be poetic, memorable and engaging.\n"
               "Output only the lyrics.";
    } else {
        system = "You are a professional songwriter. Refine and improve lyrics for songs.";
        user = "Refine and improve the following lyrics for a song.\n\n" + context +
               "\nCurrent lyrics to refine:\n" + a.current_lyrics +
               "\n\nREQUIREMENTS:\n"
               "1. Stay STRICTLY on the topic \"" + a.topic + "\".\n"
               "2. Keep the section tags such as [Verse 1], [Chorus], [Bridge].\n"
               "3. Match the style \"" + a.prompt + "\".\n"
               "4. Fit within " + d + " seconds.\n"
               "5. Build upon and improve the existing structure while keeping its core message.\n"
               "6. Be more poetic and engaging, and suited to the style.\n"
               "Output only the lyrics.";
    }
    return json::array({{{"role", "system"}, {"content", system}}, {{"role", "user"}, {"content", user}}});
}

std::string error_text(const std::string& body) {
    json j = json::parse(body, nullptr, false);
    if (j.is_object()) {
        if (j.contains("error")) {
            const auto& e = j["error"];
            if (e.is_object() && e.contains("message") && e["message"].is_string()) return e["message"];
            if (e.is_string()) return e.get<std::string>();
        }
        if (j.contains("detail") && j["detail"].is_string()) return j["detail"];
    }
    return {};
}

// "Verse 1:", "**[Chorus]**", "## Bridge", "(Chorus)" -> "Chorus"/"Verse 1"; "" when not a heading.
std::string heading_of(const std::string& line) {
    std::string s = trim(line);
    s.erase(std::remove(s.begin(), s.end(), '*'), s.end());
    const bool hashed = !s.empty() && s.front() == '#';
    while (!s.empty() && s.front() == '#') s.erase(s.begin());
    s = trim(s);
    if (hashed) {
        // "## Chorus": a Markdown heading is a heading whatever follows.
    } else if (s.size() >= 2 && ((s.front() == '[' && s.back() == ']') || (s.front() == '(' && s.back() == ')'))) {
        s = trim(s.substr(1, s.size() - 2));
    } else if (!s.empty() && s.back() == ':') {
        s = trim(s.substr(0, s.size() - 1));
    } else {
        return {};
    }
    static const std::regex kind(
        R"(^(intro|verse|pre[- ]?chorus|chorus|refrain|hook|bridge|outro|instrumental|interlude|solo|break|post[- ]?chorus|inst|final chorus)(\s*\d+)?(\s*[:\-].*)?$)",
        std::regex::icase);
    std::smatch m;
    if (!std::regex_match(s, m, kind)) return {};
    std::string name = lower(m[1].str());
    if (name == "inst") name = "instrumental";
    if (name.starts_with("pre")) name = "pre-chorus";
    if (name.starts_with("post")) name = "post-chorus";
    std::string out;
    bool up = true;
    for (char c : name) {
        out.push_back(up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
        up = c == ' ' || c == '-';
    }
    std::string number = trim(m[2].str());
    if (!number.empty()) out += " " + number;
    return out;
}

}  // namespace

std::optional<LlmConfig> LlmConfig::from_env(const core::Env& e) {
    auto env = [&e](const char* name) { return e.var(name); };
    LlmConfig c;
    c.url = trim(env("OMG_LLM_URL"));
    if (c.url.empty()) return std::nullopt;
    if (auto m = trim(env("OMG_LLM_MODEL")); !m.empty()) c.model = m;
    c.api_key = env("OMG_LLM_API_KEY");
    if (auto t = env("OMG_LLM_TIMEOUT_S"); !t.empty()) {
        double v = std::strtod(t.c_str(), nullptr);
        if (v > 0) c.timeout_s = v;
    }
    return c;
}

std::string clean_lyrics(const std::string& raw, bool truncated) {
    std::string text = raw;
    // Reasoning blocks, closed or left open by a cut-off reply.
    static const std::regex think(R"(<think>[\s\S]*?</think>)", std::regex::icase);
    text = std::regex_replace(text, think, "");
    if (auto open = lower(text).find("<think>"); open != std::string::npos) text.resize(open);
    for (const char* token : {"<|im_start|>", "<|im_end|>", "<|user|>", "<|assistant|>",
                              "<|system|>", "<|endoftext|>", "<|end|>", "<s>", "</s>"}) {
        for (size_t p; (p = text.find(token)) != std::string::npos;) text.erase(p, std::string(token).size());
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> sections;
    std::vector<std::string> loose;  // lines before the first heading
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::string t = trim(line);
        if (t.starts_with("```")) continue;
        if (t.empty()) continue;
        std::string h = heading_of(t);
        if (!h.empty()) {
            sections.push_back({h, {}});
            continue;
        }
        // Markdown emphasis and list markers around sung lines.
        t.erase(std::remove(t.begin(), t.end(), '*'), t.end());
        if (t.starts_with("- ")) t = t.substr(2);
        t = trim(t);
        if (t.empty()) continue;
        if (sections.empty()) loose.push_back(t);
        else sections.back().second.push_back(t);
    }
    if (sections.empty()) {
        // No headings at all: the whole reply is one verse (a preamble cannot be told apart).
        if (loose.empty()) return {};
        sections.push_back({"Verse", loose});
    }
    // A reply cut off by the token limit ends mid-section: drop that section if others exist.
    if (truncated && sections.size() > 1) sections.pop_back();
    // Number repeated verses ("Verse", "Verse" -> "Verse 1", "Verse 2").
    int verses = 0;
    for (const auto& s : sections) verses += s.first == "Verse" ? 1 : 0;
    int n = 0;
    std::string out;
    for (auto& [tag, lines] : sections) {
        if (tag == "Verse" && verses > 1) tag = "Verse " + std::to_string(++n);
        if (!out.empty()) out += "\n";
        out += "[" + tag + "]\n";
        for (const auto& l : lines) out += l + "\n";
    }
    return out;
}

Result<LlmReply> LlmWriter::write(const LlmAsk& ask) const {
    const Endpoint ep = split_url(config_.url);
    json body = {{"model", config_.model},
                 {"messages", messages(ask)},
                 {"temperature", config_.temperature},
                 {"top_p", config_.top_p},
                 {"max_tokens", config_.max_tokens},
                 {"stream", false}};
    if (ask.seed) body["seed"] = *ask.seed;
    const std::string payload = body.dump();
    const auto secs = static_cast<time_t>(std::max(1.0, config_.timeout_s));
    double wait = config_.backoff_s;
    Error last{Errc::unavailable, "the lyrics model service did not answer"};
    for (int attempt = 0; attempt <= config_.retries; ++attempt) {
        if (attempt > 0) {
            std::this_thread::sleep_for(std::chrono::duration<double>(wait));
            wait *= 2;
        }
        httplib::Client client(ep.origin);
        client.set_connection_timeout(std::min<time_t>(secs, 10), 0);
        client.set_read_timeout(secs, 0);
        client.set_write_timeout(std::min<time_t>(secs, 30), 0);
        httplib::Headers headers;
        if (!config_.api_key.empty()) headers.emplace("Authorization", "Bearer " + config_.api_key);
        auto res = client.Post(ep.prefix + "/v1/chat/completions", headers, payload, "application/json");
        if (!res) {
            const bool timeout = res.error() == httplib::Error::Read;
            last = Error{Errc::unavailable,
                         timeout ? "the lyrics model service (OMG_LLM_URL) did not answer within " +
                                       std::to_string(static_cast<long>(secs)) + " s"
                                 : "the lyrics model service (OMG_LLM_URL) cannot be reached"};
            if (timeout) break;  // a slow model will be slow again; do not triple the wait
            continue;
        }
        const std::string reason = error_text(res->body);
        if (res->status == 503) {
            last = Error{Errc::unavailable, "the lyrics model service is not ready" +
                                                (reason.empty() ? std::string() : " (" + reason + ")")};
            continue;
        }
        if (res->status == 401 || res->status == 403) {
            return fail(Errc::unavailable, "the lyrics model service refused the API key (check OMG_LLM_API_KEY)");
        }
        if (res->status == 404) {
            return fail(Errc::unavailable, "the lyrics model service does not have the model '" +
                                               config_.model + "' (check OMG_LLM_MODEL)" +
                                               (reason.empty() ? "" : ": " + reason));
        }
        if (res->status >= 500) {
            last = Error{Errc::unavailable, "the lyrics model service failed (HTTP " +
                                                std::to_string(res->status) + ")" +
                                                (reason.empty() ? "" : ": " + reason)};
            continue;
        }
        if (res->status != 200) {
            return fail(Errc::internal, "the lyrics model service rejected the request (HTTP " +
                                            std::to_string(res->status) + ")" +
                                            (reason.empty() ? "" : ": " + reason));
        }
        json j = json::parse(res->body, nullptr, false);
        if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty() ||
            !j["choices"][0].is_object()) {
            return fail(Errc::internal, "the lyrics model service sent a reply that is not a chat completion");
        }
        const auto& choice = j["choices"][0];
        std::string content;
        if (choice.contains("message") && choice["message"].is_object() &&
            choice["message"].contains("content") && choice["message"]["content"].is_string()) {
            content = choice["message"]["content"].get<std::string>();
        }
        const bool truncated = choice.contains("finish_reason") && choice["finish_reason"].is_string() &&
                               choice["finish_reason"] == "length";
        LlmReply reply;
        reply.truncated = truncated;
        reply.model = j.contains("model") && j["model"].is_string() ? j["model"].get<std::string>() : config_.model;
        reply.lyrics = clean_lyrics(content, truncated);
        if (reply.lyrics.empty()) {
            return fail(Errc::internal, truncated ? "the lyrics model ran out of tokens before writing any lyrics"
                                                  : "the lyrics model returned no lyrics");
        }
        return reply;
    }
    return tl::unexpected(last);
}

bool LlmWriter::healthy(double timeout_s) const {
    const Endpoint ep = split_url(config_.url);
    httplib::Client client(ep.origin);
    const auto secs = static_cast<time_t>(std::max(1.0, timeout_s));
    client.set_connection_timeout(secs, 0);
    client.set_read_timeout(secs, 0);
    httplib::Headers headers;
    if (!config_.api_key.empty()) headers.emplace("Authorization", "Bearer " + config_.api_key);
    if (auto r = client.Get(ep.prefix + "/health", headers); r && r->status == 200) return true;
    auto r = client.Get(ep.prefix + "/v1/models", headers);
    return r && r->status == 200;
}

}  // namespace omg::lyrics
