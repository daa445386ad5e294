// GET /api/v1/providers: the music providers and whether each can render right now.
#include <nlohmann/json.hpp>

#include "http/routes.h"

namespace omg::http {

using json = nlohmann::json;

json provider_json(const ProviderEntry& p) {
    return {{"name", p.name},
            {"description", p.description},
            {"configured", p.configured},
            {"available", p.available},
            {"detail", p.detail},
            {"accepts_source_audio", p.accepts_source_audio},
            {"default", p.is_default}};
}

void install_provider_routes(const AddRoute& route, const ProviderCatalog* providers) {
    route("GET", "/api/v1/providers", RouteKind::quick_read, [providers](const Request&, Reply& res) {
        json list = json::array();
        std::string def = "builtin";
        if (providers != nullptr) {
            for (const auto& p : providers->list()) list.push_back(provider_json(p));
            def = providers->default_provider();
        } else {
            list.push_back(provider_json({"builtin", "OMG's own engine (compose, render, master)", true, true,
                                          "", false, true}));
        }
        res.status = 200;
        res.set_content(json{{"default", def}, {"providers", list}}.dump(), "application/json");
    });
}

}  // namespace omg::http
