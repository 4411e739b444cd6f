/* Unicode handling for attendee names, on GLib's Unicode tables (already
 * pulled in by Pango): validation, cleaning and search folding.  Not for
 * rendering; that is printer/'s job with Pango. */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/buf.h"
#include "checkin/text.h"

/* The common case, plain ASCII, folds without Unicode tables: into `w`,
 * which has room for `len` + 1 bytes; returns the end (at its NUL). */
static char *fold_ascii_to(const char *s, size_t len, char *w)
{
    char *out = w;
    bool space = true;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            if (!space)
                *w++ = ' ';
            space = true;
            continue;
        }
        *w++ = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
        space = false;
    }
    if (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    return w;
}

/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt,
 * Unicode 15): characters drawn as nothing when a font has no glyph for
 * them, so a volunteer reading a name never types them.  Soft hyphen,
 * combining grapheme joiner, Arabic letter mark, Hangul fillers, Khmer
 * inherent vowels, Mongolian variation selectors and vowel separator,
 * zero-width space, non-joiner and joiner, the direction marks and
 * controls, word joiner and invisible operators, variation selectors,
 * the byte order mark (zero-width no-break space), the reserved
 * U+FFF0..FFF8, the shorthand format controls, musical symbol formats
 * and the tags.  Unassigned code points of the property are included:
 * they will be format characters when they are assigned. */
bool text_is_ignorable(uint32_t c)
{
    if (c < 0xad)
        return false;
    return c == 0xad || c == 0x34f || c == 0x61c ||
           (c >= 0x115f && c <= 0x1160) || (c >= 0x17b4 && c <= 0x17b5) ||
           (c >= 0x180b && c <= 0x180f) || (c >= 0x200b && c <= 0x200f) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f) ||
           c == 0x3164 || (c >= 0xfe00 && c <= 0xfe0f) || c == 0xfeff ||
           c == 0xffa0 || (c >= 0xfff0 && c <= 0xfff8) ||
           (c >= 0x1bca0 && c <= 0x1bca3) || (c >= 0x1d173 && c <= 0x1d17a) ||
           (c >= 0xe0000 && c <= 0xe0fff);
}

/* Whether `b` leads the UTF-8 of a character text_is_ignorable may take:
 * U+00AD (C2), U+034F (CD), U+061C (D8), U+115F to U+180F (E1), U+200B
 * to U+206F (E2), U+3164 (E3), U+FE00 to U+FFF8 (EF), U+1BCA0 to
 * U+1D17A (F0), U+E0000 to U+E0FFF (F3).  Most letters of a name lead
 * with another byte and are not decoded (the import asks this of five
 * fields a row: 2.4% of its instructions when every letter was). */
static bool may_lead_ignorable(unsigned char b)
{
    switch (b) {
    case 0xc2:
    case 0xcd:
    case 0xd8:
    case 0xe1:
    case 0xe2:
    case 0xe3:
    case 0xef:
    case 0xf0:
    case 0xf3:
        return true;
    default:
        return false;
    }
}

bool text_has_ignorable(const char *s)
{
    /* Every default-ignorable character is beyond ASCII: the ASCII run
     * a field opens with (the whole of most names and of every email)
     * is passed over eight bytes at a time, not a byte and a switch at a
     * time (five fields a row, 700 instructions of an import's row,
     * callgrind). */
    if (!s)
        return false;
    for (const char *p = s + text_ascii_run(s, strlen(s), false); *p; p++) {
        if (!may_lead_ignorable((unsigned char)*p))
            continue;
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c != (gunichar)-1 && c != (gunichar)-2 && text_is_ignorable(c))
            return true;
    }
    return false;
}

/* What text_fold does to the NFKD characters from `p`, before case
 * folding: white space made single spaces (when `space` says the last was
 * none), default-ignorable characters dropped, generic accents dropped,
 * stroked letters without their stroke. */
static void fold_decomposed(const char *p, GString *out, bool *space)
{
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (text_is_ignorable(c))
            continue;
        if (g_unichar_isspace(c)) {
            if (!*space)
                g_string_append_c(out, ' ');
            *space = true;
            continue;
        }
        /* Combining marks of the "inherited" script are the generic
         * accents (U+0300 block and friends); marks of a real script such
         * as Devanagari matras carry meaning and stay. */
        GUnicodeType t = g_unichar_type(c);
        if ((t == G_UNICODE_NON_SPACING_MARK || t == G_UNICODE_SPACING_MARK ||
             t == G_UNICODE_ENCLOSING_MARK) &&
            g_unichar_get_script(c) == G_UNICODE_SCRIPT_INHERITED)
            continue;
        /* Latin letters with a stroke do not decompose; people type them
         * without it. */
        switch (c) {
        case 0x141:
        case 0x142:
            c = 'l';
            break; /* Ł ł */
        case 0xd8:
        case 0xf8:
            c = 'o';
            break; /* Ø ø */
        case 0x110:
        case 0x111:
            c = 'd';
            break; /* Đ đ */
        case 0x126:
        case 0x127:
            c = 'h';
            break; /* Ħ ħ */
        case 0x131:
            c = 'i';
            break; /* dotless ı */
        default:
            break;
        }
        g_string_append_unichar(out, c);
        *space = false;
    }
}

char *text_fold_unicode(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        len = strlen(s);
    if (!text_valid_utf8(s, len))
        return NULL;
    char *nfkd = g_utf8_normalize(s, (gssize)len, G_NORMALIZE_NFKD);
    if (!nfkd)
        return NULL;
    GString *out = g_string_sized_new(len + 8);
    bool space = true; /* suppress leading space */
    fold_decomposed(nfkd, out, &space);
    if (out->len && out->str[out->len - 1] == ' ')
        g_string_truncate(out, out->len - 1);
    g_free(nfkd);
    char *folded = g_utf8_casefold(out->str, (gssize)out->len);
    g_string_free(out, TRUE);
    /* Hand back malloc'd memory so callers use plain free(). */
    char *res = folded ? strdup(folded) : NULL;
    g_free(folded);
    return res;
}

/* Folding a character at a time.  NFKD is each character's decomposition
 * followed by the canonical reordering of runs of combining marks, so
 * when no character's decomposition begins with a mark (a combining class
 * other than 0) no run crosses from one character to the next, and the
 * rest of text_fold (fold_decomposed, then case folding) is one character
 * at a time too: a name folds to its characters' folds, looked up in a
 * table, with the white space between them collapsed as text_fold does.
 * NFKD and case folding through GLib were 15% of an import's
 * instructions (callgrind, 10,000 names in 16 scripts).
 *
 * The table covers the Basic Multilingual Plane in pages of 256
 * characters, each made on first use (about 256 folds, once) and then
 * read by any thread.  A character whose fold does not fit FOLD_BYTES,
 * or whose decomposition begins with a mark, sends its text to
 * text_fold_unicode. */
#define FOLD_PAGES 256
#define FOLD_BYTES 14

struct fold_char {
    uint8_t len; /* 0: not folded alone; else 1 + the fold's bytes */
    char s[FOLD_BYTES];
};

static gsize fold_page[FOLD_PAGES]; /* struct fold_char[256], made once */
static struct fold_char unfolded_page[256]; /* when memory ran out */

static void fold_one(gunichar c, struct fold_char *out)
{
    char in[8];
    in[g_unichar_to_utf8(c, in)] = '\0';
    char *nfkd = g_utf8_normalize(in, -1, G_NORMALIZE_NFKD);
    if (!nfkd)
        return;
    if (!*nfkd || g_unichar_combining_class(g_utf8_get_char(nfkd))) {
        g_free(nfkd);
        return;
    }
    GString *d = g_string_new(NULL);
    bool space = false;
    fold_decomposed(nfkd, d, &space);
    g_free(nfkd);
    char *folded = g_utf8_casefold(d->str, (gssize)d->len);
    g_string_free(d, TRUE);
    size_t n = strlen(folded);
    if (n <= FOLD_BYTES) {
        memcpy(out->s, folded, n);
        out->len = (uint8_t)(1 + n);
    }
    g_free(folded);
}

static const struct fold_char *fold_page_of(gunichar c)
{
    gsize *slot = &fold_page[c >> 8];
    if (g_once_init_enter(slot)) {
        struct fold_char *page = calloc(256, sizeof(*page));
        if (page)
            for (gunichar i = 0; i < 256; i++) {
                gunichar one = (c & ~0xffu) | i;
                if (one && (one < 0xd800 || one > 0xdfff))
                    fold_one(one, &page[i]);
            }
        g_once_init_leave(slot, (gsize)(page ? page : unfolded_page));
    }
    return (const struct fold_char *)*slot;
}

/* text_fold of valid UTF-8 through the table, into `w`, which has room
 * for `len` * FOLD_BYTES + 1 bytes; returns the end (at its NUL), or
 * NULL when a character is not in the table (or memory ran out), for
 * text_fold_unicode to do. */
static char *fold_table_to(const char *s, size_t len, char *w)
{
    char *out = w;
    bool space = true;
    const char *end = s + len;
    for (const char *p = s; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c >= 0x10000)
            return NULL;
        const struct fold_char *f = &fold_page_of(c)[c & 0xff];
        if (!f->len)
            return NULL;
        for (int i = 0; i < f->len - 1; i++) {
            if (f->s[i] == ' ') {
                if (!space)
                    *w++ = ' ';
                space = true;
            } else {
                *w++ = f->s[i];
                space = false;
            }
        }
    }
    if (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    return w;
}

char *text_fold(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        len = strlen(s);
    size_t ascii = text_ascii_run(s, len, true);
    if (ascii == len) {
        char *out = malloc(len + 1);
        if (out)
            fold_ascii_to(s, len, out);
        return out;
    }
    if (!text_valid_utf8(s + ascii, len - ascii))
        return NULL;
    char *out = malloc(len * FOLD_BYTES + 1);
    if (out && fold_table_to(s, len, out))
        return out;
    free(out);
    return text_fold_unicode(s, len);
}

/* A search key is built in one ck_buf, the folds written straight into
 * its room: a GString with a string allocated for each field's fold was
 * a tenth of the key's cost (callgrind). */

/* Append the fold of `s` (`len` bytes); false when it is not valid UTF-8
 * or memory runs out. */
static bool key_fold(struct ck_buf *k, const char *s, size_t len)
{
    char *at;
    size_t ascii = text_ascii_run(s, len, true);
    if (ascii == len) {
        if (!(at = ck_buf_room(k, len)))
            return false;
        k->len = (size_t)(fold_ascii_to(s, len, at) - k->p);
        return true;
    }
    if (!text_valid_utf8(s + ascii, len - ascii) ||
        !(at = ck_buf_room(k, len * FOLD_BYTES)))
        return false;
    char *end = fold_table_to(s, len, at);
    if (end) {
        k->len = (size_t)(end - k->p);
        return true;
    }
    char *f = text_fold_unicode(s, len);
    bool ok = f && ck_buf_adds(k, f);
    free(f);
    return ok;
}

/* Append the `n` parts as text_search_key joins them, a space before
 * each but the first of what this call appends. */
static bool key_parts(struct ck_buf *k, const char *const *parts, size_t n)
{
    size_t from = k->len;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        if (k->len > from && !ck_buf_addc(k, ' '))
            return false;
        if (!key_fold(k, parts[i], strlen(parts[i])))
            return false;
    }
    return true;
}

static char *key_done(struct ck_buf *k, bool ok)
{
    if (ok)
        return ck_buf_take(k);
    ck_buf_free(k);
    return NULL;
}

char *text_search_key(const char *const *parts, size_t n)
{
    struct ck_buf k = {0};
    return key_done(&k, key_parts(&k, parts, n));
}

char *text_search_key_composed(const char *const *parts, size_t n)
{
    const char *given = parts[1] ? parts[1] : "";
    const char *family = parts[2] ? parts[2] : "";
    struct ck_buf k = {0};
    bool ok = true;
    if (*given) {
        ok = key_fold(&k, given, strlen(given));
        if (ok && !k.len)
            goto whole;
    }
    if (ok && *given && *family)
        ok = ck_buf_addc(&k, ' ');
    size_t before = k.len;
    if (ok && *family) {
        ok = key_fold(&k, family, strlen(family));
        if (ok && k.len == before)
            goto whole;
    }
    /* The badge name's fold, then the names' own: the same text. */
    size_t names = k.len;
    if (ok && (ok = ck_buf_room(&k, names + 1) != NULL)) {
        k.p[k.len++] = ' ';
        memcpy(k.p + k.len, k.p, names);
        k.len += names;
        k.p[k.len] = '\0';
    }
    size_t space = k.len;
    ok = ok && ck_buf_addc(&k, ' ') && key_parts(&k, parts + 3, n - 3);
    if (ok && k.len == space + 1)
        k.p[k.len = space] = '\0'; /* no other part: no space for it */
    return key_done(&k, ok);
whole:
    ck_buf_free(&k);
    return text_search_key(parts, n);
}

/* C0 and C1 controls and DEL move the cursor, erase, ring or start escape
 * sequences on a terminal; the invisible bidi overrides, embeddings
 * (U+202A..202E) and isolates (U+2066..2069) reorder what follows them, so
 * that "Bob" can display as someone else's name. */
static bool unsafe_char(gunichar c)
{
    return c < 0x20 || (c >= 0x7f && c < 0xa0) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

size_t text_strip_unsafe(char *s, size_t len)
{
    char *w = s;
    const char *p = s, *end = s + len;
    size_t removed = 0;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2 || c == 0) {
            p++; /* a byte that starts no character, or NUL */
            removed++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (unsafe_char(c) && c != '\t' && c != '\n' && c != '\r') {
            removed++;
        } else {
            memmove(w, p, (size_t)(next - p));
            w += next - p;
        }
        p = next;
    }
    *w = '\0';
    return removed;
}

/* ECMA-48's introducers: ESC and the C1 control (U+0080..009F) in
 * UTF-8, C2 80..C2 9F.  `*n` gets the introducer's bytes; the 7-bit form's
 * second byte ('[' for CSI) is the C1 code less 0x40. */
static int c1_at(const unsigned char *p, const unsigned char *end, size_t *n)
{
    if (p[0] == 0x1b && p + 1 < end && p[1] >= 0x40 && p[1] <= 0x5f) {
        *n = 2;
        return p[1] + 0x40;
    }
    if (p[0] == 0xc2 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0x9f) {
        *n = 2;
        return p[1];
    }
    return 0;
}

/* The end of the escape sequence starting at `p`, or NULL when none does
 * (or it is never ended): a control sequence (CSI, parameter and
 * intermediate bytes, a final byte), a control string (OSC, DCS, SOS, PM,
 * APC up to ST or, for OSC as xterm takes it, BEL) or another escape
 * sequence (ESC, intermediate bytes, a final byte). */
static const unsigned char *escape_end(const unsigned char *p,
                                       const unsigned char *end)
{
    size_t n;
    int c1 = c1_at(p, end, &n);
    if (c1 == 0x9b) { /* CSI */
        const unsigned char *q = p + n;
        while (q < end && *q >= 0x30 && *q <= 0x3f)
            q++;
        while (q < end && *q >= 0x20 && *q <= 0x2f)
            q++;
        return q < end && *q >= 0x40 && *q <= 0x7e ? q + 1 : NULL;
    }
    if (c1 == 0x9d || c1 == 0x90 || c1 == 0x98 || c1 == 0x9e || c1 == 0x9f) {
        for (const unsigned char *q = p + n; q < end; q++) {
            size_t m;
            if (c1 == 0x9d && *q == 0x07)
                return q + 1;
            if (c1_at(q, end, &m) == 0x9c)
                return q + m;
        }
        return NULL;
    }
    if (c1) /* ESC Fe, the 7-bit form of another C1 control: both bytes */
        return p[0] == 0x1b ? p + n : NULL;
    const unsigned char *q = p + 1;
    while (q < end && *q >= 0x20 && *q <= 0x2f)
        q++;
    return q < end && *q >= 0x30 && *q <= 0x7e ? q + 1 : NULL;
}

size_t text_strip_escapes(char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    char *w = s;
    size_t removed = 0;
    while (p < end) {
        const unsigned char *e =
            (*p == 0x1b || *p == 0xc2) ? escape_end(p, end) : NULL;
        if (e) {
            removed++;
            p = e;
            continue;
        }
        *w++ = (char)*p++;
    }
    *w = '\0';
    return removed;
}

bool text_is_plain(const char *s, size_t len)
{
    const char *end = s + len;
    while (s < end) {
        gunichar c = g_utf8_get_char_validated(s, end - s);
        if (c == (gunichar)-1 || c == (gunichar)-2 || unsafe_char(c))
            return false;
        s = g_utf8_next_char(s);
    }
    return true;
}

size_t text_for_terminal(const char *s, size_t len, char *out, size_t cap)
{
    static const char REPLACEMENT[] = "\xef\xbf\xbd"; /* U+FFFD */
    const char *end = s + len;
    size_t n = 0;
    if (cap == 0)
        return 0;
    while (s < end) {
        gunichar c = g_utf8_get_char_validated(s, end - s);
        const char *put = s;
        size_t w;
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            /* Not UTF-8: one replacement per byte, never a partial
             * sequence the terminal would complete with what follows. */
            put = REPLACEMENT;
            w = 3;
            s++;
        } else {
            const char *next = g_utf8_next_char(s);
            w = (size_t)(next - s);
            if (c == '\t' || c == '\n' || c == '\r') {
                put = " ";
                w = 1;
            } else if (unsafe_char(c)) {
                put = REPLACEMENT;
                w = 3;
            }
            s = next;
        }
        if (n + w >= cap)
            break; /* truncated on a character boundary */
        memcpy(out + n, put, w);
        n += w;
    }
    out[n] = '\0';
    return n;
}

bool text_is_clean_ascii(const char *s, size_t len)
{
    bool plain = true; /* printable ASCII with single inner spaces */
    for (size_t i = 0; i < len && plain; i++)
        plain = s[i] >= 0x20 && s[i] < 0x7f &&
                !(s[i] == ' ' && (i == 0 || i + 1 == len || s[i + 1] == ' '));
    return plain;
}

bool text_clean_field(char *s)
{
    size_t len = strlen(s);
    if (text_is_clean_ascii(s, len))
        return true;
    if (!g_utf8_validate(s, (gssize)len, NULL))
        return false;
    char *w = s;
    bool space = true;
    /* `next` is taken before anything is moved: the copy below may
     * overwrite the bytes at `p` (never those at `next`). */
    const char *next;
    for (const char *p = s; *p; p = next) {
        gunichar c = g_utf8_get_char(p);
        next = g_utf8_next_char(p);
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            if (!space)
                *w++ = ' ';
            space = true;
            continue;
        }
        /* Controls and bidi overrides never belong in a printed name. */
        if (unsafe_char(c))
            return false;
        memmove(w, p, (size_t)(next - p));
        w += next - p;
        space = false;
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    return true;
}

size_t text_columns(const char *s)
{
    size_t cols = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        cols += g_unichar_iswide(c) ? 2 : g_unichar_iszerowidth(c) ? 0 : 1;
    }
    return cols;
}

int text_pad(const char *s, int width)
{
    int cols = (int)text_columns(s);
    return width > cols ? width - cols : 0;
}

bool text_cut_mark(char *out, size_t cap, int n)
{
    if (n >= 0 && (size_t)n < cap)
        return false;
    if (n < 0 || cap < 4) {
        if (cap)
            out[0] = '\0';
        return true;
    }
    size_t end = cap - 4;
    while (end > 0 && ((unsigned char)out[end] & 0xC0) == 0x80)
        end--;
    memcpy(out + end, "...", 4);
    return true;
}
