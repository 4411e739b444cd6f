/* The pretix export's JSON reader (json_read.h): a state machine over
 * tokens, its state kept between pieces, so that a token is read whole
 * or left for the next piece.  Not a tree builder: the events build what
 * their caller wants.
 *
 * yajl's lexer took a table look-up and a branch for every byte, 1,100
 * instructions of a position's 280 bytes in all (callgrind, 140,000
 * positions); here a string's bytes are scanned eight at a time for its
 * end, a backslash or a control character, and whether any is beyond
 * ASCII, which then alone asks for the UTF-8 check. */
#include "json_read.h"

#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/text.h"
#include "checkin/vec.h"

enum state {
    S_VALUE,        /* a value: the document's, an element's, a key's */
    S_ARRAY_FIRST,  /* a value or ']' */
    S_OBJECT_FIRST, /* a key or '}' */
    S_KEY,          /* a key, after ',' */
    S_COLON,        /* ':' after a key */
    S_AFTER,        /* ',' or the container's end, after a value */
    S_END           /* the document's value read: nothing but space */
};

/* A token cut at the piece's end: read again with the next piece. */
#define MORE (-1)

void json_reader_init(struct json_reader *r, const struct json_events *ev,
                      void *ctx)
{
    *r = (struct json_reader){.ev = ev, .ctx = ctx, .state = S_VALUE};
}

void json_reader_free(struct json_reader *r)
{
    free(r->nest);
    ck_buf_free(&r->str);
}

static int bad(struct json_reader *r, size_t at, const char *why)
{
    r->at = at;
    r->why = why;
    return JSON_READ_BAD;
}

/* Cut at the piece's end: more to come, or a document cut short. */
static int cut(struct json_reader *r, size_t n, bool last)
{
    return last ? bad(r, n, N_("the file ends inside its JSON")) : MORE;
}

static bool in_object(const struct json_reader *r)
{
    size_t d = r->depth - 1;
    return (r->nest[d / 64] >> (d % 64)) & 1;
}

/* The state after a value (or a container) ends. */
static void value_done(struct json_reader *r)
{
    r->state = r->depth ? S_AFTER : S_END;
}

/* An event's answer: 0 stops the reading. */
static int went(int go)
{
    return go ? JSON_READ_OK : JSON_READ_STOPPED;
}

static int open_container(struct json_reader *r, size_t i, bool object)
{
    size_t d = r->depth;
    if (d % 64 == 0 && !CK_VEC_ROOM(r->nest, d / 64, 1, r->nest_cap))
        return JSON_READ_NOMEM;
    uint64_t bit = (uint64_t)1 << (d % 64);
    r->nest[d / 64] = object ? r->nest[d / 64] | bit : r->nest[d / 64] & ~bit;
    r->depth++;
    r->state = object ? S_OBJECT_FIRST : S_ARRAY_FIRST;
    r->at = i + 1;
    return went(object ? r->ev->start_map(r->ctx) : r->ev->start_array(r->ctx));
}

static int close_container(struct json_reader *r, size_t i, bool object)
{
    r->depth--;
    value_done(r);
    r->at = i + 1;
    return went(object ? r->ev->end_map(r->ctx) : r->ev->end_array(r->ctx));
}

static bool is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10;
}

/* Digits from j on; the first past them. */
static size_t digits(const char *p, size_t n, size_t j)
{
    while (j < n && is_digit((unsigned char)p[j]))
        j++;
    return j;
}

/* A number at p[i]: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.  Its
 * end is the first byte that cannot continue it, so a number at the
 * piece's end may go on in the next. */
static int number(struct json_reader *r, const char *p, size_t n, size_t i,
                  bool last, size_t *end)
{
    static const char *const WHY = N_("a number is not written as JSON "
                                      "writes one");
    size_t j = i + (p[i] == '-');
    if (j == n)
        return cut(r, n, last);
    if (p[j] == '0') {
        j++;
        if (j < n && is_digit((unsigned char)p[j]))
            return bad(r, j, WHY);
    } else if (is_digit((unsigned char)p[j]))
        j = digits(p, n, j);
    else
        return bad(r, j, WHY);
    if (j < n && p[j] == '.') {
        size_t k = digits(p, n, j + 1);
        if (k == j + 1)
            return k == n ? cut(r, n, last) : bad(r, k, WHY);
        j = k;
    }
    if (j < n && (p[j] == 'e' || p[j] == 'E')) {
        size_t k = j + 1;
        if (k < n && (p[k] == '+' || p[k] == '-'))
            k++;
        size_t m = digits(p, n, k);
        if (m == k)
            return m == n ? cut(r, n, last) : bad(r, m, WHY);
        j = m;
    }
    if (j == n && !last)
        return MORE;
    *end = j;
    value_done(r);
    r->at = j;
    return went(r->ev->number(r->ctx, p + i, j - i));
}

/* true, false or null at p[i]. */
static int literal(struct json_reader *r, const char *p, size_t n, size_t i,
                   bool last, size_t *end)
{
    static const char *const WORDS[] = {"true", "false", "null"};
    int w = p[i] == 't' ? 0 : p[i] == 'f' ? 1 : 2;
    size_t len = strlen(WORDS[w]), have = n - i < len ? n - i : len;
    if (memcmp(p + i, WORDS[w], have))
        return bad(r, i, N_("a value was expected"));
    if (have < len)
        return cut(r, n, last);
    *end = i + len;
    value_done(r);
    r->at = i + len;
    return went(w == 2 ? r->ev->null(r->ctx) : r->ev->boolean(r->ctx, w == 0));
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Bit 7 of each byte of `w` equal to `c` (a byte times ONES); the lowest
 * bit set is exact (a borrow goes only upwards). */
static uint64_t has_byte(uint64_t w, uint64_t c)
{
    uint64_t x = w ^ c;
    return (x - ONES) & ~x & HIGHS;
}

/* The bytes of a string from j on that need no look (not '"', '\\', a
 * control character): the first that does, or n; *high gathers their
 * bits, so that a bit 7 (HIGHS) says one was beyond ASCII.  Eight bytes at a
 * time, the first byte that stops the run found by its bit: a byte loop was 134
 * instructions of a string of the bench's export (callgrind). */
static inline __attribute__((always_inline)) size_t
plain_run(const char *p, size_t n, size_t j, uint64_t *high)
{
    uint64_t h = 0;
    for (; j + 8 <= n; j += 8) {
        uint64_t w;
        memcpy(&w, p + j, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w); /* the first byte lowest */
#endif
        uint64_t stop = has_byte(w, 0x2222222222222222ull) |
                        has_byte(w, 0x5c5c5c5c5c5c5c5cull) |
                        ((w - 0x2020202020202020ull) & ~w & HIGHS);
        if (stop) {
            unsigned k = (unsigned)__builtin_ctzll(stop) / 8;
            if (k)
                h |= w & (~0ull >> (64 - 8 * k));
            *high |= h;
            return j + k;
        }
        h |= w;
    }
    for (; j < n; j++) {
        unsigned char c = (unsigned char)p[j];
        if (c == '"' || c == '\\' || c < 0x20)
            break;
        h |= c;
    }
    *high |= h;
    return j;
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        unsigned char c = (unsigned char)p[k];
        unsigned d = is_digit(c) ? c - '0'
                     : (c | 0x20) >= 'a' && (c | 0x20) <= 'f'
                         ? (c | 0x20) - 'a' + 10
                         : 16;
        if (d > 15)
            return -1;
        v = v << 4 | d;
    }
    *out = v;
    return 0;
}

/* Code point `cp` as UTF-8 into `b` (an unpaired surrogate as the three
 * bytes it would be, which `plain` then disowns). */
static void put_utf8(struct ck_buf *b, unsigned cp)
{
    char u[4];
    size_t k;
    if (cp < 0x80) {
        u[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    (void)ck_buf_add(b, u, k); /* out of memory: b->failed */
}

/* The \u escape at p[j] (p[j] == 'u', after the backslash) into r->str;
 * its end in *end.  A high surrogate takes the low one escaped after it. */
static int unicode_escape(struct json_reader *r, const char *p, size_t n,
                          size_t j, bool last, bool *plain, size_t *end)
{
    static const char *const WHY =
        N_("a \\u escape in a string is not four hexadecimal digits");
    unsigned cp, lo;
    if (n - j < 5)
        return cut(r, n, last);
    if (hex4(p + j + 1, &cp))
        return bad(r, j, WHY);
    j += 5;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (n - j < 6 && !memcmp(p + j, "\\u", n - j < 2 ? n - j : 2))
            return cut(r, n, last);
        if (p[j] == '\\' && p[j + 1] == 'u') {
            if (hex4(p + j + 2, &lo))
                return bad(r, j + 1, WHY);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                j += 6;
            }
        }
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0)
        *plain = false;
    put_utf8(&r->str, cp);
    *end = j;
    return JSON_READ_OK;
}

/* A string with escapes, from its '"' at p[i]: decoded into r->str; the
 * byte past its closing '"' in *end. */
static __attribute__((noinline)) int escaped(struct json_reader *r,
                                             const char *p, size_t n, size_t i,
                                             bool last, bool *plain,
                                             size_t *end)
{
    static const char ESC[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
    uint64_t high = 0;
    size_t j = i + 1;
    r->str.len = 0;
    for (;;) {
        size_t k = plain_run(p, n, j, &high);
        (void)ck_buf_add(&r->str, p + j, k - j);
        j = k;
        if (j == n)
            return cut(r, n, last);
        if (p[j] == '"')
            break;
        if (p[j] != '\\')
            return bad(r, j,
                       N_("a string holds a control character "
                          "where JSON writes an escape"));
        if (++j == n)
            return cut(r, n, last);
        const char *e = p[j] ? memchr(ESC, p[j], sizeof(ESC) - 1) : NULL;
        if (p[j] == 'u') {
            int rc = unicode_escape(r, p, n, j, last, plain, &j);
            if (rc != JSON_READ_OK)
                return rc;
        } else if (e && (e - ESC) % 2 == 0) {
            (void)ck_buf_addc(&r->str, e[1]);
            j++;
        } else
            return bad(r, j,
                       N_("a string holds an escape JSON does not "
                          "have"));
    }
    if (r->str.failed)
        return JSON_READ_NOMEM;
    *plain = *plain && text_valid_utf8(r->str.p ? r->str.p : "", r->str.len);
    *end = j + 1;
    return JSON_READ_OK;
}

/* A string (a key when `key`) from its '"' at p[i]. */
static int string(struct json_reader *r, const char *p, size_t n, size_t i,
                  bool last, bool key, size_t *end)
{
    uint64_t high = 0;
    size_t j = plain_run(p, n, i + 1, &high);
    const char *s = p + i + 1;
    size_t len = j - i - 1;
    bool plain = true;
    if (j < n && p[j] == '"') {
        plain = !(high & HIGHS) || text_valid_utf8(s, len);
        *end = j + 1;
    } else if (j == n)
        return cut(r, n, last);
    else if (p[j] != '\\')
        return bad(r, j,
                   N_("a string holds a control character where "
                      "JSON writes an escape"));
    else {
        int rc = escaped(r, p, n, i, last, &plain, end);
        if (rc != JSON_READ_OK)
            return rc;
        s = r->str.p ? r->str.p : "";
        len = r->str.len;
    }
    r->at = *end;
    if (key) {
        /* The ':' after it read with it: a token less to dispatch. */
        size_t c = *end;
        while (c < n && (p[c] == ' ' || p[c] == '\n'))
            c++;
        r->state = S_COLON;
        if (c < n && p[c] == ':') {
            r->state = S_VALUE;
            *end = c + 1;
        }
        return went(r->ev->key(r->ctx, s, len, plain));
    }
    value_done(r);
    return went(r->ev->string(r->ctx, s, len, plain));
}

static int value(struct json_reader *r, const char *p, size_t n, size_t i,
                 bool last, size_t *end)
{
    char c = p[i];
    *end = i + 1;
    if (c == '{' || c == '[')
        return open_container(r, i, c == '{');
    if (c == '"')
        return string(r, p, n, i, last, false, end);
    if (c == '-' || is_digit((unsigned char)c))
        return number(r, p, n, i, last, end);
    if (c == 't' || c == 'f' || c == 'n')
        return literal(r, p, n, i, last, end);
    return bad(r, i, N_("a value was expected"));
}

/* The token at p[i] (not space): its event called, *end past it. */
static inline __attribute__((always_inline)) int token(struct json_reader *r,
                                                       const char *p, size_t n,
                                                       size_t i, bool last,
                                                       size_t *end)
{
    char c = p[i];
    *end = i + 1;
    switch (r->state) {
    case S_COLON:
        if (c != ':')
            return bad(r, i, N_("a ':' was expected after an object's key"));
        r->state = S_VALUE;
        return JSON_READ_OK;
    case S_AFTER:
        if (in_object(r)) {
            if (c == ',')
                r->state = S_KEY;
            else if (c == '}')
                return close_container(r, i, true);
            else
                return bad(r, i, N_("a ',' or '}' was expected in an object"));
        } else if (c == ',')
            r->state = S_VALUE;
        else if (c == ']')
            return close_container(r, i, false);
        else
            return bad(r, i, N_("a ',' or ']' was expected in an array"));
        return JSON_READ_OK;
    case S_END:
        return bad(r, i, N_("there is more after the JSON document"));
    case S_OBJECT_FIRST:
        if (c == '}')
            return close_container(r, i, true);
        /* fall through */
    case S_KEY:
        if (c != '"')
            return bad(r, i, N_("an object's key is not a string"));
        return string(r, p, n, i, last, true, end);
    case S_ARRAY_FIRST:
        if (c == ']')
            return close_container(r, i, false);
        /* fall through */
    default:
        return value(r, p, n, i, last, end);
    }
}

static size_t space(const char *p, size_t n, size_t i)
{
    while (i < n &&
           (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t'))
        i++;
    return i;
}

enum json_read_status json_read(struct json_reader *r, const char *p, size_t n,
                                bool last, size_t *used)
{
    size_t i = 0;
    for (;;) {
        i = space(p, n, i);
        *used = i;
        if (i == n)
            break;
        size_t end = i;
        int rc = token(r, p, n, i, last, &end);
        if (rc == MORE)
            return JSON_READ_OK;
        if (rc != JSON_READ_OK)
            return (enum json_read_status)rc;
        i = end;
    }
    if (last && r->state != S_END)
        return (enum json_read_status)bad(r, n,
                                          N_("the file ends inside its "
                                             "JSON"));
    return JSON_READ_OK;
}
