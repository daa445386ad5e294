// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#pragma once

#include <string>

namespace omg::app {

class ProgressBar {
public:
    ProgressBar();
    void update(const std::string& label, double fraction);
    void finish();

private:
    bool enabled_;
    int last_percent_ = -1;
    std::string last_label_;
};

}  // namespace omg::app
