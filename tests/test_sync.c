/* Stations in step through a PostgreSQL hub (issue 13): `checkin hub
 * init`, `hub add-station`, `sync` and `hub status`, run as the real
 * command against a real PostgreSQL 15 server this test starts and stops
 * itself (pgserver.c), on real station files.  The outside oracles are
 * the hub's tables read as its superuser and the station files read with
 * plain SQLite; what a station decides is what `checkin scan` prints.
 * Exits 77 (skipped) when the PostgreSQL server is not installed. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/admission.h"
#include "checkin/credential.h"
#include "checkin/hub_schema.h"
#include "checkin/journal.h"
#include "checkin/station.h"
#include "checkin/store.h"
#include "checkin/sync_worker.h"
#include "hubfix.h"
#include "keep_result.h"
#include "live.h"
#include "older_hubs.h"
#include "pgserver.h"
#include "relay.h"
#include "sync_parts.h"
#include "tcp_printer.h"
#include "testutil.h"
#include "webdriver.h"

/* ---- files, through plain SQLite ---- */

static long long sql_int(const char *db, const char *sql)
{
    return tu_sql_int(db, sql);
}

/* The first column of the first row of `sql`, as text (static buffer). */
static const char *sql_text(const char *db, const char *sql)
{
    return tu_sql_text(db, sql);
}

/* Run `sql` on the file `db`, writing. */
static void sql_write(const char *db, const char *sql)
{
    sqlite3 *h;
    char *msg = NULL;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        TU_FAIL_AT("%s on %s: %s", sql, db, msg ? msg : sqlite3_errmsg(h));
    sqlite3_free(msg);
    sqlite3_close(h);
}

/* ---- the command ---- */

/* Run `checkin ARGS`; fail the test unless it exits `want`.  Returns
 * stdout and stderr together. */
#define run(...) tu_checkin_want(__VA_ARGS__)

/* Run shell command `cmd` in the background, killed should this test
 * process die first: its pid, or -1. */
static pid_t start_sh(const char *cmd)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
            _exit(126);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* `checkin scan DB ARGS --keyboard --json --offline` given `codes`
 * (lines) on its input; what it printed (caller frees).  Offline: these
 * cases sync by hand, with `checkin sync`; live stations are below. */
static char *scan(const char *db, const char *args, const char *codes)
{
    char line[4096];
    snprintf(line, sizeof(line), "scan '%s' %s --keyboard --json --offline", db,
             args);
    const char *out, *err;
    int st = tu_checkin_in(line, codes, &out, &err);
    if (st != 0)
        TU_FAIL_AT("checkin scan %s %s exited %d", db, args, st);
    size_t n = strlen(out) + strlen(err) + 1;
    char *text = malloc(n);
    if (text)
        snprintf(text, n, "%s%s", out, err);
    return text ? text : strdup("");
}

/* scan(), its output expected to hold the decision "reason":"REASON"; a
 * miss is failed at the caller's line, with what the station said. */
#define SCAN_SAYS(db, args, codes, reason)                                     \
    scan_says(db, args, codes, reason, __LINE__)
static void scan_says(const char *db, const char *args, const char *codes,
                      const char *reason, int line)
{
    char want[96];
    snprintf(want, sizeof(want), "\"reason\":\"%s\"", reason);
    char *out = scan(db, args, codes);
    if (!strstr(out, want))
        tu_fail(__FILE__, line, "checkin scan %s %s says %s: got \"%s\"", db,
                args, want, out);
    free(out);
}

/* A fresh event database (the demo event) and an empty hub database of
 * its own, published with `checkin hub init`; the hub's name in *hub. */
static const char *published_event(const char *name, const char **hub)
{
    return hubfix_event(name, NULL, hub);
}

/* `checkin hub add-station EV NAME --station ROLE --out tu_path(FILE)`. */
static const char *add_station(const char *ev, const char *name,
                               const char *role, const char *file)
{
    return hubfix_station(ev, name, role, file);
}

/* The columns of a registrations export, as the cases' own rows give
 * them. */
#define REGISTRATION_COLUMNS                                                   \
    "order_code,Status,badge_name,Email,ticket_type,family_name,given_name,"   \
    "pronouns,company,t_shirt,tutorials,sponsor_consent,secret,ticket_id\n"

/* `rows` of a registrations export (REGISTRATION_COLUMNS) written to
 * tu_path(`file`) and imported into `db`: what the import said. */
static const char *import_rows(const char *db, const char *file,
                               const char *rows)
{
    const char *csv = tu_format("%s%s", REGISTRATION_COLUMNS, rows);
    tu_write_file(tu_path(file), csv, strlen(csv));
    return run(0, "import '%s' '%s'", db, tu_path(file));
}

/* A paid attendee's first live registration secret (what the desk scans). */
static const char *secret_of(const char *db, const char *ticket)
{
    return sql_text(
        db, tu_format(
                "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
                " s.attendee_id WHERE a.ticket_id = '%s' AND s.revoked = 0"
                " LIMIT 1",
                ticket));
}

/* A connection to the hub with the credentials in a station's file. */
static PGconn *connect_as_station(const char *station_db)
{
    const char *ci =
        sql_text(station_db, "SELECT conninfo FROM sync_hub WHERE id = 1");
    PGconn *c = PQconnectdb(ci);
    if (PQstatus(c) != CONNECTION_OK)
        TU_FAIL_AT("connecting as %s: %s", station_db, PQerrorMessage(c));
    return c;
}

/* Run `sql` on `c`: its first value as a number, or -1 on an error (the
 * error's SQLSTATE in `state` when given). */
static long long pq_int(PGconn *c, const char *sql, char *state)
{
    PGresult *r = PQexec(c, sql);
    long long v = -1;
    ExecStatusType st = PQresultStatus(r);
    if (state)
        snprintf(state, 6, "%s",
                 PQresultErrorField(r, PG_DIAG_SQLSTATE)
                     ? PQresultErrorField(r, PG_DIAG_SQLSTATE)
                     : "");
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else if (st == PGRES_COMMAND_OK)
        v = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return v;
}

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

/* ---- hub init ---- */

static void hub_init_publishes_the_event_and_remembers_the_hub(void)
{
    const char *hub;
    const char *ev = published_event("init", &hub);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.signing_key"),
               1);
    EXPECT_STR(sql_text(ev, "SELECT role FROM sync_hub"), "organizer");
    /* Unchanged registrations are not sent again. */
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent nothing");
    /* Once is enough, and another event's hub is refused. */
    said = run(1, "hub init '%s' \"%s\"", ev, pgserver_conninfo(hub));
    EXPECT_CONTAINS(said, "is published to a hub already");
    const char *other = tu_path("other.db");
    run(0, "init '%s' '%s'", other, CONFIG_DIR "/demo/event.ini");
    said = run(1, "hub init '%s' \"%s\"", other, pgserver_conninfo(hub));
    EXPECT_CONTAINS(said, "holds another event's hub");
}

/* The organizer's file notes the registrations it gave the hub while
 * the hub takes them (publish.c), in a transaction it commits only
 * after the hub's: an upsert the hub refuses leaves the file noting what
 * it noted before, so that the next sync sends the change. */
static void a_publish_the_hub_refuses_is_not_noted_in_the_file(void)
{
    const char *hub;
    const char *ev = published_event("refused", &hub);
    static const char NOTED[] =
        "SELECT hex(digest) FROM sync_reg WHERE ticket_id = '48243'";
    char before[64];
    snprintf(before, sizeof(before), "%s", sql_text(ev, NOTED));
    REQUIRE(strlen(before) == 32);
    sql_write(ev, "UPDATE attendee SET given_name = 'Renamed' WHERE"
                  " ticket_id = '48243'");
    REQUIRE(pgserver_exec(hub, "CREATE FUNCTION public.not_today() RETURNS"
                               " trigger LANGUAGE plpgsql AS $$ BEGIN RAISE"
                               " EXCEPTION 'not today'; END $$;"
                               " CREATE TRIGGER not_today BEFORE UPDATE ON"
                               " checkin.registration FOR EACH ROW EXECUTE"
                               " FUNCTION public.not_today()") == 0);
    EXPECT_CONTAINS(run(1, "sync '%s'", ev), "not today");
    EXPECT_STR(sql_text(ev, NOTED), before);
    REQUIRE(pgserver_exec(hub, "DROP TRIGGER not_today ON"
                               " checkin.registration") == 0);
    EXPECT_CONTAINS(run(0, "sync '%s'", ev), "sent 1 registration");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id = '48243' AND given_name"
                                 " = 'Renamed'"),
               1);
    EXPECT_TRUE(strcmp(sql_text(ev, NOTED), before) != 0);
}

/* A cancellation and a late registration imported on the organizer's
 * laptop reach the desks at their next sync. */
static void registration_changes_reach_the_desks(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "changes", &ev, &hub, "desk-1", "desk",
                               "changes-desk.db", &desk, NULL));
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    long long cancelled = pgserver_int(
        hub, "SELECT count(*) FROM checkin.registration WHERE status = "
             "'cancelled'");
    /* The import publishes by itself: a sync after it has nothing left
     * to send. */
    const char *said =
        run(0, "import '%s' '%s'", ev, TEST_DATA_DIR "/demo-update.csv");
    EXPECT_CONTAINS(said, "registration");
    EXPECT_NOT_CONTAINS(said, "sent nothing");
    REQUIRE(sql_int(ev, "SELECT count(*) FROM attendee WHERE status = "
                        "'cancelled'") > cancelled);
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent nothing");
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "registration");
    /* Every registration now reads the same on the desk. */
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT group_concat(ticket_id || status, ',') FROM (SELECT"
             " ticket_id, status FROM attendee ORDER BY ticket_id)");
    char want[4096];
    snprintf(want, sizeof(want), "%s", sql_text(ev, sql));
    EXPECT_STR(sql_text(desk, sql), want);
}

/* The publish sends registrations in COPY's text format, where a
 * backslash starts an escape and \N alone is NULL: names holding both
 * reach the hub and a desk as the organizer's file holds them. */
static void a_name_with_backslashes_reaches_the_hub_and_desks_intact(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "escapes", &ev, &hub, "desk-1", "desk",
                               "escapes-desk.db", &desk, NULL));
    const char *said =
        import_rows(ev, "escapes.csv",
                    "ESC1,paid,,b.s@example.com,individual,\\N,Back\\slash,,"
                    "C:\\new\\table,M,,1,esc7reg2x8q4wz6m3n5p9k2h4j6t8v2a,"
                    "59998\n");
    EXPECT_CONTAINS(said, "1 added");
    const char *where = " WHERE ticket_id = '59998' AND given_name ="
                        " 'Back\\slash' AND family_name = '\\N' AND"
                        " company = 'C:\\new\\table'";
    EXPECT_INT(sql_int(ev, tu_format("SELECT count(*) FROM attendee%s", where)),
               1);
    EXPECT_INT(pgserver_int(
                   hub, tu_format("SELECT count(*) FROM checkin.registration%s",
                                  where)),
               1);
    run(0, "sync '%s'", desk);
    EXPECT_INT(
        sql_int(desk, tu_format("SELECT count(*) FROM attendee%s", where)), 1);
    /* What the file notes the hub holds is what it holds: nothing to
     * send again. */
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent nothing");
}

/* ---- stations ---- */

static void add_station_makes_a_private_file_with_its_own_role(void)
{
    const char *hub;
    const char *ev = published_event("enrol", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "enrol-desk.db");
    struct stat st;
    REQUIRE(stat(desk, &st) == 0);
    EXPECT_INT(st.st_mode & 0777, 0600);
    const char *ci = sql_text(desk, "SELECT conninfo FROM sync_hub");
    EXPECT_NOT_CONTAINS(ci, "user='postgres'");
    EXPECT_CONTAINS(ci, "password=");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station s JOIN"
                                 " pg_roles r ON r.rolname = s.pg_role"),
               1);
    /* The first sync happened: the desk can admit people. */
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    /* Nothing is ever written over. */
    const char *said = run(1,
                           "hub add-station '%s' desk-9 --station desk "
                           "--out '%s'",
                           ev, desk);
    EXPECT_CONTAINS(said, "exists");
    said = run(1,
               "hub add-station '%s' door-x --station door:no-such --out "
               "'%s'",
               ev, tu_path("enrol-x.db"));
    EXPECT_CONTAINS(said, "There is no tutorial or list 'no-such'");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station"), 1);
}

/* A first pull drops the registrations' secondary indexes and builds
 * them again before its commit (pull.c, drop_indexes): the station file
 * ends with every index the event file has, each usable. */
static void a_first_pull_leaves_every_index_in_place(void)
{
    const char *hub;
    const char *ev = published_event("indexes", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "indexes-desk.db");
    static const char *const SQL =
        "SELECT group_concat(name || ': ' || sql, '; ') FROM (SELECT name,"
        " sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        " ORDER BY name)";
    char want[8192];
    snprintf(want, sizeof(want), "%s", sql_text(ev, SQL));
    EXPECT_CONTAINS(want, "ticket_secret_attendee");
    EXPECT_STR(sql_text(desk, SQL), want);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_STR(sql_text(desk, "PRAGMA integrity_check"), "ok");
}

/* A first pull writes an empty file's registrations with its CHECK
 * constraints off (pull.c, checks_off), testing the hub's status itself:
 * a registration of a status the file does not allow (a hub whose own
 * check was taken off) waits, as the constraint would have had it, and
 * the others are taken. */
static void a_first_pull_leaves_a_status_the_file_refuses_waiting(void)
{
    const char *hub;
    const char *ev = published_event("badstatus", &hub);
    char ticket[64];
    snprintf(ticket, sizeof(ticket), "%s",
             sql_text(ev, "SELECT min(ticket_id) FROM attendee"));
    REQUIRE(pgserver_exec(hub, tu_format("ALTER TABLE checkin.registration"
                                         " DROP CONSTRAINT"
                                         " registration_status_check;"
                                         "UPDATE checkin.registration SET"
                                         " status = 'lost' WHERE ticket_id ="
                                         " '%s'",
                                         ticket)) == 0);
    const char *desk = add_station(ev, "desk-1", "desk", "badstatus-desk.db");
    EXPECT_INT(sql_int(desk, tu_format("SELECT count(*) FROM attendee WHERE"
                                       " ticket_id = '%s'",
                                       ticket)),
               0);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee") - 1);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee WHERE status NOT"
                             " IN ('paid','pending','cancelled','refunded')"),
               0);
}

/* A first pull inserts each secret into the new file plainly (pull.c,
 * pull_strings.c), and a secret the plain insert refuses goes to the
 * upsert an enrolled file's pull runs: a code two of the hub's
 * registrations name (a reissue the hub holds half of) ends with the
 * later one, as that upsert leaves it, and neither registration waits. */
static void a_first_pull_gives_a_code_named_twice_to_the_later(void)
{
    const char *hub;
    const char *ev = published_event("twice", &hub);
    char first[64], later[64], code[128];
    snprintf(first, sizeof(first), "%s",
             sql_text(ev, "SELECT min(ticket_id) FROM attendee"));
    snprintf(later, sizeof(later), "%s",
             sql_text(ev, "SELECT max(ticket_id) FROM attendee"));
    snprintf(code, sizeof(code), "%s",
             sql_text(ev, tu_format("SELECT min(s.secret) FROM ticket_secret"
                                    " s JOIN attendee a ON a.id ="
                                    " s.attendee_id WHERE a.ticket_id = '%s'"
                                    " AND s.revoked = 0",
                                    first)));
    /* Rewritten last, so the hub sends it after the first's row. */
    REQUIRE(pgserver_exec(hub, tu_format("UPDATE checkin.registration SET"
                                         " secrets = secrets || '%s'::text"
                                         " WHERE ticket_id = '%s'",
                                         code, later)) == 0);
    REQUIRE(pgserver_int(hub, tu_format("SELECT count(*) FROM"
                                        " checkin.registration WHERE '%s' ="
                                        " ANY (secrets) AND hub_seq = (SELECT"
                                        " max(hub_seq) FROM"
                                        " checkin.registration)",
                                        code)) == 1);
    const char *desk = add_station(ev, "desk-1", "desk", "twice-desk.db");
    EXPECT_STR(sql_text(desk, tu_format("SELECT a.ticket_id FROM ticket_secret"
                                        " s JOIN attendee a ON a.id ="
                                        " s.attendee_id WHERE s.secret ="
                                        " '%s'",
                                        code)),
               later);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM sync_reg"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM ticket_secret"),
               sql_int(ev, "SELECT count(*) FROM ticket_secret"));
}

/* Whether tu_tmpdir() holds a file whose name begins with `prefix`. */
static bool tmpdir_has(const char *prefix)
{
    DIR *d = opendir(tu_tmpdir());
    bool found = false;
    for (struct dirent *e; d && !found && (e = readdir(d));)
        found = !strncmp(e->d_name, prefix, strlen(prefix));
    if (d)
        closedir(d);
    return found;
}

/* add-station checks the event file whole on a thread while it enrolls
 * the station and pulls (store.h, STORE_CHECK_BESIDE): an event file
 * damaged where add-station never reads (the registrations' order
 * index) is still refused with the check's sentence, and nothing is
 * left of the station: no file, no key, no row or role at the hub. */
static void add_station_refuses_a_damaged_event_file_and_keeps_nothing(void)
{
    const char *hub;
    const char *ev = published_event("damaged", &hub);
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "damaged.key"), 0600) == 0);
    sql_write(ev, "PRAGMA wal_checkpoint(TRUNCATE)");
    long long page = sql_int(ev, "PRAGMA page_size");
    long long root = sql_int(ev, "SELECT rootpage FROM sqlite_schema WHERE"
                                 " name = 'attendee_order'");
    REQUIRE(root > 1);
    /* The page's type byte: no b-tree page has type 0x7f. */
    FILE *f = fopen(ev, "r+b");
    REQUIRE(f != NULL);
    REQUIRE(fseek(f, (long)((root - 1) * page), SEEK_SET) == 0);
    REQUIRE(fputc(0x7f, f) == 0x7f);
    REQUIRE(fclose(f) == 0);
    const char *out = tu_path("damaged-desk.db");
    long long roles = pgserver_int(hub, "SELECT count(*) FROM pg_roles");
    const char *said = run(1,
                           "hub add-station '%s' desk-1 --station desk --out"
                           " '%s'",
                           ev, out);
    EXPECT_CONTAINS(said, "is damaged");
    EXPECT_CONTAINS(said, "restore it from a backup");
    EXPECT_INT(access(out, F_OK) == 0, 0);
    EXPECT_INT(access(tu_path("damaged-desk.key"), F_OK) == 0, 0);
    EXPECT_INT(tmpdir_has(".damaged-desk.db."), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station"), 0);
    /* Roles are the server's, shared with the other cases' hubs. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM pg_roles"), roles);
}

/* add-station's power cut half way through its first pull's
 * registrations, then after the file was complete but before it was
 * put in place: no station file appears, and the same command then
 * makes it whole. */
static void a_killed_add_station_leaves_no_station_file(void)
{
    const char *hub;
    const char *ev = published_event("killadd", &hub);
    /* The event has a signing key, so a desk gets one beside its file. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "killadd.key"), 0600) == 0);
    static const char *const POINTS[] = {"first-pull-half", "written"};
    char out[512], key[512];
    snprintf(out, sizeof(out), "%s", tu_path("killadd-desk.db"));
    snprintf(key, sizeof(key), "%s", tu_path("killadd-desk.key"));
    for (size_t k = 0; k < sizeof(POINTS) / sizeof(POINTS[0]); k++) {
        int st = tu_sh("CHECKIN_TEST_KILL_AT=%s:killadd-desk.db '%s' hub "
                       "add-station '%s' desk-%zu --station desk --out '%s' "
                       ">/dev/null 2>&1",
                       POINTS[k], CHECKIN_BIN, ev, k, out);
        EXPECT_TRUE(WIFSIGNALED(st) ||
                    (WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGKILL));
        EXPECT_INT(access(out, F_OK) == 0, 0);
        /* Killed in the pull, before the key is saved: no key file is
         * left to block the next try. */
        if (k == 0)
            EXPECT_INT(access(key, F_OK) == 0, 0);
        unlink(key);
    }
    const char *desk = add_station(ev, "desk-9", "desk", "killadd-desk.db");
    EXPECT_INT(access(key, F_OK), 0);
    struct stat sb;
    REQUIRE(stat(desk, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_STR(sql_text(desk, "PRAGMA integrity_check"), "ok");
    /* The killed runs' temporary files were taken away by the next. */
    EXPECT_INT(tmpdir_has(".killadd-desk.db."), 0);
}

/* add-station whose hub goes down in the middle of the COPY of the first
 * pull's registrations (the command stops itself once it has taken a
 * first batch of them, so the hub stops at that point, not at a time):
 * the command says in one sentence that the first sync did not happen
 * and to run 'checkin sync'; the file it publishes, enrolled, holds none
 * of the registrations (the batches already taken are rolled back with
 * the rest), is whole and a WAL file like every station's, and its next
 * sync with the hub back brings them all. */
static void an_add_station_cut_mid_copy_keeps_none_of_its_rows(void)
{
    /* More rows than a batch and than the socket holds: the hub is
     * still sending when it stops. */
    enum { N = 6000 };
    const char *csv = tu_path("midcopy.csv");
    FILE *f = fopen(csv, "w");
    REQUIRE(f != NULL);
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email\n",
          f);
    for (int i = 0; i < N; i++)
        fprintf(f,
                "%d,M%07d,paid,individual,midcopy%027d,Given%d,Family%d,"
                "m%d@example.com\n",
                900000 + i, i, i, i, i, i);
    REQUIRE(fclose(f) == 0);
    const char *ev = tu_copy(tu_demo_event(), "midcopy.db");
    tu_checkin_want(0, "import '%s' '%s'", ev, csv);
    REQUIRE(pgserver_createdb("hub_midcopy") == 0);
    tu_checkin_want(0, "hub init '%s' \"%s\"", ev,
                    pgserver_conninfo("hub_midcopy"));
    char desk[512], out[512], cmd[2048];
    snprintf(desk, sizeof(desk), "%s", tu_path("midcopy-desk.db"));
    snprintf(out, sizeof(out), "%s", tu_path("midcopy-add.out"));
    snprintf(cmd, sizeof(cmd),
             TU_NO_LEAK_SCAN "CHECKIN_TEST_STOP_AT=first-pull-half:"
                             "midcopy-desk.db exec '%s' hub add-station '%s' "
                             "desk-1 --station desk --out '%s' >'%s' 2>&1",
             CHECKIN_BIN, ev, desk, out);
    struct tu_proc p;
    REQUIRE(tu_spawn(&p, cmd, 0));
    int st = 0;
    REQUIRE(waitpid(p.pid, &st, WUNTRACED) == p.pid);
    REQUIRE(WIFSTOPPED(st));
    /* Stopped part way into the registrations: none is in place yet. */
    EXPECT_INT(access(desk, F_OK) == 0, 0);
    REQUIRE(pgserver_halt() == PGSERVER_OK);
    REQUIRE(kill(p.pid, SIGCONT) == 0);
    REQUIRE(waitpid(p.pid, &st, 0) == p.pid);
    tu_forget(p.pid);
    REQUIRE(pgserver_resume() == PGSERVER_OK);
    char *said = tu_read_file(out, NULL);
    REQUIRE(said != NULL);
    EXPECT_TRUE(WIFEXITED(st));
    EXPECT_CONTAINS(said, "The first sync did not happen");
    EXPECT_CONTAINS(said, "run 'checkin sync");
    free(said);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"), 0);
    EXPECT_STR(sql_text(desk, "PRAGMA integrity_check"), "ok");
    EXPECT_STR(sql_text(desk, "PRAGMA journal_mode"), "wal");
    struct stat sb;
    REQUIRE(stat(desk, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    tu_checkin_want(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_TRUE(sql_int(ev, "SELECT count(*) FROM attendee") >= N);
}

/* One random JSON value of depth at most `depth` for
 * canonical_json_is_jansson_s_byte_for_byte, its strings drawn from
 * pieces a name may hold: escapes, control characters, a slash, DEL and
 * UTF-8 of two to four bytes. */
static json_t *random_json(unsigned *seed, int depth)
{
    static const char *const PIECES[] = {"a",
                                         "Z",
                                         "0",
                                         " ",
                                         "\"",
                                         "\\",
                                         "/",
                                         "\b",
                                         "\f",
                                         "\n",
                                         "\r",
                                         "\t",
                                         "\x01",
                                         "\x1f",
                                         "\x7f",
                                         "\xc3\xa9",
                                         "\xe6\x97\xa5",
                                         "\xe2\x80\xa8",
                                         "\xf0\x9f\x98\x80",
                                         "{",
                                         "}",
                                         ":",
                                         ","};
    int kind = rand_r(seed) % (depth > 0 ? 8 : 6);
    if (kind < 2) {
        char s[64] = "";
        int n = rand_r(seed) % 8;
        for (int i = 0; i < n; i++) {
            size_t l = strlen(s);
            snprintf(
                s + l, sizeof(s) - l, "%s",
                PIECES[rand_r(seed) % (sizeof(PIECES) / sizeof(PIECES[0]))]);
        }
        /* Now and then a NUL inside. */
        return rand_r(seed) % 8 ? json_string(s)
                                : json_stringn(s, strlen(s) + 1);
    }
    if (kind == 2)
        return json_integer((json_int_t)rand_r(seed) *
                            (rand_r(seed) % 2 ? -1 : 1) *
                            (json_int_t)rand_r(seed));
    if (kind == 3)
        return json_boolean(rand_r(seed) % 2);
    if (kind == 4)
        return json_null();
    if (kind == 5)
        return json_real((double)rand_r(seed) / 7.0);
    json_t *c = kind == 6 ? json_array() : json_object();
    int n = rand_r(seed) % 6;
    for (int i = 0; i < n; i++) {
        json_t *v = random_json(seed, depth - 1);
        if (kind == 6) {
            json_array_append_new(c, v);
        } else {
            json_t *k = random_json(seed, 0);
            char key[80];
            snprintf(key, sizeof(key), "%s%d",
                     json_is_string(k) ? json_string_value(k) : "k", i % 3);
            json_decref(k);
            json_object_set_new(c, key, v);
        }
    }
    return c;
}

/* The digest's text (publish.c's, written by canon.c) is jansson's
 * json_dumps(JSON_COMPACT | JSON_SORT_KEYS) byte for byte: a registration
 * of the demo event as hub init hashes it, and 2,000 random values
 * (tu_run_seed), so that no digest a file already notes changes. */
static void canonical_json_is_jansson_s_byte_for_byte(void)
{
    struct ck_buf t = {0};
    json_error_t je;
    json_t *reg = json_loads(
        "{\"ticket_id\": \"48243\", \"given_name\": \"Ol\\u00efvia\\n\","
        " \"family_name\": \"\\\"Q\\\" \\\\ /\\u0001\", \"tutorials\": [],"
        " \"secrets\": [\"xkb346\", \"z\\t\"], \"sponsor_consent\": true,"
        " \"testmode\": false, \"pronouns\": null, \"imported_ms\":"
        " 1700000000000, \"items\": [{\"position\": 2, \"item\": 7,"
        " \"variation\": null, \"variation_name\": \"\\u65e5\"}],"
        " \"answers\": {\"shirt\": \"XL\", \"diet\": \"\\ud83d\\ude00\"}}",
        0, &je);
    REQUIRE(reg != NULL);
    unsigned seed = tu_run_seed();
    for (int i = 0; i <= 2000; i++) {
        json_t *v = i ? random_json(&seed, 3) : json_incref(reg);
        if (!json_is_object(v) && !json_is_array(v)) {
            json_decref(v);
            continue;
        }
        char *want = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
        REQUIRE(want != NULL);
        REQUIRE(sync_canon_json(v, &t));
        if (t.len != strlen(want) || memcmp(t.p, want, t.len)) {
            EXPECT_STR(want, "(sync_canon_json's text, next)");
            fprintf(stderr, "# canon: %.*s\n", (int)t.len, t.p);
            i = 2000;
        }
        free(want);
        json_decref(v);
    }
    json_decref(reg);
    ck_buf_free(&t);
}

/* A desk wiped and enrolled again under its old name is a new station:
 * its rows, numbered from the start again, all reach the hub and the
 * other stations, and status shows both. */
static void a_wiped_desk_enrolled_again_is_a_new_station(void)
{
    const char *hub;
    const char *ev = published_event("wiped", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "wiped-1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "wiped-2.db");
    free(scan(d1, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48243"))));
    run(0, "sync '%s'", d1);
    /* The laptop is re-imaged: its file is gone. */
    REQUIRE(unlink(d1) == 0);
    const char *again = add_station(ev, "desk-1", "desk", "wiped-1b.db");
    const char *said = run(0, "sync '%s'", again);
    (void)said;
    free(scan(again, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48275"))));
    said = run(0, "sync '%s'", again);
    EXPECT_CONTAINS(said, "sent 1 scan");
    EXPECT_INT(pgserver_int(hub, "SELECT count(DISTINCT station_uid) FROM"
                                 " checkin.scan WHERE station = 'desk-1'"),
               2);
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station = "
                           "'desk-1'"),
               2);
    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "(name enrolled twice)");
}

/* ---- what flows ---- */

/* A badge printed at desk 1 is admitted at the tutorial's door once both
 * have synced; before, the door does not know it. */
static void a_badge_printed_at_one_desk_is_admitted_at_the_door(void)
{
    struct hubfix f;
    const char *hub, *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "badge", NULL, &hub, "desk-1", "desk", "badge-desk.db", &desk,
        "door-1", "door:pandas-intro", "badge-door.db", &door, NULL));
    /* 48275 bought the pandas tutorial. */
    run(0,
        "print '%s' 48275 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        desk, tu_path("event.key"), tu_path("badge-labels.bin"));
    const char *said =
        run(0, "issue --key '%s' '%s' 48275", tu_path("event.key"), desk);
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    char code[256];
    snprintf(code, sizeof(code), "%.*s\n", (int)strcspn(ck, "\n"), ck);
    /* The door never heard of the badge (nothing synced yet): the signed
     * code names the registration, and the door decides from that. */
    char *before = scan(door,
                        "--station door:pandas-intro --name door-1 "
                        "--clock '2027-05-12 09:05'",
                        code);
    EXPECT_CONTAINS(before, "\"reason\":\"entered\"");
    EXPECT_CONTAINS(before, "\"ticket_id\":\"48275\"");
    free(before);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM badge"), 0);
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "print job");
    said = run(0, "sync '%s'", door);
    EXPECT_CONTAINS(said, "badge");
    EXPECT_TRUE(sql_int(door, "SELECT count(*) FROM badge") > 0);
    /* The same person, the same badge, now known: inside already. */
    char *after = scan(door,
                       "--station door:pandas-intro --name door-1 "
                       "--clock '2027-05-12 09:06'",
                       code);
    EXPECT_CONTAINS(after, "\"reason\":\"already-inside\"");
    free(after);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.print_job"),
               sql_int(desk, "SELECT count(*) FROM print_job"));
}

/* Checked in at desk 1: desk 2 says so after both synced; and a person
 * admitted at both desks while they were apart is listed by the sync. */
static void a_check_in_at_one_desk_is_known_at_the_other(void)
{
    struct hubfix f;
    const char *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "dup", &ev, NULL, "desk-1", "desk",
                               "dup-1.db", &d1, "desk-2", "desk", "dup-2.db",
                               &d2, NULL));
    char codes[512];
    snprintf(codes, sizeof(codes), "%s\n", secret_of(ev, "48243"));
    SCAN_SAYS(d1, "--station desk --name desk-1", codes, "checked-in");
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    char *out = scan(d2, "--station desk --name desk-2", codes);
    EXPECT_CONTAINS(out, "\"reason\":\"already-checked-in\"");
    EXPECT_CONTAINS(out, "at desk-1");
    free(out);

    /* Both desks admit 48275 before either syncs. */
    snprintf(codes, sizeof(codes), "%s\n", secret_of(ev, "48275"));
    SCAN_SAYS(d1, "--station desk --name desk-1", codes, "checked-in");
    SCAN_SAYS(d2, "--station desk --name desk-2", codes, "checked-in");
    run(0, "sync '%s'", d1);
    const char *said = run(0, "sync '%s'", d2);
    EXPECT_CONTAINS(said, "Checked in at more than one desk (1)");
    EXPECT_CONTAINS(said, "48275");
    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "1 people admitted at more than one desk");
}

/* A supervisor's override at one desk reaches the hub, the other desk
 * and the organizer with its reason.  A hub made before overrides
 * (format 1, no column for them) gets the column at the organizer's next
 * sync. */
/* A hub of format 6: doors read registrations and the journal whole. */
/* A hub of format 8: no supervisors in the event description, every
 * station reads it whole but a booth, and no row's supervisor vetted. */
/* A hub of format 9: no lists, questions, items, holds, answers or
 * invitations, door_registration as format 7 made it. */
/* Make the hub `hub` an older one by `sql` (FORMATn_HUB, n from 6 to
 * 13): its scan_fault() as formats 6 to 11 have it. */
static bool older_hub(const char *hub, const char *sql)
{
    return pgserver_exec(hub, sql) == 0 &&
           pgserver_exec(hub, HUB_SCAN_FAULT_6) == 0;
}

/* What a format 12 hub lacks of format 13 (hub_schema.c, WAITING): the
 * table and trigger, and the check's two steps that set an edit aside
 * and let a placed one through (taken out of its text as the hub holds
 * it, which leaves format 11's check). */
#define FORMAT12_HUB                                                           \
    FORMAT13_HUB                                                               \
    " DO $$ DECLARE d text; BEGIN"                                             \
    " d := pg_get_functiondef("                                                \
    "  'checkin.vet_registration_change()'::regprocedure);"                    \
    " d := regexp_replace(d, 'IF EXISTS \\(SELECT 1 FROM checkin"              \
    "\\.waiting_change.*?END IF;', '');"                                       \
    " d := regexp_replace(d, 'IF station AND \\(me\\.kind.*?RETURN NULL;',"    \
    "  'RETURN NULL;');"                                                       \
    " EXECUTE d; END $$;"                                                      \
    " DROP TRIGGER place ON checkin.registration;"                             \
    " DROP FUNCTION checkin.place_waiting();"                                  \
    " DROP TABLE checkin.waiting_change;"                                      \
    " UPDATE checkin.hub SET format = 12;"
/* What a format 11 hub lacks of format 12 (hub_schema.c, EXPO): the
 * policies as format 11 left them, no expo booths, no tags. */
#define FORMAT11_HUB                                                           \
    FORMAT12_HUB                                                               \
    " DROP POLICY own_rows ON checkin.scan;"                                   \
    " CREATE POLICY own_rows ON checkin.scan FOR INSERT WITH CHECK"            \
    " (station_uid = (SELECT checkin.me_uid()) AND mode = (SELECT"             \
    " checkin.me_kind()) AND (mode = 'desk' OR target = (SELECT"               \
    " checkin.me_target())));"                                                 \
    " DROP POLICY own_sponsor ON checkin.lead;"                                \
    " CREATE POLICY own_sponsor ON checkin.lead FOR SELECT USING ((SELECT"     \
    " checkin.me_kind()) = 'leads' AND sponsor_slug = (SELECT"                 \
    " checkin.me_target()));"                                                  \
    " DROP POLICY own_rows ON checkin.lead;"                                   \
    " CREATE POLICY own_rows ON checkin.lead FOR INSERT WITH CHECK"            \
    " (station_uid = (SELECT checkin.me_uid()) AND (SELECT"                    \
    " checkin.me_kind()) = 'leads' AND sponsor_slug = (SELECT"                 \
    " checkin.me_target()) AND station = (SELECT checkin.me_name()));"         \
    " DROP POLICY own_rows_edit ON checkin.lead;"                              \
    " CREATE POLICY own_rows_edit ON checkin.lead FOR UPDATE USING"            \
    " (station_uid = (SELECT checkin.me_uid())) WITH CHECK (station_uid ="     \
    " (SELECT checkin.me_uid()) AND sponsor_slug = (SELECT"                    \
    " checkin.me_target()));"                                                  \
    " DROP TRIGGER booth ON checkin.scan; DROP TRIGGER booth ON checkin.lead;" \
    " DROP FUNCTION checkin.vet_booth(), checkin.my_booths();"                 \
    " DROP TRIGGER expo_booths ON checkin.event_description;"                  \
    " DROP FUNCTION checkin.booth_for_new_sponsor();"                          \
    " DROP TABLE checkin.expo_booth;"                                          \
    " ALTER TABLE checkin.lead DROP COLUMN tags;"                              \
    " UPDATE checkin.hub SET format = 11;"
/* What a format 10 hub lacks of format 11 (hub_schema.c, CHANGES). */
#define FORMAT10_HUB                                                           \
    FORMAT11_HUB                                                               \
    " DROP VIEW checkin.door_registration_change;"                             \
    " DROP TABLE checkin.registration_change;"                                 \
    " DROP FUNCTION checkin.vet_registration_change(),"                        \
    " checkin.changes_append_only();"                                          \
    " UPDATE checkin.hub SET format = 10;"
#define FORMAT9_HUB                                                            \
    FORMAT10_HUB                                                               \
    "DROP VIEW checkin.station_answer, checkin.door_registration;"             \
    " DROP FUNCTION checkin.list_items_who(jsonb, jsonb),"                     \
    " checkin.on_list(text, text, text[], jsonb, text),"                       \
    " checkin.on_list_who(jsonb, text, text, text[], jsonb, text);"            \
    " DROP TABLE checkin.answer, checkin.list_invitee;"                        \
    " ALTER TABLE checkin.registration DROP COLUMN items, DROP COLUMN hold;"   \
    " DELETE FROM checkin.event_description WHERE kind IN ('list',"            \
    " 'question');"                                                            \
    " UPDATE checkin.event_description SET data = data - 'days' WHERE kind"    \
    " = 'ticket_type';"                                                        \
    " ALTER TABLE checkin.event_description"                                   \
    " DROP CONSTRAINT event_description_kind_check,"                           \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN"              \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting',"    \
    " 'supervisor'));"                                                         \
    " CREATE VIEW checkin.door_registration WITH (security_barrier) AS"        \
    " SELECT r.ticket_id, ''::text AS order_code, r.status,"                   \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.given_name ELSE ''"       \
    "   END AS given_name,"                                                    \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.family_name ELSE ''"      \
    "   END AS family_name,"                                                   \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.badge_name ELSE ''"       \
    "   END AS badge_name,"                                                    \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.pronouns ELSE ''"         \
    "   END AS pronouns,"                                                      \
    "  ''::text AS company, ''::text AS email, r.ticket_type,"                 \
    "  false AS sponsor_consent, r.testmode,"                                  \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.search_key ELSE ''"       \
    "   END AS search_key,"                                                    \
    "  ''::bytea AS fingerprint, r.imported_ms, r.updated_ms, r.tutorials,"    \
    "  checkin.hashed(r.secrets) AS secrets,"                                  \
    "  checkin.hashed(r.revoked_secrets) AS revoked_secrets, r.digest,"        \
    "  r.hub_seq, r.hub_xid"                                                   \
    " FROM checkin.registration r, (SELECT checkin.me_kind() AS kind,"         \
    "  checkin.me_target() AS target) m WHERE m.kind = 'door';"                \
    " REVOKE ALL ON checkin.door_registration FROM PUBLIC;"                    \
    " DO $$ BEGIN EXECUTE format('GRANT SELECT ON"                             \
    " checkin.door_registration TO %I', (SELECT role_prefix || '_station'"     \
    " FROM checkin.hub)); END $$;"                                             \
    " DROP TRIGGER note_zone ON checkin.event_description;"                    \
    " DROP FUNCTION checkin.note_zone();"                                      \
    " ALTER TABLE checkin.hub DROP COLUMN zone;"                               \
    " CREATE OR REPLACE FUNCTION checkin.act_fault(p_uid text, p_at bigint,"   \
    "  p_day text, p_act text, p_ref_station_id text, p_ref_seq bigint,"       \
    "  p_mode text, p_target text) RETURNS text LANGUAGE plpgsql STABLE"       \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"            \
    " DECLARE zone text;"                                                      \
    " BEGIN"                                                                   \
    "  IF p_act <> 'scan' AND (p_ref_station_id IS NULL OR p_ref_seq IS"       \
    "   NULL OR NOT (EXISTS (SELECT 1 FROM checkin.scan WHERE station_id ="    \
    "   p_ref_station_id AND seq = p_ref_seq AND act = 'scan' AND mode ="      \
    "   p_mode AND target = p_target) OR EXISTS (SELECT 1 FROM"                \
    "   checkin.run WHERE station_id = p_ref_station_id AND station_uid ="     \
    "   p_uid))) THEN"                                                         \
    "   RETURN format('an %s naming no row of its list', p_act); END IF;"      \
    "  IF p_day IS NULL THEN RETURN NULL; END IF;"                             \
    "  SELECT data->>'timezone' INTO zone FROM checkin.event_description"      \
    "   WHERE kind = 'event' AND data IS NOT NULL LIMIT 1;"                    \
    "  IF zone IS NULL OR NOT EXISTS (SELECT 1 FROM pg_timezone_names"         \
    "   WHERE name = zone) THEN RETURN NULL; END IF;"                          \
    "  IF to_char(to_timestamp(p_at / 1000.0) AT TIME ZONE zone,"              \
    "   'YYYY-MM-DD') IS DISTINCT FROM p_day THEN"                             \
    "   RETURN 'a day that disagrees with its time'; END IF;"                  \
    "  RETURN NULL;"                                                           \
    " END $$;"                                                                 \
    " UPDATE checkin.hub SET format = 9;"

#define FORMAT8_HUB                                                            \
    FORMAT9_HUB                                                                \
    "DROP TRIGGER vet_supervisor ON checkin.scan;"                             \
    " DROP FUNCTION checkin.vet_supervisor(),"                                 \
    " checkin.supervisor_fault(text);"                                         \
    " DELETE FROM checkin.event_description WHERE kind = 'supervisor';"        \
    " ALTER TABLE checkin.event_description"                                   \
    " DROP CONSTRAINT event_description_kind_check,"                           \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN"              \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting'));"  \
    " DROP POLICY stations ON checkin.event_description;"                      \
    " CREATE POLICY stations ON checkin.event_description FOR SELECT"          \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door')"                    \
    " OR ((SELECT checkin.me_kind()) = 'leads'"                                \
    " AND kind IN ('event','ticket_type','tutorial','sponsor')));"             \
    " UPDATE checkin.hub SET format = 8;"

/* A hub of format 7: no act, ref, day, handed or supervisor in the
 * journal, door_scan as format 7 made it, and the scan policy as it was. */
#define FORMAT7_HUB                                                            \
    FORMAT8_HUB                                                                \
    "DROP TRIGGER vet_act ON checkin.scan;"                                    \
    " DROP FUNCTION checkin.vet_act(), checkin.act_fault(text, bigint, text,"  \
    " text, text, bigint, text, text);"                                        \
    " DROP VIEW checkin.live_scan, checkin.door_scan;"                         \
    " DROP POLICY desks_own ON checkin.scan;"                                  \
    " CREATE POLICY desks_own ON checkin.scan FOR SELECT"                      \
    " USING ((SELECT checkin.me_kind()) = 'desk'"                              \
    " OR station_uid = (SELECT checkin.me_uid()));"                            \
    " DROP FUNCTION checkin.client_format();"                                  \
    " ALTER TABLE checkin.scan DROP COLUMN act, DROP COLUMN ref_station_id,"   \
    " DROP COLUMN ref_seq, DROP COLUMN day, DROP COLUMN handed,"               \
    " DROP COLUMN supervisor;"                                                 \
    " ALTER TABLE checkin.station DROP COLUMN client_format;"                  \
    " CREATE VIEW checkin.door_scan WITH (security_barrier) AS"                \
    " SELECT s.station_id, s.seq, s.station_uid, s.station, s.at_ms,"          \
    "  s.mode, s.target, CASE WHEN substring(s.code FROM 1 FOR 7) ="           \
    "  convert_to('sha256:', 'UTF8') THEN s.code ELSE"                         \
    "  convert_to(checkin.hashed(s.code), 'UTF8') END AS code,"                \
    "  s.attendee_ticket_id, s.badge_id, s.decision, s.reason,"                \
    "  s.direction, s.override, s.hub_seq, s.hub_xid"                          \
    " FROM checkin.scan s, (SELECT checkin.me_kind() AS kind,"                 \
    "  checkin.me_target() AS target) m WHERE m.kind = 'door'"                 \
    "  AND s.mode = 'door' AND s.target = m.target;"                           \
    " DO $$ BEGIN EXECUTE format('GRANT SELECT ON checkin.door_scan TO %I',"   \
    " (SELECT role_prefix || '_station' FROM checkin.hub)); END $$;"           \
    " UPDATE checkin.hub SET format = 7;"

#define FORMAT6_HUB                                                            \
    FORMAT7_HUB                                                                \
    "DROP VIEW checkin.door_registration, checkin.door_scan,"                  \
    " checkin.set_aside;"                                                      \
    " DROP FUNCTION checkin.hashed(bytea), checkin.hashed(text[]);"            \
    " DROP POLICY desks ON checkin.registration;"                              \
    " CREATE POLICY desks_doors ON checkin.registration FOR SELECT"            \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door'));"                  \
    " DROP POLICY desks_own ON checkin.scan;"                                  \
    " CREATE POLICY desks_doors_own ON checkin.scan FOR SELECT"                \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door')"                    \
    " OR station_uid = (SELECT checkin.me_uid()));"                            \
    " UPDATE checkin.hub SET format = 6;"

/* A hub of format 5: journal rows stored as pushed, none set aside. */
#define FORMAT5_HUB                                                            \
    FORMAT6_HUB                                                                \
    "DROP TRIGGER vet ON checkin.scan;"                                        \
    " DROP FUNCTION checkin.vet_scan(), checkin.scan_fault(text, text,"        \
    " bigint, bigint, text, text, text);"                                      \
    " DROP POLICY own_rows ON checkin.lead;"                                   \
    " CREATE POLICY own_rows ON checkin.lead FOR INSERT"                       \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())"                     \
    " AND (SELECT checkin.me_kind()) = 'leads'"                                \
    " AND sponsor_slug = (SELECT checkin.me_target()));"                       \
    " DROP FUNCTION checkin.me_name(); DROP TABLE checkin.quarantine;"         \
    " ALTER TABLE checkin.station DROP COLUMN file_token;"                     \
    " UPDATE checkin.hub SET format = 5;"

/* A hub of format 3: no printer status in the station rows, no lifted
 * revocations, no signing keys sealed to desks. */
#define FORMAT3_HUB                                                            \
    FORMAT5_HUB                                                                \
    "ALTER TABLE checkin.station DROP COLUMN printer, DROP COLUMN"             \
    " printer_state, DROP COLUMN printer_message, DROP COLUMN printer_ms;"     \
    " DROP POLICY desks_revoke_again ON checkin.revoked_badge;"                \
    " ALTER TABLE checkin.revoked_badge DROP COLUMN lifted_ms;"                \
    " DROP TABLE checkin.station_key;"                                         \
    " ALTER TABLE checkin.station DROP COLUMN box_key;"                        \
    " UPDATE checkin.hub SET format = 3;"

/* A hub as an earlier 'checkin hub init' made it (format 1): no override
 * column in the journal, no event description. */
#define OLD_HUB                                                                \
    FORMAT3_HUB "ALTER TABLE checkin.scan DROP COLUMN override;"               \
                " DROP TABLE checkin.event_description;"                       \
                " DROP FUNCTION checkin.sponsor_lead_suspects(), "             \
                "checkin.sponsor_leads(),"                                     \
                " checkin.sponsor_leads_near(), checkin.booth_sponsor();"      \
                " UPDATE checkin.hub SET format = 1"

static void an_override_at_one_desk_reaches_the_hub_and_the_others(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "override", &ev, &hub, "desk-1", "desk",
                               "ovr-1.db", &d1, "desk-2", "desk", "ovr-2.db",
                               &d2, NULL));
    REQUIRE(pgserver_exec(hub, OLD_HUB) == 0); /* enrolling upgraded it */
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);

    char code[128];
    snprintf(code, sizeof(code), "%s", secret_of(ev, "49228")); /* pending */
    store *s;
    station *st;
    struct ck_error err = {0};
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = "desk-1", .open_before_ms = -1};
    REQUIRE(store_open(d1, STORE_EXISTING, &s, &err) == CK_OK);
    REQUIRE(station_open(s, &cfg, &st, &err) == CK_OK);
    struct station_result r, o;
    int64_t now = store_now_ms();
    REQUIRE(station_scan(st, (const uint8_t *)code, strlen(code), now, &r,
                         &err) == CK_OK);
    keep_result(&r);
    EXPECT_STR(station_reason_token(r.reason), "unpaid");
    EXPECT_TRUE(r.overridable);
    REQUIRE(station_override(st, (const uint8_t *)code, strlen(code),
                             r.attendee_id, "paid in cash at the desk", NULL,
                             now + 1000, &o, &err) == CK_OK);
    keep_result(&o);
    EXPECT_STR(station_reason_token(o.reason), "override-unpaid");
    station_free(st);
    store_close(s);

    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1' AND decision = 'admit'"
                                 " AND reason = 'override-unpaid' AND override"
                                 " = 'paid in cash at the desk'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " override IS NOT NULL"),
               1);
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", ev);
    const char *files[] = {d2, ev};
    for (size_t i = 0; i < 2; i++)
        EXPECT_INT(sql_int(files[i], "SELECT count(*) FROM scan WHERE station"
                                     " = 'desk-1' AND decision = 'admit' AND"
                                     " reason = 'override-unpaid' AND"
                                     " override = 'paid in cash at the desk'"),
                   1);
    /* The other desk knows the person is in: nothing more to override. */
    snprintf(code + strlen(code), sizeof(code) - strlen(code), "\n");
    char *out = scan(d2, "--station desk --name desk-2", code);
    EXPECT_CONTAINS(out, "\"reason\":\"unpaid\"");
    EXPECT_CONTAINS(out, "at desk-1");
    EXPECT_TRUE(!strstr(out, "\"overridable\""));
    free(out);
}

/* ---- never twice, never skipped ---- */

/* The set of journal keys in a station file and on the hub, as text. */
static void keys_equal(const char *hub, const char *station_db)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(hub));
    PGresult *r =
        PQexec(c, "SELECT string_agg(station_id || '/' || seq, ',' ORDER BY"
                  " station_id, seq) FROM checkin.scan");
    char on_hub[8192];
    snprintf(on_hub, sizeof(on_hub), "%s",
             PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?");
    PQclear(r);
    PQfinish(c);
    char here[8192];
    snprintf(here, sizeof(here), "%s",
             sql_text(station_db, "SELECT group_concat(k, ',') FROM (SELECT"
                                  " station_id || '/' || seq AS k FROM scan"
                                  " ORDER BY station_id, seq)"));
    EXPECT_STR(on_hub, here);
}

/* A desk killed after the hub committed its push, before it noted so,
 * sends the same rows again at the next sync: the hub adds none. */
static void a_push_repeated_after_a_kill_adds_nothing(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "resend", &ev, &hub, "desk-1", "desk",
                               "resend-desk.db", &desk, NULL));
    free(scan(
        desk, "--station desk --name desk-1",
        tu_format("%s\n",
                  sql_text(ev, "SELECT group_concat(secret, char(10)) FROM"
                               " (SELECT s.secret FROM ticket_secret s JOIN"
                               " attendee a ON a.id = s.attendee_id WHERE"
                               " a.status = 'paid' AND s.revoked = 0 ORDER BY"
                               " a.ticket_id LIMIT 5)"))));
    long long rows = sql_int(desk, "SELECT count(*) FROM scan");
    REQUIRE(rows == 5);
    int st = tu_sh("CHECKIN_TEST_KILL_AT=pushed:resend-desk.db '%s' sync '%s' "
                   ">/dev/null 2>&1",
                   CHECKIN_BIN, desk);
    EXPECT_TRUE(WIFEXITED(st) == 0 || WEXITSTATUS(st) != 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), rows);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM sync_run WHERE "
                             "pushed_seq > 0"),
               0);
    const char *said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "sent nothing");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), rows);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);
    keys_equal(hub, desk);
    /* Sent once more by hand (the file forgets what it sent): still
     * nothing new. */
    tu_sh("sqlite3 '%s' 'DELETE FROM sync_run'", desk);
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "sent nothing");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), rows);
}

/* Two stations' pushes commit in the other order than they took their
 * hub_seq: a third desk pulling between the two commits gets the
 * later-numbered row first, and the earlier-numbered one at its next
 * pull. */
/* The hub's clock in milliseconds, for rows written by hand: the hub sets
 * aside a row whose time is far from it and from the event's days. */
#define NOW_MS "(extract(epoch FROM now()) * 1000)::bigint"

static void a_row_committed_late_is_not_skipped(void)
{
    struct hubfix f;
    const char *hub, *d1, *d2, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "late", NULL, &hub, "desk-1", "desk", "late-1.db", &d1, "desk-2",
        "desk", "late-2.db", &d2, "desk-3", "desk", "late-3.db", &door, NULL));
    PGconn *a = connect_as_station(d1), *b = connect_as_station(d2);
    char uid_a[64], uid_b[64];
    snprintf(uid_a, sizeof(uid_a), "%s",
             sql_text(d1, "SELECT station_uid FROM sync_hub"));
    snprintf(uid_b, sizeof(uid_b), "%s",
             sql_text(d2, "SELECT station_uid FROM sync_hub"));
    /* Desk 1 starts its push and takes its number first ... */
    EXPECT_INT(
        pq_int(a,
               tu_format(
                   "BEGIN; INSERT INTO checkin.run VALUES ('aaaa000000000001', "
                   "'%s');"
                   "INSERT INTO checkin.scan (station_id, seq, station_uid,"
                   " station, at_ms, mode, target, code, decision, reason,"
                   " direction, pushed_ms) VALUES ('aaaa000000000001', 1, '%s',"
                   " 'desk-1', " NOW_MS
                   ", 'desk', '', 'x', 'deny', 'unknown-code',"
                   " 'in', 1)",
                   uid_a, uid_a),
               NULL),
        1);
    /* ... desk 2 pushes after it and commits at once ... */
    pq_int(
        b,
        tu_format(
            "BEGIN; INSERT INTO checkin.run VALUES ('bbbb000000000001', '%s');"
            "INSERT INTO checkin.scan (station_id, seq, station_uid,"
            " station, at_ms, mode, target, code, decision, reason,"
            " direction, pushed_ms) VALUES ('bbbb000000000001', 1, '%s',"
            " 'desk-2', " NOW_MS ", 'desk', '', 'y', 'deny', 'unknown-code',"
            " 'in', 2);"
            "COMMIT",
            uid_b, uid_b),
        NULL);
    /* ... and desk 3 pulls now. */
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan WHERE station_id ="
                             " 'bbbb000000000001'"),
               1);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan WHERE station_id ="
                             " 'aaaa000000000001'"),
               0);
    pq_int(a, "COMMIT", NULL);
    /* The trap: desk 1's row took the smaller number, so "everything
     * after the highest number seen" would never bring it. */
    EXPECT_INT(pgserver_int(hub, "SELECT ((SELECT hub_seq FROM checkin.scan "
                                 "WHERE station_id = 'aaaa000000000001') < "
                                 "(SELECT hub_seq FROM checkin.scan WHERE "
                                 "station_id = 'bbbb000000000001'))::int"),
               1);
    const char *said = run(0, "sync '%s'", door);
    EXPECT_CONTAINS(said, "received 1 scan");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan WHERE station_id ="
                             " 'aaaa000000000001'"),
               1);
    PQfinish(a);
    PQfinish(b);
}

/* Journal rows of desk 1 copied into desk 2's file (a copy of another
 * station's journal) are refused by the hub, nothing of the batch sent;
 * desk 2's own rows go through once the copied ones are gone. */
static void rows_of_another_stations_run_are_refused(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "claim", &ev, &hub, "desk-1", "desk",
                               "claim-1.db", &d1, "desk-2", "desk",
                               "claim-2.db", &d2, NULL));
    free(scan(d1, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48243"))));
    run(0, "sync '%s'", d1);
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", secret_of(ev, "48275"))));
    EXPECT_INT(tu_sh("sqlite3 '%s' \"ATTACH '%s' AS o; INSERT INTO scan "
                     "SELECT * FROM o.scan\"",
                     d2, d1),
               0);
    const char *said = run(1, "sync '%s'", d2);
    EXPECT_CONTAINS(said, "journal rows another station already sent");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
}

/* ---- what the hub lets each station do ---- */

/* A sponsor's booth, with its own credentials, reads no registration and
 * no badge, writes no registration and no other sponsor's lead; a desk
 * reads the registrations.  Its own leads go through. */
static void a_booth_reads_no_attendee_and_writes_only_its_leads(void)
{
    struct hubfix f;
    const char *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "booth", &ev, NULL, "desk-1", "desk",
                               "rls-desk.db", &desk, "booth-1",
                               "leads:datawise", "rls-booth.db", &booth, NULL));
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM badge"), 0);
    /* A badge issued at the desk, scanned at the booth. */
    run(0,
        "print '%s' 48243 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        desk, tu_path("event.key"), tu_path("rls-labels.bin"));
    run(0, "sync '%s'", desk);
    const char *said =
        run(0, "issue --key '%s' '%s' 48243", tu_path("event.key"), desk);
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    SCAN_SAYS(booth, "--station leads:datawise --name booth-1",
              tu_format("%.*s\n", (int)strcspn(ck, "\n"), ck), "lead");
    said = run(0, "sync '%s'", booth);
    EXPECT_CONTAINS(said, "sent 1 scan, 1 lead");
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM badge"), 0);
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "1 lead");

    PGconn *c = connect_as_station(booth);
    char state[6];
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.badge", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE mode ="
                      " 'desk'",
                      NULL),
               0);
    EXPECT_INT(pq_int(c,
                      "INSERT INTO checkin.registration (ticket_id, status)"
                      " SELECT ticket_id, status FROM checkin.registration",
                      state),
               -1);
    EXPECT_STR(state, "42501"); /* insufficient privilege */
    EXPECT_INT(
        pq_int(c, "UPDATE checkin.lead SET sponsor_slug = 'pyladies'", state),
        -1);
    EXPECT_STR(state, "42501");
    /* A lead for another sponsor, under the booth's own journal run. */
    EXPECT_INT(
        pq_int(c,
               "INSERT INTO checkin.lead (station_id, seq, station_uid,"
               " station, sponsor_slug, badge_id, at_ms, note, version) SELECT"
               " station_id, 99, station_uid, 'booth-1', 'pythonic-cloud',"
               " badge_id, 1, '', 0 FROM checkin.lead LIMIT 1",
               state),
        -1);
    EXPECT_STR(state, "42501"); /* the row-level security policy */
    PQfinish(c);
    c = connect_as_station(desk);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.lead", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "UPDATE checkin.registration SET status = "
                      "'cancelled'",
                      state),
               -1);
    EXPECT_STR(state, "42501");
    PQfinish(c);
}

/* A badge code of `ticket` issued at `desk` (its first, synced later). */
static void issue_code(const char *desk, const char *ticket, char *code,
                       size_t cap)
{
    const char *said =
        run(0, "issue --key '%s' '%s' %s", tu_path("event.key"), desk, ticket);
    const char *ck = strstr(said, "CK");
    if (!ck)
        TU_FAIL_AT("no code in: %s", said);
    snprintf(code, cap, "%.*s", (int)strcspn(ck, "\n"), ck);
}

/* `checkin export DB leads --format json`, parsed (stdout only). */
static json_t *booth_export(const char *db)
{
    char args[4096];
    snprintf(args, sizeof(args), "export '%s' leads --format json", db);
    const char *out, *err;
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("checkin %s: %s%s", args, out, err);
    json_error_t je;
    json_t *root = json_loads(out, 0, &je);
    if (!root)
        TU_FAIL_AT("checkin %s printed no JSON: %s", args, out);
    return root;
}

/* Two booths of one sponsor and one of another.  A booth's export, read
 * through the hub, lists its sponsor's leads from both its booths, one
 * row per attendee; contact details only of the attendee
 * who agreed (Olivia), the other (Jean-Luc) counted; nothing of the other
 * sponsor's lead. */
static void a_booth_exports_its_sponsors_consenting_leads_through_the_hub(void)
{
    struct hubfix f;
    const char *desk, *b1, *b2, *other;
    REQUIRE(hubfix_enrolled_as(
        &f, "boothexport", NULL, NULL, "desk-1", "desk", "bx-desk.db", &desk,
        "booth-1", "leads:datawise", "bx-1.db", &b1, "booth-2",
        "leads:datawise", "bx-2.db", &b2, "booth-9", "leads:pythonic-cloud",
        "bx-9.db", &other, NULL));
    char olivia[256], jeanluc[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));   /* consents */
    issue_code(desk, "48275", jeanluc, sizeof(jeanluc)); /* does not */
    run(0, "sync '%s'", desk);

    free(scan(b1, "--station leads:datawise --name booth-1",
              tu_format("%s\n4 wants a demo\n%s\n", olivia, jeanluc)));
    free(scan(b2, "--station leads:datawise --name booth-2",
              tu_format("%s\n5 hiring, send the job ad\n", olivia)));
    free(scan(other, "--station leads:pythonic-cloud --name booth-9",
              tu_format("%s\n3 other sponsor's note\n", olivia)));
    run(0, "sync '%s'", b2);
    run(0, "sync '%s'", other);

    /* booth-1 has not synced: the export sends its leads first. */
    run(0, "export '%s' leads --out '%s'", b1, tu_path("bx.csv"));
    char *csv = tu_read_file(tu_path("bx.csv"), NULL);
    REQUIRE(csv != NULL);
    EXPECT_CONTAINS(csv, "at,station,note,rating,given_name,family_name,"
                         "badge_name,email,company,tags\r\n");
    EXPECT_CONTAINS(csv, ",booth-1,,,Olivia,Hartley-Whitmore,");
    EXPECT_CONTAINS(csv, "olivia.hw@example.com,Meridian Health Informatics");
    EXPECT_TRUE(strstr(csv, "Jean-Luc") == NULL);
    EXPECT_TRUE(strstr(csv, "other sponsor") == NULL);
    int lines = 0;
    for (const char *p = csv; (p = strchr(p, '\n')); p++)
        lines++;
    EXPECT_INT(lines, 2);
    free(csv);

    /* The same from the other booth, as JSON, and the counts. */
    json_t *root = booth_export(b2);
    EXPECT_STR(json_string_value(json_object_get(root, "sponsor")), "datawise");
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 1);
    json_t *leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    json_t *l0 = json_array_get(leads, 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "email")),
               "olivia.hw@example.com");
    /* In the event's zone (Los Angeles), with its offset, as the event's
     * own export writes it. */
    const char *at = json_string_value(json_object_get(l0, "at"));
    size_t alen = at ? strlen(at) : 0;
    EXPECT_TRUE(alen == 29 && (!strcmp(at + alen - 6, "-07:00") ||
                               !strcmp(at + alen - 6, "-08:00")));
    json_decref(root);

    /* The other sponsor's booth sees its own lead only. */
    root = booth_export(other);
    leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 0);
    json_decref(root);

    /* Not another sponsor's, and not at a desk. */
    const char *out = run(1, "export '%s' leads --sponsor pythonic-cloud", b1);
    EXPECT_CONTAINS(out, "exports only datawise's leads");
    PGconn *c = connect_as_station(desk);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.sponsor_leads()", NULL),
               0);
    char state[6];
    EXPECT_INT(
        pq_int(c, "SELECT count(*) FROM checkin.sponsor_leads_near()", state),
        -1);
    EXPECT_STR(state, "42501"); /* only the two exports are granted */
    PQfinish(c);
}

/* At a booth (`file`, station `name` of datawise): record a lead for
 * `code`, or with `seq` > 0 edit that lead, and save its note and rating
 * as the booth's screens do (station_lead_note).  The lead's seq. */
static int64_t booth_note(const char *file, const char *name, const char *code,
                          int64_t seq, const char *note, int rating)
{
    store *s;
    station *st = NULL;
    struct ck_error err = {0};
    struct station_config cfg = {.mode = SCAN_LEADS,
                                 .target = "datawise",
                                 .name = name,
                                 .open_before_ms = -1};
    if (store_open(file, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("%s", err.msg);
        return -1;
    }
    int code_rc = station_open(s, &cfg, &st, &err);
    struct station_result r;
    if (!code_rc && seq <= 0) {
        code_rc = station_scan(st, (const uint8_t *)code, strlen(code),
                               store_now_ms(), &r, &err);
        keep_result(&r);
        if (!code_rc) {
            EXPECT_STR(station_reason_token(r.reason), "lead");
            seq = r.seq;
        }
    }
    if (!code_rc)
        code_rc = station_lead_note(st, seq, note, rating, &err);
    if (code_rc)
        TU_FAIL_AT("the booth: %s", err.msg);
    station_free(st);
    store_close(s);
    return seq;
}

/* Notes and ratings typed at two booths of one sponsor reach the hub and
 * the booth's export: every note, the best rating; a note edited later
 * replaces the earlier text on the hub (newest edit wins). */
static void notes_and_ratings_typed_at_booths_reach_the_export(void)
{
    struct hubfix f;
    const char *hub, *desk, *b1, *b2;
    REQUIRE(hubfix_enrolled_as(&f, "notes", NULL, &hub, "desk-1", "desk",
                               "notes-desk.db", &desk, "booth-1",
                               "leads:datawise", "notes-1.db", &b1, "booth-2",
                               "leads:datawise", "notes-2.db", &b2, NULL));
    char olivia[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    int64_t seq = booth_note(b1, "booth-1", olivia, 0, "wants a demo", 4);
    run(0, "sync '%s'", b1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " note = 'wants a demo' AND rating = 4"),
               1);
    booth_note(b2, "booth-2", olivia, 0, "hiring, send the job ad", 5);

    json_t *root = booth_export(b2); /* sends booth-2's lead first */
    json_t *leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    json_t *l0 = json_array_get(leads, 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "note")),
               "wants a demo; hiring, send the job ad");
    EXPECT_INT(json_integer_value(json_object_get(l0, "rating")), 5);
    json_decref(root);

    /* booth-1 edits its note: the hub holds the newer text only. */
    booth_note(b1, "booth-1", NULL, seq, "wants a demo for 12 people", 3);
    const char *said = run(0, "sync '%s'", b1);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'booth-1'"),
               1);
    root = booth_export(b1);
    l0 = json_array_get(json_object_get(root, "leads"), 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "note")),
               "wants a demo for 12 people; hiring, send the job ad");
    EXPECT_INT(json_integer_value(json_object_get(l0, "rating")), 5);
    json_decref(root);
}

/* ---- the expo hall at the hub (hub format 12) ---- */

/* At the expo station file `file` (enrolled as `name`): the booth of
 * `sponsor` reads `code` and saves a note, a rating and tags on the lead
 * as a sponsor's phone does (station_expo_edit).  The lead's seq. */
static int64_t expo_lead(const char *file, const char *name,
                         const char *sponsor, const char *code,
                         const char *note, int rating, const char *const *tags,
                         size_t ntags)
{
    store *s;
    station *st = NULL;
    struct ck_error err = {0};
    struct station_config cfg = {.name = name, .open_before_ms = -1};
    if (store_open(file, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("%s", err.msg);
        return -1;
    }
    int rc = station_parse_spec("expo", &cfg, &err);
    if (!rc)
        rc = station_open(s, &cfg, &st, &err);
    struct station_result r = {0};
    bool fresh = false;
    if (!rc)
        rc = station_expo_present(st, sponsor, (const uint8_t *)code,
                                  strlen(code), station_source_now(st), &fresh,
                                  &r, &err);
    keep_result(&r);
    if (!rc && (!fresh || strcmp(station_reason_token(r.reason), "lead")))
        TU_FAIL_AT("the booth of %s decided %s, not a new lead", sponsor,
                   station_reason_token(r.reason));
    int64_t seq = r.lead_seq;
    if (!rc)
        rc = station_expo_edit(st, sponsor, seq, note, rating, tags, ntags,
                               &err);
    if (rc)
        TU_FAIL_AT("the expo station: %s", err.msg);
    station_free(st);
    store_close(s);
    return seq;
}

/* An expo station enrolled at the hub: each booth's leads (note, rating,
 * tags) go up under the booth's sponsor and the organizer and that
 * sponsor's export take them as a leads:SPONSOR station's; another
 * sponsor sees none; two expo stations' leads for one booth both arrive;
 * a lead for a booth the organizer took off is refused in one sentence
 * and nothing of that push is stored. */
static void an_expo_stations_booths_leads_reach_their_sponsors(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *hall, *annex, *a, *b;
    REQUIRE(hubfix_enrolled_as(
        &f, "expohub", &ev, &hub, "desk-1", "desk", "xh-desk.db", &desk,
        "expo-hall", "expo", "xh-hall.db", &hall, "expo-annex", "expo",
        "xh-annex.db", &annex, "booth-a", "leads:datawise", "xh-a.db", &a,
        "booth-b", "leads:pythonic-cloud", "xh-b.db", &b, NULL));
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    /* Every sponsor of the event is a booth of each expo station. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.expo_booth b"
                                 " JOIN checkin.station s ON s.uid ="
                                 " b.station_uid WHERE s.name = 'expo-hall'"),
               sql_int(ev, "SELECT count(*) FROM sponsor"));
    /* No attendee and no badge in the file, as a booth's. */
    EXPECT_INT(sql_int(hall, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(sql_int(hall, "SELECT count(*) FROM badge"), 0);
    char olivia[256], jeanluc[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));   /* consents */
    issue_code(desk, "48275", jeanluc, sizeof(jeanluc)); /* does not */
    run(0, "sync '%s'", desk);

    /* The enrolled file runs as the expo station, and as nothing else. */
    char *out = scan(hall, "--station expo", "\n");
    free(out);
    const char *said, *e;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station leads:datawise "
                                       "--keyboard --json --offline",
                                       hall),
                             "", &said, &e),
               1);
    EXPECT_CONTAINS(e, "run it with --station expo");

    const char *tags[] = {"hiring", "demo"};
    expo_lead(hall, "expo-hall", "datawise", olivia, "wants a demo", 4, tags,
              2);
    expo_lead(hall, "expo-hall", "datawise", jeanluc, "no consent", 2, NULL, 0);
    said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "2 leads");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'expo-hall' AND sponsor_slug ="
                                 " 'datawise' AND note = 'wants a demo' AND"
                                 " rating = 4 AND tags = E'hiring\\ndemo'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'expo-hall' AND mode = 'leads'"
                                 " AND target = 'datawise'"),
               2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);

    /* Sponsor A's export through the hub: the consenting attendee's
     * details and the lead's tags; the other lead only counted. */
    json_t *root = booth_export(a);
    json_t *leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    json_t *l0 = json_array_get(leads, 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "email")),
               "olivia.hw@example.com");
    EXPECT_STR(json_string_value(json_object_get(l0, "station")), "expo-hall");
    EXPECT_STR(json_string_value(json_object_get(l0, "note")), "wants a demo");
    EXPECT_STR(json_string_value(json_object_get(l0, "tags")), "demo; hiring");
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 1);
    json_decref(root);
    /* Sponsor B sees none of it. */
    root = booth_export(b);
    EXPECT_INT(json_array_size(json_object_get(root, "leads")), 0);
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 0);
    json_decref(root);

    /* A second expo station's lead for the same booth arrives too. */
    const char *more[] = {"follow-up"};
    expo_lead(annex, "expo-annex", "datawise", olivia, "met the CTO", 5, more,
              1);
    said = run(0, "sync '%s'", annex);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'datawise' AND badge_id IS"
                                 " NOT NULL AND station IN ('expo-hall',"
                                 " 'expo-annex')"),
               3);
    root = booth_export(a);
    l0 = json_array_get(json_object_get(root, "leads"), 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "note")),
               "met the CTO; wants a demo");
    EXPECT_INT(json_integer_value(json_object_get(l0, "rating")), 5);
    EXPECT_STR(json_string_value(json_object_get(l0, "tags")),
               "demo; follow-up; hiring");
    json_decref(root);

    /* The organizer's own export, after its pull, as for any booth. */
    run(0, "sync '%s'", ev);
    said = run(0, "export '%s' leads --sponsor datawise", ev);
    EXPECT_CONTAINS(said, "Olivia");
    EXPECT_CONTAINS(said, "demo; follow-up; hiring");
    EXPECT_NOT_CONTAINS(said, "Jean-Luc");

    /* The organizer takes nimbus-data off the hall.  A nimbus-data lead
     * made before the station learned it waits in the file, set aside
     * from the push and named; the serpent-systems lead made after it
     * goes up (each booth writes under a run of its own, so the hub takes
     * it in order). */
    said = run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    EXPECT_CONTAINS(said, "refuses sponsor nimbus-data's leads");
    said = run(1, "hub expo-booth '%s' expo-hall no-such-sponsor", ev);
    EXPECT_CONTAINS(said, "There is no sponsor 'no-such-sponsor'");
    EXPECT_CONTAINS(said, "its sponsors are: blue-heron-bank, datawise,");
    {
        /* Both in one run of the station, nimbus-data's first. */
        store *s = NULL;
        station *st = NULL;
        struct ck_error err = {0};
        struct station_config cfg = {.name = "expo-hall", .open_before_ms = -1};
        struct station_result r = {0};
        bool fresh = false;
        REQUIRE(!store_open(hall, STORE_EXISTING, &s, &err));
        REQUIRE(!station_parse_spec("expo", &cfg, &err));
        REQUIRE(!station_open(s, &cfg, &st, &err));
        const char *booths[] = {"nimbus-data", "serpent-systems"};
        for (int i = 0; i < 2; i++) {
            EXPECT_INT(
                station_expo_present(st, booths[i], (const uint8_t *)olivia,
                                     strlen(olivia), station_source_now(st),
                                     &fresh, &r, &err),
                CK_OK);
            keep_result(&r);
            EXPECT_STR(station_reason_token(r.reason), "lead");
            if (i == 0)
                EXPECT_INT(station_expo_edit(st, booths[i], r.lead_seq,
                                             "cloud talk", 3, NULL, 0, &err),
                           CK_OK);
        }
        station_free(st);
        store_close(s);
    }
    said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "1 lead of booths the organizer closed at the hub"
                          " (nimbus-data) waits in this file, not sent");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'expo-hall'"),
               3);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'expo-hall' AND sponsor_slug ="
                                 " 'serpent-systems'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data'"),
               0);
    /* Learned: the booth refuses a code at once, recording nothing. */
    {
        store *s = NULL;
        station *st = NULL;
        struct ck_error err = {0};
        struct station_config cfg = {.name = "expo-hall", .open_before_ms = -1};
        struct station_result r = {0};
        bool fresh = false;
        REQUIRE(!store_open(hall, STORE_EXISTING, &s, &err));
        REQUIRE(!station_parse_spec("expo", &cfg, &err));
        REQUIRE(!station_open(s, &cfg, &st, &err));
        EXPECT_INT(station_expo_present(st, "nimbus-data",
                                        (const uint8_t *)jeanluc,
                                        strlen(jeanluc), station_source_now(st),
                                        &fresh, &r, &err),
                   CK_EINVAL);
        EXPECT_STR(err.msg, "This booth was closed by the organizer; ask at"
                            " the registration desk.");
        station_free(st);
        store_close(s);
    }
    EXPECT_INT(sql_int(hall, "SELECT count(*) FROM lead WHERE sponsor_slug ="
                             " 'nimbus-data'"),
               1);
    /* With its own credentials it reads no attendee nor badge, and may
     * not move a lead to a booth it does not have. */
    PGconn *c = connect_as_station(hall);
    char state[6];
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.badge", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "INSERT INTO checkin.lead (station_id, seq,"
                      " station_uid, station, sponsor_slug, badge_id, at_ms,"
                      " note, version) SELECT station_id, 99, station_uid,"
                      " station, 'nimbus-data', badge_id, at_ms, '', 1 FROM"
                      " checkin.lead WHERE station = 'expo-hall' LIMIT 1"
                      " RETURNING 1",
                      state),
               -1);
    EXPECT_STR(state, "CK001");
    PQfinish(c);
    /* Back on: the lead set aside goes up, and nothing waits. */
    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_NOT_CONTAINS(said, "closed at the hub");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'expo-hall' AND sponsor_slug ="
                                 " 'nimbus-data' AND note = 'cloud talk'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'expo-hall'"),
               4);

    /* A sponsor added to the event later is a booth of both halls. */
    const char *ini = tu_path("xh-event.ini");
    if (tu_sh("{ cat '%s/demo/event.ini'; printf '\n[sponsor acme-late]\n"
              "name = Acme Late\n'; } > '%s'",
              CONFIG_DIR, ini))
        TU_FAIL_AT("could not write %s", ini);
    run(0, "event '%s' '%s'", ev, ini);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.expo_booth"
                                 " WHERE sponsor = 'acme-late' AND"
                                 " removed_ms IS NULL"),
               2);
    run(0, "sync '%s'", annex);
    expo_lead(annex, "expo-annex", "acme-late", olivia, "", 0, NULL, 0);
    said = run(0, "sync '%s'", annex);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'acme-late'"),
               1);
}

/* A booth of the checkin before format 12 at a format 12 hub: its push
 * of a lead (the statement that checkin sends, without tags) is taken
 * and keeps the tags the hub holds, and its export (sponsor_leads() by
 * its columns of format 11) still works. */
static void a_format_11_booth_works_at_a_format_12_hub(void)
{
    struct hubfix f;
    const char *hub, *desk, *hall, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "oldbooth", NULL, &hub, "desk-1", "desk",
                               "ob-desk.db", &desk, "expo-hall", "expo",
                               "ob-hall.db", &hall, "booth-1", "leads:datawise",
                               "ob-1.db", &booth, NULL));
    char olivia[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    const char *tags[] = {"hiring"};
    expo_lead(hall, "expo-hall", "datawise", olivia, "first", 3, tags, 1);
    run(0, "sync '%s'", hall);
    int64_t seq = booth_note(booth, "booth-1", olivia, 0, "older", 2);
    PGconn *c = connect_as_station(booth);
    /* What a format 11 checkin sends for that lead (sync/push.c before
     * format 12): no tags. */
    char sid[64];
    snprintf(sid, sizeof(sid), "%s",
             sql_text(booth, "SELECT station_id FROM lead LIMIT 1"));
    EXPECT_INT(
        pq_int(
            c,
            tu_format(
                "WITH c AS (INSERT INTO checkin.run (station_id, station_uid)"
                " SELECT '%s', checkin.me_uid() ON CONFLICT DO NOTHING),"
                " x AS (SELECT * FROM "
                "jsonb_to_recordset('[{\"station_id\":\"%s\","
                "\"station\":\"booth-1\",\"seq\":%lld,\"sponsor\":\"datawise\","
                "\"badge\":\"%s\",\"at_ms\":%lld,\"note\":\"older\",\"rating\":"
                "2,"
                "\"version\":1}]') AS x(station_id text, station text, seq "
                "bigint,"
                " sponsor text, badge text, at_ms bigint, note text, rating "
                "int,"
                " version bigint)),"
                " up AS (INSERT INTO checkin.lead AS l (station_id, seq,"
                " station_uid, station, sponsor_slug, badge_id, at_ms, note,"
                " rating, version) SELECT station_id, seq, checkin.me_uid(),"
                " station, sponsor, decode(badge, 'hex'), at_ms, note, rating,"
                " version FROM x ON CONFLICT (station_id, seq) DO UPDATE"
                " SET note = excluded.note, rating = excluded.rating,"
                " version = excluded.version WHERE excluded.version >"
                " l.version RETURNING 1)"
                " SELECT count(*) FROM up",
                sid, sid, (long long)seq,
                sql_text(booth,
                         "SELECT lower(hex(badge_id)) FROM lead LIMIT 1"),
                sql_int(booth, "SELECT at_ms FROM lead LIMIT 1")),
            NULL),
        1);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.sponsor_leads() WHERE"
                      " note = 'older; first' AND rating = 3 AND email ="
                      " 'olivia.hw@example.com'",
                      NULL),
               1);
    PQfinish(c);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " tags = 'hiring'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'booth-1' AND tags = ''"),
               1);
}

/* An order paid after its badge was printed (a supervisor's override at
 * the desk, paid in cash there): the revocation the desk sent while the
 * order was pending is lifted by the organizer's import of the payment,
 * and the sponsors' booths take the badge again.  A reprint revokes the
 * old badge again.  Each revocation is sent once. */
static void a_revocation_is_lifted_once_the_order_is_paid(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "lift", &ev, &hub, "desk-1", "desk", "lift-desk.db", &desk,
        "booth-1", "leads:datawise", "lift-booth.db", &booth, NULL));
    char emily[256], codes[600];
    issue_code(desk, "49042", emily, sizeof(emily)); /* Emily: pending */
    const char *said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "1 revoked badge");
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "revoked");
    run(0, "sync '%s'", ev); /* the organizer learns of the badge */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NULL"),
               1);
    run(0, "sync '%s'", booth);
    snprintf(codes, sizeof(codes), "%s\n", emily);
    char *out = scan(booth, "--station leads:datawise --name booth-1", codes);
    EXPECT_CONTAINS(out, "\"decision\":\"deny\"");
    free(out);

    /* The payment, imported on the organizer's laptop, publishes itself. */
    const char *csv = tu_path("lift-paid.csv");
    if (tu_sh("{ head -n 1 '%s/demo/registrations.csv'; tr -d '\\r' < "
              "'%s/demo/registrations.csv' | grep ',49042$' | sed "
              "'s/,pending,/,paid,/'; } > "
              "'%s'",
              CONFIG_DIR, CONFIG_DIR, csv))
        TU_FAIL_AT("could not write %s", csv);
    said = run(0, "import '%s' '%s'", ev, csv);
    EXPECT_CONTAINS(said, "1 badge valid again");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NOT NULL"),
               1);
    said = run(0, "sync '%s'", booth);
    EXPECT_CONTAINS(said, "1 badge valid again");
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM revoked_badge"), 0);
    SCAN_SAYS(booth, "--station leads:datawise --name booth-1", codes, "lead");
    /* The desk takes the payment and sends nothing back; its record of
     * what it sent forgets the badge. */
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "revoked");
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "revoked");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM revoked_badge"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NULL"),
               0);

    /* A lost badge reprinted: the old one is revoked again, everywhere. */
    said =
        run(0, "issue --new --key '%s' '%s' 49042", tu_path("event.key"), desk);
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    char second[256];
    snprintf(second, sizeof(second), "%.*s", (int)strcspn(ck, "\n"), ck);
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "1 revoked badge");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NULL"),
               1);
    said = run(0, "sync '%s'", ev);
    EXPECT_NOT_CONTAINS(said, "valid again");
    run(0, "sync '%s'", booth);
    out = scan(booth, "--station leads:datawise --name booth-1", codes);
    EXPECT_CONTAINS(out, "\"decision\":\"deny\"");
    free(out);
    SCAN_SAYS(booth, "--station leads:datawise --name booth-1",
              tu_format("%s\n", second), "lead");
}

/* ---- live stations (sync_worker.h) ---- */

struct want_link {
    bool online;
    long to_send; /* -1: any */
};

static bool is_link(json_t *o, const void *arg)
{
    const struct want_link *w = arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           json_is_true(json_object_get(o, "online")) == w->online &&
           (w->to_send < 0 ||
            json_integer_value(json_object_get(o, "to_send")) == w->to_send);
}

/* Wait up to `ms` for the station to say it is (not) in step, with
 * `to_send` check-ins left (-1: any number); the line it printed. */
static bool wait_link(struct live *st, bool online, long to_send, int ms)
{
    struct want_link w = {online, to_send};
    json_t *o = live_next(st, ms, is_link, &w);
    if (!o) {
        TU_FAIL_AT("the station did not say it is %s with %ld to send "
                   "within %d s",
                   online ? "online" : "offline", to_send, ms / 1000);
        return false;
    }
    printf("# %s\n", live_str(o, "text"));
    json_decref(o);
    return true;
}

/* desk-1 started on `db` (live_start) and in step with its hub, nothing
 * to send (wait_link): where the cases that cut its hub off begin.  false,
 * a failure recorded, when it did not start or say so. */
static bool desk_1_in_step(struct live *a, const char *db)
{
    if (live_start(a, "", db, "--station desk --name desk-1") != 0) {
        TU_FAIL_AT("desk-1 on %s did not start", db);
        return false;
    }
    return wait_link(a, true, 0, 20000);
}

/* Scan `code` at the running station `st` and expect member `key` of
 * its decision to be `want`. */
static void scan_expect(struct live *st, const char *code, const char *key,
                        const char *want)
{
    json_t *d = live_scan(st, code);
    if (d)
        EXPECT_STR(live_str(d, key), want);
    json_decref(d);
}

/* Wait up to 20 s until `sql` on `db` counts at least `n`. */
static void wait_count(const char *db, const char *sql, long long n)
{
    int64_t t0 = tu_mono_ms();
    while (sql_int(db, sql) < n && tu_mono_ms() - t0 < 20000)
        usleep(5000);
    EXPECT_INT(sql_int(db, sql), n);
}

/* The badge name of the registration whose secret is `secret` (lives as
 * sql_text's). */
static const char *badge_name_of(const char *db, const char *secret)
{
    return sql_text(db, tu_format("SELECT a.badge_name FROM attendee a JOIN"
                                  " ticket_secret s ON s.attendee_id = a.id"
                                  " WHERE s.secret = '%s'",
                                  secret));
}

/* The `n`th paid attendee's live secret (ordered by ticket). */
static const char *nth_secret(const char *db, int n)
{
    return sql_text(
        db, tu_format(
                "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
                " s.attendee_id WHERE a.status = 'paid' AND a.testmode = 0 AND"
                " s.revoked = 0 ORDER BY a.ticket_id LIMIT 1 OFFSET %d",
                n));
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Two desks running at once, syncing live: each check-in at desk 1
 * reaches desk 2's own file by itself, and desk 2 then says where and
 * when the person was checked in.  The time from desk 1 showing the
 * decision to the row being in desk 2's file is printed (the benchmark in
 * bench/ measures it properly). */
static void running_desks_see_each_others_check_ins(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "livedesks", &ev, &hub, "desk-1", "desk",
                               "livedesks-1.db", &d1, "desk-2", "desk",
                               "livedesks-2.db", &d2, NULL));
    struct live a, b;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, "", d2, "--station desk --name desk-2") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    enum { N = 12 };
    long long took[N];
    for (int i = 0; i < N; i++) {
        scan_expect(&a, tu_format("%s", nth_secret(ev, i)), "reason",
                    "checked-in");
        int64_t t0 = tu_mono_ms();
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "SELECT count(*) FROM scan WHERE station = 'desk-1'");
        while (sql_int(d2, sql) < i + 1 && tu_mono_ms() - t0 < 20000)
            usleep(2000);
        took[i] = tu_mono_ms() - t0;
        EXPECT_INT(sql_int(d2, sql), i + 1);
    }
    qsort(took, N, sizeof(took[0]), cmp_ll);
    printf("# desk-1 to desk-2's file: median %lld ms, slowest %lld ms "
           "(%d check-ins)\n",
           took[N / 2], took[N - 1], N);
    /* Desk 2 now refuses each of them, saying where. */
    json_t *d = live_scan(&b, nth_secret(ev, N - 1));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "reason"), "already-checked-in");
    EXPECT_CONTAINS(live_str(d, "reason_text"), "desk-1");
    json_decref(d);
    /* ... and desk 1 receives that refusal in turn: both files, and the
     * hub, hold the same journal. */
    wait_count(d1, "SELECT count(*) FROM scan WHERE station = 'desk-2'", 1);
    /* Both running: the organizer sees them live. */
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "desk-1");
    EXPECT_NOT_CONTAINS(said, "offline");
    EXPECT_CONTAINS(said, " live ");
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
    keys_equal(hub, d1);
    keys_equal(hub, d2);
}

/* The full-screen desk's header counts every desk's check-ins: two
 * checked in at desk 2 reach desk 1 through the hub, and desk 1's
 * "Checked in: N" says them without a scan of its own (issue 30). */
static void a_desks_header_counts_check_ins_pulled_from_the_hub(void)
{
    if (!tu_tmux_available())
        TU_SKIP("tmux is not installed");
    const char *hub;
    const char *ev = published_event("hdrcount", &hub);
    char d1[4096], d2[4096];
    snprintf(d1, sizeof(d1), "%s",
             add_station(ev, "desk-1", "desk", "hdrcount-1.db"));
    snprintf(d2, sizeof(d2), "%s",
             add_station(ev, "desk-2", "desk", "hdrcount-2.db"));
    tu_tmux_station(d1, "--station desk --name desk-1");
    free(tu_tmux_wait_for("Checked in: 0", "In step with the hub"));
    struct live b;
    REQUIRE(live_start(&b, "", d2, "--station desk --name desk-2") == 0);
    REQUIRE(wait_link(&b, true, 0, 20000));
    scan_expect(&b, tu_format("%s", nth_secret(ev, 0)), "reason", "checked-in");
    scan_expect(&b, tu_format("%s", nth_secret(ev, 1)), "reason", "checked-in");
    char *s = tu_tmux_wait_for("Checked in: 2");
    tu_tmux_show("desk-1 after desk-2's check-ins", s);
    free(s);
    tu_tmux_quit();
    tu_tmux_stop();
    EXPECT_INT(live_stop(&b), 0);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-2' AND decision = 'admit'"),
               2);
}

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

/* A late registration and a cancellation imported on the organizer's
 * laptop while a desk runs: the import publishes, the hub wakes the
 * desk, and the desk admits the one and refuses the other. */
static void a_late_registration_is_admitted_at_a_running_desk(void)
{
    struct hubfix f;
    const char *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "latereg", &ev, NULL, "desk-1", "desk",
                               "latereg-1.db", &d1, NULL));
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    char cancelled[128];
    snprintf(cancelled, sizeof(cancelled), "%s", secret_of(ev, "48243"));
    const char *said = import_rows(
        ev, "late.csv",
        "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,,1,"
        "late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n"
        "NTBWU,cancelled,,olivia.hw@example.com,individual,"
        "Hartley-Whitmore,Olivia,they/them,Meridian Health Informatics,2XL,"
        ",1,xkb346zeaty3cvp6ghfc8fsz2wuhkq4h,48243\n");
    EXPECT_CONTAINS(said, "1 added");
    int64_t t0 = tu_mono_ms();
    wait_count(d1, "SELECT count(*) FROM attendee WHERE ticket_id = '59999'",
               1);
    printf("# the late registration reached the running desk in %lld ms\n",
           (long long)(tu_mono_ms() - t0));
    scan_expect(&a, "late7reg2x8q4wz6m3n5p9k2h4j6t8v2", "reason", "checked-in");
    scan_expect(&a, cancelled, "decision", "deny");
    EXPECT_INT(live_stop(&a), 0);
}

/* The `n`th paid secret of someone who bought the pandas tutorial. */
static const char *pandas_secret(const char *db, int n)
{
    return hubfix_pandas(db, n);
}

/* Two doors of one room, running at once: the room's capacity holds
 * across them, because each door counts the other's admissions as soon
 * as they arrive. */
static void a_rooms_capacity_holds_across_its_doors(void)
{
    struct hubfix f;
    const char *ev, *da, *db;
    REQUIRE(hubfix_enrolled_as(&f, "doors", &ev, NULL, "door-a",
                               "door:pandas-intro", "da.db", &da, "door-b",
                               "door:pandas-intro", "db.db", &db, NULL));
    struct live a, b;
#define DOOR_ARGS                                                              \
    "--station door:pandas-intro --capacity 2 --clock '2027-05-12 09:05' "     \
    "--name "
    const char *aa = DOOR_ARGS "door-a", *ba = DOOR_ARGS "door-b";
#undef DOOR_ARGS
    REQUIRE(live_start(&a, "", da, aa) == 0);
    REQUIRE(live_start(&b, "", db, ba) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    for (int i = 0; i < 2; i++) {
        scan_expect(&a, pandas_secret(ev, i), "reason", "entered");
    }
    wait_count(db, "SELECT count(*) FROM scan WHERE station = 'door-a'", 2);
    json_t *d = live_scan(&b, pandas_secret(ev, 2));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "decision"), "deny");
    EXPECT_INT(json_integer_value(
                   json_object_get(json_object_get(d, "counters"), "inside")),
               2);
    json_decref(d);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* A desk's power is cut (SIGKILL) at moments spread over its sync; it
 * starts again on the same file and sends what it had not: the hub ends
 * with every row once. */
static void a_desk_killed_mid_sync_loses_and_doubles_nothing(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "killed", &ev, &hub, "desk-1", "desk",
                               "killed-1.db", &d1, NULL));
    int next = 0;
    for (int round = 0; round < 6; round++) {
        struct live a;
        REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
        REQUIRE(wait_link(&a, true, -1, 20000));
        for (int i = 0; i < 3; i++) {
            json_t *d = live_scan(&a, nth_secret(ev, next++));
            REQUIRE(d != NULL);
            json_decref(d);
        }
        /* 0, 4, 8 ... 20 ms after the last decision: before, during and
         * after the push it started. */
        usleep((useconds_t)round * 4000);
        live_kill(&a);
    }
    struct live a;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    EXPECT_TRUE(wait_link(&a, true, 0, 20000));
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan"), next);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), next);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);
    keys_equal(hub, d1);
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

/* Wait up to 120 s until `sql` on `db` counts at least `n`, looking every
 * `poll_ms`; the count.  Each look opens the file: at 2 ms, a pull slowed
 * to 120 s by a loaded machine cost the test's own process seconds of
 * CPU. */
static long long wait_at_least(const char *db, const char *sql, long long n,
                               int poll_ms)
{
    int64_t t0 = tu_mono_ms();
    long long got;
    while ((got = sql_int(db, sql)) < n && tu_mono_ms() - t0 < 120000)
        usleep((useconds_t)poll_ms * 1000);
    return got;
}

/* A running desk's own sync worker writes a large pull from the hub
 * (another desk's journal, BIG_PULL rows) while the desk decides: the
 * decision goes in between two of the worker's transactions and is
 * recorded, never shown NOT RECORDED because its own worker held the
 * file (issue 32: two desks of twenty did, under load in CI).  The rows
 * reach the hub once the desk is up and in step, as a day of another
 * desk does: a pull at start would have ended within the 3 s a desk
 * waits for its first sync before it decides (station_runtime.c) on a
 * quick machine, and the decision come after it (CI, stop 45). */
static void a_desk_deciding_during_its_workers_large_pull_records_it(void)
{
    enum { BIG_PULL = 1500 };
    const char *hub;
    char ev[512], d1[512], d2[512];
    snprintf(ev, sizeof(ev), "%s", published_event("bigpull", &hub));
    snprintf(d1, sizeof(d1), "%s",
             add_station(ev, "desk-1", "desk", "bigpull-1.db"));
    snprintf(d2, sizeof(d2), "%s",
             add_station(ev, "desk-2", "desk", "bigpull-2.db"));
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 0))));
    run(0, "sync '%s'", d2);
    /* Each pulled row of desk-2's costs desk-1's file a few milliseconds
     * more (a join of 500 rows by 500 in a trigger of the test's, 2-4 ms
     * of CPU on the quiet machine): what a loaded machine under
     * AddressSanitizer made of the rows in CI, where 500 of them held the
     * file past the desk's second. */
    sql_write(d1, "CREATE TABLE slow_pad (x);"
                  "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                  " FROM n WHERE i < 500) INSERT INTO slow_pad SELECT i FROM n;"
                  "CREATE TRIGGER slow_pull AFTER INSERT ON scan WHEN"
                  " NEW.station = 'desk-2' BEGIN SELECT count(*) FROM"
                  " slow_pad a, slow_pad b; END;");
    struct live a;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    /* Up and in step: desk-2's one check-in is in the file. */
    const char *pulled = "SELECT count(*) FROM scan WHERE station = 'desk-2'";
    REQUIRE(wait_at_least(d1, pulled, 1, 20) == 1);
    /* desk-2's row BIG_PULL times more, written as the hub's owner with
     * the journal's vetting off for this one statement (it lets only a
     * station write its rows); its commit wakes the desk. */
    REQUIRE(
        pgserver_exec(
            hub,
            tu_format(
                "BEGIN; ALTER TABLE checkin.scan DISABLE TRIGGER vet;"
                "INSERT INTO checkin.scan SELECT (jsonb_populate_record(s,"
                " jsonb_build_object('seq', s.seq + g, 'at_ms', s.at_ms + "
                "g))).*"
                " FROM checkin.scan s, generate_series(1, %d) g WHERE s.station"
                " = 'desk-2';"
                "ALTER TABLE checkin.scan ENABLE TRIGGER vet; COMMIT",
                BIG_PULL)) == 0);
    /* The worker is writing the pull: its first rows are in the file. */
    REQUIRE(wait_at_least(d1, pulled, 2, 2) >= 2);
    json_t *d = live_scan(&a, nth_secret(ev, 1));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "decision"), "admit");
    if (!json_is_true(json_object_get(d, "recorded")))
        TU_FAIL_AT("the desk showed NOT RECORDED (%s) behind its own "
                   "worker's pull",
                   live_str(d, "record_error"));
    json_decref(d);
    /* The decision came while the pull was still writing, or the case
     * proved nothing. */
    long long then = sql_int(d1, pulled);
    printf("# %lld of %d pulled rows in the file at the decision\n", then,
           BIG_PULL + 1);
    EXPECT_TRUE(then < BIG_PULL + 1);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-1'"),
               1);
    int64_t t0 = tu_mono_ms();
    /* The rest is only waited for: a look every 50 ms. */
    EXPECT_INT(wait_at_least(d1, pulled, BIG_PULL + 1, 50), BIG_PULL + 1);
    printf("# the rest of the pull took %.1f s (%.2f ms a row)\n",
           (double)(tu_mono_ms() - t0) / 1000.0,
           (double)(tu_mono_ms() - t0) / (double)(BIG_PULL + 1 - then));
    EXPECT_INT(live_stop(&a), 0);
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

/* Count each station's syncs at `hub` (syncs_of): a trigger of the
 * test's on checkin.station, whose row a station's sync updates last (a
 * sync that pushed nothing and has nothing new to say leaves it when it
 * was written less than SYNC_SAY_MS ago). */
static void count_syncs(const char *hub)
{
    if (pgserver_exec(
            hub, "CREATE TABLE public.sync_count (name text PRIMARY KEY, n"
                 " bigint NOT NULL); CREATE FUNCTION public.count_sync()"
                 " RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$"
                 " BEGIN INSERT INTO public.sync_count VALUES (NEW.name, 1) ON"
                 " CONFLICT (name) DO UPDATE SET n = public.sync_count.n + 1;"
                 " RETURN NULL; END $$; CREATE TRIGGER count_sync AFTER UPDATE"
                 " ON checkin.station FOR EACH ROW EXECUTE FUNCTION"
                 " public.count_sync()"))
        TU_FAIL_AT("could not count the syncs at %s", hub);
}

/* The hub's count of complete syncs by station `name` (the test's trigger
 * on checkin.station, which every station sync updates last). */
static long long syncs_of(const char *hub, const char *name)
{
    return pgserver_int(
        hub, tu_format("SELECT coalesce((SELECT n FROM public.sync_count"
                       " WHERE name = '%s'), 0)",
                       name));
}

/* A booth's own credentials (its file's conninfo) send 2,000 NOTIFY
 * checkin, 'organizer' over about 4 s while two desks run: the listening
 * desk syncs at most once per SYNC_WORKER_WAKE_MS (plus its first and the
 * 10 s safety net), counted on the hub; a genuine check-in at the other
 * desk still reaches it within a few seconds, mid-storm. */
static void forged_wake_ups_cost_at_most_one_sync_per_interval(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "storm", &ev, &hub, "desk-1", "desk",
                               "storm-1.db", &d1, "desk-2", "desk",
                               "storm-2.db", &d2, "booth-1", "leads:datawise",
                               "storm-b.db", &booth, NULL));
    count_syncs(hub);
    struct live a, b;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, "", d2, "--station desk --name desk-2") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    PGconn *forger = connect_as_station(booth);
    enum { N = 2000 };
    long long before = syncs_of(hub, "desk-1");
    int64_t t0 = tu_mono_ms(), scanned_at = 0, arrived_at = 0;
    const char *genuine = "SELECT count(*) FROM scan WHERE station = 'desk-2'";
    for (int i = 0; i < N; i++) {
        PGresult *r = PQexec(forger, "NOTIFY checkin, 'organizer'");
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            TU_FAIL_AT("the booth's NOTIFY: %s", PQerrorMessage(forger));
        PQclear(r);
        if (i == N / 4) {
            scan_expect(&b, nth_secret(ev, 0), "reason", "checked-in");
            scanned_at = tu_mono_ms();
        }
        if (scanned_at && !arrived_at && i % 20 == 0 &&
            sql_int(d1, genuine) == 1)
            arrived_at = tu_mono_ms();
        usleep(2000); /* the storm's pace: 2,000 in about 4 s */
    }
    long long during = syncs_of(hub, "desk-1") - before;
    long long storm_ms = tu_mono_ms() - t0;
    PQfinish(forger);
    if (!arrived_at) {
        wait_count(d1, genuine, 1);
        arrived_at = tu_mono_ms();
    }
    /* At most one per interval, the one under way at the start, and the
     * 10 s safety net's. */
    long long most = storm_ms / SYNC_WORKER_WAKE_MS + 2 + storm_ms / 10000 + 1;
    printf("# %d forged notifications in %lld ms: desk-1 synced %lld times"
           " (at most %lld); desk-2's check-in reached it in %lld ms\n",
           N, storm_ms, during, most, (long long)(arrived_at - scanned_at));
    EXPECT_TRUE(during <= most);
    EXPECT_TRUE(arrived_at - scanned_at <= 3000);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
    keys_equal(hub, d1);
}

/* A running desk reads its oversold walk-ins (sync/oversold.c) only when
 * the hub can have noted one: at its first sync over a connection and
 * after it pushed a walk-in, not at each sync another desk's check-in
 * wakes.  The reads are counted on the hub by a statement trigger, which
 * fires even for an UPDATE that changes no row. */
static void
a_running_desk_reads_its_oversold_walk_ins_only_after_a_walk_in(void)
{
    const char *hub;
    const char *ev = published_event("osreads", &hub);
    REQUIRE(pgserver_exec(hub,
                          "CREATE TABLE public.oversold_reads (n int);"
                          "INSERT INTO public.oversold_reads VALUES (0);"
                          "CREATE FUNCTION public.count_read() RETURNS trigger"
                          " LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN"
                          " UPDATE public.oversold_reads SET n = n + 1;"
                          " RETURN NULL; END $$;"
                          "CREATE TRIGGER count_read AFTER UPDATE ON"
                          " checkin.oversold FOR EACH STATEMENT EXECUTE"
                          " FUNCTION public.count_read()") == 0);
    const char *d1 = add_station(ev, "desk-1", "desk", "osreads-1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "osreads-2.db");
    const char *reads = "SELECT n FROM public.oversold_reads";
    long long enrolled = pgserver_int(hub, reads);
    struct live a, b;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, "", d2, "--station desk --name desk-2") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    for (int i = 0; i < 5; i++) {
        scan_expect(&b, nth_secret(ev, i), "reason", "checked-in");
        wait_count(d1, "SELECT count(*) FROM scan WHERE station = 'desk-2'",
                   i + 1);
    }
    /* Each desk's first sync, none since. */
    EXPECT_INT(pgserver_int(hub, reads) - enrolled, 2);
    /* A walk-in at desk-1: its push is followed by a read. */
    run(0,
        "register '%s' --ticket-type individual --given-name Wanjiru"
        " --family-name Kamau",
        d1);
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, reads) - enrolled < 3 && tu_mono_ms() - t0 < 20000)
        usleep(5000);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               1);
    EXPECT_INT(pgserver_int(hub, reads) - enrolled, 3);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* Desk 2's clock is three hours fast: its check-ins and desk 1's still
 * reach each other and are refused the second time, both files and the
 * hub hold the same rows, and `hub status` shows the skew. */
static void stations_with_clocks_hours_apart_stay_in_step(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "skew", &ev, &hub, "desk-1", "desk",
                               "skew-1.db", &d1, "desk-2", "desk", "skew-2.db",
                               &d2, NULL));
    char env[128];
    snprintf(env, sizeof(env), "CHECKIN_FAKE_NOW_MS=%lld ",
             (long long)time(NULL) * 1000 + 3 * 3600 * 1000LL);
    struct live a, b;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, env, d2, "--station desk --name desk-2") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    scan_expect(&b, nth_secret(ev, 0), "reason", "checked-in");
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    wait_count(d1, "SELECT count(*) FROM scan WHERE station = 'desk-2'", 1);
    wait_count(d2, "SELECT count(*) FROM scan WHERE station = 'desk-1'", 1);
    json_t *d = live_scan(&a, nth_secret(ev, 0));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "reason"), "already-checked-in");
    EXPECT_CONTAINS(live_str(d, "reason_text"), "desk-2");
    json_decref(d);
    scan_expect(&b, nth_secret(ev, 1), "reason", "already-checked-in");
    wait_count(d1, "SELECT count(*) FROM scan", 4);
    wait_count(d2, "SELECT count(*) FROM scan", 4);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
    keys_equal(hub, d1);
    keys_equal(hub, d2);
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_TRUE(strstr(said, "+1080") != NULL || strstr(said, "+1079") != NULL);
}

/* The badge code `checkin issue [OPTIONS] DB 48275` prints (the line
 * starting "CK"). */
static const char *issued_code(const char *options, const char *db)
{
    static char code[256];
    const char *said = run(0, "issue --key '%s' %s '%s' 48275",
                           tu_path("event.key"), options, db);
    const char *ck = strstr(said, "CK");
    snprintf(code, sizeof(code), "%.*s", ck ? (int)strcspn(ck, "\n") : 0,
             ck ? ck : "");
    return code;
}

/* A badge issued at a desk while its station runs (another process
 * writing the desk's file) is admitted at a running door, and once the
 * desk reprints it, the old code is refused there and the new one
 * admitted, with no one syncing by hand. */
static void a_reprint_at_a_running_desk_revokes_the_old_badge_at_the_door(void)
{
    struct hubfix f;
    const char *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "reprint", NULL, NULL, "desk-1", "desk", "reprint-desk.db", &desk,
        "door-1", "door:pandas-intro", "reprint-door.db", &door, NULL));
    struct live a, b;
    REQUIRE(live_start(&a, "", desk, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, "", door,
                       "--station door:pandas-intro --name door-1 --clock "
                       "'2027-05-12 09:05' --cooldown 0.05") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    char first[256];
    snprintf(first, sizeof(first), "%s", issued_code("", desk));
    REQUIRE(first[0] != '\0');
    wait_count(door, "SELECT count(*) FROM badge", 1);
    scan_expect(&b, first, "reason", "entered");
    char second[256];
    snprintf(second, sizeof(second), "%s", issued_code("--new", desk));
    REQUIRE(second[0] != '\0' && strcmp(first, second));
    wait_count(door, "SELECT count(*) FROM badge", 2);
    /* Shown again after the door's 50 ms cooldown: a new presentation.
     * The reprint can reach the door sooner than that, and a code shown
     * again within the cooldown is the same presentation (no decision). */
    usleep(100 * 1000);
    json_t *d = live_scan(&b, first);
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "decision"), "deny");
    EXPECT_CONTAINS(live_str(d, "reason_text"), "replaced");
    json_decref(d);
    d = live_scan(&b, second);
    REQUIRE(d != NULL);
    EXPECT_TRUE(strcmp(live_str(d, "decision"), "deny") != 0);
    json_decref(d);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* An event database never made a hub, or a station file never enrolled,
 * is left as it is by a station running on it, an import and a refused
 * `checkin sync`: no sync tables appear in it. */
static void a_file_never_enrolled_is_left_as_it_is(void)
{
    const char *plain = tu_copy(tu_demo_event(), "plain.db");
    const char *tables = "SELECT count(*) FROM sqlite_master WHERE name LIKE"
                         " 'sync%'";
    struct live a;
    REQUIRE(live_start(&a, "", plain, "--station desk --name desk-1") == 0);
    scan_expect(&a, nth_secret(plain, 0), "reason", "checked-in");
    EXPECT_INT(live_stop(&a), 0);
    char *said_err = tu_read_file(tu_path("live.err"), NULL);
    EXPECT_NOT_CONTAINS(said_err, "hub");
    free(said_err);
    run(0, "import '%s' '%s'", plain, TEST_DATA_DIR "/demo-update.csv");
    const char *said = run(1, "sync '%s'", plain);
    EXPECT_CONTAINS(said, "is not enrolled at a hub");
    EXPECT_INT(sql_int(plain, tables), 0);
}

/* A station's snapshot entry says it is live with nothing left to send. */
static bool live_and_sent(json_t *h, const void *arg)
{
    (void)arg;
    return json_is_true(json_object_get(h, "live")) &&
           json_integer_value(json_object_get(h, "not_sent")) == 0;
}

/* The dashboard's snapshot's hub_stations entry for `name`, once there,
 * live and with nothing left to send (`live` 1: a sync during a burst
 * reports the rows decided meanwhile, the next one none; the dashboard
 * reads the hub every 5 s), or there in any state (-1); NULL after 20 s.
 * The caller decrefs *root. */
static json_t *hub_station(int port, const char *name, int live, json_t **root)
{
    return hubfix_snapshot_station(port, name, live < 0 ? NULL : live_and_sent,
                                   NULL, root);
}

/* The organizer's dashboard on the event database made a hub: every
 * station's rows come into the event database while it runs (what the
 * page shows is read from that file; test_web checks the page). */
static void the_dashboard_pulls_every_stations_rows_live(void)
{
    struct hubfix f;
    const char *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "dash", &ev, NULL, "desk-1", "desk",
                               "dash-1.db", &d1, NULL));
    add_station(ev, "door-1", "door:pandas-intro", "dash-2.db");
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("dash.out"), &pid);
    REQUIRE(port > 0);
    struct live a;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    for (int i = 0; i < 3; i++)
        scan_expect(&a, nth_secret(ev, i), "reason", "checked-in");
    wait_count(ev, "SELECT count(*) FROM scan WHERE station = 'desk-1'", 3);

    /* Station health from the hub on the page: the running desk live and
     * in step, and the door enrolled beside it. */
    json_t *root;
    json_t *h = hub_station(port, "desk-1", 1, &root);
    EXPECT_TRUE(h != NULL);
    EXPECT_STR(json_string_value(json_object_get(h, "kind")), "desk");
    EXPECT_INT(json_integer_value(json_object_get(h, "not_sent")), 0);
    EXPECT_TRUE(json_is_integer(json_object_get(h, "seen_ms")));
    EXPECT_TRUE(llabs(json_integer_value(json_object_get(h, "skew_s"))) < 5);
    json_decref(root);
    /* Enrolment pulled once for it: seen then (live for 30 s after). */
    h = hub_station(port, "door-1", -1, &root);
    EXPECT_TRUE(h != NULL);
    EXPECT_STR(json_string_value(json_object_get(h, "kind")),
               "door:pandas-intro");
    EXPECT_TRUE(json_is_integer(json_object_get(h, "seen_ms")));
    json_decref(root);

    EXPECT_INT(live_stop(&a), 0);
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char *said = tu_read_file(tu_path("dash.out"), NULL);
    EXPECT_CONTAINS(said, "Pulling every station's rows");
    free(said);
}

/* `checkin hub status EV` run until its output holds `want`, for up to
 * `ms`; the last output (a test failure when `want` never came). */
static const char *hub_status_until(const char *ev, const char *want, int ms)
{
    const char *said = "";
    for (int64_t until = tu_mono_ms() + ms; tu_mono_ms() < until;
         usleep(100 * 1000)) {
        said = run(0, "hub status '%s'", ev);
        if (strstr(said, want))
            return said;
    }
    TU_FAIL_AT("hub status did not say \"%s\" within %d s:\n%s", want,
               ms / 1000, said);
    return said;
}

/* The hub's last_seen of station `name`, in ms (0: never). */
static long long last_seen_ms(const char *hub, const char *name)
{
    return pgserver_int(
        hub, tu_format("SELECT coalesce((extract(epoch FROM last_seen) *"
                       " 1000)::bigint, 0) FROM checkin.station WHERE name"
                       " = '%s'",
                       name));
}

/* Wait until station `name` has just synced (its last_seen moved), so
 * that its next timed sync is 10 s away. */
static void wait_fresh_sync(const char *hub, const char *name)
{
    long long seen = last_seen_ms(hub, name);
    for (int64_t until = tu_mono_ms() + 15000;
         tu_mono_ms() < until && last_seen_ms(hub, name) == seen;
         usleep(20 * 1000)) {
    }
}

/* How long (ms) until the hub holds `state` for desk-1's printer, at
 * most `ms`; -1 when it never did. */
static long long hub_printer_after(const char *hub, const char *state, int ms)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM checkin.station WHERE name = 'desk-1' AND"
             " printer_state = '%s'",
             state);
    int64_t start = tu_mono_ms();
    for (; tu_mono_ms() - start < ms; usleep(20 * 1000))
        if (pgserver_int(hub, sql) == 1)
            return tu_mono_ms() - start;
    return -1;
}

/* desk-1's printer as the running dashboard serves it, once its state is
 * `state` (up to 60 s); NULL otherwise.  *root to decref.  The dashboard
 * reads the hub's stations after its syncs (at least every 10 s, at most
 * every 5 s) and, from hub format 22, when a printer's state changes;
 * before that, under AddressSanitizer on a loaded machine it took over
 * 20 s once (the rehearsal of 4e13f63), with the hub saying "no media"
 * all along. */
static json_t *dash_printer(int port, const char *state, json_t **root)
{
    for (int64_t until = tu_mono_ms() + 60000; tu_mono_ms() < until;
         usleep(200 * 1000)) {
        json_t *h = hub_station(port, "desk-1", 1, root);
        const char *st = json_string_value(json_object_get(h, "printer_state"));
        if (st && !strcmp(st, state))
            return h;
        json_decref(*root);
        *root = NULL;
    }
    return NULL;
}

/* How many times the sync worker's thread of station process `pid` (the
 * thread named "ck-sync") went to sleep: its voluntary context switches,
 * as the kernel counts them in /proc.  -1 when there is no such thread. */
static long long sync_thread_sleeps(pid_t pid)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    long long n = -1;
    struct dirent *e;
    while (d && n < 0 && (e = readdir(d))) {
        char path[128], line[128] = "";
        FILE *f = fopen(tu_format("%s/%s/comm", dir, e->d_name), "r");
        if (!f)
            continue;
        bool named = fgets(line, sizeof(line), f) && !strcmp(line, "ck-sync\n");
        fclose(f);
        snprintf(path, sizeof(path), "%s/%s/status", dir, e->d_name);
        if (!named || !(f = fopen(path, "r")))
            continue;
        while (fgets(line, sizeof(line), f))
            if (sscanf(line, "voluntary_ctxt_switches: %lld", &n) == 1)
                break;
        fclose(f);
    }
    if (d)
        closedir(d);
    return n;
}

/* When station `name`'s hub session last changed state (a statement
 * began or ended), in microseconds; -1 when it has none. */
static long long session_changed_us(const char *hub, const char *name)
{
    return pgserver_int(
        hub, tu_format("SELECT coalesce(max((extract(epoch FROM"
                       " a.state_change) * 1000000)::bigint), -1) FROM"
                       " pg_stat_activity a JOIN checkin.station s ON"
                       " a.usename = s.pg_role WHERE s.name = '%s'",
                       name));
}

/* How many times the main thread of process `pid`, the station loop's,
 * slept (voluntary context switches); -1 when /proc cannot say. */
static long long loop_thread_sleeps(pid_t pid)
{
    char line[128];
    FILE *f =
        fopen(tu_format("/proc/%d/task/%d/status", (int)pid, (int)pid), "r");
    long long n = -1;
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "voluntary_ctxt_switches: %lld", &n) == 1)
            break;
    if (f)
        fclose(f);
    return n;
}

/* How many times `sleeps` (a thread of station `name`, process `pid`)
 * slept over three of its sync worker's probes, seen on the hub as its
 * session's statements (at most 20 s); *probes: how many were seen.
 * -1 when /proc cannot say. */
static long long sleeps_over_three_probes(const char *hub, const char *name,
                                          pid_t pid, long long (*sleeps)(pid_t),
                                          int *probes)
{
    long long before = sleeps(pid);
    *probes = 0;
    if (before < 0)
        return -1;
    long long seen = session_changed_us(hub, name);
    for (int64_t until = tu_mono_ms() + 20000;
         *probes < 3 && tu_mono_ms() < until; usleep(20 * 1000)) {
        long long now = session_changed_us(hub, name);
        if (now != seen) {
            seen = now;
            ++*probes;
        }
    }
    return sleeps(pid) - before;
}

/* An idle station sleeps: while nothing happens, its sync worker wakes
 * only to ask the hub whether it is there (once a second) and for its
 * safety-net sync, not on a timer that looks at the file (before: every
 * 10 ms, some 100 wake-ups per probe).  Counted by the kernel (the
 * worker thread's voluntary context switches) over three of its probes,
 * seen on the hub as its session's statements, right after a sync so
 * that the safety net's is 10 s away.  Asleep, it still hears the rest:
 * a badge that another process (`checkin issue`) writes to its file is
 * pushed, and a check-in another desk sent to the hub is pulled. */
static void an_idle_station_sleeps_until_its_file_or_the_hub_wakes_it(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "sleep", &ev, &hub, "desk-1", "desk",
                               "sleep-1.db", &d1, "desk-2", "desk",
                               "sleep-2.db", &d2, NULL));
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    wait_fresh_sync(hub, "desk-1");
    int probes;
    long long slept = sleeps_over_three_probes(hub, "desk-1", a.pid,
                                               sync_thread_sleeps, &probes);
    REQUIRE(slept >= 0);
    /* A probe is one wait for its deadline and one or two for the hub's
     * answer. */
    long long most = 8LL * (probes + 1);
    printf("# idle over %d probes: the sync worker slept %lld times (at "
           "most %lld)\n",
           probes, slept, most);
    EXPECT_INT(probes, 3);
    EXPECT_TRUE(slept <= most);
    /* Another process writes the station's file. */
    REQUIRE(issued_code("", d1)[0] != '\0');
    long long badges = 0;
    for (int64_t until = tu_mono_ms() + 20000;
         badges < 1 && tu_mono_ms() < until; usleep(5000))
        badges = pgserver_int(hub, "SELECT count(*) FROM checkin.badge");
    EXPECT_INT(badges, 1);
    /* Another desk's check-in reaches the hub. */
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 3))));
    run(0, "sync '%s'", d2);
    wait_count(d1, "SELECT count(*) FROM scan WHERE station = 'desk-2'", 1);
    EXPECT_INT(live_stop(&a), 0);
}

/* An idle station's loop sleeps in one poll on its scanner's input, its
 * screens' (the web page's inputs, the stop signals) and what its threads
 * tell it (issue 32): not woken on a timer.  Before, it turned every 50 ms
 * (some 60 wake-ups over three probes).  Counted by the kernel over three
 * of the sync worker's probes, seen on the hub, with the web screen on;
 * then a scanned code is still decided at once. */
static void an_idle_station_loop_sleeps_until_its_input_wakes_it(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "loopsleep", &ev, &hub, "desk-1", "desk",
                               "loopsleep-1.db", &d1, NULL));
    struct live a;
    REQUIRE(live_start(&a, "", d1,
                       "--station desk --name desk-1 --web 127.0.0.1:0") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    wait_fresh_sync(hub, "desk-1");
    int probes;
    long long slept = sleeps_over_three_probes(hub, "desk-1", a.pid,
                                               loop_thread_sleeps, &probes);
    REQUIRE(slept >= 0);
    /* Nothing should wake it at all; a few for what the worker may say
     * (a sync's end) is generous. */
    long long most = 2LL * (probes + 1);
    printf("# idle over %d probes: the station loop slept %lld times (at "
           "most %lld)\n",
           probes, slept, most);
    EXPECT_INT(probes, 3);
    EXPECT_TRUE(slept <= most);
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    EXPECT_INT(live_stop(&a), 0);
}

/* A running desk's printer reaches the organizer: a Zebra printer on
 * loopback TCP (tcp_printer.c answers ~HS as the ZPL II guide lays it
 * out) runs out of labels and is loaded again; `checkin hub status`, the
 * dashboard's snapshot and its page (in Chromium, when installed) show
 * each state with the printer's sentence, the trouble in red, and "not
 * heard for N s" once its print worker has not vouched for it for a
 * minute (the hub's note made older by hand).  The desk
 * starts on a format 3 hub, which has no place for it: it syncs as
 * before, and sends its printer once the organizer's dashboard upgraded
 * the hub.  A change reaches the hub within seconds of a sync, not at the
 * next 10 s one: the desk's print worker wakes the sync worker. */
static void a_desks_printer_out_of_labels_shows_at_the_organizer(void)
{
    const char *hub;
    /* tu_path's ring of names turns over in the loops below. */
    char ev[4096];
    snprintf(ev, sizeof(ev), "%s", published_event("printers", &hub));
    const char *key = tu_copy(tu_path("event.key"), "printers.key");
    REQUIRE(chmod(key, 0600) == 0);
    /* Enrolling upgrades the hub (the organizer's role owns it): made an
     * older one after. */
    const char *desk = add_station(ev, "desk-1", "desk", "printers-desk.db");
    REQUIRE(pgserver_exec(hub, FORMAT3_HUB) == 0);
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    char args[512];
    snprintf(args, sizeof(args),
             "--station desk --name desk-1 --printer tcp:127.0.0.1:%d"
             " --model ZD420-300 --media 62x100 --roll 120",
             tcp_printer_port(zebra));
    struct live a;
    REQUIRE(live_start(&a, "", desk, args) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    /* On the format 3 hub: in step, the printer not said. */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 3);
    wait_fresh_sync(hub, "desk-1");
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, " live ");
    EXPECT_NOT_CONTAINS(said, "printer:");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               1);
    /* The badge printed (the Zebra's ~HS said so), between the status
     * requests of an idle desk on the same connection. */
    const char *printed =
        "SELECT count(*) FROM checkin.print_job WHERE state = 'printed'";
    for (int64_t until = tu_mono_ms() + 15000;
         pgserver_int(hub, printed) < 1 && tu_mono_ms() < until;
         usleep(100 * 1000)) {
    }
    EXPECT_INT(pgserver_int(hub, printed), 1);

    /* The organizer's dashboard upgrades the hub; the desk's next sync
     * sends its printer. */
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("printers-dash.out"), &pid);
    REQUIRE(port > 0);
    said = hub_status_until(ev, "printer: ready", 25000);
    printf("%s", said);
    char ready[256];
    snprintf(ready, sizeof(ready),
             "printer: ready: ZD420-300 on tcp 127.0.0.1:%d is ready.",
             tcp_printer_port(zebra));
    EXPECT_CONTAINS(said, ready);
    /* The label-stock forecast beside it (issue 30): the roll of 120 the
     * volunteer said, less the labels printed. */
    char left[64];
    snprintf(left, sizeof(left), "About %lld labels left",
             120 - (long long)pgserver_int(hub, "SELECT count(*) FROM"
                                                " checkin.print_job WHERE"
                                                " state = 'printed'"));
    EXPECT_CONTAINS(said, left);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);

    /* Out of labels, just after a sync: on the hub long before the
     * desk's next timed sync. */
    wait_fresh_sync(hub, "desk-1");
    tcp_printer_paper_out(zebra, true);
    long long took = hub_printer_after(hub, "no media", 15000);
    printf("# out of labels on the hub after %lld ms\n", took);
    EXPECT_TRUE(took >= 0 && took < 6000);
    said = hub_status_until(ev, "printer: NO MEDIA", 5000);
    printf("%s", said);
    char out[256];
    snprintf(out, sizeof(out),
             "printer: NO MEDIA: ZD420-300 on tcp 127.0.0.1:%d",
             tcp_printer_port(zebra));
    EXPECT_CONTAINS(said, out);
    EXPECT_CONTAINS(said, "Load");

    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
    json_t *root = NULL;
    json_t *h = dash_printer(port, "no media", &root);
    EXPECT_TRUE(h != NULL);
    EXPECT_CONTAINS(json_string_value(json_object_get(h, "printer_message")),
                    "Load");
    EXPECT_CONTAINS(json_string_value(json_object_get(h, "printer_message")),
                    "Out of labels: load a new roll now.");
    EXPECT_CONTAINS(json_string_value(json_object_get(h, "printer")),
                    "ZD420-300 on tcp 127.0.0.1:");
    EXPECT_TRUE(json_integer_value(json_object_get(h, "printer_age_ms")) <
                30000);
    json_decref(root);
    /* The page, in a real browser: the sentence as text, in red. */
    bool browser = wd_available() && wd_start(tu_path("printers-profile")) == 0;
    const char *cell = "var c = document.querySelector('#hub-stations"
                       " tr[data-station=\"desk-1\"] .printer'); return c ?"
                       " c.className + ' | ' + c.textContent : '';";
    if (browser) {
        REQUIRE(wd_get(url) == 0);
        char want[512];
        snprintf(
            want, sizeof(want),
            "\"printer trouble | no media: ZD420-300 on tcp 127.0.0.1:%d: ",
            tcp_printer_port(zebra));
        char *v = wd_exec(cell);
        for (int64_t until = tu_mono_ms() + 20000;
             (!v || strncmp(v, want, strlen(want))) && tu_mono_ms() < until;
             usleep(200 * 1000)) {
            free(v);
            v = wd_exec(cell);
        }
        EXPECT_TRUE(v && !strncmp(v, want, strlen(want)));
        printf("# page: %s\n", v ? v : "(nothing)");
        free(v);
        wd_do("document.getElementById('hub-stations').scrollIntoView();"
              " return 1;");
        wd_screenshot(tu_path("printers-out.png"));
    } else {
        printf("# no Chromium: the page is not checked\n");
    }

    /* Labels loaded again: ready everywhere, promptly. */
    wait_fresh_sync(hub, "desk-1");
    tcp_printer_paper_out(zebra, false);
    took = hub_printer_after(hub, "ready", 15000);
    printf("# ready on the hub after %lld ms\n", took);
    EXPECT_TRUE(took >= 0 && took < 6000);
    said = hub_status_until(ev, ready, 5000);
    EXPECT_NOT_CONTAINS(said, "NO MEDIA");
    /* Out of labels, then ready: a new roll, counted from 120 again. */
    EXPECT_CONTAINS(said, "About 120 labels left.");
    h = dash_printer(port, "ready", &root);
    EXPECT_TRUE(h != NULL);
    json_decref(root);
    if (browser) {
        char want[512];
        snprintf(want, sizeof(want),
                 "\"printer | ready: ZD420-300 on tcp 127.0.0.1:%d is ready."
                 " About 120 labels left.\"",
                 tcp_printer_port(zebra));
        char *v = wd_wait(cell, want, 20000);
        EXPECT_STR(v ? v : "", want);
        free(v);
    }

    /* Not heard of: the desk ends (its last sync sends its printer), and
     * the hub's note of when its print worker last vouched for it is made
     * a minute older. */
    EXPECT_INT(live_stop(&a), 0);
    REQUIRE(pgserver_exec(hub,
                          "UPDATE checkin.station SET printer_ms ="
                          " printer_ms - 60000 WHERE name = 'desk-1'") == 0);
    said = hub_status_until(ev, "printer: ready, not heard for ", 5000);
    printf("%s", said);
    EXPECT_CONTAINS(said, ready + strlen("printer: ready: "));
    bool stale = false;
    for (int64_t until = tu_mono_ms() + 20000; !stale && tu_mono_ms() < until;
         usleep(200 * 1000)) {
        h = hub_station(port, "desk-1", -1, &root);
        stale =
            json_integer_value(json_object_get(h, "printer_age_ms")) >= 60000;
        json_decref(root);
    }
    EXPECT_TRUE(stale);
    if (browser) {
        char *v =
            wd_wait("var c = document.querySelector('#hub-stations"
                    " tr[data-station=\"desk-1\"] .printer'); return"
                    " !!c && c.className === 'printer trouble' &&"
                    " / \\(not heard for \\d+ s\\)$/.test(c.textContent);",
                    "true", 20000);
        EXPECT_STR(v ? v : "", "true");
        free(v);
        v = wd_exec(cell);
        printf("# page: %s\n", v ? v : "(nothing)");
        free(v);
        wd_do("document.getElementById('hub-stations').scrollIntoView();"
              " return 1;");
        wd_screenshot(tu_path("printers-stale.png"));
        wd_quit();
    }

    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    tcp_printer_stop(zebra);
}

/* The idle stations' sync counts at the hub, before and after. */
struct idle_syncs {
    const char *name[2];
    long long before[2];
};

static void idle_syncs_take(const char *hub, struct idle_syncs *s)
{
    for (int i = 0; i < 2; i++)
        s->before[i] = syncs_of(hub, s->name[i]);
}

/* How many syncs the idle stations made since idle_syncs_take, said. */
static long long idle_syncs_since(const char *hub, const struct idle_syncs *s)
{
    long long n = 0;
    for (int i = 0; i < 2; i++) {
        long long d = syncs_of(hub, s->name[i]) - s->before[i];
        printf("# %s synced %lld times\n", s->name[i], d);
        n += d;
    }
    return n;
}

/* How long (ms) until the running dashboard on `port` serves `state` for
 * desk-1's printer (dash_printer's wait); -1 when it never did. */
static long long dash_printer_after(int port, const char *state)
{
    int64_t start = tu_mono_ms();
    json_t *root = NULL;
    json_t *h = dash_printer(port, state, &root);
    json_decref(root);
    return h ? tu_mono_ms() - start : -1;
}

/* Whether the event stream `fd` sends `needle` within 60 s (messages
 * are whole snapshots, of any length: read through a window that keeps
 * the last strlen(needle) - 1 bytes). */
static bool stream_says(int fd, const char *needle)
{
    char buf[65536];
    size_t keep = 0, n = strlen(needle);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    for (int64_t until = tu_mono_ms() + 60000;;) {
        int64_t left = until - tu_mono_ms();
        if (left <= 0 || poll(&p, 1, (int)left) != 1)
            return false;
        ssize_t r = read(fd, buf + keep, sizeof(buf) - 1 - keep);
        if (r <= 0)
            return false;
        size_t len = keep + (size_t)r;
        buf[len] = '\0';
        if (strstr(buf, needle))
            return true;
        keep = len < n ? len : n - 1;
        memmove(buf, buf + len - keep, keep);
    }
}

/* A desk's printer wakes the organizer's dashboard, and no idle station
 * (hub format 22).  The dashboard's safety-net sync is made an hour
 * (CHECKIN_TEST_SYNC_SAFETY_MS), so it reads the hub's stations only when
 * the hub's word wakes it: a Zebra printer on loopback TCP runs out of
 * labels and is loaded again, and the dashboard's snapshot shows each
 * state within about a second of the hub holding it (before: at its next
 * sync, up to 10 s later; with the hour, never within the minute
 * dash_printer waits), and its event stream to the page sends it.  An idle desk
 * and an idle door, whose own safety net is the same hour, make no sync
 * meanwhile (their row's updates, counted at the hub): the printer's channel is
 * the dashboards' alone. */
static void a_desks_printer_wakes_the_dashboard_and_no_idle_station(void)
{
    const char *hub;
    char ev[4096], desk[4096], d2[4096], d3[4096];
    snprintf(ev, sizeof(ev), "%s", published_event("statuswake", &hub));
    /* The event has a signing key, so desk-1 gets one to print with. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "statuswake.key"), 0600) == 0);
    snprintf(desk, sizeof(desk), "%s",
             add_station(ev, "desk-1", "desk", "statuswake-1.db"));
    snprintf(d2, sizeof(d2), "%s",
             add_station(ev, "desk-2", "desk", "statuswake-2.db"));
    snprintf(d3, sizeof(d3), "%s",
             add_station(ev, "door-1", "door:pandas-intro", "statuswake-3.db"));
    count_syncs(hub);
    const char *hour = "CHECKIN_TEST_SYNC_SAFETY_MS=3600000 ";
    REQUIRE(setenv("CHECKIN_TEST_SYNC_SAFETY_MS", "3600000", 1) == 0);
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("statuswake-dash.out"), &pid);
    unsetenv("CHECKIN_TEST_SYNC_SAFETY_MS");
    struct idle_syncs idle = {{"desk-2", "door-1"}, {0, 0}};
    struct live b, c, a;
    bool up_b = false, up_c = false, up_a = false;
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    if (port <= 0 || !zebra)
        goto out;
    up_b = live_start(&b, hour, d2, "--station desk --name desk-2") == 0;
    up_c = up_b && live_start(&c, hour, d3,
                              "--station door:pandas-intro --name door-1"
                              " --clock '2027-05-12 09:05'") == 0;
    up_a =
        up_c &&
        live_start(
            &a, hour, desk,
            tu_format("--station desk --name desk-1 --printer tcp:127.0.0.1:%d"
                      " --model ZD420-300 --media 62x100 --roll 120",
                      tcp_printer_port(zebra))) == 0;
    if (!up_a || !wait_link(&b, true, 0, 20000) ||
        !wait_link(&c, true, 0, 20000) || !wait_link(&a, true, 0, 20000)) {
        TU_FAIL_AT("the stations did not start in step with the hub");
        goto out;
    }
    /* desk-1's printer ready: at the hub, then at the dashboard, which
     * only the hub's word can have brought once its first sync is done. */
    EXPECT_TRUE(hub_printer_after(hub, "ready", 30000) >= 0);
    EXPECT_TRUE(dash_printer_after(port, "ready") >= 0);

    idle_syncs_take(hub, &idle);
    int events = tu_events(port, 20000);
    EXPECT_TRUE(events >= 0);
    tcp_printer_paper_out(zebra, true);
    long long at_hub = hub_printer_after(hub, "no media", 30000);
    long long shown = dash_printer_after(port, "no media");
    printf("# no media at the hub after %lld ms, at the dashboard %lld ms "
           "later (its next sync an hour away)\n",
           at_hub, shown);
    EXPECT_TRUE(at_hub >= 0);
    EXPECT_TRUE(shown >= 0);
    if (events >= 0) {
        EXPECT_TRUE(stream_says(events, "no media"));
        close(events);
    }
    tcp_printer_paper_out(zebra, false);
    at_hub = hub_printer_after(hub, "ready", 30000);
    shown = dash_printer_after(port, "ready");
    printf("# ready at the hub after %lld ms, at the dashboard %lld ms "
           "later\n",
           at_hub, shown);
    EXPECT_TRUE(at_hub >= 0);
    EXPECT_TRUE(shown >= 0);
    EXPECT_INT(idle_syncs_since(hub, &idle), 0);
out:
    if (up_a)
        EXPECT_INT(live_stop(&a), 0);
    if (up_c)
        EXPECT_INT(live_stop(&c), 0);
    if (up_b)
        EXPECT_INT(live_stop(&b), 0);
    if (port > 0) {
        int status = hubfix_dashboard_stop(pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    if (zebra)
        tcp_printer_stop(zebra);
}

/* The next notification `c` (listening) receives, up to 20 s; NULL when
 * none came.  PQfreemem it. */
static PGnotify *next_notify(PGconn *c)
{
    for (int64_t until = tu_mono_ms() + 20000; tu_mono_ms() < until;) {
        if (!PQconsumeInput(c))
            return NULL;
        PGnotify *n = PQnotifies(c);
        if (n)
            return n;
        struct pollfd p = {PQsocket(c), POLLIN, 0};
        (void)poll(&p, 1, 1000);
    }
    return NULL;
}

/* A format 21 hub (no word to the dashboards of a printer) is upgraded to
 * 22 by the organizer's sync, a format 22 desk syncing at it before and
 * after.  Then a station's row, written as a desk's role writes it:
 * a printer's state changed notifies `checkin_status` once; the same
 * state vouched for again (printer_ms) and a sync's plain row (last seen)
 * notify nothing, and nothing goes to `checkin`, the stations' channel.
 * What came is seen up to a notification the desk sends last, in order
 * (one session's notifications arrive in the order it committed them). */
static void
a_format_21_hub_is_upgraded_to_22_telling_dashboards_of_printers(void)
{
    struct hubfix f;
    const char *ev, *hub, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "statusup", &ev, &hub, "desk-1", "desk",
                               "statusup-1.db", &d1, NULL));
    REQUIRE(pgserver_exec(hub, FORMAT21_HUB) == 0);
    const char *trigger =
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'status_wake' AND"
        " tgrelid = 'checkin.station'::regclass";
    EXPECT_INT(pgserver_int(hub, trigger), 0);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, trigger), 1);
    run(0, "sync '%s'", d1);

    PGconn *dash = PQconnectdb(pgserver_conninfo(hub));
    PGconn *desk = connect_as_station(d1);
    static const char *const writes[] = {
        "LISTEN checkin_status",
        "LISTEN checkin",
        "UPDATE checkin.station SET printer = 'QL-820NWB on usb 1-2',"
        " printer_state = 'no media', printer_message = 'Out of labels:"
        " load a new roll now.', printer_ms = 1 WHERE pg_role ="
        " current_user",
        "UPDATE checkin.station SET printer_ms = 2 WHERE pg_role ="
        " current_user",
        "UPDATE checkin.station SET last_seen = now(), last_clock_ms = 3"
        " WHERE pg_role = current_user",
        "NOTIFY checkin_status, 'last'"};
    for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
        PGresult *r = PQexec(i < 2 ? dash : desk, writes[i]);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            TU_FAIL_AT("%s: %s", writes[i],
                       PQerrorMessage(i < 2 ? dash : desk));
        PQclear(r);
    }
    char came[512] = "";
    size_t n = 0;
    for (PGnotify *nt; n < sizeof(came) && (nt = next_notify(dash));) {
        bool last = !strcmp(nt->extra, "last");
        n += (size_t)snprintf(came + n, sizeof(came) - n, "%s'%s' ",
                              nt->relname, nt->extra);
        PQfreemem(nt);
        if (last)
            break;
    }
    EXPECT_STR(came, "checkin_status'' checkin_status'last' ");
    PQfinish(desk);
    PQfinish(dash);
}

/* A desk switched on after another desk checked someone in takes that
 * check-in before its first scan: the person is refused, not admitted a
 * second time. */
static void a_desk_switched_on_catches_up_before_its_first_scan(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "switchon", &ev, &hub, "desk-1", "desk",
                               "switchon-1.db", &d1, "desk-2", "desk",
                               "switchon-2.db", &d2, NULL));
    struct live a;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    EXPECT_INT(live_stop(&a), 0);
    REQUIRE(pgserver_int(hub, "SELECT count(*) FROM checkin.scan") == 1);
    /* Desk 2 starts with the code already waiting at its scanner. */
    char codes[128];
    snprintf(codes, sizeof(codes), "%s\n", nth_secret(ev, 0));
    tu_write_file(tu_path("switchon.txt"), codes, strlen(codes));
    EXPECT_INT(tu_sh("'%s' scan '%s' --station desk --name desk-2 --keyboard "
                     "--json < '%s' > '%s' 2>&1",
                     CHECKIN_BIN, d2, tu_path("switchon.txt"),
                     tu_path("switchon.out")),
               0);
    char *out = tu_read_file(tu_path("switchon.out"), NULL);
    EXPECT_CONTAINS(out, "\"reason\":\"already-checked-in\"");
    free(out);
}

/* A running booth: a lead taken with its note reaches the hub by itself,
 * and a revocation (the desk reissued the badge) reaches the booth by
 * itself, which then refuses the old badge. */
/* A desk lost at the event is retired: its open connection ends, it can
 * no longer sync (and says why), the hub keeps what it sent, and it goes
 * on deciding from its own file.  The other desk is not touched. */
static void a_retired_station_is_cut_off_and_keeps_what_it_sent(void)
{
    const char *hub;
    const char *ev = published_event("retire", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "retire-1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "retire-2.db");
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    for (int i = 0; i < 400 && pgserver_int(hub, "SELECT count(*) FROM"
                                                 " checkin.scan") < 1;
         i++)
        usleep(50 * 1000);
    REQUIRE(pgserver_int(hub, "SELECT count(*) FROM checkin.scan") == 1);

    const char *said = run(0, "hub retire-station '%s' desk-1", ev);
    EXPECT_CONTAINS(said, "Retired desk-1 (desk, station ");
    EXPECT_CONTAINS(said, "The 1 journal row it sent stays on the hub.");
    EXPECT_CONTAINS(said, "Its open connection was ended.");
    /* The running desk is cut off, and decides on. */
    REQUIRE(wait_link(&a, false, 0, 20000));
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    EXPECT_INT(live_stop(&a), 0);
    said = run(1, "sync '%s'", d1);
    EXPECT_CONTAINS(said, "no longer lets this station in: the organizer "
                          "retired it");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);

    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "retired");
    said = run(1, "hub retire-station '%s' desk-1", ev);
    EXPECT_CONTAINS(said, "No station named desk-1 is enrolled at the hub, or "
                          "it is retired already");
    /* The other desk still syncs, and learns desk-1's check-in. */
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-1'"),
               1);
}

/* A desk is enrolled with the event's signing key beside its file (0600)
 * and prints with it at once; a door gets none; a desk whose key file
 * name is taken is not enrolled at all. */
static void a_desk_gets_the_events_signing_key_and_prints(void)
{
    const char *hub;
    const char *ev = published_event("keyed", &hub);
    const char *key = tu_copy(tu_path("event.key"), "keyed.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *desk = tu_path("keyed-desk.db");
    const char *said = run(
        0, "hub add-station '%s' desk-1 --station desk --out '%s'", ev, desk);
    EXPECT_CONTAINS(said, "Its signing key, to print badges: ");
    struct stat sb;
    REQUIRE(stat(tu_path("keyed-desk.key"), &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    char *a = tu_read_file(key, NULL),
         *b = tu_read_file(tu_path("keyed-desk.key"), NULL);
    EXPECT_TRUE(a && b && !strcmp(a, b));
    free(a);
    free(b);
    said = run(0,
               "print '%s' '%s' --printer 'file:%s' --model QL-800 --media"
               " 62x100",
               desk, nth_secret(ev, 0), tu_path("keyed.bin"));
    EXPECT_TRUE(stat(tu_path("keyed.bin"), &sb) == 0 && sb.st_size > 1000);

    said = run(0,
               "hub add-station '%s' door-1 --station door:pandas-intro"
               " --out '%s'",
               ev, tu_path("keyed-door.db"));
    EXPECT_NOT_CONTAINS(said, "signing key");
    EXPECT_TRUE(access(tu_path("keyed-door.key"), F_OK) != 0);

    REQUIRE(tu_write_file(tu_path("keyed-desk2.key"), "x", 1) == 0);
    run(1, "hub add-station '%s' desk-2 --station desk --out '%s'", ev,
        tu_path("keyed-desk2.db"));
    EXPECT_TRUE(access(tu_path("keyed-desk2.db"), F_OK) != 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station WHERE"
                                 " name = 'desk-2'"),
               0);
    char *left = tu_read_file(tu_path("keyed-desk2.key"), NULL);
    EXPECT_STR(left, "x");
    free(left);
}

/* The event's signing key rotated on the organizer's laptop after a desk
 * was stolen (and retired): the organizer's sync seals the new key to
 * each live desk and to no other station, and a desk prints with it from
 * its next sync, though its own key file holds the retired key.  While
 * the new key is not beside the event database, the sync says so. */
static void a_rotated_signing_key_reaches_the_live_desks(void)
{
    const char *hub;
    const char *ev = published_event("rotate", &hub);
    const char *key = tu_copy(tu_path("event.key"), "rotate.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *d1 = add_station(ev, "desk-1", "desk", "rotate-d1.db");
    add_station(ev, "desk-2", "desk", "rotate-d2.db");
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "rotate-door.db");
    run(0, "hub retire-station '%s' desk-2", ev);
    run(0, "sync '%s'", ev);
    long long first = sql_int(ev, "SELECT max(key_id) FROM signing_key");

    /* The new key made elsewhere first: the desks wait for it. */
    run(0, "rotate-key --key '%s' '%s'", tu_path("rotate-new.key"), ev);
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "1 desk waits for the event's current signing key");
    REQUIRE(rename(key, tu_path("rotate-old.key")) == 0);
    REQUIRE(rename(tu_path("rotate-new.key"), key) == 0);
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "1 signing key for a desk");
    EXPECT_NOT_CONTAINS(said, "waits for");
    long long second = sql_int(ev, "SELECT max(key_id) FROM signing_key");
    REQUIRE(second != first);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.station_key k JOIN"
                " checkin.station s ON s.uid = k.station_uid WHERE s.name ="
                " 'desk-1' AND k.key_id = %lld",
                second)),
        1);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.station_key k JOIN"
                " checkin.station s ON s.uid = k.station_uid WHERE s.name !="
                " 'desk-1' AND k.key_id = %lld",
                second)),
        0);
    PGconn *c = connect_as_station(door);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.station_key", NULL), 0);
    PQfinish(c);

    /* desk-1's own key file holds the retired key; it prints all the
     * same, with the new one. */
    said = run(0, "sync '%s'", d1); /* the first key's too */
    EXPECT_CONTAINS(said, "2 signing keys for desks");
    said = run(0,
               "print '%s' '%s' --printer 'file:%s' --model QL-800 --media"
               " 62x100",
               d1, nth_secret(ev, 0), tu_path("rotate.bin"));
    struct stat sb;
    EXPECT_TRUE(stat(tu_path("rotate.bin"), &sb) == 0 && sb.st_size > 1000);
    EXPECT_INT(sql_int(d1, "SELECT max(key_id) FROM badge WHERE"
                           " tutorial_id IS NULL"),
               second);
    /* And with that file named, the retired key is refused in a
     * sentence. */
    said = run(1, "issue --key '%s' '%s' 48243", tu_path("rotate-d1.key"), d1);
    EXPECT_CONTAINS(said, "was retired");
}

/* A desk running while the organizer rotates the key: its worker takes
 * the key sealed to it, and the next badge it prints is signed with the
 * new key, with nobody restarting it. */
static void a_running_desk_prints_with_a_key_rotated_while_it_runs(void)
{
    const char *hub;
    const char *ev = published_event("liverot", &hub);
    const char *key = tu_copy(tu_path("event.key"), "liverot.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *desk = add_station(ev, "desk-1", "desk", "liverot-desk.db");
    char args[1024];
    snprintf(args, sizeof(args),
             "--station desk --name desk-1 --printer 'file:%s' --model "
             "QL-800 --media 62x100",
             tu_path("liverot.bin"));
    struct live a;
    REQUIRE(live_start(&a, "", desk, args) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    long long first = sql_int(ev, "SELECT max(key_id) FROM signing_key");
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    wait_count(
        desk,
        tu_format("SELECT count(*) FROM badge WHERE tutorial_id IS NULL AND"
                  " key_id = %lld",
                  first),
        1);

    REQUIRE(rename(key, tu_path("liverot-old.key")) == 0);
    /* The new key is published with the rotation itself (issue 57.3), no
     * `checkin sync` needed. */
    const char *said = run(0, "rotate-key '%s'", ev);
    EXPECT_CONTAINS(said, "signing key for a desk");
    long long second = sql_int(ev, "SELECT max(key_id) FROM signing_key");
    wait_count(desk, "SELECT count(*) FROM sync_signing_key", 1);
    wait_count(desk,
               "SELECT count(*) FROM signing_key WHERE retired_ms IS"
               " NOT NULL",
               1);
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    wait_count(
        desk,
        tu_format("SELECT count(*) FROM badge WHERE tutorial_id IS NULL AND"
                  " key_id = %lld",
                  second),
        1);
    EXPECT_INT(live_stop(&a), 0);
}

static void a_running_booth_sends_leads_and_learns_revocations(void)
{
    struct hubfix f;
    const char *hub, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "livebooth", NULL, &hub, "desk-1", "desk",
                               "livebooth-desk.db", &desk, "booth-1",
                               "leads:datawise", "livebooth-booth.db", &booth,
                               NULL));
    struct live a, b;
    REQUIRE(live_start(&a, "", desk, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, "", booth,
                       "--station leads:datawise --name booth-1 --cooldown "
                       "0.05") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    char first[256];
    snprintf(first, sizeof(first), "%s", issued_code("", desk));
    REQUIRE(first[0] != '\0');
    scan_expect(&b, first, "reason", "lead");
    EXPECT_INT(live_stop(&b), 0); /* its last sync sends the lead */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'datawise'"),
               1);
    char second[256];
    snprintf(second, sizeof(second), "%s", issued_code("--new", desk));
    REQUIRE(second[0] != '\0');
    /* The desk's worker sends the revocation; the booth, started again,
     * takes it before its first scan. */
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge") <
               1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    REQUIRE(live_start(&b, "", booth,
                       "--station leads:datawise --name booth-1") == 0);
    json_t *d = live_scan(&b, first);
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "decision"), "deny");
    json_decref(d);
    EXPECT_INT(live_stop(&b), 0);
    EXPECT_INT(live_stop(&a), 0);
}

/* A running expo station enrolled at the hub: a sponsor's phone posts a
 * code to its booth, and the station's own sync worker sends the lead up
 * under that sponsor while it runs. */
static void a_running_expo_station_sends_a_booths_lead(void)
{
    struct hubfix f;
    const char *hub, *desk, *hall;
    REQUIRE(hubfix_enrolled_as(&f, "liveexpo", NULL, &hub, "desk-1", "desk",
                               "liveexpo-desk.db", &desk, "expo-hall", "expo",
                               "liveexpo-x.db", &hall, NULL));
    char olivia[256], body[600];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    snprintf(body, sizeof(body), "{\"text\":\"%s\"}", olivia);
    /* Datawise's token, as its printed link carries it. */
    const char *links = run(0, "expo tokens '%s' --url http://x", hall);
    const char *line = strstr(links, "datawise\t");
    const char *tok = line ? strstr(line, "token=") : NULL;
    REQUIRE(tok != NULL);
    char cookie[128];
    snprintf(cookie, sizeof(cookie), "checkin_booth=%.*s",
             (int)strcspn(tok + 6, "\n"), tok + 6);

    unlink(tu_path("live.err"));
    struct live x;
    REQUIRE(live_start(&x, "", hall, "--station expo --web 127.0.0.1:0") == 0);
    REQUIRE(wait_link(&x, true, 0, 20000));
    char *err = tu_read_file(tu_path("live.err"), NULL);
    const char *u = err ? strstr(err, "http://127.0.0.1:") : NULL;
    int port = u ? (int)strtol(u + strlen("http://127.0.0.1:"), NULL, 10) : 0;
    free(err);
    REQUIRE(port > 0);
    char *head = NULL, *resp = NULL;
    EXPECT_INT(
        wd_http(port, "POST", "/api/booth/scan",
                tu_format("Host: 127.0.0.1:%d\r\nCookie: %s\r\nContent-Type: "
                          "application/json\r\n",
                          port, cookie),
                body, &head, &resp),
        200);
    EXPECT_CONTAINS(resp ? resp : "", "\"reason\":\"lead\"");
    free(head);
    free(resp);
    /* Up while it runs: the worker pushes after the decision. */
    int64_t t0 = tu_mono_ms();
    long long n = 0;
    while ((n = pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                  " station = 'expo-hall' AND sponsor_slug ="
                                  " 'datawise'")) < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    EXPECT_INT(n, 1);
    EXPECT_INT(live_stop(&x), 0);
}

/* The phone's link of a running station, from what it said on its
 * standard error (tu_path("live.err")): its port and its token. */
static bool phone_link(int *port, char *token, size_t cap)
{
    char *err = tu_read_file(tu_path("live.err"), NULL);
    const char *u =
        err ? strstr(err, "Phones scan at: http://127.0.0.1:") : NULL;
    const char *t = u ? strstr(u, "token=") : NULL;
    *port = u ? (int)strtol(u + strlen("Phones scan at: http://127.0.0.1:"),
                            NULL, 10)
              : 0;
    if (t)
        snprintf(token, cap, "%.*s", (int)strcspn(t + 6, " \n"), t + 6);
    free(err);
    return *port > 0 && t;
}

/* A phone's read of `code`, made `age_ms` before it was sent to the
 * station on `port` (the page kept it while the station could not be
 * reached); the station's answer (malloc'd). */
static char *phone_read(int port, const char *token, const char *code,
                        const char *id, long long age_ms)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long long now = (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
    char extra[512], *head = NULL, *resp = NULL;
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n"
             "Content-Type: application/json\r\n",
             port, token);
    EXPECT_INT(
        wd_http(
            port, "POST", "/api/scan", extra,
            tu_format("{\"text\":\"%s\",\"read_id\":\"%s\",\"read_at_ms\":%lld,"
                      "\"sent_at_ms\":%lld}",
                      code, id, now - age_ms, now),
            &head, &resp),
        200);
    free(head);
    return resp ? resp : strdup("");
}

/* A phone's read kept while desk A could not be reached and decided by
 * the time it was read (issue 31) keeps that time on its way: desk A's
 * push takes it to the hub, desk B's pull brings it down, and `checkin
 * merge` of desk A's file into the organizer's (never synced: the
 * station files alone) carries it too; `checkin attendees` on desk B's
 * file and on the organizer's shows the check-in at its decision's time
 * and the phone's read ten minutes before. */
static void a_phones_read_time_travels_through_the_hub_and_merge(void)
{
    const char *hub;
    char ev[512], a_db[512], b_db[512], token[128];
    snprintf(ev, sizeof(ev), "%s", published_event("readat", &hub));
    snprintf(a_db, sizeof(a_db), "%s",
             add_station(ev, "desk-a", "desk", "readat-a.db"));
    snprintf(b_db, sizeof(b_db), "%s",
             add_station(ev, "desk-b", "desk", "readat-b.db"));
    char code[256];
    snprintf(code, sizeof(code), "%s", secret_of(ev, "48243"));
    char order[64];
    snprintf(order, sizeof(order), "%s",
             sql_text(ev, "SELECT order_code FROM attendee WHERE ticket_id ="
                          " '48243'"));

    unlink(tu_path("live.err"));
    struct live a;
    REQUIRE(live_start(&a, "", a_db,
                       "--station desk --name desk-a --web 127.0.0.1:0") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    int port;
    REQUIRE(phone_link(&port, token, sizeof(token)));
    char *resp = phone_read(port, token, code, "readat-kept-1", 600000);
    EXPECT_CONTAINS(resp, "\"decision\":\"admit\"");
    EXPECT_CONTAINS(resp, "\"read_time\":");
    free(resp);
    EXPECT_INT(live_stop(&a), 0); /* its last sync sends the row */

    long long read_at = sql_int(a_db, "SELECT read_at_ms FROM scan WHERE"
                                      " attendee_ticket_id = '48243'");
    long long at = sql_int(a_db, "SELECT at_ms FROM scan WHERE"
                                 " attendee_ticket_id = '48243'");
    EXPECT_TRUE(at - read_at >= 600000 && at - read_at < 660000);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.scan WHERE attendee_ticket_id ="
                " '48243' AND read_at_ms = %lld",
                read_at)),
        1);

    run(0, "sync '%s'", b_db);
    EXPECT_INT(sql_int(b_db, "SELECT read_at_ms FROM scan WHERE"
                             " attendee_ticket_id = '48243'"),
               read_at);
    char want[96];
    snprintf(want, sizeof(want), "\"read_at_ms\":%lld", read_at);
    const char *said = run(0, "attendees --json '%s' %s", b_db, order);
    EXPECT_CONTAINS(said, want);
    EXPECT_CONTAINS(said, "\"station\":\"desk-a\"");
    said = run(0, "attendees '%s' %s", b_db, order);
    EXPECT_CONTAINS(said, " at desk-a (read by a phone at ");

    /* The organizer's file, from the station files alone. */
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan"), 0);
    run(0, "merge '%s' '%s'", ev, a_db);
    EXPECT_INT(sql_int(ev, "SELECT read_at_ms FROM scan WHERE"
                           " attendee_ticket_id = '48243'"),
               read_at);
    said = run(0, "attendees --json '%s' %s", ev, order);
    EXPECT_CONTAINS(said, want);
    said = run(0, "attendees '%s' %s", ev, order);
    EXPECT_CONTAINS(said, " at desk-a (read by a phone at ");
}

/* A desk's phone read at a phone at desk `db`, running with --web, of
 * `ticket`'s code 10 minutes after it was read; the desk stopped after
 * it (its last push).  The read's time as the desk journaled it. */
static long long desk_phone_read(const char *ev, const char *db,
                                 const char *ticket)
{
    char code[256], token[128], id[64];
    snprintf(code, sizeof(code), "%s", secret_of(ev, ticket));
    snprintf(id, sizeof(id), "phone-read-%s", ticket);
    unlink(tu_path("live.err"));
    struct live a;
    if (live_start(&a, "", db,
                   "--station desk --name desk-a --web 127.0.0.1:0") != 0) {
        TU_FAIL_AT("desk-a did not start");
        return 0;
    }
    int port;
    if (wait_link(&a, true, 0, 20000) &&
        phone_link(&port, token, sizeof(token))) {
        char *resp = phone_read(port, token, code, id, 600000);
        EXPECT_CONTAINS(resp, "\"decision\":\"admit\"");
        EXPECT_CONTAINS(resp, "\"read_time\":");
        free(resp);
    }
    EXPECT_INT(live_stop(&a), 0); /* its last sync sends the row */
    return sql_int(db,
                   tu_format("SELECT coalesce(read_at_ms, 0) FROM scan WHERE"
                             " attendee_ticket_id = '%s'",
                             ticket));
}

/* A station's web token is its own (issue 31): the organizer's file,
 * having served a station's web page (its token and the address phones
 * scanned at kept in the file), gives neither to a station `hub
 * add-station` enrolls. */
static void an_enrolled_station_takes_no_web_token_of_the_organizers(void)
{
    const char *hub;
    char ev[512];
    snprintf(ev, sizeof(ev), "%s", published_event("tokenown", &hub));
    sql_write(ev, "INSERT INTO setting (key, value) VALUES ('web_token',"
                  " '0123456789abcdef0123456789abcdef')");
    sql_write(ev, "INSERT INTO setting (key, value) VALUES ('web_phones_at',"
                  " 'https://10.0.0.5:8443')");
    /* A phone's read the organizer's file decided (schema 17): the
     * station's own, never another station's. */
    sql_write(ev, "INSERT INTO phone_read (read_key, at_ms) VALUES"
                  " ('/0f3a9c1e-read-1', 1778569080000)");
    const char *desk = add_station(ev, "desk-1", "desk", "tokenown-desk.db");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM setting WHERE key IN"
                             " ('web_token', 'web_phones_at')"),
               0);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM phone_read"), 0);
    /* The event's other settings still come. */
    EXPECT_TRUE(sql_int(desk, "SELECT count(*) FROM setting") >=
                sql_int(ev, "SELECT count(*) FROM setting") - 2);
}

/* Older hubs keep working (issue 31): at a format 16 hub, a desk's row
 * with a phone's read time goes up without it; the organizer's sync
 * upgrades the hub, which keeps that row as it was, and the desk's next
 * such row goes up with its read time. */
static void a_format_16_hub_takes_rows_without_the_read_time(void)
{
    const char *hub;
    char ev[512], a_db[512];
    snprintf(ev, sizeof(ev), "%s", published_event("readat16", &hub));
    snprintf(a_db, sizeof(a_db), "%s",
             add_station(ev, "desk-a", "desk", "readat16-a.db"));
    REQUIRE(pgserver_exec(hub, FORMAT16_HUB) == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " information_schema.columns WHERE"
                                 " table_name = 'scan' AND column_name ="
                                 " 'read_at_ms'"),
               0);
    EXPECT_TRUE(desk_phone_read(ev, a_db, "48243") > 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " attendee_ticket_id = '48243'"),
               1);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " attendee_ticket_id = '48243' AND"
                                 " read_at_ms IS NULL"),
               1);
    long long read_at = desk_phone_read(ev, a_db, "48275");
    EXPECT_TRUE(read_at > 0);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.scan WHERE attendee_ticket_id ="
                " '48275' AND read_at_ms = %lld",
                read_at)),
        1);
}

/* Sponsor `slug`'s token in the expo file `hall`, as its printed link
 * carries it ("" when the file has no such sponsor). */
static const char *booth_token(const char *hall, const char *slug)
{
    static char tok[80];
    char key[80];
    tok[0] = '\0';
    snprintf(key, sizeof(key), "\n%s\t", slug);
    const char *links = run(0, "expo tokens '%s' --url http://x", hall);
    char *all = malloc(strlen(links) + 2);
    if (!all)
        return tok;
    snprintf(all, strlen(links) + 2, "\n%s", links);
    const char *line = strstr(all, key);
    const char *t = line ? strstr(line, "token=") : NULL;
    if (t)
        snprintf(tok, sizeof(tok), "%.*s", (int)strcspn(t + 6, "\n"), t + 6);
    free(all);
    return tok;
}

/* GET a booth's link `/booth/?token=T` (or POST a code to its scan with
 * the cookie when `code`) at the station on `port`; the status, the
 * answer's body in *body (free it). */
static int booth_get(int port, const char *tok, const char *code, char **body)
{
    char extra[512], path[160], post[600];
    char *head = NULL;
    *body = NULL;
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\nContent-Type:"
             " application/json\r\n",
             port, tok);
    snprintf(path, sizeof(path), "/booth/?token=%s", tok);
    snprintf(post, sizeof(post), "{\"text\":\"%s\"}", code ? code : "");
    int st = code ? wd_http(port, "POST", "/api/booth/scan", extra, post, &head,
                            body)
                  : wd_http(port, "GET", path, extra, NULL, &head, body);
    free(head);
    if (!*body)
        *body = strdup("");
    return st;
}

/* Wait up to 20 s for the booth link `tok` to answer `status` (the
 * running station learns its booths at its worker's syncs); the body. */
static char *booth_link_until(int port, const char *tok, int status)
{
    int64_t t0 = tu_mono_ms();
    char *body = NULL;
    int got = 0;
    for (;;) {
        got = booth_get(port, tok, NULL, &body);
        if (got == status || tu_mono_ms() - t0 > 20000)
            break;
        free(body);
        usleep(20000);
    }
    if (got != status)
        TU_FAIL_AT("the booth link answered %d (%s), not %d", got, body,
                   status);
    return body;
}

static bool is_held(json_t *o, const void *arg)
{
    return !strcmp(live_str(o, "event"), "sync") &&
           json_integer_value(json_object_get(o, "leads_held")) ==
               *(const long *)arg;
}

/* The expo hall both expo tests start from: the demo event at a hub of
 * its own, desk-1 and the hall enrolled (files NAME-desk-1.db and
 * NAME-expo-hall.db), and two paid attendees' badges issued at the desk
 * (Olivia, ticket 48243; Jean-Luc, 48275) and synced, so the hub knows
 * them. */
struct expo_hub {
    struct hubfix f;
    const char *desk, *hall; /* f.file[0], f.file[1] */
    char olivia[256], jeanluc[256];
};

static bool expo_hub_open(struct expo_hub *x, const char *name)
{
    if (!hubfix_open(&x->f, name, NULL, "desk-1", "desk", "expo-hall", "expo",
                     NULL))
        return false;
    x->desk = x->f.file[0];
    x->hall = x->f.file[1];
    issue_code(x->desk, "48243", x->olivia, sizeof(x->olivia));
    issue_code(x->desk, "48275", x->jeanluc, sizeof(x->jeanluc));
    run(0, "sync '%s'", x->desk);
    return true;
}

/* A running expo station learns its booths from the hub: a lead of a
 * booth closed there, made before the station learned it, waits in the
 * file and the worker's line names it, while another booth's lead goes
 * up; the closed booth's link and phone are refused in one sentence; a
 * sponsor added at the hub gets a working link; the booth reopened takes
 * its link back and its lead goes up. */
static void a_running_expo_station_learns_its_booths_from_the_hub(void)
{
    struct expo_hub x0;
    REQUIRE(expo_hub_open(&x0, "learnexpo"));
    const char *hub = x0.f.hub, *ev = x0.f.ev, *hall = x0.hall,
               *olivia = x0.olivia, *jeanluc = x0.jeanluc;
    char datawise[80], nimbus[80];
    snprintf(datawise, sizeof(datawise), "%s", booth_token(hall, "datawise"));
    snprintf(nimbus, sizeof(nimbus), "%s", booth_token(hall, "nimbus-data"));
    REQUIRE(datawise[0] && nimbus[0]);
    /* Closed at the hub while the hall's laptop was off; a lead made then
     * at nimbus-data's booth. */
    run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    expo_lead(hall, "expo-hall", "nimbus-data", olivia, "offline", 2, NULL, 0);

    unlink(tu_path("live.err"));
    struct live x;
    REQUIRE(live_start(&x, "", hall, "--station expo --web 127.0.0.1:0") == 0);
    long one = 1;
    json_t *o = live_next(&x, 20000, is_held, &one);
    if (!o)
        TU_FAIL_AT("the station never said it holds one lead");
    else
        EXPECT_CONTAINS(live_str(o, "text"), "1 lead of booths closed at the"
                                             " hub held (nimbus-data)");
    json_decref(o);
    char *err = tu_read_file(tu_path("live.err"), NULL);
    const char *u = err ? strstr(err, "http://127.0.0.1:") : NULL;
    int port = u ? (int)strtol(u + strlen("http://127.0.0.1:"), NULL, 10) : 0;
    free(err);
    REQUIRE(port > 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data'"),
               0);
    /* The links handed out leave the closed booth out, and say so. */
    const char *links = run(0, "expo tokens '%s' --url http://x", hall);
    EXPECT_CONTAINS(links, "datawise\t");
    EXPECT_NOT_CONTAINS(links, "nimbus-data\t");
    EXPECT_CONTAINS(links, "Left out, closed by the organizer at the hub as"
                           " this file last learned (the station refuses"
                           " their links): nimbus-data.");

    /* The closed booth: its link and its phone get the one sentence. */
    char *body = booth_link_until(port, nimbus, 403);
    EXPECT_CONTAINS(body, "This booth was closed by the organizer; ask at the"
                          " registration desk.");
    free(body);
    EXPECT_INT(booth_get(port, nimbus, jeanluc, &body), 403);
    EXPECT_CONTAINS(body, "This booth was closed by the organizer");
    free(body);
    /* Another booth's lead goes up while it runs. */
    EXPECT_INT(booth_get(port, datawise, olivia, &body), 200);
    EXPECT_CONTAINS(body, "\"reason\":\"lead\"");
    free(body);
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                             " sponsor_slug = 'datawise'") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'datawise'"),
               1);

    /* A sponsor added on the organizer's laptop: published, pulled, and
     * its link opens its booth. */
    const char *ini = tu_path("learnexpo.ini");
    if (tu_sh("{ cat '%s/demo/event.ini'; printf '\n[sponsor acme-late]\n"
              "name = Acme Late\n'; } > '%s'",
              CONFIG_DIR, ini))
        TU_FAIL_AT("could not write %s", ini);
    run(0, "event '%s' '%s'", ev, ini);
    char acme[80] = "";
    t0 = tu_mono_ms();
    while (!acme[0] && tu_mono_ms() - t0 < 20000) {
        snprintf(acme, sizeof(acme), "%s", booth_token(hall, "acme-late"));
        if (!acme[0])
            usleep(50000);
    }
    REQUIRE(acme[0] != '\0');
    free(booth_link_until(port, acme, 303));
    EXPECT_INT(booth_get(port, acme, olivia, &body), 200);
    EXPECT_CONTAINS(body, "\"reason\":\"lead\"");
    free(body);

    /* Reopened: the link works again and the lead held goes up. */
    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    EXPECT_INT(booth_get(port, datawise, jeanluc, &body), 200); /* a sync */
    free(body);
    free(booth_link_until(port, nimbus, 303));
    t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                             " sponsor_slug = 'nimbus-data'") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data' AND note ="
                                 " 'offline'"),
               1);
    EXPECT_INT(live_stop(&x), 0);
}

/* The organizer writes a sponsor's leads from the hub (`checkin hub
 * leads`): the leads of a sponsor's phones at the expo station, with the
 * contact details of the attendee who agreed only, the file its booth
 * exports, before the organizer's own file pulled them (and byte for byte
 * the organizer's own export once it has); 0600, never over an existing
 * file; neither the event file nor the hub is changed; another sponsor's
 * file holds none of it; a station's file, an unknown sponsor or a missing
 * --out is one sentence. */
static void the_organizer_writes_a_booths_leads_from_the_hub(void)
{
    const char *hub;
    char ev[1024], hall[1024], csv[1024], other[1024], local[1024];
    snprintf(ev, sizeof(ev), "%s", published_event("hubleads", &hub));
    const char *desk = add_station(ev, "desk-1", "desk", "hl-desk.db");
    snprintf(hall, sizeof(hall), "%s",
             add_station(ev, "expo-hall", "expo", "hl-hall.db"));
    snprintf(csv, sizeof(csv), "%s", tu_path("hl-datawise.csv"));
    snprintf(other, sizeof(other), "%s", tu_path("hl-nimbus.csv"));
    snprintf(local, sizeof(local), "%s", tu_path("hl-local.csv"));
    char olivia[256], jeanluc[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));   /* consents */
    issue_code(desk, "48275", jeanluc, sizeof(jeanluc)); /* does not */
    run(0, "sync '%s'", desk);
    const char *tags[] = {"hiring", "demo"};
    expo_lead(hall, "expo-hall", "datawise", olivia, "wants a demo", 4, tags,
              2);
    expo_lead(hall, "expo-hall", "datawise", jeanluc, "no consent", 2, NULL, 0);
    run(0, "sync '%s'", hall);

    size_t ev_len = 0;
    char *ev_before = tu_read_file(ev, &ev_len);
    long long hub_before = pgserver_int(
        hub, "SELECT count(*) + coalesce(sum(length(note)), 0) FROM"
             " checkin.lead");
    const char *said = run(0, "hub leads '%s' datawise --out '%s'", ev, csv);
    EXPECT_CONTAINS(said, "1 leads listed; 1 more from attendees who did not"
                          " agree");
    char *got = tu_read_file(csv, NULL);
    EXPECT_CONTAINS(got ? got : "", "olivia.hw@example.com");
    EXPECT_CONTAINS(got ? got : "", "wants a demo");
    EXPECT_CONTAINS(got ? got : "", "demo; hiring");
    EXPECT_NOT_CONTAINS(got ? got : "", "Jean-Luc");
    EXPECT_NOT_CONTAINS(got ? got : "", "no consent");
    struct stat sb;
    EXPECT_INT(stat(csv, &sb), 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    /* Only read: the event file's bytes and the hub's leads as they were
     * (the organizer's file has not pulled the leads). */
    size_t ev_len2 = 0;
    char *ev_after = tu_read_file(ev, &ev_len2);
    EXPECT_TRUE(ev_before && ev_after && ev_len == ev_len2 &&
                !memcmp(ev_before, ev_after, ev_len));
    free(ev_before);
    free(ev_after);
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM lead"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) + coalesce(sum(length("
                                 "note)), 0) FROM checkin.lead"),
               hub_before);

    /* Never over a file: the second run is refused, the file as it was. */
    said = run(1, "hub leads '%s' datawise --out '%s'", ev, csv);
    EXPECT_CONTAINS(said, "already exists and is never replaced");
    char *again = tu_read_file(csv, NULL);
    EXPECT_STR(again ? again : "", got ? got : "");
    free(again);

    /* Another sponsor's file holds none of datawise's leads. */
    run(0, "hub leads '%s' nimbus-data --out '%s'", ev, other);
    char *none = tu_read_file(other, NULL);
    EXPECT_NOT_CONTAINS(none ? none : "", "Olivia");
    EXPECT_NOT_CONTAINS(none ? none : "", "wants a demo");
    free(none);

    /* The same file as the organizer's own export once it pulled. */
    run(0, "sync '%s'", ev);
    run(0, "export '%s' leads --sponsor datawise --out '%s'", ev, local);
    char *mine = tu_read_file(local, NULL);
    EXPECT_STR(got ? got : "", mine ? mine : "");
    free(mine);
    free(got);

    /* Each mistake, one sentence, nothing written. */
    said = run(1, "hub leads '%s' no-such-sponsor --out '%s'", ev,
               tu_path("hl-none.csv"));
    EXPECT_CONTAINS(said, "There is no sponsor 'no-such-sponsor'");
    EXPECT_CONTAINS(said, "its sponsors are: blue-heron-bank, datawise,");
    said = run(1, "hub leads '%s' datawise --out '%s'", hall,
               tu_path("hl-none.csv"));
    EXPECT_CONTAINS(said, "is a station's file (expo-hall), not the event"
                          " database");
    said = run(2, "hub leads '%s' datawise", ev);
    EXPECT_CONTAINS(said, "--out FILE.csv");
    EXPECT_TRUE(access(tu_path("hl-none.csv"), F_OK) != 0);
}

/* Sponsor `slug`'s token in the expo file `xdb` at generation 0, made
 * here with libsodium from the file's key (event/expo.c's rule). */
static void token_of_key(const char *xdb, const char *slug, char out[65])
{
    const char *hex =
        sql_text(xdb, "SELECT value FROM setting WHERE key = 'expo_key'");
    uint8_t key[32];
    size_t got = 0;
    out[0] = '\0';
    if (sodium_hex2bin(key, sizeof(key), hex, strlen(hex), NULL, &got, NULL) ||
        got != 32) {
        TU_FAIL_AT("%s holds no expo key", xdb);
        return;
    }
    char msg[128];
    int n = snprintf(msg, sizeof(msg), "sponsor:%s:0", slug);
    uint8_t mac[32];
    crypto_auth_hmacsha256(mac, (const uint8_t *)msg, (size_t)n, key);
    sodium_bin2hex(out, 65, mac, sizeof(mac));
}

/* An expo station's sync killed after the hub committed its push, before
 * the file noted it, while one booth is closed at the hub: the open
 * booths' leads are not sent twice, the closed booth's lead stays held
 * through the kill and the next sync, and once the booth is open again
 * the held lead goes up once, also when that sync is killed the same way. */
static void an_expo_sync_killed_after_its_push_keeps_the_held_leads(void)
{
    struct expo_hub x;
    REQUIRE(expo_hub_open(&x, "killexpo"));
    const char *hub = x.f.hub, *ev = x.f.ev, *hall = x.hall, *olivia = x.olivia,
               *jeanluc = x.jeanluc;
    run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    expo_lead(hall, "expo-hall", "nimbus-data", olivia, "held", 2, NULL, 0);
    expo_lead(hall, "expo-hall", "datawise", olivia, "open", 4, NULL, 0);
    expo_lead(hall, "expo-hall", "datawise", jeanluc, "open", 5, NULL, 0);
    const char *q_open = "SELECT count(*) FROM checkin.lead WHERE"
                         " sponsor_slug = 'datawise'";
    const char *q_held = "SELECT count(*) FROM checkin.lead WHERE"
                         " sponsor_slug = 'nimbus-data'";

    int st = tu_sh("CHECKIN_TEST_KILL_AT=leads-pushed:killexpo-expo-hall.db "
                   "'%s' sync '%s' >/dev/null 2>&1",
                   CHECKIN_BIN, hall);
    EXPECT_TRUE(WIFEXITED(st) == 0 || WEXITSTATUS(st) != 0);
    EXPECT_INT(pgserver_int(hub, q_open), 2);
    EXPECT_INT(pgserver_int(hub, q_held), 0);
    const char *said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "1 lead of booths the organizer closed at the hub"
                          " (nimbus-data) waits in this file");
    EXPECT_INT(pgserver_int(hub, q_open), 2);
    EXPECT_INT(pgserver_int(hub, q_held), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);

    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    st = tu_sh("CHECKIN_TEST_KILL_AT=leads-pushed:killexpo-expo-hall.db "
               "'%s' sync '%s' >/dev/null 2>&1",
               CHECKIN_BIN, hall);
    EXPECT_TRUE(WIFEXITED(st) == 0 || WEXITSTATUS(st) != 0);
    EXPECT_INT(pgserver_int(hub, q_held), 1);
    said = run(0, "sync '%s'", hall);
    EXPECT_NOT_CONTAINS(said, "closed at the hub");
    EXPECT_INT(pgserver_int(hub, q_held), 1);
    EXPECT_INT(pgserver_int(hub, q_open), 2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data' AND note ="
                                 " 'held' AND rating = 2"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);
}

/* `hub add-station --station expo --phones-url URL --qr DIR` enrolls the
 * expo station and writes its booths' setup QR codes in one command: a
 * bad URL, or a DIR that holds a file, is one sentence before anything
 * is enrolled, and the file in DIR is left as it was. */
static void add_station_writes_the_expo_booths_qr_codes(void)
{
    const char *hub;
    char ev[1024], xdb[1024], dir[1024], keep[1100];
    snprintf(ev, sizeof(ev), "%s", published_event("expoqr", &hub));
    snprintf(xdb, sizeof(xdb), "%s", tu_path("expoqr-x.db"));
    snprintf(dir, sizeof(dir), "%s", tu_path("expoqr-booths"));
    snprintf(keep, sizeof(keep), "%s/keep.txt", dir);

    const char *said = run(1,
                           "hub add-station '%s' expo-hall --station expo"
                           " --out '%s' --phones-url ftp://expo:8443 --qr '%s'",
                           ev, xdb, dir);
    EXPECT_CONTAINS(said, "'ftp://expo:8443' is not a station's address as"
                          " phones open it; give --phones-url like"
                          " https://expo.example:8443.");
    said = run(1,
               "hub add-station '%s' expo-hall --station expo --out '%s'"
               " --phones-url https://expo:99999",
               ev, xdb);
    EXPECT_CONTAINS(said, "is not a station's address");
    REQUIRE(mkdir(dir, 0700) == 0);
    if (tu_sh("printf 'mine\n' > '%s'", keep))
        TU_FAIL_AT("could not write %s", keep);
    said = run(1,
               "hub add-station '%s' expo-hall --station expo --out '%s'"
               " --phones-url https://expo.checkin.test:8443 --qr '%s'",
               ev, xdb, dir);
    EXPECT_CONTAINS(said, "already holds files; give --qr a new or empty"
                          " folder (nothing is overwritten).");
    char *kept = tu_read_file(keep, NULL);
    EXPECT_STR(kept ? kept : "", "mine\n");
    free(kept);
    said = run(2,
               "hub add-station '%s' desk-9 --station desk --out '%s'"
               " --phones-url https://expo.checkin.test:8443",
               ev, xdb);
    EXPECT_CONTAINS(said, "give it with --station expo");
    /* Nothing was enrolled, and no file made. */
    EXPECT_TRUE(access(xdb, F_OK) != 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station"
                                 " WHERE kind = 'expo'"),
               0);

    /* An empty folder is fine: enrolled, and each booth's QR code reads
     * back as exactly its link. */
    unlink(keep);
    said = run(0,
               "hub add-station '%s' expo-hall --station expo --out '%s'"
               " --phones-url https://expo.checkin.test:8443/ --qr '%s'",
               ev, xdb, dir);
    EXPECT_CONTAINS(said, "Enrolled expo-hall (expo)");
    EXPECT_CONTAINS(said, "booths' QR codes in");
    const char *slugs[] = {"datawise", "nimbus-data"};
    for (int i = 0; i < 2; i++) {
        char png[1200], want[300], tok[65];
        snprintf(png, sizeof(png), "%s/%s.png", dir, slugs[i]);
        struct stat sb;
        REQUIRE(stat(png, &sb) == 0);
        EXPECT_INT(sb.st_mode & 0777, 0600);
        token_of_key(xdb, slugs[i], tok);
        snprintf(want, sizeof(want),
                 "https://expo.checkin.test:8443/booth/?token=%s", tok);
        said = run(0, "decode '%s'", png);
        EXPECT_CONTAINS(said, want);
    }
    char links[1200];
    snprintf(links, sizeof(links), "%s/links.txt", dir);
    struct stat sb;
    REQUIRE(stat(links, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
}

/* ---- the event description changed on the organizer's laptop ---- */

/* The demo description with tutorial `slug`'s `key` line set to `value`
 * (sed, in that section only), written to tu_path(`name`). */
static const char *edited_event(const char *name, const char *slug,
                                const char *key, const char *value)
{
    const char *ini = tu_path(name);
    if (tu_sh("sed -e '/^.tutorial %s\\]/,/^$/ s/^%s = .*$/%s = %s/' "
              "'%s/demo/event.ini' > '%s'",
              slug, key, key, value, CONFIG_DIR, ini))
        TU_FAIL_AT("could not write %s", ini);
    return ini;
}

/* The `n`th paid person who bought tutorial `has` and not `not`. */
static const char *secret_for(const char *db, const char *has, const char * not,
                              int n)
{
    return sql_text(
        db, tu_format(
                "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
                " s.attendee_id WHERE a.status = 'paid' AND a.testmode = 0 AND"
                " s.revoked = 0 AND a.id IN (SELECT x.attendee_id FROM"
                " attendee_tutorial x JOIN tutorial u ON u.id = x.tutorial_id"
                " WHERE u.slug = '%s') AND a.id NOT IN (SELECT x.attendee_id"
                " FROM attendee_tutorial x JOIN tutorial u ON u.id ="
                " x.tutorial_id WHERE u.slug = '%s') ORDER BY a.ticket_id LIMIT"
                " 1 OFFSET %d",
                has, not, n));
}

/* A tutorial moved to another room on the organizer's laptop while a door
 * and a desk run: `checkin event` publishes it, the hub wakes them, and
 * the door's next refusal and the desk's next check-in name the new
 * room. */
static void a_tutorial_moved_on_the_laptop_reaches_a_running_door_and_desk(void)
{
    struct hubfix f;
    const char *hub, *ev, *door, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "moved", &ev, &hub, "door-1",
                               "door:asyncio-practice", "moved-door.db", &door,
                               "desk-1", "desk", "moved-desk.db", &desk, NULL));
    struct live d, k;
    REQUIRE(live_start(&d, "", door,
                       "--station door:asyncio-practice --clock "
                       "'2027-05-12 09:05' --name door-1") == 0);
    REQUIRE(live_start(&k, "", desk, "--station desk --name desk-1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    REQUIRE(wait_link(&k, true, 0, 20000));
    char pandas[128], pandas2[128];
    snprintf(pandas, sizeof(pandas), "%s",
             secret_for(ev, "pandas-intro", "asyncio-practice", 0));
    snprintf(pandas2, sizeof(pandas2), "%s",
             secret_for(ev, "pandas-intro", "asyncio-practice", 1));
    /* Before: pandas-intro is in 101A. */
    json_t *o = live_scan(&d, pandas);
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "wrong-room");
    EXPECT_CONTAINS(live_str(o, "reason_text"), " is in 101A,");
    json_decref(o);

    const char *ini =
        edited_event("moved.ini", "pandas-intro", "room", "Hall B");
    const char *said = run(0, "event '%s' '%s'", ev, ini);
    EXPECT_CONTAINS(said, "tutorial pandas-intro: room 101A -> Hall B\n");
    EXPECT_CONTAINS(said, "sent 1 event description change");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind ="
                                 " 'tutorial' AND data->>'room' = 'Hall B'"),
               1);
    int64_t t0 = tu_mono_ms();
    wait_count(door, "SELECT count(*) FROM tutorial WHERE room = 'Hall B'", 1);
    wait_count(desk, "SELECT count(*) FROM tutorial WHERE room = 'Hall B'", 1);
    printf("# the new room reached the running door and desk in %lld ms\n",
           (long long)(tu_mono_ms() - t0));
    /* The door sends the next one to the new room. */
    o = live_scan(&d, pandas2);
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "wrong-room");
    EXPECT_CONTAINS(live_str(o, "reason_text"), " is in Hall B,");
    json_decref(o);
    /* The desk lists the new room for someone who bought pandas. */
    o = live_scan(&k, pandas);
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "checked-in");
    bool listed = false;
    json_t *t;
    size_t i;
    json_array_foreach(json_object_get(o, "tutorials"), i, t)
    {
        if (!strcmp(live_str(t, "room"), "Hall B"))
            listed = true;
        EXPECT_TRUE(strcmp(live_str(t, "room"), "101A") != 0);
    }
    EXPECT_TRUE(listed);
    json_decref(o);
    EXPECT_INT(live_stop(&d), 0);
    EXPECT_INT(live_stop(&k), 0);
    /* Publishing the same description again sends nothing. */
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent nothing");
}

/* A full room given more seats on the laptop: its running door admits
 * one more, then is full again. */
static void a_capacity_raised_on_the_laptop_admits_one_more_at_a_door(void)
{
    const char *hub;
    const char *ev = published_event("seats", &hub);
    run(0, "event '%s' '%s'", ev,
        edited_event("seats-2.ini", "pandas-intro", "capacity", "2"));
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "seats-door.db");
    EXPECT_INT(sql_int(door, "SELECT capacity FROM tutorial WHERE slug ="
                             " 'pandas-intro'"),
               2);
    struct live d;
    REQUIRE(live_start(&d, "", door,
                       "--station door:pandas-intro --clock "
                       "'2027-05-12 09:05' --name door-1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    for (int i = 0; i < 2; i++) {
        scan_expect(&d, pandas_secret(ev, i), "reason", "entered");
    }
    scan_expect(&d, pandas_secret(ev, 2), "reason", "full");
    const char *said =
        run(0, "event '%s' '%s'", ev,
            edited_event("seats-3.ini", "pandas-intro", "capacity", "3"));
    EXPECT_CONTAINS(said, "tutorial pandas-intro: capacity 2 -> 3\n");
    wait_count(door,
               "SELECT count(*) FROM tutorial WHERE slug = 'pandas-intro'"
               " AND capacity = 3",
               1);
    json_t *o = live_scan(&d, pandas_secret(ev, 3));
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "entered");
    EXPECT_INT(json_integer_value(
                   json_object_get(json_object_get(o, "counters"), "capacity")),
               3);
    json_decref(o);
    scan_expect(&d, pandas_secret(ev, 4), "reason", "full");
    EXPECT_INT(live_stop(&d), 0);
}

/* A hub made by an older `hub init` (format 1, no event description):
 * stations still sync with it; the organizer's next publication adds the
 * table, and the change reaches them.  A booth reads only its part. */
static void an_older_hub_is_upgraded_by_the_organizer(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "oldhub", &ev, &hub, "desk-1", "desk", "oldhub-desk.db", &desk,
        "booth-1", "leads:datawise", "oldhub-booth.db", &booth, NULL));
    REQUIRE(pgserver_exec(hub, OLD_HUB) == 0); /* enrolling upgraded it */
    run(0, "sync '%s'", desk);
    const char *said =
        run(0, "event '%s' '%s'", ev,
            edited_event("oldhub.ini", "typing-mypy", "room", "Hall C"));
    EXPECT_CONTAINS(said, "tutorial typing-mypy: room");
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "event description change");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM tutorial WHERE slug ="
                             " 'typing-mypy' AND room = 'Hall C'"),
               1);
    /* Every row was taken: the next sync reads none of them again. */
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "received nothing");
    EXPECT_NOT_CONTAINS(said, "does not know yet");
    said = run(0, "sync '%s'", booth);
    EXPECT_CONTAINS(said, "event description change");
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM tutorial WHERE slug ="
                              " 'typing-mypy' AND room = 'Hall C'"),
               1);
    PGconn *c = connect_as_station(booth);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.event_description"
                      " WHERE kind IN ('source_item', 'setting')",
                      NULL),
               0);
    EXPECT_TRUE(pq_int(c,
                       "SELECT count(*) FROM checkin.event_description"
                       " WHERE kind = 'sponsor'",
                       NULL) > 0);
    char state[6];
    EXPECT_INT(
        pq_int(c, "UPDATE checkin.event_description SET data = NULL", state),
        -1);
    EXPECT_STR(state, "42501");
    PQfinish(c);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM source_item"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM setting WHERE key LIKE"
                              " 'pretix.%'"),
               0);
}

/* ---- what the hub believes of a station (issue 28) ---- */

/* One more row for push_rows_by_hand in `rows`: row `seq` of run
 * c1c1c1c1c1c1c1c1 under identity `uid` and name `name`, checked in now
 * at a desk; with `ref` (ref_station_id, ref_seq) an undo of it, with
 * `supervisor` that supervisor's. */
static void scan_row(char *rows, size_t cap, int seq, const char *uid,
                     const char *name, const char *ticket, const char *ref,
                     const char *supervisor)
{
    size_t n = strlen(rows);
    snprintf(rows + n, cap - n,
             "%s('c1c1c1c1c1c1c1c1', %d, '%s', '%s', " NOW_MS ", 'desk', '',"
             " 'x', %s, 'admit', 'checked-in', 'in', 1, '%s', %s, %s%s%s)",
             n ? ", " : "", seq, uid, name, ticket, ref ? "undo" : "scan",
             ref ? ref : "NULL, NULL", supervisor ? "'" : "",
             supervisor ? supervisor : "NULL", supervisor ? "'" : "");
}

/* `values` (rows of checkin.scan's columns station_id, seq, station_uid,
 * station, at_ms, mode, target, code, attendee_ticket_id, decision,
 * reason, direction, pushed_ms, act, ref_station_id, ref_seq,
 * supervisor) inserted in one statement with the credentials in
 * `station_db`, after it claims run `run_id`: as push_by_hand. */
static long long push_rows_by_hand(const char *station_db, const char *run_id,
                                   const char *values, char *state)
{
    PGconn *c = connect_as_station(station_db);
    pq_int(
        c,
        tu_format("INSERT INTO checkin.run VALUES ('%s', '%s') ON CONFLICT DO"
                  " NOTHING",
                  run_id,
                  sql_text(station_db, "SELECT station_uid FROM sync_hub")),
        NULL);
    long long n = pq_int(
        c,
        tu_format(
            "INSERT INTO checkin.scan (station_id, seq, station_uid,"
            " station, at_ms, mode, target, code, attendee_ticket_id,"
            " decision, reason, direction, pushed_ms, act, ref_station_id,"
            " ref_seq, supervisor) VALUES %s",
            values),
        state);
    PQfinish(c);
    return n;
}

/* A journal row as a station would push it by hand with the credentials
 * in its file (psql "$(sqlite3 FILE 'SELECT conninfo FROM sync_hub')"):
 * claims run `run` for the station, then inserts the row; -1 and the
 * SQLSTATE in `state` when the hub refuses, else the rows inserted. */
static long long push_by_hand(const char *station_db, const char *run_id,
                              long long seq, const char *name,
                              const char *ticket, const char *at_ms,
                              char *state)
{
    PGconn *c = connect_as_station(station_db);
    char uid[64], mode[80];
    snprintf(uid, sizeof(uid), "%s",
             sql_text(station_db, "SELECT station_uid FROM sync_hub"));
    snprintf(mode, sizeof(mode), "%s",
             sql_text(station_db, "SELECT role FROM sync_hub"));
    char *colon = strchr(mode, ':');
    const char *target = colon ? colon + 1 : "";
    if (colon)
        *colon = '\0';
    pq_int(
        c,
        tu_format("INSERT INTO checkin.run VALUES ('%s', '%s') ON CONFLICT DO"
                  " NOTHING",
                  run_id, uid),
        NULL);
    char tk[128];
    snprintf(tk, sizeof(tk), ticket ? "'%s'" : "NULL", ticket);
    long long n = pq_int(
        c,
        tu_format("INSERT INTO checkin.scan (station_id, seq, station_uid,"
                  " station, at_ms, mode, target, code, attendee_ticket_id,"
                  " decision, reason, direction, pushed_ms) VALUES ('%s', %lld,"
                  " '%s', '%s', %s, '%s', '%s', 'forged', %s, 'admit',"
                  " 'checked-in', 'in', 1)",
                  run_id, seq, uid, name, at_ms ? at_ms : NOW_MS, mode, target,
                  tk),
        state);
    PQfinish(c);
    return n;
}

/* A desk's journal row with `day`, pushed by hand as push_by_hand does:
 * the rows the hub kept (0: set aside). */
static long long push_day(const char *desk, long long seq, const char *at_ms,
                          const char *day)
{
    PGconn *c = connect_as_station(desk);
    char uid[64], name[64];
    snprintf(uid, sizeof(uid), "%s",
             sql_text(desk, "SELECT station_uid FROM sync_hub"));
    snprintf(name, sizeof(name), "%s",
             sql_text(desk, "SELECT name FROM sync_hub"));
    pq_int(c,
           tu_format(
               "INSERT INTO checkin.run VALUES ('zone-run', '%s') ON CONFLICT"
               " DO NOTHING",
               uid),
           NULL);
    pq_int(
        c,
        tu_format("INSERT INTO checkin.scan (station_id, seq, station_uid,"
                  " station, at_ms, mode, target, code, decision, reason,"
                  " direction, pushed_ms, day) VALUES ('zone-run', %lld, '%s',"
                  " '%s', %s, 'desk', '', 'x', 'deny', 'unknown-code', 'in', 1,"
                  " '%s')",
                  seq, uid, name, at_ms, day),
        NULL);
    long long n =
        pq_int(c,
               tu_format("SELECT count(*) FROM checkin.scan WHERE station_id ="
                         " 'zone-run' AND seq = %lld",
                         seq),
               NULL);
    PQfinish(c);
    return n;
}

/* Attack 1: a booth's credentials wrote a row under a desk's name numbered
 * near 2^63, and every later check-in at that desk went unrecorded.  The
 * hub refuses the row; and a row of that kind already in a desk's file
 * (pulled from an older hub) no longer sets the desk's numbers. */
static void a_booths_row_under_a_desks_name_is_refused(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "trust1", &ev, &hub, "desk-1", "desk", "trust1-desk.db", &desk,
        "booth-1", "leads:datawise", "trust1-booth.db", &booth, NULL));
    char state[6] = "";
    EXPECT_INT(push_by_hand(booth, "f0f0f0f0f0f0f0f0", 9223372036854775000LL,
                            "desk-1", NULL, NULL, state),
               -1);
    EXPECT_STR(state, "42501");
    /* Under its own name, a number past JOURNAL_SEQ_MAX is refused too. */
    EXPECT_INT(push_by_hand(booth, "f0f0f0f0f0f0f0f0", 9223372036854775000LL,
                            "booth-1", NULL, NULL, state),
               -1);
    EXPECT_STR(state, "22003");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 0);

    /* Such a row in the desk's file, as a run pulled from the hub. */
    tu_sh("sqlite3 '%s' \"INSERT INTO scan (station_id, station, seq, at_ms,"
          " mode, target, code, decision, reason, direction) VALUES"
          " ('f0f0f0f0f0f0f0f0', 'desk-1', 9223372036854775807, 1, 'leads',"
          " 'datawise', 'forged', 'admit', 'lead', 'in'); INSERT INTO"
          " sync_run (station_id, own) VALUES ('f0f0f0f0f0f0f0f0', 0)\"",
          desk);
    char codes[512];
    snprintf(codes, sizeof(codes), "%s\n", secret_of(ev, "48275"));
    size_t n = strlen(codes);
    snprintf(codes + n, sizeof(codes) - n, "%s\n", secret_of(ev, "48243"));
    char *out = scan(desk, "--station desk", codes);
    EXPECT_NOT_CONTAINS(out, "\"recorded\":false");
    EXPECT_CONTAINS(out, "\"recorded\":true");
    free(out);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE station ="
                             " 'desk-1' AND seq IN (1, 2) AND code !="
                             " 'forged'"),
               2);
    const char *said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "sent 2 scans");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               2);
}

/* The hub's vetting of a pushed journal row (vet, vet_act and
 * vet_supervisor, hub formats 6, 8 and 9), as a change folding them must
 * keep it: a row for another station refuses its whole statement, and a
 * row is set aside with the first fault of the three checks, in their
 * order. */
static void a_pushed_row_is_set_aside_with_its_first_fault(void)
{
    const char *hub;
    const char *ev = published_event("trust21", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "trust21-1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "trust21-2.db");
    char u1[64], u2[64], rows[2048] = "", state[6] = "";
    snprintf(u1, sizeof(u1), "%s",
             sql_text(d1, "SELECT station_uid FROM sync_hub"));
    snprintf(u2, sizeof(u2), "%s",
             sql_text(d2, "SELECT station_uid FROM sync_hub"));
    /* desk-1's own row and one under desk-2's identity, in one
     * statement: refused whole, nothing stored. */
    scan_row(rows, sizeof(rows), 1, u1, "desk-1", "'48275'", NULL, NULL);
    scan_row(rows, sizeof(rows), 2, u2, "desk-2", "'48243'", NULL, NULL);
    EXPECT_INT(push_rows_by_hand(d1, "c1c1c1c1c1c1c1c1", rows, state), -1);
    EXPECT_STR(state, "42501");
    /* Its own identity under desk-2's name: refused too. */
    rows[0] = '\0';
    scan_row(rows, sizeof(rows), 1, u1, "desk-2", "'48275'", NULL, NULL);
    EXPECT_INT(push_rows_by_hand(d1, "c1c1c1c1c1c1c1c1", rows, state), -1);
    EXPECT_STR(state, "42501");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);

    /* Set aside, each with its first fault: an undo naming no row (what
     * vet_act found), a supervisor the event does not have
     * (vet_supervisor's), and a ticket the hub does not know with such a
     * supervisor (vet's, which ran first); a true row is kept. */
    rows[0] = '\0';
    scan_row(rows, sizeof(rows), 1, u1, "desk-1", "'48275'", "'nope', 7", NULL);
    scan_row(rows, sizeof(rows), 2, u1, "desk-1", "'48275'", NULL,
             "no-such-supervisor");
    scan_row(rows, sizeof(rows), 3, u1, "desk-1", "'no-such-ticket'", NULL,
             "no-such-supervisor");
    scan_row(rows, sizeof(rows), 4, u1, "desk-1", "'48275'", NULL, NULL);
    EXPECT_INT(push_rows_by_hand(d1, "c1c1c1c1c1c1c1c1", rows, state), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT seq FROM checkin.scan"), 4);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 3);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"
                                 " WHERE (seq, fault) IN ((1, 'an undo naming"
                                 " no row of its list'), (2, 'a supervisor"
                                 " the event does not have'), (3, 'a ticket"
                                 " the hub does not know'))"),
               3);
}

/* Attack 2: with desk-1's credentials, a row "admitted at desk-2" made
 * desk-2 refuse someone it never saw; rows for made-up tickets and dates
 * in 2255 were counted.  Now the first is refused, the others are set
 * aside: not counted, sent to no station, listed by `hub status`. */
static void a_desk_cannot_speak_for_another_desk(void)
{
    const char *hub;
    const char *ev = published_event("trust2", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "trust2-1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "trust2-2.db");
    char state[6] = "";
    EXPECT_INT(
        push_by_hand(d1, "a1a1a1a1a1a1a1a1", 1, "desk-2", "48275", NULL, state),
        -1);
    EXPECT_STR(state, "42501");
    EXPECT_INT(push_by_hand(d1, "a1a1a1a1a1a1a1a1", 1, "desk-1",
                            "no-such-ticket", NULL, state),
               0);
    EXPECT_INT(push_by_hand(d1, "a1a1a1a1a1a1a1a1", 2, "desk-1", "48275",
                            "9057456000000" /* 2257-01-06 */, state),
               0);
    /* A run's rows come in order: one below a row held is refused. */
    EXPECT_INT(
        push_by_hand(d1, "a1a1a1a1a1a1a1a1", 5, "desk-1", "48275", NULL, state),
        1);
    EXPECT_INT(
        push_by_hand(d1, "a1a1a1a1a1a1a1a1", 4, "desk-1", "48243", NULL, state),
        -1);
    EXPECT_STR(state, "23514");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 2);

    /* desk-2 takes the one true row only, and says where it happened. */
    const char *said = run(0, "sync '%s'", d2);
    EXPECT_CONTAINS(said, "received 1 scan");
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station !="
                           " 'desk-1' OR attendee_ticket_id != '48275'"),
               0);
    SCAN_SAYS(d2, "--station desk", tu_format("%s\n", secret_of(ev, "48243")),
              "checked-in");

    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "2 journal rows set aside");
    EXPECT_CONTAINS(said, "1: a ticket the hub does not know from desk-1");
    EXPECT_CONTAINS(said, "1: a time outside the event's days and the hub's"
                          " clock from desk-1");
    /* The pushing station reads what was set aside of its own rows, and
     * nothing of another's. */
    PGconn *c = connect_as_station(d1);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.quarantine", NULL), 2);
    PQfinish(c);
    c = connect_as_station(d2);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.quarantine", NULL), 0);
    PQfinish(c);

    /* An honest desk with its clock years off: its push says the hub set
     * its row aside, and why to look. */
    free(scan(d2, "--station desk --clock '2031-03-02 10:00'",
              tu_format("%s\n", secret_of(ev, "48715"))));
    said = run(0, "sync '%s'", d2);
    EXPECT_CONTAINS(said, "sent 1 scan");
    EXPECT_CONTAINS(said, "The hub set aside 1 of the journal rows this "
                          "station sent");
    said = run(0, "sync '%s'", d2);
    EXPECT_NOT_CONTAINS(said, "set aside");
}

/* Rows a hub of format 5 took without vetting them are set aside when
 * the organizer's next sync brings it to format 6. */
static void rows_an_older_hub_took_are_set_aside_at_its_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "trust3", &ev, &hub, "desk-1", "desk", "trust3-desk.db", &desk,
        "booth-1", "leads:datawise", "trust3-booth.db", &booth, NULL));
    REQUIRE(pgserver_exec(hub, FORMAT5_HUB) == 0);
    /* Enrolling took the desk's first sync at format 7; as a desk
     * enrolled at a format 5 hub, it has not looked for rows set aside. */
    REQUIRE(tu_sh("sqlite3 '%s' \"DELETE FROM sync_cursor WHERE tbl ="
                  " 'set_aside'\"",
                  desk) == 0);
    EXPECT_INT(
        push_by_hand(booth, "b2b2b2b2b2b2b2b2", 7, "desk-1", NULL, NULL, NULL),
        1);
    free(scan(desk, "--station desk",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 2);
    /* The desk pulled the forged row (a booth's, under its name). */
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE code ="
                             " 'forged'"),
               1);
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan WHERE code ="
                           " 'forged'"),
               0);
    /* The desk's next sync takes it out of its file; its own row stays. */
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "1 journal row was pulled before the hub set it "
                          "aside");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE code ="
                             " 'forged'"),
               0);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan"), 1);
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "set it aside");
    EXPECT_TRUE(tu_sh("sqlite3 '%s' 'DELETE FROM scan' 2>/dev/null", desk) !=
                0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1' AND code != 'forged'"),
               1);
    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said,
                    "1: named desk-1 but written by booth-1 from booth-1");
    /* The journal is append-only again after the sweep. */
    EXPECT_TRUE(pgserver_exec(hub, "DELETE FROM checkin.scan") != 0);
}

/* ---- what each role holds ---- */

/* Whether the bytes of `needle` are anywhere in `db` or its -wal. */
static bool file_holds(const char *db, const char *needle)
{
    bool found = false;
    for (int w = 0; w < 2 && !found; w++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s%s", db, w ? "-wal" : "");
        size_t len = 0;
        char *data = tu_read_file(path, &len);
        found = data && memmem(data, len, needle, strlen(needle)) != NULL;
        free(data);
    }
    return found;
}

/* What a door may hold: checks of its file and, with its own
 * credentials, of what the hub lets it read.  `room` is its tutorial. */
static void door_holds_its_room(const char *ev, const char *door,
                                const char *room)
{
    EXPECT_TRUE(sql_int(door, "SELECT count(*) FROM attendee") ==
                sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE email !="
                             " '' OR company != '' OR order_code != '' OR"
                             " sponsor_consent != 0"),
               0);
    EXPECT_INT(
        sql_int(
            door,
            tu_format(
                "SELECT count(*) FROM attendee a WHERE given_name || "
                "family_name"
                " || badge_name || search_key != '' AND NOT EXISTS (SELECT 1"
                " FROM attendee_tutorial x JOIN tutorial t ON t.id ="
                " x.tutorial_id WHERE x.attendee_id = a.id AND t.slug = '%s')",
                room)),
        0);
    EXPECT_TRUE(sql_int(door, "SELECT count(*) FROM ticket_secret") ==
                sql_int(ev, "SELECT count(*) FROM ticket_secret"));
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM ticket_secret WHERE"
                             " secret NOT LIKE 'sha256:%'"),
               0);
    EXPECT_INT(
        sql_int(
            door,
            tu_format(
                "SELECT count(*) FROM scan WHERE NOT (mode = 'door' AND target"
                " = '%s')",
                room)),
        0);
    /* No secret, email or company of anyone, in any page of the file
     * (a sponsor's name is in the event description). */
    sqlite3 *h;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open_v2(ev, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(h,
                               "SELECT secret FROM ticket_secret UNION ALL"
                               " SELECT email FROM attendee WHERE email != ''"
                               " UNION ALL SELECT company FROM attendee"
                               " WHERE company != '' AND company NOT IN"
                               " (SELECT name FROM sponsor)",
                               -1, &q, NULL) == SQLITE_OK);
    int held = 0, looked = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        looked++;
        held += file_holds(door, (const char *)sqlite3_column_text(q, 0));
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    EXPECT_TRUE(looked > 100);
    EXPECT_INT(held, 0);

    PGconn *c = connect_as_station(door);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE station_uid"
                      " != (SELECT uid FROM checkin.station)",
                      NULL),
               0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.door_registration WHERE"
                      " email != '' OR company != '' OR order_code != '' OR"
                      " EXISTS (SELECT 1 FROM unnest(secrets ||"
                      " revoked_secrets) x WHERE x NOT LIKE 'sha256:%')",
                      NULL),
               0);
    EXPECT_INT(
        pq_int(
            c,
            tu_format(
                "SELECT count(*) FROM checkin.door_scan WHERE NOT (mode ="
                " 'door' AND target = '%s') OR convert_from(code, 'UTF8') NOT"
                " LIKE 'sha256:%%'",
                room),
            NULL),
        0);
    PQfinish(c);
}

/* A door holds its room (issue 28): its file and its role on the hub
 * hold every registration's ticket type, status and tutorials, names
 * only of its own tutorial's people, no email, company or order code,
 * confirmation secrets only hashed, and no desk's journal rows; yet it
 * admits by confirmation code and by badge, and sends others to their
 * room.  A hash is no code: scanned, it admits nobody.  A desk and a
 * booth read nothing of the door's views. */
static void a_door_holds_its_room_and_no_contact_details_or_secrets(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "least", &ev, &hub, "desk-1", "desk", "least-desk.db", &desk,
        "door-1", "door:pandas-intro", "least-door.db", &door, "booth-1",
        "leads:datawise", "least-booth.db", &booth, NULL));
    /* Both checked in at the desk by their confirmation codes. */
    char secret[64];
    snprintf(secret, sizeof(secret), "%s", secret_of(ev, "48275"));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n%s\n", secret, secret_of(ev, "48715"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " mode = 'desk'"),
               2);
    run(0, "sync '%s'", door);
    /* 48275 bought the pandas tutorial; 48715 asyncio-practice. */
    char *out = scan(door,
                     "--station door:pandas-intro --name door-1 --clock "
                     "'2027-05-12 09:05'",
                     tu_format("%s\n%s\n", secret, secret_of(ev, "48715")));
    EXPECT_CONTAINS(out, "\"reason\":\"entered\"");
    EXPECT_CONTAINS(out, "Jean-Luc");
    EXPECT_CONTAINS(out, "\"reason\":\"wrong-room\"");
    free(out);
    EXPECT_INT(sql_int(door,
                       "SELECT count(*) FROM attendee WHERE ticket_id = '48275'"
                       " AND given_name = 'Jean-Luc'"),
               1);
    char hashed[CREDENTIAL_SECRET_HASH_CHARS];
    credential_secret_hash(secret, strlen(secret), hashed);
    SCAN_SAYS(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:06'",
              tu_format("%s\n", hashed), "unknown-code");
    /* Its own scans of codes keep them hashed, up to the hub. */
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " mode = 'door' AND convert_from(code,"
                                 " 'UTF8') LIKE 'sha256:%'"),
               3);
    door_holds_its_room(ev, door, "pandas-intro");
    /* A second door of the room gets the first's rows, codes hashed. */
    const char *door2 =
        add_station(ev, "door-2", "door:pandas-intro", "least-door2.db");
    run(0, "sync '%s'", door2);
    EXPECT_INT(sql_int(door2, "SELECT count(*) FROM scan"), 3);
    door_holds_its_room(ev, door2, "pandas-intro");
    SCAN_SAYS(door2,
              "--station door:pandas-intro --name door-2 --clock "
              "'2027-05-12 09:10'",
              secret, "already-inside");
    PGconn *c = connect_as_station(desk);
    EXPECT_INT(
        pq_int(c, "SELECT count(*) FROM checkin.door_registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.door_scan", NULL), 0);
    EXPECT_TRUE(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL) >
                100);
    PQfinish(c);
    c = connect_as_station(booth);
    EXPECT_INT(
        pq_int(c, "SELECT count(*) FROM checkin.door_registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.door_scan", NULL), 0);
    PQfinish(c);
}

/* The names of `ticket` in `db`, as hex of their exact bytes. */
/* Ticket `ticket`'s secrets in `db`, hex, in order, revoked marked. */
static char *secrets_hex(const char *db, const char *ticket)
{
    return strdup(sql_text(
        db,
        tu_format("SELECT group_concat(hex(s.secret) || ':' || s.revoked, '.')"
                  " FROM (SELECT s.secret, s.revoked FROM ticket_secret s JOIN"
                  " attendee a ON a.id = s.attendee_id WHERE a.ticket_id = '%s'"
                  " ORDER BY s.secret) s",
                  ticket)));
}

static char *names_hex(const char *db, const char *ticket)
{
    return strdup(sql_text(
        db,
        tu_format("SELECT hex(given_name) || '.' || hex(family_name) || '.' ||"
                  " hex(badge_name) || '.' || hex(pronouns) FROM attendee WHERE"
                  " ticket_id = '%s'",
                  ticket)));
}

/* A station's first pull comes by COPY (pull.c, copy_query): a name
 * holding a tab, a backslash, a newline, a lone "\N", backslash
 * sequences COPY itself uses, and any Unicode arrives byte for byte, at a
 * desk for everyone and at a door for its own room's people only, who
 * see no one else's name, email or secret. */
/* The plan of `sql` (with $1 the mark, $2 the station's uid) on `c`,
 * prepared, as PostgreSQL makes it under plan_cache_mode `mode`. */
static char *plan_of(PGconn *c, const char *sql, const char *mark,
                     const char *uid, const char *mode)
{
    char q[2048];
    snprintf(q, sizeof(q),
             "SET plan_cache_mode = %s; DEALLOCATE ALL;"
             " PREPARE p(xid8, text) AS %s",
             mode, sql);
    PQclear(PQexec(c, q));
    snprintf(q, sizeof(q), "EXPLAIN EXECUTE p('%s', '%s')", mark, uid);
    PGresult *r = PQexec(c, q);
    size_t cap = 1, n = 0;
    for (int i = 0; i < PQntuples(r); i++)
        cap += strlen(PQgetvalue(r, i, 0)) + 1;
    char *plan = malloc(cap);
    if (!plan)
        abort();
    plan[0] = '\0';
    for (int i = 0; i < PQntuples(r); i++)
        n += (size_t)snprintf(plan + n, cap - n, "%s\n", PQgetvalue(r, i, 0));
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        TU_FAIL_AT("EXPLAIN: %s", PQresultErrorMessage(r));
    PQclear(r);
    return plan;
}

/* A desk's pull starts by asking whether any registration lies at or
 * above its mark (sync/pull.c, pull_start).  On a hub just published,
 * before autovacuum's round (off here, as it is for the first minute),
 * PostgreSQL answered that by reading every registration, at every sync
 * of every desk; the publish now takes the statistics, and the answer
 * comes from the hub_xid index, prepared plan or not. */
static void
a_desks_pull_start_reads_registrations_by_index_after_a_publish(void)
{
    REQUIRE(pgserver_exec("postgres", "ALTER SYSTEM SET autovacuum = off") ==
            0);
    REQUIRE(pgserver_exec("postgres", "SELECT pg_reload_conf()") == 0);
    const char *ev = tu_copy(tu_demo_event(), "stats.db");
    hubfix_publish(ev, "stats");
    const char *desk = add_station(ev, "desk-1", "desk", "stats-desk.db");
    char mark[32], uid[64];
    snprintf(mark, sizeof(mark), "%s",
             sql_text(desk, "SELECT horizon FROM sync_cursor WHERE tbl ="
                            " 'registration'"));
    snprintf(uid, sizeof(uid), "%s",
             sql_text(desk, "SELECT station_uid FROM sync_hub WHERE id = 1"));
    PGconn *c = connect_as_station(desk);
    static const char *const modes[] = {"force_custom_plan",
                                        "force_generic_plan"};
    for (size_t k = 0; k < 2; k++) {
        char *plan = plan_of(
            c,
            "SELECT EXISTS (SELECT ticket_id FROM checkin.registration"
            " WHERE hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY"
            " hub_seq)",
            mark, uid, modes[k]);
        EXPECT_NOT_CONTAINS(plan, "Seq Scan on registration");
        EXPECT_CONTAINS(plan, "registration_hub_xid_idx");
        free(plan);
    }
    PQfinish(c);
    REQUIRE(pgserver_exec("postgres", "ALTER SYSTEM RESET autovacuum") == 0);
    REQUIRE(pgserver_exec("postgres", "SELECT pg_reload_conf()") == 0);
}

/* A desk's pull after another desk's check-in (issue 32: every desk makes
 * one per check-in, so the hub's cost of a check-in grows with the desks)
 * costs the hub one round trip, the same as a pull that finds nothing:
 * the transaction, the question for every other table, the journal's new
 * rows and the commit go as one pipeline (sync/pull_start.c,
 * sync_pull_quick).
 * Before, it took four (begin, the question, the journal, commit) where a
 * pull that found nothing took three.  Counted at the relay between the
 * desk and the hub over two `checkin sync`s alike but for the check-in;
 * then a pull with a registration changed too takes both (the pull as
 * before, in a snapshot of its own). */
static void a_check_in_reaches_another_desk_in_one_round_trip_of_its_pull(void)
{
    struct hubfix f;
    REQUIRE(hubfix_enrolled(&f, "trip", "desk-1", "desk", "trip-1.db", "desk-2",
                            "desk", "trip-2.db", NULL));
    const char *ev = f.ev;
    const char *d1 = f.file[0];
    const char *d2 = f.file[1];
    REQUIRE(hubfix_through_relay(d1));
    run(0, "sync '%s'", d1);
    long before = relay_turns();
    run(0, "sync '%s'", d1);
    long nothing = relay_turns() - before;
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 3))));
    run(0, "sync '%s'", d2);
    before = relay_turns();
    run(0, "sync '%s'", d1);
    long one = relay_turns() - before;
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-2'"),
               1);
    printf("# a desk's sync: %ld round trips finding nothing, %ld taking"
           " a check-in\n",
           nothing, one);
    EXPECT_TRUE(nothing > 0);
    EXPECT_INT(one, nothing);
    /* A registration edited on the laptop and a check-in: both come. */
    sql_write(ev, "UPDATE attendee SET given_name = 'Roundtrip' WHERE"
                  " ticket_id = (SELECT min(ticket_id) FROM attendee)");
    run(0, "sync '%s'", ev);
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 4))));
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", d1);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-2'"),
               2);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM attendee WHERE"
                           " given_name = 'Roundtrip'"),
               1);
}

/* Whether door file `door` holds `secret` as a hub hashes it: 'sha256:'
 * and the hex of its SHA-256, here taken by libsodium. */
static long long door_holds_hashed(const char *door, const char *secret)
{
    uint8_t h[crypto_hash_sha256_BYTES];
    char hex[2 * sizeof(h) + 1];
    crypto_hash_sha256(h, (const uint8_t *)secret, strlen(secret));
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    return sql_int(
        door,
        tu_format(
            "SELECT count(*) FROM ticket_secret WHERE secret = 'sha256:%s'",
            hex));
}

/* A format 20 hub (secrets hashed by PL/pgSQL) is upgraded to 21 by the
 * organizer's sync, and hashes as before: codes of one ASCII code (with
 * a backslash), of one non-ASCII code and of three codes, published
 * after the upgrade, are hashed as SHA-256 of their UTF-8 bytes (every
 * registration's columns against PostgreSQL's sha256() of convert_to(),
 * the door's file against libsodium's). */
static void a_format_20_hub_is_upgraded_to_21_hashing_secrets_the_same(void)
{
    struct hubfix f;
    const char *ev, *hub, *door;
    REQUIRE(hubfix_enrolled_as(&f, "inline", &ev, &hub, "door-1",
                               "door:pandas-intro", "inline-door.db", &door,
                               NULL));
    REQUIRE(pgserver_exec(hub, FORMAT20_HUB) == 0);
    const char *lang = "SELECT count(*) FROM pg_proc p JOIN pg_language l ON"
                       " l.oid = p.prolang WHERE p.oid ="
                       " 'checkin.hashed(text[])'::regprocedure AND"
                       " l.lanname = 'sql'";
    EXPECT_INT(pgserver_int(hub, lang), 0);
    /* The nth paid registration's codes: the first's and the second's
     * replaced by one, the third's two added to its own. */
    static const struct {
        int nth;
        bool add;
        const char *code;
    } CODES[] = {{0, false, "single\\slash-1"},
                 {1, false, "a\303\261adido-\303\274-1"},
                 {2, true, "extra-b"},
                 {2, true, "extra-a"}};
    for (size_t i = 0; i < sizeof(CODES) / sizeof(CODES[0]); i++) {
        char who[160];
        snprintf(who, sizeof(who),
                 "(SELECT id FROM attendee WHERE status = 'paid' AND"
                 " testmode = 0 ORDER BY ticket_id LIMIT 1 OFFSET %d)",
                 CODES[i].nth);
        if (!CODES[i].add) {
            sql_write(
                ev,
                tu_format("DELETE FROM ticket_secret WHERE attendee_id = %s",
                          who));
        }
        sql_write(
            ev,
            tu_format("INSERT INTO ticket_secret (secret, attendee_id) VALUES"
                      " ('%s', %s)",
                      CODES[i].code, who));
    }
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, lang), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE 'extra-a' = ANY (secrets) AND"
                                 " cardinality(hashed_secrets) = 3"),
               1);
    EXPECT_INT(pgserver_int(hub,
                            "SELECT count(*) FROM checkin.registration r WHERE"
                            " (r.hashed_secrets, r.hashed_revoked) IS DISTINCT"
                            " FROM ROW((SELECT coalesce(array_agg('sha256:' ||"
                            " encode(sha256(convert_to(x, 'UTF8')), 'hex')"
                            " ORDER BY x), '{}') FROM unnest(r.secrets) x),"
                            " (SELECT coalesce(array_agg('sha256:' ||"
                            " encode(sha256(convert_to(x, 'UTF8')), 'hex')"
                            " ORDER BY x), '{}') FROM unnest(r.revoked_secrets)"
                            " x))"),
               0);
    run(0, "sync '%s'", door);
    for (size_t i = 0; i < sizeof(CODES) / sizeof(CODES[0]); i++)
        EXPECT_INT(door_holds_hashed(door, CODES[i].code), 1);
}

/* A format 19 hub (no change marks) is upgraded to 20 by the organizer's
 * sync, marking each table at its rows' highest stamp: a desk whose
 * cursor is below an edit pushed before the upgrade still pulls it,
 * and what moves afterwards is marked by the statements that write it
 * (a check-in, a registration the organizer edits), so the desks stay
 * in step.  A publish that changes nothing marks nothing. */
static void a_format_19_hub_is_upgraded_to_20_with_its_desks_in_step(void)
{
    struct hubfix f;
    REQUIRE(hubfix_enrolled(&f, "marks", "desk-1", "desk", "marks-1.db",
                            "desk-2", "desk", "marks-2.db", NULL));
    const char *ev = f.ev;
    const char *d1 = f.file[0];
    const char *d2 = f.file[1];
    const char *hub = f.hub;
    REQUIRE(pgserver_exec(hub, FORMAT19_HUB) == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM pg_class WHERE"
                                 " relname = 'changed'"),
               0);
    run(0, "sync '%s'", d2);
    free(scan(d1, "--station desk --name desk-1",
              tu_format("%s\n", nth_secret(ev, 3))));
    run(0, "edit '%s' 48275 --given-name Seeded", d1);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.changed c"
                                 " WHERE tbl = 'scan' AND xid = (SELECT"
                                 " max(hub_xid) FROM checkin.scan)"),
               1);
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-1'"),
               1);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM attendee WHERE ticket_id ="
                           " '48275' AND given_name = 'Seeded'"),
               1);
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 4))));
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", d1);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-2'"),
               1);
    run(0, "sync '%s'", ev);
    long marks = pgserver_int(hub, "SELECT count(*) FROM checkin.changed"
                                   " WHERE tbl = 'registration'");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.changed"
                                 " WHERE tbl = 'registration'"),
               marks);
    sql_write(ev, "UPDATE attendee SET given_name = 'Marked' WHERE"
                  " ticket_id = (SELECT min(ticket_id) FROM attendee)");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " r, checkin.changed c WHERE c.tbl ="
                                 " 'registration' AND c.xid = r.hub_xid AND"
                                 " r.given_name = 'Marked'"),
               1);
    run(0, "sync '%s'", d1);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM attendee WHERE"
                           " given_name = 'Marked'"),
               1);
}

static void a_first_pull_by_copy_keeps_every_byte_and_a_door_its_room(void)
{
    const char *ev = tu_copy(tu_demo_event(), "copy.db");
    /* 48275 bought the pandas tutorial; 48715 did not. */
    sql_write(ev, "UPDATE attendee SET given_name = 'Tab' || char(9) ||"
                  " 'bed', family_name = 'Back\\slash \\N \\t \\x41"
                  " \\101 end\\', badge_name = 'Two' || char(10) ||"
                  " 'lines' || char(13) || char(10) || char(8) || char(11)"
                  " || char(12) || char(1), pronouns = 'Zoë 日本語 😀'"
                  " WHERE ticket_id IN ('48275', '48715');"
                  "UPDATE attendee SET badge_name = '\\N' WHERE ticket_id"
                  " = '48715';"
                  /* Secrets the hub's JSON array of them must escape, or
                   * that look like its punctuation; a revoked one beside. */
                  "UPDATE ticket_secret SET secret = 'q\"u,o]t\\e\",\"x'"
                  " WHERE attendee_id = (SELECT id FROM attendee WHERE"
                  " ticket_id = '48715');"
                  "INSERT INTO ticket_secret (secret, attendee_id, revoked)"
                  " SELECT '[\"],' || char(10), id, 1 FROM attendee WHERE"
                  " ticket_id = '48715';"
                  "UPDATE ticket_secret SET secret = 'a,b],[c' WHERE"
                  " attendee_id = (SELECT min(id) FROM attendee WHERE"
                  " ticket_id NOT IN ('48275', '48715'));");
    hubfix_publish(ev, "copy");
    const char *desk = add_station(ev, "desk-1", "desk", "copy-desk.db");
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "copy-door.db");
    static const char *const tickets[] = {"48275", "48715"};
    for (size_t k = 0; k < 2; k++) {
        char *want = names_hex(ev, tickets[k]);
        char *got = names_hex(desk, tickets[k]);
        EXPECT_STR(got, want);
        free(got);
        got = names_hex(door, tickets[k]);
        /* The door: its own room's person by name, the other nameless. */
        EXPECT_STR(got, k == 0 ? want : "...");
        free(got);
        free(want);
        want = secrets_hex(ev, tickets[k]);
        got = secrets_hex(desk, tickets[k]);
        EXPECT_STR(got, want);
        free(got);
        free(want);
    }
    char *third = strdup(sql_text(ev, "SELECT ticket_id FROM attendee WHERE"
                                      " id = (SELECT min(id) FROM attendee"
                                      " WHERE ticket_id NOT IN ('48275',"
                                      " '48715'))"));
    char *want = secrets_hex(ev, third), *got = secrets_hex(desk, third);
    EXPECT_STR(got, want);
    EXPECT_CONTAINS(want, "612C625D2C5B63:0"); /* a,b],[c */
    free(got);
    free(want);
    free(third);
    EXPECT_TRUE(sql_int(desk, "SELECT count(*) FROM attendee") ==
                sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_TRUE(sql_int(desk, "SELECT count(*) FROM ticket_secret") ==
                sql_int(ev, "SELECT count(*) FROM ticket_secret"));
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee a WHERE NOT EXISTS"
                             " (SELECT 1 FROM ticket_secret s WHERE"
                             " s.attendee_id = a.id)"),
               sql_int(ev, "SELECT count(*) FROM attendee a WHERE NOT EXISTS"
                           " (SELECT 1 FROM ticket_secret s WHERE"
                           " s.attendee_id = a.id)"));
    door_holds_its_room(ev, door, "pandas-intro");
    /* Admitted by the code the desk reads from its file. */
    char *out =
        scan(desk, "--station desk --name desk-1", secret_of(ev, "48275"));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
}

/* A door file that synced with a format 6 hub holds everyone's contact
 * details, secrets and the desks' rows; at its first sync after the
 * organizer's upgrade it keeps only what a door holds (the old values
 * gone from every page of the file) and still admits by code. */
static void an_older_door_file_forgets_what_a_door_need_not_hold(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "forget", &ev, &hub, "desk-1", "desk", "forget-desk.db", &desk,
        "door-1", "door:pandas-intro", "forget-door.db", &door, NULL));
    /* Enrolling upgraded the hub and the door took its first pull; as a
     * door enrolled at a format 6 hub, it pulls everything again. */
    REQUIRE(older_hub(hub, FORMAT6_HUB));
    REQUIRE(tu_sh("sqlite3 '%s' 'DELETE FROM sync_cursor; DELETE FROM"
                  " sync_reg'",
                  door) == 0);
    char codes[256], secret[64];
    snprintf(secret, sizeof(secret), "%s", secret_of(ev, "48275"));
    snprintf(codes, sizeof(codes), "%s\n%s\n", secret_of(ev, "48243"), secret);
    free(scan(desk, "--station desk --name desk-1", codes));
    run(0, "sync '%s'", desk);
    run(0, "sync '%s'", door);
    free(scan(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:05'",
              codes));
    /* As a format 6 hub left it: the test could fail. */
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan WHERE mode = 'desk'"),
               2);
    EXPECT_TRUE(file_holds(door, secret));
    EXPECT_TRUE(file_holds(door, "olivia.hw@example.com"));
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " mode = 'door'"),
               2);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", door);
    door_holds_its_room(ev, door, "pandas-intro");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan"), 2);
    SCAN_SAYS(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:06'",
              secret, "already-inside");
    /* The journal is append-only again. */
    EXPECT_TRUE(tu_sh("sqlite3 '%s' 'DELETE FROM scan' 2>/dev/null", door) !=
                0);
}

/* The same while the door runs: its own sync worker forgets, the
 * station deciding beside it on the same file, and the running door goes
 * on admitting and counting its room by confirmation code. */
static void a_running_door_forgets_at_the_hubs_upgrade_and_admits(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door;
    REQUIRE(hubfix_enrolled_as(&f, "forgetlive", &ev, &hub, "desk-1", "desk",
                               "forgetlive-desk.db", &desk, "door-1",
                               "door:pandas-intro", "forgetlive-door.db", &door,
                               NULL));
    REQUIRE(older_hub(hub, FORMAT6_HUB));
    REQUIRE(tu_sh("sqlite3 '%s' 'DELETE FROM sync_cursor; DELETE FROM"
                  " sync_reg'",
                  door) == 0);
    char secret[64];
    snprintf(secret, sizeof(secret), "%s", secret_of(ev, "48275"));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48243"))));
    run(0, "sync '%s'", desk);
    struct live d;
    /* --cooldown: the same code again soon is a new scan, not a repeat. */
    REQUIRE(live_start(&d, "", door,
                       "--station door:pandas-intro --clock "
                       "'2027-05-12 09:05' --name door-1 --cooldown 0.1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    wait_count(door, "SELECT count(*) FROM scan WHERE mode = 'desk'", 1);
    EXPECT_TRUE(file_holds(door, "olivia.hw@example.com"));
    scan_expect(&d, secret, "reason", "entered");
    /* The organizer upgrades the hub; a desk's next push wakes the door. */
    run(0, "sync '%s'", ev);
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48715"))));
    run(0, "sync '%s'", desk);
    int64_t t0 = tu_mono_ms();
    while (sql_int(door, "SELECT count(*) FROM attendee WHERE email != ''") >
               0 &&
           tu_mono_ms() - t0 < 20000)
        usleep(20000);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE email !="
                             " ''"),
               0);
    scan_expect(&d, secret, "reason", "already-inside");
    EXPECT_INT(live_stop(&d), 0);
    door_holds_its_room(ev, door, "pandas-intro");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan WHERE station ="
                             " 'door-1'"),
               2);
}

/* A file enrolled at a hub runs under the name, mode and target it was
 * enrolled for: the hub takes its rows under no other. */
static void an_enrolled_file_runs_as_its_station(void)
{
    const char *hub;
    const char *ev = published_event("trust4", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "trust4-desk.db");
    char *out =
        scan(desk, "--station desk", tu_format("%s\n", secret_of(ev, "48275")));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
    EXPECT_STR(sql_text(desk, "SELECT group_concat(DISTINCT station) FROM"
                              " scan"),
               "desk-1");
    const char *said = run(1,
                           "scan '%s' --station desk --name desk-9 "
                           "--keyboard --json --offline",
                           desk);
    EXPECT_CONTAINS(said, "is the file of station desk-1, and the hub takes "
                          "its check-ins under that name only; leave out "
                          "--name, or give --name desk-1.");
    said = run(1,
               "scan '%s' --station door:pandas-intro --keyboard --json "
               "--offline",
               desk);
    EXPECT_CONTAINS(said, "enrolled at the hub as desk; run it with --station "
                          "desk.");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan"), 1);
}

/* Attack 6: a copy of an enrolled file synced silently as a second
 * station.  Whichever copy connects first after the copy was made goes
 * on; the other is refused in one sentence, then and after.  A kill
 * between the hub taking the file's new token and the file forgetting
 * its older ones locks nobody out. */
static void a_copied_station_file_cannot_sync_as_a_second_station(void)
{
    const char *hub;
    const char *ev = published_event("trust5", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "trust5-desk.db");
    run(0, "sync '%s'", desk);
    const char *copy = tu_path("trust5-copy.db");
    REQUIRE(tu_sh("sqlite3 '%s' \".backup '%s'\"", desk, copy) == 0);
    run(0, "sync '%s'", desk);
    const char *said = run(1, "sync '%s'", copy);
    EXPECT_CONTAINS(said, "has heard from another copy of station desk-1's "
                          "file since");
    EXPECT_CONTAINS(said, "one file is one station; enroll this laptop as a "
                          "station of its own with 'checkin hub "
                          "add-station'.");
    /* Its check-ins stay in its own file, none reach the hub. */
    free(scan(copy, "--station desk",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(1, "sync '%s'", copy);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 0);
    run(0, "sync '%s'", desk);

    /* Killed after the hub took the new token: the next sync goes on. */
    int st = tu_sh("CHECKIN_TEST_KILL_AT=vouched:trust5-desk.db '%s' sync '%s'"
                   " > /dev/null 2>&1",
                   CHECKIN_BIN, desk);
    EXPECT_TRUE(WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) > 128));
    long long tokens = sql_int(desk, "SELECT count(*) FROM sync_token");
    said = run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM sync_token"), tokens + 1);

    /* Processes of the one file connecting at once are all let in. */
    for (int round = 0; round < 3; round++)
        EXPECT_INT(tu_sh("pids=; for i in 1 2 3 4; do '%s' sync '%s'"
                         " > /dev/null 2>&1 & pids=\"$pids $!\"; done; rc=0;"
                         " for p in $pids; do wait $p || rc=1; done; exit $rc",
                         CHECKIN_BIN, desk),
                   0);

    /* The other way round: the copy connects first, the original is the
     * one refused. */
    const char *copy2 = tu_path("trust5-copy2.db");
    REQUIRE(tu_sh("sqlite3 '%s' \".backup '%s'\"", desk, copy2) == 0);
    run(0, "sync '%s'", copy2);
    said = run(1, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "has heard from another copy");
}

/* ---- main ---- */

/* ---- the journal's acts at the hub (format 8) ---- */

/* Undo, in `station_db`, station `name`'s admission of `ticket` (as a
 * desk's undo will, through the journal). */
/* Supervisor `name` of event `ev`, set with the real command (the PIN as
 * one line of standard input) and published. */
static void add_supervisor(const char *ev, const char *name, const char *pin)
{
    const char *in = tu_path("pin.txt");
    char line[64];
    snprintf(line, sizeof(line), "%s\n", pin);
    tu_write_file(in, line, strlen(line));
    int st = tu_sh("'%s' event '%s' --supervisor %s < '%s' > '%s' 2>&1",
                   CHECKIN_BIN, ev, name, in, tu_path("supervisor.out"));
    unlink(in);
    if (st != 0)
        TU_FAIL_AT("checkin event %s --supervisor %s exited %d", ev, name, st);
}

static void undo_in_file_by(const char *station_db, const char *name,
                            const char *ticket, const char *sup)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT station_id || ' ' || seq FROM scan WHERE"
             " attendee_ticket_id = '%s' AND decision = 'admit' AND act ="
             " 'scan' ORDER BY at_ms DESC LIMIT 1",
             ticket);
    struct journal_ref ref = {0};
    long long seq = 0;
    if (sscanf(sql_text(station_db, sql), "%23s %lld", ref.station_id, &seq) !=
        2) {
        TU_FAIL_AT("no admission of %s in %s", ticket, station_db);
        return;
    }
    ref.seq = seq;
    struct ck_error err = {0};
    store *s = NULL;
    journal *j = NULL;
    REQUIRE(store_open(station_db, STORE_EXISTING, &s, &err) == CK_OK);
    REQUIRE(journal_open(s, name, &j, &err) == CK_OK);
    if (journal_undo(j, &ref, store_now_ms(), sup, "wrong person", NULL, &err))
        TU_FAIL_AT("journal_undo: %s", err.msg);
    journal_free(j);
    store_close(s);
}

static void undo_in_file(const char *station_db, const char *name,
                         const char *ticket)
{
    undo_in_file_by(station_db, name, ticket, "Maya");
}

/* The demo event at its hub "hub_NAME" (*hub) with the supervisor SUP
 * (PIN), then desk-1 and desk-2 enrolled (*d1, *d2: NAME-d1.db and
 * NAME-d2.db), 48275 checked in at desk-1 by the code in `codes` (its
 * line) and both desks synced in turn: the event's file. */
static const char *undo_desks(const char *name, const char *sup,
                              const char *pin, const char **hub,
                              const char **d1, const char **d2, char *codes,
                              size_t size)
{
    char file[64];
    const char *ev = published_event(name, hub);
    add_supervisor(ev, sup, pin);
    snprintf(file, sizeof(file), "%s-d1.db", name);
    *d1 = add_station(ev, "desk-1", "desk", file);
    snprintf(file, sizeof(file), "%s-d2.db", name);
    *d2 = add_station(ev, "desk-2", "desk", file);
    snprintf(codes, size, "%s\n", secret_of(ev, "48275"));
    SCAN_SAYS(*d1, "--station desk --name desk-1", codes, "checked-in");
    run(0, "sync '%s'", *d1);
    run(0, "sync '%s'", *d2);
    return ev;
}

/* desk-1 (`d1`) syncs its undo of 48275 by SUP to the hub, which then
 * holds the undo and no admission of 48275; then desk-2 (`d2`) syncs. */
static void undo_through_hub(const char *hub, const char *d1, const char *d2,
                             const char *sup)
{
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM checkin.scan WHERE act = 'undo' AND"
             " supervisor = '%s'",
             sup);
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, sql), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE attendee_ticket_id = '48275'"),
               0);
    run(0, "sync '%s'", d2);
}

/* An undo at desk-1 reaches desk-2, which then checks the person in
 * again; an older station, which would read the undo as one more
 * check-in, is never shown it. */
static void an_older_station_never_pulls_an_undo(void)
{
    const char *hub, *d1, *d2;
    char codes[128];
    const char *ev = undo_desks("undo", "Maya", "482913", &hub, &d1, &d2, codes,
                                sizeof(codes));
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM live_scan WHERE"
                           " attendee_ticket_id = '48275' AND decision ="
                           " 'admit'"),
               1);
    undo_in_file(d1, "desk-1", "48275");
    undo_through_hub(hub, d1, d2, "Maya");
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE act = 'undo'"), 1);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM live_scan WHERE"
                           " attendee_ticket_id = '48275'"),
               0);
    SCAN_SAYS(d2, "--station desk --name desk-2", codes, "checked-in");

    /* desk-2's credentials as an older checkin uses them: it never says
     * which format it knows. */
    PGconn *c = connect_as_station(d2);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE act <> 'scan'",
                      NULL),
               0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.scan", NULL), 1);
    pq_int(c, "SET checkin.client_format = '8'", NULL);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE act <> 'scan'",
                      NULL),
               1);
    PQfinish(c);

    /* hub status names a live station whose checkin says no format: an
     * older one, as desk-2's row looks after an older checkin's sync. */
    EXPECT_INT(pgserver_int(hub, "SELECT client_format FROM checkin.station"
                                 " WHERE name = 'desk-2'"),
               HUB_NOW);
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " NULL, last_seen = now() WHERE name ="
                               " 'desk-2'") == 0);
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "desk-2 runs an older checkin (it knows hub format"
                          " 7 at most)");
    run(0, "sync '%s'", d2);
    said = run(0, "hub status '%s'", ev);
    EXPECT_TRUE(strstr(said, "runs an older checkin") == NULL);
}

/* A desk of this checkin at a hub the organizer has not upgraded yet
 * (format 7) pushes its check-ins as before; an undo, and every row of
 * its run after it, waits in its file until the hub is upgraded, then
 * goes. */
static void a_newer_station_pushes_to_a_format_7_hub(void)
{
    const char *hub;
    const char *ev = published_event("older7", &hub);
    add_supervisor(ev, "Maya", "482913");
    const char *desk = add_station(ev, "desk-1", "desk", "older7-desk.db");
    REQUIRE(older_hub(hub, FORMAT7_HUB));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
    undo_in_file(desk, "desk-1", "48275");
    /* A later run's check-in goes; the undo waits. */
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48243"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 2);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan s LEFT JOIN sync_run r"
                             " USING (station_id) WHERE s.seq >"
                             " coalesce(r.pushed_seq, 0)"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 7);
    /* The organizer's sync upgrades the hub; the rows follow. */
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 3);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE decision = 'admit'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE attendee_ticket_id = '48275'"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);
}

/* A row whose day disagrees with its time in the event's zone, and an
 * undo naming no row of its list, are set aside at the hub: listed, never
 * pulled or counted. */
static void rows_with_a_day_that_disagrees_are_set_aside(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "days", &ev, &hub, "desk-1", "desk",
                               "days-desk.db", &desk, "desk-2", "desk",
                               "days-d2.db", &d2, NULL));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48275"))));
    /* Rows as a station with a fault (or a forger) would write them, in
     * its own run: 2027-05-12 09:05 in Los Angeles stamped as 13 May, and
     * an undo of a row no one wrote. */
    REQUIRE(tu_sh("sqlite3 '%s' \"INSERT INTO scan (station_id, station, seq,"
                  " at_ms, mode, target, code, attendee_ticket_id, decision,"
                  " reason, day) SELECT station_id, station, seq + 1,"
                  " 1810137900000, 'desk', '', 'manual:48243', '48243',"
                  " 'admit', 'checked-in', '2027-05-13' FROM scan ORDER BY"
                  " seq DESC LIMIT 1; INSERT INTO scan (station_id, station,"
                  " seq, at_ms, mode, target, code, attendee_ticket_id,"
                  " decision, reason, act, ref_station_id, ref_seq, day)"
                  " SELECT station_id, station, seq + 1, 1810137960000,"
                  " 'desk', '', 'manual:48243', '48243', 'admit', 'undone',"
                  " 'undo', 'nobody', 1, '2027-05-12' FROM scan ORDER BY seq"
                  " DESC LIMIT 1\"",
                  desk) == 0);
    const char *said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "The hub set aside 2 of the journal rows");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"
                                 " WHERE fault = 'a day that disagrees with"
                                 " its time'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"
                                 " WHERE fault = 'an undo naming no row of"
                                 " its list'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan"), 1);
    /* A true day passes. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " day IS NOT NULL"),
               1);
}

/* ---- supervisors at the hub (format 9) ---- */

/* Long enough that no run of bytes in a database file matches it by
 * chance. */
#define SUP_PIN "Kestrel-735102"

/* An undo of `ticket`'s check-in at desk `name` of `station_db`, as the
 * desk's volunteer makes it with the supervisor's PIN (station_undo). */
static int undo_at_desk(const char *station_db, const char *name,
                        const char *ticket, const char *pin,
                        struct station_result *out, struct ck_error *err)
{
    store *s = NULL;
    station *st = NULL;
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = name, .open_before_ms = -1};
    int code = store_open(station_db, STORE_EXISTING, &s, err);
    if (!code)
        code = station_open(s, &cfg, &st, err);
    struct attendee_list l = {0};
    if (!code)
        code = store_attendee_find_one(s, ticket, &l, err);
    char buf[SUPERVISOR_PIN_CAP];
    snprintf(buf, sizeof(buf), "%s", pin);
    if (!code) {
        code = station_undo(st, l.items[0].id, "wrong person", buf,
                            store_now_ms(), out, err);
        keep_result(out);
    }
    attendee_list_free(&l);
    station_free(st);
    store_close(s);
    return code;
}

/* The supervisors' PIN hashes reach desks only: a door's and a booth's
 * files never hold one, nor can their roles read one at the hub; the hub
 * and every file hold the hash, never the PIN; a removal reaches the
 * desk. */
static void doors_and_booths_hold_no_pin_hash(void)
{
    const char *hub;
    const char *ev = published_event("pins", &hub);
    add_supervisor(ev, "Sam", SUP_PIN);
    const char *desk = add_station(ev, "desk-1", "desk", "pins-desk.db");
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "pins-door.db");
    const char *booth =
        add_station(ev, "booth-1", "leads:datawise", "pins-booth.db");
    run(0, "sync '%s'", desk);
    run(0, "sync '%s'", door);
    run(0, "sync '%s'", booth);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind ="
                                 " 'supervisor' AND slug = 'Sam' AND"
                                 " data->>'pin_hash' LIKE '$argon2id$%'"),
               1);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor WHERE name ="
                             " 'Sam' AND pin_hash LIKE '$argon2id$%'"),
               1);
    /* With the PIN's length, so that the desk hashes no code of another
     * length (schema 15). */
    EXPECT_INT(sql_int(desk, "SELECT pin_chars FROM supervisor WHERE name ="
                             " 'Sam'"),
               (long long)strlen(SUP_PIN));
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM supervisor"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM supervisor"), 0);
    /* Their roles read none at the hub, whatever they ask; a desk's does. */
    const char *q = "SELECT count(*) FROM checkin.event_description WHERE"
                    " kind = 'supervisor'";
    PGconn *c = connect_as_station(door);
    EXPECT_INT(pq_int(c, q, NULL), 0);
    EXPECT_TRUE(
        pq_int(c, "SELECT count(*) FROM checkin.event_description", NULL) > 0);
    PQfinish(c);
    c = connect_as_station(booth);
    EXPECT_INT(pq_int(c, q, NULL), 0);
    PQfinish(c);
    c = connect_as_station(desk);
    EXPECT_INT(pq_int(c, q, NULL), 1);
    PQfinish(c);
    /* The PIN itself is in no file of the run nor of the hub's server. */
    pgserver_exec(hub, "CHECKPOINT");
    EXPECT_INT(
        tu_sh("grep -rqa '" SUP_PIN "' '%s' '%s'", tu_tmpdir(), pgserver_dir()),
        1 << 8);
    EXPECT_INT(tu_sh("grep -rqa 'argon2id' '%s'", pgserver_dir()), 0);
    /* Removed on the organizer's laptop: gone from the desk. */
    run(0, "event '%s' --remove-supervisor Sam", ev);
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor"), 0);
}

/* An undo made at one desk with the supervisor's PIN reaches a second
 * desk through the hub: the person is not checked in there either, and
 * is checked in again there.  A row naming a supervisor the event never
 * had is set aside at the hub. */
static void an_undo_is_seen_at_a_second_station(void)
{
    const char *hub, *d1, *d2;
    char codes[128];
    undo_desks("undo2", "Sam", SUP_PIN, &hub, &d1, &d2, codes, sizeof(codes));
    SCAN_SAYS(d2, "--station desk --name desk-2", codes, "already-checked-in");
    struct station_result u;
    struct ck_error err = {0};
    REQUIRE(undo_at_desk(d1, "desk-1", "48275", SUP_PIN, &u, &err) == CK_OK);
    EXPECT_STR(u.supervisor, "Sam");
    undo_through_hub(hub, d1, d2, "Sam");
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM live_scan WHERE"
                           " attendee_ticket_id = '48275' AND decision ="
                           " 'admit'"),
               0);
    SCAN_SAYS(d2, "--station desk --name desk-2", codes, "checked-in");
    run(0, "sync '%s'", d2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE attendee_ticket_id = '48275' AND"
                                 " decision = 'admit'"),
               1);
    /* An override naming someone who was never a supervisor, as a forger
     * would write it: set aside. */
    REQUIRE(tu_sh("sqlite3 '%s' \"INSERT INTO scan (station_id, station, seq,"
                  " at_ms, mode, target, code, attendee_ticket_id, decision,"
                  " reason, override, supervisor) SELECT station_id, station,"
                  " seq + 1, at_ms + 1000, 'desk', '', 'manual:48243',"
                  " '48243', 'admit', 'override-unpaid', 'trust me',"
                  " 'Mallory' FROM scan WHERE station = 'desk-1' ORDER BY seq"
                  " DESC LIMIT 1\"",
                  d1) == 0);
    const char *said = run(0, "sync '%s'", d1);
    EXPECT_CONTAINS(said, "The hub set aside 1 of the journal rows");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"
                                 " WHERE fault = 'a supervisor the event does"
                                 " not have'"),
               1);
}

/* A desk whose hub is still of format 7 refuses an undo with the design's
 * sentence, and makes it once the organizer's sync upgraded the hub. */
static void a_desk_at_a_format_7_hub_refuses_an_undo(void)
{
    const char *hub;
    const char *ev = published_event("undo7", &hub);
    add_supervisor(ev, "Sam", SUP_PIN);
    const char *desk = add_station(ev, "desk-1", "desk", "undo7-desk.db");
    run(0, "sync '%s'", desk); /* the supervisors arrive */
    REQUIRE(older_hub(hub, FORMAT7_HUB));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(0, "sync '%s'", desk);
    struct station_result u;
    struct ck_error err = {0};
    EXPECT_INT(undo_at_desk(desk, "desk-1", "48275", SUP_PIN, &u, &err),
               CK_EINVAL);
    EXPECT_STR(err.msg,
               "The hub of this event is of an older format (7), which "
               "cannot pass this on to the other stations; run 'checkin "
               "sync EVENT.db' once on the organizer's laptop, then try "
               "again.");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE act = 'undo'"),
               0);
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", desk);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(undo_at_desk(desk, "desk-1", "48275", SUP_PIN, &u, &err), CK_OK);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'undo' AND supervisor = 'Sam'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);
}

/* A format 8 hub holds no supervisors; the organizer's sync of a new
 * supervisor upgrades it and publishes them, and the desk takes them. */
static void a_format_8_hub_takes_supervisors_at_its_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "sup8", &ev, &hub, "desk-1", "desk",
                               "sup8-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT8_HUB));
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor"), 0);
    EXPECT_STR(sql_text(desk, "SELECT value FROM setting WHERE key ="
                              " 'hub.format'"),
               "8");
    add_supervisor(ev, "Sam", SUP_PIN); /* published: the hub upgraded */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor WHERE name ="
                             " 'Sam'"),
               1);
    EXPECT_INT(sql_int(desk, "SELECT value FROM setting WHERE key ="
                             " 'hub.format'"),
               HUB_NOW);
}

/* The organizer's upgrade of a hub takes each table's strongest lock in
 * turn while stations read them; when PostgreSQL breaks a deadlock by
 * cancelling it, it is run again and the sync succeeds.  The deadlock is
 * made on purpose: a session reads checkin.scan and keeps it, the
 * upgrade holds the hub's row and waits for checkin.scan, then the
 * session asks for the hub's row.  Its deadlock_timeout is long, so the
 * upgrade's backend finds the deadlock first and is the one cancelled. */
static void the_hubs_upgrade_is_run_again_when_it_deadlocks(void)
{
    const char *hub;
    const char *ev = published_event("deadlock", &hub);
    REQUIRE(older_hub(hub, FORMAT7_HUB));
    PGconn *s = PQconnectdb(pgserver_conninfo(hub));
    REQUIRE(PQstatus(s) == CONNECTION_OK);
    REQUIRE(pq_int(s, "SET deadlock_timeout = '10min'", NULL) >= 0);
    REQUIRE(pq_int(s, "BEGIN", NULL) >= 0);
    REQUIRE(pq_int(s, "SELECT count(*) FROM checkin.scan", NULL) >= 0);
    pid_t pid = start_sh(tu_format("exec '%s' sync '%s' > '%s' 2>&1",
                                   CHECKIN_BIN, ev, tu_path("deadlock.out")));
    REQUIRE(pid > 0);
    char waiting[256];
    snprintf(waiting, sizeof(waiting),
             "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type ="
             " 'Lock' AND query LIKE '%%ALTER TABLE checkin.scan%%' AND pid"
             " <> %d",
             PQbackendPID(s));
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, waiting) < 1 && tu_mono_ms() - t0 < 20000)
        usleep(5000);
    EXPECT_INT(pgserver_int(hub, waiting), 1);
    /* The cycle: PostgreSQL cancels the upgrade, and this query then gets
     * the row. */
    REQUIRE(PQsendQuery(s, "SELECT 1 FROM checkin.hub FOR UPDATE") == 1);
    PGresult *r;
    while ((r = PQgetResult(s))) {
        EXPECT_INT(PQresultStatus(r), PGRES_TUPLES_OK);
        PQclear(r);
    }
    EXPECT_TRUE(pq_int(s, "COMMIT", NULL) >= 0);
    PQfinish(s);
    int status = -1;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    char *out = tu_read_file(tu_path("deadlock.out"), NULL);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_CONTAINS(out ? out : "", "received");
    free(out);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    /* It did deadlock: PostgreSQL counts it. */
    EXPECT_TRUE(pgserver_int(hub, "SELECT deadlocks FROM pg_stat_database"
                                  " WHERE datname = current_database()") >= 1);
}

/* The organizer's `attendees --no-badge` knows what the desks printed:
 * its sync takes every desk's print jobs as the hub holds them (into
 * station_print_job, which no print worker reads).  A person whose badge
 * desk-1's printer confirmed is not listed; one checked in at desk-2,
 * which has no printer, is. */
static void the_organizer_lists_only_checkins_no_desk_printed_a_badge_for(void)
{
    const char *hub;
    const char *ev = published_event("nobadge", &hub);
    const char *key = tu_copy(tu_path("event.key"), "nobadge.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *d1 = add_station(ev, "desk-1", "desk", "nobadge-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "nobadge-d2.db");
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    char args[512];
    snprintf(args, sizeof(args),
             "--station desk --name desk-1 --printer tcp:127.0.0.1:%d"
             " --model ZD420-300 --media 62x100",
             tcp_printer_port(zebra));
    struct live a;
    REQUIRE(live_start(&a, "", d1, args) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    char printed_name[256], other_name[256];
    snprintf(printed_name, sizeof(printed_name), "%s",
             badge_name_of(ev, nth_secret(ev, 0)));
    snprintf(other_name, sizeof(other_name), "%s",
             badge_name_of(ev, nth_secret(ev, 1)));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    const char *printed =
        "SELECT count(*) FROM checkin.print_job WHERE state = 'printed'";
    for (int64_t until = tu_mono_ms() + 15000;
         pgserver_int(hub, printed) < 1 && tu_mono_ms() < until;
         usleep(20 * 1000)) {
    }
    EXPECT_INT(pgserver_int(hub, printed), 1);
    EXPECT_INT(live_stop(&a), 0);
    tcp_printer_stop(zebra);
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 1))));
    run(0, "sync '%s'", d2);

    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "print job");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM station_print_job WHERE"
                           " kind = 'badge' AND state = 'printed'"),
               1);
    said = run(0, "attendees '%s' --no-badge", ev);
    EXPECT_NOT_CONTAINS(said, printed_name);
    EXPECT_CONTAINS(said, other_name);
    EXPECT_CONTAINS(said, "1 checked in at a desk without a printed badge");
}

/* A desk's own file lists only the check-ins whose badge is its own job:
 * one made at desk-1 reaches desk-2 through the hub, but its print job
 * stays at desk-1, so desk-2's `attendees --no-badge` leaves it out (and
 * says so) instead of calling it "no badge job; print it", which would
 * print a second badge.  desk-2's own check-in, made with no printer, is
 * listed there. */
static void a_desks_file_lists_only_its_own_checkins_without_a_badge(void)
{
    struct hubfix f = {0};
    const char *hub;
    snprintf(f.ev, sizeof(f.ev), "%s", published_event("ownbadge", &hub));
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "ownbadge.key"), 0600) == 0);
    for (int i = 0; i < 2; i++) {
        char name[16], file[32];
        snprintf(name, sizeof(name), "desk-%d", i + 1);
        snprintf(file, sizeof(file), "ownbadge-%d.db", i + 1);
        snprintf(f.file[i], sizeof(f.file[i]), "%s",
                 add_station(f.ev, name, "desk", file));
    }
    f.n = 2;
    char first[256], second[256];
    snprintf(first, sizeof(first), "%s",
             badge_name_of(f.ev, nth_secret(f.ev, 0)));
    snprintf(second, sizeof(second), "%s",
             badge_name_of(f.ev, nth_secret(f.ev, 1)));
    SCAN_SAYS(
        f.file[0],
        tu_format("--station desk --name desk-1 --clock '2027-05-12 08:30'"
                  " --printer 'file:%s' --model QL-800 --media 62x100",
                  tu_path("ownbadge-d1.bin")),
        tu_format("%s\n", nth_secret(f.ev, 0)), "checked-in");
    char *out = scan(f.file[1],
                     "--station desk --name desk-2 --clock '2027-05-12 08:31'",
                     tu_format("%s\n", nth_secret(f.ev, 1)));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
    hubfix_sync_all(&f);
    hubfix_sync_all(&f);
    EXPECT_INT(sql_int(f.file[1], "SELECT count(*) FROM live_scan WHERE"
                                  " mode = 'desk' AND decision = 'admit'"),
               2);

    const char *said = run(0, "attendees '%s' --no-badge", f.file[1]);
    EXPECT_NOT_CONTAINS(said, first);
    EXPECT_CONTAINS(said, second);
    EXPECT_CONTAINS(said, "no badge job");
    EXPECT_CONTAINS(said, "1 checked in at a desk without a printed badge");
    EXPECT_CONTAINS(said, "1 checked in at other desks are left out");
    /* desk-1's file: its own check-in, sent to a printer that cannot
     * confirm, and not desk-2's. */
    said = run(0, "attendees '%s' --no-badge", f.file[0]);
    EXPECT_CONTAINS(said, first);
    EXPECT_CONTAINS(said, "sent, never confirmed printed");
    EXPECT_NOT_CONTAINS(said, second);
    EXPECT_NOT_CONTAINS(said, "no badge job");
    /* The organizer's file, which holds every desk's jobs, lists both. */
    run(0, "sync '%s'", f.ev);
    said = run(0, "attendees '%s' --no-badge", f.ev);
    EXPECT_CONTAINS(said, first);
    EXPECT_CONTAINS(said, second);
    EXPECT_NOT_CONTAINS(said, "left out");
}

/* The event's zone is checked once, when the organizer publishes the
 * event (checkin.hub.zone), not at each pushed row; a zone PostgreSQL
 * does not know leaves days unchecked, as before, and a known one again
 * checks them. */
static void the_events_zone_is_checked_once_when_published(void)
{
    struct hubfix f;
    const char *hub, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "zone", NULL, &hub, "desk-1", "desk",
                               "zone-desk.db", &desk, NULL));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.hub WHERE"
                                 " zone = 'America/Los_Angeles'"),
               1);
    REQUIRE(pgserver_exec(hub,
                          "UPDATE checkin.event_description SET data"
                          " = jsonb_set(data, '{timezone}',"
                          " '\"Mars/Olympus\"') WHERE kind = 'event'") == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.hub WHERE"
                                 " zone IS NULL"),
               1);
    /* 2027-05-12 09:05 in Los Angeles stamped as 13 May: unchecked. */
    long long n = push_day(desk, 1, "1810137900000", "2027-05-13");
    EXPECT_INT(n, 1);
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.event_description SET data"
                               " = jsonb_set(data, '{timezone}',"
                               " '\"America/Los_Angeles\"') WHERE kind ="
                               " 'event'") == 0);
    EXPECT_INT(push_day(desk, 2, "1810137900000", "2027-05-13"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"
                                 " WHERE fault = 'a day that disagrees with"
                                 " its time'"),
               1);
    EXPECT_INT(push_day(desk, 3, "1810137900000", "2027-05-12"), 1);
}

/* ---- check-in lists at the hub (issue 29.2, hub format 10) ---- */

#define LISTS_EXPORT TEST_DATA_DIR "/pretix-lists.json"

/* tests/test_lists.c's event (the issue's example, lunch showing the
 * dietary question), an auction list showing it too, whose one buyer
 * (Chi) gave no answer, and the desk's admission list showing the other
 * question (Ada's preferred fit).  An invitation list (summit: Dee) is added to
 * the file by SQL: neither the description nor an import makes one yet. */
static const char LISTS_INI[] = "[event]\n"
                                "slug = pycon-lists-2024\n"
                                "name = PyCon Lists 2024\n"
                                "start = 2024-05-15\n"
                                "end = 2024-05-19\n"
                                "timezone = America/New_York\n"
                                "\n"
                                "[ticket-type full]\n"
                                "label = Full conference\n"
                                "colour = #1565C0\n"
                                "pretix-items = 101\n"
                                "\n"
                                "[ticket-type friday]\n"
                                "label = Friday only\n"
                                "colour = #EF6C00\n"
                                "pretix-items = 107\n"
                                "days = 2024-05-17\n"
                                "\n"
                                "[list tshirt]\n"
                                "title = T-shirt\n"
                                "pretix-item = 302\n"
                                "once = per-person\n"
                                "\n"
                                "[list lunch]\n"
                                "title = Lunch\n"
                                "ticket-types = full, friday\n"
                                "once = per-day\n"
                                "show = question:dietary\n"
                                "\n"
                                "[list auction]\n"
                                "title = PyLadies auction\n"
                                "pretix-item = 401\n"
                                "once = per-person\n"
                                "show = question:dietary\n"
                                "\n"
                                "[admission]\n"
                                "show = question:tshirt-fit\n";

static const char SUMMIT_SQL[] =
    "INSERT INTO checkin_list (slug, title, once) VALUES ('summit',"
    " 'Maintainers summit', 'every-scan');"
    "INSERT INTO list_who (list_id, what, value) SELECT id, 'invited', ''"
    " FROM checkin_list WHERE slug = 'summit';"
    "INSERT INTO list_invitee (list_id, ticket_id) SELECT l.id, a.ticket_id"
    " FROM checkin_list l, attendee a WHERE l.slug = 'summit' AND"
    " a.ticket_id = '5031';";

/* The lists' event, initialised, imported, with its summit, published to
 * a fresh hub `hub_NAME`. */
static const char *lists_event_with(const char *name, bool summit,
                                    const char **hub);
static const char *lists_event(const char *name, const char **hub)
{
    return lists_event_with(name, true, hub);
}

/* The same, with the summit (made by SQL, which `checkin event` would
 * take out) or not. */
static const char *lists_event_with(const char *name, bool summit,
                                    const char **hub)
{
    char ini[64], key[64], file[64];
    snprintf(ini, sizeof(ini), "%s.ini", name);
    snprintf(key, sizeof(key), "%s.key", name);
    snprintf(file, sizeof(file), "%s.db", name);
    const char *ini_path = tu_path(ini);
    if (tu_write_file(ini_path, LISTS_INI, strlen(LISTS_INI)))
        TU_FAIL_AT("could not write %s", ini_path);
    const char *ev = tu_path(file);
    run(0, "init '%s' '%s' --key '%s'", ev, ini_path, tu_path(key));
    run(0, "import '%s' '%s'", ev, LISTS_EXPORT);
    if (summit)
        sql_write(ev, SUMMIT_SQL);
    *hub = hubfix_publish(ev, name);
    return ev;
}

/* What the hub holds of each registration, as the JSON object its digest
 * is taken of, built by PostgreSQL from the hub's own row (members by
 * the rule of publish.c: items, hold, answers and add-on codes only when
 * there are any), with the digest hub init wrote beside it. */
static const char HUB_DIGESTED[] =
    "SELECT r.ticket_id, encode(r.digest, 'hex'), (jsonb_build_object("
    " 'ticket_id', r.ticket_id, 'order_code', r.order_code, 'status',"
    " r.status, 'given_name', r.given_name, 'family_name', r.family_name,"
    " 'badge_name', r.badge_name, 'pronouns', r.pronouns, 'company',"
    " r.company, 'email', r.email, 'ticket_type', r.ticket_type,"
    " 'sponsor_consent', r.sponsor_consent, 'testmode', r.testmode,"
    " 'search_key', r.search_key, 'fingerprint', encode(r.fingerprint,"
    " 'hex'), 'imported_ms', r.imported_ms, 'updated_ms', r.updated_ms,"
    " 'tutorials', to_jsonb(r.tutorials), 'secrets', to_jsonb(r.secrets),"
    " 'revoked_secrets', to_jsonb(r.revoked_secrets))"
    " || CASE WHEN jsonb_array_length(r.items) > 0 THEN"
    " jsonb_build_object('items', r.items) ELSE '{}'::jsonb END"
    " || CASE WHEN r.hold THEN '{\"hold\": true}'::jsonb ELSE '{}'::jsonb END"
    " || coalesce((SELECT jsonb_build_object('answers',"
    " jsonb_object_agg(a.question, a.answer)) FROM checkin.answer a WHERE"
    " a.ticket_id = r.ticket_id AND a.answer IS NOT NULL HAVING count(*) >"
    " 0), '{}'::jsonb)"
    " || CASE WHEN cardinality(r.addon_secrets) > 0 THEN"
    " jsonb_build_object('addon_secrets', to_jsonb(r.addon_secrets)) ELSE"
    " '{}'::jsonb END"
    " || CASE WHEN r.door IS NOT NULL THEN jsonb_build_object('door',"
    " r.door) ELSE '{}'::jsonb END)::text FROM checkin.registration r"
    " ORDER BY r.ticket_id";

/* hub init writes each registration's digest text itself, member by
 * member (publish.c), where it once had jansson dump an object of the
 * row: every digest the hub holds is still the BLAKE2b of jansson's
 * json_dumps(JSON_COMPACT | JSON_SORT_KEYS) of the registration as the
 * hub holds it, names with escapes, control characters and UTF-8, items,
 * answers, a hold, revoked and add-on codes included; so no digest a
 * file notes changes, and what COPY carried is what was hashed. */
static void hub_init_digests_each_registration_as_jansson_dumps_it(void)
{
    const char *ini = tu_path("digests.ini");
    REQUIRE(tu_write_file(ini, LISTS_INI, strlen(LISTS_INI)) == 0);
    const char *ev = tu_path("digests.db");
    run(0, "init '%s' '%s' --key '%s'", ev, ini, tu_path("digests.key"));
    run(0, "import '%s' '%s'", ev, LISTS_EXPORT);
    sql_write(ev, "UPDATE attendee SET given_name = 'Tab' || char(9) ||"
                  " 'bed \"q\" \\ /' || char(1) || char(31) || char(127),"
                  " badge_name = 'Zoë 日本語 😀' || char(10) || char(13) ||"
                  " char(8) || char(12), pronouns = '\\N', hold = 1 WHERE"
                  " id = (SELECT min(id) FROM attendee);"
                  "INSERT INTO addon_secret (secret, attendee_id, revoked)"
                  " SELECT 'add\"on\\' || char(9), id, 0 FROM attendee"
                  " WHERE id = (SELECT min(id) FROM attendee);"
                  "INSERT INTO ticket_secret (secret, attendee_id, revoked)"
                  " SELECT 'old,' || char(10) || ']', id, 1 FROM attendee"
                  " WHERE id = (SELECT max(id) FROM attendee);");
    const char *hub = hubfix_publish(ev, "digests");
    /* Each kind of member is there to be hashed. */
    static const char *const SOME[] = {
        "SELECT count(*) FROM checkin.registration WHERE"
        " jsonb_array_length(items) > 0",
        "SELECT count(*) FROM checkin.registration WHERE hold",
        "SELECT count(*) FROM checkin.answer WHERE answer IS NOT NULL",
        "SELECT count(*) FROM checkin.registration WHERE"
        " cardinality(addon_secrets) > 0",
        "SELECT count(*) FROM checkin.registration WHERE"
        " cardinality(revoked_secrets) > 0",
        "SELECT count(*) FROM checkin.registration WHERE given_name LIKE"
        " E'Tab\\tbed%'"};
    for (size_t i = 0; i < sizeof(SOME) / sizeof(SOME[0]); i++)
        if (pgserver_int(hub, SOME[i]) < 1)
            TU_FAIL_AT("none on the hub: %s", SOME[i]);
    PGconn *su = PQconnectdb(pgserver_conninfo(hub));
    REQUIRE(PQstatus(su) == CONNECTION_OK);
    PGresult *r = PQexec(su, HUB_DIGESTED);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        TU_FAIL_AT("%s", PQerrorMessage(su));
    int rows = PQntuples(r), same = 0;
    EXPECT_INT(rows, sql_int(ev, "SELECT count(*) FROM attendee"));
    for (int i = 0; i < rows; i++) {
        json_error_t je;
        json_t *o = json_loads(PQgetvalue(r, i, 2), 0, &je);
        if (!o)
            TU_FAIL_AT("%s: %s", je.text, PQgetvalue(r, i, 2));
        char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        REQUIRE(text != NULL);
        uint8_t d[16];
        char hex[33];
        crypto_generichash(d, sizeof(d), (const unsigned char *)text,
                           strlen(text), NULL, 0);
        sodium_bin2hex(hex, sizeof(hex), d, sizeof(d));
        if (!strcmp(hex, PQgetvalue(r, i, 1)))
            same++;
        else if (same == i) /* the first that differs */
            printf("# %s: digest %s, jansson's text %s (%s)\n",
                   PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), hex, text);
        free(text);
        json_decref(o);
    }
    EXPECT_INT(same, rows);
    PQclear(r);
    /* The names hashed are the file's, byte for byte. */
    r = PQexec(su, "SELECT upper(encode(convert_to(given_name || badge_name,"
                   " 'UTF8'), 'hex')) FROM checkin.registration WHERE"
                   " given_name LIKE E'Tab\\tbed%'");
    REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1);
    EXPECT_STR(PQgetvalue(r, 0, 0),
               sql_text(ev, "SELECT hex(given_name || badge_name) FROM"
                            " attendee WHERE id = (SELECT min(id) FROM"
                            " attendee)"));
    PQclear(r);
    /* Each registration's codes in the order its digest was taken of:
     * live then revoked (its add-ons' among them), then the add-ons',
     * each in the order of their bytes. */
    static const char FILE_CODES[] =
        "SELECT group_concat(c, '|') FROM (SELECT a.ticket_id || ':' ||"
        " coalesce((SELECT group_concat(secret, ',') FROM (SELECT secret"
        " FROM ticket_secret WHERE attendee_id = a.id AND revoked = 0 UNION"
        " ALL SELECT secret FROM addon_secret WHERE attendee_id = a.id AND"
        " revoked = 0 ORDER BY secret)), '') || ':' || coalesce((SELECT"
        " group_concat(secret, ',') FROM (SELECT secret FROM ticket_secret"
        " WHERE attendee_id = a.id AND revoked = 1 UNION ALL SELECT secret"
        " FROM addon_secret WHERE attendee_id = a.id AND revoked = 1 ORDER"
        " BY secret)), '') || ':' || coalesce((SELECT group_concat(secret,"
        " ',') FROM (SELECT secret FROM addon_secret WHERE attendee_id ="
        " a.id ORDER BY secret)), '') AS c FROM attendee a ORDER BY"
        " a.ticket_id)";
    r = PQexec(su, "SELECT string_agg(ticket_id || ':' ||"
                   " array_to_string(secrets, ',') || ':' ||"
                   " array_to_string(revoked_secrets, ',') || ':' ||"
                   " array_to_string(addon_secrets, ','), '|' ORDER BY"
                   " ticket_id COLLATE \"C\") FROM checkin.registration");
    REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1);
    EXPECT_STR(PQgetvalue(r, 0, 0), sql_text(ev, FILE_CODES));
    PQclear(r);
    PQfinish(su);
    /* And the file notes them so: nothing to send again. */
    EXPECT_CONTAINS(run(0, "sync '%s'", ev), "sent nothing");
}

/* The one decision `checkin scan` printed for `code` at `db` (offline,
 * its role and --clock in `args`); the caller decrefs. */
static json_t *scan_one(const char *db, const char *args, const char *code)
{
    char *out = scan(db, args, tu_format("%s\n", code));
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, NULL);
    if (!o)
        TU_FAIL_AT("checkin scan %s printed no decision: %s", args, out);
    free(out);
    return o;
}

static const char *jstr(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* The C predicate (event/admission.c, what every station decides by)
 * and the hub's checkin.on_list() agree on every list of the fixture and
 * every registration; a door's role reads the names and items of exactly
 * those the C predicate puts on its list, and its file holds no more. */
static void a_door_role_reads_exactly_its_lists_people(void)
{
    const char *hub;
    const char *ev = lists_event("onlist", &hub);
    static const char *const LISTS[] = {"tshirt", "lunch", "auction", "summit"};
    store *s;
    struct ck_error e = {0};
    REQUIRE(store_open(ev, STORE_EXISTING | STORE_READONLY, &s, &e) == 0);
    admission *a;
    REQUIRE(admission_new(s, &a, &e) == 0);
    for (size_t k = 0; k < sizeof(LISTS) / sizeof(LISTS[0]); k++) {
        char name[32], file[64];
        snprintf(name, sizeof(name), "door-%s", LISTS[k]);
        snprintf(file, sizeof(file), "onlist-%s.db", LISTS[k]);
        char role[64];
        snprintf(role, sizeof(role), "door:%s", LISTS[k]);
        const char *door = add_station(ev, name, role, file);
        run(0, "sync '%s'", door);
        PGconn *c = connect_as_station(door);
        struct list_info l;
        REQUIRE(admission_list(a, LISTS[k], &l, &e) == 0);
        sqlite3 *h;
        sqlite3_stmt *q;
        REQUIRE(sqlite3_open_v2(ev, &h, SQLITE_OPEN_READONLY, NULL) ==
                SQLITE_OK);
        REQUIRE(sqlite3_prepare_v2(h, "SELECT id, ticket_id FROM attendee", -1,
                                   &q, NULL) == SQLITE_OK);
        int on_n = 0, off_n = 0;
        while (sqlite3_step(q) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(q, 0);
            const char *ticket = (const char *)sqlite3_column_text(q, 1);
            bool on;
            char variation[64];
            REQUIRE(admission_on_list(a, &l, id, &on, variation,
                                      sizeof(variation), &e) == 0);
            on_n += on;
            off_n += !on;
            char sql[1024];
            long long hub_on = pgserver_int(
                hub,
                tu_format(
                    "SELECT checkin.on_list('%s', ticket_type, tutorials,"
                    " items, ticket_id)::int FROM checkin.registration WHERE"
                    " ticket_id = '%s'",
                    LISTS[k], ticket));
            if (hub_on != on)
                TU_FAIL_AT("list %s, ticket %s: C says %d, the hub %lld",
                           LISTS[k], ticket, on, hub_on);
            /* The door's role reads the names and items of its people
             * only, and only the items its list names. */
            long long seen = pq_int(
                c,
                tu_format("SELECT (given_name || family_name || badge_name ||"
                          " search_key != '')::int + 2 * (items != '[]')::int"
                          " FROM checkin.door_registration WHERE ticket_id ="
                          " '%s'",
                          ticket),
                NULL);
            long long want = on + 2 * (on && l.items);
            if (seen != want)
                TU_FAIL_AT("list %s, ticket %s: the door's role reads %lld,"
                           " not %lld (1 names, 2 items)",
                           LISTS[k], ticket, seen, want);
            snprintf(sql, sizeof(sql),
                     "SELECT (given_name || family_name || badge_name ||"
                     " search_key != '') + 2 * EXISTS (SELECT 1 FROM"
                     " attendee_item i WHERE i.attendee_id = a.id) FROM"
                     " attendee a WHERE ticket_id = '%s'",
                     ticket);
            if (sql_int(door, sql) != want)
                TU_FAIL_AT("list %s, ticket %s: the door's file holds %lld,"
                           " not %lld",
                           LISTS[k], ticket, sql_int(door, sql), want);
        }
        sqlite3_finalize(q);
        sqlite3_close(h);
        /* Neither side of the comparison is empty (lunch has everyone:
         * every ticket is full or Friday). */
        EXPECT_TRUE(on_n > 0);
        EXPECT_TRUE(off_n > 0 || !strcmp(LISTS[k], "lunch"));
        /* Of an item no list of its own names: nothing at the door. */
        EXPECT_INT(pq_int(c,
                          "SELECT count(*) FROM checkin.door_registration,"
                          " jsonb_array_elements(items) i WHERE i->>'item'"
                          " NOT IN ('302', '401')",
                          NULL),
                   0);
        PQfinish(c);
    }
    admission_free(a);
    store_close(s);
}

/* Answers: the hub holds those some list shows (Ada's and Dee's dietary
 * needs, Ada's preferred fit); the lunch door, whose list shows the
 * dietary question and has both on it, reads those two and not the fit;
 * the T-shirt door, whose list shows none, reads none; the auction door,
 * whose list shows them but has neither on it, reads none; a desk reads
 * those of the admission list: the fit only. */
static void a_door_role_reads_no_answer_its_list_does_not_show(void)
{
    const char *hub;
    const char *ev = lists_event("answers", &hub);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.answer WHERE"
                                 " answer IS NOT NULL"),
               3);
    static const struct {
        const char *list;
        long long answers;
    } DOORS[] = {{"lunch", 2}, {"tshirt", 0}, {"auction", 0}};
    for (size_t k = 0; k < sizeof(DOORS) / sizeof(DOORS[0]); k++) {
        char name[32], role[64], file[64];
        snprintf(name, sizeof(name), "door-%s", DOORS[k].list);
        snprintf(role, sizeof(role), "door:%s", DOORS[k].list);
        snprintf(file, sizeof(file), "answers-%s.db", DOORS[k].list);
        const char *door = add_station(ev, name, role, file);
        run(0, "sync '%s'", door);
        PGconn *c = connect_as_station(door);
        EXPECT_INT(
            pq_int(c, "SELECT count(*) FROM checkin.station_answer", NULL),
            DOORS[k].answers);
        /* The table itself: refused, whatever the list. */
        char state[6];
        EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.answer", state), -1);
        EXPECT_STR(state, "42501");
        PQfinish(c);
        EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee_answer"),
                   DOORS[k].answers);
    }
    const char *lunch = tu_path("answers-lunch.db");
    EXPECT_STR(sql_text(lunch, "SELECT group_concat(answer, '|') FROM"
                               " (SELECT answer FROM attendee_answer ORDER"
                               " BY answer)"),
               "no nuts|vegan");
    const char *desk = add_station(ev, "desk-1", "desk", "answers-desk.db");
    run(0, "sync '%s'", desk);
    EXPECT_STR(sql_text(desk, "SELECT group_concat(answer, '|') FROM"
                              " attendee_answer"),
               "straight");
    /* The lunch door shows Ada's answer at the scan. */
    json_t *o = scan_one(lunch,
                         "--station door:lunch --clock '2024-05-16 12:00'"
                         " --name door-lunch",
                         "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(json_array_get(json_object_get(o, "answers"), 0), "answer"),
               "vegan");
    json_decref(o);
}

/* Badges made on the organizer's file reach the hub as an import's rows
 * do, with no `checkin sync` (issue 57.3): issued, rendered and printed.
 * Before, a sponsor's phone exported no lead for them until the next
 * sync, and `hub leads` blamed a station file changed outside checkin. */
static void badges_made_on_the_organizers_file_reach_the_hub_at_once(void)
{
    const char *hub;
    const char *ev = published_event("orgbadges", &hub);
    char key[4200];
    snprintf(key, sizeof(key), "%s", tu_path("event.key"));
    const char *mine = "SELECT count(*) FROM checkin.badge WHERE station_uid"
                       " IS NULL";
    long before = pgserver_int(hub, mine);
    const char *said = run(0, "issue --key '%s' '%s' 48243", key, ev);
    EXPECT_CONTAINS(said, "(organizer): sent 1 badge;");
    EXPECT_INT(pgserver_int(hub, mine), before + 1);
    said = run(0, "badge --key '%s' '%s' 53139 --out '%s'", key, ev,
               tu_path("zoe.png"));
    EXPECT_CONTAINS(said, "(organizer): sent ");
    long rendered = pgserver_int(hub, mine);
    EXPECT_TRUE(rendered > before + 1);
    run(0,
        "print '%s' 48273 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        ev, key, tu_path("olga.bin"));
    EXPECT_TRUE(pgserver_int(hub, mine) > rendered);
    EXPECT_INT(pgserver_int(hub, mine),
               sql_int(ev, "SELECT count(*) FROM badge"));
}

/* An invitation list (summit: Dee) reaches its door through the hub: Dee
 * is admitted, Ada is not on it; Ada invited on the laptop reaches the
 * door at its next sync, with her name. */
static void an_invitation_list_reaches_the_summit_door(void)
{
    const char *hub;
    const char *ev = lists_event("summit", &hub);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.list_invitee"
                                 " WHERE list = 'summit' AND NOT removed"),
               1);
    const char *door =
        add_station(ev, "door-summit", "door:summit", "summit-door.db");
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM list_invitee"), 1);
    const char *args =
        "--station door:summit --clock '2024-05-16 10:00' --name door-summit";
    json_t *o = scan_one(door, args, "deeticket5031");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    o = scan_one(door, args, "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "not-on-list");
    json_decref(o);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE badge_name"
                             " = 'Ada Lovelace'"),
               0);
    sql_write(ev, "INSERT INTO list_invitee (list_id, ticket_id) SELECT l.id,"
                  " a.ticket_id FROM checkin_list l, attendee a WHERE l.slug"
                  " = 'summit' AND a.ticket_id = '5001'");
    /* An invitation is said as one, not as a registration. */
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent 1 invitation;");
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM list_invitee"), 2);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE badge_name"
                             " = 'Ada Lovelace'"),
               1);
    o = scan_one(door, args, "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    /* Dee uninvited: off the list, and her name leaves the door. */
    sql_write(ev, "DELETE FROM list_invitee WHERE ticket_id = '5031'");
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE badge_name"
                             " = 'Dee Large'"),
               0);
    o = scan_one(door, args, "deeticket5031");
    EXPECT_STR(jstr(o, "reason"), "not-on-list");
    json_decref(o);
    /* Lists, answers and invitations published again unchanged: nothing
     * is sent, and no station is woken. */
    EXPECT_CONTAINS(run(0, "sync '%s'", ev), "sent nothing");
}

/* A list changed on the laptop with `checkin event` reaches a running
 * counter: the T-shirt list renamed and given every Friday pass too;
 * Bob (a Friday pass, no T-shirt) was not on it, is now, and his name
 * reaches the counter with the change. */
static void a_list_changed_on_the_laptop_reaches_a_running_door(void)
{
    const char *hub;
    const char *ev = lists_event_with("relist", false, &hub);
    const char *door =
        add_station(ev, "tshirt-1", "door:tshirt", "relist-tshirt.db");
    struct live d;
    REQUIRE(live_start(&d, "", door,
                       "--station door:tshirt --clock '2024-05-17 10:00'"
                       " --name tshirt-1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    /* Before: Bob is not on it, and the counter holds no name of his
     * (a code is scanned once here: a repeat would be one presentation). */
    scan_expect(&d, "chiticket5021", "reason", "not-on-list");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE"
                             " badge_name = 'Bob Friday'"),
               0);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM list_who w JOIN"
                             " checkin_list l ON l.id = w.list_id WHERE"
                             " l.slug = 'tshirt' AND w.what = 'ticket-type'"),
               0);
    const char *ini = tu_path("relist.ini");
    REQUIRE(tu_sh("cp '%s' '%s'", tu_path("relist.ini"),
                  tu_path("relist.ini.orig")) == 0);
    if (tu_sh("sed -e 's/^title = T-shirt$/title = Shirt/' -e "
              "'/^.list tshirt\\]/,/^$/ s/^once = per-person$/once = "
              "per-person\\nticket-types = friday/' '%s' > '%s'",
              tu_path("relist.ini.orig"), ini))
        TU_FAIL_AT("could not write %s", ini);
    const char *said = run(0, "event '%s' '%s'", ev, ini);
    EXPECT_CONTAINS(said, "tshirt");
    int64_t t0 = tu_mono_ms();
    wait_count(door,
               "SELECT count(*) FROM attendee WHERE badge_name ="
               " 'Bob Friday'",
               1);
    printf("# the changed list and Bob's name reached the running door in"
           " %lld ms\n",
           (long long)(tu_mono_ms() - t0));
    json_t *o = live_scan(&d, "bobticket5011");
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "redeemed");
    EXPECT_STR(live_str(o, "hand"), "Shirt");
    json_decref(o);
    o = live_scan(&d, "adaticket5001");
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "hand"), "Shirt: M");
    json_decref(o);
    EXPECT_INT(live_stop(&d), 0);
}

/* Two T-shirt counters: Ada's M handed at the first is refused at the
 * second once the hub carries it, with when and where; lunch is once a
 * day across two counters. */
static void a_tshirt_handed_at_one_counter_is_refused_at_another(void)
{
    const char *hub;
    const char *ev = lists_event("shirts", &hub);
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "tshirt-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "tshirt-2.db");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    json_t *o = scan_one(
        t1, "--station door:tshirt --clock '2024-05-16 10:12' --name tshirt-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: M");
    json_decref(o);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:20' --name tshirt-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "already-redeemed");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "M");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "10:12");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "tshirt-1");
    json_decref(o);
    /* Dee's L, at the second counter: first time. */
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:21' --name tshirt-2",
        "deeticket5031");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: L");
    json_decref(o);

    const char *l1 = add_station(ev, "lunch-1", "door:lunch", "lunch-1.db");
    const char *l2 = add_station(ev, "lunch-2", "door:lunch", "lunch-2.db");
    run(0, "sync '%s'", l1);
    o = scan_one(
        l1, "--station door:lunch --clock '2024-05-16 12:00' --name lunch-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", l1);
    run(0, "sync '%s'", l2);
    o = scan_one(
        l2, "--station door:lunch --clock '2024-05-16 12:30' --name lunch-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "lunch-1");
    json_decref(o);
    o = scan_one(
        l2, "--station door:lunch --clock '2024-05-17 12:00' --name lunch-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
}

/* The organizer's undo of a T-shirt, made on the first counter's file
 * (the organizer's sync pushes no journal rows), goes to the hub as that
 * counter's row at its next sync: the second counter then hands Ada a
 * T-shirt again.  On a lunch counter's file it is refused, nothing
 * written. */
static void an_undo_on_a_counters_file_reaches_the_other_counter(void)
{
    const char *hub;
    const char *ev = lists_event("undohub", &hub);
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "undo-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "undo-2.db");
    const char *l1 = add_station(ev, "lunch-1", "door:lunch", "undo-l.db");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    run(0, "sync '%s'", l1);
    json_t *o = scan_one(
        t1, "--station door:tshirt --clock '2024-05-16 10:12' --name tshirt-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", l1);
    const char *out =
        run(1, "undo '%s' 5001 --list tshirt --why 'wrong badge'", l1);
    EXPECT_CONTAINS(out, "is the file of station lunch-1 (door:lunch) at the "
                         "hub, which may not write rows of the T-shirt list");
    out = run(0, "undo '%s' 5001 --list tshirt --why 'wrong badge'", t1);
    EXPECT_CONTAINS(out, "Undone: the T-shirt M of Ada Lovelace (5001), handed "
                         "at tshirt-1 on 2024-05-16 10:12.");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:30' --name tshirt-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    EXPECT_INT(sql_int(l1, "SELECT count(*) FROM scan WHERE act = 'undo'"), 0);
    EXPECT_STR(sql_text(t1, "SELECT station || ' ' || override FROM scan"
                            " WHERE act = 'undo'"),
               "tshirt-1 wrong badge");
}

/* The first line of the error `sql` ends in as `c`'s role ("" when it
 * passed). */
static const char *pq_error(PGconn *c, const char *sql)
{
    static char msg[1024];
    PGresult *r = PQexec(c, sql);
    snprintf(msg, sizeof(msg), "%s",
             PQresultStatus(r) == PGRES_FATAL_ERROR ? PQresultErrorMessage(r)
                                                    : "");
    PQclear(r);
    return msg;
}

/* An organizer's row in the journal, written by hand as its sync would
 * push it: act `act`, naming row `ref_run`/`ref_seq`, of station uid
 * `uid` (NULL: none, as the organizer's). */
static const char *organizer_row(PGconn *c, const char *run_id, int seq,
                                 const char *uid, const char *act,
                                 const char *ref_run, long long ref_seq)
{
    return pq_error(
        c, tu_format(
               "INSERT INTO checkin.scan (station_id, seq, station_uid,"
               " station, at_ms, mode, target, code, attendee_ticket_id,"
               " decision, reason, direction, pushed_ms, act, ref_station_id,"
               " ref_seq) VALUES ('%s', %d, %s, 'organizer', " NOW_MS ","
               " 'desk', '', 'manual:5001', '5001', 'admit', 'undone', 'in', 1,"
               " '%s', '%s', %lld)",
               run_id, seq, tu_format(uid ? "'%s'" : "NULL", uid), act, ref_run,
               ref_seq));
}

/* The organizer's undos reach the stations through the hub (format 18):
 * Ada checked in at desk-1 and undone on the organizer's file is checked
 * in again at desk-2, not "already checked in"; her T-shirt undone there
 * is handed again at the other counter.  The hub takes from the
 * organizer's role undos of rows it holds, nothing else. */
static void an_organizers_undo_reaches_every_station(void)
{
    const char *hub;
    const char *ev = lists_event("orgundo", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "orgundo-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "orgundo-d2.db");
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "orgundo-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "orgundo-2.db");
    const char *desk1 = "--station desk --clock '2024-05-16 09:00' --name "
                        "desk-1";
    const char *desk2 = "--station desk --clock '2024-05-16 09:30' --name "
                        "desk-2";
    json_t *o = scan_one(d1, desk1, "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    o = scan_one(
        t1, "--station door:tshirt --clock '2024-05-16 10:12' --name tshirt-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", ev);
    /* Before the undo, desk-2 knows her as checked in. */
    run(0, "sync '%s'", d2);
    o = scan_one(d2, desk2, "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "already-checked-in");
    json_decref(o);

    const char *out = run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    EXPECT_CONTAINS(out, "Undone: the check-in of Ada Lovelace (5001).");
    EXPECT_CONTAINS(out, "The stations see this undo after the next "
                         "'checkin sync");
    EXPECT_TRUE(strstr(out, "stays in this file") == NULL);
    out = run(0, "undo '%s' 5001 --list tshirt --why 'wrong badge'", ev);
    EXPECT_CONTAINS(out, "Undone: the T-shirt M of Ada Lovelace (5001)");
    EXPECT_TRUE(strstr(out, "stays in this file") == NULL);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'undo' AND station_uid IS NULL AND"
                                 " station = 'organizer'"),
               2);

    run(0, "sync '%s'", d2);
    o = scan_one(d2,
                 "--station desk --clock '2024-05-16 09:40' --name "
                 "desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    run(0, "sync '%s'", t2);
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:30' --name tshirt-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    /* The first counter counts the T-shirt back too. */
    run(0, "sync '%s'", t1);
    EXPECT_INT(sql_int(t1, "SELECT count(*) FROM live_scan WHERE mode ="
                           " 'door' AND attendee_ticket_id = '5001'"),
               0);

    /* What the hub takes from the organizer's role, by hand. */
    PGconn *org = connect_as_station(ev);
    char ref_run[80], uid[80];
    snprintf(ref_run, sizeof(ref_run), "%s",
             sql_text(d1, "SELECT station_id FROM scan WHERE station ="
                          " 'desk-1' LIMIT 1"));
    snprintf(uid, sizeof(uid), "%s",
             sql_text(d1, "SELECT station_uid FROM sync_hub"));
    EXPECT_CONTAINS(
        organizer_row(org, "forged-org", 1, NULL, "undo", "no-such-run", 7),
        "names row no-such-run/7 of list desk '', which the hub "
        "does not hold as a station's admission: let the "
        "station that wrote it sync first");
    EXPECT_CONTAINS(organizer_row(org, "forged-org", 1, NULL, "scan", "", 0),
                    "is a scan, and the organizer sends undos only");
    EXPECT_CONTAINS(
        organizer_row(org, "forged-org", 1, uid, "undo", ref_run, 1),
        "the organizer may not write journal row forged-org/1 as station");
    /* An undo of the organizer's own undo names no station's row. */
    char undo_run[80];
    snprintf(undo_run, sizeof(undo_run), "%s",
             sql_text(ev, "SELECT station_id FROM scan WHERE act = 'undo'"
                          " AND station = 'organizer' AND mode = 'desk'"));
    EXPECT_CONTAINS(
        organizer_row(org, "forged-org", 1, NULL, "undo", undo_run, 1),
        "which the hub does not hold as a station's admission");
    PQfinish(org);
    /* Nor does a station's role write a row of no station. */
    PGconn *desk = connect_as_station(d2);
    EXPECT_TRUE(organizer_row(desk, "forged-d2", 1, NULL, "undo", ref_run,
                              1)[0] != '\0');
    PQfinish(desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station_id LIKE 'forged-%'"),
               0);
}

/* Ada (5001) checked in at desk-1 of event `tag` (a lists event at a hub,
 * *hub) and given a badge there, synced to the hub and the organizer's
 * file; `badge` (of `cap` bytes) gets the badge's code.  The event's
 * file; *d2: desk-2's file, enrolled too. */
static const char *ada_badged_at_desk_1(const char *tag, const char **hub,
                                        const char **d2, char *badge,
                                        size_t cap)
{
    char f1[64], f2[64], key[64];
    snprintf(f1, sizeof(f1), "%s-d1.db", tag);
    snprintf(f2, sizeof(f2), "%s-d2.db", tag);
    snprintf(key, sizeof(key), "%s.key", tag);
    const char *ev = lists_event(tag, hub);
    const char *d1 = add_station(ev, "desk-1", "desk", f1);
    *d2 = add_station(ev, "desk-2", "desk", f2);
    json_t *o =
        scan_one(d1, "--station desk --clock '2024-05-16 09:00' --name desk-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    const char *said = run(0, "issue --key '%s' '%s' 5001", tu_path(key), d1);
    const char *ck = strstr(said, "CK");
    snprintf(badge, cap, "%.*s", ck ? (int)strcspn(ck, "\n") : 0, ck ? ck : "");
    if (!ck)
        TU_FAIL_AT("checkin issue printed no badge: %s", said);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    return ev;
}

/* The organizer's undo of a check-in supersedes the badge desk-1 printed
 * for it, as a desk's own undo does: the organizer's file issues the next
 * badge (never printed) and its sync pushes it with the undo, so desk-2
 * refuses the printed badge, and the booths learn its revocation hash. */
static void an_organizers_undo_supersedes_the_printed_badge(void)
{
    const char *hub, *d2;
    char badge[512];
    const char *ev =
        ada_badged_at_desk_1("orgbadge", &hub, &d2, badge, sizeof(badge));
    REQUIRE(badge[0]);
    json_t *o;
    run(0, "sync '%s'", d2);
    long revoked = pgserver_int(hub, "SELECT count(*) FROM"
                                     " checkin.revoked_badge");
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:20' --name desk-2",
                 badge);
    EXPECT_STR(jstr(o, "reason"), "already-checked-in");
    json_decref(o);

    const char *out = run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    EXPECT_CONTAINS(out, "Undone: the check-in of Ada Lovelace (5001).");
    EXPECT_CONTAINS(out, "The badge printed for them no longer admits");
    EXPECT_INT(sql_int(ev, "SELECT max(issue) FROM badge b JOIN attendee a ON"
                           " a.id = b.attendee_id WHERE a.ticket_id = '5001'"),
               2);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.badge WHERE"
                                 " station_uid IS NULL AND issue = 2"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.revoked_badge"),
               revoked + 1);
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 badge);
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "revoked");
    json_decref(o);
    /* Found by name, she is checked in again. */
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:41' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
}

/* The code `checkin issue` gives for 48275 on `db` (`options`: "" the
 * badge, "--tutorial pandas-intro" the ticket): the newest, as printed. */
static const char *code_of(const char *db, const char *options, char *out,
                           size_t cap)
{
    const char *said = run(0, "issue --key '%s' %s '%s' 48275",
                           tu_path("event.key"), options, db);
    const char *ck = strstr(said, "CK");
    snprintf(out, cap, "%.*s", ck ? (int)strcspn(ck, "\n") : 0, ck ? ck : "");
    if (!ck)
        TU_FAIL_AT("checkin issue printed no code: %s", said);
    return out;
}

/* What door-1 of the pandas tutorial decides for `code`; the caller
 * decrefs. */
static json_t *at_door(const char *door, const char *code)
{
    return scan_one(door,
                    "--station door:pandas-intro --name door-1 --clock"
                    " '2027-05-12 09:05' --cooldown 0.05",
                    code);
}

/* A refusal at the door that sends the person to the desk. */
static void door_refuses(const char *door, const char *code)
{
    json_t *o = at_door(door, code);
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "revoked");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "desk");
    json_decref(o);
}

/* Desk-1 checks 48275 in and its sync sends the check-in; the organizer
 * pulls it; then desk-1 prints her badge and pandas ticket (a printer
 * answers after the check-in went up), and the organizer, before pulling
 * them, undoes the check-in: its new badge and ticket take the numbers
 * the printed ones have.  Whichever syncs first (`organizer_first`), the
 * printed badge and ticket then admit nowhere: the door says to go to the
 * desk, and so does desk-1; checked in again there, she gets a new badge
 * and ticket, which the door admits. */
static void printed_while_the_organizer_undid(bool organizer_first)
{
    const char *hub;
    const char *ev =
        published_event(organizer_first ? "undoorg" : "undodesk", &hub);
    char ev_at[512], d1_at[512], door_at[512];
    snprintf(ev_at, sizeof(ev_at), "%s", ev);
    ev = ev_at;
    snprintf(d1_at, sizeof(d1_at), "%s",
             add_station(ev, "desk-1", "desk",
                         organizer_first ? "uo-d1.db" : "ud-d1.db"));
    snprintf(door_at, sizeof(door_at), "%s",
             add_station(ev, "door-1", "door:pandas-intro",
                         organizer_first ? "uo-door.db" : "ud-door.db"));
    const char *d1 = d1_at, *door = door_at;
    /* The event's key beside the organizer's file, as `init` leaves it. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"),
                          organizer_first ? "undoorg.key" : "undodesk.key"),
                  0600) == 0);
    const char *desk1 = "--station desk --name desk-1 --clock '2027-05-12"
                        " 08:30'";
    json_t *o = scan_one(d1, desk1, secret_of(ev, "48275"));
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    run(0,
        "print '%s' 48275 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        d1, tu_path("event.key"), tu_path("undone-labels.bin"));
    char badge[256], ticket[256];
    code_of(d1, "", badge, sizeof(badge));
    code_of(d1, "--tutorial pandas-intro", ticket, sizeof(ticket));
    REQUIRE(badge[0] && ticket[0]);

    const char *out = run(0, "undo '%s' 48275 --why 'wrong person'", ev);
    EXPECT_CONTAINS(out, "Undone: the check-in of");
    /* The organizer's file never heard of the printed labels: its new
     * ones have their numbers. */
    long labels = 1 + sql_int(ev, "SELECT count(*) FROM attendee_tutorial t"
                                  " JOIN attendee a ON a.id = t.attendee_id"
                                  " WHERE a.ticket_id = '48275'");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM badge b JOIN attendee a ON"
                           " a.id = b.attendee_id WHERE a.ticket_id = '48275'"
                           " AND b.issue = 1"),
               labels);
    if (organizer_first) {
        run(0, "sync '%s'", ev);
        /* The door holds only the organizer's badge and ticket: those
         * desk-1 printed are of numbers it holds others of. */
        run(0, "sync '%s'", door);
        door_refuses(door, badge);
        door_refuses(door, ticket);
        run(0, "sync '%s'", d1);
    } else {
        run(0, "sync '%s'", d1);
        run(0, "sync '%s'", ev);
        run(0, "sync '%s'", d1);
    }
    run(0, "sync '%s'", door);
    door_refuses(door, badge);
    door_refuses(door, ticket);
    o = scan_one(d1, desk1, badge);
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "revoked");
    json_decref(o);

    /* Found by name, checked in again: the print owed gives new labels
     * (counted as reprints), and the door admits them. */
    o = scan_one(d1, desk1, secret_of(ev, "48275"));
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    run(0,
        "print '%s' 48275 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        d1, tu_path("event.key"), tu_path("undone-labels.bin"));
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM print_job j JOIN attendee a"
                           " ON a.id = j.attendee_id WHERE a.ticket_id ="
                           " '48275' AND j.state IN ('sent', 'printed')"),
               2 * labels);
    char badge2[256], ticket2[256];
    code_of(d1, "", badge2, sizeof(badge2));
    code_of(d1, "--tutorial pandas-intro", ticket2, sizeof(ticket2));
    EXPECT_TRUE(strcmp(badge, badge2) != 0);
    EXPECT_TRUE(strcmp(ticket, ticket2) != 0);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", door);
    door_refuses(door, badge);
    o = at_door(door, ticket2);
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
}

static void a_badge_printed_before_the_organizers_undo_admits_nowhere(void)
{
    printed_while_the_organizer_undid(false);
}

static void a_badge_printed_before_the_organizers_undo_syncs_first_too(void)
{
    printed_while_the_organizer_undid(true);
}

/* The organizer's dashboard started with --undo, at a hub: an undo
 * posted as its page posts it is pushed by the dashboard's own sync worker
 * with the badge that supersedes the one desk-1 printed, and desk-2, at
 * its next sync, refuses that badge and checks Ada in again. */
static void the_dashboards_undo_reaches_the_stations(void)
{
    const char *hub, *d2;
    char badge[512];
    const char *ev =
        ada_badged_at_desk_1("dashundo", &hub, &d2, badge, sizeof(badge));
    REQUIRE(badge[0]);
    json_t *o;

    pid_t pid;
    int port =
        hubfix_dashboard_with(ev, "--undo", tu_path("dashundo.out"), &pid);
    REQUIRE(port > 0);
    /* The undo's own token, from the link it printed (docs/dashboard.md). */
    char *said = tu_wait_file(tu_path("dashundo.out"), "undo=", 20000);
    const char *tok = said ? strstr(said, "undo=") : NULL;
    char host[256], *head = NULL, *body = NULL;
    snprintf(host, sizeof(host),
             "Host: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
             "Cookie: checkin_dashboard_undo=%.32s\r\n",
             port, tok ? tok + 5 : "");
    free(said);
    EXPECT_INT(tu_http(port, "POST", "/api/undo", host,
                       "{\"ticket\":\"5001\",\"why\":\"wrong person\"}", &head,
                       &body),
               200);
    EXPECT_CONTAINS(body, "Undone: the check-in of Ada Lovelace (5001).");
    EXPECT_CONTAINS(body, "The badge printed for them no longer admits.");
    free(head);
    free(body);
    /* The dashboard's worker syncs the change to the file. */
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                             " station_uid IS NULL") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(5000);
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.badge WHERE"
                             " station_uid IS NULL") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(5000);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station_uid IS NULL AND act = 'undo' AND"
                                 " override = 'wrong person'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.badge WHERE"
                                 " station_uid IS NULL AND issue = 2"),
               1);
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFSIGNALED(status) ||
                (WIFEXITED(status) && WEXITSTATUS(status) == 0));
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 badge);
    EXPECT_STR(jstr(o, "reason"), "revoked");
    json_decref(o);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:41' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
}

/* A station of a checkin before format 18 pulled the journal past the
 * organizer's undos (its pull leaves rows of no station out) and moved
 * its cursor beyond them.  Upgraded, it has no cursor for rows of no
 * station, and its first sync fetches them all: desk-2 then checks Ada
 * in again. */
static void an_upgraded_station_fetches_the_undos_it_skipped(void)
{
    const char *hub;
    const char *ev = lists_event("orgskip", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "orgskip-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "orgskip-d2.db");
    json_t *o =
        scan_one(d1, "--station desk --clock '2024-05-16 09:00' --name desk-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", d2);
    run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    run(0, "sync '%s'", ev);
    REQUIRE(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                              " station_uid IS NULL") == 1);
    /* desk-2's file as its older checkin's pull left it: the journal's
     * cursor past the undo, and no cursor of rows of no station. */
    sql_write(
        d2,
        tu_format("UPDATE sync_cursor SET horizon = '%lld' WHERE tbl = 'scan';"
                  " DELETE FROM sync_cursor WHERE tbl = 'scan_of_no_station';",
                  pgserver_int(hub, "SELECT pg_snapshot_xmin("
                                    "pg_current_snapshot())::text::bigint")));
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE act = 'undo'"), 0);
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE act = 'undo' AND"
                           " station = 'organizer'"),
               1);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    /* Its next sync reads them from where this one ended. */
    EXPECT_TRUE(sql_int(d2, "SELECT count(*) FROM sync_cursor WHERE tbl ="
                            " 'scan_of_no_station' AND horizon != '0'") == 1);
}

/* At a format 17 hub the organizer's undo waits in its file; its next
 * sync upgrades the hub and pushes it, and desk-2 then checks Ada in
 * again. */
static void a_format_17_hub_takes_the_organizers_undo_once_upgraded(void)
{
    const char *hub;
    const char *ev = lists_event("orgundo17", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "orgundo17-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "orgundo17-d2.db");
    REQUIRE(pgserver_exec(hub, FORMAT17_HUB) == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " information_schema.columns WHERE"
                                 " table_name = 'scan' AND column_name ="
                                 " 'station_uid' AND is_nullable = 'NO'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM pg_proc WHERE proname"
                                 " = 'vet_scan' AND prosrc LIKE"
                                 " '%undos only%'"),
               0);
    json_t *o =
        scan_one(d1, "--station desk --clock '2024-05-16 09:00' --name desk-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    /* The organizer pulls through the station's pull of a format 17 hub
     * (it upgrades it at this sync, before its pull). */
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    REQUIRE(pgserver_exec(hub, FORMAT17_HUB) == 0);
    run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:30' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "already-checked-in");
    json_decref(o);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'undo' AND station_uid IS NULL"),
               1);
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
}

static bool swap_verdict(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "reason"), "swapped");
}

/* A swap at one counter (M for L, from its web screen's input) travels
 * through the hub as its `swap` row: the other counter refuses the
 * person naming the L they hold now, and counts that L in its stock. */
static void a_swap_at_one_counter_is_counted_at_another(void)
{
    const char *hub;
    const char *ev = lists_event("swap", &hub);
    sql_write(ev, "INSERT INTO list_stock SELECT id, 'L', 3 FROM checkin_list"
                  " WHERE slug = 'tshirt'; INSERT INTO list_stock SELECT id,"
                  " 'M', 5 FROM checkin_list WHERE slug = 'tshirt';");
    run(0, "sync '%s'", ev);
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "swap-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "swap-2.db");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    unlink(tu_path("live.err"));
    struct live c1;
    REQUIRE(live_start(&c1, "", t1,
                       "--station door:tshirt --name tshirt-1 --offline"
                       " --clock '2024-05-16 10:12' --web 127.0.0.1:0") == 0);
    json_t *o = live_scan(&c1, "adaticket5001");
    REQUIRE(o);
    EXPECT_STR(live_str(o, "stock_left"), "M: 4 left");
    json_decref(o);
    char *err =
        tu_wait_file(tu_path("live.err"), "Station screen: http://", 10000);
    struct tu_link link = {0};
    bool up = tu_find_link(err, "Station screen: ", &link);
    if (!up)
        TU_FAIL_AT("the counter did not print its link: %s", err ? err : "");
    free(err);
    if (up) {
        char extra[300];
        snprintf(extra, sizeof(extra),
                 "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n",
                 link.port, link.token);
        char *head = NULL, *body = NULL;
        EXPECT_INT(tu_http(link.port, "POST", "/api/input", extra,
                           "{\"kind\":\"swap\",\"text\":\"L\"}", &head, &body),
                   200);
        free(head);
        free(body);
        o = live_next(&c1, 20000, swap_verdict, NULL);
        if (!o)
            TU_FAIL_AT("the counter showed no swap");
        EXPECT_STR(o ? live_str(o, "stock_left") : "", "L: 2 left; M: 5 left");
        json_decref(o);
    }
    EXPECT_INT(live_stop(&c1), 0);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'swap' AND handed = 'L'"),
               1);
    o = scan_one(t2,
                 "--station door:tshirt --clock '2024-05-16 10:20'"
                 " --name tshirt-2",
                 "adashirt5002");
    EXPECT_STR(jstr(o, "reason"), "already-redeemed");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "handed over: L, ");
    json_decref(o);
    o = scan_one(t2,
                 "--station door:tshirt --clock '2024-05-16 10:21'"
                 " --name tshirt-2",
                 "deeticket5031");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: L");
    EXPECT_CONTAINS(jstr(o, "stock_left"), "L: 1 left");
    json_decref(o);
}

/* A hold put on the organizer's laptop reaches a desk and a counter
 * through the hub (registration.hold, format 10), which refuse the person
 * offline with the neutral sentence; the reason reaches neither the hub
 * nor a station.  A release travels the same way. */
static void a_hold_travels_through_the_hub_and_its_reason_does_not(void)
{
    const char *hub;
    const char *ev = lists_event("hold", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "hold-desk.db");
    const char *door =
        add_station(ev, "tshirt-1", "door:tshirt", "hold-tshirt.db");
    run(0, "hold '%s' 5001 --why 'safety team: incident 12'", ev);
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", desk);
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id = '5001' AND hold"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " r WHERE r::text LIKE '%incident%'"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description d WHERE"
                                 " d::text LIKE '%incident%'"),
               0);
    json_t *o = scan_one(desk,
                         "--station desk --clock '2024-05-16 09:00'"
                         " --name desk-1",
                         "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "see-help-desk");
    EXPECT_STR(jstr(o, "reason_text"), "Please see the help desk.");
    EXPECT_TRUE(!json_object_get(o, "badge_name"));
    json_decref(o);
    o = scan_one(door,
                 "--station door:tshirt --clock '2024-05-16 10:12'"
                 " --name tshirt-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "see-help-desk");
    json_decref(o);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee_hold"), 0);
    EXPECT_INT(tu_sh("! grep -q incident '%s'* '%s'*", desk, door), 0);
    /* A station's file cannot put a hold of its own. */
    const char *said = run(1, "hold '%s' 5021 --why 'x'", desk);
    EXPECT_CONTAINS(said, "is a station's file");
    /* Released on the laptop: admitted again after the syncs. */
    run(0, "hold '%s' 5001 --release", ev);
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", desk);
    o = scan_one(desk,
                 "--station desk --clock '2024-05-16 09:05'"
                 " --name desk-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
}

/* A hub of format 9 (made by the checkin before lists): its
 * registrations, journal and description are kept through the
 * organizer's upgrade to 10, which only adds; then the lists, items and
 * answers travel. */
static void a_format_9_hub_is_upgraded_to_10_keeping_its_rows(void)
{
    const char *hub;
    const char *ev = lists_event("fmt9", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "fmt9-desk.db");
    REQUIRE(older_hub(hub, FORMAT9_HUB));
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 9);
    /* Its registrations as an older checkin published them: under a
     * digest that covered no items, hold or answers. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.registration SET digest ="
                               " '\\x00000000000000000000000000000000'") == 0);
    sql_write(ev, "UPDATE sync_reg SET digest = zeroblob(16)");
    run(0, "sync '%s'", desk);
    json_t *o = scan_one(desk,
                         "--station desk --clock '2024-05-16 09:00'"
                         " --name desk-1",
                         "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", desk);
    static const char DIGEST[] =
        "SELECT md5(string_agg(ticket_id || given_name || family_name ||"
        " status || array_to_string(secrets, ','), '|' ORDER BY ticket_id))"
        " FROM checkin.registration";
    long long regs = pgserver_int(hub, "SELECT count(*) FROM"
                                       " checkin.registration");
    long long scans = pgserver_int(hub, "SELECT count(*) FROM checkin.scan");
    long long described = pgserver_int(hub, "SELECT count(*) FROM"
                                            " checkin.event_description");
    PGconn *su = PQconnectdb(pgserver_conninfo(hub));
    REQUIRE(PQstatus(su) == CONNECTION_OK);
    PGresult *r = PQexec(su, DIGEST);
    char before[64];
    snprintf(before, sizeof(before), "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    EXPECT_TRUE(regs > 0 && scans == 1);
    /* The organizer's next sync upgrades it. */
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"),
               regs);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), scans);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind NOT"
                                 " IN ('list', 'question')"),
               described);
    r = PQexec(su, DIGEST);
    EXPECT_STR(PQgetvalue(r, 0, 0), before);
    PQclear(r);
    PQfinish(su);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind ="
                                 " 'list'"),
               5);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE items != '[]'"),
               3);
    /* What it carries now reaches a door: Ada's T-shirt size. */
    const char *door =
        add_station(ev, "tshirt-1", "door:tshirt", "fmt9-tshirt.db");
    run(0, "sync '%s'", door);
    o = scan_one(door,
                 "--station door:tshirt --clock '2024-05-16 10:12'"
                 " --name tshirt-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: M");
    json_decref(o);
    /* And the desk, already at 9, takes the days and lists. */
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM checkin_list"), 5);
    /* hub status names a live station of a checkin that knows format 9
     * at most, as a desk's row reads after an older checkin's sync. */
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "runs an older");
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 9, last_seen = now() WHERE name ="
                               " 'desk-1'") == 0);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "desk-1 runs an older checkin (it knows hub format 9): "
                    "it does not see check-in lists");
}

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

/* ---- the hub vets a desk's walk-ins, edits and undos (format 25) ---- */

/* An undo naming no supervisor, at an event that has supervisors (a desk
 * asks for the PIN of every undo), as a forger writes it into a desk's
 * file: set aside at the hub, so the other desk still holds the check-in
 * (before format 25 every desk applied it, and the badge printed for the
 * check-in stopped admitting). */
static void a_desks_undo_naming_no_supervisor_is_set_aside(void)
{
    const char *hub, *d1, *d2;
    char codes[128];
    undo_desks("undonone", "Sam", SUP_PIN, &hub, &d1, &d2, codes,
               sizeof(codes));
    undo_in_file_by(d1, "desk-1", "48275", NULL);
    const char *said = run(0, "sync '%s'", d1);
    EXPECT_CONTAINS(said, "The hub set aside 1 of the journal rows");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"
                                 " WHERE fault = 'an undo naming no"
                                 " supervisor'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE attendee_ticket_id = '48275' AND"
                                 " decision = 'admit'"),
               1);
    run(0, "sync '%s'", d2);
    SCAN_SAYS(d2, "--station desk --name desk-2", codes, "already-checked-in");
}

/* A desk's walk-ins and edits, written with the desk's own credentials as
 * a forger would (its role, a run it claimed, rows named for itself):
 * each that breaks a rule is set aside with why, counted, and reaches no
 * registration; a good edit is taken; edits waiting for tickets the hub
 * does not hold stop at HUB_WAITING_MAX (200) a desk; and `hub status`
 * says it all in a bounded number of lines.  Before format 25 the hub took
 * every one of them (a walk-in of year 5138 with a tutorial the event
 * lacks, an edit by a supervisor who never existed, 1,000 waiting edits
 * making `hub status` 1,017 lines). */
static void a_desks_bad_walkins_and_edits_are_set_aside_and_counted(void)
{
    const char *hub, *d1, *d2;
    char codes[128];
    const char *ev = undo_desks("vetchg", "Sam", SUP_PIN, &hub, &d1, &d2, codes,
                                sizeof(codes));
    PGconn *c = connect_as_station(d1);
    EXPECT_INT(pq_int(c,
                      "INSERT INTO checkin.run (station_id, station_uid)"
                      " SELECT 'vvvvvvvvvvvvvvvv', uid FROM checkin.station"
                      " WHERE pg_role = current_user",
                      NULL),
               1);
    /* (seq, at_ms, ticket, kind, field, value, supervisor) */
#define CHG(ROWS)                                                              \
    "INSERT INTO checkin.registration_change (station_id, seq, station_uid,"   \
    " station, at_ms, ticket_id, kind, field, value, supervisor) SELECT"       \
    " 'vvvvvvvvvvvvvvvv', x.seq, s.uid, s.name, x.at, x.t, x.k, x.f, x.v,"     \
    " x.sup FROM checkin.station s, (VALUES " ROWS ") AS x(seq, at, t, k, f,"  \
    " v, sup) WHERE s.pg_role = current_user"
#define NOW "(extract(epoch FROM now()) * 1000)::bigint"
    char state[8];
    EXPECT_INT(
        pq_int(c,
               CHG("(1, 99999999999999, 'ck:vvvvvvvvvvvvvvvv:1', 'create',"
                   " NULL, '{\"ticket_type\":\"individual\",\"given_name\":"
                   "\"Eve\",\"family_name\":\"Far\",\"status\":\"paid\","
                   "\"tutorials\":[\"no-such-tutorial\"]}', NULL),"
                   " (2, " NOW ", 'ck:vvvvvvvvvvvvvvvv:2', 'create', NULL,"
                   " '{\"ticket_type\":\"individual\",\"given_name\":"
                   "\"Eve\",\"family_name\":\"Near\",\"status\":\"paid\","
                   "\"tutorials\":[\"no-such-tutorial\"]}', NULL),"
                   " (3, " NOW ", '48243', 'edit', 'company', 'Evil Corp',"
                   " 'Mallory'),"
                   " (4, " NOW ", '48243', 'edit', 'company', 'Evil Corp',"
                   " NULL),"
                   " (5, " NOW ", '48243', 'edit', 'company', repeat('x',"
                   " 8000), 'Sam'),"
                   " (6, " NOW ", '48243', 'edit', 'company', 'Acme', 'Sam')"),
               state),
        1);
    EXPECT_STR(state, "");
    /* 1,000 edits of tickets the hub does not hold. */
    EXPECT_INT(pq_int(c,
                      "INSERT INTO checkin.registration_change (station_id,"
                      " seq, station_uid, station, at_ms, ticket_id, kind,"
                      " field, value, supervisor) SELECT 'vvvvvvvvvvvvvvvv',"
                      " 100 + g, s.uid, s.name, " NOW ", 'nobody-' || g,"
                      " 'edit', 'company', 'x', 'Sam' FROM checkin.station s,"
                      " generate_series(1, 1000) g WHERE s.pg_role ="
                      " current_user",
                      state),
               0);
    EXPECT_STR(state, "");
#undef CHG
#undef NOW
    PQfinish(c);
    static const struct {
        const char *fault;
        int n;
    } WANT[] = {
        {"a time outside the event''s days and the hub''s clock", 1},
        {"a tutorial the event does not have", 1},
        {"a supervisor the event does not have", 1},
        {"an edit naming no supervisor", 1},
        {"a value longer than 200 bytes", 1},
        {"more than 200 edits waiting for tickets the hub does not hold", 800},
    };
    for (size_t i = 0; i < sizeof(WANT) / sizeof(WANT[0]); i++)
        EXPECT_INT(pgserver_int(hub, tu_format("SELECT count(*) FROM"
                                               " checkin.set_aside_change"
                                               " WHERE fault = '%s'",
                                               WANT[i].fault)),
                   WANT[i].n);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id LIKE 'ck:%'"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               200);
    /* The other desk takes the good edit only. */
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM registration_change WHERE"
                           " station_id = 'vvvvvvvvvvvvvvvv'"),
               1);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM attendee WHERE ticket_id"
                           " LIKE 'ck:%'"),
               0);
    /* `hub status`: counted by station and why, the waiting edits cut
     * short. */
    const char *st = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(st, "805 walk-ins and edits made at desks set aside");
    EXPECT_CONTAINS(st, "  800: more than 200 edits waiting for tickets the "
                        "hub does not hold from desk-1");
    EXPECT_CONTAINS(st, "  1: a supervisor the event does not have from "
                        "desk-1");
    EXPECT_CONTAINS(st, "and 190 more edits waiting");
    int lines = 0;
    for (const char *p = st; *p; p++)
        lines += *p == '\n';
    printf("# hub status: %d lines\n", lines);
    EXPECT_TRUE(lines < 40);
    /* Through the desk's own sync: a correction naming a supervisor the
     * event never had, and the sentence saying so. */
    REQUIRE(tu_sh("sqlite3 '%s' \"INSERT INTO registration_change"
                  " (station_id, station, seq, at_ms, ticket_id, kind, field,"
                  " value, supervisor) SELECT station_id, station, 900,"
                  " CAST(strftime('%%s', 'now') AS INTEGER) * 1000, '48243',"
                  " 'edit', 'pronouns', 'they/them', 'Mallory' FROM scan"
                  " WHERE station = 'desk-1' LIMIT 1\"",
                  d1) == 0);
    const char *said = run(0, "sync '%s'", d1);
    EXPECT_CONTAINS(said, "1 walk-in or edit set aside");
    EXPECT_CONTAINS(said, "The hub set aside 1 of the walk-ins and edits this "
                          "station sent");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.set_aside_change WHERE fault = 'a"
                                 " supervisor the event does not have'"),
               2);
}

/* A station's word about itself, written with its own role: `last_seen`
 * ten years ahead, a clock of 9e15 ms and a backlog of -5 are bounded by
 * the hub (its own clock for last_seen), and of conflicts it keeps only
 * those naming a row it holds, once each, HUB_CONFLICTS_MAX (100) a
 * station, counting the rest.  Before format 25 every value showed in
 * `hub status` as written, and 1,000 conflicts naming nothing too. */
static void a_stations_status_and_conflicts_are_bounded_by_the_hub(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "clamp", &ev, &hub, "desk-1", "desk",
                               "clamp-desk.db", &desk, NULL));
    run(0, "sync '%s'", desk);
    /* 150 rows the hub holds, the organizer's edits. */
    REQUIRE(pgserver_exec(hub, "INSERT INTO checkin.registration_change"
                               " (station_id, seq, station_uid, station,"
                               " at_ms, ticket_id, kind, field, value)"
                               " SELECT 'oooooooooooooooo', g, NULL,"
                               " 'organizer', 1810137900000, '48243',"
                               " 'edit', 'company', 'x' || g FROM"
                               " generate_series(1, 150) g") == 0);
    PGconn *c = connect_as_station(desk);
    char state[8];
    EXPECT_INT(pq_int(c,
                      "UPDATE checkin.station SET last_seen = now() +"
                      " interval '10 years', last_clock_ms ="
                      " 9000000000000000, last_backlog = -5, last_pushed ="
                      " last_pushed - 1000 WHERE pg_role = current_user",
                      state),
               1);
    EXPECT_STR(state, "");
#define CONFLICTS(TBL, RUN, SEQS)                                              \
    "INSERT INTO checkin.conflict (tbl, station_id, seq, station_uid)"         \
    " SELECT '" TBL "', '" RUN "', g, uid FROM checkin.station,"               \
    " generate_series(" SEQS ") g WHERE pg_role = current_user"
    EXPECT_INT(pq_int(c, CONFLICTS("scan", "nobody", "1, 1000"), state), 0);
    EXPECT_STR(state, "");
    EXPECT_INT(
        pq_int(c,
               CONFLICTS("registration_change", "oooooooooooooooo", "1, 150"),
               state),
        100);
    EXPECT_INT(
        pq_int(c, CONFLICTS("registration_change", "oooooooooooooooo", "1, 1"),
               state),
        0);
#undef CONFLICTS
    PQfinish(c);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station WHERE"
                                 " name = 'desk-1' AND last_seen <= now()"
                                 " AND last_clock_ms <= extract(epoch FROM"
                                 " now() + interval '10 years 1 day') *"
                                 " 1000 AND last_backlog = 0 AND"
                                 " last_pushed >= 0"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 100);
    EXPECT_INT(pgserver_int(hub, "SELECT conflicts_over FROM checkin.station"
                                 " WHERE name = 'desk-1'"),
               50);
    /* hub status: seen now, the conflicts counted (100 kept and 50). */
    const char *st = run(0, "hub status '%s'", ev);
    const char *line = strstr(st, "\ndesk-1 ");
    REQUIRE(line != NULL);
    char row[256];
    snprintf(row, sizeof(row), "%.*s", (int)strcspn(line + 1, "\n"), line + 1);
    printf("# %s\n", row);
    EXPECT_CONTAINS(row, " live ");
    EXPECT_CONTAINS(row, " 150");
    EXPECT_NOT_CONTAINS(row, " -5 ");
    EXPECT_CONTAINS(st, "150 conflicting rows.");
    /* The station's own sync still says where it is. */
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station WHERE"
                                 " name = 'desk-1' AND abs(last_clock_ms -"
                                 " extract(epoch FROM now()) * 1000) <"
                                 " 3600000"),
               1);
}

/* ---- walk-ins and edits made at desks (hub format 11, issue 30) ---- */

#define DEMO_CSV CONFIG_DIR "/demo/registrations.csv"

/* The ticket id `checkin register` printed ("ticket ck:...:N"). */
static const char *walkin_ticket(const char *said)
{
    static char t[64];
    t[0] = '\0';
    const char *p = strstr(said, "ticket ck:");
    if (p)
        sscanf(p + 7, "%63[a-z0-9:]", t);
    if (!t[0])
        TU_FAIL_AT("no walk-in's ticket in: %s", said);
    return t;
}

/* `checkin issue`'s code for `who` at `db`, as a line to scan. */
static const char *issued_line(const char *db, const char *who)
{
    static char line[512];
    const char *said =
        run(0, "issue --key '%s' '%s' '%s'", tu_path("event.key"), db, who);
    const char *ck = strstr(said, "CK");
    if (!ck)
        TU_FAIL_AT("no code issued for %s: %s", who, said);
    snprintf(line, sizeof(line), "%.*s\n", ck ? (int)strcspn(ck, "\n") : 0,
             ck ? ck : "");
    return line;
}

/* The demo export with `from` replaced by `to` once, as file `name`. */
static const char *demo_export_with(const char *name, const char *from,
                                    const char *to)
{
    size_t len;
    char *csv = tu_read_file(DEMO_CSV, &len);
    const char *path = tu_path(name);
    char *at = csv ? strstr(csv, from) : NULL;
    if (!at) {
        TU_FAIL_AT("the demo export has no '%s'", from);
        free(csv);
        return path;
    }
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(csv, 1, (size_t)(at - csv), f);
        fputs(to, f);
        fputs(at + strlen(from), f);
        fclose(f);
    }
    free(csv);
    return path;
}

/* A walk-in registered and checked in at desk-1 is, after the stations
 * synced, "already checked in" at desk-2, found there by name, admitted
 * at the door of the tutorial they bought (which before the sync did not
 * know them), and in the organizer's export; the door's file holds no
 * contact detail of them. */
static void a_walkin_at_one_desk_is_known_at_every_station(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "walkin", &ev, &hub, "desk-1", "desk", "walkin-1.db", &d1, "desk-2",
        "desk", "walkin-2.db", &d2, "door-1", "door:asyncio-practice",
        "walkin-door.db", &door, NULL));
    char ticket[64];
    snprintf(ticket, sizeof(ticket), "%s",
             walkin_ticket(run(0,
                               "register '%s' --ticket-type individual"
                               " --given-name Wanjiru --family-name Kamau"
                               " --email wanjiru@example.org --tutorial"
                               " asyncio-practice",
                               d1)));
    char comp[64];
    snprintf(comp, sizeof(comp), "%s",
             walkin_ticket(run(0,
                               "register '%s' --ticket-type speaker"
                               " --given-name Ama --family-name Owusu"
                               " --comp 'keynote guest'",
                               d1)));
    char code[512];
    snprintf(code, sizeof(code), "%s", issued_line(d1, ticket));
    SCAN_SAYS(d1, "--station desk --name desk-1", code, "checked-in");
    char *out = scan(door,
                     "--station door:asyncio-practice --name door-1"
                     " --clock '2027-05-12 09:05'",
                     code);
    EXPECT_NOT_CONTAINS(out, "\"decision\":\"admit\"");
    free(out);
    EXPECT_NOT_CONTAINS(run(0, "attendees '%s' Kamau", d2), "Wanjiru");

    const char *said = run(0, "sync '%s'", d1);
    EXPECT_CONTAINS(said, "sent 2 walk-ins and edits");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", door);
    out = scan(d2, "--station desk --name desk-2", code);
    EXPECT_CONTAINS(out, "\"reason\":\"already-checked-in\"");
    EXPECT_CONTAINS(out, "at desk-1");
    free(out);
    EXPECT_CONTAINS(run(0, "attendees '%s' Kamau", d2), "Wanjiru Kamau");
    EXPECT_STR(
        sql_text(
            d2,
            tu_format("SELECT comp_reason FROM attendee WHERE ticket_id = '%s'",
                      comp)),
        "keynote guest");
    SCAN_SAYS(door,
              "--station door:asyncio-practice --name door-1"
              " --clock '2027-05-12 09:06'",
              code, "entered");
    EXPECT_INT(
        sql_int(
            door,
            tu_format("SELECT count(*) FROM attendee WHERE ticket_id = '%s' AND"
                      " given_name = 'Wanjiru' AND email = '' AND company = ''",
                      ticket)),
        1);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM registration_change"
                             " WHERE value LIKE '%example.org%'"),
               0);
    /* The organizer's file takes them in, and exports their check-in. */
    run(0, "sync '%s'", ev);
    const char *csv = tu_path("walkin-checkins.csv");
    run(0, "export '%s' checkins --out '%s'", ev, csv);
    size_t len;
    char *text = tu_read_file(csv, &len);
    EXPECT_CONTAINS(text ? text : "", "Kamau");
    free(text);
    /* And the organizer does not publish it back as its own. */
    EXPECT_CONTAINS(run(0, "sync '%s'", ev), "sent nothing");
}

/* A walk-in registered at desk-1 (`checkin register`) and printed there
 * on a file printer; the badge, read back from the label's image, is
 * admitted once at desk-2 through the hub, refused there the second time
 * as a duplicate, and admitted at their tutorial's door, enrolled at the
 * same hub; desk-1 then knows it was desk-2 that checked them in. */
static void a_walkin_printed_at_one_desk_is_admitted_once_at_another(void)
{
    struct hubfix f = {0};
    const char *hub;
    snprintf(f.ev, sizeof(f.ev), "%s", published_event("walkprint", &hub));
    /* The organizer's key beside the event: enrolling gives each desk
     * its own copy to sign the badges it prints. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "walkprint.key"), 0600) == 0);
    static const char *const ST[][3] = {
        {"desk-1", "desk", "walkprint-1.db"},
        {"desk-2", "desk", "walkprint-2.db"},
        {"door-1", "door:asyncio-practice", "walkprint-door.db"}};
    for (int i = 0; i < 3; i++)
        snprintf(f.file[i], sizeof(f.file[i]), "%s",
                 add_station(f.ev, ST[i][0], ST[i][1], ST[i][2]));
    char ticket[64];
    snprintf(ticket, sizeof(ticket), "%s",
             walkin_ticket(run(0,
                               "register '%s' --ticket-type individual"
                               " --given-name Nia --family-name Achterberg"
                               " --email nia@example.org --tutorial"
                               " asyncio-practice",
                               f.file[0])));
    const char *dir = tu_path("walkprint-labels");
    REQUIRE(tu_sh("mkdir -p '%s'", dir) == 0);
    const char *said = run(0,
                           "print '%s' '%s' --printer 'file:%s' --model"
                           " QL-800 --media 62x100 --preview '%s'",
                           f.file[0], ticket, tu_path("walkprint.bin"), dir);
    EXPECT_CONTAINS(said, "2 sent");
    char png[700];
    snprintf(png, sizeof(png), "%s/job-0001-badge.png", dir);
    EXPECT_CONTAINS(run(0, "decode '%s'", png), "CK2:");
    run(0, "sync '%s'", f.file[0]);
    run(0, "sync '%s'", f.file[1]);
    run(0, "sync '%s'", f.file[2]);

    char want[128];
    snprintf(want, sizeof(want), "\"ticket_id\":\"%s\"", ticket);
    said = run(0,
               "scan '%s' --station desk --name desk-2 --json --offline"
               " --clock '2027-05-12 08:40' --images '%s'",
               f.file[1], png);
    EXPECT_CONTAINS(said, "\"reason\":\"checked-in\"");
    EXPECT_CONTAINS(said, want);
    EXPECT_CONTAINS(said, "\"badge_name\":\"Nia Achterberg\"");
    said = run(0,
               "scan '%s' --station desk --name desk-2 --json --offline"
               " --clock '2027-05-12 08:40' --images '%s'",
               f.file[1], png);
    EXPECT_CONTAINS(said, "\"reason\":\"already-checked-in\"");
    EXPECT_NOT_CONTAINS(said, "\"reason\":\"checked-in\"");
    said = run(0,
               "scan '%s' --station door:asyncio-practice --name door-1"
               " --json --offline --clock '2027-05-12 09:05' --images '%s'",
               f.file[2], png);
    EXPECT_CONTAINS(said, "\"reason\":\"entered\"");
    EXPECT_CONTAINS(said, want);
    /* One admission at the desks, desk-2's, everywhere. */
    run(0, "sync '%s'", f.file[1]);
    run(0, "sync '%s'", f.file[0]);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM live_scan WHERE mode = 'desk' AND"
             " decision = 'admit' AND attendee_ticket_id = '%s'",
             ticket);
    EXPECT_INT(sql_int(f.file[0], sql), 1);
    EXPECT_INT(sql_int(f.file[1], sql), 1);
    said = run(0,
               "scan '%s' --station desk --name desk-1 --json --offline"
               " --clock '2027-05-12 08:50' --images '%s'",
               f.file[0], png);
    EXPECT_CONTAINS(said, "\"reason\":\"already-checked-in\"");
    EXPECT_CONTAINS(said, "at desk-2");
    /* The organizer's laptop takes the walk-in, its badge and desk-2's
     * check-in in one sync: none waits for the next because the person
     * arrived in the same pull. */
    said = run(0, "sync '%s'", f.ev);
    EXPECT_NOT_CONTAINS(said, "does not know yet");
    EXPECT_INT(sql_int(f.ev, sql), 1);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM badge b JOIN attendee a ON a.id ="
             " b.attendee_id WHERE a.ticket_id = '%s'",
             ticket);
    EXPECT_INT(sql_int(f.file[0], sql), 2); /* the badge and its ticket */
    EXPECT_INT(sql_int(f.ev, sql), 2);
}

/* An edit at desk-1 shows at desk-2 and on the laptop; an organizer's
 * re-import that changes another field (the email) keeps it everywhere,
 * and one that changes the edited field itself wins everywhere: one rule
 * applied to the same rows gives every station the same answer. */
static void an_edit_at_one_desk_shows_at_the_other_and_meets_reimports(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *door;
    REQUIRE(hubfix_enrolled_as(&f, "edits", &ev, &hub, "desk-1", "desk",
                               "edits-1.db", &d1, "desk-2", "desk",
                               "edits-2.db", &d2, "door-1", "door:pandas-intro",
                               "edits-door.db", &door, NULL));
    run(0, "edit '%s' 53139 --given-name Zoey", d1);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", door);
    run(0, "sync '%s'", ev);
    static const char GIVEN[] =
        "SELECT given_name || ' <' || email || '>' FROM attendee WHERE"
        " ticket_id = '53139'";
    EXPECT_STR(sql_text(d2, GIVEN), "Zoey <zoe.mueller@example.com>");
    EXPECT_STR(sql_text(ev, GIVEN), "Zoey <zoe.mueller@example.com>");
    EXPECT_STR(sql_text(door, "SELECT given_name FROM attendee WHERE"
                              " ticket_id = '53139'"),
               "Zoey");
    EXPECT_CONTAINS(run(0, "attendees '%s' 53139", d2), "edited at desk-1");
    /* The hub keeps the export's name. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id = '53139' AND given_name"
                                 " = 'Zoë'"),
               1);

    /* A new email in the export: the edit of the name holds. */
    const char *csv =
        demo_export_with("edits-email.csv", "zoe.mueller@example.com",
                         "zoe@pixel-orchard.example");
    run(0, "import '%s' '%s'", ev, csv);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    EXPECT_STR(sql_text(ev, GIVEN), "Zoey <zoe@pixel-orchard.example>");
    EXPECT_STR(sql_text(d1, GIVEN), "Zoey <zoe@pixel-orchard.example>");
    EXPECT_STR(sql_text(d2, GIVEN), "Zoey <zoe@pixel-orchard.example>");
    /* The hub still carries the export's name, so each desk still knows
     * the name as an edit of it. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id = '53139' AND given_name"
                                 " = 'Zoë' AND email ="
                                 " 'zoe@pixel-orchard.example'"),
               1);
    EXPECT_CONTAINS(run(0, "attendees '%s' 53139", d2), "the export says Zoë");

    /* The export's given name changes: it wins at every station. */
    csv = demo_export_with("edits-name.csv", "Müller,Zoë,", "Müller,Zoé,");
    run(0, "import '%s' '%s'", ev, csv);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", door);
    EXPECT_STR(sql_text(ev, GIVEN), "Zoé <zoe.mueller@example.com>");
    EXPECT_STR(sql_text(d1, GIVEN), "Zoé <zoe.mueller@example.com>");
    EXPECT_STR(sql_text(d2, GIVEN), "Zoé <zoe.mueller@example.com>");
    EXPECT_STR(sql_text(door, "SELECT given_name FROM attendee WHERE"
                              " ticket_id = '53139'"),
               "Zoé");
}

/* Only a desk sends walk-ins and edits, and only its own: a door's
 * credentials are refused by the hub's policy, a desk's row under
 * another desk's name or a walk-in not named by its own row by the
 * hub's check, each with a sentence, and nothing is stored.  hub status
 * names a station of a checkin that knows format 10 at most. */
static void a_door_cannot_push_a_walkin(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "nowalkin", &ev, &hub, "desk-1", "desk", "nowalkin-desk.db", &desk,
        "door-1", "door:pandas-intro", "nowalkin-door.db", &door, NULL));
    static const char WALKIN[] =
        "INSERT INTO checkin.run (station_id, station_uid) SELECT"
        " 'aaaaaaaaaaaaaaaa', uid FROM checkin.station WHERE pg_role ="
        " current_user;"
        " INSERT INTO checkin.registration_change (station_id, seq,"
        " station_uid, station, at_ms, ticket_id, kind, value) SELECT"
        " 'aaaaaaaaaaaaaaaa', 1, uid, %s, 1800000000000, '%s', 'create',"
        " '{\"ticket_type\":\"individual\",\"given_name\":\"Eve\","
        "\"family_name\":\"Forger\",\"status\":\"paid\",\"tutorials\":[]}'"
        " FROM checkin.station WHERE pg_role = current_user";
    PGconn *c = connect_as_station(door);
    PGresult *r = PQexec(c, tu_format(WALKIN, "name", "ck:aaaaaaaaaaaaaaaa:1"));
    EXPECT_INT(PQresultStatus(r), PGRES_FATAL_ERROR);
    const char *why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    EXPECT_CONTAINS(why ? why : "", "row-level security policy");
    EXPECT_CONTAINS(why ? why : "", "registration_change");
    PQclear(r);
    PQfinish(c);
    /* A desk under another's name, and a walk-in not named by its row. */
    c = connect_as_station(desk);
    r = PQexec(c, tu_format(WALKIN, "'desk-2'", "ck:aaaaaaaaaaaaaaaa:1"));
    EXPECT_INT(PQresultStatus(r), PGRES_FATAL_ERROR);
    PQclear(r);
    r = PQexec(c, tu_format(WALKIN, "name", "48243"));
    EXPECT_INT(PQresultStatus(r), PGRES_FATAL_ERROR);
    why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    EXPECT_CONTAINS(why ? why : "", "is not named by its own row");
    PQclear(r);
    PQfinish(c);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id LIKE 'ck:%'"),
               0);
    /* A walk-in typed into the door's own file stays there. */
    run(0,
        "register '%s' --ticket-type individual --given-name Eve"
        " --family-name Forger",
        door);
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               0);
    /* hub status names a station that knows format 10 at most. */
    run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "runs an older");
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 10, last_seen = now() WHERE name ="
                               " 'desk-1'") == 0);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "desk-1 runs an older checkin (it knows hub format 10): "
                    "it does not send its walk-ins and corrections");
}

/* A walk-in registered while the hub is at format 10 waits in the desk's
 * file; the organizer's next sync upgrades the hub, keeping its rows, and
 * the desk's next sync sends it. */
static void a_format_10_hub_is_upgraded_to_11_and_takes_waiting_walkins(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "fmt10", &ev, &hub, "desk-1", "desk",
                               "fmt10-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT10_HUB));
    long long regs =
        pgserver_int(hub, "SELECT count(*) FROM checkin.registration");
    run(0,
        "register '%s' --ticket-type individual --given-name Kofi"
        " --family-name Boateng",
        desk);
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", desk), "walk-in");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"),
               regs);
    EXPECT_CONTAINS(run(0, "sync '%s'", desk), "sent 1 walk-in or edit");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE family_name = 'Boateng' AND"
                                 " ticket_id LIKE 'ck:%'"),
               1);
}

/* An edit of a ticket the hub does not hold yet (format 13): one the
 * organizer has not published (imported into desk-1's own file here), or
 * a walk-in whose desk has not synced, is set aside at the hub, told to
 * the desk and listed by hub status, and placed when the ticket arrives:
 * by the organizer's publish, or by the walk-in's create row from the
 * other desk, whose push is then its own.  Another desk sees the edits;
 * the door of the person's tutorial sees the name and no email. */
static void an_edit_of_a_ticket_the_hub_lacks_waits_there_and_is_placed(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *door;
    REQUIRE(hubfix_enrolled_as(&f, "aside", &ev, &hub, "desk-1", "desk",
                               "aside-1.db", &d1, "desk-2", "desk",
                               "aside-2.db", &d2, "door-1", "door:pandas-intro",
                               "aside-door.db", &door, NULL));
    import_rows(d1, "aside-late.csv",
                "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,"
                "pandas-intro,1,late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n");
    run(0, "edit '%s' 59999 --given-name Lenna --email lenna@example.org", d1);
    EXPECT_CONTAINS(run(0, "sync '%s'", d1),
                    "2 edits wait at the hub for their tickets (59999); the "
                    "organizer's next publish, or the sync of the desk that "
                    "registered the walk-in, places them.");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.waiting_change"
                                 " WHERE ticket_id = '59999'"),
               2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               0);
    /* Sent again (the file forgot that the hub holds them): kept once. */
    sql_write(d1, "DELETE FROM sync_change");
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               2);
    const char *status = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(status, "2 edits wait for tickets the hub does not hold");
    EXPECT_CONTAINS(status, "  59999: given name, from desk-1, set aside");
    EXPECT_CONTAINS(status, "  59999: email, from desk-1, set aside");

    /* The organizer publishes the registration: the edits are placed. */
    run(0, "import '%s' '%s'", ev, tu_path("aside-late.csv"));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change WHERE"
                                 " ticket_id = '59999'"),
               2);
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "edits wait");
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", door);
    static const char WHO[] =
        "SELECT given_name || ' <' || email || '>' FROM attendee WHERE"
        " ticket_id = '59999'";
    EXPECT_STR(sql_text(d2, WHO), "Lenna <lenna@example.org>");
    EXPECT_STR(sql_text(door, WHO), "Lenna <>");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM registration_change WHERE"
                             " field = 'email' OR value LIKE '%example.org%'"),
               0);
    run(0, "sync '%s'", ev);
    EXPECT_STR(sql_text(ev, WHO), "Lenna <lenna@example.org>");

    /* A walk-in registered at desk-2, not synced yet, edited by desk-1 (as
     * its credentials would send it): set aside, and placed by desk-2's
     * own push of the walk-in. */
    char ticket[64];
    snprintf(ticket, sizeof(ticket), "%s",
             walkin_ticket(run(0,
                               "register '%s' --ticket-type individual"
                               " --given-name Kwame --family-name Mensa",
                               d2)));
    char sql[2048];
    snprintf(sql, sizeof(sql),
             "INSERT INTO checkin.run (station_id, station_uid) SELECT"
             " 'bbbbbbbbbbbbbbbb', uid FROM checkin.station WHERE pg_role ="
             " current_user;"
             " INSERT INTO checkin.registration_change (station_id, seq,"
             " station_uid, station, at_ms, ticket_id, kind, field, value,"
             " base) SELECT 'bbbbbbbbbbbbbbbb', 1, uid, name, %lld, '%s',"
             " 'edit', 'family_name', 'Mensah', 'Mensa' FROM checkin.station"
             " WHERE pg_role = current_user",
             (long long)sql_int(d2, "SELECT max(at_ms) + 1000 FROM"
                                    " registration_change"),
             ticket);
    PGconn *c = connect_as_station(d1);
    PGresult *r = PQexec(c, sql);
    EXPECT_INT(PQresultStatus(r), PGRES_COMMAND_OK);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        printf("# %s", PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               1);
    EXPECT_CONTAINS(run(0, "sync '%s'", d2), "sent 1 walk-in or edit");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               0);
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", ev);
    snprintf(sql, sizeof(sql),
             "SELECT family_name FROM attendee WHERE ticket_id = '%s'", ticket);
    EXPECT_STR(sql_text(d2, sql), "Mensah");
    EXPECT_STR(sql_text(ev, sql), "Mensah");
}

/* A lead with tags sent to a format 11 hub (which has no tags) goes up
 * again with its tags once the organizer's sync upgrades the hub, without
 * waiting for the lead's next edit, and only once. */
static void a_leads_tags_go_up_after_the_hubs_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "tags11", &ev, &hub, "desk-1", "desk",
                               "tags11-desk.db", &desk, NULL));
    char booth[1024];
    snprintf(booth, sizeof(booth), "%s",
             add_station(ev, "booth-1", "leads:datawise", "tags11-b.db"));
    REQUIRE(older_hub(hub, FORMAT11_HUB));
    char olivia[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    booth_note(booth, "booth-1", olivia, 0, "wants a demo", 4);
    /* The lead's tags, as the file holds them (one a line); a leads:
     * station has no screen for them, an expo station no format 11 hub. */
    sql_write(booth, "UPDATE lead SET tags = 'hiring' || char(10) || 'demo'");
    EXPECT_CONTAINS(run(0, "sync '%s'", booth), "1 lead");
    run(0, "sync '%s'", ev); /* the upgrade */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " tags = ''"),
               1);
    EXPECT_CONTAINS(run(0, "sync '%s'", booth), "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " tags = E'hiring\\ndemo' AND note ="
                                 " 'wants a demo' AND rating = 4"),
               1);
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", booth), " 1 lead");
}

/* A format 11 hub holding a desk's walk-in and edit (and having dropped
 * its edit of a ticket the hub did not hold) is brought to 13 by the
 * organizer's next sync, keeping them, and then sets aside such an edit
 * rather than dropping it, with the one it dropped, sent again. */
static void a_format_11_hub_is_upgraded_to_13_keeping_its_changes(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "fmt11", &ev, &hub, "desk-1", "desk",
                               "fmt11-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT11_HUB));
    run(0,
        "register '%s' --ticket-type individual --given-name Kofi"
        " --family-name Boateng",
        desk);
    run(0, "edit '%s' 53139 --given-name Zoey", desk);
    const char *csv =
        "order_code,Status,badge_name,Email,ticket_type,family_name,"
        "given_name,pronouns,company,t_shirt,tutorials,sponsor_consent,"
        "secret,ticket_id\n"
        "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,,1,"
        "late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n";
    tu_write_file(tu_path("fmt11-late.csv"), csv, strlen(csv));
    run(0, "import '%s' '%s'", desk, tu_path("fmt11-late.csv"));
    /* Format 11 drops an edit of a ticket it does not hold. */
    run(0, "edit '%s' 59999 --family-name Laté", desk);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               2);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               2);
    /* The edit it dropped goes up again with the desk's next one. */
    run(0, "edit '%s' 59999 --given-name Lenna", desk);
    EXPECT_CONTAINS(run(0, "sync '%s'", desk),
                    "2 edits wait at the hub for their tickets (59999)");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               2);
}

/* A desk's edit of a ticket a format 12 hub did not hold, which that
 * hub dropped, is not lost: once the organizer's sync upgrades the hub,
 * the desk's next sync sends it once more (and only it: the edit the hub
 * took is not sent again, nor counted a conflict), the hub sets it aside,
 * and the organizer's publish of the ticket places it. */
static void an_edit_a_format_12_hub_dropped_goes_up_after_its_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "drop12", &ev, &hub, "desk-1", "desk",
                               "drop12-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT12_HUB));
    const char *csv =
        "order_code,Status,badge_name,Email,ticket_type,family_name,"
        "given_name,pronouns,company,t_shirt,tutorials,sponsor_consent,"
        "secret,ticket_id\n"
        "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,,1,"
        "late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n";
    tu_write_file(tu_path("drop12-late.csv"), csv, strlen(csv));
    run(0, "import '%s' '%s'", desk, tu_path("drop12-late.csv"));
    run(0, "edit '%s' 53139 --given-name Zoey", desk);
    run(0, "edit '%s' 59999 --family-name Laté", desk);
    run(0, "sync '%s'", desk);
    static const char HELD[] =
        "SELECT count(*) FROM checkin.registration_change";
    EXPECT_INT(pgserver_int(hub, HELD), 1); /* Laté dropped */
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", desk), "edit");
    run(0, "sync '%s'", ev); /* the upgrade */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_CONTAINS(run(0, "sync '%s'", desk),
                    "1 edit waits at the hub for its ticket (59999)");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.waiting_change"
                                 " WHERE ticket_id = '59999' AND value ="
                                 " 'Laté'"),
               1);
    EXPECT_INT(pgserver_int(hub, HELD), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);
    /* Once: the next sync sends nothing of it. */
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", desk), "edit");
    run(0, "import '%s' '%s'", ev, tu_path("drop12-late.csv"));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.waiting_change"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change WHERE"
                                 " ticket_id = '59999' AND value = 'Laté'"),
               1);
}

/* Every row the door `door` reads through checkin.door_registration, as
 * its role reads them, each as the JSON text of the row less its
 * add-ons' codes and what pretix says at the door (formats 19's and
 * 24's columns, of which format 13 had nothing to show), in ticket order
 * (caller frees); *with_secrets: how many carry a hashed secret. */
static char *door_view(const char *door, long long *with_secrets)
{
    PGconn *c = connect_as_station(door);
    PGresult *r = PQexec(c, "SELECT string_agg((to_jsonb(d) -"
                            " 'addon_secrets' - 'door')::text, E'\\n' ORDER BY"
                            " d.ticket_id), count(*) FILTER (WHERE"
                            " cardinality(d.secrets) > 0) FROM"
                            " checkin.door_registration d");
    char *text = NULL;
    *with_secrets = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        text = strdup(PQgetvalue(r, 0, 0));
        *with_secrets = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    } else {
        printf("# reading door_registration as %s: %s\n", door,
               PQerrorMessage(c));
    }
    PQclear(r);
    PQfinish(c);
    return text ? text : strdup("");
}

/* A format 13 hub (secrets hashed at each read of the door's view) is
 * brought to 15 by the organizer's next sync: every row its door reads is
 * the same, byte for byte, stamps included (nothing is pulled again), and
 * the door still admits by confirmation code. */
static void a_format_13_hub_upgraded_shows_its_doors_the_same_rows(void)
{
    struct hubfix f;
    const char *hub, *ev, *door;
    REQUIRE(hubfix_enrolled_as(&f, "fmt13", &ev, &hub, "door-1",
                               "door:pandas-intro", "fmt13-door.db", &door,
                               NULL));
    REQUIRE(older_hub(hub, FORMAT13_HUB));
    long long hashed_before, hashed_after;
    char *before = door_view(door, &hashed_before);
    EXPECT_TRUE(hashed_before > 100);
    EXPECT_CONTAINS(before, "sha256:");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    char *after = door_view(door, &hashed_after);
    EXPECT_INT(hashed_after, hashed_before);
    EXPECT_TRUE(strlen(after) == strlen(before));
    EXPECT_TRUE(!strcmp(after, before));
    free(before);
    free(after);
    /* Not one row stamped again by the upgrade. */
    EXPECT_CONTAINS(run(0, "sync '%s'", door), "received nothing");
    SCAN_SAYS(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:05'",
              secret_of(ev, "48275"), "entered");
}

/* At a format 15 hub, a registration published after the door's first
 * pull, and one whose code the organizer replaced, reach the door with
 * their secrets hashed as written: the door admits each by its code (the
 * code in its QR), and refuses the replaced one. */
static void
a_registration_published_or_edited_later_is_admitted_at_the_door(void)
{
    struct hubfix f;
    const char *hub, *ev, *door;
    REQUIRE(hubfix_enrolled_as(&f, "hashed", &ev, &hub, "door-1",
                               "door:pandas-intro", "hashed-door.db", &door,
                               NULL));
    import_rows(ev, "hashed-late.csv",
                "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,"
                "pandas-intro,1,late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n");
    char old_code[64];
    snprintf(old_code, sizeof(old_code), "%s", secret_of(ev, "48275"));
    sql_write(ev, "UPDATE ticket_secret SET revoked = 1 WHERE attendee_id ="
                  " (SELECT id FROM attendee WHERE ticket_id = '48275');"
                  "INSERT INTO ticket_secret (secret, attendee_id, revoked)"
                  " SELECT 'new7code2x8q4wz6m3n5p9k2h4j6t8v2', id, 0 FROM"
                  " attendee WHERE ticket_id = '48275';");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", door);
    char *out =
        scan(door,
             "--station door:pandas-intro --name door-1 --clock "
             "'2027-05-12 09:05'",
             tu_format("%s\n%s\n%s\n", "late7reg2x8q4wz6m3n5p9k2h4j6t8v2",
                       "new7code2x8q4wz6m3n5p9k2h4j6t8v2", old_code));
    EXPECT_CONTAINS(out, "\"ticket_id\":\"59999\"");
    const char *late = strstr(out, "\"ticket_id\":\"59999\"");
    const char *replaced = strstr(out, "\"ticket_id\":\"48275\"");
    EXPECT_TRUE(late != NULL && replaced != NULL);
    /* Two entered (Lena, then 48275 by the new code), the old code not. */
    int entered = 0;
    for (const char *p = out; (p = strstr(p, "\"reason\":\"entered\"")); p++)
        entered++;
    EXPECT_INT(entered, 2);
    EXPECT_CONTAINS(out, "\"reason\":\"revoked\"");
    free(out);
}

/* A "sync" line whose text says that edits wait at the hub (`want`), or
 * says nothing of waiting edits (`want` ""). */
static bool is_waiting_line(json_t *o, const void *arg)
{
    const char *want = arg, *text = live_str(o, "text");
    if (strcmp(live_str(o, "event"), "sync"))
        return false;
    return *want ? strstr(text, want) != NULL
                 : !strstr(text, "at the hub for its") &&
                       !strstr(text, "at the hub for their");
}

/* A running desk says what `checkin sync` says of its edits the hub
 * holds for a ticket it lacks: its sync worker's status line (here the
 * --json sync event, whose text the terminal's and web screen's headers
 * show) carries the sentence once the hub set them aside, and drops it
 * once the organizer's publish placed them.  And `checkin sync`, whose
 * only rows sent were set aside, does not say it sent nothing. */
static void a_running_desk_says_its_edits_wait_at_the_hub(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "livewait", &ev, &hub, "desk-1", "desk",
                               "livewait-1.db", &d1, NULL));
    const char *rows =
        "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,,1,"
        "late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n"
        "LATE2,paid,,ola.late@example.com,individual,Later,Ola,,,M,,1,"
        "late8reg2x8q4wz6m3n5p9k2h4j6t8v3,59998\n";
    import_rows(d1, "livewait.csv", rows);
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    /* Another process edits on the running desk's file: its worker
     * pushes the edits, and the hub sets them aside. */
    run(0, "edit '%s' 59999 --given-name Lenna --email lenna@example.org", d1);
    json_t *o = live_next(&a, 20000, is_waiting_line,
                          "In step with the hub; 2 edits wait at the hub for "
                          "their tickets (59999); the organizer's next "
                          "publish, or the sync of the desk that registered "
                          "the walk-in, places them.");
    EXPECT_TRUE(o != NULL);
    if (o) {
        printf("# %s\n", live_str(o, "text"));
        EXPECT_INT(json_integer_value(json_object_get(o, "edits_waiting")), 2);
    }
    json_decref(o);
    /* The organizer publishes the registrations: placed, and the line
     * says so no more. */
    import_rows(ev, "livewait-org.csv", rows);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               0);
    o = live_next(&a, 20000, is_waiting_line, "");
    EXPECT_TRUE(o != NULL);
    if (o)
        EXPECT_STR(live_str(o, "text"), "In step with the hub");
    json_decref(o);
    EXPECT_INT(live_stop(&a), 0);
    /* The command: a sync that sent only an edit the hub set aside. */
    import_rows(d1, "livewait-3.csv",
                "LATE3,paid,,kim.late@example.com,individual,Latest,Kim,,,M,,1,"
                "late9reg2x8q4wz6m3n5p9k2h4j6t8v4,59997\n");
    run(0, "edit '%s' 59997 --given-name Kimi", d1);
    const char *said = run(0, "sync '%s'", d1);
    printf("# %s", said);
    EXPECT_NOT_CONTAINS(said, "sent nothing");
    EXPECT_CONTAINS(said, "sent 1 edit set aside at the hub;");
    EXPECT_CONTAINS(said, "1 edit waits at the hub for its ticket (59997)");
}

/* The dashboard's entry for a station that names an older checkin. */
static bool names_older(json_t *h, const void *arg)
{
    (void)arg;
    return json_is_string(json_object_get(h, "older"));
}

/* The running station's link line once it says the hub is newer. */
static bool says_newer(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           strstr(live_str(o, "text"), "newer format") != NULL;
}

/* Issue 30: a station whose checkin knows an older hub format (its row's
 * client_format, as an older checkin's sync leaves it) is named by `hub
 * status` and the organizer's dashboard with what it misses, and told to
 * upgrade; one at the hub's format is not.  A station at a hub newer than
 * its checkin goes on recording and sending, and says so once a run. */
static void an_older_station_is_named_with_what_it_misses(void)
{
    struct hubfix f;
    REQUIRE(hubfix_enrolled(&f, "older", "desk-1", "desk", "older-1.db",
                            "desk-2", "desk", "older-2.db", "door-1",
                            "door:pandas-intro", "older-door.db", NULL));
    const char *ev = f.ev, *hub = f.hub, *d1 = f.file[0], *d2 = f.file[1];
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", f.file[2]);
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "runs an older");
    /* desk-1 and door-1 as a checkin that knows format 18 leaves their
     * rows: each named with what its kind misses. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 18, last_seen = now() WHERE name IN"
                               " ('desk-1', 'door-1')") == 0);
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "\n  door-1 runs an older checkin (it knows hub "
                          "format 18): it refuses pretix add-on tickets at "
                          "tutorial doors; it admits tickets pretix blocks "
                          "or limits to other times, and shows no attention "
                          "cue or seat; upgrade checkin on door-1.\n");
    EXPECT_CONTAINS(said, "\n  desk-1 runs an older checkin (it knows hub "
                          "format 18): it refuses a pretix add-on ticket's "
                          "QR instead of finding its person; it admits "
                          "tickets pretix blocks or limits to other times, "
                          "and shows no attention cue or seat; it asks "
                          "pretix's questions the shop or another desk "
                          "answered, and does not send the answers it "
                          "takes; it prints the badges the organizer "
                          "pre-printed instead of sending people to their "
                          "box, and does not learn hand-overs made at other "
                          "desks; upgrade checkin on desk-1.\n");
    EXPECT_NOT_CONTAINS(said, "desk-2 runs an older");
    /* One that knows 9 misses each later format's that a desk would, in
     * order: not a door's seat leases nor a booth's tags. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 9, last_seen = now() WHERE name ="
                               " 'desk-1'") == 0);
    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "desk-1 runs an older checkin (it knows hub format "
                          "9): it does not see check-in lists, their answers "
                          "and invitations, or day limits; it does not send "
                          "its walk-ins and corrections nor see the other "
                          "desks'; ");
    EXPECT_CONTAINS(said, "desks'; it does not keep the time a phone read a "
                          "code it sent later; it does not see the "
                          "organizer's undos; it refuses a pretix add-on "
                          "ticket's QR instead of finding its person; it "
                          "admits tickets pretix blocks or limits to other "
                          "times, and shows no attention cue or seat; it "
                          "asks pretix's questions the shop or another desk "
                          "answered, and does not send the answers it "
                          "takes; it prints the badges the organizer "
                          "pre-printed instead of sending people to their "
                          "box, and does not learn hand-overs made at other "
                          "desks; upgrade checkin on desk-1.\n");

    /* The dashboard says it among the anomalies' sources: the hub's
     * stations, desk-1 with the line, desk-2 without. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 18, last_seen = now() + interval '10 s'"
                               " WHERE name = 'desk-1'") == 0);
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("older-dash.out"), &pid);
    REQUIRE(port > 0);
    json_t *root;
    json_t *h =
        hubfix_snapshot_station(port, "desk-1", names_older, NULL, &root);
    EXPECT_TRUE(h != NULL);
    if (h)
        EXPECT_STR(json_string_value(json_object_get(h, "older")),
                   "desk-1 runs an older checkin (it knows hub format 18): "
                   "it refuses a pretix add-on ticket's QR instead of "
                   "finding its person; it admits tickets pretix blocks or "
                   "limits to other times, and shows no attention cue or "
                   "seat; it asks pretix's questions the shop or another "
                   "desk answered, and does not send the answers it takes; "
                   "it prints the badges the organizer pre-printed instead "
                   "of sending people to their box, and does not learn "
                   "hand-overs made at other desks; upgrade checkin on "
                   "desk-1.");
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(root, "hub_stations"), i, o)
    {
        if (!strcmp(json_string_value(json_object_get(o, "name")), "desk-2"))
            EXPECT_TRUE(json_object_get(o, "older") == NULL);
    }
    json_decref(root);
    /* The page, in a real browser: the line among the anomalies. */
    if (wd_available() && wd_start(tu_path("older-profile")) == 0) {
        REQUIRE(wd_get(tu_format("http://127.0.0.1:%d/", port)) == 0);
        char *v = wd_wait(
            "var l = document.querySelector('#anomalies"
            " li.older[data-station=\"desk-1\"]'); return l ?"
            " l.textContent : '';",
            "\"desk-1 runs an older checkin (it knows hub format 18): it "
            "refuses a pretix add-on ticket's QR instead of finding its "
            "person; it admits tickets pretix blocks or limits to other "
            "times, and shows no attention cue or seat; it asks pretix's "
            "questions the shop or another desk answered, and does not send "
            "the answers it takes; upgrade checkin on desk-1.\"",
            20000);
        EXPECT_CONTAINS(v ? v : "", "upgrade checkin on desk-1.");
        free(v);
        v = wd_exec("return document.querySelectorAll('#anomalies"
                    " li.older[data-station=\"desk-2\"]').length;");
        EXPECT_STR(v ? v : "", "0");
        free(v);
        wd_quit();
    } else {
        printf("# no Chromium: the page is not checked\n");
    }
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* A hub a newer checkin upgraded: desk-2's check-in still reaches it,
     * and its sync says so, once. */
    REQUIRE(pgserver_exec(hub, tu_format("UPDATE checkin.hub SET format = %d",
                                         HUB_NOW + 1)) == 0);
    char *out = scan(d2, "--station desk --name desk-2",
                     tu_format("%s\n", secret_of(ev, "48243")));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
    said = run(0, "sync '%s'", d2);
    char newer[512], newer_short[64];
    snprintf(newer, sizeof(newer),
             "The hub is of a newer format (%d) than this checkin knows "
             "(%d): this station goes on checking people in and sending "
             "them, without what the newer format adds; upgrade checkin on "
             "this station.\n",
             HUB_NOW + 1, HUB_NOW);
    snprintf(newer_short, sizeof(newer_short), "newer format (%d)",
             HUB_NOW + 1);
    EXPECT_CONTAINS(said, newer);
    const char *at = strstr(said, newer);
    EXPECT_TRUE(at && !strstr(at + 1, newer));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan s JOIN"
                                 " checkin.station t ON t.uid ="
                                 " s.station_uid WHERE t.name = 'desk-2'"
                                 " AND s.attendee_ticket_id = '48243'"),
               1);
    /* A running desk says it on its link line, and still sends. */
    struct live a;
    REQUIRE(live_start(&a, "", d2, "--station desk --name desk-2") == 0);
    json_t *l = live_next(&a, 30000, says_newer, NULL);
    EXPECT_TRUE(l != NULL);
    if (l)
        EXPECT_CONTAINS(live_str(l, "text"), newer_short);
    json_decref(l);
    scan_expect(&a, secret_of(ev, "48275"), "reason", "checked-in");
    /* Its last sync, at the stop, sends what it decided last. */
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " attendee_ticket_id = '48275'"),
               1);
}

/* GET a booth's CSV with sponsor token `tok`'s cookie at the station on
 * `port`: the status, its headers in *head and its body in *body (free
 * both; "" when none). */
static int booth_csv_get(int port, const char *tok, char **head, char **body)
{
    char extra[512];
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\n", port, tok);
    int st =
        tu_http(port, "GET", "/api/booth/leads.csv", extra, NULL, head, body);
    if (!*head)
        *head = strdup("");
    if (!*body)
        *body = strdup("");
    return st;
}

/* A's request sent on `fd` (tu_connect) and not yet answered: whether
 * its answer has begun to arrive. */
static bool answered_yet(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

/* All that arrives on `fd` until the station closes it, waiting at most
 * `ms` in all (malloc'd, "" for nothing); *took its milliseconds. */
static char *read_all(int fd, int ms, int64_t *took)
{
    int64_t t0 = tu_mono_ms();
    size_t n = 0, cap = 1 << 16;
    char *buf = calloc(1, cap + 1);
    while (buf && tu_mono_ms() - t0 < ms) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)(ms - (tu_mono_ms() - t0))) <= 0)
            break;
        ssize_t got = read(fd, buf + n, cap - n);
        if (got <= 0)
            break;
        n += (size_t)got;
        if (n == cap)
            break;
    }
    *took = tu_mono_ms() - t0;
    return buf ? buf : strdup("");
}

/* What the phone of the case below is told of its sponsor's file. */
#define LEADS_NOTE                                                             \
    "1 leads listed; 1 more from attendees who did not agree to share "        \
    "their details (counted, not listed); 1 left out because no badge "        \
    "scanner could have made them (badges this event never issued, or too "    \
    "many at once); ask the organizer which."

/* The download today's booth CSV is, without contact details, with the
 * sentence why (`why`) in Checkin-Leads-Note. */
static void expect_station_csv(int port, const char *tok, const char *why)
{
    char *head = NULL, *body = NULL;
    EXPECT_INT(booth_csv_get(port, tok, &head, &body), 200);
    EXPECT_CONTAINS(body, "at,badge_id,note,rating,tags\r\n");
    EXPECT_CONTAINS(body, ",wants a demo,4,hiring; demo\r\n");
    EXPECT_NOT_CONTAINS(body, "olivia.hw@example.com");
    EXPECT_CONTAINS(head, "Checkin-Leads-Note: This file has no names or "
                          "emails: ");
    EXPECT_CONTAINS(head, why);
    free(head);
    free(body);
}

/* Issue 31: a booth's phone at an expo station enrolled at a hub
 * downloads the file `checkin hub leads` writes for its sponsor, byte for
 * byte (the consenting attendee's email, the other counted in the
 * page's sentence), nothing of another sponsor's; the hub frozen, the
 * phone gets today's file and the sentence within the station's 5 s
 * while another phone is answered at once; the hub stopped, or of format
 * 22, the same with their sentences; the organizer's sync upgrades the
 * hub and the contacts come back.  At the hub, only an expo station gets
 * rows, and only of a sponsor whose booth it serves. */
static void an_expo_booths_phone_downloads_its_leads_from_the_hub(void)
{
    struct expo_hub x0;
    REQUIRE(expo_hub_open(&x0, "expocsv"));
    const char *hub = x0.f.hub, *ev = x0.f.ev, *hall = x0.hall;
    char datawise[80], nimbus[80], oracle[1024];
    snprintf(datawise, sizeof(datawise), "%s", booth_token(hall, "datawise"));
    snprintf(nimbus, sizeof(nimbus), "%s", booth_token(hall, "nimbus-data"));
    REQUIRE(datawise[0] && nimbus[0]);
    const char *tags[] = {"hiring", "demo"};
    expo_lead(hall, "expo-hall", "datawise", x0.olivia, "wants a demo", 4, tags,
              2);
    expo_lead(hall, "expo-hall", "datawise", x0.jeanluc, "no consent", 2, NULL,
              0);
    expo_lead(hall, "expo-hall", "nimbus-data", x0.olivia, "nimbus note", 3,
              NULL, 0);
    /* A badge the hub never heard of (issued at the desk, which does not
     * sync again here): its lead is left out of the file and counted,
     * and the phone's sentence says why the sponsor will not find it. */
    char olga[256];
    issue_code(x0.desk, "48273", olga, sizeof(olga));
    expo_lead(hall, "expo-hall", "datawise", olga, "never issued", 1, NULL, 0);
    run(0, "sync '%s'", hall);
    snprintf(oracle, sizeof(oracle), "%s", tu_path("expocsv-datawise.csv"));
    run(0, "hub leads '%s' datawise --out '%s'", ev, oracle);
    char *want = tu_read_file(oracle, NULL);
    REQUIRE(want != NULL);
    EXPECT_CONTAINS(want, "olivia.hw@example.com");

    /* At the hub: a desk's role gets no row, and the hall none of a
     * sponsor it does not serve (a booth taken off). */
    PGconn *c = connect_as_station(x0.desk);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_sponsor_leads('datawise')",
                      NULL),
               0);
    EXPECT_INT(pq_int(c,
                      "SELECT never_issued + burst FROM"
                      " checkin.expo_sponsor_lead_suspects('datawise')",
                      NULL),
               0);
    PQfinish(c);
    c = connect_as_station(hall);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_sponsor_leads('datawise')",
                      NULL),
               2);
    char state[6];
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_leads_near('datawise')",
                      state),
               -1);
    EXPECT_STR(state, "42501");
    run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_sponsor_leads('nimbus-data')",
                      NULL),
               0);
    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    PQfinish(c);

    unlink(tu_path("live.err"));
    struct live x;
    REQUIRE(live_start(&x, "", hall, "--station expo --web 127.0.0.1:0") == 0);
    int port = 0;
    for (int64_t t0 = tu_mono_ms(); !port && tu_mono_ms() - t0 < 20000;) {
        char *err = tu_read_file(tu_path("live.err"), NULL);
        const char *u = err ? strstr(err, "http://127.0.0.1:") : NULL;
        port = u ? (int)strtol(u + strlen("http://127.0.0.1:"), NULL, 10) : 0;
        free(err);
        if (!port)
            usleep(20000);
    }
    EXPECT_TRUE(port > 0);
    if (port > 0) {
        char *head = NULL, *body = NULL;
        free(booth_link_until(port, datawise, 303));
        /* A's phone: the organizer's file, byte for byte. */
        int64_t h0 = tu_mono_ms();
        EXPECT_INT(booth_csv_get(port, datawise, &head, &body), 200);
        fprintf(stderr, "A's CSV from the hub in %lld ms\n",
                (long long)(tu_mono_ms() - h0));
        EXPECT_STR(body, want);
        EXPECT_CONTAINS(head, "Checkin-Leads-Note: " LEADS_NOTE "\r\n");
        EXPECT_NOT_CONTAINS(body, "nimbus note");
        EXPECT_NOT_CONTAINS(body, "Jean-Luc");
        free(head);
        free(body);
        /* B's phone: B's own lead, nothing of A's. */
        EXPECT_INT(booth_csv_get(port, nimbus, &head, &body), 200);
        EXPECT_CONTAINS(body, "nimbus note");
        EXPECT_CONTAINS(body, "olivia.hw@example.com");
        EXPECT_NOT_CONTAINS(body, "wants a demo");
        EXPECT_NOT_CONTAINS(body, "no consent");
        free(head);
        free(body);
        /* No token of the hall's, no file. */
        EXPECT_INT(booth_csv_get(port, "not-a-token", &head, &body), 403);
        EXPECT_NOT_CONTAINS(body, "wants a demo");
        free(head);
        free(body);

        /* The hub frozen: A's request sent first, then B's phone's list
         * answered while A's waits for the hub; A's then answered from
         * the station within its bound. */
        EXPECT_INT(pgserver_freeze(true), 0);
        char req[512], extra[512];
        snprintf(req, sizeof(req),
                 "GET /api/booth/leads.csv HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                 "Cookie: checkin_booth=%s\r\nConnection: close\r\n\r\n",
                 port, datawise);
        int fd = tu_connect(port);
        EXPECT_TRUE(fd >= 0);
        int64_t a0 = tu_mono_ms();
        EXPECT_INT(fd >= 0 ? (int)write(fd, req, strlen(req)) : -1,
                   (int)strlen(req));
        snprintf(extra, sizeof(extra),
                 "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\n", port,
                 nimbus);
        int64_t t0 = tu_mono_ms();
        EXPECT_INT(
            tu_http(port, "GET", "/api/booth/leads", extra, NULL, &head, &body),
            200);
        int64_t b_ms = tu_mono_ms() - t0;
        EXPECT_TRUE(fd >= 0 && !answered_yet(fd));
        EXPECT_CONTAINS(body ? body : "", "nimbus note");
        free(head);
        free(body);
        /* A HEAD of A's CSV meanwhile: the station's own headers, saying
         * what a GET does, the hub not asked, so answered while A's GET
         * still waits for it (before, the HEAD waited the hub's 5 s
         * behind A's). */
        snprintf(extra, sizeof(extra),
                 "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\n", port,
                 datawise);
        t0 = tu_mono_ms();
        EXPECT_INT(tu_http(port, "HEAD", "/api/booth/leads.csv", extra, NULL,
                           &head, &body),
                   200);
        int64_t head_ms = tu_mono_ms() - t0;
        EXPECT_TRUE(fd >= 0 && !answered_yet(fd));
        EXPECT_CONTAINS(head ? head : "",
                        "Checkin-Leads-Note: These headers are the station's "
                        "own file's, without names or emails; a GET asks the "
                        "hub for them first");
        EXPECT_CONTAINS(head ? head : "", "leads-datawise.csv");
        EXPECT_STR(body ? body : "", "");
        free(head);
        free(body);
        int64_t took = 0;
        char *a = fd >= 0 ? read_all(fd, 15000, &took) : strdup("");
        int64_t a_ms = tu_mono_ms() - a0;
        if (fd >= 0)
            close(fd);
        EXPECT_INT(pgserver_freeze(false), 0);
        fprintf(stderr,
                "hub frozen: A's CSV in %lld ms, B's list in %lld ms, A's "
                "HEAD in %lld ms\n",
                (long long)a_ms, (long long)b_ms, (long long)head_ms);
        /* No bound in time here (the suite runs beside other work): B was
         * answered while A's request still waited (above), and A got its
         * answer, the fallback, while the hub stayed frozen (read_all
         * gives up after 15 s: with no bound at the station, nothing). */
        EXPECT_CONTAINS(a, "HTTP/1.1 200");
        EXPECT_CONTAINS(a, "at,badge_id,note,rating,tags");
        EXPECT_CONTAINS(a, "the station cannot reach the hub now; download "
                           "again when it is back online");
        EXPECT_NOT_CONTAINS(a, "olivia.hw@example.com");
        free(a);

        /* The hub stopped: today's file and the sentence. */
        EXPECT_INT(pgserver_halt(), 0);
        h0 = tu_mono_ms();
        expect_station_csv(port, datawise,
                           "the station cannot reach the hub now");
        fprintf(stderr, "A's CSV with the hub stopped in %lld ms\n",
                (long long)(tu_mono_ms() - h0));
        /* The page, in a real browser: the download says why. */
        bool browser =
            wd_available() && wd_start(tu_path("expocsv-profile")) == 0;
        if (browser) {
            char url[160];
            snprintf(url, sizeof(url), "http://127.0.0.1:%d/booth/?token=%s",
                     port, datawise);
            EXPECT_INT(wd_get(url), 0);
            char *v = wd_wait("var a = document.getElementById('csv');"
                              " if (!a || !a.onclick) return '';"
                              " if (!window.asked) { window.asked = 1;"
                              " a.click(); }"
                              " return document.getElementById('csv-note')"
                              ".textContent.slice(0, 45);",
                              "\"This file has no names or emails: the "
                              "station\"",
                              20000);
            EXPECT_STR(v ? v : "", "\"This file has no names or emails: the "
                                   "station\"");
            free(v);
        } else {
            printf("# no Chromium: the page is not checked\n");
        }
        EXPECT_INT(pgserver_resume(), 0);
        /* A format 22 hub: the same, saying so; the organizer's sync
         * upgrades it and the contacts come back. */
        EXPECT_INT(pgserver_exec(hub, FORMAT22_HUB), 0);
        expect_station_csv(port, datawise,
                           "the hub is older than this station");
        run(0, "sync '%s'", ev);
        EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"),
                   HUB_NOW);
        EXPECT_INT(booth_csv_get(port, datawise, &head, &body), 200);
        EXPECT_STR(body, want);
        free(head);
        free(body);
        if (browser) {
            char *v = wd_wait("if (window.asked < 2) { window.asked = 2;"
                              " document.getElementById('csv').click(); }"
                              " return document.getElementById('csv-note')"
                              ".textContent;",
                              "\"" LEADS_NOTE "\"", 20000);
            EXPECT_CONTAINS(v ? v : "", "1 leads listed; 1 more");
            free(v);
            wd_quit();
        }
    }
    EXPECT_INT(live_stop(&x), 0);
    free(want);
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--pg-child"))
        return pg_child(argv[2]);
    if (argc == 2 && !strcmp(argv[1], "--pg-template-child"))
        return pg_template_child();
    static const struct tu_case cases[] = {
        TU_CASE(twenty_desks_at_once_end_with_the_same_set),
        TU_CASE(a_desks_printer_out_of_labels_shows_at_the_organizer),
        TU_CASE(a_desks_printer_wakes_the_dashboard_and_no_idle_station),
        TU_CASE(doors_and_booths_hold_no_pin_hash),
        TU_CASE(a_rotated_signing_key_reaches_the_live_desks),
        TU_CASE(an_expo_stations_booths_leads_reach_their_sponsors),
        TU_CASE(a_desk_deciding_during_its_workers_large_pull_records_it),
        TU_CASE(two_syncs_of_one_file_at_once_claim_its_run_once),
        TU_CASE(a_door_role_reads_exactly_its_lists_people),
        TU_CASE(a_door_holds_its_room_and_no_contact_details_or_secrets),
        TU_CASE(a_tshirt_handed_at_one_counter_is_refused_at_another),
        TU_CASE(the_organizer_writes_a_booths_leads_from_the_hub),
        TU_CASE(a_copied_station_file_cannot_sync_as_a_second_station),
        TU_CASE(forged_wake_ups_cost_at_most_one_sync_per_interval),
        TU_CASE(a_desks_file_lists_only_its_own_checkins_without_a_badge),
        TU_CASE(an_expo_sync_killed_after_its_push_keeps_the_held_leads),
        TU_CASE(a_revocation_is_lifted_once_the_order_is_paid),
        TU_CASE(a_newer_station_pushes_to_a_format_7_hub),
        TU_CASE(an_undo_is_seen_at_a_second_station),
        TU_CASE(a_desks_undo_naming_no_supervisor_is_set_aside),
        TU_CASE(a_desks_bad_walkins_and_edits_are_set_aside_and_counted),
        TU_CASE(a_stations_status_and_conflicts_are_bounded_by_the_hub),
        TU_CASE(a_stopped_hub_writes_nothing_over_the_desks_screen),
        TU_CASE(a_sync_whose_hub_stops_says_only_its_own_sentence),
        TU_CASE(a_web_desk_cut_off_from_its_hub_shows_no_green_badge),
        TU_CASE(an_organizers_undo_reaches_every_station),
        TU_CASE(the_organizer_lists_only_checkins_no_desk_printed_a_badge_for),
        TU_CASE(a_booth_exports_its_sponsors_consenting_leads_through_the_hub),
        TU_CASE(an_older_station_never_pulls_an_undo),
        TU_CASE(a_swap_at_one_counter_is_counted_at_another),
        TU_CASE(an_edit_of_a_ticket_the_hub_lacks_waits_there_and_is_placed),
        TU_CASE(the_server_stops_however_the_test_ends),
        TU_CASE(servers_copy_a_template_made_once_and_again_when_stale),
        TU_CASE(an_organizers_undo_supersedes_the_printed_badge),
        TU_CASE(a_leads_tags_go_up_after_the_hubs_upgrade),
        TU_CASE(a_retired_station_is_cut_off_and_keeps_what_it_sent),
        TU_CASE(a_door_role_reads_no_answer_its_list_does_not_show),
        TU_CASE(an_older_door_file_forgets_what_a_door_need_not_hold),
        TU_CASE(rows_an_older_hub_took_are_set_aside_at_its_upgrade),
        TU_CASE(a_walkin_at_one_desk_is_known_at_every_station),
        TU_CASE(a_format_17_hub_takes_the_organizers_undo_once_upgraded),
        TU_CASE(an_undo_on_a_counters_file_reaches_the_other_counter),
        TU_CASE(a_desk_cannot_speak_for_another_desk),
        TU_CASE(an_edit_at_one_desk_shows_at_the_other_and_meets_reimports),
        TU_CASE(a_format_9_hub_is_upgraded_to_10_keeping_its_rows),
        TU_CASE(a_walkin_printed_at_one_desk_is_admitted_once_at_another),
        TU_CASE(a_desk_unplugged_at_any_moment_of_a_silent_hub_exits),
        TU_CASE(a_hold_travels_through_the_hub_and_its_reason_does_not),
        TU_CASE(an_upgraded_station_fetches_the_undos_it_skipped),
        TU_CASE(a_running_expo_station_learns_its_booths_from_the_hub),
        TU_CASE(a_check_in_at_one_desk_is_known_at_the_other),
        TU_CASE(a_format_16_hub_takes_rows_without_the_read_time),
        TU_CASE(an_invitation_list_reaches_the_summit_door),
        TU_CASE(badges_made_on_the_organizers_file_reach_the_hub_at_once),
        TU_CASE(a_desk_at_a_format_7_hub_refuses_an_undo),
        TU_CASE(a_format_11_booth_works_at_a_format_12_hub),
        TU_CASE(notes_and_ratings_typed_at_booths_reach_the_export),
        TU_CASE(a_running_desk_prints_with_a_key_rotated_while_it_runs),
        TU_CASE(a_booth_reads_no_attendee_and_writes_only_its_leads),
        TU_CASE(a_running_door_forgets_at_the_hubs_upgrade_and_admits),
        TU_CASE(an_override_at_one_desk_reaches_the_hub_and_the_others),
        TU_CASE(the_hubs_upgrade_is_run_again_when_it_deadlocks),
        TU_CASE(the_dashboards_undo_reaches_the_stations),
        TU_CASE(an_idle_station_sleeps_until_its_file_or_the_hub_wakes_it),
        TU_CASE(a_wiped_desk_enrolled_again_is_a_new_station),
        TU_CASE(a_rooms_capacity_holds_across_its_doors),
        TU_CASE(
            a_running_desk_reads_its_oversold_walk_ins_only_after_a_walk_in),
        TU_CASE(a_format_11_hub_is_upgraded_to_13_keeping_its_changes),
        TU_CASE(a_phones_read_time_travels_through_the_hub_and_merge),
        TU_CASE(an_older_hub_is_upgraded_by_the_organizer),
        TU_CASE(a_format_19_hub_is_upgraded_to_20_with_its_desks_in_step),
        TU_CASE(a_format_20_hub_is_upgraded_to_21_hashing_secrets_the_same),
        TU_CASE(
            a_format_21_hub_is_upgraded_to_22_telling_dashboards_of_printers),
        TU_CASE(a_capacity_raised_on_the_laptop_admits_one_more_at_a_door),
        TU_CASE(a_tutorial_moved_on_the_laptop_reaches_a_running_door_and_desk),
        TU_CASE(a_format_13_hub_upgraded_shows_its_doors_the_same_rows),
        TU_CASE(a_running_expo_station_sends_a_booths_lead),
        TU_CASE(a_door_cannot_push_a_walkin),
        TU_CASE(a_running_booth_sends_leads_and_learns_revocations),
        TU_CASE(a_badge_printed_at_one_desk_is_admitted_at_the_door),
        TU_CASE(a_desks_header_counts_check_ins_pulled_from_the_hub),
        TU_CASE(an_edit_a_format_12_hub_dropped_goes_up_after_its_upgrade),
        TU_CASE(a_desk_gets_the_events_signing_key_and_prints),
        TU_CASE(a_first_pull_by_copy_keeps_every_byte_and_a_door_its_room),
        TU_CASE(a_row_committed_late_is_not_skipped),
        TU_CASE(an_idle_station_loop_sleeps_until_its_input_wakes_it),
        TU_CASE(a_silent_hub_goes_offline_and_the_desk_still_exits),
        TU_CASE(a_desk_killed_mid_sync_loses_and_doubles_nothing),
        TU_CASE(a_format_8_hub_takes_supervisors_at_its_upgrade),
        TU_CASE(a_name_with_backslashes_reaches_the_hub_and_desks_intact),
        TU_CASE(a_desk_switched_on_catches_up_before_its_first_scan),
        TU_CASE(a_reprint_at_a_running_desk_revokes_the_old_badge_at_the_door),
        TU_CASE(registration_changes_reach_the_desks),
        TU_CASE(running_desks_see_each_others_check_ins),
        TU_CASE(add_station_writes_the_expo_booths_qr_codes),
        TU_CASE(the_dashboard_pulls_every_stations_rows_live),
        TU_CASE(a_list_changed_on_the_laptop_reaches_a_running_door),
        TU_CASE(stations_with_clocks_hours_apart_stay_in_step),
        TU_CASE(a_running_desk_says_its_edits_wait_at_the_hub),
        TU_CASE(a_booths_row_under_a_desks_name_is_refused),
        TU_CASE(a_desk_cut_off_keeps_deciding_and_catches_up),
        TU_CASE(
            a_registration_published_or_edited_later_is_admitted_at_the_door),
        TU_CASE(a_locked_hub_table_leaves_the_desk_deciding_and_quick_to_exit),
        TU_CASE(
            a_desks_pull_start_reads_registrations_by_index_after_a_publish),
        TU_CASE(a_check_in_reaches_another_desk_in_one_round_trip_of_its_pull),
        TU_CASE(rows_of_another_stations_run_are_refused),
        TU_CASE(add_station_makes_a_private_file_with_its_own_role),
        TU_CASE(a_first_pull_leaves_every_index_in_place),
        TU_CASE(a_first_pull_leaves_a_status_the_file_refuses_waiting),
        TU_CASE(a_first_pull_gives_a_code_named_twice_to_the_later),
        TU_CASE(add_station_refuses_a_damaged_event_file_and_keeps_nothing),
        TU_CASE(an_enrolled_file_runs_as_its_station),
        TU_CASE(rows_with_a_day_that_disagrees_are_set_aside),
        TU_CASE(a_push_repeated_after_a_kill_adds_nothing),
        TU_CASE(the_events_zone_is_checked_once_when_published),
        TU_CASE(a_format_10_hub_is_upgraded_to_11_and_takes_waiting_walkins),
        TU_CASE(hub_init_publishes_the_event_and_remembers_the_hub),
        TU_CASE(a_publish_the_hub_refuses_is_not_noted_in_the_file),
        TU_CASE(an_enrolled_station_takes_no_web_token_of_the_organizers),
        TU_CASE(a_desk_unplugged_as_it_starts_on_a_silent_hub_exits_at_once),
        TU_CASE(a_late_registration_is_admitted_at_a_running_desk),
        TU_CASE(a_file_never_enrolled_is_left_as_it_is),
        TU_CASE(a_connection_cut_mid_push_loses_and_doubles_nothing),
        TU_CASE(a_badge_printed_before_the_organizers_undo_admits_nowhere),
        TU_CASE(a_badge_printed_before_the_organizers_undo_syncs_first_too),
        TU_CASE(a_killed_add_station_leaves_no_station_file),
        TU_CASE(an_add_station_cut_mid_copy_keeps_none_of_its_rows),
        TU_CASE(canonical_json_is_jansson_s_byte_for_byte),
        TU_CASE(hub_init_digests_each_registration_as_jansson_dumps_it),
        TU_CASE(a_pushed_row_is_set_aside_with_its_first_fault),
        TU_CASE(an_older_station_is_named_with_what_it_misses),
        TU_CASE(an_expo_booths_phone_downloads_its_leads_from_the_hub),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
