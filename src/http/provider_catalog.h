// ProviderCatalog: the music providers the queue can render with, as the HTTP layer lists them
// (GET /api/v1/providers, the studio's provider picker, the model-service /provider routes).
//
// An interface so that http never links the providers: `omg serve` wires in the real registry
// (providers/registry.h), tests a fake. `list` may probe remote services (bounded by short
// timeouts and cached by the implementation); thread-safe.
#pragma once

#include <string>
#include <vector>

namespace omg::http {

struct ProviderEntry {
    std::string name;         // "builtin", "ace-step", "acestep-cpp", "omg-model-service"
    std::string description;
    bool configured = false;  // its URL is set (always true for builtin)
    bool available = false;   // configured and answering its health check
    std::string detail;       // why not available, or what answered
    bool accepts_source_audio = false;  // arrangement-guided rendering is possible
    bool is_default = false;
};

class ProviderCatalog {
public:
    virtual ~ProviderCatalog() = default;
    virtual std::vector<ProviderEntry> list() const = 0;
    virtual std::string default_provider() const = 0;
};

}  // namespace omg::http
