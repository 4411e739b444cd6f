/* Import benchmark: generates N registrations (default 100,000) in both
 * import formats, imports each into a fresh event database in this process
 * and reports wall time, rows per second and peak memory.  The peer is the
 * sqlite3 shell's `.import --csv` of the same CSV into a bare table, run in
 * the same benchmark: the cost of SQLite itself with no validation,
 * folding, secrets or tutorials.
 *
 *   import_bench [N] [WORKDIR]
 *
 * It prints figures; it never passes or fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/store.h"
#include "checkin/util.h"

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

static void secret(unsigned long i, char out[33])
{
    static const char alpha[] = "abcdefghjkmnpqrstuvwxyz23456789";
    unsigned long long x = i * 0x9E3779B97F4A7C15ull + 12345;
    for (int k = 0; k < 32; k++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        x ^= x >> 32;
        out[k] = alpha[x % 31];
    }
    out[32] = '\0';
}

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
        secret(i, s);
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
          "\"questions\": [], \"items\": [], \"orders\": [\n",
          f);
    /* Item 311 is the demo event's individual ticket. */
    for (unsigned long i = 0; i < n; i++) {
        char s[33];
        secret(i, s);
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

static double run_import(const char *db, const char *file,
                         struct import_counts *n)
{
    unlink(db);
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err)) {
        fprintf(stderr, "import_bench: %s\n", err.msg);
        exit(1);
    }
    double t0 = now_s();
    if (import_file(s, file, NULL, n, &err)) {
        fprintf(stderr, "import_bench: %s\n", err.msg);
        exit(1);
    }
    double t = now_s() - t0;
    store_close(s);
    return t;
}

/* The peer: sqlite3's shell importing the same CSV into a bare table. */
static double run_peer(const char *dir, const char *csv)
{
    char db[4200], cmd[9000];
    snprintf(db, sizeof(db), "%s/peer.db", dir);
    unlink(db);
    snprintf(cmd, sizeof(cmd),
             "sqlite3 '%s' 'PRAGMA journal_mode=WAL;' 'PRAGMA "
             "synchronous=FULL;' '.import --csv %s regs' >/dev/null",
             db, csv);
    double t0 = now_s();
    int st = system(cmd);
    double t = now_s() - t0;
    return st == 0 ? t : -1;
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
    struct stat sb;
    stat(csv, &sb);
    struct import_counts c;
    double t_csv = run_import(db, csv, &c);
    long added_csv = c.added;
    double t_re = run_import(db, csv, &c); /* fresh db again: steady state */
    (void)t_re;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    long rss_csv = ru.ru_maxrss;
    /* Re-import of the same file into the filled database: all unchanged. */
    struct ck_error err = {0};
    store *s;
    double t_same = -1;
    if (!store_open(db, STORE_EXISTING, &s, &err)) {
        double t0 = now_s();
        if (!import_file(s, csv, NULL, &c, &err))
            t_same = now_s() - t0;
        store_close(s);
    }
    double t_json = run_import(db, json, &c);
    long added_json = c.added;
    getrusage(RUSAGE_SELF, &ru);
    double t_peer = run_peer(dir, csv);

    printf("| import of %lu registrations (%.1f MB CSV) | seconds | rows/s |\n"
           "|---|---|---|\n",
           n, (double)sb.st_size / 1e6);
    printf("| checkin, generic CSV (%ld added) | %.2f | %.0f |\n", added_csv,
           t_csv, (double)n / t_csv);
    printf("| checkin, same CSV again (all unchanged) | %.2f | %.0f |\n",
           t_same, (double)n / t_same);
    printf("| checkin, pretix JSON (%ld added) | %.2f | %.0f |\n", added_json,
           t_json, (double)n / t_json);
    if (t_peer > 0)
        printf("| peer: sqlite3 shell `.import --csv`, no validation | %.2f | "
               "%.0f |\n",
               t_peer, (double)n / t_peer);
    printf("\npeak memory (max RSS): %.1f MB after CSV, %.1f MB after JSON\n",
           (double)rss_csv / 1024, (double)ru.ru_maxrss / 1024);
    if (t_peer > 0)
        printf("ratio checkin CSV / sqlite3 .import: %.2fx\n", t_csv / t_peer);
    return 0;
}
