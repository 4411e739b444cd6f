/* Hub format 33 (issue 56 item 3, the PyLadies auction through the hub),
 * a step of its own beside hub_schema_steps.c (see hub_schema.h,
 * HUB_FORMAT_AUCTION).  (This branch's hub format step: the number 33 is
 * here, in hub_schema.h's HUB_FORMAT_AUCTION and HUB_UPGRADE_33,
 * hub_upgrade.c's STEPS[] and tests/older_hubs.h's HUB_NOW and
 * FORMAT32_HUB.)
 *
 * - checkin.auction_act: every act of the auction as each file keeps it
 *   (auction_act, local schema 25): a bidder's paddle, a lot won, a
 *   settlement, keyed as there by the row's station_id and seq.  Rows
 *   are only ever added (the first one sent of a key is kept: ON
 *   CONFLICT DO NOTHING in the push).  A desk (the auction's door and pay
 *   desk run on desks' files, `checkin auction ... win` on a desk's file
 *   or the organizer's) inserts its own only, under its own identity,
 *   its station's name the hub's; the organizer's rows carry no station.
 *   Desks and the organizer read every row.
 * - The auction's stations journal door rows of targets "auction:door"
 *   and "auction:pay" on a desk's file: a desk's role may now insert
 *   those, as it may a sprint's (format 31).
 * - [auction] travels as the setting 'auction.plan' (publish.c,
 *   pull_event.c; no schema change).
 *
 * Stamped, marked (hub format 20) and waking the stations, as the other
 * pulled tables are. */
#include "checkin/hub_schema.h"
#include "checkin/hub_sql.h"
#include "checkin/journal.h"

/* A desk's door row of a sprint project or of the auction is its own;
 * every other row as format 12 said. */
#define KIND_RULE_33                                                           \
    "(CASE WHEN me.kind = 'desk' AND p_mode = 'door' AND (p_target LIKE"       \
    " 'sprint:%' OR p_target LIKE 'auction:%') THEN false ELSE " KIND_RULE_12  \
    " END)"

/* clang-format off */
#define AUCTION \
    "CREATE TABLE checkin.auction_act (" \
    "  station_id text NOT NULL CHECK (length(station_id) <= 64)," \
    "  seq bigint NOT NULL CHECK (seq >= 1)," \
    "  station_uid text REFERENCES checkin.station(uid)," \
    "  station text NOT NULL CHECK (length(station) <= 63)," \
    "  at_ms bigint NOT NULL CHECK (at_ms > 0)," \
    "  act text NOT NULL CHECK (act IN ('paddle', 'win', 'settle'))," \
    "  paddle integer NOT NULL CHECK (paddle BETWEEN 1 AND 99999)," \
    "  ticket_id text NOT NULL CHECK (length(ticket_id) <= 200)," \
    "  lot text NOT NULL CHECK (length(lot) <= 20)," \
    "  amount_cents bigint NOT NULL CHECK (amount_cents >= 0)," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (station_id, seq)" \
    ");" \
    "CREATE INDEX ON checkin.auction_act (hub_xid);" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.auction_act" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();" \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.auction_act" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "CREATE TRIGGER mark_insert AFTER INSERT ON checkin.auction_act" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "CREATE TRIGGER mark_update AFTER UPDATE ON checkin.auction_act" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark();" \
    "ALTER TABLE checkin.auction_act ENABLE ROW LEVEL SECURITY;" \
    /* The station's name is the hub's, as a hand-over's (format 27). */ \
    "CREATE TRIGGER named BEFORE INSERT ON checkin.auction_act" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.handover_station();" \
    "CREATE POLICY desks ON checkin.auction_act FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk');" \
    "CREATE POLICY desks_act ON checkin.auction_act FOR INSERT" \
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'" \
    " AND station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT, INSERT ON checkin.auction_act TO @G;" \
    SCAN_FAULT("CREATE OR REPLACE", KIND_RULE_33) \
    "DROP POLICY own_rows ON checkin.scan;" \
    "CREATE POLICY own_rows ON checkin.scan FOR INSERT" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())" \
    " AND ((mode = (SELECT checkin.me_kind())" \
    " AND (mode = 'desk' OR target = (SELECT checkin.me_target())))" \
    " OR (mode = 'leads' AND " SPEAKS_FOR("target") ")" \
    " OR (mode = 'door' AND (SELECT checkin.me_kind()) = 'desk'" \
    " AND (target LIKE 'sprint:%' OR target LIKE 'auction:%'))));"
/* clang-format on */

const char HUB_UPGRADE_33[] = AUCTION "UPDATE checkin.hub SET format = 33;";
