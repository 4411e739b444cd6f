/* See tcp_printer.h.  One thread polls the listening socket, the
 * connections and a pipe that carries the test's orders (reset, stop);
 * it answers each order on a second pipe. */
#include "tcp_printer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "checkin/util.h"
#include "testutil.h"

#define MAX_CONNS 16
/* Bytes (the kernel doubles it): one badge fits, two do not. */
#define DEAD_RCVBUF 65536

struct tcp_printer {
    enum tcp_printer_kind kind;
    int listen_fd, port;
    int orders[2], done[2]; /* pipes: test -> thread, thread -> test */
    int conns[MAX_CONNS];
    char tail[MAX_CONNS][8]; /* a Zebra's last bytes on each connection */
    int nconns;
    /* Connections accepted in all; `mu` and `more` let the test wait for
     * the next one instead of polling. */
    pthread_mutex_t mu;
    pthread_cond_t more;
    int accepted;
    atomic_bool paper_out;
    size_t got;
    pthread_t thread;
};

static void take(struct tcp_printer *p)
{
    int fd = accept(p->listen_fd, NULL, NULL);
    if (fd < 0)
        return;
    pthread_mutex_lock(&p->mu);
    p->accepted++;
    pthread_cond_broadcast(&p->more);
    pthread_mutex_unlock(&p->mu);
    if (p->nconns == MAX_CONNS)
        close(fd);
    else {
        p->tail[p->nconns][0] = '\0';
        p->conns[p->nconns++] = fd;
    }
}

#define STX "\x02"
#define ETX "\x03"

/* A Zebra's answer to `req` (~HS: three STX..ETX strings, string 1
 * field 2 "paper out", ZPL II guide; ~HQES: the error flag and bits, 1 =
 * media out). */
static const char *zebra_reply(bool hqes, bool out)
{
    if (hqes)
        return out ? STX "\r\n  PRINTER STATUS\r\n"
                         "    ERRORS:         1 00000000 00000001\r\n"
                         "    WARNINGS:       0 00000000 00000000\r\n" ETX
                         "\r\n"
                   : STX "\r\n  PRINTER STATUS\r\n"
                         "    ERRORS:         0 00000000 00000000\r\n"
                         "    WARNINGS:       0 00000000 00000000\r\n" ETX
                         "\r\n";
    return out ? STX "030,1,0,0812,000,0,0,0,000,0,0,0" ETX "\r\n" STX
                     "001,0,0,0,1,2,6,0,00000000,1,000" ETX "\r\n" STX
                     "1234,0" ETX "\r\n"
               : STX "030,0,0,0812,000,0,0,0,000,0,0,0" ETX "\r\n" STX
                     "001,0,0,0,1,2,6,0,00000000,1,000" ETX "\r\n" STX
                     "1234,0" ETX "\r\n";
}

/* Answer every request in `d` that starts before `from_max` and ends
 * after `end_min` (and within `len`). */
static void zebra_scan(struct tcp_printer *p, int i, const char *d, size_t len,
                       size_t from_max, size_t end_min)
{
    for (size_t j = 0; j < from_max && j + 3 <= len; j++) {
        bool hqes = j + 5 <= len && !memcmp(d + j, "~HQES", 5);
        bool hs = !memcmp(d + j, "~HS", 3);
        size_t end = j + (hqes ? 5 : 3);
        if ((!hqes && !hs) || end <= end_min)
            continue;
        const char *a = zebra_reply(hqes, atomic_load(&p->paper_out));
        (void)!send(p->conns[i], a, strlen(a), MSG_NOSIGNAL);
    }
}

/* Answer the status requests in `buf`, also one cut between this read
 * and the last (the connection's last 4 bytes are kept). */
static void zebra_answer(struct tcp_printer *p, int i, const char *buf,
                         size_t n)
{
    char edge[16];
    size_t t = strlen(p->tail[i]), k = n < 4 ? n : 4;
    memcpy(edge, p->tail[i], t);
    memcpy(edge + t, buf, k);
    zebra_scan(p, i, edge, t + k, t, t);
    zebra_scan(p, i, buf, n, n, 0);
    size_t all = t + n, keep = all < 4 ? all : 4;
    char last[8];
    for (size_t j = 0; j < keep; j++) {
        size_t at = all - keep + j; /* in tail + buf */
        last[j] = at < t ? p->tail[i][at] : buf[at - t];
    }
    last[keep] = '\0';
    memcpy(p->tail[i], last, keep + 1);
}

static void drop(struct tcp_printer *p, int i, bool reset)
{
    if (p->conns[i] < 0)
        return;
    if (reset) {
        /* Closing with SO_LINGER 0 sends a reset. */
        struct linger now = {1, 0};
        setsockopt(p->conns[i], SOL_SOCKET, SO_LINGER, &now, sizeof(now));
    }
    close(p->conns[i]);
    p->conns[i] = -1; /* polled as nothing from now on */
}

/* One order from the test: 'r' reset, anything else stop.  Whether to go
 * on. */
static bool obey(struct tcp_printer *p)
{
    char order = 'x';
    (void)!read(p->orders[0], &order, 1);
    if (order == 'r') {
        for (int i = 0; i < p->nconns; i++)
            drop(p, i, true);
        if (p->listen_fd >= 0)
            close(p->listen_fd);
        p->listen_fd = -1;
    }
    (void)!write(p->done[1], &order, 1);
    return order == 'r';
}

static void *run(void *arg)
{
    struct tcp_printer *p = arg;
    for (;;) {
        struct pollfd pfd[MAX_CONNS + 2];
        nfds_t n = 0;
        pfd[n++] = (struct pollfd){p->orders[0], POLLIN, 0};
        pfd[n++] = (struct pollfd){p->listen_fd, POLLIN, 0};
        for (int i = 0; i < p->nconns; i++)
            pfd[n++] = (struct pollfd){
                p->conns[i], p->kind != TCP_PRINTER_DEAD ? POLLIN : 0, 0};
        if (poll(pfd, n, -1) < 0 && errno != EINTR)
            break;
        if (pfd[0].revents) {
            if (obey(p))
                continue;
            break;
        }
        if (p->listen_fd >= 0 && (pfd[1].revents & POLLIN))
            take(p);
        for (int i = 0; i < p->nconns; i++) {
            short ev = pfd[2 + i].revents;
            if (!ev || p->conns[i] < 0)
                continue;
            ssize_t got = -1;
            char buf[65536];
            /* A dead printer reads nothing, but lets go of a connection
             * the other end reset. */
            if (p->kind != TCP_PRINTER_DEAD)
                got = recv(p->conns[i], buf, sizeof(buf), MSG_DONTWAIT);
            if (got > 0) {
                p->got += (size_t)got;
                if (p->kind == TCP_PRINTER_ZEBRA)
                    zebra_answer(p, i, buf, (size_t)got);
            } else if (got == 0 || (ev & (POLLHUP | POLLERR)) ||
                       (errno != EAGAIN && errno != EINTR))
                drop(p, i, false);
        }
    }
    return NULL;
}

struct tcp_printer *tcp_printer_start(enum tcp_printer_kind kind)
{
    struct tcp_printer *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->kind = kind;
    pthread_mutex_init(&p->mu, NULL);
    (void)util_mono_cond_init(&p->more);
    p->orders[0] = p->orders[1] = p->done[0] = p->done[1] = -1;
    p->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    /* A dead printer's connections take a fixed few kilobytes and no
     * more (the buffer is inherited from the listening socket; a set size
     * also stops the kernel growing it under load), so whether a job "fits
     * in the buffers" is the same on every run, not the machine's mood. */
    int small = DEAD_RCVBUF;
    if (kind == TCP_PRINTER_DEAD && p->listen_fd >= 0)
        setsockopt(p->listen_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
    if (p->listen_fd < 0 || bind(p->listen_fd, (struct sockaddr *)&a, len) ||
        listen(p->listen_fd, 8) ||
        getsockname(p->listen_fd, (struct sockaddr *)&a, &len) ||
        pipe2(p->orders, O_CLOEXEC) || pipe2(p->done, O_CLOEXEC) ||
        pthread_create(&p->thread, NULL, run, p)) {
        TU_FAIL_AT("cannot start the loopback printer: %s", strerror(errno));
        int fds[] = {p->listen_fd, p->orders[0], p->orders[1], p->done[0],
                     p->done[1]};
        for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
            if (fds[i] >= 0)
                close(fds[i]);
        pthread_cond_destroy(&p->more);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    p->port = ntohs(a.sin_port);
    return p;
}

int tcp_printer_port(const struct tcp_printer *p)
{
    return p ? p->port : 0;
}

int tcp_printer_accepted(struct tcp_printer *p)
{
    pthread_mutex_lock(&p->mu);
    int n = p->accepted;
    pthread_mutex_unlock(&p->mu);
    return n;
}

bool tcp_printer_wait_accepted(struct tcp_printer *p, int n, int timeout_ms)
{
    struct timespec until;
    util_mono_deadline(timeout_ms, &until);
    pthread_mutex_lock(&p->mu);
    int rc = 0;
    while (p->accepted < n && rc == 0)
        rc = pthread_cond_timedwait(&p->more, &p->mu, &until);
    bool got = p->accepted >= n;
    pthread_mutex_unlock(&p->mu);
    return got;
}

void tcp_printer_paper_out(struct tcp_printer *p, bool out)
{
    atomic_store(&p->paper_out, out);
}

/* Give the thread `order` and wait until it has carried it out. */
static void order(struct tcp_printer *p, char what)
{
    char answer;
    if (write(p->orders[1], &what, 1) != 1 || read(p->done[0], &answer, 1) != 1)
        TU_FAIL_AT("the loopback printer's thread does not answer");
}

void tcp_printer_reset(struct tcp_printer *p)
{
    order(p, 'r');
}

size_t tcp_printer_stop(struct tcp_printer *p)
{
    if (!p)
        return 0;
    order(p, 'x');
    pthread_join(p->thread, NULL);
    for (int i = 0; i < p->nconns; i++)
        drop(p, i, false);
    if (p->listen_fd >= 0)
        close(p->listen_fd);
    close(p->orders[0]);
    close(p->orders[1]);
    close(p->done[0]);
    close(p->done[1]);
    size_t got = p->got;
    pthread_cond_destroy(&p->more);
    pthread_mutex_destroy(&p->mu);
    free(p);
    return got;
}
