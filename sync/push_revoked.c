/* Push: a desk's badge revocations (see push_revoked's comment below),
 * split from push.c; the file's data_version, which tells a running
 * desk's sync whether another connection wrote the file since. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "checkin/badge.h"
#include "checkin/credential.h"
#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "checkin/util.h"
#include "checkin/vec.h"
#include "sync_parts.h"
#include "sync_priv.h"

/* What this file's revoked_badge table holds, sorted as
 * credential_revoked_hashes sorts (SQLite compares blobs with memcmp). */
static int local_revoked(struct ctx *c, struct revoked_hash **out, size_t *n,
                         struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    /* Kept (local_statement): read at each sync of a desk. */
    static const char sql[] = "SELECT hash FROM revoked_badge ORDER BY hash";
    sqlite3_stmt *q;
    int code =
        local_statement(c->l, sql, &q, N_("reading the revocations sent"), err);
    if (code)
        return code;
    size_t cap = 0;
    int rc;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(q, 0) != BADGE_REVOCATION_HASH_BYTES)
            continue;
        if (!CK_VEC_ROOM(*out, *n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        memcpy((*out)[(*n)++].h, sqlite3_column_blob(q, 0),
               BADGE_REVOCATION_HASH_BYTES);
    }
    if (!code && rc != SQLITE_DONE)
        code = local_fail(c->l, rc, N_("reading the revocations sent"), err);
    sqlite3_reset(q);
    return code;
}

/* credential_revoked_hashes' statement, kept (local_kept) for the life
 * of the sync's connection. */
static const char REVOKED_KEPT = 0;

/* The file's data_version on the sync's own connection: moved by every
 * other connection's commit, the station's among them, not by the
 * pull's. */
int sync_file_version(struct ctx *c, int64_t *out, struct ck_error *err)
{
    static const char sql[] = "PRAGMA data_version";
    sqlite3_stmt *q;
    int code =
        local_statement(c->l, sql, &q, N_("reading the revocations"), err);
    if (code)
        return code;
    int rc = sqlite3_step(q);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    return rc == SQLITE_ROW
               ? CK_OK
               : local_fail(c->l, rc, N_("reading the revocations"), err);
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
                             &st[0], N_("noting the revocations sent"), err);
    if (!code)
        code = local_prepare(c->l, "DELETE FROM revoked_badge WHERE hash = ?1",
                             &st[1], N_("noting the revocations sent"), err);
    if (!code)
        code = local_begin(c->l, err);
    if (!code) {
        const struct revoked_hash *const *sets[2] = {add, gone};
        size_t lens[2] = {n_add, n_gone};
        for (int k = 0; k < 2 && !code; k++)
            for (size_t i = 0; i < lens[k] && !code; i++) {
                sqlite3_bind_blob(st[k], 1, sets[k][i]->h,
                                  sizeof(sets[k][i]->h), SQLITE_STATIC);
                code = local_done(c->l, st[k],
                                  N_("noting the revocations sent"), err);
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
int sync_push_revoked(struct ctx *c, struct ck_error *err)
{
    /* A desk's set moves only with its file's badges and registrations:
     * by another connection's commit (the station's print, `checkin
     * edit`: data_version moves), or by a pull that brought such rows
     * (sync.c clears `revoked_read`).  A desk's check-ins pulled from the
     * hub move neither, and the set is not read again after each (a
     * tenth of a pulling desk's CPU, issue 54). */
    struct sync_said *said = c->organizer ? NULL : c->said;
    int64_t version = 0;
    int code = said ? sync_file_version(c, &version, err) : CK_OK;
    if (code ||
        (said && said->revoked_read && said->revoked_version == version))
        return code;
    if (said)
        said->revoked_read = false;
    struct revoked_hash *now = NULL, *had = NULL;
    size_t n_now = 0, n_had = 0;
    sqlite3_stmt **kept = local_kept(c->l, &REVOKED_KEPT, 1);
    if (!kept)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    code = credential_revoked_hashes(c->l->s, "main", kept, &now, &n_now, err);
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
        code = sync_push_json(
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
            add_hex, NULL, 0, &got, 1, N_("sending revoked badges"), err);
    if (!code && c->organizer && n_gone > 0) {
        char now_ms[32];
        snprintf(now_ms, sizeof(now_ms), "%lld", (long long)store_now_ms());
        const char *at = now_ms;
        code = sync_push_json(
            c,
            "WITH up AS (UPDATE checkin.revoked_badge SET"
            " lifted_ms = $2::bigint WHERE hash IN (SELECT"
            " decode(h, 'hex') FROM jsonb_array_elements_text($1)"
            " AS h) AND lifted_ms IS NULL RETURNING 1)"
            " SELECT count(*) FROM up",
            gone_hex, &at, 1, &lifted, 1,
            N_("lifting the revocations of badges valid again"), err);
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
    if (said && !code) {
        said->revoked_read = true;
        said->revoked_version = version;
    }
    return code;
}
