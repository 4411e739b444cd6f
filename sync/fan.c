/* A desk's check-ins carried to the other running desks in the hub's
 * notification (fan.h; the hub's side is hubschema/hub_schema_fan.c):
 * the payload "fan1 BODY SLOT:MAC ..." (BODY: base64 of a 16-byte nonce
 * and the ciphertext; MAC: base64 of the first 16 bytes of
 * HMAC-SHA256(the desk's key, BODY's bytes)), the rows decrypted with
 * the keystream HMAC-SHA256(the desks' key, nonce || block number, 4
 * bytes big-endian) and applied as the pull applies them. */
#include "fan.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/hub_schema.h"
#include "checkin/i18n.h"
#include "checkin/pg.h"
#include "checkin/util.h"
#include "pull_priv.h"

enum { NONCE = 16, MAC = 16, BLOCK = 32, COLS = 21, MAX_PAYLOAD = 8000 };

/* `hex` (64 digits) into `out`'s 32 bytes. */
static bool key_of(const char *hex, uint8_t out[32])
{
    size_t n = 0;
    return hex && strlen(hex) == 64 &&
           sodium_hex2bin(out, 32, hex, 64, NULL, &n, NULL) == 0 && n == 32;
}

int sync_fan_enrol(PGconn *pg, struct sync_fan *f, struct ck_error *err)
{
    memset(f, 0, sizeof(*f));
    /* Within the worker's limits (pg_query), as each of its statements:
     * a hub gone silent mid-question is found out within its silence,
     * not waited for (PQexec waited for as long as the link was silent,
     * the desk neither offline nor able to end). */
    PGresult *r = NULL;
    int code = pg_query(pg, "SELECT * FROM checkin.fan_enrol()", 0, NULL, &r,
                        N_("listening for changes"), err);
    bool ok = !code && PQntuples(r) == 1 && PQnfields(r) == 3 &&
              key_of(PQgetvalue(r, 0, 1), f->key) &&
              key_of(PQgetvalue(r, 0, 2), f->desks);
    long slot = 0;
    if (ok)
        ok = util_parse_long(PQgetvalue(r, 0, 0), 1, 1000000, &slot);
    PQclear(r);
    f->slot = (int)slot;
    f->on = ok;
    if (!f->on)
        sodium_memzero(f, sizeof(*f));
    return code;
}

/* The MAC `payload` gives slot `slot` (its base64 text, up to a space or
 * the end), or NULL. */
static const char *mac_for(const char *macs, int slot, size_t *len)
{
    char want[16];
    int w = snprintf(want, sizeof(want), "%d:", slot);
    for (const char *p = macs; p && *p;) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > (size_t)w && !memcmp(p, want, (size_t)w)) {
            *len = n - (size_t)w;
            return p + w;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

/* Decrypt `ct` (`n` bytes) after `nonce` into `out` (n + 1 bytes, a
 * NUL after). */
static void decrypt(const uint8_t desks[32], const uint8_t *nonce,
                    const uint8_t *ct, size_t n, char *out)
{
    uint8_t in[NONCE + 4], ks[BLOCK];
    memcpy(in, nonce, NONCE);
    for (size_t b = 0; b * BLOCK < n; b++) {
        in[NONCE] = (uint8_t)(b >> 24);
        in[NONCE + 1] = (uint8_t)(b >> 16);
        in[NONCE + 2] = (uint8_t)(b >> 8);
        in[NONCE + 3] = (uint8_t)b;
        crypto_auth_hmacsha256(ks, in, sizeof(in), desks);
        for (size_t k = 0; k < BLOCK && b * BLOCK + k < n; k++)
            out[b * BLOCK + k] = (char)(ct[b * BLOCK + k] ^ ks[k]);
    }
    out[n] = '\0';
}

bool sync_fan_open(const struct sync_fan *f, const char *payload, char **json)
{
    *json = NULL;
    if (!f->on || strncmp(payload, "fan1 ", 5))
        return false;
    const char *b64 = payload + 5;
    const char *sp = strchr(b64, ' ');
    if (!sp || sp - b64 > MAX_PAYLOAD)
        return false;
    size_t mlen = 0;
    const char *m64 = mac_for(sp + 1, f->slot, &mlen);
    uint8_t body[MAX_PAYLOAD]; /* on each worker's own stack */
    uint8_t mac[MAC + 4], full[crypto_auth_hmacsha256_BYTES];
    size_t n = 0, got = 0;
    if (!m64 ||
        sodium_base642bin(body, sizeof(body), b64, (size_t)(sp - b64), NULL, &n,
                          NULL, sodium_base64_VARIANT_ORIGINAL) ||
        n <= NONCE ||
        sodium_base642bin(mac, sizeof(mac), m64, mlen, NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) ||
        got != MAC)
        return false;
    crypto_auth_hmacsha256(full, body, n, f->key);
    if (sodium_memcmp(full, mac, MAC))
        return false;
    *json = malloc(n - NONCE + 1);
    if (!*json)
        return false;
    decrypt(f->desks, body, body + NONCE, n - NONCE, *json);
    return true;
}

/* Row `i` of `a` into `r` when it is COLS texts or nulls, a desk's
 * check-in. */
static bool row_into(PGresult *r, int i, json_t *row)
{
    if (!json_is_array(row) || json_array_size(row) != COLS)
        return false;
    for (int k = 0; k < COLS; k++) {
        json_t *v = json_array_get(row, (size_t)k);
        if (!json_is_string(v) && !json_is_null(v))
            return false;
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        /* mode (4) a desk's, act (13) a check-in: what the hub seals. */
        if ((k == 4 && (!s || strcmp(s, "desk"))) ||
            (k == 13 && (!s || strcmp(s, "scan"))))
            return false;
        if (!PQsetvalue(r, i, k, (char *)s,
                        s ? (int)json_string_length(v) : -1))
            return false;
    }
    return true;
}

PGresult *sync_fan_rows(const char *json)
{
    json_t *a = json_loads(json, 0, NULL);
    if (!json_is_array(a) || !json_array_size(a) || json_array_size(a) > 64) {
        json_decref(a);
        return NULL;
    }
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    PGresAttDesc att[COLS];
    memset(att, 0, sizeof(att));
    for (int k = 0; k < COLS; k++) {
        att[k].name = (char *)"c";
        att[k].typid = 25; /* text */
        att[k].typlen = -1;
        att[k].atttypmod = -1;
    }
    bool ok = r && PQsetResultAttrs(r, COLS, att);
    for (size_t i = 0; ok && i < json_array_size(a); i++)
        ok = row_into(r, (int)i, json_array_get(a, i));
    json_decref(a);
    if (!ok) {
        PQclear(r);
        return NULL;
    }
    return r;
}

/* The journal's kind of pull for a desk at `format` (pull.c's table). */
static size_t journal_kind(int format)
{
    for (size_t p = 0; p < sync_pull_kinds(); p++)
        if (!strcmp(sync_pull_table(p), "scan") &&
            sync_pull_wanted(p, P_DESK, format))
            return p;
    return sync_pull_kinds();
}

int sync_fan_apply(struct local *l, const struct local_hub *hub, int format,
                   PGresult *r, struct sync_report *rep, bool *taken,
                   struct ck_error *err)
{
    *taken = false;
    size_t j = journal_kind(format);
    if (j >= sync_pull_kinds() || format < HUB_FORMAT_FAN)
        return CK_OK;
    struct ctx c = {.l = l, .hub = hub, .format = format, .rep = rep};
    snprintf(c.kind, sizeof(c.kind), "desk");
    int code = local_begin(l, err);
    if (code)
        return code;
    long applied = 0, waiting = 0;
    code = sync_pull_apply(&c, j, r, &applied, &waiting, err);
    if (!code && !waiting)
        code = local_commit(l, err);
    else
        local_rollback(l);
    if (!code && !waiting) {
        rep->checked_in += c.tx_checked_in;
        rep->counts_moved += c.tx_moved;
        rep->recount += c.tx_recount;
        rep->pulled.scans += applied;
        *taken = true;
    }
    return code;
}
