/* Import benchmark: generates N registrations (default 100,000) in both
 * import formats, written row by row as they are made, imports each into
 * a fresh event database in a child process of its own and reports that
 * child's CPU time (user + system), wall time and peak memory (max RSS).
 * The peer is the sqlite3 shell's `.import --csv` of the same CSV into a
 * bare table, measured the same way in the same run: the cost of SQLite
 * itself with no validation, folding, secrets or tutorials.  Last,
 * `checkin describe` of the same pretix export (describe_pretix), measured
 * the same way: it reads the export as a stream too.
 *
 *   import_bench [N] [WORKDIR]
 *
 * It prints figures; it never passes or fails. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/describe.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/store.h"
#include "checkin/util.h"

#include "bench_util.h"

static double now_s(void)
{
    return (double)util_mono_ns() / 1e9;
}

static const char *const GIVEN[] = {
    "Ada",  "Zoë",    "Łukasz", "Priya", "Mohammed", "Anuradha",
    "小明", "さくら", "서연",   "Ольга", "Γιώργος",  "Siobhán",
    "José", "Chidi",  "Nguyễn", "Søren"};
static const char *const FAMILY[] = {
    "Lovelace", "Müller", "Wójcik",    "Sharma",    "Al-Farouq",    "देशपांडे",
    "王",       "佐藤",   "이",        "Петренко",  "Παπαδόπουλος", "O'Connor",
    "Álvarez",  "Okafor", "Thị Hương", "Østergaard"};
static const char *const TYPES[] = {"individual", "corporate", "student",
                                    "speaker"};
static const char *const TUTS[] = {"pandas-intro", "asyncio-practice",
                                   "pytest-effective", "polars-duckdb"};

static int write_csv(const char *path, unsigned long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,pronouns,company,email,tutorials,sponsor_consent\n",
          f);
    for (unsigned long i = 0; i < n; i++) {
        char s[33];
        bench_secret(i, s);
        fprintf(f,
                "%lu,O%06lu,%s,%s,%s,%s,%s,%s,\"Company %lu, Inc.\","
                "person%lu@example.com,%s,%s\n",
                i + 1, i / 2, i % 50 == 0 ? "cancelled" : "paid", TYPES[i % 4],
                s, GIVEN[i % 16], FAMILY[(i / 16) % 16], i % 3 ? "she/her" : "",
                i % 997, i, i % 3 == 0 ? TUTS[i % 4] : "",
                i % 5 < 3 ? "yes" : "no");
    }
    return fclose(f);
}

static int write_json(const char *path, unsigned long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("{\"event\": {\"name\": \"Bench\", \"slug\": \"pycon-demo-2027\", "
          "\"questions\": [], \"items\": [{\"id\": 311, \"name\": "
          "\"Individual\", \"admission\": true, \"variations\": []}], "
          "\"orders\": [\n",
          f);
    /* Item 311 is the demo event's individual ticket. */
    for (unsigned long i = 0; i < n; i++) {
        char s[33];
        bench_secret(i, s);
        fprintf(f,
                "%s{\"code\": \"P%06lu\", \"status\": \"p\", \"email\": "
                "\"person%lu@example.com\", \"positions\": [{\"id\": %lu, "
                "\"item\": 311, \"attendee_name\": \"%s %s\", "
                "\"attendee_email\": null, \"company\": \"Company %lu\", "
                "\"secret\": \"%s\", \"addon_to\": null, \"answers\": []}]}",
                i ? ",\n" : "", i, i, i + 1, GIVEN[i % 16],
                FAMILY[(i / 16) % 16], i % 997, s);
    }
    fputs("]}}\n", f);
    return fclose(f);
}

struct run {
    double cpu, wall, rss_mb;
    long added, unchanged;
};

/* Waits for the child `pid` (forked at `t0`, -1 if the fork failed) and,
 * when it exited 0, fills in its wall and CPU seconds and peak RSS;
 * otherwise leaves them -1, so the row shows the run failed. */
static void measured(pid_t pid, double t0, struct run *r)
{
    int st;
    struct rusage ru;
    if (pid > 0 && wait4(pid, &st, 0, &ru) == pid && WIFEXITED(st) &&
        WEXITSTATUS(st) == 0) {
        r->wall = now_s() - t0;
        r->cpu = (double)ru.ru_utime.tv_sec +
                 (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
        r->rss_mb = (double)ru.ru_maxrss / 1024;
    }
}

/* Import `file` into `db` (made afresh from the demo event when `fresh`)
 * in a child; its CPU, wall time and peak memory. */
static struct run run_import(const char *db, const char *file, bool fresh)
{
    struct run r = {-1, -1, -1, 0, 0};
    int fd[2];
    if (pipe(fd))
        return r;
    if (fresh)
        unlink(db);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        struct ck_error err = {0};
        struct import_counts n;
        store *s;
        if (store_open(db, fresh ? STORE_CREATE : STORE_EXISTING, &s, &err) ||
            (fresh && event_load(s, CONFIG_DIR "/demo/event.ini", &err)) ||
            import_file(s, file, NULL, &n, &err)) {
            fprintf(stderr, "import_bench: %s\n", err.msg);
            _exit(1);
        }
        store_close(s);
        long out[2] = {n.added, n.unchanged};
        _exit(write(fd[1], out, sizeof(out)) == sizeof(out) ? 0 : 1);
    }
    close(fd[1]);
    long got[2] = {0, 0};
    if (pid > 0 && read(fd[0], got, sizeof(got)) == sizeof(got)) {
        r.added = got[0];
        r.unchanged = got[1];
    }
    close(fd[0]);
    measured(pid, t0, &r);
    return r;
}

/* describe_pretix of `json` in a child, as run_import measures. */
static struct run run_describe(const char *dir, const char *json)
{
    struct run r = {-1, -1, -1, 0, 0};
    char out[4200];
    snprintf(out, sizeof(out), "%s/described.ini", dir);
    unlink(out);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        struct ck_error err = {0};
        struct describe_summary sum;
        if (describe_pretix(json, out, &sum, &err)) {
            fprintf(stderr, "import_bench: %s\n", err.msg);
            _exit(1);
        }
        _exit(0);
    }
    measured(pid, t0, &r);
    return r;
}

/* The peer: sqlite3's shell importing the same CSV into a bare table. */
static struct run run_peer(const char *dir, const char *csv)
{
    struct run r = {-1, -1, -1, 0, 0};
    char db[4200], cmd[4300];
    snprintf(db, sizeof(db), "%s/peer.db", dir);
    snprintf(cmd, sizeof(cmd), ".import --csv %s regs", csv);
    unlink(db);
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(1);
        execlp("sqlite3", "sqlite3", db, "PRAGMA journal_mode=WAL;",
               "PRAGMA synchronous=FULL;", cmd, (char *)NULL);
        _exit(127);
    }
    measured(pid, t0, &r);
    return r;
}

static void row(const char *what, const struct run *r, const struct run *peer)
{
    printf("| %s | %.2f | %.2f | %.1f | ", what, r->cpu, r->wall, r->rss_mb);
    if (peer->cpu > 0)
        printf("%.1fx |\n", r->cpu / peer->cpu);
    else
        printf("- |\n");
}

int main(int argc, char **argv)
{
    unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 10) : 100000;
    char dir[4096];
    if (argc > 2) {
        snprintf(dir, sizeof(dir), "%s", argv[2]);
        mkdir(dir, 0755);
    } else {
        snprintf(dir, sizeof(dir), "/tmp/checkin-import-bench-XXXXXX");
        if (!mkdtemp(dir))
            return 1;
    }
    char csv[4200], json[4200], db[4200];
    snprintf(csv, sizeof(csv), "%s/regs.csv", dir);
    snprintf(json, sizeof(json), "%s/regs.json", dir);
    snprintf(db, sizeof(db), "%s/bench.db", dir);
    if (write_csv(csv, n) || write_json(json, n)) {
        perror("import_bench: writing inputs");
        return 1;
    }
    struct stat sc, sj;
    if (stat(csv, &sc) || stat(json, &sj))
        return 1;
    struct run peer = run_peer(dir, csv);
    struct run r_csv = run_import(db, csv, true);
    struct run r_same = run_import(db, csv, false);
    struct run r_json = run_import(db, json, true);
    struct run r_desc = run_describe(dir, json);

    printf("| import of %lu registrations (CSV %.1f MB, pretix JSON %.1f MB) "
           "| CPU s | wall s | peak RSS MB | CPU / peer |\n"
           "|---|---|---|---|---|\n",
           n, (double)sc.st_size / 1e6, (double)sj.st_size / 1e6);
    char what[128];
    snprintf(what, sizeof(what), "checkin, generic CSV (%ld added)",
             r_csv.added);
    row(what, &r_csv, &peer);
    snprintf(what, sizeof(what), "checkin, same CSV again (%ld unchanged)",
             r_same.unchanged);
    row(what, &r_same, &peer);
    snprintf(what, sizeof(what), "checkin, pretix JSON (%ld added)",
             r_json.added);
    row(what, &r_json, &peer);
    row("checkin describe of the pretix JSON", &r_desc, &peer);
    row("peer: sqlite3 shell `.import --csv`, no validation", &peer, &peer);
    return 0;
}
