/* The one place error messages are formatted.  Not a logging facility: these
 * messages go to the person at the station, once.
 *
 * ck_fail writes the English sentence itself, one conversion at a time,
 * so that it knows where each argument's text stands in msg: a
 * translation of the format (ck_error_text) is then said with the same
 * texts, in its own order, with nothing allocated and nothing formatted
 * twice. */
#include "checkin/error.h"
#include "error_sum.h"

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

unsigned int ck_error_sum(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* One conversion of a format, as parsed: where it ends, its `N$` (0:
 * none), whether its width and precision are `*` (and their `N$`), its
 * length modifier and its letter. */
struct conv {
    const char *end;
    int pos, wstar, pstar;
    char len[3];
    char letter;
};

static int digits(const char **p)
{
    int n = 0;
    while (**p >= '0' && **p <= '9' && n < 1000)
        n = n * 10 + (*(*p)++ - '0');
    return n;
}

/* `N$` at *p, moving past it; 0 when there is none. */
static int dollar(const char **p)
{
    const char *q = *p;
    int n = digits(&q);
    if (n > 0 && *q == '$') {
        *p = q + 1;
        return n;
    }
    return 0;
}

/* The conversion starting after the '%' at `p`; false for one we do not
 * take (%n, %m, %lc, %ls, an unknown letter). */
static bool parse_conv(const char *p, struct conv *c)
{
    memset(c, 0, sizeof(*c));
    c->pos = dollar(&p);
    while (*p && strchr("-+ #0'", *p))
        p++;
    if (*p == '*') {
        p++;
        c->wstar = dollar(&p) ? 2 : 1;
    } else {
        digits(&p);
    }
    if (*p == '.') {
        p++;
        if (*p == '*') {
            p++;
            c->pstar = dollar(&p) ? 2 : 1;
        } else {
            digits(&p);
        }
    }
    size_t n = 0;
    while (*p && strchr("hlzjtL", *p) && n < 2)
        c->len[n++] = *p++;
    c->letter = *p;
    c->end = *p ? p + 1 : p;
    if (!*p || !strchr("diouxXcspeEfFgGaA", *p))
        return false;
    return !(c->len[0] == 'l' && (*p == 'c' || *p == 's'));
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
/* One conversion's value from `ap` written with `spec` (the conversion
 * as written, star width and precision given) at `o`, `room` bytes;
 * snprintf's count. */
#define PUT(type)                                                              \
    do {                                                                       \
        type v_ = va_arg(*ap, type);                                           \
        n = c->wstar && c->pstar ? snprintf(o, room, spec, w, pr, v_)          \
            : c->wstar           ? snprintf(o, room, spec, w, v_)              \
            : c->pstar           ? snprintf(o, room, spec, pr, v_)             \
                                 : snprintf(o, room, spec, v_);                          \
    } while (0)

static int put_conv(const struct conv *c, const char *spec, int w, int pr,
                    char *o, size_t room, va_list *ap)
{
    int n = 0;
    const char *l = c->len;
    switch (c->letter) {
    case 'c':
        PUT(int);
        break;
    case 's':
        PUT(const char *);
        break;
    case 'p':
        PUT(void *);
        break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
        if (l[0] == 'L')
            PUT(long double);
        else
            PUT(double);
        break;
    default: /* d i o u x X, by their length; hh and h come as int */
        if (!strcmp(l, "ll"))
            PUT(long long);
        else if (l[0] == 'l')
            PUT(long);
        else if (l[0] == 'z')
            PUT(size_t);
        else if (l[0] == 'j')
            PUT(intmax_t);
        else if (l[0] == 't')
            PUT(ptrdiff_t);
        else
            PUT(int);
        break;
    }
    return n;
}
#undef PUT
#pragma GCC diagnostic pop

/* msg written from `fmt` conversion by conversion, each argument's place
 * kept; false (msg to be written by vsnprintf) for a format we do not
 * take: a numbered one, an unknown conversion, too many arguments. */
static bool keep(struct ck_error *err, const char *fmt, va_list *ap)
{
    const size_t cap = sizeof(err->msg);
    size_t len = 0;
    int place = 0;
    for (const char *p = fmt; *p;) {
        if (*p != '%' || p[1] == '%') {
            if (len < cap - 1)
                err->msg[len++] = *p;
            p += *p == '%' ? 2 : 1;
            continue;
        }
        struct conv c;
        char spec[24];
        if (!parse_conv(p + 1, &c) || c.pos || c.wstar == 2 || c.pstar == 2 ||
            err->nargs == CK_ERROR_ARGS || (size_t)(c.end - p) >= sizeof(spec))
            return false;
        memcpy(spec, p, (size_t)(c.end - p));
        spec[c.end - p] = '\0';
        int w = c.wstar ? va_arg(*ap, int) : 0;
        int pr = c.pstar ? va_arg(*ap, int) : 0;
        place += 1 + !!c.wstar + !!c.pstar;
        int n = put_conv(&c, spec, w, pr, err->msg + len, cap - len, ap);
        size_t got = n < 0 ? 0 : (size_t)n;
        if (got > cap - 1 - len)
            got = cap - 1 - len;
        err->arg_at[err->nargs] = (unsigned short)len;
        err->arg_len[err->nargs] = (unsigned short)got;
        err->arg_pos[err->nargs++] = (unsigned char)place;
        len += got;
        p = c.end;
    }
    err->msg[len] = '\0';
    return true;
}

static int fail(struct ck_error *err, int code, const char *fmt, va_list ap,
                bool literal) __attribute__((format(printf, 3, 0)));

static int fail(struct ck_error *err, int code, const char *fmt, va_list ap,
                bool literal)
{
    if (!err)
        return code;
    err->code = code;
    err->fmt = NULL;
    err->fmt_pl = NULL;
    err->count = 0;
    err->nargs = 0;
    err->phrase = 0;
    err->in_fmt = NULL;
    va_list again;
    va_copy(again, ap);
    if (literal && keep(err, fmt, &again)) {
        err->fmt = fmt;
        err->sum = ck_error_sum(err->msg);
    } else {
        err->nargs = 0;
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    }
    va_end(again);
    return code;
}

int ck_vfail(struct ck_error *err, int code, const char *fmt, va_list ap)
{
    /* A wrapper's format may not live as long as the error: kept in
     * English only. */
    return fail(err, code, fmt, ap, false);
}

int ck_fail_fmt(struct ck_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail(err, code, fmt, ap, true);
    va_end(ap);
    return code;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int ck_failn_fmt(struct ck_error *err, int code, unsigned long n,
                 const char *one, const char *many, ...)
{
    va_list ap;
    va_start(ap, many);
    /* The English form for n, written and kept as ck_fail's; the
     * singular is the catalogue's key, as ngettext's. */
    fail(err, code, n == 1 ? one : many, ap, true);
    va_end(ap);
    if (err && err->fmt) {
        err->fmt = one;
        err->fmt_pl = many;
        err->count = n;
    }
    return code;
}
#pragma GCC diagnostic pop

int ck_said(struct ck_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail(err, code, fmt, ap, false);
    va_end(ap);
    return code;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int ck_wrap_fmt(struct ck_error *err, int code, const struct ck_error *inner,
                const char *fmt)
{
    int c = code != CK_OK ? code : inner && inner->code ? inner->code : CK_EIO;
    if (!err)
        return c;
    /* inner may be err itself: its sentence and places copied first. */
    struct ck_error in;
    if (inner)
        in = *inner;
    else
        ck_error_clear(&in);
    ck_fail_fmt(err, c, fmt, in.msg);
    /* The wrapper's one argument is the inner sentence, whole: kept
     * only when nothing of it was cut. */
    if (err->fmt && err->nargs == 1 && in.fmt && !in.fmt_pl &&
        in.sum == ck_error_sum(in.msg) && err->arg_len[0] == strlen(in.msg)) {
        err->in_fmt = in.fmt;
        err->in_nargs = in.nargs;
        err->in_arg = 0;
        err->in_sum = in.sum;
        memcpy(err->in_at, in.arg_at, sizeof(err->in_at));
        memcpy(err->in_len, in.arg_len, sizeof(err->in_len));
        memcpy(err->in_pos, in.arg_pos, sizeof(err->in_pos));
        err->in_phrase = in.phrase;
    }
    return c;
}
#pragma GCC diagnostic pop

int ck_error_inner(const struct ck_error *e, struct ck_error *inner)
{
    if (!e || !inner || !e->in_fmt || !e->fmt || e->in_arg >= e->nargs ||
        e->sum != ck_error_sum(e->msg))
        return -1;
    size_t at = e->arg_at[e->in_arg], len = e->arg_len[e->in_arg];
    if (len >= sizeof(inner->msg))
        return -1;
    ck_error_clear(inner);
    inner->code = e->code;
    memcpy(inner->msg, e->msg + at, len);
    inner->msg[len] = '\0';
    if (ck_error_sum(inner->msg) != e->in_sum)
        return -1;
    inner->fmt = e->in_fmt;
    inner->nargs = e->in_nargs;
    inner->sum = e->in_sum;
    memcpy(inner->arg_at, e->in_at, sizeof(inner->arg_at));
    memcpy(inner->arg_len, e->in_len, sizeof(inner->arg_len));
    memcpy(inner->arg_pos, e->in_pos, sizeof(inner->arg_pos));
    inner->phrase = e->in_phrase;
    return 0;
}

/* `n` bytes of `s` at `o` (of `cap`, `*len` used), cut on a UTF-8
 * character's boundary when they do not all fit; false when cut. */
static bool put_text(char *o, size_t cap, size_t *len, const char *s, size_t n)
{
    size_t room = cap - 1 - *len;
    bool whole = n <= room;
    if (!whole) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(o + *len, s, n);
    *len += n;
    return whole;
}

void ck_error_phrase(struct ck_error *err, int place)
{
    if (!err || !err->fmt)
        return;
    for (int k = 0; k < err->nargs; k++)
        if (err->arg_pos[k] == place)
            err->phrase |= (unsigned short)(1u << k);
}

/* Argument `k` of `e` at `o`: its phrase (ck_error_phrase) translated,
 * then the rest of its English; false when cut. */
static bool put_arg(const struct ck_error *e, int k, char *o, size_t cap,
                    size_t *len)
{
    const char *s = e->msg + e->arg_at[k];
    size_t n = e->arg_len[k];
    if (!(e->phrase & (1u << k)))
        return put_text(o, cap, len, s, n);
    size_t head = 0;
    while (head < n && !(s[head] == ':' && head + 1 < n && s[head + 1] == ' '))
        head++;
    char phrase[sizeof(e->msg)];
    memcpy(phrase, s, head);
    phrase[head] = '\0';
    const char *said = head ? gettext(phrase) : phrase;
    return put_text(o, cap, len, said, strlen(said)) &&
           put_text(o, cap, len, s + head, n - head);
}

int ck_error_render(const struct ck_error *e, const char *fmt, char *out,
                    size_t cap)
{
    return ck_error_render_with(e, fmt, NULL, out, cap);
}

int ck_error_render_with(const struct ck_error *e, const char *fmt,
                         const char *inner_text, char *out, size_t cap)
{
    if (!e || !e->fmt || !fmt || !out || cap == 0 ||
        e->sum != ck_error_sum(e->msg))
        return -1;
    /* First whether every conversion names an argument e kept, so that
     * out is left as it was otherwise. */
    int next = 0, numbered = 0, plain = 0;
    for (const char *p = fmt; (p = strchr(p, '%'));) {
        struct conv c;
        if (p[1] == '%') {
            p += 2;
            continue;
        }
        if (!parse_conv(p + 1, &c))
            return -1;
        int k = -1;
        if (c.pos) {
            numbered = 1;
            for (int i = 0; i < e->nargs; i++)
                if (e->arg_pos[i] == c.pos)
                    k = i;
        } else {
            plain = 1;
            k = next < e->nargs ? next++ : -1;
        }
        if (k < 0 || (numbered && plain))
            return -1;
        p = c.end;
    }
    size_t len = 0;
    next = 0;
    for (const char *p = fmt; *p && len < cap - 1;) {
        if (*p != '%' || p[1] == '%') {
            const char *q = p;
            while (*q && *q != '%')
                q++;
            if (q == p) /* %% */
                q = p + 1;
            if (!put_text(out, cap, &len, p, (size_t)(q - p)))
                break;
            p = q == p + 1 && *p == '%' ? p + 2 : q;
            continue;
        }
        struct conv c;
        parse_conv(p + 1, &c);
        int k = 0;
        if (c.pos) {
            for (int i = 0; i < e->nargs; i++)
                if (e->arg_pos[i] == c.pos)
                    k = i;
        } else {
            k = next++;
        }
        bool held = inner_text && e->in_fmt && k == e->in_arg;
        if (held ? !put_text(out, cap, &len, inner_text, strlen(inner_text))
                 : !put_arg(e, k, out, cap, &len))
            break;
        p = c.end;
    }
    out[len] = '\0';
    return 0;
}

void ck_error_clear(struct ck_error *err)
{
    if (err) {
        err->code = CK_OK;
        err->msg[0] = '\0';
        err->fmt = NULL;
        err->fmt_pl = NULL;
        err->count = 0;
        err->nargs = 0;
        err->phrase = 0;
        err->in_fmt = NULL;
    }
}

int ck_exit_status(int code)
{
    return code == CK_OK ? 0 : 1;
}
