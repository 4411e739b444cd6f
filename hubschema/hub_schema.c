/* The hub's schema in PostgreSQL: tables, the order stamp, the stations'
 * group role and row-level security.  Made once by `checkin hub init`, in
 * one transaction, by the organizer's role, which owns every table and so
 * is not bound by the policies (the stations are).
 *
 * The order stamp: every row a station may pull carries hub_seq (from one
 * sequence, for reading in order) and hub_xid, the id of the transaction
 * that wrote it, both set by a trigger at insert and update.  Pulls do not
 * trust hub_seq to only grow in commit order (a transaction that took 41
 * can commit after one that took 42): see sync.c and docs/sync.md. */
#include "checkin/hub_schema.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checkin/export.h"
#include "checkin/hub_sql.h"
#include "checkin/journal.h"

/* 1: the first hub; 2: checkin.scan.override (a supervisor's override at
 * a desk) and checkin.event_description; 3: checkin.sponsor_leads() and
 * checkin.sponsor_lead_suspects(), a booth's export; 4: lifted
 * revocations, signing keys sealed to each desk; 5: a desk's printer
 * status in checkin.station; 6: a station's rows vetted on the hub
 * (checkin.vet_scan(), checkin.quarantine), one file one station
 * (checkin.station.file_token); 7: a door reads its people without
 * contact details and secrets, and its room's rows only
 * (checkin.door_registration, checkin.door_scan); 8: the journal acts on
 * its own rows (undo, swap, an exit naming its entry) and stamps each
 * row's local day (checkin.scan.act and its fellows, checkin.live_scan); 9:
 * the event's supervisors reach the desks only, and a row's supervisor is
 * vetted (checkin.vet_supervisor()); 10: check-in lists (event_description
 * kinds 'list' and 'question', checkin.registration.items and hold,
 * checkin.answer, checkin.list_invitee, checkin.on_list()) and a door's
 * view of its own list's people; 11: walk-ins and edits made at desks
 * travel as checkin.registration_change, a walk-in's registration made
 * from its vetted create row (checkin.vet_registration_change()); 12: an
 * expo station and its booths (checkin.expo_booth, checkin.vet_booth()),
 * a lead's tags; 13: an edit of a ticket the hub does not hold is set
 * aside (checkin.waiting_change) and placed when its ticket arrives
 * (checkin.place_waiting()); 14: a room's seats split into leases held
 * by its doors (checkin.seat_lease, checkin.take_seats()); 15: a
 * registration's secrets hashed once, when it is written
 * (checkin.registration.hashed_secrets and hashed_revoked), and a door's
 * view reads them; 16: when a door last took and gave seats
 * (checkin.seat_lease.took, gave), and no share while the doors hold
 * more than the room (checkin.take_seats()); 17: the time a phone read a
 * code kept while the station could not be reached
 * (checkin.scan.read_at_ms); 18: the organizer's undos, as journal rows
 * of no station (checkin.scan.station_uid NULL, vetted by
 * checkin.vet_scan()); 19: the codes of a registration's tutorial add-ons
 * (checkin.registration.addon_secrets); 20: a change mark per table
 * (checkin.changed) that pulls read, and the publish's registrations
 * stamped by its upsert; 21: the secrets hashed for those columns by an
 * expression inlined into them (checkin.hashed(text[])); 22: a station's
 * printer changed notifies the dashboards' channel, checkin_status
 * (checkin.status_wake()); 23: an expo station reads a sponsor's leads for
 * its booth's phone (checkin.expo_sponsor_leads(text)); 24: what the
 * registration system says at the door (checkin.registration.door); 25: a
 * desk's walk-ins and edits vetted as its journal rows are, what fails set
 * aside (checkin.change_fault(), checkin.set_aside_change), and its undos
 * naming no supervisor set aside; a station's status and conflicts
 * bounded by the hub (checkin.clamp_status(), checkin.keep_conflict());
 * 26: pretix's questions asked at check-in, the shop's answers to them and
 * a desk's answers with its check-in (checkin.scan.answers); 27: the
 * organizer's pre-printed badges' boxes and the desks' hand-overs
 * (checkin.preprint, checkin.handover); 28: a door's answers with its
 * admission; 29: the checkin version each station runs
 * (checkin.station.client_version); 30: the open spaces' claims and
 * releases (checkin.open_space_claim); 31: the sprints' projects and a
 * desk's sprint check-ins (hub_schema_sprints.c); 32: whom the triage
 * sent to which desk (checkin.triage_sent); 33: the auction's paddles,
 * wins and settlements (checkin.auction_act); 34: the triage as a role
 * of its own (checkin.triage_registration, hub_schema_triage_role.c); 35:
 * the desks' name corrections read by a triage
 * (checkin.triage_registration_change, hub_schema_triage_changes.c); 36:
 * an auction's win voided (checkin.auction_act's act `void`,
 * hub_schema_auction_void.c); 37: the open spaces' board's host scans
 * from a desk's file (hub_schema_board.c); 38: who calls asked through
 * PL/pgSQL, its plan kept, and three checks of a journal row only for the
 * rows they decide (hub_schema_me.c); 39: a desk's printer sentence kept
 * to be said in the reader's language (hub_schema_printer_kept.c); 40:
 * a desk's check-ins carried to the other desks in the notification,
 * sealed by the hub (hub_schema_fan.c); 41: those sent once, `checkin`
 * naming the writer again (hub_schema_fan.c); 42: a journal row vetted
 * in fewer calls, its change marks made by checkin.fan()
 * (hub_schema_push.c). */
const int HUB_FORMAT = HUB_FORMAT_PUSH_TRIGGERS;

/* What a station whose checkin knows a format below each of these misses
 * at a hub of that format or later, as a volunteer or the organizer would
 * notice it (docs/sync.md, each format's section), for the kinds of
 * station it concerns.  Formats whose change is the hub's own (13's edits
 * waiting for their ticket, 15's hashed secrets, 16's lease times, 20's
 * change marks, 21's hashing, 22's dashboards' wake: the hub's trigger
 * fires for an older desk's printer too) cost an older station nothing and
 * are not listed.  A new format that changes what a station does adds its rows
 * here. */
enum { K_DESK = 1, K_DOOR = 2, K_LEADS = 4, K_TRIAGE = 8, K_ALL = 15 };
static const struct {
    int format;
    int kinds;
    const char *misses;
} OLDER_MISSES[] = {
    {HUB_FORMAT_ACTS, K_DESK | K_DOOR, "does not see undone check-ins"},
    {HUB_FORMAT_SUPERVISORS, K_DESK,
     "does not learn the event's supervisors and their PINs"},
    {HUB_FORMAT_LISTS, K_DESK | K_DOOR,
     "does not see check-in lists, their answers and invitations, or day "
     "limits"},
    {HUB_FORMAT_CHANGES, K_DESK,
     "does not send its walk-ins and corrections nor see the other desks'"},
    {HUB_FORMAT_EXPO, K_LEADS, "does not send its leads' tags"},
    {HUB_FORMAT_LEASES, K_DOOR,
     "counts its room's seats from its own file only, so the room's doors "
     "together may admit more than it holds"},
    {HUB_FORMAT_READ_AT, K_ALL,
     "does not keep the time a phone read a code it sent later"},
    {HUB_FORMAT_ORGANIZER_UNDO, K_DESK | K_DOOR,
     "does not see the organizer's undos"},
    {HUB_FORMAT_ADDONS, K_DOOR,
     "refuses pretix add-on tickets at tutorial doors"},
    {HUB_FORMAT_ADDONS, K_DESK,
     "refuses a pretix add-on ticket's QR instead of finding its person"},
    {HUB_FORMAT_DOOR_FIELDS, K_DESK | K_DOOR,
     "admits tickets pretix blocks or limits to other times, and shows no "
     "attention cue or seat"},
    {HUB_FORMAT_ASKED, K_DESK,
     "asks pretix's questions the shop or another desk answered, and does "
     "not send the answers it takes"},
    {HUB_FORMAT_BOXES, K_DESK,
     "prints the badges the organizer pre-printed instead of sending people "
     "to their box, and does not learn hand-overs made at other desks"},
    {HUB_FORMAT_DOOR_ANSWERS, K_DOOR,
     "lets people in without asking pretix's questions asked at check-in"},
    {HUB_FORMAT_VERSIONS, K_ALL, "does not tell the hub its checkin version"},
    {HUB_FORMAT_OPEN_SPACES, K_DESK,
     "does not send its open spaces' claims nor see the other boards'"},
    {HUB_FORMAT_SPRINTS, K_DESK,
     "does not learn the sprint projects nor send its sprint check-ins"},
    {HUB_FORMAT_TRIAGE, K_DESK,
     "does not send whom its triage sent to which desk"},
    {HUB_FORMAT_AUCTION, K_DESK,
     "does not send its auction's paddles, wins and settlements nor see "
     "the other stations'"},
    {HUB_FORMAT_TRIAGE_CHANGES, K_TRIAGE,
     "sends people by the names the organizer published, not those the "
     "desks corrected"},
    {HUB_FORMAT_AUCTION_VOID, K_DESK,
     "does not send its auction's voided wins and counts the other "
     "stations' voided wins as won"},
};

/* The kind of a station's row ("desk", "door:SLUG", "leads:SPONSOR",
 * "expo", "triage") as OLDER_MISSES' bits. */
static int kind_bits(const char *kind)
{
    if (!strncmp(kind, "desk", 4))
        return K_DESK;
    if (!strncmp(kind, "triage", 6))
        return K_TRIAGE;
    if (!strncmp(kind, "door", 4))
        return K_DOOR;
    return K_LEADS;
}

void hub_older_station_text(const char *name, const char *kind, long known,
                            long format, char *out, size_t cap)
{
    if (!cap)
        return;
    out[0] = '\0';
    if (known >= format)
        return;
    size_t n;
    if (known > 0)
        n = (size_t)snprintf(out, cap,
                             "%s runs an older checkin (it knows hub format "
                             "%ld): it ",
                             name, known);
    else
        n = (size_t)snprintf(out, cap,
                             "%s runs an older checkin (it knows hub format "
                             "%d at most): it ",
                             name, HUB_FORMAT_LEAST);
    int bits = kind_bits(kind);
    bool any = false;
    for (size_t i = 0; i < sizeof(OLDER_MISSES) / sizeof(OLDER_MISSES[0]);
         i++) {
        if (OLDER_MISSES[i].format <= known ||
            OLDER_MISSES[i].format > format || !(OLDER_MISSES[i].kinds & bits))
            continue;
        if (n < cap)
            n += (size_t)snprintf(out + n, cap - n, "%s%s", any ? "; it " : "",
                                  OLDER_MISSES[i].misses);
        any = true;
    }
    if (!any && n < cap)
        n += (size_t)snprintf(out + n, cap - n,
                              "does not know what hub format %ld adds", format);
    if (n < cap)
        snprintf(out + n, cap - n, "; upgrade checkin on %s.", name);
}

/* Format 2: the event description as the organizer's database holds it,
 * one row per kind and key (the event by its slug, ticket types,
 * tutorials and sponsors by slug, the pretix mapping by "pretix:ITEM",
 * the pretix settings by key); `data` NULL: removed from the event.
 * Desks and doors read it all; a booth reads what its file holds (the
 * event, ticket types, tutorials, sponsors), not the registration
 * system's mapping.  Only the organizer (the owner) writes it. */
#define EVENT_DESCRIPTION                                                      \
    "CREATE TABLE checkin.event_description ("                                 \
    "  kind text NOT NULL CHECK (kind IN ('event','ticket_type','tutorial',"   \
    "    'sponsor','source_item','setting')),"                                 \
    "  slug text NOT NULL,"                                                    \
    "  data jsonb,"                                                            \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL,"                        \
    "  PRIMARY KEY (kind, slug)"                                               \
    ");"                                                                       \
    "CREATE INDEX ON checkin.event_description (hub_xid);"                     \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON"                          \
    " checkin.event_description FOR EACH ROW EXECUTE FUNCTION"                 \
    " checkin.stamp();"                                                        \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.event_description"  \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"                     \
    "ALTER TABLE checkin.event_description ENABLE ROW LEVEL SECURITY;"         \
    "CREATE POLICY stations ON checkin.event_description FOR SELECT"           \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door')"                    \
    " OR ((SELECT checkin.me_kind()) = 'leads'"                                \
    " AND kind IN ('event','ticket_type','tutorial','sponsor')));"             \
    "GRANT SELECT ON checkin.event_description TO @G;"

/* Format 3: a sponsor's booth exports its sponsor's leads through the hub
 * (its own file holds no attendee data): the rules of export_leads (one
 * row per attendee, first lead's time and station, all notes, best
 * rating; leads no scanner could have made left out and counted), run by
 * the organizer's role (SECURITY DEFINER) for the booth calling
 * (session_user: a definer's function runs as its owner) and only its
 * sponsor.  Contact details leave the hub only for attendees who agreed;
 * of the others, only that there was a lead.  Any other caller gets no
 * row. */
/* clang-format off */
#define SPONSOR_LEADS \
    "CREATE FUNCTION checkin.booth_sponsor() RETURNS text LANGUAGE sql" \
    " STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS" \
    " $$ SELECT target FROM checkin.station WHERE pg_role = session_user" \
    " AND kind = 'leads' AND retired_ms IS NULL $$;" \
    SPONSOR_LEADS_FNS("", "", "", "") \
    "CREATE FUNCTION checkin.sponsor_lead_suspects(" \
    "  OUT never_issued bigint, OUT burst bigint)" \
    " LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    LEADS_SUSPECTS("checkin.sponsor_leads_near()") " $$;" \
    "REVOKE ALL ON FUNCTION checkin.booth_sponsor()," \
    " checkin.sponsor_lead_suspects() FROM PUBLIC;" \
    "GRANT EXECUTE ON FUNCTION checkin.sponsor_lead_suspects() TO @G;"
/* clang-format on */

/* Format 4: a revocation the organizer lifts (an order paid after its
 * badge was printed on a supervisor's override: the badge admits again)
 * keeps its row with lifted_ms set, so that stations pull the change
 * (the stamp trigger runs on update); a desk revoking the badge again
 * clears it, and may do no other update. */
#define REVOKED_LIFTED                                                         \
    "ALTER TABLE checkin.revoked_badge ADD COLUMN lifted_ms bigint;"           \
    "GRANT UPDATE (lifted_ms) ON checkin.revoked_badge TO @G;"                 \
    "CREATE POLICY desks_revoke_again ON checkin.revoked_badge FOR UPDATE"     \
    " USING ((SELECT checkin.me_kind()) = 'desk') WITH CHECK (lifted_ms IS"    \
    " NULL);"

/* Also format 4: the event's signing key reaches each desk sealed to
 * that desk alone.  At enrolment a desk gets a key pair of its own
 * (X25519, crypto_box); its public half is `station.box_key`.  The
 * organizer's sync seals each current signing key for each live desk
 * (crypto_box_seal, so neither the hub nor another station can open it)
 * into `station_key`, which only that desk reads: after `checkin
 * rotate-key` the desks print with the new key without being enrolled
 * again.  Only the organizer (the owner) writes it. */
#define KEY_DELIVERY                                                           \
    "ALTER TABLE checkin.station ADD COLUMN box_key bytea"                     \
    " CHECK (length(box_key) = 32);"                                           \
    "CREATE TABLE checkin.station_key ("                                       \
    "  station_uid text NOT NULL REFERENCES checkin.station(uid),"             \
    "  key_id int NOT NULL,"                                                   \
    "  sealed bytea NOT NULL CHECK (length(sealed) <= 512),"                   \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL,"                        \
    "  PRIMARY KEY (station_uid, key_id)"                                      \
    ");"                                                                       \
    "CREATE INDEX ON checkin.station_key (hub_xid);"                           \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.station_key"      \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"                          \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.station_key"        \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"                     \
    "ALTER TABLE checkin.station_key ENABLE ROW LEVEL SECURITY;"               \
    "CREATE POLICY own_keys ON checkin.station_key FOR SELECT"                 \
    " USING (station_uid = (SELECT checkin.me_uid())"                          \
    " AND (SELECT checkin.me_kind()) = 'desk');"                               \
    "GRANT SELECT ON checkin.station_key TO @G;"

const char HUB_UPGRADE_4[] =
    REVOKED_LIFTED KEY_DELIVERY "UPDATE checkin.hub SET format = 4;";

/* Format 5: each desk's printer as its print worker last saw it, sent
 * with the station's own row update at every sync: the printer (model
 * and where: "QL-800 on usb 1-2"), its state (printer_state_str, with
 * "printed" and "sent" as "ready"; "unknown" for a printer that cannot
 * be asked and has not failed), the printer's sentence, and when the
 * print worker last vouched for it (the station's clock, as
 * last_clock_ms).  NULL: no printer, or a station that does not say. */
#define PRINTER_STATUS                                                         \
    "ALTER TABLE checkin.station"                                              \
    " ADD COLUMN printer text CHECK (octet_length(printer) <= 300),"           \
    " ADD COLUMN printer_state text CHECK (printer_state IN ('ready',"         \
    "  'printing','unknown','no media','end of roll','wrong media',"           \
    "  'cover open','cutter jam','unplugged','not answering','error')),"       \
    " ADD COLUMN printer_message text"                                         \
    "  CHECK (octet_length(printer_message) <= 500),"                          \
    " ADD COLUMN printer_ms bigint;"                                           \
    "GRANT UPDATE (printer, printer_state, printer_message, printer_ms)"       \
    " ON checkin.station TO @G;"

const char HUB_UPGRADE_5[] =
    PRINTER_STATUS "UPDATE checkin.hub SET format = 5;";

/* Format 6: the hub believes a station only about itself.  Row-level
 * security already ties a pushed row's station_uid, mode and target to
 * the pushing role; the rest of a journal row is vetted here, row by row,
 * before it is stored (docs/sync.md, "What the hub believes"):
 *
 * - refused, failing the push: a row named for another station than the
 *   pushing role's (a desk speaking for another), a number out of
 *   1..JOURNAL_SEQ_MAX, or one not above the run's rows already held (a
 *   run's rows come in order; a row held already is a resend, which ON
 *   CONFLICT settles);
 * - set aside in checkin.quarantine, never pulled nor counted: a row
 *   naming a ticket the hub does not know, or a time neither within a day
 *   of the hub's clock (after the station's enrolment) nor within a day
 *   of the event's days; an honest station with its clock far off lands
 *   here too, and `hub status` shows it.
 *
 * scan_fault() holds the rules a stored row must keep (vet_scan() for
 * new rows, the sweep of HUB_UPGRADE_6 for rows a hub of an older
 * format took without them).  Both run with the organizer's rights: a
 * booth cannot read registrations, but the hub can tell it a ticket is
 * unknown. */
/* clang-format off */
#define TRUST \
    "CREATE FUNCTION checkin.me_name() RETURNS text LANGUAGE sql STABLE AS" \
    " $$ SELECT name FROM checkin.station WHERE pg_role = current_user" \
    " AND retired_ms IS NULL $$;" \
    "CREATE TABLE checkin.quarantine (" \
    "  station_id text NOT NULL, seq bigint NOT NULL," \
    "  station_uid text NOT NULL, station text NOT NULL," \
    "  at_ms bigint NOT NULL, fault text NOT NULL, data jsonb NOT NULL," \
    "  set_aside timestamptz NOT NULL DEFAULT now()," \
    "  PRIMARY KEY (station_id, seq)" \
    ");" \
    "ALTER TABLE checkin.quarantine ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY own_rows ON checkin.quarantine FOR SELECT" \
    " USING (station_uid = (SELECT checkin.me_uid()));" \
    "GRANT SELECT ON checkin.quarantine TO @G;" \
    SCAN_FAULT("CREATE", KIND_RULE_6) \
    "CREATE FUNCTION checkin.vet_scan() RETURNS trigger LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE me record; top bigint; fault text;" \
    " BEGIN" \
    /* session_user: a definer's function runs as its owner. */ \
    "  SELECT uid, name INTO me FROM checkin.station" \
    "   WHERE pg_role = session_user AND retired_ms IS NULL;" \
    /* The organizer, who owns the table; the policies keep out anyone \
     * else, a retired station too. */ \
    "  IF NOT FOUND THEN RETURN NEW; END IF;" \
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
    "REVOKE ALL ON FUNCTION checkin.scan_fault(text, text, bigint, bigint," \
    " text, text, text), checkin.vet_scan() FROM PUBLIC;" \
    "CREATE TRIGGER vet BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_scan();" \
    /* One file, one station (sync.c, vouch_for_file): the token the \
     * station's file last set, changed at every connection. */ \
    "ALTER TABLE checkin.station ADD COLUMN file_token text" \
    " CHECK (octet_length(file_token) <= 64);" \
    "GRANT UPDATE (file_token) ON checkin.station TO @G;" \
    /* A booth's leads carry its own name too. */ \
    "DROP POLICY own_rows ON checkin.lead;" \
    "CREATE POLICY own_rows ON checkin.lead FOR INSERT" \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())" \
    " AND (SELECT checkin.me_kind()) = 'leads'" \
    " AND sponsor_slug = (SELECT checkin.me_target())" \
    " AND station = (SELECT checkin.me_name())" \
    " AND seq BETWEEN 1 AND " STR(JOURNAL_SEQ_MAX) ");"

/* Rows a hub of an older format took without vetting: set aside, and out
 * of the journal (the one delete the append-only journal allows, by its
 * owner, in the upgrade's transaction).  Stations that pulled them take
 * them out of their files at their next sync (sync.c, drop_set_aside). */
#define TRUST_SWEEP \
    "INSERT INTO checkin.quarantine (station_id, seq, station_uid, station," \
    " at_ms, fault, data) SELECT s.station_id, s.seq, s.station_uid," \
    " s.station, s.at_ms, f.fault, to_jsonb(s) - 'hub_seq' - 'hub_xid'" \
    " FROM checkin.scan s CROSS JOIN LATERAL (SELECT checkin.scan_fault(" \
    " s.station_uid, s.station, s.seq, s.at_ms, s.mode, s.target," \
    " s.attendee_ticket_id) AS fault) f WHERE f.fault IS NOT NULL;" \
    "ALTER TABLE checkin.scan DISABLE TRIGGER append_only;" \
    "DELETE FROM checkin.scan s USING checkin.quarantine q WHERE" \
    " q.station_id = s.station_id AND q.seq = s.seq;" \
    "ALTER TABLE checkin.scan ENABLE TRIGGER append_only;"
/* clang-format on */

const char HUB_UPGRADE_6[] =
    TRUST TRUST_SWEEP "UPDATE checkin.hub SET format = 6;";

/* Format 7: each role reads what it decides from, no more (docs/sync.md,
 * "What each role holds").  A desk reads registrations and the journal
 * whole, as before.  A door reads neither table (its policies now name
 * desks only; a door's own journal rows stay readable to it) but two
 * views, which run with the organizer's rights and so filter for the
 * door themselves (security_barrier: no condition of the caller's is
 * evaluated before theirs):
 *
 * - door_registration: every registration's ticket type, status and
 *   tutorials (to send someone to the right room), names only of its own
 *   tutorial's people, no email, company, order code, consent or
 *   fingerprint, and confirmation secrets as checkin.hashed() gives
 *   them, so that its file can recognise a code but not hand one out;
 * - door_scan: the journal rows of its own tutorial's doors, with every
 *   scanned code hashed the same way.
 *
 * And set_aside: the keys (station run, number) of the rows set aside, no
 * more, for desks and doors to take out of their files what they pulled
 * before a format 6 upgrade set it aside (sync.c, drop_set_aside). */
#define LEAST                                                                  \
    "CREATE FUNCTION checkin.hashed(bytea) RETURNS text LANGUAGE sql"          \
    " IMMUTABLE STRICT AS $$ SELECT 'sha256:' || encode(sha256($1),"           \
    " 'hex') $$;"                                                              \
    "CREATE FUNCTION checkin.hashed(text[]) RETURNS text[] LANGUAGE sql"       \
    " IMMUTABLE STRICT AS $$ SELECT coalesce(array_agg(checkin.hashed("        \
    " convert_to(x, 'UTF8')) ORDER BY x), '{}') FROM unnest($1) x $$;"         \
    "DROP POLICY desks_doors ON checkin.registration;"                         \
    "CREATE POLICY desks ON checkin.registration FOR SELECT"                   \
    " USING ((SELECT checkin.me_kind()) = 'desk');"                            \
    "DROP POLICY desks_doors_own ON checkin.scan;"                             \
    "CREATE POLICY desks_own ON checkin.scan FOR SELECT"                       \
    " USING ((SELECT checkin.me_kind()) = 'desk'"                              \
    " OR station_uid = (SELECT checkin.me_uid()));"                            \
    "CREATE VIEW checkin.door_registration WITH (security_barrier) AS"         \
    " SELECT r.ticket_id, ''::text AS order_code, r.status,"                   \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.given_name ELSE ''"       \
    "   END AS given_name,"                                                    \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.family_name ELSE ''"      \
    "   END AS family_name,"                                                   \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.badge_name ELSE ''"       \
    "   END AS badge_name,"                                                    \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.pronouns ELSE ''"         \
    "   END AS pronouns,"                                                      \
    "  ''::text AS company, ''::text AS email, r.ticket_type,"                 \
    "  false AS sponsor_consent, r.testmode,"                                  \
    "  CASE WHEN m.target = ANY (r.tutorials) THEN r.search_key ELSE ''"       \
    "   END AS search_key,"                                                    \
    "  ''::bytea AS fingerprint, r.imported_ms, r.updated_ms, r.tutorials,"    \
    "  checkin.hashed(r.secrets) AS secrets,"                                  \
    "  checkin.hashed(r.revoked_secrets) AS revoked_secrets, r.digest,"        \
    "  r.hub_seq, r.hub_xid"                                                   \
    " FROM checkin.registration r, (SELECT checkin.me_kind() AS kind,"         \
    "  checkin.me_target() AS target) m WHERE m.kind = 'door';"                \
    "CREATE VIEW checkin.door_scan WITH (security_barrier) AS"                 \
    " SELECT s.station_id, s.seq, s.station_uid, s.station, s.at_ms,"          \
    "  s.mode, s.target, CASE WHEN substring(s.code FROM 1 FOR 7) ="           \
    "  convert_to('sha256:', 'UTF8') THEN s.code ELSE"                         \
    "  convert_to(checkin.hashed(s.code), 'UTF8') END AS code,"                \
    "  s.attendee_ticket_id, s.badge_id, s.decision, s.reason,"                \
    "  s.direction, s.override, s.hub_seq, s.hub_xid"                          \
    " FROM checkin.scan s, (SELECT checkin.me_kind() AS kind,"                 \
    "  checkin.me_target() AS target) m WHERE m.kind = 'door'"                 \
    "  AND s.mode = 'door' AND s.target = m.target;"                           \
    "CREATE VIEW checkin.set_aside WITH (security_barrier) AS"                 \
    " SELECT q.station_id, q.seq FROM checkin.quarantine q"                    \
    " WHERE checkin.me_kind() IN ('desk', 'door');"                            \
    "REVOKE ALL ON checkin.door_registration, checkin.door_scan,"              \
    " checkin.set_aside FROM PUBLIC;"                                          \
    "GRANT SELECT ON checkin.door_registration, checkin.door_scan,"            \
    " checkin.set_aside TO @G;"

const char HUB_UPGRADE_7[] = LEAST "UPDATE checkin.hub SET format = 7;";

/* Format 8: the journal acts on its own rows, as in a station's file
 * (store/schema.c, 6; docs/admission.md, "The journal").  The new
 * columns have constant defaults, so adding them rewrites no row.
 *
 * A station says which format it knows at each connection (sync.c sets
 * checkin.client_format), and notes it in its station row at each sync
 * (`hub status` names a live station that does not).  An older one never
 * does, and would read an undo as one more check-in: the scan policy and
 * door_scan show it rows whose act is not 'scan' only when it declared 8
 * or more.
 *
 * vet_act, run after vet_scan for rows it let through, sets aside an
 * undo or a swap that names no row the hub holds of the same list (its
 * own run's rows not yet pushed excepted: the push claims every run of
 * a batch first), and a day that disagrees with the row's time in the
 * event's zone. */
/* clang-format off */
#define JOURNAL_ACTS \
    "ALTER TABLE checkin.scan" \
    " ADD COLUMN act text NOT NULL DEFAULT 'scan'" \
    "  CHECK (act IN ('scan','undo','swap'))," \
    " ADD COLUMN ref_station_id text" \
    "  CHECK (octet_length(ref_station_id) <= 72)," \
    " ADD COLUMN ref_seq bigint," \
    " ADD COLUMN day text CHECK (day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')," \
    " ADD COLUMN handed text CHECK (octet_length(handed) <= 64)," \
    " ADD COLUMN supervisor text CHECK (octet_length(supervisor) <= 64);" \
    "CREATE INDEX ON checkin.scan (ref_station_id, ref_seq)" \
    " WHERE ref_seq IS NOT NULL;" \
    "ALTER TABLE checkin.station ADD COLUMN client_format int" \
    " CHECK (client_format BETWEEN 1 AND 9999);" \
    "GRANT UPDATE (client_format) ON checkin.station TO @G;" \
    "CREATE VIEW checkin.live_scan AS SELECT * FROM checkin.scan s" \
    " WHERE s.act = 'scan' AND NOT EXISTS (SELECT 1 FROM checkin.scan u" \
    " WHERE u.act = 'undo' AND u.ref_station_id = s.station_id" \
    " AND u.ref_seq = s.seq);" \
    "CREATE FUNCTION checkin.client_format() RETURNS int LANGUAGE sql" \
    " STABLE AS $$ SELECT CASE WHEN current_setting(" \
    " 'checkin.client_format', true) ~ '^[0-9]{1,4}$' THEN" \
    " current_setting('checkin.client_format', true)::int ELSE 0 END $$;" \
    "DROP POLICY desks_own ON checkin.scan;" \
    "CREATE POLICY desks_own ON checkin.scan FOR SELECT" \
    " USING (((SELECT checkin.me_kind()) = 'desk'" \
    " OR station_uid = (SELECT checkin.me_uid()))" \
    " AND (act = 'scan' OR (SELECT checkin.client_format()) >= 8));" \
    "CREATE OR REPLACE VIEW checkin.door_scan WITH (security_barrier) AS" \
    " SELECT s.station_id, s.seq, s.station_uid, s.station, s.at_ms," \
    "  s.mode, s.target, CASE WHEN substring(s.code FROM 1 FOR 7) =" \
    "  convert_to('sha256:', 'UTF8') THEN s.code ELSE" \
    "  convert_to(checkin.hashed(s.code), 'UTF8') END AS code," \
    "  s.attendee_ticket_id, s.badge_id, s.decision, s.reason," \
    "  s.direction, s.override, s.hub_seq, s.hub_xid, s.act," \
    "  s.ref_station_id, s.ref_seq, s.day, s.handed, s.supervisor" \
    " FROM checkin.scan s, (SELECT checkin.me_kind() AS kind," \
    "  checkin.me_target() AS target) m WHERE m.kind = 'door'" \
    "  AND s.mode = 'door' AND s.target = m.target" \
    "  AND (s.act = 'scan' OR checkin.client_format() >= 8);" \
    "CREATE FUNCTION checkin.act_fault(p_uid text, p_at bigint, p_day text," \
    "  p_act text, p_ref_station_id text, p_ref_seq bigint, p_mode text," \
    "  p_target text) RETURNS text LANGUAGE plpgsql STABLE" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE zone text;" \
    " BEGIN" \
    "  IF p_act <> 'scan' AND (p_ref_station_id IS NULL OR p_ref_seq IS" \
    "   NULL OR NOT (EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   p_ref_station_id AND seq = p_ref_seq AND act = 'scan' AND mode =" \
    "   p_mode AND target = p_target) OR EXISTS (SELECT 1 FROM" \
    "   checkin.run WHERE station_id = p_ref_station_id AND station_uid =" \
    "   p_uid))) THEN" \
    "   RETURN format('an %s naming no row of its list', p_act); END IF;" \
    "  IF p_day IS NULL THEN RETURN NULL; END IF;" \
    "  SELECT data->>'timezone' INTO zone FROM checkin.event_description" \
    "   WHERE kind = 'event' AND data IS NOT NULL LIMIT 1;" \
    "  IF zone IS NULL OR NOT EXISTS (SELECT 1 FROM pg_timezone_names" \
    "   WHERE name = zone) THEN RETURN NULL; END IF;" \
    "  IF to_char(to_timestamp(p_at / 1000.0) AT TIME ZONE zone," \
    "   'YYYY-MM-DD') IS DISTINCT FROM p_day THEN" \
    "   RETURN 'a day that disagrees with its time'; END IF;" \
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
    "REVOKE ALL ON FUNCTION checkin.act_fault(text, bigint, text, text," \
    " text, bigint, text, text), checkin.vet_act() FROM PUBLIC;" \
    /* After vet (triggers of one kind fire in name order). */ \
    "CREATE TRIGGER vet_act BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_act();"
/* clang-format on */

const char HUB_UPGRADE_8[] = JOURNAL_ACTS "UPDATE checkin.hub SET format = 8;";

/* Format 9 (issue 30; docs/admission.md, section 4): the event's
 * supervisors travel as event_description rows of kind 'supervisor' (the
 * name as slug, {"pin_hash": ...} as data, which is crypto_pwhash_str's
 * Argon2id string and never the PIN), which only desks may read: doors
 * and booths never hold a hash.  vet_supervisor, after vet and vet_act,
 * sets aside a row naming a supervisor the event never had (one removed
 * since still counts: a desk's rows made offline before the removal are
 * its own). */
/* clang-format off */
#define SUPERVISORS \
    "ALTER TABLE checkin.event_description" \
    " DROP CONSTRAINT event_description_kind_check," \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN" \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting'," \
    " 'supervisor'));" \
    "DROP POLICY stations ON checkin.event_description;" \
    "CREATE POLICY stations ON checkin.event_description FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk'" \
    " OR ((SELECT checkin.me_kind()) = 'door' AND kind <> 'supervisor')" \
    " OR ((SELECT checkin.me_kind()) = 'leads'" \
    " AND kind IN ('event','ticket_type','tutorial','sponsor')));" \
    "CREATE FUNCTION checkin.supervisor_fault(p_supervisor text)" \
    " RETURNS text LANGUAGE sql STABLE SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " SELECT CASE WHEN p_supervisor IS NULL OR EXISTS (SELECT 1 FROM" \
    " checkin.event_description WHERE kind = 'supervisor' AND slug =" \
    " p_supervisor) THEN NULL ELSE 'a supervisor the event does not have'" \
    " END $$;" \
    "CREATE FUNCTION checkin.vet_supervisor() RETURNS trigger" \
    " LANGUAGE plpgsql SECURITY DEFINER" \
    " SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE fault text;" \
    " BEGIN" \
    "  IF NOT EXISTS (SELECT 1 FROM checkin.station WHERE pg_role =" \
    "   session_user AND retired_ms IS NULL) THEN RETURN NEW; END IF;" \
    "  IF EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   NEW.station_id AND seq = NEW.seq) THEN RETURN NEW; END IF;" \
    "  fault := checkin.supervisor_fault(NEW.supervisor);" \
    "  IF fault IS NULL THEN RETURN NEW; END IF;" \
    "  INSERT INTO checkin.quarantine (station_id, seq, station_uid," \
    "   station, at_ms, fault, data) VALUES (NEW.station_id, NEW.seq," \
    "   NEW.station_uid, NEW.station, NEW.at_ms, fault, to_jsonb(NEW) -" \
    "   'hub_seq' - 'hub_xid');" \
    "  RETURN NULL;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.supervisor_fault(text)," \
    " checkin.vet_supervisor() FROM PUBLIC;" \
    /* After vet and vet_act (triggers of one kind fire in name order). */ \
    "CREATE TRIGGER vet_supervisor BEFORE INSERT ON checkin.scan" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.vet_supervisor();"
/* clang-format on */

const char HUB_UPGRADE_9[] = SUPERVISORS "UPDATE checkin.hub SET format = 9;";

/* Format 10 (issue 29; docs/admission.md, "At the hub: format 10"): the
 * event's check-in lists reach every station.
 *
 * - event_description gains kinds 'list' (slug the list's, '' the
 *   admission list; data its who, windows, once, exits, room, capacity,
 *   show and stock as publish.c writes them) and 'question' (its label);
 *   a ticket type's data gains "days".
 * - registration gains items (the pretix positions some list names) and
 *   hold.  Both have constant defaults: adding them rewrites no row.
 * - answer: the answers to questions some list shows, one row per ticket
 *   and question, answer NULL once no longer given; apart from
 *   registration, so that a role reads only the answers its list shows,
 *   through station_answer: a desk those the admission list shows, a
 *   door those its own list shows, of its own list's people only.
 * - list_invitee: an invitation list's tickets (removed: no longer
 *   invited); a desk reads all, a door its own list's.
 * - on_list(): who is on a list, the union of section 2 in SQL (over the
 *   list's "who", on_list_who); the C twin is event/admission.c
 *   (admission_on_list), and a_door_role_reads_exactly_its_lists_people
 *   compares the two.  Invoker's rights: a door calling it reads only
 *   its own list's invitees.  PostgreSQL calls a SQL function holding a
 *   subquery row by row, never inlined, so door_registration reads the
 *   list's "who" once per statement and tests it once per row, and only
 *   at a list's door (a first pull of 100,000 registrations at a
 *   tutorial's door took 52-76 s when it called on_list() five times a
 *   row).
 * - door_registration names, items and a digest of its own: names and
 *   items of the people on the door's list (or in its tutorial), only
 *   the items its list names; the digest changes when what the door sees
 *   of a row changes, so that a door re-reading every row after its list
 *   changed (pull.c) takes only those.
 *
 * - The event's zone is checked once, when the organizer publishes the
 *   event (note_zone, into checkin.hub.zone: the zone if PostgreSQL
 *   knows it, else NULL), and act_fault reads that instead of looking
 *   the zone up in pg_timezone_names, which reads the whole zone
 *   database at each call: 57-69 ms of the hub's CPU for each pushed
 *   row (docs/sync.md, "Where a check-in's time goes").  Its refusals
 *   are the same: a day is checked against a zone PostgreSQL knows, and
 *   not checked when the event names none it knows.
 *
 * Seat leases (seat_lease, take_seats()) are not part of it: they came
 * with issue 29.3, as format 14. */
/* clang-format off */
#define LISTS \
    "ALTER TABLE checkin.event_description" \
    " DROP CONSTRAINT event_description_kind_check," \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN" \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting'," \
    " 'supervisor','list','question'));" \
    "ALTER TABLE checkin.registration" \
    " ADD COLUMN items jsonb NOT NULL DEFAULT '[]'," \
    " ADD COLUMN hold boolean NOT NULL DEFAULT false;" \
    "CREATE TABLE checkin.answer (" \
    "  ticket_id text NOT NULL," \
    "  question text NOT NULL CHECK (octet_length(question) <= 200)," \
    "  answer text CHECK (octet_length(answer) <= 4000)," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (ticket_id, question));" \
    "CREATE TABLE checkin.list_invitee (" \
    "  list text NOT NULL," \
    "  ticket_id text NOT NULL," \
    "  removed boolean NOT NULL DEFAULT false," \
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL," \
    "  PRIMARY KEY (list, ticket_id));" \
    "CREATE INDEX ON checkin.answer (hub_xid);" \
    "CREATE INDEX ON checkin.list_invitee (hub_xid);" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.answer" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();" \
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.list_invitee" \
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();" \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.answer" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.list_invitee" \
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();" \
    "ALTER TABLE checkin.answer ENABLE ROW LEVEL SECURITY;" \
    "ALTER TABLE checkin.list_invitee ENABLE ROW LEVEL SECURITY;" \
    "CREATE POLICY stations ON checkin.list_invitee FOR SELECT" \
    " USING ((SELECT checkin.me_kind()) = 'desk'" \
    " OR ((SELECT checkin.me_kind()) = 'door'" \
    " AND list = (SELECT checkin.me_target())));" \
    "GRANT SELECT ON checkin.list_invitee TO @G;" \
    "CREATE FUNCTION checkin.on_list_who(p_who jsonb, p_list text," \
    "  p_ticket_type text, p_tutorials text[], p_items jsonb," \
    "  p_ticket_id text) RETURNS boolean LANGUAGE sql STABLE AS $$" \
    " SELECT EXISTS (SELECT 1 FROM jsonb_array_elements(p_who) w WHERE" \
    "  w->>'what' = 'all'" \
    "  OR (w->>'what' = 'ticket-type' AND w->>'value' = p_ticket_type)" \
    "  OR (w->>'what' = 'tutorial' AND w->>'value' = ANY (p_tutorials))" \
    "  OR (w->>'what' = 'item' AND EXISTS (SELECT 1 FROM" \
    "   jsonb_array_elements(p_items) i WHERE i->>'item' = w->>'value'" \
    "   OR (i->>'item') || ':' || (i->>'variation') = w->>'value'))" \
    "  OR (w->>'what' = 'invited' AND EXISTS (SELECT 1 FROM" \
    "   checkin.list_invitee v WHERE v.list = p_list AND v.ticket_id =" \
    "   p_ticket_id AND NOT v.removed))) $$;" \
    "CREATE FUNCTION checkin.on_list(p_list text, p_ticket_type text," \
    "  p_tutorials text[], p_items jsonb, p_ticket_id text) RETURNS boolean" \
    " LANGUAGE sql STABLE AS $$" \
    " SELECT checkin.on_list_who((SELECT d.data->'who' FROM" \
    "  checkin.event_description d WHERE d.kind = 'list' AND d.slug =" \
    "  p_list AND d.data IS NOT NULL), p_list, p_ticket_type, p_tutorials," \
    "  p_items, p_ticket_id) $$;" \
    "CREATE FUNCTION checkin.list_items_who(p_who jsonb, p_items jsonb)" \
    " RETURNS jsonb LANGUAGE sql STABLE AS $$" \
    " SELECT coalesce(jsonb_agg(i ORDER BY i->>'position'), '[]')" \
    " FROM jsonb_array_elements(p_items) i WHERE EXISTS (SELECT 1 FROM" \
    "  jsonb_array_elements(p_who) w WHERE w->>'what' = 'item'" \
    "  AND (i->>'item' = w->>'value'" \
    "  OR (i->>'item') || ':' || (i->>'variation') = w->>'value')) $$;" \
    DOOR_REGISTRATION("checkin.hashed(r.secrets)", \
                      "checkin.hashed(r.revoked_secrets)", "") \
    "CREATE VIEW checkin.station_answer WITH (security_barrier) AS" \
    " SELECT a.ticket_id, a.question, a.answer, a.hub_seq, a.hub_xid" \
    " FROM checkin.answer a, (SELECT checkin.me_kind() AS kind," \
    "  checkin.me_target() AS target) m" \
    " WHERE m.kind IN ('desk', 'door') AND EXISTS (SELECT 1 FROM" \
    "  checkin.event_description d, jsonb_array_elements(d.data->'show') s" \
    "  WHERE d.kind = 'list' AND d.data IS NOT NULL AND d.slug = CASE" \
    "  m.kind WHEN 'desk' THEN '' ELSE m.target END" \
    "  AND s->>'what' = 'question' AND s->>'question' = a.question)" \
    " AND (m.kind = 'desk' OR EXISTS (SELECT 1 FROM checkin.registration r" \
    "  WHERE r.ticket_id = a.ticket_id AND checkin.on_list(m.target," \
    "  r.ticket_type, r.tutorials, r.items, r.ticket_id)));" \
    "REVOKE ALL ON checkin.station_answer FROM PUBLIC;" \
    "GRANT SELECT ON checkin.station_answer TO @G;" \
    "ALTER TABLE checkin.hub ADD COLUMN zone text;" \
    "CREATE FUNCTION checkin.note_zone() RETURNS trigger LANGUAGE plpgsql" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE z text;" \
    " BEGIN" \
    "  SELECT name INTO z FROM pg_timezone_names WHERE name =" \
    "   NEW.data->>'timezone';" \
    "  UPDATE checkin.hub SET zone = z WHERE zone IS DISTINCT FROM z;" \
    "  RETURN NULL;" \
    " END $$;" \
    "REVOKE ALL ON FUNCTION checkin.note_zone() FROM PUBLIC;" \
    "CREATE TRIGGER note_zone AFTER INSERT OR UPDATE ON" \
    " checkin.event_description FOR EACH ROW WHEN (NEW.kind = 'event')" \
    " EXECUTE FUNCTION checkin.note_zone();" \
    "UPDATE checkin.hub SET zone = (SELECT z.name FROM" \
    " checkin.event_description d, pg_timezone_names z WHERE d.kind =" \
    " 'event' AND d.data IS NOT NULL AND z.name = d.data->>'timezone'" \
    " LIMIT 1);" \
    "CREATE OR REPLACE FUNCTION checkin.act_fault(p_uid text, p_at bigint," \
    "  p_day text, p_act text, p_ref_station_id text, p_ref_seq bigint," \
    "  p_mode text, p_target text) RETURNS text LANGUAGE plpgsql STABLE" \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$" \
    " DECLARE zone text;" \
    " BEGIN" \
    "  IF p_act <> 'scan' AND (p_ref_station_id IS NULL OR p_ref_seq IS" \
    "   NULL OR NOT (EXISTS (SELECT 1 FROM checkin.scan WHERE station_id =" \
    "   p_ref_station_id AND seq = p_ref_seq AND act = 'scan' AND mode =" \
    "   p_mode AND target = p_target) OR EXISTS (SELECT 1 FROM" \
    "   checkin.run WHERE station_id = p_ref_station_id AND station_uid =" \
    "   p_uid))) THEN" \
    "   RETURN format('an %s naming no row of its list', p_act); END IF;" \
    "  IF p_day IS NULL THEN RETURN NULL; END IF;" \
    "  SELECT h.zone INTO zone FROM checkin.hub h;" \
    "  IF zone IS NULL THEN RETURN NULL; END IF;" \
    "  IF to_char(to_timestamp(p_at / 1000.0) AT TIME ZONE zone," \
    "   'YYYY-MM-DD') IS DISTINCT FROM p_day THEN" \
    "   RETURN 'a day that disagrees with its time'; END IF;" \
    "  RETURN NULL;" \
    " END $$;"
/* clang-format on */

const char HUB_UPGRADE_10[] = LISTS "UPDATE checkin.hub SET format = 10;";

const char HUB_UPGRADE_3[] = SPONSOR_LEADS "UPDATE checkin.hub SET format = 3;";

const char HUB_UPGRADE_2[] =
    "ALTER TABLE checkin.scan ADD COLUMN IF NOT EXISTS override text"
    " CHECK (octet_length(override) <= 300);" EVENT_DESCRIPTION
    "UPDATE checkin.hub SET format = 2;";

const char HUB_SCHEMA[] =
    "CREATE SCHEMA checkin;"
    "CREATE SEQUENCE checkin.hub_seq;"
    "CREATE FUNCTION checkin.stamp() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN"
    "  NEW.hub_seq := nextval('checkin.hub_seq');"
    "  NEW.hub_xid := pg_current_xact_id();"
    "  RETURN NEW;"
    " END $$;"
    /* The one event this hub serves. */
    "CREATE TABLE checkin.hub ("
    "  id int PRIMARY KEY CHECK (id = 1),"
    "  event_uid text NOT NULL,"
    "  slug text NOT NULL,"
    "  name text NOT NULL,"
    "  format int NOT NULL,"
    "  role_prefix text NOT NULL,"
    "  created_ms bigint NOT NULL"
    ");"
    /* Enrolled stations: a random identity each, never reused, so that a
     * wiped station enrolled again under its old name is a new station. */
    "CREATE TABLE checkin.station ("
    "  uid text PRIMARY KEY,"
    "  name text NOT NULL,"
    "  kind text NOT NULL CHECK (kind IN ('desk','door','leads')),"
    "  target text NOT NULL DEFAULT '',"
    "  pg_role name NOT NULL UNIQUE,"
    "  enrolled_ms bigint NOT NULL,"
    "  retired_ms bigint,"
    "  last_seen timestamptz," /* the hub's clock */
    "  last_clock_ms bigint,"  /* the station's clock then */
    "  last_pushed bigint NOT NULL DEFAULT 0,"
    "  last_backlog bigint NOT NULL DEFAULT 0"
    ");"
    /* Journal runs (a station's random station_id per start) and which
     * station owns each: the first push of a run claims it. */
    "CREATE TABLE checkin.run ("
    "  station_id text PRIMARY KEY,"
    "  station_uid text NOT NULL REFERENCES checkin.station(uid),"
    "  UNIQUE (station_id, station_uid)"
    ");"
    "CREATE TABLE checkin.signing_key ("
    "  key_id int PRIMARY KEY CHECK (key_id BETWEEN 0 AND 65535),"
    "  public_key bytea NOT NULL CHECK (length(public_key) = 32),"
    "  created_ms bigint NOT NULL,"
    "  retired_ms bigint,"
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL"
    ");"
    /* Registrations as the organizer's database holds them; ticket types
     * and tutorials by slug; `digest` of everything published, so that an
     * unchanged registration is not written (nor pulled) again. */
    "CREATE TABLE checkin.registration ("
    "  ticket_id text PRIMARY KEY,"
    "  order_code text NOT NULL,"
    "  status text NOT NULL"
    "    CHECK (status IN ('paid','pending','cancelled','refunded')),"
    "  given_name text NOT NULL, family_name text NOT NULL,"
    "  badge_name text NOT NULL, pronouns text NOT NULL,"
    "  company text NOT NULL, email text NOT NULL,"
    "  ticket_type text NOT NULL,"
    "  sponsor_consent boolean NOT NULL,"
    "  testmode boolean NOT NULL,"
    "  search_key text NOT NULL,"
    "  fingerprint bytea NOT NULL,"
    "  imported_ms bigint NOT NULL, updated_ms bigint NOT NULL,"
    "  tutorials text[] NOT NULL,"
    "  secrets text[] NOT NULL,"
    "  revoked_secrets text[] NOT NULL,"
    "  digest bytea NOT NULL,"
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL"
    ");"
    /* Badges and tutorial tickets issued at desks (station_uid) or by the
     * organizer (NULL). */
    "CREATE TABLE checkin.badge ("
    "  badge_id bytea PRIMARY KEY CHECK (length(badge_id) = 8),"
    "  ticket_id text NOT NULL REFERENCES checkin.registration(ticket_id),"
    "  tutorial text," /* slug; NULL: the conference badge */
    "  issue int NOT NULL CHECK (issue >= 1),"
    "  key_id int NOT NULL,"
    "  issued_ms bigint NOT NULL,"
    "  station_uid text REFERENCES checkin.station(uid),"
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL"
    ");"
    /* What a sponsor's booth learns of revoked badges: one-way hashes
     * (badge_revocation_hash), never the badge ids. */
    "CREATE TABLE checkin.revoked_badge ("
    "  hash bytea PRIMARY KEY CHECK (length(hash) = 16),"
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL"
    ");"
    /* The union of every station's journal: an append-only set keyed as
     * in each station file. */
    "CREATE TABLE checkin.scan ("
    "  station_id text NOT NULL,"
    "  seq bigint NOT NULL CHECK (seq >= 1),"
    "  station_uid text NOT NULL,"
    "  station text NOT NULL,"
    "  at_ms bigint NOT NULL,"
    "  mode text NOT NULL CHECK (mode IN ('desk','door','leads')),"
    "  target text NOT NULL,"
    "  code bytea NOT NULL CHECK (length(code) <= 8192),"
    "  attendee_ticket_id text,"
    "  badge_id bytea CHECK (length(badge_id) = 8),"
    "  decision text NOT NULL CHECK (decision IN ('admit','deny','warn')),"
    "  reason text NOT NULL,"
    "  direction text NOT NULL CHECK (direction IN ('in','out')),"
    /* A supervisor's reason for an override at a desk; NULL otherwise. */
    "  override text CHECK (octet_length(override) <= 300),"
    "  pushed_ms bigint NOT NULL,"
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL,"
    "  PRIMARY KEY (station_id, seq),"
    "  FOREIGN KEY (station_id, station_uid)"
    "    REFERENCES checkin.run (station_id, station_uid)"
    ");"
    "CREATE TABLE checkin.lead ("
    "  station_id text NOT NULL,"
    "  seq bigint NOT NULL,"
    "  station_uid text NOT NULL,"
    "  station text NOT NULL,"
    "  sponsor_slug text NOT NULL,"
    "  badge_id bytea NOT NULL CHECK (length(badge_id) = 8),"
    "  at_ms bigint NOT NULL,"
    "  note text NOT NULL CHECK (octet_length(note) <= 500),"
    "  rating int CHECK (rating BETWEEN 1 AND 5),"
    "  version bigint NOT NULL,"
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL,"
    "  PRIMARY KEY (station_id, seq),"
    "  FOREIGN KEY (station_id, station_uid)"
    "    REFERENCES checkin.run (station_id, station_uid)"
    ");"
    /* Each desk's print jobs, by the desk's own job number. */
    "CREATE TABLE checkin.print_job ("
    "  station_uid text NOT NULL REFERENCES checkin.station(uid),"
    "  job_id bigint NOT NULL,"
    "  ticket_id text NOT NULL,"
    "  badge_id bytea,"
    "  kind text NOT NULL CHECK (kind IN ('badge','ticket')),"
    "  tutorial text,"
    "  template text NOT NULL,"
    "  printer text NOT NULL,"
    "  state text NOT NULL"
    "    CHECK (state IN ('queued','sent','printed','failed')),"
    "  attempts int NOT NULL,"
    "  error text,"
    "  reprint_reason text,"
    "  created_ms bigint NOT NULL,"
    "  updated_ms bigint NOT NULL,"
    "  hub_seq bigint NOT NULL, hub_xid xid8 NOT NULL,"
    "  PRIMARY KEY (station_uid, job_id)"
    ");"
    /* A row pushed under a key the hub holds with other content: the
     * hub's row is kept, and this says so (hub status lists them). */
    "CREATE TABLE checkin.conflict ("
    "  id bigserial PRIMARY KEY,"
    "  tbl text NOT NULL,"
    "  station_id text NOT NULL,"
    "  seq bigint NOT NULL,"
    "  station_uid text NOT NULL,"
    "  seen timestamptz NOT NULL DEFAULT now()"
    ");"
    "CREATE INDEX ON checkin.signing_key (hub_xid);"
    "CREATE INDEX ON checkin.registration (hub_xid);"
    "CREATE INDEX ON checkin.badge (hub_xid);"
    "CREATE INDEX ON checkin.revoked_badge (hub_xid);"
    "CREATE INDEX ON checkin.scan (hub_xid);"
    "CREATE INDEX ON checkin.lead (hub_xid);"
    "CREATE INDEX ON checkin.print_job (hub_xid);"
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.signing_key"
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.registration"
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.badge"
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.revoked_badge"
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.scan"
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.lead"
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"
    "CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON checkin.print_job"
    " FOR EACH ROW EXECUTE FUNCTION checkin.stamp();"
    /* Wake the stations listening (sync_worker.h) once per statement
     * that changed what they pull; the payload names who wrote, so that a
     * station is not woken by its own push.  Delivered at commit. */
    "CREATE FUNCTION checkin.wake() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN PERFORM pg_notify('checkin', current_user); RETURN NULL; END $$;"
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.signing_key"
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.registration"
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.badge"
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.revoked_badge"
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.scan"
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.lead"
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"
    "CREATE TRIGGER wake AFTER INSERT OR UPDATE ON checkin.print_job"
    " FOR EACH STATEMENT EXECUTE FUNCTION checkin.wake();"
    /* The journal is append-only on the hub too. */
    "CREATE FUNCTION checkin.append_only() RETURNS trigger LANGUAGE plpgsql"
    " AS $$ BEGIN RAISE EXCEPTION 'the scan journal is append-only'; END $$;"
    "CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON checkin.scan"
    " FOR EACH ROW EXECUTE FUNCTION checkin.append_only();"

    /* ---- who may read and write what (row-level security) ----
     * The station calling, from its login role; invoker's rights, so the
     * station table's own policy (a station sees its own row) applies.
     * Policies call these through (SELECT ...), evaluated once per
     * statement. */
    "CREATE FUNCTION checkin.me_uid() RETURNS text LANGUAGE sql STABLE AS"
    " $$ SELECT uid FROM checkin.station WHERE pg_role = current_user"
    " AND retired_ms IS NULL $$;"
    "CREATE FUNCTION checkin.me_kind() RETURNS text LANGUAGE sql STABLE AS"
    " $$ SELECT kind FROM checkin.station WHERE pg_role = current_user"
    " AND retired_ms IS NULL $$;"
    "CREATE FUNCTION checkin.me_target() RETURNS text LANGUAGE sql STABLE AS"
    " $$ SELECT target FROM checkin.station WHERE pg_role = current_user"
    " AND retired_ms IS NULL $$;"
    "ALTER TABLE checkin.hub ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.station ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.run ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.signing_key ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.registration ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.badge ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.revoked_badge ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.scan ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.lead ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.print_job ENABLE ROW LEVEL SECURITY;"
    "ALTER TABLE checkin.conflict ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY everyone ON checkin.hub FOR SELECT USING (true);"
    "CREATE POLICY own_row ON checkin.station FOR SELECT"
    " USING (pg_role = current_user);"
    "CREATE POLICY own_row_seen ON checkin.station FOR UPDATE"
    " USING (pg_role = current_user) WITH CHECK (pg_role = current_user);"
    "CREATE POLICY own_runs ON checkin.run FOR SELECT"
    " USING (station_uid = (SELECT checkin.me_uid()));"
    "CREATE POLICY claim_run ON checkin.run FOR INSERT"
    " WITH CHECK (station_uid = (SELECT checkin.me_uid()));"
    "CREATE POLICY everyone ON checkin.signing_key FOR SELECT USING (true);"
    "CREATE POLICY desks_doors ON checkin.registration FOR SELECT"
    " USING ((SELECT checkin.me_kind()) IN ('desk','door'));"
    "CREATE POLICY desks_doors ON checkin.badge FOR SELECT"
    " USING ((SELECT checkin.me_kind()) IN ('desk','door'));"
    "CREATE POLICY desks_issue ON checkin.badge FOR INSERT"
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'"
    " AND station_uid = (SELECT checkin.me_uid()));"
    "CREATE POLICY everyone ON checkin.revoked_badge FOR SELECT"
    " USING ((SELECT checkin.me_uid()) IS NOT NULL);"
    "CREATE POLICY desks_revoke ON checkin.revoked_badge FOR INSERT"
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk');"
    "CREATE POLICY desks_doors_own ON checkin.scan FOR SELECT"
    " USING ((SELECT checkin.me_kind()) IN ('desk','door')"
    " OR station_uid = (SELECT checkin.me_uid()));"
    "CREATE POLICY own_rows ON checkin.scan FOR INSERT"
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())"
    " AND mode = (SELECT checkin.me_kind())"
    " AND (mode = 'desk' OR target = (SELECT checkin.me_target())));"
    "CREATE POLICY own_sponsor ON checkin.lead FOR SELECT"
    " USING ((SELECT checkin.me_kind()) = 'leads'"
    " AND sponsor_slug = (SELECT checkin.me_target()));"
    "CREATE POLICY own_rows ON checkin.lead FOR INSERT"
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())"
    " AND (SELECT checkin.me_kind()) = 'leads'"
    " AND sponsor_slug = (SELECT checkin.me_target()));"
    "CREATE POLICY own_rows_edit ON checkin.lead FOR UPDATE"
    " USING (station_uid = (SELECT checkin.me_uid()))"
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())"
    " AND sponsor_slug = (SELECT checkin.me_target()));"
    "CREATE POLICY own_jobs ON checkin.print_job FOR SELECT"
    " USING (station_uid = (SELECT checkin.me_uid()));"
    "CREATE POLICY own_jobs_add ON checkin.print_job FOR INSERT"
    " WITH CHECK ((SELECT checkin.me_kind()) = 'desk'"
    " AND station_uid = (SELECT checkin.me_uid()));"
    "CREATE POLICY own_jobs_edit ON checkin.print_job FOR UPDATE"
    " USING (station_uid = (SELECT checkin.me_uid()))"
    " WITH CHECK (station_uid = (SELECT checkin.me_uid()));"
    "CREATE POLICY own_conflicts ON checkin.conflict FOR INSERT"
    " WITH CHECK (station_uid = (SELECT checkin.me_uid()));"
    /* Grants to the stations' group role @G (policies narrow them). */
    "REVOKE ALL ON SCHEMA checkin FROM PUBLIC;"
    "GRANT USAGE ON SCHEMA checkin TO @G;"
    "GRANT USAGE ON SEQUENCE checkin.hub_seq TO @G;"
    "GRANT USAGE ON SEQUENCE checkin.conflict_id_seq TO @G;"
    "GRANT SELECT ON checkin.hub, checkin.station, checkin.run,"
    " checkin.signing_key, checkin.registration, checkin.badge,"
    " checkin.revoked_badge, checkin.scan, checkin.lead, checkin.print_job"
    " TO @G;"
    "GRANT UPDATE (last_seen, last_clock_ms, last_pushed, last_backlog)"
    " ON checkin.station TO @G;"
    "GRANT INSERT ON checkin.run, checkin.badge, checkin.revoked_badge,"
    " checkin.scan, checkin.lead, checkin.print_job, checkin.conflict TO @G;"
    "GRANT UPDATE (note, rating, version)"
    " ON checkin.lead TO @G;"
    "GRANT UPDATE ON checkin.print_job TO @G;" EVENT_DESCRIPTION SPONSOR_LEADS
        REVOKED_LIFTED KEY_DELIVERY PRINTER_STATUS TRUST LEAST JOURNAL_ACTS
            SUPERVISORS LISTS;
