// The style loader on any TOML text: a Style or an error naming the problem, never a crash.
#include <cstdint>
#include <string_view>

#include "style/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)omg::style::parse_style(text, "fuzz.toml");
    return 0;
}
