// pg::Session: one libpq connection, owned; with pg_session.cpp the only place that calls libpq.
//
// Every statement with values goes through `exec` (PQexecParams): values travel as bound
// parameters, never inside the SQL text; text values go with their length (binary format), so
// a string is never cut short at a NUL byte: the server refuses such text instead. Results come
// back as text. Failures are values: SQLSTATE class 23 (a unique or foreign key violation) is
// Errc::conflict, a lost or refused connection Errc::unavailable, the rest Errc::io; messages
// are the server's first line, never the connection string. A session whose connection broke
// reconnects at the start of the next call (never inside a transaction) and runs its on-connect
// hook again. Not thread-safe: its owner serialises calls.
// Private to src/storage.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace omg::storage::pg {

struct ConnCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultClearer {
    void operator()(PGresult* r) const { PQclear(r); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

// The values of one statement, $1 first.
class Params {
public:
    Params& text(std::string_view v);
    Params& opt_text(const std::optional<std::string>& v);
    Params& integer(int64_t v);
    Params& opt_integer(const std::optional<int64_t>& v);
    Params& real(double v);
    // Raw bytes for a BYTEA column, sent as they are (binary format, with their length).
    Params& bytes(std::string_view v);

private:
    friend class Session;
    struct Value {
        std::optional<std::string> bytes;  // nullopt = SQL NULL
        bool binary = false;               // text values: their bytes, with their length
        Oid type = 0;
    };
    std::vector<Value> values_;
};

// The rows of a result, read as text.
class Rows {
public:
    explicit Rows(ResultPtr result) : result_(std::move(result)) {}
    int size() const { return PQntuples(result_.get()); }
    bool is_null(int row, int col) const { return PQgetisnull(result_.get(), row, col) != 0; }
    std::string text(int row, int col) const;
    std::optional<std::string> opt_text(int row, int col) const;
    int64_t integer(int row, int col) const;
    std::optional<int64_t> opt_integer(int row, int col) const;
    double real(int row, int col) const;
    // Rows changed by an INSERT, UPDATE or DELETE.
    int64_t affected() const;

private:
    ResultPtr result_;
};

class Session {
public:
    // Runs after every (re)connect, before the call that needed it: session settings and
    // session locks, which a new connection does not have.
    using OnConnect = std::function<Status(Session&)>;

    // Errc::unavailable when the server cannot be reached or refuses the login.
    static Result<Session> connect(const std::string& url, OnConnect on_connect = {});

    Result<Rows> exec(std::string_view sql, const Params& params = {});
    // Like exec, with every column of the result in binary format: a BYTEA column's
    // Rows::text is then its raw bytes (no hex text at twice the size). Only for results
    // whose columns are all BYTEA or read as raw bytes.
    Result<Rows> exec_binary(std::string_view sql, const Params& params = {});
    // Statements without values (migrations' DDL), several separated by ';'.
    Status exec_script(std::string_view sql);

    // LISTEN: waits up to `timeout` for a notification on a channel this session listens on
    // (its on-connect hook runs LISTEN, so a reconnect listens again), woken by the socket.
    // True when one or more arrived (all are consumed). Errc::unavailable when the connection
    // is lost; the next call reconnects.
    Result<bool> wait_for_notification(std::chrono::milliseconds timeout);

    // BEGIN ... COMMIT around `body`; ROLLBACK when it fails.
    template <typename F>
    Status transaction(F&& body) {
        if (auto st = ensure_connected(); !st) return st;
        if (auto st = exec_script("BEGIN"); !st) return st;
        in_transaction_ = true;
        Status st = body();
        if (st) st = exec_script("COMMIT");
        if (!st) (void)exec_script("ROLLBACK");
        in_transaction_ = false;
        return st;
    }

private:
    Session(ConnPtr conn, OnConnect on_connect)
        : conn_(std::move(conn)), on_connect_(std::move(on_connect)) {}
    Status ensure_connected();
    Error error_of(const PGresult* result) const;
    Result<Rows> run(std::string_view sql, const Params& params, int result_format);

    ConnPtr conn_;
    OnConnect on_connect_;
    bool connected_ = false;       // on_connect_ has run on this connection
    bool in_transaction_ = false;  // no reconnecting inside one: its first half would be lost
};

}  // namespace omg::storage::pg
