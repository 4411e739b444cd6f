/* `checkin demo --stations` end to end (demo/demo_hub.c, pglocal/): run as
 * a user runs it, on a throwaway PostgreSQL 15 server the demo starts
 * itself.  The verdicts are checked in what it prints (they are the
 * stations' own) and, with plain SQLite, in the station files it leaves:
 * every desk's file and the organizer's hold the same journal, each door
 * its room's rows.
 * Also: the one-sentence refusal when the server is not installed
 * (CHECKIN_PG_BINDIR pointed at an empty folder), and the server stopped
 * and its folder removed when the demo is interrupted.
 *
 * The auction's door and pay desk and the sprint station, on desks'
 * files, are checked the same way: their verdicts printed, their rows and
 * the auction's acts in every desk's file and the organizer's, and what
 * `checkin report ... auction` and `checkin sprints ... list` say on the
 * organizer's event.db after the demo.  So are the open spaces' board (a
 * desk's file: the host's scan and the claim in every desk's file) and
 * room 203's door (its own file, door:203: its two entries, no names),
 * and `checkin report ... open-spaces` on event.db.
 *
 * The demo runs as this test's child with a parent-death SIGTERM, so a
 * test killed or failed midway still ends the demo, which stops its
 * server.  Exits 77 (skipped) when the PostgreSQL server is not
 * installed. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/pglocal.h"
#include "testutil.h"

/* The demo as a child: its output (stdout and stderr) on a pipe. */
struct demo_proc {
    pid_t pid;
    int out;
    char text[1 << 16];
    size_t n;
};

/* Start `checkin demo --stations --out DIR`, with CHECKIN_PG_BINDIR set
 * to `bindir` when not NULL; with `keep_in` also --keep-hub, its standard
 * input then a pipe whose writing end is *keep_in (else /dev/null). */
static int demo_start(struct demo_proc *d, const char *dir, const char *bindir,
                      int *keep_in)
{
    int p[2], in[2] = {-1, -1};
    memset(d, 0, sizeof(*d));
    if (pipe2(p, O_CLOEXEC) || (keep_in && pipe2(in, O_CLOEXEC)))
        return -1;
    pid_t parent = getpid();
    d->pid = fork();
    if (d->pid < 0)
        return -1;
    if (d->pid == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) || getppid() != parent)
            _exit(126);
        if (bindir)
            setenv("CHECKIN_PG_BINDIR", bindir, 1);
        int nul = keep_in ? in[0] : open("/dev/null", O_RDONLY);
        if (nul < 0 || dup2(nul, 0) < 0 || dup2(p[1], 1) < 0 ||
            dup2(p[1], 2) < 0)
            _exit(126);
        execl(CHECKIN_BIN, "checkin", "demo", "--stations", "--out", dir,
              keep_in ? "--keep-hub" : (char *)NULL, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    d->out = p[0];
    if (keep_in) {
        close(in[0]);
        *keep_in = in[1];
    }
    return 0;
}

/* Read its output until `text` appears (true) or it ends or `ms` pass. */
static int demo_read_until(struct demo_proc *d, const char *text, int ms)
{
    int64_t deadline = tu_mono_ms() + ms;
    for (;;) {
        d->text[d->n] = '\0';
        if (text && strstr(d->text, text))
            return 1;
        int64_t left = deadline - tu_mono_ms();
        struct pollfd p = {d->out, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return 0;
        ssize_t r = read(d->out, d->text + d->n, sizeof(d->text) - 1 - d->n);
        if (r <= 0)
            return 0;
        d->n += (size_t)r;
    }
}

/* Wait for it to end (SIGTERM after `ms`, then SIGKILL); its exit status,
 * or 128 + the signal that ended it. */
static int demo_wait(struct demo_proc *d, int ms)
{
    int64_t end = tu_mono_ms() + ms;
    demo_read_until(d, NULL, ms);
    int status = 0;
    pid_t got;
    /* Its output ended: it is exiting (or the time is up). */
    while ((got = waitpid(d->pid, &status, WNOHANG)) == 0 && tu_mono_ms() < end)
        usleep(10000);
    if (got == 0) {
        TU_FAIL_AT("the demo did not end within %d s", ms / 1000);
        kill(d->pid, SIGTERM);
        int64_t deadline = tu_mono_ms() + 20000;
        while (waitpid(d->pid, &status, WNOHANG) == 0) {
            if (tu_mono_ms() > deadline) {
                kill(d->pid, SIGKILL);
                waitpid(d->pid, &status, 0);
                break;
            }
            usleep(10000);
        }
    }
    close(d->out);
    d->pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The throwaway server's folder the demo named ("" if none). */
static const char *server_dir(const char *text)
{
    static char dir[512];
    dir[0] = '\0';
    const char *p = strstr(text, "A throwaway PostgreSQL 15 in ");
    if (p) {
        p += strlen("A throwaway PostgreSQL 15 in ");
        snprintf(dir, sizeof(dir), "%.*s", (int)strcspn(p, " \n"), p);
    }
    return dir;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* ---- files, through plain SQLite ---- */

static char *file_text(const char *db, const char *sql)
{
    static char out[8192];
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    out[0] = '\0';
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        if (sqlite3_column_text(q, 0))
            snprintf(out, sizeof(out), "%s", sqlite3_column_text(q, 0));
    } else {
        TU_FAIL_AT("%s on %s: %s", sql, db, sqlite3_errmsg(h));
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    return out;
}

static long long file_int(const char *db, const char *sql)
{
    return strtoll(file_text(db, sql), NULL, 10);
}

/* The organizer's file, the desks', the doors', then the desks' files the
 * auction's door and pay desk, the sprint station and the open spaces'
 * board run on, and room 203's door's file. */
static const char *const FILES[] = {
    "event",     "desk-1", "desk-2",    "desk-3",  "door-1",  "door-2",
    "auction-1", "pay-1",  "sprints-1", "board-1", "room-203"};

/* How many times `needle` is in `hay`. */
static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* Every desk's file and the organizer's: the story's journal rows. */
#define ROWS 17

/* The auction and the sprints, as each file holding the whole journal
 * says them: two paddles given at auction-1, what Anuradha (50660) owed
 * then her settling at pay-1, two sprinters checked in to cpython. */
static void the_week_is_in(const char *path)
{
    EXPECT_INT(file_int(path, "SELECT count(*) FROM scan WHERE station = "
                              "'auction-1' AND target = 'auction:door' AND "
                              "reason = 'paddle'"),
               2);
    EXPECT_STR(file_text(path, "SELECT group_concat(reason, ',') FROM "
                               "(SELECT reason FROM scan WHERE station = "
                               "'pay-1' AND attendee_ticket_id = '50660' "
                               "ORDER BY seq)"),
               "owes,settled");
    EXPECT_STR(file_text(path, "SELECT group_concat(attendee_ticket_id, "
                               "',') FROM (SELECT attendee_ticket_id FROM "
                               "scan WHERE station = 'sprints-1' AND target "
                               "= 'sprint:cpython' AND decision = 'admit' "
                               "ORDER BY seq)"),
               "53139,50393");
    /* The acts: both paddles, the organizer's win, pay-1's settlement. */
    EXPECT_STR(
        file_text(path, "SELECT group_concat(a, ',') FROM (SELECT "
                        "station || ':' || act || ':' || paddle || "
                        "':' || amount_cents AS a FROM auction_act "
                        "ORDER BY at_ms, act)"),
        "auction-1:paddle:1:0,auction-1:paddle:2:0,command-line:win:1:24000,"
        "pay-1:settle:1:24000");
    /* The open spaces: the host scanned at board-1 (a warning, no
     * entry), two let into 203 at room-203, and board-1's claim. */
    EXPECT_STR(file_text(path, "SELECT group_concat(station || ':' || "
                               "target || ':' || reason, ',') FROM (SELECT "
                               "* FROM scan WHERE station IN ('board-1', "
                               "'room-203') ORDER BY station, seq)"),
               "board-1::host,room-203:203:entered,room-203:203:entered");
    EXPECT_STR(file_text(path, "SELECT station || ':' || room || ':' || "
                               "title FROM open_space_claim"),
               "board-1:203:Packaging BoF");
}

/* The whole story: verdicts printed, then the files compared. */
static void the_stations_tell_the_story_and_end_in_step(void)
{
    const char *dir = tu_path("demo");
    struct demo_proc d;
    REQUIRE(demo_start(&d, dir, NULL, NULL) == 0);
    int status = demo_wait(&d, 120000);
    const char *out = d.text;
    EXPECT_INT(status, 0);
    /* Each verdict is the station's own line. */
    EXPECT_CONTAINS(out, "desk-1         ADMIT    Þórdís Guðmundsdóttir: "
                         "Checked in.");
    EXPECT_CONTAINS(out, "desk-1                  badge sent to its printer");
    EXPECT_CONTAINS(out, "door-1         ADMIT    Þórdís Guðmundsdóttir: "
                         "Welcome to Data analysis with pandas");
    EXPECT_CONTAINS(out, "booth-datawise ADMIT    Lead recorded for Datawise");
    EXPECT_CONTAINS(out, "desk-2         WARNING  Þórdís Guðmundsdóttir: "
                         "Already checked in at 08:50 at desk-1.");
    EXPECT_CONTAINS(out, "desk-3         ADMIT    Ada Lovelace: Checked in.");
    EXPECT_CONTAINS(out, "door-2         says     \"OFFLINE since");
    EXPECT_CONTAINS(out, "1 check-in to send");
    EXPECT_CONTAINS(out, "door-2         ADMIT    Brandon Robinson: Welcome");
    EXPECT_CONTAINS(out, "door-2         says     \"In step with the hub\"");
    EXPECT_CONTAINS(out, "In step: the hub, the organizer's event.db and "
                         "every desk's");
    EXPECT_CONTAINS(out, "each door holds its room's 2");
    EXPECT_CONTAINS(out, "Measured: a check-in desk-1 to desk-2 ");
    EXPECT_NOT_CONTAINS(out, " -1 ms");
    /* The auction: paddles at its door (printed), owed then settled at
     * the pay desk, the organizer's report saying it settled. */
    EXPECT_CONTAINS(out, "auction-1      ADMIT    अनुराधा देशपांडे: Paddle "
                         "1.");
    EXPECT_CONTAINS(out, "auction-1      ADMIT    Łukasz Wójcik: Paddle 2.");
    EXPECT_CONTAINS(out, "auction-1               paddle label sent to its "
                         "printer");
    EXPECT_CONTAINS(out, "pay-1          WARNING  अनुराधा देशपांडे: Paddle 1 "
                         "owes 240.00 USD");
    EXPECT_CONTAINS(out, "pay-1          ADMIT    अनुराधा देशपांडे: Paddle 1 "
                         "paid 240.00 USD for lot 1: settled.");
    EXPECT_CONTAINS(out, "  अनुराधा देशपांडे  paddle 1  lots 1  240.00 USD  "
                         "settled\n  Auction: 1 winner, 240.00 USD in all, "
                         "0.00 still to pay.");
    /* The sprints: the sign chooses, two check in, both counted at the
     * hub (the demo's own query) and on event.db. */
    EXPECT_CONTAINS(out, "sprints-1      WARNING  Now checking in to CPython.");
    EXPECT_CONTAINS(out, "sprints-1      ADMIT    Zoë Müller: Checked in to "
                         "CPython");
    EXPECT_CONTAINS(out, "sprints-1      ADMIT    王小明: Checked in to "
                         "CPython");
    EXPECT_CONTAINS(out, "Headcount for CPython: 2 at the hub");
    /* The open spaces: the host at the board, two in room 203, counted
     * on board-1's file. */
    EXPECT_CONTAINS(out, "board-1        WARNING  अनुराधा देशपांडे: Type a "
                         "title on the board");
    EXPECT_INT(count_of(out, "room-203       ADMIT    Welcome to Open space "
                             "203."),
               2);
    EXPECT_CONTAINS(out, "board-1's file counts 2 of 2 seats");
    /* The server is gone, and so is its folder. */
    const char *sdir = server_dir(out);
    EXPECT_TRUE(sdir[0] == '/');
    EXPECT_TRUE(!exists(sdir));

    /* The files themselves: every desk and the organizer hold the same
     * 8 journal rows, and they say what the story said; each door holds
     * its room's 2 rows, no desk's, and no code in the clear. */
    char path[4200], want[8192] = "";
    static const char KEYS[] =
        "SELECT group_concat(k, ',') FROM (SELECT station_id || '/' || seq "
        "AS k FROM scan ORDER BY k)";
    for (size_t i = 0; i < sizeof(FILES) / sizeof(FILES[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s.db", dir, FILES[i]);
        struct stat st;
        REQUIRE(stat(path, &st) == 0);
        EXPECT_INT(st.st_mode & 0777, 0600);
        if (!strcmp(FILES[i], "room-203")) {
            /* Its room's two entries, no one's name or email. */
            EXPECT_STR(file_text(path, "SELECT group_concat(station || ':' "
                                       "|| target || ':' || decision, ',') "
                                       "FROM scan"),
                       "room-203:203:admit,room-203:203:admit");
            EXPECT_INT(file_int(path, "SELECT count(*) FROM attendee WHERE"
                                      " email != '' OR given_name != ''"),
                       0);
            continue;
        }
        if (!strncmp(FILES[i], "door-", 5)) {
            EXPECT_INT(file_int(path, "SELECT count(*) FROM scan"), 2);
            /* The other door's badge code came hashed. */
            char sql[256];
            snprintf(sql, sizeof(sql),
                     "SELECT count(*) FROM scan WHERE mode != 'door' OR"
                     " (code NOT LIKE 'sha256:%%' AND station != '%s')",
                     FILES[i]);
            EXPECT_INT(file_int(path, sql), 0);
            EXPECT_INT(file_int(path, "SELECT count(*) FROM scan WHERE "
                                      "station = 'door-2' AND "
                                      "attendee_ticket_id = '48361' AND "
                                      "reason = 'entered'"),
                       1);
            EXPECT_INT(file_int(path, "SELECT count(*) FROM attendee WHERE"
                                      " email != ''"),
                       0);
            continue;
        }
        EXPECT_INT(file_int(path, "SELECT count(*) FROM scan"), ROWS);
        the_week_is_in(path);
        if (!want[0])
            snprintf(want, sizeof(want), "%s", file_text(path, KEYS));
        else
            EXPECT_STR(file_text(path, KEYS), want);
        EXPECT_INT(file_int(path, "SELECT count(*) FROM scan WHERE station "
                                  "= 'desk-1' AND attendee_ticket_id = "
                                  "'48395' AND reason = 'checked-in'"),
                   1);
        EXPECT_INT(file_int(path, "SELECT count(*) FROM scan WHERE station "
                                  "= 'desk-2' AND attendee_ticket_id = "
                                  "'48395' AND reason = "
                                  "'already-checked-in'"),
                   1);
        EXPECT_INT(file_int(path, "SELECT count(*) FROM scan WHERE station "
                                  "= 'desk-3' AND attendee_ticket_id = "
                                  "'53700' AND decision = 'admit'"),
                   1);
        EXPECT_INT(file_int(path, "SELECT count(*) FROM scan WHERE station "
                                  "= 'door-2' AND attendee_ticket_id = "
                                  "'48361' AND reason = 'entered'"),
                   1);
        EXPECT_INT(file_int(path, "SELECT count(*) FROM scan WHERE station "
                                  "= 'booth-datawise'"),
                   1);
    }
    /* The organizer's commands on its event.db say the same. */
    const char *said, *serr;
    char args[4300];
    snprintf(args, sizeof(args), "report '%s/event.db' auction", dir);
    EXPECT_INT(tu_checkin(args, &said, &serr), 0);
    EXPECT_CONTAINS(said, "Auction: 1 winner, 240.00 USD in all, 0.00 still "
                          "to pay.");
    snprintf(args, sizeof(args), "sprints '%s/event.db' list", dir);
    EXPECT_INT(tu_checkin(args, &said, &serr), 0);
    EXPECT_CONTAINS(said, "cpython  \"CPython\", led by Łukasz Wójcik: Mon "
                          "17 May: 2,");
    snprintf(args, sizeof(args), "report '%s/event.db' open-spaces", dir);
    EXPECT_INT(tu_checkin(args, &said, &serr), 0);
    EXPECT_CONTAINS(said, "Open spaces: 1 session, attendance 2 in all.");
    EXPECT_CONTAINS(said, "\"Packaging BoF\", hosted by");
    EXPECT_CONTAINS(said, ": 2 of 2 seats");
    /* The booth's file: its own lead, no attendee. */
    snprintf(path, sizeof(path), "%s/booth-datawise.db", dir);
    EXPECT_INT(file_int(path, "SELECT count(*) FROM scan"), 1);
    EXPECT_INT(file_int(path, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(file_int(path, "SELECT count(*) FROM lead"), 1);

    /* Run again into the same folder: it is the demo's, so it is
     * replaced; the plain demo takes it too. */
    REQUIRE(demo_start(&d, dir, NULL, NULL) == 0);
    EXPECT_INT(demo_wait(&d, 120000), 0);
    snprintf(path, sizeof(path), "%s/desk-1.db", dir);
    EXPECT_INT(file_int(path, "SELECT count(*) FROM scan"), ROWS);
}

/* --keep-hub: once the story is told the hub answers `checkin hub status`
 * from another process, until Enter; then it is gone. */
static void with_keep_hub_the_hub_answers_until_enter(void)
{
    const char *dir = tu_path("kept");
    struct demo_proc d;
    int in = -1;
    REQUIRE(demo_start(&d, dir, NULL, &in) == 0);
    int waiting =
        demo_read_until(&d, "The hub stays up until you press", 120000);
    if (!waiting)
        TU_FAIL_AT("the demo did not wait for Enter; it said:\n%s", d.text);
    char sdir[512], args[4300];
    snprintf(sdir, sizeof(sdir), "%s", server_dir(d.text));
    snprintf(args, sizeof(args), "hub status '%s/event.db'", dir);
    const char *out, *err;
    if (waiting) {
        EXPECT_INT(tu_checkin(args, &out, &err), 0);
        EXPECT_CONTAINS(out, "door-2");
        EXPECT_CONTAINS(out, "journal rows: 17,");
        EXPECT_CONTAINS(out, "sprints-1");
        EXPECT_TRUE(exists(sdir));
    }
    EXPECT_INT(write(in, "\n", 1), 1);
    close(in);
    EXPECT_INT(demo_wait(&d, 30000), 0);
    EXPECT_TRUE(sdir[0] == '/');
    EXPECT_TRUE(!exists(sdir));
}

/* No server programs: one sentence saying what to install, a non-zero
 * exit, and nothing made. */
static void without_the_server_it_says_what_to_install(void)
{
    const char *empty = tu_path("no-postgresql");
    REQUIRE(mkdir(empty, 0700) == 0);
    const char *dir = tu_path("not-made");
    struct demo_proc d;
    REQUIRE(demo_start(&d, dir, empty, NULL) == 0);
    EXPECT_INT(demo_wait(&d, 30000), 1);
    char want[600];
    snprintf(want, sizeof(want),
             "checkin: The PostgreSQL 15 server is not installed (there is "
             "no %s/initdb); install it with 'scripts/setup --tests' or "
             "'apt-get install postgresql-15' and run this again.\n",
             empty);
    EXPECT_STR(d.text, want);
    EXPECT_TRUE(!exists(dir));
}

/* Interrupted (Ctrl-C, or SIGTERM) in the middle of the story: the
 * server stops and its folder is removed. */
static void interrupted_it_stops_the_server_and_removes_it(void)
{
    static const int SIGS[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < 2; i++) {
        char name[32];
        snprintf(name, sizeof(name), "interrupted-%zu", i);
        struct demo_proc d;
        REQUIRE(demo_start(&d, tu_path(name), NULL, NULL) == 0);
        int up = demo_read_until(&d, "2. A badge printed", 60000);
        char sdir[512], pidfile[600];
        snprintf(sdir, sizeof(sdir), "%s", server_dir(d.text));
        snprintf(pidfile, sizeof(pidfile), "%s/data/postmaster.pid", sdir);
        char *text = tu_read_file(pidfile, NULL);
        pid_t server = text ? (pid_t)strtol(text, NULL, 10) : 0;
        free(text);
        kill(d.pid, SIGS[i]);
        int status = demo_wait(&d, 30000);
        EXPECT_TRUE(up);
        EXPECT_TRUE(server > 0);
        EXPECT_INT(status, 128 + SIGS[i]);
        EXPECT_TRUE(sdir[0] == '/');
        EXPECT_TRUE(!exists(sdir));
        int64_t deadline = tu_mono_ms() + 15000;
        while (server > 0 && kill(server, 0) == 0 && tu_mono_ms() < deadline)
            usleep(20000);
        if (server > 0 && kill(server, 0) == 0)
            TU_FAIL_AT("the server %d outlived the interrupted demo",
                       (int)server);
    }
}

#define REFUSAL "without_the_server_it_says_what_to_install"

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(without_the_server_it_says_what_to_install),
        TU_CASE(the_stations_tell_the_story_and_end_in_step),
        TU_CASE(interrupted_it_stops_the_server_and_removes_it),
        TU_CASE(with_keep_hub_the_hub_answers_until_enter),
    };
    /* The refusal needs no server; the rest are skipped without one. */
    bool needs_server = argc == 1;
    for (int i = 1; i < argc; i++)
        needs_server |= !!strcmp(argv[i], REFUSAL);
    struct ck_error err = {0};
    if (needs_server && pglocal_check(pglocal_bindir(), &err))
        return tu_skip_all(err.msg); /* 1 under CI */
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
