// The prompt-adherence table (tests/prompt/data/adherence.tsv): prompts and what they must give,
// read by the prompt tests (the Brief) and the compose tests (the Score over several seeds).
// A row is "prompt | style | bpm lo-hi | lead | instruments | drums on/off | solo yes/no",
// "-" leaving a column unchecked; '#' starts a comment line.
#pragma once

#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace omg::testing {

struct AdherenceRow {
    std::string prompt;
    std::optional<std::string> style;
    std::optional<double> bpm_low, bpm_high;
    std::optional<std::string> lead;       // canonical instrument name
    std::vector<std::string> instruments;  // canonical names that must sound
    std::optional<bool> drums;             // a kit plays / none does
    std::optional<bool> solo;
    int line = 0;
};

inline std::ostream& operator<<(std::ostream& os, const AdherenceRow& row) {
    return os << "line " << row.line << ": \"" << row.prompt << "\"";
}

inline std::string adherence_trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

// Rows in file order; an unreadable file or a malformed row gives a row whose prompt says so,
// which the tests then fail on.
inline std::vector<AdherenceRow> read_adherence_table() {
    std::vector<AdherenceRow> rows;
    std::ifstream in(std::string(OMG_SOURCE_DIR) + "/tests/prompt/data/adherence.tsv");
    if (!in) {
        rows.push_back({"<adherence.tsv not found>", {}, {}, {}, {}, {}, {}, {}, 0});
        return rows;
    }
    std::string text;
    int line = 0;
    while (std::getline(in, text)) {
        ++line;
        text = adherence_trim(text);
        if (text.empty() || text[0] == '#') continue;
        std::vector<std::string> cols;
        for (size_t at = 0;;) {
            const size_t bar = text.find(" | ", at);
            cols.push_back(adherence_trim(text.substr(at, bar - at)));
            if (bar == std::string::npos) break;
            at = bar + 3;
        }
        AdherenceRow row;
        row.line = line;
        if (cols.size() != 7) {
            row.prompt = "<malformed row: " + std::to_string(cols.size()) + " columns>";
            rows.push_back(row);
            continue;
        }
        row.prompt = cols[0];
        if (cols[1] != "-") row.style = cols[1];
        if (cols[2] != "-") {
            const size_t dash = cols[2].find('-');
            row.bpm_low = std::stod(cols[2].substr(0, dash));
            row.bpm_high = std::stod(cols[2].substr(dash + 1));
        }
        if (cols[3] != "-") row.lead = cols[3];
        if (cols[4] != "-") {
            std::stringstream list(cols[4]);
            for (std::string name; std::getline(list, name, ',');)
                row.instruments.push_back(adherence_trim(name));
        }
        if (cols[5] != "-") row.drums = cols[5] == "on";
        if (cols[6] != "-") row.solo = cols[6] == "yes";
        rows.push_back(row);
    }
    return rows;
}

}  // namespace omg::testing
