/* `checkin demo`: the station flow on the bundled demo event, with no
 * camera or printer attached.  Everything goes into one output folder that
 * the demo recreates on every run. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/progress.h"
#include "checkin/store.h"
#include "cli.h"

static const char DEMO_USAGE[] =
    "Usage: checkin demo [--out DIR]\n"
    "Create the bundled demo event (about 300 registrations in many scripts)\n"
    "and run the station flow on it.  Files go to DIR (default\n"
    "./checkin-demo), which is recreated on every run.\n";

static void remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm"};
    char p[4200];
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
        if (unlink(p) && errno != ENOENT)
            fprintf(stderr, "checkin: could not remove %s: %s\n", p,
                    strerror(errno));
    }
}

static void show_reject(void *ctx, const char *file, long line,
                        const char *reason)
{
    (void)ctx;
    fprintf(stderr, "%s:%ld: %s.\n", file, line, reason);
}

static void show_progress(void *ctx, uint64_t done, uint64_t total)
{
    progress_update(ctx, done, total);
}

static int make_event(const char *db, const char *ini, const char *file,
                      struct import_counts *n, struct ck_error *err)
{
    remove_db(db);
    store *s;
    int code = store_open(db, STORE_CREATE, &s, err);
    if (code)
        return code;
    code = event_load(s, ini, err);
    if (!code) {
        struct progress bar;
        progress_start(&bar, stderr, "importing");
        struct import_options opt = {.report = show_reject,
                                     .progress = show_progress,
                                     .ctx = &bar};
        code = import_file(s, file, &opt, n, err);
        progress_end(&bar);
    }
    store_close(s);
    return code;
}

static int show_search(store *s, const char *query, struct ck_error *err)
{
    struct attendee_list l;
    int code = store_attendee_search(s, query, 3, &l, err);
    if (code)
        return code;
    printf("  search \"%s\": ", query);
    for (size_t i = 0; i < l.n; i++)
        printf("%s%s (%s)", i ? ", " : "", l.items[i].badge_name,
               l.items[i].order_code);
    printf("%s\n", l.n ? "" : "nobody");
    attendee_list_free(&l);
    return CK_OK;
}

int cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *out = "checkin-demo";
    int c;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'h':
            fputs(DEMO_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("demo", c);
            return EXIT_USAGE;
        }
    }
    if (optind != argc)
        return cli_usage_error("demo", "unexpected argument '%s'",
                               argv[optind]);
    struct ck_error err = {0};
    if (mkdir(out, 0755) && errno != EEXIST) {
        ck_fail(&err, CK_EIO, "Cannot create the demo folder %s: %s.", out,
                strerror(errno));
        return cli_fail(&err);
    }
    const char *conf = cli_config_dir();
    char ini[4096], csv[4096], json[4096], db[4096], db2[4096];
    snprintf(ini, sizeof(ini), "%s/demo/event.ini", conf);
    snprintf(csv, sizeof(csv), "%s/demo/registrations.csv", conf);
    snprintf(json, sizeof(json), "%s/demo/pretix-orders.json", conf);
    snprintf(db, sizeof(db), "%s/event.db", out);
    snprintf(db2, sizeof(db2), "%s/event-from-pretix.db", out);

    printf("checkin demo: the bundled PyCon-like event\n\n");
    struct import_counts n;
    if (make_event(db, ini, csv, &n, &err))
        return cli_fail(&err);
    printf("1. Registration import\n");
    printf("  %s: %ld added, %ld rejected\n", csv, n.added, n.rejected);
    if (make_event(db2, ini, json, &n, &err))
        return cli_fail(&err);
    printf("  %s: %ld added, %ld rejected\n", json, n.added, n.rejected);

    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    struct store_stats st;
    int code = store_stats(s, &st, &err);
    if (!code) {
        printf("  %s: %ld registrations, %ld paid, %ld pending, %ld "
               "cancelled, %ld refunded; %zu ticket types, %zu tutorials\n",
               st.event_name, st.attendees, st.paid, st.pending, st.cancelled,
               st.refunded, st.ntypes, st.ntutorials);
        store_stats_free(&st);
    }
    printf("\n2. Finding people without their code (any script, no "
           "accents needed)\n");
    static const char *const queries[] = {"zoe", "lukasz", "श्रीनिवास",
                                          "王", "محمد", "O'Connor"};
    for (size_t i = 0; !code && i < sizeof(queries) / sizeof(queries[0]); i++)
        code = show_search(s, queries[i], &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    printf("\nDone.  The event database is %s; try\n"
           "  checkin attendees %s QUERY\n  checkin stats %s\n", db, db, db);
    return EXIT_OK;
}
