/* A chaos run (issue 28): many real `checkin scan` stations syncing live
 * with a PostgreSQL 15 hub of its own, every commit flushed
 * (tests/pgserver.c, pgserver_durable), through a TCP
 * relay (tests/relay.c), fed check-ins while stations are killed and
 * stopped, the hub is killed with SIGKILL and restarted, the network is
 * cut or held silent and the hub is stalled; then everything is let
 * reconnect and the files, the hub and what the stations showed are
 * compared:
 *
 *   - every station file holds the hub's journal rows, column for column
 *     (a booth: its own rows and its sponsor's leads), and so does the
 *     organizer's event database after `checkin sync`;
 *   - lost: a verdict a station showed as recorded that the hub lacks (or
 *     holds with another code or decision);
 *   - doubled: one scan on the hub twice (a station's code at a station),
 *     or two rows numbered alike by one station (numbered over each
 *     other); the hub's conflicts and rows set aside;
 *   - every station stopped (its input closed), mid-run whatever the hub
 *     was doing or at the end, exits within 2 s;
 *   - the time for every file to hold the hub's rows after the last fault;
 *   - registration changes in the mix (issue 50): walk-ins and corrections
 *     made at desks (`checkin register` and `checkin edit` on a desk's
 *     file, running or down), some corrections put back at another desk
 *     and some made at two desks a moment apart, and the organizer's holds,
 *     releases and undos of check-ins (`checkin hold` / `undo` on the event
 *     database, then its sync); at the end every desk's file and the
 *     organizer's hold the hub's walk-ins and edits row for row, the same
 *     registrations with the same values in effect, and the hub's holds.
 *
 * Many people are checked in at two or three desks, some seconds apart:
 * the hub ends with one admission and the duplicates caught, or with two
 * admissions of desks that were apart at the time (counted, not a fault).
 *
 *   chaos_bench [--seed N] [--short] [--desks N] [--doors N] [--booths N]
 *               [--seconds N] [--checkin PATH]
 *
 * The seed (random when not given) is printed first, so that a run that
 * broke an invariant can be run again as it was; the schedule of scans
 * and faults is the seed's, the machine's timing is not.  --short is the
 * ctest case: 8 desks, a door, a booth, one fault of each kind, 30 s.
 * --checkin names another `checkin` to make the hub and run the stations
 * (an older build, to see what the run finds in it).
 * Prints a Markdown table of figures and exits 1 when an invariant broke
 * (the run's folder and the server's log are then kept and named), 77
 * when the PostgreSQL server is not installed. */
#include <errno.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/redemption.h"
#include "live.h"
#include "pgserver.h"
#include "relay.h"
#include "testutil.h"

enum {
    MAX_STATIONS = 64,
    MAX_SCANS = 2048,
    QUEUE = 256,
    EXIT_LIMIT_MS = 2000, /* issue 28: exit within 2 s of input closing */
    CAP_MS = 20000,       /* a station not ended by then is killed */
    CONVERGE_CAP_MS = 120000,
};

struct config {
    uint32_t seed;
    int desks, doors, booths, seconds;
    int kills, stops, hub_kills, cuts, pauses, stall_ms;
};

enum role { DESK, DOOR, BOOTH };
static const char *const ROLE[] = {"desk", "door:pandas-intro",
                                   "leads:datawise"};

struct station {
    char name[32], file[512];
    enum role role;
    struct live lv;
    bool up;            /* running with its input open */
    bool stopping;      /* input closed, its exit awaited */
    int64_t stop_t0;    /* when its input was closed */
    const char *during; /* the hub-wide fault under way then, or "" */
    int64_t restart_at; /* 0: not to be restarted */
    int queue[QUEUE];   /* scans written, verdicts awaited, in order */
    int qhead, qtail;
    bool online;
    int offline_episodes;
    int armed;   /* the blow waiting for its next verdict, or -1 */
    int trouble; /* its kill or stop under way, in tr[], or -1 */
};

enum scan_state { PLANNED, WRITTEN, ANSWERED, UNANSWERED };

struct scan {
    int station;
    int64_t at; /* ms into the run */
    char code[256];
    enum scan_state state;
    bool recorded;
    long long seq;
    char decision[8], reason[40];
    int64_t shown; /* when its verdict was read */
    bool online;   /* what its station last said of the hub by then */
};

enum fault_kind { STALL, HUB_KILL, CUT, PAUSE };
static const char *const FAULT[] = {"hub stalled (SIGSTOP)",
                                    "hub kill -9 and restart", "relay cut",
                                    "relay paused (link silent)"};

struct fault {
    enum fault_kind kind;
    int64_t start, end;
    bool begun, ended;
    int trouble;
};

/* A time when station `station` (-1: every station) may not have heard
 * the others: a hub-wide fault and the reconnecting after it, a station
 * down and its first sync after its restart. */
struct trouble {
    int station;
    int64_t start, end;
};

/* A station killed (SIGKILL) or stopped (input closed) at `at`, or,
 * `after_verdict`, `delay` ms after the first verdict it shows from `at`
 * on (as its worker starts the push: within 20 ms of the last decision);
 * running again `back` ms later. */
struct blow {
    int64_t at, back, delay, armed_at;
    int station;
    bool stop, after_verdict, armed, done;
};

/* A registration change (issue 50): at a desk's file (a walk-in, an edit,
 * an edit putting a value back), or at the organizer's (a hold, its
 * release, an undo of a check-in), at `at` ms. */
enum regop_kind { WALKIN, EDIT, EDIT_BACK, HOLD, RELEASE, UNDO, REGOP_KINDS };
static const char *const REGOP[] = {
    "walk-ins at a desk",   "corrections at a desk",
    "corrections put back", "holds (organizer)",
    "releases (organizer)", "undos of a check-in (organizer)"};

struct regop {
    enum regop_kind kind;
    int64_t at;
    int station; /* a desk's; -1: the organizer's file */
    char ticket[64], field[16], value[96];
    bool done;
};

enum { MAX_REGOPS = 512 };
#define SUPERVISOR "chaos-lead"
#define SUPERVISOR_PIN "731946"

static struct config cfg;
static struct station st[MAX_STATIONS];
static int nst;
static struct scan sc[MAX_SCANS];
static int nsc;
static struct fault fa[32];
static int nfa;
static struct blow bl[128];
static int nbl;
static struct trouble tr[512];
static int ntr;
static struct regop ro[MAX_REGOPS];
static int nro;
/* The organizer's commands run one batch at a time in a child of their
 * own (a sync waits on a stalled hub); its pid, or 0. */
static pid_t organizer_pid;
static uint32_t rng;
static int64_t t0;
static char hub[64], ev[1024];
/* The `checkin` that makes the hub and runs the stations. */
static const char *bin = CHECKIN_BIN;

/* What the run measured. */
static struct {
    int kills, stops, hub_kills, cuts, pauses;
    long long stall_ms, cut_ms, pause_ms;
    long long exit_mid_max, exit_end_max;
    int slow_exits, crashes, unanswered_after_exit;
    int not_recorded;
    long long converge_ms, converged_at;
    long long last_fault_end, last_hub_fault_end, last_verdict;
    int regops[REGOP_KINDS], refused[REGOP_KINDS];
    int organizer_syncs, organizer_syncs_failed;
    long long regop_max_ms;
} m = {.exit_mid_max = -1, .exit_end_max = -1, .converge_ms = -1};

/* Invariants broken, one line each. */
static char broken[64][256];
static int nbroken;

static void breaks(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void breaks(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (nbroken < 64)
        vsnprintf(broken[nbroken], sizeof(broken[0]), fmt, ap);
    va_end(ap);
    nbroken++;
    tu_failures++; /* keeps the run's folder and the server's log */
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "chaos_bench: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (seed %u)\n", cfg.seed);
    va_end(ap);
    tu_failures++;
    exit(1);
}

static int64_t now_ms(void)
{
    return tu_mono_ms() - t0;
}

static int rnd(int n)
{
    return n > 0 ? (int)(tu_rand(&rng) % (uint32_t)n) : 0;
}

/* Run `bin ARGS`: its standard output (until the next call), or exit
 * when it fails. */
static const char *checkin(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static const char *checkin(const char *fmt, ...)
{
    static char *out;
    char args[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    char o[1024], e[1024];
    snprintf(o, sizeof(o), "%s", tu_path("run.out"));
    snprintf(e, sizeof(e), "%s", tu_path("run.err"));
    int rc = tu_sh("'%s' %s >'%s' 2>'%s' </dev/null", bin, args, o, e);
    free(out);
    out = tu_read_file(o, NULL);
    if (rc) {
        char *why = tu_read_file(e, NULL);
        fail("checkin %s failed: %s%s", args, out ? out : "", why ? why : "");
    }
    return out ? out : "";
}

/* ---- rows, as text, from the hub and from SQLite files ---- */

struct rows {
    char **v;
    size_t n, cap;
};

static void rows_add(struct rows *r, const char *s)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? 2 * r->cap : 256;
        r->v = realloc(r->v, r->cap * sizeof(*r->v));
        if (!r->v)
            fail("out of memory");
    }
    r->v[r->n++] = strdup(s);
}

static void rows_free(struct rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i]);
    free(r->v);
    memset(r, 0, sizeof(*r));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void rows_sort(struct rows *r)
{
    if (r->n)
        qsort(r->v, r->n, sizeof(*r->v), cmp_str);
}

/* One text column of every row of `sql` on the hub, sorted. */
static void hub_rows(PGconn *c, const char *sql, struct rows *out)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail("%s on the hub: %s", sql, PQerrorMessage(c));
    for (int i = 0; i < PQntuples(r); i++)
        rows_add(out, PQgetvalue(r, i, 0));
    PQclear(r);
    rows_sort(out);
}

/* The same on an SQLite file; false when it cannot be read. */
static bool file_rows(const char *db, const char *sql, struct rows *out)
{
    sqlite3 *h;
    sqlite3_stmt *q = NULL;
    bool ok = false;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 2000);
        if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
            int rc;
            while ((rc = sqlite3_step(q)) == SQLITE_ROW)
                rows_add(out, (const char *)sqlite3_column_text(q, 0));
            ok = rc == SQLITE_DONE;
        }
        if (!ok)
            fprintf(stderr, "# %s on %s: %s\n", sql, db, sqlite3_errmsg(h));
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    rows_sort(out);
    return ok;
}

/* The first column of the first row of `sql` on `db` as a number; -1 when
 * it cannot be read. */
static long long file_int(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *q = NULL;
    long long v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 2000);
        if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_int64(q, 0);
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    return v;
}

static long long hub_int(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    long long v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
        !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return v;
}

/* A journal row as one line, the same on both sides: its key, then every
 * column a station wrote (codes and badge ids in hex; SQLite's hex(NULL)
 * is ''). */
#define HUB_SCAN                                                               \
    "SELECT station_id || '|' || seq || '|' || station || '|' || at_ms ||"     \
    " '|' || mode || '|' || target || '|' || encode(code, 'hex') || '|' ||"    \
    " coalesce(attendee_ticket_id, '-') || '|' ||"                             \
    " coalesce(encode(badge_id, 'hex'), '-') || '|' || decision || '|' ||"     \
    " reason || '|' || direction || '|' || coalesce(override, '-') FROM"       \
    " checkin.scan"
#define FILE_SCAN                                                              \
    "SELECT station_id || '|' || seq || '|' || station || '|' || at_ms ||"     \
    " '|' || mode || '|' || target || '|' || lower(hex(code)) || '|' ||"       \
    " coalesce(attendee_ticket_id, '-') || '|' ||"                             \
    " iif(badge_id IS NULL, '-', lower(hex(badge_id))) || '|' || decision"     \
    " || '|' ||"                                                               \
    " reason || '|' || direction || '|' || coalesce(override, '-') FROM scan"
#define HUB_LEAD                                                               \
    "SELECT station_id || '|' || seq || '|' || station || '|' ||"              \
    " sponsor_slug || '|' || encode(badge_id, 'hex') || '|' || at_ms || '|'"   \
    " || note || '|' || coalesce(rating::text, '-') FROM checkin.lead"
#define FILE_LEAD                                                              \
    "SELECT station_id || '|' || seq || '|' || station || '|' ||"              \
    " sponsor_slug || '|' || lower(hex(badge_id)) || '|' || at_ms || '|' ||"   \
    " note || '|' || coalesce(rating, '-') FROM lead"

/* Rows of `a` not in `b` and of `b` not in `a` (both sorted); the first
 * such row in *first. */
static size_t rows_diff(const struct rows *a, const struct rows *b,
                        const char **first)
{
    size_t i = 0, j = 0, d = 0;
    *first = NULL;
    while (i < a->n || j < b->n) {
        int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->v[i], b->v[j]);
        if (c && !*first)
            *first = c < 0 ? a->v[i] : b->v[j];
        d += c != 0;
        i += c <= 0;
        j += c >= 0;
    }
    return d;
}

/* Field `k` (0-based, '|'-separated) of `row` into `out`. */
static void field(const char *row, int k, char *out, size_t cap)
{
    for (; k > 0 && row; k--) {
        row = strchr(row, '|');
        if (row)
            row++;
    }
    size_t n = row ? strcspn(row, "|") : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(out, row ? row : "", n);
    out[n] = '\0';
}

/* ---- the event, the hub and the stations ---- */

struct codes {
    char (*v)[256];
    int n;
};

static void codes_from(const char *sql, struct codes *out)
{
    struct rows r = {0};
    file_rows(ev, sql, &r);
    out->v = calloc(r.n ? r.n : 1, sizeof(*out->v));
    if (!out->v)
        fail("out of memory");
    out->n = (int)r.n;
    for (size_t i = 0; i < r.n; i++)
        snprintf(out->v[i], sizeof(out->v[i]), "%s", r.v[i]);
    rows_free(&r);
}

/* Shuffle the first `n` of `c`. */
static void shuffle(struct codes *c)
{
    for (int i = c->n - 1; i > 0; i--) {
        int k = rnd(i + 1);
        char tmp[256];
        memcpy(tmp, c->v[i], sizeof(tmp));
        memcpy(c->v[i], c->v[k], sizeof(tmp));
        memcpy(c->v[k], tmp, sizeof(tmp));
    }
}

static void add_station(enum role role, const char *name, int port)
{
    struct station *s = &st[nst++];
    memset(s, 0, sizeof(*s));
    s->role = role;
    s->trouble = -1;
    snprintf(s->name, sizeof(s->name), "%s", name);
    snprintf(s->file, sizeof(s->file), "%s/%s.db", tu_tmpdir(), name);
    checkin("hub add-station '%s' %s --station %s --out '%s'", ev, name,
            ROLE[role], s->file);
    /* Through the relay: later settings of a connection string win. */
    char sql[256];
    snprintf(sql, sizeof(sql),
             "UPDATE sync_hub SET conninfo = conninfo || ' host=127.0.0.1"
             " port=%d'",
             port);
    sqlite3 *h;
    if (sqlite3_open(s->file, &h) != SQLITE_OK ||
        sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        fail("cannot point %s at the relay", s->file);
    sqlite3_close(h);
}

static void start(struct station *s)
{
    char args[256];
    snprintf(args, sizeof(args), "--station %s --name %s%s", ROLE[s->role],
             s->name, s->role == DOOR ? " --clock '2027-05-12 09:05'" : "");
    if (live_start_bin(&s->lv, "", bin, s->file, args))
        fail("cannot start %s", s->name);
    s->up = true;
    s->stopping = false;
    s->restart_at = 0;
    s->online = false;
    s->armed = -1;
}

/* The event with badges for the booths, its hub, the stations enrolled. */
static void set_up(int port, struct codes *people, struct codes *pandas,
                   struct codes *others, struct codes *badges)
{
    snprintf(ev, sizeof(ev), "%s", tu_copy(tu_demo_event(), "chaos.db"));
    /* A supervisor, so that every correction names one and the hub
     * vets it (hub format 25). */
    if (tu_sh("printf '%s\\n%s\\n' | '%s' event '%s' --supervisor %s"
              " >'%s' 2>&1",
              SUPERVISOR_PIN, SUPERVISOR_PIN, bin, ev, SUPERVISOR,
              tu_path("supervisor.out")))
        fail("cannot add a supervisor to %s: see %s", ev,
             tu_path("supervisor.out"));
    codes_from("SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
               " s.attendee_id WHERE a.status = 'paid' AND a.testmode = 0 AND"
               " s.revoked = 0",
               people);
    codes_from("SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
               " s.attendee_id JOIN attendee_tutorial x ON x.attendee_id ="
               " a.id JOIN tutorial u ON u.id = x.tutorial_id WHERE u.slug ="
               " 'pandas-intro' AND a.status = 'paid' AND a.testmode = 0 AND"
               " s.revoked = 0",
               pandas);
    codes_from("SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
               " s.attendee_id WHERE a.status <> 'paid' AND s.revoked = 0",
               others);
    struct codes tickets;
    codes_from("SELECT ticket_id FROM attendee WHERE status = 'paid' AND"
               " testmode = 0",
               &tickets);
    shuffle(people);
    shuffle(pandas);
    shuffle(&tickets);
    /* Badges, issued before the event is published so that they go up
     * with it: a booth takes only signed badges. */
    int nb = cfg.booths * 12;
    badges->v = calloc((size_t)nb, sizeof(*badges->v));
    badges->n = 0;
    for (int i = 0; i < nb && i < tickets.n; i++) {
        const char *out = checkin("issue --key '%s' '%s' '%s'",
                                  tu_path("event.key"), ev, tickets.v[i]);
        const char *ck = strstr(out, "CK");
        if (ck)
            snprintf(badges->v[badges->n++], sizeof(badges->v[0]), "%.*s",
                     (int)strcspn(ck, "\n"), ck);
    }
    free(tickets.v);
    snprintf(hub, sizeof(hub), "hub_chaos");
    if (pgserver_createdb(hub))
        fail("cannot create the hub's database");
    checkin("hub init '%s' \"%s\"", ev, pgserver_conninfo(hub));
    char name[32];
    for (int i = 0; i < cfg.desks; i++) {
        snprintf(name, sizeof(name), "desk-%02d", i + 1);
        add_station(DESK, name, port);
    }
    for (int i = 0; i < cfg.doors; i++) {
        snprintf(name, sizeof(name), "door-%d", i + 1);
        add_station(DOOR, name, port);
    }
    for (int i = 0; i < cfg.booths; i++) {
        snprintf(name, sizeof(name), "booth-%d", i + 1);
        add_station(BOOTH, name, port);
    }
}

/* ---- the schedule ---- */

static void plan_scan(int station, int64_t at, const char *code)
{
    if (nsc >= MAX_SCANS)
        return;
    struct scan *s = &sc[nsc++];
    memset(s, 0, sizeof(*s));
    s->station = station;
    s->at = at;
    snprintf(s->code, sizeof(s->code), "%s", code);
}

/* Stations of `role`: the first index and how many. */
static int first_of(enum role role, int *n)
{
    int first = -1;
    *n = 0;
    for (int i = 0; i < nst; i++)
        if (st[i].role == role) {
            if (first < 0)
                first = i;
            (*n)++;
        }
    return first;
}

/* `k` distinct stations of `role` (k at most their number) into `out`. */
static int pick(enum role role, int k, int *out)
{
    int n, first = first_of(role, &n);
    if (k > n)
        k = n;
    for (int i = 0; i < k; i++) {
        int s;
        bool again;
        do {
            s = first + rnd(n);
            again = false;
            for (int j = 0; j < i; j++)
                again |= out[j] == s;
        } while (again);
        out[i] = s;
    }
    return k;
}

/* A person's scans at up to `most` stations of `role`: the first at a
 * random time of the scanning window, each next 0.3-15 s later (at its
 * end at the latest). */
static void plan_person(enum role role, const char *code, int most,
                        int64_t window)
{
    int at[3], k = 1 + (rnd(100) < 45) + (most > 2 && rnd(100) < 10);
    if (k > most)
        k = most;
    k = pick(role, k, at);
    int64_t t = 1000 + rnd((int)window);
    for (int i = 0; i < k; i++) {
        plan_scan(at[i], t < window ? t : window, code);
        t += 300 + rnd(14700);
    }
}

/* ---- registration changes (issue 50) ---- */

static struct regop *add_regop(enum regop_kind kind, int64_t at, int station,
                               const char *ticket)
{
    if (nro >= MAX_REGOPS)
        return NULL;
    struct regop *o = &ro[nro++];
    memset(o, 0, sizeof(*o));
    o->kind = kind;
    o->at = at;
    o->station = station;
    snprintf(o->ticket, sizeof(o->ticket), "%s", ticket);
    return o;
}

/* The ticket of code `code` in the event database, into `out` ("": none). */
static void ticket_of(const char *code, char *out, size_t cap)
{
    char sql[512];
    struct rows r = {0};
    snprintf(sql, sizeof(sql),
             "SELECT a.ticket_id FROM ticket_secret s JOIN attendee a ON"
             " a.id = s.attendee_id WHERE s.secret = '%s'",
             code);
    file_rows(ev, sql, &r);
    snprintf(out, cap, "%s", r.n ? r.v[0] : "");
    rows_free(&r);
}

static int cmp_regop(const void *a, const void *b)
{
    const struct regop *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* Walk-ins, corrections (some put back at another desk, some made at two
 * desks half a second apart), holds and releases, and undos of desk
 * check-ins, over [2 s, window]: about one of each kind for each desk
 * every 30 s. */
static void plan_regops(int64_t window)
{
    struct rows people = {0};
    file_rows(ev,
              "SELECT ticket_id || '|' || badge_name || '|' || given_name ||"
              " '|' || company FROM attendee WHERE status = 'paid' AND"
              " testmode = 0",
              &people);
    int ndesks, desk0 = first_of(DESK, &ndesks);
    int per = cfg.desks * cfg.seconds / 30;
    if (per < 4)
        per = 4;
    int64_t span = window - 2000;
    if (!people.n || span < 1000) {
        rows_free(&people);
        return;
    }
    static const char *const FIELD[] = {"badge-name", "given-name", "company"};
    for (int i = 0; i < per; i++) {
        struct regop *o =
            add_regop(WALKIN, 2000 + rnd((int)span), desk0 + rnd(ndesks), "");
        if (o)
            snprintf(o->value, sizeof(o->value), "Walkin%02d", i + 1);
    }
    for (int i = 0; i < per + per / 2; i++) {
        const char *row = people.v[rnd((int)people.n)];
        char ticket[64], old[96];
        field(row, 0, ticket, sizeof(ticket));
        int f = rnd(3);
        field(row, 1 + f, old, sizeof(old));
        int64_t at = 2000 + rnd((int)span);
        int desk = desk0 + rnd(ndesks);
        struct regop *o = add_regop(EDIT, at, desk, ticket);
        if (!o)
            break;
        snprintf(o->field, sizeof(o->field), "%s", FIELD[f]);
        snprintf(o->value, sizeof(o->value), "Chaös %d-%d", i, rnd(1000));
        int other = desk0 + (desk - desk0 + 1 + rnd(ndesks - 1)) % ndesks;
        /* (A value with a quote would not survive the shell's quoting.) */
        if (i % 3 == 0 && old[0] && !strchr(old, '\'')) {
            /* Put back at another desk a few seconds later (refused,
             * counted, when that desk has not heard of the edit yet). */
            o = add_regop(EDIT_BACK, at + 3000 + rnd(7000), other, ticket);
            if (o) {
                snprintf(o->field, sizeof(o->field), "%s", FIELD[f]);
                snprintf(o->value, sizeof(o->value), "%s", old);
            }
        } else if (i % 3 == 1) {
            /* The same field at another desk within half a second. */
            o = add_regop(EDIT, at + rnd(500), other, ticket);
            if (o) {
                snprintf(o->field, sizeof(o->field), "%s", FIELD[f]);
                snprintf(o->value, sizeof(o->value), "Other %d", i);
            }
        }
    }
    for (int i = 0; i < per / 2 + 1; i++) {
        char ticket[64];
        field(people.v[rnd((int)people.n)], 0, ticket, sizeof(ticket));
        int64_t at = 2000 + rnd((int)span);
        add_regop(HOLD, at, -1, ticket);
        if (i % 2 == 0)
            add_regop(RELEASE, at + 2000 + rnd(6000), -1, ticket);
    }
    /* Undos of check-ins made at desks at least 2 s before. */
    for (int i = 0, made = 0; i < nsc && made < per / 2 + 1; i++) {
        const struct scan *x = &sc[rnd(nsc)];
        if (st[x->station].role != DESK || x->at + 2000 > window)
            continue;
        char ticket[64];
        ticket_of(x->code, ticket, sizeof(ticket));
        if (!ticket[0])
            continue;
        add_regop(UNDO, x->at + 2000 + rnd((int)(window - x->at - 2000) + 1),
                  -1, ticket);
        made++;
    }
    rows_free(&people);
    qsort(ro, (size_t)nro, sizeof(ro[0]), cmp_regop);
}

static int cmp_scan(const void *a, const void *b)
{
    const struct scan *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

static void plan(const struct codes *people, const struct codes *pandas,
                 const struct codes *others, const struct codes *badges)
{
    int64_t run = (int64_t)cfg.seconds * 1000, window = run - 6000;
    /* Hub-wide faults one after another, in a shuffled order, each in a
     * slot of its own of [3 s, run - 2 s]. */
    enum fault_kind order[32];
    int n = 0;
    if (cfg.stall_ms > 0)
        order[n++] = STALL;
    for (int i = 0; i < cfg.hub_kills; i++)
        order[n++] = HUB_KILL;
    for (int i = 0; i < cfg.cuts; i++)
        order[n++] = CUT;
    for (int i = 0; i < cfg.pauses; i++)
        order[n++] = PAUSE;
    for (int i = n - 1; i > 0; i--) {
        int k = rnd(i + 1);
        enum fault_kind tmp = order[i];
        order[i] = order[k];
        order[k] = tmp;
    }
    int64_t slot = n ? (run - 5000) / n : 0, free_at = 3000;
    for (int i = 0; i < n; i++) {
        struct fault *f = &fa[nfa++];
        f->kind = order[i];
        int64_t dur = f->kind == STALL      ? cfg.stall_ms
                      : f->kind == HUB_KILL ? 1000 + rnd(2000)
                      : f->kind == CUT      ? 500 + rnd(2500)
                                            : 2000 + rnd(3000);
        int64_t room = slot - dur - 1000;
        f->start = 3000 + i * slot + (room > 0 ? rnd((int)room) : 0);
        /* The last ends 2 s before the run does. */
        if (i == n - 1)
            f->start = run - 2000 - dur;
        if (f->start < free_at)
            f->start = free_at;
        f->end = f->start + dur;
        free_at = f->end + 1000;
    }
    /* Scans until half a second before the last fault ends: what was
     * decided during it must reach every file after it. */
    if (nfa)
        window = fa[nfa - 1].end - 500;
    int persons = cfg.desks * cfg.seconds / 6;
    if (persons > people->n)
        persons = people->n;
    for (int i = 0; i < persons; i++)
        plan_person(DESK, people->v[i], 3, window * 8 / 10);
    for (int i = 0; i < pandas->n; i++)
        plan_person(DOOR, pandas->v[i], 2, window);
    /* Unpaid and cancelled orders at the desks and doors: refusals are
     * journal rows too. */
    for (int i = 0; i + 1 < 12 && i + 1 < others->n; i += 2) {
        plan_person(DESK, others->v[i], 1, window);
        plan_person(DOOR, others->v[i + 1], 1, window);
    }
    for (int i = 0; i < badges->n; i++)
        plan_person(BOOTH, badges->v[i], 2, window);
    qsort(sc, (size_t)nsc, sizeof(sc[0]), cmp_scan);
    plan_regops(window);

    /* Stations killed and stopped at random moments, whatever else
     * happens then, half of them just after a verdict, or, stopped,
     * inside a fault. */
    for (int i = 0; i < cfg.kills + cfg.stops && nbl < 128; i++) {
        struct blow *b = &bl[nbl++];
        b->at = 2000 + rnd((int)(run - 6000));
        b->station = rnd(nst);
        b->stop = i >= cfg.kills;
        b->back = 300 + rnd(2200);
        b->after_verdict = i % 2;
        b->delay = rnd(30);
        /* Half the stops inside a hub-wide fault: a station must end
         * within 2 s whatever the hub does. */
        if (b->stop && !b->after_verdict && nfa) {
            const struct fault *f = &fa[rnd(nfa)];
            b->at = f->start + rnd((int)(f->end - f->start));
        }
    }
}

/* ---- running ---- */

static bool is_sync(json_t *o)
{
    return !strcmp(live_str(o, "event"), "sync");
}

/* Read what station `s` printed so far: verdicts go to the scans awaiting
 * them, in order. */
static void drain(struct station *s)
{
    json_t *o;
    while (s->lv.pid > 0 && (o = live_next(&s->lv, 0, NULL, NULL))) {
        if (json_object_get(o, "decision")) {
            if (s->qhead == s->qtail) {
                breaks("%s showed a verdict for no scan written to it",
                       s->name);
            } else {
                struct scan *x = &sc[s->queue[s->qhead++ % QUEUE]];
                x->state = ANSWERED;
                x->recorded = json_is_true(json_object_get(o, "recorded"));
                x->seq = json_integer_value(json_object_get(o, "seq"));
                snprintf(x->decision, sizeof(x->decision), "%s",
                         live_str(o, "decision"));
                snprintf(x->reason, sizeof(x->reason), "%s",
                         live_str(o, "reason"));
                if (!x->recorded)
                    m.not_recorded++;
                m.last_verdict = now_ms();
                x->shown = now_ms();
                x->online = s->online;
                if (s->armed >= 0) {
                    bl[s->armed].at = now_ms() + bl[s->armed].delay;
                    s->armed = -1;
                }
            }
        } else if (is_sync(o)) {
            bool on = json_is_true(json_object_get(o, "online"));
            if (s->online && !on)
                s->offline_episodes++;
            s->online = on;
        }
        json_decref(o);
    }
}

/* Scans written to `s` and not answered: it went away first. */
static void unanswered(struct station *s)
{
    while (s->qhead != s->qtail)
        sc[s->queue[s->qhead++ % QUEUE]].state = UNANSWERED;
}

/* Trouble for `station` (-1: all) from now on, until trouble_ends. */
static int trouble_begins(int station)
{
    if (ntr >= (int)(sizeof(tr) / sizeof(tr[0])))
        return -1;
    tr[ntr] = (struct trouble){station, now_ms(), INT64_MAX};
    return ntr++;
}

/* ... and `settle` ms after now (reconnecting, the first sync). */
static void trouble_ends(int i, int64_t settle)
{
    if (i >= 0)
        tr[i].end = now_ms() + settle;
}

/* The hub-wide fault under way, or "". */
static const char *fault_now(void)
{
    for (int i = 0; i < nfa; i++)
        if (fa[i].begun && !fa[i].ended)
            return FAULT[fa[i].kind];
    return "";
}

static void kill_station(struct station *s, int64_t back)
{
    drain(s);
    live_kill(&s->lv);
    unanswered(s);
    s->trouble = trouble_begins((int)(s - st));
    s->up = false;
    s->restart_at = now_ms() + back;
    m.kills++;
}

static void stop_station(struct station *s, int64_t back)
{
    close(s->lv.in);
    s->stopping = true;
    s->stop_t0 = now_ms();
    s->during = fault_now();
    s->trouble = trouble_begins((int)(s - st));
    s->restart_at = back; /* from its exit, below */
}

/* A stopping station that ended: how long it took; -1 while it runs. */
static long long reap(struct station *s, bool at_end)
{
    int status;
    pid_t r = waitpid(s->lv.pid, &status, WNOHANG);
    long long ms = now_ms() - s->stop_t0;
    if (r == 0 && ms <= CAP_MS) {
        drain(s);
        return -1;
    }
    if (r == 0) {
        kill(s->lv.pid, SIGKILL);
        waitpid(s->lv.pid, &status, 0);
        breaks("%s did not end within %d s of its input closing%s", s->name,
               CAP_MS / 1000, at_end ? " (at the end)" : " (mid-run)");
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        breaks("%s ended with status %d after its input closed", s->name,
               status);
    }
    drain(s);
    /* What is left in the pipe after its exit. */
    json_t *o;
    while ((o = live_next(&s->lv, 0, NULL, NULL)))
        json_decref(o);
    if (s->qhead != s->qtail) {
        m.unanswered_after_exit += (int)(s->qtail - s->qhead);
        unanswered(s);
    }
    close(s->lv.out);
    s->lv.pid = 0;
    s->stopping = false;
    s->up = false;
    if (!at_end) {
        const char *during = s->during;
        printf("# %5.1f s: %s stopped, ended %.2f s after its input "
               "closed%s%s\n",
               (double)s->stop_t0 / 1000.0, s->name, (double)ms / 1000.0,
               *during ? " during: " : "", during);
        fflush(stdout);
    }
    if (ms > EXIT_LIMIT_MS) {
        m.slow_exits++;
        breaks("%s ended %.2f s after its input closed%s (limit %d s)", s->name,
               (double)ms / 1000.0, at_end ? " at the end" : "",
               EXIT_LIMIT_MS / 1000);
    }
    long long *max = at_end ? &m.exit_end_max : &m.exit_mid_max;
    if (ms > *max)
        *max = ms;
    return ms;
}

static void write_scan(int i)
{
    struct scan *x = &sc[i];
    struct station *s = &st[x->station];
    char line[300];
    int len = snprintf(line, sizeof(line), "%s\n", x->code);
    if (s->qtail - s->qhead >= QUEUE)
        return;
    if (write(s->lv.in, line, (size_t)len) != len) {
        /* It died by itself: found by the next check of its pid. */
        return;
    }
    s->queue[s->qtail++ % QUEUE] = i;
    x->state = WRITTEN;
}

static void fault_begin(struct fault *f)
{
    switch (f->kind) {
    case STALL:
        if (pgserver_freeze(true))
            fail("cannot stall the hub");
        break;
    case HUB_KILL:
        if (pgserver_kill())
            fail("cannot kill the hub");
        m.hub_kills++;
        break;
    case CUT:
        relay_cut(true);
        m.cuts++;
        break;
    case PAUSE:
        relay_pause(true);
        m.pauses++;
        break;
    }
    f->begun = true;
    f->start = now_ms();
    f->trouble = trouble_begins(-1);
}

static void fault_end(struct fault *f)
{
    switch (f->kind) {
    case STALL:
        pgserver_freeze(false);
        break;
    case HUB_KILL:
        if (pgserver_resume())
            fail("the hub did not start again after its kill");
        break;
    case CUT:
        relay_cut(false);
        break;
    case PAUSE:
        relay_pause(false);
        break;
    }
    f->ended = true;
    f->end = now_ms();
    /* Offline stations try again after 1, 2, 4, then every 5 s. */
    trouble_ends(f->trouble, 6000);
    long long d = f->end - f->start;
    if (f->kind == STALL)
        m.stall_ms += d;
    if (f->kind == CUT)
        m.cut_ms += d;
    if (f->kind == PAUSE)
        m.pause_ms += d;
    m.last_fault_end = m.last_hub_fault_end = f->end;
    printf("# %5.1f-%5.1f s: %s\n", (double)f->start / 1000.0,
           (double)f->end / 1000.0, FAULT[f->kind]);
    fflush(stdout);
}

/* Stations that ended by themselves (a crash): counted, started again. */
static void check_alive(struct station *s)
{
    int status;
    if (!s->up || s->stopping || waitpid(s->lv.pid, &status, WNOHANG) == 0)
        return;
    breaks("%s ended by itself at %.1f s (status %d)", s->name,
           (double)now_ms() / 1000.0, status);
    m.crashes++;
    drain(s);
    close(s->lv.in);
    close(s->lv.out);
    s->lv.pid = 0;
    unanswered(s);
    start(s);
}

/* Wait up to `ms` for output of any running station. */
static void wait_output(int ms)
{
    struct pollfd p[MAX_STATIONS];
    int n = 0, idx[MAX_STATIONS];
    for (int i = 0; i < nst; i++)
        if (st[i].lv.pid > 0) {
            p[n] = (struct pollfd){st[i].lv.out, POLLIN, 0};
            idx[n++] = i;
        }
    if (poll(p, (nfds_t)n, ms) > 0)
        for (int k = 0; k < n; k++)
            if (p[k].revents)
                drain(&st[idx[k]]);
}

/* A desk's change under way: `checkin register` or `edit` on the desk's
 * file (its station running or down) in a child, so that this loop goes
 * on timing the stations while it runs. */
struct desk_job {
    pid_t pid;
    int op;
    int64_t t0;
    char args[512], out[64];
};
static struct desk_job
    dj[4]; /* at most 4 at once: 28 stations share the cores */

static void desk_regop(int i)
{
    struct regop *o = &ro[i];
    struct desk_job *j = NULL;
    for (size_t k = 0; k < sizeof(dj) / sizeof(dj[0]) && !j; k++)
        if (!dj[k].pid)
            j = &dj[k];
    if (!j)
        return; /* all busy: at the next turn */
    const struct station *s = &st[o->station];
    if (o->kind == WALKIN)
        snprintf(j->args, sizeof(j->args),
                 "register '%s' --ticket-type individual --given-name Chaos"
                 " --family-name %s%s",
                 s->file, o->value, o->value[7] % 2 ? " --pending" : "");
    else
        snprintf(j->args, sizeof(j->args), "edit '%s' '%s' --%s '%s'", s->file,
                 o->ticket, o->field, o->value);
    snprintf(j->out, sizeof(j->out), "regop-%d.out", i);
    char cmd[2048];
    /* A correction asks for the supervisor's PIN, read as one line. */
    snprintf(cmd, sizeof(cmd), "printf '%s\\n' | '%s' %s >'%s' 2>&1",
             o->kind == WALKIN ? "" : SUPERVISOR_PIN, bin, j->args,
             tu_path(j->out));
    pid_t pid = fork();
    if (pid < 0)
        fail("cannot fork");
    if (pid == 0) {
        tu_no_leak_scan();
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    j->pid = pid;
    j->op = i;
    j->t0 = now_ms();
    o->done = true;
}

/* A desk's change that ended: what it said, counted; a walk-in gets its
 * correction at another desk a moment later (an edit of a ticket that
 * desk and the hub may not hold yet). */
static void desk_reap(struct desk_job *j, bool wait)
{
    int status;
    if (!j->pid || waitpid(j->pid, &status, wait ? 0 : WNOHANG) != j->pid)
        return;
    j->pid = 0;
    if (now_ms() - j->t0 > m.regop_max_ms)
        m.regop_max_ms = now_ms() - j->t0;
    if (now_ms() - j->t0 > EXIT_LIMIT_MS) {
        printf("# %5.1f s: checkin %s took %.1f s%s%s\n",
               (double)j->t0 / 1000.0, j->args,
               (double)(now_ms() - j->t0) / 1000.0,
               *fault_now() ? ", during: " : "", fault_now());
        fflush(stdout);
    }
    const struct regop *o = &ro[j->op];
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    char *said = tu_read_file(tu_path(j->out), NULL);
    FILE *log = fopen(tu_path("regops.out"), "a");
    if (log) {
        fputs(said ? said : "", log);
        fclose(log);
    }
    const char *ck = said && ok ? strstr(said, "ticket ck:") : NULL;
    int ndesks, desk0 = first_of(DESK, &ndesks);
    if (ck && o->kind == WALKIN) {
        char ticket[64], value[96];
        snprintf(ticket, sizeof(ticket), "%.*s", (int)strcspn(ck + 7, " ,.\n"),
                 ck + 7);
        snprintf(value, sizeof(value), "Walk-in %s", o->value);
        int other = desk0 + (o->station - desk0 + 1 + rnd(ndesks - 1)) % ndesks;
        struct regop *e =
            add_regop(EDIT, now_ms() + 1000 + rnd(9000), other, ticket);
        if (e) {
            snprintf(e->field, sizeof(e->field), "badge-name");
            snprintf(e->value, sizeof(e->value), "%s", value);
        }
    }
    free(said);
    m.regops[o->kind]++;
    if (!ok) {
        m.refused[o->kind]++;
        printf("# %5.1f s: refused (status %d): checkin %s (see %s)\n",
               (double)now_ms() / 1000.0, status, j->args,
               tu_path("regops.out"));
        fflush(stdout);
    }
}

static bool desk_jobs(void)
{
    for (size_t k = 0; k < sizeof(dj) / sizeof(dj[0]); k++)
        if (dj[k].pid)
            return true;
    return false;
}

/* The organizer's changes due, as one batch in a child: each command, its
 * status noted in organizer.status, then the event database's sync (a
 * sync first when an undo needs the check-ins it names). */
static void organizer_batch(int64_t now)
{
    if (organizer_pid)
        return;
    char script[16384];
    size_t n = 0;
    const char *out = tu_path("organizer.out");
    char status[1024];
    snprintf(status, sizeof(status), "%s", tu_path("organizer.status"));
    bool any = false, undo = false;
    for (int i = 0; i < nro; i++)
        if (!ro[i].done && ro[i].station < 0 && ro[i].at <= now)
            undo |= ro[i].kind == UNDO;
#define SAY(...)                                                               \
    n += (size_t)snprintf(                                                     \
        script + n, n < sizeof(script) ? sizeof(script) - n : 0, __VA_ARGS__)
    if (undo)
        SAY("'%s' sync '%s' >>'%s' 2>&1; echo sync $? >>'%s';", bin, ev, out,
            status);
    for (int i = 0; i < nro && n < sizeof(script) - 1024; i++) {
        struct regop *o = &ro[i];
        if (o->done || o->station >= 0 || o->at > now)
            continue;
        o->done = true;
        any = true;
        if (o->kind == UNDO)
            SAY("'%s' undo '%s' '%s' --why 'chaos run' >>'%s' 2>&1;", bin, ev,
                o->ticket, out);
        else if (o->kind == HOLD)
            SAY("'%s' hold '%s' '%s' --why 'chaos run' >>'%s' 2>&1;", bin, ev,
                o->ticket, out);
        else
            SAY("'%s' hold '%s' '%s' --release >>'%s' 2>&1;", bin, ev,
                o->ticket, out);
        SAY("echo %d $? >>'%s';", (int)o->kind, status);
    }
    SAY("'%s' sync '%s' >>'%s' 2>&1; echo sync $? >>'%s'", bin, ev, out,
        status);
#undef SAY
    if (!any || n >= sizeof(script))
        return;
    pid_t pid = fork();
    if (pid < 0)
        fail("cannot fork");
    if (pid == 0) {
        tu_no_leak_scan();
        execl("/bin/sh", "sh", "-c", script, (char *)NULL);
        _exit(127);
    }
    organizer_pid = pid;
}

/* The organizer's batch ended: reaped (`wait`: waited for). */
static void organizer_reap(bool wait)
{
    int status;
    if (organizer_pid &&
        waitpid(organizer_pid, &status, wait ? 0 : WNOHANG) == organizer_pid)
        organizer_pid = 0;
}

/* What the organizer's commands said, counted once they all ran. */
static void organizer_count(void)
{
    char *text = tu_read_file(tu_path("organizer.status"), NULL);
    for (char *line = text; line && *line;) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        int kind, rc;
        if (!strncmp(line, "sync ", 5)) {
            m.organizer_syncs++;
            m.organizer_syncs_failed += strtol(line + 5, NULL, 10) != 0;
        } else if (sscanf(line, "%d %d", &kind, &rc) == 2 && kind >= 0 &&
                   kind < REGOP_KINDS) {
            m.regops[kind]++;
            m.refused[kind] += rc != 0;
        }
        line = next;
    }
    free(text);
}

static void regops_due(void)
{
    int64_t now = now_ms();
    organizer_reap(false);
    for (size_t k = 0; k < sizeof(dj) / sizeof(dj[0]); k++)
        desk_reap(&dj[k], false);
    for (int i = 0; i < nro; i++)
        if (!ro[i].done && ro[i].station >= 0 && ro[i].at <= now)
            desk_regop(i);
    organizer_batch(now);
}

static bool busy(void)
{
    for (int i = 0; i < nst; i++)
        if (!st[i].up || st[i].stopping || st[i].qhead != st[i].qtail)
            return true;
    for (int i = 0; i < nsc; i++)
        if (sc[i].state == PLANNED || sc[i].state == WRITTEN)
            return true;
    for (int i = 0; i < nfa; i++)
        if (!fa[i].ended)
            return true;
    for (int i = 0; i < nbl; i++)
        if (!bl[i].done)
            return true;
    for (int i = 0; i < nro; i++)
        if (!ro[i].done)
            return true;
    return organizer_pid != 0 || desk_jobs();
}

static bool any_stopping(void)
{
    for (int i = 0; i < nst; i++)
        if (st[i].stopping)
            return true;
    return false;
}

static void chaos(void)
{
    int64_t run = (int64_t)cfg.seconds * 1000;
    while (busy()) {
        int64_t now = now_ms();
        if (now > run + 90000) {
            breaks("the run did not settle within 90 s of its end (scans "
                   "without a verdict, or stations not back)");
            break;
        }
        for (int i = 0; i < nfa; i++) {
            struct fault *f = &fa[i];
            if (!f->begun && f->start <= now)
                fault_begin(f);
            /* A restart blocks this loop: not while an exit is timed. */
            if (f->begun && !f->ended && f->end <= now &&
                !(f->kind == HUB_KILL && any_stopping()))
                fault_end(f);
        }
        for (int i = 0; i < nbl; i++) {
            struct blow *b = &bl[i];
            struct station *s = &st[b->station];
            if (b->done || b->at > now)
                continue;
            if (!s->up || s->stopping) {
                b->at = now + 500; /* already down: a little later */
                continue;
            }
            if (b->after_verdict && !b->armed) {
                b->armed = true;
                b->armed_at = now;
                s->armed = i;
                continue;
            }
            /* Its verdict set the time; none within 5 s: now. */
            if (s->armed == i && now - b->armed_at < 5000)
                continue;
            if (s->armed == i)
                s->armed = -1;
            b->done = true;
            if (b->stop) {
                stop_station(s, b->back);
                m.stops++;
            } else {
                kill_station(s, b->back);
                printf("# %5.1f s: %s killed%s%s%s\n", (double)now / 1000.0,
                       s->name,
                       b->after_verdict ? ", just after a verdict" : "",
                       *fault_now() ? ", during: " : "", fault_now());
                fflush(stdout);
            }
        }
        for (int i = 0; i < nst; i++) {
            struct station *s = &st[i];
            if (s->stopping && reap(s, false) >= 0)
                s->restart_at = now_ms() + s->restart_at;
            else if (!s->up && !s->stopping && s->restart_at &&
                     s->restart_at <= now_ms()) {
                start(s);
                /* It waits up to 3 s for its first sync. */
                trouble_ends(s->trouble, 4000);
                m.last_fault_end = now_ms();
            }
            check_alive(s);
        }
        for (int i = 0; i < nsc; i++)
            if (sc[i].state == PLANNED && sc[i].at <= now &&
                st[sc[i].station].up && !st[sc[i].station].stopping)
                write_scan(i);
        regops_due();
        wait_output(5);
    }
}

/* Every file holds what the hub holds: counts per station, polled until
 * they agree; the time from `since`. */
static void converge(PGconn *c, int64_t since)
{
    for (;;) {
        for (int i = 0; i < nst; i++)
            drain(&st[i]);
        long long total = hub_int(c, "SELECT count(*) FROM checkin.scan");
        long long leads = hub_int(c, "SELECT count(*) FROM checkin.lead");
        long long changes =
            hub_int(c, "SELECT count(*) FROM checkin.registration_change");
        long long holds =
            hub_int(c, "SELECT count(*) FROM checkin.registration WHERE hold");
        bool same = total >= 0;
        for (int i = 0; i < nst && same; i++) {
            struct station *s = &st[i];
            char sql[256], sql2[256];
            int n1 = snprintf(sql, sizeof(sql),
                              "SELECT count(*) FROM checkin.scan WHERE"
                              " station = '%s'",
                              s->name);
            int n2 = snprintf(sql2, sizeof(sql2),
                              "SELECT count(*) FROM scan WHERE station = '%s'",
                              s->name);
            if (n1 < 0 || (size_t)n1 >= sizeof(sql) || n2 < 0 ||
                (size_t)n2 >= sizeof(sql2)) {
                fprintf(stderr,
                        "chaos_bench: station %.40s...: its name is "
                        "too long for the query\n",
                        s->name);
                exit(2);
            }
            long long on_hub = hub_int(c, sql);
            same = file_int(s->file, sql2) == on_hub;
            if (same && s->role == DESK)
                same = file_int(s->file, "SELECT count(*) FROM scan") == total;
            /* A desk holds every walk-in and edit, and the holds. */
            if (same && s->role == DESK)
                same = file_int(s->file,
                                "SELECT count(*) FROM registration_change") ==
                           changes &&
                       file_int(s->file, "SELECT count(*) FROM attendee"
                                         " WHERE hold = 1") == holds;
            /* A door is sent its room's rows only (docs/sync.md, "What
             * each role holds"). */
            if (same && s->role == DOOR)
                same = file_int(s->file, "SELECT count(*) FROM scan") ==
                       hub_int(c, "SELECT count(*) FROM checkin.scan WHERE"
                                  " mode = 'door' AND target ="
                                  " 'pandas-intro'");
            if (same && s->role == BOOTH)
                same = file_int(s->file, "SELECT count(*) FROM lead") == leads;
        }
        if (same) {
            m.converged_at = now_ms();
            m.converge_ms = m.converged_at - since;
            return;
        }
        if (now_ms() - since > CONVERGE_CAP_MS) {
            breaks("the files did not hold the hub's rows within %d s of "
                   "the last fault",
                   CONVERGE_CAP_MS / 1000);
            return;
        }
        wait_output(200);
    }
}

/* Close every station's input at once; each must end within 2 s. */
static void stop_all(void)
{
    for (int i = 0; i < nst; i++)
        stop_station(&st[i], 0);
    for (bool left = true; left;) {
        left = false;
        for (int i = 0; i < nst; i++)
            if (st[i].stopping && reap(&st[i], true) < 0)
                left = true;
        if (left)
            wait_output(2);
    }
}

/* ---- the checks ---- */

struct key {
    char station[32];
    long long seq;
    char code[520];
    const char *row;
};

static int cmp_key(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->station, y->station);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int cmp_code(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    int c = strcmp(x->station, y->station);
    return c ? c : strcmp(x->code, y->code);
}

static void hex(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 3 < cap; s++, n += 2)
        snprintf(out + n, 3, "%02x", (unsigned char)*s);
    out[n] = '\0';
}

/* The hex of what a station's journal holds of `x`'s code if it keeps a
 * hash: a door's, for a code that is not a checkin badge; else the code's
 * own hex. */
static void journaled_hex(const struct scan *x, char *out, size_t cap)
{
    if (st[x->station].role != DOOR) {
        hex(x->code, out, cap);
        return;
    }
    char h[CREDENTIAL_SECRET_HASH_CHARS];
    credential_secret_hash(x->code, strlen(x->code), h);
    hex(h, out, cap);
}

struct result {
    long long rows, leads, lost, doubled, overlapping, conflicts, quarantined;
    int mismatched, files;
    long long twice_people, one_admit, two_admits, caught, missed;
    int answered, recorded, unanswered, unanswered_on_hub;
    long long changes, supervised, holds, people, changes_aside;
    int registration_files, registration_mismatched;
};

/* What a door holds of the hub's journal: its room's rows, every other
 * station's code hashed as checkin.door_scan gives it. */
#define HUB_ROOM_SCAN(ROOM, NAME)                                              \
    "SELECT station_id || '|' || seq || '|' || station || '|' || at_ms ||"     \
    " '|' || mode || '|' || target || '|' || CASE WHEN station = '" NAME       \
    "' OR substring(code FROM 1 FOR 7) = convert_to('sha256:', 'UTF8')"        \
    " THEN encode(code, 'hex') ELSE encode(convert_to(checkin.hashed(code),"   \
    " 'UTF8'), 'hex') END || '|' || coalesce(attendee_ticket_id, '-') ||"      \
    " '|' || coalesce(encode(badge_id, 'hex'), '-') || '|' || decision ||"     \
    " '|' || reason || '|' || direction || '|' || coalesce(override, '-')"     \
    " FROM checkin.scan WHERE mode = 'door' AND target = '" ROOM "'"

static void compare_file(const char *db, const char *name, enum role role,
                         const struct rows *hscan, const struct rows *hlead,
                         PGconn *c, struct result *r)
{
    bool booth = role == BOOTH;
    struct rows f = {0}, h = {0};
    const struct rows *want = hscan;
    char sql[2048];
    if (booth) {
        snprintf(sql, sizeof(sql), FILE_SCAN " WHERE station = '%s'", name);
        file_rows(db, sql, &f);
        snprintf(sql, sizeof(sql), HUB_SCAN " WHERE station = '%s'", name);
        hub_rows(c, sql, &h);
        want = &h;
    } else if (role == DOOR) {
        file_rows(db, FILE_SCAN, &f);
        snprintf(sql, sizeof(sql), HUB_ROOM_SCAN("pandas-intro", "%s"), name);
        hub_rows(c, sql, &h);
        want = &h;
    } else {
        file_rows(db, FILE_SCAN, &f);
    }
    const char *first;
    size_t d = rows_diff(&f, want, &first);
    if (d) {
        r->mismatched++;
        breaks("%s: %zu journal rows differ from the hub's (%zu here, %zu "
               "there), e.g. %s",
               name, d, f.n, want->n, first);
    }
    rows_free(&f);
    rows_free(&h);
    if (booth || !strcmp(name, "the event database")) {
        file_rows(db, FILE_LEAD, &f);
        d = rows_diff(&f, hlead, &first);
        if (d) {
            r->mismatched += booth ? 0 : 1;
            breaks("%s: %zu leads differ from the hub's, e.g. %s", name, d,
                   first);
        }
        rows_free(&f);
    }
    r->files++;
}

/* A walk-in or edit as one line, the same on the hub and in a file. */
#define CHANGE_COLS                                                            \
    "station_id || '|' || seq || '|' || station || '|' || at_ms || '|' ||"     \
    " ticket_id || '|' || kind || '|' || coalesce(field, '-') || '|' ||"       \
    " value || '|' || coalesce(base, '-') || '|' || coalesce(supervisor, '-')"
#define HUB_CHANGE "SELECT " CHANGE_COLS " FROM checkin.registration_change"
#define FILE_CHANGE "SELECT " CHANGE_COLS " FROM registration_change"
/* A registration with the values in effect and its hold. */
#define FILE_PERSON                                                            \
    "SELECT a.ticket_id || '|' || a.status || '|' || a.given_name || '|' ||"   \
    " a.family_name || '|' || a.badge_name || '|' || a.pronouns || '|' ||"     \
    " a.company || '|' || a.email || '|' || a.hold || '|' || t.slug FROM"      \
    " attendee a JOIN ticket_type t ON t.id = a.ticket_type_id"
#define FILE_HOLDS "SELECT ticket_id FROM attendee WHERE hold = 1"
#define HUB_HOLDS "SELECT ticket_id FROM checkin.registration WHERE hold"

/* Every desk's file and the organizer's against the hub's walk-ins, edits
 * and holds, and against the organizer's registrations as they stand. */
static void compare_registrations(PGconn *c, struct result *r)
{
    struct rows hchange = {0}, hholds = {0}, people = {0};
    hub_rows(c, HUB_CHANGE, &hchange);
    hub_rows(c, HUB_HOLDS, &hholds);
    file_rows(ev, FILE_PERSON, &people);
    r->changes = (long long)hchange.n;
    r->supervised = hub_int(c, "SELECT count(*) FROM"
                               " checkin.registration_change WHERE"
                               " supervisor IS NOT NULL");
    r->holds = (long long)hholds.n;
    for (int i = 0; i <= nst; i++) {
        if (i < nst && st[i].role != DESK)
            continue;
        const char *db = i < nst ? st[i].file : ev;
        const char *name = i < nst ? st[i].name : "the event database";
        struct rows f = {0};
        const char *first;
        size_t d;
        bool unequal = false;
        file_rows(db, FILE_CHANGE, &f);
        if ((d = rows_diff(&f, &hchange, &first))) {
            unequal = true;
            breaks("%s: %zu walk-ins or edits differ from the hub's (%zu "
                   "here, %zu there), e.g. %s",
                   name, d, f.n, hchange.n, first);
        }
        rows_free(&f);
        file_rows(db, FILE_HOLDS, &f);
        if ((d = rows_diff(&f, &hholds, &first))) {
            unequal = true;
            breaks("%s: %zu holds differ from the hub's (%zu here, %zu "
                   "there), e.g. %s",
                   name, d, f.n, hholds.n, first);
        }
        rows_free(&f);
        if (i < nst) {
            file_rows(db, FILE_PERSON, &f);
            if ((d = rows_diff(&f, &people, &first))) {
                unequal = true;
                breaks("%s: %zu registrations differ from the organizer's "
                       "(%zu here, %zu there), e.g. %s",
                       name, d, f.n, people.n, first);
            }
            rows_free(&f);
        }
        r->registration_files++;
        r->registration_mismatched += unequal;
    }
    r->people = (long long)people.n;
    rows_free(&hchange);
    rows_free(&hholds);
    rows_free(&people);
}

/* Whether `a` and `b` may have been apart at some time of [from, to]. */
static bool apart(int a, int b, int64_t from, int64_t to)
{
    for (int i = 0; i < ntr; i++)
        if ((tr[i].station < 0 || tr[i].station == a || tr[i].station == b) &&
            tr[i].start <= to && tr[i].end >= from)
            return true;
    return false;
}

/* People admitted at two desks that were in step with the hub when they
 * decided and had nothing in the way for 3 s after the first admission:
 * the second desk should have said "already checked in". */
static int missed_duplicates(void)
{
    int missed = 0;
    for (int i = 0; i < nsc; i++) {
        struct scan *x = &sc[i];
        if (x->state != ANSWERED || st[x->station].role != DESK ||
            strcmp(x->decision, "admit") != 0)
            continue;
        for (int j = 0; j < nsc; j++) {
            struct scan *y = &sc[j];
            if (y->state != ANSWERED || y->station == x->station ||
                st[y->station].role != DESK ||
                strcmp(y->decision, "admit") != 0 ||
                strcmp(y->code, x->code) != 0 || y->shown < x->shown + 3000 ||
                !x->online || !y->online ||
                apart(x->station, y->station, x->shown - 1000, y->shown))
                continue;
            missed++;
            breaks("%s admitted a person %.1f s after %s had (both in step, "
                   "nothing in the way): not caught as a duplicate",
                   st[y->station].name, (double)(y->shown - x->shown) / 1000.0,
                   st[x->station].name);
        }
    }
    return missed;
}

static void check(PGconn *c, struct result *r)
{
    struct rows hscan = {0}, hlead = {0};
    hub_rows(c, HUB_SCAN, &hscan);
    hub_rows(c, HUB_LEAD, &hlead);
    r->rows = (long long)hscan.n;
    r->leads = (long long)hlead.n;
    r->conflicts = hub_int(c, "SELECT count(*) FROM checkin.conflict");
    r->quarantined = hub_int(c, "SELECT count(*) FROM checkin.quarantine");
    /* -1: a hub of an older format, without the table. */
    if (r->conflicts > 0)
        breaks("the hub counted %lld conflicts", r->conflicts);
    if (r->quarantined > 0)
        breaks("the hub set aside %lld journal rows", r->quarantined);
    /* -1 before hub format 25: no vetting of walk-ins and edits. */
    r->changes_aside =
        hub_int(c, "SELECT count(*) FROM checkin.set_aside_change");
    if (r->changes_aside > 0)
        breaks("the hub set aside %lld walk-ins or edits", r->changes_aside);

    /* Every file against the hub. */
    for (int i = 0; i < nst; i++)
        compare_file(st[i].file, st[i].name, st[i].role, &hscan, &hlead, c, r);
    compare_file(ev, "the event database", DESK, &hscan, &hlead, c, r);
    compare_registrations(c, r);

    /* The hub's rows by (station, seq) and by (station, code). */
    struct key *k = calloc(hscan.n ? hscan.n : 1, sizeof(*k));
    if (!k)
        fail("out of memory");
    for (size_t i = 0; i < hscan.n; i++) {
        char seq[32];
        field(hscan.v[i], 2, k[i].station, sizeof(k[i].station));
        field(hscan.v[i], 1, seq, sizeof(seq));
        k[i].seq = strtoll(seq, NULL, 10);
        field(hscan.v[i], 6, k[i].code, sizeof(k[i].code));
        k[i].row = hscan.v[i];
    }
    qsort(k, hscan.n, sizeof(*k), cmp_code);
    /* The organizer's undo of a person checked in at two desks is two
     * rows of one code, one naming each check-in. */
    for (size_t i = 1; i < hscan.n; i++)
        if (!cmp_code(&k[i - 1], &k[i]) &&
            strcmp(k[i].station, REDEMPTION_UNDO_STATION) != 0) {
            r->doubled++;
            breaks("one scan twice on the hub: %s and %s", k[i - 1].row,
                   k[i].row);
        }
    qsort(k, hscan.n, sizeof(*k), cmp_key);
    for (size_t i = 1; i < hscan.n; i++)
        if (!cmp_key(&k[i - 1], &k[i])) {
            r->overlapping++;
            breaks("two rows numbered alike by %s: %s and %s", k[i].station,
                   k[i - 1].row, k[i].row);
        }

    /* Every verdict shown as recorded is on the hub, as shown (a door
     * journals a code that is not a checkin badge as its hash). */
    for (int i = 0; i < nsc; i++) {
        struct scan *x = &sc[i];
        struct key want = {.seq = x->seq};
        snprintf(want.station, sizeof(want.station), "%s", st[x->station].name);
        if (x->state == UNANSWERED) {
            r->unanswered++;
            char code[520], alt[520];
            hex(x->code, code, sizeof(code));
            journaled_hex(x, alt, sizeof(alt));
            for (size_t j = 0; j < hscan.n; j++)
                if (!strcmp(k[j].station, want.station) &&
                    (!strcmp(k[j].code, code) || !strcmp(k[j].code, alt))) {
                    r->unanswered_on_hub++;
                    break;
                }
            continue;
        }
        if (x->state != ANSWERED)
            continue;
        r->answered++;
        if (!x->recorded)
            continue;
        r->recorded++;
        struct key *h = bsearch(&want, k, hscan.n, sizeof(*k), cmp_key);
        char code[520], alt[520], decision[16], reason[48];
        hex(x->code, code, sizeof(code));
        journaled_hex(x, alt, sizeof(alt));
        if (h) {
            field(h->row, 9, decision, sizeof(decision));
            field(h->row, 10, reason, sizeof(reason));
        }
        if (!h || (strcmp(h->code, code) != 0 && strcmp(h->code, alt) != 0) ||
            strcmp(decision, x->decision) != 0 ||
            strcmp(reason, x->reason) != 0) {
            r->lost++;
            breaks("%s showed %s (%s) as recorded, seq %lld: %s on the hub",
                   want.station, x->decision, x->reason, x->seq,
                   h ? h->row : "not");
        }
    }
    free(k);
    rows_free(&hscan);
    r->missed = missed_duplicates();
    rows_free(&hlead);

    /* People checked in at two desks or more. */
    PGresult *q = PQexec(
        c, "SELECT count(*) FILTER (WHERE n >= 2), count(*) FILTER (WHERE n"
           " >= 2 AND a = 1), count(*) FILTER (WHERE a >= 2), sum(w) FROM"
           " (SELECT attendee_ticket_id, count(*) n, count(*) FILTER (WHERE"
           " decision = 'admit') a, count(*) FILTER (WHERE reason ="
           " 'already-checked-in') w FROM checkin.scan WHERE mode = 'desk'"
           " AND attendee_ticket_id IS NOT NULL GROUP BY 1) t");
    if (PQresultStatus(q) == PGRES_TUPLES_OK && PQntuples(q) == 1) {
        r->twice_people = strtoll(PQgetvalue(q, 0, 0), NULL, 10);
        r->one_admit = strtoll(PQgetvalue(q, 0, 1), NULL, 10);
        r->two_admits = strtoll(PQgetvalue(q, 0, 2), NULL, 10);
        r->caught = strtoll(PQgetvalue(q, 0, 3), NULL, 10);
    }
    PQclear(q);
}

static void report(const struct result *r, double total_s)
{
    int written = 0;
    for (int i = 0; i < nsc; i++)
        written += sc[i].state != PLANNED;
    int offline = 0;
    for (int i = 0; i < nst; i++)
        offline += st[i].offline_episodes;
    printf("\n| figure | value |\n|---|---|\n");
    printf("| seed | %u |\n", cfg.seed);
    printf("| stations (live, through the relay) | %d: %d desks, %d doors, "
           "%d booths |\n",
           nst, cfg.desks, cfg.doors, cfg.booths);
    printf("| scans written / verdicts shown / shown NOT RECORDED | %d / %d "
           "/ %d |\n",
           written, r->answered, m.not_recorded);
    printf("| scans whose station was killed before it showed a verdict "
           "(of them on the hub) | %d (%d) |\n",
           r->unanswered, r->unanswered_on_hub);
    printf("| people scanned at 2-3 desks: one admission / admitted at two "
           "desks while apart; duplicates caught | %lld: %lld / %lld; %lld "
           "|\n",
           r->twice_people, r->one_admit, r->two_admits, r->caught);
    printf("| of those admitted twice, both desks in step and undisturbed "
           "for 3 s or more between | %lld |\n",
           r->missed);
    printf("| stations killed (SIGKILL, restarted on the same file) | %d |\n",
           m.kills);
    printf("| stations stopped mid-run (input closed, restarted) | %d |\n",
           m.stops);
    printf("| hub `kill -9` and restart | %d |\n", m.hub_kills);
    printf("| relay cuts / pauses (link silent) | %d (%.1f s) / %d (%.1f s) "
           "|\n",
           m.cuts, (double)m.cut_ms / 1000.0, m.pauses,
           (double)m.pause_ms / 1000.0);
    printf("| hub stalled (every process SIGSTOPped) | %.1f s |\n",
           (double)m.stall_ms / 1000.0);
    printf("| times a station said OFFLINE | %d |\n", offline);
    printf("| rows on the hub: journal / leads | %lld / %lld |\n", r->rows,
           r->leads);
    for (int k = 0; k < REGOP_KINDS; k++)
        printf("| %s: made / refused | %d / %d |\n", REGOP[k], m.regops[k],
               m.refused[k]);
    printf("| longest `checkin register` or `edit` at a desk | %.2f s |\n",
           (double)m.regop_max_ms / 1000.0);
    printf("| organizer's syncs during the run / failed (hub away) | %d / %d "
           "|\n",
           m.organizer_syncs, m.organizer_syncs_failed);
    printf("| on the hub: walk-ins and edits (naming a supervisor) / holds / "
           "registrations in the organizer's file | %lld (%lld) / %lld / "
           "%lld |\n",
           r->changes, r->supervised, r->holds, r->people);
    printf("| walk-ins and edits the hub set aside | %lld |\n",
           r->changes_aside);
    printf("| files whose registrations differ (desks and the organizer's) "
           "| %d of %d |\n",
           r->registration_mismatched, r->registration_files);
    printf("| lost | %lld |\n", r->lost);
    printf("| doubled / numbered over each other | %lld / %lld |\n", r->doubled,
           r->overlapping);
    printf("| hub conflicts / rows set aside | %lld / %lld |\n", r->conflicts,
           r->quarantined);
    printf("| files unequal to the hub | %d of %d |\n", r->mismatched,
           r->files);
    printf("| exit after input closed, max: mid-run / at the end | %.2f / "
           "%.2f s |\n",
           (double)m.exit_mid_max / 1000.0, (double)m.exit_end_max / 1000.0);
    printf("| stations not ended within 2 s / ended by themselves | %d / %d "
           "|\n",
           m.slow_exits, m.crashes);
    printf("| every file holding the hub's rows: after the last hub fault "
           "ended / after the last fault, restart or verdict | %.1f / %.1f "
           "s |\n",
           (double)(m.converged_at - m.last_hub_fault_end) / 1000.0,
           (double)m.converge_ms / 1000.0);
    printf("| whole run | %.0f s |\n", total_s);
}

static int arg_int(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 0 || v > 100000)
        fail("'%s' is not a count", s);
    return (int)v;
}

int main(int argc, char **argv)
{
    cfg = (struct config){.desks = 22,
                          .doors = 3,
                          .booths = 3,
                          .seconds = 90,
                          .kills = 16,
                          .stops = 10,
                          .hub_kills = 2,
                          .cuts = 4,
                          .pauses = 3,
                          .stall_ms = 6000};
    bool seeded = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--short")) {
            cfg.desks = 8;
            cfg.doors = cfg.booths = 1;
            cfg.seconds = 30;
            cfg.kills = 2;
            cfg.stops = 3;
            cfg.hub_kills = cfg.cuts = cfg.pauses = 1;
            cfg.stall_ms = 4000;
            continue;
        }
        if (!v)
            fail("usage: chaos_bench [--seed N] [--short] [--desks N] "
                 "[--doors N] [--booths N] [--seconds N] [--checkin PATH]");
        i++;
        if (!strcmp(a, "--seed")) {
            cfg.seed = (uint32_t)strtoul(v, NULL, 10);
            seeded = true;
        } else if (!strcmp(a, "--desks")) {
            cfg.desks = arg_int(v);
        } else if (!strcmp(a, "--doors")) {
            cfg.doors = arg_int(v);
        } else if (!strcmp(a, "--booths")) {
            cfg.booths = arg_int(v);
        } else if (!strcmp(a, "--seconds")) {
            cfg.seconds = arg_int(v);
        } else if (!strcmp(a, "--checkin")) {
            bin = v;
        } else {
            fail("unknown option %s", a);
        }
    }
    if (!seeded && getrandom(&cfg.seed, sizeof(cfg.seed), 0) < 0)
        cfg.seed = (uint32_t)tu_mono_ms();
    if (!cfg.seed)
        cfg.seed = 1; /* xorshift stays at 0 */
    if (cfg.desks < 2 || cfg.doors < 1 || cfg.booths < 1 ||
        cfg.desks + cfg.doors + cfg.booths > MAX_STATIONS || cfg.seconds < 20)
        fail("2 to %d stations, a door and a booth at least, 20 s at least",
             MAX_STATIONS);
    rng = cfg.seed;
    printf("# chaos_bench --seed %u --desks %d --doors %d --booths %d "
           "--seconds %d --checkin %s\n",
           cfg.seed, cfg.desks, cfg.doors, cfg.booths, cfg.seconds, bin);
    fflush(stdout);
    signal(SIGPIPE, SIG_IGN);
    /* A hub as an organizer installs it: every commit flushed. */
    pgserver_durable();
    int rc = pgserver_start();
    if (rc == PGSERVER_SKIP)
        return 77;
    if (rc != PGSERVER_OK)
        fail("the throwaway PostgreSQL server did not start");
    char sock[700];
    snprintf(sock, sizeof(sock), "%s/.s.PGSQL.5432", pgserver_dir());
    int port = relay_start(sock);
    if (!port)
        fail("cannot start the relay");

    int64_t begin = tu_mono_ms();
    struct codes people, pandas, others, badges;
    set_up(port, &people, &pandas, &others, &badges);
    plan(&people, &pandas, &others, &badges);
    printf("# %d stations enrolled in %.1f s; %d scans and %d hub faults "
           "planned\n",
           nst, (double)(tu_mono_ms() - begin) / 1000.0, nsc, nfa);
    fflush(stdout);

    t0 = tu_mono_ms();
    for (int i = 0; i < nst; i++)
        start(&st[i]);
    chaos();
    PGconn *c = PQconnectdb(pgserver_conninfo(hub));
    if (PQstatus(c) != CONNECTION_OK)
        fail("cannot read the hub: %s", PQerrorMessage(c));
    int64_t since =
        m.last_fault_end > m.last_verdict ? m.last_fault_end : m.last_verdict;
    printf("# last fault or restart at %.1f s, last verdict at %.1f s, "
           "settled at %.1f s\n",
           (double)m.last_fault_end / 1000.0, (double)m.last_verdict / 1000.0,
           (double)now_ms() / 1000.0);
    organizer_reap(true);
    organizer_count();
    converge(c, since);
    stop_all();
    /* Each file once more by hand, as at the end of a day: the organizer's
     * (what it holds that the hub lacks: a hold its last sync did not
     * bring), each station's, and the organizer's pull. */
    for (int i = -1; i <= nst; i++) {
        const char *db = i >= 0 && i < nst ? st[i].file : ev;
        int status = tu_sh("'%s' sync '%s' >>'%s' 2>&1 </dev/null", bin, db,
                           tu_path("sync.out"));
        if (status)
            breaks("checkin sync %s failed (status %d): see %s", db, status,
                   tu_path("sync.out"));
    }
    struct result r = {0};
    check(c, &r);
    PQfinish(c);
    report(&r, (double)(tu_mono_ms() - begin) / 1000.0);
    if (nbroken) {
        printf("\n%d invariant(s) broken (seed %u):\n", nbroken, cfg.seed);
        for (int i = 0; i < nbroken && i < 64; i++)
            printf("- %s\n", broken[i]);
        printf("Folder kept: %s\n", tu_tmpdir());
        return 1;
    }
    printf("\nEvery invariant held.\n");
    free(people.v);
    free(pandas.v);
    free(others.v);
    free(badges.v);
    return 0;
}
