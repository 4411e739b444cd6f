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

/* What `hub status` shows, read from the hub in one go (hub_status).
 * Texts a station or the organizer typed are made safe for a terminal
 * (pg_cell_for_terminal) and cut at their buffer; a number the hub holds
 * no value for is -1. */
struct hub_status_station {
    char name[256];
    char role[256]; /* the kind, ":" and the target when it has one */
    char id[16];    /* the first 8 characters of its uid */
    long seen_s;    /* seconds since it last synced, -1: never */
    bool skew_known;
    long skew_s; /* its clock against the hub's at its last sync */
    long scans, not_sent, badges, printed, conflicts;
    bool retired;
    bool twice; /* its name is enrolled more than once */
    /* The desk's printer as it last said (format 5): none when !printer. */
    bool printer;
    char printer_state[64];
    char printer_said[1024];
    long printer_age_s; /* since its print worker vouched for it, -1 */
    /* A live station of an older checkin: what it misses of each later
     * format (hub_older_station_text), "" none. */
    char older[1200];
    /* The checkin version it said at its last sync (format 29: what its
     * `checkin --version` prints), "" when it said none. */
    char version[256];
    /* An auction door's paddles whose label failed and has not printed
     * since (format 36: "3, 4"), "" none. */
    char paddles_failed[512];
};

/* A door's lease of a room with a capacity and more than one door,
 * ordered by room: consecutive rows of one `list` are one room. */
struct hub_status_seat {
    char list[256];
    long capacity;
    char door[256];
    long held, used;
    /* Since it last took and gave seats (format 16), -1: never, or a hub
     * older than that. */
    long took_s, gave_s;
    bool retired;
    bool gone;   /* retired, or not seen for 10 minutes: its seats may be
                  * released (hub_release_seats) */
    long inside; /* its people still inside */
};

/* A walk-in registered for a tutorial the hub found sold past its seats. */
struct hub_status_oversold {
    char tutorial[160], who[400], ticket[256], station[256];
    long taken, capacity;
    bool told; /* the desk was told */
};

/* Rows set aside, counted by the station that sent them and why. */
struct hub_status_aside {
    char station[256], why[512];
    long count;
};

/* An edit waiting for its ticket to reach the hub. */
struct hub_status_waiting {
    char ticket[256], field[256], from[256];
    long ago_s;
};

/* A herald enrolled (hub_add_herald), and its sessions at the hub now. */
struct hub_status_herald {
    char name[64];
    long sessions;
};

struct hub_status_report {
    char where[256]; /* the hub's server and database */
    struct hub_status_herald *heralds;
    size_t nheralds;
    long format; /* the hub's format */
    struct hub_status_station *stations;
    size_t nstations;
    /* The hub's totals. */
    long registrations, journal_rows, badges, admitted_twice, conflicts;
    /* From format 6 (TRUST): journal rows set aside. */
    struct hub_status_aside *quarantined;
    size_t nquarantined;
    /* From format 25: walk-ins and edits set aside, by count, most first. */
    struct hub_status_aside *set_aside;
    size_t nset_aside;
    /* From format 13 (WAITING): edits waiting, oldest first. */
    struct hub_status_waiting *waiting;
    size_t nwaiting;
    /* From format 14 (LEASES): seats of rooms with more than one door. */
    struct hub_status_seat *seats;
    size_t nseats;
    /* From format 16 (LEASE_MOVES): walk-ins sold past a tutorial's seats. */
    struct hub_status_oversold *oversold;
    size_t noversold;
};

/* Read the hub's stations (kind, last seen, clock skew, rows pushed,
 * backlog, printer), totals, rows set aside, edits waiting, the doors'
 * seats and walk-ins oversold, as the hub's format holds them, into `out`
 * (freed with hub_status_free, also on error).  Only reads. */
int hub_status(const char *event_path, struct hub_status_report *out,
               struct ck_error *err) CK_MUST_CHECK;

/* Free what hub_status filled; accepts one zeroed or freed. */
void hub_status_free(struct hub_status_report *r);

/* Enrol a herald named `name` (1-63 of [A-Za-z0-9._:-], fewer with the
 * hub's role prefix) at the hub of the event database `event_path`: a
 * PostgreSQL role of its own (its name into `role`) that may log in,
 * four sessions at once at most, and is granted nothing, and a new file
 * at `out_path` (mode 0600, never replacing one) holding only the
 * connection string the herald logs in with (the organizer's host and
 * port, or `host`; the hub's database; the role and its password).
 * Errors: CK_EINVAL (a bad name, one enrolled already), the file's, the
 * hub's; nothing is left made on failure. */
int hub_add_herald(const char *event_path, const char *name, const char *host,
                   const char *out_path, char role[64] /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* Retire the herald `name`: its role may no longer log in, its sessions
 * (*cut: how many; -1 when the hub would not say) are told to stop (a
 * running herald does, hub_herald_run) and then ended, and the role is
 * dropped, so that its file opens nothing.  Errors: CK_ENOTFOUND (no
 * such herald), the hub's. */
int hub_retire_herald(const char *event_path, const char *name,
                      long *cut /* out */, struct ck_error *err) CK_MUST_CHECK;

/* What a running herald has to tell its operator (hub_herald_run):
 * ready (`text` the address it listens on, once), the hub's session lost
 * (`text` why: the hub's own sentence; once an outage, not once a retry)
 * and back. */
enum hub_herald_news { HUB_HERALD_READY, HUB_HERALD_LOST, HUB_HERALD_BACK };

/* The herald (checkin/sync_herald.h): one session at the hub, logged in
 * with the herald's own role from its file at `herald_path`
 * (hub_add_herald), LISTENing on every station's channels,
 * each notification forwarded to the stations connected at `where`
 * ("IP:PORT") that were started with --herald, until `stop_fd` is
 * readable.  `news` is called once it listens on both, and as it loses
 * and finds the hub again: it reconnects each second to a hub that went
 * away, cutting its stations meanwhile (they LISTEN on the hub
 * themselves).  It stops, *retired set and CK_OK, once it finds the
 * organizer retired it (hub_retire_herald): told so while logged in, its
 * role may no longer log in; or, away then, the hub refuses its password
 * (pg_login_refused: the role is gone), at the start too.  Errors (a bad
 * address, the hub not reached at the start) in one sentence. */
int hub_herald_run(const char *herald_path, const char *where, int stop_fd,
                   void (*news)(void *arg, enum hub_herald_news what,
                                const char *text),
                   void *arg, bool *retired /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

#endif
