/* libpq with sentences and time limits: connecting to the hub and
 * running statements on it, every wait bounded (a hub that stops
 * answering, a table locked for minutes) and every failure one sentence.
 * Not for building SQL from data: every value goes as a parameter, but
 * for COPY (pg_copy_out), which takes none: there libpq quotes them. */
#include "checkin/pg.h"
#include "checkin/i18n.h"

#include <errno.h>
#include <libintl.h>
#include <libpq-events.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checkin/text.h"
#include "checkin/util.h"

const char *pg_where(PGconn *c, char *buf, size_t cap)
{
    const char *host = c ? PQhost(c) : NULL;
    const char *port = c ? PQport(c) : NULL;
    const char *db = c ? PQdb(c) : NULL;
    snprintf(buf, cap, "%s@%s%s%s", db && *db ? db : "?",
             host && *host ? host : "localhost", port && *port ? ":" : "",
             port && *port ? port : "");
    return buf;
}

/* The first line of libpq's message, without its severity ("ERROR:  ",
 * "FATAL:  " for a connection the hub ended) or a newline. */
static void first_line(const char *msg, char *out, size_t cap)
{
    static const char *const SEVERITY[] = {"ERROR:  ", "FATAL:  ", "PANIC:  "};
    if (!msg)
        msg = "";
    for (size_t i = 0; i < sizeof(SEVERITY) / sizeof(SEVERITY[0]); i++)
        if (!strncmp(msg, SEVERITY[i], strlen(SEVERITY[i])))
            msg += strlen(SEVERITY[i]);
    size_t n = strcspn(msg, "\n");
    while (n > 0 && (msg[n - 1] == ' ' || msg[n - 1] == '.'))
        n--;
    snprintf(out, cap, "%.*s", (int)n, msg);
}

/* Connection settings of our own, given before the caller's string so that
 * its own settings win: a dead peer (a cable pulled, a relay that stops
 * forwarding) is noticed within seconds rather than the kernel's hours. */
static const char *const KEYS[] = {
    "connect_timeout",     "keepalives",       "keepalives_idle",
    "keepalives_interval", "keepalives_count", "tcp_user_timeout",
    "application_name",    "dbname",           NULL};
static const char *const VALUES[] = {"10", "1",     "5",       "2",
                                     "3",  "10000", "checkin", NULL};

static const struct pg_limits COMMAND_LIMITS = {
    -1, PG_COMMAND_STATEMENT_MS + 5000, NULL};
static _Thread_local const struct pg_limits *limits;

void pg_limit_thread(const struct pg_limits *l)
{
    limits = l;
}

static const struct pg_limits *here(void)
{
    return limits ? limits : &COMMAND_LIMITS;
}

/* The thread's stop_by, 0 for none. */
static int64_t stop_by(const struct pg_limits *l)
{
    return l->stop_by ? atomic_load(l->stop_by) : 0;
}

/* Read what is on the wake pipe: the caller looks at stop_by next. */
static void drain(int fd)
{
    char buf[64];
    while (read(fd, buf, sizeof(buf)) > 0) {
    }
}

/* What the hub last said outside a statement's result, in this thread:
 * a notice or warning, or the error a server sends an idle connection
 * before closing it ("terminating connection due to administrator
 * command", when the hub is stopped or the backend ended).  libpq's
 * default notice processor writes these to standard error, which is the
 * terminal a full-screen station draws on (issue 50: the line scrolled
 * the desk's screen); here they are kept instead, and pg_fail names the
 * last one in its sentence when the connection is lost.  A connection is
 * used by one thread at a time, which is the thread libpq calls this
 * from. */
static _Thread_local char hub_said[200];

static void keep_notice(void *arg, const PGresult *r)
{
    (void)arg;
    const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    if (m)
        snprintf(hub_said, sizeof(hub_said), "%s", m);
}

/* libpq says its own messages through gettext, in the language checkin
 * speaks (LANGUAGE), from its domain "libpq5-MAJOR"; checkin sets only
 * LC_MESSAGES, so with LC_CTYPE "C" glibc would write a translated
 * message's accents as '?' ("Conexi?n rehusada") inside checkin's UTF-8
 * sentence.  Its codeset is UTF-8, as checkin's own domain's. */
static void libpq_in_utf8(void)
{
    char domain[32];
    snprintf(domain, sizeof(domain), "libpq5-%d", PQlibVersion() / 10000);
    bind_textdomain_codeset(domain, "UTF-8");
}

/* Whether this thread's last connection attempt was refused its password
 * (SQLSTATE 28P01, invalid_password): what a role with a password gets
 * both for a wrong one and for a role that no longer exists, the server
 * telling no more by design. */
static _Thread_local bool last_refused;

bool pg_login_refused(void)
{
    return last_refused;
}

/* The SQLSTATE in `line`, the first line of libpq's verbose message
 * ("...failed: FATAL:  28P01: password authentication failed ..."), into
 * `state` and taken out of `line`; "" when it has none (libpq's own
 * words: a refused or timed out connection). */
static void take_sqlstate(char *line, char state[6])
{
    static const char CODE[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    state[0] = '\0';
    for (char *p = strstr(line, ":  "); p; p = strstr(p + 1, ":  ")) {
        char *code = p + 3;
        if (strspn(code, CODE) == 5 && code[5] == ':' && code[6] == ' ') {
            memcpy(state, code, 5);
            state[5] = '\0';
            memmove(code, code + 7, strlen(code + 7) + 1);
            return;
        }
    }
}

/* The connection `c` (closed here) that did not come up, `late` when
 * no answer came within `timeout_ms`: the sentence saying why, and
 * whether the hub refused its password (pg_login_refused). */
static int not_connected(PGconn *c, bool late, int timeout_ms,
                         struct ck_error *err)
{
    char line[256], where[256], state[6];
    first_line(late ? "" : PQerrorMessage(c), line, sizeof(line));
    take_sqlstate(line, state);
    last_refused = !strcmp(state, "28P01");
    pg_where(c, where, sizeof(where));
    PQfinish(c);
    if (late)
        return ck_fail(err, CK_EBUSY,
                       "Cannot connect to the hub (%s): no answer within "
                       "%d s; check the network, that its PostgreSQL "
                       "runs and the credentials, then try again.",
                       where, timeout_ms / 1000);
    if (strstr(line, "is not permitted to log in"))
        return ck_fail(err, CK_EINVAL,
                       "The hub (%s) no longer lets this station in: the "
                       "organizer retired it ('checkin hub "
                       "retire-station'). It goes on deciding from its "
                       "own file, but nothing reaches the hub; ask the "
                       "organizer for a new station file "
                       "('checkin hub add-station').",
                       where);
    return ck_fail(err, CK_EBUSY,
                   "Cannot connect to the hub (%s): %s; check the "
                   "network, that its PostgreSQL runs and the "
                   "credentials, then try again.",
                   where, line);
}

int pg_connect(const char *conninfo, PGconn **out, struct ck_error *err)
{
    return pg_connect_until(conninfo, 15000, PG_COMMAND_STATEMENT_MS, out, err);
}

int pg_connect_until(const char *conninfo, int timeout_ms, int statement_ms,
                     PGconn **out, struct ck_error *err)
{
    static pthread_once_t utf8 = PTHREAD_ONCE_INIT;
    pthread_once(&utf8, libpq_in_utf8);
    *out = NULL;
    const struct pg_limits *lim = here();
    char *parse_err = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &parse_err);
    if (!opts) {
        char line[256];
        first_line(parse_err, line, sizeof(line));
        PQfreemem(parse_err);
        return ck_fail(err, CK_EINVAL,
                       "The connection string for the hub is not one libpq "
                       "reads (%s); give it as 'host=HOST dbname=NAME "
                       "user=USER' or 'postgresql://USER@HOST/NAME'.",
                       line);
    }
    PQconninfoFree(opts);
    const char *values[sizeof(VALUES) / sizeof(VALUES[0])];
    memcpy(values, VALUES, sizeof(values));
    values[7] = conninfo; /* "dbname", expanded */
    PGconn *c = PQconnectStartParams(KEYS, values, 1);
    if (!c)
        return ck_fail(err, CK_ENOMEM, "Out of memory connecting to the hub.");
    PQsetNoticeReceiver(c, keep_notice, NULL);
    hub_said[0] = '\0';
    /* The hub's refusal then carries its SQLSTATE, which libpq keeps
     * nowhere else for a login (take_sqlstate). */
    PQsetErrorVerbosity(c, PQERRORS_VERBOSE);
    last_refused = false;
    /* libpq's asynchronous connect, so that a stopping thread (the
     * worker's stop_by) does not wait for an unreachable hub. */
    int64_t deadline = util_mono_ms() + timeout_ms;
    PostgresPollingStatusType ps = PGRES_POLLING_WRITING;
    bool woken = false, late = false;
    while (PQstatus(c) != CONNECTION_BAD && ps != PGRES_POLLING_OK &&
           ps != PGRES_POLLING_FAILED) {
        struct pollfd p[2] = {
            {PQsocket(c), ps == PGRES_POLLING_READING ? POLLIN : POLLOUT, 0},
            {lim->wake_fd, POLLIN, 0}};
        int64_t now = util_mono_ms(), stop = stop_by(lim);
        if (stop && now >= stop) {
            woken = true;
            break;
        }
        int64_t left = deadline - now;
        if (left <= 0) {
            late = true;
            break;
        }
        if (stop && stop - now < left)
            left = stop - now;
        int n = poll(p, lim->wake_fd >= 0 ? 2 : 1, (int)left);
        if (n < 0 && errno != EINTR)
            break;
        if (n > 0 && lim->wake_fd >= 0 && p[1].revents)
            drain(lim->wake_fd);
        if (n > 0 && p[0].revents)
            ps = PQconnectPoll(c);
    }
    if (woken) {
        PQfinish(c);
        return ck_fail(err, CK_EBUSY, "Stopped before the hub answered.");
    }
    if (late || PQstatus(c) != CONNECTION_OK)
        return not_connected(c, late, timeout_ms, err);
    if (PQserverVersion(c) < 130000) {
        char where[256];
        pg_where(c, where, sizeof(where));
        PQfinish(c);
        return ck_fail(err, CK_EVERSION,
                       "The hub (%s) runs a PostgreSQL older than 13; a hub "
                       "needs 13 or newer (Debian 12 ships 15).",
                       where);
    }
    /* Statements are sent without blocking and waited for with poll()
     * (await): a hub gone silent cannot hold the caller.  The statement
     * timeout frees the hub of a statement nobody waits for any more (a
     * lock held for minutes), the idle-in-transaction one of a client
     * gone between statements, and the connection check (PostgreSQL 14
     * and later, on Linux) of one gone while its statement runs. */
    PQsetnonblocking(c, 1);
    PQsetErrorVerbosity(c, PQERRORS_DEFAULT);
    char setup[400];
    snprintf(setup, sizeof(setup),
             "SET search_path = pg_catalog, checkin; SET statement_timeout ="
             " %d; SET idle_in_transaction_session_timeout = %d;%s",
             statement_ms, statement_ms,
             PQserverVersion(c) >= 140000
                 ? " SET client_connection_check_interval = 2000"
                 : "");
    int code = pg_exec(c, setup, N_("setting up the connection"), err);
    if (code) {
        PQfinish(c);
        return code;
    }
    *out = c;
    return CK_OK;
}

/* The wait for `c`'s answer ran out: close the connection (the hub's
 * side rolls back what was half done) and say so. */
static int give_up(PGconn *c, const struct pg_limits *lim, const char *what,
                   struct ck_error *err)
{
    char where[256];
    pg_where(c, where, sizeof(where));
    /* libpq then reads the end of the stream: CONNECTION_BAD, and every
     * later call on `c` fails at once rather than waiting. */
    shutdown(PQsocket(c), SHUT_RDWR);
    PQconsumeInput(c);
    PGresult *r;
    while ((r = PQgetResult(c)))
        PQclear(r);
    int64_t stop = stop_by(lim);
    if (stop && util_mono_ms() >= stop) {
        int code = ck_fail(err, CK_EBUSY,
                           /* TRANSLATORS: the last %s is what checkin was
                            * doing, a phrase translated on its own. */
                           "Stopped: the hub (%s) had not answered in time; "
                           "nothing half-done was kept, and what is left is "
                           "sent next time (%s).",
                           where, what);
        ck_error_phrase(err, 2);
        return code;
    }
    int code = ck_fail(err, CK_EBUSY,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The hub (%s) did not answer for %d s, so the "
                       "connection was closed; nothing half-done was kept: try "
                       "again when the hub answers (%s).",
                       where, (lim->silence_ms + 999) / 1000, what);
    ck_error_phrase(err, 3);
    return code;
}

static bool failed(const PGresult *r)
{
    ExecStatusType st = PQresultStatus(r);
    return st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK &&
           st != PGRES_EMPTY_QUERY;
}

/* Wait until `c`'s socket has something to read (or, while `flushing`,
 * room to write), within the thread's limits; *heard moves on when the
 * hub sent something.  1 when the wait ran out, -1 on a poll failure. */
static int wait_socket(PGconn *c, const struct pg_limits *lim, int64_t *heard,
                       bool flushing)
{
    int64_t now = util_mono_ms(), stop = stop_by(lim);
    int64_t until = *heard + lim->silence_ms;
    if (stop && stop < until)
        until = stop;
    if (now >= until)
        return 1;
    struct pollfd p[2] = {
        {PQsocket(c), (short)(POLLIN | (flushing ? POLLOUT : 0)), 0},
        {lim->wake_fd, POLLIN, 0}};
    int n = poll(p, lim->wake_fd >= 0 ? 2 : 1, (int)(until - now));
    if (n < 0 && errno != EINTR)
        return -1;
    if (n > 0 && p[0].revents)
        *heard = util_mono_ms();
    if (n > 0 && lim->wake_fd >= 0 && p[1].revents)
        drain(lim->wake_fd);
    return 0;
}

/* Send what is still queued for `c` while *flushing, and read what the
 * hub sent; false when the connection failed (the caller's result then
 * says so). */
static bool pump(PGconn *c, bool *flushing)
{
    if (*flushing) {
        int f = PQflush(c);
        if (f < 0)
            return false;
        *flushing = f == 1;
    }
    return PQconsumeInput(c) != 0;
}

/* await()'s loop. */
static int wait_results(PGconn *c, PGresult **out)
{
    const struct pg_limits *lim = here();
    *out = NULL;
    int64_t heard = util_mono_ms();
    bool flushing = true;
    for (;;) {
        if (!pump(c, &flushing))
            return 0;
        while (!PQisBusy(c)) {
            PGresult *r = PQgetResult(c);
            if (!r)
                return 0;
            /* The first failure is the one to tell. */
            if (*out && failed(*out)) {
                PQclear(r);
            } else {
                PQclear(*out);
                *out = r;
            }
        }
        int w = wait_socket(c, lim, &heard, flushing);
        if (w)
            return w > 0;
    }
}

/* The statement `c` was just given (PQsendQuery*): flush it and wait for
 * all its results within the thread's limits.  *out: the first failed
 * result, else the last (NULL when the connection failed); 1 when the
 * wait ran out (then the caller gives up). */
static int await(PGconn *c, PGresult **out)
{
    int late = wait_results(c, out);
    if (late || PQstatus(c) != CONNECTION_OK) {
        /* Not a result to trust: the statement did not end. */
        PQclear(*out);
        *out = NULL;
    }
    return late;
}

/* Run a statement already sent (`sent`: PQsendQuery*'s answer) within the
 * thread's limits: its result, or NULL with *code and err set. */
static PGresult *finish(PGconn *c, int sent, const char *what, int *code,
                        struct ck_error *err)
{
    *code = CK_OK;
    PGresult *r = NULL;
    if (sent && await(c, &r)) {
        PQclear(r);
        *code = give_up(c, here(), what, err);
        return NULL;
    }
    if (failed(r)) {
        *code = pg_fail(c, r, what, err);
        return NULL;
    }
    return r;
}

/* Whether this thread's last pg_fail was PostgreSQL breaking a deadlock
 * or a serialization conflict (SQLSTATE 40P01, 40001). */
static _Thread_local bool last_conflict;

bool pg_failed_on_conflict(void)
{
    return last_conflict;
}

int pg_fail(PGconn *c, PGresult *r, const char *what, struct ck_error *err)
{
    char line[300], where[256];
    const char *msg = r ? PQresultErrorMessage(r) : NULL;
    if (!msg || !*msg)
        msg = PQerrorMessage(c);
    first_line(msg, line, sizeof(line));
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    pg_where(c, where, sizeof(where));
    int code;
    last_conflict = PQstatus(c) == CONNECTION_OK && state &&
                    (!strcmp(state, "40P01") || !strcmp(state, "40001"));
    if (PQstatus(c) != CONNECTION_OK) {
        /* The hub's own reason, when it gave one before closing. */
        if (hub_said[0])
            text_for_terminal(hub_said, strlen(hub_said), line, sizeof(line));
        hub_said[0] = '\0';
        code = ck_fail(err, CK_EBUSY,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The connection to the hub (%s) was lost; nothing "
                       "half-done was kept: run the command again (%s: %s).",
                       where, what, line);
    } else if (state && !strcmp(state, "57014")) {
        /* statement_timeout (pg_connect_until), or an administrator's
         * pg_cancel_backend. */
        code = ck_fail(err, CK_EBUSY,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The hub (%s) gave up a statement that waited too "
                       "long, most likely on a table another session holds "
                       "locked; nothing of it was kept: try again, and if it "
                       "keeps happening look on the hub for a long "
                       "transaction in pg_stat_activity (%s: %s).",
                       where, what, line);
    } else if (last_conflict) {
        code = ck_fail(err, CK_EBUSY,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The hub (%s) broke off a statement that crossed "
                       "another session's work; nothing of it was kept: run "
                       "the command again (%s: %s).",
                       where, what, line);
    } else if (state && !strcmp(state, "42501")) {
        code = ck_fail(err, CK_EINVAL,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The hub (%s) refused a statement this station's role "
                       "may not run; check its --station kind, or enroll it "
                       "again with 'checkin hub add-station' (%s: %s).",
                       where, what, line);
    } else {
        code = ck_fail(err, CK_EINVAL,
                       /* TRANSLATORS: the last %s is what checkin was doing, a
                        * phrase translated on its own. */
                       "The hub (%s) refused a statement; nothing of it was "
                       "kept (%s: %s).",
                       where, what, line);
    }
    ck_error_phrase(err, 2);
    PQclear(r);
    return code;
}

/* ---- statements kept prepared on a connection (pg_keep_prepared) ---- */

struct prepared {
    char *sql;
    char name[16]; /* "": run once so far, unprepared */
};

struct prepared_set {
    struct prepared v[PG_PREPARED_MAX];
    size_t n;
    unsigned next; /* names are never reused on a connection */
    char sent[16]; /* the name pg_query_send last sent, "" if none */
};

static void prepared_clear(struct prepared_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i].sql);
    s->n = 0;
}

/* libpq's events: the set lives and dies with its connection; a reset
 * (a new session) holds none of the statements. */
static int prepared_events(PGEventId id, void *info, void *arg)
{
    (void)arg;
    if (id == PGEVT_CONNRESET || id == PGEVT_CONNDESTROY) {
        const PGEventConnReset *e = info; /* the same layout for both */
        struct prepared_set *s = PQinstanceData(e->conn, prepared_events);
        if (s)
            prepared_clear(s);
        if (id == PGEVT_CONNDESTROY) {
            free(s);
            PQsetInstanceData(e->conn, prepared_events, NULL);
        }
    }
    return 1;
}

int pg_keep_prepared(PGconn *c, struct ck_error *err)
{
    if (PQinstanceData(c, prepared_events))
        return CK_OK;
    struct prepared_set *s = calloc(1, sizeof(*s));
    if (!s)
        return ck_fail(err, CK_ENOMEM, "Out of memory connecting to the hub.");
    if (!PQregisterEventProc(c, prepared_events, "checkin prepared", NULL) ||
        !PQsetInstanceData(c, prepared_events, s)) {
        free(s);
        return ck_fail(err, CK_ENOMEM, "Out of memory connecting to the hub.");
    }
    return CK_OK;
}

static struct prepared *prepared_find(struct prepared_set *s, const char *sql)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].sql, sql))
            return &s->v[i];
    return NULL;
}

static void prepared_forget(struct prepared_set *s, struct prepared *p)
{
    free(p->sql);
    *p = s->v[--s->n];
}

static PGresult *finish(PGconn *c, int sent, const char *what, int *code,
                        struct ck_error *err);

/* The name `sql` is prepared under on `c`, preparing it first at its
 * second run on `c` (a statement a connection runs once, as its first
 * sync's, costs no round trip more); NULL, with *code CK_OK, when it
 * runs unprepared: `c` keeps no statements, has no room for more, or
 * this is its first run. */
static const char *prepared_name(PGconn *c, const char *sql, int n,
                                 const char *what, int *code,
                                 struct ck_error *err)
{
    *code = CK_OK;
    struct prepared_set *s = PQinstanceData(c, prepared_events);
    if (!s)
        return NULL;
    struct prepared *p = prepared_find(s, sql);
    if (p && p->name[0])
        return p->name;
    if (!p) {
        if (s->n == PG_PREPARED_MAX)
            return NULL;
        char *copy = strdup(sql);
        if (!copy) {
            *code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            return NULL;
        }
        p = &s->v[s->n++];
        p->sql = copy;
        p->name[0] = '\0';
        return NULL;
    }
    char name[16];
    snprintf(name, sizeof(name), "ck%u", s->next++);
    PGresult *r =
        finish(c, PQsendPrepare(c, name, sql, n, NULL), what, code, err);
    PQclear(r);
    if (*code)
        return NULL;
    snprintf(p->name, sizeof(p->name), "%s", name);
    return p->name;
}

/* Whether `r` failed because `c`'s prepared statement for `sql` (or,
 * `sql` NULL, the one pg_query_send sent last) no longer stands as
 * prepared (pg_keep_prepared): forgotten then.  *again: nothing was
 * open, so it may be prepared and run again at once. */
static bool prepared_stale(PGconn *c, const char *sql, const PGresult *r,
                           bool *again)
{
    *again = false;
    struct prepared_set *s = PQinstanceData(c, prepared_events);
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    if (!s || !state || (strcmp(state, "0A000") && strcmp(state, "26000")))
        return false;
    struct prepared *p = NULL;
    if (sql) {
        p = prepared_find(s, sql);
    } else {
        for (size_t i = 0; !p && i < s->n; i++)
            if (!strcmp(s->v[i].name, s->sent))
                p = &s->v[i];
    }
    if (!p || !p->name[0])
        return false;
    prepared_forget(s, p);
    *again =
        PQstatus(c) == CONNECTION_OK && PQtransactionStatus(c) == PQTRANS_IDLE;
    return true;
}

/* Send `sql` with its parameters, prepared when `c` keeps statements:
 * PQsendQuery*'s answer, or 0 with *code and err set when preparing it
 * failed. */
static int send_params(PGconn *c, const char *sql, int n,
                       const char *const *params, const char *what, int *code,
                       struct ck_error *err)
{
    const char *name = prepared_name(c, sql, n, what, code, err);
    if (*code)
        return 0;
    if (name)
        return PQsendQueryPrepared(c, name, n, params, NULL, NULL, 0);
    return PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0);
}

int pg_exec(PGconn *c, const char *sql, const char *what, struct ck_error *err)
{
    int code;
    /* The simple protocol: `sql` may hold several statements.  The
     * connection is non-blocking (pg_connect_until): the send only
     * queues, await() flushes. */
    PQclear(finish(c, PQsendQuery(c, sql), what, &code, err));
    return code;
}

void pg_cell_for_terminal(const PGresult *r, int row, int col, char *out,
                          size_t cap)
{
    const char *v = PQgetvalue(r, row, col);
    text_for_terminal(v, strlen(v), out, cap);
}

int pg_query(PGconn *c, const char *sql, int n, const char *const *params,
             PGresult **out, const char *what, struct ck_error *err)
{
    for (int tries = 0;; tries++) {
        int code;
        int sent = send_params(c, sql, n, params, what, &code, err);
        if (code) {
            *out = NULL;
            return code;
        }
        PGresult *r = NULL;
        if (sent && await(c, &r)) {
            PQclear(r);
            *out = NULL;
            return give_up(c, here(), what, err);
        }
        bool again = false;
        if (failed(r) && tries == 0 && prepared_stale(c, sql, r, &again) &&
            again) {
            PQclear(r);
            continue;
        }
        if (failed(r)) {
            *out = NULL;
            return pg_fail(c, r, what, err);
        }
        *out = r;
        return CK_OK;
    }
}

int pg_query_send(PGconn *c, const char *sql, int n, const char *const *params,
                  const char *what, struct ck_error *err)
{
    int code;
    if (!send_params(c, sql, n, params, what, &code, err))
        return code ? code : pg_fail(c, NULL, what, err);
    struct prepared_set *s = PQinstanceData(c, prepared_events);
    const struct prepared *p = s ? prepared_find(s, sql) : NULL;
    if (s)
        snprintf(s->sent, sizeof(s->sent), "%s", p ? p->name : "");
    /* The connection is non-blocking: the send only queued it. */
    const struct pg_limits *lim = here();
    int64_t heard = util_mono_ms();
    bool flushing = true;
    for (;;) {
        if (!pump(c, &flushing))
            return pg_fail(c, NULL, what, err);
        if (!flushing)
            return CK_OK;
        int w = wait_socket(c, lim, &heard, true);
        if (w > 0)
            return give_up(c, lim, what, err);
        if (w < 0)
            return pg_fail(c, NULL, what, err);
    }
}

int pg_query_end(PGconn *c, PGresult **out, const char *what,
                 struct ck_error *err)
{
    PGresult *r = NULL;
    *out = NULL;
    if (await(c, &r)) {
        PQclear(r);
        return give_up(c, here(), what, err);
    }
    if (failed(r)) {
        bool again;
        /* Forgotten, prepared afresh at the caller's next try. */
        (void)prepared_stale(c, NULL, r, &again);
        return pg_fail(c, r, what, err);
    }
    *out = r;
    return CK_OK;
}

/* The results of a pipeline of `n` statements and its sync, into out[];
 * 1 when the wait ran out, 0 otherwise (the connection may have failed:
 * the caller checks).  out[k]: statement k's first failed result, else
 * its last; PGRES_PIPELINE_ABORTED after an earlier one failed. */
static int pipeline_results(PGconn *c, size_t n, PGresult **out)
{
    const struct pg_limits *lim = here();
    int64_t heard = util_mono_ms();
    bool flushing = true;
    size_t k = 0;
    for (;;) {
        if (!pump(c, &flushing))
            return 0;
        while (!PQisBusy(c)) {
            PGresult *r = PQgetResult(c);
            if (!r) {
                /* The end of statement k's results; one more end before
                 * the sync's is a connection that failed (it says so). */
                if (k == n || PQstatus(c) != CONNECTION_OK)
                    return 0;
                k++;
                continue;
            }
            if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                return 0;
            }
            if (k >= n || (out[k] && failed(out[k]))) {
                PQclear(r);
            } else {
                PQclear(out[k]);
                out[k] = r;
            }
        }
        if (PQstatus(c) != CONNECTION_OK)
            return 0;
        int w = wait_socket(c, lim, &heard, flushing);
        if (w)
            return w > 0;
    }
}

/* pg_pipeline's one try; *stale: it failed on a statement prepared on a
 * session whose tables changed under it (forgotten then). */
static int pipeline_once(PGconn *c, size_t n, const struct pg_statement *st,
                         PGresult **out, bool *stale, const char *what,
                         struct ck_error *err)
{
    *stale = false;
    const char *names[PG_PIPELINE_MAX];
    for (size_t k = 0; k < n; k++) {
        int code;
        names[k] = prepared_name(c, st[k].sql, st[k].n, what, &code, err);
        if (code)
            return code;
    }
    if (!PQenterPipelineMode(c))
        return pg_fail(c, NULL, what, err);
    bool sent = true;
    for (size_t k = 0; sent && k < n; k++)
        sent = names[k] ? PQsendQueryPrepared(c, names[k], st[k].n,
                                              st[k].params, NULL, NULL, 0)
                        : PQsendQueryParams(c, st[k].sql, st[k].n, NULL,
                                            st[k].params, NULL, NULL, 0);
    sent = sent && PQpipelineSync(c);
    int late = sent ? pipeline_results(c, n, out) : 0;
    if (!late && PQstatus(c) == CONNECTION_OK)
        (void)PQexitPipelineMode(c);
    if (late)
        return give_up(c, here(), what, err);
    if (!sent || PQstatus(c) != CONNECTION_OK)
        return pg_fail(c, NULL, what, err);
    for (size_t k = 0; k < n; k++) {
        if (out[k] && !failed(out[k]))
            continue;
        PGresult *r = out[k];
        out[k] = NULL;
        bool again;
        *stale = prepared_stale(c, st[k].sql, r, &again);
        return pg_fail(c, r, what, err);
    }
    return CK_OK;
}

int pg_pipeline(PGconn *c, size_t n, const struct pg_statement *st,
                PGresult **out, const char *what, struct ck_error *err)
{
    for (size_t k = 0; k < n; k++)
        out[k] = NULL;
    if (n > PG_PIPELINE_MAX)
        return ck_fail(err, CK_EINVAL,
                       "A pipeline of %zu statements is too long (%s); this "
                       "is a bug in checkin, please report it.",
                       n, what);
    bool idle = PQtransactionStatus(c) == PQTRANS_IDLE;
    for (int tries = 0;; tries++) {
        bool stale;
        int code = pipeline_once(c, n, st, out, &stale, what, err);
        if (!code)
            return CK_OK;
        for (size_t k = 0; k < n; k++) {
            PQclear(out[k]);
            out[k] = NULL;
        }
        /* A statement the hub's upgrade changed under this session: once
         * more, prepared afresh, when the pipeline began outside a
         * transaction (one it opened is rolled back first). */
        if (!stale || tries > 0 || !idle || PQstatus(c) != CONNECTION_OK)
            return code;
        if (PQtransactionStatus(c) != PQTRANS_IDLE)
            pg_rollback(c);
    }
}

/* COPY's rows, each handed to `row` as it arrives; 1 when the wait ran
 * out.  *out as await()'s: the first failed result, else the last. */
static int copy_rows(PGconn *c, pg_copy_row_fn row, void *arg, int *row_code,
                     struct ck_error *row_err, PGresult **out)
{
    const struct pg_limits *lim = here();
    *out = NULL;
    int64_t heard = util_mono_ms();
    bool flushing = true, copying = false;
    for (;;) {
        if (!pump(c, &flushing))
            return 0;
        if (!copying) {
            while (!copying && !PQisBusy(c)) {
                PGresult *r = PQgetResult(c);
                if (!r)
                    return 0; /* no COPY: the failure is in *out */
                copying = PQresultStatus(r) == PGRES_COPY_OUT;
                if (copying || (*out && failed(*out))) {
                    PQclear(r);
                } else {
                    PQclear(*out);
                    *out = r;
                }
            }
        }
        if (copying) {
            char *buf;
            int n;
            bool got = false;
            while ((n = PQgetCopyData(c, &buf, 1)) > 0) {
                /* One row a call (libpq's promise); after a failure of
                 * `row` the rest is read and dropped. */
                if (!*row_code)
                    *row_code = row(arg, buf, (size_t)n, row_err);
                PQfreemem(buf);
                got = true;
            }
            /* The hub was heard from when its rows came, not when `row`
             * was done with them: taking them may take longer than the
             * hub's silence is allowed. */
            if (got)
                heard = util_mono_ms();
            if (n < 0) {
                /* The end of the data (-1), or a failure (-2): either way
                 * the COPY's own result says which. */
                return wait_results(c, out);
            }
        }
        int w = wait_socket(c, lim, &heard, flushing);
        if (w)
            return w > 0;
    }
}

int pg_copy_out(PGconn *c, const char *sql, pg_copy_row_fn row, void *arg,
                const char *what, struct ck_error *err)
{
    PGresult *r = NULL;
    int row_code = CK_OK;
    struct ck_error row_err = {0};
    if (!PQsendQuery(c, sql))
        return pg_fail(c, NULL, what, err);
    int late = copy_rows(c, row, arg, &row_code, &row_err, &r);
    if (late || PQstatus(c) != CONNECTION_OK) {
        PQclear(r);
        r = NULL;
    }
    if (late)
        return give_up(c, here(), what, err);
    if (failed(r))
        return pg_fail(c, r, what, err);
    PQclear(r);
    if (row_code && err)
        *err = row_err;
    return row_code;
}

/* Send `data` as COPY data, waiting for room within the thread's
 * limits; 1 when the wait ran out, -1 when the connection failed. */
static int copy_put(PGconn *c, const char *data, size_t len, int64_t *heard)
{
    const struct pg_limits *lim = here();
    for (;;) {
        int put = len ? PQputCopyData(c, data, (int)len) : 1;
        if (put < 0)
            return -1;
        int f = PQflush(c);
        if (f < 0)
            return -1;
        if (put == 1 && f == 0)
            return 0;
        if (put == 1 && len > 0) {
            data += len;
            len = 0; /* queued: what is left is to flush it */
        }
        if (!PQconsumeInput(c))
            return -1;
        int w = wait_socket(c, lim, heard, true);
        if (w)
            return w > 0 ? 1 : -1;
    }
}

int pg_copy_in(PGconn *c, const char *sql, pg_copy_next_fn next, void *arg,
               const char *what, struct ck_error *err)
{
    const struct pg_limits *lim = here();
    if (!PQsendQuery(c, sql))
        return pg_fail(c, NULL, what, err);
    int64_t heard = util_mono_ms();
    bool flushing = true;
    PGresult *r = NULL;
    /* The hub's answer to the statement: ready for the data, or refused. */
    for (;;) {
        if (!pump(c, &flushing))
            return pg_fail(c, NULL, what, err);
        if (!PQisBusy(c)) {
            r = PQgetResult(c);
            break;
        }
        int w = wait_socket(c, lim, &heard, flushing);
        if (w > 0)
            return give_up(c, lim, what, err);
        if (w < 0)
            return pg_fail(c, NULL, what, err);
    }
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        /* Refused: read what else it said, then tell the first failure. */
        PGresult *more;
        while ((more = PQgetResult(c)))
            PQclear(more);
        return pg_fail(c, r, what, err);
    }
    PQclear(r);
    int code = CK_OK, put = 0;
    struct ck_error next_err = {0};
    for (;;) {
        const char *data = NULL;
        size_t len = 0;
        code = next(arg, &data, &len, &next_err);
        if (code || len == 0)
            break;
        put = copy_put(c, data, len, &heard);
        if (put)
            break;
    }
    if (put > 0)
        return give_up(c, lim, what, err);
    /* Ended either way; a failure of `next` makes the hub drop the rows. */
    if (!put && PQputCopyEnd(c, code ? "the sender gave up" : NULL) < 0)
        put = -1;
    PGresult *res = NULL;
    if (!put && await(c, &res)) {
        PQclear(res);
        return give_up(c, lim, what, err);
    }
    if (code) {
        PQclear(res);
        if (err)
            *err = next_err;
        return code;
    }
    if (put || failed(res))
        return pg_fail(c, res, what, err);
    PQclear(res);
    return CK_OK;
}

void pg_rollback(PGconn *c)
{
    struct ck_error ignored = {0};
    if (pg_exec(c, "ROLLBACK", N_("rolling back"), &ignored)) {
        /* The connection may be gone: nothing to roll back then. */
    }
}

int pg_transact(PGconn *pg, int tries, pg_tx_body body, void *arg,
                const char *what, struct ck_error *err)
{
    for (int attempt = 1;; attempt++) {
        int code = pg_exec(pg, "BEGIN", what, err);
        if (!code)
            code = body(pg, arg, err);
        if (!code)
            code = pg_exec(pg, "COMMIT", what, err);
        else
            pg_rollback(pg);
        if (!code || attempt >= tries || !pg_failed_on_conflict())
            return code;
    }
}
