/* Signed badge payloads that any station can verify offline.
 *
 * A badge QR code holds `CK1:` followed by 78 bytes in base45: event tag,
 * key id, a random 64-bit badge id, kind, tutorial number, issue number and
 * an Ed25519 signature over the prefix and all of those.  Nothing personal is
 * inside.  The byte layout and the key file formats are documented in
 * docs/badge-payload.md.
 *
 * This module decides only what the payload itself can prove: well-formed,
 * known version, this event, a known key, a good signature.  Whether the
 * badge was reprinted, its order cancelled or its attendee is known is for
 * the store to decide; the reasons for those are defined here so that every
 * refusal has one code and one sentence.
 *
 * Signing keys are per event, numbered 0-255 so they can be rotated: a
 * station's keyring holds the public keys of every key id still in use. */
#ifndef CHECKIN_BADGE_H
#define CHECKIN_BADGE_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

/* Version 2 (what checkin signs) carries the registration a badge
 * belongs to, so that a station that never heard of the badge can still
 * decide; version 1 badges keep verifying. */
#define BADGE_VERSION 2     /* what badge_sign makes by default */
#define BADGE_PREFIX "CK2:" /* "CK", version digit, ":" */
#define BADGE_V1_PREFIX "CK1:"
#define BADGE_PREFIX_LEN 4
#define BADGE_ID_BYTES 8
#define BADGE_REGISTRATION_BYTES 8
#define BADGE_V1_BODY_BYTES 14 /* the signed fields after the prefix */
#define BADGE_BODY_BYTES (BADGE_V1_BODY_BYTES + BADGE_REGISTRATION_BYTES)
#define BADGE_SIGNATURE_BYTES 64
#define BADGE_V1_BINARY_BYTES (BADGE_V1_BODY_BYTES + BADGE_SIGNATURE_BYTES)
#define BADGE_BINARY_BYTES (BADGE_BODY_BYTES + BADGE_SIGNATURE_BYTES)
#define BADGE_V1_TEXT_LEN 121 /* prefix + base45 of 78 bytes, constant */
#define BADGE_TEXT_LEN 133    /* prefix + base45 of 86 bytes, constant */
#define BADGE_TEXT_CAP (BADGE_TEXT_LEN + 1) /* with the NUL badge_sign adds */
#define BADGE_PUBLIC_KEY_BYTES 32
#define BADGE_SEED_BYTES 32
#define BADGE_SECRET_KEY_BYTES 64
/* Longest line badge_public_key_format writes, with its newline and NUL. */
#define BADGE_PUBLIC_KEY_LINE_CAP 128

enum badge_kind {
    BADGE_KIND_CONFERENCE = 0, /* tutorial must be 0 */
    BADGE_KIND_TUTORIAL = 1,   /* tutorial is the store's number, 1-255 */
};

/* The fields of a badge payload.  A plain value: copy it freely. */
struct badge {
    uint8_t version;    /* BADGE_VERSION */
    uint8_t key_id;     /* which of the event's signing keys signed it */
    uint16_t event_tag; /* see badge_event_tag() */
    uint8_t badge_id[BADGE_ID_BYTES]; /* random, from badge_new_id() */
    uint8_t kind;                     /* enum badge_kind */
    uint8_t tutorial; /* tutorial number, 0 for a conference badge */
    uint8_t issue;    /* reprint count; a higher issue revokes lower ones */
    /* Version 2: badge_registration_ref of the attendee's ticket id. */
    uint8_t registration[BADGE_REGISTRATION_BYTES];
};

/* Why a badge was refused.  The values are stable (logs and databases may
 * store them); new reasons get new numbers. */
enum badge_reason {
    BADGE_REASON_VALID = 0,
    BADGE_REASON_NOT_A_BADGE = 1,      /* no CKn: prefix: not one of ours */
    BADGE_REASON_MALFORMED = 2,        /* ours, but damaged or cut short */
    BADGE_REASON_UNKNOWN_VERSION = 3,  /* CKn: with a version we cannot read */
    BADGE_REASON_OTHER_EVENT = 4,      /* event tag is not this event's */
    BADGE_REASON_UNKNOWN_KEY = 5,      /* key id not in the keyring */
    BADGE_REASON_BAD_SIGNATURE = 6,    /* forged or altered */
    BADGE_REASON_REVOKED = 7,          /* a reprint superseded it (store) */
    BADGE_REASON_CANCELLED = 8,        /* its order was cancelled (store) */
    BADGE_REASON_UNKNOWN_ATTENDEE = 9, /* signed, but not in the store */
    BADGE_REASON_UNPAID = 10,          /* its order is pending (store) */
    BADGE_REASON_UNKNOWN_CODE = 11,    /* not a badge, not a known secret */
};

/* One sentence for the person at the station: what is wrong and what to do.
 * Never NULL; unknown values get a generic sentence. */
const char *badge_reason_str(enum badge_reason reason);

/* badge_reason_str's sentence as an error in `err` (which may be NULL),
 * to be said in the reader's language (ck_error_text); returns the code
 * a refusal for that reason carries: CK_EVERSION for a newer version,
 * CK_ENOTFOUND for an unknown key, attendee or code, CK_OK for a valid
 * badge, CK_EINVAL otherwise. */
int badge_reason_fail(enum badge_reason reason, struct ck_error *err);

/* A short stable token for logs and machine output ("bad-signature"). */
const char *badge_reason_name(enum badge_reason reason);

/* The 16-bit tag that stands for an event in its badges: the first two
 * bytes of BLAKE2b("checkin-event-tag:" + slug).  `slug` need not be
 * NUL-terminated.  Two events share a tag with odds of 1 in 65536; their
 * badges are then still refused, as "unknown key" or "bad signature". */
CK_MUST_CHECK int badge_event_tag(const char *slug, size_t len,
                                  uint16_t *tag /* out */,
                                  struct ck_error *err);

/* A fresh random badge id (never all zero bits) from libsodium's CSPRNG. */
CK_MUST_CHECK int badge_new_id(uint8_t id[BADGE_ID_BYTES] /* out */,
                               struct ck_error *err);

/* ---- Keys ------------------------------------------------------------- */

/* What a sponsor's station file holds of a badge that no longer admits: a
 * one-way hash of its id, so that the file does not list badge ids (with
 * which anyone could forge leads for every attendee) yet the station can
 * still refuse the badge. */
#define BADGE_REVOCATION_HASH_BYTES 16
int badge_revocation_hash(const uint8_t badge_id[BADGE_ID_BYTES],
                          uint8_t out[BADGE_REVOCATION_HASH_BYTES] /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* The same of a badge whose registration is on hold or blocked by the
 * registration system (issue 49), in a domain of its own
 * ("checkin-held-badge:"), so that a booth refuses it with the neutral
 * hold sentence rather than as replaced, and still learns no badge id. */
int badge_held_hash(const uint8_t badge_id[BADGE_ID_BYTES],
                    uint8_t out[BADGE_REVOCATION_HASH_BYTES] /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* What a version 2 badge carries of the registration it belongs to: the
 * first 8 bytes of BLAKE2b-256("checkin-registration:" + event tag (2
 * bytes, big-endian) + ticket id).  A station finds the attendee by it
 * when the badge itself has not reached its file. */
int badge_registration_ref(uint16_t event_tag, const char *ticket_id,
                           uint8_t out[BADGE_REGISTRATION_BYTES] /* out */,
                           struct ck_error *err) CK_MUST_CHECK;

/* A signing key.  Holds secret material: wipe it with badge_key_wipe(). */
struct badge_key {
    uint16_t event_tag;
    uint8_t key_id;
    uint8_t public_key[BADGE_PUBLIC_KEY_BYTES];
    uint8_t secret_key[BADGE_SECRET_KEY_BYTES]; /* libsodium layout */
};

/* What a verify-only station needs of a key. */
struct badge_public_key {
    uint16_t event_tag;
    uint8_t key_id;
    uint8_t public_key[BADGE_PUBLIC_KEY_BYTES];
};

/* A new random Ed25519 signing key for an event. */
CK_MUST_CHECK int badge_key_generate(uint16_t event_tag, uint8_t key_id,
                                     struct badge_key *key /* out */,
                                     struct ck_error *err);

/* The signing key derived from a 32-byte seed (what key files store).  For
 * tests, fuzzing and loading; real keys come from badge_key_generate(). */
CK_MUST_CHECK int badge_key_from_seed(uint16_t event_tag, uint8_t key_id,
                                      const uint8_t seed[BADGE_SEED_BYTES],
                                      struct badge_key *key /* out */,
                                      struct ck_error *err);

/* Overwrite the key with zeros (NULL is fine). */
void badge_key_wipe(struct badge_key *key);

/* The public half of `key`. */
void badge_key_public(const struct badge_key *key,
                      struct badge_public_key *pub /* out */);

/* Write `key` to a new file at `path`, created with O_EXCL and mode 0600 so
 * that only its owner can read it; an existing file is never overwritten.
 * Keep it apart from the event database (which is copied around). */
CK_MUST_CHECK int badge_key_save(const struct badge_key *key, const char *path,
                                 struct ck_error *err);

/* Read a signing key file.  Refuses a file that its group or others may
 * read or write, or that another user owns, with a sentence that says to
 * `chmod 600` it. */
CK_MUST_CHECK int badge_key_load(const char *path,
                                 struct badge_key *key /* out */,
                                 struct ck_error *err);

/* One public key line, `checkin-badge-public-key 1 TAG ID HEX\n`,
 * NUL-terminated; `*len` excludes the NUL. */
CK_MUST_CHECK int badge_public_key_format(const struct badge_public_key *pub,
                                          char *out, size_t cap,
                                          size_t *len /* out */,
                                          struct ck_error *err);

/* ---- Keyring: the public keys a station verifies against -------------- */

typedef struct badge_keyring badge_keyring;

/* An empty keyring for the event with `event_tag`.  Free it with
 * badge_keyring_free(). */
CK_MUST_CHECK int badge_keyring_new(uint16_t event_tag,
                                    badge_keyring **kr /* out */,
                                    struct ck_error *err);

void badge_keyring_free(badge_keyring *kr);

uint16_t badge_keyring_event_tag(const badge_keyring *kr);
size_t badge_keyring_count(const badge_keyring *kr);

/* Add a public key.  Refused if it belongs to another event or if its key
 * id is already taken by a different key; adding the same key again is a
 * no-op. */
CK_MUST_CHECK int badge_keyring_add(badge_keyring *kr,
                                    const struct badge_public_key *pub,
                                    struct ck_error *err);

/* The key with `key_id`, or CK_ENOTFOUND. */
CK_MUST_CHECK int badge_keyring_find(const badge_keyring *kr, uint8_t key_id,
                                     struct badge_public_key *pub /* out */,
                                     struct ck_error *err);

/* Add every key from public key text (see badge_public_key_format; `#`
 * comments and blank lines allowed).  All or nothing: on error no key from
 * the text has been added.  `text` need not be NUL-terminated. */
CK_MUST_CHECK int badge_keyring_import(badge_keyring *kr, const char *text,
                                       size_t len, struct ck_error *err);

/* badge_keyring_import() of a file's contents. */
CK_MUST_CHECK int badge_keyring_load(badge_keyring *kr, const char *path,
                                     struct ck_error *err);

/* All keys as public key text, in key id order, NUL-terminated. */
CK_MUST_CHECK int badge_keyring_export(const badge_keyring *kr, char *out,
                                       size_t cap, size_t *len /* out */,
                                       struct ck_error *err);

/* ---- Payloads --------------------------------------------------------- */

/* The QR text for `b`, signed with `key`: always BADGE_TEXT_LEN characters
 * of QR's alphanumeric set, NUL-terminated, so `cap` must be at least
 * BADGE_TEXT_CAP.  `b` must carry BADGE_VERSION, the key's id and event
 * tag, a non-zero badge id and a consistent kind and tutorial. */
CK_MUST_CHECK int badge_sign(const struct badge *b, const struct badge_key *key,
                             char *out, size_t cap, size_t *len /* out */,
                             struct ck_error *err);

/* Read the fields of a scanned payload of exactly `len` bytes without
 * checking its signature (never reads outside text[0..len-1]).  Returns
 * CK_OK with `*reason` BADGE_REASON_VALID, or an error code with `*reason`
 * NOT_A_BADGE, UNKNOWN_VERSION or MALFORMED and badge_reason_str() in
 * `err`.  `*b` is filled only on success. */
CK_MUST_CHECK int badge_parse(const uint8_t *text, size_t len,
                              struct badge *b /* out */,
                              enum badge_reason *reason /* out */,
                              struct ck_error *err);

/* badge_parse(), then check that the badge is for the keyring's event, that
 * its key id is in the keyring and that the signature is good, in that
 * order.  CK_OK and BADGE_REASON_VALID only if all hold; otherwise an error
 * code and the first reason that failed.  `*b` is filled only on success. */
CK_MUST_CHECK int badge_check_signature(const badge_keyring *kr,
                                        const uint8_t *text, size_t len,
                                        struct badge *b /* out */,
                                        enum badge_reason *reason /* out */,
                                        struct ck_error *err);

#endif
