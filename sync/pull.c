/* Pull: what the others wrote comes down from the hub (see sync.c for
 * the horizon that makes sure nothing committed late is skipped). */
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
#include "checkin/registration.h"
#include "checkin/store.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "pull_priv.h"
#include "pull_sql.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* ---- pull ------------------------------------------------------------ */

/* Statements one pull of a table may prepare (apply_fn's st[]). */
#define PULL_STMTS 32

/* Apply one pulled row (row `i` of `r`) to the file; *applied: it changed
 * something; *wait: it cannot be taken yet. */
typedef int (*apply_fn)(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                        bool *applied, bool *wait, struct ck_error *err);

static bool again_here(const struct ctx *c, const char *tbl)
{
    return ((c->again & PULL_AGAIN_REGISTRATIONS) &&
            (!strcmp(tbl, "registration") ||
             !strcmp(tbl, "registration_change"))) ||
           ((c->again & PULL_AGAIN_ANSWERS) && !strcmp(tbl, "answer"));
}

/* Whether a local transaction of a pull that has applied `k` rows since
 * `began` (util_mono_ms) ends here: at APPLY_BATCH rows, after APPLY_MS,
 * or at once when a decision of this station waits for the lock (it then
 * goes before the next, local_begin), and never before its first row. */
static bool turn_over(int k, int64_t began)
{
    return k > 0 && (k >= APPLY_BATCH || store_urgent_waiting() ||
                     util_mono_ms() - began >= sync_apply_ms());
}

/* A file's first pull of the registrations drops the secondary indexes
 * of the tables they fill and builds them again before its commit, in
 * the same transaction (so a pull that fails leaves them as they were),
 * as a first CSV import does (import.c): a row new to the file is looked
 * up through none of them.  *rebuild: the CREATE INDEX statements, for
 * build_indexes; NULL when none was dropped. */
static int drop_indexes(struct ctx *c, char **rebuild, struct ck_error *err)
{
    *rebuild = NULL;
    sqlite3_stmt *q;
    int code = local_prepare(
        c->l,
        "SELECT group_concat('DROP INDEX main.\"' || replace(name, '\"',"
        " '\"\"') || '\"', ';'), group_concat(sql, ';') FROM (SELECT name,"
        " sql FROM main.sqlite_schema WHERE type = 'index' AND sql IS NOT"
        " NULL AND tbl_name IN ('attendee', 'ticket_secret',"
        " 'attendee_tutorial', 'attendee_item', 'addon_secret') ORDER BY"
        " rowid)",
        &q, N_("taking the registrations"), err);
    if (code)
        return code;
    int rc = sqlite3_step(q);
    const char *d = (const char *)sqlite3_column_text(q, 0);
    const char *m = (const char *)sqlite3_column_text(q, 1);
    char *drop = rc == SQLITE_ROW && d ? strdup(d) : NULL;
    *rebuild = rc == SQLITE_ROW && m ? strdup(m) : NULL;
    bool nomem = (d && !drop) || (m && !*rebuild);
    /* Done with before the drop: SQLite refuses a DROP while a statement
     * still reads (SQLITE_LOCKED). */
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        code = local_fail(c->l, rc, N_("taking the registrations"), err);
    else if (nomem)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    else if (drop)
        code = local_exec(c->l, drop, N_("taking the registrations"), err);
    free(drop);
    if (code) {
        free(*rebuild);
        *rebuild = NULL;
    }
    return code;
}

/* Rows of a COPY handed to the pull as they arrive (pg_copy_batches):
 * the hub sends the next while the file takes these, and no table is
 * held whole.  1,000 rows of registrations are about 0.5 MB. */
#define COPY_BATCH 1000

/* One table's rows being applied with `fn`, as pull_table says, over one
 * or more results (apply_batch), then ended by end_rows. */
struct applying {
    struct ctx *c;
    const char *tbl;
    apply_fn fn;
    sqlite3_stmt **st;
    long *count;
    long waiting;
    int rows;      /* handed so far */
    char *rebuild; /* drop_indexes's, built again before the commit */
    bool whole;    /* the table's whole answer is in one call (pull_rows) */
};

/* The open transaction's counts (ctx.tx_checked_in ...) forgotten: it
 * was rolled back, or they went to the report. */
static void tx_forget(struct ctx *c)
{
    c->tx_checked_in = c->tx_moved = c->tx_recount = 0;
}

/* Commit the pull's local transaction; what its rows did to the
 * counters then goes to the report (sync_report.checked_in ...). */
static int pull_commit(struct ctx *c, struct ck_error *err)
{
    int code = local_commit(c->l, err);
    if (!code) {
        c->rep->checked_in += c->tx_checked_in;
        c->rep->counts_moved += c->tx_moved;
        c->rep->recount += c->tx_recount;
    }
    tx_forget(c);
    return code;
}

/* End the pull's open local transaction (ctx.tx_open): committed (the
 * indexes built again first) when `code` is CK_OK, else rolled back. */
static int end_transaction(struct applying *a, int code, struct ck_error *err)
{
    if (!a->c->tx_open)
        return code;
    a->c->tx_open = false;
    if (a->c->checks_off) {
        int on = local_exec(a->c->l, "PRAGMA ignore_check_constraints = OFF",
                            N_("taking the registrations"), err);
        a->c->checks_off = false;
        if (!code)
            code = on;
    }
    if (!code && a->rebuild)
        code = local_exec(a->c->l, a->rebuild, N_("taking the registrations"),
                          err);
    free(a->rebuild);
    a->rebuild = NULL;
    if (!code)
        return pull_commit(a->c, err);
    local_rollback(a->c->l);
    tx_forget(a->c);
    return code;
}

/* Apply the rows of `r` (pg_copy_batch_fn) in the pull's local
 * transaction, opened at its first row and left open for the next
 * table's rows and the cursors (sync_pull_all), unless turn_over ends it
 * first (a file's first pull: every row of the table in one, ended by
 * end_rows). */
static int apply_batch(void *arg, PGresult *r, struct ck_error *err)
{
    struct applying *a = arg;
    struct ctx *c = a->c;
    int code = CK_OK;
    int n = PQntuples(r);
    for (int i = 0; !code && i < n; i++) {
        if (!c->tx_open) {
            code = local_begin(c->l, err);
            c->tx_open = !code;
            if (!code && c->first && !strcmp(a->tbl, "registration"))
                code = drop_indexes(c, &a->rebuild, err);
            c->tx_began = util_mono_ms();
            c->tx_rows = 0;
        }
        bool applied = false, wait = false;
        if (!code)
            code = a->fn(c, a->st, r, i, &applied, &wait, err);
        *a->count += applied;
        a->waiting += wait;
        a->rows++;
        c->tx_rows++;
        /* After a whole answer's last row, the next step ends a due
         * transaction: the next table's read (pull_table, before it asks
         * the hub) or the cursors, in the rows' commit (cursors_to). */
        bool last = a->whole && i == n - 1;
        if (!code && !c->first && !last && turn_over(c->tx_rows, c->tx_began))
            code = end_transaction(a, code, err);
    }
    /* A test's power cut in the middle of a new file's rows, after the
     * first batch of them. */
    if (!code && c->first && a->rows == n && !strcmp(a->tbl, "registration"))
        atomic_file_kill_point("first-pull-half", c->l->path);
    if (code)
        code = end_transaction(a, code, err);
    return code;
}

/* The end of a table's rows (`code`: how reading them ended): the open
 * transaction rolled back when they failed, committed at a file's first
 * pull, else left open for the next table and the cursors (cursors_to);
 * *taken: every row was taken (none waits), *rows: how many the hub
 * gave. */
static int end_rows(struct applying *a, int code, bool *taken, int *rows,
                    struct ck_error *err)
{
    if (code || a->c->first)
        code = end_transaction(a, code, err);
    a->c->rep->waiting += a->waiting;
    *taken = !a->waiting;
    *rows = a->rows;
    return code;
}

/* Apply the rows `r` (which it PQclears) the hub gave for `tbl` with
 * `fn`, as pull_table says. */
static int pull_rows(struct ctx *c, const char *tbl, PGresult *r, apply_fn fn,
                     sqlite3_stmt **st, long *count, bool *taken, int *rows,
                     struct ck_error *err)
{
    struct applying a = {
        .c = c, .tbl = tbl, .fn = fn, .st = st, .count = count, .whole = true};
    int code = apply_batch(&a, r, err);
    PQclear(r);
    return end_rows(&a, code, taken, rows, err);
}

/* Read `sql` ($1: this table's cursor, $2: this station's identity) from
 * the hub and apply each row with `fn`, in local transactions that end
 * by turn_over (a file's first pull: all of them in one, ctx.first).  The
 * cursor moves after the last (sync_pull_all): a pull cut short leaves
 * it where it was, and the rows it took are taken again unchanged.  *taken:
 * every row was taken (none waits), so the cursor may move to the horizon;
 * *rows: how many the hub gave. */
static int pull_table(struct ctx *c, const char *tbl, const char *sql,
                      apply_fn fn, sqlite3_stmt **st, long *count, bool *taken,
                      int *rows, struct ck_error *err)
{
    char from[32];
    int code = CK_OK;
    /* The transaction the last table's rows left open ends here if it is
     * due (apply_batch), before the hub is asked: a station waiting for
     * the file waits no longer than when it ended after their last row. */
    if (c->tx_open && !c->first && turn_over(c->tx_rows, c->tx_began)) {
        struct applying last = {.c = c};
        code = end_transaction(&last, CK_OK, err);
    }
    if (!code)
        code = sync_cursor_get(c, tbl, from, sizeof(from), err);
    if (code)
        return code;
    if (again_here(c, tbl))
        snprintf(from, sizeof(from), "0");
    const char *params[2] = {from, c->hub->station_uid};
    char what[64];
    /* A whole phrase, translated (ck_error_phrase), then the table. */
    snprintf(what, sizeof(what), "%s: %s", N_("reading the hub's rows"), tbl);
    /* Read from the start (a first pull, or again after the station's
     * list changed), a table may be the whole event's: COPY streams it,
     * and its rows are taken as they come (docs/sync.md, "Figures"). */
    if (!strcmp(from, "0")) {
        struct applying a = {
            .c = c, .tbl = tbl, .fn = fn, .st = st, .count = count};
        code = pg_copy_batches(c->pg, sql, params, 2, COPY_BATCH, apply_batch,
                               &a, what, err);
        return end_rows(&a, code, taken, rows, err);
    }
    PGresult *r;
    code = pg_query(c->pg, sql, 2, params, &r, what, err);
    if (code)
        return code;
    return pull_rows(c, tbl, r, fn, st, count, taken, rows, err);
}

static bool constraint(int rc)
{
    return (rc & 0xff) == SQLITE_CONSTRAINT;
}

int sync_pull_prep(struct ctx *c, sqlite3_stmt **st, int i, const char *sql,
                   struct ck_error *err)
{
    if (st[i])
        return CK_OK;
    return local_prepare_kept(c->l, sql, &st[i], N_("taking what was pulled"),
                              err);
}

int sync_pull_step(struct ctx *c, sqlite3_stmt *st, int *rc_out,
                   struct ck_error *err)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc_out)
        *rc_out = rc;
    if (rc == SQLITE_DONE || rc == SQLITE_ROW || constraint(rc))
        return CK_OK;
    return local_fail(c->l, rc, N_("taking what was pulled"), err);
}

static int apply_key(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                     bool *applied, bool *wait, struct ck_error *err)
{
    int code =
        sync_pull_prep(c, st, 0,
                       "INSERT INTO signing_key (key_id, public_key, "
                       "created_ms, retired_ms) VALUES (?1, ?2, ?3, ?4) ON "
                       "CONFLICT (key_id) DO UPDATE SET retired_ms = "
                       "excluded.retired_ms WHERE retired_ms IS NOT "
                       "excluded.retired_ms",
                       err);
    if (code)
        return code;
    uint8_t key[32];
    if (sync_unhex(PQgetvalue(r, i, 1), key, sizeof(key)) != 32) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_int64(st[0], 1, sync_val_i64(r, i, 0));
    sqlite3_bind_blob(st[0], 2, key, 32, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[0], 3, sync_val_i64(r, i, 2));
    if (PQgetisnull(r, i, 3))
        sqlite3_bind_null(st[0], 4);
    else
        sqlite3_bind_int64(st[0], 4, sync_val_i64(r, i, 3));
    int rc;
    code = sync_pull_step(c, st[0], &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    *wait = !code && rc != SQLITE_DONE;
    return code;
}

/* ---- walk-ins and edits (format 11) ------------------------------------ */

static int cmp_ticket(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void changed_free(struct ctx *c)
{
    for (size_t i = 0; i < c->nchanged; i++)
        free(c->changed[i]);
    free(c->changed);
    c->changed = NULL;
    c->nchanged = 0;
    c->changed_read = false;
    /* Read again at the next pull: the tutorials may change between. */
    free(c->tutorials_known);
    c->tutorials_known = NULL;
}

/* Whether the file holds registration changes of `ticket`: the set is
 * read once per pull (registration_change has no index by ticket, and a
 * first pull brings every registration). */
static int changed_here(struct ctx *c, const char *ticket, bool *yes,
                        struct ck_error *err)
{
    *yes = false;
    if (!c->changed_read) {
        sqlite3_stmt *q;
        int code =
            local_prepare(c->l,
                          "SELECT DISTINCT ticket_id FROM"
                          " registration_change ORDER BY ticket_id",
                          &q, N_("reading the registration changes"), err);
        if (code)
            return code;
        size_t cap = 0;
        int rc;
        while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
            if (!CK_VEC_ROOM(c->changed, c->nchanged, 1, cap)) {
                code = ck_fail(err, CK_ENOMEM, "Out of memory.");
                break;
            }
            char *t = strdup((const char *)sqlite3_column_text(q, 0));
            if (!t)
                code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            else
                c->changed[c->nchanged++] = t;
        }
        if (!code && rc != SQLITE_DONE)
            code = local_fail(c->l, rc, N_("reading the registration changes"),
                              err);
        sqlite3_finalize(q);
        if (code) {
            changed_free(c);
            return code;
        }
        /* SQLite's order is memcmp's, as strcmp's; sorted again anyway. */
        if (c->nchanged > 1)
            qsort(c->changed, c->nchanged, sizeof(*c->changed), cmp_ticket);
        c->changed_read = true;
    }
    *yes = c->nchanged > 0 && bsearch(&ticket, c->changed, c->nchanged,
                                      sizeof(*c->changed), cmp_ticket);
    return CK_OK;
}

/* Make ticket `ticket`'s attendee what the rule gives (registration_apply,
 * the one function every file applies), inside the pull's transaction.
 * A walk-in this file cannot hold yet (a ticket type it does not know)
 * waits. */
static int reapply(struct ctx *c, const char *ticket, bool *wait,
                   struct ck_error *err)
{
    struct ck_error one = {0};
    int code = registration_apply(c->l->on_db, ticket, &one);
    if (code == CK_EINVAL || code == CK_ECORRUPT) {
        *wait = true;
        return CK_OK;
    }
    if (code && err)
        *err = one;
    return code;
}

/* A registration just written with the export's values (the hub's carry
 * no desk's edit): what the file kept as the export's values is that now,
 * and the rule makes the columns the values in effect again. */
static int registration_pulled(struct ctx *c, sqlite3_stmt **st,
                               const char *ticket, int64_t id, bool *wait,
                               struct ck_error *err)
{
    bool yes;
    int code = changed_here(c, ticket, &yes, err);
    if (code || !yes)
        return code;
    code = sync_pull_prep(
        c, st, 10, "DELETE FROM attendee_source WHERE attendee_id = ?1", err);
    if (code)
        return code;
    sqlite3_bind_int64(st[10], 1, id);
    code = sync_pull_step(c, st[10], NULL, err);
    if (!code)
        code = reapply(c, ticket, wait, err);
    return code;
}

/* A walk-in or an edit another station made: kept as it came (a set
 * union), noted as held by the hub, and applied by the rule. */
static int apply_change(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                        bool *applied, bool *wait, struct ck_error *err)
{
    int code =
        sync_pull_prep(c, st, 0,
                       "INSERT OR IGNORE INTO registration_change (station_id,"
                       " station, seq, at_ms, ticket_id, kind, field, value,"
                       " base, supervisor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                       " ?8, ?9, ?10)",
                       err);
    if (!code)
        code =
            sync_pull_prep(c, st, 1,
                           "INSERT OR IGNORE INTO sync_change (station_id, seq)"
                           " VALUES (?1, ?2)",
                           err);
    if (code)
        return code;
    for (int k = 0; k < 10; k++) {
        if (k == 2 || k == 3)
            sqlite3_bind_int64(st[0], k + 1, sync_val_i64(r, i, k));
        else if (PQgetisnull(r, i, k))
            sqlite3_bind_null(st[0], k + 1);
        else
            sqlite3_bind_text(st[0], k + 1, PQgetvalue(r, i, k), -1,
                              SQLITE_TRANSIENT);
    }
    int rc;
    code = sync_pull_step(c, st[0], &rc, err);
    if (code)
        return code;
    if (rc != SQLITE_DONE) {
        *wait = true; /* a row this file's checks refuse */
        return CK_OK;
    }
    *applied = sqlite3_changes(c->l->db) > 0;
    sqlite3_bind_text(st[1], 1, PQgetvalue(r, i, 0), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st[1], 2, sync_val_i64(r, i, 2));
    code = sync_pull_step(c, st[1], NULL, err);
    /* Every time, not only when new: a walk-in that waited for its
     * ticket type is applied once the type is here. */
    if (!code)
        code = reapply(c, PQgetvalue(r, i, 4), wait, err);
    return code;
}

/* The largest attendee id the file holds, read once per pull before its
 * first registration is written (ctx.attendee_max). */
static int attendee_max_once(struct ctx *c, struct ck_error *err)
{
    if (!c->attendee_max_read) {
        sqlite3_stmt *q;
        int code =
            local_prepare(c->l, "SELECT coalesce(max(id), 0) FROM attendee", &q,
                          N_("taking the registrations"), err);
        if (code)
            return code;
        int rc = sqlite3_step(q);
        c->attendee_max = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
        sqlite3_finalize(q);
        if (rc != SQLITE_ROW)
            return local_fail(c->l, rc, N_("taking the registrations"), err);
        c->attendee_max_read = true;
    }
    return CK_OK;
}

/* A registration as the attendee row of a file (?1 to ?16 of
 * ATTENDEE_INSERT): the hub's columns, a door's own search key `key`
 * (NULL: the hub's). */
#define ATTENDEE_INSERT                                                        \
    "INSERT INTO attendee (ticket_id, order_code, status, given_name,"         \
    " family_name, badge_name, pronouns, company, email, ticket_type_id,"      \
    " sponsor_consent, testmode, search_key, fingerprint, imported_ms,"        \
    " updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, (SELECT id FROM" \
    " ticket_type WHERE slug = ?10), ?11, ?12, ?13, ?14, ?15, ?16)"

/* The values are bound in place (SQLITE_STATIC): `r` and `key` outlive
 * the statement's run, and every run binds all of them again. */
static void bind_attendee(sqlite3_stmt *q, PGresult *r, int i, const char *key)
{
    for (int k = 0; k < 10; k++)
        sqlite3_bind_text(q, k + 1, PQgetvalue(r, i, k), PQgetlength(r, i, k),
                          SQLITE_STATIC);
    sqlite3_bind_int(q, 11, PQgetvalue(r, i, 10)[0] == 't');
    sqlite3_bind_int(q, 12, PQgetvalue(r, i, 11)[0] == 't');
    if (key)
        sqlite3_bind_text(q, 13, key, -1, SQLITE_STATIC);
    else
        sqlite3_bind_text(q, 13, PQgetvalue(r, i, 12), PQgetlength(r, i, 12),
                          SQLITE_STATIC);
    uint8_t fp[64];
    long fplen = sync_unhex(PQgetvalue(r, i, 13), fp, sizeof(fp));
    sqlite3_bind_blob(q, 14, fp, fplen > 0 ? (int)fplen : 0, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 15, sync_val_i64(r, i, 14));
    sqlite3_bind_int64(q, 16, sync_val_i64(r, i, 15));
}

/* Into an empty file, the rows a first pull writes leave the file's
 * CHECK constraints unasked until end_transaction, for the rows of this
 * pull hold values that meet them by construction: flags and `revoked`
 * are bound as 0 or 1, and the one value from the hub they test, the
 * order's status, is tested here (*wait when it is none of the four
 * attendee.status allows, as the constraint would have had it wait).
 * SQLite builds the status's IN list as a table of its own at each
 * insert, about a sixth of a first pull's CPU at 100,000
 * registrations. */
static int checks_off(struct ctx *c, const char *status, bool *wait,
                      struct ck_error *err)
{
    enum order_status st;
    if (order_status_parse(status, &st) ||
        strcmp(order_status_str(st), status)) {
        *wait = true;
        return CK_OK;
    }
    if (c->checks_off)
        return CK_OK;
    int code = local_exec(c->l, "PRAGMA ignore_check_constraints = ON",
                          N_("taking the registrations"), err);
    c->checks_off = !code;
    return code;
}

/* The statements a registration is applied with, in `st` at the slots
 * the steps below use; those of a later format only from its result's
 * columns. */
static int prepare_registration(struct ctx *c, sqlite3_stmt **st, PGresult *r,
                                struct ck_error *err)
{
    int code = sync_pull_prep(c, st, 0,
                              "SELECT 1 FROM sync_reg WHERE ticket_id = ?1 AND "
                              "digest = ?2",
                              err);
    if (!code)
        code = sync_pull_prep(
            c, st, 1,
            ATTENDEE_INSERT
            " ON CONFLICT (ticket_id) DO"
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
        code = sync_pull_prep(
            c, st, 2, "DELETE FROM attendee_tutorial WHERE attendee_id = ?1",
            err);
    if (!code)
        code = sync_pull_prep(
            c, st, 3,
            "INSERT OR IGNORE INTO attendee_tutorial (attendee_id,"
            " tutorial_id) SELECT ?2, id FROM tutorial WHERE slug = "
            "?1",
            err);
    if (!code)
        code = sync_pull_prep(
            c, st, 4,
            "INSERT INTO ticket_secret (secret, attendee_id, "
            "revoked) VALUES (?1, ?2, ?3) ON CONFLICT (secret) DO "
            "UPDATE SET attendee_id = excluded.attendee_id, revoked "
            "= excluded.revoked",
            err);
    if (!code)
        code = sync_pull_prep(c, st, 14,
                              "INSERT INTO ticket_secret (secret, attendee_id,"
                              " revoked) VALUES (?1, ?2, ?3)",
                              err);
    if (!code)
        code = sync_pull_prep(
            c, st, 5,
            "INSERT OR REPLACE INTO sync_reg (ticket_id, digest) "
            "VALUES (?1, ?2)",
            err);
    if (!code)
        code = sync_pull_prep(
            c, st, 6,
            "SELECT count(*) = json_array_length(?1) FROM tutorial"
            " WHERE slug IN (SELECT value FROM json_each(?1))",
            err);
    if (!code)
        code = sync_pull_prep(c, st, 11, ATTENDEE_INSERT, err);
    if (!code && PQnfields(r) >= 23)
        code = sync_pull_prep(
            c, st, 12,
            "INSERT INTO addon_secret (secret, attendee_id, revoked) SELECT"
            " secret, attendee_id, revoked FROM ticket_secret WHERE"
            " attendee_id = ?1 AND secret IN (SELECT value FROM"
            " json_each(?2)) ON CONFLICT (secret) DO UPDATE SET"
            " attendee_id = excluded.attendee_id, revoked = excluded.revoked",
            err);
    if (!code && PQnfields(r) >= 23)
        code = sync_pull_prep(c, st, 13,
                              "DELETE FROM ticket_secret WHERE attendee_id ="
                              " ?1 AND secret IN (SELECT value FROM"
                              " json_each(?2))",
                              err);
    /* From format 10: the positions its lists name, and the hold. */
    bool lists = PQnfields(r) >= 22;
    if (!code && lists)
        code = sync_pull_prep(
            c, st, 7, "DELETE FROM attendee_item WHERE attendee_id = ?1", err);
    if (!code && lists)
        code = sync_pull_prep(
            c, st, 8,
            "INSERT OR REPLACE INTO attendee_item (attendee_id,"
            " position, item, variation, variation_name) SELECT ?1,"
            " json_extract(value, '$.position'), json_extract(value,"
            " '$.item'), coalesce(json_extract(value,"
            " '$.variation'), ''), coalesce(json_extract(value,"
            " '$.variation_name'), '') FROM json_each(CASE WHEN"
            " json_valid(?2) THEN ?2 ELSE '[]' END)",
            err);
    if (!code && lists)
        code = sync_pull_prep(
            c, st, 9,
            "UPDATE attendee SET hold = ?2 WHERE id = ?1 AND hold IS"
            " NOT ?2",
            err);
    return code;
}

/* Whether every tutorial `tutorials` names is known here (else the row
 * waits).  Asked once for each new array: most registrations that name
 * tutorials name the same few, and each asking is a temporary table of
 * json_each() to SQLite (3% of a first pull's CPU at 100,000, one in 25
 * naming a tutorial). */
static int tutorials_known(struct ctx *c, sqlite3_stmt **st,
                           const char *tutorials, bool *known,
                           struct ck_error *err)
{
    *known = sync_pull_empty_array(tutorials) ||
             (c->tutorials_known && !strcmp(c->tutorials_known, tutorials));
    if (*known)
        return CK_OK;
    sqlite3_bind_text(st[6], 1, tutorials, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st[6]);
    *known = rc == SQLITE_ROW && sqlite3_column_int(st[6], 0) == 1;
    sqlite3_reset(st[6]);
    if (*known) {
        char *k = strdup(tutorials);
        if (!k)
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        free(c->tutorials_known);
        c->tutorials_known = k;
    }
    return CK_OK;
}

/* The attendee row itself, its id in *id; *wait when this file does not
 * know its ticket type.  Into an empty file, a plain insert first. */
static int write_attendee(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                          bool empty, int64_t *id, bool *wait,
                          struct ck_error *err)
{
    char *key = NULL;
    if (!strcmp(c->kind, "door")) {
        key = sync_door_search_key(PQgetvalue(r, i, 5), PQgetvalue(r, i, 3),
                                   PQgetvalue(r, i, 4), PQgetvalue(r, i, 0));
        if (!key)
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    *id = 0;
    int rc = SQLITE_CONSTRAINT;
    if (empty) {
        /* The same row as the upsert's, without its RETURNING (SQLite
         * gathers those rows in a table of their own); a row it refuses
         * goes to the upsert, which says why. */
        bind_attendee(st[11], r, i, key);
        rc = sqlite3_step(st[11]);
        sqlite3_reset(st[11]);
        *id = rc == SQLITE_DONE ? sqlite3_last_insert_rowid(c->l->db) : 0;
    }
    if (!empty || constraint(rc)) {
        bind_attendee(st[1], r, i, key);
        rc = sqlite3_step(st[1]);
        *id = rc == SQLITE_ROW ? sqlite3_column_int64(st[1], 0) : 0;
        if (rc == SQLITE_ROW)
            rc = sqlite3_step(st[1]);
        sqlite3_reset(st[1]);
    }
    free(key);
    if (constraint(rc)) {
        *wait = true; /* a ticket type this file does not know */
        return CK_OK;
    }
    if (rc != SQLITE_DONE)
        return local_fail(c->l, rc, N_("taking the registrations"), err);
    return CK_OK;
}

/* From format 10: the positions its lists name, and the hold. */
static int write_positions(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                           int64_t id, bool fresh, bool *wait,
                           struct ck_error *err)
{
    int code = CK_OK;
    sqlite3_bind_int64(st[7], 1, id);
    if (!fresh)
        code = sync_pull_step(c, st[7], NULL, err);
    int irc = SQLITE_DONE;
    sqlite3_bind_int64(st[8], 1, id);
    sqlite3_bind_text(st[8], 2, PQgetvalue(r, i, 20), -1, SQLITE_TRANSIENT);
    if (!code && !sync_pull_empty_array(PQgetvalue(r, i, 20)))
        code = sync_pull_step(c, st[8], &irc, err);
    *wait = *wait || irc != SQLITE_DONE;
    bool hold = PQgetvalue(r, i, 21)[0] == 't';
    sqlite3_bind_int64(st[9], 1, id);
    sqlite3_bind_int(st[9], 2, hold);
    if (!code && (hold || !fresh))
        code = sync_pull_step(c, st[9], NULL, err);
    return code;
}

/* What hangs on the attendee row `id`: its tutorials, its codes, from
 * later formats its positions and hold, its add-ons' codes and what
 * pretix says at the door.  A row new to the file (an id past every id
 * it held when this pull began) has no tutorials, positions or hold to
 * clear: rows naming an attendee must name one that exists (foreign
 * keys are on), so none is left of an attendee whose id SQLite gives
 * again. */
static int write_attendee_parts(struct ctx *c, sqlite3_stmt **st, PGresult *r,
                                int i, int64_t id, bool empty, bool *wait,
                                struct ck_error *err)
{
    int code = CK_OK;
    bool fresh = id > c->attendee_max;
    if (!fresh) {
        sqlite3_bind_int64(st[2], 1, id);
        code = sync_pull_step(c, st[2], NULL, err);
    }
    /* Into a file with no registration yet, a secret goes in by a plain
     * insert: the upsert's statement journal, opened and closed at each
     * run, was a fifth of inserting the secrets. */
    const struct pull_strings slugs = {st[3], NULL};
    const struct pull_strings secrets = {st[4], empty ? st[14] : NULL};
    if (!code)
        code = sync_pull_each_string(c, &slugs, PQgetvalue(r, i, 16), id, -1,
                                     wait, err);
    if (!code)
        code = sync_pull_each_string(c, &secrets, PQgetvalue(r, i, 17), id, 0,
                                     wait, err);
    if (!code)
        code = sync_pull_each_string(c, &secrets, PQgetvalue(r, i, 18), id, 1,
                                     wait, err);
    if (!code && PQnfields(r) >= 22)
        code = write_positions(c, st, r, i, id, fresh, wait, err);
    /* From format 19: its add-ons' codes, taken above with its ticket's,
     * kept as add-on codes (a revoked one was cancelled in pretix). */
    if (!code && PQnfields(r) >= 23 &&
        !sync_pull_empty_array(PQgetvalue(r, i, 22))) {
        for (int k = 12; !code && k <= 13; k++) {
            sqlite3_bind_int64(st[k], 1, id);
            sqlite3_bind_text(st[k], 2, PQgetvalue(r, i, 22), -1,
                              SQLITE_TRANSIENT);
            code = sync_pull_step(c, st[k], NULL, err);
        }
    }
    /* From format 24: what pretix says at the door (pull_door.c). */
    if (!code && PQnfields(r) >= 24)
        code = sync_pull_door(c, st, 15, id, fresh, r, i, 23, err);
    return code;
}

static int apply_registration(struct ctx *c, sqlite3_stmt **st, PGresult *r,
                              int i, bool *applied, bool *wait,
                              struct ck_error *err)
{
    int code = prepare_registration(c, st, r, err);
    if (code)
        return code;
    uint8_t digest[16];
    if (sync_unhex(PQgetvalue(r, i, 19), digest, sizeof(digest)) != 16) {
        *wait = true;
        return CK_OK;
    }
    code = attendee_max_once(c, err);
    if (code)
        return code;
    /* A file's first pull into a file with no attendee (the one add-station
     * is making): nothing was taken before and no row is there to update,
     * so neither is asked (each a statement per registration). */
    bool empty = c->first && c->attendee_max == 0;
    const char *ticket = PQgetvalue(r, i, 0);
    if (empty) {
        code = checks_off(c, PQgetvalue(r, i, 2), wait, err);
        if (code || *wait)
            return code;
    }
    int rc = SQLITE_DONE;
    if (!empty) {
        sqlite3_bind_text(st[0], 1, ticket, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(st[0], 2, digest, 16, SQLITE_TRANSIENT);
        rc = sqlite3_step(st[0]);
        sqlite3_reset(st[0]);
    }
    if (rc == SQLITE_ROW)
        return CK_OK; /* taken before, unchanged */
    bool known;
    code = tutorials_known(c, st, PQgetvalue(r, i, 16), &known, err);
    if (code)
        return code;
    if (!known) {
        *wait = true;
        return CK_OK;
    }
    int64_t id = 0;
    bool refused = false;
    code = write_attendee(c, st, r, i, empty, &id, &refused, err);
    if (code || refused) {
        *wait = *wait || refused;
        return code;
    }
    code = write_attendee_parts(c, st, r, i, id, empty, wait, err);
    if (!code && !*wait)
        code = registration_pulled(c, st, ticket, id, wait, err);
    if (code || *wait)
        return code;
    sqlite3_bind_text(st[5], 1, ticket, -1, SQLITE_STATIC);
    sqlite3_bind_blob(st[5], 2, digest, 16, SQLITE_STATIC);
    code = sync_pull_step(c, st[5], NULL, err);
    *applied = !code;
    return code;
}

static int apply_badge(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                       bool *applied, bool *wait, struct ck_error *err)
{
    int code = sync_pull_prep(
        c, st, 0, "SELECT id FROM attendee WHERE ticket_id = ?1", err);
    if (!code)
        code = sync_pull_prep(c, st, 1,
                              "SELECT id FROM tutorial WHERE slug = ?1", err);
    if (!code)
        code = sync_pull_prep(
            c, st, 2,
            "INSERT OR IGNORE INTO badge (badge_id, attendee_id, "
            "tutorial_id, issue, key_id, issued_ms) VALUES (?1, ?2, "
            "?3, ?4, ?5, ?6)",
            err);
    if (!code)
        code = sync_pull_prep(
            c, st, 3, "INSERT OR IGNORE INTO sync_badge (badge_id) VALUES (?1)",
            err);
    if (code)
        return code;
    uint8_t id[BADGE_ID_BYTES];
    if (sync_unhex(PQgetvalue(r, i, 0), id, sizeof(id)) != BADGE_ID_BYTES) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_text(st[0], 1, PQgetvalue(r, i, 1), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st[0]);
    int64_t attendee = rc == SQLITE_ROW ? sqlite3_column_int64(st[0], 0) : 0;
    sqlite3_reset(st[0]);
    int64_t tutorial = 0;
    const char *slug = sync_val_str(r, i, 2);
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
    sqlite3_bind_int64(st[2], 4, sync_val_i64(r, i, 3));
    sqlite3_bind_int64(st[2], 5, sync_val_i64(r, i, 4));
    sqlite3_bind_int64(st[2], 6, sync_val_i64(r, i, 5));
    code = sync_pull_step(c, st[2], &rc, err);
    if (code)
        return code;
    if (rc != SQLITE_DONE) {
        *wait = true;
        return CK_OK;
    }
    *applied = sqlite3_changes(c->l->db) > 0;
    sqlite3_bind_blob(st[3], 1, id, sizeof(id), SQLITE_TRANSIENT);
    return sync_pull_step(c, st[3], NULL, err);
}

/* A revocation, or its lifting: the badge admits again (counted apart,
 * as `lifted`). */
static int apply_revoked(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                         bool *applied, bool *wait, struct ck_error *err)
{
    bool lifted = !PQgetisnull(r, i, 1);
    int code =
        sync_pull_prep(c, st, lifted,
                       lifted ? "DELETE FROM revoked_badge WHERE hash = ?1"
                              : "INSERT OR IGNORE INTO revoked_badge (hash) "
                                "VALUES (?1)",
                       err);
    if (code)
        return code;
    uint8_t hash[BADGE_REVOCATION_HASH_BYTES];
    if (sync_unhex(PQgetvalue(r, i, 0), hash, sizeof(hash)) != sizeof(hash)) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_blob(st[lifted], 1, hash, sizeof(hash), SQLITE_TRANSIENT);
    int rc;
    code = sync_pull_step(c, st[lifted], &rc, err);
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
    int code = sync_pull_prep(
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
    sqlite3_bind_int64(q, 2, sync_val_i64(r, i, 1));
    sqlite3_bind_text(q, 3, PQgetvalue(r, i, 2), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 4, PQgetvalue(r, i, 3), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 5, PQgetvalue(r, i, 4), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(q, 6, sync_val_i64(r, i, 5));
    int rc;
    code = sync_pull_step(c, q, &rc, err);
    *applied = !code && rc == SQLITE_DONE && sqlite3_changes(c->l->db) > 0;
    return code;
}

/* A signing key the organizer sealed to this desk, kept sealed
 * (credential_load_desk_key opens it when the desk prints). */
static int apply_desk_key(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                          bool *applied, bool *wait, struct ck_error *err)
{
    int code = sync_pull_prep(
        c, st, 0,
        "INSERT OR REPLACE INTO sync_signing_key (key_id, sealed) "
        "VALUES (?1, ?2)",
        err);
    if (code)
        return code;
    uint8_t sealed[CREDENTIAL_SEALED_KEY_BYTES];
    if (sync_unhex(PQgetvalue(r, i, 1), sealed, sizeof(sealed)) !=
        sizeof(sealed)) {
        *wait = true;
        return CK_OK;
    }
    sqlite3_bind_int64(st[0], 1, strtoll(PQgetvalue(r, i, 0), NULL, 10));
    sqlite3_bind_blob(st[0], 2, sealed, sizeof(sealed), SQLITE_TRANSIENT);
    int rc;
    code = sync_pull_step(c, st[0], &rc, err);
    *applied = !code && rc == SQLITE_DONE;
    return code;
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
    int from;            /* below this hub format, another entry (0: none) */
};

static const struct pull PULLS[] = {
    /* First: the registrations name its ticket types and tutorials. */
    {"event_description",
     "SELECT kind, slug, data::text FROM checkin.event_description WHERE"
     " hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq",
     sync_pull_description, offsetof(struct sync_counts, description),
     P_DESK | P_DOOR | P_LEADS | P_TRIAGE},
    {"signing_key",
     "SELECT key_id, encode(public_key, 'hex'), created_ms, retired_ms FROM"
     " checkin.signing_key WHERE hub_xid >= $1::xid8 AND $2::text IS NOT"
     " NULL ORDER BY hub_seq",
     apply_key, offsetof(struct sync_counts, keys),
     P_DESK | P_DOOR | P_LEADS | P_TRIAGE},
    /* Before the registrations: at a door, a change of its own list's
     * invitations has them read again (sync_pull_invitee). */
    {"list_invitee",
     "SELECT list, ticket_id, removed FROM checkin.list_invitee WHERE"
     " hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq",
     sync_pull_invitee, offsetof(struct sync_counts, registrations),
     P_DESK | P_DOOR, HUB_FORMAT_LISTS, NULL},
    {"registration", REGISTRATION_PULL_X(", door::text", "registration"),
     apply_registration, offsetof(struct sync_counts, registrations), P_DESK,
     HUB_FORMAT_DOOR_FIELDS, NULL},
    {"registration", REGISTRATION_PULL_19("registration"), apply_registration,
     offsetof(struct sync_counts, registrations), P_DESK, HUB_FORMAT_ADDONS,
     NULL, HUB_FORMAT_DOOR_FIELDS},
    {"registration", REGISTRATION_PULL_10("registration"), apply_registration,
     offsetof(struct sync_counts, registrations), P_DESK, HUB_FORMAT_LISTS,
     NULL, HUB_FORMAT_ADDONS},
    {"registration", REGISTRATION_PULL("registration"), apply_registration,
     offsetof(struct sync_counts, registrations), P_DESK, 0, NULL,
     HUB_FORMAT_LISTS},
    /* A door's view of them: no contact details, secrets hashed, names of
     * its own tutorial's or list's people only, and of their positions
     * only those its list names (hub_schema.c, LEAST and LISTS). */
    {"registration", REGISTRATION_PULL_X(", door::text", "door_registration"),
     apply_registration, offsetof(struct sync_counts, registrations), P_DOOR,
     HUB_FORMAT_DOOR_FIELDS, NULL},
    {"registration", REGISTRATION_PULL_19("door_registration"),
     apply_registration, offsetof(struct sync_counts, registrations), P_DOOR,
     HUB_FORMAT_ADDONS, NULL, HUB_FORMAT_DOOR_FIELDS},
    {"registration", REGISTRATION_PULL_10("door_registration"),
     apply_registration, offsetof(struct sync_counts, registrations), P_DOOR,
     HUB_FORMAT_LISTS, NULL, HUB_FORMAT_ADDONS},
    {"registration", REGISTRATION_PULL("door_registration"), apply_registration,
     offsetof(struct sync_counts, registrations), P_DOOR, HUB_FORMAT_LEAST,
     REGISTRATION_PULL("registration"), HUB_FORMAT_LISTS},
    /* The answers its list shows (a desk: the admission list's), of its
     * list's people at a door (hub_schema.c, LISTS). */
    {"answer",
     "SELECT ticket_id, question, answer FROM checkin.station_answer WHERE"
     " hub_xid >= $1::xid8 AND $2::text IS NOT NULL ORDER BY hub_seq",
     sync_pull_answer, offsetof(struct sync_counts, registrations),
     P_DESK | P_DOOR, HUB_FORMAT_LISTS, NULL},
    {"badge",
     "SELECT encode(badge_id, 'hex'), ticket_id, tutorial, issue, key_id,"
     " issued_ms FROM checkin.badge WHERE hub_xid >= $1::xid8 AND"
     " station_uid IS DISTINCT FROM $2 ORDER BY hub_seq",
     apply_badge, offsetof(struct sync_counts, badges),
     P_ORG | P_DESK | P_DOOR | P_TRIAGE},
    /* The organizer's file keeps the hub's set, to lift what its own no
     * longer revokes (sync_push_revoked). */
    {"revoked_badge", REVOKED_PULL("lifted_ms"), apply_revoked,
     offsetof(struct sync_counts, revoked), P_ORG | P_LEADS, HUB_FORMAT_LIFTED,
     REVOKED_PULL("NULL::bigint")},
    /* Only its own: the hub's policy lets a desk read no other's. */
    {"station_key",
     "SELECT key_id, encode(sealed, 'hex') FROM checkin.station_key WHERE"
     " hub_xid >= $1::xid8 AND station_uid = $2 ORDER BY hub_seq",
     apply_desk_key, offsetof(struct sync_counts, desk_keys), P_DESK,
     HUB_FORMAT_LIFTED, NULL},
    {"scan", SCAN_PULL(SCAN_ANSWERS, "scan"), sync_pull_scan,
     offsetof(struct sync_counts, scans), P_ORG | P_DESK, HUB_FORMAT_ASKED},
    {"scan", SCAN_PULL(SCAN_READ_AT, "scan"), sync_pull_scan,
     offsetof(struct sync_counts, scans), P_ORG | P_DESK, HUB_FORMAT_READ_AT,
     SCAN_PULL(SCAN_ACTS, "scan"), HUB_FORMAT_ASKED, HUB_FORMAT_ACTS},
    {"scan", SCAN_PULL("override", "scan"), sync_pull_scan,
     offsetof(struct sync_counts, scans), P_ORG | P_DESK, 2,
     SCAN_PULL("NULL::text", "scan"), HUB_FORMAT_ACTS},
    /* A door's: its own tutorial's doors' rows, codes hashed. */
    {"scan", SCAN_PULL(SCAN_READ_AT, "door_scan"), sync_pull_scan,
     offsetof(struct sync_counts, scans), P_DOOR, HUB_FORMAT_READ_AT,
     SCAN_PULL(SCAN_ACTS, "door_scan"), 0, HUB_FORMAT_ACTS},
    {"scan", SCAN_PULL("override", "door_scan"), sync_pull_scan,
     offsetof(struct sync_counts, scans), P_DOOR, HUB_FORMAT_LEAST,
     SCAN_PULL("NULL::text", "scan"), HUB_FORMAT_ACTS},
    /* The organizer's copy of every desk's print jobs. */
    {"print_job",
     "SELECT station_uid, job_id, ticket_id, kind, state, updated_ms FROM"
     " checkin.print_job WHERE hub_xid >= $1::xid8 AND station_uid IS"
     " DISTINCT FROM $2 ORDER BY hub_seq",
     apply_station_job, offsetof(struct sync_counts, jobs), P_ORG},
    {"lead", LEAD_PULL("tags"), sync_pull_lead,
     offsetof(struct sync_counts, leads), P_ORG | P_LEADS, HUB_FORMAT_EXPO,
     LEAD_PULL("NULL::text")},
    /* Walk-ins and edits made at other stations, after the registrations
     * they change (last, so that the fuzzer's kinds keep their numbers);
     * a door's: its own list's people's, names only. */
    {"registration_change", CHANGES_PULL("registration_change"), apply_change,
     offsetof(struct sync_counts, changes), P_ORG | P_DESK, HUB_FORMAT_CHANGES,
     NULL},
    {"registration_change", CHANGES_PULL("door_registration_change"),
     apply_change, offsetof(struct sync_counts, changes), P_DOOR,
     HUB_FORMAT_CHANGES, NULL},
    /* The organizer's undos, after the rows they name (appended, so that
     * the fuzzer's kinds keep their numbers). */
    {"scan_of_no_station", SCAN_PULL_NO_STATION("scan"), sync_pull_scan,
     offsetof(struct sync_counts, scans), P_DESK, HUB_FORMAT_ORGANIZER_UNDO,
     NULL},
    {"scan_of_no_station", SCAN_PULL_NO_STATION("door_scan"), sync_pull_scan,
     offsetof(struct sync_counts, scans), P_DOOR, HUB_FORMAT_ORGANIZER_UNDO,
     NULL},
    /* Pre-printed badges' places, then the hand-overs that name them
     * (format 27, appended as above). */
    {"preprint",
     "SELECT ticket_id, issue, box, position, run_at_ms FROM"
     " checkin.preprint WHERE hub_xid >= $1::xid8 AND $2::text IS NOT NULL"
     " ORDER BY hub_seq",
     sync_pull_preprint, offsetof(struct sync_counts, preprints),
     P_DESK | P_TRIAGE, HUB_FORMAT_BOXES, NULL},
    {"handover",
     "SELECT ticket_id, issue, station, at_ms FROM checkin.handover WHERE"
     " hub_xid >= $1::xid8 AND station_uid IS DISTINCT FROM $2 ORDER BY"
     " hub_seq",
     sync_pull_handover, offsetof(struct sync_counts, handovers),
     P_ORG | P_DESK | P_TRIAGE, HUB_FORMAT_BOXES, NULL},
    /* Open spaces' claims and releases (format 30, appended as above). */
    {"open_space_claim",
     "SELECT station_id, seq, station, at_ms, act, room, slot_ms,"
     " host_ticket_id, title FROM checkin.open_space_claim WHERE hub_xid >="
     " $1::xid8 AND station_uid IS DISTINCT FROM $2 ORDER BY hub_seq",
     sync_pull_open_space, offsetof(struct sync_counts, open_spaces),
     P_ORG | P_DESK, HUB_FORMAT_OPEN_SPACES, NULL},
    {"triage_sent", /* format 32: the organizer's, for its dashboard */
     "SELECT station_id, seq, station, at_ms, ticket_id, desk, letters FROM"
     " checkin.triage_sent WHERE hub_xid >= $1::xid8 AND station_uid IS"
     " DISTINCT FROM $2 ORDER BY hub_seq",
     sync_pull_triage, offsetof(struct sync_counts, triage), P_ORG,
     HUB_FORMAT_TRIAGE, NULL},
    {"auction_act", /* format 33: every file's (pull_acts.c); 36: voids */
     "SELECT station_id, seq, station, at_ms, act, paddle, ticket_id, lot,"
     " amount_cents, of_station_id, of_seq, reason FROM checkin.auction_act"
     " WHERE hub_xid >= $1::xid8 AND station_uid IS DISTINCT FROM $2 ORDER"
     " BY hub_seq",
     sync_pull_auction, offsetof(struct sync_counts, auction), P_ORG | P_DESK,
     HUB_FORMAT_AUCTION_VOID,
     "SELECT station_id, seq, station, at_ms, act, paddle, ticket_id, lot,"
     " amount_cents, ''::text, 0::bigint, ''::text FROM checkin.auction_act"
     " WHERE hub_xid >= $1::xid8 AND station_uid IS DISTINCT FROM $2 ORDER"
     " BY hub_seq",
     0, HUB_FORMAT_AUCTION},
    /* A triage's view of the registrations (format 34, appended as
     * above; pull_order takes it before the badges): names, ticket type,
     * status and hold, codes hashed, no contact details
     * (hub_schema_triage_role.c). */
    {"registration", REGISTRATION_PULL_X(", door::text", "triage_registration"),
     apply_registration, offsetof(struct sync_counts, registrations), P_TRIAGE,
     HUB_FORMAT_TRIAGE_ROLE, NULL},
    /* The desks' corrections of the names a triage sorts by (format 35,
     * appended as above; pull_order takes it after the registrations). */
    {"registration_change", CHANGES_PULL("triage_registration_change"),
     apply_change, offsetof(struct sync_counts, changes), P_TRIAGE,
     HUB_FORMAT_TRIAGE_CHANGES, NULL},
};

/* Whether a file of kind `me` pulls PULLS[p] from a hub of `format`. */
static bool pulls(size_t p, unsigned me, int format)
{
    return (PULLS[p].who & me) &&
           !(format < 2 && PULLS[p].fn == sync_pull_description) &&
           !(format < PULLS[p].since && !PULLS[p].sql_old) &&
           !(PULLS[p].until && format >= PULLS[p].until) &&
           !(format < PULLS[p].from);
}

static const char *pull_sql(size_t p, int format)
{
    return format < PULLS[p].since ? PULLS[p].sql_old : PULLS[p].sql;
}

_Static_assert(UTIL_ARRAY_LEN(PULLS) == PULL_KINDS, "PULL_KINDS is PULLS'");

bool sync_pull_wanted(size_t p, unsigned me, int format)
{
    return pulls(p, me, format);
}

const char *sync_pull_table(size_t p)
{
    return PULLS[p].tbl;
}

const char *sync_pull_sql(size_t p, int format)
{
    return pull_sql(p, format);
}

/* The cursors of every table a file of kind `me` pulls from a hub of
 * `format`, read in this pull (read[]) and taken whole (taken[]), moved
 * to `horizon`, in the pull's open local transaction (the one its last
 * rows were written in), then committed: rows and cursors are in the
 * file together or not at all, and a pull cut before the commit is read
 * again from the old cursors, its rows taken again unchanged.  Only rows
 * turn_over committed earlier (a long pull) are there before their
 * cursor.  A transaction of its own after a first pull, whose tables
 * commit one by one.  A table not read (its change marks, hub format
 * 20, said it holds nothing at or above its cursor) keeps its cursor:
 * a table's highest mark never goes down, so the marks say the same of
 * the old cursor until the table moves, and a running desk writes one
 * cursor per pulled check-in, not one per table.  A file's first pull
 * notes them all (a cursor at "0" is a table read from the start, and
 * the journal's is what makes the next pull sync_pull_quick's); before
 * format 20 every cursor moves, as the pull's first question asks from
 * the lowest of them (pull_start.c). */
static int cursors_to(struct ctx *c, unsigned me, int format, const bool *taken,
                      const bool *read, const char *horizon,
                      struct ck_error *err)
{
    int code = CK_OK;
    if (!c->tx_open)
        code = local_begin(c->l, err);
    c->tx_open = false;
    for (size_t p = 0; !code && p < UTIL_ARRAY_LEN(PULLS); p++)
        if ((PULLS[p].who & me) && taken[p] &&
            (read[p] || c->first || format < HUB_FORMAT_MARKS) &&
            (format >= 2 || PULLS[p].fn != sync_pull_description))
            code = sync_cursor_set(c, PULLS[p].tbl, horizon, err);
    if (!code)
        code = pull_commit(c, err);
    else
        local_rollback(c->l);
    tx_forget(c);
    c->fold_due = c->fold_due || !code;
    return code;
}

/* A pull that failed or gave no row: its open local transaction, if any,
 * rolled back (nothing of it is committed without its cursors). */
static void tx_drop(struct ctx *c)
{
    if (c->tx_open)
        local_rollback(c->l);
    c->tx_open = false;
    tx_forget(c);
}

/* Out of memory for a table's statements: `r` (may be NULL) let go. */
static int no_room(PGresult *r, struct ck_error *err)
{
    PQclear(r);
    return ck_fail(err, CK_ENOMEM, "Out of memory.");
}

/* The order a pull applies PULLS in: their own, except that walk-ins and
 * edits made at other stations (registration_change, kept last in PULLS
 * so that the fuzzer's kinds keep their numbers) come before the first
 * badge, right after the registrations they change: a walk-in's badge and
 * check-in, pulled in the same sync as the walk-in, then name a person
 * the file already holds instead of waiting for the next sync.  So does
 * a registrations' entry appended after the badges (a triage's). */
static bool pulled_before_badges(size_t p, size_t badge)
{
    return !strcmp(PULLS[p].tbl, "registration_change") ||
           (p > badge && !strcmp(PULLS[p].tbl, "registration"));
}

static void pull_order(size_t order[UTIL_ARRAY_LEN(PULLS)])
{
    size_t n = 0, badge = 0;
    while (strcmp(PULLS[badge].tbl, "badge"))
        badge++;
    for (size_t p = 0; p < UTIL_ARRAY_LEN(PULLS); p++) {
        if (pulled_before_badges(p, badge))
            continue;
        /* The registrations first, then the changes made to them. */
        for (int pass = 0; p == badge && pass < 2; pass++)
            for (size_t q = 0; q < UTIL_ARRAY_LEN(PULLS); q++)
                if (pulled_before_badges(q, badge) &&
                    !strcmp(PULLS[q].tbl,
                            pass ? "registration_change" : "registration"))
                    order[n++] = q;
        order[n++] = p;
    }
}

unsigned sync_pull_who(bool organizer, const char *kind)
{
    return organizer                 ? P_ORG
           : !strcmp(kind, "desk")   ? P_DESK
           : !strcmp(kind, "door")   ? P_DOOR
           : !strcmp(kind, "triage") ? P_TRIAGE
                                     : P_LEADS;
}

int sync_pull_all(struct ctx *c, struct ck_error *err)
{
    unsigned me = sync_pull_who(c->organizer, c->kind);
    char horizon[32] = "0";
    /* A hub made by an older 'checkin hub init' (format 1) has no event
     * description and no override column until the organizer's next sync
     * adds them (hub_upgrade). */
    int format = 1;
    bool want[UTIL_ARRAY_LEN(PULLS)];
    c->first = c->fold_due = false;
    int code = CK_OK;
    if (c->l->new_station)
        code = sync_never_pulled(c, &c->first, err);
    /* The file add-station is making, not published yet: nothing is
     * flushed until the publishing syncs it once, and the pages the pull
     * writes stay in memory until its commit, where spilling them to the
     * WAL in mid-transaction wrote and read most of them twice (docs/
     * sync.md, "Where a first pull's time goes").  The cache holds the
     * pages it reads as well: at SQLite's default of 2 MB each insert
     * read two pages of the new file back from disk (225,000 reads for
     * 100,000 registrations; 25,000 with 128 MB). */
    if (!code && c->first)
        code = local_exec(c->l,
                          "PRAGMA synchronous = OFF; PRAGMA cache_spill = OFF;"
                          "PRAGMA cache_size = -131072",
                          N_("starting to pull"), err);
    size_t j = UTIL_ARRAY_LEN(PULLS);
    if (!code)
        code = sync_pull_quick_journal(c, me, &j, err);
    PGresult *quick = NULL;
    if (!code && j < UTIL_ARRAY_LEN(PULLS))
        code = sync_pull_quick(c, me, j, horizon, sizeof(horizon), &quick, err);
    if (!code && quick) {
        /* Only the journal had anything: the pull is done at the hub. */
        bool taken[UTIL_ARRAY_LEN(PULLS)], read[UTIL_ARRAY_LEN(PULLS)];
        for (size_t p = 0; p < UTIL_ARRAY_LEN(PULLS); p++) {
            taken[p] = pulls(p, me, c->format);
            read[p] = p == j;
        }
        sqlite3_stmt **st = local_kept(c->l, &PULLS[j], PULL_STMTS);
        long *count = (long *)((char *)&c->rep->pulled + PULLS[j].count_off);
        int rows = 0;
        if (st)
            code = pull_rows(c, PULLS[j].tbl, quick, PULLS[j].fn, st, count,
                             &taken[j], &rows, err);
        else
            code = no_room(quick, err);
        local_kept_rest(st, PULL_STMTS);
        if (!code && rows > 0)
            code = cursors_to(c, me, c->format, taken, read, horizon, err);
        tx_drop(c);
        changed_free(c);
        c->attendee_max_read = false;
        return code;
    }
    if (!code)
        code = sync_identity(c, NULL, err);
    if (!code)
        code = pg_exec(c->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                       N_("starting to pull"), err);
    if (code)
        return code;
    if (!code)
        code = sync_pull_start(c, me, horizon, sizeof(horizon), &format, want,
                               err);
    if (!code)
        c->format = format;
    bool taken[UTIL_ARRAY_LEN(PULLS)] = {false};
    bool read[UTIL_ARRAY_LEN(PULLS)] = {false};
    int rows = 0;
    size_t order[UTIL_ARRAY_LEN(PULLS)];
    pull_order(order);
    for (size_t i = 0; !code && i < UTIL_ARRAY_LEN(PULLS); i++) {
        size_t p = order[i];
        if (!pulls(p, me, format))
            continue;
        /* Nothing at or above its cursor: as read and found empty. */
        if (!want[p] && !again_here(c, PULLS[p].tbl)) {
            taken[p] = true;
            continue;
        }
        /* Kept for the connection's life (local_kept): a running
         * station's next pull of the table prepares nothing. */
        sqlite3_stmt **st = local_kept(c->l, &PULLS[p], PULL_STMTS);
        long *count = (long *)((char *)&c->rep->pulled + PULLS[p].count_off);
        int n = 0;
        read[p] = true;
        code = st ? pull_table(c, PULLS[p].tbl, pull_sql(p, format),
                               PULLS[p].fn, st, count, &taken[p], &n, err)
                  : no_room(NULL, err);
        rows += n;
        local_kept_rest(st, PULL_STMTS);
    }
    /* The cursors move in one local transaction, and only when the hub
     * gave rows: a sync with nothing new writes nothing to the file, so
     * the station deciding beside a live sync never waits for it (a
     * cursor left behind only means the same empty range is asked
     * again). */
    if (!code && rows > 0)
        code = cursors_to(c, me, format, taken, read, horizon, err);
    tx_drop(c);
    changed_free(c);
    c->attendee_max_read = false;
    if (code)
        pg_rollback(c->pg);
    else
        code = sync_pg_commit(c, N_("pulling"), err);
    return code;
}

size_t sync_pull_kinds(void)
{
    return UTIL_ARRAY_LEN(PULLS);
}

int sync_pull_apply(struct ctx *c, size_t which, PGresult *r, long *applied,
                    long *waiting, struct ck_error *err)
{
    if (which >= UTIL_ARRAY_LEN(PULLS))
        return ck_fail(err, CK_EINVAL, "There is no pull %zu.", which);
    /* The pull's own kept statements: fan.c's rows prepare nothing. */
    sqlite3_stmt **st = local_kept(c->l, &PULLS[which], PULL_STMTS);
    int code = st ? CK_OK : no_room(NULL, err);
    for (int i = 0; !code && i < PQntuples(r); i++) {
        bool a = false, w = false;
        code = PULLS[which].fn(c, st, r, i, &a, &w, err);
        *applied += a;
        *waiting += w;
    }
    local_kept_rest(st, PULL_STMTS);
    changed_free(c);
    c->attendee_max_read = false;
    return code;
}

bool sync_pull_moves_revoked(const struct sync_report *rep)
{
    /* credential_revoked_hashes reads the badges and the registrations'
     * payment, hold and block; the kinds below name neither, and any
     * other is taken to (a description, keys: rare, and read again). */
    struct sync_counts p = rep->pulled;
    p.scans = p.leads = p.jobs = p.open_spaces = p.triage = p.auction =
        p.desk_keys = 0;
    static const struct sync_counts none;
    return memcmp(&p, &none, sizeof(p)) != 0 || rep->dropped > 0;
}
