/* `checkin export`'s count after the export (export_commands.h); the
 * export itself is report/export_run.c's.  The sentences are those
 * export_run said before it returned its counts instead. */
#include "checkin/export_commands.h"

#include <string.h>

#include "checkin/report.h"

int export_run_print(const struct export_request *r, FILE *msgs,
                     bool *no_sponsor, struct ck_error *err)
{
    long rows = 0;
    struct export_lead_counts lc;
    int code = export_run(r, &rows, &lc, no_sponsor, err);
    if (code)
        return code;
    if (!strcmp(r->what, "leads"))
        report_leads(msgs, &lc, false);
    else
        fprintf(msgs, "%ld rows.\n", rows);
    return CK_OK;
}
