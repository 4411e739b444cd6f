/* `checkin export`'s words to people: the export made by export_run
 * (export.h), then how many rows, or leads, it wrote. */
#ifndef CHECKIN_EXPORT_COMMANDS_H
#define CHECKIN_EXPORT_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/export.h"

/* export_run of `r`, then on `msgs` how many rows were written ("N
 * rows.") or, for leads, export_leads_print's counts.  *no_sponsor as
 * export_run's. */
int export_run_print(const struct export_request *r, FILE *msgs,
                     bool *no_sponsor /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The leads listed and withheld, and those no badge scanner could have
 * made (export_run's and sync_hub_leads' counts), as `checkin export ...
 * leads` says them on `msgs`; `at_hub`: read from the hub (`checkin hub
 * leads`), where a badge never issued may be one the organizer's file
 * has not published yet. */
void export_leads_print(FILE *msgs, const struct export_lead_counts *lc,
                        bool at_hub);

#endif
