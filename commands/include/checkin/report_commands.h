/* What the organizer's commands print about the event file: the figures
 * of `checkin stats`, the attendees `checkin attendees` finds (and those
 * without a printed badge), what `checkin event` changed, what `checkin
 * merge` took from each station file, a badge's code (`checkin issue`),
 * whether a code is valid (`checkin verify`) and the redemptions of a
 * check-in list (`checkin report ... redemptions`).  The text is for
 * people and stays as the tests and docs quote it; JSON lines and CSV
 * are for programs. */
#ifndef CHECKIN_REPORT_COMMANDS_H
#define CHECKIN_REPORT_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/credential.h"
#include "checkin/error.h"
#include "checkin/event.h"
#include "checkin/store.h"

/* The event's registrations by status and ticket type, tutorial fill
 * against seats and check-ins, as a table on `out`.  `db` is the file's
 * name, for the sentence that points to its export. */
int report_stats(store *s, const char *db, FILE *out,
                 struct ck_error *err) CK_MUST_CHECK;
/* The same for the event file `db`, opened and closed here. */
int report_stats_file(const char *db, FILE *out,
                      struct ck_error *err) CK_MUST_CHECK;

/* Up to `limit` (0: all) attendees matching `query` ("" : everyone), one
 * line each (or one JSON object each with `json`), then how many were
 * found unless `json` (at least how many, when counting them all would
 * read the whole file: store_attendee_search_bounded). */
int report_attendees(store *s, const char *query, size_t limit, bool json,
                     FILE *out, struct ck_error *err) CK_MUST_CHECK;
/* The same for the event file `db`, opened and closed here. */
int report_attendees_file(const char *db, const char *query, size_t limit,
                          bool json, FILE *out,
                          struct ck_error *err) CK_MUST_CHECK;

/* Who was checked in at a desk and has no printed badge, one line each
 * on `out` saying what became of the badge's print job (or one JSON
 * object each with `json`), then how many on `msgs` unless `json`. */
int report_no_badge(store *s, bool json, FILE *out, FILE *msgs,
                    struct ck_error *err) CK_MUST_CHECK;
/* The same for the event file `db`, opened and closed here. */
int report_no_badge_file(const char *db, bool json, FILE *out, FILE *msgs,
                         struct ck_error *err) CK_MUST_CHECK;

/* The signed code of attendee `who_text` (a ticket id, order code,
 * secret or a search matching one person), of tutorial `tutorial` (NULL:
 * the badge), signed with the desk key (credential_load_desk_key: the
 * file at `key_path`, or the event's default beside `db`): the one they
 * carry, a first one when none was issued, or with `renew` a new one that
 * replaces theirs.  The code on `out`; on `msgs`, when a code stopped
 * admitting, which number replaces which. */
int report_issue(store *s, const char *db, const char *who_text,
                 const char *tutorial, const char *key_path, bool renew,
                 FILE *out, FILE *msgs, struct ck_error *err) CK_MUST_CHECK;
/* The same for the event file `db`, opened and closed here. */
int report_issue_file(const char *db, const char *who_text,
                      const char *tutorial, const char *key_path, bool renew,
                      FILE *out, FILE *msgs,
                      struct ck_error *err) CK_MUST_CHECK;

/* What `checkin verify` says of a code: "VALID: NAME (TYPE)" or "NOT
 * VALID (REASON): SENTENCE [NAME, STATUS]", or with `json` one object
 * (valid, reason, message, kind, and who and which badge when known). */
void report_verdict(FILE *out, const struct verdict *vd, bool json);

/* `checkin verify DB PAYLOAD`: check `payload` against the event file
 * `db`, read only, and say the verdict on `out`; *valid is its answer. */
int report_verify(const char *db, const char *payload, bool json, FILE *out,
                  bool *valid /* out */, struct ck_error *err) CK_MUST_CHECK;

/* One line of what `checkin event` changed, in the language spoken, on
 * `out` ("tutorial pandas-intro: room 101A -> Hall B; capacity 26 -> 40"
 * and its newline). */
void report_event_line(const struct event_update_line *l, FILE *out);

/* event_update from the edited description `ini`: one line a change on
 * `out` ("Nothing changed." for none), and on `msgs` a warning for each
 * tutorial it left sold further beyond its seats.  *changes counts the
 * changes. */
int report_event_update(store *s, const char *ini, FILE *out, FILE *msgs,
                        size_t *changes /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* `checkin event DB [INI] [--supervisor NAME]... [--remove-supervisor
 * NAME]...`: in the event file `db`, supervisor_apply's changes (PINs
 * through `read_pin`), then, with `ini` (may be NULL),
 * report_event_update's; *changes counts the latter. */
int report_event_file(const char *db, const char *ini, const char *const *add,
                      size_t nadd, const char *const *remove, size_t nremove,
                      int (*read_pin)(const char *name, char *pin,
                                      struct ck_error *err),
                      FILE *out, FILE *msgs, size_t *changes /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* merge_station for each of `files` in turn, one line each on `out` of
 * what it added (and of rows a station never writes, left out); then
 * the scans that conflicted and who was checked in at more than one
 * desk, names drawn as text.  Stops at the first file that fails. */
int report_merge(store *s, const char *const *files, size_t n, FILE *out,
                 struct ck_error *err) CK_MUST_CHECK;
/* The same into the event file `db`, opened and closed here. */
int report_merge_file(const char *db, const char *const *files, size_t n,
                      FILE *out, struct ck_error *err) CK_MUST_CHECK;

/* `checkin report EVENT.db uncollected` (issue 55): the pre-printed
 * badges no desk handed over and no reprint replaced, by box and
 * position, each with its name and ticket id, then how many of all;
 * with `csv` one row each (box, position, badge_name, ticket_id). */
int report_uncollected(const char *db, bool csv, FILE *out,
                       struct ck_error *err) CK_MUST_CHECK;

/* `checkin report EVENT.db redemptions [LIST]`: for list `slug` (NULL:
 * every list of the file), how many were redeemed, by variation against
 * its stock, and the people redeemed more than once (once a day: on one
 * day) with each redemption and swap, its station and local time; text,
 * or CSV with `csv`.  An unknown list is one sentence naming the lists. */
int report_redemptions(const char *db, const char *slug, bool csv, FILE *out,
                       struct ck_error *err) CK_MUST_CHECK;

/* `checkin undo` and the dashboard's undo (web_dashboard_undo_fn, with
 * `slug` NULL): redemption_undo_run, then on `out` what was undone
 * (`slug` given: a list's redemption, else desk check-ins) and where the
 * undo goes (the hub's stations at the next sync, or this file only). */
int redemption_undo_print(const char *db, const char *ticket, const char *slug,
                          const char *why, int64_t now_ms, FILE *out,
                          struct ck_error *err) CK_MUST_CHECK;

/* `checkin report`'s usage text: redemptions and lunch. */
extern const char REPORT_USAGE[];

/* `checkin report EVENT.db lunch [LIST] [--day D] [--at T]`: the
 * caterer's count for day `day` (NULL: today) at time of day `at`
 * ("HH:MM"; NULL: that of `now_ms`) (lunch.h): a number per diet, the
 * people with special meals seen so far, and the projection's error on
 * the earlier days.  A malformed `at`, a time of today still to come and
 * a day it cannot project are one sentence each, as an error; the file
 * is only read. */
int report_lunch(const char *db, const char *list, const char *day,
                 const char *at, int64_t now_ms, FILE *out,
                 struct ck_error *err) CK_MUST_CHECK;

/* `checkin export --help`'s text. */
extern const char export_usage[];

#endif
