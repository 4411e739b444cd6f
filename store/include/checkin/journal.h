/* The scan journal: the append-only record of every decision a station
 * shows, and the facts stations derive from it ("already checked in at
 * 09:12 at desk-2", "inside: 18 / 26").
 *
 * Each row is keyed by (station_id, seq): a random identity of the station
 * run that wrote it (made when the journal is opened, so no two stations
 * ever share one, whatever their names) and its own sequence number, so
 * that station files merge by set union (import/merge.h).  The human name
 * is kept beside it.  A station decides inside journal_begin() ...
 * journal_commit(): the rules read the rows of every station in the file
 * under the write lock, so any number of stations on one file behave as
 * one, and the commit is durable (WAL, synchronous=FULL, set by
 * store_open) before the verdict is shown.
 *
 * Beside the journal, this module reads the few event facts a station
 * needs (tutorial rooms and times, sponsor names, the event's time zone),
 * so that scanner/ never touches SQL.  A journal is used by one thread at
 * a time, like its store. */
#ifndef CHECKIN_JOURNAL_H
#define CHECKIN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/badge.h"
#include "checkin/error.h"
#include "checkin/store.h"

typedef struct journal journal;

enum scan_mode { SCAN_DESK, SCAN_DOOR, SCAN_LEADS };
enum scan_decision { DECISION_ADMIT, DECISION_DENY, DECISION_WARN };
enum scan_direction { DIRECTION_IN, DIRECTION_OUT };
/* What a row does (docs/admission.md, "The journal"): every decision about
 * a presented code is a scan; an undo takes back the admission its ref
 * names; a swap changes what the redemption its ref names handed over. */
enum scan_act { ACT_SCAN, ACT_UNDO, ACT_SWAP };

const char *scan_mode_str(enum scan_mode m);           /* "desk" */
const char *scan_decision_str(enum scan_decision d);   /* "admit" */
const char *scan_direction_str(enum scan_direction d); /* "in" */
const char *scan_act_str(enum scan_act a);             /* "scan" */

#define JOURNAL_NAME_CAP 64
#define JOURNAL_ID_CAP 24 /* a station run's identity: 16 hex digits */
/* The highest number a journal row may carry (10^12: a scan a
 * millisecond for 30 years).  journal_open refuses a file whose own rows
 * reach it, and the hub refuses rows above it (hubschema/hub_schema.c). */
#define JOURNAL_SEQ_MAX 1000000000000
/* A row's read_at_ms is at most this long before its at_ms: a station
 * trusts a phone's read up to 12 hours old (STATION_READ_AGE_MAX_MS), and
 * a day leaves room for its wait in the station's queue.  The hub and
 * `checkin merge` refuse a row outside it (a file changed by hand). */
#define JOURNAL_READ_BEFORE_MAX_MS 86400000

/* The journal's table itself, undone rows and undos included: for its
 * own numbering, copying and `export scans` only.  Every query that
 * decides or counts reads the view live_scan, the journal less what was
 * undone (store/schema.c, 6); the test every_count_reads_the_live_journal
 * fails on any other read of the table. */
#define JOURNAL_EVERY_ROW "scan"

/* SQL: the door entries still open, as `e` (docs/admission.md, "Deciding
 * from the journal").  An entry is closed by a live admitted exit of the
 * same person from the same room that names it in its ref, or by one
 * journaled before schema 6 (no ref, no day) later by the clocks.  Add
 * conditions with "AND e....". */
#define JOURNAL_CLOSED                                                         \
    "(SELECT 1 FROM live_scan o WHERE o.attendee_ticket_id ="                  \
    " e.attendee_ticket_id AND o.mode = 'door' AND o.target = e.target AND"    \
    " o.decision = 'admit' AND o.direction = 'out' AND ((o.ref_station_id ="   \
    " e.station_id AND o.ref_seq = e.seq) OR (o.ref_seq IS NULL AND o.day IS"  \
    " NULL AND (o.at_ms, o.station, o.seq) > (e.at_ms, e.station, e.seq))))"
#define JOURNAL_OPEN_ENTRIES                                                   \
    "live_scan e WHERE e.mode = 'door' AND e.decision = 'admit' AND"           \
    " e.direction = 'in' AND NOT EXISTS " JOURNAL_CLOSED

/* One journal row.  `code` is what was scanned (exact bytes, `code_len`)
 * or, for a manual check-in, "manual:" and the ticket id. */
struct scan_record {
    int64_t seq;   /* set by journal_append */
    int64_t at_ms; /* UTC milliseconds, from the station's clock */
    enum scan_mode mode;
    const char *target; /* tutorial or sponsor slug, "" at the desk */
    const uint8_t *code;
    size_t code_len;
    const char *ticket_id;   /* NULL when unknown or withheld */
    const uint8_t *badge_id; /* BADGE_ID_BYTES, or NULL */
    enum scan_decision decision;
    const char *reason; /* stable token, e.g. "checked-in", "cancelled" */
    enum scan_direction direction;
    /* Leads only: with a sponsor, the same transaction adds a lead row
     * (same station and seq) for `badge_id`. */
    const char *lead_sponsor;
    /* Desk only: a supervisor's reason for admitting a registration the
     * rules refused (unpaid, cancelled, refunded); NULL otherwise. */
    const char *override;
    /* ACT_SCAN (the zero value) for a decision about a presented code. */
    enum scan_act act;
    /* The row this one acts on: the admission an undo takes back, the
     * redemption a swap changes.  A door's exit names the entry it closes:
     * journal_append finds it when none is given.  ref_station_id NULL:
     * none. */
    const char *ref_station_id;
    int64_t ref_seq;
    const char *handed;     /* what a counter handed over, e.g. "M" */
    const char *supervisor; /* who allowed an override or an undo */
    /* A phone's code kept while the station could not be reached: when
     * it was read, on the station's clock, by which the rules decided it
     * (`at_ms` is when the station did); 0: decided as it was read. */
    int64_t read_at_ms;
    /* A phone's read with its own id: its key (a booth's slug, '/', the
     * id; NULL: none) and the name its answer shows, kept in the same
     * transaction as the row (journal_read_find). */
    const char *read_key;
    const char *read_name;
    /* Desk only: the answers to the questions pretix asks during
     * check-in that the desk took before admitting, a JSON object of
     * question identifier to answer (schema 19); NULL: none asked. */
    const char *answers;
};

/* A journal row's key. */
struct journal_ref {
    char station_id[JOURNAL_NAME_CAP + 8]; /* "name:desk-1" before schema 3 */
    int64_t seq;
};

/* The longest override reason a station journals (bytes), and what merge
 * and the hub accept. */
#define JOURNAL_OVERRIDE_CAP 300

/* Open the journal of station `station` (1-63 characters of
 * [A-Za-z0-9._:-]) in `s`, which must outlive it.  The next sequence
 * number is max(seq) + 1 of that station's rows.  Free with
 * journal_free(). */
int journal_open(store *s, const char *station, journal **out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;
void journal_free(journal *j);

const char *journal_station(const journal *j);
const char *journal_station_id(const journal *j);
store *journal_store(journal *j);

/* Take the file's write lock (BEGIN IMMEDIATE; CK_EBUSY after a second
 * behind another writer) so that what the rules read next and the row
 * they append are one transaction.  journal_commit() makes it durable;
 * journal_rollback() drops it (and any row appended in it). */
int journal_begin(journal *j, struct ck_error *err) CK_MUST_CHECK;
int journal_commit(journal *j, struct ck_error *err) CK_MUST_CHECK;
void journal_rollback(journal *j);

/* Append `r` and set r->seq: inside journal_begin(), as part of that
 * transaction; otherwise as one durable transaction of its own.  On
 * failure nothing is written, the sequence number is not used up, and
 * `err` says why (CK_EFULL, CK_EBUSY, CK_EIO ...). */
int journal_append(journal *j, struct scan_record *r,
                   struct ck_error *err) CK_MUST_CHECK;

/* ---- A phone's reads by their own ids (issue 31, schema 17) ----------
 * A read is decided at most once per file, across restarts and station
 * processes: journal_append keeps its key with the row it adds, and
 * journal_read_repeat keeps one the station took as the same presentation
 * again.  Kept JOURNAL_READ_KEEP_MS (docs/phones.md). */

#define JOURNAL_READ_KEEP_MS (7 * 86400000LL)
/* The longest key: a booth's slug (63), '/', a read id (64). */
#define JOURNAL_READ_KEY_CAP 129

/* What the file says of one read. */
struct journal_read {
    bool decided; /* false: it was the same presentation again */
    int64_t seq;  /* the journal row's, 0 when not decided */
    int64_t at_ms;
    int64_t read_at_ms; /* 0: decided as it was read */
    enum scan_decision decision;
    enum scan_direction direction;
    char reason[48];
    char name[4 * 200 + 1]; /* the name its answer showed, "" for none */
    char ticket_id[64];     /* its row's attendee's ticket, "" for none */
};

/* The read under `key`: *found false if the file holds none. */
int journal_read_find(journal *j, const char *key, bool *found /* out */,
                      struct journal_read *out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* Keep `key` as a read taken as the same presentation again at `at_ms`
 * (no row), in its own transaction unless one is open; a key already
 * kept stays as it is. */
int journal_read_repeat(journal *j, const char *key, int64_t at_ms,
                        struct ck_error *err) CK_MUST_CHECK;

/* Set the note (up to 500 bytes) and rating (1-5, or 0 for none) of this
 * station's lead `seq` (this run's, else the latest run's of the same name
 * in the file); each edit counts up the lead's version. */
int journal_lead_note(journal *j, int64_t seq, const char *note, int rating,
                      struct ck_error *err) CK_MUST_CHECK;

/* ---- A sponsor's booth on its own phone (issue 31, the expo station) --
 * A booth names a lead by its number at this station; every call takes
 * the sponsor the phone belongs to, and a lead of another sponsor is
 * "No such lead." exactly as one that does not exist. */

#define JOURNAL_TAGS_MAX 8
#define JOURNAL_TAG_CHARS 32

struct journal_booth_lead {
    int64_t seq;
    int64_t at_ms;
    char at[48];              /* the event's local time, ISO 8601 */
    char badge_id[2 * 8 + 1]; /* hex */
    char note[501];
    int rating; /* 0: none */
    char tags[JOURNAL_TAGS_MAX * (4 * JOURNAL_TAG_CHARS + 1) +
              1]; /* a line each */
};

/* Each lead of `sponsor` this station (by name, any run) recorded, oldest
 * first, to `fn`; a non-zero return from `fn` stops and is returned. */
int journal_booth_leads(journal *j, const char *sponsor,
                        int (*fn)(void *ctx,
                                  const struct journal_booth_lead *l),
                        void *ctx, struct ck_error *err) CK_MUST_CHECK;

/* Set the note (up to 500 bytes), rating (1-5, 0 none) and tags (at most
 * JOURNAL_TAGS_MAX, each 1 to JOURNAL_TAG_CHARS characters of UTF-8 with
 * no control character) of lead `seq` of `sponsor`; nothing is changed
 * when one of them is refused.  Counts up the lead's version as
 * journal_lead_note does. */
int journal_booth_lead_edit(journal *j, const char *sponsor, int64_t seq,
                            const char *note, int rating,
                            const char *const *tags, size_t ntags,
                            struct ck_error *err) CK_MUST_CHECK;

/* The triage sent `ticket_id` to the desk `desk` of [desks] (`letters`
 * its letters when sent by them, else "") at `at_ms`: a row of
 * triage_sent (schema 24) under this run's station id, in the open
 * transaction if there is one.  Not a scan row: it admits no one. */
int journal_sent(journal *j, const char *ticket_id, const char *desk,
                 const char *letters, int64_t at_ms,
                 struct ck_error *err) CK_MUST_CHECK;

/* One earlier admission of an attendee, from any station in the file. */
struct scan_fact {
    int64_t at_ms;
    enum scan_mode mode;
    enum scan_direction direction;
    char station[JOURNAL_NAME_CAP];
    char target[JOURNAL_NAME_CAP];
};

/* The first desk check-in of `ticket_id`: *found false if none. */
int journal_first_checkin(journal *j, const char *ticket_id,
                          bool *found /* out */,
                          struct scan_fact *out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* The live desk check-ins of `ticket_id` (not undone), oldest first, up
 * to `cap`; *n is how many were written.  Two desks cut off from each
 * other may both have checked someone in: an undo takes back every one. */
int journal_checkin_refs(journal *j, const char *ticket_id,
                         struct journal_ref *out, size_t cap,
                         size_t *n /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* Up to `cap` admissions of `ticket_id` (desk and doors), oldest first;
 * *n is how many were written. */
int journal_history(journal *j, const char *ticket_id, struct scan_fact *out,
                    size_t cap, size_t *n /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* Whether `ticket_id` is inside tutorial `slug`: an admitted entry there
 * is still open.  An exit closes the entry it names in its ref; an exit
 * journaled before schema 6 (no ref, no day) closes the entries before it
 * by the clocks.  Rows undone count for nothing. */
int journal_is_inside(journal *j, const char *slug, const char *ticket_id,
                      bool *inside /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* The entry an exit of `ticket_id` from `slug` would close: the latest
 * open one.  *found false if none. */
int journal_open_entry(journal *j, const char *slug, const char *ticket_id,
                       bool *found /* out */, struct journal_ref *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* Take back the admission `ref` (of any station in the file): appends an
 * undo row naming it, with `supervisor` and their `words` (either may be
 * NULL), at `at_ms`, in its own transaction unless one is open.  The
 * person is then not checked in (not inside, not redeemed) wherever the
 * row reaches, and may be admitted again.  The undo row's own seq in
 * *seq when `seq` is not NULL.  CK_ENOTFOUND if the file holds no such
 * row, CK_EINVAL if it is not a live admission. */
int journal_undo(journal *j, const struct journal_ref *ref, int64_t at_ms,
                 const char *supervisor, const char *words,
                 int64_t *seq /* out, may be NULL */,
                 struct ck_error *err) CK_MUST_CHECK;

/* How many people are inside tutorial `slug` now, from every door and
 * exit scanner's rows in the file. */
int journal_inside_count(journal *j, const char *slug, long *inside /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* A door's seats under a lease (docs/admission.md, "Capacity across
 * doors: seat leases"): `leased` when the file holds one for the list
 * (list_lease, pulled from a hub of format 14 or later); then `held`, the
 * seats granted less those given back, `charged`, the people inside
 * whose open entry this file made (doors sharing one file are one door),
 * and `others`, the other doors holding seats as the hub last said
 * ("door-2", or "door-2, door-3"). */
struct journal_seats {
    bool leased;
    long held;
    long charged;
    /* The share the hub last gave; below `held` only while the room's
     * doors hold more than its capacity (a capacity lowered). */
    long share;
    char others[256];
};

/* As journal_inside_count, and the door's lease for `slug` when the file
 * holds one (both in one pass over the room's open entries). */
int journal_seats(journal *j, const char *slug, long *inside /* out */,
                  struct journal_seats *out /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

/* SQL: whether journal row `A` was written in this file, not pulled from
 * a hub (sync notes each run it pulls as another station's, sync_run.own
 * = 0); only in a file enrolled at a hub. */
#define JOURNAL_OWN_ROW(A)                                                     \
    A ".station_id NOT IN (SELECT station_id FROM sync_run WHERE own = 0)"

/* Station counters from the whole file: people checked in at the desk,
 * people inside tutorial `slug` (NULL: 0), leads of sponsor `sponsor`
 * (NULL: 0). */
struct journal_counts {
    long checked_in;
    long inside;
    long leads;
    long scans; /* rows of this station */
};
int journal_counts(journal *j, const char *slug, const char *sponsor,
                   struct journal_counts *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* The lead of sponsor `sponsor` for `badge_id`, if any (the first). */
int journal_find_lead(journal *j, const char *sponsor,
                      const uint8_t badge_id[BADGE_ID_BYTES],
                      bool *found /* out */, int64_t *at_ms /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* ---- Event facts a station shows ------------------------------------ */

struct tutorial_info {
    int64_t id;
    char slug[JOURNAL_NAME_CAP];
    char title[256];
    char room[JOURNAL_NAME_CAP];
    int64_t starts_at, ends_at; /* UTC seconds */
    long capacity;
};

/* The tutorial `slug` (CK_ENOTFOUND naming the choices if none). */
int journal_tutorial(journal *j, const char *slug,
                     struct tutorial_info *out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Write the rows that follow under a run of their own for `key` (made at
 * the first call with it, one per key for this journal's life), or under
 * the journal's own run again (`key` NULL).  The expo hall journals each
 * booth under its own run: the hub takes a run's rows in order only, so
 * one booth's rows held back in the file (its booth closed at the hub)
 * hold back no other booth's (docs/phones.md, "The hub"). */
int journal_use_run(journal *j, const char *key,
                    struct ck_error *err) CK_MUST_CHECK;

/* The sponsor's display name (CK_ENOTFOUND naming the choices if none). */
int journal_sponsor(journal *j, const char *slug, char *name, size_t cap,
                    struct ck_error *err) CK_MUST_CHECK;

/* The event's name and IANA time zone. */
int journal_event(journal *j, char *name, size_t name_cap, char *tz,
                  size_t tz_cap, struct ck_error *err) CK_MUST_CHECK;

#endif
