/* The expo hall's booths' tokens (see expo.h): the key and generations
 * in the station file, the HMAC.  Not for comparing a presented token
 * (web/booth.c does, in constant time) nor for printing links (cli/). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/expo.h"
#include "checkin/i18n.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

/* The key K of setting `name`, from the file's hex; *found false (and
 * CK_OK) when the file has none. */
static int read_key(store *s, const char *name, uint8_t key[32], bool *found,
                    struct ck_error *err)
{
    *found = false;
    sqlite3_stmt *q;
    int rc = store_prepare(s, "SELECT value FROM setting WHERE key = ?1", NULL,
                           &q, N_("reading a link key"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    const char *hex =
        rc == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
    size_t got = 0;
    int code = CK_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading a link key"), err);
    else if (hex &&
             (sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &got, NULL) ||
              got != 32))
        code = ck_fail(err, CK_ECORRUPT,
                       "%s holds a damaged link key (%s); make the file "
                       "again and print new links.",
                       store_path(s), name);
    *found = hex && !code;
    sqlite3_finalize(q);
    return code;
}

/* The expo station's key K. */
static int load_key(store *s, uint8_t key[32], struct ck_error *err)
{
    bool found = false;
    int code = read_key(s, "expo_key", key, &found, err);
    if (!code && !found)
        code = ck_fail(err, CK_EINVAL,
                       "%s is not an expo station's file; make one with "
                       "'checkin station-db EVENT.db expo EXPO.db'.",
                       store_path(s));
    return code;
}

void expo_token(const uint8_t key[32], const char *what, const char *slug,
                int64_t gen, char out[EXPO_TOKEN_CHARS + 1])
{
    char msg[EXPO_SLUG_CAP + 64];
    int n =
        snprintf(msg, sizeof(msg), "%s:%s:%lld", what, slug, (long long)gen);
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, (const uint8_t *)msg, (size_t)n, key);
    sodium_bin2hex(out, EXPO_TOKEN_CHARS + 1, mac, sizeof(mac));
    sodium_memzero(mac, sizeof(mac));
}

static void token_of(const uint8_t key[32], const char *slug, int64_t gen,
                     char out[EXPO_TOKEN_CHARS + 1])
{
    expo_token(key, "sponsor", slug, gen, out);
}

int expo_link_key(store *s, const char *name, bool make, uint8_t key[32],
                  bool *found, struct ck_error *err)
{
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "libsodium did not start; reinstall it.");
    int code = read_key(s, name, key, found, err);
    if (code || *found || !make)
        return code;
    sqlite3_stmt *q;
    code = store_prepare(s,
                         "INSERT OR IGNORE INTO setting (key, value) VALUES"
                         " (?1, lower(hex(randomblob(32))))",
                         NULL, &q, N_("making a link key"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("making a link key"), err);
    return read_key(s, name, key, found, err);
}

int expo_booths(store *s, struct expo_booth **out, size_t *n,
                struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "libsodium did not start; reinstall it.");
    uint8_t key[32];
    int code = load_key(s, key, err);
    if (code)
        return code;
    sqlite3_stmt *q;
    int rc = store_prepare(
        s,
        "SELECT slug, name, coalesce((SELECT CAST(value AS INTEGER) FROM"
        " setting WHERE key = 'expo_generation:' || slug), 0), EXISTS"
        " (SELECT 1 FROM setting WHERE key = '" EXPO_CLOSED_KEY "' || slug)"
        " FROM sponsor ORDER BY slug",
        NULL, &q, N_("reading sponsors"), err);
    if (rc) {
        sodium_memzero(key, sizeof(key));
        return rc;
    }
    struct expo_booth *b = NULL;
    size_t cap = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *slug = (const char *)sqlite3_column_text(q, 0);
        if (strlen(slug) >= EXPO_SLUG_CAP)
            continue; /* no link can name it; the event refuses such slugs */
        if (!CK_VEC_ROOM(b, *n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        struct expo_booth *e = &b[(*n)++];
        snprintf(e->slug, sizeof(e->slug), "%s", slug);
        snprintf(e->name, sizeof(e->name), "%s",
                 (const char *)sqlite3_column_text(q, 1));
        e->generation = sqlite3_column_int64(q, 2);
        e->closed = sqlite3_column_int(q, 3) != 0;
        token_of(key, e->slug, e->generation, e->token);
    }
    sqlite3_finalize(q);
    sodium_memzero(key, sizeof(key));
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading sponsors"), err);
    if (code) {
        free(b);
        *n = 0;
        return code;
    }
    *out = b;
    return CK_OK;
}

int expo_revoke(store *s, const char *slug, int64_t *generation,
                struct ck_error *err)
{
    uint8_t key[32];
    int code = load_key(s, key, err);
    sodium_memzero(key, sizeof(key));
    if (code)
        return code;
    sqlite3_stmt *q;
    int rc = store_prepare(s, "SELECT 1 FROM sponsor WHERE slug = ?1", NULL, &q,
                           N_("reading sponsors"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE)
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no sponsor '%s' in %s; 'checkin expo tokens' "
                       "lists them.",
                       slug, store_path(s));
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading sponsors"), err);
    rc = store_prepare(
        s,
        "INSERT INTO setting (key, value) VALUES ('expo_generation:' || ?1,"
        " '1') ON CONFLICT (key) DO UPDATE SET value ="
        " CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING"
        " CAST(value AS INTEGER)",
        NULL, &q, N_("revoking the booth's link"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *generation = sqlite3_column_int64(q, 0);
    int done = rc == SQLITE_ROW ? sqlite3_step(q) : rc;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW || done != SQLITE_DONE)
        return store_sqlite_fail(s, rc != SQLITE_ROW ? rc : done,
                                 N_("revoking the booth's link"), err);
    return CK_OK;
}

int expo_booth_closed(store *s, const char *slug, bool *closed,
                      struct ck_error *err)
{
    *closed = false;
    sqlite3_stmt *q;
    int rc = store_prepare(
        s, "SELECT 1 FROM setting WHERE key = '" EXPO_CLOSED_KEY "' || ?1",
        NULL, &q, N_("reading the booths"), err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the booths"), err);
    *closed = rc == SQLITE_ROW;
    return CK_OK;
}

void expo_phone_kit_free(struct expo_phone_kit *k)
{
    if (!k)
        return;
    free(k->keys);
    free(k->revoked);
    k->keys = NULL;
    k->revoked = NULL;
    k->nkeys = k->nrevoked = 0;
}

/* Every row of `sql` (one blob of `size` bytes, and an integer when
 * `with_id`) appended to a malloc'd array of `item`-byte entries. */
static int read_rows(store *s, const char *sql, size_t size, bool with_id,
                     size_t item, void **out, size_t *n, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code =
        store_prepare(s, sql, NULL, &q, N_("reading the booths' keys"), err);
    if (code)
        return code;
    unsigned char *v = NULL;
    size_t len = 0, cap = 0; /* cap in bytes: an entry's size is `item` */
    int rc;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if ((size_t)sqlite3_column_bytes(q, 0) != size) {
            code = ck_fail(err, CK_ECORRUPT,
                           "A signing key or revoked badge in %s is damaged; "
                           "make the expo file again with 'checkin "
                           "station-db'.",
                           store_path(s));
            break;
        }
        size_t used = len * item;
        if (!CK_VEC_ROOM(v, used, item, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        unsigned char *at = v + used;
        if (with_id) {
            struct expo_phone_key *k = (struct expo_phone_key *)(void *)at;
            k->key_id = sqlite3_column_int(q, 1);
            memcpy(k->public_key, sqlite3_column_blob(q, 0), size);
        } else {
            memcpy(at, sqlite3_column_blob(q, 0), size);
        }
        len++;
    }
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading the booths' keys"), err);
    sqlite3_finalize(q);
    if (code) {
        free(v);
        return code;
    }
    *out = v;
    *n = len;
    return CK_OK;
}

int expo_phone_kit(store *s, struct expo_phone_kit *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    sqlite3_stmt *q;
    int code = store_prepare(s, "SELECT slug FROM event", NULL, &q,
                             N_("reading the event"), err);
    if (code)
        return code;
    if (sqlite3_step(q) == SQLITE_ROW)
        code = badge_event_tag((const char *)sqlite3_column_text(q, 0),
                               (size_t)sqlite3_column_bytes(q, 0),
                               &out->event_tag, err);
    else
        code = ck_fail(err, CK_EINVAL,
                       "%s has no event; run 'checkin init' "
                       "first.",
                       store_path(s));
    sqlite3_finalize(q);
    void *keys = NULL, *revoked = NULL;
    if (!code)
        code =
            read_rows(s,
                      "SELECT public_key, key_id FROM signing_key"
                      " ORDER BY key_id",
                      BADGE_PUBLIC_KEY_BYTES, true,
                      sizeof(struct expo_phone_key), &keys, &out->nkeys, err);
    out->keys = keys;
    if (!code)
        code = read_rows(s, "SELECT hash FROM revoked_badge ORDER BY hash",
                         BADGE_REVOCATION_HASH_BYTES, false,
                         BADGE_REVOCATION_HASH_BYTES, &revoked, &out->nrevoked,
                         err);
    out->revoked = revoked;
    if (code)
        expo_phone_kit_free(out);
    return code;
}
