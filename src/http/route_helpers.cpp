#include "http/route_helpers.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "http/static_files.h"
#include "storage/ids.h"

namespace omg::http {

using json = nlohmann::json;
namespace fs = std::filesystem;

Introduction introduction(ApiIdentity identity) {
    if (identity == ApiIdentity::sergiecode) {
        return {"Welcome to Music AI Generator Backend", "music-ai-generator-backend",
                "Music AI Generator Backend"};
    }
    return {"Music Generation API", "omg", "Music Generation API"};
}

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<double>& v) {
    return v ? json(std::round(*v * 10.0) / 10.0) : json(nullptr);
}

std::optional<AudioType> audio_type(const std::string& format) {
    if (format == "mp3") return AudioType{"mp3", "audio/mpeg"};
    if (format == "wav") return AudioType{"wav", "audio/wav"};
    if (format == "flac") return AudioType{"flac", "audio/flac"};
    if (format == "ogg") return AudioType{"ogg", "audio/ogg"};
    return std::nullopt;
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

size_t query_count(const Request& req, const char* name, size_t lo, size_t hi, size_t fallback,
                   json* errors) {
    if (!req.has_param(name)) return fallback;
    const std::string text = req.get_param_value(name);
    char* end = nullptr;
    errno = 0;
    const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
        errors->push_back({{"type", "int_parsing"},
                           {"loc", json::array({"query", name})},
                           {"msg", "Input should be a whole number from " + std::to_string(lo) +
                                       " to " + std::to_string(hi)},
                           {"input", text.substr(0, 64)}});
        return fallback;
    }
    return static_cast<size_t>(v);
}

std::string attachment(const std::string& file_name) { return "attachment; filename=" + file_name; }


std::string download_file_name(const std::string& prompt, int version_index,
                               const std::string& suffix) {
    constexpr size_t kMaxSlug = 60;
    std::string slug;
    bool dash = false;
    for (unsigned char c : prompt) {
        if (std::isalnum(c) && c < 0x80) {
            if (dash && !slug.empty()) slug += '-';
            dash = false;
            if (slug.size() >= kMaxSlug) break;
            slug += static_cast<char>(std::tolower(c));
        } else {
            dash = true;
        }
    }
    if (slug.size() > kMaxSlug) slug.resize(kMaxSlug);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    if (slug.empty()) slug = "omg-track";
    std::string tail;
    for (unsigned char c : suffix) {
        tail += (std::isalnum(c) && c < 0x80) || c == '.' || c == '-' ? static_cast<char>(std::tolower(c))
                                                                      : '-';
    }
    return slug + "-v" + std::to_string(std::max(0, version_index) + 1) + tail;
}

void serve_file(Reply& res, const fs::path& path, const std::string& mime,
                const std::string& download_name,
                const char* cache_control) {
    auto content = file_content(path);
    if (!content) {
        detail(res, 404, "File not found");
        return;
    }
    res.status = 200;
    res.set_content(std::move(*content), mime);
    res.set_header("Accept-Ranges", "bytes");
    res.set_header("Cache-Control", cache_control);
    if (!download_name.empty()) {
        res.set_header("Content-Disposition", attachment(download_name));
    }
}

// A file of the studio build. Vite names everything under /assets/ by content hash, so those
// may be cached for good; other files (favicon ...) are revalidated.
bool serve_static(const Request& req, Reply& res, const fs::path& web_dir) {
    auto file = resolve_static(web_dir, req.path);
    if (!file) return false;
    const bool hashed = req.path.starts_with("/assets/");
    serve_file(res, *file, static_mime_type(*file), "",
               hashed ? "public, max-age=31536000, immutable" : "no-cache");
    return true;
}

std::optional<jobs::VersionRef> find_version(const ApiContext& ctx, const std::string& vid) {
    if (!storage::is_uuid(vid)) return std::nullopt;
    return ctx.queue.find_version(vid);
}

std::string version_file_name(const ApiContext& ctx, const jobs::VersionRef& ref,
                              const std::string& suffix) {
    auto job = ctx.queue.get(ref.job_id);
    return download_file_name(job ? job->record.params.prompt : std::string(), ref.version.index,
                              suffix);
}

Result<std::shared_ptr<const storage::ArtifactReader>> version_audio(const ApiContext& ctx,
                                                                     const jobs::VersionRef& ref,
                                                                     const std::string& stem,
                                                                     const std::string& format) {
    const std::string name = stem + "." + format;
    if (auto stored = ctx.files.open(ref.job_id, name); stored || stored.error().code != Errc::not_found) {
        return stored;
    }
    auto convert = [&ctx, &format](const fs::path& from, const fs::path& to) {
        return ctx.engine.convert_audio(from, to, format);
    };
    if (auto st = ctx.files.derive(ref.job_id, stem + ".flac", name, convert); !st) {
        if (st.error().code == Errc::not_found) return fail(Errc::not_found, "Audio file not found on disk");
        return tl::unexpected(st.error());
    }
    return ctx.files.open(ref.job_id, name);
}

namespace {

// A stored file, read from the store as the transport sends it.
class ArtifactContent final : public Content {
public:
    explicit ArtifactContent(std::shared_ptr<const storage::ArtifactReader> reader) : reader_(std::move(reader)) {}
    uint64_t size() const override { return reader_->size(); }
    bool read(uint64_t offset, size_t length, std::string* out) const override {
        return static_cast<bool>(reader_->read(offset, length, out));
    }

private:
    std::shared_ptr<const storage::ArtifactReader> reader_;
};

}  // namespace

std::shared_ptr<const Content> artifact_content(std::shared_ptr<const storage::ArtifactReader> reader) {
    return std::make_shared<const ArtifactContent>(std::move(reader));
}

void serve_artifact(Reply& res, std::shared_ptr<const storage::ArtifactReader> reader,
                    const std::string& mime, const std::string& download_name) {
    res.status = 200;
    res.set_content(artifact_content(std::move(reader)), mime);
    res.set_header("Accept-Ranges", "bytes");
    res.set_header("Cache-Control", "private, max-age=3600");
    if (!download_name.empty()) res.set_header("Content-Disposition", attachment(download_name));
}

void refuse_submit(const ApiContext& ctx, Reply& res, const Error& e) {
    if (e.code == Errc::io) {
        if (ctx.disk_low()) {
            detail(res, 507, "The server's disk is full; the job was not accepted");
        } else {
            detail(res, 503, e.message);
        }
        return;
    }
    // Full is 429; closing, or a database that cannot be reached (an API node), is 503.
    const bool closing = !ctx.queue.stats().accepting || !ctx.queue.database_ready(true);
    detail(res, closing ? 503 : 429, e.message);
}

nlohmann::json version_metadata_with_links(const storage::VersionRecord& v) {
    nlohmann::json meta = nlohmann::json::parse(v.metadata_json, nullptr, false);
    if (!meta.is_object()) meta = nlohmann::json::object();
    const std::string base = "/api/v1/versions/" + v.id;
    meta["audio_url"] = base + "/audio";
    nlohmann::json formats = nlohmann::json::object();
    for (const char* f : {"mp3", "wav", "flac", "ogg"}) formats[f] = base + "/audio?format=" + f;
    meta["formats"] = formats;
    meta["midi_url"] = base + "/midi";
    meta["peaks_url"] = base + "/peaks";
    meta["stems_url"] = base + "/stems";
    const bool sung = std::find(v.files.begin(), v.files.end(), v.id + ".lrc") != v.files.end();
    if (!meta.contains("vocals") || !meta["vocals"].is_boolean()) meta["vocals"] = sung;
    if (!meta.contains("lines") || !meta["lines"].is_array()) meta["lines"] = nlohmann::json::array();
    meta["lrc_url"] = sung ? nlohmann::json(base + "/lyrics.lrc") : nlohmann::json(nullptr);
    meta["vtt_url"] = sung ? nlohmann::json(base + "/lyrics.vtt") : nlohmann::json(nullptr);
    // A cue (issue 14): its audio is the one file with loop points, never MP3, and its segments
    // have URLs of their own; `segments` is null for a track.
    nlohmann::json segments = nlohmann::json::object();
    for (const char* s : {"intro", "loop", "ending"})
        if (std::find(v.files.begin(), v.files.end(), v.id + "." + s + ".flac") != v.files.end())
            segments[s] = base + "/segments/" + s;
    if (segments.contains("loop")) meta["formats"].erase("mp3");
    meta["segments"] = segments.empty() ? nlohmann::json(nullptr) : segments;
    return meta;
}

}  // namespace omg::http
