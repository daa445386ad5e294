// FakeJobEngine: a JobEngine for tests. Takes `version_ms` per version in small steps
// (reporting progress, honouring stop), writes small files with the right magic bytes, fails
// for prompts containing "FAIL", throws for prompts containing "THROW" and aborts the whole
// process for prompts containing "ABORT". A job with lyrics (and vocals not false) also gets a
// one-line .lrc and .vtt and the sung line in its metadata. `fake_job(prompt, versions)` is a
// request the fake takes (10 s, `versions` versions): the queue tests' usual submission.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "jobs/job_engine.h"

namespace omg::testing {

inline storage::JobParams fake_job(const std::string& prompt, int versions = 1) {
    storage::JobParams p;
    p.prompt = prompt;
    p.duration_s = 10;
    p.num_versions = versions;
    return p;
}

class FakeJobEngine final : public jobs::JobEngine {
public:
    std::atomic<int> version_ms{50};
    std::atomic<int> generated{0};
    std::atomic<int> running{0};
    std::atomic<int> max_running{0};

    Result<jobs::VersionOutput> generate(const jobs::VersionTask& task,
                                         storage::ArtifactStore& artifacts,
                                         const jobs::VersionProgressFn& progress,
                                         std::stop_token stop) override {
        int now = ++running;
        int seen = max_running.load();
        while (now > seen && !max_running.compare_exchange_weak(seen, now)) {
        }
        struct Leave {
            std::atomic<int>& r;
            ~Leave() { --r; }
        } leave{running};
        if (task.params.prompt.find("THROW") != std::string::npos) {
            throw std::runtime_error("/secret/path/engine.cpp:42 boom");
        }
        if (task.params.prompt.find("ABORT") != std::string::npos) std::abort();  // a poison job
        const int steps = 10;
        for (int i = 0; i < steps; ++i) {
            if (stop.stop_requested()) return fail(Errc::cancelled, "cancelled");
            if (progress) progress({"render", static_cast<double>(i) / steps});
            // Woken by a stop, as a real render checks its token between blocks.
            std::mutex m;
            std::condition_variable_any cv;
            std::unique_lock lock(m);
            cv.wait_for(lock, stop, std::chrono::milliseconds(version_ms.load() / steps), [] { return false; });
        }
        if (task.params.prompt.find("FAIL") != std::string::npos) {
            return fail(Errc::invalid_argument, "The engine could not make this prompt");
        }
        const std::string& v = task.version_id;
        jobs::VersionOutput out;
        auto put = [&](const std::string& name, const std::string& bytes) -> Status {
            if (auto st = artifacts.write_file(task.job_id, name, bytes); !st) return st;
            out.files.push_back(name);
            return {};
        };
        std::string mp3 = "ID3" + std::string(4000, '\x01');
        // A cue's version, as the real adapter writes it: no MP3, its segments beside its FLAC.
        if (task.params.cue) {
            for (const char* s : {"intro", "loop", "ending"})
                if (auto st = put(v + "." + s + ".flac", "fLaC" + std::string(100, '\x04')); !st)
                    return tl::unexpected(st.error());
        } else if (auto st = put(v + ".mp3", mp3); !st) {
            return tl::unexpected(st.error());
        }
        if (auto st = put(v + ".flac", "fLaC" + std::string(4000, '\x02')); !st) {
            return tl::unexpected(st.error());
        }
        if (auto st = put(v + ".mid", "MThd" + std::string(100, '\x00')); !st) {
            return tl::unexpected(st.error());
        }
        if (auto st = put(v + ".peaks.json",
                          R"({"points":4,"duration":1,"sample_rate":44100,"min":[-0.1,-0.5,-0.2,0],"max":[0.1,0.5,0.3,0]})");
            !st) {
            return tl::unexpected(st.error());
        }
        // The shape engine::song_json gives (a brief as brief_json writes it).
        const std::string brief =
            R"("brief":{"genre":"jazz","tempo_bpm":96,"key":"D","mode":"dorian","time_signature":"3/4",)"
            R"("duration_s":10,"understood":[]})";
        out.metadata_json = R"({"sections":[{"name":"Intro","start_s":0}],)" + brief + "}";
        // Lyrics are sung unless the request says `vocals: false`, as the real adapter does: the
        // lines' times as .lrc and .vtt, and in the metadata.
        const bool sung = task.params.lyrics && !task.params.lyrics->empty() && task.params.vocals != false;
        if (sung) {
            if (auto st = put(v + ".lrc", "[ti:fake]\n[00:01.00]la la\n[00:03.00]\n"); !st) {
                return tl::unexpected(st.error());
            }
            if (auto st =
                    put(v + ".vtt", "WEBVTT\n\n1 Verse 1\n00:00:01.000 --> 00:00:03.000\nla la\n");
                !st) {
                return tl::unexpected(st.error());
            }
            out.metadata_json =
                R"({"sections":[{"name":"Intro","start_s":0}],)" + brief + "," +
                R"("vocals":true,"lines":[{"start_s":1,"end_s":3,"section":"Verse 1","text":"la la"}]})";
        }
        ++generated;
        if (progress) progress({"encode", 1.0});
        return out;
    }

    Status convert_audio(const std::filesystem::path&, const std::filesystem::path& destination,
                         const std::string& format) override {
        std::string magic = format == "wav" ? "RIFF\x10\x00\x00\x00WAVE" : format == "ogg" ? "OggS" : "XXXX";
        std::ofstream(destination, std::ios::binary) << magic << std::string(1000, '\x03');
        return {};
    }

    std::string describe() const override { return "fake 0"; }
};

}  // namespace omg::testing
