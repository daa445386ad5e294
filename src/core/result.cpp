#include "core/result.h"

namespace omg {

const char* errc_name(Errc code) {
    switch (code) {
        case Errc::invalid_argument: return "invalid_argument";
        case Errc::not_found: return "not_found";
        case Errc::io: return "io";
        case Errc::cancelled: return "cancelled";
        case Errc::unavailable: return "unavailable";
        case Errc::conflict: return "conflict";
        case Errc::too_large: return "too_large";
        case Errc::internal: return "internal";
    }
    return "internal";
}

}  // namespace omg
