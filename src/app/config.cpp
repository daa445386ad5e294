#include "app/config.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <thread>

namespace omg::app {

engine::Config resolve_config(const DataPaths& paths) {
    engine::Config config;
    auto from_env = [](const char* name) -> std::string {
        const char* v = std::getenv(name);
        return v ? std::string(v) : std::string();
    };
    std::string styles = paths.styles_dir;
    if (styles.empty()) styles = from_env("OMG_STYLES_DIR");
    if (styles.empty()) styles = OMG_DEFAULT_STYLES_DIR;
    std::string soundfont = paths.soundfont;
    if (soundfont.empty()) soundfont = from_env("OMG_SOUNDFONT");
    if (soundfont.empty()) soundfont = OMG_DEFAULT_SOUNDFONT_PATH;
    config.styles_dir = styles;
    config.soundfont = soundfont;
    std::string best = paths.best_soundfont;
    if (best.empty()) best = from_env("OMG_BEST_SOUNDFONT");
    if (best.empty()) best = OMG_BEST_SOUNDFONT_PATH;
    config.best_soundfont = best;
    // The built-in lyric writer's vocabulary (singing without the user's words).
    config.lyrics_dir = from_env("OMG_LYRICS_DIR");
    if (config.lyrics_dir.empty()) config.lyrics_dir = OMG_DEFAULT_LYRICS_DIR;
    // The XDG cache folder: measurements of the SoundFont's presets, kept between runs.
    if (auto cache = from_env("OMG_CACHE_DIR"); !cache.empty()) {
        config.cache_dir = cache;
    } else if (auto xdg = from_env("XDG_CACHE_HOME"); !xdg.empty()) {
        config.cache_dir = std::filesystem::path(xdg) / "omg";
    } else if (auto home = from_env("HOME"); !home.empty()) {
        config.cache_dir = std::filesystem::path(home) / ".cache" / "omg";
    }
    return config;
}

engine::Config resolve_config(const DataPaths& paths, int jobs) {
    engine::Config config = resolve_config(paths);
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    config.render_threads = std::max(1, cores / std::max(1, jobs));
    return config;
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        const auto a = item.find_first_not_of(" \t");
        const auto b = item.find_last_not_of(" \t");
        if (a != std::string::npos) out.push_back(item.substr(a, b - a + 1));
    }
    return out;
}

}  // namespace omg::app
