/* The dashboard's HTTP server (see checkin/web.h): a ticker thread keeps
 * the latest snapshot in memory; libmicrohttpd threads serve it. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "checkin/dashboard.h"
#include "checkin/store.h"
#include "checkin/util.h"
#include "checkin/web.h"
#include "dashboard_page_text.h"
#include "http_priv.h"

#define POLL_MS 250
#define REFRESH_MS 30000 /* figures that move with the clock alone */
/* While the desks write, rebuilds (and the messages to every open page)
 * come at most once a second, and wait at least this many times the last
 * one's cost: the dashboard takes at most a tenth of a core from the
 * stations sharing its machine.  A change after a quiet second is shown
 * within POLL_MS. */
#define REBUILD_GAP_MS 1000
#define REBUILD_SHARE 10
#define KEEPALIVE_MS 15000 /* an idle event stream says it is alive */
/* Organizers' laptops, phones and a screen on the wall: 50 live pages
 * at once is the measured case (README, Performance). */
static const struct web_limits LIMITS = {.connections = 128,
                                         .per_client = 16,
                                         .streams = 64,
                                         .streams_per_client = 6,
                                         .who = "dashboard"};
#define COOKIE "checkin_dashboard"
/* The undo's own token (web_dashboard_allow_undo), from its own link. */
#define UNDO_COOKIE "checkin_dashboard_undo"

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
    /* What the file does not hold (web_dashboard_set_extra), under mu */
    web_dashboard_extra_fn extra;
    void *extra_ctx;
    char extra_key[32];

    bool need_token;
    struct web_listener l;
    char url[1024];
    char db[4096]; /* the event file's path, for an undo */
    bool undo;     /* web_dashboard_allow_undo, under mu */
    /* Set once by web_dashboard_allow_undo, before its link is printed:
     * the undo's random token and the links that carry it. */
    char undo_token[65];
    char undo_url[2048];
    /* The undo's writer (web_dashboard_allow_undo): one job at a time,
     * under mu, handed over through undo_cv. */
    pthread_t writer;
    bool writer_started;
    pthread_cond_t undo_cv;
    struct undo_job *job;
    web_dashboard_undo_fn undo_fn; /* set before the writer starts */
};

/* An undo handed from a connection's thread to the writer. */
struct undo_job {
    const char *ticket, *why; /* the connection's, until done */
    char *said;               /* what the undo printed (malloc'd) */
    size_t said_len;
    int code;
    struct ck_error err;
    bool taken, done;
};

/* The body of a POST /api/undo: {"ticket": ..., "why": ...}. */
#define UNDO_BODY_MAX 4096
struct undo_request {
    char body[UNDO_BODY_MAX];
    size_t len;
    bool too_big;
};

/* The extra value as set now, and its version (0: none). */
static char *get_extra(web_dashboard *w, char *key, size_t cap,
                       uint64_t *version)
{
    pthread_mutex_lock(&w->mu);
    web_dashboard_extra_fn get = w->extra;
    void *ctx = w->extra_ctx;
    snprintf(key, cap, "%s", w->extra_key);
    pthread_mutex_unlock(&w->mu);
    *version = 0;
    return get ? get(ctx, version) : NULL;
}

/* `json` with the extra value under its key (json is freed or returned). */
static char *with_extra(char *json, const char *key, char *extra)
{
    json_t *root = json_loads(json, 0, NULL);
    json_t *v = json_loads(extra, JSON_DECODE_ANY, NULL);
    char *out = NULL;
    if (root && v && !json_object_set_new(root, key, v)) {
        v = NULL;
        out = json_dumps(root, JSON_COMPACT);
    }
    json_decref(v);
    json_decref(root);
    if (!out)
        return json;
    free(json);
    return out;
}

/* Rebuild the snapshot; on failure keep the last one and say why. */
static void rebuild(web_dashboard *w)
{
    struct ck_error err = {0};
    char *json = NULL;
    int code = dashboard_snapshot(w->s, store_now_ms(), &json, &err);
    char key[32];
    uint64_t ignore;
    char *extra = get_extra(w, key, sizeof(key), &ignore);
    if (!code && extra)
        json = with_extra(json, key, extra);
    free(extra);
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
    int64_t seen = 0, last_build = util_mono_ms(), cost = 0;
    uint64_t extra_seen = 0;
    struct ck_error err = {0};
    if (dashboard_data_version(w->s, &seen, &err))
        seen = -1;
    pthread_mutex_lock(&w->mu);
    while (!w->stopping) {
        struct timespec until;
        util_mono_deadline(POLL_MS, &until);
        pthread_cond_timedwait(&w->changed, &w->mu, &until);
        if (w->stopping)
            break;
        pthread_mutex_unlock(&w->mu);
        int64_t v = -1;
        if (dashboard_data_version(w->s, &v, &err))
            v = -1;
        char key[32];
        uint64_t ev = 0;
        free(get_extra(w, key, sizeof(key), &ev));
        int64_t since = util_mono_ms() - last_build;
        int64_t gap = REBUILD_SHARE * cost > REBUILD_GAP_MS
                          ? REBUILD_SHARE * cost
                          : REBUILD_GAP_MS;
        if (((v != seen || v < 0 || ev != extra_seen) && since >= gap) ||
            since >= REFRESH_MS) {
            seen = v;
            extra_seen = ev;
            last_build = util_mono_ms();
            rebuild(w);
            cost = util_mono_ms() - last_build;
        }
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* ---- event streams ---- */

struct stream {
    web_dashboard *w;
    struct MHD_Connection *c;
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
    util_mono_deadline(KEEPALIVE_MS, &until);
    bool gone = false;
    while (!w->stopping && w->version == st->sent &&
           !(gone = web_stream_gone(&w->l, st->c)))
        if (pthread_cond_timedwait(&w->changed, &w->mu, &until) == ETIMEDOUT)
            break;
    if (w->stopping || gone) { /* gone: its page has, close it now */
        /* Read under w->mu: web_dashboard_stop writes it so. */
        ssize_t end = w->stopping ? MHD_CONTENT_READER_END_OF_STREAM
                                  : MHD_CONTENT_READER_END_WITH_ERROR;
        pthread_mutex_unlock(&w->mu);
        return end;
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

/* Libmicrohttpd's end of a request: a POST's body goes. */
static void request_done(void *cls, struct MHD_Connection *c, void **req,
                         enum MHD_RequestTerminationCode why)
{
    (void)c;
    (void)why;
    if (*req != cls)
        free(*req);
    *req = NULL;
}

/* Whether `given` is the undo's token (constant time); never without
 * --undo. */
static bool undo_token_ok(web_dashboard *w, const char *given)
{
    pthread_mutex_lock(&w->mu);
    bool ok = w->undo && given && w->undo_token[0] &&
              strlen(given) == strlen(w->undo_token) &&
              sodium_memcmp(given, w->undo_token, strlen(w->undo_token)) == 0;
    pthread_mutex_unlock(&w->mu);
    return ok;
}

/* Whether the request carries the undo's token in its cookie. */
static bool may_undo(web_dashboard *w, struct MHD_Connection *c)
{
    return undo_token_ok(
        w, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, UNDO_COOKIE));
}

/* The undo's link was opened (?undo=, with ?token= where one is needed):
 * keep both tokens in cookies of this site only and send the browser
 * back to `url` without them in the address bar. */
static enum MHD_Result
set_undo_cookies(web_dashboard *w, struct MHD_Connection *c, const char *url)
{
    char view[200], undo[200];
    const char *secure = w->l.tls ? "; Secure" : "";
    snprintf(view, sizeof(view), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
             COOKIE, w->l.token, secure);
    snprintf(undo, sizeof(undo), "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
             UNDO_COOKIE, w->undo_token, secure);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    web_add_headers(r, NULL);
    if (w->need_token)
        MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, view);
    MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, undo);
    MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, url);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
    MHD_destroy_response(r);
    return ok;
}

/* Whether the request may read the dashboard (and, for a POST, undo): the
 * token's cookie on an address other than loopback, the Host on loopback.
 * NULL, or the reply already queued in *reply. */
static bool guarded(web_dashboard *w, struct MHD_Connection *c, const char *url,
                    enum MHD_Result *reply)
{
    if ((!w->need_token || web_query_token(&w->l, c)) &&
        (w->need_token || web_host_ok(&w->l, c)) &&
        undo_token_ok(
            w, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "undo"))) {
        *reply = set_undo_cookies(w, c, url);
        return false;
    }
    if (w->need_token) {
        if (web_query_token(&w->l, c)) {
            *reply = web_set_token_cookie(c, &w->l, COOKIE, url, 0);
            return false;
        }
        if (!web_cookie_token(&w->l, c, COOKIE)) {
            *reply = web_reply_text(c, MHD_HTTP_FORBIDDEN,
                                    "Open the dashboard with the link "
                                    "'checkin dashboard' printed: it carries "
                                    "the token.\n");
            return false;
        }
    } else if (!web_host_ok(&w->l, c)) {
        *reply = web_reply_text(c, MHD_HTTP_MISDIRECTED_REQUEST,
                                "This dashboard answers only to its own "
                                "address; open the link 'checkin dashboard' "
                                "printed.\n");
        return false;
    }
    return true;
}

/* Why a POST /api/undo is refused at its headers, or NULL: the dashboard
 * was started without --undo; not JSON (a plain form cannot send it); an
 * Origin other than the dashboard's own page (the cookie is SameSite=
 * Strict as well). */
static const char *undo_refusal(web_dashboard *w, struct MHD_Connection *c)
{
    pthread_mutex_lock(&w->mu);
    bool allowed = w->undo;
    pthread_mutex_unlock(&w->mu);
    if (!allowed)
        return "This dashboard was started without --undo, so it only "
               "shows; undo with 'checkin undo EVENT.db TICKET --why "
               "\"REASON\"', or start the dashboard with --undo.\n";
    switch (web_post_fault(&w->l, c)) {
    case WEB_POST_NOT_JSON:
        return "Send JSON (Content-Type: application/json).\n";
    case WEB_POST_FOREIGN:
        return "Only the dashboard's own page may undo; open it with the "
               "link 'checkin dashboard' printed.\n";
    case WEB_POST_OK:
        break;
    }
    if (!may_undo(w, c))
        return "This link to the dashboard only shows; undo from the undo "
               "link 'checkin dashboard --undo' printed at its start, or "
               "with 'checkin undo EVENT.db TICKET --why \"REASON\"'.\n";
    return NULL;
}

/* The writer's thread: started by web_dashboard_allow_undo on the
 * caller's thread, so at the process's own policy, not the SCHED_IDLE of
 * the connections' threads: an undo holds the file's write lock, which a
 * station on the same machine may be waiting for, and a thread that only
 * runs on time nobody else wants must not hold it.  (Leaving SCHED_IDLE
 * from a connection's thread needs CAP_SYS_NICE or RLIMIT_NICE.) */
static void *write_undos(void *arg)
{
    web_dashboard *w = arg;
    pthread_mutex_lock(&w->mu);
    while (!w->stopping) {
        struct undo_job *j = w->job;
        if (!j || j->taken) {
            pthread_cond_wait(&w->undo_cv, &w->mu);
            continue;
        }
        j->taken = true;
        pthread_mutex_unlock(&w->mu);
        FILE *out = open_memstream(&j->said, &j->said_len);
        if (!out) {
            j->code = ck_fail(&j->err, CK_ENOMEM, "Out of memory.");
        } else {
            j->code = w->undo_fn(w->db, j->ticket, j->why, store_now_ms(), out,
                                 &j->err);
            fclose(out);
        }
        pthread_mutex_lock(&w->mu);
        j->done = true;
        pthread_cond_broadcast(&w->undo_cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Hand `j` to the writer and wait for it: false when the dashboard
 * stopped before the writer took it (nothing written). */
static bool run_undo(web_dashboard *w, struct undo_job *j)
{
    pthread_mutex_lock(&w->mu);
    while (w->job && !w->stopping) /* another page's undo */
        pthread_cond_wait(&w->undo_cv, &w->mu);
    if (!w->stopping) {
        w->job = j;
        pthread_cond_broadcast(&w->undo_cv);
    }
    while (w->job == j && !j->done && !(w->stopping && !j->taken))
        pthread_cond_wait(&w->undo_cv, &w->mu);
    if (w->job == j)
        w->job = NULL;
    pthread_cond_broadcast(&w->undo_cv);
    pthread_mutex_unlock(&w->mu);
    return j->done;
}

/* The undo itself, as `checkin undo EVENT.db TICKET --why REASON` makes
 * it (the undo function web_dashboard_allow_undo was given, on the
 * writer's own connection to the file): 200
 * and what it says, or its one sentence with 400 (a mistake), 404 (no
 * such ticket, nothing to undo) or 500. */
static enum MHD_Result undo_now(web_dashboard *w, struct MHD_Connection *c,
                                struct undo_request *r)
{
    if (r->too_big)
        return web_reply_text(c, MHD_HTTP_CONTENT_TOO_LARGE,
                              "The undo's request is too long; give the "
                              "ticket and one line of reason.\n");
    json_t *o = json_loadb(r->body, r->len, 0, NULL);
    const char *ticket = json_string_value(json_object_get(o, "ticket"));
    const char *why = json_string_value(json_object_get(o, "why"));
    if (!ticket || !*ticket || !why) {
        json_decref(o);
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST,
                              "Send {\"ticket\": TICKET, \"why\": "
                              "REASON}: the ticket id of the check-in to "
                              "undo and why.\n");
    }
    if (strspn(why, " \t") == strlen(why)) {
        json_decref(o);
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST,
                              "Say why the check-in is undone; the reason is "
                              "journaled with the undo.\n");
    }
    struct undo_job j = {.ticket = ticket, .why = why};
    bool done = run_undo(w, &j);
    json_decref(o);
    if (!done)
        return web_reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                              "The dashboard is stopping; nothing was "
                              "undone.  Undo again once it is back.\n");
    int code = j.code;
    struct ck_error err = j.err;
    char *said = j.said;
    size_t said_len = j.said_len;
    enum MHD_Result ok;
    if (!code) {
        ok = web_reply(c, MHD_HTTP_OK, "text/plain; charset=utf-8", said,
                       said_len, MHD_RESPMEM_MUST_COPY);
    } else {
        char line[sizeof(err.msg) + 2];
        snprintf(line, sizeof(line), "%s\n", err.msg);
        ok =
            web_reply_text(c,
                           code == CK_ENOTFOUND ? MHD_HTTP_NOT_FOUND
                           : code == CK_EINVAL  ? MHD_HTTP_BAD_REQUEST
                                               : MHD_HTTP_INTERNAL_SERVER_ERROR,
                           line);
    }
    free(said);
    return ok;
}

/* POST /api/undo: guarded at its headers, its body gathered, then done. */
static enum MHD_Result undo_request(web_dashboard *w, struct MHD_Connection *c,
                                    const char *url, const char *upload,
                                    size_t *upload_size, void **req)
{
    if (*req) {
        struct undo_request *r = *req;
        if (*upload_size) {
            web_body_take(r->body, sizeof(r->body), &r->len, &r->too_big,
                          upload, upload_size);
            return MHD_YES;
        }
        return undo_now(w, c, r);
    }
    enum MHD_Result reply;
    if (!guarded(w, c, url, &reply))
        return reply;
    const char *no = undo_refusal(w, c);
    if (no)
        return web_reply_text(c, MHD_HTTP_FORBIDDEN, no);
    struct undo_request *r = calloc(1, sizeof(*r));
    if (!r)
        return MHD_NO;
    *req = r;
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **req)
{
    (void)version;
    web_dashboard *w = cls;
    /* Refused at the headers, before any body is read. */
    if (!strcmp(method, MHD_HTTP_METHOD_POST) && !strcmp(url, "/api/undo"))
        return undo_request(w, c, url, upload, upload_size, req);
    if (strcmp(method, MHD_HTTP_METHOD_GET) &&
        strcmp(method, MHD_HTTP_METHOD_HEAD))
        return web_reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
                              "The dashboard only shows, and undoes a "
                              "check-in at POST /api/undo; ask with GET.\n");
    if (!*req) { /* headers only so far */
        *req = w;
        return MHD_YES;
    }
    if (*upload_size)
        return web_reply_text(c, MHD_HTTP_BAD_REQUEST,
                              "This dashboard takes no request bodies.\n");

    enum MHD_Result reply;
    if (!guarded(w, c, url, &reply))
        return reply;
    if (!strcmp(url, "/api/undo")) {
        bool allowed = may_undo(w, c);
        const char *json = allowed ? "{\"undo\":true}" : "{\"undo\":false}";
        return web_reply(c, MHD_HTTP_OK, "application/json", json, strlen(json),
                         MHD_RESPMEM_PERSISTENT);
    }

    const struct web_asset *a = web_asset_at(url);
    if (a && strncmp(url, "/station", 8) && strncmp(url, "/kiosk", 6))
        return web_reply(c, MHD_HTTP_OK, a->type, a->data, a->len,
                         MHD_RESPMEM_PERSISTENT);
    if (!strcmp(url, "/api/messages")) {
        /* The page's words in the dashboard's language (issue 53). */
        char *words = web_dashboard_messages();
        if (!words)
            return MHD_NO;
        return web_reply(c, MHD_HTTP_OK, "application/json", words,
                         strlen(words), MHD_RESPMEM_MUST_FREE);
    }
    if (!strcmp(url, "/api/snapshot")) {
        pthread_mutex_lock(&w->mu);
        char *copy = strdup(w->snapshot ? w->snapshot : "{}");
        pthread_mutex_unlock(&w->mu);
        if (!copy)
            return MHD_NO;
        return web_reply(c, MHD_HTTP_OK, "application/json", copy, strlen(copy),
                         MHD_RESPMEM_MUST_FREE);
    }
    if (!strcmp(url, "/events")) {
        const char *full = web_stream_admit(&w->l, c);
        if (full)
            return web_reply_text(c, MHD_HTTP_SERVICE_UNAVAILABLE, full);
        struct stream *st = calloc(1, sizeof(*st));
        if (!st)
            return MHD_NO;
        st->w = w;
        st->c = c;
        struct MHD_Response *r = MHD_create_response_from_callback(
            MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, st, stream_free);
        if (!r) {
            free(st);
            return MHD_NO;
        }
        web_add_headers(r, "text/event-stream");
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        return ok;
    }
    return web_reply_text(c, MHD_HTTP_NOT_FOUND, "No such page.\n");
}

/* ---- start and stop ---- */

/* The web server's threads and the ticker inherit this thread's policy:
 * SCHED_IDLE, the time no other thread of the machine wants.  The
 * dashboard watches; stations decide: a station beside it decides as fast
 * as with none, however many pages are open (README, Performance), and a
 * reader in SQLite's WAL mode holds nothing a station's writes wait for.
 * Where that is refused, they run at the process's own priority. */
/* The listener's wake_streams: every stream looks whether its page has
 * gone. */
static void wake_streams(void *cls)
{
    web_dashboard *w = cls;
    pthread_mutex_lock(&w->mu);
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
}

static void *starter(void *arg)
{
    web_dashboard *w = arg;
    struct sched_param none = {0};
    (void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &none);
    w->l.wake_streams = wake_streams;
    w->l.wake_streams_cls = w;
    w->daemon = web_serve(&w->l, &LIMITS, handle, request_done, w);
    if (w->daemon && pthread_create(&w->ticker, NULL, tick, w) == 0)
        w->ticker_started = true;
    return NULL;
}

static void start_threads(web_dashboard *w)
{
    pthread_t t;
    if (pthread_create(&t, NULL, starter, w) == 0)
        pthread_join(t, NULL);
}

int web_dashboard_start(const char *db_path, const char *where,
                        web_dashboard **out, struct ck_error *err)
{
    return web_dashboard_start_tls(db_path, where, NULL, NULL, out, err);
}

int web_dashboard_start_tls(const char *db_path, const char *where,
                            const char *tls_cert, const char *tls_key,
                            web_dashboard **out, struct ck_error *err)
{
    *out = NULL;
    web_dashboard *w = calloc(1, sizeof(*w));
    if (!w)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    w->l.fd = -1;
    snprintf(w->db, sizeof(w->db), "%s", db_path);
    pthread_mutex_init(&w->mu, NULL);
    (void)util_mono_cond_init(&w->changed);
    pthread_cond_init(&w->undo_cv, NULL);

    int code = store_open(db_path, STORE_EXISTING | STORE_READONLY, &w->s, err);
    if (code)
        goto fail;
    /* A page opened at once shows figures, and a broken file is said
     * here, not in a browser. */
    code = dashboard_snapshot(w->s, store_now_ms(), &w->snapshot, err);
    if (code)
        goto fail;
    w->version = 1; /* a stream's first message is this snapshot */
    code = web_listen(where, "--listen", &w->l, err);
    if (!code && tls_cert)
        code = web_tls_load(&w->l, tls_cert, tls_key, err);
    if (code)
        goto fail;
    w->need_token = !w->l.loopback;
    web_links(&w->l, w->need_token, w->url, sizeof(w->url));
    start_threads(w);
    if (!w->daemon) {
        code = ck_fail(err, CK_EIO,
                       "Cannot serve on %s: the web server did "
                       "not start; try again.",
                       where);
        goto fail;
    }
    if (!w->ticker_started) {
        code = ck_fail(err, CK_ENOMEM, "Cannot start the dashboard's thread.");
        goto fail;
    }
    *out = w;
    return CK_OK;
fail:
    web_dashboard_stop(w);
    return code;
}

/* w->url's links, each with "undo=TOKEN" added to its query. */
static void make_undo_url(web_dashboard *w)
{
    size_t used = 0;
    const char *p = w->url;
    w->undo_url[0] = '\0';
    while (*p && used < sizeof(w->undo_url)) {
        const char * or = strstr(p, " or ");
        size_t len = or ? (size_t)(or -p) : strlen(p);
        int n = snprintf(w->undo_url + used, sizeof(w->undo_url) - used,
                         "%.*s%sundo=%s%s", (int)len, p,
                         memchr(p, '?', len) ? "&" : "?", w->undo_token,
                         or ? " or " : "");
        if (n < 0)
            break;
        used += (size_t)n;
        p += len + (or ? 4 : 0);
    }
}

const char *web_dashboard_undo_url(const web_dashboard *w)
{
    return w->undo_url;
}

int web_dashboard_allow_undo(web_dashboard *w, web_dashboard_undo_fn undo,
                             struct ck_error *err)
{
    pthread_mutex_lock(&w->mu);
    bool started = w->writer_started;
    pthread_mutex_unlock(&w->mu);
    if (started)
        return CK_OK;
    w->undo_fn = undo;
    if (pthread_create(&w->writer, NULL, write_undos, w))
        return ck_fail(err, CK_ENOMEM,
                       "Cannot start the dashboard's undo thread; start it "
                       "again without --undo, or undo with 'checkin undo'.");
    unsigned char raw[16];
    randombytes_buf(raw, sizeof(raw));
    pthread_mutex_lock(&w->mu);
    sodium_bin2hex(w->undo_token, sizeof(w->undo_token), raw, sizeof(raw));
    make_undo_url(w);
    w->writer_started = true;
    w->undo = true;
    pthread_mutex_unlock(&w->mu);
    sodium_memzero(raw, sizeof(raw));
    return CK_OK;
}

void web_dashboard_set_extra(web_dashboard *w, const char *key,
                             web_dashboard_extra_fn get, void *ctx)
{
    pthread_mutex_lock(&w->mu);
    w->extra = get;
    w->extra_ctx = ctx;
    snprintf(w->extra_key, sizeof(w->extra_key), "%s", get ? key : "");
    pthread_cond_broadcast(&w->changed);
    pthread_mutex_unlock(&w->mu);
}

int web_dashboard_reload_tls(web_dashboard *w, char *said, size_t cap,
                             struct ck_error *err)
{
    return web_tls_reload(&w->l, said, cap, err);
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
    pthread_cond_broadcast(&w->undo_cv);
    bool writer = w->writer_started;
    pthread_mutex_unlock(&w->mu);
    if (writer)
        pthread_join(w->writer, NULL);
    if (w->ticker_started)
        pthread_join(w->ticker, NULL);
    web_unserve(&w->l, w->daemon);
    if (w->l.fd >= 0)
        close(w->l.fd);
    store_close(w->s);
    free(w->snapshot);
    pthread_cond_destroy(&w->changed);
    pthread_cond_destroy(&w->undo_cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}
