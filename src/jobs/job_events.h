// The JSON the queue writes for others: events on the bus (SSE) and each version's metadata.
//
// One shape each, so the API's SSE stream, the studio and the stored versions agree: an event is
// {job_id, status, progress, queue_position, stage, eta_seconds, error[, versions]}; a deleted job's
// event is {job_id, status: "deleted"}; a version's metadata is the seed's fields (prompt, lyrics,
// duration, model, version, format, seed) plus what the engine reported. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "storage/job_record.h"

namespace omg::jobs {

struct JobView;

std::string job_event_json(const JobView& view);
std::string deleted_event_json(const std::string& job_id);
std::string version_metadata_json(const storage::JobParams& params, int index, uint64_t seed,
                                  const std::string& engine_json);

}  // namespace omg::jobs
