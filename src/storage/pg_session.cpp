#include "storage/pg_session.h"

#include <poll.h>

#include <charconv>
#include <cstdlib>

namespace omg::storage::pg {
namespace {

// Type OIDs of the parameters we send (pg_type.h): the server then never has to guess.
constexpr Oid kText = 25;
constexpr Oid kInt8 = 20;
constexpr Oid kFloat8 = 701;
constexpr Oid kBytea = 17;

std::string first_line(const char* message) {
    std::string s = message != nullptr ? message : "";
    if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
    return s.empty() ? std::string("unknown error") : s;
}

template <typename T>
std::string number_text(T v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, end) : std::string("0");
}

}  // namespace

Params& Params::text(std::string_view v) {
    values_.push_back({std::string(v), true, kText});
    return *this;
}
Params& Params::opt_text(const std::optional<std::string>& v) {
    values_.push_back({v, true, kText});
    return *this;
}
Params& Params::integer(int64_t v) {
    values_.push_back({number_text(v), false, kInt8});
    return *this;
}
Params& Params::opt_integer(const std::optional<int64_t>& v) {
    values_.push_back({v ? std::optional(number_text(*v)) : std::nullopt, false, kInt8});
    return *this;
}
Params& Params::real(double v) {
    values_.push_back({number_text(v), false, kFloat8});
    return *this;
}

Params& Params::bytes(std::string_view v) {
    values_.push_back({std::string(v), true, kBytea});
    return *this;
}

std::string Rows::text(int row, int col) const {
    return std::string(PQgetvalue(result_.get(), row, col),
                       static_cast<size_t>(PQgetlength(result_.get(), row, col)));
}
std::optional<std::string> Rows::opt_text(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return text(row, col);
}
int64_t Rows::integer(int row, int col) const {
    const char* p = PQgetvalue(result_.get(), row, col);
    int64_t v = 0;
    std::from_chars(p, p + PQgetlength(result_.get(), row, col), v);
    return v;
}
std::optional<int64_t> Rows::opt_integer(int row, int col) const {
    if (is_null(row, col)) return std::nullopt;
    return integer(row, col);
}
double Rows::real(int row, int col) const {
    const char* p = PQgetvalue(result_.get(), row, col);
    double v = 0;
    auto [end, ec] = std::from_chars(p, p + PQgetlength(result_.get(), row, col), v);
    if (ec != std::errc()) v = std::strtod(p, nullptr);  // "NaN", "Infinity"
    return v;
}
int64_t Rows::affected() const {
    const char* p = PQcmdTuples(result_.get());
    int64_t v = 0;
    std::from_chars(p, p + std::char_traits<char>::length(p), v);
    return v;
}

Result<Session> Session::connect(const std::string& url, OnConnect on_connect) {
    // The URL's own settings win over the defaults before it (later keywords override earlier
    // ones, and the URL is expanded where `dbname` stands); OMG's strings are UTF-8 whatever the
    // database's encoding, so client_encoding comes after it.
    const char* keys[] = {"connect_timeout", "fallback_application_name", "dbname",
                          "client_encoding", nullptr};
    const char* values[] = {"10", "omg", url.c_str(), "UTF8", nullptr};
    ConnPtr conn(PQconnectdbParams(keys, values, 1));
    if (!conn) return fail(Errc::unavailable, "cannot connect to the database: out of memory");
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        return fail(Errc::unavailable,
                    "cannot connect to the database: " + first_line(PQerrorMessage(conn.get())));
    }
    // The server's notices ("relation exists, skipping") are not for our users' terminals;
    // the processor stays with the connection across PQreset.
    PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
    Session session(std::move(conn), std::move(on_connect));
    if (auto st = session.ensure_connected(); !st) return tl::unexpected(st.error());
    return session;
}

Status Session::ensure_connected() {
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        connected_ = false;
        PQreset(conn_.get());
        if (PQstatus(conn_.get()) != CONNECTION_OK) {
            return fail(Errc::unavailable, "the database is unreachable: " +
                                               first_line(PQerrorMessage(conn_.get())));
        }
    }
    if (!connected_ && on_connect_) {
        // Marked first: on_connect_'s own statements come back through here.
        connected_ = true;
        if (auto st = on_connect_(*this); !st) {
            connected_ = false;
            return st;
        }
    }
    connected_ = true;
    return {};
}

Error Session::error_of(const PGresult* result) const {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = first_line(result != nullptr ? PQresultErrorMessage(result)
                                                       : PQerrorMessage(conn_.get()));
    if (PQstatus(conn_.get()) != CONNECTION_OK || (state != nullptr && state[0] == '0' && state[1] == '8')) {
        return Error{Errc::unavailable, "the database is unreachable: " + message};
    }
    if (state != nullptr && state[0] == '2' && state[1] == '3') {
        return Error{Errc::conflict, "record exists or is referenced: " + message};
    }
    return Error{Errc::io, "database error: " + message};
}

Result<Rows> Session::exec(std::string_view sql, const Params& params) { return run(sql, params, 0); }

Result<Rows> Session::exec_binary(std::string_view sql, const Params& params) {
    return run(sql, params, 1);
}

Result<Rows> Session::run(std::string_view sql, const Params& params, int result_format) {
    if (!in_transaction_) {
        if (auto st = ensure_connected(); !st) return tl::unexpected(st.error());
    }
    const auto n = params.values_.size();
    std::vector<Oid> types(n);
    std::vector<const char*> values(n);
    std::vector<int> lengths(n);
    std::vector<int> formats(n);
    for (size_t i = 0; i < n; ++i) {
        const auto& v = params.values_[i];
        types[i] = v.type;
        values[i] = v.bytes ? v.bytes->data() : nullptr;
        lengths[i] = v.bytes ? static_cast<int>(v.bytes->size()) : 0;
        formats[i] = v.binary ? 1 : 0;
    }
    const std::string statement(sql);
    ResultPtr result(PQexecParams(conn_.get(), statement.c_str(), static_cast<int>(n),
                                  types.data(), values.data(), lengths.data(), formats.data(),
                                  result_format));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        return tl::unexpected(error_of(result.get()));
    }
    return Rows(std::move(result));
}

Status Session::exec_script(std::string_view sql) {
    if (!in_transaction_) {
        if (auto st = ensure_connected(); !st) return st;
    }
    const std::string script(sql);
    ResultPtr result(PQexec(conn_.get(), script.c_str()));
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        return tl::unexpected(error_of(result.get()));
    }
    return {};
}

}  // namespace omg::storage::pg

namespace omg::storage::pg {

Result<bool> Session::wait_for_notification(std::chrono::milliseconds timeout) {
    if (auto st = ensure_connected(); !st) return tl::unexpected(st.error());
    auto drain = [this] {
        bool any = false;
        while (PGnotify* n = PQnotifies(conn_.get())) {
            PQfreemem(n);
            any = true;
        }
        return any;
    };
    if (PQconsumeInput(conn_.get()) == 0) {
        return fail(Errc::unavailable, "the database is unreachable: " +
                                           first_line(PQerrorMessage(conn_.get())));
    }
    if (drain()) return true;
    const int fd = PQsocket(conn_.get());
    if (fd < 0) return fail(Errc::unavailable, "the database is unreachable: no connection");
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (ready < 0) return false;  // a signal: the caller's loop decides whether to wait again
    if (ready == 0) return false;
    if (PQconsumeInput(conn_.get()) == 0 || PQstatus(conn_.get()) != CONNECTION_OK) {
        return fail(Errc::unavailable, "the database is unreachable: " +
                                           first_line(PQerrorMessage(conn_.get())));
    }
    return drain();
}

}  // namespace omg::storage::pg
