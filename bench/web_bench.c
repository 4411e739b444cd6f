/* The web screens, measured on loopback with the real `checkin` command and
 * a real headless Chromium (tests/webdriver.c):
 *
 *   - decision to shown: a desk running `checkin scan --web` with its page
 *     open; a code written to the station's scanner input at t0 (this
 *     machine's wall clock); the time the page's name element changed
 *     (a MutationObserver, Date.now() in the page, read back over
 *     WebDriver).  Peer, same decisions in the same run: the station's
 *     own JSON line on its standard output.
 *   - 50 dashboard viewers: the same kind of desk's scan-to-verdict (code
 *     written to JSON line read) with `checkin dashboard` serving the
 *     desk's file to 50 open event streams, and with no dashboard,
 *     alternating.
 *   - dashboard refresh: the snapshot the dashboard serves, built from an
 *     event of 100,000 registrations and 2,000 check-ins (server time).
 *   - aa (only when named): the 50-viewer protocol with no dashboard in
 *     either arm, for how far its ratios move by chance.
 *
 * Prints Markdown tables; never passes or fails.  Needs chromium and
 * chromium-driver (scripts/setup --tests). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/dashboard.h"
#include "checkin/store.h"
#include "checkin/util.h"
#include "live.h"
#include "testutil.h"
#include "webdriver.h"

#define SCANS 200

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    qsort(v, n, sizeof(*v), cmp_d);
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return n ? v[i] : 0;
}

/* An event of `n` paid registrations; its path. */
static const char *event(const char *name, unsigned long n)
{
    static char db[1024];
    char csv[1024], args[4096];
    snprintf(db, sizeof(db), "%s/%s.db", tu_tmpdir(), name);
    snprintf(csv, sizeof(csv), "%s/%s.csv", tu_tmpdir(), name);
    FILE *f = fopen(csv, "w");
    if (!f)
        exit(1);
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email\n",
          f);
    for (unsigned long i = 0; i < n; i++)
        fprintf(f,
                "%lu,W%07lu,paid,individual,web%029lu,Given%lu,Family%lu,"
                "p%lu@example.com\n",
                i + 1, i, i, i, i, i);
    fclose(f);
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    if (tu_checkin(args, &out, &err))
        goto fail;
    snprintf(args, sizeof(args), "import '%s' '%s'", db, csv);
    if (tu_checkin(args, &out, &err))
        goto fail;
    return db;
fail:
    fprintf(stderr, "web_bench: %s%s\n", out, err);
    exit(1);
}

static void code_of(unsigned long i, char out[40])
{
    snprintf(out, 40, "web%029lu", i);
}

/* The station's link, from the standard error it appends to live.err. */
static int station_port(char *url, size_t cap)
{
    for (int i = 0; i < 100; i++) {
        char *err = tu_read_file(tu_path("live.err"), NULL);
        const char *u = err ? strstr(err, "Station screen: http://") : NULL;
        if (u) {
            u += strlen("Station screen: ");
            snprintf(url, cap, "%.*s", (int)strcspn(u, " \n"), u);
            free(err);
            return (int)strtol(url + strlen("http://127.0.0.1:"), NULL, 10);
        }
        free(err);
        usleep(100 * 1000);
    }
    return -1;
}

static void decision_to_shown(void)
{
    const char *db = event("shown", SCANS);
    struct live st;
    if (live_start(&st, "", db,
                   "--station desk --name desk-web --cooldown 0.05 --clock "
                   "'2027-05-12 09:00' --web 127.0.0.1:0")) {
        fprintf(stderr, "web_bench: the station did not start\n");
        exit(1);
    }
    char url[256];
    if (station_port(url, sizeof(url)) < 0 || wd_start(tu_path("profile")) ||
        wd_get(url)) {
        fprintf(stderr, "web_bench: the page did not open\n");
        exit(1);
    }
    char *v = wd_wait("return document.getElementById('status').className;",
                      "\"status online\"", 10000);
    free(v);
    /* The page's own record of when each name appeared. */
    free(wd_exec("window.__shown = {};"
                 "new MutationObserver(() => {"
                 " window.__shown[document.getElementById('name')"
                 ".textContent] = Date.now(); })"
                 ".observe(document.getElementById('name'),"
                 " {childList: true, characterData: true, subtree: true});"
                 "return 1;"));
    static int64_t t0[SCANS];
    static double line_ms[SCANS], shown_ms[SCANS];
    size_t n = 0;
    for (unsigned long i = 0; i < SCANS; i++) {
        char code[40];
        code_of(i, code);
        t0[i] = wall_ms();
        json_t *d = live_scan(&st, code);
        line_ms[i] = (double)(wall_ms() - t0[i]);
        json_decref(d);
        usleep(100 * 1000);
    }
    char *shown = wd_exec("return JSON.stringify(window.__shown);");
    json_t *s = shown ? json_loads(shown, JSON_DECODE_ANY, NULL) : NULL;
    json_t *obj =
        json_is_string(s) ? json_loads(json_string_value(s), 0, NULL) : NULL;
    for (unsigned long i = 0; obj && i < SCANS; i++) {
        char name[64];
        snprintf(name, sizeof(name), "Given%lu Family%lu", i, i);
        json_t *t = json_object_get(obj, name);
        if (json_is_number(t))
            shown_ms[n++] = json_number_value(t) - (double)t0[i];
    }
    json_decref(obj);
    json_decref(s);
    free(shown);
    wd_quit();
    live_stop(&st);
    printf("| decision to shown, %d check-ins one per 100 ms | p50 ms | p99 "
           "ms | max ms |\n|---|---|---|---|\n",
           SCANS);
    double max_line = 0, max_shown = 0;
    for (size_t i = 0; i < SCANS; i++)
        max_line = line_ms[i] > max_line ? line_ms[i] : max_line;
    for (size_t i = 0; i < n; i++)
        max_shown = shown_ms[i] > max_shown ? shown_ms[i] : max_shown;
    printf("| in the page (Chromium), %zu of %d seen | %.1f | %.1f | %.1f |\n",
           n, SCANS, pct(shown_ms, n, 0.5), pct(shown_ms, n, 0.99), max_shown);
    printf("| peer: the station's JSON line | %.1f | %.1f | %.1f |\n\n",
           pct(line_ms, SCANS, 0.5), pct(line_ms, SCANS, 0.99), max_line);
}

/* ---- 50 viewers ---- */

/* Viewer `i`'s event stream, from an address of its own (127.0.0.10+i):
 * the dashboard serves a few live pages per client, and these stand for
 * 50 organizers' machines. */
static int sse_connect(int port, int i)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct sockaddr_in from = {.sin_family = AF_INET,
                               .sin_addr.s_addr =
                                   htonl(INADDR_LOOPBACK + 9 + (uint32_t)i)};
    if (fd < 0 || bind(fd, (struct sockaddr *)&from, sizeof(from)) ||
        connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char req[128];
    int n =
        snprintf(req, sizeof(req),
                 "GET /events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

/* Scan-to-verdict at a running desk on `db`, codes from `first`. */
static void verdicts(const char *db, unsigned long first, double *ms, int n)
{
    struct live st;
    if (live_start(&st, "", db,
                   "--station desk --name desk-v --cooldown 0.05 --offline "
                   "--clock '2027-05-12 09:00'")) {
        fprintf(stderr, "web_bench: the station did not start\n");
        exit(1);
    }
    for (int i = 0; i < n; i++) {
        char code[40];
        code_of(first + (unsigned long)i, code);
        int64_t t0 = util_mono_ns();
        json_decref(live_scan(&st, code));
        ms[i] = (double)(util_mono_ns() - t0) / 1e6;
        usleep(20 * 1000);
    }
    live_stop(&st);
}

enum { ROUNDS = 4, ROUND = 250, VIEWERS = 50 };

/* Scan-to-verdict (verdicts()) with `checkin dashboard` serving `db` to
 * VIEWERS open event streams. */
static void verdicts_watched(const char *db, unsigned long first, double *ms,
                             int n)
{
    int port = wd_free_port();
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' dashboard '%s' --listen 127.0.0.1:%d "
             ">/dev/null 2>&1",
             CHECKIN_BIN, db, port);
    pid_t pid = fork();
    if (pid == 0) {
        setsid();
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    wd_track(pid);
    int fds[VIEWERS];
    for (int i = 0; i < VIEWERS; i++) {
        fds[i] = -1;
        for (int tries = 0; tries < 50 && fds[i] < 0; tries++) {
            fds[i] = sse_connect(port, i);
            if (fds[i] < 0)
                usleep(100 * 1000);
        }
    }
    /* The viewers read everything they are sent, as pages do. */
    pid_t reader = fork();
    if (reader == 0) {
        char buf[1 << 16];
        /* The viewers' browsers run on other machines; this stand-in
         * for them shares the station's two cores, so it takes only
         * time the station leaves. */
        if (nice(19) == -1)
            _exit(1);
        for (;;) {
            struct pollfd p[VIEWERS];
            for (int i = 0; i < VIEWERS; i++)
                p[i] = (struct pollfd){fds[i], POLLIN, 0};
            if (poll(p, VIEWERS, 1000) < 0)
                _exit(0);
            for (int i = 0; i < VIEWERS; i++)
                if (p[i].revents & POLLIN &&
                    read(fds[i], buf, sizeof(buf)) == 0)
                    _exit(0);
        }
    }
    verdicts(db, first, ms, n);
    kill(reader, SIGKILL);
    waitpid(reader, NULL, 0);
    for (int i = 0; i < VIEWERS; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    kill(-pid, SIGINT);
    waitpid(pid, NULL, 0);
    wd_forget(pid);
}

/* Alternating rounds without and with the dashboard; `watched` false: an
 * A/A run, no dashboard in either, which shows how far the ratios move
 * by chance on this machine. */
static void fifty_viewers(bool watched)
{
    const char *db = event("viewers", 2000);
    double off[ROUNDS * ROUND], on[ROUNDS * ROUND];
    unsigned long next = 0;
    for (int round = 0; round < ROUNDS; round++) {
        verdicts(db, next, off + round * ROUND, ROUND);
        next += ROUND;
        if (watched)
            verdicts_watched(db, next, on + round * ROUND, ROUND);
        else
            verdicts(db, next, on + round * ROUND, ROUND);
        next += ROUND;
    }
    double m_off = pct(off, ROUNDS * ROUND, 0.5);
    double m_on = pct(on, ROUNDS * ROUND, 0.5);
    double p_off = pct(off, ROUNDS * ROUND, 0.99);
    double p_on = pct(on, ROUNDS * ROUND, 0.99);
    if (watched)
        printf("| desk scan-to-verdict (%d scans each, alternating) | no "
               "dashboard | %d dashboard viewers | ratio |\n"
               "|---|---|---|---|\n",
               ROUNDS * ROUND, VIEWERS);
    else
        printf("| desk scan-to-verdict, A/A (%d scans each, alternating) | "
               "no dashboard | no dashboard either | ratio |\n"
               "|---|---|---|---|\n",
               ROUNDS * ROUND);
    printf("| median ms | %.2f | %.2f | %.2f |\n", m_off, m_on, m_on / m_off);
    printf("| p99 ms | %.2f | %.2f | %.2f |\n\n", p_off, p_on, p_on / p_off);
}

/* ---- dashboard refresh ---- */

static void dashboard_refresh(void)
{
    const char *db = event("refresh", 100000);
    struct live st;
    if (live_start(&st, "", db,
                   "--station desk --name desk-r --cooldown 0.05 --offline "
                   "--clock '2027-05-12 09:00'"))
        exit(1);
    for (unsigned long i = 0; i < 2000; i++) {
        char code[40];
        code_of(i * 50, code);
        json_decref(live_scan(&st, code));
    }
    live_stop(&st);
    store *s = NULL;
    struct ck_error err = {0};
    if (store_open(db, STORE_EXISTING | STORE_READONLY, &s, &err)) {
        fprintf(stderr, "web_bench: %s\n", err.msg);
        exit(1);
    }
    double ms[20];
    size_t bytes = 0;
    for (int i = 0; i < 20; i++) {
        char *json = NULL;
        int64_t t0 = util_mono_ns();
        if (dashboard_snapshot(s, store_now_ms(), &json, &err)) {
            fprintf(stderr, "web_bench: %s\n", err.msg);
            exit(1);
        }
        ms[i] = (double)(util_mono_ns() - t0) / 1e6;
        bytes = strlen(json);
        free(json);
    }
    store_close(s);
    printf("| dashboard snapshot, 100,000 registrations, 2,000 check-ins "
           "| median ms | max ms | JSON bytes |\n|---|---|---|---|\n");
    double mx = 0;
    for (int i = 0; i < 20; i++)
        mx = ms[i] > mx ? ms[i] : mx;
    printf("| server time (20 builds) | %.1f | %.1f | %zu |\n\n",
           pct(ms, 20, 0.5), mx, bytes);
}

/* web_bench [shown] [viewers] [refresh] [aa]: the parts named, or the
 * first three. */
int main(int argc, char **argv)
{
    bool all = argc < 2, part[4] = {all, all, all, false};
    static const char *const names[] = {"shown", "viewers", "refresh", "aa"};
    for (int i = 1; i < argc; i++) {
        size_t k = 0;
        while (k < 4 && strcmp(argv[i], names[k]) != 0)
            k++;
        if (k == 4) {
            fprintf(stderr,
                    "web_bench: no part called %s; name shown, viewers, "
                    "refresh or aa, or none for the first three\n",
                    argv[i]);
            return 2;
        }
        part[k] = true;
    }
    if ((part[0] || part[1]) && !wd_available()) {
        fprintf(stderr, "web_bench: chromium and chromedriver are not "
                        "installed; run scripts/setup --tests\n");
        return 1;
    }
    if (part[0])
        decision_to_shown();
    if (part[1])
        fifty_viewers(true);
    if (part[3])
        fifty_viewers(false);
    if (part[2])
        dashboard_refresh();
    return 0;
}
