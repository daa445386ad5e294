#include "core/thread_priority.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace omg::core {
namespace {

id_t this_thread_id() { return static_cast<id_t>(::syscall(SYS_gettid)); }

}  // namespace

int thread_nice() {
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, this_thread_id());
    return errno == 0 ? nice : 0;
}

Status lower_thread_priority(int steps) {
    if (steps < 1 || steps > 19) return fail(Errc::invalid_argument, "a priority step must be 1..19");
    const int target = std::min(19, thread_nice() + steps);
    if (::setpriority(PRIO_PROCESS, this_thread_id(), target) != 0) {
        return fail(Errc::io, std::string("cannot lower the thread's priority: ") + std::strerror(errno));
    }
    return {};
}

}  // namespace omg::core
