#include "http/static_files.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace omg::http {
namespace fs = std::filesystem;

namespace {

bool safe_segment(std::string_view s) {
    if (s.empty() || s.size() > 255 || s.front() == '.') return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ||
               c == '~';
    });
}

// `inner` is `root` or lies below it (both canonical).
bool is_inside(const fs::path& root, const fs::path& inner) {
    auto r = root.begin();
    auto i = inner.begin();
    for (; r != root.end(); ++r, ++i) {
        if (i == inner.end() || *r != *i) return false;
    }
    return true;
}

}  // namespace

std::optional<fs::path> resolve_static(const fs::path& root, std::string_view url_path) {
    if (root.empty() || url_path.empty() || url_path.front() != '/') return std::nullopt;
    fs::path relative;
    std::string_view rest = url_path.substr(1);
    while (!rest.empty()) {
        const size_t slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        if (!safe_segment(segment)) return std::nullopt;
        relative /= std::string(segment);
        if (slash == std::string_view::npos) break;
        rest = rest.substr(slash + 1);
        if (rest.empty()) return std::nullopt;  // a trailing slash names a folder
    }
    if (relative.empty()) return std::nullopt;
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec) return std::nullopt;
    const fs::path file = fs::canonical(canonical_root / relative, ec);
    if (ec || !is_inside(canonical_root, file) || !fs::is_regular_file(file, ec)) {
        return std::nullopt;
    }
    return file;
}

std::string static_mime_type(const fs::path& file) {
    static constexpr std::array<std::pair<const char*, const char*>, 16> kTypes = {{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".txt", "text/plain; charset=utf-8"},
        {".wasm", "application/wasm"},
    }};
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [e, type] : kTypes) {
        if (ext == e) return type;
    }
    return "application/octet-stream";
}

}  // namespace omg::http
