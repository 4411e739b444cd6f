/* `checkin demo --stations`: three desks, two doors, a sponsor's booth,
 * the PyLadies auction's door and pay desk and a sprint station kept in
 * step through a hub, on a throwaway PostgreSQL 15 server
 * (pglocal.h) that lives only as long as the demo.  The event is the
 * bundled demo event, published with hub_init; each station is enrolled
 * with hub_add_station into its own file (0600) in the demo's folder, and
 * runs as a real station: a child process running station_runtime_run(),
 * the code `checkin scan --keyboard --json` runs, live sync worker
 * included, fed codes on its standard input as a barcode scanner would,
 * its decisions read back as JSON lines.  Every verdict printed is the
 * station's own; every time printed is measured (a row appearing in
 * another station's file, read with plain SQLite).
 *
 * The story: a badge printed at desk-1 admitted at a door; a duplicate
 * caught at desk-2; a late registration imported on the organizer's
 * laptop admitted at desk-3; a door cut off from the hub (the hub refuses
 * its role, as if its cable were pulled) deciding offline and catching up;
 * paddles given at the auction's door, a win recorded on the organizer's
 * laptop and settled at the pay desk, seen at the door and the organizer;
 * two sprinters checked in to a project, counted at the hub; and every
 * file holding the same journal as the hub.  Not for an event:
 * stations are `checkin scan`, hubs are docs/sync.md. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/clock.h"
#include "checkin/credential.h"
#include "checkin/demo.h"
#include "checkin/hub.h"
#include "checkin/import.h"
#include "checkin/label.h"
#include "checkin/open_space.h"
#include "checkin/pglocal.h"
#include "checkin/sprint.h"
#include "checkin/station_runtime.h"
#include "checkin/sync.h"
#include "demo_priv.h"

#define HUB_DB "checkin_demo_hub"
#define CLOCK "2027-05-12 08:50" /* Wednesday, before the tutorials */
#define TUTORIAL "pandas-intro"
#define SPONSOR "datawise"
#define WAIT_MS 20000 /* for anything a station should do in a second */
/* The auction's door and pay desk on Saturday evening, the sprints on
 * Monday (config/demo/event.ini). */
#define AUCTION_CLOCK "2027-05-15 19:00"
#define PAY_CLOCK "2027-05-15 21:30"
#define WIN_AT "2027-05-15 21:00"
#define SPRINT_CLOCK "2027-05-17 10:00"
#define PROJECT "cpython"
/* The open spaces on Friday: the board before the 11:00 slot, room 203
 * (two seats) in it. */
#define BOARD_CLOCK "2027-05-14 10:50"
#define ROOM_CLOCK "2027-05-14 11:05"
#define SLOT "2027-05-14 11:00"
#define ROOM "203"

/* Confirmation-email secrets from config/demo/registrations.csv. */
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs" /* 48395, pandas */
#define BRANDON "qqhej7mgvadwwju82cbfbg7nmscscx4x" /* 48361, pandas */
#define MARIANA "madtpkkeb4ax79qhs92p4z9mchj4z878" /* 50065 */
/* Badges issued on event.db before it is published (as `checkin badge`
 * issues them), for the auction and the sprints: ticket ids. */
enum { ANURADHA, LUKASZ, ZOE, WANG, NBADGES };
static const char *const BADGE_TICKETS[NBADGES] = {"50660", "52334", "53139",
                                                   "50393"};
/* The late registration, written to DIR/late-registrations.csv. */
#define ADA "ada4lovelace1815analytical3engine"
#define ADA_TICKET "53700"
#define LATE_CSV                                                               \
    "order_code,Status,badge_name,Email,ticket_type,family_name,given_name,"   \
    "pronouns,company,t_shirt,tutorials,sponsor_consent,secret,ticket_id\n"    \
    "ADA15,paid,,ada@example.org,individual,Lovelace,Ada,she/her,Analytical "  \
    "Engines,M,,1," ADA "," ADA_TICKET "\n"

enum {
    DESK1,
    DESK2,
    DESK3,
    DOOR1,
    DOOR2,
    BOOTH,
    AUCTION,
    PAY,
    SPRINTS,
    BOARD,
    ROOM_DOOR,
    NSTATIONS
};

/* Each station: its name, the hub role it is enrolled under, its mode,
 * target and kind (station/kind.h's table; NULL: the mode's), its clock
 * (NULL: CLOCK), what it prints and its repeat cooldown
 * (0: the default).  The auction's and the sprints' stations run on a
 * desk's file, as their rows of the table of kinds say (`role`). */
static const struct {
    const char *name, *role;
    enum scan_mode mode;
    const char *target, *kind, *clock;
    enum { NOTHING, BADGES, PADDLES } prints;
    int64_t cooldown_ms;
} STATIONS[NSTATIONS] = {
    {"desk-1", "desk", SCAN_DESK, "", NULL, NULL, BADGES, 0},
    {"desk-2", "desk", SCAN_DESK, "", NULL, NULL, BADGES, 0},
    {"desk-3", "desk", SCAN_DESK, "", NULL, NULL, BADGES, 0},
    {"door-1", "door:" TUTORIAL, SCAN_DOOR, TUTORIAL, NULL, NULL, NOTHING, 0},
    {"door-2", "door:" TUTORIAL, SCAN_DOOR, TUTORIAL, NULL, NULL, NOTHING, 0},
    {"booth-" SPONSOR, "leads:" SPONSOR, SCAN_LEADS, SPONSOR, NULL, NULL,
     NOTHING, 0},
    {"auction-1", "desk", SCAN_DOOR, "", "auction", AUCTION_CLOCK, PADDLES, 0},
    /* Scanned twice in a row (what is owed, then paid): its repeat
     * cooldown is cut to 1 ms, as a script shows the badge again at
     * once where a person takes seconds. */
    {"pay-1", "desk", SCAN_DOOR, "", "auction-pay", PAY_CLOCK, NOTHING, 1},
    {"sprints-1", "desk", SCAN_DOOR, "", "sprints", SPRINT_CLOCK, NOTHING, 0},
    /* The open spaces' board on a desk's file; a room's door enrolled
     * for its room (a door of target ROOM: docs/open-spaces.md). */
    {"board-1", "desk", SCAN_DOOR, "", "open-spaces", BOARD_CLOCK, NOTHING, 0},
    {"room-" ROOM, "open-space:" ROOM, SCAN_DOOR, ROOM, "open-space",
     ROOM_CLOCK, NOTHING, 0},
};

/* One running station: a child process, its scanner input and JSON
 * output, and a read-only SQLite connection to its file. */
struct live_station {
    const char *name;
    char db[4200];
    char pg_role[64];
    pid_t pid;
    int in, out;
    sqlite3 *ro;
    size_t n;
    char buf[1 << 15];
};

struct hub_demo {
    const struct demo_options *o;
    const char *dir;
    char db[4200], key[4200], log[4200], late[4200];
    pglocal *pg;
    struct live_station st[NSTATIONS];
    /* Measured times, ms; -1: not measured. */
    long ms_checkin, ms_badge, ms_late, ms_badge2, ms_back;
    /* The auction's win to the pay desk's file, its settlement to the
     * door's; the sprint check-ins to the hub's headcount. */
    long ms_win, ms_settled, ms_heads;
    /* The board's claim to the hub; room 203's entries to the board. */
    long ms_claim, ms_room;
    char badges[NBADGES][BADGE_TEXT_CAP];
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the hub, as its superuser ---- */

static int hub_exec(struct hub_demo *h, const char *dbname, const char *sql,
                    struct ck_error *err)
{
    char ci[1024];
    pglocal_conninfo(h->pg, dbname, NULL, NULL, ci, sizeof(ci));
    PGconn *c = PQconnectdb(ci);
    int code = CK_OK;
    bool ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *r = PQexec(c, sql);
        ExecStatusType st = PQresultStatus(r);
        ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
        PQclear(r);
    }
    if (!ok) {
        const char *m = PQerrorMessage(c);
        code = ck_fail(err, CK_EIO,
                       "The demo's throwaway hub failed (%.*s); run the demo "
                       "again, and report it if it happens again.",
                       (int)strcspn(m, "\n"), m);
    }
    PQfinish(c);
    return code;
}

/* The hub's journal: its row count and its keys ("station_id/seq", in
 * order, comma-separated; caller frees).  NULL when unreachable. */
enum keys_of { ALL_ROWS, STATION_ROWS, ROOM_ROWS };

/* The hub's journal keys: all, one station's (`arg` its name), or one
 * tutorial's doors' (`arg` its slug: what a door is sent). */
static char *hub_keys(struct hub_demo *h, long *rows, enum keys_of which,
                      const char *arg)
{
    static const char *const WHERE[] = {
        [ALL_ROWS] = "$1::text IS NULL",
        [STATION_ROWS] = "station = $1",
        [ROOM_ROWS] = "mode = 'door' AND target = $1",
    };
    char ci[1024], sql[512];
    const char *name = which == ALL_ROWS ? NULL : arg;
    pglocal_conninfo(h->pg, HUB_DB, NULL, NULL, ci, sizeof(ci));
    snprintf(sql, sizeof(sql),
             "SELECT count(*), coalesce(string_agg(k, ',' ORDER BY k), '') "
             "FROM (SELECT station_id || '/' || seq AS k FROM checkin.scan "
             "WHERE %s) s",
             WHERE[which]);
    PGconn *c = PQconnectdb(ci);
    char *keys = NULL;
    const char *param[1] = {name};
    PGresult *r = PQexecParams(c, sql, 1, NULL, param, NULL, NULL, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        *rows = strtol(PQgetvalue(r, 0, 0), NULL, 10);
        keys = strdup(PQgetvalue(r, 0, 1));
    }
    PQclear(r);
    PQfinish(c);
    return keys;
}

/* ---- station files, read with plain SQLite ---- */

static sqlite3 *file_open(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 1000);
    return db;
}

/* The first column of `sql` with text parameters `a` and `b` (may be
 * NULL), as a number; -1 on error. */
static long long file_int(sqlite3 *db, const char *sql, const char *a,
                          const char *b)
{
    sqlite3_stmt *q = NULL;
    long long v = -1;
    /* raw: the demo's own read-only look at a running station's file */
    if (db && sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
        if (a)
            sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
        if (b)
            sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
        if (sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    return v;
}

/* A file's journal keys as hub_keys gives them; caller frees. */
static char *file_keys(sqlite3 *db, long *rows)
{
    sqlite3_stmt *q = NULL;
    char *keys = NULL;
    if (db &&
        /* raw: the demo's own read-only look at a running station's file */
        sqlite3_prepare_v2(db,
                           "SELECT count(*), coalesce(group_concat(k, "
                           "','), '') FROM (SELECT station_id || '/' || "
                           "seq AS k FROM scan ORDER BY k)",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        *rows = (long)sqlite3_column_int64(q, 0);
        keys = strdup((const char *)sqlite3_column_text(q, 1));
    }
    sqlite3_finalize(q);
    return keys;
}

/* Wait until `sql` (with `a`, `b`) counts a row in the station's file;
 * the milliseconds since `t0`, or -1 after WAIT_MS. */
static long await_row(struct live_station *ls, int64_t t0, const char *sql,
                      const char *a, const char *b)
{
    while (file_int(ls->ro, sql, a, b) <= 0) {
        if (mono_ms() - t0 > WAIT_MS)
            return -1;
        usleep(2000);
    }
    return (long)(mono_ms() - t0);
}

static const char SQL_SCAN[] =
    "SELECT count(*) FROM scan WHERE station = ?1 AND seq = CAST(?2 AS "
    "INTEGER)";
static const char SQL_BADGE[] =
    "SELECT count(*) FROM badge b JOIN attendee a ON a.id = b.attendee_id "
    "WHERE a.ticket_id = ?1 AND b.tutorial_id IS NULL";
static const char SQL_ATTENDEE[] =
    "SELECT count(*) FROM attendee WHERE ticket_id = ?1 AND status = 'paid'";

/* ---- running stations ---- */

static int spawn(struct hub_demo *h, int i, struct ck_error *err)
{
    struct live_station *ls = &h->st[i];
    char uri[4300];
    snprintf(uri, sizeof(uri), "file:%s/%s-ql800.bin", h->dir, ls->name);
    struct station_runtime_options o = {
        .db = ls->db,
        .cfg = {.mode = STATIONS[i].mode,
                .kind = STATIONS[i].kind,
                .target = STATIONS[i].target,
                .name = ls->name,
                .cooldown_ms = STATIONS[i].cooldown_ms,
                .open_before_ms = -1},
        .clock = STATIONS[i].clock ? STATIONS[i].clock : CLOCK,
        .keyboard = true,
        .json = true};
    if (STATIONS[i].prints != NOTHING)
        o.print = (struct desk_print_options){.uri = uri,
                                              .model = "QL-800",
                                              .media = "62x100",
                                              .config_dir = h->o->config_dir,
                                              .key_path = h->key};
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC))
        return ck_fail(err, CK_EIO, "Cannot make a pipe: %s.", strerror(errno));
    if (pipe2(out, O_CLOEXEC)) {
        close(in[0]);
        close(in[1]);
        return ck_fail(err, CK_EIO, "Cannot make a pipe: %s.", strerror(errno));
    }
    fflush(NULL);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        /* The station: never outlives the demo, writes its messages to
         * DIR/stations.log, holds no other station's pipes. */
        int logfd =
            open(h->log, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0600);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent ||
            logfd < 0 || dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 ||
            dup2(logfd, 2) < 0)
            _exit(126);
        close_range(3, ~0U, 0);
        struct ck_error e = {0};
        int code = station_runtime_run(&o, &e);
        if (code)
            fprintf(stderr, "%s: %s\n", ls->name, e.msg);
        fflush(NULL);
        _exit(code ? 1 : 0);
    }
    int saved = errno;
    close(in[0]);
    close(out[1]);
    if (pid < 0) {
        close(in[1]);
        close(out[0]);
        return ck_fail(err, CK_EIO, "Cannot start station %s: %s.", ls->name,
                       strerror(saved));
    }
    ls->pid = pid;
    ls->in = in[1];
    ls->out = out[0];
    ls->n = 0;
    return CK_OK;
}

/* End the station: its scanner unplugged (end of input), then it sends
 * what is left and exits; SIGKILL after 20 s.  0 when it exited 0. */
static int stop_station(struct live_station *ls, bool kill_now)
{
    int status = -1;
    if (ls->pid <= 0)
        return 0;
    if (kill_now)
        kill(ls->pid, SIGKILL);
    close(ls->in);
    int64_t deadline = mono_ms() + 20000;
    while (waitpid(ls->pid, &status, WNOHANG) == 0) {
        if (mono_ms() > deadline) {
            kill(ls->pid, SIGKILL);
            waitpid(ls->pid, &status, 0);
            break;
        }
        usleep(10000);
    }
    close(ls->out);
    ls->pid = 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

typedef bool (*want_fn)(json_t *o);

/* The next JSON line the station prints for which `want` is true, within
 * `timeout_ms`; earlier lines are dropped.  NULL on timeout or when the
 * station ended.  Caller decrefs. */
static json_t *next_line(struct live_station *ls, int timeout_ms, want_fn want)
{
    int64_t deadline = mono_ms() + timeout_ms;
    for (;;) {
        char *nl;
        while ((nl = memchr(ls->buf, '\n', ls->n))) {
            size_t len = (size_t)(nl - ls->buf);
            json_error_t je;
            json_t *o = json_loadb(ls->buf, len, 0, &je);
            ls->n -= len + 1;
            memmove(ls->buf, nl + 1, ls->n);
            if (o && want(o))
                return o;
            json_decref(o);
        }
        int64_t left = deadline - mono_ms();
        struct pollfd p = {ls->out, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, (int)left) <= 0)
            return NULL;
        ssize_t r = read(ls->out, ls->buf + ls->n, sizeof(ls->buf) - ls->n);
        if (r <= 0)
            return NULL;
        ls->n += (size_t)r;
    }
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static bool is_decision(json_t *o)
{
    return json_object_get(o, "decision") != NULL;
}

static bool is_print(json_t *o)
{
    return !strcmp(str(o, "event"), "print");
}

static bool is_online(json_t *o)
{
    return !strcmp(str(o, "event"), "sync") &&
           json_is_true(json_object_get(o, "online"));
}

static bool is_offline(json_t *o)
{
    return !strcmp(str(o, "event"), "sync") &&
           json_is_false(json_object_get(o, "online"));
}

static bool is_offline_backlog(json_t *o)
{
    return is_offline(o) &&
           json_integer_value(json_object_get(o, "to_send")) > 0;
}

static bool is_in_step(json_t *o)
{
    return is_online(o) &&
           json_integer_value(json_object_get(o, "to_send")) == 0;
}

static const char *word(const char *decision)
{
    return !strcmp(decision, "admit")  ? _("ADMIT")
           : !strcmp(decision, "deny") ? _("DENY")
                                       : _("WARNING");
}

/* The start of a station's line: its name, then `w` (a verdict's word,
 * or "" under one), padded as the verdicts line up. */
static void station_line(const char *name, const char *w)
{
    printf("  %-14s ", name);
    demo_pad(stdout, w, 7);
    fputs("  ", stdout);
}

/* Scan `code` at the station and print its decision line; the decision
 * (caller decrefs) or NULL with `err` set. */
static json_t *scan(struct hub_demo *h, int i, const char *code,
                    struct ck_error *err)
{
    struct live_station *ls = &h->st[i];
    char line[512];
    int len = snprintf(line, sizeof(line), "%s\n", code);
    if (write(ls->in, line, (size_t)len) != len) {
        ck_fail(err, CK_EIO, "Station %s took no input: %s.", ls->name,
                strerror(errno));
        return NULL;
    }
    json_t *o = next_line(ls, WAIT_MS, is_decision);
    if (!o) {
        ck_fail(err, CK_EIO,
                "Station %s showed no decision within %d s; its messages "
                "are in %s.",
                ls->name, WAIT_MS / 1000, h->log);
        return NULL;
    }
    const char *name = str(o, "badge_name"), *text = str(o, "reason_text");
    /* A booth's sentence goes on to ask the volunteer for a note. */
    const char *stop =
        STATIONS[i].mode == SCAN_LEADS ? strstr(text, ". ") : NULL;
    station_line(ls->name, word(str(o, "decision")));
    printf("%s%s%.*s%s\n", name, *name ? ": " : "",
           stop ? (int)(stop - text) : (int)strlen(text), text,
           stop ? "." : "");
    return o;
}

/* A printing station's print of a decision that said "printing": a
 * desk's badge, the auction door's paddle label. */
static int printed(struct hub_demo *h, int i, struct ck_error *err)
{
    struct live_station *ls = &h->st[i];
    json_t *o = next_line(ls, WAIT_MS, is_print);
    if (!o)
        return ck_fail(err, CK_EIO,
                       "Station %s did not print within %d s; its messages "
                       "are in %s.",
                       ls->name, WAIT_MS / 1000, h->log);
    bool badge = STATIONS[i].prints == BADGES;
    const char *outcome = str(o, "outcome");
    station_line(ls->name, "");
    /* TRANSLATORS: a station's label and what became of it; the
     * station's printer file's name is the station's (desk-1), then
     * -ql800.bin. */
    if (!strcmp(outcome, "printed"))
        printf(badge ? _("badge printed to its printer (%s-ql800.bin)\n")
                     : _("paddle label printed to its printer "
                         "(%s-ql800.bin)\n"),
               ls->name);
    else if (!strcmp(outcome, "sent"))
        printf(badge ? _("badge sent to its printer (%s-ql800.bin)\n")
                     : _("paddle label sent to its printer "
                         "(%s-ql800.bin)\n"),
               ls->name);
    else
        printf(badge ? _("badge not printed (%s-ql800.bin)\n")
                     : _("paddle label not printed (%s-ql800.bin)\n"),
               ls->name);
    json_decref(o);
    return CK_OK;
}

/* Scan and check the verdict: `reason` expected; *decided (may be NULL)
 * is when the station showed it (mono_ms), a printing station's print
 * waited for after; *paddle (may be NULL) the paddle it named. */
static int expect_paddle(struct hub_demo *h, int i, const char *code,
                         const char *reason, int64_t *decided, int *paddle,
                         struct ck_error *err)
{
    json_t *o = scan(h, i, code, err);
    if (!o)
        return err->code ? err->code : CK_EIO;
    if (decided)
        *decided = mono_ms();
    if (paddle)
        *paddle = (int)json_integer_value(json_object_get(o, "paddle"));
    int rc = CK_OK;
    if (strcmp(str(o, "reason"), reason))
        rc = ck_fail(err, CK_EINVAL,
                     "Station %s decided '%s' where the demo expected '%s'; "
                     "the demo's story is broken, please report it.",
                     h->st[i].name, str(o, "reason"), reason);
    bool printing = json_is_true(json_object_get(o, "printing"));
    json_decref(o);
    if (!rc && printing)
        rc = printed(h, i, err);
    return rc;
}

/* Scan and check the verdict: `reason` expected; *decided (may be NULL)
 * is when the station showed it (mono_ms), the desk's printing waited
 * for after. */
static int expect(struct hub_demo *h, int i, const char *code,
                  const char *reason, int64_t *decided, struct ck_error *err)
{
    return expect_paddle(h, i, code, reason, decided, NULL, err);
}

/* ---- the story ---- */

/* The badges of BADGE_TICKETS, issued on the organizer's event.db before
 * it is published: the hub then sends them to every desk's file. */
static int issue_badges(struct hub_demo *h, struct ck_error *err)
{
    store *s;
    struct badge_key key;
    int code = store_open(h->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = credential_load_key(s, h->key, &key, err);
    if (!code) {
        for (int i = 0; !code && i < NBADGES; i++)
            code = demo_code(s, &key, BADGE_TICKETS[i], NULL, false,
                             h->badges[i], err);
        badge_key_wipe(&key);
    }
    store_close(s);
    return code;
}

/* The stations enrolled, a few lines (the days their clocks say, in the
 * language spoken). */
static void enrolled(void)
{
    char sat[DEMO_DAY_CAP], mon[DEMO_DAY_CAP], fri[DEMO_DAY_CAP];
    demo_day(AUCTION_CLOCK, I18N_WEEKDAY, sat, sizeof(sat));
    demo_day(SPRINT_CLOCK, I18N_WEEKDAY, mon, sizeof(mon));
    demo_day(BOARD_CLOCK, I18N_WEEKDAY, fri, sizeof(fri));
    printf(_("    desk-1, desk-2, desk-3: registration desks; they print "
             "badges to file\n"
             "      printers (desk-N-ql800.bin: a Brother QL-800's bytes, no "
             "printer needed)\n"));
    /* TRANSLATORS: the tutorial's slug (pandas-intro). */
    printf(_("    door-1, door-2: the two doors of room 101A, tutorial "
             "'%s'\n"),
           TUTORIAL);
    /* TRANSLATORS: the sponsor's slug, in the station's name. */
    printf(_("    booth-%s: Datawise Analytics' lead scanner (its file holds "
             "no attendee)\n"),
           SPONSOR);
    /* TRANSLATORS: the day of the stations' clocks ("Sat"). */
    printf(_("    auction-1, pay-1: the PyLadies auction's door (it prints "
             "paddle labels,\n"
             "      auction-1-ql800.bin) and pay desk, on desks' files, "
             "clocks at %s 19:00, 21:30\n"),
           sat);
    /* TRANSLATORS: the day of the station's clock ("Mon"). */
    printf(_("    sprints-1: a sprint table's station, on a desk's file, "
             "clock at %s 10:00\n"),
           mon);
    /* TRANSLATORS: the room's number (203), four times: in its door's
     * name, the room's and its role's; then the day of the clocks
     * ("Fri"). */
    printf(_("    board-1, room-%s: the open spaces' board (a desk's file) "
             "and room %s's\n"
             "      door (open-space:%s), clocks at %s 10:50, 11:05\n"),
           ROOM, ROOM, ROOM, fri);
}

static int setup_hub(struct hub_demo *h, struct ck_error *err)
{
    /* PostgreSQL's defaults (every commit flushed), as the hub an
     * organizer installs runs: the demo's pace is a real hub's. */
    struct pglocal_options po = {.durable = true};
    int64_t t0 = mono_ms();
    demo_section();
    printf("%s\n", _("The hub and eleven stations"));
    int code = pglocal_start(&po, &h->pg, err);
    if (code)
        return code;
    /* TRANSLATORS: the server's folder and the milliseconds it took. */
    demo_say(_("A throwaway PostgreSQL 15 in %s (Unix socket only, no TCP; "
               "every commit flushed to disk, as an installed hub does), "
               "up in %lld ms."),
             pglocal_dir(h->pg), (long long)(mono_ms() - t0));
    char real[4096], ini[4200], csv[4096], ci[1024];
    snprintf(real, sizeof(real), "%s/demo/event.ini", h->o->config_dir);
    snprintf(ini, sizeof(ini), "%s/event-hub.ini", h->dir);
    snprintf(csv, sizeof(csv), "%s/demo/registrations.csv", h->o->config_dir);
    struct import_counts n;
    /* Its stations are fed codes by this program, as by a scanner, and
     * answer no question: the Code of Conduct is asked in `checkin
     * demo`'s desk. */
    code = demo_ini_without_acknowledgements(real, ini, err);
    if (!code)
        code = demo_make_event(h->db, h->key, ini, csv, &n, err);
    if (!code)
        code = issue_badges(h, err);
    if (!code)
        code = hub_exec(h, "postgres", "CREATE DATABASE " HUB_DB, err);
    if (code)
        return code;
    pglocal_conninfo(h->pg, HUB_DB, NULL, NULL, ci, sizeof(ci));
    struct sync_report rep;
    memset(&rep, 0, sizeof(rep));
    code = hub_init(h->db, ci, &rep, err);
    sync_report_free(&rep);
    if (code)
        return code;
    /* TRANSLATORS: the demo's folder, then the registrations. */
    demo_say(
        _("%s/event.db: the demo event, %ld registrations, published to "
          "the hub (checkin hub init); without its Code of Conduct "
          "acknowledgement (event-hub.ini), as these stations are fed by a "
          "script that answers no question (checkin demo's desk asks it); "
          "with the badges of four people, for the auction and the "
          "sprints, issued on it first (as checkin badge issues them)."),
        h->dir, n.added);
    for (int i = 0; i < NSTATIONS && !code; i++) {
        struct hub_station_options so = {.name = STATIONS[i].name,
                                         .role = STATIONS[i].role,
                                         .out_path = h->st[i].db};
        struct hub_station_report sr;
        memset(&sr, 0, sizeof(sr));
        code = hub_add_station(h->db, &so, &sr, err);
        if (!code && !sr.first_done)
            code = ck_fail(err, CK_EIO, "%s", sr.first_err.msg);
        snprintf(h->st[i].pg_role, sizeof(h->st[i].pg_role), "%s", sr.pg_role);
        sync_report_free(&sr.first);
    }
    if (code)
        return code;
    demo_say("%s", _("Enrolled with checkin hub add-station, each in a file of "
                     "its own (0600) with a PostgreSQL role of its own:"));
    enrolled();
    t0 = mono_ms();
    for (int i = 0; i < NSTATIONS && !code; i++)
        code = spawn(h, i, err);
    for (int i = 0; i < NSTATIONS && !code; i++) {
        json_t *o = next_line(&h->st[i], WAIT_MS, is_online);
        if (!o)
            return ck_fail(err, CK_EIO,
                           "Station %s did not reach the hub within %d s; its "
                           "messages are in %s.",
                           h->st[i].name, WAIT_MS / 1000, h->log);
        json_decref(o);
        h->st[i].ro = file_open(h->st[i].db);
        if (!h->st[i].ro)
            return ck_fail(err, CK_EIO, "Cannot read %s.", h->st[i].db);
    }
    char day[DEMO_DAY_CAP];
    demo_day(CLOCK, I18N_DAY_MONTH, day, sizeof(day));
    /* TRANSLATORS: the milliseconds the stations took, then the day of
     * their clocks ("Wed 12 May"). */
    if (!code)
        demo_say(_("Started all eleven as real stations (what `checkin scan "
                   "--keyboard --json` runs, live sync on), fed codes as a "
                   "barcode scanner would: all in step with the hub %lld ms "
                   "later.  The desks', doors' and booth's clocks say %s 2027, "
                   "08:50, before the pandas tutorial."),
                 (long long)(mono_ms() - t0), day);
    return code;
}

/* The badge code desk `i` printed for `ticket`, read from its file with
 * the event's key. */
static int badge_code(struct hub_demo *h, int i, const char *ticket,
                      char out[BADGE_TEXT_CAP], struct ck_error *err)
{
    store *s;
    struct badge_key key;
    int code = store_open(h->st[i].db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = credential_load_key(s, h->key, &key, err);
    if (!code) {
        code = demo_code(s, &key, ticket, NULL, false, out, err);
        badge_key_wipe(&key);
    }
    store_close(s);
    return code;
}

static int badge_story(struct hub_demo *h, struct ck_error *err)
{
    demo_section();
    printf("%s\n", _("A badge printed at one desk, admitted at a door"));
    json_t *o = scan(h, DESK1, THORDIS, err);
    if (!o)
        return err->code;
    int64_t t0 = mono_ms();
    char seq[32];
    snprintf(seq, sizeof(seq), "%lld",
             (long long)json_integer_value(json_object_get(o, "seq")));
    int code = strcmp(str(o, "reason"), "checked-in")
                   ? ck_fail(err, CK_EINVAL,
                             "desk-1 did not check Þórdís in (%s); the "
                             "demo's story is broken, please report it.",
                             str(o, "reason"))
                   : CK_OK;
    json_decref(o);
    if (!code)
        code = printed(h, DESK1, err);
    if (code)
        return code;
    h->ms_checkin = await_row(&h->st[DESK2], t0, SQL_SCAN, "desk-1", seq);
    h->ms_badge = await_row(&h->st[DOOR1], t0, SQL_BADGE, "48395", NULL);
    if (h->ms_checkin < 0 || h->ms_badge < 0)
        return ck_fail(err, CK_EIO,
                       "desk-1's check-in or badge did not reach the other "
                       "stations within %d s; the stations' messages are "
                       "in %s.",
                       WAIT_MS / 1000, h->log);
    demo_say(_("(measured: desk-1's check-in was in desk-2's file %ld ms after "
               "desk-1 decided, its badge in door-1's file after %ld ms)"),
             h->ms_checkin, h->ms_badge);
    char badge[BADGE_TEXT_CAP];
    code = badge_code(h, DESK1, "48395", badge, err);
    if (!code)
        code = expect(h, DOOR1, badge, "entered", NULL, err);
    if (!code)
        code = expect(h, BOOTH, badge, "lead", NULL, err);
    if (code)
        return code;

    demo_section();
    printf("%s\n", _("A duplicate caught across desks"));
    return expect(h, DESK2, THORDIS, "already-checked-in", NULL, err);
}

static int late_story(struct hub_demo *h, struct ck_error *err)
{
    demo_section();
    printf("%s\n", _("A late registration"));
    int fd = open(h->late, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
    if (fd < 0 || write(fd, LATE_CSV, sizeof(LATE_CSV) - 1) !=
                      (ssize_t)sizeof(LATE_CSV) - 1) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", h->late,
                       strerror(e));
    }
    close(fd);
    int64_t t0 = mono_ms();
    store *s;
    struct import_counts n;
    struct import_options io = {0};
    int code = store_open(h->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = import_file(s, h->late, &io, &n, err);
    store_close(s);
    struct sync_report rep;
    memset(&rep, 0, sizeof(rep));
    if (!code)
        code = sync_once(h->db, &rep, err);
    sync_report_free(&rep);
    if (code)
        return code;
    demo_say("%s",
             _("The organizer imports late-registrations.csv (Ada "
               "Lovelace, paid a minute ago) into event.db, which publishes "
               "it to the hub (checkin import)."));
    h->ms_late = await_row(&h->st[DESK3], t0, SQL_ATTENDEE, ADA_TICKET, NULL);
    if (h->ms_late < 0)
        return ck_fail(err, CK_EIO,
                       "The late registration did not reach desk-3 within "
                       "%d s; the stations' messages are in %s.",
                       WAIT_MS / 1000, h->log);
    demo_say(_("(measured: her registration was in desk-3's file %ld ms after "
               "the import began)"),
             h->ms_late);
    return expect(h, DESK3, ADA, "checked-in", NULL, err);
}

/* The hub refuses (`cut`) or takes again the door's role: its connection
 * is ended and it cannot log in, as if its network cable were pulled. */
static int cut_door(struct hub_demo *h, int i, bool cut, struct ck_error *err)
{
    char sql[512];
    snprintf(sql, sizeof(sql), "ALTER ROLE \"%s\" %s", h->st[i].pg_role,
             cut ? "NOLOGIN" : "LOGIN");
    int code = hub_exec(h, "postgres", sql, err);
    if (code || !cut)
        return code; /* taken again: nothing to end */
    /* Ended only once the role's NOLOGIN is committed: in one statement
     * string (one transaction) the door reconnected, now and then, before
     * the commit, and stayed on. */
    snprintf(sql, sizeof(sql),
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
             "usename = '%s'",
             h->st[i].pg_role);
    return hub_exec(h, "postgres", sql, err);
}

/* A station's sync sentence, as its screen says it. */
static void station_says(const char *name, const char *text)
{
    /* TRANSLATORS: beside ADMIT, DENY and WARNING: what a station's
     * link line says, quoted after it. */
    station_line(name, _("says"));
    printf("\"%s\"\n", text);
}

static int offline_story(struct hub_demo *h, struct ck_error *err)
{
    demo_section();
    printf("%s\n",
           _("A door cut off from the hub, deciding alone, catching up"));
    int64_t t0 = 0;
    int code = expect(h, DESK2, BRANDON, "checked-in", &t0, err);
    if (code)
        return code;
    h->ms_badge2 = await_row(&h->st[DOOR2], t0, SQL_BADGE, "48361", NULL);
    if (h->ms_badge2 < 0)
        return ck_fail(err, CK_EIO,
                       "desk-2's badge did not reach door-2 within %d s; the "
                       "stations' messages are in %s.",
                       WAIT_MS / 1000, h->log);
    demo_say(_("(measured: the badge was in door-2's file %ld ms after desk-2 "
               "decided)"),
             h->ms_badge2);
    struct live_station *door = &h->st[DOOR2];
    code = cut_door(h, DOOR2, true, err);
    if (code)
        return code;
    demo_say("%s", _("The hub stops taking door-2's connection, as if its "
                     "network cable were pulled."));
    json_t *o = next_line(door, WAIT_MS, is_offline);
    if (!o)
        return ck_fail(err, CK_EIO, "door-2 did not notice it was cut off.");
    station_says(door->name, str(o, "text"));
    json_decref(o);
    char badge[BADGE_TEXT_CAP];
    code = badge_code(h, DESK2, "48361", badge, err);
    if (!code)
        code = expect(h, DOOR2, badge, "entered", NULL, err);
    if (code)
        return code;
    o = next_line(door, WAIT_MS, is_offline_backlog);
    if (!o)
        return ck_fail(err, CK_EIO, "door-2 did not count its backlog.");
    station_says(door->name, str(o, "text"));
    json_decref(o);
    printf("  %s\n",
           _("Meanwhile the others go on; door-2 cannot hear of it yet:"));
    code = expect(h, DESK1, MARIANA, "checked-in", NULL, err);
    if (code)
        return code;
    code = cut_door(h, DOOR2, false, err);
    if (code)
        return code;
    t0 = mono_ms();
    printf("  %s\n", _("The hub takes door-2 again."));
    o = next_line(door, WAIT_MS, is_in_step);
    if (!o)
        return ck_fail(err, CK_EIO,
                       "door-2 did not catch up within %d s; its messages "
                       "are in %s.",
                       WAIT_MS / 1000, h->log);
    h->ms_back = (long)(mono_ms() - t0);
    station_line(door->name, _("says"));
    /* TRANSLATORS: what the door says, then the milliseconds since the
     * hub took it again. */
    printf(_("\"%s\" (%ld ms later: it tries again after 1, 2, 4, then "
             "every 5 s)\n"),
           str(o, "text"), h->ms_back);
    json_decref(o);
    return CK_OK;
}

/* ---- the auction and the sprints, each a desk's file ---- */

static const char SQL_ACTS[] =
    "SELECT count(*) >= CAST(?2 AS INTEGER) FROM auction_act WHERE act = ?1";
static const char SQL_SPRINT_IN[] =
    "SELECT count(DISTINCT attendee_ticket_id) >= CAST(?2 AS INTEGER) FROM "
    "scan WHERE mode = 'door' AND target = ?1 AND decision = 'admit'";

/* The organizer pulls into event.db, as `checkin sync EVENT.db` does,
 * until `sql` (with `a`, `b`) counts a row there; *ms the milliseconds
 * since `t0`, -1 after WAIT_MS. */
static int pull_until(struct hub_demo *h, int64_t t0, const char *sql,
                      const char *a, const char *b, long *ms,
                      struct ck_error *err)
{
    sqlite3 *ev = file_open(h->db);
    int code = CK_OK;
    *ms = -1;
    while (!code && mono_ms() - t0 <= WAIT_MS) {
        struct sync_report rep;
        memset(&rep, 0, sizeof(rep));
        code = sync_once(h->db, &rep, err);
        sync_report_free(&rep);
        if (!code && file_int(ev, sql, a, b) > 0) {
            *ms = (long)(mono_ms() - t0);
            break;
        }
        usleep(20000);
    }
    sqlite3_close(ev);
    if (!code && *ms < 0)
        code = ck_fail(err, CK_EIO,
                       "The organizer's event.db did not get the stations' "
                       "rows within %d s; the stations' messages are in %s.",
                       WAIT_MS / 1000, h->log);
    return code;
}

/* The hub's count of `sql` with `a` ($1); -1 when unreachable. */
static long hub_int(struct hub_demo *h, const char *sql, const char *a)
{
    char ci[1024];
    pglocal_conninfo(h->pg, HUB_DB, NULL, NULL, ci, sizeof(ci));
    PGconn *c = PQconnectdb(ci);
    const char *param[1] = {a};
    PGresult *r = PQexecParams(c, sql, 1, NULL, param, NULL, NULL, 0);
    long v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
        v = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    PQfinish(c);
    return v;
}

/* `checkin auction event.db win LOT PADDLE AMOUNT` at WIN_AT, then the
 * organizer's sync publishes it. */
static int record_win(struct hub_demo *h, const char *lot, int paddle,
                      const char *amount, struct ck_error *err)
{
    if (!h->o->auction_win || !h->o->auction_report)
        return ck_fail(err, CK_EINVAL,
                       "The demo was started without the auction's "
                       "commands; please report it.");
    store *s;
    int64_t at;
    char p[16];
    snprintf(p, sizeof(p), "%d", paddle);
    int code = store_open(h->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = clock_event_ms(s, WIN_AT, &at, err);
    store_close(s);
    if (!code)
        code = h->o->auction_win(h->db, lot, p, amount, at, NULL, err);
    struct sync_report rep;
    memset(&rep, 0, sizeof(rep));
    if (!code)
        code = sync_once(h->db, &rep, err);
    sync_report_free(&rep);
    return code;
}

static int auction_story(struct hub_demo *h, struct ck_error *err)
{
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the day ("Sat 15 May"). */
    printf(_("The PyLadies auction, %s: paddles, a win, settled at the "
             "pay desk\n"),
           demo_day(AUCTION_CLOCK, I18N_DAY_MONTH, day, sizeof(day)));
    int paddle = 0, other = 0;
    long ms;
    int code = expect_paddle(h, AUCTION, h->badges[ANURADHA], "paddle", NULL,
                             &paddle, err);
    if (!code)
        code = expect_paddle(h, AUCTION, h->badges[LUKASZ], "paddle", NULL,
                             &other, err);
    if (!code)
        code = pull_until(h, mono_ms(), SQL_ACTS, "paddle", "2", &ms, err);
    if (!code)
        code = record_win(h, "1", paddle, "240.00", err);
    if (code)
        return code;
    int64_t t0 = mono_ms();
    /* TRANSLATORS: the milliseconds the pull took, then the paddle's
     * number, twice. */
    demo_say(
        _("The organizer pulls the paddles into event.db (%ld ms) and "
          "records lot 1 won by paddle %d for 240.00 there (checkin auction "
          "event.db win 1 %d 240.00), which publishes it."),
        ms, paddle, paddle);
    h->ms_win = await_row(&h->st[PAY], t0,
                          "SELECT count(*) FROM auction_act WHERE act = "
                          "'win' AND lot = ?1",
                          "1", NULL);
    if (h->ms_win < 0)
        return ck_fail(err, CK_EIO,
                       "The win did not reach pay-1 within %d s; the "
                       "stations' messages are in %s.",
                       WAIT_MS / 1000, h->log);
    demo_say(_("(measured: the win was in pay-1's file %ld ms after the "
               "organizer recorded it)"),
             h->ms_win);
    code = expect(h, PAY, h->badges[ANURADHA], "owes", NULL, err);
    if (!code)
        code = expect(h, PAY, h->badges[ANURADHA], "settled", &t0, err);
    if (code)
        return code;
    h->ms_settled = await_row(&h->st[AUCTION], t0, SQL_ACTS, "settle", "1");
    if (h->ms_settled < 0)
        return ck_fail(err, CK_EIO,
                       "pay-1's settlement did not reach auction-1 within %d "
                       "s; the stations' messages are in %s.",
                       WAIT_MS / 1000, h->log);
    code = pull_until(h, t0, SQL_ACTS, "settle", "1", &ms, err);
    if (code)
        return code;
    demo_say(_("(measured: the settlement was in auction-1's file %ld ms after "
               "pay-1 decided, in event.db after %ld ms.)  checkin report "
               "event.db auction says:"),
             h->ms_settled, ms);
    return demo_auction_report(h->o, h->db, err);
}

/* The people checked in to PROJECT on the first sprint day, as
 * `checkin sprints EVENT.db list` counts them, on the organizer's
 * event.db. */
static int sprint_heads(struct hub_demo *h, long *people, struct ck_error *err)
{
    store *s;
    struct sprint_days days;
    bool any = false;
    int64_t from, to;
    int code = store_open(h->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = sprint_days_read(s, &days, &any, err);
    if (!code && (!any || !sprint_day_bounds(&days, 0, &from, &to)))
        code = ck_fail(err, CK_EINVAL,
                       "The demo event has no sprint days; it is broken, "
                       "please report it.");
    if (!code)
        code = sprint_headcount(s, PROJECT, from, to, people, err);
    store_close(s);
    return code;
}

static int sprint_story(struct hub_demo *h, struct ck_error *err)
{
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the day ("Mon 17 May"). */
    printf(_("Sprints, %s: two people at the CPython table, counted at "
             "the hub\n"),
           demo_day(SPRINT_CLOCK, I18N_DAY_MONTH, day, sizeof(day)));
    int64_t t0 = 0;
    long ms, people = -1, hub = -1;
    /* The table sign's code, as `checkin sprints EVENT.db signs` prints
     * it: it chooses the project, and is not journaled. */
    int code =
        expect(h, SPRINTS, "checkin-sprint:" PROJECT, "project", NULL, err);
    if (!code)
        code = expect(h, SPRINTS, h->badges[ZOE], "sprint", NULL, err);
    if (!code)
        code = expect(h, SPRINTS, h->badges[WANG], "sprint", &t0, err);
    if (code)
        return code;
    static const char HEADS[] =
        "SELECT count(DISTINCT attendee_ticket_id) FROM checkin.scan WHERE "
        "mode = 'door' AND target = $1 AND decision = 'admit'";
    while ((hub = hub_int(h, HEADS, "sprint:" PROJECT)) < 2 &&
           mono_ms() - t0 <= WAIT_MS)
        usleep(5000);
    h->ms_heads = hub >= 2 ? (long)(mono_ms() - t0) : -1;
    if (h->ms_heads < 0)
        return ck_fail(err, CK_EIO,
                       "sprints-1's check-ins did not reach the hub within %d "
                       "s; the stations' messages are in %s.",
                       WAIT_MS / 1000, h->log);
    code = pull_until(h, t0, SQL_SPRINT_IN, "sprint:" PROJECT, "2", &ms, err);
    if (!code)
        code = sprint_heads(h, &people, err);
    if (!code)
        /* TRANSLATORS: people at the hub, the milliseconds it took,
         * people on event.db and the milliseconds of the pull. */
        demo_say(
            _("Headcount for CPython: %ld at the hub %ld ms after sprints-1 "
              "decided; %ld on event.db after a pull (%ld ms; checkin "
              "sprints event.db list and the dashboard count from it)."),
            hub, h->ms_heads, people, ms);
    return code;
}

/* `checkin open-spaces board-1.db claim ROOM SLOT --host TICKET --title
 * TEXT`, as the board's page makes it after the host's scan. */
static int claim_at_board(struct hub_demo *h, struct ck_error *err)
{
    store *s;
    int64_t now;
    int code = store_open(h->st[BOARD].db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = clock_event_ms(s, BOARD_CLOCK, &now, err);
    struct open_space_request rq = {.room = ROOM,
                                    .when = SLOT,
                                    .host = BADGE_TICKETS[ANURADHA],
                                    /* untranslated: a session's title */
                                    .title = "Packaging BoF",
                                    .station = STATIONS[BOARD].name,
                                    .now_ms = now};
    struct open_spaces os;
    enum open_space_outcome outcome = OPEN_SPACE_DONE;
    struct open_space_session held;
    if (!code)
        code = open_space_claim(s, &rq, &os, &outcome, &held, err);
    store_close(s);
    if (!code && outcome != OPEN_SPACE_DONE)
        code = ck_fail(err, CK_EINVAL,
                       "board-1 did not take the claim of %s at %s (%d); the "
                       "demo's story is broken, please report it.",
                       ROOM, SLOT, (int)outcome);
    return code;
}

static int open_space_story(struct hub_demo *h, struct ck_error *err)
{
    char day[DEMO_DAY_CAP];
    demo_section();
    /* TRANSLATORS: the day ("Fri 14 May") and the room's number. */
    printf(_("Open spaces, %s: a session claimed at the board, room %s "
             "filled\n"),
           demo_day(BOARD_CLOCK, I18N_DAY_MONTH, day, sizeof(day)), ROOM);
    int code = expect(h, BOARD, h->badges[ANURADHA], "host", NULL, err);
    int64_t t0 = mono_ms();
    if (!code)
        code = claim_at_board(h, err);
    if (code)
        return code;
    while (hub_int(h,
                   "SELECT count(*) FROM checkin.open_space_claim WHERE"
                   " room = $1",
                   ROOM) < 1 &&
           mono_ms() - t0 <= WAIT_MS)
        usleep(5000);
    h->ms_claim = (long)(mono_ms() - t0);
    if (h->ms_claim > WAIT_MS)
        return ck_fail(err, CK_EIO,
                       "board-1's claim did not reach the hub within %d s; "
                       "the stations' messages are in %s.",
                       WAIT_MS / 1000, h->log);
    code = expect(h, ROOM_DOOR, h->badges[ZOE], "entered", NULL, err);
    if (!code)
        code = expect(h, ROOM_DOOR, h->badges[WANG], "entered", &t0, err);
    if (code)
        return code;
    h->ms_room = await_row(&h->st[BOARD], t0, SQL_SPRINT_IN, ROOM, "2");
    if (h->ms_room < 0)
        return ck_fail(err, CK_EIO,
                       "room-%s's entries did not reach board-1 within %d s; "
                       "the stations' messages are in %s.",
                       ROOM, WAIT_MS / 1000, h->log);
    long ms;
    code = pull_until(h, t0, SQL_SPRINT_IN, ROOM, "2", &ms, err);
    if (!code)
        /* TRANSLATORS: the room, the slot (2027-05-14 11:00), the
         * milliseconds to the hub, the room again, and two more
         * measured times. */
        demo_say(
            _("board-1 took Anuradha's badge as the host's and claimed %s "
              "at %s for \"Packaging BoF\" (at the hub %ld ms later); "
              "room-%s let two people in.  board-1's file counts 2 of 2 "
              "seats %ld ms after the second entry (the board shows it); "
              "event.db %ld ms (checkin report event.db open-spaces and the "
              "dashboard count from it)."),
            ROOM, SLOT, h->ms_claim, ROOM, h->ms_room, ms);
    return code;
}

/* Wait until every desk file and the organizer's file hold the hub's
 * journal, and each door its room's rows (a door is sent no desk's:
 * docs/sync.md, "What each role holds"), then print the counts. */
static int in_step(struct hub_demo *h, struct ck_error *err)
{
    demo_section();
    printf("%s\n", _("In step"));
    struct sync_report rep;
    long hub_rows = 0, rows[NSTATIONS] = {0}, ev_rows = 0, booth_hub = 0,
         room_hub = 0;
    bool same = false;
    int code = CK_OK;
    int64_t t0 = mono_ms();
    while (!code && !same && mono_ms() - t0 < WAIT_MS) {
        /* The organizer pulls every station's rows, as `checkin sync
         * EVENT.db` and `checkin dashboard` do. */
        memset(&rep, 0, sizeof(rep));
        code = sync_once(h->db, &rep, err);
        sync_report_free(&rep);
        char *hub = hub_keys(h, &hub_rows, ALL_ROWS, NULL);
        sqlite3 *ev = file_open(h->db);
        char *evk = file_keys(ev, &ev_rows);
        sqlite3_close(ev);
        same = hub && evk && !strcmp(hub, evk);
        for (int i = 0; i < NSTATIONS; i++) {
            char *k = file_keys(h->st[i].ro, &rows[i]);
            if (!strncmp(STATIONS[i].role, "leads:", 6)) {
                /* A booth takes no one else's rows: its own are on the hub. */
                char *mine =
                    hub_keys(h, &booth_hub, STATION_ROWS, h->st[i].name);
                same = same && k && mine && !strcmp(k, mine);
                free(mine);
            } else if (!strncmp(STATIONS[i].role, "open-space:", 11)) {
                long n; /* a room's door: its room's rows, as a door */
                char *room = hub_keys(h, &n, ROOM_ROWS, STATIONS[i].target);
                same = same && k && room && !strcmp(k, room);
                free(room);
            } else if (!strncmp(STATIONS[i].role, "door:", 5)) {
                char *room =
                    hub_keys(h, &room_hub, ROOM_ROWS, STATIONS[i].target);
                same = same && k && room && !strcmp(k, room);
                free(room);
            } else {
                same = same && k && hub && !strcmp(k, hub);
            }
            free(k);
        }
        free(hub);
        free(evk);
        if (!same)
            usleep(50000);
    }
    if (code)
        return code;
    char line[1024];
    /* TRANSLATORS: the hub's rows, then event.db's; each station's
     * name and rows follow, " | desk-1 17". */
    int used = snprintf(line, sizeof(line),
                        _("Journal rows: hub %ld | "
                          "event.db %ld"),
                        hub_rows, ev_rows);
    for (int i = 0; i < NSTATIONS && used > 0 && (size_t)used < sizeof(line);
         i++)
        used += snprintf(line + used, sizeof(line) - (size_t)used, " | %s %ld",
                         h->st[i].name, rows[i]);
    demo_say("%s", line);
    if (!same)
        return ck_fail(err, CK_EIO,
                       "The stations are not in step with the hub %d s "
                       "after the door came back; the stations' messages "
                       "are in %s.",
                       WAIT_MS / 1000, h->log);
    demo_say(
        _("In step: the hub, the organizer's event.db and every desk's "
          "file (the three desks, auction-1, pay-1, sprints-1, board-1) "
          "hold the same %ld journal rows, nothing lost, nothing doubled; "
          "each door holds its room's %ld (a door is sent no desk's rows), "
          "the booth its own %ld (a booth is sent no one else's), and the "
          "hub has them too."),
        hub_rows, room_hub, booth_hub);
    return CK_OK;
}

/* Section 11's first paragraph: every time measured. */
static void measured(const struct hub_demo *h)
{
    /* TRANSLATORS: ten measured times in milliseconds; room-%s is the
     * room's door (room-203), after the ninth. */
    demo_say(
        _("Measured: a check-in desk-1 to desk-2 %ld ms; a badge desk-1 to "
          "door-1 %ld ms, desk-2 to door-2 %ld ms; a late registration "
          "import to desk-3 %ld ms; door-2 back in step %ld ms after the "
          "hub took it again; an auction win event.db to pay-1 %ld ms, its "
          "settlement pay-1 to auction-1 %ld ms; two sprint check-ins "
          "sprints-1 to the hub's headcount %ld ms; an open-space claim "
          "board-1 to the hub %ld ms, two entries room-%s to board-1 %ld "
          "ms."),
        h->ms_checkin, h->ms_badge, h->ms_badge2, h->ms_late, h->ms_back,
        h->ms_win, h->ms_settled, h->ms_heads, h->ms_claim, ROOM, h->ms_room);
}

static void cleanup_files(struct hub_demo *h)
{
    /* NAME.key: the signing key hub_add_station gives each desk's file. */
    static const char *const OTHER[] = {
        "desk-1-ql800.bin", "desk-2-ql800.bin",   "desk-3-ql800.bin",
        "desk-1.key",       "desk-2.key",         "desk-3.key",
        "auction-1.key",    "pay-1.key",          "sprints-1.key",
        "board-1.key",      "stations.log",       "late-registrations.csv",
        "event-hub.ini",    "auction-1-ql800.bin"};
    for (int i = 0; i < NSTATIONS; i++)
        demo_remove_db(h->st[i].db);
    for (size_t i = 0; i < sizeof(OTHER) / sizeof(OTHER[0]); i++) {
        char p[4200];
        snprintf(p, sizeof(p), "%s/%s", h->dir, OTHER[i]);
        if (unlink(p) && errno != ENOENT)
            fprintf(stderr, _("checkin: could not remove %s: %s\n"), p,
                    strerror(errno));
    }
}

int demo_hub_run(const struct demo_options *o, struct ck_error *err)
{
    /* Nothing is touched when there is no server to run. */
    int code = pglocal_check(pglocal_bindir(), err);
    if (code)
        return code;
    /* Output piped into a pager or `head` that quits early must not kill
     * the demo before it stops its server (found by hand: `checkin demo
     * --stations | head` left the server's folder behind); a write to a
     * closed pipe then only fails. */
    signal(SIGPIPE, SIG_IGN);
    struct hub_demo *h = calloc(1, sizeof(*h));
    if (!h)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    h->o = o;
    h->dir = o->out ? o->out : "checkin-demo";
    h->ms_checkin = h->ms_badge = h->ms_late = h->ms_badge2 = h->ms_back = -1;
    h->ms_win = h->ms_settled = h->ms_heads = h->ms_claim = h->ms_room = -1;
    snprintf(h->db, sizeof(h->db), "%s/event.db", h->dir);
    snprintf(h->key, sizeof(h->key), "%s/event.key", h->dir);
    snprintf(h->log, sizeof(h->log), "%s/stations.log", h->dir);
    snprintf(h->late, sizeof(h->late), "%s/late-registrations.csv", h->dir);
    for (int i = 0; i < NSTATIONS; i++) {
        h->st[i].name = STATIONS[i].name;
        snprintf(h->st[i].db, sizeof(h->st[i].db), "%s/%s.db", h->dir,
                 STATIONS[i].name);
    }
    code = demo_check_dir(h->dir, err);
    if (code)
        goto out_free;
    cleanup_files(h);
    printf("%s\n\n",
           _("checkin demo --stations: three desks, two doors, a booth, the "
             "auction's door and\npay desk, a sprint station, the open "
             "spaces' board and a room's door in step\nthrough a hub"));
    code = setup_hub(h, err);
    if (!code)
        code = badge_story(h, err);
    if (!code)
        code = late_story(h, err);
    if (!code)
        code = offline_story(h, err);
    if (!code)
        code = auction_story(h, err);
    if (!code)
        code = sprint_story(h, err);
    if (!code)
        code = open_space_story(h, err);
    if (!code)
        code = in_step(h, err);
    for (int i = 0; i < NSTATIONS; i++) {
        if (stop_station(&h->st[i], code != CK_OK) && !code)
            code = ck_fail(err, CK_EIO,
                           "Station %s did not end cleanly; its messages are "
                           "in %s.",
                           h->st[i].name, h->log);
        sqlite3_close(h->st[i].ro);
        h->st[i].ro = NULL;
    }
    if (!code) {
        demo_section();
        /* TRANSLATORS: the event file's path. */
        printf(_("checkin hub status %s\n"), h->db);
        fflush(stdout);
        code = h->o->hub_status_print
                   ? h->o->hub_status_print(h->db, stdout, err)
                   : CK_OK;
    }
    if (!code && o->keep_hub) {
        /* TRANSLATORS: the event file's path, twice, then the demo's
         * folder. */
        demo_say(
            _("\nThe hub stays up until you press Enter.  Meanwhile, in "
              "another terminal: checkin hub status %s; checkin dashboard %s "
              "(it pulls every station's rows live); checkin scan "
              "%s/desk-1.db --station desk --name desk-1 (a desk syncing "
              "live)."),
            h->db, h->db, h->dir);
        char c = 0;
        while (read(0, &c, 1) == 1 && c != '\n')
            ;
    }
    pglocal_stop(h->pg, false);
    if (!code) {
        demo_section();
        printf("%s\n", _("Measured, and where the files are"));
        measured(h);
        /* TRANSLATORS: the demo's folder. */
        demo_say(_("The hub was a throwaway server and is gone (stopped, its "
                   "folder removed).  The files stay in %s: event.db (the "
                   "organizer's, with every station's rows), desk-1.db ... "
                   "sprints-1.db (each station's own), desk-N-ql800.bin and "
                   "auction-1-ql800.bin (printed labels), stations.log."),
                 h->dir);
        printf("  %s\n", _("Explore them:"));
        /* untranslated: commands, as they are typed */
        printf("    checkin attendees %s/desk-2.db thordis\n"
               "    checkin stats %s/door-1.db\n"
               "    checkin report %s/event.db auction\n"
               "    checkin sprints %s/event.db list\n"
               "    checkin report %s/event.db open-spaces\n"
               "    checkin dashboard %s/event.db   ",
               h->dir, h->dir, h->dir, h->dir, h->dir, h->dir);
        printf("%s\n", _("(every station's rows, pulled at the end)"));
        demo_say("%s",
                 _("checkin hub status needs the hub: section 10 is what it "
                   "said (--keep-hub keeps the hub up until you press "
                   "Enter).  To run a hub of your own and enroll real "
                   "stations: docs/sync.md."));
    }
out_free:
    for (int i = 0; i < NSTATIONS; i++) {
        stop_station(&h->st[i], true);
        sqlite3_close(h->st[i].ro);
    }
    pglocal_stop(h->pg, false);
    label_shutdown();
    free(h);
    return code;
}
