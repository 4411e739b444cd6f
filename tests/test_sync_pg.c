/* The hub's connection (pg/) as the stations live it: the throwaway
 * server stops however a test ends, and a hub that stops, locks a table,
 * falls silent or is cut off mid-push leaves a desk deciding, quick to
 * exit and in step afterwards; many desks and two syncs at once.  Run as
 * the real command against a real PostgreSQL 15 server this test starts
 * and stops itself (pgserver.c), on real station files; what the hub
 * tests share is in sync_util.h (issue 13; split out of test_sync.c by
 * room in issue 51).  Exits 77 (skipped) when the PostgreSQL server is
 * not installed. */
#include "sync_util.h"

/* ---- the throwaway server itself ---- */

/* Whether process `pid` is running (a zombie is not). */
static int alive(pid_t pid)
{
    if (kill(pid, 0) != 0)
        return 0;
    char *stat = tu_read_file(tu_format("/proc/%d/stat", (int)pid), NULL);
    const char *paren = stat ? strrchr(stat, ')') : NULL;
    int zombie = paren && paren[1] == ' ' && paren[2] == 'Z';
    free(stat);
    return !zombie;
}

/* In a child copy of this program (--pg-child HOW): start a server, say
 * its pid and folder, then end as HOW says. */
static int pg_child(const char *how)
{
    if (pgserver_start() != PGSERVER_OK)
        return 3;
    printf("%d %s\n", (int)pgserver_pid(), pgserver_dir());
    fflush(stdout);
    if (!strcmp(how, "sigkill"))
        raise(SIGKILL);
    if (!strcmp(how, "abort"))
        abort();
    /* "fail": a failed assertion, then the normal exit. */
    tu_failures++;
    return 1;
}

/* The server goes away with the test however the test ends: killed with
 * SIGKILL (the kernel's parent-death signal), crashed (the signal
 * handler), or failed (at exit). */
static void the_server_stops_however_the_test_ends(void)
{
    static const char *const HOW[] = {"sigkill", "abort", "fail"};
    for (size_t i = 0; i < sizeof(HOW) / sizeof(HOW[0]); i++) {
        FILE *p = popen(
            tu_format("/proc/%d/exe --pg-child %s", (int)getpid(), HOW[i]),
            "r");
        REQUIRE(p != NULL);
        char line[600] = "";
        /* Past the server's own "# ..." lines. */
        while (fgets(line, sizeof(line), p) && line[0] == '#')
            line[0] = '\0';
        int st = pclose(p);
        (void)st;
        int pid = 0;
        char dir[512] = "";
        REQUIRE(sscanf(line, "%d %511s", &pid, dir) == 2 && pid > 0);
        int64_t deadline = tu_mono_ms() + 15000;
        while (alive(pid) && tu_mono_ms() < deadline)
            usleep(20000);
        if (alive(pid)) {
            TU_FAIL_AT("the server %d outlived its test (%s)", pid, HOW[i]);
            kill(pid, SIGKILL);
        }
        /* A failed test keeps the folder for its log; remove it here. */
        tu_sh("rm -rf '%s'", dir);
    }
}

/* In a child copy of this program (--pg-template-child): start a
 * server (from $CHECKIN_PG_TEMPLATE) and ask it something as the
 * superuser, with the password the template gave. */
static int pg_template_child(void)
{
    if (pgserver_start() != PGSERVER_OK)
        return 3;
    printf("answer %lld\n", pgserver_int("postgres", "SELECT 6 * 7"));
    return 0;
}

/* Start `n` (at most 4) child servers at once from template `tdir`; how
 * many made the cluster with initdb, -1 when one did not start; every
 * child's server must answer. */
static int start_from_template(const char *tdir, int n)
{
    FILE *p[4] = {NULL};
    for (int i = 0; i < n && i < 4; i++) {
        p[i] = popen(
            tu_format(
                "CHECKIN_PG_TEMPLATE='%s' /proc/%d/exe --pg-template-child",
                tdir, (int)getpid()),
            "r");
    }
    int made = 0;
    for (int i = 0; i < n && i < 4; i++) {
        if (!p[i]) {
            TU_FAIL_AT("cannot start child %d: %s", i, strerror(errno));
            made = -1;
            continue;
        }
        char line[1024];
        int copied = 0, initdb = 0, answers = 0;
        while (fgets(line, sizeof(line), p[i])) {
            copied += !!strstr(line, "cluster copied from the template");
            initdb += !!strstr(line, "cluster made by initdb");
            answers += !strcmp(line, "answer 42\n");
            if (!strncmp(line, "# ", 2))
                printf("%s", line);
        }
        EXPECT_INT(pclose(p[i]), 0);
        EXPECT_INT(copied + initdb, 1);
        EXPECT_INT(answers, 1);
        if (made >= 0)
            made += initdb;
    }
    return made;
}

/* The permission bits of `path`, -1 when it is not there. */
static int mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) ? -1 : (int)(st.st_mode & 0777);
}

/* Servers started at once from a build tree's template: initdb runs
 * once, under the lock, and the other waits for it and copies its
 * cluster, whose superuser's password it knows; the template's secrets
 * are private.  A template whose stamp names other PostgreSQL binaries
 * (another minor version installed: the same path, another file) is
 * made again.  Two initdb runs in all: each costs a server's CPU. */
static void servers_copy_a_template_made_once_and_again_when_stale(void)
{
    const char *tdir = tu_path("pg-template");
    EXPECT_INT(start_from_template(tdir, 2), 1);
    EXPECT_INT(mode_of(tdir), 0700);
    EXPECT_INT(mode_of(tu_path("pg-template/password")), 0600);
    EXPECT_INT(mode_of(tu_path("pg-template/stamp")), 0600);
    EXPECT_INT(mode_of(tu_path("pg-template.lock")), 0600);
    const char *stamp = tu_path("pg-template/stamp");
    char *was = tu_read_file(stamp, NULL);
    REQUIRE(was != NULL);
    char *postgres = strstr(was, "\npostgres ");
    if (!postgres) {
        TU_FAIL_AT("no line for postgres in the stamp: %s", was);
        free(was);
        return;
    }
    char *dev = postgres + strlen("\npostgres ");
    *dev = *dev == '9' ? '8' : '9';
    EXPECT_INT(tu_write_file(stamp, was, strlen(was)), 0);
    free(was);
    EXPECT_INT(start_from_template(tdir, 1), 1);
}

/* ---- live stations (sync_worker.h) ---- */

/* The hub stops mid-event: the desk says it is offline, goes on deciding
 * and counts what waits; when the hub is back it sends it by itself. */
static void a_desk_cut_off_keeps_deciding_and_catches_up(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "cutoff", &ev, &hub, "desk-1", "desk",
                               "cutoff-1.db", &d1, NULL));
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    REQUIRE(pgserver_halt() == PGSERVER_OK);
    EXPECT_TRUE(wait_link(&a, false, -1, 20000));
    for (int i = 0; i < 3; i++) {
        scan_expect(&a, nth_secret(ev, i), "reason", "checked-in");
    }
    EXPECT_TRUE(wait_link(&a, false, 3, 10000));
    REQUIRE(pgserver_resume() == PGSERVER_OK);
    EXPECT_TRUE(wait_link(&a, true, 0, 30000));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               3);
    EXPECT_INT(live_stop(&a), 0);
    keys_equal(hub, d1);
}

/* Every backend of the hub told to end as an administrator's stop tells
 * it ("terminating connection due to administrator command": SIGTERM,
 * pg_ctl stop's fast mode), then the server gone. */
static void stop_hub_as_an_administrator(const char *hub)
{
    REQUIRE(pgserver_exec(hub, "SELECT count(pg_terminate_backend(pid)) FROM"
                               " pg_stat_activity WHERE pid <>"
                               " pg_backend_pid() AND backend_type ="
                               " 'client backend'") == 0);
    /* Each has said it and ended before the server goes, which would
     * otherwise tell the slower ones another reason. */
    int64_t until = tu_mono_ms() + 20000;
    while (pgserver_int(hub, "SELECT count(*) FROM pg_stat_activity WHERE"
                             " pid <> pg_backend_pid() AND backend_type ="
                             " 'client backend'") != 0 &&
           tu_mono_ms() < until)
        usleep(20000);
    REQUIRE(pgserver_halt() == PGSERVER_OK);
}

/* The hub stopped under a desk at the full-screen display: libpq's own
 * line ("FATAL:  terminating connection due to administrator command",
 * which its default notice processor writes to standard error, the
 * desk's terminal) never reaches the screen, which stays drawn: the
 * header says the desk is offline and the next verdict is drawn in its
 * place (issue 50, item 5; before, the line scrolled the screen). */
static void a_stopped_hub_writes_nothing_over_the_desks_screen(void)
{
    if (!tu_tmux_available()) {
        printf("# tmux is not installed; the screen is not looked at\n");
        return;
    }
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "fatalscr", &ev, &hub, "desk-1", "desk",
                               "fatalscr-1.db", &d1, NULL));
    tu_tmux_station(d1, "--station desk --name desk-1");
    free(tu_tmux_wait_for("Checked in: 0", "In step with the hub"));
    stop_hub_as_an_administrator(hub);
    char *s = tu_tmux_wait_for("OFFLINE since");
    tu_tmux_show("desk-1 after the hub stopped", s);
    EXPECT_NOT_CONTAINS(s, "FATAL");
    EXPECT_NOT_CONTAINS(s, "terminating connection");
    free(s);
    tu_tmux_keys(tu_format("'%s' Enter", nth_secret(ev, 0)));
    s = tu_tmux_wait_for("(checked-in)", "Checked in: 1", "OFFLINE since");
    EXPECT_NOT_CONTAINS(s, "FATAL");
    /* Drawn in place: the header's count on the screen once. */
    const char *at = strstr(s, "Checked in: 1");
    EXPECT_TRUE(at && !strstr(at + 1, "Checked in:"));
    free(s);
    tu_tmux_quit();
    tu_tmux_stop();
    REQUIRE(pgserver_resume() == PGSERVER_OK);
}

/* The same under `checkin sync`, stopped between two statements
 * (CHECKIN_TEST_STOP_AT) while the hub stops: it says its own sentence
 * only, naming the hub's reason, and no raw libpq line before it. */
static void a_sync_whose_hub_stops_says_only_its_own_sentence(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "fatalcmd", &ev, &hub, "desk-1", "desk",
                               "fatalcmd-1.db", &d1, NULL));
    SCAN_SAYS(d1, "--station desk --name desk-1",
              tu_format("%s\n", nth_secret(ev, 0)), "checked-in");
    const char *log = tu_path("fatalcmd.log");
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(127);
        setenv("CHECKIN_TEST_STOP_AT", "pushed:fatalcmd-1.db", 1);
        tu_no_leak_scan();
        execl(CHECKIN_BIN, CHECKIN_BIN, "sync", d1, (char *)NULL);
        _exit(127);
    }
    REQUIRE(pid > 0);
    int st = 0;
    REQUIRE(waitpid(pid, &st, WUNTRACED) == pid);
    REQUIRE(WIFSTOPPED(st));
    stop_hub_as_an_administrator(hub);
    kill(pid, SIGCONT);
    REQUIRE(waitpid(pid, &st, 0) == pid);
    char *said = tu_read_file(log, NULL);
    printf("# %s", said ? said : "(nothing)\n");
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) != 0);
    EXPECT_NOT_CONTAINS(said ? said : "", "FATAL");
    EXPECT_CONTAINS(said ? said : "", "checkin: ");
    EXPECT_CONTAINS(said ? said : "", "terminating connection due to "
                                      "administrator command");
    EXPECT_TRUE(said && !strncmp(said, "checkin: ", 9));
    free(said);
    REQUIRE(pgserver_resume() == PGSERVER_OK);
}

/* A decision among a running station's lines. */
static bool has_decision(json_t *o, const void *arg)
{
    (void)arg;
    return json_object_get(o, "decision") != NULL;
}

/* Twenty desks running at once, each checking five people in at the same
 * moment: every file and the hub end with the same hundred rows. */
static void twenty_desks_at_once_end_with_the_same_set(void)
{
    enum { DESKS = 20, EACH = 5 };
    const char *hub;
    char ev[512]; /* tu_path's strings are reused after 64 calls */
    snprintf(ev, sizeof(ev), "%s", published_event("twenty", &hub));
    static struct live desk[DESKS];
    char file[DESKS][64], path[DESKS][512];
    for (int k = 0; k < DESKS; k++) {
        char name[32];
        snprintf(name, sizeof(name), "desk-%02d", k + 1);
        snprintf(file[k], sizeof(file[k]), "twenty-%02d.db", k + 1);
        snprintf(path[k], sizeof(path[k]), "%s",
                 add_station(ev, name, "desk", file[k]));
        REQUIRE(live_start(&desk[k], "", path[k],
                           tu_format("--station desk --name %s", name)) == 0);
    }
    for (int k = 0; k < DESKS; k++)
        REQUIRE(wait_link(&desk[k], true, 0, 60000));
    char line[128];
    for (int i = 0; i < EACH; i++)
        for (int k = 0; k < DESKS; k++) {
            int len = snprintf(line, sizeof(line), "%s\n",
                               nth_secret(ev, k * EACH + i));
            REQUIRE(write(desk[k].in, line, (size_t)len) == len);
        }
    /* Every code gets its verdict, in order.  One shown NOT RECORDED (the
     * desk waited a second behind its sync worker's write, as it may on
     * a loaded machine) is scanned again, as the volunteer is told to. */
    for (int k = 0; k < DESKS; k++)
        for (int i = 0; i < EACH; i++) {
            json_t *o = live_next(&desk[k], 60000, has_decision, NULL);
            if (!o)
                TU_FAIL_AT("desk-%02d showed no verdict for its code %d", k + 1,
                           i + 1);
            for (int again = 0;
                 o && !json_is_true(json_object_get(o, "recorded")); again++) {
                printf("# desk-%02d: code %d NOT RECORDED (%s); scanned "
                       "again\n",
                       k + 1, i + 1, live_str(o, "record_error"));
                json_decref(o);
                o = again < 3
                        ? live_scan(&desk[k], nth_secret(ev, k * EACH + i))
                        : NULL;
                EXPECT_TRUE(o != NULL);
            }
            json_decref(o);
        }
    for (int k = 0; k < DESKS; k++)
        wait_count(path[k], "SELECT count(*) FROM scan", DESKS * EACH);
    for (int k = 0; k < DESKS; k++)
        EXPECT_INT(live_stop(&desk[k]), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"),
               DESKS * EACH);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " decision = 'admit'"),
               DESKS * EACH);
    for (int k = 0; k < DESKS; k++)
        keys_equal(hub, path[k]);
}

/* Wait up to 20 s for a session other than the superuser's to wait on a
 * lock in `hub` (a station's statement held by lock_scans). */
static bool a_station_waits_on_the_lock(const char *hub)
{
    int64_t t0 = tu_mono_ms();
    while (tu_mono_ms() - t0 < 20000) {
        if (pgserver_int(hub, "SELECT count(*) FROM pg_stat_activity WHERE"
                              " wait_event_type = 'Lock' AND usename <>"
                              " 'postgres'") > 0)
            return true;
        usleep(5000);
    }
    TU_FAIL_AT("no station's statement waited on the lock within 20 s");
    return false;
}

/* Two processes syncing one station's file at once (a desk started
 * twice, or `checkin sync` run beside the running desk): the second's
 * claim of the journal's run waits on the first's, stopped before its
 * commit (CHECKIN_TEST_STOP_AT=runs-claimed), and then finds it this
 * station's own.  It said "a copy of another station's file?" and sent
 * nothing (by hand, two door processes on one file at a hub): the claim
 * counted with the snapshot its statement started with. */
static void two_syncs_of_one_file_at_once_claim_its_run_once(void)
{
    const char *hub;
    char ev[512], d1[512];
    snprintf(ev, sizeof(ev), "%s", published_event("twosync", &hub));
    snprintf(d1, sizeof(d1), "%s",
             add_station(ev, "desk-1", "desk", "twosync-1.db"));
    free(scan(d1, "--station desk --name desk-1",
              tu_format("%s\n", nth_secret(ev, 0))));
    char out[2][512];
    struct tu_proc p[2];
    for (int i = 0; i < 2; i++) {
        snprintf(out[i], sizeof(out[i]), "%s",
                 tu_path(tu_format("twosync-%d.out", i + 1)));
        REQUIRE(tu_spawn(
            &p[i],
            tu_format(TU_NO_LEAK_SCAN "%sexec '%s' sync '%s' >'%s' 2>&1",
                      i ? ""
                        : "CHECKIN_TEST_STOP_AT=runs-claimed:twosync-1.db ",
                      CHECKIN_BIN, d1, out[i]),
            0));
        if (i == 0) {
            int st = 0;
            REQUIRE(waitpid(p[0].pid, &st, WUNTRACED) == p[0].pid);
            REQUIRE(WIFSTOPPED(st));
        }
    }
    /* The second waits on the first's uncommitted claim. */
    EXPECT_TRUE(a_station_waits_on_the_lock(hub));
    REQUIRE(kill(p[0].pid, SIGCONT) == 0);
    for (int i = 0; i < 2; i++) {
        int st = 0;
        REQUIRE(waitpid(p[i].pid, &st, 0) == p[i].pid);
        tu_forget(p[i].pid);
        char *said = tu_read_file(out[i], NULL);
        REQUIRE(said != NULL);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            TU_FAIL_AT("sync %d of two at once ended %d: %s", i + 1, st, said);
        EXPECT_NOT_CONTAINS(said, "copy of another station");
        free(said);
    }
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-1'"),
               1);
    tu_checkin_want(0, "sync '%s'", d1);
    keys_equal(hub, d1);
}

/* The event `name` published at a hub of its own (published_event; the
 * event's file in *ev, the hub's name in *hub) and desk-1 enrolled at it
 * (file tu_path(NAME-1.db)), reaching the hub through hubfix_relay(): the
 * desk's file, or NULL (a failure recorded) without a relay. */
static const char *desk_through_relay(const char *name, const char **ev,
                                      const char **hub)
{
    *ev = published_event(name, hub);
    const char *d1 =
        add_station(*ev, "desk-1", "desk", tu_format("%s-1.db", name));
    return hubfix_through_relay(d1) ? d1 : NULL;
}

/* The desk reaches the hub through a relay on loopback that the test
 * cuts, at moments spread over the desk's pushes; after each cut the desk
 * says it is offline, decides on, and catches up when the relay is back:
 * the hub ends with every row once. */
static void a_connection_cut_mid_push_loses_and_doubles_nothing(void)
{
    const char *hub, *ev;
    const char *d1 = desk_through_relay("relay", &ev, &hub);
    REQUIRE(d1);
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    int next = 0;
    char line[128];
    for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 3; i++) {
            int len =
                snprintf(line, sizeof(line), "%s\n", nth_secret(ev, next++));
            REQUIRE(write(a.in, line, (size_t)len) == len);
        }
        usleep((useconds_t)round * 5000);
        relay_cut(true);
        EXPECT_TRUE(wait_link(&a, false, -1, 20000));
        relay_cut(false);
        EXPECT_TRUE(wait_link(&a, true, 0, 30000));
    }
    EXPECT_INT(live_stop(&a), 0);
    printf("# %ld connections through the relay, %ld cut\n",
           relay_connections(), relay_cuts());
    EXPECT_TRUE(relay_cuts() >= 6);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan"), next);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), next);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);
    keys_equal(hub, d1);
}

/* ---- time limits on the hub path, forged wake-ups (issue 28) ---- */

/* A superuser session on `hub` holding `checkin.scan` locked (ACCESS
 * EXCLUSIVE: no push, no pull) until pq_unlock; NULL on failure. */
static PGconn *lock_scans(const char *hub)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(hub));
    if (PQstatus(c) != CONNECTION_OK || pq_int(c, "BEGIN", NULL) < 0 ||
        pq_int(c, "LOCK TABLE checkin.scan IN ACCESS EXCLUSIVE MODE", NULL) <
            0) {
        TU_FAIL_AT("locking checkin.scan: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    return c;
}

static void pq_unlock(PGconn *c)
{
    if (c)
        EXPECT_TRUE(pq_int(c, "ROLLBACK", NULL) >= 0);
    PQfinish(c);
}

/* Close the running station's input and wait for it to end: its exit
 * status, and in *ms how long it took. */
static int stop_timed(struct live *st, long long *ms)
{
    int64_t t0 = tu_mono_ms();
    int status = live_stop(st);
    *ms = tu_mono_ms() - t0;
    return status;
}

/* A desk's OFFLINE and its end are events these tests wait for, not
 * figures they hold it to: wait_link() gives up after its 20 s and
 * live_stop() kills a desk still running 20 s after its input closed
 * (status -1, not 0); both are hang guards.  Each test keeps the hub
 * silent or locked until the desk has ended, so the faults they were
 * written for (never OFFLINE, no end while the hub stalled) fail them
 * however loaded the machine is.  What only a figure shows (a desk
 * unplugged as it starts that sat out the whole 3 s first-sync wait and
 * ended after 4.0 s, not 1.5 s) is printed here, and measured by
 * bench/chaos_bench with docs/sync.md's design figures (about 4.0 s to
 * OFFLINE, 0.5-1.5 s to end); a 3 s ceiling on them failed at load
 * average 38. */

/* The hub's scan table locked by another session (an organizer's
 * maintenance, a stuck transaction): the desk's push waits on the lock.
 * The desk says OFFLINE (about 4 s), keeps deciding, is back in step when
 * the lock goes, and, locked again, ends soon (about 1 s) after its input
 * closing while its push still waits; nothing is lost. */
static void a_locked_hub_table_leaves_the_desk_deciding_and_quick_to_exit(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "locked", &ev, &hub, "desk-1", "desk",
                               "locked-1.db", &d1, NULL));
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    PGconn *lk = lock_scans(hub);
    REQUIRE(lk != NULL);
    int64_t t0 = tu_mono_ms();
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    EXPECT_TRUE(wait_link(&a, false, -1, 20000));
    long long offline_ms = tu_mono_ms() - t0;
    printf("# table locked: OFFLINE after %lld ms\n", offline_ms);
    /* Still deciding. */
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    pq_unlock(lk);
    EXPECT_TRUE(wait_link(&a, true, 0, 30000));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               2);
    /* Locked again, a check-in whose push waits on the lock, and the
     * scanner unplugged. */
    lk = lock_scans(hub);
    REQUIRE(lk != NULL);
    scan_expect(&a, nth_secret(ev, 2), "reason", "checked-in");
    EXPECT_TRUE(a_station_waits_on_the_lock(hub));
    long long exit_ms;
    EXPECT_INT(stop_timed(&a, &exit_ms), 0);
    printf("# table locked, push waiting: exit %lld ms after input closed\n",
           exit_ms);
    pq_unlock(lk);
    /* The third check-in was kept in the file and goes up now. */
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               3);
    keys_equal(hub, d1);
}

/* The hub's link goes silent (the relay holds every byte, closes
 * nothing: a hung machine, a link dropping packets): an idle desk says
 * OFFLINE (about 4 s), keeps deciding, is back when the link is, and ends
 * soon after its input closes while the link is silent again (about
 * 1 s). */
static void a_silent_hub_goes_offline_and_the_desk_still_exits(void)
{
    const char *hub, *ev;
    const char *d1 = desk_through_relay("silent", &ev, &hub);
    REQUIRE(d1);
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    relay_pause(true);
    int64_t t0 = tu_mono_ms();
    EXPECT_TRUE(wait_link(&a, false, -1, 20000));
    long long offline_ms = tu_mono_ms() - t0;
    printf("# hub silent, desk idle: OFFLINE after %lld ms\n", offline_ms);
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    relay_pause(false);
    EXPECT_TRUE(wait_link(&a, true, 0, 30000));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               1);
    relay_pause(true);
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    long long exit_ms;
    EXPECT_INT(stop_timed(&a, &exit_ms), 0);
    printf("# hub silent: exit %lld ms after input closed\n", exit_ms);
    relay_pause(false);
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               2);
    keys_equal(hub, d1);
}

/* The hub's link goes silent while a desk's first question after its
 * first sync is in flight: its keys for the check-ins carried in the
 * other desks' notifications (checkin.fan_enrol(), once a connection).
 * The desk says OFFLINE within its silence limit, as for any other
 * statement, keeps deciding, and ends soon after its input closes.  (It
 * was asked with a blocking PQexec: the desk waited on it for as long as
 * the link was silent, neither offline nor able to end; seen at ctest
 * -j4, where the link went silent in the silent-hub case above just
 * after the desk was first in step.) */
static void a_hub_silent_as_a_desk_asks_its_keys_goes_offline(void)
{
    const char *hub, *ev;
    const char *d1 = desk_through_relay("askkeys", &ev, &hub);
    REQUIRE(d1);
    relay_pause_at("fan_enrol");
    struct live a;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    EXPECT_TRUE(relay_paused_at(20000));
    EXPECT_TRUE(wait_link(&a, false, -1, 20000));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    long long exit_ms;
    EXPECT_INT(stop_timed(&a, &exit_ms), 0);
    printf("# hub silent while asked for the keys: exit %lld ms after input"
           " closed\n",
           exit_ms);
    relay_pause(false);
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               1);
    keys_equal(hub, d1);
}

/* The scanner unplugged at any moment of a silent hub: as the link goes
 * silent (a push or a probe in flight), before the desk noticed, as it
 * notices, and while it reconnects through the silent link.  Each time
 * the desk ends soon (about 1 s) and its check-ins reach the hub with
 * the next sync.  (Issue 28's chaos runs left 5 of 36 and 8 of 24 stations that
 * never exited.) */
static void a_desk_unplugged_at_any_moment_of_a_silent_hub_exits(void)
{
    const char *hub, *ev;
    const char *d1 = desk_through_relay("unplug", &ev, &hub);
    REQUIRE(d1);
    /* Milliseconds into the silence: the chaos schedule, not a wait for
     * something to happen. */
    static const int AT[] = {0, 700, 2500, 3900, 6000};
    enum { ROUNDS = sizeof(AT) / sizeof(AT[0]) };
    for (int i = 0; i < ROUNDS; i++) {
        struct live a;
        REQUIRE(desk_1_in_step(&a, d1));
        scan_expect(&a, nth_secret(ev, i), "reason", "checked-in");
        relay_pause(true);
        usleep((useconds_t)AT[i] * 1000);
        long long exit_ms;
        EXPECT_INT(stop_timed(&a, &exit_ms), 0);
        printf("# unplugged %d ms into the silence: exit after %lld ms\n",
               AT[i], exit_ms);
        relay_pause(false);
    }
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               ROUNDS);
    keys_equal(hub, d1);
}

/* The scanner unplugged as the desk starts, while the hub's link is
 * silent: the desk waits for its first sync (3 s at most) only 0.5 s
 * more once its input has closed, and ends soon after (1.5 s; before:
 * 4.0 s, the whole wait and then its last push; found by
 * bench/chaos_bench). */
static void a_desk_unplugged_as_it_starts_on_a_silent_hub_exits_at_once(void)
{
    const char *hub, *ev;
    const char *d1 = desk_through_relay("unplugstart", &ev, &hub);
    REQUIRE(d1);
    relay_pause(true);
    struct live a;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    /* 50 ms after the start: the schedule, not a wait for something. */
    usleep(50000);
    long long exit_ms;
    EXPECT_INT(stop_timed(&a, &exit_ms), 0);
    printf("# unplugged as it starts, link silent: exit after %lld ms\n",
           exit_ms);
    relay_pause(false);
}

/* ---- check-in lists at the hub (issue 29.2, hub format 10) ---- */

/* The web desk cut off from its hub: the page's badge, which says its own
 * link to the station, turns amber and says the hub is not connected,
 * never green beside the header's "OFFLINE since ..." (issue 50, item 8),
 * and green again once the hub is back. */
static void a_web_desk_cut_off_from_its_hub_shows_no_green_badge(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "webofl", &ev, &hub, "desk-1", "desk",
                               "webofl-1.db", &d1, NULL));
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    REQUIRE(wd_start(tu_path("webofl-profile")) == 0);
    struct live a;
    REQUIRE(live_start(&a, "", d1,
                       "--station desk --name desk-1 --web 127.0.0.1:0") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    int port;
    char token[128];
    REQUIRE(phone_link(&port, token, sizeof(token)));
    REQUIRE(wd_get(tu_format("http://127.0.0.1:%d/", port)) == 0);
    static const char BADGE[] =
        "var s = document.getElementById('status'),"
        " l = document.getElementById('link');"
        " return s.className + ' | ' + s.textContent + ' | ' + l.className;";
    EXPECT_WAIT(BADGE, "\"status online | connected | \"", 20000);
    REQUIRE(pgserver_halt() == PGSERVER_OK);
    EXPECT_TRUE(wait_link(&a, false, -1, 20000));
    EXPECT_WAIT(BADGE,
                "\"status partial | connected to this station; the hub is "
                "not | offline\"",
                20000);
    wd_screenshot(tu_path("webofl.png"));
    REQUIRE(pgserver_resume() == PGSERVER_OK);
    EXPECT_TRUE(wait_link(&a, true, 0, 30000));
    EXPECT_WAIT(BADGE, "\"status online | connected | \"", 20000);
    EXPECT_INT(live_stop(&a), 0);
    wd_quit();
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--pg-child"))
        return pg_child(argv[2]);
    if (argc == 2 && !strcmp(argv[1], "--pg-template-child"))
        return pg_template_child();
    static const struct tu_case cases[] = {
        TU_CASE(twenty_desks_at_once_end_with_the_same_set),
        TU_CASE(two_syncs_of_one_file_at_once_claim_its_run_once),
        TU_CASE(a_stopped_hub_writes_nothing_over_the_desks_screen),
        TU_CASE(a_sync_whose_hub_stops_says_only_its_own_sentence),
        TU_CASE(a_web_desk_cut_off_from_its_hub_shows_no_green_badge),
        TU_CASE(the_server_stops_however_the_test_ends),
        TU_CASE(servers_copy_a_template_made_once_and_again_when_stale),
        TU_CASE(a_desk_unplugged_at_any_moment_of_a_silent_hub_exits),
        TU_CASE(a_silent_hub_goes_offline_and_the_desk_still_exits),
        TU_CASE(a_hub_silent_as_a_desk_asks_its_keys_goes_offline),
        TU_CASE(a_desk_cut_off_keeps_deciding_and_catches_up),
        TU_CASE(a_locked_hub_table_leaves_the_desk_deciding_and_quick_to_exit),
        TU_CASE(a_desk_unplugged_as_it_starts_on_a_silent_hub_exits_at_once),
        TU_CASE(a_connection_cut_mid_push_loses_and_doubles_nothing),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
