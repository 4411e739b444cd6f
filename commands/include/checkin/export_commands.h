/* `checkin export`'s words to people: the export made by export_run
 * (export.h), then how many rows, or leads, it wrote. */
#ifndef CHECKIN_EXPORT_COMMANDS_H
#define CHECKIN_EXPORT_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/export.h"

/* export_run of `r`, then on `msgs` how many rows were written ("N
 * rows.") or, for leads, report_leads' counts.  *no_sponsor as
 * export_run's. */
int export_run_print(const struct export_request *r, FILE *msgs,
                     bool *no_sponsor /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

#endif
