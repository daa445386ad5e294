// Music providers: the engines a job can be rendered by, behind one interface.
//
//   builtin            OMG's own engine (compose, render, master, encode)
//   ace-step           ACE-Step 1.5's REST API (ACESTEP_URL, ACESTEP_API_KEY)
//   acestep-cpp        acestep.cpp's ace-server (ACESTEP_CPP_URL)
//   omg-model-service  the seed's model service (OMG_MODEL_SERVICE_URL), which fronts ACE-Step
//                      v1 ("ace-step") and Tencent SongGeneration ("song-generation")
//
// A remote provider is driven as submit -> poll (progress) -> download -> release, with cancel
// on a stop request or past the task's deadline. Every failure becomes a job error a person can
// act on (which service, what it said, which setting to check); a task the remote side lost
// (restart, eviction, "[]" for too long) fails the job with that reason, and nothing ever waits
// without a deadline, so a remote engine can never wedge the queue. URLs come from the
// operator's configuration only, never from a request. All providers are thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "jobs/job_engine.h"

namespace omg::providers {

struct Health {
    bool available = false;
    std::string detail;  // what answered, or why not
};

struct ProviderInfo {
    std::string name;
    std::string description;
    bool configured = false;
    bool accepts_source_audio = false;  // can follow a source recording (cover mode)
};

// What a remote engine is asked to render: one version of a job.
struct RemoteRequest {
    std::string prompt;
    std::string lyrics;      // "" = instrumental
    double duration_s = 30;
    std::optional<int64_t> seed;
    std::optional<double> bpm;
    std::string key;             // "D minor" (major/minor only)
    std::string time_signature;  // the numerator: "4", "3", "6"
    std::string variant;         // omg-model-service: "ace-step" or "song-generation"
    // Arrangement-guided rendering: the built-in engine's render of the same prompt.
    std::optional<std::filesystem::path> source_audio;
    double cover_strength = 0.5;
    std::string client_id;  // unique per version (used as the remote job id where allowed)
};

struct RemoteState {
    enum class Kind { running, done, failed, cancelled, lost };
    Kind kind = Kind::running;
    double progress = -1;  // 0..1 when the engine reports it
    std::string stage;
    std::string error;
    nlohmann::json result;  // adapter-specific: where the audio is
};

struct Downloaded {
    std::string bytes;
    std::string extension;  // "mp3", "wav", "flac"
};

struct Timeouts {
    double connect_s = 5;
    double request_s = 30;       // one submit/poll/download request
    double poll_interval_s = 2;
    double lost_grace_s = 120;   // ACE-Step: "[]" this long after submit means lost
    double min_task_s = 600;     // the task deadline: max(min_task_s, duration * slow_factor)
    double slow_factor = 20;
    int max_poll_errors = 10;    // consecutive failed polls before the task counts as lost
    int submit_retries = 3;      // for "busy" answers (429, connection refused)
    double retry_backoff_s = 2;
};

class MusicProvider {
public:
    virtual ~MusicProvider() = default;
    virtual ProviderInfo info() const = 0;
    virtual Health health() const = 0;
    // Renders one version into the job's artifact folder.
    virtual Result<jobs::VersionOutput> generate(const jobs::VersionTask& task,
                                                 const RemoteRequest& request,
                                                 storage::ArtifactStore& artifacts,
                                                 const jobs::VersionProgressFn& progress,
                                                 std::stop_token stop) = 0;
};

// The remote protocol steps; `generate` drives them (remote_provider.cpp).
class RemoteProvider : public MusicProvider {
public:
    explicit RemoteProvider(Timeouts timeouts) : timeouts_(timeouts) {}

    Result<jobs::VersionOutput> generate(const jobs::VersionTask& task, const RemoteRequest& request,
                                         storage::ArtifactStore& artifacts,
                                         const jobs::VersionProgressFn& progress,
                                         std::stop_token stop) final;

    const Timeouts& timeouts() const { return timeouts_; }

protected:
    // Errc::unavailable for "busy, try again" (retried), anything else fails the job.
    virtual Result<std::string> submit(const RemoteRequest& request) = 0;
    virtual Result<RemoteState> poll(const std::string& task_id) = 0;
    virtual Status cancel(const std::string& task_id) = 0;
    virtual Result<Downloaded> download(const std::string& task_id, const RemoteState& done) = 0;
    virtual void release(const std::string&) {}
    // Holds the provider for the whole task when the remote side runs one job at a time.
    virtual bool serialize() const { return false; }

private:
    Timeouts timeouts_;
    std::mutex serial_;
};

}  // namespace omg::providers
