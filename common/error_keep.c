/* An error kept in a file and said again in another run
 * (ck_error_keep, ck_error_unkeep): what ck_error_text needs beside msg,
 * written as one line of text and read back, its formats interned for
 * the process's life as string literals live.  Apart from error.c, which
 * the scanner's WebAssembly decoder builds without GLib. */
#include "checkin/error.h"
#include "error_sum.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an error kept in a file (ck_error_keep, ck_error_unkeep) ----
 * "ck1 SUM COUNT NARGS AT LEN POS ... IN_ARG IN_NARGS AT LEN POS ...
 * IN_SUM" (SUM: msg's, so that a line is used with its sentence only),
 * then each of fmt, fmt_pl and in_fmt after a \x1f (a byte no format of
 * ours holds); "" for none. */
#define KEPT_SEP '\x1f'

size_t ck_error_keep(const struct ck_error *e, char *out, size_t cap)
{
    if (!out || !cap)
        return 0;
    out[0] = '\0';
    if (!e || !e->fmt || e->sum != ck_error_sum(e->msg) ||
        e->nargs > CK_ERROR_ARGS || e->in_nargs > CK_ERROR_ARGS)
        return 0;
    size_t n = 0;
    int w = snprintf(out, cap, "ck1 %u %lu %u", e->sum, e->count, e->nargs);
    for (unsigned i = 0; w >= 0 && i < e->nargs; i++) {
        n += (size_t)w;
        w = n < cap ? snprintf(out + n, cap - n, " %u %u %u", e->arg_at[i],
                               e->arg_len[i], e->arg_pos[i])
                    : -1;
    }
    unsigned in_nargs = e->in_fmt ? e->in_nargs : 0;
    if (w >= 0 && (n += (size_t)w) < cap)
        w = snprintf(out + n, cap - n, " %u %u", e->in_arg, in_nargs);
    for (unsigned i = 0; w >= 0 && i < in_nargs; i++) {
        n += (size_t)w;
        w = n < cap ? snprintf(out + n, cap - n, " %u %u %u", e->in_at[i],
                               e->in_len[i], e->in_pos[i])
                    : -1;
    }
    if (w >= 0 && (n += (size_t)w) < cap)
        w = snprintf(out + n, cap - n, " %u%c%s%c%s%c%s", e->in_sum, KEPT_SEP,
                     e->fmt, KEPT_SEP, e->fmt_pl ? e->fmt_pl : "", KEPT_SEP,
                     e->in_fmt ? e->in_fmt : "");
    if (w < 0 || (n += (size_t)w) >= cap) {
        out[0] = '\0';
        return 0;
    }
    return n;
}

/* The next number of a kept line at *p, no more than `max`; false when
 * there is none. */
static bool kept_number(const char **p, unsigned long max, unsigned long *v)
{
    char *end;
    if (**p != ' ')
        return false;
    *v = strtoul(*p + 1, &end, 10);
    if (end == *p + 1 || *v > max)
        return false;
    *p = end;
    return true;
}

/* `n` arguments' places (at, len, pos) of a kept line, each within
 * `msg_len`. */
static bool kept_places(const char **p, unsigned long n, size_t msg_len,
                        unsigned short *at, unsigned short *len,
                        unsigned char *pos)
{
    for (unsigned long i = 0; i < n; i++) {
        unsigned long a, l, o;
        if (!kept_number(p, 0xffff, &a) || !kept_number(p, 0xffff, &l) ||
            !kept_number(p, 0xff, &o) || a + l > msg_len)
            return false;
        at[i] = (unsigned short)a;
        len[i] = (unsigned short)l;
        pos[i] = (unsigned char)o;
    }
    return true;
}

/* `kept`'s places into `e`, whose msg is set: false when damaged. */
static bool unkeep_places(struct ck_error *e, const char **p)
{
    size_t len = strlen(e->msg);
    unsigned long sum, count, nargs, in_arg, in_nargs, in_sum;
    /* The sentence it was kept with, and no other. */
    if (!kept_number(p, 0xffffffffUL, &sum) || sum != ck_error_sum(e->msg) ||
        !kept_number(p, ~0UL, &count) ||
        !kept_number(p, CK_ERROR_ARGS, &nargs) ||
        !kept_places(p, nargs, len, e->arg_at, e->arg_len, e->arg_pos) ||
        !kept_number(p, CK_ERROR_ARGS, &in_arg) ||
        !kept_number(p, CK_ERROR_ARGS, &in_nargs) ||
        !kept_places(p, in_nargs, len, e->in_at, e->in_len, e->in_pos) ||
        !kept_number(p, 0xffffffffUL, &in_sum) || **p != KEPT_SEP)
        return false;
    e->count = count;
    e->nargs = (unsigned char)nargs;
    e->in_arg = (unsigned char)in_arg;
    e->in_nargs = (unsigned char)in_nargs;
    e->in_sum = (unsigned int)in_sum;
    return true;
}

void ck_error_unkeep(struct ck_error *e, int code, const char *msg,
                     const char *kept)
{
    if (!e)
        return;
    ck_error_clear(e);
    e->code = code;
    snprintf(e->msg, sizeof(e->msg), "%s", msg ? msg : "");
    if (!kept || strncmp(kept, "ck1", 3) || !msg ||
        strlen(msg) >= sizeof(e->msg))
        return;
    const char *p = kept + 3;
    if (!unkeep_places(e, &p)) {
        e->nargs = 0;
        e->in_nargs = 0;
        return;
    }
    /* The formats: three, each after a separator. */
    const char *f[3];
    char *copy = g_strdup(p + 1);
    char *cut = copy;
    for (int i = 0; i < 3; i++) {
        f[i] = cut;
        char *sep = cut ? strchr(cut, KEPT_SEP) : NULL;
        if (sep)
            *sep = '\0';
        cut = sep ? sep + 1 : NULL;
    }
    if (f[0] && f[0][0] && f[2]) {
        e->fmt = g_intern_string(f[0]);
        e->fmt_pl = f[1][0] ? g_intern_string(f[1]) : NULL;
        e->in_fmt = f[2][0] ? g_intern_string(f[2]) : NULL;
        e->sum = ck_error_sum(e->msg);
    } else {
        e->nargs = 0;
    }
    g_free(copy);
}
