/* See badge_render.h.  What rendering did to each field is handed to the
 * caller's `fit` as it happens; what `checkin badge` tells a person of it
 * is commands/ (badge_commands.c). */
#include "checkin/badge_render.h"

#include <stdlib.h>
#include <string.h>

#include "checkin/label.h"
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
        code =
            ck_fail(err, CK_EINVAL,
                    "Template '%s' is for %s; use a %s template%s.", tpl.name,
                    tpl.kind == TEMPLATE_TICKET ? "tutorial tickets" : "badges",
                    tut ? "ticket" : "badge",
                    tut ? " (like ticket-62x100)" : " or add --tutorial");
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
    if (!code)
        code = label_pdf_open(o->out, &pdf, err);
    if (code)
        goto out;
    for (size_t i = 0; i < all.n && !code; i++) {
        const struct attendee *a = &all.items[i];
        if (tell && tell->progress)
            tell->progress(tell->ctx, i, all.n);
        if (a->status != STATUS_PAID && a->status != STATUS_PENDING)
            continue;
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
    done->pages = pages;
    done->shortened = shortened;
out:
    free(res);
    attendee_list_free(&all);
    template_free(&ttpl);
    template_free(&tpl);
    return code;
}
