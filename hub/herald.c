/* The herald (checkin/hub.h, hub_herald_run; the wire in
 * checkin/sync_herald.h): one PostgreSQL session LISTENing on every
 * station's channels, each notification written to every station
 * connected, so that a commit wakes one of the hub's backends and not one
 * for each running desk (docs/sync.md, "The herald").  It forwards only:
 * what a station sends it is read and thrown away, and a station that
 * sends more than a line's worth, or cannot take what it is sent at once,
 * is cut (it then LISTENs on the hub itself).  While the herald's own
 * session is not there it has no station connected, so that none waits
 * on a herald that hears nothing.  It logs in with its own role, which
 * may LISTEN and nothing else (herald_login.c), from its file alone, and
 * stops once the organizer retired that role (told on
 * HUB_HERALD_CHANNEL, or its password refused at a login). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkin/hub.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "checkin/sync_herald.h"
#include "checkin/util.h"
#include "hub_priv.h"

enum {
    STATIONS = 1024,      /* connected at once, at most */
    CONNECT_MS = 10000,   /* one connection attempt to the hub at most */
    STATEMENT_MS = 30000, /* the hub ends a statement of ours after this */
    SILENT_MS = 3000,     /* a hub that does not answer this long is lost */
    RETRY_MS = 1000,      /* then connect again after this */
    TALK_MAX = 4096,      /* bytes a station may send before it is cut */
};

struct herald_run {
    char conninfo[2048];
    char channels[2048];
    PGconn *pg;
    int listen_fd;
    int fd[STATIONS];
    size_t talked[STATIONS];
    int n;
    int64_t beat_at, retry_at;
    void (*news)(void *arg, enum hub_herald_news what, const char *text);
    void *arg;
    char told[512]; /* why the hub is away, as last told; "": it is there */
    bool asked;     /* a word on HUB_HERALD_CHANNEL came: read our role */
    bool retired;   /* the organizer retired this herald: stop */
};

static void cut(struct herald_run *h, int i)
{
    close(h->fd[i]);
    h->fd[i] = h->fd[h->n - 1];
    h->talked[i] = h->talked[h->n - 1];
    h->n--;
}

/* `line` (`len` bytes, its '\n' included) to every station; one that
 * cannot take it at once is cut. */
static void tell_all(struct herald_run *h, const char *line, size_t len)
{
    for (int i = h->n - 1; i >= 0; i--)
        if (send(h->fd[i], line, len, MSG_NOSIGNAL | MSG_DONTWAIT) !=
            (ssize_t)len)
            cut(h, i);
}

/* Tell the operator why the hub is away, once for each reason (a retry
 * refused for the same reason each second is not news). */
static void tell_away(struct herald_run *h, const char *why)
{
    char now[sizeof(h->told)];
    snprintf(now, sizeof(now), "%s", why && *why ? why : "?");
    now[strcspn(now, "\r\n")] = '\0';
    if (strcmp(now, h->told)) {
        memcpy(h->told, now, sizeof(now));
        h->news(h->arg, HUB_HERALD_LOST, now);
    }
}

/* The hub's session lost, `why`: every station goes back to its own
 * LISTEN, and the operator is told. */
static void lost(struct herald_run *h, const char *why)
{
    tell_away(h, why);
    PQfinish(h->pg);
    h->pg = NULL;
    while (h->n)
        cut(h, h->n - 1);
    h->retry_at = util_mono_ms() + RETRY_MS;
}

/* The notifications libpq holds, each one line, written to every station
 * together: a commit's notifications (its table's, `checkin`'s) wake a
 * station once, not once each. */
static void forward(struct herald_run *h)
{
    static char lines[4 * SYNC_HERALD_LINE];
    size_t used = 0;
    PGnotify *nt;
    while ((nt = PQnotifies(h->pg))) {
        if (!strcmp(nt->relname, HUB_HERALD_CHANNEL)) {
            /* Retiring's word, for heralds: no station's business. */
            h->asked = true;
            PQfreemem(nt);
            continue;
        }
        /* A payload with a line end (any role may NOTIFY any text) goes
         * as none: a hint to pull. */
        const char *p = strpbrk(nt->extra, "\r\n") ? "" : nt->extra;
        size_t room = sizeof(lines) - used;
        int len = snprintf(lines + used, room, "n %d %s %s\n", nt->be_pid,
                           nt->relname, p);
        if (len > 0 && (size_t)len >= room && used) {
            /* Full: what is there goes first. */
            tell_all(h, lines, used);
            used = 0;
            room = sizeof(lines);
            len = snprintf(lines, room, "n %d %s %s\n", nt->be_pid, nt->relname,
                           p);
        }
        if (len > 0 && (size_t)len < room)
            used += (size_t)len;
        PQfreemem(nt);
    }
    if (used)
        tell_all(h, lines, used);
}

/* Whether this herald's own role may no longer log in, or is gone: the
 * organizer retired it (hub_retire_herald).  Asked when retiring's word
 * came, which any role may send: the role is the evidence.  False, the
 * session lost, when the hub did not answer. */
static bool role_retired(struct herald_run *h)
{
    PGresult *r;
    struct ck_error err = {0};
    if (pg_query(h->pg,
                 "SELECT rolcanlogin FROM pg_catalog.pg_roles WHERE rolname"
                 " = current_user",
                 0, NULL, &r, N_("reading its own role"), &err)) {
        lost(h, err.msg);
        return false;
    }
    bool retired = PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    return retired;
}

/* Connect to the hub and LISTEN; false (and h->pg NULL) when it could
 * not, `err` saying why.  A password refused (pg_login_refused) is a
 * herald retired: its role was dropped, and only retiring drops it. */
static bool connect_listen(struct herald_run *h, struct ck_error *err)
{
    if (pg_connect_until(h->conninfo, CONNECT_MS, STATEMENT_MS, &h->pg, err)) {
        h->retired = pg_login_refused();
        return false;
    }
    if (pg_exec(h->pg, h->channels, N_("listening for changes"), err)) {
        PQfinish(h->pg);
        h->pg = NULL;
        return false;
    }
    h->beat_at = util_mono_ms() + SYNC_HERALD_BEAT_MS;
    return true;
}

/* A station connecting: taken and told "herald1" while the hub's session
 * LISTENs, else closed at once. */
static void take_station(struct herald_run *h)
{
    int fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0)
        return;
    if (!h->pg || h->n >= STATIONS ||
        send(fd, "herald1\n", 8, MSG_NOSIGNAL | MSG_DONTWAIT) != 8) {
        close(fd);
        return;
    }
    h->fd[h->n] = fd;
    h->talked[h->n] = 0;
    h->n++;
}

/* A station sent something, or closed: read and thrown away. */
static void station_said(struct herald_run *h, int i)
{
    char buf[512];
    ssize_t got = read(h->fd[i], buf, sizeof(buf));
    if (got < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (got <= 0 || (h->talked[i] += (size_t)got) > TALK_MAX)
        cut(h, i);
}

/* The beat: the hub's session answers (a round trip within SILENT_MS),
 * then "." to every station. */
static void beat(struct herald_run *h)
{
    struct ck_error err = {0};
    if (pg_exec(h->pg, "", N_("checking that it is there"), &err)) {
        lost(h, err.msg);
        return;
    }
    forward(h);
    tell_all(h, ".\n", 2);
    h->beat_at = util_mono_ms() + SYNC_HERALD_BEAT_MS;
}

/* Whether retiring's word came and this herald's role says it was
 * retired (h->retired set then). */
static bool asked_retired(struct herald_run *h)
{
    if (!h->asked || !h->pg)
        return false;
    h->asked = false;
    h->retired = role_retired(h);
    /* What came while the role was read goes on to the stations. */
    if (!h->retired && h->pg)
        forward(h);
    return h->retired;
}

/* One wait and what it brought; false when `stop_fd` was readable or
 * this herald was retired (h->retired). */
static bool turn(struct herald_run *h, int stop_fd)
{
    static struct pollfd p[STATIONS + 3];
    int64_t now = util_mono_ms();
    int64_t next = h->pg ? h->beat_at : h->retry_at;
    int ms = next <= now ? 0 : (int)(next - now);
    p[0] = (struct pollfd){stop_fd, POLLIN, 0};
    p[1] = (struct pollfd){h->listen_fd, POLLIN, 0};
    p[2] = (struct pollfd){h->pg ? PQsocket(h->pg) : -1, POLLIN, 0};
    for (int i = 0; i < h->n; i++)
        p[3 + i] = (struct pollfd){h->fd[i], POLLIN, 0};
    int n = poll(p, (nfds_t)(3 + h->n), ms);
    if (n > 0 && p[0].revents)
        return false;
    for (int i = h->n - 1; n > 0 && i >= 0; i--)
        if (p[3 + i].revents)
            station_said(h, i);
    if (n > 0 && p[2].revents && h->pg) {
        struct ck_error err = {0};
        if (PQconsumeInput(h->pg))
            forward(h);
        else {
            (void)pg_fail(h->pg, NULL, N_("listening for changes"), &err);
            lost(h, err.msg);
        }
    }
    if (n > 0 && p[1].revents)
        take_station(h);
    now = util_mono_ms();
    if (h->pg && now >= h->beat_at)
        beat(h);
    else if (!h->pg && now >= h->retry_at) {
        struct ck_error err = {0};
        if (connect_listen(h, &err)) {
            h->told[0] = '\0';
            h->news(h->arg, HUB_HERALD_BACK, "");
        } else if (h->retired) {
            return false;
        } else {
            tell_away(h, err.msg);
            h->retry_at = util_mono_ms() + RETRY_MS;
        }
    }
    return !asked_retired(h);
}

/* Where `fd` listens, as "IP:PORT" (port 0 given: the one taken). */
static void bound(int fd, char *out, size_t cap)
{
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (!getsockname(fd, (struct sockaddr *)&sa, &len)) {
        if (sa.ss_family == AF_INET6) {
            struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&sa;
            inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
            port = ntohs(s6->sin6_port);
            snprintf(out, cap, "[%s]:%d", host, port);
            return;
        }
        struct sockaddr_in *s4 = (struct sockaddr_in *)&sa;
        inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
        port = ntohs(s4->sin_port);
    }
    snprintf(out, cap, "%s:%d", host, port);
}

/* Listen for stations on `where`; -1 and the sentence in `err` when it
 * cannot. */
static int listen_on(const char *where, struct ck_error *err)
{
    struct sockaddr_storage sa;
    socklen_t len;
    if (sync_herald_addr(where, "--listen", &sa, &len, err))
        return -1;
    int fd =
        socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        bind(fd, (struct sockaddr *)&sa, len) || listen(fd, 128)) {
        (void)ck_fail(err, CK_EIO,
                      "The herald cannot listen on %s: %s; choose another "
                      "address with --listen.",
                      where, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* The stations' channels (sync_herald_channels) and retiring's. */
static bool listen_sql(char *sql, size_t cap)
{
    if (!sync_herald_channels(sql, cap))
        return false;
    size_t used = strlen(sql);
    int n = snprintf(sql + used, cap - used, "LISTEN %s;", HUB_HERALD_CHANNEL);
    return n > 0 && (size_t)n < cap - used;
}

int hub_herald_run(const char *herald_path, const char *where, int stop_fd,
                   void (*news)(void *arg, enum hub_herald_news what,
                                const char *text),
                   void *arg, bool *retired, struct ck_error *err)
{
    *retired = false;
    /* A hub that stops answering is let go within SILENT_MS. */
    static const struct pg_limits limits = {-1, SILENT_MS, NULL};
    pg_limit_thread(&limits);
    struct herald_run *h = calloc(1, sizeof(*h));
    if (!h)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    /* The address first: a bad one is said before the hub is asked. */
    h->listen_fd = listen_on(where, err);
    if (h->listen_fd < 0) {
        free(h);
        return err->code ? err->code : CK_EIO;
    }
    h->news = news;
    h->arg = arg;
    /* Its own login only (hub_add_herald): no event file, no organizer. */
    int code = hub_herald_file_read(herald_path, h->conninfo,
                                    sizeof(h->conninfo), err);
    if (!code && !listen_sql(h->channels, sizeof(h->channels)))
        code = ck_fail(err, CK_EINVAL, "The stations' channels do not fit.");
    if (!code && !connect_listen(h, err) && !h->retired)
        code = err->code ? err->code : CK_EIO;
    if (!code && !h->retired) {
        char at[96];
        bound(h->listen_fd, at, sizeof(at));
        news(arg, HUB_HERALD_READY, at);
        while (turn(h, stop_fd)) {
        }
    }
    while (h->n)
        cut(h, h->n - 1);
    if (h->listen_fd >= 0)
        close(h->listen_fd);
    PQfinish(h->pg);
    *retired = h->retired;
    sodium_memzero(h->conninfo, sizeof(h->conninfo));
    free(h);
    return code;
}
