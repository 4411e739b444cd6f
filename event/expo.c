/* The expo hall's booths' tokens (see expo.h): the key and generations
 * in the station file, the HMAC.  Not for comparing a presented token
 * (web/booth.c does, in constant time) nor for printing links (cli/). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/expo.h"
#include "checkin/store_sql.h"

/* The key K, from the file's hex. */
static int load_key(store *s, uint8_t key[32], struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc = store_prepare(s,
                           "SELECT value FROM setting WHERE key ="
                           " 'expo_key'",
                           NULL, &q, "reading the expo key", err);
    if (rc)
        return rc;
    rc = sqlite3_step(q);
    const char *hex =
        rc == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
    size_t got = 0;
    int code = CK_OK;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, "reading the expo key", err);
    else if (!hex)
        code = ck_fail(err, CK_EINVAL,
                       "%s is not an expo station's file; make one with "
                       "'checkin station-db EVENT.db expo EXPO.db'.",
                       store_path(s));
    else if (sodium_hex2bin(key, 32, hex, strlen(hex), NULL, &got, NULL) ||
             got != 32)
        code = ck_fail(err, CK_ECORRUPT,
                       "%s holds a damaged expo key; make the expo file "
                       "again with 'checkin station-db' and print new "
                       "links.",
                       store_path(s));
    sqlite3_finalize(q);
    return code;
}

static void token_of(const uint8_t key[32], const char *slug, int64_t gen,
                     char out[EXPO_TOKEN_CHARS + 1])
{
    char msg[EXPO_SLUG_CAP + 40];
    int n = snprintf(msg, sizeof(msg), "sponsor:%s:%lld", slug, (long long)gen);
    uint8_t mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, (const uint8_t *)msg, (size_t)n, key);
    sodium_bin2hex(out, EXPO_TOKEN_CHARS + 1, mac, sizeof(mac));
    sodium_memzero(mac, sizeof(mac));
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
        NULL, &q, "reading sponsors", err);
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
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            struct expo_booth *more = realloc(b, cap * sizeof(*b));
            if (!more) {
                code = ck_fail(err, CK_ENOMEM, "Out of memory.");
                break;
            }
            b = more;
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
        code = store_sqlite_fail(s, rc, "reading sponsors", err);
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
                           "reading sponsors", err);
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
        return store_sqlite_fail(s, rc, "reading sponsors", err);
    rc = store_prepare(
        s,
        "INSERT INTO setting (key, value) VALUES ('expo_generation:' || ?1,"
        " '1') ON CONFLICT (key) DO UPDATE SET value ="
        " CAST(CAST(value AS INTEGER) + 1 AS TEXT) RETURNING"
        " CAST(value AS INTEGER)",
        NULL, &q, "revoking the booth's link", err);
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
                                 "revoking the booth's link", err);
    return CK_OK;
}

int expo_booth_closed(store *s, const char *slug, bool *closed,
                      struct ck_error *err)
{
    *closed = false;
    sqlite3_stmt *q;
    int rc = store_prepare(
        s, "SELECT 1 FROM setting WHERE key = '" EXPO_CLOSED_KEY "' || ?1",
        NULL, &q, "reading the booths", err);
    if (rc)
        return rc;
    sqlite3_bind_text(q, 1, slug, -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, "reading the booths", err);
    *closed = rc == SQLITE_ROW;
    return CK_OK;
}
