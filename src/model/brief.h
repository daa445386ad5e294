// Brief: what the user asked for, in musical terms. The output of prompt understanding and
// the input of composition. Plain data: comparable, copyable, no behaviour.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/theory.h"

namespace omg::model {

// An instrument named in a prompt, wanted or excluded.
struct InstrumentRef {
    std::string name;           // canonical name, e.g. "trumpet", "drums", "strings"
    std::vector<int> programs;  // GM programs (0-based) it stands for; first = preferred
    bool drums = false;         // the drum kit (no program)
    // The role the wording asks for: "lead" ("solo cello", "featuring sax", "trumpet lead"),
    // "section" (a member of a named ensemble, "big band": it plays along, never takes the
    // lead), or "" for whichever role suits the instrument. Either way a wanted instrument
    // sounds.
    std::string role;
    bool operator==(const InstrumentRef&) const = default;
};

struct Brief {
    std::string prompt;              // the user's text, as given
    std::string style;               // id of a style in the library, e.g. "circus_march"
    double tempo_bpm = 120;          // felt beats per minute (dotted quarters in 6/8)
    Key key;                         // tonic and mode
    TimeSignature time_signature;
    double duration_s = 60;          // exact length of the finished track
    double energy = 0.5;             // 0 (calm) .. 1 (intense)
    std::vector<std::string> moods;  // "happy", "dark", ...
    std::vector<InstrumentRef> instruments;  // asked for, in prompt order
    std::vector<InstrumentRef> excluded;     // "no drums", "without piano" ...
    // "solo violin", "just piano", "only guitar": the named instruments carry the piece over a
    // light accompaniment (no drums, pads or extra lines unless they were named too).
    bool solo = false;
    // A closed ensemble was asked for ("a jazz trio", "a string quartet"): its players are the
    // whole band (with `solo`); no part of the style's own joins them, but a chordal leader's
    // own comping.
    bool ensemble = false;
    // Words sung by a voice: "with lyrics", "a song about ...", "sung", "vocals" ask for them;
    // "instrumental", "no vocals" rule them out. The request's own field beats the text.
    bool vocals = false;
    // What the song is about, for lyrics: the words after "about" ("juggling fire"), else the
    // prompt's content words that set nothing musical. Empty when there are none.
    std::string topic;
    bool duration_given = false;     // false when duration_s is the default (lyrics may set it)
    bool operator==(const Brief&) const = default;
};

// What prompt understanding made of the text, for people: shown by `omg interpret` and the studio.
struct Interpretation {
    struct Finding {
        std::string field;  // "style", "tempo", "key", "instrument", "exclude" ...
        std::string value;  // what it was set to
        std::string words;  // the words of the prompt it came from
        bool operator==(const Finding&) const = default;
    };
    std::vector<Finding> understood;
    std::vector<std::string> guessed;  // fields filled from defaults, with the reason
    std::vector<std::string> ignored;  // words that changed nothing
    bool operator==(const Interpretation&) const = default;
};

}  // namespace omg::model
