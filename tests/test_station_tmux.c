/* The full-screen station display under a real terminal: `checkin scan`
 * runs inside tmux (a private server, -L), keys are sent with send-keys,
 * and the screen is read back with capture-pane.  Desk (scan, search and
 * manual check-in, refusal, a supervisor's override), door (entry,
 * direction toggle) and leads (scan, note and rating, checked in the
 * store); what a desk says of a network printer that cannot confirm, or
 * is dead; a check-in list's counter (what to hand over, the size in
 * block letters, answers).  Skipped (77) without tmux. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "tcp_printer.h"
#include "testutil.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs"
#define CANCELLED "3xc2xvete57ty3qf4j5cjspkpn3g2k46"
#define YAW "84jvuq276ckvn72zg793yu2dgcsjxd7n"

static const char *make_db(const char *name, char badge[BADGE_TEXT_CAP])
{
    const char *db = tu_path(name);
    struct ck_error err = {0};
    store *s;
    struct import_counts n;
    struct badge_key key;
    struct attendee_list l;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err) ||
        credential_create_key(s, tu_path("event.key"), &err) ||
        import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n, &err) ||
        credential_load_key(s, tu_path("event.key"), &key, &err) ||
        store_attendee_find_one(s, "48243", &l, &err) ||
        credential_issue(s, &key, l.items[0].id, 0, badge, &err))
        TU_FAIL_AT("making the event: %s", err.msg);
    else
        attendee_list_free(&l);
    badge_key_wipe(&key);
    store_close(s);
    unlink(tu_path("event.key"));
    return db;
}

static void show(const char *title, const char *s)
{
    printf("---- %s ----\n%s", title, s ? s : "(no screen)\n");
}

/* Rows of the screen drawn in block letters. */
static int block_rows(const char *screen)
{
    int n = 0;
    for (const char *p = screen; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (memmem(p, len, "\u2588", strlen("\u2588")))
            n++;
        p = nl ? nl + 1 : NULL;
    }
    return n;
}

static void desk_screen_scans_searches_and_refuses(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("desk.db", badge);
    char args[4200];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-t "
             "--keyboard --cooldown 0.2",
             db);
    tu_tmux_start(args, NULL);
    /* The station's header comes a moment after its first screen (the
     * clock warning is shown before the station loop starts; under ASan
     * the moment is long enough to be caught). */
    char *s = tu_tmux_wait_for("Registration desk: PyCon Demo 2027");
    EXPECT_CONTAINS(s, "Registration desk: PyCon Demo 2027");
    free(s);
    s = tu_tmux_wait_for("Ready");
    EXPECT_CONTAINS(s, "Ready");
    free(s);
    tu_tmux_keys(OLIVIA " Enter");
    s = tu_tmux_wait_for("checked-in");
    EXPECT_CONTAINS(s, "ADMIT  Olivia Hartley-Whitmore  (checked-in)");
    EXPECT_CONTAINS(s, "Checked in: 1");
    /* ADMIT and OLIVIA in block letters: five rows each. */
    EXPECT_INT(block_rows(s), 10);
    show("desk: admit", s);
    free(s);
    tu_tmux_keys("/ thordis Enter");
    s = tu_tmux_wait_for("1  Þórdís");
    EXPECT_CONTAINS(s, "Press 1-9 to check in");
    show("desk: search", s);
    free(s);
    tu_tmux_keys("1");
    s = tu_tmux_wait_for("Checked in: 2");
    EXPECT_CONTAINS(s, "ADMIT  Þórdís Guðmundsdóttir");
    /* No block letters for Þ: her name is shown as text only. */
    EXPECT_INT(block_rows(s), 5);
    EXPECT_CONTAINS(s, "Tutorials: Data analysis with pandas");
    free(s);
    tu_tmux_keys(CANCELLED " Enter");
    s = tu_tmux_wait_for("(cancelled)");
    EXPECT_CONTAINS(s, "DENY  Aditya Shetty  (cancelled)");
    show("desk: deny", s);
    free(s);
    usleep(300 * 1000); /* past the 0.2 s cooldown: a new presentation */
    tu_tmux_keys(OLIVIA " Enter");
    s = tu_tmux_wait_for("already-checked-in");
    EXPECT_CONTAINS(s, "WARNING  Olivia Hartley-Whitmore");
    EXPECT_CONTAINS(s, "Already checked in at ");
    show("desk: warning", s);
    free(s);
    tu_tmux_keys("C-q");
}

/* A supervisor's override at the terminal: after a refusal that allows
 * one, Ctrl-O asks for the reason; an empty one is refused in a
 * sentence, a reason checks the person in, journaled as an override. */
static void desk_screen_overrides_a_refusal_with_ctrl_o(void)
{
    char badge[BADGE_TEXT_CAP];
    char db[4096]; /* tu_path's buffer is used again */
    snprintf(db, sizeof(db), "%s", make_db("override.db", badge));
    char args[4200];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-o --keyboard", db);
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_for("Ready"));
    /* Ctrl-O with nothing refused on the screen says what it is for. */
    tu_tmux_keys("C-o");
    char *s = tu_tmux_wait_for("Ctrl-O overrides");
    free(s);
    tu_tmux_keys(CANCELLED " Enter");
    s = tu_tmux_wait_for("(cancelled)");
    EXPECT_CONTAINS(s, "press Ctrl-O");
    free(s);
    tu_tmux_keys("C-o");
    s = tu_tmux_wait_for("OVERRIDE: supervisor's reason");
    free(s);
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("An override needs the supervisor's reason");
    EXPECT_CONTAINS(s, "DENY  Aditya Shetty  (cancelled)");
    free(s);
    tu_tmux_keys("C-o");
    free(tu_tmux_wait_for("OVERRIDE: supervisor's reason"));
    tu_tmux_keys("speaker Space order Space remade Enter");
    s = tu_tmux_wait_for("(override-cancelled)");
    EXPECT_CONTAINS(s, "ADMIT  Aditya Shetty  (override-cancelled)");
    EXPECT_CONTAINS(s, "supervisor's override");
    EXPECT_CONTAINS(s, "Checked in: 1");
    show("desk: override", s);
    free(s);
    tu_tmux_keys("C-q");
    sqlite3 *h;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
    sqlite3_busy_timeout(h, 5000); /* the station may still be closing */
    REQUIRE(sqlite3_prepare_v2(h,
                               "SELECT count(*) FROM scan WHERE station ="
                               " 'desk-o' AND decision = 'admit' AND reason ="
                               " 'override-cancelled' AND override ="
                               " 'speaker order remade'",
                               -1, &q, NULL) == SQLITE_OK);
    int n = -1;
    for (int i = 0; i < 50 && n != 1; i++) {
        sqlite3_reset(q);
        n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) : -1;
        if (n != 1)
            usleep(100 * 1000);
    }
    EXPECT_INT(n, 1);
    sqlite3_finalize(q);
    sqlite3_close(h);
}

static void door_screen_counts_and_toggles_direction(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("door.db", badge);
    char args[4200];
    snprintf(args, sizeof(args),
             "scan '%s' --station door:pandas-intro "
             "--name door-t --keyboard --clock '2027-05-12 09:05'",
             db);
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_for("Ready"));
    tu_tmux_keys(THORDIS " Enter");
    /* The verdict's line and the header's count are drawn one after the
     * other: a capture may fall between them, so wait for both. */
    free(tu_tmux_wait_for("Inside: 1 / 26"));
    char *s = tu_tmux_wait_for("(entered)");
    EXPECT_CONTAINS(s, "Inside: 1 / 26");
    show("door: admit", s);
    free(s);
    tu_tmux_keys(OLIVIA " Enter");
    s = tu_tmux_wait_for("(not-registered)");
    EXPECT_CONTAINS(s, "DENY");
    free(s);
    tu_tmux_keys("Tab");
    s = tu_tmux_wait_for("OUT (leaving)");
    free(s);
    tu_tmux_keys(THORDIS " Enter");
    free(tu_tmux_wait_for("Inside: 0 / 26"));
    s = tu_tmux_wait_for("(left)");
    EXPECT_CONTAINS(s, "Inside: 0 / 26");
    /* Someone leaving is let out, not admitted. */
    EXPECT_CONTAINS(s, "LEFT  ");
    EXPECT_NOT_CONTAINS(s, "ADMIT");
    show("door: leaving", s);
    free(s);
    tu_tmux_keys("C-q");
}

static void leads_screen_takes_note_and_rating(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("leads.db", badge);
    char args[4200];
    snprintf(args, sizeof(args),
             "scan '%s' --station leads:datawise "
             "--name lead-t --keyboard",
             db);
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_for("Ready"));
    char k[400];
    snprintf(k, sizeof(k), "'%s' Enter", badge);
    tu_tmux_keys(k);
    char *s = tu_tmux_wait_for("Rating 1-5");
    EXPECT_CONTAINS(s, "Lead recorded for Datawise Analytics");
    EXPECT_CONTAINS(s, "Leads: 1");
    EXPECT_NOT_CONTAINS(s, "Olivia");
    free(s);
    tu_tmux_keys("'4 wants a demo'");
    s = tu_tmux_wait_for("wants a demo");
    show("leads: note", s);
    free(s);
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("Note saved");
    free(s);
    tu_tmux_keys("C-q");
    usleep(300 * 1000);
    sqlite3 *d;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open(db, &d) == SQLITE_OK);
    sqlite3_prepare_v2(d, "SELECT note, rating FROM lead", -1, &q, NULL);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    EXPECT_STR((const char *)sqlite3_column_text(q, 0), "wants a demo");
    EXPECT_INT(sqlite3_column_int(q, 1), 4);
    sqlite3_finalize(q);
    sqlite3_close(d);
}

/* An event made by the commands (`init`, `import`), with its key beside
 * it: a desk that prints needs it. */
static const char *new_event(const char *name)
{
    const char *db = tu_path(name);
    char args[8192];
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s/demo/event.ini'", db,
             CONFIG_DIR);
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("init: %s", err);
    snprintf(args, sizeof(args), "import '%s' '%s/demo/registrations.csv'", db,
             CONFIG_DIR);
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("import: %s", err);
    return db;
}

/* A desk whose network printer reads the badge and cannot report it
 * printed: the screen says it was sent, never that it printed. */
static void desk_screen_says_sent_for_a_network_printer(void)
{
    const char *db = new_event("net.db");
    struct tcp_printer *printer = tcp_printer_start(TCP_PRINTER_READS);
    REQUIRE(printer);
    char args[4200];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-n "
             "--keyboard --printer tcp:127.0.0.1:%d --model QL-800 "
             "--media 62x100",
             db, tcp_printer_port(printer));
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_for("Ready"));
    tu_tmux_keys(OLIVIA " Enter");
    char *s = tu_tmux_wait_for("cannot confirm");
    EXPECT_CONTAINS(s, "Sent the badge; this printer cannot confirm it "
                       "printed, so check that it came out.");
    EXPECT_NOT_CONTAINS(s, "Printed the badge");
    show("desk: sent to a network printer", s);
    free(s);
    tu_tmux_keys("C-q");
    usleep(300 * 1000);
    tcp_printer_stop(printer);
}

/* A desk whose network printer accepted the connection and reads
 * nothing: the first badge is at most sent, the next is the printer's
 * fault with what to do; "Printed" never shows. */
static void desk_screen_never_says_printed_for_a_dead_printer(void)
{
    const char *db = new_event("dead.db");
    struct tcp_printer *printer = tcp_printer_start(TCP_PRINTER_DEAD);
    REQUIRE(printer);
    char args[4200];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-d "
             "--keyboard --printer tcp:127.0.0.1:%d --model QL-800 "
             "--media 62x100",
             db, tcp_printer_port(printer));
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_for("Ready"));
    tu_tmux_keys(OLIVIA " Enter");
    char *s = NULL;
    for (int i = 0; i < 100; i++) {
        free(s);
        s = tu_tmux_screen();
        if (s && (strstr(s, "cannot confirm") || strstr(s, "answering")))
            break;
        usleep(100 * 1000);
    }
    EXPECT_NOT_CONTAINS(s, "Printed");
    EXPECT_TRUE(s && (strstr(s, "cannot confirm it printed") ||
                      strstr(s, "is not answering")));
    free(s);
    tu_tmux_keys(YAW " Enter");
    s = tu_tmux_wait_for("answering");
    EXPECT_CONTAINS(s, "ADMIT  Yaw Mwangi");
    EXPECT_CONTAINS(s, "QL-800 on tcp 127.0.0.1:");
    EXPECT_CONTAINS(s, "answering");
    EXPECT_NOT_CONTAINS(s, "Printed");
    show("desk: dead network printer", s);
    free(s);
    tu_tmux_keys("C-q");
    usleep(300 * 1000);
    tcp_printer_stop(printer);
}

/* A T-shirt counter and lunch (docs/stations.md, "Check-in lists"): the
 * size in block letters and "HAND OVER: T-shirt: M"; lunch's answer
 * under its question. */
static void counter_screen_shows_what_to_hand_over_large(void)
{
    static const char INI[] =
        "[event]\nslug = pycon-lists-2024\nname = PyCon Lists 2024\n"
        "start = 2024-05-15\nend = 2024-05-19\n"
        "timezone = America/New_York\n"
        "[ticket-type full]\nlabel = Full\ncolour = #1565C0\n"
        "pretix-items = 101\n"
        "[list tshirt]\ntitle = T-shirt\npretix-item = 302\n"
        "once = per-person\n"
        "[list lunch]\ntitle = Lunch\nall = yes\nonce = per-day\n"
        "show = question:dietary\n";
    const char *ini = tu_path("lists.ini");
    REQUIRE(tu_write_file(ini, INI, strlen(INI)) == 0);
    char db[4096];
    snprintf(db, sizeof(db), "%s", tu_path("lists.db"));
    char args[8400];
    const char *out, *errs;
    snprintf(args, sizeof(args), "init '%s' '%s' --key '%s'", db, ini,
             tu_path("lists.key"));
    REQUIRE(tu_checkin(args, &out, &errs) == 0);
    snprintf(args, sizeof(args),
             "import '%s' '%s/pretix-lists.json' "
             "--skip-bad",
             db, TEST_DATA_DIR);
    tu_checkin(args, &out, &errs); /* Friday passes are rejected here */
    snprintf(args, sizeof(args),
             "scan '%s' --station door:tshirt --name tshirt-t --keyboard "
             "--clock '2024-05-16 10:12'",
             db);
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_for("Ready"));
    tu_tmux_keys("adaticket5001 Enter");
    char *s = tu_tmux_wait_for("HAND OVER");
    EXPECT_CONTAINS(s, "HAND OVER: T-shirt: M");
    /* ADMIT, the name and the size M in block letters: five rows each. */
    EXPECT_INT(block_rows(s), 15);
    show("counter: admit", s);
    free(s);
    tu_tmux_keys("C-q");
    usleep(300 * 1000);
    snprintf(args, sizeof(args),
             "scan '%s' --station door:lunch --name lunch-t --keyboard "
             "--clock '2024-05-16 12:00'",
             db);
    tu_tmux_start(args, NULL);
    free(tu_tmux_wait_for("Ready"));
    tu_tmux_keys("adaticket5001 Enter");
    s = tu_tmux_wait_for("Dietary needs");
    EXPECT_CONTAINS(s, "HAND OVER: Lunch");
    EXPECT_CONTAINS(s, "Dietary needs: vegan");
    free(s);
    tu_tmux_keys("C-q");
    usleep(300 * 1000);
}

int main(int argc, char **argv)
{
    if (!tu_tmux_available()) {
        fprintf(stderr, "tmux is not installed; skipping.\n");
        return 77;
    }
    static const struct tu_case cases[] = {
        TU_CASE(desk_screen_scans_searches_and_refuses),
        TU_CASE(desk_screen_overrides_a_refusal_with_ctrl_o),
        TU_CASE(door_screen_counts_and_toggles_direction),
        TU_CASE(leads_screen_takes_note_and_rating),
        TU_CASE(desk_screen_says_sent_for_a_network_printer),
        TU_CASE(desk_screen_never_says_printed_for_a_dead_printer),
        TU_CASE(counter_screen_shows_what_to_hand_over_large)};
    int rc = tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    tu_tmux_stop();
    return rc;
}
