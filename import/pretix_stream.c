/* The pretix reader: reads the "Order data (JSON)" export as a stream and
 * hands each order on, to the import (import_pretix.c, which makes
 * registration rows of it) or to another reader (pretix_each_order, for
 * describe).  What an order becomes is not decided here.
 *
 * A million positions are a 300 MB file, and jansson's tree of it nine
 * times that, so the file is never whole in memory: the JSON reader
 * (json_read.c) reads it in chunks, and the fields the import reads of
 * each order are put in its view (struct order_view) as the reader's
 * events come, with no tree (its bytes kept, for jansson to judge an
 * order the events would read otherwise; see add), and let go once
 * imported; another reader (pretix_each_order) is
 * given each order's tree, built from the same events.  Everything but
 * the orders (items, questions, the slug) is kept as text and parsed by
 * jansson as one small document.  pretix writes items and questions
 * before the orders; a file that has them after is read twice, the second
 * time for the orders. */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/buf.h"
#include "checkin/text.h"
#include "checkin/vec.h"
#include "import_priv.h"
#include "json_read.h"
#include "pretix_priv.h"

/* Bytes read from the file at a time: the parser's whole buffer. */
#define CHUNK (64 * 1024)

static long count_lines(const char *p, size_t n)
{
    long k = 0;
    for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        k++;
    return k;
}

long pretix_line_of(void *ctx, const char *needle)
{
    const struct pretix_source *src = ctx;
    if (!needle || !*needle)
        return 0;
    size_t n = strlen(needle) + 2;
    char *q = malloc(n + 1);
    if (!q)
        return 0;
    snprintf(q, n + 1, "\"%s\"", needle);
    long line = 0;
    if (src->data) {
        const char *hit = memmem(src->data, src->len, q, n);
        if (hit)
            line = 1 + count_lines(src->data, (size_t)(hit - src->data));
        free(q);
        return line;
    }
    /* The stream is mid-file: read it again from its own handle, keeping
     * the needle's length less one byte of each window for the next. */
    FILE *f = fopen(src->path, "rb");
    char *buf = malloc(CHUNK + n);
    size_t keep = 0;
    long before = 1;
    while (f && buf) {
        size_t got = fread(buf + keep, 1, CHUNK, f);
        if (!got)
            break;
        size_t have = keep + got;
        const char *hit = memmem(buf, have, q, n);
        if (hit) {
            line = before + count_lines(buf, (size_t)(hit - buf));
            break;
        }
        keep = have < n - 1 ? have : n - 1;
        before += count_lines(buf, have - keep);
        memmove(buf, buf + have - keep, keep);
    }
    free(buf);
    if (f)
        fclose(f);
    free(q);
    return line;
}

/* ---- the order's view ---- */

static void view_reset(struct order_view *v)
{
    v->code = v->status = v->email = v->invoice_name = v->datetime = NO_STR;
    v->comment = v->locale = NO_STR;
    v->testmode = v->positions_array = v->attention = false;
    v->npos = v->nans = 0;
    v->text.len = 0;
}

static void view_free(struct order_view *v)
{
    free(v->pos);
    free(v->ans);
    ck_buf_free(&v->text);
}

/* `n` bytes of text into the view; NO_STR when out of memory, which
 * v->text.failed then says. */
static struct vstr view_text(struct order_view *v, const char *s, size_t n)
{
    struct vstr r = {(long)v->text.len, n};
    if (!ck_buf_add(&v->text, s, n) || !ck_buf_addc(&v->text, '\0'))
        return NO_STR;
    return r;
}

static struct vstr view_int_text(struct order_view *v, json_int_t i)
{
    char num[24];
    size_t n = import_i64_text(i, num);
    return view_text(v, num, n);
}

/* A new position or answer; NULL when out of memory. */
static struct vpos *view_new_pos(struct order_view *v)
{
    if (!CK_VEC_ROOM(v->pos, v->npos, 1, v->cap_pos))
        return NULL;
    struct vpos *p = &v->pos[v->npos++];
    *p = (struct vpos){.item = NO_STR,
                       .variation = NO_STR,
                       .id = NO_STR,
                       .secret = NO_STR,
                       .attendee_name = NO_STR,
                       .attendee_email = NO_STR,
                       .company = NO_STR,
                       .given_name = NO_STR,
                       .family_name = NO_STR,
                       .blocked_why = NO_STR,
                       .valid_from = NO_STR,
                       .valid_until = NO_STR,
                       .seat = NO_STR,
                       .answers_from = v->nans};
    return p;
}

static struct vanswer *view_new_answer(struct order_view *v)
{
    if (!CK_VEC_ROOM(v->ans, v->nans, 1, v->cap_ans))
        return NULL;
    v->pos[v->npos - 1].nanswers++;
    struct vanswer *a = &v->ans[v->nans++];
    *a = (struct vanswer){.answer = NO_STR};
    return a;
}

/* A string value of the tree into the view, or NO_STR. */
static struct vstr tree_str(struct order_view *v, json_t *s)
{
    if (!json_is_string(s))
        return NO_STR;
    return view_text(v, json_string_value(s), json_string_length(s));
}

/* as_text's text of a value of the tree into the view, or NO_STR. */
static struct vstr tree_text(struct order_view *v, json_t *x)
{
    if (json_is_integer(x))
        return view_int_text(v, json_integer_value(x));
    return tree_str(v, x);
}

/* A reason of a position's `blocked` list into its view ("," between
 * two); false when out of memory. */
static bool add_reason(struct order_view *v, struct vpos *p, const char *s,
                       size_t n)
{
    p->blocked = true;
    if (p->blocked_why.off < 0) {
        p->blocked_why = view_text(v, s, n);
        return p->blocked_why.off >= 0;
    }
    /* The reasons are the last text added: its NUL becomes the comma. */
    v->text.len--;
    if (!ck_buf_addc(&v->text, ',') || !ck_buf_add(&v->text, s, n) ||
        !ck_buf_addc(&v->text, '\0'))
        return false;
    p->blocked_why.len += 1 + n;
    return true;
}

/* A position's `blocked` from jansson's tree: pretix writes null or a
 * list of reasons; a non-empty list (or any other true value) blocks. */
static bool tree_blocked(struct order_view *v, struct vpos *p, json_t *b)
{
    if (json_is_array(b)) {
        size_t i;
        json_t *x;
        json_array_foreach(b, i, x)
        {
            const char *why = json_is_string(x) ? json_string_value(x) : "";
            if (!add_reason(v, p, why, strlen(why)))
                return false;
        }
        return true;
    }
    if (json_is_string(b))
        return add_reason(v, p, json_string_value(b), json_string_length(b));
    p->blocked =
        json_is_true(b) || (json_is_integer(b) && json_integer_value(b) != 0);
    return true;
}

/* The view of an order jansson read (or of an order that is not an
 * object, which has none of the fields); false when out of memory. */
static bool view_from_tree(struct order_view *v, json_t *order)
{
    view_reset(v);
    if (!json_is_object(order))
        return true;
    v->code = tree_str(v, json_object_get(order, "code"));
    v->status = tree_str(v, json_object_get(order, "status"));
    v->email = tree_str(v, json_object_get(order, "email"));
    v->datetime = tree_str(v, json_object_get(order, "datetime"));
    v->testmode = json_is_true(json_object_get(order, "testmode"));
    v->attention = json_is_true(json_object_get(order, "checkin_attention"));
    v->comment = tree_str(v, json_object_get(order, "comment"));
    v->locale = tree_str(v, json_object_get(order, "locale"));
    v->invoice_name = tree_str(
        v, json_object_get(json_object_get(order, "invoice_address"), "name"));
    json_t *positions = json_object_get(order, "positions");
    v->positions_array = json_is_array(positions);
    size_t i;
    json_t *p;
    json_array_foreach(positions, i, p)
    {
        struct vpos *vp = view_new_pos(v);
        if (!vp)
            return false;
        if (!json_is_object(p))
            continue;
        vp->item = tree_text(v, json_object_get(p, "item"));
        vp->variation = tree_text(v, json_object_get(p, "variation"));
        json_t *id = json_object_get(p, "id");
        vp->id = tree_text(v, id);
        vp->id_value = json_integer_value(id);
        vp->positionid = json_integer_value(json_object_get(p, "positionid"));
        vp->secret = tree_str(v, json_object_get(p, "secret"));
        json_t *to = json_object_get(p, "addon_to");
        vp->addon = !to || json_is_null(to) ? ADDON_NONE
                    : json_is_integer(to)   ? ADDON_INT
                                            : ADDON_OTHER;
        vp->addon_to = json_integer_value(to);
        vp->canceled = json_is_true(json_object_get(p, "canceled"));
        vp->attendee_name = tree_str(v, json_object_get(p, "attendee_name"));
        vp->attendee_email = tree_str(v, json_object_get(p, "attendee_email"));
        vp->company = tree_str(v, json_object_get(p, "company"));
        vp->valid_from = tree_str(v, json_object_get(p, "valid_from"));
        vp->valid_until = tree_str(v, json_object_get(p, "valid_until"));
        vp->seat = tree_str(v, json_object_get(p, "seat"));
        if (!tree_blocked(v, vp, json_object_get(p, "blocked")))
            return false;
        json_t *parts = json_object_get(p, "attendee_name_parts");
        vp->given_name = tree_str(v, json_object_get(parts, "given_name"));
        vp->family_name = tree_str(v, json_object_get(parts, "family_name"));
        size_t k;
        json_t *a;
        json_array_foreach(json_object_get(p, "answers"), k, a)
        {
            if (!json_is_object(a))
                continue;
            struct vanswer *va = view_new_answer(v);
            if (!va)
                return false;
            json_t *q = json_object_get(a, "question");
            va->has_question = json_is_integer(q);
            va->question = json_integer_value(q);
            va->answer = tree_str(v, json_object_get(a, "answer"));
        }
    }
    return !v->text.failed;
}

/* ---- the stream ---- */

/* Where a value of an order goes in its view: a key of an object the
 * view reads, or an element of one of its arrays; F_NONE for the rest. */
enum field {
    F_NONE,
    F_CODE,
    F_STATUS,
    F_EMAIL,
    F_DATETIME,
    F_TESTMODE,
    F_INVOICE,
    F_POSITIONS,
    F_INVOICE_NAME,
    F_POSITION,
    F_ITEM,
    F_VARIATION,
    F_ID,
    F_POSITIONID,
    F_SECRET,
    F_ADDON_TO,
    F_PARTS,
    F_ATTENDEE_NAME,
    F_ATTENDEE_EMAIL,
    F_COMPANY,
    F_CANCELED,
    F_ANSWERS,
    F_GIVEN_NAME,
    F_FAMILY_NAME,
    F_ANSWER,
    F_QUESTION,
    F_ANSWER_TEXT,
    F_ATTENTION,
    F_COMMENT,
    F_LOCALE,
    F_BLOCKED,
    F_BLOCKED_REASON,
    F_VALID_FROM,
    F_VALID_UNTIL,
    F_SEAT,
    F_FIELDS
};
_Static_assert(F_FIELDS <= 64, "a frame's `fields` has a bit a field");

/* The containers of an order whose contents the view reads. */
enum kind {
    K_OTHER,
    K_ORDER,
    K_INVOICE,
    K_POSITIONS,
    K_POSITION,
    K_PARTS,
    K_ANSWERS,
    K_ANSWER,
    K_BLOCKED,
    K_KINDS
};

struct frame {
    enum kind kind;
    bool object;
    enum field field; /* an object's: where its last key's value goes */
    uint64_t fields;  /* a bit for each field its keys named */
    size_t keys_from; /* its keys the import does not read, in `keys` */
    uint64_t hashes;  /* and a bit for each (key_bit) */
};

/* A bit for key `k`: an object's keys are compared with a new one only
 * when its bit is set already, which for keys of different lengths or
 * ends is seldom. */
static uint64_t key_bit(const unsigned char *k, size_t n)
{
    unsigned h = (unsigned)n * 7u + (n ? k[0] * 3u + k[n - 1] : 0u);
    return (uint64_t)1 << (h & 63);
}

/* The field key `k` names in an object of kind `kind`, F_NONE for a key
 * the import does not read.  A switch on the key's length and then one
 * comparison of constant length (which the compiler makes a load or two)
 * each: a scan of a table of the kind's keys, a memcmp call for each
 * whose length and first byte matched, was 66 instructions a key
 * (callgrind, 140,000 positions, 12 keys each). */
#define IS(word) (!memcmp(k, word, sizeof(word) - 1))
static enum field order_field(const unsigned char *k, size_t n)
{
    switch (n) {
    case 4:
        return IS("code") ? F_CODE : F_NONE;
    case 5:
        return IS("email") ? F_EMAIL : F_NONE;
    case 6:
        return IS("status") ? F_STATUS : IS("locale") ? F_LOCALE : F_NONE;
    case 7:
        return IS("comment") ? F_COMMENT : F_NONE;
    case 8:
        return IS("datetime")   ? F_DATETIME
               : IS("testmode") ? F_TESTMODE
                                : F_NONE;
    case 9:
        return IS("positions") ? F_POSITIONS : F_NONE;
    case 15:
        return IS("invoice_address") ? F_INVOICE : F_NONE;
    case 17:
        return IS("checkin_attention") ? F_ATTENTION : F_NONE;
    default:
        return F_NONE;
    }
}

static enum field position_field(const unsigned char *k, size_t n)
{
    switch (n) {
    case 2:
        return IS("id") ? F_ID : F_NONE;
    case 4:
        return IS("item") ? F_ITEM : IS("seat") ? F_SEAT : F_NONE;
    case 6:
        return IS("secret") ? F_SECRET : F_NONE;
    case 7:
        return IS("company")   ? F_COMPANY
               : IS("answers") ? F_ANSWERS
               : IS("blocked") ? F_BLOCKED
                               : F_NONE;
    case 8:
        return IS("canceled")   ? F_CANCELED
               : IS("addon_to") ? F_ADDON_TO
                                : F_NONE;
    case 9:
        return IS("variation") ? F_VARIATION : F_NONE;
    case 10:
        return IS("positionid")   ? F_POSITIONID
               : IS("valid_from") ? F_VALID_FROM
                                  : F_NONE;
    case 11:
        return IS("valid_until") ? F_VALID_UNTIL : F_NONE;
    case 13:
        return IS("attendee_name") ? F_ATTENDEE_NAME : F_NONE;
    case 14:
        return IS("attendee_email") ? F_ATTENDEE_EMAIL : F_NONE;
    case 19:
        return IS("attendee_name_parts") ? F_PARTS : F_NONE;
    default:
        return F_NONE;
    }
}

static enum field field_of(enum kind kind, const unsigned char *k, size_t n)
{
    switch (kind) {
    case K_ORDER:
        return order_field(k, n);
    case K_POSITION:
        return position_field(k, n);
    case K_INVOICE:
        return n == 4 && IS("name") ? F_INVOICE_NAME : F_NONE;
    case K_PARTS:
        return n == 10 && IS("given_name")    ? F_GIVEN_NAME
               : n == 11 && IS("family_name") ? F_FAMILY_NAME
                                              : F_NONE;
    case K_ANSWER:
        return n == 8 && IS("question") ? F_QUESTION
               : n == 6 && IS("answer") ? F_ANSWER_TEXT
                                        : F_NONE;
    default:
        return F_NONE;
    }
}
#undef IS

struct stream {
    /* what is done with the export: the import's, or another reader's
     * (pretix_each_order), which has no importer */
    struct importer *im;
    int (*on_meta)(void *ctx, json_t *root, struct ck_error *err);
    int (*on_order)(void *ctx, json_t *order, struct ck_error *err);
    void *ctx;
    const struct pretix_source *src;
    struct ck_error *err;
    int code;
    struct json_reader jr;
    /* the chunk being parsed, and lines counted in it up to line_pos */
    const unsigned char *chunk;
    size_t chunk_len, line_pos;
    long line; /* the line at chunk + line_pos, 1-based */
    uint64_t done;
    /* where the parser is: containers open, and whether they are the
     * root object, the event object and its orders array */
    long lvl;
    bool root_map, key_event, event_open, key_orders, orders_open;
    bool orders_seen, seen_items, seen_questions, seen_slug;
    long orders_from_line, orders_to_line;
    /* everything but the orders, as text, and the order being read */
    struct ck_buf meta, order;
    bool meta_on, order_on;
    size_t meta_from, order_from;
    long order_line;
    /* the order's tree, built from the reader's events (stack[0] owned, the
     * rest borrowed), `depth` containers deep; `slow` when jansson must
     * judge the order's text instead (see add) */
    json_t **stack;
    long depth;
    size_t cap;
    struct ck_buf key;
    bool slow;
    /* or, when `on_view` is set (the import), the order's view, read
     * from the events without a tree: for each container open in the
     * order, a frame (`depth` of them), and the keys of the objects open,
     * to find a key given twice, which jansson would refuse */
    int (*on_view)(void *ctx, const struct order_view *v, struct ck_error *err);
    struct order_view view;
    struct frame *frames;
    size_t frames_cap;
    struct ck_buf keys;
    /* orders are imported in this pass (else only counted); the second
     * pass reads only them */
    bool process, second;
    long norders;
    json_t *root; /* parsed `meta` */
};

/* Where the reader is in the chunk: just past the token being read. */
static size_t offset(struct stream *st)
{
    return st->jr.at;
}

/* The line of byte `off` of the chunk (calls go forward in a chunk). */
static long line_at(struct stream *st, size_t off)
{
    if (off > st->line_pos) {
        st->line += count_lines((const char *)st->chunk + st->line_pos,
                                off - st->line_pos);
        st->line_pos = off;
    }
    return st->line;
}

static int fail_oom(struct stream *st)
{
    st->code =
        ck_fail(st->err, CK_ENOMEM, "Out of memory reading %s.", st->src->path);
    return 0;
}

static int fail_json(struct stream *st, long line, const char *why)
{
    st->code = ck_fail(st->err, CK_EINVAL,
                       "%s:%ld: not valid JSON (%s); export \"Order data "
                       "(JSON)\" from pretix again.",
                       st->src->path, line, why);
    return 0;
}

/* Parse text with jansson, strictly, but a NUL inside a string is
 * accepted (import removes it from names); `first` is the file's line
 * of the text's first line, `skip_from`/`skip` lines left out after the
 * file's line skip_from (the orders, for `meta`). */
static json_t *parse_part(struct stream *st, const struct ck_buf *b, long first,
                          long skip_from, long skip)
{
    json_error_t jerr;
    json_t *v = json_loadb(b->p ? b->p : "", b->len,
                           JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!v) {
        long line = first + (jerr.line > 0 ? jerr.line : 1) - 1;
        if (skip && line > skip_from)
            line += skip;
        fail_json(st, line, jerr.text);
    }
    return v;
}

/* The export's metadata is known: the reader's on_meta; the orders are
 * handed on from now. */
static int meta_known(struct stream *st)
{
    st->code = st->on_meta(st->ctx, st->root, st->err);
    st->process = !st->code;
    return !st->code;
}

static int not_export(struct stream *st)
{
    st->code = ck_fail(st->err, CK_EINVAL,
                       "%s is JSON but not a pretix order export (no "
                       "event.orders); export \"Order data (JSON)\" from "
                       "pretix.",
                       st->src->path);
    return 0;
}

static bool at_order(const struct stream *st)
{
    return st->orders_open && st->lvl == 3;
}

/* jansson's limit of nesting (JSON_PARSER_MAX_DEPTH), for the order. */
#define MAX_DEPTH 2048

/* The order's tree (or view) is built from the reader's events, as
 * jansson would build it from the order's text, which it lexes at 10
 * times yajl's cost per byte.  Where jansson would refuse the text or read
 * it otherwise (a string not UTF-8 or with a NUL, a \u escape of a
 * surrogate left unpaired, a key twice, a number beyond 64 bits, nesting
 * beyond its limit) the order is left to jansson, which says why at the
 * order's line. */
static void go_slow(struct stream *st)
{
    if (!st->slow && !st->on_view && st->stack)
        json_decref(st->stack[0]);
    st->slow = true;
}

static int add(struct stream *st, json_t *v)
{
    if (!v)
        return fail_oom(st);
    if (st->slow) {
        json_decref(v);
        return 1;
    }
    json_t *top = st->stack[st->depth - 1];
    if (json_is_array(top))
        return json_array_append_new(top, v) ? fail_oom(st) : 1;
    /* A key twice replaces the first value and leaves the size as it
     * was: jansson then judges the order, and refuses it.  Looking the
     * key up first was 5% of a pretix import's instructions (callgrind,
     * 10,000 positions). */
    size_t had = json_object_size(top);
    if (json_object_setn_new_nocheck(top, st->key.p, st->key.len, v))
        return fail_oom(st);
    if (json_object_size(top) == had)
        go_slow(st);
    return 1;
}

/* A container opens in the order (`c` its first) or as the order. */
static int open_container(struct stream *st, json_t *c)
{
    size_t depth = (size_t)st->depth;
    if (!CK_VEC_ROOM(st->stack, depth, 1, st->cap)) {
        json_decref(c);
        return fail_oom(st);
    }
    if (st->depth == 0) {
        st->slow = false;
        if (!c)
            return fail_oom(st);
        st->stack[st->depth++] = c;
        return 1;
    }
    if (st->depth >= MAX_DEPTH)
        go_slow(st);
    json_t *borrowed = c;
    if (!add(st, c))
        return 0;
    st->stack[st->depth++] = st->slow ? NULL : borrowed;
    return 1;
}

/* ---- the order's view, read from the events ---- */

/* Where the value being read goes. */
static enum field slot(const struct stream *st)
{
    const struct frame *f = &st->frames[st->depth - 1];
    return f->kind == K_POSITIONS ? F_POSITION
           : f->kind == K_ANSWERS ? F_ANSWER
           : f->kind == K_BLOCKED ? F_BLOCKED_REASON
                                  : f->field;
}

static struct vpos *cur_pos(struct stream *st)
{
    return &st->view.pos[st->view.npos - 1];
}

/* A container opens in the order (`object` or an array) or as it. */
static int view_open(struct stream *st, bool object)
{
    if (!st->slow && st->depth >= MAX_DEPTH)
        go_slow(st);
    if (st->slow) {
        st->depth++;
        return 1;
    }
    if (!CK_VEC_ROOM(st->frames, (size_t)st->depth, 1, st->frames_cap))
        return fail_oom(st);
    struct order_view *v = &st->view;
    enum kind kind = K_OTHER;
    enum field at = st->depth ? slot(st) : F_NONE;
    if (!st->depth && object)
        kind = K_ORDER;
    else if (at == F_POSITIONS && !object) {
        kind = K_POSITIONS;
        v->positions_array = true;
    } else if (at == F_INVOICE && object)
        kind = K_INVOICE;
    else if (at == F_POSITION) {
        if (!view_new_pos(v))
            return fail_oom(st);
        kind = object ? K_POSITION : K_OTHER;
    } else if (at == F_PARTS && object)
        kind = K_PARTS;
    else if (at == F_ANSWERS && !object)
        kind = K_ANSWERS;
    else if (at == F_ANSWER && object) {
        if (!view_new_answer(v))
            return fail_oom(st);
        kind = K_ANSWER;
    } else if (at == F_ADDON_TO)
        cur_pos(st)->addon = ADDON_OTHER;
    else if (at == F_BLOCKED && !object)
        kind = K_BLOCKED;
    else if (at == F_BLOCKED || at == F_BLOCKED_REASON)
        cur_pos(st)->blocked = true;
    st->frames[st->depth++] =
        (struct frame){kind, object, F_NONE, 0, st->keys.len, 0};
    return 1;
}

static void view_close(struct stream *st)
{
    st->depth--;
    if (!st->slow && st->frames[st->depth].object)
        st->keys.len = st->frames[st->depth].keys_from;
}

/* Whether the object `f` has key `k` already. */
static bool key_twice(const struct stream *st, const struct frame *f,
                      const unsigned char *k, size_t n)
{
    if (st->keys.len <= f->keys_from)
        return false;
    const char *p = st->keys.p + f->keys_from;
    const char *end = st->keys.p + st->keys.len;
    while (p < end) {
        size_t len;
        memcpy(&len, p, sizeof(len));
        p += sizeof(len);
        if (len == n && !memcmp(p, k, n))
            return true;
        p += len;
    }
    return false;
}

static int view_key(struct stream *st, const unsigned char *k, size_t n,
                    bool plain)
{
    if (st->slow)
        return 1;
    struct frame *f = &st->frames[st->depth - 1];
    enum field field = field_of(f->kind, k, n);
    f->field = field;
    if (!plain) {
        go_slow(st);
        return 1;
    }
    /* A key the import reads is found twice by its field's bit: keeping
     * and comparing its text too was 40 instructions a key (callgrind,
     * 140,000 positions of 12 keys). */
    if (field != F_NONE) {
        uint64_t seen = (uint64_t)1 << field;
        if (f->fields & seen)
            go_slow(st);
        f->fields |= seen;
        return 1;
    }
    uint64_t bit = key_bit(k, n);
    if ((f->hashes & bit) && key_twice(st, f, k, n)) {
        go_slow(st);
        return 1;
    }
    f->hashes |= bit;
    if (!ck_buf_add(&st->keys, &n, sizeof(n)) || !ck_buf_add(&st->keys, k, n))
        return fail_oom(st);
    return 1;
}

/* A string (UTF-8 without NUL) in the order. */
static int view_string(struct stream *st, const char *s, size_t n)
{
    struct order_view *v = &st->view;
    struct vstr *to;
    switch (slot(st)) {
    case F_CODE:
        to = &v->code;
        break;
    case F_STATUS:
        to = &v->status;
        break;
    case F_EMAIL:
        to = &v->email;
        break;
    case F_DATETIME:
        to = &v->datetime;
        break;
    case F_INVOICE_NAME:
        to = &v->invoice_name;
        break;
    case F_ITEM:
        to = &cur_pos(st)->item;
        break;
    case F_VARIATION:
        to = &cur_pos(st)->variation;
        break;
    case F_ID:
        to = &cur_pos(st)->id;
        break;
    case F_SECRET:
        to = &cur_pos(st)->secret;
        break;
    case F_ATTENDEE_NAME:
        to = &cur_pos(st)->attendee_name;
        break;
    case F_ATTENDEE_EMAIL:
        to = &cur_pos(st)->attendee_email;
        break;
    case F_COMPANY:
        to = &cur_pos(st)->company;
        break;
    case F_GIVEN_NAME:
        to = &cur_pos(st)->given_name;
        break;
    case F_FAMILY_NAME:
        to = &cur_pos(st)->family_name;
        break;
    case F_ANSWER_TEXT:
        to = &v->ans[v->nans - 1].answer;
        break;
    case F_COMMENT:
        to = &v->comment;
        break;
    case F_LOCALE:
        to = &v->locale;
        break;
    case F_VALID_FROM:
        to = &cur_pos(st)->valid_from;
        break;
    case F_VALID_UNTIL:
        to = &cur_pos(st)->valid_until;
        break;
    case F_SEAT:
        to = &cur_pos(st)->seat;
        break;
    case F_BLOCKED:
    case F_BLOCKED_REASON:
        return add_reason(v, cur_pos(st), s, n) ? 1 : fail_oom(st);
    case F_ADDON_TO:
        cur_pos(st)->addon = ADDON_OTHER;
        return 1;
    case F_POSITION:
        return view_new_pos(v) ? 1 : fail_oom(st);
    default:
        return 1;
    }
    *to = view_text(v, s, n); /* out of memory: v->text.failed */
    return 1;
}

static int view_integer(struct stream *st, json_int_t i)
{
    struct order_view *v = &st->view;
    switch (slot(st)) {
    case F_ITEM:
        cur_pos(st)->item = view_int_text(v, i);
        break;
    case F_VARIATION:
        cur_pos(st)->variation = view_int_text(v, i);
        break;
    case F_ID:
        cur_pos(st)->id = view_int_text(v, i);
        cur_pos(st)->id_value = i;
        break;
    case F_POSITIONID:
        cur_pos(st)->positionid = i;
        break;
    case F_ADDON_TO:
        cur_pos(st)->addon = ADDON_INT;
        cur_pos(st)->addon_to = i;
        break;
    case F_QUESTION:
        v->ans[v->nans - 1].has_question = true;
        v->ans[v->nans - 1].question = i;
        break;
    case F_BLOCKED:
    case F_BLOCKED_REASON:
        cur_pos(st)->blocked |= i != 0 || slot(st) == F_BLOCKED_REASON;
        break;
    case F_POSITION:
        return view_new_pos(v) ? 1 : fail_oom(st);
    default:
        break;
    }
    return 1;
}

/* null, true, false or a real number in the order. */
static int view_other(struct stream *st, bool null, bool truth)
{
    switch (slot(st)) {
    case F_TESTMODE:
        st->view.testmode = truth;
        break;
    case F_CANCELED:
        cur_pos(st)->canceled = truth;
        break;
    case F_ATTENTION:
        st->view.attention = truth;
        break;
    case F_BLOCKED:
        cur_pos(st)->blocked |= truth;
        break;
    case F_BLOCKED_REASON:
        cur_pos(st)->blocked |= !null;
        break;
    case F_ADDON_TO:
        cur_pos(st)->addon = null ? ADDON_NONE : ADDON_OTHER;
        break;
    case F_POSITION:
        return view_new_pos(&st->view) ? 1 : fail_oom(st);
    default:
        break;
    }
    return 1;
}

/* Puts in *out the integer that the reader's number text `v` (`n` bytes,
 * -?[0-9]+ or a real) is; false for a real or one beyond 64 bits, which
 * strtoll judges as before.  strtoll, and the copy and strpbrk before
 * it, were 250 instructions of each of a position's two integers
 * (callgrind). */
static bool plain_integer(const char *v, size_t n, long long *out)
{
    bool neg = n && v[0] == '-';
    uint64_t u = 0;
    if (n == (size_t)neg)
        return false;
    for (size_t i = neg; i < n; i++) {
        unsigned d = (unsigned char)v[i] - (unsigned)'0';
        if (d > 9 || u > (UINT64_MAX - d) / 10)
            return false;
        u = u * 10 + d;
    }
    uint64_t lim = neg ? (uint64_t)LLONG_MAX + 1 : (uint64_t)LLONG_MAX;
    if (u > lim)
        return false;
    *out = !neg ? (long long)u : u == lim ? LLONG_MIN : -(long long)u;
    return true;
}

static int add_number(struct stream *st, const char *v, size_t n)
{
    char buf[64];
    if (n >= sizeof(buf) || st->slow) {
        go_slow(st);
        return 1;
    }
    long long whole;
    if (plain_integer(v, n, &whole))
        return st->on_view ? view_integer(st, whole)
                           : add(st, json_integer(whole));
    memcpy(buf, v, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    json_t *x;
    if (strpbrk(buf, ".eE")) {
        double d = strtod(buf, &end);
        if (st->on_view)
            return errno ? (go_slow(st), 1) : view_other(st, false, false);
        x = errno ? NULL : json_real(d);
    } else {
        long long i = strtoll(buf, &end, 10);
        if (st->on_view)
            return errno ? (go_slow(st), 1) : view_integer(st, i);
        x = errno ? NULL : json_integer(i);
    }
    if (!x) {
        go_slow(st);
        return 1;
    }
    return add(st, x);
}

/* An order that is not an object: import_order refuses it as such. */
static int scalar_order(struct stream *st)
{
    if (!at_order(st))
        return 1;
    st->norders++;
    if (!st->process)
        return 1;
    if (st->on_view) {
        view_reset(&st->view);
        st->code = st->on_view(st->ctx, &st->view, st->err);
    } else
        st->code = st->on_order(st->ctx, json_null(), st->err);
    return !st->code;
}

/* null, true or false: into the order's view or tree, or as the order. */
static int literal(struct stream *st, bool null, bool truth)
{
    if (st->order_on && st->on_view)
        return st->slow || view_other(st, null, truth);
    if (!st->order_on)
        return scalar_order(st);
    return add(st, null ? json_null() : json_boolean(truth));
}

static int cb_null(void *ctx)
{
    return literal(ctx, true, false);
}

static int cb_boolean(void *ctx, bool v)
{
    return literal(ctx, false, v);
}

static int cb_number(void *ctx, const char *v, size_t n)
{
    struct stream *st = ctx;
    return st->order_on ? add_number(st, v, n) : scalar_order(st);
}

static int cb_string(void *ctx, const char *v, size_t n, bool plain)
{
    struct stream *st = ctx;
    if (st->order_on) {
        if (st->slow || !plain) {
            go_slow(st);
            return 1;
        }
        if (st->on_view)
            return view_string(st, v, n);
        return add(st, json_stringn_nocheck(v, n));
    }
    /* Strings inside an order are judged by jansson with the order, so
     * that the message is the same as for a file read whole. */
    if (at_order(st) && !plain)
        return fail_json(st, line_at(st, offset(st)),
                         "a string is not valid UTF-8");
    return scalar_order(st);
}

static int cb_map_key(void *ctx, const char *k, size_t n, bool plain)
{
    struct stream *st = ctx;
    if (st->order_on && st->on_view)
        return view_key(st, (const unsigned char *)k, n, plain);
    if (st->order_on) {
        st->key.len = 0;
        if (!st->slow && (!plain || !ck_buf_add(&st->key, k, n)))
            go_slow(st);
        return 1;
    }
#define IS(word) (n == sizeof(word) - 1 && !memcmp(k, word, n))
    if (st->lvl == 1 && st->root_map)
        st->key_event = IS("event");
    if (st->lvl == 2 && st->event_open) {
        st->key_orders = IS("orders");
        if (!st->orders_seen) {
            st->seen_items |= IS("items");
            st->seen_questions |= IS("questions");
            st->seen_slug |= IS("slug");
        }
    }
#undef IS
    return 1;
}

static int start_order(struct stream *st, bool object)
{
    st->norders++;
    if (!st->process)
        return 1;
    size_t off = offset(st) - 1; /* the '{' or '[' */
    st->order.len = 0;
    st->order_on = true;
    st->order_from = off;
    st->order_line = line_at(st, off);
    st->depth = 0;
    st->slow = false;
    if (st->on_view) {
        view_reset(&st->view);
        st->keys.len = 0;
        return view_open(st, object);
    }
    return open_container(st, object ? json_object() : json_array());
}

static int end_order(struct stream *st)
{
    size_t off = offset(st);
    st->order_on = false;
    /* Its text is needed only for jansson to judge: copying every
     * order's was 31 M instructions of memcpy at 140,000 positions
     * (callgrind). */
    if (st->slow && !ck_buf_add(&st->order, st->chunk + st->order_from,
                                off - st->order_from))
        return fail_oom(st);
    json_t *order = st->slow ? parse_part(st, &st->order, st->order_line, 0, 0)
                    : st->on_view ? NULL
                                  : st->stack[0];
    bool slow = st->slow;
    st->slow = true; /* the tree is the order's now */
    if (slow && !order)
        return 0;
    if (st->on_view) {
        bool whole =
            slow ? view_from_tree(&st->view, order) : !st->view.text.failed;
        json_decref(order);
        if (!whole)
            return fail_oom(st);
        st->code = st->on_view(st->ctx, &st->view, st->err);
    } else {
        st->code = st->on_order(st->ctx, order, st->err);
        json_decref(order);
    }
    if (st->im && (st->norders & 255) == 0)
        importer_progress(st->im, st->done + off, st->src->len);
    return !st->code;
}

static int orders_start(struct stream *st)
{
    size_t off = offset(st); /* just after the '[' */
    st->orders_open = st->orders_seen = true;
    st->orders_from_line = line_at(st, off);
    if (!st->meta_on)
        return 1;
    if (!ck_buf_add(&st->meta, st->chunk + st->meta_from, off - st->meta_from))
        return fail_oom(st);
    st->meta_on = false;
    if (!(st->seen_items && st->seen_questions && st->seen_slug))
        return 1; /* read again once the whole event is known */
    /* What precedes the orders, closed, is the event's metadata. */
    size_t n = st->meta.len;
    if (!ck_buf_add(&st->meta, "]}}", 3))
        return fail_oom(st);
    st->root = parse_part(st, &st->meta, 1, 0, 0);
    st->meta.len = n;
    st->meta.p[n] = '\0';
    if (!st->root)
        return 0;
    return meta_known(st);
}

static int orders_end(struct stream *st)
{
    size_t off = offset(st) - 1; /* the ']' */
    st->orders_open = false;
    st->orders_to_line = line_at(st, off);
    if (st->second)
        return 1;
    st->meta_on = true;
    st->meta_from = off;
    return 1;
}

/* A container (`object` or an array) opens as an order or inside one;
 * 0 to stop. */
static int open_any(struct stream *st, bool object)
{
    if (at_order(st))
        return start_order(st, object);
    if (!st->order_on)
        return 1;
    if (st->on_view)
        return view_open(st, object);
    return open_container(st, object ? json_object() : json_array());
}

/* A container closes, inside an order or not. */
static void close_any(struct stream *st)
{
    st->lvl--;
    if (st->order_on && st->on_view)
        view_close(st);
    else if (st->order_on)
        st->depth--;
}

static int cb_start_map(void *ctx)
{
    struct stream *st = ctx;
    if (!open_any(st, true))
        return 0;
    st->lvl++;
    if (st->lvl == 1)
        st->root_map = true;
    else if (st->lvl == 2 && st->root_map && st->key_event)
        st->event_open = true;
    return 1;
}

static int cb_end_map(void *ctx)
{
    struct stream *st = ctx;
    close_any(st);
    if (st->lvl == 1)
        st->event_open = false;
    if (at_order(st) && st->order_on)
        return end_order(st);
    return 1;
}

static int cb_start_array(void *ctx)
{
    struct stream *st = ctx;
    if (!open_any(st, false))
        return 0;
    st->lvl++;
    if (st->lvl == 3 && st->event_open && st->key_orders && !st->orders_seen)
        return orders_start(st);
    return 1;
}

static int cb_end_array(void *ctx)
{
    struct stream *st = ctx;
    close_any(st);
    if (st->lvl == 2 && st->orders_open)
        return orders_end(st);
    if (at_order(st) && st->order_on)
        return end_order(st);
    return 1;
}

static const struct json_events EVENTS = {
    .null = cb_null,
    .boolean = cb_boolean,
    .number = cb_number,
    .string = cb_string,
    .key = cb_map_key,
    .start_map = cb_start_map,
    .end_map = cb_end_map,
    .start_array = cb_start_array,
    .end_array = cb_end_array,
};

/* The reader's fault at byte `at` of the chunk: its phrase said in the
 * person's language. */
static void fail_read(struct stream *st, size_t at)
{
    fail_json(st, line_at(st, at), st->jr.why);
    ck_error_phrase(st->err, 3);
}

/* The source's next piece into st->chunk (`n` bytes, `last` when the
 * source ends there): the whole export when it is in memory, else the
 * `keep` bytes of a token the reader left in `in` and a chunk of the
 * file after them.  false when it failed, with st->code set. */
static bool next_piece(struct stream *st, struct ck_buf *in, size_t keep,
                       size_t *n, bool *last)
{
    const struct pretix_source *src = st->src;
    if (src->data) {
        st->chunk = (const unsigned char *)src->data;
        *n = src->len;
        *last = true;
        return true;
    }
    in->len = keep;
    char *at = ck_buf_room(in, CHUNK);
    if (!at)
        return fail_oom(st);
    size_t got = fread(at, 1, CHUNK, src->f);
    if (got < CHUNK && ferror(src->f)) {
        st->code = ck_fail(st->err, CK_EIO,
                           "Reading %s failed; check the disk.", src->path);
        return false;
    }
    in->len = keep + got;
    st->chunk = (const unsigned char *)in->p;
    *n = in->len;
    *last = got < CHUNK;
    return true;
}

static void pass_reset(struct stream *st)
{
    st->line = 1;
    st->done = 0;
    st->lvl = 0;
    st->root_map = st->key_event = st->event_open = st->key_orders = false;
    st->orders_open = st->orders_seen = false;
    st->seen_items = st->seen_questions = st->seen_slug = false;
    st->norders = 0;
    st->order_on = false;
    st->meta_from = 0;
}

/* One pass over the source: `process` set by orders_start (first pass)
 * or before (second). */
static int pass(struct stream *st)
{
    const struct pretix_source *src = st->src;
    struct ck_buf in = {0};
    json_reader_init(&st->jr, &EVENTS, st);
    if (!src->data && fseek(src->f, 0, SEEK_SET)) {
        st->code = ck_fail(st->err, CK_EIO, "Reading %s failed: %s.", src->path,
                           strerror(errno));
        goto out;
    }
    pass_reset(st);
    size_t keep = 0;
    for (bool last = false; !last;) {
        size_t n, used;
        if (!next_piece(st, &in, keep, &n, &last))
            goto out;
        st->chunk_len = n;
        st->line_pos = 0;
        enum json_read_status rs =
            json_read(&st->jr, (const char *)st->chunk, n, last, &used);
        if (rs == JSON_READ_STOPPED)
            goto out;
        if (rs == JSON_READ_NOMEM)
            goto oom;
        if (rs == JSON_READ_BAD) {
            fail_read(st, st->jr.at);
            goto out;
        }
        if (st->meta_on && !ck_buf_add(&st->meta, st->chunk + st->meta_from,
                                       used - st->meta_from))
            goto oom;
        if (st->order_on && !ck_buf_add(&st->order, st->chunk + st->order_from,
                                        used - st->order_from))
            goto oom;
        st->meta_from = st->order_from = 0;
        line_at(st, used);
        st->done += used;
        keep = n - used;
        if (keep)
            memmove(in.p, in.p + used, keep);
    }
    goto out;
oom:
    fail_oom(st);
out:
    if (st->order_on)
        go_slow(st); /* an order cut short: its tree goes */
    st->order_on = false;
    st->chunk = NULL;
    st->chunk_len = st->line_pos = 0;
    ck_buf_free(&in);
    json_reader_free(&st->jr);
    return st->code;
}

/* Both passes: the orders to st->on_order, the metadata to st->on_meta
 * before the first of them; *whole, the export without its orders
 * ("orders": []), the caller decrefs. */
static int run_stream(struct stream *st, json_t **whole)
{
    *whole = NULL;
    int code = pass(st);
    if (!code) {
        /* The whole of the metadata, now with what follows the orders,
         * parsed as strictly as the orders were. */
        *whole = parse_part(st, &st->meta, 1, st->orders_from_line,
                            st->orders_to_line - st->orders_from_line);
        code = st->code;
    }
    json_t *event = json_object_get(*whole, "event");
    if (!code && (!json_is_object(event) ||
                  !json_is_array(json_object_get(event, "orders")))) {
        not_export(st);
        code = st->code;
    }
    if (!code && !st->process) {
        /* Items or questions came after the orders: read them again. */
        st->root = json_incref(*whole);
        st->second = true;
        st->meta_on = false;
        code = meta_known(st) ? pass(st) : st->code;
    }
    return code;
}

static void stream_free(struct stream *st)
{
    ck_buf_free(&st->meta);
    ck_buf_free(&st->order);
    ck_buf_free(&st->key);
    free(st->stack);
    json_decref(st->root);
    view_free(&st->view);
    free(st->frames);
    ck_buf_free(&st->keys);
}

int pretix_read(const struct pretix_source *src, const struct pretix_reader *r,
                json_t **whole, struct ck_error *err)
{
    struct stream st = {.im = r->im,
                        .on_meta = r->on_meta,
                        .on_view = r->on_view,
                        .on_order = r->on_order,
                        .ctx = r->ctx,
                        .src = src,
                        .err = err,
                        .meta_on = true};
    int code = run_stream(&st, whole);
    stream_free(&st);
    return code;
}

/* Another reader's on_meta: it wants every order, whatever the export
 * holds. */
static int take_orders(void *ctx, json_t *root, struct ck_error *err)
{
    (void)ctx;
    (void)root;
    (void)err;
    return CK_OK;
}

int pretix_each_order(const char *path, FILE *f, size_t len,
                      int (*order)(void *ctx, json_t *order,
                                   struct ck_error *err),
                      void *ctx, json_t **meta, struct ck_error *err)
{
    struct pretix_source src = {.path = path, .len = len, .f = f};
    struct pretix_reader r = {
        .on_meta = take_orders, .on_order = order, .ctx = ctx};
    int code = pretix_read(&src, &r, meta, err);
    if (code) {
        json_decref(*meta);
        *meta = NULL;
    }
    return code;
}
