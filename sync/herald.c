/* The herald's address and channels (checkin/sync_herald.h) and a
 * station's link to it (herald_client.h): what sync/worker.c needs to
 * take its wakes from the herald without ever waiting on it. */
#include "herald_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/util.h"
#include "sync_priv.h"

int sync_herald_addr(const char *addr, const char *option,
                     struct sockaddr_storage *sa, socklen_t *len,
                     struct ck_error *err)
{
    char host[64];
    const char *colon = addr ? strrchr(addr, ':') : NULL;
    const char *h = addr;
    size_t hl = colon ? (size_t)(colon - addr) : 0;
    if (hl >= 2 && addr[0] == '[' && addr[hl - 1] == ']') {
        h = addr + 1;
        hl -= 2;
    }
    long port = 0;
    struct addrinfo hints = {.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV,
                             .ai_socktype = SOCK_STREAM};
    struct addrinfo *ai = NULL;
    bool ok = colon && hl > 0 && hl < sizeof(host) &&
              util_parse_long(colon + 1, strcmp(option, "--listen") ? 1 : 0,
                              65535, &port);
    if (ok) {
        memcpy(host, h, hl);
        host[hl] = '\0';
        ok = !getaddrinfo(host, colon + 1, &hints, &ai) && ai &&
             ai->ai_addrlen <= sizeof(*sa);
    }
    if (!ok) {
        if (ai)
            freeaddrinfo(ai);
        return ck_fail(err, CK_EINVAL,
                       "%s takes the herald's address as numbers and a "
                       "port, such as 192.168.1.10:7433, not '%s'.",
                       option, addr ? addr : "");
    }
    memset(sa, 0, sizeof(*sa));
    memcpy(sa, ai->ai_addr, ai->ai_addrlen);
    *len = (socklen_t)ai->ai_addrlen;
    freeaddrinfo(ai);
    return CK_OK;
}

bool sync_herald_channels(char *sql, size_t cap)
{
    static const char *const kinds[] = {"desk", "door", "leads", "triage"};
    size_t used = 0;
    sql[0] = '\0';
    for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        char one[2048];
        if (!sync_listen_sql(kinds[k], one, sizeof(one)))
            return false;
        /* Each statement once: "LISTEN x;" */
        for (char *s = one; *s;) {
            char *end = strchr(s, ';');
            if (!end)
                break;
            char stmt[128];
            snprintf(stmt, sizeof(stmt), "%.*s;", (int)(end - s), s);
            if (!strstr(sql, stmt)) {
                int n = snprintf(sql + used, cap - used, "%s", stmt);
                if (n < 0 || (size_t)n >= cap - used)
                    return false;
                used += (size_t)n;
            }
            s = end + 1;
        }
    }
    return true;
}

void herald_drop(struct herald *h, int64_t now)
{
    if (h->fd >= 0)
        close(h->fd);
    h->fd = -1;
    h->connecting = h->ready = false;
    h->failed = true;
    h->len = 0;
    h->backoff = h->backoff ? h->backoff * 2 : HERALD_RETRY_MS;
    if (h->backoff > HERALD_RETRY_MAX_MS)
        h->backoff = HERALD_RETRY_MAX_MS;
    h->retry_at = now + h->backoff;
}

void herald_try(struct herald *h, int64_t now)
{
    if (!h->on || h->fd >= 0 || now < h->retry_at)
        return;
    int fd =
        socket(h->sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    h->heard_at = now;
    if (fd < 0) {
        herald_drop(h, now);
        return;
    }
    h->fd = fd;
    if (!connect(fd, (struct sockaddr *)&h->sa, h->salen))
        h->connecting = false;
    else if (errno == EINPROGRESS)
        h->connecting = true;
    else
        herald_drop(h, now);
}

short herald_events(const struct herald *h)
{
    return h->fd < 0 ? 0 : h->connecting ? POLLOUT : POLLIN;
}

bool herald_silent(const struct herald *h, int64_t now)
{
    if (h->fd < 0 || now - h->heard_at < HERALD_SILENT_MS)
        return false;
    struct pollfd p = {h->fd, herald_events(h), 0};
    return poll(&p, 1, 0) != 1;
}

int64_t herald_due(const struct herald *h)
{
    if (!h->on)
        return 0;
    return h->fd < 0 ? h->retry_at : h->heard_at + HERALD_SILENT_MS;
}

/* One line the herald said (NUL-ended, no line end); false: not the
 * herald's protocol, dropped. */
static bool line(struct herald *h, char *s, herald_note_fn fn, void *arg)
{
    if (!strcmp(s, "."))
        return true;
    if (!strcmp(s, "herald1")) {
        h->ready = true;
        return true;
    }
    if (strncmp(s, "n ", 2) || !h->ready)
        return false;
    char *pid = s + 2, *ch = strchr(pid, ' ');
    if (!ch)
        return false;
    *ch++ = '\0';
    char *payload = strchr(ch, ' ');
    if (payload)
        *payload++ = '\0';
    struct herald_note n = {0, ch, payload ? payload : ""};
    if (!util_parse_long(pid, 0, 0x7fffffff, &n.pid) || !*ch)
        return false;
    fn(arg, &n);
    return true;
}

bool herald_take(struct herald *h, short revents, int64_t now,
                 herald_note_fn fn, void *arg)
{
    if (h->connecting) {
        int e = 0;
        socklen_t el = sizeof(e);
        if ((revents & (POLLERR | POLLHUP)) ||
            getsockopt(h->fd, SOL_SOCKET, SO_ERROR, &e, &el) || e) {
            herald_drop(h, now);
            return false;
        }
        h->connecting = false;
        h->heard_at = now;
        return true;
    }
    for (;;) {
        ssize_t got = read(h->fd, h->buf + h->len, SYNC_HERALD_LINE - h->len);
        if (got < 0 && (errno == EAGAIN || errno == EINTR))
            return true;
        if (got <= 0) {
            herald_drop(h, now);
            return false;
        }
        h->heard_at = now;
        h->len += (size_t)got;
        char *start = h->buf, *nl;
        h->buf[h->len] = '\0';
        while ((nl = memchr(start, '\n', h->len - (size_t)(start - h->buf)))) {
            *nl = '\0';
            if (!line(h, start, fn, arg)) {
                herald_drop(h, now);
                return false;
            }
            start = nl + 1;
        }
        h->len -= (size_t)(start - h->buf);
        memmove(h->buf, start, h->len);
        /* A line longer than any the herald sends: not a herald. */
        if (h->len >= SYNC_HERALD_LINE) {
            herald_drop(h, now);
            return false;
        }
        if (h->ready && h->failed) {
            h->failed = false;
            h->backoff = 0;
        }
    }
}
