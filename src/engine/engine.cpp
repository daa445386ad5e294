#include "engine/engine.h"

#include <chrono>
#include <random>
#include <thread>

#include "compose/compose.h"
#include "master/master.h"
#include "prompt/prompt.h"
#include "render/render.h"
#include "style/loader.h"

namespace omg::engine {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

prompt::Overrides overrides_of(const Request& r) {
    prompt::Overrides o;
    o.duration_s = r.duration_s;
    o.bpm = r.bpm;
    o.key = r.key;
    o.time_signature = r.time_signature;
    o.style = r.style;
    return o;
}

uint64_t fresh_seed() {
    std::random_device device;
    return (static_cast<uint64_t>(device()) << 32 | device()) & 0x7FFFFFFFFFFFFFFFULL;
}

Status check_stop(const std::stop_token& stop) {
    if (stop.stop_requested()) return fail(Errc::cancelled, "generation cancelled");
    return {};
}

}  // namespace

const char* engine_version() { return "0.1.0"; }

Result<Engine> Engine::open(const Config& config) {
    auto library = style::load_library(config.styles_dir);
    if (!library) return tl::unexpected(library.error());
    if (library->styles.empty()) return fail(Errc::not_found, "no styles found in the styles folder");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config.soundfont, ec))
        return fail(Errc::not_found, "SoundFont '" + config.soundfont.filename().string() +
                                         "' not found (install fluid-soundfont-gm or pass --soundfont)");
    return Engine(config, std::move(*library));
}

Result<model::Brief> Engine::interpret(const Request& request, model::Interpretation* out) const {
    auto understood = prompt::understand(request.prompt, overrides_of(request), styles_);
    if (!understood) return tl::unexpected(understood.error());
    if (out) *out = understood->interpretation;
    return understood->brief;
}

Result<Arrangement> Engine::compose(const Request& request) const {
    auto understood = prompt::understand(request.prompt, overrides_of(request), styles_);
    if (!understood) return tl::unexpected(understood.error());
    const model::Style* style = styles_.find(understood->brief.style);
    if (!style) return fail(Errc::internal, "the prompt chose a style that is not loaded");
    Arrangement out;
    out.brief = understood->brief;
    out.interpretation = understood->interpretation;
    out.seed = request.seed.value_or(fresh_seed());
    auto score = compose::compose(out.brief, *style, compose::ComposeOptions{out.seed});
    if (!score) return tl::unexpected(score.error());
    out.score = std::move(*score);
    return out;
}

Result<Song> Engine::generate(const Request& request, const ProgressFn& progress, std::stop_token stop) const {
    auto report = [&](const char* stage, double fraction) {
        if (progress) progress(Progress{stage, fraction});
    };
    Song song;
    report("interpret", 0.0);
    auto t0 = Clock::now();
    auto understood = prompt::understand(request.prompt, overrides_of(request), styles_);
    if (!understood) return tl::unexpected(understood.error());
    song.brief = understood->brief;
    song.interpretation = understood->interpretation;
    song.timings.push_back({"interpret", seconds_since(t0)});
    const model::Style* style = styles_.find(song.brief.style);
    if (!style) return fail(Errc::internal, "the prompt chose a style that is not loaded");
    if (auto s = check_stop(stop); !s) return tl::unexpected(s.error());

    song.seed = request.seed.value_or(fresh_seed());
    report("compose", 0.03);
    t0 = Clock::now();
    auto score = compose::compose(song.brief, *style, compose::ComposeOptions{song.seed});
    if (!score) return tl::unexpected(score.error());
    song.score = std::move(*score);
    song.timings.push_back({"compose", seconds_since(t0)});
    if (auto s = check_stop(stop); !s) return tl::unexpected(s.error());

    report("render", 0.08);
    t0 = Clock::now();
    render::RenderOptions ro;
    ro.soundfont = config_.soundfont;
    ro.sample_rate = config_.sample_rate;
    ro.balance_cache = config_.cache_dir;
    ro.stems = request.stems;
    ro.threads = config_.render_threads > 0 ? config_.render_threads
                                            : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    ro.stop = stop;
    ro.progress = [&](double f) { report("render", 0.08 + 0.8 * f); };
    auto rendered = render::render(song.score, ro);
    if (!rendered) return tl::unexpected(rendered.error());
    song.timings.push_back({"render", seconds_since(t0)});
    if (auto s = check_stop(stop); !s) return tl::unexpected(s.error());

    report("master", 0.9);
    t0 = Clock::now();
    master::MasterOptions mo;
    if (style->ending.fade) mo.fade_out_s = std::min(10.0, 0.15 * song.brief.duration_s);
    if (style->feel == "ambient") mo.fade_in_s = std::min(3.0, 0.05 * song.brief.duration_s);
    std::vector<model::Pcm*> companions;
    for (auto& stem : rendered->stems) companions.push_back(&stem.pcm);
    auto report_master = master::master(rendered->mix, mo, companions);
    if (!report_master) return tl::unexpected(report_master.error());
    song.integrated_lufs = report_master->after.integrated_lufs;
    song.true_peak_dbtp = report_master->after.true_peak_dbtp;
    song.audio = std::move(rendered->mix);
    song.stems = std::move(rendered->stems);
    song.timings.push_back({"master", seconds_since(t0)});

    song.recipe.prompt = request.prompt;
    song.recipe.seed = song.seed;
    song.recipe.duration_s = song.brief.duration_s;
    song.recipe.bpm = request.bpm;
    song.recipe.key = request.key;
    song.recipe.time_signature = request.time_signature;
    song.recipe.style = request.style;
    song.recipe.engine_version = engine_version();
    report("master", 0.95);
    return song;
}

}  // namespace omg::engine
