/* hubschema/: SQL templates that more than one of the hub's formats use
 * (hub_schema.c, hub_schema_steps.c; sync's booth.c too): each expands
 * to statements of the hub's schema, as the format that brought it, or
 * a later one that changed it, writes them. */
#ifndef CHECKIN_HUB_SQL_H
#define CHECKIN_HUB_SQL_H

/* The numbers the SQL carries (STR below): EXPORT_LEAD_BURST_MS,
 * JOURNAL_SEQ_MAX. */
#include "checkin/export.h"
#include "checkin/journal.h"

#define STR_(x) #x
#define STR(x) STR_(x)

/* A sponsor's leads as the hub gives them out: LEADS_NEAR's rows are the
 * leads of sponsor SPONSOR (an SQL expression), each with how many leads
 * its station made within EXPORT_LEAD_BURST_MS of it; LEADS_OUT groups
 * those of NEAR (a row source named n) by attendee, contact details only
 * of those who agreed, leaving out bursts; LEADS_SUSPECTS counts the
 * codes never issued and the bursts.  NEAR_SEL and OUT_SEL add columns
 * (format 12: a lead's tags, LEADS_TAGS_*).  Both a booth's export
 * (SPONSOR_LEADS_FNS, its own sponsor) and the organizer's (`checkin hub
 * leads`, sync/booth_leads.c, any sponsor) are these. */
/* clang-format off */
#define LEADS_NEAR(NEAR_SEL, SPONSOR) \
    " SELECT l.station_id, l.seq, l.station, l.badge_id, l.at_ms, l.note," \
    "  l.rating, count(*) OVER (PARTITION BY l.station_id ORDER BY l.at_ms" \
    "  RANGE BETWEEN " STR(EXPORT_LEAD_BURST_MS) " PRECEDING AND " \
    STR(EXPORT_LEAD_BURST_MS) " FOLLOWING)" NEAR_SEL \
    " FROM checkin.lead l WHERE l.sponsor_slug = " SPONSOR
#define LEADS_OUT(OUT_SEL, NEAR) \
    " SELECT (array_agg(n.at_ms ORDER BY n.at_ms, n.station, n.seq))[1]," \
    "  (array_agg(n.station ORDER BY n.at_ms, n.station, n.seq))[1]," \
    "  coalesce(string_agg(nullif(n.note, ''), '; '" \
    "   ORDER BY n.station, n.seq), ''), max(n.rating)," \
    "  CASE WHEN r.sponsor_consent THEN r.given_name END," \
    "  CASE WHEN r.sponsor_consent THEN r.family_name END," \
    "  CASE WHEN r.sponsor_consent THEN r.badge_name END," \
    "  CASE WHEN r.sponsor_consent THEN r.email END," \
    "  CASE WHEN r.sponsor_consent THEN r.company END," \
    "  r.sponsor_consent" OUT_SEL \
    " FROM " NEAR " n" \
    " JOIN checkin.badge b ON b.badge_id = n.badge_id" \
    " JOIN checkin.registration r ON r.ticket_id = b.ticket_id" \
    " WHERE n.near <= " STR(EXPORT_LEAD_BURST) \
    " GROUP BY r.ticket_id ORDER BY 1, r.ticket_id"
#define LEADS_SUSPECTS(NEAR) \
    " SELECT count(*) FILTER (WHERE b.badge_id IS NULL)," \
    "  count(*) FILTER (WHERE b.badge_id IS NOT NULL AND n.near > " \
    STR(EXPORT_LEAD_BURST) ")" \
    " FROM " NEAR " n" \
    " LEFT JOIN checkin.badge b ON b.badge_id = n.badge_id"
#define LEADS_TAGS_NEAR ", l.tags"
#define LEADS_TAGS_OUT \
    ", coalesce((SELECT string_agg(DISTINCT t COLLATE \"C\", '; '" \
    " ORDER BY t COLLATE \"C\") FROM" \
    " unnest(string_to_array(string_agg(n.tags, E'\\n'), E'\\n')) t" \
    " WHERE t <> ''), '')"
/* clang-format on */

/* Format 3's functions by which a booth exports its sponsor's leads
 * (SPONSOR_LEADS in hub_schema.c), with the columns later formats add
 * (format 12: a lead's tags). */
/* clang-format off */
#define SPONSOR_LEADS_FNS(NEAR_COLS, NEAR_SEL, OUT_COLS, OUT_SEL) \
    "CREATE FUNCTION checkin.sponsor_leads_near() RETURNS TABLE (" \
    "  station_id text, seq bigint, station text, badge_id bytea," \
    "  at_ms bigint, note text, rating int, near bigint" NEAR_COLS ")" \
    " LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    LEADS_NEAR(NEAR_SEL, "checkin.booth_sponsor()") \
    " $$;" \
    "CREATE FUNCTION checkin.sponsor_leads() RETURNS TABLE (" \
    "  at_ms bigint, station text, note text, rating int," \
    "  given_name text, family_name text, badge_name text, email text," \
    "  company text, consent boolean" OUT_COLS ")" \
    " LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    LEADS_OUT(OUT_SEL, "checkin.sponsor_leads_near()") " $$;" \
    "REVOKE ALL ON FUNCTION checkin.sponsor_leads_near()," \
    " checkin.sponsor_leads() FROM PUBLIC;" \
    "GRANT EXECUTE ON FUNCTION checkin.sponsor_leads() TO @G;"
/* clang-format on */

/* What a stored journal row must keep (scan_fault(), format 6), with
 * its rule for a row's mode and target as each format has it. */
#define DAY_MS "86400000"
/* clang-format off */
/* The rules a stored journal row keeps (below, TRUST); KIND_RULE is true
 * when the row's mode and target are not its station's (from format 12
 * an expo station's rows are leads of its booths: EXPO). */
#define SCAN_FAULT(CREATE_, KIND_RULE) \
    CREATE_ " FUNCTION checkin.scan_fault(p_uid text, p_station text," \
    "  p_seq bigint, p_at bigint, p_mode text, p_target text," \
    "  p_ticket text) RETURNS text LANGUAGE plpgsql STABLE" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; ev jsonb;" \
    " BEGIN" \
    "  SELECT name, kind, target, enrolled_ms INTO me FROM checkin.station" \
    "   WHERE uid = p_uid;" \
    "  IF NOT FOUND THEN RETURN 'written by no enrolled station'; END IF;" \
    "  IF p_station IS DISTINCT FROM me.name THEN" \
    "   RETURN format('named %s but written by %s', p_station, me.name);" \
    "  END IF;" \
    "  IF " KIND_RULE " THEN" \
    "   RETURN format('a %s row from a station enrolled as %s', p_mode," \
    "    me.kind);" \
    "  END IF;" \
    "  IF p_seq NOT BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) " THEN" \
    "   RETURN 'a number out of range'; END IF;" \
    "  IF p_ticket IS NOT NULL AND NOT EXISTS (SELECT 1 FROM" \
    "   checkin.registration WHERE ticket_id = p_ticket) THEN" \
    "   RETURN 'a ticket the hub does not know'; END IF;" \
    "  IF p_at BETWEEN me.enrolled_ms - " DAY_MS " AND" \
    "   (extract(epoch FROM clock_timestamp()) * 1000)::bigint + " DAY_MS \
    "   THEN RETURN NULL; END IF;" \
    "  SELECT data INTO ev FROM checkin.event_description WHERE kind =" \
    "   'event' AND data IS NOT NULL LIMIT 1;" \
    "  IF ev->>'first_day' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND" \
    "   ev->>'last_day' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND p_at BETWEEN" \
    "   (extract(epoch FROM (ev->>'first_day')::date) * 1000)::bigint - " \
    DAY_MS " AND (extract(epoch FROM (ev->>'last_day')::date + 1) * 1000)" \
    "   ::bigint + " DAY_MS " THEN RETURN NULL; END IF;" \
    "  RETURN 'a time outside the event''s days and the hub''s clock';" \
    " END $$;"
#define KIND_RULE_6 \
    "p_mode IS DISTINCT FROM me.kind OR (me.kind <> 'desk' AND" \
    " p_target IS DISTINCT FROM me.target)"
/* clang-format on */

/* Format 12 (hub_schema_steps.c, EXPO): a row's sponsor is the pushing
 * role's, or one of an expo station's booths; a leads row of an expo
 * station is its booth's, every other row as KIND_RULE_6. */
#define SPEAKS_FOR(COL)                                                        \
    "(((SELECT checkin.me_kind()) = 'leads' AND " COL " = (SELECT"             \
    " checkin.me_target())) OR ((SELECT checkin.me_kind()) = 'expo' AND " COL  \
    " IN (SELECT checkin.my_booths())))"
#define KIND_RULE_12                                                           \
    "(CASE WHEN me.kind = 'expo' THEN p_mode IS DISTINCT FROM 'leads' OR"      \
    " NOT EXISTS (SELECT 1 FROM checkin.expo_booth b WHERE"                    \
    " b.station_uid = p_uid AND b.sponsor = p_target) ELSE " KIND_RULE_6       \
    " END)"

/* Format 10's door_registration (LISTS, below), its secrets as SECRETS_ and
 * REVOKED_ give them (hashed at each read up to format 14, read as
 * stored from format 15: SECRETS), ONCE_ after the calling door's own
 * row (from format 15 " OFFSET 0": read once, see SECRETS). */
/* clang-format off */
#define DOOR_REGISTRATION(SECRETS_, REVOKED_, ONCE_) \
    DOOR_REGISTRATION_X(SECRETS_, REVOKED_, ONCE_, "")
/* The same with EXTRA_ after its columns (format 19: ", ... AS
 * addon_secrets"). */
#define DOOR_REGISTRATION_X(SECRETS_, REVOKED_, ONCE_, EXTRA_) \
    "CREATE OR REPLACE VIEW checkin.door_registration" \
    " WITH (security_barrier) AS" \
    " SELECT r.ticket_id, ''::text AS order_code, r.status," \
    "  CASE WHEN o.mine THEN r.given_name ELSE '' END AS given_name," \
    "  CASE WHEN o.mine THEN r.family_name ELSE '' END AS family_name," \
    "  CASE WHEN o.mine THEN r.badge_name ELSE '' END AS badge_name," \
    "  CASE WHEN o.mine THEN r.pronouns ELSE '' END AS pronouns," \
    "  ''::text AS company, ''::text AS email, r.ticket_type," \
    "  false AS sponsor_consent, r.testmode," \
    "  CASE WHEN o.mine THEN r.search_key ELSE '' END AS search_key," \
    "  ''::bytea AS fingerprint, r.imported_ms, r.updated_ms, r.tutorials," \
    "  " SECRETS_ " AS secrets, " REVOKED_ " AS revoked_secrets," \
    "  CASE WHEN o.mine THEN substring(sha256(r.digest ||" \
    "   convert_to(o.items::text, 'UTF8')) FROM 1 FOR 16) ELSE r.digest" \
    "   END AS digest," \
    "  r.hub_seq, r.hub_xid, o.items, r.hold" EXTRA_ \
    " FROM checkin.registration r, (SELECT checkin.me_kind() AS kind," \
    "  checkin.me_target() AS target, (SELECT d.data->'who' FROM" \
    "  checkin.event_description d WHERE d.kind = 'list' AND d.slug =" \
    "  checkin.me_target() AND d.data IS NOT NULL) AS who" ONCE_ ") m," \
    /* mine once per row (OFFSET 0 keeps the subquery whole), and the   \
     * list's test only at a list's door: a tutorial's pays nothing. */ \
    "  LATERAL (SELECT t.mine, CASE WHEN t.mine AND m.who IS NOT NULL" \
    "   AND r.items <> '[]' THEN checkin.list_items_who(m.who, r.items)" \
    "   ELSE '[]'::jsonb END AS items FROM (SELECT m.target = ANY" \
    "   (r.tutorials) OR (m.who IS NOT NULL AND checkin.on_list_who(m.who," \
    "   m.target, r.ticket_type, r.tutorials, r.items, r.ticket_id)) AS" \
    "   mine OFFSET 0) t) o" \
    " WHERE m.kind = 'door';"
/* clang-format on */

/* The paddles whose label failed at station STATION_UID (an SQL
 * expression) and has not printed since: "3, 4", NULL for none (format
 * 36).  `hub status` (hub/hub_status.c) and the organizer's dashboard
 * (sync/worker.c) both say them. */
#define HUB_PADDLES_FAILED(STATION_UID)                                        \
    "(SELECT string_agg(q.p::text, ', ' ORDER BY q.p) FROM (SELECT DISTINCT"   \
    " x.paddle AS p FROM checkin.print_job j JOIN checkin.auction_act x ON"    \
    " x.act = 'paddle' AND x.ticket_id = j.ticket_id WHERE j.station_uid "     \
    "= " STATION_UID " AND j.kind = 'paddle' AND j.state = 'failed') q)"

#endif
