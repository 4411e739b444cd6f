/* The event store's schema, one migration per version.  Migration N takes a
 * database from user_version N-1 to N; they run in order inside one
 * transaction each, so a crash mid-migration leaves the previous version.
 * Never edit a released migration: add a new one. */
#include <stddef.h>

#include "schema.h"

#include "checkin/journal.h"

static const char V1[] =
    /* The event this database belongs to: exactly one row. */
    "CREATE TABLE event ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  slug TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  first_day TEXT NOT NULL," /* local date, YYYY-MM-DD */
    "  last_day TEXT NOT NULL,"
    "  timezone TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL"
    ");"
    "CREATE TABLE ticket_type ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  label TEXT NOT NULL,"
    "  colour TEXT NOT NULL" /* #RRGGBB */
    ");"
    "CREATE TABLE tutorial ("
    "  id INTEGER PRIMARY KEY," /* also the tutorial number in badges */
    "  slug TEXT NOT NULL UNIQUE,"
    "  title TEXT NOT NULL,"
    "  room TEXT NOT NULL,"
    "  starts_at INTEGER NOT NULL," /* UTC seconds */
    "  ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),"
    "  capacity INTEGER NOT NULL CHECK (capacity > 0)"
    ");"
    "CREATE TABLE sponsor ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE,"
    "  name TEXT NOT NULL"
    ");"
    /* How the registration system's products map to ticket types and
     * tutorials (pretix item ids). */
    "CREATE TABLE source_item ("
    "  source TEXT NOT NULL,"
    "  item TEXT NOT NULL,"
    "  ticket_type_id INTEGER REFERENCES ticket_type(id),"
    "  tutorial_id INTEGER REFERENCES tutorial(id),"
    "  PRIMARY KEY (source, item),"
    "  CHECK ((ticket_type_id IS NULL) != (tutorial_id IS NULL))"
    ");"
    "CREATE TABLE setting ("
    "  key TEXT PRIMARY KEY,"
    "  value TEXT NOT NULL"
    ");"
    "CREATE TABLE attendee ("
    "  id INTEGER PRIMARY KEY,"
    "  ticket_id TEXT NOT NULL UNIQUE," /* registration system's id */
    "  order_code TEXT NOT NULL,"
    "  status TEXT NOT NULL"
    "    CHECK (status IN ('paid','pending','cancelled','refunded')),"
    "  given_name TEXT NOT NULL DEFAULT '',"
    "  family_name TEXT NOT NULL DEFAULT '',"
    "  badge_name TEXT NOT NULL,"
    "  pronouns TEXT NOT NULL DEFAULT '',"
    "  company TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '',"
    "  ticket_type_id INTEGER NOT NULL REFERENCES ticket_type(id),"
    "  sponsor_consent INTEGER NOT NULL DEFAULT 0"
    "    CHECK (sponsor_consent IN (0,1)),"
    "  search_key TEXT NOT NULL,"  /* case- and accent-folded, see text.c */
    "  fingerprint BLOB NOT NULL," /* hash of the imported fields */
    "  imported_ms INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL"
    ");"
    "CREATE INDEX attendee_order ON attendee(order_code);"
    /* The codes attendees carry from the registration system.  A revoked
     * secret stays so that scanning it says why it no longer works. */
    "CREATE TABLE ticket_secret ("
    "  secret TEXT PRIMARY KEY,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0,1))"
    ") WITHOUT ROWID;"
    "CREATE INDEX ticket_secret_attendee ON ticket_secret(attendee_id);"
    "CREATE TABLE attendee_tutorial ("
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  tutorial_id INTEGER NOT NULL REFERENCES tutorial(id),"
    "  PRIMARY KEY (attendee_id, tutorial_id)"
    ") WITHOUT ROWID;"
    "CREATE INDEX attendee_tutorial_tutorial"
    "  ON attendee_tutorial(tutorial_id);";

static const char V2[] =
    /* Event signing keys by key id; the secret half never enters the
     * database (see docs/badge-payload.md). */
    "CREATE TABLE signing_key ("
    "  key_id INTEGER PRIMARY KEY CHECK (key_id BETWEEN 0 AND 65535),"
    "  public_key BLOB NOT NULL CHECK (length(public_key) = 32),"
    "  created_ms INTEGER NOT NULL,"
    "  retired_ms INTEGER"
    ");"
    /* Every badge and tutorial ticket issued.  Reprinting issues the next
     * issue number; stations refuse any issue but the newest. */
    "CREATE TABLE badge ("
    "  badge_id BLOB PRIMARY KEY CHECK (length(badge_id) = 8),"
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  tutorial_id INTEGER REFERENCES tutorial(id)," /* NULL: badge */
    "  issue INTEGER NOT NULL CHECK (issue >= 1),"
    "  key_id INTEGER NOT NULL,"
    "  issued_ms INTEGER NOT NULL"
    ") WITHOUT ROWID;"
    "CREATE INDEX badge_attendee ON badge(attendee_id, tutorial_id);"
    /* The append-only scan journal: one row per decision shown, keyed by
     * (station, seq) so merging station files is a set union. */
    "CREATE TABLE scan ("
    "  station TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  at_ms INTEGER NOT NULL,"
    "  mode TEXT NOT NULL CHECK (mode IN ('desk','door','leads')),"
    "  target TEXT NOT NULL DEFAULT ''," /* tutorial or sponsor slug */
    "  code TEXT NOT NULL,"              /* what was scanned or searched */
    "  attendee_ticket_id TEXT,"         /* stable across databases */
    "  badge_id BLOB,"
    "  decision TEXT NOT NULL CHECK (decision IN ('admit','deny','warn')),"
    "  reason TEXT NOT NULL,"
    "  direction TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in','out')),"
    "  PRIMARY KEY (station, seq)"
    ") WITHOUT ROWID;"
    "CREATE INDEX scan_attendee ON scan(attendee_ticket_id, mode);"
    "CREATE TRIGGER scan_no_update BEFORE UPDATE ON scan BEGIN"
    "  SELECT RAISE(ABORT, 'the scan journal is append-only');"
    "END;"
    "CREATE TRIGGER scan_no_delete BEFORE DELETE ON scan BEGIN"
    "  SELECT RAISE(ABORT, 'the scan journal is append-only');"
    "END;"
    "CREATE TABLE print_job ("
    "  id INTEGER PRIMARY KEY,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  badge_id BLOB REFERENCES badge(badge_id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('badge','ticket')),"
    "  tutorial_id INTEGER REFERENCES tutorial(id),"
    "  template TEXT NOT NULL,"
    "  printer TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (state IN ('queued','sent','printed','failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  error TEXT,"
    "  reprint_reason TEXT," /* NULL for a first print */
    "  created_ms INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL"
    ");"
    "CREATE INDEX print_job_state ON print_job(state);"
    /* Leads hold no personal data: the badge id only.  Contact details are
     * joined in by the organizer's export, for consenting attendees. */
    "CREATE TABLE lead ("
    "  station TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  sponsor_slug TEXT NOT NULL,"
    "  badge_id BLOB NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '',"
    "  rating INTEGER CHECK (rating BETWEEN 1 AND 5),"
    "  PRIMARY KEY (station, seq)"
    ") WITHOUT ROWID;";

/* Version 3: identities.  Every event gets a random identity at init, so
 * that a rehearsal database made by a separate init never merges into the
 * real one.  Journal and lead rows carry the identity of the station run
 * that wrote them (random, created when the station starts) beside its
 * human name, so two stations given one name never collide: the key is
 * (station_id, seq).  A lead's note and rating carry an edit counter, so
 * the newest edit wins in any merge order.  Station files made for
 * sponsors are registered with their role, and carry hashes of the
 * revoked badges instead of the list of every badge id. */
static const char V3[] =
    "ALTER TABLE event ADD COLUMN uid TEXT;"
    /* A database from before identities: its own creation time and slug
     * tell it apart from a separate init of the same event. */
    "UPDATE event SET uid = 'v2:' || slug || ':' || created_ms;"
    /* A new event's identity; SQLite's randomness comes from the
     * system's. */
    "CREATE TRIGGER event_uid AFTER INSERT ON event WHEN NEW.uid IS NULL"
    " BEGIN UPDATE event SET uid = lower(hex(randomblob(16))) WHERE id ="
    " NEW.id; END;"
    "CREATE TABLE scan_v3 ("
    "  station_id TEXT NOT NULL," /* the station run, random */
    "  station TEXT NOT NULL,"    /* its human name, e.g. desk-2 */
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  at_ms INTEGER NOT NULL,"
    "  mode TEXT NOT NULL CHECK (mode IN ('desk','door','leads')),"
    "  target TEXT NOT NULL DEFAULT '',"
    "  code TEXT NOT NULL,"
    "  attendee_ticket_id TEXT,"
    "  badge_id BLOB,"
    "  decision TEXT NOT NULL CHECK (decision IN ('admit','deny','warn')),"
    "  reason TEXT NOT NULL,"
    "  direction TEXT NOT NULL DEFAULT 'in' CHECK (direction IN ('in','out')),"
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "INSERT INTO scan_v3 SELECT 'name:' || station, station, seq, at_ms, mode,"
    "  target, code, attendee_ticket_id, badge_id, decision, reason,"
    "  direction FROM scan;"
    /* Dropping a table fires none of its triggers. */
    "DROP TABLE scan;"
    "ALTER TABLE scan_v3 RENAME TO scan;"
    "CREATE INDEX scan_attendee ON scan(attendee_ticket_id, mode);"
    /* A room's door rows by room and person, for what looks a room up
     * (the dashboard, stats, exports, a list's once per person); desk
     * rows (the most) do not touch it.  Who is inside is room_open's
     * (14), which the door's verdict reads. */
    "CREATE INDEX scan_door ON scan(target, attendee_ticket_id)"
    " WHERE mode = 'door';"
    "CREATE TRIGGER scan_no_update BEFORE UPDATE ON scan BEGIN"
    "  SELECT RAISE(ABORT, 'the scan journal is append-only');"
    "END;"
    "CREATE TRIGGER scan_no_delete BEFORE DELETE ON scan BEGIN"
    "  SELECT RAISE(ABORT, 'the scan journal is append-only');"
    "END;"
    "CREATE TABLE lead_v3 ("
    "  station_id TEXT NOT NULL,"
    "  station TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  sponsor_slug TEXT NOT NULL,"
    "  badge_id BLOB NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '',"
    "  rating INTEGER CHECK (rating BETWEEN 1 AND 5),"
    "  version INTEGER NOT NULL DEFAULT 0," /* edits of note and rating */
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "INSERT INTO lead_v3 SELECT 'name:' || station, station, seq,"
    "  sponsor_slug, badge_id, at_ms, note, rating,"
    "  (note != '' OR rating IS NOT NULL) FROM lead;"
    "DROP TABLE lead;"
    "ALTER TABLE lead_v3 RENAME TO lead;"
    "CREATE INDEX lead_sponsor ON lead(sponsor_slug, badge_id);"
    /* Station files this event database made (checkin station-db), with
     * the role they may play when merged back. */
    "CREATE TABLE station_file ("
    "  uid TEXT PRIMARY KEY,"
    "  role TEXT NOT NULL," /* leads:SPONSOR */
    "  created_ms INTEGER NOT NULL"
    ");"
    /* In a sponsor's station file: keyed hashes of the badge ids that no
     * longer admit (superseded, or their order is not paid).  In a desk's
     * file at a hub, those it has sent there; in an event database at a
     * hub, the hub's set (sync/sync.c, push_revoked). */
    "CREATE TABLE revoked_badge ("
    "  hash BLOB PRIMARY KEY"
    ") WITHOUT ROWID;";

/* 4: pretix test-mode orders, imported only for a rehearsal
 * (`checkin import --include-testmode`), are marked so that a desk or door
 * admits them only when it runs as a rehearsal (`checkin scan
 * --rehearsal`). */
static const char V4[] =
    "ALTER TABLE attendee ADD COLUMN testmode INTEGER NOT NULL DEFAULT 0"
    "  CHECK (testmode IN (0,1));";

/* 5: a supervisor's override.  A desk may admit an unpaid, cancelled or
 * refunded registration when a supervisor gives a reason; the row is an
 * admit whose reason token is "override-" and the refusal overruled, and
 * `override` keeps the supervisor's words (NULL on every other row).
 * Adding a column leaves the journal's rows and triggers as they are. */
static const char V5[] = "ALTER TABLE scan ADD COLUMN override TEXT;";

/* 6: the journal acts on its own rows (docs/admission.md, "The journal").
 * `act` is 'scan' for every decision about a presented code (every row
 * before 6), 'undo' to take back the admission that `ref_station_id` and
 * `ref_seq` name, 'swap' to change what a redemption handed over.  An exit
 * names in `ref` the entry it closes.  `day` is the local date of `at_ms`
 * in the event's zone, stamped by the station (SQLite knows no zones), so
 * "once a day" is a plain comparison; NULL on rows from before 6.
 * `handed` is what a counter handed over (a T-shirt's size), `supervisor`
 * who allowed an override or an undo.  live_scan is the journal less what
 * was undone: every query that decides or counts reads it, not scan.
 * Adding columns leaves the rows and the append-only triggers as they
 * are. */
static const char V6[] =
    "ALTER TABLE scan ADD COLUMN act TEXT NOT NULL DEFAULT 'scan'"
    "  CHECK (act IN ('scan','undo','swap'));"
    "ALTER TABLE scan ADD COLUMN ref_station_id TEXT;"
    "ALTER TABLE scan ADD COLUMN ref_seq INTEGER;"
    "ALTER TABLE scan ADD COLUMN day TEXT;"
    "ALTER TABLE scan ADD COLUMN handed TEXT;"
    "ALTER TABLE scan ADD COLUMN supervisor TEXT;"
    "CREATE INDEX scan_ref ON scan(ref_station_id, ref_seq)"
    "  WHERE ref_seq IS NOT NULL;"
    "CREATE VIEW live_scan AS SELECT * FROM scan s WHERE s.act = 'scan'"
    "  AND NOT EXISTS (SELECT 1 FROM scan u WHERE u.act = 'undo'"
    "    AND u.ref_station_id = s.station_id AND u.ref_seq = s.seq);";

/* 7: issue 30's tables, all at once (docs/admission.md, "Registrations
 * made and corrected at desks"; issue 30 landed before issue 29, so it
 * took 7 and issue 29 takes 8).  registration_change is a desk's walk-ins
 * and corrections, keyed like the journal (station_id, seq) so merges are
 * a set union, and append-only like it.  attendee_source keeps the
 * export's value of each edited field; comp_reason marks a walk-in
 * admitted free.  supervisor holds the PIN hashes (never the PIN);
 * pin_attempt counts wrong PINs at this desk, never synced.
 * station_print_job is the organizer's copy of every desk's jobs, which no
 * print worker reads.  print_job's scan_station_id and scan_seq name the
 * check-in a job was queued with, in the same transaction, so that no one
 * is checked in at a desk with a printer and left without a badge job. */
static const char V7[] =
    "CREATE TABLE registration_change ("
    "  station_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  station TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  ticket_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('create','edit')),"
    "  field TEXT CHECK (field IN ('given_name','family_name','badge_name',"
    "    'pronouns','company','email')),"
    "  value TEXT NOT NULL,"
    "  base TEXT,"
    "  supervisor TEXT,"
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER registration_change_no_update BEFORE UPDATE ON"
    "  registration_change BEGIN"
    "  SELECT RAISE(ABORT, 'registration changes are append-only');"
    "END;"
    "CREATE TRIGGER registration_change_no_delete BEFORE DELETE ON"
    "  registration_change BEGIN"
    "  SELECT RAISE(ABORT, 'registration changes are append-only');"
    "END;"
    "CREATE TABLE attendee_source ("
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  field TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (attendee_id, field)"
    ") WITHOUT ROWID;"
    "ALTER TABLE attendee ADD COLUMN comp_reason TEXT;"
    "CREATE TABLE supervisor ("
    "  name TEXT PRIMARY KEY,"
    "  pin_hash TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL"
    ");"
    "CREATE TABLE pin_attempt (at_ms INTEGER NOT NULL);"
    "CREATE TABLE station_print_job ("
    "  station_uid TEXT NOT NULL,"
    "  job_id INTEGER NOT NULL,"
    "  ticket_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  state TEXT NOT NULL,"
    "  updated_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (station_uid, job_id)"
    ") WITHOUT ROWID;"
    "ALTER TABLE print_job ADD COLUMN scan_station_id TEXT;"
    "ALTER TABLE print_job ADD COLUMN scan_seq INTEGER;";

/* 8: issue 29's tables, all at once (docs/admission.md, "Local schema:
 * version 8").  A check-in list is data: who it admits (list_who, a
 * union), when (list_window, UTC seconds; ticket_type_day, local dates),
 * how often (once), what its verdict shows (list_show) and its stock.
 * attendee_item keeps only the pretix positions some list names, and
 * question and attendee_answer only the questions some list shows, so a
 * file holds no more than its lists need.  An add-on's own secret is a
 * ticket_secret row of its person with its item.  A hold is a flag every
 * station reads; its note stays in the organizer's attendee_hold.
 * list_lease is a door's share of a room's seats (issue 29.3).  Every
 * statement only adds. */
static const char V8[] =
    "CREATE TABLE checkin_list ("
    "  id INTEGER PRIMARY KEY,"
    "  slug TEXT NOT NULL UNIQUE," /* '' is the admission list */
    "  title TEXT NOT NULL,"
    "  once TEXT NOT NULL"
    "    CHECK (once IN ('every-scan','per-person','per-day')),"
    "  exits INTEGER NOT NULL DEFAULT 0 CHECK (exits IN (0,1)),"
    "  room TEXT NOT NULL DEFAULT '',"
    "  capacity INTEGER CHECK (capacity BETWEEN 1 AND 100000)"
    ");"
    "CREATE TABLE list_who ("
    "  list_id INTEGER NOT NULL REFERENCES checkin_list(id),"
    "  what TEXT NOT NULL"
    "    CHECK (what IN ('all','ticket-type','tutorial','item','invited')),"
    "  value TEXT NOT NULL DEFAULT ''," /* slug, 'ITEM' or 'ITEM:VARIATION' */
    "  PRIMARY KEY (list_id, what, value)"
    ") WITHOUT ROWID;"
    "CREATE TABLE list_window ("
    "  list_id INTEGER NOT NULL REFERENCES checkin_list(id),"
    "  starts_at INTEGER NOT NULL,"
    "  ends_at INTEGER NOT NULL CHECK (ends_at > starts_at)"
    ");"
    "CREATE INDEX list_window_list ON list_window(list_id);"
    "CREATE TABLE ticket_type_day ("
    "  ticket_type_id INTEGER NOT NULL REFERENCES ticket_type(id),"
    "  day TEXT NOT NULL," /* YYYY-MM-DD in the event's zone */
    "  PRIMARY KEY (ticket_type_id, day)"
    ") WITHOUT ROWID;"
    "CREATE TABLE list_show ("
    "  list_id INTEGER NOT NULL REFERENCES checkin_list(id),"
    "  position INTEGER NOT NULL,"
    "  what TEXT NOT NULL CHECK (what IN ('variation','question')),"
    "  question TEXT,"
    "  PRIMARY KEY (list_id, position)"
    ") WITHOUT ROWID;"
    "CREATE TABLE list_stock ("
    "  list_id INTEGER NOT NULL REFERENCES checkin_list(id),"
    "  variation TEXT NOT NULL,"
    "  stock INTEGER NOT NULL CHECK (stock >= 0),"
    "  PRIMARY KEY (list_id, variation)"
    ") WITHOUT ROWID;"
    "CREATE TABLE list_invitee ("
    "  list_id INTEGER NOT NULL REFERENCES checkin_list(id),"
    "  ticket_id TEXT NOT NULL,"
    "  PRIMARY KEY (list_id, ticket_id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE attendee_hold ("
    "  attendee_id INTEGER PRIMARY KEY REFERENCES attendee(id),"
    "  note TEXT NOT NULL,"
    "  set_ms INTEGER NOT NULL"
    ");"
    "CREATE TABLE list_lease ("
    "  list_slug TEXT PRIMARY KEY,"
    "  granted INTEGER NOT NULL DEFAULT 0,"
    "  released INTEGER NOT NULL DEFAULT 0,"
    "  CHECK (released <= granted)"
    ");"
    "CREATE TABLE attendee_item ("
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  position TEXT NOT NULL," /* pretix position id */
    "  item TEXT NOT NULL,"
    "  variation TEXT NOT NULL DEFAULT '',"
    "  variation_name TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (attendee_id, position)"
    ") WITHOUT ROWID;"
    "CREATE INDEX attendee_item_item ON attendee_item(item, variation);"
    "CREATE TABLE question ("
    "  identifier TEXT PRIMARY KEY,"
    "  label TEXT NOT NULL"
    ");"
    "CREATE TABLE attendee_answer ("
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  question TEXT NOT NULL REFERENCES question(identifier),"
    "  answer TEXT NOT NULL,"
    "  PRIMARY KEY (attendee_id, question)"
    ") WITHOUT ROWID;"
    "ALTER TABLE ticket_secret ADD COLUMN item TEXT;"
    "ALTER TABLE attendee ADD COLUMN hold INTEGER NOT NULL DEFAULT 0"
    "  CHECK (hold IN (0,1));";

/* 9: a lead's tags (issue 31, sponsors on their own phones): free words
 * a booth's phone adds by touch, at most 8 of 32 characters, kept one a
 * line (journal_booth_lead_edit checks them).  Only adds. */
static const char V9[] =
    "ALTER TABLE lead ADD COLUMN tags TEXT NOT NULL DEFAULT '';";

/* 10: a counter's stock counted as rows are written (issue 29.4,
 * docs/admission.md, "Redemption and stock").  stock_held is every live
 * redemption at a door with what it holds now (the newest swap naming
 * it, else what it handed) and its time, for the rate; stock_count is how
 * many hold each variation of each list, stock_minute the same by the
 * minute of the redemption (for the rate).  A trigger on the journal
 * keeps them, so every writer (a station, a pull, merge, another process on the
 * file) moves the count in the transaction of its row, and a verdict
 * reads one key instead of counting the list's rows (133 ms at 2,000
 * redemptions after another writer).  The trigger works out the row an
 * insert concerns again from live_scan each time, whatever order
 * redemptions, swaps and undos arrive in, so the count always equals a
 * count made from scratch.  Only adds. */
#define V10_HOLDS(ID, SEQ)                                                     \
    "INSERT INTO stock_held (station_id, seq, list_slug, variation, at_ms)"    \
    " SELECT s.station_id, s.seq, s.target, " V10_NOW ", s.at_ms FROM"         \
    " live_scan s WHERE s.station_id = " ID " AND s.seq = " SEQ " AND"         \
    " s.mode = 'door' AND s.decision = 'admit' AND s.direction = 'in' "        \
    "AND " V10_NOW " != '';"
#define V10_NOW                                                                \
    "coalesce((SELECT w.handed FROM scan w WHERE w.act = 'swap' AND"           \
    " w.ref_station_id = s.station_id AND w.ref_seq = s.seq ORDER BY w.at_ms"  \
    " DESC, w.station DESC, w.seq DESC LIMIT 1), s.handed)"
#define V10_ID                                                                 \
    "CASE NEW.act WHEN 'scan' THEN NEW.station_id ELSE NEW.ref_station_id END"
#define V10_SEQ "CASE NEW.act WHEN 'scan' THEN NEW.seq ELSE NEW.ref_seq END"
static const char V10[] =
    "CREATE TABLE stock_held ("
    "  station_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  list_slug TEXT NOT NULL,"
    "  variation TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE INDEX stock_held_at ON stock_held(list_slug, variation, at_ms);"
    "CREATE TABLE stock_count ("
    "  list_slug TEXT NOT NULL,"
    "  variation TEXT NOT NULL,"
    "  handed INTEGER NOT NULL CHECK (handed >= 0),"
    "  PRIMARY KEY (list_slug, variation)"
    ") WITHOUT ROWID;"
    /* The same by the minute of the redemption, for the rate: the last
     * 30 minutes are at most 31 rows, whatever the rate. */
    "CREATE TABLE stock_minute ("
    "  list_slug TEXT NOT NULL,"
    "  variation TEXT NOT NULL,"
    "  minute INTEGER NOT NULL," /* at_ms / 60000 */
    "  handed INTEGER NOT NULL CHECK (handed >= 0),"
    "  PRIMARY KEY (list_slug, variation, minute)"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER stock_held_add AFTER INSERT ON stock_held BEGIN"
    "  INSERT INTO stock_count (list_slug, variation, handed) VALUES"
    "  (NEW.list_slug, NEW.variation, 1) ON CONFLICT (list_slug, variation)"
    "  DO UPDATE SET handed = handed + 1;"
    "  INSERT INTO stock_minute (list_slug, variation, minute, handed)"
    "  VALUES (NEW.list_slug, NEW.variation, NEW.at_ms / 60000, 1) ON"
    "  CONFLICT (list_slug, variation, minute) DO UPDATE SET handed ="
    "  handed + 1;"
    "END;"
    "CREATE TRIGGER stock_held_drop AFTER DELETE ON stock_held BEGIN"
    "  UPDATE stock_count SET handed = handed - 1 WHERE list_slug ="
    "  OLD.list_slug AND variation = OLD.variation;"
    "  UPDATE stock_minute SET handed = handed - 1 WHERE list_slug ="
    "  OLD.list_slug AND variation = OLD.variation AND minute = OLD.at_ms /"
    "  60000;"
    "END;"
    /* A redemption, or an undo or swap naming one: that redemption's
     * holding is worked out again. */
    /* clang-format off */
    "CREATE TRIGGER scan_stock AFTER INSERT ON scan WHEN (NEW.act = 'scan'"
    "  AND NEW.mode = 'door' AND NEW.decision = 'admit' AND NEW.direction ="
    "  'in') OR (NEW.act != 'scan' AND NEW.ref_seq IS NOT NULL) BEGIN"
    "  DELETE FROM stock_held WHERE station_id = " V10_ID
    "  AND seq = " V10_SEQ ";"
    "  " V10_HOLDS(V10_ID, V10_SEQ)
    "END;"
    "INSERT INTO stock_held (station_id, seq, list_slug, variation, at_ms)"
    " SELECT s.station_id, s.seq, s.target, " V10_NOW ", s.at_ms FROM"
    " live_scan s WHERE s.mode = 'door' AND s.decision = 'admit' AND"
    " s.direction = 'in' AND " V10_NOW " != '';";
/* clang-format on */

/* 11: a door's seat lease as the hub gives it (issue 29.3,
 * docs/admission.md, "Capacity across doors: seat leases").  Version 8
 * made list_lease (a door's granted, as pulled, and its own released);
 * this adds the fair share the hub last said and the other doors holding
 * seats then, for the refusal's sentence, and when that was.  A file with
 * no row for its list counts the file, as before.  Only adds. */
static const char V11[] =
    "ALTER TABLE list_lease ADD COLUMN share INTEGER NOT NULL DEFAULT 0"
    " CHECK (share >= 0);"
    "ALTER TABLE list_lease ADD COLUMN others TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE list_lease ADD COLUMN synced_ms INTEGER NOT NULL DEFAULT 0;";

/* 12: scan_stock fires only for a door's admission that hands something
 * over (issue 29.4's cost): a tutorial door's or an every-scan list's
 * admit has no `handed` and, unless a swap arrived before it (rows come
 * in any order through a pull), can hold no stock, so the trigger's body
 * (a delete, live_scan and the newest swap looked up) was spent on every
 * door admit for nothing.  The rows held are the same as version 10's:
 * an admit holds stock only when its own `handed` or a swap naming it is
 * not empty, which is exactly what the WHEN now asks before the body
 * runs.  Measured with bench/station_bench.c (1f). */
static const char V12[] =
    /* clang-format off */
    "DROP TRIGGER scan_stock;"
    "CREATE TRIGGER scan_stock AFTER INSERT ON scan WHEN (NEW.act = 'scan'"
    "  AND NEW.mode = 'door' AND NEW.decision = 'admit' AND NEW.direction ="
    "  'in' AND (NEW.handed != '' OR EXISTS (SELECT 1 FROM scan w WHERE"
    "  w.act = 'swap' AND w.ref_station_id = NEW.station_id AND"
    "  w.ref_seq = NEW.seq AND w.ref_seq IS NOT NULL)))"
    "  OR (NEW.act != 'scan' AND NEW.ref_seq IS NOT NULL) BEGIN"
    "  DELETE FROM stock_held WHERE station_id = " V10_ID
    "  AND seq = " V10_SEQ ";"
    "  " V10_HOLDS(V10_ID, V10_SEQ)
    "END;";
/* clang-format on */

/* 13: when a phone read the code, for a code it kept while the station
 * could not be reached and sent later (issue 31, docs/phones.md "When the
 * station cannot be reached"): the read's time on the station's clock
 * (the phone's clock corrected by its offset), by which the rules decided
 * it; `at_ms` stays when the station decided.  NULL: decided as it was
 * read, as every row before.  Only adds; stays in the station's file (the
 * hub's push does not carry it). */
static const char V13[] = "ALTER TABLE scan ADD COLUMN read_at_ms INTEGER;";

/* 14: who is inside each room, kept as rows are written (issue 29: a
 * tutorial door's verdict counted every entry of its room again, 64 ms
 * at 100,000 attendees, 21x the desk's).  room_open holds every door
 * entry still open, exactly JOURNAL_OPEN_ENTRIES: for each row that can
 * open or close someone's entry (a door admit, an undo naming one, or
 * either deleted, as sync's set-aside and a door's forgetting do) the
 * triggers work that person's open entries in that room out again from
 * the journal, so the set always equals one made from scratch, whatever
 * order rows arrive in and whichever process writes them.  A verdict
 * then counts the people inside (a room's capacity at most) instead of
 * every entry and exit ever made, and finds a person's open entry there
 * too (journal.c, Q_INSIDE): the one record of who is inside.  scan_door
 * stays as the index of a room's rows, which queries by room read (a
 * journal scan without it).  Only adds. */
#define V14_AGAIN(T, A)                                                        \
    "DELETE FROM room_open WHERE target = " T " AND attendee_ticket_id = " A   \
    ";INSERT INTO room_open (target, attendee_ticket_id, station_id, seq)"     \
    " SELECT e.target, e.attendee_ticket_id, e.station_id, e.seq"              \
    " FROM " JOURNAL_OPEN_ENTRIES " AND e.target = " T                         \
    " AND e.attendee_ticket_id = " A ";"
/* The room and person of the row an undo names (NULL when that row is
 * not here yet: its own insert works them out then). */
#define V14_REF(ROW, COL)                                                      \
    "(SELECT r." COL " FROM scan r WHERE r.station_id = " ROW                  \
    ".ref_station_id AND r.seq = " ROW ".ref_seq AND r.mode = 'door')"
static const char V14[] =
    /* clang-format off */
    "CREATE TABLE room_open ("
    "  target TEXT NOT NULL,"
    "  attendee_ticket_id TEXT NOT NULL,"
    "  station_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  PRIMARY KEY (target, attendee_ticket_id, station_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE TRIGGER scan_room AFTER INSERT ON scan WHEN NEW.act = 'scan' AND"
    "  NEW.mode = 'door' AND NEW.decision = 'admit' BEGIN "
    V14_AGAIN("NEW.target", "NEW.attendee_ticket_id")
    "END;"
    "CREATE TRIGGER scan_room_undo AFTER INSERT ON scan WHEN NEW.act ="
    "  'undo' AND NEW.ref_seq IS NOT NULL BEGIN "
    V14_AGAIN(V14_REF("NEW", "target"), V14_REF("NEW", "attendee_ticket_id"))
    "END;"
    "CREATE TRIGGER scan_room_gone AFTER DELETE ON scan WHEN OLD.act = 'scan'"
    "  AND OLD.mode = 'door' AND OLD.decision = 'admit' BEGIN "
    V14_AGAIN("OLD.target", "OLD.attendee_ticket_id")
    "END;"
    "CREATE TRIGGER scan_room_undo_gone AFTER DELETE ON scan WHEN OLD.act ="
    "  'undo' AND OLD.ref_seq IS NOT NULL BEGIN "
    V14_AGAIN(V14_REF("OLD", "target"), V14_REF("OLD", "attendee_ticket_id"))
    "END;"
    "INSERT INTO room_open (target, attendee_ticket_id, station_id, seq)"
    " SELECT e.target, e.attendee_ticket_id, e.station_id, e.seq FROM "
    JOURNAL_OPEN_ENTRIES " AND e.attendee_ticket_id IS NOT NULL;";
/* clang-format on */

/* 15: how many characters each supervisor's PIN has, beside its hash
 * (issue 30): a desk tries a code refused as unknown against the hashes
 * of the PINs of its length only, about 0.12 s each, so a code no PIN's
 * length fits is journaled as it is without hashing.  NULL: a PIN set
 * before 15, or pulled from an organizer's file that has no length, which
 * every code of a PIN's shape is tried against, as before.  Only adds a
 * column. */
static const char V15[] =
    "ALTER TABLE supervisor ADD COLUMN pin_chars INTEGER;";

/* 16: the codes of a person's pretix tutorial add-ons (issue 30): the QR
 * pretix prints on a tutorial bought as an add-on is one more code of
 * the ticket's person, admitting wherever their ticket does.  Kept
 * beside ticket_secret, not in it, so a registration's ticket codes stay
 * what its ticket printed (what the CSV and the exports say); the
 * verifier reads both, and the hub carries both as the registration's
 * codes.  Only adds. */
static const char V16[] =
    "CREATE TABLE addon_secret ("
    "  secret TEXT PRIMARY KEY,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  revoked INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0,1))"
    ") WITHOUT ROWID;"
    "CREATE INDEX addon_secret_attendee ON addon_secret(attendee_id);";

/* 17: the phones' reads a station decided (issue 31, docs/phones.md "A
 * read is decided once"), by the booth's slug and the read's own id,
 * written in the transaction of the decision: a read sent again after
 * the station restarted, or to a second station process on the file, is
 * answered from here and never decided twice.  station_id and seq name
 * the journal row (NULL: a read the station took as the same
 * presentation again); decision, reason, direction, read_at_ms and the
 * name shown are the answer's, kept here since the row may leave the
 * file (a door forgetting other rooms).  journal_append deletes rows
 * older than JOURNAL_READ_KEEP_MS as it adds one.  The station's own:
 * never pushed, merged or copied into an enrolled station's file.  Only
 * adds. */
static const char V17[] =
    "CREATE TABLE phone_read ("
    "  read_key TEXT PRIMARY KEY," /* booth slug, '/', the read's id */
    "  at_ms INTEGER NOT NULL,"
    "  station_id TEXT,"
    "  seq INTEGER,"
    "  decision TEXT,"
    "  reason TEXT,"
    "  direction TEXT,"
    "  read_at_ms INTEGER,"
    "  name TEXT NOT NULL DEFAULT ''"
    ") WITHOUT ROWID;"
    "CREATE INDEX phone_read_at ON phone_read(at_ms);";

/* 18: what a pretix export says of a ticket at the door (issue 49,
 * docs/import-formats.md "What pretix says at the door"): `blocked` (1:
 * pretix blocks the position; refused at every station, entry and exit,
 * with the hold's sentence) apart from the organizer's own hold, so a
 * re-import that no longer blocks it lifts only this; blocked_why, the
 * reasons pretix gave ("admin"), the organizer's file only; the position's
 * validity window (UTC ms, NULL: unbounded); `attention`, the cue shown
 * on admitting (NULL: none); the seats of its positions; the order's
 * locale.  Every station file gets them from the hub (format 24).  Only
 * adds columns. */
static const char V18[] =
    "ALTER TABLE attendee ADD COLUMN blocked INTEGER NOT NULL DEFAULT 0"
    "  CHECK (blocked IN (0,1));"
    "ALTER TABLE attendee ADD COLUMN blocked_why TEXT;"
    "ALTER TABLE attendee ADD COLUMN valid_from_ms INTEGER;"
    "ALTER TABLE attendee ADD COLUMN valid_until_ms INTEGER;"
    "ALTER TABLE attendee ADD COLUMN attention TEXT;"
    "ALTER TABLE attendee ADD COLUMN seat TEXT;"
    "ALTER TABLE attendee ADD COLUMN locale TEXT;";

/* 19: pretix's questions asked during check-in (issue 49,
 * docs/import-formats.md "Questions asked at the door"): `ask`, the
 * question's pretix type ('B' yes/no, 'S' and 'T' text, 'C' a choice, ...)
 * when pretix asks it at the scan (NULL: not asked), and whether it must
 * be answered; scan.answers, the answers a desk took before it admitted
 * the person, as a JSON object of question identifier to answer (NULL:
 * none asked).  Only adds columns. */
static const char V19[] =
    "ALTER TABLE question ADD COLUMN ask TEXT;"
    "ALTER TABLE question ADD COLUMN required INTEGER NOT NULL DEFAULT 0"
    "  CHECK (required IN (0,1));"
    "ALTER TABLE scan ADD COLUMN answers TEXT;";

/* 20: pre-printed badges (issue 55, docs/stations.md "Pre-printed
 * badges in boxes"): for each badge `checkin badge --all --boxes N` printed, by
 * ticket id, the issue number it carries, its box's label ("L-M") and
 * its position in the box, the run's time; once a desk hands it over,
 * when and at which station.  A badge whose issue is no longer the
 * attendee's newest (a reprint) is not handed from the box.  Only adds a
 * table. */
static const char V20[] = "CREATE TABLE preprint ("
                          "  ticket_id TEXT PRIMARY KEY,"
                          "  issue INTEGER NOT NULL,"
                          "  box TEXT NOT NULL,"
                          "  position INTEGER NOT NULL CHECK (position > 0),"
                          "  run_at_ms INTEGER NOT NULL,"
                          "  handed_at_ms INTEGER,"
                          "  handed_station TEXT"
                          ") WITHOUT ROWID;";

/* 21: open spaces (issue 56, docs/open-spaces.md): who claimed which
 * room's slot, and releases, keyed like the journal (station_id, seq) and
 * append-only like it, so that a later hub format carries them as it
 * carries registration changes: a set union.  `slot_ms` is the slot's
 * start (UTC ms), `host_ticket_id` the host's ticket and `title` what they
 * typed (both on a claim only).  A slot is held by its newest row (by
 * at_ms, then station_id and seq) when that row is a claim.  Only adds a
 * table. */
static const char V21[] =
    "CREATE TABLE open_space_claim ("
    "  station_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  station TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  act TEXT NOT NULL CHECK (act IN ('claim','release')),"
    "  room TEXT NOT NULL,"
    "  slot_ms INTEGER NOT NULL,"
    "  host_ticket_id TEXT,"
    "  title TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE INDEX open_space_claim_slot ON open_space_claim(room, slot_ms);"
    "CREATE TRIGGER open_space_claim_no_update BEFORE UPDATE ON"
    "  open_space_claim BEGIN"
    "  SELECT RAISE(ABORT, 'open space claims are append-only');"
    "END;"
    "CREATE TRIGGER open_space_claim_no_delete BEFORE DELETE ON"
    "  open_space_claim BEGIN"
    "  SELECT RAISE(ABORT, 'open space claims are append-only');"
    "END;";
/* 22: acknowledgements (issue 55, docs/import-formats.md
 * "Acknowledgements"): the event's `[acknowledge SLUG]` sections are
 * questions the desk asks (identifier "ack:SLUG", ask 'A', required),
 * their title the label and their short text `detail`, so that the
 * answers ride in scan.answers as pretix's questions' do.  Only adds a
 * column. */
static const char V22[] = "ALTER TABLE question ADD COLUMN detail TEXT;";
/* 23: sprints by project (issue 56 item 2, docs/sprints.md): each
 * project's slug, title, lead (their ticket id) and room.  Its check-ins
 * are door rows of target "sprint:SLUG" in the journal.  Only adds a
 * table. */
static const char V23[] = "CREATE TABLE sprint_project ("
                          "  slug TEXT PRIMARY KEY,"
                          "  title TEXT NOT NULL,"
                          "  lead_ticket_id TEXT NOT NULL,"
                          "  room TEXT NOT NULL DEFAULT ''"
                          ") WITHOUT ROWID;";

/* ---- 24: the triage's sends (issue 55.4; this step's one place) ----
 * Whom the triage at the queue's entrance sent to which desk and when
 * (docs/stations.md, "The triage"), so that the dashboard counts each
 * desk's line and its wait.  A table of its own, not a journal mode: a
 * send admits no one and must not count as a desk's decision.  Keyed like
 * the journal by (station_id, seq), append-only, so that a hub carries
 * them as a set union (hub format 31).  `desk` is the [desks] name the
 * person was sent to, `letters` its letters when sent by them ("" else).
 * Only adds a table. */
static const char V24[] =
    "CREATE TABLE triage_sent ("
    "  station_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  station TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  ticket_id TEXT NOT NULL,"
    "  desk TEXT NOT NULL,"
    "  letters TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE INDEX triage_sent_at ON triage_sent(at_ms);"
    "CREATE TRIGGER triage_sent_no_update BEFORE UPDATE ON triage_sent BEGIN"
    "  SELECT RAISE(ABORT, 'the triage''s sends are append-only');"
    "END;"
    "CREATE TRIGGER triage_sent_no_delete BEFORE DELETE ON triage_sent BEGIN"
    "  SELECT RAISE(ABORT, 'the triage''s sends are append-only');"
    "END;";
/* ---- end of step 24 ---- */

/* ---- 25: the PyLadies auction (issue 56 item 3; this step's one place) ----
 * docs/auction.md.  Every act of the auction as one append-only row, keyed
 * like the journal by (station_id, seq), so that a hub (format 33) carries
 * them as a set union: a bidder's `paddle` given at an auction door (the
 * number from that door's block of [auction], `ticket_id` the bidder), a
 * lot's `win` (`lot`, the paddle, `amount_cents`), and a `settle` at the
 * pay desk (the paddle's holder, `amount_cents` what was paid).  What a
 * winner owes is their wins less their settlements, worked out from the
 * rows, never stored.  Only adds a table. */
static const char V25[] =
    "CREATE TABLE auction_act ("
    "  station_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  station TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  act TEXT NOT NULL CHECK (act IN ('paddle','win','settle')),"
    "  paddle INTEGER NOT NULL CHECK (paddle >= 1),"
    "  ticket_id TEXT NOT NULL DEFAULT '',"
    "  lot TEXT NOT NULL DEFAULT '',"
    "  amount_cents INTEGER NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),"
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "CREATE INDEX auction_act_paddle ON auction_act(paddle, act);"
    "CREATE TRIGGER auction_act_no_update BEFORE UPDATE ON auction_act BEGIN"
    "  SELECT RAISE(ABORT, 'the auction''s acts are append-only');"
    "END;"
    "CREATE TRIGGER auction_act_no_delete BEFORE DELETE ON auction_act BEGIN"
    "  SELECT RAISE(ABORT, 'the auction''s acts are append-only');"
    "END;";
/* ---- end of step 25 ---- */

/* 26: a paddle's label (issue 56 item 3, docs/auction.md): print_job's
 * kind takes 'paddle', the auction door's label of a bidder's paddle
 * number, queued in the decision's transaction as a desk's badge is.
 * SQLite cannot change a CHECK, so the table is made again with its rows
 * (the columns step 7 added in their place) and its index. */
static const char V26[] =
    "CREATE TABLE print_job_v26 ("
    "  id INTEGER PRIMARY KEY,"
    "  attendee_id INTEGER NOT NULL REFERENCES attendee(id),"
    "  badge_id BLOB REFERENCES badge(badge_id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('badge','ticket','paddle')),"
    "  tutorial_id INTEGER REFERENCES tutorial(id),"
    "  template TEXT NOT NULL,"
    "  printer TEXT NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'queued'"
    "    CHECK (state IN ('queued','sent','printed','failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  error TEXT,"
    "  reprint_reason TEXT,"
    "  created_ms INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL,"
    "  scan_station_id TEXT,"
    "  scan_seq INTEGER"
    ");"
    "INSERT INTO print_job_v26 (id, attendee_id, badge_id, kind, tutorial_id,"
    "  template, printer, state, attempts, error, reprint_reason, created_ms,"
    "  updated_ms, scan_station_id, scan_seq) SELECT id, attendee_id,"
    "  badge_id, kind, tutorial_id, template, printer, state, attempts,"
    "  error, reprint_reason, created_ms, updated_ms, scan_station_id,"
    "  scan_seq FROM print_job;"
    "DROP TABLE print_job;"
    "ALTER TABLE print_job_v26 RENAME TO print_job;"
    "CREATE INDEX print_job_state ON print_job(state);";
/* ---- end of step 26 ---- */

/* ---- 27: a win voided (issue 56 item 3; this step's one place) ----
 * docs/auction.md "Correcting a win".  auction_act takes the act `void`:
 * a row that voids the win keyed (`of_station_id`, `of_seq`), the lot,
 * paddle and ticket as that win's, `amount_cents` what was given back at
 * the pay desk for it (0: the win was not paid yet), `reason` the
 * treasurer's words.  The win's row stays: the acts are append-only.
 * SQLite cannot change a CHECK, so the table is made again with its rows
 * (a DROP TABLE fires no trigger), its index and its two triggers.  It
 * first adds `reason` to the old table, which fails on a table made by
 * this step ("duplicate column name"): a rebuild alone would run again
 * on its own result, so a file at 27 whose version a flipped bit made 26
 * or 25 would be taken for one to upgrade, not for a damaged one
 * (store.c, steps_fail_on_its_tables; test_damaged). */
static const char V27[] =
    "ALTER TABLE auction_act ADD COLUMN reason TEXT NOT NULL DEFAULT '';"
    "CREATE TABLE auction_act_v27 ("
    "  station_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq >= 1),"
    "  station TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  act TEXT NOT NULL CHECK (act IN ('paddle','win','settle','void')),"
    "  paddle INTEGER NOT NULL CHECK (paddle >= 1),"
    "  ticket_id TEXT NOT NULL DEFAULT '',"
    "  lot TEXT NOT NULL DEFAULT '',"
    "  amount_cents INTEGER NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),"
    "  of_station_id TEXT NOT NULL DEFAULT '',"
    "  of_seq INTEGER NOT NULL DEFAULT 0,"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (station_id, seq)"
    ") WITHOUT ROWID;"
    "INSERT INTO auction_act_v27 (station_id, seq, station, at_ms, act,"
    "  paddle, ticket_id, lot, amount_cents) SELECT station_id, seq,"
    "  station, at_ms, act, paddle, ticket_id, lot, amount_cents FROM"
    "  auction_act;"
    "DROP TABLE auction_act;"
    "ALTER TABLE auction_act_v27 RENAME TO auction_act;"
    "CREATE INDEX auction_act_paddle ON auction_act(paddle, act);"
    "CREATE TRIGGER auction_act_no_update BEFORE UPDATE ON auction_act BEGIN"
    "  SELECT RAISE(ABORT, 'the auction''s acts are append-only');"
    "END;"
    "CREATE TRIGGER auction_act_no_delete BEFORE DELETE ON auction_act BEGIN"
    "  SELECT RAISE(ABORT, 'the auction''s acts are append-only');"
    "END;";
/* ---- end of step 27 ---- */

/* ---- 28: a print job's failure kept to be said in any language
 * (issue 53; this step's one place) ----
 * print_job.error_kept: what the English `error` was made of (its
 * format, count and each argument's place: ck_error_keep), so that a
 * label that failed in an earlier run is said in the reader's language
 * (ck_error_unkeep), not in its stored English.  NULL in the rows
 * before it, which keep their English.  Run again on its own result,
 * the ALTER fails ("duplicate column name"). */
static const char V28[] = "ALTER TABLE print_job ADD COLUMN error_kept TEXT;";
/* ---- end of step 28 ---- */

/* ---- 29: a trigram index for `attendees` (issue 54 item 4; this step's
 * one place) ----
 * attendee_gram: for each of `buckets` hash buckets of the 3-byte pieces
 * of the search keys (store/gram.c), the blocks of `block` ids holding
 * a key with such a piece, as a bitmap or a list of block numbers.
 * attendee_gram_setting: its one row, what it was made with and the
 * highest id it covers; attendee_gram_dirty: the ids at or below it
 * whose key changed, or that were made again, since (the triggers).  A
 * search trusts the index only when the row matches its own and both
 * triggers exist (a table rebuilt by an older checkin loses them).  Run
 * again on its own result, the CREATE TABLE fails ("already exists"). */
static const char V29[] =
    "CREATE TABLE attendee_gram ("
    "  bucket INTEGER PRIMARY KEY,"
    "  blocks BLOB NOT NULL"
    ");"
    "CREATE TABLE attendee_gram_setting ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  buckets INTEGER NOT NULL,"
    "  block INTEGER NOT NULL,"
    "  hash INTEGER NOT NULL,"
    "  covered INTEGER NOT NULL"
    ");"
    "CREATE TABLE attendee_gram_dirty (id INTEGER PRIMARY KEY);"
    "CREATE TRIGGER attendee_gram_update AFTER UPDATE OF search_key, id"
    "  ON attendee"
    "  WHEN NEW.id <= (SELECT covered FROM attendee_gram_setting)"
    "  BEGIN INSERT OR IGNORE INTO attendee_gram_dirty (id) VALUES (NEW.id);"
    "  END;"
    "CREATE TRIGGER attendee_gram_insert AFTER INSERT ON attendee"
    "  WHEN NEW.id <= (SELECT covered FROM attendee_gram_setting)"
    "  BEGIN INSERT OR IGNORE INTO attendee_gram_dirty (id) VALUES (NEW.id);"
    "  END;";
/* ---- end of step 29 ---- */

/* ---- 30: step 29's triggers made again, guarded (this step's one
 * place) ----
 * Step 29's triggers add to attendee_gram_dirty with INSERT OR IGNORE,
 * but an outer upsert's conflict handling overrides a trigger's: a
 * pull's INSERT ... ON CONFLICT DO UPDATE of a person already in the
 * dirty ids failed (UNIQUE constraint failed: attendee_gram_dirty.id)
 * and the registration waited.  These add an id only when it is not
 * there, so no statement around them meets a conflict. */
static const char V30[] =
    "DROP TRIGGER attendee_gram_update;"
    "DROP TRIGGER attendee_gram_insert;"
    "CREATE TRIGGER attendee_gram_update AFTER UPDATE OF search_key, id"
    "  ON attendee"
    "  WHEN NEW.id <= (SELECT covered FROM attendee_gram_setting)"
    "  AND NOT EXISTS (SELECT 1 FROM attendee_gram_dirty WHERE id = NEW.id)"
    "  BEGIN INSERT INTO attendee_gram_dirty (id) VALUES (NEW.id);"
    "  END;"
    "CREATE TRIGGER attendee_gram_insert AFTER INSERT ON attendee"
    "  WHEN NEW.id <= (SELECT covered FROM attendee_gram_setting)"
    "  AND NOT EXISTS (SELECT 1 FROM attendee_gram_dirty WHERE id = NEW.id)"
    "  BEGIN INSERT INTO attendee_gram_dirty (id) VALUES (NEW.id);"
    "  END;";
/* ---- end of step 30 ---- */

const char *const schema_migrations[] = {
    NULL, V1,  V2,  V3,  V4,  V5,  V6,  V7,  V8,  V9,  V10,
    V11,  V12, V13, V14, V15, V16, V17, V18, V19, V20, V21,
    V22,  V23, V24, V25, V26, V27, V28, V29, V30};
const int schema_latest =
    (int)(sizeof(schema_migrations) / sizeof(schema_migrations[0])) - 1;
