/* A growable byte buffer: text built piece by piece (a search key, a
 * canonical JSON text, a COPY stream, a server-sent event) and bytes read
 * whole.  One type for what was written again in each room.
 *
 * A buffer starts as `struct ck_buf b = {0};`.  Its bytes are b.p[0 ..
 * b.len), followed by a NUL once anything was added, so that a text is a
 * C string as it stands.  The buffer owns b.p: ck_buf_take hands it over,
 * ck_buf_free frees it.
 *
 * Out of memory is noted once in the buffer: the call that fails returns
 * false, every later addition does nothing and returns false, and
 * ck_buf_take returns NULL, so that a caller may add many pieces and look
 * once at the end.  Nothing is cut short: an addition is whole or not at
 * all. */
#ifndef CHECKIN_BUF_H
#define CHECKIN_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct ck_buf {
    char *p;     /* NULL until the first addition */
    size_t len;  /* bytes held, not counting the NUL after them */
    size_t cap;  /* bytes allocated at p */
    bool failed; /* an allocation failed: the buffer takes nothing more */
};

/* ck_buf_room's slow path, for when there is no room: allocate, or
 * note the failure. */
char *ck_buf_grow(struct ck_buf *b, size_t more)
    __attribute__((warn_unused_result));

/* Make room for `more` bytes after the `len` held and a NUL after them,
 * doubling the allocation as often as needed.  Returns where they go
 * (b->p + b->len), for a caller that writes them itself and then moves
 * b->len past them (and writes the NUL); NULL when memory runs out or the
 * buffer has failed before (a failed buffer has no room: cap 0). */
__attribute__((warn_unused_result)) static inline char *
ck_buf_room(struct ck_buf *b, size_t more)
{
    if (more < b->cap - b->len)
        return b->p + b->len;
    return ck_buf_grow(b, more);
}

/* Append `n` bytes from `s` (which may hold NULs) and a NUL after them. */
static inline bool ck_buf_add(struct ck_buf *b, const void *s, size_t n)
{
    /* The common case, one comparison: room for the bytes and the NUL. */
    if (b->cap - b->len <= n && !ck_buf_grow(b, n))
        return false;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}

/* Append one byte. */
static inline bool ck_buf_addc(struct ck_buf *b, char c)
{
    if (b->len + 1 >= b->cap && !ck_buf_grow(b, 1))
        return false;
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
    return true;
}

/* Append the C string `s`. */
static inline bool ck_buf_adds(struct ck_buf *b, const char *s)
{
    return ck_buf_add(b, s, strlen(s));
}

/* Append what snprintf(fmt, ...) writes, however long. */
bool ck_buf_printf(struct ck_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Empty the buffer for reuse, keeping its memory (and a failure). */
void ck_buf_clear(struct ck_buf *b);

/* The buffer's text, for the caller to free(); "" (allocated) when
 * nothing was added, NULL when memory ran out at any point.  The buffer
 * is left empty ({0}) either way. */
char *ck_buf_take_empty(struct ck_buf *b) /* its slow path */
    __attribute__((warn_unused_result));
__attribute__((warn_unused_result)) static inline char *
ck_buf_take(struct ck_buf *b)
{
    char *p = b->p;
    if (!p || b->failed)
        return ck_buf_take_empty(b); /* nothing, or nothing whole */
    *b = (struct ck_buf){0};
    return p;
}

/* Free the buffer's memory and leave it empty; `b` may be NULL. */
void ck_buf_free(struct ck_buf *b);

#endif
