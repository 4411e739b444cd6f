/* Private to pull.c and the files split from it (pull_event.c,
 * pull_start.c, pull_strings.c, listen.c): what the tables' apply functions
 * share.  Nothing here is seen outside sync/. */
#ifndef CHECKIN_SYNC_PULL_PRIV_H
#define CHECKIN_SYNC_PULL_PRIV_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "sync_parts.h"

/* What a station reads again from the start when its own list changes
 * (ctx.again): what the hub's views give it of a row depends on the
 * list, not only on the row. */
enum { PULL_AGAIN_REGISTRATIONS = 1, PULL_AGAIN_ANSWERS = 2 };

/* The kinds of file a pull serves, as pull.c's table of pulls names
 * them. */
enum { P_ORG = 1, P_DESK = 2, P_DOOR = 4, P_LEADS = 8, P_TRIAGE = 16 };

/* Which of them a file is: the organizer's event database, or a station
 * of `kind` (the hub's: a booth's "leads" and the hall's "expo" pull
 * alike). */
unsigned sync_pull_who(bool organizer, const char *kind);

/* How many kinds of pull pull.c's table holds. */
#define PULL_KINDS 33

/* Of pull.c's table: whether a file of kind `me` (P_*) pulls kind `p`
 * from a hub of `format`; the name of its cursor, which is the name of
 * its change mark (hub format 20); its statement at `format`, whose
 * parameters are the cursor and the station's uid. */
bool sync_pull_wanted(size_t p, unsigned me, int format);
const char *sync_pull_table(size_t p);
const char *sync_pull_sql(size_t p, int format);

/* Start a pull inside its REPEATABLE READ transaction (pull_start.c):
 * the safe horizon (the next cursors) into `horizon`, the hub's format
 * into *format, and want[p] (PULL_KINDS of them) whether kind p may
 * hold a row this file has not read; all true when the format read
 * differs from c->format (the hub upgraded in between). */
int sync_pull_start(struct ctx *c, unsigned me, char *horizon, size_t cap,
                    int *format, bool *want,
                    struct ck_error *err) CK_MUST_CHECK;

/* Whether the file never took a row from the hub (pull_start.c): the
 * pull `hub add-station` makes of the file it has just made. */
int sync_never_pulled(struct ctx *c, bool *yes,
                      struct ck_error *err) CK_MUST_CHECK;

/* The pull's usual case, in one round trip (pull_start.c): the
 * transaction, which tables but the journal moved, the journal's new
 * rows read outright (asking whether it moved would cost the hub about
 * what reading it does) and the commit, as one pipeline.  When no other
 * table moved and the format is c->format, that is the whole pull: *r
 * the journal's rows (the caller applies and PQclears them) and
 * `horizon` the snapshot's.  Else *r is NULL and the caller pulls with
 * sync_pull_start.  `j`: the journal's kind. */
int sync_pull_quick(struct ctx *c, unsigned me, size_t j, char *horizon,
                    size_t cap, PGresult **r,
                    struct ck_error *err) CK_MUST_CHECK;

/* The journal's kind for a file of kind `me` when its next pull may be
 * sync_pull_quick's: read from a cursor (not the start, which COPY
 * streams) and not a file's first; else PULL_KINDS. */
int sync_pull_quick_journal(struct ctx *c, unsigned me, size_t *j,
                            struct ck_error *err) CK_MUST_CHECK;

/* Prepare st[i] (from `sql`) once per pull of a table. */
int sync_pull_prep(struct ctx *c, sqlite3_stmt **st, int i, const char *sql,
                   struct ck_error *err) CK_MUST_CHECK;

/* Step `st` and reset it; *rc_out (may be NULL) its answer.  A constraint
 * is no failure (the row is not taken); others are, in a sentence. */
int sync_pull_step(struct ctx *c, sqlite3_stmt *st, int *rc_out,
                   struct ck_error *err) CK_MUST_CHECK;

/* Apply one pulled row (row `i` of `r`) to the file, as pull.c's table
 * of pulls calls them: *applied, it changed something; *wait, it cannot
 * be taken yet (pull_event.c). */
int sync_pull_description(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                          bool *applied, bool *wait,
                          struct ck_error *err) CK_MUST_CHECK;
int sync_pull_invitee(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait,
                      struct ck_error *err) CK_MUST_CHECK;
int sync_pull_answer(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                     bool *applied, bool *wait,
                     struct ck_error *err) CK_MUST_CHECK;

/* Whether `t` is the hub's text for an empty array (pull_strings.c). */
bool sync_pull_empty_array(const char *t);

/* Where sync_pull_each_string runs each string: `st`, or first `plain`
 * when not NULL (a plain insert into a file that holds no registration
 * yet), and `st` only for a string `plain` refused (its upsert). */
struct pull_strings {
    sqlite3_stmt *st;
    sqlite3_stmt *plain;
};

/* Bind the strings of the JSON array text `arr` one by one to `to`'s
 * statement ?1, `id` as ?2 and, when `revoked` is 0 or 1, that as ?3,
 * and run it; *wait if the file refuses a row (pull_strings.c). */
int sync_pull_each_string(struct ctx *c, const struct pull_strings *to,
                          const char *arr, int64_t id, int revoked, bool *wait,
                          struct ck_error *err) CK_MUST_CHECK;

/* Registration `id` (just added when `fresh`) says at the door what
 * column `col` of row `i` of `r` holds (format 24's registration.door, a
 * JSON object, or NULL: nothing), kept in its attendee row with
 * statement `st[n]` (pull_door.c). */
int sync_pull_door(struct ctx *c, sqlite3_stmt **st, int n, int64_t id,
                   bool fresh, PGresult *r, int i, int col,
                   struct ck_error *err) CK_MUST_CHECK;

/* Another station's journal row (from format 26 with a desk's answers,
 * column 20), and a sponsor's lead: pull_scan.c. */
int sync_pull_scan(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                   bool *applied, bool *wait,
                   struct ck_error *err) CK_MUST_CHECK;
int sync_pull_lead(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                   bool *applied, bool *wait,
                   struct ck_error *err) CK_MUST_CHECK;

/* A pre-printed badge's place (hub format 27: box NULL, taken out of the
 * run) and another desk's hand-over of one: pull_preprint.c. */
int sync_pull_preprint(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                       bool *applied, bool *wait,
                       struct ck_error *err) CK_MUST_CHECK;
int sync_pull_handover(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                       bool *applied, bool *wait,
                       struct ck_error *err) CK_MUST_CHECK;

/* Another station's open-space claim or release (hub format 30):
 * pull_acts.c. */
int sync_pull_open_space(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                         bool *applied, bool *wait,
                         struct ck_error *err) CK_MUST_CHECK;

/* Another file's auction act (hub format 33): pull_acts.c. */
int sync_pull_auction(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                      bool *applied, bool *wait,
                      struct ck_error *err) CK_MUST_CHECK;

/* Whom the triage sent to which desk (hub format 32): pull_acts.c. */
int sync_pull_triage(struct ctx *c, sqlite3_stmt **st, PGresult *r, int i,
                     bool *applied, bool *wait,
                     struct ck_error *err) CK_MUST_CHECK;

#endif
