/* The full-screen station display under a real terminal: `checkin scan`
 * runs inside tmux (a private server, -L), keys are sent with send-keys,
 * and the screen is read back with capture-pane.  Desk (scan, search and
 * manual check-in, refusal), door (entry, direction toggle) and leads
 * (scan, note and rating, checked in the store).  Skipped (77) without
 * tmux. */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "testutil.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs"
#define CANCELLED "3xc2xvete57ty3qf4j5cjspkpn3g2k46"

static char sock[64];

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    return system(cmd);
}

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

/* The screen now, as text. */
static char *screen(void)
{
    const char *out = tu_path("screen.txt");
    if (sh("tmux -L %s capture-pane -p -t t > '%s'", sock, out))
        return NULL;
    return tu_read_file(out, NULL);
}

/* Wait up to 5 s for `text` on the screen; returns the screen. */
static char *wait_for(const char *text)
{
    char *s = NULL;
    for (int i = 0; i < 50; i++) {
        free(s);
        s = screen();
        if (s && strstr(s, text))
            return s;
        usleep(100 * 1000);
    }
    return s;
}

static void start(const char *args)
{
    sh("tmux -L %s kill-session -t t 2>/dev/null", sock);
    if (sh("tmux -L %s new-session -d -s t -x 100 -y 32 \"env TERM=xterm "
           "LC_ALL=C.UTF-8 %s %s\"", sock, CHECKIN_BIN, args))
        TU_FAIL_AT("tmux did not start: %s", args);
}

static void keys(const char *k)
{
    sh("tmux -L %s send-keys -t t %s", sock, k);
}

static void show(const char *title, const char *s)
{
    printf("---- %s ----\n%s", title, s ? s : "(no screen)\n");
}

static void desk_screen_scans_searches_and_refuses(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("desk.db", badge);
    char args[4200];
    snprintf(args, sizeof(args), "scan '%s' --station desk --name desk-t "
             "--keyboard --cooldown 0.2", db);
    start(args);
    char *s = wait_for("Ready");
    EXPECT_CONTAINS(s, "Registration desk: PyCon Demo 2027");
    free(s);
    keys(OLIVIA " Enter");
    s = wait_for("checked-in");
    EXPECT_CONTAINS(s, "ADMIT  Olivia Hartley-Whitmore  (checked-in)");
    EXPECT_CONTAINS(s, "Checked in: 1");
    show("desk: admit", s);
    free(s);
    keys("/ thordis Enter");
    s = wait_for("1  Þórdís");
    EXPECT_CONTAINS(s, "Press 1-9 to check in");
    show("desk: search", s);
    free(s);
    keys("1");
    s = wait_for("Checked in: 2");
    EXPECT_CONTAINS(s, "ADMIT  Þórdís Guðmundsdóttir");
    EXPECT_CONTAINS(s, "Tutorials: Data analysis with pandas");
    free(s);
    keys(CANCELLED " Enter");
    s = wait_for("(cancelled)");
    EXPECT_CONTAINS(s, "DENY  Aditya Shetty  (cancelled)");
    show("desk: deny", s);
    free(s);
    usleep(300 * 1000); /* past the 0.2 s cooldown: a new presentation */
    keys(OLIVIA " Enter");
    s = wait_for("already-checked-in");
    EXPECT_CONTAINS(s, "WARNING  Olivia Hartley-Whitmore");
    EXPECT_CONTAINS(s, "Already checked in at ");
    show("desk: warning", s);
    free(s);
    keys("C-q");
}

static void door_screen_counts_and_toggles_direction(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("door.db", badge);
    char args[4200];
    snprintf(args, sizeof(args), "scan '%s' --station door:pandas-intro "
             "--name door-t --keyboard --clock '2027-05-12 09:05'", db);
    start(args);
    free(wait_for("Ready"));
    keys(THORDIS " Enter");
    char *s = wait_for("(entered)");
    EXPECT_CONTAINS(s, "Inside: 1 / 26");
    show("door: admit", s);
    free(s);
    keys(OLIVIA " Enter");
    s = wait_for("(not-registered)");
    EXPECT_CONTAINS(s, "DENY");
    free(s);
    keys("Tab");
    s = wait_for("OUT (leaving)");
    free(s);
    keys(THORDIS " Enter");
    s = wait_for("(left)");
    EXPECT_CONTAINS(s, "Inside: 0 / 26");
    show("door: leaving", s);
    free(s);
    keys("C-q");
}

static void leads_screen_takes_note_and_rating(void)
{
    char badge[BADGE_TEXT_CAP];
    const char *db = make_db("leads.db", badge);
    char args[4200];
    snprintf(args, sizeof(args), "scan '%s' --station leads:datawise "
             "--name lead-t --keyboard", db);
    start(args);
    free(wait_for("Ready"));
    char k[400];
    snprintf(k, sizeof(k), "'%s' Enter", badge);
    keys(k);
    char *s = wait_for("Rating 1-5");
    EXPECT_CONTAINS(s, "Lead recorded for Datawise Analytics");
    EXPECT_CONTAINS(s, "Leads: 1");
    EXPECT_NOT_CONTAINS(s, "Olivia");
    free(s);
    keys("'4 wants a demo'");
    s = wait_for("wants a demo");
    show("leads: note", s);
    free(s);
    keys("Enter");
    s = wait_for("Note saved");
    free(s);
    keys("C-q");
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

int main(int argc, char **argv)
{
    if (system("tmux -V >/dev/null 2>&1") != 0) {
        fprintf(stderr, "tmux is not installed; skipping.\n");
        return 77;
    }
    snprintf(sock, sizeof(sock), "checkin-test-%ld", (long)getpid());
    static const struct tu_case cases[] = {
        TU_CASE(desk_screen_scans_searches_and_refuses),
        TU_CASE(door_screen_counts_and_toggles_direction),
        TU_CASE(leads_screen_takes_note_and_rating)};
    int rc = tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    sh("tmux -L %s kill-server 2>/dev/null", sock);
    return rc;
}
