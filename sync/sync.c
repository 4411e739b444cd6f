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
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/journal.h"
#include "checkin/pg.h"
#include "checkin/store_gram.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin_version.h"
#include "sync_parts.h"
#include "sync_priv.h"

void sync_random_hex(char *out, size_t n)
{
    uint8_t buf[64];
    if (n > sizeof(buf))
        n = sizeof(buf);
    randombytes_buf(buf, n);
    sodium_bin2hex(out, 2 * n + 1, buf, n);
}

/* ---- small helpers ------------------------------------------------- */

json_t *sync_col_text(sqlite3_stmt *q, int i)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return json_null();
    const unsigned char *t = sqlite3_column_text(q, i);
    return json_stringn(t ? (const char *)t : "",
                        (size_t)sqlite3_column_bytes(q, i));
}

/* A column's exact bytes as hex (NULL stays null). */
json_t *sync_col_hex(sqlite3_stmt *q, int i)
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

json_t *sync_col_int(sqlite3_stmt *q, int i)
{
    if (sqlite3_column_type(q, i) == SQLITE_NULL)
        return json_null();
    return json_integer(sqlite3_column_int64(q, i));
}

/* Decode hex text from the hub into `out` (cap bytes); -1 if it is not
 * hex or too long. */
long sync_unhex(const char *hex, uint8_t *out, size_t cap)
{
    size_t n = 0;
    if (sodium_hex2bin(out, cap, hex, strlen(hex), NULL, &n, NULL))
        return -1;
    return (long)n;
}

int64_t sync_val_i64(PGresult *r, int row, int col)
{
    return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

const char *sync_val_str(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

/* Run `sql` on the hub with the JSON array `batch` as $1 and `extra`
 * more text parameters; the first row's columns as numbers into out[]. */
int sync_push_json(struct ctx *c, const char *sql, json_t *batch,
                   const char *const *extra, int nextra, long *out, int nout,
                   const char *what, struct ck_error *err)
{
    char *text = json_dumps(batch, JSON_COMPACT);
    if (!text)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    const char *params[8] = {text};
    for (int i = 0; i < nextra && i < 7; i++)
        params[i + 1] = extra[i];
    PGresult *r;
    int code = sync_identity(c, NULL, err);
    if (!code)
        code = pg_query(c->pg, sql, 1 + nextra, params, &r, what, err);
    free(text);
    if (code)
        return code;
    for (int i = 0; i < nout; i++)
        out[i] = PQntuples(r) > 0 ? (long)sync_val_i64(r, 0, i) : 0;
    PQclear(r);
    return CK_OK;
}

int sync_pg_begin(struct ctx *c, struct ck_error *err)
{
    int code = sync_identity(c, NULL, err);
    if (code)
        return code;
    return pg_exec(c->pg, "BEGIN", N_("starting a transaction on the hub"),
                   err);
}

int sync_pg_commit(struct ctx *c, const char *what, struct ck_error *err)
{
    int code = pg_exec(c->pg, "COMMIT", what, err);
    if (code)
        pg_rollback(c->pg);
    return code;
}

int64_t sync_apply_ms(void)
{
    const char *s = getenv("CHECKIN_TEST_APPLY_MS");
    long v;
    if (s && util_parse_long(s, 1, 3600000, &v))
        return v;
    return APPLY_MS;
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
    static const char *const what = N_("noting which file it is");
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
            code =
                pg_query(c->pg,
                         "UPDATE checkin.station SET file_token = $1 WHERE"
                         " pg_role = current_user AND (file_token IS NULL"
                         " OR file_token IN (SELECT"
                         " jsonb_array_elements_text($2::jsonb)))"
                         " RETURNING 1",
                         2, params, &r, N_("checking which file it is"), err);
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
    int restored =
        local_exec(c->l, pragma, N_("restoring its settings"), &ignored);
    (void)restored;
    if (!code)
        code = pg_exec(c->pg, "SET checkin.vouched = on",
                       N_("checking which file it is"), err);
    return code;
}

/* Note the hub's format in the file (setting 'hub.format'), so that a
 * desk offline knows whether its hub can pass an undo on (station_undo,
 * docs/admission.md, section 5). */
static int note_format(struct ctx *c, struct ck_error *err)
{
    if (c->organizer)
        return CK_OK; /* its sync brings the hub to this checkin's format */
    /* Noted already over this connection: no write lock taken for it. */
    if (c->l->format_noted == c->format)
        return CK_OK;
    char format[16];
    snprintf(format, sizeof(format), "%d", c->format);
    /* As store_setting_put writes it, from a statement kept for the
     * connection's life (local_statement): asked at each sync. */
    static const char sql[] =
        "INSERT INTO setting (key, value) VALUES ('hub.format', ?1) ON"
        " CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS"
        " NOT excluded.value";
    static const char *const what = N_("noting the hub's format");
    sqlite3_stmt *q;
    int code = local_statement(c->l, sql, &q, what, err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, format, -1, SQLITE_STATIC);
    code = local_done(c->l, q, what, err);
    sqlite3_clear_bindings(q);
    if (!code)
        c->l->format_noted = c->format;
    return code;
}

/* The hub's word on this connection's event, station and format
 * (identity_take reads it).  checkin.vouched: this connection checked the
 * file's token.  checkin.client_format: the hub format this checkin knows,
 * so that a hub of format 8 or later shows it the rows an older one would
 * misread (hub_schema.c, JOURNAL_ACTS). */
#define IDENTITY_SQL                                                           \
    "SELECT h.event_uid, s.uid, s.kind, s.target, h.format,"                   \
    " current_setting('checkin.vouched', true),"                               \
    " set_config('checkin.client_format', $1, false) FROM checkin.hub h LEFT"  \
    " JOIN checkin.station s ON s.pg_role = current_user AND s.retired_ms IS"  \
    " NULL"

void sync_identity_statement(struct pg_statement *st, char known[16],
                             const char **param)
{
    snprintf(known, 16, "%d", HUB_FORMAT);
    *param = known;
    st->sql = IDENTITY_SQL;
    st->n = 1;
    st->params = param;
}

/* Check that the hub's answer `r` to IDENTITY_SQL is this event's and
 * knows this file's station: c->format, c->kind and c->target from it. */
static int identity_take(struct ctx *c, PGresult *r, struct ck_error *err)
{
    char uid[64], slug[64], name[256];
    int code = local_event(c->l, uid, sizeof(uid), slug, sizeof(slug), name,
                           sizeof(name), err);
    if (code)
        return code;
    if (PQntuples(r) != 1)
        return ck_fail(err, CK_EINVAL,
                       "The hub (%s) holds no event; make it again with "
                       "'checkin hub init'.",
                       c->rep->where);
    if (strcmp(PQgetvalue(r, 0, 0), uid) || strcmp(c->hub->event_uid, uid))
        return ck_fail(err, CK_EINVAL,
                       "The hub (%s) serves another event than %s (%s); "
                       "nothing was sent: enroll this file at its own "
                       "event's hub.",
                       c->rep->where, c->l->path, slug);
    c->format = (int)strtol(PQgetvalue(r, 0, 4), NULL, 10);
    if (!c->organizer) {
        if (PQgetisnull(r, 0, 1) ||
            strcmp(PQgetvalue(r, 0, 1), c->hub->station_uid))
            return ck_fail(err, CK_EINVAL,
                           "The hub (%s) does not know station %s of %s "
                           "(retired, or its enrolment was undone); enroll "
                           "it again with 'checkin hub add-station'.",
                           c->rep->where, c->hub->name, c->l->path);
        snprintf(c->kind, sizeof(c->kind), "%s", PQgetvalue(r, 0, 2));
        snprintf(c->target, sizeof(c->target), "%s", PQgetvalue(r, 0, 3));
    }
    bool vouched = !strcmp(PQgetvalue(r, 0, 5), "on");
    /* A hub a newer checkin upgraded: this station goes on with the
     * format it knows (its rows are what that format carries, which
     * every later hub takes), and says so. */
    if (!c->organizer && c->format > HUB_FORMAT)
        c->rep->hub_newer = c->format;
    code = note_format(c, err);
    if (code)
        return code;
    if (!c->organizer && !vouched && c->format >= HUB_FORMAT_TRUST)
        return vouch_for_file(c, err);
    return CK_OK;
}

static int check_identity(struct ctx *c, struct ck_error *err)
{
    struct pg_statement st;
    char known[16];
    const char *param;
    sync_identity_statement(&st, known, &param);
    PGresult *r;
    int code = pg_query(c->pg, st.sql, st.n, st.params, &r,
                        N_("reading which event it serves"), err);
    if (code)
        return code;
    code = identity_take(c, r, err);
    PQclear(r);
    return code;
}

int sync_identity(struct ctx *c, PGresult *r, struct ck_error *err)
{
    if (!c->identity_later)
        return CK_OK;
    c->identity_later = false;
    int format = c->format;
    char kind[sizeof(c->kind)], target[sizeof(c->target)];
    memcpy(kind, c->kind, sizeof(kind));
    memcpy(target, c->target, sizeof(target));
    int code = r ? identity_take(c, r, err) : check_identity(c, err);
    if (!code && (c->format != format || strcmp(kind, c->kind) ||
                  strcmp(target, c->target))) {
        c->identity_moved = true;
        code = ck_fail(err, CK_EIO,
                       "The hub (%s) changed station %s's format or kind "
                       "during its sync; it syncs again.",
                       c->rep->where, c->hub->name);
    }
    return code;
}

static const char BACKLOG_SQL[] =
    OWN_UNPUSHED_WITH "SELECT count(*) FROM" OWN_UNPUSHED_FROM;

long sync_backlog(struct local *l)
{
    /* Kept (local_statement): counted twice a sync. */
    sqlite3_stmt *q;
    struct ck_error ignored;
    if (local_statement(l, BACKLOG_SQL, &q, N_("counting"), &ignored))
        return 0;
    long n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
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

/* Whether the row `said` describes still says all of it: written less
 * than SYNC_SAY_MS ago, with the same backlog and printer, and this sync
 * pushed nothing. */
static bool said_already(const struct sync_said *said, long pushed,
                         long backlog, bool with_printer,
                         const struct sync_printer *printer)
{
    if (!said || !said->at_ms || pushed ||
        util_mono_ms() - said->at_ms >= SYNC_SAY_MS ||
        said->backlog != backlog || said->with_printer != with_printer)
        return false;
    return !with_printer ||
           (!strcmp(said->printer.printer, printer->printer) &&
            !strcmp(said->printer.state, printer->state) &&
            !strcmp(said->printer.message, printer->message) &&
            !strcmp(said->printer.kept, printer->kept) &&
            !strcmp(said->printer.labels_kept, printer->labels_kept) &&
            said->printer.at_ms == printer->at_ms);
}

/* The station's own row's UPDATE: here now, its clock, `n_pushed` rows
 * more pushed and `backlog` left; from format 5 its printer too (printer
 * NULL: not said); `flush`: its commit waits for the hub's disk (below). */
void sync_here_row(const struct ctx *c, const struct sync_printer *printer,
                   long n_pushed, long backlog, bool flush, struct here_row *h)
{
    bool with_printer = printer && c->format >= HUB_FORMAT_PRINTER;
    h->with_printer = with_printer;
    snprintf(h->clock, sizeof(h->clock), "%lld", (long long)store_now_ms());
    snprintf(h->pushed, sizeof(h->pushed), "%ld", n_pushed);
    snprintf(h->left, sizeof(h->left), "%ld", backlog);
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
    utf8_cut(h->pname, sizeof(h->pname), has ? printer->printer : "");
    utf8_cut(h->pmsg, sizeof(h->pmsg), has ? printer->message : "");
    snprintf(h->pms, sizeof(h->pms), "%lld",
             has ? (long long)printer->at_ms : 0LL);
    const char *params[9] = {h->clock,
                             h->pushed,
                             h->left,
                             has ? h->pname : NULL,
                             has ? state : NULL,
                             has ? h->pmsg : NULL,
                             has ? h->pms : NULL};
    memcpy(h->params, params, sizeof(params));
    h->nparams = with_printer ? 7 : 3;
    /* From format 39, what the sentence was made of, said again in the
     * reader's language (hub_schema.h, HUB_FORMAT_PRINTER_KEPT). */
    h->kept_set[0] = '\0';
    if (with_printer && c->format >= HUB_FORMAT_PRINTER_KEPT) {
        bool keep = has && printer->kept[0] && printer->english[0] &&
                    printer->said <= strlen(h->pmsg);
        bool labels = keep && printer->labels_kept[0];
        int w =
            keep ? snprintf(h->kept, sizeof(h->kept), "%zu\x1e%s\x1e%s%s%s%s%s",
                            printer->said, printer->english, printer->kept,
                            labels ? "\x1d" : "",
                            labels ? printer->labels_english : "",
                            labels ? "\x1e" : "",
                            labels ? printer->labels_kept : "")
                 : -1;
        h->params[h->nparams++] =
            w > 0 && (size_t)w < sizeof(h->kept) ? h->kept : NULL;
        snprintf(h->kept_set, sizeof(h->kept_set), ", printer_kept = $%d",
                 h->nparams);
    }
    /* From format 8, the hub format this checkin knows (hub status names
     * a live station that says none: an older checkin); from format 29,
     * the version `checkin --version` prints, which hub status shows. */
    char known[48] = "", version[48] = "";
    if (c->format >= HUB_FORMAT_ACTS)
        snprintf(known, sizeof(known), ", client_format = %d", HUB_FORMAT);
    if (c->format >= HUB_FORMAT_VERSIONS) {
        h->params[h->nparams++] = CHECKIN_VERSION;
        snprintf(version, sizeof(version), ", client_version = $%d",
                 h->nparams);
    }
    /* A sync that pushed nothing writes nothing else at the hub: the
     * row's commit need not wait for the hub's disk (synchronous_commit
     * off for this statement's transaction alone).  A hub's machine
     * failing loses at most the last 0.6 s of these words (last seen,
     * clock, backlog, printer: three WAL writer delays), which the
     * station writes again at its next sync; the journal and every row
     * pushed stay durable.  A sync that pushed rows writes it durably (its
     * count of rows pushed), in the push's own transaction when it can
     * (push.c, commit_counting_set_aside), else after a push that waited
     * anyway. */
    snprintf(h->sql, sizeof(h->sql),
             "%sUPDATE checkin.station SET last_seen = now(), last_clock_ms ="
             " $1, last_pushed = last_pushed + $2, last_backlog = $3%s%s%s%s%s"
             " pg_role = current_user",
             flush ? ""
                   : "WITH unflushed AS (SELECT set_config("
                     "'synchronous_commit', 'off', true)) ",
             with_printer ? ", printer = $4, printer_state = $5,"
                            " printer_message = $6, printer_ms = $7"
                          : "",
             h->kept_set, known, version,
             flush ? " WHERE" : " FROM unflushed WHERE");
}

void sync_here_said(struct ctx *c, const struct sync_printer *printer,
                    long backlog, bool written)
{
    struct sync_said *said = c->said;
    if (!said)
        return;
    said->at_ms = written ? util_mono_ms() : 0;
    said->backlog = backlog;
    said->with_printer = printer && c->format >= HUB_FORMAT_PRINTER;
    if (said->with_printer)
        said->printer = *printer;
}

/* The station's own row, unless the push's transaction wrote all of it
 * (c->pushed_said) and what it said still holds (said_already). */
static int say_here(struct ctx *c, const struct sync_printer *printer,
                    struct sync_said *said, struct ck_error *err)
{
    const struct sync_report *out = c->rep;
    long n_pushed = out->pushed.scans + out->pushed.leads + out->pushed.badges +
                    out->pushed.jobs - c->pushed_said;
    long backlog = sync_backlog(c->l);
    bool with_printer = printer && c->format >= HUB_FORMAT_PRINTER;
    if (said_already(said, n_pushed, backlog, with_printer, printer))
        return CK_OK;
    struct here_row *h = malloc(sizeof(*h));
    if (!h)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    sync_here_row(c, printer, n_pushed, backlog, n_pushed != 0, h);
    PGresult *r;
    int code = pg_query(c->pg, h->sql, h->nparams, h->params, &r,
                        N_("saying it was here"), err);
    PQclear(r);
    free(h);
    if (said)
        sync_here_said(c, printer, backlog, !code);
    return code;
}

/* Whether `said` holds the identity check of this very connection (the
 * same session of the hub), which a desk's next sync may take as so and
 * have checked again with its first statement (ctx.identity_later). */
static bool identity_known(const struct sync_said *said, PGconn *pg)
{
    return said && said->checked_pg && said->checked_pg == pg &&
           said->checked_pid == PQbackendPID(pg) && !strcmp(said->kind, "desk");
}

/* The attendees' index of a file a pull wrote rows to (store_gram.h),
 * once the pull's rows are in and the hub's transaction is over: built
 * beside the desks' verdicts, the write lock held only to write it.  Its
 * failure leaves the index as it was, still right (its changed ids read
 * beside it), for the next pull to fold. */
static void fold_index(struct ctx *c)
{
    struct ck_error ignored;
    int folded = store_gram_fold(c->l->on_db, NULL, NULL, NULL, &ignored);
    (void)folded;
    c->fold_due = false;
}

/* Whether a desk's sync may end without its pull (sync_said.push_only):
 * it pushed rows the other desks learn from the hub's notifications, and
 * the hub changed nothing of them nor told it anything to read. */
static bool pull_not_needed(const struct ctx *c)
{
    const struct sync_report *r = c->rep;
    const struct sync_counts *p = &r->pushed;
    return c->said && c->said->push_only && !c->organizer &&
           !strcmp(c->kind, "desk") && p->scans + p->badges + p->jobs > 0 &&
           !p->changes && !p->leads && !p->handovers && !p->open_spaces &&
           !p->triage && !p->auction && !r->conflicts && !r->set_aside &&
           !r->changes_set_aside && !r->edits_waiting && !r->hub_newer;
}

static int sync_round(struct ctx *c, bool publish,
                      const struct sync_printer *printer,
                      struct sync_said *said, struct ck_error *err)
{
    int code = CK_OK;
    c->printer = printer;
    if (!c->organizer && identity_known(said, c->pg)) {
        c->format = said->format;
        snprintf(c->kind, sizeof(c->kind), "%s", said->kind);
        snprintf(c->target, sizeof(c->target), "%s", said->target);
        c->identity_later = true;
    } else {
        code = check_identity(c, err);
    }
    if (code)
        return code;
    /* Up first (what this file decided matters most), then down. */
    if (c->organizer) {
        /* A hub made by an earlier checkin: the organizer, who owns its
         * tables, brings it to this format (hub_upgrade); stations cannot,
         * and until then their pushes of overrides fail and say so. */
        code = hub_upgrade(c->pg, err);
        if (!code)
            c->format = HUB_FORMAT; /* what it publishes now, supervisors too */
        /* Everything the organizer publishes comes from its own file. */
        if (publish && !code)
            code = sync_publish(c, err);
        /* Its undos (`checkin undo`): journal rows, pushed at every sync,
         * after the event they name lists. */
        if (!code)
            code = sync_publish_undos(c, err);
    } else {
        code = sync_push_station(c, err);
    }
    if (!code && !strcmp(c->kind, "door") && c->format >= HUB_FORMAT_LEAST)
        code = sync_door_forgets(c, err);
    if (!code && !strcmp(c->kind, "door") && c->format >= HUB_FORMAT_LEASES)
        code = sync_seat_lease(c, err);
    if (!code && !strcmp(c->kind, "desk") &&
        c->format >= HUB_FORMAT_LEASE_MOVES &&
        (!said || !said->oversold_read || c->rep->pushed.changes > 0)) {
        code = sync_oversold(c, err);
        if (said)
            said->oversold_read = !code;
    }
    if (!code && strcmp(c->kind, "leads") && strcmp(c->kind, "expo") &&
        strcmp(c->kind, "triage") && c->format >= HUB_FORMAT_LEAST)
        code = sync_drop_set_aside(c, err);
    bool skip = !code && pull_not_needed(c);
    if (said)
        said->pull_skipped = skip;
    if (!code && !skip)
        code = sync_pull_all(c, err);
    if (!skip && c->fold_due)
        fold_index(c);
    if (said && sync_pull_moves_revoked(c->rep))
        said->revoked_read = false;
    if (!code && !c->organizer)
        code = sync_identity(c, NULL, err);
    if (!code && !c->organizer)
        code = say_here(c, printer, said, err);
    return code;
}

int sync_with(struct local *l, const struct local_hub *hub, PGconn *pg,
              bool publish, const struct sync_printer *printer,
              struct sync_said *said, struct sync_report *out,
              struct ck_error *err)
{
    struct ctx c = {.l = l, .hub = hub, .pg = pg, .rep = out, .said = said};
    c.organizer = !strcmp(hub->role, "organizer");
    snprintf(out->name, sizeof(out->name), "%s", hub->name);
    snprintf(out->role, sizeof(out->role), "%s", hub->role);
    pg_where(pg, out->where, sizeof(out->where));
    int code = sync_round(&c, publish, printer, said, err);
    /* The hub changed under a desk that took its last check as so: asked
     * again first (nothing went to the hub before that check). */
    if (code && c.identity_moved) {
        said->checked_pg = said->claimed_pg = NULL;
        struct ctx again = {.l = l,
                            .hub = hub,
                            .pg = pg,
                            .rep = out,
                            .organizer = false,
                            .said = said,
                            .pushed_said = c.pushed_said};
        c = again;
        if (err)
            memset(err, 0, sizeof(*err));
        code = sync_round(&c, publish, printer, said, err);
    }
    if (said) {
        said->checked_pg = code ? NULL : pg;
        said->checked_pid = PQbackendPID(pg);
        said->format = c.format;
        snprintf(said->kind, sizeof(said->kind), "%s", c.kind);
        snprintf(said->target, sizeof(said->target), "%s", c.target);
    }
    /* A push that failed part way may have left walk-ins at the hub; a
     * pull, rows that move the revocations. */
    if (code && said)
        said->oversold_read = said->revoked_read = false;
    return code;
}

/* Sync once; `required`: a file not enrolled is an error; `shown`: the
 * file `hub add-station` is making at the temporary name `path`, its
 * name once published (struct local), else NULL. */
static int sync_file(const char *path, bool required, const char *shown,
                     bool *enrolled, struct sync_report *out,
                     struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    *enrolled = false;
    struct local l;
    int code = shown ? local_open_unpublished(path, &l, err)
                     : local_open(path, false, &l, err);
    /* The file add-station made, unflushed and without a WAL, is
     * published all the same (hub.c): made a WAL file below. */
    if (code && shown)
        goto publishable;
    if (code)
        return code;
    l.new_station = shown != NULL;
    /* Its sentences, and the desk's key file beside it, name the file
     * where the station will find it. */
    if (shown)
        l.path = shown;
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
        code = pg_connect(hub.conninfo, &pg, err);
    if (!code)
        code = sync_with(&l, &hub, pg, true, NULL, NULL, out, err);
    /* People admitted at more than one desk, for the report (a booth
     * holds no check-ins). */
    if (!code && strncmp(hub.role, "leads:", 6) && strcmp(hub.role, "expo"))
        code = merge_duplicates(l.s, &out->dups, err);
    PQfinish(pg);
    local_close(&l);
    /* Also after a pull that failed: the file is published all the same
     * (hub.c), and every station file is WAL. */
publishable:
    if (shown) {
        int wal = local_publishable(path, shown, code ? NULL : err);
        if (!code)
            code = wal;
    }
    return code;
}

int sync_once(const char *path, struct sync_report *out, struct ck_error *err)
{
    bool enrolled;
    return sync_file(path, true, NULL, &enrolled, out, err);
}

int sync_new_station(const char *tmp, const char *path, struct sync_report *out,
                     struct ck_error *err)
{
    bool enrolled;
    return sync_file(tmp, true, path, &enrolled, out, err);
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
        /* raw: a bare read-only look, cheaper than opening a store */
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
        /* raw: a bare read-only connection; its sentence is below */
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
    return sync_file(path, false, false, enrolled, out, err);
}

void sync_report_free(struct sync_report *r)
{
    if (r)
        merge_report_free(&r->dups);
}
