/* Fuzz target for everything that reads untrusted badge bytes: the scanned
 * payload (badge_parse, badge_check_signature), base45 and public key text
 * (badge_keyring_import).  Besides "never crash, never read out of bounds"
 * it checks the properties the format promises:
 *   - parse and check agree with their return codes and with each other;
 *   - a payload that verifies is exactly what badge_sign makes of its fields
 *     (one accepted encoding per badge: no malleability);
 *   - base45 that decodes re-encodes to the same text.
 * The keyring holds the fixed key of fuzz_badge_key.h, with which the valid
 * corpus payloads are signed.  Any broken property aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/badge.h"
#include "checkin/base45.h"
#include "fuzz_badge_key.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static badge_keyring *ring;
static struct badge_key key;

static void init(void)
{
    static const uint8_t seed[BADGE_SEED_BYTES] = FUZZ_BADGE_SEED;
    struct badge_public_key pub;
    if (ring)
        return;
    if (badge_key_from_seed(FUZZ_BADGE_EVENT_TAG, FUZZ_BADGE_KEY_ID, seed, &key,
                            NULL) != CK_OK ||
        badge_keyring_new(FUZZ_BADGE_EVENT_TAG, &ring, NULL) != CK_OK)
        abort();
    badge_key_public(&key, &pub);
    if (badge_keyring_add(ring, &pub, NULL) != CK_OK)
        abort();
}

static int same_badge(const struct badge *a, const struct badge *b)
{
    return a->version == b->version && a->key_id == b->key_id &&
           a->event_tag == b->event_tag &&
           memcmp(a->badge_id, b->badge_id, BADGE_ID_BYTES) == 0 &&
           a->kind == b->kind && a->tutorial == b->tutorial &&
           a->issue == b->issue &&
           memcmp(a->registration, b->registration, BADGE_REGISTRATION_BYTES) ==
               0;
}

static void payload(const uint8_t *data, size_t size)
{
    struct badge parsed, checked;
    enum badge_reason r1, r2;
    struct ck_error err;
    int p = badge_parse(data, size, &parsed, &r1, &err);
    if ((p == CK_OK) != (r1 == BADGE_REASON_VALID))
        abort();
    int v = badge_check_signature(ring, data, size, &checked, &r2, &err);
    if ((v == CK_OK) != (r2 == BADGE_REASON_VALID))
        abort();
    if (v != CK_OK && strcmp(err.msg, badge_reason_str(r2)) != 0)
        abort();
    if (p != CK_OK && r2 != r1) /* the same structural refusal */
        abort();
    if (v == CK_OK) {
        char again[BADGE_TEXT_CAP];
        size_t n = 0;
        if (p != CK_OK || !same_badge(&parsed, &checked))
            abort();
        if (badge_sign(&checked, &key, again, sizeof(again), &n, NULL) !=
                CK_OK ||
            n != size || memcmp(again, data, size) != 0)
            abort();
    }
}

static void base45(const uint8_t *data, size_t size)
{
    size_t cap = size / 3 * 2 + 1, n = 0, tn = 0;
    uint8_t *bytes = malloc(cap);
    char *text = NULL;
    if (!bytes)
        return;
    if (base45_decode((const char *)data, size, bytes, cap, &n, NULL) ==
        CK_OK) {
        size_t tcap = base45_encoded_len(n) + 1;
        text = malloc(tcap);
        if (text) {
            if (base45_encode(bytes, n, text, tcap, &tn, NULL) != CK_OK ||
                tn != size || memcmp(text, data, size) != 0)
                abort();
        }
    }
    free(text);
    free(bytes);
}

static void key_text(const uint8_t *data, size_t size)
{
    badge_keyring *kr = NULL;
    struct ck_error err;
    if (badge_keyring_new(FUZZ_BADGE_EVENT_TAG, &kr, NULL) != CK_OK)
        abort();
    if (badge_keyring_import(kr, (const char *)data, size, &err) == CK_OK) {
        /* What was imported exports and imports again to the same keys. */
        size_t cap = 128 + badge_keyring_count(kr) * BADGE_PUBLIC_KEY_LINE_CAP,
               n = 0;
        char *out = malloc(cap);
        badge_keyring *again = NULL;
        if (!out || badge_keyring_export(kr, out, cap, &n, NULL) != CK_OK ||
            badge_keyring_new(FUZZ_BADGE_EVENT_TAG, &again, NULL) != CK_OK ||
            badge_keyring_import(again, out, n, NULL) != CK_OK ||
            badge_keyring_count(again) != badge_keyring_count(kr))
            abort();
        badge_keyring_free(again);
        free(out);
    } else if (badge_keyring_count(kr) != 0) {
        abort(); /* all or nothing */
    }
    badge_keyring_free(kr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    init();
    payload(data, size);
    base45(data, size);
    key_text(data, size);
    return 0;
}
