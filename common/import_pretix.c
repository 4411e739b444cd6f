/* The pretix importer: reads the "Order data (JSON)" export with jansson and
 * turns each admission position into a reg_row: tutorials from its add-on
 * positions, pronouns and sponsor consent from question answers, as mapped
 * in the event description (docs/import-formats.md).
 *
 * jansson does not keep source positions, so a rejected position is
 * reported at the line where its secret (or else its order code) appears
 * in the file, which is where an organizer would look. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_priv.h"

struct source {
    const char *data;
    size_t len;
};

/* Line of the first occurrence of `needle` as a JSON string in the file,
 * or 0.  Linear in the file: called only for rejected rows. */
static long line_of(void *ctx, const char *needle)
{
    const struct source *src = ctx;
    const char *data = src->data;
    size_t len = src->len;
    if (!needle || !*needle)
        return 0;
    char *q = malloc(strlen(needle) + 3);
    if (!q)
        return 0;
    size_t n = (size_t)snprintf(q, strlen(needle) + 3, "\"%s\"", needle);
    const char *hit = memmem(data, len, q, n);
    free(q);
    if (!hit)
        return 0;
    long line = 1;
    for (const char *p = data; p < hit; p++)
        line += *p == '\n';
    return line;
}

/* A JSON value as text for a field: strings as they are, integers in
 * decimal, anything else (null, missing) as NULL.  `buf` holds numbers. */
static const char *as_text(json_t *v, char *buf, size_t cap)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    return NULL;
}

/* The ticket type or tutorial a position is for: "ITEM:VARIATION" when the
 * event description maps that variation, else "ITEM". */
static int map_position(struct importer *im, json_t *pos, int64_t *type_id,
                        int64_t *tutorial_id)
{
    char ibuf[32], vbuf[32], key[72];
    const char *item = as_text(json_object_get(pos, "item"), ibuf,
                               sizeof(ibuf));
    const char *var = as_text(json_object_get(pos, "variation"), vbuf,
                              sizeof(vbuf));
    if (!item)
        return CK_ENOTFOUND;
    if (var) {
        snprintf(key, sizeof(key), "%s:%s", item, var);
        if (!importer_pretix_item(im, key, type_id, tutorial_id))
            return CK_OK;
    }
    return importer_pretix_item(im, item, type_id, tutorial_id);
}

struct questions {
    json_int_t pronouns, consent; /* question ids, -1 if not mapped */
    json_t *items;                /* event.items, for unmapped products */
};

/* The item object with id `item`, or NULL. */
static json_t *find_item(json_t *items, const char *item)
{
    size_t i;
    json_t *it;
    char buf[32];
    json_array_foreach(items, i, it) {
        const char *id = as_text(json_object_get(it, "id"), buf, sizeof(buf));
        if (id && !strcmp(id, item))
            return it;
    }
    return NULL;
}

static void find_questions(struct importer *im, json_t *event,
                           struct questions *q)
{
    q->pronouns = q->consent = -1;
    const char *pid = importer_setting(im, "pretix.pronouns-question");
    const char *cid = importer_setting(im, "pretix.consent-question");
    size_t i;
    json_t *qn;
    json_array_foreach(json_object_get(event, "questions"), i, qn) {
        const char *ident = json_string_value(json_object_get(qn, "identifier"));
        json_t *id = json_object_get(qn, "id");
        if (!ident || !json_is_integer(id))
            continue;
        if (pid && !strcmp(ident, pid))
            q->pronouns = json_integer_value(id);
        if (cid && !strcmp(ident, cid))
            q->consent = json_integer_value(id);
    }
}

static const char *answer(json_t *pos, json_int_t question)
{
    if (question < 0)
        return NULL;
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(pos, "answers"), i, a) {
        json_t *qid = json_object_get(a, "question");
        if (json_is_integer(qid) && json_integer_value(qid) == question)
            return json_string_value(json_object_get(a, "answer"));
    }
    return NULL;
}

/* Copy of a string field into the row's scratch space, so the engine may
 * clean it in place without touching the JSON tree. */
struct scratch {
    char *mem[12];
    int n;
};

static char *dup(struct scratch *s, const char *v)
{
    if (!v || s->n == (int)(sizeof(s->mem) / sizeof(s->mem[0])))
        return NULL;
    return s->mem[s->n++] = strdup(v);
}

static void scratch_free(struct scratch *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->mem[i]);
    s->n = 0;
}

static int import_order(struct importer *im, json_t *order,
                        const struct questions *q, struct ck_error *err)
{
    char nbuf[32], ibuf[32];
    const char *code = json_string_value(json_object_get(order, "code"));
    const char *status = json_string_value(json_object_get(order, "status"));
    const char *order_email =
        json_string_value(json_object_get(order, "email"));
    json_t *positions = json_object_get(order, "positions");
    if (!code || !json_is_array(positions)) {
        importer_reject_at(im, code,
                        "an order has no code or no positions; re-export "
                        "the order data from pretix");
        return CK_OK;
    }
    size_t i;
    json_t *pos;
    json_array_foreach(positions, i, pos) {
        json_t *addon = json_object_get(pos, "addon_to");
        const char *item = as_text(json_object_get(pos, "item"), ibuf,
                                   sizeof(ibuf));
        const char *secret = json_string_value(json_object_get(pos, "secret"));
        /* Rejections point at the position's secret, else its order. */
        const char *key = secret && *secret ? secret : code;
        if (!item) {
            importer_reject_at(im, key, "order %.20s has a position without "
                               "an item", code);
            continue;
        }
        int64_t type_id = 0, tut_id = 0;
        bool mapped = map_position(im, pos, &type_id, &tut_id) == 0;
        if (!json_is_null(addon) && addon)
            continue; /* add-ons are read with their parent below */
        if (!mapped) {
            /* Merchandise, donations and the like are not attendees, but
             * an admission product nobody mapped would silently lose
             * people. */
            json_t *it = find_item(q->items, item);
            const char *name = json_string_value(json_object_get(it, "name"));
            if (json_is_true(json_object_get(it, "admission")))
                importer_reject_at(im, key,
                                "order %.20s: pretix item %s (%.60s) admits "
                                "people but no [ticket-type] lists it in "
                                "pretix-items; add it to the event "
                                "description", code, item,
                                name ? name : "unnamed");
            continue;
        }
        if (!type_id)
            continue; /* a tutorial sold on its own; read as add-on only */
        struct reg_row r = {.locate_key = key};
        struct scratch sc = {0};
        json_int_t pid = json_integer_value(json_object_get(pos, "id"));
        r.ticket_id = dup(&sc, as_text(json_object_get(pos, "id"), nbuf,
                                       sizeof(nbuf)));
        r.order_code = dup(&sc, code);
        r.status = dup(&sc, status ? status : "");
        r.ticket_type_id = type_id;
        r.secrets = dup(&sc, secret ? secret : "");
        r.badge_name = dup(&sc, json_string_value(
                                    json_object_get(pos, "attendee_name")));
        const char *email =
            json_string_value(json_object_get(pos, "attendee_email"));
        r.email = dup(&sc, email && *email ? email : order_email);
        r.company = dup(&sc, json_string_value(json_object_get(pos, "company")));
        r.pronouns = dup(&sc, answer(pos, q->pronouns));
        r.consent = dup(&sc, answer(pos, q->consent));
        /* Tutorials: add-on positions of this one whose item is mapped to
         * a tutorial. */
        size_t j;
        json_t *other;
        json_array_foreach(positions, j, other) {
            json_t *to = json_object_get(other, "addon_to");
            if (!json_is_integer(to) || json_integer_value(to) != pid)
                continue;
            int64_t t = 0, u = 0;
            if (!map_position(im, other, &t, &u) && u &&
                r.ntutorial_ids < IMPORT_MAX_TUTORIALS)
                r.tutorial_ids[r.ntutorial_ids++] = u;
        }
        int code2 = importer_row(im, &r, err);
        scratch_free(&sc);
        if (code2)
            return code2;
    }
    return CK_OK;
}

int import_pretix(struct importer *im, const char *path, const char *data,
                  size_t len, struct ck_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: not valid JSON (%s); export \"Order data "
                       "(JSON)\" from pretix again.", path, jerr.line,
                       jerr.text);
    int code = CK_OK;
    json_t *event = json_object_get(root, "event");
    json_t *orders = json_object_get(event, "orders");
    if (!json_is_object(event) || !json_is_array(orders)) {
        code = ck_fail(err, CK_EINVAL,
                       "%s is JSON but not a pretix order export (no "
                       "event.orders); export \"Order data (JSON)\" from "
                       "pretix.", path);
        goto out;
    }
    struct source src = {data, len};
    importer_set_locator(im, line_of, &src);
    struct questions q;
    find_questions(im, event, &q);
    q.items = json_object_get(event, "items");
    size_t n = json_array_size(orders), i;
    json_t *order;
    json_array_foreach(orders, i, order) {
        if ((code = import_order(im, order, &q, err)))
            break;
        if ((i & 255) == 0)
            importer_progress(im, i, n);
    }
    importer_progress(im, n, n);
out:
    json_decref(root);
    return code;
}
