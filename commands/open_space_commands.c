/* `checkin open-spaces` and `checkin report EVENT.db open-spaces`
 * (open_space_commands.h): claims, releases and the list of sessions
 * (event/open_space.c) said to a person, each refusal one sentence that
 * says what to do, and the report of every session's attendance. */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/open_space.h"
#include "checkin/open_space_commands.h"
#include "checkin/store.h"

/* `checkin open-spaces --help`. */
static const char USAGE[] =
    N_("usage: checkin open-spaces EVENT.db claim ROOM 'YYYY-MM-DD HH:MM' "
       "--host TICKET --title TEXT\n"
       "       checkin open-spaces EVENT.db release ROOM 'YYYY-MM-DD HH:MM'\n"
       "       checkin open-spaces EVENT.db list [--json]\n"
       "\n"
       "The slots of the rooms of [open-spaces] in the event description\n"
       "(docs/open-spaces.md).  claim: the host (their ticket id) takes a\n"
       "free slot for a session.  release: frees it.  list: every claimed\n"
       "slot with the people its room's door admitted (checkin scan\n"
       "--station open-space:ROOM); --json writes a JSON array.\n");

/* The station name of the command's rows in open_space_claim. */
static const char STATION[] = "command-line";

/* "10:00-17:00 in slots of 60 minutes": for the sentences. */
static void hours(const struct open_spaces *os, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%02ld:%02ld-%02ld:%02ld", os->from_min / 60,
                     os->from_min % 60, os->to_min / 60, os->to_min % 60);
    if (n < 0 || (size_t)n >= cap)
        snprintf(out, cap, "?"); /* hours within a day fit 12 bytes */
}

/* Why nothing was changed, as one sentence. */
static int refused(const char *db, const struct open_space_request *rq,
                   const struct open_spaces *os, enum open_space_outcome o,
                   const struct open_space_session *held, struct ck_error *err)
{
    char list[512], h[32];
    hours(os, h, sizeof(h));
    switch (o) {
    case OPEN_SPACE_NONE:
        return ck_said(err, CK_ENOTFOUND,
                       _("%s has no open spaces; add an [open-spaces] section "
                         "to the event description and apply it with "
                         "checkin event."),
                       db);
    case OPEN_SPACE_UNKNOWN_ROOM:
        open_spaces_room_names(os, list, sizeof(list));
        return ck_said(err, CK_ENOTFOUND,
                       _("There is no open-space room '%s'; the rooms are: "
                         "%s."),
                       rq->room, list);
    case OPEN_SPACE_BAD_TIME:
        return ck_said(err, CK_EINVAL,
                       _("'%s' is not a slot; write its day and start like "
                         "'%s %.5s'."),
                       rq->when, os->days[0], h);
    case OPEN_SPACE_NOT_A_DAY: {
        char day[32];
        i18n_iso_day_list(os->days, os->ndays, list, sizeof(list));
        if (!i18n_iso_day(rq->when, day, sizeof(day)))
            snprintf(day, sizeof(day), "%.10s", rq->when);
        return ck_said(err, CK_EINVAL,
                       _("There are no open spaces on %s; their days are "
                         "%s."),
                       day, list);
    }
    case OPEN_SPACE_OUTSIDE_HOURS:
        return ck_said(err, CK_EINVAL,
                       _("%s is not the start of a slot: open spaces run %s "
                         "in slots of %ld minutes; give a slot's start, like "
                         "'%.10s %.5s'."),
                       rq->when, h, os->slot_min, rq->when, h);
    case OPEN_SPACE_TAKEN:
        if (held->next_room[0])
            /* TRANSLATORS: the room and slot asked for, the title and
             * host holding it, then the room and slot offered. */
            return ck_said(err, CK_EINVAL,
                           _("%s at %s is taken by \"%s\", hosted by %s; the "
                             "next free slot is %s at %s."),
                           rq->room, rq->when, held->title,
                           held->host_name[0] ? held->host_name
                                              : held->host_ticket,
                           held->next_room, held->next_when);
        return ck_said(err, CK_EINVAL,
                       _("%s at %s is taken by \"%s\", hosted by %s; choose "
                         "another slot, or release this one first."),
                       rq->room, rq->when, held->title,
                       held->host_name[0] ? held->host_name
                                          : held->host_ticket);
    case OPEN_SPACE_UNKNOWN_HOST:
        return ck_said(err, CK_ENOTFOUND,
                       _("No registration has the ticket '%s'; give the "
                         "host's ticket id with --host."),
                       rq->host ? rq->host : "");
    case OPEN_SPACE_NO_TITLE:
        return ck_said(err, CK_EINVAL,
                       _("Give the session's title with --title: 1 to %d "
                         "characters of text."),
                       OPEN_SPACE_TITLE_CAP);
    case OPEN_SPACE_FREE:
        return ck_said(err, CK_ENOTFOUND,
                       _("Nobody holds %s at %s; there is nothing to "
                         "release."),
                       rq->room, rq->when);
    case OPEN_SPACE_NOT_HOST: /* the board's, which names the host */
        return ck_said(err, CK_EINVAL,
                       _("Only the host of %s at %s can release it; scan "
                         "their badge at the board first."),
                       rq->room, rq->when);
    case OPEN_SPACE_DONE:
    default:
        return CK_OK;
    }
}

static int claim_or_release(const char *db, bool claim,
                            const struct open_space_request *rq,
                            struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    struct open_spaces os;
    enum open_space_outcome o = OPEN_SPACE_DONE;
    struct open_space_session held;
    code = claim ? open_space_claim(s, rq, &os, &o, &held, err)
                 : open_space_release(s, rq, &os, &o, &held, err);
    store_close(s);
    if (!code && o)
        code = refused(db, rq, &os, o, &held, err);
    if (code)
        return code;
    const char *host = held.host_name[0] ? held.host_name : held.host_ticket;
    if (claim)
        printf(_("Claimed %s at %s for \"%s\", hosted by %s.\n"), rq->room,
               rq->when, held.title, host);
    else
        printf(_("Released %s at %s (\"%s\", hosted by %s).\n"), rq->room,
               rq->when, held.title, host);
    return CK_OK;
}

static int sessions(const char *db, struct open_space_session **v, size_t *n,
                    struct open_space_session **lost, size_t *nlost,
                    struct open_spaces *os, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, &s, err);
    if (code)
        return code;
    bool any = false;
    code = open_spaces_read(s, os, &any, err);
    if (!code && !any)
        code = ck_said(err, CK_ENOTFOUND,
                       _("%s has no open spaces; add an [open-spaces] section "
                         "to the event description and apply it with "
                         "checkin event."),
                       db);
    if (!code)
        code = open_space_board(s, store_now_ms(), v, n, lost, nlost, err);
    store_close(s);
    return code;
}

/* One session, or (v->lost) a claim lost to an earlier one with the
 * slot offered its host instead. */
static json_t *session_json(const struct open_space_session *v)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "room", v->room,
                          "slot", v->when, "title", v->title, "host_ticket",
                          v->host_ticket, "host", v->host_name, "attendance",
                          (json_int_t)v->attendance);
    if (o && v->lost &&
        json_object_update_new(o, json_pack("{s:b, s:s, s:s}", "lost", 1,
                                            "next_room", v->next_room,
                                            "next_slot", v->next_when))) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

static int list_json(const struct open_space_session *v, size_t n,
                     const struct open_space_session *lost, size_t nlost,
                     FILE *out, struct ck_error *err)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n + nlost; i++) {
        json_t *o = session_json(i < n ? &v[i] : &lost[i - n]);
        if (!o || json_array_append_new(a, o)) {
            json_decref(a);
            a = NULL;
        }
    }
    if (!a)
        return ck_said(err, CK_ENOMEM, _("Out of memory."));
    int rc = json_dumpf(a, out, JSON_INDENT(2));
    json_decref(a);
    fputc('\n', out);
    return rc ? ck_said(err, CK_EIO, _("Out of memory.")) : CK_OK;
}

/* A claim lost to an earlier claim of its slot (made while the boards
 * were cut off), and the slot offered its host. */
static void lost_line(const struct open_space_session *v, FILE *out)
{
    if (v->next_room[0])
        /* TRANSLATORS: the slot's start, the room, the title, the host's
         * name and ticket, then the room and slot offered instead. */
        fprintf(out,
                _("%s  %s  \"%s\", hosted by %s (%s): lost to an earlier "
                  "claim; the next free slot is %s at %s\n"),
                v->when, v->room, v->title, v->host_name, v->host_ticket,
                v->next_room, v->next_when);
    else
        fprintf(out,
                _("%s  %s  \"%s\", hosted by %s (%s): lost to an earlier "
                  "claim; no slot is free\n"),
                v->when, v->room, v->title, v->host_name, v->host_ticket);
}

static void session_line(const struct open_space_session *v,
                         const struct open_spaces *os, FILE *out)
{
    const struct open_space_room *r = open_spaces_room(os, v->room);
    long seats = r ? r->capacity : 0;
    /* TRANSLATORS: the slot's start, the room, the title, the host's
     * name, their ticket, then the people inside and the room's seats;
     * the plural form follows the room's seats. */
    fprintf(out,
            ngettext("%s  %s  \"%s\", hosted by %s (%s): %ld of %ld seat\n",
                     "%s  %s  \"%s\", hosted by %s (%s): %ld of %ld seats\n",
                     (unsigned long)seats),
            v->when, v->room, v->title, v->host_name, v->host_ticket,
            v->attendance, seats);
}

static int list(const char *db, bool json, struct ck_error *err)
{
    struct open_space_session *v = NULL, *lost = NULL;
    size_t n = 0, nlost = 0;
    struct open_spaces os;
    int code = sessions(db, &v, &n, &lost, &nlost, &os, err);
    if (!code && json)
        code = list_json(v, n, lost, nlost, stdout, err);
    else if (!code && !n && !nlost)
        printf("%s\n", _("No open-space slot is claimed yet."));
    for (size_t i = 0; !code && !json && i < n; i++)
        session_line(&v[i], &os, stdout);
    for (size_t i = 0; !code && !json && i < nlost; i++)
        lost_line(&lost[i], stdout);
    free(v);
    free(lost);
    return code;
}

int report_open_spaces(const char *db, FILE *out, struct ck_error *err)
{
    struct open_space_session *v = NULL;
    size_t n = 0;
    struct open_spaces os;
    int code = sessions(db, &v, &n, NULL, NULL, &os, err);
    if (code)
        return code;
    long people = 0;
    for (size_t i = 0; i < n; i++)
        people += v[i].attendance;
    fprintf(out,
            ngettext("Open spaces: %zu session, attendance %ld in all.\n",
                     "Open spaces: %zu sessions, attendance %ld in all.\n", n),
            n, people);
    for (size_t i = 0; i < n; i++)
        session_line(&v[i], &os, out);
    free(v);
    return CK_OK;
}

/* Every mistake in the command line: one sentence, and the usage's
 * pointer. */
static int usage_error(void)
{
    fprintf(stderr, "%s\n",
            _("checkin open-spaces: expected EVENT.db claim ROOM 'YYYY-MM-DD "
              "HH:MM' --host TICKET --title TEXT, EVENT.db release ROOM "
              "'YYYY-MM-DD HH:MM' or EVENT.db list [--json]. Try 'checkin "
              "open-spaces --help'."));
    return 2;
}

int open_spaces_command(int argc, char **argv)
{
    static const struct option opts[] = {
        {"host", required_argument, NULL, 'o'},
        {"title", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct open_space_request rq = {.station = STATION};
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'o')
            rq.host = optarg;
        else if (c == 't')
            rq.title = optarg;
        else if (c == 'j')
            json = true;
        else if (c == 'h')
            return fputs(_(USAGE), stdout) < 0;
        else
            return usage_error();
    }
    int n = argc - optind;
    const char *what = n >= 2 ? argv[optind + 1] : "";
    bool claim = !strcmp(what, "claim"), release = !strcmp(what, "release");
    bool lists = !strcmp(what, "list");
    if (claim     ? n != 4 || !rq.host || !rq.title || json
        : release ? n != 4 || rq.host || rq.title || json
                  : !lists || n != 2 || rq.host || rq.title)
        return usage_error();
    struct ck_error err = {0};
    rq.room = n == 4 ? argv[optind + 2] : NULL;
    rq.when = n == 4 ? argv[optind + 3] : NULL;
    rq.now_ms = store_now_ms();
    int code = (claim || release)
                   ? claim_or_release(argv[optind], claim, &rq, &err)
                   : list(argv[optind], json, &err);
    char said[2 * sizeof(err.msg)];
    if (code)
        fprintf(stderr, "checkin: %s\n",
                ck_error_text(&err, said, sizeof(said)));
    return code ? 1 : 0;
}
