/* Hub format 30 (issue 56, open spaces through the hub), a step of its own
 * beside hub_schema_steps.c (see hub_schema.h, HUB_FORMAT_OPEN_SPACES):
 *
 * - checkin.open_space_claim: the hosts' claims of an open-space room's
 *   slot and their releases, as each station's file journals them
 *   (open_space_claim, local schema 21), keyed as there by the row's
 *   random station_id and its seq.  Rows are only ever added (the first
 *   one sent of a key is kept: ON CONFLICT DO NOTHING in the push); who
 *   holds a slot is settled by every station the same way from the same
 *   rows (event/open_space.c: the earliest claim, ties by station_id and
 *   seq).  A desk (a board or the command line on a desk's file) inserts
 *   its own only, under its own identity, its station's name the hub's;
 *   the organizer's rows carry no station.  Desks and the organizer read
 *   every row.
 *
 * Stamped, marked (hub format 20) and waking the stations, as the other
 * pulled tables are. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define OPEN_SPACES \
    "CREATE TABLE checkin.open_space_claim (" \
    "  station_id text NOT NULL CHECK (length(station_id) <= 64)," \
    "  seq bigint NOT NULL CHECK (seq >= 1)," \
    "  station_uid text REFERENCES checkin.station(uid)," \
    "  station text NOT NULL CHECK (length(station) <= 63)," \
    "  at_ms bigint NOT NULL CHECK (at_ms > 0)," \
    "  act text NOT NULL CHECK (act IN ('claim', 'release'))," \
    "  room text NOT NULL CHECK (length(room) BETWEEN 1 AND 47)," \
    "  slot_ms bigint NOT NULL," \
    "  host_ticket_id text CHECK (length(host_ticket_id) <= 200)," \
    "  title text NOT NULL CHECK (length(title) <= 800)," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (station_id, seq)" \
    ");" \
    "CREATE INDEX ON checkin.open_space_claim (hub_xid);" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON" \
    " checkin.open_space_claim" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();" \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.open_space_claim" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "CREATE TRIGGER mark_insert AFTER INSERT ON checkin.open_space_claim" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "CREATE TRIGGER mark_update AFTER UPDATE ON checkin.open_space_claim" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "ALTER TABLE checkin.open_space_claim ENABLE ROW LEVEL SECURITY;" \
    /* The station's name is the hub's, as a hand-over's (format 27). */ \
    "CREATE TRIGGER named BEFORE INSERT ON checkin.open_space_claim" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.handover_station();" \
    "CREATE POLICY desks ON checkin.open_space_claim FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk');" \
    "CREATE POLICY desks_claim ON checkin.open_space_claim FOR INSERT" \
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'" \
    " AND station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT, INSERT ON checkin.open_space_claim TO @G;"
/* clang-format on */

const char HUB_UPGRADE_30[] = OPEN_SPACES "UPDATE checkin.hub SET format = 30;";
