/* What push.c's pushes are made of, for the files that hold some of
 * them (push_acts.c): a push's rows, fields and statements, and the one
 * function that sends them.  Private to sync/. */
#ifndef CHECKIN_SYNC_PUSH_PRIV_H
#define CHECKIN_SYNC_PUSH_PRIV_H

#include <stdbool.h>
#include <stddef.h>

#include "checkin/error.h"

struct ctx; /* sync_parts.h */

/* What a push reads from the file and sends: each row of `select` (?1:
 * the batch size) becomes a JSON object with `fields`; the hub runs `hub`
 * on the batch ($1, then this station's identity as $2 and, with
 * `with_clock`, the time as $3) and returns how many rows it took (and,
 * with `conflicts`, how many it holds with other content); the file then
 * notes each row with `note`, bound from the fields named in `noted`. */
enum field_kind { F_TEXT, F_INT, F_HEX };
struct field {
    const char *name;
    enum field_kind kind;
};
struct push {
    /* What checkin was doing, for messages: whole phrases, translated
     * (N_()): "reading the journal to send", "sending the journal". */
    const char *reading, *sending;
    const char *select;
    struct field fields[21];
    bool claim;      /* journal runs: claim_runs first */
    bool with_clock; /* $3: now */
    bool conflicts;
    const char *hub;
    const char *note;
    const char *noted[3];
    size_t count_off; /* offsetof(struct sync_counts, ...) */
};

/* Push what `p` says, in batches, until nothing is left (push.c). */
int sync_push_rows(struct ctx *c, const struct push *p,
                   struct ck_error *err) CK_MUST_CHECK;

#endif
