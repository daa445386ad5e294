// Festival as the text front end: one subprocess per three distinct lines (up to the cores),
// started before the lines exist so that it loads while they are written; the lyrics as data.
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

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <system_error>
#include <thread>

#include "voice/front_end.h"

namespace omg::voice::detail {
namespace {

// argv: DATA_FILE FESTIVAL_LIB; DATA_FILE is read once a byte (or the end) comes on stdin, so the
// process loads its lexicon and voice before the lines exist. Output protocol, one record a
// line: L (a line begins), T token,
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
;; Loaded: wait for the lines (a byte, or the end, on stdin once they are written).
(getc (fopen "/dev/stdin" "r"))
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
// A Festival process starts in about 40 ms of CPU (its heap kept small, below) and then takes
// 8-12 ms a line. A song's lyrics are on the critical path (nothing composes before them) and
// the other cores wait meanwhile, so past three distinct lines a second process (on a second
// core) pays for its start.
constexpr size_t kLinesPerProcess = 3;
constexpr size_t kMaxProcesses = 4;

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

namespace {

// One Festival process: its stdout on `out`; it reads `data_file` once `go` gets a byte or closes.
struct Child {
    pid_t pid = -1;
    std::filesystem::path data_file;
    UniqueFd out;
    UniqueFd go;
    std::string answer;
    bool open = true;
};

Result<Child> spawn_festival(const std::filesystem::path& festival,
                             const std::filesystem::path& festival_lib,
                             const std::filesystem::path& script,
                             const std::filesystem::path& data_file,
                             const std::filesystem::path& home) {
    int fds[2], go[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return fail(Errc::io, "the voice could not make a pipe");
    UniqueFd read_end = adopt(fds[0]), write_end = adopt(fds[1]);
    if (::pipe2(go, O_CLOEXEC) != 0) return fail(Errc::io, "the voice could not make a pipe");
    UniqueFd go_read = adopt(go[0]), go_write = adopt(go[1]);
    FileActions fa;
    posix_spawn_file_actions_adddup2(&fa.actions, *go_read, 0);
    posix_spawn_file_actions_adddup2(&fa.actions, *write_end, 1);
    posix_spawn_file_actions_addopen(&fa.actions, 2, "/dev/null", O_WRONLY, 0);

    std::string exe = festival.string(), script_s = script.string(), text_s = data_file.string(),
                lib_s = festival_lib.string(), home_s = "HOME=" + home.string();
    // Festival's Lisp heap defaults to 10M cells, which it allocates and touches at startup
    // (~1 s of a 1.4 s run here). The front end needs far less: 1M cells holds the lexicon's
    // letter-to-sound rules and a 300-word line with the same labels, and its collector keeps
    // up with one line after another. Smaller heaps collect so often that lines get slower.
    std::string lang = "LANG=C", heap = "SIODHEAPSIZE=1000000", flag = "--script";
    std::vector<char*> argv{exe.data(),    flag.data(),  script_s.data(),
                            text_s.data(), lib_s.data(), nullptr};
    std::vector<char*> envp{home_s.data(), lang.data(), heap.data(), nullptr};
    Child child;
    if (posix_spawn(&child.pid, exe.c_str(), &fa.actions, nullptr, argv.data(), envp.data()) !=
        0) {
        return fail(Errc::unavailable, "Festival could not be started");
    }
    child.data_file = data_file;
    child.out = std::move(read_end);
    child.go = std::move(go_write);
    return child;
}

void reap(pid_t pid, int* status = nullptr) {
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
    }
    if (status) *status = st;
}

// A line's identity for Festival: the same words, spoken and written, give the same answer
// (every line is its own utterance), so a chorus is analysed once.
std::string line_key(const std::vector<TextWord>& line) {
    std::string key;
    for (const auto& w : line) {
        key += w.spoken;
        key.push_back('\x1f');
        key += w.written;
        key.push_back('\x1e');
    }
    return key;
}

}  // namespace

struct FestivalRun::State {
    TempDir dir;
    std::vector<Child> children;
    bool used = false;
    explicit State(TempDir d) : dir(std::move(d)) {}
    ~State() {
        for (auto& c : children) {
            if (c.pid < 0) continue;
            ::kill(c.pid, SIGKILL);
            reap(c.pid);
        }
    }
};

size_t FestivalRun::processes_for(size_t distinct_lines) {
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::clamp<size_t>((distinct_lines + kLinesPerProcess - 1) / kLinesPerProcess, 1,
                              std::min<size_t>(cores, kMaxProcesses));
}

Result<FestivalRun> FestivalRun::start(const std::filesystem::path& festival,
                                       const std::filesystem::path& festival_lib,
                                       size_t processes) {
    auto dir = TempDir::create();
    if (!dir) return tl::unexpected(dir.error());
    auto state = std::make_unique<State>(std::move(*dir));
    const auto script = state->dir.path() / "front_end.scm";
    if (!write_file(script, kScript)) {
        return fail(Errc::io, "the voice could not write its temporary files");
    }
    processes = std::clamp<size_t>(processes, 1, kMaxProcesses);
    for (size_t p = 0; p < processes; ++p) {
        const auto text = state->dir.path() / ("lines" + std::to_string(p) + ".txt");
        auto child = spawn_festival(festival, festival_lib, script, text, state->dir.path());
        if (!child) return tl::unexpected(child.error());  // ~State stops the others
        state->children.push_back(std::move(*child));
    }
    FestivalRun run;
    run.state_ = std::move(state);
    return run;
}

FestivalRun::FestivalRun() = default;
FestivalRun::FestivalRun(FestivalRun&&) noexcept = default;
FestivalRun::~FestivalRun() = default;

size_t FestivalRun::processes() const { return state_ ? state_->children.size() : 0; }

Result<std::vector<FrontEndLine>> FestivalRun::analyse(const std::vector<std::vector<TextWord>>& lines,
                                                       double timeout_s) {
    if (!state_ || state_->used) return fail(Errc::internal, "a Festival run analyses once");
    state_->used = true;
    std::vector<size_t> slot(lines.size());
    std::vector<std::vector<TextWord>> unique;
    {
        std::map<std::string, size_t> seen;
        for (size_t i = 0; i < lines.size(); ++i) {
            auto [it, fresh] = seen.emplace(line_key(lines[i]), unique.size());
            if (fresh) unique.push_back(lines[i]);
            slot[i] = it->second;
        }
    }
    // Lines are independent utterances: they are shared out between the processes, each with
    // a contiguous run of lines (none for some when there are few), so the answer does not
    // depend on the split.
    std::vector<Child>& children = state_->children;
    const size_t procs = children.size();
    std::vector<std::vector<std::vector<TextWord>>> chunks(procs);
    for (size_t p = 0; p < procs; ++p) {
        const size_t a = unique.size() * p / procs, b = unique.size() * (p + 1) / procs;
        chunks[p].assign(unique.begin() + static_cast<long>(a),
                         unique.begin() + static_cast<long>(b));
        std::string data;
        for (const auto& line : chunks[p]) {
            for (size_t i = 0; i < line.size(); ++i) {
                if (i) data.push_back(' ');
                data += line[i].spoken;  // only [a-z0-9'], split_words guarantees it
            }
            data.push_back('\n');
        }
        if (!write_file(children[p].data_file, data)) {
            return fail(Errc::io, "the voice could not write its temporary files");
        }
        const char go = 'g';
        (void)!::write(*children[p].go, &go, 1);  // a closed pipe reads as the end: it goes anyway
        children[p].go.reset();
    }

    bool timed_out = false;
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<int64_t>(timeout_s * 1000));
    std::vector<char> buf(65536);
    for (;;) {
        std::vector<pollfd> polls;
        std::vector<Child*> polled;
        size_t total = 0;
        for (auto& c : children) {
            total += c.answer.size();
            if (c.open) polls.push_back({*c.out, POLLIN, 0}), polled.push_back(&c);
        }
        if (polls.empty()) break;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
        if (left <= 0 || total > kMaxOutput) {
            timed_out = true;
            break;
        }
        int r = ::poll(polls.data(), polls.size(),
                       static_cast<int>(std::min<int64_t>(left, 1000)));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;
        for (size_t i = 0; i < polls.size(); ++i) {
            if (polls[i].revents == 0) continue;
            ssize_t n = ::read(polls[i].fd, buf.data(), buf.size());
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                polled[i]->open = false;
                continue;
            }
            polled[i]->answer.append(buf.data(), static_cast<size_t>(n));
        }
    }
    bool failed = false;
    for (auto& c : children) {
        if (timed_out) ::kill(c.pid, SIGKILL);
        int status = 0;
        reap(c.pid, &status);
        c.pid = -1;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) failed = true;
    }
    if (timed_out) return fail(Errc::unavailable, "Festival took too long and was stopped");
    if (failed) {
        return fail(Errc::unavailable,
                    "Festival failed (is the cmu_us_slt_arctic_hts voice installed?)");
    }
    std::vector<FrontEndLine> analysed;
    analysed.reserve(unique.size());
    for (size_t p = 0; p < procs; ++p) {
        auto part = parse_festival_output(children[p].answer, chunks[p]);
        if (!part) return tl::unexpected(part.error());
        for (auto& line : *part) analysed.push_back(std::move(line));
    }
    std::vector<FrontEndLine> out;
    out.reserve(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) out.push_back(analysed[slot[i]]);
    return out;
}

Result<std::vector<FrontEndLine>> run_festival(const std::filesystem::path& festival,
                                               const std::filesystem::path& festival_lib,
                                               const std::vector<std::vector<TextWord>>& lines,
                                               double timeout_s) {
    std::set<std::string> distinct;
    for (const auto& line : lines) distinct.insert(line_key(line));
    auto run = FestivalRun::start(festival, festival_lib, FestivalRun::processes_for(distinct.size()));
    if (!run) return tl::unexpected(run.error());
    return run->analyse(lines, timeout_s);
}

}  // namespace omg::voice::detail
