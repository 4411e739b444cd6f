/* Label templates from INI files (see template.h, docs/labels.md).  The
 * file is outside input: it is read whole (at most TEMPLATE_MAX_BYTES),
 * checked to be UTF-8, fed to libinih line by line through our own reader
 * (Debian's libinih does not pass line numbers to the handler) and then
 * checked as a whole, so that every mistake is reported as FILE:LINE with
 * what to write instead.  Not the place for layout decisions: label.c. */
#include <dirent.h>
#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/template.h"
#include "checkin/text.h"
#include "checkin/util.h"

/* Every key of a template, numbered for the bit it sets in a section's
 * set of keys (to catch duplicates and missing keys). */
enum key_index {
    KI_TITLE,
    KI_KIND,
    KI_MEDIA,
    KI_WIDTH,
    KI_LENGTH,
    KI_DPI,
    KI_PRINTABLE,
    KI_SOURCE,
    KI_TEXT,
    KI_BOX,
    KI_FONT,
    KI_WEIGHT,
    KI_SIZE,
    KI_MIN_SIZE,
    KI_LINES,
    KI_ALIGN,
    KI_VALIGN,
    KI_COLOUR,
    KI_FILL,
    KI_PADDING,
    NKEYS
};
enum key_bit {
    K_TITLE = 1u << KI_TITLE,
    K_KIND = 1u << KI_KIND,
    K_MEDIA = 1u << KI_MEDIA,
    K_WIDTH = 1u << KI_WIDTH,
    K_LENGTH = 1u << KI_LENGTH,
    K_DPI = 1u << KI_DPI,
    K_PRINTABLE = 1u << KI_PRINTABLE,
    K_SOURCE = 1u << KI_SOURCE,
    K_TEXT = 1u << KI_TEXT,
    K_BOX = 1u << KI_BOX,
    K_FONT = 1u << KI_FONT,
    K_WEIGHT = 1u << KI_WEIGHT,
    K_SIZE = 1u << KI_SIZE,
    K_MIN_SIZE = 1u << KI_MIN_SIZE,
    K_LINES = 1u << KI_LINES,
    K_ALIGN = 1u << KI_ALIGN,
    K_VALIGN = 1u << KI_VALIGN,
    K_COLOUR = 1u << KI_COLOUR,
    K_FILL = 1u << KI_FILL,
    K_PADDING = 1u << KI_PADDING,
};

struct parser {
    const char *name; /* for messages */
    /* The text as a stream (NULL when empty) and the line libinih is on. */
    struct util_ini_file in;
    bool stop;
    int err_line; /* the line of the first refusal (when stop is set) */
    int code;     /* its code */
    struct ck_error *err;
    struct template *t;
    bool in_label; /* current section is [label] */
    bool have_label;
    int label_line;
    unsigned label_keys;
    struct template_field *cur; /* current [field NAME], or NULL */
    unsigned field_keys[TEMPLATE_MAX_FIELDS];
    int key_line[TEMPLATE_MAX_FIELDS][NKEYS]; /* line of each key */
    int label_key_line[NKEYS];
    int printable_w, printable_h; /* as written; 0 if not given */
};

/* Every refusal of a template is one whole sentence, a ck_fail format
 * (the printer room is in po/ERROR-ROOMS, so each is translated whole),
 * saying the file and line first: written as
 *     return refused(p, ck_fail(at(p, LINE), CODE, "%s:%d: ...",
 *                               p->name, LINE, ...));
 * at() gives the error to write only for the first refusal (the parse
 * stops there), refused() keeps its code and gives libinih's 0.  Whether
 * the template is refused is `stop`, never the line: a refusal of a key
 * the file left out once had line 0 and let the template through. */
static struct ck_error *at(struct parser *p, int line)
{
    if (p->stop)
        return NULL;
    p->stop = true;
    p->err_line = line;
    return p->err;
}

static int refused(struct parser *p, int code)
{
    if (!p->code)
        p->code = code;
    return 0;
}

static const char *const SOURCE_NAMES[] = {
    [SOURCE_NONE] = "none",
    [SOURCE_BADGE_NAME] = "badge_name",
    [SOURCE_PRONOUNS] = "pronouns",
    [SOURCE_COMPANY] = "company",
    [SOURCE_TICKET_TYPE] = "ticket_type",
    [SOURCE_EVENT_NAME] = "event_name",
    [SOURCE_TUTORIAL_TITLE] = "tutorial_title",
    [SOURCE_TUTORIAL_ROOM] = "tutorial_room",
    [SOURCE_TUTORIAL_TIME] = "tutorial_time",
    [SOURCE_QR] = "qr",
    [SOURCE_LITERAL] = "text",
    [SOURCE_PADDLE] = "paddle",
};
#define NSOURCES UTIL_ARRAY_LEN(SOURCE_NAMES)

const char *field_source_name(enum field_source s)
{
    return (unsigned)s < NSOURCES ? SOURCE_NAMES[s] : "?";
}

const char *field_kind_name(enum field_kind k)
{
    switch (k) {
    case FIELD_TEXT:
        return "text";
    case FIELD_BAND:
        return "band";
    case FIELD_QR:
        return "qr";
    }
    return "?";
}

static bool parse_colour(const char *s, uint32_t *out)
{
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    uint32_t v = 0;
    for (int i = 1; i < 7; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

/* "x, y, w, h" in mm. */
static bool parse_box(const char *s, double v[4])
{
    char buf[128];
    if (strlen(s) >= sizeof(buf))
        return false;
    snprintf(buf, sizeof(buf), "%s", s);
    char *p = buf;
    for (int i = 0; i < 4; i++) {
        char *comma = strchr(p, ',');
        if ((i < 3) != (comma != NULL))
            return false;
        if (comma)
            *comma = '\0';
        while (*p == ' ' || *p == '\t')
            p++;
        if (!util_parse_double(p, 0, 1000, &v[i]))
            return false;
        p = comma ? comma + 1 : p;
    }
    return v[2] > 0 && v[3] > 0;
}

/* "696 x 1109" (die-cut) or "696" (continuous: across only). */
static bool parse_printable(const char *s, int *w, int *h)
{
    char buf[64];
    if (strlen(s) >= sizeof(buf))
        return false;
    snprintf(buf, sizeof(buf), "%s", s);
    char *x = strchr(buf, 'x');
    long a, b = 0;
    if (x)
        *x = '\0';
    if (!util_parse_long(buf, 8, 20000, &a))
        return false;
    if (x) {
        char *q = x + 1;
        while (*q == ' ')
            q++;
        if (!util_parse_long(q, 8, 20000, &b))
            return false;
    }
    *w = (int)a;
    *h = (int)b;
    return true;
}

static int lookup_n(const char *v, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] && strcmp(v, names[i]) == 0)
            return (int)i;
    return -1;
}

/* The index of `v` in the static array `names`, or -1. */
#define lookup(v, names) lookup_n(v, names, UTIL_ARRAY_LEN(names))

/* The keys a section takes, in the order its error message lists them. */
struct key {
    const char *name;
    enum key_index index;
};

static const struct key LABEL_KEYS[] = {
    {"title", KI_TITLE},         {"kind", KI_KIND},     {"media", KI_MEDIA},
    {"width", KI_WIDTH},         {"length", KI_LENGTH}, {"dpi", KI_DPI},
    {"printable", KI_PRINTABLE},
};

/* A field's "kind" shares the bit of [label]'s kind. */
static const struct key FIELD_KEYS[] = {
    {"kind", KI_KIND},   {"source", KI_SOURCE},     {"text", KI_TEXT},
    {"box", KI_BOX},     {"font", KI_FONT},         {"weight", KI_WEIGHT},
    {"size", KI_SIZE},   {"min-size", KI_MIN_SIZE}, {"lines", KI_LINES},
    {"align", KI_ALIGN}, {"valign", KI_VALIGN},     {"colour", KI_COLOUR},
    {"fill", KI_FILL},   {"padding", KI_PADDING},
};

static int find_key(const struct key *keys, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(name, keys[i].name))
            return (int)keys[i].index;
    return -1;
}

static int set_string(struct parser *p, char **slot, const char *value,
                      const char *key)
{
    int l = p->in.line;
    char *v = strdup(value);
    if (!v)
        return refused(p, ck_fail(at(p, l), CK_ENOMEM,
                                  "Out of memory reading %s.", p->name));
    if (!text_clean_field(v) || !*v) {
        free(v);
        /* TRANSLATORS: %s the template's file, %d the line, %s the key
         * (title, font or text; as written in the file). */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: '%s' is empty or has control "
                                  "characters; write it as plain text on "
                                  "one line.",
                                  p->name, l, key));
    }
    free(*slot);
    *slot = v;
    return 1;
}

/* [label]'s kind and media. */
static int label_kind(struct parser *p, unsigned bit, const char *value)
{
    struct template *t = p->t;
    int l = p->in.line;
    if (bit == K_KIND) {
        if (!strcmp(value, "badge"))
            t->kind = TEMPLATE_BADGE;
        else if (!strcmp(value, "ticket"))
            t->kind = TEMPLATE_TICKET;
        else if (!strcmp(value, "paddle"))
            t->kind = TEMPLATE_PADDLE;
        else
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'kind' and its values stay as they are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: kind must be 'badge', "
                                      "'ticket' or 'paddle', not '%s'; fix "
                                      "the template.",
                                      p->name, l, value));
        return 1;
    }
    if (!strcmp(value, "die-cut"))
        t->media.kind = MEDIA_DIE_CUT;
    else if (!strcmp(value, "continuous"))
        t->media.kind = MEDIA_CONTINUOUS;
    else
        /* TRANSLATORS: %s the template's file, %d the line, %s the value
         * written; 'media' and its values stay as they are. */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: media must be 'die-cut' or "
                                  "'continuous', not '%s'; fix the "
                                  "template.",
                                  p->name, l, value));
    return 1;
}

static int label_key(struct parser *p, const char *key, const char *value)
{
    int k = find_key(LABEL_KEYS, UTIL_ARRAY_LEN(LABEL_KEYS), key);
    int l = p->in.line;
    if (k < 0)
        /* TRANSLATORS: %s the template's file, %d the line, %s the key
         * written; the keys listed stay as they are (LABEL_KEYS). */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: [label] has no key '%s'; use one "
                                  "of its keys: title, kind, media, width, "
                                  "length, dpi, printable.",
                                  p->name, l, key));
    unsigned bit = 1u << k;
    if (p->label_keys & bit)
        /* TRANSLATORS: %s the template's file, %d the line, %s the key. */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: '%s' is given twice in [label]; "
                                  "keep one of the two lines.",
                                  p->name, l, key));
    p->label_keys |= bit;
    p->label_key_line[k] = l;
    struct template *t = p->t;
    double d;
    long n;
    switch (bit) {
    case K_TITLE:
        return set_string(p, &t->title, value, key);
    case K_KIND:
    case K_MEDIA:
        return label_kind(p, bit, value);
    case K_WIDTH:
        if (!util_parse_long(value, 6, 300, &n))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'width' stays as it is. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: width must be whole "
                                      "millimetres from 6 to 300, not '%s'; "
                                      "fix the template.",
                                      p->name, l, value));
        t->media.width_mm = (int)n;
        return 1;
    case K_LENGTH:
        if (!util_parse_double(value, 6, 1000, &d))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'length' stays as it is. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: length must be millimetres "
                                      "from 6 to 1000, not '%s'; fix the "
                                      "template.",
                                      p->name, l, value));
        t->length_mm = d;
        return 1;
    case K_DPI:
        if (!util_parse_long(value, 72, 1200, &n))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'dpi' stays as it is. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: dpi must be from 72 to 1200, "
                                      "not '%s'; fix the template.",
                                      p->name, l, value));
        t->dpi = (int)n;
        return 1;
    case K_PRINTABLE:
        if (!parse_printable(value, &p->printable_w, &p->printable_h))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'printable' and the example stay as they
             * are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: printable must be dots across "
                                      "and along, like '696 x 1109' (or "
                                      "only across for continuous media), "
                                      "not '%s'; fix the template.",
                                      p->name, l, value));
        return 1;
    }
    return 1;
}

/* A key of how a field's text looks: its font, weight, sizes and lines. */
static int field_text_look(struct parser *p, struct template_field *f,
                           unsigned bit, const char *key, const char *value)
{
    int l = p->in.line;
    double d;
    long n;
    switch (bit) {
    case K_FONT:
        return set_string(p, &f->font, value, key);
    case K_WEIGHT:
        if (!strcmp(value, "regular") || !strcmp(value, "normal"))
            n = 400;
        else if (!strcmp(value, "bold"))
            n = 700;
        else if (!util_parse_long(value, 100, 900, &n) || n % 100)
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'weight', regular and bold stay as they
             * are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: weight must be regular, bold "
                                      "or 100-900 in steps of 100, not '%s'; "
                                      "fix the template.",
                                      p->name, l, value));
        f->weight = (int)n;
        return 1;
    case K_SIZE:
    case K_MIN_SIZE:
        if (!util_parse_double(value, 2, 300, &d))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * key (size or min-size, as written), %s the value written. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: %s must be points from 2 to "
                                      "300, not '%s'; fix the template.",
                                      p->name, l, key, value));
        if (bit == K_SIZE)
            f->max_pt = d;
        else
            f->min_pt = d;
        return 1;
    case K_LINES:
        if (!util_parse_long(value, 1, 8, &n))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'lines' stays as it is. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: lines must be from 1 to 8, not "
                                      "'%s'; fix the template.",
                                      p->name, l, value));
        f->max_lines = (int)n;
        return 1;
    }
    return 1;
}

/* A key of how a field looks: its colour, a band's fill and padding, and
 * its text's look (field_text_look). */
static int field_look(struct parser *p, struct template_field *f, unsigned bit,
                      const char *key, const char *value)
{
    int l = p->in.line;
    double d;
    switch (bit) {
    case K_COLOUR:
        if (!parse_colour(value, &f->colour))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'colour' and #RRGGBB stay as they are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: colour must be #RRGGBB, not "
                                      "'%s'; fix the template.",
                                      p->name, l, value));
        return 1;
    case K_FILL:
        if (!strcmp(value, "ticket_type")) {
            f->fill_ticket = true;
            return 1;
        }
        f->fill_ticket = false;
        if (!parse_colour(value, &f->fill))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'fill', ticket_type and #RRGGBB stay as they
             * are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: fill must be ticket_type or "
                                      "#RRGGBB, not '%s'; fix the template.",
                                      p->name, l, value));
        return 1;
    case K_PADDING:
        if (!util_parse_double(value, 0, 50, &d))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'padding' stays as it is. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: padding must be millimetres "
                                      "from 0 to 50, not '%s'; fix the "
                                      "template.",
                                      p->name, l, value));
        f->padding_mm = d;
        return 1;
    }
    return field_text_look(p, f, bit, key, value);
}

/* A field's alignment across and down. */
static int field_align(struct parser *p, struct template_field *f, unsigned bit,
                       const char *value)
{
    int l = p->in.line;
    int i;
    if (bit == K_ALIGN) {
        static const char *const A[] = {"start", "center", "end"};
        if ((i = lookup(value, A)) < 0)
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'align' and its values stay as they are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: align must be start, center "
                                      "or end, not '%s'; fix the template.",
                                      p->name, l, value));
        f->align = (enum field_align)i;
        return 1;
    }
    static const char *const V[] = {"top", "middle", "bottom"};
    if ((i = lookup(value, V)) < 0)
        /* TRANSLATORS: %s the template's file, %d the line, %s the value
         * written; 'valign' and its values stay as they are. */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: valign must be top, middle or "
                                  "bottom, not '%s'; fix the template.",
                                  p->name, l, value));
    f->valign = (enum field_valign)i;
    return 1;
}

/* A key of what a field is and where: its kind, source, text, box and
 * alignment; the others are how it looks (field_look). */
static int field_value(struct parser *p, struct template_field *f, unsigned bit,
                       const char *key, const char *value)
{
    int l = p->in.line;
    int i;
    switch (bit) {
    case K_KIND: {
        static const char *const KINDS[] = {"text", "band", "qr"};
        if ((i = lookup(value, KINDS)) < 0)
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'kind' and its values stay as they are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: a field's kind must be text, "
                                      "band or qr, not '%s'; fix the "
                                      "template.",
                                      p->name, l, value));
        f->kind = (enum field_kind)i;
        return 1;
    }
    case K_SOURCE:
        if ((i = lookup(value, SOURCE_NAMES)) < 0)
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * source written; the sources listed stay as they are. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: source '%s' is not known; use "
                                      "badge_name, pronouns, company, "
                                      "ticket_type, event_name, "
                                      "tutorial_title, tutorial_room, "
                                      "tutorial_time, qr, text or none.",
                                      p->name, l, value));
        f->source = (enum field_source)i;
        return 1;
    case K_TEXT:
        return set_string(p, &f->text, value, key);
    case K_BOX: {
        double v[4];
        if (!parse_box(value, v))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * value written; 'box' stays as it is. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: box must be 'x, y, width, "
                                      "height' in millimetres, not '%s'; "
                                      "fix the template.",
                                      p->name, l, value));
        f->x_mm = v[0];
        f->y_mm = v[1];
        f->w_mm = v[2];
        f->h_mm = v[3];
        return 1;
    }
    case K_ALIGN:
    case K_VALIGN:
        return field_align(p, f, bit, value);
    default:
        return field_look(p, f, bit, key, value);
    }
}

static int field_key(struct parser *p, const char *key, const char *value)
{
    struct template_field *f = p->cur;
    size_t fi = (size_t)(f - p->t->fields);
    int k = find_key(FIELD_KEYS, UTIL_ARRAY_LEN(FIELD_KEYS), key);
    int l = p->in.line;
    if (k < 0)
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name, %s the key written; the keys listed stay as they
         * are (FIELD_KEYS). */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: [field %s] has no key '%s'; use "
                                  "one of its keys: kind, source, text, box, "
                                  "font, weight, size, min-size, lines, "
                                  "align, valign, colour, fill, padding.",
                                  p->name, l, f->name, key));
    unsigned bit = 1u << k;
    if (p->field_keys[fi] & bit)
        /* TRANSLATORS: %s the template's file, %d the line, %s the key,
         * %s the field's name. */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: '%s' is given twice in [field %s]; "
                                  "keep one of the two lines.",
                                  p->name, l, key, f->name));
    p->field_keys[fi] |= bit;
    p->key_line[fi][k] = l;
    return field_value(p, f, bit, key, value);
}

static int handler(void *user, const char *section, const char *key,
                   const char *value)
{
    struct parser *p = user;
    (void)section; /* the reader has seen the header and set p->cur */
    if (p->stop)
        return 0;
    if (p->in_label)
        return label_key(p, key, value);
    if (p->cur)
        return field_key(p, key, value);
    /* TRANSLATORS: %s the template's file, %d the line, %s the key. */
    return refused(p, ck_fail(at(p, p->in.line), CK_EINVAL,
                              "%s:%d: '%s' comes before any section; start "
                              "the template with [label].",
                              p->name, p->in.line, key));
}

static bool valid_field_name(const char *s, size_t n)
{
    if (n == 0 || n >= sizeof(((struct template_field *)0)->name))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '-' || s[i] == '_'))
            return false;
    return true;
}

/* A [field NAME] header at line `l`: a new field, unless its name is
 * taken or there is no room for it. */
static int field_header(struct parser *p, const char *fname, size_t fn, int l)
{
    struct template *t = p->t;
    if (!valid_field_name(fname, fn))
        /* TRANSLATORS: %s the template's file, %d the line. */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: a field's name is 1 to 31 of a-z, "
                                  "0-9, '-' and '_'; rename the field.",
                                  p->name, l));
    for (size_t i = 0; i < t->nfields; i++)
        if (strlen(t->fields[i].name) == fn &&
            !memcmp(t->fields[i].name, fname, fn))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * field's name, %d the line it was first given on. */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: [field %s] is given twice "
                                      "(first on line %d); give each field "
                                      "its own name.",
                                      p->name, l, t->fields[i].name,
                                      t->fields[i].line));
    if (t->nfields == TEMPLATE_MAX_FIELDS)
        /* TRANSLATORS: %s the template's file, %d the line, %d the most
         * fields a template may have. */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: a template has at most %d fields; "
                                  "remove the ones it does not need.",
                                  p->name, l, TEMPLATE_MAX_FIELDS));
    struct template_field *f = &t->fields[t->nfields++];
    memset(f, 0, sizeof(*f));
    memcpy(f->name, fname, fn);
    f->name[fn] = '\0';
    f->line = l;
    f->weight = 400;
    f->max_lines = 1;
    f->align = ALIGN_CENTER;
    f->valign = VALIGN_MIDDLE;
    p->cur = f;
    return 1;
}

static void section_header(struct parser *p, const char *s)
{
    const char *close = strchr(s, ']');
    if (!close)
        return; /* libinih reports it as a bad line */
    const char *name = s + 1;
    size_t n = (size_t)(close - name);
    int l = p->in.line;
    p->in_label = false;
    p->cur = NULL;
    if (n == 5 && !memcmp(name, "label", 5)) {
        if (p->have_label) {
            /* TRANSLATORS: %s the template's file, %d the line, %d the
             * line of the first [label]. */
            refused(p, ck_fail(at(p, l), CK_EINVAL,
                               "%s:%d: [label] is given twice (first on "
                               "line %d); keep one [label] section.",
                               p->name, l, p->label_line));
            return;
        }
        p->have_label = true;
        p->label_line = l;
        p->in_label = true;
        return;
    }
    if (n > 6 && !memcmp(name, "field ", 6)) {
        field_header(p, name + 6, n - 6, l);
        return;
    }
    /* TRANSLATORS: %s the template's file, %d the line, %.*s the
     * section's name as written (keep the .* of %.*s); [label] and
     * [field NAME] stay as they are. */
    refused(p, ck_fail(at(p, l), CK_EINVAL,
                       "%s:%d: unknown section [%.*s]; a template has "
                       "only [label] and [field NAME] sections.",
                       p->name, l, (int)(n > 40 ? 40 : n), name));
}

/* libinih's line reader over the text in memory: counts lines, refuses
 * lines longer than libinih's buffer (it would split them silently) and
 * notes section headers, since the handler never sees empty sections. */
static char *read_line(char *buf, int cap, void *user)
{
    struct parser *p = user;
    if (p->stop || !p->in.file || !util_ini_gets(buf, cap, &p->in))
        return NULL;
    /* A line must fit whole, newline included, with a byte to spare. */
    if (strlen(buf) >= (size_t)cap - 1) {
        bool counted = strchr(buf, '\n') || feof(p->in.file);
        int l = p->in.line + !counted;
        /* TRANSLATORS: %s the template's file, %d the line, %d the most
         * bytes a line may have. */
        refused(p, ck_fail(at(p, l), CK_EINVAL,
                           "%s:%d: the line is longer than %d bytes; make "
                           "it shorter.",
                           p->name, l, cap - 2));
        return NULL;
    }
    const char *s = buf;
    if (p->in.line == 1 && !memcmp(s, "\xEF\xBB\xBF", 3))
        s += 3;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '[')
        section_header(p, s);
    return buf;
}

/* Millimetres to dots at `dpi`, rounded. */
static int mm_dots(double mm, int dpi)
{
    return (int)lround(mm * dpi / 25.4);
}

/* The printable area [label] gives (on line `pl`), and the height its
 * media give: die-cut labels are whole millimetres and give both. */
static int check_printable(struct parser *p, int pl)
{
    struct template *t = p->t;
    int full_w = mm_dots(t->media.width_mm, t->dpi);
    int full_h = mm_dots(t->length_mm, t->dpi);
    t->media.length_mm = 0;
    if (t->media.kind == MEDIA_DIE_CUT) {
        int ll = p->label_key_line[KI_LENGTH];
        if (t->length_mm != floor(t->length_mm))
            /* TRANSLATORS: %s the template's file, %d the line;
             * 'length = 100' stays as it is. */
            return refused(p, ck_fail(at(p, ll), CK_EINVAL,
                                      "%s:%d: a die-cut label's length is "
                                      "whole millimetres; write it like "
                                      "'length = 100'.",
                                      p->name, ll));
        t->media.length_mm = (int)t->length_mm;
        if (!p->printable_h)
            /* TRANSLATORS: %s the template's file, %d the line; the
             * example stays as it is. */
            return refused(p, ck_fail(at(p, pl), CK_EINVAL,
                                      "%s:%d: die-cut media need the "
                                      "printable length too; write it like "
                                      "'printable = 696 x 1109'.",
                                      p->name, pl));
        t->height_dots = p->printable_h;
    } else {
        if (p->printable_h)
            /* TRANSLATORS: %s the template's file, %d the line; the
             * example stays as it is. */
            return refused(p, ck_fail(at(p, pl), CK_EINVAL,
                                      "%s:%d: continuous media print the "
                                      "whole length; give only the dots "
                                      "across, like 'printable = 696'.",
                                      p->name, pl));
        t->height_dots = full_h;
    }
    t->width_dots = p->printable_w;
    if (t->width_dots > full_w || t->height_dots > full_h)
        /* TRANSLATORS: %s the template's file, %d the line, %d x %d the
         * printable area in dots, %d x %d the label's size in dots, %d
         * the dots per inch. */
        return refused(p, ck_fail(at(p, pl), CK_EINVAL,
                                  "%s:%d: the printable area %d x %d dots "
                                  "is larger than the label (%d x %d dots "
                                  "at %d dpi); make printable smaller or "
                                  "the label larger.",
                                  p->name, pl, t->width_dots, t->height_dots,
                                  full_w, full_h, t->dpi));
    return 1;
}

/* The [label] section: its required keys, and the printable area and
 * height the media give; a template with no title takes its name. */
static int check_label(struct parser *p)
{
    struct template *t = p->t;
    static const struct {
        unsigned bit;
        const char *key, *example;
    } REQUIRED[] = {
        {K_KIND, "kind", "kind = badge"},
        {K_MEDIA, "media", "media = die-cut"},
        {K_WIDTH, "width", "width = 62"},
        {K_LENGTH, "length", "length = 100"},
        {K_DPI, "dpi", "dpi = 300"},
        {K_PRINTABLE, "printable", "printable = 696 x 1109"},
    };
    int l = p->label_line;
    for (size_t i = 0; i < UTIL_ARRAY_LEN(REQUIRED); i++)
        if (!(p->label_keys & REQUIRED[i].bit))
            /* TRANSLATORS: %s the template's file, %d the line of
             * [label], %s the key it lacks, %s an example line (both
             * stay as they are). */
            return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                      "%s:%d: [label] needs '%s'; add a "
                                      "line like '%s'.",
                                      p->name, l, REQUIRED[i].key,
                                      REQUIRED[i].example));
    if (!check_printable(p, p->label_key_line[KI_PRINTABLE]))
        return 0;
    if (!t->title && !(t->title = strdup(t->name)))
        return refused(p, ck_fail(at(p, l), CK_ENOMEM,
                                  "Out of memory reading %s.", p->name));
    return 1;
}

/* [field NAME] number `i`'s kind, box and source: the keys its kind
 * needs, its box inside the printable area, and a source that goes with
 * its kind and the template's. */
static int check_field_source(struct parser *p, size_t i)
{
    struct template *t = p->t;
    struct template_field *f = &t->fields[i];
    unsigned keys = p->field_keys[i];
    int *kl = p->key_line[i];
    int fl = f->line;
    int sl = kl[KI_SOURCE] ? kl[KI_SOURCE] : fl;
    if (!(keys & K_KIND))
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name; 'kind' and its values stay as they are. */
        return refused(p, ck_fail(at(p, fl), CK_EINVAL,
                                  "%s:%d: [field %s] needs a kind; add "
                                  "'kind = text', 'kind = band' or "
                                  "'kind = qr'.",
                                  p->name, fl, f->name));
    if (!(keys & K_BOX))
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name; the box line stays as it is. */
        return refused(p, ck_fail(at(p, fl), CK_EINVAL,
                                  "%s:%d: [field %s] needs a box; add 'box = "
                                  "x, y, width, height' in millimetres.",
                                  p->name, fl, f->name));
    double area_w = t->width_dots * 25.4 / t->dpi;
    double area_h = t->height_dots * 25.4 / t->dpi;
    /* Half a dot of slack for rounding in the file's millimetres. */
    double slack = 12.7 / t->dpi;
    if (f->x_mm + f->w_mm > area_w + slack ||
        f->y_mm + f->h_mm > area_h + slack)
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name, %.1f x %.1f the printable area in millimetres. */
        return refused(p,
                       ck_fail(at(p, kl[KI_BOX]), CK_EINVAL,
                               "%s:%d: the box of [field %s] reaches past "
                               "the printable area of %.1f x %.1f mm; "
                               "make it smaller or move it.",
                               p->name, kl[KI_BOX], f->name, area_w, area_h));
    if (f->kind != FIELD_BAND && !(keys & K_SOURCE))
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name; the example stays as it is. */
        return refused(p, ck_fail(at(p, fl), CK_EINVAL,
                                  "%s:%d: [field %s] needs a source; add a "
                                  "line like 'source = badge_name'.",
                                  p->name, fl, f->name));
    if ((f->kind == FIELD_QR) != (f->source == SOURCE_QR))
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name; 'source = qr' and 'kind = qr' stay as they are. */
        return refused(p, ck_fail(at(p, sl), CK_EINVAL,
                                  "%s:%d: [field %s]: only a field of "
                                  "kind = qr has source = qr, and it has no "
                                  "other source; fix the template.",
                                  p->name, sl, f->name));
    if (f->kind == FIELD_TEXT && f->source == SOURCE_NONE)
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name; the example stays as it is. */
        return refused(p, ck_fail(at(p, sl), CK_EINVAL,
                                  "%s:%d: [field %s]: a text field needs a "
                                  "source other than none, like 'source = "
                                  "badge_name'.",
                                  p->name, sl, f->name));
    int tl = f->text ? kl[KI_TEXT] : fl;
    if ((f->source == SOURCE_LITERAL) != (f->text != NULL))
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name; 'text' and 'source = text' stay as they are. */
        return refused(p, ck_fail(at(p, tl), CK_EINVAL,
                                  "%s:%d: [field %s]: 'text' goes with "
                                  "source = text, and source = text needs "
                                  "'text'; fix the template.",
                                  p->name, tl, f->name));
    return 1;
}

/* [field NAME] number `i`'s source against the template's kind: a
 * tutorial is a ticket's, a paddle number a paddle's, a QR code a badge's
 * or a ticket's. */
static int check_field_kind(struct parser *p, size_t i)
{
    struct template *t = p->t;
    struct template_field *f = &t->fields[i];
    int sl = p->key_line[i][KI_SOURCE];
    const char *src = field_source_name(f->source);
    bool tutorial = f->source == SOURCE_TUTORIAL_TITLE ||
                    f->source == SOURCE_TUTORIAL_ROOM ||
                    f->source == SOURCE_TUTORIAL_TIME;
    if (tutorial && t->kind == TEMPLATE_BADGE)
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name, %s the source (tutorial_title, tutorial_room or
         * tutorial_time). */
        return refused(p, ck_fail(at(p, sl), CK_EINVAL,
                                  "%s:%d: [field %s]: a badge has no "
                                  "tutorial; use a ticket template "
                                  "(kind = ticket) for %s.",
                                  p->name, sl, f->name, src));
    if (tutorial && t->kind == TEMPLATE_PADDLE)
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name, %s the source (tutorial_title, tutorial_room or
         * tutorial_time). */
        return refused(p, ck_fail(at(p, sl), CK_EINVAL,
                                  "%s:%d: [field %s]: a paddle has no "
                                  "tutorial; use a ticket template "
                                  "(kind = ticket) for %s.",
                                  p->name, sl, f->name, src));
    if (f->source == SOURCE_PADDLE && t->kind != TEMPLATE_PADDLE)
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name. */
        return refused(p, ck_fail(at(p, sl), CK_EINVAL,
                                  "%s:%d: [field %s]: source = paddle is for "
                                  "a paddle (kind = paddle); remove the "
                                  "field or make the template a paddle.",
                                  p->name, sl, f->name));
    if (f->source == SOURCE_QR && t->kind == TEMPLATE_PADDLE)
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name. */
        return refused(p, ck_fail(at(p, sl), CK_EINVAL,
                                  "%s:%d: [field %s]: source = qr is for a "
                                  "badge or a ticket, and a paddle has no "
                                  "QR code; remove the field.",
                                  p->name, sl, f->name));
    return 1;
}

/* [field NAME] number `i`'s look: the keys its kind takes, a band's
 * padding, a text's sizes, and the defaults of the keys left out. */
static int check_field_look(struct parser *p, size_t i)
{
    struct template_field *f = &p->t->fields[i];
    unsigned keys = p->field_keys[i];
    int *kl = p->key_line[i];
    unsigned text_keys =
        K_FONT | K_WEIGHT | K_SIZE | K_MIN_SIZE | K_LINES | K_COLOUR;
    if (f->kind == FIELD_QR && (keys & (text_keys | K_FILL | K_PADDING))) {
        for (int b = 0; b < NKEYS; b++)
            if (keys & (text_keys | K_FILL | K_PADDING) & (1u << b))
                /* TRANSLATORS: %s the template's file, %d the line, %s
                 * the field's name; the keys stay as they are. */
                return refused(p, ck_fail(at(p, kl[b]), CK_EINVAL,
                                          "%s:%d: [field %s]: a qr field "
                                          "takes only source, box, align "
                                          "and valign; remove the line.",
                                          p->name, kl[b], f->name));
    }
    int fpl = kl[keys & K_FILL ? KI_FILL : KI_PADDING];
    if (f->kind == FIELD_TEXT && (keys & (K_FILL | K_PADDING)))
        /* TRANSLATORS: %s the template's file, %d the line, %s the
         * field's name; fill, padding and 'kind = band' stay as they
         * are. */
        return refused(p, ck_fail(at(p, fpl), CK_EINVAL,
                                  "%s:%d: [field %s]: fill and padding are "
                                  "for bands; remove the line or make the "
                                  "field 'kind = band'.",
                                  p->name, fpl, f->name));
    if (f->kind == FIELD_BAND) {
        if (!(keys & K_FILL))
            f->fill_ticket = true;
        if (!(keys & K_COLOUR))
            f->colour = 0xFFFFFF;
        if (!(keys & K_PADDING))
            f->padding_mm = 1.0;
        /* The padding's line, or the box's when the padding is the
         * default. */
        int pl = kl[KI_PADDING] ? kl[KI_PADDING] : kl[KI_BOX];
        if (2 * f->padding_mm >= f->w_mm || 2 * f->padding_mm >= f->h_mm)
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * field's name. */
            return refused(p, ck_fail(at(p, pl), CK_EINVAL,
                                      "%s:%d: [field %s]: the padding "
                                      "leaves no room for text; make the "
                                      "padding smaller or the box larger.",
                                      p->name, pl, f->name));
    }
    if (f->kind != FIELD_QR && f->source != SOURCE_NONE) {
        if (!(keys & K_SIZE))
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * field's name; the example stays as it is. */
            return refused(p, ck_fail(at(p, f->line), CK_EINVAL,
                                      "%s:%d: [field %s] needs 'size', its "
                                      "largest text size in points; add a "
                                      "line like 'size = 24'.",
                                      p->name, f->line, f->name));
        if (!(keys & K_MIN_SIZE))
            f->min_pt = f->max_pt;
        if (f->min_pt > f->max_pt)
            /* TRANSLATORS: %s the template's file, %d the line, %s the
             * field's name, %.1f min-size, %.1f size (in points). */
            return refused(p, ck_fail(at(p, kl[KI_MIN_SIZE]), CK_EINVAL,
                                      "%s:%d: [field %s]: min-size %.1f is "
                                      "larger than size %.1f; make min-size "
                                      "no larger than size.",
                                      p->name, kl[KI_MIN_SIZE], f->name,
                                      f->min_pt, f->max_pt));
        /* untranslated: a font family's name, as fontconfig knows it */
        if (!f->font && !(f->font = strdup("Noto Sans")))
            return refused(p, ck_fail(at(p, f->line), CK_ENOMEM,
                                      "Out of memory reading %s.", p->name));
    }
    return 1;
}

static int check(struct parser *p)
{
    struct template *t = p->t;
    if (!p->have_label)
        /* TRANSLATORS: %s the template's file, %d the line. */
        return refused(p, ck_fail(at(p, 1), CK_EINVAL,
                                  "%s:%d: there is no [label] section; start "
                                  "the template with [label].",
                                  p->name, 1));
    if (!check_label(p))
        return 0;
    int l = p->in.line ? p->in.line : 1;
    if (t->nfields == 0)
        /* TRANSLATORS: %s the template's file, %d the line; [field NAME]
         * stays as it is. */
        return refused(p, ck_fail(at(p, l), CK_EINVAL,
                                  "%s:%d: the template has no [field NAME] "
                                  "sections; add one for each thing the "
                                  "label prints.",
                                  p->name, l));
    for (size_t i = 0; i < t->nfields; i++)
        if (!check_field_source(p, i) || !check_field_kind(p, i) ||
            !check_field_look(p, i))
            return 0;
    return 1;
}

void template_free(struct template *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nfields; i++) {
        free(t->fields[i].text);
        free(t->fields[i].font);
    }
    free(t->fields);
    free(t->name);
    free(t->path);
    free(t->title);
    memset(t, 0, sizeof(*t));
}

/* The template's name from a path: the file name without ".ini". */
static char *stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t n = strlen(b);
    if (n > 4 && !strcmp(b + n - 4, ".ini"))
        n -= 4;
    return strndup(b, n);
}

int template_parse(const char *name, const char *text, size_t len,
                   struct template *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (len > TEMPLATE_MAX_BYTES)
        return ck_fail(err, CK_EINVAL,
                       "%s: a label template is at most %d bytes; this one "
                       "has %zu.",
                       name, TEMPLATE_MAX_BYTES, len);
    if (!text_valid_utf8(text, len))
        return ck_fail(err, CK_EINVAL,
                       "%s: not UTF-8 text (or has NUL bytes); save it as "
                       "UTF-8.",
                       name);
    struct parser *p = calloc(1, sizeof(*p));
    out->fields = calloc(TEMPLATE_MAX_FIELDS, sizeof(*out->fields));
    out->name = stem(name);
    out->path = strdup(name);
    if (!p || !out->fields || !out->name || !out->path) {
        free(p);
        template_free(out);
        return ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", name);
    }
    p->name = name;
    p->err = err;
    p->t = out;
    int code = CK_OK;
    /* Read-only: fmemopen does not write to the text. */
    p->in.file = len ? fmemopen((void *)text, len, "r") : NULL;
    if (len && !p->in.file) {
        code = ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", name);
        goto out;
    }
    int rc = ini_parse_stream(read_line, p, handler, p);
    if (rc == -2) {
        code = ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", name);
        goto out;
    }
    if (!p->stop && rc > 0)
        /* TRANSLATORS: %s the template's file, %d the line; what to
         * write stays as it is. */
        refused(p, ck_fail(at(p, rc), CK_EINVAL,
                           "%s:%d: this is not a valid line; write "
                           "'key = value', '[label]' or '[field NAME]'.",
                           name, rc));
    if (!p->stop)
        check(p);
    if (p->stop)
        code = p->code;
out:
    if (p->in.file)
        fclose(p->in.file);
    free(p);
    if (code)
        template_free(out);
    return code;
}

int template_load(const char *path, struct template *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    FILE *f = fopen(path, "rb");
    if (!f)
        return ck_fail(err, CK_ENOTFOUND,
                       "Cannot read the label template %s: %s.", path,
                       strerror(errno));
    char *buf = malloc(TEMPLATE_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        return ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", path);
    }
    size_t n = fread(buf, 1, TEMPLATE_MAX_BYTES + 1, f);
    int code = ferror(f) ? ck_fail(err, CK_EIO,
                                   "Cannot read the label template %s.", path)
                         : template_parse(path, buf, n, out, err);
    fclose(f);
    free(buf);
    return code;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "a, b, c" of the templates in `dir`, into `out`. */
static void list_templates(const char *dir, char *out, size_t cap)
{
    out[0] = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".ini") &&
            e->d_name[0] != '.')
            if ((names[n] = strndup(e->d_name, len - 4)))
                n++;
    }
    closedir(d);
    qsort(names, n, sizeof(names[0]), cmp_str);
    size_t used = 0;
    for (size_t i = 0; i < n; i++) {
        if (used < cap)
            used += (size_t)snprintf(out + used, cap - used, "%s%s",
                                     i ? ", " : "", names[i]);
        free(names[i]);
    }
}

int template_find(const char *dir, const char *name, struct template *out,
                  struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    size_t n = strlen(name);
    if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".ini")))
        return template_load(name, out, err);
    if (!valid_field_name(name, n))
        return ck_fail(err, CK_EINVAL,
                       "'%s' is not a template name; names are like "
                       "badge-62x100, or give a path to an .ini file.",
                       name);
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.ini", dir, name);
    FILE *f = fopen(path, "rb");
    if (f) {
        fclose(f);
        return template_load(path, out, err);
    }
    char names[1024];
    list_templates(dir, names, sizeof(names));
    return ck_fail(err, CK_ENOTFOUND,
                   "There is no label template '%s' in %s; the templates "
                   "are: %s.",
                   name, dir, names[0] ? names : "none");
}

const struct template_field *template_field_by_source(const struct template *t,
                                                      enum field_source source)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (t->fields[i].source == source)
            return &t->fields[i];
    return NULL;
}
