/* Issuing and checking what attendees show at stations: checkin's signed
 * badges and tutorial tickets (via badge.c) and the registration system's
 * ticket secrets.  All decisions come from the local store, so a station
 * with no network decides exactly as one with it would.  Not for display
 * or journaling: stations do that with the verdict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "checkin/credential.h"
#include "checkin/i18n.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

void credential_default_key_path(const char *db_path, char *out, size_t cap)
{
    size_t n = strlen(db_path);
    if (n > 3 && !strcmp(db_path + n - 3, ".db"))
        snprintf(out, cap, "%.*s.key", (int)(n - 3), db_path);
    else
        snprintf(out, cap, "%s.key", db_path);
}

const char *credential_key_path(const char *db_path, const char *given,
                                char *buf, size_t cap)
{
    if (given)
        return given;
    credential_default_key_path(db_path, buf, cap);
    return buf;
}

static int event_tag(store *s, uint16_t *tag, struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = store_prepare(s, "SELECT slug FROM event", NULL, &st,
                             N_("reading the event"), err);
    if (code)
        return code;
    if (sqlite3_step(st) == SQLITE_ROW)
        code = badge_event_tag((const char *)sqlite3_column_text(st, 0),
                               (size_t)sqlite3_column_bytes(st, 0), tag, err);
    else
        code = ck_fail(err, CK_EINVAL,
                       "%s has no event; run 'checkin init' first.",
                       store_path(s));
    sqlite3_finalize(st);
    return code;
}

int credential_create_key(store *s, const char *key_path, struct ck_error *err)
{
    uint16_t tag;
    int code = event_tag(s, &tag, err);
    if (code)
        return code;
    sqlite3_stmt *st;
    code =
        store_prepare(s, "SELECT coalesce(max(key_id), 0) + 1 FROM signing_key",
                      NULL, &st, N_("creating the signing key"), err);
    if (code)
        return code;
    int key_id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
    sqlite3_finalize(st);
    if (key_id > 255)
        return ck_fail(err, CK_EINVAL,
                       "This event already has 255 signing keys; no more can "
                       "be added.");
    struct badge_key key;
    code = badge_key_generate(tag, (uint8_t)key_id, &key, err);
    if (code)
        return code;
    code = badge_key_save(&key, key_path, err);
    if (code)
        goto out;
    static const char SAVING[] = "saving the signing key";
    code = store_prepare(s,
                         "INSERT INTO signing_key (key_id, public_key, "
                         "created_ms) VALUES (?1, ?2, ?3)",
                         NULL, &st, SAVING, err);
    if (!code) {
        sqlite3_bind_int(st, 1, key_id);
        sqlite3_bind_blob(st, 2, key.public_key, BADGE_PUBLIC_KEY_BYTES,
                          SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, store_now_ms());
        code = store_step_done(s, st, SAVING, err);
    }
    if (code)
        unlink(key_path); /* a key the event does not know is useless */
out:
    badge_key_wipe(&key);
    return code;
}

int credential_rotate_key(store *s, const char *key_path, struct ck_error *err)
{
    int code = store_begin(s, err);
    if (code)
        return code;
    sqlite3_stmt *st;
    static const char RETIRING[] = "retiring the signing key";
    code = store_prepare(
        s, "UPDATE signing_key SET retired_ms = ?1 WHERE retired_ms IS NULL",
        NULL, &st, RETIRING, err);
    if (!code) {
        sqlite3_bind_int64(st, 1, store_now_ms());
        code = store_step_done(s, st, RETIRING, err);
    }
    if (!code)
        code = credential_create_key(s, key_path, err);
    if (code) {
        store_rollback(s);
        return code;
    }
    return store_commit(s, err);
}

/* Whether `key` is one of the event's keys: 1 current, 0 retired, -1
 * not the event's at all. */
static int key_state(store *s, const struct badge_key *key, int *state,
                     struct ck_error *err)
{
    *state = -1;
    uint16_t tag;
    int code = event_tag(s, &tag, err);
    if (code)
        return code;
    sqlite3_stmt *st;
    code = store_prepare(s,
                         "SELECT public_key, retired_ms IS NULL FROM "
                         "signing_key WHERE key_id = ?1",
                         NULL, &st, N_("reading the signing keys"), err);
    if (code)
        return code;
    sqlite3_bind_int(st, 1, key->key_id);
    int rc = sqlite3_step(st);
    if (key->event_tag == tag && rc == SQLITE_ROW &&
        sqlite3_column_bytes(st, 0) == BADGE_PUBLIC_KEY_BYTES &&
        !memcmp(sqlite3_column_blob(st, 0), key->public_key,
                BADGE_PUBLIC_KEY_BYTES))
        *state = sqlite3_column_int(st, 1);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the signing keys"), err);
    return CK_OK;
}

int credential_load_key(store *s, const char *key_path, struct badge_key *key,
                        struct ck_error *err)
{
    if (store_is_own_file(s, key_path))
        return ck_fail(err, CK_EINVAL,
                       "%s is the event database, not its signing key; give "
                       "the key file (EVENT.key) with --key.",
                       key_path);
    int code = badge_key_load(key_path, key, err);
    if (code)
        return code;
    int state;
    code = key_state(s, key, &state, err);
    if (!code && state == 0)
        code = ck_fail(err, CK_EINVAL,
                       "The signing key in %s was retired ('checkin "
                       "rotate-key'); give the event's current key file with "
                       "--key (a desk enrolled at a hub receives it with its "
                       "next sync).",
                       key_path);
    else if (!code && state < 0)
        code = ck_fail(err, CK_EINVAL,
                       "The signing key in %s is not a current key of the "
                       "event in %s; use the key file 'checkin init' made "
                       "for this event.",
                       key_path, store_path(s));
    if (code)
        badge_key_wipe(key);
    return code;
}

int credential_refresh_desk_key(store *s, const char *db_path,
                                struct badge_key *key, bool *changed,
                                struct ck_error *err)
{
    if (changed)
        *changed = false;
    int state;
    int code = key_state(s, key, &state, err);
    if (code || state == 1)
        return code;
    struct badge_key next;
    code = credential_load_desk_key(s, db_path, NULL, &next, err);
    if (code)
        return code;
    if (next.key_id != key->key_id) {
        badge_key_wipe(key);
        *key = next;
        if (changed)
            *changed = true;
    }
    badge_key_wipe(&next);
    return CK_OK;
}

int credential_seal_key(const struct badge_key *key,
                        const uint8_t box_public[CREDENTIAL_BOX_KEY_BYTES],
                        uint8_t out[CREDENTIAL_SEALED_KEY_BYTES],
                        struct ck_error *err)
{
    _Static_assert(crypto_box_SEALBYTES == 48, "CREDENTIAL_SEALED_KEY_BYTES");
    _Static_assert(crypto_box_PUBLICKEYBYTES == CREDENTIAL_BOX_KEY_BYTES,
                   "CREDENTIAL_BOX_KEY_BYTES");
    /* The event tag (big-endian), the key id, the Ed25519 seed. */
    uint8_t msg[3 + BADGE_SEED_BYTES];
    msg[0] = (uint8_t)(key->event_tag >> 8);
    msg[1] = (uint8_t)key->event_tag;
    msg[2] = key->key_id;
    crypto_sign_ed25519_sk_to_seed(msg + 3, key->secret_key);
    int rc = crypto_box_seal(out, msg, sizeof(msg), box_public);
    sodium_memzero(msg, sizeof(msg));
    if (rc)
        return ck_fail(err, CK_EINVAL,
                       "A desk's key on the hub is not a usable key; enroll "
                       "the desk again.");
    return CK_OK;
}

/* The newest current signing key the hub sealed to this desk (sync_box,
 * sync_signing_key, kept by sync); CK_ENOTFOUND when there is none. */
static int delivered_key(store *s, struct badge_key *key, struct ck_error *err)
{
    sqlite3_stmt *st;
    /* raw: a file never enrolled as a desk has no sync_box: no key, no error */
    int rc = sqlite3_prepare_v2(
        store_db(s),
        "SELECT b.public_key, b.secret_key, k.key_id, k.sealed FROM sync_box"
        " b, sync_signing_key k JOIN signing_key g ON g.key_id = k.key_id"
        " WHERE g.retired_ms IS NULL ORDER BY k.key_id DESC",
        -1, &st, NULL);
    if (rc != SQLITE_OK) /* a file never enrolled as a desk */
        return ck_fail(err, CK_ENOTFOUND, "No signing key was delivered.");
    int code = ck_fail(err, CK_ENOTFOUND, "No signing key was delivered.");
    while (code == CK_ENOTFOUND && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint8_t msg[3 + BADGE_SEED_BYTES];
        if (sqlite3_column_bytes(st, 0) != crypto_box_PUBLICKEYBYTES ||
            sqlite3_column_bytes(st, 1) != crypto_box_SECRETKEYBYTES ||
            sqlite3_column_bytes(st, 3) != CREDENTIAL_SEALED_KEY_BYTES ||
            crypto_box_seal_open(
                msg, sqlite3_column_blob(st, 3), CREDENTIAL_SEALED_KEY_BYTES,
                sqlite3_column_blob(st, 0), sqlite3_column_blob(st, 1)))
            continue;
        int c = badge_key_from_seed((uint16_t)(msg[0] << 8 | msg[1]), msg[2],
                                    msg + 3, key, err);
        sodium_memzero(msg, sizeof(msg));
        int state = -1;
        if (!c)
            c = key_state(s, key, &state, err);
        if (!c && state == 1 && key->key_id == sqlite3_column_int(st, 2))
            code = CK_OK;
        else
            badge_key_wipe(key);
        if (c && c != CK_EINVAL)
            code = c;
    }
    if (code == CK_ENOTFOUND && rc != SQLITE_DONE && rc != SQLITE_ROW)
        code = store_sqlite_fail(s, rc, N_("reading the delivered keys"), err);
    sqlite3_finalize(st);
    return code;
}

int credential_load_desk_key(store *s, const char *db_path,
                             const char *key_path, struct badge_key *key,
                             struct ck_error *err)
{
    if (key_path)
        return credential_load_key(s, key_path, key, err);
    char path[4200];
    credential_default_key_path(db_path, path, sizeof(path));
    struct ck_error file_err = {0};
    int code = credential_load_key(s, path, key, &file_err);
    if (!code)
        return CK_OK;
    code = delivered_key(s, key, err);
    if (code == CK_ENOTFOUND) {
        /* No key from the hub either: what was wrong with the file. */
        if (err)
            *err = file_err;
        code = file_err.code;
    }
    return code;
}

int credential_issue(store *s, const struct badge_key *key, int64_t attendee_id,
                     int64_t tutorial_id, char out[BADGE_TEXT_CAP],
                     struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = store_prepare(
        s,
        "SELECT a.status, a.badge_name,"
        " (SELECT count(*) FROM attendee_tutorial x WHERE x.attendee_id ="
        "  a.id AND x.tutorial_id = ?2),"
        " (SELECT coalesce(max(issue), 0) FROM badge b WHERE b.attendee_id ="
        "  a.id AND b.tutorial_id IS nullif(?2, 0)), a.ticket_id"
        " FROM attendee a WHERE a.id = ?1",
        NULL, &st, N_("issuing a badge"), err);
    if (code)
        return code;
    sqlite3_bind_int64(st, 1, attendee_id);
    sqlite3_bind_int64(st, 2, tutorial_id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc == SQLITE_DONE
                   ? ck_fail(err, CK_ENOTFOUND, "No attendee has id %lld.",
                             (long long)attendee_id)
                   : store_sqlite_fail(s, rc, N_("issuing a badge"), err);
    }
    enum order_status status;
    if (order_status_parse((const char *)sqlite3_column_text(st, 0), &status))
        status = STATUS_CANCELLED;
    char name[256];
    snprintf(name, sizeof(name), "%s", sqlite3_column_text(st, 1));
    bool bought = sqlite3_column_int(st, 2) > 0;
    int issue = sqlite3_column_int(st, 3) + 1;
    uint8_t ref[BADGE_REGISTRATION_BYTES];
    code = badge_registration_ref(
        key->event_tag, (const char *)sqlite3_column_text(st, 4), ref, err);
    sqlite3_finalize(st);
    if (code)
        return code;

    if (status == STATUS_CANCELLED)
        return ck_fail(err, CK_EINVAL,
                       "%s's order is cancelled, so no badge can be issued; "
                       "check the registration.",
                       name);
    if (status == STATUS_REFUNDED)
        return ck_fail(err, CK_EINVAL,
                       "%s's order is refunded, so no badge can be issued; "
                       "check the registration.",
                       name);
    if (tutorial_id && !bought)
        return ck_fail(err, CK_EINVAL,
                       "%s has not registered for that tutorial, so no "
                       "ticket can be issued for it.",
                       name);
    if (tutorial_id < 0 || tutorial_id > 255)
        return ck_fail(err, CK_EINVAL,
                       "Tutorial number %lld does not fit in a badge (1-255).",
                       (long long)tutorial_id);
    if (issue > 255)
        return ck_fail(err, CK_EINVAL,
                       "%s has been reprinted 255 times; no more reprints "
                       "are possible.",
                       name);

    struct badge b = {.version = BADGE_VERSION,
                      .key_id = key->key_id,
                      .event_tag = key->event_tag,
                      .kind = tutorial_id ? BADGE_KIND_TUTORIAL
                                          : BADGE_KIND_CONFERENCE,
                      .tutorial = (uint8_t)tutorial_id,
                      .issue = (uint8_t)issue};
    memcpy(b.registration, ref, sizeof(ref));
    code = badge_new_id(b.badge_id, err);
    size_t len;
    if (!code)
        code = badge_sign(&b, key, out, BADGE_TEXT_CAP, &len, err);
    if (code)
        return code;
    code = store_prepare(s,
                         "INSERT INTO badge (badge_id, attendee_id, "
                         "tutorial_id, issue, key_id, issued_ms) VALUES "
                         "(?1, ?2, nullif(?3, 0), ?4, ?5, ?6)",
                         NULL, &st, N_("recording the badge"), err);
    if (code)
        return code;
    sqlite3_bind_blob(st, 1, b.badge_id, BADGE_ID_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, attendee_id);
    sqlite3_bind_int64(st, 3, tutorial_id);
    sqlite3_bind_int(st, 4, issue);
    sqlite3_bind_int(st, 5, key->key_id);
    sqlite3_bind_int64(st, 6, store_now_ms());
    return store_step_done(s, st, N_("recording the badge"), err);
}

int credential_supersede(store *s, const struct badge_key *key,
                         int64_t attendee_id, struct ck_error *err)
{
    char text[BADGE_TEXT_CAP];
    int code = credential_issue(s, key, attendee_id, 0, text, err);
    sqlite3_stmt *q = NULL;
    if (!code)
        code = store_prepare(
            s,
            "SELECT DISTINCT tutorial_id FROM attendee_tutorial WHERE"
            " attendee_id = ?1 ORDER BY 1",
            NULL, &q, N_("reading the tutorial tickets"), err);
    /* Each ticket is issued as its row is read, however many tutorials
     * the person has: the read is of attendee_tutorial, the writes go to
     * badge, so SQLite keeps the read's place. */
    int rc = SQLITE_DONE;
    if (!code) {
        sqlite3_bind_int64(q, 1, attendee_id);
        while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW)
            code = credential_issue(s, key, attendee_id,
                                    sqlite3_column_int64(q, 0), text, err);
        if (!code && rc != SQLITE_DONE)
            code = store_sqlite_fail(s, rc, N_("reading the tutorial tickets"),
                                     err);
    }
    sqlite3_finalize(q);
    sodium_memzero(text, sizeof(text));
    return code;
}

int credential_current(store *s, const struct badge_key *key,
                       int64_t attendee_id, int64_t tutorial_id,
                       char out[BADGE_TEXT_CAP], struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = store_prepare(
        s,
        "SELECT b.badge_id, b.issue, b.key_id, a.ticket_id, (SELECT count(*)"
        " FROM badge y WHERE y.attendee_id = b.attendee_id AND y.tutorial_id"
        " IS b.tutorial_id AND y.issue = b.issue) FROM badge b JOIN"
        " attendee a ON a.id = b.attendee_id WHERE b.attendee_id = ?1 AND"
        " b.tutorial_id IS nullif(?2, 0) ORDER BY b.issue DESC LIMIT 1",
        NULL, &st, N_("reading badges"), err);
    if (code)
        return code;
    sqlite3_bind_int64(st, 1, attendee_id);
    sqlite3_bind_int64(st, 2, tutorial_id);
    int rc = sqlite3_step(st);
    bool reuse = rc == SQLITE_ROW &&
                 sqlite3_column_bytes(st, 0) == BADGE_ID_BYTES &&
                 sqlite3_column_int(st, 2) == key->key_id &&
                 sqlite3_column_int(st, 4) == 1; /* one of two admits not */
    struct badge b = {.version = BADGE_VERSION,
                      .key_id = key->key_id,
                      .event_tag = key->event_tag,
                      .kind = tutorial_id ? BADGE_KIND_TUTORIAL
                                          : BADGE_KIND_CONFERENCE,
                      .tutorial = (uint8_t)tutorial_id};
    if (reuse) {
        memcpy(b.badge_id, sqlite3_column_blob(st, 0), BADGE_ID_BYTES);
        b.issue = (uint8_t)sqlite3_column_int(st, 1);
        code = badge_registration_ref(key->event_tag,
                                      (const char *)sqlite3_column_text(st, 3),
                                      b.registration, err);
    }
    sqlite3_finalize(st);
    if (code)
        return code;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading badges"), err);
    /* None yet, signed with a key since rotated away, or one of two
     * badges of one number (neither admits): a new issue. */
    if (!reuse)
        return credential_issue(s, key, attendee_id, tutorial_id, out, err);
    size_t len;
    return badge_sign(&b, key, out, BADGE_TEXT_CAP, &len, err);
}

int credential_newest_issue(store *s, int64_t attendee_id, int64_t tutorial_id,
                            int *issue, struct ck_error *err)
{
    *issue = 0;
    sqlite3_stmt *st;
    int rc = store_prepare(s,
                           "SELECT coalesce(max(issue), 0) FROM badge "
                           "WHERE attendee_id = ?1 AND tutorial_id IS "
                           "nullif(?2, 0)",
                           NULL, &st, N_("reading badges"), err);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 1, attendee_id);
    sqlite3_bind_int64(st, 2, tutorial_id);
    int64_t newest = 0;
    rc = store_step_int64(s, st, false, &newest, NULL, N_("reading badges"),
                          err);
    *issue = (int)newest;
    return rc;
}

static int cmp_hash(const void *a, const void *b)
{
    return memcmp(a, b, BADGE_REVOCATION_HASH_BYTES);
}

int credential_revoked_hashes(store *s, const char *schema,
                              sqlite3_stmt **cached, struct revoked_hash **out,
                              size_t *n, struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    char sql[1024];
    /* Each badge with whether it is revoked and whether it is held. */
    snprintf(sql, sizeof(sql),
             "SELECT badge_id, revoked, held FROM (SELECT b.badge_id,"
             " (a.status != 'paid' OR b.issue < (SELECT max(x.issue) FROM"
             " %s.badge x WHERE x.attendee_id = b.attendee_id AND"
             " x.tutorial_id IS NULL) OR EXISTS (SELECT 1 FROM %s.badge y"
             " WHERE y.attendee_id = b.attendee_id AND y.tutorial_id IS NULL"
             " AND y.issue = b.issue AND y.badge_id != b.badge_id)) AS"
             " revoked, (a.hold != 0 OR a.blocked != 0) AS held FROM"
             " %s.badge b JOIN %s.attendee a ON a.id = b.attendee_id WHERE"
             " b.tutorial_id IS NULL) WHERE revoked OR held",
             schema, schema, schema, schema);
    sqlite3_stmt *q;
    int code =
        store_prepare(s, sql, cached, &q, N_("listing revoked badges"), err);
    if (code)
        return code;
    struct revoked_hash *v = NULL;
    size_t cap = 0, len = 0;
    int rc = SQLITE_OK;
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(q, 0) != BADGE_ID_BYTES)
            continue;
        if (!CK_VEC_ROOM(v, len, 2, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        const uint8_t *id = sqlite3_column_blob(q, 0);
        if (sqlite3_column_int(q, 1)) {
            code = badge_revocation_hash(id, v[len].h, err);
            len += !code;
        }
        if (!code && sqlite3_column_int(q, 2)) {
            code = badge_held_hash(id, v[len].h, err);
            len += !code;
        }
    }
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("listing revoked badges"), err);
    if (cached)
        sqlite3_reset(q);
    else
        sqlite3_finalize(q);
    if (code) {
        free(v);
        return code;
    }
    if (len > 1) {
        qsort(v, len, sizeof(*v), cmp_hash);
        size_t k = 1;
        for (size_t i = 1; i < len; i++)
            if (memcmp(v[i].h, v[k - 1].h, sizeof(v[i].h)))
                v[k++] = v[i];
        len = k;
    }
    *out = v;
    *n = len;
    return CK_OK;
}

/* ---- checking ---- */

enum {
    V_BADGE,
    V_SECRET,
    V_REVOKED,
    V_ROLE,
    V_BY_REF,
    V_BY_ID,
    V_TUTORIAL,
    V_KEY_RETIRED,
    V_NEWEST,
    V_COUNT
};

struct verifier {
    store *s;
    badge_keyring *keys;
    /* A sponsor's station file: it has no attendees nor badge ids, so a
     * badge is valid when its signature holds and it is not revoked. */
    bool signature_only;
    sqlite3_stmt *q[V_COUNT];
    /* Version 2 badges the file does not hold: every attendee's
     * registration reference, sorted, made at the first such badge and
     * again when another connection has changed the file since. */
    struct ref_entry {
        uint8_t ref[BADGE_REGISTRATION_BYTES];
        int64_t attendee_id;
    } * refs;
    size_t nrefs;
    int64_t refs_version; /* PRAGMA data_version then; -1: never made */
};

#define VERDICT_COLUMNS                                                        \
    "a.id, a.ticket_id, a.badge_name, t.slug, a.status, a.testmode"

static const char *const VSQL[V_COUNT] = {
    [V_BADGE] = "SELECT " VERDICT_COLUMNS ", b.tutorial_id, b.issue,"
                " (SELECT max(issue) FROM badge x WHERE x.attendee_id ="
                "  b.attendee_id AND x.tutorial_id IS b.tutorial_id),"
                " coalesce(u.slug, ''),"
                " (SELECT count(*) FROM badge y WHERE y.attendee_id ="
                "  b.attendee_id AND y.tutorial_id IS b.tutorial_id AND"
                "  y.issue = b.issue) > 1"
                " FROM badge b JOIN attendee a ON a.id = b.attendee_id"
                " JOIN ticket_type t ON t.id = a.ticket_type_id"
                " LEFT JOIN tutorial u ON u.id = b.tutorial_id"
                " WHERE b.badge_id = ?1",
    /* A ticket's codes, then its person's tutorial add-ons' (issue 30). */
    [V_SECRET] = "SELECT " VERDICT_COLUMNS ", s.revoked, s.addon"
                 " FROM (SELECT secret, attendee_id, revoked, 0 AS addon"
                 " FROM ticket_secret UNION ALL SELECT secret, attendee_id,"
                 " revoked, 1 FROM addon_secret) s JOIN attendee a ON a.id ="
                 " s.attendee_id JOIN ticket_type t ON t.id = a.ticket_type_id"
                 " WHERE s.secret IN (?1, ?2)",
    [V_REVOKED] = "SELECT 1 FROM revoked_badge WHERE hash = ?1",
    [V_ROLE] = "SELECT 1 FROM setting WHERE key = 'station_role' AND"
               " (value LIKE 'leads:%' OR value = 'expo')",
    [V_BY_REF] = "SELECT id, ticket_id FROM attendee",
    [V_BY_ID] = "SELECT " VERDICT_COLUMNS " FROM attendee a JOIN"
                " ticket_type t ON t.id = a.ticket_type_id WHERE a.id = ?1",
    [V_TUTORIAL] = "SELECT slug FROM tutorial WHERE id = ?1",
    [V_KEY_RETIRED] = "SELECT 1 FROM signing_key WHERE key_id = ?1 AND"
                      " retired_ms IS NOT NULL",
    [V_NEWEST] = "SELECT coalesce(max(issue), 0) FROM badge WHERE"
                 " attendee_id = ?1 AND tutorial_id IS nullif(?2, 0)",
};

void verifier_free(verifier *v)
{
    if (!v)
        return;
    for (int i = 0; i < V_COUNT; i++)
        sqlite3_finalize(v->q[i]);
    badge_keyring_free(v->keys);
    free(v->refs);
    free(v);
}

int verifier_new(store *s, verifier **out, struct ck_error *err)
{
    *out = NULL;
    verifier *v = calloc(1, sizeof(*v));
    if (!v)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    v->s = s;
    v->refs_version = -1;
    uint16_t tag;
    int code = event_tag(s, &tag, err);
    if (!code)
        code = badge_keyring_new(tag, &v->keys, err);
    sqlite3_stmt *st = NULL;
    int rc = SQLITE_DONE;
    if (!code)
        code = store_prepare(s, "SELECT key_id, public_key FROM signing_key",
                             NULL, &st, N_("reading the signing keys"), err);
    while (!code && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        struct badge_public_key pub = {
            .event_tag = tag, .key_id = (uint8_t)sqlite3_column_int(st, 0)};
        if (sqlite3_column_bytes(st, 1) != BADGE_PUBLIC_KEY_BYTES) {
            code = ck_fail(err, CK_ECORRUPT,
                           "A signing key in %s is damaged; restore the "
                           "database from a backup.",
                           store_path(s));
            break;
        }
        memcpy(pub.public_key, sqlite3_column_blob(st, 1),
               BADGE_PUBLIC_KEY_BYTES);
        code = badge_keyring_add(v->keys, &pub, err);
    }
    sqlite3_finalize(st);
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading the signing keys"), err);
    for (int i = 0; !code && i < V_COUNT; i++)
        code = store_prepare(s, VSQL[i], &v->q[i], &st,
                             N_("preparing the verifier"), err);
    if (!code) {
        rc = sqlite3_step(v->q[V_ROLE]);
        v->signature_only = rc == SQLITE_ROW;
        sqlite3_reset(v->q[V_ROLE]);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            code = store_sqlite_fail(s, rc, N_("preparing the verifier"), err);
    }
    if (code) {
        verifier_free(v);
        return code;
    }
    *out = v;
    return CK_OK;
}

/* A sponsor's station: the signature held; revoked or not decides. */
static int check_revoked(verifier *v, struct verdict *out, struct ck_error *err)
{
    uint8_t hash[BADGE_REVOCATION_HASH_BYTES];
    int code = badge_revocation_hash(out->badge_id, hash, err);
    if (code)
        return code;
    sqlite3_stmt *q = v->q[V_REVOKED];
    sqlite3_bind_blob(q, 1, hash, sizeof(hash), SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    out->status = STATUS_PAID;
    out->reason = rc == SQLITE_ROW ? BADGE_REASON_REVOKED : BADGE_REASON_VALID;
    /* Not replaced: its registration may be on hold or blocked. */
    if (rc == SQLITE_DONE) {
        code = badge_held_hash(out->badge_id, hash, err);
        if (code)
            return code;
        sqlite3_bind_blob(q, 1, hash, sizeof(hash), SQLITE_STATIC);
        rc = sqlite3_step(q);
        sqlite3_reset(q);
        out->held = rc == SQLITE_ROW;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(v->s, rc, N_("checking a badge"), err);
    return CK_OK;
}

static void fill_attendee(struct verdict *out, sqlite3_stmt *q)
{
    out->attendee_id = sqlite3_column_int64(q, 0);
    snprintf(out->ticket_id, sizeof(out->ticket_id), "%s",
             sqlite3_column_text(q, 1));
    snprintf(out->badge_name, sizeof(out->badge_name), "%s",
             sqlite3_column_text(q, 2));
    snprintf(out->ticket_type, sizeof(out->ticket_type), "%s",
             sqlite3_column_text(q, 3));
    if (order_status_parse((const char *)sqlite3_column_text(q, 4),
                           &out->status))
        out->status = STATUS_CANCELLED;
    out->testmode = sqlite3_column_int(q, 5) != 0;
}

/* The order's status decides before anything else about the code. */
static enum badge_reason status_reason(enum order_status st)
{
    switch (st) {
    case STATUS_CANCELLED:
    case STATUS_REFUNDED:
        return BADGE_REASON_CANCELLED;
    case STATUS_PENDING:
        return BADGE_REASON_UNPAID;
    case STATUS_PAID:
        break;
    }
    return BADGE_REASON_VALID;
}

static int cmp_ref(const void *a, const void *b)
{
    return memcmp(a, b, BADGE_REGISTRATION_BYTES);
}

/* (Re)make v->refs: one pass over the attendees, ticket ids hashed as
 * badge_registration_ref does (about 40 ms for 100,000 attendees). */
static int make_refs(verifier *v, int64_t version, struct ck_error *err)
{
    uint16_t tag = badge_keyring_event_tag(v->keys);
    sqlite3_stmt *q = v->q[V_BY_REF];
    /* Room for as many as last time and a few: one allocation, mostly. */
    size_t n = 0, cap = 0, guess = v->nrefs + 64;
    struct ref_entry *r = NULL;
    int rc = SQLITE_OK, code = CK_OK;
    if (!CK_VEC_RESERVE(r, guess, cap))
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    while (!code && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(r, n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        const char *ticket = (const char *)sqlite3_column_text(q, 1);
        r[n].attendee_id = sqlite3_column_int64(q, 0);
        code = badge_registration_ref(tag, ticket ? ticket : "", r[n].ref, err);
        n += !code;
    }
    if (!code && rc != SQLITE_DONE)
        code = store_sqlite_fail(v->s, rc, N_("checking a badge"), err);
    sqlite3_reset(q);
    if (code) {
        free(r);
        return code;
    }
    qsort(r, n, sizeof(*r), cmp_ref);
    free(v->refs);
    v->refs = r;
    v->nrefs = n;
    v->refs_version = version;
    return CK_OK;
}

/* The attendee whose reference is `ref`: 0 for none, or for two. */
static int64_t find_ref(const verifier *v, const uint8_t *ref)
{
    size_t lo = 0, hi = v->nrefs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (memcmp(v->refs[mid].ref, ref, BADGE_REGISTRATION_BYTES) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == v->nrefs ||
        memcmp(v->refs[lo].ref, ref, BADGE_REGISTRATION_BYTES))
        return 0;
    if (lo + 1 < v->nrefs &&
        !memcmp(v->refs[lo + 1].ref, ref, BADGE_REGISTRATION_BYTES))
        return 0; /* two registrations, one reference: decide nothing */
    return v->refs[lo].attendee_id;
}

/* A version 2 badge this file has not heard of (printed at a desk since
 * this station last synced, or while it was cut off): the signed code
 * names its registration, so the station decides from that.  A reprint
 * at another desk that superseded it is not known here until the new
 * badge arrives.  The references are made once (make_refs) and again
 * only when a reference is not found and another connection has written
 * the file since (a late registration pulled from the hub).  A reference
 * that matches no one, or two people, stays "unknown attendee". */
static int by_registration(verifier *v, const struct badge *b,
                           struct verdict *out, struct ck_error *err)
{
    /* Only for a current key: a retired one may have been stolen (the
     * reason to rotate), and whoever holds it could name any
     * registration.  Its badges admit when their ids are known here. */
    sqlite3_stmt *kq = v->q[V_KEY_RETIRED];
    sqlite3_bind_int(kq, 1, b->key_id);
    int krc = sqlite3_step(kq);
    sqlite3_reset(kq);
    if (krc == SQLITE_ROW)
        return CK_OK;
    if (krc != SQLITE_DONE)
        return store_sqlite_fail(v->s, krc, N_("checking a badge"), err);
    int64_t id = v->refs_version >= 0 ? find_ref(v, b->registration) : 0;
    if (!id) {
        int64_t version = -1;
        sqlite3_stmt *dv;
        int code = store_prepare(v->s, "PRAGMA data_version", NULL, &dv,
                                 N_("checking a badge"), err);
        if (!code)
            code = store_step_int64(v->s, dv, false, &version, NULL,
                                    N_("checking a badge"), err);
        if (code)
            return code;
        if (version < 0 || version != v->refs_version) {
            code = make_refs(v, version, err);
            if (code)
                return code;
            id = find_ref(v, b->registration);
        }
    }
    if (!id)
        return CK_OK;
    sqlite3_stmt *q = v->q[V_BY_ID];
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    struct verdict found = *out;
    if (rc == SQLITE_ROW)
        fill_attendee(&found, q);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(v->s, rc, N_("checking a badge"), err);
    if (rc != SQLITE_ROW)
        return CK_OK; /* gone since the references were made */
    if (b->tutorial) {
        q = v->q[V_TUTORIAL];
        sqlite3_bind_int(q, 1, b->tutorial);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW)
            snprintf(found.tutorial, sizeof(found.tutorial), "%s",
                     sqlite3_column_text(q, 0));
        sqlite3_reset(q);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return store_sqlite_fail(v->s, rc, N_("checking a badge"), err);
        if (rc != SQLITE_ROW)
            return CK_OK; /* a tutorial this file does not know */
    }
    found.reason = status_reason(found.status);
    /* The file holds another badge of that number or a newer one: this
     * one was superseded (or is one of two badges of one number). */
    q = v->q[V_NEWEST];
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int(q, 2, b->tutorial);
    rc = sqlite3_step(q);
    int newest = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(v->s, rc, N_("checking a badge"), err);
    if (newest >= b->issue) {
        found.superseded = true;
        if (found.reason == BADGE_REASON_VALID)
            found.reason = BADGE_REASON_REVOKED;
    }
    *out = found;
    return CK_OK;
}

static int check_badge(verifier *v, const uint8_t *code, size_t len,
                       struct verdict *out, struct ck_error *err)
{
    struct badge b;
    struct ck_error ignore;
    out->is_badge = true;
    if (badge_check_signature(v->keys, code, len, &b, &out->reason, &ignore))
        return CK_OK; /* refused: out->reason says why */
    out->kind = (enum badge_kind)b.kind;
    memcpy(out->badge_id, b.badge_id, BADGE_ID_BYTES);
    out->issue = b.issue;
    if (v->signature_only)
        return check_revoked(v, out, err);
    sqlite3_stmt *q = v->q[V_BADGE];
    sqlite3_bind_blob(q, 1, b.badge_id, BADGE_ID_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        fill_attendee(out, q);
        int64_t tutorial = sqlite3_column_int64(q, 6);
        int issue = sqlite3_column_int(q, 7);
        int newest = sqlite3_column_int(q, 8);
        snprintf(out->tutorial, sizeof(out->tutorial), "%s",
                 sqlite3_column_text(q, 9));
        /* Two badges of one number (a desk printed it while the
         * organizer's undo, not having pulled it, issued the same number):
         * neither admits, whichever arrived first. */
        bool twin = sqlite3_column_int(q, 10) != 0;
        out->superseded = issue < newest || twin;
        if (tutorial != b.tutorial || issue != b.issue)
            out->reason = BADGE_REASON_MALFORMED; /* signed, yet not ours */
        else if ((out->reason = status_reason(out->status)) ==
                     BADGE_REASON_VALID &&
                 out->superseded)
            out->reason = BADGE_REASON_REVOKED;
    } else if (rc == SQLITE_DONE) {
        out->reason = BADGE_REASON_UNKNOWN_ATTENDEE;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(v->s, rc, N_("checking a badge"), err);
    if (rc == SQLITE_DONE && b.version >= 2)
        return by_registration(v, &b, out, err);
    return CK_OK;
}

void credential_secret_hash(const void *code, size_t len,
                            char out[CREDENTIAL_SECRET_HASH_CHARS])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    /* sodium_init picks implementations and seeds randomness, which
     * hashing does not need: SHA-256 works whatever it returns. */
    int ready = sodium_init();
    (void)ready;
    crypto_hash_sha256(h, code, len);
    memcpy(out, CREDENTIAL_SECRET_HASH_PREFIX, 7);
    sodium_bin2hex(out + 7, CREDENTIAL_SECRET_HASH_CHARS - 7, h, sizeof(h));
}

/* A secret as an import stores it, or hashed as a door's file holds it. */
static int check_secret(verifier *v, const uint8_t *code, size_t len,
                        struct verdict *out, struct ck_error *err)
{
    out->reason = BADGE_REASON_UNKNOWN_CODE;
    /* Secrets are printable ASCII; anything else cannot match one. */
    for (size_t i = 0; i < len; i++)
        if (code[i] <= 0x20 || code[i] >= 0x7f)
            return CK_OK;
    sqlite3_stmt *q = v->q[V_SECRET];
    char hashed[CREDENTIAL_SECRET_HASH_CHARS];
    credential_secret_hash(code, len, hashed);
    /* A hash as the door's file holds it is no secret: it never admits
     * when scanned itself. */
    if (len >= 7 && !memcmp(code, CREDENTIAL_SECRET_HASH_PREFIX, 7))
        sqlite3_bind_null(q, 1);
    else
        sqlite3_bind_text(q, 1, (const char *)code, (int)len, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, hashed, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        fill_attendee(out, q);
        out->reason = status_reason(out->status);
        /* Import revokes every secret of a cancelled or refunded order,
         * so only a paid or pending order's revoked secret is known to be
         * one the registration system replaced. */
        out->superseded = sqlite3_column_int(q, 6) != 0 &&
                          out->reason != BADGE_REASON_CANCELLED;
        /* An add-on's code is never replaced: import revokes it when
         * pretix cancelled the add-on (it left the export). */
        out->addon_cancelled = out->superseded && sqlite3_column_int(q, 7) != 0;
        if (out->reason == BADGE_REASON_VALID && out->superseded)
            out->reason = BADGE_REASON_REVOKED;
    }
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(v->s, rc, N_("checking a code"), err);
    return CK_OK;
}

int verifier_check(verifier *v, const uint8_t *code, size_t len,
                   struct verdict *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    while (len && (code[len - 1] == '\n' || code[len - 1] == '\r'))
        len--;
    if (len == 0 || len > 512) {
        out->reason = BADGE_REASON_UNKNOWN_CODE;
        return CK_OK;
    }
    int rc = CK_OK;
    if (len >= 3 && code[0] == 'C' && code[1] == 'K' && code[2] >= '0' &&
        code[2] <= '9')
        rc = check_badge(v, code, len, out, err);
    /* Not one of our badges after all: a registration system may issue
     * secrets that start like one. */
    if (rc == CK_OK &&
        (!out->is_badge || out->reason == BADGE_REASON_NOT_A_BADGE ||
         out->reason == BADGE_REASON_MALFORMED)) {
        struct verdict as_secret;
        memset(&as_secret, 0, sizeof(as_secret));
        rc = check_secret(v, code, len, &as_secret, err);
        if (rc == CK_OK && (!out->is_badge || as_secret.attendee_id != 0))
            *out = as_secret;
    }
    out->valid = rc == CK_OK && out->reason == BADGE_REASON_VALID;
    return rc;
}
