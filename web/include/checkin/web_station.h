/* The station's own screen as a web page, served by the station process
 * (`checkin scan --web ADDR:PORT`) with libmicrohttpd: the page files are
 * built into the binary; what the station decides reaches every open page
 * as Server-Sent Events at /events, and what a volunteer does on the page
 * (a code, a search, the person chosen, the door's direction, a lead's
 * note, a reprint, a supervisor's override) comes back as POST /api/input
 * for the station loop to
 * take with web_station_input.  This server decides nothing and opens no
 * file: the station loop publishes its results as JSON.
 *
 * Replay: every decision, print outcome and message carries an event id
 * and is kept (the last WEB_STATION_KEEP); a page that reconnects sends
 * Last-Event-ID and gets every one it missed, and a page opened later
 * gets the latest decision at once.  State (the header, the hub link, the
 * search results) is sent whole on every connection.
 *
 * Phones: /scan/ is a page that reads codes with the device's camera
 * (decoded in the browser, scanner/wasm/) and sends each to POST /api/scan;
 * the code goes to the station loop as a typed code would, and the answer
 * is what the station decided of it, for that phone alone
 * (web_station_answer), or that it was the same presentation again.  A
 * code may carry the read's own id ("read_id") and time ("read_at_ms",
 * with the phone's clock as it sends it, "sent_at_ms"):
 * a phone keeps the codes it reads while the station cannot be reached
 * and sends them later, and one sent again because its answer was lost
 * is answered with the answer its id got, not decided twice (the last
 * WEB_STATION_READS ids are remembered for the station's run).
 *
 * Security: bound where told (127.0.0.1 unless the volunteer says
 * otherwise), with limits on connections and event streams per client and
 * in all, and deadlines for a request to arrive (docs/web.md).  On a
 * loopback address a request must name that address in its Host header;
 * on any other address every request needs the station's random token,
 * which the printed link carries once and the page keeps in a cookie of
 * this site only (HttpOnly, SameSite=Strict).  Every request that changes
 * anything needs the token, a JSON body, and no Origin but the station's
 * own (the address the request came in on), so another site cannot post
 * to it.  Every answer forbids inline script and framing; strings reach
 * the page only as JSON and are shown as text.
 *
 * TLS: given a certificate, every page is served over HTTPS (phones'
 * cameras need it beyond the machine itself), and the certificate's DNS
 * names are the station's own as its addresses are. */
#ifndef CHECKIN_WEB_STATION_H
#define CHECKIN_WEB_STATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

typedef struct web_station web_station;

#define WEB_STATION_KEEP 256

/* Phones' read ids remembered, and the bounds of one (docs/phones.md). */
#define WEB_STATION_READS 8192
#define WEB_READ_ID_MIN 8
#define WEB_READ_ID_MAX 64

enum web_input_kind {
    WEB_INPUT_CODE,      /* text: a code scanned or typed into the page */
    WEB_INPUT_SEARCH,    /* text: a search */
    WEB_INPUT_PICK,      /* number: index in results `gen` */
    WEB_INPUT_DIRECTION, /* number: 1 people entering, 0 leaving */
    WEB_INPUT_NOTE,      /* id: the lead; text: note; number: rating 0-5 */
    WEB_INPUT_REPRINT,   /* id: the attendee; text: the reason */
    WEB_INPUT_OVERRIDE,  /* id: the attendee refused; text: the supervisor's
                            reason (never from the kiosk) */
    WEB_INPUT_UNDO,      /* id: the attendee whose check-in to undo; text:
                            the supervisor's words (never from the kiosk) */
    WEB_INPUT_GROUP,     /* id: the attendee just checked in: check in the
                            others of their order (issue 30.5; never from
                            the kiosk) */
    WEB_INPUT_REGISTER,  /* form: a walk-in's form (issue 30; never from
                            the kiosk) */
    WEB_INPUT_EDIT,      /* id: the attendee; form: the fields to correct
                            (issue 30; never from the kiosk) */
    WEB_INPUT_SWAP,      /* text: the variation to hand instead at a
                            counter (issue 29.4; never from the kiosk) */
    WEB_INPUT_ROLL,      /* number: the labels on a roll just loaded, 0: as
                            many as the last (a desk with a printer, issue
                            30; never from the kiosk) */
    WEB_INPUT_WALKIN,    /* the walk-in's form opening: answered (ticket)
                            with its ticket types and tutorials as they are
                            now (issue 30; never from the kiosk) */
    WEB_INPUT_ANSWER,    /* id: the attendee whose check-in waits for
                            pretix's questions; form: "answers", an object
                            of question identifier to answer (issue 49) */
    WEB_INPUT_BOARD,     /* the open spaces' board as it is now: answered
                            (ticket) with its rooms, slots and sessions
                            (issue 56; never from the kiosk) */
    WEB_INPUT_CLAIM,     /* form: "room", "slot" and "title" of a claim at
                            the board by the host last scanned there:
                            answered (ticket) with what was done (issue 56;
                            never from the kiosk) */
    WEB_INPUT_WIN,       /* form: "lot", "paddle" and "amount" of a lot's
                            win typed at the auction's pay desk: answered
                            (ticket) with what was done (issue 56; never
                            from the kiosk) */
    WEB_INPUT_REPEAT,    /* read_id (booth): a phone's read sent again and
                            answered from the server's memory, for the
                            screens to say so; no ticket, nothing to
                            decide (docs/phones.md) */
};

/* The most bytes of a form as the station takes it (its JSON object). */
#define WEB_STATION_FORM_CAP 4096

/* What a sponsor's booth asks (web/booth.c; docs/phones.md "Sponsors on
 * their own phones"), for the sponsor its token belongs to. */
enum web_booth_ask {
    WEB_BOOTH_NONE,  /* not a booth's */
    WEB_BOOTH_SCAN,  /* text: a code its phone read */
    WEB_BOOTH_LEADS, /* its leads, as {"leads": [...]} */
    WEB_BOOTH_EDIT,  /* id: its lead; text: note; number: rating 0-5;
                        tags */
    WEB_BOOTH_CSV,   /* its leads as CSV, as {"csv": "..."} */
    WEB_BOOTH_KEYS,  /* what its phone decides by itself with: the
                      * event's public keys and revoked badges' hashes */
    /* A sprint project lead's link (docs/sprints.md), in.booth the
     * project's slug: */
    WEB_SPRINT_PAGE, /* who came, per day, as {"html": "..."} */
    WEB_SPRINT_CSV,  /* the same as the lead's CSV, as {"csv": "..."} */
    /* A link that matched no project: read the leads' links again and
     * serve them with web_station_set_booths (one printed or revoked
     * since); answered {}. */
    WEB_SPRINT_LINKS,
};

#define WEB_BOOTH_TAGS 8
#define WEB_BOOTH_TAG_CAP 132 /* 32 characters of up to 4 bytes, and NUL */

struct web_station_input {
    enum web_input_kind kind;
    char text[512];
    long number;
    long gen;
    int64_t id;
    /* override, reprint, undo: a supervisor's PIN as typed ("pin"); the
     * taker wipes it once copied */
    char pin[128];
    /* A code from a phone's /scan page waiting for its answer (0: none):
     * give it to web_station_answer once the code is decided or not. */
    uint64_t ticket;
    /* A phone's code: when the phone read it, by the phone's clock (ms
     * since 1970; 0: not said), and how long before the phone sent it
     * ("sent_at_ms" less "read_at_ms", both on the phone's clock, so its
     * offset from the station's cancels; 0: not said).  A code kept on a
     * phone while the station could not be reached arrives late; the
     * station decides it by the time it was read, within a bound
     * (station_present_read, docs/phones.md). */
    int64_t read_at_ms;
    int64_t read_age_ms;
    /* A phone's code: the read's own id ("read_id", "" for none), which
     * the station keeps in its file with the decision, so that the read
     * is decided once across restarts (docs/phones.md). */
    char read_id[WEB_READ_ID_MAX + 1];
    /* A booth's request (always with a ticket): what it asks, and the
     * sponsor its token belongs to, never taken from the request. */
    enum web_booth_ask booth_ask;
    char booth[64];
    char tags[WEB_BOOTH_TAGS][WEB_BOOTH_TAG_CAP];
    size_t ntags;
    /* register, edit, claim, win: the object posted, without its "kind"
     * and "pin" */
    char form[WEB_STATION_FORM_CAP];
};

/* One sponsor's booth: its slug and token (expo.h); `closed`: the
 * organizer took it off at the hub, and its link and cookie are answered
 * with that sentence only. */
struct web_booth {
    char slug[64];
    char token[65];
    bool closed;
    bool project; /* a sprint project lead's link (sprint.h), not a
                     sponsor's: it opens the project's list only */
};

/* Serve on `where`, "ADDR:PORT" (port 0 picks a free one).  `kiosk`: the
 * attendee-facing self check-in page instead of the volunteer's: it takes
 * only codes, and a page never gets an event published before it
 * connected (no replay), so nobody sees the person before them. */
int web_station_start(const char *where, bool kiosk,
                      web_station **out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* The same, over HTTPS with the certificate chain and key in these PEM
 * files (both NULL: plain HTTP); each mistake in them is refused with its
 * sentence (a key file others may read too) before anything is served. */
int web_station_start_tls(const char *where, bool kiosk, const char *tls_cert,
                          const char *tls_key, web_station **out /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* The same with `token` (16 to 64 characters, the station's file keeps
 * it: phone_token.h) instead of a random one made for this run, so that
 * the links and the phones' cookies of an earlier run still open it;
 * NULL: a random one. */
int web_station_start_kept(const char *where, bool kiosk, const char *tls_cert,
                           const char *tls_key, const char *token,
                           web_station **out /* out */,
                           struct ck_error *err) CK_MUST_CHECK;

/* Read the --tls-cert and --tls-key files again (a renewed certificate)
 * and serve the new pair to every connection made from now on; one
 * already open keeps its own.  A missing file, a key that is not the
 * certificate's, an expired certificate (each mistake web_station_start_tls
 * refuses) leaves the old pair serving and gets its sentence in `err`;
 * loaded, `said` (of `cap` bytes) says so in one sentence.  Any thread. */
int web_station_reload_tls(web_station *ws, char *said, size_t cap,
                           struct ck_error *err) CK_MUST_CHECK;

/* The link to open, with the token (owned by the server).  On 0.0.0.0 or
 * [::], one for each address of the machine's network interfaces, joined
 * by " or ". */
const char *web_station_url(const web_station *ws);

/* The link phones open to scan for this station (/scan/, with the
 * token; owned by the server), joined by " or " as web_station_url. */
const char *web_station_scan_url(const web_station *ws);

/* A sentence to say once at start ("" for none): phones' cameras need
 * HTTPS when /scan is served in plain HTTP beyond this machine. */
const char *web_station_warning(const web_station *ws);

/* Send `json` (one JSON object, no newline) to every open page as event
 * `event`.  `keep`: a decision, a print outcome or a message, given an id
 * and kept for replay; otherwise state, of which the latest of each
 * `event` name is sent to every page that connects. */
void web_station_publish(web_station *ws, const char *event, const char *json,
                         bool keep);

/* Write a count to `fd` (an eventfd, e.g. the station loop's wake-up;
 * -1: none) with each input a page sends, so that a loop sleeping on it
 * takes the input with web_station_input at once, without waiting. */
void web_station_wake(web_station *ws, int fd);

/* The next thing a page asked for, waiting up to `timeout_ms`; false if
 * none. */
bool web_station_input(web_station *ws, int timeout_ms,
                       struct web_station_input *out /* out */);

/* Answer the phone waiting on input `ticket` with `json` (one JSON
 * object: what the station decided, or why nothing was).  A phone waits
 * a few seconds at most; an answer nobody waits for any more is
 * dropped. */
void web_station_answer(web_station *ws, uint64_t ticket, const char *json);

/* The expo hall's booths (copied; replaces any given before).  A request
 * whose link or checkin_booth cookie carries one of these tokens (compared
 * in constant time with each) is that sponsor's booth: it reaches /booth/
 * and /api/booth/ for its own sponsor only, and nothing else of the
 * station; the station's own token does not open /booth/.  Call before
 * printing the booths' links. */
int web_station_set_booths(web_station *ws, const struct web_booth *b, size_t n,
                           struct ck_error *err) CK_MUST_CHECK;

/* Where a booth's CSV with its sponsor's consented contact details comes
 * from (the expo station enrolled at a hub: runtime/ asks the hub): write
 * sponsor `sponsor`'s file to `out`, what the page says of it in `said`
 * (one sentence: how many leads are listed and how many counted only),
 * and return CK_OK; or return an error with its sentence in `err` (the
 * hub not reached in time, or older): the booth then gets the station's
 * own CSV and a sentence why it has no contact details.  Called on the
 * asking phone's own connection thread, never the station loop's, so the
 * loop and the other phones go on (it bounds its own time); it must be
 * thread-safe. */
typedef int (*web_booth_csv_fn)(void *ctx, const char *sponsor, FILE *out,
                                char *said, size_t said_cap,
                                struct ck_error *err);

/* A sprint station's leads' links (issue 56 item 2): a link or cookie
 * that matches none of the booths set asks the station loop to read
 * them again (WEB_SPRINT_LINKS) before it is refused, and each lead's
 * page or CSV carries the token it was opened with ("text"), for the
 * loop to check that it is still the project's; so a link printed or
 * revoked while the station runs counts at once.  Call before the
 * screen's link is said. */
void web_station_set_lead_links(web_station *ws, bool on);

/* Serve booths' CSVs through `fn` (NULL: the station's own CSV only, as
 * without a hub).  Call before the booths' links are printed. */
void web_station_set_booth_csv(web_station *ws, web_booth_csv_fn fn, void *ctx);

/* The station's repeat cooldown (`--cooldown`), told to phones in the
 * header WEB_COOLDOWN_HEADER of the /scan pages and of every answer to a
 * code, so that a page keeping codes while the station cannot be reached
 * takes a code read again within it as one read, as the station would
 * (docs/phones.md).  Until told, phones assume STATION_COOLDOWN_MS. */
#define WEB_COOLDOWN_HEADER "Checkin-Cooldown-Ms"
void web_station_set_cooldown(web_station *ws, int64_t ms);

/* The event ends `left_ms` from now by the station's clock
 * (clock_event_end_ms): the token's cookie a link sets from now on lasts
 * until then, so a phone whose browser was closed opens /scan again
 * without its link; 0 or less (the event is over), a cookie that ends
 * with the browser, as before it was told.  Any thread. */
void web_station_set_cookie_end(web_station *ws, int64_t left_ms);

/* Stop serving (open event streams end); accepts NULL. */
void web_station_stop(web_station *ws);

#endif
