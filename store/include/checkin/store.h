/* The event store: one SQLite file per event (or per station) holding the
 * event description, registrations, the append-only scan journal, print jobs
 * and leads.
 *
 * Opening checks the file (header, application id, quick_check, or a check
 * whose cost does not follow the file's size: STORE_LIGHT_CHECK), switches on
 * WAL, synchronous=FULL and foreign keys, and migrates older schema versions
 * in one transaction each.  All SQL uses bound parameters.  A store handle
 * is used by one thread at a time. */
#ifndef CHECKIN_STORE_H
#define CHECKIN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

typedef struct store store;

/* The newest schema version this build writes. */
#define STORE_SCHEMA_VERSION 30 /* 30: its triggers guarded */

enum store_flags {
    STORE_CREATE = 1,   /* create the file if missing (it must be new) */
    STORE_EXISTING = 0, /* the file must exist */
    STORE_READONLY = 2, /* with STORE_EXISTING: never write to the file */
    /* This process holds the file open through another handle that was
     * opened without this flag (and so checked), or made the file itself
     * and no one else has it yet: skip SQLite's quick_check, a read of
     * the whole file.  A second connection of a running station (its
     * sync worker) opens this way, and so does `hub add-station` while it
     * writes the station file it has just made. */
    STORE_CHECKED = 4,
    /* The file is new and no one else opens it before it is put in place
     * (`hub add-station`'s temporary file): its rollback journal is kept
     * in memory and nothing is flushed, so its pages are written once,
     * not to the WAL and then again at the checkpoint.  A kill leaves it
     * damaged, which is why it must not be a file anyone has yet.  Any
     * later open without the flag makes it WAL again. */
    STORE_UNPUBLISHED = 8,
    /* The file's quick_check runs on a thread of its own while the caller
     * goes on, and store_check_wait gives its answer: for a command that
     * reads a few rows of a large file and spends most of its time
     * elsewhere (`hub add-station`, on the hub), and keeps nothing it
     * made until the check has passed.  A file that needs migrating is
     * checked first, as without the flag. */
    STORE_CHECK_BESIDE = 16,
    /* A one-shot command that reads or writes a few rows (`print`,
     * `issue`, `attendees`): on a file every writer closed cleanly (no
     * WAL holding frames, no rollback journal holding bytes beside it)
     * and at this build's schema, check the
     * header, the page count against the file's size, the free list, the
     * schema and each b-tree's root page instead of quick_check, so the
     * open costs the same at 3,000 registrations as at 1,000,000.  It does
     * not see damage inside a page below a root: SQLite's checks of each
     * page read stop the command at such a page, and a station's start,
     * which decides admissions, runs the full check (opens without this
     * flag).  Any other file is checked in full. */
    STORE_LIGHT_CHECK = 32,
};

/* Open (and migrate) the store at `path`.  With STORE_CREATE the file must
 * not exist yet.  On success *out owns the handle; close it with
 * store_close().  Errors: CK_ENOTFOUND (no such file), CK_ECORRUPT (damaged
 * or not a checkin database), CK_EVERSION (made by a newer checkin),
 * CK_EBUSY, CK_EIO. */
int store_open(const char *path, int flags, store **out /* out */,
               struct ck_error *err) CK_MUST_CHECK;

/* Like store_open, but migrate no further than `version` (tests use it to
 * build databases as earlier releases left them). */
int store_open_at_version(const char *path, int flags, int version,
                          store **out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* The answer of the quick_check STORE_CHECK_BESIDE started, once it is
 * done (CK_OK at once for a store checked when opened): CK_ECORRUPT with
 * the sentence store_open gives for a damaged file, or CK_EIO. */
int store_check_wait(store *s, struct ck_error *err) CK_MUST_CHECK;

/* Close (after waiting for a check STORE_CHECK_BESIDE started); accepts
 * NULL. */
void store_close(store *s);

/* A store on `db`, an open connection to the file at `path` that a
 * caller already checked with store_open, which stays the caller's:
 * store_close leaves it open.  So that sync can call the rooms' functions
 * (registration_apply) inside its own connection's transaction
 * (sync/pull.c).  No busy handler is set: `db`'s own applies. */
struct sqlite3;
int store_borrow(struct sqlite3 *db, const char *path, store **out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* PRAGMA user_version of the open file. */
int store_schema_version(store *s);

/* Milliseconds since the Unix epoch, UTC (CLOCK_REALTIME): the clock every
 * record uses.  Tests and demos may pin it with CHECKIN_FAKE_NOW_MS. */
int64_t store_now_ms(void);

/* Wait up to `ms` for another connection's lock before a statement fails
 * with CK_EBUSY (store_open sets 5 s), trying every millisecond so that a
 * writer behind a busy station gets in between its decisions. */
void store_set_busy_timeout(store *s, int ms);

/* Turns at the write lock inside one process.  A station's decision and
 * its own sync worker write the same file through two connections; SQLite
 * gives the lock to whichever tries at the right moment, so a worker
 * writing one short transaction after another could keep a decision
 * waiting past its second (NOT RECORDED).  A decision says it is waiting
 * (store_urgent_enter, then store_urgent_leave once it holds the lock or
 * gave up); a background writer ends its transaction early when
 * store_urgent_waiting() says one waits, and store_urgent_wait() before
 * it begins the next lets the decision in first (at most `max_ms`).
 * Process-wide, whatever the file; safe from any thread. */
void store_urgent_enter(void);
void store_urgent_leave(void);
bool store_urgent_waiting(void);
void store_urgent_wait(int max_ms);

/* The path the store was opened with (owned by the store). */
const char *store_path(const store *s);

/* The file's setting `key` (the setting table: a station's web token,
 * the hub's format, ...): `out` (`cap` bytes) gets its value, cut short
 * at `cap`, and *found (may be NULL) is true; without one, `out` is ""
 * and *found false.  A failure is the store's one sentence naming `what`
 * ("reading the station's web token"). */
int store_setting_get(store *s, const char *key, char *out, size_t cap,
                      bool *found, const char *what,
                      struct ck_error *err) CK_MUST_CHECK;

/* Set the setting `key` to `value`, adding it when the file has none; a
 * setting that already holds `value` is left unwritten.  A failure is
 * the store's one sentence naming `what`. */
int store_setting_put(store *s, const char *key, const char *value,
                      const char *what, struct ck_error *err) CK_MUST_CHECK;

/* Whether this is a sponsor's booth file (made by 'checkin station-db' or
 * 'checkin hub add-station ... leads:SLUG'), and then its sponsor's slug
 * in `slug`. */
bool store_booth_sponsor(store *s, char *slug, size_t cap);

/* Whether `path` names the store's own database file, or its -wal, -shm
 * or -journal file: the same inode (decided with stat(), which opens
 * nothing), or the same name for one not made yet.  Opening and closing
 * any of them outside SQLite while the store is open would drop the POSIX
 * locks its connections hold (SQLite's "How To Corrupt An SQLite Database
 * File", 2.2), so a command refuses such a path before it opens it as
 * another kind of file. */
bool store_is_own_file(const store *s, const char *path);

enum order_status {
    STATUS_PAID,
    STATUS_PENDING,
    STATUS_CANCELLED,
    STATUS_REFUNDED,
};
const char *order_status_str(enum order_status st);
/* An order's status code (order_status_str's: "paid", "pending",
 * "cancelled", "refunded") as a person reads it, in the language spoken:
 * the desk's person line, the sentences that name it and the organizer's
 * listings; a code it does not know, as it is.  Machine output (--json's
 * "order_status") keeps the code. */
const char *order_status_word(const char *code);
/* Parse "paid", "pending", "cancelled", "refunded" and pretix's letters. */
int order_status_parse(const char *s, enum order_status *out /* out */);

/* The most tutorials one attendee holds: an import keeps the first this
 * many of a longer list and says which it left out, so the store never
 * holds more and a list read from it is never cut short. */
#define ATTENDEE_MAX_TUTORIALS 32

/* One attendee as the stations show it.  Strings are owned by the list
 * that holds the attendee (see attendee_list_free). */
struct attendee {
    int64_t id;
    const char *ticket_id;
    const char *order_code;
    enum order_status status;
    const char *given_name;
    const char *family_name;
    const char *badge_name;
    const char *pronouns;
    const char *company;
    const char *email;
    const char *ticket_type;       /* slug */
    const char *ticket_type_label; /* label printed on the badge */
    const char *const *tutorials;  /* slugs, earliest tutorial first */
    size_t ntutorials;
    bool sponsor_consent;
    /* A pretix test-mode order, imported for a rehearsal: admitted only by
     * a station run with --rehearsal. */
    bool testmode;
    /* The first desk check-in, from every station merged into the file:
     * UTC ms by that station's clock (0: not checked in) and its name. */
    int64_t checkin_ms;
    const char *checkin_station;
    /* When a phone read the code of that check-in, on the station's clock,
     * when it was kept on the phone and decided by that time (schema 13,
     * scan.read_at_ms); 0: decided as it was read, at checkin_ms. */
    int64_t checkin_read_ms;
};

struct attendee_list {
    struct attendee *items;
    size_t n;
    size_t total;  /* searches: how many match, beyond a limit too */
    bool at_least; /* a bounded search: total is a lower bound */
    void *arena;   /* private */
};
void attendee_list_free(struct attendee_list *l);

/* The event's IANA time zone ("Europe/Berlin"), for showing times. */
int store_event_timezone(store *s, char *out, size_t cap,
                         struct ck_error *err) CK_MUST_CHECK;

/* Find attendees whose name, email, company, order code or ticket id
 * contains every word of `query`, ignoring case and accents in any script.
 * An empty query lists everyone.  At most `limit` results (0 = no limit),
 * ordered by badge name. */
int store_attendee_search(store *s, const char *query, size_t limit,
                          struct attendee_list *out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* The same first `limit`, in the same order, with a count that stops
 * where exact would read more of the file: when the matches beyond the
 * first `limit` are spread over more of the index than a bound, only
 * those of the blocks read for the first `limit` are counted and
 * out->at_least says total is a lower bound (`checkin attendees`;
 * docs/performance-history.md). */
int store_attendee_search_bounded(store *s, const char *query, size_t limit,
                                  struct attendee_list *out /* out */,
                                  struct ck_error *err) CK_MUST_CHECK;

/* Find one attendee from what a volunteer types or scans: a ticket id, an
 * order code with one attendee, a ticket secret, or a search that matches
 * exactly one person.  CK_ENOTFOUND or CK_EINVAL (ambiguous) otherwise,
 * with a sentence saying what to type instead. */
int store_attendee_find_one(store *s, const char *who,
                            struct attendee_list *out /* out */,
                            struct ck_error *err) CK_MUST_CHECK;

/* The id of the tutorial with `slug` (CK_ENOTFOUND, naming the choices,
 * if none). */
int store_tutorial_id(store *s, const char *slug, int64_t *id /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* Everyone of order `order_code` (exact), by ticket id, when it has more
 * than one person (none for an order of one or an empty code): a desk
 * offers the others of a scanned ticket's order (issue 30, groups). */
int store_attendee_order(store *s, const char *order_code,
                         struct attendee_list *out /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* The attendee with store id `id` (CK_ENOTFOUND if none). */
int store_attendee_get(store *s, int64_t id,
                       struct attendee_list *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* Event-wide counts for `checkin stats`. */
struct store_stats_row {
    const char *slug;
    const char *label;
    long total; /* paid + pending registrations */
    long paid;
    long pending;
    long cancelled; /* cancelled + refunded */
    long refunded;  /* of them; ticket types only */
    long capacity;  /* tutorials only */
    long checked_in;
};
struct store_stats {
    const char *event_name;
    const char *event_slug;
    long attendees, paid, pending, cancelled, refunded, checked_in, scans;
    long overrides; /* desk admissions on a supervisor's override */
    struct store_stats_row *types;
    size_t ntypes;
    struct store_stats_row *tutorials;
    size_t ntutorials;
    /* Registrations (paid or pending) booked into two tutorials whose
     * times overlap: one row per pair, the earlier first, at most
     * STORE_STATS_CLASHES_SHOWN of them; `clash_people` counts them all
     * (issue 57). */
    struct store_stats_clash {
        const char *ticket_id;
        const char *name;           /* the badge name */
        const char *first, *second; /* the tutorials' slugs */
        int64_t starts_at;          /* the later one's start, UTC seconds */
    } * clashes;
    size_t nclashes;
    long clash_people;
    void *arena; /* private */
};
#define STORE_STATS_CLASHES_SHOWN 50
int store_stats(store *s, struct store_stats *out /* out */,
                struct ck_error *err) CK_MUST_CHECK;
/* Only the tutorials and their clashes of store_stats (the rest left
 * zero), which the import's warnings need: the registrations are not
 * counted, a pass over every attendee. */
int store_stats_tutorials(store *s, struct store_stats *out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;
void store_stats_free(struct store_stats *st);

/* How many registrations (paid + pending) tutorial row `r` has beyond its
 * seats, or 0: a door turns the person after the last seat away as full. */
long store_stats_over_capacity(const struct store_stats_row *r);

#endif
