/* Where the import will keep the edits a desk made to a registration
 * against the export's values (issue 30; docs/admission.md, section 3):
 * for each edited field, `attendee_source` holds what the export said and
 * the attendee's column the value in effect, the newest edit whose base
 * is the export's value, else the export's.  Nothing is kept yet, as no
 * registration can be edited: the import calls import_fields_row for each
 * registration it stores, and it does nothing, so the export's values
 * stand as they always have.  Not for cleaning or validating fields
 * (import.c) nor for making edits (issue 30's common/registration.c). */
#include "import_priv.h"

int import_fields_row(struct importer *im, int64_t attendee_id,
                      const struct reg_row *row, struct ck_error *err)
{
    (void)im;
    (void)attendee_id;
    (void)row;
    (void)err;
    return CK_OK;
}
