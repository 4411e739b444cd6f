/* Credentials: what an attendee shows at a station.  Either a signed badge
 * or tutorial ticket that checkin issued (docs/badge-payload.md), or a
 * ticket secret from the registration system's confirmation.  Issuing
 * records each badge in the store, so that a reprint supersedes the one
 * before it; checking decides valid or not, and why, from the store alone
 * (no network, no secret key). */
#ifndef CHECKIN_CREDENTIAL_H
#define CHECKIN_CREDENTIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "checkin/badge.h"
#include "checkin/error.h"
#include "checkin/store.h"

/* The signing key file that belongs to an event database by default:
 * EVENT.db -> EVENT.key beside it. */
void credential_default_key_path(const char *db_path, char *out, size_t cap);

/* `given` (a --key the user gave) when not NULL, else the default key
 * path of `db_path` written into `buf` of `cap` bytes. */
const char *credential_key_path(const char *db_path, const char *given,
                                char *buf, size_t cap);

/* Create the event's first signing key: the secret half goes to a new file
 * `key_path` (mode 0600, never overwritten), the public half into the
 * store.  For `checkin init`. */
int credential_create_key(store *s, const char *key_path,
                          struct ck_error *err) CK_MUST_CHECK;

/* Rotate: retire every current signing key (badges they signed still
 * verify) and create the next one at `key_path`, which new badges are
 * signed with.  For a key that may have leaked, reprint badges after. */
int credential_rotate_key(store *s, const char *key_path,
                          struct ck_error *err) CK_MUST_CHECK;

/* Load the signing key at `key_path` and check that it is one of this
 * event's keys (its public half is in the store). */
int credential_load_key(store *s, const char *key_path,
                        struct badge_key *key /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* The signing key a desk prints with.  `key_path` given by the user
 * (--key): that file, as credential_load_key.  Otherwise the station's
 * default key file (credential_default_key_path) when it holds a current
 * key, else the newest current key the hub sealed to this desk (hub
 * format 4, docs/sync.md: after `checkin rotate-key` a desk enrolled at
 * a hub prints with the new key from its next sync on). */
int credential_load_desk_key(store *s, const char *db_path,
                             const char *key_path,
                             struct badge_key *key /* out */,
                             struct ck_error *err) CK_MUST_CHECK;

/* A desk that runs on: when `key` was retired since it was loaded, put
 * the key credential_load_desk_key now gives (no --key) in its place, and
 * say so in *changed (may be NULL).  Nothing changes on an error or when
 * no newer key is there. */
int credential_refresh_desk_key(store *s, const char *db_path,
                                struct badge_key *key, bool *changed,
                                struct ck_error *err);

/* Sealing a signing key for one desk (libsodium crypto_box_seal): only
 * the holder of the box secret key opens it; the hub only carries it. */
#define CREDENTIAL_BOX_KEY_BYTES 32
#define CREDENTIAL_SEALED_KEY_BYTES (48 + 3 + BADGE_SEED_BYTES)
int credential_seal_key(const struct badge_key *key,
                        const uint8_t box_public[CREDENTIAL_BOX_KEY_BYTES],
                        uint8_t out[CREDENTIAL_SEALED_KEY_BYTES] /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* Issue the next badge (tutorial_id 0) or tutorial ticket for an
 * attendee, superseding earlier issues, and write its QR text into `out`
 * (BADGE_TEXT_CAP bytes).  Refused for cancelled orders and for tutorials
 * the attendee did not buy. */
int credential_issue(store *s, const struct badge_key *key, int64_t attendee_id,
                     int64_t tutorial_id, char out[BADGE_TEXT_CAP] /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* After a check-in is undone: issue the attendee's next badge and the
 * next ticket of each tutorial they attend, none printed, so that what
 * was printed for the check-in stops admitting wherever these reach (a
 * label this file never heard of takes the same number, and the verifier
 * refuses both of one number).  In the caller's transaction, if any. */
int credential_supersede(store *s, const struct badge_key *key,
                         int64_t attendee_id,
                         struct ck_error *err) CK_MUST_CHECK;

/* The newest code of an attendee's badge (tutorial_id 0) or tutorial
 * ticket: rebuilt from the store (Ed25519 signatures are deterministic, so
 * it is the text that was printed), or issued now if there is none yet.
 * Previews and first prints use this; reprints use credential_issue. */
int credential_current(store *s, const struct badge_key *key,
                       int64_t attendee_id, int64_t tutorial_id,
                       char out[BADGE_TEXT_CAP] /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* A badge revocation as sponsors' booths check it: badge_revocation_hash
 * of a badge id. */
struct revoked_hash {
    uint8_t h[BADGE_REVOCATION_HASH_BYTES];
};

/* The conference badges in `schema` ("main", or a database attached to
 * `s`'s connection) that no longer admit: superseded by a reprint, or
 * their order is not paid, as revocation hashes; and those whose
 * registration is on hold or blocked, as held hashes (badge_held_hash:
 * a booth refuses them with the hold's sentence); sorted (memcmp) and
 * without repeats, so that two lists compare by merging.  *out is the
 * caller's to free() (NULL when *n is 0).  Booth files (export) and the
 * hub (sync) get the same set.  `cached` (NULL: none) keeps the statement
 * for the next call, as store_prepare's: a running desk's sync asks. */
int credential_revoked_hashes(store *s, const char *schema,
                              sqlite3_stmt **cached,
                              struct revoked_hash **out /* out */,
                              size_t *n /* out */,
                              struct ck_error *err) CK_MUST_CHECK;

/* The newest issue number of an attendee's badge (tutorial_id 0) or
 * tutorial ticket; 0 if none was issued. */
int credential_newest_issue(store *s, int64_t attendee_id, int64_t tutorial_id,
                            int *issue /* out */,
                            struct ck_error *err) CK_MUST_CHECK;

/* The decision about one scanned code. */
struct verdict {
    bool valid;
    enum badge_reason reason;
    bool is_badge;        /* a checkin badge (else a ticket secret) */
    enum badge_kind kind; /* badges only */
    uint8_t badge_id[BADGE_ID_BYTES];
    int issue;
    int64_t attendee_id; /* 0 when unknown */
    char ticket_id[64];
    char badge_name[4 * 200 + 1];
    char ticket_type[64];
    char tutorial[64]; /* tutorial slug for tutorial tickets */
    enum order_status status;
    /* A pretix test-mode order (imported for a rehearsal): stations admit
     * it only when they run as a rehearsal. */
    bool testmode;
    /* A newer badge or code of the same attendee supersedes this one,
     * whatever the order's status (the reason names the status first). */
    bool superseded;
    /* A pretix tutorial add-on's code whose add-on was cancelled (the
     * file's addon_secret holds it revoked); `superseded` is set too. */
    bool addon_cancelled;
    /* At a sponsor's station: the badge's registration is on hold or
     * blocked (its held hash is in the file's revoked_badge). */
    bool held;
};

/* A confirmation secret as a door's file holds it (docs/sync.md, "What
 * each role holds"): "sha256:" and the SHA-256 of its bytes in lower-case
 * hex.  A door's journal keeps a scanned code that is not a checkin badge
 * in the same form. */
#define CREDENTIAL_SECRET_HASH_PREFIX "sha256:"
#define CREDENTIAL_SECRET_HASH_CHARS (7 + 64 + 1)
void credential_secret_hash(const void *code, size_t len,
                            char out[CREDENTIAL_SECRET_HASH_CHARS]);

typedef struct verifier verifier;

/* A verifier for the event in `s`, holding its public keys and prepared
 * statements; `s` must outlive it. */
int verifier_new(store *s, verifier **out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;
void verifier_free(verifier *v);

/* Decide about the `len` bytes of a scanned code (binary safe; a trailing
 * CR/LF from a keyboard-wedge scanner is ignored).  Returns CK_OK with a
 * verdict, valid or not; an error only when the store cannot answer. */
int verifier_check(verifier *v, const uint8_t *code, size_t len,
                   struct verdict *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

#endif
