// What several route files share: the server's self-introduction, JSON for optional values,
// query-number parsing in the FastAPI error shape, file replies (with Range), the studio's
// static files, a version's files (audio converted on first use, download names), and the
// answer to a submit the queue refused. Functions of their arguments; thread-safe as the queue
// and stores they are given.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/message.h"
#include "http/routes.h"

namespace omg::http {

inline constexpr const char* kApiVersion = "1.0.0";

// How the server introduces itself (ApiIdentity): GET /'s message, /health's service, the
// OpenAPI title.
struct Introduction {
    const char* message;
    const char* service;
    const char* title;
};
Introduction introduction(ApiIdentity identity);

nlohmann::json opt(const std::optional<std::string>& v);
nlohmann::json opt(const std::optional<int64_t>& v);
nlohmann::json opt(const std::optional<int>& v);
nlohmann::json opt(const std::optional<double>& v);  // rounded to 0.1

std::string lower(std::string s);

struct AudioType {
    const char* ext;
    const char* mime;
};
// mp3 | wav | flac | ogg, or nullopt.
std::optional<AudioType> audio_type(const std::string& format);

// A whole-number query parameter in [lo, hi] (`fallback` when absent), or a FastAPI-shaped
// error appended to *errors.
size_t query_count(const Request& req, const char* name, size_t lo, size_t hi, size_t fallback,
                   nlohmann::json* errors);

// Content-Disposition for a download (the name is already token characters: no quoting).
std::string attachment(const std::string& file_name);

// A file as a sized reply (404 JSON when missing); Range requests then apply.
void serve_file(Reply& res, const std::filesystem::path& path, const std::string& mime,
                const std::string& download_name,
                const char* cache_control = "private, max-age=3600");

// A file of the studio build by URL path (hashed /assets/ cached for good); false when none.
bool serve_static(const Request& req, Reply& res, const std::filesystem::path& web_dir);

// A friendly, header-safe download name: a slug of the prompt (lower-case ASCII letters, digits
// and '-', at most 60 characters; "omg-track" when nothing is left), "-v<N>" (1-based
// `version_index` + 1), then `suffix` (".mp3", "-stems.zip" ...; slugged the same way except '.').
std::string download_file_name(const std::string& prompt, int version_index, const std::string& suffix);

// A version by id (a uuid), from the queue.
std::optional<jobs::VersionRef> find_version(const ApiContext& ctx, const std::string& vid);
// The download name of one of a version's files: "<prompt-slug>-v<N><suffix>".
std::string version_file_name(const ApiContext& ctx, const jobs::VersionRef& ref,
                              const std::string& suffix);
// The stored file for `stem` ("<vid>" or "<vid>.stem-<name>") in `format`, converted from its
// FLAC on first use (and stored, for every node).
Result<std::shared_ptr<const storage::ArtifactReader>> version_audio(const ApiContext& ctx,
                                                                     const jobs::VersionRef& ref,
                                                                     const std::string& stem,
                                                                     const std::string& format);
// A stored file as a sized reply body, read in pieces as it is sent (Range applies).
std::shared_ptr<const Content> artifact_content(std::shared_ptr<const storage::ArtifactReader> reader);
// A stored file as the reply (Accept-Ranges, Cache-Control, Content-Disposition as serve_file).
void serve_artifact(Reply& res, std::shared_ptr<const storage::ArtifactReader> reader,
                    const std::string& mime, const std::string& download_name);

// A submit the queue refused: 429 when full, 503 when closing or the database cannot be
// reached, 507 when the disk is full (or
// the job could not be saved for another reason: 503). Retry-After comes from the finish hook.
// A version's metadata as stored, with the URLs of its files added: audio_url, formats,
// midi_url, peaks_url, stems_url, and for the words vocals, lines, lrc_url and vtt_url (null
// when instrumental). Versions made before singing, or by a provider that does not say, are
// told apart by their files. The /api/v1 and /model/v1 answers both use it.
nlohmann::json version_metadata_with_links(const storage::VersionRecord& version);

// Worker processes as GET /api/v1/workers and /health list them: id, host, pid, providers,
// current_jobs, current_job (the first, or null), started_at, last_heartbeat, heartbeat_age_s.
nlohmann::json workers_json(const std::vector<storage::WorkerSeen>& workers);

void refuse_submit(const ApiContext& ctx, Reply& res, const Error& e);

}  // namespace omg::http
