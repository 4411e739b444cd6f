/* A streaming JSON reader (RFC 8259), for the pretix export
 * (pretix_stream.c): it is handed the document in pieces and calls an
 * event for each value, key and container as it reads them, as yajl's
 * callbacks did, at a fifth of yajl's instructions a byte.  It judges
 * the grammar only; what a string holds is told to the events (`plain`),
 * which decide.  Private to import/. */
#ifndef CHECKIN_JSON_READ_H
#define CHECKIN_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/buf.h"

/* What the reader found.  Each returns nonzero to go on, 0 to stop the
 * reading (json_read then returns JSON_READ_STOPPED).  A string's and a
 * key's bytes are decoded (escapes replaced), borrowed for the call, and
 * `plain` when they are valid UTF-8 with no NUL and no \u escape of a
 * surrogate left unpaired; jansson refuses the others, or keeps the NUL,
 * so a caller that wants jansson's word leaves them to it.  A number is
 * its text as written (-?int frac? exp?). */
struct json_events {
    int (*null)(void *ctx);
    int (*boolean)(void *ctx, bool v);
    int (*number)(void *ctx, const char *v, size_t n);
    int (*string)(void *ctx, const char *v, size_t n, bool plain);
    int (*key)(void *ctx, const char *k, size_t n, bool plain);
    int (*start_map)(void *ctx);
    int (*end_map)(void *ctx);
    int (*start_array)(void *ctx);
    int (*end_array)(void *ctx);
};

enum json_read_status {
    JSON_READ_OK,      /* every whole token read */
    JSON_READ_STOPPED, /* an event returned 0 */
    JSON_READ_BAD,     /* not JSON: `why`, at byte `at` of the piece */
    JSON_READ_NOMEM
};

struct json_reader {
    const struct json_events *ev;
    void *ctx;
    int state;
    /* the containers open, a bit each (set: an object), `depth` of them */
    uint64_t *nest;
    size_t depth, nest_cap;
    /* in the piece being read: just past the token whose event is being
     * called, or where the fault is */
    size_t at;
    const char *why;   /* JSON_READ_BAD's phrase (N_(), for gettext) */
    struct ck_buf str; /* a string with escapes, decoded */
};

/* A reader calling `ev` with `ctx`; json_reader_free frees it. */
void json_reader_init(struct json_reader *r, const struct json_events *ev,
                      void *ctx);
void json_reader_free(struct json_reader *r);

/* Reads the tokens of p[0 .. n): every whole one, calling its event.
 * *used is set to the bytes read; a token cut at the piece's end is left
 * unread, to be handed again at the start of the next piece (a caller
 * keeps p[*used .. n) and adds what follows).  `last`: the document ends
 * at n, and one cut short, or text after it, is BAD. */
enum json_read_status json_read(struct json_reader *r, const char *p, size_t n,
                                bool last, size_t *used /* out */);

#endif
