/* Hub format 42 (issue 54 item 1: the hub's CPU a check-in at 10 desks),
 * a step of its own beside hub_schema_steps.c (see hub_schema.h,
 * HUB_FORMAT_PUSH_TRIGGERS).  (This branch's hub format step: the number
 * 42 is here, in hub_schema.h's HUB_FORMAT_PUSH_TRIGGERS and
 * HUB_UPGRADE_42, hub_upgrade.c's STEPS[], hub_schema.c's HUB_FORMAT and
 * tests/older_hubs.h's HUB_NOW and FORMAT41_HUB.)
 *
 * A desk's check-in is one journal row inserted by its push; the hub's
 * PL/pgSQL triggers on it were about 1 ms of the push's 2.3-2.8 ms of hub
 * CPU (docs/performance-history.md, "Issue 54 item 1: the journal's
 * triggers in fewer calls").  The same rows are refused, set aside or
 * kept, with the same faults, by fewer calls and statements:
 *
 * - vet_scan() asks act_fault() itself, after scan_fault() and only for a
 *   row scan_fault() let through, where the trigger vet_act (the next in
 *   name order, so nothing ran between them) asked again who the station
 *   was and whether the row was held, then asked it; vet_act is gone.
 *   Whether the row is held, set aside already, and the run's highest
 *   number are one statement, not three.
 * - scan_fault() and act_fault() run with their caller's rights and path:
 *   each was a SECURITY DEFINER function with its own search_path, whose
 *   every call saved, set and restored the setting, and they are called
 *   only from the owner's own functions (vet_scan(), the organizer's
 *   upgrade steps); no station may execute them (formats 6 and 8, which
 *   made them, revoked it from PUBLIC and granted it to no one).
 * - vet_booth(), the first trigger of every journal row, decides only a
 *   lead's row (mode 'leads', NOT NULL) and returned at once for every
 *   other after reading the station's row: its trigger on the journal now
 *   has that WHEN (its trigger on checkin.lead is unchanged).
 * - The journal's change marks (format 20: mark_insert, mark_scan() and
 *   note_change()'s insert, maximum and delete) are made by
 *   checkin.fan(), the journal's other statement trigger, which already
 *   reads the statement's rows: one insert, and the delete of the writer's
 *   older marks (the maximum inside it) only when the insert added a
 *   mark, in read committed as before.  note_change() itself, which the
 *   other tables' marks call, likewise: two statements where it ran three,
 *   the second only for a mark it added.
 * - checkin.fan() plans its statements once for the session
 *   (plan_cache_mode = force_generic_plan in its settings): the seal's
 *   keystream asks for generate_series(0, blocks - 1), whose rows a
 *   generic plan cannot know, so PostgreSQL made a new plan for it at
 *   every check-in; its two notifications are one statement.  The seal's
 *   bytes are format 41's (sync/fan.c reads them as before). */
#include "checkin/hub_schema.h"
#include "checkin/hub_sql.h"

/* clang-format off */
#define VET_ONCE \
    "CREATE OR REPLACE FUNCTION checkin.vet_scan() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; top bigint; fault text; held boolean;" \
    "  aside boolean;" \
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
    "  SELECT EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   NEW.station_id AND seq = NEW.seq), EXISTS (SELECT 1 FROM" \
    "   checkin.quarantine WHERE station_id = NEW.station_id AND seq =" \
    "   NEW.seq), greatest((SELECT max(seq) FROM checkin.scan WHERE" \
    "   station_id = NEW.station_id), (SELECT max(seq) FROM" \
    "   checkin.quarantine WHERE station_id = NEW.station_id))" \
    "   INTO held, aside, top;" \
    "  IF held THEN RETURN NEW; END IF;" \
    "  IF aside THEN RETURN NULL; END IF;" \
    "  IF NEW.station IS DISTINCT FROM me.name THEN" \
    "   RAISE EXCEPTION 'station % may write only rows named %, not %'," \
    "    me.name, me.name, NEW.station USING ERRCODE = '42501'; END IF;" \
    "  IF NEW.seq NOT BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) " THEN" \
    "   RAISE EXCEPTION 'journal row number % of station % is out of" \
    " range', NEW.seq, me.name USING ERRCODE = '22003'; END IF;" \
    "  IF NEW.seq < top THEN" \
    "   RAISE EXCEPTION 'journal row %/% of station % comes after row %'," \
    "    NEW.station_id, NEW.seq, me.name, top USING ERRCODE = '23514';" \
    "  END IF;" \
    "  fault := coalesce(checkin.scan_fault(NEW.station_uid, NEW.station," \
    "   NEW.seq, NEW.at_ms, NEW.mode, NEW.target, NEW.attendee_ticket_id)," \
    "   checkin.act_fault(NEW.station_uid, NEW.at_ms, NEW.day, NEW.act," \
    "   NEW.ref_station_id, NEW.ref_seq, NEW.mode, NEW.target));" \
    "  IF fault IS NULL THEN RETURN NEW; END IF;" \
    "  INSERT INTO checkin.quarantine (station_id, seq, station_uid," \
    "   station, at_ms, fault, data) VALUES (NEW.station_id, NEW.seq," \
    "   NEW.station_uid, NEW.station, NEW.at_ms, fault, to_jsonb(NEW) -" \
    "   'hub_seq' - 'hub_xid');" \
    "  RETURN NULL;" \
    " END $$;" \
    "DROP TRIGGER vet_act ON checkin.scan;" \
    "DROP FUNCTION checkin.vet_act();" \
    "ALTER FUNCTION checkin.scan_fault(text, text, bigint, bigint, text," \
    " text, text) SECURITY INVOKER RESET search_path;" \
    "ALTER FUNCTION checkin.act_fault(text, bigint, text, text, text," \
    " bigint, text, text) SECURITY INVOKER RESET search_path;" \
    "DROP TRIGGER booth ON checkin.scan;" \
    "CREATE TRIGGER booth BEFORE INSERT ON checkin.scan FOR EACH ROW" \
    " WHEN (NEW.mode = 'leads') EXECUTE FUNCTION checkin.vet_booth();"

/* The writer's marks of `tbls` (a text[] expression) below its highest
 * committed one, deleted as note_change() did (format 20). */
#define OLDER_MARKS(TBLS) \
    "  DELETE FROM checkin.changed WHERE ctid = ANY (ARRAY(SELECT c.ctid" \
    " FROM checkin.changed c WHERE c.tbl = ANY (" TBLS ") AND c.writer =" \
    " session_user AND c.xid < (SELECT max(x.xid) FROM checkin.changed x" \
    " WHERE x.tbl = c.tbl AND x.writer = session_user AND x.xid <" \
    " pg_snapshot_xmin(pg_current_snapshot())) FOR UPDATE OF c" \
    " SKIP LOCKED));"
#define MARK_ONCE \
    "CREATE OR REPLACE FUNCTION checkin.note_change(p_tbl text) RETURNS void" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " BEGIN" \
    "  INSERT INTO checkin.changed VALUES (p_tbl, pg_current_xact_id()," \
    "   session_user) ON CONFLICT DO NOTHING;" \
    "  IF FOUND AND current_setting('transaction_isolation') =" \
    "   'read committed' THEN" \
    OLDER_MARKS("ARRAY[p_tbl]") \
    "  END IF;" \
    " END $$;" \
    "DROP TRIGGER mark_insert ON checkin.scan;" \
    "CREATE OR REPLACE FUNCTION checkin.fan() RETURNS trigger LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp" \
    " SET plan_cache_mode = force_generic_plan AS $$" \
    " DECLARE ok boolean; tbls text[]; js text; nonce bytea; pt bytea;" \
    "  body bytea; macs text; p text;" \
    " BEGIN" \
    "  SELECT bool_and(mode = 'desk' AND act = 'scan')," \
    "   array_remove(ARRAY[CASE WHEN bool_or(station_uid IS NOT NULL) THEN" \
    "   'scan' END, CASE WHEN bool_or(station_uid IS NULL) THEN" \
    "   'scan_of_no_station' END], NULL), json_agg(" \
    "   json_build_array(station_id, station, seq::text, at_ms::text, mode," \
    "   target, encode(code, 'hex'), attendee_ticket_id, encode(badge_id," \
    "   'hex'), decision, reason, direction, override, act, ref_station_id," \
    "   ref_seq::text, day, handed, supervisor, read_at_ms::text, answers)" \
    "   ORDER BY hub_seq)::text INTO ok, tbls, js FROM fan_new;" \
    "  IF cardinality(tbls) > 0 THEN" \
    "   INSERT INTO checkin.changed SELECT t, pg_current_xact_id()," \
    "    session_user FROM unnest(tbls) t ON CONFLICT DO NOTHING;" \
    "   IF FOUND AND current_setting('transaction_isolation') =" \
    "    'read committed' THEN" \
    OLDER_MARKS("tbls") \
    "   END IF;" \
    "  END IF;" \
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
    "  PERFORM pg_notify('checkin', session_user::text)," \
    "   pg_notify('checkin_scan', coalesce(p, ''));" \
    "  RETURN NULL;" \
    " END $$;"
/* clang-format on */

const char HUB_UPGRADE_42[] =
    VET_ONCE MARK_ONCE "UPDATE checkin.hub SET format = 42;";
