/* Hub format 32 (issue 55.4, the triage's sends through the hub), a step
 * of its own beside hub_schema_steps.c (see hub_schema.h,
 * HUB_FORMAT_TRIAGE):
 *
 * - checkin.triage_sent: whom the triage at the queue's entrance sent to
 *   which desk of [desks] and when, as the triage's file notes it
 *   (triage_sent, local schema 24), keyed as there by the row's station
 *   id and its seq.  Rows are only ever added (the first one sent of a
 *   key is kept: ON CONFLICT DO NOTHING in the push).  A desk (the
 *   triage runs on a desk's file) inserts its own only, under its own
 *   identity, its station's name the hub's, and reads back only its own;
 *   the organizer reads every row, for the dashboard's lines and waits.
 *
 * Stamped, marked (hub format 20) and waking the stations, as the other
 * pulled tables are. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define TRIAGE_SENT \
    "CREATE TABLE checkin.triage_sent (" \
    "  station_id text NOT NULL CHECK (length(station_id) <= 64)," \
    "  seq bigint NOT NULL CHECK (seq >= 1)," \
    "  station_uid text REFERENCES checkin.station(uid)," \
    "  station text NOT NULL CHECK (length(station) <= 63)," \
    "  at_ms bigint NOT NULL CHECK (at_ms > 0)," \
    "  ticket_id text NOT NULL CHECK (length(ticket_id) BETWEEN 1 AND 200)," \
    "  desk text NOT NULL CHECK (length(desk) BETWEEN 1 AND 40)," \
    "  letters text NOT NULL CHECK (length(letters) <= 79)," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (station_id, seq)" \
    ");" \
    "CREATE INDEX ON checkin.triage_sent (hub_xid);" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.triage_sent" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();" \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.triage_sent" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "CREATE TRIGGER mark_insert AFTER INSERT ON checkin.triage_sent" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "CREATE TRIGGER mark_update AFTER UPDATE ON checkin.triage_sent" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "ALTER TABLE checkin.triage_sent ENABLE ROW LEVEL SECURITY;" \
    /* The station's name is the hub's, as a hand-over's (format 27). */ \
    "CREATE TRIGGER named BEFORE INSERT ON checkin.triage_sent" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.handover_station();" \
    "CREATE POLICY own ON checkin.triage_sent FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk'" \
    " AND station_uid = (SELECT checkin.me_uid()));" \
    "CREATE POLICY desks_send ON checkin.triage_sent FOR INSERT" \
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'" \
    " AND station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT, INSERT ON checkin.triage_sent TO @G;"
/* clang-format on */

const char HUB_UPGRADE_32[] = TRIAGE_SENT "UPDATE checkin.hub SET format = 32;";
