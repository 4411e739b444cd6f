/* The pretix export's JSON reader (import/json_read.c) held to jansson,
 * shared by test_json_read and fuzz_json_read: json_oracle_check reads a
 * document with the reader, in pieces of a given size as the import reads
 * a file, builds jansson's tree from its events, and compares what it
 * built, or that it refused, with json_loadb's reading of the same bytes.
 * A string the reader says is not plain is given to jansson's own
 * json_stringn, which refuses what jansson's parser would. */
#include "json_oracle.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/vec.h"
#include "json_read.h"

/* jansson's JSON_PARSER_MAX_DEPTH */
#define JANSSON_DEPTH 2048

struct build {
    json_t *root;
    json_t **stack;
    size_t depth, cap;
    char *key;
    size_t key_len;
    bool refused; /* a value jansson refuses (the grammar aside) */
    bool oom;
};

static int add(struct build *b, json_t *v)
{
    if (!v) {
        b->oom = true;
        return 0;
    }
    if (!b->depth) {
        json_decref(b->root);
        b->root = v;
        return 1;
    }
    json_t *top = b->stack[b->depth - 1];
    int rc = json_is_array(top) ? json_array_append_new(top, v)
                                : json_object_setn_new_nocheck(
                                      top, b->key ? b->key : "", b->key_len, v);
    return rc ? (b->oom = true, 0) : 1;
}

static int on_null(void *ctx)
{
    return add(ctx, json_null());
}

static int on_boolean(void *ctx, bool v)
{
    return add(ctx, json_boolean(v));
}

static int on_number(void *ctx, const char *v, size_t n)
{
    struct build *b = ctx;
    char buf[512];
    if (n >= sizeof(buf)) {
        b->refused = true; /* jansson's token limit is far longer; rare */
        return add(b, json_null());
    }
    memcpy(buf, v, n);
    buf[n] = '\0';
    errno = 0;
    if (strpbrk(buf, ".eE")) {
        double d = strtod(buf, NULL);
        if (errno == ERANGE && isinf(d))
            b->refused = true;
        return add(b, json_real(isinf(d) ? 0 : d));
    }
    long long i = strtoll(buf, NULL, 10);
    if (errno == ERANGE)
        b->refused = true;
    return add(b, json_integer(i));
}

static int on_string(void *ctx, const char *v, size_t n, bool plain)
{
    struct build *b = ctx;
    json_t *s = plain ? json_stringn_nocheck(v, n) : json_stringn(v, n);
    if (!s) {
        b->refused = true;
        s = json_null();
    }
    return add(b, s);
}

static int on_key(void *ctx, const char *k, size_t n, bool plain)
{
    struct build *b = ctx;
    if (!plain) {
        json_t *t = memchr(k, '\0', n) ? NULL : json_stringn(k, n);
        b->refused |= !t; /* jansson keeps no NUL in a key */
        json_decref(t);
    }
    free(b->key);
    b->key = malloc(n + 1);
    if (!b->key)
        return (b->oom = true, 0);
    memcpy(b->key, k, n);
    b->key[n] = '\0';
    b->key_len = n;
    return 1;
}

static int open_one(struct build *b, json_t *c)
{
    json_t *borrowed = c;
    if (!add(b, c))
        return 0;
    if (!CK_VEC_ROOM(b->stack, b->depth, 1, b->cap))
        return (b->oom = true, 0);
    b->stack[b->depth++] = borrowed;
    if (b->depth > JANSSON_DEPTH)
        b->refused = true;
    return 1;
}

static int on_start_map(void *ctx)
{
    return open_one(ctx, json_object());
}

static int on_start_array(void *ctx)
{
    return open_one(ctx, json_array());
}

static int on_end(void *ctx)
{
    struct build *b = ctx;
    b->depth--;
    return 1;
}

static const struct json_events EVENTS = {
    .null = on_null,
    .boolean = on_boolean,
    .number = on_number,
    .string = on_string,
    .key = on_key,
    .start_map = on_start_map,
    .end_map = on_end,
    .start_array = on_start_array,
    .end_array = on_end,
};

/* The reader's reading of doc[0 .. len) in pieces of `piece` bytes (0:
 * whole), as pretix_stream.c's pass feeds it: what a piece left unread
 * comes again before the next.  *fault: the document's byte where the
 * reader refused it (-1: accepted). */
static json_t *read_pieces(const char *doc, size_t len, size_t piece,
                           bool *refused, long *fault, const char **why)
{
    struct build b = {0};
    struct json_reader r;
    json_reader_init(&r, &EVENTS, &b);
    char *buf = malloc(len + 1);
    size_t keep = 0, from = 0, done = 0;
    *fault = -1;
    *why = NULL;
    enum json_read_status rs = JSON_READ_OK;
    for (bool last = false; buf && !last && rs == JSON_READ_OK;) {
        size_t take = piece && len - from > piece ? piece : len - from;
        memcpy(buf + keep, doc + from, take);
        from += take;
        last = from == len;
        size_t n = keep + take, used = 0;
        rs = json_read(&r, buf, n, last, &used);
        if (rs == JSON_READ_BAD) {
            *fault = (long)(done + r.at);
            *why = r.why;
        }
        done += used;
        keep = n - used;
        memmove(buf, buf + used, keep);
    }
    json_reader_free(&r);
    free(buf);
    free(b.key);
    free(b.stack);
    *refused = b.refused;
    if (rs != JSON_READ_OK || b.oom || !buf) {
        json_decref(b.root);
        if (rs != JSON_READ_BAD)
            *fault = -2; /* out of memory, or a stop nobody asked */
        return NULL;
    }
    return b.root;
}

int json_oracle_check(const char *doc, size_t len, size_t piece, char *why,
                      size_t cap)
{
    json_error_t jerr;
    json_t *want =
        json_loadb(doc, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    bool refused;
    long fault, whole_fault;
    const char *phrase;
    json_t *got = read_pieces(doc, len, piece, &refused, &fault, &phrase);
    int bad = 0;
    /* jansson drops a NUL byte straight after a number ("[1\0]" is [1]
     * to it, "0\0" is 0): a raw NUL is no JSON anywhere, and the reader
     * refuses it where it stands, as yajl did. */
    if (want && fault >= 0 && (size_t)fault < len && doc[fault] == '\0') {
        json_decref(want);
        json_decref(got);
        return 0;
    }
    if (fault == -2) {
        snprintf(why, cap, "the reader ran out of memory or stopped");
        bad = 1;
    } else if (!want != (!got || refused)) {
        snprintf(why, cap, "jansson %s (%s), the reader %s (%s)",
                 want ? "accepts" : "refuses", want ? "-" : jerr.text,
                 got && !refused ? "accepts" : "refuses",
                 phrase ? phrase
                 : got  ? "a value jansson refuses"
                        : "-");
        bad = 1;
    } else if (want && !json_equal(want, got)) {
        snprintf(why, cap, "the reader's tree differs from jansson's");
        bad = 1;
    } else if (piece && fault >= 0) {
        /* The fault is at the same byte however the document comes. */
        bool r2;
        const char *p2;
        json_t *g2 = read_pieces(doc, len, 0, &r2, &whole_fault, &p2);
        json_decref(g2);
        if (whole_fault != fault || strcmp(p2 ? p2 : "", phrase)) {
            snprintf(why, cap,
                     "in pieces of %zu the fault is at byte %ld (%s), "
                     "whole at %ld (%s)",
                     piece, fault, phrase, whole_fault, p2 ? p2 : "-");
            bad = 1;
        }
    }
    json_decref(want);
    json_decref(got);
    return bad;
}
