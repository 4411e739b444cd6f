/* Hub format 28 (issue 49, doors asking pretix's questions): a door's
 * admission carries the answers it asked for, as a desk's check-in does
 * from format 26 (hub_schema_steps.c, ASKED).  The vetting of format 26
 * is kept whole, renamed checkin.answers_fault_26; the new
 * checkin.answers_fault, which vet_answers calls by name, hands it a
 * door's entry as a desk's check-in, so that its every other check (JSON,
 * sizes, the event's questions) holds for a door's answers too. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define DOOR_ANSWERS \
    "ALTER FUNCTION checkin.answers_fault(text, text, text)" \
    " RENAME TO answers_fault_26;" \
    "CREATE FUNCTION checkin.answers_fault(p text, p_mode text," \
    "  p_act text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp" \
    " RETURN checkin.answers_fault_26(p, CASE WHEN p_mode = 'door' THEN" \
    "  'desk' ELSE p_mode END, p_act);" \
    "REVOKE ALL ON FUNCTION checkin.answers_fault(text, text, text)" \
    " FROM PUBLIC;"
/* clang-format on */

const char HUB_UPGRADE_28[] =
    DOOR_ANSWERS "UPDATE checkin.hub SET format = 28;";
