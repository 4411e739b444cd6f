/* The station loop of a terminal or camera station: frames decoded
 * (decode.h), typed codes and screen events fed to the station's rules
 * (station.h), each decision shown on a display (display.h) before the
 * printing it owes.  The rules themselves live in station/ and know
 * nothing of this. */
#ifndef CHECKIN_STATION_LOOP_H
#define CHECKIN_STATION_LOOP_H

#include <stdbool.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/frame.h"
#include "checkin/station.h"

typedef struct display display;
typedef struct source source;
typedef struct station_loop station_loop;

/* A loop for `st` (which must outlive it), with its own QR decoder. */
int station_loop_new(station *st, station_loop **out /* out */,
                     struct ck_error *err) CK_MUST_CHECK;
void station_loop_free(station_loop *lp);

/* Where a station that syncs learns whether it is in step: `get` fills
 * *out and returns true once there is something to say.  station_run asks
 * every turn (it must be cheap) and shows it on the display when it
 * changed; an idle loop turns only when woken, so whatever changes what
 * `get` says writes station_loop_wake_fd (sync_worker_notify). */
struct display_link;
typedef bool (*station_link_fn)(void *ctx, struct display_link *out);
void station_loop_watch_link(station_loop *lp, station_link_fn get, void *ctx);

/* Where a desk with a printer is told a new roll was loaded (issue 30):
 * `fn` starts the label-stock forecast over with `labels` on the roll (0:
 * as many as the last) and says the new forecast into `said`, or fails
 * with one sentence.  Without it, a desk says it has no printer. */
typedef int (*station_roll_fn)(void *ctx, long labels, char *said, size_t cap,
                               struct ck_error *err);
void station_loop_on_roll(station_loop *lp, station_roll_fn fn, void *ctx);

/* The loop's wake-up: an eventfd that the threads feeding it (the sync
 * worker, the desk's print worker, the web server) write a count to when
 * they have something for it.  An idle loop sleeps in one poll(2) on this
 * fd, its source's and its screens'; it does not turn on a timer. */
int station_loop_wake_fd(const station_loop *lp);

/* Say `text` on the loop's display at its next turn, as a message; from
 * any thread (the certificate's reload on SIGHUP: the full-screen
 * display covers standard error).  At most STATION_LOOP_SAID sentences
 * of up to STATION_LOOP_SAID_CAP bytes wait; a newer one pushes out the
 * oldest. */
#define STATION_LOOP_SAID 4
#define STATION_LOOP_SAID_CAP 1400
void station_loop_say(station_loop *lp, const char *text);

/* Desk with an asynchronous print hook: show on `d` (may be NULL) the
 * outcome of each print that finished, waiting up to `wait_ms` for the
 * first; returns how many.  station_run calls it between inputs, and at
 * the end waits for every print still queued. */
int station_poll_prints(station_loop *lp, display *d, int wait_ms);

/* The camera path: decode `frame` (source time `t_ms`), debounce, and
 * scan and show each newly presented code on `d` (may be NULL).  *decided
 * (may be NULL) is how many decisions were made. */
int station_feed_frame(station_loop *lp, const struct gray_frame *frame,
                       int64_t t_ms, display *d, int *decided /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* How the camera path kept up with its source. */
struct station_frame_stats {
    unsigned long decoded; /* frames decoded (station_feed_frame) */
    unsigned long dropped; /* frames skipped by station_run: a newer one
                              was already waiting */
    unsigned long fallbacks_skipped; /* decoder passes left for a later
                                        frame to keep to the budget */
    int64_t longest_ns; /* the longest frame: decode, decide and show */
};
void station_loop_frame_stats(const station_loop *lp,
                              struct station_frame_stats *out /* out */);

/* The keyboard path: one typed code, debounced like a frame's. */
int station_feed_code(station_loop *lp, const uint8_t *code, size_t len,
                      int64_t t_ms, display *d, int *decided /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* Run until the source ends (or, with `linger`, until the display asks to
 * quit): frames and codes from `src` (NULL: codes typed at the display),
 * keys from the display.  A live source that got ahead (a newer frame
 * already waiting when one arrives) is read up to its newest frame and
 * only that one decoded: the station drops frames rather than falling
 * behind the camera, and counts them (station_loop_frame_stats).
 * Returns an error only when the source or the store fails for good. */
int station_run(station_loop *lp, source *src, display *d, bool linger,
                struct ck_error *err) CK_MUST_CHECK;

#endif
