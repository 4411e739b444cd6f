/* A sprint project lead's link on their phone (docs/sprints.md, "The
 * lead's list on their phone"): the page of who came to the project, day
 * by day, in the station's language, with email and company only of
 * those who consented to share them (sponsor_consent, as a sponsor's
 * leads), and the same as the CSV `checkin sprints ... who` writes.
 * web/booth.c asks it for the project the link's token belongs to, and
 * only that one; answered on the loop's thread. */
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/export.h"
#include "checkin/i18n.h"
#include "display_web_sprint.h"

/* `v` into `f` with &, <, >, " and ' as HTML entities. */
static void html_text(FILE *f, const char *v)
{
    for (; *v; v++) {
        const char *e = *v == '&'    ? "&amp;"
                        : *v == '<'  ? "&lt;"
                        : *v == '>'  ? "&gt;"
                        : *v == '"'  ? "&quot;"
                        : *v == '\'' ? "&#39;"
                                     : NULL;
        if (e)
            fputs(e, f);
        else
            fputc(*v, f);
    }
}

/* Local day "YYYY-MM-DD" as a person reads it ("Mon 17 May", "Mo 17.
 * Mai"); the ISO day when it cannot be read. */
static void day_said(const char *day, char *out, size_t cap)
{
    if (!i18n_iso_day(day, out, cap))
        snprintf(out, cap, "%s", day);
}

/* The people of `day` (v[*at] on) as a list; *at past them. */
static void day_list(FILE *f, const struct sprint_person *v, size_t n,
                     size_t *at)
{
    const char *day = v[*at].day;
    size_t end = *at;
    while (end < n && !strcmp(v[end].day, day))
        end++;
    char said[64];
    day_said(day, said, sizeof(said));
    fputs("<h2>", f);
    html_text(f, said);
    fputs(" <small>", f);
    fprintf(f, ngettext("%zu person", "%zu people", end - *at), end - *at);
    fputs("</small></h2>\n<ul>\n", f);
    for (; *at < end; (*at)++) {
        const struct sprint_person *p = &v[*at];
        fputs("<li>", f);
        html_text(f, p->time);
        fputs(" <strong>", f);
        html_text(f, p->badge_name);
        fputs("</strong>", f);
        if (p->consent && (p->email[0] || p->company[0])) {
            fputs(" &mdash; ", f);
            html_text(f, p->email);
            if (p->email[0] && p->company[0])
                fputs(", ", f);
            html_text(f, p->company);
        }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n", f);
}

/* The page: the project's title, what it lists, the CSV, each day. */
static void page(FILE *f, const struct sprint_project *p,
                 const struct sprint_person *v, size_t n)
{
    char title[sizeof(p->title) + 64];
    /* TRANSLATORS: a sprint project lead's page on their phone: the
     * project's title. */
    snprintf(title, sizeof(title), _("Who came to %s"), p->title);
    /* untranslated: HTML markup; the page's words are _() above and
     * below. */
    fprintf(f,
            "<!doctype html>\n<html lang=\"%s\">\n<head>\n<meta "
            "charset=\"utf-8\">\n<meta name=\"viewport\" "
            "content=\"width=device-width, initial-scale=1\">\n<title>",
            checkin_lang());
    html_text(f, title);
    fputs("</title>\n</head>\n<body>\n<main>\n<h1>", f);
    html_text(f, title);
    fputs("</h1>\n<p>", f);
    html_text(f, _("Everyone who checked in, by day; email and company only "
                   "of those who agreed to share them."));
    /* untranslated: HTML markup */
    fputs("</p>\n<p><a href=\"/api/booth/people.csv\" download>", f);
    html_text(f, _("Download CSV"));
    fputs("</a></p>\n", f);
    if (!n) {
        fputs("<p>", f);
        html_text(f, _("No one has checked in to this project yet."));
        fputs("</p>\n", f);
    }
    for (size_t at = 0; at < n;)
        day_list(f, v, n, &at);
    fputs("</main>\n</body>\n</html>\n", f);
}

json_t *display_sprint_lead(station *st, const char *slug, bool csv)
{
    struct sprint_project p;
    struct sprint_days d;
    struct sprint_person *v = NULL;
    size_t n = 0;
    bool found = false;
    struct ck_error e = {0};
    int code = station_sprint_lead(st, slug, &p, &d, &v, &n, &found, &e);
    json_t *o = NULL;
    if (!code && !found) {
        o = json_pack("{s:s}", "message",
                      _("This project is no longer one of the sprints; ask "
                        "the organizer."));
    } else if (!code) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (f) {
            if (csv)
                export_sprint_people(f, v, n, true);
            else
                page(f, &p, v, n);
            fclose(f);
            o = json_pack("{s:s%}", csv ? "csv" : "html", buf, len);
        }
        free(buf);
    } else {
        char said[2 * sizeof(e.msg)];
        o = json_pack("{s:s}", "message",
                      ck_error_text(&e, said, sizeof(said)));
    }
    free(v);
    return o;
}

json_t *display_sprint_projects(const station *st)
{
    struct sprint_project *v = NULL;
    size_t n = 0;
    char now[SPRINT_SLUG_CAP] = "";
    struct ck_error e;
    json_t *a = json_array();
    if (station_sprint_projects((station *)st, &v, &n, now, sizeof(now), &e))
        n = 0;
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s,s:s,s:s,s:b}", "slug", v[i].slug,
                                        "title", v[i].title, "room", v[i].room,
                                        "now", !strcmp(v[i].slug, now)));
    free(v);
    return a;
}

int display_sprint_serve_links(station *st, web_station *ws, const char *slug,
                               const char *token, bool *current,
                               struct ck_error *err)
{
    if (current)
        *current = false;
    struct sprint_link *v = NULL;
    size_t n = 0;
    int code = station_sprint_links(st, &v, &n, err);
    struct web_booth *wb = code || !n ? NULL : calloc(n, sizeof(*wb));
    if (!code && n && !wb)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (size_t i = 0; !code && i < n; i++) {
        snprintf(wb[i].slug, sizeof(wb[i].slug), "%s", v[i].slug);
        snprintf(wb[i].token, sizeof(wb[i].token), "%s", v[i].token);
        wb[i].project = true;
        if (current && token && strlen(token) == 64 &&
            !strcmp(v[i].slug, slug) && !sodium_memcmp(v[i].token, token, 64))
            *current = true;
    }
    if (!code)
        code = web_station_set_booths(ws, wb, n, err);
    if (wb)
        sodium_memzero(wb, n * sizeof(*wb));
    if (v)
        sodium_memzero(v, n * sizeof(*v));
    free(wb);
    free(v);
    return code;
}
