// Where the front ends find their data: styles folder and SoundFont, from flags, then the
// environment (OMG_STYLES_DIR, OMG_SOUNDFONT, OMG_BEST_SOUNDFONT), then the built-in defaults;
// the render threads of each of several jobs at once; and how a flag's comma-separated list reads.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/engine.h"

namespace omg::app {

struct DataPaths {
    std::string styles_dir;  // empty = default
    std::string soundfont;   // empty = default
    std::string best_soundfont;  // the "best" quality's; empty = default
};

engine::Config resolve_config(const DataPaths& paths);

// The same for `jobs` jobs rendering at once (serve's workers, worker's --concurrency; below 1
// reads as 1): each render gets its share of the cores, not every core (several renders of one
// thread per core each would run cores x cores threads).
engine::Config resolve_config(const DataPaths& paths, int jobs);

// "a, b,,c " -> {"a", "b", "c"}: items trimmed of spaces and tabs, empty ones dropped
// (--cors-origins, --providers).
std::vector<std::string> split_list(const std::string& text);

}  // namespace omg::app
