/* Hub format 37 (issue 56 item 1, the open spaces' board and doors
 * through the hub), a step of its own beside hub_schema_steps.c (see
 * hub_schema.h, HUB_FORMAT_BOARD).  (This branch's hub format step: the
 * number 37 is here, in hub_schema.h's HUB_FORMAT_BOARD and
 * HUB_UPGRADE_37, hub_upgrade.c's STEPS[] and tests/older_hubs.h's
 * HUB_NOW and FORMAT36_HUB.)
 *
 * - The open spaces' board runs on a desk's file: its claims went up from
 *   format 30 (checkin.open_space_claim); its scans of a host's badge are
 *   door rows of no target (a warning of reason "host", which no room's
 *   count takes for an entry).  A desk's role may now insert those, as it
 *   may a sprint's or the auction's door rows (formats 31, 33): a row of
 *   no target speaks for no room.
 * - A room's door (`hub add-station --station open-space:ROOM`) is a door
 *   of target ROOM, whose rows a door's role inserted already: nothing
 *   changes for it. */
#include "checkin/hub_schema.h"
#include "checkin/hub_sql.h"
#include "checkin/journal.h"

/* A desk's door row of a sprint project, of the auction or of no target
 * (the board's) is its own; every other row as format 12 said. */
#define KIND_RULE_37                                                           \
    "(CASE WHEN me.kind = 'desk' AND p_mode = 'door' AND (p_target LIKE"       \
    " 'sprint:%' OR p_target LIKE 'auction:%' OR coalesce(p_target, '') ="     \
    " '') THEN false ELSE " KIND_RULE_12 " END)"

/* clang-format off */
#define BOARD \
    SCAN_FAULT("CREATE OR REPLACE", KIND_RULE_37) \
    "DROP POLICY own_rows ON checkin.scan;" \
    "CREATE POLICY own_rows ON checkin.scan FOR INSERT" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())" \
    " AND ((mode = (SELECT checkin.me_kind())" \
    " AND (mode = 'desk' OR target = (SELECT checkin.me_target())))" \
    " OR (mode = 'leads' AND " SPEAKS_FOR("target") ")" \
    " OR (mode = 'door' AND (SELECT checkin.me_kind()) = 'desk'" \
    " AND (target LIKE 'sprint:%' OR target LIKE 'auction:%'" \
    " OR coalesce(target, '') = ''))));"
/* clang-format on */

const char HUB_UPGRADE_37[] = BOARD "UPDATE checkin.hub SET format = 37;";
