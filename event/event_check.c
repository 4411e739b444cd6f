/* The checks of an event description that the INI cannot make
 * (event_desc.h): required keys, formats, days and times, and each
 * section against the others.  Split from event.c along that seam. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/event.h"
#include "checkin/sprint.h"
#include "event_desc.h"
#include "event_priv.h"

#define MISSING(field, what)                                                   \
    if (!(field))                                                              \
    return ck_fail(err, CK_EINVAL,                                             \
                   "%s:%d: section is missing '%s'; add it and run %s "        \
                   "again.",                                                   \
                   d->path, s->line, what, d->cmd)

struct section *desc_find_section(struct desc *d, enum kind k, const char *slug)
{
    for (int i = 0; i < d->n; i++)
        if (d->secs[i].kind == k && !strcmp(d->secs[i].slug, slug))
            return &d->secs[i];
    return NULL;
}

/* Each day of `days` a date of the event. */
static int check_days(struct desc *d, const struct section *ev,
                      const struct section *s, struct ck_error *err)
{
    const char *p = s->days;
    char w[64];
    while (ew_next_word(&p, w, sizeof(w))) {
        if (!ew_valid_date(w))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: '%s' is not a date; write days like "
                           "%.10s, separated by commas.",
                           d->path, s->days_line, w, ev->start);
        if (strcmp(w, ev->start) < 0 || strcmp(w, ev->end) > 0)
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: %s is not a day of %s (%s to %s); give a "
                           "day of the event.",
                           d->path, s->days_line, w, ev->name, ev->start,
                           ev->end);
    }
    return CK_OK;
}

/* A list's keys (docs/admission.md, "A list"): what the INI cannot check. */
static int validate_list(struct desc *d, const struct section *ev,
                         const struct section *s, struct ck_error *err)
{
    const char *name = s->kind == K_LIST ? s->slug : "admission";
    if (s->kind == K_LIST && desc_find_section(d, K_TUTORIAL, s->slug))
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: list %s has the slug of a tutorial, and a "
                       "tutorial's door is a list already; give the list "
                       "another slug.",
                       d->path, s->line, s->slug);
    if (s->once && strcmp(s->once, "per-person") &&
        strcmp(s->once, "per-day") && strcmp(s->once, "every-scan"))
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: list %s: once = '%s' is none of per-person, "
                       "per-day or every-scan; write one of them.",
                       d->path, s->line, name, s->once);
    const char *yn[3] = {s->exits, s->all, s->invited};
    for (int i = 0; i < 3; i++)
        if (yn[i] && strcmp(yn[i], "yes") && strcmp(yn[i], "no"))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: list %s: '%s' must be yes or no.", d->path,
                           s->line, name, yn[i]);
    char w[128];
    const char *p = s->types;
    while (p && ew_next_word(&p, w, sizeof(w)))
        if (!desc_find_section(d, K_TYPE, w))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: list %s names the ticket type '%s', which "
                           "has no [ticket-type %s] section; add it or fix "
                           "the name.",
                           d->path, s->line, name, w, w);
    p = s->tutorials;
    while (p && ew_next_word(&p, w, sizeof(w)))
        if (!desc_find_section(d, K_TUTORIAL, w))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: list %s names the tutorial '%s', which "
                           "has no [tutorial %s] section; add it or fix "
                           "the name.",
                           d->path, s->line, name, w, w);
    p = s->hours;
    while (p && ew_next_word(&p, w, sizeof(w)))
        if (!ew_valid_hours(w))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: list %s: hours '%s' must be a range like "
                           "11:30-14:00, the end after the start.",
                           d->path, s->line, name, w);
    p = s->show;
    while (p && ew_next_word(&p, w, sizeof(w)))
        if (strcmp(w, "variation") && (strncmp(w, "question:", 9) || !w[9]))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: list %s: show '%s' is neither variation "
                           "nor question:IDENTIFIER (a pretix question's "
                           "identifier).",
                           d->path, s->line, name, w);
    p = s->stock;
    while (p && ew_next_word(&p, w, sizeof(w))) {
        const char *colon = strrchr(w, ':');
        long n;
        if (!colon || colon == w || !util_parse_long(colon + 1, 0, 1000000, &n))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: list %s: stock '%s' must be a variation "
                           "and a count from 0 to 1000000, like M:120.",
                           d->path, s->line, name, w);
    }
    if (s->kind == K_LIST && !s->nitems && !s->types && !s->tutorials &&
        !(s->all && !strcmp(s->all, "yes")) &&
        !(s->invited && !strcmp(s->invited, "yes")))
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: list %s admits nobody; give it pretix-item, "
                       "ticket-types, tutorials, invited = yes or all = yes.",
                       d->path, s->line, name);
    if (s->days)
        return check_days(d, ev, s, err);
    return CK_OK;
}

static int validate_lists(struct desc *d, const struct section *ev,
                          struct ck_error *err)
{
    for (int i = 0; i < d->n; i++) {
        const struct section *s = &d->secs[i];
        int code = CK_OK;
        if (s->kind == K_LIST || s->kind == K_ADMISSION)
            code = validate_list(d, ev, s, err);
        else if (s->kind == K_TYPE && s->days)
            code = check_days(d, ev, s, err);
        if (code)
            return code;
    }
    return CK_OK;
}

/* Acknowledgements (docs/import-formats.md, "Acknowledgements"): each
 * [admission] names has its section, each section is named, and the
 * desk has room for their words. */
static int validate_acks(struct desc *d, struct ck_error *err)
{
    const struct section *adm = NULL;
    for (int i = 0; i < d->n; i++)
        if (d->secs[i].kind == K_ADMISSION)
            adm = &d->secs[i];
    char w[128];
    int n = 0;
    const char *p = adm ? adm->ack : NULL;
    while (p && ew_next_word(&p, w, sizeof(w))) {
        if (!desc_find_section(d, K_ACK, w))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: [admission] acknowledge names '%s', which "
                           "has no [acknowledge %s] section; add it with a "
                           "title and a text, or fix the name.",
                           d->path, adm->line, w, w);
        if (++n > MAX_ACKS)
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: [admission] acknowledge names more than %d "
                           "acknowledgements; ask at most %d at the desk.",
                           d->path, adm->line, MAX_ACKS, MAX_ACKS);
    }
    for (int i = 0; i < d->n; i++) {
        const struct section *s = &d->secs[i];
        if (s->kind != K_ACK)
            continue;
        bool named = false;
        p = adm ? adm->ack : NULL;
        while (!named && p && ew_next_word(&p, w, sizeof(w)))
            named = !strcmp(w, s->slug);
        if (!named)
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: [acknowledge %s] is asked nowhere; name it "
                           "in [admission] acknowledge, or remove the "
                           "section.",
                           d->path, s->line, s->slug);
        if (strlen(s->title) > ACK_TITLE_MAX || strlen(s->text) > ACK_TEXT_MAX)
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: acknowledgement %s: keep the title under "
                           "%d bytes and the text under %d, so the desk "
                           "shows them whole.",
                           d->path, s->line, s->slug, ACK_TITLE_MAX,
                           ACK_TEXT_MAX);
    }
    return CK_OK;
}

/* Check everything the INI cannot: required keys, formats, time order. */
/* [open-spaces] (open_space.h): its keys, its days the event's, and no
 * room with a tutorial's or a list's slug, whose doors' rows would count
 * as the room's; and [sprints]' days. */
static int validate_open_spaces(struct desc *d, const struct section *ev,
                                struct ck_error *err)
{
    /* and [sprints]' days (sprint.h), each a day of the event */
    const struct section *sp = desc_find_section(d, K_SPRINTS, "");
    const struct event_line at = {d->path,
                                  sp && d->sprint_line ? d->sprint_line
                                  : sp                 ? sp->line
                                                       : 0,
                                  d->cmd, err};
    if (sp &&
        !sprint_days_check(d->sprint_days, ev->start, ev->end, ev->name, &at))
        return CK_EINVAL;
    const struct section *sec = desc_find_section(d, K_OPEN_SPACES, "");
    if (!sec)
        return CK_OK;
    struct open_spaces os;
    const struct event_line at_sec = {d->path, sec->line, d->cmd, err};
    if (!open_spaces_parse((const char *const *)d->os_val, d->os_line, &os,
                           &at_sec))
        return CK_EINVAL;
    for (size_t i = 0; i < os.ndays; i++)
        if (strcmp(os.days[i], ev->start) < 0 ||
            strcmp(os.days[i], ev->end) > 0)
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: %s is not a day of %s (%s to %s); give "
                           "days of the event.",
                           d->path, d->os_line[1], os.days[i], ev->name,
                           ev->start, ev->end);
    for (size_t i = 0; i < os.nrooms; i++) {
        const char *slug = os.rooms[i].slug;
        if (desc_find_section(d, K_TUTORIAL, slug) ||
            desc_find_section(d, K_LIST, slug))
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: room %s has the slug of a tutorial or "
                           "list; give the room another slug.",
                           d->path, d->os_line[0], slug);
    }
    return CK_OK;
}

/* [desks] names letters and this event's ticket types (desks.h). */
static int validate_desks(struct desc *d, struct ck_error *err)
{
    if (!d->ndesk)
        return CK_OK;
    const char *types[256];
    int ntypes = 0;
    for (int i = 0; i < d->n && ntypes < 256; i++)
        if (d->secs[i].kind == K_TYPE)
            types[ntypes++] = d->secs[i].slug;
    struct desk_plan *plan = malloc(sizeof(*plan));
    if (!plan)
        return ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", d->path);
    int code =
        desks_parse(d->desk, d->ndesk, types, ntypes, plan, d->path, err);
    free(plan);
    return code;
}

int desc_validate(struct desc *d, struct section **event_out,
                  struct ck_error *err)
{
    struct section *ev = NULL;
    int ntypes = 0, ntutorials = 0;
    for (int i = 0; i < d->n; i++) {
        struct section *s = &d->secs[i];
        switch (s->kind) {
        case K_EVENT:
            ev = s;
            MISSING(s->label, "slug");
            MISSING(s->name, "name");
            MISSING(s->start, "start");
            MISSING(s->end, "end");
            MISSING(s->timezone, "timezone");
            if (!event_valid_slug(s->label))
                return ck_fail(err, CK_EINVAL,
                               "%s:%d: the event slug '%s' must be 1-40 "
                               "lower-case letters, digits and '-'.",
                               d->path, s->slug_line, s->label);
            if (!event_valid_zone(s->timezone))
                return ck_fail(err, CK_EINVAL,
                               "%s:%d: unknown time zone '%s'; use an IANA "
                               "name such as America/Chicago.",
                               d->path, s->zone_line, s->timezone);
            break;
        case K_TYPE:
            ntypes++;
            MISSING(s->label, "label");
            MISSING(s->colour, "colour");
            if (!ew_valid_colour(s->colour))
                return ck_fail(err, CK_EINVAL,
                               "%s:%d: colour '%s' must look like #1565C0.",
                               d->path, s->colour_line, s->colour);
            break;
        case K_TUTORIAL:
            MISSING(s->title, "title");
            MISSING(s->room, "room");
            MISSING(s->start, "start");
            MISSING(s->end, "end");
            MISSING(s->capacity, "capacity");
            if (s->nitems > 1)
                return ck_fail(err, CK_EINVAL,
                               "%s:%d: a tutorial maps to one pretix-item.",
                               d->path, s->line);
            /* A ticket numbers its tutorial in one byte, 1-255
             * (docs/badge-payload.md), as `checkin event` says too. */
            if (++ntutorials > 255)
                return ck_fail(err, CK_EINVAL,
                               "%s:%d: tutorial %s is the 256th, but "
                               "tutorial tickets number tutorials 1 to 255; "
                               "make it a [list %s] or leave it out.",
                               d->path, s->line, s->slug, s->slug);
            break;
        case K_SPONSOR:
            MISSING(s->name, "name");
            break;
        case K_LIST:
            MISSING(s->title, "title");
            MISSING(s->once, "once");
            break;
        case K_ACK:
            MISSING(s->title, "title");
            MISSING(s->text, "text");
            break;
        case K_ADMISSION:
            break;
        case K_PRETIX:
        case K_CSV:
        case K_OPEN_SPACES:
        case K_SPRINTS:
        case K_DESKS:
        case K_AUCTION:
        case K_NONE:
            break;
        }
    }
    /* A [csv] ticket type names one the description has. */
    static const char TT[] = "csv.ticket_type.";
    for (int i = 0; i < d->ncsv; i++) {
        if (strncmp(d->csv_key[i], TT, sizeof(TT) - 1))
            continue;
        const char *slug = d->csv_key[i] + sizeof(TT) - 1;
        bool known = false;
        for (int j = 0; j < d->n && !known; j++)
            known = d->secs[j].kind == K_TYPE && !strcmp(d->secs[j].slug, slug);
        if (!known)
            return ck_fail(err, CK_EINVAL,
                           "%s:%d: [csv] maps ticket type '%s', which has no "
                           "[ticket-type %s] section; add it or fix the "
                           "slug.",
                           d->path, d->csv_line[i], slug, slug);
    }
    if (!ev)
        return ck_fail(err, CK_EINVAL,
                       "%s: there is no [event] section; add one with slug, "
                       "name, start, end and timezone.",
                       d->path);
    if (ntypes == 0)
        return ck_fail(err, CK_EINVAL,
                       "%s: there is no [ticket-type SLUG] section; add at "
                       "least one.",
                       d->path);
    int64_t t0, t1;
    if (event_local_to_utc(ev->start, ev->timezone, &t0) ||
        event_local_to_utc(ev->end, ev->timezone, &t1) || t1 < t0)
        return ck_fail(err, CK_EINVAL,
                       "%s:%d: start and end must be dates like 2027-05-12, "
                       "end not before start.",
                       d->path, ev->line);
    *event_out = ev;
    int code = validate_open_spaces(d, ev, err);
    if (!code)
        code = validate_desks(d, err);
    if (!code) /* [auction] (auction.h) */
        code = auction_lines_check(d->auc, d->nauc, d->path, d->cmd, err);
    if (!code)
        code = validate_acks(d, err);
    return code ? code : validate_lists(d, ev, err);
}
