/* The hub's formats from 11 on (hub_schema.c holds the first hub and
 * formats 2 to 10): each one step, the SQL that brings a hub of the
 * format before to this one.  `checkin hub init` runs HUB_SCHEMA and
 * then these in order (hub.c, make_hub), and the organizer's sync runs
 * those a hub has not had yet, so that a hub made new and one upgraded
 * step by step hold the same schema. */
#include "checkin/hub_schema.h"

#include "checkin/hub_sql.h"
#include "checkin/journal.h"
#include "checkin/registration.h"
#include "checkin/store.h"

/* The opening of checkin.vet_registration_change() (formats 11 and 13),
 * after its DECLARE of `me record; station boolean`: a caller that is an
 * enrolled station (`station`; the organizer, the owner, is none) may
 * push only rows of its own, under its own name, and a row the hub holds
 * already goes through as it is.  Format 11 tested FOUND where format 13
 * keeps it as `station` for its later tests; both keep it now, so that
 * the two formats' openings are one text. */
/* clang-format off */
#define VET_OPENING \
    /* session_user: a definer's function runs as its owner. */ \
    "  SELECT uid, name, kind INTO me FROM checkin.station" \
    "   WHERE pg_role = session_user AND retired_ms IS NULL;" \
    "  station := FOUND;" \
    "  IF station AND (NEW.station_uid IS DISTINCT FROM me.uid OR" \
    "   NEW.station IS DISTINCT FROM me.name) THEN" \
    "   RAISE EXCEPTION 'station % may push only registration changes of" \
    " its own, named %', me.name, me.name USING ERRCODE = '42501'; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.registration_change WHERE" \
    "   station_id = NEW.station_id AND seq = NEW.seq) THEN RETURN NEW;" \
    "  END IF;"
/* clang-format on */

/* The end of checkin.vet_registration_change() (formats 11 and 13): a
 * walk-in's create row, named by its own row and naming a ticket type of
 * the event, makes its registration. */
/* clang-format off */
#define WALKIN_ROW \
    "  IF NEW.ticket_id IS DISTINCT FROM 'ck:' || NEW.station_id || ':' ||" \
    "   NEW.seq THEN" \
    "   RAISE EXCEPTION 'walk-in % is not named by its own row (ck:%:%)'," \
    "    NEW.ticket_id, NEW.station_id, NEW.seq USING ERRCODE = '23514';" \
    "  END IF;" \
    "  BEGIN v := NEW.value::jsonb;" \
    "  EXCEPTION WHEN others THEN v := NULL; END;" \
    "  IF jsonb_typeof(v) IS DISTINCT FROM 'object' OR NOT EXISTS (SELECT 1" \
    "   FROM checkin.event_description WHERE kind = 'ticket_type' AND slug =" \
    "   v->>'ticket_type' AND data IS NOT NULL) OR coalesce(v->>'status'," \
    "   'paid') NOT IN ('paid', 'pending') OR jsonb_typeof(coalesce(" \
    "   v->'tutorials', '[]')) <> 'array' THEN" \
    "   RAISE EXCEPTION 'walk-in % names no ticket type of this event or" \
    " is damaged', NEW.ticket_id USING ERRCODE = '23514'; END IF;" \
    "  st := coalesce(v->>'status', 'paid');" \
    "  g := coalesce(v->>'given_name', ''); f := coalesce(v->>'family_name'," \
    "   '');" \
    "  INSERT INTO checkin.registration (ticket_id, order_code, status," \
    "   given_name, family_name, badge_name, pronouns, company, email," \
    "   ticket_type, sponsor_consent, testmode, search_key, fingerprint," \
    "   imported_ms, updated_ms, tutorials, secrets, revoked_secrets," \
    "   digest) VALUES (NEW.ticket_id, NEW.ticket_id, st, g, f," \
    "   g || CASE WHEN g <> '' AND f <> '' THEN ' ' ELSE '' END || f," \
    "   coalesce(v->>'pronouns', ''), coalesce(v->>'company', '')," \
    "   coalesce(v->>'email', ''), v->>'ticket_type', false, false," \
    "   lower(g || ' ' || f || ' ' || NEW.ticket_id), '\\x'::bytea," \
    "   NEW.at_ms, NEW.at_ms, ARRAY(SELECT jsonb_array_elements_text(" \
    "   coalesce(v->'tutorials', '[]')) ORDER BY 1), '{}', '{}'," \
    "   substring(sha256(convert_to(NEW.value, 'UTF8')) FROM 1 FOR 16))" \
    "   ON CONFLICT (ticket_id) DO NOTHING;" \
    "  RETURN NEW;" \
    " END $$;"
/* clang-format on */

/* Format 11 (issue 30; docs/admission.md, "Registrations made and
 * corrected at desks"): a desk's walk-ins and edits, as the append-only
 * rows of its file's registration_change (event/registration.c), keyed
 * like the journal by the writer's run and number, so that every file
 * takes them as a set union and applies one rule to them.
 *
 * - Only a desk inserts, and only as itself: its own station uid and
 *   name in the row (row-level security, as the journal's), under a run
 *   it claimed (the foreign key on checkin.run); the organizer, the
 *   owner, publishes those made on the laptop with station_uid NULL.
 *   Doors and booths cannot insert at all.
 * - vet_registration_change() runs with the organizer's rights before
 *   each new row: a create row's ticket id must be its own key
 *   (ck:STATION_ID:SEQ), its JSON an object naming a ticket type of the
 *   event, a status paid or pending and tutorials as a list; the hub then
 *   makes the walk-in's registration from it (no secret: the badge the
 *   desk printed is its code), so every pull and door view that carries
 *   registrations carries walk-ins.  An edit of a ticket the hub does not
 *   hold is not stored.  A bad row is refused with a sentence.
 * - A desk reads every row; a door, through door_registration_change,
 *   the create rows (without email and company) and the edits of names
 *   and pronouns of its own tutorial's or list's people; a booth none.
 *   The registration keeps the export's values (publish.c sends
 *   attendee_source's): each file applies the rows itself. */
/* clang-format off */
#define CHANGES \
    "CREATE TABLE checkin.registration_change (" \
    "  station_id text NOT NULL CHECK (octet_length(station_id) <= 72)," \
    "  seq bigint NOT NULL CHECK (seq BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) ")," \
    "  station_uid text REFERENCES checkin.station(uid)," \
    "  station text NOT NULL CHECK (octet_length(station) <= 64)," \
    "  at_ms bigint NOT NULL," \
    "  ticket_id text NOT NULL CHECK (octet_length(ticket_id) <= 200)," \
    "  kind text NOT NULL CHECK (kind IN ('create','edit'))," \
    "  field text CHECK (field IN ('given_name','family_name','badge_name'," \
    "    'pronouns','company','email'))," \
    "  value text NOT NULL CHECK (octet_length(value) <= 8192)," \
    "  base text CHECK (octet_length(base) <= 1000)," \
    "  supervisor text CHECK (octet_length(supervisor) <= 64)," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (station_id, seq)," \
    "  CHECK ((kind = 'edit') = (field IS NOT NULL))," \
    "  FOREIGN KEY (station_id, station_uid)" \
    "    REFERENCES checkin.run (station_id, station_uid));" \
    "CREATE INDEX ON checkin.registration_change (hub_xid);" \
    "CREATE INDEX ON checkin.registration_change (ticket_id);" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON" \
    " checkin.registration_change FOR EACH ROW EXECUTE FUNCTION" \
    " checkin.stamp();" \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON" \
    " checkin.registration_change FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.wake();" \
    "CREATE FUNCTION checkin.changes_append_only() RETURNS trigger" \
    " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION" \
    " 'registration changes are append-only'; END $$;" \
    "CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON" \
    " checkin.registration_change FOR EACH ROW EXECUTE FUNCTION" \
    " checkin.changes_append_only();" \
    "ALTER TABLE checkin.registration_change ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY desks ON checkin.registration_change FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk'" \
    " OR station_uid = (SELECT checkin.me_uid()));" \
    "CREATE POLICY own_rows ON checkin.registration_change FOR INSERT" \
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'" \
    " AND station_uid = (SELECT checkin.me_uid())" \
    " AND station = (SELECT checkin.me_name()));" \
    "GRANT SELECT, INSERT ON checkin.registration_change TO @G;" \
    "CREATE FUNCTION checkin.vet_registration_change() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; station boolean; v jsonb; st text; g text; f text;" \
    " BEGIN" \
    VET_OPENING \
    "  IF NEW.kind = 'edit' THEN" \
    "   IF NOT EXISTS (SELECT 1 FROM checkin.registration WHERE ticket_id =" \
    "    NEW.ticket_id) THEN RETURN NULL; END IF;" \
    "   RETURN NEW;" \
    "  END IF;" \
    WALKIN_ROW \
    "REVOKE ALL ON FUNCTION checkin.vet_registration_change() FROM PUBLIC;" \
    "CREATE TRIGGER vet BEFORE INSERT ON checkin.registration_change" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_registration_change();" \
    "CREATE VIEW checkin.door_registration_change WITH (security_barrier) AS" \
    " SELECT c.station_id, c.seq, c.station, c.at_ms, c.ticket_id, c.kind," \
    "  c.field, CASE WHEN c.kind = 'create' THEN (c.value::jsonb - 'email'" \
    "  - 'company')::text ELSE c.value END AS value, c.base, c.supervisor," \
    "  c.station_uid, c.hub_seq, c.hub_xid" \
    " FROM checkin.registration_change c" \
    " JOIN checkin.registration r ON r.ticket_id = c.ticket_id," \
    "  (SELECT checkin.me_kind() AS kind, checkin.me_target() AS target," \
    "  (SELECT d.data->'who' FROM checkin.event_description d WHERE" \
    "  d.kind = 'list' AND d.slug = checkin.me_target() AND d.data IS NOT" \
    "  NULL) AS who) m" \
    " WHERE m.kind = 'door' AND (c.kind = 'create' OR c.field IN" \
    "  ('given_name', 'family_name', 'badge_name', 'pronouns'))" \
    "  AND (m.target = ANY (r.tutorials) OR (m.who IS NOT NULL AND" \
    "  checkin.on_list_who(m.who, m.target, r.ticket_type, r.tutorials," \
    "  r.items, r.ticket_id)));" \
    "REVOKE ALL ON checkin.door_registration_change FROM PUBLIC;" \
    "GRANT SELECT ON checkin.door_registration_change TO @G;"
/* clang-format on */

const char HUB_UPGRADE_11[] = CHANGES "UPDATE checkin.hub SET format = 11;";

/* Format 12 (issue 31; docs/phones.md, "The hub"): an expo station at the
 * hub, and a lead's tags.
 *
 * - A station of kind 'expo' carries many sponsors' booths (phones); its
 *   booths are checkin.expo_booth's rows, set by the organizer at
 *   add-station (every sponsor of the event then), by publishing a new
 *   sponsor (expo_booths), and with `checkin hub expo-booth` (removed_ms:
 *   taken off, kept for the record).
 * - It reads what a booth reads (the event, ticket types, tutorials and
 *   sponsors; keys; revocation hashes; its booths' sponsors' leads), no
 *   registration and no badge, and writes journal rows of mode 'leads'
 *   and leads, each under one of its booths' sponsors, so the organizer's
 *   pull and sponsor_leads() take them as a leads:SPONSOR station's.
 * - vet_booth() refuses, with a sentence and before anything is stored,
 *   a row for a sponsor the station may not speak for; the policies hold
 *   the same rule for anyone who skips the trigger's message.
 * - checkin.lead.tags: the booth's tags, one a line as in the station's
 *   file (at most 8 of 32 characters); sponsor_leads() returns them,
 *   every lead's of an attendee, once each, joined by "; ".  Both are
 *   new columns at the end, so an older booth's export and pushes (which
 *   name their columns) work as before. */
/* SPEAKS_FOR and KIND_RULE_12: hub_sql.h (format 31 builds on them). */
/* clang-format off */
#define EXPO \
    "ALTER TABLE checkin.station DROP CONSTRAINT station_kind_check," \
    " ADD CONSTRAINT station_kind_check CHECK (kind IN ('desk','door'," \
    " 'leads','expo'));" \
    "CREATE TABLE checkin.expo_booth (" \
    "  station_uid text NOT NULL REFERENCES checkin.station(uid)," \
    "  sponsor text NOT NULL CHECK (octet_length(sponsor) <= 64)," \
    "  added_ms bigint NOT NULL," \
    "  removed_ms bigint," \
    "  PRIMARY KEY (station_uid, sponsor));" \
    "ALTER TABLE checkin.expo_booth ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY own_booths ON checkin.expo_booth FOR SELECT" \
    " USING (station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT ON checkin.expo_booth TO @G;" \
    /* Invoker's rights: the calling station's own row and booths. */ \
    "CREATE FUNCTION checkin.my_booths() RETURNS SETOF text LANGUAGE sql" \
    " STABLE AS $$ SELECT b.sponsor FROM checkin.expo_booth b JOIN" \
    " checkin.station s ON s.uid = b.station_uid WHERE s.pg_role =" \
    " current_user AND s.retired_ms IS NULL AND s.kind = 'expo' AND" \
    " b.removed_ms IS NULL $$;" \
    "CREATE FUNCTION checkin.vet_booth() RETURNS trigger LANGUAGE plpgsql" \
    " AS $$" \
    " DECLARE me record; sponsor text;" \
    " BEGIN" \
    "  SELECT name, kind, target INTO me FROM checkin.station" \
    "   WHERE pg_role = current_user AND retired_ms IS NULL;" \
    /* The organizer (the owner), desks and doors: not this rule's. */ \
    "  IF NOT FOUND OR me.kind NOT IN ('leads', 'expo') THEN RETURN NEW;" \
    "  END IF;" \
    "  IF TG_TABLE_NAME = 'scan' THEN" \
    "   IF NEW.mode <> 'leads' THEN RETURN NEW; END IF;" \
    "   sponsor := NEW.target;" \
    "  ELSE sponsor := NEW.sponsor_slug; END IF;" \
    "  IF me.kind = 'leads' AND sponsor IS DISTINCT FROM me.target THEN" \
    "   RAISE EXCEPTION 'booth % records leads for sponsor % only, not %'," \
    "    me.name, me.target, sponsor USING ERRCODE = '42501'; END IF;" \
    "  IF me.kind = 'expo' AND sponsor NOT IN (SELECT checkin.my_booths())" \
    "   THEN RAISE EXCEPTION 'expo station % holds a lead for sponsor %," \
    " which is not one of its booths at the hub (never added, or taken" \
    " off by the organizer); the organizer adds it with ''checkin hub" \
    " expo-booth EVENT.db % %''', me.name, sponsor, me.name, sponsor" \
    "   USING ERRCODE = 'CK001'; END IF;" \
    "  RETURN NEW;" \
    " END $$;" \
    /* A sponsor the organizer adds to the event later is a booth of \
     * every live expo station too (one taken off stays off). */ \
    "CREATE FUNCTION checkin.booth_for_new_sponsor() RETURNS trigger" \
    " LANGUAGE plpgsql AS $$" \
    " BEGIN" \
    "  INSERT INTO checkin.expo_booth (station_uid, sponsor, added_ms)" \
    "   SELECT uid, NEW.slug, (extract(epoch FROM clock_timestamp()) *" \
    "   1000)::bigint FROM checkin.station WHERE kind = 'expo' AND" \
    "   retired_ms IS NULL ON CONFLICT DO NOTHING;" \
    "  RETURN NULL;" \
    " END $$;" \
    "CREATE TRIGGER expo_booths AFTER INSERT OR UPDATE ON" \
    " checkin.event_description FOR EACH ROW WHEN (NEW.kind = 'sponsor'" \
    " AND NEW.data IS NOT NULL) EXECUTE FUNCTION" \
    " checkin.booth_for_new_sponsor();" \
    /* Before stamp and vet (triggers of one kind fire in name order). */ \
    "CREATE TRIGGER booth BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_booth();" \
    "CREATE TRIGGER booth BEFORE INSERT OR UPDATE ON checkin.lead" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_booth();" \
    SCAN_FAULT("CREATE OR REPLACE", KIND_RULE_12) \
    "DROP POLICY own_rows ON checkin.scan;" \
    "CREATE POLICY own_rows ON checkin.scan FOR INSERT" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())" \
    " AND ((mode = (SELECT checkin.me_kind())" \
    " AND (mode = 'desk' OR target = (SELECT checkin.me_target())))" \
    " OR (mode = 'leads' AND " SPEAKS_FOR("target") ")));" \
    "DROP POLICY own_sponsor ON checkin.lead;" \
    "CREATE POLICY own_sponsor ON checkin.lead FOR SELECT" \
    " USING (" SPEAKS_FOR("sponsor_slug") ");" \
    "DROP POLICY own_rows ON checkin.lead;" \
    "CREATE POLICY own_rows ON checkin.lead FOR INSERT" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())" \
    " AND " SPEAKS_FOR("sponsor_slug") \
    " AND station = (SELECT checkin.me_name())" \
    " AND seq BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) ");" \
    "DROP POLICY own_rows_edit ON checkin.lead;" \
    "CREATE POLICY own_rows_edit ON checkin.lead FOR UPDATE" \
    " USING (station_uid = (SELECT checkin.me_uid()))" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())" \
    " AND " SPEAKS_FOR("sponsor_slug") ");" \
    "DROP POLICY stations ON checkin.event_description;" \
    "CREATE POLICY stations ON checkin.event_description FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk'" \
    " OR ((SELECT checkin.me_kind()) = 'door' AND kind <> 'supervisor')" \
    " OR ((SELECT checkin.me_kind()) IN ('leads', 'expo')" \
    " AND kind IN ('event','ticket_type','tutorial','sponsor')));" \
    "ALTER TABLE checkin.lead ADD COLUMN tags text NOT NULL DEFAULT ''" \
    " CHECK (octet_length(tags) <= 1064);" \
    "GRANT UPDATE (tags) ON checkin.lead TO @G;" \
    "DROP FUNCTION checkin.sponsor_leads();" \
    "DROP FUNCTION checkin.sponsor_leads_near();" \
    SPONSOR_LEADS_FNS(", tags text", LEADS_TAGS_NEAR, ", tags text", \
    LEADS_TAGS_OUT)
/* clang-format on */

const char HUB_UPGRADE_12[] = EXPO "UPDATE checkin.hub SET format = 12;";

const char HUB_SCAN_FAULT_6[] = SCAN_FAULT("CREATE OR REPLACE", KIND_RULE_6);

/* Format 13: an edit of a ticket the hub does not hold yet (a
 * registration the organizer has not published, a walk-in whose desk has
 * not synced) is set aside rather than dropped, and placed when its
 * ticket arrives.
 *
 * - checkin.waiting_change holds it as pushed, keyed like
 *   registration_change by the writer's run and number (not the journal's
 *   quarantine, whose keys a desk's changes share), with the same checks;
 *   a station reads its own rows there, the organizer all (`hub status`).
 * - vet_registration_change() is as in format 11, but sets such an edit
 *   aside where it dropped it: only a row the policies would take (a
 *   desk's own under a run it claimed, or the organizer's); anything else
 *   goes on to be refused as before.  A row already set aside that is sent
 *   again while its ticket is still missing is not set aside twice.
 * - place_waiting(), after each statement that adds registrations (the
 *   organizer's publish, or a walk-in's create row made into its
 *   registration by vet_registration_change), moves the edits of those
 *   tickets into registration_change in the order they were made, with the
 *   organizer's rights; vet_registration_change() lets a row through whose
 *   key and station are those of a row set aside once its ticket is held
 *   (it was vetted when set aside), whoever's push brought the ticket. */
/* clang-format off */
#define WAITING \
    "CREATE TABLE checkin.waiting_change (" \
    "  station_id text NOT NULL CHECK (octet_length(station_id) <= 72)," \
    "  seq bigint NOT NULL CHECK (seq BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) ")," \
    "  station_uid text REFERENCES checkin.station(uid)," \
    "  station text NOT NULL CHECK (octet_length(station) <= 64)," \
    "  at_ms bigint NOT NULL," \
    "  ticket_id text NOT NULL CHECK (octet_length(ticket_id) <= 200)," \
    "  kind text NOT NULL CHECK (kind = 'edit')," \
    "  field text NOT NULL CHECK (field IN ('given_name','family_name'," \
    "    'badge_name','pronouns','company','email'))," \
    "  value text NOT NULL CHECK (octet_length(value) <= 8192)," \
    "  base text CHECK (octet_length(base) <= 1000)," \
    "  supervisor text CHECK (octet_length(supervisor) <= 64)," \
    "  set_aside timestamptz NOT NULL DEFAULT now()," \
    "  PRIMARY KEY (station_id, seq));" \
    "CREATE INDEX ON checkin.waiting_change (ticket_id);" \
    "ALTER TABLE checkin.waiting_change ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY own_rows ON checkin.waiting_change FOR SELECT" \
    " USING (station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT ON checkin.waiting_change TO @G;" \
    "CREATE OR REPLACE FUNCTION checkin.vet_registration_change()" \
    " RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; station boolean; v jsonb; st text; g text; f text;" \
    " BEGIN" \
    /* Placed by place_waiting(): vetted when it was set aside. */ \
    "  IF EXISTS (SELECT 1 FROM checkin.waiting_change w WHERE" \
    "   w.station_id = NEW.station_id AND w.seq = NEW.seq AND" \
    "   w.station_uid IS NOT DISTINCT FROM NEW.station_uid) AND EXISTS" \
    "   (SELECT 1 FROM checkin.registration WHERE ticket_id =" \
    "   NEW.ticket_id) THEN RETURN NEW; END IF;" \
    VET_OPENING \
    "  IF NEW.kind = 'edit' THEN" \
    "   IF EXISTS (SELECT 1 FROM checkin.registration WHERE ticket_id =" \
    "    NEW.ticket_id) THEN RETURN NEW; END IF;" \
    /* What the policies and the run's key would refuse goes on to be \
     * refused: a door's or booth's row, a run another station claimed, a \
     * retired station's. */ \
    "   IF station AND (me.kind <> 'desk' OR NOT EXISTS (SELECT 1 FROM" \
    "    checkin.run WHERE station_id = NEW.station_id AND station_uid =" \
    "    me.uid)) THEN RETURN NEW; END IF;" \
    "   IF NOT station AND EXISTS (SELECT 1 FROM checkin.station WHERE" \
    "    pg_role = session_user) THEN RETURN NEW; END IF;" \
    "   INSERT INTO checkin.waiting_change (station_id, seq, station_uid," \
    "    station, at_ms, ticket_id, kind, field, value, base, supervisor)" \
    "    VALUES (NEW.station_id, NEW.seq, NEW.station_uid, NEW.station," \
    "    NEW.at_ms, NEW.ticket_id, NEW.kind, NEW.field, NEW.value, NEW.base," \
    "    NEW.supervisor) ON CONFLICT (station_id, seq) DO NOTHING;" \
    "   RETURN NULL;" \
    "  END IF;" \
    WALKIN_ROW \
    "CREATE FUNCTION checkin.place_waiting() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " BEGIN" \
    "  IF NOT EXISTS (SELECT 1 FROM checkin.waiting_change) THEN" \
    "   RETURN NULL; END IF;" \
    "  INSERT INTO checkin.registration_change (station_id, seq," \
    "   station_uid, station, at_ms, ticket_id, kind, field, value, base," \
    "   supervisor) SELECT w.station_id, w.seq, w.station_uid, w.station," \
    "   w.at_ms, w.ticket_id, w.kind, w.field, w.value, w.base, w.supervisor" \
    "   FROM checkin.waiting_change w WHERE w.ticket_id IN (SELECT ticket_id" \
    "   FROM added) ORDER BY w.at_ms, w.station_id, w.seq" \
    "   ON CONFLICT (station_id, seq) DO NOTHING;" \
    "  DELETE FROM checkin.waiting_change WHERE ticket_id IN (SELECT" \
    "   ticket_id FROM added);" \
    "  RETURN NULL;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.place_waiting() FROM PUBLIC;" \
    "CREATE TRIGGER place AFTER INSERT ON checkin.registration" \
    " REFERENCING NEW TABLE AS added FOR EACH STATEMENT" \
    " EXECUTE FUNCTION checkin.place_waiting();"
/* clang-format on */

const char HUB_UPGRADE_13[] = WAITING "UPDATE checkin.hub SET format = 13;";

/* take_seats up to the caller's fair share, the same in format 14
 * (LEASES) and in its later form (LEASE_MOVES): the caller checked,
 * its charge noted, the live doors and the seats they hold counted. */
/* clang-format off */
#define TAKE_SEATS_FAIR \
    /* session_user: a definer's function runs as its owner. */ \
    "  SELECT s.uid INTO me FROM checkin.station s WHERE" \
    "   s.pg_role = session_user AND s.retired_ms IS NULL AND" \
    "   s.kind = 'door' AND s.target = p_list;" \
    "  IF NOT FOUND THEN RAISE EXCEPTION 'only a door of % takes its" \
    " seats', p_list USING ERRCODE = '42501'; END IF;" \
    "  IF p_charged IS NULL OR p_charged < 0 THEN RAISE EXCEPTION" \
    "   'a door charges no fewer than 0 seats' USING ERRCODE = '22023';" \
    "  END IF;" \
    "  SELECT max((d.data->>'capacity')::int) INTO cap FROM" \
    "   checkin.event_description d WHERE d.kind IN ('tutorial', 'list')" \
    "   AND d.slug = p_list AND d.data->>'capacity' ~ '^[0-9]{1,9}$';" \
    "  IF coalesce(cap, 0) <= 0 THEN RETURN; END IF;" \
    "  PERFORM pg_advisory_xact_lock(hashtext('checkin.seat_lease')," \
    "   hashtext(p_list));" \
    "  INSERT INTO checkin.seat_lease (list, station_uid, charged) VALUES" \
    "   (p_list, me.uid, p_charged) ON CONFLICT (list, station_uid) DO" \
    "   UPDATE SET charged = excluded.charged WHERE" \
    "   checkin.seat_lease.charged <> excluded.charged;" \
    /* Live: the caller, and the doors seen in the last minute. */ \
    "  WITH d AS (SELECT s.uid, s.uid = me.uid OR coalesce(s.last_seen >" \
    "   now() - interval '1 minute', false) AS live FROM checkin.station s" \
    "   WHERE s.kind = 'door' AND s.target = p_list AND s.retired_ms IS" \
    "   NULL) SELECT count(*) FILTER (WHERE d.live), coalesce(sum(CASE" \
    "   WHEN d.live THEN l.charged ELSE l.granted - l.released END), 0)" \
    "   INTO doors, busy FROM d LEFT JOIN checkin.seat_lease l ON" \
    "   l.station_uid = d.uid AND l.list = p_list;" \
    "  fair := p_charged + (greatest(cap - busy, 0) + doors - 1) / doors;"
/* clang-format on */

/* Format 14 (issue 29.3; docs/admission.md, "Capacity across doors: seat
 * leases"): the seats of a tutorial or list with a capacity are held by
 * its doors, so that doors cut off from each other never let in more than
 * the room holds.
 *
 * - checkin.seat_lease, one row per door of a list: `granted` is raised
 *   only by checkin.take_seats() (the organizer's rights), `released`
 *   only by the door itself (its own row, that column); neither ever
 *   goes down, and a door never releases more than it was granted.
 * - checkin.take_seats(list, charged), for the calling door of that list,
 *   which says how many people its seats hold now (`charged`, kept in its
 *   row): under a lock of the list, the pool (the capacity less every
 *   door's granted less released) and the door's share: what it charges
 *   and an even part of the free seats, rounded up, among the list's doors
 *   seen in the last minute (the free seats are the capacity less what
 *   those doors charge and less every seat the others, cut off, hold).
 *   The caller is granted up to its share from the pool.  It returns the
 *   caller's granted and released, the share and the other doors holding
 *   seats or seen in the last minute ("door-2"), and no row for a list
 *   without a capacity.  A share
 *   that follows what each door charges moves seats to the door people
 *   come to, once the other has given back what it no longer needs. */
/* clang-format off */
#define LEASES \
    "CREATE TABLE checkin.seat_lease (" \
    "  list text NOT NULL CHECK (octet_length(list) <= 64)," \
    "  station_uid text NOT NULL REFERENCES checkin.station(uid)," \
    "  granted int NOT NULL DEFAULT 0 CHECK (granted >= 0)," \
    "  released int NOT NULL DEFAULT 0 CHECK (released >= 0)," \
    "  charged int NOT NULL DEFAULT 0 CHECK (charged >= 0)," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (list, station_uid)," \
    "  CHECK (released <= granted));" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.seat_lease" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();" \
    "CREATE FUNCTION checkin.lease_only_up() RETURNS trigger" \
    " LANGUAGE plpgsql AS $$ BEGIN" \
    "  IF NEW.granted < OLD.granted OR NEW.released < OLD.released OR" \
    "   NEW.list <> OLD.list OR NEW.station_uid <> OLD.station_uid THEN" \
    "   RAISE EXCEPTION 'a seat lease only grows: % granted and % released" \
    " of % cannot become % and %', OLD.granted, OLD.released, OLD.list," \
    "    NEW.granted, NEW.released USING ERRCODE = '23514'; END IF;" \
    "  RETURN NEW; END $$;" \
    "CREATE TRIGGER only_up BEFORE UPDATE ON checkin.seat_lease" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.lease_only_up();" \
    /* Seats given back wake the running doors, which may take them. */ \
    "CREATE TRIGGER wake AFTER UPDATE OF released ON checkin.seat_lease" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "ALTER TABLE checkin.seat_lease ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY own_row ON checkin.seat_lease FOR SELECT" \
    " USING (station_uid = (SELECT checkin.me_uid()));" \
    "CREATE POLICY own_release ON checkin.seat_lease FOR UPDATE" \
    " USING (station_uid = (SELECT checkin.me_uid()))" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT ON checkin.seat_lease TO @G;" \
    "GRANT UPDATE (released) ON checkin.seat_lease TO @G;" \
    "CREATE FUNCTION checkin.take_seats(p_list text, p_charged int)" \
    " RETURNS TABLE (lease_granted int, lease_released int," \
    "  lease_share int, lease_others text) LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; cap int; doors int; busy int; fair int; pool int;" \
    "  g int; r int; want int;" \
    " BEGIN" \
    TAKE_SEATS_FAIR \
    "  SELECT cap - coalesce(sum(l.granted - l.released), 0) INTO pool" \
    "   FROM checkin.seat_lease l WHERE l.list = p_list;" \
    "  SELECT l.granted, l.released INTO g, r FROM checkin.seat_lease l" \
    "   WHERE l.list = p_list AND l.station_uid = me.uid;" \
    "  want := least(fair - (g - r), pool);" \
    "  IF want > 0 THEN" \
    "   UPDATE checkin.seat_lease l SET granted = l.granted + want WHERE" \
    "    l.list = p_list AND l.station_uid = me.uid;" \
    "   g := g + want;" \
    "  END IF;" \
    /* The other doors: those holding seats, and those seen in the last \
     * minute (which take their share at their next sync). */ \
    "  RETURN QUERY SELECT g, r, fair, coalesce((SELECT string_agg(s.name," \
    "   ', ' ORDER BY s.name) FROM checkin.station s LEFT JOIN" \
    "   checkin.seat_lease l ON l.station_uid = s.uid AND l.list = p_list" \
    "   WHERE s.kind = 'door' AND s.target = p_list AND s.retired_ms IS" \
    "   NULL AND s.uid <> me.uid AND (l.granted > l.released OR" \
    "   s.last_seen > now() - interval '1 minute')), '');" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.take_seats(text, int) FROM PUBLIC;" \
    "GRANT EXECUTE ON FUNCTION checkin.take_seats(text, int) TO @G;"
/* clang-format on */

const char HUB_UPGRADE_14[] = LEASES "UPDATE checkin.hub SET format = 14;";

/* Format 15 (issue 32): a door's view
 * reads its people's confirmation secrets hashed as stored, not hashed at
 * each read.  Up to format 14, door_registration ran checkin.hashed() on
 * both arrays of every row it gave, a SQL function PostgreSQL calls row
 * by row: 3.2 s of a door's 4.8-7 s first pull at 100,000 registrations
 * (docs/sync.md, "Figures").
 *
 * - registration.hashed_secrets and hashed_revoked are generated columns
 *   (STORED): PostgreSQL computes them at each insert and at each update
 *   of the row, whoever writes it (the organizer's publish, a walk-in made
 *   by vet_registration_change()), so they cannot disagree with the
 *   secrets; adding them fills the rows a hub already holds, in the
 *   upgrade's transaction, and stamps none of them again (no station
 *   pulls anything because of it).
 * - checkin.hashed(text[]) gives the same arrays as before ('sha256:' and
 *   the hex of each secret's SHA-256, in the secrets' own order), in
 *   PL/pgSQL: an array of one secret is hashed without a query; 100,000
 *   rows' two arrays took 0.7-2.4 s where the SQL function took 2.8-6.3
 *   s in the same minutes (psql, a loaded machine), so a publish pays
 *   less for it than one door's pull did.
 * - door_registration reads the columns; what a door sees does not
 *   change, byte for byte.  Its row of the calling door (kind, target,
 *   list) is kept whole with OFFSET 0: PostgreSQL otherwise pulls it
 *   up into the scan and calls me_target(), a query of checkin.station,
 *   once for each registration, and the cost it then estimates (1.8
 *   million at 100,000 rows, against 122,000) has the JIT compile and
 *   optimise the query first.  A door's first read of 100,000 rows, as
 *   its role in psql: 2.6-2.9 s with JIT (1.9 s of it compiling), 1.4-1.8
 *   s without, against 0.42-0.85 s so (a loaded machine). */
/* A text[] of secrets hashed one by one, in order (format 15's
 * checkin.hashed(text[]), format 21's checkin.hashed_each). */
/* clang-format off */
#define HASHED_EACH_BODY \
    " LANGUAGE plpgsql IMMUTABLE STRICT AS $$" \
    " DECLARE s text[] := $1; x text; o text[] := '{}';" \
    " BEGIN" \
    "  IF cardinality(s) > 1 THEN" \
    "   s := ARRAY(SELECT y FROM unnest(s) y ORDER BY y); END IF;" \
    "  FOREACH x IN ARRAY s LOOP" \
    "   o := o || checkin.hashed(convert_to(x, 'UTF8')); END LOOP;" \
    "  RETURN o;" \
    " END $$;"
/* clang-format on */

/* clang-format off */
#define SECRETS \
    "CREATE OR REPLACE FUNCTION checkin.hashed(text[]) RETURNS text[]" \
    HASHED_EACH_BODY \
    "ALTER TABLE checkin.registration" \
    " ADD COLUMN hashed_secrets text[] GENERATED ALWAYS AS" \
    "  (checkin.hashed(secrets)) STORED," \
    " ADD COLUMN hashed_revoked text[] GENERATED ALWAYS AS" \
    "  (checkin.hashed(revoked_secrets)) STORED;" \
    DOOR_REGISTRATION("r.hashed_secrets", "r.hashed_revoked", " OFFSET 0")
/* clang-format on */

const char HUB_UPGRADE_15[] = SECRETS "UPDATE checkin.hub SET format = 15;";

/* Format 16 (issues 29 and 30, seat leases seen and kept right): when a
 * door last took seats and last gave some back, for `hub status`; and a
 * capacity lowered below what the doors hold.
 *
 * - seat_lease.took and gave are set by the trigger `moved` whenever
 *   granted or released grows, whoever raises it (take_seats, the door,
 *   the organizer releasing a retired door's seats).
 * - take_seats gives a share of 0 while the room is over its capacity:
 *   what the caller charges and what every other door holds, retired or
 *   not, is more than the capacity.  The door then gives back down to
 *   the people it let in and admits nobody until a sync finds the room
 *   back within its capacity (station/kind_door.c, full_here); up to
 *   format 15 such a door kept admitting as people left it, while the
 *   doors together held more than the room. */
/* clang-format off */
#define LEASE_MOVES \
    "ALTER TABLE checkin.seat_lease ADD COLUMN took timestamptz," \
    " ADD COLUMN gave timestamptz;" \
    "CREATE FUNCTION checkin.lease_moved() RETURNS trigger" \
    " LANGUAGE plpgsql AS $$ BEGIN" \
    "  IF TG_OP = 'INSERT' THEN" \
    "   IF NEW.granted > 0 THEN NEW.took := now(); END IF;" \
    "   IF NEW.released > 0 THEN NEW.gave := now(); END IF;" \
    "   RETURN NEW; END IF;" \
    "  IF NEW.granted > OLD.granted THEN NEW.took := now(); END IF;" \
    "  IF NEW.released > OLD.released THEN NEW.gave := now(); END IF;" \
    "  RETURN NEW; END $$;" \
    "CREATE TRIGGER moved BEFORE INSERT OR UPDATE ON checkin.seat_lease" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.lease_moved();" \
    "CREATE OR REPLACE FUNCTION checkin.take_seats(p_list text," \
    " p_charged int)" \
    " RETURNS TABLE (lease_granted int, lease_released int," \
    "  lease_share int, lease_others text) LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; cap int; doors int; busy int; fair int; pool int;" \
    "  g int; r int; want int; held int;" \
    " BEGIN" \
    TAKE_SEATS_FAIR \
    /* Over: even holding only its own people, the caller and the seats \
     * every other door holds (retired ones included) fill more than the \
     * room, as after a capacity lowered.  Otherwise the share is never \
     * more than the others leave: with the pool below 0, a share above \
     * that would keep seats the room no longer has. */ \
    "  SELECT coalesce(sum(l.granted - l.released), 0) INTO held" \
    "   FROM checkin.seat_lease l WHERE l.list = p_list AND" \
    "   l.station_uid <> me.uid;" \
    "  IF p_charged + held > cap THEN fair := 0;" \
    "  ELSE fair := least(fair, cap - held); END IF;" \
    "  SELECT cap - coalesce(sum(l.granted - l.released), 0) INTO pool" \
    "   FROM checkin.seat_lease l WHERE l.list = p_list;" \
    "  SELECT l.granted, l.released INTO g, r FROM checkin.seat_lease l" \
    "   WHERE l.list = p_list AND l.station_uid = me.uid;" \
    "  want := least(fair - (g - r), pool);" \
    "  IF want > 0 THEN" \
    "   UPDATE checkin.seat_lease l SET granted = l.granted + want WHERE" \
    "    l.list = p_list AND l.station_uid = me.uid;" \
    "   g := g + want;" \
    "  END IF;" \
    "  RETURN QUERY SELECT g, r, fair, coalesce((SELECT string_agg(s.name," \
    "   ', ' ORDER BY s.name) FROM checkin.station s LEFT JOIN" \
    "   checkin.seat_lease l ON l.station_uid = s.uid AND l.list = p_list" \
    "   WHERE s.kind = 'door' AND s.target = p_list AND s.retired_ms IS" \
    "   NULL AND s.uid <> me.uid AND (l.granted > l.released OR" \
    "   s.last_seen > now() - interval '1 minute')), '');" \
    " END $$;"
/* clang-format on */

/* Also format 16 (issue 30, a walk-in's tutorial seat across desks;
 * docs/admission.md, "A walk-in's tutorial at two desks"): a desk checks
 * a walk-in's tutorials against its own file, so two desks cut off from
 * each other can each sell a tutorial's last seat.  The hub keeps both
 * walk-ins whole (each paid for a ticket, and the desk's file made the
 * registration already: dropping the row or its tutorial would leave
 * files that disagree) and notes, in the same transaction as the row,
 * each tutorial the walk-in's registration took past its capacity
 * (`checkin.oversold`, trigger `oversold`, counting as the desk does: paid
 * and pending registrations).  The desk that pushed it reads and marks
 * its own notes once (told), and says so; `hub status` lists them all.
 * The room itself never overfills: its doors admit by their leases. */
/* clang-format off */
#define OVERSOLD \
    "CREATE TABLE checkin.oversold (" \
    "  station_id text NOT NULL, seq bigint NOT NULL," \
    "  station_uid text REFERENCES checkin.station(uid)," \
    "  station text NOT NULL," \
    "  ticket_id text NOT NULL, tutorial text NOT NULL," \
    "  taken int NOT NULL, capacity int NOT NULL," \
    "  noted timestamptz NOT NULL DEFAULT now(), told timestamptz," \
    "  PRIMARY KEY (station_id, seq, tutorial));" \
    "ALTER TABLE checkin.oversold ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY own_read ON checkin.oversold FOR SELECT" \
    " USING (station_uid = (SELECT checkin.me_uid()));" \
    "CREATE POLICY own_told ON checkin.oversold FOR UPDATE" \
    " USING (station_uid = (SELECT checkin.me_uid()))" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT ON checkin.oversold TO @G;" \
    "GRANT UPDATE (told) ON checkin.oversold TO @G;" \
    "CREATE FUNCTION checkin.note_oversold() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$ BEGIN" \
    "  IF NEW.kind <> 'create' THEN RETURN NULL; END IF;" \
    "  INSERT INTO checkin.oversold (station_id, seq, station_uid," \
    "   station, ticket_id, tutorial, taken, capacity)" \
    "  SELECT NEW.station_id, NEW.seq, NEW.station_uid, NEW.station," \
    "   NEW.ticket_id, t.slug, (SELECT count(*) FROM" \
    "   checkin.registration r WHERE t.slug = ANY (r.tutorials) AND" \
    "   r.status IN ('paid', 'pending')), t.cap FROM (SELECT x AS slug," \
    "   (SELECT max((d.data->>'capacity')::int) FROM" \
    "   checkin.event_description d WHERE d.kind = 'tutorial' AND" \
    "   d.slug = x AND d.data->>'capacity' ~ '^[0-9]{1,9}$') AS cap FROM" \
    "   jsonb_array_elements_text(coalesce(NEW.value::jsonb->'tutorials'," \
    "   '[]')) x) t WHERE t.cap > 0 AND (SELECT count(*) FROM" \
    "   checkin.registration r WHERE t.slug = ANY (r.tutorials) AND" \
    "   r.status IN ('paid', 'pending')) > t.cap" \
    "  ON CONFLICT DO NOTHING;" \
    "  RETURN NULL; END $$;" \
    "REVOKE ALL ON FUNCTION checkin.note_oversold() FROM PUBLIC;" \
    "CREATE TRIGGER oversold AFTER INSERT ON checkin.registration_change" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.note_oversold();"
/* clang-format on */

const char HUB_UPGRADE_16[] =
    LEASE_MOVES OVERSOLD "UPDATE checkin.hub SET format = 16;";

/* Format 17 (issue 31, a phone's read kept while the station could not be
 * reached; docs/phones.md, "Decided by the time it was read"): the time
 * the phone read the code, on the station's clock, which the station's
 * rules decided it by (NULL: decided as it arrived).  Stations push it
 * and pull it with the journal, so another desk's "already checked in"
 * and the organizer's `checkin attendees` show when the person stood at
 * the door; a door reads it through door_scan, its columns as format 8
 * made them and this one last (CREATE OR REPLACE VIEW adds columns only
 * at the end).  A row whose read is after its decision, or more than a
 * day before it, is refused (JOURNAL_READ_BEFORE_MAX_MS): no station of
 * checkin journals one.  Rows pushed to an older hub keep no read time. */
/* clang-format off */
#define READ_AT \
    "ALTER TABLE checkin.scan ADD COLUMN read_at_ms bigint" \
    " CHECK (read_at_ms BETWEEN at_ms - " STR(JOURNAL_READ_BEFORE_MAX_MS) \
    " AND at_ms);" \
    "CREATE OR REPLACE VIEW checkin.door_scan WITH (security_barrier) AS" \
    " SELECT s.station_id, s.seq, s.station_uid, s.station, s.at_ms," \
    "  s.mode, s.target, CASE WHEN substring(s.code FROM 1 FOR 7) =" \
    "  convert_to('sha256:', 'UTF8') THEN s.code ELSE" \
    "  convert_to(checkin.hashed(s.code), 'UTF8') END AS code," \
    "  s.attendee_ticket_id, s.badge_id, s.decision, s.reason," \
    "  s.direction, s.override, s.hub_seq, s.hub_xid, s.act," \
    "  s.ref_station_id, s.ref_seq, s.day, s.handed, s.supervisor," \
    "  s.read_at_ms" \
    " FROM checkin.scan s, (SELECT checkin.me_kind() AS kind," \
    "  checkin.me_target() AS target) m WHERE m.kind = 'door'" \
    "  AND s.mode = 'door' AND s.target = m.target" \
    "  AND (s.act = 'scan' OR checkin.client_format() >= 8);"
/* clang-format on */

const char HUB_UPGRADE_17[] = READ_AT "UPDATE checkin.hub SET format = 17;";

/* Format 18 (issue 29, an organizer's undo reaches the stations;
 * docs/sync.md, "The organizer's undo"): the organizer's sync pushes the
 * undos made on its file (`checkin undo`) as rows of its own, with no
 * station (station_uid NULL, as the organizer's walk-ins and edits in
 * registration_change; the run's foreign key does not apply to them).
 * A station's role still inserts only its own rows (own_rows: a NULL
 * uid is no station's), and pulls these as any other station's.  The
 * organizer owns the table and so passes every policy: vet_scan now
 * holds its rows to what an undo is, and refuses the rest with a
 * sentence: a row of a station's (its uid or another name than
 * "organizer"), anything but an undo, an undo naming no station's
 * admission row of its list the hub holds (an undo of an undo
 * included), or whose day disagrees with its time (act_fault). */
/* clang-format off */
#define ORGANIZER_UNDO \
    "ALTER TABLE checkin.scan ALTER COLUMN station_uid DROP NOT NULL;" \
    "CREATE OR REPLACE FUNCTION checkin.vet_scan() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; top bigint; fault text;" \
    " BEGIN" \
    /* session_user: a definer's function runs as its owner. */ \
    "  SELECT uid, name INTO me FROM checkin.station" \
    "   WHERE pg_role = session_user AND retired_ms IS NULL;" \
    "  IF NOT FOUND THEN" \
    /* A retired station: the policies keep it out. */ \
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
    "REVOKE ALL ON FUNCTION checkin.vet_scan() FROM PUBLIC;"
/* clang-format on */

const char HUB_UPGRADE_18[] =
    ORGANIZER_UNDO "UPDATE checkin.hub SET format = 18;";

/* Format 19 (issue 30, a cancelled add-on said cancelled at every
 * station): registration.addon_secrets names which of a registration's
 * codes (secrets and revoked_secrets, where every station before format
 * 19 takes them as ticket codes) are the codes pretix printed on its
 * tutorial add-ons.  A station keeps those as add-on codes (its file's
 * addon_secret), so one revoked says "cancelled in pretix", not
 * "replaced by a newer one".  Empty for every registration a hub already
 * holds, and for walk-ins; the organizer's next publish sends it for the
 * registrations that have add-ons (their digest changes with it), and
 * only those.  A door reads them hashed, as it reads the other codes. */
/* clang-format off */
#define ADDONS \
    "ALTER TABLE checkin.registration" \
    " ADD COLUMN addon_secrets text[] NOT NULL DEFAULT '{}';" \
    DOOR_REGISTRATION_X("r.hashed_secrets", "r.hashed_revoked", " OFFSET 0", \
                        ", checkin.hashed(r.addon_secrets) AS addon_secrets")
/* clang-format on */

const char HUB_UPGRADE_19[] = ADDONS "UPDATE checkin.hub SET format = 19;";

/* Format 20 (issue 32, event scale): a change mark per table, so that a
 * pull asks which tables moved by reading a few rows, not by planning
 * one EXISTS per table (0.91 ms of a woken pull's 2.7 ms at the hub);
 * and a registration stamped by the statement that writes it.
 *
 * - checkin.changed holds (what moved, the id of a transaction that
 *   wrote it, the login role that wrote it).  The triggers `mark_insert`
 *   and `mark_update`, after each statement that inserted or updated
 *   rows of a stamped table, note the writing transaction in that
 *   transaction: a mark is committed with the rows it covers and so is
 *   never seen before them, whatever the order of commits.  A pull
 *   compares each table's highest mark with its cursor (both transaction
 *   ids, as the rows' hub_xid): a table with a mark at or above the
 *   cursor may hold a row it has not read, one without holds none
 *   (sync/pull_start.c).  A station's own rows, which it does not pull,
 *   are told apart by the writer.
 * - The journal's rows of no station (the organizer's undos) are marked
 *   'scan_of_no_station', the cursor stations read them under.
 * - Only the highest mark of a table and writer counts, so
 *   checkin.note_change() deletes the marks below the highest one of a
 *   transaction that has ended (below the snapshot's xmin, so
 *   committed), skipping rows another writer is deleting: concurrent
 *   writers never wait for each other.  A reader whose snapshot sees
 *   such a delete sees the mark it kept.
 * - Marks are by the statement's rows (its transition table): an upsert
 *   that changed nothing, the organizer's usual publish, marks nothing.
 *   The upgrade marks each table at its rows' highest hub_xid, so the
 *   stations' cursors compare as before.
 * - registration's `stamp` runs only for a row its writer did not stamp
 *   in this transaction: the organizer's publish sets hub_seq and
 *   hub_xid in its upsert, where the trigger was called once per row
 *   (0.92 s of a 14.7 s upsert of 100,000 rows, EXPLAIN ANALYZE on a
 *   loaded machine); any other writer is stamped as before. */
/* clang-format off */
#define MARK_TABLES(TBL) \
    "  EXECUTE format('CREATE TRIGGER mark_insert AFTER INSERT ON %s" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark%s()', " TBL ");" \
    "  EXECUTE format('CREATE TRIGGER mark_update AFTER UPDATE ON %s" \
    " REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION" \
    " checkin.mark%s()', " TBL ");"
#define MARKS \
    "CREATE TABLE checkin.changed (tbl text NOT NULL, xid xid8 NOT NULL," \
    " writer name NOT NULL, PRIMARY KEY (tbl, xid));" \
    "GRANT SELECT ON checkin.changed TO @G;" \
    "CREATE FUNCTION checkin.note_change(p_tbl text) RETURNS void" \
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
    "REVOKE ALL ON FUNCTION checkin.note_change(text) FROM PUBLIC;" \
    "GRANT EXECUTE ON FUNCTION checkin.note_change(text) TO @G;" \
    "CREATE FUNCTION checkin.mark() RETURNS trigger LANGUAGE plpgsql AS $$" \
    " BEGIN" \
    "  IF EXISTS (SELECT 1 FROM n) THEN" \
    "   PERFORM checkin.note_change(TG_TABLE_NAME); END IF;" \
    "  RETURN NULL;" \
    " END $$;" \
    "CREATE FUNCTION checkin.mark_scan() RETURNS trigger LANGUAGE plpgsql" \
    " AS $$ BEGIN" \
    "  IF EXISTS (SELECT 1 FROM n WHERE station_uid IS NOT NULL) THEN" \
    "   PERFORM checkin.note_change('scan'); END IF;" \
    "  IF EXISTS (SELECT 1 FROM n WHERE station_uid IS NULL) THEN" \
    "   PERFORM checkin.note_change('scan_of_no_station'); END IF;" \
    "  RETURN NULL;" \
    " END $$;" \
    "DO $$ DECLARE t record; BEGIN" \
    " FOR t IN SELECT g.tgrelid::regclass AS rel, c.relname FROM" \
    "  pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE g.tgname =" \
    "  'stamp' AND g.tgfoid = 'checkin.stamp()'::regprocedure LOOP" \
    MARK_TABLES("t.rel, CASE t.relname WHEN 'scan' THEN '_scan' ELSE '' END") \
    "  EXECUTE format('INSERT INTO checkin.changed SELECT %L, max(hub_xid)," \
    " current_user FROM %s%s HAVING max(hub_xid) IS NOT NULL', t.relname," \
    " t.rel, CASE t.relname WHEN 'scan' THEN ' WHERE station_uid IS NOT" \
    " NULL' ELSE '' END);" \
    " END LOOP; END $$;" \
    "INSERT INTO checkin.changed SELECT 'scan_of_no_station', max(hub_xid)," \
    " current_user FROM checkin.scan WHERE station_uid IS NULL" \
    " HAVING max(hub_xid) IS NOT NULL;" \
    "DROP TRIGGER stamp ON checkin.registration;" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.registration" \
    " FOR EACH ROW WHEN (NEW.hub_seq IS NULL OR NEW.hub_xid IS DISTINCT" \
    " FROM pg_current_xact_id()) EXECUTE FUNCTION checkin.stamp();"
/* clang-format on */

const char HUB_UPGRADE_20[] = MARKS "UPDATE checkin.hub SET format = 20;";

/* Format 21 (issue 32, event scale): a registration's secrets hashed
 * for its generated columns (format 15) by an expression PostgreSQL
 * evaluates in the row's insert, not by a PL/pgSQL call per column and
 * row.  checkin.hashed(text[]) becomes a SQL function of one CASE, which
 * the planner inlines into hashed_secrets' and hashed_revoked's
 * expressions: no array is '{}' as before, an array of one ASCII code
 * (every code a registration system prints) is hashed in place, and any
 * other array goes to checkin.hashed_each(), format 15's body.  The
 * function is replaced in place: the columns and door_registration name
 * it, not its text.
 * The bytes hashed are the code's own: decode(..., 'escape') of the code
 * with its backslashes doubled gives the text's bytes, as
 * convert_to(..., 'UTF8') gives them for ASCII, and is IMMUTABLE where
 * convert_to is STABLE (a STABLE call would keep the function from being
 * inlined).  The arrays are the same, byte for byte; rows a hub holds
 * are not written again.  100,000 rows of one code each, inserted into a
 * table with both columns: 1.64 and 1.73 s against 3.27 and 2.78 s with
 * format 15's function, 1.42 and 0.92 s without the columns (psql,
 * alternating, load average 17). */
/* clang-format off */
#define INLINE_HASHED \
    "CREATE FUNCTION checkin.hashed_each(text[]) RETURNS text[]" \
    HASHED_EACH_BODY \
    "CREATE OR REPLACE FUNCTION checkin.hashed(text[]) RETURNS text[]" \
    " LANGUAGE sql IMMUTABLE AS $$" \
    " SELECT CASE WHEN cardinality($1) = 0 THEN $1" \
    "  WHEN cardinality($1) = 1 AND $1[1] !~ '[^\\x01-\\x7f]'" \
    "  THEN ARRAY['sha256:' || encode(sha256(decode(replace($1[1], '\\'," \
    "   '\\\\'), 'escape')), 'hex')]" \
    "  ELSE checkin.hashed_each($1) END $$;"
/* clang-format on */

const char HUB_UPGRADE_21[] =
    INLINE_HASHED "UPDATE checkin.hub SET format = 21;";

/* Format 22 (issue 33): a change of a station's printer, its state or
 * its sentence wakes the organizers' dashboards at once, not at their
 * next sync.  The stations' own channel, `checkin`, fires on rows they
 * pull; a station row's update is no such row, and waking 70 stations
 * for a printer none of them shows would cost each a pull.  So the
 * trigger notifies a channel only dashboards listen to, when an update
 * changed one of the three columns (a desk's print worker vouching for
 * the same state, printer_ms alone, wakes nobody; PostgreSQL folds the
 * same notification sent twice in a transaction into one).
 * Any role may NOTIFY any channel: a dashboard takes the notification
 * as a hint and reads the stations from the hub (sync/worker.c). */
/* clang-format off */
#define STATUS_WAKE \
    "CREATE FUNCTION checkin.status_wake() RETURNS trigger" \
    " LANGUAGE plpgsql AS $$" \
    " BEGIN PERFORM pg_notify('checkin_status', ''); RETURN NULL; END $$;" \
    "CREATE TRIGGER status_wake AFTER UPDATE OF printer, printer_state," \
    " printer_message ON checkin.station FOR EACH ROW WHEN" \
    " (OLD.printer IS DISTINCT FROM NEW.printer OR OLD.printer_state IS" \
    " DISTINCT FROM NEW.printer_state OR OLD.printer_message IS DISTINCT" \
    " FROM NEW.printer_message) EXECUTE FUNCTION checkin.status_wake();"
/* clang-format on */

const char HUB_UPGRADE_22[] = STATUS_WAKE "UPDATE checkin.hub SET format = 22;";

/* Format 23 (issue 31; docs/phones.md, "The CSV"): a booth's phone
 * downloads its sponsor's leads with the consented contact details, as
 * `checkin hub leads` writes them, through its expo station.  The
 * station's role gets the rows of one sponsor it names, and only of a
 * booth it serves now (checkin.expo_booth, not removed): what it could
 * already write leads for.  A sponsor it does not serve, a retired
 * station, and any role that is not an expo station get no row (the
 * sponsor compared with NULL).  The rules are the booth's own
 * (hub_sql.h's LEADS_*), run by the organizer's role (SECURITY DEFINER)
 * for the station calling (session_user). */
/* clang-format off */
#define EXPO_SPONSOR_OK \
    "(SELECT b.sponsor FROM checkin.expo_booth b JOIN checkin.station s" \
    " ON s.uid = b.station_uid WHERE s.pg_role = session_user AND" \
    " s.kind = 'expo' AND s.retired_ms IS NULL AND b.removed_ms IS NULL" \
    " AND b.sponsor = p_sponsor)"
#define EXPO_LEADS \
    "CREATE FUNCTION checkin.expo_leads_near(p_sponsor text) RETURNS TABLE (" \
    "  station_id text, seq bigint, station text, badge_id bytea," \
    "  at_ms bigint, note text, rating int, near bigint, tags text)" \
    " LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    LEADS_NEAR(LEADS_TAGS_NEAR, EXPO_SPONSOR_OK) " $$;" \
    "CREATE FUNCTION checkin.expo_sponsor_leads(p_sponsor text) RETURNS" \
    " TABLE (at_ms bigint, station text, note text, rating int," \
    "  given_name text, family_name text, badge_name text, email text," \
    "  company text, consent boolean, tags text)" \
    " LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    LEADS_OUT(LEADS_TAGS_OUT, "checkin.expo_leads_near(p_sponsor)") " $$;" \
    "CREATE FUNCTION checkin.expo_sponsor_lead_suspects(p_sponsor text," \
    "  OUT never_issued bigint, OUT burst bigint)" \
    " LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    LEADS_SUSPECTS("checkin.expo_leads_near(p_sponsor)") " $$;" \
    "REVOKE ALL ON FUNCTION checkin.expo_leads_near(text)," \
    " checkin.expo_sponsor_leads(text)," \
    " checkin.expo_sponsor_lead_suspects(text) FROM PUBLIC;" \
    "GRANT EXECUTE ON FUNCTION checkin.expo_sponsor_leads(text)," \
    " checkin.expo_sponsor_lead_suspects(text) TO @G;"
/* clang-format on */

const char HUB_UPGRADE_23[] = EXPO_LEADS "UPDATE checkin.hub SET format = 23;";

/* Format 24 (issue 49, what pretix says at the door): registration.door,
 * one JSON object of what the registration system says of a ticket at
 * the door: "blocked" (true; pretix's reasons stay in the organizer's
 * file), "valid_from_ms" / "valid_until_ms", "attention" (the cue's
 * text), "seat" and "locale"; NULL when it says nothing, so that a
 * registration without any keeps its digest and is not sent again after
 * the upgrade.  A door reads the block and the window of everyone (it
 * refuses them whoever they are) and the cue, seats and locale of its
 * own people only, as their names. */
/* clang-format off */
#define DOOR_FIELDS \
    "ALTER TABLE checkin.registration ADD COLUMN door jsonb;" \
    DOOR_REGISTRATION_X("r.hashed_secrets", "r.hashed_revoked", " OFFSET 0", \
                        ", checkin.hashed(r.addon_secrets) AS addon_secrets," \
                        " CASE WHEN o.mine THEN r.door ELSE r.door -" \
                        " ARRAY['attention', 'seat', 'locale'] END AS door")
/* clang-format on */

const char HUB_UPGRADE_24[] = DOOR_FIELDS "UPDATE checkin.hub SET format = 24;";

/* Format 25 (issue 50, item 3): the hub vets a desk's walk-ins and edits
 * as it vets its journal rows.  Before, a desk's credentials sent an
 * edit naming a supervisor who never existed, a walk-in dated year 5138
 * naming a tutorial the event lacks, and a thousand 8 KB edits waiting
 * for tickets, each one line of `hub status`; and an undo naming no
 * supervisor, which every desk applied.
 *
 * - change_fault() holds the rules a desk's row must keep: a time within
 *   a day of the hub's clock (after the station's enrolment) or of the
 *   event's days, as scan_fault(); each value at most
 *   REGISTRATION_FIELD_MAX bytes, what a desk's own checks let through;
 *   a named supervisor the event has (or had); a supervisor named where
 *   the desk's rules need one (an edit, a comp walk-in) once the event has
 *   supervisors; and for a walk-in, an object naming a ticket type and
 *   tutorials of the event (at most ATTENDEE_MAX_TUTORIALS), paid or
 *   pending.
 * - vet_change_rules(), a trigger before vet_registration_change(),
 *   sets such a row aside in checkin.set_aside_change (its key, station,
 *   time, ticket, kind, the fault, and its fields cut to 300 bytes),
 *   where the station reads its own and `hub status` counts them by
 *   station and fault; it is stored nowhere else and reaches no station.
 *   Only a desk's own row under a run it claimed is set aside; anything
 *   else goes on to vet_registration_change() to be refused as before,
 *   and the organizer's rows are its own.  A desk holds at most
 *   HUB_WAITING_MAX edits waiting for a ticket; more are set aside.
 * - vet_undo(), a trigger after vet_supervisor(), sets aside a desk's
 *   undo naming no supervisor when the event has supervisors (a desk
 *   asks for the PIN of every undo).
 * Both are triggers of their own, beside format 13's and 9's, so that
 * the step replaces no function. */
#define HUB_VALUE_MAX STR(REGISTRATION_FIELD_MAX)
#define HUB_TUTORIALS_MAX STR(ATTENDEE_MAX_TUTORIALS)
/* Edits waiting for their ticket, a desk: a real one has a few (a
 * walk-in of a desk that has not synced, a registration not published
 * yet); each is a line of `hub status` until placed. */
#define HUB_WAITING_MAX "200"
#define HUB_SUPERVISED                                                         \
    "EXISTS (SELECT 1 FROM checkin.event_description WHERE kind ="             \
    " 'supervisor' AND data IS NOT NULL)"
/* clang-format off */
#define VETTED_CHANGES \
    "CREATE TABLE checkin.set_aside_change (" \
    "  station_id text NOT NULL, seq bigint NOT NULL," \
    "  station_uid text NOT NULL, station text NOT NULL," \
    "  at_ms bigint NOT NULL, ticket_id text NOT NULL, kind text NOT NULL," \
    "  fault text NOT NULL, data jsonb NOT NULL," \
    "  set_aside timestamptz NOT NULL DEFAULT now()," \
    "  PRIMARY KEY (station_id, seq));" \
    "ALTER TABLE checkin.set_aside_change ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY own_rows ON checkin.set_aside_change FOR SELECT" \
    " USING (station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT ON checkin.set_aside_change TO @G;" \
    "CREATE FUNCTION checkin.change_fault(p_uid text, p_at bigint," \
    "  p_kind text, p_value text, p_supervisor text) RETURNS text" \
    " LANGUAGE plpgsql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; ev jsonb; v jsonb; supervised boolean;" \
    " BEGIN" \
    "  SELECT enrolled_ms INTO me FROM checkin.station WHERE uid = p_uid;" \
    "  IF NOT FOUND THEN RETURN 'written by no enrolled station'; END IF;" \
    "  IF NOT p_at BETWEEN me.enrolled_ms - " DAY_MS " AND" \
    "   (extract(epoch FROM clock_timestamp()) * 1000)::bigint + " DAY_MS \
    "   THEN" \
    "   SELECT data INTO ev FROM checkin.event_description WHERE kind =" \
    "    'event' AND data IS NOT NULL LIMIT 1;" \
    "   IF NOT (ev->>'first_day' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND" \
    "    ev->>'last_day' ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND p_at BETWEEN" \
    "    (extract(epoch FROM (ev->>'first_day')::date) * 1000)::bigint - " \
    DAY_MS " AND (extract(epoch FROM (ev->>'last_day')::date + 1) * 1000)" \
    "    ::bigint + " DAY_MS ") THEN" \
    "    RETURN 'a time outside the event''s days and the hub''s clock';" \
    "   END IF;" \
    "  END IF;" \
    "  IF p_supervisor IS NOT NULL AND NOT EXISTS (SELECT 1 FROM" \
    "   checkin.event_description WHERE kind = 'supervisor' AND slug =" \
    "   p_supervisor) THEN" \
    "   RETURN 'a supervisor the event does not have'; END IF;" \
    "  supervised := " HUB_SUPERVISED ";" \
    "  IF p_kind = 'edit' THEN" \
    "   IF octet_length(p_value) > " HUB_VALUE_MAX " THEN" \
    "    RETURN 'a value longer than " HUB_VALUE_MAX " bytes'; END IF;" \
    "   IF supervised AND p_supervisor IS NULL THEN" \
    "    RETURN 'an edit naming no supervisor'; END IF;" \
    "   RETURN NULL;" \
    "  END IF;" \
    "  BEGIN v := p_value::jsonb;" \
    "  EXCEPTION WHEN others THEN v := NULL; END;" \
    "  IF jsonb_typeof(v) IS DISTINCT FROM 'object' THEN" \
    "   RETURN 'a walk-in that is no JSON object'; END IF;" \
    "  IF EXISTS (SELECT 1 FROM jsonb_each(v) e WHERE jsonb_typeof(e.value)" \
    "   = 'string' AND octet_length(e.value #>> '{}') > " HUB_VALUE_MAX ")" \
    "   THEN RETURN 'a value longer than " HUB_VALUE_MAX " bytes'; END IF;" \
    "  IF NOT EXISTS (SELECT 1 FROM checkin.event_description WHERE kind =" \
    "   'ticket_type' AND slug = v->>'ticket_type' AND data IS NOT NULL)" \
    "   THEN RETURN 'a ticket type the event does not have'; END IF;" \
    "  IF coalesce(v->>'status', 'paid') NOT IN ('paid', 'pending') THEN" \
    "   RETURN 'a walk-in neither paid nor pending'; END IF;" \
    "  IF jsonb_typeof(coalesce(v->'tutorials', '[]')) <> 'array' OR" \
    "   jsonb_array_length(coalesce(v->'tutorials', '[]')) > " \
    HUB_TUTORIALS_MAX " OR EXISTS (SELECT 1 FROM jsonb_array_elements(" \
    "   coalesce(v->'tutorials', '[]')) t WHERE jsonb_typeof(t) <> 'string'" \
    "   OR NOT EXISTS (SELECT 1 FROM checkin.event_description d WHERE" \
    "   d.kind = 'tutorial' AND d.slug = t #>> '{}' AND d.data IS NOT" \
    "   NULL)) THEN" \
    "   RETURN 'a tutorial the event does not have'; END IF;" \
    "  IF supervised AND v ? 'comp_reason' AND p_supervisor IS NULL THEN" \
    "   RETURN 'a comp walk-in naming no supervisor'; END IF;" \
    "  RETURN NULL;" \
    " END $$;" \
    "CREATE FUNCTION checkin.vet_change_rules() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; fault text;" \
    " BEGIN" \
    /* session_user: a definer's function runs as its owner. */ \
    "  SELECT uid, name, kind INTO me FROM checkin.station" \
    "   WHERE pg_role = session_user AND retired_ms IS NULL;" \
    /* The organizer's rows, another station's placed by place_waiting(), \
     * and what vet_registration_change() and the policies refuse (a \
     * walk-in not named by its own row among them). */ \
    "  IF NOT FOUND OR me.kind <> 'desk' OR NEW.station_uid IS DISTINCT" \
    "   FROM me.uid OR NEW.station IS DISTINCT FROM me.name OR NOT EXISTS" \
    "   (SELECT 1 FROM checkin.run WHERE station_id = NEW.station_id AND" \
    "   station_uid = me.uid) OR (NEW.kind = 'create' AND NEW.ticket_id" \
    "   IS DISTINCT FROM 'ck:' || NEW.station_id || ':' || NEW.seq) THEN" \
    "   RETURN NEW; END IF;" \
    /* Held already, or vetted when it was set waiting. */ \
    "  IF EXISTS (SELECT 1 FROM checkin.registration_change WHERE" \
    "   station_id = NEW.station_id AND seq = NEW.seq) OR EXISTS (SELECT 1" \
    "   FROM checkin.waiting_change WHERE station_id = NEW.station_id AND" \
    "   seq = NEW.seq) THEN RETURN NEW; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.set_aside_change WHERE" \
    "   station_id = NEW.station_id AND seq = NEW.seq) THEN RETURN NULL;" \
    "  END IF;" \
    "  fault := checkin.change_fault(me.uid, NEW.at_ms, NEW.kind, NEW.value," \
    "   NEW.supervisor);" \
    "  IF fault IS NULL AND NEW.kind = 'edit' AND NOT EXISTS (SELECT 1" \
    "   FROM checkin.registration WHERE ticket_id = NEW.ticket_id) AND" \
    "   (SELECT count(*) FROM checkin.waiting_change WHERE station_uid =" \
    "   me.uid) >= " HUB_WAITING_MAX " THEN" \
    "   fault := 'more than " HUB_WAITING_MAX " edits waiting for tickets" \
    " the hub does not hold';" \
    "  END IF;" \
    "  IF fault IS NULL THEN RETURN NEW; END IF;" \
    "  INSERT INTO checkin.set_aside_change (station_id, seq, station_uid," \
    "   station, at_ms, ticket_id, kind, fault, data) VALUES" \
    "   (NEW.station_id, NEW.seq, me.uid, NEW.station, NEW.at_ms," \
    "   left(NEW.ticket_id, 60), NEW.kind, fault, jsonb_build_object(" \
    "   'field', NEW.field, 'value', left(NEW.value, 300), 'base'," \
    "   left(NEW.base, 300), 'supervisor', NEW.supervisor))" \
    "   ON CONFLICT (station_id, seq) DO NOTHING;" \
    "  RETURN NULL;" \
    " END $$;" \
    /* Before stamp and vet (triggers of one kind fire in name order). */ \
    "CREATE TRIGGER check_rules BEFORE INSERT ON" \
    " checkin.registration_change FOR EACH ROW EXECUTE FUNCTION" \
    " checkin.vet_change_rules();" \
    "CREATE FUNCTION checkin.vet_undo() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " BEGIN" \
    "  IF NEW.act IS DISTINCT FROM 'undo' OR NEW.mode IS DISTINCT FROM" \
    "   'desk' OR NEW.supervisor IS NOT NULL THEN RETURN NEW; END IF;" \
    "  IF NOT EXISTS (SELECT 1 FROM checkin.station WHERE pg_role =" \
    "   session_user AND retired_ms IS NULL) THEN RETURN NEW; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   NEW.station_id AND seq = NEW.seq) THEN RETURN NEW; END IF;" \
    "  IF NOT " HUB_SUPERVISED " THEN RETURN NEW; END IF;" \
    "  INSERT INTO checkin.quarantine (station_id, seq, station_uid," \
    "   station, at_ms, fault, data) VALUES (NEW.station_id, NEW.seq," \
    "   NEW.station_uid, NEW.station, NEW.at_ms, 'an undo naming no" \
    " supervisor', to_jsonb(NEW) - 'hub_seq' - 'hub_xid');" \
    "  RETURN NULL;" \
    " END $$;" \
    /* After vet, vet_act and vet_supervisor. */ \
    "CREATE TRIGGER vet_undo BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_undo();" \
    "REVOKE ALL ON FUNCTION checkin.change_fault(text, bigint, text, text," \
    " text), checkin.vet_change_rules(), checkin.vet_undo() FROM PUBLIC;"
/* clang-format on */

/* Also format 25 (issue 50, item 4): a station's word about itself,
 * bounded.  A station's role updated its own checkin.station row and
 * inserted conflicts freely: `last_seen` ten years ahead, a clock of
 * 9e15 ms, a backlog of -5 and 1,000 conflicts all showed in `hub
 * status` as written.
 *
 * - clamp_status(), before each update of a station row by a station's
 *   role (the organizer's own updates are its own), sets last_seen to
 *   the hub's clock whatever it is told; keeps the station's clock
 *   within [0, the hub's clock + 10 years] (a clock reset to 1970 is
 *   possible and shown as it is; one past that is not), and the
 *   printer's time likewise; the backlog within [0,
 *   JOURNAL_SEQ_MAX]; and adds to last_pushed only what a push can send.
 *   It works for any checkin, so stations of older formats keep their
 *   UPDATE.
 * - keep_conflict(), before each conflict a station's role inserts,
 *   keeps only one naming a row the hub holds (a journal row or a
 *   registration change, as the push's own statement notes them), once
 *   per row, and at most HUB_CONFLICTS_MAX a station; the rest are
 *   counted in checkin.station.conflicts_over, which `hub status` adds
 *   to the station's conflicts. */
#define HUB_CONFLICTS_MAX "100"
#define HUB_TEN_YEARS_MS "315576000000"
/* clang-format off */
#define STATUS_CLAMPED \
    "ALTER TABLE checkin.station ADD COLUMN conflicts_over bigint NOT NULL" \
    " DEFAULT 0;" \
    "CREATE FUNCTION checkin.clamp_status() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE hub_ms bigint := (extract(epoch FROM clock_timestamp()) *" \
    "  1000)::bigint;" \
    " BEGIN" \
    "  IF NOT EXISTS (SELECT 1 FROM checkin.station WHERE pg_role =" \
    "   session_user) THEN RETURN NEW; END IF;" \
    "  IF NEW.last_seen IS DISTINCT FROM OLD.last_seen THEN" \
    "   NEW.last_seen := now(); END IF;" \
    "  IF NEW.last_clock_ms IS NOT NULL THEN" \
    "   NEW.last_clock_ms := least(greatest(NEW.last_clock_ms, 0), hub_ms +" \
    "    " HUB_TEN_YEARS_MS "); END IF;" \
    "  IF NEW.printer_ms IS NOT NULL THEN" \
    "   NEW.printer_ms := least(greatest(NEW.printer_ms, 0), hub_ms +" \
    "    " HUB_TEN_YEARS_MS "); END IF;" \
    "  NEW.last_backlog := least(greatest(NEW.last_backlog, 0), " \
    STR(JOURNAL_SEQ_MAX) ");" \
    "  NEW.last_pushed := OLD.last_pushed + least(greatest(" \
    "   NEW.last_pushed::numeric - OLD.last_pushed, 0), " \
    STR(JOURNAL_SEQ_MAX) ")::bigint;" \
    "  RETURN NEW;" \
    " END $$;" \
    "CREATE TRIGGER clamp_status BEFORE UPDATE ON checkin.station" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.clamp_status();" \
    "CREATE FUNCTION checkin.keep_conflict() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " BEGIN" \
    "  IF NOT EXISTS (SELECT 1 FROM checkin.station WHERE pg_role =" \
    "   session_user) THEN RETURN NEW; END IF;" \
    "  IF NOT ((NEW.tbl = 'scan' AND EXISTS (SELECT 1 FROM checkin.scan" \
    "   WHERE station_id = NEW.station_id AND seq = NEW.seq)) OR (NEW.tbl =" \
    "   'registration_change' AND EXISTS (SELECT 1 FROM" \
    "   checkin.registration_change WHERE station_id = NEW.station_id AND" \
    "   seq = NEW.seq))) THEN RETURN NULL; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.conflict WHERE tbl = NEW.tbl AND" \
    "   station_id = NEW.station_id AND seq = NEW.seq AND station_uid =" \
    "   NEW.station_uid) THEN RETURN NULL; END IF;" \
    "  IF (SELECT count(*) FROM checkin.conflict WHERE station_uid =" \
    "   NEW.station_uid) >= " HUB_CONFLICTS_MAX " THEN" \
    "   UPDATE checkin.station SET conflicts_over = conflicts_over + 1" \
    "    WHERE uid = NEW.station_uid;" \
    "   RETURN NULL;" \
    "  END IF;" \
    "  RETURN NEW;" \
    " END $$;" \
    "CREATE TRIGGER keep BEFORE INSERT ON checkin.conflict" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.keep_conflict();" \
    "REVOKE ALL ON FUNCTION checkin.clamp_status()," \
    " checkin.keep_conflict() FROM PUBLIC;"
/* clang-format on */

const char HUB_UPGRADE_25[] =
    VETTED_CHANGES STATUS_CLAMPED "UPDATE checkin.hub SET format = 25;";

/* Format 26 (issue 49, pretix's questions asked at check-in travel):
 *
 * - scan.answers: the answers a desk took before it admitted the person
 *   (a JSON object of question identifier to answer), as the station's
 *   scan.answers holds it, byte for byte (text: jsonb would respace it),
 *   pushed with the row and pulled by desks and the organizer, so that
 *   the organizer's export holds them.  vet_answers (after vet and
 *   vet_act, before vet_supervisor: triggers of one kind fire in name
 *   order) sets aside a row whose answers are not a JSON object of at
 *   most 32 texts of at most 4000 bytes named by the event's questions,
 *   or sit on anything but a desk's check-in; text that is not JSON is
 *   set aside too, never refusing the push.
 * - station_answer: a desk reads the shop's answers to the questions
 *   asked at check-in too (event_description rows of kind 'question'
 *   whose data holds "ask", which publish.c writes from this format), so
 *   a desk asks nothing the shop answered. */
/* clang-format off */
#define ASKED \
    "ALTER TABLE checkin.scan ADD COLUMN answers text;" \
    "CREATE FUNCTION checkin.answers_fault(p text, p_mode text," \
    "  p_act text) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE j jsonb;" \
    " BEGIN" \
    "  IF octet_length(p) > 200000 THEN" \
    "   RETURN 'answers longer than a check-in takes'; END IF;" \
    "  BEGIN j := p::jsonb;" \
    "  EXCEPTION WHEN others THEN" \
    "   RETURN 'answers that are not a JSON object'; END;" \
    "  IF jsonb_typeof(j) <> 'object' THEN" \
    "   RETURN 'answers that are not a JSON object'; END IF;" \
    "  IF p_mode <> 'desk' OR p_act <> 'scan' THEN" \
    "   RETURN 'answers on a row that is not a desk''s check-in'; END IF;" \
    "  IF (SELECT count(*) FROM jsonb_each(j)) > 32 OR EXISTS (SELECT 1" \
    "   FROM jsonb_each(j) e WHERE jsonb_typeof(e.value) <> 'string' OR" \
    "   octet_length(e.key) > 200 OR octet_length(e.value #>> '{}') >" \
    "   4000) THEN RETURN 'answers longer than a check-in takes'; END IF;" \
    "  IF EXISTS (SELECT 1 FROM jsonb_object_keys(j) k WHERE NOT EXISTS" \
    "   (SELECT 1 FROM checkin.event_description d WHERE d.kind =" \
    "   'question' AND d.slug = k)) THEN" \
    "   RETURN 'an answer to a question the event never had'; END IF;" \
    "  RETURN NULL;" \
    " END $$;" \
    "CREATE FUNCTION checkin.vet_answers() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE fault text;" \
    " BEGIN" \
    "  IF NEW.answers IS NULL OR NOT EXISTS (SELECT 1 FROM checkin.station" \
    "   WHERE pg_role = session_user AND retired_ms IS NULL) THEN" \
    "   RETURN NEW; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   NEW.station_id AND seq = NEW.seq) THEN RETURN NEW; END IF;" \
    "  fault := checkin.answers_fault(NEW.answers, NEW.mode, NEW.act);" \
    "  IF fault IS NULL THEN RETURN NEW; END IF;" \
    "  INSERT INTO checkin.quarantine (station_id, seq, station_uid," \
    "   station, at_ms, fault, data) VALUES (NEW.station_id, NEW.seq," \
    "   NEW.station_uid, NEW.station, NEW.at_ms, fault, to_jsonb(NEW) -" \
    "   'hub_seq' - 'hub_xid');" \
    "  RETURN NULL;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.answers_fault(text, text, text)," \
    " checkin.vet_answers() FROM PUBLIC;" \
    "CREATE TRIGGER vet_answers BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_answers();" \
    "CREATE OR REPLACE VIEW checkin.station_answer WITH (security_barrier)" \
    " AS SELECT a.ticket_id, a.question, a.answer, a.hub_seq, a.hub_xid" \
    " FROM checkin.answer a, (SELECT checkin.me_kind() AS kind," \
    "  checkin.me_target() AS target) m" \
    " WHERE m.kind IN ('desk', 'door') AND (EXISTS (SELECT 1 FROM" \
    "  checkin.event_description d, jsonb_array_elements(d.data->'show') s" \
    "  WHERE d.kind = 'list' AND d.data IS NOT NULL AND d.slug = CASE" \
    "  m.kind WHEN 'desk' THEN '' ELSE m.target END" \
    "  AND s->>'what' = 'question' AND s->>'question' = a.question)" \
    "  OR (m.kind = 'desk' AND EXISTS (SELECT 1 FROM" \
    "  checkin.event_description q WHERE q.kind = 'question' AND q.slug =" \
    "  a.question AND q.data ? 'ask')))" \
    " AND (m.kind = 'desk' OR EXISTS (SELECT 1 FROM checkin.registration r" \
    "  WHERE r.ticket_id = a.ticket_id AND checkin.on_list(m.target," \
    "  r.ticket_type, r.tutorials, r.items, r.ticket_id)));"
/* clang-format on */

const char HUB_UPGRADE_26[] = ASKED "UPDATE checkin.hub SET format = 26;";
