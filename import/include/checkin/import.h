/* Importing registrations into an event store, from the generic CSV format
 * or from pretix's "Order data (JSON)" export (docs/import-formats.md).
 *
 * One transaction per file: every valid row is stored or nothing is.  Each
 * rejected row is reported through `report` (its line, or for a pretix
 * export its order and position, and why: struct import_note).  A registration
 * is never rejected for its name: control characters and text-direction
 * overrides are removed, an over-long badge name is shortened on the badge
 * (the full name stays searchable), a missing one is taken from the order
 * or left for the desk, each with a warning.  Re-import of a newer export
 * updates attendees in place, matched on ticket id; a CSV changes only the
 * columns it has (an absent column keeps the stored values).  A pretix
 * export is whole: a registration an earlier one brought in and it no
 * longer lists is cancelled, and one older than the export imported last
 * is refused (import_vanish.c). */
#ifndef CHECKIN_IMPORT_H
#define CHECKIN_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_PRETIX };

/* Rejected rows (and warnings, and an invitation list's rows left out)
 * the commands say one by one; the rest are counted.  A screen's worth:
 * 200,000 rows of one mistake once wrote 20 MB of messages. */
#define IMPORT_MESSAGES_SHOWN 20

struct import_counts {
    long added, updated, cancelled, unchanged, rejected;
    long warnings; /* rows stored with something changed or left out */
    long testmode; /* pretix test-mode positions (left out unless asked) */
    /* Of `cancelled`, those a pretix export cancelled by what it no
     * longer holds: registrations an earlier export brought in whose
     * position it no longer lists, and those of an order it lists paid
     * with no position left (cancelled with a fee kept). */
    long vanished, emptied;
    /* The CSV columns the file did not have, whose stored values were
     * kept ("pronouns, tutorials"); "" when it had them all. */
    char absent[256];
};

/* Why a row was refused, or stored with something changed or left out
 * (issue 53): a code and its values, never a sentence.  The commands say
 * it in the reader's language (commands/import_report.h,
 * import_note_text); import_why_name is the code in English for programs
 * and logs, stable across releases.  The comment after each code names
 * the values it gives; those it does not are NULL or 0. */
enum import_why {
    /* refusals */
    IMPORT_NOT_UTF8,            /* field */
    IMPORT_CONTROL_CHARS,       /* field */
    IMPORT_FIELD_TOO_LONG,      /* field, n: the most characters */
    IMPORT_SECRET_BAD,          /* value, n: the longest a code may be */
    IMPORT_SECRETS_MANY,        /* n: the most codes a row may have */
    IMPORT_SECRET_EMPTY,        /* - */
    IMPORT_SECRET_TAKEN,        /* value: the code, other: its ticket */
    IMPORT_POSITION_TWICE,      /* value: the position id */
    IMPORT_TICKET_TWICE,        /* value: the ticket, n: its first line */
    IMPORT_NEW_NEEDS_COLUMNS,   /* value: ticket, other: columns ("" none),
                                 * flag: a name column too */
    IMPORT_CANCEL_NEEDS_SECRET, /* value: ticket, other: its status */
    IMPORT_FIELDS_COUNT,        /* n: fields, m: the header's, flag: over n */
    IMPORT_NUL_BYTE,            /* - */
    IMPORT_DESK_TICKET,         /* value: ticket, other: the desk's prefix */
    IMPORT_ITEM_NOT_LISTED,     /* value: item, other: its name, n:
                                 * positions, m: orders, extra: examples,
                                 * flag: more orders than the examples */
    IMPORT_ORDER_EMPTY,         /* - */
    IMPORT_NO_ITEM,             /* place */
    IMPORT_TICKET_EMPTY,        /* - */
    IMPORT_ORDER_CODE_EMPTY,    /* - */
    IMPORT_STATUS_BAD,          /* value */
    IMPORT_TYPE_UNKNOWN,        /* value */
    IMPORT_EMAIL_BAD,           /* value */
    IMPORT_CONSENT_BAD,         /* value */
    /* warnings */
    IMPORT_LOCALE_BAD,          /* value */
    IMPORT_LOCALE_UNTRANSLATED, /* value */
    IMPORT_TIME_BAD,            /* field: valid_from or valid_until, value */
    IMPORT_ITEM_NOT_MAPPED,     /* as IMPORT_ITEM_NOT_LISTED; k: add-ons */
    IMPORT_ADDON_CODE_BAD,      /* value */
    IMPORT_ADDON_CODES_MANY,    /* value, n: the most codes */
    IMPORT_LIST_NO_ITEM,        /* field: the list, value: the item */
    IMPORT_LIST_NO_VARIATION,   /* field: list, value: item, other: variation */
    IMPORT_STOCK_NO_VARIATION, /* field: list, value: items, other: variation */
    IMPORT_NAME_FROM_ORDER,    /* value: the order's name */
    IMPORT_ADDON_TUTORIALS_MANY, /* n: the most tutorials */
    IMPORT_TUTORIAL_UNKNOWN,     /* value */
    IMPORT_TUTORIALS_MANY,       /* value: the first left out, n: the most */
    IMPORT_BYTES_CUT,            /* field, n: bytes, m: bytes kept */
    IMPORT_ESCAPES_REMOVED,      /* field, value: now, n: sequences, flag:
                                  * other control characters too */
    IMPORT_CONTROLS_REMOVED,     /* field, value: now, n: characters */
    IMPORT_CHARS_CUT,            /* field, n: characters, m: kept */
    IMPORT_BADGE_CUT,            /* value: the badge's, n: characters */
    IMPORT_NO_NAME,              /* - */
    IMPORT_EXPORT_OLDER, /* value: its newest order, other: the last's */
    IMPORT_WHY_COUNT
};

/* A pretix position, where a sentence about it says it is. */
struct import_place {
    const char *order;  /* the order's code */
    long long position; /* its position number in the order */
    const char *ticket; /* the position's id, NULL when it has none */
};

/* One refusal or warning: its code and values, borrowed for the call. */
struct import_note {
    enum import_why why;
    const struct import_place *place; /* a pretix position's, else NULL */
    const char *field, *value, *other, *extra;
    long long n, m, k;
    bool flag;
};

/* `why`'s code for programs ("email_bad"); "?" for none of them. */
const char *import_why_name(enum import_why why);

struct import_options {
    enum import_format format;
    /* Keep the good rows of a file that has rejected rows. */
    bool skip_bad;
    /* Called now and then with work done out of total (any unit). */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    /* Import pretix test-mode orders too, marked so that only a station
     * run with --rehearsal admits them. */
    bool include_testmode;
    /* Import a pretix export taken before the one imported last, which
     * is refused otherwise (docs/import-formats.md). */
    bool force;
    /* Called once per rejected row (or group of rows of one cause) with
     * why; `line` is 0 where the note has a place (a pretix position) or
     * is about the file. */
    void (*report)(void *ctx, const char *file, long line,
                   const struct import_note *why);
    /* Called once per warning: a row stored with a value cleaned, cut or
     * filled in, or an unmapped product left out (grouped). */
    void (*warn)(void *ctx, const char *file, long line,
                 const struct import_note *why);
    void *ctx;
};

/* Import `path` into `s`.  Returns CK_OK when every row was stored.  When
 * rows were rejected it returns CK_EINVAL: with skip_bad the good rows are
 * stored, without it nothing is.  Other errors (unreadable file, wrong
 * header, disk full) store nothing.  `counts` is filled in either way. */
int import_file(store *s, const char *path, const struct import_options *opt,
                struct import_counts *counts /* out */,
                struct ck_error *err) CK_MUST_CHECK;

/* The same for `len` bytes already in memory; `name` stands for the file
 * in FILE:LINE messages. */
int import_buffer(store *s, const char *name, const char *data, size_t len,
                  const struct import_options *opt,
                  struct import_counts *counts /* out */,
                  struct ck_error *err) CK_MUST_CHECK;

#endif
