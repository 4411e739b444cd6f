/* The open spaces' board on the web screen (issue 56,
 * docs/open-spaces.md): what the board's page asks ({"kind":"board"})
 * as JSON, and a claim typed there ({"kind":"claim"}) done by the
 * station (station_board_claim) and said as one sentence, the next free
 * slot named when the slot is taken; the same with "release": true, the
 * host's own session released (station_board_release).  The board's and
 * the phone's /scan page both ask.  Answered on the loop's thread. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/localtime.h"
#include "display_web_board.h"

/* A claim lost to an earlier one (made while the boards were cut off)
 * and the next free slot offered its host ("" when none). */
static json_t *lost_json(const struct open_space_session *v)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "room", v->room, "slot",
                     v->when, "title", v->title, "host",
                     v->host_name[0] ? v->host_name : v->host_ticket,
                     "next_room", v->next_room, "next_slot", v->next_when);
}

/* The board as it is at `now_ms`: its days and slots' starts, rooms and
 * seats, every session held with the people inside against its room's
 * seats (mine: the host scanned last holds it), the claims lost, the day
 * it opens on (today's, or the next day of open spaces), the slot now
 * ("" outside them) and the host scanned last. */
static json_t *board_json(const struct station_board *b, int64_t now_ms)
{
    const struct open_spaces *os = &b->os;
    char today[32] = "";
    event_utc_to_local(now_ms / 1000, os->tz, today, sizeof(today));
    today[10] = '\0';
    json_t *days = json_array(), *slots = json_array(), *rooms = json_array(),
           *sessions = json_array(), *lost = json_array();
    const char *day = os->ndays ? os->days[os->ndays - 1] : "";
    for (size_t i = os->ndays; i-- > 0;)
        if (strcmp(os->days[i], today) >= 0)
            day = os->days[i];
    for (size_t i = 0; days && i < os->ndays; i++)
        json_array_append_new(days, json_string(os->days[i]));
    for (long m = os->from_min;
         slots && os->slot_min > 0 && m + os->slot_min <= os->to_min;
         m += os->slot_min) {
        char hm[8];
        int n = snprintf(hm, sizeof(hm), "%02ld:%02ld", m / 60, m % 60);
        if (n < 0 || (size_t)n >= sizeof(hm))
            break; /* past a day's minutes: no slot */
        json_array_append_new(slots, json_string(hm));
    }
    for (size_t i = 0; rooms && i < os->nrooms; i++)
        json_array_append_new(
            rooms, json_pack("{s:s,s:I}", "room", os->rooms[i].slug, "seats",
                             (json_int_t)os->rooms[i].capacity));
    for (size_t i = 0; sessions && i < b->nsessions; i++) {
        const struct open_space_session *v = &b->sessions[i];
        const struct open_space_room *r = open_spaces_room(os, v->room);
        bool mine =
            b->host_ticket[0] && !strcmp(b->host_ticket, v->host_ticket);
        json_array_append_new(
            sessions,
            json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:b}", "room", v->room, "slot",
                      v->when, "title", v->title, "host",
                      v->host_name[0] ? v->host_name : v->host_ticket, "inside",
                      (json_int_t)v->attendance, "seats",
                      (json_int_t)(r ? r->capacity : 0), "mine", mine));
    }
    for (size_t i = 0; lost && i < b->nlost; i++)
        json_array_append_new(lost, lost_json(&b->lost[i]));
    int64_t from, to;
    char now[32] = "";
    if (open_spaces_slot_at(os, now_ms, &from, &to))
        event_utc_to_local(from / 1000, os->tz, now, sizeof(now));
    if (!days || !slots || !rooms || !sessions || !lost) {
        json_decref(days);
        json_decref(slots);
        json_decref(rooms);
        json_decref(sessions);
        json_decref(lost);
        return NULL;
    }
    return json_pack("{s:o,s:o,s:o,s:o,s:o,s:s,s:s,s:s}", "days", days, "slots",
                     slots, "rooms", rooms, "sessions", sessions, "lost", lost,
                     "day", day, "now", now, "host", b->host_name);
}

json_t *display_board_json(station *st, int64_t now_ms)
{
    struct station_board b;
    struct ck_error e = {0};
    char said[2 * sizeof(e.msg)];
    json_t *o = NULL;
    if (station_board(st, now_ms, &b, &e) == CK_OK)
        o = board_json(&b, now_ms);
    free(b.sessions);
    free(b.lost);
    if (!o)
        o = json_pack("{s:s}", "message",
                      e.msg[0] ? ck_error_text(&e, said, sizeof(said))
                               : _("Out of memory."));
    return o;
}

/* The claim's sentence: what was done, or why nothing was. */
static void claim_sentence(const char *room, const char *when,
                           const struct open_spaces *os,
                           enum open_space_outcome o,
                           const struct open_space_session *held, char *out,
                           size_t cap)
{
    char list[512], h[32];
    int hn =
        snprintf(h, sizeof(h), "%02ld:%02ld-%02ld:%02ld", os->from_min / 60,
                 os->from_min % 60, os->to_min / 60, os->to_min % 60);
    if (hn < 0 || (size_t)hn >= sizeof(h))
        snprintf(h, sizeof(h), "?"); /* hours within a day fit 12 bytes */
    const char *host = held->host_name[0] ? held->host_name : held->host_ticket;
    switch (o) {
    case OPEN_SPACE_DONE:
        snprintf(out, cap, _("Claimed %s at %s for \"%s\", hosted by %s."),
                 room, when, held->title, host);
        return;
    case OPEN_SPACE_UNKNOWN_ROOM:
        open_spaces_room_names(os, list, sizeof(list));
        snprintf(out, cap,
                 _("There is no open-space room '%s'; the rooms are: %s."),
                 room, list);
        return;
    case OPEN_SPACE_NOT_A_DAY: {
        char day[32];
        i18n_iso_day_list(os->days, os->ndays, list, sizeof(list));
        if (!i18n_iso_day(when, day, sizeof(day)))
            snprintf(day, sizeof(day), "%.10s", when);
        snprintf(out, cap,
                 _("There are no open spaces on %s; their days are %s."), day,
                 list);
        return;
    }
    case OPEN_SPACE_OUTSIDE_HOURS:
        snprintf(out, cap,
                 _("%s is not the start of a slot: open spaces run %s in "
                   "slots of %ld minutes; give a slot's start, like '%.10s "
                   "%.5s'."),
                 when, h, os->slot_min, when, h);
        return;
    case OPEN_SPACE_TAKEN:
        if (held->next_room[0])
            snprintf(out, cap,
                     _("%s at %s is taken by \"%s\", hosted by %s; the next "
                       "free slot is %s at %s."),
                     room, when, held->title, host, held->next_room,
                     held->next_when);
        else
            snprintf(out, cap,
                     _("%s at %s is taken by \"%s\", hosted by %s; choose "
                       "another slot, or release this one first."),
                     room, when, held->title, host);
        return;
    case OPEN_SPACE_UNKNOWN_HOST:
        snprintf(out, cap, "%s",
                 _("Scan your badge at the board first, then type your "
                   "session's title and choose its slot."));
        return;
    case OPEN_SPACE_NO_TITLE:
        snprintf(out, cap,
                 _("Type your session's title: 1 to %d characters of text."),
                 OPEN_SPACE_TITLE_CAP);
        return;
    case OPEN_SPACE_NOT_HOST:
        snprintf(out, cap,
                 _("Only the host of %s at %s can release it; scan their "
                   "badge at the board first."),
                 room, when);
        return;
    case OPEN_SPACE_FREE:
        snprintf(out, cap,
                 _("Nobody holds %s at %s; there is nothing to release."), room,
                 when);
        return;
    case OPEN_SPACE_NONE:
    case OPEN_SPACE_BAD_TIME:
        break;
    }
    snprintf(out, cap,
             _("'%s' is not a slot of the board; choose a free slot on it."),
             when);
}

json_t *display_board_claim(station *st, const char *form, int64_t now_ms)
{
    json_error_t je;
    json_t *f = json_loads(form, 0, &je);
    const char *room = json_string_value(json_object_get(f, "room"));
    const char *when = json_string_value(json_object_get(f, "slot"));
    const char *title = json_string_value(json_object_get(f, "title"));
    bool release = json_is_true(json_object_get(f, "release"));
    room = room ? room : "";
    when = when ? when : "";
    struct open_spaces os;
    struct open_space_session held;
    enum open_space_outcome o = OPEN_SPACE_DONE;
    struct ck_error e = {0};
    char said[1400];
    int code = release ? station_board_release(st, room, when, now_ms, &os, &o,
                                               &held, &e)
                       : station_board_claim(st, room, when, title ? title : "",
                                             now_ms, &os, &o, &held, &e);
    if (!code && release && o == OPEN_SPACE_UNKNOWN_HOST)
        o = OPEN_SPACE_NOT_HOST;
    if (code)
        ck_error_say(&e, said, sizeof(said));
    else if (release && o == OPEN_SPACE_DONE) {
        /* The command line's sentence, without its line's end. */
        snprintf(said, sizeof(said),
                 _("Released %s at %s (\"%s\", hosted by %s).\n"), room, when,
                 held.title,
                 held.host_name[0] ? held.host_name : held.host_ticket);
        said[strcspn(said, "\n")] = '\0';
    } else
        claim_sentence(room, when, &os, o, &held, said, sizeof(said));
    json_decref(f);
    json_t *board = display_board_json(st, now_ms);
    return json_pack("{s:b,s:s,s:o}", release ? "released" : "claimed",
                     !code && o == OPEN_SPACE_DONE, "text", said, "board",
                     board ? board : json_object());
}
