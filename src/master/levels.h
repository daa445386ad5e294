// Decibel conversions for amplitude levels.
#pragma once

#include <cmath>

namespace omg::master {

inline double to_db(double linear) { return linear > 0 ? 20.0 * std::log10(linear) : -HUGE_VAL; }
inline double from_db(double db) { return std::pow(10.0, db / 20.0); }

}  // namespace omg::master
