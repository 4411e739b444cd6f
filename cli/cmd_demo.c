/* `checkin demo`: the station flow on the bundled demo event, with no
 * camera or printer attached.  Everything goes into one output folder that
 * the demo recreates on every run. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/decode.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/progress.h"
#include "checkin/qr.h"
#include "checkin/store.h"
#include "checkin/text.h"
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

static int make_event(const char *db, const char *key, const char *ini,
                      const char *file, struct import_counts *n,
                      struct ck_error *err)
{
    remove_db(db);
    if (unlink(key) && errno != ENOENT)
        return ck_fail(err, CK_EIO, "Cannot replace %s: %s.", key,
                       strerror(errno));
    store *s;
    int code = store_open(db, STORE_CREATE, &s, err);
    if (code)
        return code;
    code = event_load(s, ini, err);
    if (!code)
        code = credential_create_key(s, key, err);
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

/* One code shown to a station: drawn as a QR code (as printed on a badge
 * or shown on a phone), read back by the decoder, decided by the
 * verifier. */
static int show_scan(decoder *d, verifier *v, const char *label,
                     const char *text, struct ck_error *err)
{
    struct qr_bitmap qr;
    int code = qr_render(text, strlen(text), 4, 4, &qr, err);
    if (code)
        return code;
    struct gray_frame f = {qr.pixels, qr.width, qr.height, qr.stride};
    struct decode_result r;
    code = decoder_decode(d, &f, &r, err);
    qr_bitmap_free(&qr);
    if (code)
        return code;
    struct verdict vd = {0};
    if (r.count == 1)
        code = verifier_check(v, r.codes[0].bytes, r.codes[0].len, &vd, err);
    decode_result_free(&r);
    if (code)
        return code;
    /* Pad by characters, not bytes: labels hold names like Zoë. */
    int pad = 36 - (int)text_length(label);
    printf("  %s%*s -> %s", label, pad > 0 ? pad : 0, "",
           vd.valid ? "ADMIT" : badge_reason_name(vd.reason));
    if (vd.attendee_id)
        printf(": %s (%s%s%s)", vd.badge_name, vd.ticket_type,
               vd.tutorial[0] ? ", tutorial " : "", vd.tutorial);
    putchar('\n');
    return CK_OK;
}

static int issue_for(store *s, const struct badge_key *key, const char *who,
                     const char *tutorial, char out[BADGE_TEXT_CAP],
                     struct ck_error *err)
{
    struct attendee_list l;
    int code = store_attendee_find_one(s, who, &l, err);
    if (code)
        return code;
    int64_t tid = 0;
    if (tutorial)
        code = store_tutorial_id(s, tutorial, &tid, err);
    if (!code)
        code = credential_issue(s, key, l.items[0].id, tid, out, err);
    attendee_list_free(&l);
    return code;
}

/* Badges and confirmation codes at a station: the codes of a few demo
 * attendees, each one drawn, scanned and decided. */
static int show_badges(store *s, const char *key_path, struct ck_error *err)
{
    struct badge_key key;
    int code = credential_load_key(s, key_path, &key, err);
    if (code)
        return code;
    verifier *v = NULL;
    decoder *d = NULL;
    struct decoder_options opt = {DECODE_STILL, 0};
    char zoe[BADGE_TEXT_CAP], ticket[BADGE_TEXT_CAP], old[BADGE_TEXT_CAP],
        forged[BADGE_TEXT_CAP];
    if ((code = verifier_new(s, &v, err)) ||
        (code = decoder_new(&opt, &d, err)) ||
        (code = issue_for(s, &key, "53139", NULL, old, err)) ||
        (code = issue_for(s, &key, "53139", NULL, zoe, err)) ||
        (code = issue_for(s, &key, "53139", "pandas-intro", ticket, err)))
        goto out;
    memcpy(forged, zoe, sizeof(forged));
    forged[40] = forged[40] == 'A' ? 'B' : 'A';
    struct {
        const char *label, *text;
    } shown[] = {
        {"Zoë's badge", zoe},
        {"Zoë's pandas tutorial ticket", ticket},
        {"Olivia's confirmation (pretix)", "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"},
        {"Zoë's first badge, reprinted since", old},
        {"Zoë's badge with one letter forged", forged},
        {"a cancelled order's confirmation", "3xc2xvete57ty3qf4j5cjspkpn3g2k46"},
        {"an unpaid order's confirmation", "av9c9cj9ge3qpj4zvvysu4xh6nwfwn7m"},
        {"a code from somewhere else", "https://example.com/not-a-ticket"},
    };
    for (size_t i = 0; !code && i < sizeof(shown) / sizeof(shown[0]); i++)
        code = show_scan(d, v, shown[i].label, shown[i].text, err);
out:
    badge_key_wipe(&key);
    decoder_free(d);
    verifier_free(v);
    return code;
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
    char ini[4096], csv[4096], json[4096], db[4096], db2[4096], key[4096],
        key2[4096];
    snprintf(ini, sizeof(ini), "%s/demo/event.ini", conf);
    snprintf(csv, sizeof(csv), "%s/demo/registrations.csv", conf);
    snprintf(json, sizeof(json), "%s/demo/pretix-orders.json", conf);
    snprintf(db, sizeof(db), "%s/event.db", out);
    snprintf(db2, sizeof(db2), "%s/event-from-pretix.db", out);
    snprintf(key, sizeof(key), "%s/event.key", out);
    snprintf(key2, sizeof(key2), "%s/event-from-pretix.key", out);

    printf("checkin demo: the bundled PyCon-like event\n\n");
    struct import_counts n;
    if (make_event(db, key, ini, csv, &n, &err))
        return cli_fail(&err);
    printf("1. Registration import\n");
    printf("  %s: %ld added, %ld rejected\n", csv, n.added, n.rejected);
    if (make_event(db2, key2, ini, json, &n, &err))
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
    static const char *const queries[] = {"zoe", "lukasz", "देशपांडे",
                                          "王", "الفاروق", "o'connor"};
    for (size_t i = 0; !code && i < sizeof(queries) / sizeof(queries[0]); i++)
        code = show_search(s, queries[i], &err);
    if (!code) {
        printf("\n3. Codes at a station: drawn as QR, read back by the "
               "decoder, verified offline\n");
        code = show_badges(s, key, &err);
    }
    store_close(s);
    if (code)
        return cli_fail(&err);
    printf("\nDone.  The event database is %s; try\n"
           "  checkin attendees %s QUERY\n  checkin stats %s\n", db, db, db);
    return EXIT_OK;
}
