/* Importing registrations into an event store, from the generic CSV format
 * or from pretix's "Order data (JSON)" export (docs/import-formats.md).
 *
 * One transaction per file: every valid row is stored or nothing is.  Each
 * rejected row is reported through `report` as FILE:LINE: reason.  Re-import
 * of a newer export updates attendees in place, matched on ticket id. */
#ifndef CHECKIN_IMPORT_H
#define CHECKIN_IMPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_PRETIX };

struct import_counts {
    long added, updated, cancelled, unchanged, rejected;
};

struct import_options {
    enum import_format format;
    /* Keep the good rows of a file that has rejected rows. */
    bool skip_bad;
    /* Called now and then with work done out of total (any unit). */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    /* Called once per rejected row. */
    void (*report)(void *ctx, const char *file, long line,
                   const char *reason);
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
