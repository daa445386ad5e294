// Where the front ends find their data: styles folder and SoundFont, from flags, then the
// environment (OMG_STYLES_DIR, OMG_SOUNDFONT, OMG_BEST_SOUNDFONT), then the built-in defaults.
#pragma once

#include <filesystem>
#include <string>

#include "engine/engine.h"

namespace omg::app {

struct DataPaths {
    std::string styles_dir;  // empty = default
    std::string soundfont;   // empty = default
    std::string best_soundfont;  // the "best" quality's; empty = default
};

engine::Config resolve_config(const DataPaths& paths);

}  // namespace omg::app
