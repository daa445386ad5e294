// The server's show assembly (jobs/show_assembly.h) on a long show, for its memory (issue 14):
// `--cues` cue files (default 14) of synthetic stereo audio lasting `--minutes` (default 20)
// in all, written as FLAC into a scratch job folder, then the show mix and cue sheets
// assembled from them as the server does once every cue job is complete (segues, crossfades
// and cuts). Prints the mix's length, the assembly's wall time and the process's peak RSS
// before it and during it (VmHWM, reset before the assembly). Not a test: bench/run.sh runs it.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "encode/audio_writer.h"
#include "jobs/show_assembly.h"
#include "storage/ids.h"

using namespace omg;

namespace {

// The process's peak RSS (VmHWM), in MB.
double peak_rss_mb() {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (f == nullptr) return -1;
    char line[256];
    double kb = -1;
    while (std::fgets(line, sizeof line, f) != nullptr)
        if (std::strncmp(line, "VmHWM:", 6) == 0) kb = std::atof(line + 6);
    std::fclose(f);
    return kb / 1024.0;
}

// Starts the peak over from the current RSS (Linux's clear_refs "5").
void reset_peak_rss() {
    if (std::FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
        std::fputs("5", f);
        std::fclose(f);
    }
}

// A cue's file: a few partials with an envelope (something FLAC must really encode).
model::Pcm cue_audio(int index, double seconds) {
    constexpr int kRate = 44100;
    const auto frames = static_cast<size_t>(seconds * kRate);
    model::Pcm pcm(kRate, 2, std::vector<float>(frames * 2));
    const double f0 = 110.0 * (1 + index % 5);
    for (size_t n = 0; n < frames; ++n) {
        const double t = static_cast<double>(n) / kRate;
        const double v = 0.2 * (0.6 + 0.4 * std::exp(-std::fmod(t, 0.5) * 4)) *
                         (std::sin(2 * M_PI * f0 * t) + 0.3 * std::sin(2 * M_PI * 2.01 * f0 * t));
        pcm.samples[2 * n] = static_cast<float>(v);
        pcm.samples[2 * n + 1] = static_cast<float>(0.9 * v);
    }
    return pcm;
}

// FNV-1a of a file: the mix's bytes, to compare builds.
uint64_t file_hash(const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    uint64_t h = 1469598103934665603ull;
    if (f == nullptr) return 0;
    for (int c = std::fgetc(f); c != EOF; c = std::fgetc(f)) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    std::fclose(f);
    return h;
}

}  // namespace

int main(int argc, char** argv) {
    int cues = 14;
    double minutes = 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--cues") == 0) cues = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--minutes") == 0) minutes = std::max(0.1, std::atof(argv[i + 1]));
    }
    const auto root = std::filesystem::temp_directory_path() / ("omg-assembly-bench-" + std::to_string(::getpid()));
    auto job_files = storage::ArtifactStore::open(root / "jobs");
    auto show_files = storage::ArtifactStore::open(root / "shows");
    if (!job_files || !show_files) {
        std::fprintf(stderr, "assembly_bench: cannot open the scratch folders\n");
        return 1;
    }
    storage::ShowRecord show;
    show.id = storage::new_uuid();
    show.title = "Assembly bench";
    std::vector<jobs::JobView> views;
    for (int i = 0; i < cues; ++i) {
        model::ShowCue cue;
        cue.title = "Act " + std::to_string(i + 1);
        if (i % 3 == 1) cue.transition = {model::TransitionType::crossfade, 2};
        if (i % 5 == 4) cue.transition = {model::TransitionType::cut, 0};
        show.show.cues.push_back(cue);
        jobs::JobView view;
        view.record.id = storage::new_uuid();
        view.record.status = storage::JobStatus::completed;
        storage::VersionRecord version;
        version.id = storage::new_uuid();
        version.files = {version.id + ".flac"};
        auto path = job_files->file_path(view.record.id, version.files.front());
        std::filesystem::create_directories(path->parent_path());
        const model::Pcm audio = cue_audio(i, minutes * 60 / cues);
        if (auto st = encode::write_audio(audio, encode::AudioFormat::flac, {}, *path); !st) {
            std::fprintf(stderr, "assembly_bench: %s\n", st.error().message.c_str());
            return 1;
        }
        view.record.versions.push_back(version);
        views.push_back(std::move(view));
    }
    // The cues were made in memory one at a time: the peak starts over before the assembly.
    const double before = peak_rss_mb();
    reset_peak_rss();
    const auto t0 = std::chrono::steady_clock::now();
    auto assembled = jobs::assemble_show(show, views, *job_files, *show_files, {});
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::error_code ec;
    const auto mix_path = *show_files->file_path(show.id, "mix.flac");
    const auto mix_bytes = std::filesystem::file_size(mix_path, ec);
    const uint64_t hash = file_hash(mix_path);
    std::filesystem::remove_all(root, ec);
    if (!assembled) {
        std::fprintf(stderr, "assembly_bench: %s\n", assembled.error().message.c_str());
        return 1;
    }
    std::printf("assembly_bench: %d cues, %.1f min of cue audio, mix.flac %.1f MB: assembled in %.2f s; "
                "peak RSS %.0f MB making the cues, %.0f MB during the assembly (mix FNV-1a %016llx)\n",
                cues, minutes, static_cast<double>(mix_bytes) / 1e6, wall, before, peak_rss_mb(),
                static_cast<unsigned long long>(hash));
    return 0;
}
