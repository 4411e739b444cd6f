/* Where the import will map a registration's pretix items, variations and
 * add-ons to the check-in lists that name them (issue 29; docs/admission.md,
 * section 2, "Local schema: version 7"): the positions some list or
 * ticket type names go to `attendee_item`, and an add-on's own secret to
 * `ticket_secret` with its item.  Nothing is mapped yet: the import calls
 * import_items_row for each registration it stores, and it does nothing.
 * Not for reading the pretix export (import_pretix.c) nor for deciding who
 * is on a list (issue 29's common/admission.c). */
#include "import_priv.h"

int import_items_row(struct importer *im, int64_t attendee_id,
                     const struct reg_row *row, struct ck_error *err)
{
    (void)im;
    (void)attendee_id;
    (void)row;
    (void)err;
    return CK_OK;
}
