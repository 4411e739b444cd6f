/* QR decoding and image loading (scanner/decode.h, scanner/image.h) and the
 * `checkin decode` command.  Oracles are outside the decoder: codes are
 * made by libqrencode and read back through real zbar; photo-like pictures
 * of badges this project renders (photo_like.h) carry the payloads they
 * were rendered with; loader errors are checked on real broken files. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <qrencode.h>

#include "checkin/decode.h"
#include "checkin/image.h"
#include "checkin/label.h"
#include "checkin/synth_draw.h"
#include "checkin/synth_scene.h"
#include "checkin/template.h"
#include "photo_like.h"
#include "preprocess.h"
#include "qrgrid.h"
#include "testutil.h"

/* The organizers' 90 photographs, when $CHECKIN_QR_PHOTOS names them (as
 * test_decode_photo_set does when they are beside the checkout): 83 decode
 * to their exact payload (ZXing C++ 1.4: 81).  Decoding stills is
 * deterministic, so this is a floor.  They are not in the repository. */
#define SHARED_PHOTOS 90
#define SHARED_FLOOR 83
static const char *PHOTOS;

/* The badge payload shape: 118 characters of QR's alphanumeric set. */
static const char BADGE[] =
    "K9P-34Y6N$3WD25RQ4F5ZR3 7E++$3 $P3E2Z8IQ9Y7 JZ/B6$ +CN6Z4 3"
    "*DV/YRKT$TNJFB:F5 JXVLSI%47WQAL9VQ2.4Z KL:M%V$T45HU:.43:J- ";

/* ---- rendering codes into frames ---------------------------------------- */

static uint64_t rng = 0x243f6a8885a308d3ULL;
static unsigned rnd(void)
{
    return synth_rand(&rng);
}

struct canvas {
    uint8_t *px;
    int w, h;
    size_t stride;
};

static struct canvas canvas_new(int w, int h, size_t stride, uint8_t bg)
{
    struct canvas c = {malloc(stride * (size_t)h), w, h, stride};
    if (c.px) {
        memset(c.px, 0xa5, stride * (size_t)h); /* junk beyond `w` */
        for (int y = 0; y < h; y++)
            memset(c.px + (size_t)y * stride, bg, (size_t)w);
    }
    return c;
}

/* Draw `qr` with its top-left module corner at (x, y), `ppm` pixels per
 * module, rotated by `deg` about the code's centre (synth_draw.h). */
static void draw_qr(struct canvas *c, const QRcode *qr, double x, double y,
                    double ppm, double deg, uint8_t dark, uint8_t light)
{
    synth_draw_qr(c->px, c->w, c->h, c->stride, qr, x, y, ppm, deg, dark,
                  light);
}

/* 3x3 box blur plus uniform sensor noise of +-`noise`. */
static void blur_noise(struct canvas *c, int noise)
{
    (void)synth_blur_noise(c->px, c->w, c->h, c->stride, noise, &rng);
}

static struct gray_frame frame_of(const struct canvas *c)
{
    struct gray_frame f = {c->px, c->w, c->h, c->stride};
    return f;
}

/* Encode `data` in byte mode, with an ECI header first when eci > 0. */
static QRcode *encode_bytes(const void *data, size_t len, unsigned eci,
                            QRecLevel level)
{
    QRinput *in = QRinput_new2(0, level);
    if (!in)
        return NULL;
    QRcode *qr = NULL;
    if ((eci && QRinput_appendECIheader(in, eci)) ||
        QRinput_append(in, QR_MODE_8, (int)len, data))
        goto out;
    qr = QRcode_encodeInput(in);
out:
    QRinput_free(in);
    return qr;
}

/* A still-mode decode of `qr` drawn alone on white at `ppm`. */
static int decode_rendered(const QRcode *qr, int ppm, struct decode_result *r)
{
    int side = (qr->width + 8) * ppm;
    struct canvas c = canvas_new(side, side, (size_t)side, 255);
    if (!c.px)
        return -1;
    draw_qr(&c, qr, 4 * ppm, 4 * ppm, ppm, 0, 0, 255);
    decoder *d;
    struct decoder_options opt = {DECODE_STILL, 0};
    struct ck_error err;
    int rc = decoder_new(&opt, &d, &err);
    if (!rc) {
        struct gray_frame f = frame_of(&c);
        rc = decoder_decode(d, &f, r, &err);
        decoder_free(d);
    }
    if (rc)
        fprintf(stderr, "decode: %s\n", err.msg);
    free(c.px);
    return rc;
}

/* ---- (a) photographs ------------------------------------------------------
 * The organizers' set, when it is there: every photo, its payload beside
 * it in a .txt file. */

static void photos_read_at_least_floor_and_never_wrong(void)
{
    char list[4096];
    snprintf(list, sizeof(list), "ls '%s'", PHOTOS);
    FILE *ls = popen(list, "r");
    REQUIRE(ls != NULL);
    decoder *d;
    struct decoder_options opt = {DECODE_STILL, 0};
    struct ck_error err;
    REQUIRE(decoder_new(&opt, &d, &err) == 0);
    int correct = 0, wrong = 0, total = 0;
    char name[512];
    while (fgets(name, sizeof(name), ls)) {
        name[strcspn(name, "\n")] = '\0';
        size_t n = strlen(name);
        if (n < 5 ||
            (strcmp(name + n - 4, ".png") && strcmp(name + n - 4, ".jpg")))
            continue;
        char path[1024], txt[1024];
        snprintf(path, sizeof(path), "%s/%s", PHOTOS, name);
        snprintf(txt, sizeof(txt), "%s/%.*s.txt", PHOTOS, (int)n - 4, name);
        size_t elen;
        char *expect = tu_read_file(txt, &elen);
        if (!expect)
            continue;
        struct gray_frame f;
        if (image_load(path, &f, &err)) {
            TU_FAIL_AT("%s", err.msg);
            free(expect);
            continue;
        }
        total++;
        struct decode_result r;
        if (decoder_decode(d, &f, &r, &err) == 0 && r.count) {
            /* Correct if one code is the ground truth (qrcode-2-16 holds a
             * second, different code inside the first); wrong if codes came
             * back and none is.  The ground truth is text; a code returned
             * as bytes only counts as its bytes. */
            bool hit = false;
            for (size_t i = 0; i < r.count; i++) {
                const struct decoded_code *c = &r.codes[i];
                const char *got = c->text ? c->text : (const char *)c->bytes;
                size_t glen = c->text ? c->text_len : c->len;
                hit |= glen == elen && !memcmp(got, expect, elen);
            }
            if (hit) {
                correct++;
            } else {
                wrong++;
                TU_FAIL_AT("%s: wrong payload (%zu bytes, %s)", name,
                           r.codes[0].len,
                           r.codes[0].charset ? r.codes[0].charset : "bytes");
            }
        }
        decode_result_free(&r);
        image_free(&f);
        free(expect);
    }
    pclose(ls);
    decoder_free(d);
    printf("# photos: %d correct, %d wrong of %d\n", correct, wrong, total);
    EXPECT_INT(total, SHARED_PHOTOS);
    EXPECT_INT(wrong, 0);
    if (correct < SHARED_FLOOR)
        TU_FAIL_AT("%d photos read, fewer than the %d measured", correct,
                   SHARED_FLOOR);
}

/* Photo-like pictures made here: four labels rendered by printer/label.h
 * from the bundled templates, each seen in eight looks (photo_like.h), 32
 * pictures, half PNG and half JPEG, written to files and read back through
 * image_load.  Measured: 30 read exactly, none wrong; the two 62 x 100 mm
 * labels out of focus (a 5-pixel blur over modules of about 3 pixels) are
 * not read.  Fixed seeds, so 30 is a floor. */
#define GEN_LABELS 4
#define GEN_LOOKS 8
#define GEN_PHOTOS (GEN_LABELS * GEN_LOOKS)
#define GEN_FLOOR 30

static const struct photo_look LOOKS[GEN_LOOKS] = {
    /* name, w, h, size, roll, yaw, pitch, cx, cy, exposure, shade, blur,
     * noise, JPEG quality (0: PNG) */
    {"face-on", 1280, 720, 0.85, 0, 0, 0, 0, 0, 1.0, 0.1, 0, 3, 0},
    {"rotated", 1280, 720, 0.8, 38, 5, 0, 0, 0, 1.0, 0.2, 0, 4, 90},
    {"perspective", 1280, 720, 0.85, -6, 32, -18, 0, 0, 1.0, 0.2, 0, 4, 0},
    {"defocus", 1280, 720, 0.85, 8, 0, 10, 0, 0, 1.0, 0.2, 2, 4, 85},
    {"shadow", 1280, 720, 0.85, -10, 10, 0, 0, 0, 1.0, 0.9, 0, 4, 0},
    {"dim-noisy", 1280, 720, 0.85, 4, -10, 0, 0, 0, 0.45, 0.3, 1, 14, 80},
    {"jpeg-30", 1280, 720, 0.85, 12, 0, -8, 0, 0, 1.0, 0.2, 0, 4, 30},
    {"small-in-1080p", 1920, 1080, 0.42, -15, 10, 10, 0.45, -0.3, 1.0, 0.3, 0,
     4, 90},
};

/* The labels: template, strings and the payload of the code on it. */
struct gen_label {
    const char *template;
    struct label_data data;
    char payload[160];
};
static struct gen_label gen_labels[GEN_LABELS];

/* Where each picture went; NULL until made. */
static char *gen_paths[GEN_LABELS][GEN_LOOKS];

/* A signed badge code's shape: "CK2:" and 129 characters of QR's
 * alphanumeric set (not signed; the decoder does not check). */
static void ck2_shaped(uint32_t seed, char *out)
{
    static const char AN[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    memcpy(out, "CK2:", 4);
    for (int i = 4; i < 133; i++)
        out[i] = AN[tu_rand(&seed) % 45];
    out[133] = '\0';
}

/* Render the four labels and write the 32 pictures, once a process;
 * false (and a failure) if any could not be made. */
static bool gen_made(void)
{
    static int made; /* 0 not tried, 1 made, -1 failed */
    if (made)
        return made > 0;
    made = -1;
    static const struct label_data data[GEN_LABELS] = {
        {.event_name = "PyCon Lisboa 2027",
         .badge_name = "Svetlana Kuznetsova",
         .pronouns = "she/her",
         .company = "Ostrava Rail",
         .ticket_type = "Speaker",
         .ticket_colour = "#c0392b"},
        {.event_name = "PyCon Lisboa 2027",
         .badge_name = "Jean-Luc Moreau",
         .ticket_type = "Tutorial",
         .tutorial_title = "Practical asyncio",
         .tutorial_room = "Room B",
         .tutorial_time = "Wed 12 May 2027, 09:00-12:30"},
        {.event_name = "PyCon Lisboa 2027",
         .badge_name = "Zoë Ødegård",
         .company = "Fjord Data",
         .ticket_type = "Attendee"},
        {.event_name = "PyCon Lisboa 2027",
         .badge_name = "Thordis Magnúsdóttir",
         .ticket_type = "Volunteer",
         .ticket_colour = "#27ae60"},
    };
    static const char *const templates[GEN_LABELS] = {
        "badge-62x100", "ticket-62x100", "badge-102x152", "badge-dymo-30856"};
    for (int l = 0; l < GEN_LABELS; l++) {
        struct gen_label *g = &gen_labels[l];
        g->template = templates[l];
        g->data = data[l];
        if (l == 2) /* text with a line break and accents, as UTF-8 */
            snprintf(g->payload, sizeof(g->payload), "%s",
                     "Zoë Ødegård\r\nhttps://tickets.example.org/t/51702");
        else if (l == 3) /* a ticket secret from a ticket shop */
            snprintf(g->payload, sizeof(g->payload), "%s",
                     "k9y8gxsnwst272gdbfrs5y7g42kkt7fs");
        else
            ck2_shaped(2027u + (uint32_t)l, g->payload);
        g->data.qr_text = g->payload;
        struct template t;
        struct label_image img;
        struct ck_error err = {0};
        if (template_find(CONFIG_DIR "/labels", g->template, &t, &err)) {
            TU_FAIL_AT("template %s: %s", g->template, err.msg);
            return false;
        }
        int rc = label_render(&t, &g->data, &img, &err);
        template_free(&t);
        if (rc) {
            TU_FAIL_AT("rendering %s: %s", g->template, err.msg);
            return false;
        }
        for (int k = 0; k < GEN_LOOKS && rc == 0; k++) {
            char name[64];
            snprintf(name, sizeof(name), "%s-%s.%s", LOOKS[k].name, g->template,
                     LOOKS[k].jpeg_quality ? "jpg" : "png");
            gen_paths[l][k] = strdup(tu_path(name));
            rc = !gen_paths[l][k] ||
                 photo_like_write(&img, &LOOKS[k], 100u * (uint32_t)k + l + 1,
                                  gen_paths[l][k], &err);
            if (rc)
                TU_FAIL_AT("writing %s: %s", name, err.msg);
        }
        label_image_free(&img);
        if (rc)
            return false;
    }
    made = 1;
    return true;
}

static void photo_like_badges_read_exactly_and_never_wrong(void)
{
    REQUIRE(gen_made());
    decoder *d;
    struct decoder_options opt = {DECODE_STILL, 0};
    struct ck_error err;
    REQUIRE(decoder_new(&opt, &d, &err) == 0);
    int correct = 0, wrong = 0, total = 0;
    for (int k = 0; k < GEN_LOOKS; k++)
        for (int l = 0; l < GEN_LABELS; l++) {
            const char *path = gen_paths[l][k], *want = gen_labels[l].payload;
            size_t wlen = strlen(want);
            struct gray_frame f;
            if (image_load(path, &f, &err)) {
                TU_FAIL_AT("%s", err.msg);
                continue;
            }
            total++;
            struct decode_result r;
            if (decoder_decode(d, &f, &r, &err) == 0 && r.count) {
                const struct decoded_code *c = &r.codes[0];
                if (r.count == 1 && c->len == wlen &&
                    !memcmp(c->bytes, want, wlen)) {
                    correct++;
                } else {
                    wrong++;
                    TU_FAIL_AT("%s: %zu codes, the first %zu bytes, not %s",
                               strrchr(path, '/') + 1, r.count, c->len, want);
                }
            } else {
                printf("# not read: %s\n", strrchr(path, '/') + 1);
            }
            decode_result_free(&r);
            image_free(&f);
        }
    decoder_free(d);
    printf("# photo-like: %d read exactly, %d wrong, %d not read of %d\n",
           correct, wrong, total - correct - wrong, total);
    EXPECT_INT(total, GEN_PHOTOS);
    EXPECT_INT(wrong, 0);
    if (correct < GEN_FLOOR)
        TU_FAIL_AT("%d photo-like pictures read, fewer than the %d measured",
                   correct, GEN_FLOOR);
}

/* ---- (b) UTF-8 text in many scripts ------------------------------------- */

static const char *const SCRIPTS[] = {
    "Chloé Müller-Großmann, Ångström, ½ œuvre", /* Latin accents */
    "Привет, Светлана Кузнецова",               /* Cyrillic */
    "देवनागरी लिपि — प्रिया शर्मा",                /* Devanagari */
    "مرحبا بكم في المؤتمر",                     /* Arabic */
    "東京都 渋谷区 山田太郎",                   /* CJK (kanji) */
    "김민준 서울특별시",                        /* Hangul */
    "Ελληνικά: Γιώργος",                        /* Greek */
    "שלום עליכם",                               /* Hebrew */
    "🎉 Welcome 👩‍💻🚀 to FOSDEM",   /* emoji, ZWJ sequence */
    "ภาษาไทย สมชาย",                            /* Thai */
};

static void utf8_text_in_many_scripts_round_trips(void)
{
    static const int ppm[] = {2, 3, 5};
    static const unsigned ecis[] = {0, 26}; /* none, ECI 26 = UTF-8 */
    for (size_t s = 0; s < sizeof(SCRIPTS) / sizeof(SCRIPTS[0]); s++) {
        const char *text = SCRIPTS[s];
        for (size_t e = 0; e < 2; e++) {
            QRcode *qr =
                encode_bytes(text, strlen(text), ecis[e], QR_ECLEVEL_M);
            REQUIRE(qr != NULL);
            for (size_t p = 0; p < 3; p++) {
                struct decode_result r;
                REQUIRE(decode_rendered(qr, ppm[p], &r) == 0);
                if (r.count != 1) {
                    TU_FAIL_AT("\"%s\" (ECI %u, %d px/module): %zu codes", text,
                               ecis[e], ppm[p], r.count);
                } else {
                    EXPECT_STR(r.codes[0].text, text);
                    EXPECT_INT(r.codes[0].len, strlen(text));
                    EXPECT_TRUE(r.codes[0].utf8);
                    EXPECT_STR(r.codes[0].charset, "UTF-8");
                }
                decode_result_free(&r);
            }
            QRcode_free(qr);
        }
    }
}

/* A Latin-1 code declared with ECI 3 comes back as UTF-8 text. */
static void eci_latin1_is_converted_to_utf8(void)
{
    QRcode *qr = encode_bytes("Chlo\xe9 Dupont", 12, 3, QR_ECLEVEL_M);
    REQUIRE(qr != NULL);
    struct decode_result r;
    REQUIRE(decode_rendered(qr, 4, &r) == 0);
    EXPECT_INT(r.count, 1);
    if (r.count)
        EXPECT_STR(r.codes[0].text, "Chloé Dupont");
    decode_result_free(&r);
    QRcode_free(qr);
}

/* Without ECI, Shift_JIS and Latin-1 bytes are read as such, and the raw
 * bytes are kept exactly. */
static void legacy_charsets_without_eci_are_decoded(void)
{
    /* "テスト太郎" in Shift_JIS. */
    static const char sjis[] = "\x83\x65\x83\x58\x83\x67\x91\xbe\x98\x59";
    static const char latin[] = "Chlo\xe9 Dupont";
    const struct {
        const char *bytes, *text, *charset;
    } cases[] = {
        {sjis, "テスト太郎", "Shift_JIS"},
        {latin, "Chloé Dupont", "ISO-8859-1"},
    };
    for (size_t i = 0; i < 2; i++) {
        size_t len = strlen(cases[i].bytes);
        QRcode *qr = encode_bytes(cases[i].bytes, len, 0, QR_ECLEVEL_M);
        REQUIRE(qr != NULL);
        struct decode_result r;
        REQUIRE(decode_rendered(qr, 4, &r) == 0);
        EXPECT_INT(r.count, 1);
        if (r.count) {
            EXPECT_INT(r.codes[0].len, len);
            EXPECT_TRUE(!memcmp(r.codes[0].bytes, cases[i].bytes, len));
            EXPECT_STR(r.codes[0].text, cases[i].text);
            EXPECT_STR(r.codes[0].charset, cases[i].charset);
            EXPECT_TRUE(!r.codes[0].utf8);
        }
        decode_result_free(&r);
        QRcode_free(qr);
    }
}

/* The text rules on their own: no guess when two readings fit. */
static void text_rules_refuse_to_guess(void)
{
    const struct {
        const char *in;
        const char *text; /* NULL: bytes only */
    } cases[] = {
        {"plain ASCII", "plain ASCII"},
        {"Zoë", "Zoë"},
        /* Half-width katakana "ﾃﾞｻﾞｲﾝ": Shift_JIS by its run. */
        {"*\xc3\xde\xbb\xde\xb2\xdd*", "*ﾃﾞｻﾞｲﾝ*"},
        /* "Héloïse" in Latin-1 is also two Shift_JIS kanji: Latin-1 wins
         * only because a lone two-byte character is no evidence. */
        {"H\xe9lo\xefse", "Héloïse"},
        /* Big5 "測試": not UTF-8, not Shift_JIS, and the spacing accents
         * it would give in Latin-1 are not text: bytes only. */
        {"N:\xb4\xfa\xb8\xd5;", NULL},
        /* Control bytes: binary. */
        {"\x01\x02\xff\xfe", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *text;
        size_t tlen;
        const char *cs;
        REQUIRE(decode_text((const uint8_t *)cases[i].in, strlen(cases[i].in),
                            &text, &tlen, &cs, NULL) == 0);
        if (cases[i].text) {
            EXPECT_STR(text, cases[i].text);
        } else if (text) {
            TU_FAIL_AT("case %zu: expected bytes only, got text \"%s\" (%s)", i,
                       text, cs);
        }
        free(text);
    }
    EXPECT_TRUE(!decode_is_utf8((const uint8_t *)"\xc0\xaf", 2)); /* overlong */
    EXPECT_TRUE(!decode_is_utf8((const uint8_t *)"\xed\xa0\x80", 3));
    EXPECT_TRUE(decode_is_utf8((const uint8_t *)"\xf0\x9f\x8e\x89", 4));
}

/* ---- (c) binary payloads ------------------------------------------------- */

static void binary_payloads_round_trip_exactly(void)
{
    static const size_t lens[] = {1, 2, 16, 32, 77, 150, 400};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        uint8_t buf[400];
        for (size_t k = 0; k < lens[i]; k++)
            buf[k] = (uint8_t)rnd();
        buf[0] = 0; /* always a NUL, first: strlen would give 0 */
        QRcode *qr = encode_bytes(buf, lens[i], 0, QR_ECLEVEL_L);
        REQUIRE(qr != NULL);
        struct decode_result r;
        REQUIRE(decode_rendered(qr, 3, &r) == 0);
        EXPECT_INT(r.count, 1);
        if (r.count) {
            EXPECT_INT(r.codes[0].len, lens[i]);
            if (r.codes[0].len == lens[i] &&
                memcmp(r.codes[0].bytes, buf, lens[i]))
                TU_FAIL_AT("%zu random bytes came back different", lens[i]);
        }
        decode_result_free(&r);
        QRcode_free(qr);
    }
}

/* ---- (d) stride -----------------------------------------------------------
 */

static void frames_with_padding_bytes_per_row_decode(void)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    static const int widths[] = {301, 640, 1280};
    for (int i = 0; i < 3; i++) {
        int w = widths[i], h = w * 3 / 4;
        for (int mode = 0; mode < 2; mode++) {
            /* Odd stride, junk bytes past each row's end. */
            struct canvas c = canvas_new(w, h, (size_t)w + 37, 200);
            REQUIRE(c.px != NULL);
            double ppm = w < 400 ? 4 : 5;
            draw_qr(&c, qr, 20, 30, ppm, 0, 30, 230);
            decoder *d;
            struct decoder_options opt = {mode ? DECODE_STILL : DECODE_VIDEO,
                                          0};
            struct ck_error err;
            REQUIRE(decoder_new(&opt, &d, &err) == 0);
            struct gray_frame f = frame_of(&c);
            struct decode_result r;
            EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
            EXPECT_INT(r.count, 1);
            if (r.count) {
                EXPECT_STR(r.codes[0].text, BADGE);
                /* Corners land on the drawn code (top-left at 20, 30). */
                int side = (int)(qr->width * ppm);
                EXPECT_TRUE(abs(r.codes[0].corners[0].x - 20) <= 4);
                EXPECT_TRUE(abs(r.codes[0].corners[0].y - 30) <= 4);
                EXPECT_TRUE(abs(r.codes[0].corners[2].x - (20 + side)) <= 4);
                EXPECT_TRUE(abs(r.codes[0].corners[2].y - (30 + side)) <= 4);
            }
            decode_result_free(&r);
            decoder_free(d);
            free(c.px);
        }
    }
    QRcode_free(qr);
}

/* The fast path's clean image (qrgrid.h) has the alignment pattern of a
 * version 2 or later code drawn as ISO/IEC 18004 has it, as the finders
 * are, not sampled: zbar looks for it before sampling, and where the
 * frame's is smudged it searches four modules round it (most of its work
 * on a guess that does not read).  Here the code's alignment pattern is
 * blotted out dark in the frame; the clean image still shows its light
 * ring and dark centre. */
static void fast_path_draws_the_alignment_pattern(void)
{
    QRcode *qr =
        QRcode_encodeString("ALIGNMENT", 3, QR_ECLEVEL_M, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    EXPECT_INT(qr->width, 29);
    int ppm = 4, side = (qr->width + 8) * ppm, dim = qr->width;
    struct canvas c = canvas_new(side, side, (size_t)side, 255);
    REQUIRE(c.px != NULL);
    draw_qr(&c, qr, 4 * ppm, 4 * ppm, ppm, 0, 0, 255);
    for (int y = (4 + dim - 9) * ppm; y < (4 + dim - 4) * ppm; y++)
        memset(c.px + (size_t)y * c.stride + (4 + dim - 9) * ppm, 0,
               (size_t)5 * ppm);
    struct qg q = {0};
    struct gray_frame f = frame_of(&c);
    EXPECT_INT(qg_load(&q, &f), 0);
    qg_threshold(&q, false, false);
    struct qg_symbol sy[4];
    int seen, n = qg_symbols(&q, false, sy, 4, &seen);
    int rppm = 2, rside = qg_render_side(dim, rppm), drawn = 0;
    uint8_t *img = malloc((size_t)rside * rside);
    REQUIRE(img != NULL);
    /* The guess made without the alignment pattern (the blot misleads
     * the one made with it, whose timing patterns then fail). */
    for (int i = 0; i < n && !drawn; i++)
        drawn = sy[i].dim == dim && qg_render(&q, &sy[i], false, rppm, img);
    REQUIRE(drawn);
    /* Module (i, j) of the clean image, QG_QUIET modules in. */
#define MODULE(i, j)                                                           \
    img[((size_t)((j) + QG_QUIET) * rppm) * rside + ((i) + QG_QUIET) * rppm]
    int a = dim - 7;
    EXPECT_INT(MODULE(a, a), 0);
    for (int k = -1; k <= 1; k++) {
        EXPECT_INT(MODULE(a + k, a - 1), 255);
        EXPECT_INT(MODULE(a + k, a + 1), 255);
        EXPECT_INT(MODULE(a - 1, a + k), 255);
        EXPECT_INT(MODULE(a + 1, a + k), 255);
    }
    for (int k = -2; k <= 2; k++) {
        EXPECT_INT(MODULE(a + k, a - 2), 0);
        EXPECT_INT(MODULE(a + k, a + 2), 0);
    }
#undef MODULE
    free(img);
    qg_free(&q);
    free(c.px);
    QRcode_free(qr);
}

/* What a video decoder does with a frame after a read one: a
 * badge drawn at (x0, y0) in a w x h frame and read, then the frame
 * blanked and, when x1 >= 0, the badge drawn again at (x1, y1);
 * *read: the second frame's codes of the badge's length, *scanned the
 * pixels zbar was given in it. */
static void scanned_after_a_read(int w, int h, double x0, double y0, double x1,
                                 double y1, int *read,
                                 unsigned long long *scanned)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    struct canvas c = canvas_new(w, h, (size_t)w, 150);
    REQUIRE(c.px != NULL);
    draw_qr(&c, qr, x0, y0, 5, 0, 40, 220);
    blur_noise(&c, 4);
    decoder *d;
    struct ck_error err;
    REQUIRE(decoder_new(NULL, &d, &err) == 0);
    struct gray_frame f = frame_of(&c);
    struct decode_result r;
    EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
    EXPECT_INT(r.count, 1);
    decode_result_free(&r);
    struct decode_stats before, after;
    decoder_stats(d, &before);
    for (int y = 0; y < c.h; y++)
        memset(c.px + (size_t)y * c.stride, 150, (size_t)c.w);
    if (x1 >= 0)
        draw_qr(&c, qr, x1, y1, 5, 0, 40, 220);
    blur_noise(&c, 4);
    EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
    *read = 0;
    for (size_t i = 0; i < r.count; i++)
        *read += r.codes[i].len == sizeof(BADGE) - 1;
    decode_result_free(&r);
    decoder_stats(d, &after);
    decoder_free(d);
    free(c.px);
    QRcode_free(qr);
    *scanned = after.scanned_px - before.scanned_px;
}

/* Video mode at 640x480, where the fast path reads alone: after a read
 * frame, a frame the fast path reads nothing in (the code gone, a blank
 * desk) hands zbar no pixels, not the last code's box at full
 * resolution (the track step's zbar scan there read nothing more on the
 * scenes and was most of an unread frame's time). */
static void video_frames_up_to_vga_are_not_tracked_by_zbar(void)
{
    int read;
    unsigned long long scanned;
    scanned_after_a_read(640, 480, 200, 120, -1, 0, &read, &scanned);
    EXPECT_INT(scanned, 0);
    EXPECT_INT(read, 0);
}

/* Above VGA the track step's zbar scan of the last code's box waits for
 * the fast path on the whole frame: a code that moved is read there, and
 * the box it left (at full resolution, some 200,000 px at 720p) is not
 * scanned at all; only the fast path's clean images are (a version-7
 * grid's is under 20,000 px a guess). */
static void video_reads_a_moved_code_before_scanning_its_old_box(void)
{
    int read;
    unsigned long long scanned;
    scanned_after_a_read(1280, 720, 80, 160, 880, 200, &read, &scanned);
    EXPECT_INT(read, 1);
    if (scanned >= 60000)
        fprintf(stderr, "  zbar scanned %llu px of the second frame\n",
                scanned);
    EXPECT_TRUE(scanned < 60000);
}

static void bad_frames_are_refused(void)
{
    decoder *d;
    struct ck_error err;
    REQUIRE(decoder_new(NULL, &d, &err) == 0);
    uint8_t px[16] = {0};
    struct gray_frame f = {px, 4, 4, 3};
    struct decode_result r;
    EXPECT_INT(decoder_decode(d, &f, &r, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "stride");
    EXPECT_INT(r.count, 0);
    decoder_free(d);
    decoder_free(NULL);
    decode_result_free(NULL);
}

/* ---- (e) badge-sized codes in camera frames ------------------------------ */

static void badge_codes_in_camera_frames_decode(void)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    EXPECT_INT(qr->version, 7);
    static const int sizes[3][2] = {{640, 480}, {1280, 720}, {1920, 1080}};
    for (int s = 0; s < 3; s++) {
        int w = sizes[s][0], h = sizes[s][1];
        for (int k = 0; k < 4; k++) {
            double ppm = 4 + k * 0.6; /* 4 .. 5.8 px per module */
            double deg = k * 2.5 - 3; /* -3 .. 4.5 degrees */
            struct canvas c = canvas_new(w, h, (size_t)w, 150);
            REQUIRE(c.px != NULL);
            double x = 40 + rnd() % (unsigned)(w - 400);
            double y = 40 + rnd() % (unsigned)(h - 400);
            draw_qr(&c, qr, x, y, ppm, deg, 40, 220);
            blur_noise(&c, 4);
            /* A fresh video decoder: the code just came into view. */
            decoder *d;
            struct ck_error err;
            REQUIRE(decoder_new(NULL, &d, &err) == 0);
            struct gray_frame f = frame_of(&c);
            struct decode_result r;
            EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
            if (r.count != 1)
                TU_FAIL_AT("%dx%d, %.1f px/module, %.1f deg: %zu codes", w, h,
                           ppm, deg, r.count);
            else
                EXPECT_STR(r.codes[0].text, BADGE);
            decode_result_free(&r);
            decoder_free(d);
            free(c.px);
        }
    }
    QRcode_free(qr);
}

/* Video mode follows a code that moves a little between frames, and a
 * small code that needs full resolution is found within a few frames. */
static void video_mode_tracks_and_covers_whole_frame(void)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    decoder *d;
    struct ck_error err;
    /* No time budget: the order of the passes is tested here, not the
     * machine's speed (test_decode_stream tests the budget). */
    struct decoder_options opt = {DECODE_VIDEO, 0, DECODE_BUDGET_NONE};
    REQUIRE(decoder_new(&opt, &d, &err) == 0);
    int found = 0;
    for (int i = 0; i < 6; i++) {
        struct canvas c = canvas_new(1280, 720, 1280, 160);
        REQUIRE(c.px != NULL);
        draw_qr(&c, qr, 300 + 6 * i, 200 + 4 * i, 4.5, i, 40, 220);
        blur_noise(&c, 3);
        struct gray_frame f = frame_of(&c);
        struct decode_result r;
        EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
        found +=
            r.count == 1 && r.codes[0].text && !strcmp(r.codes[0].text, BADGE);
        decode_result_free(&r);
        free(c.px);
    }
    EXPECT_INT(found, 6);

    /* 2.5 px/module in the bottom-right corner: too small for the halved
     * pass; the rotating full-resolution quarters must reach it. */
    decoder_reset(d);
    int first = -1;
    for (int i = 0; i < 6 && first < 0; i++) {
        struct canvas c = canvas_new(1920, 1080, 1920, 200);
        REQUIRE(c.px != NULL);
        draw_qr(&c, qr, 1700, 900, 2.5, 0, 0, 255);
        struct gray_frame f = frame_of(&c);
        struct decode_result r;
        EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
        if (r.count == 1 && r.codes[0].text && !strcmp(r.codes[0].text, BADGE))
            first = i;
        decode_result_free(&r);
        free(c.px);
    }
    EXPECT_TRUE(first >= 0 && first < 5);
    decoder_free(d);
    QRcode_free(qr);
}

/* One video frame, 1280x720: `qr` (NULL: none) at (x, y), 4.5 px a
 * module, with `other` beside it when given; blurred and noisy.  The codes
 * read, as texts, joined by '|' into out[cap]. */
static void held_frame(decoder *d, const QRcode *qr, double x, double y,
                       const QRcode *other, char *out, size_t cap)
{
    struct canvas c = canvas_new(1280, 720, 1280, 160);
    REQUIRE(c.px != NULL);
    if (qr)
        draw_qr(&c, qr, x, y, 4.5, 3, 40, 220);
    if (other)
        draw_qr(&c, other, 800, 200, 4.5, 0, 40, 220);
    blur_noise(&c, 3);
    struct gray_frame f = frame_of(&c);
    struct decode_result r;
    struct ck_error err;
    EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
    out[0] = '\0';
    for (size_t i = 0; i < r.count; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? "|" : "",
                 r.codes[i].text ? r.codes[i].text : "?");
    decode_result_free(&r);
    free(c.px);
}

/* A badge held in front of the camera is read once and then recognised
 * by its modules, frame after frame, with no zbar scan; a badge that
 * differs in one character put in its place is read as itself at once,
 * an empty spot reads nothing, and a second badge brought beside a held
 * one is read within a few frames (DECODE_PASS_HOLD). */
static void video_mode_holds_a_badge_and_sees_a_new_one(void)
{
    char other_text[sizeof(BADGE)];
    memcpy(other_text, BADGE, sizeof(BADGE));
    other_text[40] = other_text[40] == 'Q' ? 'R' : 'Q';
    QRcode *a = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    QRcode *b = QRcode_encodeString(other_text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    QRcode *third =
        QRcode_encodeString("CK1 third", 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(a && b && third && a->width == b->width);
    decoder *d;
    struct ck_error err;
    struct decoder_options opt = {DECODE_VIDEO, 0, DECODE_BUDGET_NONE};
    REQUIRE(decoder_new(&opt, &d, &err) == 0);
    char got[1024];
    int read_a = 0;
    /* Held, with a hand's jitter of a pixel. */
    for (int i = 0; i < 12; i++) {
        held_frame(d, a, 300 + i % 2, 200 + (i % 3 == 0), NULL, got,
                   sizeof(got));
        read_a += !strcmp(got, BADGE);
    }
    EXPECT_INT(read_a, 12);
    struct decode_stats st;
    decoder_stats(d, &st);
    EXPECT_TRUE(st.frames_held >= 9);
    unsigned long held = st.frames_held;
    /* Another badge in its place, one character apart: read as itself. */
    held_frame(d, b, 300, 200, NULL, got, sizeof(got));
    EXPECT_STR(got, other_text);
    held_frame(d, b, 301, 200, NULL, got, sizeof(got));
    EXPECT_STR(got, other_text);
    decoder_stats(d, &st);
    EXPECT_INT((long)(st.frames_held - held), 1);
    /* Taken away: nothing. */
    held_frame(d, NULL, 0, 0, NULL, got, sizeof(got));
    EXPECT_STR(got, "");
    /* Held again, then a second badge beside it: both read within the
     * frames a hold lasts. */
    for (int i = 0; i < 4; i++)
        held_frame(d, a, 300, 200, NULL, got, sizeof(got));
    int both = -1;
    for (int i = 0; i < 10 && both < 0; i++) {
        held_frame(d, a, 300, 200, third, got, sizeof(got));
        if (strstr(got, BADGE) && strstr(got, "CK1 third"))
            both = i;
    }
    EXPECT_TRUE(both >= 0 && both <= 8);
    decoder_free(d);
    QRcode_free(a);
    QRcode_free(b);
    QRcode_free(third);
}

static void inverted_codes_decode(void)
{
    QRcode *qr =
        QRcode_encodeString("INVERTED BADGE 42", 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    for (int mode = 0; mode < 2; mode++) {
        struct canvas c = canvas_new(640, 480, 640, 20);
        REQUIRE(c.px != NULL);
        draw_qr(&c, qr, 200, 150, 6, 0, 235, 20); /* light modules on dark */
        decoder *d;
        struct decoder_options opt = {mode ? DECODE_STILL : DECODE_VIDEO, 0,
                                      DECODE_BUDGET_NONE};
        struct ck_error err;
        REQUIRE(decoder_new(&opt, &d, &err) == 0);
        struct gray_frame f = frame_of(&c);
        int found = 0;
        /* Video mode gets to the inverted pass within three frames (it
         * takes turns with the full-resolution and binarised passes). */
        for (int i = 0; i < 3 && !found; i++) {
            struct decode_result r;
            EXPECT_INT(decoder_decode(d, &f, &r, &err), 0);
            found = r.count == 1 && r.codes[0].text &&
                    !strcmp(r.codes[0].text, "INVERTED BADGE 42");
            decode_result_free(&r);
        }
        EXPECT_TRUE(found);
        decoder_free(d);
        free(c.px);
    }
    QRcode_free(qr);
}

/* ---- (f) image loading ----------------------------------------------------
 */

static void loader_reports_missing_file(void)
{
    struct gray_frame f;
    struct ck_error err;
    EXPECT_INT(image_load(tu_path("nope.png"), &f, &err), CK_ENOTFOUND);
    EXPECT_CONTAINS(err.msg, "no such file");
    EXPECT_TRUE(f.pixels == NULL);
    image_free(&f);
    image_free(NULL);
}

static void loader_reports_non_image(void)
{
    const char *p = tu_path("notes.png");
    REQUIRE(tu_write_file(p, "name,email\n", 11) == 0);
    struct gray_frame f;
    struct ck_error err;
    EXPECT_INT(image_load(p, &f, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "not a PNG, JPEG or PGM image");
}

/* Cut in half, a PNG and a JPEG of the photo-like set say so. */
static void loader_reports_truncated_png_and_jpeg(void)
{
    REQUIRE(gen_made());
    const char *srcs[] = {gen_paths[0][0], gen_paths[0][1]}; /* png, jpg */
    for (int i = 0; i < 2; i++) {
        size_t len;
        char *data = tu_read_file(srcs[i], &len);
        REQUIRE(data != NULL);
        const char *p = tu_path(i ? "half.jpg" : "half.png");
        REQUIRE(tu_write_file(p, data, len / 2) == 0);
        free(data);
        struct gray_frame f;
        struct ck_error err;
        EXPECT_INT(image_load(p, &f, &err), CK_ECORRUPT);
        EXPECT_CONTAINS(err.msg, "truncated");
    }
}

static void loader_refuses_more_than_100_megapixels(void)
{
    const char *p = tu_path("huge.pgm");
    static const char hdr[] = "P5\n20000 6000\n255\n";
    REQUIRE(tu_write_file(p, hdr, sizeof(hdr) - 1) == 0);
    struct gray_frame f;
    struct ck_error err;
    EXPECT_INT(image_load(p, &f, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "100 megapixel");
}

static void loader_reads_pgm_p2_and_p5(void)
{
    const char *p2 = tu_path("a.pgm"), *p5 = tu_path("b.pgm");
    const char *p5x = tu_path("c.pgm");
    static const char ascii[] = "P2\n# comment\n3 2\n15\n0 15 7\n1 2 3\n";
    static const char bin[] = "P5 3 2 255\n\x00\xff\x80\x01\x02\x03";
    /* 4-bit values in bytes; one above maxval reads as maxval. */
    static const char bin15[] = "P5 3 2 15\n\x00\x0f\x07\x01\x02\xc8";
    REQUIRE(tu_write_file(p2, ascii, sizeof(ascii) - 1) == 0);
    REQUIRE(tu_write_file(p5, bin, sizeof(bin) - 1) == 0);
    REQUIRE(tu_write_file(p5x, bin15, sizeof(bin15) - 1) == 0);
    static const uint8_t want2[] = {0, 255, 119, 17, 34, 51};
    static const uint8_t want5[] = {0, 255, 128, 1, 2, 3};
    static const uint8_t want15[] = {0, 255, 119, 17, 34, 255};
    const char *paths[] = {p2, p5, p5x};
    const uint8_t *wants[] = {want2, want5, want15};
    for (int i = 0; i < 3; i++) {
        struct gray_frame f;
        struct ck_error err;
        EXPECT_INT(image_load(paths[i], &f, &err), 0);
        EXPECT_INT(f.width, 3);
        EXPECT_INT(f.height, 2);
        for (int k = 0; f.pixels && k < 6; k++)
            EXPECT_INT(f.pixels[k], wants[i][k]);
        image_free(&f);
    }
    /* Fewer pixels than the header promises. */
    REQUIRE(tu_write_file(p5, bin, sizeof(bin) - 3) == 0);
    struct gray_frame f;
    struct ck_error err;
    EXPECT_INT(image_load(p5, &f, &err), CK_ECORRUPT);
}

/* ---- the command ----------------------------------------------------------
 */

static void cli_decode_exit_statuses(void)
{
    REQUIRE(gen_made());
    const char *out, *errs;
    char args[4200], want[4200];
    /* A PNG: the path, a tab and the text, its line break escaped. */
    const char *png = gen_paths[2][0];
    snprintf(args, sizeof(args), "decode '%s'", png);
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    snprintf(want, sizeof(want),
             "%s\tZoë Ødegård\\r\\nhttps://tickets.example.org/t/51702\n", png);
    EXPECT_STR(out, want);

    /* A JPEG, as JSON: the badge's code, text, and where it is. */
    snprintf(args, sizeof(args), "decode --json '%s'", gen_paths[0][1]);
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    snprintf(want, sizeof(want), "\"codes\":[{\"text\":\"%s\"",
             gen_labels[0].payload);
    EXPECT_CONTAINS(out, want);
    EXPECT_CONTAINS(out, "\"utf8\":true");
    EXPECT_CONTAINS(out, "\"points\":[[");

    const char *blank = tu_path("blank.pgm");
    char pgm[15 + 64 * 64];
    int n = snprintf(pgm, sizeof(pgm), "P5\n64 64\n255\n");
    memset(pgm + n, 255, 64 * 64);
    REQUIRE(tu_write_file(blank, pgm, (size_t)n + 64 * 64) == 0);
    snprintf(args, sizeof(args), "decode '%s'", blank);
    EXPECT_INT(tu_checkin(args, &out, &errs), 1);

    EXPECT_INT(tu_checkin("decode --frobnicate x.png", &out, &errs), 2);
    EXPECT_CONTAINS(errs, "--frobnicate");
    EXPECT_INT(tu_checkin("decode", &out, &errs), 2);
    EXPECT_INT(tu_checkin("decode --help", &out, &errs), 0);
    EXPECT_CONTAINS(out, "Usage: checkin decode");
}

/* The station's stream (video mode, a fresh decoder, one 1280x720 frame)
 * reads confirmation codes among clutter that scanning the halved frame
 * whole misses: zbar finds the code in the rectangles around its finder
 * patterns.  Realistic scenes from the synthetic camera, fixed seeds. */
static void video_mode_reads_codes_among_clutter(void)
{
    static const struct {
        enum synth_condition c;
        uint32_t seed;
    } shots[] = {
        {SCENE_PLAIN, 7},        {SCENE_SCREEN_BRIGHT, 11},
        {SCENE_SCREEN_GLARE, 5}, {SCENE_PERSPECTIVE_30, 10},
        {SCENE_LOW_LIGHT, 7},    {SCENE_LOW_LIGHT, 9},
    };
    const char *text = "https://tix.example.org/c/k3h7w9p2m4q8r6t5y2za";
    const char *texts[2] = {text, text};
    const int w = 1280, h = 720;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    for (size_t i = 0; i < sizeof(shots) / sizeof(shots[0]); i++) {
        struct ck_error err;
        REQUIRE(synth_scene_draw(shots[i].c, shots[i].seed, texts, px, w, h,
                                 &err) == CK_OK);
        decoder *d;
        struct decoder_options opt = {DECODE_VIDEO, 0};
        REQUIRE(decoder_new(&opt, &d, &err) == CK_OK);
        struct gray_frame f = {px, w, h, (size_t)w};
        struct decode_result r;
        REQUIRE(decoder_decode(d, &f, &r, &err) == CK_OK);
        bool read = false;
        for (size_t k = 0; k < r.count; k++) {
            EXPECT_STR((const char *)r.codes[k].bytes, text);
            read = true;
        }
        if (!read)
            TU_FAIL_AT("%s, seed %u: no code read",
                       synth_condition_name(shots[i].c), shots[i].seed);
        decode_result_free(&r);
        decoder_free(d);
    }
    free(px);
}

/* A benchmark scene (decode_bench --write-scenes): its condition, seed,
 * size and payload. */
struct scene_shot {
    enum synth_condition c;
    uint32_t seed;
    int w, h;
    const char *text;
};

/* The benchmark's tilt-45 640x480 #6: a 45-degree code that only still
 * mode's full-resolution pass reads (the fast path sees one finder). */
static const struct scene_shot TILT_640_6 = {
    SCENE_TILT_45, 8007, 640, 480,
    "J5TW%/IGIP273C-%A.CV8S/291L61SK:VXJL:BNQ T2N$K4NBCM4FFM2* QCAD*0NY/"
    "VHJP6I72AW2OO NIWNTPBEHI1+RM4LUI63PIV*XOK*QUSO*LMTY"};

/* Each of shots[n] drawn and decoded once by a new decoder with `opt`:
 * exactly its payload comes back, read by the fast path
 * (decode_stats.frames_fast). */
static void shots_read_by_fast_path(const struct scene_shot *shots, size_t n,
                                    struct decoder_options opt)
{
    for (size_t i = 0; i < n; i++) {
        const struct scene_shot *sh = &shots[i];
        const char *texts[2] = {sh->text, sh->text};
        uint8_t *px = malloc((size_t)sh->w * sh->h);
        REQUIRE(px);
        struct ck_error err;
        decoder *d;
        REQUIRE(synth_scene_draw(sh->c, sh->seed, texts, px, sh->w, sh->h,
                                 &err) == CK_OK);
        REQUIRE(decoder_new(&opt, &d, &err) == CK_OK);
        struct gray_frame f = {px, sh->w, sh->h, (size_t)sh->w};
        struct decode_result r;
        REQUIRE(decoder_decode(d, &f, &r, &err) == CK_OK);
        struct decode_stats st;
        decoder_stats(d, &st);
        if (r.count != 1 || strcmp((const char *)r.codes[0].bytes, sh->text) ||
            st.frames_fast != 1)
            TU_FAIL_AT("%s %dx%d, seed %u: %zu codes, %lu read by the fast "
                       "path",
                       synth_condition_name(sh->c), sh->w, sh->h, sh->seed,
                       r.count, st.frames_fast);
        decode_result_free(&r);
        decoder_free(d);
        free(px);
    }
}

/* The station's stream at 1280x720 on frames whose code lies outside the
 * box of the finder groups the halved frame shows (its finders too small
 * there, or broken by a crease), where that box is more than half the
 * frame: the fast path looks at the whole frame and reads the code (it
 * looked only inside the box, and nothing else in video mode read them).
 * The benchmark's paper-creased #11 and tilt-45 #2 at 1280x720: their
 * seeds and payloads. */
static void video_fast_path_looks_beyond_a_big_box_of_finders(void)
{
    static const struct scene_shot shots[] = {
        {SCENE_PAPER_CREASED, 106012, 1280, 720,
         "https://tix.example.org/c/sxyrm5ihmwhcr3zxyj6n"},
        {SCENE_TILT_45, 108003, 1280, 720,
         "/H*GI%$*46$%F*ZGUP.BBR*9A9*IPTD GUTABC MT%FPJT%C8..417DI4FXL86GP8*"
         "3H-KHVF4 GGTOP$0R9F/O7 OO+GW3HFW9T8ZM0-R37XJCS9ZV/H/"},
    };
    shots_read_by_fast_path(shots, sizeof(shots) / sizeof(shots[0]),
                            (struct decoder_options){DECODE_VIDEO, 0});
}

/* Draw scene `c` (seed, one code of `text`) at w x h and decode it once
 * in still mode with `passes` (0: the default ones): its codes in *r
 * (the caller frees them), the decoder's counters in *st. */
static void decode_scene_passes(enum synth_condition c, uint32_t seed,
                                const char *text, int w, int h, unsigned passes,
                                struct decode_result *r,
                                struct decode_stats *st)
{
    const char *texts[2] = {text, text};
    r->codes = NULL;
    r->count = 0;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    struct ck_error err;
    decoder *d = NULL;
    struct decoder_options opt = {DECODE_STILL, passes};
    if (synth_scene_draw(c, seed, texts, px, w, h, &err) != CK_OK ||
        decoder_new(&opt, &d, &err) != CK_OK) {
        TU_FAIL_AT("%s", err.msg);
    } else {
        struct gray_frame f = {px, w, h, (size_t)w};
        if (decoder_decode(d, &f, r, &err) != CK_OK)
            TU_FAIL_AT("%s", err.msg);
        decoder_stats(d, st);
    }
    decoder_free(d);
    free(px);
}

/* `checkin decode --harder`'s passes: the full-resolution ones after a
 * fast path that read nothing, above 360 px a side too. */
#define HARDER (DECODE_PASSES_DEFAULT | DECODE_PASS_HARDER)

static void decode_scene_harder(enum synth_condition c, uint32_t seed,
                                const char *text, int w, int h,
                                struct decode_result *r,
                                struct decode_stats *st)
{
    decode_scene_passes(c, seed, text, w, h, HARDER, r, st);
}

/* `checkin decode`'s passes but the fast path, on a dim phone screen at
 * 1280x720 that the halved pass cannot read: the full-resolution pass
 * reads it once featureless blocks are flattened (their noise edges
 * otherwise crowd out the code's in zbar's finder search), and not
 * without flattening.  The benchmark's screen-dim scene #4 at 1280x720:
 * its seed and payload.  (The fast path reads it since it takes the
 * version the timing patterns give; this pass is what reads such a
 * frame where the fast path cannot.) */
static void still_full_pass_reads_dim_screen_flattened(void)
{
    const char *text = "ZQ6P YQK/1I4DTUAIL6WYQ4XAOFV48U496ZGN1R02BPE$-NCJ4"
                       "I+EWMS:D%$U27Q1KQ0/OP$$SNLM+1G.I- HJ24DWI8NS/TR7:A"
                       "/:TAAD*QT/7SJHH:+8";
    unsigned no_fast = DECODE_PASSES_DEFAULT & ~DECODE_PASS_FAST;
    struct decode_result r;
    struct decode_stats st;
    decode_scene_passes(SCENE_SCREEN_DIM, 101005, text, 1280, 720, no_fast, &r,
                        &st);
    EXPECT_INT(r.count, 1);
    if (r.count)
        EXPECT_STR((const char *)r.codes[0].bytes, text);
    decode_result_free(&r);
    decode_scene_passes(SCENE_SCREEN_DIM, 101005, text, 1280, 720,
                        no_fast & ~DECODE_PASS_FLATTEN, &r, &st);
    EXPECT_INT(r.count, 0);
    decode_result_free(&r);
}

/* Scene `c` decoded once in still mode with `passes`: how many codes
 * came back (an expected failure is reported for any payload but
 * `text`), the decoder's counters in *st. */
static int scene_reads(enum synth_condition c, uint32_t seed, int w, int h,
                       const char *text, unsigned passes,
                       struct decode_stats *st)
{
    struct decode_result r;
    memset(st, 0, sizeof(*st));
    decode_scene_passes(c, seed, text, w, h, passes, &r, st);
    for (size_t i = 0; i < r.count; i++)
        EXPECT_STR((const char *)r.codes[i].bytes, text);
    int n = (int)r.count;
    decode_result_free(&r);
    return n;
}

/* The harder passes on a tilted badge at 640x480 that only the
 * full-resolution pass reads (the fast path sees one of its finders):
 * that pass scans the box round the finders the fast path saw, not the
 * whole frame, and still reads it.  The benchmark's tilt-45 640x480 #6:
 * its seed and payload. */
static void still_full_pass_scans_round_the_finders_seen(void)
{
    const struct scene_shot *sh = &TILT_640_6;
    struct decode_stats st;
    int read =
        scene_reads(sh->c, sh->seed, sh->w, sh->h, sh->text, HARDER, &st);
    EXPECT_INT(read, 1);
    if (st.scanned_px * 2 > (unsigned long long)sh->w * sh->h)
        TU_FAIL_AT("zbar was handed %llu pixels, more than half the frame's",
                   st.scanned_px);
}

/* Frames of four seeds' scene sets (`decode_bench --write-scenes DIR 2
 * SEED`: their seeds and payloads) that only the full-resolution pass
 * reads: the quick look reads none, the thorough read each.  The pass
 * scans only the crops round three finders that can be one code's
 * (decode_finder_crops()), so each of these codes must be in one: a
 * dim screen, a creased ticket, a glared screen (where the crop's margin
 * decides: with 12 modules zbar did not read it) and a code smeared
 * sideways (its third finder seen only by the column scan's smeared
 * sightings). */
static void still_crops_hold_every_code_the_full_pass_reads(void)
{
    static const struct scene_shot shots[] = {
        {SCENE_SCREEN_DIM, 1101004, 1280, 720,
         "AXY * 7194J/OYNBE3-T2BM.9UH/VV2Q3/5 $4+9/08T$NPUGWL7NDAAZYW3URA*"
         "OJ1LTN7Q-55RGI TFIH8AZW-ZAL$PWGUEVRK*Q400NRLSB%N$KU50U"},
        {SCENE_PAPER_CREASED, 5006017, 640, 480,
         "https://tix.example.org/c/xtgg7azateevdzsf8c89"},
        {SCENE_MOTION_BLUR, 5112017, 1280, 720,
         "https://tix.example.org/c/ckk9ymhi6zf3e94y8sgt"},
        {SCENE_SCREEN_GLARE, 6003019, 640, 480,
         ".*VGYY7NO5JES-6K*GHESUX0%QZW7../28.X4.QJSDZ$.FJVVP+.G1XA:6-EDK5%"
         "BOM690$DW5PTAVVLIG884%DVHNPXC1O51O.A$H.H5.LSG*0M:5%JYX"},
    };
    for (size_t i = 0; i < sizeof(shots) / sizeof(shots[0]); i++) {
        const struct scene_shot *sh = &shots[i];
        struct decode_stats st;
        EXPECT_INT(scene_reads(sh->c, sh->seed, sh->w, sh->h, sh->text, 0, &st),
                   0);
        EXPECT_INT(
            scene_reads(sh->c, sh->seed, sh->w, sh->h, sh->text, HARDER, &st),
            1);
    }
}

/* A low-light frame no pass reads (seed 2's set, 640x480 #0): the boxes
 * round the finders the fast path saw in its noise are noise
 * (decode_finder_crops()), so zbar gets no full-resolution pixels, only
 * the clean images (under a fifth of the frame's pixels; the boxes
 * were 1.9 frames' before). */
static void still_full_pass_skips_boxes_of_sensor_noise(void)
{
    const int w = 640, h = 480;
    struct decode_stats st;
    int read = scene_reads(
        SCENE_LOW_LIGHT, 2014007, w, h,
        "%6B-ONSQ/XW2HYK96WDZOGX1%VJ.G9J:X$8U. GF6ZD9T$WMHAJ14Q$4F1.Y5*IEN00$."
        "*5FCWKX:J-.6MT6$HEHWU4G:.NG$ZH+RS+GKIQKA2U$SS/SG4",
        HARDER, &st);
    EXPECT_INT(read, 0);
    if (st.scanned_px * 5 > (unsigned long long)w * h)
        TU_FAIL_AT("zbar was handed %llu pixels, more than %d", st.scanned_px,
                   w * h / 5);
}

/* Frames no pass reads where the fast path sampled grids of small
 * modules whose timing patterns held and read nothing: the thorough
 * pass scans no crops there, at any size (issue 54; crops_can_pay()),
 * so zbar gets the clean images only, and at 1920x1080 the halved frame
 * too.  Seed 6's tilted badge at 640x480 (#1; the crops were 57 M
 * instructions of the frame's 70 M): under a fifth of the frame's
 * pixels; and seed 1's defocused link at 1920x1080 (#1; the whole
 * frame's 2.1 M pixels went to zbar once more before, its box holding
 * too many finders to crop): under two fifths, the halved frame and its
 * regions (0.71 M; 2.75 M before). */
static void still_skips_crops_after_a_sampled_grid_of_small_modules(void)
{
    static const struct scene_shot shots[] = {
        {SCENE_TILT_45, 6008020, 640, 480,
         "https://tix.example.org/c/csr7smsaaayfyvsfdn9r"},
        {SCENE_DEFOCUS, 1213005, 1920, 1080,
         "https://tix.example.org/c/zeicggs5g88u7kucmjgt"},
    };
    const int fifths[] = {1, 2};
    for (size_t i = 0; i < sizeof(shots) / sizeof(shots[0]); i++) {
        const struct scene_shot *sh = &shots[i];
        struct decode_stats st;
        EXPECT_INT(
            scene_reads(sh->c, sh->seed, sh->w, sh->h, sh->text, HARDER, &st),
            0);
        unsigned long long cap =
            (unsigned long long)sh->w * sh->h * fifths[i] / 5;
        if (st.scanned_px > cap)
            TU_FAIL_AT("%dx%d: zbar was handed %llu pixels, more than %llu",
                       sh->w, sh->h, st.scanned_px, cap);
    }
}

/* Frames no pass reads where the crop finder's triples overlapped into
 * a crop of most of the frame, or where the fast path's finders were
 * spread over most of it (issue 54; crop_fits()): zbar gets the clean
 * images only.  Seed 3's curved paper at 640x480 (#0: one crop of 63 %
 * of the frame, 49 M instructions of the frame's 57 M) and its defocused
 * badge (#0: a box of 78 %, 26 M of 35 M): under a fifth of the frame's
 * pixels. */
static void still_skips_crops_of_most_of_the_frame(void)
{
    static const struct scene_shot shots[] = {
        {SCENE_PAPER_CURVED, 3007010, 640, 480,
         "P%.K4J/571C6Q$XP920CQ.%F6MRHMM-ZT82E9Z0CQ60HAOYPC 16-UKISZ3S*4FU0"
         "87%W935W/A.%TL73D6QNXJLK +.$:* RX6/OI8H74VD91KRGUEKE0"},
        {SCENE_DEFOCUS, 3013010, 640, 480,
         "G9 9M57WQE+8Z+M:-7-: CHXRK0JKH6 SU7R.PROY+9U8J%TG6Y4LNCTVCMN3COF7B"
         "*ZFQ253QNVZPEG2+7*I1YUG.ZIA8Q8R6VW5-YHIQ3*HEGTS8GIC/"},
    };
    for (size_t i = 0; i < sizeof(shots) / sizeof(shots[0]); i++) {
        const struct scene_shot *sh = &shots[i];
        struct decode_stats st;
        EXPECT_INT(
            scene_reads(sh->c, sh->seed, sh->w, sh->h, sh->text, HARDER, &st),
            0);
        unsigned long long cap = (unsigned long long)sh->w * sh->h / 5;
        if (st.scanned_px > cap)
            TU_FAIL_AT("%dx%d #%zu: zbar was handed %llu pixels, more than "
                       "%llu",
                       sh->w, sh->h, i, st.scanned_px, cap);
    }
}

/* A cracked phone screen at 1920x1080 (seed 13's set, #1) that only the
 * thorough pass's crops read, though the fast path sampled its grid
 * (the timing patterns held) and could not read it: at 5 px a module
 * zbar's runs across each module read through the cracks that the fast
 * path's one sample a module landed on, so a sampled grid of
 * CROP_SAMPLED_PPM pixels a module or more keeps the crops
 * (crops_can_pay()); the VGA rule at every size lost this code. */
static void still_crops_read_a_sampled_grid_of_big_modules(void)
{
    const char *text = "https://tix.example.org/c/vis5yagehibuv26ehi4q";
    struct decode_stats st;
    EXPECT_INT(
        scene_reads(SCENE_SCREEN_CRACKED, 13205041, 1920, 1080, text, 0, &st),
        0);
    EXPECT_INT(scene_reads(SCENE_SCREEN_CRACKED, 13205041, 1920, 1080, text,
                           HARDER, &st),
               1);
}

/* `checkin decode` without --harder on the same badge: the fast path
 * reads nothing, and above 360 px a side no full-resolution pass
 * follows, so zbar is handed nothing (the fast path made no clean image:
 * it saw no three finders). */
static void still_leaves_full_passes_to_harder_above_360_px(void)
{
    const struct scene_shot *sh = &TILT_640_6;
    struct decode_stats st;
    int read = scene_reads(sh->c, sh->seed, sh->w, sh->h, sh->text, 0, &st);
    EXPECT_INT(read, 0);
    EXPECT_INT(st.scanned_px, 0);
}

/* The harder passes on a dim phone screen (the benchmark's screen-dim scene #5
 * at 640x480: its seed and payload) that no pass reads: the fast path's
 * coarse light-ink look saw no light finder (its fine one, which made
 * light-ink guesses here, then does not run), so the inverted pass does
 * not run and zbar gets the frame once with the clean images (about 1.1
 * frames' pixels), not twice. */
static void still_skips_inverted_pass_without_coarse_light_finder(void)
{
    const int w = 640, h = 480;
    struct decode_stats ds;
    int read = scene_reads(SCENE_SCREEN_DIM, 1006, w, h,
                           "https://tix.example.org/c/qk8upqxbpk9g94mmrwif",
                           HARDER, &ds);
    EXPECT_INT(read, 0);
    if (ds.scanned_px * 2 > (unsigned long long)w * h * 3)
        TU_FAIL_AT("zbar was handed %llu pixels, more than %d", ds.scanned_px,
                   w * h * 3 / 2);
}

/* The harder passes at 1920x1080 where the fast path's guesses all come from
 * its fine threshold (no dark-ink guess on the coarse one): the
 * benchmark's defocus scene #0 (its seed and payload), which no pass
 * reads.  The whole-frame pass does not run, so zbar gets the halved
 * frame and the clean images (under 0.4 frames' pixels), not the whole
 * frame too. */
static void still_skips_full_pass_at_1080p_on_fine_guesses(void)
{
    const int w = 1920, h = 1080;
    struct decode_stats ds;
    int read = scene_reads(
        SCENE_DEFOCUS, 213001, w, h,
        "BUYW29*G SFCR7TL6/B-S%9X$XZR0B23W3FUDHC5SKAW586E9 .U:26PC1U1V61KQHSA"
        "792I7LDNJEXM-0ULM25PT5JADPET P+N8ANNCFG8:2WH*EUTES",
        HARDER, &ds);
    EXPECT_INT(read, 0);
    if (ds.scanned_px * 5 > (unsigned long long)w * h * 2)
        TU_FAIL_AT("zbar was handed %llu pixels, more than %d", ds.scanned_px,
                   w * h * 2 / 5);
}

/* A phone crop cut at the symbol's edge (no quiet zone, 4 px a module,
 * blurred): still mode reads it, though the padded passes now run only
 * where the fast path made no guess (the fast path draws a quiet zone
 * round the modules it samples). */
static void still_reads_code_cropped_without_quiet_zone(void)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    int side = qr->width * 4;
    struct canvas c = canvas_new(side, side, (size_t)side, 235);
    REQUIRE(c.px != NULL);
    draw_qr(&c, qr, 0, 0, 4, 0, 20, 235);
    blur_noise(&c, 4);
    decoder *d;
    struct decoder_options opt = {DECODE_STILL, 0};
    struct ck_error err;
    REQUIRE(decoder_new(&opt, &d, &err) == CK_OK);
    struct gray_frame f = frame_of(&c);
    struct decode_result r;
    REQUIRE(decoder_decode(d, &f, &r, &err) == CK_OK);
    EXPECT_INT(r.count, 1);
    if (r.count)
        EXPECT_STR((const char *)r.codes[0].bytes, BADGE);
    decode_result_free(&r);
    decoder_free(d);
    free(c.px);
    QRcode_free(qr);
}

/* The harder passes keep their whole-frame passes where the evidence for them
 * is thin but a code is there (benchmark scenes, seeds and payloads): a
 * 45-degree code at 640x480 (#6) where the fast path made no guess and
 * saw one dark finder, read by the plain pass; dark-mode codes at
 * 1920x1080 (#6 and, of the next 12 a condition, #19) whose light
 * finders the coarse light-ink look saw two and one of, read by the
 * inverted pass; a small code at 1920x1080 (#8) the fast path guessed
 * on its coarse threshold but could not read, read by the plain pass. */
static void still_reads_codes_only_whole_frame_passes_read(void)
{
    const struct scene_shot shots[] = {
        TILT_640_6,
        {SCENE_INVERTED, 215007, 1920, 1080,
         "O6AL8DTLSKMI8G*/EXRCSR8Y63DRZJ0V.%RNVIE.I1/:KOX98416WHR*FYI Q$6DKG"
         "QE3O9Q%%GB55G4LRYUR:SQ9ZFJBWF7PM*O+O  TRU%Z:/W26:0.P"},
        {SCENE_INVERTED, 215020, 1920, 1080,
         "https://tix.example.org/c/eb54jqnq3ehoai27ba7n"},
        {SCENE_SMALL, 210009, 1920, 1080,
         "XU1E*:B-.CETUZCCXVMYE9%02A1OL.5M/JS-3:*KR5/9PJ*R4HHOF-GHC4FT. A5GC"
         "4WE4JA*.1I%/2T.$96S.JE1YRN8.C5GMI4YZSWITD/-QZ-2/M-RU"},
    };
    for (size_t i = 0; i < sizeof(shots) / sizeof(shots[0]); i++) {
        struct decode_stats ds;
        int read = scene_reads(shots[i].c, shots[i].seed, shots[i].w,
                               shots[i].h, shots[i].text, HARDER, &ds);
        if (read != 1)
            TU_FAIL_AT("%s seed %u: %d codes read, expected 1",
                       synth_condition_name(shots[i].c), shots[i].seed, read);
    }
}

/* A tilted badge at 640x480 that only the full-resolution pass reads
 * (TILT_640_6), as an image file: `checkin decode` reads it by default
 * (and with --harder, as scripts written before may say), saying nothing
 * on stderr; the quick look, --fast, misses it and says to try without. */
static void cli_decode_reads_thoroughly_unless_told_fast(void)
{
    const struct scene_shot *sh = &TILT_640_6;
    const char *texts[2] = {sh->text, sh->text};
    size_t hdr = 32, size = (size_t)sh->w * sh->h;
    char *pgm = malloc(hdr + size);
    REQUIRE(pgm);
    int n = snprintf(pgm, hdr, "P5\n%d %d\n255\n", sh->w, sh->h);
    struct ck_error err;
    if (synth_scene_draw(sh->c, sh->seed, texts, (uint8_t *)pgm + n, sh->w,
                         sh->h, &err) != CK_OK) {
        free(pgm);
        TU_FAIL_AT("%s", err.msg);
        return;
    }
    const char *path = tu_path("tilt.pgm");
    REQUIRE(tu_write_file(path, pgm, (size_t)n + size) == 0);
    free(pgm);
    const char *out, *errs;
    char args[4200];
    snprintf(args, sizeof(args), "decode --fast '%s'", path);
    EXPECT_INT(tu_checkin(args, &out, &errs), 1);
    EXPECT_CONTAINS(errs, "no QR code read in");
    EXPECT_CONTAINS(errs, "try again without --fast");
    snprintf(args, sizeof(args), "decode '%s'", path);
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    EXPECT_CONTAINS(out, sh->text);
    EXPECT_STR(errs, "");
    snprintf(args, sizeof(args), "decode --harder '%s'", path);
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    EXPECT_CONTAINS(out, sh->text);
}

/* The fast path's row scan packs each thresholded row into bits and
 * lists where its runs end (preprocess.h): the same bits and ends as a
 * pixel-by-pixel reading, on rows of every width round a word's 64 bits
 * (the last word's unused bits must not make run ends) and of runs from
 * 1 pixel to 80, from a fixed seed. */
static void row_bits_and_run_ends_match_the_pixels(void)
{
    static const int widths[] = {1, 2, 7, 8, 9, 63, 64, 65, 127, 128, 129, 640};
    uint8_t row[640];
    uint64_t bits[10];
    int ends[641];
    uint32_t seed = 12345;
    for (size_t wi = 0; wi < sizeof(widths) / sizeof(widths[0]); wi++) {
        int w = widths[wi];
        for (int trial = 0; trial < 50; trial++) {
            uint8_t v = trial & 1;
            for (int x = 0; x < w;) {
                seed = seed * 1103515245u + 12345u;
                int len = trial % 3 ? 1 + (int)(seed >> 16) % 6
                                    : 1 + (int)(seed >> 16) % 80;
                for (int k = 0; k < len && x < w; k++)
                    row[x++] = v;
                v ^= 1;
            }
            memset(bits, 0xa5, sizeof(bits));
            pp_pack_bits(row, w, bits);
            for (int x = 0; x < (w + 63) / 64 * 64; x++) {
                int bit = (int)(bits[x / 64] >> (x % 64) & 1);
                if (bit != (x < w ? row[x] : 0)) {
                    TU_FAIL_AT("width %d, trial %d: bit %d is %d", w, trial, x,
                               bit);
                    return;
                }
            }
            int n = pp_run_ends(bits, w, ends), k = 0;
            for (int x = 1; x <= w; x++) {
                if (x < w && row[x] == row[x - 1])
                    continue;
                if (k >= n || ends[k] != x) {
                    TU_FAIL_AT("width %d, trial %d: run end %d is %d, "
                               "expected %d",
                               w, trial, k, k < n ? ends[k] : -1, x);
                    return;
                }
                k++;
            }
            EXPECT_INT(n, k);
        }
    }
}

/* The pixel loops written in fixed-count chunks so that GCC vectorises
 * them at -O2 (preprocess.h, preprocess.c: the thresholded row, a band's
 * first column sums, a block's reduction, the halved frame) give what
 * the plain loops give, on widths round the chunks' 16 pixels and the
 * halving's 4-pixel words (the tails after the last chunk), on pixels
 * from a fixed seed, the thresholds on both sides of each pixel and
 * equal to it. */
static void chunked_pixel_loops_match_the_plain_ones(void)
{
    uint8_t a[2 * 96 + 1], b[2 * 96 + 1], t[96], out[96];
    uint16_t sum[96];
    uint32_t seed = 777;
    for (size_t i = 0; i < sizeof(a); i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = (uint8_t)(seed >> 16);
        seed = seed * 1103515245u + 12345u;
        b[i] = (uint8_t)(seed >> 16);
    }
    for (int w = 1; w <= 96; w++) {
        for (int x = 0; x < w; x++)
            t[x] = (uint8_t)(x % 3 == 0 ? a[x] : b[x]);
        for (uint8_t flip = 0; flip < 2; flip++) {
            memset(out, 0xa5, sizeof(out));
            pp_below(a, t, w, flip, out);
            for (int x = 0; x < 96; x++) {
                int want = x < w ? (a[x] < t[x]) ^ flip : 0xa5;
                if (out[x] != want) {
                    TU_FAIL_AT("pp_below, width %d, flip %d: pixel %d is %d, "
                               "expected %d",
                               w, flip, x, out[x], want);
                    return;
                }
            }
        }
        memset(sum, 0xa5, sizeof(sum));
        pp_widen(b, w, sum);
        for (int x = 0; x < 96; x++)
            if (sum[x] != (x < w ? b[x] : 0xa5a5)) {
                TU_FAIL_AT("pp_widen, width %d: column %d is %d", w, x, sum[x]);
                return;
            }
        /* Column sums of a band of PP_BLOCK rows: up to 8 * 255. */
        for (int x = 0; x < w; x++)
            sum[x] = (uint16_t)(a[x] * 8u - (a[x] & b[x]));
        for (int x0 = 0; x0 + 1 <= w; x0 += PP_BLOCK) {
            int n = w - x0 < PP_BLOCK ? w - x0 : PP_BLOCK;
            unsigned s, lo, hi, ws = 0, wl = 255, wh = 0;
            pp_reduce_block(sum, a, b, x0, n, &s, &lo, &hi);
            for (int k = x0; k < x0 + n; k++) {
                ws += sum[k];
                wl = a[k] < wl ? a[k] : wl;
                wh = b[k] > wh ? b[k] : wh;
            }
            if (s != ws || lo != wl || hi != wh) {
                TU_FAIL_AT("pp_reduce_block, width %d, block at %d: %u %u %u, "
                           "expected %u %u %u",
                           w, x0, s, lo, hi, ws, wl, wh);
                return;
            }
        }
        /* Two rows of 2 w + 1 pixels (an odd width drops its last
         * column), a stride longer than the row. */
        uint8_t frame[2 * (2 * 96 + 3)];
        size_t stride = 2 * (size_t)w + 3;
        memcpy(frame, a, 2 * (size_t)w + 1);
        memcpy(frame + stride, b, 2 * (size_t)w + 1);
        struct gray_frame f = {frame, 2 * w + 1, 2, stride};
        memset(out, 0xa5, sizeof(out));
        pp_downscale2(&f, out);
        for (int x = 0; x < 96; x++) {
            int want =
                x < w
                    ? (a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) >>
                          2
                    : 0xa5;
            if (out[x] != want) {
                TU_FAIL_AT("pp_downscale2, width %d: pixel %d is %d, "
                           "expected %d",
                           2 * w + 1, x, out[x], want);
                return;
            }
        }
    }
}

/* ---- (g) the fast path (qrgrid.c) ---------------------------------------- */

/* Decode `f` with the fast path alone (and light-on-dark ink): the codes
 * in *r and whether the stats say the fast path read them. */
static void fast_only(const struct gray_frame *f, struct decode_result *r,
                      bool *fast)
{
    *fast = false;
    r->codes = NULL;
    r->count = 0;
    decoder *d;
    struct decoder_options opt = {DECODE_STILL,
                                  DECODE_PASS_FAST | DECODE_PASS_INVERTED};
    struct ck_error err;
    REQUIRE(decoder_new(&opt, &d, &err) == CK_OK);
    REQUIRE(decoder_decode(d, f, r, &err) == CK_OK);
    struct decode_stats st;
    decoder_stats(d, &st);
    decoder_free(d);
    *fast = st.frames_fast == 1;
}

/* With every other pass off, codes tilted 30-45 degrees, of versions 1,
 * 7 (version information blocks) and 13, at 3-5 px a module, one light on
 * dark, over a noisy background, read to their exact payload, and the
 * decoder counts them as the fast path's. */
static void fast_path_reads_tilted_codes_of_several_versions(void)
{
    char longer[301];
    for (int i = 0; i < 300; i++)
        longer[i] = (char)('a' + (i * 7) % 26);
    longer[300] = '\0';
    static const struct {
        int which; /* 0: short, 1: badge, 2: longer */
        QRecLevel level;
        double ppm, deg;
        bool inverted;
        int version;
    } shots[] = {
        {0, QR_ECLEVEL_M, 5, 30, false, 1}, {1, QR_ECLEVEL_Q, 4, 45, false, 7},
        {1, QR_ECLEVEL_Q, 3, 33, false, 7}, {2, QR_ECLEVEL_M, 4, 38, false, 13},
        {1, QR_ECLEVEL_Q, 4, 40, true, 7},
    };
    const char *texts[3] = {"FAST 1", BADGE, longer};
    for (size_t i = 0; i < sizeof(shots) / sizeof(shots[0]); i++) {
        const char *text = texts[shots[i].which];
        QRcode *qr = QRcode_encodeString(text, 0, shots[i].level, QR_MODE_8, 1);
        REQUIRE(qr != NULL);
        EXPECT_INT(qr->version, shots[i].version);
        bool inv = shots[i].inverted;
        struct canvas c = canvas_new(800, 600, 808, inv ? 40 : 170);
        REQUIRE(c.px != NULL);
        double side = (qr->width + 8) * shots[i].ppm;
        draw_qr(&c, qr, 400 - side / 2 + 4 * shots[i].ppm,
                300 - side / 2 + 4 * shots[i].ppm, shots[i].ppm, shots[i].deg,
                inv ? 220 : 30, inv ? 30 : 220);
        blur_noise(&c, 6);
        struct gray_frame f = frame_of(&c);
        struct decode_result r;
        bool fast;
        fast_only(&f, &r, &fast);
        if (r.count != 1 || r.codes[0].len != strlen(text) ||
            memcmp(r.codes[0].bytes, text, r.codes[0].len))
            TU_FAIL_AT("shot %zu (version %d, %.0f degrees): %zu codes, not "
                       "the payload",
                       i, qr->version, shots[i].deg, r.count);
        if (!fast)
            TU_FAIL_AT("shot %zu: not counted as the fast path's", i);
        decode_result_free(&r);
        free(c.px);
        QRcode_free(qr);
    }
}

/* Realistic frames from the synthetic camera (fixed seeds): tilted 30-45
 * degrees and turned 22-30 degrees away from the camera (perspective),
 * at 1280x720, read by the fast path alone. */
static void fast_path_reads_perspective_and_tilt_scenes(void)
{
    static const struct scene_shot shots[] = {
        {SCENE_PERSPECTIVE_30, 1, 1280, 720, BADGE},
        {SCENE_PERSPECTIVE_30, 2, 1280, 720, BADGE},
        {SCENE_PERSPECTIVE_30, 3, 1280, 720, BADGE},
        {SCENE_TILT_45, 1, 1280, 720, BADGE},
        {SCENE_TILT_45, 2, 1280, 720, BADGE},
        {SCENE_TILT_45, 3, 1280, 720, BADGE},
    };
    shots_read_by_fast_path(
        shots, sizeof(shots) / sizeof(shots[0]),
        (struct decoder_options){DECODE_STILL,
                                 DECODE_PASS_FAST | DECODE_PASS_INVERTED});
}

/* Version-7 codes at 2.1-2.6 px a module whose blurred finders measure
 * about 9 % long, so the module count is estimated at 41.5-41.9 and
 * snaps to version 6 (41), whose affine guess samples the timing
 * patterns at chance: read by the fast path alone, which takes the
 * neighbouring version whose timing patterns hold.  The benchmark's
 * screen-moire 640x480 #4, paper-creased 640x480 #6 and plain 1280x720
 * #10 (decode_bench --write-scenes): their seeds and payloads. */
static void fast_path_takes_the_version_the_timing_patterns_give(void)
{
    static const struct scene_shot shots[] = {
        {SCENE_SCREEN_MOIRE, 4005, 640, 480,
         "DU.YBOR7RGE6F1IGZ CJ4D9JN1FHGJI4AENDWXD8IR$36WONWO*4YSDR8-5TCV9.1"
         "BD9R/V31OVA93XK29F TJ:P5E7%XCNE8%54.DSR$B7RI1Y1*2EIH/"},
        {SCENE_PAPER_CREASED, 6007, 640, 480,
         "*97$6DMJ9IALJSZ 5U5818QGQF5P5*$4TTO$7*U7ZWC/%V+%X+U5JSF--A*6JC80"
         "8AZP4HGG/P3G ZPM0D5DFLSCE::3I2J4XB/1P83F/8S*UFX%$IFI%T"},
        {SCENE_PLAIN, 100011, 1280, 720,
         "YA0D0$XMG$K64ZW:HV-1CE6D$IYOJTJI$7L7T.K2KUQHI9J-0P.:9YRUVGIQ:P4H"
         "WLD6M-I%.OO-LD6K+VBP4GK08G 7-4OWG-5$5J2TE WBMML-1NZJOY"},
    };
    shots_read_by_fast_path(
        shots, sizeof(shots) / sizeof(shots[0]),
        (struct decoder_options){DECODE_STILL,
                                 DECODE_PASS_FAST | DECODE_PASS_INVERTED});
}

/* Three finder patterns and timing patterns with random modules between
 * them (a real symbol's function patterns, its data scrambled), and three
 * finder patterns alone: the fast path reads nothing and returns no
 * payload, so a wrong sample cannot become a wrong payload. */
static void fast_path_reads_nothing_from_finder_lookalikes(void)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    for (int alone = 0; alone < 2; alone++) {
        QRcode fake = *qr;
        size_t n = (size_t)qr->width * qr->width;
        fake.data = malloc(n);
        REQUIRE(fake.data != NULL);
        for (size_t k = 0; k < n; k++) {
            /* libqrencode: bit 1 marks data and error correction modules,
             * bit 7 finder modules, bit 0 dark. */
            unsigned char m = qr->data[k];
            if (m & 2)
                m = (unsigned char)((m & ~1u) | (alone ? 0 : rnd() & 1));
            else if (alone && !(m & 0x80))
                m &= (unsigned char)~1u;
            fake.data[k] = m;
        }
        struct canvas c = canvas_new(640, 480, 640, 200);
        REQUIRE(c.px != NULL);
        draw_qr(&c, &fake, 200, 120, 4, 20, 30, 220);
        blur_noise(&c, 4);
        struct gray_frame f = frame_of(&c);
        struct decode_result r;
        bool fast;
        fast_only(&f, &r, &fast);
        EXPECT_INT((int)r.count, 0);
        EXPECT_TRUE(!fast);
        decode_result_free(&r);
        free(c.px);
        free(fake.data);
    }
    QRcode_free(qr);
}

/* A light stripe a module high across the bottom-left finder's core (a
 * crease, a glint): no row or column through its core shows 1:1:3:1:1,
 * so the row scan finds two finders.  The fast path alone predicts the
 * third from the two, finds its 7x7 module pattern there and reads the
 * code; the old passes (zbar's own finder detector) do not. */
static void fast_path_finds_a_finder_the_row_scan_misses(void)
{
    QRcode *qr = QRcode_encodeString(BADGE, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);
    REQUIRE(qr != NULL);
    const double ppm = 4, x0 = 200, y0 = 100;
    struct canvas c = canvas_new(640, 480, 640, 200);
    REQUIRE(c.px != NULL);
    draw_qr(&c, qr, x0, y0, ppm, 0, 30, 220);
    /* Module row 3 (the core's middle) of the bottom-left finder. */
    int sy = (int)(y0 + (qr->width - 4) * ppm);
    for (int y = sy; y < sy + (int)ppm; y++)
        memset(c.px + (size_t)y * c.stride + (int)x0, 220, (size_t)(7 * ppm));
    blur_noise(&c, 4);
    struct gray_frame f = frame_of(&c);
    struct decode_result r;
    bool fast;
    fast_only(&f, &r, &fast);
    if (r.count != 1 || strcmp((const char *)r.codes[0].bytes, BADGE) || !fast)
        TU_FAIL_AT("%zu codes, fast path %s", r.count,
                   fast ? "counted" : "not counted");
    decode_result_free(&r);
    free(c.px);
    QRcode_free(qr);
}

/* Dark-mode phone screens from the synthetic camera (fixed seeds,
 * 640x480): light modules on a dark screen inside a dark phone border.
 * The fast path alone reads them: for light ink, flat dark blocks are
 * paper (with the dark-ink rule they counted as light, and the finders'
 * light outer rings merged with the screen around them). */
static void fast_path_reads_light_codes_on_dark_screens(void)
{
    static const uint32_t seeds[] = {1, 2, 5, 14};
    const char *texts[2] = {BADGE, BADGE};
    const int w = 640, h = 480;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
        struct ck_error err;
        REQUIRE(synth_scene_draw(SCENE_INVERTED, seeds[i], texts, px, w, h,
                                 &err) == CK_OK);
        struct gray_frame f = {px, w, h, (size_t)w};
        struct decode_result r;
        bool fast;
        fast_only(&f, &r, &fast);
        if (r.count != 1 || strcmp((const char *)r.codes[0].bytes, BADGE) ||
            !fast)
            TU_FAIL_AT("seed %u: %zu codes, fast path %s", seeds[i], r.count,
                       fast ? "counted" : "not counted");
        decode_result_free(&r);
    }
    free(px);
}

/* The station's stream leaves the fine light-ink look out: a dark-mode
 * screen (seed 2 of the frames above) that still mode reads only with
 * that look is not read from one frame by a video decoder with every
 * default pass; the camera's next frames get their turn.  (On 1,224
 * scene frames the look read nothing, and cost 9 % of the stream's
 * time at 640x480.) */
static void stream_leaves_the_fine_light_look_out(void)
{
    const char *texts[2] = {BADGE, BADGE};
    const int w = 640, h = 480;
    uint8_t *px = malloc((size_t)w * h);
    REQUIRE(px);
    struct ck_error err;
    REQUIRE(synth_scene_draw(SCENE_INVERTED, 2, texts, px, w, h, &err) ==
            CK_OK);
    struct gray_frame f = {px, w, h, (size_t)w};
    for (int mode = 0; mode < 2; mode++) {
        struct decoder_options opt = {mode ? DECODE_STILL : DECODE_VIDEO, 0};
        decoder *d;
        REQUIRE(decoder_new(&opt, &d, &err) == CK_OK);
        struct decode_result r;
        REQUIRE(decoder_decode(d, &f, &r, &err) == CK_OK);
        EXPECT_INT(r.count, mode ? 1 : 0);
        if (r.count)
            EXPECT_STR((const char *)r.codes[0].bytes, BADGE);
        decode_result_free(&r);
        decoder_free(d);
    }
    free(px);
}

/* Still mode's fine light-ink look (the fine threshold, for dim screens,
 * with light ink) runs only where the coarse light-ink look saw a light
 * finder: elsewhere it only made guesses from clutter.  The benchmark's
 * motion-blur scene #6 at 640x480 (nothing readable, no light finder for
 * the coarse look): no light guess, so still mode (with the harder
 * passes) runs neither the inverted pass nor the halved scan, nor (no
 * guess, and no dark finder seen either) the full-resolution pass: no
 * zbar pass at all (with the fine light look's four guesses it ran all
 * three). */
static void fine_light_look_needs_a_coarse_light_finder(void)
{
    const int w = 640, h = 480;
    struct decode_result r;
    struct decode_stats st;
    decode_scene_harder(
        SCENE_MOTION_BLUR, 12007,
        "AU0/%40N$8S1I0Z31Y/..DQFQZK5E.AU*ROGEY7DNF6245AJ%8EF QPBLUYX$0BGKI4"
        "VHM19+QOLK0YY.3*7KM4NAJ-:24*GZFWTMON3F*L$KUJM6M$BDD",
        w, h, &r, &st);
    EXPECT_INT(r.count, 0);
    decode_result_free(&r);
    EXPECT_INT(st.scanned_px, 0);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(utf8_text_in_many_scripts_round_trips),
        TU_CASE(eci_latin1_is_converted_to_utf8),
        TU_CASE(legacy_charsets_without_eci_are_decoded),
        TU_CASE(text_rules_refuse_to_guess),
        TU_CASE(binary_payloads_round_trip_exactly),
        TU_CASE(frames_with_padding_bytes_per_row_decode),
        TU_CASE(bad_frames_are_refused),
        TU_CASE(fast_path_draws_the_alignment_pattern),
        TU_CASE(video_frames_up_to_vga_are_not_tracked_by_zbar),
        TU_CASE(video_reads_a_moved_code_before_scanning_its_old_box),
        TU_CASE(badge_codes_in_camera_frames_decode),
        TU_CASE(video_mode_tracks_and_covers_whole_frame),
        TU_CASE(video_mode_holds_a_badge_and_sees_a_new_one),
        TU_CASE(inverted_codes_decode),
        TU_CASE(video_mode_reads_codes_among_clutter),
        TU_CASE(video_fast_path_looks_beyond_a_big_box_of_finders),
        TU_CASE(still_full_pass_reads_dim_screen_flattened),
        TU_CASE(still_full_pass_scans_round_the_finders_seen),
        TU_CASE(still_crops_hold_every_code_the_full_pass_reads),
        TU_CASE(still_full_pass_skips_boxes_of_sensor_noise),
        TU_CASE(still_skips_crops_after_a_sampled_grid_of_small_modules),
        TU_CASE(still_skips_crops_of_most_of_the_frame),
        TU_CASE(still_crops_read_a_sampled_grid_of_big_modules),
        TU_CASE(still_leaves_full_passes_to_harder_above_360_px),
        TU_CASE(cli_decode_reads_thoroughly_unless_told_fast),
        TU_CASE(row_bits_and_run_ends_match_the_pixels),
        TU_CASE(chunked_pixel_loops_match_the_plain_ones),
        TU_CASE(still_skips_inverted_pass_without_coarse_light_finder),
        TU_CASE(still_skips_full_pass_at_1080p_on_fine_guesses),
        TU_CASE(still_reads_code_cropped_without_quiet_zone),
        TU_CASE(still_reads_codes_only_whole_frame_passes_read),
        TU_CASE(fast_path_reads_tilted_codes_of_several_versions),
        TU_CASE(fast_path_reads_perspective_and_tilt_scenes),
        TU_CASE(fast_path_takes_the_version_the_timing_patterns_give),
        TU_CASE(fast_path_reads_nothing_from_finder_lookalikes),
        TU_CASE(fast_path_finds_a_finder_the_row_scan_misses),
        TU_CASE(fast_path_reads_light_codes_on_dark_screens),
        TU_CASE(fine_light_look_needs_a_coarse_light_finder),
        TU_CASE(stream_leaves_the_fine_light_look_out),
        TU_CASE(loader_reports_missing_file),
        TU_CASE(loader_reports_non_image),
        TU_CASE(loader_refuses_more_than_100_megapixels),
        TU_CASE(loader_reads_pgm_p2_and_p5),
        TU_CASE(photo_like_badges_read_exactly_and_never_wrong),
        TU_CASE(loader_reports_truncated_png_and_jpeg),
        TU_CASE(cli_decode_exit_statuses),
    };
    /* The organizers' photographs, when $CHECKIN_QR_PHOTOS names them. */
    static const struct tu_case photo_cases[] = {
        TU_CASE(photos_read_at_least_floor_and_never_wrong),
    };
    int rc = tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    const char *env = getenv("CHECKIN_QR_PHOTOS");
    if (!env || !*env)
        return rc;
    PHOTOS = env;
    struct stat st;
    if (stat(PHOTOS, &st) == 0 && S_ISDIR(st.st_mode))
        return tu_run(photo_cases, sizeof(photo_cases) / sizeof(photo_cases[0]),
                      argc, argv) ||
               rc;
    /* Named and absent: a mistake, not a reason to skip. */
    printf("The photo set %s is absent, so the case that measures it failed; "
           "put all %d photos there, or leave CHECKIN_QR_PHOTOS unset.\n",
           PHOTOS, SHARED_PHOTOS);
    return 1;
}
