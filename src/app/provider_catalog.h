// RegistryCatalog: the providers::ProviderEngine as the HTTP layer's ProviderCatalog.
#pragma once

#include "http/provider_catalog.h"
#include "providers/registry.h"

namespace omg::app {

class RegistryCatalog final : public http::ProviderCatalog {
public:
    explicit RegistryCatalog(const providers::ProviderEngine& engine) : engine_(engine) {}
    std::vector<http::ProviderEntry> list() const override {
        std::vector<http::ProviderEntry> out;
        for (const auto& s : engine_.statuses()) {
            out.push_back({s.info.name, s.info.description, s.info.configured, s.health.available,
                           s.health.detail, s.info.accepts_source_audio, s.is_default});
        }
        return out;
    }
    std::string default_provider() const override { return engine_.default_provider(); }

private:
    const providers::ProviderEngine& engine_;
};

}  // namespace omg::app
