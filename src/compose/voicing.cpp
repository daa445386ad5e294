#include "compose/voicing.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace omg::compose {
namespace {

int pc_of(int v) { return ((v % 12) + 12) % 12; }

// Pitch classes (with octave offsets for wide shapes) the voicing type wants, lowest first.
std::vector<int> shape_offsets(const Chord& chord, std::string_view type, int voices) {
    const int r = 0;
    const int third = pc_of(chord.degree_pc(3) - chord.root);
    const int fifth = pc_of(chord.degree_pc(5) - chord.root);
    const bool has7 = chord.intervals.size() >= 4 &&
                      std::any_of(chord.intervals.begin(), chord.intervals.end(),
                                  [](int i) { return i == 9 || i == 10 || i == 11; });
    const int seventh = pc_of(chord.degree_pc(7) - chord.root);
    // A written 9th (or b9/#9) colours the voicing; a chord without one doubles its root instead,
    // so no tone outside the chord is invented.
    const bool has9 = std::any_of(chord.intervals.begin(), chord.intervals.end(), [](int i) { return i >= 13 && i <= 15; });
    const int ninth = has9 ? pc_of(chord.degree_pc(9) - chord.root) + 12 : 12;
    if (type == "power") return voices >= 3 ? std::vector<int>{r, 7, 12} : std::vector<int>{r, 7};
    if (type == "octave") return {r, 12};
    if (type == "unison") return {r};
    if (type == "shell") return has7 ? std::vector<int>{r, third, seventh} : std::vector<int>{r, third, fifth};
    if (type == "rootless")
        return has7 ? std::vector<int>{third, fifth, seventh, ninth} : std::vector<int>{third, fifth, ninth};
    if (type == "spread") {
        std::vector<int> v{r, fifth, third + 12};
        if (voices >= 4) v.push_back(has7 ? seventh + 12 : r + 24);
        if (voices >= 5) v.push_back(fifth + 24);
        return v;
    }
    return {};  // close / open: built from inversions
}

int motion_cost(const std::vector<int>& a, const std::vector<int>& b) {
    if (a.empty() || b.empty()) return 0;
    if (a.size() == b.size()) {
        int cost = 0;
        for (size_t i = 0; i < a.size(); ++i) cost += std::abs(a[i] - b[i]);
        return cost;
    }
    const double ca = (a.front() + a.back()) / 2.0, cb = (b.front() + b.back()) / 2.0;
    return static_cast<int>(std::abs(ca - cb) * static_cast<double>(a.size()));
}

}  // namespace

int nearest_key(int pc, int near, int low, int high) {
    int best = -1, best_d = std::numeric_limits<int>::max();
    for (int k = low; k <= high; ++k) {
        if (pc_of(k) != pc_of(pc)) continue;
        const int d = std::abs(k - near);
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    if (best >= 0) return best;
    // Range narrower than an octave: the nearest key of that class, however far.
    int k = near - pc_of(near - pc);
    return k < low ? k + 12 : k;
}

std::vector<int> voice_chord(const Chord& chord, const VoicingRequest& req, const std::vector<int>& previous) {
    const int low = req.low, high = std::max(req.high, req.low + 12);
    const int centre = (low + high) / 2;
    std::vector<std::vector<int>> candidates;

    const auto shape = shape_offsets(chord, req.type, req.voices);
    if (!shape.empty()) {
        for (int base = low; base <= high; ++base) {
            // `base` is the lowest note: the root, or for rootless voicings the shape's first tone.
            if (pc_of(base) != pc_of(chord.root + shape.front())) continue;
            std::vector<int> v;
            const int root_key = base - shape.front();
            for (int off : shape) v.push_back(root_key + off);
            if (v.front() >= low && v.back() <= high) candidates.push_back(v);
        }
    } else {
        // Close position: choose which tones sound, then every inversion and octave.
        std::vector<int> pcs = chord.pitch_classes();
        const int n = std::clamp(req.voices, 2, 6);
        if (static_cast<int>(pcs.size()) > n && pcs.size() >= 4) {
            // Drop the fifth first, then extensions above the 7th.
            const int fifth = chord.degree_pc(5);
            if (std::count(pcs.begin(), pcs.end(), fifth)) pcs.erase(std::find(pcs.begin(), pcs.end(), fifth));
        }
        while (static_cast<int>(pcs.size()) > n) pcs.pop_back();
        while (static_cast<int>(pcs.size()) < n) pcs.push_back(chord.root);  // double the root
        const size_t m = pcs.size();
        for (size_t rot = 0; rot < m; ++rot) {
            for (int start = low; start < low + 12; ++start) {
                if (pc_of(start) != pc_of(pcs[rot])) continue;
                std::vector<int> v{start};
                for (size_t k = 1; k < m; ++k) {
                    const int pc = pcs[(rot + k) % m];
                    int next = v.back() + 1;
                    while (pc_of(next) != pc_of(pc)) ++next;
                    v.push_back(next);
                }
                for (int shift = 0; v.back() + shift <= high; shift += 12)
                    if (v.front() + shift >= low) {
                        std::vector<int> s = v;
                        for (auto& k : s) k += shift;
                        if (req.type == "open" && s.size() >= 3) {
                            s[s.size() - 2] -= 12;  // drop 2
                            std::sort(s.begin(), s.end());
                            if (s.front() < low) continue;
                        }
                        candidates.push_back(s);
                    }
            }
        }
    }
    if (candidates.empty()) {
        std::vector<int> v;
        for (int pc : chord.pitch_classes()) v.push_back(nearest_key(pc, centre, low, high));
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
        return v;
    }
    const std::vector<int>* best = nullptr;
    double best_cost = std::numeric_limits<double>::max();
    for (const auto& c : candidates) {
        const double mid = (c.front() + c.back()) / 2.0;
        double cost = std::abs(mid - centre) * (previous.empty() ? 2.0 : 0.6) + motion_cost(c, previous);
        // The bass owns the low register: keep close voicings' lowest note clear of mud.
        if (c.front() < 48 && req.type != "power" && req.type != "spread" && req.type != "octave") cost += 8;
        if (cost < best_cost) {
            best_cost = cost;
            best = &c;
        }
    }
    return *best;
}

}  // namespace omg::compose
