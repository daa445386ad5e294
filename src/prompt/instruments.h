// The instruments a prompt can name: canonical names, their synonyms and the GM programs
// (0-based) they stand for, preferred program first. Static data; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "model/brief.h"

namespace omg::prompt {

struct InstrumentEntry {
    std::string_view name;                      // canonical, e.g. "french horn"
    std::vector<int> programs;                  // preferred first, then related programs
    bool drums = false;                         // the drum kit: no program
    std::vector<std::string_view> phrases;      // singular spellings; plurals match too
    std::vector<std::string_view> style_hints;  // style ids it suggests, strongest first
};

const std::vector<InstrumentEntry>& instrument_table();
// By canonical name ("vocals", "drums"); nullptr if unknown.
const InstrumentEntry* find_instrument(std::string_view name);
model::InstrumentRef instrument_ref(const InstrumentEntry& entry);

}  // namespace omg::prompt
