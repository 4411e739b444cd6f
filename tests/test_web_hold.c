/* The web servers under a hostile client on the same network: a real
 * `checkin scan --web` and `checkin dashboard`, and plain sockets over
 * loopback standing in for the LAN.  Each address of 127.0.0.0/8 is a
 * machine of its own here (a client socket is bound to 127.0.0.N before
 * it connects), so the limits per client and in all are both exercised.
 *
 * Every wait is on something arriving (an answer, the end of a socket, a
 * station's JSON line), bounded only so that a failure fails instead of
 * hanging; the bounds are far above what the answers take. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "webdriver.h"

/* The servers' limits (web/station_server.c, web/dashboard_server.c). */
#define STATION_PER_CLIENT 16
#define STATION_STREAMS 16
#define STATION_STREAMS_PER_CLIENT 4
#define DASHBOARD_STREAMS_PER_CLIENT 6
/* How long a connection may wait for its request (web/limits.c): a
 * fresh client answered sooner was let in by making room, not by
 * waiting for an attacker's socket to time out. */
#define HEADER_MS 10000
#define ANSWER_MS 30000    /* the bound on any one wait */
#define KEEPALIVE_MS 15000 /* an idle event stream's comment (web/) */

static const char CSV[] =
    "order_code,status,given_name,family_name,email,ticket_type,secret,"
    "ticket_id\n"
    "HLD01,paid,Grace,Hopper,grace@example.com,individual,"
    "gggggggggggggggggggggggggggggggg,92001\n"
    "HLD02,paid,Ada,Lovelace,ada@example.com,individual,"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,92002\n"
    "HLD03,paid,Katherine,Johnson,kj@example.com,student,"
    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk,92003\n";

/* One of the registrations' codes, a different one each call: the same
 * code twice within the station's cooldown would be one presentation. */
static const char *next_code(void)
{
    static const char *const codes[] = {"gggggggggggggggggggggggggggggggg",
                                        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                                        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"};
    static unsigned n;
    return codes[n++ % 3];
}

/* ---- sockets ---- */

/* A TCP connection (non-blocking) from `src` (NULL: any address) to
 * `dst`:port, both numeric IPv4 or IPv6.  With `wait` false the connect
 * is only begun; otherwise it is made within ANSWER_MS.  -1 when it
 * cannot be. */
static int dial(const char *src, const char *dst, int port, bool wait)
{
    bool v6 = strchr(dst, ':') != NULL;
    struct sockaddr_storage to = {0}, from = {0};
    socklen_t len =
        v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&to;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, dst, &a->sin6_addr) != 1)
            return -1;
        struct sockaddr_in6 *b = (struct sockaddr_in6 *)&from;
        b->sin6_family = AF_INET6;
        if (src && inet_pton(AF_INET6, src, &b->sin6_addr) != 1)
            return -1;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&to;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, dst, &a->sin_addr) != 1)
            return -1;
        struct sockaddr_in *b = (struct sockaddr_in *)&from;
        b->sin_family = AF_INET;
        if (src && inet_pton(AF_INET, src, &b->sin_addr) != 1)
            return -1;
    }
    int fd =
        socket(to.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -1;
    bool made = !(src && bind(fd, (struct sockaddr *)&from, len));
    if (made && connect(fd, (struct sockaddr *)&to, len)) {
        made = errno == EINPROGRESS;
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int e = 0;
        socklen_t el = sizeof(e);
        if (made && wait)
            made = poll(&p, 1, ANSWER_MS) == 1 &&
                   !getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) && !e;
    }
    if (!made) {
        close(fd);
        return -1;
    }
    return fd;
}

static bool send_all(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, ANSWER_MS) != 1)
            return false;
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EAGAIN)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

/* Read one answer from `fd`: its status (-1: none within ANSWER_MS, or
 * the connection ended first), its body in *body (malloc'd) when the
 * answer has a length; an event stream's answer is only its head. */
static int answer(int fd, char **body)
{
    if (body)
        *body = NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = calloc(1, cap);
    int64_t until = tu_mono_ms() + ANSWER_MS;
    const char *end = NULL;
    long want = -1;
    while (buf && len < cap - 1) {
        if (!end && (end = strstr(buf, "\r\n\r\n"))) {
            const char *cl = strcasestr(buf, "\r\nContent-Length:");
            want = cl && cl < end ? strtol(cl + 17, NULL, 10) : 0;
        }
        if (end && (size_t)(end + 4 - buf) + (size_t)want <= len)
            break;
        int64_t left = until - tu_mono_ms();
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&p, 1, (int)left) != 1)
            break;
        ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
        if (r <= 0)
            break;
        len += (size_t)r;
        buf[len] = '\0';
    }
    int status = -1;
    if (buf && end && sscanf(buf, "HTTP/1.%*d %d", &status) == 1 && body)
        *body = strndup(end + 4, (size_t)want);
    free(buf);
    return status;
}

/* One request on a fresh connection from `src` to `dst`:port; its status
 * (-1: no answer) and body (malloc'd, may be NULL).  `headers` are more
 * header lines; a body is sent as JSON. */
static int request(const char *src, const char *dst, int port,
                   const char *method, const char *path, const char *headers,
                   const char *json, char **body)
{
    if (body)
        *body = NULL;
    int fd = dial(src, dst, port, true);
    if (fd < 0)
        return -1;
    char *req = NULL;
    int n = asprintf(
        &req,
        "%s %s HTTP/1.1\r\n%s%sContent-Type: application/json\r\n"
        "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
        method, path, headers && strstr(headers, "Host:") ? "" : "Host: x\r\n",
        headers ? headers : "", json ? strlen(json) : 0, json ? json : "");
    int status = n > 0 && send_all(fd, req) ? answer(fd, body) : -1;
    free(req);
    close(fd);
    return status;
}

/* Whether the server has ended connection `fd` (waiting up to `ms`). */
static bool ended(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN | POLLRDHUP};
    char c;
    return poll(&p, 1, ms) == 1 &&
           (p.revents & (POLLHUP | POLLRDHUP | POLLERR) ||
            recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0);
}

/* ---- the servers ---- */

struct server {
    pid_t pid;
    bool dashboard; /* stopped by Ctrl-C; a station by the end of input */
    int in, out;    /* a station's keyboard input and JSON lines */
    int err;        /* its stderr, after the link: copied to errpath */
    char errpath[1024];
    char tsan[1024]; /* ThreadSanitizer's reports: tsan.PID */
    int port;
    char links[1024]; /* as printed */
    char token[80];
    char jbuf[1 << 16];
    size_t jn;
};

/* Start `checkin ARGS` (the caller quotes) in a process group of its
 * own, killed at exit even when a test fails, and read the links it
 * prints from the line of `fd_of_link` (1: stdout, 2: stderr) starting
 * with `prefix`. */
static bool server_start(struct server *sv, const char *args, int fd_of_link,
                         const char *prefix)
{
    memset(sv, 0, sizeof(*sv));
    sv->in = sv->out = sv->err = -1;
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC))
        return false;
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "exec '%s' %s", CHECKIN_BIN, args);
    /* Under ThreadSanitizer a report goes to a file of the test's
     * directory (the options tests/CMakeLists.txt gives, and log_path),
     * printed by server_stop when the server exits other than 0. */
    snprintf(sv->tsan, sizeof(sv->tsan), "%s", tu_path("tsan"));
    const char *topt = getenv("TSAN_OPTIONS");
    char *tenv = NULL;
    if (asprintf(&tenv, "%s%slog_path=%s", topt ? topt : "",
                 topt && *topt ? ":" : "", sv->tsan) < 0)
        return false;
    sv->pid = fork();
    if (sv->pid == 0) {
        setenv("TSAN_OPTIONS", tenv, 1);
        setsid();
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    free(tenv);
    wd_track(sv->pid);
    snprintf(sv->errpath, sizeof(sv->errpath), "%s",
             tu_path(fd_of_link == 1 ? "dashboard.err" : "station.err"));
    close(in[0]);
    close(out[1]);
    close(err[1]);
    sv->in = in[1];
    int linkfd = fd_of_link == 1 ? out[0] : err[0];
    char text[4096] = "";
    size_t len = 0;
    int64_t until = tu_mono_ms() + ANSWER_MS;
    const char *line = NULL;
    while (len < sizeof(text) - 1 &&
           !((line = strstr(text, prefix)) && strchr(line, '\n'))) {
        struct pollfd p = {.fd = linkfd, .events = POLLIN};
        int64_t left = until - tu_mono_ms();
        if (left <= 0 || poll(&p, 1, (int)left) != 1)
            break;
        ssize_t r = read(linkfd, text + len, sizeof(text) - 1 - len);
        if (r <= 0)
            break;
        len += (size_t)r;
        text[len] = '\0';
    }
    tu_write_file(sv->errpath, fd_of_link == 2 ? text : "",
                  fd_of_link == 2 ? len : 0);
    sv->err = err[0];
    (void)fcntl(sv->err, F_SETFL, O_NONBLOCK);
    sv->out = out[0];
    if (fd_of_link == 1) { /* what came after the link is a JSON line */
        const char *nl = line ? strchr(line, '\n') : NULL;
        if (nl) {
            sv->jn = len - (size_t)(nl + 1 - text);
            memcpy(sv->jbuf, nl + 1, sv->jn);
        }
    }
    const char *u = line ? strstr(line, "http://") : NULL;
    if (!u) {
        TU_FAIL_AT("checkin %s printed no link: %s", args, text);
        return false;
    }
    snprintf(sv->links, sizeof(sv->links), "%.*s", (int)strcspn(u, "\n"), u);
    /* "http://HOST:PORT/..." with HOST possibly [IPv6] */
    const char *colon = strstr(u, "]:") ? strstr(u, "]:") + 1
                                        : strchr(u + strlen("http://"), ':');
    sv->port = colon ? (int)strtol(colon + 1, NULL, 10) : -1;
    const char *t = strstr(u, "token=");
    if (t)
        snprintf(sv->token, sizeof(sv->token), "%.32s", t + strlen("token="));
    return sv->port > 0;
}

/* A station's next JSON line holding `part`, within ANSWER_MS; malloc'd,
 * or NULL. */
static char *station_line(struct server *sv, const char *part)
{
    int64_t until = tu_mono_ms() + ANSWER_MS;
    for (;;) {
        char *nl;
        while ((nl = memchr(sv->jbuf, '\n', sv->jn))) {
            size_t ll = (size_t)(nl - sv->jbuf);
            char *line = strndup(sv->jbuf, ll);
            sv->jn -= ll + 1;
            memmove(sv->jbuf, nl + 1, sv->jn);
            if (line && strstr(line, part))
                return line;
            free(line);
        }
        struct pollfd p = {.fd = sv->out, .events = POLLIN};
        int64_t left = until - tu_mono_ms();
        if (sv->jn == sizeof(sv->jbuf) || left <= 0 ||
            poll(&p, 1, (int)left) != 1)
            return NULL;
        ssize_t r = read(sv->out, sv->jbuf + sv->jn, sizeof(sv->jbuf) - sv->jn);
        if (r <= 0)
            return NULL;
        sv->jn += (size_t)r;
    }
}

/* Copy what the server wrote to stderr since to sv->errpath, waiting
 * up to `ms` for its end (0: only what is there). */
static void keep_stderr(struct server *sv, int ms)
{
    int to = open(sv->errpath, O_WRONLY | O_APPEND | O_CLOEXEC);
    int64_t until = tu_mono_ms() + ms;
    char buf[4096];
    for (;;) {
        ssize_t r = read(sv->err, buf, sizeof(buf));
        if (r > 0) {
            if (to >= 0 && write(to, buf, (size_t)r) != r)
                break;
            continue;
        }
        struct pollfd p = {.fd = sv->err, .events = POLLIN};
        int64_t left = until - tu_mono_ms();
        if (r == 0 || errno != EAGAIN || left <= 0 ||
            poll(&p, 1, (int)left) != 1)
            break;
    }
    if (to >= 0)
        close(to);
}

/* Print the server's stderr and ThreadSanitizer's reports (tsan.PID). */
static void print_reports(const struct server *sv)
{
    char *text = tu_read_file(sv->errpath, NULL);
    printf("checkin's stderr (%s):\n%s\n", sv->errpath, text ? text : "");
    free(text);
    char path[1100];
    snprintf(path, sizeof(path), "%s.%d", sv->tsan, (int)sv->pid);
    if ((text = tu_read_file(path, NULL)))
        printf("ThreadSanitizer (%s):\n%s\n", path, text);
    free(text);
}

/* Stop it: a station at the end of its input, a dashboard as Ctrl-C
 * would; it must exit 0.  When it does not, what it wrote to stderr and
 * any ThreadSanitizer report are printed. */
static void server_stop(struct server *sv)
{
    if (sv->pid <= 0)
        return;
    close(sv->in);
    if (sv->dashboard)
        kill(sv->pid, SIGINT);
    int status = -1;
    int64_t until = tu_mono_ms() + ANSWER_MS;
    while (waitpid(sv->pid, &status, WNOHANG) == 0 && tu_mono_ms() < until) {
        keep_stderr(sv, 0);
        usleep(20 * 1000);
    }
    if (!WIFEXITED(status)) {
        TU_FAIL_AT("checkin did not stop when asked");
        kill(-sv->pid, SIGKILL);
        waitpid(sv->pid, &status, 0);
        keep_stderr(sv, ANSWER_MS);
        print_reports(sv);
    } else {
        keep_stderr(sv, ANSWER_MS);
        EXPECT_INT(WEXITSTATUS(status), 0);
        if (WEXITSTATUS(status))
            print_reports(sv);
    }
    wd_forget(sv->pid);
    close(sv->out);
    close(sv->err);
    sv->pid = 0;
}

static const char *event_db(void)
{
    static char path[1024];
    if (path[0])
        return path;
    const char *db = tu_path("hold.db"), *out, *err;
    char args[2048];
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    if (tu_checkin(args, &out, &err) ||
        tu_write_file(tu_path("hold.csv"), CSV, strlen(CSV)))
        return NULL;
    snprintf(args, sizeof(args), "import '%s' '%s'", db, tu_path("hold.csv"));
    if (tu_checkin(args, &out, &err))
        return NULL;
    snprintf(path, sizeof(path), "%s", db);
    return path;
}

/* A desk with its screen on `where`. */
static bool station_start(struct server *sv, const char *where)
{
    const char *db = event_db();
    if (!db)
        return false;
    char args[2048];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-hold --keyboard --json "
             "--clock '2027-05-12 09:00' --cooldown 0.05 --offline --web %s",
             db, where);
    return server_start(sv, args, 2, "Station screen: ");
}

/* The header lines of the station's own page at `host`: its cookie and
 * its Origin. */
static void page_headers(const struct server *sv, const char *host, char *out,
                         size_t cap)
{
    snprintf(out, cap,
             "Host: %s\r\nCookie: checkin_station=%s\r\nOrigin: http://%s\r\n",
             host, sv->token, host);
}

/* The page's own POST of a code from `src`, through `dst` as the browser
 * reached it: 200, and the station decides it. */
static void post_code_is_decided(struct server *sv, const char *src,
                                 const char *dst, const char *code)
{
    char host[96], headers[512], json[128];
    snprintf(host, sizeof(host), "%s%s%s:%d", strchr(dst, ':') ? "[" : "", dst,
             strchr(dst, ':') ? "]" : "", sv->port);
    page_headers(sv, host, headers, sizeof(headers));
    snprintf(json, sizeof(json), "{\"kind\":\"code\",\"text\":\"%s\"}", code);
    char *body = NULL;
    EXPECT_INT(
        request(src, dst, sv->port, "POST", "/api/input", headers, json, &body),
        200);
    free(body);
    char *line = station_line(sv, "\"decision\":");
    EXPECT_TRUE(line != NULL);
    free(line);
}

/* ---- holding sockets ---- */

/* Open `n` connections from `src` to `dst`:port and send nothing (every
 * other one a header's first bytes, as a slow client dribbles them);
 * their descriptors go to fds. */
static void hold(const char *src, const char *dst, int port, int n, int *fds)
{
    for (int i = 0; i < n; i++) {
        fds[i] = dial(src, dst, port, false);
        struct pollfd p = {.fd = fds[i], .events = POLLOUT};
        if (i % 2 && fds[i] >= 0 && poll(&p, 1, 0) == 1)
            (void)send(fds[i], "GET / HTTP/1.1\r\nX-Slow: a", 25, MSG_NOSIGNAL);
    }
}

static void release(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

/* 200 half-open connections from 127.0.0.1 and 200 more from twenty
 * other addresses (ten each, under the limit per client, over the limit
 * in all): a fresh client, on the attacker's own address and on another,
 * gets the page at once, and the page's POST is decided. */
static void half_open_sockets_do_not_take_the_page(void)
{
    struct server sv;
    REQUIRE(station_start(&sv, "127.0.0.1:0"));
    enum { N = 200, ADDRS = 20 };
    int same[N], many[N];
    hold("127.0.0.1", "127.0.0.1", sv.port, N, same);
    for (int a = 0; a < ADDRS; a++) {
        char src[32];
        snprintf(src, sizeof(src), "127.0.0.%d", 2 + a);
        hold(src, "127.0.0.1", sv.port, N / ADDRS, many + a * (N / ADDRS));
    }
    char host[64], headers[512];
    snprintf(host, sizeof(host), "127.0.0.1:%d", sv.port);
    page_headers(&sv, host, headers, sizeof(headers));
    static const char *const fresh[] = {"127.0.0.1", "127.0.0.99"};
    for (int i = 0; i < 2; i++) {
        int64_t t0 = tu_mono_ms();
        char *body = NULL;
        int st = request(fresh[i], "127.0.0.1", sv.port, "GET", "/", headers,
                         NULL, &body);
        int64_t ms = tu_mono_ms() - t0;
        printf("the page from %s with %d sockets held: %d in %lld ms\n",
               fresh[i], 2 * N, st, (long long)ms);
        EXPECT_INT(st, 200);
        EXPECT_CONTAINS(body, "<html");
        EXPECT_TRUE(ms < HEADER_MS);
        free(body);
    }
    int64_t t0 = tu_mono_ms();
    post_code_is_decided(&sv, "127.0.0.1", "127.0.0.1", next_code());
    printf("a code posted by the page, decided in %lld ms\n",
           (long long)(tu_mono_ms() - t0));
    release(same, N);
    release(many, N);
    server_stop(&sv);
}

/* Sixteen kept-alive connections from one address are its share; the
 * seventeenth closes one that waits for a request, and no more.  When
 * all sixteen are busy with a request, the seventeenth is told so in one
 * sentence. */
static void a_client_gets_its_share_and_no_more(void)
{
    struct server sv;
    REQUIRE(station_start(&sv, "127.0.0.1:0"));
    char get[256];
    snprintf(get, sizeof(get),
             "GET /station.css HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n",
             sv.port);
    int fds[STATION_PER_CLIENT + 1];
    for (int i = 0; i <= STATION_PER_CLIENT; i++) {
        fds[i] = dial("127.0.0.5", "127.0.0.1", sv.port, true);
        char *body = NULL;
        /* Answered: the server took it, and it now waits for another
         * request (kept alive). */
        EXPECT_INT(fds[i] >= 0 && send_all(fds[i], get) ? answer(fds[i], &body)
                                                        : -1,
                   200);
        free(body);
    }
    /* One of the sixteen is closed, and only one: the one that waited
     * longest, which is fds[0] unless the server's thread marked fds[0]
     * as waiting after a later one (it does so after sending its answer,
     * and under load the client can be a request further by then).  It
     * was shut when the seventeenth was accepted, before its answer, so
     * it shows now, 10 s before any connection's header time runs out. */
    int closed = -1, still_open = 0;
    for (int i = 0; i <= STATION_PER_CLIENT; i++) {
        if (!ended(fds[i], 0))
            still_open++;
        else if (closed < 0 && i < STATION_PER_CLIENT)
            closed = i;
    }
    printf("the seventeenth closed connection %d of its client's sixteen; "
           "%d open\n",
           closed, still_open);
    EXPECT_TRUE(closed >= 0);
    EXPECT_INT(still_open, STATION_PER_CLIENT);
    release(fds, STATION_PER_CLIENT + 1);

    /* Sixteen requests whose bodies are still to come (the server says
     * 100 Continue once it has taken the headers). */
    char post[512];
    snprintf(post, sizeof(post),
             "POST /api/input HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
             "Cookie: checkin_station=%s\r\nContent-Type: application/json\r\n"
             "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n",
             sv.port, sv.token);
    for (int i = 0; i < STATION_PER_CLIENT; i++) {
        fds[i] = dial("127.0.0.6", "127.0.0.1", sv.port, true);
        EXPECT_INT(fds[i] >= 0 && send_all(fds[i], post) ? answer(fds[i], NULL)
                                                         : -1,
                   100);
    }
    char host[64], *body = NULL;
    snprintf(host, sizeof(host), "Host: 127.0.0.1:%d\r\n", sv.port);
    EXPECT_INT(request("127.0.0.6", "127.0.0.1", sv.port, "GET", "/", host,
                       NULL, &body),
               503);
    EXPECT_STR(body, "Too many connections from this device at once; close "
                     "some of its pages and try again.\n");
    free(body);
    /* Another address is not held up by it. */
    EXPECT_INT(request("127.0.0.7", "127.0.0.1", sv.port, "GET", "/", host,
                       NULL, &body),
               200);
    free(body);
    /* A GET announcing a body it does not send is answered at once, not
     * kept waiting for the body. */
    body = NULL;
    int fd = dial("127.0.0.7", "127.0.0.1", sv.port, true);
    char held[256];
    snprintf(held, sizeof(held),
             "GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Length: 100"
             "\r\n\r\n",
             sv.port);
    EXPECT_INT(fd >= 0 && send_all(fd, held) ? answer(fd, &body) : -1, 400);
    EXPECT_STR(body, "A GET has no body.\n");
    free(body);
    if (fd >= 0)
        close(fd);
    release(fds, STATION_PER_CLIENT);
    server_stop(&sv);
}

/* A client that sends a header a byte a second (slowloris) is never idle,
 * but its request must be whole within 10 s: the station closes it then,
 * with nobody else asking for room. */
static void a_dribbled_header_is_closed_at_its_deadline(void)
{
    struct server sv;
    REQUIRE(station_start(&sv, "127.0.0.1:0"));
    int fd = dial("127.0.0.9", "127.0.0.1", sv.port, true);
    REQUIRE(fd >= 0);
    static const char head[] = "GET / HTTP/1.1\r\nX-Slow: ";
    int64_t t0 = tu_mono_ms(), closed = -1;
    /* A byte a second, until the station ends the connection (the wait
     * for that is the second between bytes), for at most 40 s. */
    for (int i = 0; i < 40 && closed < 0; i++) {
        char byte = i < (int)sizeof(head) - 1 ? head[i] : 'a';
        if (send(fd, &byte, 1, MSG_NOSIGNAL) != 1 || ended(fd, 1000))
            closed = tu_mono_ms() - t0;
    }
    printf("a header dribbled a byte a second: closed after %lld ms\n",
           (long long)closed);
    EXPECT_TRUE(closed >= HEADER_MS - 1000);
    EXPECT_TRUE(closed >= 0 && closed < 2 * HEADER_MS);
    close(fd);
    server_stop(&sv);
}

/* Open an event stream from `src` with the station's cookie; its status,
 * the connection kept in *fd (closed when not 200). */
static int stream(const struct server *sv, const char *src, int *fd,
                  char **body)
{
    char req[512];
    snprintf(req, sizeof(req),
             "GET /events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
             "Cookie: checkin_station=%s\r\n\r\n",
             sv->port, sv->token);
    *fd = dial(src, "127.0.0.1", sv->port, true);
    int st = *fd >= 0 && send_all(*fd, req) ? answer(*fd, body) : -1;
    if (st != 200 && *fd >= 0) {
        close(*fd);
        *fd = -1;
    }
    return st;
}

/* How many sockets process `pid` holds open (-1: cannot tell). */
static int sockets_of(pid_t pid)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        char path[400], to[64];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        ssize_t len = readlink(path, to, sizeof(to) - 1);
        n += len > 7 && !strncmp(to, "socket:", 7);
    }
    closedir(d);
    return n;
}

/* Pages that open their event stream and go (phones reloading, closed
 * tabs), 100 one after another: the guard finds each gone stream (at the
 * next stream's arrival, or its own look every quarter second), shuts it
 * and wakes its thread to end it, so the daemon never fills its 80
 * connections with dead ones (it did: up to a keepalive, 15 s, each held
 * its connection, and the 81st was dropped unanswered).  Then the page
 * is still served. */
static void gone_pages_free_their_connections(void)
{
    struct server sv;
    REQUIRE(station_start(&sv, "0.0.0.0:0"));
    int before = sockets_of(sv.pid);
    REQUIRE(before > 0);
    enum { N = 100 };
    int ok = 0;
    int64_t last = 0;
    for (int i = 0; i < N; i++) {
        int fd;
        char *body = NULL;
        int st = stream(&sv, "127.0.0.1", &fd, &body);
        free(body);
        ok += st == 200;
        if (fd >= 0)
            close(fd);
        last = tu_mono_ms();
        if (st != 200) {
            printf("stream %d: status %d\n", i + 1, st);
            break;
        }
    }
    EXPECT_INT(ok, N);
    /* The server's ends of the gone pages' connections close, the last
     * page's too, well before a keepalive would have found them: never
     * later than the keepalive, minus 5 s. */
    int64_t until = last + KEEPALIVE_MS - 5000;
    int held;
    while ((held = sockets_of(sv.pid) - before) > 0 && tu_mono_ms() < until)
        poll(NULL, 0, 20);
    EXPECT_INT(held, 0);
    printf("%d connections of gone pages still held %lld ms after the "
           "last went\n",
           held, (long long)(tu_mono_ms() - last));
    char host[64], headers[512], *body = NULL;
    snprintf(host, sizeof(host), "127.0.0.1:%d", sv.port);
    page_headers(&sv, host, headers, sizeof(headers));
    EXPECT_INT(request("127.0.0.1", "127.0.0.1", sv.port, "GET", "/", headers,
                       NULL, &body),
               200);
    free(body);
    server_stop(&sv);
}

/* 100 event streams asked for from one address get four; the rest are
 * refused in one sentence.  Three more addresses fill the station's
 * sixteen, and a fifth is refused with the other sentence.  The page and
 * its POST are still served, and a page reloaded gets its stream back. */
static void event_streams_are_capped_and_leave_room(void)
{
    struct server sv;
    REQUIRE(station_start(&sv, "0.0.0.0:0"));
    enum { N = 100 };
    int fds[N], ok = 0, refused = 0;
    char *body = NULL, *sentence = NULL;
    for (int i = 0; i < N; i++) {
        int st = stream(&sv, "127.0.0.1", &fds[i], &body);
        ok += st == 200;
        refused += st == 503;
        if (st == 503 && !sentence)
            sentence = body;
        else
            free(body);
    }
    EXPECT_INT(ok, STATION_STREAMS_PER_CLIENT);
    EXPECT_INT(refused, N - STATION_STREAMS_PER_CLIENT);
    EXPECT_STR(sentence, "This device already has 4 live pages of the station "
                         "open; close one of them and reload this page.\n");
    free(sentence);
    int more[STATION_STREAMS];
    int n = 0;
    for (int a = 2; n < STATION_STREAMS - STATION_STREAMS_PER_CLIENT; a++) {
        char src[32];
        snprintf(src, sizeof(src), "127.0.0.%d", a);
        for (int i = 0; i < STATION_STREAMS_PER_CLIENT; i++, n++) {
            EXPECT_INT(stream(&sv, src, &more[n], &body), 200);
            free(body);
        }
    }
    int extra;
    EXPECT_INT(stream(&sv, "127.0.0.50", &extra, &body), 503);
    EXPECT_STR(body, "The station already serves 16 live pages, the most it "
                     "will; close one of them and reload this page.\n");
    free(body);

    char host[64], headers[512];
    snprintf(host, sizeof(host), "127.0.0.1:%d", sv.port);
    page_headers(&sv, host, headers, sizeof(headers));
    int64_t t0 = tu_mono_ms();
    EXPECT_INT(request("127.0.0.1", "127.0.0.1", sv.port, "GET", "/", headers,
                       NULL, &body),
               200);
    printf("the page with %d streams asked for: %lld ms\n", N + STATION_STREAMS,
           (long long)(tu_mono_ms() - t0));
    free(body);
    post_code_is_decided(&sv, "127.0.0.51", "127.0.0.1", next_code());

    /* A page reloaded: its old stream ends, its new one is served. */
    for (int i = 0; i < N; i++)
        if (fds[i] >= 0) {
            close(fds[i]);
            fds[i] = -1;
            break;
        }
    EXPECT_INT(stream(&sv, "127.0.0.1", &extra, &body), 200);
    free(body);
    if (extra >= 0)
        close(extra);
    release(fds, N);
    release(more, n);
    server_stop(&sv);
}

/* `hostname -I`'s IPv4 addresses (an outside view of this machine's
 * addresses), or "127.0.0.1" when it has none; space-separated. */
static void machine_ipv4(char *out, size_t cap)
{
    out[0] = '\0';
    FILE *p = popen("hostname -I 2>/dev/null", "r");
    char word[128];
    size_t used = 0;
    while (p && fscanf(p, "%127s", word) == 1)
        if (!strchr(word, ':'))
            used += (size_t)snprintf(out + used, cap - used, "%s%s",
                                     used ? " " : "", word);
    if (p)
        pclose(p);
    if (!used)
        snprintf(out, cap, "127.0.0.1");
}

/* The hosts of the links printed, space-separated. */
static void link_hosts(const char *links, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *u = links; (u = strstr(u, "http://")); u++) {
        u += strlen("http://");
        const char *colon = u[0] == '[' ? strstr(u, "]:") + 1 : strchr(u, ':');
        used += (size_t)snprintf(out + used, cap - used, "%s%.*s",
                                 used ? " " : "", (int)(colon - u), u);
    }
}

/* --web 0.0.0.0:PORT prints a link for each of the machine's addresses,
 * not 0.0.0.0, and each opens the page; the page's POST is taken through
 * whichever address the browser came in on, with the token, and nothing
 * else is: another address's origin, 0.0.0.0, another site, no token. */
static void a_lan_bind_prints_its_addresses_and_takes_its_own_origin(void)
{
    struct server sv;
    REQUIRE(station_start(&sv, "0.0.0.0:0"));
    printf("printed: %s\n", sv.links);
    EXPECT_NOT_CONTAINS(sv.links, "0.0.0.0");
    char want[512], got[512];
    machine_ipv4(want, sizeof(want));
    link_hosts(sv.links, got, sizeof(got));
    EXPECT_STR(got, want);
    for (const char *u = sv.links; (u = strstr(u, "http://")); u++) {
        char link[256], host[128], path[128];
        snprintf(link, sizeof(link), "%.*s", (int)strcspn(u, " "), u);
        EXPECT_TRUE(sscanf(link, "http://%127[^/]%127s", host, path) == 2);
        char addr[128], headers[256];
        snprintf(addr, sizeof(addr), "%.*s", (int)strcspn(host, ":"), host);
        snprintf(headers, sizeof(headers), "Host: %s\r\n", host);
        char *body = NULL;
        EXPECT_INT(
            request(NULL, addr, sv.port, "GET", path, headers, NULL, &body),
            303);
        free(body);
        post_code_is_decided(&sv, NULL, addr, next_code());
    }
    /* Through another loopback address: its own origin is taken. */
    post_code_is_decided(&sv, "127.0.0.2", "127.0.0.2", next_code());
    char headers[512], *body = NULL;
    snprintf(headers, sizeof(headers),
             "Host: localhost:%d\r\nCookie: checkin_station=%s\r\n"
             "Origin: http://localhost:%d\r\n",
             sv.port, sv.token, sv.port);
    EXPECT_INT(request(NULL, "127.0.0.1", sv.port, "POST", "/api/input",
                       headers, "{\"kind\":\"search\",\"text\":\"hopper\"}",
                       &body),
               200);
    free(body);
    static const char *const foreign[] = {"127.0.0.3", "0.0.0.0",
                                          "evil.example"};
    for (int i = 0; i < 3; i++) {
        snprintf(headers, sizeof(headers),
                 "Host: 127.0.0.2:%d\r\nCookie: checkin_station=%s\r\n"
                 "Origin: http://%s:%d\r\n",
                 sv.port, sv.token, foreign[i], sv.port);
        EXPECT_INT(request("127.0.0.2", "127.0.0.2", sv.port, "POST",
                           "/api/input", headers,
                           "{\"kind\":\"search\","
                           "\"text\":\"x\"}",
                           &body),
                   403);
        EXPECT_STR(body, "Only the station's own page may change anything; "
                         "open it with the link 'checkin scan' printed.\n");
        free(body);
    }
    snprintf(headers, sizeof(headers),
             "Host: 127.0.0.2:%d\r\nOrigin: http://127.0.0.2:%d\r\n", sv.port,
             sv.port);
    EXPECT_INT(request("127.0.0.2", "127.0.0.2", sv.port, "POST", "/api/input",
                       headers,
                       "{\"kind\":\"search\","
                       "\"text\":\"x\"}",
                       &body),
               403);
    EXPECT_CONTAINS(body, "it carries the station's token");
    free(body);
    EXPECT_INT(request("127.0.0.2", "127.0.0.2", sv.port, "GET", "/", headers,
                       NULL, &body),
               403);
    free(body);
    server_stop(&sv);
}

/* --web [::]:PORT: IPv4 and IPv6 links, and the page's own origin through
 * ::1 and through an IPv4 address alike. */
static void an_ipv6_bind_takes_both_families(void)
{
    struct sockaddr_in6 lo = {.sin6_family = AF_INET6,
                              .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int probe = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    bool have = probe >= 0 && !bind(probe, (struct sockaddr *)&lo, sizeof(lo));
    if (probe >= 0)
        close(probe);
    if (!have) {
        printf("SKIP: this machine has no IPv6 loopback address\n");
        return;
    }
    struct server sv;
    REQUIRE(station_start(&sv, "[::]:0"));
    printf("printed: %s\n", sv.links);
    EXPECT_NOT_CONTAINS(sv.links, "[::]");
    char v4[512], got[512];
    machine_ipv4(v4, sizeof(v4));
    link_hosts(sv.links, got, sizeof(got));
    EXPECT_TRUE(!strncmp(got, v4, strlen(v4)));
    post_code_is_decided(&sv, NULL, "::1", next_code());
    post_code_is_decided(&sv, "127.0.0.4", "127.0.0.4", next_code());
    server_stop(&sv);
}

/* The dashboard on the LAN: its links are the machine's addresses; six
 * live pages from one address, and the seventh is told why; 200
 * half-open sockets from the organizer's own address leave it the page. */
static void the_dashboard_holds_too(void)
{
    const char *db = event_db();
    REQUIRE(db);
    struct server sv;
    char args[2048];
    snprintf(args, sizeof(args), "dashboard '%s' --listen 0.0.0.0:0", db);
    REQUIRE(server_start(&sv, args, 1, "Dashboard of "));
    sv.dashboard = true;
    char want[512], got[512];
    machine_ipv4(want, sizeof(want));
    link_hosts(sv.links, got, sizeof(got));
    EXPECT_STR(got, want);
    char req[512];
    snprintf(req, sizeof(req),
             "GET /events HTTP/1.1\r\nHost: x\r\n"
             "Cookie: checkin_dashboard=%s\r\n\r\n",
             sv.token);
    int fds[DASHBOARD_STREAMS_PER_CLIENT + 1];
    char *body = NULL;
    for (int i = 0; i <= DASHBOARD_STREAMS_PER_CLIENT; i++) {
        fds[i] = dial("127.0.0.8", "127.0.0.1", sv.port, true);
        int st =
            fds[i] >= 0 && send_all(fds[i], req) ? answer(fds[i], &body) : -1;
        EXPECT_INT(st, i < DASHBOARD_STREAMS_PER_CLIENT ? 200 : 503);
        if (i == DASHBOARD_STREAMS_PER_CLIENT)
            EXPECT_STR(body, "This device already has 6 live pages of the "
                             "dashboard open; close one of them and reload "
                             "this page.\n");
        free(body);
    }
    enum { N = 200 };
    int held[N];
    hold("127.0.0.1", "127.0.0.1", sv.port, N, held);
    char cookie[256];
    snprintf(cookie, sizeof(cookie), "Cookie: checkin_dashboard=%s\r\n",
             sv.token);
    int64_t t0 = tu_mono_ms();
    EXPECT_INT(request("127.0.0.1", "127.0.0.1", sv.port, "GET",
                       "/api/snapshot", cookie, NULL, &body),
               200);
    int64_t ms = tu_mono_ms() - t0;
    printf("the dashboard's snapshot with %d sockets held: %lld ms\n", N,
           (long long)ms);
    EXPECT_TRUE(ms < HEADER_MS);
    EXPECT_CONTAINS(body, "\"checked_in\":");
    free(body);
    release(held, N);
    release(fds, DASHBOARD_STREAMS_PER_CLIENT + 1);
    server_stop(&sv);
}

/* How many read(2) calls thread `tid` of process `pid` made so far (the
 * kernel's syscr); -1 when /proc cannot say. */
static long long thread_reads(pid_t pid, pid_t tid)
{
    char path[96], line[128];
    snprintf(path, sizeof(path), "/proc/%d/task/%d/io", (int)pid, (int)tid);
    FILE *f = fopen(path, "r");
    long long n = -1;
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "syscr: %lld", &n) == 1)
            break;
    if (f)
        fclose(f);
    return n;
}

/* A desk on the terminal screen with --web its only input, started with
 * standard input at its end (/dev/null, as a service manager or nohup
 * starts it): the loop sleeps instead of waiting on an input that is
 * readable at every turn (it read /dev/null some 2,300 times a second,
 * 125 ms of CPU a second, before).  Counted by the kernel: the loop's
 * reads over 40 requests for the page, which its server answers without
 * waking the loop; then a code posted is still decided. */
static void a_web_only_desk_with_no_keys_left_sleeps(void)
{
    const char *db = event_db();
    REQUIRE(db);
    const char *term = getenv("TERM");
    char was[64];
    snprintf(was, sizeof(was), "%s", term ? term : "");
    setenv("TERM", "xterm", 1);
    char args[2048];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-term --clock '2027-05-12 "
             "09:00' --offline --web 127.0.0.1:0 </dev/null >/dev/null",
             db);
    struct server sv;
    bool up = server_start(&sv, args, 2, "Station screen: ");
    if (term)
        setenv("TERM", was, 1);
    else
        unsetenv("TERM");
    sv.dashboard = true; /* no input to end: stopped as Ctrl-C would */
    REQUIRE(up);
    char host[64], headers[512];
    snprintf(host, sizeof(host), "127.0.0.1:%d", sv.port);
    page_headers(&sv, host, headers, sizeof(headers));
    /* Its first screen drawn and its first turns taken. */
    char *body = NULL;
    EXPECT_INT(request("127.0.0.1", "127.0.0.1", sv.port, "GET", "/", headers,
                       NULL, &body),
               200);
    free(body);
    /* Its start done (reading its file, the terminal's description):
     * the station's state reaches a page's event stream only from the
     * loop's first turn, and the server answers the page before that. */
    char req[512];
    snprintf(req, sizeof(req),
             "GET /events HTTP/1.1\r\nHost: %s\r\n"
             "Cookie: checkin_station=%s\r\n\r\n",
             host, sv.token);
    int fd = dial("127.0.0.1", "127.0.0.1", sv.port, true);
    REQUIRE(fd >= 0);
    EXPECT_TRUE(send_all(fd, req));
    EXPECT_CONTAINS(tu_read_until(fd, "event: status", ANSWER_MS),
                    "event: status");
    close(fd);
    long long before = thread_reads(sv.pid, sv.pid);
    REQUIRE(before >= 0);
    for (int i = 0; i < 40; i++) {
        EXPECT_INT(request("127.0.0.1", "127.0.0.1", sv.port, "GET", "/",
                           headers, NULL, &body),
                   200);
        free(body);
    }
    long long reads = thread_reads(sv.pid, sv.pid) - before;
    printf("# the loop's reads over 40 page requests: %lld\n", reads);
    EXPECT_TRUE(reads <= 4);
    char json[128];
    snprintf(json, sizeof(json), "{\"kind\":\"code\",\"text\":\"%s\"}",
             next_code());
    EXPECT_INT(request("127.0.0.1", "127.0.0.1", sv.port, "POST", "/api/input",
                       headers, json, &body),
               200);
    free(body);
    long long scans = 0;
    for (int64_t until = tu_mono_ms() + ANSWER_MS;
         scans < 1 && tu_mono_ms() < until; usleep(20 * 1000))
        scans = tu_sql_int(db, "SELECT count(*) FROM scan WHERE station = "
                               "'desk-term'");
    EXPECT_INT(scans, 1);
    server_stop(&sv);
}

TU_MAIN(TU_CASE(half_open_sockets_do_not_take_the_page),
        TU_CASE(a_client_gets_its_share_and_no_more),
        TU_CASE(a_dribbled_header_is_closed_at_its_deadline),
        TU_CASE(event_streams_are_capped_and_leave_room),
        TU_CASE(gone_pages_free_their_connections),
        TU_CASE(a_lan_bind_prints_its_addresses_and_takes_its_own_origin),
        TU_CASE(an_ipv6_bind_takes_both_families),
        TU_CASE(the_dashboard_holds_too),
        TU_CASE(a_web_only_desk_with_no_keys_left_sleeps))
