// Durable files: the one way OMG writes a file that must survive a crash or a power cut whole.
//
// `write_file_durably` writes the bytes to a temporary name in the destination's folder
// (".tmp-<random>-<name>"), flushes them to the disk (fsync), renames the temporary over the
// destination and then flushes the folder (fsync of the directory), so that when it returns
// success the new file is on the disk whole, and at every moment before, a reader or a restart
// sees the old file (or none) and never a short one. A caller that records "done" elsewhere (a
// job marked completed in the database) does so only after this returns.
//
// The steps go through a `FileSystem`, so tests can stop the sequence between any two of them
// and cut the power (tests/core/durable_file_test.cpp). `sweep_temp_files` removes what a
// crash left behind. Thread-safe: no shared state; distinct destinations may be written at once.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace omg {

// The POSIX calls a durable write makes; a handle is a file descriptor. Every failure is
// Errc::io, with a message that names no path.
class FileSystem {
public:
    virtual ~FileSystem() = default;
    virtual Result<int> create_new(const std::filesystem::path& path) = 0;  // O_EXCL
    virtual Status write_all(int handle, std::span<const unsigned char> bytes) = 0;
    virtual Status sync(int handle) = 0;
    virtual Status close(int handle) = 0;
    virtual Status rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
    virtual Status sync_dir(const std::filesystem::path& dir) = 0;
    virtual void remove(const std::filesystem::path& path) = 0;
};

// The machine's own file system.
FileSystem& posix_file_system();

// Temporary files start with this; `sweep_temp_files` and the artifact store remove them.
inline constexpr std::string_view kTempFilePrefix = ".tmp-";

// True for a name this module (or an older OMG, "*.partial-*") used for a file being written.
bool is_temp_file_name(std::string_view name);

// Errors: io, naming only the destination's file name.
Status write_file_durably(const std::filesystem::path& destination,
                          std::span<const unsigned char> bytes,
                          FileSystem& fs = posix_file_system());
Status write_file_durably(const std::filesystem::path& destination, std::string_view bytes,
                          FileSystem& fs = posix_file_system());

// For a file a library writes by path, in pieces (an audio encoder): `temp_path_for` names its
// temporary beside `destination`; `commit_file_durably` then does the rest of the sequence
// above (fsync of the finished temporary, rename, fsync of the folder) and removes the
// temporary if a step fails. Errors: io, naming only the destination's file name.
std::filesystem::path temp_path_for(const std::filesystem::path& destination);
Status commit_file_durably(const std::filesystem::path& temp, const std::filesystem::path& destination,
                           FileSystem& fs = posix_file_system());

// Removes every temporary file directly inside `dir`; returns how many.
int sweep_temp_files(const std::filesystem::path& dir);

}  // namespace omg
