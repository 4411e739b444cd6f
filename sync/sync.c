/* One sync of an event database or a station file with the hub: push what
 * this file wrote, then pull what the others wrote.  Not the scan path:
 * a station decides without the hub, and nothing here is waited for.
 *
 * Push.  Rows go up in batches of PUSH_BATCH, each one statement over a
 * JSON array (jsonb_to_recordset) inside one transaction, with ON CONFLICT
 * on the row's own key: a batch sent twice (the station killed after the
 * hub committed, before it noted so) adds nothing the second time.  A row
 * the hub holds under the same key with other content is counted and
 * recorded as a conflict; the hub's row is kept.  Only then does the file
 * note what the hub holds (sync_run.pushed_seq, sync_lead, sync_badge,
 * sync_job, sync_reg).
 *
 * Pull.  One REPEATABLE READ transaction on the hub takes its snapshot's
 * xmin (pg_snapshot_xmin(pg_current_snapshot())): every transaction with
 * a smaller id has ended, and what it committed is in the snapshot.  Each
 * table is read from the horizon noted last time (rows whose hub_xid is at
 * or above it), and the new horizon is noted once its rows are in.  A row
 * whose transaction was still open at the last pull has an id at or above
 * that horizon, so it is read this time, whatever hub_seq it took: nothing
 * committed late is skipped.  Rows above the horizon are read again next
 * time and change nothing (the local inserts are idempotent). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkin/atomic_file.h"
#include "checkin/badge.h"
#include "checkin/credential.h"
#include "checkin/journal.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "hub_schema.h"
#include "pg.h"
#include "sync_priv.h"

#define PUSH_BATCH 1000
#define APPLY_BATCH                                                            \
    500 /* local rows per transaction: a station deciding a                    \
           scan waits at most a second for the lock */

struct ctx {
    struct local *l;
    const struct local_hub *hub;
    PGconn *pg;
    bool organizer;
    int format;      /* the hub's (checkin.hub.format) */
    char kind[16];   /* desk, door, leads */
    char target[64]; /* tutorial or sponsor slug */
    struct sync_report *rep;
};

void sync_random_hex(char *out, size_t n)
{
    uint8_t buf[64];
    if (n > sizeof(buf))
        n = sizeof(buf);
    randombytes_buf(buf, n);
    sodium_bin2hex(out, 2 * n + 1, buf, n);
}

/* ---- small helpers ------------------------------------------------- */

static json_t *col_text(sqlite3_stmt *q, int i)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return json_null();
    const unsigned char *t = sqlite3_column_text(q, i);
    return json_stringn(t ? (const char *)t : "",
                        (size_t)sqlite3_column_bytes(q, i));
}

/* A column's exact bytes as hex (NULL stays null). */
static json_t *col_hex(sqlite3_stmt *q, int i)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return json_null();
    const void *b = sqlite3_column_blob(q, i);
    size_t n = (size_t)sqlite3_column_bytes(q, i);
    char *hex = malloc(2 * n + 1);
    if (!hex)
        return NULL;
    sodium_bin2hex(hex, 2 * n + 1, b ? b : (const void *)"", n);
    json_t *j = json_string(hex);
    free(hex);
    return j;
}

static json_t *col_int(sqlite3_stmt *q, int i)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return json_null();
    return json_integer(sqlite3_column_int64(q, i));
}

/* Decode hex text from the hub into `out` (cap bytes); -1 if it is not
 * hex or too long. */
static long unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    if (sodium_hex2bin(out, cap, hex, strlen(hex), NULL, &n, NULL))
        return -1;
    return (long)n;
}

static int64_t val_i64(PGresult *r, int row, int col)
{
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static const char *val_str(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* Run `sql` on the hub with the JSON array `batch` as $1 and `extra`
 * more text parameters; the first row's columns as numbers into out[]. */
static int push_json(struct ctx *c, const char *sql, json_t *batch,
                     const char *const *extra, int nextra, long *out, int nout,
                     const char *what, struct ck_error *err)
{
    char *text = json_dumps(batch, JSON_COMPACT);
    if (!text)
        return ck_fail(err, CK_ENOMEM, "Out of memory while %s.", what);
    const char *params[8] = {text};
    for (int i = 0; i < nextra && i < 7; i++)
        params[i + 1] = extra[i];
    PGresult *r;
    int code = pg_query(c->pg, sql, 1 + nextra, params, &r, what, err);
    free(text);
    if (code)
        return code;
    for (int i = 0; i < nout; i++)
        out[i] = PQntuples(r) > 0 ? (long)val_i64(r, 0, i) : 0;
    PQclear(r);
    return CK_OK;
}

static int pg_begin(struct ctx *c, struct ck_error *err)
{
    return pg_exec(c->pg, "BEGIN", "starting a transaction on the hub", err);
}

static int pg_commit(struct ctx *c, const char *what, struct ck_error *err)
{
    int code = pg_exec(c->pg, "COMMIT", what, err);
    if (code)
        pg_rollback(c->pg);
    return code;
}

/* ---- push: the journal ----------------------------------------------- */

/* Claim the journal runs in `batch` (objects with "station_id") for this
 * station; refused when another station's file wrote under one. */
static int claim_runs(struct ctx *c, json_t *batch, struct ck_error *err)
{
    const char *uid = c->hub->station_uid;
    long n[2];
    int code = push_json(
        c,
        "WITH x AS (SELECT DISTINCT station_id FROM jsonb_to_recordset($1)"
        " AS x(station_id text)),"
        " ins AS (INSERT INTO checkin.run (station_id, station_uid)"
        " SELECT station_id, $2 FROM x ON CONFLICT (station_id) DO NOTHING"
        " RETURNING station_id)"
        " SELECT (SELECT count(*) FROM x), (SELECT count(*) FROM ins) +"
        " (SELECT count(*) FROM checkin.run r JOIN x USING (station_id)"
        " WHERE r.station_uid = $2)",
        batch, &uid, 1, n, 2, "claiming this station's journal", err);
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

/* What a push reads from the file and sends: each row of `select` (?1:
 * the batch size) becomes a JSON object with `fields`; the hub runs `hub`
 * on the batch ($1, then this station's identity as $2 and, with
 * `with_clock`, the time as $3) and returns how many rows it took (and,
 * with `conflicts`, how many it holds with other content); the file then
 * notes each row with `note`, bound from the fields named in `noted`. */
enum field_kind { F_TEXT, F_INT, F_HEX };
struct field {
    const char *name;
    enum field_kind kind;
};
struct push {
    const char *what; /* "the journal": for messages */
    const char *select;
    struct field fields[20];
    bool claim;      /* journal runs: claim_runs first */
    bool with_clock; /* $3: now */
    bool conflicts;
    const char *hub;
    const char *note;
    const char *noted[3];
    size_t count_off; /* offsetof(struct sync_counts, ...) */
};

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
        long len = unhex(hex ? hex : "", buf, sizeof(buf));
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
                                p->fields[i].kind == F_INT   ? col_int(q, i)
                                : p->fields[i].kind == F_HEX ? col_hex(q, i)
                                                             : col_text(q, i));
        json_array_append_new(batch, o);
    }
    sqlite3_reset(q);
    if (batch && rc != SQLITE_DONE) {
        char what[96];
        snprintf(what, sizeof(what), "reading %s to send", p->what);
        local_fail(c->l, rc, what, err);
        json_decref(batch);
        return NULL;
    }
    if (!batch)
        ck_fail(err, CK_ENOMEM, "Out of memory while reading %s to send.",
                p->what);
    return batch;
}

static const struct push PUSH_SCANS, PUSH_SCANS_7;

/* The rows the hub set aside in this transaction, which carried one
 * batch (vet_scan stores them in checkin.quarantine, stamped with the
 * transaction's time, not in the journal; the station's role reads its
 * own), added to the report. */
static int count_set_aside(struct ctx *c, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(c->pg,
                        "SELECT count(*) FROM checkin.quarantine WHERE"
                        " set_aside = now()",
                        0, NULL, &r, "sending the journal", err);
    if (code)
        return code;
    c->rep->set_aside += strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return CK_OK;
}

/* Push what `p` says, in batches, until nothing is left. */
static int push_rows(struct ctx *c, const struct push *p, struct ck_error *err)
{
    sqlite3_stmt *q = NULL, *done = NULL;
    char what[96];
    snprintf(what, sizeof(what), "sending %s", p->what);
    int code = local_prepare(c->l, p->select, &q, what, err);
    if (!code)
        code = local_prepare(c->l, p->note, &done, "noting what the hub holds",
                             err);
    char now[32];
    snprintf(now, sizeof(now), "%lld", (long long)store_now_ms());
    /* The organizer's badges carry no station. */
    const char *extra[2] = {c->organizer ? NULL : c->hub->station_uid, now};
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
        long got[2] = {0, 0};
        code = pg_begin(c, err);
        if (!code && p->claim)
            code = claim_runs(c, batch, err);
        if (!code)
            code = push_json(c, p->hub, batch, extra, p->with_clock ? 2 : 1,
                             got, p->conflicts ? 2 : 1, what, err);
        if (!code && (p == &PUSH_SCANS || p == &PUSH_SCANS_7) &&
            c->format >= HUB_FORMAT_TRUST)
            code = count_set_aside(c, err);
        if (!code)
            code = pg_commit(c, what, err);
        else
            pg_rollback(c->pg);
        if (!code) {
            /* The hub has the rows; the file does not know yet. */
            atomic_file_kill_point("pushed", c->l->path);
            *count += got[0];
            c->rep->conflicts += got[1];
            code = local_begin(c->l, err);
            for (size_t i = 0; !code && i < n; i++) {
                json_t *o = json_array_get(batch, i);
                for (int k = 0; k < 3 && p->noted[k]; k++)
                    bind_json(done, k + 1, json_object_get(o, p->noted[k]),
                              field_of(p, p->noted[k])->kind);
                code = local_done(c->l, done, "noting what the hub holds", err);
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
    sqlite3_finalize(q);
    sqlite3_finalize(done);
    return code;
}

/* The journal, to a hub of format 8 or later: every row, with what it acts
 * on and its day. */
static const struct push PUSH_SCANS = {
    .what = "the journal",
    .select =
        "SELECT s.station_id, s.station, s.seq, s.at_ms, s.mode, s.target,"
        " s.code, s.attendee_ticket_id, s.badge_id, s.decision, s.reason,"
        " s.direction, s.override, s.act, s.ref_station_id, s.ref_seq,"
        " s.day, s.handed, s.supervisor FROM " JOURNAL_EVERY_ROW " s LEFT"
        " JOIN sync_run r ON"
        " r.station_id ="
        " s.station_id WHERE coalesce(r.own, 1) = 1 AND s.seq >"
        " coalesce(r.pushed_seq, 0) ORDER BY s.station_id, s.seq LIMIT ?1",
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
               {"override", F_TEXT},
               {"act", F_TEXT},
               {"ref_station_id", F_TEXT},
               {"ref_seq", F_INT},
               {"day", F_TEXT},
               {"handed", F_TEXT},
               {"supervisor", F_TEXT}},
    .claim = true,
    .with_clock = true,
    .conflicts = true,
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS"
           " x(station_id text, station text, seq bigint, at_ms bigint,"
           " mode text, target text, code text, ticket text, badge"
           " text, decision text, reason text, direction text, override"
           " text, act text, ref_station_id text, ref_seq bigint, day text,"
           " handed text, supervisor text)),"
           /* In order: the hub refuses a run's row below one it holds
            * (hub_schema.c, vet_scan). */
           " ins AS (INSERT INTO checkin.scan (station_id, seq,"
           " station_uid, station, at_ms, mode, target, code,"
           " attendee_ticket_id, badge_id, decision, reason, direction,"
           " override, act, ref_station_id, ref_seq, day, handed,"
           " supervisor, pushed_ms) SELECT station_id, seq, $2, station,"
           " at_ms, mode, target, decode(code, 'hex'), ticket,"
           " decode(badge, 'hex'), decision, reason, direction, override,"
           " coalesce(act, 'scan'), ref_station_id, ref_seq, day, handed,"
           " supervisor, $3::bigint FROM x ORDER BY station_id, seq"
           " ON CONFLICT (station_id, seq) DO NOTHING RETURNING 1),"
           /* The snapshot before the insert: rows held already. */
           " differ AS (SELECT x.station_id, x.seq FROM x JOIN"
           " checkin.scan s USING (station_id, seq) WHERE (s.station,"
           " s.at_ms, s.mode, s.target, s.code, s.attendee_ticket_id,"
           " s.badge_id, s.decision, s.reason, s.direction, s.override,"
           " s.act, s.ref_station_id, s.ref_seq, s.day, s.handed,"
           " s.supervisor) IS DISTINCT FROM (x.station, x.at_ms, x.mode,"
           " x.target, decode(x.code, 'hex'), x.ticket, decode(x.badge,"
           " 'hex'), x.decision, x.reason, x.direction, x.override,"
           " coalesce(x.act, 'scan'), x.ref_station_id, x.ref_seq, x.day,"
           " x.handed, x.supervisor)),"
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

/* The same to a hub of an older format, which has no act and its
 * fellows: a run's rows up to its first that is not a scan, which waits
 * with those after it for the hub's upgrade (pushed_seq only grows). */
static const struct push PUSH_SCANS_7 = {
    .what = "the journal",
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

static const struct push PUSH_LEADS = {
    .what = "the leads",
    .select =
        "SELECT l.station_id, l.station, l.seq, l.sponsor_slug, l.badge_id,"
        " l.at_ms, l.note, l.rating, l.version FROM lead l LEFT JOIN"
        " sync_run r ON r.station_id = l.station_id LEFT JOIN sync_lead p"
        " ON p.station_id = l.station_id AND p.seq = l.seq WHERE"
        " coalesce(r.own, 1) = 1 AND (p.version IS NULL OR l.version >"
        " p.version) ORDER BY l.station_id, l.seq LIMIT ?1",
    .fields = {{"station_id", F_TEXT},
               {"station", F_TEXT},
               {"seq", F_INT},
               {"sponsor", F_TEXT},
               {"badge", F_HEX},
               {"at_ms", F_INT},
               {"note", F_TEXT},
               {"rating", F_INT},
               {"version", F_INT}},
    .claim = true,
    /* The newest edit of a note wins; a tie (two copies of one file edited
     * apart) goes to the greater note and rating, as in merge, so every
     * order of pushes ends the same. */
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS"
           " x(station_id text, station text, seq bigint, sponsor text,"
           " badge text, at_ms bigint, note text, rating int, version"
           " bigint)),"
           " up AS (INSERT INTO checkin.lead AS l (station_id, seq,"
           " station_uid, station, sponsor_slug, badge_id, at_ms, note,"
           " rating, version) SELECT station_id, seq, $2, station,"
           " sponsor, decode(badge, 'hex'), at_ms, note, rating,"
           " version FROM x ON CONFLICT (station_id, seq) DO UPDATE"
           " SET note = excluded.note, rating = excluded.rating,"
           " version = excluded.version WHERE excluded.version >"
           " l.version OR (excluded.version = l.version AND"
           " (excluded.note, coalesce(excluded.rating, 0)) > (l.note,"
           " coalesce(l.rating, 0))) RETURNING 1)"
           " SELECT count(*) FROM up",
    .note = "INSERT INTO sync_lead (station_id, seq, "
            "version) VALUES (?1, ?2, ?3) ON CONFLICT "
            "(station_id, seq) DO UPDATE SET version = "
            "max(version, excluded.version)",
    .noted = {"station_id", "seq", "version"},
    .count_off = offsetof(struct sync_counts, leads),
};

static const struct push PUSH_BADGES = {
    .what = "the badges issued here",
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

static const struct push PUSH_JOBS = {
    .what = "the print jobs",
    .select =
        "SELECT j.id, a.ticket_id, j.badge_id, j.kind, t.slug, j.template,"
        " j.printer, j.state, j.attempts, j.error, j.reprint_reason,"
        " j.created_ms, j.updated_ms FROM print_job j JOIN attendee a ON"
        " a.id = j.attendee_id LEFT JOIN tutorial t ON t.id = j.tutorial_id"
        " LEFT JOIN sync_job s ON s.job_id = j.id WHERE s.job_id IS NULL OR"
        " s.state != j.state OR s.updated_ms != j.updated_ms ORDER BY j.id"
        " LIMIT ?1",
    .fields = {{"job_id", F_INT},
               {"ticket", F_TEXT},
               {"badge", F_HEX},
               {"kind", F_TEXT},
               {"tutorial", F_TEXT},
               {"template", F_TEXT},
               {"printer", F_TEXT},
               {"state", F_TEXT},
               {"attempts", F_INT},
               {"error", F_TEXT},
               {"reprint_reason", F_TEXT},
               {"created_ms", F_INT},
               {"updated_ms", F_INT}},
    .hub = "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(job_id"
           " bigint, ticket text, badge text, kind text, tutorial text,"
           " template text, printer text, state text, attempts int, error"
           " text, reprint_reason text, created_ms bigint, updated_ms"
           " bigint)),"
           " up AS (INSERT INTO checkin.print_job AS j (station_uid, job_id,"
           " ticket_id, badge_id, kind, tutorial, template, printer, state,"
           " attempts, error, reprint_reason, created_ms, updated_ms)"
           " SELECT $2, job_id, ticket, decode(badge, 'hex'), kind,"
           " tutorial, template, printer, state, attempts, error,"
           " reprint_reason, created_ms, updated_ms FROM x ON CONFLICT"
           " (station_uid, job_id) DO UPDATE SET badge_id ="
           " excluded.badge_id, template = excluded.template, printer ="
           " excluded.printer, state = excluded.state, attempts ="
           " excluded.attempts, error = excluded.error, updated_ms ="
           " excluded.updated_ms WHERE (j.state, j.updated_ms, j.attempts)"
           " IS DISTINCT FROM (excluded.state, excluded.updated_ms,"
           " excluded.attempts) RETURNING 1)"
           " SELECT count(*) FROM up",
    .note = "INSERT OR REPLACE INTO sync_job (job_id, "
            "state, updated_ms) VALUES (?1, ?2, ?3)",
    .noted = {"job_id", "state", "updated_ms"},
    .count_off = offsetof(struct sync_counts, jobs),
};

/* ---- push: badges, revocations, print jobs ---------------------------- */

/* What this file's revoked_badge table holds, sorted as
 * credential_revoked_hashes sorts (SQLite compares blobs with memcmp). */
static int local_revoked(struct ctx *c, struct revoked_hash **out, size_t *n,
                         struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *q;
    int code =
        local_prepare(c->l, "SELECT hash FROM revoked_badge ORDER BY hash", &q,
                      "reading the revocations sent", err);
    if (code)
        return code;
    size_t cap = 0;
    int rc;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(q, 0) != BADGE_REVOCATION_HASH_BYTES)
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            struct revoked_hash *nv = realloc(*out, cap * sizeof(**out));
            if (!nv) {
                code = ck_fail(err, CK_ENOMEM, "Out of memory.");
                break;
            }
            *out = nv;
        }
        memcpy((*out)[(*n)++].h, sqlite3_column_blob(q, 0),
               BADGE_REVOCATION_HASH_BYTES);
    }
    if (!code && rc != SQLITE_DONE)
        code = local_fail(c->l, rc, "reading the revocations sent", err);
    sqlite3_finalize(q);
    return code;
}

static void append_hex(json_t *arr, const struct revoked_hash *h)
{
    char hex[2 * BADGE_REVOCATION_HASH_BYTES + 1];
    sodium_bin2hex(hex, sizeof(hex), h->h, sizeof(h->h));
    json_array_append_new(arr, json_string(hex));
}

/* Note in a desk's revoked_badge what the hub now holds from it: `add`
 * sent, `gone` no longer revoked here (sent again should it be revoked
 * again). */
static int note_revoked(struct ctx *c, const struct revoked_hash *const *add,
                        size_t n_add, const struct revoked_hash *const *gone,
                        size_t n_gone, struct ck_error *err)
{
    sqlite3_stmt *st[2] = {NULL, NULL};
    int code = local_prepare(c->l,
                             "INSERT OR IGNORE INTO revoked_badge (hash) "
                             "VALUES (?1)",
                             &st[0], "noting the revocations sent", err);
    if (!code)
        code = local_prepare(c->l, "DELETE FROM revoked_badge WHERE hash = ?1",
                             &st[1], "noting the revocations sent", err);
    if (!code)
        code = local_begin(c->l, err);
    if (!code) {
        const struct revoked_hash *const *sets[2] = {add, gone};
        size_t lens[2] = {n_add, n_gone};
        for (int k = 0; k < 2 && !code; k++)
            for (size_t i = 0; i < lens[k] && !code; i++) {
                sqlite3_bind_blob(st[k], 1, sets[k][i]->h,
                                  sizeof(sets[k][i]->h), SQLITE_STATIC);
                code =
                    local_done(c->l, st[k], "noting the revocations sent", err);
            }
        if (!code)
            code = local_commit(c->l, err);
        else
            local_rollback(c->l);
    }
    sqlite3_finalize(st[0]);
    sqlite3_finalize(st[1]);
    return code;
}

/* The conference badges that no longer admit (superseded by a reprint, or
 * the order is not paid), as the one-way hashes booths check, each sent
 * once: the set this file makes (credential_revoked_hashes, the same rule
 * as a booth's station file) against its revoked_badge table.  A desk's
 * holds what the desk has sent; the organizer's, the hub's set as last
 * pulled.  A revocation the hub had lifted is sent again when a badge is
 * revoked again.  The organizer also lifts the hub's revocations its own
 * file no longer makes (an order paid after its badge was printed on a
 * supervisor's override), and booths forget them.  Only the organizer
 * lifts: its file knows every order's payment and every desk's badges. */
static int push_revoked(struct ctx *c, struct ck_error *err)
{
    struct revoked_hash *now = NULL, *had = NULL;
    size_t n_now = 0, n_had = 0;
    int code = credential_revoked_hashes(c->l->s, "main", &now, &n_now, err);
    if (!code)
        code = local_revoked(c, &had, &n_had, err);
    /* The two sorted lists merged: in `now` only, new; in `had` only, no
     * longer revoked here. */
    const struct revoked_hash **add = NULL, **gone = NULL;
    size_t n_add = 0, n_gone = 0;
    if (!code && (n_now || n_had)) {
        add = malloc((n_now + 1) * sizeof(*add));
        gone = malloc((n_had + 1) * sizeof(*gone));
        if (!add || !gone)
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    json_t *add_hex = json_array(), *gone_hex = json_array();
    for (size_t i = 0, j = 0; !code && (i < n_now || j < n_had);) {
        int d = i == n_now   ? 1
                : j == n_had ? -1
                             : memcmp(now[i].h, had[j].h, sizeof(now[i].h));
        if (d < 0) {
            append_hex(add_hex, &now[i]);
            add[n_add++] = &now[i++];
        } else if (d > 0) {
            append_hex(gone_hex, &had[j]);
            gone[n_gone++] = &had[j++];
        } else {
            i++, j++;
        }
    }
    long got = 0, lifted = 0;
    if (!code && n_add > 0)
        code = push_json(
            c,
            c->format >= HUB_FORMAT_LIFTED
                ? "WITH ins AS (INSERT INTO checkin.revoked_badge AS r (hash)"
                  " SELECT decode(h, 'hex') FROM jsonb_array_elements_text($1)"
                  " AS h ON CONFLICT (hash) DO UPDATE SET lifted_ms = NULL"
                  " WHERE r.lifted_ms IS NOT NULL RETURNING 1)"
                  " SELECT count(*) FROM ins"
                : "WITH ins AS (INSERT INTO checkin.revoked_badge (hash)"
                  " SELECT decode(h, 'hex') FROM jsonb_array_elements_text($1)"
                  " AS h ON CONFLICT DO NOTHING RETURNING 1)"
                  " SELECT count(*) FROM ins",
            add_hex, NULL, 0, &got, 1, "sending revoked badges", err);
    if (!code && c->organizer && n_gone > 0) {
        char now_ms[32];
        snprintf(now_ms, sizeof(now_ms), "%lld", (long long)store_now_ms());
        const char *at = now_ms;
        code = push_json(c,
                         "WITH up AS (UPDATE checkin.revoked_badge SET"
                         " lifted_ms = $2::bigint WHERE hash IN (SELECT"
                         " decode(h, 'hex') FROM jsonb_array_elements_text($1)"
                         " AS h) AND lifted_ms IS NULL RETURNING 1)"
                         " SELECT count(*) FROM up",
                         gone_hex, &at, 1, &lifted, 1,
                         "lifting the revocations of badges valid again", err);
    }
    /* The organizer's table follows the hub through the pull that comes
     * next; a desk notes what it sent. */
    if (!code && !c->organizer && (n_add > 0 || n_gone > 0))
        code = note_revoked(c, add, n_add, gone, n_gone, err);
    c->rep->pushed.revoked += got;
    c->rep->pushed.lifted += lifted;
    json_decref(add_hex);
    json_decref(gone_hex);
    free(add);
    free(gone);
    free(now);
    free(had);
    return code;
}

/* The event's current signing keys, sealed to each live desk that lacks
 * them (credential_seal_key): after `checkin rotate-key` every desk
 * prints with the new key from its next sync, without being enrolled
 * again.  The secret half is read from the key file beside the event
 * database (where init and rotate-key put it); when that is not the key
 * a desk waits for, the report says so. */
static int publish_desk_keys(struct ctx *c, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(
        c->pg,
        "SELECT s.uid, encode(s.box_key, 'hex'), k.key_id FROM"
        " checkin.station s JOIN checkin.signing_key k ON k.retired_ms IS"
        " NULL WHERE s.kind = 'desk' AND s.retired_ms IS NULL AND s.box_key"
        " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM checkin.station_key x"
        " WHERE x.station_uid = s.uid AND x.key_id = k.key_id)",
        0, NULL, &r, "reading which desks need a signing key", err);
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
            unhex(PQgetvalue(r, i, 1), box, sizeof(box)) != sizeof(box)) {
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
        code = push_json(c,
                         "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS"
                         " x(uid text, key_id int, sealed text)),"
                         " ins AS (INSERT INTO checkin.station_key"
                         " (station_uid, key_id, sealed) SELECT uid, key_id,"
                         " decode(sealed, 'hex') FROM x ON CONFLICT DO"
                         " NOTHING RETURNING 1) SELECT count(*) FROM ins",
                         batch, NULL, 0, &got, 1,
                         "sending the signing key to the desks", err);
    c->rep->pushed.desk_keys += got;
    json_decref(batch);
    return code;
}

/* ---- push: what the organizer publishes ------------------------------ */

static int publish_keys(struct ctx *c, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(c->l,
                             "SELECT key_id, public_key, created_ms, "
                             "retired_ms FROM signing_key",
                             &q, "reading the signing keys", err);
    if (code)
        return code;
    json_t *batch = json_array();
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_t *o = json_object();
        json_object_set_new(o, "key_id", col_int(q, 0));
        json_object_set_new(o, "public_key", col_hex(q, 1));
        json_object_set_new(o, "created_ms", col_int(q, 2));
        json_object_set_new(o, "retired_ms", col_int(q, 3));
        json_array_append_new(batch, o);
    }
    if (rc != SQLITE_DONE)
        code = local_fail(c->l, rc, "reading the signing keys", err);
    sqlite3_finalize(q);
    long got = 0;
    if (!code && json_array_size(batch) > 0)
        code = push_json(
            c,
            "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(key_id"
            " int, public_key text, created_ms bigint, retired_ms bigint)),"
            " up AS (INSERT INTO checkin.signing_key AS k (key_id,"
            " public_key, created_ms, retired_ms) SELECT key_id,"
            " decode(public_key, 'hex'), created_ms, retired_ms FROM x ON"
            " CONFLICT (key_id) DO UPDATE SET retired_ms ="
            " excluded.retired_ms WHERE k.retired_ms IS DISTINCT FROM"
            " excluded.retired_ms RETURNING 1)"
            " SELECT count(*) FROM up",
            batch, NULL, 0, &got, 1, "publishing the signing keys", err);
    c->rep->pushed.keys += got;
    json_decref(batch);
    return code;
}

/* The event description as this file holds it, one row per kind and key,
 * in the order a station can take them (ticket types and tutorials
 * before the mapping that names them).  Settings: only the registration
 * system's (pretix.*); a file's own (a booth's role) never travel. */
static const char DESCRIPTION_SQL[] =
    "SELECT 0, 'event', slug, json_object('name', name, 'first_day',"
    " first_day, 'last_day', last_day, 'timezone', timezone) FROM event"
    " UNION ALL SELECT 1, 'ticket_type', slug, json_object('label', label,"
    " 'colour', colour) FROM ticket_type"
    " UNION ALL SELECT 2, 'tutorial', slug, json_object('id', id, 'title',"
    " title, 'room', room, 'starts_at', starts_at, 'ends_at', ends_at,"
    " 'capacity', capacity) FROM tutorial"
    " UNION ALL SELECT 3, 'sponsor', slug, json_object('name', name) FROM"
    " sponsor"
    " UNION ALL SELECT 4, 'source_item', s.source || ':' || s.item,"
    " json_object('ticket_type', tt.slug, 'tutorial', t.slug) FROM"
    " source_item s LEFT JOIN ticket_type tt ON tt.id = s.ticket_type_id"
    " LEFT JOIN tutorial t ON t.id = s.tutorial_id"
    " UNION ALL SELECT 5, 'setting', key, json_object('value', value) FROM"
    " setting WHERE key LIKE 'pretix.%'"
    " ORDER BY 1, 3";

/* Publish the event description (`checkin event` changed it): rows whose
 * data changed are written, rows the file no longer has marked removed
 * (data NULL).  The hub is asked first whether anything differs, so an
 * unchanged description writes nothing and wakes no station. */
static int publish_description(struct ctx *c, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(c->l, DESCRIPTION_SQL, &q,
                             "reading the event description", err);
    if (code)
        return code;
    json_t *batch = json_array();
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        json_error_t je;
        json_t *o = json_object();
        json_object_set_new(o, "ord", col_int(q, 0));
        json_object_set_new(o, "kind", col_text(q, 1));
        json_object_set_new(o, "slug", col_text(q, 2));
        json_object_set_new(
            o, "data",
            json_loads((const char *)sqlite3_column_text(q, 3), 0, &je));
        json_array_append_new(batch, o);
    }
    if (rc != SQLITE_DONE)
        code = local_fail(c->l, rc, "reading the event description", err);
    sqlite3_finalize(q);
    long differ = 0, got = 0;
    if (!code)
        code = push_json(
            c,
            "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(kind text,"
            " slug text, data jsonb)), d AS (SELECT kind, slug, data FROM"
            " checkin.event_description WHERE data IS NOT NULL)"
            " SELECT count(*) FROM x FULL JOIN d USING (kind, slug) WHERE"
            " x.data IS DISTINCT FROM d.data",
            batch, NULL, 0, &differ, 1, "comparing the event description", err);
    if (!code && differ > 0)
        code = push_json(
            c,
            "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(ord int,"
            " kind text, slug text, data jsonb)),"
            " up AS (INSERT INTO checkin.event_description AS d (kind, slug,"
            " data) SELECT kind, slug, data FROM x ORDER BY ord, slug ON"
            " CONFLICT (kind, slug) DO UPDATE SET data = excluded.data WHERE"
            " d.data IS DISTINCT FROM excluded.data RETURNING 1),"
            " gone AS (UPDATE checkin.event_description d SET data = NULL"
            " WHERE d.data IS NOT NULL AND NOT EXISTS (SELECT 1 FROM x WHERE"
            " x.kind = d.kind AND x.slug = d.slug) RETURNING 1)"
            " SELECT (SELECT count(*) FROM up) + (SELECT count(*) FROM gone)",
            batch, NULL, 0, &got, 1, "publishing the event description", err);
    c->rep->pushed.description += got;
    json_decref(batch);
    return code;
}

/* Parse a JSON array text from SQLite's json_group_array. */
static json_t *col_json(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    json_error_t je;
    json_t *j = json_loads(t ? (const char *)t : "[]", 0, &je);
    return j ? j : json_array();
}

static int publish_registrations(struct ctx *c, struct ck_error *err)
{
    sqlite3_stmt *q = NULL, *done = NULL;
    int code = local_prepare(
        c->l,
        "SELECT a.ticket_id, a.order_code, a.status, a.given_name,"
        " a.family_name, a.badge_name, a.pronouns, a.company, a.email,"
        " tt.slug, a.sponsor_consent, a.testmode, a.search_key,"
        " a.fingerprint, a.imported_ms, a.updated_ms,"
        " (SELECT json_group_array(slug) FROM (SELECT t.slug FROM"
        " attendee_tutorial x JOIN tutorial t ON t.id = x.tutorial_id"
        " WHERE x.attendee_id = a.id ORDER BY t.slug)),"
        " (SELECT json_group_array(secret) FROM (SELECT secret FROM"
        " ticket_secret WHERE attendee_id = a.id AND revoked = 0 ORDER BY"
        " secret)),"
        " (SELECT json_group_array(secret) FROM (SELECT secret FROM"
        " ticket_secret WHERE attendee_id = a.id AND revoked = 1 ORDER BY"
        " secret)),"
        " r.digest FROM attendee a JOIN ticket_type tt ON tt.id ="
        " a.ticket_type_id LEFT JOIN sync_reg r ON r.ticket_id ="
        " a.ticket_id ORDER BY a.id",
        &q, "reading the registrations to publish", err);
    if (!code)
        code = local_prepare(c->l,
                             "INSERT OR REPLACE INTO sync_reg (ticket_id, "
                             "digest) VALUES (?1, ?2)",
                             &done, "noting what the hub holds", err);
    static const char *const NAMES[] = {
        "ticket_id",  "order_code", "status",  "given_name", "family_name",
        "badge_name", "pronouns",   "company", "email",      "ticket_type"};
    static const char SQL[] =
        "WITH x AS (SELECT * FROM jsonb_to_recordset($1) AS x(ticket_id"
        " text, order_code text, status text, given_name text, family_name"
        " text, badge_name text, pronouns text, company text, email text,"
        " ticket_type text, sponsor_consent boolean, testmode boolean,"
        " search_key text, fingerprint text, imported_ms bigint, updated_ms"
        " bigint, tutorials jsonb, secrets jsonb, revoked_secrets jsonb,"
        " digest text)),"
        " up AS (INSERT INTO checkin.registration AS r (ticket_id,"
        " order_code, status, given_name, family_name, badge_name,"
        " pronouns, company, email, ticket_type, sponsor_consent, testmode,"
        " search_key, fingerprint, imported_ms, updated_ms, tutorials,"
        " secrets, revoked_secrets, digest) SELECT ticket_id, order_code,"
        " status, given_name, family_name, badge_name, pronouns, company,"
        " email, ticket_type, sponsor_consent, testmode, search_key,"
        " decode(fingerprint, 'hex'), imported_ms, updated_ms,"
        " ARRAY(SELECT jsonb_array_elements_text(tutorials)),"
        " ARRAY(SELECT jsonb_array_elements_text(secrets)),"
        " ARRAY(SELECT jsonb_array_elements_text(revoked_secrets)),"
        " decode(digest, 'hex') FROM x ON CONFLICT (ticket_id) DO UPDATE"
        " SET order_code = excluded.order_code, status = excluded.status,"
        " given_name = excluded.given_name, family_name ="
        " excluded.family_name, badge_name = excluded.badge_name, pronouns"
        " = excluded.pronouns, company = excluded.company, email ="
        " excluded.email, ticket_type = excluded.ticket_type,"
        " sponsor_consent = excluded.sponsor_consent, testmode ="
        " excluded.testmode, search_key = excluded.search_key, fingerprint"
        " = excluded.fingerprint, imported_ms = excluded.imported_ms,"
        " updated_ms = excluded.updated_ms, tutorials = excluded.tutorials,"
        " secrets = excluded.secrets, revoked_secrets ="
        " excluded.revoked_secrets, digest = excluded.digest WHERE r.digest"
        " != excluded.digest RETURNING 1)"
        " SELECT count(*) FROM up";
    json_t *batch = json_array();
    int rc = SQLITE_DONE;
    bool more = !code;
    while (more) {
        rc = sqlite3_step(q);
        more = rc == SQLITE_ROW;
        if (more) {
            json_t *o = json_object();
            for (int i = 0; i < 10; i++)
                json_object_set_new(o, NAMES[i], col_text(q, i));
            json_object_set_new(o, "sponsor_consent",
                                json_boolean(sqlite3_column_int(q, 10)));
            json_object_set_new(o, "testmode",
                                json_boolean(sqlite3_column_int(q, 11)));
            json_object_set_new(o, "search_key", col_text(q, 12));
            json_object_set_new(o, "fingerprint", col_hex(q, 13));
            json_object_set_new(o, "imported_ms", col_int(q, 14));
            json_object_set_new(o, "updated_ms", col_int(q, 15));
            json_object_set_new(o, "tutorials", col_json(q, 16));
            json_object_set_new(o, "secrets", col_json(q, 17));
            json_object_set_new(o, "revoked_secrets", col_json(q, 18));
            /* The digest of everything above: unchanged since the last
             * publish means nothing to send. */
            char *canon = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
            uint8_t digest[16];
            char hex[33];
            crypto_generichash(digest, sizeof(digest),
                               (const unsigned char *)canon,
                               canon ? strlen(canon) : 0, NULL, 0);
            free(canon);
            if (sqlite3_column_bytes(q, 19) == (int)sizeof(digest) &&
                !memcmp(sqlite3_column_blob(q, 19), digest, sizeof(digest))) {
                json_decref(o);
                continue;
            }
            sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
            json_object_set_new(o, "digest", json_string(hex));
            json_array_append_new(batch, o);
            if (json_array_size(batch) < PUSH_BATCH)
                continue;
        } else if (rc != SQLITE_DONE) {
            code = local_fail(c->l, rc, "reading the registrations", err);
            break;
        }
        size_t n = json_array_size(batch);
        if (n == 0)
            continue;
        long got = 0;
        code = push_json(c, SQL, batch, NULL, 0, &got, 1,
                         "publishing the registrations", err);
        if (!code) {
            c->rep->pushed.registrations += got;
            code = local_begin(c->l, err);
            for (size_t i = 0; !code && i < n; i++) {
                json_t *o = json_array_get(batch, i);
                uint8_t digest[16];
                const char *hex =
                    json_string_value(json_object_get(o, "digest"));
                unhex(hex ? hex : "", digest, sizeof(digest));
                sqlite3_bind_text(
                    done, 1, json_string_value(json_object_get(o, "ticket_id")),
                    -1, SQLITE_TRANSIENT);
                sqlite3_bind_blob(done, 2, digest, sizeof(digest),
                                  SQLITE_TRANSIENT);
                code = local_done(c->l, done, "noting what the hub holds", err);
            }
            if (!code)
                code = local_commit(c->l, err);
            else
                local_rollback(c->l);
        }
        json_array_clear(batch);
        if (code)
            break;
    }
    json_decref(batch);
    sqlite3_finalize(q);
    sqlite3_finalize(done);
    return code;
}

/* ---- pull ------------------------------------------------------------ */

static int cursor_get(struct ctx *c, const char *tbl, char *out, size_t cap,
                      struct ck_error *err)
{
    sqlite3_stmt *q;
    int code =
        local_prepare(c->l, "SELECT horizon FROM sync_cursor WHERE tbl = ?1",
                      &q, "reading how far it pulled", err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    snprintf(out, cap, "0");
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return CK_OK;
}

static int cursor_set(struct ctx *c, const char *tbl, const char *horizon,
                      struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(c->l,
                             "INSERT OR REPLACE INTO sync_cursor (tbl, "
                             "horizon, pulled_ms) VALUES (?1, ?2, ?3)",
                             &q, "noting how far it pulled", err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, horizon, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, store_now_ms());
    code = local_done(c->l, q, "noting how far it pulled", err);
    sqlite3_finalize(q);
    return code;
}

/* Apply one pulled row (row `i` of `r`) to the file; *applied: it changed
 * something; *wait: it cannot be taken yet. */
typedef int (*apply_fn)(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                        bool *applied, bool *wait, struct ck_error *err);

/* Read `sql` ($1: this table's cursor, $2: this station's identity) from
 * the hub and apply each row with `fn`, APPLY_BATCH rows per local
 * transaction.  *taken: every row was taken (none waits), so the cursor
 * may move to the horizon; *rows: how many the hub gave. */
static int pull_table(struct ctx *c, const char *tbl, const char *sql,
                      apply_fn fn, sqlite3_stmt **st, long *count, bool *taken,
                      int *rows, struct ck_error *err)
{
    char from[32];
    int code = cursor_get(c, tbl, from, sizeof(from), err);
    if (code)
        return code;
    const char *params[2] = {from, c->hub->station_uid};
    PGresult *r;
    char what[64];
    snprintf(what, sizeof(what), "reading %s", tbl);
    code = pg_query(c->pg, sql, 2, params, &r, what, err);
    if (code)
        return code;
    int n = PQntuples(r);
    long waiting = 0;
    for (int i = 0; !code && i < n; i += APPLY_BATCH) {
        code = local_begin(c->l, err);
        for (int k = i; !code && k < n && k < i + APPLY_BATCH; k++) {
            bool applied = false, wait = false;
            code = fn(c, st, r, k, &applied, &wait, err);
            *count += applied;
            waiting += wait;
        }
        if (!code)
            code = local_commit(c->l, err);
        else
            local_rollback(c->l);
    }
    PQclear(r);
    c->rep->waiting += waiting;
    *taken = !waiting;
    *rows = n;
    return code;
}

static bool constraint(int rc)
{
    return (rc & 0xff) == SQLITE_CONSTRAINT;
}

/* Prepare st[i] once per pull of a table. */
static int prep(struct ctx *c, sqlite3_stmt **st, int i, const char *sql,
                struct ck_error *err)
{
    if (st[i])
        return CK_OK;
    return local_prepare(c->l, sql, &st[i], "taking what was pulled", err);
}

static int step(struct ctx *c, sqlite3_stmt *st, int *rc_out,
                struct ck_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc_out)
        *rc_out = rc;
    if (rc == SQLITE_DONE || rc == SQLITE_ROW || constraint(rc))
        return CK_OK;
    return local_fail(c->l, rc, "taking what was pulled", err);
}

static int apply_key(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                     bool *applied, bool *wait, struct ck_error *err)
{
    int code = prep(c, st, 0,
                    "INSERT INTO signing_key (key_id, public_key, "
                    "created_ms, retired_ms) VALUES (?1, ?2, ?3, ?4) ON "
                    "CONFLICT (key_id) DO UPDATE SET retired_ms = "
                    "excluded.retired_ms WHERE retired_ms IS NOT "
                    "excluded.retired_ms",
                    err);
    if (code)
        return code;
    uint8_t key[32];
    if (unhex(PQgetvalue(r, i, 1), key, sizeof(key)) != 32) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_int64(st[0], 1, val_i64(r, i, 0));
    sqlite3_bind_blob(st[0], 2, key, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[0], 3, val_i64(r, i, 2));
    if (PQgetisnull(r, i, 3))
        sqlite3_bind_null(st[0], 4);
    else
        sqlite3_bind_int64(st[0], 4, val_i64(r, i, 3));
    int rc;
    code = step(c, st[0], &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    *wait = !code && rc != SQLITE_DONE;
    return code;
}

/* Bind the JSON array text `arr` of strings one by one to `st` ?1 with
 * `id` as ?2 and run it; false if the array is not one. */
static int each_string(struct ctx *c, sqlite3_stmt *st, const char *arr,
                       int64_t id, int revoked, bool *wait,
                       struct ck_error *err)
{
    json_error_t je;
    json_t *a = json_loads(arr ? arr : "[]", 0, &je);
    int code = CK_OK;
    size_t k;
    json_t *v;
    json_array_foreach(a, k, v)
    {
        if (code)
            break;
        sqlite3_bind_text(st, 1, json_string_value(v), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, id);
        if (revoked >= 0)
            sqlite3_bind_int(st, 3, revoked);
        int rc;
        code = step(c, st, &rc, err);
        if (!code && rc != SQLITE_DONE)
            *wait = true;
    }
    json_decref(a);
    return code;
}

/* A door's search key: its own tutorial's people by name and ticket id
 * (the hub's key also holds email, company and order code); others', whose
 * names a door is not sent, empty.  NULL: out of memory. */
static char *door_search_key(const char *badge_name, const char *given,
                             const char *family, const char *ticket)
{
    if (!*badge_name && !*given && !*family)
        return strdup("");
    const char *parts[] = {badge_name, given, family, ticket};
    char *key = text_search_key(parts, UTIL_ARRAY_LEN(parts));
    return key ? key : strdup("");
}

static int apply_registration(struct ctx *c, sqlite3_stmt **st, PGresult *r,
                              int i, bool *applied, bool *wait,
                              struct ck_error *err)
{
    int code = prep(c, st, 0,
                    "SELECT 1 FROM sync_reg WHERE ticket_id = ?1 AND "
                    "digest = ?2",
                    err);
    if (!code)
        code = prep(
            c, st, 1,
            "INSERT INTO attendee (ticket_id, order_code, status,"
            " given_name, family_name, badge_name, pronouns, company, email,"
            " ticket_type_id, sponsor_consent, testmode, search_key,"
            " fingerprint, imported_ms, updated_ms) VALUES (?1, ?2, ?3, ?4,"
            " ?5, ?6, ?7, ?8, ?9, (SELECT id FROM ticket_type WHERE slug ="
            " ?10), ?11, ?12, ?13, ?14, ?15, ?16) ON CONFLICT (ticket_id) DO"
            " UPDATE SET order_code = excluded.order_code, status ="
            " excluded.status, given_name = excluded.given_name, family_name"
            " = excluded.family_name, badge_name = excluded.badge_name,"
            " pronouns = excluded.pronouns, company = excluded.company, email"
            " = excluded.email, ticket_type_id = excluded.ticket_type_id,"
            " sponsor_consent = excluded.sponsor_consent, testmode ="
            " excluded.testmode, search_key = excluded.search_key,"
            " fingerprint = excluded.fingerprint, imported_ms ="
            " excluded.imported_ms, updated_ms = excluded.updated_ms"
            " RETURNING id",
            err);
    if (!code)
        code =
            prep(c, st, 2,
                 "DELETE FROM attendee_tutorial WHERE attendee_id = ?1", err);
    if (!code)
        code = prep(c, st, 3,
                    "INSERT OR IGNORE INTO attendee_tutorial (attendee_id,"
                    " tutorial_id) SELECT ?2, id FROM tutorial WHERE slug = "
                    "?1",
                    err);
    if (!code)
        code = prep(c, st, 4,
                    "INSERT INTO ticket_secret (secret, attendee_id, "
                    "revoked) VALUES (?1, ?2, ?3) ON CONFLICT (secret) DO "
                    "UPDATE SET attendee_id = excluded.attendee_id, revoked "
                    "= excluded.revoked",
                    err);
    if (!code)
        code = prep(c, st, 5,
                    "INSERT OR REPLACE INTO sync_reg (ticket_id, digest) "
                    "VALUES (?1, ?2)",
                    err);
    if (!code)
        code = prep(c, st, 6,
                    "SELECT count(*) = json_array_length(?1) FROM tutorial"
                    " WHERE slug IN (SELECT value FROM json_each(?1))",
                    err);
    if (code)
        return code;
    uint8_t digest[16];
    if (unhex(PQgetvalue(r, i, 19), digest, sizeof(digest)) != 16) {
        *wait = true;
        return CK_OK;
    }
    const char *ticket = PQgetvalue(r, i, 0);
    sqlite3_bind_text(st[0], 1, ticket, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st[0], 2, digest, 16, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st[0]);
    sqlite3_reset(st[0]);
    if (rc == SQLITE_ROW)
        return CK_OK; /* taken before, unchanged */
    /* Every tutorial named must be known here, or the row waits. */
    sqlite3_bind_text(st[6], 1, PQgetvalue(r, i, 16), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st[6]);
    bool known = rc == SQLITE_ROW && sqlite3_column_int(st[6], 0) == 1;
    sqlite3_reset(st[6]);
    if (!known) {
        *wait = true;
        return CK_OK;
    }
    for (int k = 0; k < 9; k++)
        sqlite3_bind_text(st[1], k + 1, PQgetvalue(r, i, k), -1,
                          SQLITE_TRANSIENT);
    sqlite3_bind_text(st[1], 10, PQgetvalue(r, i, 9), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st[1], 11, PQgetvalue(r, i, 10)[0] == 't');
    sqlite3_bind_int(st[1], 12, PQgetvalue(r, i, 11)[0] == 't');
    if (!strcmp(c->kind, "door")) {
        char *key = door_search_key(PQgetvalue(r, i, 5), PQgetvalue(r, i, 3),
                                    PQgetvalue(r, i, 4), PQgetvalue(r, i, 0));
        if (!key)
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        sqlite3_bind_text(st[1], 13, key, -1, free);
    } else {
        sqlite3_bind_text(st[1], 13, PQgetvalue(r, i, 12), -1,
                          SQLITE_TRANSIENT);
    }
    uint8_t fp[64];
    long fplen = unhex(PQgetvalue(r, i, 13), fp, sizeof(fp));
    sqlite3_bind_blob(st[1], 14, fp, fplen > 0 ? (int)fplen : 0,
                      SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[1], 15, val_i64(r, i, 14));
    sqlite3_bind_int64(st[1], 16, val_i64(r, i, 15));
    rc = sqlite3_step(st[1]);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st[1], 0) : 0;
    if (rc == SQLITE_ROW)
        rc = sqlite3_step(st[1]);
    sqlite3_reset(st[1]);
    if (constraint(rc)) {
        *wait = true; /* a ticket type this file does not know */
        return CK_OK;
    }
    if (rc != SQLITE_DONE)
        return local_fail(c->l, rc, "taking the registrations", err);
    sqlite3_bind_int64(st[2], 1, id);
    code = step(c, st[2], NULL, err);
    if (!code)
        code = each_string(c, st[3], PQgetvalue(r, i, 16), id, -1, wait, err);
    if (!code)
        code = each_string(c, st[4], PQgetvalue(r, i, 17), id, 0, wait, err);
    if (!code)
        code = each_string(c, st[4], PQgetvalue(r, i, 18), id, 1, wait, err);
    if (code || *wait)
        return code;
    sqlite3_bind_text(st[5], 1, ticket, -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(st[5], 2, digest, 16, SQLITE_TRANSIENT);
    code = step(c, st[5], NULL, err);
    *applied = !code;
    return code;
}

static int apply_badge(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                       bool *applied, bool *wait, struct ck_error *err)
{
    int code =
        prep(c, st, 0, "SELECT id FROM attendee WHERE ticket_id = ?1", err);
    if (!code)
        code = prep(c, st, 1, "SELECT id FROM tutorial WHERE slug = ?1", err);
    if (!code)
        code = prep(c, st, 2,
                    "INSERT OR IGNORE INTO badge (badge_id, attendee_id, "
                    "tutorial_id, issue, key_id, issued_ms) VALUES (?1, ?2, "
                    "?3, ?4, ?5, ?6)",
                    err);
    if (!code)
        code = prep(c, st, 3,
                    "INSERT OR IGNORE INTO sync_badge (badge_id) VALUES (?1)",
                    err);
    if (code)
        return code;
    uint8_t id[BADGE_ID_BYTES];
    if (unhex(PQgetvalue(r, i, 0), id, sizeof(id)) != BADGE_ID_BYTES) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_text(st[0], 1, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st[0]);
    int64_t attendee = rc == SQLITE_ROW ? sqlite3_column_int64(st[0], 0) : 0;
    sqlite3_reset(st[0]);
    int64_t tutorial = 0;
    const char *slug = val_str(r, i, 2);
    if (slug) {
        sqlite3_bind_text(st[1], 1, slug, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st[1]);
        tutorial = rc == SQLITE_ROW ? sqlite3_column_int64(st[1], 0) : 0;
        sqlite3_reset(st[1]);
    }
    if (!attendee || (slug && !tutorial)) {
        *wait = true; /* its registration has not arrived */
        return CK_OK;
    }
    sqlite3_bind_blob(st[2], 1, id, sizeof(id), SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[2], 2, attendee);
    if (tutorial)
        sqlite3_bind_int64(st[2], 3, tutorial);
    else
        sqlite3_bind_null(st[2], 3);
    sqlite3_bind_int64(st[2], 4, val_i64(r, i, 3));
    sqlite3_bind_int64(st[2], 5, val_i64(r, i, 4));
    sqlite3_bind_int64(st[2], 6, val_i64(r, i, 5));
    code = step(c, st[2], &rc, err);
    if (code)
        return code;
    if (rc != SQLITE_DONE) {
        *wait = true;
        return CK_OK;
    }
    *applied = sqlite3_changes(c->l->db) > 0;
    sqlite3_bind_blob(st[3], 1, id, sizeof(id), SQLITE_TRANSIENT);
    return step(c, st[3], NULL, err);
}

/* A revocation, or its lifting: the badge admits again (counted apart,
 * as `lifted`). */
static int apply_revoked(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                         bool *applied, bool *wait, struct ck_error *err)
{
    bool lifted = !PQgetisnull(r, i, 1);
    int code = prep(c, st, lifted,
                    lifted ? "DELETE FROM revoked_badge WHERE hash = ?1"
                           : "INSERT OR IGNORE INTO revoked_badge (hash) "
                             "VALUES (?1)",
                    err);
    if (code)
        return code;
    uint8_t hash[BADGE_REVOCATION_HASH_BYTES];
    if (unhex(PQgetvalue(r, i, 0), hash, sizeof(hash)) != sizeof(hash)) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_blob(st[lifted], 1, hash, sizeof(hash), SQLITE_TRANSIENT);
    int rc;
    code = step(c, st[lifted], &rc, err);
    bool changed = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    if (lifted)
        c->rep->pulled.lifted += changed;
    else
        *applied = changed;
    return code;
}

/* A desk's print job as the hub holds it, into the organizer's
 * station_print_job, which no print worker reads: `checkin attendees
 * --no-badge` on the organizer's file counts a badge a desk printed. */
static int apply_station_job(struct ctx *c, sqlite3_stmt **st, PGresult *r,
                             int i, bool *applied, bool *wait,
                             struct ck_error *err)
{
    (void)wait;
    int code = prep(
        c, st, 0,
        "INSERT INTO station_print_job (station_uid, job_id, ticket_id, kind,"
        " state, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT"
        " (station_uid, job_id) DO UPDATE SET ticket_id = excluded.ticket_id,"
        " kind = excluded.kind, state = excluded.state, updated_ms ="
        " excluded.updated_ms WHERE (ticket_id, kind, state, updated_ms) IS"
        " NOT (excluded.ticket_id, excluded.kind, excluded.state,"
        " excluded.updated_ms)",
        err);
    if (code)
        return code;
    sqlite3_stmt *q = st[0];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 2, val_i64(r, i, 1));
    sqlite3_bind_text(q, 3, PQgetvalue(r, i, 2), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 4, PQgetvalue(r, i, 3), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 5, PQgetvalue(r, i, 4), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 6, val_i64(r, i, 5));
    int rc;
    code = step(c, q, &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    return code;
}

/* A signing key the organizer sealed to this desk, kept sealed
 * (credential_load_desk_key opens it when the desk prints). */
static int apply_desk_key(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                          bool *applied, bool *wait, struct ck_error *err)
{
    int code = prep(c, st, 0,
                    "INSERT OR REPLACE INTO sync_signing_key (key_id, sealed) "
                    "VALUES (?1, ?2)",
                    err);
    if (code)
        return code;
    uint8_t sealed[CREDENTIAL_SEALED_KEY_BYTES];
    if (unhex(PQgetvalue(r, i, 1), sealed, sizeof(sealed)) != sizeof(sealed)) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_int64(st[0], 1, strtoll(PQgetvalue(r, i, 0), NULL, 10));
    sqlite3_bind_blob(st[0], 2, sealed, sizeof(sealed), SQLITE_TRANSIENT);
    int rc;
    code = step(c, st[0], &rc, err);
    *applied = !code && rc == SQLITE_DONE;
    return code;
}

/* Note a journal run pulled from the hub as another station's. */
static int foreign_run(struct ctx *c, sqlite3_stmt **st, int slot,
                       const char *station_id, struct ck_error *err)
{
    int code = prep(c, st, slot,
                    "INSERT OR IGNORE INTO sync_run (station_id, own) "
                    "VALUES (?1, 0)",
                    err);
    if (code)
        return code;
    sqlite3_bind_text(st[slot], 1, station_id, -1, SQLITE_TRANSIENT);
    return step(c, st[slot], NULL, err);
}

static int apply_scan(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait, struct ck_error *err)
{
    int code = prep(
        c, st, 0,
        "INSERT OR IGNORE INTO scan (station_id, station, seq, at_ms, mode,"
        " target, code, attendee_ticket_id, badge_id, decision, reason,"
        " direction, override, act, ref_station_id, ref_seq, day, handed,"
        " supervisor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
        " ?12, ?13, coalesce(?14, 'scan'), ?15, ?16, ?17, ?18, ?19)",
        err);
    if (code)
        return code;
    code = foreign_run(c, st, 1, PQgetvalue(r, i, 0), err);
    if (code)
        return code;
    static uint8_t buf[8192];
    long clen = unhex(PQgetvalue(r, i, 6), buf, sizeof(buf));
    uint8_t badge[BADGE_ID_BYTES];
    const char *bhex = val_str(r, i, 8);
    long blen = bhex ? unhex(bhex, badge, sizeof(badge)) : 0;
    if (clen < 0 || blen < 0) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_stmt *q = st[0];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 3, val_i64(r, i, 2));
    sqlite3_bind_int64(q, 4, val_i64(r, i, 3));
    sqlite3_bind_text(q, 5, PQgetvalue(r, i, 4), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 6, PQgetvalue(r, i, 5), -1, SQLITE_TRANSIENT);
    /* As the journal stores it: text of the exact bytes scanned. */
    sqlite3_bind_text(q, 7, (const char *)buf, (int)clen, SQLITE_TRANSIENT);
    if (val_str(r, i, 7))
        sqlite3_bind_text(q, 8, PQgetvalue(r, i, 7), -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 8);
    if (bhex)
        sqlite3_bind_blob(q, 9, badge, (int)blen, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(q, 9);
    sqlite3_bind_text(q, 10, PQgetvalue(r, i, 9), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 11, PQgetvalue(r, i, 10), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 12, PQgetvalue(r, i, 11), -1, SQLITE_TRANSIENT);
    /* override, and from format 8 act, ref_station_id, ref_seq, day,
     * handed and supervisor (NULL: as a row from before them). */
    for (int k = 12; k < 19; k++) {
        const char *v = k < PQnfields(r) ? val_str(r, i, k) : NULL;
        if (!v)
            sqlite3_bind_null(q, k + 1);
        else if (k == 15)
            sqlite3_bind_int64(q, k + 1, val_i64(r, i, k));
        else
            sqlite3_bind_text(q, k + 1, v, -1, SQLITE_TRANSIENT);
    }
    int rc;
    code = step(c, q, &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    *wait = !code && rc != SQLITE_DONE;
    return code;
}

static int apply_lead(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait, struct ck_error *err)
{
    int code =
        prep(c, st, 0,
             "INSERT INTO lead AS l (station_id, station, seq, sponsor_slug,"
             " badge_id, at_ms, note, rating, version) VALUES (?1, ?2, ?3, ?4,"
             " ?5, ?6, ?7, ?8, ?9) ON CONFLICT (station_id, seq) DO UPDATE SET"
             " note = excluded.note, rating = excluded.rating, version ="
             " excluded.version WHERE excluded.version > l.version",
             err);
    if (code)
        return code;
    code = foreign_run(c, st, 1, PQgetvalue(r, i, 0), err);
    if (code)
        return code;
    uint8_t badge[BADGE_ID_BYTES];
    if (unhex(PQgetvalue(r, i, 4), badge, sizeof(badge)) != BADGE_ID_BYTES) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_stmt *q = st[0];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 3, val_i64(r, i, 2));
    sqlite3_bind_text(q, 4, PQgetvalue(r, i, 3), -1, SQLITE_TRANSIENT);
    sqlite3_bind_blob(q, 5, badge, sizeof(badge), SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 6, val_i64(r, i, 5));
    sqlite3_bind_text(q, 7, PQgetvalue(r, i, 6), -1, SQLITE_TRANSIENT);
    if (val_str(r, i, 7))
        sqlite3_bind_int64(q, 8, val_i64(r, i, 7));
    else
        sqlite3_bind_null(q, 8);
    sqlite3_bind_int64(q, 9, val_i64(r, i, 8));
    int rc;
    code = step(c, q, &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    *wait = !code && rc != SQLITE_DONE;
    return code;
}

/* One row of the event description: the event, a ticket type, tutorial
 * or sponsor by slug (updated or added; a tutorial with the organizer's
 * number, which its tickets carry), the pretix mapping and settings.  A
 * row removed on the organizer's side is removed here only if nothing in
 * this file refers to it; otherwise it stays, unused by the organizer. */
static int apply_description(struct ctx *c, sqlite3_stmt **st, PGresult *r,
                             int i, bool *applied, bool *wait,
                             struct ck_error *err)
{
    static const struct {
        const char *kind, *upsert, *remove;
    } K[] = {
        {"event",
         "UPDATE event SET name = ?2, first_day = ?3, last_day = ?4, timezone"
         " = ?5 WHERE slug = ?1 AND (name, first_day, last_day, timezone) IS"
         " NOT (?2, ?3, ?4, ?5)",
         NULL},
        {"ticket_type",
         "INSERT INTO ticket_type (slug, label, colour) VALUES (?1, ?2, ?3)"
         " ON CONFLICT (slug) DO UPDATE SET label = excluded.label, colour ="
         " excluded.colour WHERE (label, colour) IS NOT (excluded.label,"
         " excluded.colour)",
         "DELETE FROM ticket_type WHERE slug = ?1"},
        {"tutorial",
         "INSERT INTO tutorial (id, slug, title, room, starts_at, ends_at,"
         " capacity) VALUES (?2, ?1, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (slug)"
         " DO UPDATE SET title = excluded.title, room = excluded.room,"
         " starts_at = excluded.starts_at, ends_at = excluded.ends_at,"
         " capacity = excluded.capacity WHERE (title, room, starts_at,"
         " ends_at, capacity) IS NOT (excluded.title, excluded.room,"
         " excluded.starts_at, excluded.ends_at, excluded.capacity)",
         "DELETE FROM tutorial WHERE slug = ?1 AND NOT EXISTS (SELECT 1 FROM"
         " " JOURNAL_EVERY_ROW " WHERE mode = 'door' AND target = ?1)"},
        {"sponsor",
         "INSERT INTO sponsor (slug, name) VALUES (?1, ?2) ON CONFLICT (slug)"
         " DO UPDATE SET name = excluded.name WHERE name IS NOT"
         " excluded.name",
         "DELETE FROM sponsor WHERE slug = ?1 AND NOT EXISTS (SELECT 1 FROM"
         " lead WHERE sponsor_slug = ?1) AND NOT EXISTS (SELECT 1 "
         "FROM " JOURNAL_EVERY_ROW " WHERE mode = 'leads' AND target = ?1)"},
        {"source_item",
         "INSERT INTO source_item (source, item, ticket_type_id, tutorial_id)"
         " VALUES (substr(?1, 1, instr(?1, ':') - 1), substr(?1, instr(?1,"
         " ':') + 1), (SELECT id FROM ticket_type WHERE slug = ?2), (SELECT"
         " id FROM tutorial WHERE slug = ?3)) ON CONFLICT (source, item) DO"
         " UPDATE SET ticket_type_id = excluded.ticket_type_id, tutorial_id"
         " = excluded.tutorial_id WHERE (ticket_type_id, tutorial_id) IS NOT"
         " (excluded.ticket_type_id, excluded.tutorial_id)",
         "DELETE FROM source_item WHERE source = substr(?1, 1, instr(?1, ':')"
         " - 1) AND item = substr(?1, instr(?1, ':') + 1)"},
        {"setting",
         "INSERT INTO setting (key, value) SELECT ?1, ?2 WHERE ?1 LIKE"
         " 'pretix.%' ON CONFLICT (key) DO UPDATE SET value = excluded.value"
         " WHERE value IS NOT excluded.value",
         "DELETE FROM setting WHERE key = ?1 AND key LIKE 'pretix.%'"},
    };
    /* The fields of each kind's data, bound from ?2 on. */
    static const char *const FIELDS[][6] = {
        {"name", "first_day", "last_day", "timezone"},
        {"label", "colour"},
        {"id", "title", "room", "starts_at", "ends_at", "capacity"},
        {"name"},
        {"ticket_type", "tutorial"},
        {"value"},
    };
    const char *kind = PQgetvalue(r, i, 0);
    size_t k = 0;
    while (k < UTIL_ARRAY_LEN(K) && strcmp(K[k].kind, kind))
        k++;
    if (k == UTIL_ARRAY_LEN(K))
        return CK_OK; /* a kind a newer checkin publishes */
    bool removed = PQgetisnull(r, i, 2);
    if (removed && !K[k].remove)
        return CK_OK;
    int slot = (int)(2 * k + removed);
    int code = prep(c, st, slot, removed ? K[k].remove : K[k].upsert, err);
    if (code)
        return code;
    sqlite3_stmt *q = st[slot];
    sqlite3_bind_text(q, 1, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    json_t *data = NULL;
    if (!removed) {
        json_error_t je;
        data = json_loads(PQgetvalue(r, i, 2), 0, &je);
        if (!json_is_object(data)) {
            json_decref(data);
            *wait = true;
            return CK_OK;
        }
        for (int f = 0; f < 6 && FIELDS[k][f]; f++) {
            json_t *v = json_object_get(data, FIELDS[k][f]);
            if (json_is_integer(v))
                sqlite3_bind_int64(q, f + 2, json_integer_value(v));
            else if (json_is_string(v))
                sqlite3_bind_text(q, f + 2, json_string_value(v), -1,
                                  SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(q, f + 2);
        }
    }
    int rc;
    code = step(c, q, &rc, err);
    sqlite3_clear_bindings(q);
    json_decref(data);
    if (code)
        return code;
    *applied = rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    /* An addition that cannot be taken yet (a tutorial number this file
     * gives another tutorial, a mapping to a row not here) is read again
     * next time; a removal something here still refers to is not. */
    *wait = rc != SQLITE_DONE && !removed;
    return CK_OK;
}

/* What each kind of file pulls: the hub's policies allow no more. */
struct pull {
    const char *tbl;
    const char *sql;
    apply_fn fn;
    size_t count_off;    /* offsetof(struct sync_counts, ...) */
    unsigned who;        /* PULL_* */
    int since;           /* the hub format `sql` needs (0: any) */
    const char *sql_old; /* on an older hub, where it differs */
    int until;           /* from this hub format on, another entry (0: none) */
};

/* The journal's rows; a format 1 hub has no override column (hub_upgrade
 * adds it at the organizer's next sync), so there it is read as NULL, and
 * before format 8 no act and its fellows (apply_scan). */
#define SCAN_PULL(OVERRIDE, FROM)                                              \
    "SELECT station_id, station, seq, at_ms, mode, target, encode(code,"       \
    " 'hex'), attendee_ticket_id, encode(badge_id, 'hex'), decision,"          \
    " reason, direction, " OVERRIDE " FROM checkin." FROM " WHERE hub_xid"     \
    " >= $1::xid8 AND station_uid != $2 ORDER BY hub_seq"
#define SCAN_ACTS                                                              \
    "override, act, ref_station_id, ref_seq, day, handed, supervisor"
#define REGISTRATION_PULL(FROM)                                                \
    "SELECT ticket_id, order_code, status, given_name, family_name,"           \
    " badge_name, pronouns, company, email, ticket_type, sponsor_consent,"     \
    " testmode, search_key, encode(fingerprint, 'hex'), imported_ms,"          \
    " updated_ms, to_json(tutorials), to_json(secrets),"                       \
    " to_json(revoked_secrets), encode(digest, 'hex') FROM checkin." FROM      \
    " WHERE hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq"
/* Revocations; before format 4 none was ever lifted. */
#define REVOKED_PULL(LIFTED)                                                   \
    "SELECT encode(hash, 'hex'), " LIFTED " FROM checkin.revoked_badge"        \
    " WHERE hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq"
enum { P_ORG = 1, P_DESK = 2, P_DOOR = 4, P_LEADS = 8 };

static const struct pull PULLS[] = {
    /* First: the registrations name its ticket types and tutorials. */
    {"event_description",
     "SELECT kind, slug, data::text FROM checkin.event_description WHERE"
     " hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq",
     apply_description, offsetof(struct sync_counts, description),
     P_DESK | P_DOOR | P_LEADS},
    {"signing_key",
     "SELECT key_id, encode(public_key, 'hex'), created_ms, retired_ms FROM"
     " checkin.signing_key WHERE hub_xid >= $1::xid8 AND $2::text IS NOT"
     " NULL ORDER BY hub_seq",
     apply_key, offsetof(struct sync_counts, keys), P_DESK | P_DOOR | P_LEADS},
    {"registration", REGISTRATION_PULL("registration"), apply_registration,
     offsetof(struct sync_counts, registrations), P_DESK},
    /* A door's view of them: no contact details, secrets hashed, names of
     * its own tutorial's people only (hub_schema.c, LEAST). */
    {"registration", REGISTRATION_PULL("door_registration"), apply_registration,
     offsetof(struct sync_counts, registrations), P_DOOR, HUB_FORMAT_LEAST,
     REGISTRATION_PULL("registration")},
    {"badge",
     "SELECT encode(badge_id, 'hex'), ticket_id, tutorial, issue, key_id,"
     " issued_ms FROM checkin.badge WHERE hub_xid >= $1::xid8 AND"
     " station_uid IS DISTINCT FROM $2 ORDER BY hub_seq",
     apply_badge, offsetof(struct sync_counts, badges),
     P_ORG | P_DESK | P_DOOR},
    /* The organizer's file keeps the hub's set, to lift what its own no
     * longer revokes (push_revoked). */
    {"revoked_badge", REVOKED_PULL("lifted_ms"), apply_revoked,
     offsetof(struct sync_counts, revoked), P_ORG | P_LEADS, HUB_FORMAT_LIFTED,
     REVOKED_PULL("NULL::bigint")},
    /* Only its own: the hub's policy lets a desk read no other's. */
    {"station_key",
     "SELECT key_id, encode(sealed, 'hex') FROM checkin.station_key WHERE"
     " hub_xid >= $1::xid8 AND station_uid = $2 ORDER BY hub_seq",
     apply_desk_key, offsetof(struct sync_counts, desk_keys), P_DESK,
     HUB_FORMAT_LIFTED, NULL},
    {"scan", SCAN_PULL(SCAN_ACTS, "scan"), apply_scan,
     offsetof(struct sync_counts, scans), P_ORG | P_DESK, HUB_FORMAT_ACTS},
    {"scan", SCAN_PULL("override", "scan"), apply_scan,
     offsetof(struct sync_counts, scans), P_ORG | P_DESK, 2,
     SCAN_PULL("NULL::text", "scan"), HUB_FORMAT_ACTS},
    /* A door's: its own tutorial's doors' rows, codes hashed. */
    {"scan", SCAN_PULL(SCAN_ACTS, "door_scan"), apply_scan,
     offsetof(struct sync_counts, scans), P_DOOR, HUB_FORMAT_ACTS},
    {"scan", SCAN_PULL("override", "door_scan"), apply_scan,
     offsetof(struct sync_counts, scans), P_DOOR, HUB_FORMAT_LEAST,
     SCAN_PULL("NULL::text", "scan"), HUB_FORMAT_ACTS},
    /* The organizer's copy of every desk's print jobs. */
    {"print_job",
     "SELECT station_uid, job_id, ticket_id, kind, state, updated_ms FROM"
     " checkin.print_job WHERE hub_xid >= $1::xid8 AND station_uid IS"
     " DISTINCT FROM $2 ORDER BY hub_seq",
     apply_station_job, offsetof(struct sync_counts, jobs), P_ORG},
    {"lead",
     "SELECT station_id, station, seq, sponsor_slug, encode(badge_id,"
     " 'hex'), at_ms, note, rating, version FROM checkin.lead WHERE hub_xid"
     " >= $1::xid8 AND station_uid != $2 ORDER BY hub_seq",
     apply_lead, offsetof(struct sync_counts, leads), P_ORG | P_LEADS},
};

static int pull_all(struct ctx *c, struct ck_error *err)
{
    unsigned me = c->organizer               ? P_ORG
                  : !strcmp(c->kind, "desk") ? P_DESK
                  : !strcmp(c->kind, "door") ? P_DOOR
                                             : P_LEADS;
    int code = pg_exec(c->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                       "starting to pull", err);
    if (code)
        return code;
    PGresult *r;
    code = pg_query(c->pg,
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text,"
                    " (SELECT format FROM checkin.hub)",
                    0, NULL, &r, "starting to pull", err);
    char horizon[32] = "0";
    /* A hub made by an older 'checkin hub init' (format 1) has no event
     * description and no override column until the organizer's next sync
     * adds them (hub_upgrade). */
    int format = 1;
    if (!code) {
        snprintf(horizon, sizeof(horizon), "%s", PQgetvalue(r, 0, 0));
        format = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
        c->format = format;
        PQclear(r);
    }
    bool taken[UTIL_ARRAY_LEN(PULLS)] = {false};
    int rows = 0;
    for (size_t p = 0; !code && p < UTIL_ARRAY_LEN(PULLS); p++) {
        if (!(PULLS[p].who & me) ||
            (format < 2 && PULLS[p].fn == apply_description) ||
            (format < PULLS[p].since && !PULLS[p].sql_old) ||
            (PULLS[p].until && format >= PULLS[p].until))
            continue;
        sqlite3_stmt *st[16] = {NULL};
        long *count = (long *)((char *)&c->rep->pulled + PULLS[p].count_off);
        int n = 0;
        const char *sql =
            format < PULLS[p].since ? PULLS[p].sql_old : PULLS[p].sql;
        code = pull_table(c, PULLS[p].tbl, sql, PULLS[p].fn, st, count,
                          &taken[p], &n, err);
        rows += n;
        for (size_t k = 0; k < UTIL_ARRAY_LEN(st); k++)
            sqlite3_finalize(st[k]);
    }
    /* The cursors move in one local transaction, and only when the hub
     * gave rows: a sync with nothing new writes nothing to the file, so
     * the station deciding beside a live sync never waits for it (a
     * cursor left behind only means the same empty range is asked
     * again). */
    if (!code && rows > 0) {
        code = local_begin(c->l, err);
        for (size_t p = 0; !code && p < UTIL_ARRAY_LEN(PULLS); p++)
            if ((PULLS[p].who & me) && taken[p] &&
                (format >= 2 || PULLS[p].fn != apply_description))
                code = cursor_set(c, PULLS[p].tbl, horizon, err);
        if (!code)
            code = local_commit(c->l, err);
        else
            local_rollback(c->l);
    }
    if (code)
        pg_rollback(c->pg);
    else
        code = pg_commit(c, "pulling", err);
    return code;
}

/* ---- the whole sync ---------------------------------------------------- */

/* Check the hub is this event's and knows this file's station. */
/* One file, one station: a copy of an enrolled file (a cloned SD card, a
 * file copied to a second laptop) must not sync as a second station
 * under the first one's identity.  At each connection the station adds a
 * new random token to its file (durably), then the hub takes it only from
 * a file that holds the token the hub took last.  The hub's token only
 * ever moves to a fresh one, so a copy, which lacks every token set after
 * it was made, is refused from the first time the other copy connects;
 * whichever connects first goes on.  A kill anywhere leaves the file
 * holding the hub's token; two processes of one file connecting at once
 * both hold both tokens (a refusal is asked again once, with the tokens
 * read anew).  The file keeps its last TOKENS_KEPT.  The station's own
 * row on the hub, which only its role and the organizer read, holds it. */
enum { TOKENS_KEPT = 16, VOUCH_TRIES = 3 };

static int vouch_for_file(struct ctx *c, struct ck_error *err)
{
    static const char what[] = "noting which file it is";
    char token[33];
    sync_random_hex(token, 16);
    sqlite3_stmt *q = NULL;
    int sync_mode = 2; /* FULL, as local_open sets it */
    int code = local_exec(c->l,
                          "CREATE TABLE IF NOT EXISTS sync_token ("
                          " seq INTEGER PRIMARY KEY,"
                          " token TEXT NOT NULL UNIQUE)",
                          what, err);
    if (!code)
        code = local_prepare(c->l, "PRAGMA synchronous", &q, what, err);
    if (!code && sqlite3_step(q) == SQLITE_ROW)
        sync_mode = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    q = NULL;
    /* Durably before the hub may take it, whatever the connection's
     * usual setting (the live worker's is NORMAL). */
    if (!code)
        code = local_exec(c->l, "PRAGMA synchronous = FULL", what, err);
    if (!code)
        code = local_prepare(c->l, "INSERT INTO sync_token (token) VALUES (?1)",
                             &q, what, err);
    if (!code) {
        sqlite3_bind_text(q, 1, token, -1, SQLITE_STATIC);
        code = local_done(c->l, q, what, err);
    }
    sqlite3_finalize(q);
    q = NULL;
    bool taken = false;
    for (int i = 0; !code && !taken && i < VOUCH_TRIES; i++) {
        char *list = NULL;
        code = local_prepare(c->l,
                             "SELECT json_group_array(token) FROM sync_token",
                             &q, what, err);
        if (!code && sqlite3_step(q) == SQLITE_ROW)
            list = strdup((const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
        q = NULL;
        if (!code && !list)
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
        PGresult *r = NULL;
        if (!code) {
            const char *params[2] = {token, list};
            code = pg_query(c->pg,
                            "UPDATE checkin.station SET file_token = $1 WHERE"
                            " pg_role = current_user AND (file_token IS NULL"
                            " OR file_token IN (SELECT"
                            " jsonb_array_elements_text($2::jsonb)))"
                            " RETURNING 1",
                            2, params, &r, "checking which file it is", err);
        }
        taken = !code && PQntuples(r) == 1;
        PQclear(r);
        free(list);
    }
    if (!code && !taken)
        code = ck_fail(err, CK_EINVAL,
                       "The hub (%s) has heard from another copy of station "
                       "%s's file since %s last synced, so nothing was sent: "
                       "one file is one station; enroll this laptop as a "
                       "station of its own with 'checkin hub add-station'.",
                       c->rep->where, c->hub->name, c->l->path);
    if (!code) {
        atomic_file_kill_point("vouched", c->l->path);
        code = local_prepare(c->l,
                             "DELETE FROM sync_token WHERE seq <= (SELECT"
                             " max(seq) FROM sync_token) - ?1",
                             &q, what, err);
    }
    if (!code) {
        sqlite3_bind_int(q, 1, TOKENS_KEPT);
        code = local_done(c->l, q, what, err);
    }
    sqlite3_finalize(q);
    /* Left at FULL if this fails: slower, never less safe. */
    char pragma[48];
    snprintf(pragma, sizeof(pragma), "PRAGMA synchronous = %d", sync_mode);
    struct ck_error ignored;
    int restored = local_exec(c->l, pragma, "restoring its settings", &ignored);
    (void)restored;
    if (!code)
        code = pg_exec(c->pg, "SET checkin.vouched = on",
                       "checking which file it is", err);
    return code;
}

static int check_identity(struct ctx *c, struct ck_error *err)
{
    char uid[64], slug[64], name[256];
    int code = local_event(c->l, uid, sizeof(uid), slug, sizeof(slug), name,
                           sizeof(name), err);
    if (code)
        return code;
    PGresult *r;
    /* checkin.vouched: this connection checked the file's token.
     * checkin.client_format: the hub format this checkin knows, so that a
     * hub of format 8 or later shows it the rows an older one would
     * misread (hub_schema.c, JOURNAL_ACTS). */
    char known[16];
    snprintf(known, sizeof(known), "%d", HUB_FORMAT);
    const char *params[1] = {known};
    code = pg_query(c->pg,
                    "SELECT h.event_uid, s.uid, s.kind, s.target, h.format,"
                    " current_setting('checkin.vouched', true),"
                    " set_config('checkin.client_format', $1, false) FROM"
                    " checkin.hub h LEFT JOIN checkin.station s ON"
                    " s.pg_role = current_user AND s.retired_ms IS NULL",
                    1, params, &r, "reading which event it serves", err);
    if (code)
        return code;
    if (PQntuples(r) != 1) {
        PQclear(r);
        return ck_fail(err, CK_EINVAL,
                       "The hub (%s) holds no event; make it again with "
                       "'checkin hub init'.",
                       c->rep->where);
    }
    if (strcmp(PQgetvalue(r, 0, 0), uid) || strcmp(c->hub->event_uid, uid)) {
        PQclear(r);
        return ck_fail(err, CK_EINVAL,
                       "The hub (%s) serves another event than %s (%s); "
                       "nothing was sent: enroll this file at its own "
                       "event's hub.",
                       c->rep->where, c->l->path, slug);
    }
    c->format = (int)strtol(PQgetvalue(r, 0, 4), NULL, 10);
    if (!c->organizer) {
        if (PQgetisnull(r, 0, 1) ||
            strcmp(PQgetvalue(r, 0, 1), c->hub->station_uid)) {
            PQclear(r);
            return ck_fail(err, CK_EINVAL,
                           "The hub (%s) does not know station %s of %s "
                           "(retired, or its enrolment was undone); enroll "
                           "it again with 'checkin hub add-station'.",
                           c->rep->where, c->hub->name, c->l->path);
        }
        snprintf(c->kind, sizeof(c->kind), "%s", PQgetvalue(r, 0, 2));
        snprintf(c->target, sizeof(c->target), "%s", PQgetvalue(r, 0, 3));
    }
    bool vouched = !strcmp(PQgetvalue(r, 0, 5), "on");
    PQclear(r);
    if (!c->organizer && !vouched && c->format >= HUB_FORMAT_TRUST)
        return vouch_for_file(c, err);
    return CK_OK;
}

long sync_backlog(struct local *l)
{
    sqlite3_stmt *q;
    struct ck_error ignored;
    if (local_prepare(l,
                      "SELECT count(*) FROM " JOURNAL_EVERY_ROW
                      " s LEFT JOIN sync_run r ON"
                      " r.station_id = s.station_id WHERE coalesce(r.own, 1)"
                      " = 1 AND s.seq > coalesce(r.pushed_seq, 0)",
                      &q, "counting", &ignored))
        return 0;
    long n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    return n;
}

/* Up to `cap` - 1 bytes of `s` into `out`, cut at a character boundary
 * (the hub's columns are limited in bytes). */
static void utf8_cut(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out, s, n);
    out[n] = '\0';
}

/* The station's own row: here now, its clock, what it pushed and has
 * left; from format 5 its printer too (printer NULL: not said). */
static int say_here(struct ctx *c, const struct sync_printer *printer,
                    struct ck_error *err)
{
    const struct sync_report *out = c->rep;
    char clock[32], pushed[32], left[32], pms[32];
    char pname[300], pmsg[500];
    snprintf(clock, sizeof(clock), "%lld", (long long)store_now_ms());
    snprintf(pushed, sizeof(pushed), "%ld",
             out->pushed.scans + out->pushed.leads + out->pushed.badges +
                 out->pushed.jobs);
    snprintf(left, sizeof(left), "%ld", sync_backlog(c->l));
    bool with_printer = printer && c->format >= HUB_FORMAT_PRINTER;
    bool has = with_printer && printer->printer[0] && printer->state[0];
    /* The hub's CHECK (hub_schema.c, PRINTER_STATUS) takes these. */
    static const char *const states[] = {
        "ready",       "printing",      "unknown",    "no media",
        "end of roll", "wrong media",   "cover open", "cutter jam",
        "unplugged",   "not answering", "error"};
    const char *state = "error";
    for (size_t i = 0; has && i < UTIL_ARRAY_LEN(states); i++)
        if (!strcmp(printer->state, states[i]))
            state = states[i];
    utf8_cut(pname, sizeof(pname), has ? printer->printer : "");
    utf8_cut(pmsg, sizeof(pmsg), has ? printer->message : "");
    snprintf(pms, sizeof(pms), "%lld", has ? (long long)printer->at_ms : 0LL);
    const char *params[7] = {clock,
                             pushed,
                             left,
                             has ? pname : NULL,
                             has ? state : NULL,
                             has ? pmsg : NULL,
                             has ? pms : NULL};
    /* From format 8, the hub format this checkin knows (hub status names
     * a live station that says none: an older checkin). */
    char known[48] = "", sql[512];
    if (c->format >= HUB_FORMAT_ACTS)
        snprintf(known, sizeof(known), ", client_format = %d", HUB_FORMAT);
    snprintf(sql, sizeof(sql),
             "UPDATE checkin.station SET last_seen = now(), last_clock_ms ="
             " $1, last_pushed = last_pushed + $2, last_backlog = $3%s%s"
             " WHERE pg_role = current_user",
             with_printer ? ", printer = $4, printer_state = $5,"
                            " printer_message = $6, printer_ms = $7"
                          : "",
             known);
    PGresult *r;
    int code = pg_query(c->pg, sql, with_printer ? 7 : 3, params, &r,
                        "saying it was here", err);
    PQclear(r);
    return code;
}

/* ---- a door's file holds its room, no more ----------------------------
 *
 * From hub format 7 a door pulls registrations without contact details,
 * with names only of its own tutorial's people and confirmation secrets
 * hashed, and only its tutorial's doors' journal rows (hub_schema.c,
 * LEAST).  A door file that synced with an older hub holds more: at its
 * first sync with a format 7 hub, after its own rows went up, it forgets
 * the rest in one transaction, with SQLite's secure_delete on, and
 * rewrites the file, so that the old values stay in no page of it. */

/* Hash the first column of `select`'s rows, not yet hashed, with
 * `update` taking (?1 the hash, ?2 and ?3 the row's other two columns,
 * its key).  Read whole first: a table changed while a statement steps
 * through it may be stepped through in any order. */
static int hash_rows(struct local *l, const char *select, const char *update,
                     struct ck_error *err)
{
    sqlite3_stmt *q = NULL, *u = NULL;
    sqlite3_value **v = NULL;
    size_t n = 0, cap = 0;
    int code = local_prepare(l, select, &q, "forgetting secrets", err);
    int rc = SQLITE_ROW;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n + 3 > cap) {
            cap = cap ? 2 * cap : 3 * 256;
            sqlite3_value **w = realloc(v, cap * sizeof(*v));
            if (!w) {
                code = ck_fail(err, CK_ENOMEM, "Out of memory.");
                break;
            }
            v = w;
        }
        for (int k = 0; k < 3; k++)
            v[n++] = sqlite3_value_dup(sqlite3_column_value(q, k));
    }
    if (!code && rc != SQLITE_DONE)
        code = local_fail(l, rc, "forgetting secrets", err);
    sqlite3_finalize(q);
    if (!code)
        code = local_prepare(l, update, &u, "forgetting secrets", err);
    for (size_t i = 0; !code && i < n; i += 3) {
        char hashed[CREDENTIAL_SECRET_HASH_CHARS];
        if (!v[i] || !v[i + 1] || !v[i + 2]) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        credential_secret_hash(sqlite3_value_blob(v[i]),
                               (size_t)sqlite3_value_bytes(v[i]), hashed);
        sqlite3_bind_text(u, 1, hashed, -1, SQLITE_TRANSIENT);
        sqlite3_bind_value(u, 2, v[i + 1]);
        sqlite3_bind_value(u, 3, v[i + 2]);
        code = local_done(l, u, "forgetting secrets", err);
    }
    sqlite3_finalize(u);
    for (size_t i = 0; i < n; i++)
        sqlite3_value_free(v[i]);
    free(v);
    return code;
}

/* door_search_key as an SQL function, for door_forgets. */
static void sql_door_search_key(sqlite3_context *ctx, int argc,
                                sqlite3_value **argv)
{
    const char *v[4];
    for (int i = 0; i < 4 && i < argc; i++) {
        const unsigned char *t = sqlite3_value_text(argv[i]);
        v[i] = t ? (const char *)t : "";
    }
    char *key = argc == 4 ? door_search_key(v[0], v[1], v[2], v[3]) : NULL;
    if (key)
        sqlite3_result_text(ctx, key, -1, free);
    else
        sqlite3_result_error_nomem(ctx);
}

/* Whether the file holds anything a door does not: asked at every sync,
 * so that a file that ever pulled from an older hub forgets again. */
static const char DOOR_HOLDS_MORE[] =
    "SELECT EXISTS (SELECT 1 FROM ticket_secret WHERE secret < 'sha256:' OR"
    " secret >= 'sha256;') OR EXISTS (SELECT 1 FROM attendee WHERE email !="
    " '' OR company != '' OR order_code != '' OR sponsor_consent != 0 OR"
    " length(fingerprint) > 0) OR EXISTS (SELECT 1 FROM " JOURNAL_EVERY_ROW
    " WHERE"
    " (station_id IN (SELECT station_id FROM sync_run WHERE own = 0) AND"
    " (mode != 'door' OR target != ?1 OR code NOT LIKE 'sha256:%')) OR"
    " (badge_id IS NULL AND code NOT LIKE 'sha256:%'))";

/* Open a local transaction in which pulled journal rows may be changed:
 * the journal's append-only triggers dropped, their text (as the file
 * has them) in *triggers for journal_relock. */
static int journal_unlock(struct local *l, char **triggers,
                          struct ck_error *err)
{
    *triggers = NULL;
    sqlite3_stmt *q;
    int code = local_prepare(l,
                             "SELECT group_concat(sql || ';', '') FROM"
                             " sqlite_master WHERE type = 'trigger' AND"
                             " tbl_name = 'scan' AND name IN"
                             " ('scan_no_update', 'scan_no_delete')",
                             &q, "reading the journal", err);
    if (code)
        return code;
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        *triggers = strdup((const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    code = local_begin(l, err);
    if (!code)
        code = local_exec(l,
                          "DROP TRIGGER IF EXISTS scan_no_update;"
                          "DROP TRIGGER IF EXISTS scan_no_delete;",
                          "opening the journal", err);
    if (code) {
        local_rollback(l);
        free(*triggers);
        *triggers = NULL;
    }
    return code;
}

/* The triggers back, then commit (`code` CK_OK) or roll back. */
static int journal_relock(struct local *l, char *triggers, int code,
                          struct ck_error *err)
{
    if (!code && triggers)
        code = local_exec(l, triggers, "closing the journal", err);
    free(triggers);
    if (!code)
        code = local_commit(l, err);
    else
        local_rollback(l);
    return code;
}

/* Rows the hub set aside that this file pulled before (a hub of format
 * 5 or older took them unvetted; its upgrade set them aside, see
 * hub_schema.c TRUST_SWEEP): out of the file, so that it neither counts
 * them nor says "already checked in" from them.  Only other stations'
 * rows: a station's own verdicts stay its record.  The keys come from
 * checkin.set_aside (the organizer reads checkin.quarantine itself).
 * Once per file: a format 6 hub sets aside only rows it never stored, so
 * nothing pulled after that upgrade is ever set aside; the cursor row
 * "set_aside" notes that it was done. */
static int drop_set_aside(struct ctx *c, struct ck_error *err)
{
    char done[32];
    int code = cursor_get(c, "set_aside", done, sizeof(done), err);
    if (code || strcmp(done, "0") != 0)
        return code;
    PGresult *r;
    code = pg_query(c->pg,
                    c->organizer ? "SELECT station_id, seq FROM"
                                   " checkin.quarantine"
                                 : "SELECT station_id, seq FROM"
                                   " checkin.set_aside",
                    0, NULL, &r, "reading what the hub set aside", err);
    if (code)
        return code;
    static const char HELD[] =
        "SELECT count(*) FROM " JOURNAL_EVERY_ROW
        " WHERE station_id = ?1 AND seq = ?2 AND"
        " station_id IN (SELECT station_id FROM sync_run WHERE own = 0)";
    sqlite3_stmt *q = NULL;
    int n = PQntuples(r), held = 0;
    code = local_prepare(c->l, HELD, &q, "reading the journal", err);
    for (int i = 0; !code && i < n; i++) {
        sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, val_i64(r, i, 1));
        if (sqlite3_step(q) == SQLITE_ROW)
            held += sqlite3_column_int(q, 0);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    char *triggers = NULL;
    if (!code && held)
        code = journal_unlock(c->l, &triggers, err);
    if (!code && held) {
        code = local_prepare(c->l,
                             "DELETE FROM " JOURNAL_EVERY_ROW
                             " WHERE station_id = ?1 AND seq"
                             " = ?2 AND station_id IN (SELECT station_id FROM"
                             " sync_run WHERE own = 0)",
                             &q, "dropping rows the hub set aside", err);
        for (int i = 0; !code && i < n; i++) {
            sqlite3_bind_text(q, 1, PQgetvalue(r, i, 0), -1, SQLITE_STATIC);
            sqlite3_bind_int64(q, 2, val_i64(r, i, 1));
            code = local_done(c->l, q, "dropping rows the hub set aside", err);
            c->rep->dropped += sqlite3_changes(c->l->db);
        }
        sqlite3_finalize(q);
        code = journal_relock(c->l, triggers, code, err);
    }
    PQclear(r);
    if (!code)
        code = cursor_set(c, "set_aside", "1", err);
    return code;
}

/* Run `sql` once with ?1 the door's tutorial. */
static int exec_for_room(struct local *l, const char *sql, const char *room,
                         const char *what, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(l, sql, &q, what, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, room, -1, SQLITE_STATIC);
    code = local_done(l, q, what, err);
    sqlite3_finalize(q);
    return code;
}

static int door_forgets(struct ctx *c, struct ck_error *err)
{
    struct local *l = c->l;
    sqlite3_stmt *q;
    int code =
        local_prepare(l, DOOR_HOLDS_MORE, &q, "reading the door's file", err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, c->target, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    bool more = rc == SQLITE_ROW && sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return local_fail(l, rc, "reading the door's file", err);
    if (!more)
        return CK_OK;
    rc = sqlite3_create_function_v2(l->db, "door_search_key", 4,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                    sql_door_search_key, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return local_fail(l, rc, "forgetting", err);
    char *triggers = NULL;
    code = local_exec(l, "PRAGMA secure_delete = ON", "forgetting", err);
    if (!code)
        code = journal_unlock(l, &triggers, err);
    if (code)
        return code;
    /* Other rooms' rows and every desk's. */
    if (!code)
        code = exec_for_room(
            l,
            "DELETE FROM " JOURNAL_EVERY_ROW
            " WHERE station_id IN (SELECT station_id FROM"
            " sync_run WHERE own = 0) AND NOT (mode = 'door' AND target = ?1)",
            c->target, "forgetting other rooms' rows", err);
    /* Codes in the clear: every one another door scanned, and its own
     * that were not checkin badges (its later scans keep those hashed:
     * station.c, conclude). */
    if (!code)
        code = hash_rows(
            l,
            "SELECT code, station_id, seq FROM " JOURNAL_EVERY_ROW
            " WHERE code NOT LIKE"
            " 'sha256:%' AND (badge_id IS NULL OR station_id IN (SELECT"
            " station_id FROM sync_run WHERE own = 0))",
            "UPDATE scan SET code = ?1 WHERE station_id = ?2 AND seq = ?3",
            err);
    if (!code)
        code = hash_rows(l,
                         "SELECT secret, secret, 0 FROM ticket_secret WHERE"
                         " secret NOT LIKE 'sha256:%'",
                         /* A hash held already (a file that pulled from
                          * a newer hub, then an older one) gives way. */
                         "UPDATE OR REPLACE ticket_secret SET secret = ?1"
                         " WHERE secret = ?2 AND ?3 = 0",
                         err);
    if (!code)
        code = exec_for_room(
            l,
            "UPDATE attendee SET order_code = '', company = '', email = '',"
            " sponsor_consent = 0, fingerprint = x'', given_name = CASE WHEN"
            " mine THEN given_name ELSE '' END, family_name = CASE WHEN mine"
            " THEN family_name ELSE '' END, badge_name = CASE WHEN mine THEN"
            " badge_name ELSE '' END, pronouns = CASE WHEN mine THEN"
            " pronouns ELSE '' END, search_key = CASE WHEN mine THEN"
            " door_search_key(badge_name, given_name, family_name,"
            " ticket_id) ELSE '' END FROM (SELECT a.id AS aid, EXISTS (SELECT"
            " 1 FROM attendee_tutorial x JOIN tutorial t ON t.id ="
            " x.tutorial_id WHERE x.attendee_id = a.id AND t.slug = ?1) AS"
            " mine FROM attendee a) WHERE id = aid",
            c->target, "forgetting contact details", err);
    code = journal_relock(l, triggers, code, err);
    /* secure_delete zeroes the cells and pages freed, but a b-tree's
     * inner pages keep copies of keys (a secret, an order code) as long
     * as the pages stand: VACUUM writes every page anew.  Then the old
     * values out of the write-ahead log, as far as no reader holds it. */
    if (!code)
        code = local_exec(l, "VACUUM", "forgetting", err);
    if (!code)
        sqlite3_exec(l->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
                     NULL);
    return code;
}

int sync_with(struct local *l, const struct local_hub *hub, PGconn *pg,
              bool publish, const struct sync_printer *printer,
              struct sync_report *out, struct ck_error *err)
{
    struct ctx c = {.l = l, .hub = hub, .pg = pg, .rep = out};
    c.organizer = !strcmp(hub->role, "organizer");
    snprintf(out->name, sizeof(out->name), "%s", hub->name);
    snprintf(out->role, sizeof(out->role), "%s", hub->role);
    pg_where(pg, out->where, sizeof(out->where));
    int code = check_identity(&c, err);
    if (code)
        return code;
    /* Up first (what this file decided matters most), then down. */
    if (c.organizer) {
        /* A hub made by an earlier checkin: the organizer, who owns its
         * tables, brings it to this format (hub_upgrade); stations cannot,
         * and until then their pushes of overrides fail and say so. */
        code = hub_upgrade(c.pg, err);
        /* Everything the organizer publishes comes from its own file. */
        if (publish && !code)
            code = publish_description(&c, err);
        if (publish && !code)
            code = publish_keys(&c, err);
        if (publish && !code)
            code = publish_registrations(&c, err);
        if (publish && !code)
            code = push_rows(&c, &PUSH_BADGES, err);
        if (publish && !code)
            code = push_revoked(&c, err);
        if (publish && !code)
            code = publish_desk_keys(&c, err);
    } else {
        code = push_rows(
            &c, c.format >= HUB_FORMAT_ACTS ? &PUSH_SCANS : &PUSH_SCANS_7, err);
        if (!code && !strcmp(c.kind, "leads"))
            code = push_rows(&c, &PUSH_LEADS, err);
        if (!code && !strcmp(c.kind, "desk")) {
            code = push_rows(&c, &PUSH_BADGES, err);
            if (!code)
                code = push_revoked(&c, err);
            if (!code)
                code = push_rows(&c, &PUSH_JOBS, err);
        }
    }
    if (!code && !strcmp(c.kind, "door") && c.format >= HUB_FORMAT_LEAST)
        code = door_forgets(&c, err);
    if (!code && strcmp(c.kind, "leads") && c.format >= HUB_FORMAT_LEAST)
        code = drop_set_aside(&c, err);
    if (!code)
        code = pull_all(&c, err);
    if (!code && !c.organizer)
        code = say_here(&c, printer, err);
    return code;
}

/* Sync once; `required`: a file not enrolled is an error. */
static int sync_file(const char *path, bool required, bool *enrolled,
                     struct sync_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    *enrolled = false;
    struct local l;
    int code = local_open(path, false, &l, err);
    if (code)
        return code;
    struct local_hub hub;
    code = local_hub(&l, &hub, err);
    if (!code && !hub.enrolled && !required) {
        local_close(&l);
        return CK_OK;
    }
    *enrolled = hub.enrolled;
    if (!code && !hub.enrolled)
        code = ck_fail(err, CK_EINVAL,
                       "%s is not enrolled at a hub; make a station's file "
                       "with 'checkin hub add-station', or publish an event "
                       "database with 'checkin hub init'.",
                       path);
    PGconn *pg = NULL;
    if (!code)
        code = pg_connect(hub.conninfo, "the hub", &pg, err);
    if (!code)
        code = sync_with(&l, &hub, pg, true, NULL, out, err);
    /* People admitted at more than one desk, for the report (a booth
     * holds no check-ins). */
    if (!code && strncmp(hub.role, "leads:", 6))
        code = merge_duplicates(l.s, &out->dups, err);
    PQfinish(pg);
    local_close(&l);
    return code;
}

int sync_once(const char *path, struct sync_report *out, struct ck_error *err)
{
    bool enrolled;
    return sync_file(path, true, &enrolled, out, err);
}

/* Whether `path` has the sync tables, asked of SQLite alone: a file never
 * enrolled (most of them) is not opened and checked whole a second time
 * after an import.  False when it cannot tell (then sync_file says why). */
static bool maybe_enrolled(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    bool maybe = true;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db,
                           "SELECT count(*) FROM sqlite_master WHERE type ="
                           " 'table' AND name = 'sync_hub'",
                           -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        maybe = sqlite3_column_int(q, 0) > 0;
    sqlite3_finalize(q);
    sqlite3_close(db);
    return maybe;
}

int sync_enrolled_as(const char *path, bool *enrolled, char *name,
                     size_t name_cap, char *role, size_t role_cap,
                     struct ck_error *err)
{
    *enrolled = false;
    name[0] = role[0] = '\0';
    if (!maybe_enrolled(path))
        return CK_OK;
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK)
        sqlite3_busy_timeout(db, 10000);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "SELECT name, role FROM sync_hub", -1, &q,
                                NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *enrolled = true;
        const unsigned char *n = sqlite3_column_text(q, 0);
        const unsigned char *r = sqlite3_column_text(q, 1);
        snprintf(name, name_cap, "%s", n ? (const char *)n : "");
        snprintf(role, role_cap, "%s", r ? (const char *)r : "");
        rc = SQLITE_DONE;
    }
    int code = CK_OK;
    if (rc != SQLITE_DONE)
        code = ck_fail(err, CK_EIO,
                       "Cannot read which station %s was enrolled as (%s); "
                       "check that the file can be read.",
                       path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_finalize(q);
    sqlite3_close(db);
    return code;
}

int sync_if_enrolled(const char *path, bool *enrolled, struct sync_report *out,
                     struct ck_error *err)
{
    if (!maybe_enrolled(path)) {
        memset(out, 0, sizeof(*out));
        *enrolled = false;
        return CK_OK;
    }
    return sync_file(path, false, enrolled, out, err);
}

void sync_report_free(struct sync_report *r)
{
    if (r)
        merge_report_free(&r->dups);
}
