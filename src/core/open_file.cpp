#include "core/open_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace omg::core {

Result<OpenFile> OpenFile::open(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return fail(Errc::not_found, "file not found");
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail(Errc::not_found, "file not found");
    }
    return OpenFile(fd, static_cast<uint64_t>(st.st_size));
}

OpenFile::OpenFile(OpenFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(other.size_) {}

OpenFile& OpenFile::operator=(OpenFile&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
        size_ = other.size_;
    }
    return *this;
}

OpenFile::~OpenFile() {
    if (fd_ >= 0) ::close(fd_);
}

Status OpenFile::read(uint64_t offset, size_t length, std::string* out) const {
    if (offset > size_ || length > size_ - offset) {
        return fail(Errc::invalid_argument, "read past the end of the file");
    }
    const size_t start = out->size();
    out->resize(start + length);
    size_t done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd_, out->data() + start + done, length - done,
                                  static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            out->resize(start);
            return fail(Errc::io, "the file shrank or cannot be read");
        }
        done += static_cast<size_t>(n);
    }
    return {};
}

}  // namespace omg::core
