/* Making the hub's schema and bringing an older hub up to HUB_FORMAT, as
 * the organizer's role (it owns the schema): each format's step in turn
 * (hub_schema.c up to format 10, hub_schema_steps.c after).  The
 * organizer's commands (hub/) make a hub; a sync (sync/) upgrades the one
 * it finds older, which is why this is below both. */
#include <stdlib.h>
#include <string.h>

#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"

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

int hub_exec_ident(PGconn *pg, const char *fmt, const char *ident,
                   const char *what, struct ck_error *err)
{
    char *q = PQescapeIdentifier(pg, ident, strlen(ident));
    if (!q)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    char *sql = with_group(fmt, q);
    PQfreemem(q);
    if (!sql)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    int code = pg_exec(pg, sql, what, err);
    free(sql);
    return code;
}

/* The step from format f - 1 to f is STEPS[f - 2], two a line. */
/* clang-format off */
static const char *const STEPS[] = {
    HUB_UPGRADE_2,  HUB_UPGRADE_3,
    HUB_UPGRADE_4,  HUB_UPGRADE_5,
    HUB_UPGRADE_6,  HUB_UPGRADE_7,
    HUB_UPGRADE_8,  HUB_UPGRADE_9,
    HUB_UPGRADE_10, HUB_UPGRADE_11,
    HUB_UPGRADE_12, HUB_UPGRADE_13,
    HUB_UPGRADE_14, HUB_UPGRADE_15,
    HUB_UPGRADE_16, HUB_UPGRADE_17,
    HUB_UPGRADE_18, HUB_UPGRADE_19,
    HUB_UPGRADE_20, HUB_UPGRADE_21,
    HUB_UPGRADE_22, HUB_UPGRADE_23,
    HUB_UPGRADE_24, HUB_UPGRADE_25,
    HUB_UPGRADE_26, HUB_UPGRADE_27,
    HUB_UPGRADE_28, HUB_UPGRADE_29,
    HUB_UPGRADE_30, HUB_UPGRADE_31,
    HUB_UPGRADE_32, HUB_UPGRADE_33 /* the auction: hub_schema_auction.c */,
    HUB_UPGRADE_34 /* the triage's role: hub_schema_triage_role.c */,
    HUB_UPGRADE_35 /* a triage's name edits: hub_schema_triage_changes.c */,
    HUB_UPGRADE_36 /* an auction's voids: hub_schema_auction_void.c */,
    HUB_UPGRADE_37 /* the open spaces' board: hub_schema_board.c */,
    HUB_UPGRADE_38 /* who calls, plans kept: hub_schema_me.c */,
    HUB_UPGRADE_39 /* a printer's kept sentence: hub_schema_printer_kept.c */,
    HUB_UPGRADE_40 /* check-ins in the notification: hub_schema_fan.c */,
    HUB_UPGRADE_41 /* ... sent once: hub_schema_fan.c */,
    HUB_UPGRADE_42 /* the journal's triggers: hub_schema_push.c */};
/* clang-format on */

int hub_make_schema(PGconn *pg, const char *group, struct ck_error *err)
{
    int code = hub_exec_ident(pg, "CREATE ROLE @G NOLOGIN", group,
                              N_("making the hub"), err);
    if (!code)
        code = hub_exec_ident(pg, HUB_SCHEMA, group, N_("making the hub"), err);
    /* The formats after HUB_SCHEMA's, each as its step (hub_schema_steps.c):
     * a hub made new holds what one upgraded step by step holds. */
    for (int f = HUB_SCHEMA_FORMAT + 1; f <= HUB_FORMAT && !code; f++)
        code =
            hub_exec_ident(pg, STEPS[f - 2], group, N_("making the hub"), err);
    return code;
}

static int upgrade_steps(PGconn *pg, void *arg, struct ck_error *err);

int hub_upgrade(PGconn *pg, struct ck_error *err)
{
    PGresult *r;
    int code = pg_query(pg, "SELECT format FROM checkin.hub", 0, NULL, &r,
                        N_("reading the hub's format"), err);
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
    return pg_transact(pg, 5, upgrade_steps, NULL, N_("upgrading the hub"),
                       err);
}

static int upgrade_steps(PGconn *pg, void *arg, struct ck_error *err)
{
    (void)arg;
    PGresult *r;
    int code = pg_query(pg,
                        "SELECT format, role_prefix || '_station' FROM"
                        " checkin.hub FOR UPDATE",
                        0, NULL, &r, N_("upgrading the hub"), err);
    if (!code) {
        /* Each step from the format the hub is at (read again under the
         * lock) to this one. */
        long at = PQntuples(r) == 1 ? strtol(PQgetvalue(r, 0, 0), NULL, 10)
                                    : HUB_FORMAT;
        for (long f = at + 1; f <= HUB_FORMAT && f >= 2 && !code; f++)
            if (STEPS[f - 2])
                code = hub_exec_ident(pg, STEPS[f - 2], PQgetvalue(r, 0, 1),
                                      N_("upgrading the hub"), err);
        PQclear(r);
    }
    return code;
}
