/* See sync_print.h: an import into an event file, then published to its
 * hub when the file is one (`checkin import`). */
#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/import_report.h"
#include "checkin/invitations.h"
#include "checkin/sync_print.h"

struct left_say {
    FILE *msgs;
    const char *path;
};

/* A row of the invitation list left out: FILE:LINE and what to do. */
static void say_left(void *ctx, long line, enum invitation_left why,
                     const char *value)
{
    struct left_say *l = ctx;
    switch (why) {
    case INVITATION_NUL:
        fprintf(l->msgs,
                _("%s:%ld: the line holds a NUL byte, which no email or "
                  "ticket id has; save the list as text, one email or "
                  "ticket id a line.\n"),
                l->path, line);
        break;
    case INVITATION_LONG:
        fprintf(l->msgs,
                _("%s:%ld: the line is longer than %d bytes; give one email "
                  "or ticket id a line.\n"),
                l->path, line, INVITATION_LINE_MAX);
        break;
    case INVITATION_NO_EMAIL:
        fprintf(l->msgs,
                _("%s:%ld: no registration has the email '%s'; check the "
                  "address, or give their ticket id instead.\n"),
                l->path, line, value);
        break;
    case INVITATION_NO_TICKET:
        fprintf(l->msgs,
                _("%s:%ld: no registration has the ticket id '%s'; find it "
                  "with 'checkin attendees EVENT.db NAME', or give their "
                  "email instead.\n"),
                l->path, line, value);
        break;
    }
}

/* `checkin import EVENT.db FILE --list SLUG`: the rows left out, then
 * the counts once the list's invitations were stored. */
static int invitations_print(const char *db, const char *file, const char *list,
                             FILE *out, FILE *msgs, struct invitation_counts *n,
                             struct ck_error *err)
{
    struct left_say l = {msgs, file};
    int code = import_invitations(db, file, list, say_left, &l, n, err);
    /* A flood says its first few and the count. */
    if (n->left_out > IMPORT_MESSAGES_SHOWN)
        fprintf(msgs,
                ngettext("%s: %ld row left out in all; only the first %d are "
                         "above.\n",
                         "%s: %ld rows left out in all; only the first %d are "
                         "above.\n",
                         (unsigned long)n->left_out),
                file, n->left_out, IMPORT_MESSAGES_SHOWN);
    /* Stored (at least one row named someone): the counts. */
    if (!n->invited)
        return code;
    if (!n->left_out)
        fprintf(out,
                _("%s: list %s: %ld invited (%ld new, %ld no longer invited, "
                  "%ld as before).\n"),
                file, list, n->invited, n->added, n->removed,
                n->invited - n->added);
    else
        fprintf(out,
                ngettext("%s: list %s: %ld invited (%ld new, %ld no longer "
                         "invited, %ld as before); %ld row left out "
                         "(above).\n",
                         "%s: list %s: %ld invited (%ld new, %ld no longer "
                         "invited, %ld as before); %ld rows left out "
                         "(above).\n",
                         (unsigned long)n->left_out),
                file, list, n->invited, n->added, n->removed,
                n->invited - n->added, n->left_out);
    return code;
}

int sync_import_print(const char *db, const char *file, const char *list,
                      struct import_options *opt, FILE *out, FILE *msgs,
                      struct ck_error *err)
{
    int code;
    if (list) {
        struct invitation_counts n;
        code = invitations_print(db, file, list, out, msgs, &n, err);
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
