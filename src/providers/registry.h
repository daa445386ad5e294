// ProviderEngine: the JobEngine the queue runs, routing each job to its music provider.
//
// The job's `provider` (or MUSIC_PROVIDER, or "builtin") picks the engine: "builtin" is OMG's
// own engine; "ace-step", "acestep-cpp" and "omg-model-service" are the remote adapters,
// present when their URL is configured (ACESTEP_URL, ACESTEP_CPP_URL, OMG_MODEL_SERVICE_URL).
// The seed's names work too: "ace-step" falls back to the model service's ACE-Step v1 when
// only OMG_MODEL_SERVICE_URL is set, "song-generation" means the model service's
// SongGeneration ("<variant>@omg-model-service" names one explicitly).
//
// Arrangement-guided rendering (option "arrangement_guided": true): the built-in engine first
// composes and renders the same prompt and seed ("<vid>.guide.*" files, kept with the version),
// then the remote engine gets that recording as its cover source with the arrangement's exact
// tempo, key, time signature and duration, so it follows a composed structure. Thread-safe.
#pragma once

#include "core/env.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "jobs/job_engine.h"
#include "providers/adapters.h"
#include "providers/provider.h"

namespace omg::providers {

struct ProvidersConfig {
    std::string default_provider = "builtin";
    std::optional<RemoteConfig> ace_step;
    std::optional<RemoteConfig> acestep_cpp;
    std::optional<RemoteConfig> model_service;
    // MUSIC_PROVIDER, ACESTEP_URL, ACESTEP_API_KEY, ACESTEP_CPP_URL, OMG_MODEL_SERVICE_URL,
    // OMG_PROVIDER_POLL_S, OMG_PROVIDER_TIMEOUT_S (the minimum task deadline).
    static ProvidersConfig from_env(const core::Env& env);
};

struct ProviderStatus {
    ProviderInfo info;
    Health health;
    bool is_default = false;
};

class ProviderEngine final : public jobs::JobEngine {
public:
    ProviderEngine(jobs::JobEngine& builtin, ProvidersConfig config);
    // For tests: a provider under a name, replacing any configured one.
    void add(std::string name, std::unique_ptr<MusicProvider> provider);

    Result<jobs::VersionOutput> generate(const jobs::VersionTask& task, storage::ArtifactStore& artifacts,
                                         const jobs::VersionProgressFn& progress,
                                         std::stop_token stop) override;
    Status convert_audio(const std::filesystem::path& source, const std::filesystem::path& destination,
                         const std::string& format) override;
    std::string describe() const override;

    // Every provider OMG knows, configured or not, with its health (cached for a few seconds).
    std::vector<ProviderStatus> statuses() const;
    const std::string& default_provider() const { return config_.default_provider; }

private:
    struct Target {
        MusicProvider* provider = nullptr;  // null: builtin
        std::string name;
        std::string variant;
    };
    Result<Target> resolve(const std::string& requested) const;

    jobs::JobEngine& builtin_;
    ProvidersConfig config_;
    std::map<std::string, std::unique_ptr<MusicProvider>> remotes_;
    mutable std::mutex health_mutex_;
    mutable std::map<std::string, std::pair<std::chrono::steady_clock::time_point, Health>> health_cache_;
};

}  // namespace omg::providers
