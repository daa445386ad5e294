#include "render/balance.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <cmath>
#include <map>
#include <mutex>
#include <numbers>
#include <set>
#include <thread>
#include <tuple>

#include "render/synth.h"

namespace omg::render {
namespace {

// A probe note is held for the longest of these lengths, then released for kMaxRelease; its
// energy is read at each length, plus its release's (measured as seconds of the power just
// before the note-off, at most kMaxRelease).
constexpr std::array<double, 3> kProbeLengths = {0.15, 0.6, 1.6};
constexpr double kMaxRelease = 1.0;
constexpr double kEndWindow = 0.05;
constexpr int kLoudVelocity = 127;
constexpr int kSoftVelocity = 64;  // held for the middle length: how the preset answers velocity
constexpr double kBlockSeconds = 0.4;  // BS.1770's gating block
constexpr double kSoundsAfterNote = 0.2;  // a note's block count includes some of its release
constexpr double kMaxDrumRing = 2.4;   // a drum hit's energy counts until the next hit, at most

struct ProbeKey {
    std::string soundfont;
    int sample_rate = 0;
    int bank = 0;
    int program = 0;
    bool drums = false;
    int key = 0;
    auto operator<=>(const ProbeKey&) const = default;
};

struct NoteEnergy {
    std::array<double, 3> loud{};  // K-weighted energy at kLoudVelocity, per probe length
    double soft = 0;               // at kSoftVelocity, middle length
    double ll = 0, rr = 0, lr = 0;  // sums of L*L, R*R and L*R of the loud probe
    double release_s = 0;           // the release's energy in seconds of the note-off's power
};

// A preset whose two channels are less alike than this (FluidR3's stereo pianos, strings and
// choirs are recorded with spaced microphones, some nearly out of phase) is narrowed to it.
constexpr double kMinDryCorrelation = 0.8;
constexpr double kMinWidth = 0.15;

std::mutex& cache_mutex() {
    static std::mutex m;
    return m;
}
std::map<ProbeKey, NoteEnergy>& cache() {
    static std::map<ProbeKey, NoteEnergy> c;
    return c;
}

// ---- the on-disk cache: one file per SoundFont file (path, size, mtime) and sample rate -------
// A line per probe: "bank program drums key" and the NoteEnergy's eight values as hexadecimal
// floats, so a value read back is bit-identical to the one measured. Lines are appended whole
// with O_APPEND (concurrent processes may add the same probe twice: harmless); a line that does
// not parse is skipped and measured again.
constexpr int kCacheFormat = 1;  // bump when the probes or their measures change

std::set<std::filesystem::path>& loaded_files() {
    static std::set<std::filesystem::path> s;
    return s;
}

std::filesystem::path cache_file(const std::filesystem::path& dir,
                                 const std::filesystem::path& soundfont, int sample_rate) {
    struct stat st {};
    if (dir.empty() || ::stat(soundfont.c_str(), &st) != 0) return {};
    std::ostringstream id;
    id << kCacheFormat << '|' << std::filesystem::absolute(soundfont).string() << '|' << st.st_size
       << '|' << st.st_mtim.tv_sec << '.' << st.st_mtim.tv_nsec << '|' << sample_rate;
    uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : id.str()) h = (h ^ c) * 1099511628211ull;
    char name[64];
    std::snprintf(name, sizeof name, "balance-%016llx.txt", static_cast<unsigned long long>(h));
    return dir / name;
}

std::string cache_line(const ProbeKey& k, const NoteEnergy& e) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%d %d %d %d %a %a %a %a %a %a %a %a\n", k.bank, k.program,
                  k.drums ? 1 : 0, k.key, e.loud[0], e.loud[1], e.loud[2], e.soft, e.ll, e.rr, e.lr,
                  e.release_s);
    return buf;
}

// Reads `file` into the process cache (caller holds cache_mutex()).
void load_cache_locked(const std::filesystem::path& file, const std::filesystem::path& soundfont,
                       int sample_rate) {
    if (file.empty() || !loaded_files().insert(file).second) return;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        ProbeKey k{soundfont.string(), sample_rate, 0, 0, false, 0};
        int drums = 0;
        std::array<std::string, 8> v;
        if (!(fields >> k.bank >> k.program >> drums >> k.key)) continue;
        bool ok = true;
        for (auto& x : v) ok = ok && static_cast<bool>(fields >> x);
        if (!ok) continue;
        std::array<double, 8> d{};
        for (size_t i = 0; i < v.size() && ok; ++i) {
            char* end = nullptr;
            d[i] = std::strtod(v[i].c_str(), &end);
            ok = end != nullptr && *end == '\0' && std::isfinite(d[i]);
        }
        if (!ok) continue;
        k.drums = drums != 0;
        NoteEnergy e;
        e.loud = {d[0], d[1], d[2]};
        e.soft = d[3];
        e.ll = d[4];
        e.rr = d[5];
        e.lr = d[6];
        e.release_s = d[7];
        cache().emplace(k, e);
    }
}

void append_cache(const std::filesystem::path& file, const std::map<ProbeKey, NoteEnergy>& measured) {
    if (file.empty() || measured.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    std::string text;
    for (const auto& [k, e] : measured) text += cache_line(k, e);
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;  // a cache that cannot be written only costs time
    const ssize_t n = ::write(fd, text.data(), text.size());
    (void)n;
    ::close(fd);
}

// The K-weighting of ITU-R BS.1770 (a high shelf of +4 dB above ~1.7 kHz and a high-pass at
// ~38 Hz) for any sample rate, as two biquads.
class KWeighting {
public:
    explicit KWeighting(int rate) {
        const double pi = std::numbers::pi;
        {
            const double f0 = 1681.974450955533, g = 3.999843853973347, q = 0.7071752369554196;
            const double k = std::tan(pi * f0 / rate);
            const double vh = std::pow(10.0, g / 20.0);
            const double vb = std::pow(vh, 0.4996667741545416);
            const double a0 = 1.0 + k / q + k * k;
            s1_ = {(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0,
                   (vh - vb * k / q + k * k) / a0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
        }
        {
            const double f0 = 38.13547087602444, q = 0.5003270373238773;
            const double k = std::tan(pi * f0 / rate);
            const double a0 = 1.0 + k / q + k * k;
            s2_ = {1.0, -2.0, 1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0};
        }
    }
    // Running sum of the squared K-weighted stereo frames (channels averaged): out[i] is the
    // energy of frames [0, i).
    std::vector<double> cumulative_energy(const std::vector<float>& frames) const {
        std::vector<double> power(frames.size() / 2, 0.0);
        for (size_t ch = 0; ch < 2; ++ch) {
            std::array<double, 4> st1{}, st2{};
            for (size_t i = 0; i < power.size(); ++i) {
                const double y = step(s2_, st2, step(s1_, st1, frames[2 * i + ch]));
                power[i] += y * y / 2;
            }
        }
        std::vector<double> sum(power.size() + 1, 0.0);
        for (size_t i = 0; i < power.size(); ++i) sum[i + 1] = sum[i] + power[i];
        return sum;
    }

private:
    struct Coeffs {
        double b0, b1, b2, a1, a2;
    };
    static double step(const Coeffs& c, std::array<double, 4>& s, double x) {
        const double y = c.b0 * x + c.b1 * s[0] + c.b2 * s[1] - c.a1 * s[2] - c.a2 * s[3];
        s = {x, s[0], y, s[2]};
        return y;
    }
    Coeffs s1_{}, s2_{};
};

model::Track probe_track(const ProbeKey& k) {
    model::Track t;
    t.program = k.program;
    t.bank = k.bank;
    t.drums = k.drums;
    t.volume = 127;
    t.pan = 64;
    t.reverb = 0;
    t.chorus = 0;
    return t;
}

// Frames of `seconds`, rounded up to whole FluidSynth blocks.
int block_frames(double seconds, int rate) {
    const auto blocks = (std::lround(seconds * rate) + kSynthBlock - 1) / kSynthBlock;
    return static_cast<int>(blocks * kSynthBlock);
}

// One note alone on channel 0, held for `hold_s`, released for `release_s`, then cut. Every
// write is a whole number of FluidSynth's blocks, so each probe starts on a block boundary (a
// note-on waits for the next block: a probe must not start earlier or later depending on what
// was measured before it), and the first two blocks are left out (FluidSynth's gain ramp there
// depends on what the voice slot played before). So a probe measures the same whichever synth
// and order it is rendered in: the render is the same for any thread count.
std::vector<float> render_note(Synth& synth, int key, int velocity, double hold_s, double release_s, int rate) {
    const int held = block_frames(hold_s, rate);
    const int released = release_s > 0 ? block_frames(release_s, rate) : 0;
    std::vector<float> audio(static_cast<size_t>(held + released) * 2);
    synth.apply({0, EventKind::note_on, 0, static_cast<uint8_t>(key), static_cast<uint8_t>(velocity)});
    synth.write(audio.data(), held);
    if (released > 0) {
        synth.apply({0, EventKind::note_off, 0, static_cast<uint8_t>(key), 0});
        synth.write(audio.data() + static_cast<size_t>(held) * 2, released);
    }
    synth.silence(0);
    std::vector<float> flush(static_cast<size_t>(kSynthBlock) * 2 * 4);
    synth.write(flush.data(), static_cast<int>(kSynthBlock) * 4);  // lets the cut voices go
    const auto skip = static_cast<size_t>(std::min<int64_t>(held, 2 * kSynthBlock)) * 2;
    std::fill(audio.begin(), audio.begin() + static_cast<long>(skip), 0.0f);
    return audio;
}

// Mean power over the kEndWindow before frame `end`.
double power_before(const std::vector<double>& sum, size_t end, int rate) {
    const size_t window = std::min(end, static_cast<size_t>(std::lround(kEndWindow * rate)));
    return window > 0 ? (sum[end] - sum[end - window]) / static_cast<double>(window) : 0.0;
}

// Energy of the note held `length_s` plus its release (`release_s` seconds' worth of the power
// at the note-off), from the running sum.
double energy_at(const std::vector<double>& sum, double length_s, double release_s, int rate) {
    const size_t end = std::min(sum.size() - 1, static_cast<size_t>(std::lround(length_s * rate)));
    return sum[end] + power_before(sum, end, rate) * release_s * rate;
}

Status measure(const std::vector<ProbeKey>& keys, const std::filesystem::path& soundfont, int rate,
               std::map<ProbeKey, NoteEnergy>& out) {
    SynthConfig config;
    config.soundfont = soundfont;
    config.sample_rate = rate;
    config.reverb = false;
    config.chorus = false;
    auto synth = Synth::open(config);
    if (!synth) return tl::unexpected(synth.error());
    const KWeighting kw(rate);
    for (const ProbeKey& k : keys) {
        synth->setup_channel(0, probe_track(k));
        NoteEnergy e;
        const std::vector<float> loud =
            render_note(*synth, k.key, kLoudVelocity, kProbeLengths.back(), kMaxRelease, rate);
        const std::vector<double> sum = kw.cumulative_energy(loud);
        // The release's energy, in seconds of the power at the note-off (a vibraphone's rings
        // on for a second, an organ's stops at once).
        const auto held = static_cast<size_t>(block_frames(kProbeLengths.back(), rate));
        const double end_power = power_before(sum, held, rate);
        if (end_power > 0) {
            e.release_s = std::clamp((sum.back() - sum[held]) / end_power / rate, 0.0, kMaxRelease);
        }
        for (size_t i = 0; i < kProbeLengths.size(); ++i)
            e.loud[i] = energy_at(sum, kProbeLengths[i], e.release_s, rate);
        for (size_t i = 0; i + 1 < loud.size(); i += 2) {
            e.ll += double(loud[i]) * loud[i];
            e.rr += double(loud[i + 1]) * loud[i + 1];
            e.lr += double(loud[i]) * loud[i + 1];
        }
        const std::vector<float> soft = render_note(*synth, k.key, kSoftVelocity, kProbeLengths[1], 0.0, rate);
        e.soft = energy_at(kw.cumulative_energy(soft), kProbeLengths[1], e.release_s, rate);
        out[k] = e;
    }
    return {};
}

// Energy of one note of `length_s` at `velocity`, from its probes: log-log between the probe
// lengths, the last probe's late power beyond them, and the preset's own velocity response.
double note_energy(const NoteEnergy& e, double length_s, int velocity) {
    const auto& d = kProbeLengths;
    double energy = 0;
    if (length_s <= d[0]) {
        energy = e.loud[0] * (length_s + e.release_s) / (d[0] + e.release_s);
    } else if (length_s >= d[2]) {
        const double late_power = std::max(0.0, (e.loud[2] - e.loud[1]) / (d[2] - d[1]));
        energy = e.loud[2] + (length_s - d[2]) * late_power;
    } else {
        const size_t i = length_s < d[1] ? 0 : 1;
        const double t = std::log(length_s / d[i]) / std::log(d[i + 1] / d[i]);
        const double lo = std::max(e.loud[i], 1e-30), hi = std::max(e.loud[i + 1], 1e-30);
        energy = std::exp(std::log(lo) + t * (std::log(hi) - std::log(lo)));
    }
    double exponent = 4.0;  // FluidSynth's default velocity curve: 40 dB per decade
    if (e.soft > 0 && e.loud[1] > 0) {
        exponent = std::clamp(std::log(e.loud[1] / e.soft) /
                                  std::log(double(kLoudVelocity) / kSoftVelocity),
                              0.0, 8.0);
    }
    return energy * std::pow(std::clamp(velocity, 1, 127) / double(kLoudVelocity), exponent);
}

// The keys a melodic track is measured at: its 10th, 50th and 90th percentile (a preset's samples
// change across the keyboard, and a few of FluidR3's are far wider than the rest).
std::vector<int> probe_keys(const model::Track& t) {
    std::vector<int> keys;
    for (const model::Note& n : t.notes) keys.push_back(n.key);
    std::sort(keys.begin(), keys.end());
    std::vector<int> out;
    for (const double q : {0.1, 0.5, 0.9}) {
        const int key = keys[static_cast<size_t>(q * static_cast<double>(keys.size() - 1) + 0.5)];
        if (out.empty() || out.back() != key) out.push_back(key);
    }
    return out;
}

ProbeKey probe_key(const std::filesystem::path& soundfont, int rate, const model::Track& t, int key) {
    return {soundfont.string(), rate, std::clamp(t.bank, 0, 16383), std::clamp(t.program, 0, 127),
            t.drums, std::clamp(key, 0, 127)};
}

// L/R correlation of a probe whose side signal (L-R)/2 is scaled by `width`.
double correlation_at(const NoteEnergy& e, double width) {
    const double mid = (e.ll + e.rr + 2 * e.lr) / 4, side = (e.ll + e.rr - 2 * e.lr) / 4;
    const double cross = (e.ll - e.rr) / 4;  // sum of mid * side
    const double w2 = width * width * side;
    const double ll = mid + w2 + 2 * width * cross, rr = mid + w2 - 2 * width * cross;
    return ll > 0 && rr > 0 ? (mid - w2) / std::sqrt(ll * rr) : 1.0;
}

// The widest stereo width (<= 1) at which the probe's L/R correlation reaches
// kMinDryCorrelation. A panned mono sample already correlates fully and keeps its width.
double width_for(const NoteEnergy& e) {
    if (correlation_at(e, 1.0) >= kMinDryCorrelation) return 1.0;
    double lo = kMinWidth, hi = 1.0;  // correlation falls as the width grows
    for (int i = 0; i < 30; ++i) {
        const double mid = 0.5 * (lo + hi);
        (correlation_at(e, mid) >= kMinDryCorrelation ? lo : hi) = mid;
    }
    return lo;
}

// The probe of the key nearest to `key` (a kit's own key).
const NoteEnergy* nearest(const std::map<int, const NoteEnergy*>& by_key, int key) {
    auto it = by_key.lower_bound(key);
    if (it == by_key.end()) return std::prev(it)->second;
    if (it == by_key.begin() || it->first == key) return it->second;
    auto below = std::prev(it);
    return key - below->first <= it->first - key ? below->second : it->second;
}

}  // namespace

Result<std::vector<TrackBalance>> balance(const model::Score& score,
                                          const std::filesystem::path& soundfont, int sample_rate,
                                          int threads, const std::filesystem::path& cache_dir) {
    const std::filesystem::path file = cache_file(cache_dir, soundfont, sample_rate);
    const size_t n = score.tracks.size();
    std::vector<TrackBalance> out(n);
    // Every probe the tracks need: three keys of a melodic track, each key of a kit.
    std::vector<std::vector<ProbeKey>> wanted(n);
    std::set<ProbeKey> all;
    for (size_t i = 0; i < n; ++i) {
        const model::Track& t = score.tracks[i];
        if (t.notes.empty()) continue;
        if (t.drums) {
            std::set<int> keys;
            for (const model::Note& note : t.notes) keys.insert(note.key);
            for (int key : keys) wanted[i].push_back(probe_key(soundfont, sample_rate, t, key));
        } else {
            for (int key : probe_keys(t)) wanted[i].push_back(probe_key(soundfont, sample_rate, t, key));
        }
        all.insert(wanted[i].begin(), wanted[i].end());
    }
    std::map<ProbeKey, NoteEnergy> energies;
    std::vector<ProbeKey> missing;
    {
        std::lock_guard lock(cache_mutex());
        load_cache_locked(file, soundfont, sample_rate);
        for (const ProbeKey& k : all) {
            if (auto it = cache().find(k); it != cache().end()) energies[k] = it->second;
            else missing.push_back(k);
        }
    }
    if (!missing.empty()) {
        // On two synths when threads allow: each probe is rendered alone, so the values do not
        // depend on which synth measured them.
        std::array<std::vector<ProbeKey>, 2> halves;
        for (size_t i = 0; i < missing.size(); ++i) halves[threads > 1 ? i % 2 : 0].push_back(missing[i]);
        std::array<std::map<ProbeKey, NoteEnergy>, 2> results;
        std::array<Status, 2> status;
        {
            std::jthread helper;
            if (!halves[1].empty()) {
                helper = std::jthread([&] { status[1] = measure(halves[1], soundfont, sample_rate, results[1]); });
            }
            status[0] = measure(halves[0], soundfont, sample_rate, results[0]);
        }
        for (const Status& ok : status)
            if (!ok) return tl::unexpected(ok.error());
        std::map<ProbeKey, NoteEnergy> measured = std::move(results[0]);
        measured.merge(results[1]);
        append_cache(file, measured);
        std::lock_guard lock(cache_mutex());
        for (const auto& [k, e] : measured) {
            cache()[k] = e;
            energies[k] = e;
        }
    }

    const auto blocks = static_cast<size_t>(std::ceil(std::max(score.duration_s, kBlockSeconds) / kBlockSeconds));
    double highest_gain = -HUGE_VAL;
    std::vector<double> gain(n, 0);
    for (size_t i = 0; i < n; ++i) {
        const model::Track& t = score.tracks[i];
        if (t.notes.empty()) continue;
        std::map<int, const NoteEnergy*> by_key;
        for (const ProbeKey& k : wanted[i]) by_key[k.key] = &energies[k];
        // Drum hits ring until the same key is struck again.
        std::map<int, double> next_strike;
        std::vector<double> ring(t.notes.size());
        for (size_t j = t.notes.size(); j-- > 0;) {
            const model::Note& note = t.notes[j];
            const double start = score.seconds_at(note.tick);
            if (t.drums) {
                auto it = next_strike.find(note.key);
                ring[j] = std::min(kMaxDrumRing, it == next_strike.end() ? kMaxDrumRing : it->second - start);
                next_strike[note.key] = start;
            } else {
                ring[j] = score.seconds_between(note.tick, note.duration);
            }
        }
        // The narrowest any measured key needs.
        for (const auto& [key, e] : by_key) out[i].width = std::min(out[i].width, width_for(*e));
        double energy = 0;
        std::vector<bool> sounding(blocks, false);
        for (size_t j = 0; j < t.notes.size(); ++j) {
            const model::Note& note = t.notes[j];
            const NoteEnergy* e = nearest(by_key, note.key);
            const double length = std::max(ring[j], 0.01);
            energy += note_energy(*e, length, note.velocity);
            const double start = score.seconds_at(note.tick);
            const auto first = static_cast<size_t>(std::max(0.0, start / kBlockSeconds));
            const auto last = static_cast<size_t>(std::max(0.0, (start + length + kSoundsAfterNote) / kBlockSeconds));
            for (size_t b = first; b <= last && b < blocks; ++b) sounding[b] = true;
        }
        const auto active = std::max<size_t>(1, static_cast<size_t>(std::count(sounding.begin(), sounding.end(), true)));
        const double power = energy / (static_cast<double>(active) * kBlockSeconds * sample_rate);
        out[i].loudness_db = 10 * std::log10(std::max(power, 1e-20));
        out[i].target_db = model::role_level_db(t.role) + t.level_db;
        gain[i] = out[i].target_db - out[i].loudness_db;
        highest_gain = std::max(highest_gain, gain[i]);
    }
    for (size_t i = 0; i < n; ++i) {
        if (score.tracks[i].notes.empty()) {
            out[i].volume = std::clamp(score.tracks[i].volume, 0, 127);
            continue;
        }
        // CC7 through FluidSynth's default curve: 40 dB per decade of the controller value.
        const double cc = 127.0 * std::pow(10.0, (gain[i] - highest_gain) / 40.0);
        out[i].volume = std::clamp(static_cast<int>(std::lround(cc)), 1, 127);
    }
    return out;
}

}  // namespace omg::render
