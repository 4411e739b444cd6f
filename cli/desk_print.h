/* The desk's printer, as the station's print hook (station.h): opened once
 * for a station run, printing through printer/badge_print.c.  Shared by
 * `checkin scan` and `checkin demo`. */
#ifndef CHECKIN_DESK_PRINT_H
#define CHECKIN_DESK_PRINT_H

#include <stdbool.h>

#include "checkin/badge.h"
#include "checkin/badge_print.h"
#include "checkin/error.h"
#include "checkin/printer.h"
#include "checkin/store.h"

struct desk_print {
    printer *p;
    badge_printer *bp;
    struct badge_key key;
    bool have_key;
    long labels; /* printed or sent, over the run */
};

struct desk_print_options {
    const char *uri;         /* --printer */
    const char *model;       /* --model, where the printer cannot say */
    const char *media;       /* --media, likewise */
    const char *key_path;    /* NULL: EVENT.key */
    const char *preview_dir; /* NULL: no PNG previews */
};

/* Open the printer, the signing key and the templates for `db`. */
int desk_print_open(struct desk_print *dp, store *s, const char *db,
                    const struct desk_print_options *opt,
                    struct ck_error *err) CK_MUST_CHECK;
void desk_print_close(struct desk_print *dp);

/* A station_print_fn: `ctx` is a struct desk_print.  Printer faults come
 * back as an error sentence for the display; the jobs stay queued and are
 * printed with the next person once the fault is cleared. */
int desk_print_hook(void *ctx, int64_t attendee_id, const char *reprint,
                    struct ck_error *err);

#endif
