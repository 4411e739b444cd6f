/* `checkin sprints`, its report and its export (sprint_commands.h): the
 * projects (event/sprint.c) added, removed and listed, their table signs
 * (printer/sprint_signs.c), the people checked in to each project each
 * day, and a project lead's list of who came, with contact details only
 * of those who consented to share them, as a sponsor's leads are.  Each
 * refusal is one sentence that says what to do and changes nothing. */
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/expo_links.h"
#include "checkin/export.h"
#include "checkin/i18n.h"
#include "checkin/qr.h"
#include "checkin/sprint.h"
#include "checkin/sprint_commands.h"
#include "checkin/sprint_signs.h"
#include "checkin/store.h"
#include "checkin/store_sql.h"

static const char USAGE[] =
    N_("usage: checkin sprints EVENT.db add-project SLUG --title TEXT --lead "
       "TICKET [--room ROOM]\n"
       "       checkin sprints EVENT.db remove SLUG\n"
       "       checkin sprints EVENT.db list [--json]\n"
       "       checkin sprints EVENT.db signs --out SIGNS.pdf\n"
       "       checkin sprints EVENT.db who SLUG --lead TICKET [--out "
       "FILE.csv]\n"
       "       checkin sprints STATION.db link SLUG --url URL [--qr FILE.png]\n"
       "       checkin sprints STATION.db revoke SLUG\n"
       "\n"
       "The sprint projects on the days of [sprints] in the event\n"
       "description (docs/sprints.md).  add-project: a project, its title\n"
       "and its lead (their ticket id).  remove: takes a project away; its\n"
       "check-ins stay.  list: each project with its people each day.\n"
       "signs: a PDF, one page a project, with the QR code a sprint station\n"
       "(checkin scan --station sprints) scans to check people in to it.\n"
       "who: the lead's list of who came, contact details only of those\n"
       "who consented to share them.  link: the lead's link to that list\n"
       "on their phone, served by the sprint station (checkin scan\n"
       "STATION.db --station sprints --web ...) at URL, with --qr also as\n"
       "a QR code to print for the lead; revoke: a lost phone's link\n"
       "refused from now on.\n");

struct args {
    const char *db, *what, *slug, *title, *lead, *room, *out, *url, *qr;
    bool json;
};

/* Why nothing was changed, as one sentence. */
static int refused(store *s, const struct args *a, enum sprint_outcome o,
                   struct ck_error *err)
{
    char list[1024] = "";
    switch (o) {
    case SPRINT_NO_SPRINTS:
        return ck_said(err, CK_ENOTFOUND,
                       _("%s has no sprints; add a [sprints] section with "
                         "their days to the event description and apply it "
                         "with checkin event."),
                       a->db);
    case SPRINT_BAD_SLUG:
        return ck_said(err, CK_EINVAL,
                       _("'%s' is not a project's slug; give 1 to 40 "
                         "lower-case letters, digits and '-'."),
                       a->slug);
    case SPRINT_BAD_TITLE:
        return ck_said(err, CK_EINVAL,
                       _("Give the project's title with --title: 1 to %d "
                         "characters of text."),
                       SPRINT_TITLE_CAP);
    case SPRINT_BAD_ROOM:
        return ck_said(err, CK_EINVAL,
                       _("'%s' is not a room's name; give --room as 1 to %d "
                         "characters of text, as a tutorial's room is named "
                         "(\"101A\", \"Room 3\")."),
                       a->room, SPRINT_ROOM_CAP);
    case SPRINT_UNKNOWN_LEAD:
        return ck_said(err, CK_ENOTFOUND,
                       _("No registration has the ticket '%s'; give the "
                         "project lead's ticket id with --lead."),
                       a->lead ? a->lead : "");
    case SPRINT_EXISTS:
        return ck_said(err, CK_EINVAL,
                       _("There is a project '%s' already; remove it first "
                         "or give another slug."),
                       a->slug);
    case SPRINT_UNKNOWN_PROJECT:
        if (sprint_project_names(s, list, sizeof(list), err))
            return err->code;
        return ck_said(err, CK_ENOTFOUND,
                       list[0] ? _("There is no project '%s'; the projects "
                                   "are: %s.")
                               : _("There is no project '%s'; add one with "
                                   "checkin sprints EVENT.db add-project."),
                       a->slug, list);
    case SPRINT_DONE:
    default:
        return CK_OK;
    }
}

static int add_or_remove(const struct args *a, bool add, struct ck_error *err)
{
    store *s;
    int code = store_open(a->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    struct sprint_project p = {0};
    snprintf(p.slug, sizeof(p.slug), "%s", a->slug);
    if (strlen(a->slug) >= sizeof(p.slug))
        p.slug[0] = '\0'; /* too long: refused as not a slug */
    snprintf(p.title, sizeof(p.title), "%s", a->title ? a->title : "");
    snprintf(p.lead_ticket, sizeof(p.lead_ticket), "%s",
             a->lead ? a->lead : "");
    snprintf(p.room, sizeof(p.room), "%s", a->room ? a->room : "");
    if (a->room && strlen(a->room) >= sizeof(p.room))
        snprintf(p.room, sizeof(p.room), "\n"); /* too long: refused */
    enum sprint_outcome o = SPRINT_DONE;
    code = add ? sprint_project_add(s, &p, &o, err)
               : sprint_project_remove(s, p.slug, &o, err);
    if (!code && o)
        code = refused(s, a, o, err);
    if (!code && add) {
        char slug[SPRINT_SLUG_CAP];
        snprintf(slug, sizeof(slug), "%s", p.slug);
        code = sprint_project_get(s, slug, &p, &(bool){0}, err);
    }
    store_close(s);
    if (code)
        return code;
    if (add)
        printf(_("Added the project %s (\"%s\"), led by %s.\n"), p.slug,
               p.title, p.lead_name);
    else
        printf(_("Removed the project %s; its check-ins stay.\n"), a->slug);
    return CK_OK;
}

/* What list, the report and the signs read: the days and the projects. */
static int read_all(const char *db, struct sprint_days *d,
                    struct sprint_project **v, size_t *n, store **s,
                    struct ck_error *err)
{
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, s, err);
    if (code)
        return code;
    bool any = false;
    code = sprint_days_read(*s, d, &any, err);
    if (!code && !any)
        code = ck_said(err, CK_ENOTFOUND,
                       _("%s has no sprints; add a [sprints] section with "
                         "their days to the event description and apply it "
                         "with checkin event."),
                       db);
    if (!code)
        code = sprint_projects(*s, v, n, err);
    if (code)
        store_close(*s);
    return code;
}

/* Project `p`'s people on each day into `counts` (d->ndays). */
static int counts_of(store *s, const struct sprint_days *d,
                     const struct sprint_project *p, long *counts,
                     struct ck_error *err)
{
    int code = CK_OK;
    for (size_t i = 0; i < d->ndays && !code; i++) {
        int64_t from, to;
        counts[i] = 0;
        if (!sprint_day_bounds(d, i, &from, &to))
            continue;
        code = sprint_headcount(s, p->slug, from, to, &counts[i], err);
    }
    return code;
}

static int list_json(store *s, const struct sprint_days *d,
                     const struct sprint_project *v, size_t n,
                     struct ck_error *err)
{
    json_t *a = json_array();
    int code = a ? CK_OK : ck_said(err, CK_ENOMEM, _("Out of memory."));
    for (size_t i = 0; !code && i < n; i++) {
        long counts[SPRINT_DAYS];
        code = counts_of(s, d, &v[i], counts, err);
        json_t *days = code ? NULL : json_object();
        for (size_t k = 0; days && k < d->ndays; k++)
            json_object_set_new(days, d->days[k], json_integer(counts[k]));
        json_t *o =
            days ? json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "slug",
                             v[i].slug, "title", v[i].title, "lead_ticket",
                             v[i].lead_ticket, "lead", v[i].lead_name, "room",
                             v[i].room, "people", days)
                 : NULL;
        if (!code && (!o || json_array_append_new(a, o)))
            code = ck_said(err, CK_ENOMEM, _("Out of memory."));
    }
    if (!code) {
        json_dumpf(a, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    }
    json_decref(a);
    return code;
}

/* "Mon 17 May: 3, Tue 18 May: 1": each day as a person reads it in the
 * command's language (i18n_date, issue 53). */
static void days_line(const struct sprint_days *d, const long *counts,
                      char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d->ndays && used < cap; i++) {
        char day[32] = "";
        i18n_iso_day(d->days[i], day, sizeof(day));
        int k = snprintf(out + used, cap - used, "%s%s: %ld", i ? ", " : "",
                         day[0] ? day : d->days[i], counts[i]);
        if (k < 0)
            break;
        used += (size_t)k;
    }
}

/* The projects with their people each day (list, and the report). */
static int by_project(const char *db, bool json, bool report, FILE *out,
                      struct ck_error *err)
{
    struct sprint_days d;
    struct sprint_project *v = NULL;
    size_t n = 0;
    store *s;
    int code = read_all(db, &d, &v, &n, &s, err);
    if (code)
        return code;
    if (json)
        code = list_json(s, &d, v, n, err);
    else if (!n)
        fprintf(out, "%s\n",
                _("No sprint project yet; add one with checkin sprints "
                  "EVENT.db add-project."));
    long total = 0;
    char line[SPRINT_DAYS * 56];
    for (size_t i = 0; !code && !json && i < n; i++) {
        long counts[SPRINT_DAYS];
        code = counts_of(s, &d, &v[i], counts, err);
        for (size_t k = 0; k < d.ndays; k++)
            total += counts[k];
        days_line(&d, counts, line, sizeof(line));
        /* TRANSLATORS: the slug, the title, the lead's name, then each
         * sprint day with the people checked in to it. */
        if (!code)
            fprintf(out, _("%s  \"%s\", led by %s: %s\n"), v[i].slug,
                    v[i].title, v[i].lead_name, line);
    }
    if (!code && report && !json)
        fprintf(out,
                ngettext("Sprints: %zu project, %ld check-in in all.\n",
                         "Sprints: %zu projects, %ld check-ins in all.\n", n),
                n, total);
    free(v);
    store_close(s);
    return code;
}

int report_sprints(const char *db, FILE *out, struct ck_error *err)
{
    return by_project(db, false, true, out, err);
}

static int signs(const struct args *a, struct ck_error *err)
{
    struct sprint_days d;
    struct sprint_project *v = NULL;
    size_t n = 0;
    store *s;
    int code = read_all(a->db, &d, &v, &n, &s, err);
    if (code)
        return code;
    store_close(s);
    struct sprint_sign *sg = calloc(n ? n : 1, sizeof(*sg));
    if (!sg)
        code = ck_said(err, CK_ENOMEM, _("Out of memory."));
    else if (!n)
        code = ck_said(err, CK_ENOTFOUND,
                       _("No sprint project yet; add one with checkin sprints "
                         "EVENT.db add-project."));
    for (size_t i = 0; !code && i < n; i++)
        sg[i] = (struct sprint_sign){v[i].slug, v[i].title, v[i].room};
    if (!code)
        code = sprint_signs_write(a->out, sg, n, err);
    if (!code)
        printf(ngettext("Wrote %s: %zu sign.\n", "Wrote %s: %zu signs.\n", n),
               a->out, n);
    free(sg);
    free(v);
    return code;
}

/* `path` made 0600 whole, or stdout. */
static int write_people(const char *path, const struct sprint_person *p,
                        size_t n, bool lead, struct ck_error *err)
{
    struct atomic_file af;
    FILE *f = stdout;
    if (path) {
        int code = atomic_file_begin(&af, path, ATOMIC_REPLACE, err);
        f = code ? NULL : atomic_file_stream(&af, err);
        if (!f) {
            atomic_file_abort(&af);
            return code ? code : CK_ENOMEM;
        }
    }
    export_sprint_people(f, p, n, lead);
    return path ? atomic_file_commit(&af, err) : CK_OK;
}

int export_sprints(const char *db, const char *path, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, &s, err);
    if (code)
        return code;
    struct sprint_person *p = NULL;
    size_t n = 0;
    code = sprint_people(s, NULL, &p, &n, err);
    store_close(s);
    if (!code)
        code = write_people(path, p, n, false, err);
    free(p);
    return code;
}

/* The lead's list: only the project's own lead's ticket opens it. */
static int who(const struct args *a, struct ck_error *err)
{
    store *s;
    int code = store_open(a->db, STORE_EXISTING | STORE_READONLY, &s, err);
    if (code)
        return code;
    struct sprint_project p;
    bool found = false;
    code = sprint_project_get(s, a->slug, &p, &found, err);
    if (!code && !found)
        code = refused(s, a, SPRINT_UNKNOWN_PROJECT, err);
    if (!code && strcmp(p.lead_ticket, a->lead))
        code = ck_said(err, CK_EINVAL,
                       _("The ticket '%s' is not the lead of %s; give its "
                         "lead's ticket id with --lead."),
                       a->lead, a->slug);
    struct sprint_person *v = NULL;
    size_t n = 0;
    if (!code)
        code = sprint_people(s, a->slug, &v, &n, err);
    store_close(s);
    if (!code)
        code = write_people(a->out, v, n, true, err);
    free(v);
    return code;
}

/* The lead's link of a project, as a sponsor's booth link is made
 * (expo.h): URL/booth/?token=T, the file's key made at the first. */
static int lead_link(const struct args *a, struct ck_error *err)
{
    struct ck_error why = {0};
    if (expo_links_check(a->url, NULL, &why))
        return ck_said(err, CK_EINVAL,
                       _("'%s' is not the sprint station's address as phones "
                         "open it; give --url like "
                         "https://sprints.example:8443."),
                       a->url);
    store *s;
    int code = store_open(a->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    struct sprint_project p;
    bool found = false;
    code = sprint_project_get(s, a->slug, &p, &found, err);
    if (!code && !found)
        code = refused(s, a, SPRINT_UNKNOWN_PROJECT, err);
    struct sprint_link *v = NULL;
    size_t n = 0;
    if (!code)
        code = sprint_lead_links(s, true, &v, &n, err);
    store_close(s);
    size_t i = 0;
    while (!code && i < n && strcmp(v[i].slug, a->slug))
        i++;
    char link[1024] = "";
    if (!code && i < n) {
        size_t k = strlen(a->url);
        while (k && a->url[k - 1] == '/')
            k--;
        snprintf(link, sizeof(link), "%.*s/booth/?token=%s", (int)k, a->url,
                 v[i].token);
    }
    if (!code && link[0] && a->qr)
        code = qr_write_png(link, 8, a->qr, err);
    if (!code && link[0]) {
        /* TRANSLATORS: the project, its lead's name, then the link. */
        printf(_("The link of %s's lead, %s, to open on their phone (who "
                 "came, day by day): %s\n"),
               p.title, p.lead_name, link);
        if (a->qr)
            printf(_("Its QR code in %s; print it for the lead.\n"), a->qr);
        printf("%s\n", _("A sprint station running on this file serves it "
                         "at once."));
    }
    sodium_memzero(link, sizeof(link));
    if (v)
        sodium_memzero(v, n * sizeof(*v));
    free(v);
    return code;
}

static int revoke(const struct args *a, struct ck_error *err)
{
    store *s;
    int code = store_open(a->db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    int64_t gen = 0;
    enum sprint_outcome o = SPRINT_DONE;
    code = sprint_lead_revoke(s, a->slug, &gen, &o, err);
    if (!code && o)
        code = refused(s, a, o, err);
    store_close(s);
    if (!code)
        printf(_("The lead's links of %s printed before are refused from "
                 "now on, also by a sprint station running on this file "
                 "(generation %lld); print the new one with 'checkin "
                 "sprints STATION.db link'.\n"),
               a->slug, (long long)gen);
    return code;
}

static int usage_error(void)
{
    fprintf(stderr, "%s\n",
            _("checkin sprints: expected EVENT.db add-project SLUG --title "
              "TEXT --lead TICKET [--room ROOM], EVENT.db remove SLUG, "
              "EVENT.db list [--json], EVENT.db signs --out SIGNS.pdf or "
              "EVENT.db who SLUG --lead TICKET [--out FILE.csv], "
              "STATION.db link SLUG --url URL [--qr FILE.png] or STATION.db "
              "revoke SLUG. Try "
              "'checkin sprints --help'."));
    return 2;
}

/* Whether the words and options fit `what`. */
static bool fits(const struct args *a, int n)
{
    const char *w = a->what;
    if ((a->url || a->qr) && strcmp(w, "link"))
        return false;
    if (!strcmp(w, "add-project"))
        return n == 3 && a->title && a->lead && !a->out && !a->json;
    if (!strcmp(w, "remove") || !strcmp(w, "revoke"))
        return n == 3 && !a->title && !a->lead && !a->room && !a->out &&
               !a->json && !a->url;
    if (!strcmp(w, "link"))
        return n == 3 && a->url && !a->title && !a->lead && !a->room &&
               !a->out && !a->json;
    if (!strcmp(w, "list"))
        return n == 2 && !a->title && !a->lead && !a->room && !a->out;
    if (!strcmp(w, "signs"))
        return n == 2 && a->out && !a->title && !a->lead && !a->room &&
               !a->json;
    if (!strcmp(w, "who"))
        return n == 3 && a->lead && !a->title && !a->room && !a->json;
    return false;
}

int sprints_command(int argc, char **argv)
{
    static const struct option opts[] = {
        {"title", required_argument, NULL, 't'},
        {"lead", required_argument, NULL, 'l'},
        {"room", required_argument, NULL, 'r'},
        {"out", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},
        {"url", required_argument, NULL, 'u'},
        {"qr", required_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct args a = {0};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 't')
            a.title = optarg;
        else if (c == 'l')
            a.lead = optarg;
        else if (c == 'r')
            a.room = optarg;
        else if (c == 'o')
            a.out = optarg;
        else if (c == 'j')
            a.json = true;
        else if (c == 'u')
            a.url = optarg;
        else if (c == 'q')
            a.qr = optarg;
        else if (c == 'h')
            return fputs(_(USAGE), stdout) < 0;
        else
            return usage_error();
    }
    int n = argc - optind;
    a.db = n >= 1 ? argv[optind] : "";
    a.what = n >= 2 ? argv[optind + 1] : "";
    a.slug = n >= 3 ? argv[optind + 2] : "";
    if (!fits(&a, n))
        return usage_error();
    struct ck_error err = {0};
    int code;
    if (!strcmp(a.what, "add-project") || !strcmp(a.what, "remove"))
        code = add_or_remove(&a, a.what[0] == 'a', &err);
    else if (!strcmp(a.what, "list"))
        code = by_project(a.db, a.json, false, stdout, &err);
    else if (!strcmp(a.what, "signs"))
        code = signs(&a, &err);
    else if (!strcmp(a.what, "link"))
        code = lead_link(&a, &err);
    else if (!strcmp(a.what, "revoke"))
        code = revoke(&a, &err);
    else
        code = who(&a, &err);
    char said[2 * sizeof(err.msg)];
    if (code)
        fprintf(stderr, "checkin: %s\n",
                ck_error_text(&err, said, sizeof(said)));
    return code ? 1 : 0;
}
