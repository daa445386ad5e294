#include "app/progress_bar.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace omg::app {

ProgressBar::ProgressBar() : enabled_(isatty(STDERR_FILENO) == 1) {}

void ProgressBar::update(const std::string& label, double fraction) {
    if (!enabled_) return;
    const int percent = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * 100);
    if (percent == last_percent_ && label == last_label_) return;
    last_percent_ = percent;
    last_label_ = label;
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kWidth, '-');
    std::fprintf(stderr, "\r[%s] %3d%% %-28.28s", bar.c_str(), percent, label.c_str());
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (enabled_ && last_percent_ >= 0) std::fprintf(stderr, "\r%72s\r", "");
}

}  // namespace omg::app
