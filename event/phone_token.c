/* A station's web token kept in its file (see phone_token.h).  Only the
 * making and keeping: the web server compares what a phone presents. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "checkin/phone_token.h"
#include "checkin/store_sql.h"

#define KEY PHONE_TOKEN_KEY

/* Whether `t` is a token this module makes: 32 lowercase hex digits. */
static bool well_made(const char *t)
{
    if (strlen(t) != PHONE_TOKEN_CHARS)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

int phone_token_kept(store *s, bool renew, char out[PHONE_TOKEN_CHARS + 1],
                     struct ck_error *err)
{
    out[0] = '\0';
    sqlite3_stmt *q;
    int code;
    if (!renew) {
        char held[PHONE_TOKEN_CHARS + 2];
        code =
            store_prepare(s, "SELECT value FROM setting WHERE key = '" KEY "'",
                          NULL, &q, "reading the station's web token", err);
        if (!code)
            code = store_step_text(s, q, false, held, sizeof(held), NULL,
                                   "reading the station's web token", err);
        if (code)
            return code;
        if (well_made(held)) {
            memcpy(out, held, PHONE_TOKEN_CHARS + 1);
            return CK_OK;
        }
    }
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "libsodium did not start; reinstall it.");
    unsigned char raw[PHONE_TOKEN_CHARS / 2];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(out, PHONE_TOKEN_CHARS + 1, raw, sizeof(raw));
    sodium_memzero(raw, sizeof(raw));
    code = store_prepare(s,
                         "INSERT INTO setting (key, value) VALUES ('" KEY
                         "', ?1) ON CONFLICT (key) DO UPDATE SET value ="
                         " excluded.value",
                         NULL, &q, "keeping the station's web token", err);
    if (!code) {
        sqlite3_bind_text(q, 1, out, -1, SQLITE_STATIC);
        code = store_step_done(s, q, "keeping the station's web token", err);
    }
    if (code)
        out[0] = '\0';
    return code;
}
