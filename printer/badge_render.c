/* See badge_render.h.  What rendering did to each field is handed to the
 * caller's `fit` as it happens; what `checkin badge` tells a person of it
 * is commands/ (badge_commands.c). */
#include "checkin/badge_render.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkin/atomic_file.h"
#include "checkin/credential.h"
#include "checkin/label.h"
#include "checkin/preprint.h"
#include "checkin/store_sql.h"
#include "checkin/template.h"

/* Hand `tell` the fields of `who` a person should look at. */
static void tell_fit(const struct badge_render_tell *tell, const char *who,
                     const struct label_field_result *r, size_t n)
{
    if (tell && tell->fit)
        tell->fit(tell->ctx, who, r, n);
}

int badge_render_one(store *s, const struct badge_key *key,
                     const struct badge_render_options *o, const char *who,
                     const struct badge_render_tell *tell, struct ck_error *err)
{
    struct attendee_list al = {0};
    struct template tpl = {0};
    struct label_data d = {0};
    struct label_image img = {0};
    label_pdf *pdf = NULL;
    struct label_field_result *res = NULL;
    int64_t tut = 0;
    int code = store_attendee_find_one(s, who, &al, err);
    if (!code && o->tutorial)
        code = store_tutorial_id(s, o->tutorial, &tut, err);
    if (!code)
        code = template_find(o->templates_dir, o->template, &tpl, err);
    if (code)
        goto out;
    if ((tpl.kind == TEMPLATE_TICKET) != (tut != 0)) {
        code = tut ? ck_fail(err, CK_EINVAL,
                             "Template '%s' is for badges; use a ticket "
                             "template (like ticket-62x100).",
                             tpl.name)
                   : ck_fail(err, CK_EINVAL,
                             "Template '%s' is for tutorial tickets; use a "
                             "badge template or add --tutorial.",
                             tpl.name);
        goto out;
    }
    code = label_data_for(s, key, al.items[0].id, tut, &d, err);
    if (code)
        goto out;
    if (!o->pdf) {
        code = label_render(&tpl, &d, &img, err);
        if (!code)
            code = label_image_write_png(&img, o->out, err);
        if (!code)
            tell_fit(tell, who, img.fields, img.nfields);
    } else {
        res = calloc(tpl.nfields, sizeof(*res));
        code = res ? label_pdf_open(o->out, &pdf, err)
                   : ck_fail(err, CK_ENOMEM, "Out of memory.");
        if (!code)
            code = label_pdf_add(pdf, &tpl, &d, res, err);
        if (code)
            label_pdf_discard(pdf); /* the file stays as it was */
        else
            code = label_pdf_close(pdf, err);
        if (!code)
            tell_fit(tell, who, res, tpl.nfields);
    }
out:
    free(res);
    label_image_free(&img);
    label_data_free(&d);
    template_free(&tpl);
    attendee_list_free(&al);
    return code;
}

/* The name a badge is sorted and boxed by: the family name, or the whole
 * name when only that is known. */
static const char *sort_name(const struct attendee *a)
{
    return a->family_name && *a->family_name ? a->family_name
           : a->badge_name                   ? a->badge_name
                                             : "";
}

static int by_family(const void *pa, const void *pb)
{
    const struct attendee *a = *(const struct attendee *const *)pa;
    const struct attendee *b = *(const struct attendee *const *)pb;
    int c = strcasecmp(sort_name(a), sort_name(b));
    if (!c)
        c = strcasecmp(a->given_name ? a->given_name : "",
                       b->given_name ? b->given_name : "");
    return c ? c : strcmp(a->ticket_id, b->ticket_id);
}

/* The paid or pending attendees of `all` in the run's order: as listed,
 * or by family name.  *out is the caller's to free(). */
static int run_order(const struct attendee_list *all, bool sort_family,
                     const struct attendee ***out, size_t *n)
{
    *n = 0;
    *out = malloc((all->n ? all->n : 1) * sizeof(**out));
    if (!*out)
        return CK_ENOMEM;
    for (size_t i = 0; i < all->n; i++)
        if (all->items[i].status == STATUS_PAID ||
            all->items[i].status == STATUS_PENDING)
            (*out)[(*n)++] = &all->items[i];
    if (sort_family)
        qsort(*out, *n, sizeof(**out), by_family);
    return CK_OK;
}

/* The first `k` characters of `name` (UTF-8), ASCII letters in capitals,
 * into `out`. */
static void prefix(const char *name, int k, char *out, size_t cap)
{
    size_t i = 0, o = 0;
    while (name[i] && o + 1 < cap) {
        unsigned char c = (unsigned char)name[i];
        if ((c & 0xC0) != 0x80 && k-- == 0)
            break;
        out[o++] = (char)(c < 0x80 ? toupper(c) : c);
        i++;
    }
    out[o] = '\0';
}

/* Box `b`'s label from the names of its first and last badges, `k`
 * characters of each: "L-M", or "L" when both begin alike. */
static void box_label(const struct attendee *first, const struct attendee *last,
                      int k, char *out, size_t cap)
{
    char a[PREPRINT_BOX_CAP / 2], z[PREPRINT_BOX_CAP / 2];
    prefix(sort_name(first), k, a, sizeof(a));
    prefix(sort_name(last), k, z, sizeof(z));
    if (!strcmp(a, z))
        snprintf(out, cap, "%s", a);
    else
        snprintf(out, cap, "%s-%s", a, z);
}

/* The badges of box `b` of `nboxes` for `n` badges: [*from, *to). */
static void box_range(size_t n, size_t nboxes, size_t b, size_t *from,
                      size_t *to)
{
    size_t size = (n + nboxes - 1) / nboxes;
    *from = b * size < n ? b * size : n;
    *to = *from + size < n ? *from + size : n;
}

/* The labels of every box, as few characters as keep them apart (up to
 * four: beyond, two boxes of one name are told apart by their number). */
static void box_labels(const struct attendee **order, size_t n, size_t nb,
                       char (*labels)[PREPRINT_BOX_CAP])
{
    for (int k = 1; k <= 4; k++) {
        bool apart = true;
        for (size_t b = 0; b < nb; b++) {
            size_t from, to;
            box_range(n, nb, b, &from, &to);
            box_label(order[from], order[to - 1], k, labels[b],
                      sizeof(labels[b]));
            for (size_t c = 0; c < b; c++)
                apart = apart && strcmp(labels[b], labels[c]);
        }
        if (apart)
            return;
    }
    for (size_t b = 1; b < nb; b++)
        if (!strcmp(labels[b], labels[b - 1])) {
            size_t len = strlen(labels[b]);
            snprintf(labels[b] + len, sizeof(labels[b]) - len, " %zu", b + 1);
        }
}

/* One box's page of the sheet. */
static void sheet_box(FILE *f, const char *label, size_t b, size_t nb,
                      const struct attendee **order, size_t from, size_t to)
{
    fprintf(f, "%sBox %s (%zu of %zu): %zu badges\n\n", b ? "\f" : "", label,
            b + 1, nb, to - from);
    for (size_t i = from; i < to; i++)
        fprintf(f, "  #%-4zu %s  (%s)\n", i - from + 1,
                order[i]->badge_name ? order[i]->badge_name : "",
                order[i]->ticket_id);
}

/* Record each badge's box and position with its issue (replacing an
 * earlier run's), in one transaction, and write the sheet. */
static int record_boxes(store *s, const struct attendee **order, size_t n,
                        const struct badge_render_options *o, int *nboxes,
                        struct ck_error *err)
{
    size_t nb = n < (size_t)o->boxes ? n : (size_t)o->boxes;
    while (nb > 1 && (nb - 1) * ((n + nb - 1) / nb) >= n)
        nb--; /* no box left empty */
    char(*labels)[PREPRINT_BOX_CAP] = calloc(nb ? nb : 1, sizeof(*labels));
    if (!labels)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    box_labels(order, n, nb, labels);
    /* The sheet names people: made 0600, whole or not at all, and
     * published only with the places it lists (atomic_file.h). */
    struct atomic_file af = {.fd = -1};
    FILE *f = NULL;
    int code = 0;
    if (o->sheet) {
        code = atomic_file_begin(&af, o->sheet, ATOMIC_REPLACE, err);
        if (!code && !(f = atomic_file_stream(&af, err)))
            code = err->code ? err->code : CK_EIO;
    }
    if (!code)
        code = store_begin(s, err);
    bool begun = !code;
    if (!code)
        code = preprint_clear(s, err);
    int64_t now = store_now_ms();
    for (size_t b = 0; !code && b < nb; b++) {
        size_t from, to;
        box_range(n, nb, b, &from, &to);
        if (f)
            sheet_box(f, labels[b], b, nb, order, from, to);
        for (size_t i = from; !code && i < to; i++) {
            struct preprint p = {.position = (long)(i - from + 1),
                                 .run_at_ms = now};
            snprintf(p.ticket_id, sizeof(p.ticket_id), "%s",
                     order[i]->ticket_id);
            snprintf(p.box, sizeof(p.box), "%s", labels[b]);
            code = credential_newest_issue(s, order[i]->id, 0, &p.issue, err);
            if (!code)
                code = preprint_put(s, &p, err);
        }
    }
    if (!code && f)
        code = atomic_file_commit(&af, err);
    if (!code) {
        code = store_commit(s, err);
        if (code && f)
            atomic_file_unpublish(&af);
    } else if (begun) {
        store_rollback(s);
    }
    if (code)
        atomic_file_abort(&af);
    *nboxes = (int)nb;
    free(labels);
    return code;
}

static int add_page(label_pdf *pdf, store *s, const struct badge_key *key,
                    const struct template *tpl, int64_t id, int64_t tut,
                    const char *ticket_id, struct label_field_result *res,
                    long *ellipsized, const struct badge_render_tell *tell,
                    struct ck_error *err)
{
    struct label_data d;
    int code = label_data_for(s, key, id, tut, &d, err);
    if (!code)
        code = label_pdf_add(pdf, tpl, &d, res, err);
    label_data_free(&d);
    if (code)
        return code;
    for (size_t i = 0; i < tpl->nfields; i++) {
        if (res[i].ellipsized || res[i].clipped) {
            (*ellipsized)++;
            tell_fit(tell, ticket_id, &res[i], 1);
        } else if (res[i].unknown_glyphs) {
            tell_fit(tell, ticket_id, &res[i], 1);
        }
    }
    return CK_OK;
}

int badge_render_all(store *s, const struct badge_key *key,
                     const struct badge_render_options *o,
                     const struct badge_render_tell *tell,
                     struct badge_render_done *done, struct ck_error *err)
{
    struct attendee_list all = {0};
    struct template tpl = {0}, ttpl = {0};
    label_pdf *pdf = NULL;
    struct label_field_result *res = NULL;
    long pages = 0, shortened = 0;
    const struct attendee **order = NULL;
    size_t n = 0;
    *done = (struct badge_render_done){0};
    int code = template_find(o->templates_dir, o->template, &tpl, err);
    if (!code && o->tickets)
        code = template_find(o->templates_dir, o->ticket_template, &ttpl, err);
    if (code)
        goto out;
    if (tpl.kind != TEMPLATE_BADGE ||
        (o->tickets && ttpl.kind != TEMPLATE_TICKET)) {
        code = ck_fail(err, CK_EINVAL,
                       "--all needs a badge template for --template and a "
                       "ticket template for --ticket-template.");
        goto out;
    }
    size_t nres = tpl.nfields > ttpl.nfields ? tpl.nfields : ttpl.nfields;
    res = calloc(nres ? nres : 1, sizeof(*res));
    if (!res) {
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
        goto out;
    }
    code = store_attendee_search(s, "", 0, &all, err);
    if (!code && run_order(&all, o->sort_family, &order, &n))
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (!code)
        code = label_pdf_open(o->out, &pdf, err);
    if (code)
        goto out;
    for (size_t i = 0; i < n && !code; i++) {
        const struct attendee *a = order[i];
        if (tell && tell->progress)
            tell->progress(tell->ctx, i, n);
        code = add_page(pdf, s, key, &tpl, a->id, 0, a->ticket_id, res,
                        &shortened, tell, err);
        pages += !code;
        for (size_t j = 0; !code && o->tickets && j < a->ntutorials; j++) {
            int64_t tut;
            code = store_tutorial_id(s, a->tutorials[j], &tut, err);
            if (!code)
                code = add_page(pdf, s, key, &ttpl, a->id, tut, a->ticket_id,
                                res, &shortened, tell, err);
            pages += !code;
        }
    }
    if (code)
        label_pdf_discard(pdf); /* the file stays as it was */
    else
        code = label_pdf_close(pdf, err);
    if (!code && o->boxes > 0)
        code = record_boxes(s, order, n, o, &done->boxes, err);
    done->pages = pages;
    done->shortened = shortened;
out:
    free(order);
    free(res);
    attendee_list_free(&all);
    template_free(&ttpl);
    template_free(&tpl);
    return code;
}
