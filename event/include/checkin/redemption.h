/* The organizer's undo of a redemption (issue 29.4; docs/admission.md,
 * "Redemption and stock"): a T-shirt handed by mistake, found later than
 * the counter's own two minutes; or of a desk check-in.  One `undo` row
 * naming each row taken back, with the organizer's reason, in the file's
 * journal; the stock follows through the journal's trigger
 * (store/schema.c, 10).  From the organizer's file the hub's sync pushes
 * it to the stations (hub format 18, sync/push.c).  Not for a counter's
 * own undo (station_counter_undo) nor a desk's (station_undo). */
#ifndef CHECKIN_REDEMPTION_H
#define CHECKIN_REDEMPTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/admission.h"
#include "checkin/error.h"
#include "checkin/journal.h"

/* The name the organizer's undo rows carry as their station, but in a
 * counter's file at a hub: there they carry the counter's name, as the
 * hub requires of its rows, and reach the other stations at its next
 * sync.  The organizer's sync pushes the rows of this name that are
 * undos, and the hub takes no other row of no station. */
#define REDEMPTION_UNDO_STATION "organizer"

/* What an organizer's undo did (redemption_undo_run), for the sentences
 * that say it (commands/'s redemption_undo_print). */
struct redemption_undone {
    char name[512]; /* the person's badge name, "" when none */
    char tz[128];   /* the event's zone */
    char role[128]; /* the file at a hub: "" none, "organizer", "door:SLUG" */
    /* A redemption undone (a list given): */
    char title[256];                /* the list's title */
    char handed[128];               /* what it held, "" nothing */
    char station[JOURNAL_NAME_CAP]; /* where it was handed */
    int64_t at_ms;                  /* when (UTC ms) */
    bool stocked;                   /* `stock` read: something was handed */
    struct list_stock stock;        /* of `handed`, after the undo */
    long still;                     /* the person's redemptions left there */
    /* Desk check-ins undone (no list): */
    size_t checkins;
    bool keyed;         /* the signing key was there: badges superseded */
    bool printed;       /* a badge had been printed for them */
    char kept_why[512]; /* !keyed: why the key could not be loaded */
};

/* Take back the newest live redemption of ticket `ticket` at list `slug`
 * (`slug` NULL: every live desk check-in of the ticket) in event file
 * `db`, at UTC ms `now_ms`, journaling `why` (1 to JOURNAL_OVERRIDE_CAP
 * bytes of one line) as the undo's reason; one transaction, and in `u`
 * what was undone, the stock left of its variation, any redemption of the
 * person still standing and whom the file is at a hub.  Refused with one
 * sentence, nothing stored: an unknown list or ticket, an empty or too
 * long reason, nothing to undo, the file of a station at a hub that is no
 * counter of the list (for a check-in: any station's file). */
int redemption_undo_run(const char *db, const char *ticket, const char *slug,
                        const char *why, int64_t now_ms,
                        struct redemption_undone *u /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

#endif
