/* The dashboard's HTTP server (see checkin/web.h): a ticker thread keeps
 * the latest snapshot in memory; libmicrohttpd threads serve it. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "assets.h"
#include "checkin/dashboard.h"
#include "checkin/store.h"
#include "checkin/util.h"
#include "checkin/web.h"

#define POLL_MS 250
#define REFRESH_MS 30000   /* figures that move with the clock alone */
#define KEEPALIVE_MS 15000 /* an idle event stream says it is alive */
#define MAX_CONNECTIONS 64
#define COOKIE "checkin_dashboard"

/* No inline script or style, nothing from elsewhere, no framing. */
#define CSP                                                                    \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src"         \
    " 'self'; connect-src 'self'; base-uri 'none'; form-action 'none';"        \
    " frame-ancestors 'none'"

struct web_dashboard {
    struct MHD_Daemon *daemon;
    store *s; /* the ticker thread's only, after start */
    pthread_t ticker;
    bool ticker_started;

    pthread_mutex_t mu;
    pthread_cond_t changed; /* a new snapshot, or stopping */
    char *snapshot;         /* JSON, under mu */
    uint64_t version;       /* of snapshot, under mu */
    char problem[512];      /* why the last rebuild failed, or "" */
    bool stopping;

    bool need_token;
    char token[65];    /* hex */
    char hosts[3][80]; /* Host headers a loopback server answers to */
    char url[160];
};

static void deadline_in(struct timespec *ts, int ms)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    ts->tv_sec += ms / 1000;
    ts->tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

/* Rebuild the snapshot; on failure keep the last one and say why. */
static void rebuild(web_dashboard *w)
{
    struct ck_error err = {0};
    char *json = NULL;
    int code = dashboard_snapshot(w->s, store_now_ms(), &json, &err);
    pthread_mutex_lock(&w->mu);
    if (!code) {
        free(w->snapshot);
        w->snapshot = json;
        w->problem[0] = '\0';
    } else {
        snprintf(w->problem, sizeof(w->problem), "%s", err.msg);
    }
    w->version++;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
}

static void *tick(void *arg)
{
    web_dashboard *w = arg;
    int64_t seen = 0, last_build = util_mono_ms();
    struct ck_error err = {0};
    if (dashboard_data_version(w->s, &seen, &err))
        seen = -1;
    pthread_mutex_lock(&w->mu);
    while (!w->stopping) {
        struct timespec until;
        deadline_in(&until, POLL_MS);
        pthread_cond_timedwait(&w->changed, &w->mu, &until);
        if (w->stopping)
            break;
        pthread_mutex_unlock(&w->mu);
        int64_t v = -1;
        if (dashboard_data_version(w->s, &v, &err))
            v = -1;
        if (v != seen || v < 0 || util_mono_ms() - last_build >= REFRESH_MS) {
            seen = v;
            last_build = util_mono_ms();
            rebuild(w);
        }
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* ---- event streams ---- */

struct stream {
    web_dashboard *w;
    uint64_t sent; /* snapshot version last sent */
    char *buf;     /* the message being written */
    size_t len, off;
};

static void stream_free(void *cls)
{
    struct stream *st = cls;
    free(st->buf);
    free(st);
}

/* Format the next message into st->buf: the newest snapshot (and the
 * problem, if the last rebuild failed), or a keepalive comment. */
static ssize_t stream_next(struct stream *st)
{
    web_dashboard *w = st->w;
    pthread_mutex_lock(&w->mu);
    struct timespec until;
    deadline_in(&until, KEEPALIVE_MS);
    while (!w->stopping && w->version == st->sent)
        if (pthread_cond_timedwait(&w->changed, &w->mu, &until) == ETIMEDOUT)
            break;
    if (w->stopping) {
        pthread_mutex_unlock(&w->mu);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    free(st->buf);
    st->buf = NULL;
    st->off = 0;
    int n;
    if (w->version == st->sent) {
        st->buf = strdup(": still here\n\n");
        n = st->buf ? (int)strlen(st->buf) : -1;
    } else {
        st->sent = w->version;
        /* The snapshot is compact JSON: no newline to break the field. */
        n = asprintf(&st->buf,
                     "%sid: %llu\nevent: snapshot\ndata: %s\n\nevent: "
                     "problem\ndata: %s\n\n",
                     st->len ? "" : "retry: 2000\n",
                     (unsigned long long)st->sent,
                     w->snapshot ? w->snapshot : "{}", w->problem);
    }
    pthread_mutex_unlock(&w->mu);
    if (n < 0) {
        st->buf = NULL;
        return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    st->len = (size_t)n;
    return 0;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    struct stream *st = cls;
    if (!st->buf || st->off == st->len) {
        ssize_t r = stream_next(st);
        if (r < 0)
            return r;
    }
    size_t n = st->len - st->off < max ? st->len - st->off : max;
    memcpy(out, st->buf + st->off, n);
    st->off += n;
    return (ssize_t)n;
}

/* ---- requests ---- */

static void add_headers(struct MHD_Response *r, const char *type)
{
    char ct[80];
    if (type) {
        snprintf(ct, sizeof(ct), "%s%s", type,
                 strstr(type, "charset") ? "" : "; charset=utf-8");
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
    }
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
                             const char *type, const void *body, size_t len,
                             enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, mode);
    if (!r)
        return MHD_NO;
    add_headers(r, type);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result reply_text(struct MHD_Connection *c, unsigned status,
                                  const char *sentence)
{
    return reply(c, status, "text/plain", sentence, strlen(sentence),
                 MHD_RESPMEM_MUST_COPY);
}

static bool token_ok(const web_dashboard *w, const char *given)
{
    return given && strlen(given) == strlen(w->token) &&
           sodium_memcmp(given, w->token, strlen(w->token)) == 0;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
    (void)version;
    (void)upload;
    web_dashboard *w = cls;
    /* Refused at the headers, before any body is read. */
    if (strcmp(method, MHD_HTTP_METHOD_GET) &&
        strcmp(method, MHD_HTTP_METHOD_HEAD))
        return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                          "The dashboard only shows; it changes nothing.\n");
    if (!*req) { /* headers only so far */
        *req = w;
        return MHD_YES;
    }
    if (*upload_size)
        return reply_text(c, MHD_HTTP_BAD_REQUEST,
                          "This dashboard takes no request bodies.\n");

    if (w->need_token) {
        const char *q =
            MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
        if (token_ok(w, q)) {
            /* Keep the token in a cookie of this site and take it out of
             * the address bar (and of anything the page links to). */
            char cookie[160];
            snprintf(cookie, sizeof(cookie),
                     COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict", w->token);
            struct MHD_Response *r =
                MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
            if (!r)
                return MHD_NO;
            add_headers(r, NULL);
            MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
            MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, url);
            enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
            MHD_destroy_response(r);
            return ok;
        }
        if (!token_ok(w,
                      MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE)))
            return reply_text(c, MHD_HTTP_FORBIDDEN,
                              "Open the dashboard with the link 'checkin "
                              "dashboard' printed: it carries the token.\n");
    } else {
        const char *host =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
        bool ours = false;
        for (int i = 0; host && i < 3; i++)
            ours = ours || !strcmp(host, w->hosts[i]);
        if (!ours)
            return reply_text(c, MHD_HTTP_MISDIRECTED_REQUEST,
                              "This dashboard answers only to its own "
                              "address; open the link 'checkin dashboard' "
                              "printed.\n");
    }

    for (unsigned i = 0; i < web_nassets; i++)
        if (!strcmp(url, web_assets[i].url))
            return reply(c, MHD_HTTP_OK, web_assets[i].type, web_assets[i].data,
                         web_assets[i].len, MHD_RESPMEM_PERSISTENT);
    if (!strcmp(url, "/api/snapshot")) {
        pthread_mutex_lock(&w->mu);
        char *copy = strdup(w->snapshot ? w->snapshot : "{}");
        pthread_mutex_unlock(&w->mu);
        if (!copy)
            return MHD_NO;
        return reply(c, MHD_HTTP_OK, "application/json", copy, strlen(copy),
                     MHD_RESPMEM_MUST_FREE);
    }
    if (!strcmp(url, "/events")) {
        struct stream *st = calloc(1, sizeof(*st));
        if (!st)
            return MHD_NO;
        st->w = w;
        struct MHD_Response *r = MHD_create_response_from_callback(
            MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, st, stream_free);
        if (!r) {
            free(st);
            return MHD_NO;
        }
        add_headers(r, "text/event-stream");
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        return ok;
    }
    return reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
}

/* ---- start and stop ---- */

/* "ADDR:PORT" into an address; *loopback says whether only this machine
 * can reach it. */
static int parse_listen(const char *where, struct sockaddr_storage *sa,
                        socklen_t *len, bool *loopback, struct ck_error *err)
{
    char host[128];
    const char *colon = strrchr(where, ':');
    const char *h = where;
    size_t hl = colon ? (size_t)(colon - where) : 0;
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    char *end = NULL;
    errno = 0;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || hl == 0 || hl >= sizeof(host) || !colon[1] || *end || errno ||
        port < 0 || port > 65535)
        return ck_fail(err, CK_EINVAL,
                       "'%s' is not an address to listen on; give ADDR:PORT, "
                       "e.g. 127.0.0.1:8080 or 0.0.0.0:8080.",
                       where);
    memcpy(host, h, hl);
    host[hl] = '\0';
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_ADDRCONFIG};
    if (strcmp(host, "localhost"))
        hints.ai_flags |= AI_NUMERICHOST;
    else
        hints.ai_family = AF_INET;
    struct addrinfo *ai = NULL;
    if (getaddrinfo(host, NULL, &hints, &ai) || !ai) {
        if (ai)
            freeaddrinfo(ai);
        return ck_fail(err, CK_EINVAL,
                       "'%s' is not an address of this machine; give a "
                       "numeric address such as 127.0.0.1 or 0.0.0.0.",
                       host);
    }
    memcpy(sa, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    if (sa->ss_family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)sa;
        in->sin_port = htons((uint16_t)port);
        *loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
        in6->sin6_port = htons((uint16_t)port);
        *loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
    return CK_OK;
}

int web_dashboard_start(const char *db_path, const char *where,
                        web_dashboard **out, struct ck_error *err)
{
    *out = NULL;
    struct sockaddr_storage sa;
    socklen_t salen;
    bool loopback = false;
    int code = parse_listen(where, &sa, &salen, &loopback, err);
    if (code)
        return code;
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "libsodium could not start.");
    web_dashboard *w = calloc(1, sizeof(*w));
    if (!w)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    pthread_mutex_init(&w->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->changed, &ca);
    pthread_condattr_destroy(&ca);

    code = store_open(db_path, STORE_EXISTING | STORE_READONLY, &w->s, err);
    if (code)
        goto fail;
    /* A page opened at once shows figures, and a broken file is said
     * here, not in a browser. */
    code = dashboard_snapshot(w->s, store_now_ms(), &w->snapshot, err);
    if (code)
        goto fail;
    w->version = 1; /* a stream's first message is this snapshot */

    w->need_token = !loopback;
    if (w->need_token) {
        unsigned char raw[16];
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(w->token, sizeof(w->token), raw, sizeof(raw));
    }
    /* The socket is ours: the port (0 picks one) and every name the
     * server answers to are known before its first thread starts. */
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        bind(fd, (struct sockaddr *)&sa, salen) || listen(fd, 64) ||
        getsockname(fd, (struct sockaddr *)&sa, &salen)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        code =
            ck_fail(err, CK_EIO,
                    "Cannot listen on %s: %s; choose another "
                    "with --listen.",
                    where,
                    e == EADDRINUSE      ? "the port is taken"
                    : e == EADDRNOTAVAIL ? "the address is not this machine's"
                    : e == EACCES        ? "ports below 1024 need root"
                                         : strerror(e));
        goto fail;
    }
    bool v6 = sa.ss_family == AF_INET6;
    char addr[INET6_ADDRSTRLEN] = "";
    unsigned port;
    if (v6) {
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, addr,
                  sizeof(addr));
        port = ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
    } else {
        inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, addr,
                  sizeof(addr));
        port = ntohs(((struct sockaddr_in *)&sa)->sin_port);
    }
    snprintf(w->hosts[0], sizeof(w->hosts[0]), "%s%s%s:%u", v6 ? "[" : "", addr,
             v6 ? "]" : "", port);
    snprintf(w->hosts[1], sizeof(w->hosts[1]), "localhost:%u", port);
    snprintf(w->hosts[2], sizeof(w->hosts[2]), "127.0.0.1:%u", port);
    snprintf(w->url, sizeof(w->url), "http://%s/%s%s", w->hosts[0],
             w->need_token ? "?token=" : "", w->need_token ? w->token : "");

    unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
                     MHD_USE_INTERNAL_POLLING_THREAD | (v6 ? MHD_USE_IPv6 : 0);
    w->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, w, MHD_OPTION_LISTEN_SOCKET, fd,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_END);
    if (!w->daemon) {
        close(fd);
        code = ck_fail(err, CK_EIO,
                       "Cannot serve on %s: the web server did "
                       "not start; try again.",
                       where);
        goto fail;
    }
    if (pthread_create(&w->ticker, NULL, tick, w)) {
        code = ck_fail(err, CK_ENOMEM, "Cannot start the dashboard's thread.");
        goto fail;
    }
    w->ticker_started = true;
    *out = w;
    return CK_OK;
fail:
    web_dashboard_stop(w);
    return code;
}

const char *web_dashboard_url(const web_dashboard *w)
{
    return w->url;
}

void web_dashboard_stop(web_dashboard *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
    if (w->ticker_started)
        pthread_join(w->ticker, NULL);
    if (w->daemon)
        MHD_stop_daemon(w->daemon);
    store_close(w->s);
    free(w->snapshot);
    pthread_cond_destroy(&w->changed);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
