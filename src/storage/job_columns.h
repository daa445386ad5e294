// The columns of a whole jobs row, in the one order that both job stores (SQLite and
// PostgreSQL) select, insert and read them: each store's row reader takes column i of this
// list. Constants only. Private to src/storage.
#pragma once

namespace omg::storage {

inline constexpr const char* kJobColumns =
    "id, kind, status, prompt, lyrics, duration, num_versions, seed, provider, options, "
    "progress, error, queue_pos, attempts, created_at, started_at, finished_at";
inline constexpr int kJobColumnCount = 17;
inline constexpr int kJobQueuePosColumn = 12;  // queue_pos, counting from 0

}  // namespace omg::storage
