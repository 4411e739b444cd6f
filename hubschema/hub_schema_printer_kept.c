/* Hub format 39 (issue 53, every sentence a person reads in the
 * reader's language), a step of its own beside hub_schema_steps.c (see
 * hub_schema.h, HUB_FORMAT_PRINTER_KEPT).  (This branch's hub format
 * step: the number 39 is here, in hub_schema.h's HUB_FORMAT_PRINTER_KEPT
 * and HUB_UPGRADE_39, hub_upgrade.c's STEPS[], hub_schema.c's HUB_FORMAT
 * and tests/older_hubs.h's HUB_NOW and FORMAT38_HUB.)
 *
 * A desk says its printer's sentence in its own language
 * (printer_message): a Spanish desk's "no hay etiquetas" reached a
 * Japanese organizer in Spanish.  checkin.station.printer_kept holds
 * what that sentence was made of, so that `hub status` says it again in
 * the organizer's language: the bytes of printer_message the printer's
 * error took, the error's English and its kept line (ck_error_keep),
 * each after a \x1e, then the label forecast's the same way after a
 * \x1d (sync/sync.c, say_here; hub_printer_said below, for
 * hub/hub_status.c and the dashboard's sync/worker.c).  The desk's own
 * row is its to update, as printer_message is; a change of it wakes the
 * dashboards as a change of printer_message does (format 22's trigger,
 * made again with the column). */
#include "checkin/hub_schema.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#define PRINTER_KEPT \
    "ALTER TABLE checkin.station ADD COLUMN printer_kept text" \
    " CHECK (octet_length(printer_kept) <= " HUB_PRINTER_KEPT_CAP_S ");" \
    "GRANT UPDATE (printer_kept) ON checkin.station TO @G;" \
    "DROP TRIGGER status_wake ON checkin.station;" \
    "CREATE TRIGGER status_wake AFTER UPDATE OF printer, printer_state," \
    " printer_message, printer_kept ON checkin.station FOR EACH ROW WHEN" \
    " (OLD.printer IS DISTINCT FROM NEW.printer OR OLD.printer_state IS" \
    " DISTINCT FROM NEW.printer_state OR OLD.printer_message IS DISTINCT" \
    " FROM NEW.printer_message OR OLD.printer_kept IS DISTINCT FROM" \
    " NEW.printer_kept) EXECUTE FUNCTION checkin.status_wake();"
/* clang-format on */

const char HUB_UPGRADE_39[] =
    PRINTER_KEPT "UPDATE checkin.hub SET format = 39;";

/* The error `english` (its `len` bytes) and `line` (up to a \x1d or the
 * end) were, rebuilt into `e`; false when they do not fit or do not
 * match (e holds no format). */
static bool unkeep(struct ck_error *e, const char *english, size_t len,
                   const char *line)
{
    char copy[sizeof(e->msg)], kept[CK_ERROR_KEPT_CAP];
    size_t n = strcspn(line, "\x1d");
    if (len >= sizeof(copy) || n >= sizeof(kept))
        return false;
    memcpy(copy, english, len);
    copy[len] = '\0';
    memcpy(kept, line, n);
    kept[n] = '\0';
    ck_error_unkeep(e, CK_EDEVICE, copy, kept);
    return e->fmt != NULL;
}

void hub_printer_said(const char *msg, const char *kept, char *out, size_t cap)
{
    snprintf(out, cap, "%s", msg);
    char *end;
    unsigned long said = strtoul(kept, &end, 10);
    const char *english = *end == '\x1e' ? end + 1 : NULL;
    const char *line = english ? strchr(english, '\x1e') : NULL;
    struct ck_error e = {0};
    if (!line || said > strlen(msg) || end == kept ||
        !unkeep(&e, english, (size_t)(line - english), line + 1))
        return;
    char buf[sizeof(e.msg) * 2];
    const char *rest = msg + said;
    /* The forecast after it, said again too. */
    const char *labels = strchr(line + 1, '\x1d');
    const char *labels_line = labels ? strchr(labels + 1, '\x1e') : NULL;
    struct ck_error le = {0};
    char lbuf[sizeof(le.msg) * 2];
    if (labels_line &&
        unkeep(&le, labels + 1, (size_t)(labels_line - labels - 1),
               labels_line + 1))
        rest = ck_error_text(&le, lbuf, sizeof(lbuf));
    snprintf(out, cap, "%s%s%s", ck_error_text(&e, buf, sizeof(buf)),
             rest != msg + said && rest[0] ? " " : "", rest);
}
