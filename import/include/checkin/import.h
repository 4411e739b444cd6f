/* Importing registrations into an event store, from the generic CSV format
 * or from pretix's "Order data (JSON)" export (docs/import-formats.md).
 *
 * One transaction per file: every valid row is stored or nothing is.  Each
 * rejected row is reported through `report` (FILE:LINE: reason, or for a
 * pretix export FILE: order CODE, position ID: reason).  A registration is
 * never rejected for its name: control characters and text-direction
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
    /* Called once per rejected row (or group of rows of one cause); `line`
     * is 0 where the message names the place itself ("order ABC12,
     * position 5: ..."). */
    void (*report)(void *ctx, const char *file, long line, const char *reason);
    /* Called once per warning: a row stored with a value cleaned, cut or
     * filled in, or an unmapped product left out (grouped). */
    void (*warn)(void *ctx, const char *file, long line, const char *text);
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
