// Assembling a show whose cues are all complete: the continuous show mix and the cue sheets,
// made from each cue job's version (its FLAC one file and its metadata) and written durably into
// the show's folder as "mix.flac", "cue-sheet.csv" and "cue-sheet.json".
//
// Memory: none of it the show's length. The cues' lengths come from their files' headers; the
// mix is made block by block (show/mix.h stream_mix), each cue's FLAC read as the block needs
// it, and each block encoded into the show's FLAC as it is made (encode/audio_stream.h): about
// a block of the mix and one of each cue sounding in it (kMixBlockFrames, 0.5 MB in stereo). `rendered_cue` reads what the show needs
// from a version's metadata (engine::song_json's fields: brief, cue, hits, recipe) and its file's
// length. Errors: io, not_found (a cue's file is gone), cancelled (stop requested). Thread-safe
// for distinct shows.
#pragma once

#include <nlohmann/json.hpp>
#include <stop_token>

#include "jobs/show_queue.h"
#include "show/rendered.h"

namespace omg::jobs {

show::RenderedCue rendered_cue(const nlohmann::json& metadata, int64_t frames, int sample_rate);

Result<AssembledShow> assemble_show(const storage::ShowRecord& show, const std::vector<JobView>& cue_jobs,
                                    const storage::ArtifactStore& job_files, storage::ArtifactStore& show_files,
                                    std::stop_token stop);

}  // namespace omg::jobs
