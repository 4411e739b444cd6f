/* Hub format 34 (issue 55, the triage as a role of its own), a step of
 * its own beside hub_schema_triage.c (see hub_schema.h,
 * HUB_FORMAT_TRIAGE_ROLE).
 * (Its number, 34, is here, in hub_schema.h's HUB_FORMAT_TRIAGE_ROLE and
 * HUB_UPGRADE_34, hub_upgrade.c's STEPS[], hub_schema.c's HUB_FORMAT and
 * tests/older_hubs.h's HUB_NOW and FORMAT33_HUB.)
 *
 * A triage at the queue's entrance (docs/stations.md, "The triage") is a
 * phone or a tablet at the end of the line: it holds what it sends
 * people on from, no more (docs/sync.md, "What each role holds"):
 *
 * - checkin.station's kind may be 'triage' (`hub add-station ...
 *   --station triage`);
 * - triage_registration, a view as door_registration is (the
 *   organizer's rights, security_barrier, filtering for the calling
 *   station itself): every registration's ticket type, status,
 *   testmode, hold and names (given, family, badge: what it shows and
 *   sorts by), its codes hashed as a door's are, what pretix says at
 *   the door less the attention cue, seat and locale; no email, company,
 *   order code, pronouns, search key, consent, fingerprint, tutorials or
 *   positions;
 * - it reads the description but the supervisors (their PIN hashes), as
 *   a door does; the badges (ids and ticket ids), the pre-printed
 *   badges' places and the hand-overs, as a desk does; no journal row,
 *   answer, invitation, walk-in or edit;
 * - it sends its own rows of triage_sent and reads them back, as a desk
 *   running a triage does. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define TRIAGE_ROLE \
    "ALTER TABLE checkin.station DROP CONSTRAINT station_kind_check," \
    " ADD CONSTRAINT station_kind_check CHECK (kind IN ('desk','door'," \
    " 'leads','expo','triage'));" \
    "CREATE VIEW checkin.triage_registration WITH (security_barrier) AS" \
    " SELECT r.ticket_id, ''::text AS order_code, r.status, r.given_name," \
    "  r.family_name, r.badge_name, ''::text AS pronouns," \
    "  ''::text AS company, ''::text AS email, r.ticket_type," \
    "  false AS sponsor_consent, r.testmode, ''::text AS search_key," \
    "  ''::bytea AS fingerprint, r.imported_ms, r.updated_ms," \
    "  '{}'::text[] AS tutorials, r.hashed_secrets AS secrets," \
    "  r.hashed_revoked AS revoked_secrets, r.digest, r.hub_seq, r.hub_xid," \
    "  '[]'::jsonb AS items, r.hold," \
    "  checkin.hashed(r.addon_secrets) AS addon_secrets," \
    "  r.door - ARRAY['attention', 'seat', 'locale'] AS door" \
    " FROM checkin.registration r" \
    " WHERE (SELECT checkin.me_kind()) = 'triage';" \
    "REVOKE ALL ON checkin.triage_registration FROM PUBLIC;" \
    "GRANT SELECT ON checkin.triage_registration TO @G;" \
    "DROP POLICY stations ON checkin.event_description;" \
    "CREATE POLICY stations ON checkin.event_description FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk'" \
    " OR ((SELECT checkin.me_kind()) IN ('door', 'triage')" \
    " AND kind <> 'supervisor')" \
    " OR ((SELECT checkin.me_kind()) IN ('leads', 'expo')" \
    " AND kind IN ('event','ticket_type','tutorial','sponsor')));" \
    "DROP POLICY desks_doors ON checkin.badge;" \
    "CREATE POLICY desks_doors ON checkin.badge FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) IN ('desk', 'door', 'triage'));" \
    "DROP POLICY desks ON checkin.preprint;" \
    "CREATE POLICY desks ON checkin.preprint FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) IN ('desk', 'triage'));" \
    "DROP POLICY desks ON checkin.handover;" \
    "CREATE POLICY desks ON checkin.handover FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) IN ('desk', 'triage'));" \
    "DROP POLICY own ON checkin.triage_sent;" \
    "CREATE POLICY own ON checkin.triage_sent FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) IN ('desk', 'triage')" \
    " AND station_uid = (SELECT checkin.me_uid()));" \
    "DROP POLICY desks_send ON checkin.triage_sent;" \
    "CREATE POLICY desks_send ON checkin.triage_sent FOR INSERT" \
    " WITH CHECK ((SELECT checkin.me_kind()) IN ('desk', 'triage')" \
    " AND station_uid = (SELECT checkin.me_uid()));"
/* clang-format on */

const char HUB_UPGRADE_34[] = TRIAGE_ROLE "UPDATE checkin.hub SET format = 34;";
