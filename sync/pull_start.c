/* How a pull starts: which tables hold rows this file has not read, and,
 * in the usual case, the journal's new rows in the same round trip.
 * From hub format 20 the hub answers the first from its change marks
 * (checkin.changed, hub_schema_steps.c): one small set of rows, whatever
 * the number of tables; before it, one EXISTS per table.  Also the
 * cursors' reading and noting; not the reading and applying of rows,
 * nor which cursors move (pull.c).
 *
 * The guarantee both keep: a table found unchanged holds no row at or
 * above its cursor in the pull's snapshot.  A mark is written by the
 * transaction that writes the rows it covers, so a snapshot sees both or
 * neither; the next cursor is the snapshot's xmin, below which every
 * transaction has ended (sync.c, docs/sync.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "checkin/store.h"
#include "checkin/util.h"
#include "pull_priv.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* The cursors' statements, kept for the connection's life (local_kept):
 * a pull asks for a cursor of each table it pulls, some twice, and
 * moves one for each it read. */
static const char CURSOR_GET[] =
    "SELECT horizon FROM sync_cursor WHERE tbl = ?1";
static const char CURSOR_SET[] = "INSERT OR REPLACE INTO sync_cursor (tbl,"
                                 " horizon, pulled_ms) VALUES (?1, ?2, ?3)";

static const char CURSORS_ALL[] = "SELECT tbl, horizon FROM sync_cursor";

/* Every cursor of the file into c->cursors, when they fit. */
static int read_cursors(struct ctx *c, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_statement(c->l, CURSORS_ALL, &q,
                               N_("reading how far it pulled"), err);
    if (code)
        return code;
    int n = 0, rc;
    bool fits = true;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        const char *h = (const char *)sqlite3_column_text(q, 1);
        if (n == (int)UTIL_ARRAY_LEN(c->cursors) || !t || !h ||
            strlen(t) >= sizeof(c->cursors[0].tbl) ||
            strlen(h) >= sizeof(c->cursors[0].horizon)) {
            fits = false;
            continue;
        }
        snprintf(c->cursors[n].tbl, sizeof(c->cursors[n].tbl), "%s", t);
        snprintf(c->cursors[n].horizon, sizeof(c->cursors[n].horizon), "%s", h);
        n++;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return local_fail(c->l, rc, N_("reading how far it pulled"), err);
    c->ncursors = n;
    c->cursors_read = fits;
    return CK_OK;
}

int sync_cursor_get(struct ctx *c, const char *tbl, char *out, size_t cap,
                    struct ck_error *err)
{
    if (!c->cursors_read) {
        int code = read_cursors(c, err);
        if (code)
            return code;
    }
    if (c->cursors_read) {
        snprintf(out, cap, "0");
        for (int i = 0; i < c->ncursors; i++)
            if (!strcmp(c->cursors[i].tbl, tbl))
                snprintf(out, cap, "%s", c->cursors[i].horizon);
        return CK_OK;
    }
    sqlite3_stmt *q;
    int code = local_statement(c->l, CURSOR_GET, &q,
                               N_("reading how far it pulled"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    snprintf(out, cap, "0");
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return CK_OK;
}

int sync_cursor_set(struct ctx *c, const char *tbl, const char *horizon,
                    struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_statement(c->l, CURSOR_SET, &q,
                               N_("noting how far it pulled"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, tbl, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, horizon, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 3, store_now_ms());
    code = local_done(c->l, q, N_("noting how far it pulled"), err);
    sqlite3_clear_bindings(q);
    c->cursors_read = false; /* read again if asked (a rollback may follow) */
    return code;
}

/* The pulls that leave out a station's own rows (`station_uid != $2`)
 * and whose rows a station's login role writes only of its own: for a
 * station only marks written by another role count.  Not
 * registration_change: a desk's push of a walk-in places the edits other
 * desks made of it (checkin.place_waiting(), in the desk's session).
 * The organizer's role also writes rows of no station, which it reads
 * back. */
static bool others_only(const char *tbl)
{
    static const char *const OWN[] = {"scan", "badge", "print_job", "lead"};
    for (size_t i = 0; i < UTIL_ARRAY_LEN(OWN); i++)
        if (!strcmp(tbl, OWN[i]))
            return true;
    return false;
}

/* The statement that starts a pull: the safe horizon, the hub's format
 * and, for each table the file pulls but `skip` (PULL_KINDS: none),
 * whether it may hold a row this file would read at or above its cursor,
 * into `sql`.  From format 20, one row per table with a change mark (its
 * highest mark, and its highest of other writers, columns 3 to 5); before
 * it, each table's own query under EXISTS from the lowest cursor ($1,
 * `low`; "0" when there is none; never fewer rows than it would read),
 * cols[] the tables in the order of their columns (after the first two),
 * *n how many. */
static int start_sql(struct ctx *c, unsigned me, size_t skip, char *sql,
                     size_t cap, size_t *cols, size_t *n, char *low,
                     size_t low_cap, struct ck_error *err)
{
    unsigned long long lowest = 0;
    low[0] = '\0';
    *n = 0;
    if (c->format >= HUB_FORMAT_MARKS) {
        snprintf(sql, cap,
                 "SELECT s.x, (SELECT format FROM checkin.hub), m.tbl, m.top,"
                 " m.others FROM (SELECT"
                 " pg_snapshot_xmin(pg_current_snapshot())::text AS x) s"
                 " LEFT JOIN (SELECT tbl, max(xid)::text AS top, max(xid)"
                 " FILTER (WHERE writer != session_user)::text AS others FROM"
                 " checkin.changed GROUP BY tbl) m ON true");
        snprintf(low, low_cap, "0");
        return CK_OK;
    }
    int len = snprintf(sql, cap,
                       "SELECT pg_snapshot_xmin(pg_current_snapshot())::text,"
                       " (SELECT format FROM checkin.hub)");
    for (size_t p = 0; p < PULL_KINDS; p++) {
        if (p == skip || c->format < 1 || !sync_pull_wanted(p, me, c->format))
            continue;
        char from[32];
        int code =
            sync_cursor_get(c, sync_pull_table(p), from, sizeof(from), err);
        if (code)
            return code;
        unsigned long long v = strtoull(from, NULL, 10);
        if (!low[0] || v < lowest) {
            lowest = v;
            snprintf(low, low_cap, "%s", from);
        }
        len += snprintf(sql + len, len < (int)cap ? cap - (size_t)len : 0,
                        ", EXISTS (%s)", sync_pull_sql(p, c->format));
        cols[(*n)++] = p;
    }
    if (len >= (int)cap)
        return ck_fail(err, CK_EIO, "A pull's statement is too long.");
    if (!low[0])
        snprintf(low, low_cap, "0");
    return CK_OK;
}

/* want[p], for each table the file pulls but `skip`, from start_sql's
 * answer `r`: whether it may hold a row to read.  Tables the answer does
 * not name keep want[p] as it is. */
static int start_wants(struct ctx *c, unsigned me, size_t skip,
                       const PGresult *r, const size_t *cols, size_t n,
                       bool *want, struct ck_error *err)
{
    if (c->format < HUB_FORMAT_MARKS) {
        for (size_t i = 0; i < n; i++)
            want[cols[i]] = !strcmp(PQgetvalue(r, 0, (int)i + 2), "t");
        return CK_OK;
    }
    for (size_t p = 0; p < PULL_KINDS; p++) {
        if (p == skip || !sync_pull_wanted(p, me, c->format))
            continue;
        const char *tbl = sync_pull_table(p);
        char from[32];
        int code = sync_cursor_get(c, tbl, from, sizeof(from), err);
        if (code)
            return code;
        unsigned long long cursor = strtoull(from, NULL, 10);
        int col = others_only(tbl) && !c->organizer ? 4 : 3;
        want[p] = false;
        for (int i = 0; i < PQntuples(r); i++)
            if (!PQgetisnull(r, i, 2) && !strcmp(PQgetvalue(r, i, 2), tbl) &&
                !PQgetisnull(r, i, col))
                want[p] = strtoull(PQgetvalue(r, i, col), NULL, 10) >= cursor;
    }
    return CK_OK;
}

int sync_pull_start(struct ctx *c, unsigned me, char *horizon, size_t cap,
                    int *format, bool *want, struct ck_error *err)
{
    char low[32], sql[16384];
    size_t cols[PULL_KINDS];
    size_t n = 0;
    for (size_t p = 0; p < PULL_KINDS; p++)
        want[p] = true;
    int code = start_sql(c, me, PULL_KINDS, sql, sizeof(sql), cols, &n, low,
                         sizeof(low), err);
    if (code)
        return code;
    const char *params[2] = {low, c->hub->station_uid};
    PGresult *r;
    code = pg_query(c->pg, sql, n ? 2 : 0, params, &r, N_("starting to pull"),
                    err);
    if (code)
        return code;
    snprintf(horizon, cap, "%s", PQgetvalue(r, 0, 0));
    *format = (int)strtol(PQgetvalue(r, 0, 1), NULL, 10);
    if (*format == c->format)
        code = start_wants(c, me, PULL_KINDS, r, cols, n, want, err);
    PQclear(r);
    return code;
}

/* The journal's statement of sync_pull_quick: pull.c's for table `j`
 * with an upper bound no row reaches ($3, XID8_TOP), into `out`.  A pull
 * reads the journal past its cursor, a few rows; planned afresh for
 * each cursor (a custom plan, as PostgreSQL chooses for it: its generic
 * plan, not knowing the cursor, would read a third of the journal) it
 * was planned at every pull, with its policies.  Between two unknown
 * bounds the planner takes a narrow range of rows (0.5%), so the plan
 * made once and kept (plan_cache_mode force_generic_plan, for the pull's
 * transaction alone) reads the journal's index on hub_xid at any size.
 * "" when the statement is not of that shape. */
static const char XID8_TOP[] = "18446744073709551615";

static void quick_rows_sql(size_t j, int format, char *out, size_t cap)
{
    static const char ORDER[] = " ORDER BY hub_seq";
    const char *sql = sync_pull_sql(j, format);
    const char *at = strstr(sql, ORDER);
    out[0] = '\0';
    if (!at || strcmp(at, ORDER) || !strstr(sql, "hub_xid >= $1::xid8"))
        return;
    int len = snprintf(out, cap, "%.*s AND hub_xid < $3::xid8%s",
                       (int)(at - sql), sql, ORDER);
    if (len < 0 || (size_t)len >= cap)
        out[0] = '\0';
}

int sync_pull_quick(struct ctx *c, unsigned me, size_t j, char *horizon,
                    size_t cap, PGresult **r, struct ck_error *err)
{
    *r = NULL;
    char low[32], sql[16384], from[32];
    size_t cols[PULL_KINDS];
    size_t n = 0;
    int code =
        start_sql(c, me, j, sql, sizeof(sql), cols, &n, low, sizeof(low), err);
    if (!code)
        code = sync_cursor_get(c, sync_pull_table(j), from, sizeof(from), err);
    if (code)
        return code;
    const char *start[2] = {low, c->hub->station_uid};
    const char *rows_from[3] = {from, c->hub->station_uid, XID8_TOP};
    char rows_sql[2048];
    quick_rows_sql(j, c->format, rows_sql, sizeof(rows_sql));
    /* A desk's check of its identity, in the pull's transaction, when it
     * is this sync's first word to the hub (ctx.identity_later): the pull
     * is then the sync's one round trip.  res[] below: the results from
     * the one before the start's. */
    bool check = c->identity_later;
    struct pg_statement st[6] = {
        {"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0, NULL},
        {"SET LOCAL plan_cache_mode = force_generic_plan", 0, NULL}};
    char known[16];
    const char *param;
    size_t ns = rows_sql[0] ? 2 : 1;
    if (check)
        sync_identity_statement(&st[ns++], known, &param);
    size_t first = ns; /* the start's answer */
    st[ns++] = (struct pg_statement){sql, n ? 2 : 0, start};
    st[ns++] = rows_sql[0] ? (struct pg_statement){rows_sql, 3, rows_from}
                           : (struct pg_statement){sync_pull_sql(j, c->format),
                                                   2, rows_from};
    st[ns++] = (struct pg_statement){"COMMIT", 0, NULL};
    PGresult *all[UTIL_ARRAY_LEN(st)] = {NULL};
    code = pg_pipeline(c->pg, ns, st, all, N_("pulling"), err);
    if (code) {
        pg_rollback(c->pg);
        return code;
    }
    PGresult **res = all + first - 1;
    if (check)
        code = sync_identity(c, all[first - 1], err);
    bool want[PULL_KINDS] = {false};
    bool only =
        !code && (int)strtol(PQgetvalue(res[1], 0, 1), NULL, 10) == c->format;
    if (only)
        code = start_wants(c, me, j, res[1], cols, n, want, err);
    for (size_t p = 0; only && p < PULL_KINDS; p++)
        only = !want[p];
    if (!code && only) {
        snprintf(horizon, cap, "%s", PQgetvalue(res[1], 0, 0));
        *r = res[2];
        res[2] = NULL;
    }
    for (size_t i = 0; i < UTIL_ARRAY_LEN(all); i++)
        PQclear(all[i]);
    return code;
}

int sync_pull_quick_journal(struct ctx *c, unsigned me, size_t *j,
                            struct ck_error *err)
{
    *j = PULL_KINDS;
    if (c->first || c->again || c->format < 1)
        return CK_OK;
    for (size_t p = 0; p < PULL_KINDS; p++) {
        if (strcmp(sync_pull_table(p), "scan") ||
            !sync_pull_wanted(p, me, c->format))
            continue;
        char from[32];
        int code = sync_cursor_get(c, "scan", from, sizeof(from), err);
        if (!code && strcmp(from, "0"))
            *j = p;
        return code;
    }
    return CK_OK;
}

/* Whether the file never took a row from the hub (no cursor noted): the
 * pull `hub add-station` makes of the file it has just made.  A station
 * whose enrolment's pull failed may already be deciding from its file
 * (badges verify offline): its first pull keeps to short transactions
 * (turn_over). */
int sync_never_pulled(struct ctx *c, bool *yes, struct ck_error *err)
{
    sqlite3_stmt *q;
    /* Not 'set_aside' (door_forget.c), noted before the first pull. */
    int code = local_prepare(c->l,
                             "SELECT count(*) FROM sync_cursor WHERE tbl !="
                             " 'set_aside'",
                             &q, N_("reading how far it pulled"), err);
    if (code)
        return code;
    *yes = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int64(q, 0) == 0;
    sqlite3_finalize(q);
    return CK_OK;
}
