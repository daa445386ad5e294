#include "jobs/show_assembly.h"

#include "encode/audio_writer.h"
#include "engine/engine.h"
#include "show/mix.h"

namespace omg::jobs {

using json = nlohmann::json;

show::RenderedCue rendered_cue(const json& meta, int64_t frames, int sample_rate) {
    show::RenderedCue cue;
    cue.frames = frames;
    cue.sample_rate = sample_rate;
    const json brief = meta.value("brief", json::object());
    cue.tempo_bpm = brief.value("tempo_bpm", 120.0);
    cue.time_signature = brief.value("time_signature", std::string("4/4"));
    cue.key = brief.value("key", std::string()) + " " + brief.value("mode", std::string("major"));
    if (meta.contains("cue") && meta["cue"].is_object()) {
        const json& c = meta["cue"];
        cue.segments = show::CueSegments{c.value("intro_frames", int64_t{0}), c.value("loop_frames", int64_t{0}),
                                         c.value("ending_frames", int64_t{0})};
        const auto ending = model::parse_cue_ending(c.value("ending", std::string("ring_out")));
        cue.tail_frames = show::ending_tail_frames(ending.value_or(model::CueEnding::ring_out),
                                                   c.value("frames_per_bar", int64_t{0}), cue.segments->ending_frames);
    }
    if (meta.contains("hits") && meta["hits"].is_array()) {
        for (const json& h : meta["hits"]) {
            show::SheetHit hit;
            hit.time_s = h.value("time_s", h.value("time", 0.0));
            hit.kind = h.value("kind", std::string("accent"));
            hit.met = h.value("met", false);
            if (hit.met && h.contains("landed_s")) hit.landed_s = h["landed_s"].get<double>();
            hit.reason = h.value("reason", std::string());
            cue.hits.push_back(std::move(hit));
        }
    }
    if (meta.contains("recipe")) cue.recipe_json = meta["recipe"].dump();
    return cue;
}

namespace {

Result<model::Pcm> read_cue(const storage::ArtifactStore& files, const JobView& job) {
    if (job.record.versions.empty()) return fail(Errc::not_found, "a cue has no version");
    const auto& v = job.record.versions.front();
    auto path = files.file_path(job.record.id, v.id + ".flac");
    if (!path) return tl::unexpected(path.error());
    return encode::read_audio(*path);
}

Status write_text(storage::ArtifactStore& files, const std::string& show_id, const std::string& name,
                  const std::string& text) {
    return files.write_file(show_id, name, std::string_view(text));
}

}  // namespace

Result<AssembledShow> assemble_show(const storage::ShowRecord& show, const std::vector<JobView>& cue_jobs,
                                    const storage::ArtifactStore& job_files, storage::ArtifactStore& show_files,
                                    std::stop_token stop) {
    if (cue_jobs.size() != show.show.cues.size()) return fail(Errc::invalid_argument, "one job per cue");
    std::vector<show::RenderedCue> rendered;
    int channels = 2;
    for (const JobView& job : cue_jobs) {
        if (stop.stop_requested()) return fail(Errc::cancelled, "stopping");
        auto pcm = read_cue(job_files, job);
        if (!pcm) return tl::unexpected(pcm.error());
        channels = pcm->channels;
        const json meta = json::parse(job.record.versions.front().metadata_json, nullptr, false);
        rendered.push_back(rendered_cue(meta.is_object() ? meta : json::object(), static_cast<int64_t>(pcm->frames()),
                                        pcm->sample_rate));
    }
    auto timeline = show::show_timeline(show.show, rendered);
    if (!timeline) return tl::unexpected(timeline.error());
    model::Pcm mix = show::empty_mix(*timeline, channels);
    for (size_t i = 0; i < cue_jobs.size(); ++i) {
        if (stop.stop_requested()) return fail(Errc::cancelled, "stopping");
        auto pcm = read_cue(job_files, cue_jobs[i]);
        if (!pcm) return tl::unexpected(pcm.error());
        if (auto st = show::add_cue(mix, *timeline, i, *pcm); !st) return tl::unexpected(st.error());
    }
    encode::Metadata meta;
    meta.title = show.title;
    meta.software = std::string("OMG ") + engine::engine_version();
    auto bytes = encode::encode_audio(mix, encode::AudioFormat::flac, meta);
    if (!bytes) return tl::unexpected(bytes.error());
    if (auto st = show_files.write_file(show.id, "mix.flac", *bytes); !st) return tl::unexpected(st.error());
    const auto rows = show::cue_sheet_rows(show.show, rendered, *timeline);
    const double length_s = static_cast<double>(timeline->frames) / timeline->sample_rate;
    if (auto st = write_text(show_files, show.id, "cue-sheet.csv", show::cue_sheet_csv(rows)); !st)
        return tl::unexpected(st.error());
    if (auto st = write_text(show_files, show.id, "cue-sheet.json", show::cue_sheet_json(show.title, length_s, rows)); !st)
        return tl::unexpected(st.error());
    AssembledShow out;
    for (const auto& row : rows) out.starts_s.push_back(row.start_s);
    out.files = {"mix.flac", "cue-sheet.csv", "cue-sheet.json"};
    return out;
}

}  // namespace omg::jobs
