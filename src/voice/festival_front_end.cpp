// Festival as the text front end: one subprocess per song, the lyrics as data.
//
// Security: the lyrics are untrusted and Festival's Scheme can run shell commands, so the script
// below is a constant and the text never becomes Scheme source. The words go to a file in a
// private temp directory (mkdtemp), the script reads it byte by byte with getc and hands each
// line to (Utterance Text ...) through `eval` of a list holding the string object itself, which
// the reader never sees. Festival is started with posix_spawn and an argument vector (no shell),
// a minimal environment (HOME is the temp directory, so no ~/.festivalrc is read), and is killed
// when it runs past its time.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <system_error>

#include "voice/front_end.h"

namespace omg::voice::detail {
namespace {

// argv: DATA_FILE FESTIVAL_LIB. Output protocol, one record a line: L (a line begins), T token,
// W word, S stress (a syllable of the last word), F phone label, P pause-label, X (the line
// failed), E (the line ends); DONE at the end.
constexpr const char* kScript = R"scm(
(set! omg_data (car argv))
(load (path-append (car (cdr argv)) "init.scm"))
(voice_cmu_us_slt_arctic_hts)
(define (omg_read_line fd)
  (let ((c (getc fd)) (s ""))
    (if (or (null c) (equal? c -1))
        nil
        (begin
          (while (and c (not (equal? c -1)) (not (equal? c 10)))
            (set! s (string-append s (format nil "%c" c)))
            (set! c (getc fd)))
          s))))
(define (omg_line line)
  (let ((utt (eval (list 'Utterance 'Text line))))
    (Initialize utt) (Text utt) (Token_POS utt) (Token utt) (POS utt) (Phrasify utt)
    (Word utt) (Pauses utt) (Intonation utt) (PostLex utt) (Duration utt)
    (let ((tok (utt.relation.first utt 'Token)))
     (while tok
       (format t "T %s\n" (item.name tok))
       (mapcar
        (lambda (w)
          (format t "W %s\n" (item.name w))
          (mapcar
           (lambda (syl)
             (format t "S %s\n" (item.feat syl "stress"))
             (mapcar
              (lambda (seg)
                (format t "F %s %s" (item.name seg) (hts_feats_output_string seg)))
              (item.relation.daughters syl 'SylStructure)))
           (item.relation.daughters (item.relation w 'SylStructure) 'SylStructure)))
        (item.relation.daughters tok 'Token))
       (set! tok (item.next tok))))
    (mapcar
     (lambda (seg)
       (if (string-equal (item.name seg) "pau")
           (format t "P %s" (hts_feats_output_string seg))))
     (utt.relation.items utt 'Segment))))
(set! omg_fd (fopen omg_data "r"))
(set! omg_text (omg_read_line omg_fd))
(while omg_text
  (format t "L\n")
  (unwind-protect (omg_line omg_text) (format t "X\n"))
  (format t "E\n")
  (set! omg_text (omg_read_line omg_fd)))
(format t "DONE\n")
)scm";

constexpr size_t kMaxOutput = 256u << 20;

// A private temp directory and the files in it, removed on destruction.
class TempDir {
public:
    static Result<TempDir> create() {
        std::error_code ec;
        auto base = std::filesystem::temp_directory_path(ec);
        if (ec) base = "/tmp";
        std::string templ = (base / "omg-voice-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) {
            return fail(Errc::io, "the voice could not make a temporary directory");
        }
        return TempDir(templ);
    }
    TempDir(TempDir&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
    TempDir& operator=(TempDir&&) = delete;
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    explicit TempDir(std::filesystem::path p) : path_(std::move(p)) {}
    std::filesystem::path path_;
};

struct FdCloser {
    void operator()(int* fd) const {
        if (fd && *fd >= 0) ::close(*fd);
        delete fd;
    }
};
using UniqueFd = std::unique_ptr<int, FdCloser>;
UniqueFd adopt(int fd) {
    return UniqueFd(new int(fd));
}

struct FileActions {
    posix_spawn_file_actions_t actions;
    FileActions() { posix_spawn_file_actions_init(&actions); }
    ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
    FileActions(const FileActions&) = delete;
    FileActions& operator=(const FileActions&) = delete;
};

bool write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    return static_cast<bool>(out);
}

}  // namespace

Result<std::vector<FrontEndLine>> run_festival(const std::filesystem::path& festival,
                                               const std::filesystem::path& festival_lib,
                                               const std::vector<std::vector<TextWord>>& lines,
                                               double timeout_s) {
    auto dir = TempDir::create();
    if (!dir) return tl::unexpected(dir.error());
    std::string data;
    for (const auto& line : lines) {
        for (size_t i = 0; i < line.size(); ++i) {
            if (i) data.push_back(' ');
            data += line[i].spoken;  // only [a-z0-9'], split_words guarantees it
        }
        data.push_back('\n');
    }
    const auto script = dir->path() / "front_end.scm";
    const auto text = dir->path() / "lines.txt";
    if (!write_file(script, kScript) || !write_file(text, data)) {
        return fail(Errc::io, "the voice could not write its temporary files");
    }

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return fail(Errc::io, "the voice could not make a pipe");
    UniqueFd read_end = adopt(fds[0]), write_end = adopt(fds[1]);
    FileActions fa;
    posix_spawn_file_actions_addopen(&fa.actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa.actions, *write_end, 1);
    posix_spawn_file_actions_addopen(&fa.actions, 2, "/dev/null", O_WRONLY, 0);

    std::string exe = festival.string(), script_s = script.string(), text_s = text.string(),
                lib_s = festival_lib.string(), home = "HOME=" + dir->path().string();
    std::string lang = "LANG=C", flag = "--script";
    std::vector<char*> argv{exe.data(),    flag.data(),  script_s.data(),
                            text_s.data(), lib_s.data(), nullptr};
    std::vector<char*> envp{home.data(), lang.data(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, exe.c_str(), &fa.actions, nullptr, argv.data(), envp.data()) != 0) {
        return fail(Errc::unavailable, "Festival could not be started");
    }
    write_end.reset();

    std::string out;
    bool timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(timeout_s * 1000));
    char buf[65536];
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0 || out.size() > kMaxOutput) {
            timed_out = true;
            break;
        }
        pollfd p{*read_end, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;
        ssize_t n = ::read(*read_end, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    if (timed_out) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (timed_out) return fail(Errc::unavailable, "Festival took too long and was stopped");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return fail(Errc::unavailable,
                    "Festival failed (is the cmu_us_slt_arctic_hts voice installed?)");
    }
    return parse_festival_output(out, lines);
}

}  // namespace omg::voice::detail
