/* Seat leases (issue 29.3; docs/admission.md, "Capacity across doors:
 * seat leases"): two doors of one room, enrolled at a real PostgreSQL hub
 * this test starts and stops (pgserver.c), reach it through a relay on
 * loopback that the test cuts (relay.c).  Cut off, scanning different
 * people, they never let in more than the room holds together; each says
 * `full-here` naming the other once its seats are taken; once the hub is
 * back and one door's people have left, seats move to the other door.
 * What a door decides is what the real `checkin scan` prints; the hub is
 * read as its superuser and the files with plain SQLite.  Exits 77
 * (skipped) when the PostgreSQL server is not installed. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/hub_schema.h"
#include "hubfix.h"
#include "live.h"
#include "older_hubs.h"
#include "pgserver.h"
#include "relay.h"
#include "testutil.h"
#include "webdriver.h"

#define run(...) tu_checkin_want(__VA_ARGS__)

/* The demo event's description with its pandas-intro tutorial down to
 * `seats` seats, in tu_path(FILE). */
static const char *pandas_ini(const char *file, long long seats)
{
    const char *path = tu_path(file);
    if (tu_sh("sed -e '/^.tutorial pandas-intro\\]/,/^$/ s/^capacity = "
              ".*$/capacity = %lld/' '%s' > '%s'",
              seats, tu_demo_event_ini(), path))
        TU_FAIL_AT("could not write %s", path);
    return path;
}

/* The demo event, its pandas-intro tutorial down to `seats` seats, at a
 * fresh hub of its own (named in *hub). */
static const char *event_at_hub(const char *name, int seats, const char **hub)
{
    char ini[128];
    snprintf(ini, sizeof(ini), "%s.ini", name);
    return hubfix_event(name, pandas_ini(ini, seats), hub);
}

/* `checkin hub add-station EV NAME --station door:pandas-intro`, its file
 * tu_path(FILE). */
static const char *add_door(const char *ev, const char *name, const char *file)
{
    return hubfix_station(ev, name, "door:pandas-intro", file);
}

/* Doors door-a and door-b of a room of 6 seats, enrolled at a hub of
 * their own and synced once each, in that order: door-a took the room
 * alone at its enrolment and gives back down to its share, door-b takes
 * its own. */
static bool two_doors(const char *name, struct hubfix *f)
{
    char ini[128];
    snprintf(ini, sizeof(ini), "%s.ini", name);
    if (!hubfix_open(f, name, pandas_ini(ini, 6), "door-a", "door:pandas-intro",
                     "door-b", "door:pandas-intro", NULL))
        return false;
    hubfix_sync_all(f);
    return true;
}

/* The door's file reaches its hub through the relay from now on. */
static void through_relay(const char *file)
{
    hubfix_through_relay(file);
}

/* The `n`th paid person who bought pandas-intro. */
static const char *pandas(const char *db, int n)
{
    return hubfix_pandas(db, n);
}

/* The seats a door's file holds (granted less released; -1: no lease). */
static long long held(const char *file)
{
    return tu_sql_int(file,
                      "SELECT coalesce((SELECT granted - released FROM"
                      " list_lease WHERE list_slug = 'pandas-intro'), -1)");
}

/* The people inside whose open entry the door's file made. */
static long long charged(const char *file)
{
    return tu_sql_int(
        file, "SELECT count(DISTINCT e.attendee_ticket_id) FROM live_scan e"
              " WHERE e.mode = 'door' AND e.target = 'pandas-intro' AND"
              " e.decision = 'admit' AND e.direction = 'in' AND"
              " e.station_id NOT IN (SELECT station_id FROM sync_run WHERE"
              " own = 0) AND NOT EXISTS (SELECT 1 FROM live_scan o WHERE"
              " o.attendee_ticket_id = e.attendee_ticket_id AND o.mode ="
              " 'door' AND o.target = e.target AND o.decision = 'admit' AND"
              " o.direction = 'out' AND o.ref_station_id = e.station_id AND"
              " o.ref_seq = e.seq)");
}

/* What the hub says the door holds (granted less released). */
static long long hub_held(const char *hub, const char *name)
{
    char sql[400];
    snprintf(sql, sizeof(sql),
             "SELECT coalesce((SELECT l.granted - l.released FROM"
             " checkin.seat_lease l JOIN checkin.station s ON s.uid ="
             " l.station_uid WHERE s.name = '%s'), -1)",
             name);
    return pgserver_int(hub, sql);
}

/* The door's file never holds fewer seats than the people it let in, and
 * never more than the hub granted it. */
static void lease_sound(const char *hub, const char *file, const char *name)
{
    long long h = held(file), c = charged(file);
    if (h < c)
        TU_FAIL_AT("%s holds %lld seats but charges %lld", name, h, c);
    char sql[400];
    snprintf(sql, sizeof(sql),
             "SELECT l.granted FROM checkin.seat_lease l JOIN checkin.station"
             " s ON s.uid = l.station_uid WHERE s.name = '%s'",
             name);
    long long g = pgserver_int(hub, sql);
    long long fg = tu_sql_int(file, "SELECT granted FROM list_lease");
    if (fg > g)
        TU_FAIL_AT("%s's file says %lld granted, the hub %lld", name, fg, g);
}

/* `checkin scan FILE` as door NAME, offline, `codes` one a line, with
 * `extra` options; what it printed. */
static const char *door_scan(const char *file, const char *name,
                             const char *extra, const char *codes)
{
    char args[1024];
    snprintf(args, sizeof(args),
             "scan '%s' --station door:pandas-intro --name %s --clock "
             "'2027-05-12 09:05' %s --keyboard --json --offline",
             file, name, extra);
    const char *out, *err;
    int st = tu_checkin_in(args, codes, &out, &err);
    if (st != 0)
        TU_FAIL_AT("checkin %s exited %d: %s", args, st, err);
    return out;
}

/* The next decision the running door prints for `code`. */
static json_t *decide(struct live *d, const char *code)
{
    json_t *o = live_scan(d, code);
    if (!o)
        TU_FAIL_AT("no decision for %s", code);
    return o;
}

static bool is_offline(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           !json_is_true(json_object_get(o, "online"));
}

/* A running station's link line (its `sync` event) says `arg`. */
static bool link_says(json_t *o, const void *arg)
{
    return !strcmp(live_str(o, "event"), "sync") &&
           !strcmp(live_str(o, "text"), (const char *)arg);
}

/* Entered at one door and another: how many people the room's two doors
 * let in, over both files (a person once). */
static long long entered_total(const char *a, const char *b)
{
    char sql[800];
    snprintf(sql, sizeof(sql),
             "ATTACH '%s' AS other; SELECT count(*) FROM (SELECT"
             " attendee_ticket_id FROM main.scan WHERE reason = 'entered'"
             " UNION SELECT attendee_ticket_id FROM other.scan WHERE reason ="
             " 'entered')",
             b);
    char cmd[1200];
    int cn = snprintf(cmd, sizeof(cmd), "sqlite3 '%s' \"%s\"", a, sql);
    if (cn < 0 || (size_t)cn >= sizeof(cmd)) {
        TU_FAIL_AT("the sqlite3 command for %s is too long", a);
        return -1;
    }
    FILE *p = popen(cmd, "r");
    long long n = -1;
    if (!p || fscanf(p, "%lld", &n) != 1)
        TU_FAIL_AT("could not count %s and %s", a, b);
    if (p)
        pclose(p);
    return n;
}

/* Two doors of one room (6 seats), both enrolled, cut off from the hub,
 * scanning different people: together they never let in more than 6;
 * each refuses with `full-here`, naming the other door, once its own 3
 * are taken.  Back online, when door-a's people have left, seats move to
 * door-b at its next sync. */
static void two_doors_cut_off_never_exceed_the_capacity_together(void)
{
    struct hubfix f;
    REQUIRE(two_doors("cut", &f));
    const char *hub = f.hub, *ev = f.ev, *fa = f.file[0], *fb = f.file[1];
    /* door-a took the room alone at its enrolment; once it sees door-b it
     * gives back down to its share, and door-b takes its own. */
    EXPECT_CONTAINS(run(0, "sync '%s'", fb),
                    "This door holds 3 seats of its room (its share: 3).");
    EXPECT_INT(held(fa), 3);
    EXPECT_INT(held(fb), 3);
    EXPECT_INT(hub_held(hub, "door-a") + hub_held(hub, "door-b"), 6);
    through_relay(fa);
    through_relay(fb);
    relay_cut(true);
    struct live a, b;
#define DOOR "--station door:pandas-intro --clock '2027-05-12 09:05' --name "
    REQUIRE(live_start(&a, "", fa, DOOR "door-a") == 0);
    REQUIRE(live_start(&b, "", fb, DOOR "door-b") == 0);
#undef DOOR
    json_t *o = live_next(&a, 20000, is_offline, NULL);
    if (!o)
        TU_FAIL_AT("door-a did not say it is offline");
    json_decref(o);
    o = live_next(&b, 20000, is_offline, NULL);
    if (!o)
        TU_FAIL_AT("door-b did not say it is offline");
    json_decref(o);
    /* Turn about, four different people at each door. */
    int in_a = 0, in_b = 0, here_a = 0, here_b = 0;
    for (int i = 0; i < 4; i++) {
        for (int side = 0; side < 2; side++) {
            struct live *d = side ? &b : &a;
            json_t *v = decide(d, pandas(ev, 2 * i + side));
            if (!v)
                continue;
            const char *why = live_str(v, "reason");
            const char *text = live_str(v, "reason_text");
            if (!strcmp(why, "entered")) {
                ++*(side ? &in_b : &in_a);
            } else if (!strcmp(why, "full-here")) {
                ++*(side ? &here_b : &here_a);
                EXPECT_CONTAINS(text, side ? "door-a holds the others"
                                           : "door-b holds the others");
                EXPECT_CONTAINS(text, "This door's 3 seats are taken");
            } else {
                TU_FAIL_AT("door-%c: %s (%s)", side ? 'b' : 'a', why, text);
            }
            json_t *n = json_object_get(v, "seats");
            if (in_a + in_b > 6)
                TU_FAIL_AT("%d let in for 6 seats", in_a + in_b);
            /* "Seats here: 3, taken: N" */
            EXPECT_INT(json_integer_value(json_object_get(n, "held")), 3);
            EXPECT_INT(json_integer_value(json_object_get(n, "taken")),
                       side ? in_b : in_a);
            json_decref(v);
        }
    }
    EXPECT_INT(in_a, 3);
    EXPECT_INT(in_b, 3);
    EXPECT_INT(here_a, 1);
    EXPECT_INT(here_b, 1);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
    EXPECT_INT(entered_total(fa, fb), 6);
    lease_sound(hub, fa, "door-a");
    lease_sound(hub, fb, "door-b");

    /* The hub is back; door-a's three leave by door-a. */
    relay_cut(false);
    char codes[512], c0[128], c2[128], c4[128];
    snprintf(c0, sizeof(c0), "%s", pandas(ev, 0));
    snprintf(c2, sizeof(c2), "%s", pandas(ev, 2));
    snprintf(c4, sizeof(c4), "%s", pandas(ev, 4));
    snprintf(codes, sizeof(codes), "%s\n%s\n%s\n", c0, c2, c4);
    const char *left = door_scan(fa, "door-a", "--exit", codes);
    EXPECT_CONTAINS(left, "\"reason\":\"left\"");
    EXPECT_INT(charged(fa), 0);
    /* door-b says what it charges, door-a gives back what it no longer
     * needs, and door-b takes it at its next sync. */
    run(0, "sync '%s'", fb);
    run(0, "sync '%s'", fa);
    EXPECT_INT(held(fa), 2);
    lease_sound(hub, fa, "door-a");
    EXPECT_CONTAINS(run(0, "sync '%s'", fb), "This door holds 4 seats");
    EXPECT_INT(held(fb), 4);
    lease_sound(hub, fb, "door-b");
    EXPECT_INT(hub_held(hub, "door-a") + hub_held(hub, "door-b"), 6);
    /* So door-b lets in one more, and then is full here. */
    char more[300], c8[128], c10[128];
    snprintf(c8, sizeof(c8), "%s", pandas(ev, 8));
    snprintf(c10, sizeof(c10), "%s", pandas(ev, 10));
    snprintf(more, sizeof(more), "%s\n%s\n", c8, c10);
    const char *out = door_scan(fb, "door-b", "", more);
    EXPECT_CONTAINS(out, "\"reason\":\"entered\"");
    EXPECT_CONTAINS(out, "\"reason\":\"full-here\"");
    EXPECT_CONTAINS(out, "This door's 4 seats are taken (4 inside of 6); "
                         "door-a holds the others.");
}

/* A door gives seats back in its file first, then at the hub.  Killed
 * between the two, its file holds fewer seats than the hub counts for
 * it, and nobody else gets them until its next sync says so: no seat is
 * held by two doors.  And a door never holds fewer seats than its people
 * inside take. */
static void seats_given_back_are_never_held_twice(void)
{
    const char *hub;
    const char *ev = event_at_hub("back", 6, &hub);
    const char *fa = add_door(ev, "door-a", "back-a.db");
    /* Alone at its enrolment, door-a took the room. */
    EXPECT_INT(held(fa), 6);
    char codes[300], c0[128], c1[128];
    snprintf(c0, sizeof(c0), "%s", pandas(ev, 0));
    snprintf(c1, sizeof(c1), "%s", pandas(ev, 1));
    snprintf(codes, sizeof(codes), "%s\n%s\n", c0, c1);
    EXPECT_CONTAINS(door_scan(fa, "door-a", "", codes),
                    "\"reason\":\"entered\"");
    const char *fb = add_door(ev, "door-b", "back-b.db");
    EXPECT_INT(held(fb), 0);
    /* door-a charges 2, its share is 2 and half the 4 free: it gives 2
     * back, and is killed before the hub hears of it. */
    char args[600];
    snprintf(args, sizeof(args), "sync '%s'", fa);
    setenv("CHECKIN_TEST_KILL_AT", "lease-released:back-a.db", 1);
    const char *o, *e;
    int st = tu_checkin_in(args, "", &o, &e);
    unsetenv("CHECKIN_TEST_KILL_AT");
    if (st != -1 && st != 128 + SIGKILL)
        TU_FAIL_AT("the sync was not killed at lease-released: %d %s", st, e);
    EXPECT_INT(held(fa), 4);
    EXPECT_INT(hub_held(hub, "door-a"), 6);
    lease_sound(hub, fa, "door-a");
    /* The hub still counts them door-a's: door-b gets none. */
    run(0, "sync '%s'", fb);
    EXPECT_INT(held(fb), 0);
    char c2[128];
    snprintf(c2, sizeof(c2), "%s\n", pandas(ev, 2));
    EXPECT_CONTAINS(door_scan(fb, "door-b", "", c2),
                    "This door holds none of the room's seats yet (2 inside "
                    "of 6); door-a holds the others.  Send them to door-a, or "
                    "wait until someone leaves.");
    if (held(fa) + held(fb) > 6)
        TU_FAIL_AT("the doors' files hold %lld and %lld of 6 seats", held(fa),
                   held(fb));
    EXPECT_INT(hub_held(hub, "door-a") + hub_held(hub, "door-b"), 6);
    /* door-a's next sync says so, and door-b's takes them. */
    run(0, "sync '%s'", fa);
    EXPECT_INT(hub_held(hub, "door-a"), 4);
    EXPECT_INT(held(fa), 4);
    run(0, "sync '%s'", fb);
    EXPECT_INT(held(fb), 2);
    lease_sound(hub, fa, "door-a");
    lease_sound(hub, fb, "door-b");
    EXPECT_INT(hub_held(hub, "door-a") + hub_held(hub, "door-b"), 6);
    /* A door cannot give itself seats, nor take back what it gave. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.seat_lease"
                                 " WHERE released > granted"),
               0);
}

/* A format 13 hub holding a door's rows is brought to 14 by the
 * organizer's next sync, keeping them; the door takes its seats at its
 * next sync, and until then counts its file as before. */
static void a_format_13_hub_is_upgraded_to_14_keeping_its_rows(void)
{
    const char *hub;
    const char *ev = event_at_hub("fmt13", 6, &hub);
    /* Enrolling a station is the organizer's sync, which upgrades the
     * hub: the hub is made a format 13 one after, and the door's file
     * one that never met a format 14 hub. */
    const char *fa = add_door(ev, "door-a", "fmt13-a.db");
    REQUIRE(pgserver_exec(hub, FORMAT13_HUB) == 0);
    EXPECT_INT(tu_sh("sqlite3 '%s' 'DELETE FROM list_lease'", fa), 0);
    EXPECT_INT(held(fa), -1);
    char codes[300], c0[128], c1[128];
    snprintf(c0, sizeof(c0), "%s", pandas(ev, 0));
    snprintf(c1, sizeof(c1), "%s", pandas(ev, 1));
    snprintf(codes, sizeof(codes), "%s\n%s\n", c0, c1);
    const char *out = door_scan(fa, "door-a", "", codes);
    EXPECT_CONTAINS(out, "\"reason\":\"entered\"");
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", fa), "seats");
    EXPECT_INT(held(fa), -1);
    long long rows = pgserver_int(hub, "SELECT count(*) FROM checkin.scan");
    EXPECT_INT(rows, 2);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_FORMAT);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), rows);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration"),
               tu_sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_CONTAINS(run(0, "sync '%s'", fa), "This door holds 6 seats");
    EXPECT_INT(held(fa), 6);
    lease_sound(hub, fa, "door-a");
}

/* The seats the hub counts held over every door of the room. */
static long long hub_held_all(const char *hub)
{
    return pgserver_int(hub, "SELECT coalesce(sum(granted - released), 0)"
                             " FROM checkin.seat_lease WHERE list ="
                             " 'pandas-intro'");
}

/* The doors' `n` codes from pandas(first) on, one a line. */
static const char *codes_of(const char *ev, int first, int n)
{
    static char buf[8][2048];
    static int next;
    char *b = buf[next++ % 8];
    b[0] = '\0';
    size_t at = 0;
    for (int i = 0; i < n; i++)
        at += (size_t)snprintf(b + at, sizeof(buf[0]) - at, "%s\n",
                               pandas(ev, first + i));
    return b;
}

/* two_doors, then two people in at door-a and three at door-b, each door
 * synced again: door-a holds 3 and uses 2, door-b holds 3 and is full. */
static bool two_doors_in_use(const char *name, struct hubfix *f)
{
    if (!two_doors(name, f))
        return false;
    const char *ev = f->ev, *fa = f->file[0], *fb = f->file[1];
    EXPECT_CONTAINS(door_scan(fa, "door-a", "", codes_of(ev, 0, 2)),
                    "\"reason\":\"entered\"");
    EXPECT_CONTAINS(door_scan(fb, "door-b", "", codes_of(ev, 2, 3)),
                    "\"reason\":\"entered\"");
    run(0, "sync '%s'", fa);
    run(0, "sync '%s'", fb);
    return true;
}

/* `checkin hub status` shows, for a room with two doors, the seats each
 * door holds and uses and the free ones, the figures the doors' files
 * hold; and when each door last took seats. */
static void hub_status_shows_each_doors_seats_as_the_doors_hold_them(void)
{
    struct hubfix f;
    REQUIRE(two_doors_in_use("status", &f));
    const char *ev = f.ev, *fa = f.file[0], *fb = f.file[1];
    EXPECT_INT(held(fa), 3);
    EXPECT_INT(charged(fa), 2);
    EXPECT_INT(held(fb), 3);
    EXPECT_INT(charged(fb), 3);
    const char *st = run(0, "hub status '%s'", ev);
    char want[300];
    snprintf(want, sizeof(want),
             "pandas-intro: 6 seats; door-a holds %lld (%lld used), door-b "
             "holds %lld (%lld used, full), 0 free\n",
             held(fa), charged(fa), held(fb), charged(fb));
    EXPECT_CONTAINS(st, want);
    /* door-a took the room at its enrolment and gave 3 back when door-b
     * came; door-b took its 3 and never gave any. */
    const char *a = strstr(st, "    door-a last took seats ");
    const char *b = strstr(st, "    door-b last took seats ");
    if (!a || !b || b < a)
        TU_FAIL_AT("no line of when each door took seats:\n%s", st);
    else {
        EXPECT_NOT_CONTAINS(a, "door-a last took seats never");
        const char *a_end = strchr(a, '\n');
        const char *never = strstr(a, "back never");
        if (!a_end || (never && never < a_end))
            TU_FAIL_AT("door-a gave seats back, status says:\n%s", st);
        EXPECT_CONTAINS(b, "last gave some back never\n");
    }
}

/* The dashboard's snapshot, once door `name` has seats there (its
 * organizer's sync worker reads the hub every few seconds); NULL after
 * 20 s.  The caller decrefs *root. */
static bool has_seats(json_t *h, const void *arg)
{
    (void)arg;
    return json_object_get(h, "seats") != NULL;
}

static json_t *dash_seats(int port, const char *name, json_t **root)
{
    json_t *h = hubfix_snapshot_station(port, name, has_seats, NULL, root);
    return h ? json_object_get(h, "seats") : NULL;
}

/* The organizer's live dashboard shows, under the room, what `hub status`
 * shows: the seats each door holds and uses, and the free ones. */
static void the_dashboard_shows_each_doors_seats_as_hub_status_does(void)
{
    struct hubfix f;
    REQUIRE(two_doors_in_use("dash", &f));
    const char *ev = f.ev, *fa = f.file[0];
    const char *line = "6 seats; door-a holds 3 (2 used), door-b holds 3 (3 "
                       "used, full), 0 free";
    char status_line[200];
    snprintf(status_line, sizeof(status_line), "pandas-intro: %s\n", line);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev), status_line);

    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("dash.out"), &pid);
    json_t *root = NULL;
    json_t *a = port ? dash_seats(port, "door-a", &root) : NULL;
    if (!a)
        TU_FAIL_AT("door-a's seats never reached the dashboard");
    else {
        EXPECT_STR(json_string_value(json_object_get(a, "list")),
                   "pandas-intro");
        EXPECT_INT(json_integer_value(json_object_get(a, "held")), held(fa));
        EXPECT_INT(json_integer_value(json_object_get(a, "used")), charged(fa));
        EXPECT_INT(json_integer_value(json_object_get(a, "capacity")), 6);
    }
    json_decref(root);
    /* The page, in a real browser: the line under the room. */
    if (port && wd_available() && wd_start(tu_path("dash-profile")) == 0) {
        char url[128], want[256];
        snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
        snprintf(want, sizeof(want), "\"%s\"", line);
        if (wd_get(url) == 0) {
            char *v = wd_wait("var c = document.querySelector('#rooms"
                              " tr[data-seats=\"pandas-intro\"]'); return c ?"
                              " c.textContent : '';",
                              want, 20000);
            EXPECT_STR(v ? v : "", want);
            free(v);
        } else {
            TU_FAIL_AT("Chromium did not open %s", url);
        }
        wd_quit();
    } else {
        printf("# no Chromium: the page is not checked\n");
    }
    hubfix_dashboard_stop(pid);
}

/* A capacity lowered below what the doors hold: a door over its new
 * share gives back at its next sync down to the people it let in, and
 * admits nobody while the doors hold more than the room, even as its own
 * people leave (the other door may have let in people it has not heard
 * of).  The hub never counts more held than the room once each door has
 * synced, and lets the doors admit again when it is within. */
static void a_lowered_capacity_is_given_back_and_admits_nobody_meanwhile(void)
{
    struct hubfix f;
    REQUIRE(two_doors("lower", &f));
    const char *hub = f.hub, *ev = f.ev, *fa = f.file[0], *fb = f.file[1];
    /* door-a's three are known at the hub; door-b's three are not. */
    EXPECT_CONTAINS(door_scan(fa, "door-a", "", codes_of(ev, 0, 3)),
                    "\"reason\":\"entered\"");
    run(0, "sync '%s'", fa);
    EXPECT_CONTAINS(door_scan(fb, "door-b", "", codes_of(ev, 3, 3)),
                    "\"reason\":\"entered\"");
    /* The organizer lowers the room to 4 and publishes it. */
    run(0, "event '%s' '%s'", ev, pandas_ini("lower4.ini", 4));
    run(0, "sync '%s'", ev);
    /* door-a charges 3 and door-b holds 3: over, so door-a keeps only
     * its people's seats and says so. */
    EXPECT_CONTAINS(run(0, "sync '%s'", fa),
                    "This door holds 3 seats of its room, each taken by "
                    "someone it let in: the doors hold more than the room's "
                    "capacity now");
    EXPECT_INT(held(fa), 3);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "2 over the capacity: each door gives back as its people "
                    "leave and admits nobody meanwhile");
    /* One of door-a's leaves; door-a knows 2 inside of 4, holds 3 and
     * charges 2, and still lets nobody in: door-b's three are inside. */
    EXPECT_CONTAINS(door_scan(fa, "door-a", "--exit", codes_of(ev, 0, 1)),
                    "\"reason\":\"left\"");
    const char *out = door_scan(fa, "door-a", "", codes_of(ev, 6, 1));
    EXPECT_CONTAINS(out, "\"reason\":\"full-here\"");
    EXPECT_CONTAINS(out, "The room's capacity was lowered to 4 and its doors "
                         "still hold more seats than that; let nobody in "
                         "here until people leave and this door syncs again "
                         "(2 inside).");
    /* door-b hears of it, two of its people leave, and it gives back. */
    run(0, "sync '%s'", fb);
    EXPECT_INT(held(fb), 3);
    EXPECT_CONTAINS(door_scan(fb, "door-b", "--exit", codes_of(ev, 3, 2)),
                    "\"reason\":\"left\"");
    run(0, "sync '%s'", fb);
    run(0, "sync '%s'", fa);
    run(0, "sync '%s'", fb);
    lease_sound(hub, fa, "door-a");
    lease_sound(hub, fb, "door-b");
    if (hub_held_all(hub) > 4)
        TU_FAIL_AT("the hub counts %lld seats held of 4", hub_held_all(hub));
    EXPECT_INT(held(fa) + held(fb), hub_held_all(hub));
    /* Within the room again: door-a lets the next one in. */
    EXPECT_CONTAINS(door_scan(fa, "door-a", "", codes_of(ev, 6, 1)),
                    "\"reason\":\"entered\"");
    EXPECT_INT(charged(fa) + charged(fb), 4);
}

/* A retired door gives back the seats it holds, but those of the people
 * it let in who are still inside; `hub release-seats` gives back the
 * rest as they leave, refuses a door seen lately, and the other door
 * takes them at its next sync. */
static void a_retired_doors_seats_go_back_but_its_peoples_stay(void)
{
    struct hubfix f;
    REQUIRE(two_doors("retire", &f));
    const char *hub = f.hub, *ev = f.ev, *fa = f.file[0], *fb = f.file[1];
    EXPECT_CONTAINS(door_scan(fb, "door-b", "", codes_of(ev, 0, 2)),
                    "\"reason\":\"entered\"");
    run(0, "sync '%s'", fb);
    EXPECT_INT(hub_held(hub, "door-b"), 3);
    /* Seen a moment ago: its seats are not released. */
    EXPECT_CONTAINS(run(1, "hub release-seats '%s' pandas-intro door-b", ev),
                    "door-b synced ");
    EXPECT_CONTAINS(run(1, "hub release-seats '%s' pandas-intro door-b", ev),
                    "retire it now with 'checkin hub retire-station");
    EXPECT_CONTAINS(run(1, "hub release-seats '%s' pandas-intro door-z", ev),
                    "No door named door-z holds seats of pandas-intro; "
                    "'checkin hub status");
    EXPECT_INT(hub_held(hub, "door-b"), 3);
    /* The hub's clock stepped back a minute since door-b's sync (an NTP
     * step at a machine's boot): door-b was heard just now, not never,
     * and is not a door gone whose seats may be given away. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET last_seen ="
                               " now() + interval '1 minute' WHERE name ="
                               " 'door-b'") == 0);
    EXPECT_CONTAINS(run(1, "hub release-seats '%s' pandas-intro door-b", ev),
                    "door-b synced 0 s ago");
    const char *said = run(0, "hub status '%s'", ev);
    const char *row = strstr(said, "\ndoor-b ");
    size_t len = row ? strcspn(row + 1, "\n") : 0;
    if (!row || !memmem(row, len + 1, " live ", 6) ||
        !memmem(row, len + 1, " 0 s ago ", 9))
        TU_FAIL_AT("door-b is not live, synced 0 s ago, in:\n%s", said);
    EXPECT_INT(hub_held(hub, "door-b"), 3);
    /* Retired: its one unused seat goes back, its two people's stay. */
    EXPECT_CONTAINS(run(0, "hub retire-station '%s' door-b", ev),
                    "The 1 seat it held but its people's still inside went "
                    "back to the room's other doors.");
    EXPECT_INT(hub_held(hub, "door-b"), 2);
    /* One of them leaves by door-a. */
    run(0, "sync '%s'", fa);
    EXPECT_CONTAINS(door_scan(fa, "door-a", "--exit", codes_of(ev, 0, 1)),
                    "\"reason\":\"left\"");
    run(0, "sync '%s'", fa);
    char want[1024];
    snprintf(want, sizeof(want),
             "door-b is retired and holds 2 seats, 1 of them for people "
             "still inside: 'checkin hub release-seats %s pandas-intro "
             "door-b' gives the other 1 back to the room.",
             ev);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev), want);
    EXPECT_CONTAINS(run(0, "hub release-seats '%s' pandas-intro door-b", ev),
                    "door-b gave back 1 seat of pandas-intro to the room's "
                    "other doors; it keeps 1 for people still inside");
    EXPECT_INT(hub_held(hub, "door-b"), 1);
    EXPECT_CONTAINS(run(0, "hub release-seats '%s' pandas-intro door-b", ev),
                    "door-b holds only the 1 seat of people still inside");
    /* door-a, the room's one door now, takes the rest. */
    run(0, "sync '%s'", fa);
    EXPECT_INT(held(fa), 5);
    EXPECT_INT(hub_held_all(hub), 6);
    lease_sound(hub, fa, "door-a");
}

/* A format 15 hub holding a door's lease is brought to 16 by the
 * organizer's next sync, keeping it; the lease then says when it moved. */
static void a_format_15_hub_is_upgraded_to_16_keeping_its_leases(void)
{
    const char *hub;
    const char *ev = event_at_hub("fmt15", 6, &hub);
    const char *fa = add_door(ev, "door-a", "fmt15-a.db");
    REQUIRE(pgserver_exec(hub, FORMAT15_HUB) == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 15);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM pg_proc WHERE"
                                 " proname = 'take_seats' AND prosrc LIKE"
                                 " '%INTO held%'"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " information_schema.columns WHERE"
                                 " table_name = 'seat_lease' AND"
                                 " column_name = 'took'"),
               0);
    /* A format 15 hub's take_seats still gives the door its seats. */
    EXPECT_CONTAINS(run(0, "sync '%s'", fa), "This door holds 6 seats");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_FORMAT);
    EXPECT_INT(hub_held(hub, "door-a"), 6);
    const char *fb = add_door(ev, "door-b", "fmt15-b.db");
    run(0, "sync '%s'", fa);
    run(0, "sync '%s'", fb);
    EXPECT_INT(hub_held(hub, "door-a"), 3);
    EXPECT_INT(hub_held(hub, "door-b"), 3);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.seat_lease"
                                 " WHERE gave IS NOT NULL"),
               1);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "door-a holds 3 (0 used), door-b holds 3 (0 used), 0 "
                    "free");
}

/* The paid and pending registrations holding a pandas-intro seat, in
 * the file `db`, as a desk counts them. */
static long long pandas_taken(const char *db)
{
    return tu_sql_int(db, "SELECT count(*) FROM attendee_tutorial m JOIN"
                          " attendee a ON a.id = m.attendee_id JOIN tutorial"
                          " u ON u.id = m.tutorial_id WHERE u.slug ="
                          " 'pandas-intro' AND a.status IN ('paid',"
                          " 'pending')");
}

/* Two desks cut off from each other each register a walk-in for a
 * tutorial's last seat: the hub keeps both, notes the second as sold
 * past the seats, and the desk that sold it says so once, with what to
 * do; `hub status` lists it; once synced, a desk refuses the next. */
static void a_tutorials_last_seat_sold_at_two_desks_is_said_at_the_second(void)
{
    const char *hub;
    const char *ev = event_at_hub("oversell", 6, &hub);
    long long taken = pandas_taken(ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE 'pandas-intro' = ANY (tutorials) AND"
                                 " status IN ('paid', 'pending')"),
               taken);
    /* One seat left. */
    run(0, "event '%s' '%s'", ev, pandas_ini("oversell1.ini", taken + 1));
    run(0, "sync '%s'", ev);
    const char *d1 = tu_path("oversell-1.db");
    const char *d2 = tu_path("oversell-2.db");
    run(0, "hub add-station '%s' desk-1 --station desk --out '%s'", ev, d1);
    run(0, "hub add-station '%s' desk-2 --station desk --out '%s'", ev, d2);
    const char *d3 = tu_path("oversell-3.db");
    run(0, "hub add-station '%s' desk-3 --station desk --out '%s'", ev, d3);
#define WALKIN(D, GIVEN, FAMILY)                                               \
    run(0,                                                                     \
        "register '%s' --ticket-type individual --given-name " GIVEN           \
        " --family-name " FAMILY " --tutorial pandas-intro",                   \
        D)
    WALKIN(d1, "Wanjiru", "Kamau");
    WALKIN(d2, "Ama", "Owusu");
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", d1), "no seat left");
    char want[600];
    snprintf(want, sizeof(want),
             "The tutorial pandas-intro had no seat left at the hub for Ama "
             "Owusu's walk-in (registered: %lld, seats: %lld): another desk "
             "sold its last seat first.  Tell Ama Owusu, and ask the "
             "organizer to add a seat or to move them to another tutorial.",
             taken + 2, taken + 1);
    EXPECT_CONTAINS(run(0, "sync '%s'", d2), want);
    /* Said once. */
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", d2), "no seat left");
    /* Both walk-ins stand at the hub, the organizer sees the second. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE 'pandas-intro' = ANY (tutorials) AND"
                                 " status IN ('paid', 'pending')"),
               taken + 2);
    const char *st = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(st, "1 walk-in registered at a desk for a tutorial with "
                        "no seat left at the hub");
    snprintf(want, sizeof(want), "at desk-2 (registered: %lld, seats: %lld)\n",
             taken + 2, taken + 1);
    EXPECT_CONTAINS(st, "  pandas-intro: Ama Owusu (ck:");
    EXPECT_CONTAINS(st, want);
    EXPECT_NOT_CONTAINS(st, "Wanjiru");
    /* A running desk, cut off while it sells the same seat, says it on
     * its link line once back. */
    through_relay(d3);
    relay_cut(true);
    struct live d;
    REQUIRE(live_start(&d, "", d3, "--station desk --name desk-3") == 0);
    json_t *o = live_next(&d, 20000, is_offline, NULL);
    if (!o)
        TU_FAIL_AT("desk-3 did not say it is offline");
    json_decref(o);
    WALKIN(d3, "Kofi", "Mensah");
    relay_cut(false);
    snprintf(want, sizeof(want),
             "In step with the hub; The tutorial pandas-intro had no seat "
             "left at the hub for Kofi Mensah's walk-in (registered: %lld, "
             "seats: %lld): another desk sold its last seat first.  Tell Kofi "
             "Mensah, and ask the organizer to add a seat or to move them to "
             "another tutorial.",
             taken + 3, taken + 1);
    o = live_next(&d, 30000, link_says, want);
    if (!o)
        TU_FAIL_AT("desk-3's link line never said: %s", want);
    json_decref(o);
    EXPECT_INT(live_stop(&d), 0);
    /* desk-1, having heard of them all, refuses the next at once. */
    run(0, "sync '%s'", d1);
    EXPECT_CONTAINS(run(1,
                        "register '%s' --ticket-type individual --given-name"
                        " Kwame --family-name Boateng --tutorial"
                        " pandas-intro",
                        d1),
                    "The tutorial pandas-intro is full");
#undef WALKIN
}

/* A door enrolled after its room's other doors took every seat is told so
 * plainly, not "holds 0 seats ... (its share: 0)", which reads as an
 * error at the moment a volunteer sets it up (issue 57.4). */
static void a_door_enrolled_when_the_others_hold_the_seats_is_told_so(void)
{
    struct hubfix f;
    REQUIRE(two_doors("third", &f));
    EXPECT_INT(held(f.file[0]) + held(f.file[1]), 6);
    const char *said =
        run(0,
            "hub add-station '%s' door-c --station door:pandas-intro "
            "--out '%s'",
            f.ev, tu_path("third-c.db"));
    EXPECT_CONTAINS(said, "This door holds none of its room's seats yet: the "
                          "room's other doors hold them");
    EXPECT_NOT_CONTAINS(said, "holds 0 seats");
    EXPECT_INT(held(tu_path("third-c.db")), 0);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(two_doors_cut_off_never_exceed_the_capacity_together),
        TU_CASE(a_door_enrolled_when_the_others_hold_the_seats_is_told_so),
        TU_CASE(seats_given_back_are_never_held_twice),
        TU_CASE(a_format_13_hub_is_upgraded_to_14_keeping_its_rows),
        TU_CASE(hub_status_shows_each_doors_seats_as_the_doors_hold_them),
        TU_CASE(the_dashboard_shows_each_doors_seats_as_hub_status_does),
        TU_CASE(a_lowered_capacity_is_given_back_and_admits_nobody_meanwhile),
        TU_CASE(a_retired_doors_seats_go_back_but_its_peoples_stay),
        TU_CASE(a_format_15_hub_is_upgraded_to_16_keeping_its_leases),
        TU_CASE(a_tutorials_last_seat_sold_at_two_desks_is_said_at_the_second),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
