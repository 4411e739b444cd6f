/* Registrations made and corrected at desks (docs/admission.md, section 3,
 * "Registrations made and corrected at desks"): a walk-in and an edit are
 * append-only `registration_change` rows, keyed like the journal's
 * (station_id, seq) under the writer's run identity, so that merge and
 * sync take them as a set union; every file then derives the attendee's
 * columns from them with one rule, registration_apply:
 *
 *   the value in effect of a field is that of the newest edit (by at_ms,
 *   station, seq) whose base equals the export's value, else the
 *   export's; for a walk-in, the newest edit, else the create row's.
 *
 * `attendee_source` keeps the export's value of each field whose value in
 * effect differs from it.  A walk-in's ticket id is "ck:" followed by its
 * create row's key (ck:STATION_ID:SEQ), which no import may use.
 *
 * A comp walk-in and every edit need a supervisor's PIN when the event has
 * supervisors (event/supervisor.h); the PIN is checked before anything is
 * written and wiped whatever happens.  Every bad input is refused with one
 * sentence, and nothing of a refused call is stored.  Not here: reading
 * the PIN (cli/), the desk's screens, the hub (sync/). */
#ifndef CHECKIN_REGISTRATION_H
#define CHECKIN_REGISTRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"
#include "checkin/supervisor.h"

/* "ck:" + a run identity (16 hex digits) + ":" + a seq (at most 13
 * digits) and the NUL. */
#define REGISTRATION_TICKET_CAP 40
#define REGISTRATION_PREFIX "ck:"
/* The longest name, company or email a desk may type, in bytes. */
#define REGISTRATION_FIELD_MAX 200

/* The fields a desk may edit, in the order `attendees` shows them. */
enum registration_field {
    FIELD_GIVEN_NAME,
    FIELD_FAMILY_NAME,
    FIELD_BADGE_NAME,
    FIELD_PRONOUNS,
    FIELD_COMPANY,
    FIELD_EMAIL,
    FIELD_COUNT
};
/* "given_name" (the column and the row's `field`). */
const char *registration_field_str(enum registration_field f);
/* "given name" (for people). */
const char *registration_field_words(enum registration_field f);
/* CK_EINVAL with one sentence naming the fields a desk may edit. */
int registration_field_parse(const char *name,
                             enum registration_field *out /* out */,
                             struct ck_error *err) CK_MUST_CHECK;

/* Whether `value` may be stored as field `field` (registration_field_str's
 * names) by an edit: CK_EINVAL with the sentence registration_edit would
 * give, so that a form can say it at the field (issue 30). */
int registration_check_value(const char *field, const char *value,
                             struct ck_error *err) CK_MUST_CHECK;

/* Who writes, shared by walk-ins and edits. */
struct registration_writer {
    const char *station;    /* the station's name, as the journal's */
    const char *station_id; /* its run identity; NULL: a fresh one */
    char *pin;              /* a supervisor's PIN or NULL; wiped */
    int64_t now_ms;
};

/* A person registered at a desk. */
struct registration_walkin {
    const char *ticket_type; /* a slug of the event's ticket types */
    const char *given_name, *family_name;
    const char *email, *company;  /* NULL or "": none */
    const char *const *tutorials; /* slugs */
    size_t ntutorials;
    bool pending;            /* not paid yet; else paid */
    const char *comp_reason; /* non-NULL: admitted free, for this reason */
};

/* Register walk-in `w`: its create row and its attendee in one
 * transaction.  `ticket_id` gets the new ticket id, `attendee_id` (may be
 * NULL) the attendee's store id.  `supervisor` (may be NULL,
 * SUPERVISOR_NAME_CAP bytes) gets the name whose PIN allowed a comp. */
int registration_walkin(store *s, struct registration_writer *wr,
                        const struct registration_walkin *w,
                        char ticket_id[REGISTRATION_TICKET_CAP] /* out */,
                        int64_t *attendee_id /* out, may be NULL */,
                        char *supervisor /* out, may be NULL */,
                        struct ck_error *err) CK_MUST_CHECK;

/* The edit of the whole name as one field, as a pretix export gives it
 * (its exporter writes only attendee_name): the given name set, the
 * family name empty; with an edit of either refused. */
#define REGISTRATION_WHOLE_NAME "name"

struct registration_edit {
    const char *field; /* registration_field_str's names, or
                          REGISTRATION_WHOLE_NAME */
    const char *value;
};

/* Edit attendee `attendee_id`'s fields: one edit row each, in one
 * transaction, with the export's value as its base.  A field given its
 * value in effect is left out; *changed (may be NULL) counts the others.
 * Refused when none would change. */
int registration_edit(store *s, struct registration_writer *wr,
                      int64_t attendee_id,
                      const struct registration_edit *edits, size_t n,
                      size_t *changed /* out, may be NULL */,
                      char *supervisor /* out, may be NULL */,
                      struct ck_error *err) CK_MUST_CHECK;

/* Make attendee `ticket_id`'s columns the values in effect of its
 * registration changes (creating a walk-in's attendee the file does not
 * hold yet), inside the caller's transaction.  Does nothing for a ticket
 * with no changes. */
int registration_apply(store *s, const char *ticket_id,
                       struct ck_error *err) CK_MUST_CHECK;

/* Apply every ticket with registration changes (after a merge).  A
 * walk-in this file cannot hold (its ticket type is not in this event, its
 * row is damaged) is left out and counted in *left_out, with the sentence
 * of the first in `why` (may be NULL); only database errors fail. */
int registration_apply_all(store *s, long *tickets /* out, may be NULL */,
                           long *left_out /* out, may be NULL */,
                           struct ck_error *why /* out, may be NULL */,
                           struct ck_error *err) CK_MUST_CHECK;

/* One field of an attendee that an edit sets, as `attendees` shows it. */
struct registration_mark {
    enum registration_field field;
    char value[REGISTRATION_FIELD_MAX + 1];
    char export_value[REGISTRATION_FIELD_MAX + 1]; /* "" for a walk-in */
    char station[64];
    char supervisor[SUPERVISOR_NAME_CAP];
    int64_t at_ms;
};
/* How attendee `ticket_id` came to be what it is: *walkin whether it was
 * registered at a desk (and then *at_ms, `station`, 64 bytes, and
 * `comp_reason`, REGISTRATION_FIELD_MAX + 1 bytes, of its create row), and
 * the edits in effect, at most FIELD_COUNT, into `marks`. */
int registration_describe(store *s, const char *ticket_id,
                          bool *walkin /* out */, int64_t *at_ms /* out */,
                          char *station /* out */, char *comp_reason /* out */,
                          struct registration_mark marks[FIELD_COUNT] /* out */,
                          size_t *nmarks /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* One of the event's ticket types, as a desk's walk-in form offers it. */
struct registration_ticket_type {
    char slug[64];
    char label[128];
};
/* The event's ticket types in their order, at most `cap`, into `out`;
 * *n how many. */
int registration_ticket_types(store *s, struct registration_ticket_type *out,
                              size_t cap, size_t *n /* out */,
                              struct ck_error *err) CK_MUST_CHECK;

/* One of the event's tutorials, as a desk's walk-in form offers it. */
struct registration_tutorial {
    char slug[64];
    char title[256];
    char room[128];
    int64_t starts_at, ends_at; /* UTC seconds */
    long capacity;
    long taken; /* paid and pending registrations */
};
/* The event's tutorials, earliest first, at most `cap`, into `out`; *n
 * how many.  What a walk-in may take is registration_walkin's to say. */
int registration_tutorials(store *s, struct registration_tutorial *out,
                           size_t cap, size_t *n /* out */,
                           struct ck_error *err) CK_MUST_CHECK;
/* What registration_tutorials counts changes only when this connection
 * writes a registration (a walk-in) or another connection commits to the
 * file; *version changes with the latter (SQLite's PRAGMA data_version),
 * so a caller may keep the counts until it does or it wrote one itself. */
int registration_file_version(store *s, int64_t *version /* out */,
                              struct ck_error *err) CK_MUST_CHECK;

/* The most candidates an ambiguous WHO names. */
#define REGISTRATION_CANDIDATES 5

/* Whom a desk means by `who` (store_attendee_find_one: a ticket id, a
 * secret, an order of one, or a search matching one person); an ambiguous
 * one is refused with a sentence naming the candidates and their ticket
 * ids. */
int registration_find(store *s, const char *who, int64_t *attendee_id /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

#endif
