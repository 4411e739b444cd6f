/* The growable byte buffer of buf.h: its slow paths (growing, printf,
 * handing over).  Appending to room already there is inline in the
 * header.  Not an arena (arena.h keeps many strings until one free) and
 * not a string library: bytes in, one allocation out. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkin/buf.h"

/* A first allocation of this many bytes: most texts built here (a search
 * key, a row's JSON, an event) fit, and the ones that do not double from
 * it a few times. */
enum { FIRST_CAP = 256 };

static char *failed(struct ck_buf *b)
{
    b->failed = true;
    /* No room left, so that the inline additions come here and stop. */
    b->len = b->cap = 0;
    return NULL;
}

char *ck_buf_grow(struct ck_buf *b, size_t more)
{
    /* No allocation can exceed PTRDIFF_MAX bytes: asking for more is
     * running out of memory, not a size to wrap around. */
    if (b->failed || more >= (size_t)PTRDIFF_MAX - b->len)
        return failed(b);
    size_t need = b->len + more + 1;
    size_t cap = b->cap ? 2 * b->cap : FIRST_CAP;
    while (cap < need)
        cap = cap <= (size_t)PTRDIFF_MAX / 2 ? cap * 2 : need;
    char *p = b->p ? realloc(b->p, cap) : malloc(cap);
    if (!p)
        return failed(b);
    b->p = p;
    b->cap = cap;
    return p + b->len;
}

bool ck_buf_printf(struct ck_buf *b, const char *fmt, ...)
{
    if (!ck_buf_room(b, 0))
        return false;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0) {
        failed(b); /* an encoding error: nothing of it is kept */
        return false;
    }
    if ((size_t)n >= b->cap - b->len) {
        /* The first guess, the room there was, was short: make room for
         * all of it and write it again. */
        if (!ck_buf_room(b, (size_t)n))
            return false;
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
    return true;
}

void ck_buf_clear(struct ck_buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* ck_buf_take of a buffer that holds nothing or has failed. */
char *ck_buf_take_empty(struct ck_buf *b)
{
    bool failed = b->failed;
    ck_buf_free(b);
    return failed ? NULL : calloc(1, 1);
}

void ck_buf_free(struct ck_buf *b)
{
    if (!b)
        return;
    free(b->p);
    *b = (struct ck_buf){0};
}
