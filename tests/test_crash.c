/* Crash harness: a desk station (`checkin scan --keyboard --json`) run as a
 * child on a long keyboard stream of the demo attendees' registration
 * secrets, killed with SIGKILL at random moments (a seeded PRNG, so the
 * schedule is the same on every run) and restarted on the same database,
 * over and over.  Every decision the station printed before it died is a
 * verdict a volunteer saw; each must be in the journal exactly once, with
 * the same decision, under gap-free sequence numbers, in a file that passes
 * integrity_check.  Only the public command line and sqlite3 are used. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define STATION "crash-1"
#define KILLS 120
#define SEED 0x5eed1234u
#define MAX_SHOWN 200000
#define TIME_LIMIT_MS 45000 /* stop adding rounds after this (slow hosts) */

/* The kill schedule, the same on every run. */
static uint32_t rng = SEED;


/* The registration secrets of the demo event, one per line. */
static char *load_stream(const char *db, size_t *len)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h, "SELECT secret FROM ticket_secret ORDER BY "
                              "secret", -1, &q, NULL) != SQLITE_OK) {
        TU_FAIL_AT("reading secrets: %s", sqlite3_errmsg(h));
        sqlite3_close(h);
        return NULL;
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(q, 0);
        size_t l = strlen(s);
        if (n + l + 2 > cap) {
            cap = (cap + l + 2) * 2;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        memcpy(buf + n, s, l);
        n += l;
        buf[n++] = '\n';
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    *len = n;
    return buf;
}

struct shown {
    int64_t seq;
    char decision[8];
};

static struct shown *shown;
static size_t nshown, not_recorded, unparsed;

/* One printed line: a decision shown to the volunteer. */
static void record_line(const char *line, size_t len)
{
    json_error_t e;
    json_t *o = json_loadb(line, len, 0, &e);
    if (!o) {
        unparsed++;
        TU_FAIL_AT("the station printed a line that is not JSON: %.*s",
                   (int)len, line);
        return;
    }
    const char *st = json_string_value(json_object_get(o, "station"));
    const char *dec = json_string_value(json_object_get(o, "decision"));
    json_t *seq = json_object_get(o, "seq");
    if (!st || strcmp(st, STATION) || !dec)
        TU_FAIL_AT("unexpected decision line: %.*s", (int)len, line);
    else if (!json_is_integer(seq) ||
             !json_is_true(json_object_get(o, "recorded"))) {
        not_recorded++; /* nothing else uses the file: must not happen */
        TU_FAIL_AT("a decision was shown NOT RECORDED: %.*s", (int)len, line);
    } else if (nshown < MAX_SHOWN) {
        shown[nshown].seq = json_integer_value(seq);
        snprintf(shown[nshown].decision, sizeof(shown[nshown].decision), "%s",
                 dec);
        nshown++;
    }
    json_decref(o);
}

/* Start the station with pipes on stdin and stdout. */
static pid_t spawn(const char *db, int *in_fd, int *out_fd)
{
    int in[2], out[2];
    if (pipe(in) || pipe(out))
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2); /* "starting" chatter is not under test */
        execl(CHECKIN_BIN, CHECKIN_BIN, "scan", db, "--station", "desk",
              "--name", STATION, "--keyboard", "--json", (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    *in_fd = in[1];
    *out_fd = out[0];
    return pid;
}

struct linebuf {
    char buf[1 << 16];
    size_t n;
};

/* Read what is there; record complete lines.  Returns 0 at EOF. */
static int drain(int fd, struct linebuf *lb)
{
    for (;;) {
        ssize_t r = read(fd, lb->buf + lb->n, sizeof(lb->buf) - lb->n);
        if (r == 0)
            return 0;
        if (r < 0)
            return errno == EINTR ? 1 : (errno == EAGAIN ? 1 : 0);
        lb->n += (size_t)r;
        char *p = lb->buf, *nl;
        while ((nl = memchr(p, '\n', lb->n - (size_t)(p - lb->buf)))) {
            record_line(p, (size_t)(nl - p));
            p = nl + 1;
        }
        lb->n -= (size_t)(p - lb->buf);
        memmove(lb->buf, p, lb->n);
        if (lb->n == sizeof(lb->buf)) {
            TU_FAIL_AT("a line longer than %zu bytes", sizeof(lb->buf));
            lb->n = 0;
        }
    }
}

/* Run the station until `deadline_ms` (monotonic), feeding the stream from
 * *pos on, then SIGKILL it and collect every line it printed. */
static int one_life(const char *db, const char *stream, size_t slen,
                    size_t *pos, int64_t life_ms)
{
    int in_fd, out_fd;
    pid_t pid = spawn(db, &in_fd, &out_fd);
    if (pid < 0) {
        TU_FAIL_AT("cannot start %s: %s", CHECKIN_BIN, strerror(errno));
        return -1;
    }
    struct linebuf *lb = calloc(1, sizeof(*lb));
    int64_t deadline = tu_mono_ms() + life_ms;
    bool eof = false;
    while (!eof) {
        int64_t left = deadline - tu_mono_ms();
        if (left <= 0)
            break;
        struct pollfd p[2] = {{out_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
        if (poll(p, 2, (int)left) < 0 && errno != EINTR)
            break;
        if (p[0].revents & (POLLIN | POLLHUP))
            eof = !drain(out_fd, lb);
        if (p[1].revents & POLLOUT) {
            size_t chunk = slen - *pos < 4096 ? slen - *pos : 4096;
            ssize_t w = write(in_fd, stream + *pos, chunk);
            if (w > 0)
                *pos = (*pos + (size_t)w) % slen;
        }
        if (p[1].revents & (POLLERR | POLLHUP))
            break; /* the station died by itself */
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    /* Whatever reached the pipe before the kill was printed: shown. */
    fcntl(out_fd, F_SETFL, 0);
    while (drain(out_fd, lb))
        ;
    free(lb);
    close(in_fd);
    close(out_fd);
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
        TU_FAIL_AT("the station ended by itself before the kill (status "
                   "%d)", status);
        return -1;
    }
    return 0;
}

static int cmp_shown(const void *a, const void *b)
{
    const struct shown *x = a, *y = b;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void shown_decisions_survive_sigkill(void)
{
    signal(SIGPIPE, SIG_IGN);
    const char *db = tu_demo_event();
    size_t slen = 0, pos = 0;
    char *stream = load_stream(db, &slen);
    REQUIRE(stream && slen > 0);
    shown = calloc(MAX_SHOWN, sizeof(*shown));
    REQUIRE(shown != NULL);

    int64_t t0 = tu_mono_ms();
    int kills = 0;
    for (; kills < KILLS; kills++) {
        if (kills >= 100 && tu_mono_ms() - t0 > TIME_LIMIT_MS)
            break;
        /* Lives from a few ms (killed while opening or recovering the WAL)
         * to ~300 ms (killed in the middle of a run of commits). */
        uint32_t r = tu_rand(&rng);
        int64_t life = (r % 4 == 0) ? 1 + (r >> 8) % 40 : 20 + (r >> 8) % 280;
        if (one_life(db, stream, slen, &pos, life))
            break;
    }
    double secs = (double)(tu_mono_ms() - t0) / 1000.0;

    /* Every shown decision is in the journal exactly once, the same. */
    sqlite3 *h;
    REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
    sqlite3_stmt *q;
    REQUIRE(sqlite3_prepare_v2(h, "SELECT decision, count(*) FROM scan "
                                  "WHERE station = ?1 AND seq = ?2",
                               -1, &q, NULL) == SQLITE_OK);
    size_t lost = 0, differ = 0, twice = 0;
    qsort(shown, nshown, sizeof(*shown), cmp_shown);
    for (size_t i = 0; i < nshown; i++) {
        if (i && shown[i].seq == shown[i - 1].seq) {
            twice++; /* one number shown for two decisions */
            TU_FAIL_AT("seq %lld was shown twice", (long long)shown[i].seq);
        }
        sqlite3_bind_text(q, 1, STATION, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, shown[i].seq);
        if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int(q, 1) != 1) {
            lost++;
            TU_FAIL_AT("shown decision seq %lld (%s) is not in the journal",
                       (long long)shown[i].seq, shown[i].decision);
        } else if (strcmp((const char *)sqlite3_column_text(q, 0),
                          shown[i].decision)) {
            differ++;
            TU_FAIL_AT("seq %lld: shown %s, journal says %s",
                       (long long)shown[i].seq, shown[i].decision,
                       (const char *)sqlite3_column_text(q, 0));
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);

    /* Sequence numbers 1..max, no gaps, no duplicates. */
    long long rows = -1, lo = -1, hi = -1, distinct = -1;
    REQUIRE(sqlite3_prepare_v2(h, "SELECT count(*), min(seq), max(seq), "
                                  "count(DISTINCT seq) FROM scan WHERE "
                                  "station = ?1", -1, &q, NULL) == SQLITE_OK);
    sqlite3_bind_text(q, 1, STATION, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        rows = sqlite3_column_int64(q, 0);
        lo = sqlite3_column_int64(q, 1);
        hi = sqlite3_column_int64(q, 2);
        distinct = sqlite3_column_int64(q, 3);
    }
    sqlite3_finalize(q);
    EXPECT_TRUE(rows > 0);
    EXPECT_INT(lo, 1);
    EXPECT_INT(hi, rows);
    EXPECT_INT(distinct, rows);

    char ic[256] = "";
    REQUIRE(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) ==
            SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(ic, sizeof(ic), "%s", sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(h);
    EXPECT_STR(ic, "ok");

    printf("crash: %d kills, %zu shown decisions, %zu shown decisions lost, "
           "%zu differ, %zu shown twice, %zu not recorded, %lld journal rows"
           " (seq %lld..%lld), integrity %s, %.1f s\n",
           kills, nshown, lost, differ, twice, not_recorded, rows, lo, hi, ic,
           secs);
    EXPECT_TRUE(kills >= 100);
    EXPECT_TRUE(nshown > 0);
    EXPECT_INT(lost, 0);
    EXPECT_INT(differ, 0);
    EXPECT_INT(unparsed, 0);
    free(shown);
    free(stream);
}

TU_MAIN(TU_CASE(shown_decisions_survive_sigkill))
