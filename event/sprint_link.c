/* A sprint project lead's link (sprint.h, docs/sprints.md "The lead's
 * list on their phone"): the token of each project, made as a sponsor's
 * booth token is (expo.c's expo_token and link key) under a key of its
 * own in the station's file, `sprint_key`, and each project's generation
 * (`sprint_generation:SLUG`), so a printed link outlives restarts and a
 * revoked one is worthless from the station's next start.  Not here:
 * matching a presented token (web/booth.c), the page (runtime/). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/expo.h"
#include "checkin/i18n.h"
#include "checkin/sprint.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

#define KEY_NAME "sprint_key"

int sprint_lead_links(store *s, bool make, struct sprint_link **out, size_t *n,
                      struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    uint8_t key[32];
    bool found = false;
    int code = expo_link_key(s, KEY_NAME, make, key, &found, err);
    if (code || !found)
        return code;
    sqlite3_stmt *q;
    code = store_prepare(
        s,
        "SELECT slug, coalesce((SELECT CAST(value AS INTEGER) FROM setting"
        " WHERE key = 'sprint_generation:' || slug), 0) FROM sprint_project"
        " ORDER BY slug",
        NULL, &q, N_("reading the projects' links"), err);
    if (code) {
        sodium_memzero(key, sizeof(key));
        return code;
    }
    struct sprint_link *v = NULL;
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *slug = (const char *)sqlite3_column_text(q, 0);
        if (strlen(slug) >= SPRINT_SLUG_CAP)
            continue; /* refused at its addition: no link names it */
        if (!CK_VEC_ROOM(v, *n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        struct sprint_link *l = &v[(*n)++];
        snprintf(l->slug, sizeof(l->slug), "%s", slug);
        l->generation = sqlite3_column_int64(q, 1);
        expo_token(key, "sprint", l->slug, l->generation, l->token);
    }
    sqlite3_finalize(q);
    sodium_memzero(key, sizeof(key));
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading the projects' links"), err);
    if (code) {
        if (v)
            sodium_memzero(v, *n * sizeof(*v));
        free(v);
        *n = 0;
        return code;
    }
    *out = v;
    return CK_OK;
}

int sprint_lead_revoke(store *s, const char *slug, int64_t *generation,
                       enum sprint_outcome *outcome, struct ck_error *err)
{
    struct sprint_project p;
    bool found = false;
    int code = sprint_project_get(s, slug, &p, &found, err);
    *outcome = found ? SPRINT_DONE : SPRINT_UNKNOWN_PROJECT;
    if (code || !found)
        return code;
    sqlite3_stmt *q;
    code = store_prepare(
        s,
        "INSERT INTO setting (key, value) VALUES ('sprint_generation:' || ?1,"
        " '1') ON CONFLICT (key) DO UPDATE SET value ="
        " CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING"
        " CAST(value AS INTEGER)",
        NULL, &q, N_("revoking the lead's link"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *generation = sqlite3_column_int64(q, 0);
    int done = rc == SQLITE_ROW ? sqlite3_step(q) : rc;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW || done != SQLITE_DONE)
        return store_sqlite_fail(s, rc != SQLITE_ROW ? rc : done,
                                 N_("revoking the lead's link"), err);
    return CK_OK;
}
