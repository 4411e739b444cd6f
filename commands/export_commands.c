/* `checkin export`'s count after the export (export_commands.h); the
 * export itself is report/export_run.c's.  The sentences are those
 * export_run said before it returned its counts instead. */
#include "checkin/export_commands.h"

#include <string.h>

#include "checkin/i18n.h"
#include "checkin/import_report.h"

int export_run_print(const struct export_request *r, FILE *msgs,
                     bool *no_sponsor, struct ck_error *err)
{
    long rows = 0;
    struct export_lead_counts lc;
    int code = export_run(r, &rows, &lc, no_sponsor, err);
    if (code)
        return code;
    if (!strcmp(r->what, "leads"))
        export_leads_print(msgs, &lc, false);
    else
        fprintf(msgs, ngettext("%ld row.\n", "%ld rows.\n", rows), rows);
    return CK_OK;
}

void export_leads_print(FILE *msgs, const struct export_lead_counts *lc,
                        bool at_hub)
{
    /* TRANSLATORS: the leads listed, then the attendees' leads counted but
     * not listed, each said as label: value (no plural form). */
    fprintf(msgs,
            _("Leads listed: %ld.  Counted, not listed (attendees who did "
              "not agree to share their details): %ld.\n"),
            lc->listed, lc->withheld);
    if (!lc->never_issued && !lc->burst)
        return;
    const char *then =
        at_hub && lc->never_issued
            ? _("a badge made on the organizer's file while the hub "
                "was out of reach reaches it at 'checkin sync' of "
                "that file, and its leads are listed after; "
                "otherwise a station file was changed outside "
                "checkin, so check where it has been.")
            : _("a station file was changed outside checkin, so "
                "check where it has been.");
    /* TRANSLATORS: the leads left out in all, those for badges never
     * issued, those over the limit of %d scans within %d seconds; the
     * last %s says what to do. */
    fprintf(msgs,
            at_hub ? ngettext("%ld lead was left out because no badge "
                              "scanner could have made it (%ld for badges "
                              "the hub has seen never issued, %ld more than "
                              "%d within %d seconds at one station); %s\n",
                              "%ld leads were left out because no badge "
                              "scanner could have made them (%ld for badges "
                              "the hub has seen never issued, %ld more than "
                              "%d within %d seconds at one station); %s\n",
                              (unsigned long)(lc->never_issued + lc->burst))
                   : ngettext("%ld lead was left out because no badge "
                              "scanner could have made it (%ld for badges "
                              "this event never issued, %ld more than %d "
                              "within %d seconds at one station); %s\n",
                              "%ld leads were left out because no badge "
                              "scanner could have made them (%ld for badges "
                              "this event never issued, %ld more than %d "
                              "within %d seconds at one station); %s\n",
                              (unsigned long)(lc->never_issued + lc->burst)),
            lc->never_issued + lc->burst, lc->never_issued, lc->burst,
            EXPORT_LEAD_BURST, EXPORT_LEAD_BURST_MS / 1000, then);
}
