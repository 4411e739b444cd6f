/* The partition of the registration desks (issue 55.4): which desk a
 * person queues at, by the first letter of the name their badge sorts
 * by or by their ticket type, as the event description's [desks] section
 * says (docs/import-formats.md, "The desks").  The triage station at the
 * queue's entrance asks it; the desks themselves do not.  Data only: the
 * sentences that send people are runtime/'s. */
#ifndef CHECKIN_DESKS_H
#define CHECKIN_DESKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/event_line.h"
#include "checkin/store.h"

#define DESKS_MAX 32
#define DESK_NAME_CAP 41 /* 40 bytes and the NUL */
#define DESK_TYPES_MAX 16

struct desk {
    char name[DESK_NAME_CAP];       /* as [desks] names it: "3", "Speakers" */
    char letters[80];               /* its letters as ranges: "A-F", "" none */
    uint32_t letter_mask;           /* bit i: the letter 'A' + i */
    char types[DESK_TYPES_MAX][41]; /* its ticket types' slugs */
    int ntypes;
};

struct desk_plan {
    struct desk desks[DESKS_MAX];
    int n;
    /* `other = DESK`: where a name in another script goes ("" none) */
    char other[DESK_NAME_CAP];
    /* `pre-printed = DESK`: where the pre-printed badges' boxes are
     * ("" none: at the person's own desk) */
    char preprinted[DESK_NAME_CAP];
};

/* One [desks] line: its key, value and line in the description. */
struct desks_line {
    const char *key, *value;
    int line;
};

/* Read the `n` lines of a [desks] section of the description `path`
 * into `out`, each ticket type one of the `ntypes` slugs `types` (NULL:
 * not checked).  A bad line: CK_EINVAL and, in `err` (may be NULL), one
 * sentence naming `path`'s line and saying what to do; `out` is then
 * not to be used. */
int desks_parse(const struct desks_line *lines, int n, const char *const *types,
                int ntypes, struct desk_plan *out /* out */, const char *path,
                struct ck_error *err) CK_MUST_CHECK;

/* The setting the [desks] section is kept in, its lines as "KEY = VALUE"
 * joined by "; ", which no accepted line holds (event_load writes it,
 * `checkin event` says it when it changes; desks_load reads it). */
#define DESKS_SETTING "desks.plan"

/* The event's partition, as `checkin init` or `checkin event` kept it;
 * *found false (and `out` empty) when the description has no [desks]. */
int desks_load(store *s, struct desk_plan *out /* out */, bool *found,
               struct ck_error *err) CK_MUST_CHECK;

/* The letter 'A'..'Z' a name queues under: its first letter, case and
 * accents folded ("Ölçer" is O, "Łukasz" L, "Østby" O); 0 for a name
 * whose first letter is of another script (or none). */
char desks_letter(const char *name);

/* The letters of `mask` (bit i: 'A' + i) as ranges, "A-F, K", into
 * `out` (`cap` bytes). */
void desks_ranges(uint32_t mask, char *out, size_t cap);

/* How a person was placed (desks_route). */
enum desk_by {
    DESK_BY_TYPE,   /* their ticket type's desk */
    DESK_BY_LETTER, /* their letter's desk */
    DESK_BY_OTHER,  /* a name in another script: `other` */
    DESK_BY_NONE,   /* no desk says: any desk */
};

/* The desk of a person of ticket type `type` (a slug) whose badge sorts
 * by `sort_name`: into `desk` (DESK_NAME_CAP) and `letters` (the desk's
 * letters when placed by them, 80 bytes, else ""). */
enum desk_by desks_route(const struct desk_plan *p, const char *sort_name,
                         const char *type, char *desk, char *letters);

#endif
