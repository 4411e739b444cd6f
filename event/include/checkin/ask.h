/* pretix's questions asked during check-in (issue 49; docs/import-formats.md,
 * "Questions asked at the door"): the questions pretix's scanner asks
 * before a check-in completes (`ask_during_checkin`), which the import
 * keeps with their type (question.ask, schema 19), and which of them a
 * registration has yet to answer.  An answer counts when the export gave
 * one or a desk journaled one with an admission (scan.answers).  The
 * desk's rules (station/) ask them; this only reads and checks.
 *
 * The event's own acknowledgements (issue 55, `[acknowledge SLUG]`,
 * schema 22) are such questions too: identifier "ack:SLUG", type 'A',
 * asked until a desk journaled "True" with an admission; a decline admits
 * no one and asks again at the next scan. */
#ifndef CHECKIN_ASK_H
#define CHECKIN_ASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

struct sqlite3_stmt;

/* The most questions asked of one person at once, and the known choices
 * of one (a choice's options are not in pretix's export: those are the
 * answers other registrations gave to it). */
#define ASK_MAX 8
#define ASK_MAX_OPTIONS 8

struct ask_question {
    char ident[128]; /* pretix's identifier ("photo-id") */
    char text[256];  /* the question as pretix words it; 'A': the text */
    char title[128]; /* 'A': the acknowledgement's title */
    /* 'A': its words in other languages, {"de": {"title", "text"}}
     * (checkin/ack.h); "{}" for none */
    char words[2048];
    char type; /* pretix's: 'B' yes/no, 'C' a choice, 'A' an acknowledgement
                  (the event's), else text */
    bool required;
    char options[ASK_MAX_OPTIONS][128]; /* 'C': the known choices */
    int noptions;
};

/* The questions asked during check-in that registration `attendee_id`
 * (ticket `ticket_id`) has not answered, in the export's order, at most
 * `cap` (ASK_MAX): *n 0 when none is left to ask. */
int ask_pending(store *s, int64_t attendee_id, const char *ticket_id,
                struct ask_question *out, size_t cap, size_t *n /* out */,
                struct ck_error *err) CK_MUST_CHECK;
/* The same, its statement kept in *kept (NULL: prepared here each time;
 * else prepared at the first call and reset after each, the slot's
 * owner finalizing it: admission_ask_slot). */
int ask_pending_kept(store *s, struct sqlite3_stmt **kept, int64_t attendee_id,
                     const char *ticket_id, struct ask_question *out,
                     size_t cap, size_t *n /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Whether `given` answers `q`, and as what it is kept (into `out`, `cap`
 * bytes): a yes/no as pretix keeps it, "True" or "False" (from yes, y,
 * true, 1, no, n, false, 0, any case); a required yes/no must be yes and
 * a required text may not be empty (as pretix's check-in form); a
 * choice is any text (the known options being only those seen); an
 * acknowledgement is kept "True" when yes and "False" when no (a
 * decline: the desk admits no one and journals it, issue 55).
 * CK_EINVAL with one sentence naming the question otherwise. */
int ask_check(const struct ask_question *q, const char *given,
              char *out /* out */, size_t cap,
              struct ck_error *err) CK_MUST_CHECK;

#endif
