#include "jobs/show_assembly.h"

#include "encode/audio_stream.h"
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

Result<std::filesystem::path> cue_path(const storage::ArtifactStore& files, const JobView& job) {
    if (job.record.versions.empty()) return fail(Errc::not_found, "a cue has no version");
    return files.file_path(job.record.id, job.record.versions.front().id + ".flac");
}

Result<std::unique_ptr<encode::AudioFileReader>> open_cue(const storage::ArtifactStore& files, const JobView& job) {
    auto path = cue_path(files, job);
    if (!path) return tl::unexpected(path.error());
    return encode::AudioFileReader::open(*path);
}

// A cue's FLAC as the mixer reads it.
class CueFile final : public show::CueReader {
public:
    explicit CueFile(std::unique_ptr<encode::AudioFileReader> file) : file_(std::move(file)) {}
    int sample_rate() const override { return file_->sample_rate(); }
    int channels() const override { return file_->channels(); }
    int64_t frames() const override { return file_->frames(); }
    Status read(int64_t start, int64_t count, float* out) override { return file_->read(start, count, out); }

private:
    std::unique_ptr<encode::AudioFileReader> file_;
};

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
        auto file = open_cue(job_files, job);  // its header: the length without decoding it
        if (!file) return tl::unexpected(file.error());
        channels = (*file)->channels();
        const json meta = json::parse(job.record.versions.front().metadata_json, nullptr, false);
        rendered.push_back(rendered_cue(meta.is_object() ? meta : json::object(), (*file)->frames(),
                                        (*file)->sample_rate()));
    }
    auto timeline = show::show_timeline(show.show, rendered);
    if (!timeline) return tl::unexpected(timeline.error());
    auto mix_path = show_files.file_path(show.id, "mix.flac");
    if (!mix_path) return tl::unexpected(mix_path.error());
    std::error_code ec;
    std::filesystem::create_directories(mix_path->parent_path(), ec);
    if (ec) return fail(Errc::io, "cannot create the show's folder");
    encode::Metadata meta;
    meta.title = show.title;
    meta.software = std::string("OMG ") + engine::engine_version();
    auto writer = encode::AudioFileWriter::open(*mix_path, encode::AudioFormat::flac, timeline->sample_rate, channels, meta);
    if (!writer) return tl::unexpected(writer.error());
    auto open = [&](size_t i) -> Result<std::unique_ptr<show::CueReader>> {
        auto file = open_cue(job_files, cue_jobs[i]);
        if (!file) return tl::unexpected(file.error());
        return std::unique_ptr<show::CueReader>(std::make_unique<CueFile>(std::move(*file)));
    };
    auto sink = [&](std::span<const float> block) { return (*writer)->write(block); };
    auto mixed = show::stream_mix(*timeline, channels, open, sink, show::kMixBlockFrames, stop);
    if (!mixed) return tl::unexpected(mixed.error());
    if (auto st = (*writer)->finish(); !st) return tl::unexpected(st.error());
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
