/* Changing an event's description after `checkin init` (`checkin event`):
 * the edited INI is parsed by the same loader as init, into a database in
 * memory, which is attached to the event database as `new` and compared
 * with it by slug.  Every check comes before the first write, and every
 * write is one transaction, so a refusal leaves the database as it was.
 * Not for stations: they take the organizer's description from the hub
 * (sync/sync.c), never from an INI file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/event.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"
#include "event_priv.h"

#define MAX_INI_BYTES (4 << 20)
#define WHAT "applying the event description"

struct upd {
    store *s;
    sqlite3 *db;
    const char *ini;
    const char *db_path;
    struct event_update_report *out;
    char old_tz[64], new_tz[64];
    struct ck_error *err;
    sqlite3_stmt *tutorial_ins; /* new tutorials, numbered from: */
    int64_t next_tutorial;
};

/* One line of the report as it is built; `oom` once a value could not be
 * kept (said at line_done). */
struct line {
    struct event_update_line l;
    bool oom;
};

static void line_free(struct event_update_line *l)
{
    for (size_t i = 0; i < l->n; i++)
        for (int k = 0; k < 4; k++)
            free(l->changes[i].v[k]);
    free(l->changes);
    free(l->slug);
    memset(l, 0, sizeof(*l));
}

static void line_start(struct line *l, enum event_line_of of, const char *slug)
{
    memset(l, 0, sizeof(*l));
    l->l.of = of;
    l->oom = !(l->l.slug = strdup(slug));
}

/* A change of `what` with values `a` to `d` (NULL: none) and `n`. */
static void part(struct line *l, enum event_change_what what, long long n,
                 const char *a, const char *b, const char *c, const char *d)
{
    size_t cap = l->l.n, need = l->l.n + 1;
    if (l->oom || !CK_VEC_RESERVE(l->l.changes, need, cap)) {
        l->oom = true;
        return;
    }
    struct event_change *ch = &l->l.changes[l->l.n++];
    memset(ch, 0, sizeof(*ch));
    ch->what = what;
    ch->n = n;
    const char *v[4] = {a, b, c, d};
    for (int k = 0; k < 4; k++)
        if (v[k] && !(ch->v[k] = strdup(v[k])))
            l->oom = true;
}

/* A change from `a` to `b`. */
static void change(struct line *l, enum event_change_what what, const char *a,
                   const char *b)
{
    part(l, what, 0, a, b, NULL, NULL);
}

static int add_line(struct upd *u, struct line *l)
{
    struct event_update_report *r = u->out;
    /* Sized to the lines held: u->out is the report, or for a while the
     * mapping's lines (apply), and neither keeps a capacity. */
    size_t cap = r->n, need = r->n + 1;
    if (l->oom || !CK_VEC_RESERVE(r->lines, need, cap)) {
        line_free(&l->l);
        return ck_fail(u->err, CK_ENOMEM,
                       "Out of memory while applying the event description.");
    }
    r->lines[r->n++] = l->l;
    memset(l, 0, sizeof(*l));
    return CK_OK;
}

/* Keep the line if it says anything (a removed row's says its kind). */
static int line_done(struct upd *u, struct line *l)
{
    if (l->l.n || l->oom)
        return add_line(u, l);
    line_free(&l->l);
    return CK_OK;
}

void event_update_report_free(struct event_update_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        line_free(&r->lines[i]);
    free(r->lines);
    r->lines = NULL;
    r->n = 0;
}

static const char *col(sqlite3_stmt *q, int i)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    return t ? (const char *)t : "";
}

/* Column i's text, or NULL when it is NULL. */
static const char *col_or_null(sqlite3_stmt *q, int i)
{
    return sqlite3_column_type(q, i) == SQLITE_NULL ? NULL : col(q, i);
}

/* Column i's text, or NULL when it is empty. */
static const char *col_or_empty(sqlite3_stmt *q, int i)
{
    return *col(q, i) ? col(q, i) : NULL;
}

static int prepare(struct upd *u, const char *sql, sqlite3_stmt **q)
{
    return store_prepare(u->s, sql, NULL, q, WHAT, u->err);
}

/* Finish a loop over `q`: rc must be SQLITE_DONE. */
static int finish(struct upd *u, sqlite3_stmt *q, int rc)
{
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(u->s, rc, WHAT, u->err);
    return CK_OK;
}

static int exec(struct upd *u, const char *sql)
{
    int rc = sqlite3_exec(u->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? CK_OK : store_sqlite_fail(u->s, rc, WHAT, u->err);
}

/* A count from fixed SQL with one text parameter (may be NULL: none). */
static int count(struct upd *u, const char *sql, const char *param, long *n)
{
    sqlite3_stmt *q;
    int code = prepare(u, sql, &q);
    if (code)
        return code;
    if (param)
        sqlite3_bind_text(q, 1, param, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    return finish(u, q, rc == SQLITE_ROW ? SQLITE_DONE : rc);
}

static void local_time(const struct upd *u, int64_t t, bool new_zone, char *buf,
                       size_t cap)
{
    if (event_utc_to_local(t, new_zone ? u->new_tz : u->old_tz, buf, cap))
        snprintf(buf, cap, "%lld UTC", (long long)t);
}

/* ---- the file ----------------------------------------------------------- */

static int read_ini(const char *path, char **data, size_t *len,
                    struct ck_error *err)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return ck_fail(err, CK_ENOTFOUND,
                       "Cannot read the event description %s: %s.", path,
                       strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size > MAX_INI_BYTES) {
        fclose(f);
        return ck_fail(err, CK_EINVAL,
                       "%s is not an event description (not a regular file "
                       "of at most 4 MB); give the EVENT.ini file.",
                       path);
    }
    char *buf = malloc((size_t)st.st_size + 1);
    if (!buf) {
        fclose(f);
        return ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", path);
    }
    size_t n = fread(buf, 1, (size_t)st.st_size, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return ck_fail(err, CK_EIO, "Cannot read the event description %s.",
                       path);
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return CK_OK;
}

/* Parse the file into a database in memory and attach it to `u->db` as
 * `new` (its pages handed over whole: sqlite3_serialize/deserialize). */
static int attach_new(struct upd *u, const char *data, size_t len)
{
    store *tmp;
    int code = store_open(":memory:", STORE_CREATE, &tmp, u->err);
    if (code)
        return code;
    code = event_parse_buffer(tmp, u->ini, data, len, "event", u->err);
    sqlite3_int64 size = 0;
    unsigned char *img = NULL;
    if (!code) {
        img = sqlite3_serialize(store_db(tmp), "main", &size, 0);
        if (!img)
            code =
                ck_fail(u->err, CK_ENOMEM, "Out of memory reading %s.", u->ini);
    }
    store_close(tmp);
    if (code)
        return code;
    code = exec(u, "ATTACH DATABASE ':memory:' AS new");
    if (code) {
        sqlite3_free(img);
        return code;
    }
    int rc = sqlite3_deserialize(u->db, "new", img, size, size,
                                 SQLITE_DESERIALIZE_FREEONCLOSE |
                                     SQLITE_DESERIALIZE_RESIZEABLE);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(u->s, rc, WHAT, u->err);
    return CK_OK;
}

/* ---- checks: nothing is written before all of them passed ------------- */

static int check_not_station(struct upd *u)
{
    /* A station's file: a booth's carries its role in `setting`; a desk's
     * or door's is enrolled at a hub with a role other than organizer. */
    sqlite3_stmt *q;
    long booth = 0;
    int code = count(u,
                     "SELECT count(*) FROM main.setting WHERE key = "
                     "'station_role'",
                     NULL, &booth);
    if (code)
        return code;
    bool station = booth > 0;
    long enrolled = 0;
    code = count(u,
                 "SELECT count(*) FROM main.sqlite_master WHERE type = "
                 "'table' AND name = 'sync_hub'",
                 NULL, &enrolled);
    if (code)
        return code;
    if (!station && enrolled) {
        code = prepare(u, "SELECT role FROM main.sync_hub", &q);
        if (code)
            return code;
        int rc = sqlite3_step(q);
        station = rc == SQLITE_ROW && strcmp(col(q, 0), "organizer") != 0;
        code = finish(u, q, rc == SQLITE_ROW ? SQLITE_DONE : rc);
        if (code)
            return code;
    }
    if (station)
        return ck_fail(u->err, CK_EINVAL,
                       "%s is a station's file; run 'checkin event' on the "
                       "organizer's event database, and the stations take "
                       "the change from the hub.",
                       u->db_path);
    return CK_OK;
}

static int check_event(struct upd *u, struct line *ev)
{
    sqlite3_stmt *q;
    int code = prepare(u,
                       "SELECT o.slug, n.slug, o.name, n.name, o.first_day,"
                       " n.first_day, o.last_day, n.last_day, o.timezone,"
                       " n.timezone FROM main.event o, new.event n",
                       &q);
    if (code)
        return code;
    int rc = sqlite3_step(q);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(q);
        if (rc == SQLITE_DONE)
            return ck_fail(u->err, CK_EINVAL,
                           "%s holds no event; make it with 'checkin init'.",
                           u->db_path);
        return store_sqlite_fail(u->s, rc, WHAT, u->err);
    }
    snprintf(u->old_tz, sizeof(u->old_tz), "%s", col(q, 8));
    snprintf(u->new_tz, sizeof(u->new_tz), "%s", col(q, 9));
    if (strcmp(col(q, 0), col(q, 1))) {
        code = ck_fail(u->err, CK_EINVAL,
                       "%s describes the event '%s', but %s holds '%s', "
                       "which the hub and every station know it by; set "
                       "slug = %s in its [event] section (a new event is "
                       "'checkin init').",
                       u->ini, col(q, 1), u->db_path, col(q, 0), col(q, 0));
        sqlite3_finalize(q);
        return code;
    }
    line_start(ev, EVENT_LINE_EVENT, col(q, 0));
    static const enum event_change_what WHAT_OF[] = {
        EVENT_CHANGE_NAME, EVENT_CHANGE_START, EVENT_CHANGE_END,
        EVENT_CHANGE_TIME_ZONE};
    for (int i = 0; i < 4; i++)
        if (strcmp(col(q, 2 + 2 * i), col(q, 3 + 2 * i)))
            change(ev, WHAT_OF[i], col(q, 2 + 2 * i), col(q, 3 + 2 * i));
    sqlite3_finalize(q);
    if (strcmp(u->old_tz, u->new_tz)) {
        long scans = 0;
        code = count(u, "SELECT count(*) FROM main.scan", NULL, &scans);
        if (code)
            return code;
        if (scans > 0)
            return ck_failn(
                u->err, CK_EINVAL, (unsigned long)scans,
                "%s changes the time zone from %s to %s, but %ld scan was "
                "already decided by the tutorial times of %s; set timezone = "
                "%s again and give the tutorial times in %s.",
                "%s changes the time zone from %s to %s, but %ld scans were "
                "already decided by the tutorial times of %s; set timezone = "
                "%s again and give the tutorial times in %s.",
                u->ini, u->old_tz, u->new_tz, scans, u->old_tz, u->old_tz,
                u->old_tz);
    }
    return CK_OK;
}

/* ---- the changes, reported then written --------------------------------- */

/* One report line of a row of changes. */
typedef int row_fn(struct upd *u, sqlite3_stmt *q, struct line *l);

/* Run `sql` and report each row it returns as the line `row` makes. */
static int report_rows(struct upd *u, const char *sql, row_fn *row)
{
    sqlite3_stmt *q;
    int code = prepare(u, sql, &q);
    int rc = SQLITE_DONE;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct line l = {0};
        code = row(u, q, &l);
        if (!code)
            code = line_done(u, &l);
        else
            line_free(&l.l);
    }
    if (code) {
        sqlite3_finalize(q);
        return code;
    }
    return finish(u, q, rc);
}

static int ticket_type_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    (void)u;
    if (sqlite3_column_int(q, 5)) {
        line_start(l, EVENT_LINE_NEW_TICKET_TYPE, col(q, 0));
        part(l, EVENT_CHANGE_NEW_TICKET_TYPE, 0, col(q, 2), col(q, 4), NULL,
             NULL);
        return CK_OK;
    }
    line_start(l, EVENT_LINE_TICKET_TYPE, col(q, 0));
    if (strcmp(col(q, 1), col(q, 2)))
        change(l, EVENT_CHANGE_LABEL, col(q, 1), col(q, 2));
    if (strcmp(col(q, 3), col(q, 4)))
        change(l, EVENT_CHANGE_COLOUR, col(q, 3), col(q, 4));
    return CK_OK;
}

/* A new tutorial is written as it is reported, with the next number
 * (u->tutorial_ins, prepared at the first). */
static int new_tutorial(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    int code = CK_OK;
    if (!u->tutorial_ins) {
        long last = 0;
        code = count(u,
                     "SELECT max(coalesce((SELECT max(id) FROM main.tutorial),"
                     " 0), coalesce((SELECT max(tutorial_id) FROM main.badge),"
                     " 0))",
                     NULL, &last);
        u->next_tutorial = last + 1;
        if (!code)
            code = prepare(u,
                           "INSERT INTO main.tutorial (id, slug, title, room,"
                           " starts_at, ends_at, capacity) SELECT ?1, slug,"
                           " title, room, starts_at, ends_at, capacity FROM"
                           " new.tutorial WHERE slug = ?2",
                           &u->tutorial_ins);
        if (code)
            return code;
    }
    /* Tutorial tickets carry the tutorial's number (1-255), so a number
     * is never given twice. */
    if (u->next_tutorial > 255)
        return ck_fail(u->err, CK_EINVAL,
                       "%s adds the tutorial %s, but tutorial tickets number "
                       "tutorials 1 to 255 and %s has used them all; leave "
                       "it out.",
                       u->ini, col(q, 0), u->db_path);
    char a[32], b[32];
    local_time(u, sqlite3_column_int64(q, 6), true, a, sizeof(a));
    local_time(u, sqlite3_column_int64(q, 8), true, b, sizeof(b));
    line_start(l, EVENT_LINE_NEW_TUTORIAL, col(q, 0));
    part(l, EVENT_CHANGE_NEW_TUTORIAL, sqlite3_column_int64(q, 10), col(q, 2),
         col(q, 4), a, strlen(a) > 11 && !strncmp(a, b, 11) ? b + 11 : b);
    sqlite3_bind_int64(u->tutorial_ins, 1, u->next_tutorial++);
    sqlite3_bind_text(u->tutorial_ins, 2, col(q, 0), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(u->tutorial_ins);
    sqlite3_reset(u->tutorial_ins);
    return rc == SQLITE_DONE ? CK_OK
                             : store_sqlite_fail(u->s, rc, WHAT, u->err);
}

static int tutorial_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    if (sqlite3_column_int(q, 11))
        return new_tutorial(u, q, l);
    line_start(l, EVENT_LINE_TUTORIAL, col(q, 0));
    if (strcmp(col(q, 1), col(q, 2)))
        change(l, EVENT_CHANGE_TITLE, col(q, 1), col(q, 2));
    if (strcmp(col(q, 3), col(q, 4)))
        change(l, EVENT_CHANGE_ROOM, col(q, 3), col(q, 4));
    static const enum event_change_what T[] = {EVENT_CHANGE_START,
                                               EVENT_CHANGE_END};
    for (int i = 0; i < 2; i++) {
        char a[32], b[32];
        int64_t o = sqlite3_column_int64(q, 5 + 2 * i);
        int64_t n = sqlite3_column_int64(q, 6 + 2 * i);
        local_time(u, o, false, a, sizeof(a));
        local_time(u, n, true, b, sizeof(b));
        /* A new zone alone moves every time; say only what the file
         * changed. */
        if (strcmp(a, b) || (o != n && !strcmp(u->old_tz, u->new_tz)))
            change(l, T[i], a, b);
    }
    if (sqlite3_column_int64(q, 9) != sqlite3_column_int64(q, 10))
        change(l, EVENT_CHANGE_CAPACITY, col(q, 9), col(q, 10));
    return CK_OK;
}

static int sponsor_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    (void)u;
    if (sqlite3_column_int(q, 3)) {
        line_start(l, EVENT_LINE_NEW_SPONSOR, col(q, 0));
        part(l, EVENT_CHANGE_NEW_SPONSOR, 0, col(q, 2), NULL, NULL, NULL);
    } else {
        line_start(l, EVENT_LINE_SPONSOR, col(q, 0));
        change(l, EVENT_CHANGE_NAME, col(q, 1), col(q, 2));
    }
    return CK_OK;
}

/* The kinds of row the file names by slug: what refers to one (by slug
 * ?1 and id ?2), the rows added or changed, and how the file's are
 * written over the event's. */
static const struct kind {
    const char *table;          /* ticket_type, tutorial, sponsor */
    const char *name;           /* for messages */
    enum event_line_of removed; /* its line when the file drops one */
    const char *section;        /* the INI section */
    const char *refs; /* one row of counts, each named in `ref_names` */
    const char *ref_names[4];
    const char *changes; /* the rows added or changed, one line each */
    row_fn *row;
    const char *write;
} KINDS[] = {
    {"ticket_type",
     "ticket type",
     EVENT_LINE_REMOVED_TICKET_TYPE,
     "ticket-type",
     "SELECT (SELECT count(*) FROM main.attendee WHERE ticket_type_id = ?2)",
     {"registrations"},
     "SELECT n.slug, o.label, n.label, o.colour, n.colour, o.id IS NULL FROM"
     " new.ticket_type n LEFT JOIN main.ticket_type o USING (slug) WHERE o.id"
     " IS NULL OR o.label IS NOT n.label OR o.colour IS NOT n.colour ORDER BY"
     " n.id",
     ticket_type_row,
     "UPDATE main.ticket_type AS o SET label = n.label, colour = n.colour FROM"
     " new.ticket_type n WHERE n.slug = o.slug AND (o.label IS NOT n.label OR"
     " o.colour IS NOT n.colour);"
     "INSERT INTO main.ticket_type (slug, label, colour) SELECT slug, label,"
     " colour FROM new.ticket_type WHERE slug NOT IN (SELECT slug FROM"
     " main.ticket_type) ORDER BY id;"
     "DELETE FROM main.ticket_type WHERE slug NOT IN (SELECT slug FROM"
     " new.ticket_type);"},
    {"tutorial",
     "tutorial",
     EVENT_LINE_REMOVED_TUTORIAL,
     "tutorial",
     "SELECT (SELECT count(*) FROM main.attendee_tutorial WHERE tutorial_id ="
     " ?2), (SELECT count(*) FROM main.badge WHERE tutorial_id = ?2),"
     " (SELECT count(*) FROM main.print_job WHERE tutorial_id = ?2),"
     " (SELECT count(*) FROM main.scan WHERE mode = 'door' AND target = ?1)",
     {"registrations", "tutorial tickets", "print jobs", "door scans"},
     "SELECT n.slug, o.title, n.title, o.room, n.room, o.starts_at,"
     " n.starts_at, o.ends_at, n.ends_at, o.capacity, n.capacity, o.id IS"
     " NULL FROM new.tutorial n LEFT JOIN main.tutorial o USING (slug)"
     " WHERE o.id IS NULL OR o.title IS NOT n.title OR o.room IS NOT"
     " n.room OR o.starts_at IS NOT n.starts_at OR o.ends_at IS NOT"
     " n.ends_at OR o.capacity IS NOT n.capacity ORDER BY n.starts_at,"
     " n.slug",
     tutorial_row,
     /* new ones were inserted as they were reported (new_tutorial) */
     "UPDATE main.tutorial AS o SET title = n.title, room = n.room, starts_at"
     " = n.starts_at, ends_at = n.ends_at, capacity = n.capacity FROM"
     " new.tutorial n WHERE n.slug = o.slug AND (o.title IS NOT n.title OR"
     " o.room IS NOT n.room OR o.starts_at IS NOT n.starts_at OR o.ends_at IS"
     " NOT n.ends_at OR o.capacity IS NOT n.capacity);"
     "DELETE FROM main.tutorial WHERE slug NOT IN (SELECT slug FROM"
     " new.tutorial);"},
    {"sponsor",
     "sponsor",
     EVENT_LINE_REMOVED_SPONSOR,
     "sponsor",
     "SELECT (SELECT count(*) FROM main.lead WHERE sponsor_slug = ?1),"
     " (SELECT count(*) FROM main.scan WHERE mode = 'leads' AND target ="
     " ?1), (SELECT count(*) FROM main.station_file WHERE role = 'leads:' ||"
     " ?1)",
     {"leads", "lead scans", "station files"},
     "SELECT n.slug, o.name, n.name, o.id IS NULL FROM new.sponsor n LEFT"
     " JOIN main.sponsor o USING (slug) WHERE o.id IS NULL OR o.name IS NOT"
     " n.name ORDER BY n.slug",
     sponsor_row,
     "UPDATE main.sponsor AS o SET name = n.name FROM new.sponsor n WHERE"
     " n.slug = o.slug AND o.name IS NOT n.name;"
     "INSERT INTO main.sponsor (slug, name) SELECT slug, name FROM new.sponsor"
     " WHERE slug NOT IN (SELECT slug FROM main.sponsor) ORDER BY id;"
     "DELETE FROM main.sponsor WHERE slug NOT IN (SELECT slug FROM"
     " new.sponsor);"},
};

/* `ini` no longer lists `k`'s row `slug`, which `n` rows of its
 * `ref`th kind (ref_names) refer to: one whole sentence for each. */
static int removal_refused(struct upd *u, const struct kind *k, int ref,
                           const char *slug, long n)
{
    switch ((int)(k - KINDS) * 4 + ref) { /* KINDS' order */
    case 0:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the ticket type %s, but registrations in %s "
            "refer "
            "to it (%ld), so it cannot be removed; put its [ticket-type "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    case 4:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the tutorial %s, but registrations in %s refer "
            "to it (%ld), so it cannot be removed; put its [tutorial "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    case 5:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the tutorial %s, but tutorial tickets in %s "
            "refer "
            "to it (%ld), so it cannot be removed; put its [tutorial "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    case 6:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the tutorial %s, but print jobs in %s refer "
            "to it (%ld), so it cannot be removed; put its [tutorial "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    case 7:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the tutorial %s, but door scans in %s refer "
            "to it (%ld), so it cannot be removed; put its [tutorial "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    case 8:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the sponsor %s, but leads in %s refer "
            "to it (%ld), so it cannot be removed; put its [sponsor "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    case 9:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the sponsor %s, but lead scans in %s refer "
            "to it (%ld), so it cannot be removed; put its [sponsor "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    default:
        return ck_fail(
            u->err, CK_EINVAL,
            "%s no longer lists the sponsor %s, but station files in %s refer "
            "to it (%ld), so it cannot be removed; put its [sponsor "
            "%s] section back and run 'checkin event' again.",
            u->ini, slug, u->db_path, n, slug);
    }
}

/* Refuse removing a row something refers to; list the others in
 * `removed` (slugs, for the report). */
static int check_removals(struct upd *u, const struct kind *k)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT slug, id FROM main.%s WHERE slug NOT IN (SELECT slug "
             "FROM new.%s) ORDER BY slug",
             k->table, k->table);
    sqlite3_stmt *q, *refs = NULL;
    int code = prepare(u, sql, &q);
    if (!code)
        code = prepare(u, k->refs, &refs);
    int rc = SQLITE_DONE;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        sqlite3_bind_text(refs, 1, col(q, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(refs, 2, sqlite3_column_int64(q, 1));
        int r2 = sqlite3_step(refs);
        if (r2 != SQLITE_ROW) {
            code = store_sqlite_fail(u->s, r2, WHAT, u->err);
            break;
        }
        for (int i = 0; i < 4 && k->ref_names[i]; i++) {
            long n = (long)sqlite3_column_int64(refs, i);
            if (n > 0) {
                code = removal_refused(u, k, i, col(q, 0), n);
                break;
            }
        }
        sqlite3_reset(refs);
    }
    sqlite3_finalize(refs);
    if (code) {
        sqlite3_finalize(q);
        return code;
    }
    return finish(u, q, rc);
}

static int report_removed(struct upd *u, const struct kind *k)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT slug FROM main.%s WHERE slug NOT IN (SELECT slug FROM "
             "new.%s) ORDER BY slug",
             k->table, k->table);
    sqlite3_stmt *q;
    int code = prepare(u, sql, &q);
    int rc = SQLITE_DONE;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct line l;
        line_start(&l, k->removed, col(q, 0));
        code = add_line(u, &l);
    }
    if (code) {
        sqlite3_finalize(q);
        return code;
    }
    return finish(u, q, rc);
}

/* Each kind's rows added or changed reported and written, then those the
 * file no longer names. */
static int write_kinds(struct upd *u)
{
    int code = CK_OK;
    for (size_t i = 0; !code && i < sizeof(KINDS) / sizeof(KINDS[0]); i++) {
        code = report_rows(u, KINDS[i].changes, KINDS[i].row);
        if (!code)
            code = report_removed(u, &KINDS[i]);
        if (!code)
            code = exec(u, KINDS[i].write);
    }
    sqlite3_finalize(u->tutorial_ins);
    u->tutorial_ins = NULL;
    return code;
}

/* The pretix item mapping, compared as "T:SLUG" (a ticket type's) or
 * "U:SLUG" (a tutorial's) per item; run before the rows it names are
 * removed. */
static const char MAPPING[] =
    "WITH o AS (SELECT s.item, CASE WHEN s.ticket_type_id IS NOT NULL THEN"
    " 'T:' || tt.slug ELSE 'U:' || t.slug END AS what FROM"
    " main.source_item s LEFT JOIN main.ticket_type tt ON tt.id ="
    " s.ticket_type_id LEFT JOIN main.tutorial t ON t.id = s.tutorial_id"
    " WHERE s.source = 'pretix'),"
    " n AS (SELECT s.item, CASE WHEN s.ticket_type_id IS NOT NULL THEN"
    " 'T:' || tt.slug ELSE 'U:' || t.slug END AS what FROM"
    " new.source_item s LEFT JOIN new.ticket_type tt ON tt.id ="
    " s.ticket_type_id LEFT JOIN new.tutorial t ON t.id = s.tutorial_id"
    " WHERE s.source = 'pretix'),"
    " k AS (SELECT item FROM o UNION SELECT item FROM n)"
    " SELECT k.item, o.what, n.what FROM k LEFT JOIN o USING (item) LEFT"
    " JOIN n USING (item) WHERE o.what IS NOT n.what ORDER BY"
    " length(k.item), k.item";

/* The slug of a MAPPING side ("T:SLUG"), NULL for none; *tutorial if it
 * is a tutorial's. */
static const char *mapped(sqlite3_stmt *q, int i, bool *tutorial)
{
    const char *w = col_or_null(q, i);
    *tutorial = w && w[0] == 'U';
    return w && strlen(w) >= 2 ? w + 2 : w;
}

static int mapping_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    (void)u;
    line_start(l, EVENT_LINE_PRETIX_ITEM, col(q, 0));
    bool was_tutorial, is_tutorial;
    const char *was = mapped(q, 1, &was_tutorial),
               *is = mapped(q, 2, &is_tutorial);
    long long n = (was_tutorial ? 1 : 0) | (is_tutorial ? 2 : 0);
    part(l,
         !was  ? EVENT_CHANGE_MAPPED
         : !is ? EVENT_CHANGE_UNMAPPED
               : EVENT_CHANGE_REMAPPED,
         n, was, is, NULL, NULL);
    return CK_OK;
}

static int setting_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    (void)u;
    /* "pretix.pronouns-question" under pretix, "csv.column.email" under
     * csv */
    line_start(l, EVENT_LINE_SETTING, col(q, 0));
    change(l, EVENT_CHANGE_VALUE, col_or_null(q, 1), col_or_null(q, 2));
    return CK_OK;
}

static int settings(struct upd *u)
{
    int code = report_rows(
        u,
        /* The acknowledgements' languages are said as theirs (ACKS). */
        "WITH o AS (SELECT key, value FROM main.setting WHERE key LIKE"
        " 'pretix.%' OR key LIKE 'csv.%' OR key LIKE 'open-spaces.%' OR key ="
        " 'desks.plan' OR key = 'sprints.days' OR key = 'auction.plan'), n AS"
        " (SELECT key, value FROM new.setting WHERE key NOT LIKE 'ack.%'), k AS"
        " (SELECT key FROM o UNION SELECT key FROM n)"
        " SELECT k.key, o.value, n.value FROM k LEFT JOIN o USING"
        " (key) LEFT JOIN n USING (key) WHERE o.value IS NOT n.value ORDER BY"
        " k.key",
        setting_row);
    if (!code)
        code = exec(u, "DELETE FROM main.setting WHERE key LIKE 'pretix.%'"
                       " OR key LIKE 'csv.%' OR key LIKE 'open-spaces.%'"
                       " OR key = 'desks.plan' OR key = 'sprints.days'"
                       " OR key = 'auction.plan' OR key LIKE 'ack.%';"
                       "INSERT INTO main.setting (key, value) SELECT key,"
                       " value FROM new.setting;");
    return code;
}

/* ---- check-in lists and ticket types' days (issue 29) ---- */

/* A list as one row of comparable text, in schema X. */
#define LIST_SIG(X)                                                            \
    "SELECT l.slug, l.title, l.once, l.exits, l.room, coalesce(l.capacity,"    \
    " 0) AS capacity, (SELECT group_concat(what || '=' || value, ', ') FROM"   \
    " (SELECT what, value FROM " X ".list_who w WHERE w.list_id = l.id ORDER"  \
    " BY 1, 2)) AS who, (SELECT group_concat(starts_at || '-' || ends_at,"     \
    " ',') FROM (SELECT starts_at, ends_at FROM " X ".list_window w WHERE"     \
    " w.list_id = l.id ORDER BY 1)) AS windows, (SELECT group_concat(what ||"  \
    " coalesce(':' || question, ''), ', ') FROM (SELECT what, question FROM"   \
    " " X ".list_show s WHERE s.list_id = l.id ORDER BY position)) AS show,"   \
    " (SELECT group_concat(variation || ':' || stock, ', ') FROM (SELECT"      \
    " variation, stock FROM " X ".list_stock k WHERE k.list_id = l.id ORDER"   \
    " BY 1)) AS stock FROM " X ".checkin_list l"

static const char LISTS[] = "WITH o AS (" LIST_SIG("main") "), n AS (" LIST_SIG(
    "new") "),"
           " k AS (SELECT slug FROM o UNION SELECT slug FROM n)"
           " SELECT k.slug, o.slug IS NOT NULL, n.slug IS NOT NULL, o.title,"
           " n.title, o.once, n.once, o.exits, n.exits, o.room, n.room,"
           " o.capacity, n.capacity, o.who, n.who, o.windows, n.windows, "
           "o.show,"
           " n.show, o.stock, n.stock, (SELECT count(*) FROM main.live_scan s "
           "WHERE s.mode = "
           "'door'"
           " AND s.target = k.slug) FROM k LEFT JOIN o USING (slug) LEFT JOIN n"
           " USING (slug) WHERE (o.title, o.once, o.exits, o.room, o.capacity,"
           " o.who, o.windows, o.show, o.stock) IS NOT (n.title, n.once,"
           " n.exits, n.room, n.capacity, n.who, n.windows, n.show, n.stock)"
           " ORDER BY k.slug";

/* One line per list added, removed or changed ("list tshirt: once
 * per-person -> per-day; who item=302 -> item=302:12").  A list removed
 * after its door scanned is refused: its rows would name no list. */
static int list_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    static const enum event_change_what what[] = {
        EVENT_CHANGE_TITLE, EVENT_CHANGE_ONCE,     EVENT_CHANGE_EXITS,
        EVENT_CHANGE_ROOM,  EVENT_CHANGE_CAPACITY, EVENT_CHANGE_WHO,
        EVENT_CHANGE_HOURS, EVENT_CHANGE_SHOW,     EVENT_CHANGE_STOCK};
    const char *slug = col(q, 0);
    bool was = sqlite3_column_int(q, 1), is = sqlite3_column_int(q, 2);
    line_start(l, EVENT_LINE_LIST, slug);
    long long scans = sqlite3_column_int64(q, 21);
    if (was && !is && scans == 1)
        return ck_fail(u->err, CK_EINVAL,
                       "%s no longer has [list %s], but its door has "
                       "scanned once; keep the section (an empty list "
                       "admits nobody: set once and no one in it), then run "
                       "checkin event again.",
                       u->ini, slug);
    if (was && !is && scans > 0)
        return ck_fail(u->err, CK_EINVAL,
                       "%s no longer has [list %s], but its door has "
                       "scanned %lld times; keep the section (an empty "
                       "list admits nobody: set once and no one in it), "
                       "then run checkin event again.",
                       u->ini, slug, scans);
    if (!was)
        change(l, EVENT_CHANGE_ADDED, NULL, NULL);
    else if (!is)
        change(l, EVENT_CHANGE_REMOVED, NULL, NULL);
    else
        for (int i = 0; i < 9; i++)
            if (strcmp(col(q, 3 + 2 * i), col(q, 4 + 2 * i)))
                change(l, what[i], col_or_empty(q, 3 + 2 * i),
                       col_or_empty(q, 4 + 2 * i));
    return CK_OK;
}

/* Ticket types whose days changed, one line each. */
static int days_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    (void)u;
    line_start(l, EVENT_LINE_TICKET_TYPE, col(q, 0));
    change(l, EVENT_CHANGE_DAYS, col_or_null(q, 1), col_or_null(q, 2));
    return CK_OK;
}

static int days_report(struct upd *u)
{
    return report_rows(
        u,
        "WITH o AS (SELECT t.slug, group_concat(d.day, ', ') AS days FROM"
        " (SELECT * FROM main.ticket_type_day ORDER BY day) d JOIN"
        " main.ticket_type t ON t.id = d.ticket_type_id GROUP BY t.slug),"
        " n AS (SELECT t.slug, group_concat(d.day, ', ') AS days FROM"
        " (SELECT * FROM new.ticket_type_day ORDER BY day) d JOIN"
        " new.ticket_type t ON t.id = d.ticket_type_id GROUP BY t.slug),"
        " k AS (SELECT slug FROM o UNION SELECT slug FROM n)"
        " SELECT k.slug, o.days, n.days FROM k LEFT JOIN o USING (slug)"
        " LEFT JOIN n USING (slug) WHERE o.days IS NOT n.days ORDER BY"
        " k.slug",
        days_row);
}

/* Replace the lists and the days with the file's, by slug: a running
 * door reads its list again at each decision (kind_door.c). */
static int lists_apply(struct upd *u)
{
    return exec(
        u, "DELETE FROM main.list_who; DELETE FROM main.list_window;"
           " DELETE FROM main.list_show; DELETE FROM main.list_stock;"
           /* A list removed takes its imported invitations with it. */
           " DELETE FROM main.list_invitee WHERE list_id IN (SELECT id FROM"
           " main.checkin_list WHERE slug NOT IN (SELECT slug FROM"
           " new.checkin_list));"
           " DELETE FROM main.checkin_list WHERE slug NOT IN (SELECT slug FROM"
           " new.checkin_list);"
           " INSERT INTO main.checkin_list (slug, title, once, exits, room,"
           " capacity) SELECT slug, title, once, exits, room, capacity FROM"
           " new.checkin_list WHERE true ON CONFLICT (slug) DO UPDATE SET"
           " title = excluded.title, once = excluded.once, exits ="
           " excluded.exits, room = excluded.room, capacity ="
           " excluded.capacity;"
           " INSERT INTO main.list_who SELECT m.id, w.what, w.value FROM"
           " new.list_who w JOIN new.checkin_list x ON x.id = w.list_id JOIN"
           " main.checkin_list m ON m.slug = x.slug;"
           " INSERT INTO main.list_window SELECT m.id, w.starts_at, w.ends_at"
           " FROM new.list_window w JOIN new.checkin_list x ON x.id ="
           " w.list_id JOIN main.checkin_list m ON m.slug = x.slug;"
           " INSERT INTO main.list_show SELECT m.id, s.position, s.what,"
           " s.question FROM new.list_show s JOIN new.checkin_list x ON x.id ="
           " s.list_id JOIN main.checkin_list m ON m.slug = x.slug;"
           " INSERT INTO main.list_stock SELECT m.id, k.variation, k.stock"
           " FROM new.list_stock k JOIN new.checkin_list x ON x.id ="
           " k.list_id JOIN main.checkin_list m ON m.slug = x.slug;"
           " INSERT INTO main.ticket_type_day SELECT m.id, d.day FROM"
           " new.ticket_type_day d JOIN new.ticket_type x ON x.id ="
           " d.ticket_type_id JOIN main.ticket_type m ON m.slug = x.slug;");
}

/* ---- acknowledgements (issue 55) ---- */

/* The acknowledgements of each side, questions "ack:SLUG" asked 'A', with
 * their languages (the settings "ack.SLUG.TAG", checkin/ack.h). */
/* clang-format off */
#define ACK_LANGS(X) \
    "(SELECT group_concat(key || '=' || value, ';') FROM (SELECT key, value" \
    " FROM " X ".setting WHERE key LIKE 'ack.' || substr(identifier, 5) ||" \
    " '.%' ORDER BY key))"
static const char ACKS[] =
    "WITH o AS (SELECT substr(identifier, 5) AS slug, label, detail, "
    ACK_LANGS("main") " AS langs FROM main.question WHERE ask = 'A'),"
    " n AS (SELECT substr(identifier, 5) AS slug, label, detail, "
    ACK_LANGS("new") " AS langs FROM new.question WHERE ask = 'A'),"
    " k AS (SELECT slug FROM o UNION SELECT slug FROM n)"
    " SELECT k.slug, o.slug IS NOT NULL, n.slug IS NOT NULL, o.label,"
    " n.label, o.detail, n.detail, o.langs IS NOT n.langs FROM k LEFT JOIN"
    " o USING (slug) LEFT JOIN n USING (slug) WHERE (o.label, o.detail,"
    " o.langs) IS NOT (n.label, n.detail, n.langs) ORDER BY k.slug";
/* clang-format on */

/* "acknowledgement coc: added", "removed" or what changed. */
static int ack_row(struct upd *u, sqlite3_stmt *q, struct line *l)
{
    (void)u;
    line_start(l, EVENT_LINE_ACK, col(q, 0));
    bool was = sqlite3_column_int(q, 1), is = sqlite3_column_int(q, 2);
    if (!was)
        change(l, EVENT_CHANGE_ADDED, NULL, NULL);
    else if (!is)
        change(l, EVENT_CHANGE_REMOVED, NULL, NULL);
    if (was && is && strcmp(col(q, 3), col(q, 4)))
        change(l, EVENT_CHANGE_TITLE, col(q, 3), col(q, 4));
    if (was && is && strcmp(col(q, 5), col(q, 6)))
        change(l, EVENT_CHANGE_TEXT, NULL, NULL);
    if (was && is && sqlite3_column_int(q, 7))
        change(l, EVENT_CHANGE_LANGUAGES, NULL, NULL);
    return CK_OK;
}

/* One removed is no longer asked, its row kept: the journal's answers
 * name it. */
static int acks_apply(struct upd *u)
{
    return exec(
        u, "UPDATE main.question SET ask = NULL, required = 0 WHERE ask ="
           " 'A' AND identifier NOT IN (SELECT identifier FROM new.question"
           " WHERE ask = 'A');"
           " INSERT INTO main.question (identifier, label, ask, required,"
           " detail) SELECT identifier, label, 'A', 1, detail FROM"
           " new.question WHERE ask = 'A' ORDER BY rowid ON CONFLICT"
           " (identifier) DO UPDATE SET label = excluded.label, ask = 'A',"
           " required = 1, detail = excluded.detail;");
}

static int apply(struct upd *u)
{
    struct line ev = {0};
    struct event_update_report mapping = {0}, *report = u->out;
    int code = check_not_station(u);
    if (!code)
        code = check_event(u, &ev);
    for (size_t i = 0; !code && i < sizeof(KINDS) / sizeof(KINDS[0]); i++)
        code = check_removals(u, &KINDS[i]);
    if (!code)
        code = line_done(u, &ev);
    else
        line_free(&ev.l);
    if (!code)
        code = exec(u, "UPDATE main.event AS o SET name = n.name, first_day ="
                       " n.first_day, last_day = n.last_day, timezone ="
                       " n.timezone FROM new.event n WHERE (o.name,"
                       " o.first_day, o.last_day, o.timezone) IS NOT (n.name,"
                       " n.first_day, n.last_day, n.timezone);");
    /* The mapping goes first and comes back last: it names the ticket
     * types and tutorials by id. */
    if (!code) {
        u->out = &mapping; /* reported last, read before it changes */
        code = report_rows(u, MAPPING, mapping_row);
        u->out = report;
    }
    if (!code)
        code = exec(u, "DELETE FROM main.source_item WHERE source = 'pretix'");
    if (!code)
        code = days_report(u);
    if (!code)
        code = exec(u, "DELETE FROM main.ticket_type_day");
    if (!code)
        code = write_kinds(u);
    if (!code)
        code = report_rows(u, LISTS, list_row);
    if (!code)
        code = lists_apply(u);
    if (!code)
        code = report_rows(u, ACKS, ack_row);
    if (!code)
        code = acks_apply(u);
    if (!code)
        code = exec(u, "INSERT INTO main.source_item (source, item,"
                       " ticket_type_id, tutorial_id) SELECT 'pretix', s.item,"
                       " (SELECT m.id FROM main.ticket_type m JOIN"
                       " new.ticket_type x USING (slug) WHERE x.id ="
                       " s.ticket_type_id), (SELECT m.id FROM main.tutorial m"
                       " JOIN new.tutorial x USING (slug) WHERE x.id ="
                       " s.tutorial_id) FROM new.source_item s WHERE s.source"
                       " = 'pretix'");
    for (size_t i = 0; !code && i < mapping.n; i++) {
        struct line l = {.l = mapping.lines[i]};
        memset(&mapping.lines[i], 0, sizeof(mapping.lines[i]));
        code = add_line(u, &l);
    }
    event_update_report_free(&mapping);
    if (!code)
        code = settings(u);
    return code;
}

int event_update(store *s, const char *ini_path,
                 struct event_update_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (store_is_own_file(s, ini_path))
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database itself, not an event "
                       "description; give the EVENT.ini file.",
                       ini_path);
    struct upd u = {.s = s,
                    .db = store_db(s),
                    .ini = ini_path,
                    .db_path = store_path(s),
                    .out = out,
                    .err = err};
    char *data;
    size_t len;
    int code = read_ini(ini_path, &data, &len, err);
    if (code)
        return code;
    code = attach_new(&u, data, len);
    free(data);
    if (!code) {
        code = store_begin(s, err);
        if (!code) {
            code = apply(&u);
            if (code)
                store_rollback(s);
            else
                code = store_commit(s, err);
        }
    }
    sqlite3_exec(u.db, "DETACH DATABASE new", NULL, NULL, NULL);
    if (code)
        event_update_report_free(out);
    return code;
}
