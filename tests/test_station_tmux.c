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
        event_load(s, tu_demo_event_ini(), &err) ||
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

/* `/`, then `words` typed as a person does, then Enter. */
static void search_for(const char *words)
{
    char k[300];
    snprintf(k, sizeof(k), "/ -l '%s'", words);
    tu_tmux_keys("/");
    snprintf(k, sizeof(k), "-l '%s'", words);
    tu_tmux_keys(k);
    char want[300];
    snprintf(want, sizeof(want), "Search name/email/order: %s", words);
    free(tu_tmux_wait_for(want));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
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
    s = tu_tmux_wait_for("checked-in", "Checked in: 1");
    EXPECT_CONTAINS(s, "ADMIT  Olivia Hartley-Whitmore  (checked-in)");
    EXPECT_CONTAINS(s, "Checked in: 1");
    /* ADMIT and OLIVIA in block letters: five rows each. */
    EXPECT_INT(block_rows(s), 10);
    tu_tmux_show("desk: admit", s);
    free(s);
    search_for("thordis");
    /* The list is drawn before the prompt under it: wait for both. */
    s = tu_tmux_wait_for("1  Þórdís", "Press 1-9 to choose");
    EXPECT_CONTAINS(s, "Press 1-9 to choose");
    tu_tmux_show("desk: search", s);
    free(s);
    tu_tmux_keys("1 Enter");
    s = tu_tmux_wait_for("Checked in: 2");
    EXPECT_CONTAINS(s, "ADMIT  Þórdís Guðmundsdóttir");
    /* No block letters for Þ: her name is shown as text only. */
    EXPECT_INT(block_rows(s), 5);
    EXPECT_CONTAINS(s, "Tutorials: Data analysis with pandas");
    free(s);
    tu_tmux_keys(CANCELLED " Enter");
    s = tu_tmux_wait_for("(cancelled)");
    EXPECT_CONTAINS(s, "DENY  Aditya Shetty  (cancelled)");
    tu_tmux_show("desk: deny", s);
    free(s);
    usleep(300 * 1000); /* past the 0.2 s cooldown: a new presentation */
    tu_tmux_keys(OLIVIA " Enter");
    s = tu_tmux_wait_for("already-checked-in");
    EXPECT_CONTAINS(s, "WARNING  Olivia Hartley-Whitmore");
    EXPECT_CONTAINS(s, "Already checked in at ");
    tu_tmux_show("desk: warning", s);
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
    tu_tmux_station(db, "--station desk --name desk-o");
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
    s = tu_tmux_wait_for("(override-cancelled)", "Checked in: 1");
    EXPECT_CONTAINS(s, "ADMIT  Aditya Shetty  (override-cancelled)");
    EXPECT_CONTAINS(s, "supervisor's override");
    EXPECT_CONTAINS(s, "Checked in: 1");
    tu_tmux_show("desk: override", s);
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

/* Two sentences said once at the start of a desk on a new address (issue
 * 31 and 30): where phones' kept reads wait, and that no supervisor is
 * set.  Both stay readable on the full screen, the second said not
 * covering the first. */
static void desk_screen_shows_both_sentences_of_its_start(void)
{
    char db[4096];
    snprintf(db, sizeof(db), "%s", tu_copy(tu_demo_event(), "moved.db"));
    tu_tmux_station(db, "--station desk --name desk-w --web 127.0.0.1:0");
    tu_tmux_quit();
    /* Another host: whatever port each start took, a new address. */
    tu_tmux_station(db, "--station desk --name desk-w --web 127.0.0.2:0");
    char *s = tu_tmux_wait_for("Phones that kept scans for http://127.0.0.1:",
                               "No supervisor is set");
    EXPECT_CONTAINS(s, "start with --web");
    EXPECT_CONTAINS(s, "anyone at this desk can override and reprint");
    tu_tmux_show("desk: two sentences of its start", s);
    free(s);
    tu_tmux_quit();
}

static void door_screen_counts_and_toggles_direction(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("door.db", badge);
    tu_tmux_station(db, "--station door:pandas-intro --name door-t --clock "
                        "'2027-05-12 09:05'");
    tu_tmux_keys(THORDIS " Enter");
    /* The verdict's line and the header's count are drawn one after the
     * other: a capture may fall between them, so wait for both. */
    char *s = tu_tmux_wait_for("(entered)", "Inside: 1 / 26");
    EXPECT_CONTAINS(s, "Inside: 1 / 26");
    tu_tmux_show("door: admit", s);
    free(s);
    tu_tmux_keys(OLIVIA " Enter");
    s = tu_tmux_wait_for("(not-registered)");
    EXPECT_CONTAINS(s, "DENY");
    free(s);
    tu_tmux_keys("Tab");
    s = tu_tmux_wait_for("OUT (leaving)");
    free(s);
    tu_tmux_keys(THORDIS " Enter");
    s = tu_tmux_wait_for("(left)", "Inside: 0 / 26");
    EXPECT_CONTAINS(s, "Inside: 0 / 26");
    /* Someone leaving is let out, not admitted. */
    EXPECT_CONTAINS(s, "LEFT  ");
    EXPECT_NOT_CONTAINS(s, "ADMIT");
    tu_tmux_show("door: leaving", s);
    free(s);
    tu_tmux_keys("C-q");
}

static void leads_screen_takes_note_and_rating(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("leads.db", badge);
    tu_tmux_station(db, "--station leads:datawise --name lead-t");
    char k[400];
    snprintf(k, sizeof(k), "'%s' Enter", badge);
    tu_tmux_keys(k);
    char *s = tu_tmux_wait_for("Rating 1-5", "Leads: 1");
    EXPECT_CONTAINS(s, "Lead recorded for Datawise Analytics");
    EXPECT_CONTAINS(s, "Leads: 1");
    EXPECT_NOT_CONTAINS(s, "Olivia");
    free(s);
    tu_tmux_keys("'4 wants a demo'");
    s = tu_tmux_wait_for("wants a demo");
    tu_tmux_show("leads: note", s);
    free(s);
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("Note saved");
    free(s);
    tu_tmux_quit();
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
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
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
    tu_tmux_station(db,
                    "--station desk --name desk-n --printer tcp:127.0.0.1:%d "
                    "--model QL-800 --media 62x100 --roll 40",
                    tcp_printer_port(printer));
    tu_tmux_keys(OLIVIA " Enter");
    char *s = tu_tmux_wait_for("cannot confirm");
    /* The label-stock forecast in the header: 40 on the roll, one sent. */
    free(s);
    s = tu_tmux_wait_for("Labels: About 39 labels left.");
    EXPECT_CONTAINS(s, "Sent the badge; this printer cannot confirm it "
                       "printed, so check that it came out.");
    EXPECT_NOT_CONTAINS(s, "Printed the badge");
    tu_tmux_show("desk: sent to a network printer", s);
    free(s);
    tu_tmux_quit();
    tcp_printer_stop(printer);
}

/* Wait for the screen to show `text`, and fail the test if it never
 * does. */
static void expect_screen(const char *text)
{
    char *s = tu_tmux_wait_for(text);
    EXPECT_CONTAINS(s ? s : "", text);
    free(s);
}

/* A new roll said at the desk: Ctrl-L asks the labels on it (a typing
 * slip is asked again), and the header's forecast starts over from them
 * at once, before any print; the next badge counts down from there, and
 * Enter alone loads a roll like the last. */
static void desk_screen_takes_a_new_roll_with_ctrl_l(void)
{
    const char *db = new_event("roll.db");
    tu_tmux_station(db,
                    "--station desk --name desk-r --printer 'file:%s' --model "
                    "QL-800 --media 62x100 --roll 6",
                    tu_path("roll.prn"));
    tu_tmux_keys(OLIVIA " Enter");
    expect_screen("Labels: About 5 labels left.");
    tu_tmux_keys("C-l");
    expect_screen("NEW ROLL loaded: labels on it");
    tu_tmux_keys("x3 Enter");
    char *s = tu_tmux_wait_for("Type how many labels the new roll holds");
    EXPECT_CONTAINS(s, "Type how many labels the new roll holds");
    EXPECT_CONTAINS(s, "Labels: About 5 labels left.");
    free(s);
    tu_tmux_keys("BSpace BSpace 300 Enter");
    /* Both waited for: the header and the message line are drawn one
     * after the other, and a capture between the two (ASan's desk, CI)
     * showed the header new and the line half drawn. */
    s = tu_tmux_wait_for("Labels: About 300 labels left.",
                         "New roll loaded: About 300 labels left.");
    EXPECT_CONTAINS(s, "Labels: About 300 labels left.");
    EXPECT_CONTAINS(s, "New roll loaded: About 300 labels left.");
    tu_tmux_show("desk: a new roll", s);
    free(s);
    tu_tmux_keys(YAW " Enter");
    expect_screen("Labels: About 299 labels left.");
    tu_tmux_keys("C-l");
    expect_screen("NEW ROLL loaded: labels on it");
    tu_pause_as_a_person(); /* an Enter alone: a person's, not a CR LF */
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("Labels: About 300 labels left.");
    EXPECT_CONTAINS(s, "Labels: About 300 labels left.");
    EXPECT_CONTAINS(s, "Scan or type a code.");
    free(s);
    tu_tmux_keys("C-q");
}

/* A desk whose network printer accepted the connection and reads
 * nothing: the first badge is at most sent, the next is the printer's
 * fault with what to do; "Printed" never shows. */
static void desk_screen_never_says_printed_for_a_dead_printer(void)
{
    const char *db = new_event("dead.db");
    struct tcp_printer *printer = tcp_printer_start(TCP_PRINTER_DEAD);
    REQUIRE(printer);
    tu_tmux_station(db,
                    "--station desk --name desk-d --printer tcp:127.0.0.1:%d "
                    "--model QL-800 --media 62x100",
                    tcp_printer_port(printer));
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
    tu_tmux_show("desk: dead network printer", s);
    free(s);
    tu_tmux_quit();
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
    tu_tmux_station(db, "--station door:tshirt --name tshirt-t --clock "
                        "'2024-05-16 10:12'");
    tu_tmux_keys("adaticket5001 Enter");
    char *s = tu_tmux_wait_for("HAND OVER");
    EXPECT_CONTAINS(s, "HAND OVER: T-shirt: M");
    /* ADMIT, the name and the size M in block letters: five rows each. */
    EXPECT_INT(block_rows(s), 15);
    tu_tmux_show("counter: admit", s);
    free(s);
    tu_tmux_quit();
    tu_tmux_station(db, "--station door:lunch --name lunch-t --clock "
                        "'2024-05-16 12:00'");
    tu_tmux_keys("adaticket5001 Enter");
    s = tu_tmux_wait_for("Dietary needs");
    EXPECT_CONTAINS(s, "HAND OVER: Lunch");
    EXPECT_CONTAINS(s, "Dietary needs: vegan");
    free(s);
    tu_tmux_quit();
}

/* ---- the terminal's search (issue 30) ---- */

#define OLGA "4273shttnjm23xh59crsb83c4ma8fndj" /* 48273, order PYGSA */

/* The T-shirt counter with stock, S:5, M:5, L:5, in tu_path(NAME) (also
 * in `db`), at the terminal as tshirt-t and ready; false when the event
 * could not be made. */
static bool stock_counter(const char *name, char db[4096])
{
    static const char INI[] =
        "[event]\nslug = pycon-lists-2024\nname = PyCon Lists 2024\n"
        "start = 2024-05-15\nend = 2024-05-19\n"
        "timezone = America/New_York\n"
        "[ticket-type full]\nlabel = Full\ncolour = #1565C0\n"
        "pretix-items = 101\n"
        "[list tshirt]\ntitle = T-shirt\npretix-item = 302\n"
        "once = per-person\nstock = S:5, M:5, L:5\n";
    const char *ini = tu_path("stock.ini");
    if (tu_write_file(ini, INI, strlen(INI)))
        return false;
    snprintf(db, 4096, "%s", tu_path(name));
    static char args[8400];
    const char *out, *errs;
    char key[4096];
    snprintf(key, sizeof(key), "%s.key", db);
    snprintf(args, sizeof(args), "init '%s' '%s' --key '%s'", db, ini, key);
    if (tu_checkin(args, &out, &errs)) {
        TU_FAIL_AT("init: %s", errs);
        return false;
    }
    snprintf(args, sizeof(args),
             "import '%s' '%s/pretix-lists.json' --skip-bad", db,
             TEST_DATA_DIR);
    tu_checkin(args, &out, &errs); /* Friday passes are rejected here */
    tu_tmux_station(db, "--station door:tshirt --name tshirt-t --clock "
                        "'2024-05-16 10:12'");
    return true;
}

/* S swaps the counter's last redemption: M for L, and the verdict says
 * what is left of both sizes at once (docs/stations.md, "Stock at a
 * counter"). */
static void counter_screen_swaps_a_size_with_s(void)
{
    char db[4096];
    REQUIRE(stock_counter("swap.db", db));
    tu_tmux_keys("adaticket5001 Enter");
    char *s = tu_tmux_wait_for("HAND OVER");
    EXPECT_CONTAINS(s, "HAND OVER: T-shirt: M");
    EXPECT_CONTAINS(s, "M: 4 left");
    EXPECT_CONTAINS(s, "S swap  U undo");
    free(s);
    tu_tmux_keys("S");
    free(tu_tmux_wait_for("SWAP: the size"));
    tu_pause_as_a_person();
    tu_tmux_keys("L");
    free(tu_tmux_wait_for("Esc cancels: L"));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("Swapped");
    EXPECT_CONTAINS(s, "Swapped: hand over L and take back M.");
    EXPECT_CONTAINS(s, "HAND OVER: T-shirt: L");
    EXPECT_CONTAINS(s, "L: 4 left; M: 5 left");
    tu_tmux_show("counter: swapped", s);
    free(s);
    tu_tmux_quit();
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE act = 'swap'"
                              " AND handed = 'L'"),
               1);
    EXPECT_INT(tu_sql_int(db, "SELECT handed FROM stock_count WHERE"
                              " variation = 'L'"),
               1);
    EXPECT_INT(tu_sql_int(db, "SELECT handed FROM stock_count WHERE"
                              " variation = 'M'"),
               0);
}

/* U undoes the counter's last redemption at its terminal: the why asked
 * in one line (an empty one asked again), kept in the undo row, and the
 * stock back at once. */
static void counter_screen_undoes_its_last_redemption_with_u(void)
{
    char db[4096];
    REQUIRE(stock_counter("undo.db", db));
    tu_tmux_keys("adaticket5001 Enter");
    char *s = tu_tmux_wait_for("M: 4 left");
    EXPECT_CONTAINS(s, "HAND OVER: T-shirt: M");
    free(s);
    tu_tmux_keys("U");
    free(tu_tmux_wait_for("UNDO handing over: why"));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("Say why in a few words");
    EXPECT_CONTAINS(s, "UNDO handing over: why");
    free(s);
    tu_pause_as_a_person();
    tu_tmux_keys("-l 'wrong person scanned'");
    free(tu_tmux_wait_for("Esc cancels: wrong person scanned"));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("Undone");
    EXPECT_CONTAINS(s, "Undone: take back the T-shirt M; Ada Lovelace may be "
                       "handed one again.");
    EXPECT_CONTAINS(s, "M: 5 left");
    tu_tmux_show("counter: undone", s);
    free(s);
    /* Nothing left to undo: U is typed as a code's first letter. */
    tu_tmux_keys("U");
    s = tu_tmux_wait_for("quit: U");
    EXPECT_CONTAINS(s, "quit: U");
    EXPECT_NOT_CONTAINS(s, "UNDO handing over");
    free(s);
    tu_tmux_quit();
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE act = 'undo'"
                              " AND override = 'wrong person scanned'"),
               1);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM live_scan WHERE"
                              " target = 'tshirt' AND decision = 'admit'"),
               0);
    EXPECT_INT(tu_sql_int(db, "SELECT handed FROM stock_count WHERE"
                              " variation = 'M'"),
               0);
}

static int64_t checked_in(const char *db, const char *ticket)
{
    sqlite3 *d;
    sqlite3_stmt *q;
    int64_t n = -1;
    if (sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(d,
                           "SELECT count(*) FROM live_scan WHERE mode ="
                           " 'desk' AND decision = 'admit' AND"
                           " (?1 IS NULL OR attendee_ticket_id = ?1)",
                           -1, &q, NULL) == SQLITE_OK) {
        if (ticket)
            sqlite3_bind_text(q, 1, ticket, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(d);
    return n;
}

/* A scanner's code arriving while the volunteer is typing a search is a
 * scan: the person is checked in, and what was typed stays in the
 * search line ("Nobody matches 'Olixkb346...'" was the fault). */
static void terminal_search_takes_a_scan_arriving_mid_search(void)
{
    char badge[BADGE_TEXT_CAP];
    char db[4096]; /* tu_path's buffer is used again */
    snprintf(db, sizeof(db), "%s", make_db("mid-search.db", badge));
    tu_tmux_station(db, "--station desk --name desk-m --cooldown 0.2");
    tu_tmux_keys("/ O l i");
    free(tu_tmux_wait_for("Search name/email/order: Oli"));
    tu_pause_as_a_person();
    tu_tmux_keys(OLIVIA " Enter"); /* the scanner's burst */
    char *s = tu_tmux_wait_for("(checked-in)", "Checked in: 1");
    EXPECT_CONTAINS(s, "ADMIT  Olivia Hartley-Whitmore  (checked-in)");
    EXPECT_CONTAINS(s, "Checked in: 1");
    EXPECT_CONTAINS(s, "Search name/email/order: Oli");
    EXPECT_NOT_CONTAINS(s, "Nobody matches");
    tu_tmux_show("desk: a scan mid-search", s);
    free(s);
    /* The search goes on from what was typed. */
    tu_tmux_keys("v i a");
    free(tu_tmux_wait_for("Search name/email/order: Olivia"));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("1  Olivia");
    EXPECT_CONTAINS(s, "checked in");
    free(s);
    tu_tmux_quit();
    EXPECT_INT(checked_in(db, NULL), 1);
}

/* A digit chooses a search result and Enter confirms: the digit alone
 * checks no one in (Esc goes back to the list), and a scanner's code
 * that begins with a digit, arriving while the list is shown, is that
 * code's person, not the result of that number. */
static void a_digit_key_never_checks_in_without_confirm(void)
{
    char badge[BADGE_TEXT_CAP];
    char db[4096]; /* tu_path's buffer is used again */
    snprintf(db, sizeof(db), "%s", make_db("digits.db", badge));
    tu_tmux_station(db, "--station desk --name desk-d --cooldown 0.2");
    search_for("thordis");
    free(tu_tmux_wait_for("1  Þórdís"));
    tu_tmux_keys("1");
    char *s = tu_tmux_wait_for("Enter checks in 1: Þórdís");
    EXPECT_CONTAINS(s, "Checked in: 0");
    EXPECT_NOT_CONTAINS(s, "ADMIT");
    tu_tmux_show("desk: a digit chooses", s);
    free(s);
    tu_tmux_keys("Escape");
    s = tu_tmux_wait_for("Press 1-9 to choose");
    EXPECT_CONTAINS(s, "Checked in: 0");
    free(s);
    EXPECT_INT(checked_in(db, NULL), 0);
    /* A list of nine, then Ольга's code, which begins with a 4. */
    search_for("an");
    free(tu_tmux_wait_for("9  "));
    tu_tmux_keys(OLGA " Enter");
    s = tu_tmux_wait_for("(checked-in)", "Checked in: 1");
    EXPECT_CONTAINS(s, "ADMIT  Ольга Петренко  (checked-in)");
    EXPECT_CONTAINS(s, "Checked in: 1");
    free(s);
    /* And a choice confirmed with Enter checks in. */
    search_for("thordis");
    free(tu_tmux_wait_for("1  Þórdís"));
    tu_tmux_keys("1");
    free(tu_tmux_wait_for("Enter checks in 1"));
    tu_tmux_keys("Enter");
    s = tu_tmux_wait_for("Checked in: 2");
    EXPECT_CONTAINS(s, "ADMIT  Þórdís Guðmundsdóttir");
    free(s);
    tu_tmux_quit();
    EXPECT_INT(checked_in(db, NULL), 2);
    EXPECT_INT(checked_in(db, "48273"), 1);
}

/* Five registrations named Priya Andersson: each search result says
 * her company, her email's domain, her order and her ticket type, as
 * the web screen does, so the volunteer can choose the right one. */
static void five_people_with_one_name_are_told_apart(void)
{
    static const char *const rows[] = {
        "PRY01,paid,,priya@acme.example,individual,Andersson,Priya,,Acme "
        "Analytics,M,,,prya1secretaaaaaaaaaaaaaaaaaaaaa,90001",
        "PRY02,paid,,pa@uni-lund.example,student,Andersson,Priya,,Lund "
        "University,S,,,prya2secretaaaaaaaaaaaaaaaaaaaaa,90002",
        "PRY03,paid,,priya.a@bolt.example,corporate,Andersson,Priya,,Bolt "
        "Robotics,L,,,prya3secretaaaaaaaaaaaaaaaaaaaaa,90003",
        "PRY04,paid,,p.andersson@gmail.example,speaker,Andersson,Priya,,,M,,"
        ",prya4secretaaaaaaaaaaaaaaaaaaaaa,90004",
        "PRY05,pending,,priya@acme-two.example,volunteer,Andersson,Priya,,"
        "Acme Analytics,XL,,,prya5secretaaaaaaaaaaaaaaaaaaaaa,90005",
    };
    static const char *const expect[][3] = {
        {"Acme Analytics", "@acme.example", "order PRY01"},
        {"Lund University", "@uni-lund.example", "order PRY02"},
        {"Bolt Robotics", "@bolt.example", "order PRY03"},
        {"@gmail.example", "order PRY04", "not checked in"},
        {"@acme-two.example", "order PRY05", "pending"},
    };
    /* The demo's registrations and five more, in one export. */
    size_t len = 0;
    char *demo = tu_read_file(CONFIG_DIR "/demo/registrations.csv", &len);
    REQUIRE(demo != NULL);
    const char *csv = tu_path("priyas.csv");
    FILE *f = fopen(csv, "w");
    REQUIRE(f != NULL);
    fwrite(demo, 1, len, f);
    for (size_t i = 0; i < 5; i++)
        fprintf(f, "%s\n", rows[i]);
    fclose(f);
    free(demo);
    const char *db = tu_path("priyas.db");
    struct ck_error err = {0};
    store *st;
    struct import_counts n;
    if (store_open(db, STORE_CREATE, &st, &err) ||
        event_load(st, tu_demo_event_ini(), &err) ||
        credential_create_key(st, tu_path("event.key"), &err) ||
        import_file(st, csv, NULL, &n, &err))
        TU_FAIL_AT("making the event: %s", err.msg);
    store_close(st);
    unlink(tu_path("event.key"));
    tu_tmux_station(db, "--station desk --name desk-p --cooldown 0.2");
    search_for("priya andersson");
    char *s = tu_tmux_wait_for("5  Priya");
    tu_tmux_show("desk: five of one name", s);
    /* Each line of the list: one person, told apart. */
    for (int i = 0; s && i < 5; i++) {
        char tag[16]; /* "1  Priya" whole: 8 bytes and its NUL */
        snprintf(tag, sizeof(tag), "%d  Priya", i + 1);
        const char *line = strstr(s, tag);
        REQUIRE(line != NULL);
        /* A result may wrap: up to the next one, or the prompt. */
        char next[16];
        snprintf(next, sizeof(next), "%d  Priya", i + 2);
        const char *stop = strstr(line, i < 4 ? next : "Press 1-9");
        size_t end = stop ? (size_t)(stop - line) : strlen(line);
        int found = -1;
        for (int k = 0; k < 5; k++) {
            char order[16];
            snprintf(order, sizeof(order), "PRY0%d", k + 1);
            const char *o = strstr(line, order);
            if (o && (size_t)(o - line) < end)
                found = k;
        }
        REQUIRE(found >= 0);
        for (int k = 0; k < 3; k++) {
            const char *w = strstr(line, expect[found][k]);
            if (!w || (size_t)(w - line) >= end)
                TU_FAIL_AT("line %d (%.*s) lacks \"%s\"", i + 1, (int)end, line,
                           expect[found][k]);
        }
    }
    free(s);
    tu_tmux_quit();
}

int main(int argc, char **argv)
{
    if (!tu_tmux_available())
        return tu_skip_all("tmux is not installed");
    static const struct tu_case cases[] = {
        TU_CASE(desk_screen_scans_searches_and_refuses),
        TU_CASE(desk_screen_overrides_a_refusal_with_ctrl_o),
        TU_CASE(door_screen_counts_and_toggles_direction),
        TU_CASE(leads_screen_takes_note_and_rating),
        TU_CASE(desk_screen_says_sent_for_a_network_printer),
        TU_CASE(desk_screen_never_says_printed_for_a_dead_printer),
        TU_CASE(desk_screen_takes_a_new_roll_with_ctrl_l),
        TU_CASE(counter_screen_shows_what_to_hand_over_large),
        TU_CASE(counter_screen_swaps_a_size_with_s),
        TU_CASE(counter_screen_undoes_its_last_redemption_with_u),
        TU_CASE(terminal_search_takes_a_scan_arriving_mid_search),
        TU_CASE(a_digit_key_never_checks_in_without_confirm),
        TU_CASE(five_people_with_one_name_are_told_apart),
        TU_CASE(desk_screen_shows_both_sentences_of_its_start)};
    int rc = tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    tu_tmux_stop();
    return rc;
}
