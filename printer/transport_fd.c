/* See transport_fd.h. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "checkin/util.h"
#include "transport_fd.h"

/* write(), but a reader gone from a FIFO is EPIPE, not a SIGPIPE that
 * ends the station: the signal is blocked for the call and a pending one
 * taken back, leaving any SIGPIPE that was pending before alone. */
static ssize_t write_nosignal(int fd, const void *buf, size_t len)
{
    sigset_t pipe_set, old, pending;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    sigpending(&pending);
    bool was_pending = sigismember(&pending, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    ssize_t n = write(fd, buf, len);
    int e = errno;
    if (n < 0 && e == EPIPE && !was_pending) {
        struct timespec zero = {0, 0};
        sigtimedwait(&pipe_set, NULL, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return n;
}

int transport_write_fd(int fd, bool socket, const uint8_t *data, size_t len,
                       int timeout_ms, size_t *done)
{
    int64_t deadline = util_mono_ms() + timeout_ms;
    *done = 0;
    while (*done < len) {
        ssize_t n = socket ? send(fd, data + *done, len - *done, MSG_NOSIGNAL)
                           : write_nosignal(fd, data + *done, len - *done);
        if (n > 0) {
            *done += (size_t)n;
            continue;
        }
        if (n == 0)
            return EPIPE;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return errno;
        int64_t left = deadline - util_mono_ms();
        if (left <= 0)
            return ETIMEDOUT;
        struct pollfd pfd = {fd, POLLOUT, 0};
        poll(&pfd, 1, (int)left);
    }
    return 0;
}
