/* The organizer's side of the hub: making it from the event database,
 * enrolling and retiring stations, and releasing a gone door's seats.
 * Each station gets a random identity and its own PostgreSQL role (a
 * member of the hub's station group role); the hub's row-level security
 * (hub_schema.c) decides what each role may read and write.  Not the
 * sync itself (sync.c), nor the report on the stations (hub_status.c). */
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
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/open_space.h"
#include "checkin/pg.h"
#include "checkin/phone_token.h"
#include "checkin/text.h"
#include "hub_priv.h"

/* hub_open_organizer, the event file's quick_check run beside the rest
 * when `beside` (STORE_CHECK_BESIDE). */
static int open_organizer(const char *event_path, bool beside, struct local *l,
                          struct local_hub *hub, PGconn **pg,
                          struct ck_error *err)
{
    *pg = NULL;
    int code = beside ? local_open_beside(event_path, l, err)
                      : local_open(event_path, false, l, err);
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
        code = pg_connect(hub->conninfo, pg, err);
    if (code)
        local_close(l);
    return code;
}

int hub_open_organizer(const char *event_path, struct local *l,
                       struct local_hub *hub, PGconn **pg, struct ck_error *err)
{
    return open_organizer(event_path, false, l, hub, pg, err);
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
                          N_("remembering the hub"), err);
    sqlite3_stmt *q = NULL;
    if (!code)
        code = local_prepare(l,
                             "INSERT OR REPLACE INTO sync_hub (id, conninfo,"
                             " role, station_uid, name, event_uid, "
                             "enrolled_ms) VALUES (1, ?1, 'organizer', "
                             "'organizer', ?2, ?3, ?4)",
                             &q, N_("remembering the hub"), err);
    if (!code) {
        sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, slug, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 4, store_now_ms());
        code = local_done(l, q, N_("remembering the hub"), err);
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

/* The hub's group role, schema and row (pg_transact). */
static int make_hub(PGconn *pg, void *arg, struct ck_error *err)
{
    const struct new_hub *h = arg;
    char group[48];
    snprintf(group, sizeof(group), "%s_station", h->prefix);
    int code = hub_make_schema(pg, group, err);
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
                    6, params, &r, N_("making the hub"), err);
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
                         &q, N_("reading the event"), err);
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
    code = pg_connect(url, &pg, err);
    if (code)
        goto out;
    pg_where(pg, where, sizeof(where));
    code = pg_query(pg,
                    "SELECT (SELECT count(*) FROM pg_namespace WHERE nspname"
                    " = 'checkin'), (SELECT rolsuper OR rolcreaterole FROM"
                    " pg_roles WHERE rolname = current_user)",
                    0, NULL, &r, N_("looking at the database"), err);
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
                        N_("looking at the database"), err);
        if (code)
            goto out;
        bool ours = PQntuples(r) == 1 && !strcmp(PQgetvalue(r, 0, 0), uid);
        PQclear(r);
        r = NULL;
        if (!ours) {
            code = ck_fail(err, CK_EINVAL,
                           "The database %s holds another event's hub; give "
                           "'checkin hub init' an empty database (createdb "
                           "NAME).",
                           where);
            goto out;
        }
    } else {
        if (!may) {
            code =
                ck_fail(err, CK_EINVAL,
                        "The role connecting to the database %s may not create "
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
        code = pg_transact(pg, 1, make_hub, &h, N_("making the hub"), err);
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

bool hub_valid_name(const char *s)
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

int hub_conninfo_for(PGconn *pg, const char *organizer_url, const char *host,
                     const char *role, const char *password, char *out,
                     size_t cap, struct ck_error *err)
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

/* Make a desk's, door's or triage's file at `path`: the event
 * description only; registrations, badges and the journal come from the
 * hub.  Made unflushed (STORE_UNPUBLISHED), as everything written into
 * it before it is published: its schema's steps and add-station's
 * writes were each a flushed commit of a file no one has yet (a desk's
 * add-station made 42 fdatasyncs, now 5). */
static int make_station_file(struct local *ev, const char *path,
                             struct ck_error *err)
{
    store *s;
    int code = store_open(path, STORE_CREATE | STORE_UNPUBLISHED, &s, err);
    if (code)
        return code;
    store_close(s);
    struct local l;
    code = local_open_new(path, &l, err);
    if (code)
        return code;
    sqlite3_stmt *q;
    code = local_prepare(&l, "ATTACH DATABASE ?1 AS ev", &q,
                         N_("reading the event"), err);
    if (!code) {
        sqlite3_bind_text(q, 1, ev->path, -1, SQLITE_STATIC);
        code = local_done(&l, q, N_("reading the event"), err);
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
            N_("copying the event description"), err);
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
    int code = local_open_new(path, &l, err);
    if (code)
        return code;
    sqlite3_stmt *q;
    code = local_prepare(&l,
                         "INSERT INTO sync_hub (id, conninfo, role, "
                         "station_uid, name, event_uid, enrolled_ms) VALUES "
                         "(1, ?1, ?2, ?3, ?4, ?5, ?6)",
                         &q, N_("writing the hub credentials"), err);
    if (!code) {
        sqlite3_bind_text(q, 1, conninfo, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, role, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 3, uid, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 4, name, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 5, event_uid, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 6, store_now_ms());
        code = local_done(&l, q, N_("writing the hub credentials"), err);
        sqlite3_finalize(q);
    }
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
    int code = local_open_new(path, &l, err);
    sqlite3_stmt *q = NULL;
    if (!code)
        code = local_prepare(&l,
                             "INSERT INTO sync_box (id, public_key, "
                             "secret_key) VALUES (1, ?1, ?2)",
                             &q, N_("writing the desk's key pair"), err);
    if (!code) {
        sqlite3_bind_blob(q, 1, pk, crypto_box_PUBLICKEYBYTES, SQLITE_STATIC);
        sqlite3_bind_blob(q, 2, sk, sizeof(sk), SQLITE_STATIC);
        code = local_done(&l, q, N_("writing the desk's key pair"), err);
    }
    sqlite3_finalize(q);
    sodium_memzero(sk, sizeof(sk));
    local_close(&l);
    return code;
}

/* Whether `slug` names a row of `table` (tutorial, sponsor) in the event. */
static int slug_exists(struct local *l, const char *sql, const char *slug,
                       bool *found, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = local_prepare(l, sql, &q, N_("reading the event"), err);
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
                             N_("reading the sponsors"), err);
    while (!code && sqlite3_step(q) == SQLITE_ROW) {
        const char *params[3] = {uid, (const char *)sqlite3_column_text(q, 0),
                                 now};
        PGresult *r;
        code = pg_query(pg,
                        "INSERT INTO checkin.expo_booth (station_uid,"
                        " sponsor, added_ms) VALUES ($1, $2, $3::bigint)",
                        3, params, &r, N_("adding the expo station's booths"),
                        err);
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

/* The station's role and row (pg_transact). */
static int enroll(PGconn *pg, void *arg, struct ck_error *err)
{
    const struct enrolment *e = arg;
    int code = pg_exec(pg, e->role_sql, N_("making the station's role"), err);
    if (code)
        return code;
    PGresult *r;
    code = pg_query(pg,
                    "INSERT INTO checkin.station (uid, name, kind, target,"
                    " pg_role, enrolled_ms, box_key) VALUES ($1, $2, $3, $4,"
                    " $5, $6, decode(nullif($7, ''), 'hex'))",
                    7, e->params, &r, N_("enrolling the station"), err);
    PQclear(r);
    /* An expo station's booths: every sponsor of the event, the ones its
     * file holds (the organizer may take one off later). */
    if (!code && !strcmp(e->params[2], "expo"))
        code = add_booths(e->l, pg, e->params[0], e->params[5], err);
    return code;
}

/* The kind and target a station's role names ("door:SLUG"); *room: an
 * open space's door ("open-space:ROOM"), a door of target ROOM. */
static int role_kind(const char *role, char kind[8], char target[64],
                     bool *room, struct ck_error *err)
{
    *room = false;
    if (!strcmp(role, "desk")) {
        snprintf(kind, 8, "desk");
    } else if (!strncmp(role, "door:", 5) && role[5]) {
        snprintf(kind, 8, "door");
        snprintf(target, 64, "%s", role + 5);
    } else if (!strncmp(role, "open-space:", 11) && role[11]) {
        snprintf(kind, 8, "door");
        snprintf(target, 64, "%s", role + 11);
        *room = true;
    } else if (!strncmp(role, "leads:", 6) && role[6]) {
        snprintf(kind, 8, "leads");
        snprintf(target, 64, "%s", role + 6);
    } else if (!strcmp(role, "expo")) {
        snprintf(kind, 8, "expo");
    } else if (!strcmp(role, "triage")) {
        /* A role of its own (hub format 34): its file holds what the
         * triage sends people on from (hub_schema_triage_role.c). */
        snprintf(kind, 8, "triage");
    } else {
        return ck_fail(err, CK_EINVAL,
                       "A station is 'desk', 'door:TUTORIAL', 'door:LIST', "
                       "'open-space:ROOM', 'leads:SPONSOR', 'expo' or "
                       "'triage'; '%s' is none of them.",
                       role);
    }
    return CK_OK;
}

/* What adding a station holds, opened by hub_add_station's steps and
 * closed by adding_close on every path: the organizer's event file and
 * hub, the station file being written, the secrets made for it, and
 * what was done at the hub and beside the file, undone by unpublished
 * when the file is not published. */
struct adding {
    const struct hub_station_options *o;
    struct hub_station_report *out;
    char kind[8], target[64];
    bool room;     /* an open space's door: its target is a room */
    char role[80]; /* the file's: "door:ROOM" for "open-space:ROOM" */
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    char uid[64];    /* the event's */
    char prefix[64]; /* the hub's role prefix */
    char conninfo[2048], password[49];
    char box_hex[2 * crypto_box_PUBLICKEYBYTES + 1]; /* a desk's */
    struct atomic_file af;
    bool enrolled; /* the station's role and row are at the hub */
    bool key_made; /* a desk's signing key file beside its file */
};

/* The tutorial, list or sponsor the station's target names is the
 * event's. */
static int check_target(struct adding *a, const char *event_path,
                        struct ck_error *err)
{
    bool found;
    bool door = !strcmp(a->kind, "door");
    int code = slug_exists(&a->l,
                           door ? "SELECT 1 FROM tutorial WHERE slug = ?1"
                                  " UNION ALL SELECT 1 FROM checkin_list"
                                  " WHERE slug = ?1 AND slug != ''"
                                : "SELECT 1 FROM sponsor WHERE slug = ?1",
                           a->target, &found, err);
    if (code || found)
        return code;
    char there[600];
    local_slugs_text(&a->l,
                     door ? "SELECT slug FROM tutorial UNION SELECT"
                            " slug FROM checkin_list WHERE slug != ''"
                            " ORDER BY 1"
                          : "SELECT slug FROM sponsor ORDER BY slug",
                     there, sizeof(there));
    if (door && there[0])
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no tutorial or list '%s' in %s; its "
                       "tutorials and lists are: %s.",
                       a->target, event_path, there);
    if (door)
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no tutorial or list '%s' in %s; it has "
                       "none.",
                       a->target, event_path);
    if (there[0])
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no sponsor '%s' in %s; its sponsors are: "
                       "%s.",
                       a->target, event_path, there);
    return ck_fail(err, CK_ENOTFOUND,
                   "There is no sponsor '%s' in %s; it has none.", a->target,
                   event_path);
}

/* The open-space room the door's target names is the event's. */
static int check_room(struct adding *a, const char *event_path,
                      struct ck_error *err)
{
    struct open_spaces os;
    bool any;
    int code = open_spaces_read(a->l.s, &os, &any, err);
    if (code || (any && open_spaces_room(&os, a->target)))
        return code;
    if (!any)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s has no open spaces; add an [open-spaces] section "
                       "to the event description and apply it with checkin "
                       "event.",
                       event_path);
    char names[512];
    open_spaces_room_names(&os, names, sizeof(names));
    return ck_fail(err, CK_ENOTFOUND,
                   "There is no open-space room '%s' in %s; the rooms are: "
                   "%s.",
                   a->target, event_path, names);
}

/* The hub serves this event: its role prefix, and how many stations
 * already have the name. */
static int read_hub(struct adding *a, const char *event_path,
                    struct ck_error *err)
{
    char where[256];
    pg_where(a->pg, where, sizeof(where));
    const char *nparams[1] = {a->o->name};
    PGresult *r;
    int code = pg_query(a->pg,
                        "SELECT h.role_prefix, h.event_uid, (SELECT count(*)"
                        " FROM checkin.station WHERE name = $1) FROM"
                        " checkin.hub h",
                        1, nparams, &r, N_("reading the hub"), err);
    if (code)
        return code;
    if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 1), a->uid))
        code = ck_fail(err, CK_EINVAL,
                       "The hub (%s) serves another event than %s; run "
                       "'checkin hub init' again on an empty database.",
                       where, event_path);
    if (!code) {
        snprintf(a->prefix, sizeof(a->prefix), "%s", PQgetvalue(r, 0, 0));
        a->out->same_name = strtol(PQgetvalue(r, 0, 2), NULL, 10);
    }
    PQclear(r);
    return code;
}

/* A new identity every time: a wiped laptop enrolled again under its
 * old name is a new station, never mistaken for the old one. */
static int new_identity(struct adding *a, struct ck_error *err)
{
    struct hub_station_report *out = a->out;
    sync_random_hex(out->uid, 16);
    /* A cut name could be another station's role: refused instead. */
    int n = snprintf(out->pg_role, sizeof(out->pg_role), "%s_%.12s", a->prefix,
                     out->uid);
    if (n < 0 || (size_t)n >= sizeof(out->pg_role))
        return ck_fail(err, CK_EINVAL,
                       "The hub's role prefix '%s' is too long for a "
                       "PostgreSQL role name; make the hub again with "
                       "'checkin hub init'.",
                       a->prefix);
    sync_random_hex(a->password, 24);
    return hub_conninfo_for(a->pg, a->hub.conninfo, a->o->host, out->pg_role,
                            a->password, a->conninfo, sizeof(a->conninfo), err);
}

/* The station file, not yet published: the event as the kind needs it,
 * its hub credentials and a desk's key pair. */
static int write_station_file(struct adding *a, struct ck_error *err)
{
    int code = atomic_file_begin_name(&a->af, a->o->out_path, ATOMIC_NEW, err);
    if (code)
        return code;
    if (!strcmp(a->kind, "leads") || !strcmp(a->kind, "expo"))
        /* No attendee, no badge id: export_station_db's booth file (the
         * expo hall's: every sponsor, and its booths' token key). */
        code = export_station_db(a->l.s, a->target[0] ? a->target : NULL,
                                 a->af.tmp, err);
    else
        code = make_station_file(&a->l, a->af.tmp, err);
    if (!code)
        code = atomic_file_restrict(&a->af, err);
    if (!code)
        code = write_credentials(a->af.tmp, a->conninfo, a->role, a->out->uid,
                                 a->o->name, a->uid, err);
    uint8_t box[crypto_box_PUBLICKEYBYTES];
    if (!code && !strcmp(a->kind, "desk")) {
        code = write_box(a->af.tmp, box, err);
        sodium_bin2hex(a->box_hex, sizeof(a->box_hex), box, sizeof(box));
    }
    return code;
}

/* The role, with the password hashed here (SCRAM): the password itself
 * never reaches the server or its logs; and the station's row. */
static int enroll_station(struct adding *a, struct ck_error *err)
{
    PGconn *pg = a->pg;
    struct hub_station_report *out = a->out;
    int code;
    char *hashed =
        PQencryptPasswordConn(pg, a->password, out->pg_role, "scram-sha-256");
    char *role_q = PQescapeIdentifier(pg, out->pg_role, strlen(out->pg_role));
    char group[80];
    snprintf(group, sizeof(group), "%s_station", a->prefix);
    char *group_q = PQescapeIdentifier(pg, group, strlen(group));
    char *pw_q = hashed ? PQescapeLiteral(pg, hashed, strlen(hashed)) : NULL;
    if (!hashed || !role_q || !group_q || !pw_q) {
        code = pg_fail(pg, NULL, N_("making the station's role"), err);
    } else {
        char sql[1024];
        snprintf(sql, sizeof(sql),
                 "CREATE ROLE %s LOGIN PASSWORD %s IN ROLE %s", role_q, pw_q,
                 group_q);
        char now[32];
        snprintf(now, sizeof(now), "%lld", (long long)store_now_ms());
        struct enrolment e = {.role_sql = sql,
                              .params = {out->uid, a->o->name, a->kind,
                                         a->target, out->pg_role, now,
                                         a->box_hex},
                              .l = &a->l};
        code = pg_transact(pg, 1, enroll, &e, N_("enrolling the station"), err);
        a->enrolled = !code;
    }
    PQfreemem(hashed);
    PQfreemem(role_q);
    PQfreemem(group_q);
    PQfreemem(pw_q);
    sodium_memzero(a->password, sizeof(a->password));
    return code;
}

/* A desk prints badges, so it signs them: it gets the event's current
 * signing key in a file of its own beside its station file (0600, never
 * over an existing file), where `checkin scan --printer` looks by
 * default.  An event database with no key file beside it enrolls the
 * desk without one, and says so.  Saved after the first pull, just
 * before the station file is published: a command killed during the
 * pull leaves no key without its station file to block the next try. */
static int desk_key(struct adding *a, const char *event_path,
                    struct ck_error *err)
{
    struct hub_station_report *out = a->out;
    char src[4200];
    credential_default_key_path(event_path, src, sizeof(src));
    credential_default_key_path(a->o->out_path, out->key_path,
                                sizeof(out->key_path));
    if (access(src, F_OK) != 0) {
        out->key_path[0] = '\0';
        return CK_OK;
    }
    struct badge_key key;
    int code = credential_load_key(a->l.s, src, &key, err);
    if (!code)
        code = badge_key_save(&key, out->key_path, err);
    sodium_memzero(&key, sizeof(key));
    a->key_made = !code;
    return code;
}

/* The file was not published: what was made for it is undone. */
static void unpublished(struct adding *a)
{
    if (a->key_made)
        unlink(a->out->key_path); /* nothing refers to it */
    a->out->key_path[0] = '\0';
    if (!a->enrolled)
        return;
    const char *params[1] = {a->out->uid};
    PGresult *r;
    if (!pg_query(a->pg, "DELETE FROM checkin.station WHERE uid = $1", 1,
                  params, &r, N_("undoing the enrolment"), NULL))
        PQclear(r);
    struct ck_error ignored;
    if (!hub_exec_ident(a->pg, "DROP ROLE IF EXISTS @G", a->out->pg_role,
                        N_("undoing the enrolment"), &ignored))
        a->enrolled = false;
}

/* Closes what adding `a` opened; `code` is the outcome, or a damaged
 * event file's when a read failed on one. */
static int adding_close(struct adding *a, int code, struct ck_error *err)
{
    /* A read that failed on a damaged event file: the check's sentence,
     * which says what to do. */
    if (code && code != CK_ECORRUPT) {
        struct ck_error damage;
        if (store_check_wait(a->l.s, &damage) == CK_ECORRUPT) {
            code = CK_ECORRUPT;
            if (err)
                *err = damage;
        }
    }
    /* The first pull's report is the caller's only with the station. */
    if (code)
        sync_report_free(&a->out->first);
    atomic_file_abort(&a->af);
    sodium_memzero(a->conninfo, sizeof(a->conninfo));
    sodium_memzero(a->password, sizeof(a->password));
    PQfinish(a->pg);
    local_close(&a->l);
    return code;
}

int hub_add_station(const char *event_path, const struct hub_station_options *o,
                    struct hub_station_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!hub_valid_name(o->name))
        return ck_fail(err, CK_EINVAL,
                       "A station name is 1 to 63 letters, digits and . _ : "
                       "- (like desk-1); '%s' is not.",
                       o->name);
    struct adding a = {.o = o, .out = out, .af = {.fd = -1}};
    int code = role_kind(o->role, a.kind, a.target, &a.room, err);
    if (code)
        return code;
    snprintf(a.role, sizeof(a.role), "%s%s%s", a.kind, a.target[0] ? ":" : "",
             a.target);
    /* The event file is read whole by its quick_check (a sixth of a
     * desk's add-station at 100,000 registrations), on a thread while
     * this goes on to the hub: nothing made here is kept unless it
     * passes (below, before the station file is published). */
    code = open_organizer(event_path, true, &a.l, &a.hub, &a.pg, err);
    if (code)
        return code;
    char slug[64], name[256];
    code = local_event(&a.l, a.uid, sizeof(a.uid), slug, sizeof(slug), name,
                       sizeof(name), err);
    if (!code && a.target[0])
        code = a.room ? check_room(&a, event_path, err)
                      : check_target(&a, event_path, err);
    /* An older hub is brought to this format first: the desk's key
     * pair needs its column. */
    if (!code)
        code = hub_upgrade(a.pg, err);
    if (!code)
        code = read_hub(&a, event_path, err);
    if (!code)
        code = new_identity(&a, err);
    if (!code)
        code = write_station_file(&a, err);
    if (!code)
        code = enroll_station(&a, err);
    /* The first pull goes into the file before it is published: no one
     * else has it yet, so it is written without a flush per transaction
     * (pull.c) and synced once by the commit.  A pull that fails leaves
     * the file as it was, published all the same (the report says to run
     * 'checkin sync'). */
    if (!code)
        out->first_done = sync_new_station(a.af.tmp, o->out_path, &out->first,
                                           &out->first_err) == CK_OK;
    /* The event file's check, from the start: a damaged file enrolls
     * nothing (the enrolment is undone below) and gives no key. */
    if (!code)
        code = store_check_wait(a.l.s, err);
    if (!code && !strcmp(a.kind, "desk"))
        code = desk_key(&a, event_path, err);
    if (!code)
        code = atomic_file_commit(&a.af, err);
    if (code)
        unpublished(&a);
    return adding_close(&a, code, err);
}

/* ---- status ------------------------------------------------------------ */

int hub_expo_booth(const char *event_path, const char *name, const char *slug,
                   bool on, struct ck_error *err)
{
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = hub_open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    bool found = false;
    code = slug_exists(&l, "SELECT 1 FROM sponsor WHERE slug = ?1", slug,
                       &found, err);
    char there[600];
    if (!code && !found)
        local_slugs_text(&l, "SELECT slug FROM sponsor ORDER BY slug", there,
                         sizeof(there));
    if (!code && !found && there[0])
        code = ck_fail(err, CK_ENOTFOUND,
                       "There is no sponsor '%s' in %s; its sponsors are: "
                       "%s.",
                       slug, event_path, there);
    else if (!code && !found)
        code = ck_fail(err, CK_ENOTFOUND,
                       "There is no sponsor '%s' in %s; it has none.", slug,
                       event_path);
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
            4, params, &r, N_("changing the expo station's booths"), err);
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
    int code = pg_query(pg, sql, n, params, &r, N_("releasing seats"), err);
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

/* Retired in the station table and unable to log in (pg_transact). */
static int retire(PGconn *pg, void *arg, struct ck_error *err)
{
    struct retirement *t = arg;
    const char *up[2] = {t->uid, t->now};
    PGresult *r;
    int code = pg_query(pg,
                        "UPDATE checkin.station SET retired_ms = $2 WHERE"
                        " uid = $1",
                        2, up, &r, N_("retiring the station"), err);
    PQclear(r);
    if (!code)
        code = hub_exec_ident(pg, "ALTER ROLE @G NOLOGIN", t->role,
                              N_("retiring the station"), err);
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
    int code = hub_open_organizer(event_path, &l, &hub, &pg, err);
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
        2, params, &r, N_("finding the station"), err);
    if (code)
        goto out;
    if (PQntuples(r) == 0) {
        if (id)
            code = ck_fail(err, CK_ENOTFOUND,
                           "No station named %s with identity %s is enrolled "
                           "at the hub, or it is retired already; 'checkin "
                           "hub status %s' lists them.",
                           name, id, event_path);
        else
            code = ck_fail(err, CK_ENOTFOUND,
                           "No station named %s is enrolled at the hub, or it "
                           "is retired already; 'checkin hub status %s' lists "
                           "them.",
                           name, event_path);
        goto out;
    }
    if (PQntuples(r) > 1) {
        code = ck_failn(err, CK_EINVAL, (unsigned long)PQntuples(r),
                        "%d station is enrolled as %s; say which with --id "
                        "and the start of its identity, as 'checkin hub "
                        "status %s' shows it (%.8s, %.8s%s).",
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
                    N_("reading the hub's format"), err);
    if (code)
        goto out;
    bool leases = PQntuples(r) == 1 &&
                  strtol(PQgetvalue(r, 0, 0), NULL, 10) >= HUB_FORMAT_LEASES;
    PQclear(r);
    r = NULL;
    struct retirement t = {
        .uid = out->uid, .now = now, .role = role, .leases = leases};
    code = pg_transact(pg, 1, retire, &t, N_("retiring the station"), err);
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
                  1, rp, &r, N_("ending the station's connections"), NULL))
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
                        2, t->params, &r, N_("releasing seats"), err);
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
    int code = hub_open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    PGresult *r = NULL;
    code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                    N_("reading the hub's format"), err);
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
    code =
        pg_query(pg,
                 "SELECT s.uid, s.retired_ms IS NOT NULL, " HUB_SEEN_AGO_S
                 " FROM checkin.seat_lease l JOIN checkin.station s ON s.uid ="
                 " l.station_uid WHERE l.list = $1 AND s.name = $2 ORDER BY"
                 " l.granted - l.released DESC LIMIT 1",
                 2, p, &r, N_("finding the door's seats"), err);
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
    /* One sentence for seconds, one for minutes: under RELEASE_UNSEEN_S. */
    if (!retired && seen >= 0 && seen < 120) {
        code = ck_fail(err, CK_EINVAL,
                       "%s synced %ld s ago and may still let people in with "
                       "these seats; stop it and try again when it has not "
                       "synced for %d minutes, or retire it now with "
                       "'checkin hub retire-station %s %s', which gives its "
                       "seats back.",
                       name, seen, RELEASE_UNSEEN_S / 60, event_path, name);
        goto out;
    }
    if (!retired && seen >= 0 && seen < RELEASE_UNSEEN_S) {
        code =
            ck_fail(err, CK_EINVAL,
                    "%s synced %ld min ago and may still let people in with "
                    "these seats; stop it and try again when it has not "
                    "synced for %d minutes, or retire it now with "
                    "'checkin hub retire-station %s %s', which gives its "
                    "seats back.",
                    name, seen / 60, RELEASE_UNSEEN_S / 60, event_path, name);
        goto out;
    }
    struct release t = {.params = {list, uid}, .out = out};
    code = pg_transact(pg, 1, release, &t, N_("releasing seats"), err);
out:
    PQclear(r);
    PQfinish(pg);
    local_close(&l);
    return code;
}
