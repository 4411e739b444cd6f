/* Fuzz target: HTTP requests to the web servers (web/): the dashboard's
 * (dashboard_server.c), a station's screen and a kiosk's
 * (station_server.c), and what they share (http.c, limits.c).  Each is a
 * real libmicrohttpd daemon on 127.0.0.1, started once per process; each
 * input is one request over loopback (a kept-alive connection where the
 * request allows), its answer read whole (an event stream: its first
 * bytes).  About 3,800 requests a second under ASan+UBSan with
 * -detect_leaks=0 (tests/fuzz/README.md says why).
 *
 * Input: byte 0 is flags: bits 0-1 the server (dashboard, station, kiosk,
 * station), bit 2 the server's own Host header, bit 3 its token as the
 * cookie, bit 4 the token in the query, bit 5 a JSON Content-Type, bit 6
 * the server's own Origin, bit 7 raw: the rest is sent as it is, request
 * line and all.  Otherwise the rest is fields split at 0x00: the method,
 * the path with its query, header lines (split at newlines), a cookie
 * header's value, and the body (the rest, given its Content-Length).
 * Blanks and control bytes in the method and path become '_', so that the
 * request line stays one line and the request reaches the servers' own
 * code rather than libmicrohttpd's refusal.
 *
 * Besides never crashing or hanging: a request without the station's
 * token in its cookie never reaches the station loop (web_station_input
 * gets nothing from it), a kiosk passes on only codes, and every answer
 * of 200 carries the headers that forbid inline script, sniffing and
 * caching.  A phone's code (/api/scan) is answered at once, as a station
 * loop would.
 *
 * Built with FUZZ_BOOTH it is fuzz_booth: sponsors' booths on a station
 * (web/booth.c, /booth/ and /api/booth/), one server with three booths,
 * the last closed by the organizer.  Bits 0-1 of byte 0 then choose whose
 * token the harness adds: booth acme's, booth blue's, the station's own
 * or the closed booth's.  Besides the rules above: a booth's request
 * reaches the station loop only as that booth's (its input names the
 * sponsor whose token the request carries, never another), a closed
 * booth's never, and the station's own token opens no booth. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/store.h"
#include "checkin/web.h"
#include "checkin/web_station.h"

#ifdef FUZZ_BOOTH
enum { ACME, BLUE, OWN, CLOSED, NSERVERS };
static const struct web_booth booths[] = {
    {"acme",
     "a1a2a3a4a5a6a7a8a9a0a1a2a3a4a5a6a7a8a9a0a1a2a3a4a5a6a7a8a9a0"
     "a1a2",
     false},
    {"blue",
     "b1b2b3b4b5b6b7b8b9b0b1b2b3b4b5b6b7b8b9b0b1b2b3b4b5b6b7b8b9b0"
     "b1b2",
     false},
    {"gone",
     "c1c2c3c4c5c6c7c8c9c0c1c2c3c4c5c6c7c8c9c0c1c2c3c4c5c6c7c8c9c0"
     "c1c2",
     true},
};
#else
enum { DASHBOARD, STATION, KIOSK, NSERVERS };
#endif

/* A whole answer is read within this, or the input counts as a hang. */
#define ANSWER_MS 5000
/* How much of an event stream is read before the connection is closed. */
#define STREAM_MS 1

struct server {
    int port;
    char token[80];
    const char *cookie;
    web_station *ws; /* NULL: the dashboard */
};

static struct server servers[NSERVERS];
static web_dashboard *dashboard;
static char dir[] = "/tmp/checkin-fuzz-http-XXXXXX", db[80];

static void die(const char *what, const struct ck_error *err)
{
    fprintf(stderr, "fuzz_http: %s: %s\n", what, err ? err->msg : "");
    abort();
}

#ifndef FUZZ_BOOTH
/* A value for the dashboard that changes on every call, so that it
 * rebuilds its snapshot and writes to every open stream about once a
 * second (REBUILD_GAP_MS).  A stream this harness has dropped is noticed
 * only when written to; without these writes 80 dropped streams, each
 * holding its connection up to the 15 s keepalive, leave libmicrohttpd
 * at its connection limit and the next request unanswered. */
static char *changing(void *ctx, uint64_t *version)
{
    (void)ctx;
    static uint64_t n;
    *version = ++n;
    return strdup("{}");
}
#endif

static void clean_up(void)
{
#ifdef FUZZ_BOOTH
    web_station_stop(servers[OWN].ws);
#else
    web_station_stop(servers[STATION].ws);
    web_station_stop(servers[KIOSK].ws);
#endif
    web_dashboard_stop(dashboard);
    static const char *const ends[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
        char p[100];
        snprintf(p, sizeof(p), "%s%s", db, ends[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* Port and token of a printed link, "http://127.0.0.1:PORT/?token=..." */
static void parse_link(const char *url, struct server *s)
{
    const char *colon = strstr(url, "127.0.0.1:");
    s->port = colon ? (int)strtol(colon + 10, NULL, 10) : 0;
    const char *t = strstr(url, "token=");
    snprintf(s->token, sizeof(s->token), "%.*s",
             t ? (int)strcspn(t + 6, " &") : 0, t ? t + 6 : "");
    if (s->port <= 0)
        die(url, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    struct ck_error err = {0};
    if (!mkdtemp(dir))
        die("mkdtemp", NULL);
    snprintf(db, sizeof(db), "%s/event.db", dir);
    store *s = NULL;
    struct import_counts n;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err) ||
        import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n, &err))
        die("the demo event", &err);
    store_close(s);
    atexit(clean_up);
#ifdef FUZZ_BOOTH
    web_station *ws;
    if (web_station_start("127.0.0.1:0", false, &ws, &err) ||
        web_station_set_booths(ws, booths, 3, &err))
        die("the station", &err);
    for (int k = 0; k < NSERVERS; k++) {
        parse_link(web_station_url(ws), &servers[k]);
        servers[k].ws = ws;
        servers[k].cookie = k == OWN ? "checkin_station" : "checkin_booth";
        if (k != OWN)
            snprintf(servers[k].token, sizeof(servers[k].token), "%s",
                     booths[k == CLOSED ? 2 : k].token);
    }
    web_station_publish(ws, "state", "{\"station\":\"expo\",\"name\":\"fuzz\"}",
                        false);
#else
    if (web_dashboard_start(db, "127.0.0.1:0", &dashboard, &err))
        die("the dashboard", &err);
    web_dashboard_set_extra(dashboard, "fuzz", changing, NULL);
    parse_link(web_dashboard_url(dashboard), &servers[DASHBOARD]);
    servers[DASHBOARD].cookie = "checkin_dashboard";
    for (int k = STATION; k <= KIOSK; k++) {
        if (web_station_start("127.0.0.1:0", k == KIOSK, &servers[k].ws, &err))
            die("the station", &err);
        parse_link(web_station_url(servers[k].ws), &servers[k]);
        servers[k].cookie = "checkin_station";
        /* What a station loop publishes at start, so that pages and
         * streams have state to send. */
        web_station_publish(servers[k].ws, "state",
                            "{\"station\":\"desk\",\"name\":\"fuzz\"}", false);
        web_station_publish(servers[k].ws, "decision",
                            "{\"decision\":\"admit\",\"name\":\"Ada\"}", true);
    }
#endif
    return 0;
}

/* A growing request. */
struct buf {
    char *p;
    size_t len, cap;
};

static void put(struct buf *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = (b->len + len + 1) * 2;
        char *p = realloc(b->p, cap);
        if (!p)
            abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* The next field of [*at, end) up to a 0x00 (the last runs to the end). */
static size_t field(const uint8_t **at, const uint8_t *end,
                    const uint8_t **start, bool last)
{
    *start = *at;
    const uint8_t *stop = last ? NULL : memchr(*at, 0, (size_t)(end - *at));
    size_t len = (size_t)((stop ? stop : end) - *at);
    *at = stop ? stop + 1 : end;
    return len;
}

/* Method and path with blanks and control bytes as '_'. */
static void put_word(struct buf *b, const uint8_t *s, size_t len,
                     const char *fallback)
{
    if (!len) {
        puts_(b, fallback);
        return;
    }
    for (size_t i = 0; i < len; i++) {
        char c = (char)(s[i] <= ' ' || s[i] == 0x7f ? '_' : s[i]);
        put(b, &c, 1);
    }
}

/* Header text without CR; LF ends a line. */
static void put_line(struct buf *b, const uint8_t *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n')
            puts_(b, "\r\n");
        else if (s[i] != '\r')
            put(b, &s[i], 1);
    if (len)
        puts_(b, "\r\n");
}

/* Whether `s[0..len)` names, in any case, a header that changes how the
 * request or the connection ends. */
static bool frames(const uint8_t *s, size_t len)
{
    static const char *const names[] = {"connection", "content-length",
                                        "transfer-encoding", "expect",
                                        "upgrade"};
    for (size_t i = 0; i < len; i++)
        for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
            size_t n = strlen(names[k]);
            if (i + n <= len && !strncasecmp((const char *)s + i, names[k], n))
                return true;
        }
    return false;
}

/* How a request ends: on a kept-alive connection (a GET or POST whose
 * end only its Content-Length says), on its own connection closed by the
 * server after the answer, or cut: raw bytes, or headers of the input's
 * own that may say the request goes on, so the sending side is shut. */
enum ending { KEEP, CLOSE, CUT };

/* The request, and how it ends. */
static enum ending build(struct buf *b, uint8_t flags, const struct server *s,
                         const uint8_t *at, const uint8_t *end)
{
    if (flags & 0x80) {
        put(b, at, (size_t)(end - at));
        return CUT;
    }
    const uint8_t *f;
    size_t n = field(&at, end, &f, false);
    bool keep = (n == 3 && !memcmp(f, "GET", 3)) ||
                (n == 4 && !memcmp(f, "POST", 4)) || n == 0;
    put_word(b, f, n, "GET");
    puts_(b, " ");
    n = field(&at, end, &f, false);
    put_word(b, f, n, "/");
    if (flags & 0x10) {
        puts_(b, memchr(f, '?', n) ? "&token=" : "?token=");
        puts_(b, s->token);
    }
    puts_(b, " HTTP/1.1\r\n");
    char line[256];
    if (flags & 0x04) {
        snprintf(line, sizeof(line), "Host: 127.0.0.1:%d\r\n", s->port);
        puts_(b, line);
    }
    if (flags & 0x20)
        puts_(b, "Content-Type: application/json\r\n");
    if (flags & 0x40) {
        snprintf(line, sizeof(line), "Origin: http://127.0.0.1:%d\r\n",
                 s->port);
        puts_(b, line);
    }
    n = field(&at, end, &f, false);
    bool cut = frames(f, n);
    put_line(b, f, n);
    const uint8_t *cookie;
    size_t cookie_len = field(&at, end, &cookie, false);
    cut = cut || frames(cookie, cookie_len);
    keep = keep && !cut;
    if ((flags & 0x08) || cookie_len) {
        puts_(b, "Cookie: ");
        if (flags & 0x08) {
            snprintf(line, sizeof(line), "%s=%s%s", s->cookie, s->token,
                     cookie_len ? "; " : "");
            puts_(b, line);
        }
        put_line(b, cookie, cookie_len);
        if (!cookie_len)
            puts_(b, "\r\n");
    }
    n = field(&at, end, &f, true);
    snprintf(line, sizeof(line), "Content-Length: %zu\r\n%s\r\n", n,
             keep ? "" : "Connection: close\r\n");
    puts_(b, line);
    put(b, f, n);
    return keep ? KEEP : cut ? CUT : CLOSE;
}

/* The request being sent, for take_inputs' checks. */
static const char *request = "";

/* What the station loop would do: take every input, answer each phone.
 * Returns how many it took; checks the kiosk takes only codes. */
static int take_inputs(const struct server *s)
{
    if (!s->ws)
        return 0;
    int n = 0;
    struct web_station_input in;
    while (web_station_input(s->ws, 0, &in)) {
#ifdef FUZZ_BOOTH
        /* A booth's input names a sponsor whose token the request
         * carries, an open one's; the station's own needs its token. */
        bool carried = false;
        for (size_t b = 0; b < 3 && in.booth_ask != WEB_BOOTH_NONE; b++)
            carried = carried ||
                      (!booths[b].closed && !strcmp(in.booth, booths[b].slug) &&
                       strstr(request, booths[b].token));
        if (in.booth_ask != WEB_BOOTH_NONE && !carried) {
            fprintf(stderr,
                    "fuzz_booth: booth %s's input from a request without "
                    "its token:\n%s\n",
                    in.booth, request);
            abort();
        }
#else
        if (s == &servers[KIOSK] && in.kind != WEB_INPUT_CODE) {
            fprintf(stderr, "fuzz_http: the kiosk passed on input %d\n",
                    (int)in.kind);
            abort();
        }
#endif
        if (in.ticket)
            web_station_answer(s->ws, in.ticket, "{\"decision\":\"admit\"}");
#ifdef FUZZ_BOOTH
        n += in.booth_ask == WEB_BOOTH_NONE;
#else
        n++;
#endif
    }
    return n;
}

/* Whether the answer in `r` (headers complete) is whole. */
static bool whole(const struct buf *r, bool *stream)
{
    const char *split = strstr(r->p, "\r\n\r\n");
    if (!split)
        return false;
    if (strstr(r->p, "text/event-stream")) {
        *stream = true;
        return false;
    }
    const char *cl = strcasestr(r->p, "\r\nContent-Length:");
    if (cl && cl < split)
        return r->len - (size_t)(split + 4 - r->p) >=
               strtoul(cl + 17, NULL, 10);
    return false;
}

/* A new connection to `s`, closed with a reset: thousands of connections
 * a second would otherwise run out of ports in TIME_WAIT. */
static int connect_to(const struct server *s)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)s->port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)))
        die("a socket", NULL);
    /* Ports still in TIME_WAIT (after CUT requests) free up within a
     * minute: wait for one rather than call it a finding. */
    for (int tries = 0; connect(fd, (struct sockaddr *)&a, sizeof(a));
         tries++) {
        /* A signal (libFuzzer's timer) interrupted it: the connection
         * goes on by itself; wait for it and take its outcome. */
        if (errno == EINTR) {
            struct pollfd w = {.fd = fd, .events = POLLOUT};
            int got = 0;
            socklen_t glen = sizeof(got);
            while (poll(&w, 1, -1) < 0 && errno == EINTR)
                ;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &got, &glen) == 0 &&
                got == 0)
                break;
            errno = got ? got : errno;
        }
        if (errno != EADDRNOTAVAIL || tries == 60000) {
            fprintf(stderr, "fuzz_http: connecting to the server: %s\n",
                    strerror(errno));
            abort();
        }
        usleep(1000);
    }
    return fd;
}

/* Send `req` on `fd` and read the answer into `resp`, taking the
 * station's inputs meanwhile (counted in *took).  A CUT request has the
 * sending side shut after it, so a request cut short ends there, not at
 * the server's deadline (only then: a client that shuts first keeps its
 * port in TIME_WAIT, and thousands a second would use them all up).  0: an
 * answer (whole, or an event stream's first bytes, or all before the server
 * closed); -1: the connection was closed before a byte came; -2: no whole
 * answer in ANSWER_MS. */
static int exchange(int fd, const struct buf *req, enum ending how,
                    const struct server *s, struct buf *resp, bool *stream,
                    int *took)
{
    /* A request the server refuses early may be answered (and the
     * connection closed) before it is all sent: what is not sent is not
     * an error. */
    size_t sent = 0;
    while (sent < req->len) {
        ssize_t w = send(fd, req->p + sent, req->len - sent, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        sent += (size_t)w;
    }
    if (how == CUT)
        shutdown(fd, SHUT_WR);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int waited = 0;
    char chunk[4096];
    while (waited < ANSWER_MS) {
        *took += take_inputs(s);
        int ready = poll(&p, 1, *stream ? STREAM_MS : 1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready == 0) {
            waited += *stream ? STREAM_MS : 1;
            if (*stream)
                return 0;
            continue;
        }
        ssize_t r = read(fd, chunk, sizeof(chunk));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return resp->len ? 0 : -1;
        put(resp, chunk, (size_t)r);
        if (whole(resp, stream))
            return 0;
    }
    return -2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Each server's kept-alive connection, or -1: a connection and a
     * daemon thread per request cost most of the time. */
    static int kept[NSERVERS];
    static bool kept_set;
    for (int i = 0; i < NSERVERS && !kept_set; i++)
        kept[i] = -1;
    kept_set = true;
    if (size < 1)
        return 0;
    uint8_t flags = data[0];
#ifdef FUZZ_BOOTH
    int k = flags & 3;
#else
    int k = (flags & 3) == 3 ? STATION : flags & 3;
#endif
    const struct server *s = &servers[k];
    struct buf req = {0}, resp = {0};
    enum ending how = build(&req, flags, s, data + 1, data + size);
    bool keep = how == KEEP;
    puts_(&resp, "");
    resp.len = 0;
    request = req.p;

    int took = 0;
    bool stream = false;
    int fd = keep && kept[k] >= 0 ? kept[k] : connect_to(s);
    bool reused = fd == kept[k];
    kept[k] = -1;
    int got = exchange(fd, &req, how, s, &resp, &stream, &took);
    if (got == -1 && reused) {
        /* The server had closed the kept connection (its deadline for
         * the next request): once more on a new one. */
        close(fd);
        fd = connect_to(s);
        got = exchange(fd, &req, how, s, &resp, &stream, &took);
    }
    if (got == -2) {
        fprintf(stderr,
                "fuzz_http: no whole answer in %d ms to:\n%s\nbut:\n%s\n",
                ANSWER_MS, req.p, resp.p);
        abort();
    }
    const char *split = strstr(resp.p, "\r\n\r\n");
    const char *bye = strcasestr(resp.p, "\r\nConnection: close");
    if (keep && got == 0 && !stream && split && (!bye || bye > split))
        kept[k] = fd;
    else
        close(fd);
    /* The same for a station's streams: written to at once. */
    if (stream && s->ws)
        web_station_publish(s->ws, "state", "{\"station\":\"desk\"}", false);
    took += take_inputs(s);

#ifdef FUZZ_BOOTH
    /* Only the station's own token reaches its own inputs (booths' were
     * checked as they were taken). */
    bool token = strstr(req.p, servers[OWN].token) != NULL;
#else
    bool token =
        (flags & 0x80) ? strstr(req.p, s->token) != NULL : (flags & 0x08) != 0;
#endif
    if (took && !token) {
        fprintf(stderr,
                "fuzz_http: a request without the token reached "
                "the station:\n%s\n",
                req.p);
        abort();
    }
    if (!strncmp(resp.p, "HTTP/1.1 200", 12) &&
        (!strstr(resp.p, "Content-Security-Policy: ") ||
         !strstr(resp.p, "X-Content-Type-Options: nosniff") ||
         !strstr(resp.p, "Cache-Control: no-store"))) {
        fprintf(stderr, "fuzz_http: a 200 without the safety headers:\n%s\n",
                resp.p);
        abort();
    }
    free(req.p);
    free(resp.p);
    return 0;
}
