/* Station clocks.  Real `checkin scan` processes run under libfaketime with
 * no --clock, so each station's own clock is what is wrong: desk-1 right,
 * desk-2 three hours fast, a tutorial door five hours slow, a sponsor's
 * scanner a day behind and a second one of the same sponsor right.  The
 * same people are scanned at several of them, the station files are merged
 * into the event database in different orders and twice, and the merged
 * journal is checked against each station's own: nothing lost, nothing
 * twice, the same exports whatever the order, double check-ins flagged
 * even when the second desk's clock says "earlier".  Then the start-up
 * warning for a clock off the event's days, and the door's grace from the
 * command line and from a profile (with --clock, no faking needed). */
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkin/clock.h"
#include "checkin/event.h"
#include "checkin/journal.h"
#include "checkin/station_sentence.h"
#include "testutil.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"  /* 48243, consents */
#define JEANLUC "unurqkyf5f2e8x5pb45jhb7dtf74ppgc" /* 48275, pandas */
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs" /* 48395, pandas */
#define POLARS "hzt6eypf2arkk38nkj4gt6davzt3wgek"  /* 49339 */
#define YAW "84jvuq276ckvn72zg793yu2dgcsjxd7n"     /* 48278 */
#define CANCELLED "3xc2xvete57ty3qf4j5cjspkpn3g2k46"
#define UNPAID "av9c9cj9ge3qpj4zvvysu4xh6nwfwn7m"

#define TZ_EVENT "America/Los_Angeles"

#ifndef LIBFAKETIME
#define LIBFAKETIME ""
#endif

/* The preload library: $CHECKIN_LIBFAKETIME, what CMake found, or
 * Debian's place for it; NULL if none can be read. */
static const char *libfaketime(void)
{
    const char *c[] = {getenv("CHECKIN_LIBFAKETIME"), LIBFAKETIME,
                       "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"};
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
        if (c[i] && *c[i] && access(c[i], R_OK) == 0)
            return c[i];
    return NULL;
}

/* UTC ms of event-local "YYYY-MM-DD HH:MM". */
static int64_t local_ms(const char *local)
{
    int64_t t = 0;
    if (event_local_to_utc(local, TZ_EVENT, &t))
        TU_FAIL_AT("bad time %s", local);
    return t * 1000;
}

/* libfaketime's FAKETIME for a clock that reads event-local `local` plus
 * `offset_min` when the process starts ("@..." starts there and runs;
 * read in UTC, which the faked process gets as TZ). */
static void fake_at(const char *local, long offset_min, char out[32])
{
    time_t t = (time_t)(local_ms(local) / 1000 + offset_min * 60);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "@%Y-%m-%d %H:%M:%S", &tm);
}

/* ---- running stations ---- */

struct run {
    int status;
    json_t *d; /* the decisions, in order (print lines left out) */
    char *err; /* standard error */
    long recorded;
};

static void run_free(struct run *r)
{
    json_decref(r->d);
    free(r->err);
    memset(r, 0, sizeof(*r));
}

/* Run `checkin scan DB ARGS --keyboard --json` with `codes` (one per line)
 * on standard input.  With `fake` (a FAKETIME value) under libfaketime:
 * the station's clock, read once at start, is that. */
static struct run scan(const char *fake, const char *db, const char *args,
                       const char *codes)
{
    struct run r = {0};
    const char *in = tu_path("codes.txt"), *out = tu_path("scan.out"),
               *err = tu_path("scan.err");
    tu_write_file(in, codes, strlen(codes));
    char env[1024] = "";
    if (fake)
        /* Monotonic time stays real: only the wall clock is wrong.  An
         * ASan-built checkin must not insist on coming first. */
        snprintf(env, sizeof(env),
                 "TZ=UTC LD_PRELOAD='%s' FAKETIME='%s' "
                 "FAKETIME_DONT_FAKE_MONOTONIC=1 "
                 "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}"
                 "verify_asan_link_order=0\" ",
                 libfaketime(), fake);
    r.status = tu_sh("%s%s scan '%s' %s --keyboard --json < '%s' > '%s' "
                     "2> '%s'",
                     env, CHECKIN_BIN, db, args, in, out, err);
    r.err = tu_read_file(err, NULL);
    char *text = tu_read_file(out, NULL);
    r.d = json_array();
    for (char *p = text; p && *p;) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        json_error_t je;
        json_t *o = json_loadb(p, len, 0, &je);
        if (!o)
            TU_FAIL_AT("not JSON: %.*s", (int)len, p);
        else if (json_object_get(o, "decision"))
            json_array_append_new(r.d, o);
        else
            json_decref(o);
        p = nl ? nl + 1 : NULL;
    }
    free(text);
    for (size_t i = 0; i < json_array_size(r.d); i++)
        r.recorded +=
            json_is_true(json_object_get(json_array_get(r.d, i), "recorded"));
    if (r.status != 0)
        TU_FAIL_AT("checkin scan %s exited %d: %s", args, r.status,
                   r.err ? r.err : "");
    return r;
}

static const char *str(const struct run *r, size_t i, const char *key)
{
    json_t *v = json_object_get(json_array_get(r->d, i), key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static long long num(const struct run *r, size_t i, const char *key)
{
    return json_integer_value(json_object_get(json_array_get(r->d, i), key));
}

/* `checkin ARGS` that must succeed; its standard output, caller frees. */
static char *checkin_ok(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static char *checkin_ok(const char *fmt, ...)
{
    char args[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    const char *out, *err;
    int st = tu_checkin(args, &out, &err);
    if (st != 0)
        TU_FAIL_AT("checkin %s exited %d: %s", args, st, err);
    return strdup(st == 0 ? out : "");
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The data lines of a CSV export (header dropped), sorted, as one string
 * with a '\n' after each; *n counts them.  Caller frees. */
static char *sorted_rows(const char *csv, long *n)
{
    char *copy = strdup(csv);
    char **rows = NULL;
    size_t nrows = 0, cap = 0, len = 1;
    char *save = NULL;
    bool header = true;
    for (char *l = strtok_r(copy, "\r\n", &save); l;
         l = strtok_r(NULL, "\r\n", &save)) {
        if (header) {
            header = false;
            continue;
        }
        if (nrows == cap) {
            cap = cap ? cap * 2 : 32;
            char **more = realloc(rows, cap * sizeof(*rows));
            if (!more)
                abort();
            rows = more;
        }
        rows[nrows++] = l;
        len += strlen(l) + 1;
    }
    if (nrows)
        qsort(rows, nrows, sizeof(*rows), by_text);
    char *out = malloc(len), *p = out;
    for (size_t i = 0; i < nrows; i++) {
        size_t k = strlen(rows[i]);
        memcpy(p, rows[i], k);
        p[k] = '\n';
        p += k + 1;
    }
    *p = '\0';
    free(rows);
    free(copy);
    *n = (long)nrows;
    return out;
}

/* The volunteer's note on a lead (the terminal display's "4 wants a demo"
 * Enter; the JSON display takes no notes). */
static void lead_note(const char *db, const char *station_name, long long seq,
                      const char *note, int rating)
{
    store *s;
    journal *j = NULL;
    struct ck_error err = {0};
    if (store_open(db, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("open %s: %s", db, err.msg);
        return;
    }
    if (journal_open(s, station_name, &j, &err) ||
        journal_lead_note(j, seq, note, rating, &err))
        TU_FAIL_AT("lead note: %s", err.msg);
    journal_free(j);
    store_close(s);
}

/* The one object of `array` whose `key` is `value`. */
static json_t *find(json_t *array, const char *key, const char *value)
{
    for (size_t i = 0; i < json_array_size(array); i++) {
        json_t *o = json_array_get(array, i);
        const char *v = json_string_value(json_object_get(o, key));
        if (v && !strcmp(v, value))
            return o;
    }
    return NULL;
}

static const char *get_str(json_t *o, const char *key)
{
    const char *v = json_string_value(json_object_get(o, key));
    return v ? v : "";
}

static long long get_int(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* ---- stations whose clocks differ by hours ---- */

enum { DESK1, DESK2, DOOR, LEAD1, LEAD2, NSTATIONS };

static const char *const STATION_FILE[NSTATIONS] = {
    "desk-1.db", "desk-2.db", "door-101a.db", "lead-dw-1.db", "lead-dw-2.db"};

/* The merge orders tried: as listed, reversed, shuffled. */
static const int ORDERS[3][NSTATIONS] = {
    {DESK1, DESK2, DOOR, LEAD1, LEAD2},
    {LEAD2, LEAD1, DOOR, DESK2, DESK1},
    {DESK2, LEAD1, DESK1, LEAD2, DOOR},
};

enum { X_CHECKINS_CSV, X_CHECKINS_JSON, X_SCANS_CSV, X_LEADS_JSON, NX };

/* True time (event-local, Wednesday 12 May 2027) runs down the page; each
 * station's clock is that plus its offset:
 *
 *   desk-1     +0      desk-2  +3 h      door-101a  -5 h
 *   lead-dw-1  -1 day  lead-dw-2  +0     (sponsor datawise)
 *
 * Olivia checks in at desk-2 first (its clock: 17:01) and at desk-1 nine
 * minutes later (its clock: 14:10, "earlier"); Jean-Luc at desk-1 first
 * and desk-2 after.  The sponsor's right scanner takes Olivia's lead with
 * a note; the scanner a day behind takes it again later, with another. */
static void stations_with_skewed_clocks_merge_alike_in_any_order(void)
{
    if (!libfaketime())
        TU_SKIP("libfaketime is not installed (Debian: libfaketime)");
    const char *ev = tu_demo_event();
    char *olivia_badge = checkin_ok("issue '%s' 48243", ev);
    char *jeanluc_badge = checkin_ok("issue '%s' 48275", ev);
    chomp(olivia_badge);
    chomp(jeanluc_badge);
    REQUIRE(olivia_badge[0] && jeanluc_badge[0]);
    /* (tu_path's strings are reused after 64 calls: keep copies.) */
    char *db[NSTATIONS];
    for (int i = DESK1; i <= DOOR; i++)
        db[i] = strdup(tu_copy(tu_demo_event(), STATION_FILE[i]));
    for (int i = LEAD1; i <= LEAD2; i++) {
        db[i] = strdup(tu_path(STATION_FILE[i]));
        free(checkin_ok("station-db '%s' leads:datawise '%s'", ev, db[i]));
    }
    long recorded[NSTATIONS] = {0};
    char fake[32], codes[1024];
    struct run r;

    /* 14:00 desk-1 (right). */
    fake_at("2027-05-12 14:00", 0, fake);
    r = scan(fake, db[DESK1], "--station desk --name desk-1",
             JEANLUC "\n" THORDIS "\n" POLARS "\n" CANCELLED "\n");
    REQUIRE(json_array_size(r.d) == 4);
    /* The preload took: the station's clock is the faked one. */
    EXPECT_TRUE(num(&r, 0, "at_ms") >= local_ms("2027-05-12 14:00") &&
                num(&r, 0, "at_ms") < local_ms("2027-05-12 14:01"));
    EXPECT_STR(str(&r, 0, "reason"), "checked-in");
    EXPECT_STR(str(&r, 1, "reason"), "checked-in");
    EXPECT_STR(str(&r, 2, "reason"), "checked-in");
    EXPECT_STR(str(&r, 3, "reason"), "cancelled");
    EXPECT_NOT_CONTAINS(r.err, "clock says");
    recorded[DESK1] += r.recorded;
    run_free(&r);

    /* 14:01 desk-2 (3 h fast: 17:01). */
    fake_at("2027-05-12 14:01", 180, fake);
    r = scan(fake, db[DESK2], "--station desk --name desk-2",
             OLIVIA "\n" YAW "\n" UNPAID "\n");
    REQUIRE(json_array_size(r.d) == 3);
    EXPECT_TRUE(num(&r, 0, "at_ms") >= local_ms("2027-05-12 17:01") &&
                num(&r, 0, "at_ms") < local_ms("2027-05-12 17:02"));
    EXPECT_STR(str(&r, 0, "reason"), "checked-in");
    EXPECT_STR(str(&r, 1, "reason"), "checked-in");
    EXPECT_STR(str(&r, 2, "reason"), "unpaid");
    EXPECT_NOT_CONTAINS(r.err, "clock says");
    recorded[DESK2] += r.recorded;
    run_free(&r);

    /* 14:05 desk-2 again (17:05): it cannot know desk-1 admitted
     * Jean-Luc. */
    fake_at("2027-05-12 14:05", 180, fake);
    r = scan(fake, db[DESK2], "--station desk --name desk-2",
             JEANLUC "\n" OLIVIA "\n");
    REQUIRE(json_array_size(r.d) == 2);
    EXPECT_STR(str(&r, 0, "reason"), "checked-in");
    EXPECT_STR(str(&r, 1, "reason"), "already-checked-in");
    EXPECT_STR(str(&r, 1, "reason_text"),
               "Already checked in at 17:01 at desk-2.");
    EXPECT_INT(num(&r, 0, "seq"), 4); /* the journal goes on after a
                                         restart */
    recorded[DESK2] += r.recorded;
    run_free(&r);

    /* 14:10 desk-1 (14:10): Olivia again, at a desk whose clock says
     * this happened three hours before her first check-in. */
    fake_at("2027-05-12 14:10", 0, fake);
    r = scan(fake, db[DESK1], "--station desk --name desk-1",
             OLIVIA "\n" JEANLUC "\n");
    REQUIRE(json_array_size(r.d) == 2);
    EXPECT_STR(str(&r, 0, "reason"), "checked-in");
    EXPECT_STR(str(&r, 1, "reason_text"),
               "Already checked in at 14:00 at desk-1.");
    recorded[DESK1] += r.recorded;
    run_free(&r);

    /* 14:15 the pandas door (5 h slow: 09:15, inside its window). */
    fake_at("2027-05-12 14:15", -300, fake);
    r = scan(fake, db[DOOR], "--station door:pandas-intro --name door-101a",
             THORDIS "\n" JEANLUC "\n" OLIVIA "\n");
    REQUIRE(json_array_size(r.d) == 3);
    EXPECT_TRUE(num(&r, 0, "at_ms") >= local_ms("2027-05-12 09:15") &&
                num(&r, 0, "at_ms") < local_ms("2027-05-12 09:16"));
    EXPECT_STR(str(&r, 0, "reason"), "entered");
    EXPECT_STR(str(&r, 1, "reason"), "entered");
    EXPECT_STR(str(&r, 2, "reason"), "not-registered");
    EXPECT_NOT_CONTAINS(r.err, "clock says");
    recorded[DOOR] += r.recorded;
    run_free(&r);

    /* 15:00 the sponsor's right scanner: Olivia's lead, with a note. */
    fake_at("2027-05-12 15:00", 0, fake);
    snprintf(codes, sizeof(codes), "%s\n", olivia_badge);
    r = scan(fake, db[LEAD2], "--station leads:datawise --name lead-dw-2",
             codes);
    REQUIRE(json_array_size(r.d) == 1);
    EXPECT_STR(str(&r, 0, "reason"), "lead");
    lead_note(db[LEAD2], "lead-dw-2", num(&r, 0, "seq"), "wants a demo", 4);
    recorded[LEAD2] += r.recorded;
    run_free(&r);

    /* 15:30 its scanner a day behind (11 May 15:30): says so at start. */
    fake_at("2027-05-12 15:30", -24L * 60, fake);
    snprintf(codes, sizeof(codes), "%s\n%s\n%s\n", olivia_badge, jeanluc_badge,
             OLIVIA);
    r = scan(fake, db[LEAD1], "--station leads:datawise --name lead-dw-1",
             codes);
    REQUIRE(json_array_size(r.d) == 3);
    EXPECT_STR(str(&r, 0, "reason"), "lead");
    EXPECT_STR(str(&r, 1, "reason"), "lead");
    /* A ticket secret means nothing on a database without them. */
    EXPECT_STR(str(&r, 2, "reason"), "unknown-code");
    EXPECT_CONTAINS(r.err, "This computer's clock says 2027-05-11 15:30 but "
                           "PyCon Demo 2027 runs 2027-05-12 to 2027-05-20;");
    lead_note(db[LEAD1], "lead-dw-1", num(&r, 0, "seq"), "stickers", 2);
    recorded[LEAD1] += r.recorded;
    run_free(&r);

    /* What each station holds, exported from its own file: the oracle. */
    long total = 0, n;
    char *expected_rows;
    {
        char *all = strdup("header\n");
        for (int i = 0; i < NSTATIONS; i++) {
            char *csv = checkin_ok("export '%s' scans --format csv", db[i]);
            char *rows = sorted_rows(csv, &n);
            EXPECT_INT(n, recorded[i]);
            total += n;
            size_t a = strlen(all), b = strlen(rows);
            all = realloc(all, a + b + 1);
            memcpy(all + a, rows, b + 1);
            free(rows);
            free(csv);
        }
        expected_rows = sorted_rows(all, &n);
        free(all);
    }
    EXPECT_INT(total, 18);
    EXPECT_INT(recorded[DESK1] + recorded[DESK2], 11);

    char *x[3][NX], *dups[3];
    for (int o = 0; o < 3; o++) {
        char name[32], files[4096] = "";
        snprintf(name, sizeof(name), "central-%d.db", o);
        char central[4096];
        snprintf(central, sizeof(central), "%s",
                 tu_copy(tu_demo_event(), name));
        size_t used = 0;
        for (int k = 0; k < NSTATIONS; k++)
            used += (size_t)snprintf(files + used, sizeof(files) - used,
                                     " '%s'", db[ORDERS[o][k]]);
        char *out = NULL;
        if (o == 1) {
            /* One file per command, as they come back from the rooms. */
            for (int k = 0; k < NSTATIONS; k++) {
                free(out);
                out = checkin_ok("merge '%s' '%s'", central, db[ORDERS[o][k]]);
            }
        } else {
            out = checkin_ok("merge '%s'%s", central, files);
        }
        if (o == 0) {
            EXPECT_CONTAINS(out, "desk-1.db: 6 new scans, 0 already merged");
            EXPECT_CONTAINS(out, "lead-dw-1.db: 3 new scans, 0 already "
                                 "merged, 2 new leads");
        }
        const char *d = strstr(out, "Checked in at more than one desk");
        dups[o] = strdup(d ? d : "(no duplicates listed)");
        free(out);
        /* Twice: nothing new, nothing conflicting. */
        out = checkin_ok("merge '%s'%s", central, files);
        for (int k = 0; k < NSTATIONS; k++) {
            char line[128];
            snprintf(line, sizeof(line),
                     "%s: 0 new scans, %ld already merged, 0 new leads, 0 "
                     "leads updated",
                     STATION_FILE[ORDERS[o][k]], recorded[ORDERS[o][k]]);
            EXPECT_CONTAINS(out, line);
        }
        EXPECT_NOT_CONTAINS(out, "share a name");
        free(out);
        x[o][X_CHECKINS_CSV] =
            checkin_ok("export '%s' checkins --format csv", central);
        x[o][X_CHECKINS_JSON] =
            checkin_ok("export '%s' checkins --format json", central);
        x[o][X_SCANS_CSV] =
            checkin_ok("export '%s' scans --format csv", central);
        x[o][X_LEADS_JSON] = checkin_ok(
            "export '%s' leads --sponsor datawise --format json", central);
    }

    /* Nothing lost, nothing twice, nothing changed: the merged journal is
     * exactly the stations' rows. */
    char *merged_rows = sorted_rows(x[0][X_SCANS_CSV], &n);
    EXPECT_INT(n, 18);
    EXPECT_STR(merged_rows, expected_rows);
    free(merged_rows);
    free(expected_rows);
    /* The same result whatever the order. */
    for (int o = 1; o < 3; o++) {
        for (int k = 0; k < NX; k++)
            EXPECT_STR(x[o][k], x[0][k]);
        EXPECT_STR(dups[o], dups[0]);
    }
    /* Two double check-ins, whichever desk's clock says first. */
    EXPECT_CONTAINS(dups[0], "Checked in at more than one desk (2):");
    EXPECT_CONTAINS(dups[0], "48243 Olivia Hartley-Whitmore: 2 check-ins at "
                             "desk-1,desk-2");
    EXPECT_CONTAINS(dups[0], "48275 Jean-Luc Moreau-Dubois: 2 check-ins at "
                             "desk-1,desk-2");
    EXPECT_NOT_CONTAINS(dups[0], "48395");

    /* Check-ins: five people; "first" is the earliest by the stations' own
     * clocks (desk-1's 14:10 for Olivia, though desk-2 was first). */
    json_error_t je;
    json_t *root = json_loads(x[0][X_CHECKINS_JSON], 0, &je);
    json_t *rows = json_object_get(root, "checkins");
    EXPECT_INT(json_array_size(rows), 5);
    json_t *o = find(rows, "ticket_id", "48243");
    EXPECT_STR(get_str(o, "first_station"), "desk-1");
    /* Times in the event's zone (Los Angeles) with its offset. */
    EXPECT_CONTAINS(get_str(o, "first_checkin"), "2027-05-12T14:10:00.");
    EXPECT_CONTAINS(get_str(o, "first_checkin"), "-07:00");
    EXPECT_INT(get_int(o, "desk_admits"), 2);
    EXPECT_INT(get_int(o, "stations"), 2);
    o = find(rows, "ticket_id", "48275");
    EXPECT_STR(get_str(o, "first_station"), "desk-1");
    EXPECT_CONTAINS(get_str(o, "first_checkin"), "2027-05-12T14:00:00.");
    EXPECT_INT(get_int(o, "desk_admits"), 2);
    o = find(rows, "ticket_id", "48278");
    EXPECT_STR(get_str(o, "first_station"), "desk-2");
    EXPECT_CONTAINS(get_str(o, "first_checkin"), "2027-05-12T17:01:00.");
    EXPECT_INT(get_int(o, "desk_admits"), 1);
    EXPECT_STR(get_str(json_array_get(rows, 0), "ticket_id"), "48275");
    json_decref(root);
    /* The CSV the same way. */
    EXPECT_CONTAINS(x[0][X_CHECKINS_CSV], "2027-05-12T14:10:00.");
    EXPECT_CONTAINS(x[0][X_CHECKINS_CSV], "-07:00,desk-1,2,2");
    EXPECT_NOT_CONTAINS(x[0][X_SCANS_CSV], "Z,");

    /* Leads: Olivia once, with both scanners' notes (in station order)
     * and the better rating, although the scanner a day behind has the
     * "earlier" lead: nothing a volunteer typed depends on the clocks. */
    root = json_loads(x[0][X_LEADS_JSON], 0, &je);
    rows = json_object_get(root, "leads");
    EXPECT_INT(json_array_size(rows), 1);
    o = json_array_get(rows, 0);
    EXPECT_STR(get_str(o, "email"), "olivia.hw@example.com");
    EXPECT_STR(get_str(o, "station"), "lead-dw-1");
    EXPECT_CONTAINS(get_str(o, "at"), "2027-05-11T15:30:00.");
    EXPECT_CONTAINS(get_str(o, "at"), "-07:00");
    EXPECT_STR(get_str(o, "note"), "stickers; wants a demo");
    EXPECT_INT(get_int(o, "rating"), 4);
    EXPECT_INT(get_int(root, "not_consented"), 1);
    json_decref(root);

    /* A desk started on the merged file the next day says the same
     * "first" as the export. */
    {
        const char *next = tu_path("desk-3.db");
        size_t len;
        char *data = tu_read_file(tu_path("central-0.db"), &len);
        REQUIRE(data && tu_write_file(next, data, len) == 0);
        free(data);
        fake_at("2027-05-13 09:00", 0, fake);
        r = scan(fake, next, "--station desk --name desk-3", OLIVIA "\n");
        REQUIRE(json_array_size(r.d) == 1);
        EXPECT_STR(str(&r, 0, "reason_text"),
                   "Already checked in at Wed 14:10 at desk-1.");
        run_free(&r);
    }

    printf("scans per station: desk-1 %ld, desk-2 %ld, door-101a %ld, "
           "lead-dw-1 %ld, lead-dw-2 %ld; merged %ld rows in 3 orders, "
           "each twice\n",
           recorded[DESK1], recorded[DESK2], recorded[DOOR], recorded[LEAD1],
           recorded[LEAD2], total);
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < NX; k++)
            free(x[i][k]);
        free(dups[i]);
    }
    for (int i = 0; i < NSTATIONS; i++)
        free(db[i]);
    free(olivia_badge);
    free(jeanluc_badge);
}

/* A computer whose clock is months off: one sentence at start-up, and the
 * station still scans (it cannot know the true time; the volunteer can). */
static void start_up_names_a_computer_clock_off_the_event_days(void)
{
    if (!libfaketime())
        TU_SKIP("libfaketime is not installed (Debian: libfaketime)");
    char fake[32];
    fake_at("2026-11-21 09:00", 0, fake);
    struct run r = scan(fake, tu_copy(tu_demo_event(), "desk-off.db"),
                        "--station desk --name desk-off", OLIVIA "\n");
    EXPECT_CONTAINS(r.err,
                    "This computer's clock says 2026-11-21 09:00 but PyCon "
                    "Demo 2027 runs 2027-05-12 to 2027-05-20; set the clock "
                    "or start with --clock 'YYYY-MM-DD HH:MM'.\n");
    REQUIRE(json_array_size(r.d) == 1);
    EXPECT_STR(str(&r, 0, "reason"), "checked-in");
    EXPECT_TRUE(
        json_is_true(json_object_get(json_array_get(r.d, 0), "recorded")));
    run_free(&r);
    fake_at("2027-05-12 08:00", 0, fake);
    r = scan(fake, tu_copy(tu_demo_event(), "desk-on.db"),
             "--station desk --name desk-on", OLIVIA "\n");
    EXPECT_STR(r.err, "");
    run_free(&r);
}

/* ---- without faking: the check itself, --clock, the door's grace ---- */

static void clock_check_compares_with_the_event_and_door_days(void)
{
    store *s;
    struct ck_error err = {0};
    REQUIRE(store_open(tu_demo_event(), STORE_EXISTING | STORE_READONLY, &s,
                       &err) == CK_OK);
    struct clock_finding f;
    static const char *const inside[] = {"2027-05-12 00:00", "2027-05-16 12:00",
                                         "2027-05-20 23:59"};
    for (size_t i = 0; i < 3; i++) {
        EXPECT_INT(clock_check(s, local_ms(inside[i]), NULL, &f, &err), CK_OK);
        EXPECT_INT(f.off, CLOCK_ON_TIME);
    }
    /* Data, not a sentence: the station says it (station_sentence.c). */
    EXPECT_INT(clock_check(s, local_ms("2027-05-11 23:59"), NULL, &f, &err),
               CK_OK);
    EXPECT_INT(f.off, CLOCK_OFF_EVENT);
    EXPECT_STR(f.now, "2027-05-11 23:59");
    EXPECT_STR(f.name, "PyCon Demo 2027");
    EXPECT_STR(f.from, "2027-05-12");
    EXPECT_STR(f.to, "2027-05-20");
    char w[700];
    EXPECT_STR(station_clock_sentence(&f, false, w, sizeof(w)),
               "This computer's clock says 2027-05-11 23:59 but PyCon "
               "Demo 2027 runs 2027-05-12 to 2027-05-20; set the clock or "
               "start with --clock 'YYYY-MM-DD HH:MM'.");
    EXPECT_INT(clock_check(s, local_ms("2027-05-21 00:00"), NULL, &f, &err),
               CK_OK);
    EXPECT_STR(station_clock_sentence(&f, true, w, sizeof(w)),
               "The clock given with --clock says 2027-05-21 00:00 but "
               "PyCon Demo 2027 runs 2027-05-12 to 2027-05-20; check the "
               "date given to --clock.");
    /* A door: its tutorial's day, not only the event's. */
    EXPECT_INT(
        clock_check(s, local_ms("2027-05-12 07:00"), "pandas-intro", &f, &err),
        CK_OK);
    EXPECT_INT(f.off, CLOCK_ON_TIME);
    EXPECT_STR(station_clock_sentence(&f, false, w, sizeof(w)), "");
    EXPECT_INT(
        clock_check(s, local_ms("2027-05-13 09:00"), "pandas-intro", &f, &err),
        CK_OK);
    EXPECT_INT(f.off, CLOCK_OFF_TUTORIAL);
    EXPECT_STR(f.from, "2027-05-12 09:00");
    EXPECT_STR(f.to, "12:30");
    EXPECT_STR(station_clock_sentence(&f, false, w, sizeof(w)),
               "This computer's clock says 2027-05-13 09:00 but this "
               "door's tutorial, Data analysis with pandas, from CSV to "
               "insight, is on 2027-05-12 09:00 to 12:30; set the clock "
               "or start with --clock 'YYYY-MM-DD HH:MM'.");
    EXPECT_INT(
        clock_check(s, local_ms("2027-05-12 09:00"), "no-such-thing", &f, &err),
        CK_ENOTFOUND);
    /* A short buffer gets a cut sentence, never an overrun. */
    char tiny[8];
    EXPECT_INT(clock_check(s, 0, NULL, &f, &err), CK_OK);
    EXPECT_STR(station_clock_sentence(&f, false, tiny, sizeof(tiny)),
               "This co");
    store_close(s);
}

static void scan_with_a_clock_off_the_event_warns_and_still_records(void)
{
    struct run r = scan(NULL, tu_copy(tu_demo_event(), "desk-june.db"),
                        "--station desk --name desk-june --clock "
                        "'2027-06-01 09:00'",
                        OLIVIA "\n");
    EXPECT_CONTAINS(r.err, "The clock given with --clock says 2027-06-01 "
                           "09:00 but PyCon Demo 2027 runs 2027-05-12 to "
                           "2027-05-20; check the date given to --clock.");
    REQUIRE(json_array_size(r.d) == 1);
    EXPECT_STR(str(&r, 0, "reason"), "checked-in");
    EXPECT_INT(r.recorded, 1);
    EXPECT_TRUE(num(&r, 0, "at_ms") >= local_ms("2027-06-01 09:00"));
    run_free(&r);
}

/* One scan of Þórdís (pandas-intro, Wed 09:00-12:30) at a fresh door. */
static struct run door_scan(const char *args, const char *local)
{
    static int n;
    char name[32], all[1024];
    snprintf(name, sizeof(name), "door-grace-%d.db", n++);
    snprintf(all, sizeof(all), "%s --clock '%s'", args, local);
    return scan(NULL, tu_copy(tu_demo_event(), name), all, THORDIS "\n");
}

/* Expect the door's one decision to be `reason`. */
#define EXPECT_DOOR(args, local, reason)                                       \
    do {                                                                       \
        struct run dr = door_scan(args, local);                                \
        if (json_array_size(dr.d) != 1)                                        \
            TU_FAIL_AT("%s at %s: %zu decisions", args, local,                 \
                       json_array_size(dr.d));                                 \
        else if (strcmp(str(&dr, 0, "reason"), reason) != 0)                   \
            TU_FAIL_AT("%s at %s: got %s (%s), expected %s", args, local,      \
                       str(&dr, 0, "reason"), str(&dr, 0, "reason_text"),      \
                       reason);                                                \
        run_free(&dr);                                                         \
    } while (0)

#define DOOR_ARGS "--station door:pandas-intro --name door-g"

static void door_grace_from_the_command_line(void)
{
    /* Defaults: open 15 minutes before, closed at the end. */
    struct run r = door_scan(DOOR_ARGS, "2027-05-12 08:30");
    EXPECT_STR(str(&r, 0, "reason_text"),
               "Too early: Data analysis with pandas, from CSV to insight is "
               "Wed 09:00-12:30; the door opens at 08:45.");
    run_free(&r);
    EXPECT_DOOR(DOOR_ARGS, "2027-05-12 08:46", "entered");
    EXPECT_DOOR(DOOR_ARGS, "2027-05-12 12:31", "ended");
    EXPECT_DOOR(DOOR_ARGS " --open-before 30", "2027-05-12 08:30", "entered");
    r = door_scan(DOOR_ARGS " --open-before 29", "2027-05-12 08:30");
    EXPECT_CONTAINS(str(&r, 0, "reason_text"), "the door opens at 08:31.");
    run_free(&r);
    EXPECT_DOOR(DOOR_ARGS " --close-after 15", "2027-05-12 12:40", "entered");
    EXPECT_DOOR(DOOR_ARGS " --close-after 9", "2027-05-12 12:40", "ended");
}

static void door_grace_from_a_profile_and_the_command_line_wins(void)
{
    const char *prof = tu_path("door-grace.ini");
    const char text[] = "[station]\nstation = door:pandas-intro\n"
                        "name = door-p\nopen-before = 30\nclose-after = 15\n";
    REQUIRE(tu_write_file(prof, text, strlen(text)) == 0);
    char args[4200];
    snprintf(args, sizeof(args), "--profile '%s'", prof);
    EXPECT_DOOR(args, "2027-05-12 08:30", "entered");
    EXPECT_DOOR(args, "2027-05-12 12:40", "entered");
    EXPECT_DOOR(args, "2027-05-12 12:46", "ended");
    snprintf(args, sizeof(args), "--profile '%s' --open-before 15", prof);
    EXPECT_DOOR(args, "2027-05-12 08:30", "too-early");
    snprintf(args, sizeof(args), "--profile '%s' --close-after 0", prof);
    EXPECT_DOOR(args, "2027-05-12 12:40", "ended");
}

/* The cases that fake the clock with libfaketime run as test_clock_skew
 * (`test_clock --skew`), the others as test_clock: each case is listed
 * here once and tests/clock.cmake names only the two sets. */
int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(clock_check_compares_with_the_event_and_door_days),
        TU_CASE(scan_with_a_clock_off_the_event_warns_and_still_records),
        TU_CASE(door_grace_from_the_command_line),
        TU_CASE(door_grace_from_a_profile_and_the_command_line_wins),
    };
    static const struct tu_case skew_cases[] = {
        TU_CASE(stations_with_skewed_clocks_merge_alike_in_any_order),
        TU_CASE(start_up_names_a_computer_clock_off_the_event_days),
    };
    if (argc > 1 && !strcmp(argv[1], "--skew"))
        return tu_run(skew_cases, sizeof(skew_cases) / sizeof(skew_cases[0]),
                      argc - 1, argv + 1);
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
