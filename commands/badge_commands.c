/* What `checkin badge` tells a person (badge_commands.h): which of its
 * options go together, the fields to look at before printing, the
 * progress of every attendee's badge and the pages written.  The
 * rendering is printer/'s (badge_render.h), which returns what it did. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkin/badge_commands.h"
#include "checkin/credential.h"
#include "checkin/i18n.h"
#include "checkin/progress.h"

const char BADGE_USAGE[] = N_(
    "Usage: checkin badge [OPTIONS] EVENT.db WHO --out FILE.png|FILE.pdf\n"
    "       checkin badge [OPTIONS] EVENT.db --all --out FILE.pdf\n"
    "       checkin badge EVENT.db --all --sort family-name --boxes N --out "
    "FILE.pdf\n"
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
    "      --sort family-name  with --all, the badges in order of family\n"
    "                         name, for sorting into boxes\n"
    "  -b, --boxes N          with --sort, N boxes of consecutive badges:\n"
    "                         each badge's box (\"L-M\") and position are\n"
    "                         recorded for the desks, and one page per box\n"
    "                         for the volunteers goes to FILE-boxes.txt\n"
    "  -k, --key FILE         signing key (default EVENT.key beside EVENT.db)\n"
    "  -h, --help             show this help\n");

/* Warn about what a person should look at before printing. */
static void report_fit(void *ctx, const char *who,
                       const struct label_field_result *r, size_t n)
{
    FILE *msgs = ctx;
    for (size_t i = 0; i < n; i++) {
        if (r[i].clipped)
            fprintf(msgs,
                    _("checkin: warning: %s: [field %s] does not fit its "
                      "box even shortened; the template needs a larger "
                      "box.\n"),
                    who, r[i].field->name);
        else if (r[i].ellipsized)
            fprintf(msgs,
                    _("checkin: note: %s: [field %s] was shortened with an "
                      "ellipsis to fit.\n"),
                    who, r[i].field->name);
        if (r[i].unknown_glyphs)
            fprintf(msgs,
                    ngettext("checkin: warning: %s: [field %s] has %d "
                             "character no installed font can draw; install "
                             "fonts-noto.\n",
                             "checkin: warning: %s: [field %s] has %d "
                             "characters no installed font can draw; "
                             "install fonts-noto.\n",
                             (unsigned long)r[i].unknown_glyphs),
                    who, r[i].field->name, r[i].unknown_glyphs);
    }
}

static int render_one(store *s, const struct badge_key *key,
                      const struct badge_render_options *o, const char *who,
                      FILE *msgs, struct ck_error *err)
{
    struct badge_render_tell tell = {.fit = report_fit, .ctx = msgs};
    return badge_render_one(s, key, o, who, &tell, err);
}

/* The progress bar and the stream the fields are said on. */
struct all_told {
    struct progress bar;
    FILE *msgs;
};

static void told_fit(void *ctx, const char *who,
                     const struct label_field_result *r, size_t n)
{
    report_fit(((struct all_told *)ctx)->msgs, who, r, n);
}

static void told_progress(void *ctx, size_t done, size_t total)
{
    progress_update(&((struct all_told *)ctx)->bar, done, total);
}

static int render_all(store *s, const struct badge_key *key,
                      const struct badge_render_options *o, FILE *out,
                      FILE *msgs, struct ck_error *err)
{
    struct all_told t = {.msgs = msgs};
    progress_start(&t.bar, msgs, _("Rendering badges"));
    struct badge_render_tell tell = {told_fit, told_progress, &t};
    struct badge_render_done done;
    int code = badge_render_all(s, key, o, &tell, &done, err);
    progress_end(&t.bar);
    if (!code)
        fprintf(out,
                /* TRANSLATORS: the file, then two counts said as label:
                 * value, so that neither needs a plural form. */
                _("Wrote %s (pages: %ld; fields shortened with an ellipsis: "
                  "%ld).\n"),
                o->out, done.pages, done.shortened);
    if (!code && o->boxes)
        fprintf(out,
                _("Sorted by family name into %d boxes; each badge's box "
                  "and position are recorded for the desks, and the box "
                  "sheet is %s.\n"),
                done.boxes, o->sheet);
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

/* --sort and --boxes into `o`, the sheet's name beside --out. */
static bool run_check(struct badge_render_options *o, bool all,
                      struct badge_run_args *run, char *why, size_t cap)
{
    if (run->sort && strcmp(run->sort, "family-name"))
        return refuse(why, cap, _("--sort takes family-name"));
    if ((run->sort || run->boxes) && !all)
        return refuse(why, cap, _("--sort and --boxes go with --all"));
    if (run->boxes && !run->sort)
        return refuse(why, cap,
                      _("--boxes needs the badges sorted: add --sort "
                        "family-name"));
    o->sort_family = run->sort != NULL;
    if (!run->boxes)
        return true;
    char *end;
    errno = 0;
    long n = strtol(run->boxes, &end, 10);
    if (errno || end == run->boxes || *end || n < 1 || n > 1000)
        return refuse(why, cap,
                      _("--boxes takes a number of boxes, 1 to 1000"));
    o->boxes = (int)n;
    size_t len = strlen(o->out) - 4; /* less ".pdf" */
    snprintf(run->sheet, sizeof(run->sheet), "%.*s-boxes.txt", (int)len,
             o->out);
    o->sheet = run->sheet;
    return true;
}

bool badge_render_options_check(struct badge_render_options *o, bool all,
                                struct badge_run_args *run, char *why,
                                size_t cap)
{
    if (!o->out)
        return refuse(why, cap,
                      _("say where to write with --out FILE.png or "
                        "FILE.pdf"));
    o->pdf = ends_in(o->out, ".pdf");
    if (!o->pdf && !ends_in(o->out, ".png"))
        return refuse(why, cap, _("--out must end in .png or .pdf"));
    if (all && !o->pdf)
        return refuse(why, cap, _("--all writes a PDF; use --out FILE.pdf"));
    if (all && o->tutorial)
        return refuse(why, cap,
                      _("--tutorial is for one attendee; use "
                        "--tickets with --all"));
    if (o->tickets && !all)
        return refuse(why, cap, _("--tickets goes with --all"));
    if (!o->template)
        o->template = o->tutorial ? "ticket-62x100" : "badge-62x100";
    return run_check(o, all, run, why, cap);
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
        code = who ? render_one(s, &key, o, who, msgs, err)
                   : render_all(s, &key, o, out, msgs, err);
    badge_key_wipe(&key);
    store_close(s);
    return code;
}
