/* The TCP transport: raw bytes to port 9100 ("JetDirect"), the way
 * network label printers take jobs.  IPv4 and IPv6 through getaddrinfo;
 * connect, send and receive each wait at most their timeout (non-blocking
 * socket and poll).  A send only hands bytes to the kernel: drain waits
 * until the printer has acknowledged them, which is all a printer that
 * sends nothing back can tell.  No protocol on top: what the printer
 * answers (Zebra ~HS) is the caller's business. */
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "checkin/transport.h"
#include "checkin/util.h"
#include "transport_fd.h"

struct tcp_transport {
    struct transport base;
    int fd;
};

static int gone(struct transport *t, int e, struct ck_error *err)
{
    t->fault = TRANSPORT_FAULT_GONE;
    if (!e)
        return ck_fail(err, CK_EDEVICE,
                       "%s closed the connection. Check that the printer is "
                       "on.",
                       t->desc);
    return ck_fail(
        err, CK_EDEVICE,
        "%s closed the connection (%s). Check that the printer is on.", t->desc,
        strerror(e));
}

static int tcp_write(struct transport *t, const uint8_t *data, size_t len,
                     int timeout_ms, struct ck_error *err)
{
    struct tcp_transport *c = (struct tcp_transport *)t;
    size_t done;
    int e = transport_write_fd(c->fd, true, data, len, timeout_ms, &done);
    if (!e)
        return CK_OK;
    if (e == ETIMEDOUT) {
        t->fault = TRANSPORT_FAULT_TIMEOUT;
        return ck_fail(err, CK_EDEVICE,
                       "%s took only %zu of %zu bytes in %d ms; it is not "
                       "answering. Check it.",
                       t->desc, done, len, timeout_ms);
    }
    return gone(t, e, err);
}

static int tcp_read(struct transport *t, uint8_t *buf, size_t cap, size_t *got,
                    int timeout_ms, struct ck_error *err)
{
    struct tcp_transport *c = (struct tcp_transport *)t;
    int64_t deadline = util_mono_ms() + timeout_ms;
    for (;;) {
        ssize_t n = recv(c->fd, buf, cap, 0);
        if (n > 0) {
            *got = (size_t)n;
            return CK_OK;
        }
        if (n == 0)
            return gone(t, 0, err);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return gone(t, errno, err);
        int64_t left = deadline - util_mono_ms();
        if (left <= 0)
            return CK_OK; /* nothing in time */
        struct pollfd pfd = {c->fd, POLLIN, 0};
        poll(&pfd, 1, (int)left);
    }
}

/* Bytes written and not yet acknowledged by the printer (SIOCOUTQ: sent
 * and unacknowledged, or not sent yet), or -1. */
static int unacknowledged(int fd)
{
    int n;
    return ioctl(fd, SIOCOUTQ, &n) ? -1 : n;
}

int transport_tcp_drain(struct transport *t, int timeout_ms,
                        struct ck_error *err)
{
    struct tcp_transport *c = (struct tcp_transport *)t;
    int64_t deadline = util_mono_ms() + timeout_ms;
    for (;;) {
        int left_bytes = unacknowledged(c->fd);
        if (left_bytes < 0)
            return gone(t, errno, err);
        /* Looked at after the queue: a reset empties it, and the bytes it
         * threw away were not taken.  A peer that closed after
         * acknowledging everything (CLOSE_WAIT) did take them. */
        struct tcp_info ti;
        socklen_t len = sizeof(ti);
        if (getsockopt(c->fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
            return gone(t, errno, err);
        if (ti.tcpi_state != TCP_ESTABLISHED &&
            ti.tcpi_state != TCP_CLOSE_WAIT) {
            int e = 0;
            socklen_t elen = sizeof(e);
            getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &e, &elen);
            return gone(t, e ? e : ECONNRESET, err);
        }
        if (left_bytes == 0)
            return CK_OK;
        int64_t left = deadline - util_mono_ms();
        if (left <= 0) {
            t->fault = TRANSPORT_FAULT_TIMEOUT;
            return ck_fail(err, CK_EDEVICE,
                           "%s has not taken the last %d bytes of the job "
                           "in %d ms; it is not reading. Check it.",
                           t->desc, left_bytes, timeout_ms);
        }
        /* Acknowledgements raise no event; look again shortly (a reset
         * wakes the poll at once). */
        struct pollfd pfd = {c->fd, 0, 0};
        poll(&pfd, 1, left < 20 ? (int)left : 20);
    }
}

static void tcp_close(struct transport *t)
{
    struct tcp_transport *c = (struct tcp_transport *)t;
    if (c->fd >= 0) {
        /* Bytes the printer has not taken are thrown away with a reset,
         * not left to the kernel to deliver after checkin has given up on
         * the job: a job reported failed (and sent again later) must not
         * print late beside its copy. */
        if (unacknowledged(c->fd) > 0) {
            struct linger abort_now = {1, 0};
            setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &abort_now,
                       sizeof(abort_now));
        }
        close(c->fd);
    }
    free(c);
}

static const struct transport_ops TCP_OPS = {tcp_write, tcp_read, tcp_close};

/* Connect `fd` to `ai` within `timeout_ms`; 0 or an errno. */
static int connect_within(int fd, const struct addrinfo *ai, int timeout_ms)
{
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return 0;
    if (errno != EINPROGRESS)
        return errno;
    struct pollfd pfd = {fd, POLLOUT, 0};
    int r;
    do
        r = poll(&pfd, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r == 0)
        return ETIMEDOUT;
    int e = 0;
    socklen_t elen = sizeof(e);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) < 0)
        return errno;
    return e;
}

int transport_tcp_open(const char *host, const char *port, int timeout_ms,
                       struct transport **out, struct ck_error *err)
{
    *out = NULL;
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc != 0)
        return ck_fail(err, CK_ENOTFOUND,
                       "Cannot find the printer %s: %s. Check the name or "
                       "give its IP address.",
                       host, gai_strerror(rc));
    int fd = -1, last = 0;
    char shown[300] = "";
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family,
                    ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                    ai->ai_protocol);
        if (fd < 0) {
            last = errno;
            continue;
        }
        last = connect_within(fd, ai, timeout_ms);
        if (last == 0) {
            char addr[NI_MAXHOST] = "";
            getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr), NULL,
                        0, NI_NUMERICHOST);
            snprintf(shown, sizeof(shown),
                     ai->ai_family == AF_INET6 ? "[%s]:%s" : "%s:%s", addr,
                     port);
            break;
        }
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (last == ETIMEDOUT)
            return ck_fail(err, CK_EDEVICE,
                           "The printer at %s port %s is not answering. "
                           "Check that it is on and on this network.",
                           host, port);
        return ck_fail(err, CK_EDEVICE,
                       "Cannot connect to the printer at %s port %s: %s. "
                       "Check that it is on and that the address is right.",
                       host, port, strerror(last));
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct tcp_transport *c = calloc(1, sizeof(*c));
    if (!c) {
        close(fd);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    c->fd = fd;
    c->base.ops = &TCP_OPS;
    c->base.kind = TRANSPORT_TCP;
    snprintf(c->base.where, sizeof(c->base.where), "tcp %s", shown);
    snprintf(c->base.desc, sizeof(c->base.desc), "%s", c->base.where);
    *out = &c->base;
    return CK_OK;
}
