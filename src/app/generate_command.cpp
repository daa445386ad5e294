#include "app/generate_command.h"

#include <fstream>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <stop_token>

#include "app/config.h"
#include "app/progress_bar.h"
#include "encode/audio_writer.h"
#include "engine/json.h"
#include "engine/outputs.h"
#include "model/limits.h"
#include "style/loader.h"

namespace omg::app {
namespace {

std::stop_source* g_stop = nullptr;

extern "C" void on_interrupt(int) {
    if (g_stop) g_stop->request_stop();
}

int report_error(const Error& e) {
    std::fprintf(stderr, "omg: error: %s\n", e.message.c_str());
    return e.code == Errc::invalid_argument || e.code == Errc::not_found ? 2 : 1;
}

// The folder must exist and be writable; the name must not be a folder.
Status check_writable(const std::filesystem::path& path, const char* what) {
    std::error_code ec;
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    if (!std::filesystem::is_directory(dir, ec))
        return fail(Errc::invalid_argument, std::string(what) + " folder '" + dir.string() + "' does not exist");
    if (access(dir.c_str(), W_OK) != 0)
        return fail(Errc::invalid_argument, std::string(what) + " folder '" + dir.string() + "' is not writable");
    if (std::filesystem::is_directory(path, ec))
        return fail(Errc::invalid_argument, std::string(what) + " path '" + path.string() + "' is a folder");
    return {};
}

std::filesystem::path version_path(const std::filesystem::path& path, int version, int versions) {
    if (versions <= 1) return path;
    auto p = path;
    p.replace_filename(path.stem().string() + "-" + std::to_string(version) + path.extension().string());
    return p;
}

// The command line's options. `asked` is the same typed request the server queues; the CLI's
// own are the optional duration (unset: from the prompt, then the style), the CLI's wider seed,
// the lyrics as a file or text, and vocals as on/off.
struct GenerateArgs {
    model::GenerationRequest asked;
    std::optional<double> duration;
    std::optional<uint64_t> seed;
    int versions = 1;
    std::string output, midi, stems, stems_format = "wav";
    std::optional<std::string> lyrics, vocals, loudness, quality;
    // A cue (model/cue.h): --vamp makes one; --intro and --ending shape it.
    std::optional<int> intro, vamp;
    std::optional<std::string> ending;
    std::vector<std::string> hits;  // --hit TIME:KIND or BAR:BEAT:KIND (model/hit.h)
    bool json = false;
    DataPaths data;
};

// The engine's request for one version (engine::request_for, as the server does).
engine::Request request_of(const GenerateArgs& a, std::optional<uint64_t> seed = std::nullopt) {
    engine::Request r = engine::request_for(a.asked, seed);
    r.duration_s = a.duration;
    r.stems = !a.stems.empty();
    if (a.vocals) r.vocals = *a.vocals == "on";
    return r;
}

// --lyrics names a file, or is the words themselves.
Result<std::string> lyrics_text(const std::string& arg) {
    std::error_code ec;
    if (arg.find('\n') == std::string::npos && arg.size() < 4096 && std::filesystem::is_regular_file(arg, ec)) {
        if (std::filesystem::file_size(arg, ec) > 256 * 1024)
            return fail(Errc::invalid_argument, "lyrics file '" + arg + "' is larger than 256 KiB");
        std::ifstream in(arg, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) return fail(Errc::io, "lyrics file '" + arg + "' could not be read");
        return text;
    }
    return arg;
}

// The cue the options ask for (none without --vamp).
Result<std::optional<model::CueShape>> cue_of(const GenerateArgs& a) {
    if (!a.vamp) {
        if (a.intro || a.ending) return fail(Errc::invalid_argument, "--intro and --ending shape a cue: add --vamp BARS");
        return std::optional<model::CueShape>();
    }
    model::CueShape cue;
    const std::string range = " must be between ";
    if (*a.vamp < 1 || *a.vamp > model::kMaxCueBars)
        return fail(Errc::invalid_argument, "--vamp" + range + "1 and " + std::to_string(model::kMaxCueBars) + " bars");
    if (a.intro && (*a.intro < 0 || *a.intro > model::kMaxCueBars))
        return fail(Errc::invalid_argument, "--intro" + range + "0 and " + std::to_string(model::kMaxCueBars) + " bars");
    cue.vamp_bars = *a.vamp;
    cue.intro_bars = a.intro.value_or(0);
    if (a.ending) {
        auto ending = model::parse_cue_ending(*a.ending);
        if (!ending) return fail(Errc::invalid_argument, "--ending must be button, stinger, fade or ring_out");
        cue.ending = *ending;
    }
    return std::optional<model::CueShape>(cue);
}

// The hit points --hit asks for.
Result<std::vector<model::Hit>> hits_of(const GenerateArgs& a) {
    if (a.hits.size() > model::kMaxHits)
        return fail(Errc::invalid_argument, "at most " + std::to_string(model::kMaxHits) + " --hit options");
    std::vector<model::Hit> hits;
    for (const std::string& text : a.hits) {
        auto hit = model::parse_hit(text);
        if (!hit)
            return fail(Errc::invalid_argument,
                        "--hit '" + text + "' must be SECONDS:KIND (12.5:accent) or BAR:BEAT:KIND (8:1:stop), KIND one "
                        "of accent, stop, stinger, section, cadence, build");
        if (hit->bar_beat && hit->bar_beat->bar > model::kMaxHitBar)
            return fail(Errc::invalid_argument, "--hit '" + text + "': the bar must be 1.." + std::to_string(model::kMaxHitBar));
        if (hit->time_s && *hit->time_s > model::kMaxDurationS)
            return fail(Errc::invalid_argument, "--hit '" + text + "': the time must be 0.." +
                                                    std::to_string(static_cast<int>(model::kMaxDurationS)) + " s");
        hits.push_back(*hit);
    }
    return hits;
}

int run_generate(const GenerateArgs& args) {
    if (args.versions < 1 || args.versions > model::kMaxVersions)
        return report_error({Errc::invalid_argument,
                             "--versions must be between 1 and " + std::to_string(model::kMaxVersions)});
    auto cue = cue_of(args);
    if (!cue) return report_error(cue.error());
    std::filesystem::path output = !args.output.empty() ? std::filesystem::path(args.output)
                                   : *cue               ? std::filesystem::path("omg.wav")
                                                        : std::filesystem::path("omg.mp3");
    if (*cue && (encode::format_from_path(output) == encode::AudioFormat::mp3 || args.stems_format == "mp3"))
        return report_error({Errc::invalid_argument,
                             "a cue cannot be MP3 (it cannot loop gaplessly): write .wav, .flac or .ogg"});
    if (!encode::format_from_path(output))
        return report_error({Errc::invalid_argument, "output '" + output.filename().string() +
                                                         "' must end in .mp3, .wav, .flac or .ogg"});
    if (auto s = check_writable(output, "output"); !s) return report_error(s.error());
    if (!args.midi.empty())
        if (auto s = check_writable(args.midi, "MIDI"); !s) return report_error(s.error());
    auto stems_format = encode::parse_format(args.stems_format);
    if (!stems_format) return report_error({Errc::invalid_argument, "--stems-format must be mp3, wav, flac or ogg"});

    auto engine = engine::Engine::open(resolve_config(args.data));
    if (!engine) return report_error(engine.error());
    if (args.loudness && !model::parse_loudness(*args.loudness))
        return report_error({Errc::invalid_argument,
                             "--loudness must be streaming, podcast, broadcast, game or show (or apple, theatre)"});
    if (args.vocals && *args.vocals != "on" && *args.vocals != "off")
        return report_error({Errc::invalid_argument, "--vocals must be on or off"});
    if (args.quality && !model::parse_sound_quality(*args.quality))
        return report_error({Errc::invalid_argument, "--quality must be fast or best"});
    auto hits = hits_of(args);
    if (!hits) return report_error(hits.error());
    GenerateArgs with_words = args;
    with_words.asked.cue = *cue;
    with_words.asked.hits = std::move(*hits);
    if (args.loudness) with_words.asked.loudness = model::parse_loudness(*args.loudness);
    if (args.quality) {
        with_words.asked.quality = model::parse_sound_quality(*args.quality);
        // Before any work: 'best' without its SoundFont is an error, never a quiet fallback.
        if (auto sf = engine->soundfont_for(*with_words.asked.quality); !sf)
            return report_error(sf.error());
    }
    if (args.lyrics) {
        auto text = lyrics_text(*args.lyrics);
        if (!text) return report_error(text.error());
        with_words.asked.lyrics = std::move(*text);
    }
    engine::Request request = request_of(with_words);
    // Validate the prompt and options before any work.
    if (auto brief = engine->interpret(request); !brief) return report_error(brief.error());

    std::stop_source stop;
    g_stop = &stop;
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    ProgressBar bar;
    nlohmann::json summary;
    summary["versions"] = nlohmann::json::array();
    summary["files"] = nlohmann::json::array();
    uint64_t seed = args.seed.value_or(0);
    for (int v = 1; v <= args.versions; ++v) {
        // Version 1 without --seed gets a fresh seed; later versions count up from it.
        request.seed = (args.seed || v > 1) ? std::optional<uint64_t>(seed + static_cast<uint64_t>(v - 1)) : std::nullopt;
        const std::string label_prefix = args.versions > 1 ? "v" + std::to_string(v) + " " : "";
        auto song = engine->generate(request, [&](const engine::Progress& p) {
            bar.update(label_prefix + p.stage, (v - 1 + p.fraction) / args.versions);
        }, stop.get_token());
        if (!song) {
            bar.finish();
            return report_error(song.error());
        }
        if (v == 1) seed = song->seed;
        bar.update(label_prefix + "encode", (v - 1 + 0.96) / args.versions);
        engine::OutputPaths paths;
        paths.audio = version_path(output, v, args.versions);
        if (!args.midi.empty()) paths.midi = version_path(args.midi, v, args.versions);
        if (!song->score.vocal.empty()) {  // the words' timing beside the audio
            auto timed = *paths.audio;
            paths.lrc = timed.replace_extension(".lrc");
            paths.vtt = timed.replace_extension(".vtt");
        }
        if (!args.stems.empty())
            paths.stems_dir = args.versions > 1 ? std::filesystem::path(args.stems) / ("v" + std::to_string(v))
                                                : std::filesystem::path(args.stems);
        paths.stems_format = *stems_format;
        const auto t0 = std::chrono::steady_clock::now();
        auto written = engine::write_outputs(*song, engine->styles(), paths);
        if (!written) {
            bar.finish();
            return report_error(written.error());
        }
        song->timings.push_back({"encode", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
        std::vector<std::string> stem_files;  // in the order of song->stems
        for (const auto& f : *written)
            if (f.kind == "stem") stem_files.push_back(f.path.string());
        nlohmann::json version = engine::song_json(*song, engine->styles(), stem_files);
        version["version"] = v;
        version["files"] = nlohmann::json::array();
        for (const auto& f : *written) {
            version["files"].push_back({{"kind", f.kind}, {"path", f.path.string()}});
            summary["files"].push_back(f.path.string());
        }
        if (v == 1) {
            summary["brief"] = version["brief"];
            summary["sections"] = version["sections"];
            summary["timings"] = version["timings"];
            summary["seed"] = song->seed;
        }
        summary["versions"].push_back(version);
    }
    bar.finish();
    g_stop = nullptr;
    if (args.json) {
        std::cout << summary.dump(2) << "\n";
    } else {
        for (const auto& f : summary["files"]) std::cout << f.get<std::string>() << "\n";
        std::fprintf(stderr, "seed %llu; regenerate with --seed\n", static_cast<unsigned long long>(seed));
    }
    return 0;
}

void add_data_options(CLI::App* cmd, DataPaths& data) {
    cmd->add_option("--soundfont", data.soundfont,
                    "General MIDI SoundFont (.sf2) of the fast quality; default FluidR3_GM");
    cmd->add_option("--best-soundfont", data.best_soundfont,
                    "SoundFont of the best quality; default MuseScore_General.sf3");
    cmd->add_option("--styles", data.styles_dir, "Folder of style files");
}

}  // namespace

void add_generate_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<GenerateArgs>();
    auto* cmd = app.add_subcommand("generate", "Compose, render and master a track from a prompt");
    cmd->add_option("prompt", args->asked.prompt, "What to play, e.g. \"upbeat circus march with brass, 140 bpm\"")->required();
    cmd->add_option("--duration", args->duration, "Length in seconds (5..600)");
    cmd->add_option("--seed", args->seed, "Seed: the same seed and options give the same track");
    cmd->add_option("--versions", args->versions, "How many versions (seeds seed, seed+1, ...)");
    cmd->add_option("--bpm", args->asked.bpm, "Tempo in beats per minute");
    cmd->add_option("--key", args->asked.key, "Key, e.g. \"D minor\", \"Eb\"");
    cmd->add_option("--time-signature", args->asked.time_signature, "Time signature, e.g. 3/4");
    cmd->add_option("--style", args->asked.style, "Style id (see `omg styles`)");
    cmd->add_option("-o,--output", args->output, "Audio file; the format comes from the extension");
    cmd->add_option("--midi", args->midi, "Also write the score as a MIDI file");
    cmd->add_option("--stems", args->stems, "Also write one audio file per instrument into this folder");
    cmd->add_option("--stems-format", args->stems_format, "Format of the stems (default wav)");
    cmd->add_option("--lyrics", args->lyrics,
                    "Words to sing: a file, or the text itself ([Verse]/[Chorus] tags shape the form)");
    cmd->add_option("--vocals", args->vocals, "on: sing (the built-in writer's words without --lyrics); off: instrumental");
    cmd->add_option("--loudness", args->loudness,
                    "Delivery loudness: streaming (-14 LUFS, the default), podcast (-16), broadcast "
                    "(EBU R128, -23), game (-24, -6 dBTP), show (-18, the same for every cue)");
    cmd->add_option("--quality", args->quality,
                    "Sound: fast (FluidR3_GM, the default) or best (MuseScore_General: in "
                    "phase and more even, a few seconds slower)");
    cmd->add_option("--vamp", args->vamp,
                    "Make a cue: a vamp of this many bars that loops without a seam (1..64); writes the "
                    "one file with loop points and NAME-intro, NAME-loop, NAME-ending beside it");
    cmd->add_option("--intro", args->intro, "A cue's intro, in bars (0..64, default 0)");
    cmd->add_option("--ending", args->ending, "A cue's ending: button, stinger, fade or ring_out (default)");
    cmd->add_option("--hit", args->hits,
                    "A hit point, repeatable: SECONDS:KIND (12.5:accent) or BAR:BEAT:KIND (8:1:stop); KIND is "
                    "accent, stop, stinger, section, cadence or build. Each lands on a downbeat within 10 ms, "
                    "or the summary says why it could not");
    cmd->add_flag("--json", args->json, "Print a JSON summary");
    add_data_options(cmd, args->data);
    cmd->callback([args, &exit_code] { exit_code = run_generate(*args); });
}

void add_interpret_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<GenerateArgs>();
    auto* cmd = app.add_subcommand("interpret", "Show what the engine understands from a prompt (JSON)");
    cmd->add_option("prompt", args->asked.prompt, "The prompt")->required();
    cmd->add_option("--duration", args->duration, "Length in seconds (5..600)");
    cmd->add_option("--bpm", args->asked.bpm, "Tempo in beats per minute");
    cmd->add_option("--key", args->asked.key, "Key, e.g. \"D minor\"");
    cmd->add_option("--time-signature", args->asked.time_signature, "Time signature, e.g. 3/4");
    cmd->add_option("--style", args->asked.style, "Style id");
    add_data_options(cmd, args->data);
    cmd->callback([args, &exit_code] {
        engine::Config config = resolve_config(args->data);
        auto engine = engine::Engine::open(config);
        if (!engine) {
            exit_code = report_error(engine.error());
            return;
        }
        model::Interpretation interpretation;
        auto brief = engine->interpret(request_of(*args), &interpretation);
        if (!brief) {
            exit_code = report_error(brief.error());
            return;
        }
        std::cout << engine::brief_json(*brief, interpretation, engine->styles()).dump(2) << "\n";
        exit_code = 0;
    });
}

void add_styles_command(CLI::App& app, int& exit_code) {
    auto data = std::make_shared<DataPaths>();
    auto* cmd = app.add_subcommand("styles", "List the styles (or `styles check` to validate the files)");
    auto check = std::make_shared<bool>(false);
    cmd->add_flag("--check", *check, "Validate every style file and exit non-zero on the first problem");
    cmd->add_option("--styles", data->styles_dir, "Folder of style files");
    cmd->callback([data, check, &exit_code] {
        auto library = style::load_library(resolve_config(*data).styles_dir);
        if (!library) {
            exit_code = report_error(library.error());
            return;
        }
        for (const auto& s : library->styles) {
            if (*check) continue;
            std::printf("%-16s %-30s %3.0f bpm  %s\n", s.id.c_str(), s.name.c_str(), s.tempo_default,
                        s.meters.front().text().c_str());
        }
        if (*check) std::printf("%zu styles OK\n", library->styles.size());
        exit_code = 0;
    });
}

}  // namespace omg::app
