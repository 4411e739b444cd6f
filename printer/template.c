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
    int err_line;
    char err_msg[300];
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

static int fail_line(struct parser *p, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_line(struct parser *p, int line, const char *fmt, ...)
{
    if (!p->err_line) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err_msg, sizeof(p->err_msg), fmt, ap);
        va_end(ap);
        p->err_line = line;
    }
    p->stop = true;
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

/* "a, b and c": the names of `keys`, for an error message. */
static const char *key_names(const struct key *keys, size_t n, char *out,
                             size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s",
                                i == 0       ? ""
                                : i + 1 == n ? " and "
                                             : ", ",
                                keys[i].name);
    return out;
}

static int set_string(struct parser *p, char **slot, const char *value,
                      const char *key)
{
    char *v = strdup(value);
    if (!v)
        return fail_line(p, p->in.line, "out of memory");
    if (!text_clean_field(v) || !*v) {
        free(v);
        return fail_line(p, p->in.line,
                         "'%s' is empty or has control characters", key);
    }
    free(*slot);
    *slot = v;
    return 1;
}

static int label_key(struct parser *p, const char *key, const char *value)
{
    int k = find_key(LABEL_KEYS, UTIL_ARRAY_LEN(LABEL_KEYS), key);
    char names[256];
    if (k < 0)
        return fail_line(p, p->in.line,
                         "[label] has no key '%s'; the keys are %s", key,
                         key_names(LABEL_KEYS, UTIL_ARRAY_LEN(LABEL_KEYS),
                                   names, sizeof(names)));
    unsigned bit = 1u << k;
    if (p->label_keys & bit)
        return fail_line(p, p->in.line, "'%s' is given twice in [label]", key);
    p->label_keys |= bit;
    p->label_key_line[k] = p->in.line;
    struct template *t = p->t;
    double d;
    long n;
    switch (bit) {
    case K_TITLE:
        return set_string(p, &t->title, value, key);
    case K_KIND:
        if (!strcmp(value, "badge"))
            t->kind = TEMPLATE_BADGE;
        else if (!strcmp(value, "ticket"))
            t->kind = TEMPLATE_TICKET;
        else if (!strcmp(value, "paddle"))
            t->kind = TEMPLATE_PADDLE;
        else
            return fail_line(p, p->in.line,
                             "kind must be 'badge', 'ticket' or 'paddle', "
                             "not '%s'",
                             value);
        return 1;
    case K_MEDIA:
        if (!strcmp(value, "die-cut"))
            t->media.kind = MEDIA_DIE_CUT;
        else if (!strcmp(value, "continuous"))
            t->media.kind = MEDIA_CONTINUOUS;
        else
            return fail_line(p, p->in.line,
                             "media must be 'die-cut' or 'continuous', not "
                             "'%s'",
                             value);
        return 1;
    case K_WIDTH:
        if (!util_parse_long(value, 6, 300, &n))
            return fail_line(p, p->in.line,
                             "width must be whole millimetres from 6 to 300, "
                             "not '%s'",
                             value);
        t->media.width_mm = (int)n;
        return 1;
    case K_LENGTH:
        if (!util_parse_double(value, 6, 1000, &d))
            return fail_line(p, p->in.line,
                             "length must be millimetres from 6 to 1000, not "
                             "'%s'",
                             value);
        t->length_mm = d;
        return 1;
    case K_DPI:
        if (!util_parse_long(value, 72, 1200, &n))
            return fail_line(p, p->in.line,
                             "dpi must be from 72 to 1200, not '%s'", value);
        t->dpi = (int)n;
        return 1;
    case K_PRINTABLE:
        if (!parse_printable(value, &p->printable_w, &p->printable_h))
            return fail_line(p, p->in.line,
                             "printable must be dots across and along, like "
                             "'696 x 1109' (or only across for continuous "
                             "media), not '%s'",
                             value);
        return 1;
    }
    return 1;
}

/* A key of how a field's text looks: its font, weight, sizes, lines,
 * colour, and a band's fill and padding. */
static int field_look(struct parser *p, struct template_field *f, unsigned bit,
                      const char *key, const char *value)
{
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
            return fail_line(p, p->in.line,
                             "weight must be regular, bold or 100-900 in "
                             "steps of 100, not '%s'",
                             value);
        f->weight = (int)n;
        return 1;
    case K_SIZE:
    case K_MIN_SIZE:
        if (!util_parse_double(value, 2, 300, &d))
            return fail_line(p, p->in.line,
                             "%s must be points from 2 to 300, not '%s'", key,
                             value);
        if (bit == K_SIZE)
            f->max_pt = d;
        else
            f->min_pt = d;
        return 1;
    case K_LINES:
        if (!util_parse_long(value, 1, 8, &n))
            return fail_line(p, p->in.line,
                             "lines must be from 1 to 8, not '%s'", value);
        f->max_lines = (int)n;
        return 1;
    case K_COLOUR:
        if (!parse_colour(value, &f->colour))
            return fail_line(p, p->in.line, "colour must be #RRGGBB, not '%s'",
                             value);
        return 1;
    case K_FILL:
        if (!strcmp(value, "ticket_type")) {
            f->fill_ticket = true;
            return 1;
        }
        f->fill_ticket = false;
        if (!parse_colour(value, &f->fill))
            return fail_line(p, p->in.line,
                             "fill must be ticket_type or #RRGGBB, not '%s'",
                             value);
        return 1;
    case K_PADDING:
        if (!util_parse_double(value, 0, 50, &d))
            return fail_line(p, p->in.line,
                             "padding must be millimetres from 0 to 50, not "
                             "'%s'",
                             value);
        f->padding_mm = d;
        return 1;
    }
    return 1;
}

/* A key of what a field is and where: its kind, source, text, box and
 * alignment; the others are how it looks (field_look). */
static int field_value(struct parser *p, struct template_field *f, unsigned bit,
                       const char *key, const char *value)
{
    int i;
    switch (bit) {
    case K_KIND: {
        static const char *const KINDS[] = {"text", "band", "qr"};
        if ((i = lookup(value, KINDS)) < 0)
            return fail_line(p, p->in.line,
                             "kind must be text, band or qr, not '%s'", value);
        f->kind = (enum field_kind)i;
        return 1;
    }
    case K_SOURCE:
        if ((i = lookup(value, SOURCE_NAMES)) < 0)
            return fail_line(p, p->in.line,
                             "source '%s' is not known; use badge_name, "
                             "pronouns, company, ticket_type, event_name, "
                             "tutorial_title, tutorial_room, tutorial_time, "
                             "qr, text or none",
                             value);
        f->source = (enum field_source)i;
        return 1;
    case K_TEXT:
        return set_string(p, &f->text, value, key);
    case K_BOX: {
        double v[4];
        if (!parse_box(value, v))
            return fail_line(p, p->in.line,
                             "box must be 'x, y, width, height' in "
                             "millimetres, not '%s'",
                             value);
        f->x_mm = v[0];
        f->y_mm = v[1];
        f->w_mm = v[2];
        f->h_mm = v[3];
        return 1;
    }
    case K_ALIGN: {
        static const char *const A[] = {"start", "center", "end"};
        if ((i = lookup(value, A)) < 0)
            return fail_line(p, p->in.line,
                             "align must be start, center or end, not '%s'",
                             value);
        f->align = (enum field_align)i;
        return 1;
    }
    case K_VALIGN: {
        static const char *const A[] = {"top", "middle", "bottom"};
        if ((i = lookup(value, A)) < 0)
            return fail_line(p, p->in.line,
                             "valign must be top, middle or bottom, not '%s'",
                             value);
        f->valign = (enum field_valign)i;
        return 1;
    }
    default:
        return field_look(p, f, bit, key, value);
    }
}

static int field_key(struct parser *p, const char *key, const char *value)
{
    struct template_field *f = p->cur;
    size_t fi = (size_t)(f - p->t->fields);
    int k = find_key(FIELD_KEYS, UTIL_ARRAY_LEN(FIELD_KEYS), key);
    char names[256];
    if (k < 0)
        return fail_line(p, p->in.line,
                         "[field %s] has no key '%s'; the keys are %s", f->name,
                         key,
                         key_names(FIELD_KEYS, UTIL_ARRAY_LEN(FIELD_KEYS),
                                   names, sizeof(names)));
    unsigned bit = 1u << k;
    if (p->field_keys[fi] & bit)
        return fail_line(p, p->in.line, "'%s' is given twice in [field %s]",
                         key, f->name);
    p->field_keys[fi] |= bit;
    p->key_line[fi][k] = p->in.line;
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
    return fail_line(p, p->in.line,
                     "'%s' comes before any section; start with [label]", key);
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

static void section_header(struct parser *p, const char *s)
{
    const char *close = strchr(s, ']');
    if (!close)
        return; /* libinih reports it as a bad line */
    const char *name = s + 1;
    size_t n = (size_t)(close - name);
    p->in_label = false;
    p->cur = NULL;
    if (n == 5 && !memcmp(name, "label", 5)) {
        if (p->have_label) {
            fail_line(p, p->in.line,
                      "[label] is given twice (first on line %d)",
                      p->label_line);
            return;
        }
        p->have_label = true;
        p->label_line = p->in.line;
        p->in_label = true;
        return;
    }
    if (n > 6 && !memcmp(name, "field ", 6)) {
        const char *fname = name + 6;
        size_t fn = n - 6;
        if (!valid_field_name(fname, fn)) {
            fail_line(p, p->in.line,
                      "field names are 1-31 of a-z, 0-9, '-' and '_'");
            return;
        }
        struct template *t = p->t;
        for (size_t i = 0; i < t->nfields; i++)
            if (strlen(t->fields[i].name) == fn &&
                !memcmp(t->fields[i].name, fname, fn)) {
                fail_line(p, p->in.line,
                          "[field %s] is given twice (first on line %d)",
                          t->fields[i].name, t->fields[i].line);
                return;
            }
        if (t->nfields == TEMPLATE_MAX_FIELDS) {
            fail_line(p, p->in.line, "a template has at most %d fields",
                      TEMPLATE_MAX_FIELDS);
            return;
        }
        struct template_field *f = &t->fields[t->nfields++];
        memset(f, 0, sizeof(*f));
        memcpy(f->name, fname, fn);
        f->name[fn] = '\0';
        f->line = p->in.line;
        f->weight = 400;
        f->max_lines = 1;
        f->align = ALIGN_CENTER;
        f->valign = VALIGN_MIDDLE;
        p->cur = f;
        return;
    }
    fail_line(p, p->in.line,
              "unknown section [%.*s]; a template has [label] and "
              "[field NAME] sections",
              (int)(n > 40 ? 40 : n), name);
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
        fail_line(p, p->in.line + !counted, "the line is longer than %d bytes",
                  cap - 2);
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
    for (size_t i = 0; i < UTIL_ARRAY_LEN(REQUIRED); i++)
        if (!(p->label_keys & REQUIRED[i].bit))
            return fail_line(p, p->label_line, "[label] needs '%s', like '%s'",
                             REQUIRED[i].key, REQUIRED[i].example);
    int pl = p->label_key_line[KI_PRINTABLE];
    int full_w = mm_dots(t->media.width_mm, t->dpi);
    int full_h = mm_dots(t->length_mm, t->dpi);
    t->media.length_mm = 0;
    if (t->media.kind == MEDIA_DIE_CUT) {
        if (t->length_mm != floor(t->length_mm))
            return fail_line(p, p->label_key_line[KI_LENGTH],
                             "a die-cut label's length is whole millimetres");
        t->media.length_mm = (int)t->length_mm;
        if (!p->printable_h)
            return fail_line(p, pl,
                             "die-cut media need the printable length too, "
                             "like 'printable = 696 x 1109'");
        t->height_dots = p->printable_h;
    } else {
        if (p->printable_h)
            return fail_line(p, pl,
                             "continuous media print the whole length; give "
                             "only the dots across, like 'printable = 696'");
        t->height_dots = full_h;
    }
    t->width_dots = p->printable_w;
    if (t->width_dots > full_w || t->height_dots > full_h)
        return fail_line(p, pl,
                         "the printable area %d x %d dots is larger than the "
                         "label (%d x %d dots at %d dpi)",
                         t->width_dots, t->height_dots, full_w, full_h, t->dpi);
    if (!t->title && !(t->title = strdup(t->name)))
        return fail_line(p, p->label_line, "out of memory");
    return 1;
}

/* [field NAME] number `i`: the keys its kind needs and takes, its box
 * inside the printable area, and the defaults of the keys left out. */
static int check_field(struct parser *p, size_t i)
{
    struct template *t = p->t;
    struct template_field *f = &t->fields[i];
    unsigned keys = p->field_keys[i];
    int *kl = p->key_line[i];
    if (!(keys & K_KIND))
        return fail_line(p, f->line,
                         "[field %s] needs 'kind' (text, band or qr)", f->name);
    if (!(keys & K_BOX))
        return fail_line(p, f->line,
                         "[field %s] needs 'box = x, y, width, height' in "
                         "millimetres",
                         f->name);
    double area_w = t->width_dots * 25.4 / t->dpi;
    double area_h = t->height_dots * 25.4 / t->dpi;
    /* Half a dot of slack for rounding in the file's millimetres. */
    double slack = 12.7 / t->dpi;
    if (f->x_mm + f->w_mm > area_w + slack ||
        f->y_mm + f->h_mm > area_h + slack)
        return fail_line(p, kl[KI_BOX],
                         "the box of [field %s] reaches past the "
                         "printable area of %.1f x %.1f mm",
                         f->name, area_w, area_h);
    if (f->kind != FIELD_BAND && !(keys & K_SOURCE))
        return fail_line(p, f->line, "[field %s] needs 'source'", f->name);
    if ((f->kind == FIELD_QR) != (f->source == SOURCE_QR))
        return fail_line(p, kl[KI_SOURCE] ? kl[KI_SOURCE] : f->line,
                         "[field %s]: only a qr field has source = qr, "
                         "and a qr field has no other source",
                         f->name);
    if (f->kind == FIELD_TEXT && f->source == SOURCE_NONE)
        return fail_line(p, kl[KI_SOURCE],
                         "[field %s]: a text field needs a source", f->name);
    if ((f->source == SOURCE_LITERAL) != (f->text != NULL))
        return fail_line(p, f->text ? kl[KI_TEXT] : f->line,
                         "[field %s]: 'text' goes with source = text, "
                         "and source = text needs 'text'",
                         f->name);
    if (t->kind != TEMPLATE_TICKET && (f->source == SOURCE_TUTORIAL_TITLE ||
                                       f->source == SOURCE_TUTORIAL_ROOM ||
                                       f->source == SOURCE_TUTORIAL_TIME))
        return fail_line(p, kl[KI_SOURCE],
                         "[field %s]: a %s has no tutorial; use a "
                         "ticket template (kind = ticket) for %s",
                         f->name,
                         t->kind == TEMPLATE_BADGE ? "badge" : "paddle",
                         field_source_name(f->source));
    if ((t->kind == TEMPLATE_PADDLE) != (f->source == SOURCE_PADDLE) &&
        (f->source == SOURCE_PADDLE || f->source == SOURCE_QR))
        return fail_line(p, kl[KI_SOURCE],
                         "[field %s]: source = %s is for a %s template",
                         f->name, field_source_name(f->source),
                         f->source == SOURCE_PADDLE ? "paddle (kind = paddle)"
                                                    : "badge or ticket");
    unsigned text_keys =
        K_FONT | K_WEIGHT | K_SIZE | K_MIN_SIZE | K_LINES | K_COLOUR;
    if (f->kind == FIELD_QR && (keys & (text_keys | K_FILL | K_PADDING))) {
        for (int b = 0; b < NKEYS; b++)
            if (keys & (text_keys | K_FILL | K_PADDING) & (1u << b))
                return fail_line(p, kl[b],
                                 "[field %s]: a qr field takes only "
                                 "source, box, align and valign",
                                 f->name);
    }
    if (f->kind == FIELD_TEXT && (keys & (K_FILL | K_PADDING)))
        return fail_line(p, kl[keys & K_FILL ? KI_FILL : KI_PADDING],
                         "[field %s]: fill and padding are for bands", f->name);
    if (f->kind == FIELD_BAND) {
        if (!(keys & K_FILL))
            f->fill_ticket = true;
        if (!(keys & K_COLOUR))
            f->colour = 0xFFFFFF;
        if (!(keys & K_PADDING))
            f->padding_mm = 1.0;
        if (2 * f->padding_mm >= f->w_mm || 2 * f->padding_mm >= f->h_mm)
            return fail_line(p, kl[KI_PADDING],
                             "[field %s]: the padding leaves no room for "
                             "text",
                             f->name);
    }
    if (f->kind != FIELD_QR && f->source != SOURCE_NONE) {
        if (!(keys & K_SIZE))
            return fail_line(p, f->line,
                             "[field %s] needs 'size' (the largest text "
                             "size in points)",
                             f->name);
        if (!(keys & K_MIN_SIZE))
            f->min_pt = f->max_pt;
        if (f->min_pt > f->max_pt)
            return fail_line(p, kl[KI_MIN_SIZE],
                             "[field %s]: min-size %.1f is larger than "
                             "size %.1f",
                             f->name, f->min_pt, f->max_pt);
        if (!f->font && !(f->font = strdup("Noto Sans")))
            return fail_line(p, f->line, "out of memory");
    }
    return 1;
}

static int check(struct parser *p)
{
    struct template *t = p->t;
    if (!p->have_label)
        return fail_line(p, 1, "there is no [label] section");
    if (!check_label(p))
        return 0;
    if (t->nfields == 0)
        return fail_line(p, p->in.line ? p->in.line : 1,
                         "the template has no [field NAME] sections");
    for (size_t i = 0; i < t->nfields; i++)
        if (!check_field(p, i))
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
    if (!p->err_line && rc > 0)
        fail_line(p, rc,
                  "not a valid line; write 'key = value', '[label]' or "
                  "'[field NAME]'");
    if (!p->err_line)
        check(p);
    if (p->err_line)
        code = ck_fail(err, CK_EINVAL, "%s:%d: %s; fix the template.", name,
                       p->err_line, p->err_msg);
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
