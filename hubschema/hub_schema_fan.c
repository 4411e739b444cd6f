/* Hub format 40 (issue 54 item 1: a check-in cheap for every other
 * desk), a step of its own beside hub_schema_steps.c (see hub_schema.h,
 * HUB_FORMAT_FAN).  (This branch's hub format step: the number 40 is
 * here, in hub_schema.h's HUB_FORMAT_FAN and HUB_UPGRADE_40, hub_upgrade.c's
 * STEPS[], hub_schema.c's HUB_FORMAT and tests/older_hubs.h's HUB_NOW and
 * FORMAT39_HUB.)
 *
 * A desk's check-ins travel to the other desks in the notification their
 * push's commit sends, sealed by the hub, so that a running desk applies
 * them without a pull (sync/fan.c; docs/sync-history.md, "Check-ins
 * carried in the notification").
 *
 * - checkin.fan_secret: one key the desks share (to decrypt), and
 *   checkin.fan_key: each desk's own key (to check the hub's MAC), with
 *   its slot in the payload; both with HMAC-SHA256's two padded keys
 *   made once (fan_pad), so that an HMAC is two calls of the server's
 *   own sha256() (fan_hmac).  No station role may read either table;
 *   a desk learns its key and the desks' at its connection
 *   (fan_enrol(), the organizer's rights, for a desk's role only).
 * - checkin.fan(): the journal's statement trigger, in place of its
 *   wake: when every row the statement added is a desk's check-in row
 *   (mode desk, act scan), it notifies "fan1 NONCE+CIPHERTEXT MACS" on
 *   `checkin`: the rows as the desks' pull reads them (JSON, padded with
 *   spaces to 32 bytes), XORed with HMAC-SHA256(shared key, nonce ||
 *   block number) (counter mode; the nonce a fresh random UUID's 16
 *   bytes), and for each desk its slot and the first 16 bytes of
 *   HMAC-SHA256(its key, nonce || ciphertext).  Anything else, and a
 *   payload of 8,000 bytes or more, notifies the writer's role as before
 *   (a hint to pull).  It runs with the organizer's rights, and a trigger
 *   function cannot be called by itself, so no station can have the hub
 *   seal rows it did not insert. */
#include "checkin/hub_schema.h"

/* clang-format off */
#define FAN \
    "CREATE FUNCTION checkin.fan_pad(k bytea, p int) RETURNS bytea" \
    " LANGUAGE plpgsql IMMUTABLE AS $$" \
    " DECLARE r bytea := k || decode(repeat('00', 64 - length(k)), 'hex');" \
    " BEGIN" \
    "  FOR i IN 0..63 LOOP r := set_byte(r, i, get_byte(r, i) # p); END LOOP;" \
    "  RETURN r;" \
    " END $$;" \
    "CREATE FUNCTION checkin.fan_hmac(ipad bytea, opad bytea, m bytea)" \
    " RETURNS bytea LANGUAGE sql IMMUTABLE AS" \
    " $$ SELECT sha256(opad || sha256(ipad || m)) $$;" \
    "CREATE FUNCTION checkin.fan_rand() RETURNS bytea LANGUAGE sql" \
    " VOLATILE AS $$ SELECT sha256(decode(replace(gen_random_uuid()::text" \
    " || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))" \
    " $$;" \
    "CREATE TABLE checkin.fan_secret (" \
    "  one boolean PRIMARY KEY DEFAULT true CHECK (one)," \
    "  key bytea NOT NULL, ipad bytea NOT NULL, opad bytea NOT NULL);" \
    "CREATE TABLE checkin.fan_key (" \
    "  station_uid text PRIMARY KEY," \
    "  slot integer GENERATED ALWAYS AS IDENTITY UNIQUE," \
    "  key bytea NOT NULL, ipad bytea NOT NULL, opad bytea NOT NULL);" \
    "ALTER TABLE checkin.fan_secret ENABLE ROW LEVEL SECURITY;" \
    "ALTER TABLE checkin.fan_key ENABLE ROW LEVEL SECURITY;" \
    "REVOKE ALL ON checkin.fan_secret, checkin.fan_key FROM PUBLIC;" \
    "INSERT INTO checkin.fan_secret (key, ipad, opad) SELECT k," \
    " checkin.fan_pad(k, 54), checkin.fan_pad(k, 92) FROM" \
    " (SELECT checkin.fan_rand() AS k) x;" \
    "CREATE FUNCTION checkin.fan_enrol(OUT my_slot integer, OUT my_key text," \
    "  OUT desks_key text) RETURNS SETOF record LANGUAGE plpgsql VOLATILE" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE u text;" \
    " BEGIN" \
    "  SELECT uid INTO u FROM checkin.station WHERE pg_role = session_user" \
    "   AND kind = 'desk' AND retired_ms IS NULL;" \
    "  IF u IS NULL THEN RETURN; END IF;" \
    "  INSERT INTO checkin.fan_key (station_uid, key, ipad, opad)" \
    "   SELECT u, k, checkin.fan_pad(k, 54), checkin.fan_pad(k, 92)" \
    "   FROM (SELECT checkin.fan_rand() AS k) x ON CONFLICT DO NOTHING;" \
    "  RETURN QUERY SELECT f.slot, encode(f.key, 'hex'), encode(s.key, 'hex')" \
    "   FROM checkin.fan_key f, checkin.fan_secret s WHERE f.station_uid = u;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.fan_pad(bytea, int)," \
    " checkin.fan_hmac(bytea, bytea, bytea), checkin.fan_rand()," \
    " checkin.fan_enrol() FROM PUBLIC;" \
    "GRANT EXECUTE ON FUNCTION checkin.fan_enrol() TO @G;" \
    "CREATE FUNCTION checkin.fan() RETURNS trigger LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE ok boolean; js text; s record; nonce bytea; pt bytea;" \
    "  nb integer; ks text; ct text; body bytea; macs text; p text;" \
    " BEGIN" \
    "  SELECT bool_and(mode = 'desk' AND act = 'scan'), json_agg(" \
    "   json_build_array(station_id, station, seq::text, at_ms::text, mode," \
    "   target, encode(code, 'hex'), attendee_ticket_id, encode(badge_id," \
    "   'hex'), decision, reason, direction, override, act, ref_station_id," \
    "   ref_seq::text, day, handed, supervisor, read_at_ms::text, answers)" \
    "   ORDER BY hub_seq)::text INTO ok, js FROM fan_new;" \
    "  IF ok AND octet_length(js) < 5600 THEN" \
    "   SELECT * INTO s FROM checkin.fan_secret;" \
    "   nonce := decode(replace(gen_random_uuid()::text, '-', ''), 'hex');" \
    "   pt := convert_to(js, 'UTF8');" \
    "   pt := pt || decode(repeat('20', (32 - length(pt) % 32) % 32), 'hex');" \
    "   nb := length(pt) / 32;" \
    "   SELECT string_agg(encode(checkin.fan_hmac(s.ipad, s.opad, nonce ||" \
    "    int4send(i)), 'hex'), '' ORDER BY i) INTO ks" \
    "    FROM generate_series(0, nb - 1) i;" \
    "   SELECT string_agg(lpad(to_hex(('x' || substr(h, w * 16 + 1, 16))" \
    "    ::bit(64)::bigint # ('x' || substr(ks, w * 16 + 1, 16))::bit(64)" \
    "    ::bigint), 16, '0'), '' ORDER BY w) INTO ct" \
    "    FROM (SELECT encode(pt, 'hex') AS h) x, generate_series(0, nb * 4 - 1) w;" \
    "   body := nonce || decode(ct, 'hex');" \
    "   SELECT string_agg(f.slot || ':' || encode(substr(checkin.fan_hmac(" \
    "    f.ipad, f.opad, body), 1, 16), 'base64'), ' ' ORDER BY f.slot)" \
    "    INTO macs FROM checkin.fan_key f JOIN checkin.station t" \
    "    ON t.uid = f.station_uid WHERE t.kind = 'desk' AND t.retired_ms IS NULL;" \
    "   p := 'fan1 ' || translate(encode(body, 'base64'), E'\\n', '') || ' '" \
    "    || coalesce(macs, '');" \
    "   IF octet_length(p) >= 8000 THEN p := NULL; END IF;" \
    "  END IF;" \
    "  PERFORM pg_notify('checkin', coalesce(p, session_user::text));" \
    "  PERFORM pg_notify('checkin_scan', coalesce(p, ''));" \
    "  RETURN NULL;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.fan() FROM PUBLIC;" \
    "DROP TRIGGER wake ON checkin.scan;" \
    "CREATE TRIGGER wake AFTER UPDATE ON checkin.scan" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "CREATE TRIGGER fan AFTER INSERT ON checkin.scan" \
    " REFERENCING NEW TABLE AS fan_new" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.fan();"

/* Every table a station pulls wakes the stations at commit
 * (checkin.wake(), hub_schema.c) on one channel, `checkin`, so a desk's
 * check-in woke every booth and door of the event, each of which pulled
 * and found nothing it may read (sync_bench event: 70 stations' pulls a
 * check-in).  From this format on the same trigger also names its
 * table's channel, `checkin_TABLE` (the journal's inserts: checkin.fan()
 * above, on `checkin_scan` with the same payload), and a door's journal
 * row (mode 'door', the rows checkin.door_scan shows a door)
 * `checkin_scan_door`.  A station of this checkin listens on the channels
 * of what it pulls (sync_listen_sql, sync/listen.c) and leaves `checkin`,
 * which stays for the organizer's database (it pulls nearly all) and for
 * stations of an older checkin.  PostgreSQL hands a notification only to
 * the sessions listening on its channel and drops the same one sent twice
 * in a transaction, so a push of many door rows is one. */
#define WAKE_BY_TABLE \
    "CREATE OR REPLACE FUNCTION checkin.wake() RETURNS trigger LANGUAGE" \
    " plpgsql AS $$ BEGIN PERFORM pg_notify('checkin', current_user);" \
    " PERFORM pg_notify('checkin_' || TG_TABLE_NAME, ''); RETURN NULL;" \
    " END $$;" \
    "CREATE FUNCTION checkin.wake_doors() RETURNS trigger LANGUAGE plpgsql" \
    " AS $$ BEGIN PERFORM pg_notify('checkin_scan_door', ''); RETURN NULL;" \
    " END $$;" \
    "CREATE TRIGGER wake_doors AFTER INSERT OR UPDATE ON checkin.scan FOR" \
    " EACH ROW WHEN (NEW.mode = 'door') EXECUTE FUNCTION" \
    " checkin.wake_doors();"
/* clang-format on */

const char HUB_UPGRADE_40[] =
    FAN WAKE_BY_TABLE "UPDATE checkin.hub SET format = 40;";

/* Hub format 41 (issue 54 item 1: the hub's CPU a check-in): checkin.fan()
 * sends the sealed rows once, on `checkin_scan`, where the desks of
 * format 40 and later listen; `checkin`, which the organizer's database
 * and the stations of an older checkin hear (and a desk until its first
 * sync), gets the writer's role again, as before format 40: none of
 * them opens a sealed payload, and an older station so knows its own
 * push.  Every listening backend of the hub reads each notification of a
 * commit from PostgreSQL's queue, whatever its channels: the sealed rows
 * and their MACs (over 1 KB at 30 desks) were read twice by each.
 * The seal is made in one statement (its XOR of the plaintext and the
 * keystream as two bit strings, not 8 bytes at a time through hex text),
 * the same bytes as format 40's (compared on 50 payloads when it was
 * written): the desks read it as before (sync/fan.c; test_fan_hub's desks
 * apply what it seals). */
/* clang-format off */
#define FAN_ONCE \
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
    " END $$;"
/* clang-format on */

const char HUB_UPGRADE_41[] = FAN_ONCE "UPDATE checkin.hub SET format = 41;";
