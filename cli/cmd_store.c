/* `checkin init`, `import`, `attendees` and `stats`: the organizer's
 * commands over the event store. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/atomic_file.h"
#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/progress.h"
#include "checkin/registration.h"
#include "checkin/store.h"
#include "checkin/supervisor.h"
#include "checkin/sync.h"
#include "cli.h"
#include "sync_print.h"

static const char INIT_USAGE[] =
    "Usage: checkin init [--key FILE] [--supervisor NAME]... EVENT.db "
    "EVENT.ini\n"
    "Create a new event database from an event description (event, ticket\n"
    "types, tutorials, sponsors; see docs/import-formats.md) and the event's\n"
    "badge signing key.\n\n"
    "Options:\n"
    "  -k, --key=FILE  where to write the secret signing key (default:\n"
    "                  EVENT.key beside EVENT.db); keep it off station\n"
    "                  laptops that only scan\n"
    "      --supervisor=NAME  add a supervisor, whose PIN is asked twice\n"
    "                  (or read as one line of standard input); overrides,\n"
    "                  reprints and undo at the desks then need a PIN\n"
    "  -h, --help      show this help\n";

/* Remove `path` if it is still the file `was` described (the key this
 * run made, when the database could not be put in place after it). */
static void remove_if_same(const char *path, const struct stat *was)
{
    struct stat st;
    if (lstat(path, &st) == 0 && st.st_dev == was->st_dev &&
        st.st_ino == was->st_ino)
        unlink(path);
}

/* The options of init and event: --key (init), --supervisor NAME and
 * --remove-supervisor NAME (event), each name at most SUPERVISOR_MAX
 * times.  Returns -1 to go on, or the exit status. */
static int supervisor_options(const char *cmd, const char *usage, int argc,
                              char **argv, const char **key_path,
                              struct supervisor_args *sa)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"supervisor", required_argument, NULL, 'S'},
        {"remove-supervisor", required_argument, NULL, 'R'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    memset(sa, 0, sizeof(*sa));
    if (key_path)
        *key_path = NULL;
    int c;
    while ((c = getopt_long(argc, argv, key_path ? "hk:" : "h", opts, NULL)) !=
           -1) {
        switch (c) {
        case 'h':
            fputs(usage, stdout);
            return EXIT_OK;
        case 'k':
            if (!key_path)
                return cli_usage_error(cmd, "--key is for 'checkin init'");
            *key_path = optarg;
            break;
        case 'S':
        case 'R':
            if (c == 'R' && key_path)
                return cli_usage_error(cmd, "a new event has no supervisor "
                                            "to remove");
            if ((c == 'S' ? sa->nadd : sa->nremove) == SUPERVISOR_MAX)
                return cli_usage_error(cmd, "at most %d supervisors",
                                       SUPERVISOR_MAX);
            if (c == 'S')
                sa->add[sa->nadd++] = optarg;
            else
                sa->remove[sa->nremove++] = optarg;
            break;
        default:
            cli_bad_option(cmd, c);
            return EXIT_USAGE;
        }
    }
    return -1;
}

int cmd_init(int argc, char **argv)
{
    const char *key_path;
    struct supervisor_args sa;
    int st = supervisor_options("init", INIT_USAGE, argc, argv, &key_path, &sa);
    if (st >= 0)
        return st;
    if (argc - optind != 2)
        return cli_usage_error("init", "expected EVENT.db and EVENT.ini");
    const char *db = argv[optind], *ini = argv[optind + 1];
    char keybuf[4200];
    key_path = cli_key_path(db, key_path, keybuf, sizeof(keybuf));
    struct ck_error err = {0};
    /* The database is made at a temporary name and put in place last, so a
     * failed or killed init leaves no half-made EVENT.db; the key is put in
     * place just before it (a key nothing refers to is harmless, a
     * database without its key is not). */
    struct atomic_file af;
    if (atomic_file_begin_name(&af, db, ATOMIC_NEW, &err))
        return cli_fail(&err);
    struct stat key_st;
    if (lstat(key_path, &key_st) == 0) {
        ck_fail(&err, CK_EINVAL,
                "Signing key file %s already exists and is never "
                "overwritten (an interrupted 'checkin init' can leave one "
                "behind); move it away or give --key another path, then run "
                "init again.",
                key_path);
        return cli_fail(&err);
    }
    store *s;
    if (store_open(af.tmp, STORE_CREATE, &s, &err)) {
        atomic_file_abort(&af);
        return cli_fail(&err);
    }
    int code = atomic_file_restrict(&af, &err);
    if (!code)
        code = event_load(s, ini, &err);
    bool key_made = false;
    if (!code) {
        code = credential_create_key(s, key_path, &err);
        key_made = code == CK_OK && lstat(key_path, &key_st) == 0;
    }
    if (!code)
        code = cli_supervisors(s, sa.add, sa.nadd, NULL, 0, &err);
    store_close(s);
    if (!code)
        code = atomic_file_commit(&af, &err);
    else
        atomic_file_abort(&af);
    if (code) {
        /* Nothing of the event was kept: neither is its key. */
        if (key_made)
            remove_if_same(key_path, &key_st);
        return cli_fail(&err);
    }
    printf("Created %s from %s; the badge signing key is in %s (readable "
           "only by you).\n",
           db, ini, key_path);
    return EXIT_OK;
}

struct import_ui {
    struct progress bar;
};

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct import_ui *ui = ctx;
    progress_update(&ui->bar, done, total);
}

static void on_reject(void *ctx, const char *file, long line,
                      const char *reason)
{
    struct import_ui *ui = ctx;
    progress_end(&ui->bar);
    if (line > 0)
        fprintf(stderr, "%s:%ld: %s.\n", file, line, reason);
    else
        fprintf(stderr, "%s: %s.\n", file, reason);
}

static void on_warn(void *ctx, const char *file, long line, const char *text)
{
    struct import_ui *ui = ctx;
    progress_end(&ui->bar);
    if (line > 0)
        fprintf(stderr, "%s:%ld: warning: %s.\n", file, line, text);
    else
        fprintf(stderr, "%s: warning: %s.\n", file, text);
}

/* How far each tutorial is sold beyond its seats, before a change. */
struct overbooked {
    struct store_stats t;
    bool have;
};

static void overbooked_take(store *s, struct overbooked *o)
{
    struct ck_error err = {0};
    o->have = store_stats(s, &o->t, &err) == CK_OK;
}

static long overbooked_by(const struct overbooked *o, const char *slug)
{
    for (size_t i = 0; o->have && i < o->t.ntutorials; i++)
        if (!strcmp(o->t.tutorials[i].slug, slug))
            return store_stats_over_capacity(&o->t.tutorials[i]);
    return 0;
}

/* One warning per tutorial the change left sold beyond its seats, newly or
 * further than `before` (its door would turn the next paying person away
 * as full); one already so and no further was warned about when it
 * became so, and 'checkin stats' shows it. */
static void warn_over_capacity(store *s, struct overbooked *before)
{
    struct store_stats t;
    struct ck_error err = {0};
    if (store_stats(s, &t, &err))
        goto out;
    for (size_t i = 0; i < t.ntutorials; i++) {
        const struct store_stats_row *r = &t.tutorials[i];
        long over = store_stats_over_capacity(r);
        if (over > 0 && over > overbooked_by(before, r->slug))
            fprintf(stderr,
                    "Warning: tutorial %s has %ld registrations for %ld "
                    "seats; its door turns person %ld away as full unless "
                    "it moves to a bigger room and runs with 'checkin scan "
                    "--capacity %ld'.\n",
                    r->slug, r->total, r->capacity, r->capacity + 1, r->total);
    }
    store_stats_free(&t);
out:
    if (before->have)
        store_stats_free(&before->t);
    before->have = false;
}

static const char IMPORT_USAGE[] =
    "Usage: checkin import [OPTIONS] EVENT.db FILE\n"
    "Import registrations from a generic CSV file or a pretix \"Order data\n"
    "(JSON)\" export.  One transaction per file: every row or none.\n\n"
    "Options:\n"
    "  -f, --format=csv|pretix  file format (default: detected)\n"
    "      --skip-bad           import the good rows of a file with bad rows\n"
    "                           (the exit status is still 1)\n"
    "      --include-testmode   also import pretix test-mode orders, for a\n"
    "                           rehearsal: only 'checkin scan --rehearsal'\n"
    "                           admits them (left out by default)\n"
    "  -h, --help               show this help\n";

/* An event database made a hub by `checkin hub init` publishes what an
 * import changed at once: the desks have late registrations and
 * cancellations within seconds.  The import itself stands either way. */
static void publish(const char *db, const char *what)
{
    struct sync_report r;
    struct ck_error err = {0};
    bool enrolled;
    int code = sync_if_enrolled(db, &enrolled, &r, &err);
    if (enrolled) {
        sync_print_report(&r);
        if (code)
            fprintf(stderr,
                    "The %s is saved but not yet published: %s The "
                    "next 'checkin sync %s' publishes it.\n",
                    what, err.msg, db);
    }
    sync_report_free(&r);
}

int cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"skip-bad", no_argument, NULL, 's'},
        {"include-testmode", no_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct import_options opt = {.format = IMPORT_AUTO};
    int c;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (!strcmp(optarg, "csv"))
                opt.format = IMPORT_CSV;
            else if (!strcmp(optarg, "pretix"))
                opt.format = IMPORT_PRETIX;
            else
                return cli_usage_error("import",
                                       "--format must be csv or pretix");
            break;
        case 's':
            opt.skip_bad = true;
            break;
        case 't':
            opt.include_testmode = true;
            break;
        case 'h':
            fputs(IMPORT_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("import", c);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 2)
        return cli_usage_error("import", "expected EVENT.db and FILE");
    const char *db = argv[optind], *file = argv[optind + 1];
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    struct import_ui ui;
    progress_start(&ui.bar, stderr, "importing");
    opt.progress = on_progress;
    opt.report = on_reject;
    opt.warn = on_warn;
    opt.ctx = &ui;
    struct import_counts n;
    struct overbooked before;
    overbooked_take(s, &before);
    int code = import_file(s, file, &opt, &n, &err);
    progress_end(&ui.bar);
    if (!code || (code == CK_EINVAL && opt.skip_bad))
        warn_over_capacity(s, &before);
    else if (before.have)
        store_stats_free(&before.t);
    store_close(s);
    if (!code || code == CK_EINVAL) {
        printf("%s: %ld added, %ld updated, %ld cancelled, %ld unchanged, "
               "%ld rejected, %ld warning%s",
               file, n.added, n.updated, n.cancelled, n.unchanged, n.rejected,
               n.warnings, n.warnings == 1 ? "" : "s");
        if (n.testmode)
            printf(opt.include_testmode
                       ? "; %ld test-mode registration%s imported for a "
                         "rehearsal ('checkin scan --rehearsal' admits them)"
                       : "; %ld test-mode registration%s left out "
                         "(--include-testmode imports them for a rehearsal)",
                   n.testmode, n.testmode == 1 ? "" : "s");
        /* A file of some columns changes only those (a names-only fix);
         * say so, so that "1 updated" is not read as a whole row. */
        if (n.absent[0])
            printf("; kept as stored, not in the file: %s", n.absent);
        printf("\n");
    }
    /* What was stored is published, also when bad rows were skipped. */
    if (!code || (code == CK_EINVAL && opt.skip_bad))
        publish(db, "import");
    if (code)
        return cli_fail(&err);
    return EXIT_OK;
}

static const char EVENT_USAGE[] =
    "Usage: checkin event EVENT.db EVENT.ini\n"
    "       checkin event EVENT.db [--supervisor NAME]... "
    "[--remove-supervisor NAME]...\n"
    "Apply an edited event description to an existing event database, all\n"
    "or nothing: tutorials moved or resized, ticket types, tutorials and\n"
    "sponsors added, names, labels and colours changed, the pretix mapping\n"
    "replaced.  Rows are matched by slug; one line per change is printed.\n"
    "An event database published to a hub publishes the change, and every\n"
    "station takes it within seconds (docs/import-formats.md).\n\n"
    "Options:\n"
    "      --supervisor=NAME         add a supervisor, or change their PIN;\n"
    "                                the PIN is asked twice without echo\n"
    "                                (or read as one line of standard\n"
    "                                input), never given on the command\n"
    "                                line; at least 6 characters\n"
    "      --remove-supervisor=NAME  remove a supervisor\n"
    "  -h, --help  show this help\n";

/* `checkin event EVENT.db --supervisor NAME...`: supervisors only. */
static int event_supervisors(const char *db, const struct supervisor_args *sa)
{
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    int code =
        cli_supervisors(s, sa->add, sa->nadd, sa->remove, sa->nremove, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    publish(db, "change");
    return EXIT_OK;
}

int cmd_event(int argc, char **argv)
{
    struct supervisor_args sa;
    int st = supervisor_options("event", EVENT_USAGE, argc, argv, NULL, &sa);
    if (st >= 0)
        return st;
    if (argc - optind == 1 && (sa.nadd || sa.nremove))
        return event_supervisors(argv[optind], &sa);
    if (argc - optind != 2)
        return cli_usage_error("event", "expected EVENT.db and EVENT.ini");
    const char *db = argv[optind], *ini = argv[optind + 1];
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    if (cli_supervisors(s, sa.add, sa.nadd, sa.remove, sa.nremove, &err)) {
        store_close(s);
        return cli_fail(&err);
    }
    struct event_update_report rep;
    struct overbooked before;
    overbooked_take(s, &before);
    int code = event_update(s, ini, &rep, &err);
    if (!code) {
        for (size_t i = 0; i < rep.n; i++)
            printf("%s\n", rep.lines[i]);
        if (rep.n == 0)
            printf("Nothing changed.\n");
    }
    if (!code && rep.n > 0)
        warn_over_capacity(s, &before);
    else if (before.have)
        store_stats_free(&before.t);
    store_close(s);
    if (code)
        return cli_fail(&err);
    if (rep.n > 0)
        publish(db, "change");
    event_update_report_free(&rep);
    return EXIT_OK;
}

static const char ATTENDEES_USAGE[] =
    "Usage: checkin attendees [OPTIONS] EVENT.db [QUERY]\n"
    "Find attendees by name, email, company or order code, ignoring case\n"
    "and accents, in any script.  Without QUERY, list everyone.\n\n"
    "Options:\n"
    "  -n, --limit=N  show at most N (default 50, 0 = all)\n"
    "      --no-badge list who was checked in at a desk and has no printed\n"
    "                 badge, with what became of the badge's print job\n"
    "      --json     one JSON object per attendee\n"
    "  -h, --help     show this help\n";

/* "2027-05-12 09:12" in the event's zone, or "" when not checked in. */
static void checkin_time(const struct attendee *a, const char *tz, char *out,
                         size_t cap)
{
    out[0] = '\0';
    if (a->checkin_ms &&
        event_utc_to_local(a->checkin_ms / 1000, tz, out, cap) != 0)
        snprintf(out, cap, "?");
}

/* What desks registered or changed of `a`: "walk_in" and "edited". */
static void desk_changes(store *s, const struct attendee *a, json_t *o)
{
    bool walkin;
    int64_t at_ms;
    char station[64], comp[REGISTRATION_FIELD_MAX + 1];
    struct registration_mark m[FIELD_COUNT];
    size_t n;
    if (registration_describe(s, a->ticket_id, &walkin, &at_ms, station, comp,
                              m, &n, NULL))
        return;
    if (walkin)
        json_object_set_new(o, "walk_in",
                            json_pack("{s:s, s:I, s:s?}", "station", station,
                                      "at_ms", (json_int_t)at_ms, "comp_reason",
                                      *comp ? comp : NULL));
    if (!n)
        return;
    json_t *edited = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            edited,
            json_pack("{s:s, s:s, s:s, s:I, s:s?, s:s?}", "field",
                      registration_field_str(m[i].field), "value", m[i].value,
                      "station", m[i].station, "at_ms", (json_int_t)m[i].at_ms,
                      "supervisor", *m[i].supervisor ? m[i].supervisor : NULL,
                      "export", walkin ? NULL : m[i].export_value));
    json_object_set_new(o, "edited", edited);
}

static void print_json(store *s, const struct attendee *a, const char *tz)
{
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "ticket_id",
        a->ticket_id, "order_code", a->order_code, "status",
        order_status_str(a->status), "badge_name", a->badge_name, "given_name",
        a->given_name, "family_name", a->family_name, "pronouns", a->pronouns,
        "company", a->company, "email", a->email, "ticket_type", a->ticket_type,
        "sponsor_consent", a->sponsor_consent);
    if (!o)
        return;
    json_t *tuts = json_array();
    for (size_t i = 0; i < a->ntutorials; i++)
        json_array_append_new(tuts, json_string(a->tutorials[i]));
    json_object_set_new(o, "tutorials", tuts);
    char when[32];
    checkin_time(a, tz, when, sizeof(when));
    json_object_set_new(o, "checked_in",
                        a->checkin_ms
                            ? json_pack("{s:s, s:I, s:s}", "at", when, "at_ms",
                                        (json_int_t)a->checkin_ms, "station",
                                        a->checkin_station)
                            : json_null());
    desk_changes(s, a, o);
    char *text = json_dumps(o, JSON_COMPACT);
    if (text)
        puts(text);
    free(text);
    json_decref(o);
}

int cmd_attendees(int argc, char **argv)
{
    static const struct option opts[] = {
        {"limit", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {"no-badge", no_argument, NULL, 'B'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    long limit = 50;
    bool json = false, no_badge = false;
    int c;
    while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': {
            char *end;
            limit = strtol(optarg, &end, 10);
            if (*end || end == optarg || limit < 0)
                return cli_usage_error("attendees",
                                       "--limit must be a number >= 0");
            break;
        }
        case 'j':
            json = true;
            break;
        case 'B':
            no_badge = true;
            break;
        case 'h':
            fputs(ATTENDEES_USAGE, stdout);
            return EXIT_OK;
        default:
            cli_bad_option("attendees", c);
            return EXIT_USAGE;
        }
    }
    if (no_badge && argc - optind != 1)
        return cli_usage_error("attendees",
                               "--no-badge lists everyone without a printed "
                               "badge and takes no QUERY; give EVENT.db only");
    if (argc - optind < 1 || argc - optind > 2)
        return cli_usage_error("attendees", "expected EVENT.db [QUERY]");
    if (no_badge)
        return attendees_no_badge(argv[optind], json);
    struct ck_error err = {0};
    store *s;
    if (store_open(argv[optind], STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    struct attendee_list l;
    char tz[64];
    int code = store_event_timezone(s, tz, sizeof(tz), &err);
    if (!code)
        code =
            store_attendee_search(s, argc - optind == 2 ? argv[optind + 1] : "",
                                  (size_t)limit, &l, &err);
    if (code) {
        store_close(s);
        return cli_fail(&err);
    }
    for (size_t i = 0; i < l.n; i++) {
        const struct attendee *a = &l.items[i];
        if (json) {
            print_json(s, a, tz);
            continue;
        }
        printf("%-8s %-9s %-10s %s", a->order_code, order_status_str(a->status),
               a->ticket_type, a->badge_name);
        if (*a->pronouns)
            printf(" (%s)", a->pronouns);
        if (*a->company)
            printf(", %s", a->company);
        if (*a->email)
            printf(" <%s>", a->email);
        for (size_t k = 0; k < a->ntutorials; k++)
            printf("%s%s%s", k ? " " : " [", a->tutorials[k],
                   k + 1 == a->ntutorials ? "]" : "");
        char when[32];
        checkin_time(a, tz, when, sizeof(when));
        if (*when)
            printf(" - checked in %s at %s", when, a->checkin_station);
        else
            printf(" - not checked in");
        putchar('\n');
        /* What a desk registered or corrected, beside the export's. */
        char notes[2048];
        if (registration_notes(s, a->ticket_id, tz, "    ", notes,
                               sizeof(notes), &err) == CK_OK)
            fputs(notes, stdout);
    }
    store_close(s);
    if (!json && l.total > l.n)
        printf("First %zu of %zu attendees found; narrow the search or "
               "give --limit %zu.\n",
               l.n, l.total, l.total);
    else if (!json)
        printf("%zu attendee%s found.\n", l.n, l.n == 1 ? "" : "s");
    attendee_list_free(&l);
    return EXIT_OK;
}

static const char STATS_USAGE[] =
    "Usage: checkin stats EVENT.db\n"
    "Registrations by status and ticket type, tutorial fill and check-ins.\n";

static int slug_width(const struct store_stats_row *rows, size_t n,
                      const char *heading)
{
    size_t w = strlen(heading);
    for (size_t i = 0; i < n; i++)
        if (strlen(rows[i].slug) > w)
            w = strlen(rows[i].slug);
    return (int)(w < 64 ? w : 64);
}

int cmd_stats(int argc, char **argv)
{
    int st = cli_options("stats", STATS_USAGE, argc, argv, NULL, NULL);
    if (st >= 0)
        return st;
    if (argc - optind != 1)
        return cli_usage_error("stats", "expected EVENT.db");
    struct ck_error err = {0};
    store *s;
    if (store_open(argv[optind], STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    struct store_stats t;
    int code = store_stats(s, &t, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    printf("%s (%s)\n", t.event_name, t.event_slug);
    printf("Registrations: %ld (%ld paid, %ld pending, %ld cancelled, "
           "%ld refunded); checked in: %ld; scans: %ld\n\n",
           t.attendees, t.paid, t.pending, t.cancelled, t.refunded,
           t.checked_in, t.scans);
    if (t.overrides)
        printf("Overrides: %ld admitted on a supervisor's override of an "
               "unpaid, cancelled or refunded registration; 'checkin export "
               "%s checkins' gives each reason.\n\n",
               t.overrides, argv[optind]);
    /* Columns as wide as their longest slug or heading. */
    int w = slug_width(t.types, t.ntypes, "ticket type");
    printf("%-*s %6s %6s %8s %10s %11s\n", w, "ticket type", "valid", "paid",
           "pending", "cancelled", "checked in");
    for (size_t i = 0; i < t.ntypes; i++) {
        const struct store_stats_row *r = &t.types[i];
        printf("%-*s %6ld %6ld %8ld %10ld %11ld\n", w, r->slug, r->total,
               r->paid, r->pending, r->cancelled, r->checked_in);
    }
    w = slug_width(t.tutorials, t.ntutorials, "tutorial");
    printf("\n%-*s %10s %6s %8s\n", w, "tutorial", "registered", "seats",
           "admitted");
    for (size_t i = 0; i < t.ntutorials; i++) {
        const struct store_stats_row *r = &t.tutorials[i];
        long over = store_stats_over_capacity(r);
        printf("%-*s %10ld %6ld %8ld", w, r->slug, r->total, r->capacity,
               r->checked_in);
        if (over)
            printf("  OVER CAPACITY by %ld\n", over);
        else
            printf("%s\n", r->total >= r->capacity ? "  FULL" : "");
    }
    store_stats_free(&t);
    return EXIT_OK;
}
