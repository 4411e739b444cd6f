/* Hub format 27 (issue 55, pre-printed badges through the hub), a step of
 * its own beside hub_schema_steps.c (see hub_schema.h, HUB_FORMAT_BOXES):
 *
 * - checkin.preprint: the organizer's pre-print run, one row per ticket
 *   (the issue number the badge carries, its box's label and position,
 *   the run's time); box NULL once a later run left the ticket out.  The
 *   organizer writes it (it owns the table); desks read it.
 * - checkin.handover: a pre-printed badge handed over, once per ticket
 *   and issue (the first desk to send it is kept: ON CONFLICT DO NOTHING
 *   in the push), with when and at which station.  A desk inserts its own
 *   only, under its own identity; the station's name is the hub's
 *   (checkin.station.name), never what the desk sent.  Desks and the
 *   organizer read every desk's.
 *
 * Both are stamped, marked (hub format 20) and wake the stations, as the
 * other pulled tables are. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define STAMPED(T) \
    "CREATE INDEX ON checkin." T " (hub_xid);" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin." T \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();" \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin." T \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "CREATE TRIGGER mark_insert AFTER INSERT ON checkin." T \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "CREATE TRIGGER mark_update AFTER UPDATE ON checkin." T \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "ALTER TABLE checkin." T " ENABLE ROW LEVEL SECURITY;"
#define BOXES \
    "CREATE TABLE checkin.preprint (" \
    "  ticket_id text PRIMARY KEY CHECK (length(ticket_id) <= 200)," \
    "  issue int NOT NULL CHECK (issue >= 1)," \
    "  box text CHECK (length(box) <= 31)," \
    "  position bigint NOT NULL CHECK (position >= 1)," \
    "  run_at_ms bigint NOT NULL," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL" \
    ");" \
    STAMPED("preprint") \
    "CREATE POLICY desks ON checkin.preprint FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk');" \
    "GRANT SELECT ON checkin.preprint TO @G;" \
    "CREATE TABLE checkin.handover (" \
    "  ticket_id text NOT NULL CHECK (length(ticket_id) <= 200)," \
    "  issue int NOT NULL CHECK (issue >= 1)," \
    "  station_uid text REFERENCES checkin.station(uid)," \
    "  station text NOT NULL CHECK (length(station) <= 63)," \
    "  at_ms bigint NOT NULL CHECK (at_ms > 0)," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (ticket_id, issue)" \
    ");" \
    STAMPED("handover") \
    "CREATE FUNCTION checkin.handover_station() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " BEGIN" \
    "  IF NEW.station_uid IS NOT NULL THEN" \
    "   NEW.station := (SELECT name FROM checkin.station WHERE uid =" \
    "    NEW.station_uid); END IF;" \
    "  RETURN NEW;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.handover_station() FROM PUBLIC;" \
    "CREATE TRIGGER named BEFORE INSERT ON checkin.handover" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.handover_station();" \
    "CREATE POLICY desks ON checkin.handover FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk');" \
    "CREATE POLICY desks_hand ON checkin.handover FOR INSERT" \
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'" \
    " AND station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT, INSERT ON checkin.handover TO @G;"
/* clang-format on */

const char HUB_UPGRADE_27[] = BOXES "UPDATE checkin.hub SET format = 27;";
