/* One-shot commands against the file's size: `checkin print`, `issue` and
 * `attendees` (a common name, and one person's e-mail) on an event of 3,000
 * registrations and on one of N (default 1,000,000), each the real command in a
 * child of its own, its CPU time (user + system) and wall time, the median of
 * ROUNDS runs, alternating between the two files.  The figure is the large
 * file's median over the small one's, measured in the same run; the machine's
 * load average is printed beside it.  Given a second checkin (OLD, such as
 * main's build), the same commands run with it too, alternating with this
 * build's, so a change is shown beside the build before.
 *
 *   open_bench [N] [WORKDIR] [OLD_CHECKIN]
 *
 * The files are made with `checkin init` of the demo event and `checkin
 * import` of a generated CSV (a million rows take about a minute); a
 * WORKDIR that already holds them is used as it is.  It prints figures;
 * it never passes or fails. */
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

#include "checkin/util.h"

#define ROUNDS 7
#define SMALL 3000UL

static const char *const GIVEN[] = {"Ada",      "Zoë",      "Łukasz",  "Priya",
                                    "Mohammed", "Anuradha", "Siobhán", "José",
                                    "Chidi",    "Søren"};
static const char *const FAMILY[] = {"Lovelace", "Müller",  "Wójcik",
                                     "Sharma",   "Okafor",  "Østergaard",
                                     "Álvarez",  "O'Connor"};

struct run {
    double cpu, wall;
};

static double now_s(void)
{
    return (double)util_mono_ns() / 1e9;
}

/* Runs argv (NULL-ended) with stdout and stderr to /dev/null; its CPU and
 * wall seconds, or -1 when it did not exit 0. */
static struct run run(char *const argv[])
{
    struct run r = {-1, -1};
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) ||
            !freopen("/dev/null", "w", stderr))
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    struct rusage ru;
    if (pid > 0 && wait4(pid, &st, 0, &ru) == pid && WIFEXITED(st) &&
        WEXITSTATUS(st) == 0) {
        r.wall = now_s() - t0;
        r.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    }
    return r;
}

static int write_csv(const char *path, unsigned long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,company,email\n",
          f);
    for (unsigned long i = 0; i < n; i++)
        fprintf(f,
                "%lu,O%07lu,paid,individual,s%031lu,%s,%s,Company %lu,"
                "person%lu@example.com\n",
                i + 1, i, i, GIVEN[i % 10], FAMILY[(i / 10) % 8], i % 997, i);
    return fclose(f);
}

/* DIR/events-N.db made with the checkin at `exe`, unless it is there. */
static int make_event(const char *exe, const char *dir, unsigned long n,
                      char *db, size_t cap)
{
    char csv[4200], ini[4200];
    snprintf(db, cap, "%s/event-%lu.db", dir, n);
    struct stat sb;
    if (stat(db, &sb) == 0)
        return 0;
    snprintf(csv, sizeof(csv), "%s/regs-%lu.csv", dir, n);
    snprintf(ini, sizeof(ini), "%s", CONFIG_DIR "/demo/event.ini");
    if (write_csv(csv, n))
        return -1;
    char *init[] = {(char *)exe, "init", db, ini, NULL};
    char *imp[] = {(char *)exe, "import", db, csv, NULL};
    fprintf(stderr, "open_bench: making %s\n", db);
    if (run(init).cpu < 0 || run(imp).cpu < 0)
        return -1;
    unlink(csv);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof(*v), cmp_double);
    return v[n / 2];
}

enum { PRINT, ISSUE, ATTENDEES, SAME, ONE, NCMD };
static const char *const CMD_NAME[] = {
    "print (a file: printer)", "issue", "attendees (a name, 50 shown)",
    "attendees (the name, --limit 37: as many shown on both)",
    "attendees (an e-mail, 1 found)"};

/* The command `c` on `db` in round `round`, by the checkin at `exe`: a
 * different person printed each round, and in each run (`base`), so
 * each is a first print (a second needs --reprint). */
static struct run command(const char *exe, const char *db, const char *dir,
                          int c, int round, unsigned long n, unsigned long base)
{
    char who[32], out[4200];
    snprintf(who, sizeof(who), "%lu",
             (base + (unsigned long)round * 97) % n + 1);
    snprintf(out, sizeof(out), "file:%s/label.bin", dir);
    char *print[] = {(char *)exe, "print",  (char *)db, who,
                     "--printer", out,      "--model",  "QL-820NWB",
                     "--media",   "62x100", NULL};
    char *issue[] = {(char *)exe, "issue", (char *)db, who, NULL};
    char *list[] = {(char *)exe, "attendees", (char *)db, "Ada Lovelace", NULL};
    /* The small file has 37 of the name: the same people shown on both. */
    char *same[] = {(char *)exe, "attendees", (char *)db, "Ada Lovelace",
                    "--limit",   "37",        NULL};
    char mail[48];
    snprintf(mail, sizeof(mail), "person%lu@",
             (base + (unsigned long)round * 97) % n);
    char *one[] = {(char *)exe, "attendees", (char *)db, mail, NULL};
    return run(c == PRINT   ? print
               : c == ISSUE ? issue
               : c == ONE   ? one
               : c == SAME  ? same
                            : list);
}

int main(int argc, char **argv)
{
    unsigned long big = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    char dir[4096];
    if (argc > 2) {
        snprintf(dir, sizeof(dir), "%s", argv[2]);
        mkdir(dir, 0700);
    } else {
        snprintf(dir, sizeof(dir), "/tmp/checkin-open-bench-XXXXXX");
        if (!mkdtemp(dir))
            return 1;
    }
    const char *exe[2] = {CHECKIN_EXE, argc > 3 ? argv[3] : NULL};
    char small_db[4200], big_db[4200];
    if (make_event(exe[0], dir, SMALL, small_db, sizeof(small_db)) ||
        make_event(exe[0], dir, big, big_db, sizeof(big_db))) {
        fprintf(stderr, "open_bench: cannot make the event files\n");
        return 1;
    }
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    int builds = exe[1] ? 2 : 1;
    unsigned long base = (unsigned long)time(NULL) * 7919UL;
    static double cpu[2][NCMD][2][ROUNDS], wall[2][NCMD][2][ROUNDS];
    bool failed = false;
    for (int r = 0; r < ROUNDS; r++)
        for (int c = 0; c < NCMD; c++)
            for (int b = 0; b < builds; b++)
                for (int size = 0; size < 2; size++) {
                    struct run x =
                        command(exe[b], size ? big_db : small_db, dir, c,
                                r * 2 + b, size ? big : SMALL, base);
                    failed |= x.cpu < 0;
                    cpu[b][c][size][r] = x.cpu;
                    wall[b][c][size][r] = x.wall;
                }
    double after[3] = {0, 0, 0};
    getloadavg(after, 3);
    printf("| command, median of %d | build | CPU ms at %lu / at %lu (x) | "
           "wall ms at %lu / at %lu (x) |\n|---|---|---|---|\n",
           ROUNDS, SMALL, big, SMALL, big);
    for (int c = 0; c < NCMD; c++)
        for (int b = 0; b < builds; b++) {
            double cs = median(cpu[b][c][0], ROUNDS) * 1e3;
            double cb = median(cpu[b][c][1], ROUNDS) * 1e3;
            double ws = median(wall[b][c][0], ROUNDS) * 1e3;
            double wb = median(wall[b][c][1], ROUNDS) * 1e3;
            printf("| %s | %s | %.1f / %.1f (%.2fx) | %.1f / %.1f (%.2fx) |\n",
                   CMD_NAME[c], b ? "old" : "this", cs, cb, cb / cs, ws, wb,
                   wb / ws);
        }
    printf("load average: %.2f at the start, %.2f at the end%s\n", load[0],
           after[0], failed ? "; SOME RUNS FAILED (-1)" : "");
    return 0;
}
