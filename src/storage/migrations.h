// The job stores' schema, as one ordered list of versioned migrations in two SQL dialects.
//
// Both stores (SQLite and PostgreSQL) apply the same list at open, each in its own dialect:
// every migration whose version is above the highest one recorded in the `schema_migrations`
// table runs in one transaction together with the row that records it, so a crash mid-way
// leaves the schema at the previous version, never half-migrated. A database that records a
// version this list does not know was written by a newer OMG and is refused. Versions start at
// 1 and go up by one; a migration, once released, is never edited: a change is a new entry.
// Pure data; thread-safe.
#pragma once

#include <span>
#include <string_view>

namespace omg::storage {

struct Migration {
    int version = 0;
    std::string_view summary;   // one line, for people reading the list
    std::string_view sqlite;    // one or more statements
    std::string_view postgres;  // one or more statements
};

std::span<const Migration> migrations();

}  // namespace omg::storage
