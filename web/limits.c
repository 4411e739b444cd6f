/* How many connections a web server holds, from whom, and for how long
 * (see web_serve in http_priv.h).  libmicrohttpd runs one thread per
 * connection and its own limits refuse a client at accept, silently, or
 * stop accepting altogether; its timeout is one of idleness, which a
 * client dribbling a header a byte at a time never reaches.  So every
 * connection is tracked here from accept to close (its client's address,
 * the address it arrived on, and whether it is waiting for a request,
 * in one, or streaming events), and:
 *
 *   - a connection that has not sent a whole request within HEADER_MS
 *     of connecting or of its last answer, or whose request is not done
 *     within REQUEST_MS, is shut down by a thread of this module;
 *   - a client over its share, or a server over its total, makes room by
 *     shutting the connection that has waited longest without a request
 *     (of that client, or of any); when there is none, the newcomer is
 *     answered 503 with a sentence;
 *   - event streams are counted apart, per client and in all, beyond
 *     which web_stream_admit refuses; a stream whose page has gone (its
 *     client closed the socket: a reload, a closed tab) is found here
 *     within REAP_MS, shut, and its thread woken to end it, so its
 *     connection closes then, not at its next keepalive.
 *   - a GET announcing a body is answered at its headers, so only a
 *     request the servers let through (a POST with the token) waits for
 *     one.
 *
 * Only this module touches a connection's descriptor (poll, shutdown),
 * and only under g->mu while the connection is in the list:
 * libmicrohttpd closes it after its close notice, which takes g->mu and
 * removes it, so the number is never closed or another's by then.  A
 * stream's thread never touches it; it asks web_stream_gone, which reads
 * a flag.
 *
 * Not for: deciding what a request may do (the servers do), nor checking
 * a certificate (tls.c); TLS itself is libmicrohttpd's. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http_priv.h"

/* A whole request's headers within this long of connecting (or of the
 * last answer, on a kept-alive connection): a browser sends them at once,
 * a slow phone on a busy Wi-Fi within a second or two. */
#define HEADER_MS 10000
/* A request (its body, and our answer) done within this long; the pages'
 * requests are a few KB, answered from memory.  Event streams have no
 * limit. */
#define REQUEST_MS 20000
/* libmicrohttpd's own: nothing sent or received for this long. */
#define IDLE_S 30
#define REAP_MS 250

enum conn_state { WAITING, REQUEST, STREAM };

struct conn {
    struct conn *prev, *next;
    int fd;
    unsigned char ip[16]; /* the client's address; IPv4 as 4 bytes */
    size_t iplen;
    char local[64]; /* the address it arrived on, as in a URL's host */
    bool local_loopback;
    enum conn_state state;
    int64_t since;    /* ms, when it entered its state */
    const char *over; /* admitted beyond a limit: answered this, 503 */
    bool closing;     /* shut down here; gone at its close notice */
};

struct web_guard {
    struct web_limits lim;
    MHD_AccessHandlerCallback handle;
    MHD_RequestCompletedCallback done;
    void *cls;
    char over_client[160], over_total[160];
    char streams_client[160], streams_total[160];

    pthread_mutex_t mu;
    pthread_cond_t wake; /* stopping */
    bool stopping;
    pthread_t reaper;
    bool reaper_started;
    void (*wake_streams)(void *cls); /* the listener's, copied */
    void *wake_streams_cls;
    struct conn *head; /* oldest first */
    struct conn *tail;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct conn *conn_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* An address's bytes; an IPv4-mapped IPv6 address as its IPv4 (a
 * dual-stack socket sees IPv4 clients so). */
static size_t addr_bytes(const struct sockaddr *sa, unsigned char *out,
                         uint16_t *port)
{
    if (sa && sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        memcpy(out, &in->sin_addr, 4);
        *port = ntohs(in->sin_port);
        return 4;
    }
    if (sa && sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        *port = ntohs(in6->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
            memcpy(out, in6->sin6_addr.s6_addr + 12, 4);
            return 4;
        }
        memcpy(out, &in6->sin6_addr, 16);
        return 16;
    }
    return 0;
}

void web_host_of(const unsigned char *ip, size_t len, unsigned port, char *out,
                 size_t cap)
{
    char a[INET6_ADDRSTRLEN] = "";
    inet_ntop(len == 4 ? AF_INET : AF_INET6, ip, a, sizeof(a));
    snprintf(out, cap, "%s%s%s:%u", len == 4 ? "" : "[", a, len == 4 ? "" : "]",
             port);
}

/* Shut the connection down: its thread sees the end of its input and
 * closes it.  The socket stays open until libmicrohttpd's close notice,
 * which takes g->mu, so it is never another's by then. */
static void shut(struct conn *k)
{
    shutdown(k->fd, SHUT_RDWR);
    k->closing = true;
}

/* Whether the client has sent bytes its connection's thread has not read
 * yet: a request about to be served (a fresh connection whose thread has
 * not run), not a socket held open. */
static bool pending(const struct conn *k)
{
    struct pollfd p = {.fd = k->fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1;
}

/* The connection that has waited longest for a request, of the client
 * `ip` (NULL: of any), other than `not`; one with nothing sent before one
 * whose request is on its way. */
static struct conn *oldest_waiting(struct web_guard *g, const struct conn *ip,
                                   const struct conn * not )
{
    struct conn *best = NULL;
    bool best_pending = true;
    for (struct conn *k = g->head; k; k = k->next) {
        if (k == not || k->closing || k->state != WAITING ||
            (ip && (k->iplen != ip->iplen || memcmp(k->ip, ip->ip, ip->iplen))))
            continue;
        bool p = pending(k);
        if (!best || (best_pending && !p) ||
            (best_pending == p && k->since < best->since)) {
            best = k;
            best_pending = p;
        }
    }
    return best;
}

/* Make room for the newcomer `n` (g->mu held). */
static void admit(struct web_guard *g, struct conn *n)
{
    unsigned mine = 0, all = 0;
    for (struct conn *k = g->head; k; k = k->next) {
        if (k->closing)
            continue;
        all++;
        mine += k->iplen == n->iplen && !memcmp(k->ip, n->ip, n->iplen);
    }
    if (mine > g->lim.per_client) {
        struct conn *v = oldest_waiting(g, n, n);
        if (v) {
            shut(v);
            all--;
        } else {
            n->over = g->over_client;
        }
    }
    if (all > g->lim.connections && !n->over) {
        struct conn *v = oldest_waiting(g, NULL, n);
        if (v)
            shut(v);
        else
            n->over = g->over_total;
    }
}

static void notify(void *cls, struct MHD_Connection *c, void **socket_context,
                   enum MHD_ConnectionNotificationCode code)
{
    struct web_guard *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct conn *k = *socket_context;
        if (!k)
            return;
        pthread_mutex_lock(&g->mu);
        if (k->prev)
            k->prev->next = k->next;
        else
            g->head = k->next;
        if (k->next)
            k->next->prev = k->prev;
        else
            g->tail = k->prev;
        pthread_mutex_unlock(&g->mu);
        free(k);
        *socket_context = NULL;
        return;
    }
    struct conn *k = calloc(1, sizeof(*k));
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *from =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!k || !fd || !from) {
        free(k); /* untracked: served, but never changes anything */
        return;
    }
    k->fd = fd->connect_fd;
    uint16_t port = 0;
    k->iplen = addr_bytes(from->client_addr, k->ip, &port);
    struct sockaddr_storage sa;
    socklen_t salen = sizeof(sa);
    unsigned char local[16];
    size_t llen = 0;
    if (!getsockname(k->fd, (struct sockaddr *)&sa, &salen))
        llen = addr_bytes((struct sockaddr *)&sa, local, &port);
    if (llen) {
        web_host_of(local, llen, port, k->local, sizeof(k->local));
        k->local_loopback =
            llen == 4 ? local[0] == 127
                      : IN6_IS_ADDR_LOOPBACK((struct in6_addr *)local);
    }
    k->state = WAITING;
    k->since = now_ms();
    pthread_mutex_lock(&g->mu);
    k->prev = g->tail;
    if (g->tail) {
        g->tail->next = k;
    } else {
        g->head = k;
        pthread_cond_signal(&g->wake); /* the reaper sleeps without any */
    }
    g->tail = k;
    admit(g, k);
    pthread_mutex_unlock(&g->mu);
    *socket_context = k;
}

/* Every request passes here first: its headers are whole. */
static enum MHD_Result guarded(void *cls, struct MHD_Connection *c,
                               const char *url, const char *method,
                               const char *version, const char *upload,
                               size_t *upload_size, void **req)
{
    struct web_guard *g = cls;
    if (!*req) {
        struct conn *k = conn_of(c);
        const char *over = NULL;
        if (k) {
            pthread_mutex_lock(&g->mu);
            k->state = REQUEST;
            k->since = now_ms();
            over = k->over;
            pthread_mutex_unlock(&g->mu);
        }
        /* A GET or HEAD announcing a body would hold its connection
         * while the body dribbles in, before anything (the token
         * included) is checked; no page sends one. */
        const char *len = MHD_lookup_connection_value(
            c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (!over &&
            (!strcmp(method, MHD_HTTP_METHOD_GET) ||
             !strcmp(method, MHD_HTTP_METHOD_HEAD)) &&
            ((len && strcmp(len, "0")) ||
             MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                         MHD_HTTP_HEADER_TRANSFER_ENCODING)))
            return web_reply_text(c, MHD_HTTP_BAD_REQUEST,
                                  "A GET has no body.\n");
        if (over) {
            struct MHD_Response *r = MHD_create_response_from_buffer(
                strlen(over), (void *)over, MHD_RESPMEM_MUST_COPY);
            if (!r)
                return MHD_NO;
            web_add_headers(r, "text/plain");
            MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
            MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "5");
            enum MHD_Result ok =
                MHD_queue_response(c, MHD_HTTP_SERVICE_UNAVAILABLE, r);
            MHD_destroy_response(r);
            return ok;
        }
    }
    return g->handle(g->cls, c, url, method, version, upload, upload_size, req);
}

/* A request answered: the connection waits for the next, if any. */
static void completed(void *cls, struct MHD_Connection *c, void **req,
                      enum MHD_RequestTerminationCode why)
{
    struct web_guard *g = cls;
    struct conn *k = conn_of(c);
    if (k) {
        pthread_mutex_lock(&g->mu);
        k->state = WAITING;
        k->since = now_ms();
        pthread_mutex_unlock(&g->mu);
    }
    if (g->done)
        g->done(g->cls, c, req, why);
}

/* Whether stream `k`'s page has gone: its client closed its end (g->mu
 * held, k in the list, so k->fd is still its socket). */
static bool stream_gone(const struct conn *k)
{
    struct pollfd p = {.fd = k->fd, .events = POLLRDHUP};
    return poll(&p, 1, 0) == 1;
}

/* Shut every stream whose page has gone; how many (g->mu held).  Their
 * threads are to be woken, without g->mu, to end them. */
static unsigned shut_gone_streams(struct web_guard *g)
{
    unsigned gone = 0;
    for (struct conn *k = g->head; k; k = k->next)
        if (!k->closing && k->state == STREAM && stream_gone(k)) {
            shut(k);
            gone++;
        }
    return gone;
}

static void *reap(void *arg)
{
    struct web_guard *g = arg;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        /* No connection, nothing to reap: asleep until the first comes
         * (issue 32: an idle station wakes for no timer). */
        struct timespec until;
        util_mono_deadline(REAP_MS, &until);
        if (g->head)
            pthread_cond_timedwait(&g->wake, &g->mu, &until);
        else
            pthread_cond_wait(&g->wake, &g->mu);
        int64_t now = now_ms();
        for (struct conn *k = g->head; k; k = k->next)
            if (!k->closing &&
                ((k->state == WAITING && now - k->since > HEADER_MS) ||
                 (k->state == REQUEST && now - k->since > REQUEST_MS)))
                shut(k);
        if (shut_gone_streams(g) && g->wake_streams) {
            /* Not under g->mu: a stream's thread takes its server's lock,
             * then g->mu (web_stream_gone). */
            pthread_mutex_unlock(&g->mu);
            g->wake_streams(g->wake_streams_cls);
            pthread_mutex_lock(&g->mu);
        }
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

const char *web_stream_admit(struct web_listener *l, struct MHD_Connection *c)
{
    struct web_guard *g = l->guard;
    struct conn *n = conn_of(c);
    if (!g || !n)
        return NULL;
    const char *no = NULL;
    unsigned mine = 0, all = 0;
    pthread_mutex_lock(&g->mu);
    /* A reloaded page's old stream has gone just now: its place is free
     * at once, not at the reaper's next look. */
    unsigned gone = shut_gone_streams(g);
    for (struct conn *k = g->head; k; k = k->next) {
        if (k->closing || k->state != STREAM)
            continue;
        all++;
        mine += k->iplen == n->iplen && !memcmp(k->ip, n->ip, n->iplen);
    }
    if (mine >= g->lim.streams_per_client)
        no = g->streams_client;
    else if (all >= g->lim.streams)
        no = g->streams_total;
    else
        n->state = STREAM;
    pthread_mutex_unlock(&g->mu);
    if (gone && g->wake_streams)
        g->wake_streams(g->wake_streams_cls);
    return no;
}

bool web_stream_gone(struct web_listener *l, struct MHD_Connection *c)
{
    struct web_guard *g = l->guard;
    struct conn *k = conn_of(c);
    if (!g || !k)
        return false;
    pthread_mutex_lock(&g->mu);
    bool gone = k->closing; /* set here, by the guard; no descriptor */
    pthread_mutex_unlock(&g->mu);
    return gone;
}

bool web_origin_ok(struct MHD_Connection *c, const char *origin)
{
    struct conn *k = conn_of(c);
    /* The page's scheme is the server's: https:// when it serves TLS. */
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_DAEMON);
    const union MHD_DaemonInfo *di =
        ci ? MHD_get_daemon_info(ci->daemon, MHD_DAEMON_INFO_FLAGS) : NULL;
    const char *scheme =
        di && (di->flags & MHD_USE_TLS) ? "https://" : "http://";
    if (!origin || strncmp(origin, scheme, strlen(scheme)) || !k ||
        !k->local[0])
        return false;
    const char *host = origin + strlen(scheme);
    if (!strcmp(host, k->local))
        return true;
    /* "localhost" is this machine's own name: fine for a connection that
     * came in on a loopback address, at the port it came in on. */
    const char *port = strrchr(k->local, ':');
    char name[32];
    snprintf(name, sizeof(name), "localhost%s", port ? port : "");
    return k->local_loopback && !strcmp(host, name);
}

struct MHD_Daemon *web_serve(struct web_listener *l,
                             const struct web_limits *lim,
                             MHD_AccessHandlerCallback handle,
                             MHD_RequestCompletedCallback done, void *cls)
{
    struct web_guard *g = calloc(1, sizeof(*g));
    if (!g) {
        close(l->fd);
        l->fd = -1;
        return NULL;
    }
    g->lim = *lim;
    g->handle = handle;
    g->done = done;
    g->cls = cls;
    g->wake_streams = l->wake_streams;
    g->wake_streams_cls = l->wake_streams_cls;
    snprintf(g->over_client, sizeof(g->over_client),
             "Too many connections from this device at once; close some "
             "of its pages and try again.\n");
    snprintf(g->over_total, sizeof(g->over_total),
             "The %s is serving as many connections as it can; try again "
             "in a moment.\n",
             lim->who);
    snprintf(g->streams_client, sizeof(g->streams_client),
             "This device already has %u live pages of the %s open; close "
             "one of them and reload this page.\n",
             lim->streams_per_client, lim->who);
    snprintf(g->streams_total, sizeof(g->streams_total),
             "The %s already serves %u live pages, the most it will; close "
             "one of them and reload this page.\n",
             lim->who, lim->streams);
    pthread_mutex_init(&g->mu, NULL);
    (void)util_mono_cond_init(&g->wake);
    l->guard = g;
    g->reaper_started = pthread_create(&g->reaper, NULL, reap, g) == 0;

    /* select(), not poll(): libmicrohttpd 0.9.75 with a thread per
     * connection and poll() accepts past its limit and closes the
     * newcomer at once; with select() it leaves the listening socket
     * alone until a connection has closed, so a client arriving while
     * closed ones are still being cleaned up waits a moment instead of
     * being refused.  Connections stay far below select()'s 1024. */
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_INTERNAL_POLLING_THREAD |
                     (l->v6 ? MHD_USE_IPv6 : 0);
    /* libmicrohttpd's own limit in all leaves room above ours for the
     * newcomers answered 503; past it, it stops accepting until one
     * closes (they wait in the listening socket's queue).  Its limit per
     * client is not used: it refuses at accept, silently, and counts the
     * connections being closed here, so someone sharing an address with a
     * client that churns sockets would be refused outright. */
    struct MHD_Daemon *d = NULL;
    /* The certificate and key over TLS (web_tls_load checked them),
     * through the callback that hands a reloaded pair to new handshakes. */
    struct MHD_OptionItem tls[3] = {{MHD_OPTION_END, 0, NULL}};
    if (l->tls) {
        flags |= MHD_USE_TLS;
        web_tls_options(l, tls);
    }
    if (g->reaper_started)
        d = MHD_start_daemon(
            flags, 0, NULL, NULL, guarded, g, MHD_OPTION_LISTEN_SOCKET, l->fd,
            MHD_OPTION_CONNECTION_LIMIT, lim->connections + lim->per_client,
            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_S,
            MHD_OPTION_NOTIFY_CONNECTION, notify, g,
            MHD_OPTION_NOTIFY_COMPLETED, completed, g, MHD_OPTION_ARRAY, tls,
            MHD_OPTION_END);
    if (!d) {
        close(l->fd);
        web_unserve(l, NULL);
    }
    l->fd = -1; /* the daemon's now, or closed */
    return d;
}

void web_unserve(struct web_listener *l, struct MHD_Daemon *d)
{
    if (d)
        MHD_stop_daemon(d); /* every connection closed and noticed */
    web_tls_free(l);
    struct web_guard *g = l->guard;
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->stopping = true;
    pthread_cond_broadcast(&g->wake);
    pthread_mutex_unlock(&g->mu);
    if (g->reaper_started)
        pthread_join(g->reaper, NULL);
    while (g->head) {
        struct conn *k = g->head;
        g->head = k->next;
        free(k);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->mu);
    free(g);
    l->guard = NULL;
}
