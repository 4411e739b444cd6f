/* The open spaces' board (issue 56, docs/open-spaces.md): `open-spaces`,
 * a screen in the hallway showing the rooms by slots, live, where a host
 * claims a free slot by scanning their badge and typing a title.  A scan
 * here admits nobody: a valid conference badge, verified as every door
 * verifies it (the code, a test order, the ticket's day), is the host the
 * board remembers until their claim (a warning row of reason "host", so
 * that no door's count ever takes it for an entry); the claim itself is
 * open_space_claim's (event/open_space.c), written as the board's station
 * name.  At a hub it runs on a desk's file, whose role pushes its claims
 * (hub format 30) and its host rows (format 36).  Not for a room's door
 * (kind_open_space.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/credential.h"
#include "checkin/open_space.h"

#include "kind.h"

/* The board's own state (st->state): the host it scanned last. */
struct open_board {
    char host_ticket[64];
    char host_name[4 * 200 + 1]; /* the host's badge name */
};

static struct open_board *own_of(const station *st)
{
    return st->state;
}

static int board_open(station *st, const char *event_name, struct ck_error *err)
{
    (void)event_name;
    struct open_spaces os;
    bool any;
    int code = open_spaces_read(st->s, &os, &any, err);
    if (code)
        return code;
    if (!any)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s has no open spaces; add an [open-spaces] section "
                       "to the event description and apply it with checkin "
                       "event.",
                       store_path(st->s));
    snprintf(st->title, sizeof(st->title), "Open spaces");
    return CK_OK;
}

/* The board counts nobody: its scans are hosts, not entries. */
static int board_count(station *st, struct journal_counts *out,
                       struct ck_error *err)
{
    (void)st;
    (void)err;
    memset(out, 0, sizeof(*out));
    return CK_OK;
}

static int board_rules(station *st, const struct verdict *vd, const char *why,
                       struct station_result *r, struct ck_error *err)
{
    (void)why; /* only the desk takes overrides */
    bool refused = false;
    int code = station_credential_refused(st, vd, r, &refused, err);
    if (code || refused)
        return code;
    struct open_board *own = own_of(st);
    snprintf(own->host_ticket, sizeof(own->host_ticket), "%s", vd->ticket_id);
    snprintf(own->host_name, sizeof(own->host_name), "%s", vd->badge_name);
    station_verdict(r, DECISION_WARN, STATION_REASON_HOST);
    return CK_OK;
}

/* Nobody is admitted at the board (its verdicts are warnings). */
static void board_admitted(station *st, struct station_result *r)
{
    (void)st;
    (void)r;
}

const struct station_kind station_kind_open_board = {
    .name = "open-spaces",
    .target = NULL,
    .role = "desk",    /* on a desk's file at a hub (hub format 36) */
    .mode = SCAN_DOOR, /* a host's scan: a door row of no target */
    .traits = STATION_TRAIT_PERSONAL | STATION_TRAIT_BOARD,
    .history = "open spaces' board",
    .state_size = sizeof(struct open_board),
    .open = board_open,
    .count = board_count,
    .rules = board_rules,
    .record = station_record_hashed, /* as at every door */
    .admitted = board_admitted,
};

int station_board(station *st, int64_t now_ms, struct station_board *out,
                  struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!station_has(st, STATION_TRAIT_BOARD))
        return ck_fail(err, CK_EINVAL, "This station is not a board.");
    bool any;
    int code = open_spaces_read(st->s, &out->os, &any, err);
    if (!code)
        code = open_space_board(st->s, now_ms, &out->sessions, &out->nsessions,
                                &out->lost, &out->nlost, err);
    if (code)
        return code;
    snprintf(out->host_ticket, sizeof(out->host_ticket), "%s",
             own_of(st)->host_ticket);
    snprintf(out->host_name, sizeof(out->host_name), "%s",
             own_of(st)->host_name);
    return CK_OK;
}

int station_board_claim(station *st, const char *room, const char *when,
                        const char *title, int64_t now_ms,
                        struct open_spaces *os,
                        enum open_space_outcome *outcome,
                        struct open_space_session *held, struct ck_error *err)
{
    memset(held, 0, sizeof(*held));
    memset(os, 0, sizeof(*os));
    if (!station_has(st, STATION_TRAIT_BOARD))
        return ck_fail(err, CK_EINVAL, "This station is not a board.");
    struct open_board *own = own_of(st);
    struct open_space_request rq = {.room = room,
                                    .when = when,
                                    .host = own->host_ticket,
                                    .title = title,
                                    .station = st->name,
                                    .now_ms = now_ms};
    /* No host scanned: no registration has the ticket "". */
    int code = open_space_claim(st->s, &rq, os, outcome, held, err);
    if (!code && *outcome == OPEN_SPACE_DONE) {
        snprintf(held->host_name, sizeof(held->host_name), "%s",
                 own->host_name);
        own->host_ticket[0] = '\0';
        own->host_name[0] = '\0';
    }
    return code;
}

int station_board_release(station *st, const char *room, const char *when,
                          int64_t now_ms, struct open_spaces *os,
                          enum open_space_outcome *outcome,
                          struct open_space_session *held, struct ck_error *err)
{
    memset(held, 0, sizeof(*held));
    memset(os, 0, sizeof(*os));
    if (!station_has(st, STATION_TRAIT_BOARD))
        return ck_fail(err, CK_EINVAL, "This station is not a board.");
    struct open_board *own = own_of(st);
    if (!own->host_ticket[0]) {
        bool any;
        *outcome = OPEN_SPACE_UNKNOWN_HOST;
        return open_spaces_read(st->s, os, &any, err);
    }
    /* Only the session's own host, scanned here, releases it. */
    struct open_space_request rq = {.room = room,
                                    .when = when,
                                    .host = own->host_ticket,
                                    .station = st->name,
                                    .now_ms = now_ms};
    int code = open_space_release(st->s, &rq, os, outcome, held, err);
    if (!code && *outcome == OPEN_SPACE_DONE) {
        own->host_ticket[0] = '\0';
        own->host_name[0] = '\0';
    }
    return code;
}
