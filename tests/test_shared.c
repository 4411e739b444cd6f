/* Stations that share things: one event file used by several running
 * stations at once, stations given the same name, and station files merged
 * back in any order, including files changed outside checkin.  Every case
 * runs the real `checkin` command on real SQLite files; the outside oracle
 * is the file itself, read with plain SQLite. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/journal.h"
#include "checkin/store.h"
#include "live.h"
#include "testutil.h"

/* ---- the file, through plain SQLite ---- */

static long long sql_int(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    long long v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    else
        TU_FAIL_AT("%s on %s: %s", sql, db, sqlite3_errmsg(h));
    sqlite3_finalize(q);
    sqlite3_close(h);
    return v;
}

static int sql_exec(const char *db, const char *sql)
{
    sqlite3 *h;
    int rc = sqlite3_open(db, &h);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        TU_FAIL_AT("%s on %s: %s", sql, db, sqlite3_errmsg(h));
    sqlite3_close(h);
    return rc;
}

/* The first column of every row of `sql`, one per line (caller frees). */
static char *sql_lines(const char *db, const char *sql, size_t *n)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    size_t cap = 4096, used = 0;
    char *out = calloc(1, cap);
    *n = 0;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return out;
    if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK) {
        TU_FAIL_AT("%s: %s", sql, sqlite3_errmsg(h));
        sqlite3_close(h);
        return out;
    }
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        size_t len = strlen(t ? t : "");
        while (used + len + 2 > cap)
            out = realloc(out, cap *= 2);
        memcpy(out + used, t ? t : "", len);
        used += len;
        out[used++] = '\n';
        out[used] = '\0';
        (*n)++;
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    return out;
}

/* Shuffle the lines of `text` in place with a seeded generator. */
static void shuffle_lines(char *text, uint32_t seed)
{
    size_t n = 0;
    char *lines[4096];
    for (char *p = text; *p && n < 4096;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    for (size_t i = n; i > 1; i--) {
        size_t j = tu_rand(&seed) % i;
        char *t = lines[i - 1];
        lines[i - 1] = lines[j];
        lines[j] = t;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(lines[i]) + 1;
    char *copy = malloc(total + 1), *w = copy;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        memcpy(w, lines[i], len);
        w += len;
        *w++ = '\n';
    }
    *w = '\0';
    memcpy(text, copy, total + 1);
    free(copy);
}

/* ---- a station running in the background ---- */

/* The environment that sets a station's wall clock to event-local `local`
 * now, ticking: the offset is the same for every station started with it,
 * as real stations share one time (with --clock, each station's clock
 * would start at its own start). */
static const char *clock_env(const char *db, const char *local)
{
    static char env[1024];
    env[0] = '\0';
#ifdef LIBFAKETIME
    char tz[64];
    size_t n;
    char *zone = sql_lines(db, "SELECT timezone FROM event", &n);
    snprintf(tz, sizeof(tz), "%.*s", (int)strcspn(zone, "\n"), zone);
    free(zone);
    int64_t at = 0;
    if (event_local_to_utc(local, tz, &at))
        TU_FAIL_AT("bad time %s", local);
    snprintf(env, sizeof(env),
             "LD_PRELOAD='%s' FAKETIME='%+lld' FAKETIME_DONT_FAKE_MONOTONIC=1 "
             "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}"
             "verify_asan_link_order=0\" ",
             LIBFAKETIME, (long long)(at - (int64_t)time(NULL)));
#else
    (void)db;
    (void)local;
    TU_FAIL_AT("libfaketime is not installed; run scripts/setup --tests");
#endif
    return env;
}

/* ---- the event ---- */

#define PAID_SECRETS                                                           \
    "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="           \
    " s.attendee_id WHERE a.status = 'paid' AND s.revoked = 0 ORDER BY"        \
    " a.ticket_id"
#define PANDAS_SECRETS                                                         \
    "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="           \
    " s.attendee_id JOIN attendee_tutorial x ON x.attendee_id = a.id JOIN"     \
    " tutorial u ON u.id = x.tutorial_id WHERE u.slug = 'pandas-intro' AND"    \
    " a.status = 'paid' AND s.revoked = 0 ORDER BY a.ticket_id"
#define PANDAS_OPEN "--clock '2027-05-12 09:05'"

/* Run `checkin ARGS`; fail the test unless it exits `want`. */
#define run(...) tu_checkin_want(__VA_ARGS__)

/* ---- one file, several stations at once ---- */

/* The verdicts three stations printed as JSON lines to the files
 * `prefix`0.out to `prefix`2.out: how many were shown, and of them how many
 * recorded and how many NOT RECORDED (the lock not had within two seconds,
 * which a race on one file can cause on a loaded machine). */
static long count_verdicts(const char *prefix, long *recorded,
                           long *not_recorded)
{
    long shown = 0;
    *recorded = *not_recorded = 0;
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof(name), "%s%d.out", prefix, i);
        char *text = tu_read_file(tu_path(name), NULL);
        for (char *p = text; p && *p;) {
            char *nl = strchr(p, '\n');
            size_t len = nl ? (size_t)(nl - p) : strlen(p);
            json_error_t je;
            json_t *o = json_loadb(p, len, 0, &je);
            if (o && json_object_get(o, "decision")) {
                shown++;
                if (json_is_true(json_object_get(o, "recorded")))
                    ++*recorded;
                else
                    ++*not_recorded;
            }
            json_decref(o);
            p = nl ? nl + 1 : NULL;
        }
        free(text);
    }
    return shown;
}

/* Three desks on one file, each given every paid attendee in the same
 * order as fast as it decides: the desks race for each person, and each
 * person is admitted once. */
static void desks_sharing_one_file_admit_each_person_once(void)
{
    const char *db = tu_copy(tu_demo_event(), "race-desks.db");
    size_t n;
    char *codes = sql_lines(db, PAID_SECRETS, &n);
    REQUIRE(n > 100);
    char *files[3];
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof(name), "race-desk-%d.txt", i);
        if (i == 0)
            shuffle_lines(codes, 11u);
        files[i] = strdup(tu_path(name));
        tu_write_file(files[i], codes, strlen(codes));
    }
    int status = tu_sh(
        "for i in 0 1 2; do '%s' scan '%s' --station desk --name desk-$i "
        "--keyboard --json < \"%s/race-desk-$i.txt\" > \"%s/race-$i.out\" "
        "2>&1 & done; wait",
        CHECKIN_BIN, db, tu_tmpdir(), tu_tmpdir());
    EXPECT_INT(status, 0);
    /* Nobody admitted twice, whatever the desks showed. */
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM (SELECT attendee_ticket_id "
                           "FROM scan WHERE mode = 'desk' AND decision = "
                           "'admit' GROUP BY attendee_ticket_id HAVING "
                           "count(*) > 1)"),
               0);
    /* What the desks showed: every decision shown as recorded is in the
     * file, and one shown NOT RECORDED (the lock not had within two seconds,
     * which this race can cause) is not. */
    long recorded, not_recorded;
    long shown = count_verdicts("race-", &recorded, &not_recorded);
    EXPECT_INT(shown, 3 * (long long)n);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM scan"), recorded);
    /* Everyone admitted once, but for people whose every scan went
     * unrecorded. */
    long long admitted = sql_int(db, "SELECT count(*) FROM scan WHERE "
                                     "decision = 'admit'");
    EXPECT_TRUE(admitted <= (long long)n);
    EXPECT_TRUE(admitted >= (long long)n - not_recorded);
    if (not_recorded)
        printf("# %ld of %ld decisions shown NOT RECORDED (lock not had "
               "within 2 s)\n",
               not_recorded, shown);
    for (int i = 0; i < 3; i++)
        free(files[i]);
    free(codes);
}

/* Three doors of one room on one file, 26 registered people at each,
 * capacity 20: twenty get in, across the doors. */
static void doors_sharing_one_file_keep_the_capacity(void)
{
    const char *db = tu_copy(tu_demo_event(), "race-doors.db");
    size_t n;
    char *codes = sql_lines(db, PANDAS_SECRETS, &n);
    REQUIRE(n > 20);
    for (int i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof(name), "race-door-%d.txt", i);
        shuffle_lines(codes, 21u + (uint32_t)i);
        tu_write_file(tu_path(name), codes, strlen(codes));
    }
    int status = tu_sh(
        "for i in 0 1 2; do '%s' scan '%s' --station door:pandas-intro "
        "--name door-$i --capacity 20 %s --keyboard --json "
        "< \"%s/race-door-$i.txt\" > \"%s/door-$i.out\" 2>&1 & done; wait",
        CHECKIN_BIN, db, PANDAS_OPEN, tu_tmpdir(), tu_tmpdir());
    EXPECT_INT(status, 0);
    EXPECT_INT(sql_int(db, "SELECT count(DISTINCT attendee_ticket_id) FROM "
                           "scan WHERE mode = 'door' AND decision = "
                           "'admit'"),
               20);
    /* Every other scan refused as full, but for a verdict shown NOT
     * RECORDED, which is not in the file. */
    long recorded, not_recorded;
    long shown = count_verdicts("door-", &recorded, &not_recorded);
    EXPECT_INT(shown, 3 * (long long)n);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM scan"), recorded);
    long long full = sql_int(db, "SELECT count(*) FROM scan WHERE reason = "
                                 "'full'");
    EXPECT_TRUE(full <= 3 * (long long)n - 20 - 2 * 20);
    EXPECT_TRUE(full >= 3 * (long long)n - 20 - 2 * 20 - not_recorded);
    if (not_recorded)
        printf("# %ld of %ld decisions shown NOT RECORDED (lock not had "
               "within 2 s)\n",
               not_recorded, shown);
    free(codes);
}

/* An entry scanner and an exit scanner of one room, both running: each
 * counts the other's people. */
static void entry_and_exit_scanners_count_one_room(void)
{
    const char *db = tu_copy(tu_demo_event(), "entry-exit.db");
    size_t n;
    char *codes = sql_lines(db, PANDAS_SECRETS, &n);
    REQUIRE(n >= 4);
    char *c[4], *save = NULL;
    c[0] = strtok_r(codes, "\n", &save);
    for (int i = 1; i < 4; i++)
        c[i] = strtok_r(NULL, "\n", &save);
    struct live in, out;
    const char *env = clock_env(db, "2027-05-12 09:05");
    REQUIRE(live_start(&in, env, db,
                       "--station door:pandas-intro --name "
                       "door-in --capacity 2") == 0);
    REQUIRE(live_start(&out, env, db,
                       "--station door:pandas-intro --name "
                       "door-out --exit --capacity 2") == 0);
    json_t *d;
    d = live_scan(&in, c[0]);
    EXPECT_STR(live_str(d, "reason"), "entered");
    json_decref(d);
    d = live_scan(&in, c[1]);
    EXPECT_STR(live_str(d, "reason"), "entered");
    json_decref(d);
    d = live_scan(&out, c[0]);
    EXPECT_STR(live_str(d, "reason"), "left");
    EXPECT_CONTAINS(live_str(d, "reason_text"), "1 inside now");
    json_decref(d);
    /* The room has a seat again: the entry scanner knows. */
    d = live_scan(&in, c[2]);
    EXPECT_STR(live_str(d, "reason"), "entered");
    json_decref(d);
    d = live_scan(&in, c[3]);
    EXPECT_STR(live_str(d, "reason"), "full");
    EXPECT_CONTAINS(live_str(d, "reason_text"), "(2 of 2)");
    json_decref(d);
    d = live_scan(&out, c[3]);
    EXPECT_STR(live_str(d, "reason"), "not-inside");
    json_decref(d);
    EXPECT_INT(live_stop(&in), 0);
    EXPECT_INT(live_stop(&out), 0);
    free(codes);
}

/* ---- stations with one name ---- */

/* Two running desks given the same name on one file (laptops cloned from
 * one image, each calling itself desk-HOSTNAME): every scan recorded. */
static void same_name_desks_on_one_file_record_every_scan(void)
{
    const char *db = tu_copy(tu_demo_event(), "same-name.db");
    size_t n;
    char *codes = sql_lines(db, PAID_SECRETS, &n);
    REQUIRE(n >= 10);
    struct live a, b;
    REQUIRE(live_start(&a, "", db, "--station desk --name desk-clone") == 0);
    REQUIRE(live_start(&b, "", db, "--station desk --name desk-clone") == 0);
    char *save = NULL, *code = strtok_r(codes, "\n", &save);
    for (int i = 0; i < 10 && code; i++, code = strtok_r(NULL, "\n", &save)) {
        json_t *d = live_scan(i % 2 ? &b : &a, code);
        EXPECT_STR(live_str(d, "decision"), "admit");
        if (!json_is_true(json_object_get(d, "recorded")))
            TU_FAIL_AT("scan %d not recorded: %s", i,
                       live_str(d, "record_error"));
        json_decref(d);
    }
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
    EXPECT_INT(sql_int(db, "SELECT count(*) FROM scan WHERE station = "
                           "'desk-clone'"),
               10);
    EXPECT_INT(sql_int(db, "SELECT count(DISTINCT station_id) FROM scan"), 2);
    free(codes);
}

/* Two laptops with copies of the event file and the same station name:
 * the merge keeps both laptops' check-ins. */
static void same_name_copies_merge_without_losing_rows(void)
{
    const char *ev = tu_copy(tu_demo_event(), "merge-same.db");
    const char *a = tu_copy(ev, "laptop-a.db"), *b = tu_copy(ev, "laptop-b.db");
    size_t n;
    char *codes = sql_lines(ev, PAID_SECRETS, &n);
    REQUIRE(n >= 12);
    /* Six people at laptop a, the next six at laptop b. */
    char *mid = codes, *end;
    for (int i = 0; i < 6; i++)
        mid = strchr(mid, '\n') + 1;
    end = mid;
    for (int i = 0; i < 6; i++)
        end = strchr(end, '\n') + 1;
    tu_write_file(tu_path("a.txt"), codes, (size_t)(mid - codes));
    tu_write_file(tu_path("b.txt"), mid, (size_t)(end - mid));
    EXPECT_INT(tu_sh("'%s' scan '%s' --station desk --name desk-1 --keyboard "
                     "--json < '%s' > /dev/null && '%s' scan '%s' --station "
                     "desk --name desk-1 --keyboard --json < '%s' > "
                     "/dev/null",
                     CHECKIN_BIN, a, tu_path("a.txt"), CHECKIN_BIN, b,
                     tu_path("b.txt")),
               0);
    long long in_a = sql_int(a, "SELECT count(*) FROM scan");
    long long in_b = sql_int(b, "SELECT count(*) FROM scan");
    EXPECT_INT(in_a, 6);
    EXPECT_INT(in_b, 6);
    const char *said = run(0, "merge '%s' '%s' '%s'", ev, a, b);
    EXPECT_NOT_CONTAINS(said, "same station");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan"), in_a + in_b);
    /* Merging both again adds nothing. */
    run(0, "merge '%s' '%s' '%s'", ev, b, a);
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan"), in_a + in_b);
    free(codes);
}

/* ---- which files merge ---- */

/* A rehearsal made by a separate `checkin init` of the same description,
 * and the event file itself, are refused in one sentence. */
static void merge_refuses_a_separate_init_and_the_event_itself(void)
{
    const char *ev = tu_copy(tu_demo_event(), "merge-id.db");
    const char *rehearsal = tu_path("rehearsal.db");
    run(0, "init --key '%s' '%s' '%s'", tu_path("rehearsal.key"), rehearsal,
        tu_demo_event_ini());
    run(0, "import '%s' '%s/demo/registrations.csv'", rehearsal, CONFIG_DIR);
    size_t n;
    char *codes = sql_lines(rehearsal, PAID_SECRETS, &n);
    tu_write_file(tu_path("rehearsal.txt"), codes, strlen(codes) / 10);
    EXPECT_INT(tu_sh("'%s' scan '%s' --station desk --name desk-r "
                     "--keyboard --json < '%s' > /dev/null",
                     CHECKIN_BIN, rehearsal, tu_path("rehearsal.txt")),
               0);
    EXPECT_TRUE(sql_int(rehearsal, "SELECT count(*) FROM scan") > 0);
    const char *said = run(1, "merge '%s' '%s'", ev, rehearsal);
    EXPECT_CONTAINS(said, "separate 'checkin init'");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan"), 0);

    /* The sentence comes only from the check made before the file is
     * opened a second time (import/merge.c), so no clock is needed to
     * tell that it did not wait on its own lock. */
    said = run(1, "merge '%s' '%s'", ev, ev);
    EXPECT_CONTAINS(said, "is the event database itself");
    free(codes);
}

/* ---- leads ---- */

/* `checkin issue [FLAGS] DB TICKET`: the code, into `out`. */
static void issue_badge(const char *db, const char *flags, const char *ticket,
                        char *out, size_t cap)
{
    const char *said = run(0, "issue %s --key '%s' '%s' %s", flags,
                           tu_path("event.key"), db, ticket);
    const char *ck = strstr(said, "CK");
    out[0] = '\0';
    if (!ck) {
        TU_FAIL_AT("no code in: %s", said);
        return;
    }
    size_t len = strcspn(ck, "\n"); /* base45 has spaces */
    snprintf(out, cap, "%.*s", (int)(len < cap ? len : cap - 1), ck);
}

/* The booth volunteer's note and rating on lead `seq` of station `name`,
 * as the station's display saves it (journal_lead_note), from a later run
 * of the same station. */
static void note(const char *db, const char *name, long long seq,
                 const char *text, int rating)
{
    store *s;
    journal *j = NULL;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    if (journal_open(s, name, &j, &err) ||
        journal_lead_note(j, seq, text, rating, &err))
        TU_FAIL_AT("lead note: %s", err.msg);
    journal_free(j);
    store_close(s);
}

/* A lead station copied before its volunteer's last edit, merged after
 * the newer file: the newer note stays, in either order. */
static void merging_an_older_lead_copy_keeps_the_newest_note(void)
{
    const char *ev = tu_copy(tu_demo_event(), "leads-ev.db");
    char badge[256];
    issue_badge(ev, "", "48243", badge, sizeof(badge));
    const char *booth = tu_path("booth.db");
    run(0, "station-db '%s' leads:datawise '%s'", ev, booth);
    tu_write_file(tu_path("badge.txt"), badge, strlen(badge));
    EXPECT_INT(tu_sh("printf '\\n' >> '%s'; '%s' scan '%s' --station "
                     "leads:datawise --name booth-1 --keyboard --json < '%s' "
                     "> '%s'",
                     tu_path("badge.txt"), CHECKIN_BIN, booth,
                     tu_path("badge.txt"), tu_path("booth.out")),
               0);
    REQUIRE(sql_int(booth, "SELECT count(*) FROM lead") == 1);
    note(booth, "booth-1", 1, "wants a demo", 3);
    const char *older = tu_copy(booth, "booth-older.db");
    note(booth, "booth-1", 1, "wants a demo; call back in June", 5);

    const char *ev2 = tu_copy(ev, "leads-ev2.db");
    run(0, "merge '%s' '%s'", ev, booth);
    run(0, "merge '%s' '%s'", ev, older);
    run(0, "merge '%s' '%s'", ev2, older);
    run(0, "merge '%s' '%s'", ev2, booth);
    const char *both[2] = {ev, ev2};
    for (int i = 0; i < 2; i++) {
        size_t n;
        char *notes = sql_lines(both[i],
                                "SELECT note || ' ' || rating FROM "
                                "lead",
                                &n);
        EXPECT_STR(notes, "wants a demo; call back in June 5\n");
        free(notes);
    }
}

/* The booth's file holds no badge ids nor attendees, yet admits a valid
 * badge and refuses a superseded one; merged back, a changed booth file
 * brings nothing but its own sponsor's leads, and leads for badge ids
 * gathered elsewhere are left out of the export. */
static void a_booth_file_gives_a_sponsor_nothing_to_harvest(void)
{
    const char *ev = tu_copy(tu_demo_event(), "harvest.db");
    char old_badge[256], badge[256], other[256];
    /* Sixty paid attendees get a badge, as at a real event's desks. */
    EXPECT_INT(tu_sh("for t in $(sqlite3 '%s' \"SELECT ticket_id FROM "
                     "attendee WHERE status = 'paid' AND ticket_id NOT IN "
                     "('48243', '48275') LIMIT 60\"); do '%s' issue --key "
                     "'%s' '%s' $t > /dev/null || exit 1; done",
                     ev, CHECKIN_BIN, tu_path("event.key"), ev),
               0);
    /* Olivia lost hers: the reprint supersedes it. */
    issue_badge(ev, "", "48243", old_badge, sizeof(old_badge));
    issue_badge(ev, "--new", "48243", badge, sizeof(badge));
    issue_badge(ev, "", "48275", other, sizeof(other));
    EXPECT_TRUE(strcmp(old_badge, badge) != 0);
    long long stats_before = sql_int(ev, "SELECT count(*) FROM scan");

    const char *booth = tu_path("harvest-booth.db");
    run(0, "station-db '%s' leads:datawise '%s'", ev, booth);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM badge"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM ticket_secret"), 0);
    EXPECT_TRUE(sql_int(booth, "SELECT count(*) FROM revoked_badge") >= 1);

    char codes[1024];
    snprintf(codes, sizeof(codes), "%s\n%s\n%s\n", badge, old_badge, other);
    tu_write_file(tu_path("booth-codes.txt"), codes, strlen(codes));
    EXPECT_INT(tu_sh("'%s' scan '%s' --station leads:datawise --name booth "
                     "--keyboard --json < '%s' > '%s'",
                     CHECKIN_BIN, booth, tu_path("booth-codes.txt"),
                     tu_path("booth.json")),
               0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM lead"), 2);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM scan WHERE reason = "
                              "'revoked'"),
               1);

    /* The sponsor changes its file with the sqlite3 shell: a lead for
     * another sponsor, a desk check-in, and a lead a second for every
     * badge id it found somewhere (copied here from the event file). */
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "ATTACH '%s' AS ev;"
             "INSERT INTO lead (station_id, station, seq, sponsor_slug, "
             " badge_id, at_ms) SELECT 'forged', 'booth', 1000 + rowid, "
             " 'datawise', badge_id, 1800000000000 + rowid FROM (SELECT "
             " badge_id, row_number() OVER () AS rowid FROM ev.badge);"
             "INSERT INTO lead (station_id, station, seq, sponsor_slug, "
             " badge_id, at_ms) SELECT 'forged', 'booth', 5000, "
             " 'pyladies', badge_id, 0 FROM ev.badge LIMIT 1;"
             "INSERT INTO scan (station_id, station, seq, at_ms, mode, code,"
             " attendee_ticket_id, decision, reason) SELECT 'forged', "
             " 'booth', 9000 + rowid, 0, 'desk', 'x', ticket_id, 'admit', "
             " 'checked-in' FROM ev.attendee;",
             ev);
    EXPECT_INT(sql_exec(booth, sql), SQLITE_OK);
    const char *said = run(0, "merge '%s' '%s'", ev, booth);
    EXPECT_CONTAINS(said, "only its own sponsor's leads");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan WHERE mode = 'desk'"),
               stats_before);
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM lead WHERE sponsor_slug != "
                           "'datawise'"),
               0);
    said = run(0, "export '%s' leads --sponsor datawise --out '%s'", ev,
               tu_path("leads.csv"));
    EXPECT_CONTAINS(said, "left out because no badge scanner could have "
                          "made them");
    size_t len;
    char *csv = tu_read_file(tu_path("leads.csv"), &len);
    REQUIRE(csv != NULL);
    /* The two real leads at most (if they consented), nobody else. */
    long lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += csv[i] == '\n';
    EXPECT_TRUE(lines <= 3);
    free(csv);
}

/* Rows over the limits a station keeps are refused, and names and ids
 * from a file are printed as text, never as terminal escapes. */
static void merge_bounds_rows_and_prints_names_as_text(void)
{
    const char *ev = tu_copy(tu_demo_event(), "bounds.db");
    const char *st = tu_copy(ev, "bounds-station.db");
    char sql[1024];
    snprintf(sql, sizeof(sql),
             "INSERT INTO lead (station_id, station, seq, sponsor_slug, "
             " badge_id, at_ms, note) VALUES ('r9', 'booth', 1, 'datawise',"
             " x'0102030405060708', 0, printf('%%.*c', 1000000, 'x'));"
             "INSERT INTO scan (station_id, station, seq, at_ms, mode, code,"
             " attendee_ticket_id, decision, reason) VALUES"
             " ('r1', 'desk-a', 1, 0, 'desk', 'x', char(27) || ']0;pwned' ||"
             " char(7), 'admit', 'checked-in'),"
             " ('r2', 'desk-b', 1, 0, 'desk', 'x', char(27) || ']0;pwned' ||"
             " char(7), 'admit', 'checked-in');");
    EXPECT_INT(sql_exec(st, sql), SQLITE_OK);
    const char *said = run(0, "merge '%s' '%s'", ev, st);
    EXPECT_CONTAINS(said, "1 row was left out because a field is longer");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM lead"), 0);
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan"), 2);
    EXPECT_CONTAINS(said, "Checked in at more than one desk (1)");
    EXPECT_NOT_CONTAINS(said, "\033");
    EXPECT_NOT_CONTAINS(said, "\007");
}

/* "Did she arrive?": `checkin attendees` says when and where each person
 * was first checked in, from any desk merged into the file, and says when
 * it stopped at its limit. */
static void attendees_show_check_ins_and_the_whole_count(void)
{
    const char *ev = tu_copy(tu_demo_event(), "arrived.db");
    const char *desk = tu_copy(ev, "arrived-desk.db");
    size_t n;
    char *codes = sql_lines(ev,
                            "SELECT s.secret FROM ticket_secret s JOIN "
                            "attendee a ON a.id = s.attendee_id WHERE "
                            "a.ticket_id = '48243'",
                            &n);
    REQUIRE(n == 1);
    tu_write_file(tu_path("arrived.txt"), codes, strlen(codes));
    free(codes);
    EXPECT_INT(tu_sh("'%s' scan '%s' --station desk --name desk-7 --clock "
                     "'2027-05-12 08:41' --keyboard --json < '%s' > "
                     "/dev/null 2>&1",
                     CHECKIN_BIN, desk, tu_path("arrived.txt")),
               0);
    run(0, "merge '%s' '%s'", ev, desk);
    const char *said = run(0, "attendees '%s' olivia", ev);
    EXPECT_CONTAINS(said, "checked in Wed 12 May 08:41 at desk-7");
    said = run(0, "attendees --json '%s' 48243", ev);
    EXPECT_CONTAINS(said, "\"checked_in\":{\"at\":\"2027-05-12 08:41\"");
    EXPECT_CONTAINS(said, "\"station\":\"desk-7\"");
    said = run(0, "attendees '%s' jean-luc", ev);
    EXPECT_CONTAINS(said, "not checked in");
    /* No-shows: every paid registration but Olivia's. */
    run(0, "export '%s' no-shows --out '%s'", ev, tu_path("no-shows.csv"));
    size_t len;
    char *csv = tu_read_file(tu_path("no-shows.csv"), &len);
    REQUIRE(csv != NULL);
    long lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += csv[i] == '\n';
    EXPECT_INT(lines, 1 +
                          sql_int(ev, "SELECT count(*) FROM attendee WHERE "
                                      "status = 'paid'") -
                          1);
    EXPECT_NOT_CONTAINS(csv, "Hartley-Whitmore");
    EXPECT_CONTAINS(csv, "Moreau-Dubois");
    free(csv);
    long long all = sql_int(ev, "SELECT count(*) FROM attendee");
    said = run(0, "attendees '%s'", ev);
    char want[128];
    snprintf(want, sizeof(want), "First 50 of %lld attendees found", all);
    EXPECT_CONTAINS(said, want);
}

TU_MAIN(TU_CASE(desks_sharing_one_file_admit_each_person_once),
        TU_CASE(doors_sharing_one_file_keep_the_capacity),
        TU_CASE(entry_and_exit_scanners_count_one_room),
        TU_CASE(same_name_desks_on_one_file_record_every_scan),
        TU_CASE(same_name_copies_merge_without_losing_rows),
        TU_CASE(merge_refuses_a_separate_init_and_the_event_itself),
        TU_CASE(merging_an_older_lead_copy_keeps_the_newest_note),
        TU_CASE(a_booth_file_gives_a_sponsor_nothing_to_harvest),
        TU_CASE(merge_bounds_rows_and_prints_names_as_text),
        TU_CASE(attendees_show_check_ins_and_the_whole_count))
