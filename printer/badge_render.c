/* See badge_render.h.  Moved from `checkin badge` (cli/) so that the
 * command is argv wiring only; what it prints is unchanged. */
#include "checkin/badge_render.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkin/credential.h"
#include "checkin/label.h"
#include "checkin/progress.h"
#include "checkin/template.h"

/* Warn about what a person should look at before printing. */
static void report_fit(FILE *msgs, const char *who,
                       const struct label_field_result *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (r[i].clipped)
            fprintf(msgs,
                    "checkin: warning: %s: [field %s] does not fit its box "
                    "even shortened; the template needs a larger box.\n",
                    who, r[i].field->name);
        else if (r[i].ellipsized)
            fprintf(msgs,
                    "checkin: note: %s: [field %s] was shortened with an "
                    "ellipsis to fit.\n",
                    who, r[i].field->name);
        if (r[i].unknown_glyphs)
            fprintf(msgs,
                    "checkin: warning: %s: [field %s] has %d characters no "
                    "installed font can draw; install fonts-noto.\n",
                    who, r[i].field->name, r[i].unknown_glyphs);
    }
}

int badge_render_one(store *s, const struct badge_key *key,
                     const struct badge_render_options *o, const char *who,
                     FILE *msgs, struct ck_error *err)
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
            report_fit(msgs, who, img.fields, img.nfields);
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
            report_fit(msgs, who, res, tpl.nfields);
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
                    long *ellipsized, FILE *msgs, struct ck_error *err)
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
            report_fit(msgs, ticket_id, &res[i], 1);
        } else if (res[i].unknown_glyphs) {
            report_fit(msgs, ticket_id, &res[i], 1);
        }
    }
    return CK_OK;
}

int badge_render_all(store *s, const struct badge_key *key,
                     const struct badge_render_options *o, FILE *out,
                     FILE *msgs, struct ck_error *err)
{
    struct attendee_list all = {0};
    struct template tpl = {0}, ttpl = {0};
    label_pdf *pdf = NULL;
    struct label_field_result *res = NULL;
    long pages = 0, shortened = 0;
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
    struct progress bar;
    progress_start(&bar, msgs, "Rendering badges");
    for (size_t i = 0; i < all.n && !code; i++) {
        const struct attendee *a = &all.items[i];
        progress_update(&bar, i, all.n);
        if (a->status != STATUS_PAID && a->status != STATUS_PENDING)
            continue;
        code = add_page(pdf, s, key, &tpl, a->id, 0, a->ticket_id, res,
                        &shortened, msgs, err);
        pages += !code;
        for (size_t j = 0; !code && o->tickets && j < a->ntutorials; j++) {
            int64_t tut;
            code = store_tutorial_id(s, a->tutorials[j], &tut, err);
            if (!code)
                code = add_page(pdf, s, key, &ttpl, a->id, tut, a->ticket_id,
                                res, &shortened, msgs, err);
            pages += !code;
        }
    }
    progress_end(&bar);
    if (code)
        label_pdf_discard(pdf); /* the file stays as it was */
    else
        code = label_pdf_close(pdf, err);
    if (!code)
        fprintf(out,
                "Wrote %ld pages to %s (%ld fields shortened with an "
                "ellipsis).\n",
                pages, o->out, shortened);
out:
    free(res);
    attendee_list_free(&all);
    template_free(&ttpl);
    template_free(&tpl);
    return code;
}

/* Whether `path` ends in `ext` (".png"), in any case. */
static bool ends_in(const char *path, const char *ext)
{
    size_t n = strlen(path);
    return n > 4 && !strcasecmp(path + n - 4, ext);
}

/* The usage sentence `msg` into `why`; false, for returning. */
static bool refuse(char *why, size_t cap, const char *msg)
{
    snprintf(why, cap, "%s", msg);
    return false;
}

bool badge_render_options_check(struct badge_render_options *o, bool all,
                                char *why, size_t cap)
{
    if (!o->out)
        return refuse(why, cap,
                      "say where to write with --out FILE.png or FILE.pdf");
    o->pdf = ends_in(o->out, ".pdf");
    if (!o->pdf && !ends_in(o->out, ".png"))
        return refuse(why, cap, "--out must end in .png or .pdf");
    if (all && !o->pdf)
        return refuse(why, cap, "--all writes a PDF; use --out FILE.pdf");
    if (all && o->tutorial)
        return refuse(why, cap,
                      "--tutorial is for one attendee; use "
                      "--tickets with --all");
    if (o->tickets && !all)
        return refuse(why, cap, "--tickets goes with --all");
    if (!o->template)
        o->template = o->tutorial ? "ticket-62x100" : "badge-62x100";
    return true;
}

int badge_render_file(const char *db, const char *key_path,
                      const struct badge_render_options *o, const char *who,
                      FILE *out, FILE *msgs, struct ck_error *err)
{
    char keybuf[PATH_MAX];
    if (!key_path) {
        credential_default_key_path(db, keybuf, sizeof(keybuf));
        key_path = keybuf;
    }
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    struct badge_key key;
    code = credential_load_key(s, key_path, &key, err);
    if (!code)
        code = who ? badge_render_one(s, &key, o, who, msgs, err)
                   : badge_render_all(s, &key, o, out, msgs, err);
    badge_key_wipe(&key);
    store_close(s);
    return code;
}
