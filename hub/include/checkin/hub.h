/* The event's hub: one PostgreSQL database that every station syncs with
 * (checkin/sync.h).  The organizer makes it from the event database,
 * enrolls each station (its own PostgreSQL role and password, written into
 * the station's file) and asks how the stations are doing.  The hub itself
 * enforces who reads and writes what, with row-level security: desks and
 * doors read registrations; a sponsor's booth reads public keys and badge
 * revocations and writes only its own sponsor's leads; no station writes
 * registrations.  docs/sync.md describes the schema and the roles. */
#ifndef CHECKIN_HUB_H
#define CHECKIN_HUB_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/sync.h"

/* Make the hub in the empty PostgreSQL database `url` (a libpq connection
 * string or URI whose role may create roles), publish the event's
 * registrations, keys and badges, and remember the hub in the event
 * database at `event_path` (so that `checkin sync EVENT.db` publishes
 * later changes).  Refused for a database that already holds a hub, and
 * for an event database already published to one. */
int hub_init(const char *event_path, const char *url,
             struct sync_report *out /* out */,
             struct ck_error *err) CK_MUST_CHECK;

struct hub_station_options {
    const char *name;     /* 1-63 of [A-Za-z0-9._:-] */
    const char *role;     /* desk, door:TUTORIAL, leads:SPONSOR, expo */
    const char *out_path; /* must not exist */
    /* Where the station reaches the hub, when not where the organizer
     * does (a LAN address instead of a Unix socket); NULL: the same. */
    const char *host;
};

struct hub_station_report {
    char uid[40];              /* the station's new identity */
    char key_path[4200];       /* a desk's signing key file, or "" */
    char pg_role[64];          /* its PostgreSQL role */
    long same_name;            /* stations enrolled before under this name */
    struct sync_report first;  /* the first sync, made at once */
    bool first_done;           /* false: the file is made; sync it later */
    struct ck_error first_err; /* why the first sync did not happen */
};

/* Enroll a station: a new identity and PostgreSQL role on the hub, and a
 * new station file (mode 0600) at o->out_path holding what that kind of
 * station may hold (a booth: no attendee, no badge id) and its hub
 * credentials; a desk also gets the event's signing key (the key file
 * beside EVENT.db, copied to STATION.key, 0600; none when the event has no
 * key file there); then sync it once.  A name enrolled before gets a second,
 * separate identity (the hub never takes one station for another). */
int hub_add_station(const char *event_path, const struct hub_station_options *o,
                    struct hub_station_report *out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* Add sponsor `slug` as a booth of the expo station enrolled as `name`
 * (`on`), or take it off (!`on`): from then on the hub takes that
 * sponsor's leads from the station, or refuses them with a sentence
 * (docs/phones.md, "The hub").  Errors: CK_ENOTFOUND for no such live
 * expo station or no such sponsor in the event. */
int hub_expo_booth(const char *event_path, const char *name, const char *slug,
                   bool on, struct ck_error *err) CK_MUST_CHECK;

/* What retiring a station did. */
struct hub_retire_report {
    char uid[40];     /* the station retired */
    char kind[80];    /* desk, door:SLUG, leads:SPONSOR */
    long rows;        /* its journal rows, which stay on the hub */
    long cut;         /* its connections ended at once */
    long seats_freed; /* a door's seats given back, but its people's */
};

/* Retire the station enrolled as `name` (its identity starting with
 * `id`, as `hub status` shows it, when the name was enrolled more than
 * once; NULL otherwise): its PostgreSQL role may no longer log in, its
 * open connections are ended, and the hub's policies neither take nor
 * give it anything from now on (a lost or stolen laptop).  What it
 * already sent stays: those verdicts were shown.  Errors: CK_ENOTFOUND
 * (no such station not yet retired), CK_EINVAL (the name is ambiguous),
 * and the hub's. */
int hub_retire_station(const char *event_path, const char *name, const char *id,
                       struct hub_retire_report *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* What `checkin hub release-seats` did. */
struct hub_release_report {
    long freed; /* seats given back to the room */
    long kept;  /* seats the door keeps: its people still inside */
};

/* Give back the seats door `name` holds of list (or tutorial) `list`,
 * but those of the people it let in who are still inside, as the hub's
 * journal says.  Only for a door retired, or not seen for ten minutes: a
 * door still deciding would go on admitting with seats the others take.
 * Errors: CK_ENOTFOUND (no such door holds seats of the list), CK_EINVAL
 * (the door was seen lately), CK_EIO (the hub). */
int hub_release_seats(const char *event_path, const char *list,
                      const char *name, struct hub_release_report *out,
                      struct ck_error *err) CK_MUST_CHECK;

/* Print the hub's stations (kind, last seen, clock skew, rows pushed,
 * backlog), journal totals and conflicts to `f`. */
int hub_status(const char *event_path, FILE *f,
               struct ck_error *err) CK_MUST_CHECK;

#endif
