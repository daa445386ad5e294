#include "core/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <system_error>
#include <vector>

namespace omg {
namespace fs = std::filesystem;

namespace {

// The descriptor of an open file, closed on every path out.
class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

Error io_error(const char* what) {
    return Error{Errc::io, std::string(what) + " failed: " + std::generic_category().message(errno)};
}

class PosixFileSystem final : public FileSystem {
public:
    Result<int> create_new(const fs::path& path) override {
        int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0) return tl::unexpected(io_error("create"));
        return fd;
    }
    Status write_all(int handle, std::span<const unsigned char> bytes) override {
        while (!bytes.empty()) {
            ssize_t n = ::write(handle, bytes.data(), bytes.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return tl::unexpected(io_error("write"));
            bytes = bytes.subspan(static_cast<size_t>(n));
        }
        return {};
    }
    Status sync(int handle) override {
        if (::fsync(handle) != 0) return tl::unexpected(io_error("fsync"));
        return {};
    }
    Status close(int handle) override {
        if (::close(handle) != 0) return tl::unexpected(io_error("close"));
        return {};
    }
    Status rename(const fs::path& from, const fs::path& to) override {
        if (::rename(from.c_str(), to.c_str()) != 0) return tl::unexpected(io_error("rename"));
        return {};
    }
    Status sync_dir(const fs::path& dir) override {
        Fd d(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (d.get() < 0) return tl::unexpected(io_error("open folder"));
        if (::fsync(d.get()) != 0) return tl::unexpected(io_error("fsync folder"));
        return {};
    }
    void remove(const fs::path& path) override { ::unlink(path.c_str()); }
};

std::string random_hex(int digits) {
    thread_local std::mt19937_64 gen{std::random_device{}()};
    std::string s;
    uint64_t bits = gen();
    for (int i = 0; i < digits; ++i, bits >>= 4) s += "0123456789abcdef"[bits & 15];
    return s;
}

}  // namespace

FileSystem& posix_file_system() {
    static PosixFileSystem fs;
    return fs;
}

bool is_temp_file_name(std::string_view name) {
    return name.starts_with(kTempFilePrefix) || name.find(".partial-") != std::string_view::npos;
}

Status write_file_durably(const fs::path& destination, std::span<const unsigned char> bytes,
                          FileSystem& fs) {
    const std::string name = destination.filename().string();
    const fs::path dir = destination.parent_path();
    const fs::path temp = dir / (std::string(kTempFilePrefix) + random_hex(12) + "-" + name);
    auto failed = [&](const Error& e, bool remove_temp) -> Status {
        if (remove_temp) fs.remove(temp);
        return fail(Errc::io, "cannot write '" + name + "': " + e.message);
    };

    auto handle = fs.create_new(temp);
    if (!handle) return failed(handle.error(), false);
    Status st = fs.write_all(*handle, bytes);
    if (st) st = fs.sync(*handle);
    Status closed = fs.close(*handle);
    if (!st) return failed(st.error(), true);
    if (!closed) return failed(closed.error(), true);
    if (auto r = fs.rename(temp, destination); !r) return failed(r.error(), true);
    // The rename is only durable once the folder's entry is on the disk.
    if (auto r = fs.sync_dir(dir); !r) return failed(r.error(), false);
    return {};
}

Status write_file_durably(const fs::path& destination, std::string_view bytes, FileSystem& fs) {
    return write_file_durably(
        destination,
        std::span<const unsigned char>(reinterpret_cast<const unsigned char*>(bytes.data()),
                                       bytes.size()),
        fs);
}

fs::path temp_path_for(const fs::path& destination) {
    return destination.parent_path() /
           (std::string(kTempFilePrefix) + random_hex(12) + "-" + destination.filename().string());
}

Status commit_file_durably(const fs::path& temp, const fs::path& destination, FileSystem& fs) {
    const std::string name = destination.filename().string();
    auto failed = [&](const Error& e, bool remove_temp) -> Status {
        if (remove_temp) fs.remove(temp);
        return fail(Errc::io, "cannot write '" + name + "': " + e.message);
    };
    const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return failed(io_error("open"), true);
    Status st = fs.sync(fd);
    Status closed = fs.close(fd);
    if (!st) return failed(st.error(), true);
    if (!closed) return failed(closed.error(), true);
    if (auto r = fs.rename(temp, destination); !r) return failed(r.error(), true);
    if (auto r = fs.sync_dir(destination.parent_path()); !r) return failed(r.error(), false);
    return {};
}

int sweep_temp_files(const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::path> doomed;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec) && is_temp_file_name(entry.path().filename().string())) {
            doomed.push_back(entry.path());
        }
    }
    int removed = 0;
    for (const auto& p : doomed) removed += fs::remove(p, ec) ? 1 : 0;
    return removed;
}

}  // namespace omg
