/* Open spaces (issue 56, docs/open-spaces.md): the [open-spaces] section
 * of the event description (its rooms and their seats, its days, its
 * hours and the length of a slot), kept in the file as the settings
 * "open-spaces.KEY"; the hosts' claims of a room's slot and their
 * releases (open_space_claim, schema 21, keyed like the journal); the
 * slot a moment falls in; and each session's attendance: the people an
 * open-space door (`--station open-space:ROOM`) admitted to its room in
 * its slot.  Returns data and outcomes; commands/ says them. */
#ifndef CHECKIN_OPEN_SPACE_H
#define CHECKIN_OPEN_SPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/event_line.h"
#include "checkin/store.h"

#define OPEN_SPACE_ROOMS 32
#define OPEN_SPACE_DAYS 16
#define OPEN_SPACE_SLUG_CAP 48
#define OPEN_SPACE_TITLE_CAP 200

struct open_space_room {
    char slug[OPEN_SPACE_SLUG_CAP];
    long capacity;
};

struct open_spaces {
    struct open_space_room rooms[OPEN_SPACE_ROOMS];
    size_t nrooms;
    char days[OPEN_SPACE_DAYS][11]; /* "YYYY-MM-DD", local */
    size_t ndays;
    long from_min, to_min; /* the hours, minutes after local midnight */
    long slot_min;         /* a slot's length */
    char tz[64];           /* the event's zone (open_spaces_read) */
};

/* The keys of [open-spaces], in the order open_spaces_parse takes their
 * values. */
enum { OPEN_SPACE_NKEYS = 4 };
extern const char *const open_space_keys[OPEN_SPACE_NKEYS];

/* Parse the values of "rooms" ("201:40, 202:25": a slug and its seats),
 * "days" (dates, by commas), "hours" ("10:00-17:00") and "slot" (minutes)
 * (NULL: not given) into `out`.  False when one is wrong, with one
 * sentence at `sec` (the section's file and line), naming the value's
 * line of `lines` (NULL, or 0 for one: the section's). */
bool open_spaces_parse(const char *const vals[OPEN_SPACE_NKEYS],
                       const int lines[OPEN_SPACE_NKEYS],
                       struct open_spaces *out, const struct event_line *sec);

/* The file's open spaces and its zone: *any false (and `out` empty) when
 * its event description has no [open-spaces]. */
int open_spaces_read(store *s, struct open_spaces *out, bool *any /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The room `slug` of `os`; NULL if none. */
const struct open_space_room *open_spaces_room(const struct open_spaces *os,
                                               const char *slug);

/* The rooms' slugs, "201, 202 and 203"-like with commas, into `out`. */
void open_spaces_room_names(const struct open_spaces *os, char *out,
                            size_t cap);

/* The slot UTC ms `t_ms` falls in: true and its start and end (UTC ms);
 * false when it is in none (another day, outside the hours). */
bool open_spaces_slot_at(const struct open_spaces *os, int64_t t_ms,
                         int64_t *start_ms /* out */,
                         int64_t *end_ms /* out */);

/* How a claim or a release went: done, or why nothing was changed. */
enum open_space_outcome {
    OPEN_SPACE_DONE = 0,
    OPEN_SPACE_NONE,          /* the event has no [open-spaces] */
    OPEN_SPACE_UNKNOWN_ROOM,  /* no such room */
    OPEN_SPACE_BAD_TIME,      /* not "YYYY-MM-DD HH:MM" */
    OPEN_SPACE_NOT_A_DAY,     /* a day with no open spaces */
    OPEN_SPACE_OUTSIDE_HOURS, /* not a slot's start within the hours */
    OPEN_SPACE_TAKEN,         /* another session holds it (claim) */
    OPEN_SPACE_UNKNOWN_HOST,  /* no registration has the host's ticket */
    OPEN_SPACE_NO_TITLE,      /* an empty title, or one too long */
    OPEN_SPACE_FREE,          /* nobody holds it (release) */
    OPEN_SPACE_NOT_HOST,      /* another host holds it (a release naming
                                 its host) */
};

/* One claimed slot: its room, start (UTC ms and local text), title, host
 * and the people the room's doors admitted in it. */
struct open_space_session {
    char room[OPEN_SPACE_SLUG_CAP];
    int64_t slot_ms;
    char when[24]; /* "2027-05-14 10:00", local */
    char title[4 * OPEN_SPACE_TITLE_CAP + 1];
    char host_ticket[64];
    char host_name[4 * 200 + 1]; /* a badge name, 200 characters */
    long attendance;
    /* A claim refused as TAKEN: the next free slot offered instead, the
     * room's next one after it or, when the room has none, another
     * room's at that time ("" both when none is free). */
    char next_room[OPEN_SPACE_SLUG_CAP];
    char next_when[24];
    /* A claim lost to an earlier one of its slot (open_space_board):
     * next_* the next free slot offered its host. */
    bool lost;
};

/* A claim or release from `station` (its name in the rows) at `now_ms`:
 * the room, the slot as "YYYY-MM-DD HH:MM" (local), and for a claim the
 * host's ticket id and the title (for a release, the host who must hold
 * it, or NULL: anyone). */
struct open_space_request {
    const char *room, *when, *host, *title, *station;
    int64_t now_ms;
};

/* Claim a free slot, in one transaction with the check: *outcome DONE and
 * `held` the new session, or why not (TAKEN: `held` the session holding
 * it and the next free slot, held->next_*), nothing written.  `os` gets the
 * open spaces read (for the caller's sentences). */
int open_space_claim(store *s, const struct open_space_request *rq,
                     struct open_spaces *os, enum open_space_outcome *outcome,
                     struct open_space_session *held,
                     struct ck_error *err) CK_MUST_CHECK;

/* Release a claimed slot: *outcome DONE and `held` the session released,
 * or why not (FREE: nobody holds it; NOT_HOST: rq->host, when given, is
 * not its host), nothing written. */
int open_space_release(store *s, const struct open_space_request *rq,
                       struct open_spaces *os, enum open_space_outcome *outcome,
                       struct open_space_session *held,
                       struct ck_error *err) CK_MUST_CHECK;

/* Every slot held now, by start and room, with its attendance: *out
 * (free with free()) and *n. */
int open_space_sessions(store *s, struct open_space_session **out, size_t *n,
                        struct ck_error *err) CK_MUST_CHECK;

/* Every slot held now (*out, *n) as open_space_sessions gives them, and
 * (lost not NULL) every claim lost to an earlier claim of its slot, made
 * while the stations were cut off and settled alike on each once they
 * synced (*lost, *nlost): each with the next free slot from `now_ms` on
 * offered to its host (next_room "" when none), until its host holds a
 * session of its title again.  Free both with free(). */
int open_space_board(store *s, int64_t now_ms, struct open_space_session **out,
                     size_t *n, struct open_space_session **lost, size_t *nlost,
                     struct ck_error *err) CK_MUST_CHECK;

/* The session holding room `room`'s slot `slot_ms` now: *held true and
 * its title and host in `out`, or false. */
int open_space_held(store *s, const char *room, int64_t slot_ms,
                    bool *held /* out */, struct open_space_session *out,
                    struct ck_error *err) CK_MUST_CHECK;

/* The people the doors of room `room` admitted from `from_ms` to before
 * `to_ms`, each once (*count), and whether `ticket` (may be NULL) is one
 * of them (*inside). */
int open_space_attendance(store *s, const char *room, int64_t from_ms,
                          int64_t to_ms, const char *ticket,
                          long *count /* out */, bool *inside /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

#endif
