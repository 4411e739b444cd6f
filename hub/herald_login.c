/* The herald's own hub login (checkin/hub.h, hub_add_herald,
 * hub_retire_herald) and the file it runs from (hub_herald_file_read):
 * the herald only LISTENs, so it holds a PostgreSQL role that may log in
 * and nothing more (no schema, table, function or sequence of the hub's
 * granted, a member of no role), never the organizer's login nor the
 * event file.  The role is named for the herald (PREFIX_herald_NAME) so
 * that `hub status` and retiring find it without a table of the hub's:
 * no hub format step.  Not the herald itself (herald.c). */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "checkin/atomic_file.h"
#include "checkin/hub.h"
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "hub_priv.h"

/* The herald file's first line: what it is, and its layout's number. */
#define HEAD "checkin-herald 1\n"

/* Sessions the herald's role may hold at once: one, and those a lost
 * network leaves behind while it connects again.  A copied file cannot
 * open more. */
#define HERALD_SESSIONS "4"

/* The hub's role prefix into `prefix`. */
static int read_prefix(PGconn *pg, char *prefix, size_t cap,
                       struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg, "SELECT role_prefix FROM checkin.hub", 0, NULL, &r,
                        N_("reading the hub"), err);
    if (code)
        return code;
    if (PQntuples(r) == 1)
        snprintf(prefix, cap, "%s", PQgetvalue(r, 0, 0));
    else
        code = ck_fail(err, CK_EINVAL,
                       "The hub holds no event; run 'checkin hub init' "
                       "again on an empty database.");
    PQclear(r);
    return code;
}

/* The herald `name`'s role at the hub into `role`, and whether it is
 * there; a name that is not one is refused. */
static int herald_role(PGconn *pg, const char *name, char role[64], bool *there,
                       struct ck_error *err)
{
    char prefix[64];
    int code = read_prefix(pg, prefix, sizeof(prefix), err);
    if (code)
        return code;
    int n = snprintf(role, 64, "%s_herald_%s", prefix, name);
    if (!hub_valid_name(name) || n < 0 || n > 63)
        return ck_fail(err, CK_EINVAL,
                       "A herald's name is 1 to %d letters, digits, '.', "
                       "'_' and '-'; '%s' is not one.",
                       63 - (int)strlen(prefix) - 8, name);
    const char *params[1] = {role};
    PGresult *r;
    code = pg_query(pg, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1",
                    1, params, &r, N_("reading the hub's roles"), err);
    if (code)
        return code;
    *there = PQntuples(r) == 1;
    PQclear(r);
    return CK_OK;
}

/* The file at `out_path`, not yet published: its head and `conninfo`. */
static int write_file(struct atomic_file *af, const char *out_path,
                      const char *conninfo, struct ck_error *err)
{
    int code = atomic_file_begin(af, out_path, ATOMIC_NEW, err);
    if (code)
        return code;
    size_t n = strlen(conninfo);
    if (write(af->fd, HEAD, strlen(HEAD)) != (ssize_t)strlen(HEAD) ||
        write(af->fd, conninfo, n) != (ssize_t)n || write(af->fd, "\n", 1) != 1)
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", out_path,
                       strerror(errno));
    return CK_OK;
}

/* The role: it may log in, with the password hashed here (SCRAM: the
 * password never reaches the server or its logs), a few sessions at
 * once, and nothing else.  The organizer's role is made its member, so
 * that retiring may end its sessions without pg_signal_backend; that
 * gives the organizer the herald's privileges, which are none, and the
 * herald nothing. */
static int make_role(PGconn *pg, const char *role, const char *password,
                     struct ck_error *err)
{
    char *hashed = PQencryptPasswordConn(pg, password, role, "scram-sha-256");
    char *pw_q = hashed ? PQescapeLiteral(pg, hashed, strlen(hashed)) : NULL;
    PQfreemem(hashed);
    if (!pw_q)
        return pg_fail(pg, NULL, N_("making the herald's role"), err);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "CREATE ROLE @G LOGIN NOINHERIT PASSWORD %s CONNECTION LIMIT "
             "%s ROLE CURRENT_USER",
             pw_q, HERALD_SESSIONS);
    PQfreemem(pw_q);
    int code =
        hub_exec_ident(pg, sql, role, N_("making the herald's role"), err);
    sodium_memzero(sql, sizeof(sql));
    return code;
}

int hub_add_herald(const char *event_path, const char *name, const char *host,
                   const char *out_path, char role[64], struct ck_error *err)
{
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = hub_open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    bool there = false, made = false;
    char password[49], conninfo[2048];
    struct atomic_file af = {.fd = -1};
    code = herald_role(pg, name, role, &there, err);
    if (!code && there)
        code = ck_fail(err, CK_EINVAL,
                       "A herald named %s is enrolled at the hub already; "
                       "retire it with 'checkin hub retire-herald %s %s', or "
                       "choose another name.",
                       name, event_path, name);
    sync_random_hex(password, 24);
    if (!code)
        code = hub_conninfo_for(pg, hub.conninfo, host, role, password,
                                conninfo, sizeof(conninfo), err);
    if (!code)
        code = write_file(&af, out_path, conninfo, err);
    if (!code)
        code = make_role(pg, role, password, err);
    made = !code;
    if (!code)
        code = atomic_file_commit(&af, err);
    if (code)
        atomic_file_abort(&af);
    /* A role whose file was not published is dropped (should that fail
     * too, `hub status` lists it and retire-herald drops it). */
    struct ck_error ignored;
    if (code && made &&
        !hub_exec_ident(pg, "DROP ROLE IF EXISTS @G", role,
                        N_("undoing the herald's enrolment"), &ignored))
        made = false;
    sodium_memzero(password, sizeof(password));
    sodium_memzero(conninfo, sizeof(conninfo));
    PQfinish(pg);
    local_close(&l);
    return code;
}

/* Retiring waits for the herald's sessions in steps of POLL_MS: up to
 * LEAVE_POLLS for a herald told to leave (one on the same machine left
 * within a few ms), then up to END_POLLS for those ended. */
enum { POLL_MS = 50, LEAVE_POLLS = 40, END_POLLS = 100 };

/* NOTIFY the heralds that `role` was retired (HUB_HERALD_CHANNEL); a
 * herald not told stops all the same at its next login, refused. */
static void tell_heralds(PGconn *pg, const char *role)
{
    const char *params[1] = {role};
    PGresult *r;
    if (!pg_query(pg,
                  "SELECT pg_catalog.pg_notify('" HUB_HERALD_CHANNEL "', $1)",
                  1, params, &r, N_("retiring the herald"), NULL))
        PQclear(r);
}

/* The sessions `role` holds at the hub; -1 when it could not tell. */
static long sessions(PGconn *pg, const char *role, bool end)
{
    const char *params[1] = {role};
    PGresult *r;
    if (pg_query(pg,
                 end ? "SELECT count(*) FILTER (WHERE"
                       " pg_catalog.pg_terminate_backend(pid)) FROM"
                       " pg_catalog.pg_stat_activity WHERE usename = $1"
                     : "SELECT count(*) FROM pg_catalog.pg_stat_activity"
                       " WHERE usename = $1",
                 1, params, &r, N_("ending the herald's session"), NULL))
        return -1;
    long n = strtol(PQgetvalue(r, 0, 0), NULL, 10);
    PQclear(r);
    return n;
}

int hub_retire_herald(const char *event_path, const char *name, long *cut,
                      struct ck_error *err)
{
    *cut = 0;
    struct local l;
    struct local_hub hub;
    PGconn *pg;
    int code = hub_open_organizer(event_path, &l, &hub, &pg, err);
    if (code)
        return code;
    char role[64];
    bool there = false;
    code = herald_role(pg, name, role, &there, err);
    if (!code && !there)
        code = ck_fail(err, CK_ENOTFOUND,
                       "No herald named %s is enrolled at the hub; 'checkin "
                       "hub status %s' lists them.",
                       name, event_path);
    /* No new session; the heralds told (each reads its role, finds it
     * may no longer log in, and stops) and given a moment to leave; the
     * sessions still open ended (each ends within a moment: a temporary
     * table of its session would keep the role), then the role dropped. */
    if (!code)
        code = hub_exec_ident(pg, "ALTER ROLE @G NOLOGIN", role,
                              N_("retiring the herald"), err);
    if (!code) {
        *cut = sessions(pg, role, false);
        if (*cut > 0)
            tell_heralds(pg, role);
        for (int i = 0; i < LEAVE_POLLS && sessions(pg, role, false) > 0; i++)
            nanosleep(&(struct timespec){0, POLL_MS * 1000 * 1000}, NULL);
        (void)sessions(pg, role, true);
        for (int i = 0; i < END_POLLS && sessions(pg, role, false) > 0; i++)
            nanosleep(&(struct timespec){0, POLL_MS * 1000 * 1000}, NULL);
        code = hub_exec_ident(pg, "DROP ROLE @G", role,
                              N_("retiring the herald"), err);
    }
    PQfinish(pg);
    local_close(&l);
    return code;
}

int hub_herald_file_read(const char *path, char *conninfo, size_t cap,
                         struct ck_error *err)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return ck_fail(err, CK_ENOTFOUND,
                       "Cannot read the herald's file %s: %s; make it on the "
                       "organizer's laptop with 'checkin hub add-herald "
                       "EVENT.db NAME --out FILE' and give that file.",
                       path, strerror(errno));
    char head[32] = "";
    bool ok = fgets(head, sizeof(head), f) && !strcmp(head, HEAD) &&
              fgets(conninfo, (int)cap, f) && strchr(conninfo, '\n');
    fclose(f);
    if (ok)
        *strchr(conninfo, '\n') = '\0';
    char *perr = NULL;
    PQconninfoOption *o = ok ? PQconninfoParse(conninfo, &perr) : NULL;
    PQfreemem(perr);
    PQconninfoFree(o);
    if (!o) {
        sodium_memzero(conninfo, cap);
        return ck_fail(err, CK_EINVAL,
                       "%s is not a herald's file (an event or station "
                       "database is not one: the herald runs from a login of "
                       "its own); make one with 'checkin hub add-herald "
                       "EVENT.db NAME --out FILE' and give that file.",
                       path);
    }
    return CK_OK;
}
