/* `checkin badge`: render an attendee's badge or tutorial ticket to a PNG
 * preview (exactly the 1-bit image a label printer would print) or a PDF,
 * or every badge of the event into one PDF for pre-printing.  Wiring only:
 * templates are template.h's, drawing is label.h's. */
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkin/credential.h"
#include "checkin/label.h"
#include "checkin/progress.h"
#include "checkin/store.h"
#include "checkin/template.h"
#include "cli.h"

static const char USAGE[] =
    "Usage: checkin badge [OPTIONS] EVENT.db WHO --out FILE.png|FILE.pdf\n"
    "       checkin badge [OPTIONS] EVENT.db --all --out FILE.pdf\n"
    "Render a badge (or, with --tutorial, a tutorial ticket) as the label\n"
    "printer would print it.  WHO is a ticket id, order code, ticket secret\n"
    "or a search that matches one attendee.  A PNG shows the 1-bit label; a\n"
    "PDF has vector text and the ticket type's colour.  --all renders one\n"
    "page per paid or pending attendee, for pre-printing.\n\n"
    "Options:\n"
    "  -o, --out FILE         where to write (.png or .pdf)\n"
    "  -t, --template NAME    label template (default badge-62x100, or\n"
    "                         ticket-62x100 with --tutorial); a name from\n"
    "                         the config labels/ folder or a path to .ini\n"
    "      --tutorial SLUG    the attendee's ticket for this tutorial\n"
    "  -a, --all              every paid or pending attendee (PDF only)\n"
    "      --tickets          with --all, also each attendee's tutorial\n"
    "                         tickets, after their badge\n"
    "      --ticket-template NAME  template for those (ticket-62x100)\n"
    "  -k, --key FILE         signing key (default EVENT.key beside EVENT.db)\n"
    "  -h, --help             show this help\n";

enum fmt { FMT_PNG, FMT_PDF };

static int output_format(const char *path, enum fmt *f)
{
    size_t n = strlen(path);
    if (n > 4 && !strcasecmp(path + n - 4, ".png"))
        *f = FMT_PNG;
    else if (n > 4 && !strcasecmp(path + n - 4, ".pdf"))
        *f = FMT_PDF;
    else
        return -1;
    return 0;
}

static int load_template(const char *name, struct template *t,
                         struct ck_error *err)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s/labels", cli_config_dir());
    return template_find(dir, name, t, err);
}

/* Warn about what a person should look at before printing. */
static void report_fit(const char *who, const struct label_field_result *r,
                       size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (r[i].clipped)
            fprintf(stderr,
                    "checkin: warning: %s: [field %s] does not fit its box "
                    "even shortened; the template needs a larger box.\n",
                    who, r[i].field->name);
        else if (r[i].ellipsized)
            fprintf(stderr,
                    "checkin: note: %s: [field %s] was shortened with an "
                    "ellipsis to fit.\n",
                    who, r[i].field->name);
        if (r[i].unknown_glyphs)
            fprintf(stderr,
                    "checkin: warning: %s: [field %s] has %d characters no "
                    "installed font can draw; install fonts-noto.\n",
                    who, r[i].field->name, r[i].unknown_glyphs);
    }
}

struct opts {
    const char *out, *tpl_name, *tutorial, *key_path, *ticket_tpl;
    bool all, tickets;
    enum fmt fmt;
};

static int render_one(store *s, const struct badge_key *key,
                      const struct opts *o, const char *who,
                      struct ck_error *err)
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
        code = load_template(o->tpl_name, &tpl, err);
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
    if (o->fmt == FMT_PNG) {
        code = label_render(&tpl, &d, &img, err);
        if (!code)
            code = label_image_write_png(&img, o->out, err);
        if (!code)
            report_fit(who, img.fields, img.nfields);
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
            report_fit(who, res, tpl.nfields);
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
                    long *ellipsized, struct ck_error *err)
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
            report_fit(ticket_id, &res[i], 1);
        } else if (res[i].unknown_glyphs) {
            report_fit(ticket_id, &res[i], 1);
        }
    }
    return CK_OK;
}

static int render_all(store *s, const struct badge_key *key,
                      const struct opts *o, struct ck_error *err)
{
    struct attendee_list all = {0};
    struct template tpl = {0}, ttpl = {0};
    label_pdf *pdf = NULL;
    struct label_field_result *res = NULL;
    long pages = 0, shortened = 0;
    int code = load_template(o->tpl_name, &tpl, err);
    if (!code && o->tickets)
        code = load_template(o->ticket_tpl, &ttpl, err);
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
    progress_start(&bar, stderr, "Rendering badges");
    for (size_t i = 0; i < all.n && !code; i++) {
        const struct attendee *a = &all.items[i];
        progress_update(&bar, i, all.n);
        if (a->status != STATUS_PAID && a->status != STATUS_PENDING)
            continue;
        code = add_page(pdf, s, key, &tpl, a->id, 0, a->ticket_id, res,
                        &shortened, err);
        pages += !code;
        for (size_t j = 0; !code && o->tickets && j < a->ntutorials; j++) {
            int64_t tut;
            code = store_tutorial_id(s, a->tutorials[j], &tut, err);
            if (!code)
                code = add_page(pdf, s, key, &ttpl, a->id, tut, a->ticket_id,
                                res, &shortened, err);
            pages += !code;
        }
    }
    progress_end(&bar);
    if (code)
        label_pdf_discard(pdf); /* the file stays as it was */
    else
        code = label_pdf_close(pdf, err);
    if (!code)
        printf("Wrote %ld pages to %s (%ld fields shortened with an "
               "ellipsis).\n",
               pages, o->out, shortened);
out:
    free(res);
    attendee_list_free(&all);
    template_free(&ttpl);
    template_free(&tpl);
    return code;
}

int cmd_badge_render(int argc, char **argv)
{
    enum { OPT_TUTORIAL = 256, OPT_TICKETS, OPT_TICKET_TEMPLATE };
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"template", required_argument, NULL, 't'},
        {"tutorial", required_argument, NULL, OPT_TUTORIAL},
        {"all", no_argument, NULL, 'a'},
        {"tickets", no_argument, NULL, OPT_TICKETS},
        {"ticket-template", required_argument, NULL, OPT_TICKET_TEMPLATE},
        {"key", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct opts o = {.ticket_tpl = "ticket-62x100"};
    int c;
    while ((c = getopt_long(argc, argv, ":o:t:ak:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o.out = optarg;
            break;
        case 't':
            o.tpl_name = optarg;
            break;
        case OPT_TUTORIAL:
            o.tutorial = optarg;
            break;
        case 'a':
            o.all = true;
            break;
        case OPT_TICKETS:
            o.tickets = true;
            break;
        case OPT_TICKET_TEMPLATE:
            o.ticket_tpl = optarg;
            break;
        case 'k':
            o.key_path = optarg;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return EXIT_OK;
        case ':':
            return cli_usage_error("badge", "option '%s' needs a value",
                                   argv[optind - 1]);
        default:
            cli_bad_option("badge", c);
            return EXIT_USAGE;
        }
    }
    int nargs = argc - optind;
    if (o.all ? nargs != 1 : nargs != 2)
        return cli_usage_error("badge", o.all ? "expected EVENT.db"
                                              : "expected EVENT.db and WHO");
    if (!o.out)
        return cli_usage_error("badge", "say where to write with --out "
                                        "FILE.png or FILE.pdf");
    if (output_format(o.out, &o.fmt))
        return cli_usage_error("badge", "--out must end in .png or .pdf");
    if (o.all && o.fmt != FMT_PDF)
        return cli_usage_error("badge", "--all writes a PDF; use --out "
                                        "FILE.pdf");
    if (o.all && o.tutorial)
        return cli_usage_error("badge", "--tutorial is for one attendee; "
                                        "use --tickets with --all");
    if (o.tickets && !o.all)
        return cli_usage_error("badge", "--tickets goes with --all");
    if (!o.tpl_name)
        o.tpl_name = o.tutorial ? "ticket-62x100" : "badge-62x100";
    const char *db = argv[optind];
    char keybuf[PATH_MAX];
    if (!o.key_path) {
        credential_default_key_path(db, keybuf, sizeof(keybuf));
        o.key_path = keybuf;
    }
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    struct badge_key key;
    int code = credential_load_key(s, o.key_path, &key, &err);
    if (!code)
        code = o.all ? render_all(s, &key, &o, &err)
                     : render_one(s, &key, &o, argv[optind + 1], &err);
    badge_key_wipe(&key);
    store_close(s);
    label_shutdown();
    return code ? cli_fail(&err) : EXIT_OK;
}
