/* Implementation of the test harness in testutil.h.  Plain C, no framework:
 * ctest runs each executable and reads its exit status. */
#include "testutil.h"

#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/util.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int tu_failures;
static char tmpdir[4096];

void tu_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: FAIL: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    tu_failures++;
}

/* The running case's skip, if it skipped: its reason. */
static char skip_why[512];

static bool under_ci(void)
{
    const char *ci = getenv("CI");
    return ci && *ci;
}

void tu_skip(const char *fmt, ...)
{
    char why[sizeof(skip_why)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (under_ci()) {
        tu_fail(__FILE__, __LINE__,
                "%s, and CI must run this case: CI runs scripts/setup "
                "--tests, which installs it",
                why);
        return;
    }
    snprintf(skip_why, sizeof(skip_why), "%s", why[0] ? why : "no reason");
}

int tu_skip_all(const char *why)
{
    if (under_ci()) {
        printf("not ok - %s, and CI must run this test: CI runs "
               "scripts/setup --tests, which installs it\n",
               why);
        return 1;
    }
    printf("SKIP: %s; run scripts/setup --tests\n", why);
    return 77;
}

static void cleanup(void)
{
    if (!tmpdir[0])
        return;
    if (tu_failures || getenv("TU_KEEP")) {
        fprintf(stderr, "kept test files in %s\n", tmpdir);
        return;
    }
    char cmd[4200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

const char *tu_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof(tmpdir), "%s/checkin-test-XXXXXX",
                 base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(cleanup);
    }
    return tmpdir;
}

const char *tu_path(const char *name)
{
    static char ring[64][4096];
    static unsigned next;
    char *p = ring[next++ % 64];
    int n = snprintf(p, 4096, "%s/%s", tu_tmpdir(), name);
    if (n < 0 || n >= 4096) {
        /* A cut path would name another file: stop the test here. */
        fprintf(stderr, "tu_path: %s/%s is longer than 4095 bytes\n",
                tu_tmpdir(), name);
        abort();
    }
    return p;
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && w == len) ? 0 : -1;
}

/* `checkin ARGS` with standard input from file `in`. */
static int checkin_from(const char *args, const char *in, const char **out,
                        const char **err)
{
    static char *outbuf, *errbuf;
    free(outbuf);
    free(errbuf);
    outbuf = errbuf = NULL;
    const char *o = tu_path(".stdout"), *e = tu_path(".stderr");
    size_t need = strlen(args) + 2 * strlen(o) + strlen(in) + 64 +
                  sizeof(CHECKIN_BIN) + sizeof(TU_NO_LEAK_SCAN);
    char *cmd = malloc(need);
    if (!cmd)
        return -1;
    snprintf(cmd, need, TU_NO_LEAK_SCAN "%s %s >'%s' 2>'%s' <'%s'", CHECKIN_BIN,
             args, o, e, in);
    int st = system(cmd);
    free(cmd);
    outbuf = tu_read_file(o, NULL);
    errbuf = tu_read_file(e, NULL);
    if (out)
        *out = outbuf ? outbuf : "";
    if (err)
        *err = errbuf ? errbuf : "";
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

void tu_no_leak_scan(void)
{
    const char *was = getenv("ASAN_OPTIONS");
    char opts[1024];
    snprintf(opts, sizeof(opts), "%s%sdetect_leaks=0", was ? was : "",
             was && *was ? ":" : "");
    setenv("ASAN_OPTIONS", opts, 1);
}

int tu_checkin(const char *args, const char **out, const char **err)
{
    return checkin_from(args, "/dev/null", out, err);
}

int tu_sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(cmd)) {
        fprintf(stderr, "tu_sh: command too long\n");
        return -1;
    }
    return system(cmd);
}

int tu_tmux_available(void)
{
    return system("tmux -V >/dev/null 2>&1") == 0;
}

const char *tu_tmux_socket(void)
{
    static char sock[64];
    if (!sock[0])
        snprintf(sock, sizeof(sock), "checkin-test-%ld", (long)getpid());
    return sock;
}

/* Stop the test's tmux server and wait until it no longer takes
 * connections: a new-session sent while it is still exiting fails with
 * "server exited unexpectedly" (seen in CI between two cases).  Its
 * socket file stays, so the sign is tmux's own "no server running". */
static void tmux_server_gone(void)
{
    const char *sock = tu_tmux_socket();
    tu_sh("tmux -L %s kill-server 2>/dev/null", sock);
    char cmd[160];
    snprintf(cmd, sizeof(cmd), "tmux -L %s has-session 2>&1", sock);
    for (int64_t until = tu_mono_ms() + 20000; tu_mono_ms() < until;) {
        FILE *f = popen(cmd, "r");
        char said[256] = "";
        if (f) {
            size_t n = fread(said, 1, sizeof(said) - 1, f);
            said[n] = '\0';
            pclose(f);
        }
        if (!f || strstr(said, "no server running") ||
            strstr(said, "error connecting"))
            return;
        usleep(10 * 1000);
    }
}

void tu_tmux_start(const char *args, const char *record)
{
    const char *sock = tu_tmux_socket();
    /* Recording: the program waits for a line on its terminal, so that
     * pipe-pane is in place before it writes anything.  A server still
     * exiting can refuse new-session: then again, once it is gone. */
    int rc = -1;
    for (int attempt = 0; attempt < 3 && rc; attempt++) {
        tmux_server_gone();
        rc = tu_sh("tmux -L %s new-session -d -s t -x 100 -y 32 \"%senv "
                   "TERM=xterm LC_ALL=C.UTF-8 %s %s\"",
                   sock, record ? "read go; exec " : "", CHECKIN_BIN, args);
    }
    if (rc) {
        TU_FAIL_AT("tmux did not start: %s", args);
        return;
    }
    if (record) {
        if (tu_sh("tmux -L %s pipe-pane -t t \"cat >> '%s'\"", sock, record))
            TU_FAIL_AT("tmux pipe-pane failed");
        tu_tmux_keys("Enter");
    }
}

char *tu_tmux_screen_raw(void)
{
    const char *out = tu_path("screen.txt");
    if (tu_sh("tmux -L %s capture-pane -p -t t > '%s'", tu_tmux_socket(), out))
        return NULL;
    return tu_read_file(out, NULL);
}

char *tu_tmux_screen(void)
{
    char *s = tu_tmux_screen_raw();
    /* U+2068 and U+2069 around names (runtime/display_curses_bidi.c) are
     * not seen: a screen is compared as a person reads it. */
    size_t o = 0;
    for (size_t i = 0; s && s[i];) {
        if (!strncmp(s + i, "\xe2\x81\xa8", 3) ||
            !strncmp(s + i, "\xe2\x81\xa9", 3)) {
            i += 3;
            continue;
        }
        s[o++] = s[i++];
    }
    if (s)
        s[o] = '\0';
    return s;
}

static bool has_all(const char *screen, const char *const *texts)
{
    for (size_t i = 0; screen && texts[i]; i++)
        if (!strstr(screen, texts[i]))
            return false;
    return screen != NULL;
}

char *tu_tmux_wait_all(const char *file, int line, const char *const *texts)
{
    char *s = NULL;
    for (int i = 0; i < 600; i++) {
        free(s);
        s = tu_tmux_screen();
        if (has_all(s, texts))
            return s;
        usleep(100 * 1000);
    }
    char want[1024] = "";
    for (size_t i = 0; texts[i]; i++)
        snprintf(want + strlen(want), sizeof(want) - strlen(want), "%s\"%s\"",
                 i ? " and " : "", texts[i]);
    tu_fail(file, line, "waited 60 s for %s on the screen; it showed:\n%s",
            want, s ? s : "(no screen)");
    return s;
}

void tu_tmux_keys(const char *keys)
{
    tu_sh("tmux -L %s send-keys -t t %s", tu_tmux_socket(), keys);
}

void tu_tmux_stop(void)
{
    tu_sh("tmux -L %s kill-server 2>/dev/null", tu_tmux_socket());
}

void tu_tmux_station_at(const char *file, int line, const char *db,
                        const char *fmt, ...)
{
    char opts[4096], args[8400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(opts, sizeof(opts), fmt, ap);
    va_end(ap);
    snprintf(args, sizeof(args), "scan '%s' %s --keyboard", db, opts);
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_all(file, line, (const char *[]){"Ready", NULL}));
}

void tu_tmux_quit_at(const char *file, int line)
{
    tu_tmux_keys("C-q");
    tu_tmux_wait_quit_at(file, line);
}

void tu_tmux_wait_quit_at(const char *file, int line)
{
    for (int64_t until = tu_mono_ms() + 5000; tu_mono_ms() < until;
         usleep(100 * 1000))
        if (tu_sh("tmux -L %s has-session -t t 2>/dev/null", tu_tmux_socket()))
            return;
    tu_fail(file, line, "the station did not quit within 5 s");
}

void tu_tmux_show(const char *title, const char *screen)
{
    printf("---- %s ----\n%s", title, screen ? screen : "(no screen)\n");
}

void tu_pause_as_a_person(void)
{
    usleep(250 * 1000);
}

/* `--part K/N` at argv[1]: K and N (1 <= K <= N) into *k and *n, 0 when
 * there is none, -1 when it is malformed. */
static int run_part(int argc, char **argv, long *k, long *n)
{
    *k = *n = 0;
    if (argc < 2 || strcmp(argv[1], "--part"))
        return 0;
    if (argc > 3 && (strcmp(argv[3], "--skip") || argc == 4))
        return -1;
    char first[32];
    const char *slash = argc >= 3 ? strchr(argv[2], '/') : NULL;
    size_t len = slash ? (size_t)(slash - argv[2]) : 0;
    if (!slash || len >= sizeof(first))
        return -1;
    memcpy(first, argv[2], len);
    first[len] = '\0';
    if (!util_parse_long(slash + 1, 1, 1000, n) ||
        !util_parse_long(first, 1, *n, k))
        return -1;
    return 1;
}

static long long rusage_ms(int who)
{
    struct rusage r;
    if (getrusage(who, &r))
        return 0;
    return ((long long)r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1000 +
           (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1000;
}

/* proc(5): the command's name (in parentheses) may hold spaces, so the
 * fields are read after its closing parenthesis: state is field 3, ppid
 * 4, utime to cstime 14-17. */
int tu_proc_stat(pid_t pid, struct tu_proc_info *out)
{
    char path[64], line[1024];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t len = fread(line, 1, sizeof(line) - 1, f);
    fclose(f);
    line[len] = '\0';
    const char *close = strrchr(line, ')');
    char state;
    int ppid;
    unsigned long utime, stime;
    long cutime, cstime;
    if (!close || sscanf(close + 1,
                         " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu"
                         " %ld %ld",
                         &state, &ppid, &utime, &stime, &cutime, &cstime) != 6)
        return -1;
    out->pid = pid;
    out->ppid = ppid;
    out->state = state;
    out->ticks = (long long)utime + (long long)stime + cutime + cstime;
    return 0;
}

long long tu_tree_cpu_ms(void)
{
    long long ms = rusage_ms(RUSAGE_SELF) + rusage_ms(RUSAGE_CHILDREN);
    DIR *d = opendir("/proc");
    if (!d)
        return ms;
    size_t n = 0, cap = 0;
    struct tu_proc_info *all = NULL;
    for (struct dirent *e; (e = readdir(d));) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        struct tu_proc_info p;
        if (*end || pid <= 0 || tu_proc_stat((pid_t)pid, &p))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            struct tu_proc_info *more = realloc(all, cap * sizeof(*all));
            if (!more)
                break;
            all = more;
        }
        all[n++] = p;
    }
    closedir(d);
    /* The descendants: a process whose parent is this one or one already
     * found, until a pass finds no more; the found ones' pids are moved to
     * the front. */
    size_t found = 0;
    for (bool more = true; more;) {
        more = false;
        for (size_t i = found; i < n; i++) {
            bool mine = all[i].ppid == getpid();
            for (size_t j = 0; j < found && !mine; j++)
                mine = all[i].ppid == all[j].pid;
            if (mine) {
                struct tu_proc_info t = all[found];
                all[found] = all[i];
                all[i] = t;
                ms += all[found].ticks * 1000 / sysconf(_SC_CLK_TCK);
                found++;
                more = true;
            }
        }
    }
    free(all);
    return ms;
}

int tu_run(const struct tu_case *cases, size_t n, int argc, char **argv)
{
    int ran = 0, failed = 0, skipped = 0;
    long part, parts;
    int by_part = run_part(argc, argv, &part, &parts);
    if (by_part < 0) {
        printf("not ok - give --part K/N, 1 <= K <= N, and after it nothing"
               " or --skip CASE...\n");
        return 1;
    }
    /* --skip's names, each a case of this test: a renamed case would
     * otherwise run where it was meant to be left out. */
    for (int a = 4; by_part && a < argc; a++) {
        size_t i = 0;
        while (i < n && strcmp(argv[a], cases[i].name))
            i++;
        if (i == n) {
            printf("not ok - --skip %s names no case of this test; correct"
                   " the name where the test is registered\n",
                   argv[a]);
            return 1;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (by_part) {
            if ((long)(i % (size_t)parts) != part - 1)
                continue;
            bool left_out = false;
            for (int a = 4; a < argc; a++)
                left_out |= strcmp(argv[a], cases[i].name) == 0;
            if (left_out)
                continue;
        } else if (argc > 1) {
            int wanted = 0;
            for (int a = 1; a < argc; a++)
                wanted |= strcmp(argv[a], cases[i].name) == 0;
            if (!wanted)
                continue;
        }
        int before = tu_failures;
        int64_t t0 = tu_mono_ms();
        long long cpu0 = tu_tree_cpu_ms();
        skip_why[0] = '\0';
        cases[i].fn();
        ran++;
        if (tu_failures != before) {
            failed++;
            printf("not ok %d - %s\n", ran, cases[i].name);
        } else if (skip_why[0]) {
            skipped++;
            printf("ok %d - %s # SKIP %s\n", ran, cases[i].name, skip_why);
        } else {
            printf("ok %d - %s\n", ran, cases[i].name);
        }
        printf("# %s: %.1f s, %.1f s CPU\n", cases[i].name,
               (double)(tu_mono_ms() - t0) / 1000.0,
               (double)(tu_tree_cpu_ms() - cpu0) / 1000.0);
        fflush(stdout);
    }
    if (skipped)
        printf("%d passed, %d failed, %d skipped\n", ran - failed - skipped,
               failed, skipped);
    else
        printf("%d passed, %d failed\n", ran - failed, failed);
    if (by_part && !ran) {
        printf("not ok - part %ld of %ld holds no case\n", part, parts);
        return 1;
    }
    return failed ? 1 : ran && skipped == ran ? 77 : 0;
}

uint32_t tu_rand(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

uint32_t tu_run_seed(void)
{
    static uint32_t seed;
    if (seed)
        return seed;
    const char *given = getenv("CHECKIN_TEST_SEED");
    if (given && *given) {
        long v = 1;
        if (!util_parse_long(given, 1, (long)UINT32_MAX, &v))
            TU_FAIL_AT("CHECKIN_TEST_SEED=%s is not a seed; give the number "
                       "a run printed after \"seed:\", such as 1592594996",
                       given);
        seed = (uint32_t)v;
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = (uint32_t)ts.tv_nsec ^ (uint32_t)ts.tv_sec * 2654435761u ^
               (uint32_t)getpid() << 16;
        if (!seed)
            seed = 1;
    }
    printf("seed: %lu (CHECKIN_TEST_SEED=%lu repeats this run)\n",
           (unsigned long)seed, (unsigned long)seed);
    fflush(stdout);
    return seed;
}

int64_t tu_mono_ms(void)
{
    return util_mono_ms();
}

const char *tu_copy(const char *src, const char *name)
{
    const char *dst = tu_path(name);
    size_t len;
    char *data = tu_read_file(src, &len);
    if (!data || tu_write_file(dst, data, len))
        TU_FAIL_AT("copying %s to %s", src, dst);
    free(data);
    return dst;
}

const char *tu_demo_event(void)
{
    static int made;
    const char *db = tu_path("event.db");
    if (made)
        return db;
    struct ck_error err = {0};
    store *s = NULL;
    struct import_counts n;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, tu_demo_event_ini(), &err) ||
        credential_create_key(s, tu_path("event.key"), &err) ||
        import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n, &err))
        TU_FAIL_AT("making the demo event: %s", err.msg);
    store_close(s);
    made = 1;
    return db;
}

/* Whether the section header `line` ("[name]" or "[kind slug]") is one
 * of `drop`'s. */
static bool dropped_section(const char *line, size_t len,
                            const char *const *drop)
{
    const char *end = memchr(line, ']', len);
    if (line[0] != '[' || !end)
        return false;
    size_t n = (size_t)(end - line - 1);
    for (size_t i = 0; drop && drop[i]; i++) {
        size_t dl = strlen(drop[i]);
        bool prefix = dl && drop[i][dl - 1] == ' ';
        if (prefix ? n > dl && !strncmp(line + 1, drop[i], dl)
                   : n == dl && !strncmp(line + 1, drop[i], dl))
            return true;
    }
    return false;
}

const char *tu_demo_ini(const char *name, const char *const *drop,
                        const char *extra)
{
    size_t len;
    char *demo = tu_read_file(CONFIG_DIR "/demo/event.ini", &len);
    const char *path = tu_path(name);
    FILE *f = demo ? fopen(path, "w") : NULL;
    if (!f) {
        free(demo);
        TU_FAIL_AT("cannot write %s from the demo event's description", path);
        return NULL;
    }
    bool skip = false;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(demo + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - demo - at) + 1 : len - at;
        if (demo[at] == '[')
            skip = dropped_section(demo + at, n, drop);
        if (!skip)
            fwrite(demo + at, 1, n, f);
        at += n;
    }
    if (extra)
        fputs(extra, f);
    free(demo);
    if (fclose(f)) {
        TU_FAIL_AT("cannot write %s", path);
        return NULL;
    }
    return path;
}

void tu_speak(const char *lang)
{
    static bool started;
    struct ck_error err = {0};
    if (!started) {
        char a0[] = "checkin";
        char *argv[] = {a0, NULL};
        int argc = 1;
        REQUIRE(i18n_start(&argc, argv, &err) == CK_OK);
        started = true;
    }
    REQUIRE(checkin_lang_set(lang, &err) == CK_OK);
}

const char *tu_demo_event_ini(void)
{
    static const char *const drop[] = {"admission", "acknowledge ", NULL};
    static char made[4096]; /* tu_path's ring is reused */
    if (!made[0]) {
        const char *p = tu_demo_ini("demo-event.ini", drop, NULL);
        snprintf(made, sizeof(made), "%s", p ? p : "");
    }
    return made;
}

/* ---- the event files a test makes ---- */

/* `sql`'s first row on `db` read-only, stepped; NULL after failing.  It
 * waits for a lock as a station's reader does (a station process opening
 * the file, or a checkpoint, holds it for a moment: CI once saw "database
 * is locked" here, the machine loaded, right after a desk started). */
static sqlite3_stmt *sql_first_row(const char *db, const char *sql, sqlite3 **h)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_open_v2(db, h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_busy_timeout(*h, 30000) == SQLITE_OK &&
        sqlite3_prepare_v2(*h, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        return q;
    TU_FAIL_AT("%s on %s: %s", sql, db, sqlite3_errmsg(*h));
    sqlite3_finalize(q);
    sqlite3_close(*h);
    return NULL;
}

long long tu_sql_int(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = sql_first_row(db, sql, &h);
    if (!q)
        return -1;
    long long v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return v;
}

const char *tu_format(const char *fmt, ...)
{
    static char ring[4][4096];
    static int next;
    char *out = ring[next++ % 4];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, sizeof(ring[0]), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(ring[0])) {
        TU_FAIL_AT("a text longer than %zu bytes from \"%.60s\"",
                   sizeof(ring[0]), fmt);
        out[0] = '\0';
    }
    return out;
}

const char *tu_sql_text(const char *db, const char *sql)
{
    static char out[4096];
    out[0] = '\0';
    sqlite3 *h = NULL;
    sqlite3_stmt *q = sql_first_row(db, sql, &h);
    if (!q)
        return out;
    if (sqlite3_column_text(q, 0))
        snprintf(out, sizeof(out), "%s", sqlite3_column_text(q, 0));
    else
        TU_FAIL_AT("%s on %s: NULL", sql, db);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return out;
}

const char *tu_paid(const char *db, const char *what, int n)
{
    return tu_sql_text(
        db, tu_format("SELECT %s FROM attendee a JOIN ticket_secret s ON"
                      " s.attendee_id = a.id WHERE a.status = 'paid' AND"
                      " s.revoked = 0 ORDER BY a.id LIMIT 1 OFFSET %d",
                      what, n));
}

int tu_event(const char *db, const char *ini, const char *key,
             const char *registrations)
{
    char args[3 * 4096 + 64];
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s'%s%s%s", db, ini,
             key ? " --key '" : "", key ? key : "", key ? "'" : "");
    if (tu_checkin(args, &out, &err) != 0) {
        TU_FAIL_AT("checkin %s: %s", args, err);
        return -1;
    }
    snprintf(args, sizeof(args), "import '%s' '%s'", db, registrations);
    if (tu_checkin(args, &out, &err) != 0) {
        TU_FAIL_AT("checkin %s: %s", args, err);
        return -1;
    }
    return 0;
}

const char *tu_checkin_want(int want, const char *fmt, ...)
{
    char args[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    const char *out, *err;
    int status = tu_checkin(args, &out, &err);
    if (status != want)
        TU_FAIL_AT("checkin %s exited %d, not %d: %s%s", args, status, want,
                   out, err);
    static char both[1 << 16];
    snprintf(both, sizeof(both), "%s%s", out, err);
    return both;
}

int tu_checkin_in(const char *args, const char *input, const char **out,
                  const char **err)
{
    static unsigned n;
    char name[64];
    snprintf(name, sizeof(name), ".stdin-%u", n++);
    const char *in = tu_path(name);
    if (tu_write_file(in, input, strlen(input)))
        return -1;
    int st = checkin_from(args, in, out, err);
    unlink(in);
    return st;
}

int tu_lines_with(const char *path, const char *a, const char *b)
{
    char *text = tu_read_file(path, NULL);
    int n = 0;
    for (char *line = text; line && *line;) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        if (strstr(line, a) && strstr(line, b))
            n++;
        line = end ? end + 1 : line + strlen(line);
    }
    free(text);
    return n;
}

/* ---- the processes a test starts ---- */

#define MAX_TRACKED 16

static pid_t tracked[MAX_TRACKED];

/* The write end of the reaper's pipe (-1: no reaper). */
static int reaper_fd = -1;

/* Tell the reaper about group `pgid` (-pgid: forget it; 0: forget every
 * group). */
static void tell_reaper(pid_t pgid)
{
    int32_t g = (int32_t)pgid;
    if (reaper_fd >= 0 && write(reaper_fd, &g, sizeof(g)) != sizeof(g)) {
        close(reaper_fd);
        reaper_fd = -1;
    }
}

/* A process that outlives this one by a moment: when the test dies
 * however it dies, SIGKILL from ctest's timeout included, the pipe's
 * write end closes and the reaper kills every group it was told of
 * (chromedriver with the Chromium it started, the dashboard).  Signal
 * handlers and atexit cannot do that for SIGKILL. */
static void start_reaper(void)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC))
        return;
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return;
    }
    if (pid == 0) {
        /* It holds nothing of the test's but its pipe: a pipe a test
         * writes to a station must close when the test closes it. */
        for (int fd = 3; fd < 4096; fd++)
            if (fd != p[0])
                close(fd);
        setsid(); /* not killed with the test's own process group */
        pid_t groups[4 * MAX_TRACKED];
        int n = 0;
        int32_t g;
        while (read(p[0], &g, sizeof(g)) == (ssize_t)sizeof(g)) {
            if (g == 0) {
                n = 0;
            } else if (g < 0) { /* forgotten: stopped by the test */
                for (int i = 0; i < n; i++)
                    if (groups[i] == -g)
                        groups[i--] = groups[--n];
            } else if (n < (int)(sizeof(groups) / sizeof(groups[0]))) {
                groups[n++] = (pid_t)g;
            }
        }
        for (int i = 0; i < n; i++)
            kill(-groups[i], SIGKILL);
        _exit(0);
    }
    close(p[0]);
    reaper_fd = p[1];
}

static void kill_tracked(void)
{
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] > 0) {
            kill(-tracked[i], SIGKILL);
            waitpid(tracked[i], NULL, 0);
            tracked[i] = 0;
        }
    tell_reaper(0); /* all gone: nothing left for it to kill */
}

static void on_signal(int sig)
{
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] > 0)
            kill(-tracked[i], SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

void tu_track(pid_t pgid)
{
    static bool hooked;
    if (!hooked) {
        start_reaper();
        atexit(kill_tracked);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGALRM, on_signal);
        hooked = true;
    }
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] <= 0) {
            tracked[i] = pgid;
            tell_reaper(pgid);
            return;
        }
}

void tu_forget(pid_t pgid)
{
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] == pgid)
            tracked[i] = 0;
    tell_reaper(-pgid);
}

bool tu_spawn(struct tu_proc *p, const char *cmd, int pipes)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1};
    p->pid = 0;
    p->in = p->out = -1;
    if ((pipes & TU_PIPE_IN) && pipe2(in, O_CLOEXEC))
        return false;
    if ((pipes & TU_PIPE_OUT) && pipe2(out, O_CLOEXEC)) {
        if (in[0] >= 0) {
            close(in[0]);
            close(in[1]);
        }
        return false;
    }
    p->pid = fork();
    if (p->pid == 0) {
        setsid();
        if (in[0] >= 0)
            dup2(in[0], 0);
        if (out[1] >= 0)
            dup2(out[1], 1);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    if (in[0] >= 0)
        close(in[0]);
    if (out[1] >= 0)
        close(out[1]);
    p->in = in[1];
    p->out = out[0];
    if (p->pid < 0) {
        if (p->in >= 0)
            close(p->in);
        if (p->out >= 0)
            close(p->out);
        p->in = p->out = -1;
        p->pid = 0;
        return false;
    }
    tu_track(p->pid);
    return true;
}

const char *tu_read_until(int fd, const char *needle, int timeout_ms)
{
    static char text[4096];
    size_t len = 0;
    text[0] = '\0';
    int64_t until = tu_mono_ms() + timeout_ms;
    struct pollfd p = {.fd = fd, .events = POLLIN};
    for (;;) {
        const char *at = strstr(text, needle);
        if (at && strchr(at, '\n'))
            break;
        int64_t left = until - tu_mono_ms();
        if (len >= sizeof(text) - 1 || left <= 0 || poll(&p, 1, (int)left) != 1)
            break;
        ssize_t r = read(fd, text + len, sizeof(text) - 1 - len);
        if (r <= 0)
            break;
        len += (size_t)r;
        text[len] = '\0';
    }
    return text;
}

char *tu_wait_file(const char *path, const char *text, int timeout_ms)
{
    int64_t until = tu_mono_ms() + timeout_ms;
    for (;;) {
        char *got = tu_read_file(path, NULL);
        if ((got && strstr(got, text)) || tu_mono_ms() >= until)
            return got;
        free(got);
        usleep(20 * 1000);
    }
}

int tu_stop(struct tu_proc *p, int sig, int timeout_ms, const char *what)
{
    if (p->pid <= 0)
        return -1;
    if (sig)
        kill(p->pid, sig);
    else if (p->in >= 0)
        close(p->in);
    if (sig && p->in >= 0)
        close(p->in);
    p->in = -1;
    int status = -1;
    int64_t until = tu_mono_ms() + timeout_ms;
    while (waitpid(p->pid, &status, WNOHANG) == 0) {
        if (tu_mono_ms() >= until) {
            TU_FAIL_AT("%s did not end within %d s of %s", what,
                       timeout_ms / 1000,
                       sig ? strsignal(sig) : "the end of its input");
            kill(-p->pid, SIGKILL);
            waitpid(p->pid, NULL, 0);
            status = -1;
            break;
        }
        usleep(20 * 1000);
    }
    if (p->out >= 0)
        close(p->out);
    p->out = -1;
    tu_forget(p->pid);
    p->pid = 0;
    return status;
}

bool tu_find_link(const char *text, const char *marker, struct tu_link *out)
{
    memset(out, 0, sizeof(*out));
    const char *u = text ? strstr(text, marker ? marker : "http") : NULL;
    u = u ? strstr(u, "http") : NULL;
    if (!u)
        return false;
    snprintf(out->url, sizeof(out->url), "%.*s", (int)strcspn(u, " \n"), u);
    const char *host = strstr(out->url, "://");
    const char *colon = NULL;
    if (host && host[3] == '[')
        colon = strstr(host, "]:") ? strstr(host, "]:") + 1 : NULL;
    else if (host)
        colon = strchr(host + 3, ':');
    out->port = colon ? (int)strtol(colon + 1, NULL, 10) : -1;
    const char *t = strstr(out->url, "token=");
    if (t)
        snprintf(out->token, sizeof(out->token), "%.*s",
                 (int)strcspn(t + 6, "&#"), t + 6);
    return out->port > 0;
}

bool tu_serve(struct tu_proc *p, const char *cmd, const char *said,
              const char *marker, const char *what, struct tu_link *link)
{
    return tu_serve_with(p, cmd, 0, said, marker, what, link);
}

bool tu_serve_with(struct tu_proc *p, const char *cmd, int pipes,
                   const char *said, const char *marker, const char *what,
                   struct tu_link *link)
{
    memset(link, 0, sizeof(*link));
    if (!tu_spawn(p, cmd, pipes)) {
        TU_FAIL_AT("cannot start %s: %s", what, cmd);
        return false;
    }
    char *got = NULL;
    const char *at = NULL;
    for (int64_t until = tu_mono_ms() + 10000;;) {
        got = tu_wait_file(said, marker, (int)(until - tu_mono_ms()));
        at = got ? strstr(got, marker) : NULL;
        if ((at && strchr(at, '\n')) || tu_mono_ms() >= until)
            break;
        free(got); /* the line is being written: read it again */
        usleep(1000);
    }
    bool ok = at && strchr(at, '\n') && tu_find_link(at, marker, link);
    if (!ok) {
        TU_FAIL_AT("%s printed no link after \"%s\": %s", what, marker,
                   got ? got : "");
        tu_stop(p, SIGKILL, 5000, what);
    }
    free(got);
    return ok;
}

/* ---- HTTP to the servers a test starts ---- */

int tu_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        close(fd);
        fd = -1;
    }
    return fd;
}

int tu_events(int port, int wait_ms)
{
    int fd = tu_connect(port);
    char req[128], head[512] = "";
    int n =
        snprintf(req, sizeof(req),
                 "GET /events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", port);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (fd < 0 || write(fd, req, (size_t)n) != n || poll(&p, 1, wait_ms) != 1 ||
        read(fd, head, sizeof(head) - 1) <= 0 ||
        strncmp(head, "HTTP/1.1 200", 12)) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* Undo chunked transfer coding in place. */
static void unchunk(char *body)
{
    char *in = body, *out = body;
    for (;;) {
        char *end;
        unsigned long n = strtoul(in, &end, 16);
        char *line = strstr(end, "\r\n");
        if (!line || n == 0)
            break;
        in = line + 2;
        memmove(out, in, n);
        out += n;
        in += n;
        if (!strncmp(in, "\r\n", 2))
            in += 2;
    }
    *out = '\0';
}

/* Whether the response in buf[0..len) is complete (Content-Length, or
 * the last chunk); a response with neither ends at end of file. */
static bool whole(const char *buf, size_t len)
{
    if (!len)
        return false;
    const char *split = strstr(buf, "\r\n\r\n");
    if (!split)
        return false;
    size_t body = len - (size_t)(split + 4 - buf);
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    if (cl && cl < split)
        return body >= strtoul(cl + 17, NULL, 10);
    const char *te = strcasestr(buf, "\r\nTransfer-Encoding: chunked");
    if (te && te < split)
        return body >= 5 && !strcmp(buf + len - 5, "0\r\n\r\n");
    return false;
}

int tu_http(int port, const char *method, const char *path, const char *extra,
            const char *body, char **head, char **resp)
{
    if (head)
        *head = NULL;
    if (resp)
        *resp = NULL;
    int fd = tu_connect(port);
    if (fd < 0)
        return -1;
    struct timeval tv = {.tv_sec = 60};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    char *req = NULL;
    int n =
        asprintf(&req,
                 "%s %s HTTP/1.1\r\n%s%s%sContent-Length: %zu\r\n"
                 "Content-Type: application/json\r\n"
                 "Connection: close\r\n\r\n%s",
                 method, path, extra && strstr(extra, "Host:") ? "" : "Host: ",
                 extra && strstr(extra, "Host:") ? "" : "127.0.0.1\r\n",
                 extra ? extra : "", body ? strlen(body) : 0, body ? body : "");
    if (n < 0 || write(fd, req, (size_t)n) != n) {
        free(req);
        close(fd);
        return -1;
    }
    free(req);
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    ssize_t r;
    if (buf)
        buf[0] = '\0';
    /* Until the body is whole: chromedriver keeps the connection open
     * whatever the request says. */
    while (buf && !whole(buf, len) &&
           (r = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)r;
        buf[len] = '\0';
        if (cap - len < 4096) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    close(fd);
    if (!buf)
        return -1;
    buf[len] = '\0';
    int status = -1;
    char *split = strstr(buf, "\r\n\r\n");
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1 || !split) {
        free(buf);
        return -1;
    }
    *split = '\0';
    char *b = split + 4;
    if (strcasestr(buf, "Transfer-Encoding: chunked"))
        unchunk(b);
    if (resp)
        *resp = strdup(b);
    if (head)
        *head = strdup(buf);
    free(buf);
    return status;
}
