// A finished version's files: audio in four formats (converted on first use), MIDI, the sung
// lines' times (LRC, WebVTT), waveform peaks, stems one by one and as one ZIP. Files are sized
// replies, so Range applies.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include "http/zip_archive.h"

#include <nlohmann/json.hpp>

#include "http/route_helpers.h"
#include "http/routes.h"
#include "storage/ids.h"
#include "storage/job_record.h"

namespace omg::http {

using json = nlohmann::json;
using storage::JobStatus;
using Opened = Result<std::shared_ptr<const storage::ArtifactReader>>;

void install_version_routes(const AddRoute& route, const ApiContext& ctx) {
    auto find_version = [&ctx](const std::string& vid) { return http::find_version(ctx, vid); };
    auto file_name = [&ctx](const jobs::VersionRef& ref, const std::string& suffix) {
        return version_file_name(ctx, ref, suffix);
    };
    auto audio_file = [&ctx](const jobs::VersionRef& ref, const std::string& stem,
                             const std::string& format) {
        return version_audio(ctx, ref, stem, format);
    };
    route("GET", "/api/v1/versions/{id}/audio", RouteKind::slow_read,
          [find_version, audio_file, file_name](const Request& req, Reply& res) {
              const std::string vid = req.matches[1];
              auto ref = find_version(vid);
              if (!ref) {
                  detail(res, 404, "Version " + vid + " not found");
                  return;
              }
              // A cue's audio is its one file with loop points: FLAC by default, never MP3.
              const auto& files = ref->version.files;
              const bool cue = std::find(files.begin(), files.end(), vid + ".loop.flac") != files.end();
              std::string format = req.has_param("format") ? lower(req.get_param_value("format"))
                                                           : cue ? "flac" : "mp3";
              if (cue && format == "mp3") {
                  detail(res, 422, "Version " + vid + " is a cue with a loop: MP3 cannot loop gaplessly, "
                                   "ask for format flac, wav or ogg");
                  return;
              }
              auto type = audio_type(format);
              if (!type) {
                  reply_json(res, 422,
                        {{"detail", json::array({{{"type", "enum"},
                                                  {"loc", json::array({"query", "format"})},
                                                  {"msg", "Input should be 'mp3', 'wav', 'flac' or 'ogg'"},
                                                  {"input", format},
                                                  {"ctx", {{"expected", "'mp3', 'wav', 'flac' or 'ogg'"}}}}})}});
                  return;
              }
              auto path = audio_file(*ref, vid, format);
              if (!path) {
                  const Errc code = path.error().code;
                  detail(res, code == Errc::not_found ? 404 : code == Errc::invalid_argument ? 422 : 500,
                         code == Errc::not_found          ? "Audio file for version " + vid + " not found on disk"
                         : code == Errc::invalid_argument ? path.error().message
                                                          : "Could not prepare the audio file");
                  return;
              }
              serve_artifact(res, *path, type->mime, file_name(*ref, std::string(".") + type->ext));
          });
    // Opening a stored file may ask the database: slow reads.
    route("GET", "/api/v1/versions/{id}/midi", RouteKind::slow_read,
          [&ctx, find_version, file_name](const Request& req, Reply& res) {
              const std::string vid = req.matches[1];
              auto ref = find_version(vid);
              auto file = ref ? ctx.files.open(ref->job_id, vid + ".mid") : Opened(fail(Errc::not_found, ""));
              if (!file) {
                  detail(res, file.error().code == Errc::not_found ? 404 : status_of(file.error().code),
                         "MIDI for version " + vid + " not found");
                  return;
              }
              serve_artifact(res, *file, "audio/midi", file_name(*ref, ".mid"));
          });
    // The sung lines' times (a version with vocals only): LRC for music players, WebVTT for
    // <track> and video editors.
    struct TimedLyrics {
        std::string ext;
        std::string mime;
    };
    for (const TimedLyrics& t : {TimedLyrics{"lrc", "text/plain; charset=utf-8"},
                                 TimedLyrics{"vtt", "text/vtt; charset=utf-8"}}) {
        const std::string ext = t.ext;
        const std::string mime = t.mime;
        route(
            "GET", "/api/v1/versions/{id}/lyrics." + ext, RouteKind::slow_read,
            [&ctx, find_version, file_name, ext, mime](const Request& req, Reply& res) {
                const std::string vid = req.matches[1];
                auto ref = find_version(vid);
                if (!ref) {
                    detail(res, 404, "Version " + vid + " not found");
                    return;
                }
                const std::string name = vid + "." + ext;
                auto file = std::find(ref->version.files.begin(), ref->version.files.end(), name) !=
                                    ref->version.files.end()
                                ? ctx.files.open(ref->job_id, name)
                                : Opened(fail(Errc::not_found, ""));
                if (!file) {
                    detail(res, 404, "Version " + vid + " has no sung lyrics (it is instrumental)");
                    return;
                }
                serve_artifact(res, *file, mime, file_name(*ref, "." + ext));
            });
    }
    route("GET", "/api/v1/versions/{id}/peaks", RouteKind::slow_read,
          [&ctx, find_version](const Request& req, Reply& res) {
              const std::string vid = req.matches[1];
              auto ref = find_version(vid);
              auto text = ref ? storage::read_whole(ctx.files, ref->job_id, vid + ".peaks.json")
                              : Result<std::string>(fail(Errc::not_found, ""));
              if (!text) {
                  detail(res, 404, "Peaks for version " + vid + " not found");
                  return;
              }
              json peaks = json::parse(*text, nullptr, false);
              if (req.has_param("points") && peaks.is_object() && peaks["min"].is_array()) {
                  long want = std::strtol(req.get_param_value("points").c_str(), nullptr, 10);
                  const auto have = static_cast<long>(peaks["min"].size());
                  if (want >= 1 && want < have) {
                      json mins = json::array();
                      json maxs = json::array();
                      for (long p = 0; p < want; ++p) {
                          long a = have * p / want;
                          long e = std::max(a + 1, have * (p + 1) / want);
                          double lo = 0;
                          double hi = 0;
                          for (long i = a; i < e; ++i) {
                              lo = std::min(lo, peaks["min"][static_cast<size_t>(i)].get<double>());
                              hi = std::max(hi, peaks["max"][static_cast<size_t>(i)].get<double>());
                          }
                          mins.push_back(lo);
                          maxs.push_back(hi);
                      }
                      peaks["min"] = mins;
                      peaks["max"] = maxs;
                      peaks["points"] = want;
                  }
              }
              reply_json(res, 200, peaks);
          });
    route("GET", "/api/v1/versions/{id}/stems", RouteKind::quick_read,
          [find_version](const Request& req, Reply& res) {
              const std::string vid = req.matches[1];
              auto ref = find_version(vid);
              if (!ref) {
                  detail(res, 404, "Version " + vid + " not found");
                  return;
              }
              json stems = json::array();
              for (const auto& f : ref->version.files) {
                  const std::string prefix = vid + ".stem-";
                  if (f.rfind(prefix, 0) == 0 && f.ends_with(".flac")) {
                      std::string name = f.substr(prefix.size(), f.size() - prefix.size() - 5);
                      stems.push_back({{"name", name},
                                       {"url", "/api/v1/versions/" + vid + "/stems/" + name}});
                  }
              }
              reply_json(res, 200, {{"version_id", vid}, {"stems", stems}});
          });
    route("GET", "/api/v1/versions/{id}/stems/{name}", RouteKind::slow_read,
          [find_version, audio_file, file_name](const Request& req, Reply& res) {
              const std::string vid = req.matches[1];
              const std::string name = req.matches[2];
              auto ref = find_version(vid);
              const std::string stem = vid + ".stem-" + name;
              bool known = ref && std::find(ref->version.files.begin(), ref->version.files.end(),
                                            stem + ".flac") != ref->version.files.end();
              if (!known || !storage::is_safe_file_name(stem)) {
                  detail(res, 404, "Stem " + name + " not found");
                  return;
              }
              std::string format = req.has_param("format") ? lower(req.get_param_value("format"))
                                                           : "flac";
              auto type = audio_type(format);
              if (!type) {
                  detail(res, 422, "format must be mp3, wav, flac or ogg");
                  return;
              }
              auto path = audio_file(*ref, stem, format);
              if (!path) {
                  detail(res, 404, "Stem " + name + " not found");
                  return;
              }
              serve_artifact(res, *path, type->mime, file_name(*ref, "-" + name + "." + type->ext));
          });

    // A cue's segments (issue 14): intro, loop (its loop points: the whole file) and ending,
    // sample-aligned; FLAC by default, WAV and OGG converted with their loop points, never MP3.
    route("GET", "/api/v1/versions/{id}/segments/{segment}", RouteKind::slow_read,
          [find_version, audio_file, file_name](const Request& req, Reply& res) {
              const std::string vid = req.matches[1];
              const std::string segment = req.matches[2];
              auto ref = find_version(vid);
              const std::string stem = vid + "." + segment;
              const bool named = segment == "intro" || segment == "loop" || segment == "ending";
              if (!named || !ref ||
                  std::find(ref->version.files.begin(), ref->version.files.end(), stem + ".flac") ==
                      ref->version.files.end()) {
                  detail(res, 404, "Segment " + segment + " of version " + vid + " not found (segments: intro, "
                                   "loop, ending of a cue)");
                  return;
              }
              std::string format = req.has_param("format") ? lower(req.get_param_value("format"))
                                                           : "flac";
              if (format == "mp3") {
                  detail(res, 422, "MP3 cannot loop gaplessly: ask for format flac, wav or ogg");
                  return;
              }
              auto type = audio_type(format);
              if (!type) {
                  detail(res, 422, "format must be flac, wav or ogg");
                  return;
              }
              auto path = audio_file(*ref, stem, format);
              if (!path) {
                  detail(res, path.error().code == Errc::not_found ? 404 : 500, "Could not prepare the segment");
                  return;
              }
              serve_artifact(res, *path, type->mime, file_name(*ref, "-" + segment + "." + type->ext));
          });

    route("GET", "/api/v1/versions/{id}/stems.zip", RouteKind::slow_read,
          [find_version, file_name, &ctx](const Request& req, Reply& res) {
              const std::string vid = req.matches[1];
              auto ref = find_version(vid);
              if (!ref) {
                  detail(res, 404, "Version " + vid + " not found");
                  return;
              }
              std::vector<ZipEntry> entries;
              const std::string prefix = vid + ".stem-";
              for (const auto& f : ref->version.files) {
                  if (f.rfind(prefix, 0) != 0 || !f.ends_with(".flac")) continue;
                  auto file = ctx.files.open(ref->job_id, f);
                  if (!file) continue;
                  entries.push_back({f.substr(prefix.size()), {}, artifact_content(*file)});
              }
              if (entries.empty()) {
                  detail(res, 404,
                         "Version " + vid + " has no stems (generate it with stems: true)");
                  return;
              }
              auto zip = ZipArchive::plan(std::move(entries));
              if (!zip) {
                  detail(res, zip.error().code == Errc::too_large ? 413 : 500,
                         zip.error().code == Errc::too_large ? zip.error().message
                                                              : "Could not prepare the stems");
                  return;
              }
              res.status = 200;
              res.set_content(zip_content(std::move(*zip)), "application/zip");
              res.set_header("Accept-Ranges", "bytes");
              res.set_header("Cache-Control", "private, max-age=3600");
              res.set_header("Content-Disposition", attachment(file_name(*ref, "-stems.zip")));
          });

}

}  // namespace omg::http
