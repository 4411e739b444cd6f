/* Private to the pretix reader's two parts: pretix_stream.c reads the
 * "Order data (JSON)" export as a stream and hands each order on, as an
 * order view (below) to the import or as jansson's tree to another reader
 * (pretix_each_order); import_pretix.c maps an order's view to
 * registration rows.  Nothing here is seen outside import/. */
#ifndef CHECKIN_PRETIX_PRIV_H
#define CHECKIN_PRETIX_PRIV_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "checkin/buf.h"
#include "checkin/error.h"

struct importer;

/* The export: in memory (import_buffer) or a file read in chunks. */
struct pretix_source {
    const char *path;
    const char *data; /* or NULL: read `f` */
    size_t len;
    FILE *f;
};

/* Line of the first occurrence of `needle` as a JSON string in the
 * source `ctx`, or 0: the importer's locator (importer_set_locator).
 * Linear in the file: called only for rejected rows. */
long pretix_line_of(void *ctx, const char *needle);

/* The import reads an order's fields from its view, where each was put
 * once: by the stream's events as the JSON reader reads them (no jansson tree
 * is built for the order), or from jansson's tree of an order jansson had to
 * judge (view_from_tree).  Looking the same keys up in the tree again for
 * each position, and building and freeing the tree, was a fifth of a
 * pretix import's instructions (callgrind, 10,000 positions).
 *
 * A string of the view is `off` into its text, NUL-terminated, `len`
 * bytes (a NUL inside kept, as jansson keeps it); off -1 when the value
 * is not there or not a string.  item, variation and id are text as
 * as_text gives them: a string, or an integer in decimal. */
struct vstr {
    long off;
    size_t len;
};

enum addon { ADDON_NONE, ADDON_INT, ADDON_OTHER }; /* missing or null */

struct vpos {
    struct vstr item, variation, id, secret, attendee_name, attendee_email,
        company, given_name, family_name;
    json_int_t id_value;   /* json_integer_value of id: 0 unless an integer */
    json_int_t positionid; /* the same */
    enum addon addon;
    json_int_t addon_to; /* when ADDON_INT */
    bool canceled;
    size_t answers_from, nanswers; /* its answers that are objects */
    /* What pretix says of it at the door (issue 49): `blocked` a
     * non-empty list (its reasons, joined by ","), the validity window's
     * ISO texts, the seat's GUID. */
    bool blocked;
    struct vstr blocked_why, valid_from, valid_until, seat;
};

struct vanswer {
    bool has_question; /* an integer */
    json_int_t question;
    struct vstr answer;
};

struct order_view {
    /* datetime: when the order was placed (ISO 8601, as the export
     * writes it), which dates the export (import_vanish.c) */
    struct vstr code, status, email, invoice_name, datetime;
    bool testmode, positions_array;
    /* The order's checkin_attention, comment and locale (issue 49). */
    bool attention;
    struct vstr comment, locale;
    struct vpos *pos;
    size_t npos, cap_pos;
    struct vanswer *ans;
    size_t nans, cap_ans;
    struct ck_buf text;
};

static const struct vstr NO_STR = {-1, 0};

static inline const char *vs(const struct order_view *v, struct vstr s)
{
    return s.off < 0 ? NULL : v->text.p + s.off;
}

struct reg_door;
/* What position `pos` of order `v` (an admission position, its add-ons
 * read with it; `place` names it in a warning) says at the door, with
 * the export's `items` for their attention, NULL when none of them asks
 * for it (import_door.c). */
void pretix_door_fields(struct importer *im, const struct import_place *place,
                        const struct order_view *v, const struct vpos *pos,
                        json_t *items, struct reg_door *d /* out */);

/* What a reading of the export does with it.  on_meta is called once the
 * export's metadata (`root`: everything but the orders, which it may keep
 * till the reading ends) is known and before the first order is handed
 * on; a code other than CK_OK, with `err` filled, stops the reading.
 * Then each order goes to on_view (its view, borrowed for the call) when
 * that is set, else to on_order (its tree, borrowed); a code other than
 * CK_OK stops the reading and is returned.  `im`, when set, is told the
 * reading's progress. */
struct pretix_reader {
    struct importer *im;
    int (*on_meta)(void *ctx, json_t *root, struct ck_error *err);
    int (*on_view)(void *ctx, const struct order_view *v, struct ck_error *err);
    int (*on_order)(void *ctx, json_t *order, struct ck_error *err);
    void *ctx;
};

/* Read the export `src` with `r`; *whole is set to the export with its
 * orders left out ("orders": []), or NULL when the reading stopped before
 * it was whole, and the caller decrefs it whatever the code (a JSON
 * document that is no export is read whole, and refused).  One sentence,
 * with the line, for a file that is not JSON or not such an export. */
int pretix_read(const struct pretix_source *src, const struct pretix_reader *r,
                json_t **whole /* out */, struct ck_error *err) CK_MUST_CHECK;

#endif
