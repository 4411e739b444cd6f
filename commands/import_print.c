/* See sync_print.h: an import into an event file, then published to its
 * hub when the file is one (`checkin import`). */
#include "checkin/invitations.h"
#include "checkin/report.h"
#include "checkin/sync_print.h"

int sync_import_print(const char *db, const char *file, const char *list,
                      struct import_options *opt, FILE *out, FILE *msgs,
                      struct ck_error *err)
{
    int code;
    if (list) {
        struct invitation_counts n;
        code = import_invitations(db, file, list, out, msgs, &n, err);
        /* Published as an import is, the rows taken also when some were
         * left out: the list's door reads its invitations at its sync. */
        if (!code || n.invited)
            sync_publish_print(db, SYNC_SAVED_IMPORT, out, msgs);
        return code;
    }
    code = report_import_file(db, file, opt, out, msgs, err);
    /* An event file made a hub by `checkin hub init` publishes what was
     * stored at once, also when bad rows were skipped: the desks have late
     * registrations and cancellations within seconds. */
    if (!code || (code == CK_EINVAL && opt->skip_bad))
        sync_publish_print(db, SYNC_SAVED_IMPORT, out, msgs);
    return code;
}
