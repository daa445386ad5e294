// The remote adapters, one per wire protocol (../shared/reference/remote-engines.md).
#pragma once

#include <memory>
#include <string>

#include "providers/provider.h"

namespace omg::providers {

struct RemoteConfig {
    std::string url;      // base URL, from configuration only
    std::string api_key;  // ACE-Step 1.5 only
    Timeouts timeouts;
};

// ACE-Step 1.5 REST API: /release_task, /query_result, /v1/audio, /health.
std::unique_ptr<RemoteProvider> make_ace_step(RemoteConfig config);
// acestep.cpp ace-server: /synth, /job, /props.
std::unique_ptr<RemoteProvider> make_acestep_cpp(RemoteConfig config);
// The seed's model service: /model/v1/generate ..., one job at a time.
std::unique_ptr<RemoteProvider> make_model_service(RemoteConfig config);

// "D minor", "F# dorian" -> "D minor"; "" when unknown. ACE-Step knows major and minor only.
std::string ace_key(const std::string& omg_key);
// "6/8" -> "6".
std::string ace_time_signature(const std::string& omg_time_signature);

}  // namespace omg::providers
