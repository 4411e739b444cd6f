/* Older hubs for the upgrade tests: SQL that takes a hub of this
 * checkin's format back to what an older `checkin hub init` made, each
 * on top of the newer one's (sync_util.h holds formats 1 to 12). */
#ifndef CHECKIN_TEST_OLDER_HUBS_H
#define CHECKIN_TEST_OLDER_HUBS_H

#include "checkin/hub_sql.h"

/* The format this checkin makes and upgrades to (checkin/hub_schema.h,
 * HUB_FORMAT): what every upgrade test expects a hub to end at. */
#define HUB_NOW 42

/* What a format 41 hub lacks of format 42 (hub_schema_push.c): vet_act
 * a trigger of its own, scan_fault() and act_fault() with the owner's
 * rights and path, vet_booth() called for every journal row, the
 * journal's change marks made by mark_scan() and note_change()'s three
 * statements, checkin.fan() planned at each call. */
/* clang-format off */
#define FORMAT41_HUB \
    "CREATE OR REPLACE FUNCTION checkin.vet_scan() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; top bigint; fault text;" \
    " BEGIN" \
    "  SELECT uid, name INTO me FROM checkin.station" \
    "   WHERE pg_role = session_user AND retired_ms IS NULL;" \
    "  IF NOT FOUND THEN" \
    "   IF EXISTS (SELECT 1 FROM checkin.station WHERE pg_role =" \
    "    session_user) THEN RETURN NEW; END IF;" \
    "   IF EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "    NEW.station_id AND seq = NEW.seq) THEN RETURN NEW; END IF;" \
    "   IF NEW.station_uid IS NOT NULL OR NEW.station IS DISTINCT FROM" \
    "    'organizer' THEN" \
    "    RAISE EXCEPTION 'the organizer may not write journal row %/% as" \
    " station %: a station pushes its own rows at its own sync'," \
    "     NEW.station_id, NEW.seq, NEW.station USING ERRCODE = '23514';" \
    "   END IF;" \
    "   IF NEW.act IS DISTINCT FROM 'undo' THEN" \
    "    RAISE EXCEPTION 'the organizer''s journal row %/% is a %, and" \
    " the organizer sends undos only: check people in and hand things" \
    " over at a station', NEW.station_id, NEW.seq, NEW.act" \
    "     USING ERRCODE = '23514'; END IF;" \
    "   IF NEW.seq NOT BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) " THEN" \
    "    RAISE EXCEPTION 'journal row number % of the organizer is out of" \
    " range', NEW.seq USING ERRCODE = '22003'; END IF;" \
    "   IF NOT EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "    NEW.ref_station_id AND seq = NEW.ref_seq AND act = 'scan'" \
    "    AND station_uid IS NOT NULL AND mode = NEW.mode" \
    "    AND target = NEW.target) THEN" \
    "    RAISE EXCEPTION 'the organizer''s undo %/% names row %/% of" \
    " list % %, which the hub does not hold as a station''s admission:" \
    " let the station that wrote it sync first, then sync the organizer" \
    " again', NEW.station_id, NEW.seq, coalesce(NEW.ref_station_id, '?')," \
    "     coalesce(NEW.ref_seq::text, '?'), NEW.mode," \
    "     quote_literal(NEW.target) USING ERRCODE = '23514'; END IF;" \
    "   fault := checkin.act_fault(NULL, NEW.at_ms, NEW.day, NEW.act," \
    "    NEW.ref_station_id, NEW.ref_seq, NEW.mode, NEW.target);" \
    "   IF fault IS NOT NULL THEN" \
    "    RAISE EXCEPTION 'the organizer''s undo %/% has %: the file''s" \
    " clock or zone was off; undo it again once they are right'," \
    "     NEW.station_id, NEW.seq, fault USING ERRCODE = '23514'; END IF;" \
    "   RETURN NEW;" \
    "  END IF;" \
    "  IF NEW.station_uid IS DISTINCT FROM me.uid THEN" \
    "   RAISE EXCEPTION 'station % may push only its own journal rows'," \
    "    me.name USING ERRCODE = '42501'; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   NEW.station_id AND seq = NEW.seq) THEN RETURN NEW; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.quarantine WHERE station_id =" \
    "   NEW.station_id AND seq = NEW.seq) THEN RETURN NULL; END IF;" \
    "  IF NEW.station IS DISTINCT FROM me.name THEN" \
    "   RAISE EXCEPTION 'station % may write only rows named %, not %'," \
    "    me.name, me.name, NEW.station USING ERRCODE = '42501'; END IF;" \
    "  IF NEW.seq NOT BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) " THEN" \
    "   RAISE EXCEPTION 'journal row number % of station % is out of" \
    " range', NEW.seq, me.name USING ERRCODE = '22003'; END IF;" \
    "  SELECT greatest((SELECT max(seq) FROM checkin.scan WHERE" \
    "   station_id = NEW.station_id), (SELECT max(seq) FROM" \
    "   checkin.quarantine WHERE station_id = NEW.station_id)) INTO top;" \
    "  IF NEW.seq < top THEN" \
    "   RAISE EXCEPTION 'journal row %/% of station % comes after row %'," \
    "    NEW.station_id, NEW.seq, me.name, top USING ERRCODE = '23514';" \
    "  END IF;" \
    "  fault := checkin.scan_fault(NEW.station_uid, NEW.station, NEW.seq," \
    "   NEW.at_ms, NEW.mode, NEW.target, NEW.attendee_ticket_id);" \
    "  IF fault IS NULL THEN RETURN NEW; END IF;" \
    "  INSERT INTO checkin.quarantine (station_id, seq, station_uid," \
    "   station, at_ms, fault, data) VALUES (NEW.station_id, NEW.seq," \
    "   NEW.station_uid, NEW.station, NEW.at_ms, fault, to_jsonb(NEW) -" \
    "   'hub_seq' - 'hub_xid');" \
    "  RETURN NULL;" \
    " END $$;" \
    "CREATE FUNCTION checkin.vet_act() RETURNS trigger LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE fault text;" \
    " BEGIN" \
    "  IF NOT EXISTS (SELECT 1 FROM checkin.station WHERE pg_role =" \
    "   session_user AND retired_ms IS NULL) THEN RETURN NEW; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   NEW.station_id AND seq = NEW.seq) THEN RETURN NEW; END IF;" \
    "  fault := checkin.act_fault(NEW.station_uid, NEW.at_ms, NEW.day," \
    "   NEW.act, NEW.ref_station_id, NEW.ref_seq, NEW.mode, NEW.target);" \
    "  IF fault IS NULL THEN RETURN NEW; END IF;" \
    "  INSERT INTO checkin.quarantine (station_id, seq, station_uid," \
    "   station, at_ms, fault, data) VALUES (NEW.station_id, NEW.seq," \
    "   NEW.station_uid, NEW.station, NEW.at_ms, fault, to_jsonb(NEW) -" \
    "   'hub_seq' - 'hub_xid');" \
    "  RETURN NULL;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.vet_act() FROM PUBLIC;" \
    "CREATE TRIGGER vet_act BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_act();" \
    "ALTER FUNCTION checkin.scan_fault(text, text, bigint, bigint, text," \
    " text, text) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;" \
    "ALTER FUNCTION checkin.act_fault(text, bigint, text, text, text," \
    " bigint, text, text) SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp;" \
    "DROP TRIGGER booth ON checkin.scan;" \
    "CREATE TRIGGER booth BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_booth();" \
    "CREATE OR REPLACE FUNCTION checkin.note_change(p_tbl text) RETURNS void" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE top xid8;" \
    " BEGIN" \
    "  INSERT INTO checkin.changed VALUES (p_tbl, pg_current_xact_id()," \
    "   session_user) ON CONFLICT DO NOTHING;" \
    "  IF current_setting('transaction_isolation') != 'read committed'" \
    "  THEN RETURN; END IF;" \
    "  SELECT max(xid) INTO top FROM checkin.changed WHERE tbl = p_tbl" \
    "   AND writer = session_user" \
    "   AND xid < pg_snapshot_xmin(pg_current_snapshot());" \
    "  DELETE FROM checkin.changed WHERE ctid = ANY (ARRAY(SELECT ctid" \
    "   FROM checkin.changed WHERE tbl = p_tbl AND writer = session_user" \
    "   AND xid < top FOR UPDATE SKIP LOCKED));" \
    " END $$;" \
    "CREATE TRIGGER mark_insert AFTER INSERT ON checkin.scan" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark_scan();" \
    "CREATE OR REPLACE FUNCTION checkin.fan() RETURNS trigger LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE ok boolean; js text; nonce bytea; pt bytea; body bytea;" \
    "  macs text; p text;" \
    " BEGIN" \
    "  SELECT bool_and(mode = 'desk' AND act = 'scan'), json_agg(" \
    "   json_build_array(station_id, station, seq::text, at_ms::text, mode," \
    "   target, encode(code, 'hex'), attendee_ticket_id, encode(badge_id," \
    "   'hex'), decision, reason, direction, override, act, ref_station_id," \
    "   ref_seq::text, day, handed, supervisor, read_at_ms::text, answers)" \
    "   ORDER BY hub_seq)::text INTO ok, js FROM fan_new;" \
    "  IF ok AND octet_length(js) < 5600 THEN" \
    "   nonce := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');" \
    "   pt := convert_to(js, 'UTF8');" \
    "   pt := pt || decode(repeat('20', (32 - length(pt) % 32) % 32), 'hex');" \
    "   SELECT nonce || substr(varbit_send(('x' || encode(pt, 'hex'))::varbit" \
    "    # ('x' || encode(string_agg(checkin.fan_hmac(s.ipad, s.opad, nonce" \
    "    || int4send(i)), '' ORDER BY i), 'hex'))::varbit), 5) INTO body" \
    "    FROM checkin.fan_secret s, generate_series(0, length(pt) / 32 - 1) i;" \
    "   SELECT string_agg(f.slot || ':' || encode(substr(checkin.fan_hmac(" \
    "    f.ipad, f.opad, body), 1, 16), 'base64'), ' ' ORDER BY f.slot)" \
    "    INTO macs FROM checkin.fan_key f JOIN checkin.station t" \
    "    ON t.uid = f.station_uid WHERE t.kind = 'desk' AND t.retired_ms IS NULL;" \
    "   p := 'fan1 ' || translate(encode(body, 'base64'), E'\\n', '') || ' '" \
    "    || coalesce(macs, '');" \
    "   IF octet_length(p) >= 8000 THEN p := NULL; END IF;" \
    "  END IF;" \
    "  PERFORM pg_notify('checkin', session_user::text);" \
    "  PERFORM pg_notify('checkin_scan', coalesce(p, ''));" \
    "  RETURN NULL;" \
    " END $$;" \
    "UPDATE checkin.hub SET format = 41;"
/* clang-format on */

/* What a format 40 hub lacks of format 41 (hub_schema_fan.c): the sealed
 * check-ins sent once, on `checkin_scan`; format 40 sent them on
 * `checkin` too, sealed in a statement per 8 bytes. */
#define FORMAT40_HUB                                                           \
    FORMAT41_HUB                                                               \
    "CREATE OR REPLACE FUNCTION checkin.fan() RETURNS trigger LANGUAGE"        \
    " plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"    \
    " DECLARE ok boolean; js text; s record; nonce bytea; pt bytea;"           \
    "  nb integer; ks text; ct text; body bytea; macs text; p text;"           \
    " BEGIN"                                                                   \
    "  SELECT bool_and(mode = 'desk' AND act = 'scan'), json_agg("             \
    "   json_build_array(station_id, station, seq::text, at_ms::text, mode,"   \
    "   target, encode(code, 'hex'), attendee_ticket_id, encode(badge_id,"     \
    "   'hex'), decision, reason, direction, override, act, ref_station_id,"   \
    "   ref_seq::text, day, handed, supervisor, read_at_ms::text, answers)"    \
    "   ORDER BY hub_seq)::text INTO ok, js FROM fan_new;"                     \
    "  IF ok AND octet_length(js) < 5600 THEN"                                 \
    "   SELECT * INTO s FROM checkin.fan_secret;"                              \
    "   nonce := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');"    \
    "   pt := convert_to(js, 'UTF8');"                                         \
    "   pt := pt || decode(repeat('20', (32 - length(pt) % 32) % 32), 'hex');" \
    "   nb := length(pt) / 32;"                                                \
    "   SELECT string_agg(encode(checkin.fan_hmac(s.ipad, s.opad, nonce ||"    \
    "    int4send(i)), 'hex'), '' ORDER BY i) INTO ks"                         \
    "    FROM generate_series(0, nb - 1) i;"                                   \
    "   SELECT string_agg(lpad(to_hex(('x' || substr(h, w * 16 + 1, 16))"      \
    "    ::bit(64)::bigint # ('x' || substr(ks, w * 16 + 1, 16))::bit(64)"     \
    "    ::bigint), 16, '0'), '' ORDER BY w) INTO ct"                          \
    "    FROM (SELECT encode(pt, 'hex') AS h) x, generate_series(0, nb * 4 -"  \
    "    1) w;"                                                                \
    "   body := nonce || decode(ct, 'hex');"                                   \
    "   SELECT string_agg(f.slot || ':' || encode(substr(checkin.fan_hmac("    \
    "    f.ipad, f.opad, body), 1, 16), 'base64'), ' ' ORDER BY f.slot)"       \
    "    INTO macs FROM checkin.fan_key f JOIN checkin.station t"              \
    "    ON t.uid = f.station_uid WHERE t.kind = 'desk' AND"                   \
    "    t.retired_ms IS NULL;"                                                \
    "   p := 'fan1 ' || translate(encode(body, 'base64'), E'\\n', '') || ' '"  \
    "    || coalesce(macs, '');"                                               \
    "   IF octet_length(p) >= 8000 THEN p := NULL; END IF;"                    \
    "  END IF;"                                                                \
    "  PERFORM pg_notify('checkin', coalesce(p, session_user::text));"         \
    "  PERFORM pg_notify('checkin_scan', coalesce(p, ''));"                    \
    "  RETURN NULL;"                                                           \
    " END $$;"                                                                 \
    "UPDATE checkin.hub SET format = 40;"

/* What a format 39 hub lacks of format 40 (hub_schema_fan.c): a desk's
 * check-ins carried in the notification, and the keys that seal them; a
 * channel for each table's changes and one for a door's journal rows. */
#define FORMAT39_HUB                                                           \
    FORMAT40_HUB                                                               \
    "DROP TRIGGER wake_doors ON checkin.scan;"                                 \
    "DROP FUNCTION checkin.wake_doors();"                                      \
    "CREATE OR REPLACE FUNCTION checkin.wake() RETURNS trigger LANGUAGE"       \
    " plpgsql AS $$ BEGIN PERFORM pg_notify('checkin', current_user);"         \
    " RETURN NULL; END $$;"                                                    \
    "DROP TRIGGER fan ON checkin.scan;"                                        \
    "DROP TRIGGER wake ON checkin.scan;"                                       \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.scan"               \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"                     \
    "DROP FUNCTION checkin.fan();"                                             \
    "DROP FUNCTION checkin.fan_enrol();"                                       \
    "DROP TABLE checkin.fan_key, checkin.fan_secret;"                          \
    "DROP FUNCTION checkin.fan_rand();"                                        \
    "DROP FUNCTION checkin.fan_hmac(bytea, bytea, bytea);"                     \
    "DROP FUNCTION checkin.fan_pad(bytea, int);"                               \
    "UPDATE checkin.hub SET format = 39;"

/* What a format 38 hub lacks of format 39 (hub_schema_printer_kept.c): a
 * desk's printer sentence kept to be said in the reader's language, and
 * the dashboards woken by its change. */
#define FORMAT38_HUB                                                           \
    FORMAT39_HUB                                                               \
    "DROP TRIGGER status_wake ON checkin.station;"                             \
    "ALTER TABLE checkin.station DROP COLUMN printer_kept;"                    \
    "CREATE TRIGGER status_wake AFTER UPDATE OF printer, printer_state,"       \
    " printer_message ON checkin.station FOR EACH ROW WHEN"                    \
    " (OLD.printer IS DISTINCT FROM NEW.printer OR OLD.printer_state IS"       \
    " DISTINCT FROM NEW.printer_state OR OLD.printer_message IS DISTINCT"      \
    " FROM NEW.printer_message) EXECUTE FUNCTION checkin.status_wake();"       \
    "UPDATE checkin.hub SET format = 38;"

/* What a format 37 hub lacks of format 38 (hub_schema_me.c): who calls
 * asked through SQL functions, planned at every call; three checks of a
 * journal row called for every row. */
#define ME_SQL(NAME, COLUMN)                                                   \
    "CREATE OR REPLACE FUNCTION checkin." NAME "() RETURNS text LANGUAGE sql"  \
    " STABLE AS $$ SELECT " COLUMN " FROM checkin.station WHERE pg_role ="     \
    " current_user AND retired_ms IS NULL $$;"
#define EVERY_ROW(TRIGGER)                                                     \
    "DROP TRIGGER " TRIGGER " ON checkin.scan;"                                \
    " CREATE TRIGGER " TRIGGER " BEFORE INSERT ON checkin.scan FOR EACH ROW"   \
    " EXECUTE FUNCTION checkin." TRIGGER "();"
#define FORMAT37_HUB                                                           \
    FORMAT38_HUB                                                               \
    ME_SQL("me_uid", "uid")                                                    \
    ME_SQL("me_kind", "kind")                                                  \
    ME_SQL("me_target", "target")                                              \
    ME_SQL("me_name", "name")                                                  \
    EVERY_ROW("vet_supervisor")                                                \
    EVERY_ROW("vet_undo")                                                      \
    EVERY_ROW("vet_answers") "UPDATE checkin.hub SET format = 37;"

/* What a format 36 hub lacks of format 37 (hub_schema_board.c): a desk's
 * door rows of no target (the open spaces' board's) set aside as any
 * desk's door row but a sprint's or the auction's. */
#define FORMAT36_HUB                                                           \
    FORMAT37_HUB                                                               \
    SCAN_FAULT("CREATE OR REPLACE",                                            \
               "(CASE WHEN me.kind = 'desk' AND p_mode = 'door' AND (p_target" \
               " LIKE 'sprint:%' OR p_target LIKE 'auction:%') THEN false"     \
               " ELSE " KIND_RULE_12 " END)")                                  \
    "DROP POLICY own_rows ON checkin.scan;"                                    \
    "CREATE POLICY own_rows ON checkin.scan FOR INSERT"                        \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())"                     \
    " AND ((mode = (SELECT checkin.me_kind())"                                 \
    " AND (mode = 'desk' OR target = (SELECT checkin.me_target())))"           \
    " OR (mode = 'leads' AND " SPEAKS_FOR(                                     \
        "target") ")"                                                          \
                  " OR (mode = 'door' AND (SELECT checkin.me_kind()) = 'desk'" \
                  " AND (target LIKE 'sprint:%' OR target LIKE "               \
                  "'auction:%'))));"                                           \
                  " UPDATE checkin.hub SET format = 36;"

/* What a format 35 hub lacks of format 36 (hub_schema_auction_void.c):
 * no auction's voids, no paddle labels' print jobs. */
#define FORMAT35_HUB                                                           \
    FORMAT36_HUB                                                               \
    "DELETE FROM checkin.auction_act WHERE act = 'void';"                      \
    " DELETE FROM checkin.print_job WHERE kind = 'paddle';"                    \
    " ALTER TABLE checkin.print_job DROP CONSTRAINT print_job_kind_check,"     \
    " ADD CONSTRAINT print_job_kind_check CHECK (kind IN ('badge','ticket'));" \
    " ALTER TABLE checkin.auction_act DROP COLUMN of_station_id,"              \
    " DROP COLUMN of_seq, DROP COLUMN reason,"                                 \
    " DROP CONSTRAINT auction_act_act_check,"                                  \
    " ADD CONSTRAINT auction_act_act_check CHECK (act IN ('paddle', 'win',"    \
    " 'settle'));"                                                             \
    " UPDATE checkin.hub SET format = 35;"

/* What a format 34 hub lacks of format 35 (hub_schema_triage_changes.c):
 * no view of the desks' name edits for a triage. */
#define FORMAT34_HUB                                                           \
    FORMAT35_HUB                                                               \
    "DROP VIEW IF EXISTS checkin.triage_registration_change;"                  \
    " UPDATE checkin.hub SET format = 34;"

/* What a format 33 hub lacks of format 34 (hub_schema_triage_role.c): no
 * triage's role, its view or its reads. */
#define FORMAT33_HUB                                                           \
    FORMAT34_HUB                                                               \
    "DROP VIEW IF EXISTS checkin.triage_registration;"                         \
    " ALTER TABLE checkin.station DROP CONSTRAINT station_kind_check,"         \
    " ADD CONSTRAINT station_kind_check CHECK (kind IN ('desk','door',"        \
    " 'leads','expo'));"                                                       \
    " DROP POLICY stations ON checkin.event_description;"                      \
    " CREATE POLICY stations ON checkin.event_description FOR SELECT"          \
    " USING ((SELECT checkin.me_kind()) = 'desk'"                              \
    " OR ((SELECT checkin.me_kind()) = 'door' AND kind <> 'supervisor')"       \
    " OR ((SELECT checkin.me_kind()) IN ('leads', 'expo')"                     \
    " AND kind IN ('event','ticket_type','tutorial','sponsor')));"             \
    " DROP POLICY desks_doors ON checkin.badge;"                               \
    " CREATE POLICY desks_doors ON checkin.badge FOR SELECT"                   \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door'));"                  \
    " DROP POLICY desks ON checkin.preprint;"                                  \
    " CREATE POLICY desks ON checkin.preprint FOR SELECT"                      \
    " USING ((SELECT checkin.me_kind()) = 'desk');"                            \
    " DROP POLICY desks ON checkin.handover;"                                  \
    " CREATE POLICY desks ON checkin.handover FOR SELECT"                      \
    " USING ((SELECT checkin.me_kind()) = 'desk');"                            \
    " DROP POLICY own ON checkin.triage_sent;"                                 \
    " CREATE POLICY own ON checkin.triage_sent FOR SELECT"                     \
    " USING ((SELECT checkin.me_kind()) = 'desk'"                              \
    " AND station_uid = (SELECT checkin.me_uid()));"                           \
    " DROP POLICY desks_send ON checkin.triage_sent;"                          \
    " CREATE POLICY desks_send ON checkin.triage_sent FOR INSERT"              \
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'"                         \
    " AND station_uid = (SELECT checkin.me_uid()));"                           \
    " UPDATE checkin.hub SET format = 33;"

/* What a format 32 hub lacks of format 33 (hub_schema_auction.c): no
 * auction's acts, and a desk's auction door rows set aside as format 31
 * set aside any desk's door row but a sprint's. */
#define FORMAT32_HUB                                                           \
    FORMAT33_HUB                                                               \
    "DROP TABLE IF EXISTS checkin.auction_act;"                                \
    " DELETE FROM checkin.changed WHERE tbl = 'auction_act';" SCAN_FAULT(      \
        "CREATE OR REPLACE",                                                   \
        "(CASE WHEN me.kind = 'desk' AND p_mode = 'door' AND p_target LIKE"    \
        " 'sprint:%' THEN false ELSE " KIND_RULE_12                            \
        " END)") "DROP POLICY own_rows ON checkin.scan;"                       \
                 "CREATE POLICY own_rows ON checkin.scan FOR INSERT"           \
                 " WITH CHECK (station_uid = (SELECT checkin.me_uid())"        \
                 " AND ((mode = (SELECT checkin.me_kind())"                    \
                 " AND (mode = 'desk' OR target = (SELECT "                    \
                 "checkin.me_target())))"                                      \
                 " OR (mode = 'leads' AND " SPEAKS_FOR(                        \
                     "target") ")"                                             \
                               " OR (mode = 'door' AND (SELECT "               \
                               "checkin.me_kind()) = 'desk'"                   \
                               " AND target LIKE 'sprint:%')));"               \
                               " UPDATE checkin.hub SET format = 32;"

/* What a format 31 hub lacks of format 32 (hub_schema_triage.c): no
 * triage's sends. */
#define FORMAT31_HUB                                                           \
    FORMAT32_HUB                                                               \
    "DROP TABLE IF EXISTS checkin.triage_sent;"                                \
    " DELETE FROM checkin.changed WHERE tbl = 'triage_sent';"                  \
    " UPDATE checkin.hub SET format = 31;"

/* What a format 30 hub lacks of format 31 (hub_schema_sprints.c): no
 * sprint projects in the description, and a desk's sprint check-ins (door
 * rows) set aside as any desk's door row. */
#define FORMAT30_HUB                                                           \
    FORMAT31_HUB                                                               \
    "DELETE FROM checkin.event_description WHERE kind = 'sprint_project';"     \
    " ALTER TABLE checkin.event_description"                                   \
    " DROP CONSTRAINT event_description_kind_check,"                           \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN"              \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting',"    \
    " 'supervisor','list','question'));" SCAN_FAULT(                           \
        "CREATE OR REPLACE",                                                   \
        KIND_RULE_12) "DROP POLICY own_rows ON checkin.scan;"                  \
                      "CREATE POLICY own_rows ON checkin.scan FOR INSERT"      \
                      " WITH CHECK (station_uid = (SELECT checkin.me_uid())"   \
                      " AND ((mode = (SELECT checkin.me_kind())"               \
                      " AND (mode = 'desk' OR target = (SELECT "               \
                      "checkin.me_target())))"                                 \
                      " OR (mode = 'leads' AND " SPEAKS_FOR(                   \
                          "target") ")));"                                     \
                                    " UPDATE checkin.hub SET format = 30;"

/* What a format 29 hub lacks of format 30 (hub_schema_open_spaces.c):
 * no open spaces' claims. */
#define FORMAT29_HUB                                                           \
    FORMAT30_HUB                                                               \
    "DROP TABLE IF EXISTS checkin.open_space_claim;"                           \
    " DELETE FROM checkin.changed WHERE tbl = 'open_space_claim';"             \
    " UPDATE checkin.hub SET format = 29;"

/* What a format 28 hub lacks of format 29 (hub_schema_version.c): no
 * station's checkin version. */
#define FORMAT28_HUB                                                           \
    FORMAT29_HUB                                                               \
    "ALTER TABLE checkin.station DROP COLUMN IF EXISTS client_version;"        \
    " UPDATE checkin.hub SET format = 28;"

/* What a format 27 hub lacks of format 28 (hub_schema_answers.c): a
 * door's answers set aside as format 26 vetted them. */
#define FORMAT27_HUB                                                           \
    FORMAT28_HUB                                                               \
    "DROP FUNCTION IF EXISTS checkin.answers_fault(text, text, text);"         \
    " ALTER FUNCTION checkin.answers_fault_26(text, text, text)"               \
    " RENAME TO answers_fault;"                                                \
    " UPDATE checkin.hub SET format = 27;"

/* What a format 26 hub lacks of format 27 (hub_schema_preprint.c,
 * BOXES): no pre-printed badges' places nor hand-overs. */
#define FORMAT26_HUB                                                           \
    FORMAT27_HUB                                                               \
    "DROP TABLE IF EXISTS checkin.handover;"                                   \
    " DROP TABLE IF EXISTS checkin.preprint;"                                  \
    " DROP FUNCTION IF EXISTS checkin.handover_station();"                     \
    " DELETE FROM checkin.changed WHERE tbl IN ('preprint', 'handover');"      \
    " UPDATE checkin.hub SET format = 26;"

/* What a format 25 hub lacks of format 26 (hub_schema_steps.c, ASKED):
 * no answers on journal rows nor their vetting, and station_answer as
 * format 10 made it (the admission list's or the door's list's shown
 * questions only). */
#define FORMAT25_HUB                                                           \
    FORMAT26_HUB                                                               \
    "DROP TRIGGER IF EXISTS vet_answers ON checkin.scan;"                      \
    " DROP FUNCTION IF EXISTS checkin.vet_answers();"                          \
    " DROP FUNCTION IF EXISTS checkin.answers_fault(text, text, text);"        \
    " ALTER TABLE checkin.scan DROP COLUMN IF EXISTS answers;"                 \
    " CREATE OR REPLACE VIEW checkin.station_answer WITH (security_barrier)"   \
    " AS SELECT a.ticket_id, a.question, a.answer, a.hub_seq, a.hub_xid"       \
    " FROM checkin.answer a, (SELECT checkin.me_kind() AS kind,"               \
    "  checkin.me_target() AS target) m"                                       \
    " WHERE m.kind IN ('desk', 'door') AND EXISTS (SELECT 1 FROM"              \
    "  checkin.event_description d, jsonb_array_elements(d.data->'show') s"    \
    "  WHERE d.kind = 'list' AND d.data IS NOT NULL AND d.slug = CASE"         \
    "  m.kind WHEN 'desk' THEN '' ELSE m.target END"                           \
    "  AND s->>'what' = 'question' AND s->>'question' = a.question)"           \
    " AND (m.kind = 'desk' OR EXISTS (SELECT 1 FROM checkin.registration r"    \
    "  WHERE r.ticket_id = a.ticket_id AND checkin.on_list(m.target,"          \
    "  r.ticket_type, r.tutorials, r.items, r.ticket_id)));"                   \
    " UPDATE checkin.hub SET format = 25;"

/* What a format 24 hub lacks of format 25 (hub_schema_steps.c,
 * VETTED_CHANGES, STATUS_CLAMPED): a desk's walk-ins, edits and undos
 * not vetted, a station's status and conflicts as it writes them. */
#define FORMAT24_HUB                                                           \
    FORMAT25_HUB                                                               \
    "DROP TRIGGER IF EXISTS check_rules ON checkin.registration_change;"       \
    " DROP TRIGGER IF EXISTS vet_undo ON checkin.scan;"                        \
    " DROP FUNCTION IF EXISTS checkin.vet_change_rules();"                     \
    " DROP FUNCTION IF EXISTS checkin.vet_undo();"                             \
    " DROP FUNCTION IF EXISTS checkin.change_fault(text, bigint, text, text,"  \
    " text);"                                                                  \
    " DROP TABLE IF EXISTS checkin.set_aside_change;"                          \
    " DROP TRIGGER IF EXISTS clamp_status ON checkin.station;"                 \
    " DROP TRIGGER IF EXISTS keep ON checkin.conflict;"                        \
    " DROP FUNCTION IF EXISTS checkin.clamp_status();"                         \
    " DROP FUNCTION IF EXISTS checkin.keep_conflict();"                        \
    " ALTER TABLE checkin.station DROP COLUMN IF EXISTS conflicts_over;"       \
    " UPDATE checkin.hub SET format = 24;"

/* What a format 23 hub lacks of format 24 (hub_schema_steps.c,
 * DOOR_FIELDS): no registration.door, and door_registration made again
 * from its own text less that column, with the grants it had. */
#define FORMAT23_HUB                                                           \
    FORMAT24_HUB                                                               \
    "DO $$ DECLARE v text; g text; BEGIN"                                      \
    " v := pg_get_viewdef('checkin.door_registration');"                       \
    " SELECT string_agg(format('GRANT SELECT ON checkin.door_registration"     \
    " TO %I;', pg_get_userbyid(a.grantee)), '') INTO g FROM pg_class c,"       \
    "  aclexplode(c.relacl) a WHERE c.oid ="                                   \
    "  'checkin.door_registration'::regclass AND a.privilege_type ="           \
    "  'SELECT' AND a.grantee <> c.relowner;"                                  \
    " DROP VIEW checkin.door_registration;"                                    \
    " ALTER TABLE checkin.registration DROP COLUMN door;"                      \
    " EXECUTE 'CREATE VIEW checkin.door_registration WITH"                     \
    " (security_barrier) AS ' || regexp_replace(v,"                            \
    "  ',\\s*CASE\\s+WHEN o\\.mine THEN r\\.door\\s+ELSE[^E]*END AS door',"    \
    "  '');"                                                                   \
    " EXECUTE 'REVOKE ALL ON checkin.door_registration FROM PUBLIC;' ||"       \
    "  coalesce(g, '');"                                                       \
    " END $$;"                                                                 \
    " UPDATE checkin.hub SET format = 23;"

/* What a format 22 hub lacks of format 23 (hub_schema_steps.c,
 * EXPO_LEADS): no sponsor's leads for an expo station. */
#define FORMAT22_HUB                                                           \
    FORMAT23_HUB                                                               \
    "DROP FUNCTION IF EXISTS checkin.expo_sponsor_leads(text);"                \
    " DROP FUNCTION IF EXISTS checkin.expo_sponsor_lead_suspects(text);"       \
    " DROP FUNCTION IF EXISTS checkin.expo_leads_near(text);"                  \
    " UPDATE checkin.hub SET format = 22;"

/* What a format 21 hub lacks of format 22 (hub_schema_steps.c,
 * STATUS_WAKE): no trigger that tells the dashboards of a station's
 * printer. */
#define FORMAT21_HUB                                                           \
    FORMAT22_HUB                                                               \
    "DROP TRIGGER IF EXISTS status_wake ON checkin.station;"                   \
    " DROP FUNCTION IF EXISTS checkin.status_wake();"                          \
    " UPDATE checkin.hub SET format = 21;"

/* What a format 20 hub lacks of format 21 (hub_schema_steps.c,
 * INLINE_HASHED): checkin.hashed(text[]) as format 15 made it, in
 * PL/pgSQL, and no hashed_each. */
#define FORMAT20_HUB                                                           \
    FORMAT21_HUB                                                               \
    "CREATE OR REPLACE FUNCTION checkin.hashed(text[]) RETURNS text[]"         \
    " LANGUAGE plpgsql IMMUTABLE STRICT AS $$"                                 \
    " DECLARE s text[] := $1; x text; o text[] := '{}';"                       \
    " BEGIN"                                                                   \
    "  IF cardinality(s) > 1 THEN"                                             \
    "   s := ARRAY(SELECT y FROM unnest(s) y ORDER BY y); END IF;"             \
    "  FOREACH x IN ARRAY s LOOP"                                              \
    "   o := o || checkin.hashed(convert_to(x, 'UTF8')); END LOOP;"            \
    "  RETURN o;"                                                              \
    " END $$;"                                                                 \
    " DROP FUNCTION IF EXISTS checkin.hashed_each(text[]);"                    \
    " UPDATE checkin.hub SET format = 20;"

/* What a format 19 hub lacks of format 20 (hub_schema_steps.c, MARKS):
 * no change marks, the triggers that note them and their functions, and
 * registration's stamp run for every row. */
#define FORMAT19_HUB                                                           \
    FORMAT20_HUB                                                               \
    "DO $$ DECLARE t regclass; BEGIN"                                          \
    " FOR t IN SELECT tgrelid::regclass FROM pg_trigger WHERE tgname ="        \
    "  'mark_insert' LOOP"                                                     \
    "  EXECUTE format('DROP TRIGGER mark_insert ON %s;"                        \
    " DROP TRIGGER mark_update ON %s', t, t);"                                 \
    " END LOOP; END $$;"                                                       \
    " DROP FUNCTION checkin.mark(); DROP FUNCTION checkin.mark_scan();"        \
    " DROP FUNCTION checkin.note_change(text); DROP TABLE checkin.changed;"    \
    " DROP TRIGGER stamp ON checkin.registration;"                             \
    " CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.registration"    \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"                          \
    " UPDATE checkin.hub SET format = 19;"
/* What a format 18 hub lacks of format 19 (hub_schema_steps.c, ADDONS):
 * no add-on codes named apart, door_registration as format 15 made it
 * (made again from its own text less that column, with the grants it
 * had). */
#define FORMAT18_HUB                                                           \
    FORMAT19_HUB                                                               \
    "DO $$ DECLARE v text; g text; BEGIN"                                      \
    " v := pg_get_viewdef('checkin.door_registration');"                       \
    " SELECT string_agg(format('GRANT SELECT ON checkin.door_registration"     \
    " TO %I;', pg_get_userbyid(a.grantee)), '') INTO g FROM pg_class c,"       \
    "  aclexplode(c.relacl) a WHERE c.oid ="                                   \
    "  'checkin.door_registration'::regclass AND a.privilege_type ="           \
    "  'SELECT' AND a.grantee <> c.relowner;"                                  \
    " DROP VIEW checkin.door_registration;"                                    \
    " ALTER TABLE checkin.registration DROP COLUMN addon_secrets;"             \
    " EXECUTE 'CREATE VIEW checkin.door_registration WITH"                     \
    " (security_barrier) AS ' || regexp_replace(v,"                            \
    "  ',\\s*(checkin\\.)?hashed\\(r\\.addon_secrets\\) AS"                    \
    " addon_secrets', '');"                                                    \
    " EXECUTE 'REVOKE ALL ON checkin.door_registration FROM PUBLIC;' ||"       \
    "  coalesce(g, '');"                                                       \
    " END $$;"                                                                 \
    " UPDATE checkin.hub SET format = 18;"
/* What a format 17 hub lacks of format 18 (hub_schema_steps.c,
 * ORGANIZER_UNDO): every journal row names its station, and vet_scan lets
 * the organizer (the owner) through unvetted, as format 6 made it (its
 * own text less the organizer's branch). */
#define FORMAT17_HUB                                                           \
    FORMAT18_HUB                                                               \
    "DO $$ DECLARE d text; BEGIN"                                              \
    " d := pg_get_functiondef('checkin.vet_scan()'::regprocedure);"            \
    " EXECUTE regexp_replace(d, 'IF NOT FOUND THEN.*?(IF NEW\\.station_uid"    \
    " IS DISTINCT)', 'IF NOT FOUND THEN RETURN NEW; END IF; \\1');"            \
    " END $$;"                                                                 \
    " ALTER TABLE checkin.scan ALTER COLUMN station_uid SET NOT NULL;"         \
    " UPDATE checkin.hub SET format = 17;"
/* What a format 16 hub lacks of format 17 (hub_schema_steps.c, READ_AT):
 * no read time in the journal, door_scan as format 8 made it (made again
 * from its own text less that column, with the grants it had). */
#define FORMAT16_HUB                                                           \
    FORMAT17_HUB                                                               \
    "DO $$ DECLARE v text; g text; BEGIN"                                      \
    " v := pg_get_viewdef('checkin.door_scan');"                               \
    " SELECT string_agg(format('GRANT SELECT ON checkin.door_scan TO %I;',"    \
    "  pg_get_userbyid(a.grantee)), '') INTO g FROM pg_class c,"               \
    "  aclexplode(c.relacl) a WHERE c.oid = 'checkin.door_scan'::regclass"     \
    "  AND a.privilege_type = 'SELECT' AND a.grantee <> c.relowner;"           \
    " DROP VIEW checkin.door_scan;"                                            \
    " ALTER TABLE checkin.scan DROP COLUMN read_at_ms;"                        \
    " EXECUTE 'CREATE VIEW checkin.door_scan WITH (security_barrier) AS ' ||"  \
    "  regexp_replace(v, ',\\s*s\\.read_at_ms', '');"                          \
    " EXECUTE 'REVOKE ALL ON checkin.door_scan FROM PUBLIC;' ||"               \
    "  coalesce(g, '');"                                                       \
    " END $$;"                                                                 \
    " UPDATE checkin.hub SET format = 16;"
/* What a format 15 hub lacks of format 16 (hub_schema_steps.c,
 * LEASE_MOVES, OVERSOLD): when a door took and gave seats, take_seats as
 * format 14 made it, and no note of a tutorial sold past its seats. */
#define FORMAT15_HUB                                                           \
    FORMAT16_HUB                                                               \
    "DROP TABLE checkin.oversold;"                                             \
    " DROP TRIGGER oversold ON checkin.registration_change;"                   \
    " DROP FUNCTION checkin.note_oversold();"                                  \
    "DROP TRIGGER moved ON checkin.seat_lease;"                                \
    " DROP FUNCTION checkin.lease_moved();"                                    \
    " ALTER TABLE checkin.seat_lease DROP COLUMN took, DROP COLUMN gave;"      \
    " DO $$ BEGIN EXECUTE regexp_replace(pg_get_functiondef("                  \
    " 'checkin.take_seats(text, int)'::regprocedure), 'SELECT coalesce"        \
    "\\(sum\\(l.granted - l.released\\), 0\\) INTO held.*?END IF;', '');"      \
    " END $$;"                                                                 \
    " UPDATE checkin.hub SET format = 15;"
/* What a format 14 hub lacks of format 15 (hub_schema.c, SECRETS): no
 * stored hashes of the secrets, door_registration hashing them at each
 * read with the SQL function formats 7 to 14 have, its calling door's row
 * not kept whole (taken out of the view's text as the hub holds it). */
#define FORMAT14_HUB                                                           \
    FORMAT15_HUB                                                               \
    "DO $$ BEGIN EXECUTE 'CREATE OR REPLACE VIEW checkin.door_registration"    \
    " WITH (security_barrier) AS ' || regexp_replace(replace(replace("         \
    " pg_get_viewdef('checkin.door_registration'), 'r.hashed_secrets',"        \
    " 'checkin.hashed(r.secrets)'), 'r.hashed_revoked',"                       \
    " 'checkin.hashed(r.revoked_secrets)'), 'OFFSET 0\\) m,', ') m,');"        \
    " END $$;"                                                                 \
    " ALTER TABLE checkin.registration DROP COLUMN hashed_secrets,"            \
    " DROP COLUMN hashed_revoked;"                                             \
    " CREATE OR REPLACE FUNCTION checkin.hashed(text[]) RETURNS text[]"        \
    " LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT coalesce(array_agg("          \
    " checkin.hashed(convert_to(x, 'UTF8')) ORDER BY x), '{}') FROM"           \
    " unnest($1) x $$;"                                                        \
    " UPDATE checkin.hub SET format = 14;"
/* What a format 13 hub lacks of format 14 (hub_schema.c, LEASES). */
#define FORMAT13_HUB                                                           \
    FORMAT14_HUB                                                               \
    " DROP FUNCTION checkin.take_seats(text, int);"                            \
    " DROP TABLE checkin.seat_lease;"                                          \
    " DROP FUNCTION checkin.lease_only_up();"                                  \
    " UPDATE checkin.hub SET format = 13;"

#endif
