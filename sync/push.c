/* Push: what a station wrote goes up to the hub (see sync.c for how a
 * batch is sent and noted).  Also the desks' badges, revocations and print
 * jobs, and the desks' signing keys. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkin/atomic_file.h"
#include "checkin/badge.h"
#include "checkin/credential.h"
#include "checkin/expo.h"
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/pg.h"
#include "checkin/redemption.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "push_priv.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* ---- push: the journal ----------------------------------------------- */

/* The one run `batch`'s rows (objects with "station_id") are of, or
 * NULL when they are of several. */
static const char *one_run(json_t *batch)
{
    const char *run = NULL;
    size_t i;
    json_t *o;
    json_array_foreach(batch, i, o)
    {
        const char *s = json_string_value(json_object_get(o, "station_id"));
        if (!s || (run && strcmp(run, s)))
            return NULL;
        run = s;
    }
    return run;
}

/* Whether this session of the hub already holds the claim of the one run
 * of `batch`'s rows: a station's every push after its first at a
 * running desk (sync_said.claimed_run). */
static bool run_claimed(const struct ctx *c, json_t *batch)
{
    const struct sync_said *said = c->said;
    const char *run = one_run(batch);
    return said && run && said->claimed_pg == c->pg &&
           said->claimed_pid == PQbackendPID(c->pg) &&
           !strcmp(said->claimed_run, run);
}

/* Noted once the push that claimed `batch`'s one run has committed. */
static void note_claimed(struct ctx *c, json_t *batch)
{
    struct sync_said *said = c->said;
    const char *run = one_run(batch);
    if (!said || !run || strlen(run) >= sizeof(said->claimed_run))
        return;
    said->claimed_pg = c->pg;
    said->claimed_pid = PQbackendPID(c->pg);
    snprintf(said->claimed_run, sizeof(said->claimed_run), "%s", run);
}

/* Claim the journal runs in `batch` (objects with "station_id") for this
 * station; refused when another station's file wrote under one. */
static int claim_runs(struct ctx *c, json_t *batch, struct ck_error *err)
{
    const char *uid = c->hub->station_uid;
    long n[2];
    int code = sync_push_json(
        c,
        "WITH x AS (SELECT DISTINCT station_id FROM jsonb_to_recordset($1)"
        " AS x(station_id text)),"
        " ins AS (INSERT INTO checkin.run (station_id, station_uid)"
        " SELECT station_id, $2 FROM x ON CONFLICT (station_id) DO NOTHING"
        " RETURNING station_id)"
        " SELECT (SELECT count(*) FROM x), (SELECT count(*) FROM ins) +"
        " (SELECT count(*) FROM checkin.run r JOIN x USING (station_id)"
        " WHERE r.station_uid = $2)",
        batch, &uid, 1, n, 2, N_("claiming this station's journal"), err);
    if (code)
        return code;
    /* A second process on this same file (a desk started twice, a
     * `checkin sync` beside the running desk) may have claimed one of
     * the runs in the meantime: this INSERT waited for that claim to
     * commit and did nothing, but the statement counted from the
     * snapshot it started with, which does not hold it.  A statement of
     * its own sees it. */
    if (n[1] < n[0])
        code = sync_push_json(
            c,
            "SELECT count(*) FROM checkin.run r JOIN (SELECT DISTINCT"
            " station_id FROM jsonb_to_recordset($1) AS x(station_id text))"
            " x USING (station_id) WHERE r.station_uid = $2",
            batch, &uid, 1, &n[1], 1, N_("claiming this station's journal"),
            err);
    if (code)
        return code;
    if (n[1] < n[0])
        return ck_fail(err, CK_EINVAL,
                       "%s holds journal rows another station already sent "
                       "to the hub (a copy of another station's file?); "
                       "nothing was sent: give this station a file of its "
                       "own with 'checkin hub add-station'.",
                       c->l->path);
    return CK_OK;
}

static const struct field *field_of(const struct push *p, const char *name)
{
    for (size_t i = 0; i < UTIL_ARRAY_LEN(p->fields) && p->fields[i].name; i++)
        if (!strcmp(p->fields[i].name, name))
            return &p->fields[i];
    return NULL;
}

/* Bind JSON value `v` (of field kind `k`) to parameter `i` of `st`. */
static void bind_json(sqlite3_stmt *st, int i, json_t *v, enum field_kind k)
{
    if (k == F_INT) {
        sqlite3_bind_int64(st, i, json_integer_value(v));
    } else if (k == F_HEX) {
        const char *hex = json_string_value(v);
        uint8_t buf[64];
        long len = sync_unhex(hex ? hex : "", buf, sizeof(buf));
        sqlite3_bind_blob(st, i, buf, len > 0 ? (int)len : 0, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_text(st, i, json_string_value(v), -1, SQLITE_TRANSIENT);
    }
}

/* Read up to PUSH_BATCH rows of `q` into a JSON array (NULL on error). */
static json_t *read_batch(struct ctx *c, const struct push *p, sqlite3_stmt *q,
                          struct ck_error *err)
{
    json_t *batch = json_array();
    sqlite3_bind_int(q, 1, PUSH_BATCH);
    int rc;
    while (batch && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_t *o = json_object();
        for (int i = 0; i < (int)UTIL_ARRAY_LEN(p->fields) && p->fields[i].name;
             i++)
            json_object_set_new(o, p->fields[i].name,
                                p->fields[i].kind == F_INT ? sync_col_int(q, i)
                                : p->fields[i].kind == F_HEX
                                    ? sync_col_hex(q, i)
                                    : sync_col_text(q, i));
        json_array_append_new(batch, o);
    }
    sqlite3_reset(q);
    if (batch && rc != SQLITE_DONE) {
        local_fail(c->l, rc, p->reading, err);
        json_decref(batch);
        return NULL;
    }
    if (!batch)
        ck_fail(err, CK_ENOMEM, "Out of memory.");
    return batch;
}

static const struct push PUSH_SCANS, PUSH_SCANS_36, PUSH_SCANS_30,
    PUSH_SCANS_27, PUSH_SCANS_EXPO, PUSH_SCANS_25, PUSH_SCANS_EXPO_25,
    PUSH_SCANS_16, PUSH_SCANS_EXPO_16, PUSH_SCANS_7, PUBLISH_UNDOS, PUSH_LEADS,
    PUSH_LEADS_11, PUSH_CHANGES, PUBLISH_CHANGES;

/* The edits the hub set aside in this transaction for a ticket it does
 * not hold yet (format 13: vet_registration_change stores them in
 * checkin.waiting_change, stamped with the transaction's time; the
 * station's role reads its own), counted and named in the report. */
static int count_waiting(struct ctx *c, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(c->pg,
                        "SELECT ticket_id FROM checkin.waiting_change WHERE"
                        " set_aside = now() ORDER BY ticket_id, station_id,"
                        " seq",
                        0, NULL, &r, N_("sending the walk-ins and edits"), err);
    if (code)
        return code;
    struct sync_report *rep = c->rep;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *t = PQgetvalue(r, i, 0);
        size_t n = strlen(rep->waiting_tickets);
        rep->edits_waiting++;
        /* Each ticket once (they come sorted), as many as fit. */
        if ((i && !strcmp(t, PQgetvalue(r, i - 1, 0))) ||
            n + strlen(t) + 3 > sizeof(rep->waiting_tickets))
            continue;
        snprintf(rep->waiting_tickets + n, sizeof(rep->waiting_tickets) - n,
                 "%s%s", n ? ", " : "", t);
    }
    PQclear(r);
    return CK_OK;
}

/* The rows the hub set aside in this transaction, which carried one
 * batch (vet_scan stores them in checkin.quarantine, stamped with the
 * transaction's time, not in the journal; the station's role reads its
 * own), added to the report; then the commit, in the same round trip (a
 * journal push's last two statements: one wake of the hub's backend less
 * a check-in).  A running station's own row (sync.c, say_here) goes in
 * between, `pushed` rows more and the file's backlog less the `sent`
 * rows of this batch: one commit, and on a durable hub one flush of its
 * log, less a check-in (docs/performance-history.md, "the station's row
 * in the push's transaction").  Rolled back when any fails. */
static int commit_counting_set_aside(struct ctx *c, const char *what,
                                     long pushed, size_t sent,
                                     struct ck_error *err)
{
    struct pg_statement st[3] = {
        {"SELECT count(*) FROM checkin.quarantine WHERE set_aside = now()", 0,
         NULL},
        {"COMMIT", 0, NULL},
        {"COMMIT", 0, NULL}};
    bool here = c->said && !c->organizer;
    struct here_row *h = here ? malloc(sizeof(*h)) : NULL;
    if (here && !h) {
        pg_rollback(c->pg);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    long left = sync_backlog(c->l) - (long)sent;
    if (left < 0)
        left = 0;
    if (h) {
        sync_here_row(c, c->printer, pushed, left, true, h);
        st[1] = (struct pg_statement){h->sql, h->nparams, h->params};
    }
    PGresult *r[3] = {NULL, NULL, NULL};
    size_t n = h ? 3 : 2;
    int code = pg_pipeline(c->pg, n, st, r, what, err);
    free(h);
    if (code) {
        pg_rollback(c->pg);
        if (here)
            sync_here_said(c, c->printer, left, false);
        return code;
    }
    c->rep->set_aside += strtol(PQgetvalue(r[0], 0, 0), NULL, 10);
    for (size_t i = 0; i < n; i++)
        PQclear(r[i]);
    if (here) {
        c->pushed_said += pushed;
        sync_here_said(c, c->printer, left, true);
    }
    return CK_OK;
}

/* The walk-ins and edits the hub set aside in this transaction (format
 * 25: vet_registration_change stores them in checkin.set_aside_change,
 * stamped with the transaction's time; the station's role reads its
 * own), added to the report. */
static int count_changes_set_aside(struct ctx *c, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(c->pg,
                        "SELECT count(*) FROM checkin.set_aside_change WHERE"
                        " set_aside = now()",
                        0, NULL, &r, N_("sending the walk-ins and edits"), err);
    if (code)
        return code;
    c->rep->changes_set_aside += strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return CK_OK;
}

/* BEGIN and `p`'s statement for `batch` in one round trip (a push with
 * no claim to make first: one wake of the hub's backend less), its
 * counts into got[]; the caller rolls back when it fails.  A desk's
 * check of its identity, when it is this sync's first word to the hub
 * (ctx.identity_later), goes first in the same round trip, as a pull's
 * does (pull_start.c): one more less a check-in.  An answer that differs
 * fails the push before its commit; a push that fails with the check in
 * it asks the question again alone, so that a hub changed under the desk
 * (sync_with) still has the sync made again from the start, and a
 * station the hub no longer knows is told so. */
static int begin_and_push(struct ctx *c, const struct push *p, json_t *batch,
                          const char *const extra[2], long got[2],
                          struct ck_error *err)
{
    char *text = json_dumps(batch, JSON_COMPACT);
    if (!text)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    const char *params[3] = {text, extra[0], extra[1]};
    bool check = c->identity_later;
    struct pg_statement st[3];
    char known[16];
    const char *param;
    size_t ns = 0;
    if (check)
        sync_identity_statement(&st[ns++], known, &param);
    st[ns++] = (struct pg_statement){"BEGIN", 0, NULL};
    st[ns++] = (struct pg_statement){p->hub, p->with_clock ? 3 : 2, params};
    PGresult *r[3] = {NULL, NULL, NULL};
    int code = pg_pipeline(c->pg, ns, st, r, p->sending, err);
    free(text);
    if (code && check && PQstatus(c->pg) == CONNECTION_OK) {
        /* Its answer, when it has one, says more than the push's failure
         * (a station retired, a hub moved on), as when it came first. */
        struct ck_error again = {0};
        pg_rollback(c->pg);
        int why = sync_identity(c, NULL, &again);
        if (why && err)
            *err = again;
        if (why)
            code = why;
    } else if (!code && check) {
        code = sync_identity(c, r[0], err);
    }
    for (int i = 0; !code && i < (p->conflicts ? 2 : 1); i++)
        got[i] =
            PQntuples(r[ns - 1]) > 0 ? (long)sync_val_i64(r[ns - 1], 0, i) : 0;
    for (size_t i = 0; i < ns; i++)
        PQclear(r[i]);
    return code;
}

/* Push what `p` says, in batches, until nothing is left.  Its two
 * statements are kept for the connection's life (local_kept): most syncs
 * of a running station ask each kind and find nothing to send. */
static int push_rows(struct ctx *c, const struct push *p, struct ck_error *err)
{
    const char *what = p->sending;
    sqlite3_stmt **st = local_kept(c->l, p, 2);
    if (!st)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code =
        st[0] ? CK_OK : local_prepare_kept(c->l, p->select, &st[0], what, err);
    sqlite3_stmt *q = st[0];
    char now[32];
    snprintf(now, sizeof(now), "%lld", (long long)store_now_ms());
    /* The organizer's badges carry no station. */
    const char *extra[2] = {c->organizer ? NULL : c->hub->station_uid, now};
    /* ?2, where the select has one: the station's name. */
    if (!code && sqlite3_bind_parameter_count(q) >= 2)
        sqlite3_bind_text(q, 2, c->hub->name, -1, SQLITE_STATIC);
    long *count = (long *)((char *)&c->rep->pushed + p->count_off);
    while (!code) {
        json_t *batch = read_batch(c, p, q, err);
        if (!batch) {
            code = err ? err->code : CK_EIO;
            break;
        }
        size_t n = json_array_size(batch);
        if (n == 0) {
            json_decref(batch);
            break;
        }
        /* Prepared only when there is something to note (most syncs of a
         * running station push nothing of most kinds), before the hub
         * takes anything. */
        if (!st[1])
            code = local_prepare_kept(c->l, p->note, &st[1],
                                      N_("noting what the hub holds"), err);
        sqlite3_stmt *done = st[1];
        if (code) {
            json_decref(batch);
            break;
        }
        long got[2] = {0, 0};
        /* The organizer's rows are of no station, and claim no run; a
         * run this session claimed before is claimed still (a claim is
         * never undone), and asking again cost the hub a statement a
         * check-in (docs/performance-history.md, "the push in two round
         * trips"). */
        bool claim = p->claim && !c->organizer && !run_claimed(c, batch);
        if (claim) {
            code = sync_pg_begin(c, err);
            if (!code)
                code = claim_runs(c, batch, err);
            /* Tests stop here, the claim not yet committed. */
            if (!code)
                atomic_file_kill_point("runs-claimed", c->l->path);
            if (!code)
                code = sync_push_json(c, p->hub, batch, extra,
                                      p->with_clock ? 2 : 1, got,
                                      p->conflicts ? 2 : 1, what, err);
        } else {
            code = begin_and_push(c, p, batch, extra, got, err);
        }
        bool counted =
            (p == &PUSH_SCANS || p == &PUSH_SCANS_36 || p == &PUSH_SCANS_30 ||
             p == &PUSH_SCANS_27 || p == &PUSH_SCANS_EXPO ||
             p == &PUSH_SCANS_25 || p == &PUSH_SCANS_EXPO_25 ||
             p == &PUSH_SCANS_16 || p == &PUSH_SCANS_EXPO_16 ||
             p == &PUSH_SCANS_7 || p == &PUBLISH_UNDOS) &&
            c->format >= HUB_FORMAT_TRUST;
        if (!code && (p == &PUSH_CHANGES || p == &PUBLISH_CHANGES) &&
            c->format >= HUB_FORMAT_WAITING)
            code = count_waiting(c, err);
        if (!code && p == &PUSH_CHANGES &&
            c->format >= HUB_FORMAT_VETTED_CHANGES)
            code = count_changes_set_aside(c, err);
        if (code)
            pg_rollback(c->pg);
        else if (counted)
            code = commit_counting_set_aside(c, what, got[0], n, err);
        else
            code = sync_pg_commit(c, what, err);
        if (!code && claim)
            note_claimed(c, batch);
        else if (code && c->said)
            /* Whatever refused it, the next push claims afresh. */
            c->said->claimed_pg = NULL;
        if (!code) {
            /* The hub has the rows; the file does not know yet.  Tests
             * kill here after any push, or after the leads' only. */
            atomic_file_kill_point("pushed", c->l->path);
            if (p == &PUSH_LEADS || p == &PUSH_LEADS_11)
                atomic_file_kill_point("leads-pushed", c->l->path);
            *count += got[0];
            c->rep->conflicts += got[1];
            code = local_begin(c->l, err);
            for (size_t i = 0; !code && i < n; i++) {
                json_t *o = json_array_get(batch, i);
                for (int k = 0; k < 3 && p->noted[k]; k++)
                    bind_json(done, k + 1, json_object_get(o, p->noted[k]),
                              field_of(p, p->noted[k])->kind);
                code = local_done(c->l, done, N_("noting what the hub holds"),
                                  err);
            }
            if (!code)
                code = local_commit(c->l, err);
            else
                local_rollback(c->l);
        }
        json_decref(batch);
        if (n < PUSH_BATCH)
            break;
    }
    local_kept_rest(st, 2);
    return code;
}

int sync_push_rows(struct ctx *c, const struct push *p, struct ck_error *err)
{
    return push_rows(c, p, err);
}

/* The journal's rows not yet at the hub; HOLD: more of the WHERE;
 * ANSWERED: the modes whose check-ins' answers go up.  A hub sets aside
 * a row with answers where it takes none (vet_answers): from format 26 a
 * desk's check-in's, from 28 a door's admission's too (issue 49); to a
 * hub of 26 or 27 a door's admission goes up without its answers, which
 * stay in its file. */
#define SCANS_SELECT(HOLD, ANSWERED)                                           \
    OWN_UNPUSHED_WITH                                                          \
    "SELECT s.station_id, s.station, s.seq, s.at_ms, s.mode, s.target,"        \
    " s.code, s.attendee_ticket_id, s.badge_id, s.decision, s.reason,"         \
    " s.direction, s.override, s.act, s.ref_station_id, s.ref_seq,"            \
    " s.day, s.handed, s.supervisor, s.read_at_ms, CASE WHEN s.mode IN"        \
    " (" ANSWERED ") AND s.act = 'scan' THEN s.answers END "                   \
    "FROM" OWN_UNPUSHED_FROM " WHERE 1" HOLD " ORDER BY s.station_id, s.seq"   \
    " LIMIT ?1"
/* To a hub older than format 31 (no sprints): a run's rows stop at its
 * first sprint check-in (target "sprint:SLUG"), which the hub would set
 * aside for good (scan_fault: a door row of no door it knows); it waits
 * in the file with the rest of its run (a sprint station's run holds
 * sprint rows only) and goes up once the organizer's sync upgraded the
 * hub, as the triage's sends wait for format 32.  The open spaces'
 * board's host scans (door rows of no target) wait so for format 37. */
#define SCANS_HOLD(ROW)                                                        \
    " AND NOT EXISTS (SELECT 1 FROM " JOURNAL_EVERY_ROW " a WHERE"             \
    " a.station_id = s.station_id AND a.seq > coalesce(r.pushed_seq, 0) AND"   \
    " a.seq <= s.seq AND " ROW ")"
#define BOARD_ROW "(a.mode = 'door' AND coalesce(a.target, '') = '')"
#define SCANS_HOLD_SPRINTS                                                     \
    SCANS_HOLD("(substr(a.target, 1, 7) = 'sprint:' OR " BOARD_ROW ")")
#define DESK_ANSWERS "'desk'"
#define DOOR_ANSWERS "'desk', 'door'"
/* An expo station's: a run's rows stop at its first lead row of a booth
 * closed at the hub (the hub takes a run's rows in order only, and would
 * refuse that row and the whole push with it), which waits in the file
 * with the rest of its run until the booth is open again.  Each booth
 * writes under a run of its own (journal_use_run), so only that booth's
 * rows wait. */
#define SCANS_HOLD_CLOSED                                                      \
    " AND NOT EXISTS (SELECT 1 FROM " JOURNAL_EVERY_ROW " a JOIN setting o"    \
    " ON o.key = '" EXPO_CLOSED_KEY "' || a.target WHERE a.station_id ="       \
    " s.station_id AND a.seq > coalesce(r.pushed_seq, 0) AND a.seq <="         \
    " s.seq AND a.mode = 'leads')"

/* The journal, to a hub of format 8 or later: every row `SELECT_` gives,
 * with what it acts on and its day; from format 17 with the time a phone
 * read the code (READ_TYPE ", read_at_ms bigint", READ_COL and READ_SEL
 * ", read_at_ms"; all "" before, and the hub keeps the row without it),
 * from format 26 with a desk's answers (ANSWERS_*).  `differ` reads the
 * snapshot before the insert: rows held already. */
#define PUSH_SCANS_OF(SELECT_, READ_TYPE, READ_COL, READ_SEL)                  \
    {                                                                          \
        .reading = N_("reading the journal to send"),                          \
        .sending = N_("sending the journal"), .select = SELECT_,               \
        .fields = {{"station_id", F_TEXT},                                     \
                   {"station", F_TEXT},                                        \
                   {"seq", F_INT},                                             \
                   {"at_ms", F_INT},                                           \
                   {"mode", F_TEXT},                                           \
                   {"target", F_TEXT},                                         \
                   {"code", F_HEX},                                            \
                   {"ticket", F_TEXT},                                         \
                   {"badge", F_HEX},                                           \
                   {"decision", F_TEXT},                                       \
                   {"reason", F_TEXT},                                         \
                   {"direction", F_TEXT},                                      \
                   {"override", F_TEXT},                                       \
                   {"act", F_TEXT},                                            \
                   {"ref_station_id", F_TEXT},                                 \
                   {"ref_seq", F_INT},                                         \
                   {"day", F_TEXT},                                            \
                   {"handed", F_TEXT},                                         \
                   {"supervisor", F_TEXT},                                     \
                   {"read_at_ms", F_INT},                                      \
                   {"answers", F_TEXT}},                                       \
        .claim = true, .with_clock = true, .conflicts = true,                  \
        .hub =                                                                 \
            "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS"               \
            " x(station_id text, station text, seq bigint, at_ms bigint,"      \
            " mode text, target text, code text, ticket text, badge"           \
            " text, decision text, reason text, direction text, override"      \
            " text, act text, ref_station_id text, ref_seq bigint, day text,"  \
            " handed text, supervisor text" READ_TYPE                          \
            "))," /* In order: the hub refuses a run's row below one it holds  \
                   * (hub_schema.c, vet_scan). */                              \
            " ins AS (INSERT INTO checkin.scan (station_id, seq,"              \
            " station_uid, station, at_ms, mode, target, code,"                \
            " attendee_ticket_id, badge_id, decision, reason, direction,"      \
            " override, act, ref_station_id, ref_seq, day, handed,"            \
            " supervisor" READ_COL ", pushed_ms) SELECT station_id, seq, $2,"  \
            " station,"                                                        \
            " at_ms, mode, target, decode(code, 'hex'), ticket,"               \
            " decode(badge, 'hex'), decision, reason, direction, override,"    \
            " coalesce(act, 'scan'), ref_station_id, ref_seq, day, handed,"    \
            " supervisor" READ_SEL ", $3::bigint FROM x ORDER BY station_id,"  \
            " seq"                                                             \
            " ON CONFLICT (station_id, seq) DO NOTHING RETURNING 1),"          \
            " differ AS (SELECT x.station_id, x.seq FROM x JOIN"               \
            " checkin.scan s USING (station_id, seq) WHERE (s.station,"        \
            " s.at_ms, s.mode, s.target, s.code, s.attendee_ticket_id,"        \
            " s.badge_id, s.decision, s.reason, s.direction, s.override,"      \
            " s.act, s.ref_station_id, s.ref_seq, s.day, s.handed,"            \
            " s.supervisor) IS DISTINCT FROM (x.station, x.at_ms, x.mode,"     \
            " x.target, decode(x.code, 'hex'), x.ticket, decode(x.badge,"      \
            " 'hex'), x.decision, x.reason, x.direction, x.override,"          \
            " coalesce(x.act, 'scan'), x.ref_station_id, x.ref_seq, x.day,"    \
            " x.handed, x.supervisor)),"                                       \
            " noted AS (INSERT INTO checkin.conflict (tbl, station_id,"        \
            " seq, station_uid) SELECT 'scan', station_id, seq,"               \
            " coalesce($2, 'organizer') FROM differ RETURNING 1)"              \
            " SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM"        \
            " noted)",                                                         \
        .note = "INSERT INTO sync_run (station_id, own, "                      \
                "pushed_seq) VALUES (?1, 1, ?2) ON CONFLICT "                  \
                "(station_id) DO UPDATE SET pushed_seq = "                     \
                "max(pushed_seq, excluded.pushed_seq)",                        \
        .noted = {"station_id", "seq"},                                        \
        .count_off = offsetof(struct sync_counts, scans),                      \
    }

#define READ_TYPE_17 ", read_at_ms bigint"
#define READ_COL_17 ", read_at_ms"
/* As the file holds them (text; vet_answers sets aside answers on what
 * is not a desk's check-in or, from format 28, a door's admission:
 * hub_schema_steps.c, ASKED; hub_schema_answers.c). */
#define ANSWERS_TYPE READ_TYPE_17 ", answers text"
#define ANSWERS_COL READ_COL_17 ", answers"

static const struct push PUSH_SCANS = PUSH_SCANS_OF(
    SCANS_SELECT("", DOOR_ANSWERS), ANSWERS_TYPE, ANSWERS_COL, ANSWERS_COL);

/* To a hub of formats 31 to 35: the board's host scans wait. */
static const struct push PUSH_SCANS_36 =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD(BOARD_ROW), DOOR_ANSWERS),
                  ANSWERS_TYPE, ANSWERS_COL, ANSWERS_COL);

/* To a hub of formats 28 to 30: the sprints' check-ins wait. */
static const struct push PUSH_SCANS_30 =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD_SPRINTS, DOOR_ANSWERS), ANSWERS_TYPE,
                  ANSWERS_COL, ANSWERS_COL);

/* To a hub of formats 26 and 27: a desk's answers only. */
static const struct push PUSH_SCANS_27 =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD_SPRINTS, DESK_ANSWERS), ANSWERS_TYPE,
                  ANSWERS_COL, ANSWERS_COL);

/* The same from an expo station (SCANS_HOLD_CLOSED), which asks nothing. */
static const struct push PUSH_SCANS_EXPO =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD_CLOSED, DESK_ANSWERS), ANSWERS_TYPE,
                  ANSWERS_COL, ANSWERS_COL);

/* Both to a hub of formats 17 to 25, which keeps no answers. */
static const struct push PUSH_SCANS_25 =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD_SPRINTS, DESK_ANSWERS), READ_TYPE_17,
                  READ_COL_17, READ_COL_17);
static const struct push PUSH_SCANS_EXPO_25 =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD_CLOSED, DESK_ANSWERS), READ_TYPE_17,
                  READ_COL_17, READ_COL_17);

/* The organizer's undos (`checkin undo` on its file, journaled under
 * REDEMPTION_UNDO_STATION), to a hub of format 18 or later, which takes
 * them as rows of no station ($2 NULL: push_rows gives the organizer
 * none): those naming a row of a run the file pulled from the hub (a
 * station's).  One naming a row the file holds from elsewhere (`checkin
 * merge`) stays in the file: the hub would refuse it, and the whole push
 * with it. */
static const struct push PUBLISH_UNDOS = PUSH_SCANS_OF(
    "SELECT s.station_id, s.station, s.seq, s.at_ms, s.mode, s.target,"
    " s.code, s.attendee_ticket_id, s.badge_id, s.decision, s.reason,"
    " s.direction, s.override, s.act, s.ref_station_id, s.ref_seq,"
    " s.day, s.handed, s.supervisor, s.read_at_ms, NULL FROM " JOURNAL_EVERY_ROW
    " s LEFT JOIN sync_run r ON r.station_id = s.station_id WHERE"
    " coalesce(r.own, 1) = 1 AND s.seq > coalesce(r.pushed_seq, 0) AND"
    " s.act = 'undo' AND s.station = '" REDEMPTION_UNDO_STATION "' AND"
    " EXISTS (SELECT 1 FROM sync_run p WHERE p.station_id ="
    " s.ref_station_id AND p.own = 0) ORDER BY s.station_id, s.seq"
    " LIMIT ?1",
    READ_TYPE_17, READ_COL_17, READ_COL_17);

/* Both to a hub of formats 8 to 16, which keeps no read time. */
static const struct push PUSH_SCANS_16 =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD_SPRINTS, DESK_ANSWERS), "", "", "");
static const struct push PUSH_SCANS_EXPO_16 =
    PUSH_SCANS_OF(SCANS_SELECT(SCANS_HOLD_CLOSED, DESK_ANSWERS), "", "", "");

/* The same to a hub of an older format, which has no act and its
 * fellows: a run's rows up to its first that is not a scan, which waits
 * with those after it for the hub's upgrade (pushed_seq only grows). */
static const struct push PUSH_SCANS_7 = {
    .reading = N_("reading the journal to send"),
    .sending = N_("sending the journal"),
    .select =
        "SELECT s.station_id, s.station, s.seq, s.at_ms, s.mode, s.target,"
        " s.code, s.attendee_ticket_id, s.badge_id, s.decision, s.reason,"
        " s.direction, s.override FROM " JOURNAL_EVERY_ROW " s LEFT JOIN"
        " sync_run r ON r.station_id = s.station_id WHERE coalesce(r.own, 1)"
        " = 1 AND s.seq > coalesce(r.pushed_seq, 0) AND NOT EXISTS (SELECT 1"
        " FROM " JOURNAL_EVERY_ROW " a WHERE a.station_id = s.station_id AND"
        " a.seq > coalesce(r.pushed_seq, 0) AND a.seq <= s.seq AND a.act !="
        " 'scan') ORDER BY s.station_id, s.seq LIMIT ?1",
    .fields = {{"station_id", F_TEXT},
               {"station", F_TEXT},
               {"seq", F_INT},
               {"at_ms", F_INT},
               {"mode", F_TEXT},
               {"target", F_TEXT},
               {"code", F_HEX},
               {"ticket", F_TEXT},
               {"badge", F_HEX},
               {"decision", F_TEXT},
               {"reason", F_TEXT},
               {"direction", F_TEXT},
               {"override", F_TEXT}},
    .claim = true,
    .with_clock = true,
    .conflicts = true,
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS"
           " x(station_id text, station text, seq bigint, at_ms bigint,"
           " mode text, target text, code text, ticket text, badge"
           " text, decision text, reason text, direction text, override"
           " text)),"
           /* In order: the hub refuses a run's row below one it holds
            * (hub_schema.c, vet_scan). */
           " ins AS (INSERT INTO checkin.scan (station_id, seq,"
           " station_uid, station, at_ms, mode, target, code,"
           " attendee_ticket_id, badge_id, decision, reason, direction,"
           " override, pushed_ms) SELECT station_id, seq, $2, station,"
           " at_ms, mode, target, decode(code, 'hex'), ticket,"
           " decode(badge, 'hex'), decision, reason, direction, override,"
           " $3::bigint FROM x ORDER BY station_id, seq"
           " ON CONFLICT (station_id, seq) DO NOTHING RETURNING 1),"
           /* The snapshot before the insert: rows held already. */
           " differ AS (SELECT x.station_id, x.seq FROM x JOIN"
           " checkin.scan s USING (station_id, seq) WHERE (s.station,"
           " s.at_ms, s.mode, s.target, s.code, s.attendee_ticket_id,"
           " s.badge_id, s.decision, s.reason, s.direction, s.override)"
           " IS DISTINCT FROM (x.station, x.at_ms, x.mode, x.target,"
           " decode(x.code, 'hex'), x.ticket, decode(x.badge, 'hex'),"
           " x.decision, x.reason, x.direction, x.override)),"
           " noted AS (INSERT INTO checkin.conflict (tbl, station_id,"
           " seq, station_uid) SELECT 'scan', station_id, seq, $2 FROM"
           " differ RETURNING 1)"
           " SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM"
           " noted)",
    .note = "INSERT INTO sync_run (station_id, own, "
            "pushed_seq) VALUES (?1, 1, ?2) ON CONFLICT "
            "(station_id) DO UPDATE SET pushed_seq = "
            "max(pushed_seq, excluded.pushed_seq)",
    .noted = {"station_id", "seq"},
    .count_off = offsetof(struct sync_counts, scans),
};

/* A lead as the station's file holds it; from format 12 with its tags
 * (the TAGS_ arguments empty before).  A lead of a booth closed at the hub
 * (an expo station's, expo.h) waits in the file: the hub would refuse it,
 * and the whole push with it.  A lead sent to a hub of format 11 (no
 * tags) is noted with its version negated (LEADS_NOTED_11), so that once
 * the hub is upgraded a lead with tags goes up again, with them (AGAIN):
 * the same version, its tags greater than the hub's empty ones, which
 * LEADS_HUB's tie rule takes. */
#define LEADS_SELECT(TAGS_COL, AGAIN)                                          \
    "SELECT l.station_id, l.station, l.seq, l.sponsor_slug, l.badge_id,"       \
    " l.at_ms, l.note, l.rating, l.version" TAGS_COL " FROM lead l LEFT JOIN"  \
    " sync_run r ON r.station_id = l.station_id LEFT JOIN sync_lead p"         \
    " ON p.station_id = l.station_id AND p.seq = l.seq WHERE"                  \
    " coalesce(r.own, 1) = 1 AND (p.version IS NULL OR l.version >"            \
    " abs(p.version)" AGAIN                                                    \
    ") AND NOT EXISTS (SELECT 1 FROM setting o WHERE o.key ="                  \
    " '" EXPO_CLOSED_KEY "' || l.sponsor_slug) ORDER BY l.station_id, l.seq"   \
    " LIMIT ?1"
/* The newest edit of a note wins; a tie (two copies of one file edited
 * apart) goes to the greater note and rating (and tags), as in merge, so
 * every order of pushes ends the same. */
#define LEADS_HUB(TAGS_TYPE, TAGS_COL, TAGS_SET, TAGS_NEW, TAGS_OLD)           \
    "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS"                       \
    " x(station_id text, station text, seq bigint, sponsor text,"              \
    " badge text, at_ms bigint, note text, rating int, version"                \
    " bigint" TAGS_TYPE ")),"                                                  \
    " up AS (INSERT INTO checkin.lead AS l (station_id, seq,"                  \
    " station_uid, station, sponsor_slug, badge_id, at_ms, note,"              \
    " rating, version" TAGS_COL ") SELECT station_id, seq, $2, station,"       \
    " sponsor, decode(badge, 'hex'), at_ms, note, rating,"                     \
    " version" TAGS_COL " FROM x ON CONFLICT (station_id, seq) DO UPDATE"      \
    " SET note = excluded.note, rating = excluded.rating," TAGS_SET            \
    " version = excluded.version WHERE excluded.version >"                     \
    " l.version OR (excluded.version = l.version AND"                          \
    " (excluded.note, coalesce(excluded.rating, 0)" TAGS_NEW ") > (l.note,"    \
    " coalesce(l.rating, 0)" TAGS_OLD ")) RETURNING 1)"                        \
    " SELECT count(*) FROM up"
/* clang-format off */
#define LEADS_FIELDS \
    {"station_id", F_TEXT}, {"station", F_TEXT}, {"seq", F_INT}, \
    {"sponsor", F_TEXT}, {"badge", F_HEX}, {"at_ms", F_INT}, \
    {"note", F_TEXT}, {"rating", F_INT}, {"version", F_INT}
/* A pushed lead noted in the file with its version, with its tags. */
#define LEADS_NOTED \
    .note = "INSERT INTO sync_lead (station_id, seq, version) VALUES" \
            " (?1, ?2, ?3) ON CONFLICT (station_id, seq) DO UPDATE SET" \
            " version = max(abs(version), excluded.version)", \
    .noted = {"station_id", "seq", "version"}, \
    .count_off = offsetof(struct sync_counts, leads)
/* Without its tags (a hub of format 11): the version negated. */
#define LEADS_NOTED_11 \
    .note = "INSERT INTO sync_lead (station_id, seq, version) VALUES" \
            " (?1, ?2, -?3) ON CONFLICT (station_id, seq) DO UPDATE SET" \
            " version = -max(abs(version), abs(excluded.version))", \
    .noted = {"station_id", "seq", "version"}, \
    .count_off = offsetof(struct sync_counts, leads)
/* clang-format on */

static const struct push PUSH_LEADS = {
    .reading = N_("reading the leads to send"),
    .sending = N_("sending the leads"),
    .select = LEADS_SELECT(", l.tags", " OR (p.version < 0 AND l.tags <> '')"),
    .fields = {LEADS_FIELDS, {"tags", F_TEXT}},
    .claim = true,
    .hub = LEADS_HUB(", tags text", ", tags", " tags = excluded.tags,",
                     ", excluded.tags", ", l.tags"),
    LEADS_NOTED,
};

/* To a hub of format 11 or older, which has no tags. */
static const struct push PUSH_LEADS_11 = {
    .reading = N_("reading the leads to send"),
    .sending = N_("sending the leads"),
    .select = LEADS_SELECT("", ""),
    .fields = {LEADS_FIELDS},
    .claim = true,
    .hub = LEADS_HUB("", "", "", "", ""),
    LEADS_NOTED_11,
};

static const struct push PUSH_BADGES = {
    .reading = N_("reading the badges issued here to send"),
    .sending = N_("sending the badges issued here"),
    .select =
        "SELECT b.badge_id, a.ticket_id, t.slug, b.issue, b.key_id,"
        " b.issued_ms FROM badge b JOIN attendee a ON a.id = b.attendee_id"
        " LEFT JOIN tutorial t ON t.id = b.tutorial_id WHERE b.badge_id NOT"
        " IN (SELECT badge_id FROM sync_badge) LIMIT ?1",
    .fields = {{"badge", F_HEX},
               {"ticket", F_TEXT},
               {"tutorial", F_TEXT},
               {"issue", F_INT},
               {"key_id", F_INT},
               {"issued_ms", F_INT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(badge"
           " text, ticket text, tutorial text, issue int, key_id int,"
           " issued_ms bigint)),"
           " ins AS (INSERT INTO checkin.badge (badge_id, ticket_id,"
           " tutorial, issue, key_id, issued_ms, station_uid) SELECT"
           " decode(badge, 'hex'), ticket, tutorial, issue, key_id,"
           " issued_ms, $2 FROM x ON CONFLICT (badge_id) DO NOTHING"
           " RETURNING 1)"
           " SELECT count(*) FROM ins",
    .note = "INSERT OR IGNORE INTO sync_badge (badge_id) "
            "VALUES (?1)",
    .noted = {"badge"},
    .count_off = offsetof(struct sync_counts, badges),
};

/* A desk's print jobs.  To a hub older than format 36 not an auction
 * door's paddle labels (schema 26): a paddle's label is only its door's
 * to print again.  From format 36 they go too, so that the organizer
 * sees a label that failed (hub status); no station prints the hub's
 * jobs (the organizer keeps them in station_print_job). */
#define JOBS_PUSH(KIND)                                                        \
    {                                                                          \
        .reading = N_("reading the print jobs to send"),                       \
        .sending = N_("sending the print jobs"),                               \
        .select =                                                              \
            "SELECT j.id, a.ticket_id, j.badge_id, j.kind, t.slug, "           \
            "j.template,"                                                      \
            " j.printer, j.state, j.attempts, j.error, j.reprint_reason,"      \
            " j.created_ms, j.updated_ms FROM print_job j JOIN attendee a ON"  \
            " a.id = j.attendee_id LEFT JOIN tutorial t ON t.id = "            \
            "j.tutorial_id"                                                    \
            " LEFT JOIN sync_job s ON s.job_id = j.id WHERE" KIND              \
            " (s.job_id IS NULL OR s.state != j.state OR s.updated_ms !="      \
            " j.updated_ms) ORDER BY j.id LIMIT ?1",                           \
        .fields = {{"job_id", F_INT},          {"ticket", F_TEXT},             \
                   {"badge", F_HEX},           {"kind", F_TEXT},               \
                   {"tutorial", F_TEXT},       {"template", F_TEXT},           \
                   {"printer", F_TEXT},        {"state", F_TEXT},              \
                   {"attempts", F_INT},        {"error", F_TEXT},              \
                   {"reprint_reason", F_TEXT}, {"created_ms", F_INT},          \
                   {"updated_ms", F_INT}},                                     \
        .hub =                                                                 \
            "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(job_id"      \
            " bigint, ticket text, badge text, kind text, tutorial text,"      \
            " template text, printer text, state text, attempts int, error"    \
            " text, reprint_reason text, created_ms bigint, updated_ms"        \
            " bigint)),"                                                       \
            " up AS (INSERT INTO checkin.print_job AS j (station_uid, job_id," \
            " ticket_id, badge_id, kind, tutorial, template, printer, state,"  \
            " attempts, error, reprint_reason, created_ms, updated_ms)"        \
            " SELECT $2, job_id, ticket, decode(badge, 'hex'), kind,"          \
            " tutorial, template, printer, state, attempts, error,"            \
            " reprint_reason, created_ms, updated_ms FROM x ON CONFLICT"       \
            " (station_uid, job_id) DO UPDATE SET badge_id ="                  \
            " excluded.badge_id, template = excluded.template, printer ="      \
            " excluded.printer, state = excluded.state, attempts ="            \
            " excluded.attempts, error = excluded.error, updated_ms ="         \
            " excluded.updated_ms WHERE (j.state, j.updated_ms, j.attempts)"   \
            " IS DISTINCT FROM (excluded.state, excluded.updated_ms,"          \
            " excluded.attempts) RETURNING 1)"                                 \
            " SELECT count(*) FROM up",                                        \
        .note = "INSERT OR REPLACE INTO sync_job (job_id, "                    \
                "state, updated_ms) VALUES (?1, ?2, ?3)",                      \
        .noted = {"job_id", "state", "updated_ms"},                            \
        .count_off = offsetof(struct sync_counts, jobs),                       \
    }
static const struct push PUSH_JOBS = JOBS_PUSH(" j.kind != 'paddle' AND");
static const struct push PUSH_JOBS_PADDLES = JOBS_PUSH("");
#undef JOBS_PUSH

/* Pre-printed badges (hub format 27, hub_schema_preprint.c).  The
 * organizer's run: each place the hub does not hold as the file has it,
 * and each the hub holds that a later run left out (sent with box NULL);
 * sync_preprint notes what the hub holds, `place` its box, position and
 * run time in one text. */
#define PLACE_OF(P) P ".box || '/' || " P ".position || '/' || " P ".run_at_ms"
static const struct push PUBLISH_PREPRINTS = {
    .reading = N_("reading the pre-printed badges' places to send"),
    .sending = N_("sending the pre-printed badges' places"),
    .select =
        "SELECT p.ticket_id, p.issue, p.box, p.position, "
        "p.run_at_ms, " PLACE_OF(
            "p") " FROM preprint p LEFT JOIN sync_preprint s ON"
                 " s.ticket_id = p.ticket_id WHERE s.issue IS NOT p.issue OR"
                 " s.place IS NOT (" PLACE_OF(
                     "p") ") UNION ALL SELECT"
                          " s.ticket_id, s.issue, NULL, 1, 0, NULL FROM "
                          "sync_preprint s"
                          " WHERE s.place IS NOT NULL AND NOT EXISTS (SELECT 1 "
                          "FROM"
                          " preprint p WHERE p.ticket_id = s.ticket_id) LIMIT "
                          "?1",
    .fields = {{"ticket", F_TEXT},
               {"issue", F_INT},
               {"box", F_TEXT},
               {"position", F_INT},
               {"run_at_ms", F_INT},
               {"place", F_TEXT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(ticket"
           " text, issue int, box text, position bigint, run_at_ms bigint)),"
           " up AS (INSERT INTO checkin.preprint AS p (ticket_id, issue, box,"
           " position, run_at_ms) SELECT ticket, issue, box, position,"
           " run_at_ms FROM x WHERE $2::text IS NULL ON CONFLICT (ticket_id)"
           " DO UPDATE SET issue ="
           " excluded.issue, box = excluded.box, position ="
           " excluded.position, run_at_ms = excluded.run_at_ms WHERE"
           " (p.issue, p.box, p.position, p.run_at_ms) IS DISTINCT FROM"
           " (excluded.issue, excluded.box, excluded.position,"
           " excluded.run_at_ms) RETURNING 1)"
           " SELECT count(*) FROM up",
    .note = "INSERT OR REPLACE INTO sync_preprint (ticket_id, issue, place)"
            " VALUES (?1, ?2, ?3)",
    .noted = {"ticket", "issue", "place"},
    .count_off = offsetof(struct sync_counts, preprints),
};

/* A desk's hand-overs the hub does not hold (those pulled from the hub are
 * noted as held).  The hub keeps the first one sent of a badge and names
 * the desk by its own station row, whatever the desk sent. */
static const struct push PUSH_HANDOVERS = {
    .reading = N_("reading the pre-printed badges handed over to send"),
    .sending = N_("sending the pre-printed badges handed over"),
    .select = "SELECT p.ticket_id, p.issue, p.handed_station, p.handed_at_ms"
              " FROM preprint p WHERE p.handed_at_ms > 0 AND NOT EXISTS"
              " (SELECT 1 FROM sync_handover s WHERE s.ticket_id ="
              " p.ticket_id AND s.issue = p.issue) LIMIT ?1",
    .fields = {{"ticket", F_TEXT},
               {"issue", F_INT},
               {"station", F_TEXT},
               {"at_ms", F_INT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(ticket"
           " text, issue int, station text, at_ms bigint)),"
           " ins AS (INSERT INTO checkin.handover (ticket_id, issue,"
           " station_uid, station, at_ms) SELECT ticket, issue, $2,"
           " left(coalesce(station, ''), 63), at_ms FROM x WHERE"
           " length(ticket) <= 200 AND issue >= 1 AND at_ms > 0 ON CONFLICT"
           " (ticket_id, issue) DO NOTHING RETURNING 1)"
           " SELECT count(*) FROM ins",
    .note = "INSERT OR IGNORE INTO sync_handover (ticket_id, issue)"
            " VALUES (?1, ?2)",
    .noted = {"ticket", "issue"},
    .count_off = offsetof(struct sync_counts, handovers),
};

/* Open spaces' claims and releases (hub format 30,
 * hub_schema_open_spaces.c): the file's rows the hub does not hold (those
 * pulled from it are noted as held), each kept once by its key.  The hub
 * names a desk's rows by its own station row; the organizer's carry no
 * station.  Who holds a slot is settled on every station from the same
 * rows (event/open_space.c). */
static const struct push PUSH_OPEN_SPACES = {
    .reading = N_("reading the open spaces' claims to send"),
    .sending = N_("sending the open spaces' claims"),
    .select = "SELECT c.station_id, c.seq, c.station, c.at_ms, c.act, c.room,"
              " c.slot_ms, c.host_ticket_id, c.title FROM open_space_claim c"
              " WHERE NOT EXISTS (SELECT 1 FROM sync_open_space s WHERE"
              " s.station_id = c.station_id AND s.seq = c.seq) ORDER BY"
              " c.at_ms LIMIT ?1",
    .fields = {{"station_id", F_TEXT},
               {"seq", F_INT},
               {"station", F_TEXT},
               {"at_ms", F_INT},
               {"act", F_TEXT},
               {"room", F_TEXT},
               {"slot_ms", F_INT},
               {"host", F_TEXT},
               {"title", F_TEXT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(station_id"
           " text, seq bigint, station text, at_ms bigint, act text, room"
           " text, slot_ms bigint, host text, title text)),"
           " ins AS (INSERT INTO checkin.open_space_claim (station_id, seq,"
           " station_uid, station, at_ms, act, room, slot_ms, host_ticket_id,"
           " title) SELECT station_id, seq, $2, left(coalesce(station, ''),"
           " 63), at_ms, act, room, slot_ms, host, coalesce(title, '') FROM x"
           " WHERE length(station_id) <= 64 AND seq >= 1 AND at_ms > 0 AND"
           " act IN ('claim', 'release') AND length(room) BETWEEN 1 AND 47"
           " AND slot_ms IS NOT NULL AND coalesce(length(host), 0) <= 200"
           " AND coalesce(length(title), 0) <= 800 ON CONFLICT (station_id,"
           " seq) DO NOTHING RETURNING 1)"
           " SELECT count(*) FROM ins",
    .note = "INSERT OR IGNORE INTO sync_open_space (station_id, seq)"
            " VALUES (?1, ?2)",
    .noted = {"station_id", "seq"},
    .count_off = offsetof(struct sync_counts, open_spaces),
};

int sync_push_open_spaces(struct ctx *c, struct ck_error *err)
{
    /* To an older hub they wait in the file for its upgrade. */
    return c->format >= HUB_FORMAT_OPEN_SPACES
               ? push_rows(c, &PUSH_OPEN_SPACES, err)
               : CK_OK;
}

/* ---- hub format 32: the triage's sends (issue 55.4) ----
 * Whom the triage sent to which desk (hub_schema_triage.c): the file's
 * triage_sent rows the hub does not hold, each kept once by its key.  The
 * hub names a desk's rows by its own station row; the organizer's carry
 * no station.  Only the organizer reads them back, for the dashboard. */
static const struct push PUSH_TRIAGE = {
    .reading = N_("reading the triage's sends to send"),
    .sending = N_("sending the triage's sends"),
    .select = "SELECT t.station_id, t.seq, t.station, t.at_ms, t.ticket_id,"
              " t.desk, t.letters FROM triage_sent t WHERE NOT EXISTS"
              " (SELECT 1 FROM sync_triage s WHERE s.station_id ="
              " t.station_id AND s.seq = t.seq) ORDER BY t.at_ms LIMIT ?1",
    .fields = {{"station_id", F_TEXT},
               {"seq", F_INT},
               {"station", F_TEXT},
               {"at_ms", F_INT},
               {"ticket_id", F_TEXT},
               {"desk", F_TEXT},
               {"letters", F_TEXT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(station_id"
           " text, seq bigint, station text, at_ms bigint, ticket_id text,"
           " desk text, letters text)),"
           " ins AS (INSERT INTO checkin.triage_sent (station_id, seq,"
           " station_uid, station, at_ms, ticket_id, desk, letters) SELECT"
           " station_id, seq, $2, left(coalesce(station, ''), 63), at_ms,"
           " ticket_id, desk, coalesce(letters, '') FROM x WHERE"
           " length(station_id) <= 64 AND seq >= 1 AND at_ms > 0 AND"
           " length(ticket_id) BETWEEN 1 AND 200 AND length(desk) BETWEEN 1"
           " AND 40 AND coalesce(length(letters), 0) <= 79 ON CONFLICT"
           " (station_id, seq) DO NOTHING RETURNING 1)"
           " SELECT count(*) FROM ins",
    .note = "INSERT OR IGNORE INTO sync_triage (station_id, seq)"
            " VALUES (?1, ?2)",
    .noted = {"station_id", "seq"},
    .count_off = offsetof(struct sync_counts, triage),
};

int sync_push_triage(struct ctx *c, struct ck_error *err)
{
    /* To an older hub they wait in the file for its upgrade. */
    return c->format >= HUB_FORMAT_TRIAGE ? push_rows(c, &PUSH_TRIAGE, err)
                                          : CK_OK;
}
/* ---- end of hub format 32 ---- */

int sync_publish_preprints(struct ctx *c, struct ck_error *err)
{
    return c->format >= HUB_FORMAT_BOXES ? push_rows(c, &PUBLISH_PREPRINTS, err)
                                         : CK_OK;
}

/* Walk-ins and edits (registration_change; hub format 11): the rows the
 * hub does not hold yet, create rows first so that an edit of a walk-in
 * finds its registration.  The hub vets each (hub_schema.c, CHANGES): a
 * desk may send only rows named for itself, so a desk sends those (rows
 * a command wrote under another name stay in its file); the organizer,
 * who owns the hub, sends every row its file holds that the hub does not
 * (made on the laptop or taken in by a merge).
 *
 * A hub of format 11 or 12 drops an edit of a ticket it does not hold
 * (format 13 sets it aside).  An edit sent to one is noted with its
 * number negated (CHANGES_NOTE_12), as a lead sent without its tags is:
 * held for that hub, sent once more to a hub of format 13 or later
 * (SENT_EXACT), which takes it or sets it aside if it was dropped, and
 * takes nothing twice (vet_registration_change lets a row it holds
 * through to ON CONFLICT DO NOTHING). */
#define CHANGES_SELECT(WHERE, SENT)                                            \
    "SELECT c.station_id, c.station, c.seq, c.at_ms, c.ticket_id, c.kind,"     \
    " c.field, c.value, c.base, c.supervisor FROM registration_change c"       \
    " WHERE " WHERE " NOT EXISTS (SELECT 1 FROM sync_change s WHERE"           \
    " s.station_id = c.station_id AND " SENT ") ORDER BY c.kind ="             \
    " 'edit', c.station_id, c.seq LIMIT ?1"
#define SENT_EXACT "s.seq = c.seq"
#define SENT_12 "s.seq IN (c.seq, -c.seq)"
#define CHANGES_FIELDS                                                         \
    {                                                                          \
        {"station_id", F_TEXT}, {"station", F_TEXT}, {"seq", F_INT},           \
            {"at_ms", F_INT}, {"ticket", F_TEXT}, {"kind", F_TEXT},            \
            {"field", F_TEXT}, {"value", F_TEXT}, {"base", F_TEXT},            \
        {                                                                      \
            "supervisor", F_TEXT                                               \
        }                                                                      \
    }
#define CHANGES_HUB                                                            \
    "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(station_id text,"    \
    " station text, seq bigint, at_ms bigint, ticket text, kind text, field"   \
    " text, value text, base text, supervisor text)),"                         \
    " ins AS (INSERT INTO checkin.registration_change (station_id, seq,"       \
    " station_uid, station, at_ms, ticket_id, kind, field, value, base,"       \
    " supervisor) SELECT station_id, seq, $2, station, at_ms, ticket, kind,"   \
    " field, value, base, supervisor FROM x ORDER BY kind = 'edit',"           \
    " station_id, seq ON CONFLICT (station_id, seq) DO NOTHING RETURNING 1),"  \
    " differ AS (SELECT x.station_id, x.seq FROM x JOIN"                       \
    " checkin.registration_change s USING (station_id, seq) WHERE"             \
    " (s.station, s.at_ms, s.ticket_id, s.kind, s.field, s.value, s.base,"     \
    " s.supervisor) IS DISTINCT FROM (x.station, x.at_ms, x.ticket, x.kind,"   \
    " x.field, x.value, x.base, x.supervisor)),"                               \
    " noted AS (INSERT INTO checkin.conflict (tbl, station_id, seq,"           \
    " station_uid) SELECT 'registration_change', station_id, seq, $2 FROM"     \
    " differ WHERE $2 IS NOT NULL RETURNING 1)"                                \
    " SELECT (SELECT count(*) FROM ins), (SELECT count(*) FROM noted)"
#define CHANGES_NOTE                                                           \
    "INSERT OR IGNORE INTO sync_change (station_id, seq) VALUES (?1, ?2)"
#define CHANGES_NOTE_12                                                        \
    "INSERT OR IGNORE INTO sync_change (station_id, seq) VALUES (?1, CASE"     \
    " WHEN ?3 = 'edit' THEN -?2 ELSE ?2 END)"

static const struct push PUSH_CHANGES = {
    .reading = N_("reading the walk-ins and edits to send"),
    .sending = N_("sending the walk-ins and edits"),
    .select = CHANGES_SELECT("c.station = ?2 AND", SENT_EXACT),
    .fields = CHANGES_FIELDS,
    .claim = true,
    .conflicts = true,
    .hub = CHANGES_HUB,
    .note = CHANGES_NOTE,
    .noted = {"station_id", "seq"},
    .count_off = offsetof(struct sync_counts, changes),
};

static const struct push PUBLISH_CHANGES = {
    .reading = N_("reading the walk-ins and edits to send"),
    .sending = N_("sending the walk-ins and edits"),
    .select = CHANGES_SELECT("", SENT_EXACT),
    .fields = CHANGES_FIELDS,
    .conflicts = true,
    .hub = CHANGES_HUB,
    .note = CHANGES_NOTE,
    .noted = {"station_id", "seq"},
    .count_off = offsetof(struct sync_counts, changes),
};

/* The same to a hub of format 11 or 12, which may drop an edit. */
static const struct push PUSH_CHANGES_12 = {
    .reading = N_("reading the walk-ins and edits to send"),
    .sending = N_("sending the walk-ins and edits"),
    .select = CHANGES_SELECT("c.station = ?2 AND", SENT_12),
    .fields = CHANGES_FIELDS,
    .claim = true,
    .conflicts = true,
    .hub = CHANGES_HUB,
    .note = CHANGES_NOTE_12,
    .noted = {"station_id", "seq", "kind"},
    .count_off = offsetof(struct sync_counts, changes),
};

static const struct push PUBLISH_CHANGES_12 = {
    .reading = N_("reading the walk-ins and edits to send"),
    .sending = N_("sending the walk-ins and edits"),
    .select = CHANGES_SELECT("", SENT_12),
    .fields = CHANGES_FIELDS,
    .conflicts = true,
    .hub = CHANGES_HUB,
    .note = CHANGES_NOTE_12,
    .noted = {"station_id", "seq", "kind"},
    .count_off = offsetof(struct sync_counts, changes),
};

int sync_push_changes(struct ctx *c, struct ck_error *err)
{
    if (c->format < HUB_FORMAT_CHANGES)
        return CK_OK; /* they wait in the file for the hub's upgrade */
    if (c->format < HUB_FORMAT_WAITING)
        return push_rows(
            c, c->organizer ? &PUBLISH_CHANGES_12 : &PUSH_CHANGES_12, err);
    return push_rows(c, c->organizer ? &PUBLISH_CHANGES : &PUSH_CHANGES, err);
}

/* ---- push: badges, revocations, print jobs ---------------------------- */

/* The event's current signing keys, sealed to each live desk that lacks
 * them (credential_seal_key): after `checkin rotate-key` every desk
 * prints with the new key from its next sync, without being enrolled
 * again.  The secret half is read from the key file beside the event
 * database (where init and rotate-key put it); when that is not the key
 * a desk waits for, the report says so. */
int sync_publish_desk_keys(struct ctx *c, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(
        c->pg,
        "SELECT s.uid, encode(s.box_key, 'hex'), k.key_id FROM"
        " checkin.station s JOIN checkin.signing_key k ON k.retired_ms IS"
        " NULL WHERE s.kind = 'desk' AND s.retired_ms IS NULL AND s.box_key"
        " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM checkin.station_key x"
        " WHERE x.station_uid = s.uid AND x.key_id = k.key_id)",
        0, NULL, &r, N_("reading which desks need a signing key"), err);
    if (code || PQntuples(r) == 0) {
        PQclear(r);
        return code;
    }
    credential_default_key_path(c->l->path, c->rep->key_path,
                                sizeof(c->rep->key_path));
    struct badge_key key;
    struct ck_error kerr;
    bool have = !credential_load_key(c->l->s, c->rep->key_path, &key, &kerr);
    json_t *batch = json_array();
    for (int i = 0; i < PQntuples(r) && !code; i++) {
        uint8_t box[CREDENTIAL_BOX_KEY_BYTES];
        uint8_t sealed[CREDENTIAL_SEALED_KEY_BYTES];
        char hex[2 * CREDENTIAL_SEALED_KEY_BYTES + 1];
        if (!have || key.key_id != strtol(PQgetvalue(r, i, 2), NULL, 10) ||
            sync_unhex(PQgetvalue(r, i, 1), box, sizeof(box)) != sizeof(box)) {
            c->rep->keys_waiting++;
            continue;
        }
        code = credential_seal_key(&key, box, sealed, err);
        if (code)
            break;
        sodium_bin2hex(hex, sizeof(hex), sealed, sizeof(sealed));
        json_t *o = json_object();
        json_object_set_new(o, "uid", json_string(PQgetvalue(r, i, 0)));
        json_object_set_new(o, "key_id", json_integer(key.key_id));
        json_object_set_new(o, "sealed", json_string(hex));
        json_array_append_new(batch, o);
    }
    if (have)
        badge_key_wipe(&key);
    PQclear(r);
    long got = 0;
    if (!code && json_array_size(batch) > 0)
        code =
            sync_push_json(c,
                           "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS"
                           " x(uid text, key_id int, sealed text)),"
                           " ins AS (INSERT INTO checkin.station_key"
                           " (station_uid, key_id, sealed) SELECT uid, key_id,"
                           " decode(sealed, 'hex') FROM x ON CONFLICT DO"
                           " NOTHING RETURNING 1) SELECT count(*) FROM ins",
                           batch, NULL, 0, &got, 1,
                           N_("sending the signing key to the desks"), err);
    c->rep->pushed.desk_keys += got;
    json_decref(batch);
    return code;
}

/* ---- an expo station's booths (docs/phones.md, "The hub") ------------- */

/* The booths the hub holds open for this station (its role reads its own
 * checkin.expo_booth rows only), into the file: each sponsor of the file
 * not among them is noted closed, each among them open (expo.h).  The
 * file is written only when that changes something. */
static int learn_booths(struct ctx *c, struct ck_error *err)
{
    const char *uid = c->hub->station_uid;
    PGresult *r;
    int code = pg_query(c->pg,
                        "SELECT coalesce(json_agg(sponsor ORDER BY sponsor),"
                        " '[]')::text FROM checkin.expo_booth WHERE"
                        " station_uid = $1 AND removed_ms IS NULL",
                        1, &uid, &r, N_("reading this station's booths"), err);
    if (code)
        return code;
    char *open = strdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    if (!open)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    static const char *const SQL[] = {
        "SELECT (SELECT count(*) FROM setting WHERE substr(key, 1, 9) = "
        "'" EXPO_CLOSED_KEY "' AND substr(key, 10) IN (SELECT value FROM"
        " json_each(?1))) + (SELECT count(*) FROM sponsor WHERE slug NOT IN"
        " (SELECT value FROM json_each(?1)) AND NOT EXISTS (SELECT 1 FROM"
        " setting WHERE key = '" EXPO_CLOSED_KEY "' || slug))",
        "DELETE FROM setting WHERE substr(key, 1, 9) = '" EXPO_CLOSED_KEY
        "' AND substr(key, 10) IN (SELECT value FROM json_each(?1))",
        "INSERT INTO setting (key, value) SELECT '" EXPO_CLOSED_KEY
        "' || slug, 'closed at the hub' FROM sponsor WHERE slug NOT IN"
        " (SELECT value FROM json_each(?1)) ON CONFLICT (key) DO NOTHING",
    };
    sqlite3_stmt *q[3] = {NULL, NULL, NULL};
    for (int i = 0; !code && i < 3; i++)
        code = local_prepare(c->l, SQL[i], &q[i], N_("noting the booths"), err);
    long differ = 0;
    if (!code) {
        sqlite3_bind_text(q[0], 1, open, -1, SQLITE_STATIC);
        int rc = sqlite3_step(q[0]);
        if (rc == SQLITE_ROW)
            differ = sqlite3_column_int64(q[0], 0);
        else
            code = local_fail(c->l, rc, N_("noting the booths"), err);
    }
    if (!code && differ > 0) {
        code = local_begin(c->l, err);
        for (int i = 1; !code && i < 3; i++) {
            sqlite3_bind_text(q[i], 1, open, -1, SQLITE_STATIC);
            code = local_done(c->l, q[i], N_("noting the booths"), err);
        }
        if (!code)
            code = local_commit(c->l, err);
        else
            local_rollback(c->l);
    }
    if (!code)
        c->rep->booths_learned += differ;
    for (int i = 0; i < 3; i++)
        sqlite3_finalize(q[i]);
    free(open);
    return code;
}

/* The leads held back in the file (their booth closed at the hub), for
 * the report: how many, and whose. */
static int count_held(struct ctx *c, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(
        c->l,
        "SELECT l.sponsor_slug, count(*) FROM lead l JOIN setting o ON o.key"
        " = '" EXPO_CLOSED_KEY "' || l.sponsor_slug LEFT JOIN sync_run r ON"
        " r.station_id = l.station_id LEFT JOIN sync_lead p ON p.station_id ="
        " l.station_id AND p.seq = l.seq WHERE coalesce(r.own, 1) = 1 AND"
        " (p.version IS NULL OR l.version > abs(p.version)) GROUP BY 1 ORDER"
        " BY 1",
        &q, N_("counting the leads held back"), err);
    if (code)
        return code;
    struct sync_report *rep = c->rep;
    rep->leads_held = 0;
    rep->held_booths[0] = '\0';
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *slug = (const char *)sqlite3_column_text(q, 0);
        size_t n = strlen(rep->held_booths);
        rep->leads_held += sqlite3_column_int64(q, 1);
        if (n + strlen(slug) + 3 < sizeof(rep->held_booths))
            snprintf(rep->held_booths + n, sizeof(rep->held_booths) - n, "%s%s",
                     n ? ", " : "", slug);
    }
    if (rc != SQLITE_DONE)
        code = local_fail(c->l, rc, N_("counting the leads held back"), err);
    sqlite3_finalize(q);
    return code;
}

/* A desk's rows (walk-ins and edits, check-ins, badges and their
 * revocations, print jobs, hand-overs, open spaces, the triage's, the
 * auction's), each kind read for what the hub lacks. */
static int push_desk(struct ctx *c, struct ck_error *err);

int sync_push_station(struct ctx *c, struct ck_error *err)
{
    if (!strcmp(c->kind, "desk"))
        return push_desk(c, err);
    int code = CK_OK;
    bool expo = !strcmp(c->kind, "expo");
    /* An expo station learns its booths first: a lead of a booth closed
     * at the hub is held back, and one reopened goes up in this push. */
    if (!code && expo && c->format >= HUB_FORMAT_EXPO)
        code = learn_booths(c, err);
    if (!code)
        code = push_rows(c,
                         c->format < HUB_FORMAT_ACTS ? &PUSH_SCANS_7
                         : c->format < HUB_FORMAT_READ_AT
                             ? (expo ? &PUSH_SCANS_EXPO_16 : &PUSH_SCANS_16)
                         : c->format < HUB_FORMAT_ASKED
                             ? (expo ? &PUSH_SCANS_EXPO_25 : &PUSH_SCANS_25)
                         : expo ? &PUSH_SCANS_EXPO
                         : c->format < HUB_FORMAT_DOOR_ANSWERS ? &PUSH_SCANS_27
                         : c->format < HUB_FORMAT_SPRINTS      ? &PUSH_SCANS_30
                         : c->format < HUB_FORMAT_BOARD        ? &PUSH_SCANS_36
                                                               : &PUSH_SCANS,
                         err);
    if (!code && (!strcmp(c->kind, "leads") || !strcmp(c->kind, "expo")))
        code = push_rows(
            c, c->format >= HUB_FORMAT_EXPO ? &PUSH_LEADS : &PUSH_LEADS_11,
            err);
    if (!code && expo)
        code = count_held(c, err);
    /* A triage's file (hub format 34) sends its sends, nothing else: it
     * journals no row, prints and hands over nothing. */
    if (!code && !strcmp(c->kind, "triage"))
        code = sync_push_triage(c, err);
    return code;
}

static int push_desk_rows(struct ctx *c, struct ck_error *err)
{
    /* Its walk-ins first: its check-ins and badges name them, and the
     * hub knows a ticket only once its registration is made. */
    int code = sync_push_changes(c, err);
    if (!code)
        code = push_rows(c,
                         c->format < HUB_FORMAT_ACTS           ? &PUSH_SCANS_7
                         : c->format < HUB_FORMAT_READ_AT      ? &PUSH_SCANS_16
                         : c->format < HUB_FORMAT_ASKED        ? &PUSH_SCANS_25
                         : c->format < HUB_FORMAT_DOOR_ANSWERS ? &PUSH_SCANS_27
                         : c->format < HUB_FORMAT_SPRINTS      ? &PUSH_SCANS_30
                         : c->format < HUB_FORMAT_BOARD        ? &PUSH_SCANS_36
                                                               : &PUSH_SCANS,
                         err);
    if (!code)
        code = push_rows(c, &PUSH_BADGES, err);
    if (!code)
        code =
            push_rows(c,
                      c->format >= HUB_FORMAT_AUCTION_VOID ? &PUSH_JOBS_PADDLES
                                                           : &PUSH_JOBS,
                      err);
    /* To an older hub they wait in the file for its upgrade. */
    if (!code && c->format >= HUB_FORMAT_BOXES)
        code = push_rows(c, &PUSH_HANDOVERS, err);
    if (!code)
        code = sync_push_open_spaces(c, err);
    if (!code)
        code = sync_push_triage(c, err);
    if (!code)
        code = sync_push_auction(c, err);
    return code;
}

static int push_desk(struct ctx *c, struct ck_error *err)
{
    struct sync_said *said = c->said;
    int64_t version = 0;
    int code = said ? sync_file_version(c, &version, err) : CK_OK;
    bool idle = said && said->push_idle && said->push_version == version &&
                said->push_format == c->format;
    if (!code && !idle) {
        static const struct sync_counts none;
        if (said)
            said->push_idle = false;
        code = push_desk_rows(c, err);
        /* Nothing went up and nothing was refused: the next sync reads
         * them again only after another connection's commit. */
        if (!code && said && !memcmp(&c->rep->pushed, &none, sizeof(none)) &&
            !c->rep->set_aside && !c->rep->changes_set_aside &&
            !c->rep->conflicts) {
            said->push_idle = true;
            said->push_version = version;
            said->push_format = c->format;
        }
    }
    /* Its own gate: a pull of registrations or badges moves them too. */
    if (!code)
        code = sync_push_revoked(c, err);
    return code;
}

int sync_publish_undos(struct ctx *c, struct ck_error *err)
{
    return c->format >= HUB_FORMAT_ORGANIZER_UNDO
               ? push_rows(c, &PUBLISH_UNDOS, err)
               : CK_OK;
}

int sync_push_badges(struct ctx *c, struct ck_error *err)
{
    int code = push_rows(c, &PUSH_BADGES, err);
    if (!code)
        code = sync_push_revoked(c, err);
    return code;
}
