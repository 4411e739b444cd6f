/* An open space's door (issue 56, docs/open-spaces.md): `open-space:ROOM`
 * admits anyone with a valid conference badge, as every door verifies it
 * (the code, a test order, the ticket's day), during the open spaces'
 * hours, and counts the people its room's doors admitted in the current
 * slot against the room's seats ([open-spaces] rooms), refusing when they
 * are all taken.  Its rows are door rows of target ROOM, so a session's
 * attendance is those of its slot (event/open_space.c).  At a hub it runs
 * on a door's file enrolled for the room (role "door:ROOM").  Not for claims
 * (open_space.h) nor for a tutorial's door (kind_door.c). */
#include <stdio.h>
#include <string.h>

#include "checkin/credential.h"
#include "checkin/open_space.h"

#include "kind.h"

/* The door's own state (st->state): the event's open spaces and its
 * room's seats. */
struct open_space_door {
    struct open_spaces os;
    long seats;
};

static struct open_space_door *own_of(const station *st)
{
    return st->state;
}

/* The room, its seats and the station's title. */
static int use(station *st, struct ck_error *err)
{
    struct open_space_door *own = own_of(st);
    bool any;
    int code = open_spaces_read(st->s, &own->os, &any, err);
    if (code)
        return code;
    if (!any)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s has no open spaces; add an [open-spaces] section "
                       "to the event description and apply it with checkin "
                       "event.",
                       store_path(st->s));
    const struct open_space_room *room = open_spaces_room(&own->os, st->target);
    if (!room) {
        char names[512];
        open_spaces_room_names(&own->os, names, sizeof(names));
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no open-space room '%s' in %s; the rooms "
                       "are: %s.",
                       st->target, store_path(st->s), names);
    }
    own->seats = room->capacity;
    st->c.capacity = st->cfg.capacity > 0 ? st->cfg.capacity : room->capacity;
    snprintf(st->title, sizeof(st->title), "Open space %s", st->target);
    return CK_OK;
}

static int open_space_open(station *st, const char *event_name,
                           struct ck_error *err)
{
    (void)event_name;
    return use(st, err);
}

/* The rooms or seats may have changed (`checkin event`); a door whose
 * room was removed keeps what it knew. */
static void open_space_refresh(station *st, const char *event_name)
{
    (void)event_name;
    struct open_space_door keep = *own_of(st);
    struct ck_error gone;
    if (use(st, &gone))
        *own_of(st) = keep;
}

/* Its scans; who is inside is counted at each decision, for the slot of
 * its time. */
static int open_space_count(station *st, struct journal_counts *out,
                            struct ck_error *err)
{
    int code = journal_counts(st->j, st->target, NULL, out, err);
    out->inside = 0;
    return code;
}

/* "10:00-17:00", the open spaces' hours. */
static void hours(const struct open_spaces *os, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%02ld:%02ld-%02ld:%02ld", os->from_min / 60,
                     os->from_min % 60, os->to_min / 60, os->to_min % 60);
    if (n < 0 || (size_t)n >= cap)
        snprintf(out, cap, "?"); /* hours within a day fit 12 bytes */
}

/* Outside every slot: too early on a day of open spaces before its
 * hours, ended otherwise. */
static int closed(station *st, struct station_result *r, struct ck_error *err)
{
    const struct open_spaces *os = &own_of(st)->os;
    char h[32], now[8];
    hours(os, h, sizeof(h));
    if (!station_result_text(r, h, strlen(h), &r->slot))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    station_local_hm(st, r->at_ms, now);
    long min = ((now[0] - '0') * 10 + (now[1] - '0')) * 60 +
               (now[3] - '0') * 10 + (now[4] - '0');
    int64_t a, b;
    bool today = open_spaces_slot_at(
        os, r->at_ms + (os->from_min - min) * 60000, &a, &b);
    if (today && min < os->from_min) {
        /* the minute the hours start, today */
        r->opens_ms =
            r->at_ms - r->at_ms % 60000 + (os->from_min - min) * 60000;
        station_verdict(r, DECISION_DENY, STATION_REASON_TOO_EARLY);
    } else {
        station_verdict(r, DECISION_DENY, STATION_REASON_ENDED);
    }
    return CK_OK;
}

/* The title said: the session's ("Packaging BoF (201)") or the room's. */
static int session_title(station *st, int64_t slot_ms, struct station_result *r,
                         struct ck_error *err)
{
    struct open_space_session held = {0};
    bool claimed = false;
    int code =
        open_space_held(st->s, st->target, slot_ms, &claimed, &held, err);
    if (code)
        return code;
    char title[sizeof(held.title) + 80];
    if (claimed)
        snprintf(title, sizeof(title), "%s (%s)", held.title, st->target);
    else
        snprintf(title, sizeof(title), "%s", st->title);
    if (!station_result_text(r, title, strlen(title), &r->title))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    return CK_OK;
}

static int open_space_rules(station *st, const struct verdict *vd,
                            const char *why, struct station_result *r,
                            struct ck_error *err)
{
    (void)why; /* only the desk takes overrides */
    bool refused = false;
    int code = station_credential_refused(st, vd, r, &refused, err);
    if (code || refused)
        return code;
    int64_t from, to;
    if (!open_spaces_slot_at(&own_of(st)->os, r->at_ms, &from, &to)) {
        if (!station_result_text(r, st->title, strlen(st->title), &r->title))
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        return closed(st, r, err);
    }
    code = session_title(st, from, r, err);
    bool inside = false;
    if (!code)
        code = open_space_attendance(st->s, st->target, from, to, vd->ticket_id,
                                     &st->c.inside, &inside, err);
    if (code)
        return code;
    if (inside)
        station_verdict(r, DECISION_WARN, STATION_REASON_ALREADY_INSIDE);
    else if (st->c.inside >= st->c.capacity)
        station_verdict(r, DECISION_DENY, STATION_REASON_FULL);
    else
        station_verdict(r, DECISION_ADMIT, STATION_REASON_ENTERED);
    return CK_OK;
}

static void open_space_admitted(station *st, struct station_result *r)
{
    (void)r;
    st->c.inside++;
}

const struct station_kind station_kind_open_space = {
    .name = "open-space",
    .target = "ROOM",
    /* `hub add-station --station open-space:ROOM` enrolls a door of
     * target ROOM ("door:ROOM"), which inserts its room's rows only and
     * reads its room's doors' rows and no one's name. */
    .hub = true,
    .role = "door",
    .mode = SCAN_DOOR, /* door rows of its room: no mode of its own */
    .traits =
        STATION_TRAIT_PERSONAL | STATION_TRAIT_ROOM | STATION_TRAIT_PHONES,
    .history = "open space",
    .state_size = sizeof(struct open_space_door),
    .open = open_space_open,
    .refresh = open_space_refresh,
    .count = open_space_count,
    .rules = open_space_rules,
    .record = station_record_hashed, /* as at every door */
    .admitted = open_space_admitted,
};
