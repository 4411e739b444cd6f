/* Label templates and rendering (printer/template.c, label.c,
 * label_data.c) and `checkin badge`.  The hardest demo names are drawn on
 * every bundled template; the 1-bit result is checked dot by dot (no ink of
 * a field outside its box), Pango's own counts say every character had a
 * real glyph, and zbar reads each QR code back from the printed bitmap. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <zbar.h>

#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/label.h"
#include "checkin/template.h"
#include "checkin/tutorial.h"
#include "testutil.h"

#define LABELS CONFIG_DIR "/labels"
#define DEMO_INI tu_demo_event_ini()

/* The names config/demo/README.md calls tricky, by ticket id. */
static const struct {
    const char *ticket_id, *what;
    bool rtl;
} HARD[] = {
    {"48398", "Arabic", true},         {"48386", "Hebrew", true},
    {"50660", "Devanagari", false},    {"50209", "Telugu", false},
    {"49115", "Tamil", false},         {"50393", "Chinese", false},
    {"50952", "Japanese", false},      {"49202", "Korean", false},
    {"51592", "emoji", false},         {"53180", "emoji ZWJ", false},
    {"50888", "80 characters", false}, {"52842", "61 characters", false},
    {"49831", "mononym", false},       {"51701", "double quotes", false},
};
#define NHARD (sizeof(HARD) / sizeof(HARD[0]))

static const char *const TEMPLATES[] = {
    "badge-62x100",     "badge-62-continuous", "badge-102x152",
    "badge-dymo-30856", "ticket-62x100",       "ticket-62-continuous",
    "ticket-102x152",   "ticket-dymo-30856",
};
#define NTEMPLATES (sizeof(TEMPLATES) / sizeof(TEMPLATES[0]))

static const char *demo_db(void)
{
    return tu_demo_event();
}

struct event {
    store *s;
    struct badge_key key;
};

static int open_event(struct event *ev)
{
    struct ck_error err = {0};
    memset(ev, 0, sizeof(*ev));
    if (store_open(demo_db(), STORE_EXISTING, &ev->s, &err) ||
        credential_load_key(ev->s, tu_path("event.key"), &ev->key, &err)) {
        TU_FAIL_AT("opening the demo event: %s", err.msg);
        return -1;
    }
    return 0;
}

static void close_event(struct event *ev)
{
    badge_key_wipe(&ev->key);
    store_close(ev->s);
}

static int64_t attendee(store *s, const char *ticket_id)
{
    struct attendee_list l;
    struct ck_error err = {0};
    int64_t id = 0;
    if (store_attendee_find_one(s, ticket_id, &l, &err) == CK_OK) {
        id = l.items[0].id;
        attendee_list_free(&l);
    } else {
        TU_FAIL_AT("no attendee %s: %s", ticket_id, err.msg);
    }
    return id;
}

static int load(const char *name, struct template *t)
{
    struct ck_error err = {0};
    int code = template_find(LABELS, name, t, &err);
    if (code)
        TU_FAIL_AT("template %s: %s", name, err.msg);
    return code;
}

/* Badge strings for `ticket_id`; for ticket templates, the tutorial
 * strings of the longest demo title (asyncio-practice, held by 51701). */
static int data_for(struct event *ev, const char *ticket_id, bool ticket,
                    struct label_data *d, struct label_data *tut)
{
    struct ck_error err = {0};
    if (label_data_for(ev->s, &ev->key, attendee(ev->s, ticket_id), 0, d,
                       &err)) {
        TU_FAIL_AT("label_data_for %s: %s", ticket_id, err.msg);
        return -1;
    }
    if (ticket) {
        int64_t tid;
        if (store_tutorial_id(ev->s, "asyncio-practice", &tid, &err) ||
            label_data_for(ev->s, &ev->key, attendee(ev->s, "51701"), tid, tut,
                           &err)) {
            TU_FAIL_AT("tutorial data: %s", err.msg);
            label_data_free(d);
            return -1;
        }
        d->tutorial_title = tut->tutorial_title;
        d->tutorial_room = tut->tutorial_room;
        d->tutorial_time = tut->tutorial_time;
    }
    return 0;
}

/* Black dots of `bm` outside the box (x, y, w, h). */
static long dots_outside(const struct bitmap1 *bm, int x, int y, int w, int h)
{
    long n = 0;
    for (int j = 0; j < bm->height; j++)
        for (int i = 0; i < bm->width; i++)
            if (bitmap1_get(bm, i, j) &&
                (i < x || i >= x + w || j < y || j >= y + h))
                n++;
    return n;
}

static long dots_inside(const struct bitmap1 *bm, int x, int y, int w, int h)
{
    long n = 0;
    for (int j = y; j < y + h && j < bm->height; j++)
        for (int i = x; i < x + w && i < bm->width; i++)
            n += bitmap1_get(bm, i, j);
    return n;
}

/* Black dots with no black 4-neighbour: the mark of dithering. */
static long isolated_dots(const struct bitmap1 *bm, int x, int y, int w, int h)
{
    long n = 0;
    for (int j = y + 1; j < y + h - 1; j++)
        for (int i = x + 1; i < x + w - 1; i++)
            n += bitmap1_get(bm, i, j) && !bitmap1_get(bm, i - 1, j) &&
                 !bitmap1_get(bm, i + 1, j) && !bitmap1_get(bm, i, j - 1) &&
                 !bitmap1_get(bm, i, j + 1);
    return n;
}

/* zbar, directly on an 8-bit copy of the 1-bit label. */
static char *zbar_read(const struct bitmap1 *bm)
{
    size_t n = (size_t)bm->width * (size_t)bm->height;
    uint8_t *gray = malloc(n);
    if (!gray)
        return NULL;
    for (int y = 0; y < bm->height; y++)
        for (int x = 0; x < bm->width; x++)
            gray[(size_t)y * bm->width + x] = bitmap1_get(bm, x, y) ? 0 : 255;
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)bm->width, (unsigned)bm->height);
    zbar_image_set_data(img, gray, n, NULL);
    char *text = NULL;
    if (zbar_scan_image(sc, img) == 1) {
        const zbar_symbol_t *sym = zbar_image_first_symbol(img);
        text = strdup(zbar_symbol_get_data(sym));
    }
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    free(gray);
    return text;
}

/* Pango's default font map and fontconfig's caches live until exit; free
 * them then, so that AddressSanitizer's leak report shows only leaks. */
__attribute__((destructor)) static void free_font_caches(void)
{
    label_shutdown();
}

/* ---- Templates ---------------------------------------------------------- */

static void every_bundled_template_parses_with_its_printable_area(void)
{
    static const struct {
        const char *name;
        enum template_kind kind;
        enum media_kind media;
        int width_mm, length_mm, w, h;
    } WANT[] = {
        {"badge-62x100", TEMPLATE_BADGE, MEDIA_DIE_CUT, 62, 100, 696, 1109},
        {"badge-62-continuous", TEMPLATE_BADGE, MEDIA_CONTINUOUS, 62, 0, 696,
         1063},
        {"badge-102x152", TEMPLATE_BADGE, MEDIA_DIE_CUT, 102, 152, 1164, 1660},
        {"badge-dymo-30856", TEMPLATE_BADGE, MEDIA_DIE_CUT, 62, 103, 672, 1085},
        {"ticket-62x100", TEMPLATE_TICKET, MEDIA_DIE_CUT, 62, 100, 696, 1109},
        {"ticket-62-continuous", TEMPLATE_TICKET, MEDIA_CONTINUOUS, 62, 0, 696,
         1122},
        {"ticket-102x152", TEMPLATE_TICKET, MEDIA_DIE_CUT, 102, 152, 1164,
         1660},
        {"ticket-dymo-30856", TEMPLATE_TICKET, MEDIA_DIE_CUT, 62, 103, 672,
         1085},
        {"paddle-62x100", TEMPLATE_PADDLE, MEDIA_DIE_CUT, 62, 100, 696, 1109},
        {"paddle-62-continuous", TEMPLATE_PADDLE, MEDIA_CONTINUOUS, 62, 0, 696,
         1063},
        {"paddle-102x152", TEMPLATE_PADDLE, MEDIA_DIE_CUT, 102, 152, 1164,
         1660},
        {"paddle-dymo-30856", TEMPLATE_PADDLE, MEDIA_DIE_CUT, 62, 103, 672,
         1085},
    };
    for (size_t i = 0; i < sizeof(WANT) / sizeof(WANT[0]); i++) {
        struct template t;
        if (load(WANT[i].name, &t))
            continue;
        EXPECT_STR(t.name, WANT[i].name);
        EXPECT_INT(t.kind, WANT[i].kind);
        EXPECT_INT(t.media.kind, WANT[i].media);
        EXPECT_INT(t.media.width_mm, WANT[i].width_mm);
        EXPECT_INT(t.media.length_mm, WANT[i].length_mm);
        EXPECT_INT(t.dpi, 300);
        EXPECT_INT(t.width_dots, WANT[i].w);
        EXPECT_INT(t.height_dots, WANT[i].h);
        /* A paddle's label carries the number, no code. */
        EXPECT_TRUE((template_field_by_source(&t, SOURCE_QR) != NULL) ==
                    (t.kind != TEMPLATE_PADDLE));
        EXPECT_TRUE((template_field_by_source(&t, SOURCE_PADDLE) != NULL) ==
                    (t.kind == TEMPLATE_PADDLE));
        EXPECT_TRUE(template_field_by_source(&t, SOURCE_BADGE_NAME) != NULL);
        if (t.kind == TEMPLATE_PADDLE) {
            /* shown by the_auction_door_prints_each_paddle_large_once */
        } else if (t.kind == TEMPLATE_BADGE) {
            const struct template_field *band =
                template_field_by_source(&t, SOURCE_TICKET_TYPE);
            EXPECT_TRUE(band && band->kind == FIELD_BAND && band->fill_ticket);
        } else {
            EXPECT_TRUE(template_field_by_source(&t, SOURCE_TUTORIAL_TITLE) !=
                        NULL);
        }
        template_free(&t);
    }
    /* And nothing in the folder that does not parse. */
    DIR *d = opendir(LABELS);
    REQUIRE(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".ini") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof(path), "%s/%s", LABELS, e->d_name);
        struct template t;
        struct ck_error err = {0};
        if (template_load(path, &t, &err))
            TU_FAIL_AT("%s", err.msg);
        template_free(&t);
        n++;
    }
    closedir(d);
    EXPECT_INT(n, NTEMPLATES + 4); /* and the four paddle labels */
}

static const char GOOD_HEAD[] = "[label]\n"                 /* 1 */
                                "kind = badge\n"            /* 2 */
                                "media = die-cut\n"         /* 3 */
                                "width = 62\n"              /* 4 */
                                "length = 100\n"            /* 5 */
                                "dpi = 300\n"               /* 6 */
                                "printable = 696 x 1109\n"; /* 7 */

/* Four [field NAME] headers, named from `n`. */
#define FOUR_FIELDS(n)                                                         \
    "[field " n "a]\n[field " n "b]\n[field " n "c]\n[field " n "d]\n"

/* Every refusal printer/template.c writes of a template's text (all but
 * out of memory), each at its line, with what to write instead, one
 * whole sentence kept for the catalogues and said in each of them. */
static void bad_templates_are_refused_with_file_and_line(void)
{
    static const char PADDLE_HEAD[] = "[label]\nkind = paddle\n"
                                      "media = die-cut\nwidth = 62\n"
                                      "length = 100\ndpi = 300\n"
                                      "printable = 696 x 1109\n";
    static const struct {
        const char *body; /* after GOOD_HEAD, from line 8 */
        const char *where, *says;
        const char *head; /* in place of GOOD_HEAD ("": none) */
    } CASES[] = {
        {"[label]\nkind = sticker\n", "bad.ini:2:", "kind must be", ""},
        {"[label]\nmedia = roll\n", "bad.ini:2:", "media must be", ""},
        {"[label]\nwidth = 5\n", "bad.ini:2:", "width must be", ""},
        {"[label]\nlength = 2\n", "bad.ini:2:", "length must be", ""},
        {"[label]\ndpi = 50\n", "bad.ini:2:", "dpi must be", ""},
        {"[label]\nprintable = big\n", "bad.ini:2:", "printable must be", ""},
        {"[label]\nkind = badge\nkind = ticket\n",
         "bad.ini:3:", "'kind' is given twice in [label]", ""},
        {"[label]\nnickname = 1\n", "bad.ini:2:", "[label] has no key", ""},
        {"title = x\n", "bad.ini:1:", "comes before any section", ""},
        {"[label]\n[label]\n",
         "bad.ini:2:", "[label] is given twice (first on line 1)", ""},
        {"[field a]\n", "bad.ini:1:", "there is no [label] section", ""},
        {"[label]\nkind = badge\n", "bad.ini:1:", "[label] needs 'media'", ""},
        {"[label]\nkind = badge\nmedia = die-cut\nwidth = 62\n"
         "length = 100.5\ndpi = 300\nprintable = 696 x 1109\n",
         "bad.ini:5:", "whole millimetres", ""},
        {"[label]\nkind = badge\nmedia = die-cut\nwidth = 62\n"
         "length = 100\ndpi = 300\nprintable = 696\n",
         "bad.ini:7:", "need the printable length too", ""},
        {"[label]\nkind = badge\nmedia = continuous\nwidth = 62\n"
         "length = 100\ndpi = 300\nprintable = 696 x 1109\n",
         "bad.ini:7:", "continuous media print the whole length", ""},
        {"[label]\nkind = badge\nmedia = die-cut\nwidth = 62\n"
         "length = 100\ndpi = 300\nprintable = 2000 x 1109\n",
         "bad.ini:7:", "is larger than the label", ""},
        {"[field a]\nkind = text\nsource = tutorial_title\n"
         "box = 0, 0, 10, 10\nsize = 12\n",
         "bad.ini:10:", "a paddle has no tutorial", PADDLE_HEAD},
        {"[field a]\nkind = qr\nsource = qr\nbox = 0, 0, 10, 10\n",
         "bad.ini:10:", "a paddle has no QR code", PADDLE_HEAD},
        {"[field a]\nkind = text\nweight = heavy\n",
         "bad.ini:10:", "weight must be"},
        {"[field a]\nkind = band\npadding = 99\n",
         "bad.ini:10:", "padding must be"},
        {"[field a]\nalign = left\n", "bad.ini:9:", "align must be"},
        {"[field a]\nvalign = up\n", "bad.ini:9:", "valign must be"},
        {"[field a]\nkind = image\n", "bad.ini:9:", "a field's kind must be"},
        {"[field a]\nnickname = 1\n", "bad.ini:9:", "has no key"},
        {"[field a]\nkind = qr\nsource = badge_name\nbox = 0, 0, 10, 10\n",
         "bad.ini:10:", "only a field of kind = qr"},
        {"[field a]\nkind = text\nbox = 0, 0, 10, 10\n",
         "bad.ini:8:", "needs a source"},
        {"[field a]\nkind = band\nfill = red\n", "bad.ini:10:", "fill must be"},
        {FOUR_FIELDS("a") FOUR_FIELDS("b") FOUR_FIELDS("c") FOUR_FIELDS("d")
             FOUR_FIELDS("e") FOUR_FIELDS("f") FOUR_FIELDS("g")
                 FOUR_FIELDS("h") "[field z]\n",
         "bad.ini:40:", "a template has at most 32 fields"},
        {"", "bad.ini:", "no [field NAME] sections"},
        {"[field a]\nkind = text\nsource = badge_name\nbox = 0, 0, 10, 10\n"
         "size = 12\ncolour = red\n",
         "bad.ini:13:", "#RRGGBB"},
        {"[field a]\nkind = text\nsource = nickname\n",
         "bad.ini:10:", "source 'nickname' is not known"},
        {"[field a]\nkind = text\nsource = badge_name\nbox = 0, 0, 70, 10\n"
         "size = 12\n",
         "bad.ini:11:", "reaches past the printable area"},
        {"[field a]\nkind = text\nsource = badge_name\nbox = 0, 0, 10\n",
         "bad.ini:11:", "box must be"},
        {"[field a]\nkind = text\nkind = qr\n",
         "bad.ini:10:", "'kind' is given twice"},
        {"[field a]\nkind = text\nsource = badge_name\nbox = 0, 0, 10, 10\n"
         "size = 12\nmin-size = 20\n",
         "bad.ini:13:", "min-size 20.0 is larger than size 12.0"},
        {"[field a]\nkind = qr\nsource = qr\nbox = 0, 0, 10, 10\n"
         "font = Noto Sans\n",
         "bad.ini:12:", "a qr field takes only"},
        {"[field a]\nkind = text\nsource = tutorial_title\n"
         "box = 0, 0, 10, 10\nsize = 12\n",
         "bad.ini:10:", "a badge has no tutorial"},
        {"[field a]\nkind = text\nsource = paddle\n"
         "box = 0, 0, 10, 10\nsize = 12\n",
         "bad.ini:10:", "source = paddle is for a paddle (kind = paddle)"},
        {"[field a]\nkind = qr\nsource = qr\nbox = 0, 0, 10, 10\n"
         "fill = #000000\n",
         "bad.ini:12:", "remove the line"},
        {"[field a]\nkind = text\nsource = badge_name\n"
         "box = 0, 0, 10, 10\nsize = 12\npadding = 2\n",
         "bad.ini:13:", "fill and padding are for bands"},
        {"[field a]\nkind = band\nbox = 0, 0, 10, 4\npadding = 2\n",
         "bad.ini:11:", "the padding leaves no room for text"},
        /* The default padding (1 mm) in a band 1 mm high: said on the
         * box's line, and refused (line 0 once let it through). */
        {"[field a]\nkind = band\nbox = 0, 0, 10, 1\n",
         "bad.ini:10:", "the padding leaves no room for text"},
        {"[field a]\nkind = text\nsource = none\nbox = 0, 0, 10, 10\n",
         "bad.ini:10:", "a text field needs a source other than none"},
        {"[field a]\nkind = text\nsource = badge_name\ntext = Hi\n"
         "box = 0, 0, 10, 10\nsize = 12\n",
         "bad.ini:11:", "'text' goes with source = text"},
        {"[field a]\nbox = 0, 0, 10, 10\n", "bad.ini:8:", "needs a kind"},
        {"[field a]\nkind = text\n", "bad.ini:8:", "needs a box"},
        {"[field A]\n", "bad.ini:8:", "rename the field"},
        {"title = \x01\n", "bad.ini:8:", "'title' is empty"},
        {"[fields a]\n", "bad.ini:8:", "unknown section [fields a]"},
        {"[field a]\nkind = text\n[field a]\n",
         "bad.ini:10:", "[field a] is given twice (first on line 8)"},
        {"[field a]\nthis is not ini\n", "bad.ini:9:", "not a valid line"},
        {"[field a]\nkind = text\nsource = badge_name\nbox = 0, 0, 10, 10\n"
         "size = 12\nlines = 0\n",
         "bad.ini:13:", "lines must be from 1 to 8"},
        {"[field a]\nkind = text\nsource = badge_name\nbox = 0, 0, 10, 10\n"
         "size = 1e999\n",
         "bad.ini:12:", "size must be points"},
        {"[field a]\nkind = text\nsource = badge_name\nbox = 0, 0, 10, 10\n",
         "bad.ini:8:", "needs 'size'"},
        {"[field a]\nkind = text\nfont = "
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "\n",
         "bad.ini:10:", "longer than"},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        char text[2048];
        snprintf(text, sizeof(text), "%s%s",
                 CASES[i].head ? CASES[i].head : GOOD_HEAD, CASES[i].body);
        struct template t;
        struct ck_error err = {0};
        int code = template_parse("bad.ini", text, strlen(text), &t, &err);
        EXPECT_INT(code, CK_EINVAL);
        EXPECT_TRUE(strncmp(err.msg, CASES[i].where, strlen(CASES[i].where)) ==
                        0 ||
                    !fprintf(stderr, "case %zu: %s\n", i, err.msg));
        EXPECT_CONTAINS(err.msg, CASES[i].says);
        /* One whole sentence, kept as its format for the catalogues
         * (printer/ in po/ERROR-ROOMS): the file and line first, what to
         * do at its end. */
        EXPECT_TRUE(err.fmt && !strncmp(err.fmt, "%s:%d: ", 7));
        size_t len = strlen(err.msg);
        EXPECT_TRUE(len > 0 && err.msg[len - 1] == '.');
        /* Said whole in every catalogue, the file named first. */
        static const char *const LANGS[] = {"es", "pt_BR", "de",
                                            "fr", "ja",    "hi"};
        for (size_t l = 0; l < sizeof(LANGS) / sizeof(LANGS[0]); l++) {
            tu_speak(LANGS[l]);
            char buf[1024];
            const char *said = ck_error_text(&err, buf, sizeof(buf));
            if (said == err.msg || strncmp(said, "bad.ini:", 8) != 0)
                TU_FAIL_AT("case %zu in %s: %s", i, LANGS[l], said);
        }
        tu_speak("en");
    }
    /* A [label] without what the printer needs, and a continuous roll
     * given a printable length. */
    struct template t;
    struct ck_error err = {0};
    const char *no_dpi = "[label]\nkind = badge\nmedia = die-cut\n"
                         "width = 62\nlength = 100\n";
    EXPECT_INT(template_parse("x.ini", no_dpi, strlen(no_dpi), &t, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "x.ini:1: [label] needs 'dpi'");
    const char *bin = "[label]\nkind = badge\0\xff";
    EXPECT_INT(template_parse("x.ini", bin, 22, &t, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "not UTF-8");
}

/* The key list an unknown key's message gives is the list the parser
 * takes: every key it names is known (given twice, it is refused as
 * twice, not as unknown), in [label] and in [field NAME]. */
static void unknown_template_keys_name_every_key_there_is(void)
{
    static const struct {
        const char *head, *section, *list;
    } SECTIONS[] = {
        {"", "[label]", "title, kind, media, width, length, dpi, printable"},
        {GOOD_HEAD, "[field a]",
         "kind, source, text, box, font, weight, size, min-size, lines, "
         "align, valign, colour, fill, padding"},
    };
    for (size_t s = 0; s < sizeof(SECTIONS) / sizeof(SECTIONS[0]); s++) {
        char text[2048];
        snprintf(text, sizeof(text), "%s%s\nnickname = x\n", SECTIONS[s].head,
                 SECTIONS[s].section);
        struct template t;
        struct ck_error err = {0};
        EXPECT_INT(template_parse("k.ini", text, strlen(text), &t, &err),
                   CK_EINVAL);
        EXPECT_CONTAINS(err.msg,
                        tu_format("%s has no key 'nickname'; use one "
                                  "of its keys: %s.",
                                  SECTIONS[s].section, SECTIONS[s].list));
        /* The list, "a, b, c." */
        char list[512];
        const char *from = strstr(err.msg, "its keys: ");
        REQUIRE(from != NULL);
        snprintf(list, sizeof(list), "%s", from + strlen("its keys: "));
        int n = 0;
        for (const char *p = list; *p && *p != '.';) {
            size_t len = strcspn(p, ",.");
            char key[64];
            snprintf(key, sizeof(key), "%.*s", (int)len, p);
            snprintf(text, sizeof(text), "%s%s\n%s = 1\n", SECTIONS[s].head,
                     SECTIONS[s].section, key);
            struct ck_error e2 = {0};
            EXPECT_INT(template_parse("k.ini", text, strlen(text), &t, &e2),
                       CK_EINVAL);
            if (strstr(e2.msg, "has no key"))
                TU_FAIL_AT("key '%s' of %s: %s", key, SECTIONS[s].section,
                           e2.msg);
            n++;
            p += len;
            while (*p == ',' || *p == ' ')
                p++;
        }
        EXPECT_INT(n, (s == 0 ? 7 : 14));
    }
}

static void bad_template_files_name_their_path_and_line(void)
{
    struct template t;
    struct ck_error err = {0};
    const char *path = TEST_DATA_DIR "/labels/bad-continuous.ini";
    EXPECT_INT(template_load(path, &t, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, tu_format("%s:8: continuous media print the whole "
                                       "length",
                                       path));
    path = TEST_DATA_DIR "/labels/bad-qr-box.ini";
    EXPECT_INT(template_load(path, &t, &err), CK_OK);
    /* The QR code cannot fit a 5 mm box with whole-dot modules of 2 dots:
     * a template mistake, refused when rendering with a sentence. */
    struct label_data d = {
        .badge_name = "Ada",
        .qr_text =
            "CK1:0000000000000000000000000000000000000000000000000000000000000"
            "00000000000000000000000000000000000000000000000000000000"};
    struct label_image img;
    EXPECT_INT(label_render(&t, &d, &img, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "[field qr]");
    EXPECT_CONTAINS(err.msg, "make the box larger");
    template_free(&t);
    EXPECT_INT(template_load(TEST_DATA_DIR "/labels/none.ini", &t, &err),
               CK_ENOTFOUND);
}

static void unknown_template_names_the_choices(void)
{
    struct template t;
    struct ck_error err = {0};
    EXPECT_INT(template_find(LABELS, "badge-99x99", &t, &err), CK_ENOTFOUND);
    EXPECT_CONTAINS(err.msg, "no label template 'badge-99x99'");
    EXPECT_CONTAINS(err.msg, "badge-62-continuous, badge-62x100, "
                             "badge-dymo-30856");
    EXPECT_INT(template_find(LABELS, "..", &t, &err), CK_EINVAL);
    EXPECT_INT(template_find(LABELS, "bad name", &t, &err), CK_EINVAL);
}

/* ---- Rendering the hardest names ---------------------------------------- */

/* Each field alone, then the whole label: every black dot of a field lies
 * in its box, Pango's ink is inside too, and nothing was clipped. */
static void check_inside(const struct template *tpl, const struct label_data *d,
                         const char *who)
{
    struct ck_error err = {0};
    for (size_t i = 0; i < tpl->nfields; i++) {
        struct template one = *tpl;
        one.fields = &tpl->fields[i];
        one.nfields = 1;
        struct label_image img;
        if (label_render(&one, d, &img, &err)) {
            TU_FAIL_AT("%s on %s: %s", who, tpl->name, err.msg);
            continue;
        }
        const struct label_field_result *r = &img.fields[0];
        long out =
            dots_outside(&img.bitmap, r->box_x, r->box_y, r->box_w, r->box_h);
        if (out || r->clipped ||
            (!r->empty && (r->ink_x < r->box_x || r->ink_y < r->box_y ||
                           r->ink_x + r->ink_w > r->box_x + r->box_w ||
                           r->ink_y + r->ink_h > r->box_y + r->box_h)))
            TU_FAIL_AT("%s (%s) on %s: [field %s] has %ld dots outside its "
                       "box %d,%d %dx%d (ink %d,%d %dx%d, clipped %d)",
                       who, d->badge_name, tpl->name, r->field->name, out,
                       r->box_x, r->box_y, r->box_w, r->box_h, r->ink_x,
                       r->ink_y, r->ink_w, r->ink_h, r->clipped);
        if (r->unknown_glyphs)
            TU_FAIL_AT("%s on %s: [field %s] has %d unknown glyphs", who,
                       tpl->name, r->field->name, r->unknown_glyphs);
        if (!r->empty && r->field->kind != FIELD_QR &&
            dots_inside(&img.bitmap, r->box_x, r->box_y, r->box_w, r->box_h) ==
                0)
            TU_FAIL_AT("%s on %s: [field %s] printed nothing", who, tpl->name,
                       r->field->name);
        label_image_free(&img);
    }
}

static void hard_names_stay_inside_their_boxes_on_every_template(void)
{
    struct event ev;
    REQUIRE(open_event(&ev) == 0);
    for (size_t t = 0; t < NTEMPLATES; t++) {
        struct template tpl;
        if (load(TEMPLATES[t], &tpl))
            continue;
        for (size_t i = 0; i < NHARD; i++) {
            struct label_data d, tut = {0};
            if (data_for(&ev, HARD[i].ticket_id, tpl.kind == TEMPLATE_TICKET,
                         &d, &tut))
                continue;
            check_inside(&tpl, &d, HARD[i].ticket_id);
            label_data_free(&tut);
            label_data_free(&d);
        }
        template_free(&tpl);
    }
    close_event(&ev);
}

/* The auction's paddle labels, each of the four sizes: the widest
 * number (five digits) whole in its box and over a fifth of the label's
 * width, beside every hard name (right to left ones running so) and the
 * event, each inside its own box. */
static void paddle_labels_keep_the_number_whole_beside_hard_names(void)
{
    static const char *const PADDLES[] = {
        "paddle-62x100", "paddle-62-continuous", "paddle-102x152",
        "paddle-dymo-30856"};
    struct event ev;
    REQUIRE(open_event(&ev) == 0);
    struct ck_error err = {0};
    for (size_t t = 0; t < sizeof(PADDLES) / sizeof(PADDLES[0]); t++) {
        struct template tpl;
        if (load(PADDLES[t], &tpl))
            continue;
        size_t name =
            (size_t)(template_field_by_source(&tpl, SOURCE_BADGE_NAME) -
                     tpl.fields);
        size_t number = (size_t)(template_field_by_source(&tpl, SOURCE_PADDLE) -
                                 tpl.fields);
        for (size_t i = 0; i < NHARD; i++) {
            struct label_data d;
            if (data_for(&ev, HARD[i].ticket_id, false, &d, NULL))
                continue;
            struct label_data p = {.event_name = d.event_name,
                                   .badge_name = d.badge_name,
                                   .paddle = "99999"};
            check_inside(&tpl, &p, HARD[i].ticket_id);
            struct label_image img;
            if (label_render(&tpl, &p, &img, &err)) {
                TU_FAIL_AT("%s on %s: %s", HARD[i].ticket_id, tpl.name,
                           err.msg);
            } else {
                const struct label_field_result *n = &img.fields[number];
                EXPECT_TRUE(!n->ellipsized && n->ink_w * 5 > tpl.width_dots);
                EXPECT_INT(img.fields[name].rtl, HARD[i].rtl);
                label_image_free(&img);
            }
            label_data_free(&d);
        }
        template_free(&tpl);
    }
    close_event(&ev);
}

static void hard_names_print_real_glyphs_and_rtl_names_run_right_to_left(void)
{
    struct event ev;
    REQUIRE(open_event(&ev) == 0);
    struct template tpl;
    REQUIRE(load("badge-62x100", &tpl) == 0);
    size_t name = (size_t)(template_field_by_source(&tpl, SOURCE_BADGE_NAME) -
                           tpl.fields);
    struct ck_error err = {0};
    for (size_t i = 0; i < NHARD; i++) {
        struct label_data d;
        if (data_for(&ev, HARD[i].ticket_id, false, &d, NULL))
            continue;
        struct label_image img;
        if (label_render(&tpl, &d, &img, &err)) {
            TU_FAIL_AT("%s: %s", HARD[i].ticket_id, err.msg);
        } else {
            const struct label_field_result *r = &img.fields[name];
            if (r->unknown_glyphs != 0 || r->rtl != HARD[i].rtl || r->empty)
                TU_FAIL_AT("%s (%s, %s): unknown glyphs %d, rtl %d",
                           HARD[i].ticket_id, HARD[i].what, d.badge_name,
                           r->unknown_glyphs, r->rtl);
            label_image_free(&img);
        }
        label_data_free(&d);
    }
    template_free(&tpl);
    close_event(&ev);
}

/* 8-bit gray of a field: a colour emoji on its own must leave black dots
 * (dithered), not vanish under a plain threshold. */
static void colour_emoji_print_as_visible_dots(void)
{
    struct template tpl;
    REQUIRE(load("badge-62x100", &tpl) == 0);
    size_t name = (size_t)(template_field_by_source(&tpl, SOURCE_BADGE_NAME) -
                           tpl.fields);
    static const char *const EMOJI[] = {"\xF0\x9F\x90\x8D",  /* snake */
                                        "\xF0\x9F\x98\x80",  /* grinning */
                                        "\xF0\x9F\x8C\x9F"}; /* star */
    for (size_t i = 0; i < 3; i++) {
        struct label_data d = {.badge_name = EMOJI[i]};
        struct label_image img;
        struct ck_error err = {0};
        REQUIRE(label_render(&tpl, &d, &img, &err) == CK_OK);
        const struct label_field_result *r = &img.fields[name];
        long black =
            dots_inside(&img.bitmap, r->ink_x, r->ink_y, r->ink_w, r->ink_h);
        long area = (long)r->ink_w * r->ink_h;
        EXPECT_INT(r->unknown_glyphs, 0);
        if (area < 2000 || black * 20 < area || black * 20 > area * 19)
            TU_FAIL_AT("emoji %zu: %ld of %ld dots black", i, black, area);
        label_image_free(&img);
    }
    template_free(&tpl);
}

/* Digits are emoji keycap bases: with an emoji font in a family list,
 * Pango 1.50 takes them from it, and "103" would print dithered.  Plain
 * text must print as solid black on every template. */
static void digits_and_text_print_solid_not_dithered(void)
{
    for (size_t t = 0; t < NTEMPLATES; t++) {
        struct template tpl;
        if (load(TEMPLATES[t], &tpl))
            continue;
        struct label_data d = {.badge_name = "Ada 1903 #42",
                               .company = "Room 101 & 2027",
                               .pronouns = "0123456789",
                               .tutorial_title = "Python 3.13 in 2027",
                               .tutorial_room = "103C",
                               .tutorial_time = "Wed 12 May 2027, 09:00"};
        struct label_image img;
        struct ck_error err = {0};
        REQUIRE(label_render(&tpl, &d, &img, &err) == CK_OK);
        for (size_t i = 0; i < img.nfields; i++) {
            const struct label_field_result *r = &img.fields[i];
            if (r->empty || r->field->kind != FIELD_TEXT)
                continue;
            long iso = isolated_dots(&img.bitmap, r->ink_x, r->ink_y, r->ink_w,
                                     r->ink_h);
            if (iso > 0)
                TU_FAIL_AT("%s: [field %s] has %ld isolated dots", tpl.name,
                           r->field->name, iso);
        }
        label_image_free(&img);
        template_free(&tpl);
    }
}

/* A ticket rendered with `room` as the tutorial's room; 0 on success. */
static int render_room(const struct template *tpl, const char *room,
                       struct label_image *img)
{
    struct label_data d = {.badge_name = "Ada Lovelace",
                           .tutorial_title = "Data analysis with pandas",
                           .tutorial_room = room,
                           .tutorial_time = "Wed 12 May 2027, 09:00"};
    struct ck_error err = {0};
    if (label_render(tpl, &d, img, &err)) {
        TU_FAIL_AT("%s with room %s: %s", tpl->name, room, err.msg);
        return -1;
    }
    return 0;
}

static bool same_dots(const struct bitmap1 *a, const struct bitmap1 *b)
{
    if (a->width != b->width || a->height != b->height)
        return false;
    for (int y = 0; y < a->height; y++)
        for (int x = 0; x < a->width; x++)
            if (bitmap1_get(a, x, y) != bitmap1_get(b, x, y))
                return false;
    return true;
}

/* The ticket templates print "Room" before the room: a room named "Room
 * 101" (any case) prints exactly as one named "101", not "Room Room 101";
 * other names, "Rm 101" and "Roommates Hall" among them, print as named. */
static void a_room_named_room_101_reads_room_101_once(void)
{
    int tickets = 0;
    for (size_t t = 0; t < NTEMPLATES; t++) {
        struct template tpl;
        if (load(TEMPLATES[t], &tpl))
            continue;
        if (!template_field_by_source(&tpl, SOURCE_TUTORIAL_ROOM)) {
            template_free(&tpl);
            continue;
        }
        tickets++;
        struct label_image plain, named, lower, rm, rm_plain, mates, m_plain;
        REQUIRE(render_room(&tpl, "101", &plain) == 0);
        REQUIRE(render_room(&tpl, "Room 101", &named) == 0);
        REQUIRE(render_room(&tpl, "ROOM  101", &lower) == 0);
        REQUIRE(render_room(&tpl, "Rm 101", &rm) == 0);
        REQUIRE(render_room(&tpl, "101", &rm_plain) == 0);
        REQUIRE(render_room(&tpl, "Roommates Hall", &mates) == 0);
        REQUIRE(render_room(&tpl, "mates Hall", &m_plain) == 0);
        if (!same_dots(&plain.bitmap, &named.bitmap))
            TU_FAIL_AT("%s: \"Room 101\" does not print as \"Room\" + "
                       "\"101\"",
                       tpl.name);
        if (!same_dots(&plain.bitmap, &lower.bitmap))
            TU_FAIL_AT("%s: \"ROOM  101\" does not print as \"Room\" + "
                       "\"101\"",
                       tpl.name);
        if (same_dots(&rm.bitmap, &rm_plain.bitmap))
            TU_FAIL_AT("%s: \"Rm 101\" lost its \"Rm\"", tpl.name);
        if (same_dots(&mates.bitmap, &m_plain.bitmap))
            TU_FAIL_AT("%s: \"Roommates Hall\" was cut", tpl.name);
        label_image_free(&plain);
        label_image_free(&named);
        label_image_free(&lower);
        label_image_free(&rm);
        label_image_free(&rm_plain);
        label_image_free(&mates);
        label_image_free(&m_plain);
        template_free(&tpl);
    }
    EXPECT_TRUE(tickets >= 4);
}

static void long_names_shrink_before_they_are_ellipsized(void)
{
    struct template tpl;
    REQUIRE(load("badge-62x100", &tpl) == 0);
    const struct template_field *f =
        template_field_by_source(&tpl, SOURCE_BADGE_NAME);
    size_t name = (size_t)(f - tpl.fields);
    char huge[1024];
    size_t used = 0;
    for (int i = 0; i < 12; i++)
        used += (size_t)snprintf(huge + used, sizeof(huge) - used, "%s",
                                 "Wolfeschlegelsteinhausen Bergerdorff ");
    const struct {
        const char *name;
        bool shrunk, ellipsized;
    } CASES[] = {
        {"Ilango", false, false},
        {"Oluwaseun Babatunde Adeyemi-Ogunleye Akintola Olamide Fashola", true,
         false},
        {"Mar\xC3\xAD"
         "a de los \xC3\x81ngeles Fern\xC3\xA1ndez-Castillo de "
         "la Vega y Montenegro Santisteban Ruiz",
         true, false},
        {huge, true, true},
        {"Xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
         true, true},
    };
    for (size_t i = 0; i < sizeof(CASES) / sizeof(CASES[0]); i++) {
        struct label_data d = {.badge_name = CASES[i].name};
        struct label_image img;
        struct ck_error err = {0};
        REQUIRE(label_render(&tpl, &d, &img, &err) == CK_OK);
        const struct label_field_result *r = &img.fields[name];
        EXPECT_INT(r->shrunk, CASES[i].shrunk);
        EXPECT_INT(r->ellipsized, CASES[i].ellipsized);
        EXPECT_INT(r->clipped, 0);
        if (!r->shrunk)
            EXPECT_TRUE(r->size_pt == f->max_pt);
        /* Ellipsizing only ever happens at the smallest size. */
        if (r->ellipsized)
            EXPECT_TRUE(r->size_pt == f->min_pt);
        else if (r->shrunk)
            EXPECT_TRUE(r->size_pt > f->min_pt && r->size_pt < f->max_pt);
        EXPECT_TRUE(r->lines <= f->max_lines);
        EXPECT_INT(dots_outside(&img.bitmap, 0, 0, 0, 0) > 0, 1);
        label_image_free(&img);
    }
    template_free(&tpl);
}

/* A box too small for even one ellipsized line at min-size: the field says
 * so, and the text is drawn past the box rather than cut off unseen. */
static void text_that_cannot_fit_is_reported_and_not_cut_off(void)
{
    char text[1024];
    snprintf(text, sizeof(text),
             "%s[field a]\nkind = text\n"
             "source = badge_name\nbox = 10, 10, 20, 4\nsize = 30\n",
             GOOD_HEAD);
    struct template tpl;
    struct ck_error err = {0};
    REQUIRE(template_parse("tiny.ini", text, strlen(text), &tpl, &err) ==
            CK_OK);
    struct label_data d = {.badge_name = "Ada Lovelace"};
    struct label_image img;
    REQUIRE(label_render(&tpl, &d, &img, &err) == CK_OK);
    const struct label_field_result *r = &img.fields[0];
    EXPECT_INT(r->clipped, 1);
    EXPECT_TRUE(
        dots_outside(&img.bitmap, r->box_x, r->box_y, r->box_w, r->box_h) > 0);
    label_image_free(&img);
    template_free(&tpl);
}

/* The QR code on every template, from the printed bitmap: zbar reads the
 * credential text, every module is a whole number of dots, all one colour,
 * and the quiet zone is white. */
static void qr_reads_back_from_the_bitmap_with_whole_dot_modules(void)
{
    struct event ev;
    REQUIRE(open_event(&ev) == 0);
    struct ck_error err = {0};
    for (size_t t = 0; t < NTEMPLATES; t++) {
        struct template tpl;
        if (load(TEMPLATES[t], &tpl))
            continue;
        bool ticket = tpl.kind == TEMPLATE_TICKET;
        struct label_data d = {0};
        int64_t id = attendee(ev.s, "50660"), tid = 0;
        if (ticket)
            REQUIRE(store_tutorial_id(ev.s, "packaging-pyproject", &tid,
                                      &err) == CK_OK);
        REQUIRE(label_data_for(ev.s, &ev.key, id, tid, &d, &err) == CK_OK);
        char want[BADGE_TEXT_CAP];
        REQUIRE(credential_current(ev.s, &ev.key, id, tid, want, &err) ==
                CK_OK);
        EXPECT_STR(d.qr_text, want);
        struct label_image img;
        REQUIRE(label_render(&tpl, &d, &img, &err) == CK_OK);
        char *got = zbar_read(&img.bitmap);
        EXPECT_STR(got, want);
        free(got);
        size_t q =
            (size_t)(template_field_by_source(&tpl, SOURCE_QR) - tpl.fields);
        const struct label_field_result *r = &img.fields[q];
        int m = r->module_dots, side = r->qr_modules + 8;
        EXPECT_TRUE(m >= 2);
        EXPECT_INT(r->ink_w, side * m);
        long mixed = 0, quiet = 0;
        for (int my = 0; my < side; my++)
            for (int mx = 0; mx < side; mx++) {
                bool first = bitmap1_get(&img.bitmap, r->ink_x + mx * m,
                                         r->ink_y + my * m);
                bool in_quiet =
                    mx < 4 || my < 4 || mx >= side - 4 || my >= side - 4;
                quiet += in_quiet && first;
                for (int y = 0; y < m; y++)
                    for (int x = 0; x < m; x++)
                        mixed += bitmap1_get(&img.bitmap, r->ink_x + mx * m + x,
                                             r->ink_y + my * m + y) != first;
            }
        EXPECT_INT(mixed, 0);
        EXPECT_INT(quiet, 0);
        label_image_free(&img);
        label_data_free(&d);
        template_free(&tpl);
    }
    close_event(&ev);
}

static void ticket_data_has_tutorial_in_event_time_zone(void)
{
    struct event ev;
    REQUIRE(open_event(&ev) == 0);
    struct ck_error err = {0};
    int64_t tid;
    REQUIRE(store_tutorial_id(ev.s, "packaging-pyproject", &tid, &err) ==
            CK_OK);
    struct label_data d;
    REQUIRE(label_data_for(ev.s, &ev.key, attendee(ev.s, "50660"), tid, &d,
                           &err) == CK_OK);
    EXPECT_STR(d.tutorial_title, "Packaging Python projects with "
                                 "pyproject.toml");
    EXPECT_STR(d.tutorial_room, "103C");
    EXPECT_STR(d.tutorial_time, "Wed 12 May 2027, 09:00\xE2\x80\x93"
                                "12:30");
    EXPECT_STR(d.ticket_type, "Speaker");
    EXPECT_STR(d.ticket_colour, "#C62828");
    EXPECT_STR(d.event_name, "PyCon Demo 2027");
    EXPECT_STR(d.pronouns, "he/him");
    EXPECT_TRUE(strncmp(d.qr_text, BADGE_PREFIX, 4) == 0);
    label_data_free(&d);
    /* A tutorial the attendee did not buy gets no ticket. */
    REQUIRE(store_tutorial_id(ev.s, "pandas-intro", &tid, &err) == CK_OK);
    EXPECT_TRUE(label_data_for(ev.s, &ev.key, attendee(ev.s, "50660"), tid, &d,
                               &err) != CK_OK);
    struct tutorial_info ti;
    EXPECT_INT(store_tutorial_get(ev.s, 999, &ti, &err), CK_ENOTFOUND);
    close_event(&ev);
}

/* ---- checkin badge ------------------------------------------------------ */

static void badge_command_writes_png_and_pdf(void)
{
    const char *db = demo_db();
    const char *out, *errs;
    EXPECT_INT(tu_checkin(tu_format("badge '%s' 48398 --key '%s' --out '%s'",
                                    db, tu_path("event.key"), tu_path("a.png")),
                          &out, &errs),
               0);
    size_t n;
    char *png = tu_read_file(tu_path("a.png"), &n);
    REQUIRE(png && n > 33);
    EXPECT_INT(memcmp(png, "\x89PNG\r\n\x1a\n", 8), 0);
    /* IHDR: the label's printable area in dots. */
    const uint8_t *ih = (const uint8_t *)png + 16;
    EXPECT_INT((ih[0] << 24 | ih[1] << 16 | ih[2] << 8 | ih[3]), 696);
    EXPECT_INT((ih[4] << 24 | ih[5] << 16 | ih[6] << 8 | ih[7]), 1109);
    free(png);
    EXPECT_INT(
        tu_checkin(
            tu_format(
                "badge --template badge-102x152 '%s' 'Sam Lee' --key '%s' "
                "--out '%s'",
                db, tu_path("event.key"), tu_path("b.pdf")),
            &out, &errs),
        0);
    char *pdf = tu_read_file(tu_path("b.pdf"), &n);
    REQUIRE(pdf);
    EXPECT_INT(memcmp(pdf, "%PDF-", 5), 0);
    free(pdf);
    EXPECT_INT(
        tu_checkin(
            tu_format(
                "badge --tutorial packaging-pyproject '%s' 50660 --key '%s' "
                "--out '%s'",
                db, tu_path("event.key"), tu_path("t.png")),
            &out, &errs),
        0);
}

static int pdf_pages(const char *path)
{
    size_t n;
    char *pdf = tu_read_file(path, &n);
    if (!pdf)
        return -1;
    int pages = 0;
    for (const char *p = pdf;
         (p = memmem(p, n - (size_t)(p - pdf), "/Type /Page", 11)); p += 11)
        pages += p[11] != 's';
    free(pdf);
    return pages;
}

static void badge_all_renders_one_page_per_paid_or_pending_attendee(void)
{
    /* A small event: the demo's first three registrations, one of them
     * cancelled; the third holds one tutorial. */
    size_t n;
    char *csv = tu_read_file(CONFIG_DIR "/demo/registrations.csv", &n);
    REQUIRE(csv);
    char *p = csv;
    for (int lines = 0; lines < 4 && p; lines++)
        p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
    REQUIRE(p);
    REQUIRE(tu_write_file(tu_path("small.csv"), csv, (size_t)(p - csv)) == 0);
    free(csv);
    const char *out, *errs;
    REQUIRE(
        tu_checkin(tu_format("init '%s' '%s'", tu_path("small.db"), DEMO_INI),
                   &out, &errs) == 0);
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", tu_path("small.db"),
                                 tu_path("small.csv")),
                       &out, &errs) == 0);
    EXPECT_INT(tu_checkin(tu_format("badge '%s' --all --out '%s'",
                                    tu_path("small.db"), tu_path("all.pdf")),
                          &out, &errs),
               0);
    EXPECT_CONTAINS(out, "(pages: 2;");
    EXPECT_INT(pdf_pages(tu_path("all.pdf")), 2);
    EXPECT_INT(tu_checkin(tu_format("badge '%s' --all --tickets --out '%s'",
                                    tu_path("small.db"), tu_path("all2.pdf")),
                          &out, &errs),
               0);
    EXPECT_INT(pdf_pages(tu_path("all2.pdf")), 3);
}

static void badge_command_errors_say_what_to_do(void)
{
    const char *db = demo_db();
    const char *out, *errs;
    EXPECT_INT(tu_checkin(tu_format("badge '%s' 'Nobody Atall' --key '%s' "
                                    "--out '%s'",
                                    db, tu_path("event.key"), tu_path("x.png")),
                          &out, &errs),
               1);
    EXPECT_CONTAINS(errs, "checkin: ");
    EXPECT_TRUE(strchr(errs, '\n') == errs + strlen(errs) - 1);
    EXPECT_INT(
        tu_checkin(tu_format("badge --template nope '%s' 48398 --key '%s' "
                             "--out '%s'",
                             db, tu_path("event.key"), tu_path("x.png")),
                   &out, &errs),
        1);
    EXPECT_CONTAINS(errs, "no label template 'nope'");
    EXPECT_CONTAINS(errs, "badge-62x100");
    EXPECT_TRUE(strchr(errs, '\n') == errs + strlen(errs) - 1);
    /* Cancelled orders get no badge. */
    EXPECT_INT(tu_checkin(tu_format("badge '%s' 48259 --key '%s' --out '%s'",
                                    db, tu_path("event.key"), tu_path("x.png")),
                          &out, &errs),
               1);
    /* A ticket template without --tutorial. */
    EXPECT_INT(
        tu_checkin(tu_format("badge -t ticket-62x100 '%s' 48398 --key '%s' "
                             "--out '%s'",
                             db, tu_path("event.key"), tu_path("x.png")),
                   &out, &errs),
        1);
    EXPECT_CONTAINS(errs, "add --tutorial");
    static const char *const USAGE[] = {
        "badge",
        "badge EVENT.db 48398",             /* no --out */
        "badge EVENT.db 48398 --out x.jpg", /* not png or pdf */
        "badge EVENT.db --all --out x.png", /* --all writes a PDF */
        "badge EVENT.db 48398 extra --out x.png",
        "badge --tickets EVENT.db 48398 --out x.png",
        "badge --bogus EVENT.db 48398 --out x.png",
        "badge EVENT.db 48398 --out",
    };
    for (size_t i = 0; i < sizeof(USAGE) / sizeof(USAGE[0]); i++) {
        int st = tu_checkin(USAGE[i], &out, &errs);
        if (st != 2)
            TU_FAIL_AT("'%s': exit %d, expected 2 (%s)", USAGE[i], st, errs);
        EXPECT_CONTAINS(errs, "checkin badge --help");
    }
    EXPECT_INT(tu_checkin("badge --help", &out, &errs), 0);
    EXPECT_CONTAINS(out, "Usage: checkin badge");
}

TU_MAIN(TU_CASE(every_bundled_template_parses_with_its_printable_area),
        TU_CASE(bad_templates_are_refused_with_file_and_line),
        TU_CASE(paddle_labels_keep_the_number_whole_beside_hard_names),
        TU_CASE(unknown_template_keys_name_every_key_there_is),
        TU_CASE(bad_template_files_name_their_path_and_line),
        TU_CASE(unknown_template_names_the_choices),
        TU_CASE(hard_names_stay_inside_their_boxes_on_every_template),
        TU_CASE(hard_names_print_real_glyphs_and_rtl_names_run_right_to_left),
        TU_CASE(colour_emoji_print_as_visible_dots),
        TU_CASE(digits_and_text_print_solid_not_dithered),
        TU_CASE(a_room_named_room_101_reads_room_101_once),
        TU_CASE(long_names_shrink_before_they_are_ellipsized),
        TU_CASE(text_that_cannot_fit_is_reported_and_not_cut_off),
        TU_CASE(qr_reads_back_from_the_bitmap_with_whole_dot_modules),
        TU_CASE(ticket_data_has_tutorial_in_event_time_zone),
        TU_CASE(badge_command_writes_png_and_pdf),
        TU_CASE(badge_all_renders_one_page_per_paid_or_pending_attendee),
        TU_CASE(badge_command_errors_say_what_to_do))
