#include <algorithm>
#include <cctype>
#include <string>

#include "encode/audio_writer.h"

namespace omg::encode {

std::string_view format_name(AudioFormat format) {
    switch (format) {
        case AudioFormat::wav: return "wav";
        case AudioFormat::flac: return "flac";
        case AudioFormat::ogg: return "ogg";
        case AudioFormat::mp3: return "mp3";
    }
    return "wav";
}

std::string_view format_mime(AudioFormat format) {
    switch (format) {
        case AudioFormat::wav: return "audio/wav";
        case AudioFormat::flac: return "audio/flac";
        case AudioFormat::ogg: return "audio/ogg";
        case AudioFormat::mp3: return "audio/mpeg";
    }
    return "application/octet-stream";
}

std::optional<AudioFormat> parse_format(std::string_view name) {
    std::string n(name);
    std::transform(n.begin(), n.end(), n.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!n.empty() && n.front() == '.') n.erase(0, 1);
    if (n == "wav" || n == "wave") return AudioFormat::wav;
    if (n == "flac") return AudioFormat::flac;
    if (n == "ogg" || n == "oga" || n == "vorbis") return AudioFormat::ogg;
    if (n == "mp3" || n == "mpeg") return AudioFormat::mp3;
    return std::nullopt;
}

std::optional<AudioFormat> format_from_path(const std::filesystem::path& path) {
    const std::string ext = path.extension().string();
    if (ext.size() < 2) return std::nullopt;
    return parse_format(ext);
}

}  // namespace omg::encode
