// The one loop every remote provider runs: submit, follow, download, keep.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <thread>

#include "encode/audio_writer.h"
#include "jobs/engine_adapter.h"
#include "providers/provider.h"

namespace omg::providers {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// Sleeps up to `seconds`, waking early on a stop request. True if stop was requested.
bool sleep_or_stop(double seconds, const std::stop_token& stop) {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait_for(lock, stop, std::chrono::duration<double>(seconds), [] { return false; });
    return stop.stop_requested();
}

}  // namespace

Result<jobs::VersionOutput> RemoteProvider::generate(const jobs::VersionTask& task,
                                                     const RemoteRequest& request,
                                                     storage::ArtifactStore& artifacts,
                                                     const jobs::VersionProgressFn& progress,
                                                     std::stop_token stop) {
    std::unique_lock<std::mutex> serial(serial_, std::defer_lock);
    if (serialize()) serial.lock();
    const std::string name = info().name;
    auto report = [&](const std::string& stage, double f) {
        if (progress) progress(jobs::VersionProgress{stage, std::clamp(f, 0.0, 1.0)});
    };
    report("submit", 0.0);

    Result<std::string> id = fail(Errc::unavailable, name + " did not accept the task");
    double wait = timeouts_.retry_backoff_s;
    for (int attempt = 0; attempt <= timeouts_.submit_retries; ++attempt) {
        if (stop.stop_requested()) return fail(Errc::cancelled, "Generation was cancelled");
        id = submit(request);
        if (id || id.error().code != Errc::unavailable) break;
        if (attempt < timeouts_.submit_retries && sleep_or_stop(wait, stop)) {
            return fail(Errc::cancelled, "Generation was cancelled");
        }
        wait *= 2;
    }
    if (!id) return tl::unexpected(id.error());

    const double deadline_s = std::max(timeouts_.min_task_s, request.duration_s * timeouts_.slow_factor);
    const auto started = Clock::now();
    int poll_errors = 0;
    RemoteState state;
    for (;;) {
        if (stop.stop_requested()) {
            (void)cancel(*id);
            release(*id);
            return fail(Errc::cancelled, "Generation was cancelled");
        }
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        if (elapsed > deadline_s) {
            (void)cancel(*id);
            release(*id);
            return fail(Errc::unavailable, name + " did not finish the task within " +
                                               std::to_string(static_cast<long>(deadline_s)) +
                                               " s; it was cancelled");
        }
        auto polled = poll(*id);
        if (!polled) {
            if (polled.error().code != Errc::unavailable) {
                release(*id);
                return tl::unexpected(polled.error());
            }
            if (++poll_errors >= timeouts_.max_poll_errors) {
                return fail(Errc::unavailable, "lost contact with " + name + " while it rendered: " +
                                                   polled.error().message);
            }
        } else {
            poll_errors = 0;
            state = *polled;
            if (state.kind == RemoteState::Kind::done) break;
            if (state.kind == RemoteState::Kind::failed) {
                release(*id);
                return fail(Errc::internal, name + " failed to render the track" +
                                                (state.error.empty() ? "" : ": " + state.error));
            }
            if (state.kind == RemoteState::Kind::cancelled) {
                release(*id);
                return fail(Errc::unavailable, name + " cancelled the task on its side");
            }
            if (state.kind == RemoteState::Kind::lost) {
                return fail(Errc::unavailable,
                            name + " lost the task (it restarted or dropped it)" +
                                (state.error.empty() ? "" : ": " + state.error));
            }
            if (state.progress >= 0) report("render", 0.05 + 0.85 * state.progress);
        }
        if (sleep_or_stop(timeouts_.poll_interval_s, stop)) continue;
    }

    report("download", 0.9);
    auto audio = download(*id, state);
    release(*id);
    if (!audio) return tl::unexpected(audio.error());
    if (audio->bytes.size() < 64) {
        return fail(Errc::internal, name + " returned an empty audio file");
    }

    // Keep the engine's file as it came, then make the set every version has: a FLAC master,
    // the MP3 the seed clients play, and the waveform peaks.
    const std::string& vid = task.version_id;
    jobs::VersionOutput out;
    const std::string original = vid + ".source." + audio->extension;
    if (auto st = artifacts.write_file(task.job_id, original, audio->bytes); !st) {
        return tl::unexpected(st.error());
    }
    out.files.push_back(original);
    auto original_path = artifacts.file_path(task.job_id, original);
    if (!original_path) return tl::unexpected(original_path.error());
    auto pcm = encode::read_audio(*original_path);
    if (!pcm) {
        return fail(Errc::internal, name + " returned audio OMG cannot decode (" + audio->extension + ")");
    }
    encode::Metadata meta;
    meta.title = request.prompt.substr(0, 80);
    meta.software = "OMG via " + name;
    json comment = {{"provider", name}, {"prompt", request.prompt}, {"seed", request.seed ? json(*request.seed) : json(nullptr)}};
    if (!request.lyrics.empty()) comment["lyrics"] = request.lyrics;
    meta.comment = comment.dump();
    for (auto [ext, fmt] : {std::pair{"flac", encode::AudioFormat::flac}, std::pair{"mp3", encode::AudioFormat::mp3}}) {
        const std::string file = vid + "." + ext;
        if (audio->extension == ext) {
            if (auto st = artifacts.write_file(task.job_id, file, audio->bytes); !st) return tl::unexpected(st.error());
        } else {
            auto bytes = encode::encode_audio(*pcm, fmt, meta);
            if (!bytes) return tl::unexpected(bytes.error());
            if (auto st = artifacts.write_file(task.job_id, file, *bytes); !st) return tl::unexpected(st.error());
        }
        out.files.push_back(file);
    }
    if (auto st = artifacts.write_file(task.job_id, vid + ".peaks.json", jobs::peaks_json(*pcm, 1000)); !st) {
        return tl::unexpected(st.error());
    }
    out.files.push_back(vid + ".peaks.json");
    json md = {{"model", name},
               {"provider", name},
               {"remote_task_id", *id},
               {"duration_s", std::round(pcm->seconds() * 1000.0) / 1000.0},
               {"sample_rate", pcm->sample_rate}};
    if (!request.variant.empty()) md["model_variant"] = request.variant;
    if (request.source_audio) md["arrangement_guided"] = true;
    if (state.result.is_object() && state.result.contains("metas")) md["remote_metas"] = state.result["metas"];
    out.metadata_json = md.dump();
    report("encode", 1.0);
    return out;
}

}  // namespace omg::providers
