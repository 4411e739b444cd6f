/* The pretix importer: turns each order of the "Order data (JSON)" export,
 * as pretix_stream.c reads it (its view, struct order_view), into
 * registration rows: one for each admission position, tutorials from its
 * add-on positions, pronouns and sponsor consent from question answers,
 * as mapped in the event description (docs/import-formats.md); and, once
 * the export is read, one message for each product nobody mapped.  How
 * the file is read is not its business.
 *
 * jansson does not keep source positions, so a rejected position is
 * reported at the line where its secret (or else its order code) appears
 * in the file, which is where an organizer would look. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/text.h"
#include "import_priv.h"
#include "pretix_priv.h"

/* A JSON value as text for a field: strings as they are, integers in
 * decimal, anything else (null, missing) as NULL.  `buf` holds numbers. */
static const char *as_text(json_t *v, char *buf, size_t cap)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v) && cap >= 24) {
        import_i64_text(json_integer_value(v), buf);
        return buf;
    }
    return NULL;
}

/* The ticket type or tutorial a position is for: "ITEM:VARIATION" when the
 * event description maps that variation, else "ITEM". */
static int map_position(struct importer *im, const struct order_view *v,
                        const struct vpos *pos, int64_t *type_id,
                        int64_t *tutorial_id)
{
    char key[72];
    const char *item = vs(v, pos->item);
    const char *var = vs(v, pos->variation);
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
    /* question ids, -1 if not mapped */
    json_int_t pronouns, consent, badge_name, company;
    json_t *items;     /* event.items, for unmapped products */
    json_t *attention; /* event.items when one of them or of their
                          variations asks for attention, else NULL */
    json_t *questions; /* event.questions, for those lists show */
};

/* The item object with id `item`, or NULL. */
static json_t *find_item(json_t *items, const char *item)
{
    size_t i;
    json_t *it;
    char buf[32];
    json_array_foreach(items, i, it)
    {
        const char *id = as_text(json_object_get(it, "id"), buf, sizeof(buf));
        if (id && !strcmp(id, item))
            return it;
    }
    return NULL;
}

static void find_questions(struct importer *im, json_t *event,
                           struct questions *q)
{
    static const char *const keys[] = {
        "pretix.pronouns-question", "pretix.consent-question",
        "pretix.badge-name-question", "pretix.company-question"};
    json_int_t *ids[] = {&q->pronouns, &q->consent, &q->badge_name,
                         &q->company};
    for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
        *ids[k] = -1;
        const char *want = importer_setting(im, keys[k]);
        size_t i;
        json_t *qn;
        json_array_foreach(json_object_get(event, "questions"), i, qn)
        {
            const char *ident =
                json_string_value(json_object_get(qn, "identifier"));
            json_t *id = json_object_get(qn, "id");
            if (want && ident && json_is_integer(id) && !strcmp(ident, want))
                *ids[k] = json_integer_value(id);
        }
    }
}

/* The answer of position `pos` to question `question` (-1: none asked):
 * the first of its answers to it, NO_STR when that is not a string. */
static struct vstr answer(const struct order_view *v, const struct vpos *pos,
                          json_int_t question)
{
    if (question < 0)
        return NO_STR;
    for (size_t i = 0; i < pos->nanswers; i++) {
        const struct vanswer *a = &v->ans[pos->answers_from + i];
        if (a->has_question && a->question == question)
            return a->answer;
    }
    return NO_STR;
}

/* Copy of a string field into the row's scratch space, so the engine may
 * clean it in place without touching the order's view.  A NUL inside (pretix
 * writes "\u0000" as it was typed) becomes a control character the engine
 * removes and reports, so that it cannot cut the rest of the name off. */
struct scratch {
    char *mem[16 + 5 * IMPORT_MAX_ITEMS + IMPORT_MAX_SECRETS +
              3 * LIST_MAX_QUESTIONS];
    int n;
    /* A row's texts fit here (those of import_bench's rows take 200
     * bytes); the rest are in mem[].  A malloc and free for each of a
     * row's dozen texts was 2% of a pretix import's instructions. */
    size_t used;
    char room[2048];
};

/* Room for `n` bytes of the row's, or NULL. */
static char *take(struct scratch *s, size_t n)
{
    if (n <= sizeof(s->room) - s->used) {
        char *c = s->room + s->used;
        s->used += n;
        return c;
    }
    if (s->n == (int)(sizeof(s->mem) / sizeof(s->mem[0])))
        return NULL;
    return s->mem[s->n++] = malloc(n);
}

static char *dup_str(struct scratch *s, const struct order_view *v,
                     struct vstr str)
{
    if (str.off < 0)
        return NULL;
    size_t len = str.len;
    char *c = take(s, len + 1);
    if (!c)
        return NULL;
    memcpy(c, vs(v, str), len);
    c[len] = '\0';
    for (size_t i = 0; i < len; i++)
        if (c[i] == '\0')
            c[i] = '\x01';
    return c;
}

static char *dup(struct scratch *s, const char *v)
{
    if (!v)
        return NULL;
    size_t n = strlen(v) + 1;
    char *c = take(s, n);
    if (c)
        memcpy(c, v, n);
    return c;
}

static void scratch_free(struct scratch *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->mem[i]);
    s->n = 0;
    s->used = 0;
}

static bool blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

/* ---- products nobody mapped: one message each, with counts ---- */

#define MAX_GROUPS 64
#define EXAMPLES 3

struct unmapped {
    char item[32];
    char name[64];
    bool admission, addon;
    long positions, orders;
    char last_order[24];
    char examples[EXAMPLES][24];
    int nexamples;
};

struct groups {
    struct unmapped g[MAX_GROUPS];
    int n;
};

static void note_unmapped(struct groups *gs, const struct questions *q,
                          const char *item, const char *order, bool addon)
{
    struct unmapped *u = NULL;
    for (int i = 0; i < gs->n && !u; i++)
        if (!strcmp(gs->g[i].item, item) && gs->g[i].addon == addon)
            u = &gs->g[i];
    if (!u) {
        if (gs->n == MAX_GROUPS)
            u = &gs->g[MAX_GROUPS - 1]; /* the rest counted with the last */
        else
            u = &gs->g[gs->n++];
        if (!u->positions) {
            json_t *it = find_item(q->items, item);
            const char *name = json_string_value(json_object_get(it, "name"));
            json_t *names = json_object_get(it, "name");
            if (!name && json_is_object(names)) /* pretix's i18n strings */
                name = json_string_value(json_object_get(names, "en"));
            snprintf(u->item, sizeof(u->item), "%s", item);
            snprintf(u->name, sizeof(u->name), "%s", name ? name : "unnamed");
            u->admission = json_is_true(json_object_get(it, "admission"));
            u->addon = addon;
        }
    }
    u->positions++;
    if (strcmp(u->last_order, order)) {
        u->orders++;
        snprintf(u->last_order, sizeof(u->last_order), "%s", order);
        if (u->nexamples < EXAMPLES)
            snprintf(u->examples[u->nexamples++], sizeof(u->examples[0]), "%s",
                     order);
    }
}

static void report_unmapped(struct importer *im, const struct groups *gs)
{
    for (int i = 0; i < gs->n; i++) {
        const struct unmapped *u = &gs->g[i];
        char eg[96] = "";
        for (int k = 0; k < u->nexamples; k++)
            snprintf(eg + strlen(eg), sizeof(eg) - strlen(eg), "%s%s",
                     k ? ", " : "", u->examples[k]);
        struct import_note n = {.value = u->item,
                                .other = u->name,
                                .extra = eg,
                                .n = u->positions,
                                .m = u->orders,
                                .k = u->addon,
                                .flag = u->orders > u->nexamples};
        if (u->admission && !u->addon) {
            n.why = IMPORT_ITEM_NOT_LISTED;
            importer_reject_n(im, u->positions, &n);
        } else {
            n.why = IMPORT_ITEM_NOT_MAPPED;
            importer_warn(im, 0, &n);
        }
    }
}

/* ---- what check-in lists name (issue 29) ---- */

/* pretix's i18n strings: a string, or an object of languages. */
static const char *i18n(json_t *v)
{
    if (json_is_string(v))
        return json_string_value(v);
    const char *en = json_string_value(json_object_get(v, "en"));
    if (en || !json_is_object(v))
        return en;
    const char *k;
    json_t *x;
    json_object_foreach(v, k,
                        x) if (json_is_string(x)) return json_string_value(x);
    return NULL;
}

/* Whether some list names position `pos`'s item or item:variation. */
static bool named(struct importer *im, const struct order_view *v,
                  const struct vpos *pos)
{
    char key[72];
    const char *item = vs(v, pos->item);
    const char *var = vs(v, pos->variation);
    if (!item)
        return false;
    if (importer_list_item(im, item))
        return true;
    snprintf(key, sizeof(key), "%s:%s", item, var ? var : "");
    return var && importer_list_item(im, key);
}

const char *pretix_variation_label(json_t *v)
{
    const char *name = i18n(json_object_get(v, "name"));
    return name ? name : i18n(json_object_get(v, "value"));
}

/* The name of variation `var` of item `item` ("M"), or "". */
static const char *variation_name(const struct questions *q, const char *item,
                                  const char *var)
{
    size_t i;
    json_t *v;
    char buf[32];
    if (!var)
        return "";
    json_array_foreach(json_object_get(find_item(q->items, item), "variations"),
                       i, v)
    {
        const char *id = as_text(json_object_get(v, "id"), buf, sizeof(buf));
        if (id && !strcmp(id, var)) {
            const char *name = pretix_variation_label(v);
            return name ? name : "";
        }
    }
    return "";
}

/* Whether `code` is one of the space-separated codes in `codes`. */
static bool has_code(const char *codes, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = codes; p && *p;) {
        size_t len = strcspn(p, " ");
        if (len == n && !memcmp(p, code, n))
            return true;
        p += len + (p[len] == ' ');
    }
    return false;
}

/* Add-on position `secret`'s own code as one more code of registration
 * `r`, added to `*into` (its secrets, or its tutorial add-ons' codes,
 * issue 30): the same person, so it admits wherever their ticket does
 * and identifies them at the desk, and counts stay per person.  A code
 * that cannot be stored is left out with a warning, never the person.
 * True when `r` has the code. */
static bool add_code(struct importer *im, struct reg_row *r, struct scratch *sc,
                     const char *secret, char **into)
{
    if (!secret || !*secret || !*into)
        return false;
    if (has_code(r->secrets, secret) || has_code(r->addon_secrets, secret))
        return true;
    size_t codes = **into != '\0';
    for (const char *p = *into; *p; p++)
        codes += *p == ' ';
    if (!import_secret_valid(secret, strlen(secret))) {
        importer_warn(im, 0,
                      &(struct import_note){.why = IMPORT_ADDON_CODE_BAD,
                                            .place = r->place,
                                            .value = secret});
        return false;
    }
    if (codes >= IMPORT_MAX_SECRETS) {
        importer_warn(im, 0,
                      &(struct import_note){.why = IMPORT_ADDON_CODES_MANY,
                                            .place = r->place,
                                            .value = secret,
                                            .n = IMPORT_MAX_SECRETS});
        return false;
    }
    size_t n = strlen(*into) + strlen(secret) + 2;
    char *all = take(sc, n);
    if (!all)
        return false;
    snprintf(all, n, "%s%s%s", *into, **into ? " " : "", secret);
    *into = all;
    return true;
}

static void add_position(struct importer *im, const struct questions *q,
                         const struct order_view *v, const struct vpos *p,
                         bool own_secret, struct reg_row *r, struct scratch *sc)
{
    if (r->nitems == IMPORT_MAX_ITEMS || !named(im, v, p))
        return;
    const char *item = vs(v, p->item);
    const char *var = vs(v, p->variation);
    const char *id = vs(v, p->id);
    struct reg_item *it = &r->items[r->nitems++];
    it->position = dup(sc, id ? id : "");
    it->item = dup(sc, item);
    it->variation = dup(sc, var ? var : "");
    it->variation_name = dup(sc, variation_name(q, item, var));
    const char *secret = vs(v, p->secret);
    /* The add-on's own QR: it admits where its list does and identifies
     * its person at the desk. */
    if (own_secret && add_code(im, r, sc, secret, &r->secrets))
        it->secret = dup(sc, secret);
}

/* The positions lists name of admission position `pos` (id `pid`): its
 * own, its add-ons', and in an order with one admission position, the
 * order's positions that are neither (an auction ticket). */
static void list_positions(struct importer *im, const struct questions *q,
                           const struct order_view *v, const struct vpos *pos,
                           struct reg_row *r, struct scratch *sc)
{
    if (!importer_lists_matter(im))
        return;
    add_position(im, q, v, pos, false, r, sc);
    size_t admissions = 0;
    for (size_t j = 0; j < v->npos; j++) {
        const struct vpos *other = &v->pos[j];
        int64_t t = 0, u = 0;
        if (other->addon == ADDON_INT && other->addon_to == pos->id_value)
            add_position(im, q, v, other, true, r, sc);
        else if (other->addon == ADDON_NONE &&
                 !map_position(im, v, other, &t, &u) && t)
            admissions++;
    }
    if (admissions != 1)
        return;
    for (size_t j = 0; j < v->npos; j++) {
        const struct vpos *other = &v->pos[j];
        int64_t t = 0, u = 0;
        if (other->addon == ADDON_NONE && other != pos &&
            map_position(im, v, other, &t, &u))
            add_position(im, q, v, other, true, r, sc);
    }
}

/* The position's answers to the questions some list shows. */
static void list_answers(struct importer *im, const struct questions *q,
                         const struct order_view *v, const struct vpos *pos,
                         struct reg_row *r, struct scratch *sc)
{
    size_t i;
    json_t *qn;
    json_array_foreach(q->questions, i, qn)
    {
        const char *ident =
            json_string_value(json_object_get(qn, "identifier"));
        json_t *id = json_object_get(qn, "id");
        if (r->nanswers == LIST_MAX_QUESTIONS ||
            !importer_shown_question(im, ident) || !json_is_integer(id))
            continue;
        struct vstr a = answer(v, pos, json_integer_value(id));
        if (a.off < 0 || blank(vs(v, a)))
            continue;
        const char *label = i18n(json_object_get(qn, "question"));
        struct reg_answer *ra = &r->answers[r->nanswers++];
        ra->question = dup(sc, ident);
        ra->label = dup(sc, label ? label : ident);
        ra->answer = dup_str(sc, v, a);
    }
}

struct check_ctx {
    struct importer *im;
    const struct questions *q;
};

/* A list naming an item or variation this export does not have: one
 * sentence each. */
static void check_list_item(void *ctx, const char *key, const char *slug)
{
    struct check_ctx *c = ctx;
    char item[32];
    const char *colon = strchr(key, ':');
    snprintf(item, sizeof(item), "%.*s",
             (int)(colon ? (size_t)(colon - key) : strlen(key)), key);
    json_t *it = find_item(c->q->items, item);
    if (!it) {
        importer_warn(c->im, 0,
                      &(struct import_note){.why = IMPORT_LIST_NO_ITEM,
                                            .field = slug,
                                            .value = item});
        return;
    }
    if (colon && !variation_name(c->q, item, colon + 1)[0])
        importer_warn(c->im, 0,
                      &(struct import_note){.why = IMPORT_LIST_NO_VARIATION,
                                            .field = slug,
                                            .value = item,
                                            .other = colon + 1});
}

/* Whether an item list `slug` names has a variation called `name`;
 * `items` gathers the items it names, for the sentence. */
struct stock_check {
    const struct questions *q;
    const char *slug, *name;
    bool found;
    char items[128];
};

static void stock_item(void *ctx, const char *key, const char *slug)
{
    struct stock_check *c = ctx;
    if (strcmp(slug, c->slug))
        return;
    char item[32], buf[32];
    const char *colon = strchr(key, ':');
    snprintf(item, sizeof(item), "%.*s",
             (int)(colon ? (size_t)(colon - key) : strlen(key)), key);
    size_t used = strlen(c->items);
    snprintf(c->items + used, sizeof(c->items) - used, "%s%s", used ? ", " : "",
             key);
    size_t i;
    json_t *v;
    json_array_foreach(
        json_object_get(find_item(c->q->items, item), "variations"), i, v)
    {
        const char *id = as_text(json_object_get(v, "id"), buf, sizeof(buf));
        const char *name = pretix_variation_label(v);
        if (id && name && !strcmp(name, c->name) &&
            (!colon || !strcmp(id, colon + 1)))
            c->found = true;
    }
}

/* A list's stock naming a variation none of its items has in this
 * export: one sentence each (the counter would never hand it). */
static void check_list_stock(void *ctx, const char *slug,
                             const char *variations)
{
    struct check_ctx *cc = ctx;
    for (const char *p = variations; *p;) {
        size_t len = strcspn(p, " ");
        char name[128];
        snprintf(name, sizeof(name), "%.*s", (int)len, p);
        p += len + (p[len] == ' ');
        struct stock_check c = {cc->q, slug, name, false, ""};
        importer_each_list_item(cc->im, stock_item, &c);
        if (!c.found && c.items[0])
            importer_warn(
                cc->im, 0,
                &(struct import_note){.why = IMPORT_STOCK_NO_VARIATION,
                                      .field = slug,
                                      .value = c.items,
                                      .other = name});
    }
}

/* ---- one order ---- */

/* The name for the badge of a position with none: another position's
 * attendee name in the order, else the invoice address's name. */
static const char *order_name(const struct order_view *v)
{
    for (size_t j = 0; j < v->npos; j++) {
        const char *n = vs(v, v->pos[j].attendee_name);
        if (!blank(n))
            return n;
    }
    const char *n = vs(v, v->invoice_name);
    return blank(n) ? NULL : n;
}

/* A registration's names: given and family, the badge's (the badge-name
 * question's answer, else the attendee name), and for a position with
 * none the order's. */
static void position_names(struct importer *im, const struct order_view *v,
                           const struct vpos *pos, const struct questions *q,
                           struct reg_row *r, struct scratch *sc)
{
    r->given_name = dup_str(sc, v, pos->given_name);
    r->family_name = dup_str(sc, v, pos->family_name);
    struct vstr name = answer(v, pos, q->badge_name);
    bool asked = name.off >= 0 && !blank(vs(v, name));
    if (!asked)
        name = pos->attendee_name;
    r->badge_name = dup_str(sc, v, name);
    /* pretix's exporter writes only the built attendee_name, never
     * its parts: the whole name is the one name field, kept as the
     * given name, so the desk corrects it and the exports carry it
     * ("Ólafur Þórsson" found, and on the badge unless the badge-name
     * question says "Ólafur"). */
    if (blank(r->given_name) && blank(r->family_name)) {
        r->whole_name = !asked;
        r->given_name = asked ? dup_str(sc, v, pos->attendee_name)
                              : r->badge_name; /* cleaned, warned once */
    }
    if (blank(r->badge_name) && blank(r->given_name) && blank(r->family_name)) {
        const char *other = order_name(v);
        if (other) {
            r->badge_name = dup(sc, other);
            importer_warn(im, 0,
                          &(struct import_note){.why = IMPORT_NAME_FROM_ORDER,
                                                .place = r->place,
                                                .value = other});
        }
    }
}

/* Tutorials: the add-on positions of position `pid` whose item is mapped
 * to a tutorial, each QR one more code of this person. */
static void position_tutorials(struct importer *im, const struct order_view *v,
                               json_int_t pid, struct reg_row *r,
                               struct scratch *sc)
{
    for (size_t j = 0; j < v->npos; j++) {
        const struct vpos *other = &v->pos[j];
        if (other->addon != ADDON_INT || other->addon_to != pid ||
            other->canceled)
            continue;
        int64_t t = 0, u = 0;
        if (map_position(im, v, other, &t, &u) || !u)
            continue;
        if (r->ntutorial_ids < IMPORT_MAX_TUTORIALS) {
            r->tutorial_ids[r->ntutorial_ids++] = u;
            /* Its own QR is one more code of this person. */
            add_code(im, r, sc, vs(v, other->secret), &r->addon_secrets);
        } else
            importer_warn(
                im, r->line,
                &(struct import_note){.why = IMPORT_ADDON_TUTORIALS_MANY,
                                      .n = IMPORT_MAX_TUTORIALS});
    }
}

static int import_order(struct importer *im, const struct order_view *v,
                        const struct questions *q, struct groups *gs,
                        struct ck_error *err)
{
    const char *code = vs(v, v->code);
    const char *status = vs(v, v->status);
    const char *order_email = vs(v, v->email);
    bool testmode = v->testmode;
    if (!code || !v->positions_array) {
        importer_reject_at(im, code,
                           &(struct import_note){.why = IMPORT_ORDER_EMPTY});
        return CK_OK;
    }
    if (!import_vanish_order(importer_vanish(im), code, status,
                             vs(v, v->datetime), v->npos, testmode))
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    int code2;
    for (size_t i = 0; i < v->npos; i++) {
        const struct vpos *pos = &v->pos[i];
        bool is_addon = pos->addon != ADDON_NONE;
        const char *item = vs(v, pos->item);
        const char *secret = vs(v, pos->secret);
        const char *pid_text = vs(v, pos->id);
        struct import_place place = {code, pos->positionid, pid_text};
        if (!item) {
            importer_reject_at(
                im, secret && *secret ? secret : code,
                &(struct import_note){.why = IMPORT_NO_ITEM, .place = &place});
            if ((code2 = importer_listed(im, pid_text, err)))
                return code2;
            continue;
        }
        int64_t type_id = 0, tut_id = 0;
        bool mapped = map_position(im, v, pos, &type_id, &tut_id) == 0;
        if (testmode && !is_addon && mapped && type_id)
            importer_count_testmode(im);
        /* A position the export lists but this import leaves out is no
         * registration cancelled (import_vanish.c). */
        if (!is_addon &&
            (!mapped || (testmode && !importer_include_testmode(im))) &&
            (code2 = importer_listed(im, pid_text, err)))
            return code2;
        if (testmode && !importer_include_testmode(im))
            continue;
        if (!mapped) {
            /* A position a list names is kept with its registration
             * (list_positions), not left out. */
            if (!named(im, v, pos))
                note_unmapped(gs, q, item, code, is_addon);
            continue;
        }
        if (is_addon)
            continue; /* add-ons are read with their parent below */
        if (!type_id)
            continue; /* a tutorial sold on its own; read as add-on only */
        struct reg_row r = {.place = &place, .testmode = testmode};
        struct scratch sc;
        sc.n = 0;
        sc.used = 0;
        json_int_t pid = pos->id_value;
        r.ticket_id = dup(&sc, pid_text);
        r.order_code = dup(&sc, code);
        r.status = dup(&sc, status ? status : "");
        r.ticket_type_id = type_id;
        r.secrets = dup(&sc, secret ? secret : "");
        r.addon_secrets = dup(&sc, "");
        position_names(im, v, pos, q, &r, &sc);
        const char *email = vs(v, pos->attendee_email);
        r.email = dup(&sc, email && *email ? email : order_email);
        struct vstr company = answer(v, pos, q->company);
        if (company.off < 0 || blank(vs(v, company)))
            company = pos->company;
        r.company = dup_str(&sc, v, company);
        r.pronouns = dup_str(&sc, v, answer(v, pos, q->pronouns));
        r.consent = dup_str(&sc, v, answer(v, pos, q->consent));
        position_tutorials(im, v, pid, &r, &sc);
        list_positions(im, q, v, pos, &r, &sc);
        list_answers(im, q, v, pos, &r, &sc);
        struct reg_door door;
        pretix_door_fields(im, &place, v, pos, q->attention, &door);
        r.door = &door;
        code2 = importer_row(im, &r, err);
        scratch_free(&sc);
        if (code2)
            return code2;
    }
    return CK_OK;
}

/* The slug as `checkin describe` writes it: lower case, '.' as '-'. */
static void slug_form(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; in && *in && n + 1 < cap; in++)
        out[n++] = *in == '.'                   ? '-'
                   : (*in >= 'A' && *in <= 'Z') ? (char)(*in - 'A' + 'a')
                                                : *in;
    out[n] = '\0';
}

/* The questions pretix asks during check-in (`ask_during_checkin`):
 * kept with their type, and their answers with the registrations (issue
 * 49); those no longer asked are not asked at the desk either. */
static int ask_questions(struct importer *im, json_t *questions,
                         struct ck_error *err)
{
    int code = importer_ask_question(im, NULL, NULL, NULL, false, err);
    size_t i;
    json_t *qn;
    json_array_foreach(questions, i, qn)
    {
        const char *ident =
            json_string_value(json_object_get(qn, "identifier"));
        if (code || !ident || !*ident ||
            !json_is_true(json_object_get(qn, "ask_during_checkin")))
            continue;
        code = importer_ask_question(
            im, ident, i18n(json_object_get(qn, "question")),
            json_string_value(json_object_get(qn, "type")),
            json_is_true(json_object_get(qn, "required")), err);
    }
    return code;
}

/* Whether an item of `items`, or a variation of one, asks for attention
 * at the door: if none does, a position's door fields look none up
 * (the look-ups were 850 instructions a position; callgrind, 140,000
 * positions). */
static bool asks_attention(json_t *items)
{
    size_t i, j;
    json_t *it, *var;
    json_array_foreach(items, i, it)
    {
        if (json_is_true(json_object_get(it, "checkin_attention")))
            return true;
        json_array_foreach(json_object_get(it, "variations"), j, var)
        {
            if (json_is_true(json_object_get(var, "checkin_attention")))
                return true;
        }
    }
    return false;
}

/* What the import keeps while the export is read. */
struct pretix_import {
    struct importer *im;
    struct pretix_source *src;
    struct questions q;
    struct groups *gs;
};

/* The export's metadata is known: check the slug, find the questions
 * (the import's on_meta). */
static int prepare(void *ctx, json_t *root, struct ck_error *err)
{
    struct pretix_import *pi = ctx;
    json_t *event = json_object_get(root, "event");
    const char *slug = json_string_value(json_object_get(event, "slug"));
    char want[128], have[128];
    slug_form(slug, want, sizeof(want));
    slug_form(importer_event_slug(pi->im), have, sizeof(have));
    if (slug && strcmp(want, have))
        return ck_fail(
            err, CK_EINVAL,
            "%s is an export of the pretix event %.60s, but the database "
            "holds %.60s; import this event's export, or make a database "
            "for that event with 'checkin describe' and 'checkin init'.",
            pi->src->path, slug, importer_event_slug(pi->im));
    importer_set_locator(pi->im, pretix_line_of, pi->src);
    find_questions(pi->im, event, &pi->q);
    pi->q.items = json_object_get(event, "items");
    pi->q.attention = asks_attention(pi->q.items) ? pi->q.items : NULL;
    pi->q.questions = json_object_get(event, "questions");
    int code = ask_questions(pi->im, pi->q.questions, err);
    if (code)
        return code;
    struct check_ctx cc = {pi->im, &pi->q};
    importer_each_list_item(pi->im, check_list_item, &cc);
    importer_each_list_stock(pi->im, check_list_stock, &cc);
    pi->gs = calloc(1, sizeof(*pi->gs));
    if (!pi->gs)
        return ck_fail(err, CK_ENOMEM, "Out of memory reading %s.",
                       pi->src->path);
    return CK_OK;
}

/* The import's on_view. */
static int import_one(void *ctx, const struct order_view *v,
                      struct ck_error *err)
{
    struct pretix_import *pi = ctx;
    return import_order(pi->im, v, &pi->q, pi->gs, err);
}

int import_pretix(struct importer *im, const char *path, const char *data,
                  size_t len, FILE *f, struct ck_error *err)
{
    struct pretix_source src = {.path = path, .data = data, .len = len, .f = f};
    struct pretix_import pi = {.im = im, .src = &src};
    struct pretix_reader r = {
        .im = im, .on_meta = prepare, .on_view = import_one, .ctx = &pi};
    json_t *whole;
    importer_vanish(im)->pretix = true;
    int code = pretix_read(&src, &r, &whole, err);
    if (!code)
        code = import_vanish_finish(im, err);
    if (!code)
        report_unmapped(im, pi.gs);
    importer_progress(im, len, len);
    free(pi.gs);
    json_decref(whole);
    return code;
}
