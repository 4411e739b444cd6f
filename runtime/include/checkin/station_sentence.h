/* The sentence a station's screens show for a decision, written from the
 * result's data (struct station_result: the reason, the mode, the
 * counters), so that the rules in station/ decide and the displays say:
 * the terminal, the JSON lines' "reason_text", the station's web page and
 * the demo's lines all show the one sentence this writes.  Every
 * reason's sentence is here (issue 33); the result carries no sentence
 * of the rules'. */
#ifndef CHECKIN_STATION_SENTENCE_H
#define CHECKIN_STATION_SENTENCE_H

#include <stdbool.h>
#include <stddef.h>

#include "checkin/clock.h"
#include "checkin/error.h"
#include "checkin/station.h"

/* The shortest `out` that holds every sentence whole (longer ones are
 * cut at it, on every screen alike). */
#define STATION_SENTENCE_CAP STATION_TEXT_CAP

/* Write the volunteer's sentence for `r` into `out` (`cap` bytes, always
 * terminated, cut short if `cap` is below STATION_SENTENCE_CAP) and
 * return `out`. */
const char *station_result_sentence(const struct station_result *r, char *out,
                                    size_t cap);

/* A time of `r`'s (UTC ms: at_ms, first_ms, opens_ms, ...) as the
 * screens write it, in the event's zone (r->tz): "09:12"
 * (station_result_hm; "??:??" when the zone cannot say), or "09:12" on
 * the day of the decision (at_ms) and "Tue 09:12" on another
 * (station_result_when; "an earlier time", translated, when the zone
 * cannot say).
 * Write into `out` and return it. */
#define STATION_HM_CAP 8
#define STATION_WHEN_CAP 48
const char *station_result_hm(const struct station_result *r, int64_t t_ms,
                              char out[STATION_HM_CAP]);
const char *station_result_when(const struct station_result *r, int64_t t_ms,
                                char out[STATION_WHEN_CAP]);

/* The verdict's word in the station's language ("ADMIT", "DENY",
 * "WARNING", "LEFT" for someone let out of a door): the terminal's block
 * letters, the repeat sentence.  The JSON lines' "decision" stays the
 * code ("admit"). */
const char *station_verdict_word(const struct station_result *r);

/* The screens' line for a phone's read sent again (r->again): "A phone
 * sent again its read of Grace Hopper, ADMIT at 09:02; nothing new was
 * recorded." (no name where the station shows none), or for one taken
 * as the same presentation again (r->same_again) "A phone sent again its
 * read, the same presentation again at 09:02; nothing new was
 * recorded.", said beside the verdict on the screen, which stays. */
const char *station_repeat_sentence(const struct station_result *r, char *out,
                                    size_t cap);

/* The sentence under the verdict about the others of the person's order
 * (issue 30.5): the offer after a check-in ("3 more in order ABC12: ...
 * Enter checks them in too."), or after a group's confirm its verdict
 * and how many are left for a second confirm; "" when there is none.
 * The JSON lines' and the web page's "group_text". */
const char *station_group_sentence(const struct station_result *r, char *out,
                                   size_t cap);

/* The desk's line of a person's earlier admissions ("checked in 09:12
 * at desk-1; door pandas-intro 10:02 at door-1"), "" for none: the
 * terminal's "Earlier: ", the JSON lines' "earlier" and the web page's
 * "history".  Cut short, as a sentence is, when `cap` is below
 * STATION_SENTENCE_CAP.  In the station's language, the days from the
 * catalogue; station_result_history_en says it in English with English
 * days whatever the language, for the JSON lines' "earlier" (a script
 * reads it; "earlier_at" holds its times as data). */
const char *station_result_history(const struct station_result *r, char *out,
                                   size_t cap);
const char *station_result_history_en(const struct station_result *r, char *out,
                                      size_t cap);

/* A tutorial's slot as a screen shows it: the slot, or "(time unknown)"
 * in the language spoken for the empty one the station gives when the
 * event's zone cannot be read. */
const char *station_slot_shown(const char *slot);

/* What the desk says after a tutorial of the person's booked at the
 * same time as another of theirs ("at the same time as another: ask
 * which one they attend"), "" for one that is not: the terminal's and
 * the web page's tutorial lines (the JSON lines say "clash":true). */
const char *station_tutorial_clash(const struct station_tutorial *t);

/* A counter's stock after a redemption, undo or swap ("M: 12 left",
 * "M: 12 left, about 40 minutes at this rate", "L: 9 left; M: 10
 * left"), "" for none: the terminal's line, the JSON lines' and the web
 * page's "stock_left".  At most STATION_STOCK_CAP bytes, as `out`. */
const char *station_result_stock(const struct station_result *r, char *out,
                                 size_t cap);

/* What a counter hands over ("T-shirt: M", "Lunch"), "" for nothing:
 * the terminal's "HAND OVER: ", the JSON lines' and the web page's
 * "hand", and the sentence's "Hand over ...".  At most
 * STATION_HAND_CAP bytes, as `out`. */
const char *station_result_hand(const struct station_result *r, char *out,
                                size_t cap);

/* The desk's label-stock forecast ("About 40 labels left, reload in ~15
 * minutes.", "Out of labels: load a new roll now."), "" when the roll
 * is not known: a print's outcome on every screen (`r->labels`), the
 * printer's line the hub shows, and a new roll's answer.  At most
 * STATION_STOCK_CAP bytes, as `out`. */
const char *station_labels_sentence(const struct label_forecast *f, char *out,
                                    size_t cap);

/* station_labels_sentence's sentence as an error of the catalogue in `e`
 * (said with ck_error_text, kept with ck_error_keep: the hub's
 * printer_kept), for the forecasts said in one sentence; false, `e`
 * cleared, for the others (the minutes' and an unknown roll's). */
bool station_labels_error(const struct label_forecast *f,
                          struct ck_error *e /* out */);

/* The warning a station says once at start when its clock is off the
 * event's days or its door's tutorial's (clock_check's finding): what
 * the clock says, when the event or tutorial is, and what to do; ""
 * when the clock is on time.  `from_option`: the time was given with
 * --clock rather than read from this computer's clock. */
const char *station_clock_sentence(const struct clock_finding *f,
                                   bool from_option, char *out, size_t cap);

#endif
