/* How `checkin sync`, `hub init`, `hub add-station` and an import or
 * event change published to the hub say what moved (and what
 * `hub add-station` and `hub retire-station` did): "desk-1 (desk): sent
 * 3 scans; received 300 registrations, ... (hub: ...)." and the lines
 * about rows the hub kept or set aside, rows waiting, keys a desk waits
 * for and people admitted at two desks (names drawn as text). */
#ifndef CHECKIN_SYNC_PRINT_H
#define CHECKIN_SYNC_PRINT_H

#include <stdio.h>

#include "checkin/hub.h"
#include "checkin/sync.h"

void sync_report_print(FILE *out, const struct sync_report *r);

/* What `checkin hub add-station` made of station `o->name` for the
 * event file `db`: its identity and file, a desk's signing key (or that
 * it has none), names enrolled before, and its first sync (or why it did
 * not happen). */
void hub_station_report_print(FILE *out, const char *db,
                              const struct hub_station_options *o,
                              const struct hub_station_report *r);

/* What `checkin hub retire-station DB STATION` did, and how to enroll a
 * station in its place. */
void hub_retire_report_print(FILE *out, const char *db, const char *station,
                             const struct hub_retire_report *r);

#endif
