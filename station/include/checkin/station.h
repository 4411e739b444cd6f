/* The rules of a check-in station: the registration desk, a tutorial door
 * and a sponsor's lead scanner, as a function from (code, station, time)
 * to a decision, in a library that knows no camera, screen or printer
 * (it links the store and nothing of a device: pretix's
 * TicketCheckProvider is the model).
 *
 * Every code a station is shown goes through one path: debounce (one
 * decision per presentation, debounce.h; station_present), verify
 * (credential.h), apply the station's rules, commit the decision to the
 * journal (journal.h), and only then let the front-end show it.  If the
 * journal cannot store it, the decision is still returned, marked NOT
 * RECORDED, and the station goes on.  Front-ends (the terminal display
 * and frame sources in scanner/, a web screen) receive results as plain
 * data (struct station_result).
 *
 * The station knows nothing of printers: the desk calls `print` after a
 * first check-in (once the verdict is on the screen: station_print) and on
 * a reprint; the command line wires it.  Not thread-safe: one station per
 * thread, with its own store handle. */
#ifndef CHECKIN_STATION_H
#define CHECKIN_STATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/admission.h"
#include "checkin/ask.h"
#include "checkin/auction.h"
#include "checkin/credential.h"
#include "checkin/desks.h"
#include "checkin/error.h"
#include "checkin/jobs.h"
#include "checkin/journal.h"
#include "checkin/needs.h"
#include "checkin/open_space.h"
#include "checkin/preprint.h"
#include "checkin/registration.h"
#include "checkin/sprint.h"
#include "checkin/store.h"
#include "checkin/supervisor.h"

typedef struct station station;

#define STATION_COOLDOWN_MS 3000
#define STATION_OPEN_BEFORE_MS (15 * 60 * 1000)

/* The desk's print hook: `reprint_reason` is NULL for the first print
 * after a check-in (badge plus one ticket per tutorial), else the reason a
 * volunteer gave for a reprint.  Returns CK_OK or fills `err`; a failure is
 * shown but does not undo the check-in.  On CK_OK, *confirmed says whether
 * the printer reported every label printed; false when they were only
 * handed to a printer that cannot say (a file, a network printer that
 * sends no status). */
typedef int (*station_print_fn)(void *ctx, int64_t attendee_id,
                                const char *reprint_reason,
                                bool *confirmed /* out */,
                                struct ck_error *err);

#define STATION_TEXT_CAP 512
#define STATION_STOCK_CAP 160
#define STATION_HAND_CAP 320
#define STATION_MAX_ANSWERS 8

/* What an asynchronous print hook reports when it is done: printed, sent,
 * or neither and the error. */
struct station_print_done {
    int64_t attendee_id;
    bool printed; /* the printer confirmed every label printed */
    bool sent;    /* handed over; this printer cannot confirm it printed */
    /* Why otherwise: its English (error.msg: the job's, the log's,
     * --json's print_error) and what it was made of, for a screen to
     * say it in the station's language (ck_error_text) */
    struct ck_error error;
    /* Who, for labels the station did not ask for in this run (printed
     * once a missing printer came back); "" otherwise. */
    char ticket_id[64];
    char badge_name[4 * 200 + 1];
    /* The desk's label-stock forecast after this print, as numbers
     * (jobs.h; the displays write "About 40 labels left, reload in ~15
     * minutes.", nothing when the roll is not known). */
    struct label_forecast labels;
};

/* With an asynchronous hook, the hook only queues (CK_OK: queued) and this
 * reports each outcome, oldest first: fills `out` and returns true, or
 * returns false if none came within `wait_ms`. */
typedef bool (*station_print_poll_fn)(void *ctx, int wait_ms,
                                      struct station_print_done *out);

/* What a kind of station does (issue 51).  The screens, the runtime and
 * the commands ask these of a station (station_has), of a configuration
 * before it opens (station_config_has) or of a result
 * (station_result_has), never the journal's mode, so that a new kind is
 * a row of station/'s table (docs/adding-a-station-kind.md) and its
 * traits, not a branch in every screen. */
enum station_trait {
    /* Its results name people (its file holds them); false at a
     * sponsor's station (docs/stations.md, "Privacy at sponsor
     * stations"). */
    STATION_TRAIT_PERSONAL = 1u << 0,
    /* It checks people in: its counter is check-ins, its verdict shows
     * their registration (ticket type, order, earlier admissions,
     * pretix's questions, a group's offer), a kiosk may run it. */
    STATION_TRAIT_CHECKS_IN = 1u << 1,
    /* It finds a person by name (the search, `/`), and its refusals say
     * so. */
    STATION_TRAIT_SEARCHES = 1u << 2,
    /* It registers walk-ins (the form and its ticket types). */
    STATION_TRAIT_WALKINS = 1u << 3,
    /* It corrects a person's registration (Ctrl-E). */
    STATION_TRAIT_CORRECTS = 1u << 4,
    /* A supervisor may overrule its refusals (station_override). */
    STATION_TRAIT_OVERRIDES = 1u << 5,
    /* A supervisor may undo its check-ins (station_undo). */
    STATION_TRAIT_UNDOES = 1u << 6,
    /* A code it does not know may be a supervisor's PIN typed into the
     * scan line (docs/admission.md, "A PIN typed into the scan line"). */
    STATION_TRAIT_ACCEPTS_PIN = 1u << 7,
    /* It prints labels (the desk its badges, the auction's door its
     * paddles): a printer, reprints, a new roll of labels. */
    STATION_TRAIT_PRINTS = 1u << 8,
    /* It counts who is inside the room of its target (a tutorial, or a
     * list's counter), with its seats, and says so in its sentences; its
     * target's times are what the clock check reads. */
    STATION_TRAIT_ROOM = 1u << 9,
    /* It scans people leaving too (--exit, Tab on the screen). */
    STATION_TRAIT_EXITS = 1u << 10,
    /* A counter swaps or undoes its own last redemption (issue 29.4). */
    STATION_TRAIT_SWAPS = 1u << 11,
    /* It records leads: counts them, a note and a rating for each. */
    STATION_TRAIT_LEADS = 1u << 12,
    /* Every sponsor's booth in one station, each phone one booth (the
     * expo hall, issue 31). */
    STATION_TRAIT_BOOTHS = 1u << 13,
    /* Phones open it by a link (docs/phones.md). */
    STATION_TRAIT_PHONES = 1u << 14,
    /* It asks pretix's questions asked during check-in before it admits
     * someone in (issue 49; station_answer takes the answers), as
     * pretix's scanner asks them at any check-in list. */
    STATION_TRAIT_ASKS = 1u << 15,
    /* Its screen is the open spaces' board (issue 56): the rooms by
     * slots, and a claim typed there by the host it scanned last
     * (station_board, station_board_claim). */
    STATION_TRAIT_BOARD = 1u << 16,
    /* It sends each person to the desk they queue at (the triage at the
     * queue's entrance, issue 55.4): its verdict is the desk, in one
     * large line (reasons to-desk, to-preprinted, to-help-desk), and it
     * journals nothing, so that nothing it decides admits anyone: its
     * results are `recorded` with no row (seq 0), nothing being lost. */
    STATION_TRAIT_SORTS = 1u << 17,
    /* checks people in to a project chosen by its table sign or on the
     * screen (station_sprint_choose): the sprints (issue 56 item 2) */
    STATION_TRAIT_PROJECTS = 1u << 18,
    /* the PyLadies auction (issue 56 item 3): a bidder's paddle number
     * at its door, what a winner owes at its pay desk; its verdict is the
     * paddle, in one large line ("Paddle 17") */
    STATION_TRAIT_PADDLES = 1u << 19,
    /* it records a lot's winning bid typed on its screen (the auction's
     * pay desk, docs/auction.md "On the pay desk's screen";
     * station_auction_win) */
    STATION_TRAIT_WINS = 1u << 20,
};
#define STATION_NTRAITS 21

/* The trait's token for pages and tests ("searches", "walk-ins"): stable,
 * as the web screen asks them; NULL for none. */
const char *station_trait_token(enum station_trait t);

struct station_config {
    enum scan_mode mode;
    /* The kind's name when two kinds journal one mode (the expo hall's
     * rows are leads rows); NULL: the kind of `mode`. */
    const char *kind;
    const char *target;     /* tutorial slug (door) or sponsor slug (leads) */
    const char *name;       /* station id in the journal; NULL: mode-target */
    int64_t cooldown_ms;    /* 0: STATION_COOLDOWN_MS */
    int64_t open_before_ms; /* door opens this long before the start;
                               -1: STATION_OPEN_BEFORE_MS */
    int64_t close_after_ms; /* and closes this long after the end */
    long capacity;          /* door: 0 = the tutorial's capacity */
    enum scan_direction direction; /* door: DIRECTION_OUT for an exit */
    /* A rehearsal: pretix test-mode orders admit (else they are refused). */
    bool rehearsal;
    /* A self check-in kiosk: no supervisor's override, whatever front-end
     * asks for one (station_override). */
    bool self_service;
    /* UTC ms at which the station's clock starts (0: store_now_ms()); it
     * then advances with the source's frame times. */
    int64_t clock_ms;
    station_print_fn print;
    station_print_poll_fn print_poll; /* NULL: `print` prints at once */
    void *print_ctx;
    /* Desk: the printer and templates as print jobs name them.  With
     * `print_printer` set, a first check-in queues its badge and tutorial
     * tickets in its own transaction (jobs_add_with_checkin), so that no
     * one is checked in without a job; `print` then prints them. */
    const char *print_printer;
    const char *print_badge_template;
    const char *print_ticket_template;
    /* The auction's door: a paddle given queues its label (job kind
     * paddle, docs/auction.md) on `print_printer` the same way. */
    const char *print_paddle_template;
    /* Desk (issue 30): after an undo, supersede attendee `attendee_id`'s
     * badge on store `s` (issue the next number without printing, as a
     * reprint does), so that the badge handed out stops admitting
     * wherever the undo reaches; `print_ctx` is its context.  NULL: a
     * desk that holds no signing key, and printed no badge. */
    int (*supersede)(void *ctx, store *s, int64_t attendee_id,
                     struct ck_error *err);
};

struct station_counters {
    long checked_in; /* desk: people checked in (whole file) */
    long inside;     /* door: people inside now */
    long capacity;   /* door */
    /* door with a seat lease (docs/admission.md, "Capacity across doors"):
     * the seats it holds and how many of them people it let in take */
    bool leased;
    long seats_here;
    long seats_taken;
    long leads; /* leads: this sponsor's leads */
    long scans; /* decisions this station made */
    long not_recorded;
};

/* The most people of one order a group's confirm checks in at once (the
 * screen's list); the rest by a second confirm. */
#define STATION_GROUP_MAX 20
/* The group's badge names, each whole, at most this many bytes in all
 * (the screen's list: STATION_GROUP_MAX names of 100 bytes; the demo
 * event's 300 names are 15 bytes on average, 83 at most).  A member whose
 * name no longer fits waits for the second confirm (group_more), as one
 * past STATION_GROUP_MAX does; no name is cut short.  A budget of what
 * one confirm shows, not a buffer: the result holds what it uses. */
#define STATION_GROUP_NAMES_CAP 2048

/* The texts of a person's tutorials at the desk (title, room and slot
 * of each, each whole): at most this many bytes shown (32 tutorials of
 * 128 bytes; the demo event's titles are 40 bytes on average); one that
 * no longer fits is counted (tutorials_more), as are those after it, and
 * none is cut short.  A budget, not a buffer. */
#define STATION_TUTORIAL_TEXTS_CAP 4096

/* The texts of a group's members' tutorials (title, room and slot of
 * each, whole, one member's after another's): at most this many bytes
 * (20 members of two tutorials of 100 bytes each).  A member's
 * tutorials past it are counted (the member's tutorials_more), never cut
 * short.  A budget, not a buffer. */
#define STATION_GROUP_TUTORIALS_CAP 4096

/* An answer the station's list shows is cut to these many bytes less
 * one, its question likewise. */
#define STATION_QUESTION_CAP 256
#define STATION_ANSWER_CAP 512

/* Why a station decided as it did.  Each has one stable token
 * (station_reason_token): what the JSON output's "reason" and the
 * journal's reason column hold, and what tests and scripts compare.  A
 * new reason is a new value here and a token in station.c's table. */
enum station_reason {
    STATION_REASON_NONE = 0, /* "": no decision (a print's outcome) */
    /* A code the verifier refused, one per badge_reason in its order
     * (tokens as badge_reason_name's; station_reason_of_badge). */
    STATION_REASON_VALID,
    STATION_REASON_NOT_A_BADGE,
    STATION_REASON_MALFORMED,
    STATION_REASON_UNKNOWN_VERSION,
    STATION_REASON_OTHER_EVENT,
    STATION_REASON_UNKNOWN_KEY,
    STATION_REASON_BAD_SIGNATURE,
    STATION_REASON_REVOKED,
    STATION_REASON_CANCELLED,
    STATION_REASON_UNKNOWN_ATTENDEE,
    STATION_REASON_UNPAID,
    STATION_REASON_UNKNOWN_CODE,
    /* every station that knows people */
    STATION_REASON_TEST_ORDER,
    STATION_REASON_WRONG_DAY,
    STATION_REASON_SEE_HELP_DESK,
    /* the desk */
    STATION_REASON_CHECKED_IN,
    STATION_REASON_ALREADY_CHECKED_IN,
    STATION_REASON_OVERRIDE_UNPAID,
    STATION_REASON_OVERRIDE_CANCELLED,
    STATION_REASON_OVERRIDE_REFUNDED,
    STATION_REASON_UNDONE,
    STATION_REASON_GROUP_CHECKED_IN,
    STATION_REASON_GROUP_NONE,
    /* doors and lists */
    STATION_REASON_ENTERED,
    STATION_REASON_ALREADY_INSIDE,
    STATION_REASON_LEFT,
    STATION_REASON_NOT_INSIDE,
    STATION_REASON_FULL,
    STATION_REASON_FULL_HERE,
    STATION_REASON_TOO_EARLY,
    STATION_REASON_ENDED,
    STATION_REASON_WRONG_ROOM,
    STATION_REASON_NOT_REGISTERED,
    STATION_REASON_NOT_ON_LIST,
    STATION_REASON_REDEEMED,
    STATION_REASON_ALREADY_REDEEMED,
    STATION_REASON_SWAPPED,
    /* a sponsor's leads and the expo hall */
    STATION_REASON_LEAD,
    STATION_REASON_LEAD_AGAIN,
    STATION_REASON_BADGE_ONLY,
    STATION_REASON_NO_BOOTH,
    /* every station that knows people: outside the ticket's validity
     * window (pretix's valid_from/valid_until, issue 49) */
    STATION_REASON_INVALID_TIME,
    /* the desk: not admitted until the questions pretix asks during
     * check-in are answered (issue 49; the result's `questions`) */
    STATION_REASON_QUESTION,
    /* the open spaces' board: a host scanned, to claim a slot (issue 56) */
    STATION_REASON_HOST,
    /* the triage (STATION_TRAIT_SORTS): to the desk `desk` (its letters
     * in desk_letters when sent by them), to the pre-printed badges' box
     * `preprint_box` at `desk`, or to the help desk: the order is not
     * paid, cancelled or refunded (`order_status`), or the pre-printed
     * badge was handed over already (`preprint_ms`) */
    STATION_REASON_TO_DESK,
    STATION_REASON_TO_PREPRINTED,
    STATION_REASON_TO_HELP_DESK,
    /* the desk and the doors: the person declined an acknowledgement the
     * event asks (issue 55; the result's `questions` hold the declined
     * ones); not admitted, and the decline journaled */
    STATION_REASON_DECLINED,
    /* a sprint station (issue 56 item 2): a table sign scanned, its
     * project now the station's (`title`); a sign of no project (`title`
     * its slug); a badge before any project was chosen; a day that is
     * not a sprint day (`days` the sprint days); checked in to the
     * project (`title`) for the day; already checked in to it that day
     * (`first_ms`) */
    STATION_REASON_PROJECT,
    STATION_REASON_UNKNOWN_PROJECT,
    STATION_REASON_NO_PROJECT,
    STATION_REASON_NO_SPRINT,
    STATION_REASON_SPRINT_IN,
    STATION_REASON_SPRINT_AGAIN,
    /* the auction (STATION_TRAIT_PADDLES, issue 56 item 3; the result's
     * `paddle`, `amount_cents`, `currency`, its lots in `title`): a
     * paddle given; given before (`first_ms`, `first_station`); this
     * door's block all given (`title` the block); at the pay desk: no
     * paddle, no lot won, what is owed (scan again to settle), settled
     * now, settled before (`first_ms`, `first_station`) */
    STATION_REASON_PADDLE,
    STATION_REASON_PADDLE_AGAIN,
    STATION_REASON_NO_PADDLES_LEFT,
    STATION_REASON_NO_PADDLE,
    STATION_REASON_NOTHING_WON,
    STATION_REASON_OWES,
    STATION_REASON_SETTLED,
    STATION_REASON_SETTLED_BEFORE,
    STATION_REASON_COUNT
};

/* The stable token of `reason` ("checked-in"); "unknown-reason" for a
 * value outside the enum.  Never NULL. */
const char *station_reason_token(enum station_reason reason);

/* The reason of a code the verifier refused for `reason` (outside the
 * enum, token "unknown-reason", for a badge_reason it does not know). */
enum station_reason station_reason_of_badge(enum badge_reason reason);

/* The other way: true, with the badge_reason in *out, when `reason` is a
 * code the verifier refused (station_reason_of_badge's values, a value
 * outside the enum giving one badge_reason_str cannot name either);
 * false for the rules' own reasons and STATION_REASON_NONE. */
bool station_reason_badge(enum station_reason reason,
                          enum badge_reason *out /* out */);

/* Where a decision's labels are (the desk; STATION_PRINT_NONE elsewhere
 * and when the desk has no printer). */
enum station_print {
    STATION_PRINT_NONE = 0, /* nothing to print */
    STATION_PRINT_OWED,     /* a first check-in's (or a group's) labels,
                               for station_print to print */
    STATION_PRINT_QUEUED,   /* queued with an asynchronous hook; the outcome
                               comes from station_print_outcome */
    STATION_PRINT_SENT,     /* handed to a printer that cannot confirm it
                               printed */
    STATION_PRINT_PRINTED,  /* the printer confirmed every label printed */
    STATION_PRINT_FAILED,   /* print_error says why */
};

/* The parts of a result (struct station_result) it owns, each read
 * through the accessors declared after it (station_result_tutorial,
 * station_result_earlier, ...); their texts are offsets into the
 * result's texts. */

/* desk: one of the attendee's tutorials, earliest first, with its room
 * and time slot ("Wed 09:00-12:20") (station_tutorial_title, _room,
 * _slot). */
struct station_tutorial {
    uint32_t title, room, slot; /* offsets into texts */
    /* its time overlaps another of the person's tutorials: they are
     * booked into two at once (issue 57) */
    bool clash;
};

/* desk: one of the person's earlier admissions, oldest first, at most
 * four (station_result_history writes them as a line). */
struct station_earlier {
    const char *what;         /* the kind's word: "checked in", "door"
                                 (static text) */
    uint32_t target, station; /* offsets into texts */
    int64_t when_ms;          /* UTC ms */
};

/* desk, a group (issue 30.5; docs/admission.md, "Groups"): after a
 * check-in, the others of the order not checked in (the result's
 * `group_offer`, station_checkin_group checks them in); after that
 * confirm, everyone it named, each `done` (checked in, badge owed: the
 * result's `print` is then STATION_PRINT_OWED for them all) or left out
 * with `why`.  At most STATION_GROUP_MAX. */
struct station_group_member {
    int64_t attendee_id;
    char ticket_id[64];
    uint32_t name;   /* its badge name in the result's texts
                        (station_group_name) */
    bool admissible; /* paid, and on today's list */
    bool done;       /* checked in by the group's confirm */
    int64_t seq;     /* its check-in's journal row, when `done` now */
    /* unpaid, cancelled or refunded, not checked in: a supervisor may
     * check them in with the group (station_override_group); after it,
     * `done` and `overridden` */
    bool overridable, overridden;
    const char *order_status; /* order_status_str's */
    /* left out: "not paid", "checked in already"; "" otherwise (static
     * text, so that a copy of the result keeps it) */
    const char *why;
    /* its tutorials, earliest first, as the desk shows a person's
     * (station_group_tutorial): so that a desk without a printer can
     * tell who goes to which */
    uint32_t tutorials; /* offset of the first in the result's texts */
    uint8_t ntutorials, tutorials_more;
};

/* One of the answers a list shows, at most STATION_MAX_ANSWERS
 * (station_answer_question, _text). */
struct station_answer {
    uint32_t question, answer; /* offsets into texts */
};

/* desk or door, reason "question" (issue 49): one of the questions
 * pretix asks during check-in that the person has yet to answer, in the
 * export's order, at most ASK_MAX (station_answer takes the answers):
 * its identifier, its text and, for a choice, the known choices one a
 * line (offsets into texts), pretix's type ('B' yes/no, 'C' a choice,
 * else text) and whether it may be left empty. */
struct station_question {
    uint32_t ident, text, options;
    uint32_t title; /* 'A': the acknowledgement's title ("Code of Conduct") */
    uint32_t words; /* 'A': in other languages (checkin/ack.h), "" none */
    char type;
    bool required;
};

/* Private to station/ (the result's `priv`): what a result owns, freed
 * by station_result_free and copied by station_result_copy.  Outside
 * station/, read only through the accessors. */
struct station_result_owned {
    struct station_tutorial *tutorials;
    size_t ntutorials;
    struct station_earlier *earlier;
    size_t nearlier;
    struct station_group_member *group;
    size_t ngroup;
    struct station_answer *answers;
    size_t nanswers;
    struct station_question *questions;
    size_t nquestions;
    /* A desk's or a kiosk's decision naming a person (issue 55 item 2):
     * what the event still owes them and what they still owe it
     * (needs.h), in its order */
    struct needs_item *needs;
    size_t nneeds;
    /* Why it was not recorded: the journal's error, its English and
     * what it was made of (station_record_why; NULL when recorded) */
    struct ck_error *record_error;
    /* The print hook's error of a failed print (station_print_why;
     * NULL when none); also beside STATION_PRINT_QUEUED when a group
     * member's labels were refused at once while the others' are
     * queued */
    struct ck_error *print_error;
    /* The texts the arrays above point into, one after the other, each
     * ended by a NUL: `texts_len` bytes taken of `texts_cap`. */
    char *texts;
    size_t texts_len, texts_cap;
};

/* One decision as displays show it.  Personal fields are empty at a
 * sponsor's station (`personal` false).
 *
 * Data, not worst-case buffers (issue 33): a person's tutorials, a
 * group's members and their tutorials, and a list's answers are carried
 * in arrays and one block of texts that the result owns, sized for what
 * the decision holds (nothing for most doors and booths).  Every call
 * that fills a result starts it afresh (it need not be initialized, and
 * what it held before is not freed) and leaves it to be freed, on error
 * too, with station_result_free; station_result_copy is the one way to
 * copy one (never `=` or memcpy, which would share those parts and free
 * them twice: scripts/check-result-copies).  Those parts are its private
 * member `priv`, read above station/ through the accessors. */
struct station_result {
    int64_t seq;   /* journal sequence number; 0 if not recorded */
    int64_t at_ms; /* the time the rules decided by, UTC ms */
    /* A phone's code kept while the station could not be reached and
     * sent later (station_present_read): when the station decided it,
     * at_ms being when the phone read it (journaled as read_at_ms).
     * 0: decided as it was read, at at_ms. */
    int64_t decided_ms;
    /* The event's time zone ("Europe/Berlin"), the station's: every time
     * of the result is UTC ms, which the displays write in this zone
     * (station_result_hm and station_result_when, runtime/). */
    const char *tz;
    const char *station;
    enum scan_mode mode; /* the journal's, as data: displays ask `traits` */
    unsigned traits;     /* the station's kind's (station_result_has) */
    const char *target;
    enum scan_decision decision;
    enum scan_direction direction;
    enum station_reason reason; /* station_reason_token: "checked-in" */
    /* reason "revoked" for a pretix tutorial add-on's code whose add-on
     * was cancelled, not replaced (issue 30) */
    bool addon_cancelled;
    /* A phone's read the file held already (its id sent again: the answer
     * lost, the station restarted, or another station process on the
     * file decided it): its first answer, decided at at_ms (decided_ms),
     * nothing new recorded or printed (docs/phones.md, "A read is
     * decided once"); decision, direction, reason, badge_name, seq and
     * the times are the first answer's, the person and what the kind's
     * rules showed rebuilt from the file (the kind's `again`). */
    bool again;
    /* With `again`: the first time the station took the read as the same
     * presentation again (no decision, no row; the phone was answered
     * {"repeat": true}); at_ms is when, the counters are now's, and
     * decision, reason and names are not filled. */
    bool same_again;
    bool personal;
    int64_t attendee_id; /* 0 when unknown */
    char ticket_id[64];
    char badge_name[4 * 200 + 1];
    char given_name[4 * 100 + 1]; /* desk and doors: for a greeting */
    /* desk: the name is known only whole (no family name: a pretix
     * export's attendee_name, kept as the given name), so a correction
     * takes it as one field (REGISTRATION_WHOLE_NAME) */
    bool name_whole;
    char pronouns[128];
    char ticket_type[128]; /* label */
    /* desk: the attendee's tutorials (station_result_tutorial) past
     * STATION_TUTORIAL_TEXTS_CAP, counted, not shown */
    size_t tutorials_more;
    char order_status[16];
    char order_code[32];
    char tutorial[64]; /* door: this door; else ticket's */
    int64_t lead_seq;  /* leads: the lead to annotate */
    enum station_print print;
    struct station_counters counters;
    /* desk: a refusal a supervisor may overrule (station_override): an
     * unpaid, cancelled or refunded registration not checked in yet,
     * scanned with its current code */
    bool overridable;
    /* desk: the supervisor's reason, when this admission is an override */
    char override[JOURNAL_OVERRIDE_CAP + 1];
    /* ---- issue 30: supervisors and undo (docs/admission.md, section 4) */
    /* desk: the supervisor whose PIN allowed this override or undo, as
     * journaled ("" when none was needed: an event without supervisors) */
    char supervisor[SUPERVISOR_NAME_CAP];
    /* desk: a check-in that stands, which a supervisor may undo
     * (station_undo) */
    bool undoable;
    /* desk, already checked in, and a list's already-redeemed: when
     * (UTC ms; the displays write "09:12", "Wed 09:12") and at which
     * station the first check-in or redemption was; leads, a lead
     * again: when it was first recorded */
    int64_t first_ms;
    char first_station[JOURNAL_NAME_CAP];
    /* leads and the expo hall: the sponsor's name, an offset into texts
     * (reasons lead and lead-again), and whether a badge-only refusal
     * was of a tutorial ticket */
    uint32_t sponsor;
    bool tutorial_ticket;
    /* doors: the tutorial's or list's title and the tutorial's slot
     * ("Wed 09:00-12:20"), offsets into texts (station_result_title,
     * _slot), and when it opens (UTC ms, reason too-early; the displays
     * write "09:12", "Tue 09:12"), for reasons entered, not-registered,
     * too-early, ended and wrong-room (and a list's title for its
     * not-on-list, already-redeemed, full, undone) */
    uint32_t title, slot;
    int64_t opens_ms;
    /* a tutorial's door, wrong-room: this door's room, and the person's
     * tutorial to send them to (station_tutorial_title, _room and _slot
     * of &r->other); offsets into texts */
    uint32_t room;
    struct station_tutorial other;
    /* wrong-day: the ticket type's label, the days the ticket is valid
     * on ("Wed 14 May, Thu 15 May") and today ("Tue 13 May"); offsets
     * into texts (station_result_at) */
    uint32_t day_label, days, today;
    /* invalid-time: the window's start in `days` ("Sat 26 Sep 00:00"),
     * its end in `window_until` ("Sun 27 Sep 23:59", or "23:59" when
     * `window_same_day`), which of them it has, and now in `today` ("Fri
     * 25 Sep 09:12"); the sentence says the window (station_sentence.c).
     * Any decision naming a
     * person: the attention cue its registration asks for (pretix's
     * checkin_attention, with the order's comment) and its seats, offsets
     * into texts (station_result_attention, station_result_seat) */
    uint32_t window_until;
    bool window_from, window_to, window_same_day;
    uint32_t attention, seat;
    bool has_attention, has_seat;
    /* Any decision naming a person: their order's language as the
     * registration system gave it ("de", "pt-br"; "" none), for what the
     * attendee reads of the verdict (issue 53: the kiosk) */
    char locale[32];
    /* lists (their title in `title`): what was handed at the first
     * redemption (already-redeemed), what is taken back (undone, and
     * swapped, which hands `variation` instead), offsets into texts
     * (station_result_at); whether the list admits into a room rather
     * than hands something over, and once a day rather than once */
    uint32_t handed, variation;
    bool list_admits, list_per_day;
    /* not-on-list: why the list has no entry for them */
    enum station_off_list {
        STATION_OFF_LIST_NOT_PAID,   /* the order is `order_status` */
        STATION_OFF_LIST_NOT_BOUGHT, /* a list of items none was bought of */
        STATION_OFF_LIST_NOT_LISTED, /* a list of people, without them */
    } off_list;
    /* desk, undone: what became of the badge printed for them, and why it
     * still admits (an offset into texts, station_result_at; "" when the
     * sentence could not be kept) */
    enum station_undo_badge {
        STATION_UNDO_BADGE_NONE,       /* a desk with no signing key */
        STATION_UNDO_BADGE_SUPERSEDED, /* it no longer admits */
        STATION_UNDO_BADGE_ADMITS,     /* superseding it failed */
    } undo_badge;
    uint32_t undo_badge_error;
    /* desk: how many check-ins this undo took back (reason "undone") */
    int undone;
    /* ---- issue 30.5: groups (docs/admission.md, "Groups"): the members
     * (station_result_group) */
    size_t group_names_used;     /* of STATION_GROUP_NAMES_CAP */
    size_t group_tutorials_used; /* of STATION_GROUP_TUTORIALS_CAP */
    /* beyond STATION_GROUP_MAX or the room of group_names: a second
     * confirm */
    size_t group_more;
    bool group_offer; /* the group is an offer: Enter checks them in */
    /* desk (issue 55): the person's badge was pre-printed and is in box
     * `preprint_box` at `preprint_position` (no print owed); handed over
     * at `preprint_ms` (UTC ms) by `preprint_station`, or not yet
     * (`preprint_offer`: the confirm, station_preprint_hand, marks it
     * handed over).  "" when none, or a reprint took its place. */
    char preprint_box[PREPRINT_BOX_CAP];
    long preprint_position;
    bool preprint_offer;
    int64_t preprint_ms;
    char preprint_station[64];
    /* the triage (issue 55.4): the desk the person queues at, as
     * [desks] names it ("3", "Speakers"; "" any desk), and its letters
     * when sent by their family name ("A-F") */
    char desk[DESK_NAME_CAP];
    char desk_letters[80];
    /* the auction (STATION_TRAIT_PADDLES): the person's paddle, the
     * amount owed or settled (cents) and its currency ("USD") */
    int paddle;
    int64_t amount_cents;
    char currency[4];
    size_t group_overridable; /* members `overridable` */
    /* desk, a print's outcome: the label-stock forecast (issue 30), as
     * numbers the displays write (station_result_labels) */
    struct label_forecast labels;
    /* check-in lists (issue 29; docs/admission.md, section 2): the list
     * of a door:SLUG that is a list, what a counter hands over (the
     * list's title, and the variation after it: offsets into texts,
     * which the displays write "T-shirt: M", station_result_hand), and
     * the answers the station's list shows (the desk: the admission
     * list's) */
    char list[64];
    enum station_hand {
        STATION_HAND_NONE,      /* nothing handed over */
        STATION_HAND_TITLE,     /* the list's title: "Lunch" */
        STATION_HAND_VARIATION, /* and its variation: "T-shirt: M" */
    } hand;
    uint32_t hand_title, hand_variation;
    /* a counter with stock (issue 29.4): what is left of the variation
     * handed (its counts in stock_count, `counted` false when the list
     * counts none of it; its name at stock_of, an offset into texts),
     * and after a swap of the one taken back (`handed`: back_counted,
     * back_left), which the displays write as "M: 12 left", "M: 12
     * left, about 40 minutes at this rate", "M: none left; swap (S) or
     * note it" (station_result_stock); `stock_warn` when it is a
     * warning; and whether this redemption may be swapped
     * (station_swap) */
    struct list_stock stock_count;
    uint32_t stock_of;
    bool back_counted;
    long back_left;
    bool stock_warn;
    bool swappable;
    /* a door with a seat lease refusing `full-here` (docs/stations.md, "A
     * room's seats across its doors"): the other doors holding seats of
     * the room, as the hub named them ("door-2", "door-2, door-3"; "" for
     * none: an offset into texts, station_result_at), and whether the
     * room's capacity was lowered below what its doors hold; the seats,
     * inside and capacity are in `counters` */
    uint32_t seats_others;
    bool seats_lowered;
    /* desk or door, an admission after questions: the answers it journaled, a
     * JSON object of identifier to answer (an offset into texts;
     * has_answers false: none asked) */
    uint32_t given;
    bool has_given;
    /* ---- Private to station/: what the result owns.  Callers read it
     * through the accessors below (station_result_tutorial,
     * station_result_earlier, station_result_group, ...) and copy a
     * result only with station_result_copy: a copy made with `=` or
     * memcpy would share these and free them twice
     * (scripts/check-result-copies). */
    struct station_result_owned priv;
};

/* Whether `r`'s decision is in the journal: it has its row (`seq`), or
 * it is a group's confirm, recorded as its members' rows, or a triage's
 * (STATION_TRAIT_SORTS), which journals nothing and loses nothing. */
bool station_result_recorded(const struct station_result *r);

/* Free what `r` owns and leave it empty (zeroed); NULL and an empty
 * result are fine. */
void station_result_free(struct station_result *r);

/* Copy `from` whole into `to` (which need not be initialized, and
 * whose previous contents are not freed): CK_OK, or CK_ENOMEM with `to`
 * left empty. */
int station_result_copy(struct station_result *to,
                        const struct station_result *from) CK_MUST_CHECK;

/* What `r` owns, read by index: the number of each, and the i-th
 * (below that number, else NULL); the needs as an array of nneeds
 * (needs.h). */
size_t station_result_ntutorials(const struct station_result *r);
const struct station_tutorial *
station_result_tutorial(const struct station_result *r, size_t i);
size_t station_result_nearlier(const struct station_result *r);
const struct station_earlier *
station_result_earlier(const struct station_result *r, size_t i);
size_t station_result_ngroup(const struct station_result *r);
const struct station_group_member *
station_result_group(const struct station_result *r, size_t i);
size_t station_result_nanswers(const struct station_result *r);
const struct station_answer *
station_result_answer(const struct station_result *r, size_t i);
size_t station_result_nquestions(const struct station_result *r);
const struct station_question *
station_result_question(const struct station_result *r, size_t i);
size_t station_result_nneeds(const struct station_result *r);
const struct needs_item *station_result_needs(const struct station_result *r);

/* How many of `r`'s group members are `done` (checked in by the
 * group's confirm, badges owed). */
size_t station_result_group_done(const struct station_result *r);

/* Whether `r` owns anything (a result a test keeps until it exits,
 * tests/keep_result.h). */
bool station_result_owns(const struct station_result *r);

/* The question and the answer of `a`, one of `r`'s answers. */
const char *station_answer_question(const struct station_result *r,
                                    const struct station_answer *a);
const char *station_answer_text(const struct station_result *r,
                                const struct station_answer *a);

/* The identifier, text and known choices (one a line; "" for none) of
 * `q`, one of `r`'s questions (issue 49). */
const char *station_question_ident(const struct station_result *r,
                                   const struct station_question *q);
const char *station_question_text(const struct station_result *r,
                                  const struct station_question *q);
const char *station_question_options(const struct station_result *r,
                                     const struct station_question *q);
/* An acknowledgement's title (type 'A', issue 55); "" for the others.
 * Its title and text are the station's language's when the event gives
 * them (title[de] and text[de]), else the description's. */
const char *station_question_title(const struct station_result *r,
                                   const struct station_question *q);
/* An acknowledgement's title and text in every language the event
 * gives, {"de": {"title", "text"}} (checkin/ack.h's ack_words_for picks
 * one); "" for none and for the other questions. */
const char *station_question_words(const struct station_result *r,
                                   const struct station_question *q);

/* The title, room and time slot of `t`, one of `r`'s tutorials. */
const char *station_tutorial_title(const struct station_result *r,
                                   const struct station_tutorial *t);
const char *station_tutorial_room(const struct station_result *r,
                                  const struct station_tutorial *t);
const char *station_tutorial_slot(const struct station_result *r,
                                  const struct station_tutorial *t);

/* The tutorial or sponsor and the station of `e`, one of `r`'s
 * earlier admissions. */
const char *station_earlier_target(const struct station_result *r,
                                   const struct station_earlier *e);
const char *station_earlier_station(const struct station_result *r,
                                    const struct station_earlier *e);

/* The sponsor's name of `r`, a lead (reasons lead and lead-again). */
const char *station_result_sponsor(const struct station_result *r);

/* The attention cue of result `r` and its seats (issue 49); "" when it
 * has none.  Never NULL. */
const char *station_result_attention(const struct station_result *r);
const char *station_result_seat(const struct station_result *r);

/* The text at offset `at` of `r`'s texts, one of the offsets above
 * that the result's reason sets; "" when the result holds no texts. */
const char *station_result_at(const struct station_result *r, uint32_t at);

/* The title and the slot of `r`'s door (its reasons entered,
 * not-registered, too-early and ended; the slot a tutorial's). */
const char *station_result_title(const struct station_result *r);
const char *station_result_slot(const struct station_result *r);

/* The sentence saying why `r` was not recorded, and that of its failed
 * print: "" when there is none.  Owned by `r`.  Both are the English
 * (logs, --json's record_error and print_error). */
const char *station_record_error(const struct station_result *r);
const char *station_print_error(const struct station_result *r);

/* The error why `r` was not recorded, for a screen to say in its
 * language (ck_error_text: "NOT RECORDED: ..."); NULL when there is
 * none.  Owned by `r`. */
const struct ck_error *station_record_why(const struct station_result *r);

/* Keep a copy of `why` as the reason `r` was not recorded (an error
 * with no sentence: none): false, and `r` unchanged, when memory ran
 * out. */
bool station_result_set_record_error(struct station_result *r,
                                     const struct ck_error *why);

/* The error why `r`'s labels did not print, for a screen to say in its
 * language (ck_error_text); NULL when there is none.  Owned by `r`. */
const struct ck_error *station_print_why(const struct station_result *r);

/* Set `r`'s print error to a copy of `why` (NULL or one with no
 * sentence: none): false, and `r` unchanged, when memory ran out. */
bool station_result_set_print_error(struct station_result *r,
                                    const struct ck_error *why);

/* The badge name of `m`, a member of `r`'s group. */
const char *station_group_name(const struct station_result *r,
                               const struct station_group_member *m);

/* The title of tutorial `k` (below m->ntutorials) of `m`, a member of
 * `r`'s group, with its room and slot; texts owned by `r`. */
const char *station_group_tutorial(const struct station_result *r,
                                   const struct station_group_member *m,
                                   size_t k, const char **room /* out */,
                                   const char **slot /* out */);

/* Open a station on `s` (which must outlive it): loads keys, the tutorial
 * or sponsor, and the counters.  CK_ENOTFOUND for an unknown tutorial or
 * sponsor, naming the choices. */
int station_open(store *s, const struct station_config *cfg,
                 station **out /* out */, struct ck_error *err) CK_MUST_CHECK;
void station_free(station *st);

const char *station_name(const station *st);
/* The file the station runs on, as it was opened. */
const char *station_file(const station *st);
const char *station_title(const station *st);   /* "Desk", "Door: ..." */
enum scan_mode station_mode(const station *st); /* as data, not to branch */
/* Whether the station's kind has trait `t`. */
bool station_has(const station *st, enum station_trait t);
/* Whether the kind `cfg` names (station_parse_spec's) has trait `t`;
 * false for none. */
bool station_config_has(const struct station_config *cfg, enum station_trait t);
/* Whether the kind `cfg` names runs on a file enrolled at a hub as `role`
 * ("desk", "door:SLUG"), `spec` being the kind's own word and target:
 * its own role, and the triage a desk's too (it decides from what a
 * desk's file holds and sends up only whom it sent where). */
bool station_config_runs_as(const struct station_config *cfg, const char *spec,
                            const char *role);
/* What to give --station for a file of `s` enrolled as `role`: the role
 * itself, but for a door of one of the event's open-space rooms
 * ("door:203", from `hub add-station --station open-space:203`) that
 * room's door, "open-space:203". */
void station_role_spec(store *s, const char *role, char *out, size_t cap);
/* Whether the kind of the station that decided `r` has trait `t`. */
bool station_result_has(const struct station_result *r, enum station_trait t);
/* The name of the kind `cfg` names ("desk", "door", "expo"), the word of
 * --station; NULL for none. */
const char *station_config_kind(const struct station_config *cfg);
/* The hub role a file of that kind is enrolled as: the kind's name, or
 * the role whose file it runs on (a sprint station: "desk"); NULL for
 * none. */
const char *station_config_role(const struct station_config *cfg);
struct station_counters station_counters(const station *st);
void station_set_direction(station *st, enum scan_direction d);
enum scan_direction station_direction(const station *st);
/* The station clock: UTC ms at source time `t_ms`. */
int64_t station_clock(const station *st, int64_t t_ms);

/* A sprint station (STATION_TRAIT_PROJECTS, issue 56 item 2,
 * docs/sprints.md): make project `slug` the one it checks people in to,
 * as scanning its table sign does; the verdict in `r` (begun with
 * station_begin_result): warn `project`, or deny `unknown-project` with
 * the station's project unchanged.  Nothing is journaled. */
int station_sprint_choose(station *st, const char *slug,
                          struct station_result *r,
                          struct ck_error *err) CK_MUST_CHECK;

/* A sprint station's project `slug` as its lead's link shows it
 * (docs/sprints.md): the project (*found false: no such project now),
 * the sprint days, and every check-in to it by day and time
 * (sprint_people; free *v). */
int station_sprint_lead(station *st, const char *slug,
                        struct sprint_project *p /* out */,
                        struct sprint_days *d /* out */,
                        struct sprint_person **v /* out */, size_t *n,
                        bool *found /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* A sprint station's leads' links, by slug (sprint_lead_links without
 * making the key; free *v, wiped), read again whenever asked: a link
 * printed or revoked while the station runs counts at once. */
int station_sprint_links(station *st, struct sprint_link **v /* out */,
                         size_t *n, struct ck_error *err) CK_MUST_CHECK;

/* A sprint station's projects, by slug (free *v), to choose one from,
 * and the slug of the one it checks in to now ("" when none). */
int station_sprint_projects(station *st, struct sprint_project **v /* out */,
                            size_t *n, char *now, size_t now_cap,
                            struct ck_error *err) CK_MUST_CHECK;

/* The auction's pay desk (STATION_TRAIT_WINS, issue 56 item 3,
 * docs/auction.md): record lot `lot` won by `paddle` for `cents` at
 * `at_ms` as a row of this station, journaled with its paddles and
 * settlements and synced as they are; refused (*outcome, nothing
 * written, `prior` the win holding the lot) as auction_win_record
 * refuses.  `plan` is the auction as the station knows it (its lots, to
 * name them in a refusal). */
int station_auction_win(station *st, const char *lot, int paddle, int64_t cents,
                        int64_t at_ms, enum auction_outcome *outcome,
                        struct auction_win *prior /* out */,
                        struct auction_plan *plan /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* The same desk's correction (docs/auction.md "Correcting a win"): the
 * win standing on lot `lot` voided as a row of this station, as
 * auction_void_record_at voids it (`won` the win, `paid` the settlement
 * of a paid win refused without `refunded`). */
int station_auction_void(station *st, const char *lot, bool refunded,
                         const char *reason, int64_t at_ms,
                         enum auction_outcome *outcome,
                         struct auction_win *won /* out */,
                         struct auction_win *paid /* out */,
                         struct auction_plan *plan /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* Every win recorded, by time (auction_wins; free *v). */
int station_auction_wins(station *st, struct auction_win **v /* out */,
                         size_t *n, struct ck_error *err) CK_MUST_CHECK;

/* The open spaces' board (STATION_TRAIT_BOARD, issue 56,
 * docs/open-spaces.md): the event's open spaces, every session held now
 * with its attendance (sessions, free with free()), every claim lost to
 * an earlier one of its slot with the next free slot offered its host
 * (lost, free with free(): claims made while boards were cut off, settled
 * alike on every station once synced), and the host the board scanned
 * last, who may claim a slot or release their own ("" when none); the
 * next free slots from `now_ms` (station time) on. */
struct station_board {
    struct open_spaces os;
    struct open_space_session *sessions;
    size_t nsessions;
    struct open_space_session *lost;
    size_t nlost;
    char host_ticket[64];
    char host_name[4 * 200 + 1]; /* a badge name, 200 characters */
};
int station_board(station *st, int64_t now_ms, struct station_board *out,
                  struct ck_error *err) CK_MUST_CHECK;
/* A claim at the board of room `room`'s slot `when` ("YYYY-MM-DD HH:MM")
 * titled `title` by the host it scanned last, at `now_ms`, as the board
 * station's name: *outcome and `held` as open_space_claim's (TAKEN with
 * the next free slot), UNKNOWN_HOST when no host was scanned; done, the
 * host is forgotten, so that the next claim needs a scan again.  `os`
 * gets the open spaces, for the sentences. */
int station_board_claim(station *st, const char *room, const char *when,
                        const char *title, int64_t now_ms,
                        struct open_spaces *os,
                        enum open_space_outcome *outcome,
                        struct open_space_session *held,
                        struct ck_error *err) CK_MUST_CHECK;

/* A release at the board of room `room`'s slot `when` by the host it
 * scanned last, who must be the session's host (NOT_HOST otherwise, and
 * UNKNOWN_HOST when no host was scanned): *outcome and `held` as
 * open_space_release's; done, the host is forgotten. */
int station_board_release(station *st, const char *room, const char *when,
                          int64_t now_ms, struct open_spaces *os,
                          enum open_space_outcome *outcome,
                          struct open_space_session *held,
                          struct ck_error *err) CK_MUST_CHECK;

/* Decide about one presented code at station time `at_ms`, journal its
 * `len` bytes exactly as they are, fill `out`.  No debouncing: every call
 * is a presentation.  Errors only when the store cannot answer the
 * verifier; a journal failure is a result not recorded
 * (station_result_recorded). */
int station_scan(station *st, const uint8_t *code, size_t len, int64_t at_ms,
                 struct station_result *out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* Desk: print what a decision owes (out->print STATION_PRINT_OWED: the
 * badge and tutorial tickets after a first check-in, or a group's badges)
 * through the print hook, and set out->print to QUEUED, PRINTED, SENT or
 * FAILED (with station_print_error).  Separate from
 * station_scan so that the verdict is shown before a printer is waited
 * for (a USB label printer takes seconds, and a fault may take until
 * someone clears it); the check-in stands whatever the printer does.
 * False if nothing was due. */
bool station_print(station *st, struct station_result *r);

/* Desk with an asynchronous print hook: the outcome of the next print
 * that finished, as a result to show (who, and printed, sent or the
 * error), waiting up to `wait_ms`; false if none came. */
bool station_print_outcome(station *st, int wait_ms,
                           struct station_result *out /* out */);

/* Desk: search attendees by name, email, company or order (at most 9, in
 * name order; out->total may be a lower bound: out->at_least). */
int station_search(station *st, const char *query,
                   struct attendee_list *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* Desk: attendee `attendee_id` as the file holds them now (the values in
 * effect), for a correction's form to start from. */
int station_attendee(const station *st, int64_t attendee_id,
                     struct attendee_list *out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The counters counted again from the file, as at station_open: after a
 * sync brought other stations' rows (issue 30: "Checked in: N" counts
 * every desk's check-ins). */
int station_recount(station *st, struct ck_error *err) CK_MUST_CHECK;

/* A pull's news for the counters (sync_report's): at a desk, whose
 * counters are the people checked in at any desk and its own scans,
 * `checked_in` (exactly what the pulled rows changed the first by) is
 * added and true returned, unless `recount`.  Any other station, or
 * `recount`, is unchanged: false, count again (station_recount). */
bool station_pulled(station *st, long checked_in, bool recount);

/* Desk: whether attendee `attendee_id` was checked in at a desk (their
 * badge printed or owed), so a badge with their name then exists. */
int station_checked_in(station *st, int64_t attendee_id, bool *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* Desk: check in the attendee a volunteer chose from a search; the same
 * rules as a scan of their code, journaled as code "manual:TICKET". */
int station_checkin_manual(station *st, int64_t attendee_id, int64_t at_ms,
                           struct station_result *out /* out */,
                           struct ck_error *err) CK_MUST_CHECK;

/* An answer a volunteer gave to one of pretix's questions asked during
 * check-in: the question's identifier and the answer as typed ("yes"
 * for a yes/no, a choice's text). */
struct station_given {
    const char *question;
    const char *answer;
};

/* Desk and doors (STATION_TRAIT_ASKS; issue 49; docs/stations.md,
 * "Questions asked at check-in"): admit the person whose admission
 * waited for the questions pretix asks during check-in (reason
 * "question"), with the answers `given`
 * (`n` of them).  The person is the code just refused (`code`, `len`:
 * verified again, still `attendee_id`'s when that is not 0) or, with
 * `code` NULL, the attendee `attendee_id` ("manual:TICKET").  Each
 * answer is checked (ask_check: a yes/no is yes or no, a required one
 * yes, a required text not empty) and journaled with the admission
 * (scan.answers, "True"/"False" for a yes/no as pretix keeps them); a
 * question still unanswered leaves the verdict "question" again, naming
 * it; a declined acknowledgement ("no" to an "ack:SLUG", issue 55)
 * makes the verdict a refusal, reason "declined", journaled with the
 * decline.  Refused with one sentence, nothing journaled, for a bad answer,
 * an answer to a question not asked, and at a booth. */
int station_answer(station *st, const uint8_t *code, size_t len,
                   int64_t attendee_id, const struct station_given *given,
                   size_t n, int64_t at_ms,
                   struct station_result *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* The fewest characters an override's reason may have. */
#define STATION_OVERRIDE_MIN 4

/* Desk: a supervisor's override.  At an event with supervisors it needs
 * one's `pin` (wiped whatever happens; a wrong one is refused and
 * counted, supervisor.h), and the row names them.  Checks in a
 * registration the desk refused because its order is unpaid, cancelled or
 * refunded, as an admit journaled with `reason` (STATION_OVERRIDE_MIN to
 * JOURNAL_OVERRIDE_CAP bytes of one line, trimmed) and the reason token
 * "override-unpaid", "override-cancelled" or "override-refunded"; the print
 * hook is then owed as for any first check-in (station_print).  The person is
 * the code just refused (`code`, `len`: verified again, and it must still
 * belong to `attendee_id` when that is not 0) or, with `code` NULL, the
 * attendee `attendee_id` (journaled as "manual:TICKET").  Refused with
 * one sentence, and nothing journaled, for: an empty or too short reason;
 * a code that is unknown, forged, of another event or superseded by a
 * newer one; a paid registration; a pretix test-mode order at a station
 * that is not a rehearsal; someone checked in already; a station other
 * than the desk, or a self-service one (cfg.self_service); and when the
 * journal cannot record it (an override is never shown unrecorded). */
int station_override(station *st, const uint8_t *code, size_t len,
                     int64_t attendee_id, const char *reason, char *pin,
                     int64_t at_ms, struct station_result *out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Desk: reprint an attendee's badge for `reason` through the print hook.
 * At an event with supervisors it needs one's `pin`, whose name joins
 * the reason the print job records ("lost (Sam)"). */
int station_reprint(station *st, int64_t attendee_id, const char *reason,
                    char *pin, struct ck_error *err) CK_MUST_CHECK;

/* Desk (issue 55): the volunteer confirms they handed attendee
 * `attendee_id` their pre-printed badge: marked handed over at `at_ms`
 * by this station (preprint_hand), `out` the place it came from, for
 * the screen to say.  *offered false, nothing done, when
 * the person has no pre-printed badge waiting (then the confirm is the
 * group's).  Refused with one sentence naming when and where for one
 * handed over already. */
int station_preprint_hand(station *st, int64_t attendee_id, int64_t at_ms,
                          bool *offered /* out */,
                          struct preprint *out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* ---- Supervisors and undo (issue 30; docs/admission.md, section 4) --- */

/* Whether the event has supervisors in this station's file: then an
 * override, a reprint and an undo each need a supervisor's PIN, and the
 * journal row names whose it was.  Without, overrides and reprints are
 * made as before (a reason, no PIN) and an undo is refused. */
bool station_supervised(const station *st);

/* The sentence a desk shows once at start when the event has no
 * supervisor (NULL otherwise, and at a kiosk, a door or a booth). */
const char *station_supervisor_notice(station *st);

/* Desk: a supervisor undoes the check-in of attendee `attendee_id` (every
 * live desk admission of theirs in the file): one journal row each (act
 * 'undo', reason "undone", `words` as the supervisor's, and their name),
 * never a delete; the person is then not checked in wherever the rows
 * reach and may be checked in again.  `pin` (wiped) must be a
 * supervisor's (supervisor.h, with its lock after five wrong ones).
 * `out` gets the person and reason "undone".  Refused with one sentence,
 * and nothing journaled, for: no supervisor set; a wrong PIN; someone not
 * checked in; a kiosk, a door or a booth; a station whose hub is older
 * than format 8 and would not pass the undo on; and when the journal
 * cannot record it.  At a counter (a list that hands something over)
 * it is the counter's own undo of its last redemption instead, within
 * two minutes and without a PIN, `words` (why; may be empty) kept in
 * the undo row. */
int station_undo(station *st, int64_t attendee_id, const char *words, char *pin,
                 int64_t at_ms, struct station_result *out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* ---- Walk-ins and corrections at the desk (issue 30) ---------------- */

/* Desk: register walk-in `w` (registration_walkin) under this desk's own
 * run identity and name, so that its ticket id is "ck:" + the desk's run
 * id, then check them in as a person chosen by name
 * (station_checkin_manual): `out` is that verdict, and a paid or comp
 * walk-in's badge is then printed by station_print.  A comp needs a
 * supervisor's `pin` when the event has supervisors (wiped whatever
 * happens).  Two transactions, as registration_walkin owns its own: a
 * desk stopped between them leaves the person registered and not checked
 * in, found by name (docs/stations.md).  Refused with one sentence,
 * nothing stored, at a kiosk, a door or a booth. */
int station_walkin(station *st, const struct registration_walkin *w, char *pin,
                   int64_t at_ms, struct station_result *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* Desk: the event's ticket types for the walk-in form (see
 * registration_ticket_types). */
int station_ticket_types(station *st, struct registration_ticket_type *out,
                         size_t cap, size_t *n /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* A tutorial as the desk's walk-in forms show it: its time in the
 * event's zone ("Wed 09:00-12:30"), the seats left, and why it cannot be
 * ticked ("" when it can): "full" or "over" (ended by the station's
 * clock).  The forms only show this; registration_walkin decides. */
struct station_walkin_tutorial {
    char slug[64];
    char title[256];
    char room[128];
    char slot[32];
    long seats_left;
    char closed[16];
};
/* Desk: the event's tutorials for the walk-in forms, earliest first, at
 * most `cap`; none at other stations. */
int station_walkin_tutorials(const station *st,
                             struct station_walkin_tutorial *out, size_t cap,
                             size_t *n /* out */,
                             struct ck_error *err) CK_MUST_CHECK;

/* What station_edit changed, for the volunteer's sentence (runtime/):
 * how many fields, and the supervisor who allowed it ("" when none was
 * asked). */
struct station_edit_done {
    size_t changed;
    char who[SUPERVISOR_NAME_CAP];
};

/* Desk: correct attendee `attendee_id`'s fields (registration_edit) under
 * this desk's run identity and name, with a supervisor's `pin` when the
 * event has supervisors (wiped whatever happens); `done` gets what
 * changed. */
int station_edit(station *st, int64_t attendee_id,
                 const struct registration_edit *edits, size_t n, char *pin,
                 int64_t at_ms, struct station_edit_done *done /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* ---- Groups (issue 30.5; docs/admission.md, "Groups") ------------- */

/* Desk: check in together the others of the order of attendee
 * `attendee_id` (the ticket just scanned or chosen) who are not checked
 * in, in one transaction: each verified again under the journal's lock,
 * each its own admit row (code "group:TICKET" of `attendee_id`'s ticket)
 * and its badge jobs; an unpaid, cancelled or refunded member, a test
 * order, a ticket of another day or someone checked in meanwhile is left
 * out and named (a supervisor overrides them one by one).  At most
 * STATION_GROUP_MAX at once.  `out` lists everyone considered (reason
 * "group-checked-in", or "group-none" when no one could be); its
 * labels are then owed (out->print) and printed by station_print.
 * Refused with one sentence, nothing journaled, at a kiosk, a door or a
 * booth, and when the journal cannot record it (a group is never shown
 * unrecorded). */
int station_checkin_group(station *st, int64_t attendee_id, int64_t at_ms,
                          struct station_result *out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* Desk: station_checkin_group, and with it those of the order it leaves
 * out as unpaid, cancelled or refunded, each on a supervisor's override:
 * `reason` as an override's (station_override), the supervisor's `pin`
 * checked first (wiped whatever happens) at an event with supervisors.
 * Each overridden member's admit row carries the override's reason token
 * (override-unpaid, ...), `reason` and the supervisor, as a single
 * override's does; a test order, a ticket of another day, a hold or
 * someone checked in meanwhile stays left out and named.  One
 * transaction; refused in one sentence, nothing journaled, for a bad
 * reason or PIN, at a kiosk, a door or a booth. */
int station_override_group(station *st, int64_t attendee_id, const char *reason,
                           char *pin, int64_t at_ms,
                           struct station_result *out /* out */,
                           struct ck_error *err) CK_MUST_CHECK;

/* ---- Redemption counters (issue 29.4; docs/admission.md, "Redemption
 * and stock") ---- */

/* A counter (a list handing things over once per person or per day):
 * swap what its last redemption handed for `variation` (M for L), one
 * journal row (act 'swap' naming the redemption, `handed` the new value)
 * in its own transaction; stock follows it.  `out` is the person, reason
 * "swapped", the new "hand" and the stock left of `variation`.  Refused
 * with one sentence, nothing journaled: not a counter, nothing handed
 * since the station started, a variation the list neither stocks nor
 * anyone bought, the same variation again. */
int station_swap(station *st, const char *variation, int64_t at_ms,
                 struct station_result *out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* Leads: the note and 1-5 rating (0: none) of lead `seq`. */
int station_lead_note(station *st, int64_t seq, const char *note, int rating,
                      struct ck_error *err) CK_MUST_CHECK;

/* ---- The expo hall (issue 31): one station, every sponsor's booth ----
 * Each phone belongs to one sponsor's booth; what it reads is decided by
 * the leads rules for that sponsor and journaled as that sponsor's lead
 * (mode leads, target the sponsor), as a leads:SPONSOR station would.
 * Each refuses a station of another kind with one sentence. */

/* (A front-end asks station_has(st, STATION_TRAIT_BOOTHS).) */

/* station_present for the booth of `sponsor`: the cooldown is the
 * booth's own (two sponsors may scan one badge at once). */
int station_expo_present(station *st, const char *sponsor, const uint8_t *code,
                         size_t len, int64_t t_ms, bool *fresh /* out */,
                         struct station_result *out /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* station_expo_present for a phone's read that arrives `age_ms` after it
 * was read, debounced and decided by the time it was read within the
 * bounds of station_present_read (a booth's phone keeps its reads while
 * the station cannot be reached). */
int station_expo_present_read(station *st, const char *sponsor,
                              const uint8_t *code, size_t len, int64_t t_ms,
                              int64_t age_ms, const char *read_id,
                              bool *fresh /* out */,
                              struct station_result *out /* out */,
                              struct ck_error *err) CK_MUST_CHECK;

/* What the booth of `sponsor` gives its phone to decide leads by itself
 * (expo_phone_kit, with the sponsor's name); free with
 * expo_phone_kit_free. */
struct expo_phone_kit;
int station_expo_kit(station *st, const char *sponsor,
                     struct expo_phone_kit *out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The booth's leads at this station, oldest first, to `fn`. */
int station_expo_leads(station *st, const char *sponsor,
                       int (*fn)(void *ctx, const struct journal_booth_lead *l),
                       void *ctx, struct ck_error *err) CK_MUST_CHECK;

/* A booth's note, rating (0-5) and tags on one of its own leads; another
 * sponsor's is "No such lead." (journal_booth_lead_edit). */
int station_expo_edit(station *st, const char *sponsor, int64_t seq,
                      const char *note, int rating, const char *const *tags,
                      size_t ntags, struct ck_error *err) CK_MUST_CHECK;

/* The journal's code for a desk's unknown code that was exactly a
 * supervisor's PIN (supervisor_is_pin): its text is kept nowhere. */
#define STATION_PIN_CODE "(a supervisor's PIN, not kept)"

/* One presentation of a code at source time `t_ms` (a frame's decode or
 * a typed line, its line end already cut): the same code again within the
 * cooldown is the same presentation and returns CK_OK with *fresh false;
 * otherwise it is scanned (station_scan at the station clock) into `out`
 * and *fresh is true. */
int station_present(station *st, const uint8_t *code, size_t len, int64_t t_ms,
                    bool *fresh /* out */, struct station_result *out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* The most a phone's read kept while the station could not be reached
 * may be older than its arrival and still be decided by the time it was
 * read (docs/phones.md, "Decided by the time it was read"): a conference
 * day's session; an older read is decided when it arrives. */
#define STATION_READ_AGE_MAX_MS (12 * 3600 * 1000LL)
/* A read sent within this of being read was sent as it was read (the
 * page's one request at a time, the network): decided when it arrives,
 * and no read time journaled beside it. */
#define STATION_READ_LATE_MS 2000

/* station_present for a phone's read that arrives `age_ms` after it was
 * read (the phone's clock at sending less its clock at reading: its
 * offset from the station's cancels out).  Debounced at the time it was
 * read, `t_ms` (its arrival) less `age_ms`, when 0 < age_ms <=
 * STATION_READ_AGE_MAX_MS, otherwise at its arrival; decided by the rules at
 * the time it was read on the station's clock, when STATION_READ_LATE_MS <
 * age_ms <= STATION_READ_AGE_MAX_MS (out->decided_ms is then when it was
 * decided, and the journal row holds both); otherwise (not said, sent as it was
 * read, or a read after its sending: a clock that moved) as station_present, at
 * its arrival.
 *
 * `read_id` is the phone's own id of the read ("" for none): a read the
 * file holds already (decided before a restart, or by another station
 * process on the file) is not decided again: *fresh is false and, when
 * it was decided, `out` is its first answer with `again` set; one the
 * station took as the same presentation again is kept as such. */
int station_present_read(station *st, const uint8_t *code, size_t len,
                         int64_t t_ms, int64_t age_ms, const char *read_id,
                         bool *fresh /* out */,
                         struct station_result *out /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* What the file keeps of the phone's read `read_id` of `booth` ("" for
 * none), a read sent again that the web server answered from its memory
 * (docs/phones.md, "A read is decided once"): *known false when the file
 * holds none (a read not recorded, or not kept); otherwise `out` is its
 * first answer marked `again` as station_present_read gives it.  Looks
 * only: nothing is decided, recorded or debounced. */
int station_read_again(station *st, const char *booth, const char *read_id,
                       bool *known /* out */,
                       struct station_result *out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* Desk: prints queued with an asynchronous hook whose outcome has not
 * come back yet. */
size_t station_prints_pending(const station *st);

/* Source time now: milliseconds since the station opened (the time
 * keyboard input and screen events are stamped with). */
int64_t station_source_now(const station *st);

/* ---- Station profiles (config/stations/NAME.ini) -------------------- */

struct station_profile {
    char station[64]; /* "desk", "door:SLUG", "leads:SLUG" */
    char name[64];
    char camera[256];
    int width, height; /* camera request, default 1280x720 */
    char printer[256];
    char badge_template[256];
    char ticket_template[256];
    int64_t cooldown_ms;
    int64_t open_before_ms;
    int64_t close_after_ms;
    long capacity;
    bool exit;
    /* The language the station speaks ("es", "pt_BR"; "" none): the
     * command applies it unless --lang was given (issue 53, item 3). */
    char lang[16];
};

/* Read a station profile; unknown keys are refused with file and line. */
int station_profile_load(const char *path,
                         struct station_profile *out /* out */,
                         struct ck_error *err) CK_MUST_CHECK;

/* Parse "desk", "door:SLUG", "leads:SLUG" or "expo" into cfg->mode,
 * cfg->kind and cfg->target (pointing into `spec`). */
int station_parse_spec(const char *spec, struct station_config *cfg,
                       struct ck_error *err) CK_MUST_CHECK;

/* A row of the table of station kinds as the command line names it:
 * its word in --station ("door"), the name of what follows "door:"
 * ("TUTORIAL"; NULL for a kind that takes none), and whether `checkin
 * hub add-station` enrolls it.  Static texts. */
struct station_kind_name {
    const char *name;
    const char *target;
    bool hub;
};

/* The `i`th row of the table in its order into *out: true, or false past
 * the last.  The usage texts list the kinds from it (commands/), so that
 * a new row shows in them. */
bool station_kind_at(size_t i, struct station_kind_name *out /* out */);

#endif
