/* hubschema/: the hub's schema (hub_schema.c), each later format's step
 * (hub_schema_steps.c) and making or upgrading a hub (hub_upgrade.c). */
#ifndef CHECKIN_HUB_SCHEMA_H
#define CHECKIN_HUB_SCHEMA_H

#include <libpq-fe.h>
#include <stddef.h>

#include "checkin/error.h"

/* The hub schema's format number (checkin.hub.format). */
extern const int HUB_FORMAT;

/* The line that names station `name` of kind `kind` (its row's kind and
 * target: "desk", "door:SLUG", "leads:SPONSOR", "expo"), whose checkin
 * knows hub format `known` (0: it says none, so 7 at most), at a hub of
 * format `format`, with what a station of that kind misses of each later
 * format (one table, hub_schema.c):
 * "desk-3 runs an older checkin (it knows hub format 18): it refuses
 * pretix add-on tickets at tutorial doors; upgrade checkin on desk-3."
 * `hub status` and the organizer's dashboard show it.  "" in `out` when
 * the station knows `format` or a later one. */
void hub_older_station_text(const char *name, const char *kind, long known,
                            long format, char *out, size_t cap);

/* Every statement that makes the hub, for one transaction; "@G" stands
 * for the stations' group role (a quoted identifier). */
extern const char HUB_SCHEMA[];
/* The format HUB_SCHEMA makes; `hub init` then runs each later format's
 * step, HUB_UPGRADE_11 on (hub_schema_steps.c). */
#define HUB_SCHEMA_FORMAT 10

/* What takes a format 1 hub to format 2 (the journal's override column
 * and the event description), for one transaction by the organizer's
 * role; "@G" as above. */
extern const char HUB_UPGRADE_2[];

/* What takes a format 2 hub to format 3 (a booth's export of its leads). */
extern const char HUB_UPGRADE_3[];

/* From this format on, a revocation can be lifted
 * (checkin.revoked_badge.lifted_ms) and signing keys reach the desks
 * (checkin.station_key); HUB_UPGRADE_4 adds both. */
#define HUB_FORMAT_LIFTED 4
extern const char HUB_UPGRADE_4[];

/* From this format on, a desk's printer status is in its station row;
 * HUB_UPGRADE_5 adds it. */
#define HUB_FORMAT_PRINTER 5
extern const char HUB_UPGRADE_5[];

/* From this format on, the hub vets every journal row a station pushes
 * (checkin.vet_scan()) and sets aside what it cannot count
 * (checkin.quarantine); HUB_UPGRADE_6 adds both and sets aside what an
 * older hub took. */
#define HUB_FORMAT_TRUST 6
extern const char HUB_UPGRADE_6[];

/* From this format on, a door reads registrations and the journal through
 * checkin.door_registration and checkin.door_scan (no contact details,
 * secrets hashed, its room's rows only); HUB_UPGRADE_7 adds both. */
#define HUB_FORMAT_LEAST 7
extern const char HUB_UPGRADE_7[];

/* From this format on, the journal's rows act on rows (undo, swap, an
 * exit naming its entry) and carry their local day
 * (checkin.scan.act ...); a station declares the format it knows
 * (checkin.client_format) and an older one reads only 'scan' rows;
 * HUB_UPGRADE_8 adds it. */
#define HUB_FORMAT_ACTS 8
extern const char HUB_UPGRADE_8[];

/* From this format on, the event's supervisors (their PIN hashes) travel
 * to the desks only, as event_description rows of kind 'supervisor', and
 * a row's supervisor is vetted (checkin.vet_supervisor()); HUB_UPGRADE_9
 * adds both.  (Issue 29's lists at the hub take the next format.) */
#define HUB_FORMAT_SUPERVISORS 9
extern const char HUB_UPGRADE_9[];

/* From this format on, check-in lists travel (event_description kinds
 * 'list' and 'question', a ticket type's days, checkin.registration.items
 * and hold, checkin.answer through checkin.station_answer,
 * checkin.list_invitee) and a door reads the names, items and answers of
 * its own list's people only (checkin.on_list()); HUB_UPGRADE_10 adds
 * them. */
#define HUB_FORMAT_LISTS 10
extern const char HUB_UPGRADE_10[];

/* From this format on, walk-ins and edits made at desks travel
 * (checkin.registration_change: desks insert their own, a door reads its
 * own list's people's through checkin.door_registration_change, and a
 * walk-in's registration is made by the hub from its create row);
 * HUB_UPGRADE_11 adds them. */
#define HUB_FORMAT_CHANGES 11
extern const char HUB_UPGRADE_11[];

/* From this format on, an expo station carries many sponsors' booths
 * (station kind 'expo', checkin.expo_booth) and a lead carries its tags
 * (checkin.lead.tags, sponsor_leads()'s tags); HUB_UPGRADE_12 adds
 * them. */
#define HUB_FORMAT_EXPO 12
extern const char HUB_UPGRADE_12[];

/* checkin.scan_fault() as formats 6 to 11 hold it (format 12 replaces
 * it): the tests make an older hub with it. */
extern const char HUB_SCAN_FAULT_6[];

/* From this format on, an edit of a ticket the hub does not hold is set
 * aside (checkin.waiting_change) rather than dropped, and placed when the
 * ticket arrives (checkin.place_waiting()); HUB_UPGRADE_13 adds both. */
#define HUB_FORMAT_WAITING 13
extern const char HUB_UPGRADE_13[];

/* From this format on, a room's seats are split into leases held by its
 * doors (checkin.seat_lease, checkin.take_seats()); HUB_UPGRADE_14 adds
 * them. */
#define HUB_FORMAT_LEASES 14
extern const char HUB_UPGRADE_14[];

/* From this format on, a registration's confirmation secrets are hashed
 * once, when it is written (checkin.registration.hashed_secrets and
 * hashed_revoked, generated columns), and door_registration reads them;
 * HUB_UPGRADE_15 adds them. */
#define HUB_FORMAT_SECRETS 15
extern const char HUB_UPGRADE_15[];

/* From this format on, a door's lease says when it last took and gave
 * seats (checkin.seat_lease.took, gave), and a door of a room whose
 * doors hold more than its capacity gets a share of 0 and admits nobody
 * (checkin.take_seats()); HUB_UPGRADE_16 adds both. */
#define HUB_FORMAT_LEASE_MOVES 16
extern const char HUB_UPGRADE_16[];

/* From this format on, a journal row carries the time a phone read its
 * code, on the station's clock (checkin.scan.read_at_ms: a read kept on
 * the phone and sent later), and door_scan shows it; HUB_UPGRADE_17 adds
 * both. */
#define HUB_FORMAT_READ_AT 17
extern const char HUB_UPGRADE_17[];

/* From this format on, the organizer's sync pushes the undos made on its
 * file, as rows of no station (checkin.scan.station_uid NULL), and the
 * hub takes from the organizer nothing else (checkin.vet_scan());
 * HUB_UPGRADE_18 allows and vets them. */
#define HUB_FORMAT_ORGANIZER_UNDO 18
extern const char HUB_UPGRADE_18[];

/* From this format on, a registration names its tutorial add-ons' codes
 * (checkin.registration.addon_secrets, a door's hashed), which stations
 * keep as add-on codes; HUB_UPGRADE_19 adds the column. */
#define HUB_FORMAT_ADDONS 19
extern const char HUB_UPGRADE_19[];

/* From this format on, each stamped table's writes leave a change mark
 * (checkin.changed, kept by checkin.mark()) that a pull reads instead of
 * asking each table, and the organizer's publish stamps the
 * registrations it writes itself (registration's `stamp` runs for other
 * writers only); HUB_UPGRADE_20 adds both. */
#define HUB_FORMAT_MARKS 20
extern const char HUB_UPGRADE_20[];

/* From this format on, a registration's secrets are hashed for its
 * generated columns by an expression inlined into them
 * (checkin.hashed(text[]) in SQL); HUB_UPGRADE_21 replaces it. */
#define HUB_FORMAT_INLINE_HASHED 21
extern const char HUB_UPGRADE_21[];

/* From this format on, a change of a station's printer, its state or its
 * sentence (checkin.station) notifies the channel `checkin_status`, which
 * only the organizers' dashboards listen to (checkin.status_wake());
 * HUB_UPGRADE_22 adds the trigger. */
#define HUB_FORMAT_STATUS_WAKE 22
extern const char HUB_UPGRADE_22[];

/* From this format on, an expo station reads the leads of a sponsor whose
 * booth it serves with the consented contact details, as `checkin hub
 * leads` writes them (checkin.expo_sponsor_leads(text) and
 * expo_sponsor_lead_suspects(text)); HUB_UPGRADE_23 adds them. */
#define HUB_FORMAT_EXPO_LEADS 23
extern const char HUB_UPGRADE_23[];

/* From this format on, a registration carries what the registration
 * system says of it at the door (checkin.registration.door: pretix's
 * block, validity window, attention cue, seats and locale; a door reads
 * the cue, seats and locale of its own people only), which stations
 * honour; HUB_UPGRADE_24 adds the column. */
#define HUB_FORMAT_DOOR_FIELDS 24
extern const char HUB_UPGRADE_24[];

/* From this format on, the hub vets a desk's walk-ins and edits as it
 * vets its journal rows (checkin.change_fault(): time, sizes, ticket
 * types, tutorials, supervisors) and sets aside what fails
 * (checkin.set_aside_change), caps the edits a desk has waiting for a
 * ticket, and sets aside a desk's undo naming no supervisor; and a
 * station's status and conflicts are bounded by the hub
 * (checkin.clamp_status(), checkin.keep_conflict(),
 * checkin.station.conflicts_over); HUB_UPGRADE_25 adds them. */
#define HUB_FORMAT_VETTED_CHANGES 25
extern const char HUB_UPGRADE_25[];

/* From this format on, pretix's questions asked during check-in travel:
 * a question's event_description data says it is asked ("ask",
 * "required"), a desk reads the shop's answers to them
 * (checkin.station_answer), and a desk's check-in row carries the
 * answers it took (checkin.scan.answers, vetted by checkin.vet_answers()),
 * which desks and the organizer pull; HUB_UPGRADE_26 adds them. */
#define HUB_FORMAT_ASKED 26
extern const char HUB_UPGRADE_26[];

/* From this format on, pre-printed badges travel: the organizer's run
 * (checkin.preprint: each ticket's issue, box and position) reaches the
 * desks, and a desk's hand-over (checkin.handover: when and at which
 * station, the first one sent kept) reaches the other desks and the
 * organizer; HUB_UPGRADE_27 (hub_schema_preprint.c) adds both. */
#define HUB_FORMAT_BOXES 27
extern const char HUB_UPGRADE_27[];

/* From this format on, a door's admission carries the answers to
 * pretix's questions it asked (issue 49), vetted as a desk's check-in's
 * are; to an older hub a door sends its admissions without them (they
 * stay in its file).  HUB_UPGRADE_28 (hub_schema_answers.c). */
#define HUB_FORMAT_DOOR_ANSWERS 28
extern const char HUB_UPGRADE_28[];

/* From this format on, a station notes the checkin version it runs (what
 * `checkin --version` prints) in its row at each sync
 * (checkin.station.client_version), which `hub status` and the
 * organizer's dashboard show; to an older hub it sends none.
 * HUB_UPGRADE_29 (hub_schema_version.c). */
#define HUB_FORMAT_VERSIONS 29
extern const char HUB_UPGRADE_29[];

/* From this format on, open spaces' claims and releases travel (issue
 * 56): each desk's (a board's or the command line's on its file) go up
 * to checkin.open_space_claim and every desk and the organizer read the
 * others', so that every board settles a slot claimed twice the same
 * way; to an older hub they wait in the file.  HUB_UPGRADE_30
 * (hub_schema_open_spaces.c). */
#define HUB_FORMAT_OPEN_SPACES 30
extern const char HUB_UPGRADE_30[];

/* From this format on, sprints travel (issue 56 item 2): the organizer's
 * projects and sprint days reach the stations with the description, and
 * a desk's file running a sprint station pushes its check-ins (door rows
 * of target "sprint:SLUG"), which every desk pulls; to an older hub the
 * projects are not published and the check-ins are set aside there.
 * HUB_UPGRADE_31 (hub_schema_sprints.c). */
#define HUB_FORMAT_SPRINTS 31
extern const char HUB_UPGRADE_31[];

/* From this format on, the triage's sends travel (issue 55.4): whom the
 * triage at the queue's entrance sent to which desk goes up from its file
 * to checkin.triage_sent and the organizer reads every row, for the
 * dashboard's lines and waits per desk; to an older hub they wait in the
 * file.  HUB_UPGRADE_32 (hub_schema_triage.c). */
#define HUB_FORMAT_TRIAGE 32
extern const char HUB_UPGRADE_32[];

/* From this format on, the PyLadies auction travels (issue 56 item 3):
 * its acts (paddles, wins, settlements) go up from each file to
 * checkin.auction_act and every desk and the organizer read them, [auction]
 * reaches the stations with the description, and a desk's file pushes
 * its auction door rows; to an older hub the acts wait in the file.
 * HUB_UPGRADE_33 (hub_schema_auction.c). */
#define HUB_FORMAT_AUCTION 33
extern const char HUB_UPGRADE_33[];

/* From this format on, a triage is a role of its own (issue 55): `hub
 * add-station ... --station triage` makes a file holding what the triage
 * sends people on from (checkin.triage_registration: names, ticket type,
 * status, hold, codes hashed; no contact, answer or PIN hash), which
 * pulls the registrations, badges, pre-printed badges' places and
 * hand-overs and pushes its sends.  HUB_UPGRADE_34
 * (hub_schema_triage_role.c). */
#define HUB_FORMAT_TRIAGE_ROLE 34
extern const char HUB_UPGRADE_34[];

/* From this format on, a triage's own file learns the desks' corrections
 * of the names it shows and sorts by (checkin.triage_registration_change:
 * edits of given, family and badge names only).  HUB_UPGRADE_35
 * (hub_schema_triage_changes.c). */
#define HUB_FORMAT_TRIAGE_CHANGES 35
extern const char HUB_UPGRADE_35[];

/* From this format on, an auction's win typed by mistake is voided
 * (docs/auction.md "Correcting a win"): checkin.auction_act takes the act
 * `void` and its columns (of_station_id, of_seq, reason); to an older
 * hub the voids wait in the file.  HUB_UPGRADE_36
 * (hub_schema_auction_void.c). */
#define HUB_FORMAT_AUCTION_VOID 36
extern const char HUB_UPGRADE_36[];

/* From this format on, a desk's role may insert door rows of no target:
 * the open spaces' board's scans of its hosts, the board running on a
 * desk's file.  HUB_UPGRADE_37 (hub_schema_board.c). */
#define HUB_FORMAT_BOARD 37
extern const char HUB_UPGRADE_37[];

/* From this format on, the policies' checkin.me_uid(), me_kind(),
 * me_target() and me_name() are PL/pgSQL, their plans kept for the
 * session instead of made at every call.  HUB_UPGRADE_38
 * (hub_schema_me.c). */
#define HUB_FORMAT_ME 38
extern const char HUB_UPGRADE_38[];

/* From this format on, a desk's station row keeps what its printer's
 * sentence was made of (printer_kept), said again in the reader's
 * language: "BYTES\x1eENGLISH\x1eKEPT", BYTES of printer_message the
 * error took, its English sentence and ck_error_keep's line, then the
 * label forecast said after it, when it is one of the catalogue's, as
 * "\x1dENGLISH\x1eKEPT"; no longer than HUB_PRINTER_KEPT_CAP.
 * HUB_UPGRADE_39 (hub_schema_printer_kept.c). */
#define HUB_FORMAT_PRINTER_KEPT 39
#define HUB_PRINTER_KEPT_CAP 6000
#define HUB_PRINTER_KEPT_CAP_S "6000"
extern const char HUB_UPGRADE_39[];

/* From this format on, a desk's check-ins reach the other running desks
 * in the notification of their push's commit, encrypted for the desks
 * and authenticated for each by the hub (checkin.fan(), keys in
 * checkin.fan_key and checkin.fan_secret, a desk's own through
 * checkin.fan_enrol()); anything else notifies as before.  A change
 * also wakes the stations on its table's own channel, "checkin_TABLE",
 * and a door's journal row on "checkin_scan_door": a station listens
 * only on what it pulls (sync_listen_sql).  HUB_UPGRADE_40
 * (hub_schema_fan.c; sync/fan.c reads it). */
#define HUB_FORMAT_FAN 40
extern const char HUB_UPGRADE_40[];

/* From this format on, the sealed check-ins go on `checkin_scan` alone;
 * `checkin` names the writer's role, as before format 40.  HUB_UPGRADE_41
 * (hub_schema_fan.c). */
#define HUB_FORMAT_FAN_ONCE 41
extern const char HUB_UPGRADE_41[];

/* From this format on, a journal row is vetted in fewer calls: vet_scan()
 * asks act_fault() itself (no trigger vet_act), vet_booth() runs for a
 * lead's row only, and checkin.fan() makes the journal's change marks;
 * the same rows are refused, set aside or kept.  HUB_UPGRADE_42
 * (hub_schema_push.c). */
#define HUB_FORMAT_PUSH_TRIGGERS 42
extern const char HUB_UPGRADE_42[];

/* A desk's printer sentence `msg` (printer_message) said again in the
 * reader's language from `kept` (printer_kept): its first BYTES through
 * ck_error_text, the rest (the label forecast) too when kept holds it,
 * else as it is; msg as it is
 * when kept is damaged or not its error's.  Into `out` (`cap` bytes). */
void hub_printer_said(const char *msg, const char *kept, char *out, size_t cap);

/* Run `fmt` with one quoted identifier `ident` (a role name of ours) for
 * each "@G" in it; `what` names the work in messages. */
int hub_exec_ident(PGconn *pg, const char *fmt, const char *ident,
                   const char *what, struct ck_error *err) CK_MUST_CHECK;

/* Make the hub's stations' group role `group` and the schema of
 * HUB_FORMAT: HUB_SCHEMA and each later format's step (in the caller's
 * transaction). */
int hub_make_schema(PGconn *pg, const char *group,
                    struct ck_error *err) CK_MUST_CHECK;

/* Bring a hub made by an older `checkin hub init` up to HUB_FORMAT (the
 * organizer's connection: it owns the schema); refuse a newer one. */
int hub_upgrade(PGconn *pg, struct ck_error *err) CK_MUST_CHECK;

#endif
