/* Damaged database files: a seeded campaign of single-bit flips over a
 * realistic event database (the demo event imported and a desk's few
 * hundred scans, closed cleanly).  Three campaigns: every bit of the
 * 100-byte file header, random bits anywhere in the file, and random bits
 * inside pages that b-trees use (found with SQLite's dbstat table and
 * checked against each page's type byte).
 *
 * Each flipped copy is opened by the store in a forked child that goes on,
 * if the open succeeds, as the commands do: stats, verify a code, the
 * station's journal (look up, append), the attendee list and the scan
 * export.  For a sample, the real `checkin stats`, `checkin verify` and a
 * desk station (`checkin scan --keyboard --json` with one code) run on the
 * copy as well.  A plain SQLite connection on a third copy is the outside
 * oracle: whether SQLite itself refuses page 1, whether the schema loads,
 * what quick_check and integrity_check say.
 *
 * What must hold: nothing crashes, hangs or trips a sanitizer; anything
 * the oracle sees as damaged, foreign or newer is refused at open; every
 * refusal and every later failure is one sentence that names the file and
 * says what to do (a command: exit status 1 and that one line on stderr);
 * a refused file is byte-identical afterwards, with no -journal and no
 * -wal holding data beside it.  What may not hold, and is counted rather
 * than hidden: SQLite keeps no page checksums by default, so a flip inside
 * a stored value opens and runs with different answers.  The figures are
 * printed. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/export.h"
#include "checkin/journal.h"
#include "checkin/store.h"
#include "testutil.h"

#define RANDOM_FLIPS 200
#define BTREE_FLIPS 150
#define TIMEOUT_MS 10000
#define STATION "desk-1"
#define CLOCK "2027-05-12 08:30"
#define MAX_MESSAGES 48

/* The random and b-tree campaigns' bits, and which header bits also go
 * through a real command: drawn afresh on every run from a seed the test
 * prints (tu_run_seed; CHECKIN_TEST_SEED repeats a run), so that runs
 * together flip more bits than one fixed campaign of 500 and 300 did. */
static uint32_t rng;

static double now_s(void)
{
    return (double)tu_mono_ms() / 1000.0;
}

/* ---- where a byte lies ---- */

enum region {
    R_HEADER,    /* the 100-byte file header */
    R_PAGE_HEAD, /* b-tree page header, cell pointers; overflow links */
    R_UNUSED,    /* unallocated space and freeblocks inside a page */
    R_CELL,      /* cells: keys, child pointers, record headers, values */
    R_OTHER,     /* pages no b-tree uses (free list) */
    NREGIONS
};
static const char *const REGION_NAME[] = {
    "file header", "page headers", "unused space", "cells", "other pages"};

/* ---- what plain SQLite says about a file (the oracle) ---- */

enum oracle {
    OR_MAGIC,     /* not even the 16-byte SQLite header string */
    OR_NOTADB,    /* SQLite refuses page 1 */
    OR_APPID,     /* application_id is not the clean file's */
    OR_NEWER,     /* user_version above the clean file's */
    OR_OLDER,     /* user_version below it */
    OR_SCHEMA,    /* the schema does not load */
    OR_QUICK,     /* quick_check reports damage */
    OR_INTEGRITY, /* only integrity_check does (an index disagrees) */
    OR_CLEAN,     /* SQLite sees nothing wrong */
    NORACLE
};
static const char *const ORACLE_NAME[] = {
    "checkin's header check (magic string)",
    "SQLite's page-1 checks (not a database)",
    "application_id",
    "user_version newer than this build",
    "user_version older (tables do not match)",
    "schema does not load",
    "quick_check",
    "integrity_check only (quick_check passes)",
    "nothing plain SQLite sees",
};

/* The check a refusal must come from, by a phrase of its message. */
static const char *expected_phrase(enum oracle o)
{
    switch (o) {
    case OR_MAGIC:
        return "wrong file header";
    case OR_APPID:
        return "not a checkin event database";
    case OR_NEWER:
        return "newer checkin";
    default:
        return "damaged";
    }
}

/* ---- the clean file ---- */

static char *clean;
static size_t clean_len;
static size_t page_size;
static unsigned char *region_map; /* one enum region per byte */
static size_t *btree_bytes;       /* offsets of every b-tree page byte */
static bool *schema_page;         /* by page number: sqlite_schema's */
static size_t nbtree_bytes;
static long long clean_appid, clean_version;
static char scan_code[128];  /* a paid attendee's confirmation code */
static char ticket_id[64];   /* that attendee's ticket id */
static char codes_one[4096]; /* a file holding `scan_code` and a newline */
static bool ready, setup_failed;

/* ---- in-process run in a child ---- */

struct report {
    int open_code;
    int fail_code;
    char what[32]; /* the step that failed after opening */
    char msg[512];
    char answers[1024];
};
/* A child's report fits in a pipe whole (run_inprocess reads it after). */
_Static_assert(sizeof(struct report) <= PIPE_BUF, "a report fits a pipe");
static struct report baseline;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

static void add_answer(struct report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add_answer(struct report *r, const char *fmt, ...)
{
    size_t n = strlen(r->answers);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->answers + n, sizeof(r->answers) - n, fmt, ap);
    va_end(ap);
}

static int step_stats(store *s, struct report *r, struct ck_error *err)
{
    struct store_stats t;
    int code = store_stats(s, &t, err);
    if (code)
        return code;
    uint64_t h = fnv(0xcbf29ce484222325ull, t.event_name, strlen(t.event_name));
    h = fnv(h, t.event_slug, strlen(t.event_slug));
    for (size_t i = 0; i < t.ntypes; i++)
        h = fnv(h, t.types[i].slug, strlen(t.types[i].slug)) +
            (uint64_t)t.types[i].total * 31 + (uint64_t)t.types[i].checked_in;
    for (size_t i = 0; i < t.ntutorials; i++)
        h = fnv(h, t.tutorials[i].slug, strlen(t.tutorials[i].slug)) +
            (uint64_t)t.tutorials[i].total * 31 +
            (uint64_t)t.tutorials[i].capacity;
    add_answer(r, "stats %ld %ld %ld %ld %ld %ld %ld %016llx; ", t.attendees,
               t.paid, t.pending, t.cancelled, t.refunded, t.checked_in,
               t.scans, (unsigned long long)h);
    store_stats_free(&t);
    return CK_OK;
}

static int step_verify(store *s, struct report *r, struct ck_error *err)
{
    verifier *v;
    struct verdict vd;
    int code = verifier_new(s, &v, err);
    if (!code)
        code = verifier_check(v, (const uint8_t *)scan_code, strlen(scan_code),
                              &vd, err);
    verifier_free(v);
    if (!code)
        add_answer(r, "verify %d %s %s %s %s %d; ", vd.valid,
                   badge_reason_name(vd.reason), vd.ticket_id, vd.badge_name,
                   vd.ticket_type, (int)vd.status);
    return code;
}

static int step_journal(store *s, struct report *r, struct ck_error *err)
{
    journal *j;
    bool found = false;
    struct scan_fact f = {0};
    int code = journal_open(s, "flip-desk", &j, err);
    if (!code)
        code = journal_first_checkin(j, ticket_id, &found, &f, err);
    if (!code) {
        struct scan_record rec = {.at_ms = 1810135860000,
                                  .mode = SCAN_DESK,
                                  .target = "",
                                  .code = (const uint8_t *)scan_code,
                                  .code_len = strlen(scan_code),
                                  .ticket_id = ticket_id,
                                  .decision = DECISION_WARN,
                                  .reason = "already-checked-in",
                                  .direction = DIRECTION_IN};
        code = journal_append(j, &rec, err);
        add_answer(r, "journal %d %lld %s seq %lld; ", found,
                   (long long)f.at_ms, f.station, (long long)rec.seq);
    }
    journal_free(j);
    return code;
}

static int step_attendees(store *s, struct report *r, struct ck_error *err)
{
    struct attendee_list l;
    int code = store_attendee_search(s, "", 0, &l, err);
    if (code)
        return code;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < l.n; i++) {
        const struct attendee *a = &l.items[i];
        const char *f[] = {a->ticket_id,  a->order_code,  a->badge_name,
                           a->given_name, a->family_name, a->pronouns,
                           a->company,    a->email,       a->ticket_type};
        for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++)
            h = fnv(h, f[k], strlen(f[k]) + 1);
        for (size_t k = 0; k < a->ntutorials; k++)
            h = fnv(h, a->tutorials[k], strlen(a->tutorials[k]) + 1);
        h = h * 31 + (uint64_t)a->status * 2 + a->sponsor_consent;
    }
    add_answer(r, "attendees %zu %016llx; ", l.n, (unsigned long long)h);
    attendee_list_free(&l);
    return CK_OK;
}

static int step_export(store *s, struct report *r, struct ck_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    long rows = 0;
    int code = export_scans(s, f, EXPORT_CSV, &rows, err);
    fclose(f);
    if (!code)
        add_answer(r, "export %ld %016llx", rows,
                   (unsigned long long)fnv(0xcbf29ce484222325ull, buf, len));
    free(buf);
    return code;
}

/* The child: open as the commands do and go on while it works. */
static void child_run(const char *path, int fd)
{
    static const struct {
        const char *what;
        int (*fn)(store *, struct report *, struct ck_error *);
    } steps[] = {{"stats", step_stats},
                 {"verify", step_verify},
                 {"journal", step_journal},
                 {"attendees", step_attendees},
                 {"export", step_export}};
    struct report r;
    memset(&r, 0, sizeof(r));
    struct ck_error err = {0};
    store *s = NULL;
    r.open_code = store_open(path, STORE_EXISTING, &s, &err);
    for (size_t i = 0; !r.open_code && i < sizeof(steps) / sizeof(steps[0]);
         i++) {
        r.fail_code = steps[i].fn(s, &r, &err);
        if (r.fail_code) {
            snprintf(r.what, sizeof(r.what), "%s", steps[i].what);
            break;
        }
    }
    if (r.open_code || r.fail_code)
        snprintf(r.msg, sizeof(r.msg), "%s", err.msg);
    store_close(s);
    const char *p = (const char *)&r;
    size_t left = sizeof(r);
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w <= 0)
            _exit(3);
        p += w;
        left -= (size_t)w;
    }
    _exit(0); /* not exit(): the parent's atexit handlers are not ours */
}

/* Wait up to TIMEOUT_MS for the child to end, woken by its end (a pidfd
 * becomes readable), not by a clock; on time-out kill it and return -1. */
static int wait_child(pid_t pid, int *status)
{
    bool killed = false;
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) {
        int64_t deadline = tu_mono_ms() + TIMEOUT_MS;
        for (;;) {
            int64_t left = deadline - tu_mono_ms();
            struct pollfd p = {fd, POLLIN, 0};
            int n = left > 0 ? poll(&p, 1, (int)left) : 0;
            if (n > 0 || (n < 0 && errno != EINTR))
                break;
            if (n == 0) {
                killed = kill(pid, SIGKILL) == 0;
                break;
            }
        }
        close(fd);
    } else {
        TU_FAIL_AT("pidfd_open: %s", strerror(errno));
        killed = kill(pid, SIGKILL) == 0;
    }
    pid_t w;
    while ((w = waitpid(pid, status, 0)) < 0 && errno == EINTR)
        ;
    if (w != pid)
        return -1;
    return killed ? -1 : 0;
}

enum run_end { END_OK, END_CRASH, END_HANG };

static bool sanitizer_said(const char *text)
{
    return text && (strstr(text, "Sanitizer") || strstr(text, "runtime error"));
}

static enum run_end run_inprocess(const char *path, struct report *r, char *why,
                                  size_t cap)
{
    const char *errpath = tu_path("child.err");
    int p[2];
    memset(r, 0, sizeof(*r));
    if (pipe(p))
        return END_CRASH;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        int e = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (e >= 0)
            dup2(e, 2);
        child_run(path, p[1]);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return END_CRASH;
    }
    /* The report (under 2 KB) fits in the pipe, so the child never
     * waits on it: wait for the child (killed by wait_child if it hangs),
     * then read it.  Reading against a clock of its own and closing the
     * pipe first killed a child slowed by load with SIGPIPE. */
    int st = 0;
    if (wait_child(pid, &st) < 0) {
        close(p[0]);
        snprintf(why, cap, "hung for %d s", TIMEOUT_MS / 1000);
        return END_HANG;
    }
    char *dst = (char *)r;
    size_t got = 0;
    while (got < sizeof(*r)) {
        ssize_t n = read(p[0], dst + got, sizeof(*r) - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(p[0]);
    char *errtext = tu_read_file(errpath, NULL);
    enum run_end end = END_OK;
    if (WIFSIGNALED(st)) {
        snprintf(why, cap, "killed by signal %d", WTERMSIG(st));
        end = END_CRASH;
    } else if (WEXITSTATUS(st) != 0 || got != sizeof(*r)) {
        snprintf(why, cap, "exit %d, report %zu bytes", WEXITSTATUS(st), got);
        end = END_CRASH;
    } else if (sanitizer_said(errtext)) {
        snprintf(why, cap, "sanitizer report");
        end = END_CRASH;
    }
    if (end != END_OK && errtext && *errtext)
        fprintf(stderr, "child stderr:\n%s\n", errtext);
    free(errtext);
    r->msg[sizeof(r->msg) - 1] = '\0';
    r->answers[sizeof(r->answers) - 1] = '\0';
    r->what[sizeof(r->what) - 1] = '\0';
    return end;
}

/* ---- real commands ---- */

enum command { CMD_STATS, CMD_VERIFY, CMD_SCAN, NCOMMANDS };
static const char *const COMMAND_NAME[] = {"stats", "verify", "scan"};

struct proc {
    int status; /* exit status, or -1 */
    int signal;
    bool hung;
    char *out, *err;
};

static void proc_free(struct proc *p)
{
    free(p->out);
    free(p->err);
    memset(p, 0, sizeof(*p));
}

/* posix_spawn, not fork and exec: the child shares this process's memory
 * until it execs, so no page of this process is copied or faulted for it
 * (page faults after fork were most of this process's kernel time in a
 * perf profile of the plain build). */
static void run_command(enum command c, const char *db, struct proc *p)
{
    static char out_path[4096], err_path[4096];
    snprintf(out_path, sizeof(out_path), "%s", tu_path("cmd.out"));
    snprintf(err_path, sizeof(err_path), "%s", tu_path("cmd.err"));
    memset(p, 0, sizeof(*p));
    p->status = -1;
    char *const stats[] = {CHECKIN_BIN, "stats", (char *)db, NULL};
    char *const verify[] = {CHECKIN_BIN, "verify", (char *)db, scan_code, NULL};
    char *const scan[] = {CHECKIN_BIN, "scan",    (char *)db,  "--station",
                          "desk",      "--name",  "flip-desk", "--keyboard",
                          "--json",    "--clock", CLOCK,       NULL};
    char *const *argv = c == CMD_STATS    ? stats
                        : c == CMD_VERIFY ? verify
                                          : scan;
    posix_spawn_file_actions_t fa;
    pid_t pid = -1;
    fflush(NULL);
    if (posix_spawn_file_actions_init(&fa))
        return;
    int rc = posix_spawn_file_actions_addopen(
        &fa, 0, c == CMD_SCAN ? codes_one : "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(
            &fa, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!rc)
        rc = posix_spawn_file_actions_addopen(
            &fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!rc)
        rc = posix_spawn(&pid, CHECKIN_BIN, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc) {
        TU_FAIL_AT("cannot start %s: %s", CHECKIN_BIN, strerror(rc));
        return;
    }
    int st = 0;
    if (wait_child(pid, &st) < 0)
        p->hung = true;
    else if (WIFSIGNALED(st))
        p->signal = WTERMSIG(st);
    else
        p->status = WEXITSTATUS(st);
    p->out = tu_read_file(out_path, NULL);
    p->err = tu_read_file(err_path, NULL);
    if (!p->out)
        p->out = strdup("");
    if (!p->err)
        p->err = strdup("");
}

/* The part of a scan's JSON line that should not change with a flip the
 * station cannot see. */
static void scan_summary(const char *out, char *buf, size_t cap)
{
    json_error_t e;
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, &e);
    const char *dec = json_string_value(json_object_get(o, "decision"));
    const char *reason = json_string_value(json_object_get(o, "reason"));
    const char *tid = json_string_value(json_object_get(o, "ticket_id"));
    const char *name = json_string_value(json_object_get(o, "badge_name"));
    snprintf(buf, cap, "%s %s %s %s recorded=%d", dec ? dec : "-",
             reason ? reason : "-", tid ? tid : "-", name ? name : "-",
             json_is_true(json_object_get(o, "recorded")));
    json_decref(o);
}

static const char *json_record_error(const char *out, char *buf, size_t cap)
{
    json_error_t e;
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, &e);
    const char *m = json_string_value(json_object_get(o, "record_error"));
    snprintf(buf, cap, "%s", m ? m : "");
    json_decref(o);
    return buf[0] ? buf : NULL;
}

/* ---- messages ---- */

/* NULL if `msg` is one sentence that names `path` and says what to do;
 * else what is wrong with it. */
static const char *sentence_problem(const char *msg, const char *path)
{
    static const char *const ACTIONS[] = {"restore it from a backup",
                                          "check the path", "upgrade checkin",
                                          "re-create it", "check the disk"};
    size_t n = strlen(msg);
    if (n == 0)
        return "no message";
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
            return "control characters";
    if (!strstr(msg, path))
        return "does not name the file";
    int ends = 0;
    for (size_t i = 0; i < n; i++)
        if (strchr(".!?", msg[i]) &&
            (i + 1 == n ||
             (msg[i + 1] == ' ' && isupper((unsigned char)msg[i + 2]))))
            ends++;
    if (msg[n - 1] != '.' || ends != 1)
        return "not exactly one sentence";
    for (size_t i = 0; i < sizeof(ACTIONS) / sizeof(ACTIONS[0]); i++)
        if (strstr(msg, ACTIONS[i]))
            return NULL;
    return "does not say what to do";
}

/* Distinct messages with the file's path taken out, and how often. */
struct msgs {
    char text[MAX_MESSAGES][256];
    long count[MAX_MESSAGES];
    size_t n;
    long dropped;
};

static void msgs_add(struct msgs *m, const char *prefix, const char *msg,
                     const char *path)
{
    char buf[256];
    size_t o = (size_t)snprintf(buf, sizeof(buf), "%s", prefix);
    size_t plen = strlen(path);
    for (const char *p = msg; *p && o + 1 < sizeof(buf);) {
        if (!strncmp(p, path, plen)) {
            o += (size_t)snprintf(buf + o, sizeof(buf) - o, "FILE");
            p += plen;
        } else {
            buf[o++] = *p++;
        }
    }
    buf[o < sizeof(buf) ? o : sizeof(buf) - 1] = '\0';
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->text[i], buf)) {
            m->count[i]++;
            return;
        }
    if (m->n == MAX_MESSAGES) {
        m->dropped++;
        return;
    }
    snprintf(m->text[m->n], sizeof(m->text[m->n]), "%s", buf);
    m->count[m->n++] = 1;
}

/* ---- files ---- */

static void remove_sidecars(const char *db)
{
    char side[4200];
    static const char *const ext[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof(side), "%s%s", db, ext[i]);
        unlink(side);
    }
}

/* A -journal, or a -wal with anything in it.  (A read-only connection to a
 * WAL database leaves an empty -wal and a -shm behind: SQLite's way, and
 * no data.) */
static bool has_sidecar(const char *db)
{
    char side[4200];
    struct stat sb;
    snprintf(side, sizeof(side), "%s-wal", db);
    if (stat(side, &sb) == 0 && sb.st_size > 0)
        return true;
    snprintf(side, sizeof(side), "%s-journal", db);
    return stat(side, &sb) == 0;
}

static bool has_empty_wal(const char *db)
{
    char side[4200];
    struct stat sb;
    snprintf(side, sizeof(side), "%s-wal", db);
    return stat(side, &sb) == 0 && sb.st_size == 0;
}

static int put_file(const char *path, const char *data, size_t len)
{
    unlink(path);
    remove_sidecars(path);
    return tu_write_file(path, data, len);
}

static bool same_file(const char *path, const char *data, size_t len)
{
    size_t n;
    char *now = tu_read_file(path, &n);
    bool same = now && n == len && memcmp(now, data, len) == 0;
    free(now);
    return same && !has_sidecar(path);
}

/* ---- the oracle ---- */

static int pragma_ll(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* 0 if the check answers "ok". */
static int check_ok(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int bad = 1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        bad = !t || strcmp(t, "ok") != 0;
    }
    sqlite3_finalize(st);
    return bad;
}

/* Plain SQLite on a scratch copy, opened read-write as the store opens for
 * every command but verify (a read-only connection's quick_check leaves
 * CHECK constraints out). */
static enum oracle oracle(const char *data, size_t len)
{
    if (len < 16 || memcmp(data, "SQLite format 3", 16) != 0)
        return OR_MAGIC;
    const char *path = tu_path("oracle.db");
    if (put_file(path, data, len))
        return OR_CLEAN;
    sqlite3 *db = NULL;
    enum oracle o = OR_CLEAN;
    long long appid = 0, version = 0, n = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
        pragma_ll(db, "PRAGMA application_id", &appid) != SQLITE_OK ||
        pragma_ll(db, "PRAGMA user_version", &version) != SQLITE_OK)
        o = OR_NOTADB;
    else if (appid != clean_appid)
        o = OR_APPID;
    else if (version > clean_version)
        o = OR_NEWER;
    else if (version < clean_version)
        o = OR_OLDER;
    else if (pragma_ll(db, "SELECT count(*) FROM sqlite_schema", &n) !=
             SQLITE_OK)
        o = OR_SCHEMA;
    else if (check_ok(db, "PRAGMA quick_check(1)"))
        o = OR_QUICK;
    else if (check_ok(db, "PRAGMA integrity_check(1)"))
        o = OR_INTEGRITY;
    sqlite3_close(db);
    remove_sidecars(path);
    return o;
}

/* ---- the clean file's layout ---- */

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static void mark(size_t from, size_t to, enum region r)
{
    for (size_t i = from; i < to && i < clean_len; i++)
        region_map[i] = (unsigned char)r;
}

/* Map every byte of one b-tree page (file format, section 1.6). */
static bool map_btree_page(size_t pgno)
{
    const unsigned char *pg =
        (const unsigned char *)clean + (pgno - 1) * page_size;
    size_t base = (pgno - 1) * page_size;
    size_t hdr = pgno == 1 ? 100 : 0;
    unsigned type = pg[hdr];
    if (type != 2 && type != 5 && type != 10 && type != 13)
        return false;
    size_t hsize = type == 2 || type == 5 ? 12 : 8;
    size_t ncell = be16(pg + hdr + 3);
    size_t content = be16(pg + hdr + 5);
    if (content == 0)
        content = 65536;
    size_t usable = page_size - (unsigned char)clean[20];
    mark(base + hdr, base + hdr + hsize + 2 * ncell, R_PAGE_HEAD);
    mark(base + hdr + hsize + 2 * ncell, base + content, R_UNUSED);
    mark(base + content, base + usable, R_CELL);
    mark(base + usable, base + page_size, R_UNUSED);
    size_t fb = be16(pg + hdr + 1);
    for (int guard = 0; fb && fb + 4 <= usable && guard < 1000; guard++) {
        mark(base + fb, base + fb + be16(pg + fb + 2), R_UNUSED);
        fb = be16(pg + fb);
    }
    for (size_t i = hdr; i < page_size; i++)
        btree_bytes[nbtree_bytes++] = base + i;
    return true;
}

static bool map_layout(void)
{
    page_size = be16((const unsigned char *)clean + 16);
    if (page_size == 1)
        page_size = 65536;
    region_map = malloc(clean_len);
    btree_bytes = malloc(clean_len * sizeof(*btree_bytes));
    if (!region_map || !btree_bytes || clean_len % page_size)
        return false;
    memset(region_map, R_OTHER, clean_len);
    const char *path = tu_path("layout.db");
    if (put_file(path, clean, clean_len))
        return false;
    sqlite3 *db;
    sqlite3_stmt *st = NULL;
    schema_page = calloc(clean_len / page_size + 1, sizeof(*schema_page));
    bool ok =
        schema_page &&
        sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT pageno, pagetype, name FROM "
                           "dbstat ORDER BY pageno",
                           -1, &st, NULL) == SQLITE_OK;
    if (!ok)
        TU_FAIL_AT("no dbstat table in this SQLite: %s", sqlite3_errmsg(db));
    long btree = 0, overflow = 0;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        size_t pgno = (size_t)sqlite3_column_int64(st, 0);
        const char *type = (const char *)sqlite3_column_text(st, 1);
        const char *name = (const char *)sqlite3_column_text(st, 2);
        if (pgno < 1 || pgno > clean_len / page_size || !type || !name) {
            ok = false;
            continue;
        }
        schema_page[pgno] = !strcmp(name, "sqlite_schema");
        if (!strcmp(type, "overflow")) {
            size_t base = (pgno - 1) * page_size;
            mark(base, base + 4, R_PAGE_HEAD);
            mark(base + 4, base + page_size, R_CELL);
            overflow++;
        } else if (!map_btree_page(pgno)) {
            TU_FAIL_AT("dbstat says page %zu is a b-tree %s page, but its "
                       "type byte is %d",
                       pgno, type,
                       clean[(pgno - 1) * page_size + (pgno == 1 ? 100 : 0)]);
            ok = false;
        } else {
            btree++;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    remove_sidecars(path);
    mark(0, 100, R_HEADER);
    printf("clean file: %zu bytes, %zu pages of %zu; b-tree pages %ld, "
           "overflow %ld, others %ld\n",
           clean_len, clean_len / page_size, page_size, btree, overflow,
           (long)(clean_len / page_size) - btree - overflow);
    return ok && btree > 0;
}

/* ---- setup: the demo event and a desk's scans ---- */

static bool query_text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *st;
    bool ok = false;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        ok = true;
    }
    sqlite3_finalize(st);
    return ok;
}

/* Every registration secret once, then the first hundred again: a desk's
 * morning, admissions and "already checked in" warnings. */
static bool write_codes(const char *db, const char *path)
{
    sqlite3 *h;
    sqlite3_stmt *q = NULL;
    FILE *f = fopen(path, "w");
    bool ok =
        f && sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h,
                           "SELECT secret FROM ticket_secret ORDER "
                           "BY secret",
                           -1, &q, NULL) == SQLITE_OK;
    char first[100][128];
    int n = 0;
    while (ok && sqlite3_step(q) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(q, 0);
        fprintf(f, "%s\n", s);
        if (n < 100)
            snprintf(first[n++], sizeof(first[0]), "%s", s);
    }
    for (int i = 0; i < n; i++)
        fprintf(f, "%s\n", first[i]);
    sqlite3_finalize(q);
    if (ok) {
        ok = query_text(h,
                        "SELECT s.secret FROM ticket_secret s JOIN "
                        "attendee a ON a.id = s.attendee_id WHERE "
                        "a.status = 'paid' AND s.revoked = 0 ORDER BY "
                        "s.secret",
                        scan_code, sizeof(scan_code)) &&
             query_text(h,
                        "SELECT a.ticket_id FROM ticket_secret s JOIN "
                        "attendee a ON a.id = s.attendee_id WHERE "
                        "a.status = 'paid' AND s.revoked = 0 ORDER BY "
                        "s.secret",
                        ticket_id, sizeof(ticket_id));
    }
    sqlite3_close(h);
    if (f && fclose(f))
        ok = false;
    return ok;
}

static bool setup(void)
{
    if (ready || setup_failed)
        return ready;
    setup_failed = true;
    const char *db = tu_demo_event();
    const char *codes = tu_path("codes.txt");
    if (!write_codes(db, codes))
        return false;
    snprintf(codes_one, sizeof(codes_one), "%s", tu_path("one-code.txt"));
    char line[160];
    int n = snprintf(line, sizeof(line), "%s\n", scan_code);
    if (tu_write_file(codes_one, line, (size_t)n))
        return false;
    if (tu_sh("'%s' scan '%s' --station desk --name %s --keyboard --json "
              "--clock '%s' < '%s' > '%s' 2> '%s'",
              CHECKIN_BIN, db, STATION, CLOCK, codes, tu_path("desk.out"),
              tu_path("desk.err")) != 0) {
        TU_FAIL_AT("the desk station failed: %s",
                   tu_read_file(tu_path("desk.err"), NULL));
        return false;
    }
    if (has_sidecar(db)) {
        TU_FAIL_AT("the station left a -wal or -journal beside %s", db);
        return false;
    }
    sqlite3 *h;
    long long rows = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        pragma_ll(h, "SELECT count(*) FROM scan", &rows) ||
        pragma_ll(h, "PRAGMA application_id", &clean_appid) ||
        pragma_ll(h, "PRAGMA user_version", &clean_version)) {
        TU_FAIL_AT("reading the event: %s", sqlite3_errmsg(h));
        sqlite3_close(h);
        return false;
    }
    sqlite3_close(h);
    remove_sidecars(db); /* the read-only look above may leave -shm */
    if (rows < 300) {
        TU_FAIL_AT("the desk journaled %lld scans, expected 400", rows);
        return false;
    }
    clean = tu_read_file(db, &clean_len);
    if (!clean || !map_layout())
        return false;
    printf("journal rows %lld; code under test %s (ticket %s)\n", rows,
           scan_code, ticket_id);

    /* What the clean file answers, in process and from the commands. */
    char why[128];
    const char *path = tu_path("flip.db");
    if (put_file(path, clean, clean_len) ||
        run_inprocess(path, &baseline, why, sizeof(why)) != END_OK ||
        baseline.open_code || baseline.fail_code) {
        TU_FAIL_AT("the clean file does not run: %s", baseline.msg);
        return false;
    }
    ready = true;
    setup_failed = false;
    return true;
}

/* ---- one campaign ---- */

/* The header field a byte belongs to, as an index into HEADER_FIELDS. */
static const struct {
    int from, to;
    const char *name;
} HEADER_FIELDS[] = {
    {0, 16, "magic string"},          {16, 18, "page size"},
    {18, 19, "write version"},        {19, 20, "read version"},
    {20, 21, "reserved bytes/page"},  {21, 24, "payload fractions"},
    {24, 28, "change counter"},       {28, 32, "size in pages"},
    {32, 36, "first freelist trunk"}, {36, 40, "freelist pages"},
    {40, 44, "schema cookie"},        {44, 48, "schema format"},
    {48, 52, "default cache size"},   {52, 56, "largest root (vacuum)"},
    {56, 60, "text encoding"},        {60, 64, "user_version"},
    {64, 68, "incremental vacuum"},   {68, 72, "application_id"},
    {72, 92, "reserved (zero)"},      {92, 96, "version-valid-for"},
    {96, 100, "SQLite version"},
};
#define NFIELDS (sizeof(HEADER_FIELDS) / sizeof(HEADER_FIELDS[0]))

enum outcome { O_REFUSED, O_SAME, O_DIFFERENT, O_FAILED, NOUTCOMES };
static const char *const OUTCOME_NAME[] = {"refused", "ran same",
                                           "ran different", "failed later"};

struct tally {
    long flips;
    long where[NREGIONS][NOUTCOMES];
    long oracle[NORACLE];
    long refused_by[NORACLE];
    long outcome[NOUTCOMES];
    long integrity_only_ran; /* ran although integrity_check objects */
    long refused_write;      /* header write version (checkin's check) */
    long schema[NOUTCOMES];  /* flips in sqlite_schema's pages */
    struct msgs refusals;    /* refused where plain SQLite sees nothing */
    long crashes, hangs, bad_messages, changed, missed;
    long cmd_runs[NCOMMANDS];
    long cmd_outcome[NOUTCOMES];
    long cmd_crashes, cmd_hangs;
    long empty_wal[NCOMMANDS];   /* refusals that left an empty -wal */
    long ran_refused[NCOMMANDS]; /* ran what the store's child refused */
    double secs_oracle, secs_store, secs_commands;
    struct msgs later;
    /* The header campaign: outcomes by header field. */
    long field[NFIELDS][NOUTCOMES];
};

static struct {
    char stats[8192];
    char verify[1024];
    char scan[1024];
} cmd_base;

static void cmd_baseline(void)
{
    const char *path = tu_path("flip-cmd.db");
    /* The commands skip LeakSanitizer's exit scan (testutil.h says why):
     * set once here, in the environment they are spawned with. */
    tu_no_leak_scan();
    for (int c = 0; c < NCOMMANDS; c++) {
        struct proc p;
        if (put_file(path, clean, clean_len))
            TU_FAIL_AT("cannot write %s", path);
        run_command((enum command)c, path, &p);
        if (p.status != 0 || p.err[0])
            TU_FAIL_AT("checkin %s on the clean file: exit %d, stderr %s",
                       COMMAND_NAME[c], p.status, p.err);
        if (c == CMD_STATS)
            snprintf(cmd_base.stats, sizeof(cmd_base.stats), "%s", p.out);
        else if (c == CMD_VERIFY)
            snprintf(cmd_base.verify, sizeof(cmd_base.verify), "%s", p.out);
        else
            scan_summary(p.out, cmd_base.scan, sizeof(cmd_base.scan));
        proc_free(&p);
    }
}

#define NO_DECISION " No decision was made: scan again."

/* One real command on the flipped bytes, `refused_at_open` as the store
 * in a child found them. */
static void command_flip(struct tally *t, enum command c, const char *data,
                         size_t len, bool refused_at_open, size_t off, int bit)
{
    const char *path = tu_path("flip-cmd.db");
    if (put_file(path, data, len)) {
        TU_FAIL_AT("cannot write %s", path);
        return;
    }
    struct proc p;
    run_command(c, path, &p);
    t->cmd_runs[c]++;
    char where[96];
    snprintf(where, sizeof(where), "checkin %s, byte %zu bit %d",
             COMMAND_NAME[c], off, bit);
    if (p.hung || p.signal || sanitizer_said(p.err)) {
        p.hung ? t->cmd_hangs++ : t->cmd_crashes++;
        TU_FAIL_AT("%s: %s %d; stderr: %s", where, p.hung ? "hung" : "signal",
                   p.signal, p.err);
        proc_free(&p);
        return;
    }
    enum outcome o;
    const char *line_problem = NULL;
    char msg[1024] = "";
    if (p.status == 1 && c == CMD_VERIFY && !p.err[0] &&
        !strncmp(p.out, "NOT VALID (", 11)) {
        /* verify's own "not valid" (exit 1, docs: 0 / 1 / 2): a flipped
         * value, such as a stored secret, changed the answer. */
        o = O_DIFFERENT;
    } else if (p.status == 1) {
        /* One line: "checkin: " and the sentence. */
        size_t n = strlen(p.err);
        if (strncmp(p.err, "checkin: ", 9) != 0 || n < 11 ||
            p.err[n - 1] != '\n' || memchr(p.err, '\n', n - 1))
            line_problem = "not one 'checkin: ' line";
        else
            snprintf(msg, sizeof(msg), "%.*s", (int)(n - 10), p.err + 9);
        o = refused_at_open ? O_REFUSED : O_FAILED;
    } else if (p.status != 0) {
        line_problem = "exit status neither 0 nor 1";
        o = O_FAILED;
    } else if (c == CMD_SCAN && p.err[0]) {
        /* The station said the store could not answer, and went on. */
        size_t n = strlen(p.err), k = strlen(NO_DECISION);
        if (p.err[n - 1] != '\n' || memchr(p.err, '\n', n - 1)) {
            line_problem = "several lines on stderr";
            o = O_FAILED;
        } else if (n < k + 2 ||
                   strncmp(p.err + n - 1 - k, NO_DECISION, k) != 0) {
            o = O_DIFFERENT; /* e.g. a clock warning from a changed event */
        } else {
            snprintf(msg, sizeof(msg), "%.*s", (int)(n - 1 - k), p.err);
            o = O_FAILED;
        }
    } else if (c == CMD_SCAN) {
        char sum[1024], rec[600];
        scan_summary(p.out, sum, sizeof(sum));
        if (json_record_error(p.out, rec, sizeof(rec))) {
            snprintf(msg, sizeof(msg), "%s", rec);
            o = O_FAILED;
        } else {
            o = strcmp(sum, cmd_base.scan) ? O_DIFFERENT : O_SAME;
        }
    } else {
        const char *base = c == CMD_STATS ? cmd_base.stats : cmd_base.verify;
        o = strcmp(p.out, base) ? O_DIFFERENT : O_SAME;
        if (p.err[0])
            line_problem = "ran, but wrote to stderr";
    }
    if (refused_at_open && (o == O_SAME || o == O_DIFFERENT))
        t->ran_refused[c]++;
    if (o == O_REFUSED && has_empty_wal(path))
        t->empty_wal[c]++;
    if (o == O_REFUSED && !same_file(path, data, len)) {
        t->changed++;
        TU_FAIL_AT("%s: refused, but the file or its -wal changed", where);
    }
    if (c == CMD_VERIFY && !same_file(path, data, len)) {
        t->changed++;
        TU_FAIL_AT("%s: the read-only command changed the file", where);
    }
    const char *problem = line_problem;
    if (!problem && msg[0])
        problem = sentence_problem(msg, path);
    if (problem) {
        t->bad_messages++;
        TU_FAIL_AT("%s: exit %d, bad message (%s): %s [stdout: %.200s]", where,
                   p.status, problem, p.err, p.out);
    }
    if (o == O_FAILED) {
        char prefix[32];
        snprintf(prefix, sizeof(prefix), "[%s] ", COMMAND_NAME[c]);
        msgs_add(&t->later, prefix, msg[0] ? msg : p.err, path);
    }
    t->cmd_outcome[o]++;
    proc_free(&p);
}

static size_t header_field(size_t off)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if ((int)off >= HEADER_FIELDS[i].from && (int)off < HEADER_FIELDS[i].to)
            return i;
    return 0;
}

static void flip_one(struct tally *t, size_t off, int bit, bool with_command,
                     enum command c)
{
    char *data = malloc(clean_len);
    if (!data)
        abort();
    memcpy(data, clean, clean_len);
    data[off] = (char)(data[off] ^ (1 << bit));
    t->flips++;
    double t0 = now_s();
    enum oracle orc = oracle(data, clean_len);
    t->oracle[orc]++;
    double t1 = now_s();
    t->secs_oracle += t1 - t0;

    const char *path = tu_path("flip.db");
    struct report r;
    char why[128] = "";
    if (put_file(path, data, clean_len)) {
        TU_FAIL_AT("cannot write %s", path);
        free(data);
        return;
    }
    enum run_end end = run_inprocess(path, &r, why, sizeof(why));
    t->secs_store += now_s() - t1;
    if (end != END_OK) {
        end == END_HANG ? t->hangs++ : t->crashes++;
        TU_FAIL_AT("byte %zu bit %d: the store %s", off, bit, why);
        free(data);
        return;
    }
    enum outcome o;
    if (r.open_code)
        o = O_REFUSED;
    else if (r.fail_code)
        o = O_FAILED;
    else
        o = strcmp(r.answers, baseline.answers) ? O_DIFFERENT : O_SAME;
    t->outcome[o]++;
    t->where[region_map[off]][o]++;
    if (off < 100)
        t->field[header_field(off)][o]++;

    bool must_refuse = orc != OR_INTEGRITY && orc != OR_CLEAN;
    if (must_refuse && o != O_REFUSED) {
        t->missed++;
        TU_FAIL_AT("byte %zu bit %d: plain SQLite says \"%s\", but the store "
                   "opened it (%s)",
                   off, bit, ORACLE_NAME[orc],
                   o == O_FAILED ? r.msg : "and ran");
    }
    if (off >= 100 && schema_page[off / page_size + 1])
        t->schema[o]++;
    if (o == O_REFUSED && !must_refuse &&
        strstr(r.msg, "newer SQLite may "
                      "write")) {
        t->refused_write++;
    } else if (o == O_REFUSED) {
        t->refused_by[orc]++;
        if (!must_refuse)
            msgs_add(&t->refusals, "", r.msg, path);
        int want = orc == OR_NEWER ? CK_EVERSION : CK_ECORRUPT;
        if (must_refuse &&
            (r.open_code != want || !strstr(r.msg, expected_phrase(orc))))
            TU_FAIL_AT("byte %zu bit %d (%s): refused with %d \"%s\", "
                       "expected %d and \"%s\"",
                       off, bit, ORACLE_NAME[orc], r.open_code, r.msg, want,
                       expected_phrase(orc));
        if (!same_file(path, data, clean_len)) {
            t->changed++;
            TU_FAIL_AT("byte %zu bit %d: refused, but the file or its -wal "
                       "changed",
                       off, bit);
        }
    }
    if (o == O_DIFFERENT && orc == OR_INTEGRITY)
        t->integrity_only_ran++;
    if (o == O_REFUSED || o == O_FAILED) {
        const char *problem = sentence_problem(r.msg, path);
        if (problem) {
            t->bad_messages++;
            TU_FAIL_AT("byte %zu bit %d: bad message (%s) %s%s: %s", off, bit,
                       problem, o == O_FAILED ? "from " : "at open", r.what,
                       r.msg);
        }
    }
    if (o == O_FAILED) {
        char prefix[48];
        snprintf(prefix, sizeof(prefix), "[in-process %s] ", r.what);
        msgs_add(&t->later, prefix, r.msg, path);
    }
    if (with_command) {
        double t2 = now_s();
        command_flip(t, c, data, clean_len, o == O_REFUSED, off, bit);
        t->secs_commands += now_s() - t2;
    }
    free(data);
}

static void report(const char *title, const struct tally *t, double secs)
{
    long refused = t->outcome[O_REFUSED];
    printf("\n== %s: %ld flips, %.1f s (oracle %.1f, store %.1f, commands "
           "%.1f) ==\n",
           title, t->flips, secs, t->secs_oracle, t->secs_store,
           t->secs_commands);
    printf("refused at open: %ld\n", refused);
    for (int i = 0; i < NORACLE; i++)
        if (t->refused_by[i])
            printf("  %-45s %5ld\n", ORACLE_NAME[i], t->refused_by[i]);
    if (t->refused_write)
        printf("  %-45s %5ld\n", "checkin's write check (header offset 18)",
               t->refused_write);
    for (size_t i = 0; i < t->refusals.n; i++)
        printf("    %3ld x %s\n", t->refusals.count[i], t->refusals.text[i]);
    printf("opened and ran, same answers:      %5ld\n", t->outcome[O_SAME]);
    printf("opened and ran, different answers: %5ld (integrity_check would "
           "have objected to %ld)\n",
           t->outcome[O_DIFFERENT], t->integrity_only_ran);
    printf("opened, then failed with a sentence: %3ld\n", t->outcome[O_FAILED]);
    printf("crashes %ld, hangs %ld, bad messages %ld, refused files changed "
           "%ld, damage SQLite sees but the store opened %ld\n",
           t->crashes, t->hangs, t->bad_messages, t->changed, t->missed);
    printf("plain SQLite on the same bytes:");
    for (int i = 0; i < NORACLE; i++)
        if (t->oracle[i])
            printf(" %s %ld;", ORACLE_NAME[i], t->oracle[i]);
    printf("\n%-14s", "where");
    for (int o = 0; o < NOUTCOMES; o++)
        printf(" %13s", OUTCOME_NAME[o]);
    putchar('\n');
    for (int r = 0; r < NREGIONS; r++) {
        long sum = 0;
        for (int o = 0; o < NOUTCOMES; o++)
            sum += t->where[r][o];
        if (!sum)
            continue;
        printf("%-14s", REGION_NAME[r]);
        for (int o = 0; o < NOUTCOMES; o++)
            printf(" %13ld", t->where[r][o]);
        putchar('\n');
    }
    if (t->schema[0] + t->schema[1] + t->schema[2] + t->schema[3])
        printf("in sqlite_schema's pages (past the header): refused %ld, ran "
               "same %ld, ran different %ld, failed later %ld\n",
               t->schema[O_REFUSED], t->schema[O_SAME], t->schema[O_DIFFERENT],
               t->schema[O_FAILED]);
    long runs = t->cmd_runs[0] + t->cmd_runs[1] + t->cmd_runs[2];
    if (runs)
        printf("real commands: %ld (stats %ld, verify %ld, scan %ld): "
               "refused %ld, ran same %ld, ran different %ld, failed later "
               "%ld, crashes %ld, hangs %ld\n",
               runs, t->cmd_runs[CMD_STATS], t->cmd_runs[CMD_VERIFY],
               t->cmd_runs[CMD_SCAN], t->cmd_outcome[O_REFUSED],
               t->cmd_outcome[O_SAME], t->cmd_outcome[O_DIFFERENT],
               t->cmd_outcome[O_FAILED], t->cmd_crashes, t->cmd_hangs);
    if (runs)
        printf("refusals that left an empty -wal (no data) beside the file: "
               "stats %ld, verify %ld, scan %ld\n",
               t->empty_wal[CMD_STATS], t->empty_wal[CMD_VERIFY],
               t->empty_wal[CMD_SCAN]);
    if (runs)
        printf("ran although the read-write open refuses the same bytes: "
               "stats %ld, verify %ld (read-only: its quick_check skips "
               "CHECK constraints), scan %ld\n",
               t->ran_refused[CMD_STATS], t->ran_refused[CMD_VERIFY],
               t->ran_refused[CMD_SCAN]);
    if (t->later.n)
        printf("messages after opening:\n");
    for (size_t i = 0; i < t->later.n; i++)
        printf("  %3ld x %s\n", t->later.count[i], t->later.text[i]);
    if (t->later.dropped)
        printf("  (%ld more of other kinds)\n", t->later.dropped);
    fflush(stdout);
}

static struct tally *tally_new(void)
{
    struct tally *t = calloc(1, sizeof(*t));
    if (!t)
        abort();
    return t;
}

static void expect_clean(const struct tally *t)
{
    EXPECT_INT(t->crashes + t->cmd_crashes, 0);
    EXPECT_INT(t->hangs + t->cmd_hangs, 0);
    EXPECT_INT(t->bad_messages, 0);
    EXPECT_INT(t->changed, 0);
    EXPECT_INT(t->missed, 0);
}

/* ---- the cases ---- */

/* All 800 bits of the header, in process; every eighth also through a
 * real command (rotating stats, verify, scan), which eighth drawn from
 * the run's seed, so that eight runs give every bit to a command.  (A
 * command costs about four in-process runs even under ASan, most of it
 * loading the binary: 200 of them were 60% of this case's CPU.) */
static void every_header_bit_is_refused_or_harmless(void)
{
    REQUIRE(setup());
    cmd_baseline();
    struct tally *t = tally_new();
    double t0 = now_s();
    size_t phase = tu_run_seed() % 8, turn = tu_run_seed() / 8 % 3;
    for (size_t off = 0; off < 100; off++)
        for (int bit = 0; bit < 8; bit++) {
            size_t i = off * 8 + (size_t)bit;
            flip_one(t, off, bit, i % 8 == phase,
                     (enum command)((i / 8 + turn) % 3));
        }
    report("every bit of the 100-byte header", t, now_s() - t0);
    printf("%-22s %8s %9s %10s %7s\n", "header field", "refused", "ran same",
           "different", "failed");
    for (size_t f = 0; f < NFIELDS; f++)
        printf("%-22s %8ld %9ld %10ld %7ld\n", HEADER_FIELDS[f].name,
               t->field[f][O_REFUSED], t->field[f][O_SAME],
               t->field[f][O_DIFFERENT], t->field[f][O_FAILED]);
    expect_clean(t);
    EXPECT_INT(t->flips, 800);
    /* The magic string is ours to check: all 128 of its bits. */
    EXPECT_INT(t->refused_by[OR_MAGIC], 128);
    EXPECT_INT(t->refused_by[OR_APPID], 32);
    free(t);
}

/* Random bits anywhere in the file, each also through a real command.
 * (A real command costs five in-process runs, most of it loading: 500
 * flips took 87 s of CI's plain stage and 271 s under ASan.) */
static void random_flips_anywhere_never_crash(void)
{
    REQUIRE(setup());
    cmd_baseline();
    struct tally *t = tally_new();
    double t0 = now_s();
    rng = tu_run_seed();
    for (int i = 0; i < RANDOM_FLIPS; i++) {
        uint32_t r = tu_rand(&rng);
        size_t off = r % clean_len;
        int bit = (int)(tu_rand(&rng) % 8);
        flip_one(t, off, bit, true, (enum command)(i % NCOMMANDS));
    }
    report("random bits anywhere in the file", t, now_s() - t0);
    expect_clean(t);
    EXPECT_INT(t->flips, RANDOM_FLIPS);
    EXPECT_INT(t->cmd_runs[0] + t->cmd_runs[1] + t->cmd_runs[2], RANDOM_FLIPS);
    free(t);
}

/* Random bits inside pages b-trees use; every third through a command. */
static void btree_page_flips_are_refused_or_run(void)
{
    REQUIRE(setup());
    cmd_baseline();
    struct tally *t = tally_new();
    double t0 = now_s();
    rng = tu_run_seed() ^ 0x0b7ee000u;
    if (!rng)
        rng = 1;
    for (int i = 0; i < BTREE_FLIPS; i++) {
        size_t off = btree_bytes[tu_rand(&rng) % nbtree_bytes];
        int bit = (int)(tu_rand(&rng) % 8);
        flip_one(t, off, bit, i % 3 == 0, (enum command)(i / 3 % 3));
    }
    report("random bits in b-tree pages", t, now_s() - t0);
    expect_clean(t);
    EXPECT_INT(t->flips, BTREE_FLIPS);
    free(t);
}

TU_MAIN(TU_CASE(every_header_bit_is_refused_or_harmless),
        TU_CASE(random_flips_anywhere_never_crash),
        TU_CASE(btree_page_flips_are_refused_or_run))
