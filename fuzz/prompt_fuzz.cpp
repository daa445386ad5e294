// The prompt parser on any bytes: it answers a Brief or an error, never crashes, and a Brief it
// answers is within the engine's ranges.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "prompt/prompt.h"
#include "style/loader.h"

namespace {
const omg::model::StyleLibrary& styles() {
    static const omg::model::StyleLibrary library = [] {
        auto loaded = omg::style::load_library(std::string(OMG_SOURCE_DIR) + "/styles");
        if (!loaded) std::abort();
        return std::move(*loaded);
    }();
    return library;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto understood = omg::prompt::understand(text, {}, styles());
    if (understood) {
        const auto& b = understood->brief;
        if (!(b.duration_s >= omg::prompt::kMinDuration && b.duration_s <= omg::prompt::kMaxDuration)) {
            std::abort();
        }
        if (!(b.tempo_bpm >= 20 && b.tempo_bpm <= 400)) std::abort();
    }
    return 0;
}
