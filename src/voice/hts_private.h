// Three functions of libHTSEngine that Debian's libHTSEngine.so.1 exports but declares only in
// the library's internal header (HTS_hidden.h, not installed). The voice needs them to replace
// the generated log-f0 with the melody between parameter and sample generation: setting the
// lf0 state means through the public API does not work (parameter generation smooths the
// pitch back to the voice's speaking range). Signatures as in hts_engine API 1.10.
#pragma once

#include <HTS_engine.h>

extern "C" {
size_t HTS_PStreamSet_get_total_frame(HTS_PStreamSet* pss);
// For an MSD stream (log-f0), frame_index counts voiced frames only.
double* HTS_PStreamSet_get_parameter_vector(HTS_PStreamSet* pss, size_t stream_index,
                                            size_t frame_index);
HTS_Boolean HTS_PStreamSet_get_msd_flag(HTS_PStreamSet* pss, size_t stream_index,
                                        size_t frame_index);
}
