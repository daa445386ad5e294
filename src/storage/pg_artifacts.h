// Writing a job's files into PostgreSQL's `artifacts` and `artifact_chunks` tables (migration
// 4; storage/artifacts.h says why chunks), for the worker's fenced completion
// (postgres_job_claims.cpp) and a node's conversions (postgres_artifacts.cpp). Private to
// src/storage. Not thread-safe: the caller owns the session and its transaction.
#pragma once

#include <filesystem>
#include <string_view>

#include "storage/pg_session.h"

namespace omg::storage::pg {

enum class IfStored { replace, keep };

// Stores the local file `file` as the job's `name`, inside the caller's transaction (nothing
// is visible before it commits, and a rollback or a dropped connection leaves nothing). The
// file is read and sent one chunk at a time. With IfStored::keep an existing file of that
// name stays (another node made it first). Errc::conflict when the job does not exist.
Status store_artifact(Session& db, std::string_view job_id, std::string_view name,
                      const std::filesystem::path& file, IfStored if_stored);

}  // namespace omg::storage::pg
