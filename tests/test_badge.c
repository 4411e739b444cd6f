/* Tests of signed badge payloads (badge/badge.c, badge_keys.c, base45.c).
 *
 * Outside oracles where there are any: the RFC 9285 base45 vectors,
 * libsodium's own Ed25519 to sign hand-built byte layouts from
 * docs/badge-payload.md, libqrencode to find the QR version a payload needs
 * and zbar to read a rendered badge back. */
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zbar.h>

#include "checkin/badge.h"
#include "checkin/base45.h"
#include "fuzz/fuzz_badge_key.h"
#include "testutil.h"

#define TAG FUZZ_BADGE_EVENT_TAG
#define OTHER_TAG 0xd00f /* badge_event_tag("other-conf-2027") */

/* The worked example of docs/badge-payload.md. */
#define EXAMPLE_TEXT "CK1:" EXAMPLE_BASE45
/* The same badge as version 2, for registration "48243". */
#define EXAMPLE_V2_TEXT                                                        \
    "CK2:WFIW50TK404DGWLU9U5H0QZJNL11H1+V5JE2QXM3H9G%UIXH.YI1*8 IPYL7G*O37V3*" \
    "2UHD582:+BY1BTFO4$PL+1HOK8RD94QVLRFFK+ EEGK+4GIDUSQI6QFFSUG85"
#define EXAMPLE_BASE45                                                         \
    "WFIW50TK404DGWLU9U5H0P$L$CV%IAIR9GVJZIG 81PC0WKQL.OIDN TV*2AMILU8MP%ERKT" \
    "1Q6GFCL L80H/SB9YV0AUHJF60J GPYBDKMOE$QBFEH*A"

static const uint8_t SEED[BADGE_SEED_BYTES] = FUZZ_BADGE_SEED;

static struct badge_key key_from(uint16_t tag, uint8_t id, uint8_t seed_byte)
{
    uint8_t seed[BADGE_SEED_BYTES];
    struct badge_key k;
    memset(seed, seed_byte, sizeof(seed));
    if (badge_key_from_seed(tag, id, seed, &k, NULL) != CK_OK)
        TU_FAIL_AT("badge_key_from_seed failed");
    return k;
}

static struct badge_key example_key(void)
{
    struct badge_key k;
    if (badge_key_from_seed(TAG, FUZZ_BADGE_KEY_ID, SEED, &k, NULL) != CK_OK)
        TU_FAIL_AT("badge_key_from_seed failed");
    return k;
}

/* The documentation's example: a version 1 badge (the byte-level tests
 * below build version 1 payloads by hand; version 2 has its own). */
static struct badge example_badge(void)
{
    struct badge b = {
        .version = 1,
        .key_id = FUZZ_BADGE_KEY_ID,
        .event_tag = TAG,
        .badge_id = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef},
        .kind = BADGE_KIND_TUTORIAL,
        .tutorial = 3,
        .issue = 2};
    return b;
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

static int same_key(const struct badge_key *a, const struct badge_key *b)
{
    return a->event_tag == b->event_tag && a->key_id == b->key_id &&
           memcmp(a->public_key, b->public_key, BADGE_PUBLIC_KEY_BYTES) == 0 &&
           memcmp(a->secret_key, b->secret_key, BADGE_SECRET_KEY_BYTES) == 0;
}

static badge_keyring *ring_with(uint16_t tag, const struct badge_key *k)
{
    badge_keyring *kr = NULL;
    struct badge_public_key pub;
    if (badge_keyring_new(tag, &kr, NULL) != CK_OK)
        return NULL;
    if (k) {
        badge_key_public(k, &pub);
        if (badge_keyring_add(kr, &pub, NULL) != CK_OK)
            TU_FAIL_AT("badge_keyring_add failed");
    }
    return kr;
}

/* Check `n` bytes of `s` from a heap copy of exactly `n` bytes, so that a
 * read past the end trips AddressSanitizer. */
static enum badge_reason check(const badge_keyring *kr, const void *s, size_t n,
                               struct badge *out)
{
    enum badge_reason reason = (enum badge_reason) - 1;
    struct badge b;
    struct ck_error err;
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy)
        abort();
    memcpy(copy, s, n);
    int rc = badge_check_signature(kr, copy, n, &b, &reason, &err);
    free(copy);
    if ((rc == CK_OK) != (reason == BADGE_REASON_VALID))
        TU_FAIL_AT("rc %d does not agree with reason %d", rc, (int)reason);
    if (rc != CK_OK && strcmp(err.msg, badge_reason_str(reason)) != 0)
        TU_FAIL_AT("error message \"%s\" is not the reason's", err.msg);
    if (out && rc == CK_OK)
        *out = b;
    return reason;
}

static size_t sign(const struct badge *b, const struct badge_key *k,
                   char out[BADGE_TEXT_CAP])
{
    size_t len = 0;
    struct ck_error err = {0};
    if (badge_sign(b, k, out, BADGE_TEXT_CAP, &len, &err) != CK_OK)
        TU_FAIL_AT("badge_sign: %s", err.msg);
    return len;
}

/* Build a payload byte by byte as docs/badge-payload.md describes and sign
 * it with libsodium directly, bypassing badge_sign. */
static size_t craft(const char prefix[4],
                    const uint8_t body[BADGE_V1_BODY_BYTES],
                    const struct badge_key *k, char out[BADGE_TEXT_CAP])
{
    uint8_t msg[4 + BADGE_V1_BODY_BYTES], bin[BADGE_V1_BINARY_BYTES];
    size_t n = 0;
    memcpy(msg, prefix, 4);
    memcpy(msg + 4, body, BADGE_V1_BODY_BYTES);
    memcpy(bin, body, BADGE_V1_BODY_BYTES);
    crypto_sign_detached(bin + BADGE_V1_BODY_BYTES, NULL, msg, sizeof(msg),
                         k->secret_key);
    memcpy(out, prefix, 4);
    if (base45_encode(bin, sizeof(bin), out + 4, BADGE_TEXT_CAP - 4, &n,
                      NULL) != CK_OK)
        TU_FAIL_AT("base45_encode failed");
    return 4 + n;
}

static void example_body(uint8_t body[BADGE_V1_BODY_BYTES])
{
    static const uint8_t b[BADGE_V1_BODY_BYTES] = {
        0x91, 0x25,                                     /* event tag */
        0x01,                                           /* key id */
        0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, /* badge id */
        0x01,                                           /* kind: tutorial */
        0x03,                                           /* tutorial 3 */
        0x02};                                          /* issue 2 */
    memcpy(body, b, BADGE_V1_BODY_BYTES);
}

/* ---- base45 ------------------------------------------------------------ */

static void base45_encodes_rfc9285_vectors(void)
{
    static const struct {
        const char *in, *out;
    } v[] = {{"AB", "BB8"},
             {"Hello!!", "%69 VD92EX0"},
             {"base-45", "UJCLQE7W581"},
             {"ietf!", "QED8WEX0"},
             {"", ""}};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        char out[64];
        size_t len = 99;
        EXPECT_INT(base45_encode((const uint8_t *)v[i].in, strlen(v[i].in), out,
                                 sizeof(out), &len, NULL),
                   CK_OK);
        EXPECT_STR(out, v[i].out);
        EXPECT_INT(len, strlen(v[i].out));
        EXPECT_INT(base45_encoded_len(strlen(v[i].in)), strlen(v[i].out));
    }
}

static void base45_decodes_rfc9285_vectors(void)
{
    static const struct {
        const char *in, *out;
    } v[] = {{"QED8WEX0", "ietf!"},
             {"BB8", "AB"},
             {"%69 VD92EX0", "Hello!!"},
             {"UJCLQE7W581", "base-45"}};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        char out[64];
        size_t len = 0;
        EXPECT_INT(base45_decode(v[i].in, strlen(v[i].in), (uint8_t *)out,
                                 sizeof(out) - 1, &len, NULL),
                   CK_OK);
        out[len < sizeof(out) ? len : 0] = '\0';
        EXPECT_STR(out, v[i].out);
    }
}

static void base45_rejects_invalid_text(void)
{
    static const char *bad[] = {
        "qed8wex0", /* lower case is not in the alphabet */
        "QED8WEX",  /* 3n+1 characters */
        "Q",        /* 3n+1 characters */
        "GGW",      /* 16 + 16*45 + 32*2025 = 65536 */
        ":::",      /* 91124 */
        "V5",       /* 31 + 5*45 = 256 in a final pair */
        "::",       /* 2024 in a final pair */
        "BB8=",     /* '=' is not base45 */
        "AB\n",     /* newline */
        "QED8WE#0", /* '#' */
    };
    uint8_t out[16];
    size_t len;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct ck_error err = {0};
        int rc =
            base45_decode(bad[i], strlen(bad[i]), out, sizeof(out), &len, &err);
        if (rc != CK_EINVAL)
            TU_FAIL_AT("\"%s\" decoded (rc %d)", bad[i], rc);
        EXPECT_TRUE(err.msg[0] != '\0');
    }
    /* A NUL inside is just another invalid character, not an end. */
    EXPECT_INT(base45_decode("BB\0", 3, out, sizeof(out), &len, NULL),
               CK_EINVAL);
    /* The largest valid values still decode. */
    EXPECT_INT(base45_decode("FGW", 3, out, sizeof(out), &len, NULL), CK_OK);
    EXPECT_INT(len, 2);
    EXPECT_INT(out[0] << 8 | out[1], 0xFFFF);
    EXPECT_INT(base45_decode("U5", 2, out, sizeof(out), &len, NULL), CK_OK);
    EXPECT_INT(out[0], 0xFF);
}

static void base45_refuses_small_buffers(void)
{
    char text[8];
    uint8_t bytes[4];
    size_t len;
    /* "ietf!" needs 8 characters and a NUL. */
    EXPECT_INT(base45_encode((const uint8_t *)"ietf!", 5, text, 8, &len, NULL),
               CK_EINVAL);
    EXPECT_INT(base45_decode("QED8WEX0", 8, bytes, 4, &len, NULL), CK_EINVAL);
}

static void base45_roundtrips_random_bytes_of_every_length(void)
{
    uint8_t in[200], back[200];
    char text[310];
    for (size_t n = 0; n <= sizeof(in); n++) {
        size_t tlen = 0, blen = 0;
        randombytes_buf(in, n);
        REQUIRE(base45_encode(in, n, text, sizeof(text), &tlen, NULL) == CK_OK);
        EXPECT_INT(tlen, base45_encoded_len(n));
        REQUIRE(base45_decode(text, tlen, back, sizeof(back), &blen, NULL) ==
                CK_OK);
        EXPECT_INT(blen, n);
        EXPECT_TRUE(memcmp(in, back, n) == 0);
    }
}

/* ---- payloads ---------------------------------------------------------- */

static void sign_parse_verify_roundtrip(void)
{
    struct badge_key k = example_key();
    struct badge b = example_badge(), got, parsed;
    char text[BADGE_TEXT_CAP];
    enum badge_reason reason;
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);

    REQUIRE(badge_new_id(b.badge_id, NULL) == CK_OK);
    size_t len = sign(&b, &k, text);
    EXPECT_INT(len, BADGE_V1_TEXT_LEN);
    EXPECT_INT(strlen(text), BADGE_V1_TEXT_LEN);
    EXPECT_TRUE(memcmp(text, "CK1:", 4) == 0);

    EXPECT_INT(badge_parse((const uint8_t *)text, len, &parsed, &reason, NULL),
               CK_OK);
    EXPECT_INT(reason, BADGE_REASON_VALID);
    EXPECT_INT(check(kr, text, len, &got), BADGE_REASON_VALID);
    EXPECT_INT(got.version, 1);
    EXPECT_INT(got.key_id, b.key_id);
    EXPECT_INT(got.event_tag, b.event_tag);
    EXPECT_TRUE(memcmp(got.badge_id, b.badge_id, BADGE_ID_BYTES) == 0);
    EXPECT_INT(got.kind, BADGE_KIND_TUTORIAL);
    EXPECT_INT(got.tutorial, 3);
    EXPECT_INT(got.issue, 2);
    EXPECT_TRUE(same_badge(&got, &parsed));

    /* A conference badge, extreme field values. */
    b.kind = BADGE_KIND_CONFERENCE;
    b.tutorial = 0;
    b.issue = 255;
    len = sign(&b, &k, text);
    EXPECT_INT(check(kr, text, len, &got), BADGE_REASON_VALID);
    EXPECT_INT(got.kind, BADGE_KIND_CONFERENCE);
    EXPECT_INT(got.tutorial, 0);
    EXPECT_INT(got.issue, 255);
    badge_keyring_free(kr);
    badge_key_wipe(&k);
}

static void worked_example_matches_the_documentation(void)
{
    /* docs/badge-payload.md, "Worked example": if this fails, the format
     * changed and the documentation (and every printed badge) with it. */
    struct badge_key k = example_key();
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP], crafted[BADGE_TEXT_CAP];
    uint8_t body[BADGE_V1_BODY_BYTES];
    uint16_t tag = 0;

    REQUIRE(badge_event_tag(FUZZ_BADGE_EVENT_SLUG,
                            strlen(FUZZ_BADGE_EVENT_SLUG), &tag,
                            NULL) == CK_OK);
    EXPECT_INT(tag, TAG);
    size_t len = sign(&b, &k, text);
    EXPECT_STR(text, EXAMPLE_TEXT);
    /* The same bytes built by hand and signed by libsodium directly. */
    example_body(body);
    size_t clen = craft("CK1:", body, &k, crafted);
    EXPECT_INT(clen, len);
    crafted[clen] = '\0';
    EXPECT_STR(crafted, text);
    badge_key_wipe(&k);
}

static void payload_length_is_constant_and_fits_qr_version_7_at_q(void)
{
    struct badge_key k = key_from(0xFFFF, 255, 7);
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    b.key_id = 255;
    b.event_tag = 0xFFFF;
    for (int i = 0; i < 50; i++) {
        REQUIRE(badge_new_id(b.badge_id, NULL) == CK_OK);
        b.kind = i % 2 ? BADGE_KIND_TUTORIAL : BADGE_KIND_CONFERENCE;
        b.tutorial = i % 2 ? (uint8_t)(i * 5 + 1) : 0;
        b.issue = (uint8_t)(i * 37);
        size_t len = sign(&b, &k, text);
        EXPECT_INT(len, BADGE_V1_TEXT_LEN);
        for (size_t j = 0; j < len; j++)
            if (!strchr("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:",
                        text[j]) ||
                text[j] == '\0')
                TU_FAIL_AT("character %zu '%c' is not QR alphanumeric", j,
                           text[j]);
        /* libqrencode refuses QR_MODE_AN as a hint to QRcode_encodeString
         * (EINVAL: hints are only 8-bit or Kanji), so ask for one
         * alphanumeric segment explicitly, and also let its mode optimiser
         * choose as a label renderer calling QRcode_encodeString would. */
        QRinput *in = QRinput_new2(0, QR_ECLEVEL_Q);
        REQUIRE(in);
        REQUIRE(QRinput_append(in, QR_MODE_AN, (int)len,
                               (const unsigned char *)text) == 0);
        QRcode *qr = QRcode_encodeInput(in);
        QRinput_free(in);
        REQUIRE(qr);
        if (qr->version > 7)
            TU_FAIL_AT("payload needs QR version %d at level Q: %s",
                       qr->version, text);
        if (i == 0)
            printf("badge payload: %zu characters, QR version %d-Q (%d "
                   "modules)\n",
                   len, qr->version, qr->width);
        QRcode_free(qr);
        qr = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
        REQUIRE(qr);
        if (qr->version > 7)
            TU_FAIL_AT("QRcode_encodeString needs version %d: %s", qr->version,
                       text);
        QRcode_free(qr);
    }
    badge_key_wipe(&k);
}

/* Version 2 (what checkin signs): the registration the badge belongs to
 * travels signed inside it; 133 characters, QR version 8-Q (49 modules),
 * and the worked example of docs/badge-payload.md. */
static void version_2_carries_the_registration(void)
{
    struct badge_key k = example_key();
    struct badge b = example_badge(), got;
    b.version = BADGE_VERSION;
    REQUIRE(badge_registration_ref(TAG, "48243", b.registration, NULL) ==
            CK_OK);
    char text[BADGE_TEXT_CAP];
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    size_t len = sign(&b, &k, text);
    EXPECT_INT(len, BADGE_TEXT_LEN);
    EXPECT_TRUE(memcmp(text, "CK2:", 4) == 0);
    EXPECT_STR(text, EXAMPLE_V2_TEXT);
    EXPECT_INT(check(kr, text, len, &got), BADGE_REASON_VALID);
    EXPECT_INT(got.version, 2);
    EXPECT_TRUE(memcmp(got.registration, b.registration,
                       BADGE_REGISTRATION_BYTES) == 0);
    EXPECT_TRUE(same_badge(&got, &b));
    /* The reference is BLAKE2b-256 of the documented bytes, cut to 8. */
    uint8_t msg[64], h[32], ref[BADGE_REGISTRATION_BYTES];
    size_t n = 0;
    memcpy(msg, "checkin-registration:", 21);
    n = 21;
    msg[n++] = (uint8_t)(TAG >> 8);
    msg[n++] = (uint8_t)TAG;
    memcpy(msg + n, "48243", 5);
    n += 5;
    crypto_generichash(h, sizeof(h), msg, n, NULL, 0);
    REQUIRE(badge_registration_ref(TAG, "48243", ref, NULL) == CK_OK);
    EXPECT_TRUE(memcmp(ref, h, sizeof(ref)) == 0);
    /* Another registration's reference breaks the signature: bytes 14-15
     * of the body are characters 21-23 of the base45 text. */
    char other[BADGE_TEXT_CAP];
    memcpy(other, text, sizeof(other));
    other[4 + 21] = other[4 + 21] == '0' ? '1' : '0';
    EXPECT_TRUE(check(kr, other, len, NULL) != BADGE_REASON_VALID);
    /* A version 1 length under CK2: (or the reverse) is malformed. */
    EXPECT_INT(check(kr, text, BADGE_V1_TEXT_LEN, NULL),
               BADGE_REASON_MALFORMED);
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr);
    printf("badge payload v2: %zu characters, QR version %d-Q (%d "
           "modules)\n",
           len, qr->version, qr->width);
    EXPECT_INT(qr->version, 8);
    QRcode_free(qr);
    badge_keyring_free(kr);
    badge_key_wipe(&k);
}

static void rendered_badge_is_read_back_by_zbar_and_verifies(void)
{
    enum { SCALE = 4, QUIET = 4 };
    struct badge_key k = example_key();
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    size_t len = sign(&b, &k, text);

    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr);
    int side = (qr->width + 2 * QUIET) * SCALE;
    uint8_t *px = malloc((size_t)side * (size_t)side);
    REQUIRE(px);
    memset(px, 0xFF, (size_t)side * (size_t)side);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                for (int dy = 0; dy < SCALE; dy++)
                    memset(px + (size_t)((QUIET + y) * SCALE + dy) * side +
                               (size_t)(QUIET + x) * SCALE,
                           0, SCALE);
    QRcode_free(qr);

    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)side, (unsigned)side);
    zbar_image_set_data(img, px, (unsigned long)side * (unsigned long)side,
                        NULL);
    EXPECT_INT(zbar_scan_image(sc, img), 1);
    const zbar_symbol_t *sym = zbar_image_first_symbol(img);
    if (sym) {
        const char *data = zbar_symbol_get_data(sym);
        unsigned n = zbar_symbol_get_data_length(sym);
        EXPECT_INT(n, len);
        EXPECT_INT(check(kr, data, n, NULL), BADGE_REASON_VALID);
    }
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    free(px);
    badge_keyring_free(kr);
    badge_key_wipe(&k);
}

static void changing_any_character_is_refused(void)
{
    static const char ALPHA[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    struct badge_key k = example_key();
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP], t[BADGE_TEXT_CAP];
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    size_t len = sign(&b, &k, text);
    size_t tried = 0, counts[16] = {0};

    for (size_t pos = 0; pos < len; pos++) {
        for (size_t a = 0; a < sizeof(ALPHA) - 1; a++) {
            if (ALPHA[a] == text[pos])
                continue;
            memcpy(t, text, len);
            t[pos] = ALPHA[a];
            enum badge_reason r = check(kr, t, len, NULL);
            tried++;
            if (r == BADGE_REASON_VALID)
                TU_FAIL_AT("changed character %zu to '%c' and it verified", pos,
                           ALPHA[a]);
            else if ((unsigned)r < 16)
                counts[r]++;
        }
    }
    EXPECT_INT(tried, len * 44);
    /* Most changes hit the signature or base45; all reasons are refusals. */
    EXPECT_TRUE(counts[BADGE_REASON_BAD_SIGNATURE] > 0);
    EXPECT_TRUE(counts[BADGE_REASON_MALFORMED] > 0);
    EXPECT_INT(counts[BADGE_REASON_VALID], 0);
    printf("tampered %zu: bad-signature %zu, malformed %zu, other-event %zu, "
           "unknown-key %zu, unknown-version %zu, not-a-badge %zu\n",
           tried, counts[BADGE_REASON_BAD_SIGNATURE],
           counts[BADGE_REASON_MALFORMED], counts[BADGE_REASON_OTHER_EVENT],
           counts[BADGE_REASON_UNKNOWN_KEY],
           counts[BADGE_REASON_UNKNOWN_VERSION],
           counts[BADGE_REASON_NOT_A_BADGE]);
    badge_keyring_free(kr);
    badge_key_wipe(&k);
}

static void flipping_any_bit_of_the_bytes_is_refused(void)
{
    /* Re-encoding changed bytes (always valid base45) must fail on the
     * signature or the event/key checks, never pass. */
    struct badge_key k = example_key();
    char t[BADGE_TEXT_CAP];
    uint8_t body[BADGE_V1_BODY_BYTES], bin[BADGE_V1_BINARY_BYTES];
    size_t n;
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    example_body(body);
    craft("CK1:", body, &k, t);
    REQUIRE(base45_decode(t + 4, BADGE_V1_TEXT_LEN - 4, bin, sizeof(bin), &n,
                          NULL) == CK_OK);
    for (size_t bit = 0; bit < 8 * sizeof(bin); bit++) {
        uint8_t c[BADGE_V1_BINARY_BYTES];
        memcpy(c, bin, sizeof(c));
        c[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        REQUIRE(base45_encode(c, sizeof(c), t + 4, sizeof(t) - 4, &n, NULL) ==
                CK_OK);
        if (check(kr, t, BADGE_V1_TEXT_LEN, NULL) == BADGE_REASON_VALID)
            TU_FAIL_AT("flipped bit %zu and it verified", bit);
    }
    badge_keyring_free(kr);
    badge_key_wipe(&k);
}

static void key_of_the_same_id_but_other_secret_is_bad_signature(void)
{
    struct badge_key good = example_key();
    struct badge_key forger = key_from(TAG, FUZZ_BADGE_KEY_ID, 0x55);
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    badge_keyring *kr = ring_with(TAG, &good);
    REQUIRE(kr);
    size_t len = sign(&b, &forger, text);
    EXPECT_INT(check(kr, text, len, NULL), BADGE_REASON_BAD_SIGNATURE);
    badge_keyring_free(kr);
}

static void unknown_key_id_is_unknown_key(void)
{
    struct badge_key k1 = example_key();
    struct badge_key k9 = key_from(TAG, 9, 0x09);
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    struct ck_error err = {0};
    badge_keyring *kr = ring_with(TAG, &k1);
    REQUIRE(kr);
    b.key_id = 9;
    size_t len = sign(&b, &k9, text);
    enum badge_reason reason;
    struct badge got;
    EXPECT_INT(badge_check_signature(kr, (const uint8_t *)text, len, &got,
                                     &reason, &err),
               CK_ENOTFOUND);
    EXPECT_INT(reason, BADGE_REASON_UNKNOWN_KEY);
    EXPECT_CONTAINS(err.msg, "key this station does not know");
    /* An empty keyring knows no key either. */
    badge_keyring *empty = ring_with(TAG, NULL);
    REQUIRE(empty);
    EXPECT_INT(check(empty, text, len, NULL), BADGE_REASON_UNKNOWN_KEY);
    badge_keyring_free(empty);
    badge_keyring_free(kr);
}

static void badge_of_another_event_is_other_event(void)
{
    /* Another event's badge, signed by that event's key which even has the
     * same key id as ours: refused as another event, not as unknown key. */
    struct badge_key ours = example_key();
    struct badge_key theirs = key_from(OTHER_TAG, FUZZ_BADGE_KEY_ID, 0x77);
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    badge_keyring *kr = ring_with(TAG, &ours);
    REQUIRE(kr);
    b.event_tag = OTHER_TAG;
    size_t len = sign(&b, &theirs, text);
    EXPECT_INT(check(kr, text, len, NULL), BADGE_REASON_OTHER_EVENT);
    /* Another event's badge with a key id we do not have: still "other
     * event", because the tag is checked before the key. */
    struct badge_key theirs42 = key_from(OTHER_TAG, 42, 0x78);
    b.key_id = 42;
    len = sign(&b, &theirs42, text);
    EXPECT_INT(check(kr, text, len, NULL), BADGE_REASON_OTHER_EVENT);
    /* Their own station accepts it. */
    badge_keyring *their_kr = ring_with(OTHER_TAG, &theirs42);
    REQUIRE(their_kr);
    EXPECT_INT(check(their_kr, text, len, NULL), BADGE_REASON_VALID);
    badge_keyring_free(their_kr);
    badge_keyring_free(kr);
}

static void unknown_version_is_refused(void)
{
    struct badge_key k = example_key();
    uint8_t body[BADGE_V1_BODY_BYTES];
    char text[BADGE_TEXT_CAP];
    struct ck_error err = {0};
    enum badge_reason reason;
    struct badge got;
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    example_body(body);
    /* Correctly signed, but version 3. */
    size_t len = craft("CK3:", body, &k, text);
    EXPECT_INT(badge_check_signature(kr, (const uint8_t *)text, len, &got,
                                     &reason, &err),
               CK_EVERSION);
    EXPECT_INT(reason, BADGE_REASON_UNKNOWN_VERSION);
    EXPECT_CONTAINS(err.msg, "newer version");
    /* Versions may change the length, so short and long ones say so too. */
    EXPECT_INT(check(kr, "CK9:ABC", 7, NULL), BADGE_REASON_UNKNOWN_VERSION);
    EXPECT_INT(check(kr, "CKZ:", 4, NULL), BADGE_REASON_UNKNOWN_VERSION);
    EXPECT_INT(check(kr, "CK0:", 4, NULL), BADGE_REASON_UNKNOWN_VERSION);
    badge_keyring_free(kr);
}

static void truncated_and_overlong_payloads_are_refused(void)
{
    struct badge_key k = example_key();
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP], longer[BADGE_TEXT_CAP + 8];
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    size_t len = sign(&b, &k, text);

    for (size_t n = 0; n < len; n++) {
        enum badge_reason r = check(kr, text, n, NULL);
        enum badge_reason want =
            n < 4 ? BADGE_REASON_NOT_A_BADGE : BADGE_REASON_MALFORMED;
        if (r != want)
            TU_FAIL_AT("first %zu characters: reason %d, expected %d", n,
                       (int)r, (int)want);
    }
    static const char *tails[] = {"0", "\n", "\r\n", " ", "000"};
    for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
        memcpy(longer, text, len);
        memcpy(longer + len, tails[i], strlen(tails[i]));
        EXPECT_INT(check(kr, longer, len + strlen(tails[i]), NULL),
                   BADGE_REASON_MALFORMED);
    }
    /* The terminating NUL counted as part of the payload. */
    EXPECT_INT(check(kr, text, len + 1, NULL), BADGE_REASON_MALFORMED);
    badge_keyring_free(kr);
}

static void foreign_codes_are_not_badges(void)
{
    badge_keyring *kr = ring_with(TAG, NULL);
    REQUIRE(kr);
    static const char *codes[] = {
        "",
        "C",
        "ck1:",     /* lower case */
        "CK1",      /* no colon */
        "CK-:AAAA", /* '-' is no version */
        "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOOK.IR9B+9D-TNKDQ",
        "2x7zdtv3mwpfbyj8cghkusvzfx9nmrjt", /* a pretix-like secret */
    };
    for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
        EXPECT_INT(check(kr, codes[i], strlen(codes[i]), NULL),
                   BADGE_REASON_NOT_A_BADGE);
    badge_keyring_free(kr);
}

static void kind_and_tutorial_must_agree(void)
{
    struct badge_key k = example_key();
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    size_t len;
    struct ck_error err = {0};

    b.kind = BADGE_KIND_CONFERENCE; /* with tutorial 3 */
    EXPECT_INT(badge_sign(&b, &k, text, sizeof(text), &len, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "tutorial");
    b = example_badge();
    b.tutorial = 0; /* a tutorial ticket without a tutorial */
    EXPECT_INT(badge_sign(&b, &k, text, sizeof(text), &len, NULL), CK_EINVAL);

    /* Properly signed but inconsistent or unknown kinds are malformed. */
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    uint8_t body[BADGE_V1_BODY_BYTES];
    static const uint8_t kinds[][2] = {{0, 3}, {1, 0}, {2, 1}, {255, 0}};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        example_body(body);
        body[11] = kinds[i][0];
        body[12] = kinds[i][1];
        len = craft("CK1:", body, &k, text);
        EXPECT_INT(check(kr, text, len, NULL), BADGE_REASON_MALFORMED);
    }
    badge_keyring_free(kr);
}

static void sign_refuses_mismatched_key_zero_id_and_small_buffer(void)
{
    struct badge_key k = example_key();
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    size_t len;
    struct ck_error err = {0};

    b.key_id = 2;
    EXPECT_INT(badge_sign(&b, &k, text, sizeof(text), &len, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "signing key");
    b = example_badge();
    b.event_tag = OTHER_TAG;
    EXPECT_INT(badge_sign(&b, &k, text, sizeof(text), &len, NULL), CK_EINVAL);
    b = example_badge();
    b.version = 3;
    EXPECT_INT(badge_sign(&b, &k, text, sizeof(text), &len, NULL), CK_EINVAL);
    b = example_badge();
    memset(b.badge_id, 0, sizeof(b.badge_id));
    EXPECT_INT(badge_sign(&b, &k, text, sizeof(text), &len, NULL), CK_EINVAL);
    b = example_badge();
    EXPECT_INT(badge_sign(&b, &k, text, BADGE_V1_TEXT_LEN, &len, NULL),
               CK_EINVAL);
}

static void key_rotation_badges_of_either_key_verify(void)
{
    struct badge_key k1 = example_key();
    struct badge_key k2 = key_from(TAG, 2, 0x22);
    struct badge b = example_badge();
    char t1[BADGE_TEXT_CAP], t2[BADGE_TEXT_CAP];
    struct badge_public_key p2;
    badge_keyring *kr = ring_with(TAG, &k1);
    REQUIRE(kr);
    size_t n1 = sign(&b, &k1, t1);
    b.key_id = 2;
    size_t n2 = sign(&b, &k2, t2);

    EXPECT_INT(check(kr, t2, n2, NULL), BADGE_REASON_UNKNOWN_KEY);
    badge_key_public(&k2, &p2);
    REQUIRE(badge_keyring_add(kr, &p2, NULL) == CK_OK);
    EXPECT_INT(badge_keyring_count(kr), 2);
    EXPECT_INT(check(kr, t1, n1, NULL), BADGE_REASON_VALID);
    EXPECT_INT(check(kr, t2, n2, NULL), BADGE_REASON_VALID);
    /* Adding the same key again changes nothing; a different key under a
     * taken id is refused. */
    EXPECT_INT(badge_keyring_add(kr, &p2, NULL), CK_OK);
    EXPECT_INT(badge_keyring_count(kr), 2);
    struct badge_key impostor = key_from(TAG, 2, 0x23);
    struct badge_public_key pi;
    badge_key_public(&impostor, &pi);
    EXPECT_INT(badge_keyring_add(kr, &pi, NULL), CK_EINVAL);
    EXPECT_INT(check(kr, t2, n2, NULL), BADGE_REASON_VALID);
    badge_keyring_free(kr);
}

static void keyring_refuses_keys_of_another_event(void)
{
    struct badge_key theirs = key_from(OTHER_TAG, 1, 0x77);
    struct badge_public_key pub;
    struct ck_error err = {0};
    badge_keyring *kr = ring_with(TAG, NULL);
    REQUIRE(kr);
    badge_key_public(&theirs, &pub);
    EXPECT_INT(badge_keyring_add(kr, &pub, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "d00f");
    EXPECT_INT(badge_keyring_count(kr), 0);
    badge_keyring_free(kr);
}

/* ---- key files --------------------------------------------------------- */

static void secret_key_file_is_0600_and_loads_back(void)
{
    struct badge_key k, back;
    struct ck_error err = {0};
    struct stat st;
    const char *path = tu_path("signing-1.key");

    REQUIRE(badge_key_generate(TAG, 1, &k, &err) == CK_OK);
    REQUIRE(badge_key_save(&k, path, &err) == CK_OK);
    REQUIRE(stat(path, &st) == 0);
    EXPECT_INT(st.st_mode & 07777, 0600);
    EXPECT_INT(badge_key_load(path, &back, &err), CK_OK);
    EXPECT_TRUE(same_key(&k, &back));

    /* A badge signed with the loaded key verifies against the original's
     * public key. */
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP];
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    size_t len = sign(&b, &back, text);
    EXPECT_INT(check(kr, text, len, NULL), BADGE_REASON_VALID);
    badge_keyring_free(kr);

    /* Nothing of the secret is in the file in the clear besides the seed
     * line, and the file says what it is. */
    size_t flen = 0;
    char *file = tu_read_file(path, &flen);
    REQUIRE(file);
    EXPECT_CONTAINS(file, "checkin-badge-secret-key 1 9125 1 ");
    free(file);
    badge_key_wipe(&k);
    badge_key_wipe(&back);
}

static void secret_key_file_readable_by_others_is_refused(void)
{
    struct badge_key k, back;
    struct ck_error err = {0};
    const char *path = tu_path("loose.key");
    REQUIRE(badge_key_generate(TAG, 1, &k, NULL) == CK_OK);
    REQUIRE(badge_key_save(&k, path, NULL) == CK_OK);

    static const mode_t modes[] = {0644, 0640, 0604, 0660, 0602};
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        REQUIRE(chmod(path, modes[i]) == 0);
        ck_error_clear(&err);
        EXPECT_INT(badge_key_load(path, &back, &err), CK_EINVAL);
        EXPECT_CONTAINS(err.msg, "chmod 600");
        EXPECT_CONTAINS(err.msg, path);
    }
    REQUIRE(chmod(path, 0600) == 0);
    EXPECT_INT(badge_key_load(path, &back, NULL), CK_OK);
    REQUIRE(chmod(path, 0400) == 0);
    EXPECT_INT(badge_key_load(path, &back, NULL), CK_OK);
    badge_key_wipe(&k);
}

static void secret_key_file_is_never_overwritten(void)
{
    struct badge_key k1, k2, back;
    struct ck_error err = {0};
    const char *path = tu_path("once.key");
    REQUIRE(badge_key_generate(TAG, 1, &k1, NULL) == CK_OK);
    REQUIRE(badge_key_generate(TAG, 2, &k2, NULL) == CK_OK);
    REQUIRE(badge_key_save(&k1, path, NULL) == CK_OK);
    EXPECT_INT(badge_key_save(&k2, path, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "already exists");
    REQUIRE(badge_key_load(path, &back, NULL) == CK_OK);
    EXPECT_INT(back.key_id, 1);
    EXPECT_TRUE(memcmp(back.public_key, k1.public_key, 32) == 0);
}

static void damaged_secret_key_files_are_refused(void)
{
    static const struct {
        const char *text;
        int code;
    } cases[] = {
        {"", CK_ECORRUPT},
        {"# only a comment\n", CK_ECORRUPT},
        {"checkin-badge-secret-key 1 9125 1 00\n", CK_ECORRUPT},
        {"checkin-badge-public-key 1 9125 1 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
         CK_ECORRUPT},
        {"checkin-badge-secret-key 2 9125 1 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
         CK_EVERSION},
        {"checkin-badge-secret-key 1 9125 256 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
         CK_ECORRUPT},
        {"checkin-badge-secret-key 1 9125 1 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
         "checkin-badge-secret-key 1 9125 2 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
         CK_ECORRUPT},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char name[32];
        struct badge_key k;
        struct ck_error err = {0};
        snprintf(name, sizeof(name), "damaged-%zu.key", i);
        const char *path = tu_path(name);
        REQUIRE(tu_write_file(path, cases[i].text, strlen(cases[i].text)) == 0);
        REQUIRE(chmod(path, 0600) == 0);
        int rc = badge_key_load(path, &k, &err);
        if (rc != cases[i].code)
            TU_FAIL_AT("case %zu: rc %d, expected %d (%s)", i, rc,
                       cases[i].code, err.msg);
        EXPECT_TRUE(err.msg[0] != '\0');
    }
    /* The fixed seed in CRLF form with comments loads to the example key. */
    const char *path = tu_path("crlf.key");
    static const char crlf[] =
        "# comment\r\n\r\n  checkin-badge-secret-key 1 9125 1 "
        "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F\r\n";
    REQUIRE(tu_write_file(path, crlf, strlen(crlf)) == 0);
    REQUIRE(chmod(path, 0600) == 0);
    struct badge_key k, ex = example_key();
    EXPECT_INT(badge_key_load(path, &k, NULL), CK_OK);
    EXPECT_TRUE(same_key(&k, &ex));
}

static void public_keys_export_and_import_for_verify_only_stations(void)
{
    struct badge_key k1 = example_key(), k2 = key_from(TAG, 200, 0x42);
    struct badge b = example_badge();
    char text[BADGE_TEXT_CAP], exported[1024];
    size_t len = 0;
    badge_keyring *signer = ring_with(TAG, &k1), *station = NULL;
    struct badge_public_key p2;
    REQUIRE(signer);
    badge_key_public(&k2, &p2);
    REQUIRE(badge_keyring_add(signer, &p2, NULL) == CK_OK);

    REQUIRE(badge_keyring_export(signer, exported, sizeof(exported), &len,
                                 NULL) == CK_OK);
    EXPECT_INT(strlen(exported), len);
    EXPECT_CONTAINS(exported, "\ncheckin-badge-public-key 1 9125 1 ");
    EXPECT_CONTAINS(exported, "\ncheckin-badge-public-key 1 9125 200 ");
    EXPECT_NOT_CONTAINS(exported, "secret");

    const char *path = tu_path("event.pub");
    REQUIRE(tu_write_file(path, exported, len) == 0);
    REQUIRE(badge_keyring_new(TAG, &station, NULL) == CK_OK);
    EXPECT_INT(badge_keyring_load(station, path, NULL), CK_OK);
    EXPECT_INT(badge_keyring_count(station), 2);

    size_t n = sign(&b, &k1, text);
    EXPECT_INT(check(station, text, n, NULL), BADGE_REASON_VALID);
    b.key_id = 200;
    n = sign(&b, &k2, text);
    EXPECT_INT(check(station, text, n, NULL), BADGE_REASON_VALID);

    /* Exporting the imported ring gives the same text. */
    char again[1024];
    size_t len2 = 0;
    REQUIRE(badge_keyring_export(station, again, sizeof(again), &len2, NULL) ==
            CK_OK);
    EXPECT_STR(again, exported);
    /* Too small a buffer is an error, not a truncated key list. */
    EXPECT_INT(badge_keyring_export(station, again, 150, &len2, NULL),
               CK_EINVAL);
    badge_keyring_free(station);
    badge_keyring_free(signer);
}

static void public_key_import_is_all_or_nothing(void)
{
    struct badge_key k1 = example_key();
    struct badge_public_key p1;
    char line[BADGE_PUBLIC_KEY_LINE_CAP], text[1024];
    size_t n;
    struct ck_error err = {0};
    badge_keyring *kr = ring_with(TAG, NULL);
    REQUIRE(kr);
    badge_key_public(&k1, &p1);
    REQUIRE(badge_public_key_format(&p1, line, sizeof(line), &n, NULL) ==
            CK_OK);

    static const struct {
        const char *second;
        int code;
        const char *says;
    } bad[] = {
        {"checkin-badge-public-key 1 d00f 2 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
         CK_EINVAL, "is for event tag d00f"},
        {"checkin-badge-public-key 3 9125 2 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
         CK_EVERSION, "newer checkin"},
        {"checkin-badge-public-key 1 9125 2 zz\n", CK_ECORRUPT, "Line 2"},
        {"checkin-badge-public-key 1 9125 1 "
         "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n",
         CK_EINVAL, "different public key"},
        {"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI me@host\n", CK_ECORRUPT,
         "right file"},
        {"checkin-badge-public-key 1 9125 2 "
         "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f "
         "extra\n",
         CK_ECORRUPT, "Line 2"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int tl = snprintf(text, sizeof(text), "%s%s", line, bad[i].second);
        REQUIRE(tl > 0 && (size_t)tl < sizeof(text));
        ck_error_clear(&err);
        int rc = badge_keyring_import(kr, text, (size_t)tl, &err);
        if (rc != bad[i].code)
            TU_FAIL_AT("case %zu: rc %d, expected %d (%s)", i, rc, bad[i].code,
                       err.msg);
        EXPECT_CONTAINS(err.msg, bad[i].says);
        /* The good first line was not added either. */
        EXPECT_INT(badge_keyring_count(kr), 0);
    }
    /* Without a final newline, and the text not NUL-terminated. */
    char *exact = malloc(n - 1);
    REQUIRE(exact);
    memcpy(exact, line, n - 1);
    EXPECT_INT(badge_keyring_import(kr, exact, n - 1, NULL), CK_OK);
    EXPECT_INT(badge_keyring_count(kr), 1);
    free(exact);
    badge_keyring_free(kr);
}

/* ---- the rest ---------------------------------------------------------- */

static void every_reason_has_its_own_name_and_a_sentence(void)
{
    for (int r = BADGE_REASON_VALID; r <= BADGE_REASON_UNKNOWN_CODE; r++) {
        const char *s = badge_reason_str((enum badge_reason)r);
        size_t n = strlen(s);
        EXPECT_TRUE(n > 20);
        EXPECT_TRUE(s[0] >= 'A' && s[0] <= 'Z');
        EXPECT_TRUE(s[n - 1] == '.');
        for (int q = 0; q < r; q++) {
            EXPECT_TRUE(strcmp(badge_reason_name((enum badge_reason)q),
                               badge_reason_name((enum badge_reason)r)) != 0);
            EXPECT_TRUE(strcmp(badge_reason_str((enum badge_reason)q), s) != 0);
        }
    }
    EXPECT_STR(badge_reason_str(BADGE_REASON_REVOKED),
               "This code was replaced by a newer one (a reprint or a changed "
               "order); ask for the newest badge or confirmation, or reprint "
               "at the desk.");
    EXPECT_STR(badge_reason_name(BADGE_REASON_BAD_SIGNATURE), "bad-signature");
    EXPECT_TRUE(badge_reason_str((enum badge_reason)99) != NULL);
    EXPECT_STR(badge_reason_name((enum badge_reason)99), "unknown-reason");
    /* badge_reason_fail says the same words, each its own format for the
     * catalogues (po/ERROR-ROOMS), with the code a refusal carries. */
    for (int r = BADGE_REASON_VALID; r <= BADGE_REASON_UNKNOWN_CODE + 1; r++) {
        struct ck_error e;
        int code = badge_reason_fail((enum badge_reason)r, &e);
        EXPECT_STR(e.msg, badge_reason_str((enum badge_reason)r));
        EXPECT_TRUE(e.fmt != NULL && strchr(e.fmt, '%') == NULL);
        EXPECT_INT(code, r == BADGE_REASON_VALID             ? CK_OK
                         : r == BADGE_REASON_UNKNOWN_VERSION ? CK_EVERSION
                         : r == BADGE_REASON_UNKNOWN_KEY ||
                                 r == BADGE_REASON_UNKNOWN_ATTENDEE ||
                                 r == BADGE_REASON_UNKNOWN_CODE
                             ? CK_ENOTFOUND
                             : CK_EINVAL);
    }
}

static int cmp_id(const void *a, const void *b)
{
    return memcmp(a, b, BADGE_ID_BYTES);
}

static void new_badge_ids_are_random_and_never_zero(void)
{
    enum { N = 2000 };
    static uint8_t ids[N][BADGE_ID_BYTES];
    unsigned ones = 0;
    for (int i = 0; i < N; i++) {
        REQUIRE(badge_new_id(ids[i], NULL) == CK_OK);
        for (int j = 0; j < BADGE_ID_BYTES; j++)
            ones += (unsigned)__builtin_popcount(ids[i][j]);
    }
    qsort(ids, N, BADGE_ID_BYTES, cmp_id);
    for (int i = 1; i < N; i++)
        EXPECT_TRUE(memcmp(ids[i - 1], ids[i], BADGE_ID_BYTES) != 0);
    /* Half the bits set, give or take 5 standard deviations (~283). */
    EXPECT_TRUE(ones > N * 32 - 1500 && ones < N * 32 + 1500);
}

static void event_tags_are_stable_and_need_a_slug(void)
{
    uint16_t a = 0, b = 0;
    REQUIRE(badge_event_tag("pycon-demo-2027", 15, &a, NULL) == CK_OK);
    EXPECT_INT(a, 0x9125);
    /* Only `len` bytes count. */
    REQUIRE(badge_event_tag("other-conf-2027XYZ", 15, &b, NULL) == CK_OK);
    EXPECT_INT(b, OTHER_TAG);
    EXPECT_INT(badge_event_tag("", 0, &a, NULL), CK_EINVAL);
}

static void fuzz_corpus_valid_payloads_still_verify(void)
{
    /* The corpus's valid-* files are signed with the fuzz key; if the format
     * changes they must be regenerated, or the fuzzer stops reaching the
     * signature check. */
    static const char *names[] = {"valid-conference", "valid-tutorial",
                                  "valid-example"};
    struct badge_key k = example_key();
    badge_keyring *kr = ring_with(TAG, &k);
    REQUIRE(kr);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[512];
        size_t len = 0;
        snprintf(path, sizeof(path), "%s/../fuzz/corpus/badge/%s",
                 TEST_DATA_DIR, names[i]);
        char *data = tu_read_file(path, &len);
        if (!data) {
            TU_FAIL_AT("cannot read %s", path);
            continue;
        }
        EXPECT_INT(check(kr, data, len, NULL), BADGE_REASON_VALID);
        free(data);
    }
    badge_keyring_free(kr);
}

TU_MAIN(TU_CASE(base45_encodes_rfc9285_vectors),
        TU_CASE(base45_decodes_rfc9285_vectors),
        TU_CASE(base45_rejects_invalid_text),
        TU_CASE(base45_refuses_small_buffers),
        TU_CASE(base45_roundtrips_random_bytes_of_every_length),
        TU_CASE(sign_parse_verify_roundtrip),
        TU_CASE(worked_example_matches_the_documentation),
        TU_CASE(payload_length_is_constant_and_fits_qr_version_7_at_q),
        TU_CASE(version_2_carries_the_registration),
        TU_CASE(rendered_badge_is_read_back_by_zbar_and_verifies),
        TU_CASE(changing_any_character_is_refused),
        TU_CASE(flipping_any_bit_of_the_bytes_is_refused),
        TU_CASE(key_of_the_same_id_but_other_secret_is_bad_signature),
        TU_CASE(unknown_key_id_is_unknown_key),
        TU_CASE(badge_of_another_event_is_other_event),
        TU_CASE(unknown_version_is_refused),
        TU_CASE(truncated_and_overlong_payloads_are_refused),
        TU_CASE(foreign_codes_are_not_badges),
        TU_CASE(kind_and_tutorial_must_agree),
        TU_CASE(sign_refuses_mismatched_key_zero_id_and_small_buffer),
        TU_CASE(key_rotation_badges_of_either_key_verify),
        TU_CASE(keyring_refuses_keys_of_another_event),
        TU_CASE(secret_key_file_is_0600_and_loads_back),
        TU_CASE(secret_key_file_readable_by_others_is_refused),
        TU_CASE(secret_key_file_is_never_overwritten),
        TU_CASE(damaged_secret_key_files_are_refused),
        TU_CASE(public_keys_export_and_import_for_verify_only_stations),
        TU_CASE(public_key_import_is_all_or_nothing),
        TU_CASE(every_reason_has_its_own_name_and_a_sentence),
        TU_CASE(new_badge_ids_are_random_and_never_zero),
        TU_CASE(event_tags_are_stable_and_need_a_slug),
        TU_CASE(fuzz_corpus_valid_payloads_still_verify))
