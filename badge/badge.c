/* Badge payloads: build, sign, parse and verify the text in a badge's QR code.
 *
 * The payload is `CK2:` + base45(event tag, key id, badge id, kind, tutorial,
 * issue, registration, Ed25519 signature), or in version 1 `CK1:` without
 * the registration; docs/badge-payload.md has it byte by byte.
 * This file decides what the payload alone can prove.  It is not a lookup:
 * revocation by reprint, cancelled orders and unknown attendees are decided
 * against the store (only their reason codes and sentences live here), and
 * keys, key files and keyrings are in badge_keys.c. */
#include "checkin/badge.h"

#include <sodium.h>
#include <string.h>

#include "badge_priv.h"
#include "checkin/base45.h"

/* Offsets in the decoded bytes (docs/badge-payload.md, "Layout"): 78 in
 * version 1, 86 in version 2, whose body ends with the registration. */
enum {
    OFF_EVENT_TAG = 0, /* 2 bytes, big-endian */
    OFF_KEY_ID = 2,
    OFF_BADGE_ID = 3, /* 8 bytes */
    OFF_KIND = 11,
    OFF_TUTORIAL = 12,
    OFF_ISSUE = 13,
    OFF_REGISTRATION = 14, /* version 2: 8 bytes */
    /* What the signature covers: the ASCII prefix, then the body. */
    SIGNED_BYTES = BADGE_PREFIX_LEN + BADGE_BODY_BYTES,
};

_Static_assert(OFF_ISSUE + 1 == BADGE_V1_BODY_BYTES, "body layout");
_Static_assert(OFF_REGISTRATION + BADGE_REGISTRATION_BYTES == BADGE_BODY_BYTES,
               "body layout, version 2");
_Static_assert(BADGE_PREFIX_LEN + 117 == BADGE_V1_TEXT_LEN, "text length");
_Static_assert(BADGE_PREFIX_LEN + 129 == BADGE_TEXT_LEN, "text length, v2");
_Static_assert(sizeof(BADGE_PREFIX) - 1 == BADGE_PREFIX_LEN, "prefix");

/* The sizes of one version's payload. */
struct layout {
    char digit;
    size_t body, binary, text;
};

static const struct layout *layout_of(unsigned version)
{
    static const struct layout L[] = {
        {'1', BADGE_V1_BODY_BYTES, BADGE_V1_BINARY_BYTES, BADGE_V1_TEXT_LEN},
        {'2', BADGE_BODY_BYTES, BADGE_BINARY_BYTES, BADGE_TEXT_LEN},
    };
    return version >= 1 && version <= 2 ? &L[version - 1] : NULL;
}

struct reason_text {
    const char *name;
    const char *sentence;
};

static const struct reason_text REASONS[] = {
    [BADGE_REASON_VALID] =
        {"valid", "This badge is genuine and was issued for this event."},
    [BADGE_REASON_NOT_A_BADGE] =
        {"not-a-badge",
         "This code is not a checkin badge (it may be an order or ticket "
         "code); look the attendee up by name at the desk."},
    [BADGE_REASON_MALFORMED] =
        {"malformed",
         "This badge code is damaged or incomplete; scan it again, or look "
         "the attendee up by name and reprint the badge."},
    [BADGE_REASON_UNKNOWN_VERSION] =
        {"unknown-version",
         "This badge was made by a newer version of checkin; update this "
         "station or look the attendee up by name."},
    [BADGE_REASON_OTHER_EVENT] =
        {"other-event",
         "This badge is for another event; ask for this event's badge or "
         "look the attendee up by name at the desk."},
    [BADGE_REASON_UNKNOWN_KEY] =
        {"unknown-key",
         "This badge was signed with a key this station does not know; "
         "import the event's current public keys or send the attendee to the "
         "desk."},
    [BADGE_REASON_BAD_SIGNATURE] =
        {"bad-signature",
         "This badge's signature does not match, so it was altered or "
         "forged; send the attendee to the desk to check their registration."},
    [BADGE_REASON_REVOKED] =
        {"revoked",
         "This code was replaced by a newer one (a reprint or a changed "
         "order); ask for the newest badge or confirmation, or reprint at "
         "the desk."},
    [BADGE_REASON_CANCELLED] =
        {"cancelled",
         "The order for this badge was cancelled; send the attendee to the "
         "registration desk."},
    [BADGE_REASON_UNKNOWN_ATTENDEE] =
        {"unknown-attendee",
         "This badge is genuine but its attendee is not in this station's "
         "data; sync the station or send the attendee to the desk."},
    [BADGE_REASON_UNPAID] =
        {"unpaid",
         "This order is not paid yet; send the attendee to the registration "
         "desk to settle it."},
    [BADGE_REASON_UNKNOWN_CODE] =
        {"unknown-code",
         "This code is not a badge or ticket of this event; look the "
         "attendee up by name at the desk."},
};
#define NREASONS (sizeof(REASONS) / sizeof(REASONS[0]))

const char *badge_reason_str(enum badge_reason reason)
{
    if ((unsigned)reason < NREASONS && REASONS[reason].sentence)
        return REASONS[reason].sentence;
    return "This badge was refused for a reason this version of checkin "
           "cannot name; send the attendee to the desk.";
}

const char *badge_reason_name(enum badge_reason reason)
{
    if ((unsigned)reason < NREASONS && REASONS[reason].name)
        return REASONS[reason].name;
    return "unknown-reason";
}

/* BLAKE2b-128 of `domain` (at most 31 bytes) and the badge id. */
static int domain_hash(const char *domain,
                       const uint8_t badge_id[BADGE_ID_BYTES],
                       uint8_t out[BADGE_REVOCATION_HASH_BYTES],
                       struct ck_error *err)
{
    int rc = badge_need_sodium(err);
    if (rc)
        return rc;
    size_t dlen = strlen(domain);
    uint8_t in[32 + BADGE_ID_BYTES];
    memcpy(in, domain, dlen);
    memcpy(in + dlen, badge_id, BADGE_ID_BYTES);
    crypto_generichash(out, BADGE_REVOCATION_HASH_BYTES, in,
                       dlen + BADGE_ID_BYTES, NULL, 0);
    return CK_OK;
}

int badge_revocation_hash(const uint8_t badge_id[BADGE_ID_BYTES],
                          uint8_t out[BADGE_REVOCATION_HASH_BYTES],
                          struct ck_error *err)
{
    return domain_hash("checkin-revoked-badge:", badge_id, out, err);
}

int badge_held_hash(const uint8_t badge_id[BADGE_ID_BYTES],
                    uint8_t out[BADGE_REVOCATION_HASH_BYTES],
                    struct ck_error *err)
{
    return domain_hash("checkin-held-badge:", badge_id, out, err);
}

int badge_registration_ref(uint16_t event_tag, const char *ticket_id,
                           uint8_t out[BADGE_REGISTRATION_BYTES],
                           struct ck_error *err)
{
    static const char DOMAIN[] = "checkin-registration:";
    int rc = badge_need_sodium(err);
    if (rc)
        return rc;
    uint8_t tag[2] = {(uint8_t)(event_tag >> 8), (uint8_t)event_tag};
    uint8_t hash[crypto_generichash_BYTES];
    crypto_generichash_state st;
    if (crypto_generichash_init(&st, NULL, 0, sizeof(hash)) ||
        crypto_generichash_update(&st, (const uint8_t *)DOMAIN,
                                  sizeof(DOMAIN) - 1) ||
        crypto_generichash_update(&st, tag, sizeof(tag)) ||
        crypto_generichash_update(&st, (const uint8_t *)ticket_id,
                                  strlen(ticket_id)) ||
        crypto_generichash_final(&st, hash, sizeof(hash)))
        return ck_fail(err, CK_EIO,
                       "Hashing a ticket id failed inside libsodium; this is "
                       "a bug, please report it.");
    memcpy(out, hash, BADGE_REGISTRATION_BYTES);
    return CK_OK;
}

int badge_event_tag(const char *slug, size_t len, uint16_t *tag,
                    struct ck_error *err)
{
    static const char DOMAIN[] = "checkin-event-tag:";
    uint8_t hash[crypto_generichash_BYTES];
    crypto_generichash_state st;
    int rc;

    if (len == 0)
        return ck_fail(err, CK_EINVAL,
                       "An event needs a non-empty slug to "
                       "derive its badge tag.");
    if ((rc = badge_need_sodium(err)))
        return rc;
    if (crypto_generichash_init(&st, NULL, 0, sizeof(hash)) != 0 ||
        crypto_generichash_update(&st, (const uint8_t *)DOMAIN,
                                  sizeof(DOMAIN) - 1) != 0 ||
        crypto_generichash_update(&st, (const uint8_t *)slug, len) != 0 ||
        crypto_generichash_final(&st, hash, sizeof(hash)) != 0)
        return ck_fail(err, CK_EIO,
                       "Hashing the event slug failed inside "
                       "libsodium; this is a bug, please report it.");
    *tag = (uint16_t)(hash[0] << 8 | hash[1]);
    return CK_OK;
}

static int all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

int badge_new_id(uint8_t id[BADGE_ID_BYTES], struct ck_error *err)
{
    int rc = badge_need_sodium(err);
    if (rc)
        return rc;
    do
        randombytes_buf(id, BADGE_ID_BYTES);
    while (all_zero(id, BADGE_ID_BYTES));
    return CK_OK;
}

static int kind_consistent(uint8_t kind, uint8_t tutorial)
{
    return (kind == BADGE_KIND_CONFERENCE && tutorial == 0) ||
           (kind == BADGE_KIND_TUTORIAL && tutorial != 0);
}

int badge_sign(const struct badge *b, const struct badge_key *key, char *out,
               size_t cap, size_t *len, struct ck_error *err)
{
    uint8_t signed_bytes[SIGNED_BYTES];
    uint8_t bin[BADGE_BINARY_BYTES];
    uint8_t *body = signed_bytes + BADGE_PREFIX_LEN;
    size_t n;
    int rc;
    const struct layout *lay = layout_of(b->version);

    if (!lay)
        return ck_fail(err, CK_EINVAL,
                       "Cannot sign a version %u badge; this "
                       "checkin makes version 1 and %d badges.",
                       b->version, BADGE_VERSION);
    if (b->key_id != key->key_id || b->event_tag != key->event_tag)
        return ck_fail(err, CK_EINVAL,
                       "The badge names key %u of event tag "
                       "%04x but the signing key is key %u of event tag %04x; "
                       "fill the badge from the key that signs it.",
                       b->key_id, b->event_tag, key->key_id, key->event_tag);
    if (all_zero(b->badge_id, BADGE_ID_BYTES))
        return ck_fail(err, CK_EINVAL,
                       "The badge id is all zeros; take a "
                       "fresh one from badge_new_id().");
    if (!kind_consistent(b->kind, b->tutorial))
        return ck_fail(err, CK_EINVAL,
                       "A badge of kind %u with tutorial %u "
                       "is not possible: conference badges have tutorial 0, "
                       "tutorial tickets a tutorial number from 1 to 255.",
                       b->kind, b->tutorial);
    if (cap < lay->text + 1)
        return ck_fail(err, CK_EINVAL,
                       "The badge text buffer holds %zu bytes "
                       "but %zu are needed.",
                       cap, lay->text + 1);
    if ((rc = badge_need_sodium(err)))
        return rc;

    memcpy(signed_bytes, BADGE_PREFIX, BADGE_PREFIX_LEN);
    signed_bytes[2] = (uint8_t)lay->digit;
    body[OFF_EVENT_TAG] = (uint8_t)(b->event_tag >> 8);
    body[OFF_EVENT_TAG + 1] = (uint8_t)(b->event_tag & 0xFF);
    body[OFF_KEY_ID] = b->key_id;
    memcpy(body + OFF_BADGE_ID, b->badge_id, BADGE_ID_BYTES);
    body[OFF_KIND] = b->kind;
    body[OFF_TUTORIAL] = b->tutorial;
    body[OFF_ISSUE] = b->issue;
    if (b->version >= 2)
        memcpy(body + OFF_REGISTRATION, b->registration,
               BADGE_REGISTRATION_BYTES);

    memcpy(bin, body, lay->body);
    if (crypto_sign_detached(bin + lay->body, NULL, signed_bytes,
                             BADGE_PREFIX_LEN + lay->body,
                             key->secret_key) != 0)
        return ck_fail(err, CK_EIO,
                       "Signing the badge failed inside "
                       "libsodium; this is a bug, please report it.");

    memcpy(out, signed_bytes, BADGE_PREFIX_LEN);
    rc = base45_encode(bin, lay->binary, out + BADGE_PREFIX_LEN,
                       cap - BADGE_PREFIX_LEN, &n, err);
    if (rc)
        return rc;
    *len = BADGE_PREFIX_LEN + n;
    return CK_OK;
}

/* badge_reason_str's sentences, each its own format so that it is said
 * in the reader's language (po/ERROR-ROOMS); test_badge holds the two to
 * the same words. */
int badge_reason_fail(enum badge_reason why, struct ck_error *err)
{
    switch (why) {
    case BADGE_REASON_VALID:
        return ck_fail(err, CK_OK,
                       "This badge is genuine and was issued for this event.");
    case BADGE_REASON_NOT_A_BADGE:
        return ck_fail(err, CK_EINVAL,
                       "This code is not a checkin badge (it may be an order "
                       "or ticket code); look the attendee up by name at the "
                       "desk.");
    case BADGE_REASON_MALFORMED:
        return ck_fail(err, CK_EINVAL,
                       "This badge code is damaged or incomplete; scan it "
                       "again, or look the attendee up by name and reprint "
                       "the badge.");
    case BADGE_REASON_UNKNOWN_VERSION:
        return ck_fail(err, CK_EVERSION,
                       "This badge was made by a newer version of checkin; "
                       "update this station or look the attendee up by name.");
    case BADGE_REASON_OTHER_EVENT:
        return ck_fail(err, CK_EINVAL,
                       "This badge is for another event; ask for this event's "
                       "badge or look the attendee up by name at the desk.");
    case BADGE_REASON_UNKNOWN_KEY:
        return ck_fail(err, CK_ENOTFOUND,
                       "This badge was signed with a key this station does "
                       "not know; import the event's current public keys or "
                       "send the attendee to the desk.");
    case BADGE_REASON_BAD_SIGNATURE:
        return ck_fail(err, CK_EINVAL,
                       "This badge's signature does not match, so it was "
                       "altered or forged; send the attendee to the desk to "
                       "check their registration.");
    case BADGE_REASON_REVOKED:
        return ck_fail(err, CK_EINVAL,
                       "This code was replaced by a newer one (a reprint or a "
                       "changed order); ask for the newest badge or "
                       "confirmation, or reprint at the desk.");
    case BADGE_REASON_CANCELLED:
        return ck_fail(err, CK_EINVAL,
                       "The order for this badge was cancelled; send the "
                       "attendee to the registration desk.");
    case BADGE_REASON_UNKNOWN_ATTENDEE:
        return ck_fail(err, CK_ENOTFOUND,
                       "This badge is genuine but its attendee is not in this "
                       "station's data; sync the station or send the attendee "
                       "to the desk.");
    case BADGE_REASON_UNPAID:
        return ck_fail(err, CK_EINVAL,
                       "This order is not paid yet; send the attendee to the "
                       "registration desk to settle it.");
    case BADGE_REASON_UNKNOWN_CODE:
        return ck_fail(err, CK_ENOTFOUND,
                       "This code is not a badge or ticket of this event; look "
                       "the attendee up by name at the desk.");
    }
    return ck_fail(err, CK_EINVAL,
                   "This badge was refused for a reason this version of "
                   "checkin cannot name; send the attendee to the desk.");
}

static int refuse(enum badge_reason why, enum badge_reason *reason,
                  struct ck_error *err)
{
    *reason = why;
    return badge_reason_fail(why, err);
}

static int is_upper_alnum(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/* Parse `text` into `b`, leaving the decoded bytes in `bin` and the bytes the
 * signature covers in `signed_bytes`. */
static int parse(const uint8_t *text, size_t len, struct badge *b,
                 uint8_t bin[BADGE_BINARY_BYTES],
                 uint8_t signed_bytes[SIGNED_BYTES], enum badge_reason *reason,
                 struct ck_error *err)
{
    size_t n;

    /* "CK", one version character, ":": otherwise not ours at all. */
    if (len < BADGE_PREFIX_LEN || text[0] != 'C' || text[1] != 'K' ||
        !is_upper_alnum(text[2]) || text[3] != ':')
        return refuse(BADGE_REASON_NOT_A_BADGE, reason, err);
    /* A later version may have another length, so check it first. */
    const struct layout *lay =
        text[2] == '1' || text[2] == '2' ? layout_of(text[2] - '0') : NULL;
    if (!lay)
        return refuse(BADGE_REASON_UNKNOWN_VERSION, reason, err);
    if (len != lay->text)
        return refuse(BADGE_REASON_MALFORMED, reason, err);
    if (base45_decode((const char *)text + BADGE_PREFIX_LEN,
                      len - BADGE_PREFIX_LEN, bin, BADGE_BINARY_BYTES, &n,
                      NULL) != CK_OK ||
        n != lay->binary)
        return refuse(BADGE_REASON_MALFORMED, reason, err);
    if (!kind_consistent(bin[OFF_KIND], bin[OFF_TUTORIAL]))
        return refuse(BADGE_REASON_MALFORMED, reason, err);

    memset(b, 0, sizeof(*b));
    b->version = (uint8_t)(lay->digit - '0');
    b->event_tag = (uint16_t)(bin[OFF_EVENT_TAG] << 8 | bin[OFF_EVENT_TAG + 1]);
    b->key_id = bin[OFF_KEY_ID];
    memcpy(b->badge_id, bin + OFF_BADGE_ID, BADGE_ID_BYTES);
    b->kind = bin[OFF_KIND];
    b->tutorial = bin[OFF_TUTORIAL];
    b->issue = bin[OFF_ISSUE];
    if (b->version >= 2)
        memcpy(b->registration, bin + OFF_REGISTRATION,
               BADGE_REGISTRATION_BYTES);

    memcpy(signed_bytes, text, BADGE_PREFIX_LEN);
    memcpy(signed_bytes + BADGE_PREFIX_LEN, bin, lay->body);
    *reason = BADGE_REASON_VALID;
    return CK_OK;
}

int badge_parse(const uint8_t *text, size_t len, struct badge *b,
                enum badge_reason *reason, struct ck_error *err)
{
    uint8_t bin[BADGE_BINARY_BYTES], signed_bytes[SIGNED_BYTES];
    struct badge tmp = {0};
    int rc = parse(text, len, &tmp, bin, signed_bytes, reason, err);
    if (rc)
        return rc;
    *b = tmp;
    return CK_OK;
}

int badge_check_signature(const badge_keyring *kr, const uint8_t *text,
                          size_t len, struct badge *b,
                          enum badge_reason *reason, struct ck_error *err)
{
    uint8_t bin[BADGE_BINARY_BYTES], signed_bytes[SIGNED_BYTES];
    struct badge_public_key pub;
    struct badge tmp = {0};
    int rc = badge_need_sodium(err);
    if (rc) {
        *reason = BADGE_REASON_BAD_SIGNATURE; /* could not check: not valid */
        return rc;
    }
    if ((rc = parse(text, len, &tmp, bin, signed_bytes, reason, err)))
        return rc;
    /* The tag is checked before the key so that another event's badge says
     * so, instead of "unknown key". */
    if (tmp.event_tag != badge_keyring_event_tag(kr))
        return refuse(BADGE_REASON_OTHER_EVENT, reason, err);
    if (badge_keyring_find(kr, tmp.key_id, &pub, NULL) != CK_OK)
        return refuse(BADGE_REASON_UNKNOWN_KEY, reason, err);
    const struct layout *lay = layout_of(tmp.version);
    if (!lay)
        return refuse(BADGE_REASON_MALFORMED, reason, err);
    if (crypto_sign_verify_detached(bin + lay->body, signed_bytes,
                                    BADGE_PREFIX_LEN + lay->body,
                                    pub.public_key) != 0)
        return refuse(BADGE_REASON_BAD_SIGNATURE, reason, err);
    *b = tmp;
    *reason = BADGE_REASON_VALID;
    return CK_OK;
}
