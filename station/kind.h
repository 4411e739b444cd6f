/* The kinds of station (the registration desk, a tutorial door, a
 * sponsor's lead scanner, the expo hall of every sponsor's booth, an open
 * space's door, the open spaces' board) and what they share with
 * station.c.  Each kind is one file (kind_desk.c, kind_door.c,
 * kind_leads.c, kind_expo.c, kind_open_space.c, kind_open_board.c)
 * holding one row of the table of kinds,
 * station_kinds: its name in --station, the journal mode of its rows (the
 * expo hall's are leads rows, an open space's door rows), and the
 * callbacks for what it does differently.
 * station.c holds what every kind shares (opening, the journal's
 * transaction, the record, the counters) and calls a kind only through
 * its row, never by testing the mode.  Private to station/;
 * docs/adding-a-station-kind.md says how to add a kind. */
#ifndef CHECKIN_STATION_KIND_H
#define CHECKIN_STATION_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/admission.h"
#include "checkin/credential.h"
#include "checkin/debounce.h"
#include "checkin/journal.h"
#include "checkin/station.h"

struct station_kind;

struct station {
    store *s;
    verifier *v;
    journal *j;
    debounce *db;
    const struct station_kind *kind;
    struct station_config cfg;
    char name[JOURNAL_NAME_CAP];
    char target[JOURNAL_NAME_CAP];
    char title[400];
    /* who is admitted where: holds, days, a list's stock */
    admission *adm;
    char handed[128]; /* what the decision being made hands over */
    /* a phone's read being decided: its key in the file (booth slug, '/',
     * its id; "" for none), and whether station_scan_read found it
     * there already (journal_read_find) */
    char read_key[JOURNAL_READ_KEY_CAP];
    bool read_known;
    char tz[64];
    int64_t clock_base;
    int64_t mono_start;
    enum scan_direction dir;
    struct station_counters c;
    /* the answers station_answer was given to pretix's questions, for
     * the decision being made (NULL otherwise; issue 49), at any kind
     * that asks them (STATION_TRAIT_ASKS) */
    const struct station_given *given;
    size_t ngiven;
    /* The kind's own state: kind->state_size bytes, zeroed at
     * station_open and freed with the station (after kind->close), read
     * only by the kind's own file, as libusb's backends keep theirs. */
    void *state;
};

/* One kind of station: a row of the table.  `open`, `count`, `rules`
 * and `admitted` are set (the test every_station_kind_is_in_the_table
 * checks it); `refresh`, `record`, `owed` and `again` may be NULL where
 * the kind has nothing to do at that step, and station.c skips them, as
 * printer families' optional steps are.  `open` and `count` run in
 * station_open; the others in station_conclude, `refresh`, `rules`,
 * `record` and `owed` inside the decision's transaction when the station
 * holds the journal's lock. */
struct station_kind {
    /* The word of --station and of station profiles: "desk", or "door"
     * in "door:SLUG". */
    const char *name;
    /* What follows "NAME:" in --station, as the usage names it
     * ("TUTORIAL", "SPONSOR"); NULL for a kind that takes no target. */
    const char *target;
    /* `checkin hub add-station` enrolls stations of this kind (the hub's
     * roles: sync/, hub/). */
    bool hub;
    /* Optional: the hub role of the files it runs on when it is not one
     * itself (a sprint station runs on a desk's file, its rows a desk's
     * to push); NULL: its own name. */
    const char *role;
    /* The journal's mode of the kind's rows (scan.mode).  The local
     * schema's CHECK and the hub's role policies list these values, so a
     * new mode is a schema version (docs/admission.md, section 2). */
    enum scan_mode mode;
    /* What the kind does, STATION_TRAIT_* (checkin/station.h), which the
     * screens ask (station_has) instead of the mode. */
    unsigned traits;
    /* Of the questions a kind that asks (STATION_TRAIT_ASKS) asks, the
     * event's own acknowledgements too (issue 55): the desk and its
     * kiosk, where a person checks in once; not a door, whose line must
     * be fast (docs/stations.md, "Acknowledgements"). */
    bool acknowledges;
    /* How a journal row of this mode reads in a person's history at the
     * desk ("checked in", "door"), before its target and time. */
    const char *history;

    /* The size of the kind's own state (st->state); 0: none. */
    size_t state_size;
    /* Optional: free what the kind's state holds, before it is freed. */
    void (*close)(station *st);
    /* At station_open: load and check the target (a tutorial, a sponsor),
     * CK_ENOTFOUND naming the choices; set st->title. */
    int (*open)(station *st, const char *event_name, struct ck_error *err);
    /* At each decision: read again what the event description may have
     * changed under a running station (`checkin event`, a sync); what can
     * no longer be read stays as it was. */
    void (*refresh)(station *st, const char *event_name);
    /* The journal's counts the station starts from (station_counters). */
    int (*count)(station *st, struct journal_counts *out, struct ck_error *err);
    /* The rules: decide about `vd` into `r` (station_verdict) and fill
     * what the kind shows of the person.  `override` is a supervisor's
     * reason, given only to a kind whose station_override calls
     * station_conclude (the desk); NULL otherwise. */
    int (*rules)(station *st, const struct verdict *vd, const char *override,
                 struct station_result *r, struct ck_error *err);
    /* What the kind adds to the journal row `rec` of decision `r`: a code
     * kept as its hash (into `hashed`, CREDENTIAL_SECRET_HASH_CHARS
     * bytes, which outlives `rec`), a lead. */
    void (*record)(station *st, const struct verdict *vd,
                   const struct station_result *r, struct scan_record *rec,
                   char *hashed);
    /* Inside the decision's transaction, after its journal row `seq` and
     * before the commit: what the decision owes that must be committed
     * with it (the desk's print jobs), so that a crash leaves both or
     * neither.  An error rolls the decision back (NOT RECORDED). */
    int (*owed)(station *st, const struct verdict *vd,
                const struct station_result *r, int64_t seq,
                struct ck_error *err);
    /* After an admission, recorded or not: the kind's counter, and what
     * the station owes once the verdict is shown (the desk's print). */
    void (*admitted)(station *st, struct station_result *r);
    /* A phone's read sent again (station_read_known), its verdict and
     * person from the file: what the rules showed with that verdict,
     * worked out again at the read's time r->at_ms by the rules' own
     * functions (a tutorial door's room, a list's hand-over and answers,
     * a desk's details and the history before the decision), so that
     * its first answer reads as it did. */
    void (*again)(station *st, struct station_result *r);
    /* Optional: a code the verifier does not know, read by the kind
     * itself before any rule (a sprint table's sign): *taken true when
     * it was the kind's, its verdict in `r`, and nothing journaled. */
    int (*sign)(station *st, const uint8_t *code, size_t len,
                struct station_result *r, bool *taken, struct ck_error *err);
};

/* The rows, one per file. */
extern const struct station_kind station_kind_desk;
extern const struct station_kind station_kind_door;
extern const struct station_kind station_kind_leads;
extern const struct station_kind station_kind_expo;
extern const struct station_kind station_kind_open_space;
extern const struct station_kind station_kind_open_board;
extern const struct station_kind station_kind_sprints;
extern const struct station_kind station_kind_triage;
extern const struct station_kind station_kind_auction;
extern const struct station_kind station_kind_auction_pay;

/* A printing kind's asynchronous prints (STATION_TRAIT_PRINTS: the desk,
 * the auction's door): what is queued, oldest first, to name each
 * outcome when it comes back.  The first member of such a kind's state,
 * where station_prints_of finds it. */
struct station_prints {
    struct pending_print {
        int64_t attendee_id, seq;
        char ticket_id[64];
        char badge_name[4 * 200 + 1];
    } pending[64];
    size_t npending;
};

static inline struct station_prints *station_prints_of(const station *st)
{
    return st->kind->traits & STATION_TRAIT_PRINTS ? st->state : NULL;
}

/* The desk's own state (st->state, kind_desk.c and desk_ask.c). */
struct desk_state {
    struct station_prints prints; /* first: station_prints_of */
    /* the walk-in forms' tutorials as last counted (at most `cap`),
     * and the file's version then (station_walkin_tutorials); counted
     * again when another connection committed or this desk registered a
     * walk-in (`stale`), not at every verdict */
    struct {
        struct registration_tutorial *t;
        size_t n, cap;
        int64_t version;
        bool stale;
    } tuts;
};

static inline struct desk_state *station_desk_of(const station *st)
{
    return st->state;
}

/* A door of a check-in list (a counter: it swaps and undoes its own last
 * redemption), kind_door.c. */
bool station_is_counter(const station *st);

/* The state of the leads rules (kind_leads.c): the sponsor's name.  It
 * begins the expo hall's state too, whose rules are the leads rules. */
struct leads_state {
    char sponsor[128];
};

/* The leads rules (kind_leads.c), which the expo hall applies for the
 * sponsor of each phone. */
int station_leads_rules(station *st, const struct verdict *vd, const char *why,
                        struct station_result *r, struct ck_error *err);

/* The table of kinds (station.c), in the order the usage names them. */
extern const struct station_kind *const station_kinds[];
extern const size_t station_nkinds;
/* The kinds as the library's own error sentences name them, from the
 * table: "desk, door:TUTORIAL, leads:SPONSOR, expo or open-space:ROOM"
 * (cut at `cap`).  The usage texts build theirs in commands/. */
void station_kinds_text(char *out, size_t cap);

/* The row whose journal mode is `mode`; NULL if none. */
const struct station_kind *station_kind_of(enum scan_mode mode);

/* ---- station.c: times in the event's zone ---- */

/* "HH:MM" of UTC ms `t_ms`. */
void station_local_hm(const station *st, int64_t t_ms, char out[8]);
/* "Tue 09:00-12:30" for a tutorial; "" when its time cannot be read
 * (the screens say so, station_slot_shown). */
void station_slot_text(const station *st, const struct tutorial_info *t,
                       char *out, size_t cap);
/* "09:12" on the day of `now_ms`, "Tue 09:12" on another: for an
 * error's sentence (a result holds times as ms, for the displays);
 * "2027-05-12 09:12 UTC" when the event's zone cannot be read. */
void station_when_text(const station *st, int64_t t_ms, int64_t now_ms,
                       char *out, size_t cap);

/* ---- desk_preprint.c: pre-printed badges at the desk (issue 55) ---- */

/* The person's pre-printed badge into r->preprint_*, when one waits in
 * its box or was handed over (not one a reprint superseded).  A step
 * that fails leaves it out; the verdict stands. */
void station_desk_preprint(station *st, struct station_result *r);

/* The person's still-needs items into r->priv.needs (issue 55 item 2), with
 * what a check-in now does to them (desk_needs.c).  A read that fails is
 * the decision's failure: inside its transaction, SQLite may have rolled
 * it back. */
int station_desk_needs(station *st, struct station_result *r,
                       struct ck_error *err);

/* The record step of the kinds that keep no confirmation secret in the
 * clear (doors, an open space's door and board): a code that is not a
 * checkin badge is journaled as its hash (kind_door.c). */
void station_record_hashed(station *st, const struct verdict *vd,
                           const struct station_result *r,
                           struct scan_record *rec, char *hashed);

/* ---- station.c: the steps every decision shares ---- */

/* Set the decision and its reason; the displays write its sentence from
 * the result's data (runtime/'s station_result_sentence). */
void station_verdict(struct station_result *r, enum scan_decision d,
                     enum station_reason reason);
/* A pretix test-mode order admits only at a rehearsal's stations: true
 * (with the decision made) when `vd` is one and this is not. */
bool station_test_order_refused(const station *st, const struct verdict *vd,
                                struct station_result *r);
/* Append `len` bytes of `text` and a NUL to `r`'s texts, its offset in
 * *at: false, and nothing added, when memory ran out. */
bool station_result_text(struct station_result *r, const char *text, size_t len,
                         uint32_t *at /* out */);
/* A fresh result at `at_ms` for this station (what `r` held is not
 * freed: station_result_free first when it holds a result). */
void station_begin_result(station *st, int64_t at_ms, struct station_result *r);
/* A counter (issue 29.4): undo its own last redemption, of attendee
 * `attendee_id`, within STATION_COUNTER_UNDO_MS of it, without a PIN
 * (counters hold none), `words` (why; may be NULL or empty) kept in the
 * undo row's `override` as the organizer's `checkin undo --why` keeps
 * its; later, or another one, is refused with one sentence. */
#define STATION_COUNTER_UNDO_MS (2 * 60 * 1000)
int station_counter_undo(station *st, int64_t attendee_id, const char *words,
                         int64_t at_ms, struct station_result *out,
                         struct ck_error *err) CK_MUST_CHECK;

/* After the rules decided for a person (`r`): their order's language
 * (issue 53's kiosk) and, with `cues` when admitted or warned of and not
 * leaving, the attention cue and seats their registration carries (issue
 * 49), into the result; one read of their registration. */
int station_door_cues(station *st, struct station_result *r, bool cues,
                      struct ck_error *err) CK_MUST_CHECK;

/* A registration on hold (a safety team's decision): refused at every
 * station that knows people, with "Please see the help desk." and
 * nothing else in `r` (reason "see-help-desk"); *refused says so. */
int station_hold_refused(station *st, const struct verdict *vd,
                         struct station_result *r, bool *refused /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* Lists (issue 29): a ticket type valid on some days only is refused on
 * another, with its label, its days and today in `r`; *refused says
 * whether the decision was made. */
int station_day_refused(station *st, const struct verdict *vd,
                        struct station_result *r, bool *refused /* out */,
                        struct ck_error *err) CK_MUST_CHECK;
/* What refuses a credential at any station that admits by badge: not
 * valid (its badge reason), a pretix test-mode order away from a
 * rehearsal, a ticket type not valid today; *refused says whether the
 * decision was made. */
int station_credential_refused(station *st, const struct verdict *vd,
                               struct station_result *r,
                               bool *refused /* out */,
                               struct ck_error *err) CK_MUST_CHECK;
/* The answers list `slug` shows for the person of `r`, into `r`. */
int station_show_answers(station *st, const char *slug,
                         struct station_result *r,
                         struct ck_error *err) CK_MUST_CHECK;

/* ---- kind_desk.c and desk_ask.c ---- */

/* The verdict about attendee `id` as a volunteer chose them (no code):
 * their order decides; `code` gets "manual:TICKET" (128 bytes) and *len
 * its length. */
int station_attendee_verdict(station *st, int64_t id, struct verdict *vd,
                             char code[128], size_t *len,
                             struct ck_error *err) CK_MUST_CHECK;
/* The verdict, under the journal's lock, about what a volunteer acts on
 * again: the code shown (*code, *len; it must be attendee `attendee_id`'s
 * when that is not 0) or, with *code NULL, the person chosen, whose
 * "manual:TICKET" is written to `manual` and becomes *code. */
int station_reverify(station *st, const uint8_t **code, size_t *len,
                     int64_t attendee_id, char manual[128], struct verdict *vd,
                     struct ck_error *err) CK_MUST_CHECK;
/* An admission of `vd` the rules made (`r`, at the desk or a door:
 * STATION_TRAIT_ASKS) stands once the questions pretix asks during
 * check-in are answered, by the export, an earlier admission or
 * st->given (journaled with it: r->given); otherwise `r` becomes reason
 * "question" naming those left (issue 49), and *asking says so.  An
 * acknowledgement st->given declines makes `r` a refusal, reason
 * "declined", journaled with the decline ("False") as its answers and
 * the declined ones its questions (issue 55). */
int station_ask(station *st, const struct verdict *vd, struct station_result *r,
                bool *asking /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Apply the kind's rules to `vd`, journal, update counters (see
 * station.c); `override` is the supervisor's reason at the desk. */
int station_conclude(station *st, const struct verdict *vd, const uint8_t *code,
                     size_t len, bool locked, const struct ck_error *lock_err,
                     const char *override, struct station_result *r,
                     struct ck_error *err);

/* station_scan at `at_ms` of a phone's read decided at `decided_ms` (0:
 * at at_ms; station_present_read's bounds are the caller's).  With
 * st->read_key set, a read the file holds already is not decided again:
 * st->read_known, and `out` its first answer (station_read_known). */
int station_scan_read(station *st, const uint8_t *code, size_t len,
                      int64_t at_ms, int64_t decided_ms,
                      struct station_result *out, struct ck_error *err);

/* A booth's result at the expo hall (kind_expo.c): `booth` its target
 * (kept in the expo hall's state) and that booth's leads in the file its
 * counters' leads (the station's own count holds none: expo_count). */
void station_booth_result(station *st, const char *booth,
                          struct station_result *out);

/* Begin a phone's read of `booth` ("" for none) with id `read_id` (""
 * for none): st->read_key; station_read_known says whether the file holds
 * it already (*known; `out` its first answer when it was decided, marked
 * `again`).  station_read_end clears it.  CK_EINVAL for a key too long. */
int station_read_begin(station *st, const char *booth, const char *read_id,
                       struct ck_error *err);
int station_read_known(station *st, bool *known, struct station_result *out,
                       struct ck_error *err);
void station_read_end(station *st);

/* The read begun, debounced as the same presentation again at `t_ms`:
 * kept in the file as such (when it has an id), so that sent again after
 * a restart it is the same again, not a new presentation. */
void station_read_repeat(station *st, int64_t t_ms);

#endif
