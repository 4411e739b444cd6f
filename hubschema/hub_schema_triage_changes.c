/* Hub format 35 (issue 55, a desk's name corrections at a triage), a
 * step of its own beside hub_schema_triage_role.c (see hub_schema.h,
 * HUB_FORMAT_TRIAGE_CHANGES).
 * (Its number, 35, is here, in hub_schema.h's HUB_FORMAT_TRIAGE_CHANGES
 * and HUB_UPGRADE_35, hub_upgrade.c's STEPS[], hub_schema.c's HUB_FORMAT
 * and tests/older_hubs.h's HUB_NOW and FORMAT34_HUB.)
 *
 * A triage sends people to a desk by their family name (docs/stations.md,
 * "The triage").  Its own file (format 34) pulled the registrations
 * through checkin.triage_registration, which holds the export's names
 * and the walk-ins' registrations the hub makes from their create rows,
 * but no desk's correction of a name: those are rows of
 * checkin.registration_change, which only a desk (and the organizer)
 * reads, and a door through its own view.  So a person whose name a desk
 * corrected was still sent by the old name.
 *
 * - triage_registration_change, a view as door_registration_change is
 *   (the organizer's rights, security_barrier, rows for a triage only):
 *   the edits of the names a triage shows and sorts by (given, family,
 *   badge name), of every registration, with no supervisor named; no
 *   create row (a walk-in reaches it as its registration, without the
 *   email and company its create row holds) and no edit of pronouns,
 *   company or email. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define TRIAGE_CHANGES \
    "CREATE VIEW checkin.triage_registration_change" \
    " WITH (security_barrier) AS" \
    " SELECT c.station_id, c.seq, c.station, c.at_ms, c.ticket_id, c.kind," \
    "  c.field, c.value, c.base, NULL::text AS supervisor, c.station_uid," \
    "  c.hub_seq, c.hub_xid" \
    " FROM checkin.registration_change c" \
    " WHERE (SELECT checkin.me_kind()) = 'triage' AND c.kind = 'edit'" \
    "  AND c.field IN ('given_name', 'family_name', 'badge_name');" \
    "REVOKE ALL ON checkin.triage_registration_change FROM PUBLIC;" \
    "GRANT SELECT ON checkin.triage_registration_change TO @G;"
/* clang-format on */

const char HUB_UPGRADE_35[] =
    TRIAGE_CHANGES "UPDATE checkin.hub SET format = 35;";
