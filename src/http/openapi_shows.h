// The OpenAPI paths of the shows API (/api/v1/shows...), merged into openapi_json's document.
// Data only; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

namespace omg::http {

nlohmann::json openapi_show_paths();

}  // namespace omg::http
