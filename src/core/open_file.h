// OpenFile: a regular file opened for reading, its descriptor owned (closed with it), read at
// any offset with pread: a later rename or removal of the path does not change what an open
// file reads, and readers on several threads need no lock (pread moves no shared offset).
// The one way OMG serves a file in pieces: the HTTP transport's file content and the folder
// store's job files (storage/artifacts.h) both read through it. Move-only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.h"

namespace omg::core {

class OpenFile {
public:
    // Errc::not_found when the path cannot be opened or is not a regular file.
    static Result<OpenFile> open(const std::filesystem::path& path);

    OpenFile(OpenFile&& other) noexcept;
    OpenFile& operator=(OpenFile&& other) noexcept;
    OpenFile(const OpenFile&) = delete;
    OpenFile& operator=(const OpenFile&) = delete;
    ~OpenFile();

    // The size when it was opened.
    uint64_t size() const { return size_; }
    // Appends bytes [offset, offset + length) to *out. Errc::invalid_argument for a range past
    // the size; Errc::io when the file shrank or cannot be read (*out is then as it was).
    Status read(uint64_t offset, size_t length, std::string* out) const;

private:
    OpenFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
    int fd_ = -1;
    uint64_t size_ = 0;
};

}  // namespace omg::core
