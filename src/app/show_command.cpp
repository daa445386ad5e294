#include "app/show_command.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>

#include "app/config.h"
#include "app/show_file.h"
#include "app/show_render.h"
#include "core/durable_file.h"
#include "encode/audio_writer.h"
#include "http/zip_archive.h"

namespace omg::app {
namespace {

namespace fs = std::filesystem;

struct ShowArgs {
    std::string file;
    std::string out = "show";
    int parallel = 0;
    DataPaths data;
};

std::stop_source* g_show_stop = nullptr;
extern "C" void on_show_interrupt(int) {
    if (g_show_stop) g_show_stop->request_stop();
}

int report(const Error& e) {
    std::fprintf(stderr, "omg show: error: %s\n", e.message.c_str());
    return e.code == Errc::invalid_argument || e.code == Errc::not_found ? 2 : 1;
}

// Every file under `dir` (but the zip itself), by its path relative to `dir`, in name order.
std::vector<http::ZipEntry> zip_entries(const fs::path& dir) {
    std::vector<http::ZipEntry> entries;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (!e.is_regular_file() || e.path().filename() == "show.zip" || is_temp_file_name(e.path().filename().string()))
            continue;
        entries.push_back({fs::relative(e.path(), dir).generic_string(), e.path()});
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return entries;
}

Status write_zip(const fs::path& dir) {
    auto zip = http::ZipArchive::plan(zip_entries(dir));
    if (!zip) return tl::unexpected(zip.error());
    const fs::path tmp = dir / "show.zip.partial";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        constexpr uint64_t kChunk = 1 << 20;
        std::string buf;
        for (uint64_t at = 0; at < zip->size() && out; at += kChunk) {
            buf.clear();
            if (auto st = zip->read(at, std::min(kChunk, zip->size() - at), &buf); !st) return st;
            out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
        }
        if (!out) return fail(Errc::io, "cannot write show.zip");
    }
    std::error_code ec;
    fs::rename(tmp, dir / "show.zip", ec);
    if (ec) return fail(Errc::io, "cannot write show.zip");
    return {};
}

int run_show(const ShowArgs& args) {
    auto show = read_show_file(args.file);
    if (!show) return report(show.error());
    const fs::path dir = args.out;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) return report({Errc::invalid_argument, "cannot create the folder '" + args.out + "'"});
    engine::Config config = resolve_config(args.data);
    // Cues run side by side, each on one render thread (the cores go to the cues).
    config.render_threads = 1;
    auto engine = engine::Engine::open(config);
    if (!engine) return report(engine.error());

    std::stop_source stop;
    g_show_stop = &stop;
    std::signal(SIGINT, on_show_interrupt);
    std::signal(SIGTERM, on_show_interrupt);
    ShowRenderOptions options;
    options.parallel = args.parallel;
    options.out_dir = dir;
    options.stop = stop.get_token();
    options.on_cue_done = [](size_t done, size_t total) {
        std::fprintf(stderr, "omg show: %zu of %zu cues rendered\n", done, total);
    };
    const auto t0 = std::chrono::steady_clock::now();
    auto rendered = render_show(*engine, *show, options);
    if (!rendered) return report(rendered.error());
    encode::Metadata meta;
    meta.title = show->title;
    meta.software = std::string("OMG ") + engine::engine_version();
    auto mixed = write_show_mix(*rendered, encode::AudioFormat::wav, meta, dir / "show.wav");
    if (!mixed) return report(mixed.error());
    const double length_s = *mixed;
    if (auto st = write_file_durably(dir / "cue-sheet.csv", show::cue_sheet_csv(rendered->rows)); !st) return report(st.error());
    if (auto st = write_file_durably(dir / "cue-sheet.json", show::cue_sheet_json(show->title, length_s, rendered->rows)); !st)
        return report(st.error());
    if (auto st = write_zip(dir); !st) return report(st.error());
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (const auto& row : rendered->rows)
        std::printf("%2d  %-28s %-5s start %8.3f s  length %7.3f s  %-28s %s\n", row.number, row.title.c_str(),
                    row.kind.c_str(), row.start_s, row.length_s,
                    show::cue_tempo(row.time_signature, row.tempo_bpm).text.c_str(), row.key.c_str());
    std::printf("omg show: %s: %zu cues, %.1f s of music in %.1f s -> %s/show.wav, cue-sheet.csv, cue-sheet.json, show.zip\n",
                show->title.c_str(), rendered->rows.size(), length_s, wall, args.out.c_str());
    return 0;
}

}  // namespace

void add_show_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<ShowArgs>();
    CLI::App* cmd = app.add_subcommand("show", "Render a show (a TOML cue list): every cue, its stems and loops, "
                                               "the continuous show mix, the cue sheets and a zip");
    cmd->add_option("file", args->file, "The show: a TOML file (see README, 'omg show')")->required();
    cmd->add_option("-o,--output", args->out, "Folder for the show's files (created if needed)");
    cmd->add_option("-j,--parallel", args->parallel, "Cues rendered at once (default: one per core)")
        ->check(CLI::Range(0, 256));
    cmd->add_option("--soundfont", args->data.soundfont, "General MIDI SoundFont (.sf2); default FluidR3_GM");
    cmd->add_option("--best-soundfont", args->data.best_soundfont, "SoundFont of the best quality");
    cmd->add_option("--styles", args->data.styles_dir, "Folder of style files");
    cmd->callback([args, &exit_code] { exit_code = run_show(*args); });
}

}  // namespace omg::app
