/* How an import keeps what desks registered and corrected (issue 30;
 * docs/admission.md, section 3): a ticket id beginning "ck:" is checkin's
 * own (a walk-in) and refused, that row only; for a registration a desk
 * edited, the import has just written the export's values to the
 * attendee's columns, and registration_apply (event/registration.c)
 * turns them into the values in effect: an edit whose base is the
 * export's value stands, one made against an earlier value yields.  A
 * field the file has no column for keeps what was stored, its export's
 * value in attendee_source too.  Walk-ins are never in an export, and an
 * import touches only the registrations its file lists, so none is ever
 * cancelled or removed by one.  Not for cleaning or validating fields
 * (import.c) nor for making edits (registration.c). */
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/registration.h"
#include "import_priv.h"

bool import_fields_refused(struct importer *im, const struct reg_row *row)
{
    if (!row->ticket_id || strncmp(row->ticket_id, REGISTRATION_PREFIX,
                                   strlen(REGISTRATION_PREFIX)))
        return false;
    importer_reject(im, row->line,
                    &(struct import_note){.why = IMPORT_DESK_TICKET,
                                          .value = row->ticket_id,
                                          .other = REGISTRATION_PREFIX});
    return true;
}

/* The row's bit for each field a desk may edit (import_priv.h). */
static const unsigned FIELD_BIT[FIELD_COUNT] = {
    [FIELD_GIVEN_NAME] = REG_GIVEN, [FIELD_FAMILY_NAME] = REG_FAMILY,
    [FIELD_BADGE_NAME] = REG_BADGE, [FIELD_PRONOUNS] = REG_PRONOUNS,
    [FIELD_COMPANY] = REG_COMPANY,  [FIELD_EMAIL] = REG_EMAIL,
};

int import_fields_row(struct importer *im, int64_t attendee_id,
                      const struct reg_row *row, struct ck_error *err)
{
    if (!importer_desk_changed(im, row->ticket_id))
        return CK_OK;
    store *s = importer_store(im);
    sqlite3_stmt *q;
    int code = store_prepare(s,
                             "DELETE FROM attendee_source WHERE"
                             " attendee_id = ?1 AND field = ?2",
                             NULL, &q, N_("importing registrations"), err);
    if (code)
        return code;
    int rc = SQLITE_OK;
    /* The columns the file has now hold the export's values: the stored
     * copies of earlier exports' go. */
    for (int f = 0; f < FIELD_COUNT && rc == SQLITE_OK; f++) {
        if (row->absent & FIELD_BIT[f])
            continue;
        sqlite3_bind_int64(q, 1, attendee_id);
        sqlite3_bind_text(q, 2, registration_field_str(f), -1, SQLITE_STATIC);
        rc = sqlite3_step(q) == SQLITE_DONE ? SQLITE_OK
                                            : sqlite3_errcode(store_db(s));
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_OK)
        return store_sqlite_fail(s, rc, N_("importing registrations"), err);
    return registration_apply(s, row->ticket_id, err);
}
