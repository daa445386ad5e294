#include "compose/headroom.h"

#include <algorithm>

namespace omg::compose {
namespace {

// Overlaps shorter than this (a 32nd) are a release meeting an onset, not two notes heard together.
constexpr int64_t kMinOverlap = model::kPpq / 8;

}  // namespace

bool sits_under_lead(const model::Track& track) {
    return !track.drums && (track.role == "chords" || track.role == "pad" || track.role == "arp");
}

void voice_below_lead(const model::Track& lead, model::Track& part, int floor) {
    if (lead.notes.empty()) return;
    int64_t longest = 0;
    for (const auto& n : lead.notes) longest = std::max(longest, n.duration);
    std::vector<model::Note> kept;
    kept.reserve(part.notes.size());
    for (model::Note note : part.notes) {
        const int64_t end = note.tick + note.duration;
        // The lowest lead key heard with this note.
        int lowest = 128;
        auto it = std::lower_bound(lead.notes.begin(), lead.notes.end(), note.tick - longest,
                                   [](const model::Note& n, int64_t t) { return n.tick < t; });
        for (; it != lead.notes.end() && it->tick < end; ++it) {
            const int64_t overlap = std::min(end, it->tick + it->duration) - std::max(note.tick, it->tick);
            if (overlap >= std::min(kMinOverlap, note.duration)) lowest = std::min(lowest, it->key);
        }
        const int ceiling = lowest - kLeadRoom;
        while (note.key > ceiling && note.key - 12 >= floor) note.key -= 12;
        if (note.key > ceiling) continue;
        kept.push_back(note);
    }
    part.notes = std::move(kept);
}

}  // namespace omg::compose
