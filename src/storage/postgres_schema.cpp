#include "storage/postgres_schema.h"

#include "storage/migrations.h"
#include "storage/request_codec.h"

namespace omg::storage::pg {
namespace {

constexpr int64_t kMigrationLock = 0x6f6d67'01;  // "omg", then a purpose

}  // namespace

JobRecord job_from_row(const Rows& r, int i) {
    JobRecord j;
    j.id = r.text(i, 0);
    j.kind = r.text(i, 1);
    j.status = parse_status(r.text(i, 2)).value_or(JobStatus::failed);
    j.params.prompt = r.text(i, 3);
    j.params.lyrics = r.opt_text(i, 4);
    j.params.duration_s = r.real(i, 5);
    j.params.num_versions = static_cast<int>(r.integer(i, 6));
    j.params.seed = r.opt_integer(i, 7);
    j.params.provider = r.opt_text(i, 8);
    // A row whose options cannot be read keeps its other fields; the job still runs.
    (void)decode_options(r.text(i, 9), j.params);
    j.progress = r.real(i, 10);
    j.error = r.opt_text(i, 11);
    j.queue_pos = r.opt_integer(i, kJobQueuePosColumn);
    j.attempts = static_cast<int>(r.integer(i, 13));
    j.created_at = r.text(i, 14);
    j.started_at = r.opt_text(i, 15);
    j.finished_at = r.opt_text(i, 16);
    return j;
}

Statement insert_job(const JobRecord& j, const char* queue_pos_sql) {
    Statement st;
    st.params.text(j.id)
        .text(j.kind)
        .text(status_name(j.status))
        .text(j.params.prompt)
        .opt_text(j.params.lyrics)
        .real(j.params.duration_s)
        .integer(j.params.num_versions)
        .opt_integer(j.params.seed)
        .opt_text(j.params.provider)
        .text(encode_options(j.params))
        .real(j.progress)
        .opt_text(j.error);
    if (!queue_pos_sql) st.params.opt_integer(j.queue_pos);
    st.params.integer(j.attempts).text(j.created_at).opt_text(j.started_at).opt_text(j.finished_at);
    st.sql = std::string("INSERT INTO jobs(") + kJobColumns + ") VALUES(";
    int next = 1;
    for (int column = 0; column < kJobColumnCount; ++column) {
        if (column > 0) st.sql += ',';
        if (column == kJobQueuePosColumn && queue_pos_sql) st.sql += queue_pos_sql;
        else st.sql += '$' + std::to_string(next++);
    }
    st.sql += ')';
    return st;
}

Status replace_versions(Session& db, const JobRecord& j) {
    auto del = db.exec("DELETE FROM versions WHERE job_id=$1", Params().text(j.id));
    if (!del) return tl::unexpected(del.error());
    for (const auto& v : j.versions) {
        auto r = db.exec(
            "INSERT INTO versions(id, job_id, idx, metadata, files) VALUES($1,$2,$3,$4,$5)",
            Params().text(v.id).text(j.id).integer(v.index).text(v.metadata_json).text(
                encode_file_list(v.files)));
        if (!r) return tl::unexpected(r.error());
    }
    return {};
}

Status hold_shared_server_lock(Session& db) {
    auto r = db.exec("SELECT pg_try_advisory_lock_shared($1)", Params().integer(kServerLock));
    if (!r) return tl::unexpected(r.error());
    if (r->text(0, 0) != "t") {
        return fail(Errc::unavailable,
                    "an OMG server running its own workers holds this database; run it with "
                    "--workers 0 to share the database with worker processes");
    }
    return {};
}

Status migrate(Session& db) {
    return db.transaction([&]() -> Status {
        if (auto r = db.exec("SELECT pg_advisory_xact_lock($1)", Params().integer(kMigrationLock)); !r) {
            return tl::unexpected(r.error());
        }
        if (auto st = db.exec_script("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                     "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            !st) {
            return st;
        }
        auto current = db.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
        if (!current) return tl::unexpected(current.error());
        const int64_t version = current->integer(0, 0);
        if (version > migrations().back().version) {
            return fail(Errc::io, "the database was written by a newer OMG");
        }
        for (const Migration& m : migrations()) {
            if (m.version <= version) continue;
            if (auto st = db.exec_script(m.postgres); !st) return st;
            auto row = db.exec("INSERT INTO schema_migrations(version, applied_at) VALUES($1, $2)",
                               Params().integer(m.version).text(now_iso()));
            if (!row) return tl::unexpected(row.error());
        }
        return {};
    });
}

}  // namespace omg::storage::pg
