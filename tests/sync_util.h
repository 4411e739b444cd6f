/* What the tests of stations in step through a PostgreSQL hub share
 * (test_sync_*.c, test_hub*.c, test_booth_sync.c, test_door_sync.c):
 * files read with plain SQLite, the command, stations enrolled at a
 * hub, older hubs' formats, live stations and their waits. */
#ifndef CHECKIN_TESTS_SYNC_UTIL_H
#define CHECKIN_TESTS_SYNC_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checkin/admission.h"
#include "checkin/credential.h"
#include "checkin/hub_schema.h"
#include "checkin/journal.h"
#include "checkin/station.h"
#include "checkin/store.h"
#include "checkin/sync_worker.h"
#include "hubfix.h"
#include "keep_result.h"
#include "live.h"
#include "older_hubs.h"
#include "pgserver.h"
#include "relay.h"
#include "sync_parts.h"
#include "tcp_printer.h"
#include "testutil.h"
#include "webdriver.h"

/* ---- files, through plain SQLite ---- */

long long sql_int(const char *db, const char *sql);

/* The first column of the first row of `sql`, as text (static buffer). */
const char *sql_text(const char *db, const char *sql);

/* Run `sql` on the file `db`, writing. */
void sql_write(const char *db, const char *sql);

/* ---- the command ---- */

/* Run `checkin ARGS`; fail the test unless it exits `want`.  Returns
 * stdout and stderr together. */
#define run(...) tu_checkin_want(__VA_ARGS__)

/* `checkin scan DB ARGS --keyboard --json --offline` given `codes`
 * (lines) on its input; what it printed (caller frees).  Offline: these
 * cases sync by hand, with `checkin sync`; live stations are below. */
char *scan(const char *db, const char *args, const char *codes);

/* scan(), its output expected to hold the decision "reason":"REASON"; a
 * miss is failed at the caller's line, with what the station said. */
#define SCAN_SAYS(db, args, codes, reason)                                     \
    scan_says(db, args, codes, reason, __LINE__)

void scan_says(const char *db, const char *args, const char *codes,
               const char *reason, int line);

/* A fresh event database (the demo event) and an empty hub database of
 * its own, published with `checkin hub init`; the hub's name in *hub. */
const char *published_event(const char *name, const char **hub);

/* `checkin hub add-station EV NAME --station ROLE --out tu_path(FILE)`. */
const char *add_station(const char *ev, const char *name, const char *role,
                        const char *file);

/* The columns of a registrations export, as the cases' own rows give
 * them. */
#define REGISTRATION_COLUMNS                                                   \
    "order_code,Status,badge_name,Email,ticket_type,family_name,given_name,"   \
    "pronouns,company,t_shirt,tutorials,sponsor_consent,secret,ticket_id\n"

/* `rows` of a registrations export (REGISTRATION_COLUMNS) written to
 * tu_path(`file`) and imported into `db`: what the import said. */
const char *import_rows(const char *db, const char *file, const char *rows);

/* A paid attendee's first live registration secret (what the desk scans). */
const char *secret_of(const char *db, const char *ticket);

/* A connection to the hub with the credentials in a station's file. */
PGconn *connect_as_station(const char *station_db);

/* Run `sql` on `c`: its first value as a number, or -1 on an error (the
 * error's SQLSTATE in `state` when given). */
long long pq_int(PGconn *c, const char *sql, char *state);

/* ---- what flows ---- */

/* What a format 12 hub lacks of format 13 (hub_schema.c, WAITING): the
 * table and trigger, and the check's two steps that set an edit aside
 * and let a placed one through (taken out of its text as the hub holds
 * it, which leaves format 11's check). */
#define FORMAT12_HUB                                                           \
    FORMAT13_HUB                                                               \
    " DO $$ DECLARE d text; BEGIN"                                             \
    " d := pg_get_functiondef("                                                \
    "  'checkin.vet_registration_change()'::regprocedure);"                    \
    " d := regexp_replace(d, 'IF EXISTS \\(SELECT 1 FROM checkin"              \
    "\\.waiting_change.*?END IF;', '');"                                       \
    " d := regexp_replace(d, 'IF station AND \\(me\\.kind.*?RETURN NULL;',"    \
    "  'RETURN NULL;');"                                                       \
    " EXECUTE d; END $$;"                                                      \
    " DROP TRIGGER place ON checkin.registration;"                             \
    " DROP FUNCTION checkin.place_waiting();"                                  \
    " DROP TABLE checkin.waiting_change;"                                      \
    " UPDATE checkin.hub SET format = 12;"

/* What a format 11 hub lacks of format 12 (hub_schema.c, EXPO): the
 * policies as format 11 left them, no expo booths, no tags. */
#define FORMAT11_HUB                                                           \
    FORMAT12_HUB                                                               \
    " DROP POLICY own_rows ON checkin.scan;"                                   \
    " CREATE POLICY own_rows ON checkin.scan FOR INSERT WITH CHECK"            \
    " (station_uid = (SELECT checkin.me_uid()) AND mode = (SELECT"             \
    " checkin.me_kind()) AND (mode = 'desk' OR target = (SELECT"               \
    " checkin.me_target())));"                                                 \
    " DROP POLICY own_sponsor ON checkin.lead;"                                \
    " CREATE POLICY own_sponsor ON checkin.lead FOR SELECT USING ((SELECT"     \
    " checkin.me_kind()) = 'leads' AND sponsor_slug = (SELECT"                 \
    " checkin.me_target()));"                                                  \
    " DROP POLICY own_rows ON checkin.lead;"                                   \
    " CREATE POLICY own_rows ON checkin.lead FOR INSERT WITH CHECK"            \
    " (station_uid = (SELECT checkin.me_uid()) AND (SELECT"                    \
    " checkin.me_kind()) = 'leads' AND sponsor_slug = (SELECT"                 \
    " checkin.me_target()) AND station = (SELECT checkin.me_name()));"         \
    " DROP POLICY own_rows_edit ON checkin.lead;"                              \
    " CREATE POLICY own_rows_edit ON checkin.lead FOR UPDATE USING"            \
    " (station_uid = (SELECT checkin.me_uid())) WITH CHECK (station_uid ="     \
    " (SELECT checkin.me_uid()) AND sponsor_slug = (SELECT"                    \
    " checkin.me_target()));"                                                  \
    " DROP TRIGGER booth ON checkin.scan; DROP TRIGGER booth ON checkin.lead;" \
    " DROP FUNCTION checkin.vet_booth(), checkin.my_booths();"                 \
    " DROP TRIGGER expo_booths ON checkin.event_description;"                  \
    " DROP FUNCTION checkin.booth_for_new_sponsor();"                          \
    " DROP TABLE checkin.expo_booth;"                                          \
    " ALTER TABLE checkin.lead DROP COLUMN tags;"                              \
    " UPDATE checkin.hub SET format = 11;"

/* What a format 10 hub lacks of format 11 (hub_schema.c, CHANGES). */
#define FORMAT10_HUB                                                           \
    FORMAT11_HUB                                                               \
    " DROP VIEW checkin.door_registration_change;"                             \
    " DROP TABLE checkin.registration_change;"                                 \
    " DROP FUNCTION checkin.vet_registration_change(),"                        \
    " checkin.changes_append_only();"                                          \
    " UPDATE checkin.hub SET format = 10;"

/* A hub of format 9: no lists, questions, items, holds, answers or
 * invitations, door_registration as format 7 made it. */
#define FORMAT9_HUB                                                            \
    FORMAT10_HUB                                                               \
    "DROP VIEW checkin.station_answer, checkin.door_registration;"             \
    " DROP FUNCTION checkin.list_items_who(jsonb, jsonb),"                     \
    " checkin.on_list(text, text, text[], jsonb, text),"                       \
    " checkin.on_list_who(jsonb, text, text, text[], jsonb, text);"            \
    " DROP TABLE checkin.answer, checkin.list_invitee;"                        \
    " ALTER TABLE checkin.registration DROP COLUMN items, DROP COLUMN hold;"   \
    " DELETE FROM checkin.event_description WHERE kind IN ('list',"            \
    " 'question');"                                                            \
    " UPDATE checkin.event_description SET data = data - 'days' WHERE kind"    \
    " = 'ticket_type';"                                                        \
    " ALTER TABLE checkin.event_description"                                   \
    " DROP CONSTRAINT event_description_kind_check,"                           \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN"              \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting',"    \
    " 'supervisor'));"                                                         \
    " CREATE VIEW checkin.door_registration WITH (security_barrier) AS"        \
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
    " REVOKE ALL ON checkin.door_registration FROM PUBLIC;"                    \
    " DO $$ BEGIN EXECUTE format('GRANT SELECT ON"                             \
    " checkin.door_registration TO %I', (SELECT role_prefix || '_station'"     \
    " FROM checkin.hub)); END $$;"                                             \
    " DROP TRIGGER note_zone ON checkin.event_description;"                    \
    " DROP FUNCTION checkin.note_zone();"                                      \
    " ALTER TABLE checkin.hub DROP COLUMN zone;"                               \
    " CREATE OR REPLACE FUNCTION checkin.act_fault(p_uid text, p_at bigint,"   \
    "  p_day text, p_act text, p_ref_station_id text, p_ref_seq bigint,"       \
    "  p_mode text, p_target text) RETURNS text LANGUAGE plpgsql STABLE"       \
    " SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$"            \
    " DECLARE zone text;"                                                      \
    " BEGIN"                                                                   \
    "  IF p_act <> 'scan' AND (p_ref_station_id IS NULL OR p_ref_seq IS"       \
    "   NULL OR NOT (EXISTS (SELECT 1 FROM checkin.scan WHERE station_id ="    \
    "   p_ref_station_id AND seq = p_ref_seq AND act = 'scan' AND mode ="      \
    "   p_mode AND target = p_target) OR EXISTS (SELECT 1 FROM"                \
    "   checkin.run WHERE station_id = p_ref_station_id AND station_uid ="     \
    "   p_uid))) THEN"                                                         \
    "   RETURN format('an %s naming no row of its list', p_act); END IF;"      \
    "  IF p_day IS NULL THEN RETURN NULL; END IF;"                             \
    "  SELECT data->>'timezone' INTO zone FROM checkin.event_description"      \
    "   WHERE kind = 'event' AND data IS NOT NULL LIMIT 1;"                    \
    "  IF zone IS NULL OR NOT EXISTS (SELECT 1 FROM pg_timezone_names"         \
    "   WHERE name = zone) THEN RETURN NULL; END IF;"                          \
    "  IF to_char(to_timestamp(p_at / 1000.0) AT TIME ZONE zone,"              \
    "   'YYYY-MM-DD') IS DISTINCT FROM p_day THEN"                             \
    "   RETURN 'a day that disagrees with its time'; END IF;"                  \
    "  RETURN NULL;"                                                           \
    " END $$;"                                                                 \
    " UPDATE checkin.hub SET format = 9;"

/* A hub of format 8: no supervisors in the event description, every
 * station reads it whole but a booth, and no row's supervisor vetted. */
#define FORMAT8_HUB                                                            \
    FORMAT9_HUB                                                                \
    "DROP TRIGGER vet_supervisor ON checkin.scan;"                             \
    " DROP FUNCTION checkin.vet_supervisor(),"                                 \
    " checkin.supervisor_fault(text);"                                         \
    " DELETE FROM checkin.event_description WHERE kind = 'supervisor';"        \
    " ALTER TABLE checkin.event_description"                                   \
    " DROP CONSTRAINT event_description_kind_check,"                           \
    " ADD CONSTRAINT event_description_kind_check CHECK (kind IN"              \
    " ('event','ticket_type','tutorial','sponsor','source_item','setting'));"  \
    " DROP POLICY stations ON checkin.event_description;"                      \
    " CREATE POLICY stations ON checkin.event_description FOR SELECT"          \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door')"                    \
    " OR ((SELECT checkin.me_kind()) = 'leads'"                                \
    " AND kind IN ('event','ticket_type','tutorial','sponsor')));"             \
    " UPDATE checkin.hub SET format = 8;"

/* A hub of format 7: no act, ref, day, handed or supervisor in the
 * journal, door_scan as format 7 made it, and the scan policy as it was. */
#define FORMAT7_HUB                                                            \
    FORMAT8_HUB                                                                \
    "DROP TRIGGER vet_act ON checkin.scan;"                                    \
    " DROP FUNCTION checkin.vet_act(), checkin.act_fault(text, bigint, text,"  \
    " text, text, bigint, text, text);"                                        \
    " DROP VIEW checkin.live_scan, checkin.door_scan;"                         \
    " DROP POLICY desks_own ON checkin.scan;"                                  \
    " CREATE POLICY desks_own ON checkin.scan FOR SELECT"                      \
    " USING ((SELECT checkin.me_kind()) = 'desk'"                              \
    " OR station_uid = (SELECT checkin.me_uid()));"                            \
    " DROP FUNCTION checkin.client_format();"                                  \
    " ALTER TABLE checkin.scan DROP COLUMN act, DROP COLUMN ref_station_id,"   \
    " DROP COLUMN ref_seq, DROP COLUMN day, DROP COLUMN handed,"               \
    " DROP COLUMN supervisor;"                                                 \
    " ALTER TABLE checkin.station DROP COLUMN client_format;"                  \
    " CREATE VIEW checkin.door_scan WITH (security_barrier) AS"                \
    " SELECT s.station_id, s.seq, s.station_uid, s.station, s.at_ms,"          \
    "  s.mode, s.target, CASE WHEN substring(s.code FROM 1 FOR 7) ="           \
    "  convert_to('sha256:', 'UTF8') THEN s.code ELSE"                         \
    "  convert_to(checkin.hashed(s.code), 'UTF8') END AS code,"                \
    "  s.attendee_ticket_id, s.badge_id, s.decision, s.reason,"                \
    "  s.direction, s.override, s.hub_seq, s.hub_xid"                          \
    " FROM checkin.scan s, (SELECT checkin.me_kind() AS kind,"                 \
    "  checkin.me_target() AS target) m WHERE m.kind = 'door'"                 \
    "  AND s.mode = 'door' AND s.target = m.target;"                           \
    " DO $$ BEGIN EXECUTE format('GRANT SELECT ON checkin.door_scan TO %I',"   \
    " (SELECT role_prefix || '_station' FROM checkin.hub)); END $$;"           \
    " UPDATE checkin.hub SET format = 7;"

/* A hub of format 6: doors read registrations and the journal whole. */
#define FORMAT6_HUB                                                            \
    FORMAT7_HUB                                                                \
    "DROP VIEW checkin.door_registration, checkin.door_scan,"                  \
    " checkin.set_aside;"                                                      \
    " DROP FUNCTION checkin.hashed(bytea), checkin.hashed(text[]);"            \
    " DROP POLICY desks ON checkin.registration;"                              \
    " CREATE POLICY desks_doors ON checkin.registration FOR SELECT"            \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door'));"                  \
    " DROP POLICY desks_own ON checkin.scan;"                                  \
    " CREATE POLICY desks_doors_own ON checkin.scan FOR SELECT"                \
    " USING ((SELECT checkin.me_kind()) IN ('desk','door')"                    \
    " OR station_uid = (SELECT checkin.me_uid()));"                            \
    " UPDATE checkin.hub SET format = 6;"

/* A hub of format 5: journal rows stored as pushed, none set aside. */
#define FORMAT5_HUB                                                            \
    FORMAT6_HUB                                                                \
    "DROP TRIGGER vet ON checkin.scan;"                                        \
    " DROP FUNCTION checkin.vet_scan(), checkin.scan_fault(text, text,"        \
    " bigint, bigint, text, text, text);"                                      \
    " DROP POLICY own_rows ON checkin.lead;"                                   \
    " CREATE POLICY own_rows ON checkin.lead FOR INSERT"                       \
    " WITH CHECK (station_uid = (SELECT checkin.me_uid())"                     \
    " AND (SELECT checkin.me_kind()) = 'leads'"                                \
    " AND sponsor_slug = (SELECT checkin.me_target()));"                       \
    " DROP FUNCTION checkin.me_name(); DROP TABLE checkin.quarantine;"         \
    " ALTER TABLE checkin.station DROP COLUMN file_token;"                     \
    " UPDATE checkin.hub SET format = 5;"

/* A hub of format 3: no printer status in the station rows, no lifted
 * revocations, no signing keys sealed to desks. */
#define FORMAT3_HUB                                                            \
    FORMAT5_HUB                                                                \
    "ALTER TABLE checkin.station DROP COLUMN printer, DROP COLUMN"             \
    " printer_state, DROP COLUMN printer_message, DROP COLUMN printer_ms;"     \
    " DROP POLICY desks_revoke_again ON checkin.revoked_badge;"                \
    " ALTER TABLE checkin.revoked_badge DROP COLUMN lifted_ms;"                \
    " DROP TABLE checkin.station_key;"                                         \
    " ALTER TABLE checkin.station DROP COLUMN box_key;"                        \
    " UPDATE checkin.hub SET format = 3;"

/* A hub as an earlier 'checkin hub init' made it (format 1): no override
 * column in the journal, no event description. */
#define OLD_HUB                                                                \
    FORMAT3_HUB "ALTER TABLE checkin.scan DROP COLUMN override;"               \
                " DROP TABLE checkin.event_description;"                       \
                " DROP FUNCTION checkin.sponsor_lead_suspects(), "             \
                "checkin.sponsor_leads(),"                                     \
                " checkin.sponsor_leads_near(), checkin.booth_sponsor();"      \
                " UPDATE checkin.hub SET format = 1"

/* ---- never twice, never skipped ---- */

/* The set of journal keys in a station file and on the hub, as text. */
void keys_equal(const char *hub, const char *station_db);

/* The hub's clock in milliseconds, for rows written by hand: the hub sets
 * aside a row whose time is far from it and from the event's days. */
#define NOW_MS "(extract(epoch FROM now()) * 1000)::bigint"

/* ---- what the hub lets each station do ---- */

/* A badge code of `ticket` issued at `desk` (its first, synced later). */
void issue_code(const char *desk, const char *ticket, char *code, size_t cap);

/* At a booth (`file`, station `name` of datawise): record a lead for
 * `code`, or with `seq` > 0 edit that lead, and save its note and rating
 * as the booth's screens do (station_lead_note).  The lead's seq. */
int64_t booth_note(const char *file, const char *name, const char *code,
                   int64_t seq, const char *note, int rating);

/* ---- the expo hall at the hub (hub format 12) ---- */

/* At the expo station file `file` (enrolled as `name`): the booth of
 * `sponsor` reads `code` and saves a note, a rating and tags on the lead
 * as a sponsor's phone does (station_expo_edit).  The lead's seq. */
int64_t expo_lead(const char *file, const char *name, const char *sponsor,
                  const char *code, const char *note, int rating,
                  const char *const *tags, size_t ntags);

/* ---- live stations (sync_worker.h) ---- */

struct want_link {
    bool online;
    long to_send; /* -1: any */
};

/* Wait up to `ms` for the station to say it is (not) in step, with
 * `to_send` check-ins left (-1: any number); the line it printed. */
bool wait_link(struct live *st, bool online, long to_send, int ms);

/* desk-1 started on `db` (live_start) and in step with its hub, nothing
 * to send (wait_link): where the cases that cut its hub off begin.  false,
 * a failure recorded, when it did not start or say so. */
bool desk_1_in_step(struct live *a, const char *db);

/* Scan `code` at the running station `st` and expect member `key` of
 * its decision to be `want`. */
void scan_expect(struct live *st, const char *code, const char *key,
                 const char *want);

/* Wait up to 20 s until `sql` on `db` counts at least `n`. */
void wait_count(const char *db, const char *sql, long long n);

/* The `n`th paid attendee's live secret (ordered by ticket). */
const char *nth_secret(const char *db, int n);

/* ---- time limits on the hub path, forged wake-ups (issue 28) ---- */

/* Count each station's syncs at `hub` (syncs_of): a trigger of the
 * test's on checkin.station, whose row a station's sync updates last (a
 * sync that pushed nothing and has nothing new to say leaves it when it
 * was written less than SYNC_SAY_MS ago). */
void count_syncs(const char *hub);

/* The hub's count of complete syncs by station `name` (the test's trigger
 * on checkin.station, which every station sync updates last). */
long long syncs_of(const char *hub, const char *name);

/* The badge code `checkin issue [OPTIONS] DB 48275` prints (the line
 * starting "CK"). */
const char *issued_code(const char *options, const char *db);

/* Wait until station `name` has just synced (its last_seen moved), so
 * that its next timed sync is 10 s away.  False, with the case failed
 * and why, when it has not synced in 15 s (a timed sync comes every
 * 10 s), so that what follows does not run on a stale premise. */
bool wait_fresh_sync(const char *hub, const char *name);

/* The phone's link of a running station, from what it said on its
 * standard error (tu_path("live.err")): its port and its token. */
bool phone_link(int *port, char *token, size_t cap);

/* A phone's read of `code`, made `age_ms` before it was sent to the
 * station on `port` (the page kept it while the station could not be
 * reached); the station's answer (malloc'd). */
char *phone_read(int port, const char *token, const char *code, const char *id,
                 long long age_ms);

/* ---- the event description changed on the organizer's laptop ---- */

/* The demo description with tutorial `slug`'s `key` line set to `value`
 * (sed, in that section only), written to tu_path(`name`). */
const char *edited_event(const char *name, const char *slug, const char *key,
                         const char *value);

/* The demo description with an [open-spaces] section (issue 56): rooms
 * 201 (2 seats) and 202 (25), 2027-05-14, 10:00-12:00 in one-hour slots,
 * written to tu_path(`name`). */
const char *open_spaces_event(const char *name);

/* ---- what the hub believes of a station (issue 28) ---- */

/* A journal row as a station would push it by hand with the credentials
 * in its file (psql "$(sqlite3 FILE 'SELECT conninfo FROM sync_hub')"):
 * claims run `run` for the station, then inserts the row; -1 and the
 * SQLSTATE in `state` when the hub refuses, else the rows inserted. */
long long push_by_hand(const char *station_db, const char *run_id,
                       long long seq, const char *name, const char *ticket,
                       const char *at_ms, char *state);

/* ---- what each role holds ---- */

/* Whether the bytes of `needle` are anywhere in `db` or its -wal. */
bool file_holds(const char *db, const char *needle);

/* What a door may hold: checks of its file and, with its own
 * credentials, of what the hub lets it read.  `room` is its tutorial. */
void door_holds_its_room(const char *ev, const char *door, const char *room);

/* ---- the journal's acts at the hub (format 8) ---- */

/* Supervisor `name` of event `ev`, set with the real command (the PIN as
 * one line of standard input) and published. */
void add_supervisor(const char *ev, const char *name, const char *pin);

/* Undo, in `station_db`, station `name`'s admission of `ticket` (as a
 * desk's undo will, through the journal). */
void undo_in_file_by(const char *station_db, const char *name,
                     const char *ticket, const char *sup);

/* The demo event at its hub "hub_NAME" (*hub) with the supervisor SUP
 * (PIN), then desk-1 and desk-2 enrolled (*d1, *d2: NAME-d1.db and
 * NAME-d2.db), 48275 checked in at desk-1 by the code in `codes` (its
 * line) and both desks synced in turn: the event's file. */
const char *undo_desks(const char *name, const char *sup, const char *pin,
                       const char **hub, const char **d1, const char **d2,
                       char *codes, size_t size);

/* desk-1 (`d1`) syncs its undo of 48275 by SUP to the hub, which then
 * holds the undo and no admission of 48275; then desk-2 (`d2`) syncs. */
void undo_through_hub(const char *hub, const char *d1, const char *d2,
                      const char *sup);

/* ---- supervisors at the hub (format 9) ---- */

/* Long enough that no run of bytes in a database file matches it by
 * chance. */
#define SUP_PIN "Kestrel-735102"

/* An undo of `ticket`'s check-in at desk `name` of `station_db`, as the
 * desk's volunteer makes it with the supervisor's PIN (station_undo). */
int undo_at_desk(const char *station_db, const char *name, const char *ticket,
                 const char *pin, struct station_result *out,
                 struct ck_error *err);

/* ---- check-in lists at the hub (issue 29.2, hub format 10) ---- */

#define LISTS_EXPORT TEST_DATA_DIR "/pretix-lists.json"

/* tests/test_lists.c's event (the issue's example, lunch showing the
 * dietary question), an auction list showing it too, whose one buyer
 * (Chi) gave no answer, and the desk's admission list showing the other
 * question (Ada's preferred fit).  An invitation list (summit: Dee) is added to
 * the file by SQL: neither the description nor an import makes one yet. */
extern const char LISTS_INI[];

const char *lists_event(const char *name, const char **hub);

/* The same, with the summit (made by SQL, which `checkin event` would
 * take out) or not. */
const char *lists_event_with(const char *name, bool summit, const char **hub);

/* The one decision `checkin scan` printed for `code` at `db` (offline,
 * its role and --clock in `args`); the caller decrefs. */
json_t *scan_one(const char *db, const char *args, const char *code);

const char *jstr(json_t *o, const char *k);

/* ---- walk-ins and edits made at desks (hub format 11, issue 30) ---- */

/* The ticket id `checkin register` printed ("ticket ck:...:N"). */
const char *walkin_ticket(const char *said);

#endif
