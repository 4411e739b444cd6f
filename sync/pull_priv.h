/* Private to pull.c and pull_event.c: what the tables' apply functions
 * share.  Nothing here is seen outside sync/. */
#ifndef CHECKIN_SYNC_PULL_PRIV_H
#define CHECKIN_SYNC_PULL_PRIV_H

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "checkin/error.h"
#include "sync_parts.h"

/* What a station reads again from the start when its own list changes
 * (ctx.again): what the hub's views give it of a row depends on the
 * list, not only on the row. */
enum { PULL_AGAIN_REGISTRATIONS = 1, PULL_AGAIN_ANSWERS = 2 };

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

#endif
