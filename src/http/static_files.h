// Static files of the web studio (web/dist), served by `omg serve`.
//
// `resolve_static` maps a URL path onto a file under a root folder and refuses anything that
// could escape it: every segment must be 1..255 characters of [A-Za-z0-9._~-] (percent-escapes
// are refused, not decoded), none may start with '.', and the resolved file, symlinks
// followed, must still lie inside the canonical root. `static_mime_type` names the
// Content-Type from the extension. Pure functions over the filesystem: thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace omg::http {

// The regular file `url_path` ("/assets/index-3f2a.js") names under `root`, or nullopt.
std::optional<std::filesystem::path> resolve_static(const std::filesystem::path& root,
                                                    std::string_view url_path);

// "text/javascript; charset=utf-8" for .js, "text/css; charset=utf-8" for .css ...,
// "application/octet-stream" when unknown.
std::string static_mime_type(const std::filesystem::path& file);

}  // namespace omg::http
