/* Crash harness: a desk station (`checkin scan --keyboard --json`) run as a
 * child on a long keyboard stream of the demo attendees' registration
 * secrets, killed with SIGKILL at random moments (a seeded PRNG, so the
 * schedule is the same on every run) and restarted on the same database,
 * over and over.  Every decision the station printed before it died is a
 * verdict a volunteer saw; each must be in the journal exactly once, with
 * the same decision, under gap-free sequence numbers, in a file that passes
 * integrity_check.  Only the public command line and sqlite3 are used.
 *
 * The same again with outside processes touching the file while the
 * station runs (`checkin stats`, `import`, `export`, the sqlite3 shell
 * reading and checkpointing), with and without a file printer: a desk
 * with a printer has a second connection (its print worker's), and a
 * process that opens and closes the file outside SQLite drops every POSIX
 * lock it holds, so an outside process's close can checkpoint and delete
 * the WAL under the station and the next kill loses what it showed. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define STATION "crash-1"
#define KILLS 40
#define OUTSIDE_LIVES 14 /* per outside case: twice each outside command */
#define MAX_SHOWN 200000

/* The kill schedule: drawn afresh on every run from a seed the test
 * prints (tu_run_seed; CHECKIN_TEST_SEED repeats a run), so that runs
 * together kill the station at more moments than a fixed schedule of
 * three times as many kills did, at a third of the cost. */
static uint32_t rng;

/* The registration secrets of the demo event, one per line. */
static char *load_stream(const char *db, size_t *len)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(h,
                           "SELECT secret FROM ticket_secret ORDER BY "
                           "secret",
                           -1, &q, NULL) != SQLITE_OK) {
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
static const char *station = STATION; /* the running case's station */

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
    if (json_object_get(o, "event")) {
        json_decref(o); /* a printer outcome, not a decision */
        return;
    }
    if (!st || strcmp(st, station) || !dec)
        TU_FAIL_AT("unexpected decision line: %.*s", (int)len, line);
    else if (!json_is_integer(seq) ||
             !json_is_true(json_object_get(o, "recorded"))) {
        not_recorded++; /* others wait at most 5 s: must not happen */
        TU_FAIL_AT("a decision was shown NOT RECORDED: %.*s", (int)len, line);
    } else if (nshown < MAX_SHOWN) {
        shown[nshown].seq = json_integer_value(seq);
        snprintf(shown[nshown].decision, sizeof(shown[nshown].decision), "%s",
                 dec);
        nshown++;
    }
    json_decref(o);
}

/* Start the station with pipes on stdin and stdout; with `printer`, a
 * desk printing to that file (its print worker opens a second
 * connection). */
static pid_t spawn(const char *db, const char *printer, int *in_fd, int *out_fd)
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
        char uri[4200];
        snprintf(uri, sizeof(uri), "file:%s", printer ? printer : "");
        if (printer)
            execl(CHECKIN_BIN, CHECKIN_BIN, "scan", db, "--station", "desk",
                  "--name", station, "--keyboard", "--json", "--printer", uri,
                  "--model", "QL-800", "--media", "62x100", (char *)NULL);
        else
            execl(CHECKIN_BIN, CHECKIN_BIN, "scan", db, "--station", "desk",
                  "--name", station, "--keyboard", "--json", (char *)NULL);
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

/* One running station: its pipes and what it printed so far. */
struct life {
    pid_t pid;
    int in_fd, out_fd;
    bool eof;
    struct linebuf *lb;
};

/* Feed the stream from *pos on and record what the station prints, until
 * `deadline` (monotonic ms), the station's end, or (with `until` > 0)
 * that child's exit, whose status goes to *until_status; its end wakes
 * the wait (a pidfd in the poll), no clock.  Returns true when `until`
 * exited. */
static bool feed(struct life *l, const char *stream, size_t slen, size_t *pos,
                 int64_t deadline, pid_t until, int *until_status)
{
    int until_fd = until > 0 ? (int)syscall(SYS_pidfd_open, until, 0) : -1;
    if (until > 0 && until_fd < 0)
        TU_FAIL_AT("pidfd_open: %s", strerror(errno));
    bool ended = false;
    while (!l->eof && !ended) {
        int64_t left = deadline - tu_mono_ms();
        if (left <= 0)
            break;
        struct pollfd p[3] = {{l->out_fd, POLLIN, 0},
                              {l->in_fd, POLLOUT, 0},
                              {until_fd, POLLIN, 0}};
        if (poll(p, until_fd >= 0 ? 3 : 2, (int)left) < 0 && errno != EINTR)
            break;
        if (p[0].revents & (POLLIN | POLLHUP))
            l->eof = !drain(l->out_fd, l->lb);
        if (p[1].revents & POLLOUT) {
            size_t chunk = slen - *pos < 4096 ? slen - *pos : 4096;
            ssize_t w = write(l->in_fd, stream + *pos, chunk);
            if (w > 0)
                *pos = (*pos + (size_t)w) % slen;
        }
        if (p[1].revents & (POLLERR | POLLHUP))
            l->eof = true; /* the station died by itself */
        if (until_fd >= 0 && (p[2].revents & POLLIN))
            ended = waitpid(until, until_status, 0) == until;
    }
    if (until_fd >= 0)
        close(until_fd);
    return ended;
}

/* An outside process on the station's file, its output thrown away but
 * for its error, kept in tu_path("outside.err"). */
static pid_t spawn_outside(char *const argv[])
{
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    int devnull = open("/dev/null", O_RDWR);
    int errfd = open(tu_path("outside.err"),
                     O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (devnull >= 0) {
        dup2(devnull, 0);
        dup2(devnull, 1);
    }
    if (errfd >= 0)
        dup2(errfd, 2);
    execvp(argv[0], argv);
    _exit(127);
}

static size_t outside_runs, outside_failed;

/* Run the station for `life_ms`, then SIGKILL it and collect every line it
 * printed.  With `from_up`, `life_ms` counts from the station's first
 * decision of this life, not from its start, so that a slow start (a busy
 * machine, sanitizers) still leaves it time to decide.  With `outside`,
 * that command starts `pre_ms` after the station's first decision while
 * the station keeps scanning, and the station is killed `life_ms` after it
 * has ended: whatever it showed after the outside process closed the file
 * must survive the kill too. */
static int one_life(const char *db, const char *printer, const char *stream,
                    size_t slen, size_t *pos, int64_t life_ms, bool from_up,
                    char *const *outside, int64_t pre_ms)
{
    struct life l = {0};
    l.pid = spawn(db, printer, &l.in_fd, &l.out_fd);
    if (l.pid < 0) {
        TU_FAIL_AT("cannot start %s: %s", CHECKIN_BIN, strerror(errno));
        return -1;
    }
    l.lb = calloc(1, sizeof(*l.lb));
    if (from_up || outside) {
        /* Up first (its print worker's connection open, a decision
         * shown), so that the outside process meets a running station
         * however slow the start (sanitizers). */
        size_t first = nshown + not_recorded;
        int64_t up_by = tu_mono_ms() + 20000;
        while (nshown + not_recorded == first && !l.eof && tu_mono_ms() < up_by)
            feed(&l, stream, slen, pos, tu_mono_ms() + 5, 0, NULL);
    }
    if (outside) {
        feed(&l, stream, slen, pos, tu_mono_ms() + pre_ms, 0, NULL);
        int status = 0;
        pid_t op = spawn_outside(outside);
        if (op < 0) {
            TU_FAIL_AT("cannot start %s: %s", outside[0], strerror(errno));
        } else {
            if (!feed(&l, stream, slen, pos, tu_mono_ms() + 60000, op, &status))
                waitpid(op, &status, 0);
            outside_runs++;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                outside_failed++;
                char *e = tu_read_file(tu_path("outside.err"), NULL);
                TU_FAIL_AT("'%s %s' failed (status %d): %s", outside[0],
                           outside[1], status, e ? e : "");
                free(e);
            }
        }
    }
    feed(&l, stream, slen, pos, tu_mono_ms() + life_ms, 0, NULL);
    kill(l.pid, SIGKILL);
    int status = 0;
    waitpid(l.pid, &status, 0);
    /* Whatever reached the pipe before the kill was printed: shown. */
    fcntl(l.out_fd, F_SETFL, 0);
    while (drain(l.out_fd, l.lb))
        ;
    free(l.lb);
    close(l.in_fd);
    close(l.out_fd);
    if (!(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
        TU_FAIL_AT("the station ended by itself before the kill (status "
                   "%d)",
                   status);
        return -1;
    }
    return 0;
}

static int cmp_shown(const void *a, const void *b)
{
    const struct shown *x = a, *y = b;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

struct verdict {
    size_t lost, differ, twice;
    long long rows, lo, hi;
    char ic[256];
};

/* Every shown decision of `station` is in the journal exactly once, the
 * same; its sequence numbers run 1..max; the file passes
 * integrity_check. */
static void check_journal(const char *db, struct verdict *v)
{
    memset(v, 0, sizeof(*v));
    v->rows = v->lo = v->hi = -1;
    sqlite3 *h;
    REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
    sqlite3_stmt *q;
    REQUIRE(sqlite3_prepare_v2(h,
                               "SELECT decision, count(*) FROM scan "
                               "WHERE station = ?1 AND seq = ?2",
                               -1, &q, NULL) == SQLITE_OK);
    qsort(shown, nshown, sizeof(*shown), cmp_shown);
    for (size_t i = 0; i < nshown; i++) {
        if (i && shown[i].seq == shown[i - 1].seq) {
            v->twice++; /* one number shown for two decisions */
            if (v->twice <= 10)
                TU_FAIL_AT("seq %lld was shown twice", (long long)shown[i].seq);
        }
        sqlite3_bind_text(q, 1, station, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, shown[i].seq);
        if (sqlite3_step(q) != SQLITE_ROW || sqlite3_column_int(q, 1) != 1) {
            v->lost++;
            if (v->lost <= 10)
                TU_FAIL_AT("shown decision seq %lld (%s) is not in the "
                           "journal",
                           (long long)shown[i].seq, shown[i].decision);
        } else if (strcmp((const char *)sqlite3_column_text(q, 0),
                          shown[i].decision)) {
            v->differ++;
            if (v->differ <= 10)
                TU_FAIL_AT("seq %lld: shown %s, journal says %s",
                           (long long)shown[i].seq, shown[i].decision,
                           (const char *)sqlite3_column_text(q, 0));
        }
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);

    /* Sequence numbers 1..max, no gaps, no duplicates. */
    long long distinct = -1;
    REQUIRE(sqlite3_prepare_v2(h,
                               "SELECT count(*), min(seq), max(seq), "
                               "count(DISTINCT seq) FROM scan WHERE "
                               "station = ?1",
                               -1, &q, NULL) == SQLITE_OK);
    sqlite3_bind_text(q, 1, station, -1, SQLITE_STATIC);
    if (sqlite3_step(q) == SQLITE_ROW) {
        v->rows = sqlite3_column_int64(q, 0);
        v->lo = sqlite3_column_int64(q, 1);
        v->hi = sqlite3_column_int64(q, 2);
        distinct = sqlite3_column_int64(q, 3);
    }
    sqlite3_finalize(q);
    EXPECT_TRUE(v->rows > 0);
    EXPECT_INT(v->lo, 1);
    EXPECT_INT(v->hi, v->rows);
    EXPECT_INT(distinct, v->rows);

    REQUIRE(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &q, NULL) ==
            SQLITE_OK);
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(v->ic, sizeof(v->ic), "%s", sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(h);
    EXPECT_STR(v->ic, "ok");
    EXPECT_TRUE(nshown > 0);
    EXPECT_INT(v->lost, 0);
    EXPECT_INT(v->differ, 0);
    EXPECT_INT(v->twice, 0);
    EXPECT_INT(unparsed, 0);
}

static void start_case(const char *name)
{
    /* Each case its own schedule from the run's seed. */
    rng = tu_run_seed();
    for (const char *c = name; *c; c++)
        rng = (rng ^ (unsigned char)*c) * 16777619u;
    if (!rng)
        rng = 1;
    signal(SIGPIPE, SIG_IGN);
    station = name;
    nshown = not_recorded = unparsed = outside_runs = outside_failed = 0;
    free(shown);
    shown = calloc(MAX_SHOWN, sizeof(*shown));
}

static void shown_decisions_survive_sigkill(void)
{
    start_case(STATION);
    const char *db = tu_demo_event();
    size_t slen = 0, pos = 0;
    char *stream = load_stream(db, &slen);
    REQUIRE(stream && slen > 0);
    REQUIRE(shown != NULL);

    int64_t t0 = tu_mono_ms();
    int kills = 0;
    for (; kills < KILLS; kills++) {
        /* Lives from a few ms after the start (killed while opening or
         * recovering the WAL) to ~300 ms after the first decision (killed
         * in the middle of a run of commits): on a busy machine the start
         * alone can take longer than a life counted from it. */
        uint32_t r = tu_rand(&rng);
        bool short_life = r % 4 == 0;
        int64_t life = short_life ? 1 + (r >> 8) % 40 : 20 + (r >> 8) % 280;
        if (one_life(db, NULL, stream, slen, &pos, life, !short_life, NULL, 0))
            break;
    }
    double secs = (double)(tu_mono_ms() - t0) / 1000.0;

    struct verdict v;
    check_journal(db, &v);
    printf("crash: %d kills, %zu shown decisions, %zu shown decisions lost, "
           "%zu differ, %zu shown twice, %zu not recorded, %lld journal rows"
           " (seq %lld..%lld), integrity %s, %.1f s\n",
           kills, nshown, v.lost, v.differ, v.twice, not_recorded, v.rows, v.lo,
           v.hi, v.ic, secs);
    EXPECT_INT(kills, KILLS);
    free(stream);
}

/* A fresh demo event of its own, made by the real commands, at
 * tu_path(name) with its key beside it. */
static const char *fresh_event(const char *name)
{
    const char *db = tu_path(name);
    char args[4400];
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("checkin %s: %s", args, err);
    snprintf(args, sizeof(args), "import '%s' '%s/demo/registrations.csv'", db,
             CONFIG_DIR);
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("checkin %s: %s", args, err);
    return db;
}

/* Kill the station over and over while, in every life, one outside
 * process uses the file: stats, an import that changes rows (the
 * update, then the original back), an export, the sqlite3 shell reading
 * and checkpointing with TRUNCATE. */
static void outside_processes(const char *name, const char *printer)
{
    start_case(name);
    REQUIRE(shown != NULL);
    char dbname[64];
    snprintf(dbname, sizeof(dbname), "%s.db", name);
    const char *db = fresh_event(dbname);
    REQUIRE(tu_failures == 0);
    size_t slen = 0, pos = 0;
    char *stream = load_stream(db, &slen);
    REQUIRE(stream && slen > 0);
    bool shell = tu_sh("command -v sqlite3 >/dev/null 2>&1") == 0;
    if (!shell)
        printf("%s: no sqlite3 shell here; its reads and writes are not "
               "part of this run\n",
               name);

    char *bin = CHECKIN_BIN, *d = (char *)db;
    char update[] = TEST_DATA_DIR "/demo-update.csv";
    char original[] = CONFIG_DIR "/demo/registrations.csv";
    char *const cmds[][6] = {
        {bin, "stats", d, NULL},
        {bin, "import", d, update, NULL},
        {"sqlite3", "-cmd", ".timeout 5000", d, "SELECT count(*) FROM scan",
         NULL},
        {bin, "export", d, "checkins", NULL},
        {"sqlite3", "-cmd", ".timeout 5000", d,
         "PRAGMA wal_checkpoint(TRUNCATE)", NULL},
        {bin, "import", d, original, NULL},
        {bin, "export", d, "scans", "--format=json", NULL},
    };
    size_t ncmds = sizeof(cmds) / sizeof(cmds[0]);

    int64_t t0 = tu_mono_ms();
    int lives = 0;
    for (; lives < OUTSIDE_LIVES; lives++) {
        char *const *cmd = cmds[(size_t)lives % ncmds];
        if (!shell && !strcmp(cmd[0], "sqlite3"))
            cmd = cmds[0];
        /* The outside process starts while the station scans, and the
         * station scans on for a while after it has gone. */
        uint32_t r = tu_rand(&rng);
        int64_t pre = r % 150;
        int64_t after = 30 + (r >> 8) % 220;
        if (one_life(db, printer, stream, slen, &pos, after, false, cmd, pre))
            break;
    }
    double secs = (double)(tu_mono_ms() - t0) / 1000.0;

    struct verdict v;
    check_journal(db, &v);
    printf("%s: %d kills, %zu outside processes (%zu failed), %zu shown "
           "decisions, %zu shown decisions lost, %zu differ, %zu shown "
           "twice, %zu not recorded, %lld journal rows, integrity %s, "
           "%.1f s\n",
           name, lives, outside_runs, outside_failed, nshown, v.lost, v.differ,
           v.twice, not_recorded, v.rows, v.ic, secs);
    EXPECT_INT(lives, OUTSIDE_LIVES);
    EXPECT_INT(outside_failed, 0);
    free(stream);
}

static void shown_decisions_survive_outside_processes(void)
{
    outside_processes("outside", NULL);
}

static void shown_decisions_survive_outside_processes_with_printer(void)
{
    outside_processes("outside-printer", tu_path("labels.prn"));
}

TU_MAIN(TU_CASE(shown_decisions_survive_sigkill),
        TU_CASE(shown_decisions_survive_outside_processes),
        TU_CASE(shown_decisions_survive_outside_processes_with_printer))
