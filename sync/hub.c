/* The organizer's side of the hub: making it from the event database,
 * enrolling stations, and reporting on them.  Each station gets a random
 * identity and its own PostgreSQL role (a member of the hub's station
 * group role); the hub's row-level security (hub_schema.c) decides what
 * each role may read and write.  Not the sync itself (sync.c). */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/atomic_file.h"
#include "checkin/credential.h"
#include "checkin/export.h"
#include "checkin/hub.h"
#include "checkin/phone_token.h"
#include "checkin/text.h"
#include "hub_schema.h"
#include "pg.h"
#include "sync_priv.h"

/* Open the event database and the hub it was published to. */
static int open_organizer(const char *event_path, struct local *l,
                          struct local_hub *hub, PGconn **pg,
                          struct ck_error *err)
{
    *pg = NULL;
    int code = local_open(event_path, false, l, err);
    if (code)
        return code;
    code = local_hub(l, hub, err);
    if (!code && !hub->enrolled)
        code = ck_fail(err, CK_EINVAL,
                       "%s is not published to a hub; run 'checkin hub init "
                       "%s URL' first.",
                       event_path, event_path);
    if (!code && strcmp(hub->role, "organizer"))
        code = ck_fail(err, CK_EINVAL,
                       "%s is a station's file (%s), not the event "
                       "database; run this on the organizer's event "
                       "database.",
                       event_path, hub->name);
    if (!code)
        code = pg_connect(hub->conninfo, "the hub", pg, err);
    if (code)
        local_close(l);
    return code;
}

/* Replace every "@G" in `sql` with `group`; caller frees. */
static char *with_group(const char *sql, const char *group)
{
    size_t n = 0, glen = strlen(group);
    for (const char *p = strstr(sql, "@G"); p; p = strstr(p + 2, "@G"))
        n++;
    char *out = malloc(strlen(sql) + n * glen + 1);
    if (!out)
        return NULL;
    char *w = out;
    for (const char *p = sql;;) {
        const char *at = strstr(p, "@G");
        size_t len = at ? (size_t)(at - p) : strlen(p);
        memcpy(w, p, len);
        w += len;
        if (!at)
            break;
        memcpy(w, group, glen);
        w += glen;
        p = at + 2;
    }
    *w = '\0';
    return out;
}

/* Run `fmt` with one quoted identifier `ident` (a role name of ours). */
static int exec_ident(PGconn *pg, const char *fmt, const char *ident,
                      const char *what, struct ck_error *err)
{
    char *q = PQescapeIdentifier(pg, ident, strlen(ident));
    if (!q)
        return ck_fail(err, CK_ENOMEM, "Out of memory while %s.", what);
    char *sql = with_group(fmt, q);
    PQfreemem(q);
    if (!sql)
        return ck_fail(err, CK_ENOMEM, "Out of memory while %s.", what);
    int code = pg_exec(pg, sql, what, err);
    free(sql);
    return code;
}

/* The statements of one transaction on the hub (in_transaction). */
typedef int (*tx_body)(PGconn *pg, void *arg, struct ck_error *err);

/* Run `body` in one transaction on the hub: BEGIN, the body, COMMIT, or
 * ROLLBACK at its first failure.  When PostgreSQL broke it off on a
 * conflict with another session (a deadlock, pg_failed_on_conflict),
 * nothing of it was kept and it is run again, `tries` times at most. */
static int in_transaction(PGconn *pg, int tries, tx_body body, void *arg,
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

/* The step from format f - 1 to f is STEPS[f - 2]. */
static const char *const STEPS[] = {
    HUB_UPGRADE_2,  HUB_UPGRADE_3,  HUB_UPGRADE_4,  HUB_UPGRADE_5,
    HUB_UPGRADE_6,  HUB_UPGRADE_7,  HUB_UPGRADE_8,  HUB_UPGRADE_9,
    HUB_UPGRADE_10, HUB_UPGRADE_11, HUB_UPGRADE_12, HUB_UPGRADE_13,
    HUB_UPGRADE_14, HUB_UPGRADE_15, HUB_UPGRADE_16, HUB_UPGRADE_17,
    HUB_UPGRADE_18, HUB_UPGRADE_19, HUB_UPGRADE_20};

static int upgrade_steps(PGconn *pg, void *arg, struct ck_error *err);

int hub_upgrade(PGconn *pg, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                        "reading the hub's format", err);
    if (code)
        return code;
    int format = PQntuples(r) == 1 ? (int)strtol(PQgetvalue(r, 0, 0), NULL, 10)
                                   : HUB_FORMAT;
    PQclear(r);
    if (format > HUB_FORMAT)
        return ck_fail(err, CK_EVERSION,
                       "The hub was made by a newer checkin (format %d, this "
                       "one knows %d); upgrade checkin on this laptop.",
                       format, HUB_FORMAT);
    if (format == HUB_FORMAT)
        return CK_OK;
    /* A hub made by an earlier checkin: the organizer's role owns the
     * schema and brings it to this format, once (the row lock keeps a
     * second organizer process from doing it twice).  Its DDL takes each
     * table's strongest lock in turn while stations read them, so
     * PostgreSQL may break a deadlock by cancelling it: nothing of it is
     * kept, and it is run again, a few times. */
    return in_transaction(pg, 5, upgrade_steps, NULL, "upgrading the hub", err);
}

static int upgrade_steps(PGconn *pg, void *arg, struct ck_error *err)
{
    (void)arg;
    PGresult *r;
    int code = pg_query(pg,
                        "SELECT format, role_prefix || '_station' FROM"
                        " checkin.hub FOR UPDATE",
                        0, NULL, &r, "upgrading the hub", err);
    if (!code) {
        /* Each step from the format the hub is at (read again under the
         * lock) to this one. */
        long at = PQntuples(r) == 1 ? strtol(PQgetvalue(r, 0, 0), NULL, 10)
                                    : HUB_FORMAT;
        for (long f = at + 1; f <= HUB_FORMAT && f >= 2 && !code; f++)
            if (STEPS[f - 2])
                code = exec_ident(pg, STEPS[f - 2], PQgetvalue(r, 0, 1),
                                  "upgrading the hub", err);
        PQclear(r);
    }
    return code;
}

/* Remember the hub in the event database (a fresh start of what sync
 * noted, should an older hub have been forgotten). */
static int remember_hub(struct local *l, const char *url, const char *uid,
                        const char *slug, struct ck_error *err)
{
    int code = local_begin(l, err);
    if (!code)
        code = local_exec(l,
                          "DELETE FROM sync_cursor; DELETE FROM sync_run;"
                          "DELETE FROM sync_lead; DELETE FROM sync_badge;"
                          "DELETE FROM sync_job; DELETE FROM sync_reg;"
                          "DELETE FROM sync_change;",
                          "remembering the hub", err);
    sqlite3_stmt *q = NULL;
    if (!code)
        code = local_prepare(l,
                             "INSERT OR REPLACE INTO sync_hub (id, conninfo,"
                             " role, station_uid, name, event_uid, "
                             "enrolled_ms) VALUES (1, ?1, 'organizer', "
                             "'organizer', ?2, ?3, ?4)",
                             &q, "remembering the hub", err);
    if (!code) {
        sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, slug, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 4, store_now_ms());
        code = local_done(l, q, "remembering the hub", err);
        sqlite3_finalize(q);
    }
    if (!code)
        code = local_commit(l, err);
    else
        local_rollback(l);
    return code;
}

struct new_hub {
    const char *uid, *slug, *name;
    char prefix[32];
};

/* The hub's group role, schema and row (in_transaction). */
static int make_hub(PGconn *pg, void *arg, struct ck_error *err)
{
    const struct new_hub *h = arg;
    char group[48];
    snprintf(group, sizeof(group), "%s_station", h->prefix);
    int code =
        exec_ident(pg, "CREATE ROLE @G NOLOGIN", group, "making the hub", err);
    if (!code)
        code = exec_ident(pg, HUB_SCHEMA, group, "making the hub", err);
    /* The formats after HUB_SCHEMA's, each as its step (hub_schema_steps.c):
     * a hub made new holds what one upgraded step by step holds. */
    for (int f = HUB_SCHEMA_FORMAT + 1; f <= HUB_FORMAT && !code; f++)
        code = exec_ident(pg, STEPS[f - 2], group, "making the hub", err);
    if (code)
        return code;
    char fmt[16], now[32];
    snprintf(fmt, sizeof(fmt), "%d", HUB_FORMAT);
    snprintf(now, sizeof(now), "%lld", (long long)store_now_ms());
    const char *params[6] = {h->uid, h->slug, h->name, fmt, h->prefix, now};
    PGresult *r;
    code = pg_query(pg,
                    "INSERT INTO checkin.hub (id, event_uid, slug, name,"
                    " format, role_prefix, created_ms) VALUES (1, $1, $2,"
                    " $3, $4, $5, $6)",
                    6, params, &r, "making the hub", err);
    PQclear(r);
    return code;
}

int hub_init(const char *event_path, const char *url, struct sync_report *out,
             struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    struct local l;
    int code = local_open(event_path, true, &l, err);
    if (code)
        return code;
    struct local_hub hub;
    PGconn *pg = NULL;
    PGresult *r = NULL;
    char uid[64], slug[64], name[256], where[256];
    code = local_hub(&l, &hub, err);
    if (!code && hub.enrolled && strcmp(hub.role, "organizer"))
        code = ck_fail(err, CK_EINVAL,
                       "%s is a station's file (%s), not the event "
                       "database; run 'checkin hub init' on the organizer's "
                       "event database.",
                       event_path, hub.name);
    else if (!code && hub.enrolled)
        code = ck_fail(err, CK_EINVAL,
                       "%s is published to a hub already; 'checkin sync %s' "
                       "publishes its changes there.",
                       event_path, event_path);
    if (!code)
        code = local_event(&l, uid, sizeof(uid), slug, sizeof(slug), name,
                           sizeof(name), err);
    if (code)
        goto out;
    /* A sponsor's station file carries its role in `setting`. */
    sqlite3_stmt *q;
    code = local_prepare(&l, "SELECT 1 FROM setting WHERE key = 'station_role'",
                         &q, "reading the event", err);
    if (code)
        goto out;
    bool booth = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    if (booth) {
        code = ck_fail(err, CK_EINVAL,
                       "%s is a sponsor station's file, not the event "
                       "database; run 'checkin hub init' on the organizer's "
                       "event database.",
                       event_path);
        goto out;
    }
    code = pg_connect(url, "the hub", &pg, err);
    if (code)
        goto out;
    pg_where(pg, where, sizeof(where));
    code = pg_query(pg,
                    "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname"
                    " = 'checkin'), (SELECT rolsuper OR rolcreaterole FROM"
                    " pg_roles WHERE rolname = current_user)",
                    0, NULL, &r, "looking at the database", err);
    if (code)
        goto out;
    bool exists = strcmp(PQgetvalue(r, 0, 0), "0") != 0;
    bool may = PQgetvalue(r, 0, 1)[0] == 't';
    PQclear(r);
    r = NULL;
    if (exists) {
        /* A hub of this very event that the event database forgot (an
         * init that failed after making it) is taken up again. */
        code = pg_query(pg, "SELECT event_uid FROM checkin.hub", 0, NULL, &r,
                        "looking at the database", err);
        if (code)
            goto out;
        bool ours = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), uid);
        PQclear(r);
        r = NULL;
        if (!ours) {
            code = ck_fail(err, CK_EINVAL,
                           "The %s holds another event's hub; give 'checkin "
                           "hub init' an empty database (createdb NAME).",
                           where);
            goto out;
        }
    } else {
        if (!may) {
            code = ck_fail(err, CK_EINVAL,
                           "The role connecting to the %s may not create "
                           "roles, and every station gets one; connect as "
                           "a role with CREATEROLE (ALTER ROLE NAME "
                           "CREATEROLE) or as the database's superuser.",
                           where);
            goto out;
        }
        struct new_hub h = {.uid = uid, .slug = slug, .name = name};
        char rnd[16];
        sync_random_hex(rnd, 5);
        snprintf(h.prefix, sizeof(h.prefix), "ck_%s", rnd);
        code = in_transaction(pg, 1, make_hub, &h, "making the hub", err);
        if (code)
            goto out;
    }
    code = remember_hub(&l, url, uid, slug, err);
    if (!code)
        code = local_hub(&l, &hub, err);
    if (!code)
        code = sync_with(&l, &hub, pg, true, NULL, NULL, out, err);
out:
    PQclear(r);
    PQfinish(pg);
    local_close(&l);
    return code;
}

/* ---- stations ---------------------------------------------------------- */

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 63)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == ':' ||
              ch == '-'))
            return false;
    }
    return true;
}

/* Append keyword='value' (libpq's quoting) to `out`. */
static void add_kv(char *out, size_t cap, const char *key, const char *val)
{
    size_t n = strlen(out);
    if (n + 4 + strlen(key) >= cap)
        return;
    n += (size_t)snprintf(out + n, cap - n, "%s%s='", n ? " " : "", key);
    for (const char *p = val; *p && n + 3 < cap; p++) {
        if (*p == '\'' || *p == '\\')
            out[n++] = '\\';
        out[n++] = *p;
    }
    if (n + 2 < cap) {
        out[n++] = '\'';
        out[n] = '\0';
    }
}

/* The station's connection string: the organizer's host, port and
 * options (or `host`), the hub's database, the station's role. */
static int station_conninfo(PGconn *pg, const char *organizer_url,
                            const char *host, const char *role,
                            const char *password, char *out, size_t cap,
                            struct ck_error *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(organizer_url, &perr);
    PQfreemem(perr);
    if (!opts)
        return ck_fail(err, CK_EINVAL,
                       "The hub's connection string in the event database "
                       "no longer parses; run 'checkin hub init' again.");
    out[0] = '\0';
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !*o->val || !strcmp(o->keyword, "user") ||
            !strcmp(o->keyword, "password") ||
            !strcmp(o->keyword, "passfile") || !strcmp(o->keyword, "dbname") ||
            (host &&
             (!strcmp(o->keyword, "host") || !strcmp(o->keyword, "hostaddr"))))
            continue;
        add_kv(out, cap, o->keyword, o->val);
    }
    PQconninfoFree(opts);
    if (host)
        add_kv(out, cap, "host", host);
    add_kv(out, cap, "dbname", PQdb(pg));
    add_kv(out, cap, "user", role);
    add_kv(out, cap, "password", password);
    return CK_OK;
}

/* Make a desk's or door's file at `path`: the event description only;
 * registrations, badges and the journal come from the hub. */
static int make_station_file(struct local *ev, const char *path,
                             struct ck_error *err)
{
    store *s;
    int code = store_open(path, STORE_CREATE, &s, err);
    if (code)
        return code;
    store_close(s);
    struct local l;
    code = local_open(path, true, &l, err);
    if (code)
        return code;
    sqlite3_stmt *q;
    code = local_prepare(&l, "ATTACH DATABASE ?1 AS ev", &q,
                         "reading the event", err);
    if (!code) {
        sqlite3_bind_text(q, 1, ev->path, -1, SQLITE_STATIC);
        code = local_done(&l, q, "reading the event", err);
        sqlite3_finalize(q);
    }
    if (!code)
        code = local_begin(&l, err);
    if (!code) {
        code = local_exec(
            &l,
            "INSERT INTO main.event SELECT * FROM ev.event;"
            "INSERT INTO main.ticket_type SELECT * FROM ev.ticket_type;"
            "INSERT INTO main.tutorial SELECT * FROM ev.tutorial;"
            "INSERT INTO main.sponsor SELECT * FROM ev.sponsor;"
            "INSERT INTO main.source_item SELECT * FROM ev.source_item;"
            /* Not the organizer's web token nor where it served phones:
             * each station has its own. */
            "INSERT INTO main.setting SELECT * FROM ev.setting WHERE key"
            " NOT IN ('" PHONE_TOKEN_KEY "', '" PHONE_ORIGIN_KEY "');"
            "INSERT INTO main.signing_key SELECT * FROM ev.signing_key;"
            /* The lists (hub format 10 sends their changes): a door of a
             * list decides from its first scan, before its first sync. */
            "INSERT INTO main.ticket_type_day SELECT * FROM"
            " ev.ticket_type_day;"
            "INSERT INTO main.question SELECT * FROM ev.question;"
            "INSERT INTO main.checkin_list SELECT * FROM ev.checkin_list;"
            "INSERT INTO main.list_who SELECT * FROM ev.list_who;"
            "INSERT INTO main.list_window SELECT * FROM ev.list_window;"
            "INSERT INTO main.list_show SELECT * FROM ev.list_show;"
            "INSERT INTO main.list_stock SELECT * FROM ev.list_stock;",
            "copying the event description", err);
        if (!code)
            code = local_commit(&l, err);
        else
            local_rollback(&l);
    }
    sqlite3_exec(l.db, "DETACH DATABASE ev", NULL, NULL, NULL);
    local_close(&l);
    return code;
}

static int write_credentials(const char *path, const char *conninfo,
                             const char *role, const char *uid,
                             const char *name, const char *event_uid,
                             struct ck_error *err)
{
    struct local l;
    int code = local_open(path, true, &l, err);
    if (code)
        return code;
    sqlite3_stmt *q;
    code = local_prepare(&l,
                         "INSERT INTO sync_hub (id, conninfo, role, "
                         "station_uid, name, event_uid, enrolled_ms) VALUES "
                         "(1, ?1, ?2, ?3, ?4, ?5, ?6)",
                         &q, "writing the hub credentials", err);
    if (!code) {
        sqlite3_bind_text(q, 1, conninfo, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, role, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, uid, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, event_uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, store_now_ms());
        code = local_done(&l, q, "writing the hub credentials", err);
        sqlite3_finalize(q);
    }
    /* Checkpoint now: the file is published whole, without a -wal. */
    if (!code)
        code = local_exec(&l, "PRAGMA wal_checkpoint(TRUNCATE)",
                          "writing the station file", err);
    local_close(&l);
    return code;
}

/* A desk's own key pair for the signing keys the organizer seals to it
 * (credential_seal_key): the secret half stays in its file (0600, like
 * its hub password), the public half goes to the hub. */
static int write_box(const char *path, uint8_t pk[crypto_box_PUBLICKEYBYTES],
                     struct ck_error *err)
{
    uint8_t sk[crypto_box_SECRETKEYBYTES];
    crypto_box_keypair(pk, sk);
    struct local l;
    int code = local_open(path, true, &l, err);
    sqlite3_stmt *q = NULL;
    if (!code)
        code = local_prepare(&l,
                             "INSERT INTO sync_box (id, public_key, "
                             "secret_key) VALUES (1, ?1, ?2)",
                             &q, "writing the desk's key pair", err);
    if (!code) {
        sqlite3_bind_blob(q, 1, pk, crypto_box_PUBLICKEYBYTES, SQLITE_STATIC);
        sqlite3_bind_blob(q, 2, sk, sizeof(sk), SQLITE_STATIC);
        code = local_done(&l, q, "writing the desk's key pair", err);
    }
    sqlite3_finalize(q);
    sodium_memzero(sk, sizeof(sk));
    if (!code)
        code = local_exec(&l, "PRAGMA wal_checkpoint(TRUNCATE)",
                          "writing the station file", err);
    local_close(&l);
    return code;
}

/* Whether `slug` names a row of `table` (tutorial, sponsor) in the event. */
static int slug_exists(struct local *l, const char *sql, const char *slug,
                       bool *found, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(l, sql, &q, "reading the event", err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    *found = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    return CK_OK;
}

/* The event's sponsors as booths of expo station `uid`, inside the
 * enrolment's transaction. */
static int add_booths(struct local *l, PGconn *pg, const char *uid,
                      const char *now, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(l, "SELECT slug FROM sponsor ORDER BY slug", &q,
                             "reading the sponsors", err);
    while (!code && sqlite3_step(q) == SQLITE_ROW) {
        const char *params[3] = {uid, (const char *)sqlite3_column_text(q, 0),
                                 now};
        PGresult *r;
        code = pg_query(pg,
                        "INSERT INTO checkin.expo_booth (station_uid,"
                        " sponsor, added_ms) VALUES ($1, $2, $3::bigint)",
                        3, params, &r, "adding the expo station's booths", err);
        PQclear(r);
    }
    sqlite3_finalize(q);
    return code;
}

struct enrolment {
    const char *role_sql; /* CREATE ROLE ... */
    const char *params[7];
    struct local *l; /* an expo station's booths: the event's sponsors */
};

/* The station's role and row (in_transaction). */
static int enroll(PGconn *pg, void *arg, struct ck_error *err)
{
    const struct enrolment *e = arg;
    int code = pg_exec(pg, e->role_sql, "making the station's role", err);
    if (code)
        return code;
    PGresult *r;
    code = pg_query(pg,
                    "INSERT INTO checkin.station (uid, name, kind, target,"
                    " pg_role, enrolled_ms, box_key) VALUES ($1, $2, $3, $4,"
                    " $5, $6, decode(nullif($7, ''), 'hex'))",
                    7, e->params, &r, "enrolling the station", err);
    PQclear(r);
    /* An expo station's booths: every sponsor of the event, the ones its
     * file holds (the organizer may take one off later). */
    if (!code && !strcmp(e->params[2], "expo"))
        code = add_booths(e->l, pg, e->params[0], e->params[5], err);
    return code;
}

int hub_add_station(const char *event_path, const struct hub_station_options *o,
                    struct hub_station_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!valid_name(o->name))
        return ck_fail(err, CK_EINVAL,
                       "A station name is 1 to 63 letters, digits and . _ : "
                       "- (like desk-1); '%s' is not.",
                       o->name);
    char kind[8] = "", target[64] = "";
    if (!strcmp(o->role, "desk")) {
        snprintf(kind, sizeof(kind), "desk");
    } else if (!strncmp(o->role, "door:", 5) && o->role[5]) {
        snprintf(kind, sizeof(kind), "door");
        snprintf(target, sizeof(target), "%s", o->role + 5);
    } else if (!strncmp(o->role, "leads:", 6) && o->role[6]) {
        snprintf(kind, sizeof(kind), "leads");
        snprintf(target, sizeof(target), "%s", o->role + 6);
    } else if (!strcmp(o->role, "expo")) {
        snprintf(kind, sizeof(kind), "expo");
    } else {
        return ck_fail(err, CK_EINVAL,
                       "A station is 'desk', 'door:TUTORIAL', 'door:LIST', "
                       "'leads:SPONSOR' or 'expo'; '%s' is none of them.",
                       o->role);
    }
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    PGresult *r = NULL;
    char uid[64], slug[64], name[256], where[256];
    char conninfo[2048], password[49], prefix[64];
    bool enrolled = false;
    struct atomic_file af = {.fd = -1};
    pg_where(pg, where, sizeof(where));
    code = local_event(&l, uid, sizeof(uid), slug, sizeof(slug), name,
                       sizeof(name), err);
    if (!code && target[0]) {
        bool found;
        code = slug_exists(&l,
                           !strcmp(kind, "door")
                               ? "SELECT 1 FROM tutorial WHERE slug = ?1"
                                 " UNION ALL SELECT 1 FROM checkin_list"
                                 " WHERE slug = ?1 AND slug != ''"
                               : "SELECT 1 FROM sponsor WHERE slug = ?1",
                           target, &found, err);
        if (!code && !found)
            code =
                ck_fail(err, CK_ENOTFOUND,
                        "There is no %s '%s' in %s; 'checkin stats %s' "
                        "lists them.",
                        !strcmp(kind, "door") ? "tutorial or list" : "sponsor",
                        target, event_path, event_path);
    }
    /* An older hub is brought to this format first: the desk's key
     * pair needs its column. */
    if (!code)
        code = hub_upgrade(pg, err);
    if (code)
        goto out;
    const char *nparams[1] = {o->name};
    code = pg_query(pg,
                    "SELECT h.role_prefix, h.event_uid, (SELECT count(*)"
                    " FROM checkin.station WHERE name = $1) FROM"
                    " checkin.hub h",
                    1, nparams, &r, "reading the hub", err);
    if (code)
        goto out;
    if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 1), uid)) {
        code = ck_fail(err, CK_EINVAL,
                       "The hub (%s) serves another event than %s; run "
                       "'checkin hub init' again on an empty database.",
                       where, event_path);
        goto out;
    }
    snprintf(prefix, sizeof(prefix), "%s", PQgetvalue(r, 0, 0));
    out->same_name = strtol(PQgetvalue(r, 0, 2), NULL, 10);
    PQclear(r);
    r = NULL;

    /* A new identity every time: a wiped laptop enrolled again under its
     * old name is a new station, never mistaken for the old one. */
    sync_random_hex(out->uid, 16);
    snprintf(out->pg_role, sizeof(out->pg_role), "%s_%.12s", prefix, out->uid);
    sync_random_hex(password, 24);
    code = station_conninfo(pg, hub.conninfo, o->host, out->pg_role, password,
                            conninfo, sizeof(conninfo), err);
    if (code)
        goto out;

    code = atomic_file_begin_name(&af, o->out_path, ATOMIC_NEW, err);
    if (code)
        goto out;
    if (!strcmp(kind, "leads") || !strcmp(kind, "expo"))
        /* No attendee, no badge id: export_station_db's booth file (the
         * expo hall's: every sponsor, and its booths' token key). */
        code = export_station_db(l.s, target[0] ? target : NULL, af.tmp, err);
    else
        code = make_station_file(&l, af.tmp, err);
    if (!code)
        code = atomic_file_restrict(&af, err);
    if (!code)
        code = write_credentials(af.tmp, conninfo, o->role, out->uid, o->name,
                                 uid, err);
    uint8_t box[crypto_box_PUBLICKEYBYTES];
    char box_hex[2 * sizeof(box) + 1] = "";
    if (!code && !strcmp(kind, "desk")) {
        code = write_box(af.tmp, box, err);
        sodium_bin2hex(box_hex, sizeof(box_hex), box, sizeof(box));
    }
    if (code)
        goto out;

    /* The role, with the password hashed here (SCRAM): the password
     * itself never reaches the server or its logs. */
    char *hashed =
        PQencryptPasswordConn(pg, password, out->pg_role, "scram-sha-256");
    char *role_q = PQescapeIdentifier(pg, out->pg_role, strlen(out->pg_role));
    char group[80];
    snprintf(group, sizeof(group), "%s_station", prefix);
    char *group_q = PQescapeIdentifier(pg, group, strlen(group));
    char *pw_q = hashed ? PQescapeLiteral(pg, hashed, strlen(hashed)) : NULL;
    if (!hashed || !role_q || !group_q || !pw_q) {
        code = pg_fail(pg, NULL, "making the station's role", err);
    } else {
        char sql[1024];
        snprintf(sql, sizeof(sql),
                 "CREATE ROLE %s LOGIN PASSWORD %s IN ROLE %s", role_q, pw_q,
                 group_q);
        char now[32];
        snprintf(now, sizeof(now), "%lld", (long long)store_now_ms());
        struct enrolment e = {.role_sql = sql,
                              .params = {out->uid, o->name, kind, target,
                                         out->pg_role, now, box_hex},
                              .l = &l};
        code = in_transaction(pg, 1, enroll, &e, "enrolling the station", err);
        enrolled = !code;
    }
    PQfreemem(hashed);
    PQfreemem(role_q);
    PQfreemem(group_q);
    PQfreemem(pw_q);
    sodium_memzero(password, sizeof(password));
    /* The first pull goes into the file before it is published: no one
     * else has it yet, so it is written without a flush per transaction
     * (pull.c) and synced once by the commit.  A pull that fails leaves
     * the file as it was, published all the same (the report says to run
     * 'checkin sync'). */
    if (!code) {
        out->first_done = sync_new_station(af.tmp, o->out_path, &out->first,
                                           &out->first_err) == CK_OK;
    }
    /* A desk prints badges, so it signs them: it gets the event's current
     * signing key in a file of its own beside its station file (0600,
     * never over an existing file), where `checkin scan --printer` looks
     * by default.  An event database with no key file beside it enrolls
     * the desk without one, and says so.  Saved after the first pull,
     * just before the station file is published: a command killed during
     * the pull leaves no key without its station file to block the next
     * try. */
    bool key_made = false;
    if (!code && !strcmp(kind, "desk")) {
        char src[4200];
        credential_default_key_path(event_path, src, sizeof(src));
        credential_default_key_path(o->out_path, out->key_path,
                                    sizeof(out->key_path));
        if (access(src, F_OK) == 0) {
            struct badge_key key;
            code = credential_load_key(l.s, src, &key, err);
            if (!code)
                code = badge_key_save(&key, out->key_path, err);
            sodium_memzero(&key, sizeof(key));
            key_made = !code;
        } else {
            out->key_path[0] = '\0';
        }
    }
    if (!code)
        code = atomic_file_commit(&af, err);
    if (code && key_made)
        unlink(out->key_path); /* nothing refers to it: the desk was not made */
    if (code)
        out->key_path[0] = '\0';
    if (code && enrolled) {
        /* The file was not published: undo the enrolment. */
        const char *params[1] = {out->uid};
        if (!pg_query(pg, "DELETE FROM checkin.station WHERE uid = $1", 1,
                      params, &r, "undoing the enrolment", NULL))
            PQclear(r);
        r = NULL;
        struct ck_error ignored;
        if (!exec_ident(pg, "DROP ROLE IF EXISTS @G", out->pg_role,
                        "undoing the enrolment", &ignored))
            enrolled = false;
    }
out:
    atomic_file_abort(&af);
    sodium_memzero(conninfo, sizeof(conninfo));
    PQclear(r);
    PQfinish(pg);
    local_close(&l);
    return code;
}

/* ---- status ------------------------------------------------------------ */

static void ago(char *out, size_t cap, const char *seconds)
{
    if (!seconds) {
        snprintf(out, cap, "never");
        return;
    }
    long s = strtol(seconds, NULL, 10);
    if (s < 120)
        snprintf(out, cap, "%ld s ago", s);
    else if (s < 7200)
        snprintf(out, cap, "%ld min ago", s / 60);
    else
        snprintf(out, cap, "%ld h ago", s / 3600);
}

int hub_expo_booth(const char *event_path, const char *name, const char *slug,
                   bool on, struct ck_error *err)
{
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    bool found = false;
    code = slug_exists(&l, "SELECT 1 FROM sponsor WHERE slug = ?1", slug,
                       &found, err);
    if (!code && !found)
        code = ck_fail(err, CK_ENOTFOUND,
                       "There is no sponsor '%s' in %s; 'checkin stats %s' "
                       "lists them.",
                       slug, event_path, event_path);
    if (!code)
        code = hub_upgrade(pg, err);
    PGresult *r = NULL;
    char now[32];
    snprintf(now, sizeof(now), "%lld", (long long)store_now_ms());
    const char *params[4] = {name, slug, now, on ? "t" : "f"};
    if (!code)
        code = pg_query(
            pg,
            "WITH s AS (SELECT uid FROM checkin.station WHERE name = $1 AND"
            " kind = 'expo' AND retired_ms IS NULL),"
            " up AS (INSERT INTO checkin.expo_booth (station_uid, sponsor,"
            " added_ms, removed_ms) SELECT uid, $2, $3::bigint, CASE WHEN"
            " $4::boolean THEN NULL ELSE $3::bigint END FROM s ON CONFLICT"
            " (station_uid, sponsor) DO UPDATE SET removed_ms ="
            " excluded.removed_ms RETURNING 1)"
            " SELECT count(*) FROM up",
            4, params, &r, "changing the expo station's booths", err);
    if (!code && strtol(PQgetvalue(r, 0, 0), NULL, 10) == 0)
        code = ck_fail(err, CK_ENOTFOUND,
                       "No live expo station named %s is enrolled at the "
                       "hub; 'checkin hub status %s' lists the stations.",
                       name, event_path);
    PQclear(r);
    PQfinish(pg);
    local_close(&l);
    return code;
}

/* SQL: the people inside whose open entry the door of lease row `l` made,
 * as the hub's journal says (an entry closed by an exit naming it, or by
 * one from before exits named their entry, later by the clocks): what
 * releasing its seats never takes.  The hub's rows of a door are at
 * least those it charged at its last sync, which pushes before it takes
 * seats (lease.c). */
#define HUB_INSIDE_L                                                           \
    "(SELECT count(DISTINCT e.attendee_ticket_id) FROM checkin.live_scan e"    \
    " WHERE e.station_uid = l.station_uid AND e.mode = 'door' AND"             \
    " e.target = l.list AND e.decision = 'admit' AND e.direction = 'in'"       \
    " AND NOT EXISTS (SELECT 1 FROM checkin.live_scan o WHERE"                 \
    " o.attendee_ticket_id = e.attendee_ticket_id AND o.mode = 'door' AND"     \
    " o.target = e.target AND o.decision = 'admit' AND o.direction = 'out'"    \
    " AND ((o.ref_station_id = e.station_id AND o.ref_seq = e.seq) OR"         \
    " (o.ref_seq IS NULL AND o.day IS NULL AND (o.at_ms, o.station, o.seq) >"  \
    " (e.at_ms, e.station, e.seq)))))"

/* A door not seen for this long, and not retired, may have its seats
 * released: a running door syncs at least every 10 s (sync_worker.h), so
 * ten minutes without a word is a laptop shut or gone, not a slow
 * network; one still deciding offline would keep admitting with seats
 * given to others, so a shorter wait would trade the room's capacity
 * for a few seats. */
#define RELEASE_UNSEEN_S 600

/* Every seat of the lease rows `where` (%s) given back but those of
 * people still inside: the seats freed, summed. */
#define RELEASE_SQL                                                            \
    "WITH k AS (SELECT l.list, l.station_uid, l.released AS was,"              \
    " l.granted - " HUB_INSIDE_L " AS upto FROM checkin.seat_lease l"          \
    " WHERE %s), u AS (UPDATE checkin.seat_lease l SET released = k.upto"      \
    " FROM k WHERE k.list = l.list AND k.station_uid = l.station_uid AND"      \
    " k.upto > l.released RETURNING l.released - k.was AS freed)"              \
    " SELECT coalesce(sum(freed), 0) FROM u"

/* Give back every seat of the lease rows `where` (SQL on `l`, $1 the
 * first parameter) but those of people still inside; *freed: the seats
 * given back.  Only `released` grows, so a door's share computed
 * meanwhile (take_seats) counts them held a while longer, never twice. */
static int release_where(PGconn *pg, const char *where, int n,
                         const char *const *params, long *freed,
                         struct ck_error *err)
{
    char sql[2048];
    snprintf(sql, sizeof(sql), RELEASE_SQL, where);
    PGresult *r;
    int code = pg_query(pg, sql, n, params, &r, "releasing seats", err);
    if (code)
        return code;
    *freed = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return CK_OK;
}

struct retirement {
    const char *uid, *now, *role;
    bool leases; /* the hub holds seat leases (format 14) */
    long freed;  /* out: the seats it held given back */
};

/* Retired in the station table and unable to log in (in_transaction). */
static int retire(PGconn *pg, void *arg, struct ck_error *err)
{
    struct retirement *t = arg;
    const char *up[2] = {t->uid, t->now};
    PGresult *r;
    int code = pg_query(pg,
                        "UPDATE checkin.station SET retired_ms = $2 WHERE"
                        " uid = $1",
                        2, up, &r, "retiring the station", err);
    PQclear(r);
    if (!code)
        code = exec_ident(pg, "ALTER ROLE @G NOLOGIN", t->role,
                          "retiring the station", err);
    /* A retired door no longer holds seats others need, but those of the
     * people it let in who are still inside. */
    if (!code && t->leases)
        code =
            release_where(pg, "l.station_uid = $1", 1, &t->uid, &t->freed, err);
    return code;
}

int hub_retire_station(const char *event_path, const char *name, const char *id,
                       struct hub_retire_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    PGresult *r = NULL;
    const char *params[2] = {name, id ? id : ""};
    code = pg_query(
        pg,
        "SELECT uid, pg_role, kind || CASE WHEN target = '' THEN '' ELSE ':'"
        " || target END, (SELECT count(*) FROM checkin.scan x WHERE"
        " x.station_uid = s.uid) FROM checkin.station s WHERE name = $1 AND"
        " retired_ms IS NULL AND uid LIKE $2 || '%' ORDER BY enrolled_ms",
        2, params, &r, "finding the station", err);
    if (code)
        goto out;
    if (PQntuples(r) == 0) {
        code = ck_fail(err, CK_ENOTFOUND,
                       "No station named %s%s%s is enrolled at the hub, or it "
                       "is retired already; 'checkin hub status %s' lists "
                       "them.",
                       name, id ? " with identity " : "", id ? id : "",
                       event_path);
        goto out;
    }
    if (PQntuples(r) > 1) {
        code = ck_fail(err, CK_EINVAL,
                       "%d stations are enrolled as %s; say which with --id "
                       "and the start of its identity, as 'checkin hub "
                       "status %s' shows it (%.8s, %.8s%s).",
                       PQntuples(r), name, event_path, PQgetvalue(r, 0, 0),
                       PQgetvalue(r, 1, 0), PQntuples(r) > 2 ? ", ..." : "");
        goto out;
    }
    snprintf(out->uid, sizeof(out->uid), "%s", PQgetvalue(r, 0, 0));
    snprintf(out->kind, sizeof(out->kind), "%s", PQgetvalue(r, 0, 2));
    out->rows = strtol(PQgetvalue(r, 0, 3), NULL, 10);
    char role[64];
    snprintf(role, sizeof(role), "%s", PQgetvalue(r, 0, 1));
    PQclear(r);
    r = NULL;

    /* Retired in the station table (the policies' me_uid() no longer
     * knows the role) and unable to log in, in one transaction. */
    char now[32];
    snprintf(now, sizeof(now), "%lld", (long long)store_now_ms());
    code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                    "reading the hub's format", err);
    if (code)
        goto out;
    bool leases = PQntuples(r) == 1 &&
                  strtol(PQgetvalue(r, 0, 0), NULL, 10) >= HUB_FORMAT_LEASES;
    PQclear(r);
    r = NULL;
    struct retirement t = {
        .uid = out->uid, .now = now, .role = role, .leases = leases};
    code = in_transaction(pg, 1, retire, &t, "retiring the station", err);
    if (code)
        goto out;
    out->seats_freed = t.freed;
    /* A connection already open would go on until it ends; end it now.
     * Only where this role may signal the station's backends (a member of
     * pg_signal_backend, or the superuser); otherwise the policies above
     * already refuse it everything. */
    const char *rp[1] = {role};
    if (!pg_query(pg,
                  "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                  " FROM pg_stat_activity WHERE usename = $1",
                  1, rp, &r, "ending the station's connections", NULL))
        out->cut = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    r = NULL;
out:
    PQclear(r);
    PQfinish(pg);
    local_close(&l);
    return code;
}

struct release {
    const char *params[2]; /* list, station uid */
    struct hub_release_report *out;
};

static int release(PGconn *pg, void *arg, struct ck_error *err)
{
    struct release *t = arg;
    int code = release_where(pg, "l.list = $1 AND l.station_uid = $2", 2,
                             t->params, &t->out->freed, err);
    PGresult *r;
    if (!code)
        code = pg_query(pg,
                        "SELECT granted - released FROM checkin.seat_lease"
                        " WHERE list = $1 AND station_uid = $2",
                        2, t->params, &r, "releasing seats", err);
    if (!code) {
        t->out->kept = strtol(PQgetvalue(r, 0, 0), NULL, 10);
        PQclear(r);
    }
    return code;
}

int hub_release_seats(const char *event_path, const char *list,
                      const char *name, struct hub_release_report *out,
                      struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    PGresult *r = NULL;
    code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                    "reading the hub's format", err);
    if (code)
        goto out;
    long format = PQntuples(r) == 1 ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    PQclear(r);
    r = NULL;
    if (format < HUB_FORMAT_LEASES) {
        code = ck_fail(err, CK_ENOTFOUND,
                       "The hub holds no seat leases yet (format %ld): no "
                       "door holds seats; 'checkin sync %s' upgrades it.",
                       format, event_path);
        goto out;
    }
    /* The door holding seats of the list under that name (a name enrolled
     * twice: the one that holds the most). */
    const char *p[2] = {list, name};
    code = pg_query(pg,
                    "SELECT s.uid, s.retired_ms IS NOT NULL, floor(extract("
                    "epoch FROM now() - s.last_seen))::bigint FROM"
                    " checkin.seat_lease l JOIN checkin.station s ON s.uid ="
                    " l.station_uid WHERE l.list = $1 AND s.name = $2 ORDER BY"
                    " l.granted - l.released DESC LIMIT 1",
                    2, p, &r, "finding the door's seats", err);
    if (code)
        goto out;
    if (PQntuples(r) == 0) {
        code = ck_fail(err, CK_ENOTFOUND,
                       "No door named %s holds seats of %s; 'checkin hub "
                       "status %s' lists the doors holding each room's seats.",
                       name, list, event_path);
        goto out;
    }
    char uid[80];
    snprintf(uid, sizeof(uid), "%s", PQgetvalue(r, 0, 0));
    bool retired = !strcmp(PQgetvalue(r, 0, 1), "t");
    long seen =
        PQgetisnull(r, 0, 2) ? -1 : strtol(PQgetvalue(r, 0, 2), NULL, 10);
    PQclear(r);
    r = NULL;
    if (!retired && seen >= 0 && seen < RELEASE_UNSEEN_S) {
        char said[32];
        snprintf(said, sizeof(said), "%ld", seen);
        char when[32];
        ago(when, sizeof(when), said);
        code = ck_fail(err, CK_EINVAL,
                       "%s synced %s and may still let people in with these "
                       "seats; stop it and try again when it has not synced "
                       "for %d minutes, or retire it now with 'checkin hub "
                       "retire-station %s %s', which gives its seats back.",
                       name, when, RELEASE_UNSEEN_S / 60, event_path, name);
        goto out;
    }
    struct release t = {.params = {list, uid}, .out = out};
    code = in_transaction(pg, 1, release, &t, "releasing seats", err);
out:
    PQclear(r);
    PQfinish(pg);
    local_close(&l);
    return code;
}

/* Each door's lease of a room with a capacity and more than one door (or
 * lease): list, capacity, name, held, used, took and gave (%s: seconds
 * ago, or NULL before format 16), retired, seconds since seen, people
 * inside by its entries. */
#define SEATS_SQL                                                              \
    "WITH c AS (SELECT d.slug AS list, max((d.data->>'capacity')::int) AS"     \
    " cap FROM checkin.event_description d WHERE d.kind IN ('tutorial',"       \
    " 'list') AND d.data->>'capacity' ~ '^[0-9]{1,9}$' GROUP BY d.slug)"       \
    " SELECT l.list, c.cap, s.name, l.granted - l.released, l.charged, %s,"    \
    " s.retired_ms IS NOT NULL, floor(extract(epoch FROM now() -"              \
    " s.last_seen))::bigint, " HUB_INSIDE_L " FROM checkin.seat_lease l"       \
    " JOIN c ON c.list = l.list JOIN checkin.station s ON s.uid ="             \
    " l.station_uid WHERE c.cap > 0 AND ((SELECT count(*) FROM"                \
    " checkin.station d WHERE d.kind = 'door' AND d.target = l.list AND"       \
    " d.retired_ms IS NULL) > 1 OR (SELECT count(*) FROM checkin.seat_lease"   \
    " x WHERE x.list = l.list) > 1) ORDER BY l.list, s.name, s.enrolled_ms"

/* Under the stations: each room with a capacity and more than one door,
 * the seats each door holds and uses (what it charged at its last sync),
 * and the pool; then when each door last took and gave seats, and what
 * to do about a door that holds seats and is gone. */
static int seat_lines(PGconn *pg, long format, const char *event_path, FILE *f,
                      struct ck_error *err)
{
    char sql[3000];
    snprintf(sql, sizeof(sql), SEATS_SQL,
             format >= HUB_FORMAT_LEASE_MOVES
                 ? "floor(extract(epoch FROM now() - l.took))::bigint,"
                   " floor(extract(epoch FROM now() - l.gave))::bigint"
                 : "NULL, NULL");
    PGresult *r;
    int code = pg_query(pg, sql, 0, NULL, &r, "reading the doors' seats", err);
    if (code)
        return code;
    int n = PQntuples(r);
    if (n)
        fprintf(f, "Seats of rooms with more than one door (used: as each "
                   "door said at its last sync):\n");
    for (int i = 0; i < n;) {
        const char *list = PQgetvalue(r, i, 0);
        long cap = strtol(PQgetvalue(r, i, 1), NULL, 10);
        int end = i;
        long held = 0;
        while (end < n && !strcmp(PQgetvalue(r, end, 0), list))
            held += strtol(PQgetvalue(r, end++, 3), NULL, 10);
        char ls[256];
        text_for_terminal(list, strlen(list), ls, sizeof(ls));
        fprintf(f, "  %s: %ld seats", ls, cap);
        for (int k = i; k < end; k++) {
            char nm[256];
            pg_cell_for_terminal(r, k, 2, nm, sizeof(nm));
            long h = strtol(PQgetvalue(r, k, 3), NULL, 10);
            long used = strtol(PQgetvalue(r, k, 4), NULL, 10);
            fprintf(f, "%s %s holds %ld (%ld used%s)", k == i ? ";" : ",", nm,
                    h, used, used >= h ? ", full" : "");
        }
        if (held <= cap)
            fprintf(f, ", %ld free\n", cap - held);
        else
            fprintf(f,
                    "; %ld over the capacity: each door gives back as its "
                    "people leave and admits nobody meanwhile\n",
                    held - cap);
        for (int k = i; k < end; k++) {
            char nm[256], took[32], gave[32];
            pg_cell_for_terminal(r, k, 2, nm, sizeof(nm));
            bool retired = !strcmp(PQgetvalue(r, k, 7), "t");
            long seen = PQgetisnull(r, k, 8)
                            ? -1
                            : strtol(PQgetvalue(r, k, 8), NULL, 10);
            long h = strtol(PQgetvalue(r, k, 3), NULL, 10);
            long inside = strtol(PQgetvalue(r, k, 9), NULL, 10);
            if (!PQgetisnull(r, k, 5) || !PQgetisnull(r, k, 6)) {
                ago(took, sizeof(took),
                    PQgetisnull(r, k, 5) ? NULL : PQgetvalue(r, k, 5));
                ago(gave, sizeof(gave),
                    PQgetisnull(r, k, 6) ? NULL : PQgetvalue(r, k, 6));
                fprintf(f,
                        "    %s last took seats %s, last gave some back %s\n",
                        nm, took, gave);
            }
            bool gone = retired || seen < 0 || seen >= RELEASE_UNSEEN_S;
            if (gone && h > inside)
                fprintf(f,
                        "    %s is %s and holds %ld seats, %ld of them for "
                        "people still inside: 'checkin hub release-seats %s "
                        "%s %s' gives the other %ld back to the room.\n",
                        nm, retired ? "retired" : "not seen for 10 minutes", h,
                        inside, event_path, ls, nm, h - inside);
        }
        i = end;
    }
    PQclear(r);
    return CK_OK;
}

/* Walk-ins whose tutorial the hub found sold past its seats (format 16,
 * checkin.oversold): nothing is said when there are none. */
static int oversold_lines(PGconn *pg, FILE *f, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(
        pg,
        "SELECT o.tutorial, coalesce(nullif(btrim(g.given_name || ' ' ||"
        " g.family_name), ''), o.ticket_id), o.ticket_id, o.station,"
        " o.taken, o.capacity, o.told IS NOT NULL FROM checkin.oversold o"
        " LEFT JOIN checkin.registration g ON g.ticket_id = o.ticket_id"
        " ORDER BY o.tutorial, o.noted, o.ticket_id",
        0, NULL, &r, "reading the tutorials sold past their seats", err);
    if (code)
        return code;
    int n = PQntuples(r);
    if (n)
        fprintf(f,
                "%d walk-in%s registered at a desk for a tutorial with no seat "
                "left at the hub (two desks sold its last seat); add a seat "
                "with 'checkin event', or move them to another tutorial:\n",
                n, n == 1 ? "" : "s");
    for (int i = 0; i < n; i++) {
        char t[160], who[400], tk[256], st[256];
        pg_cell_for_terminal(r, i, 0, t, sizeof(t));
        pg_cell_for_terminal(r, i, 1, who, sizeof(who));
        pg_cell_for_terminal(r, i, 2, tk, sizeof(tk));
        pg_cell_for_terminal(r, i, 3, st, sizeof(st));
        fprintf(f, "  %s: %s (%s) at %s, %s registered for %s seats%s\n", t,
                who, tk, st, PQgetvalue(r, i, 4), PQgetvalue(r, i, 5),
                strcmp(PQgetvalue(r, i, 6), "t") ? ", the desk not told yet"
                                                 : "");
    }
    PQclear(r);
    return CK_OK;
}

/* Under a station's row: its printer as the desk last said (columns 12
 * to 15: printer, state, sentence, seconds since its print worker
 * vouched for it), the state in capitals (and red on a terminal) when
 * someone must act, and how long it has not been heard of once that is
 * longer than a live station takes to sync.  Nothing for a station that
 * never said. */
static void printer_line(FILE *f, PGresult *r, int i)
{
    if (PQgetisnull(r, i, 13))
        return;
    char state[64], said[1024];
    const char *st = PQgetvalue(r, i, 13);
    const char *msg = PQgetisnull(r, i, 14) || !PQgetvalue(r, i, 14)[0]
                          ? PQgetvalue(r, i, 12)
                          : PQgetvalue(r, i, 14);
    text_for_terminal(msg, strlen(msg), said, sizeof(said));
    size_t n = text_for_terminal(st, strlen(st), state, sizeof(state));
    if (strcmp(st, "ready") && strcmp(st, "printing") && strcmp(st, "unknown"))
        for (size_t k = 0; k < n; k++)
            state[k] = (char)toupper((unsigned char)state[k]);
    long age =
        PQgetisnull(r, i, 15) ? -1 : strtol(PQgetvalue(r, i, 15), NULL, 10);
    char stale[64] = "";
    if (age >= 30)
        snprintf(stale, sizeof(stale), ", not heard for %ld s", age);
    /* Red on a terminal (not in a file or a pipe) when someone must act. */
    bool red = (age >= 30 || (strcmp(st, "ready") && strcmp(st, "printing") &&
                              strcmp(st, "unknown"))) &&
               isatty(fileno(f)) == 1 && !getenv("NO_COLOR");
    fprintf(f, "  printer: %s%s%s: %s%s\n", red ? "\033[31m" : "", state, stale,
            said, red ? "\033[0m" : "");
}

/* Journal rows the hub set aside (hub_schema.c, TRUST), by the station
 * that pushed them and why: nothing is said when there are none. */
static int quarantine_lines(PGconn *pg, FILE *f, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg,
                        "SELECT coalesce(s.name, q.station_uid), q.fault,"
                        " count(*) FROM checkin.quarantine q LEFT JOIN"
                        " checkin.station s ON s.uid = q.station_uid GROUP BY"
                        " 1, 2 ORDER BY 1, 2",
                        0, NULL, &r, "reading the rows set aside", err);
    if (code)
        return code;
    long total = 0;
    for (int i = 0; i < PQntuples(r); i++)
        total += strtol(PQgetvalue(r, i, 2), NULL, 10);
    if (total)
        fprintf(f,
                "%ld journal %s set aside, not counted and sent to no "
                "station:\n",
                total, total == 1 ? "row" : "rows");
    for (int i = 0; i < PQntuples(r); i++) {
        char nm[256], why[512];
        pg_cell_for_terminal(r, i, 0, nm, sizeof(nm));
        pg_cell_for_terminal(r, i, 1, why, sizeof(why));
        fprintf(f, "  %s: %s from %s\n", PQgetvalue(r, i, 2), why, nm);
    }
    PQclear(r);
    return CK_OK;
}

/* Edits the hub set aside until their ticket reaches it (hub_schema.c,
 * WAITING), each with its ticket, field and station: nothing is said when
 * there are none. */
static int waiting_lines(PGconn *pg, FILE *f, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg,
                        "SELECT w.ticket_id, replace(w.field, '_', ' '),"
                        " coalesce(s.name, w.station) || CASE WHEN"
                        " w.station_uid IS NULL THEN ' (organizer)' ELSE ''"
                        " END, floor(extract(epoch FROM now() -"
                        " w.set_aside))::bigint FROM checkin.waiting_change w"
                        " LEFT JOIN checkin.station s ON s.uid ="
                        " w.station_uid ORDER BY w.set_aside, w.station_id,"
                        " w.seq",
                        0, NULL, &r, "reading the edits set aside", err);
    if (code)
        return code;
    int n = PQntuples(r);
    if (n)
        fprintf(f,
                "%d %s for %s the hub does not hold yet, applied nowhere "
                "until the organizer publishes %s or the walk-in's desk "
                "syncs:\n",
                n, n == 1 ? "edit waits" : "edits wait",
                n == 1 ? "a ticket" : "tickets", n == 1 ? "it" : "them");
    for (int i = 0; i < n; i++) {
        char t[256], nm[256];
        pg_cell_for_terminal(r, i, 0, t, sizeof(t));
        pg_cell_for_terminal(r, i, 2, nm, sizeof(nm));
        char ago_s[32];
        ago(ago_s, sizeof(ago_s), PQgetvalue(r, i, 3));
        fprintf(f, "  %s: %s, from %s, set aside %s\n", t, PQgetvalue(r, i, 1),
                nm, ago_s);
    }
    PQclear(r);
    return CK_OK;
}

int hub_status(const char *event_path, FILE *f, struct ck_error *err)
{
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    char where[256];
    pg_where(pg, where, sizeof(where));
    PGresult *r;
    /* A desk's printer is on a hub of format 5 or newer (the organizer's
     * next sync upgrades an older one). */
    code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                    "reading the hub's format", err);
    if (code)
        goto out;
    long format = PQntuples(r) == 1 ? strtol(PQgetvalue(r, 0, 0), NULL, 10) : 0;
    bool printers = format >= HUB_FORMAT_PRINTER;
    PQclear(r);
    /* Columns 12 to 15: the printer (printer_line). */
#define STATIONS(printer_cols)                                                 \
    "SELECT s.name, s.kind || CASE WHEN s.target = '' THEN '' ELSE ':'"        \
    " || s.target END, left(s.uid, 8),"                                        \
    " floor(extract(epoch FROM now() - s.last_seen))::bigint,"                 \
    " CASE WHEN s.last_seen IS NULL THEN NULL ELSE round(s.last_clock_ms"      \
    " / 1000.0 - extract(epoch FROM s.last_seen))::bigint END,"                \
    " (SELECT count(*) FROM checkin.scan x WHERE x.station_uid = s.uid),"      \
    " s.last_backlog,"                                                         \
    " (SELECT count(*) FROM checkin.badge b WHERE b.station_uid ="             \
    " s.uid),"                                                                 \
    " (SELECT count(*) FROM checkin.print_job j WHERE j.station_uid ="         \
    " s.uid AND j.state = 'printed'),"                                         \
    " (SELECT count(*) FROM checkin.conflict k WHERE k.station_uid ="          \
    " s.uid),"                                                                 \
    " (SELECT count(*) FROM checkin.station o WHERE o.name = s.name),"         \
    " s.retired_ms IS NOT NULL, " printer_cols                                 \
    " FROM checkin.station s ORDER BY s.name, s.enrolled_ms"
#define PRINTERS                                                               \
    "s.printer, s.printer_state, s.printer_message,"                           \
    " floor(extract(epoch FROM now() - s.last_seen)"                           \
    " + (s.last_clock_ms - s.printer_ms) / 1000.0)::bigint"
    /* Column 16: the hub format the station's checkin knows (format 8). */
    code = pg_query(pg,
                    format >= HUB_FORMAT_ACTS
                        ? STATIONS(PRINTERS ", s.client_format")
                    : printers ? STATIONS(PRINTERS ", NULL")
                               : STATIONS("NULL, NULL, NULL, NULL, NULL"),
                    0, NULL, &r, "reading the stations", err);
#undef PRINTERS
#undef STATIONS
    if (code)
        goto out;
    fprintf(f, "Hub: %s\n", where);
    /* A running station syncs at least every 10 s (sync_worker.h). */
    fprintf(f, "%-16s %-22s %-9s %-8s %-12s %6s %6s %8s %6s %7s %9s\n",
            "STATION", "KIND", "ID", "STATE", "LAST SEEN", "SKEW", "SCANS",
            "NOT SENT", "BADGES", "PRINTED", "CONFLICTS");
    for (int i = 0; i < PQntuples(r); i++) {
        char seen[32], skew[32], nm[256], role[256];
        pg_cell_for_terminal(r, i, 0, nm, sizeof(nm));
        pg_cell_for_terminal(r, i, 1, role, sizeof(role));
        ago(seen, sizeof(seen),
            PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3));
        if (PQgetisnull(r, i, 4))
            snprintf(skew, sizeof(skew), "-");
        else
            snprintf(skew, sizeof(skew), "%+lds",
                     strtol(PQgetvalue(r, i, 4), NULL, 10));
        bool live =
            !PQgetisnull(r, i, 3) && strtol(PQgetvalue(r, i, 3), NULL, 10) < 30;
        bool retired = !strcmp(PQgetvalue(r, i, 11), "t");
        fprintf(f, "%-16s %-22s %-9s %-8s %-12s %6s %6s %8s %6s %7s %9s%s\n",
                nm, role, PQgetvalue(r, i, 2),
                retired ? "retired"
                : live  ? "live"
                        : "offline",
                seen, skew, PQgetvalue(r, i, 5), PQgetvalue(r, i, 6),
                PQgetvalue(r, i, 7), PQgetvalue(r, i, 8), PQgetvalue(r, i, 9),
                strcmp(PQgetvalue(r, i, 10), "1") ? "  (name enrolled twice)"
                                                  : "");
        printer_line(f, r, i);
        /* A live station of an older checkin: what it misses of each
         * later format (before format 8 it says none). */
        if (format >= HUB_FORMAT_ACTS && live && !retired) {
            char older[1200];
            hub_older_station_text(nm, PQgetvalue(r, i, 1),
                                   PQgetisnull(r, i, 16)
                                       ? 0
                                       : strtol(PQgetvalue(r, i, 16), NULL, 10),
                                   format, older, sizeof(older));
            if (older[0])
                fprintf(f, "  %s\n", older);
        }
    }
    PQclear(r);
    /* People admitted at two desks: undone admissions do not count (from
     * format 8, checkin.live_scan). */
#define TOTALS(JOURNAL)                                                        \
    "SELECT (SELECT count(*) FROM checkin.registration),"                      \
    " (SELECT count(*) FROM checkin.scan),"                                    \
    " (SELECT count(*) FROM checkin.badge),"                                   \
    " (SELECT count(*) FROM (SELECT 1 FROM checkin." JOURNAL                   \
    " WHERE mode = 'desk' AND decision = 'admit' GROUP BY"                     \
    " attendee_ticket_id HAVING count(DISTINCT station_id) > 1) d),"           \
    " (SELECT count(*) FROM checkin.conflict)"
    code = pg_query(
        pg, format >= HUB_FORMAT_ACTS ? TOTALS("live_scan") : TOTALS("scan"), 0,
        NULL, &r, "reading the hub's totals", err);
#undef TOTALS
    if (code)
        goto out;
    fprintf(f,
            "%s registrations, %s journal rows, %s badges on the hub; %s "
            "people admitted at more than one desk; %s conflicting rows.\n",
            PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2),
            PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4));
    PQclear(r);
    if (format >= HUB_FORMAT_TRUST)
        code = quarantine_lines(pg, f, err);
    if (!code && format >= HUB_FORMAT_WAITING)
        code = waiting_lines(pg, f, err);
    if (!code && format >= HUB_FORMAT_LEASES)
        code = seat_lines(pg, format, event_path, f, err);
    if (!code && format >= HUB_FORMAT_LEASE_MOVES)
        code = oversold_lines(pg, f, err);
out:
    PQfinish(pg);
    local_close(&l);
    return code;
}
